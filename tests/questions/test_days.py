"""培训天数与课时 (question ``days``, calc/questions/days.py): the days a subsidy standard
converts to and what each end of the range needs. The conversion itself, :func:`day_range`,
is tested in tests/cq16/test_hours.py."""

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.api import run
from calc.cq16.hours import day_range
from calc.examples import cases, check

LO, HI = Decimal(130), Decimal(200)  # 二（一）“原则上按照130—200元/天的标准折算”
PRACTICAL = Decimal("0.6")  # “实训操作课时均不低于总课时的60%”
ETHICS = Decimal("0.1")  # “就业指导等内容不低于总课时的10%”
FEATURED = {"skill": 60, "upgrade": 80, "transfer": 40}  # 特色职业目录的最低总课时
SHORT = {"prejob": ("CQ16-PREJOB", 1, 5), "adapt": ("CQ16-ADAPT", 1, 3)}
"""二（二）岗前培训“1—5天”、二（三）就业适应性培训“1—3天”，都是“平均不低于8课时/天，理论学习
课时不低于总课时的60%”."""
SUBSIDY = st.decimals(min_value=1, max_value=20000, places=2, allow_nan=False)


def days(inp, **readings):
    return run("days", {"input": inp, "context": {"as_of": "2026-03-01", "readings": readings}})


def checks_of(out, rule_id):
    return [c for c in out["checks"] if c["rule"] == rule_id]


@pytest.mark.parametrize(
    "case", [c for c in cases() if c.file == "hours.toml"], ids=lambda c: c.name
)
def test_case(case):
    assert check(case) == []


def test_exactly_the_highest_and_lowest_yuan_per_day_give_one_day():
    for subsidy in (LO, HI):
        out = days({"category": "skill", "subsidy_yuan": str(subsidy)})
        assert out["status"] == "pass"
        assert out["data"]["days_min"] == out["data"]["days_max"] == "1"


def test_below_the_lowest_yuan_per_day_no_whole_day_fits_and_the_fix_says_how_much():
    out = days({"category": "skill", "subsidy_yuan": str(LO - 1)})
    (conv,) = checks_of(out, "CQ16-DAYS")
    assert conv["status"] == "fail"
    assert out["data"]["days_empty"] is True
    assert conv["fix"] == f"补贴标准需不低于 {LO} 元（1 天）"


def test_between_one_and_two_days_the_fix_offers_both_nearest_standards():
    out = days({"category": "skill", "subsidy_yuan": str(HI + 1)})
    (conv,) = checks_of(out, "CQ16-DAYS")
    assert conv["status"] == "fail"
    assert f"不高于 {HI} 元（1 天）或不低于 {2 * LO} 元（2 天）" in conv["fix"]


def test_half_days_reading_finds_half_a_day():
    half_day = HI / 2  # half a day at the highest yuan per day
    whole = days({"category": "skill", "subsidy_yuan": str(half_day)})
    assert whole["status"] == "fail"
    assert "或按半天计折算为 0.5 天" in checks_of(whole, "CQ16-DAYS")[0]["fix"]
    out = days({"category": "skill", "subsidy_yuan": str(half_day)}, days_unit="half")
    assert out["status"] == "pass"
    assert out["data"]["days_min"] == "0.5"
    assert "days_unit" in [r["key"] for r in out["readings"]]


def test_guidance_reading_turns_the_empty_range_into_advice():
    out = days({"category": "skill", "subsidy_yuan": str(LO - 1)}, binding="guidance")
    (conv,) = checks_of(out, "CQ16-DAYS")
    assert conv["status"] == "advisory"
    assert out["status"] != "fail"


@settings(max_examples=100, deadline=None)
@given(subsidy=SUBSIDY, yuan=st.decimals(min_value=LO, max_value=HI, places=2))
def test_a_chosen_yuan_per_day_gives_one_day_count_inside_the_range(subsidy, yuan):
    out = days({"category": "skill", "subsidy_yuan": str(subsidy), "daily_yuan": str(yuan)})
    rng = day_range(subsidy)
    if rng.empty:
        assert out["data"]["days"] is None
        return
    chosen = Fraction(Decimal(out["data"]["days"]))
    assert rng.contains(chosen)
    assert [row["days"] for row in out["data"]["ends"]] == [out["data"]["days"]]


@pytest.mark.parametrize("yuan", [LO - Decimal("0.01"), HI + Decimal("0.01")])
def test_a_yuan_per_day_outside_the_range_is_bad_input_naming_the_field(yuan):
    out = days({"category": "skill", "subsidy_yuan": "1000", "daily_yuan": str(yuan)})
    assert out["error"] == "输入有误"
    assert "每天折算标准" in out["message"]


def test_a_subsidy_of_zero_is_bad_input():
    out = days({"category": "skill", "subsidy_yuan": "0"})
    assert "补贴标准" in out["message"]


@pytest.mark.parametrize("category,per_day", [("skill", 6), ("upgrade", 5), ("transfer", 5)])
def test_each_end_needs_days_times_the_daily_minimum_and_the_shares(category, per_day):
    out = days({"category": category, "subsidy_yuan": "1000"})
    practical, ethics = PRACTICAL, ETHICS
    rows = out["data"]["ends"]
    assert [r["days"] for r in rows] == [out["data"]["days_min"], out["data"]["days_max"]]
    for row in rows:
        total = Decimal(row["days"]) * per_day
        assert Decimal(row["min_total"]) == total
        assert Decimal(row["min_practical"]) == total * practical
        assert Decimal(row["min_ethics"]) == total * ethics
        assert Decimal(row["max_online"]) == total - total * practical


def test_online_ceiling_is_the_same_under_both_online_readings_for_a_minimal_plan():
    """With 60% practical the theory ceiling is 40% ≥ 30%: the readings agree here."""
    inp = {"category": "skill", "subsidy_yuan": "1000"}
    assert days(inp)["data"]["ends"] == days(inp, online_theory="at_least_30")["data"]["ends"]


@pytest.mark.parametrize("category", ["skill", "upgrade", "transfer"])
def test_featured_catalogue_needs_its_minimum_total_without_conversion(category):
    out = days({"category": category, "catalogue": "featured", "subsidy_yuan": "1000"})
    assert checks_of(out, "CQ16-DAYS")[0]["status"] == "not_applicable"
    least = FEATURED[category]
    assert Decimal(out["data"]["ends"][0]["min_total"]) == least
    assert checks_of(out, "CQ16-FEATURED-MIN")[0]["status"] == "pass"


@pytest.mark.parametrize("category", ["prejob", "adapt"])
def test_short_courses_take_their_days_from_their_own_rule(category):
    rule_id, low, high = SHORT[category]
    out = days({"category": category, "subsidy_yuan": "1000"})
    rows = out["data"]["ends"]
    assert [Decimal(x["days"]) for x in rows] == [low, high]
    for row in rows:
        total = Decimal(row["days"]) * 8
        assert Decimal(row["min_total"]) == total
        assert Decimal(row["min_theory"]) == total * Decimal("0.6")
    assert [c["status"] for c in checks_of(out, rule_id)] == ["pass"]


def test_startup_training_is_outside_these_documents():
    out = days({"category": "startup", "subsidy_yuan": "1000"})
    assert out["status"] == "outside"
    assert [c["rule"] for c in out["checks"] if c["status"] == "outside"] == ["CQ16-STARTUP"]


def test_exception_skips_only_the_conversion_by_default():
    out = days({"category": "skill", "subsidy_yuan": "1000", "exception": True})
    assert checks_of(out, "CQ16-DAYS")[0]["status"] == "not_applicable"
    assert checks_of(out, "CQ16-DAYS")[0]["readings"] == ["exception_scope"]
    assert checks_of(out, "CQ16-DAILY-6")[0]["status"] == "pass"
    assert checks_of(out, "CQ16-PRACTICAL-60")[0]["status"] == "pass"


def test_exception_scope_all_also_skips_the_averages_and_the_60_percent():
    inp = {"category": "skill", "subsidy_yuan": "1000", "exception": True}
    out = days(inp, exception_scope="all")
    for rule_id in ("CQ16-DAILY-6", "CQ16-PRACTICAL-60"):
        assert checks_of(out, rule_id)[0]["status"] == "not_applicable"
    assert checks_of(out, "CQ16-ETHICS-10")[0]["status"] == "pass"


def test_exception_does_not_reach_the_featured_catalogue():
    inp = {"category": "skill", "catalogue": "featured", "subsidy_yuan": "1000", "exception": True}
    out = days(inp, exception_scope="all")
    assert checks_of(out, "CQ16-PRACTICAL-60")[0]["status"] == "pass"


def test_results_are_deterministic():
    inp = {"category": "skill", "subsidy_yuan": "777.77", "daily_yuan": "150"}
    first = days(inp)
    assert first == days(inp)
    assert math.isclose(float(first["data"]["days"]), 5)


@pytest.mark.parametrize("yuan,expected", [(LO, "20"), (HI, "13")])
def test_a_chosen_yuan_per_day_of_exactly_130_or_200_gives_the_end_of_the_range(yuan, expected):
    out = days({"category": "skill", "subsidy_yuan": "2600", "daily_yuan": str(yuan)})
    assert (out["data"]["days_min"], out["data"]["days_max"]) == ("13", "20")
    assert out["data"]["days"] == expected
    assert out["data"]["ends"][0]["min_total"] == str(6 * int(expected))
