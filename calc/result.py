"""Results that explain themselves.

A question returns a :class:`Result`: the conjunction of named :class:`Check` s, each
with the rule ID, the actual value, the threshold, the comparison, the gap, the
smallest fix, the citation and the readings it used, plus a trace of every rule value
read. ``Result.model_dump(mode="json")`` is the versioned JSON the CLI and the browser show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from calc import __version__
from calc.models import Input
from calc.readings import Readings, ReadingUsed, catalogue, describe
from calc.rules import Citation, Item, Rule, rule, spb_effective_date
from calc.text import num

SCHEMA_VERSION = 2
"""2: a reading's ``number`` is text (``"9.1"``); a status ``incomplete`` (待填写)."""


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    ADVISORY = "advisory"
    NOT_APPLICABLE = "not_applicable"
    OUTSIDE = "outside"
    NOT_IN_FORCE = "not_in_force"
    INCOMPLETE = "incomplete"
    """Not judged: the input does not say yet (an untouched form); the message says what
    to fill in."""

    @property
    def text(self) -> str:
        return _STATUS_TEXT[self]


_STATUS_TEXT = {
    Status.PASS: "符合",
    Status.FAIL: "不符合",
    Status.ADVISORY: "提示",
    Status.NOT_APPLICABLE: "不适用",
    Status.OUTSIDE: "不在这两份文件范围内",
    Status.NOT_IN_FORCE: "未施行",
    Status.INCOMPLETE: "待填写",
}

Comparison = Literal[">=", "<=", ">", "<", "==", "in", "has", "-"]


class Context(Input):
    """When and how to judge: the as-of date, SPB's issuance date and the readings."""

    model_config = ConfigDict(frozen=True, extra="forbid", title="判断条件")

    as_of: date = Field(default_factory=date.today, title="判断日期")
    spb_issued: date | None = Field(
        default=None,
        title="沙坪坝区办法印发日期",
        description="文件未载明印发日期；不填时按已施行处理并在结果中注明",
    )
    readings: Readings = Field(default_factory=Readings, title="条文解读")

    def not_in_force(self, r: Rule) -> str | None:
        """Why ``r`` is not in force on ``as_of``, or None when it is (or may be)."""
        if r.doc != "SPB" or self.spb_issued is None:
            return None
        start = spb_effective_date(self.spb_issued, self.readings.effective_day)
        if self.as_of < start:
            return (
                f"沙坪坝区办法{self.spb_issued.isoformat()}印发，{start.isoformat()}起施行；"
                f"{self.as_of.isoformat()}尚未施行"
            )
        return None


class Check(BaseModel):
    """One condition of one rule, with the numbers behind its status."""

    rule: str = Field(title="规则编号")
    name: str = Field(title="检查项")
    label: str = Field(title="检查内容")
    status: Status = Field(title="结论")
    actual: Decimal | int | bool | str | list[str] | None = Field(default=None, title="实际值")
    threshold: Decimal | int | bool | str | list[str] | None = Field(default=None, title="标准")
    comparison: Comparison = Field(default="-", title="比较")
    unit: str = Field(default="", title="单位")
    gap: Decimal | None = Field(default=None, title="差距")
    message: str = Field(title="说明")
    fix: str | None = Field(default=None, title="最小改正")
    citation: Citation = Field(title="出处")
    readings: list[str] = Field(default_factory=list, title="使用的解读")

    def at(self, item: Item) -> Check:
        """This check cited at one item's own row or clause."""
        return self.model_copy(update={"citation": self.citation.at(item)})

    def softened(self) -> Check:
        """A failure that decides nothing (yet), reported as advice; other statuses kept."""
        if self.status is Status.FAIL:
            return self.model_copy(update={"status": Status.ADVISORY})
        return self


class TracedValue(BaseModel):
    value: Decimal | list[str]
    unit: str
    phrase: str


class TracedRule(BaseModel):
    id: str
    article: str
    doc: str
    url: str
    in_force: str
    values: dict[str, TracedValue]


class Trace(BaseModel):
    """What the result was computed from: package version and every rule value read."""

    schema_version: int = SCHEMA_VERSION
    package_version: str = __version__
    as_of: date
    spb_issued: date | None
    rules: list[TracedRule]


class Result(BaseModel):
    """The answer to one question: a status that is the conjunction of its checks."""

    question: str = Field(title="问题")
    title: str = Field(title="标题")
    status: Status = Field(title="结论")
    summary: str = Field(title="摘要")
    checks: list[Check] = Field(title="检查")
    readings: list[ReadingUsed] = Field(title="使用的解读")
    data: dict[str, Any] = Field(default_factory=dict, title="计算结果")
    trace: Trace

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if c.status is Status.FAIL]


_BINDING_RULES = frozenset(catalogue()["binding"].rules)


def judge(
    rule_id: str,
    name: str,
    label: str,
    ok: bool,
    ctx: Context,
    *,
    message: str,
    fix: str | None = None,
    actual: Any = None,
    threshold: Any = None,
    comparison: Comparison = "-",
    unit: str = "",
    gap: Decimal | None = None,
    readings: Iterable[str] = (),
    item: Item | None = None,
) -> Check:
    """A check of ``rule_id``: pass when ``ok``; otherwise fail, or advisory when the
    rule is advisory or the ``binding = guidance`` reading softens it; not in force
    when the as-of date is before the rule's document took effect."""
    r = rule(rule_id)
    used = list(readings)
    if ok:
        status = Status.PASS
    elif r.kind == "advisory":
        status = Status.ADVISORY
    else:
        status = Status.FAIL
    if rule_id in _BINDING_RULES:
        used.append("binding")
        if status is Status.FAIL and ctx.readings.binding == "guidance":
            status = Status.ADVISORY
            message += "（按“指引”解读，仅作提示）"
    check = note(
        rule_id, name, label, status, message, ctx,
        readings=used, item=item, actual=actual, threshold=threshold,
    )  # fmt: skip
    return check.model_copy(
        update={
            "comparison": comparison,
            "unit": unit,
            "gap": gap if check.status is not Status.PASS else None,
            "fix": fix if check.status in (Status.FAIL, Status.ADVISORY) else None,
        }
    )


def note(
    rule_id: str,
    name: str,
    label: str,
    status: Status,
    message: str,
    ctx: Context | None = None,
    *,
    readings: Iterable[str] = (),
    item: Item | None = None,
    actual: Any = None,
    threshold: Any = None,
) -> Check:
    """A check whose status the caller decides (advisory, not applicable, outside, a
    fact to report); not in force, given ``ctx``, before the rule's document took effect."""
    r = rule(rule_id)
    if ctx is not None:
        pending = ctx.not_in_force(r)
        if pending is not None:
            status, message = Status.NOT_IN_FORCE, f"{pending}。{message}"
    return Check(
        rule=rule_id,
        name=name,
        label=label,
        status=status,
        actual=actual,
        threshold=threshold,
        message=message,
        citation=r.citation if item is None else r.citation.at(item),
        readings=list(readings),
    )


def at_least(
    rule_id: str, name: str, label: str, actual: Decimal, minimum: Decimal, unit: str,
    ctx: Context, *, show: Callable[[Decimal], str] = num, fix: str | None = None,
    readings: Iterable[str] = (),
) -> Check:  # fmt: skip
    """``actual ≥ minimum``, worded as "实训课时占比 54%，低于 60%"."""
    return _bound(rule_id, name, label, actual, minimum, unit, ctx, show, fix, readings, False)


def at_most(
    rule_id: str, name: str, label: str, actual: Decimal, maximum: Decimal, unit: str,
    ctx: Context, *, show: Callable[[Decimal], str] = num, fix: str | None = None,
    readings: Iterable[str] = (),
) -> Check:  # fmt: skip
    """``actual ≤ maximum``, worded as "开班人数 51人，超过 50人"."""
    return _bound(rule_id, name, label, actual, maximum, unit, ctx, show, fix, readings, True)


def _bound(
    rule_id: str, name: str, label: str, actual: Decimal, limit: Decimal, unit: str,
    ctx: Context, show: Callable[[Decimal], str], fix: str | None, readings: Iterable[str],
    upper: bool,
) -> Check:  # fmt: skip
    ok = actual <= limit if upper else actual >= limit
    word = ("不超过" if ok else "超过") if upper else ("不低于" if ok else "低于")
    return judge(
        rule_id, name, label, ok, ctx,
        message=f"{label} {show(actual)}{unit}，{word} {show(limit)}{unit}",
        fix=fix, actual=actual, threshold=limit, comparison="<=" if upper else ">=", unit=unit,
        gap=actual - limit if upper else limit - actual, readings=readings,
    )  # fmt: skip


_PRECEDENCE = (
    Status.FAIL,
    Status.NOT_IN_FORCE,
    Status.INCOMPLETE,
    Status.PASS,
    Status.ADVISORY,
    Status.OUTSIDE,
    Status.NOT_APPLICABLE,
)


def overall(checks: Iterable[Check]) -> Status:
    """The conjunction: any failure fails; else any not in force; else incomplete while
    anything is still to fill in; else pass if anything passed; advisory, outside and
    not-applicable checks decide only when nothing else does."""
    present = {c.status for c in checks}
    return next((s for s in _PRECEDENCE if s in present), Status.NOT_APPLICABLE)


def conclude(
    question: str,
    title: str,
    checks: list[Check],
    ctx: Context,
    data: dict[str, Any] | None = None,
    summary: str | None = None,
) -> Result:
    """Assemble a :class:`Result` with its status, summary, readings and trace."""
    status = overall(checks)
    if summary is None:
        summary = f"{title}：{status.text}" + _findings(checks, status)
    used: list[str] = [k for c in checks for k in c.readings]
    rule_ids = list(dict.fromkeys(c.rule for c in checks))
    return Result(
        question=question,
        title=title,
        status=status,
        summary=summary,
        checks=checks,
        readings=describe(ctx.readings, used),
        data=data or {},
        trace=Trace(
            as_of=ctx.as_of,
            spb_issued=ctx.spb_issued,
            rules=[_traced(rule(i), ctx) for i in rule_ids],
        ),
    )


SUMMARY_LISTED = 3
"""Failures a summary spells out; the others are counted (the checks list them all)."""
MISSING_LISTED = 5
"""What a summary of an untouched form names as still to fill in; the others are counted."""


def _findings(checks: list[Check], status: Status) -> str:
    """What the default summary says after the status: the first failures with their
    fixes, or, while the input is incomplete, what is still to fill in."""
    if status is Status.INCOMPLETE:
        todo = list(dict.fromkeys(c.label for c in checks if c.status is Status.INCOMPLETE))
        more = f" 等 {len(todo)} 项" if len(todo) > MISSING_LISTED else ""
        return "。还缺：" + "；".join(todo[:MISSING_LISTED]) + more
    failed = [c for c in checks if c.status is Status.FAIL]
    if not failed:
        return ""
    listed = "；".join(
        f"{c.rule} {c.message}" + (f"：{c.fix}" if c.fix else "") for c in failed[:SUMMARY_LISTED]
    )
    others = len(failed) - SUMMARY_LISTED
    return "。" + listed + (f"；另有 {others} 项不符合，见逐项检查" if others > 0 else "")


def _traced(r: Rule, ctx: Context) -> TracedRule:
    if r.doc == "CQ16":
        in_force = "试行，文件未载明施行日期：视为施行"
    elif ctx.spb_issued is None:
        in_force = "印发日期未提供：视为已施行"
    else:
        start = spb_effective_date(ctx.spb_issued, ctx.readings.effective_day)
        in_force = f"{start.isoformat()}起施行"
    return TracedRule(
        id=r.id,
        article=r.article,
        doc=r.doc,
        url=r.citation.url,
        in_force=in_force,
        values={
            k: TracedValue(value=p.value, unit=p.unit, phrase=p.phrase) for k, p in r.values.items()
        },
    )
