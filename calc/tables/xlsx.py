"""The first worksheet of an XLSX as a stream of text rows, with the standard library only.

An XLSX is a zip of XML parts. :func:`open_sheet` checks the zip directory first (a ZIP bomb
is refused before anything is unpacked), then reads ``xl/_rels/workbook.xml.rels`` and
``xl/workbook.xml``: the first ``<sheet>`` that is not a chart sheet names the worksheet part
(``xl/worksheets/sheet1.xml`` if the relationships do not say), ``<workbookPr date1904>`` the
date system, and the relationships the optional shared-strings and styles parts. It reads the
shared strings, the date formats of the styles and the worksheet up to ``<sheetData>`` (for
its ``<dimension>``), and returns a :class:`Sheet`, whose rows are read as it is iterated.

Each part goes through expat (the parser under ElementTree) 16 KiB at a time with callbacks,
so no tree is built: memory is the row being read plus the shared strings, kept as one UTF-8
buffer with offsets. Tags are matched by local name, so either namespace (transitional or
strict) and any prefix is read. The rows and shared strings written as Excel, LibreOffice and
openpyxl write them are read instead by regular expressions, for a tenth of the work (the
fast path, :class:`_FastRows`): expat still reads the rest of the part, and any element they
do not take, so what is read, refused and named is the same.

Cells become the text :mod:`calc.tables` made of openpyxl's values: strings (shared, rich text
without phonetic runs, inline, formula results, errors such as ``#N/A``) as they are; booleans
是/否; a number written as an integer ("123") as it is, any other number as a
:class:`FloatCell` (digits may be lost); a number whose style is a date format as a date
(``2026-03-01``), date and time (``2026-03-01 09:30:00``), time or duration, also for the
Chinese built-in formats 27–36 and 50–58 that openpyxl does not know (a serial number outside
the dates stays a number). Rows and columns come from the ``r`` attributes, else follow on.

Bounds, each refused with an :class:`~calc.errors.InputError` naming the row, cell or shared
string: a string over :data:`CELL_MAX_CHARS`; shared strings over :data:`SHARED_MAX_CHARS` in
all (each also counts one for its place); a row past :data:`MAX_ROW` or a column past
:data:`MAX_COLUMN` (rows are never dropped); row numbers that do not increase; more than
:data:`RUN_MAX_BYTES` of XML without an element ending (a huge text, attribute or comment,
refused before it is held); nesting deeper than :data:`MAX_DEPTH`; a DTD (expat would expand
its entities). Any other fault of the bytes is a broken-file InputError.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from array import array
from collections.abc import Callable, Generator, Iterator, Mapping
from datetime import datetime, time, timedelta
from functools import partial
from itertools import chain
from typing import IO, NamedTuple
from xml.parsers import expat

from calc.errors import InputError

CELL_MAX_CHARS = 32_767  # Excel's own limit for one cell
SHARED_MAX_CHARS = 64 * 1024 * 1024  # total characters of the shared-strings table kept in memory
MAX_ROW = 1_048_576  # Excel's last row
MAX_COLUMN = 16_384  # Excel's last column (XFD)
RUN_MAX_BYTES = 1 << 20  # most XML bytes fed without any element ending
MAX_DEPTH = 100  # deepest nesting of elements (Excel writes fewer than 10 levels)
MB = 1024 * 1024
XLSX_MAX_RATIO = 100
"""Most times a part of an XLSX (of :data:`XLSX_RATIO_FROM` or more unpacked) may have
shrunk in the zip: a ZIP bomb shrinks hundreds of times."""
XLSX_RATIO_FROM = MB
"""Parts smaller than this unpacked are not held to :data:`XLSX_MAX_RATIO`."""

_CHUNK = 1 << 14  # small enough that rows before a CRC error at the end of a part are read
_MAX_ENTRIES = 65_536  # most styles, number formats and relationships kept
_DATE, _DELTA = 1, 2
_BUILTIN = {i: _DATE for i in (*range(14, 23), *range(27, 37), 45, 47, *range(50, 59))}
_BUILTIN[46] = _DELTA  # [h]:mm:ss
_WINDOWS, _MAC = datetime(1899, 12, 30), datetime(1904, 1, 1)
# as openpyxl.styles.numbers.is_date_format and is_timedelta_format
_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_CHAR = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_TIMEDELTA = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)
_FIX = "请用 Excel 打开后另存为 .xlsx，或重新导出"
_TAMPERED = "未读取；文件可能已损坏或被篡改"
_LONG = f"单元格超过 {CELL_MAX_CHARS:,} 个字符（Excel 的上限），{_TAMPERED}"

_Row = tuple[int, list[str], dict[int, str] | None, int]
"""A row read but not given out yet: number, cells, cells far past the others, width."""


class FloatCell(str):
    """A cell Excel stored as a floating-point number (so digits may be lost, e.g. an ID)."""


def _not_xlsx(why: str = "文件不完整或已损坏（例如下载未完成）；请重新导出或下载") -> InputError:
    return InputError.one("文件", f"不是有效的 XLSX 文件：{why}")


def _broken(where: str, what: str) -> InputError:
    return InputError.one(where, f"XLSX 文件已损坏，无法继续读取（{what}）；{_FIX}")


def _refuse_dtd(*_: object) -> None:
    raise InputError.one("文件", "XLSX 文件含有 DTD 声明，不是正常的表格文件，未读取")


def _too_deep(where: str) -> InputError:
    return InputError.one(where, f"XML 嵌套超过 {MAX_DEPTH} 层，不是正常的表格，{_TAMPERED}")


def _letters(column: int) -> str:
    out = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        out = chr(65 + rest) + out
    return out


def _format_kind(code: str) -> int:
    """_DATE or _DELTA for a date or duration number format, else 0 (as openpyxl decides)."""
    if len(code) > 255:  # Excel's limit; a longer one would be slow to scan
        return 0
    first = code.split(";")[0]
    if not _DATE_CHAR.search(_STRIP.sub("", first)):
        return 0
    return _DELTA if _TIMEDELTA.search(first) else _DATE


def _number(raw: str) -> str:
    """openpyxl reads "123" as an int, anything with a point or an exponent as a float."""
    if "." in raw or "E" in raw or "e" in raw:
        value = float(raw)
        return FloatCell(str(int(value)) if value.is_integer() else repr(value))
    return str(int(raw))


def _date(raw: str, kind: int, epoch: datetime) -> str:
    """A date-formatted number as openpyxl.utils.datetime.from_excel reads it, as text; a
    number outside the dates stays a number."""
    number = float(raw) if "." in raw or "E" in raw or "e" in raw else int(raw)
    try:
        if kind == _DELTA:
            delta = timedelta(days=number)
            if delta.microseconds:
                micro = round(delta.microseconds, -3)
                delta = timedelta(seconds=delta.total_seconds() // 1, microseconds=micro)
            return str(delta)
        day, fraction = divmod(number, 1)
        diff = timedelta(milliseconds=round(fraction * 86400 * 1000))
        if 0 <= number < 1 and diff.days == 0:
            minutes, seconds = divmod(diff.seconds, 60)
            return time(minutes // 60, minutes % 60, seconds, diff.microseconds).isoformat()
        if 0 < number < 60 and epoch == _WINDOWS:
            day += 1
        moment = epoch + timedelta(days=day) + diff
    except (OverflowError, ValueError):
        return _number(raw)
    return moment.date().isoformat() if moment.time() == time() else moment.isoformat(" ")


def _iso(raw: str) -> str:
    """A ``t="d"`` cell (ISO 8601, as strict OOXML writes dates); left as is if not one."""
    try:
        if "-" in raw:
            moment = datetime.fromisoformat(raw.rstrip("Z"))
            return moment.date().isoformat() if moment.time() == time() else moment.isoformat(" ")
        return time.fromisoformat(raw.rstrip("Z")).isoformat()
    except ValueError:
        return raw


def _plain_number(raw: str) -> str:
    """A number of no date style: "123" as it is (openpyxl reads an int), else :func:`_number`."""
    if raw.isdigit() and raw.isascii():
        return raw if raw[0] != "0" else str(int(raw))
    return _number(raw)


def _boolean(raw: str) -> str:
    return "是" if int(raw) else "否"


_Convert = Callable[[str, str], Callable[[str], str] | None]
"""``convert(type, style)``: what makes the ``<v>`` text of a cell of that ``t`` and ``s``
attribute (not empty, not over CELL_MAX_CHARS) the text given out; None: as it is."""


class _Cache(dict[str, str]):
    """Texts made by ``make`` from raw texts, kept (at most ``size``, those shorter than 100
    characters) so that ``cache.__getitem__`` gives one again without a call of Python code."""

    def __init__(self, make: Callable[[str], str], size: int) -> None:
        super().__init__()
        self._make, self._size = make, size

    def __missing__(self, raw: str) -> str:
        value = self._make(raw)
        if len(value) < 100:
            if len(self) >= self._size:
                self.clear()
            self[raw] = value
        return value


def _converters(
    strings: tuple[bytearray, array[int]], kinds: dict[str, int], epoch: datetime
) -> _Convert:
    """The :data:`_Convert` of a workbook: its shared strings, the date styles ``kinds`` (see
    :func:`_styles`), its date system."""
    blob, offsets = strings
    known = len(offsets) - 1

    def shared(raw: str) -> str:
        index = int(raw)
        if not 0 <= index < known:
            raise ValueError(f"no shared string {index}")
        return blob[offsets[index] : offsets[index + 1]].decode()

    # the strings and dates that come again and again
    strings_by_index = _Cache(shared, 16_384).__getitem__
    dates = {
        kind: _Cache(partial(_date, kind=kind, epoch=epoch), 4096).__getitem__
        for kind in (_DATE, _DELTA)
    }

    def convert(ctype: str, style: str) -> Callable[[str], str] | None:
        if ctype == "s":
            return strings_by_index
        if ctype == "n":
            kind = kinds.get(style)
            return dates[kind] if kind else _plain_number
        if ctype == "b":
            return _boolean
        return _iso if ctype == "d" else None  # "str", "e" and the unknown as they are

    return convert


def _parser(
    start: Callable[[str, dict[str, str]], object],
    end: Callable[[str], object],
    text: list[str],
) -> expat.XMLParserType:
    """An expat parser calling ``start(name, attributes)``, ``end(name)`` and appending the
    text to ``text``, which refuses a DTD."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text.append
    parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = _refuse_dtd
    return parser


def _unbroken(where: str) -> InputError:
    what = f"XML 中有超过 {RUN_MAX_BYTES // MB} MB 的内容不分段，不是正常的表格"
    return InputError.one(where, f"{what}，{_TAMPERED}")


class _FastPath(NamedTuple):
    """Elements of a part that regular expressions may read instead of expat (see
    :meth:`_Feeder.chunks`)."""

    tag: str
    """Their end tag ("</row>")."""
    ready: Callable[[], bool]
    """Whether one may come next: expat is within the element that holds them, and the last
    bytes it was given are the end tag of one (so it is not in a comment, a CDATA section
    or a tag)."""
    read: Callable[[str, int], int]
    """``read(text, at)`` reads those it can from ``text[at:]``, and returns where it stopped."""


class _Feeder:
    """Gives a part to expat a chunk at a time. A DTD is refused, and so is a run of more than
    RUN_MAX_BYTES bytes in which no element ended (``ends()`` counts them: the handlers clear
    their text when they count one, so it stays within that; ``where()`` names the place)."""

    def __init__(
        self,
        start: Callable[[str, dict[str, str]], object],
        end: Callable[[str], object],
        text: list[str],
        ends: Callable[[], int],
        where: Callable[[], str],
    ) -> None:
        self.parser = _parser(start, end, text)
        self.parser.XmlDeclHandler = self._declared
        self._ends, self._where = ends, where
        self.fed = 0  # bytes given to expat
        self._run = self._seen = 0
        self._utf8 = True  # as the XML declaration says
        self._failed = self._rest = 0  # see chunks()

    def _declared(self, version: str, encoding: str | None, standalone: int) -> None:
        self._utf8 = encoding is None or encoding.lower() == "utf-8"

    def feed(self, data: bytes) -> None:
        """Give expat ``data``, the next bytes of the part."""
        self.parser.Parse(data, False)
        self.fed += len(data)
        ends = self._ends()
        self._run, self._seen = (0 if ends != self._seen else self._run + len(data)), ends
        if self._run > RUN_MAX_BYTES:
            raise _unbroken(self._where())

    def chunks(self, part: IO[bytes], fast: _FastPath | None = None) -> Iterator[None]:
        """Feed ``part``, pausing after each chunk. Where ``fast.ready()`` (in a part in
        UTF-8), the whole elements that follow go to ``fast.read`` first, and those it leaves
        to expat one at a time; bytes of an element not complete wait for the next chunk (up
        to _PENDING_MAX of them). A part in UTF-16 is never ready: its tags are not the bytes
        searched for. When ``fast.read`` has read none of _GIVE_UP elements in a row (a sheet
        with a formula on every row), expat is given the next _REST bytes at once."""
        tag = b"" if fast is None else fast.tag.encode()
        pending = b""
        while chunk := part.read(_CHUNK):
            data, at = pending + chunk, 0
            if self._rest > 0:
                self._rest -= len(data)
                self.feed(data)
                at = len(data)
            while at < len(data):
                if fast is not None and self._utf8 and fast.ready():
                    found = data.rfind(tag, at)
                    if found < 0:
                        break
                    stop = found + len(tag)
                    try:
                        text = data[at:stop].decode()
                    except UnicodeDecodeError:
                        self.feed(data[at:stop])  # expat says where
                    else:
                        self._whole(text, fast)
                else:  # to the end of the next element (to be ready after it)
                    found = -1 if fast is None else data.find(tag, at)
                    stop = len(data) if found < 0 else found + len(tag)
                    self.feed(data[at:stop])
                at = stop
            pending = data[at:]
            if len(pending) > _PENDING_MAX:
                self.feed(pending)
                pending = b""
            yield
        self.feed(pending)
        self.parser.Parse(b"", True)

    def _whole(self, text: str, fast: _FastPath) -> None:
        """Whole elements (``text`` ends with an end tag): to ``fast.read`` where ready,
        else to expat one at a time."""
        at, end = 0, len(text)
        while at < end:
            if fast.ready():
                begun = at
                at = fast.read(text, at)
                if at > begun:
                    self._run = self._failed = 0  # elements ended
                else:
                    self._failed += 1
                    if self._failed == _GIVE_UP:
                        self._failed, self._rest = 0, _REST
                        self.feed(text[at:].encode())
                        return
                if at == end:
                    return
            stop = text.index(fast.tag, at) + len(fast.tag)
            self.feed(text[at:stop].encode())
            at = stop


def _parse(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    start: Callable[[str, dict[str, str]], object],
    end: Callable[[str], object],
    text: list[str],
    ends: Callable[[], int],
) -> Iterator[None]:
    """Feed a part to expat (see :class:`_Feeder`) a chunk at a time, pausing after each."""
    with archive.open(info) as part:
        yield from _Feeder(start, end, text, ends, lambda: "文件").chunks(part)


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, parse: Iterator[None]) -> None:
    """Run ``parse`` (of part ``info``) through."""
    try:
        for _ in parse:
            pass
    except expat.ExpatError as exc:
        raise _not_xlsx(f"“{info.filename}”的 XML 格式有误；{_FIX}") from exc


def _read_xml(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    starts: Mapping[str, Callable[[dict[str, str]], object]],
    ends: Mapping[str, Callable[[], object]] | None = None,
) -> None:
    """Parse a small part, calling ``starts[tag](attributes)`` and ``ends[tag]()``."""
    depth = count = 0
    text: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            raise _too_deep("文件")
        if handler := starts.get(name.rpartition(":")[2]):
            handler(attrs)

    def end(name: str) -> None:
        nonlocal depth, count
        depth, count = depth - 1, count + 1
        if ends and (handler := ends.get(name.rpartition(":")[2])):
            handler()
        text.clear()

    _read(archive, info, _parse(archive, info, start, end, text, lambda: count))


def _shared(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[bytearray, array[int]]:
    """The shared strings, as one UTF-8 buffer and where each string ends in it (a list of
    str would spend some 60 bytes more on each). Plain ones (one ``<t>``, no entity: see
    :data:`_TEXT`) are read by :data:`_SI`."""
    blob, offsets = bytearray(), array("Q", [0])
    text: list[str] = []
    parts: list[str] = []
    depth = count = size = chars = 0
    inside = item_end = -1  # the depth of <sst>; where expat read the last </si>
    phonetic = False

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth, size, phonetic, inside
        depth += 1
        if depth > MAX_DEPTH:
            raise _too_deep("文件")
        if name == "t":
            text.clear()
        elif name == "si":
            parts.clear()
            size = 0
        elif name == "rPh":
            phonetic = True
        elif name == "sst":
            inside = depth if depth + 2 <= MAX_DEPTH else -1  # <t> is 2 deeper
        elif ":" in name:
            depth -= 1
            start(name.rpartition(":")[2], attrs)

    def add(value: str) -> None:
        nonlocal chars
        chars += len(value) + 1
        if chars > SHARED_MAX_CHARS:
            what = f"共享字符串表超过 {SHARED_MAX_CHARS:,} 个字符，不是正常的表格"
            raise InputError.one("文件", f"{what}，{_TAMPERED}")
        blob.extend(value.encode())
        offsets.append(len(blob))

    def end(name: str) -> None:
        nonlocal depth, count, size, phonetic, inside, item_end
        depth, count = depth - 1, count + 1
        if name == "t" and not phonetic:
            parts.append("".join(text))
            size += len(parts[-1])
            if size > CELL_MAX_CHARS:
                raise InputError.one(f"共享字符串第{len(offsets):,}条", _LONG)
        elif name == "si":
            add("".join(parts).replace("x005F_", ""))  # as openpyxl reads them
            parts.clear()
            item_end = feeder.parser.CurrentByteIndex
        elif name == "rPh":
            phonetic = False
        elif name == "sst":
            inside = -1
        elif ":" in name:
            depth, count = depth + 1, count - 1
            end(name.rpartition(":")[2])
        text.clear()

    def read(chunk: str, at: int) -> int:
        while (found := _SI.match(chunk, at)) is not None:
            add(found.group(1).replace("x005F_", ""))
            at = found.end()
        return at

    def ready() -> bool:
        return depth == inside and item_end == feeder.fed - 5  # len("</si>")

    feeder = _Feeder(start, end, text, lambda: count, lambda: "文件")
    with archive.open(info) as part:
        _read(archive, info, feeder.chunks(part, _FastPath("</si>", ready, read)))
    return blob, offsets


def _styles(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> dict[str, int]:
    """The ``s`` attributes of cells that hold a date (_DATE) or a duration (_DELTA)."""
    custom: dict[int, int] = {}
    formats: list[int] = []
    inside = False  # within <cellXfs>

    def number(attrs: dict[str, str]) -> None:
        given = attrs.get("numFmtId", "")
        if len(custom) < _MAX_ENTRIES and given.isdecimal() and len(given) < 10:
            custom[int(given)] = _format_kind(attrs.get("formatCode", ""))

    def within(attrs: dict[str, str] | None = None) -> None:  # <cellXfs> begins, or ends
        nonlocal inside
        inside = attrs is not None

    def xf(attrs: dict[str, str]) -> None:
        if inside and len(formats) < _MAX_ENTRIES:
            given = attrs.get("numFmtId", "0")
            formats.append(int(given) if given.isdecimal() and len(given) < 10 else 0)

    _read_xml(archive, info, {"numFmt": number, "xf": xf, "cellXfs": within}, {"cellXfs": within})
    kinds = (custom[f] if f in custom else _BUILTIN.get(f, 0) for f in formats)
    return {str(i): kind for i, kind in enumerate(kinds) if kind}


def _check_zip(parts: list[zipfile.ZipInfo], max_unpacked: int | None) -> None:
    """Refuse an XLSX from its zip directory, before anything is unpacked: more than
    ``max_unpacked`` bytes declared in all, or a part that shrank more than
    :data:`XLSX_MAX_RATIO` times (a ZIP bomb)."""
    total = sum(p.file_size for p in parts)
    if max_unpacked is not None and total > max_unpacked:
        raise InputError.one(
            "文件",
            f"XLSX 文件解压后共 {total / MB:,.0f} MB，超过 {max_unpacked // MB:,} MB 的上限，"
            "未读取（可能是“压缩炸弹”或已损坏）；确实这么大的表格请用命令行工具 cqcalc 处理",
        )
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size >= XLSX_RATIO_FROM and ratio > XLSX_MAX_RATIO:
            raise InputError.one(
                "文件",
                f"XLSX 文件中的“{part.filename}”解压后是压缩时的 {ratio:,.0f} 倍"
                f"（正常表格不超过 {XLSX_MAX_RATIO} 倍），像是“压缩炸弹”，未读取；"
                "请确认文件来源后重新导出",
            )


def open_sheet(stream: IO[bytes], *, max_unpacked: int | None = None) -> Sheet:
    """The first worksheet of the XLSX in ``stream``, which must stay open while its rows
    are read. The zip directory is checked first: more than ``max_unpacked`` bytes declared
    in all, or a part that shrank more than :data:`XLSX_MAX_RATIO` times, is refused."""
    try:
        archive = zipfile.ZipFile(stream)
    except (InputError, MemoryError):
        raise
    except Exception as exc:
        raise _not_xlsx() from exc
    try:
        _check_zip(archive.infolist(), max_unpacked)
        sheet = Sheet(archive, stream)
    except (InputError, MemoryError):
        archive.close()
        raise
    except Exception as exc:
        archive.close()
        raise _not_xlsx() from exc
    sheet._start()
    return sheet


class Sheet:
    """The first worksheet (in workbook order, from xl/workbook.xml + its _rels) of an open
    XLSX. Iterate it once: rows are read from the zip as they are given out."""

    declared_rows: int | None
    """The last row of the ``<dimension ref="A1:K500">`` record if any (informative only,
    never trusted for reading)."""

    def __init__(self, archive: zipfile.ZipFile, stream: IO[bytes]) -> None:
        self.declared_rows = None
        self._archive, self._stream = archive, stream
        self._at = 1  # the row being read, for messages
        self._head = False  # <sheetData> has begun
        self._early: list[list[_Row]] = []  # what was read before it
        names = {info.filename.lower(): info for info in archive.infolist()}

        def part(target: str) -> zipfile.ZipInfo | None:
            path = target[1:] if target.startswith("/") else posixpath.join("xl", target)
            return names.get(posixpath.normpath(path).lower())

        rels: dict[str, tuple[str, str]] = {}

        def relation(attrs: dict[str, str]) -> None:
            if len(rels) < _MAX_ENTRIES and attrs.get("TargetMode") != "External":
                rels[attrs.get("Id", "")] = (attrs.get("Type", ""), attrs.get("Target", ""))

        if info := names.get("xl/_rels/workbook.xml.rels"):
            _read_xml(archive, info, {"Relationship": relation})
        if (book := names.get("xl/workbook.xml")) is None:
            raise _not_xlsx("缺少 xl/workbook.xml（不是 Excel 表格，或已损坏）；请重新导出或下载")
        sheets: list[str] = []  # the first worksheet's target ("" if the rels do not say)
        self._epoch = _WINDOWS

        def sheet(attrs: dict[str, str]) -> None:
            rid = next((v for k, v in attrs.items() if k.endswith(":id")), "")
            kind, target = rels.get(rid, ("", ""))
            if not sheets and "chartsheet" not in kind:  # openpyxl skips chart sheets too
                sheets.append(target)

        def properties(attrs: dict[str, str]) -> None:
            if attrs.get("date1904", "").lower() in ("1", "true"):
                self._epoch = _MAC

        _read_xml(archive, book, {"sheet": sheet, "workbookPr": properties})
        if not sheets:
            raise InputError.one("文件", "XLSX 文件里没有工作表")
        if (found := part(sheets[0] or "worksheets/sheet1.xml")) is None:
            raise _not_xlsx(f"缺少工作表“{(sheets[0] or 'worksheets/sheet1.xml')[:80]}”；{_FIX}")
        self._info = found

        def related(kind: str, default: str) -> zipfile.ZipInfo | None:
            targets = [t for k, t in rels.values() if k.endswith(kind)]
            return part(targets[0]) if targets else names.get(default)

        strings = related("/sharedStrings", "xl/sharedstrings.xml")
        self._strings = _shared(archive, strings) if strings else (bytearray(), array("Q", [0]))
        styles = related("/styles", "xl/styles.xml")
        self._kinds = _styles(archive, styles) if styles else {}
        self._batches = self._rows()

    def _start(self) -> None:
        """Read up to ``<sheetData>``, so that :attr:`declared_rows` is known."""
        try:
            while not self._head and (batch := next(self._batches, None)) is not None:
                self._early.append(batch)
        except (InputError, MemoryError):
            self._close()
            raise
        except Exception as exc:
            self._close()
            raise self._failure(exc) from exc

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        """(row number as the file numbers it, cells as text); rows with no cells may be
        skipped; row numbers strictly increase."""
        try:
            batches, self._early = chain(self._early, self._batches), []
            for batch in batches:
                batch.reverse()
                while batch:  # popped, so that a wide row is not kept once given out
                    number, cells, far, width = batch.pop()
                    if width > len(cells):
                        cells.extend([""] * (width - len(cells)))
                    if far:
                        for column, value in far.items():
                            cells[column - 1] = value
                    yield number, cells
        except (InputError, MemoryError):
            raise
        except Exception as exc:
            raise self._failure(exc) from exc
        finally:
            self._close()

    def share(self) -> float | None:
        """Share (0-1) of the worksheet part's compressed bytes read so far, for a progress
        bar; None if unknown."""
        try:
            done = self._stream.tell() - self._info.header_offset
        except (OSError, ValueError):
            return None
        size = self._info.compress_size
        return min(max(done / size, 0.0), 1.0) if size > 0 else None

    def _close(self) -> None:
        self._batches.close()
        self._archive.close()

    def _failure(self, exc: Exception) -> InputError:
        if isinstance(exc, expat.ExpatError):
            what = "工作表的 XML 格式有误"
        elif isinstance(exc, zipfile.BadZipFile | zlib.error | EOFError | OSError):
            what = "压缩数据损坏或不完整"
        else:
            what = "单元格内容无效"
        return _broken(f"第{self._at}行附近", what)

    def _column(self, ref: str | None, column: int) -> InputError:
        shown = f"位置“{ref[:20]}”" if ref else f"在第 {column:,} 列，"
        return InputError.one(
            f"第{self._at:,}行",
            f"单元格{shown}超出 Excel 的最大列 XFD（第 {MAX_COLUMN:,} 列），未读取；"
            "文件可能已损坏，请用 Excel 打开后另存为 .xlsx",
        )

    def _rows(self) -> Generator[list[_Row], None, None]:
        """The rows, a batch for each chunk of the part. Where expat is between two rows of
        ``<sheetData>``, the rows that follow go to :class:`_FastRows` as long as it reads
        them; expat reads the rest, one row at a time, with these handlers (written for speed
        too: a sheet with a formula on every row is read by them). Text is cleared, and an
        element end counted (see :func:`_parse`), at the end of every element but ``<c>``
        and ``<is>``."""
        batch: list[_Row] = []
        text: list[str] = []
        cells: list[str] = []
        far: dict[int, str] | None = None  # cells more than 64 columns past the others
        parts: list[str] | None = None  # the runs of an inline string
        depth = count = row = last = col = size = 0
        ctype, style, phonetic = "n", "0", False
        columns: dict[str, int] = {}
        convert = _converters(self._strings, self._kinds, self._epoch)
        shared = convert("s", "0")  # the most common, looked up once
        fast = _FastRows(convert)
        inside = row_end = -1  # the depth of <sheetData>; where expat read the last </row>

        def column(ref: str) -> int:
            letters = ref.rstrip("0123456789")
            key = letters.replace("$", "").upper()
            if not (key.isascii() and key.isalpha()):
                raise _broken(f"第{self._at}行附近", "单元格内容无效")
            number = 0
            for letter in key[:4]:
                number = number * 26 + ord(letter) - 64
            if number > MAX_COLUMN:
                raise self._column(ref, number)
            if len(columns) < _MAX_ENTRIES:
                columns[letters] = number
            return number

        def place(value: str) -> None:
            nonlocal far
            if len(value) > CELL_MAX_CHARS:
                raise InputError.one(f"第{self._at}行 第{_letters(col)}列", _LONG)
            n = len(cells)
            if col == n + 1:
                cells.append(value)
            elif col <= n:
                cells[col - 1] = value
            elif col - n <= 64:
                cells.extend([""] * (col - n - 1))
                cells.append(value)
            else:
                far = far or {}
                far[col] = value

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal depth, row, last, col, cells, far, ctype, style, parts, size, phonetic
            nonlocal inside
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(f"第{self._at}行附近")
            if name == "c":
                if ref := attrs.get("r"):
                    col = columns.get(ref.rstrip("0123456789")) or column(ref)
                elif (col := col + 1) > MAX_COLUMN:
                    raise self._column(None, col)
                ctype = attrs.get("t", "n")
                style = attrs.get("s", "0")
            elif name == "v" or name == "t":
                text.clear()
            elif name == "is":
                parts, size = [], 0
            elif name == "row":
                ref = attrs.get("r")
                number = last + 1 if ref is None else _row_number(ref, last)
                if row or number < 1:
                    raise _broken(f"第{self._at}行附近", "行中又有行" if row else "行号无效")
                if number <= last:
                    raise _broken(f"第{number}行附近", "行号重复或倒退")
                if number > MAX_ROW:
                    raise InputError.one(
                        f"第{number:,}行",
                        f"超出 Excel 的最大行数 {MAX_ROW:,}，未读取；"
                        "文件可能已损坏，请用 Excel 打开后另存为 .xlsx",
                    )
                row = last = self._at = number
                col, cells, far = 0, [], None
            elif name == "rPh":
                phonetic = True
            elif name == "dimension":
                found = re.search(r"(\d{1,10})\s*$", attrs.get("ref", "")[-40:])
                if found and self.declared_rows is None:
                    self.declared_rows = int(found.group(1))
            elif name == "sheetData":
                self._head = True
                inside = depth if depth + 4 <= MAX_DEPTH else -1  # rows' text is 4 deeper
            elif ":" in name:
                depth -= 1
                start(name.rpartition(":")[2], attrs)

        def end(name: str) -> None:
            nonlocal depth, count, row, cells, far, parts, size, phonetic, inside, row_end
            depth -= 1
            if name == "c":
                return
            if name == "v":
                raw = "".join(text)
                if ctype == "inlineStr":
                    pass
                elif not raw or len(raw) > CELL_MAX_CHARS:
                    place(raw)  # refused if too long
                else:
                    change = shared if ctype == "s" else convert(ctype, style)
                    value = raw if change is None else change(raw)
                    if col == len(cells) + 1:
                        cells.append(value)
                    else:
                        place(value)
            elif name == "t":
                if parts is not None and not phonetic:
                    parts.append("".join(text))
                    size += len(parts[-1])
                    if size > CELL_MAX_CHARS:
                        place("".join(parts))  # refuses it
            elif name == "is":
                if parts is not None and ctype == "inlineStr":
                    value = "".join(parts)  # not over CELL_MAX_CHARS: see "t"
                    if col == len(cells) + 1:
                        cells.append(value)
                    else:
                        place(value)
                parts = None
                return
            elif name == "row":
                if row:
                    width = max(len(cells), col, max(far) if far else 0)
                    if width:
                        batch.append((row, cells, far, width))
                    self._at = row + 1
                row, cells, far = 0, [], None
                row_end = feeder.parser.CurrentByteIndex
            elif name == "rPh":
                phonetic = False
            elif name == "sheetData":
                inside = -1
            elif ":" in name:
                depth += 1
                end(name.rpartition(":")[2])
                return
            count += 1
            text.clear()

        feeder = _Feeder(start, end, text, lambda: count, lambda: f"第{self._at}行附近")

        def ready() -> bool:
            return depth == inside and row_end == feeder.fed - 6 and not row  # len("</row>")

        def read(chunk: str, at: int) -> int:
            nonlocal last
            at, last = fast.read(chunk, at, last, batch)
            self._at = last + 1
            return at

        try:
            with self._archive.open(self._info) as part:
                for _ in feeder.chunks(part, _FastPath("</row>", ready, read)):
                    yield batch
                    batch = []
        except Exception:
            if batch:
                yield batch  # the rows before the fault come first
            raise
        if batch:
            yield batch


# ---- the fast path ----------------------------------------------------------------------------
# Rows and shared strings as Excel, LibreOffice and openpyxl write them (no formula, entity,
# comment or prefix; one space before each attribute) are read by the regular expressions
# below and never given to expat. _Feeder.chunks lets them read only where expat is between
# two such elements, and gives expat any they do not match, so expat still reads a whole
# document: the part without them, each a whole element. They take only text that expat
# passes on unchanged, so the cells are the same.

_TEXT = r"[^<&>\x00-\x08\x0b\x0c\x0e-\x1f\r\ufffe\uffff]"
"""A character of text as expat passes it on: no markup, no entity, no carriage return
(expat makes it a line feed), no character XML forbids, and no ">" (so no "]]>")."""
# (possessive repeats of a character, "*+": what follows each cannot be matched by it, so they
# never need to give back, and a template that does not match a row fails sooner; not of groups,
# which Python 3.11 gets wrong when they hold groups)
_VALUE = f"{_TEXT}{{1,{CELL_MAX_CHARS}}}+"
_ANY = f"{_TEXT}{{0,{CELL_MAX_CHARS}}}+"
_ROW_START = (
    r'[ \t\r\n]*+<row(?: r="([1-9][0-9]{0,6}+)")?'
    r'((?: [A-Za-z_][-.0-9A-Za-z_:]{0,63}+="[^"<&\x00-\x1f\ufffe\uffff]{0,63}+"){0,16})'
)
"""A row's start: its number, its other attributes (checked by :meth:`_FastRows._check`)."""
_CELL = (
    r'<c(?: r="([A-Z]{1,3}+)[0-9]{1,7}+")?((?: [st]="[0-9A-Za-z]{0,30}+"){0,2})'
    rf"(?:(/)>|>(?:<v>({_ANY})</v>|"
    r'(<is><t>|<is><t xml:space="preserve">)'
    rf"({_ANY})</t></is>)</c>)"
)
"""A cell: column letters, attributes, "/" if empty, the text of ``<v>``, or the opening of
an inline string and its text."""
_CELLS = re.compile(rf"{_CELL}|(.+)", re.S)
"""The cells of a row, then all that follows the first thing not a plain cell (the last group)."""
_ROW_HEAD = re.compile(rf"{_ROW_START}(/?)>")
_SI = re.compile(rf'[ \t\r\n]*+<si><t(?: xml:space="preserve")?>({_ANY})</t></si>')
"""A plain shared string."""
_NAMES = re.compile(r' ([^=]+)="[^"]*"')
_KINDS = re.compile(r' ([st])="([^"]*)"')
_PENDING_MAX = 1 << 16  # most bytes of a row kept for the fast path before expat reads them
_TEMPLATES = 64  # most templates of a sheet
_TEMPLATE_MAX_CELLS = 100  # wider rows are read cell by cell
_SEEN = 64  # most shapes seen once kept
_RECENT = 4  # templates tried on a row before it is read cell by cell
_GIVE_UP, _REST = 8, 1 << 18  # see _Feeder.chunks
_CHECKED = 1024  # most cell and row attributes kept
# the end of a cell's pattern in a template, past its attributes: a group for the text read
# (an empty one if none is), as in Sheet._rows
_V_READ = f"><v>({_VALUE})</v></c>"
_V_UNREAD = f"><v>{_VALUE}</v></c>()"  # the <v> of an inline-string cell
_INLINE = {  # by the opening of <is>, then whether the cell is an inline string
    opening: (
        f">{re.escape(opening)}{_ANY}</t></is></c>()",
        f">{re.escape(opening)}({_ANY})</t></is></c>",
    )
    for opening in ("<is><t>", '<is><t xml:space="preserve">')
}


_Shape = tuple[tuple[int, str, str, str], ...]
"""A row's cells: the columns skipped before each, its letters, attributes, end of pattern."""


class _Template(NamedTuple):
    """The pattern of a row shape: its groups are the row number, the row's other attributes,
    then one per cell from column A."""

    match: Callable[[str, int], re.Match[str] | None]
    """The match method of the pattern."""
    plan: tuple[tuple[int, Callable[[str], str]], ...]
    """The cells (by index) whose text is converted, and how."""


class _FastRows:
    """The fast path of a sheet's rows. A row is matched by one of the last few templates that
    matched, else read cell by cell (:data:`_ROW_HEAD`, :data:`_CELLS`), which finds its
    shape; the second row of a shape makes its template. A row matched by a template costs
    about a tenth of the instructions of expat's handlers, one read cell by cell half."""

    def __init__(self, convert: _Convert) -> None:
        self._convert = convert
        self._templates: dict[_Shape, _Template] = {}
        self._recent: list[_Template] = []  # tried in turn, the last that matched first
        self._seen: set[_Shape] = set()  # shapes seen once
        self._columns: dict[str, int] = {}
        self._kinds: dict[str, tuple[bool, Callable[[str], str] | None] | None] = {}
        self._checked: dict[str, bool] = {}  # row attributes

    def read(self, text: str, at: int, last: int, batch: list[_Row]) -> tuple[int, int]:
        """Read the plain rows from ``text[at:]`` into ``batch``, until one is not plain, is
        numbered out of order, or has a cell that cannot be read (expat reads it again and
        names the fault). Return where it stopped and the last row number read."""
        recent, checked, append = self._recent, self._checked, batch.append
        template: _Template | None
        while True:
            for template in recent:
                found = template.match(text, at)
                if found is not None:
                    break
            else:
                found = _ROW_HEAD.match(text, at)
                if found is None:
                    return at, last
                template = None
            values = found.groups()  # the number, other attributes, then the cells (or "/")
            number = int(values[0]) if values[0] else last + 1
            if not last < number <= MAX_ROW:
                return at, last
            if values[1] and not (checked.get(values[1]) or self._check(values[1])):
                return at, last
            try:
                if template is None:
                    stop, cells = self._cells(text, found)
                    if cells is None:
                        return at, last
                else:
                    if template is not recent[0]:
                        recent.remove(template)
                        recent.insert(0, template)
                    stop, cells = found.end(), list(values[2:])
                    for i, change in template.plan:
                        cells[i] = change(cells[i])
            except Exception:  # expat reads the row again and names the fault
                return at, last
            if cells:
                append((number, cells, None, len(cells)))
            last, at = number, stop

    def _cells(self, text: str, head: re.Match[str]) -> tuple[int, list[str] | None]:
        """Where the row of start tag ``head`` ends, and its cells read one by one: None if
        they are not all plain, or one is not after the one before, is more than 64 columns
        past it (Sheet._rows keeps those apart) or past XFD, or has an attribute twice.
        Learns the row's shape."""
        if head.group(3):  # <row/>
            return head.end(), []
        end = text.index("</row>", head.end())  # (the text ends with one)
        cells: list[str] = []
        shape: list[tuple[int, str, str, str]] = []
        plan: list[tuple[int, Callable[[str], str]]] = []
        columns, kinds = self._columns, self._kinds
        column = 0
        found = _CELLS.findall(text, head.end(), end)
        if found and found[-1][-1]:
            return end, None
        for letters, attributes, empty, raw, opening, inline, _ in found:
            number = (columns.get(letters) or self._column(letters)) if letters else column + 1
            kind = kinds[attributes] if attributes in kinds else self._kind(attributes)
            if kind is None or not column < number <= column + 64 or number > MAX_COLUMN:
                return end, None
            inline_string, change = kind
            if number > column + 1:
                cells.extend([""] * (number - column - 1))
            if empty:
                tail, value = "/>()", ""
            elif opening:  # the text of <is> is read in an inline-string cell only
                tail, value = _INLINE[opening][inline_string], inline if inline_string else ""
            elif not raw:
                tail, value = "><v></v></c>()", ""
            elif inline_string:  # nor the text of <v> in one
                tail, value = _V_UNREAD, ""
            else:
                if change is not None:
                    plan.append((len(cells), change))
                tail, value = _V_READ, raw if change is None else change(raw)
            shape.append((number - column - 1, letters, attributes, tail))
            cells.append(value)
            column = number
        if 0 < len(shape) <= _TEMPLATE_MAX_CELLS:
            self._learn(tuple(shape), tuple(plan))
        return end + 6, cells

    def _learn(self, shape: _Shape, plan: tuple[tuple[int, Callable[[str], str]], ...]) -> None:
        """Put the template of ``shape`` first, making it if the shape was seen before."""
        template = self._templates.get(shape)
        if template is None:
            if shape not in self._seen:
                if len(self._seen) >= _SEEN:
                    self._seen.clear()
                self._seen.add(shape)
                return
            if len(self._templates) >= _TEMPLATES:
                return
            self._seen.discard(shape)
            pieces = (
                "()" * skipped  # an empty group for each column skipped
                + (f'<c r="{letters}[0-9]{{1,7}}+"' if letters else "<c")
                + re.escape(attributes)
                + tail
                for skipped, letters, attributes, tail in shape
            )
            pattern = re.compile(f"{_ROW_START}>{''.join(pieces)}</row>")
            template = self._templates[shape] = _Template(pattern.match, plan)
        if template in self._recent:
            self._recent.remove(template)
        self._recent.insert(0, template)
        del self._recent[_RECENT:]

    def _column(self, letters: str) -> int:
        number = 0
        for letter in letters:
            number = number * 26 + ord(letter) - 64
        self._columns[letters] = number  # (at most 26³ keys)
        return number

    def _kind(self, attributes: str) -> tuple[bool, Callable[[str], str] | None] | None:
        """Whether a cell's attributes make it an inline string, and how the text of its
        ``<v>`` is converted (see :data:`_Convert`); None if one is given twice."""
        given = _KINDS.findall(attributes)
        found = dict(given)
        ctype = found.get("t", "n")
        kind = None
        if len(found) == len(given):
            kind = (ctype == "inlineStr", self._convert(ctype, found.get("s", "0")))
        if len(self._kinds) >= _CHECKED:
            self._kinds.clear()
        self._kinds[attributes] = kind
        return kind

    def _check(self, attributes: str) -> bool:
        """Whether a row's attributes (past ``r``) are each given once, and no ``r``."""
        names = _NAMES.findall(attributes)
        ok = "r" not in names and len(set(names)) == len(names)
        if len(self._checked) >= _CHECKED:
            self._checked.clear()
        self._checked[attributes] = ok
        return ok


def _row_number(ref: str, last: int) -> int:
    """A row's ``r`` attribute as openpyxl reads it ("12", or "12.0")."""
    try:
        return int(ref)
    except ValueError:
        pass
    try:
        number = float(ref)
    except ValueError:
        number = 0.5
    if number.is_integer():
        return int(number)
    raise _broken(f"第{last + 1}行附近", "行号无效")
