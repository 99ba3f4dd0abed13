"""渝就发〔2020〕16号 三 培训对象: the size of a class."""

from __future__ import annotations

import math
from decimal import Decimal

from calc.checks import check
from calc.kinds import Category
from calc.result import Check, Context, Status, at_most, note
from calc.rules import Rule
from calc.text import num


@check("CQ16-CLASS-50")
def class_50(
    r: Rule, category: Category, trainees: int, ctx: Context, *, repeats: int = 0
) -> list[Check]:
    """“除创业培训等有明确规定外，开班人数不超过50人”（三（二））.

    ``trainees`` counted once each; a roster's ``repeats`` (rows of a trainee listed again)
    are named in the label. A category the rule leaves to its own rules is outside these
    documents (the plan and the roster say so alike)."""
    cap = r.decimal("max_trainees")
    if category.value not in r.applies_to:
        said = f"{category.label}另有明确规定，不适用“开班人数不超过{num(cap)}人”（{trainees} 人）"
        return [note(r.id, "class_size", "开班人数", Status.OUTSIDE, said, ctx)]
    over = trainees - int(cap)
    more = math.ceil(trainees / cap) - 1
    label = "开班人数"
    if repeats:
        label += f"（花名册 {trainees + repeats} 行，重复的 {repeats} 行不重复计）"
    fix = f"减少 {over} 人，或把 {over} 人分到另外 {more} 个班（每班不超过 {num(cap)} 人）"
    return [at_most(r.id, "class_size", label, Decimal(trainees), cap, "人", ctx, fix=fix)]
