"""沙坪坝区办法 第八条 线上职业培训方案的编制要素 (with 第六条's 教学计划、教案) and 第九条
线上职业培训申报流程: the plan's elements, the plan sent with the application and approved
before the class opens, and the three days' notice of a change of the teaching plan.

"提前三天" is counted so that applying on day D for a change taking effect on day D+3 is
in time: the last day to apply is the 3rd day before the change date (``calendar``), or
the 3rd working day before it, Monday to Friday (``working``). Public holidays and the
weekend days worked in their place (调休) are not known to the calculator. Days late are
calendar days between the last day to apply and the day the application was submitted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal

from calc.checks import check
from calc.readings import catalogue
from calc.result import Check, Context, Status, judge, note
from calc.rules import Rule
from calc.spb.dates import show

HOLIDAY_NOTE = "按工作日计算只排除周六、周日；法定节假日和调休计算器不掌握，请按当年放假安排核对"


def listed(text: str) -> list[str]:
    """The 、-separated list in a phrase: ``包括甲、乙等内容`` or ``认证（甲、乙）`` →
    ``["甲", "乙"]``."""
    found = re.search(r"包括(.+?)等", text) or re.search(r"（(.+?)）", text)
    body = found.group(1) if found else text.rsplit("等", 1)[0]
    return body.split("、")


def labelled(r: Rule, name: str) -> dict[str, str]:
    """A list value's names with the Chinese words its phrase (or label) gives them."""
    p = r.values[name]
    names = [str(v) for v in r.names(name)]
    for text in (p.phrase, p.label):
        words = listed(text)
        if len(words) == len(names):
            return dict(zip(names, words, strict=True))
    return {n: n for n in names}


def _has(r: Rule, name: str, label: str, present: bool | None, ctx: Context) -> Check:
    """Whether the plan holds ``label``; not yet said (None): still to fill in."""
    if present is None:
        message = f"尚未填写：线上培训方案是否包含{label}"
        return note(r.id, name, label, Status.INCOMPLETE, message, ctx)
    word = "已包含" if present else "缺少"
    return judge(
        r.id, name, label, present, ctx, message=f"线上培训方案{word}：{label}",
        fix=f"在线上培训方案中补充：{label}", actual=present, threshold=True, comparison="==",
    )  # fmt: skip


def _methods(r: Rule, methods: Sequence[str] | None, ctx: Context) -> Check:
    known = labelled(r, "verification_methods")
    if methods is None:
        label = r.values["verification_methods"].label
        message = f"尚未填写：考勤平台具备哪些认证功能（{'、'.join(known.values())}）"
        return note(r.id, "verification_methods", label, Status.INCOMPLETE, message, ctx)
    have = [m for m in known if m in methods]
    missing = [known[m] for m in known if m not in have]
    need_all = ctx.readings.verification_methods == "all"
    ok = not missing if need_all else bool(have)
    shown = "、".join(known[m] for m in have) or "无"
    how = catalogue()["verification_methods"].options[ctx.readings.verification_methods]
    verdict = "满足" if ok else "不满足"
    message = f"考勤平台具备的认证功能：{shown}；按解读“{how}”，{verdict}"
    listed = "、".join(known.values())
    if need_all:
        fix, threshold = f"考勤平台增加：{'、'.join(missing)}", listed
    else:
        fix, threshold = f"考勤平台至少具备一种：{'、'.join(missing)}", f"其中至少一种（{listed}）"
    return judge(
        r.id, "verification_methods", r.values["verification_methods"].label, ok, ctx,
        message=message, fix=fix, actual=[known[m] for m in have], threshold=threshold,
        comparison="has", readings=["verification_methods"],
    )  # fmt: skip


@check("SPB-PLAN-ELEMENTS")
def plan_elements(
    r: Rule, ctx: Context, *, present: Mapping[str, bool] | None, methods: Sequence[str] | None
) -> list[Check]:
    """“线上职业培训方案的编制要素”（沙坪坝区办法 第六条、第八条）.

    One check per element of the plan (syllabus, teachers, examination, teaching plans
    and lesson plans, credit rules and accounting, attendance rules, 人离线断), each
    cited at its own clause and present when ``present[id]`` is true; then the attendance
    platform's verification methods (手机号码、微信、视频、人脸识别、随机验证): all of them,
    or at least one, per the ``verification_methods`` reading. ``None`` (nothing said
    yet, an untouched form) leaves them to fill in."""
    checks = [
        _has(r, i.id, i.label, None if present is None else present.get(i.id, False), ctx).at(i)
        for i in r.items
    ]
    checks.append(_methods(r, methods, ctx))
    return checks


def _opened(r: Rule, ok: bool, ctx: Context) -> Check:
    said = "开班前已经区人力社保局审核通过" if ok else "开班前未经区人力社保局审核通过：不予认定"
    fix = "先报送开班申请和线上培训方案，经区人力社保局审核通过后再开班"
    return judge(r.id, "approved", "开班审核", ok, ctx, message=said, fix=fix)


def _listed(r: Rule, online: bool, ctx: Context) -> Check:
    label = f"线上培训方案（{'、'.join(labelled(r, 'contents').values())}）"
    if not online:
        return note(r.id, "online_plan", label, Status.NOT_APPLICABLE, "不需要：没有线上培训", ctx)
    message = f"需要：{label}，随开班申请同步报送，经区人力社保局审核通过后方可开班"
    found = note(r.id, "online_plan", label, Status.ADVISORY, message, ctx)
    return found.model_copy(update={"actual": "需要"})


def _approval(r: Rule, approved: bool | None, ctx: Context) -> Check:
    label = "经区人力社保局审核通过后方可开班"
    if approved is None:
        message = "尚未审核：须经区人力社保局审核通过后方可开班，否则不予认定"
        return note(r.id, "approved", label, Status.ADVISORY, message, ctx)
    word = "已审核通过，可以开班" if approved else "未审核通过：不得开班，否则不予认定"
    return judge(
        r.id, "approved", label, approved, ctx, message=word,
        fix="修改线上培训方案后重新报送审核", actual=approved, threshold=True, comparison="==",
    )  # fmt: skip


@check("SPB-APPLY")
def apply(
    r: Rule,
    ctx: Context,
    *,
    approved: bool | None = None,
    started: bool = False,
    online: bool | None = None,
    contents: Mapping[str, bool] | None = None,
) -> list[Check]:
    """“经区人力社保局审核通过后，方可开班，否则不予认定”（沙坪坝区办法 第九条）.

    The online training plan goes with the class application (“同步报送线上培训方案，
    包括学分取得制度、考勤制度、培训课程、师资配备、课时时长、平台介绍、结业方式等内容”) and
    must be approved before the class opens. Three uses:

    - ``started=True`` (eligibility): one check, whether the class that opened had been
      approved (``approved is True``) — otherwise its training is not recognised;
    - ``online=`` (documents): whether the class must send the plan (it has online
      training) or not (not applicable);
    - otherwise (plan-elements): one check per content the plan must hold
      (``contents[name]``; ``None``: nothing said yet, to fill in), then the approval:
      advisory while not yet reviewed (``approved=None``), pass when approved, fail when
      refused. A content that restates an element of 第八条 (学分取得制度, 考勤制度, 师资配备:
      the same fact as 学分管理制度, 考勤制度, 课程师资安排) is judged once, there
      (:func:`plan_elements`)."""
    if started:
        return [_opened(r, approved is True, ctx)]
    if online is not None:
        return [_listed(r, online, ctx)]
    elements = {i.id for i in plan_elements.rule.items}
    checks = [
        _has(r, f"contents.{name}", label, None if contents is None else contents.get(name, False),
             ctx)
        for name, label in labelled(r, "contents").items()
        if name not in elements
    ]  # fmt: skip
    checks.append(_approval(r, approved, ctx))
    return checks


# --- the change of a teaching plan --------------------------------------------------------


def _working_days_before(day: date, count: int) -> date:
    """The ``count``-th Monday–Friday before ``day`` (``day`` itself not counted)."""
    found = 0
    while found < count:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            found += 1
    return day


def change_deadline(change_date: date, ctx: Context) -> date:
    """The last day to apply for a change taking effect on ``change_date`` (see
    :func:`change_3d`), per the ``change_days`` reading."""
    days = int(change_3d.rule.decimal("days_before"))
    if ctx.readings.change_days == "working":
        return _working_days_before(change_date, days)
    return change_date - timedelta(days=days)


def _earliest_change(r: Rule, submitted: date, ctx: Context) -> date:
    """The earliest change date for which an application made on ``submitted`` is in time."""
    day = submitted + timedelta(days=int(r.decimal("days_before")))
    while change_deadline(day, ctx) < submitted:
        day += timedelta(days=1)
    return day


@check("SPB-CHANGE-3D")
def change_3d(
    r: Rule, ctx: Context, *, change_date: date, submitted_on: date | None = None
) -> list[Check]:
    """“特殊原因需临时更改教学方案，必须提前三天提交申请”（沙坪坝区办法 第九条）.

    The last day to apply is :func:`change_deadline` (3 calendar days, or 3 working days
    Monday to Friday, before the change takes effect, per the ``change_days`` reading).
    Without ``submitted_on``: that day, as advice. With it: pass when not later than that
    day, else fail, with the days late and the earliest change date the application
    would have been in time for."""
    reading = ctx.readings.change_days
    deadline = change_deadline(change_date, ctx)
    basis = catalogue()["change_days"].options[reading].split("：")[0]
    extra = f"；{HOLIDAY_NOTE}" if reading == "working" else ""
    head = f"变更执行日 {show(change_date)}，最迟 {show(deadline)} 提交申请（{basis}）"
    if submitted_on is None:
        message = head + extra
        return [
            note(
                r.id, "deadline", "最迟提交日期", Status.ADVISORY, message, ctx,
                readings=["change_days"],
            )
        ]  # fmt: skip
    late = (submitted_on - deadline).days
    in_time = late <= 0
    when = f"{show(submitted_on)} 提交" + ("，按时" if in_time else f"，晚了 {late} 天")
    return [
        judge(
            r.id, "submitted", "变更申请提交日期", in_time, ctx,
            message=f"{head}；{when}{extra}",
            fix=f"将变更执行日推迟到 {show(_earliest_change(r, submitted_on, ctx))} 或以后",
            actual=submitted_on.isoformat(), threshold=deadline.isoformat(), comparison="<=",
            unit="天", gap=Decimal(late), readings=["change_days"],
        )
    ]  # fmt: skip
