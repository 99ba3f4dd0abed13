"""What a page shows of a result: every text and number already written in Chinese.

:func:`display` turns a :class:`~calc.result.Result` into plain display blocks, attached
to every answer as its ``"display"`` key (:func:`calc.api.run`, :func:`calc.tables.upload`).
The page's one renderer (docs/assets/js/calc-render.js) draws them as they are: it
formats no number, knows no label and no status text. Numbers are written with
:mod:`calc.text` (:func:`~calc.text.figure`, :func:`~calc.text.pct`); a share (a rule value
whose unit is 比例) is shown as a percentage, a comparison in words (不低于, 不超过, 须为…), a
rule value by its Chinese label.

The blocks (``kind``):

- ``section``: ``title``, ``blocks``; ``print`` (a print button), ``label``, ``cls``
- ``figures``: ``items`` of ``{label, value, unit}`` ("培训天数 **7** 天")
- ``table``: ``head`` (column headings), ``rows`` (lists of cells: a string,
  ``{status, text}`` for a status badge, or ``{runs}``); ``title``, ``total``, ``open``
  (and ``empty``, the words for no rows) when the table is a long list folded under a title
  (at most :data:`SHOWN` rows are given)
- ``text``: ``text``, ``cls``; or ``runs`` instead of ``text``
- ``todo``: a checklist, ``groups`` of ``{title, items: [{label, how, notes}], not_needed}``

A *run* is a piece of a line: a string, ``{text, url}`` (a link under the site's root),
``{code, url?}``, ``{strong}``, or ``{status, text}`` (a status badge); a list of runs is
one ``<span>``. Every heading and label of a result is in the display too (``titles``, the
trace's ``title`` and ``head``, a check's ``fix_line`` and detail rows), so the renderer
writes no word of its own. :data:`PAGE_TEXT` holds the texts of the page's own controls
(the form, drafts, the template page), written into the form at build time.

Per question, the function its manifest entry names as ``view`` adds a summary of its data
before the checks; a question without one gets only the generic parts (verdict, checks,
readings, trace).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from pydantic import BaseModel

from calc.manifest import manifest, resolve
from calc.readings import ReadingUsed
from calc.result import Check, Result, Status
from calc.rules import rule
from calc.text import figure, pct, points, show_rate

Block = dict[str, Any]
SHOWN = 200
"""Rows of a long list given to the page; the downloads have them all."""
FOLD = 20
"""A long list with more rows than this starts folded."""
_SHARE_UNIT = "比例"

TITLES = {
    "checks": "逐项检查",
    "hint": "点开一项，看实际值、标准、差距、改正办法和条文出处。",
    "readings": "使用的条文解读",
}
"""The headings a result's findings and readings are listed under."""
SWITCH = "切换"
"""The button beside a reading used, to the form's switch of that reading."""
TRACE = {
    "title": "计算依据",
    "values_title": "用到的规则数值",
    "head": ["规则", "条款", "施行", "用到的数值"],
    "json_title": "完整结果（JSON，与命令行输出相同）",
}
"""The headings of the trace: the rules and the values a result used."""
FILLED = "填写完整"
"""The status of a template filled in with nothing to fix (no calc question judges it)."""

PAGE_TEXT: dict[str, dict[str, str]] = {
    "form": {
        "missing": "填写必填项后自动计算（还缺：{names}）；也可以按“计算”查看缺什么。",
        "missing_more": "填写必填项后自动计算（还缺：{names} 等 {n} 项）；"
        "也可以按“计算”查看缺什么。",
        "sep": "、",
        "also": "；",
        "problem": "{where}：{what}",
        "loose": "输入有误：",
        "placed": "已在对应的输入旁标出；点击下面一项可跳到该处。",
        "failure": "计算没有完成",
        "failure_help": "计算器内部出错，不是输入的问题。请按“计算”重试或刷新页面；"
        "仍然出错时，请把下面的说明告诉网站维护者。",
        "failure_detail": "出错说明",
        # the words calc.errors.where gives a row ("课程模块 第3行"), and its remove button
        "row": "{where} 第{n}行",
        "remove_row": "删除第{n}行",
        "remove_item": "删除第{n}项",
        "link_too_long": "输入太多，无法放进链接；已保存在本浏览器中。",
        "link_label": "本页链接（含输入）",
        "link_copied": "已复制本页链接（含输入）",
        "whatif_failed": "没有算出来：{error}",
        # 清空 and 填入示例 replace what was typed: one step back
        "cleared": "已清空输入。",
        "example_filled": "已填入示例，原来的输入已替换。",
        "undo": "撤销",
        "undone": "已恢复原来的输入。",
    },
    "template": {
        # the form's words, said of a template: its button is 检查并预览; the preview
        # below the form is there from the start, its placeholders listed above it
        "missing": "填写必填项后自动检查（还缺：{names}）；预览中标出了待填写的地方。",
        "missing_more": "填写必填项后自动检查（还缺：{names} 等 {n} 项）；"
        "预览中标出了待填写的地方。",
        "filled": "填写完整，没有发现问题：可以在下面预览、下载和打印。",
        "to_fix": "表格还有需要改正的地方（见上面的标注）；改正后才能下载和打印。",
        "previewed": "预览已更新。下载的文件与预览内容相同。",
        "preview_failed": "预览没有生成：{error}",
        "missing_count": "还有 {n} 项必填：",
        "to_fix_count": "还有 {n} 项待改正：",
        "more_gaps": "……另有 {n} 项",
        "fill_first": "还有 {n} 项必填（见预览上方的清单），填写后才能下载和打印。",
        "blank_file": "{stem}（空白）{ext}",
        "made": "已生成 {file}。",
        "make_failed": "文件没有生成：{error}",
        "exported": "草稿已导出为 {file}。",
        "imported": "已导入 {file}。",
        "not_a_draft": "不是表格数据",
        "import_failed": "没有导入：{file} 不是有效的草稿 JSON（{error}）",
    },
}
"""The texts of a page's own controls, by part: ``form`` (calc-form.js, calc-fields.js,
calc-drafts.js, calc-whatif.js) and ``template`` (calc-template.js). scripts/calc_forms.py
writes them into the form (``data-texts``), so they are there before Python is; a
``{name}`` is filled in by the page with a plain number, name or message."""


# --- small writers ------------------------------------------------------------------------------


def as_decimal(value: Any) -> Decimal | None:
    """``value`` as a Decimal, when it is a number (JSON numbers arrive as text)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, str):
        try:
            d = Decimal(value)
        except InvalidOperation:
            return None
        return d if d.is_finite() else None
    return None


def number(value: Any) -> str:
    """A number as :func:`calc.text.figure` writes it; anything else as text; None as —."""
    return text(value)


def percent(value: Any) -> str:
    """A ratio as a percentage (:func:`calc.text.pct`); — when there is none."""
    d = as_decimal(value)
    return pct(d) if d is not None else "—"


def text(value: Any) -> str:
    """Any value of a result as the page shows it: 是/否, lists joined by 、, — for none."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(text(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return str(value.value)
    d = as_decimal(value)
    return figure(d) if d is not None else str(value)


def badge(status: str) -> dict[str, str]:
    """A table cell drawn as a status badge."""
    return {"status": status, "text": Status(status).text}


def figures(*items: tuple[str, Any, str]) -> Block:
    return {"kind": "figures", "items": [{"label": a, "value": b, "unit": c} for a, b, c in items]}


def table(head: list[str], rows: Iterable[list[Any]], cls: str = "") -> Block:
    return {
        "kind": "table",
        "head": head,
        "rows": [[_cell(c) for c in r] for r in rows],
        "cls": cls,
    }


def listing(title: str, head: list[str], rows: list[list[Any]], cls: str = "") -> Block:
    """A long list under a title: folded when long, its first :data:`SHOWN` rows given."""
    block = table(head, rows[:SHOWN], cls)
    block.update(title=title, total=len(rows), open=len(rows) <= FOLD)
    if not rows:
        block["empty"] = "无。"
    if len(rows) > SHOWN:
        block["note"] = f"此处列出前 {SHOWN} 行，全部 {len(rows):,} 行见下载文件。"
    return block


def _cell(value: Any) -> Any:
    return value if isinstance(value, dict) else text(value)


def runs(*parts: Any) -> dict[str, list[Any]]:
    """A table cell of several runs (a badge and a message, a rule id as code)."""
    return {"runs": [p for p in parts if p is not None and p != ""]}


def line(parts: list[Any], cls: str = "") -> Block:
    """A paragraph of runs."""
    return {"kind": "text", "runs": parts, "cls": cls}


def section(title: str, *blocks: Block | None, **extra: Any) -> Block:
    return {"kind": "section", "title": title, "blocks": [b for b in blocks if b], **extra}


def para(words: str, cls: str = "") -> Block:
    return {"kind": "text", "text": words, "cls": cls}


# --- checks -------------------------------------------------------------------------------------


def _is_share(c: Check) -> bool:
    """Whether the check compares shares: its threshold is a rule value in 比例."""
    limit = as_decimal(c.threshold)
    if limit is None or c.unit:
        return False
    return any(p.unit == _SHARE_UNIT and p.value == limit for p in rule(c.rule).values.values())


def _amount(value: Any, c: Check, share: bool) -> str:
    if share and as_decimal(value) is not None:
        return percent(value)
    shown = text(value)
    return shown + c.unit if c.unit and as_decimal(value) is not None else shown


COMPARED = {">=": "不低于", "<=": "不超过", ">": "高于", "<": "低于", "==": "须为", "has": "须具备"}
"""A check's comparison as the standard row words it: ``不低于 60%``, ``须为 是``."""


def standard(c: Check, share: bool) -> str:
    """The standard row of a check: its threshold after the comparison in words; a range
    (``in`` with text) is ``在 40—50分钟之间``, a list (``in``) ``属于 甲、乙``."""
    limit = _amount(c.threshold, c, share)
    if c.comparison == "in":
        if isinstance(c.threshold, str):
            return f"在 {limit}{c.unit}之间"
        return f"属于 {limit}"
    word = COMPARED.get(c.comparison)
    return f"{word} {limit}" if word else limit


def reading_text(u: ReadingUsed) -> str:
    """A reading used, named as the pages name it: ``解读 5：按次数：到课次数÷应到次数``
    (its number and chosen option in Chinese, never its key)."""
    return f"解读 {u.number}：{u.text}"


def check_block(c: Check, result: Result) -> Block:
    """One check as the page lists it: the summary line and the detail rows."""
    share = _is_share(c)
    rows: list[list[Any]] = [["检查内容", c.label]]
    if c.actual is not None:
        limit = as_decimal(c.threshold)
        actual = as_decimal(c.actual)
        shown = (
            show_rate(actual, limit)
            if share and actual is not None and limit is not None
            else _amount(c.actual, c, share)
        )
        rows.append(["实际值", shown])
    if c.threshold is not None:
        rows.append(["标准", standard(c, share)])
    if c.gap is not None:
        rows.append(["差距", points(c.gap) if share else _amount(c.gap, c, share)])
    if c.fix:
        rows.append(["最小改正", c.fix])
    used = {u.key: u for u in result.readings}
    rule_url = c.citation.url.split("#")[0] + "#rule-" + c.rule
    quote = f"：“{c.citation.phrase}”" if c.citation.phrase else ""
    source = [{"text": c.citation.text(), "url": c.citation.url}, quote, "（"]
    rows.append(["出处", [*source, {"code": c.rule, "url": rule_url}, "）"]])
    readings = [
        {"key": k, "url": f"readings/#reading-{k}", "text": reading_text(used[k])}
        for k in c.readings
    ]
    if readings:
        listed: list[Any] = []
        for i, u in enumerate(readings):
            listed.append([*(["、"] if i else []), {"text": u["text"], "url": u["url"]}])
        rows.append(["用到的解读", listed])
    return {
        "rule": c.rule,
        "rule_url": rule_url,
        "status": c.status.value,
        "status_text": c.status.text,
        "label": c.label,
        "message": c.message,
        "fix": c.fix,
        "fix_line": f"改正：{c.fix}" if c.fix else None,
        "rows": rows,
        "citation": {"text": c.citation.text(), "url": c.citation.url, "quote": c.citation.phrase},
        "readings": readings,
    }


# --- what the two upload questions share -------------------------------------------------------


def source_line(d: dict[str, Any]) -> Block | None:
    """How the file was read: its format and encoding, which column is which, what each
    status word counted as, the columns not used."""
    src = d.get("source") or {}
    if not src:
        return None
    fmt = str(src.get("format") or "")
    said = f"{fmt.upper()} 文件" + (f"，{src.get('encoding')} 编码" if fmt == "csv" else "")
    if src.get("mapping"):
        said += "。读取方式：" + "；".join(f"{f} ← “{column}”" for f, column in src["mapping"])
    words = src.get("statuses") or []
    if words:
        said += "。状态：" + "、".join(
            f"{x['word']} {x['rows']:,} 行（{x['counted_as']}）" for x in words
        )
    if src.get("ignored_columns"):
        said += "。未使用的列：" + "、".join(src["ignored_columns"])
    return para(said, "calc-note upload-read")


def batch_view(d: dict[str, Any]) -> list[Block]:
    """Several files at once: one row per class."""
    t = d["table"]
    return [section("班级汇总", table(t["head"], t["rows"], "upload-batch"))]


# --- the whole display --------------------------------------------------------------------------


def _given(model: BaseModel | None) -> dict[str, Any]:
    """What a view may say of the input: the titles of the boxes ticked (a yes/no field
    set, an option chosen in a multiple choice)."""
    if model is None:
        return {}
    ticked = []
    for name, field in type(model).model_fields.items():
        value = getattr(model, name, None)
        if value is True:
            ticked.append(field.title or name)
        elif isinstance(value, list | set | frozenset):
            ticked += [
                getattr(v, "label", None) or str(v.value) for v in value if isinstance(v, Enum)
            ]
    return {"checked": ticked}


def _view(result: Result, given: dict[str, Any]) -> list[Block]:
    """The question's own summary (its manifest ``view``), if it has one."""
    entry = manifest().get(result.question)
    if entry is None or entry.view is None:
        return []
    view: Callable[[Result, dict[str, Any]], list[Block]] = resolve(entry.view)
    return view(result, given)


def _trace(result: Result) -> dict[str, Any]:
    t = result.trace
    note = (
        f"计算器版本 {t.package_version}，结果格式版本 {t.schema_version}，"
        f"判断日期 {t.as_of.isoformat()}"
    )
    if t.spb_issued:
        note += f"，沙坪坝区办法印发日期 {t.spb_issued.isoformat()}"
    rules = []
    for r in t.rules:
        values = []
        for k, v in r.values.items():
            label = rule(r.id).values[k].label
            if not isinstance(v.value, Decimal):  # a list of names: the text's own words
                values.append(f"{label}：“{v.phrase}”")
                continue
            shown = pct(v.value) if v.unit == _SHARE_UNIT else text(v.value) + v.unit
            values.append(f"{label}：{shown}（“{v.phrase}”）")
        rules.append(
            {
                "rule": r.id,
                "article": r.article,
                "url": r.url,
                "in_force": r.in_force,
                "values": values,
            }
        )
    return {**TRACE, "note": note, "rules": rules}


def _folds(checks: list[Check]) -> dict[str, Any] | None:
    """Many findings: the first :data:`FOLD` that are not passes open, the other ones and
    the passes folded under these titles."""
    if len(checks) <= FOLD:
        return None
    other = sum(c.status is not Status.PASS for c in checks)
    passed = len(checks) - other
    return {
        "open": FOLD,
        "other": f"其余未符合的检查（{other - FOLD:,} 项）" if other > FOLD else None,
        "passed": f"符合的检查（{passed:,} 项）" if passed else None,
    }


def display(result: Result, model: BaseModel | None = None) -> dict[str, Any]:
    """The page's view of ``result`` (``model``: the validated input, if any)."""
    status = result.status
    summary = result.summary if result.summary != f"{result.title}：{status.text}" else None
    readings: list[dict[str, Any]] = []
    for u in result.readings:
        title, url = f"解读 {u.number}", f"readings/#reading-{u.key}"
        said = u.text + ("（默认）" if u.default else "（非默认）")
        shown = [{"text": title, "url": url}, "：" + said]
        readings.append({"key": u.key, "title": title, "url": url, "text": said, "line": shown})
    return {
        "verdict": _verdict(result.title, status.value, status.text, summary),
        "titles": {**TITLES, "readings": TITLES["readings"] if readings else None},
        "switch": SWITCH,
        "views": _view(result, _given(model)),
        "checks": [check_block(c, result) for c in result.checks],
        "folds": _folds(result.checks),
        "readings": readings,
        "trace": _trace(result),
    }


def _verdict(title: str, status: str, status_text: str, summary: str | None) -> dict[str, Any]:
    return {
        "title": title,
        "head": f"{title}：",
        "status": status,
        "status_text": status_text,
        "summary": summary,
    }


# --- template pages -----------------------------------------------------------------------------


def template_answer(name: str, data: Any, context: Any = None) -> dict[str, Any]:
    """What a template page shows beside its form (calc-template.js, through the worker's
    ``render`` kind, format ``findings``): :func:`calc.render.findings` with the problems'
    ``loc`` put under the form's ``input``; a roster filled in with nothing to fix becomes
    an answer of its own, its display a verdict (:data:`FILLED`) and nothing else."""
    from calc.render import TEMPLATES, findings

    out = findings(name, data, context)
    if out.get("error"):
        for p in out.get("problems") or []:
            if p.get("loc") is not None:
                p["loc"] = ["input", *p["loc"]]
        return out
    if not out.get("ok"):
        return out
    title = TEMPLATES[name].title
    summary = PAGE_TEXT["template"]["filled"]
    verdict = _verdict(title, "filled", FILLED, summary)
    return {
        "template": True,
        "title": title,
        "status": "filled",
        "summary": summary,
        "checks": [],
        "readings": [],
        "data": {},
        "display": {
            "verdict": verdict,
            "titles": {"checks": None, "hint": None, "readings": None},
            "views": [],
            "checks": [],
            "folds": None,
            "readings": [],
            "trace": None,
        },
    }
