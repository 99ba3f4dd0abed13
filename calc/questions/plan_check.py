"""培训方案检查 (question ``plan-check``): one course plan against every rule on hours
(渝就发〔2020〕16号 二), class size (三（二）), content standards (一（一）、三（一）), mode of
training (四) and 沙坪坝区办法's scope and online share (第二、三、五条). Every rule is listed:
checked, or a note saying why it does not apply.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

from calc.course import TITLE, Course, CoursePlan, hours
from calc.cq16.content import standards
from calc.cq16.hours import hours_checks
from calc.cq16.modes import mode_content, mode_principle, mode_target
from calc.cq16.platform import mode_platform
from calc.cq16.trainees import class_50
from calc.display import Block, as_decimal, figures, number, percent, section, table
from calc.errors import InputError
from calc.exact import dec
from calc.kinds import Mode
from calc.questions.plan_fix import with_fixes
from calc.result import Check, Context, Result, conclude
from calc.spb.online import online_theory
from calc.spb.scope import scope
from calc.text import num


def _validate(plan: CoursePlan) -> None:
    """The day-by-day hours must match the days and the modules' total."""
    if plan.daily_hours is None:
        return
    where = CoursePlan.model_fields["daily_hours"].title or "daily_hours"
    if len(plan.daily_hours) != math.ceil(plan.days):
        what = f"应填 {math.ceil(plan.days)} 天（培训天数），收到 {len(plan.daily_hours)} 天"
        raise InputError.one(where, what)
    total, summed = sum(hours(m) for m in plan.modules), sum(plan.daily_hours)
    if summed != total:
        what = f"合计 {num(summed)} 课时，应等于各模块课时合计 {num(total)} 课时"
        raise InputError.one(where, what)


def plan_checks(inp: CoursePlan, ctx: Context) -> list[Check]:
    """Every rule on hours, class, mode and scope against one course plan, each finding
    with its rule's own fix."""
    c = Course.of(inp, ctx.readings)
    t = c.totals
    assert t is not None
    online = [(i, m) for i, m in enumerate(inp.modules, 1) if m.mode is Mode.ONLINE]
    return [
        *standards(inp.category, inp.catalogue),
        *hours_checks(c, ctx),
        *class_50(inp.category, inp.trainees, ctx),
        *mode_principle(t, ctx),
        *mode_target(ctx, online=bool(t.online), online_hours=t.online, groups=inp.target_groups),
        *mode_content(online, ctx),
        *mode_platform(ctx, online_rows=[i for i, _ in online], online_hours=t.online,
                       meets=inp.platform_meets_standard),
        *scope(inp.category, inp.shapingba_institution, ctx),
        *online_theory(t, ctx, category=inp.category, it_field=inp.it_or_startup_field,
                       covered=inp.shapingba_institution),
    ]  # fmt: skip


def check_plan(inp: CoursePlan, ctx: Context) -> Result:
    """Every rule on hours, class, mode and scope against one course plan; the fixes of
    the hours findings computed against all of them at once (:mod:`calc.questions.plan_fix`)."""
    _validate(inp)
    checks = with_fixes(inp, ctx, plan_checks(inp, ctx), plan_checks)
    t = inp.totals(ctx.readings)
    shares = {
        k: dec(v / t.total, "0.0001")
        for k, v in (("practical", t.practical_counted), ("theory", t.theory),
                     ("ethics", t.ethics), ("online", t.online))
    }  # fmt: skip
    data: dict[str, Any] = {
        "totals": {k: dec(v) for k, v in vars(t).items()},
        "shares": shares,
        "days": inp.days,
        "per_day": dec(Fraction(t.total) / Fraction(inp.days), "0.01"),
        "online_hours": dec(t.online),
        "practical_share": shares["practical"],
    }
    return conclude("plan-check", TITLE, checks, ctx, data=data)


def view(r: Result, given: dict[str, Any]) -> list[Block]:
    """The summary a page shows above the checks."""
    d = r.data
    t, s = d.get("totals") or {}, d.get("shares") or {}
    total = as_decimal(t.get("total"))
    if not total:
        return []
    practical = number(t.get("practical"))
    if t.get("practical_counted") not in (None, t.get("practical")):
        practical += f"（计入实训 {number(t.get('practical_counted'))}）"
    offline = as_decimal(t.get("offline")) or Decimal(0)
    rows = [
        ["总课时", number(total), "100%"],
        ["理论", number(t.get("theory")), percent(s.get("theory"))],
        ["实训操作", practical, percent(s.get("practical"))],
        ["职业道德等内容", number(t.get("ethics")), percent(s.get("ethics"))],
        ["线上", number(t.get("online")), percent(s.get("online"))],
        ["线下", number(offline), percent(offline / total)],
    ]
    return [
        section(
            "课时汇总",
            figures(
                ("培训天数", number(d.get("days")), "天"),
                ("平均每天", number(d.get("per_day")), "课时"),
                ("实训占比", percent(d.get("practical_share")), ""),
            ),
            table(["项目", "课时", "占总课时"], rows, "calc-totals-table"),
            cls="calc-totals",
            label="课时汇总",
        )
    ]
