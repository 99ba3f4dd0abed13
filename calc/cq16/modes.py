"""渝就发〔2020〕16号 四 培训方式: online and offline — the principle, for whom, and what
content. (四（三）, the platform, is :mod:`calc.cq16.platform`.)

"4050" is not defined by the text: the project uses the common convention (women 40 and
over, men 50 and over; values in ``plan.toml``) and says so in every message that uses it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from calc.checks import check
from calc.course import Module, Totals
from calc.exact import rows_text
from calc.kinds import ContentKind, Mode, TargetGroup
from calc.people import Resident
from calc.readings import Readings, catalogue
from calc.result import Check, Context, Status, judge, note
from calc.rules import Rule
from calc.text import num


def offline_main(t: Totals, readings: Readings) -> tuple[bool, Decimal]:
    """“线下为主，线上为辅”: online hours below offline hours (``offline_main =
    online_less``) or not above them (``online_not_more``); and the fewest whole hours to
    move offline when it does not hold."""
    gap = Fraction(t.online - t.offline) / 2
    if readings.offline_main == "online_not_more":
        return t.online <= t.offline, min(Decimal(math.ceil(gap)), t.online)
    return t.online < t.offline, min(Decimal(math.floor(gap) + 1), t.online)


@check("CQ16-MODE-PRINCIPLE")
def mode_principle(r: Rule, t: Totals, ctx: Context) -> list[Check]:
    """“按照“线下为主，线上为辅，质量优先，兼顾便捷”的原则”（四）.

    Online hours against offline hours, as the ``offline_main`` reading counts them."""
    ok, move = offline_main(t, ctx.readings)
    rule_text = catalogue()["offline_main"].options[ctx.readings.offline_main].split("（")[0]
    return [judge(
        r.id, "offline_main", "线下为主", ok, ctx,
        message=f"线上 {num(t.online)} 课时，线下 {num(t.offline)} 课时"
        + (f"：线下为主（{rule_text}）" if ok else
           f"：与“线下为主，线上为辅”不符（按解读：{rule_text}）"),
        fix=f"把至少 {num(move)} 课时线上内容改为线下", actual=t.online, threshold=t.offline,
        comparison="<=" if ctx.readings.offline_main == "online_not_more" else "<", unit="课时",
        readings=["offline_main"],
    )]  # fmt: skip


def convention() -> str:
    """The words every 4050 message carries."""
    r = mode_target.rule
    women, men = r.decimal("age_4050_women"), r.decimal("age_4050_men")
    return f"“4050人员”文件未定义，按通行口径：女性满{num(women)}周岁、男性满{num(men)}周岁"


def is_4050(person: Resident) -> bool:
    """A 4050 person by the common convention (:func:`convention`)."""
    if person.sex is None or person.age is None:
        return False
    r = mode_target.rule
    return person.age >= r.decimal("age_4050_men" if person.sex == "male" else "age_4050_women")


@dataclass(frozen=True)
class Listed:
    """A trainee of a roster, as :func:`mode_target` sees them."""

    row: int
    name: str
    is_4050: bool
    group: TargetGroup | None


@check("CQ16-MODE-TARGET")
def mode_target(
    r: Rule,
    ctx: Context,
    *,
    online: bool,
    online_hours: Decimal = Decimal(0),
    groups: Sequence[TargetGroup] = (),
    listed: Sequence[Listed] | None = None,
) -> list[Check]:
    """“贫困劳动力、4050人员等群体应重点开展线下培训”（四（一））.

    A plan names its trainees' ``groups``; a roster ``listed`` them one by one. Training
    with no online hours meets the rule; training with online hours for these groups is
    advised against (the rule is advice)."""
    if listed is not None:
        return [_roster_target(r, ctx, online, listed)]
    offline_groups = r.names("offline_groups")
    found = [g for g in groups if g in offline_groups]
    names = "、".join(g.label for g in found)
    if TargetGroup.AGE_4050 in found:
        women, men = r.decimal("age_4050_women"), r.decimal("age_4050_men")
        names += f"（通行口径：女性满{num(women)}周岁、男性满{num(men)}周岁）"
    ok = not (found and online)
    why = (
        f"培训对象含{names}，安排了 {num(online_hours)} 课时线上" if found else "无需重点线下的群体"
    )
    return [judge(
        r.id, "offline_groups", "重点线下的群体", ok, ctx,
        message=why + ("" if not found else "：线下为主" if ok else "：应重点开展线下培训"),
        fix="把这些学员的线上课时改为线下，或为他们另开线下班", actual=[g.label for g in found],
        threshold=f"{'、'.join(TargetGroup(g).label for g in offline_groups)}等群体重点线下",
    )]  # fmt: skip


def _roster_target(r: Rule, ctx: Context, online: bool, listed: Sequence[Listed]) -> Check:
    ages = [p for p in listed if p.is_4050 or p.group is TargetGroup.AGE_4050]
    poor = [p for p in listed if p.group is TargetGroup.POOR_LABOUR]
    counted = f"4050人员 {len(ages)} 名（{convention()}），贫困劳动力 {len(poor)} 名"
    if not online:
        said = f"全部线下培训，符合重点线下的要求；花名册中{counted}"
        return judge(r.id, "mode_target", "线上培训对象", True, ctx, message=said)
    seen = {p.row for p in ages}
    offline = ages + [p for p in poor if p.row not in seen]
    said = f"含线上培训的花名册中{counted}"
    if offline:
        shown = "、".join(f"第{p.row}行 {p.name}" for p in offline[:20])
        more = f"等 {len(offline)} 人" if len(offline) > 20 else ""
        said += f"：{shown}{more}；规程要求这些群体应重点开展线下培训"
    return judge(
        r.id, "mode_target", "线上培训对象", not offline, ctx, message=said,
        fix="为4050人员、贫困劳动力安排以线下为主的培训",
    )  # fmt: skip


KIND_READINGS = {
    ContentKind.CAD_SIMULATION: "simulation",
    ContentKind.INTERACTION: "interaction_online",
}
"""Content kinds whose place (online or not) a reading decides."""


def offline_only(readings: Readings) -> set[ContentKind]:
    """The content kinds that must be taught offline: under reading ``simulation =
    city_governs`` computer simulation too; under ``interaction_online = live_allowed`` (SPB
    第七条（一） "在线直播、视频录播、实时互动…") interaction may go online."""
    kinds = {ContentKind(k) for k in mode_content.rule.names("offline_only")}
    if readings.simulation == "city_governs":
        kinds.add(ContentKind.CAD_SIMULATION)
    if readings.interaction_online == "live_allowed":
        kinds.discard(ContentKind.INTERACTION)
    return kinds


@check("CQ16-MODE-CONTENT")
def mode_content(r: Rule, online: list[tuple[int, Module]], ctx: Context) -> list[Check]:
    """“知识讲授、技能演示、政策解读、案例分析、集中答疑以及选修辅导课程等可通过线上培训方式
    实施；实训教学、互动交流、情景模拟等应通过线下培训方式实施”（四（二））.

    The online modules (row number, module): kinds that should be offline
    (:func:`offline_only`), interaction online only live, practical hours online."""
    out: list[Check] = []
    offline = offline_only(ctx.readings)
    used = sorted({KIND_READINGS[m.kind] for _, m in online if m.kind in KIND_READINGS})
    bad = [(i, m) for i, m in online if m.kind in offline]
    for i, m in bad:
        out.append(judge(
            r.id, f"content_row{i}", "线上内容类型", False, ctx,
            message=f"第{i}行“{m.name}”（{m.kind.label}）安排在线上：应通过线下方式实施",
            fix=f"把第{i}行“{m.name}”改为线下", actual=Mode.ONLINE.label,
            threshold=Mode.OFFLINE.label, comparison="==",
            readings=[KIND_READINGS[m.kind]] if m.kind in KIND_READINGS else [],
        ))  # fmt: skip
    if not bad:
        why = "线上模块的内容类型均可线上实施" if online else "没有线上模块"
        allowed = [
            catalogue()[key].options[getattr(ctx.readings, key)].split("：")[-1]
            for key in used
        ]  # fmt: skip
        why += "".join(f"（按解读：{text}）" for text in allowed)
        out.append(judge(r.id, "content", "线上内容类型", True, ctx, message=why, readings=used))
    live = [i for i, m in online if m.kind is ContentKind.INTERACTION and m.kind not in offline]
    if live:
        why = f"{rows_text(live)}互动交流类模块在线上实施：须以在线直播等实时互动方式进行，请核实"
        out.append(note(r.id, "online_interaction", "线上互动交流", Status.ADVISORY, why,
                        readings=["interaction_online"]))  # fmt: skip
    drills = [i for i, m in online if m.practical_hours and m.kind not in offline]
    if drills:
        why = f"{rows_text(drills)}线上模块计入了实训操作课时：实训教学应线下实施，请核实"
        out.append(note(r.id, "online_practical", "线上实训课时", Status.ADVISORY, why))
    return out
