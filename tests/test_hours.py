"""CQ16 二 培训天数与课时: the question "days" and the day conversion behind it."""

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.api import run
from calc.examples import cases, check
from calc.hours import day_range
from calc.rules import rule

LO = rule("CQ16-DAYS").decimal("min_yuan_per_day")
HI = rule("CQ16-DAYS").decimal("max_yuan_per_day")
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


@settings(max_examples=150, deadline=None)
@given(subsidy=SUBSIDY, unit=st.sampled_from(["whole", "half"]))
def test_every_day_count_in_the_range_gives_a_yuan_per_day_within_bounds(subsidy, unit):
    rng = day_range(subsidy, unit)
    step = Fraction(1) if unit == "whole" else Fraction(1, 2)
    if rng.empty:
        return
    d = rng.low
    while d <= rng.high:
        assert (d / step).denominator == 1, "only whole (half) days"
        assert LO <= Fraction(subsidy) / d <= HI
        d += step
    # and nothing just outside the range would do
    if rng.low - step > 0:
        assert Fraction(subsidy) / (rng.low - step) > HI
    assert Fraction(subsidy) / (rng.high + step) < LO


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


@pytest.mark.parametrize("category,daily", [("skill", "CQ16-DAILY-6"), ("upgrade", "CQ16-DAILY-5")])
def test_each_end_needs_days_times_the_daily_minimum_and_the_shares(category, daily):
    out = days({"category": category, "subsidy_yuan": "1000"})
    per_day = rule(daily).decimal("min_hours_per_day")
    practical = rule("CQ16-PRACTICAL-60").decimal("min_share")
    ethics = rule("CQ16-ETHICS-10").decimal("min_share")
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
    least = rule("CQ16-FEATURED-MIN").decimal(category)
    assert Decimal(out["data"]["ends"][0]["min_total"]) == least
    assert checks_of(out, "CQ16-FEATURED-MIN")[0]["status"] == "pass"


@pytest.mark.parametrize("category,rule_id", [("prejob", "CQ16-PREJOB"), ("adapt", "CQ16-ADAPT")])
def test_short_courses_take_their_days_from_their_own_rule(category, rule_id):
    out = days({"category": category, "subsidy_yuan": "1000"})
    r = rule(rule_id)
    rows = out["data"]["ends"]
    assert [Decimal(x["days"]) for x in rows] == [r.decimal("min_days"), r.decimal("max_days")]
    for row in rows:
        total = Decimal(row["days"]) * r.decimal("min_hours_per_day")
        assert Decimal(row["min_total"]) == total
        assert Decimal(row["min_theory"]) == total * r.decimal("min_theory_share")


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
