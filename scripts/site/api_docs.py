"""The developer pages: the Python interface (signatures, docstrings, model fields), the
questions and their JSON Schemas, worked examples, and what a table file may hold."""

from __future__ import annotations

import importlib
import inspect
import json
from typing import Any

from calc import api
from calc.manifest import manifest
from calc.result import Context
from calc.tables import read, xlsx

from .common import add_macros, cell, page_exists, rel


def upload_limits() -> str:
    """The browser's caps on uploaded tables, from calc.tables.read."""
    mb = xlsx.MB
    return (
        f"不超过 {read.BROWSER_MAX_BYTES // mb} MB、{read.BROWSER_MAX_ROWS:,} 行；"
        f"XLSX 解压后不超过 {read.XLSX_MAX_UNPACKED // mb:,} MB，"
        f"且其中不小于 {xlsx.XLSX_RATIO_FROM // mb} MB 的部分压缩比不超过 "
        f"{xlsx.XLSX_MAX_RATIO}。网页和命令行都只接受：每个单元格不超过 "
        f"{xlsx.CELL_MAX_CHARS:,} 个字符（Excel 的上限），XLSX 的共享字符串合计不超过 "
        f"{xlsx.SHARED_MAX_CHARS // mb} M 个字符，行号不超过 {xlsx.MAX_ROW:,}，"
        f"CSV 每行不超过 {read.CSV_MAX_LINE // mb} M 个字符"
    )


def table_columns() -> str:
    """Every field a table file may have, with the headers that mean it, from calc.tables.read."""
    rows = ["| 字段 | 标准表头 | 也接受 |", "|---|---|---|"]
    rows += [f"| `{c.key}` | {c.title} | {'、'.join(n for n in c.names if n != c.title)} |"
             for c in read.COLUMNS.values()]  # fmt: skip
    return "\n".join(rows)


def presence_words() -> str:
    """The words of a status or sign-in column and what each counts as, from calc.tables.read."""
    return "\n".join([
        "| 含义 | 可填 |", "|---|---|",
        f"| 到课 | {'、'.join(read.PRESENT)} |",
        f"| 迟到、早退（按解读“late_early”，默认算到课） | {'、'.join(read.LATE)} |",
        f"| 缺课 | {'、'.join(read.ABSENT)} |",
    ])  # fmt: skip


def schemas() -> str:
    """Every question's input schema and the context's, as calc.api.schemas() gives them."""
    found = {n: q.model.model_json_schema() for n, q in api.questions().items()}
    found["context"] = Context.model_json_schema()
    out = []
    for name, schema in found.items():
        out.append(f"## `{name}`：{schema.get('title', name)} {{#schema-{name}}}\n")
        out.append("```json\n" + json.dumps(schema, ensure_ascii=False, indent=2) + "\n```\n")
    return "\n".join(out)


def questions_table(*, page: str) -> str:
    """Every question: name, title, input model and calculator page."""
    rows = ["| 问题 | 标题 | 输入 | 页面 |", "|---|---|---|---|"]
    for name, q in api.questions().items():
        entry = manifest().get(name)
        link = f"[{entry.title}]({rel(page, entry.page)})" if entry and page_exists(entry) else ""
        rows.append(f"| `{name}` | {q.title} | `{q.model.__name__}` | {link} |")
    return "\n".join(rows)


def api_doc(module: str, names: list[str]) -> str:
    """The signature and docstring of each of ``names`` in ``module``."""
    mod = importlib.import_module(module)
    out = []
    for name in names:
        obj = getattr(mod, name)
        try:
            sig = str(inspect.signature(obj))
        except (TypeError, ValueError):
            sig = "(...)"
        doc = inspect.getdoc(obj) or ""
        out.append(f"### `{module}.{name}{sig}`\n\n```text\n{doc}\n```\n")
    return "\n".join(out)


def model_fields(module: str, cls: str) -> str:
    """The fields of pydantic model ``module.cls``: key, title and type."""
    model = getattr(importlib.import_module(module), cls)
    rows = ["| 字段 | 名称 | 类型 |", "|---|---|---|"]
    for key, field in model.model_fields.items():
        kind = getattr(field.annotation, "__name__", None) or str(field.annotation)
        kind = kind.replace("typing.", "").replace("decimal.", "").replace("datetime.", "")
        rows.append(f"| `{key}` | {cell(field.title or '')} | `{cell(kind)}` |")
    return "\n".join(rows)


def example_run(question: str, payload: dict[str, Any]) -> str:
    """The JSON result of ``calc.api.run(question, payload)`` (an error fails the build)."""
    result = api.run(question, payload)
    if result.get("error"):
        raise ValueError(f"example_run({question}): {result}")
    return "```json\n" + json.dumps(result, ensure_ascii=False, indent=2) + "\n```"


def define(env: Any) -> None:
    """Register the developer pages' macros."""
    add_macros(env, upload_limits, table_columns, presence_words, schemas, questions_table,
               api_doc, model_fields, example_run)  # fmt: skip
