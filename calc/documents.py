"""Documents and plans: CQ16 六 and 附件3; SPB 第六条、第八条、第九条、第十一条.

``documents``: which rows of 附件3 a class needs, per stage, with how each is submitted
and reviewed and why; the ``when`` key of a row names the condition (:data:`CONDITIONS`).
``plan-elements``: which elements of the online training plan are present. Both read
their rows from the data; the plan's input model is built from them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, cast

from pydantic import ConfigDict, Field, create_model

from calc.evidence import reading_text
from calc.models import Input, TargetGroup
from calc.result import Check, Context, Result, Status, conclude, judge, note
from calc.rules import Item, rule

STAGES = {
    "open": "开班申请",
    "delivery": "培训实施",
    "assessment": "考核评价",
    "subsidy": "补贴申请",
}
"""CQ16 六: the four stages in which a class's documents are archived."""
SUBMISSION = {"online": "线上", "offline": "线下"}
REVIEW = {"retain": "审核留存", "inspect_return": "查验返还"}


def listed(text: str) -> list[str]:
    """The 、-separated list in a phrase: ``包括甲、乙等内容`` or ``认证（甲、乙）`` →
    ``["甲", "乙"]``."""
    found = re.search(r"包括(.+?)等", text) or re.search(r"（(.+?)）", text)
    body = found.group(1) if found else text.rsplit("等", 1)[0]
    return body.split("、")


def labelled(rule_id: str, name: str) -> dict[str, str]:
    """A list value's names with the Chinese words its phrase (or label) gives them."""
    p = rule(rule_id).values[name]
    names = [str(v) for v in rule(rule_id).names(name)]
    for text in (p.phrase, p.label):
        words = listed(text)
        if len(words) == len(names):
            return dict(zip(names, words, strict=True))
    return {n: n for n in names}


def cloud_platform() -> str:
    """附件3注1: the platform that “线上” means (the last quoted name in the phrase)."""
    return str(re.findall(r"“([^”]+)”", rule("CQ16-DOCS").phrase)[-1])


class ClassProfile(Input):
    """What decides which documents a class needs (附件3 and its notes)."""

    model_config = ConfigDict(extra="forbid", title="班级情况")

    enterprise_commissioned: bool = Field(
        default=False, title="企业委托培训", description="企业委托培训机构开展职工培训"
    )
    unified_appraisal: bool = Field(
        default=False,
        title="纳入职业技能统一鉴定",
        description="该职业（工种）纳入职业技能统一鉴定",
    )
    identity_groups: list[TargetGroup] = Field(
        default_factory=list,
        max_length=len(TargetGroup),
        title="班级中有附件3注2所列群体",
        description="高校毕业生（graduate）、农村转移就业劳动者（rural_migrant）、退役军人（veteran）等",
    )
    any_unverifiable: bool = Field(
        default=False,
        title="有不能通过信息比对核实身份的学员",
        description="班级中有学员的身份不能通过信息比对核实",
    )
    invoice: bool = Field(
        default=False, title="培训机构开具税务发票", description="附件3“部分培训机构提供”"
    )
    online_share: bool = Field(
        default=False,
        title="含线上培训",
        description="有线上培训时，另按沙坪坝区办法报送线上培训方案",
    )


Decision = tuple[bool, str, list[str]]
"""Needed?, why (Chinese), readings used."""


def _identity(p: ClassProfile, ctx: Context) -> Decision:
    """附件3注2; the ``identity_proof`` reading matters only for the groups it names."""
    item = next(
        i for i in rule("CQ16-DOCS").items if getattr(i, "when", "") == "identity_proof_needed"
    )
    note = str(getattr(item, "note", ""))
    named = "、".join(g.label for g in dict.fromkeys(p.identity_groups) if g.label in note)
    if p.any_unverifiable:
        return True, "班级中有不能通过信息比对核实身份的学员", []
    if not named:
        return False, "没有需要提供身份凭证的学员", []
    how = reading_text(ctx, "identity_proof")
    if ctx.readings.identity_proof == "whole_group":
        return True, f"班级中有{named}（按解读：{how}）", ["identity_proof"]
    return False, f"班级中的{named}均能通过信息比对核实身份（按解读：{how}）", ["identity_proof"]


def _commissioned(p: ClassProfile, ctx: Context) -> Decision:
    if p.enterprise_commissioned:
        return True, "企业委托开展职工培训", []
    return False, "不是企业委托开展的职工培训", []


def _assessment_materials(p: ClassProfile, ctx: Context) -> Decision:
    if not p.unified_appraisal:
        return True, "", []
    used = ["unified_assessment"]
    if ctx.readings.unified_assessment == "annex3_still":
        return True, f"纳入职业技能统一鉴定，按解读{reading_text(ctx, 'unified_assessment')}", used
    why = "纳入职业技能统一鉴定：签到册和成绩统计表归档即可（附件2注2），签到册仍由培训机构归档"
    return False, why, used


def _unified(p: ClassProfile, ctx: Context) -> Decision:
    if p.unified_appraisal:
        return True, "纳入职业技能统一鉴定", []
    return False, "未纳入职业技能统一鉴定，以《补贴人员花名册》替代", []


def _invoice(p: ClassProfile, ctx: Context) -> Decision:
    if p.invoice:
        return True, "培训机构开具税务发票", []
    return False, "培训机构不提供税务发票", []


CONDITIONS: dict[str, Callable[[ClassProfile, Context], Decision]] = {
    "identity_proof_needed": _identity,
    "enterprise_commissioned": _commissioned,
    "assessment_materials_needed": _assessment_materials,
    "unified_appraisal": _unified,
    "invoice": _invoice,
}
"""The ``when`` conditions of 附件3 rows in ``documents.toml``."""


def _decide(item: Item, p: ClassProfile, ctx: Context) -> Decision:
    when = getattr(item, "when", None)
    if when is None:
        return True, "", []
    return CONDITIONS[str(when)](p, ctx)


def _entry(item: Item, why: str) -> dict[str, Any]:
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


def _doc_check(item: Item, needed: bool, why: str, used: list[str], ctx: Context) -> Check:
    entry = _entry(item, why)
    stage = STAGES.get(str(getattr(item, "stage", "")), "")
    if needed:
        how = f"{entry['submission_text']}提交，{entry['review_text']}"
        message = f"需要：{item.label}（{stage}，{how}）" + (f"：{why}" if why else "")
        check = judge("CQ16-DOCS", item.id, item.label, True, ctx, message=message, readings=used)
        check = check.model_copy(update={"actual": "需要"})
    else:
        message = f"不需要：{item.label}（{stage}）：{why}"
        check = note(
            "CQ16-DOCS", item.id, item.label, Status.NOT_APPLICABLE, message, ctx, readings=used
        )
        check = check.model_copy(update={"actual": "不需要"})
    return check.at(item)


def _online(p: ClassProfile, ctx: Context) -> tuple[list[Check], dict[str, Any]]:
    """SPB 第九条、第十一条: the online plan with the application; archive per class."""
    contents = "、".join(labelled("SPB-APPLY", "contents").values())
    label = f"线上培训方案（{contents}）"
    records = "、".join(labelled("SPB-ARCHIVE", "records").values())
    if not p.online_share:
        why = "没有线上培训"
        return [
            note("SPB-APPLY", "online_plan", label, Status.NOT_APPLICABLE, f"不需要：{why}", ctx),
            note("SPB-ARCHIVE", "archive", "按班立卷留存", Status.NOT_APPLICABLE, why, ctx),
        ], {}
    message = f"需要：{label}，随开班申请同步报送，经区人力社保局审核通过后方可开班"
    plan = judge("SPB-APPLY", "online_plan", label, True, ctx, message=message)
    archive = note(
        "SPB-ARCHIVE", "archive", "按班立卷留存", Status.ADVISORY,
        f"按每个班单独立卷，完整留存线上培训{records}等资料，作为申请补贴的依据", ctx,
    )  # fmt: skip
    entry = {
        "id": "online_plan", "label": label, "submission": "with_application",
        "submission_text": "随开班申请同步报送（沙坪坝区办法第九条）", "review": "approval",
        "review_text": "区人力社保局审核通过后方可开班", "note": "", "why": "含线上培训",
    }  # fmt: skip
    return [plan.model_copy(update={"actual": "需要"}), archive], entry


def list_documents(inp: ClassProfile, ctx: Context) -> Result:
    """CQ16 附件3: every row needed or not, by stage; CQ16 六 and SPB 第十一条 archiving."""
    checks: list[Check] = []
    groups = {
        key: {"stage": key, "label": text, "needed": [], "not_needed": []}
        for key, text in STAGES.items()
    }
    for item in rule("CQ16-DOCS").items:
        needed, why, used = _decide(item, inp, ctx)
        checks.append(_doc_check(item, needed, why, used, ctx))
        stage = str(getattr(item, "stage", ""))
        group = groups.setdefault(
            stage, {"stage": stage, "label": stage, "needed": [], "not_needed": []}
        )
        if needed:
            cast(list[Any], group["needed"]).append(_entry(item, why))
        else:
            cast(list[Any], group["not_needed"]).append(
                {"id": item.id, "label": item.label, "reason": why}
            )
    online, entry = _online(inp, ctx)
    if entry:
        cast(list[Any], groups["open"]["needed"]).append(entry)
    stages = "、".join(STAGES.values())
    message = (
        f"以班级为单位，按“{stages}”四个环节真实完整整理归档；“审核留存”资料另由区县"
        "公共就业创业服务机构整理归档（附件3注3）"
    )
    label = "按班级分四个环节归档"
    checks.append(note("CQ16-ARCHIVE", "archive", label, Status.ADVISORY, message, ctx))
    checks.extend(online)
    data = {
        "platform": cloud_platform(),
        "stages": list(groups.values()),
        "needed": [e["id"] for g in groups.values() for e in cast(list[Any], g["needed"])],
        "not_needed": [e["id"] for g in groups.values() for e in cast(list[Any], g["not_needed"])],
    }
    return conclude("documents", "资料清单", checks, ctx, data=data)


# --- plan-elements ------------------------------------------------------------------


def plan_rows() -> dict[str, str]:
    """Every element of SPB-PLAN-ELEMENTS and every content of SPB-APPLY: id → label."""
    out = {item.id: item.label for item in rule("SPB-PLAN-ELEMENTS").items}
    for name, label in labelled("SPB-APPLY", "contents").items():
        out.setdefault(name, label)
    return out


def methods() -> dict[str, str]:
    """SPB 第八条（三）: the verification methods, id → Chinese."""
    return labelled("SPB-PLAN-ELEMENTS", "verification_methods")


class _PlanBase(Input):
    model_config = ConfigDict(extra="forbid", title="线上培训方案")

    verification_methods: list[str] = Field(
        default_factory=list, max_length=20, title="考勤平台的认证功能"
    )
    approved: bool | None = Field(
        default=None,
        title="区人力社保局已审核通过",
        description="是：已通过；否：未通过；不填：尚未审核",
    )


def _plan_fields() -> dict[str, Any]:
    fields: dict[str, Any] = {
        name: (bool, Field(default=False, title=label)) for name, label in plan_rows().items()
    }
    choices = ", ".join(f"{k} {v}" for k, v in methods().items())
    kind = Literal[tuple(methods())]  # type: ignore[valid-type]
    fields["verification_methods"] = (
        list[kind],  # type: ignore[valid-type]
        Field(default_factory=list, max_length=20, title="考勤平台的认证功能", description=choices),
    )
    return fields


if TYPE_CHECKING:
    PlanElements = _PlanBase
else:
    PlanElements = create_model("PlanElements", __base__=_PlanBase, **_plan_fields())


def _has(rule_id: str, name: str, label: str, present: bool, ctx: Context) -> Check:
    word = "已包含" if present else "缺少"
    return judge(
        rule_id, name, label, present, ctx, message=f"线上培训方案{word}：{label}",
        fix=f"在线上培训方案中补充：{label}", actual=present, threshold=True, comparison="==",
    )  # fmt: skip


def _methods_check(inp: Any, ctx: Context) -> Check:
    known = methods()
    have = [m for m in known if m in inp.verification_methods]
    missing = [known[m] for m in known if m not in have]
    need_all = ctx.readings.verification_methods == "all"
    ok = not missing if need_all else bool(have)
    shown = "、".join(known[m] for m in have) or "无"
    how = reading_text(ctx, "verification_methods")
    verdict = "满足" if ok else "不满足"
    message = f"考勤平台具备的认证功能：{shown}；按解读“{how}”，{verdict}"
    fix = (
        f"考勤平台增加：{'、'.join(missing)}"
        if need_all
        else f"考勤平台至少具备一种：{'、'.join(missing)}"
    )
    return judge(
        "SPB-PLAN-ELEMENTS", "verification_methods", rule("SPB-PLAN-ELEMENTS").values[
            "verification_methods"].label, ok, ctx, message=message, fix=fix,
        actual=[known[m] for m in have], threshold=list(known.values()), comparison="has",
        readings=["verification_methods"],
    )  # fmt: skip


def _approval(approved: bool | None, ctx: Context) -> Check:
    label = "经区人力社保局审核通过后方可开班"
    if approved is None:
        message = "尚未审核：须经区人力社保局审核通过后方可开班，否则不予认定"
        return note("SPB-APPLY", "approved", label, Status.ADVISORY, message, ctx)
    word = "已审核通过，可以开班" if approved else "未审核通过：不得开班，否则不予认定"
    return judge(
        "SPB-APPLY", "approved", label, approved, ctx, message=word,
        fix="修改线上培训方案后重新报送审核", actual=approved, threshold=True, comparison="==",
    )  # fmt: skip


def check_plan_elements(inp: PlanElements, ctx: Context) -> Result:
    """SPB 第六条、第八条 (elements) and 第九条 (contents sent with the application)."""
    checks = [
        _has("SPB-PLAN-ELEMENTS", i.id, i.label, bool(getattr(inp, i.id)), ctx).at(i)
        for i in rule("SPB-PLAN-ELEMENTS").items
    ]
    checks.append(_methods_check(inp, ctx))
    contents = labelled("SPB-APPLY", "contents")
    checks += [
        _has("SPB-APPLY", f"contents.{name}", label, bool(getattr(inp, name)), ctx)
        for name, label in contents.items()
    ]
    checks.append(_approval(inp.approved, ctx))
    missing = [c.label for c in checks if c.status is Status.FAIL and c.name != "approved"]
    data = {"missing": missing, "may_open": inp.approved is True}
    return conclude("plan-elements", "线上培训方案要素", checks, ctx, data=data)
