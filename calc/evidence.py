"""Supervision evidence: CQ16 附件1 (training) and 附件2 (assessment).

The rows of each annex are data (``rule(ID).items``). The input model is built from
them: every row id is a field. Three rows are measured (photos, video segments,
screenshots); every other row is a yes/no fact. Rows ticked "√" are required; rows
without the tick are advisory; rows whose actor is the county public employment
service are its duties, reported but never failed against the institution.
Durations are compared exactly (5:00 passes, 4:59 fails); messages show whole seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from itertools import pairwise
from typing import TYPE_CHECKING, Any, cast

from pydantic import ConfigDict, Field, create_model, model_validator

from calc.errors import InputError
from calc.models import Input
from calc.readings import catalogue
from calc.result import Check, Context, Result, Status, conclude, judge, note
from calc.rules import Item, Rule, rule
from calc.text import num


class Stage(StrEnum):
    """培训实施或考核评价的方式 (附件1 三种培训方式, 附件2)."""

    OFFLINE = "offline"
    RECORDED = "recorded"
    LIVE = "live"
    ASSESSMENT = "assessment"


STAGE_RULES = {
    Stage.OFFLINE: "CQ16-EVID-OFFLINE",
    Stage.RECORDED: "CQ16-EVID-VIDEO",
    Stage.LIVE: "CQ16-EVID-LIVE",
    Stage.ASSESSMENT: "CQ16-EVID-ASSESS",
}
STAGE_LABELS = {
    Stage.OFFLINE: "线下培训",
    Stage.RECORDED: "线上视频课程培训",
    Stage.LIVE: "线上直播课程培训",
    Stage.ASSESSMENT: "考核评价",
}
COUNTY = "区县公共就业创业服务机构"


class Part(StrEnum):
    """分段录像的时段：课程（考评）“前、中、后”."""

    BEFORE = "before"
    MIDDLE = "middle"
    AFTER = "after"

    @property
    def label(self) -> str:
        return {"before": "前", "middle": "中", "after": "后"}[self.value]


class VideoSegment(Input):
    """One recorded segment; its end must be after its start."""

    model_config = ConfigDict(extra="forbid", title="一段录像")

    part: Part = Field(title="时段", description="before 前段 / middle 中段 / after 后段")
    start: datetime = Field(title="开始时间")
    end: datetime = Field(title="结束时间")

    @model_validator(mode="after")
    def _ordered(self) -> VideoSegment:
        if (self.start.tzinfo is None) != (self.end.tzinfo is None):
            raise ValueError("开始时间和结束时间应同时带时区或同时不带时区")
        if self.end <= self.start:
            raise ValueError(f"结束时间 {self.end:%H:%M:%S} 应晚于开始时间 {self.start:%H:%M:%S}")
        return self


def reading_text(ctx: Context, key: str) -> str:
    """The wording of the reading chosen for ``key``."""
    return catalogue()[key].options[getattr(ctx.readings, key)]


def short(label: str) -> str:
    """``学员签到册（本人填写，字迹清晰）`` → ``学员签到册``."""
    return label.split("（")[0]


def duration(span: timedelta) -> str:
    """``4分59秒``, ``5分钟`` (whole seconds, rounded down)."""
    minutes, seconds = divmod(int(span.total_seconds()), 60)
    return f"{minutes}分{seconds}秒" if seconds else f"{minutes}分钟"


def _minutes(value: Decimal) -> timedelta:
    return timedelta(microseconds=int(value * 60_000_000))


def _clock(t: datetime) -> str:
    return f"{t:%H:%M}" if t.second == 0 and t.microsecond == 0 else f"{t:%H:%M:%S}"


# --- the three measured rows --------------------------------------------------------

Evaluator = Callable[[Rule, Item, Any, Context], Check]


def _photos(r: Rule, item: Item, count: int, ctx: Context) -> Check:
    need = r.decimal("photos")
    missing = need - count
    word = "不少于" if missing <= 0 else "少于"
    return judge(
        r.id, item.id, item.label, missing <= 0, ctx,
        message=f"清晰现场照片 {count} 张，{word} {num(need)} 张",
        fix=f"再补拍 {num(missing)} 张现场照片", actual=count, threshold=int(need),
        comparison=">=", unit="张", gap=missing,
    )  # fmt: skip


def _segments(r: Rule, item: Item, segments: list[VideoSegment], ctx: Context) -> Check:
    """Each of 前、中、后 needs one segment of at least the minimum; extra segments of
    a part never hurt (the longest one counts)."""
    least = r.decimal("min_segment_minutes")
    shown, problems, fixes = [], [], []
    for part in Part:
        spans = [s.end - s.start for s in segments if s.part is part]
        if not spans:
            shown.append(f"{part.label} 缺")
            problems.append(f"缺少“{part.label}”段录像")
            fixes.append(f"补录“{part.label}”段录像（至少 {num(least)} 分钟）")
            continue
        best = max(spans)
        shown.append(f"{part.label} {duration(best)}")
        if best < _minutes(least):
            problems.append(f"“{part.label}”段录像 {duration(best)}，短于 {num(least)} 分钟")
            fixes.append(f"重新录制“{part.label}”段录像，至少 {num(least)} 分钟")
    if problems:
        message = "；".join(problems)
    else:
        message = f"前、中、后 {num(r.decimal('segments'))} 段录像均不短于 {num(least)} 分钟"
    return judge(
        r.id, item.id, item.label, not problems, ctx,
        message=f"{message}（{'、'.join(shown)}）", fix="；".join(fixes) or None,
        actual=shown, threshold=least, comparison=">=", unit="分钟",
    )  # fmt: skip


def _screenshots(r: Rule, item: Item, times: list[datetime], ctx: Context) -> Check:
    """Sorted by time, the earliest screenshot and then each next one at least the
    minimum gap after the last one kept: if that keeps enough, the row is met (so an
    extra screenshot never spoils it)."""
    need, least = int(r.decimal("screenshots")), r.decimal("min_gap_minutes")
    gap = _minutes(least)
    ordered = sorted(times)
    kept: list[int] = []
    for i, t in enumerate(ordered):
        if not kept or t - ordered[kept[-1]] >= gap:
            kept.append(i)
    ok = len(kept) >= need
    if ok:
        nos = "、".join(str(i + 1) for i in kept[:need])
        message = f"截图 {len(ordered)} 张，按时间排序后第{nos}张相邻间隔均不低于 {num(least)} 分钟"
        fix = None
    else:
        close = [
            f"第{i}、{i + 1}张截图间隔 {duration(b - a)}，需至少 {num(least)} 分钟"
            for i, (a, b) in enumerate(pairwise(ordered), start=1)
            if b - a < gap
        ]
        head = f"截图 {len(ordered)} 张（按时间排序）"
        if len(ordered) < need:
            head += f"，少于 {need} 张"
        message = "；".join([head, *close])
        more = need - len(kept)
        after = f"（{_clock(ordered[kept[-1]] + gap)} 之后）" if kept else ""
        fix = f"再截图 {more} 张{after}，相邻间隔至少 {num(least)} 分钟"
    return judge(
        r.id, item.id, item.label, ok, ctx, message=message, fix=fix,
        actual=len(kept), threshold=need, comparison=">=", unit="张",
        gap=Decimal(need - len(kept)),
    )  # fmt: skip


MEASURED: dict[str, tuple[Any, dict[str, Any], Evaluator]] = {
    "photos": (int | None, {"title": "清晰现场照片张数", "ge": 0, "le": 10_000}, _photos),
    "video_segments": (
        list[VideoSegment] | None,
        {"title": "分段录像", "description": "每段的时段（前/中/后）与起止时间", "max_length": 60},
        _segments,
    ),
    "screenshots": (
        list[datetime] | None,
        {"title": "直播截图时间", "description": "每张截图的时间", "max_length": 200},
        _screenshots,
    ),
}
"""Rows measured by a number, by row id: field type, field settings, evaluator."""


# --- the input model, built from the rows -------------------------------------------


def rows() -> dict[str, list[tuple[Stage, Item]]]:
    """Every row id of the four rules, in order of first appearance, with its stages."""
    out: dict[str, list[tuple[Stage, Item]]] = {}
    for stage, rule_id in STAGE_RULES.items():
        for item in rule(rule_id).items:
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
        if name in MEASURED:
            kind, settings, _ = MEASURED[name]
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


def _bool_row(r: Rule, item: Item, done: bool, ctx: Context, used: list[str]) -> Check:
    state = "已落实" if done else "未落实"
    return judge(
        r.id, item.id, item.label, done, ctx, message=f"{item.label}：{state}",
        fix=f"落实{item.label}", actual=done, threshold=True, comparison="==", readings=used,
    )  # fmt: skip


def _optional_row(r: Rule, item: Item, value: Any, ctx: Context, used: list[str]) -> Check:
    state = {True: "已实施", False: "未实施", None: "未填写"}[value]
    message = f"{item.label}：{state}；非基本标准，未实施不影响达标，鼓励实施"
    if item.id == "pause_off_page":
        used = [*used, "pause_meaning"]
        message += f"（按解读理解为：{reading_text(ctx, 'pause_meaning')}）"
    return note(r.id, item.id, item.label, Status.ADVISORY, message, ctx, readings=used)


def _county_row(r: Rule, item: Item, inp: Any, ctx: Context) -> Check:
    condition = getattr(item, "unless", None)  # the row falls away when that fact holds
    if condition and getattr(inp, condition, None) is True:
        title = short(next(i.label for i in r.items if i.id == condition))
        message = f"{item.label}：已有{title}，不需要"
        return note(r.id, item.id, item.label, Status.NOT_APPLICABLE, message, ctx)
    value = getattr(inp, item.id, None)
    state = {True: "已实施", False: "尚未实施", None: "未填写"}[value]
    tick = "基本标准" if getattr(item, "required", False) else "非基本标准"
    message = f"{item.label}（{tick}）：需由{COUNTY}实施，不由培训机构负责；{state}"
    return note(r.id, item.id, item.label, Status.ADVISORY, message, ctx)


def _waived(inp: Any, item: Item, ctx: Context) -> bool:
    """附件2注2: unified-appraisal occupations keep only the ``unified_keeps`` rows."""
    return (
        inp.stage is Stage.ASSESSMENT
        and inp.unified_appraisal
        and ctx.readings.unified_assessment == "sign_and_scores"
        and not getattr(item, "unified_keeps", False)
    )


def _required_missing(inp: Any, r: Rule, ctx: Context) -> None:
    """The ✓ rows of the institution for this stage must be answered."""
    fields = type(inp).model_fields
    problems = [
        (fields[item.id].title or item.id, f"{STAGE_LABELS[inp.stage]}必须填写")
        for item in r.items
        if getattr(item, "required", False)
        and getattr(item, "actor", "") != "county"
        and not _waived(inp, item, ctx)
        and getattr(inp, item.id, None) is None
    ]
    if problems:
        raise InputError(problems)


def _row(inp: Any, r: Rule, item: Item, ctx: Context, used: list[str]) -> Check:
    value = getattr(inp, item.id, None)
    if getattr(item, "actor", "") == "county":
        return _county_row(r, item, inp, ctx)
    if _waived(inp, item, ctx):
        message = f"{item.label}：纳入职业技能统一鉴定，签到册和成绩统计表归档即可（附件2注2）"
        return note(r.id, item.id, item.label, Status.NOT_APPLICABLE, message, ctx, readings=used)
    if not getattr(item, "required", False):
        return _optional_row(r, item, value, ctx, used)
    if item.id in MEASURED:
        check = MEASURED[item.id][2](r, item, value, ctx)
        return check.model_copy(update={"readings": check.readings + used})
    return _bool_row(r, item, bool(value), ctx, used)


def check_evidence(inp: EvidenceInput, ctx: Context) -> Result:
    """CQ16 附件1、附件2: one check per row of the chosen stage."""
    r = rule(STAGE_RULES[inp.stage])
    _required_missing(inp, r, ctx)
    unified = inp.stage is Stage.ASSESSMENT and inp.unified_appraisal
    used = ["unified_assessment"] if unified else []
    checks: list[Check] = []
    for item in r.items:
        checks.append(_row(inp, r, item, ctx, used).at(item))
    ignored = _ignored(inp, r)
    if ignored:
        message = f"已忽略与{STAGE_LABELS[inp.stage]}无关的填写：{'、'.join(ignored)}"
        checks.append(note(r.id, "ignored", "无关的填写", Status.NOT_APPLICABLE, message, ctx))
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
        "ignored": ignored,
    }
    return conclude("evidence", "监管材料检查", checks, ctx, data=data)


def _ignored(inp: Any, r: Rule) -> list[str]:
    """Titles of the facts filled in that belong to another stage."""
    mine = {item.id for item in r.items}
    fields = type(inp).model_fields
    out = [
        fields[name].title or name
        for name in rows()
        if name not in mine and getattr(inp, name, None) is not None
    ]
    if inp.unified_appraisal and inp.stage is not Stage.ASSESSMENT:
        out.append(fields["unified_appraisal"].title or "unified_appraisal")
    return out
