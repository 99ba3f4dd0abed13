"""The online platform self-check: SPB 第六条、第七条 and CQ16 四（三）.

SPB-PLATFORM: one check per requirement of 第七条 (rows in ``platform.toml``). The
platform's source is judged by the ``platform_source`` reading; rows marked ``hedged``
stand under “能在一定程度上实现” and are advisory where the ``platform_hedge`` reading
extends the hedge to them. CQ16-MODE-PLATFORM: recorded and live courses may run
online only if the platform meets the ✓ rows of 附件1 for that mode (the same rows the
``evidence`` question uses); the ``platform_standard`` reading decides whether the
county's spot check counts. The input model is built from the rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from calc.evidence import COUNTY, reading_text, short
from calc.models import Input, PlatformSource
from calc.result import Check, Context, Result, Status, conclude, judge, note
from calc.rules import Item, rule

MODES = {"recorded": "CQ16-EVID-VIDEO", "live": "CQ16-EVID-LIVE"}
MODE_LABELS = {"recorded": "线上视频（录播）课程", "live": "线上直播课程"}


def _mode_model(mode: str) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for item in rule(MODES[mode]).items:
        tick = "基本标准" if getattr(item, "required", False) else "非基本标准"
        who = COUNTY if getattr(item, "actor", "") == "county" else "培训机构"
        fields[item.id] = (
            bool,
            Field(default=False, title=item.label, description=f"{tick}，{who}实施"),
        )
    config = ConfigDict(extra="forbid", title=f"平台对{MODE_LABELS[mode]}的支持")
    return create_model(f"{mode.title()}Rows", __config__=config, **fields)


class _PlatformBase(Input):
    model_config = ConfigDict(extra="forbid", title="线上培训平台")

    source: PlatformSource = Field(
        title="平台来源",
        description="own 自建系统；listed 纳入人社部门推荐目录的平台；"
        "third_party_unlisted 未纳入推荐目录的第三方平台",
    )


def _fields() -> dict[str, Any]:
    fields: dict[str, Any] = {
        item.id: (bool, Field(default=False, title=item.label))
        for item in rule("SPB-PLATFORM").items
        if item.id not in _PlatformBase.model_fields
    }
    for mode, label in MODE_LABELS.items():
        model = _mode_model(mode)
        fields[mode] = (model, Field(default_factory=model, title=f"附件1：{label}"))
    return fields


if TYPE_CHECKING:
    PlatformInput = _PlatformBase
else:
    PlatformInput = create_model("PlatformInput", __base__=_PlatformBase, **_fields())


def _source(item: Item, source: PlatformSource, ctx: Context) -> Check:
    ok = source is not PlatformSource.THIRD_PARTY_UNLISTED or (
        ctx.readings.platform_source == "any_qualified"
    )
    how = reading_text(ctx, "platform_source")
    return judge(
        "SPB-PLATFORM", item.id, item.label, ok, ctx,
        message=f"平台来源：{source.label}（按解读：{how}）",
        fix="改用自建系统或纳入人社部门推荐目录的职业培训平台", actual=source.value,
        threshold=[s.value for s in PlatformSource if s is not PlatformSource.THIRD_PARTY_UNLISTED],
        comparison="in", readings=["platform_source"],
    )  # fmt: skip


def _relaxed(item: Item, ctx: Context) -> bool:
    if not getattr(item, "hedged", None):
        return False
    return getattr(item, "hedged", None) == "terminals" or ctx.readings.platform_hedge == "all_four"


def _requirement(item: Item, has: bool, ctx: Context) -> Check:
    used = ["platform_hedge"] if getattr(item, "hedged", False) else []
    if not has and _relaxed(item, ctx):
        message = f"{item.label}：未具备；原文为“能在一定程度上实现”，按解读仅作提示"
        return note(
            "SPB-PLATFORM", item.id, item.label, Status.ADVISORY, message, ctx, readings=used
        )
    word = "具备" if has else "不具备"
    return judge(
        "SPB-PLATFORM", item.id, item.label, has, ctx, message=f"{item.label}：{word}",
        fix=f"平台需具备：{item.label}", actual=has, threshold=True, comparison="==",
        readings=used,
    )  # fmt: skip


def _mode_row(mode: str, item: Item, has: bool, ctx: Context) -> Check:
    """One row of 附件1 for ``mode``, judged under CQ16-MODE-PLATFORM."""
    name, label = f"{mode}.{item.id}", f"{MODE_LABELS[mode]}：{item.label}"
    county = getattr(item, "actor", "") == "county"
    if not getattr(item, "required", False):
        message = f"{label}：非基本标准，不影响能否线上开展"
        used = ["pause_meaning"] if item.id == "pause_off_page" else []
        if used:
            message += f"（按解读理解为：{reading_text(ctx, 'pause_meaning')}）"
        return note("CQ16-MODE-PLATFORM", name, label, Status.ADVISORY, message, ctx, readings=used)
    used = ["platform_standard"] if county else []
    if county and ctx.readings.platform_standard == "institution_rows":
        message = f"{label}：由{COUNTY}实施，按解读不计入平台达标"
        return note(
            "CQ16-MODE-PLATFORM", name, label, Status.NOT_APPLICABLE, message, ctx, readings=used
        )
    word = "具备" if has else "不具备"
    return judge(
        "CQ16-MODE-PLATFORM", name, label, has, ctx, message=f"{label}：{word}",
        fix=f"平台补齐“{short(item.label)}”，否则{MODE_LABELS[mode]}应改为线下培训",
        actual=has, threshold=True, comparison="==", readings=used,
    )  # fmt: skip


def check_platform(inp: PlatformInput, ctx: Context) -> Result:
    """SPB 第七条 requirements; CQ16 四（三）: may recorded and live courses run online."""
    checks: list[Check] = []
    for item in rule("SPB-PLATFORM").items:
        if item.id == "source":
            check = _source(item, inp.source, ctx)
        else:
            check = _requirement(item, bool(getattr(inp, item.id)), ctx)
        checks.append(check.at(item))
    spb_unmet = [c.label for c in checks if c.status is Status.FAIL]
    may_run: dict[str, bool] = {}
    reasons: dict[str, list[str]] = {}
    for mode, rule_id in MODES.items():
        rows = getattr(inp, mode)
        mode_checks = [
            _mode_row(mode, item, bool(getattr(rows, item.id)), ctx).at(item)
            for item in rule(rule_id).items
        ]
        checks += mode_checks
        unmet = [c.message for c in mode_checks if c.status is Status.FAIL]
        may_run[mode] = not unmet
        reasons[mode] = unmet or [f"平台达到附件1{MODE_LABELS[mode]}的基本标准"]
        if spb_unmet:
            reasons[mode].append(f"另：平台有 {len(spb_unmet)} 项不满足沙坪坝区办法第七条")
    data = {
        "may_run_online": may_run,
        "reasons": reasons,
        "spb_requirements_met": not spb_unmet,
        "spb_unmet": spb_unmet,
    }
    return conclude("platform", "平台自查", checks, ctx, data=data)
