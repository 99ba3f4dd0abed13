"""Tables in and out of the browser (``docs/assets/js/calc-worker.js``) and the file
questions of the manifest: :func:`upload` answers a question for an uploaded file,
:func:`download` writes its result as CSV or XLSX (:mod:`calc.tables.write`),
:func:`describe` tells the page the limits and its texts. Reading is
:mod:`calc.tables.read`, XLSX :mod:`calc.tables.xlsx`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from calc.boundary import loads
from calc.errors import InputError, explain, internal, safe
from calc.manifest import manifest, resolve
from calc.result import Context, Result
from calc.tables.read import (
    BROWSER_MAX_BYTES,
    BROWSER_MAX_ROWS,
    XLSX_MAX_UNPACKED,
    Progress,
    Source,
)
from calc.tables.write import Section, write_tables


def _answer(compute: Callable[[Context], Result], context: Any) -> tuple[str, Result | None]:
    """The answer's JSON text and the result (None: the error's JSON)."""
    try:
        try:
            ctx = Context.model_validate(context or {})
        except ValidationError as exc:
            raise explain(exc, Context) from exc
        result = compute(ctx)
    except InputError as exc:
        return _json(exc.to_json()), None
    from calc.display import display  # the page's view of the result

    # The result's JSON as pydantic writes it, which for 100,000 rows takes a sixth of the
    # time of model_dump and json.dumps; the display is added as its last key.
    body = result.__pydantic_serializer__.to_json(result).decode()
    return f'{body.removesuffix("}")},"display":{_json(display(result))}}}', result


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


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
        return _answer(lambda ctx: compute(q, options, ctx), data.get("context"))
    except InputError as exc:
        return _json(exc.to_json()), None
    except ModuleNotFoundError:  # a wheel the browser loads on demand: the worker retries
        raise
    except Exception as exc:  # the worker shows this instead of a traceback
        return _json(internal(exc)), None


def download(name: str, result: Result, fmt: str) -> bytes:
    """A result of file question ``name`` as a CSV (UTF-8 with BOM) or XLSX file."""
    return write_tables(_file(name).export(result), fmt)


PAGE_TEXT = {
    "reading": "正在读取“{name}”……",
    "reading_many": "正在读取 {count} 个文件……",
    "progress": "已读取 {rows} 行……",
    "summing": "已读取 {rows} 行，正在汇总结果……",
    "file": "文件“{name}”；用时 {seconds} 秒",
    "files": "{count} 个文件；用时 {seconds} 秒",
    "pasted": "粘贴的表格.csv",
    "paste_empty": "粘贴框是空的",
    "paste_how": "请在表格软件中选中要计算的表格（连同表头一行）复制，粘贴到框中，"
    "再按“计算粘贴的表格”。",
    "many_stem": "多个文件",
    "forgotten": "上次使用的文件“{file}”不能在刷新后自动恢复（浏览器不允许），请重新选择；"
    "选项已保留。",
    "refused": "文件无法计算：{error}",
    "problem": "{where}：{what}",
    "mend": "请指明后重新计算",
    "mend_note": "选择保存在本浏览器中，以后的文件照此读取。",
    "ask_column": "“{title}”在哪一列？",
    "pick_column": "请选择文件中的列",
    "ask_word": "状态“{word}”算：",
    "pick": "请选择",
    "chosen": "按您的指定读取：{said}",
    "chosen_column": "{title} ← “{header}”",
    "chosen_present": "“{word}”算到课",
    "chosen_absent": "“{word}”算缺课",
    "chosen_sep": "；",
    "forget": "清除指定",
}
"""What the upload page (docs/assets/js/calc-upload.js) writes while it works, as templates:
``{name}`` and the like are filled with a file name or a plain number, nothing else."""


def describe(name: str) -> str:
    """What the page of file question ``name`` needs at run time, as JSON text: the limits
    (and the sentence stating them), whether several files are read at once, the titles of
    the columns and the meanings of status words the page may ask about, and the texts of
    :data:`PAGE_TEXT`. The page's choices are drawn at build time (scripts/calc_forms.py)."""
    from calc.questions.attendance_files import STATUS_TEXT
    from calc.tables.read import COLUMNS
    from calc.tables.xlsx import MB

    q = _file(name)
    rows = min(q.max_rows, BROWSER_MAX_ROWS)
    limits = {"max_bytes": BROWSER_MAX_BYTES, "max_rows": rows, "max_unpacked": XLSX_MAX_UNPACKED}
    big = (
        f"文件超过 {BROWSER_MAX_BYTES // MB} MB（“{{name}}”为 {{size}} MB）；"
        + "请用命令行工具处理大文件"
    )
    out = {
        "question": name,
        "title": q.title,
        "limits": limits,
        "limits_text": (
            f"上限：文件不超过 {BROWSER_MAX_BYTES // MB} MB、{rows:,} 行数据，XLSX 解压后不超过 "
            f"{round(XLSX_MAX_UNPACKED / MB):,} MB；更大的文件请用命令行工具。"
            "文件在本浏览器中读取，不会上传。"
        ),
        "too_big": InputError.one("文件", big).to_json(),
        "many": q.many is not None,
        "columns": {k: c.title for k, c in COLUMNS.items()},
        "meanings": {k: STATUS_TEXT[k] for k in ("present", "absent")},
        "text": PAGE_TEXT,
    }
    return json.dumps(out, ensure_ascii=False)
