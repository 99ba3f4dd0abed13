"""渝就发〔2020〕16号 附件1《培训实施环节监督管理标准》、附件2《考核评价环节监督管理标准》.

One check function per way of training (线下、线上视频、线上直播) and one for the
assessment. The rows of each annex are data (the rule's ``items``); each function judges
every row of its rule and returns one check per row, in the order of the annex. Three
rows are measured (photos, video segments, screenshots); every other row is a yes/no
fact. Rows ticked "√" are required; rows without the tick are advisory; rows whose actor
is the county public employment service are its duties, reported but never failed
against the institution. Durations are compared exactly (5:00 passes, 4:59 fails);
messages show whole seconds.

The facts are given as a mapping from row id to the value filled in (None when not
given): ``bool`` for a yes/no row, the number of photos, the list of
:class:`VideoSegment`, the list of screenshot times.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from itertools import pairwise
from typing import Any

from pydantic import ConfigDict, Field, model_validator

from calc.checks import check
from calc.models import Input
from calc.readings import catalogue
from calc.result import Check, Context, Status, judge, note
from calc.rules import Item, Rule
from calc.text import num

COUNTY = "区县公共就业创业服务机构"


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


MEASURED: dict[str, Evaluator] = {
    "photos": _photos,
    "video_segments": _segments,
    "screenshots": _screenshots,
}
"""Rows measured by a number or a list, by row id; every other row is a yes/no fact."""


# --- every row ----------------------------------------------------------------------


def required_rows(r: Rule, ctx: Context, *, unified: bool = False) -> list[Item]:
    """The ✓ rows of the institution that must be answered (附件2注2 may waive some)."""
    return [
        item
        for item in r.items
        if getattr(item, "required", False)
        and getattr(item, "actor", "") != "county"
        and not _waived(item, unified, ctx)
    ]


def _waived(item: Item, unified: bool, ctx: Context) -> bool:
    """附件2注2: unified-appraisal occupations keep only the ``unified_keeps`` rows."""
    return (
        unified
        and ctx.readings.unified_assessment == "sign_and_scores"
        and not getattr(item, "unified_keeps", False)
    )


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


def _county_row(r: Rule, item: Item, facts: Mapping[str, Any], ctx: Context) -> Check:
    condition = getattr(item, "unless", None)  # the row falls away when that fact holds
    if condition and facts.get(condition) is True:
        title = short(next(i.label for i in r.items if i.id == condition))
        message = f"{item.label}：已有{title}，不需要"
        return note(r.id, item.id, item.label, Status.NOT_APPLICABLE, message, ctx)
    value = facts.get(item.id)
    state = {True: "已实施", False: "尚未实施", None: "未填写"}[value]
    tick = "基本标准" if getattr(item, "required", False) else "非基本标准"
    message = f"{item.label}（{tick}）：需由{COUNTY}实施，不由培训机构负责；{state}"
    return note(r.id, item.id, item.label, Status.ADVISORY, message, ctx)


def _row(
    r: Rule, item: Item, facts: Mapping[str, Any], ctx: Context, unified: bool, used: list[str]
) -> Check:
    value = facts.get(item.id)
    if getattr(item, "actor", "") == "county":
        return _county_row(r, item, facts, ctx)
    if _waived(item, unified, ctx):
        message = f"{item.label}：纳入职业技能统一鉴定，签到册和成绩统计表归档即可（附件2注2）"
        return note(r.id, item.id, item.label, Status.NOT_APPLICABLE, message, ctx, readings=used)
    if not getattr(item, "required", False):
        return _optional_row(r, item, value, ctx, used)
    if item.id in MEASURED:
        found = MEASURED[item.id](r, item, value, ctx)
        return found.model_copy(update={"readings": found.readings + used})
    return _bool_row(r, item, bool(value), ctx, used)


Ignored = tuple[str, Sequence[str]]
"""What was filled in that the stage does not use: the stage's name and the fields."""


def _rows(
    r: Rule, facts: Mapping[str, Any], ctx: Context, ignored: Ignored | None, unified: bool = False
) -> list[Check]:
    """One check per row of ``r``, in the annex's order, each pointed at its row; then a
    note of what was ``ignored``, if anything."""
    used = ["unified_assessment"] if unified else []
    out = [_row(r, item, facts, ctx, unified, used).at(item) for item in r.items]
    if ignored and ignored[1]:
        message = f"已忽略与{ignored[0]}无关的填写：{'、'.join(ignored[1])}"
        out.append(note(r.id, "ignored", "无关的填写", Status.NOT_APPLICABLE, message, ctx))
    return out


# --- the four ways --------------------------------------------------------------------


@check("CQ16-EVID-OFFLINE")
def evid_offline(
    r: Rule, facts: Mapping[str, Any], ctx: Context, *, ignored: Ignored | None = None
) -> list[Check]:
    """“线下培训”：“学员签到册（需本人填写，字迹清晰）”“现场照片3张（需清晰展示教师、
    学员、教学场景等信息）”“分段录像（课程“前、中、后”3段，每段不低于5分钟，且清晰展示
    教师、学员、教学场景等信息）”“远程视频监控”“抽查（不具备远程视频监控条件的课程）”
    （渝就发〔2020〕16号 附件1《培训实施环节监督管理标准》）.

    Sign-in sheet, photos and segments are the institution's ✓ rows; remote monitoring and
    the spot check are the county's (the spot check falls away when the course has remote
    monitoring, ``unless`` in the data)."""
    return _rows(r, facts, ctx, ignored)


@check("CQ16-EVID-VIDEO")
def evid_video(
    r: Rule, facts: Mapping[str, Any], ctx: Context, *, ignored: Ignored | None = None
) -> list[Check]:
    """“线上视频课程培训”：“课间人脸识别”“课间系统提问”“首次学习不得快进”
    “非首页暂停播放”“学员学时记录”（渝就发〔2020〕16号 附件1《培训实施环节监督管理标准》）.

    系统提问、不得快进 and 学时记录 are ticked; 人脸识别 and 非首页暂停播放 are advisory
    (the latter worded by the ``pause_meaning`` reading)."""
    return _rows(r, facts, ctx, ignored)


@check("CQ16-EVID-LIVE")
def evid_live(
    r: Rule, facts: Mapping[str, Any], ctx: Context, *, ignored: Ignored | None = None
) -> list[Check]:
    """“线上直播课程培训”：“课前打卡”“课间人脸识别”“课间提问”“截图3张（需清晰展示教师、
    学员等信息，间隔时间不低于10分钟）”“直播间抽查”（渝就发〔2020〕16号 附件1
    《培训实施环节监督管理标准》）.

    The screenshots are sorted by time and a set far enough apart is looked for (see
    ``_screenshots``); the live-room spot check is the county's."""
    return _rows(r, facts, ctx, ignored)


@check("CQ16-EVID-ASSESS")
def evid_assess(
    r: Rule,
    facts: Mapping[str, Any],
    ctx: Context,
    *,
    unified: bool = False,
    ignored: Ignored | None = None,
) -> list[Check]:
    """“学员签到册（需本人使用签字笔书写，字迹清晰）”“现场照片3张（应清晰展示学员、考评场景
    等信息）”“分段录像（考评“前、中、后”3段，每段不低于5分钟，且清晰展示学员、考评场景等信息）”
    “远程视频监控”“抽查”“学员考核评价成绩统计表”；注2“对纳入职业技能统一鉴定的职业（工种）
    培训，可由培训机构将学员签到册、学员考核评价结果统计表真实完整整理归档并妥善保管备查即可”
    （渝就发〔2020〕16号 附件2《考核评价环节监督管理标准》）.

    ``unified``: the occupation is in the unified skill appraisal; under the
    ``unified_assessment`` reading ``sign_and_scores`` only the rows marked
    ``unified_keeps`` (sign-in sheet, score table) are then judged."""
    return _rows(r, facts, ctx, ignored, unified)
