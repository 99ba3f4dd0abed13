"""The plan check's fixes (calc/questions/plan_fix.py): the first fix a failing finding offers,
taken as its words say, passes that finding and fails nothing that passed. No fix goes in
circles (5 more practical hours for the 60% that fail the ethics 10%, whose fix fails the
60% again).

Each fix is read here as a user reads it, from its Chinese words, and applied to the plan's
input by this file's own reading of them (not calc's); the question is then answered again.
Plans: the examples, and plans generated at the edges of every hours rule (the practical
and ethics shares, the daily minimum, the short courses' theory share, 40 and 50 minutes a
lesson, the subsidy's day range), the rule values read from the rules."""

from __future__ import annotations

import copy
import math
import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from calc.cq16.hours import DAILY, ethics_10, lesson_min, practical_60, prejob, yuan_bounds
from calc.examples import cases
from calc.questions.plan_fix import RESPREAD
from tests.questions.test_plan_check import answer, mod

P_SHARE = practical_60.rule.decimal("min_share")
E_SHARE = ethics_10.rule.decimal("min_share")
T_SHARE = prejob.rule.decimal("min_theory_share")
MIN_MINUTES = int(lesson_min.rule.decimal("min_minutes"))
MAX_MINUTES = int(lesson_min.rule.decimal("max_minutes"))
YUAN_LOW, YUAN_HIGH = yuan_bounds()
MOST_A_DAY = 36  # calc.course.DayHours: the most hours one day of daily_hours may hold

KINDS = {"实训操作": ("practical", False), "理论学习": ("theory", False),
         "职业道德等内容": ("theory", True)}  # fmt: skip
"""What the words of an added kind of hours are: the form they are taught in, ethics or not."""


# ---- reading a fix and applying it, as a user would ----------------------------------------


def _hours(m: dict[str, Any]) -> tuple[Decimal, Decimal]:
    return Decimal(m["theory_hours"]), Decimal(m["practical_hours"])


def _set(m: dict[str, Any], theory: Decimal, practical: Decimal) -> None:
    m["theory_hours"], m["practical_hours"] = str(theory), str(practical)


def _add(inp: dict[str, Any], form: str, hours: int, ethics: bool, name: str = "补充") -> None:
    if hours <= 0:
        return
    kind = "practical" if form == "practical" else "lecture"
    theory, practical = (0, hours) if form == "practical" else (hours, 0)
    inp["modules"].append(mod(name, theory, practical, kind=kind, ethics=ethics))


def _spread(inp: dict[str, Any], hours: int, on: dict[int, int] | None = None) -> None:
    """Keep the day-by-day hours equal to the total: ``on`` (day → hours) first, the rest
    one hour at a time on the days with room."""
    if inp.get("daily_hours") is None:
        return
    daily = [Decimal(h) for h in inp["daily_hours"]]
    for day, h in (on or {}).items():
        daily[day - 1] += h
    rest = hours - sum((on or {}).values())
    while rest > 0:
        i = next(i for i, h in enumerate(daily) if h + 1 <= MOST_A_DAY)
        daily[i] += 1
        rest -= 1
    inp["daily_hours"] = [str(h) for h in daily]


def _relabel(inp: dict[str, Any], hours: int, sources: tuple[str, ...], target: str) -> None:
    """Move ``hours`` of ``sources`` (theory, practical) to ``target`` within modules: to
    the other form, or (``ethics``) split off into an ethics module of the same mode and
    kind. Offline modules first, modules of ethics content last (never for ``ethics``)."""
    left = Decimal(hours)
    order = sorted(inp["modules"], key=lambda m: (m.get("ethics", False), m["mode"] != "offline"))
    for source in sources:
        for m in order:
            if m.get("ethics", False) and target == "ethics":
                continue
            hours_of = dict(zip(("theory", "practical"), _hours(m), strict=True))
            k = min(left, hours_of[source])
            left -= k
            hours_of[source] -= k
            if target == "ethics" and k:
                form = (k, 0) if source == "theory" else (0, k)
                inp["modules"].append(mod("改为职业道德等内容", *form, mode=m["mode"],
                                          kind=m["kind"], ethics=True))  # fmt: skip
            elif target != "ethics":
                hours_of[target] += k
            _set(m, hours_of["theory"], hours_of["practical"])
    inp["modules"] = [m for m in inp["modules"] if sum(_hours(m))]
    assert left == 0, f"not enough hours to relabel: {hours}"


def _offline(inp: dict[str, Any], hours: Decimal) -> None:
    """Move ``hours`` of online modules offline (splitting the last one)."""
    for m in [m for m in inp["modules"] if m["mode"] == "online"]:
        theory, practical = _hours(m)
        if hours <= 0:
            break
        if theory + practical <= hours:
            m["mode"], hours = "offline", hours - theory - practical
            continue
        k_theory = min(theory, hours)
        _set(m, theory - k_theory, practical - (hours - k_theory))
        inp["modules"].append(mod("改为线下", k_theory, hours - k_theory, kind=m["kind"],
                                  ethics=m.get("ethics", False)))  # fmt: skip
        hours = Decimal(0)


KIND = "(实训操作|职业道德等内容|理论学习)"


def _fewer(inp: dict[str, Any], hours: int, form: str) -> None:
    """Take ``hours`` of ``form`` off modules without ethics content, and off the fullest
    days of the day-by-day hours."""
    left = Decimal(hours)
    for m in (m for m in inp["modules"] if not m.get("ethics", False)):
        theory, practical = _hours(m)
        if form == "theory":
            k = min(left, theory)
            _set(m, theory - k, practical)
        else:
            k = min(left, practical)
            _set(m, theory, practical - k)
        left -= k
    assert left == 0, f"not enough {form} hours to take off: {hours}"
    inp["modules"] = [m for m in inp["modules"] if sum(_hours(m))]
    if inp.get("daily_hours") is not None:
        daily = [Decimal(h) for h in inp["daily_hours"]]
        for _ in range(hours):
            daily[daily.index(max(daily))] -= 1
        inp["daily_hours"] = [str(h) for h in daily]


ADDED = re.compile(rf"(\d+) 课时{KIND}(?:（(均|其中 (\d+) 课时)为{KIND}）)?")
"""``8 课时实训操作（其中 2 课时为职业道德等内容）``: hours, what, and how many of them are
also the other thing (均: all)."""
PLACED = re.compile(
    r"(?:，加在第(\d+)天|；按天加：((?:第\d+天(?:至少)? \d+ 课时、?)+)(?:，其余加到任意一天)?)$"
)


def _added(inp: dict[str, Any], total: int, rest: str, free: str) -> None:
    """``再增加 {total} 课时{rest}``: the named hours, the others (any kind) as ``free``."""
    on: dict[int, int] = {}
    placed = PLACED.search(rest)
    if placed:
        rest = rest[: placed.start()]
        if placed.group(1):
            on[int(placed.group(1))] = total
        else:
            found = re.findall(r"第(\d+)天(?:至少)? (\d+) 课时", placed.group(2))
            on = {int(d): int(h) for d, h in found}
    items = []
    if rest.startswith("："):
        body = rest[1:].removesuffix("，其余不限")
        items = body.split("、")
    elif rest:
        items = [f"{total} 课时{rest}"]
    named = 0
    for item in items:
        m = ADDED.fullmatch(item)
        assert m, f"added hours not understood: {item!r}"
        hours, what, both = int(m[1]), m[2], m[3]
        form, ethics = KINDS[what]
        also = 0 if both is None else hours if both == "均" else int(m[4])
        _add(inp, "practical", also, True)  # practical of ethics content: both at once
        _add(inp, form, hours - also, ethics)
        named += hours
    _add(inp, free, total - named, False)
    _spread(inp, total, on)


def _respread(inp: dict[str, Any]) -> dict[str, Any]:
    """``inp`` with its day-by-day hours spread evenly over its days (the last day of a
    fractional count its share; to 0.01 down, the rest on the last day)."""
    d = Fraction(inp["days"])
    total = sum(sum(_hours(m)) for m in inp["modules"])
    each = [math.floor(Fraction(total) / d * min(1, d - i) * 100) for i in range(math.ceil(d))]
    daily = [Decimal(h) / 100 for h in each]
    daily[-1] += total - sum(daily)
    return inp | {"daily_hours": [str(h) for h in daily]}


def take_fix(inp: dict[str, Any], fix: str) -> list[dict[str, Any]]:
    """The plan(s) after the first fix of ``fix``: a range gives both ends, hours of any
    kind are tried as theory and as practical."""
    first = fix.split("，或")[0]
    first, respread = first.removesuffix(f"；{RESPREAD}"), first.endswith(f"；{RESPREAD}")
    plans = [copy.deepcopy(inp) | ({"daily_hours": None} if respread else {})]  # set anew below
    for part in first.split("，并"):
        plans = [after for p in plans for after in _take(p, part)]
    changed_days = any(p["days"] != inp["days"] for p in plans)
    assert respread is (changed_days and inp.get("daily_hours") is not None), fix
    return [_respread(p) for p in plans] if respread else plans


def _take(inp: dict[str, Any], part: str) -> list[dict[str, Any]]:
    out = []
    if m := re.fullmatch(r"把培训天数调整为 ([\d.]+)(?:—([\d.]+))? 天", part):
        return [inp | {"days": end} for end in {m[1], m[2] or m[1]}]
    if m := re.fullmatch(r"核对补贴标准：[\d.]+ 天应为 ([\d.]+)—([\d.]+) 元", part):
        return [inp | {"subsidy_yuan": end} for end in (m[1], m[2])]
    if m := re.fullmatch(r"把每课时调整为 (\d+)(?:—(\d+))? 分钟(?:（相差 \d+ 分钟）)?", part):
        return [inp | {"lesson_minutes": int(end)} for end in {m[1], m[2] or m[1]}]
    if m := re.fullmatch(r"把 (\d+) 课时理论课改为实训操作", part):
        _relabel(inp, int(m[1]), ("theory",), "practical")
    elif m := re.fullmatch(r"把 (\d+) 课时实训操作改为理论学习", part):
        _relabel(inp, int(m[1]), ("practical",), "theory")
    elif m := re.fullmatch(r"把 (\d+) 课时(其他内容|理论课)改为职业道德等内容", part):
        sources = ("theory",) if m[2] == "理论课" else ("theory", "practical")
        _relabel(inp, int(m[1]), sources, "ethics")
    elif m := re.fullmatch(r"把 ?(?:至少 )?([\d.]+) 课时线上内容改为线下", part):
        _offline(inp, Decimal(m[1]))
    elif m := re.fullmatch(r"把((?:第\d+行、?)+)(?:“.*”|（共 [\d.]+ 课时）)改为线下", part):
        for row in re.findall(r"第(\d+)行", m[1]):
            inp["modules"][int(row) - 1]["mode"] = "offline"
    elif m := re.fullmatch(r"减少 (\d+) 人", part):
        inp["trainees"] -= int(m[1])
    elif part.startswith("减少 "):
        for hours, what in re.findall(r"(\d+) 课时(理论学习|实训操作)", part):
            _fewer(inp, int(hours), KINDS[what][0])
    elif m := re.fullmatch(r"再增加 (\d+) 课时(.*)", part):
        for free in ("theory", "practical"):
            after = copy.deepcopy(inp)
            _added(after, int(m[1]), m[2], free)
            out.append(after)
        return out
    elif days := re.findall(r"第(\d+)天再增加 (\d+) 课时", part):
        on = {int(d): int(h) for d, h in days}
        for free in ("theory", "practical"):
            after = copy.deepcopy(inp)
            _add(after, free, sum(on.values()), False)
            _spread(after, sum(on.values()), on)
            out.append(after)
        return out
    else:
        raise AssertionError(f"fix not understood: {part!r}")
    return [inp]


def failing(out: dict[str, Any]) -> set[tuple[str, str]]:
    return {(c["rule"], c["name"]) for c in out["checks"] if c["status"] == "fail"}


def assert_first_fixes_hold(inp: dict[str, Any], readings: dict[str, str]) -> int:
    """Take the first fix of every failing finding of ``inp``; the number of fixes taken."""
    before = answer(inp, readings=readings)
    assert "error" not in before, before.get("message")
    taken = 0
    for c in before["checks"]:
        if c["status"] != "fail" or not c["fix"]:
            continue
        target = (c["rule"], c["name"])
        for after_inp in take_fix(inp, c["fix"]):
            after = answer(after_inp, readings=readings)
            assert "error" not in after, (c["fix"], after.get("message"))
            # a finding about one module (content_row2) is gone once that module is mended;
            # the platform is not asked about once nothing is online; lessons that fit in a
            # day only with over ten hours a day are advised against, no longer impossible
            status = next((x["status"] for x in after["checks"]
                           if (x["rule"], x["name"]) == target), "pass")  # fmt: skip
            fixed = ("pass", "not_applicable", *(("advisory",) if c["name"] == "day_fits" else ()))
            new = failing(after) - failing(before)
            assert status in fixed and not new, (
                c["rule"], c["fix"], status, new, readings,
            )  # fmt: skip
        taken += 1
    return taken


# ---- the plans --------------------------------------------------------------------------------


def test_the_circle_of_issue_15_is_broken():
    """34 practical of 60 hours (ethics 6): 5 more practical hours alone would leave ethics
    at 6 of 65 (9.2%); the fix names one of the five as ethics content, and holds."""
    modules = [mod("理论", 20), mod("职业道德", 6, ethics=True),
               mod("实操", practical=34, kind="practical")]  # fmt: skip
    inp = {"category": "skill", "days": "10", "lesson_minutes": 45, "trainees": 30,
           "platform_meets_standard": True, "modules": modules}  # fmt: skip
    fix = next(c["fix"] for c in answer(inp)["checks"] if c["rule"] == "CQ16-PRACTICAL-60")
    assert fix.startswith("再增加 5 课时实训操作（其中 1 课时为职业道德等内容）")
    assert assert_first_fixes_hold(inp, {}) == 1
    separate = {"ethics_overlap": "separate"}  # ethics hours do not count as practical
    fix = next(c["fix"] for c in answer(inp, readings=separate)["checks"]
               if c["rule"] == "CQ16-PRACTICAL-60")  # fmt: skip
    assert fix.startswith("再增加 8 课时：7 课时实训操作、1 课时职业道德等内容")
    assert assert_first_fixes_hold(inp, separate) == 1


@pytest.mark.parametrize(
    "case", [c for c in cases() if c.question == "plan-check" and c.failed], ids=lambda c: c.name
)
def test_the_first_fix_of_every_failing_example_holds(case):
    readings = case.context.get("readings", {})
    assert assert_first_fixes_hold(case.input, readings) >= len(case.failed)


def _skill_plan(draw: Any) -> tuple[dict[str, Any], dict[str, str]]:
    category = draw(st.sampled_from(["skill", "upgrade", "transfer"]))
    per_day = DAILY[category].rule.decimal("min_hours_per_day")
    total = draw(st.integers(10, 150))
    practical = math.ceil(P_SHARE * total) + draw(st.integers(-3, 1))
    ethics = max(0, math.ceil(E_SHARE * total) + draw(st.integers(-2, 1)))
    practical = max(0, min(practical, total - ethics))
    theory = total - practical - ethics
    online = draw(st.integers(0, theory))
    days = max(1, math.floor(total / per_day) + draw(st.integers(-1, 1)))
    if draw(st.integers(0, 9)) == 0:  # too few days for the lessons: over 10 or 24 hours a day
        days = max(1, total // draw(st.sampled_from([14, 33])))
    modules = [mod("线上理论", online, mode="online"), mod("线下理论", theory - online),
               mod("职业道德与安全", ethics, ethics=True),
               mod("实操训练", practical=practical, kind="practical")]  # fmt: skip
    catalogue = draw(st.sampled_from(["dadian", "special_ability", "featured"]))
    inp = {"category": category, "catalogue": catalogue, "days": str(days), "modules": modules}
    if draw(st.booleans()):  # a subsidy whose day range ends at, or just off, these days
        yuan = draw(st.sampled_from([YUAN_HIGH * days, YUAN_LOW * days, YUAN_HIGH * days + 1,
                                     YUAN_LOW * days - 1]))  # fmt: skip
        inp["subsidy_yuan"] = str(yuan)
    readings = {"ethics_overlap": draw(st.sampled_from(["overlap", "separate"]))}
    if draw(st.booleans()) and total <= (MOST_A_DAY - 2) * days:  # each day's hours, one short
        readings["daily_average"] = "each_day"
        share = Fraction(total, days)
        daily = [math.floor(share)] * days
        daily[-1] += total - sum(daily)
        if days > 1 and draw(st.booleans()):
            daily[0], daily[-1] = daily[0] - 1, daily[-1] + 1
        inp["daily_hours"] = [str(h) for h in daily]
    return inp, readings


def _short_plan(draw: Any) -> tuple[dict[str, Any], dict[str, str]]:
    category = draw(st.sampled_from(["prejob", "adapt"]))
    rule = DAILY[category].rule
    per_day = rule.decimal("min_hours_per_day")
    days = draw(st.integers(1, int(rule.decimal("max_days")) + 1))
    total = max(2, int(per_day * days) + draw(st.integers(-2, 1)))
    theory = max(1, min(total - 1, math.ceil(T_SHARE * total) + draw(st.integers(-2, 1))))
    modules = [mod("讲授", theory), mod("实操", practical=total - theory, kind="practical")]
    return {"category": category, "days": str(days), "modules": modules}, {}


LONG_DAYS_AT_39_MINUTES = {
    "category": "skill", "catalogue": "dadian", "days": "4", "lesson_minutes": 39,
    "trainees": 30, "platform_meets_standard": True,
    "modules": [mod("线下理论", 43), mod("职业道德与安全", 15, ethics=True),
                mod("实操训练", practical=87, kind="practical")],
}  # fmt: skip
"""Found by the search below: lessons one minute short, and too many hours for the days,
whose fix names the minute ("相差 1 分钟")."""


@st.composite
def edge_plans(draw: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """A plan at (or one step off) the edge of every hours rule that covers it."""
    inp, readings = draw(st.sampled_from([_skill_plan, _short_plan]))(draw)
    minutes = draw(st.sampled_from([MIN_MINUTES - 1, MIN_MINUTES, MAX_MINUTES, MAX_MINUTES + 1]))
    inp |= {"lesson_minutes": minutes, "trainees": draw(st.sampled_from([30, 51])),
            "platform_meets_standard": True}  # fmt: skip
    inp["modules"] = [m for m in inp["modules"] if sum(_hours(m))]
    return inp, readings


@settings(max_examples=250, deadline=None)
@given(plan=edge_plans())
@example(plan=(LONG_DAYS_AT_39_MINUTES, {"ethics_overlap": "overlap"}))
def test_the_first_fix_of_every_failing_finding_holds(plan):
    inp, readings = plan
    assert_first_fixes_hold(inp, readings)


def test_a_longer_lesson_is_offered_only_as_far_as_the_days_hold_it():
    """At 39 minutes a lesson is one minute short; 40—50 is the text's range, but the longer
    lessons must still fit in the days (24 hours a day): 120 hours in 4 days fit up to 48
    minutes; 145 hours fit at no allowed length, so more days come with the fix."""

    def lesson_fix(hours: int) -> str:
        inp = LONG_DAYS_AT_39_MINUTES | {
            "modules": [mod("讲授", hours - 70), mod("实操", practical=70, kind="practical")]
        }
        return next(c["fix"] for c in answer(inp)["checks"] if c["name"] == "lesson_minutes")

    assert lesson_fix(120) == "把每课时调整为 40—48 分钟"
    assert lesson_fix(144) == "把每课时调整为 40 分钟"
    assert lesson_fix(145).startswith("把培训天数调整为 ")
    assert lesson_fix(145).endswith("天，并把每课时调整为 40 分钟")
    assert lesson_fix(100) == "把每课时调整为 40—50 分钟"
