"""Dates: the deadline for changing a teaching plan (SPB 第九条) and when SPB is in force
(SPB 第十六条).

"提前三天" is counted so that applying on day D for a change taking effect on day D+3 is
in time: the last day to apply is the 3rd day before the change date (``calendar``), or
the 3rd working day before it, Monday to Friday (``working``). Public holidays and the
weekend days worked in their place (调休) are not known to the calculator. Days late are
calendar days between the last day to apply and the day the application was submitted.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from pydantic import ConfigDict, Field

from calc.models import Input
from calc.readings import catalogue
from calc.result import Check, Context, Result, Status, conclude, judge, note
from calc.rules import rule, spb_effective_date

CHANGE = "SPB-CHANGE-3D"
EFFECTIVE = "SPB-EFFECTIVE"
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
_WEEKDAYS = "一二三四五六日"
HOLIDAY_NOTE = "按工作日计算只排除周六、周日；法定节假日和调休计算器不掌握，请按当年放假安排核对"


def show(day: date) -> str:
    """``2026-03-02（周一）``."""
    return f"{day.isoformat()}（周{_WEEKDAYS[day.weekday()]}）"


def _working_days_before(day: date, count: int) -> date:
    """The ``count``-th Monday–Friday before ``day`` (``day`` itself not counted)."""
    found = 0
    while found < count:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            found += 1
    return day


def change_deadline(change_date: date, ctx: Context) -> date:
    """SPB 第九条: the last day to apply for a change taking effect on ``change_date``."""
    days = int(rule(CHANGE).decimal("days_before"))
    if ctx.readings.change_days == "working":
        return _working_days_before(change_date, days)
    return change_date - timedelta(days=days)


def _earliest_change(submitted: date, ctx: Context) -> date:
    """The earliest change date for which an application made on ``submitted`` is in time."""
    day = submitted + timedelta(days=int(rule(CHANGE).decimal("days_before")))
    while change_deadline(day, ctx) < submitted:
        day += timedelta(days=1)
    return day


def effective_from(issued: date, ctx: Context) -> date:
    """SPB 第十六条: the first day SPB is in force, per the ``effective_day`` reading."""
    return spb_effective_date(issued, ctx.readings.effective_day)


def _advice(rule_id: str, name: str, label: str, message: str, ctx: Context, used: str) -> Check:
    """An advisory check (a date to keep), or not in force before SPB took effect."""
    return note(rule_id, name, label, Status.ADVISORY, message, ctx, readings=[used])


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
    """SPB 第九条 "必须提前三天提交申请": the last day to apply, and whether it was kept."""
    title = "方案变更申请期限"
    reading = ctx.readings.change_days
    deadline = change_deadline(inp.change_date, ctx)
    basis = catalogue()["change_days"].options[reading].split("：")[0]
    extra = f"；{HOLIDAY_NOTE}" if reading == "working" else ""
    head = f"变更执行日 {show(inp.change_date)}，最迟 {show(deadline)} 提交申请（{basis}）"
    data: dict[str, object] = {
        "change_date": inp.change_date,
        "deadline": deadline,
        "days_before": int(rule(CHANGE).decimal("days_before")),
        "basis": reading,
        "holidays_known": False,
    }
    if inp.submitted_on is None:
        check = _advice(CHANGE, "deadline", "最迟提交日期", head + extra, ctx, "change_days")
        return conclude("change-deadline", title, [check], ctx, data=data)
    late = (inp.submitted_on - deadline).days
    in_time = late <= 0
    when = f"{show(inp.submitted_on)} 提交" + ("，按时" if in_time else f"，晚了 {late} 天")
    check = judge(
        CHANGE, "submitted", "变更申请提交日期", in_time, ctx,
        message=f"{head}；{when}{extra}",
        fix=f"将变更执行日推迟到 {show(_earliest_change(inp.submitted_on, ctx))} 或以后",
        actual=inp.submitted_on.isoformat(), threshold=deadline.isoformat(), comparison="<=",
        unit="天", gap=Decimal(late), readings=["change_days"],
    )  # fmt: skip
    data |= {"submitted_on": inp.submitted_on, "in_time": in_time, "days_late": max(late, 0)}
    return conclude("change-deadline", title, [check], ctx, data=data)


class EffectiveInput(Input):
    model_config = ConfigDict(extra="forbid", title="办法施行日期")

    issued: date = Field(
        ge=EARLIEST, le=LATEST, title="印发日期", description="沙坪坝区办法的印发日期（文件未载明）"
    )


def check_effective(inp: EffectiveInput, ctx: Context) -> Result:
    """SPB 第十六条 "本办法自印发之日起30日后施行": first day in force, and whether it is on
    as-of."""
    start = effective_from(inp.issued, ctx)
    in_force = ctx.as_of >= start
    basis = catalogue()["effective_day"].options[ctx.readings.effective_day].split("（")[0]
    head = f"沙坪坝区办法 {show(inp.issued)} 印发，{show(start)} 起施行（{basis}）"
    if in_force:
        message, status = f"{head}；{ctx.as_of.isoformat()} 已施行", Status.PASS
    else:
        wait = (start - ctx.as_of).days
        message = f"{head}；{ctx.as_of.isoformat()} 尚未施行（还差 {wait} 天）"
        status = Status.NOT_IN_FORCE
    check = note(EFFECTIVE, "in_force", "办法是否施行", status, message).model_copy(
        update={
            "actual": ctx.as_of.isoformat(),
            "threshold": start.isoformat(),
            "comparison": ">=",
            "readings": ["effective_day"],
        }
    )
    checks = [check]
    if ctx.spb_issued is not None and ctx.spb_issued != inp.issued:
        checks.append(
            note(
                EFFECTIVE, "context_issued", "判断条件中的印发日期", Status.ADVISORY,
                f"判断条件中的印发日期 {ctx.spb_issued.isoformat()} 与本题输入的 "
                f"{inp.issued.isoformat()} 不同；本题按输入计算",
            )
        )  # fmt: skip
    data = {
        "issued": inp.issued,
        "effective_from": start,
        "in_force": in_force,
        "days_until": max((start - ctx.as_of).days, 0),
        "reading": ctx.readings.effective_day,
    }
    return conclude("effective-date", "办法施行日期", checks, ctx, data=data)
