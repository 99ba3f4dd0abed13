"""沙坪坝区办法 第十六条: when the 办法 is in force. Its issuance date is not in the text:
it is an input. Counting the 30 days is a reading (``effective_day``; see
:data:`calc.rules.EFFECTIVE_SHIFT`)."""

from __future__ import annotations

from datetime import date

from calc.checks import check
from calc.readings import catalogue
from calc.result import Check, Context, Status, note
from calc.rules import Rule, spb_effective_date

_WEEKDAYS = "一二三四五六日"


def show(day: date) -> str:
    """``2026-03-02（周一）``."""
    return f"{day.isoformat()}（周{_WEEKDAYS[day.weekday()]}）"


def effective_from(issued: date, ctx: Context) -> date:
    """The first day the 办法 is in force (see :func:`effective`), per the ``effective_day``
    reading."""
    return spb_effective_date(issued, ctx.readings.effective_day)


@check("SPB-EFFECTIVE")
def effective(r: Rule, ctx: Context, *, issued: date) -> list[Check]:
    """“本办法自印发之日起30日后施行”（沙坪坝区办法 第十六条）.

    Pass when the as-of date is on or after :func:`effective_from` of ``issued``, else
    not in force (with the days still to wait); and advice when the context's issuance
    date differs from ``issued`` (this question counts from ``issued``)."""
    start = effective_from(issued, ctx)
    basis = catalogue()["effective_day"].options[ctx.readings.effective_day].split("（")[0]
    head = f"沙坪坝区办法 {show(issued)} 印发，{show(start)} 起施行（{basis}）"
    if ctx.as_of >= start:
        message, status = f"{head}；{ctx.as_of.isoformat()} 已施行", Status.PASS
    else:
        wait = (start - ctx.as_of).days
        message = f"{head}；{ctx.as_of.isoformat()} 尚未施行（还差 {wait} 天）"
        status = Status.NOT_IN_FORCE
    found = note(r.id, "in_force", "办法是否施行", status, message).model_copy(
        update={
            "actual": ctx.as_of.isoformat(),
            "threshold": start.isoformat(),
            "comparison": ">=",
            "readings": ["effective_day"],
        }
    )
    checks = [found]
    if ctx.spb_issued is not None and ctx.spb_issued != issued:
        checks.append(
            note(
                r.id, "context_issued", "判断条件中的印发日期", Status.ADVISORY,
                f"判断条件中的印发日期 {ctx.spb_issued.isoformat()} 与本题输入的 "
                f"{issued.isoformat()} 不同；本题按输入计算",
            )
        )  # fmt: skip
    return checks
