"""渝就发〔2020〕16号 附件1、附件2: the four check functions of calc/cq16/evidence.py.

The numbers are the annexes' own: 现场照片3张, 分段录像3段每段不低于5分钟,
截图3张间隔不低于10分钟. The passing facts of each way are built from the rows in the
data, so a new row is picked up without editing this file.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.checks import RuleCheck
from calc.cq16.evidence import (
    MEASURED,
    Part,
    VideoSegment,
    evid_assess,
    evid_live,
    evid_offline,
    evid_video,
    required_rows,
)
from calc.result import Check, Context

T0 = datetime(2026, 3, 1, 9, 0)
PHOTOS = 3
SEGMENT = timedelta(minutes=5)
SCREENSHOTS = 3
GAP = timedelta(minutes=10)
WAYS = [evid_offline, evid_video, evid_live, evid_assess]


def ctx(**readings: str) -> Context:
    return Context.model_validate({"as_of": date(2026, 3, 1), "readings": readings})


def segments(short: timedelta = timedelta(0)) -> list[VideoSegment]:
    """前、中、后 segments each exactly 5 minutes long, the first ``short`` shorter."""
    out = []
    for i, part in enumerate(Part):
        start = T0 + timedelta(hours=i)
        end = start + SEGMENT - (short if i == 0 else timedelta(0))
        out.append(VideoSegment(part=part, start=start, end=end))
    return out


def screenshots(gap: timedelta, count: int = SCREENSHOTS) -> list[datetime]:
    return [T0 + gap * i for i in range(count)]


MEASURED_OK: dict[str, Any] = {
    "photos": PHOTOS,
    "video_segments": segments(),
    "screenshots": screenshots(GAP),
}


def passing(way: RuleCheck[Any, list[Check]]) -> dict[str, Any]:
    """Facts that meet every ✓ row of the institution for ``way``."""
    return {
        item.id: MEASURED_OK[item.id] if item.id in MEASURED else True
        for item in way.rule.items
        if getattr(item, "actor", "") != "county" and getattr(item, "required", False)
    }


def row(checks: list[Check], name: str) -> Check:
    return next(c for c in checks if c.name == name)


def test_the_annexes_numbers_are_the_values():
    for way in (evid_offline, evid_assess):
        assert way.rule.decimal("photos") == PHOTOS
        assert way.rule.decimal("segments") == 3
        assert way.rule.decimal("min_segment_minutes") == 5
    assert evid_live.rule.decimal("screenshots") == SCREENSHOTS
    assert evid_live.rule.decimal("min_gap_minutes") == 10


@pytest.mark.parametrize("way", WAYS, ids=lambda w: w.func.__name__)
def test_passing_facts_pass_and_every_row_is_reported_at_its_row(way):
    checks = way(passing(way), ctx())
    assert all(c.status in ("pass", "advisory", "not_applicable") for c in checks)
    assert [c.name for c in checks] == [item.id for item in way.rule.items]
    assert [c.citation.anchor for c in checks] == [item.anchor for item in way.rule.items]
    assert {c.rule for c in checks} == {way.rule_id}


@pytest.mark.parametrize("way", [evid_offline, evid_assess], ids=lambda w: w.func.__name__)
def test_photos_boundary(way):
    assert row(way({**passing(way), "photos": 3}, ctx()), "photos").status == "pass"
    low = row(way({**passing(way), "photos": 2}, ctx()), "photos")
    assert low.status == "fail"
    assert low.fix == "再补拍 1 张现场照片"


@pytest.mark.parametrize("way", [evid_offline, evid_assess], ids=lambda w: w.func.__name__)
def test_segment_exactly_the_minimum_passes_one_second_less_fails(way):
    exact = way({**passing(way), "video_segments": segments()}, ctx())
    assert row(exact, "video_segments").status == "pass"
    short = way({**passing(way), "video_segments": segments(timedelta(seconds=1))}, ctx())
    check_ = row(short, "video_segments")
    assert check_.status == "fail"
    assert "“前”段录像" in check_.message
    assert "4分59秒" in check_.message
    assert "短于 5 分钟" in check_.message


def test_missing_segment_is_named():
    facts = {**passing(evid_offline)}
    facts["video_segments"] = [s for s in segments() if s.part is not Part.MIDDLE]
    check_ = row(evid_offline(facts, ctx()), "video_segments")
    assert check_.status == "fail"
    assert "缺少“中”段录像" in check_.message


def test_screenshots_exactly_the_gap_pass_a_second_or_a_minute_less_fail():
    base = passing(evid_live)
    ok = evid_live({**base, "screenshots": screenshots(GAP)}, ctx())
    assert row(ok, "screenshots").status == "pass"
    for less in (timedelta(seconds=1), timedelta(minutes=1)):
        out = evid_live({**base, "screenshots": screenshots(GAP - less)}, ctx())
        assert row(out, "screenshots").status == "fail"
        assert "第1、2张截图间隔" in row(out, "screenshots").message


def test_screenshots_are_sorted_and_the_close_pair_named():
    times = [T0 + GAP + timedelta(minutes=8), T0, T0 + GAP]
    check_ = row(evid_live({**passing(evid_live), "screenshots": times}, ctx()), "screenshots")
    assert check_.status == "fail"
    assert "第2、3张截图间隔 8分钟，需至少 10 分钟" in check_.message
    assert check_.fix is not None and check_.fix.startswith("再截图 1 张")


def test_too_few_screenshots_fail():
    out = evid_live({**passing(evid_live), "screenshots": screenshots(GAP, 2)}, ctx())
    assert row(out, "screenshots").status == "fail"
    assert "少于 3 张" in row(out, "screenshots").message


@pytest.mark.parametrize("way", WAYS, ids=lambda w: w.func.__name__)
def test_each_yes_no_row_fails_when_not_done(way):
    for item in way.rule.items:
        required = getattr(item, "required", False) and getattr(item, "actor", "") != "county"
        if required and item.id not in MEASURED:
            assert row(way({**passing(way), item.id: False}, ctx()), item.id).status == "fail"


@pytest.mark.parametrize("way", WAYS, ids=lambda w: w.func.__name__)
def test_county_rows_are_the_county_duty_and_never_fail(way):
    county = [i for i in way.rule.items if getattr(i, "actor", "") == "county"]
    checks = way({**passing(way), **{i.id: False for i in county}}, ctx())
    assert all(c.status != "fail" for c in checks)
    for item in county:
        found = row(checks, item.id)
        assert found.status in ("advisory", "not_applicable")
        if found.status == "advisory":
            assert "需由区县公共就业创业服务机构实施" in found.message


def test_offline_spot_check_falls_away_with_remote_monitoring():
    with_monitoring = evid_offline({**passing(evid_offline), "remote_monitoring": True}, ctx())
    assert row(with_monitoring, "spot_check").status == "not_applicable"
    without = evid_offline({**passing(evid_offline), "remote_monitoring": False}, ctx())
    assert row(without, "spot_check").status == "advisory"


def test_optional_rows_are_advisory():
    facts = {**passing(evid_video), "face_recognition": False, "pause_off_page": False}
    checks = evid_video(facts, ctx())
    assert all(c.status != "fail" for c in checks)
    assert row(checks, "face_recognition").status == "advisory"


def test_pause_meaning_changes_only_the_wording():
    facts = {**passing(evid_video), "pause_off_page": False}
    leave = row(evid_video(facts, ctx()), "pause_off_page")
    first = row(evid_video(facts, ctx(pause_meaning="first_page")), "pause_off_page")
    assert leave.status == first.status == "advisory"
    assert leave.message != first.message
    assert first.readings == ["pause_meaning"]


def keeps() -> list[str]:
    return [i.id for i in evid_assess.rule.items if getattr(i, "unified_keeps", False)]


def test_unified_appraisal_judges_only_the_rows_it_keeps():
    assert keeps() == ["sign_in", "score_table"]
    facts = dict.fromkeys(keeps(), True)
    checks = evid_assess(facts, ctx(), unified=True)
    assert all(c.status != "fail" for c in checks)
    assert all("unified_assessment" in c.readings for c in checks if c.name in keeps())
    for item in evid_assess.rule.items:
        required = getattr(item, "required", False) and getattr(item, "actor", "") != "county"
        if required and item.id not in keeps():
            assert row(checks, item.id).status == "not_applicable"
    failing = evid_assess({**facts, "sign_in": False}, ctx(), unified=True)
    assert row(failing, "sign_in").status == "fail"


def test_required_rows_follow_the_unified_reading():
    every = [i.id for i in required_rows(evid_assess.rule, ctx())]
    assert every == ["sign_in", "photos", "video_segments", "score_table"]
    assert [i.id for i in required_rows(evid_assess.rule, ctx(), unified=True)] == keeps()
    annex3 = ctx(unified_assessment="annex3_still")
    assert [i.id for i in required_rows(evid_assess.rule, annex3, unified=True)] == every


def test_unified_reading_annex3_still_keeps_the_rest():
    full = passing(evid_assess)
    annex3 = ctx(unified_assessment="annex3_still")
    assert all(c.status != "fail" for c in evid_assess(full, annex3, unified=True))
    low = evid_assess({**full, "photos": 2}, annex3, unified=True)
    assert row(low, "photos").status == "fail"
    assert row(evid_assess({**full, "photos": 2}, ctx(), unified=True), "photos").status == (
        "not_applicable"
    )


@settings(max_examples=60, deadline=None)
@given(
    photos=st.integers(min_value=0, max_value=8),
    offsets=st.lists(st.integers(min_value=0, max_value=120), max_size=6),
    extra=st.integers(min_value=0, max_value=120),
)
def test_adding_a_photo_or_screenshot_never_spoils_a_passing_check(photos, offsets, extra):
    before = row(evid_offline({**passing(evid_offline), "photos": photos}, ctx()), "photos")
    after = row(evid_offline({**passing(evid_offline), "photos": photos + 1}, ctx()), "photos")
    assert (before.status == "pass") is (photos >= PHOTOS)
    if before.status == "pass":
        assert after.status == "pass"
    times = [T0 + timedelta(minutes=m) for m in offsets]
    more = [*times, T0 + timedelta(minutes=extra)]
    before = row(evid_live({**passing(evid_live), "screenshots": times}, ctx()), "screenshots")
    after = row(evid_live({**passing(evid_live), "screenshots": more}, ctx()), "screenshots")
    if before.status == "pass":
        assert after.status == "pass"


@settings(max_examples=40, deadline=None)
@given(lengths=st.lists(st.integers(min_value=1, max_value=600), min_size=1, max_size=6))
def test_screenshot_verdict_ignores_the_order_given(lengths):
    times = [T0 + timedelta(seconds=sum(lengths[: i + 1])) for i in range(len(lengths))]
    a = row(evid_live({**passing(evid_live), "screenshots": times}, ctx()), "screenshots")
    b = row(
        evid_live({**passing(evid_live), "screenshots": list(reversed(times))}, ctx()),
        "screenshots",
    )
    assert a.status == b.status
    if len(times) == SCREENSHOTS:
        expected = all(Decimal(g) >= 600 for g in lengths[1:])
        assert (a.status == "pass") is expected
