"""Course-plan check (培训方案检查): one plan against every rule on hours (CQ16 二), class
size (CQ16 三（二）), content standards (CQ16 一（一）、三（一）), mode of training (CQ16 四,
SPB 第五条) and SPB's scope (第二条、第三条). Every rule is listed: checked, or a note
saying why it does not apply. Hours are summed exactly; fixes are whole lesson-hours.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any

from pydantic import ConfigDict, Field, model_validator

from calc.errors import InputError
from calc.hours import Totals, ceil_hours, dec, hours_checks, na, yuan_range_text
from calc.models import Catalogue, Category, ContentKind, CourseKind, Input, Mode, TargetGroup
from calc.readings import Readings, catalogue
from calc.result import Check, Context, Result, Status, at_most, conclude, judge, note
from calc.rules import rule
from calc.text import num, pct

TITLE = "培训方案检查"
DAY_MINUTES = 24 * 60
"""A plan whose lessons take longer than this a day cannot be held: a failure."""
SCHOOL_DAY_MINUTES = 10 * 60
"""Lessons of more than ten hours a day are possible but unusual: advice to check."""
DayHours = Annotated[Decimal, Field(ge=0, le=36, decimal_places=2, title="当天课时")]


class Module(Input):
    model_config = ConfigDict(extra="forbid", title="课程模块")

    name: str = Field(min_length=1, max_length=100, title="模块名称")
    theory_hours: Decimal = Field(ge=0, le=2000, decimal_places=2, title="理论课时")
    practical_hours: Decimal = Field(ge=0, le=2000, decimal_places=2, title="实训操作课时")
    mode: Mode = Field(title="授课方式")
    kind: ContentKind = Field(title="内容类型", description="CQ16 四（二）所列的内容类型")
    ethics: bool = Field(
        default=False,
        title="职业道德、法律、安全等内容",
        description="职业道德、职业规范、工匠精神、质量意识、法律意识和相关法律法规、"
        "安全环保和健康卫生、就业指导等内容（CQ16 二（一））",
    )

    @model_validator(mode="after")
    def _has_hours(self) -> Module:
        if self.theory_hours + self.practical_hours == 0:
            raise ValueError("理论课时和实训操作课时不能都为 0")
        return self


class CoursePlan(CourseKind):
    model_config = ConfigDict(extra="forbid", title=TITLE)

    subsidy_yuan: Decimal | None = Field(
        default=None, gt=0, le=100000, decimal_places=2, title="补贴标准（元/人）",
        description=f"可选：填写后按{yuan_range_text()}核对培训天数",
    )  # fmt: skip
    days: Decimal = Field(gt=0, le=366, decimal_places=1, title="培训天数")
    lesson_minutes: int = Field(ge=1, le=240, title="每课时分钟数")
    trainees: int = Field(ge=1, le=10000, title="开班人数")
    target_groups: list[TargetGroup] = Field(
        default_factory=list, max_length=7, title="培训对象群体"
    )
    it_or_startup_field: bool = Field(
        default=False,
        title="网络、信息技术类或创业培训",
        description="沙坪坝区办法第五条：可适当提高线上学时比例",
    )
    platform_meets_standard: bool | None = Field(
        default=None,
        title="线上平台达到附件1基本标准",
        description="CQ16 四（三）；不达标的应通过线下方式培训。不填表示未核对",
    )
    shapingba_institution: bool = Field(
        default=True,
        title="培训机构由沙坪坝区人力社保局审批或备案",
        description="沙坪坝区办法第二条：办法只适用于这些机构",
    )
    daily_hours: list[DayHours] | None = Field(
        default=None, max_length=366, title="每天课时",
        description="可选：逐日课时，按“每天都达到”解读日均课时时必填",
    )  # fmt: skip
    modules: list[Module] = Field(min_length=1, max_length=200, title="课程模块")

    def totals(self, readings: Readings) -> Totals:
        """Sum of every module; reading ``ethics_overlap`` decides ``practical_counted``."""
        ms, zero = self.modules, Decimal(0)
        separate = readings.ethics_overlap == "separate"
        theory = sum((m.theory_hours for m in ms), zero)
        practical = sum((m.practical_hours for m in ms), zero)
        return Totals(
            total=theory + practical,
            theory=theory,
            practical=practical,
            practical_counted=practical
            - sum((m.practical_hours for m in ms if m.ethics and separate), zero),
            online=sum((hours(m) for m in ms if m.mode is Mode.ONLINE), zero),
            offline=sum((hours(m) for m in ms if m.mode is Mode.OFFLINE), zero),
            ethics=sum((hours(m) for m in ms if m.ethics), zero),
        )


def hours(m: Module) -> Decimal:
    return m.theory_hours + m.practical_hours


def _rows(rows: list[int]) -> str:
    return "、".join(f"第{i}行" for i in rows[:8]) + ("等" if len(rows) > 8 else "")


def _validate(plan: CoursePlan) -> None:
    """The day-by-day hours must match the days and the modules' total."""
    if plan.daily_hours is None:
        return
    where = CoursePlan.model_fields["daily_hours"].title or "daily_hours"
    if len(plan.daily_hours) != math.ceil(plan.days):
        what = f"应填 {math.ceil(plan.days)} 天（培训天数），收到 {len(plan.daily_hours)} 天"
        raise InputError.one(where, what)
    total, summed = sum(hours(m) for m in plan.modules), sum(plan.daily_hours)
    if summed != total:
        what = f"合计 {num(summed)} 课时，应等于各模块课时合计 {num(total)} 课时"
        raise InputError.one(where, what)


def day_fits(plan: CoursePlan, t: Totals, ctx: Context) -> Check:
    """Plausibility, from CQ16 二（一） "每课时40—50分钟": the lessons, at their length, must
    fit in the days (at most 24 hours of lessons a day; more than 10 is advised against)."""
    rid = "CQ16-LESSON-MIN"
    per_day = Fraction(t.total) * plan.lesson_minutes / Fraction(plan.days)
    hours_a_day = num(dec(per_day / 60, "0.1"))
    said = (
        f"{num(t.total)} 课时 × 每课时 {plan.lesson_minutes} 分钟 ÷ {num(plan.days)} 天"
        f" = 每天上课约 {hours_a_day} 小时"
    )
    if per_day > DAY_MINUTES:
        status, said = Status.FAIL, said + "，一天排不下（超过 24 小时）"
    elif per_day > SCHOOL_DAY_MINUTES:
        status, said = (
            Status.ADVISORY,
            said + f"，超过 {SCHOOL_DAY_MINUTES // 60} 小时，请核对天数和课时",
        )
    else:
        status = Status.PASS
    check = note(
        rid, "day_fits", "每天上课时长", status, said, ctx, actual=dec(per_day / 60, "0.1")
    )
    if status is Status.PASS:
        return check
    most = math.floor(Fraction(plan.days) * SCHOOL_DAY_MINUTES / plan.lesson_minutes)
    fewest = math.ceil(per_day * Fraction(plan.days) / SCHOOL_DAY_MINUTES)
    fix = f"把培训天数增加到至少 {fewest} 天，或把课时减到 {most} 课时以内"
    return check.model_copy(update={"fix": fix, "unit": "小时/天"})


def class_check(plan: CoursePlan, ctx: Context) -> Check:
    """CQ16 三（二）: at most 50 trainees a class, except startup training."""
    rid = "CQ16-CLASS-50"
    if plan.category is Category.STARTUP:
        return na(rid, "class_size", "开班人数", "创业培训等有明确规定的，按其规定执行")
    most = rule(rid).decimal("max_trainees")
    moved = plan.trainees - int(most)
    more = math.ceil(plan.trainees / most) - 1
    fix = f"把 {moved} 人分到另外 {more} 个班（每班不超过 {num(most)} 人）"
    n = Decimal(plan.trainees)
    return at_most(rid, "class_size", "开班人数", n, most, "人", ctx, fix=fix)


KIND_READINGS = {
    ContentKind.CAD_SIMULATION: "simulation",
    ContentKind.INTERACTION: "interaction_online",
}
"""Content kinds whose place (online or not) a reading decides."""


def offline_only(readings: Readings) -> set[ContentKind]:
    """CQ16 四（二） "实训教学、互动交流、情景模拟等应通过线下培训方式实施": under reading
    ``simulation = city_governs`` computer simulation too; under ``interaction_online =
    live_allowed`` (SPB 第七条（一） "在线直播、视频录播、实时互动…") interaction may go online."""
    kinds = {ContentKind(k) for k in rule("CQ16-MODE-CONTENT").names("offline_only")}
    if readings.simulation == "city_governs":
        kinds.add(ContentKind.CAD_SIMULATION)
    if readings.interaction_online == "live_allowed":
        kinds.discard(ContentKind.INTERACTION)
    return kinds


def offline_main(t: Totals, readings: Readings) -> tuple[bool, Decimal]:
    """CQ16 四 "线下为主，线上为辅": online hours below offline hours (``offline_main =
    online_less``) or not above them (``online_not_more``); and the fewest whole hours to
    move offline when it does not hold."""
    gap = Fraction(t.online - t.offline) / 2
    if readings.offline_main == "online_not_more":
        return t.online <= t.offline, min(Decimal(math.ceil(gap)), t.online)
    return t.online < t.offline, min(Decimal(math.floor(gap) + 1), t.online)


def content_checks(online: list[tuple[int, Module]], ctx: Context) -> list[Check]:
    """CQ16-MODE-CONTENT on the online modules (row number, module): kinds that should be
    offline (:func:`offline_only`), interaction online only live, practical hours online."""
    out: list[Check] = []
    offline = offline_only(ctx.readings)
    used = sorted({KIND_READINGS[m.kind] for _, m in online if m.kind in KIND_READINGS})
    bad = [(i, m) for i, m in online if m.kind in offline]
    for i, m in bad:
        out.append(judge(
            "CQ16-MODE-CONTENT", f"content_row{i}", "线上内容类型", False, ctx,
            message=f"第{i}行“{m.name}”（{m.kind.label}）安排在线上：应通过线下方式实施",
            fix=f"把第{i}行“{m.name}”改为线下", actual=m.kind.value,
            threshold=sorted(offline), comparison="in",
            readings=[KIND_READINGS[m.kind]] if m.kind in KIND_READINGS else [],
        ))  # fmt: skip
    if not bad:
        why = "线上模块的内容类型均可线上实施" if online else "没有线上模块"
        allowed = [
            catalogue()[key].options[getattr(ctx.readings, key)].split("：")[-1]
            for key in used
        ]  # fmt: skip
        why += "".join(f"（按解读：{text}）" for text in allowed)
        out.append(judge("CQ16-MODE-CONTENT", "content", "线上内容类型", True, ctx,
                         message=why, readings=used))  # fmt: skip
    live = [i for i, m in online if m.kind is ContentKind.INTERACTION and m.kind not in offline]
    if live:
        why = f"{_rows(live)}互动交流类模块在线上实施：须以在线直播等实时互动方式进行，请核实"
        out.append(note("CQ16-MODE-CONTENT", "online_interaction", "线上互动交流",
                        Status.ADVISORY, why, readings=["interaction_online"]))  # fmt: skip
    drills = [i for i, m in online if m.practical_hours and m.kind not in offline]
    if drills:
        why = f"{_rows(drills)}线上模块计入了实训操作课时：实训教学应线下实施，请核实"
        out.append(note("CQ16-MODE-CONTENT", "online_practical", "线上实训课时",
                        Status.ADVISORY, why))  # fmt: skip
    return out


def mode_checks(plan: CoursePlan, t: Totals, ctx: Context) -> list[Check]:
    """CQ16 四 and SPB 第五条: what may go online, for whom, on what platform, how much."""
    out: list[Check] = []
    online = [(i, m) for i, m in enumerate(plan.modules, 1) if m.mode is Mode.ONLINE]
    # CQ16-MODE-PRINCIPLE: 线下为主，线上为辅
    ok, move = offline_main(t, ctx.readings)
    rule_text = catalogue()["offline_main"].options[ctx.readings.offline_main].split("（")[0]
    out.append(judge(
        "CQ16-MODE-PRINCIPLE", "offline_main", "线下为主", ok, ctx,
        message=f"线上 {num(t.online)} 课时，线下 {num(t.offline)} 课时"
        + (f"：线下为主（{rule_text}）" if ok else
           f"：与“线下为主，线上为辅”不符（按解读：{rule_text}）"),
        fix=f"把至少 {num(move)} 课时线上内容改为线下", actual=t.online, threshold=t.offline,
        comparison="<=" if ctx.readings.offline_main == "online_not_more" else "<", unit="课时",
        readings=["offline_main"],
    ))  # fmt: skip
    # CQ16-MODE-TARGET: 贫困劳动力、4050人员应重点线下
    target = rule("CQ16-MODE-TARGET")
    groups = [g for g in plan.target_groups if g in target.names("offline_groups")]
    names = "、".join(g.label for g in groups)
    if TargetGroup.AGE_4050 in groups:
        women, men = target.decimal("age_4050_women"), target.decimal("age_4050_men")
        names += f"（通行口径：女性满{num(women)}周岁、男性满{num(men)}周岁）"
    ok = not (groups and t.online)
    why = f"培训对象含{names}，安排了 {num(t.online)} 课时线上" if groups else "无需重点线下的群体"
    out.append(judge(
        "CQ16-MODE-TARGET", "offline_groups", "重点线下的群体", ok, ctx,
        message=why + ("" if not groups else "：线下为主" if ok else "：应重点开展线下培训"),
        fix="把这些学员的线上课时改为线下，或为他们另开线下班", actual=[g.value for g in groups],
        threshold=list(target.names("offline_groups")), comparison="has",
    ))  # fmt: skip
    out += content_checks(online, ctx)
    # CQ16-MODE-PLATFORM: 平台达到附件1基本标准，不达标的线下
    rows = [i for i, _ in online]
    if not online:
        out.append(na("CQ16-MODE-PLATFORM", "platform", "线上平台", "没有线上模块"))
    elif plan.platform_meets_standard is None:
        why = "未说明线上平台是否达到附件1基本标准：请用平台检查核对"
        out.append(note("CQ16-MODE-PLATFORM", "platform", "线上平台", Status.ADVISORY, why))
    else:
        ok = plan.platform_meets_standard
        out.append(judge(
            "CQ16-MODE-PLATFORM", "platform", "线上平台", ok, ctx,
            message="线上平台达到附件1基本标准" if ok
            else f"线上平台未达到附件1基本标准，{_rows(rows)}不能线上实施",
            fix=f"把{_rows(rows)}（共 {num(t.online)} 课时）改为线下，或使平台达到附件1基本标准",
            actual=ok, threshold=True, comparison="==",
        ))  # fmt: skip
    return out + spb_checks(plan, t, ctx)


def spb_checks(plan: CoursePlan, t: Totals, ctx: Context) -> list[Check]:
    """SPB 第二条、第三条 scope and 第五条 online share (reading ``online_theory``)."""
    listed = rule("SPB-SCOPE").names("categories")
    if not plan.shapingba_institution:
        why = "培训机构不是沙坪坝区人力社保局审批或备案的：本办法不适用"
        return [na("SPB-SCOPE", "scope", "适用范围", why), na("SPB-ONLINE-THEORY", "online_share",
                "线上课时比例", why)]  # fmt: skip
    ok = plan.category in listed
    names = "、".join(Category(c).label for c in listed)
    scope = judge(
        "SPB-SCOPE", "scope", "适用范围", ok, ctx,
        message=f"第三条列举{names}等政府补贴性职业培训"
        + ("" if ok else f"；{plan.category.label}未列举，按“等”字视为同类培训适用本办法"),
        fix="请向区人力社保局确认是否适用", actual=plan.category.value,
        threshold=list(listed), comparison="in",
    ).softened()  # fmt: skip
    share = rule("SPB-ONLINE-THEORY").decimal("share")
    ceiling = t.theory
    if ctx.readings.online_theory == "at_least_30":
        ceiling = max(ceiling, share * t.total)
    raised = plan.it_or_startup_field or plan.category is Category.STARTUP
    ok = t.online <= ceiling
    limit = f"理论课 {num(t.theory)} 课时，总课时的 {pct(share)} 为 {num(share * t.total)} 课时"
    message = f"线上 {num(t.online)} 课时，{limit}：线上上限 {num(ceiling)} 课时"
    if raised and not ok:
        message += "；网络、信息技术类和创业培训可适当提高线上学时比例，由区人力社保局审核"
    online = judge(
        "SPB-ONLINE-THEORY", "online_share", "线上课时比例", ok, ctx, message=message,
        fix=f"把 {ceil_hours(t.online - ceiling)} 课时线上内容改为线下", actual=t.online,
        threshold=ceiling, comparison="<=", unit="课时", gap=t.online - ceiling,
        readings=["online_theory"],
    )  # fmt: skip
    return [scope, online.softened() if raised else online]


def standards_note(plan: CoursePlan) -> Check:
    """CQ16 一（一）、三（一）: which standard governs content and trainees (advisory)."""
    if plan.category is Category.STARTUP:
        basis = "创业培训的内容和人员资格按中国就业培训技术指导中心有关规定"
    elif plan.catalogue is Catalogue.FEATURED and plan.category in (
        Category.SKILL, Category.UPGRADE, Category.TRANSFER,
    ):  # fmt: skip
        basis = "特色职业目录内的职业按区县政府审批的培训方案"
    else:
        basis = (
            "培训内容和人员资格按人社部、我市制定的职业技能标准；尚未制定的，可参考同类型职业标准"
        )
    why = f"{basis}确定；培训对象还应符合享受培训补贴的条件"
    return note("CQ16-STANDARDS", "standards", "培训标准与对象资格", Status.ADVISORY, why)


def check_plan(inp: CoursePlan, ctx: Context) -> Result:
    """Every rule on hours, class, mode and scope against one course plan."""
    _validate(inp)
    t = inp.totals(ctx.readings)
    checks = [standards_note(inp), day_fits(inp, t, ctx), *hours_checks(inp, ctx)]
    checks.append(class_check(inp, ctx))
    checks += mode_checks(inp, t, ctx)
    shares = {
        k: dec(v / t.total, "0.0001")
        for k, v in (("practical", t.practical_counted), ("theory", t.theory),
                     ("ethics", t.ethics), ("online", t.online))
    }  # fmt: skip
    data: dict[str, Any] = {
        "totals": {k: dec(v) for k, v in vars(t).items()},
        "shares": shares,
        "days": inp.days,
        "per_day": dec(Fraction(t.total) / Fraction(inp.days), "0.01"),
        "online_hours": dec(t.online),
        "practical_share": shares["practical"],
    }
    return conclude("plan-check", TITLE, checks, ctx, data=data)
