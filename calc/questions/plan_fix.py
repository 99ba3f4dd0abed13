"""The fixes of the plan check (question ``plan-check``), computed against every rule of the
question at once.

A rule's own fix looks at that rule alone, and taking it may fail another: five more
practical hours for the 60% lower the ethics share below its 10%, and the ethics hour
that mends it lowers the practical share again. Here a failing hours finding gets, of each
kind of change (add hours, relabel hours, move the days, change the lesson length), the
smallest :class:`Change` that meets every hours rule the plan is held to at once: the
practical, ethics and theory shares, the daily average (or each day's hours), the
featured minimum, the subsidy's day range, a short course's days and lessons that fit in
the days. The values are the rules' own (read from their check functions). A change is
offered only when the question, answered again for the changed plan (at both ends of a
range), passes the finding it fixes and fails nothing that passed before; the first one
offered is the one to take.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from calc.checks import RuleCheck
from calc.course import CoursePlan, Module
from calc.cq16.hours import (
    DAILY,
    DAY_MINUTES,
    SCHOOL_DAY_MINUTES,
    DayRange,
    adapt,
    day_range,
    days,
    ethics_10,
    featured_min,
    lesson_min,
    practical_60,
    prejob,
    yuan_bounds,
)
from calc.exact import dec
from calc.kinds import ContentKind, Mode
from calc.readings import Readings
from calc.result import Check, Context, Status
from calc.text import num

Answer = Callable[[CoursePlan, Context], list[Check]]
"""The question's findings for a plan, without fixes (``calc.questions.plan_check``)."""
Key = tuple[str, str]
"""A finding by rule and name."""
PRACTICAL, ETHICS, THEORY = "实训操作", "职业道德等内容", "理论学习"
NOT_HELD = (Status.NOT_APPLICABLE, Status.OUTSIDE)
RESPREAD = "每天课时按新天数重排"
"""Said of a change of days to a plan that lists each day's hours: spread them anew, evenly."""


# ---- what a plan is held to --------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """The hours rules that cover a plan, with their values (None: the rule does not)."""

    practical: Fraction | None
    ethics: Fraction | None
    theory: Fraction | None
    per_day: Fraction | None
    featured: Fraction | None
    short_days: tuple[Fraction, Fraction] | None
    subsidy_days: DayRange | None
    minutes: tuple[int, int] | None
    readings: Readings

    @property
    def unit(self) -> Fraction:
        """The step of a day count: a whole or a half day (reading ``days_unit``)."""
        return Fraction(1) if self.readings.days_unit == "whole" else Fraction(1, 2)

    @property
    def each_day(self) -> bool:
        return self.readings.daily_average == "each_day"


def limits(plan: CoursePlan, found: list[Check], readings: Readings) -> Limits:
    """What the findings ``found`` of ``plan`` show it is held to."""
    held = {c.rule for c in found if c.status not in NOT_HELD}

    def value(f: RuleCheck[Any, Any] | None, key: str) -> Fraction | None:
        return Fraction(f.rule.decimal(key)) if f is not None and f.rule_id in held else None

    short = next((f for f in (prejob, adapt) if f.rule_id in held), None)
    lesson = lesson_min.rule
    return Limits(
        practical=value(practical_60, "min_share"),
        ethics=value(ethics_10, "min_share"),
        theory=value(short, "min_theory_share"),
        per_day=value(DAILY.get(plan.category), "min_hours_per_day"),
        featured=value(featured_min, plan.category.value),
        short_days=(
            (Fraction(short.rule.decimal("min_days")), Fraction(short.rule.decimal("max_days")))
            if short
            else None
        ),
        subsidy_days=(
            day_range(plan.subsidy_yuan, readings.days_unit)
            if plan.subsidy_yuan is not None and days.rule_id in held
            else None
        ),
        minutes=(
            (int(lesson.decimal("min_minutes")), int(lesson.decimal("max_minutes")))
            if lesson_min.rule_id in held
            else None
        ),
        readings=readings,
    )


@dataclass(frozen=True)
class Hours:
    """A plan's hours as the shares count them, exactly."""

    total: Fraction
    practical: Fraction
    ethics: Fraction
    theory: Fraction

    @classmethod
    def of(cls, plan: CoursePlan, readings: Readings) -> Hours:
        t = plan.totals(readings)
        return cls(*(Fraction(x) for x in (t.total, t.practical_counted, t.ethics, t.theory)))


# ---- a change to a plan --------------------------------------------------------------------


@dataclass(frozen=True)
class Added:
    """Whole lesson-hours to add, taught offline: practical (not ethics content), practical
    of ethics content (it counts toward both shares under reading ``ethics_overlap =
    overlap``), ethics content taught as theory, theory, hours of any kind; and, under the
    ``each_day`` reading, the days short of the daily minimum with the hours each needs."""

    practical: int = 0
    ethics_practical: int = 0
    ethics: int = 0
    theory: int = 0
    free: int = 0
    on_days: tuple[tuple[int, int], ...] = ()

    @property
    def total(self) -> int:
        return self.practical + self.ethics_practical + self.ethics + self.theory + self.free

    def text(self) -> str:
        """``再增加 5 课时实训操作（其中 1 课时为职业道德等内容）``; ``再增加 8 课时：6 课时
        实训操作、1 课时职业道德等内容，其余不限``; with the days short of the minimum
        ``…；按天加：第1天至少 1 课时、第3天至少 2 课时，其余加到任意一天``."""
        both = self.ethics_practical
        items = []
        if both and not self.practical:  # the ethics hours lead: 均为, or 其中 some, practical
            some = "均" if not self.ethics else f"其中 {both} 课时"
            items.append(f"{self.ethics + both} 课时{ETHICS}（{some}为{PRACTICAL}）")
        elif both:
            items.append(f"{self.practical + both} 课时{PRACTICAL}（其中 {both} 课时为{ETHICS}）")
        else:
            items += [f"{n} 课时{what}" for n, what in
                      ((self.practical, PRACTICAL), (self.ethics, ETHICS)) if n]  # fmt: skip
        if self.theory:
            items.append(f"{self.theory} 课时{THEORY}")
        if not items:
            said = f"再增加 {self.total} 课时"
        elif len(items) == 1 and not self.free:
            said = f"再增加 {items[0]}"
        else:
            rest = "，其余不限" if self.free else ""
            said = f"再增加 {self.total} 课时：{'、'.join(items)}{rest}"
        if not self.on_days:
            return said
        if not items and sum(h for _, h in self.on_days) == self.total:
            return "；".join(f"第{n}天再增加 {h} 课时" for n, h in self.on_days)
        if len(self.on_days) == 1 and self.on_days[0][1] == self.total:
            return f"{said}，加在第{self.on_days[0][0]}天"
        more = sum(h for _, h in self.on_days) < self.total
        least = "至少" if more else ""
        placed = "、".join(f"第{n}天{least} {h} 课时" for n, h in self.on_days)
        return f"{said}；按天加：{placed}" + ("，其余加到任意一天" if more else "")

    def modules(self) -> list[Module]:
        """The hours as offline modules (hours of any kind as theory)."""
        rows = [
            ("补充实训操作", 0, self.practical, ContentKind.PRACTICAL, False),
            ("补充职业道德等内容实训", 0, self.ethics_practical, ContentKind.PRACTICAL, True),
            ("补充职业道德等内容", self.ethics, 0, ContentKind.LECTURE, True),
            ("补充理论", self.theory + self.free, 0, ContentKind.LECTURE, False),
        ]
        return [
            Module(name=name, theory_hours=Decimal(theory), practical_hours=Decimal(practical),
                   mode=Mode.OFFLINE, kind=kind, ethics=ethics)
            for name, theory, practical, kind, ethics in rows
            if theory + practical
        ]  # fmt: skip


Span = tuple[Fraction, Fraction]
"""The lowest and highest of a range of values offered (equal for one value)."""


@dataclass(frozen=True)
class Change:
    """One way to change a plan, as a fix says it: the subsidy, days or lesson minutes (a
    range each; a plan listing each day's hours spreads them anew over the days), hours
    relabelled, hours added."""

    subsidy: Span | None = None
    days: Span | None = None
    minutes: Span | None = None
    to_practical: int = 0
    to_theory: int = 0
    to_ethics: int = 0
    fewer: tuple[tuple[str, int], ...] = ()
    added: Added | None = None
    separate: bool = field(default=False, compare=False)
    respread: bool = field(default=False, compare=False)

    def text(self) -> str:
        parts = []
        if self.subsidy:
            per_day = Fraction(yuan_bounds()[1])
            said = f"{num(dec(self.subsidy[1] / per_day))} 天应为 {_span(self.subsidy)} 元"
            parts.append(f"核对补贴标准：{said}")
        if self.days:
            parts.append(f"把培训天数调整为 {_span(self.days)} 天")
        if self.minutes:
            parts.append(f"把每课时调整为 {_span(self.minutes)} 分钟")
        if self.to_practical:
            parts.append(f"把 {self.to_practical} 课时理论课改为{PRACTICAL}")
        if self.to_theory:
            parts.append(f"把 {self.to_theory} 课时{PRACTICAL}改为{THEORY}")
        if self.to_ethics:
            source = "理论课" if self.separate else "其他内容"
            parts.append(f"把 {self.to_ethics} 课时{source}改为{ETHICS}")
        if self.fewer:
            parts.append("减少 " + "、".join(f"{n} 课时{form}" for form, n in self.fewer))
        if self.added:
            parts.append(self.added.text())
        return "，并".join(parts) + (f"；{RESPREAD}" if self.respread else "")

    def ends(self) -> Iterator[dict[str, Decimal | int]]:
        """The plan's fields at each end of the ranges (both ends bound every rule)."""
        for i in (0, 1):
            at: dict[str, Decimal | int] = {}
            if self.subsidy:
                at["subsidy_yuan"] = dec(self.subsidy[i])
            if self.days:
                at["days"] = dec(self.days[i])
            if self.minutes:
                at["lesson_minutes"] = int(self.minutes[i])
            yield at

    def apply(self, plan: CoursePlan, at: dict[str, Decimal | int]) -> CoursePlan:
        """``plan`` changed so, with the fields ``at`` one end of the ranges."""
        modules = _cut(_relabel(list(plan.modules), self), self)
        daily = list(plan.daily_hours) if plan.daily_hours is not None else None
        if daily and self.fewer:
            daily = _cut_days(daily, Decimal(sum(n for _, n in self.fewer)))
        if self.added:
            modules += self.added.modules()
            if daily:
                for n, h in self.added.on_days:
                    daily[n - 1] += h
                daily[-1] += self.added.total - sum(h for _, h in self.added.on_days)
        if daily and "days" in at:
            total = sum((m.theory_hours + m.practical_hours for m in modules), Decimal(0))
            daily = spread(total, Fraction(at["days"]))
        return plan.model_copy(update={**at, "modules": modules, "daily_hours": daily})


def spread(total: Decimal, d: Fraction) -> list[Decimal]:
    """``total`` hours over ``d`` days evenly (the last day of a fractional count its
    share), to 0.01 down, the rest on the last day."""
    share = Fraction(total) / d
    hours = [
        Decimal(math.floor(share * min(Fraction(1), d - i) * 100)) / 100
        for i in range(math.ceil(d))
    ]
    hours[-1] += total - sum(hours)
    return hours


def _span(s: Span) -> str:
    low, high = num(dec(s[0])), num(dec(s[1]))
    return low if low == high else f"{low}—{high}"


def _take(m: Module, theory: Decimal, practical: Decimal) -> Module:
    return m.model_copy(
        update={"theory_hours": m.theory_hours - theory,
                "practical_hours": m.practical_hours - practical}
    )  # fmt: skip


def _cut(modules: list[Module], c: Change) -> list[Module]:
    """The modules with ``c.fewer`` hours (of theory, of practical) taken off modules not
    of ethics content, in order."""
    out = list(modules)
    for form, hours in c.fewer:
        left = Decimal(hours)
        for i, m in enumerate(out):
            have = m.theory_hours if form == THEORY else m.practical_hours
            k = Decimal(0) if m.ethics else min(left, have)
            left -= k
            out[i] = _take(m, k, Decimal(0)) if form == THEORY else _take(m, Decimal(0), k)
    return out


def _cut_days(daily: list[Decimal], hours: Decimal) -> list[Decimal]:
    """``hours`` taken off the day-by-day hours, an hour at a time off the fullest day."""
    out = list(daily)
    while hours > 0:
        i = out.index(max(out))
        k = min(hours, Decimal(1), out[i])
        out[i] -= k
        hours -= k
    return out


def _relabel(modules: list[Module], c: Change) -> list[Module]:
    """The modules with ``c``'s hours relabelled: theory to practical and practical to
    theory within a module (offline modules first); hours given ethics content split off
    a module into an ethics module of the same mode and kind (theory first)."""
    order = sorted(range(len(modules)), key=lambda i: modules[i].mode is not Mode.OFFLINE)
    left = {"to_practical": Decimal(c.to_practical), "to_theory": Decimal(c.to_theory),
            "to_ethics": Decimal(c.to_ethics)}  # fmt: skip
    out = list(modules)
    for i in order:
        m = out[i]
        if not (m.ethics and c.separate):
            k = min(left["to_practical"], m.theory_hours)
            left["to_practical"] -= k
            m = _take(m, k, -k)
        k = min(left["to_theory"], m.practical_hours)
        left["to_theory"] -= k
        m = _take(m, -k, k)
        out[i] = m
    for i in order:
        m = out[i]
        if m.ethics or not left["to_ethics"]:
            continue
        theory = min(left["to_ethics"], m.theory_hours)
        practical = Decimal(0) if c.separate else min(left["to_ethics"] - theory, m.practical_hours)
        left["to_ethics"] -= theory + practical
        out[i] = _take(m, theory, practical)
        out.append(m.model_copy(update={"theory_hours": theory, "practical_hours": practical,
                                        "ethics": True}))  # fmt: skip
    return out


# ---- the smallest changes -----------------------------------------------------------------


def _up(x: Fraction) -> int:
    return max(0, math.ceil(x))


def _short_days(plan: CoursePlan, lim: Limits) -> tuple[tuple[int, int], ...]:
    """Under ``each_day``: each day below the daily minimum (the last day of a fractional
    day count needs its share) and the whole hours it lacks."""
    if not lim.each_day or lim.per_day is None or plan.daily_hours is None:
        return ()
    d = Fraction(plan.days)
    found = []
    for i, h in enumerate(plan.daily_hours):
        lack = _up(lim.per_day * min(Fraction(1), d - i) - Fraction(h))
        if lack:
            found.append((i + 1, lack))
    return tuple(found)


def added(plan: CoursePlan, lim: Limits, d: Fraction, respread: bool = False) -> Added | None:
    """The fewest hours to add to ``plan`` held to ``lim`` over ``d`` days, and of what,
    so that every share, the daily minimum and the featured minimum hold together; None
    when they would not fit in the days. Under ``each_day`` the hours go to the days short
    of the minimum, unless the days' hours are spread anew (``respread``)."""
    h, overlap = Hours.of(plan, lim.readings), lim.readings.ethics_overlap == "overlap"
    on_days = () if respread else _short_days(plan, lim)
    least = sum(n for _, n in on_days)
    if lim.per_day is not None and (respread or not lim.each_day):
        least = max(least, _up(lim.per_day * d - h.total))
    if lim.featured is not None:
        least = max(least, _up(lim.featured - h.total))
    shares = [(s, have) for s, have in ((lim.practical, h.practical), (lim.ethics, h.ethics),
              (lim.theory, h.theory)) if s is not None]  # fmt: skip
    if sum(s for s, _ in shares) >= 1:
        return None
    for s, have in shares:
        least = max(least, _up((s * h.total - have) / (1 - s)))
    if not overlap and len(shares) > 1:
        joint = sum(s for s, _ in shares)
        least = max(least, _up((joint * h.total - sum(x for _, x in shares)) / (1 - joint)))
    n = least
    while True:
        t = h.total + n
        practical, ethics = _need(lim.practical, t, h.practical), _need(lim.ethics, t, h.ethics)
        both = min(practical, ethics) if overlap else 0
        practical, ethics = practical - both, ethics - both
        theory = _need(lim.theory, t, h.theory)
        used = practical + both + ethics + theory
        if used <= n:
            break
        n += 1
    if t * plan.lesson_minutes > DAY_MINUTES * d:
        return None
    return Added(practical, both, ethics, theory, n - used, on_days)


def _need(share: Fraction | None, total: Fraction, have: Fraction) -> int:
    """Whole hours to add to ``have`` for ``share`` of ``total`` (none without a share)."""
    return 0 if share is None else _up(share * total - have)


def day_span(plan: CoursePlan, lim: Limits, day_minutes: int) -> Span | None:
    """The day counts (in steps of :attr:`Limits.unit`) that every days rule allows the
    plan's hours: the subsidy's range, a short course's days, the daily average, lessons
    of at most ``day_minutes`` a day; the least of them when no rule bounds them above;
    None when none does."""
    unit, total = lim.unit, Hours.of(plan, lim.readings).total
    bounds = _day_bounds(lim)
    low = max([unit, total * plan.lesson_minutes / day_minutes, *(b[0] for b in bounds)])
    highs = [b[1] for b in bounds]
    if lim.per_day is not None:
        highs.append(total / lim.per_day)
    low = math.ceil(low / unit) * unit
    high = math.floor(min(highs) / unit) * unit if highs else low
    return (low, high) if low <= high else None


def _day_bounds(lim: Limits) -> list[Span]:
    """The day ranges the subsidy and a short course set."""
    found = [lim.short_days] if lim.short_days else []
    if lim.subsidy_days is not None:
        found.append((lim.subsidy_days.low, lim.subsidy_days.high))
    return found


def with_hours(plan: CoursePlan, lim: Limits, start: Fraction) -> Change | None:
    """The hours to add (:func:`added`) over ``start`` days, or over the fewest more days
    (that the subsidy and a short course allow) when they do not fit in those."""
    high = max(start, min((b[1] for b in _day_bounds(lim)), default=Fraction(366)))
    d, now = start, Fraction(plan.days)
    while d <= high:
        respread = d != now and plan.daily_hours is not None
        more = added(plan.model_copy(update={"days": dec(d)}), lim, d, respread)
        if more and d == now:
            return Change(added=more)
        if more:
            return Change(days=(d, d), added=more, respread=respread)
        d += lim.unit
    return None


def _nearest_day(plan: CoursePlan, lim: Limits) -> Fraction | None:
    """The day count nearest the plan's that the subsidy and a short course allow."""
    bounds = _day_bounds(lim)
    low = max([lim.unit, *(b[0] for b in bounds)])
    high = min((b[1] for b in bounds), default=Fraction(366))
    pick = min(max(math.ceil(Fraction(plan.days) / lim.unit) * lim.unit, low), high)
    return pick if low <= high else None


def _minute_span(plan: CoursePlan, lim: Limits, day_minutes: int | None) -> Span | None:
    """Lesson minutes the rule allows whose lessons take at most ``day_minutes`` a day
    (None: however long)."""
    if lim.minutes is None:
        return None
    total = Hours.of(plan, lim.readings).total
    low, high = lim.minutes
    if day_minutes is not None:
        high = min(high, math.floor(day_minutes * Fraction(plan.days) / total))
    return (Fraction(low), Fraction(high)) if low <= high else None


def fewer_hours(plan: CoursePlan, lim: Limits) -> Change | None:
    """The fewest hours to take off so the lessons fit in the days (in a school day if
    they can): theory first (practical first for a short course, whose theory has a
    share), never ethics content, keeping every share and no fewer hours than the daily
    and featured minimums."""
    h, d = Hours.of(plan, lim.readings), Fraction(plan.days)
    have = {
        form: sum(Fraction(getattr(m, field)) for m in plan.modules if not m.ethics)
        for form, field in ((THEORY, "theory_hours"), (PRACTICAL, "practical_hours"))
    }
    order = (PRACTICAL, THEORY) if lim.theory is not None else (THEORY, PRACTICAL)
    floor = max(lim.per_day * d if lim.per_day else 0, lim.featured or 0)
    for most in (SCHOOL_DAY_MINUTES, DAY_MINUTES):
        n = _up(h.total - Fraction(most) * d / plan.lesson_minutes)
        first = min(n, math.floor(have[order[0]]))
        taken = {order[0]: first, order[1]: n - first}
        t = h.total - n
        kept = (
            (lim.practical, h.practical - taken[PRACTICAL]),
            (lim.ethics, h.ethics),
            (lim.theory, h.theory - taken[THEORY]),
        )
        if (n > 0 and taken[order[1]] <= have[order[1]] and t >= floor
                and all(s is None or part >= s * t for s, part in kept)):  # fmt: skip
            return Change(fewer=tuple((form, k) for form, k in taken.items() if k))
    return None


def _fitting_minutes(plan: CoursePlan, lim: Limits, most: tuple[int | None, ...]) -> Span | None:
    """The lesson minutes of :func:`_minute_span` for the first of ``most`` that has any."""
    return next(filter(None, (_minute_span(plan, lim, m) for m in most)), None)


def _shortest_with_days(plan: CoursePlan, lim: Limits, respread: bool) -> Change | None:
    """The shortest lesson the rule allows, with the days its lessons then need."""
    if lim.minutes is None:
        return None
    low = lim.minutes[0]
    at = plan.model_copy(update={"lesson_minutes": low})
    days = day_span(at, lim, SCHOOL_DAY_MINUTES) or day_span(at, lim, DAY_MINUTES)
    shortest = (Fraction(low), Fraction(low))
    return Change(minutes=shortest, days=days, respread=respread) if days else None


def candidates(target: Check, plan: CoursePlan, lim: Limits) -> list[Change]:
    """The changes that may fix ``target``, best first (each is verified before it is
    offered)."""
    h, separate = Hours.of(plan, lim.readings), lim.readings.ethics_overlap == "separate"
    d, respread = Fraction(plan.days), plan.daily_hours is not None
    found: list[Change | None] = []
    name = target.name
    if name in ("practical_share", "ethics_share", "theory_share", "daily", "featured_total"):
        found.append(with_hours(plan, lim, d))
    if name == "practical_share" and lim.practical is not None:
        found.append(Change(to_practical=_up(lim.practical * h.total - h.practical)))
    if name == "ethics_share" and lim.ethics is not None:
        found.append(Change(to_ethics=_up(lim.ethics * h.total - h.ethics), separate=separate))
    if name == "theory_share" and lim.theory is not None:
        found.append(Change(to_theory=_up(lim.theory * h.total - h.theory)))
    if name == "daily":
        fewer = day_span(plan, lim, DAY_MINUTES)
        if fewer and fewer[1] < d:
            found.append(Change(days=(fewer[1], fewer[1]), respread=respread))
    if name in ("days_range", "days"):
        span, near = day_span(plan, lim, DAY_MINUTES), _nearest_day(plan, lim)
        if span:
            found.append(Change(days=span, respread=respread))
        elif near is not None:  # the days the subsidy allows need more hours a day
            found.append(with_hours(plan, lim, near))
    if name == "days_range" and (d / lim.unit).denominator == 1:
        low, high = (Fraction(y) for y in yuan_bounds())
        found.append(Change(subsidy=(low * d, high * d)))
    if name == "day_fits":  # more days, or shorter lessons (as short as the rule allows)
        span = day_span(plan, lim, SCHOOL_DAY_MINUTES) or day_span(plan, lim, DAY_MINUTES)
        found.append(Change(days=span, respread=respread) if span else None)
        shorter = _fitting_minutes(plan, lim, (SCHOOL_DAY_MINUTES, DAY_MINUTES))
        if shorter and shorter[0] < plan.lesson_minutes:
            least = min(shorter[1], Fraction(plan.lesson_minutes - 1))
            found.append(Change(minutes=(shorter[0], least)))
        found.append(fewer_hours(plan, lim))
    if name == "lesson_minutes":
        span = _fitting_minutes(plan, lim, (SCHOOL_DAY_MINUTES, DAY_MINUTES))
        if span:
            found.append(Change(minutes=span))
        else:  # no length the rule allows fits the lessons in the days
            found.append(_shortest_with_days(plan, lim, respread))
            rule_range = _minute_span(plan, lim, None)  # days already too full: the range alone
            found.append(Change(minutes=rule_range) if rule_range else None)
    return [c for c in found if c is not None]


# ---- offered when the question agrees --------------------------------------------------------


HOURS_RULES = frozenset(
    f.rule_id for f in (days, *DAILY.values(), practical_60, lesson_min, featured_min, ethics_10)
)
"""The rules of 二 whose findings get a fix computed here."""


def _key(c: Check) -> Key:
    return c.rule, c.name


def _failing(found: list[Check]) -> set[Key]:
    return {_key(c) for c in found if c.status is Status.FAIL}


def outcome(
    change: Change, target: Key, plan: CoursePlan, before: set[Key], ctx: Context, answer: Answer
) -> Status | None:
    """``target``'s status after ``change`` (the worse at the two ends of its ranges; a
    finding gone with what it was about passes), or None when the change leaves ``target``
    failing or fails anything that passed before (``before``: what failed then)."""
    worst = Status.PASS
    for at in change.ends():
        after = answer(change.apply(plan, at), ctx)
        if not _failing(after) <= before - {target}:
            return None
        worst = next((c.status for c in after if _key(c) == target), worst)
    return worst


def with_fixes(plan: CoursePlan, ctx: Context, found: list[Check], answer: Answer) -> list[Check]:
    """``found`` (the question's findings for ``plan``) with each failing hours finding's
    fix replaced by the changes that pass it without failing another, best first (when
    none can pass it, those that leave it advice: lessons that fit in the days only with
    more than ten hours a day); a finding none of whose changes holds keeps its rule's own
    fix. Findings are judged as hard limits here whatever the ``binding`` reading, so a
    finding it softens gets the same fix."""
    hard = ctx.model_copy(update={"readings": ctx.readings.model_copy(update={"binding": "hard"})})
    base = answer(plan, hard)
    before = _failing(base)
    lim = limits(plan, base, ctx.readings)
    seen: dict[tuple[Change, Key], Status | None] = {}
    out = []
    for shown, c in zip(found, base, strict=True):
        if c.rule not in HOURS_RULES or c.status not in (Status.FAIL, Status.ADVISORY) or not c.fix:
            out.append(shown)
            continue
        tried = []
        for change in candidates(c, plan, lim):
            key = (change, _key(c))
            if key not in seen:
                seen[key] = outcome(change, _key(c), plan, before, hard, answer)
            tried.append((change.text(), seen[key]))
        offered = [text for text, s in tried if s is Status.PASS]
        if not offered and c.status is Status.FAIL:
            offered = [text for text, s in tried if s is not None]
        out.append(shown.model_copy(update={"fix": "，或".join(offered)}) if offered else shown)
    return out
