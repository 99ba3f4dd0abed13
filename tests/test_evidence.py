"""Supervision evidence (question "evidence"): CQ16 附件1 and 附件2.

Every boundary is computed from the rule registry; the passing input for each stage is
built from the rows in the data, so a new row is picked up without editing this file.
"""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.api import questions, run
from calc.evidence import MEASURED, STAGE_RULES, Part, Stage, rows
from calc.examples import cases, check
from calc.rules import rule

T0 = datetime(2026, 3, 1, 9, 0)
AS_OF = {"as_of": "2026-03-01"}


def minutes(rule_id: str, name: str) -> timedelta:
    return timedelta(minutes=int(rule(rule_id).decimal(name)))


def segments(rule_id: str, short: timedelta = timedelta(0)) -> list[dict[str, str]]:
    """前、中、后 segments each exactly the minimum long, the first ``short`` shorter."""
    least = minutes(rule_id, "min_segment_minutes")
    out = []
    for i, part in enumerate(Part):
        start = T0 + timedelta(hours=i)
        end = start + least - (short if i == 0 else timedelta(0))
        out.append({"part": part.value, "start": start.isoformat(), "end": end.isoformat()})
    return out


def screenshots(gap: timedelta, count: int | None = None) -> list[str]:
    n = count if count is not None else int(rule("CQ16-EVID-LIVE").decimal("screenshots"))
    return [(T0 + gap * i).isoformat() for i in range(n)]


def passing(stage: Stage) -> dict[str, object]:
    """An input that meets every ✓ row of the institution for ``stage``."""
    r = rule(STAGE_RULES[stage])
    values: dict[str, object] = {
        "photos": int(r.decimal("photos")) if "photos" in r.values else None,
        "video_segments": segments(r.id) if "min_segment_minutes" in r.values else None,
        "screenshots": screenshots(minutes(r.id, "min_gap_minutes"))
        if "min_gap_minutes" in r.values
        else None,
    }
    out: dict[str, object] = {"stage": stage.value}
    for item in r.items:
        if getattr(item, "actor", "") != "county" and getattr(item, "required", False):
            out[item.id] = values[item.id] if item.id in MEASURED else True
    return out


def ask(inp: dict[str, object], **readings: str) -> dict:
    return run("evidence", {"input": inp, "context": {**AS_OF, "readings": readings}})


def row(out: dict, name: str) -> dict:
    return next(c for c in out["checks"] if c["name"] == name)


@pytest.mark.parametrize("stage", list(Stage))
def test_passing_input_passes_and_every_row_is_reported(stage):
    out = ask(passing(stage))
    assert out["status"] == "pass", out["summary"]
    ids = [item.id for item in rule(STAGE_RULES[stage]).items]
    assert [c["name"] for c in out["checks"]] == ids
    assert [r["id"] for r in out["data"]["rows"]] == ids


def test_every_row_of_the_data_is_a_field_shown_for_its_stages():
    schema = questions()["evidence"].model.model_json_schema()["properties"]
    for name, uses in rows().items():
        assert schema[name]["x-stages"] == [stage.value for stage, _ in uses]


@pytest.mark.parametrize("rule_id", ["CQ16-EVID-OFFLINE", "CQ16-EVID-ASSESS"])
def test_photos_boundary(rule_id):
    stage = next(s for s, r in STAGE_RULES.items() if r == rule_id)
    need = int(rule(rule_id).decimal("photos"))
    assert row(ask({**passing(stage), "photos": need}), "photos")["status"] == "pass"
    low = row(ask({**passing(stage), "photos": need - 1}), "photos")
    assert low["status"] == "fail"
    assert low["fix"] == "再补拍 1 张现场照片"


@pytest.mark.parametrize("rule_id", ["CQ16-EVID-OFFLINE", "CQ16-EVID-ASSESS"])
def test_segment_exactly_the_minimum_passes_one_second_less_fails(rule_id):
    stage = next(s for s, r in STAGE_RULES.items() if r == rule_id)
    exact = ask({**passing(stage), "video_segments": segments(rule_id)})
    assert row(exact, "video_segments")["status"] == "pass"
    short = ask({**passing(stage), "video_segments": segments(rule_id, timedelta(seconds=1))})
    check_ = row(short, "video_segments")
    assert check_["status"] == "fail"
    assert "“前”段录像" in check_["message"]
    assert "59秒" in check_["message"]


def test_missing_segment_is_named():
    inp = passing(Stage.OFFLINE)
    inp["video_segments"] = [s for s in segments("CQ16-EVID-OFFLINE") if s["part"] != "middle"]
    check_ = row(ask(inp), "video_segments")
    assert check_["status"] == "fail"
    assert "缺少“中”段录像" in check_["message"]


def test_screenshots_exactly_the_gap_pass_a_second_or_a_minute_less_fail():
    gap = minutes("CQ16-EVID-LIVE", "min_gap_minutes")
    base = passing(Stage.LIVE)
    assert row(ask({**base, "screenshots": screenshots(gap)}), "screenshots")["status"] == "pass"
    for less in (timedelta(seconds=1), timedelta(minutes=1)):
        out = ask({**base, "screenshots": screenshots(gap - less)})
        assert row(out, "screenshots")["status"] == "fail"
        assert "第1、2张截图间隔" in row(out, "screenshots")["message"]


def test_screenshots_are_sorted_and_the_close_pair_named():
    gap = minutes("CQ16-EVID-LIVE", "min_gap_minutes")
    times = [T0 + gap + timedelta(minutes=8), T0, T0 + gap]
    out = ask({**passing(Stage.LIVE), "screenshots": [t.isoformat() for t in times]})
    check_ = row(out, "screenshots")
    assert check_["status"] == "fail"
    assert f"第2、3张截图间隔 8分钟，需至少 {gap.seconds // 60} 分钟" in check_["message"]
    assert check_["fix"].startswith("再截图 1 张")


def test_too_few_screenshots_fail():
    gap = minutes("CQ16-EVID-LIVE", "min_gap_minutes")
    need = int(rule("CQ16-EVID-LIVE").decimal("screenshots"))
    out = ask({**passing(Stage.LIVE), "screenshots": screenshots(gap, need - 1)})
    assert row(out, "screenshots")["status"] == "fail"
    assert f"少于 {need} 张" in row(out, "screenshots")["message"]


@pytest.mark.parametrize("stage", list(Stage))
def test_each_yes_no_row_fails_when_not_done(stage):
    for item in rule(STAGE_RULES[stage]).items:
        required = getattr(item, "required", False) and getattr(item, "actor", "") != "county"
        if required and item.id not in MEASURED:
            out = ask({**passing(stage), item.id: False})
            assert row(out, item.id)["status"] == "fail"
            assert out["status"] == "fail"


@pytest.mark.parametrize("stage", list(Stage))
def test_county_rows_are_the_county_duty_and_never_fail(stage):
    inp = passing(stage)
    county = [i for i in rule(STAGE_RULES[stage]).items if getattr(i, "actor", "") == "county"]
    for item in county:
        inp[item.id] = False
    out = ask(inp)
    assert out["status"] == "pass"
    for item in county:
        assert row(out, item.id)["status"] in ("advisory", "not_applicable")
    for item in county:
        if row(out, item.id)["status"] == "advisory":
            assert "需由区县公共就业创业服务机构实施" in row(out, item.id)["message"]


def test_offline_spot_check_falls_away_with_remote_monitoring():
    with_monitoring = ask({**passing(Stage.OFFLINE), "remote_monitoring": True})
    assert row(with_monitoring, "spot_check")["status"] == "not_applicable"
    without = ask({**passing(Stage.OFFLINE), "remote_monitoring": False})
    assert row(without, "spot_check")["status"] == "advisory"


def test_optional_rows_are_advisory():
    out = ask({**passing(Stage.RECORDED), "face_recognition": False, "pause_off_page": False})
    assert out["status"] == "pass"
    assert row(out, "face_recognition")["status"] == "advisory"


def test_pause_meaning_changes_only_the_wording():
    inp = {**passing(Stage.RECORDED), "pause_off_page": False}
    leave, first = ask(inp), ask(inp, pause_meaning="first_page")
    assert leave["status"] == first["status"] == "pass"
    assert row(leave, "pause_off_page")["message"] != row(first, "pause_off_page")["message"]
    assert {"key": "pause_meaning", "choice": "first_page"}.items() <= first["readings"][0].items()


def keeps() -> list[str]:
    return [i.id for i in rule("CQ16-EVID-ASSESS").items if getattr(i, "unified_keeps", False)]


def test_unified_appraisal_needs_only_the_rows_it_keeps():
    inp = {"stage": "assessment", "unified_appraisal": True, **dict.fromkeys(keeps(), True)}
    out = ask(inp)
    assert out["status"] == "pass"
    assert out["readings"][0]["key"] == "unified_assessment"
    for item in rule("CQ16-EVID-ASSESS").items:
        required = getattr(item, "required", False) and getattr(item, "actor", "") != "county"
        if required and item.id not in keeps():
            assert row(out, item.id)["status"] == "not_applicable"
    failing = ask({**inp, keeps()[0]: False})
    assert failing["status"] == "fail"


def test_unified_appraisal_off_needs_every_row():
    inp = {"stage": "assessment", "unified_appraisal": False, **dict.fromkeys(keeps(), True)}
    out = ask(inp)
    assert "error" in out
    assert "考核评价必须填写" in out["message"]


def test_unified_reading_annex3_still_keeps_the_rest():
    inp = {"stage": "assessment", "unified_appraisal": True, **dict.fromkeys(keeps(), True)}
    assert "error" in ask(inp, unified_assessment="annex3_still")
    full = {**passing(Stage.ASSESSMENT), "unified_appraisal": True}
    need = int(rule("CQ16-EVID-ASSESS").decimal("photos"))
    assert ask(full, unified_assessment="annex3_still")["status"] == "pass"
    low = ask({**full, "photos": need - 1}, unified_assessment="annex3_still")
    assert low["status"] == "fail"
    assert ask({**full, "photos": need - 1})["status"] == "pass"


def test_facts_of_another_stage_are_ignored_with_a_note():
    out = ask({**passing(Stage.RECORDED), "photos": 1, "unified_appraisal": True})
    assert out["status"] == "pass"
    assert out["data"]["ignored"] == ["清晰现场照片张数", "纳入职业技能统一鉴定"]
    assert row(out, "ignored")["status"] == "not_applicable"


def test_missing_required_fact_names_the_field():
    out = ask({"stage": "live", "check_in": True})
    assert out["error"] == "输入有误"
    assert out["problems"] == [{"where": "直播截图时间", "what": "线上直播课程培训必须填写"}]


def test_segment_ending_before_it_starts_names_the_row():
    bad = segments("CQ16-EVID-OFFLINE")
    bad[1]["end"] = bad[1]["start"]
    out = ask({**passing(Stage.OFFLINE), "video_segments": bad})
    assert out["problems"][0]["where"] == "分段录像 第2行"
    assert "结束时间" in out["problems"][0]["what"]


@pytest.mark.parametrize(
    "field,value,where",
    [
        ("photos", -1, "清晰现场照片张数"),
        ("stage", "online", "环节与方式"),
        ("sign_in", "maybe", "学员签到册"),
        ("screenshots", ["2026-03-01T09:00:00", "2026-03-01T09:20:00+08:00"], "监管材料"),
    ],
)
def test_bad_input_is_explained(field, value, where):
    out = ask({**passing(Stage.OFFLINE), field: value})
    assert out["error"] == "输入有误"
    assert out["problems"][0]["where"] == where
    assert out["problems"][0]["what"]


@settings(max_examples=60, deadline=None)
@given(
    photos=st.integers(min_value=0, max_value=8),
    offsets=st.lists(st.integers(min_value=0, max_value=120), max_size=6),
    extra=st.integers(min_value=0, max_value=120),
)
def test_adding_a_photo_or_screenshot_never_spoils_a_passing_check(photos, offsets, extra):
    before = ask({**passing(Stage.OFFLINE), "photos": photos})
    after = ask({**passing(Stage.OFFLINE), "photos": photos + 1})
    if row(before, "photos")["status"] == "pass":
        assert row(after, "photos")["status"] == "pass"
    times = [(T0 + timedelta(minutes=m)).isoformat() for m in offsets]
    more = [*times, (T0 + timedelta(minutes=extra)).isoformat()]
    before = ask({**passing(Stage.LIVE), "screenshots": times})
    after = ask({**passing(Stage.LIVE), "screenshots": more})
    if row(before, "screenshots")["status"] == "pass":
        assert row(after, "screenshots")["status"] == "pass"


@settings(max_examples=40, deadline=None)
@given(lengths=st.lists(st.integers(min_value=1, max_value=600), min_size=1, max_size=6))
def test_screenshot_verdict_ignores_the_order_given(lengths):
    times = [
        (T0 + timedelta(seconds=sum(lengths[: i + 1]))).isoformat() for i in range(len(lengths))
    ]
    a = ask({**passing(Stage.LIVE), "screenshots": times})
    b = ask({**passing(Stage.LIVE), "screenshots": list(reversed(times))})
    assert row(a, "screenshots")["status"] == row(b, "screenshots")["status"]
    gap = rule("CQ16-EVID-LIVE").decimal("min_gap_minutes") * 60
    need = int(rule("CQ16-EVID-LIVE").decimal("screenshots"))
    if len(times) == need:
        gaps = [Decimal(s) for s in lengths[1:]]
        expected = all(g >= gap for g in gaps)
        assert (row(a, "screenshots")["status"] == "pass") is expected


def test_same_input_same_output():
    inp = passing(Stage.LIVE)
    assert ask(inp) == ask(inp)


def test_example_cases():
    mine = [c for c in cases() if c.file == "evidence.toml"]
    assert len(mine) >= 15
    assert [p for c in mine for p in check(c)] == []
