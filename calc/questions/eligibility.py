"""补贴资格 and 抽查达标率: which trainees of a class may be claimed for, and what a class's
spot checks decide. The facts are gathered here; the rules are judged by
:func:`calc.spb.plan.apply` (approval before opening), :func:`calc.spb.attendance.attend_80`
and :func:`calc.spb.subsidy.complete` (attendance, completion, certificate),
:func:`calc.spb.supervision.learner_data`, :func:`calc.spb.supervision.spotcheck_80` and
:func:`calc.spb.supervision.sanction`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import ConfigDict, Field, field_validator, model_validator

from calc.display import Block, figures, para, percent, section, table
from calc.kinds import Certificate
from calc.models import Input
from calc.result import Check, Context, Result, Status, conclude, overall
from calc.rules import rule
from calc.spb.attendance import TraineeRate, attend_80
from calc.spb.plan import apply
from calc.spb.subsidy import Certified, complete
from calc.spb.supervision import (
    APPLYING,
    TraineeData,
    learner_data,
    sanction,
    spot_outcome,
    spotcheck_80,
)

MAX_TRAINEES = 500


# ---- spot checks: SPB 第十四条 ---------------------------------------------------------


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


def check_spot(inp: SpotCheckInput, ctx: Context) -> Result:
    """SPB 第十四条 "班级申请补贴的人数，两次抽查达标率低于80%则取消该培训班申报培训补贴资格"."""
    checks = spotcheck_80(inp.checks, inp.applying, ctx)
    data = spot_outcome(inp.checks, inp.applying, ctx)
    assert data is not None
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


Lost = tuple[Check, str]
"""Why the class lost eligibility: the failing finding of the rule that took it, and a
phrase saying so (``开班前未经审核通过，不予认定``)."""


def _class_checks(c: ClassInfo, ctx: Context) -> tuple[list[Check], list[Lost], Any]:
    """Approval, spot checks, sanction; and why the class lost eligibility, if it did."""
    lost: list[Lost] = []
    approval = apply(ctx, approved=c.approved_before_start, started=True)
    if not c.approved_before_start:
        lost.append((approval[-1], "开班前未经审核通过，不予认定"))
    spots = spotcheck_80(c.spot_checks, c.applying, ctx)
    spot_data = spot_outcome(c.spot_checks, c.applying, ctx)
    if spot_data and spot_data["cancelled"]:
        lost.append((spots[-1], "抽查达标率不合格，已取消该班申报培训补贴资格"))
    return [*approval, *spots, *sanction(c.fraud_found, ctx)], lost, spot_data


def _attendance(who: str, t: Trainee, ctx: Context) -> Link:
    """The trainee's attendance: 80% counts as completing every course
    (:func:`~calc.spb.attendance.attend_80`), or 100% and not recorded as unfinished under
    ``completion = full`` (:func:`~calc.spb.subsidy.complete`)."""
    facts = TraineeRate(
        who, t.rate, t.attended, t.expected, unfinished=t.completed_all_courses is False
    )
    [check] = attend_80(facts, ctx) + complete(facts, ctx)
    full = ctx.readings.completion == "full"
    floor = Decimal(1) if full else attend_80.rule.decimal("min_rate")
    return check, facts.holds(floor, full)


def _certificate(who: str, t: Trainee, ctx: Context) -> Link:
    """One of the certificates of 第十二条 (:func:`~calc.spb.subsidy.complete`)."""
    [check] = complete(Certified(who, t.certificate), ctx)
    return check, t.certificate is not Certificate.NONE


def _data(who: str, t: Trainee, ctx: Context) -> list[Link]:
    """Data meet the acceptance standard and show no clear anomaly (:func:`learner_data`)."""
    facts = TraineeData(who, t.data_meets_standard, t.data_anomaly, t.anomaly_note)
    standard, anomaly = learner_data(facts, ctx)
    return [(standard, t.data_meets_standard), (anomaly, not t.data_anomaly)]


def _member(who: str, finding: Check, why: str, ctx: Context) -> Check:
    """A trainee of a class that lost eligibility: the class's failing ``finding`` said of
    the trainee, a failure of the same rule (its citation; no numbers, no fix of its own),
    or not in force, as the finding may be."""
    said = f"{who} 所在培训班{why}：该学员也不能申请补贴"
    pending = ctx.not_in_force(rule(finding.rule))
    return Check(
        rule=finding.rule, name="class", label=f"{who}：所在培训班",
        status=Status.FAIL if pending is None else Status.NOT_IN_FORCE,
        message=said if pending is None else f"{pending}。{said}", citation=finding.citation,
    )  # fmt: skip


def _chain(i: int, t: Trainee, lost: list[Lost], ctx: Context) -> list[Link]:
    """The links a trainee's eligibility rests on, in order, ending with the class's: a
    trainee of a class that lost eligibility fails the rule that took it."""
    who = f"第{i}行 {t.name}"
    links = [_attendance(who, t, ctx), _certificate(who, t, ctx), *_data(who, t, ctx)]
    links += [(_member(who, finding, why, ctx), False) for finding, why in lost]
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


def view_eligibility(r: Result, given: dict[str, Any]) -> list[Block]:
    """The summary a page shows above the checks."""
    d = r.data
    if d.get("trainee_count") is None:
        return []
    rows = [[n, "符合", ""] for n in d.get("eligible") or []]
    rows += [[x["name"], "不符合", "；".join(x["reasons"])] for x in d.get("ineligible") or []]
    reasons = d.get("class_reasons") or []
    return [
        section(
            "学员",
            figures(("符合补贴条件", f"{d.get('eligible_count')} / {d['trainee_count']}", "人")),
            para("；".join(reasons), "calc-fix") if reasons else None,
            table(["姓名", "结论", "原因"], rows),
        )
    ]


def view_spot_check(r: Result, given: dict[str, Any]) -> list[Block]:
    """The summary a page shows above the checks."""
    d = r.data
    if not d.get("checks"):
        return []
    rows = [
        [
            c["number"],
            c.get("date"),
            c["sampled"],
            c["passed"],
            f"{percent(c['rate'])}（{c['fraction']}）" if c.get("fraction") else "—",
            c.get("counted"),
        ]
        for c in d["checks"]
    ]
    combined = d.get("combined_rate")
    return [
        section(
            "各次抽查",
            table(["次序", "日期", "抽查", "达标", "达标率", "计入判断"], rows),
            para(f"计入判断的抽查合计达标率 {percent(combined)}") if combined is not None else None,
        )
    ]
