"""Questions "change-deadline" (SPB 第九条: apply three days before changing the teaching
plan; see :func:`calc.spb.plan.change_3d`) and "effective-date" (SPB 第十六条: when the
办法 is in force; see :func:`calc.spb.dates.effective`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ConfigDict, Field

from calc.display import Block, figures, text
from calc.models import Input
from calc.result import Context, Result, conclude
from calc.spb.dates import effective, effective_from
from calc.spb.plan import change_3d, change_deadline

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


class ChangeInput(Input):
    model_config = ConfigDict(extra="forbid", title="方案变更申请期限")

    change_date: date = Field(
        ge=EARLIEST, le=LATEST, title="变更执行日期", description="更改后的教学方案开始执行的日期"
    )
    submitted_on: date | None = Field(
        default=None,
        ge=EARLIEST,
        le=LATEST,
        title="提交申请日期",
        description="不填时只给出最迟提交日期",
    )


def check_change(inp: ChangeInput, ctx: Context) -> Result:
    """The last day to apply for the change, and whether the application kept it."""
    deadline = change_deadline(inp.change_date, ctx)
    checks = change_3d(ctx, change_date=inp.change_date, submitted_on=inp.submitted_on)
    data: dict[str, object] = {
        "change_date": inp.change_date,
        "deadline": deadline,
        "days_before": int(change_3d.rule.decimal("days_before")),
        "basis": ctx.readings.change_days,
        "holidays_known": False,
    }
    if inp.submitted_on is not None:
        late = (inp.submitted_on - deadline).days
        data |= {"submitted_on": inp.submitted_on, "in_time": late <= 0, "days_late": max(late, 0)}
    return conclude("change-deadline", "方案变更申请期限", checks, ctx, data=data)


class EffectiveInput(Input):
    model_config = ConfigDict(extra="forbid", title="办法施行日期")

    issued: date = Field(
        ge=EARLIEST, le=LATEST, title="印发日期", description="沙坪坝区办法的印发日期（文件未载明）"
    )


def check_effective(inp: EffectiveInput, ctx: Context) -> Result:
    """The first day the 办法 is in force, and whether it is on the as-of date."""
    start = effective_from(inp.issued, ctx)
    data = {
        "issued": inp.issued,
        "effective_from": start,
        "in_force": ctx.as_of >= start,
        "days_until": max((start - ctx.as_of).days, 0),
        "reading": ctx.readings.effective_day,
    }
    checks = effective(ctx, issued=inp.issued)
    return conclude("effective-date", "办法施行日期", checks, ctx, data=data)


def view_change(r: Result, given: dict[str, Any]) -> list[Block]:
    """The summary a page shows above the checks."""
    d = r.data
    if not d.get("deadline"):
        return []
    items = [("最迟提交日期", text(d["deadline"]), "")]
    if d.get("submitted_on"):
        items.append(("按时提交" if d.get("in_time") else f"晚了 {d.get('days_late')} 天", "", ""))
    return [figures(*items)]


def view_effective(r: Result, given: dict[str, Any]) -> list[Block]:
    """The summary a page shows above the checks."""
    d = r.data
    if not d.get("effective_from"):
        return []
    return [figures(("施行日期", text(d["effective_from"]), ""))]
