"""Training days and lesson-hours: CQ16 二 培训课时.

The question ``days`` turns a subsidy standard into the training days a district may set
(CQ16 二（一）, the conversion in :mod:`calc.subsidy_days`) and the hours each end of that
range requires; :func:`hours_checks` checks a course plan against every rule of CQ16 二.
Arithmetic is exact: shares are compared by cross-multiplication; fixes are rounded up to
a whole lesson-hour; only message text is rounded (to 0.01).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from pydantic import ConfigDict, Field

from calc.errors import InputError
from calc.models import Catalogue, Category, CourseKind
from calc.readings import Readings, catalogue
from calc.result import Check, Context, Result, Status, at_least, conclude, judge, note
from calc.rules import rule

# ``name as name``: re-exported, as calc.plan and the tests import them from here
from calc.subsidy_days import ceil_hours as ceil_hours
from calc.subsidy_days import conversion, empty_fix, floor_unit, yuan_bounds
from calc.subsidy_days import day_range as day_range
from calc.subsidy_days import dec as dec
from calc.subsidy_days import yuan_range_text as yuan_range_text
from calc.text import num, pct

if TYPE_CHECKING:
    from calc.plan import CoursePlan

SKILL_LIKE = (Category.SKILL, Category.UPGRADE, Category.TRANSFER)
SHORT = (Category.PREJOB, Category.ADAPT)
DAILY_RULE = {
    Category.SKILL: "CQ16-DAILY-6",
    Category.UPGRADE: "CQ16-DAILY-5",
    Category.TRANSFER: "CQ16-DAILY-5",
    Category.PREJOB: "CQ16-PREJOB",
    Category.ADAPT: "CQ16-ADAPT",
}
LABELS = {
    "CQ16-DAYS": ("days_range", "补贴标准折算天数"),
    "CQ16-DAILY-6": ("daily", "日均课时"),
    "CQ16-DAILY-5": ("daily", "日均课时"),
    "CQ16-PRACTICAL-60": ("practical_share", "实训操作课时占比"),
    "CQ16-LESSON-MIN": ("lesson_minutes", "每课时分钟数"),
    "CQ16-FEATURED-MIN": ("featured_total", "特色职业总课时"),
    "CQ16-ETHICS-10": ("ethics_share", "职业道德等内容占比"),
    "CQ16-PREJOB": ("short_course", "岗前培训天数与课时"),
    "CQ16-ADAPT": ("short_course", "就业适应性培训天数与课时"),
    "CQ16-STARTUP": ("startup", "创业培训课时"),
}
EXEMPT_DAYS = "属于新职业、新兴产业、特殊行业或有明确规定的课程：天数不按补贴标准折算"
STARTUP_TEXT = "创业培训的课时按照中国就业培训技术指导中心有关规定执行，不在这两份文件内"


def na(rule_id: str, name: str, label: str, message: str, used: list[str] | None = None) -> Check:
    """A not-applicable check saying why, with the readings that made it so."""
    return note(rule_id, name, label, Status.NOT_APPLICABLE, message, readings=used or [])


def applies(rule_id: str, category: Category, catalogue_: Catalogue) -> str | None:
    """None when ``rule_id`` covers this category and catalogue, else why not (Chinese)."""
    r = rule(rule_id)
    if r.applies_to and category not in r.applies_to:
        names = "、".join(Category(c).label for c in r.applies_to)
        return f"适用于{names}；本培训为{category.label}"
    if r.catalogues and catalogue_ not in r.catalogues:
        names = "、".join(Catalogue(c).label for c in r.catalogues)
        return f"适用于{names}内的职业（工种）；本职业属{catalogue_.label}"
    return None


def skip(
    rule_id: str, category: Category, catalogue_: Catalogue, exception: bool, r: Readings
) -> tuple[str, list[str]] | None:
    """Why ``rule_id`` is not applied, with the readings behind it; None when it is.

    CQ16 二（一）"除新职业…外" stands in the paragraph on the 大典 and 专项职业能力 catalogues
    only; it exempts the day conversion, and under ``exception_scope = all`` also the
    rules the reading lists (daily averages and the 60%)."""
    why = applies(rule_id, category, catalogue_)
    if why:
        return why, []
    if exception and applies("CQ16-DAYS", category, catalogue_) is None:
        if rule_id == "CQ16-DAYS":
            return EXEMPT_DAYS, ["exception_scope"]
        if r.exception_scope == "all" and rule_id in catalogue()["exception_scope"].rules:
            return f"属于例外情形，按“一并豁免”解读不适用{LABELS[rule_id][1]}", ["exception_scope"]
    return None


def requirements(
    category: Category, catalogue_: Catalogue, days: Fraction | None, ex: bool, r: Readings
) -> dict[str, Decimal | None]:
    """What CQ16 二 asks of a course of ``days`` days: minimum total, practical, theory and
    ethics hours, and the most hours SPB 第五条 lets go online.

    Online under ``theory_only``: the theory a minimal plan may have, total minus the
    minimum practical (40% under the 60% rule). Under ``at_least_30``: the larger of that
    and 30% of total, which is again 40%: the two readings part only for a plan whose
    theory share is below 30%, which the plan check sees."""
    rid = DAILY_RULE.get(category)
    total = Fraction(0)
    if rid and days is not None and not skip(rid, category, catalogue_, ex, r):
        total = Fraction(rule(rid).decimal("min_hours_per_day")) * days
    if catalogue_ is Catalogue.FEATURED and category in SKILL_LIKE:
        total = max(total, Fraction(rule("CQ16-FEATURED-MIN").decimal(category.value)))
    row: dict[str, Decimal | None] = {"days": None if days is None else dec(days)}
    if not total:
        return row | {"min_total": None}
    practical = theory = ethics = Fraction(0)
    if category in SKILL_LIKE:
        ethics = total * Fraction(rule("CQ16-ETHICS-10").decimal("min_share"))
        if not skip("CQ16-PRACTICAL-60", category, catalogue_, ex, r):
            practical = total * Fraction(rule("CQ16-PRACTICAL-60").decimal("min_share"))
    elif rid:
        theory = total * Fraction(rule(rid).decimal("min_theory_share"))
    online = total - practical
    if r.online_theory == "at_least_30":
        online = max(online, total * Fraction(rule("SPB-ONLINE-THEORY").decimal("share")))
    return row | {
        "min_total": dec(total),
        "min_practical": dec(practical) if category in SKILL_LIKE else None,
        "min_theory": dec(theory) if category in SHORT else None,
        "min_ethics": dec(ethics) if category in SKILL_LIKE else None,
        "max_online": dec(online),
    }


class DaysQuery(CourseKind):
    model_config = ConfigDict(extra="forbid", title="培训天数与课时")

    subsidy_yuan: Decimal = Field(
        gt=0, le=100000, decimal_places=2, title="补贴标准（元/人）",
        description="该职业（工种）每人的培训补贴标准",
    )  # fmt: skip
    daily_yuan: Decimal | None = Field(
        default=None, gt=0, le=100000, decimal_places=2, title="每天折算标准（元/天）",
        description=f"可选：区县选定的折算标准，须在{yuan_range_text()}之间；给出时只算这一种天数",
    )  # fmt: skip


# (figure key, what it is) stated for each rule in the days question
_STATED = {
    "CQ16-DAILY-6": [("min_total", "总课时")],
    "CQ16-DAILY-5": [("min_total", "总课时")],
    "CQ16-PRACTICAL-60": [("min_practical", "实训操作课时")],
    "CQ16-FEATURED-MIN": [("min_total", "总课时")],
    "CQ16-ETHICS-10": [("min_ethics", "职业道德等内容")],
    "CQ16-PREJOB": [("min_total", "总课时"), ("min_theory", "理论学习课时")],
    "CQ16-ADAPT": [("min_total", "总课时"), ("min_theory", "理论学习课时")],
}


def _span(rows: list[dict[str, Decimal | None]], key: str) -> str:
    values = [v for row in rows if (v := row.get(key)) is not None]
    low, high = (num(min(values)), num(max(values))) if values else ("", "")
    return low if low == high else f"{low}—{high}"


def training_days(inp: DaysQuery, ctx: Context) -> Result:
    """CQ16 二: the days a subsidy converts to, and what each end of the range needs."""
    r, cat, catg, s = ctx.readings, inp.category, inp.catalogue, inp.subsidy_yuan
    lo, hi = yuan_bounds()
    if inp.daily_yuan is not None and not lo <= inp.daily_yuan <= hi:
        where = DaysQuery.model_fields["daily_yuan"].title or "daily_yuan"
        what = f"应在 {num(lo)}—{num(hi)} 元/天之间（收到“{num(inp.daily_yuan)}”）"
        raise InputError.one(where, what)
    data: dict[str, Any] = {"subsidy_yuan": s, "days_unit": r.days_unit, "days": None}
    checks: list[Check] = []
    ends: list[Fraction | None] = [None]
    skipped = skip("CQ16-DAYS", cat, catg, inp.exception, r)
    if skipped:
        checks.append(na("CQ16-DAYS", *LABELS["CQ16-DAYS"], *skipped))
    else:
        rng = day_range(s, r.days_unit)
        ok = not rng.empty
        data |= {"days_exact_min": str(rng.exact_min), "days_exact_max": str(rng.exact_max)}
        data["days_empty"] = rng.empty
        data |= {
            "days_min": dec(rng.low) if ok else None,
            "days_max": dec(rng.high) if ok else None,
        }
        ends = [*dict.fromkeys([rng.low, rng.high])] if ok else []
        exact = f"{num(dec(rng.exact_min, '0.01'))}—{num(dec(rng.exact_max, '0.01'))}"
        unit = "整天" if r.days_unit == "whole" else "半天"
        message = f"补贴标准 {num(s)} 元按 {num(lo)}—{num(hi)} 元/天折算为 {exact} 天，按{unit}计"
        message += f"为 {rng.span()} 天" if ok else "没有可取的天数"
        if inp.daily_yuan is not None and ok:
            pick = rng.nearest(Fraction(s) / Fraction(inp.daily_yuan))
            ends, data["days"], per_day = [pick], dec(pick), dec(Fraction(s) / pick, "0.01")
            message += (
                f"；按 {num(inp.daily_yuan)} 元/天取 {num(data['days'])} 天（每天 {per_day} 元）"
            )
        checks.append(judge(
            "CQ16-DAYS", *LABELS["CQ16-DAYS"], ok, ctx, message=message,
            fix=empty_fix(rng, s), actual=s, unit="元", readings=["days_unit"],
        ))  # fmt: skip
    if cat in SHORT:
        p = rule(DAILY_RULE[cat])
        ends = [Fraction(p.decimal("min_days")), Fraction(p.decimal("max_days"))]
    rows = [requirements(cat, catg, d, inp.exception, r) for d in ends]
    rows = data["ends"] = [row for row in rows if row["min_total"] is not None]
    for rid, (name, label) in list(LABELS.items())[1:]:
        skipped = skip(rid, cat, catg, inp.exception, r)
        if rid == "CQ16-STARTUP" and not skipped:
            checks.append(note(rid, name, label, Status.OUTSIDE, STARTUP_TEXT))
        elif skipped and skipped[1]:
            checks.append(na(rid, name, label, *skipped))
        elif not skipped and rid in _STATED:
            at = f"按 {_span(rows, 'days')} 天计，" if _span(rows, "days") else ""
            figures = "，".join(f"{w}至少 {_span(rows, k)} 课时" for k, w in _STATED[rid])
            message = rule(rid).statement + (f"：{at}{figures}" if _span(rows, "min_total") else "")
            if rid == "CQ16-FEATURED-MIN":
                most = floor_unit(Fraction(rows[0]["min_total"] or 0) / _per_day(cat), r)
                message += f"；按日均下限，该课时最多安排 {num(dec(most))} 天"
            checks.append(judge(rid, name, label, True, ctx, message=message))
    if _span(rows, "max_online") and cat is not Category.STARTUP:
        message = f"线上课时最多 {_span(rows, 'max_online')} 课时（最低总课时中的理论课可全部线上）"
        used = ["online_theory"]
        checks.append(judge("SPB-ONLINE-THEORY", "online_max", "线上课时上限", True, ctx,
                            message=message, readings=used))  # fmt: skip
    return conclude("days", "培训天数与课时", checks, ctx, data=data)


def _per_day(category: Category) -> Fraction:
    return Fraction(rule(DAILY_RULE[category]).decimal("min_hours_per_day"))


@dataclass(frozen=True)
class Totals:
    """A plan's hours. ``practical_counted`` is what counts toward the 60%: under reading
    ``ethics_overlap = separate`` the practical hours of ethics modules are left out."""

    total: Decimal
    theory: Decimal
    practical: Decimal
    practical_counted: Decimal
    online: Decimal
    offline: Decimal
    ethics: Decimal


def share_check(
    rule_id: str, what: str, part: Decimal, total: Decimal, minimum: Decimal, ctx: Context,
    used: list[str] | None = None, name: str | None = None,
) -> Check:  # fmt: skip
    """``part ≥ minimum × total``. Fix: add x hours of ``what``, which raises the total too
    (x ≥ (m·T − P)/(1 − m), whole hours up), or relabel m·T − P existing hours."""
    ok = part >= minimum * total
    gap = Fraction(minimum) * Fraction(total) - Fraction(part)
    add, move = ceil_hours(gap / (1 - Fraction(minimum))), ceil_hours(gap)
    word = "不低于" if ok else "低于"
    share = f"占总课时 {num(total)} 课时的 {pct(part / total)}，{word} {pct(minimum)}"
    return judge(
        rule_id, name or LABELS[rule_id][0], f"{what}占比", ok, ctx,
        message=f"{what} {num(part)} 课时，{share}",
        fix=f"再增加 {add} 课时{what}，或把 {move} 课时其他内容改为{what}",
        actual=part / total, threshold=minimum, comparison=">=", gap=minimum - part / total,
        readings=used or [],
    )  # fmt: skip


def daily_check(rule_id: str, plan: CoursePlan, total: Decimal, ctx: Context) -> Check:
    """平均不低于 N 课时/天 (reading ``daily_average``): total ÷ days, or every day (the last
    day of a fractional day count needs its share of N). Fix: hours to add, or days to cut."""
    per_day, days, name = rule(rule_id).decimal("min_hours_per_day"), plan.days, "daily"
    if ctx.readings.daily_average == "average":
        ok = total >= per_day * days
        fewer = floor_unit(Fraction(total) / Fraction(per_day), ctx.readings)
        fix = f"再增加 {ceil_hours(per_day * days - total)} 课时"
        fix += f"，或把天数减到 {num(dec(fewer))} 天" if fewer > 0 else ""
        average = num(dec(Fraction(total) / Fraction(days), "0.01"))
        message = f"平均每天 {average} 课时（{num(total)} 课时 ÷ {num(days)} 天），"
        return judge(
            rule_id, name, "日均课时", ok, ctx,
            message=message + f"{'不低于' if ok else '低于'} {num(per_day)} 课时", fix=fix,
            actual=total / days, threshold=per_day, comparison=">=", unit="课时/天",
            gap=per_day - total / days, readings=["daily_average"],
        )  # fmt: skip
    if plan.daily_hours is None:
        raise InputError.one("每天课时", "按“每天都达到”解读时，须填写每天的课时")
    short = [
        (i + 1, h, per_day * min(Decimal(1), days - i))
        for i, h in enumerate(plan.daily_hours)
        if h < per_day * min(Decimal(1), days - i)
    ]
    listed = "、".join(f"第{d}天 {num(h)} 课时" for d, h, _ in short[:5])
    message = f"每天不低于 {num(per_day)} 课时：" + (f"{listed}不足" if short else "每天都达到")
    return judge(
        rule_id, name, "每天课时", not short, ctx, message=message,
        fix="；".join(f"第{d}天再增加 {ceil_hours(n - h)} 课时" for d, h, n in short),
        actual=len(short), threshold=0, comparison="==", unit="天", readings=["daily_average"],
    )  # fmt: skip


def _plan_days(rid: str, plan: CoursePlan, t: Totals, ctx: Context) -> list[Check]:
    if plan.subsidy_yuan is None:
        why = "未填写补贴标准：未核对培训天数是否按补贴标准折算"
        return [note(rid, *LABELS[rid], Status.ADVISORY, why)]
    return [conversion(plan.subsidy_yuan, Fraction(plan.days), ctx)]


def _plan_practical(rid: str, plan: CoursePlan, t: Totals, ctx: Context) -> list[Check]:
    share = rule(rid).decimal("min_share")
    separate = ctx.readings.ethics_overlap == "separate"
    used = ["ethics_overlap"] if separate or t.practical != t.practical_counted else []
    return [share_check(rid, "实训操作", t.practical_counted, t.total, share, ctx, used)]


def _plan_lesson(rid: str, plan: CoursePlan, t: Totals, ctx: Context) -> list[Check]:
    low, high = rule(rid).decimal("min_minutes"), rule(rid).decimal("max_minutes")
    minutes = Decimal(plan.lesson_minutes)
    ok, gap = low <= minutes <= high, max(low - minutes, minutes - high)
    within = f"{'在' if ok else '不在'} {num(low)}—{num(high)} 分钟之间"
    return [judge(
        rid, *LABELS[rid], ok, ctx, message=f"每课时 {num(minutes)} 分钟，{within}",
        fix=f"把每课时调整为 {num(low)}—{num(high)} 分钟（相差 {num(gap)} 分钟）",
        actual=minutes, threshold=f"{num(low)}—{num(high)}", comparison="in", unit="分钟",
        gap=gap,
    )]  # fmt: skip


def _plan_featured(rid: str, plan: CoursePlan, t: Totals, ctx: Context) -> list[Check]:
    least = rule(rid).decimal(plan.category.value)
    fix = f"再增加 {ceil_hours(least - t.total)} 课时"
    return [at_least(rid, LABELS[rid][0], "总课时", t.total, least, "课时", ctx, fix=fix)]


def _plan_ethics(rid: str, plan: CoursePlan, t: Totals, ctx: Context) -> list[Check]:
    share = rule(rid).decimal("min_share")
    return [share_check(rid, "职业道德等内容", t.ethics, t.total, share, ctx, ["ethics_overlap"])]


def _plan_short(rid: str, plan: CoursePlan, t: Totals, ctx: Context) -> list[Check]:
    """CQ16 二（二）（三）: 1—5 (1—3) days, ≥ 8 hours a day, theory ≥ 60%."""
    p = rule(rid)
    low, high = p.decimal("min_days"), p.decimal("max_days")
    ok = low <= plan.days <= high
    within = f"{'在' if ok else '不在'} {num(low)}—{num(high)} 天之内"
    days = judge(
        rid, "days", "培训天数", ok, ctx, message=f"培训 {num(plan.days)} 天，{within}",
        fix=f"把培训天数调整为 {num(low)}—{num(high)} 天", actual=plan.days,
        threshold=f"{num(low)}—{num(high)}", comparison="in", unit="天",
    )  # fmt: skip
    share = p.decimal("min_theory_share")
    theory = share_check(rid, "理论学习", t.theory, t.total, share, ctx, name="theory_share")
    return [days, daily_check(rid, plan, t.total, ctx), theory]


def _plan_startup(rid: str, plan: CoursePlan, t: Totals, ctx: Context) -> list[Check]:
    return [note(rid, *LABELS[rid], Status.OUTSIDE, STARTUP_TEXT)]


_PLAN: dict[str, Callable[[str, CoursePlan, Totals, Context], list[Check]]] = {
    "CQ16-DAYS": _plan_days,
    "CQ16-DAILY-6": lambda rid, plan, t, ctx: [daily_check(rid, plan, t.total, ctx)],
    "CQ16-DAILY-5": lambda rid, plan, t, ctx: [daily_check(rid, plan, t.total, ctx)],
    "CQ16-PRACTICAL-60": _plan_practical,
    "CQ16-LESSON-MIN": _plan_lesson,
    "CQ16-FEATURED-MIN": _plan_featured,
    "CQ16-ETHICS-10": _plan_ethics,
    "CQ16-PREJOB": _plan_short,
    "CQ16-ADAPT": _plan_short,
    "CQ16-STARTUP": _plan_startup,
}


def hours_checks(plan: CoursePlan, ctx: Context) -> list[Check]:
    """CQ16 二 against one plan: every hours rule, checked or said why not."""
    t = plan.totals(ctx.readings)
    out: list[Check] = []
    for rid, (name, label) in LABELS.items():
        skipped = skip(rid, plan.category, plan.catalogue, plan.exception, ctx.readings)
        out += [na(rid, name, label, *skipped)] if skipped else _PLAN[rid](rid, plan, t, ctx)
    return out
