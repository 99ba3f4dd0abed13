"""沙坪坝区办法 第十四条 线上培训监管措施: learner data, spot checks and sanctions.

:func:`learner_data` judges a trainee's data (and names the anomalies a register shows:
invalid ID numbers, contradicting records, status and sign-in time that disagree);
:func:`spotcheck_80` judges a class's spot checks, whose outcome as data is
:func:`spot_outcome`; :func:`sanction` says what follows an institution's fraud.

Spot-check counts are compared exactly, cross-multiplied (``passed < 80% × sampled``),
never through a rounded rate. Spot checks are listed in the order they took place; which
two of more than two count as "两次抽查" is the reading ``spotcheck_pair``, the rate's
denominator ``spotcheck_base``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import combinations, pairwise
from typing import Any, Protocol

from calc.checks import check
from calc.people import mask
from calc.readings import catalogue
from calc.result import Check, Context, Status, judge, note
from calc.rules import Rule
from calc.spb.attendance import needed
from calc.text import pct, show_rate

APPLYING = "班级申请补贴的人数"

# ---- learner data ----------------------------------------------------------------------


@dataclass(frozen=True)
class TraineeData:
    """What the eligibility question says of a trainee's data."""

    who: str
    meets_standard: bool
    anomaly: bool
    anomaly_note: str | None = None


@dataclass(frozen=True)
class InvalidIds:
    """Trainees of a register whose resident ID number is not valid (the same check as the
    roster's, :func:`calc.people.id_problem`): how many, and the first few as (first row,
    name, ID number, problem)."""

    count: int
    listed: Sequence[tuple[int, str, str, str]]


@dataclass(frozen=True)
class Conflicts:
    """Records of one trainee and session that contradict an earlier one (present and
    absent), in a class (``班级“甲班”`` or ``本班``): how many, and the first few as
    (row, name, session, attended)."""

    where: str
    count: int
    listed: Sequence[tuple[int, str, str, bool]]


@dataclass(frozen=True)
class Disagreement:
    """Rows of a register whose status and sign-in time disagree: the two headers, how
    many rows, and the first few as (row, name, status, sign-in time)."""

    status: str
    time: str
    count: int
    listed: Sequence[tuple[int, str, str, str]]


@check("SPB-LEARNER-DATA")
def learner_data(
    r: Rule, facts: TraineeData | InvalidIds | Conflicts | Disagreement, ctx: Context
) -> list[Check]:
    """“申请补贴的学员数据有不符合培训验收标准或数据有明显异常，取消该学员的申请补贴
    资格”（沙坪坝区办法 第十四条）.

    A trainee's data must meet the acceptance standard and show no clear anomaly
    (:class:`TraineeData`, two findings). A register's anomalies are advice, each one
    finding naming the first rows: ID numbers that are not valid (:class:`InvalidIds`),
    records contradicting each other (:class:`Conflicts`, counted as present, as the
    platform's own count would) and status against sign-in time (:class:`Disagreement`,
    counted by the status)."""
    match facts:
        case TraineeData():
            return _trainee_data(r, facts, ctx)
        case InvalidIds(count, listed):
            named = [
                f"第{row}行 {name}（{mask(number)}）：{problem}"
                for row, name, number, problem in listed
            ]
            said = (f"{count:,} 名学员的身份证号无效：", "。身份证号有误的学员难以通过实名核验，"
                    "可能被取消申请补贴资格；请核对后更正")  # fmt: skip
            return _advice(r, "invalid_ids", "身份证号无效", said, named, count, "名", ctx)
        case Conflicts(where, count, listed):
            named = [
                f"第{line}行 {who} 课次“{session}”记为{'到课' if attended else '缺课'}，此前记为"
                f"{'缺课' if attended else '到课'}"
                for line, who, session, attended in listed
            ]
            said = (f"{where}有 {count:,} 条记录与同一学员同一课次的此前记录矛盾：",
                    "。这几个课次按“到课”计算；数据有明显异常的学员可能被取消申请补贴资格，"
                    "请核对平台原始记录")  # fmt: skip
            label = f"{where}考勤记录前后矛盾"
            return _advice(r, "conflicting_records", label, said, named, count, "处", ctx)
        case Disagreement(status, time, count, listed):
            named = [
                f"第{line}行 {who}：{status}“{said}”，{time}“{at or '空'}”"
                for line, who, said, at in listed
            ]
            said = (f"{count:,} 行的{status}与{time}不一致（记为到课却没有签到时间，或记为缺课却有"
                    "签到时间）：", f"。按{status}计算；请核对平台原始记录")  # fmt: skip
            label = "考勤状态与签到时间不一致"
            return _advice(r, "status_and_time", label, said, named, count, "行", ctx)


def _advice(
    r: Rule, name: str, label: str, said: tuple[str, str], named: list[str], count: int,
    unit: str, ctx: Context,
) -> list[Check]:  # fmt: skip
    """Advice about ``count`` faulty records: the first of them ``named`` between the two
    parts of ``said``, the rest counted."""
    tail = f"；另有 {count - len(named):,} {unit}" if count > len(named) else ""
    message = said[0] + "；".join(named) + tail + said[1]
    return [note(r.id, name, label, Status.ADVISORY, message, ctx, actual=count, threshold=0)]


def _trainee_data(r: Rule, t: TraineeData, ctx: Context) -> list[Check]:
    meets, clean = t.meets_standard, not t.anomaly
    said = f"{t.who} 学员数据{'' if meets else '不'}符合培训验收标准"
    fix = "补齐或更正学员数据，使其符合培训验收标准"
    standard = judge(r.id, "data_standard", f"{t.who}：数据验收", meets, ctx, message=said, fix=fix)
    why = f"：{t.anomaly_note}" if t.anomaly_note else ""
    said = f"{t.who} 学员数据" + ("无明显异常" if clean else f"有明显异常{why}")
    fix = "查明异常并更正数据；确属异常的不能申请补贴"
    anomaly = judge(r.id, "data_anomaly", f"{t.who}：数据异常", clean, ctx, message=said, fix=fix)
    return [standard, anomaly]


# ---- spot checks -----------------------------------------------------------------------


class Sampled(Protocol):
    """One spot check as recorded: when, how many trainees sampled, how many passed."""

    @property
    def date(self) -> dt.date | None: ...
    @property
    def sampled(self) -> int: ...
    @property
    def passed(self) -> int: ...


@dataclass(frozen=True)
class Tally:
    """One spot check as counted: its number, how many passed, and the rate's denominator."""

    number: int
    passed: int
    base: int

    @property
    def rate(self) -> Decimal:
        return Decimal(self.passed) / Decimal(self.base)

    def below(self, floor: Decimal) -> bool:
        return self.passed < floor * self.base


Group = tuple[Tally, ...]


@dataclass(frozen=True)
class Decision:
    """What the spot checks decide: the candidate that decides (:func:`candidates`), the
    rate it stands at, whether the class is cancelled or may be by the next check."""

    decisive: Group
    actual: Decimal
    cancelled: bool
    pending: bool


def rate_base(c: Sampled, applying: int | None, ctx: Context) -> int | None:
    """第十四条 "班级申请补贴的人数，两次抽查达标率低于80%": the rate's denominator under
    reading ``spotcheck_base`` — the trainees sampled in that check (``sampled``), or the
    trainees the class applies for (``applying``; None when that number is not given)."""
    return c.sampled if ctx.readings.spotcheck_base == "sampled" else applying


def candidates(tallies: list[Tally], ctx: Context) -> list[Group]:
    """第十四条 "两次抽查达标率低于80%": what may cancel — each check alone under
    ``spotcheck = either``; else any two checks (``spotcheck_pair = any_two``) or two
    checks in a row (``consecutive``)."""
    if ctx.readings.spotcheck == "either":
        return [(t,) for t in tallies]
    if ctx.readings.spotcheck_pair == "consecutive":
        return list(pairwise(tallies))
    return list(combinations(tallies, 2))


def standing(group: Group, ctx: Context) -> Fraction:
    """The rate a candidate stands at, exactly; below 80% cancels: a check's own rate, the
    higher rate of a pair under ``both`` (both are below when it is), or the pair's
    Σpassed ÷ Σdenominators under ``combined``."""
    if ctx.readings.spotcheck == "combined":
        return Fraction(sum(t.passed for t in group), sum(t.base for t in group))
    return max(Fraction(t.passed, t.base) for t in group)


def _decimal(f: Fraction) -> Decimal:
    return Decimal(f.numerator) / Decimal(f.denominator)


def _chinese(n: int) -> str:
    return "两" if n == 2 else str(n)


def _names(group: Sequence[Tally]) -> str:
    return "、".join(f"第{t.number}次" for t in group)


def _need(who: str, t: Tally, floor: Decimal) -> str:
    """``第2次需 10 人中至少 8 人达标（再有 1 人）``."""
    more = needed(t.passed, t.base, floor)
    return f"{who}需 {t.base} 人中至少 {t.passed + more} 人达标（再有 {more} 人）"


def _tallies(records: Sequence[Sampled], applying: int | None, ctx: Context) -> list[Tally] | None:
    """Every check as counted; None when a denominator is missing (see :func:`_no_base`)."""
    bases = [b for c in records if (b := rate_base(c, applying, ctx)) is not None]
    if len(bases) < len(records):
        return None
    return [Tally(i, c.passed, b) for i, (c, b) in enumerate(zip(records, bases, strict=True), 1)]


def _decide(r: Rule, tallies: list[Tally], ctx: Context) -> Decision:
    """Cancelled when a candidate (:func:`candidates`) stands below 80% (:func:`standing`);
    the lowest-standing candidate decides. Not cancelled yet (pending): a single check
    below 80%, or under ``both`` a check below 80% that a later one below 80% would pair
    with (any, or the last under ``consecutive``)."""
    reading = ctx.readings.spotcheck
    floor, required = r.decimal("min_rate"), int(r.decimal("checks"))
    decisive = min(candidates(tallies, ctx) or [(tallies[0],)], key=lambda g: standing(g, ctx))
    actual = _decimal(standing(decisive, ctx))
    cancelled = len(decisive) == (1 if reading == "either" else required) and actual < floor
    below = [t for t in tallies if t.below(floor)]
    last = tallies[-1].below(floor)
    pairable = bool(below) if ctx.readings.spotcheck_pair == "any_two" else last
    single = len(tallies) < required and last
    pending = not cancelled and (single or (reading == "both" and pairable))
    return Decision(decisive, actual, cancelled, pending)


@check("SPB-SPOTCHECK-80")
def spotcheck_80(
    r: Rule, records: Sequence[Sampled], applying: int | None, ctx: Context
) -> list[Check]:
    """“两次抽查达标率低于80%则取消该培训班申报培训补贴资格”（沙坪坝区办法 第十四条）.

    One finding per spot check (below 80% or not; it decides nothing alone, so a failure
    is advice), then the verdict: cancelled when two checks (the readings ``spotcheck``,
    ``spotcheck_pair``) are below 80%, the decisive ones named with the smallest fix;
    advice while the next check may still cancel. The rate is passed ÷ sampled, or ÷ the
    trainees the class applies for (``applying``) under ``spotcheck_base = applying`` —
    without that number nothing is judged. No spot checks: not applicable."""
    if not records:
        return [note(r.id, "spotcheck", "抽查达标率", Status.NOT_APPLICABLE, "未填写抽查记录")]
    tallies = _tallies(records, applying, ctx)
    if tallies is None:
        return _no_base(r, records, ctx)
    floor = r.decimal("min_rate")
    checks = [_row(r, t, c, floor, ctx) for t, c in zip(tallies, records, strict=True)]
    return [*checks, _verdict(r, tallies, _decide(r, tallies, ctx), ctx)]


def _row(r: Rule, t: Tally, c: Sampled, floor: Decimal, ctx: Context) -> Check:
    """One spot check: below 80% or not (decides nothing alone; see :func:`_verdict`)."""
    i, below = t.number, t.below(floor)
    when = f"（{c.date.isoformat()}）" if c.date else " "
    rate = show_rate(t.rate, floor)
    said = f"{t.base} 人中 {t.passed} 人达标（{rate}）"
    if ctx.readings.spotcheck_base == "applying":
        said = f"{c.sampled} 人中 {t.passed} 人达标，按{APPLYING} {t.base} 人计达标率 {rate}"
    return judge(
        r.id, f"spotcheck_{i}", f"第{i}次抽查达标率", not below, ctx,
        message=f"第{i}次抽查{when}{said}，{'低于' if below else '不低于'} {pct(floor)}",
        fix=_need(f"第{i}次抽查", t, floor), actual=t.rate, threshold=floor, comparison=">=",
        gap=floor - t.rate, readings=["spotcheck_base"],
    ).softened()  # fmt: skip


def _relation(tallies: list[Tally], decisive: Group, cancelled: bool, floor: Decimal) -> str:
    """``都低于``, ``其中第2次低于``, … for the ``both`` and ``either`` readings."""
    below = [t for t in tallies if t.below(floor)]
    every = len(tallies) > 1
    if cancelled and len(decisive) > 1 and len(tallies) > len(decisive):
        return f"其中{_names(decisive)}都低于"
    if len(below) == len(tallies):
        return "都低于" if every else "低于"
    if not below:
        return "都不低于" if every else "不低于"
    return f"其中{_names(below)}低于"


def _head(tallies: list[Tally], required: int, ctx: Context) -> tuple[str, list[str]]:
    """What the verdict says first, and the readings it used: too few checks, or which two
    of many count (``spotcheck_pair`` matters only then); the denominator when not sampled."""
    head, used = "", ["spotcheck", "spotcheck_base"]
    if len(tallies) < required:
        head = f"仅有 {len(tallies)} 次抽查，办法按“{_chinese(required)}次抽查”判断；"
    elif len(tallies) > required and ctx.readings.spotcheck != "either":
        pair = catalogue()["spotcheck_pair"].options[ctx.readings.spotcheck_pair]
        head = f"共 {len(tallies)} 次抽查，按{pair.split('：')[0]}判断；"
        used.append("spotcheck_pair")
    if ctx.readings.spotcheck_base == "applying":
        head += f"达标率按{APPLYING} {tallies[0].base} 人计；"
    return head, used


def _verdict(r: Rule, tallies: list[Tally], d: Decision, ctx: Context) -> Check:
    """The verdict of :func:`_decide`: the decisive checks named, and the fix."""
    reading = ctx.readings.spotcheck
    floor, required = r.decimal("min_rate"), int(r.decimal("checks"))
    decisive, actual, cancelled, pending = d.decisive, d.actual, d.cancelled, d.pending
    below = [t for t in tallies if t.below(floor)]
    head, used = _head(tallies, required, ctx)
    if reading == "combined":
        merged = Tally(0, sum(t.passed for t in decisive), sum(t.base for t in decisive))
        said = f"{_names(decisive)}合计 {merged.base} 人中 {merged.passed} 人达标"
        said += f"（{show_rate(actual, floor)}）"
        relation, label = ("低于" if actual < floor else "不低于"), "抽查合计达标率"
        fix = _need(f"{_names(decisive)}合计", merged, floor)
    else:
        said = "抽查达标率 " + "、".join(
            f"第{t.number}次 {show_rate(t.rate, floor)}" for t in tallies
        )
        relation = _relation(tallies, decisive, cancelled, floor)
        label = "抽查中较低的达标率" if reading == "either" else "两次抽查中较高的达标率"
        lacking = below if reading == "either" else [t for t in decisive if t.below(floor)]
        gaps = sorted(lacking, key=lambda t: (needed(t.passed, t.base, floor), t.number))
        picked = gaps if reading == "either" else gaps[:1]
        fix = "；".join(_need(f"第{t.number}次", t, floor) for t in picked)
    cut = "取消该培训班申报培训补贴资格"
    outcome = cut if cancelled else "目前不取消" if pending else "不取消"
    if pending:
        fix = (
            f"下次抽查须使{_chinese(required)}次合计达标率不低于 {pct(floor)}"
            if reading == "combined"
            else f"下次抽查达标率须不低于 {pct(floor)}，否则{cut}"
        )
    meaning = catalogue()["spotcheck"].options[reading]
    verdict = judge(
        r.id, "spotcheck", label, not (cancelled or pending), ctx,
        message=f"{head}{said}，{relation} {pct(floor)}：{outcome}（{meaning}）", fix=fix,
        actual=actual, threshold=floor, comparison=">=", gap=floor - actual, readings=used,
    )  # fmt: skip
    return verdict.softened() if pending else verdict


def _lacking() -> str:
    how = catalogue()["spotcheck_base"].options["applying"].split("（")[0]
    return f"未填写{APPLYING}，无法按解读“{how}”计算达标率"


def _no_base(r: Rule, records: Sequence[Sampled], ctx: Context) -> list[Check]:
    """Reading ``spotcheck_base = applying`` without the number applying: nothing judged."""
    lacking = _lacking()
    checks = [
        note(
            r.id, f"spotcheck_{i}", f"第{i}次抽查达标率", Status.ADVISORY,
            f"第{i}次抽查 {c.sampled} 人中 {c.passed} 人达标；{lacking}", ctx,
            readings=["spotcheck_base"],
        )
        for i, c in enumerate(records, 1)
    ]  # fmt: skip
    verdict = note(
        r.id, "spotcheck", "抽查达标率", Status.ADVISORY,
        f"{lacking}，未判断是否取消该培训班申报培训补贴资格", ctx,
        readings=["spotcheck", "spotcheck_base"],
    )  # fmt: skip
    checks.append(verdict.model_copy(update={"fix": f"填写{APPLYING}，或改按“抽查人数”解读"}))
    return checks


def spot_outcome(
    records: Sequence[Sampled], applying: int | None, ctx: Context
) -> dict[str, Any] | None:
    """What :func:`spotcheck_80` decides, as data: every check with its rate, which
    decided, the combined rate, whether cancelled or pending (None: no spot checks)."""
    if not records:
        return None
    r = spotcheck_80.rule
    tallies = _tallies(records, applying, ctx)
    if tallies is None:
        unjudged: list[dict[str, Any]] = [
            {"number": i, "date": c.date, "sampled": c.sampled, "passed": c.passed,
             "base": None, "rate": None, "fraction": None, "below": None, "counted": True}
            for i, c in enumerate(records, 1)
        ]  # fmt: skip
        return _spot_data(ctx, unjudged, None, [], False, False, base_missing=True)
    floor = r.decimal("min_rate")
    d = _decide(r, tallies, ctx)
    group = d.decisive if ctx.readings.spotcheck == "combined" else tallies
    combined = _decimal(Fraction(sum(t.passed for t in group), sum(t.base for t in group)))
    rows: list[dict[str, Any]] = [
        {"number": t.number, "date": c.date, "sampled": c.sampled, "passed": c.passed,
         "base": t.base, "rate": t.rate, "fraction": f"{t.passed}/{t.base}",
         "below": t.below(floor), "counted": True}
        for t, c in zip(tallies, records, strict=True)
    ]  # fmt: skip
    pair = [t.number for t in d.decisive] if d.cancelled else []
    return _spot_data(ctx, rows, combined, pair, d.cancelled, d.pending)


def _spot_data(
    ctx: Context, rows: list[dict[str, Any]], combined: Decimal | None, pair: list[int],
    cancelled: bool, pending: bool, base_missing: bool = False,
) -> dict[str, Any]:  # fmt: skip
    r = ctx.readings
    return {
        "checks": rows,
        "counted": [row["number"] for row in rows],
        "decisive": pair,
        "combined_rate": combined,
        "cancelled": cancelled,
        "pending": pending,
        "base_missing": base_missing,
        "reading": r.spotcheck,
        "pair_reading": r.spotcheck_pair,
        "base_reading": r.spotcheck_base,
    }


# ---- sanctions -------------------------------------------------------------------------


@check("SPB-SANCTION")
def sanction(r: Rule, fraud_found: bool, ctx: Context) -> list[Check]:
    """“对职业培训机构徇私舞弊，违反相关法规办法要求，造成重大失误或严重影响的，进行
    督改约谈，责令其立即停止政府补贴类培训活动，并移交执法部门处理”（沙坪坝区办法 第十四条）.

    Advice (the rule decides nothing about a class's subsidy): the sanction named when
    the institution was found to have committed fraud or broken the rules."""
    said = "未发现机构徇私舞弊或违规"
    if fraud_found:
        said = (
            "机构徇私舞弊、违反相关法规办法要求：督改约谈，责令立即停止政府补贴类培训活动，"
            "并移交执法部门处理"
        )
    fix = "立即停止政府补贴类培训活动，配合督改约谈和执法部门处理"
    return [judge(r.id, "sanction", "机构违规", not fraud_found, ctx, message=said, fix=fix)]
