"""The question “监管材料检查”: does the evidence of one way of training (or of the
assessment) meet 附件1 (附件2) of 渝就发〔2020〕16号?

The input model is built from the rows of the four rules: every row id is a field, shown
for the stages whose rule has that row. The rows are judged by the check functions of
:mod:`calc.cq16.evidence`: :func:`~calc.cq16.evidence.evid_offline`,
:func:`~calc.cq16.evidence.evid_video`, :func:`~calc.cq16.evidence.evid_live`,
:func:`~calc.cq16.evidence.evid_assess`.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, cast

from pydantic import ConfigDict, Field, create_model, model_validator

from calc.checks import RuleCheck
from calc.cq16.evidence import (
    COUNTY,
    MEASURED,
    VideoSegment,
    evid_assess,
    evid_live,
    evid_offline,
    evid_video,
    required_rows,
    short,
)
from calc.display import Block, badge, para, section, table
from calc.errors import InputError
from calc.models import Input
from calc.result import Check, Context, Result, Status, conclude
from calc.rules import Item


class Stage(StrEnum):
    """培训实施或考核评价的方式 (附件1 三种培训方式, 附件2)."""

    OFFLINE = "offline"
    RECORDED = "recorded"
    LIVE = "live"
    ASSESSMENT = "assessment"


STAGE_CHECKS: dict[Stage, RuleCheck[Any, list[Check]]] = {
    Stage.OFFLINE: evid_offline,
    Stage.RECORDED: evid_video,
    Stage.LIVE: evid_live,
    Stage.ASSESSMENT: evid_assess,
}
"""The check function of each stage."""
STAGE_LABELS = {
    Stage.OFFLINE: "线下培训",
    Stage.RECORDED: "线上视频课程培训",
    Stage.LIVE: "线上直播课程培训",
    Stage.ASSESSMENT: "考核评价",
}

MEASURED_FIELDS: dict[str, tuple[Any, dict[str, Any]]] = {
    "photos": (int | None, {"title": "清晰现场照片张数", "ge": 0, "le": 10_000}),
    "video_segments": (
        list[VideoSegment] | None,
        {"title": "分段录像", "description": "每段的时段（前/中/后）与起止时间", "max_length": 60},
    ),
    "screenshots": (
        list[datetime] | None,
        {"title": "直播截图时间", "description": "每张截图的时间", "max_length": 200},
    ),
}
"""The field of each measured row (:data:`calc.cq16.evidence.MEASURED`): type, settings."""
assert set(MEASURED_FIELDS) == set(MEASURED)


# --- the input model, built from the rows -------------------------------------------


def rows() -> dict[str, list[tuple[Stage, Item]]]:
    """Every row id of the four rules, in order of first appearance, with its stages."""
    out: dict[str, list[tuple[Stage, Item]]] = {}
    for stage, judge_stage in STAGE_CHECKS.items():
        for item in judge_stage.rule.items:
            out.setdefault(item.id, []).append((stage, item))
    return out


def _describe(uses: list[tuple[Stage, Item]]) -> str:
    parts = []
    for stage, item in uses:
        tick = "基本标准" if getattr(item, "required", False) else "非基本标准"
        who = COUNTY if getattr(item, "actor", "") == "county" else "培训机构"
        parts.append(f"{STAGE_LABELS[stage]}：{item.label}（{tick}，{who}实施）")
    return "；".join(parts)


def _schema_extra(schema: dict[str, Any]) -> None:
    """Tell the form which fields each stage shows (``x-stages``)."""
    props = cast(dict[str, dict[str, Any]], schema.get("properties", {}))
    for name, uses in rows().items():
        if name in props:
            props[name]["x-stages"] = [stage.value for stage, _ in uses]
    if "unified_appraisal" in props:
        props["unified_appraisal"]["x-stages"] = [Stage.ASSESSMENT.value]


class _EvidenceBase(Input):
    model_config = ConfigDict(
        extra="forbid",
        title="监管材料",
        json_schema_extra=cast(Any, _schema_extra),
    )

    stage: Stage = Field(
        title="环节与方式",
        description="offline 线下培训；recorded 线上视频课程；live 线上直播课程；"
        "assessment 考核评价",
    )
    unified_appraisal: bool = Field(
        default=False,
        title="纳入职业技能统一鉴定",
        description="考核评价环节：该职业（工种）是否纳入职业技能统一鉴定（附件2注2）",
    )

    @model_validator(mode="after")
    def _one_kind_of_time(self) -> _EvidenceBase:
        times = getattr(self, "screenshots", None) or []
        if len({t.tzinfo is None for t in times}) > 1:
            raise ValueError("直播截图时间：不要混用带时区和不带时区的时间")
        return self


def _fields() -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name, uses in rows().items():
        about = _describe(uses)
        if name in MEASURED_FIELDS:
            kind, settings = MEASURED_FIELDS[name]
            about = f"{settings.get('description', '')}。{about}".lstrip("。")
            settings = {k: v for k, v in settings.items() if k != "description"}
            fields[name] = (kind, Field(default=None, description=about, **settings))
        else:
            title = short(uses[0][1].label)
            fields[name] = (bool | None, Field(default=None, title=title, description=about))
    return fields


if TYPE_CHECKING:
    EvidenceInput = _EvidenceBase
else:
    EvidenceInput = create_model("EvidenceInput", __base__=_EvidenceBase, **_fields())


# --- the question -------------------------------------------------------------------


def _unified(inp: Any) -> bool:
    """附件2注2 bears on this input: the assessment of a unified-appraisal occupation."""
    return bool(inp.stage is Stage.ASSESSMENT and inp.unified_appraisal)


def _required_missing(inp: Any, ctx: Context) -> None:
    """The ✓ rows of the institution for this stage must be answered."""
    fields = type(inp).model_fields
    r = STAGE_CHECKS[inp.stage].rule
    problems = [
        (fields[item.id].title or item.id, f"{STAGE_LABELS[inp.stage]}必须填写")
        for item in required_rows(r, ctx, unified=_unified(inp))
        if getattr(inp, item.id, None) is None
    ]
    if problems:
        raise InputError(problems)


def _judge(inp: Any, ctx: Context) -> list[Check]:
    """The rows of the stage, judged by its check function, and what was ignored."""
    judge_stage = STAGE_CHECKS[inp.stage]
    items = judge_stage.rule.items
    facts = {item.id: getattr(inp, item.id, None) for item in items}
    ignored = (STAGE_LABELS[inp.stage], _ignored(inp, {item.id for item in items}))
    if inp.stage is Stage.ASSESSMENT:
        return evid_assess(facts, ctx, unified=inp.unified_appraisal, ignored=ignored)
    checks: list[Check] = judge_stage(facts, ctx, ignored=ignored)
    return checks


def check_evidence(inp: EvidenceInput, ctx: Context) -> Result:
    """CQ16 附件1、附件2: one check per row of the chosen stage."""
    judge_stage = STAGE_CHECKS[inp.stage]
    r = judge_stage.rule
    _required_missing(inp, ctx)
    unified = _unified(inp)
    checks = _judge(inp, ctx)
    data = {
        "stage": inp.stage.value,
        "stage_label": STAGE_LABELS[inp.stage],
        "rule": r.id,
        "unified_appraisal": unified,
        "rows": [
            {
                "id": c.name,
                "label": c.label,
                "required": bool(getattr(item, "required", False)),
                "actor": getattr(item, "actor", "institution"),
                "status": c.status.value,
            }
            for item, c in zip(r.items, checks, strict=False)
        ],
        "unmet": [c.name for c in checks if c.status is Status.FAIL],
        "ignored": _ignored(inp, {item.id for item in r.items}),
    }
    return conclude("evidence", "监管材料检查", checks, ctx, data=data)


def _ignored(inp: Any, mine: set[str]) -> list[str]:
    """Titles of the facts filled in that belong to another stage."""
    fields = type(inp).model_fields
    out = [
        fields[name].title or name
        for name in rows()
        if name not in mine and getattr(inp, name, None) is not None
    ]
    if inp.unified_appraisal and inp.stage is not Stage.ASSESSMENT:
        out.append(fields["unified_appraisal"].title or "unified_appraisal")
    return out


_ACTORS = {"institution": "培训机构", "county": "区县公共就业创业服务机构"}


def view(r: Result, given: dict[str, Any]) -> list[Block]:
    """The summary a page shows above the checks."""
    d = r.data
    if not d.get("rows"):
        return []
    rows = [
        [
            x["label"],
            x.get("required"),
            _ACTORS.get(x.get("actor"), x.get("actor")),
            badge(x["status"]),
        ]
        for x in d["rows"]
    ]
    ignored = d.get("ignored") or []
    return [
        section(
            f"{d.get('stage_label') or ''}：附件逐项",
            table(["项目", "基本标准", "实施", "结论"], rows),
            para("不属于本环节、未采用的输入：" + "、".join(ignored), "calc-hint")
            if ignored
            else None,
        )
    ]
