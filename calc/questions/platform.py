"""The question “平台自查”: does the online platform meet 沙坪坝区办法 第七条, and may
recorded and live courses run on it (渝就发〔2020〕16号 四（三））?

The input model is built from the rows: the requirements of
:func:`~calc.spb.platform.platform_requirements` and, for each online way of training,
its rows of 附件1 (judged by :func:`~calc.cq16.platform.mode_platform`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from calc.cq16.evidence import COUNTY
from calc.cq16.platform import MODE_LABELS, MODES, mode_platform
from calc.display import Block, section, table
from calc.kinds import PlatformSource
from calc.models import Input
from calc.result import Check, Context, Result, Status, conclude
from calc.spb.platform import platform_requirements


def _mode_model(mode: str) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for item in MODES[mode].rule.items:
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
        for item in platform_requirements.rule.items
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


def check_platform(inp: PlatformInput, ctx: Context) -> Result:
    """SPB 第七条 requirements; CQ16 四（三）: may recorded and live courses run online."""
    has = {
        item.id: bool(getattr(inp, item.id))
        for item in platform_requirements.rule.items
        if item.id != "source"
    }
    checks: list[Check] = platform_requirements(inp.source, has, ctx)
    spb_unmet = [c.label for c in checks if c.status is Status.FAIL]
    support = {mode: getattr(inp, mode).model_dump() for mode in MODES}
    rows = mode_platform(ctx, support=support)
    checks += rows
    may_run: dict[str, bool] = {}
    reasons: dict[str, list[str]] = {}
    for mode in MODES:
        unmet = [
            c.message for c in rows if c.name.startswith(f"{mode}.") and c.status is Status.FAIL
        ]
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


def view(r: Result, given: dict[str, Any]) -> list[Block]:
    """The summary a page shows above the checks."""
    d = r.data
    may = d.get("may_run_online")
    if not may:
        return []
    names = {"recorded": "线上视频（录播）课程", "live": "线上直播课程"}
    reasons = d.get("reasons") or {}
    rows = [
        [
            names.get(k, k),
            "可以线上开展" if ok else "应改为线下培训",
            "；".join(reasons.get(k) or []),
        ]
        for k, ok in may.items()
    ]
    return [section("能否线上开展", table(["课程", "结论", "原因"], rows))]
