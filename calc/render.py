"""Fill the plan and roster templates and write them as Markdown, HTML or Word (.docx).

:func:`render` validates the data with the template's model (bad input raises
:class:`~calc.errors.InputError` naming the field or row), builds a *view* of plain
strings (:mod:`calc.views`) and renders ``templates/`` with jinja2.
HTML and Word XML are autoescaped; Markdown escapes every value it prints. A .docx is a
ZIP of WordprocessingML parts written with :mod:`zipfile` only, with fixed timestamps,
so the same input always gives the same bytes (pure Python: it runs in Pyodide).
"""

from __future__ import annotations

import io
import re
import tomllib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal, cast, get_args

from jinja2 import Environment, FunctionLoader, StrictUndefined
from markupsafe import Markup, escape
from pydantic import ValidationError

from calc.boundary import admit
from calc.draft import MARK_CLOSE, MARK_OPEN, MARK_SEP, partial
from calc.errors import InputError, explain, where
from calc.forms import (
    Form,
    HourRoster,
    OnlinePlan,
    ScoreTable,
    SubsidyRoster,
    TraineeRoster,
)
from calc.rules import rule
from calc.views import BLANK, plan_view, roster_view

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
    """The rule IDs it serves."""
    layout: Literal["online_plan", "roster"]
    doc_item: str | None = None
    """The 附件3 row (an item of :func:`calc.cq16.records.docs`) this document is, if any."""


MODELS: dict[str, type[Form]] = {
    m.__name__: m for m in (OnlinePlan, TraineeRoster, HourRoster, ScoreTable, SubsidyRoster)
}
"""The input models ``templates.toml`` names."""


def _templates() -> dict[str, Template]:
    """The templates of ``calc/templates.toml``, in its order."""
    text = (resources.files("calc") / "templates.toml").read_text(encoding="utf-8")
    found: dict[str, Template] = {}
    for name, data in tomllib.loads(text).items():
        found[name] = Template(
            name=name,
            model=MODELS[data["model"]],
            title=data["title"],
            description=data["description"],
            rules=tuple(data["rules"]),
            layout=data["layout"],
            doc_item=data.get("doc_item"),
        )
    return found


TEMPLATES: dict[str, Template] = _templates()
"""Every downloadable document by name (``calc/templates.toml``)."""


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

BLANK_LINE = "＿" * 36
"""An empty paragraph prints three of these, room to write by hand."""

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


def _admit(t: Template, data: Any) -> None:
    admit(data, lambda loc: where(t.model, loc), t.model.model_config.get("title") or "输入")


def validate(name: str, data: dict[str, Any]) -> Form:
    """The template's model filled from ``data``; InputError naming the field if bad."""
    t = _template(name)
    _admit(t, data)
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


_PLACEHOLDER = re.compile(
    f"{MARK_OPEN}([\\w.]*){MARK_SEP}([^{MARK_OPEN}-{MARK_CLOSE}]*){MARK_CLOSE}"
)
_TITLE = re.compile(r"<title>.*?</title>", re.S)


def _marked(html: str) -> str:
    """The placeholders of :mod:`calc.draft` as marked text: ``【待填写：培训机构名称】``
    (plain in the document's title, elsewhere a ``<mark>`` naming the field's loc)."""
    title = _TITLE.sub(lambda m: _PLACEHOLDER.sub(r"【\2】", m.group()), html, count=1)
    return _PLACEHOLDER.sub(_mark, title)


def _mark(m: re.Match[str]) -> str:
    loc, words = m.groups()
    named = f' data-loc="{loc}"' if loc else ""  # none: a figure computed from one
    return f'<mark class="pending"{named}>【{words}】</mark>'


def preview(name: str, data: Any) -> dict[str, Any]:
    """What a template page shows from the first moment, however little is filled:
    ``html``, the document with each required field not filled (and each value that is not
    valid) as a marked placeholder; ``missing``, those required fields, and ``to_fix``,
    those values, each as its ``loc`` and its words (``where``), in the form's order."""
    t = _template(name)
    _admit(t, data)
    model, gaps = partial(t.model, data)
    html = _write(t, cast(Form, model), "html").decode("utf-8")
    return {
        "html": _marked(html),
        "missing": [g.to_json() for g in gaps if g.missing],
        "to_fix": [g.to_json() for g in gaps if not g.missing],
    }


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
