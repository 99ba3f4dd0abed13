"""渝就发〔2020〕16号 四（三）: :func:`calc.cq16.platform.mode_platform`, in both its forms.

With ``support`` (the platform self-check) one check per 附件1 row of the recorded and
live ways; without it (the plan check) one check of the plan's online modules.
"""

from datetime import date
from decimal import Decimal

import pytest

from calc.cq16.evidence import evid_live, evid_video
from calc.cq16.platform import MODES, mode_platform
from calc.result import Check, Context

REQUIRED = {
    "recorded": ["system_questions", "no_fast_forward", "hour_records"],
    "live": ["check_in", "screenshots", "live_spot_check"],
}
"""The ✓ rows of 附件1 for each online way."""
COUNTY = {"recorded": [], "live": ["live_spot_check"]}


def ctx(**readings: str) -> Context:
    return Context.model_validate({"as_of": date(2026, 3, 1), "readings": readings})


def full() -> dict[str, dict[str, bool]]:
    return {mode: {i.id: True for i in way.rule.items} for mode, way in MODES.items()}


def without(mode: str, name: str) -> dict[str, dict[str, bool]]:
    support = full()
    support[mode][name] = False
    return support


def one(checks: list[Check], name: str) -> Check:
    return next(c for c in checks if c.name == name)


def test_the_modes_are_the_online_ways_of_annex1():
    assert {"recorded": evid_video, "live": evid_live} == MODES
    for mode, way in MODES.items():
        ticked = [i.id for i in way.rule.items if getattr(i, "required", False)]
        assert ticked == REQUIRED[mode]


# --- the platform self-check: one check per row -------------------------------------


def test_full_support_passes_every_row_in_order():
    checks = mode_platform(ctx(), support=full())
    names = [f"{mode}.{i.id}" for mode, way in MODES.items() for i in way.rule.items]
    assert [c.name for c in checks] == names
    anchors = [i.anchor for way in MODES.values() for i in way.rule.items]
    assert [c.citation.anchor for c in checks] == anchors
    assert {c.rule for c in checks} == {mode_platform.rule_id}
    assert all(c.status != "fail" for c in checks)


@pytest.mark.parametrize("mode", list(MODES))
def test_each_institution_row_fails_and_sends_the_way_offline(mode):
    for name in REQUIRED[mode]:
        if name in COUNTY[mode]:
            continue
        checks = mode_platform(ctx(), support=without(mode, name))
        assert [c.name for c in checks if c.status == "fail"] == [f"{mode}.{name}"]
        fix = one(checks, f"{mode}.{name}").fix
        assert fix is not None and "应改为线下培训" in fix


@pytest.mark.parametrize("mode", list(MODES))
def test_rows_without_the_tick_never_decide(mode):
    support = full()
    for item in MODES[mode].rule.items:
        if item.id not in REQUIRED[mode]:
            support[mode][item.id] = False
            found = one(mode_platform(ctx(), support=support), f"{mode}.{item.id}")
            assert found.status == "advisory"
            assert "非基本标准" in found.message


def test_pause_meaning_words_the_pause_row():
    support = without("recorded", "pause_off_page")
    leave = one(mode_platform(ctx(), support=support), "recorded.pause_off_page")
    first = one(
        mode_platform(ctx(pause_meaning="first_page"), support=support), "recorded.pause_off_page"
    )
    assert leave.readings == first.readings == ["pause_meaning"]
    assert leave.message != first.message


def test_county_spot_check_counts_only_under_all_rows():
    support = without("live", "live_spot_check")
    lenient = one(mode_platform(ctx(), support=support), "live.live_spot_check")
    assert lenient.status == "not_applicable"
    assert lenient.readings == ["platform_standard"]
    strict = mode_platform(ctx(platform_standard="all_rows"), support=support)
    assert one(strict, "live.live_spot_check").status == "fail"


def test_a_missing_mode_or_row_is_not_supported():
    checks = mode_platform(ctx(), support={"recorded": full()["recorded"]})
    assert {c.name for c in checks if c.status == "fail"} == {"live.check_in", "live.screenshots"}


# --- the plan check: one check of the plan's online modules -------------------------


def test_plan_without_online_modules_is_not_applicable():
    (found,) = mode_platform(ctx(), online_rows=[], meets=False)
    assert found.status == "not_applicable"
    assert (found.name, found.label, found.message) == ("platform", "线上平台", "没有线上模块")
    assert found.readings == []


def test_plan_not_saying_whether_the_platform_meets_is_advisory():
    (found,) = mode_platform(ctx(), online_rows=[2, 3], online_hours=Decimal(12))
    assert found.status == "advisory"
    assert found.message == "未说明线上平台是否达到附件1基本标准：请用平台检查核对"
    assert found.fix is None


def test_plan_on_a_platform_that_falls_short_fails_naming_the_rows():
    (found,) = mode_platform(ctx(), online_rows=[2, 3], online_hours=Decimal(12), meets=False)
    assert found.status == "fail"
    assert found.message == "线上平台未达到附件1基本标准，第2行、第3行不能线上实施"
    assert found.fix == "把第2行、第3行（共 12 课时）改为线下，或使平台达到附件1基本标准"
    assert (found.actual, found.threshold, found.comparison) == (False, True, "==")


def test_plan_on_a_platform_that_meets_passes():
    (found,) = mode_platform(ctx(), online_rows=[1], online_hours=Decimal("7.5"), meets=True)
    assert found.status == "pass"
    assert found.message == "线上平台达到附件1基本标准"
    assert found.fix is None


def test_plan_names_eight_rows_then_etc():
    (found,) = mode_platform(ctx(), online_rows=range(1, 10), online_hours=Decimal(9), meets=False)
    rows = "、".join(f"第{i}行" for i in range(1, 9))
    assert found.message == f"线上平台未达到附件1基本标准，{rows}等不能线上实施"
    assert "第9行" not in found.message
    (eight,) = mode_platform(ctx(), online_rows=range(1, 9), online_hours=Decimal(8), meets=False)
    assert eight.message == f"线上平台未达到附件1基本标准，{rows}不能线上实施"
