"""Fill the plan and roster templates and write them as Markdown, HTML or Word (.docx).

:func:`render` validates the data with the template's model (bad input raises
:class:`~calc.errors.InputError` naming the field or row), builds a *view* of plain
strings and renders ``templates/`` with jinja2.
HTML and Word XML are autoescaped; Markdown escapes every value it prints. A .docx is a
ZIP of WordprocessingML parts written with :mod:`zipfile` only, with fixed timestamps,
so the same input always gives the same bytes (pure Python: it runs in Pyodide).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal, cast, get_args

from jinja2 import Environment, FunctionLoader, StrictUndefined
from markupsafe import Markup, escape
from pydantic import ValidationError

from calc.errors import InputError, explain
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
from calc.models import Mode, ScoreResult, Sex, VerificationMethod
from calc.rules import rule
from calc.text import num, pct

Fmt = Literal["md", "html", "docx"]
FORMATS: tuple[str, ...] = get_args(Fmt)
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class Template:
    """A downloadable document: its input model, title and the rules it serves."""

    name: str
    model: type[Form]
    title: str
    description: str
    rules: tuple[str, ...]
    layout: Literal["online_plan", "roster"]
    doc_item: str | None = None
    """The CQ16-DOCS item (附件3 row) this document is, when it is one."""


TEMPLATES: dict[str, Template] = {
    t.name: t
    for t in (
        Template(
            "online-plan",
            OnlinePlan,
            "线上职业培训方案",
            "开班申请时同步报送的线上培训方案：课程、师资、课时、学分制度、考勤制度、平台介绍、"
            "结业方式和质量责任人",
            ("SPB-PLAN-ELEMENTS", "SPB-APPLY", "SPB-PLATFORM", "CQ16-DOCS"),
            "online_plan",
            "training_plan",
        ),
        Template(
            "trainee-roster",
            TraineeRoster,
            "学员花名册",
            "开班申请环节线上提交的学员名单",
            ("CQ16-DOCS",),
            "roster",
            "roster",
        ),
        Template(
            "hour-roster",
            HourRoster,
            "学员学时记录花名册",
            "培训实施环节每个学员各课次的实际学时和合计",
            ("CQ16-DOCS", "CQ16-EVID-VIDEO", "SPB-ARCHIVE"),
            "roster",
            "hour_roster",
        ),
        Template(
            "score-table",
            ScoreTable,
            "学员考核评价成绩统计表",
            "考核评价环节每个学员的理论、实操成绩和考核结果",
            ("CQ16-EVID-ASSESS", "SPB-ARCHIVE"),
            "roster",
        ),
        Template(
            "subsidy-roster",
            SubsidyRoster,
            "补贴人员花名册",
            "补贴申请环节取得证书、申请补贴的人员及金额",
            ("CQ16-DOCS", "SPB-COMPLETE"),
            "roster",
            "subsidy_roster",
        ),
    )
}


# --- views: everything a template prints, as text -----------------------------------------

BLANK = "＿" * 8
BLANK_LINE = "＿" * 36
BLANK_ROWS = 15
_BLANK_ROSTER_ROWS = 10
"""Rows of a blank roster: as many as fit one landscape A4 page."""
_TENTH = Decimal("0.1")
Row = list[str]


def _date(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def _opt(value: object) -> str:
    if value is None:
        return ""
    return label(value) if isinstance(value, StrEnum) else str(value)


def _money(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.01")), "f")


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, Decimal(0))


def _blank_rows(n: int, width: int) -> list[Row]:
    return [[str(i + 1)] + [""] * (width - 1) for i in range(n)]


def _methods() -> list[VerificationMethod]:
    """The verification methods in the order SPB 第八条（三） lists them."""
    return [VerificationMethod(v) for v in rule("SPB-PLAN-ELEMENTS").names("verification_methods")]


def _rules_view() -> dict[str, str]:
    return {
        "attend_rate": pct(rule("SPB-ATTEND-80").decimal("min_rate")),
        "change_days": num(rule("SPB-CHANGE-3D").decimal("days_before")),
    }


def plan_view(p: OnlinePlan | None) -> dict[str, Any]:
    """The plan as text; ``None`` gives the blank copy. Shares and the daily average are
    rounded half up (percentages to 0.1 point, hours per day to 0.1)."""
    if p is None:
        return _blank_plan()
    ms = p.modules
    total = p.total_hours
    theory = _sum(m.theory_hours for m in ms)
    practical = _sum(m.practical_hours for m in ms)
    online = _sum(m.hours for m in ms if m.mode is Mode.ONLINE)
    ethics = _sum(m.hours for m in ms if m.ethics)
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
            ("培训时间", f"{_date(p.start_date)}至{_date(p.end_date)}，共{num(p.days)}天"),
            ("课时时长", f"每课时{p.lesson_minutes}分钟"),
            ("总课时", f"{num(total)}课时（理论{num(theory)}课时，实训操作{num(practical)}课时）"),
            ("线上与线下", f"线上{num(online)}课时，线下{num(total - online)}课时"),
            ("线下培训地点", p.venue or "—"),
        ],
        "shares": (
            f"实训操作课时占总课时的{pct(practical / total)}；职业道德、安全环保、就业指导等内容"
            f"{num(ethics)}课时，占{pct(ethics / total)}；线上课时占{pct(online / total)}；"
            f"平均每天{num(per_day)}课时。"
        ),
        "objective": p.objective or "",
        "modules": [
            [
                str(i + 1),
                m.name + (f"\n{m.content}" if m.content else ""),
                m.kind.label,
                m.mode.label,
                num(m.theory_hours),
                num(m.practical_hours),
                num(m.hours),
                "√" if m.ethics else "",
                m.teacher,
            ]
            for i, m in enumerate(ms)
        ],
        "module_total": [
            "",
            "合计",
            "",
            "",
            num(theory),
            num(practical),
            num(total),
            num(ethics),
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
            [str(i + 1), c.mode, c.rule, num(c.credits)] for i, c in enumerate(p.credit_rules.items)
        ],
        "required_credits": num(p.credit_rules.required),
        "credit_accounting": p.credit_rules.accounting or "",
        "methods": [[m.label, "√" if m in p.attendance.methods else ""] for m in _methods()],
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
        summary=f"共{len(r.rows)}人，其中男{men}人、女{len(r.rows) - men}人。",
    )


def _hours_table(r: HourRoster) -> _Table:
    """Completion = hours attended ÷ planned hours, 0.1 point, half up."""
    planned = _sum(s.hours for s in r.sessions)
    sessions = [(f"{s.label}\n{num(s.hours)}课时", 4, "c") for s in r.sessions]
    rows = []
    for i, x in enumerate(r.rows):
        done = _sum(x.hours)
        rows.append(
            [str(i + 1), x.name, x.id_number, *map(num, x.hours), num(done), pct(done / planned)]
        )
    return _Table(
        [*_PERSON, *sessions, *_HOUR_TAIL],
        rows,
        summary=f"计划总课时{num(planned)}课时；学时完成率为实际学时合计除以计划总课时。",
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
                _opt(x.theory_score and num(x.theory_score)),
                _opt(x.practical_score and num(x.practical_score)),
                x.result.label,
                _opt(x.note),
            ]
            for i, x in enumerate(r.rows)
        ],
        summary=(
            f"名单{n}人：合格{passed}人，不合格{count[ScoreResult.FAIL]}人，"
            f"缺考{count[ScoreResult.ABSENT]}人；合格率{pct(Decimal(passed) / n)}。"
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


# --- loading templates --------------------------------------------------------------------


@cache
def _root() -> Traversable:
    """``calc/_templates`` in an installed wheel, else ``templates/`` of the checkout."""
    packaged = resources.files("calc") / "_templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"


def _source(name: str) -> str | None:
    node = _root()
    for part in name.split("/"):
        node = node / part
    return node.read_text(encoding="utf-8") if node.is_file() else None


# --- escaping -----------------------------------------------------------------------------

_MD_CHARS = str.maketrans(
    {c: "\\" + c for c in "\\`*_[]|~"} | {"<": "&lt;", ">": "&gt;"},
)
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_LEADING = re.compile(r"^(#{1,6}|[-+=]+|\d{1,9}[.)])(?=\s|$)")


def md_escape(text: str) -> str:
    """One line of user text made literal in Markdown (newlines become spaces): the
    inline markup characters, ``<`` ``>``, entities, and a leading heading, list or
    rule marker are escaped."""
    line = " ".join(part.strip() for part in text.splitlines() if part.strip())
    line = _MD_ENTITY.sub("&amp;", line).translate(_MD_CHARS)
    return _MD_LEADING.sub(_escape_marker, line)


def _escape_marker(m: re.Match[str]) -> str:
    marker = m.group(1)
    return marker[:-1] + "\\" + marker[-1] if marker[0].isdigit() else "\\" + marker


def _md_finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    return md_escape("" if value is None else str(value))


def _md_paras(text: str) -> Markup:
    lines = [md_escape(ln) for ln in text.splitlines() if ln.strip()]
    return Markup("\n\n".join(lines or [BLANK_LINE] * 3))


def _html_paras(text: str) -> Markup:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        return Markup('<p class="blank"></p>' * 3)
    return Markup("").join(Markup("<p>{}</p>").format(ln.strip()) for ln in lines)


def _html_lines(text: str) -> Markup:
    return Markup("<br>").join(escape(ln) for ln in text.splitlines())


def _xml_lines(text: str) -> Markup:
    """Text inside ``<w:t>``: line breaks become ``<w:br/>``."""
    gap = Markup('</w:t></w:r><w:r><w:br/><w:t xml:space="preserve">')
    return gap.join(escape(ln) for ln in text.splitlines() or [""])


def _xml_paras(text: str, style: str = "Body") -> Markup:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()] or [BLANK_LINE] * 3
    para = Markup(
        '<w:p><w:pPr><w:pStyle w:val="{}"/></w:pPr>'
        '<w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>'
    )
    return Markup("").join(para.format(style, ln) for ln in lines)


def _twips(weights: list[int], width: int) -> list[int]:
    """Relative column weights as widths that add up to at most ``width``."""
    total = sum(weights)
    return [width * w // total for w in weights]


_FILTERS: dict[str, dict[str, Callable[..., Markup]]] = {
    "md": {"paras": _md_paras, "lines": lambda t: Markup(md_escape(t))},
    "html": {"paras": _html_paras, "lines": _html_lines},
    "docx": {"paras": _xml_paras, "lines": _xml_lines},
}


@cache
def _env(fmt: str) -> Environment:
    md = fmt == "md"
    env = Environment(
        loader=FunctionLoader(_source),
        autoescape=not md,
        finalize=_md_finalize if md else None,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(_FILTERS[fmt])
    env.filters["twips"] = _twips
    env.globals["blank"] = BLANK
    return env


# --- rendering ----------------------------------------------------------------------------

_DOCX_PARTS = (
    ("[Content_Types].xml", "docx/content_types.xml"),
    ("_rels/.rels", "docx/rels.xml"),
    ("docProps/core.xml", "docx/core.xml.j2"),
    ("word/_rels/document.xml.rels", "docx/document.xml.rels"),
    ("word/styles.xml", "docx/styles.xml"),
    ("word/footer1.xml", "docx/footer.xml"),
)
_BLANK_ROW_HEIGHT = 454
"""Least row height of a blank copy's tables (0.8 cm), room to write by hand."""
_PAGE_MARGIN = 1134
"""Page margins of the .docx in twentieths of a point (2 cm; 2.54 cm top and bottom
when portrait)."""


def _page(landscape: bool) -> dict[str, int]:
    w, h = (16838, 11906) if landscape else (11906, 16838)
    top = _PAGE_MARGIN if landscape else 1440
    return {"w": w, "h": h, "margin": _PAGE_MARGIN, "top": top, "text_width": w - 2 * _PAGE_MARGIN}


def _zip(parts: list[tuple[str, str]]) -> bytes:
    """A ZIP with fixed timestamps and attributes: same parts, same bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            z.writestr(info, text.encode("utf-8"))
    return buf.getvalue()


def _context(t: Template, model: Form | None) -> dict[str, Any]:
    if t.layout == "online_plan":
        view = plan_view(cast(OnlinePlan | None, model))
    else:
        view = roster_view(t.model, model)
    basis = [rule(r).citation.text() for r in t.rules]
    return {"v": view, "doc_title": view["title"], "basis": basis, "template": t}


def _write(t: Template, model: Form | None, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise InputError.one("格式", f"应为以下之一：{'、'.join(FORMATS)}（收到“{fmt}”）")
    ctx = _context(t, model)
    env = _env(fmt)
    if fmt != "docx":
        return env.get_template(f"{t.layout}.{fmt}.j2").render(ctx).encode("utf-8")
    ctx["page"] = _page(bool(ctx["v"].get("landscape")))
    ctx["row_height"] = _BLANK_ROW_HEIGHT if model is None else 0
    body = env.get_template(f"docx/{t.layout}.document.xml.j2").render(ctx)
    parts = [(name, env.get_template(src).render(ctx)) for name, src in _DOCX_PARTS]
    return _zip([*parts[:3], ("word/document.xml", body), *parts[3:]])


def _template(name: str) -> Template:
    if name not in TEMPLATES:
        raise InputError.one("模板", f"没有名为“{name}”的模板；可用：{'、'.join(TEMPLATES)}")
    return TEMPLATES[name]


def validate(name: str, data: dict[str, Any]) -> Form:
    """The template's model filled from ``data``; InputError naming the field if bad."""
    t = _template(name)
    try:
        model = t.model.model_validate(data)
    except ValidationError as exc:
        raise explain(exc, t.model) from exc
    problems = model.problems()
    if problems:
        raise InputError(problems)
    return model


def render(name: str, data: dict[str, Any], fmt: str) -> bytes:
    """The document ``name`` filled with ``data``, as ``fmt`` ("md", "html" or "docx")."""
    return _write(_template(name), validate(name, data), fmt)


def empty(name: str, fmt: str) -> bytes:
    """A blank copy of the document ``name`` to fill by hand."""
    return _write(_template(name), None, fmt)


def schemas() -> dict[str, Any]:
    """Each template's title, description, rules and input JSON Schema (the web forms)."""
    return {
        t.name: {
            "title": t.title,
            "description": t.description,
            "rules": list(t.rules),
            "schema": t.model.model_json_schema(),
        }
        for t in TEMPLATES.values()
    }


def filename(name: str, fmt: str) -> str:
    """``线上职业培训方案.docx``: the suggested download name."""
    return f"{_template(name).title}.{fmt}"


def plan_findings(data: dict[str, Any], context: dict[str, Any] | None = None) -> dict[str, Any]:
    """The "plan-check" result (CQ16 二、四; SPB 第七条) for the plan's courses, or the
    InputError JSON naming the field when ``data`` is not a valid plan."""
    from calc.api import run

    try:
        plan = cast(OnlinePlan, validate("online-plan", data))
    except InputError as exc:
        return exc.to_json()
    return run("plan-check", {"input": plan.to_plan_check(), "context": context or {}})


def findings(
    name: str, data: dict[str, Any], context: dict[str, Any] | None = None
) -> dict[str, Any]:
    """What a template page shows beside its form: :func:`plan_findings` for the plan;
    for a roster ``{"ok": true}``, or the InputError JSON naming the field or row."""
    if name == "online-plan":
        return plan_findings(data, context)
    try:
        validate(name, data)
    except InputError as exc:
        return exc.to_json()
    return {"ok": True}
