"""Tables in and out of the browser (``docs/assets/js/calc-worker.js``) and the file
questions of the manifest: :func:`upload` answers a question for an uploaded file,
:func:`download` writes its result as CSV or XLSX (:mod:`calc.tables.write`),
:func:`describe` tells the page the limits and choices. Reading is
:mod:`calc.tables.read`, XLSX :mod:`calc.tables.xlsx`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, get_origin

from pydantic import BaseModel, ValidationError

from calc.boundary import loads
from calc.errors import InputError, explain, internal, safe
from calc.manifest import manifest, resolve
from calc.models import TargetGroup
from calc.readings import catalogue
from calc.result import Context, Result, Status
from calc.tables.read import (
    BROWSER_MAX_BYTES,
    BROWSER_MAX_ROWS,
    XLSX_MAX_UNPACKED,
    Progress,
    Source,
)
from calc.tables.write import Section, write_tables


def _answer(compute: Callable[[Context], Result], context: Any) -> tuple[dict[str, Any], Any]:
    try:
        try:
            ctx = Context.model_validate(context or {})
        except ValidationError as exc:
            raise explain(exc, Context) from exc
        result = compute(ctx)
    except InputError as exc:
        return exc.to_json(), None
    from calc.display import display  # the page's view of the result

    return {**result.model_dump(mode="json"), "display": display(result)}, result


Compute = Callable[[Source, str, dict[str, Any], Context, Progress | None], Result]
"""``compute(file, file name, options as JSON-able data, context, progress)``."""
ComputeMany = Callable[[list[tuple[str, Source]], dict[str, Any], Context, Progress | None], Result]
"""``compute(files as (name, content), options, context, progress)``: one report for all."""
Export = Callable[[Result], list[Section]]
"""The tables of a result's download (the CLI's ``--format csv`` or ``xlsx``)."""


@dataclass(frozen=True)
class FileQuestion:
    """A question answered from an uploaded table, as the manifest's ``files`` declares it."""

    name: str
    title: str
    rules: tuple[str, ...]
    """The rules it judges: the page offers the readings of these."""
    compute: Compute
    export: Export
    max_rows: int
    options: type[BaseModel]
    """What the page asks besides the file (validated by ``compute``)."""
    many: ComputeMany | None
    """How several files are answered at once, if they can be."""


def file_questions() -> list[str]:
    """The names of the questions that take table files, in the manifest's order."""
    return [name for name, entry in manifest().items() if entry.files is not None]


def _file(name: str) -> FileQuestion:
    entry = manifest().get(name) if isinstance(name, str) else None
    if entry is None or entry.files is None:
        raise InputError.one("问题", f"问题“{safe(str(name))[:50]}”不接受表格文件")
    f = entry.files
    many = resolve(f.many) if f.many else None
    return FileQuestion(
        name, entry.title, entry.rules, resolve(f.compute), resolve(f.export), f.max_rows,
        resolve(f.options), many,
    )  # fmt: skip


def upload(
    name: str, source: Source, filename: str, payload: str, progress: Progress | None = None
) -> tuple[str, Result | None]:
    """Answer file question ``name`` for an uploaded file and ``payload``, the JSON text
    ``{"input": {options}, "context": {…}}``: the result's JSON text (or the error's, in
    Chinese) and the :class:`Result` itself, which the worker keeps for :func:`download`."""
    return _upload(
        name, payload, lambda q, options, ctx: q.compute(source, safe(filename), options, ctx,
                                                         progress)
    )  # fmt: skip


def upload_many(
    name: str,
    sources: Sequence[Source],
    filenames: Sequence[str],
    payload: str,
    progress: Progress | None = None,
) -> tuple[str, Result | None]:
    """:func:`upload` for several files at once: one report (``progress`` hears the share
    of all the files read)."""

    def compute(q: FileQuestion, options: dict[str, Any], ctx: Context) -> Result:
        if q.many is None:
            raise InputError.one("文件", f"“{q.title}”一次只能读一个文件")
        files = [(safe(n), s) for n, s in zip(filenames, sources, strict=True)]
        return q.many(files, options, ctx, progress)

    return _upload(name, payload, compute)


def _upload(
    name: str, payload: str, compute: Callable[[FileQuestion, dict[str, Any], Context], Result]
) -> tuple[str, Result | None]:
    try:
        q = _file(name)
        data = loads(payload or "{}")
        if not isinstance(data, dict):
            raise InputError.one("输入", 'JSON 应为对象 {"input": {…}, "context": {…}}')
        options = data.get("input") or {}
        out, result = _answer(lambda ctx: compute(q, options, ctx), data.get("context"))
    except InputError as exc:
        out, result = exc.to_json(), None
    except ModuleNotFoundError:  # a wheel the browser loads on demand: the worker retries
        raise
    except Exception as exc:  # the worker shows this instead of a traceback
        out, result = internal(exc), None
    return json.dumps(out, ensure_ascii=False), result


def download(name: str, result: Result, fmt: str) -> bytes:
    """A result of file question ``name`` as a CSV (UTF-8 with BOM) or XLSX file."""
    return write_tables(_file(name).export(result), fmt)


def describe(name: str) -> str:
    """What the page of file question ``name`` shows before any upload, as JSON text: the
    limits, the options to ask (with labels), the readings of its rules, the status texts
    and the labels of the target groups."""
    q = _file(name)
    readings = [
        {"key": r.key, "number": r.number, "question": r.question, "default": r.default,
         "options": [[k, v] for k, v in r.options.items()]}
        for r in catalogue().values()
        if any(rid in r.rules for rid in q.rules)
    ]  # fmt: skip
    out = {
        "question": name,
        "title": q.title,
        "limits": {
            "max_bytes": BROWSER_MAX_BYTES,
            "max_rows": min(q.max_rows, BROWSER_MAX_ROWS),
            "max_unpacked": XLSX_MAX_UNPACKED,
        },
        "options": _fields(q.options),
        "many": q.many is not None,
        "readings": readings,
        "status": {s.value: s.text for s in Status},
        "spb": any(r.startswith("SPB-") for r in q.rules),
        "groups": {g.value: g.label for g in TargetGroup},
    }
    return json.dumps(out, ensure_ascii=False)


def _fields(model: type[BaseModel]) -> list[dict[str, Any]]:
    """A model's fields as the page draws them: choices (enums with labels) or dates."""
    fields = []
    for key, f in model.model_fields.items():
        kind = f.annotation
        if get_origin(kind) in (dict, list):
            continue  # asked by the page when a file needs them (columns, status words)
        choices = next(
            (t for t in (kind, *getattr(kind, "__args__", ())) if hasattr(t, "__members__")), None
        )
        spec: dict[str, Any] = {"name": key, "title": f.title, "required": f.is_required()}
        if choices is not None:
            spec["options"] = [[m.value, getattr(m, "label", m.value)] for m in choices]
            spec["default"] = None if f.is_required() else getattr(f.default, "value", f.default)
        else:
            spec["kind"] = "date" if date in (kind, *getattr(kind, "__args__", ())) else "text"
            spec["description"] = f.description
        fields.append(spec)
    return fields
