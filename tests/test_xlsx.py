"""calc.tables.xlsx: the streaming XLSX reader reads what openpyxl reads (as calc.tables turns it
into text), and refuses, with a Chinese message naming where, what it must not hold in
memory. No test here measures time: the bounds are checked by counts and by tracemalloc."""

from __future__ import annotations

import io
import os
import re
import struct
import tracemalloc
import warnings
import zipfile
from datetime import date, datetime, time, timedelta
from typing import Any
from xml.sax.saxutils import escape, unescape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]
from openpyxl.styles.numbers import (  # type: ignore[import-untyped]
    BUILTIN_FORMATS,
    is_date_format,
    is_timedelta_format,
)
from openpyxl.utils.datetime import CALENDAR_MAC_1904  # type: ignore[import-untyped]

import calc.tables.xlsx as xlsx
from calc.errors import InputError
from calc.tables.read import is_float_cell
from calc.tables.xlsx import (
    _BUILTIN,
    CELL_MAX_CHARS,
    MAX_COLUMN,
    MAX_DEPTH,
    MAX_ROW,
    MB,
    RUN_MAX_BYTES,
    SHARED_MAX_CHARS,
    XLSX_MAX_RATIO,
    FloatCell,
    _format_kind,
    open_sheet,
)


def _text(value: object) -> str:
    """An openpyxl value as the reader before calc.tables.xlsx made it text (the reference)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return FloatCell(str(int(value)) if value.is_integer() else repr(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
SHEET = "xl/worksheets/sheet1.xml"
SST = "xl/sharedStrings.xml"
SST_REL = (
    '<Relationship Id="rIdS" Target="sharedStrings.xml" Type="http://schemas.openxmlformats.org'
    '/officeDocument/2006/relationships/sharedStrings"/></Relationships>'
)
SST_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
BROKEN = "XLSX 文件已损坏，无法继续读取（{}）；请用 Excel 打开后另存为 .xlsx，或重新导出"
Rows = dict[int, tuple[list[str], list[bool]]]


# ---- making workbooks -----------------------------------------------------------------------


def save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def blank() -> bytes:
    """An openpyxl workbook of one empty sheet, to put hand-written parts into."""
    book = Workbook()
    book.active["A1"] = 1
    return save(book)


def rebuild(data: bytes, changes: dict[str, Any]) -> bytes:
    """A copy of the zip ``data`` with parts replaced (bytes or str), changed (a function of
    the old text) or removed (None). A new sharedStrings.xml is related and declared."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    if SST in changes and SST not in parts:
        rels, types = "xl/_rels/workbook.xml.rels", "[Content_Types].xml"
        parts[rels] = parts[rels].replace(b"</Relationships>", SST_REL.encode())
        parts[types] = parts[types].replace(b"</Types>", SST_TYPE.encode())
    for name, new in changes.items():
        if callable(new):
            new = new(parts[name].decode())
        if new is None:
            parts.pop(name, None)
        else:
            parts[name] = new.encode() if isinstance(new, str) else new
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, body in parts.items():
            dst.writestr(name, body)
    return out.getvalue()


def with_sheet(data: bytes, rows: str, head: str = "", ns: str = MAIN) -> bytes:
    """``data`` with a worksheet whose <sheetData> holds ``rows``."""
    sheet = f'<worksheet xmlns="{ns}">{head}<sheetData>{rows}</sheetData></worksheet>'
    return rebuild(data, {SHEET: sheet})


def sst(*items: str) -> str:
    body = "".join(f"<si>{item}</si>" for item in items)
    return f'<sst xmlns="{MAIN}" count="{len(items)}" uniqueCount="{len(items)}">{body}</sst>'


INLINE = re.compile(
    r'<c r="([A-Z]+\d+)"((?: s="\d+")?) t="inlineStr"><is><t(?: xml:space="preserve")?>'
    r"(.*?)</t></is></c>",
    re.S,
)


def to_shared(data: bytes, rich: bool = False) -> bytes:
    """openpyxl writes inline strings; Excel writes shared ones: move every string into
    sharedStrings.xml, as rich text in two runs with a phonetic run if ``rich``."""
    sheet = zipfile.ZipFile(io.BytesIO(data)).read(SHEET).decode()
    strings: dict[str, int] = {}

    def share(found: re.Match[str]) -> str:
        index = strings.setdefault(found.group(3), len(strings))
        return f'<c r="{found.group(1)}"{found.group(2)} t="s"><v>{index}</v></c>'

    sheet = INLINE.sub(share, sheet)
    items = []
    for text in strings:
        plain = unescape(text)
        if rich and plain:
            half = len(plain) // 2
            first, rest = escape(plain[:half]), escape(plain[half:])
            items.append(
                f'<r><rPr><b/></rPr><t xml:space="preserve">{first}</t></r>'
                f'<rPh sb="0" eb="1"><t>ヨミ</t></rPh><r><t xml:space="preserve">{rest}</t></r>'
                '<phoneticPr fontId="1"/>'
            )
        else:
            items.append(f'<t xml:space="preserve">{text}</t>')
    return rebuild(data, {SHEET: sheet, SST: sst(*items)})


# ---- reading them ---------------------------------------------------------------------------


def by_openpyxl(data: bytes) -> Rows:
    """The non-empty rows as calc.tables made them of openpyxl's values."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = book.worksheets[0]
    sheet.reset_dimensions()
    out: Rows = {}
    for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
        cells = [_text(v) for v in values]
        if any(cells):
            out[number] = (cells, [is_float_cell(c) for c in cells])
    book.close()
    return out


def by_reader(data: bytes, **options: Any) -> Rows:
    rows = open_sheet(io.BytesIO(data), **options)
    out: Rows = {}
    for number, cells in rows:
        assert all(type(c) in (str, FloatCell) for c in cells)
        if any(cells):
            out[number] = (cells, [isinstance(c, FloatCell) for c in cells])
    return out


def texts(data: bytes, **options: Any) -> dict[int, list[str]]:
    return {n: cells for n, (cells, _) in by_reader(data, **options).items()}


def refusal(data: bytes, **options: Any) -> str:
    """The one problem reading ``data`` meets, as ``where：what``."""
    with pytest.raises(InputError) as caught:
        for _ in open_sheet(io.BytesIO(data), **options):
            pass
    [(where, what)] = caught.value.problems
    return f"{where}：{what}"


def mixed_book(write_only: bool = False, epoch_1904: bool = False) -> bytes:
    book = Workbook(write_only=write_only)
    if epoch_1904:
        book.epoch = CALENDAR_MAC_1904
    sheet = book.create_sheet() if write_only else book.active
    rows: list[list[Any]] = [
        ["姓名", "身份证号", "课时", "签到", "日期", "时间", "备注"],
        [" 张三", 110101199003077777, 4, True, date(2026, 3, 1), datetime(2026, 3, 1, 9, 30)],
        ["李四😀", "110101199003077777", 4.5, False, datetime(2026, 3, 2), time(9, 30, 15)],
        [None, None, None],
        ["王五", 1.2345e17, -3, None, datetime(1900, 1, 15, 12), time(0, 0, 0, 500_000)],
        ["", 0.1 + 0.2, 10**20, 1e-7, date(1904, 1, 2), timedelta(hours=30, minutes=5)],
    ]
    for row in rows:
        sheet.append(row)
    for _ in range(3):
        sheet.append([])
    sheet.append([None, None, None, "间隔之后", None, None, None, None, None, "第十列"])
    return save(book)


# ---- the same text as openpyxl ---------------------------------------------------------------


@pytest.mark.parametrize("write_only", [False, True])
@pytest.mark.parametrize("epoch_1904", [False, True])
@pytest.mark.parametrize("strings", ["inline", "shared", "rich"])
def test_reads_what_openpyxl_reads(write_only: bool, epoch_1904: bool, strings: str) -> None:
    data = mixed_book(write_only, epoch_1904)
    if strings != "inline":
        data = to_shared(data, rich=strings == "rich")
    expected = by_openpyxl(data)
    assert by_reader(data) == expected
    assert set(expected) == {1, 2, 3, 5, 6, 10}
    assert expected[2][0][:6] == [
        " 张三",
        "110101199003077792",  # %.16g, as openpyxl writes floats
        "4",
        "是",
        "2026-03-01",
        "2026-03-01 09:30:00",
    ]
    assert expected[2][1][1]  # the ID stored as a number is a float cell


def test_formula_error_boolean_and_gaps_written_by_hand() -> None:
    rows = (
        '<row r="2" spans="1:9"><c r="A2"><f>1+1</f><v>2</v></c>'
        '<c r="B2" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="C2" t="e"><v>#N/A</v></c>'
        '<c r="D2" t="b"><v>0</v></c><c r="E2" s="1"/><c r="G2" t="s"><v>0</v></c>'
        '<c r="I2" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r></is></c></row>'
        "<row><c><v>7</v></c><c/><c><v>1.50</v></c></row>"  # no r: row 3, columns A, B, C
        '<row r="5"><c r="B5" t="n"><v>110101199003077777.0</v></c><c r="D5"><v>1E+3</v></c>'
        '<c r="E5" t="d"><v>2026-03-01T09:30:00</v></c><c r="F5" t="d"><v>2026-03-01</v></c>'
        '<c r="G5"><v></v></c><c r="H5" t="s"/><c r="I5" t="inlineStr"><v>x</v></c></row>'
    )
    data = rebuild(with_sheet(blank(), rows), {SST: sst("<t>共享</t>")})
    assert by_reader(data) == by_openpyxl(data)
    assert texts(data) == {
        2: ["2", "ab", "#N/A", "否", "", "", "共享", "", "富文本"],
        3: ["7", "", "1.5"],
        5: ["", "110101199003077776", "", "1000", "2026-03-01 09:30:00", "2026-03-01", "", "", ""],
    }


def test_dates_by_style_including_chinese_builtin_formats() -> None:
    formats = [0, 14, 22, 27, 31, 32, 46, 57, 2, 164, 165]
    xfs = "".join(f'<xf numFmtId="{f}" fontId="0" fillId="0" borderId="0"/>' for f in formats)
    styles = (
        f'<styleSheet xmlns="{MAIN}"><numFmts count="2">'
        '<numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
        '<numFmt numFmtId="165" formatCode="[Red]0.00;&quot;d&quot;"/></numFmts>'
        f'<cellXfs count="{len(formats)}">{xfs}</cellXfs></styleSheet>'
    )
    cells = "".join(f'<c s="{i}"><v>46082.5</v></c>' for i in range(len(formats)))
    data = rebuild(with_sheet(blank(), f"<row>{cells}</row>"), {"xl/styles.xml": styles})
    noon = "2026-03-01 12:00:00"
    assert texts(data)[1] == [
        "46082.5",
        noon,
        noon,
        noon,
        noon,
        noon,
        "46082 days, 12:00:00",
        noon,
        "46082.5",
        noon,
        "46082.5",
    ]
    # openpyxl agrees except on the Chinese built-in formats, which it does not know
    theirs = by_openpyxl(data)[1][0]
    assert [t for i, t in enumerate(theirs) if formats[i] not in (27, 31, 32, 57)] == [
        t for i, t in enumerate(texts(data)[1]) if formats[i] not in (27, 31, 32, 57)
    ]
    # a serial number outside the dates stays a number; a time of day is a time
    far = '<row><c s="1"><v>1e10</v></c><c s="1"><v>-1e12</v></c><c s="1"><v>0.75</v></c></row>'
    data = rebuild(with_sheet(blank(), far), {"xl/styles.xml": styles})
    assert texts(data)[1] == ["10000000000", "-1000000000000", "18:00:00"]


def test_strict_namespace_and_prefixes() -> None:
    rows = '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>严格</x:t></x:is></x:c>'
    rows += '<x:c r="C1"><x:v>3</x:v></x:c></x:row>'
    sheet = f'<x:worksheet xmlns:x="{STRICT}"><x:sheetData>{rows}</x:sheetData></x:worksheet>'
    assert texts(rebuild(blank(), {SHEET: sheet})) == {1: ["严格", "", "3"]}
    assert texts(
        with_sheet(blank(), '<row><c t="inlineStr"><is><t>s</t></is></c></row>', ns=STRICT)
    )


def test_first_worksheet_in_workbook_order_and_dimension() -> None:
    book = Workbook()
    book.active.title = "一"
    book.active["A1"] = "第一张"
    book.create_sheet("二")["A1"] = "第二张"
    book.move_sheet("二", offset=-1)
    data = save(book)
    assert texts(data) == {1: ["第二张"]}
    book = Workbook()
    book.active["A1"] = "表"
    book.create_chartsheet("图", 0)  # openpyxl skips chart sheets, and so does the reader
    assert texts(save(book)) == {1: ["表"]}  # (openpyxl fails on an empty chart sheet)
    head = '<dimension ref="A1:K500"/>'
    sheet = open_sheet(io.BytesIO(with_sheet(blank(), "<row><c><v>1</v></c></row>", head)))
    assert sheet.declared_rows == 500 and sheet.share() is not None
    assert list(sheet) == [(1, ["1"])]
    assert sheet.share() == 1.0
    assert list(sheet) == []  # read once


ILLEGAL = "".join(map(chr, [*range(0, 9), 11, 12, *range(14, 32)]))
VALUES = st.one_of(
    st.none(),
    st.text(
        st.characters(blacklist_categories=["Cs"], blacklist_characters=ILLEGAL), max_size=8
    ).filter(lambda s: not s.startswith("=")),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(date(1900, 1, 1)),
    st.datetimes(datetime(1900, 1, 1)),
    st.times(),
    st.timedeltas(timedelta(days=-10_000), timedelta(days=10_000)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cells=st.dictionaries(st.tuples(st.integers(1, 25), st.integers(1, 12)), VALUES, max_size=40),
    strings=st.sampled_from(["inline", "shared", "rich"]),
    epoch_1904=st.booleans(),
)
def test_random_tables_read_back_as_openpyxl_reads_them(
    cells: dict[tuple[int, int], Any], strings: str, epoch_1904: bool
) -> None:
    book = Workbook()
    if epoch_1904:
        book.epoch = CALENDAR_MAC_1904
    for (row, column), value in cells.items():
        book.active.cell(row, column, value)
    data = save(book)
    if strings != "inline":
        data = to_shared(data, rich=strings == "rich")
    assert by_reader(data) == by_openpyxl(data)


def openpyxl_kind(code: str) -> int:
    if not is_date_format(code):
        return 0
    return 2 if is_timedelta_format(code) else 1


def test_date_formats_as_openpyxl_decides() -> None:
    for number, code in BUILTIN_FORMATS.items():
        assert _format_kind(code) == openpyxl_kind(code) == _BUILTIN.get(number, 0), code
    assert all(_BUILTIN[n] == 1 for n in (*range(27, 37), *range(50, 59)))  # zh-CN 年月日
    assert _format_kind('"[h]"' * 100) == 0  # over 255 characters: not a format


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from('dmyhsDMYHS0#.;_\\"[]:@ -/年月日AP'), max_size=30))
def test_any_format_code_as_openpyxl_decides(code: str) -> None:
    assert _format_kind(code) == openpyxl_kind(code)


def test_style_zero_and_styles_that_are_not_dates() -> None:
    """A cell without ``s`` has style 0, which may be a date format; other styles keep
    numbers as they are."""
    styles = (
        f'<styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="14"/><xf numFmtId="3"/>'
        "</cellXfs></styleSheet>"
    )
    cells = '<row><c><v>46082</v></c><c s="1"><v>46082</v></c><c s="1"><v>007</v></c></row>'
    data = rebuild(with_sheet(blank(), cells), {"xl/styles.xml": styles})
    assert texts(data) == {1: ["2026-03-01", "46082", "7"]}
    assert by_reader(data) == by_openpyxl(data)


def lie_about_size(data: bytes, name: str, size: int) -> bytes:
    """``data`` whose zip directory (both headers) says part ``name`` unpacks to ``size``."""
    raw = bytearray(data)
    struct.pack_into(
        "<I", raw, zipfile.ZipFile(io.BytesIO(data)).getinfo(name).header_offset + 22, size
    )
    at = raw.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack_from("<H", raw, at + 28)[0]
        if raw[at + 46 : at + 46 + length] == name.encode():
            struct.pack_into("<I", raw, at + 24, size)
        at = raw.find(b"PK\x01\x02", at + 4)
    return bytes(raw)


def test_a_zip_directory_that_lies_stops_at_the_row_reached() -> None:
    data = lie_about_size(xlsx_rows(3000), SHEET, 64 * 1024)
    shares = []
    sheet = open_sheet(io.BytesIO(data))
    with pytest.raises(InputError) as caught:
        for _ in sheet:
            shares.append(sheet.share())
    [(where, what)] = caught.value.problems
    assert where.startswith("第") and where.endswith("行附近")
    assert 100 < int(where[1:-3]) < 3000 and len(shares) == int(where[1:-3]) - 1
    assert what == BROKEN.format("压缩数据损坏或不完整")


def test_share_of_the_sheet_read() -> None:
    sheet = open_sheet(io.BytesIO(xlsx_rows(20_000)))
    shares = [sheet.share() or 0.0 for number, _ in sheet if number % 1000 == 0]
    assert shares == sorted(shares) and 0 < shares[0] < 0.5 and shares[-1] > 0.9
    assert sheet.share() == 1.0


# ---- the fast path: the cells expat's handlers read, with a tenth of the work ----------------

FAST_STYLES = (
    f'<styleSheet xmlns="{MAIN}"><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/>'
    '<xf numFmtId="49"/><xf numFmtId="46"/></cellXfs></styleSheet>'
)  # s="1" a date, s="2" text, s="3" a duration
FAST_SST = sst("<t>共享</t>", '<t xml:space="preserve"> 空格 </t>', "<t>x005F_y</t>", "<t/>")
PLAIN_CELLS = [  # as Excel, LibreOffice and openpyxl write them: read by the fast path
    '<c r="{c}" t="s"><v>0</v></c>',
    '<c r="{c}" s="2" t="s"><v>1</v></c>',
    '<c r="{c}" t="s"><v>2</v></c>',
    '<c r="{c}"><v>12</v></c>',
    '<c r="{c}" s="0" t="n"><v>007</v></c>',
    '<c r="{c}" t="n"><v>1.5E+17</v></c>',  # a float cell
    '<c r="{c}" s="1"><v>46082.5</v></c>',  # a date and time
    '<c r="{c}" s="1"><v>59.25</v></c>',  # 1900-02-28 06:00, before the leap year that was not
    '<c r="{c}" s="1"><v>0.75</v></c>',  # a time of day
    '<c r="{c}" s="1"><v>1e10</v></c>',  # no date: a number
    '<c r="{c}" s="3"><v>1.0000115740740741</v></c>',  # a duration
    '<c r="{c}" t="inlineStr"><is><t>行内 文本😀</t></is></c>',
    '<c r="{c}" t="inlineStr"><is><t xml:space="preserve"> 前后空格 </t></is></c>',
    '<c r="{c}" t="inlineStr"><is><t>a\tb\nc</t></is></c>',
    '<c r="{c}" t="b"><v>1</v></c>',
    '<c r="{c}" t="b"><v>0</v></c>',
    '<c r="{c}" t="e"><v>#N/A</v></c>',
    '<c r="{c}" t="str"><v>公式结果</v></c>',
    '<c r="{c}" t="d"><v>2026-03-01T09:30:00</v></c>',
    '<c r="{c}" s="1"/>',  # empty
    '<c r="{c}"><v></v></c>',
    "<c><v>3</v></c>",  # no r: the next column
    '<c r="{c}" t="inlineStr"><v>不读</v></c>',  # the <v> of an inline string is not read
    '<c r="{c}" t="s"><is><t>不读</t></is></c>',  # nor the <is> of another cell
    '<c r="{c}" t="zz"><v>未知类型</v></c>',
]
ODD_CELLS = [  # read by expat, whatever the rows around them
    '<c r="{c}"><f>1+1</f><v>2</v></c>',  # a formula and its cached value
    '<c r="{c}" t="inlineStr"><is><r><t>富</t></r><r><rPr><b/></rPr><t>文本</t></r></is></c>',
    '<c r="{c}" t="inlineStr"><is><t>读音</t><rPh sb="0" eb="1"><t>ヨミ</t></rPh></is></c>',
    '<c r="{c}" t="str"><v>a&amp;b&#x41;&lt;</v></c>',
    '<c r="{c}" t="str"><v>回车\r\n换行</v></c>',
    '<c r="{c}" t="str"><v><![CDATA[</row><row r="99">]]></v></c>',
    '<c r="{c}" t="str"><!-- </c></row> --><v>注释</v></c>',
    '<c r="{c}" t="s" cm="1"><v>0</v></c>',
    '<c r="{c}" s="1" t="n" ><v>46082</v></c>',
    '<c r="{c}" t="s" t="n"><v>0</v></c>',  # an attribute twice: not XML
    '<c r="${c}"><v>1</v></c>',
    '<c r="{c}" t="s"><v>99</v></c>',  # no such shared string
    '<c r="{c}" t="n"><v>七</v></c>',  # not a number
    '<c r="{c}"><v>1</v>\n</c>',
    '<c r="{c}"><v>1</v></c><c r="{c}"><v>2</v></c>',  # twice the same column
    '<c r="{c}" t="inlineStr"><is><t>\x01</t></is></c>',  # a character XML forbids
    '<c r="{c}" t="str"><v>\ufffe</v></c>',
    '<c r="{c}" t="str"><v>]]></v></c>',
]
ROWS = [  # the start tag of a row numbered {n}
    '<row r="{n}">',
    '<row r="{n}" spans="1:9" x14ac:dyDescent="0.25">',  # Excel
    '<row r="{n}" customFormat="false" ht="12.8" hidden="false" customHeight="false" '
    'outlineLevel="0" collapsed="false">',  # LibreOffice
    "<row>",
    '<row r="{n}" r="{n}">',  # not XML
    '<row spans="1:2" r="{n}">',
    '<row r="{n}" ht="12.8" ht="13">',
    '\n  <row r="{n}" spans="1:9">',
]


def fast_book(rows: list[str], epoch_1904: bool = False) -> bytes:
    """A workbook of FAST_STYLES and FAST_SST whose sheet holds ``rows``."""
    book = with_sheet(blank(), "".join(rows))
    changes: dict[str, Any] = {SST: FAST_SST, "xl/styles.xml": FAST_STYLES}
    if epoch_1904:
        changes["xl/workbook.xml"] = lambda old: re.sub(
            "<workbookPr[^>]*>|(?=<bookViews>)", '<workbookPr date1904="1"/>', old, count=1
        )
    return rebuild(book, changes)


def row(n: int, cells: list[str], start: str = '<row r="{n}">') -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    body = "".join(cell.format(c=f"{letters[i]}{n}") for i, cell in enumerate(cells))
    return start.format(n=n) + body + "</row>"


class Counted:
    """What expat was given of the parts read (bytes), the rows the fast path read, and the
    times it read none."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.fed = self.fast = self.none = 0
        feed, read = xlsx._Feeder.feed, xlsx._FastRows.read

        def counted_feed(feeder: xlsx._Feeder, data: bytes) -> None:
            self.fed += len(data)
            feed(feeder, data)

        def counted_read(fast: Any, text: str, at: int, last: int, batch: list[Any]) -> Any:
            before = len(batch)
            done = read(fast, text, at, last, batch)
            self.fast += len(batch) - before
            self.none += len(batch) == before
            return done

        monkeypatch.setattr(xlsx._Feeder, "feed", counted_feed)
        monkeypatch.setattr(xlsx._FastRows, "read", counted_read)


def all_of(data: bytes) -> tuple[list[tuple[int, list[str], list[bool]]], list[tuple[str, str]]]:
    """Every row read (with which cells are float cells), then the problem met if any."""
    rows = []
    try:
        for number, cells in open_sheet(io.BytesIO(data)):
            rows.append((number, cells, [isinstance(c, FloatCell) for c in cells]))
    except InputError as exc:
        return rows, exc.problems
    return rows, []


def by_expat(data: bytes) -> tuple[list[tuple[int, list[str], list[bool]]], list[tuple[str, str]]]:
    """:func:`all_of` with the fast path off: every row and shared string read by expat."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(xlsx._FastRows, "read", lambda fast, text, at, last, batch: (at, last))
        patch.setattr(xlsx, "_SI", re.compile("(?!)"))
        return all_of(data)


@pytest.mark.parametrize("epoch_1904", [False, True])
@pytest.mark.parametrize("cell", PLAIN_CELLS + ODD_CELLS)
def test_each_cell_reads_the_same_by_the_fast_path_and_by_expat(
    cell: str, epoch_1904: bool
) -> None:
    plain = ['<c r="{c}" t="s"><v>0</v></c>', '<c r="{c}"><v>5</v></c>']
    rows = [row(n, plain) for n in (1, 2)] + [row(3, [*plain, cell, *plain])]
    rows += [row(n, plain) for n in (4, 5)]
    data = fast_book(rows, epoch_1904)
    assert all_of(data) == by_expat(data)
    # (openpyxl refuses t="zz", and makes a serial number past the dates #VALUE!)
    if cell in PLAIN_CELLS and "zz" not in cell and "1e10" not in cell:
        assert by_reader(data) == by_openpyxl(data)


@pytest.mark.parametrize("start", ROWS)
def test_each_row_start_reads_the_same(start: str) -> None:
    cells = PLAIN_CELLS[:6]
    data = fast_book([row(n, cells, start) for n in range(1, 6)])
    assert all_of(data) == by_expat(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from([1, 1, 1, 1, 2, 0, -1]),  # the row number after the one before
            st.sampled_from(ROWS[:4]),
            st.lists(st.sampled_from(PLAIN_CELLS * 4 + ODD_CELLS), max_size=9),
            st.sampled_from(["", "", "", "<!-- </row> -->", "<![CDATA[x]]>", "<?pi </row>?>"]),
        ),
        max_size=40,
    ),
    epoch_1904=st.booleans(),
    declaration=st.sampled_from(["", '<?xml version="1.0" encoding="UTF-8"?>']),
)
def test_random_sheets_read_the_same_by_the_fast_path_and_by_expat(
    rows: list[tuple[int, str, list[str], str]], epoch_1904: bool, declaration: str
) -> None:
    number, made = 0, []
    for step, start, cells, between in rows:
        number += step
        made.append(between + row(number, cells, start))
    data = fast_book(made, epoch_1904)
    if declaration:
        data = rebuild(data, {SHEET: lambda old: declaration + old})
    assert all_of(data) == by_expat(data)


def test_the_fast_path_reads_what_excel_libreoffice_and_openpyxl_write(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each way of writing 2,000 rows: read as openpyxl reads them, and expat is given
    less than 2% of the sheet and shared strings."""
    inline = xlsx_rows(2000)  # openpyxl: inline strings
    shared = to_shared(inline)  # shared strings, as Excel writes them
    excel = rebuild(
        shared,
        {SHEET: lambda old: re.sub(r'<row r="(\d+)">', r'<row r="\1" spans="1:3">', old)},
    )
    cells = ['<c r="{c}" s="0" t="s"><v>0</v></c>', '<c r="{c}" s="1" t="n"><v>46082</v></c>']
    start = ROWS[2]
    libreoffice = fast_book([row(n, cells, start) for n in range(1, 2001)])
    for data in (inline, shared, excel, libreoffice):
        counted = Counted(monkeypatch)
        assert by_reader(data) == by_openpyxl(data)
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            size = sum(book.getinfo(p).file_size for p in (SHEET, SST) if p in book.namelist())
        assert counted.fed < size / 50 and counted.fast >= 1998, (counted.fed, size, counted.fast)


def test_a_sheet_not_in_utf8_is_read_by_expat(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="str"><v>café {n}</v></c></row>' for n in (1, 2, 3))
    sheet = f'<?xml version="1.0" encoding="ISO-8859-1"?><worksheet xmlns="{MAIN}">'
    sheet += f"<sheetData>{rows}</sheetData></worksheet>"
    data = rebuild(blank(), {SHEET: sheet.encode("latin-1")})
    counted = Counted(monkeypatch)
    assert texts(data) == {n: [f"café {n}"] for n in (1, 2, 3)} and counted.fast == 0
    utf16 = sheet.replace("ISO-8859-1", "UTF-16").encode("utf-16")
    assert texts(rebuild(blank(), {SHEET: utf16})) == {n: [f"café {n}"] for n in (1, 2, 3)}


def test_a_formula_on_every_row_costs_the_fast_path_a_few_tries(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After _GIVE_UP rows in a row it could not read, expat reads the next _REST bytes at
    once; then the plain rows are the fast path's again."""
    formula = ['<c r="{c}"><f>1+1</f><v>2</v></c>', '<c r="{c}" t="s"><v>0</v></c>']
    plain = ['<c r="{c}"><v>2</v></c>', '<c r="{c}" t="s"><v>0</v></c>']
    rows = [row(n, formula) for n in range(1, 3001)] + [row(n, plain) for n in range(3001, 15001)]
    data = fast_book(rows)
    counted = Counted(monkeypatch)
    assert all_of(data) == by_expat(data)
    assert counted.none <= 2 * xlsx._GIVE_UP and counted.fast > 11_000, (counted.none, counted.fast)


def test_rows_and_shapes_the_fast_path_leaves_to_expat() -> None:
    """Rows longer than it keeps, wider than its templates, with a cell far past the others,
    many shapes: the same cells."""
    long = row(1, ['<c r="{c}" t="inlineStr"><is><t>' + "长" * 30_000 + "</t></is></c>"] * 3)
    wide = [f'<row r="{n}">' + "<c><v>1</v></c>" * (xlsx._TEMPLATE_MAX_CELLS + 20) + "</row>"
            for n in (2, 3)]  # fmt: skip
    many = [f'<row r="{n}">' + "".join(f'<c r="{chr(65 + (n + i) % 26)}{n}"><v>{i}</v></c>'
            for i in range(n % 7)) + "</row>" for n in range(4, 400)]  # fmt: skip
    far = ['<row r="400"><c r="A400"><v>1</v></c><c r="CZ400"><v>2</v></c></row>']
    data = fast_book([long, *wide, *many, *far])
    assert all_of(data) == by_expat(data)
    assert all_of(data)[0][-1][1][103] == "2"


# ---- the bounds -----------------------------------------------------------------------------

LONG = f"单元格超过 {CELL_MAX_CHARS:,} 个字符（Excel 的上限），未读取；文件可能已损坏或被篡改"


def test_strings_over_excels_cell_limit() -> None:
    data = rebuild(blank(), {SST: sst("<t>短</t>", "<t>" + "长" * 40_000 + "</t>")})
    assert refusal(data) == f"共享字符串第2条：{LONG}"
    runs = "".join(f"<r><t>{'长' * 20_000}</t></r>" for _ in range(2))  # rich text in all
    assert refusal(rebuild(blank(), {SST: sst(runs)})) == f"共享字符串第1条：{LONG}"
    inline = '<row r="12"><c r="C12" t="inlineStr"><is><t>' + "x" * 40_000 + "</t></is></c></row>"
    assert refusal(with_sheet(blank(), inline)) == f"第12行 第C列：{LONG}"
    value = '<row r="3"><c r="AB3" t="str"><v>' + "x" * 40_000 + "</v></c></row>"
    assert refusal(with_sheet(blank(), value)) == f"第3行 第AB列：{LONG}"
    exact = '<row><c t="inlineStr"><is><t>' + "x" * CELL_MAX_CHARS + "</t></is></c></row>"
    assert texts(with_sheet(blank(), exact)) == {1: ["x" * CELL_MAX_CHARS]}


def test_shared_strings_table_total() -> None:
    import calc.tables.xlsx

    items = [f"<t>{i:04d}</t>" for i in range(2000)]  # 5 characters each, with its place
    data = rebuild(blank(), {SST: sst(*items)})
    calc.tables.xlsx.SHARED_MAX_CHARS, saved = 9_999, SHARED_MAX_CHARS
    try:
        assert "共享字符串表超过 9,999 个字符" in refusal(data)
    finally:
        calc.tables.xlsx.SHARED_MAX_CHARS = saved
    assert texts(data) == {1: ["1"]}


def cjk_block(size: int) -> bytes:
    """``size`` bytes of random CJK characters: deflate hardly shrinks them."""
    return "".join(chr(0x4E00 + b % 20000) for b in os.urandom(size // 3)).encode()


def huge_shared_string(megabytes: int, gap: bytes = b"") -> bytes:
    """A workbook whose one shared string is ``megabytes`` MB of random CJK (with ``gap``
    after every 64 KB), written to the zip chunk by chunk, never held whole."""
    related = {"xl/_rels/workbook.xml.rels": lambda old: old.replace("</Relationships>", SST_REL)}
    out = io.BytesIO(rebuild(blank(), related))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        block = cjk_block(MB)  # whole characters: 3 bytes each
        with book.open(SST, "w", force_zip64=True) as part:
            part.write(f'<sst xmlns="{MAIN}"><si><t>'.encode())
            for _ in range(megabytes):
                for at in range(0, len(block), 3 * 20_000):
                    part.write(block[at : at + 3 * 20_000] + gap)
            part.write(b"</t></si></sst>")
    return out.getvalue()


@pytest.mark.parametrize("gap", [b"", b"<!-- comment -->", b"<?pi x?>"])
def test_huge_text_node_refused_before_it_is_held(gap: bytes) -> None:
    """A 40 MB shared string (comments or processing instructions inside it change
    nothing) is refused by the run cap after about RUN_MAX_BYTES, not by the ratio check:
    memory stays far below its size."""
    data = huge_shared_string(40, gap)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        part = book.getinfo(SST)
    assert part.file_size > 40 * MB and part.file_size / part.compress_size < XLSX_MAX_RATIO
    tracemalloc.start()
    try:
        problem = refusal(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problem.startswith(f"文件：XML 中有超过 {RUN_MAX_BYTES // MB} MB 的内容不分段")
    print(f"peak {peak / MB:.1f} MB refusing a {part.file_size / MB:.0f} MB shared string")
    assert peak < 16 * MB, peak


def test_huge_text_node_in_the_sheet_names_the_row() -> None:
    text = "".join(os.urandom(500).hex() + "<!--c-->" for _ in range(1500))
    rows = f'<row r="7"><c r="B7" t="inlineStr"><is><t>{text}</t></is></c></row>'
    assert refusal(with_sheet(blank(), rows)).startswith("第7行附近：XML 中有超过 1 MB")
    # elements inside a text reset the run, but what lies between them is not held
    text = "".join(os.urandom(500).hex() + "<b/>" for _ in range(1500)) + os.urandom(500).hex()
    rows = f'<row r="7"><c r="B7" t="inlineStr"><is><t>{text}</t></is></c></row>'
    assert [len(cell) for cell in texts(with_sheet(blank(), rows))[7]] == [0, 1000]


def test_rows_past_excels_last_row_are_refused_not_dropped() -> None:
    for number in (MAX_ROW + 1, 2_000_000_000, 10**30):
        rows = f'<row r="1"><c><v>1</v></c></row><row r="{number}"><c><v>2</v></c></row>'
        sheet = iter(open_sheet(io.BytesIO(with_sheet(blank(), rows))))
        assert next(sheet) == (1, ["1"])
        with pytest.raises(InputError) as caught:
            next(sheet)
        assert caught.value.problems == [
            (
                f"第{number:,}行",
                f"超出 Excel 的最大行数 {MAX_ROW:,}，未读取；"
                "文件可能已损坏，请用 Excel 打开后另存为 .xlsx",
            )
        ]
    assert texts(with_sheet(blank(), f'<row r="{MAX_ROW}"><c><v>1</v></c></row>')) == {
        MAX_ROW: ["1"]
    }


def test_columns_past_xfd() -> None:
    assert texts(with_sheet(blank(), '<row><c r="XFD1"><v>1</v></c></row>'))[1][-1] == "1"
    problem = refusal(with_sheet(blank(), '<row r="4"><c r="XFE4"><v>1</v></c></row>'))
    assert problem.startswith("第4行：单元格位置“XFE4”超出 Excel 的最大列 XFD")
    problem = refusal(with_sheet(blank(), '<row r="4"><c r="AAAAAAAAAA4"/></row>'))
    assert problem.startswith("第4行：单元格位置“AAAAAAAAAA4”超出")
    cells = "<c/>" * MAX_COLUMN + "<c><v>1</v></c>"
    assert refusal(with_sheet(blank(), f"<row>{cells}</row>")).startswith(
        f"第1行：单元格在第 {MAX_COLUMN + 1:,} 列，超出"
    )


def test_row_numbers_must_increase() -> None:
    for rows, where, what in [
        ('<row r="5"/><row r="3"/>', "第3行附近", "行号重复或倒退"),
        ('<row r="5"/><row r="5"/>', "第5行附近", "行号重复或倒退"),
        ('<row r="0"/>', "第1行附近", "行号无效"),
        ('<row r="a"/>', "第1行附近", "行号无效"),
        ('<row r="2"><row r="3"/></row>', "第2行附近", "行中又有行"),
    ]:
        assert refusal(with_sheet(blank(), rows)) == f"{where}：{BROKEN.format(what)}"
    assert texts(
        with_sheet(blank(), '<row r="2.0"><c><v>1</v></c></row><row><c><v>2</v></c></row>')
    ) == {
        2: ["1"],
        3: ["2"],
    }


def test_wide_rows_are_not_held_many_at_once() -> None:
    """A cell at XFD makes a row of 16,384 cells: each is made as it is given out."""
    rows = "".join(f'<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>' for r in range(1, 5_001))
    data = with_sheet(blank(), rows)
    tracemalloc.start()
    try:
        count = sum(len(cells) == MAX_COLUMN for _, cells in open_sheet(io.BytesIO(data)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    print(f"peak {peak / MB:.1f} MB for 5,000 rows of {MAX_COLUMN:,} cells")
    assert count == 5_000 and peak < 16 * MB, peak


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)
DTD = "文件：XLSX 文件含有 DTD 声明，不是正常的表格文件，未读取"


@pytest.mark.parametrize("part", [SHEET, SST, "xl/workbook.xml", "xl/styles.xml"])
def test_dtd_is_refused_in_any_part(part: str) -> None:
    data = rebuild(blank(), {SST: sst("<t>a</t>")})
    assert (
        refusal(rebuild(data, {part: lambda old: BILLION_LAUGHS + old.split("?>", 1)[-1]})) == DTD
    )
    utf16 = BILLION_LAUGHS.replace('"1.0"', '"1.0" encoding="UTF-16"') + "<a>&lol9;</a>"
    assert refusal(rebuild(data, {part: utf16.encode("utf-16")})) == DTD


def test_deep_nesting_is_refused() -> None:
    deep = "<a><b/>" * (MAX_DEPTH + 5) + "</a>" * (MAX_DEPTH + 5)
    assert "嵌套超过" in refusal(with_sheet(blank(), f"<row><c><v>1</v></c></row>{deep}"))
    deep = "<c><v>1</v>" * (MAX_DEPTH + 5) + "</c>" * (MAX_DEPTH + 5)
    assert "嵌套超过" in refusal(with_sheet(blank(), f"<row>{deep}</row>"))


def test_broken_files_get_a_message() -> None:
    good = xlsx_rows(3000)
    truncated = "文件：不是有效的 XLSX 文件：文件不完整或已损坏（例如下载未完成）；请重新导出或下载"
    assert refusal(good[: len(good) // 2]) == truncated
    assert refusal(b"") == truncated
    assert refusal(b"PK\x03\x04" + os.urandom(500)) == truncated
    data = rebuild(good, {SHEET: lambda old: old.replace('<row r="1500">', '<row r="1500"><<')})
    assert refusal(data) == f"第1500行附近：{BROKEN.format('工作表的 XML 格式有误')}"
    data = rebuild(good, {SHEET: lambda old: old.replace("<v>7</v>", "<v>seven</v>", 1)})
    assert refusal(data).startswith("第8行附近：") and "单元格内容无效" in refusal(data)
    data = rebuild(good, {SHEET: lambda old: old.replace('t="n"><v>7<', 't="s"><v>7<', 1)})
    assert "单元格内容无效" in refusal(data)  # no shared string 7
    assert refusal(rebuild(good, {SHEET: None})).startswith(
        "文件：不是有效的 XLSX 文件：缺少工作表“/xl/worksheets/sheet1.xml”"
    )
    assert refusal(rebuild(good, {"xl/workbook.xml": None})).startswith(
        "文件：不是有效的 XLSX 文件：缺少 xl/workbook.xml"
    )
    no_sheets = rebuild(
        good, {"xl/workbook.xml": lambda old: re.sub("<sheets>.*</sheets>", "", old)}
    )
    assert refusal(no_sheets) == "文件：XLSX 文件里没有工作表"
    assert refusal(rebuild(good, {"xl/styles.xml": "<styleSheet><"})).startswith(
        "文件：不是有效的 XLSX 文件：“xl/styles.xml”的 XML 格式有误"
    )
    # without workbook rels the first sheet is sheet1.xml
    assert texts(rebuild(good, {"xl/_rels/workbook.xml.rels": None}))[1] == ["姓名", "课次", "签到"]


def xlsx_rows(n: int) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["姓名", "课次", "签到"])
    for i in range(n):
        sheet.append([f"学员{i}", i % 20 + 1, "是"])
    return save(book)


def test_zip_bombs_are_refused_from_the_directory() -> None:
    zeros = io.BytesIO()
    with zipfile.ZipFile(zeros, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr(SHEET, bytes(20 * MB))
    ratio = "解压后是压缩时的"
    assert ratio in refusal(zeros.getvalue())
    assert "像是“压缩炸弹”" in refusal(zeros.getvalue())
    assert refusal(xlsx_rows(10), max_unpacked=1000).startswith(
        "文件：XLSX 文件解压后共 0 MB，超过 0 MB"
    )


# ---- any bytes: an InputError or rows, nothing else -----------------------------------------

SMALL = to_shared(mixed_book(), rich=True)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_any_damage_is_an_input_error(data: st.DataObject) -> None:
    how = data.draw(st.sampled_from(["bytes", "xml"]))
    if how == "bytes":
        raw = bytearray(SMALL)
        for _ in range(data.draw(st.integers(1, 8))):
            raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
        damaged = bytes(raw[: data.draw(st.integers(1, len(raw)))])
    else:
        part = data.draw(st.sampled_from([SHEET, SST, "xl/styles.xml", "xl/workbook.xml"]))
        text = zipfile.ZipFile(io.BytesIO(SMALL)).read(part)
        at = data.draw(st.integers(0, len(text)))
        junk = data.draw(st.sampled_from([b"<", b">", b"&", b"<row>", b"</c>", b'r="', b"\xff"]))
        cut = data.draw(st.integers(0, 20))
        damaged = rebuild(SMALL, {part: text[:at] + junk + text[at + cut :]})
    try:
        for _ in open_sheet(io.BytesIO(damaged), max_unpacked=100 * MB):
            pass
    except InputError:
        pass


def test_helpers_are_sound() -> None:
    """The files made above read in openpyxl as intended."""
    assert by_openpyxl(to_shared(mixed_book(), rich=True)) == by_openpyxl(mixed_book())
    assert SHARED_MAX_CHARS == 64 * MB
