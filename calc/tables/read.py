"""Reading the tables an institution's platform exports: CSV or XLSX, as a stream of rows.

CSV is read in UTF-8 (with or without BOM), UTF-16 with a BOM, or GBK/GB18030: the first
64 KB decide (UTF-8 if they decode as UTF-8, else GB18030, which contains GBK), and the
result names the encoding used. XLSX is read by :mod:`calc.tables.xlsx` (the standard
library, streamed, with bounds on cells, shared strings and rows). Chinese headers are
mapped to canonical fields (:data:`COLUMNS`); the header may follow up to
:data:`HEADER_SCAN` - 1 title rows. Rows come one at a time (no file is held in memory
whole; a CSV line is at most :data:`CSV_MAX_LINE` characters); row numbers are the
spreadsheet's, the first line being row 1. Every problem is an :class:`InputError`
naming the row and the column as the file wrote it (第12行 列“学时”). A ``progress``
callback hears every :data:`PROGRESS_EVERY` rows how many were read and what share of
the file that is.

Broken files get a Chinese message, not a traceback: a truncated or corrupt XLSX, a
worksheet whose XML is broken, a ZIP bomb (an XLSX whose zip directory declares more than
:data:`XLSX_MAX_UNPACKED` in the browser, or a part that shrank more than
:data:`~calc.tables.xlsx.XLSX_MAX_RATIO` times), a CSV whose encoding changes part-way
(the first bad line is named), two columns for one field (both are named).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from pydantic_core import PydanticCustomError

from calc.errors import InputError
from calc.models import number_text
from calc.result import Result
from calc.tables.xlsx import MB, FloatCell, open_sheet

BROWSER_MAX_BYTES = 50 * 1024 * 1024
"""Largest file the browser accepts (50 MB); the CLI streams files of any size."""
BROWSER_MAX_ROWS = 1_000_000
"""Most data rows the browser accepts; the CLI has no row limit."""
BROWSER = {"max_rows": BROWSER_MAX_ROWS, "max_bytes": BROWSER_MAX_BYTES}
XLSX_MAX_UNPACKED = 20 * BROWSER_MAX_BYTES
"""Most bytes an XLSX may unpack to when ``max_bytes`` is given (1000 MB, as the zip
directory declares them; Python's zipfile reads no part past its declared size, so a
directory that lies gives a CRC error, not more bytes). Ordinary worksheets shrink 15–20
times, so a 50 MB workbook stays under it."""
_CHANGED_AFTER = 6
HEADER_SCAN = 10
"""The header is the first of the first 10 rows that has every required column."""
MAX_COLUMNS = 500
CSV_MAX_LINE = 1024 * 1024
"""Longest line of a CSV file, in characters (a real export's lines are under 10,000)."""
PROGRESS_EVERY = 2000
"""Rows between two calls of a ``progress`` callback."""
_HEAD = 65536

Progress = Callable[[int, float | None], object]
"""``progress(rows, share)``: data rows read so far and the share of the file read
(0–1; None when unknown, e.g. an XLSX without a dimension record)."""


@dataclass(frozen=True)
class Column:
    """A canonical field and the headers that mean it (compared after :func:`header_key`)."""

    key: str
    title: str
    names: tuple[str, ...]


_ATTENDED: tuple[str, ...] = ("签到", "到课", "出勤", "是否签到", "是否到课", "是否出勤")
_ATTENDED += ("签到状态", "签到情况", "到课情况", "出勤情况", "考勤", "attended")
_ATTENDED += ("考勤状态", "出勤状态", "到课状态", "状态", "考勤结果", "签到结果", "考勤情况")
COLUMNS: dict[str, Column] = {
    c.key: c
    for c in (
        Column("name", "姓名", ("姓名", "学员姓名", "学员", "名字", "name")),
        Column(
            "id_number",
            "身份证号",
            ("身份证号", "身份证号码", "证件号码", "证件号", "公民身份号码", "身份证", "id_number"),
        ),
        Column("course", "课程", ("课程", "课程名称", "course")),
        Column("session", "课次", ("课次", "场次", "课节", "节次", "session")),
        Column("date", "日期", ("日期", "上课日期", "签到日期", "培训日期", "date")),
        Column("hours", "课时", ("课时", "学时", "课时数", "学时数", "hours")),
        Column("attended", "签到", _ATTENDED),
        Column("phone", "手机号", ("手机号", "手机号码", "手机", "联系电话", "电话", "phone")),
        Column("sex", "性别", ("性别", "sex")),
        Column("group", "人员类别", ("人员类别", "人员类型", "群体", "group")),
        Column("class_name", "班级", ("班级", "班级名称", "班次", "class")),
        Column("sign_in", "签到时间", ("签到时间", "打卡时间", "签到时刻", "进入时间", "sign_in")),
        Column("sign_out", "签退时间", ("签退时间", "离开时间", "退出时间", "sign_out")),
        Column("minutes", "学习时长", ("学习时长", "观看时长", "在线时长", "minutes")),
        Column("seq", "序号", ("序号", "编号")),
    )
}
_BY_NAME = {name: c.key for c in COLUMNS.values() for name in c.names}

PRESENT: tuple[str, ...] = ("是", "√", "✓", "✔", "1", "已签到", "签到", "已签", "已到", "到课")
PRESENT += ("已到课", "出勤", "正常", "yes", "y", "true")
LATE: tuple[str, ...] = ("迟到", "早退", "迟到早退", "迟到、早退", "迟到/早退")
"""Present for part of the session: counted as present or absent by the ``late_early`` reading."""
ABSENT: tuple[str, ...] = ("否", "×", "✗", "✘", "x", "0", "未签到", "未签", "缺勤", "未到")
ABSENT += ("未到课", "缺课", "缺席", "旷课", "请假", "事假", "病假", "no", "n", "false")
YES, NO = PRESENT + LATE, ABSENT
PRESENCE: dict[str, str] = {
    **dict.fromkeys(PRESENT, "present"), **dict.fromkeys(LATE, "late"),
    **dict.fromkeys(ABSENT, "absent"),
}  # fmt: skip
"""What a word in an attendance or status column says: present, late (or left early), absent."""
_SUFFIX = re.compile(r"\(.*\)$")


def header_key(text: str) -> str:
    """A header as compared: NFKC (full-width → half-width), no spaces, no ``*`` marks,
    no trailing ``(…)`` note, lower case: ``＊课时（小时）`` → ``课时``."""
    text = "".join(unicodedata.normalize("NFKC", text).split()).strip("*")
    return _SUFFIX.sub("", text).lower()


def clean(text: str) -> str:
    """A cell as compared: NFKC (full-width digits and letters → ASCII), trimmed."""
    return unicodedata.normalize("NFKC", text).strip() if not text.isascii() else text.strip()


def presence(text: str) -> str | None:
    """``是``/``√``/``1``/``已签到``/``正常`` → ``present``; ``迟到``/``早退`` → ``late``;
    ``否``/``×``/``0``/``未签到``/``缺勤``/``旷课``/``请假`` → ``absent``; anything else → None."""
    got = PRESENCE.get(text)
    return got if got is not None else PRESENCE.get(clean(text).lower())


def number(text: str) -> Decimal | None:
    """A non-negative number as :func:`calc.models.number_text` reads one (half- or
    full-width digits, a decimal point, thousands separators; not ``²`` or ``٣``), or None."""
    try:
        read = number_text(text)
    except PydanticCustomError:
        return None
    return None if read.startswith("-") else Decimal(read)


def id_stored_as_number(line: int, header: str) -> InputError:
    """An XLSX ID cell that Excel stored as a number (so its last digits are lost)."""
    return InputError.one(
        f"第{line}行 列“{header}”",
        "身份证号被 Excel 存成了数字，末几位已经丢失；请把该列设为“文本”后重新填写或导出",
    )


def bad_value(line: int, header: str, what: str, got: str) -> InputError:
    """``第12行 列“课时”：应为数字（收到“两”）``."""
    shown = got if len(got) <= 30 else got[:30] + "…"
    return InputError.one(f"第{line}行 列“{header}”", f"{what}（收到“{shown}”）")


SKIPPED_BLANK = "空行，已跳过"
SKIPPED_TITLE = "在表头之前（标题行），已跳过"
SKIPPED_EXTRA = "在表头以外的列还有内容，这些单元格未使用"
SKIPPED_OUTSIDE = "的内容都在表头以外的列，整行未使用"
SKIPPED_TOTAL = "是合计行，已跳过"
_TOTAL = re.compile(r"\s*(合\s*计|总\s*计|小\s*计|共\s*计)\s*[:：]?")
_TOTAL_START = set("合总小共 \u3000")
"""The first characters of a totals row's first cell (spaces: the pattern allows them)."""
LISTED_ROWS = 10
"""Rows named for each reason a row or cell was left out; the rest are counted."""


class Skipped:
    """Rows, or cells of rows, left out while reading a table: for each reason, how many
    and the first :data:`LISTED_ROWS` row numbers."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.rows: dict[str, list[int]] = {}

    def add(self, reason: str, line: int) -> None:
        self.counts[reason] = self.counts.get(reason, 0) + 1
        rows = self.rows.setdefault(reason, [])
        if len(rows) < LISTED_ROWS:
            rows.append(line)

    def notes(self) -> list[str]:
        """``第3、7行：在表头以外的列还有内容，这些单元格未使用`` (``…等 12 行`` past ten)."""
        out = []
        for reason, count in self.counts.items():
            rows = "、".join(str(r) for r in self.rows[reason])
            more = f"行等 {count:,} 行" if count > len(self.rows[reason]) else "行"
            out.append(f"第{rows}{more}{reason}")
        return out


@dataclass
class Table:
    """An open table: how it was read, its columns, and an iterator of (row number, cells).

    ``columns`` maps canonical keys to cell indexes; every row has at least
    ``len(headers)`` cells (short rows are padded with empty strings)."""

    kind: str
    encoding: str
    headers: list[str]
    columns: dict[str, int]
    rows: Iterator[tuple[int, list[str]]]
    ignored: list[str] = field(default_factory=list)
    skipped: Skipped = field(default_factory=lambda: Skipped())

    def header(self, key: str) -> str:
        """The file's own header for ``key``, as messages name it."""
        return self.headers[self.columns[key]]

    def describe(self) -> dict[str, Any]:
        """What the result reports about the file (read once its rows have been read)."""
        used = {k: self.headers[i] for k, i in self.columns.items()}
        mapping = [[COLUMNS[k].title, header] for k, header in used.items()]
        return {"format": self.kind, "encoding": self.encoding, "columns": used,
                "mapping": mapping, "ignored_columns": self.ignored,
                "notes": self.skipped.notes()}  # fmt: skip


def report(result: Result, source: dict[str, Any]) -> Result:
    """``result`` with what was read from the file (``source``, from :meth:`Table.describe`)
    in ``data["source"]``, and what was left out of it said in the summary too, so that no
    surface can miss it."""
    result.data["source"] = source
    if source["notes"]:
        result.summary += "。读取文件时：" + "；".join(source["notes"])
    return result


Source = bytes | bytearray | memoryview | IO[bytes]


def read_table(
    source: Source,
    required: Sequence[Sequence[str]],
    *,
    name: str = "",
    max_rows: int | None = None,
    max_bytes: int | None = None,
    progress: Progress | None = None,
    columns: Mapping[str, str] | None = None,
) -> Table:
    """Open a CSV or XLSX table. ``required`` lists, for each needed field, the
    canonical keys that may stand for it (``[["name"], ["session", "date"]]``);
    ``columns`` says which header is which field where the synonyms do not (field key or
    title → the file's header: ``{"签到": "考勤结果"}``)."""
    chosen = _chosen(columns or {})
    if isinstance(source, bytes | bytearray | memoryview):
        stream: IO[bytes] = io.BytesIO(source)
    else:
        stream = source
    if not stream.seekable():
        stream = io.BytesIO(stream.read())
    start = stream.tell()
    size = stream.seek(0, io.SEEK_END) - start
    stream.seek(start)
    if size == 0:
        raise InputError.one("文件", "文件是空的")
    if max_bytes is not None and size > max_bytes:
        raise InputError.one(
            "文件",
            f"文件超过 {max_bytes // MB} MB（本文件 {size / MB:.1f} MB）；"
            "请用命令行工具 cqcalc 处理大文件",
        )
    head = stream.read(_HEAD)
    stream.seek(start)
    share: Callable[[int], float | None]
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _old_excel(head)
    if head.startswith(b"PK\x03\x04") or name.lower().endswith(".xlsx"):
        sheet = open_sheet(stream, max_unpacked=None if max_bytes is None else XLSX_MAX_UNPACKED)
        kind, label, raw = "xlsx", "XLSX", iter(sheet)
        fail = _failure(label)

        def share(line: int) -> float | None:
            return sheet.share()

    else:
        kind = "csv"
        codec, label = _encoding(head)
        raw = _csv_rows(stream, codec, head)
        fail = _failure(label, stream, start, codec)

        def share(line: int) -> float | None:
            return min((stream.tell() - start) / size, 1.0)

    headers, found, ignored, line, titles = _find_header(raw, required, fail, chosen)
    skipped = Skipped()
    for title in titles:
        skipped.add(SKIPPED_TITLE, title)
    rows = _data(raw, line, len(headers), max_rows, fail, skipped)
    if progress is not None:
        rows = _reporting(rows, progress, share)
    return Table(kind, label, headers, found, rows, ignored, skipped)


def _old_excel(head: bytes) -> InputError:
    """An OLE2 file: a password-protected XLSX (its package is encrypted inside one) or a
    workbook of Excel 97–2003 (.xls), whatever its name says."""
    if "EncryptedPackage".encode("utf-16-le") in head:
        said = "文件设有打开密码，无法读取；请在 Excel 中取消密码后另存为 .xlsx"
    else:
        said = "这是旧版 Excel（.xls）文件（或设有打开密码的文件），不支持；请另存为 .xlsx 或 CSV"
    return InputError.one("文件", said)


def _reporting(
    rows: Iterator[tuple[int, list[str]]], progress: Progress, share: Callable[[int], float | None]
) -> Iterator[tuple[int, list[str]]]:
    """``rows``, calling ``progress`` every :data:`PROGRESS_EVERY` rows and at the end."""
    count = 0
    for row in rows:
        count += 1
        if not count % PROGRESS_EVERY:
            progress(count, share(row[0]))
        yield row
    progress(count, 1.0)


def _encoding(head: bytes) -> tuple[str, str]:
    """(codec, label) decided from the first bytes. When whole lines of them are one
    encoding and a later line is not, that line is named (the encoding changed)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "UTF-8（带 BOM）"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "UTF-16"
    for codec, label, wide in (("utf-8", "UTF-8", "\u0800"), ("gb18030", "GBK/GB18030", "\x80")):
        try:
            codecs.getincrementaldecoder(codec)().decode(head, final=False)
        except UnicodeDecodeError as exc:
            line = _changed_at(head, exc.start, codec, wide)
            if line:
                raise InputError.one(f"第{line}行", _undecodable(label)) from exc
            continue
        return codec, label
    raise InputError.one("文件", "无法识别文件编码：既不是 UTF-8，也不是 GBK/GB18030")


def _changed_at(head: bytes, bad: int, codec: str, wide: str) -> int | None:
    """The line of byte ``bad`` if the whole lines before it are ``codec`` text with at
    least :data:`_CHANGED_AFTER` characters from ``wide`` up (for UTF-8 three-byte ones:
    a few GBK characters may form one by chance, six in a row hardly ever do)."""
    before = head[: head.rfind(b"\n", 0, bad) + 1]
    try:
        text = before.decode(codec)
    except UnicodeDecodeError:
        return None
    if sum(ch >= wide for ch in text) < _CHANGED_AFTER:
        return None
    return before.count(b"\n") + 1


def _undecodable(label: str) -> str:
    return f"有无法按 {label} 解码的字节（文件编码前后不一致或已损坏）"


def _csv_rows(stream: IO[bytes], codec: str, head: bytes) -> Raw:
    text = io.TextIOWrapper(stream, encoding=codec, newline="")
    sample = head.decode(codec, errors="ignore")
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    return enumerate(csv.reader(_lines(text), delimiter=delimiter), 1)


def _lines(text: IO[str]) -> Iterator[str]:
    """The lines of a text, none longer than :data:`CSV_MAX_LINE` characters: a longer one
    is refused once that much is read, so memory stays bounded (a file with no line break)."""
    number = 0
    while line := text.readline(CSV_MAX_LINE + 1):
        number += 1
        if len(line) > CSV_MAX_LINE:
            raise InputError.one(
                f"第{number}行",
                f"一行超过 {CSV_MAX_LINE:,} 个字符，未读取；文件可能已损坏，或不是考勤、花名册表格",
            )
        yield line


def is_float_cell(cell: str) -> bool:
    """Whether an XLSX cell held a floating-point number (a long ID stored as a number)."""
    return isinstance(cell, FloatCell)


Failure = Callable[[Exception, int], InputError]


def _failure(
    label: str, stream: IO[bytes] | None = None, start: int = 0, codec: str = ""
) -> Failure:
    """How a decoding or CSV error met near row ``line`` is reported. Text is decoded
    in chunks, so for a decoding error the file is scanned again for the exact line."""

    def fail(exc: Exception, line: int) -> InputError:
        where = f"第{line}行附近"
        if isinstance(exc, UnicodeDecodeError):
            found = _bad_line(stream, start, codec) if stream and codec != "utf-16" else None
            where = f"第{found}行" if found else where
            what = _undecodable(label)
        elif "field larger" in str(exc):
            what = "单元格过长"
        else:
            what = f"CSV 格式有误（{exc}）"
        return InputError.one(where, what)

    return fail


def _bad_line(stream: IO[bytes], start: int, codec: str) -> int | None:
    stream.seek(start)
    for number, line in enumerate(stream, 1):
        try:
            line.decode(codec)
        except UnicodeDecodeError:
            return number
    return None


Raw = Iterator[tuple[int, list[str]]]
"""A file's rows as read: (row number, cells as text), blank rows possibly left out."""


def _chosen(columns: Mapping[str, str]) -> dict[str, str]:
    """The user's column choices as {compared header: field key}; a field named by its key
    or its title (``签到``); unknown fields refused, listing the known ones."""
    by_title = {c.title: c.key for c in COLUMNS.values()} | {k: k for k in COLUMNS}
    out = {}
    for field_name, header in columns.items():
        key = by_title.get(field_name.strip())
        if key is None:
            known = "、".join(c.title for c in COLUMNS.values())
            raise InputError.one("指定的列", f"没有名为“{field_name}”的字段；可用：{known}")
        out[header_key(header)] = key
    return out


def _find_header(
    raw: Raw,
    required: Sequence[Sequence[str]],
    fail: Failure,
    chosen: dict[str, str],
) -> tuple[list[str], dict[str, int], list[str], int, list[int]]:
    """The header row: the first of the first rows that has every required column; also
    the rows before it that were not blank (titles)."""
    first: list[str] | None = None
    titles: list[int] = []
    line = 0
    try:
        for line, cells in raw:
            if len(cells) > MAX_COLUMNS:
                raise InputError.one(f"第{line}行", f"超过 {MAX_COLUMNS} 列")
            headers = [c.strip() for c in cells]
            while headers and not headers[-1]:
                headers.pop()
            if not headers:
                continue
            first = first or headers
            columns, ignored = _map(headers, line, chosen)
            if all(any(k in columns for k in need) for need in required):
                return headers, columns, ignored, line, titles
            titles.append(line)
            if line >= HEADER_SCAN:
                break
    except (UnicodeDecodeError, csv.Error) as exc:
        raise fail(exc, line + 1) from exc
    if first is None:
        raise InputError.one("文件", "文件是空的（没有表头和数据）")
    have = _map(first, 1, chosen)[0]
    lacking = [need for need in required if not any(k in have for k in need)]
    missing = "、".join("或".join(f"“{COLUMNS[k].title}”" for k in need) for need in lacking)
    found = "、".join(f"“{h}”" for h in first if h)
    unfound = [h for h in chosen if h not in {header_key(x) for x in first}]
    said = f"缺少必需的列：{missing}；找到的列：{found}"
    if unfound:
        said += "；指定的列在表头中没有：" + "、".join(f"“{h}”" for h in unfound)
    fields = [{"key": k, "title": COLUMNS[k].title, "required": any(k in n for n in lacking)}
              for k in dict.fromkeys(k for need in required for k in need)]  # fmt: skip
    raise InputError([("表头", said)], {"headers": [h for h in first if h], "fields": fields})


def _map(headers: list[str], line: int, chosen: dict[str, str]) -> tuple[dict[str, int], list[str]]:
    """Canonical key → index; the unrecognised headers. The user's choices come first (a
    field they chose is not also found by its synonyms); two columns for one field is an
    error."""
    columns: dict[str, int] = {}
    ignored = []
    taken = set(chosen.values())
    for index, header in enumerate(headers):
        compared = header_key(header)
        key = chosen.get(compared)
        if key is None:
            key = _BY_NAME.get(compared)
            key = None if key in taken else key
        if key is None:
            if header:
                ignored.append(header)
            continue
        if key in columns:
            other = headers[columns[key]]
            raise InputError.one(
                f"第{line}行 表头",
                f"列“{other}”（第{columns[key] + 1}列）和列“{header}”（第{index + 1}列）"
                f"都表示“{COLUMNS[key].title}”；请删除或改名其中一列",
            )
        columns[key] = index
    return columns, ignored


def _data(
    raw: Raw, line: int, width: int, max_rows: int | None, fail: Failure, skipped: Skipped
) -> Iterator[tuple[int, list[str]]]:
    """Data rows after the header: blank rows skipped and counted, short rows padded,
    cells past the header's columns counted (when not blank) and left unused. An
    ordinary row (full width, a first cell that cannot start a totals row) costs two
    comparisons and a look-up; every other row takes :func:`_unusual`."""
    limit = 1 << 62 if max_rows is None else line + max_rows
    try:
        for row in raw:
            line, cells = row
            first = cells[0] if cells else ""
            if len(cells) != width or not first or first[0] in _TOTAL_START:
                fixed = _unusual(line, cells, width, skipped)
                if fixed is None:
                    continue
                row = (line, fixed)
            if line > limit:
                raise InputError.one("文件", f"超过 {max_rows:,} 行；请用命令行工具处理大文件")
            yield row
    except (UnicodeDecodeError, csv.Error) as exc:
        raise fail(exc, line + 1) from exc


def _unusual(line: int, cells: list[str], width: int, skipped: Skipped) -> list[str] | None:
    """A row :func:`_data` does not pass through as it is: padded when short, or None
    (noted in ``skipped``) when it is blank, a totals row, or all outside the header."""
    if len(cells) != width:
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        elif any(c.strip() for c in cells[width:]):
            outside = not any(c.strip() for c in cells[:width])
            skipped.add(SKIPPED_OUTSIDE if outside else SKIPPED_EXTRA, line)
            if outside:
                return None
    if not cells[0] and not any(c.strip() for c in cells):
        skipped.add(SKIPPED_BLANK, line)
        return None
    first = cells[0] or cells[1] if width > 1 else cells[0]
    if first[:1] in _TOTAL_START and _TOTAL.match(first):
        skipped.add(SKIPPED_TOTAL, line)
        return None
    return cells
