"""沙坪坝区办法 第五条 线上培训的内容: how many hours may go online."""

from __future__ import annotations

from fractions import Fraction

from calc.checks import check
from calc.course import Totals
from calc.exact import ceil_hours
from calc.kinds import Category
from calc.result import Check, Context, Status, judge, note
from calc.rules import Rule
from calc.spb.scope import NOT_COVERED
from calc.text import num, pct


@check("SPB-ONLINE-THEORY")
def online_theory(
    r: Rule,
    t: Totals | None,
    ctx: Context,
    *,
    category: Category | None = None,
    it_field: bool = False,
    covered: bool = True,
    most_online: str = "",
) -> list[Check]:
    """“线上职业培训可将全部理论课（不低于总课时的30%）纳入线上培训，网络、信息技术类培训和
    创业培训等可适当提高线上学时比例”（第五条）.

    A plan's online hours against its theory hours (or, under reading ``online_theory =
    at_least_30``, at least 30% of the total); over that, a field the article lets raise
    the share (``raised_fields``: IT, ``it_field``, or startup training) is advised, not
    failed. A course still to plan (``most_online``, the ``days`` question)
    is told the most hours it may put online."""
    name, label = "online_share", "线上课时比例"
    if most_online:
        message = f"线上课时最多 {most_online} 课时（最低总课时中的理论课可全部线上）"
        used = ["online_theory"]
        return [judge(r.id, "online_max", "线上课时上限", True, ctx, message=message,
                      readings=used)]  # fmt: skip
    if not covered:
        return [note(r.id, name, label, Status.NOT_APPLICABLE, NOT_COVERED)]
    assert t is not None, "a plan's totals, or most_online"
    share, fields = r.decimal("share"), r.names("raised_fields")
    raised = (it_field and "it" in fields) or (category is not None and category in fields)
    ceiling = t.theory
    if ctx.readings.online_theory == "at_least_30":
        ceiling = max(ceiling, share * t.total)
    ok = t.online <= ceiling
    limit = f"理论课 {num(t.theory)} 课时，总课时的 {pct(share)} 为 {num(share * t.total)} 课时"
    message = f"线上 {num(t.online)} 课时，{limit}：线上上限 {num(ceiling)} 课时"
    if raised and not ok:
        message += "；网络、信息技术类和创业培训可适当提高线上学时比例，由区人力社保局审核"
    found = judge(
        r.id, name, label, ok, ctx, message=message,
        fix=f"把 {ceil_hours(t.online - ceiling)} 课时线上内容改为线下", actual=t.online,
        threshold=ceiling, comparison="<=", unit="课时", gap=t.online - ceiling,
        readings=["online_theory"],
    )  # fmt: skip
    return [found.softened() if raised else found]


def max_online(total: Fraction, practical: Fraction, ctx: Context) -> Fraction:
    """The most hours a minimal plan of ``total`` hours with ``practical`` of them
    practical may put online: its theory (under ``at_least_30`` at least 30% of total)."""
    online = total - practical
    if ctx.readings.online_theory == "at_least_30":
        online = max(online, total * Fraction(online_theory.rule.decimal("share")))
    return online
