"""The question “监管材料检查” (calc/questions/evidence.py): the form built from the rows of
附件1、附件2, the input it refuses, the facts of another stage and the worked cases.

The rows themselves are tested with their check functions in tests/cq16/test_evidence.py.
The passing input for each stage is built from the rows in the data, so a new row is
picked up without editing this file.
"""

from datetime import datetime, timedelta

import pytest

from calc.api import run
from calc.cq16.evidence import MEASURED, Part
from calc.examples import cases, check
from calc.questions.evidence import STAGE_CHECKS, EvidenceInput, Stage, rows

T0 = datetime(2026, 3, 1, 9, 0)
AS_OF = {"as_of": "2026-03-01"}


def segments(short: timedelta = timedelta(0)) -> list[dict[str, str]]:
    """前、中、后 segments each exactly 5 minutes long, the first ``short`` shorter."""
    out = []
    for i, part in enumerate(Part):
        start = T0 + timedelta(hours=i)
        end = start + timedelta(minutes=5) - (short if i == 0 else timedelta(0))
        out.append({"part": part.value, "start": start.isoformat(), "end": end.isoformat()})
    return out


def screenshots(gap: timedelta = timedelta(minutes=10), count: int = 3) -> list[str]:
    return [(T0 + gap * i).isoformat() for i in range(count)]


def passing(stage: Stage) -> dict[str, object]:
    """An input that meets every ✓ row of the institution for ``stage``."""
    values: dict[str, object] = {
        "photos": 3,
        "video_segments": segments(),
        "screenshots": screenshots(),
    }
    out: dict[str, object] = {"stage": stage.value}
    for item in STAGE_CHECKS[stage].rule.items:
        if getattr(item, "actor", "") != "county" and getattr(item, "required", False):
            out[item.id] = values[item.id] if item.id in MEASURED else True
    return out


def ask(inp: dict[str, object], **readings: str) -> dict:
    return run("evidence", {"input": inp, "context": {**AS_OF, "readings": readings}})


def row(out: dict, name: str) -> dict:
    return next(c for c in out["checks"] if c["name"] == name)


def test_each_stage_has_its_check_function():
    assert {s: f.rule_id for s, f in STAGE_CHECKS.items()} == {
        Stage.OFFLINE: "CQ16-EVID-OFFLINE",
        Stage.RECORDED: "CQ16-EVID-VIDEO",
        Stage.LIVE: "CQ16-EVID-LIVE",
        Stage.ASSESSMENT: "CQ16-EVID-ASSESS",
    }


@pytest.mark.parametrize("stage", list(Stage))
def test_passing_input_passes_and_every_row_is_reported(stage):
    out = ask(passing(stage))
    assert out["status"] == "pass", out["summary"]
    ids = [item.id for item in STAGE_CHECKS[stage].rule.items]
    assert [c["name"] for c in out["checks"]] == ids
    assert [r["id"] for r in out["data"]["rows"]] == ids
    assert out["data"]["rule"] == STAGE_CHECKS[stage].rule_id


def test_every_row_of_the_data_is_a_field_shown_for_its_stages():
    schema = EvidenceInput.model_json_schema()["properties"]
    for name, uses in rows().items():
        assert schema[name]["x-stages"] == [stage.value for stage, _ in uses]


@pytest.mark.parametrize("stage", list(Stage))
def test_a_failed_row_fails_the_answer(stage):
    for item in STAGE_CHECKS[stage].rule.items:
        required = getattr(item, "required", False) and getattr(item, "actor", "") != "county"
        if required and item.id not in MEASURED:
            out = ask({**passing(stage), item.id: False})
            assert row(out, item.id)["status"] == "fail"
            assert out["status"] == "fail"
            assert out["data"]["unmet"] == [item.id]


def test_photos_boundary_through_the_question():
    assert ask({**passing(Stage.OFFLINE), "photos": 3})["status"] == "pass"
    low = ask({**passing(Stage.OFFLINE), "photos": 2})
    assert low["status"] == "fail"
    assert row(low, "photos")["fix"] == "再补拍 1 张现场照片"


def test_segment_boundary_through_the_question():
    assert ask({**passing(Stage.ASSESSMENT), "video_segments": segments()})["status"] == "pass"
    short = ask({**passing(Stage.ASSESSMENT), "video_segments": segments(timedelta(seconds=1))})
    assert short["status"] == "fail"
    assert "4分59秒" in row(short, "video_segments")["message"]


def test_screenshot_boundary_through_the_question():
    gap = timedelta(minutes=10)
    assert ask({**passing(Stage.LIVE), "screenshots": screenshots(gap)})["status"] == "pass"
    out = ask({**passing(Stage.LIVE), "screenshots": screenshots(gap - timedelta(seconds=1))})
    assert out["status"] == "fail"


def test_pause_meaning_reading_is_reported():
    inp = {**passing(Stage.RECORDED), "pause_off_page": False}
    leave, first = ask(inp), ask(inp, pause_meaning="first_page")
    assert leave["status"] == first["status"] == "pass"
    assert row(leave, "pause_off_page")["message"] != row(first, "pause_off_page")["message"]
    assert {"key": "pause_meaning", "choice": "first_page"}.items() <= first["readings"][0].items()


def keeps() -> list[str]:
    items = STAGE_CHECKS[Stage.ASSESSMENT].rule.items
    return [i.id for i in items if getattr(i, "unified_keeps", False)]


def test_unified_appraisal_needs_only_the_rows_it_keeps():
    inp = {"stage": "assessment", "unified_appraisal": True, **dict.fromkeys(keeps(), True)}
    out = ask(inp)
    assert out["status"] == "pass"
    assert out["readings"][0]["key"] == "unified_assessment"
    assert out["data"]["unified_appraisal"] is True
    for item in STAGE_CHECKS[Stage.ASSESSMENT].rule.items:
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
    assert ask(full, unified_assessment="annex3_still")["status"] == "pass"
    low = ask({**full, "photos": 2}, unified_assessment="annex3_still")
    assert low["status"] == "fail"
    assert ask({**full, "photos": 2})["status"] == "pass"


def test_facts_of_another_stage_are_ignored_with_a_note():
    out = ask({**passing(Stage.RECORDED), "photos": 1, "unified_appraisal": True})
    assert out["status"] == "pass"
    assert out["data"]["ignored"] == ["清晰现场照片张数", "纳入职业技能统一鉴定"]
    assert out["data"]["unified_appraisal"] is False
    assert row(out, "ignored")["status"] == "not_applicable"


def test_missing_required_fact_names_the_field():
    out = ask({"stage": "live", "check_in": True})
    assert out["error"] == "输入有误"
    assert out["problems"] == [{"where": "直播截图时间", "what": "线上直播课程培训必须填写"}]


def test_segment_ending_before_it_starts_names_the_row():
    bad = segments()
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


def test_same_input_same_output():
    inp = passing(Stage.LIVE)
    assert ask(inp) == ask(inp)


def test_example_cases():
    mine = [c for c in cases() if c.file == "evidence.toml"]
    assert len(mine) >= 15
    assert [p for c in mine for p in check(c)] == []
