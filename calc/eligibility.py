"""Subsidy eligibility: approval before opening (SPB 第九条), attendance (第七条（四）),
completion and certificate (第十二条), learner data, spot checks and sanctions (第十四条).

Comparisons are exact: counts are cross-multiplied (``passed < 80% × sampled``), never
compared through a rounded rate. Rates are shown exactly when they have at most two
decimals of a percent (79.99%), else to 0.1 point half up, or truncated to more digits
when that rounding would hide which side of the threshold they are on.
Spot checks are listed in the order they took place; which two of more than two count as
"两次抽查" is the reading ``spotcheck_pair``, the rate's denominator ``spotcheck_base``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal
from fractions import Fraction
from itertools import combinations, pairwise
from typing import Any

from pydantic import ConfigDict, Field, field_validator, model_validator

from calc.models import Certificate, Input
from calc.readings import catalogue
from calc.result import Check, Context, Result, Status, conclude, judge, note, overall
from calc.rules import rule
from calc.text import num, pct

APPLY, ATTEND, COMPLETE = "SPB-APPLY", "SPB-ATTEND-80", "SPB-COMPLETE"
DATA, SPOT, SANCTION = "SPB-LEARNER-DATA", "SPB-SPOTCHECK-80", "SPB-SANCTION"
MAX_TRAINEES = 500


def _chinese(n: int) -> str:
    return "两" if n == 2 else str(n)


def show_rate(rate: Decimal, floor: Decimal) -> str:
    """A rate as a percentage: exact when it has at most two decimals of a percent
    (``79.99%``), else ``pct`` (0.1 point, half up) unless that would read as ``floor``
    without being it, then truncated to as many digits as tell them apart."""
    exact = rate * 100
    if exact == exact.quantize(Decimal("0.01")):
        return num(exact) + "%"
    if pct(rate) != pct(floor):
        return pct(rate)
    places = 2
    while (q := exact.quantize(Decimal(1).scaleb(-places), ROUND_DOWN)) == floor * 100:
        places += 1
    return num(q) + "%"


def needed(have: int, total: int, floor: Decimal) -> int:
    """How many more of ``total`` must count for ``have / total`` to reach ``floor``."""
    least = int((floor * total).to_integral_value(rounding=ROUND_CEILING))
    return max(least - have, 0)


# ---- spot checks: SPB 第十四条 ---------------------------------------------------------

APPLYING = "班级申请补贴的人数"


class SpotCheck(Input):
    model_config = ConfigDict(extra="forbid", title="抽查记录")

    date: dt.date | None = Field(default=None, title="抽查日期")
    sampled: int = Field(
        ge=1, le=MAX_TRAINEES, title="抽查人数", description="该班申请补贴的学员中被抽查的人数"
    )
    passed: int = Field(ge=0, le=MAX_TRAINEES, title="达标人数")

    @model_validator(mode="after")
    def _passed_within_sampled(self) -> SpotCheck:
        if self.passed > self.sampled:
            raise ValueError(f"达标人数 {self.passed} 大于抽查人数 {self.sampled}")
        return self


def _in_order(checks: list[SpotCheck]) -> list[SpotCheck]:
    for i in range(1, len(checks)):
        before, after = checks[i - 1].date, checks[i].date
        if before is not None and after is not None and after < before:
            raise ValueError(f"应按抽查先后排列：第{i + 1}行的日期早于第{i}行")
    return checks


def _within(checks: list[SpotCheck], applying: int | None) -> None:
    """A check samples trainees the class applies for: never more than their number."""
    for i, c in enumerate(checks, 1):
        if applying is not None and c.sampled > applying:
            raise ValueError(f"第{i}次抽查人数 {c.sampled} 大于{APPLYING} {applying}")


def _applying_field() -> Any:
    return Field(
        default=None, ge=1, le=MAX_TRAINEES, title=APPLYING,
        description="按“申请补贴人数”解读计算达标率时必填（抽查人数不能多于它）",
    )  # fmt: skip


class SpotCheckInput(Input):
    model_config = ConfigDict(extra="forbid", title="抽查达标率")

    applying: int | None = _applying_field()
    checks: list[SpotCheck] = Field(
        min_length=1,
        max_length=10,
        title="抽查记录",
        description="按抽查先后排列；多于两次时按解读取任意两次或相邻两次",
    )

    @field_validator("checks")
    @classmethod
    def _ordered(cls, checks: list[SpotCheck]) -> list[SpotCheck]:
        return _in_order(checks)

    @model_validator(mode="after")
    def _sampled_within_applying(self) -> SpotCheckInput:
        _within(self.checks, self.applying)
        return self


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


def rate_base(c: SpotCheck, applying: int | None, ctx: Context) -> int | None:
    """SPB 第十四条 "班级申请补贴的人数，两次抽查达标率低于80%": the rate's denominator under
    reading ``spotcheck_base`` — the trainees sampled in that check (``sampled``), or the
    trainees the class applies for (``applying``; None when that number is not given)."""
    return c.sampled if ctx.readings.spotcheck_base == "sampled" else applying


def candidates(tallies: list[Tally], ctx: Context) -> list[Group]:
    """SPB 第十四条 "两次抽查达标率低于80%": what may cancel — each check alone under
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


def _names(group: Sequence[Tally]) -> str:
    return "、".join(f"第{t.number}次" for t in group)


def _need(who: str, t: Tally, floor: Decimal) -> str:
    """``第2次需 10 人中至少 8 人达标（再有 1 人）``."""
    more = needed(t.passed, t.base, floor)
    return f"{who}需 {t.base} 人中至少 {t.passed + more} 人达标（再有 {more} 人）"


def _row(t: Tally, c: SpotCheck, floor: Decimal, ctx: Context) -> Check:
    """One spot check: below 80% or not (decides nothing alone; see :func:`_verdict`)."""
    i, below = t.number, t.below(floor)
    when = f"（{c.date.isoformat()}）" if c.date else " "
    rate = show_rate(t.rate, floor)
    said = f"{t.base} 人中 {t.passed} 人达标（{rate}）"
    if ctx.readings.spotcheck_base == "applying":
        said = f"{c.sampled} 人中 {t.passed} 人达标，按{APPLYING} {t.base} 人计达标率 {rate}"
    return judge(
        SPOT, f"spotcheck_{i}", f"第{i}次抽查达标率", not below, ctx,
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


def _verdict(tallies: list[Tally], ctx: Context) -> tuple[Check, bool, bool, Group]:
    """SPB-SPOTCHECK-80: cancelled when a candidate (:func:`candidates`) stands below 80%
    (:func:`standing`); the lowest-standing candidate decides, is named and gets the fix.
    Not cancelled yet (advice, pending): a single check below 80%, or under ``both`` a check
    below 80% that a later one below 80% would pair with (any, or the last under
    ``consecutive``)."""
    r, reading = rule(SPOT), ctx.readings.spotcheck
    floor, required = r.decimal("min_rate"), int(r.decimal("checks"))
    decisive = min(candidates(tallies, ctx) or [(tallies[0],)], key=lambda g: standing(g, ctx))
    actual = _decimal(standing(decisive, ctx))
    cancelled = len(decisive) == (1 if reading == "either" else required) and actual < floor
    below = [t for t in tallies if t.below(floor)]
    last = tallies[-1].below(floor)
    pairable = bool(below) if ctx.readings.spotcheck_pair == "any_two" else last
    single = len(tallies) < required and last
    pending = not cancelled and (single or (reading == "both" and pairable))
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
    check = judge(
        SPOT, "spotcheck", label, not (cancelled or pending), ctx,
        message=f"{head}{said}，{relation} {pct(floor)}：{outcome}（{meaning}）", fix=fix,
        actual=actual, threshold=floor, comparison=">=", gap=floor - actual, readings=used,
    )  # fmt: skip
    return (check.softened() if pending else check), cancelled, pending, decisive


def _no_base(records: Sequence[SpotCheck], ctx: Context) -> tuple[list[Check], dict[str, Any]]:
    """Reading ``spotcheck_base = applying`` without the number applying: nothing to judge."""
    how = catalogue()["spotcheck_base"].options["applying"].split("（")[0]
    lacking = f"未填写{APPLYING}，无法按解读“{how}”计算达标率"
    checks = [
        note(
            SPOT, f"spotcheck_{i}", f"第{i}次抽查达标率", Status.ADVISORY,
            f"第{i}次抽查 {c.sampled} 人中 {c.passed} 人达标；{lacking}", ctx,
            readings=["spotcheck_base"],
        )
        for i, c in enumerate(records, 1)
    ]  # fmt: skip
    verdict = note(
        SPOT, "spotcheck", "抽查达标率", Status.ADVISORY,
        f"{lacking}，未判断是否取消该培训班申报培训补贴资格", ctx,
        readings=["spotcheck", "spotcheck_base"],
    )  # fmt: skip
    checks.append(verdict.model_copy(update={"fix": f"填写{APPLYING}，或改按“抽查人数”解读"}))
    rows = [
        {"number": i, "date": c.date, "sampled": c.sampled, "passed": c.passed, "base": None,
         "rate": None, "fraction": None, "below": None, "counted": True}
        for i, c in enumerate(records, 1)
    ]  # fmt: skip
    return checks, _spot_data(ctx, rows, None, [], False, False, base_missing=True)


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


def spot_checks(
    records: Sequence[SpotCheck], applying: int | None, ctx: Context
) -> tuple[list[Check], dict[str, Any]]:
    """Rows for every spot check and the verdict; data with rates and whether cancelled."""
    floor = rule(SPOT).decimal("min_rate")
    bases = [b for c in records if (b := rate_base(c, applying, ctx)) is not None]
    if len(bases) < len(records):
        return _no_base(records, ctx)
    tallies = [
        Tally(i, c.passed, b) for i, (c, b) in enumerate(zip(records, bases, strict=True), 1)
    ]
    checks = [_row(t, c, floor, ctx) for t, c in zip(tallies, records, strict=True)]
    verdict, cancelled, pending, decisive = _verdict(tallies, ctx)
    checks.append(verdict)
    group = decisive if ctx.readings.spotcheck == "combined" else tallies
    combined = _decimal(Fraction(sum(t.passed for t in group), sum(t.base for t in group)))
    rows = [
        {"number": t.number, "date": c.date, "sampled": c.sampled, "passed": c.passed,
         "base": t.base, "rate": t.rate, "fraction": f"{t.passed}/{t.base}",
         "below": t.below(floor), "counted": True}
        for t, c in zip(tallies, records, strict=True)
    ]  # fmt: skip
    pair = [t.number for t in decisive] if cancelled else []
    return checks, _spot_data(ctx, rows, combined, pair, cancelled, pending)


def check_spot(inp: SpotCheckInput, ctx: Context) -> Result:
    """SPB 第十四条 "班级申请补贴的人数，两次抽查达标率低于80%则取消该培训班申报培训补贴资格"."""
    checks, data = spot_checks(inp.checks, inp.applying, ctx)
    summary = None
    if data["base_missing"]:
        summary = f"抽查达标率：{overall(checks).text}。{checks[-1].message}：{checks[-1].fix}"
    return conclude("spot-check", "抽查达标率", checks, ctx, data=data, summary=summary)


# ---- eligibility: SPB 第九条, 第七条（四）, 第十二条, 第十四条 ------------------------------


class Trainee(Input):
    model_config = ConfigDict(extra="forbid", title="学员", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=50, title="姓名")
    attendance_rate: Decimal | None = Field(
        default=None,
        ge=0,
        le=1,
        title="到课率",
        description="0 到 1 的小数，如 0.85；或改填到课数和应到数",
    )
    attended: int | None = Field(
        default=None, ge=0, le=10000, title="到课数", description="次数或课时，按到课率解读"
    )
    expected: int | None = Field(
        default=None, ge=1, le=10000, title="应到数", description="次数或课时，按到课率解读"
    )
    completed_all_courses: bool | None = Field(
        default=None, title="完成全部培训课程", description="机构记录；按“须100%到课”解读时用"
    )
    certificate: Certificate = Field(
        title="取得的证书",
        description="；".join(f"{c.value}：{c.label}" for c in Certificate),
    )
    data_meets_standard: bool = Field(title="学员数据符合培训验收标准")
    data_anomaly: bool = Field(default=False, title="学员数据有明显异常")
    anomaly_note: str | None = Field(default=None, max_length=200, title="异常说明")

    @model_validator(mode="after")
    def _one_attendance(self) -> Trainee:
        counts = (self.attended, self.expected)
        if self.attendance_rate is not None:
            if counts != (None, None):
                raise ValueError(f"{self.name}：到课率与到课数、应到数只填一种")
        elif self.attended is None or self.expected is None:
            raise ValueError(f"{self.name}：请填写到课率，或同时填写到课数和应到数")
        elif self.attended > self.expected:
            raise ValueError(f"{self.name}：到课数 {self.attended} 大于应到数 {self.expected}")
        return self

    @property
    def rate(self) -> Decimal:
        if self.attendance_rate is not None:
            return self.attendance_rate
        assert self.attended is not None and self.expected is not None
        return Decimal(self.attended) / Decimal(self.expected)

    def reaches(self, floor: Decimal) -> bool:
        """Attendance ≥ ``floor``, exactly (counts cross-multiplied)."""
        if self.attended is not None and self.expected is not None:
            return self.attended >= floor * self.expected
        return self.rate >= floor


class ClassInfo(Input):
    model_config = ConfigDict(extra="forbid", title="培训班")

    approved_before_start: bool = Field(
        title="开班前经区人力社保局审核通过", description="沙坪坝区办法第九条：审核通过后方可开班"
    )
    applying: int | None = _applying_field()
    spot_checks: list[SpotCheck] = Field(
        default_factory=list, max_length=10, title="抽查记录", description="按抽查先后排列"
    )
    fraud_found: bool = Field(
        default=False, title="发现机构徇私舞弊或违规", description="造成重大失误或严重影响的"
    )

    @field_validator("spot_checks")
    @classmethod
    def _ordered(cls, checks: list[SpotCheck]) -> list[SpotCheck]:
        return _in_order(checks)

    @model_validator(mode="after")
    def _sampled_within_applying(self) -> ClassInfo:
        _within(self.spot_checks, self.applying)
        return self


class EligibilityInput(Input):
    model_config = ConfigDict(extra="forbid", title="补贴资格", loc_by_alias=False)

    training_class: ClassInfo = Field(alias="class", title="培训班")
    trainees: list[Trainee] = Field(min_length=1, max_length=MAX_TRAINEES, title="学员")


Link = tuple[Check, bool]
"""A check and whether its condition holds (the status may be "not in force")."""


def _class_checks(c: ClassInfo, ctx: Context) -> tuple[list[Check], list[tuple[str, str]], Any]:
    """Approval, spot checks, sanction; and why the class lost eligibility, if it did."""
    lost: list[tuple[str, str]] = []
    ok = c.approved_before_start
    said = "开班前已经区人力社保局审核通过" if ok else "开班前未经区人力社保局审核通过：不予认定"
    fix = "先报送开班申请和线上培训方案，经区人力社保局审核通过后再开班"
    checks = [judge(APPLY, "approved", "开班审核", ok, ctx, message=said, fix=fix)]
    if not ok:
        lost.append((APPLY, "开班前未经审核通过，不予认定"))
    spot_data = None
    if c.spot_checks:
        rows, spot_data = spot_checks(c.spot_checks, c.applying, ctx)
        checks += rows
        if spot_data["cancelled"]:
            lost.append((SPOT, "抽查达标率不合格，已取消该班申报培训补贴资格"))
    else:
        checks.append(
            note(SPOT, "spotcheck", "抽查达标率", Status.NOT_APPLICABLE, "未填写抽查记录")
        )
    said = "未发现机构徇私舞弊或违规"
    if c.fraud_found:
        said = (
            "机构徇私舞弊、违反相关法规办法要求：督改约谈，责令立即停止政府补贴类培训活动，"
            "并移交执法部门处理"
        )
    fix = "立即停止政府补贴类培训活动，配合督改约谈和执法部门处理"
    ok = not c.fraud_found
    checks.append(judge(SANCTION, "sanction", "机构违规", ok, ctx, message=said, fix=fix))
    return checks, lost, spot_data


def _attendance(who: str, t: Trainee, ctx: Context) -> Link:
    """SPB-ATTEND-80 (``completion = attend80``: ≥ 80% counts as completing every course)
    or SPB-COMPLETE at 100% and not recorded as unfinished (``completion = full``)."""
    full = ctx.readings.completion == "full"
    floor = Decimal(1) if full else rule(ATTEND).decimal("min_rate")
    basis = ctx.readings.attendance_basis
    unit = "次" if basis == "sessions" else "课时"
    how = catalogue()["attendance_basis"].options[basis].split("：")[0]
    unfinished = t.completed_all_courses is False
    reached = t.reaches(floor)
    ok = reached and not (full and unfinished)
    counts = f"，到课 {t.attended}/{t.expected} {unit}" if t.expected is not None else ""
    message = f"{who} 到课率（{how}）{show_rate(t.rate, floor)}{counts}，"
    message += f"{'不低于' if reached else '低于'} {pct(floor)}"
    if unfinished:
        meaning = catalogue()["completion"].options[ctx.readings.completion]
        message += f"；机构记录未完成全部培训课程（{meaning}）"
    if full and unfinished:
        fix = "完成全部培训课程（100%到课）"
    elif t.attended is not None and t.expected is not None:
        more = needed(t.attended, t.expected, floor)
        fix = f"再到课 {more} {unit}（{t.expected} {unit}中至少 {t.attended + more} {unit}）"
    else:
        fix = f"到课率再提高 {num((floor - t.rate) * 100)} 个百分点，达到 {pct(floor)}"
    label = "完成全部培训课程（100%到课）" if full else "到课率（视为完成全部课程）"
    check = judge(
        COMPLETE if full else ATTEND, "attendance", f"{who}：{label}", ok, ctx,
        message=message, fix=fix, actual=t.rate, threshold=floor, comparison=">=",
        gap=floor - t.rate, readings=["completion", "attendance_basis"],
    )  # fmt: skip
    return check, ok


def _certificate(who: str, t: Trainee, ctx: Context) -> Link:
    """SPB-COMPLETE: one of the certificates of 第十二条."""
    has = t.certificate is not Certificate.NONE
    kinds = rule(COMPLETE).names("certificates")
    fix = "取得" + "、".join(Certificate(k).label for k in kinds) + "之一"
    said = f"{who} {'取得' if has else ''}{t.certificate.label}"
    return judge(COMPLETE, "certificate", f"{who}：证书", has, ctx, message=said, fix=fix), has


def _data(who: str, t: Trainee, ctx: Context) -> list[Link]:
    """SPB-LEARNER-DATA: data meet the acceptance standard and show no clear anomaly."""
    meets, clean = t.data_meets_standard, not t.data_anomaly
    said = f"{who} 学员数据{'' if meets else '不'}符合培训验收标准"
    fix = "补齐或更正学员数据，使其符合培训验收标准"
    standard = judge(DATA, "data_standard", f"{who}：数据验收", meets, ctx, message=said, fix=fix)
    why = f"：{t.anomaly_note}" if t.anomaly_note else ""
    said = f"{who} 学员数据" + ("无明显异常" if clean else f"有明显异常{why}")
    fix = "查明异常并更正数据；确属异常的不能申请补贴"
    anomaly = judge(DATA, "data_anomaly", f"{who}：数据异常", clean, ctx, message=said, fix=fix)
    return [(standard, meets), (anomaly, clean)]


def _chain(i: int, t: Trainee, lost: list[tuple[str, str]], ctx: Context) -> list[Link]:
    """The links a trainee's eligibility rests on, in order, ending with the class's."""
    who = f"第{i}行 {t.name}"
    links = [_attendance(who, t, ctx), _certificate(who, t, ctx), *_data(who, t, ctx)]
    for rule_id, why in lost:
        said = f"{who} 所在培训班{why}：该学员也不能申请补贴"
        links.append(
            (judge(rule_id, "class", f"{who}：所在培训班", False, ctx, message=said), False)
        )
    return [(c.model_copy(update={"name": f"trainee_{i}.{c.name}"}), ok) for c, ok in links]


def check_eligibility(inp: EligibilityInput, ctx: Context) -> Result:
    """SPB 第九条, 第七条（四）, 第十二条, 第十四条: which trainees may be claimed for."""
    checks, lost, spot_data = _class_checks(inp.training_class, ctx)
    eligible: list[str] = []
    ineligible: list[dict[str, Any]] = []
    for i, t in enumerate(inp.trainees, 1):
        links = _chain(i, t, lost, ctx)
        checks += [c for c, _ in links]
        if all(ok for _, ok in links):
            eligible.append(t.name)
        else:
            reasons = [c.message for c, ok in links if not ok]
            ineligible.append({"row": i, "name": t.name, "reasons": reasons})
    status = overall(checks)
    summary = f"补贴资格：{status.text}。符合补贴条件 {len(eligible)}/{len(inp.trainees)} 人"
    if lost:
        summary += "；培训班" + "、".join(why for _, why in lost) + "，全部学员不能申请补贴"
    if spot_data and spot_data["base_missing"]:
        summary += f"；未填写{APPLYING}，抽查达标率未能判断"
    if inp.training_class.fraud_found:
        summary += "；机构违规：责令停止政府补贴类培训活动并移交执法部门处理"
    data = {
        "class_eligible": not lost,
        "class_reasons": [why for _, why in lost],
        "trainee_count": len(inp.trainees),
        "eligible_count": len(eligible),
        "eligible": eligible,
        "ineligible": ineligible,
        "spot_checks": spot_data,
    }
    return conclude("eligibility", "补贴资格", checks, ctx, data=data, summary=summary)
