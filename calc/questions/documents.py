"""Questions "documents" (which documents a class needs, CQ16 六 and 附件3, SPB 第九条、
第十一条) and "plan-elements" (which elements of the online training plan are present,
SPB 第六条、第八条、第九条). Both read their rows from the rules; the plan's input model
is built from them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, cast

from pydantic import ConfigDict, Field, create_model

from calc.cq16.records import STAGES, cloud_platform, decide, docs, entry
from calc.cq16.records import archive as archive_by_stage
from calc.display import Block, para, section
from calc.kinds import TargetGroup
from calc.models import Input
from calc.result import Check, Context, Result, Status, conclude, overall
from calc.spb.plan import apply, labelled, plan_elements
from calc.spb.records import archive as archive_per_class

TITLE = "资料清单"


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


def _online_entry(plan: Check) -> dict[str, Any]:
    """The online plan as a row of the open stage (SPB 第九条)."""
    return {
        "id": plan.name, "label": plan.label, "submission": "with_application",
        "submission_text": "随开班申请同步报送（沙坪坝区办法第九条）", "review": "approval",
        "review_text": "区人力社保局审核通过后方可开班", "note": "", "why": "含线上培训",
    }  # fmt: skip


def list_documents(inp: ClassProfile, ctx: Context) -> Result:
    """CQ16 附件3: every row needed or not, by stage; CQ16 六 and SPB 第十一条 archiving.
    A list of what to prepare, not a verdict: its status is advice (提示)."""
    groups = {
        key: {"stage": key, "label": text, "needed": [], "not_needed": []}
        for key, text in STAGES.items()
    }
    for item in docs.rule.items:
        needed, why, _ = decide(item, inp, ctx)
        stage = str(getattr(item, "stage", ""))
        group = groups.setdefault(
            stage, {"stage": stage, "label": stage, "needed": [], "not_needed": []}
        )
        if needed:
            cast(list[Any], group["needed"]).append(entry(item, why))
        else:
            cast(list[Any], group["not_needed"]).append(
                {"id": item.id, "label": item.label, "reason": why}
            )
    online = [
        *apply(ctx, online=inp.online_share),
        *archive_per_class(ctx, online=inp.online_share),
    ]
    if inp.online_share:
        cast(list[Any], groups["open"]["needed"]).append(_online_entry(online[0]))
    checks = [*docs(ctx, profile=inp), *archive_by_stage(ctx), *online]
    data = {
        "platform": cloud_platform(),
        "stages": list(groups.values()),
        "needed": [e["id"] for g in groups.values() for e in cast(list[Any], g["needed"])],
        "not_needed": [e["id"] for g in groups.values() for e in cast(list[Any], g["not_needed"])],
    }
    counted = "、".join(
        f"{g['label']} {len(cast(list[Any], g['needed']))} 项"
        for g in groups.values()
        if g["needed"]
    )
    summary = (
        f"{TITLE}：{overall(checks).text}。需要准备 {len(data['needed'])} 项资料（{counted}），"
        "逐项准备后打勾确认"
    )
    return conclude("documents", TITLE, checks, ctx, data=data, summary=summary)


# --- plan-elements ------------------------------------------------------------------


def plan_rows() -> dict[str, str]:
    """Every element of :func:`plan_elements` and every content of :func:`apply`: id → label."""
    out = {item.id: item.label for item in plan_elements.rule.items}
    for name, label in labelled(apply.rule, "contents").items():
        out.setdefault(name, label)
    return out


def methods() -> dict[str, str]:
    """SPB 第八条（三）: the verification methods, id → Chinese."""
    return labelled(plan_elements.rule, "verification_methods")


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


def check_plan_elements(inp: PlanElements, ctx: Context) -> Result:
    """SPB 第六条、第八条 (elements) and 第九条 (contents sent with the application). An
    untouched form (nothing ticked, no method, no review) is still to fill in, not judged."""
    have = {name: bool(getattr(inp, name)) for name in plan_rows()}
    untouched = not any(have.values()) and not inp.verification_methods and inp.approved is None
    present = None if untouched else have
    checks = [
        *plan_elements(ctx, present=present,
                       methods=None if untouched else inp.verification_methods),
        *apply(ctx, approved=inp.approved, contents=present),
    ]  # fmt: skip
    missing = [c.label for c in checks if c.status is Status.FAIL and c.name != "approved"]
    data = {"missing": missing, "may_open": inp.approved is True}
    return conclude("plan-elements", "线上培训方案要素", checks, ctx, data=data)


def view_documents(r: Result, given: dict[str, Any]) -> list[Block]:
    """The summary a page shows above the checks."""
    d = r.data
    if not d.get("stages"):
        return []
    cases = "、".join(given.get("checked") or []) or "无特殊情况"
    groups = []
    for st in d["stages"]:
        items = []
        for n in st.get("needed") or []:
            how = [
                f"提交：{n['submission_text']}" if n.get("submission_text") else "",
                f"审核：{n['review_text']}" if n.get("review_text") else "",
            ]
            notes = [x for x in (n.get("note"), n.get("why")) if x]
            items.append(
                {"label": n["label"], "how": "；".join(h for h in how if h), "notes": notes}
            )
        out = [f"不需要：{n['label']}（{n['reason']}）" for n in st.get("not_needed") or []]
        groups.append({"title": st["label"], "items": items, "not_needed": out})
    return [
        section(
            TITLE,
            para(
                f"按 {r.trace.as_of.isoformat()} 的规定生成；班级情况：{cases}。逐项打勾确认。",
                "calc-print-only",
            ),
            {"kind": "todo", "groups": groups},
            cls="calc-checklist",
            label=TITLE,
            print="打印清单",
        )
    ]
