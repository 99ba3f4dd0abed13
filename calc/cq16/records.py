"""渝就发〔2020〕16号 六 资料管理 and 附件3 有关职业培训资料清单.

:func:`docs` judges the rows of 附件3 a class needs (and the roster faults the roster
question finds against 附件3's 学员花名册); :func:`archive` says how a class's documents
are archived. Each row's ``when`` key (``documents.toml``) names the class-profile
condition under which the row is needed (:data:`CONDITIONS`; absent: always).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from calc.checks import check
from calc.kinds import TargetGroup
from calc.readings import catalogue
from calc.result import Check, Context, Status, judge, note
from calc.rules import Item, Rule

STAGES = {
    "open": "开班申请",
    "delivery": "培训实施",
    "assessment": "考核评价",
    "subsidy": "补贴申请",
}
"""六: the four stages in which a class's documents are archived."""
SUBMISSION = {"online": "线上", "offline": "线下"}
REVIEW = {"retain": "审核留存", "inspect_return": "查验返还"}

Finding = tuple[str, str, bool, str, str | None]
"""A roster fault found elsewhere: name, label, ok, message, fix."""
Decision = tuple[bool, str, list[str]]
"""Needed?, why (Chinese), readings used."""


class ClassFacts(Protocol):
    """What decides which rows of 附件3 a class needs (the documents question's input)."""

    @property
    def enterprise_commissioned(self) -> bool: ...
    @property
    def unified_appraisal(self) -> bool: ...
    @property
    def identity_groups(self) -> Sequence[TargetGroup]: ...
    @property
    def any_unverifiable(self) -> bool: ...
    @property
    def invoice(self) -> bool: ...


def _reading_text(ctx: Context, key: str) -> str:
    """The wording of the reading chosen for ``key``."""
    return catalogue()[key].options[getattr(ctx.readings, key)]


def cloud_platform() -> str:
    """附件3注1: the platform that “线上” means (the last quoted name in the phrase)."""
    return str(re.findall(r"“([^”]+)”", docs.rule.phrase)[-1])


def _identity(p: ClassFacts, ctx: Context) -> Decision:
    """附件3注2; the ``identity_proof`` reading matters only for the groups it names."""
    item = next(i for i in docs.rule.items if getattr(i, "when", "") == "identity_proof_needed")
    said = str(getattr(item, "note", ""))
    named = "、".join(g.label for g in dict.fromkeys(p.identity_groups) if g.label in said)
    if p.any_unverifiable:
        return True, "班级中有不能通过信息比对核实身份的学员", []
    if not named:
        return False, "没有需要提供身份凭证的学员", []
    how = _reading_text(ctx, "identity_proof")
    if ctx.readings.identity_proof == "whole_group":
        return True, f"班级中有{named}（按解读：{how}）", ["identity_proof"]
    return False, f"班级中的{named}均能通过信息比对核实身份（按解读：{how}）", ["identity_proof"]


def _commissioned(p: ClassFacts, ctx: Context) -> Decision:
    if p.enterprise_commissioned:
        return True, "企业委托开展职工培训", []
    return False, "不是企业委托开展的职工培训", []


def _assessment_materials(p: ClassFacts, ctx: Context) -> Decision:
    if not p.unified_appraisal:
        return True, "", []
    used = ["unified_assessment"]
    if ctx.readings.unified_assessment == "annex3_still":
        return True, f"纳入职业技能统一鉴定，按解读{_reading_text(ctx, 'unified_assessment')}", used
    why = "纳入职业技能统一鉴定：签到册和成绩统计表归档即可（附件2注2），签到册仍由培训机构归档"
    return False, why, used


def _unified(p: ClassFacts, ctx: Context) -> Decision:
    if p.unified_appraisal:
        return True, "纳入职业技能统一鉴定", []
    return False, "未纳入职业技能统一鉴定，以《补贴人员花名册》替代", []


def _invoice(p: ClassFacts, ctx: Context) -> Decision:
    if p.invoice:
        return True, "培训机构开具税务发票", []
    return False, "培训机构不提供税务发票", []


CONDITIONS: dict[str, Callable[[ClassFacts, Context], Decision]] = {
    "identity_proof_needed": _identity,
    "enterprise_commissioned": _commissioned,
    "assessment_materials_needed": _assessment_materials,
    "unified_appraisal": _unified,
    "invoice": _invoice,
}
"""The ``when`` conditions of 附件3 rows in ``documents.toml``."""


def decide(item: Item, p: ClassFacts, ctx: Context) -> Decision:
    """Whether the class ``p`` needs the 附件3 row ``item``, why, and the readings used."""
    when = getattr(item, "when", None)
    if when is None:
        return True, "", []
    return CONDITIONS[str(when)](p, ctx)


def entry(item: Item, why: str) -> dict[str, Any]:
    """A needed row as the documents list shows it: how it is submitted and reviewed."""
    submission, review = str(getattr(item, "submission", "")), str(getattr(item, "review", ""))
    return {
        "id": item.id,
        "label": item.label,
        "submission": submission,
        "submission_text": SUBMISSION.get(submission, submission)
        + (f"（{cloud_platform()}）" if submission == "online" else ""),
        "review": review,
        "review_text": REVIEW.get(review, review),
        "note": str(getattr(item, "note", "")),
        "why": why,
    }


def _row(r: Rule, item: Item, p: ClassFacts, ctx: Context) -> Check:
    needed, why, used = decide(item, p, ctx)
    stage = STAGES.get(str(getattr(item, "stage", "")), "")
    if needed:
        shown = entry(item, why)
        how = f"{shown['submission_text']}提交，{shown['review_text']}"
        message = f"需要：{item.label}（{stage}，{how}）" + (f"：{why}" if why else "")
        found = note(r.id, item.id, item.label, Status.ADVISORY, message, ctx, readings=used)
        found = found.model_copy(update={"actual": "需要"})
    else:
        message = f"不需要：{item.label}（{stage}）：{why}"
        found = note(r.id, item.id, item.label, Status.NOT_APPLICABLE, message, ctx, readings=used)
        found = found.model_copy(update={"actual": "不需要"})
    return found.at(item)


@check("CQ16-DOCS")
def docs(
    r: Rule,
    ctx: Context,
    *,
    profile: ClassFacts | None = None,
    finding: Finding | None = None,
) -> list[Check]:
    """“上述资料由培训机构真实完整整理归档并妥善保管备查”（渝就发〔2020〕16号 附件3注3）.

    With ``profile``: every row of 附件3, needed (advice: a row to prepare, never a verdict
    on what the class has) or not (not applicable) for that class, with its stage, how it
    is submitted (注1: “线上” is the city's cloud platform)
    and reviewed, and why (注2: identity proof for trainees who cannot be verified by
    matching records; the certificate roster only for unified appraisal, …).
    With ``finding`` (name, label, ok, message, fix): one roster fault against 附件3's
    学员花名册, judged as given."""
    if finding is not None:
        name, label, ok, message, fix = finding
        return [judge(r.id, name, label, ok, ctx, message=message, fix=fix)]
    if profile is None:
        return []
    return [_row(r, item, profile, ctx) for item in r.items]


@check("CQ16-ARCHIVE")
def archive(r: Rule, ctx: Context) -> list[Check]:
    """“按照“开班申请、培训实施、考核评价、补贴申请”四个环节真实完整整理”（渝就发〔2020〕16号 六）.

    Advice, always: guide the institution to archive per class (“以班级为单位”) the
    forms, rosters, pictures and videos in the four stages; 附件3注3 adds that the rows
    reviewed as “审核留存” are archived by the county's public employment service."""
    stages = "、".join(STAGES.values())
    message = (
        f"以班级为单位，按“{stages}”四个环节真实完整整理归档；“审核留存”资料另由区县"
        "公共就业创业服务机构整理归档（附件3注3）"
    )
    return [note(r.id, "archive", "按班级分四个环节归档", Status.ADVISORY, message, ctx)]
