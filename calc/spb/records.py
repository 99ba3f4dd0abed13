"""沙坪坝区办法 第十一条 档案资料留存: each class's online training records, kept per class."""

from __future__ import annotations

from calc.checks import check
from calc.result import Check, Context, Status, note
from calc.rules import Rule
from calc.spb.plan import labelled


@check("SPB-ARCHIVE")
def archive(r: Rule, ctx: Context, *, online: bool) -> list[Check]:
    """“需完整留存线上培训学分记录、考勤记录、考试结果等有关资料”（沙坪坝区办法 第十一条）.

    Advice for a class with online training (not applicable without): a file of its own
    per class (“按每个班单独立卷留存”) holding the credit, attendance and examination
    records, “作为申请补贴的依据”."""
    label = "按班立卷留存"
    if not online:
        return [note(r.id, "archive", label, Status.NOT_APPLICABLE, "没有线上培训", ctx)]
    records = "、".join(labelled(r, "records").values())
    message = f"按每个班单独立卷，完整留存线上培训{records}等资料，作为申请补贴的依据"
    return [note(r.id, "archive", label, Status.ADVISORY, message, ctx)]
