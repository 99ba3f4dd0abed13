"""渝就发〔2020〕16号 二 培训课时 (calc/cq16/hours.py): each rule's boundaries, called directly
and through the plan check; the day conversion :func:`day_range`."""

import math
import re
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.course import Course, CoursePlan
from calc.cq16.hours import (
    daily_5,
    daily_6,
    day_range,
    days,
    ethics_10,
    featured_min,
    lesson_min,
    practical_60,
)
from calc.kinds import Catalogue, Category
from calc.readings import Readings
from calc.result import Context, Status
from tests.questions.test_plan_check import answer, mod, one, plan, short_plan, status

LO, HI = Decimal(130), Decimal(200)  # 二（一）“原则上按照130—200元/天的标准折算”
PRACTICAL = Decimal("0.6")  # “实训操作课时均不低于总课时的60%”
ETHICS = Decimal("0.1")  # “就业指导等内容不低于总课时的10%”
MIN_MINUTES, MAX_MINUTES = 40, 50  # “每课时40—50分钟”
DAILY = {"skill": ("CQ16-DAILY-6", 6), "upgrade": ("CQ16-DAILY-5", 5),
         "transfer": ("CQ16-DAILY-5", 5)}  # fmt: skip
"""“职业技能培训平均不低于6课时/天，企业职工岗位技能提升培训、转岗转业培训平均不低于5课时/天”."""
FEATURED = {"skill": 60, "upgrade": 80, "transfer": 40}
"""特色职业目录：“职业技能培训不低于60课时…企业职工岗位技能提升培训不低于80课时…转岗转业培训
不低于40课时”."""
SHORT_DAYS = {"prejob": ("CQ16-PREJOB", 5), "adapt": ("CQ16-ADAPT", 3)}
"""二（二）岗前培训“1—5天”；二（三）就业适应性培训“1—3天”."""
CTX = Context(as_of=date(2026, 3, 1))


def course(readings=None, **kw):
    """The :class:`Course` of a :func:`plan` (same arguments)."""
    return Course.of(CoursePlan.model_validate(plan(**kw)), readings or Readings())


def statuses(found):
    return [c.status for c in found]


# ---- the check functions, called directly ---------------------------------------------


def test_practical_60_direct_at_exactly_60_percent_passes_and_just_below_fails():
    (at,) = practical_60(course(total=100, days=10, practical=60), CTX)
    assert at.status is Status.PASS and at.threshold == PRACTICAL
    assert at.actual == Decimal("0.6")
    (below,) = practical_60(course(total=100, days=10, practical=59), CTX)
    assert below.status is Status.FAIL
    assert below.fix == "再增加 3 课时实训操作，或把 1 课时其他内容改为实训操作"
    # 3 of 5 (exactly 60%) passes; 2.99 of 5 fails: no rounding of the share
    (small,) = practical_60(course(total=5, days=1, practical=3, ethics=1), CTX)
    assert small.status is Status.PASS
    inp = plan(5, days=1, practical=3, ethics=1)
    inp["modules"][-1]["practical_hours"] = "2.99"
    inp["modules"][0]["theory_hours"] = "1.01"
    (just,) = practical_60(Course.of(CoursePlan.model_validate(inp), Readings()), CTX)
    assert just.status is Status.FAIL


def test_practical_60_direct_for_a_course_still_to_plan_states_the_rule():
    c = Course(Category.SKILL, Catalogue.DADIAN, False, ends=[{"days": Decimal(5),
               "min_total": Decimal(30), "min_practical": Decimal(18)}])  # fmt: skip
    (stated,) = practical_60(c, CTX)
    assert stated.status is Status.PASS and "实训操作课时至少 18 课时" in stated.message


def test_practical_60_direct_does_not_cover_short_courses():
    (found,) = practical_60(course(category="prejob", total=8, days=1), CTX)
    assert found.status is Status.NOT_APPLICABLE


def test_ethics_10_direct_at_exactly_10_percent_passes_and_just_below_fails():
    (at,) = ethics_10(course(total=100, days=10, ethics=10), CTX)
    assert at.status is Status.PASS and at.threshold == ETHICS
    (below,) = ethics_10(course(total=100, days=10, ethics=9), CTX)
    assert below.status is Status.FAIL


@pytest.mark.parametrize(
    "minutes,expected",
    [(MIN_MINUTES - 1, Status.FAIL), (MIN_MINUTES, Status.PASS), (45, Status.PASS),
     (MAX_MINUTES, Status.PASS), (MAX_MINUTES + 1, Status.FAIL)],
)  # fmt: skip
def test_lesson_min_direct_at_40_and_50_minutes(minutes, expected):
    length, fits = lesson_min(course(lesson_minutes=minutes), CTX)
    assert length.name == "lesson_minutes" and length.status is expected
    assert length.threshold == "40—50"
    assert fits.name == "day_fits" and fits.status is Status.PASS
    if expected is Status.FAIL:
        assert length.fix == "把每课时调整为 40—50 分钟（相差 1 分钟）"


def test_lesson_min_direct_says_nothing_for_a_course_still_to_plan():
    assert lesson_min(Course(Category.SKILL, Catalogue.DADIAN, False), CTX) == []


@pytest.mark.parametrize("yuan", [LO, HI])
def test_days_direct_at_exactly_130_and_200_yuan_a_day_one_day_fits(yuan):
    (found,) = days(course(total=6, days=1, subsidy_yuan=str(yuan)), CTX)
    assert found.status is Status.PASS
    assert f"折合每天 {yuan} 元" in found.message and "可取 1 天" in found.message
    (stated,) = days(Course(Category.SKILL, Catalogue.DADIAN, False, subsidy=yuan), CTX)
    assert stated.status is Status.PASS and "为 1 天" in stated.message


@pytest.mark.parametrize("yuan", [LO - Decimal("0.01"), HI + Decimal("0.01")])
def test_days_direct_just_outside_130_and_200_no_whole_day_fits(yuan):
    (found,) = days(course(total=6, days=1, subsidy_yuan=str(yuan)), CTX)
    assert found.status is Status.FAIL and "没有可取的天数" in found.message


def test_days_direct_without_a_subsidy_is_advice_and_with_the_exception_not_applied():
    (none,) = days(course(), CTX)
    assert none.status is Status.ADVISORY
    (exempt,) = days(course(exception=True, subsidy_yuan="1000"), CTX)
    assert exempt.status is Status.NOT_APPLICABLE and exempt.readings == ["exception_scope"]


@pytest.mark.parametrize("category", ["skill", "upgrade", "transfer"])
def test_daily_direct_at_exactly_the_minimum_passes_and_one_hour_less_fails(category):
    check_of = {"CQ16-DAILY-6": daily_6, "CQ16-DAILY-5": daily_5}[DAILY[category][0]]
    per_day = DAILY[category][1]
    (at,) = check_of(course(category=category, total=per_day * 10, days=10), CTX)
    assert at.status is Status.PASS and at.threshold == per_day
    (below,) = check_of(course(category=category, total=per_day * 10 - 1, days=10), CTX)
    assert below.status is Status.FAIL
    other = daily_5 if check_of is daily_6 else daily_6
    assert statuses(other(course(category=category), CTX)) == [Status.NOT_APPLICABLE]


@pytest.mark.parametrize("category", ["skill", "upgrade", "transfer"])
def test_featured_min_direct_at_60_80_40_hours(category):
    least = FEATURED[category]
    per_day = DAILY[category][1]
    inp = dict(category=category, catalogue="featured")
    (at,) = featured_min(course(total=least, days=least // per_day, **inp), CTX)
    assert at.status is Status.PASS and at.threshold == least
    (below,) = featured_min(course(total=least - 1, days=(least - 1) // per_day, **inp), CTX)
    assert below.status is Status.FAIL and below.fix == "再增加 1 课时"


# ---- the day conversion ----------------------------------------------------------------


@pytest.mark.parametrize("yuan", [LO, HI])
def test_day_range_ends_at_exactly_130_and_200_yuan_a_day(yuan):
    rng = day_range(yuan)
    assert rng.low == rng.high == 1 and not rng.empty
    assert rng.exact_min == Fraction(yuan) / 200 and rng.exact_max == Fraction(yuan) / 130


def test_day_range_of_ten_days_at_each_end():
    assert day_range(LO * 10).high == 10  # 1300 元 at 130 元/天
    assert day_range(HI * 10).low == 10  # 2000 元 at 200 元/天
    assert day_range(LO * 10 - Decimal("0.01")).high == 9
    assert day_range(HI * 10 + Decimal("0.01")).low == 11


@pytest.mark.parametrize("yuan", [LO - Decimal("0.01"), HI + Decimal("0.01")])
def test_day_range_just_outside_one_day_is_empty_but_half_days_may_fit(yuan):
    assert day_range(yuan).empty
    if yuan > HI:
        assert not day_range(yuan, "half").empty


SUBSIDY = st.decimals(min_value=1, max_value=20000, places=2, allow_nan=False)


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


# ---- through the plan check -------------------------------------------------------------


def test_practical_exactly_at_the_share_passes_and_one_hour_less_fails():
    total = 100
    exact = 60
    assert status(answer(plan(total, days=10, practical=exact)), "CQ16-PRACTICAL-60") == "pass"
    out = answer(plan(total, days=10, practical=exact - 1))
    assert status(out, "CQ16-PRACTICAL-60") == "fail"
    # 3 more practical hours lower the ethics share (10 of 103): one of them is ethics content
    assert one(out, "CQ16-PRACTICAL-60")["fix"] == (
        "再增加 3 课时实训操作（其中 1 课时为职业道德等内容），或把 1 课时理论课改为实训操作"
    )


@settings(max_examples=80, deadline=None)
@given(total=st.integers(20, 300), short=st.integers(1, 15))
def test_the_practical_fix_is_the_smallest_whole_number_of_hours(total, short):
    practical = max(0, math.ceil(PRACTICAL * total) - short)
    days_ = total // 6
    out = answer(plan(total, days=days_, practical=practical))
    add = int(re.search(r"再增加 (\d+) 课时实训", one(out, "CQ16-PRACTICAL-60")["fix"])[1])
    fixed = answer(plan(total + add, days=days_, practical=practical + add, ethics=ETHICS * total))
    assert status(fixed, "CQ16-PRACTICAL-60") == "pass"
    short_of = answer(plan(total + add - 1, days=days_, practical=practical + add - 1,
                           ethics=ETHICS * total))  # fmt: skip
    assert status(short_of, "CQ16-PRACTICAL-60") == "fail"


@settings(max_examples=80, deadline=None)
@given(total=st.integers(10, 200), practical=st.integers(0, 200), extra=st.integers(1, 100))
def test_adding_practical_hours_never_turns_the_60_percent_from_pass_to_fail(
    total, practical, extra
):
    practical = min(practical, total - math.ceil(ETHICS * total))
    before = status(answer(plan(total, practical=practical)), "CQ16-PRACTICAL-60")
    after = answer(plan(total + extra, practical=practical + extra, ethics=ETHICS * total))
    if before == "pass":
        assert status(after, "CQ16-PRACTICAL-60") == "pass"


def test_ethics_exactly_at_the_share_passes_and_one_hour_less_fails():
    exact = 10
    assert status(answer(plan(100, days=10, ethics=exact)), "CQ16-ETHICS-10") == "pass"
    out = answer(plan(100, days=10, ethics=exact - 1))
    assert status(out, "CQ16-ETHICS-10") == "fail"
    # 2 ethics hours taught as practical keep the practical share at 60% (62 of 102)
    assert one(out, "CQ16-ETHICS-10")["fix"].startswith(
        "再增加 2 课时职业道德等内容（均为实训操作）"
    )


def test_ethics_overlap_reading_decides_whether_ethics_practice_counts_as_practical():
    total = 40
    need = math.ceil(PRACTICAL * total)
    modules = [
        mod("理论", total - need, mode="online"),
        mod("安全操作", 0, 2, kind="practical", ethics=True),
        mod("实操", practical=need - 2, kind="practical"),
    ]
    inp = plan(modules=modules)
    assert status(answer(inp), "CQ16-PRACTICAL-60") == "pass"
    separate = answer(inp, readings={"ethics_overlap": "separate"})
    assert status(separate, "CQ16-PRACTICAL-60") == "fail"
    assert "ethics_overlap" in one(separate, "CQ16-PRACTICAL-60")["readings"]


@pytest.mark.parametrize("minutes,beyond", [(MIN_MINUTES, MIN_MINUTES - 1),
                                            (MAX_MINUTES, MAX_MINUTES + 1)])  # fmt: skip
def test_lesson_minutes_at_both_ends_pass_and_one_minute_beyond_fails(minutes, beyond):
    lesson = answer(plan(lesson_minutes=minutes))
    assert status(lesson, "CQ16-LESSON-MIN", "lesson_minutes") == "pass"
    assert (
        status(answer(plan(lesson_minutes=beyond)), "CQ16-LESSON-MIN", "lesson_minutes") == "fail"
    )


@pytest.mark.parametrize("category", ["skill", "upgrade", "transfer"])
def test_daily_average_exactly_at_the_minimum_passes_and_one_hour_less_fails(category):
    rule_id, per_day = DAILY[category]
    days_ = 10
    exact = answer(plan(per_day * days_, days=days_, category=category))
    assert status(exact, rule_id) == "pass"
    out = answer(plan(per_day * days_ - 1, days=days_, category=category))
    assert status(out, rule_id) == "fail"
    assert one(out, rule_id)["fix"] == f"再增加 1 课时，或把培训天数调整为 {days_ - 1} 天"


def test_each_day_reading_needs_the_daily_hours_and_names_the_short_days():
    per_day = 6
    inp = plan(per_day * 3, days=3)
    assert "每天课时" in answer(inp, readings={"daily_average": "each_day"})["message"]
    uneven = inp | {"daily_hours": [str(per_day + 1), str(per_day), str(per_day - 1)]}
    assert status(answer(uneven), "CQ16-DAILY-6") == "pass"
    out = answer(uneven, readings={"daily_average": "each_day"})
    assert status(out, "CQ16-DAILY-6") == "fail"
    # the hour is practical: one more hour of theory would lower the practical share (11 of 19)
    assert one(out, "CQ16-DAILY-6")["fix"] == "再增加 1 课时实训操作，加在第3天"


@pytest.mark.parametrize("category", ["skill", "upgrade", "transfer"])
def test_featured_minimum_total_passes_at_its_value_and_fails_one_below(category):
    least = FEATURED[category]
    per_day = DAILY[category][1]
    inp = dict(category=category, catalogue="featured")
    assert status(answer(plan(least, days=least // per_day, **inp)), "CQ16-FEATURED-MIN") == "pass"
    out = answer(plan(least - 1, days=(least - 1) // per_day, **inp))
    assert status(out, "CQ16-FEATURED-MIN") == "fail"
    assert one(out, "CQ16-FEATURED-MIN")["fix"] == "再增加 1 课时"


@pytest.mark.parametrize("category", ["prejob", "adapt"])
def test_short_courses_at_their_longest_pass_and_one_day_more_fails(category):
    rule_id, most = SHORT_DAYS[category]
    assert status(answer(short_plan(category, most)), rule_id) == "pass"
    out = answer(short_plan(category, most + 1))
    assert status(out, rule_id, "days") == "fail"
    assert status(out, rule_id, "daily") == "pass"


@pytest.mark.parametrize("category", ["prejob", "adapt"])
def test_short_courses_need_8_hours_a_day(category):
    rule_id, _ = SHORT_DAYS[category]
    inp = short_plan(category, 1)  # 8 hours in 1 day
    assert status(answer(inp), rule_id, "daily") == "pass"
    inp["modules"][1]["practical_hours"] = str(Decimal(inp["modules"][1]["practical_hours"]) - 1)
    assert status(answer(inp), rule_id, "daily") == "fail"


def test_short_course_theory_share_below_the_minimum_fails():
    inp = short_plan("prejob", 1)
    theory = Decimal(inp["modules"][0]["theory_hours"])
    inp["modules"][0]["theory_hours"] = str(theory - 1)
    inp["modules"][1]["practical_hours"] = str(Decimal(inp["modules"][1]["practical_hours"]) + 1)
    assert status(answer(inp), "CQ16-PREJOB", "theory_share") == "fail"


def test_days_against_the_subsidy_conversion():
    inp = plan(60, days=10, subsidy_yuan=str(LO * 10))
    assert status(answer(inp), "CQ16-DAYS") == "pass"
    out = answer(inp | {"days": "11"})
    assert status(out, "CQ16-DAYS") == "fail"
    assert status(answer(plan(60, days=10)), "CQ16-DAYS") == "advisory"


def test_exception_scope_reading_switches_the_60_percent_off():
    inp = plan(practical=20, exception=True)
    assert status(answer(inp), "CQ16-PRACTICAL-60") == "fail"
    assert status(answer(inp), "CQ16-DAYS") == "not_applicable"
    out = answer(inp, readings={"exception_scope": "all"})
    assert status(out, "CQ16-PRACTICAL-60") == "not_applicable"
    assert out["status"] == "pass"


@pytest.mark.parametrize(
    ("total", "days_", "expected"),
    [(32, "1", "advisory"), (33, "1", "fail"), (40, "0.5", "fail"), (40, "3", "pass"),
     (41, "3", "advisory"), (80, "6", "pass")],
)  # fmt: skip
def test_lessons_must_fit_in_the_days(total, days_, expected):
    """45-minute lessons: 32 a day are exactly 24 hours (advised against, not impossible),
    33 do not fit; 40 in 3 days are exactly 10 hours a day (a long but sane school day)."""
    out = answer(plan(total, days=days_))
    fits = next(c for c in out["checks"] if c["name"] == "day_fits")
    assert fits["status"] == expected, fits["message"]
    if expected == "fail":
        assert out["status"] == "fail" and "一天排不下" in fits["message"]
        guided = answer(plan(total, days=days_), readings={"binding": "guidance"})
        assert next(c for c in guided["checks"] if c["name"] == "day_fits")["status"] == "fail"
    if expected != "pass":  # days enough for 10 hours a day, not so many the average drops
        assert fits["fix"].startswith("把培训天数调整为 ")
