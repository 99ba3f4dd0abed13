"""培训天数与课时 (question ``days``): the training days a subsidy standard converts to, and
what each end of that range needs (渝就发〔2020〕16号 二, 沙坪坝区办法 第五条)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from pydantic import ConfigDict, Field

from calc.course import Course, Requirement
from calc.cq16.hours import (
    DAILY,
    SHORT,
    SKILL_LIKE,
    day_range,
    days,
    ethics_10,
    featured_min,
    hours_checks,
    practical_60,
    skip,
    span,
    yuan_bounds,
    yuan_range_text,
)
from calc.display import Block, figures, number, section, table
from calc.errors import InputError
from calc.exact import dec
from calc.kinds import Catalogue, Category
from calc.models import CourseKind
from calc.result import Context, Result, conclude
from calc.spb.online import max_online, online_theory
from calc.text import num

TITLE = "培训天数与课时"


class DaysQuery(CourseKind):
    model_config = ConfigDict(extra="forbid", title=TITLE)

    subsidy_yuan: Decimal = Field(
        gt=0, le=100000, decimal_places=2, title="补贴标准（元/人）",
        description="该职业（工种）每人的培训补贴标准",
    )  # fmt: skip
    daily_yuan: Decimal | None = Field(
        default=None, gt=0, le=100000, decimal_places=2, title="每天折算标准（元/天）",
        description=f"可选：区县选定的折算标准，须在{yuan_range_text()}之间；给出时只算这一种天数",
    )  # fmt: skip


def requirements(c: Course, d: Fraction | None, ctx: Context) -> Requirement:
    """What a course ``c`` of ``d`` days needs: minimum total, practical, theory and ethics
    hours, and the most hours 沙坪坝区办法 第五条 lets go online.

    Online under ``theory_only``: the theory a minimal plan may have, total minus the
    minimum practical (40% under the 60% rule). Under ``at_least_30``: the larger of that
    and 30% of total, which is again 40%: the two readings part only for a plan whose
    theory share is below 30%, which the plan check sees."""
    daily = DAILY.get(c.category)
    total = Fraction(0)
    if daily and d is not None and not skip(daily.rule, "", c, ctx.readings):
        total = Fraction(daily.rule.decimal("min_hours_per_day")) * d
    if c.catalogue is Catalogue.FEATURED and c.category in SKILL_LIKE:
        total = max(total, Fraction(featured_min.rule.decimal(c.category.value)))
    row: Requirement = {"days": None if d is None else dec(d)}
    if not total:
        return row | {"min_total": None}
    practical = theory = ethics = Fraction(0)
    if c.category in SKILL_LIKE:
        ethics = total * Fraction(ethics_10.rule.decimal("min_share"))
        if not skip(practical_60.rule, "", c, ctx.readings):
            practical = total * Fraction(practical_60.rule.decimal("min_share"))
    elif daily:
        theory = total * Fraction(daily.rule.decimal("min_theory_share"))
    return row | {
        "min_total": dec(total),
        "min_practical": dec(practical) if c.category in SKILL_LIKE else None,
        "min_theory": dec(theory) if c.category in SHORT else None,
        "min_ethics": dec(ethics) if c.category in SKILL_LIKE else None,
        "max_online": dec(max_online(total, practical, ctx)),
    }


def training_days(inp: DaysQuery, ctx: Context) -> Result:
    """二: the days a subsidy converts to, and what each end of the range needs."""
    r, s = ctx.readings, inp.subsidy_yuan
    lo, hi = yuan_bounds()
    if inp.daily_yuan is not None and not lo <= inp.daily_yuan <= hi:
        where = DaysQuery.model_fields["daily_yuan"].title or "daily_yuan"
        what = f"应在 {num(lo)}—{num(hi)} 元/天之间（收到“{num(inp.daily_yuan)}”）"
        raise InputError.one(where, what)
    c = Course(inp.category, inp.catalogue, inp.exception, subsidy=s, daily_yuan=inp.daily_yuan)
    data: dict[str, Any] = {"subsidy_yuan": s, "days_unit": r.days_unit, "days": None}
    ends: list[Fraction | None] = [None]
    if not skip(days.rule, "", c, r):
        rng = day_range(s, r.days_unit)
        ok = not rng.empty
        data |= {"days_exact_min": str(rng.exact_min), "days_exact_max": str(rng.exact_max)}
        data["days_empty"] = rng.empty
        data |= {
            "days_min": dec(rng.low) if ok else None,
            "days_max": dec(rng.high) if ok else None,
        }
        ends = [*dict.fromkeys([rng.low, rng.high])] if ok else []
        if inp.daily_yuan is not None and ok:
            pick = rng.nearest(Fraction(s) / Fraction(inp.daily_yuan))
            ends, data["days"] = [pick], dec(pick)
    if inp.category in SHORT:
        p = DAILY[inp.category].rule
        ends = [Fraction(p.decimal("min_days")), Fraction(p.decimal("max_days"))]
    rows = [requirements(c, d, ctx) for d in ends]
    rows = data["ends"] = [row for row in rows if row["min_total"] is not None]
    c = Course(c.category, c.catalogue, c.exception, ends=rows, subsidy=s,
               daily_yuan=inp.daily_yuan)  # fmt: skip
    checks = hours_checks(c, ctx)
    if span(rows, "max_online") and inp.category is not Category.STARTUP:
        checks += online_theory(None, ctx, most_online=span(rows, "max_online"))
    return conclude("days", TITLE, checks, ctx, data=data)


def view(r: Result, given: dict[str, Any]) -> list[Block]:
    """The summary a page shows above the checks."""
    d = r.data
    if not d.get("ends"):
        return []
    days = d.get("days")
    span = (
        number(days)
        if days is not None
        else f"{number(d.get('days_min'))}—{number(d.get('days_max'))}"
    )
    keys = ("days", "min_total", "min_practical", "min_theory", "min_ethics", "max_online")
    return [
        section(
            "可以确定的培训天数与最少课时",
            figures(("培训天数", span, "天")) if d.get("days_min") is not None else None,
            table(
                ["天数", "最少总课时", "实训至少", "理论至少", "职业道德等至少", "线上最多"],
                ([e.get(k) for k in keys] for e in d["ends"]),
            ),
        )
    ]
