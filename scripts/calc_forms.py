"""Calculator forms, generated at build time from a question's JSON Schema.

Every input model becomes a real form: scalars as inputs and selects, optional booleans
as 是/否/不填, arrays of enums as checkbox groups, arrays of dates or numbers as lists of
inputs, arrays of objects as editable tables (one row per item, a proper control per
cell), nested objects as fieldsets, and fields marked ``x-stages`` shown only for the
stage chosen. Each control carries ``data-where``: the words ``calc.errors.where`` uses
for it ("课程模块 第2行 实训操作课时" is the table's words, the row and the cell's), so
calc-form.js can put calc's own messages next to the control they concern.

Nothing here judges anything: the page sends what is typed to calc in Pyodide.
"""

from __future__ import annotations

import html
import importlib
import json
import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from calc import kinds

RUNTIME_META = "calc-runtime-integrity"
EARLY_WORKER = "data-calc-early-worker"
"""The attribute of a page's early start of its worker (form_html), which the site build
moves first into the head (scripts/site/build.py stamp_runtime)."""

# The scripts of a calculator page, in the order they run, on the calculator pages only (the
# reading pages load none). The page names them on its one loader element, calc-runtime.js,
# which adds the others (see scripts_html): with instant navigation the theme runs the
# loader again on each page it swaps in, and only scripts not loaded yet are added.
CALC_SCRIPTS = (
    "calc-render.js",
    "calc-fields.js",
    "calc-drafts.js",
    "calc-whatif.js",
    "calc-form.js",
)
"""``<meta name>`` of runtime/manifest.json's SHA-256 on every page (calc-runtime.js reads
it too): the worker fetches the manifest with it as Subresource Integrity."""

SCALARS = ("enum", "boolean", "tristate", "integer", "decimal", "date", "datetime", "text")


def attr(value: Any) -> str:
    return html.escape(str(value), quote=True)


def esc(value: Any) -> str:
    return html.escape(str(value), quote=False)


def json_attr(value: Any) -> str:
    """``value`` as JSON for a single-quoted attribute."""
    return esc(json.dumps(value, ensure_ascii=False)).replace("'", "&#x27;")


def resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """``node`` with its ``$ref`` (or single ``allOf``) merged in; the def's name is kept
    as ``x-def`` (it names the enum class that labels the values)."""
    extra = {k: v for k, v in node.items() if k not in ("$ref", "allOf")}
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return {"x-def": name, **resolve(defs[name], defs), **extra}
    if len(node.get("allOf", ())) == 1:
        return {**resolve(node["allOf"][0], defs), **extra}
    return node


@dataclass
class Field:
    """One property of an input model, resolved to a kind of control."""

    key: str
    kind: str  # a SCALAR, or group, table, list, multi, json
    title: str
    node: dict[str, Any]  # the resolved schema (constraints, enum, default)
    optional: bool = False  # may be null: empty means "not given"
    required: bool = False
    hint: str = ""
    stages: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)  # enum value -> Chinese
    children: list[Field] = field(default_factory=list)  # group fields, table columns
    item: Field | None = None  # list items
    min_items: int = 0
    stage_control: bool = False  # its value chooses which x-stages fields show
    stage_hints: dict[str, str] = field(default_factory=dict)  # stage value -> its hint


class Labeller:
    """Chinese labels of enum values: the enum class's ``label`` (calc.kinds or the
    question's module), else the ``value 中文`` pairs of the field's description."""

    def __init__(self, module: str | None) -> None:
        self.spaces = [kinds]
        if module:
            self.spaces.append(importlib.import_module(module))

    def __call__(self, def_name: str | None, values: list[Any], description: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for space in self.spaces if def_name else ():
            cls = getattr(space, def_name or "", None)
            if isinstance(cls, type) and issubclass(cls, Enum):
                for member in cls:
                    label = getattr(member, "label", None)
                    if isinstance(label, str):
                        out[str(member.value)] = label
        for v in values:
            if str(v) not in out:
                m = re.search(
                    rf"(?<![\w]){re.escape(str(v))}\s*[：:]?\s*([^\s；;，,、/（）()。]+)",
                    description,
                )
                out[str(v)] = m.group(1) if m else str(v)
        return out


_VALUE_NOTE = re.compile(r"（[a-z0-9_]+）")


def _hint(text: str, values: list[Any]) -> str:
    """A field's description as a hint: none when it only names the enum's values."""
    if not text or (values and all(str(v) in text for v in values)):
        return ""
    return _VALUE_NOTE.sub("", text)


def parse(key: str, node: dict[str, Any], defs: dict[str, Any], required: bool,
          label: Labeller) -> Field:  # fmt: skip
    raw = node
    node = resolve(node, defs)
    optional = False
    if "anyOf" in node:
        branches = [resolve(b, defs) for b in node["anyOf"]]
        real = [b for b in branches if b.get("type") != "null"]
        optional = len(real) < len(branches)
        types = {b.get("type") for b in real}
        if types <= {"number", "string"} and "number" in types:
            number = next(b for b in real if b.get("type") == "number")
            node = {**{k: v for k, v in node.items() if k != "anyOf"}, **number, "type": "number"}
        elif len(real) == 1:
            node = {**real[0], **{k: v for k, v in node.items() if k != "anyOf"}}
        else:
            return Field(key, "json", node.get("title") or key, node, optional, required)
    title = raw.get("title") or node.get("title") or key
    # A def's own description is a docstring ("培训类别 (CQ16 一)."): only the property's
    # description is shown as a hint; both name the values of an enum.
    description = raw.get("description") or ""
    legend = description + " " + (node.get("description") or "")
    stages = tuple(node.get("x-stages", ()))
    f = Field(key, "json", title, node, optional, required, stages=stages)
    kind = node.get("type")
    if "enum" in node or "const" in node:
        values = node.get("enum", [node.get("const")])
        f.kind, f.labels = "enum", label(node.get("x-def"), values, legend)
        f.node = {**node, "enum": values}
        f.hint = _hint(description, values)
    elif kind == "boolean":
        f.kind = "tristate" if optional else "boolean"
    elif kind in ("integer", "number"):
        f.kind = "integer" if kind == "integer" else "decimal"
    elif kind == "string":
        fmt = node.get("format")
        f.kind = "date" if fmt == "date" else "datetime" if fmt == "date-time" else "text"
    elif kind == "object" and "properties" in node:
        f.kind = "group"
        need = set(node.get("required", ()))
        f.children = [parse(k, v, defs, k in need, label) for k, v in node["properties"].items()]
    elif kind == "array":
        items = resolve(node.get("items", {}), defs)
        f.min_items = int(node.get("minItems", 0))
        if "enum" in items:
            f.kind = "multi"
            f.labels = label(items.get("x-def"), items["enum"], legend)
            f.node = {**node, "enum": items["enum"]}
            f.hint = _hint(description, items["enum"])
            return f
        inner = parse("", node["items"], defs, True, label)
        if inner.kind == "group":
            f.kind, f.children = "table", inner.children
        elif inner.kind in SCALARS:
            f.kind, f.item = "list", inner
    f.hint = f.hint or (description if f.kind != "enum" else "")
    return f


def form_fields(schema: dict[str, Any], label: Labeller) -> list[Field]:
    defs = schema.get("$defs", {})
    need = set(schema.get("required", ()))
    return [parse(k, v, defs, k in need, label) for k, v in schema.get("properties", {}).items()]


# --- HTML ----------------------------------------------------------------------------------


def _id(name: str) -> str:
    return "f-" + re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")


def control(f: Field, fid: str, name: str, extra: str = "") -> str:
    """The input element of a scalar field."""
    default = f.node.get("default")
    attrs = f'id="{fid}" name="{attr(name)}"{extra}'
    if f.required and not f.optional:
        attrs += ' aria-required="true"'
    if f.kind == "enum":
        if f.optional or default is None:
            blank = "（不填）" if f.optional else "请选择"
            opts = [f'<option value="">{blank}</option>']
        else:
            opts = []
        for v in f.node["enum"]:
            sel = " selected" if v == default else ""
            opts.append(f'<option value="{attr(v)}"{sel}>{esc(f.labels.get(str(v), v))}</option>')
        return f"<select {attrs}>{''.join(opts)}</select>"
    if f.kind == "boolean":
        return f'<input type="checkbox" {attrs}{" checked" if default else ""}>'
    if f.kind == "tristate":
        choice = "" if default is None else "true" if default else "false"
        three = "".join(
            f'<option value="{v}"{" selected" if v == choice else ""}>{t}</option>'
            for v, t in (("", "（不填）"), ("true", "是"), ("false", "否"))
        )
        return f"<select {attrs}>{three}</select>"
    if f.kind == "date":
        return f'<input type="date" {attrs} value="{attr(default or "")}">'
    if f.kind == "datetime":
        return f'<input type="datetime-local" {attrs} value="{attr(default or "")}">'
    if f.kind in ("integer", "decimal"):
        mode = "numeric" if f.kind == "integer" else "decimal"
        value = "" if default is None else attr(default)
        bounds = "".join(
            f' data-{k.lower()}="{attr(f.node[k])}"'
            for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum") if k in f.node
        )  # fmt: skip
        return f'<input type="text" inputmode="{mode}" {attrs} value="{value}"{bounds}>'
    if f.kind == "text":
        size = f' maxlength="{f.node["maxLength"]}"' if "maxLength" in f.node else ""
        return f'<input type="text" {attrs} value="{attr(default or "")}"{size}>'
    text = "" if default is None else json.dumps(default, ensure_ascii=False)
    return f'<textarea {attrs} rows="4">{esc(text)}</textarea>'


def _data(f: Field, name: str, where: str | None) -> str:
    out = f'data-key="{attr(f.key)}" data-name="{attr(name)}" data-kind="{f.kind}" '
    out += f'data-title="{attr(f.title)}"'
    if where is not None:
        out += f' data-where="{attr(where)}"'
    if f.required and not f.optional:
        out += ' data-required="true"'
    if f.optional:
        out += ' data-optional="true"'
    if f.stages:
        out += f' data-stages="{attr(" ".join(f.stages))}"'
    if f.min_items:
        out += f' data-min-items="{f.min_items}"'
    if f.stage_control:
        out += " data-stage-control"
    return out


def _described(fid: str) -> str:
    return f' aria-describedby="{fid}-msg"'


def _msg(fid: str) -> str:
    return f'<span class="calc-msg" id="{fid}-msg" role="alert" hidden></span>'


def _hint_html(f: Field) -> str:
    if not f.hint:
        return ""
    stages = ""
    if f.stage_hints:
        stages = f" data-stage-hints='{json_attr(f.stage_hints)}'"
    return f'<span class="calc-hint"{stages}>{esc(f.hint)}</span>'


def _mark(f: Field) -> str:
    """A required column's header is marked (by CSS, as a required field's label is)."""
    return " calc-req" if f.required and not f.optional else ""


def field_html(f: Field, name: str, where: str, label: str | None = None) -> str:
    """One field of a scope (the input, a fieldset): its label, control, hint and message."""
    fid = _id(name)
    if f.kind == "group":
        inner = "".join(field_html(c, f"{name}.{c.key}", f"{where} {c.title}") for c in f.children)
        return (
            f'<fieldset class="calc-group" {_data(f, name, where)} data-scope>'
            f"<legend>{esc(f.title)}</legend>{_hint_html(f)}{inner}</fieldset>"
        )
    if f.kind == "multi":
        boxes = "".join(
            f'<label class="calc-option"><input type="checkbox" id="{fid}-{attr(v)}" '
            f'name="{attr(name)}" value="{attr(v)}"> {esc(f.labels.get(str(v), v))}</label>'
            for v in f.node["enum"]
        )
        return (
            f'<div class="calc-field calc-multi" {_data(f, name, where)} role="group" '
            f'aria-labelledby="{fid}-label" aria-describedby="{fid}-msg">'
            f'<span class="calc-label" id="{fid}-label">{esc(f.title)}</span>'
            f'<div class="calc-options">{boxes}</div>{_hint_html(f)}{_msg(fid)}</div>'
        )
    if f.kind in ("table", "list"):
        return rows_html(f, name, where)
    text = label or f.title
    return (
        f'<div class="calc-field calc-{f.kind}" {_data(f, name, where)}>'
        f'<label for="{fid}">{esc(text)}</label>'
        f"{control(f, fid, name, _described(fid))}{_hint_html(f)}{_msg(fid)}</div>"
    )


def _none_box(f: Field, fid: str) -> str:
    """For an optional list: say "none" (an empty list) rather than "not given" (null)."""
    if not f.optional:
        return ""
    return (
        f'<label class="calc-none"><input type="checkbox" id="{fid}-none" data-calc-none> '
        f"没有（0 项）；不勾选表示未填写</label>"
    )


def rows_html(f: Field, name: str, where: str) -> str:
    """An array of objects (a table) or of scalars (a list): rows come from a template,
    added and removed by calc-form.js; ``__i__`` in ids becomes the row's serial."""
    fid = _id(name)
    head = f'<span class="calc-label" id="{fid}-label">{esc(f.title)}</span>{_hint_html(f)}'
    add_text = "添加一行" if f.kind == "table" else "添加一项"
    actions = (
        f'<div class="calc-row-actions"><button type="button" class="md-button calc-add" '
        f'data-calc-add aria-describedby="{fid}-label">{add_text}</button>{_none_box(f, fid)}</div>'
    )
    remove = '<button type="button" class="calc-remove" data-calc-remove>删除</button>'
    if f.kind == "list":
        item = f.item
        assert item is not None
        cell = Field("", item.kind, f.title, item.node, required=True, labels=item.labels)
        cid = f"{fid}-__i__"
        body = (
            f'<ol class="calc-items" data-rows></ol>'
            f'<template><li class="calc-row" data-row><div class="calc-field calc-cell '
            f'calc-{item.kind}" data-kind="{item.kind}" data-required="true">'
            f"{control(cell, cid, name + '[]', _described(cid))}"
            f"{_msg(cid)}</div>{remove}</li></template>"
        )
    else:
        cols = "".join(
            f'<th scope="col" class="calc-w-{c.kind}{_mark(c)}">{esc(c.title)}</th>'
            for c in f.children
        )
        cells = "".join(_cell_html(c, f"{fid}-__i__-{_id(c.key)[2:]}", name) for c in f.children)
        notes = [(c.title, c.hint) for c in f.children if c.hint]
        legend = ""
        if notes:
            items = "".join(f"<li><b>{esc(t)}</b>：{esc(h)}</li>" for t, h in notes)
            legend = (
                f'<details class="calc-plain calc-col-notes"><summary>各列填写说明</summary>'
                f"<ul>{items}</ul></details>"
            )
        body = (
            f'<div class="calc-table-wrap"><table class="calc-rows"><thead><tr>'
            f'<th scope="col" class="calc-rownum">行</th>{cols}'
            f'<th scope="col" class="calc-row-tools"><span class="calc-sr">操作</span></th>'
            f"</tr></thead><tbody data-rows></tbody></table></div>{legend}"
            f'<template><tr class="calc-row" data-row data-scope>'
            f'<th scope="row" class="calc-rownum"></th>{cells}'
            f'<td class="calc-row-tools">{remove}</td></tr></template>'
        )
    return (
        f'<div class="calc-field calc-rows-field calc-{f.kind}" {_data(f, name, where)} '
        f'role="group" aria-labelledby="{fid}-label">'
        f"{head}{body}{actions}{_msg(fid)}</div>"
    )


def _cell_html(c: Field, cid: str, table_name: str) -> str:
    name = f"{table_name}[].{c.key}"
    if c.kind not in SCALARS:
        c = Field(c.key, "json", c.title, c.node, c.optional, c.required)
    need = ' data-required="true"' if c.required and not c.optional else ""
    return (
        f'<td data-label="{attr(c.title)}" class="calc-w-{c.kind}{_mark(c)}">'
        f'<div class="calc-field calc-cell calc-{c.kind}" '
        f'data-key="{attr(c.key)}" data-kind="{c.kind}" data-cell="{attr(c.title)}"{need}>'
        f"{control(c, cid, name, _described(cid))}{_msg(cid)}</div></td>"
    )


def stage_hint(text: str, labels: list[str], chosen: str) -> str:
    """A staged field's hint for one stage: the hint describes every stage ("线下培训：…；
    考核评价：…"); keep what comes before the first stage's name and the chosen stage's part."""
    cuts = sorted(
        (i, label)
        for label in labels
        for mark in (f"{label}：", f"{label}培训：")
        if (i := text.find(mark)) >= 0
    )
    if not cuts:
        return text
    out = text[: cuts[0][0]]
    for k, (at, label) in enumerate(cuts):
        if label == chosen:
            out += text[at : cuts[k + 1][0] if k + 1 < len(cuts) else len(text)]
    return re.sub(r"[；;]\s*$", "", out)


def stage_hints(fields: list[Field], control: Field) -> None:
    """Give each staged field (at any depth) its hint for each stage of ``control``."""
    labels = {str(v): control.labels.get(str(v), str(v)) for v in control.node["enum"]}
    for f in fields:
        if f.stages and f.hint:
            f.stage_hints = {
                v: stage_hint(f.hint, list(labels.values()), label) for v, label in labels.items()
            }
        stage_hints(f.children, control)


def stage_control(fields: list[Field]) -> str | None:
    """The enum field whose values name the stages of ``x-stages`` fields (evidence's
    ``stage``): choosing a value shows only that stage's fields."""
    stages = {s for f in fields for s in f.stages}
    if not stages:
        return None
    for f in fields:
        if f.kind == "enum" and stages <= {str(v) for v in f.node["enum"]}:
            return f.key
    return None


# --- the whole form --------------------------------------------------------------------------


@dataclass
class FormSpec:
    """What a page's form shows besides the input model."""

    question: str
    readings: tuple[str, ...]  # reading switches shown (those the question's checks use)
    spb: bool  # show SPB's issuance date (the question has SPB rules)
    example: dict[str, Any] | None = None  # {"input", "context"} offered as 填入示例
    whatif: tuple[str, str] | None = None  # (min, max) of the daily standard, 元/天
    warm: tuple[str, ...] = ()  # every question of the page, imported while it loads


def _reading_html(key: str, root: str) -> str:
    from calc.errors import where
    from calc.readings import catalogue
    from calc.result import Context

    r = catalogue()[key]
    labels = {k: f"{v}{'（默认）' if k == r.default else ''}" for k, v in r.options.items()}
    f = Field(key, "enum", r.question, {"enum": list(r.options), "default": r.default},
              labels=labels)  # fmt: skip
    name = f"context.readings.{key}"
    fid = _id(name)
    link = f'<a class="calc-hint" href="{root}readings/#reading-{key}">解读 {r.number} 的说明</a>'
    data = _data(f, name, where(Context, ("readings", key)))
    return (
        f'<div class="calc-field calc-enum calc-reading" {data} '
        f'data-reading="{attr(key)}"><label for="{fid}">{r.number}. {esc(r.question)}</label>'
        f"{control(f, fid, name, _described(fid))}{link}{_msg(fid)}</div>"
    )


def scripts_html(root: str, *names: str) -> str:
    """A calculator page's loader: calc-runtime.js, which runs :data:`CALC_SCRIPTS`, then
    ``names``, in that order (each element names them all: whichever runs first loads)."""
    then = " ".join(CALC_SCRIPTS + names)
    loader = f"{root}assets/js/calc-runtime.js"
    return f'<script src="{loader}" data-calc-scripts="{then}" defer></script>'


def form_html(q: Any, spec: FormSpec, page_src: str) -> str:
    """The calculator's form, what-if panel and result area: one raw HTML block. The form
    carries the texts its scripts show (``data-texts``: :data:`calc.display.PAGE_TEXT`'s
    form part, and its template part on a template's form)."""
    from calc.display import PAGE_TEXT
    from calc.errors import where
    from calc.manifest import manifest
    from calc.result import Context

    name = spec.question
    entry = manifest().get(name)  # a template's form is no question: its model's module
    label = Labeller(entry.module if entry else q.model.__module__)
    fields = form_fields(q.model.model_json_schema(), label)
    stage = stage_control(fields)
    for f in fields:
        f.stage_control = f.key == stage
        if f.stage_control:
            stage_hints(fields, f)
    inputs = "".join(field_html(f, f"input.{f.key}", f.title) for f in fields)
    depth = page_src.count("/") + 1  # directory URLs: calculators/days.md -> calculators/days/
    root = "../" * depth
    ctx_fields = {f.key: f for f in form_fields(Context.model_json_schema(), label)}
    dates = [field_html(ctx_fields["as_of"], "context.as_of", where(Context, ("as_of",)))]
    if spec.spb:
        dates.append(
            field_html(
                ctx_fields["spb_issued"], "context.spb_issued", where(Context, ("spb_issued",))
            )
        )
    readings = ""
    if spec.readings:
        switches = "".join(_reading_html(k, root) for k in spec.readings)
        readings = (
            f'<fieldset class="calc-group calc-readings" data-key="readings" data-kind="group" '
            f'data-where="{attr(where(Context, ("readings",)))}" data-scope>'
            "<legend>条文解读</legend>"
            '<p class="calc-hint">条文有不同理解时，按所选解读计算；结果中注明用到了哪些解读。</p>'
            f"{switches}</fieldset>"
        )
    example = ""
    if spec.example:
        example = (
            '<button type="button" class="md-button" data-calc-example '
            f"data-example='{attr(json.dumps(spec.example, ensure_ascii=False))}'>填入示例</button>"
        )
    toolbar = (
        f'<div class="calc-toolbar">{example}'
        '<button type="button" class="md-button" data-calc-reset title="清空全部输入，恢复默认值">'
        "清空</button>"
        '<button type="button" class="md-button" data-calc-share>复制链接</button>'
        '<span class="calc-share-out" data-calc-share-out aria-live="polite"></span>'
        '<span class="calc-undo" data-calc-undo-box role="status"></span></div>'
    )
    whatif = ""
    if spec.whatif:
        low, high = spec.whatif
        mid = (int(low) + int(high)) // 2
        wid = f"whatif-{name}"
        whatif = (
            f'<section class="calc-whatif" data-calc-whatif="{attr(name)}" '
            f'aria-labelledby="{wid}-h">'
            f'<h2 class="calc-h" id="{wid}-h">假如区县的每天折算标准是……</h2>'
            f'<p class="calc-hint">在 {esc(low)}—{esc(high)} 元/天之间移动（方向键也可以），'
            "看结论和各项检查怎样变化；不改动上面的输入。</p>"
            f'<div class="calc-whatif-controls"><label for="{wid}">每天折算标准（元/天）</label>'
            f'<input type="range" id="{wid}" min="{attr(low)}" max="{attr(high)}" step="1" '
            f'value="{mid}" data-whatif-range>'
            f'<output for="{wid}" data-whatif-value>{mid}</output></div>'
            '<div class="calc-whatif-out" data-whatif-out aria-live="polite"></div></section>'
        )
    texts = PAGE_TEXT["form"] | (PAGE_TEXT["template"] if entry is None else {})
    body = (
        f"{toolbar}"
        '<div class="calc-form-msg" data-calc-form-msg role="alert" hidden></div>'
        f'<fieldset class="calc-inputs" data-scope="input"><legend>输入</legend>{inputs}</fieldset>'
        f'<div class="calc-context-scope" data-scope="context">{readings}'
        '<details class="calc-plain calc-context"><summary>判断日期</summary>'
        f'<div class="calc-context-fields">{"".join(dates)}</div></details></div>'
    )
    if len(spec.warm) > 1:  # several forms on the page: their ids must not meet
        body = re.sub(r'((?:id|for|aria-describedby|aria-labelledby)="f-)', rf"\1{name}-", body)
    # The worker starts before the theme's scripts run (the site build moves this script
    # into the head, scripts/site/build.py stamp_runtime); calc-runtime.js adopts it and
    # the messages it already sent. One per page.
    boot = (
        f"<script {EARLY_WORKER}>"
        + "(function(){if(window.calcEarlyWorker!==undefined)return;var q=[],w=new Worker("
        + json.dumps(f"{root}assets/js/calc-worker.js")
        + ',{type:"module"});w.onmessage=function(e){q.push(e)};w.postMessage({type:"init",'
        + "base:new URL("
        + json.dumps(f"{root}runtime/")
        + ",location.href).href,warm:"
        + json.dumps(list(spec.warm or (name,)))
        + f",integrity:(document.querySelector('meta[name=\"{RUNTIME_META}\"]')||{{}}).content}});"
        + "window.calcEarlyWorker={worker:w,queue:q,started:performance.now()}})()</script>"
    )
    return (
        boot + f'<form class="calc-form" id="calc-{attr(name)}" data-calc-question="{attr(name)}" '
        f"data-site-root=\"{root}\" data-texts='{json_attr(texts)}' "
        f'data-readings="{attr(" ".join(spec.readings))}" novalidate>'
        '<div class="calc-status" data-calc-status><p class="calc-status-text">计算器将在本页中'
        "加载 Python 运行环境……（需要启用 JavaScript）</p></div>"
        f"{body}"
        '<div class="calc-actions"><button type="submit" class="md-button md-button--primary">计算'
        '</button><span class="calc-note" data-calc-note>输入保存在本浏览器和页面地址中，不会上传；'
        "修改后自动重新计算。</span></div>"
        "</form>"
        f'<div class="calc-result" data-calc-result="{attr(name)}" aria-live="polite"></div>'
        f"{whatif}{scripts_html(root)}"
    )


# --- an upload page's box ----------------------------------------------------------------------


@dataclass
class UploadSpec:
    """What an upload page's box shows: the file question's choices and its page texts."""

    question: str
    options: type[Any]  # the manifest's ``files.options`` model
    module: str  # where the enums of its fields are labelled
    readings: tuple[str, ...]  # reading switches of its rules
    spb: bool  # ask SPB's issuance date
    many: bool  # several files at once
    limits: str  # the sentence stating the limits (calc.tables.describe)
    paste_keep: int = 100_000  # pasted text longer than this is not kept for a reload


def upload_html(spec: UploadSpec, page_src: str) -> str:
    """The box of an upload calculator (docs/assets/js/calc-upload.js drives it): file
    picker, pasted text, the choices (the options model's scalar fields; its lists and
    tables are asked by the page only when a file needs them), judging date and reading
    switches, progress, downloads and the result area. Field names are the payload's
    (``input.category``, ``context.readings.binding``)."""
    from calc.errors import where
    from calc.result import Context

    name = spec.question
    root = "../" * (page_src.count("/") + 1)
    label = Labeller(spec.module)
    fields = [f for f in form_fields(spec.options.model_json_schema(), label) if f.kind in SCALARS]
    options = "".join(field_html(f, f"input.{f.key}", f.title) for f in fields)
    ctx = {f.key: f for f in form_fields(Context.model_json_schema(), label)}
    ctx["as_of"].hint = ctx["as_of"].hint or "不填为今天"
    dates = ["as_of", "spb_issued"] if spec.spb else ["as_of"]
    context = "".join(field_html(ctx[k], f"context.{k}", where(Context, (k,))) for k in dates)
    context += "".join(_reading_html(k, root) for k in spec.readings)
    fid = f"u-file-{attr(name)}"
    pid = f"u-paste-{attr(name)}"
    pick = (
        "选择文件（CSV 或 XLSX，可多选：每个班级一行汇总）"
        if spec.many
        else "选择文件（CSV 或 XLSX）"
    )
    downloads = "".join(
        f'<button type="button" class="md-button" data-format="{fmt}">下载 {fmt.upper()}</button>'
        for fmt in ("csv", "xlsx")
    )
    body = (
        '<div class="upload-inputs">'
        f'<div class="upload-drop"><label for="{fid}">{pick}</label>'
        f'<input type="file" id="{fid}" accept=".csv,.xlsx,.txt,.tsv"'
        f"{' multiple' if spec.many else ''} disabled>"
        '<span class="calc-note">也可以把文件拖到这里。</span></div>'
        f'<p class="calc-note upload-limits">{esc(spec.limits)}</p>'
        '<p class="calc-note upload-forgotten" hidden></p>'
        '<details class="upload-paste"><summary>或者粘贴表格</summary>'
        f'<label for="{pid}" class="calc-note">粘贴的内容按 CSV 读取（从 Excel 复制的是制表符分隔，'
        f"同样可以）；不超过 {spec.paste_keep:,} 个字符时刷新后保留。</label>"
        f'<textarea id="{pid}" rows="6" disabled placeholder="从 Excel 复制整张表（含表头）'
        '粘贴到这里，或输入逗号分隔的文字"></textarea>'
        '<button type="button" class="md-button" data-paste-run>计算粘贴的表格</button></details>'
        f'<fieldset class="upload-options" data-scope="input"{"" if options else " hidden"}>'
        f"<legend>选项</legend>{options}</fieldset>"
        '<details class="calc-context"><summary>判断条件与条文解读</summary>'
        f'<div class="calc-context-fields" data-scope="context">{context}</div></details></div>'
        '<div class="upload-progress" hidden aria-live="polite"><progress max="1"></progress>'
        '<span class="upload-progress-text"></span></div>'
        f'<div class="upload-downloads" hidden>{downloads}</div>'
        '<div class="calc-result" data-calc-result aria-live="polite"></div>'
    )
    body = re.sub(r'((?:id|for|aria-describedby|aria-labelledby)=")f-', r"\1u-", body)
    return (
        f'<div class="calc-upload" data-calc-question="{attr(name)}" data-site-root="{root}" '
        f'data-paste-keep="{spec.paste_keep}" data-failure-text="计算出错">'
        '<div class="calc-status" data-calc-status><p class="calc-status-text">计算器将在本页中'
        "加载 Python 运行环境……（需要启用 JavaScript）</p></div>"
        f"{body}</div>{scripts_html(root, 'calc-upload.js')}"
    )
