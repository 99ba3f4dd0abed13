"""What each template shows: plain dicts built from the filled form.

:func:`plan_view` and :func:`roster_view` turn a validated form, or ``None`` for the blank
copy to fill by hand, into the strings, rows and columns a template prints. Values are
unescaped text; :mod:`calc.render` escapes them for Markdown, HTML or Word.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any, cast

from calc.draft import DERIVED, Pending
from calc.forms import (
    Form,
    HourRoster,
    OnlinePlan,
    Roster,
    ScoreTable,
    SubsidyRoster,
    TraineeRoster,
    label,
)
from calc.kinds import Mode, ScoreResult, Sex, VerificationMethod
from calc.spb.attendance import attend_80
from calc.spb.plan import change_3d, plan_elements
from calc.text import num, pct

BLANK = "＿" * 8
"""A short blank to write a value on by hand (templates have it as ``blank``)."""
BLANK_ROWS = 15
_BLANK_ROSTER_ROWS = 10
"""Rows of a blank roster: as many as fit one landscape A4 page."""
_TENTH = Decimal("0.1")
Row = list[str]


def _date(value: date | None) -> str:
    if isinstance(value, Pending):
        return value
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def _opt(value: object) -> str:
    if value is None:
        return ""
    return label(value) if isinstance(value, StrEnum) else str(value)


def _num(value: Decimal | int) -> str:
    """:func:`~calc.text.num`, or the placeholder of a value not there yet (:mod:`calc.draft`)."""
    return value if isinstance(value, Pending) else num(value)


def _pct(ratio: Decimal) -> str:
    return ratio if isinstance(ratio, Pending) else pct(ratio)


def _share(part: Decimal, whole: Decimal) -> str:
    """``part`` as a share of ``whole``; a placeholder while ``whole`` is none (a preview)."""
    return _pct(part / whole) if whole else DERIVED


def _when(flag: object, hours: Decimal) -> Decimal:
    """``hours`` when ``flag`` holds, else 0; a placeholder while ``flag`` is not there yet."""
    if isinstance(flag, Pending):
        return cast(Decimal, DERIVED)
    return hours if flag else Decimal(0)


def _money(value: Decimal) -> str:
    if isinstance(value, Pending):
        return value
    return format(value.quantize(Decimal("0.01")), "f")


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, Decimal(0))


def _blank_rows(n: int, width: int) -> list[Row]:
    return [[str(i + 1)] + [""] * (width - 1) for i in range(n)]


def _methods() -> list[VerificationMethod]:
    """The verification methods in the order SPB 第八条（三） lists them."""
    return [VerificationMethod(v) for v in plan_elements.rule.names("verification_methods")]


def _rules_view() -> dict[str, str]:
    return {
        "attend_rate": pct(attend_80.rule.decimal("min_rate")),
        "change_days": num(change_3d.rule.decimal("days_before")),
    }


# --- 线上培训方案 -------------------------------------------------------------------------


def plan_view(p: OnlinePlan | None) -> dict[str, Any]:
    """The plan as text; ``None`` gives the blank copy. Shares and the daily average are
    rounded half up (percentages to 0.1 point, hours per day to 0.1)."""
    if p is None:
        return _blank_plan()
    ms = p.modules
    total = p.total_hours
    theory = _sum(m.theory_hours for m in ms)
    practical = _sum(m.practical_hours for m in ms)
    online = _sum(
        _when(m.mode if isinstance(m.mode, Pending) else m.mode is Mode.ONLINE, m.hours) for m in ms
    )
    ethics = _sum(_when(m.ethics, m.hours) for m in ms)
    per_day = (total / p.days).quantize(_TENTH, rounding=ROUND_HALF_UP)
    occupation = p.occupation + (f"（{p.level}）" if p.level else "")
    return {
        "blank": False,
        "title": f"{p.class_name}线上职业培训方案",
        "title_lines": [p.class_name, "线上职业培训方案"],
        "institution": p.institution,
        "basics": [
            ("培训机构", p.institution),
            ("培训班名称", p.class_name),
            ("职业（工种）", occupation),
            ("培训类别", p.category.label),
            ("职业（工种）目录", p.catalogue.label if p.catalogue else "—"),
            ("培训人数", f"{p.trainees}人"),
            ("培训时间", f"{_date(p.start_date)}至{_date(p.end_date)}，共{_num(p.days)}天"),
            ("课时时长", f"每课时{p.lesson_minutes}分钟"),
            (
                "总课时",
                f"{_num(total)}课时（理论{_num(theory)}课时，实训操作{_num(practical)}课时）",
            ),
            ("线上与线下", f"线上{_num(online)}课时，线下{_num(total - online)}课时"),
            ("线下培训地点", p.venue or "—"),
        ],
        "shares": (
            f"实训操作课时占总课时的{_share(practical, total)}；职业道德、安全环保、就业指导等内容"
            f"{_num(ethics)}课时，占{_share(ethics, total)}；线上课时占{_share(online, total)}；"
            f"平均每天{_num(per_day)}课时。"
        ),
        "objective": p.objective or "",
        "modules": [
            [
                str(i + 1),
                m.name + (f"\n{m.content}" if m.content else ""),
                m.kind.label,
                m.mode.label,
                _num(m.theory_hours),
                _num(m.practical_hours),
                _num(m.hours),
                m.ethics if isinstance(m.ethics, Pending) else "√" if m.ethics else "",
                m.teacher,
            ]
            for i, m in enumerate(ms)
        ],
        "module_total": [
            "",
            "合计",
            "",
            "",
            _num(theory),
            _num(practical),
            _num(total),
            _num(ethics),
            "",
        ],
        "lesson_plans": p.lesson_plans_attached,
        "teachers": [
            [
                str(i + 1),
                t.name,
                _opt(t.title),
                _opt(t.qualification),
                "、".join(m.name for m in ms if m.teacher == t.name),
            ]
            for i, t in enumerate(p.teachers)
        ],
        "credits": [
            [str(i + 1), c.mode, c.rule, _num(c.credits)]
            for i, c in enumerate(p.credit_rules.items)
        ],
        "required_credits": _num(p.credit_rules.required),
        "credit_accounting": p.credit_rules.accounting or "",
        "methods": [[m.label, _tick(m, p.attendance.methods)] for m in _methods()],
        "attendance_rules": p.attendance.rules,
        "attendance_statistics": p.attendance.statistics or "",
        "platform": [
            ("平台名称", p.platform.name),
            ("平台来源", p.platform.source.label),
            ("运营单位", p.platform.operator or "—"),
            ("访问网址或小程序", p.platform.address or "—"),
        ],
        "platform_intro": p.platform.introduction,
        "exam": p.exam_and_completion,
        "parties": {
            "legal": p.responsibility.legal_representative,
            "officer": p.responsibility.officer,
            "officer_role": p.responsibility.officer_role.label,
            "supervisor": p.responsibility.supervisor or "",
        },
        "rules": _rules_view(),
    }


def _tick(method: VerificationMethod, held: list[VerificationMethod]) -> str:
    """√ when the platform has ``method``; the placeholder while the list is not there yet."""
    if isinstance(held, Pending):
        return held
    return "√" if method in held else ""


def _blank_plan() -> dict[str, Any]:
    labels = ("培训机构", "培训班名称", "职业（工种）", "培训类别", "职业（工种）目录", "培训人数")
    more = ("培训时间", "课时时长", "总课时", "线上与线下", "线下培训地点")
    return {
        "blank": True,
        "title": "线上职业培训方案",
        "title_lines": ["线上职业培训方案"],
        "institution": "",
        "basics": [(k, "") for k in labels + more],
        "shares": "",
        "objective": "",
        "modules": _blank_rows(BLANK_ROWS, 9),
        "module_total": ["", "合计"] + [""] * 7,
        "lesson_plans": True,
        "teachers": _blank_rows(6, 5),
        "credits": _blank_rows(5, 4),
        "required_credits": BLANK,
        "credit_accounting": "",
        "methods": [[m.label, ""] for m in _methods()],
        "attendance_rules": "",
        "attendance_statistics": "",
        "platform": [(k, "") for k in ("平台名称", "平台来源", "运营单位", "访问网址或小程序")],
        "platform_intro": "",
        "exam": "",
        "parties": {
            "legal": "",
            "officer": "",
            "officer_role": "培训事务专员或班主任",
            "supervisor": "",
        },
        "rules": _rules_view(),
    }


# --- 花名册 -------------------------------------------------------------------------------

Column = tuple[str, int, str]
"""A roster column: title, relative width, alignment ("l" left, "c" centred)."""
_PERSON: list[Column] = [("序号", 3, "c"), ("姓名", 6, "c"), ("身份证号码", 13, "c")]
_HOUR_TAIL: list[Column] = [("合计", 4, "c"), ("学时完成率", 5, "c")]
_COLUMNS: dict[type[Form], list[Column]] = {
    TraineeRoster: [
        _PERSON[0],
        _PERSON[1],
        ("性别", 3, "c"),
        _PERSON[2],
        ("联系电话", 9, "c"),
        ("人员类别", 9, "l"),
        ("文化程度", 5, "c"),
        ("工作单位或住址", 14, "l"),
        ("备注", 6, "l"),
    ],
    ScoreTable: [
        *_PERSON,
        ("理论成绩", 5, "c"),
        ("实操成绩", 5, "c"),
        ("考核结果", 5, "c"),
        ("备注", 8, "l"),
    ],
    SubsidyRoster: [
        *_PERSON,
        ("证书类型", 8, "l"),
        ("证书编号", 12, "c"),
        ("补贴金额（元）", 7, "c"),
        ("备注", 8, "l"),
    ],
}


@dataclass(frozen=True)
class _Table:
    columns: list[Column]
    rows: list[Row]
    total: Row | None = None
    summary: str = ""


def _trainees(r: TraineeRoster) -> _Table:
    men = sum(1 for x in r.rows if x.sex is Sex.MALE)
    women = sum(1 for x in r.rows if x.sex is Sex.FEMALE)
    return _Table(
        _COLUMNS[TraineeRoster],
        [
            [
                str(i + 1),
                x.name,
                x.sex.label,
                x.id_number,
                x.phone,
                _opt(x.group),
                _opt(x.education),
                _opt(x.employer),
                _opt(x.note),
            ]
            for i, x in enumerate(r.rows)
        ],
        summary=f"共{len(r.rows)}人，其中男{men}人、女{women}人。",
    )


def _hours_table(r: HourRoster) -> _Table:
    """Completion = hours attended ÷ planned hours, 0.1 point, half up."""
    planned = _sum(s.hours for s in r.sessions)
    sessions = [(f"{s.label}\n{_num(s.hours)}课时", 4, "c") for s in r.sessions]
    rows = []
    for i, x in enumerate(r.rows):
        hours = x.hours if isinstance(x.hours, list) else [x.hours]  # a placeholder
        done = _sum(hours)
        cells = [_num(h) for h in hours[: len(r.sessions)]]
        cells += [""] * (len(r.sessions) - len(cells))  # a preview's row still being filled
        rows.append([str(i + 1), x.name, x.id_number, *cells, _num(done), _pct(done / planned)])
    return _Table(
        [*_PERSON, *sessions, *_HOUR_TAIL],
        rows,
        summary=f"计划总课时{_num(planned)}课时；学时完成率为实际学时合计除以计划总课时。",
    )


def _scores(r: ScoreTable) -> _Table:
    n = len(r.rows)
    count = {k: sum(1 for x in r.rows if x.result is k) for k in ScoreResult}
    passed = count[ScoreResult.PASS]
    return _Table(
        _COLUMNS[ScoreTable],
        [
            [
                str(i + 1),
                x.name,
                x.id_number,
                _opt(x.theory_score and _num(x.theory_score)),
                _opt(x.practical_score and _num(x.practical_score)),
                x.result.label,
                _opt(x.note),
            ]
            for i, x in enumerate(r.rows)
        ],
        summary=(
            f"名单{n}人：合格{passed}人，不合格{count[ScoreResult.FAIL]}人，"
            f"缺考{count[ScoreResult.ABSENT]}人；合格率{_pct(Decimal(passed) / n)}。"
        ),
    )


def _subsidies(r: SubsidyRoster) -> _Table:
    total = _sum(x.amount for x in r.rows)
    return _Table(
        _COLUMNS[SubsidyRoster],
        [
            [
                str(i + 1),
                x.name,
                x.id_number,
                x.certificate_type.label,
                x.certificate_number,
                _money(x.amount),
                _opt(x.note),
            ]
            for i, x in enumerate(r.rows)
        ],
        total=["", "合计", f"共{len(r.rows)}人", "", "", _money(total), ""],
    )


_TABLES: dict[type[Form], Callable[[Any], _Table]] = {
    TraineeRoster: _trainees,
    HourRoster: _hours_table,
    ScoreTable: _scores,
    SubsidyRoster: _subsidies,
}
_BLANK_SESSIONS = 8


def _blank_table(model: type[Form]) -> _Table:
    if model is HourRoster:
        columns = [*_PERSON, *[("", 4, "c")] * _BLANK_SESSIONS, *_HOUR_TAIL]
    else:
        columns = _COLUMNS[model]
    total = ["", "合计"] + [""] * (len(columns) - 2) if model is SubsidyRoster else None
    return _Table(columns, _blank_rows(_BLANK_ROSTER_ROWS, len(columns)), total)


def roster_view(model: type[Form], r: Form | None) -> dict[str, Any]:
    """A roster as a table parameterised by its columns; ``None`` gives the blank copy."""
    title = str(model.model_config.get("title"))
    table = _blank_table(model) if r is None else _TABLES[model](r)
    roster = cast(Roster | None, r)
    header = [
        ("培训机构", roster.institution if roster else ""),
        ("培训班名称", roster.class_name if roster else ""),
        ("职业（工种）", _opt(roster.occupation) if roster else ""),
        ("培训时间", _period(roster) if roster else ""),
    ]
    if model is ScoreTable:
        s = cast(ScoreTable | None, r)
        header += [
            ("考核日期", _date(s.assessed_on) if s else ""),
            ("考核方式", _opt(s.method) if s else ""),
        ]
    per_line = 3 if r is None else 2  # blanks are short; filled values need the room
    return {
        "blank": r is None,
        "title": title,
        "landscape": True,
        "header": [header[i : i + per_line] for i in range(0, len(header), per_line)],
        "columns": [c for c, _, _ in table.columns],
        "widths": [w for _, w, _ in table.columns],
        "align": "".join(a for _, _, a in table.columns),
        "rows": table.rows,
        "total": table.total,
        "summary": table.summary,
        "prepared_by": _opt(roster.prepared_by) if roster else "",
        "prepared_on": _date(roster.prepared_on) if roster else "",
    }


def _period(r: Roster) -> str:
    if r.start_date and r.end_date:
        return f"{_date(r.start_date)}至{_date(r.end_date)}"
    return _date(r.start_date or r.end_date)
