"""渝就发〔2020〕16号 二 培训课时: training days and lesson-hours.

One check function per rule (:mod:`calc.checks`). Each takes a :class:`~calc.course.Course`:
with a plan it checks the plan; without, it states what a course of the given days needs
(the ``days`` question). A rule that does not cover the course says why, or says nothing
when no reading is involved. Arithmetic is exact: shares are compared by
cross-multiplication; fixes are rounded up to a whole lesson-hour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from calc.checks import check
from calc.course import Course, Requirement
from calc.errors import InputError
from calc.exact import ceil_hours, dec, floor_unit
from calc.kinds import Catalogue, Category
from calc.readings import Readings, catalogue
from calc.result import Check, Context, Status, at_least, judge, note
from calc.rules import Rule
from calc.text import num, pct

SKILL_LIKE = (Category.SKILL, Category.UPGRADE, Category.TRANSFER)
SHORT = (Category.PREJOB, Category.ADAPT)
EXEMPT_DAYS = "属于新职业、新兴产业、特殊行业或有明确规定的课程：天数不按补贴标准折算"
STARTUP_TEXT = "创业培训的课时按照中国就业培训技术指导中心有关规定执行，不在这两份文件内"
Stated = tuple[tuple[str, str], ...]
"""(figure of a :data:`~calc.course.Requirement`, what it is) a rule states in ``days``."""
TOTAL: Stated = (("min_total", "总课时"),)


# ---- the conversion of a subsidy standard into days (二（一）) ---------------------------


@dataclass(frozen=True)
class DayRange:
    """The days a subsidy S converts to: [S/200, S/130] in steps of ``unit``."""

    exact_min: Fraction
    exact_max: Fraction
    unit: Fraction

    @property
    def low(self) -> Fraction:
        return math.ceil(self.exact_min / self.unit) * self.unit

    @property
    def high(self) -> Fraction:
        return math.floor(self.exact_max / self.unit) * self.unit

    @property
    def empty(self) -> bool:
        return self.low > self.high

    def contains(self, days: Fraction) -> bool:
        return (days / self.unit).denominator == 1 and self.low <= days <= self.high

    def nearest(self, exact: Fraction) -> Fraction:
        """The allowed day count nearest ``exact`` (ties: the longer course)."""
        rounded = math.floor(exact / self.unit + Fraction(1, 2)) * self.unit
        return min(max(rounded, self.low), self.high)

    def span(self) -> str:
        low, high = num(dec(self.low)), num(dec(self.high))
        return low if low == high else f"{low}—{high}"


def yuan_bounds() -> tuple[Decimal, Decimal]:
    """The lowest and highest yuan per day of :func:`days`."""
    r = days.rule
    return r.decimal("min_yuan_per_day"), r.decimal("max_yuan_per_day")


def yuan_range_text() -> str:
    """``130—200元/天``, from the parameters, for field descriptions."""
    low, high = yuan_bounds()
    return f"{num(low)}—{num(high)}元/天"


def day_range(subsidy: Decimal, days_unit: str = "whole") -> DayRange:
    """The day range of subsidy standard ``subsidy`` (元) per ``days_unit``."""
    lo, hi = (Fraction(v) for v in yuan_bounds())
    unit = Fraction(1) if days_unit == "whole" else Fraction(1, 2)
    return DayRange(Fraction(subsidy) / hi, Fraction(subsidy) / lo, unit)


def empty_fix(rng: DayRange, subsidy: Decimal) -> str:
    """The nearest subsidy standards that convert to a day count, or half days."""
    lo, hi = (Fraction(v) for v in yuan_bounds())
    options = [f"不低于 {num(dec(rng.low * lo))} 元（{num(dec(rng.low))} 天）"]
    if rng.high > 0:
        options.insert(0, f"不高于 {num(dec(rng.high * hi))} 元（{num(dec(rng.high))} 天）")
    half = day_range(subsidy, "half")
    alt = f"；或按半天计折算为 {half.span()} 天" if rng.unit == 1 and not half.empty else ""
    return "补贴标准需" + "或".join(options) + alt


# ---- who a rule covers ---------------------------------------------------------------------


def applies(r: Rule, category: Category, catalogue_: Catalogue) -> str | None:
    """None when ``r`` covers this category and catalogue, else why not (Chinese)."""
    if r.applies_to and category not in r.applies_to:
        names = "、".join(Category(c).label for c in r.applies_to)
        return f"适用于{names}；本培训为{category.label}"
    if r.catalogues and catalogue_ not in r.catalogues:
        names = "、".join(Catalogue(c).label for c in r.catalogues)
        return f"适用于{names}内的职业（工种）；本职业属{catalogue_.label}"
    return None


def skip(r: Rule, label: str, c: Course, readings: Readings) -> tuple[str, list[str]] | None:
    """Why ``r`` is not applied to ``c``, with the readings behind it; None when it is.

    二（一）"除新职业…外" stands in the paragraph on the 大典 and 专项职业能力 catalogues
    only; it exempts the day conversion, and under ``exception_scope = all`` also the
    rules the reading lists (daily averages and the 60%)."""
    why = applies(r, c.category, c.catalogue)
    if why:
        return why, []
    if c.exception and applies(days.rule, c.category, c.catalogue) is None:
        if r.id == days.rule_id:
            return EXEMPT_DAYS, ["exception_scope"]
        if readings.exception_scope == "all" and r.id in catalogue()["exception_scope"].rules:
            return f"属于例外情形，按“一并豁免”解读不适用{label}", ["exception_scope"]
    return None


def _not_applied(
    r: Rule, name: str, label: str, c: Course, ctx: Context, quiet: bool = True
) -> list[Check] | None:
    """The finding of a rule that does not cover ``c``; None when it does cover it. Stating
    what a course needs, a ``quiet`` rule says nothing when no reading is involved."""
    skipped = skip(r, label, c, ctx.readings)
    if skipped is None:
        return None
    why, used = skipped
    if c.plan is None and not used and quiet:
        return []
    return [note(r.id, name, label, Status.NOT_APPLICABLE, why, readings=used)]


def span(rows: list[Requirement], key: str) -> str:
    """``6—9``: the lowest and highest value of ``key`` over ``rows``."""
    values = [v for row in rows if (v := row.get(key)) is not None]
    low, high = (num(min(values)), num(max(values))) if values else ("", "")
    return low if low == high else f"{low}—{high}"


def _stated(
    r: Rule, name: str, label: str, c: Course, ctx: Context, what: Stated, more: str = ""
) -> Check:
    """What ``r`` asks of a course of ``c.ends`` days (the ``days`` question)."""
    at = f"按 {span(c.ends, 'days')} 天计，" if span(c.ends, "days") else ""
    figures = "，".join(f"{w}至少 {span(c.ends, k)} 课时" for k, w in what)
    message = r.statement + (f"：{at}{figures}" if span(c.ends, "min_total") else "")
    return judge(r.id, name, label, True, ctx, message=message + more)


# ---- the rules -------------------------------------------------------------------------------


@check("CQ16-DAYS")
def days(r: Rule, c: Course, ctx: Context) -> list[Check]:
    """“各区县可根据职业（工种）特点、产业需求、补贴标准，原则上按照130—200元/天的标准
    折算后确定培训天数”（二（一））.

    For a plan, whether its days lie in the range of its subsidy (reading ``days_unit``); for
    the ``days`` question, the range itself, or the one day count of a chosen yuan per day."""
    name, label = "days_range", "补贴标准折算天数"
    if (skipped := _not_applied(r, name, label, c, ctx, quiet=False)) is not None:
        return skipped
    unit = "整天" if ctx.readings.days_unit == "whole" else "半天"
    if c.subsidy is None:
        why = "未填写补贴标准：未核对培训天数是否按补贴标准折算"
        return [note(r.id, name, label, Status.ADVISORY, why)]
    s, (lo, hi) = c.subsidy, yuan_bounds()
    rng = day_range(s, ctx.readings.days_unit)
    if c.plan is not None:
        d = c.days
        per_day = num(dec(Fraction(s) / d, "0.01"))
        allowed = "没有可取的天数" if rng.empty else f"可取 {rng.span()} 天"
        message = f"补贴标准 {num(s)} 元、{num(dec(d))} 天，折合每天 {per_day} 元"
        fix = empty_fix(rng, s) if rng.empty else f"把培训天数调整为 {rng.span()} 天"
        return [judge(
            r.id, name, label, rng.contains(d), ctx, message=f"{message}；按{unit}计{allowed}",
            fix=fix, actual=dec(d), unit="天", readings=["days_unit"],
        )]  # fmt: skip
    exact = f"{num(dec(rng.exact_min, '0.01'))}—{num(dec(rng.exact_max, '0.01'))}"
    message = f"补贴标准 {num(s)} 元按 {num(lo)}—{num(hi)} 元/天折算为 {exact} 天，按{unit}计"
    message += f"为 {rng.span()} 天" if not rng.empty else "没有可取的天数"
    if c.daily_yuan is not None and not rng.empty:
        pick = rng.nearest(Fraction(s) / Fraction(c.daily_yuan))
        yuan = dec(Fraction(s) / pick, "0.01")
        message += f"；按 {num(c.daily_yuan)} 元/天取 {num(dec(pick))} 天（每天 {yuan} 元）"
    return [judge(
        r.id, name, label, not rng.empty, ctx, message=message, fix=empty_fix(rng, s),
        actual=s, unit="元", readings=["days_unit"],
    )]  # fmt: skip


def _daily(r: Rule, c: Course, ctx: Context) -> list[Check]:
    """平均不低于 N 课时/天 (reading ``daily_average``): total ÷ days, or every day (the last
    day of a fractional day count needs its share of N). Fix: hours to add, or days to cut."""
    if (skipped := _not_applied(r, "daily", "日均课时", c, ctx)) is not None:
        return skipped
    if c.plan is None or c.totals is None:
        return [_stated(r, "daily", "日均课时", c, ctx, TOTAL)]
    return [daily_hours(r, c, ctx)]


def daily_hours(r: Rule, c: Course, ctx: Context) -> Check:
    """The daily average of ``r`` (``min_hours_per_day``) against a plan."""
    assert c.plan is not None and c.totals is not None
    per_day, d, total, name = r.decimal("min_hours_per_day"), c.plan.days, c.totals.total, "daily"
    if ctx.readings.daily_average == "average":
        ok = total >= per_day * d
        fewer = floor_unit(Fraction(total) / Fraction(per_day), ctx.readings)
        fix = f"再增加 {ceil_hours(per_day * d - total)} 课时"
        fix += f"，或把天数减到 {num(dec(fewer))} 天" if fewer > 0 else ""
        average = num(dec(Fraction(total) / Fraction(d), "0.01"))
        message = f"平均每天 {average} 课时（{num(total)} 课时 ÷ {num(d)} 天），"
        return judge(
            r.id, name, "日均课时", ok, ctx,
            message=message + f"{'不低于' if ok else '低于'} {num(per_day)} 课时", fix=fix,
            actual=total / d, threshold=per_day, comparison=">=", unit="课时/天",
            gap=per_day - total / d, readings=["daily_average"],
        )  # fmt: skip
    if c.plan.daily_hours is None:
        raise InputError.one("每天课时", "按“每天都达到”解读时，须填写每天的课时")
    short = [
        (i + 1, h, per_day * min(Decimal(1), d - i))
        for i, h in enumerate(c.plan.daily_hours)
        if h < per_day * min(Decimal(1), d - i)
    ]
    listed = "、".join(f"第{n}天 {num(h)} 课时" for n, h, _ in short[:5])
    message = f"每天不低于 {num(per_day)} 课时：" + (f"{listed}不足" if short else "每天都达到")
    return judge(
        r.id, name, "每天课时", not short, ctx, message=message,
        fix="；".join(f"第{n}天再增加 {ceil_hours(m - h)} 课时" for n, h, m in short),
        actual=len(short), threshold=0, comparison="==", unit="天", readings=["daily_average"],
    )  # fmt: skip


@check("CQ16-DAILY-6")
def daily_6(r: Rule, c: Course, ctx: Context) -> list[Check]:
    """“职业技能培训平均不低于6课时/天”（二（一））.

    See :func:`daily_hours` for the plan, :func:`_stated` for a course to plan."""
    return _daily(r, c, ctx)


@check("CQ16-DAILY-5")
def daily_5(r: Rule, c: Course, ctx: Context) -> list[Check]:
    """“企业职工岗位技能提升培训、转岗转业培训平均不低于5课时/天”（二（一））.

    See :func:`daily_hours` for the plan, :func:`_stated` for a course to plan."""
    return _daily(r, c, ctx)


def share_check(
    r: Rule, what: str, part: Decimal, total: Decimal, minimum: Decimal, ctx: Context,
    used: list[str] | None = None, name: str = "",
) -> Check:  # fmt: skip
    """``part ≥ minimum × total``. Fix: add x hours of ``what``, which raises the total too
    (x ≥ (m·T − P)/(1 − m), whole hours up), or relabel m·T − P existing hours."""
    ok = part >= minimum * total
    gap = Fraction(minimum) * Fraction(total) - Fraction(part)
    add, move = ceil_hours(gap / (1 - Fraction(minimum))), ceil_hours(gap)
    word = "不低于" if ok else "低于"
    share = f"占总课时 {num(total)} 课时的 {pct(part / total)}，{word} {pct(minimum)}"
    return judge(
        r.id, name, f"{what}占比", ok, ctx,
        message=f"{what} {num(part)} 课时，{share}",
        fix=f"再增加 {add} 课时{what}，或把 {move} 课时其他内容改为{what}",
        actual=part / total, threshold=minimum, comparison=">=", gap=minimum - part / total,
        readings=used or [],
    )  # fmt: skip


@check("CQ16-PRACTICAL-60")
def practical_60(r: Rule, c: Course, ctx: Context) -> list[Check]:
    """“实训操作课时均不低于总课时的60%”（二（一））.

    Under reading ``ethics_overlap = separate`` the practical hours of ethics modules do
    not count toward the 60%."""
    name, label = "practical_share", "实训操作课时占比"
    if (skipped := _not_applied(r, name, label, c, ctx)) is not None:
        return skipped
    if c.totals is None:
        return [_stated(r, name, label, c, ctx, (("min_practical", "实训操作课时"),))]
    t = c.totals
    separate = ctx.readings.ethics_overlap == "separate"
    used = ["ethics_overlap"] if separate or t.practical != t.practical_counted else []
    share = r.decimal("min_share")
    return [share_check(r, "实训操作", t.practical_counted, t.total, share, ctx, used, name)]


@check("CQ16-LESSON-MIN")
def lesson_min(r: Rule, c: Course, ctx: Context) -> list[Check]:
    """“每课时40—50分钟”（二（一））.

    A plan's lesson length, and whether its lessons, at that length, fit in its days (at
    most 24 hours of lessons a day; more than 10 is advised against: :func:`day_fits`); a
    course still to plan states nothing."""
    name, label = "lesson_minutes", "每课时分钟数"
    if (skipped := _not_applied(r, name, label, c, ctx)) is not None:
        return skipped
    if c.plan is None:
        return []
    low, high = r.decimal("min_minutes"), r.decimal("max_minutes")
    minutes = Decimal(c.plan.lesson_minutes)
    ok, gap = low <= minutes <= high, max(low - minutes, minutes - high)
    within = f"{'在' if ok else '不在'} {num(low)}—{num(high)} 分钟之间"
    return [judge(
        r.id, name, label, ok, ctx, message=f"每课时 {num(minutes)} 分钟，{within}",
        fix=f"把每课时调整为 {num(low)}—{num(high)} 分钟（相差 {num(gap)} 分钟）",
        actual=minutes, threshold=f"{num(low)}—{num(high)}", comparison="in", unit="分钟",
        gap=gap,
    ), day_fits(r, c, ctx)]  # fmt: skip


DAY_MINUTES = 24 * 60
"""A plan whose lessons take longer than this a day cannot be held: a failure."""
SCHOOL_DAY_MINUTES = 10 * 60
"""Lessons of more than ten hours a day are possible but unusual: advice to check."""


def day_fits(r: Rule, c: Course, ctx: Context) -> Check:
    """Plausibility of a plan's lesson length: its lessons must fit in its days."""
    assert c.plan is not None and c.totals is not None
    plan, t = c.plan, c.totals
    minutes = Fraction(t.total) * plan.lesson_minutes / Fraction(plan.days)
    said = (
        f"{num(t.total)} 课时 × 每课时 {plan.lesson_minutes} 分钟 ÷ {num(plan.days)} 天"
        f" = 每天上课约 {num(dec(minutes / 60, '0.1'))} 小时"
    )
    if minutes > DAY_MINUTES:
        status, said = Status.FAIL, said + "，一天排不下（超过 24 小时）"
    elif minutes > SCHOOL_DAY_MINUTES:
        status = Status.ADVISORY
        said += f"，超过 {SCHOOL_DAY_MINUTES // 60} 小时，请核对天数和课时"
    else:
        status = Status.PASS
    found = note(
        r.id, "day_fits", "每天上课时长", status, said, ctx, actual=dec(minutes / 60, "0.1")
    )
    if status is Status.PASS:
        return found
    most = math.floor(Fraction(plan.days) * SCHOOL_DAY_MINUTES / plan.lesson_minutes)
    fewest = math.ceil(minutes * Fraction(plan.days) / SCHOOL_DAY_MINUTES)
    fix = f"把培训天数增加到至少 {fewest} 天，或把课时减到 {most} 课时以内"
    return found.model_copy(update={"fix": fix, "unit": "小时/天"})


@check("CQ16-FEATURED-MIN")
def featured_min(r: Rule, c: Course, ctx: Context) -> list[Check]:
    """“职业技能培训不低于60课时，平均不低于6课时/天；企业职工岗位技能提升培训不低于80课时，
    平均不低于5课时/天；转岗转业培训不低于40课时，平均不低于5课时/天”（二（一）, the
    《重庆市职业培训特色职业目录》）."""
    name, label = "featured_total", "特色职业总课时"
    if (skipped := _not_applied(r, name, label, c, ctx)) is not None:
        return skipped
    if c.totals is None:
        total = Fraction(c.ends[0]["min_total"] or 0)
        most = floor_unit(total / hours_a_day(c.category), ctx.readings)
        more = f"；按日均下限，该课时最多安排 {num(dec(most))} 天"
        return [_stated(r, name, label, c, ctx, TOTAL, more)]
    least = r.decimal(c.category.value)
    fix = f"再增加 {ceil_hours(least - c.totals.total)} 课时"
    return [at_least(r.id, name, "总课时", c.totals.total, least, "课时", ctx, fix=fix)]


@check("CQ16-ETHICS-10")
def ethics_10(r: Rule, c: Course, ctx: Context) -> list[Check]:
    """“职业道德、职业规范、工匠精神、质量意识、法律意识和相关法律法规、安全环保和健康卫生、
    就业指导等内容不低于总课时的10%”（二（一））."""
    name, label = "ethics_share", "职业道德等内容占比"
    if (skipped := _not_applied(r, name, label, c, ctx)) is not None:
        return skipped
    if c.totals is None:
        return [_stated(r, name, label, c, ctx, (("min_ethics", "职业道德等内容"),))]
    share, t = r.decimal("min_share"), c.totals
    used = ["ethics_overlap"]
    return [share_check(r, "职业道德等内容", t.ethics, t.total, share, ctx, used, name)]


def _short(r: Rule, label: str, c: Course, ctx: Context) -> list[Check]:
    """1—5 (1—3) days, ≥ 8 hours a day, theory ≥ 60%."""
    if (skipped := _not_applied(r, "short_course", label, c, ctx)) is not None:
        return skipped
    if c.plan is None or c.totals is None:
        what = (*TOTAL, ("min_theory", "理论学习课时"))
        return [_stated(r, "short_course", label, c, ctx, what)]
    low, high = r.decimal("min_days"), r.decimal("max_days")
    d = c.plan.days
    ok = low <= d <= high
    within = f"{'在' if ok else '不在'} {num(low)}—{num(high)} 天之内"
    in_days = judge(
        r.id, "days", "培训天数", ok, ctx, message=f"培训 {num(d)} 天，{within}",
        fix=f"把培训天数调整为 {num(low)}—{num(high)} 天", actual=d,
        threshold=f"{num(low)}—{num(high)}", comparison="in", unit="天",
    )  # fmt: skip
    share, t = r.decimal("min_theory_share"), c.totals
    theory = share_check(r, "理论学习", t.theory, t.total, share, ctx, name="theory_share")
    return [in_days, daily_hours(r, c, ctx), theory]


@check("CQ16-PREJOB")
def prejob(r: Rule, c: Course, ctx: Context) -> list[Check]:
    """“1—5天，平均不低于8课时/天，理论学习课时不低于总课时的60%”（二（二） 岗前培训）."""
    return _short(r, "岗前培训天数与课时", c, ctx)


@check("CQ16-ADAPT")
def adapt(r: Rule, c: Course, ctx: Context) -> list[Check]:
    """“1—3天，平均不低于8课时/天，理论学习课时不低于总课时的60%”（二（三） 就业适应性培训）."""
    return _short(r, "就业适应性培训天数与课时", c, ctx)


@check("CQ16-STARTUP")
def startup(r: Rule, c: Course, ctx: Context) -> list[Check]:
    """“按照中国就业培训技术指导中心有关规定执行”（二（四） 创业培训）: outside these
    documents."""
    name, label = "startup", "创业培训课时"
    if (skipped := _not_applied(r, name, label, c, ctx)) is not None:
        return skipped
    return [note(r.id, name, label, Status.OUTSIDE, STARTUP_TEXT)]


HOURS = (days, daily_6, daily_5, practical_60, lesson_min, featured_min, ethics_10, prejob,
         adapt, startup)  # fmt: skip
"""Every rule of 二, in the order results list them."""
DAILY = {
    Category.SKILL: daily_6,
    Category.UPGRADE: daily_5,
    Category.TRANSFER: daily_5,
    Category.PREJOB: prejob,
    Category.ADAPT: adapt,
}
"""The rule that sets each category's daily minimum."""


def hours_a_day(category: Category) -> Fraction:
    """The least lesson-hours a day of ``category``."""
    return Fraction(DAILY[category].rule.decimal("min_hours_per_day"))


def hours_checks(c: Course, ctx: Context) -> list[Check]:
    """二 against one course: every hours rule, checked, stated or said why not."""
    return [found for f in HOURS for found in f(c, ctx)]
