"""渝就发〔2020〕16号 四（三）: the online platform must meet the basic standard of 附件1.

Recorded and live courses may run online only if the platform meets the ✓ rows of
附件1 for that way of training (the rows of :func:`~calc.cq16.evidence.evid_video` and
:func:`~calc.cq16.evidence.evid_live`); the ``platform_standard`` reading decides
whether the county's spot check counts. The plan check asks the same rule of a whole
plan: whether the platform its online modules use meets the standard.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from calc.checks import RuleCheck, check
from calc.cq16.evidence import COUNTY, evid_live, evid_video, reading_text, short
from calc.result import Check, Context, Status, judge, note
from calc.rules import Item, Rule
from calc.text import num

MODES: dict[str, RuleCheck[Any, list[Check]]] = {"recorded": evid_video, "live": evid_live}
"""The online ways of training, each with the check function of its rows of 附件1."""
MODE_LABELS = {"recorded": "线上视频（录播）课程", "live": "线上直播课程"}


def _rows(rows: Sequence[int]) -> str:
    return "、".join(f"第{i}行" for i in rows[:8]) + ("等" if len(rows) > 8 else "")


def _mode_row(r: Rule, mode: str, item: Item, has: bool, ctx: Context) -> Check:
    """One row of 附件1 for ``mode``: does the platform support it."""
    name, label = f"{mode}.{item.id}", f"{MODE_LABELS[mode]}：{item.label}"
    county = getattr(item, "actor", "") == "county"
    if not getattr(item, "required", False):
        message = f"{label}：非基本标准，不影响能否线上开展"
        used = ["pause_meaning"] if item.id == "pause_off_page" else []
        if used:
            message += f"（按解读理解为：{reading_text(ctx, 'pause_meaning')}）"
        return note(r.id, name, label, Status.ADVISORY, message, ctx, readings=used)
    used = ["platform_standard"] if county else []
    if county and ctx.readings.platform_standard == "institution_rows":
        message = f"{label}：由{COUNTY}实施，按解读不计入平台达标"
        return note(r.id, name, label, Status.NOT_APPLICABLE, message, ctx, readings=used)
    word = "具备" if has else "不具备"
    return judge(
        r.id, name, label, has, ctx, message=f"{label}：{word}",
        fix=f"平台补齐“{short(item.label)}”，否则{MODE_LABELS[mode]}应改为线下培训",
        actual=has, threshold=True, comparison="==", readings=used,
    )  # fmt: skip


def _plan(
    r: Rule, ctx: Context, online_rows: Sequence[int], online_hours: Decimal, meets: bool | None
) -> Check:
    """The plan's online modules (rows of the plan) and whether their platform meets."""
    rows = online_rows
    if not online_rows:
        return note(r.id, "platform", "线上平台", Status.NOT_APPLICABLE, "没有线上模块")
    if meets is None:
        why = "未说明线上平台是否达到附件1基本标准：请用平台检查核对"
        return note(r.id, "platform", "线上平台", Status.ADVISORY, why)
    return judge(
        r.id, "platform", "线上平台", meets, ctx,
        message="线上平台达到附件1基本标准" if meets
        else f"线上平台未达到附件1基本标准，{_rows(rows)}不能线上实施",
        fix=f"把{_rows(rows)}（共 {num(online_hours)} 课时）改为线下，或使平台达到附件1基本标准",
        actual=meets, threshold=True, comparison="==",
    )  # fmt: skip


@check("CQ16-MODE-PLATFORM")
def mode_platform(
    r: Rule,
    ctx: Context,
    *,
    online_rows: Sequence[int] = (),
    online_hours: Decimal = Decimal(0),
    meets: bool | None = None,
    support: Mapping[str, Mapping[str, bool]] | None = None,
) -> list[Check]:
    """“线上培训平台应达到《培训实施环节监督管理标准》基本标准。不达标的，应通过线下培训方式
    进行。”（渝就发〔2020〕16号 四（三））.

    Two forms. With ``support`` (the platform self-check: for each way in :data:`MODES`,
    row id of 附件1 → whether the platform has it) one check per row of both ways, in
    the order of 附件1: a missing ✓ row fails (the way must then run offline), rows
    without the tick are advisory, and the county's ✓ rows count only under the
    ``platform_standard`` reading ``all_rows``. Without it (the plan check) one check:
    not applicable without online modules (``online_rows``, the plan's row numbers),
    advisory when the plan does not say whether the platform ``meets`` the standard,
    else passed or failed, naming the rows and their ``online_hours`` to move offline."""
    if support is None:
        return [_plan(r, ctx, online_rows, online_hours, meets)]
    out: list[Check] = []
    for mode, rows in MODES.items():
        has = support.get(mode, {})
        out += [
            _mode_row(r, mode, item, bool(has.get(item.id, False)), ctx).at(item)
            for item in rows.rule.items
        ]
    return out
