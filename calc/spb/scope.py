"""沙坪坝区办法 第二条、第三条: whom the measures cover."""

from __future__ import annotations

from calc.checks import check
from calc.kinds import Category
from calc.result import Check, Context, Status, judge, note
from calc.rules import Rule

NOT_COVERED = "培训机构不是沙坪坝区人力社保局审批或备案的：本办法不适用"


@check("SPB-SCOPE")
def scope(r: Rule, category: Category, shapingba: bool, ctx: Context) -> list[Check]:
    """“本办法适用于沙坪坝区人力社保局审批或备案的各职业培训机构（含技工院校和高职院校）”
    （第二条）; “本办法所指的线上职业培训含职业技能培训、创业培训、企业在职职工岗位技能提升
    培训等政府补贴性职业培训”（第三条）.

    A category 第三条 does not list is taken as covered by its “等” (advice to confirm)."""
    if not shapingba:
        return [note(r.id, "scope", "适用范围", Status.NOT_APPLICABLE, NOT_COVERED)]
    listed = r.names("categories")
    ok = category in listed
    names = "、".join(Category(c).label for c in listed)
    return [judge(
        r.id, "scope", "适用范围", ok, ctx,
        message=f"第三条列举{names}等政府补贴性职业培训"
        + ("" if ok else f"；{category.label}未列举，按“等”字视为同类培训适用本办法"),
        fix="请向区人力社保局确认是否适用", actual=category.label,
        threshold=[Category(c).label for c in listed], comparison="in",
    ).softened()]  # fmt: skip
