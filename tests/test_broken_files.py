"""Broken uploads get a Chinese message, not a traceback (calc.tables): a truncated XLSX, one
whose worksheet XML is broken, ZIP bombs (over the unpacked cap, shrunk too many times, a
zip directory that lies), a 200 MB CSV, a CSV whose encoding changes part-way, duplicate
headers. Every file is made here, in tmp_path; the browser tests import the makers.

Each answer goes through :func:`calc.tables.upload`, as the browser's worker calls it (so
with the browser's limits). Tests bound the work (bytes read), never the time: time is
measured by ``bench/hostile-files``.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest

from calc.errors import InputError
from calc.tables import describe, upload
from calc.tables.read import BROWSER_MAX_BYTES, BROWSER_MAX_ROWS, XLSX_MAX_UNPACKED, read_table
from calc.tables.xlsx import MB, XLSX_MAX_RATIO
from tests.browser.test_upload import xlsx_bytes

"""The longest any broken file may take to be answered (measured at most 0.3 s on an idle
machine, 1.0 s with both cores busy with other tests: the 50,000-line mixed CSV)."""
SHEET = "xl/worksheets/sheet1.xml"
HEADER = ["姓名", "课次", "签到"]
CELLS = "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in ("张三", "第1次", "是"))
ROW = f"<row>{CELLS}</row>".encode()
"""The row a bomb repeats: a valid attendance record."""
PAYLOAD = json.dumps({"context": {"as_of": "2026-03-01"}})


# ---- making broken files ------------------------------------------------------------------


def attendance_rows(n: int) -> list[list[Any]]:
    return [HEADER] + [[f"学员{i}", f"第{i % 20 + 1}次", "是"] for i in range(n)]


def raw_deflate(data: bytes) -> bytes:
    z = zlib.compressobj(9, zlib.DEFLATED, -15)
    return z.compress(data) + z.flush()


def repeated(head: bytes, block: bytes, copies: int, tail: bytes) -> tuple[bytes, int, int]:
    """Raw deflate of ``head + block * copies + tail`` (with its CRC and size) without
    deflating it all: after a full flush the compressor forgets what came before, so one
    deflated ``block`` can be repeated."""
    z = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = z.compress(head) + z.flush(zlib.Z_FULL_FLUSH)
    one = z.compress(block) + z.flush(zlib.Z_FULL_FLUSH)
    last = z.compress(tail) + z.flush()
    crc = zlib.crc32(head)
    for _ in range(copies):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    return first + one * copies + last, crc, len(head) + len(block) * copies + len(tail)


def write_zip(path: Path, parts: list[tuple[str, bytes, int, int, int]]) -> Path:
    """A zip of already deflated parts: (name, deflated bytes, CRC, size, declared size).
    The declared size goes into both headers; it may lie."""
    central = b""
    with path.open("wb") as f:
        for name, data, crc, _size, declared in parts:
            offset, raw = f.tell(), name.encode()
            sizes = (crc, len(data), declared, len(raw))
            f.write(struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, *sizes, 0))
            f.write(raw + data)
            central += struct.pack(
                "<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, *sizes, 0, 0, 0, 0, 0, offset
            )
            central += raw
        start = f.tell()
        f.write(central)
        n = len(parts)
        f.write(struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, n, n, len(central), start, 0))
    return path


def bomb_xlsx(path: Path, unpacked: int, declared: int | None = None) -> Path:
    """A real workbook (header 姓名/课次/签到) whose worksheet goes on with one row repeated
    to ``unpacked`` bytes; its zip directory declares ``declared`` (default: the truth)."""
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes([HEADER]))) as src:
        parts = []
        for item in src.infolist():
            data = src.read(item)
            if item.filename == SHEET:
                head, tail = data.split(b"</sheetData>")
                block = ROW * (MB // len(ROW))
                copies = max(1, (unpacked - len(data)) // len(block))
                packed, crc, size = repeated(head, block, copies, b"</sheetData>" + tail)
            else:
                packed, crc, size = raw_deflate(data), zlib.crc32(data), len(data)
            lie = declared if declared is not None and item.filename == SHEET else size
            parts.append((item.filename, packed, crc, size, lie))
    return write_zip(path, parts)


def zeros_bomb(path: Path, unpacked: int) -> Path:
    """The classic ZIP bomb, renamed .xlsx: one part of zeros."""
    packed, crc, size = repeated(b"", bytes(MB), unpacked // MB, b"")
    return write_zip(path, [("bomb.bin", packed, crc, size, size)])


def with_sheet(data: bytes, change: Any) -> bytes:
    """A copy of the workbook ``data`` with its worksheet XML passed through ``change``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            part = src.read(item)
            dst.writestr(item, change(part) if item.filename == SHEET else part)
    return out.getvalue()


def broken_xml(rows: int, at: int) -> bytes:
    """A workbook of ``rows`` data rows whose worksheet XML breaks inside row ``at``."""
    mark = f'<row r="{at}">'.encode()
    return with_sheet(xlsx_bytes(attendance_rows(rows)), lambda x: x.replace(mark, mark + b"<<", 1))


def mixed_csv(bad_line: int, first: str = "utf-8", then: str = "gbk") -> bytes:
    """姓名,课次,签到 and rows in ``first``, from line ``bad_line`` on rows in ``then``."""
    lines = [",".join(HEADER)] + [f"张三,第{i}次,是" for i in range(1, bad_line - 1)]
    later = [f"李四,第{i}次,否" for i in range(1, 6)]
    return ("\n".join(lines) + "\n").encode(first) + ("\n".join(later) + "\n").encode(then)


def sparse_csv(path: Path, size: int) -> Path:
    """A CSV of ``size`` bytes written at once: a header, then a hole."""
    with path.open("wb") as f:
        f.write(",".join(HEADER).encode() + b"\n")
        f.truncate(size)
    return path


# ---- the answers --------------------------------------------------------------------------


class Counting(io.FileIO):
    """A file that counts the bytes read from it: refusing early is a bound on work."""

    read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        data = super().read(size)
        self.read_bytes += len(data)
        return data

    def readinto(self, buffer: Any) -> int:
        n = super().readinto(buffer) or 0
        self.read_bytes += n
        return n


def answer(source: bytes | Path, name: str) -> tuple[list[str], int]:
    """The problems the worker's call returns for a file, as ``where：what``, and how many
    bytes of the file were read before the answer."""
    if isinstance(source, Path):
        with Counting(source) as f:
            text, result = upload("attendance", f, name, PAYLOAD)
            read = f.read_bytes
    else:
        text, result = upload("attendance", source, name, PAYLOAD)
        read = len(source)
    out = json.loads(text)
    assert result is None and out["error"] == "输入有误", out
    problems = [f"{p['where']}：{p['what']}" if p["where"] else p["what"] for p in out["problems"]]
    return problems, read


def test_truncated_xlsx() -> None:
    data = xlsx_bytes(attendance_rows(2000))
    problems, _ = answer(data[: len(data) // 2], "截断.xlsx")
    assert problems == [
        "文件：不是有效的 XLSX 文件：文件不完整或已损坏（例如下载未完成）；请重新导出或下载"
    ]


@pytest.mark.parametrize("at", [2, 1500])
def test_broken_worksheet_xml_names_the_row_reached(at: int) -> None:
    problems, _ = answer(broken_xml(3000, at), "坏XML.xlsx")
    assert problems == [
        f"第{at}行附近：XLSX 文件已损坏，无法继续读取（工作表的 XML 格式有误）；"
        "请用 Excel 打开后另存为 .xlsx，或重新导出"
    ]


def test_invalid_cell_value_names_the_row() -> None:
    data = with_sheet(
        xlsx_bytes([HEADER, ["张三", 1, "是"], ["李四", 2, "是"]]),
        lambda x: x.replace(b'<c r="B3" t="n"><v>2</v>', b'<c r="B3" t="n"><v>two</v>', 1),
    )
    problems, _ = answer(data, "坏值.xlsx")
    assert problems == [
        "第3行附近：XLSX 文件已损坏，无法继续读取（单元格内容无效）；"
        "请用 Excel 打开后另存为 .xlsx，或重新导出"
    ]


def test_zip_bomb_renamed_xlsx_is_refused_from_its_directory(tmp_path: Path) -> None:
    path = zeros_bomb(tmp_path / "炸弹.xlsx", XLSX_MAX_UNPACKED + 24 * MB)
    assert path.stat().st_size < 2 * MB
    with zipfile.ZipFile(path) as z:
        declared = z.infolist()[0].file_size
    problems, _ = answer(path, path.name)
    assert problems == [
        f"文件：XLSX 文件解压后共 {declared / MB:,.0f} MB，超过 {XLSX_MAX_UNPACKED // MB:,} MB "
        "的上限，未读取（可能是“压缩炸弹”或已损坏）；确实这么大的表格请用命令行工具 cqcalc 处理"
    ]


def test_zip_bomb_under_the_cap_is_refused_by_its_ratio(tmp_path: Path) -> None:
    path = bomb_xlsx(tmp_path / "炸弹2.xlsx", 200 * MB)
    with zipfile.ZipFile(path) as z:
        sheet = z.getinfo(SHEET)
    ratio = sheet.file_size / sheet.compress_size
    assert sheet.file_size < XLSX_MAX_UNPACKED and ratio > XLSX_MAX_RATIO
    problems, _ = answer(path, path.name)
    assert problems == [
        f"文件：XLSX 文件中的“{SHEET}”解压后是压缩时的 {ratio:,.0f} 倍（正常表格不超过 "
        f"{XLSX_MAX_RATIO} 倍），像是“压缩炸弹”，未读取；请确认文件来源后重新导出"
    ]
    # Without the browser's limits (the CLI) the ratio still refuses it.
    with pytest.raises(InputError, match="像是“压缩炸弹”"):
        read_table(path.read_bytes(), [["name"]])


def test_zip_directory_that_lies_about_sizes(tmp_path: Path) -> None:
    """The worksheet unpacks to 200 MB but its directory says 64 KB: zipfile stops at the
    declared size, the CRC does not match, and only the first rows are read."""
    path = bomb_xlsx(tmp_path / "说谎.xlsx", 200 * MB, declared=64 * 1024)
    problems, _ = answer(path, path.name)
    assert len(problems) == 1
    where, what = problems[0].split("：", 1)
    assert where.startswith("第") and where.endswith("行附近"), where
    assert 100 < int(where[1:-3]) < 64 * 1024 // len(ROW)
    assert what == (
        "XLSX 文件已损坏，无法继续读取（压缩数据损坏或不完整）；"
        "请用 Excel 打开后另存为 .xlsx，或重新导出"
    )
    # And a directory that claims more than the cap is refused before anything is read.
    path = bomb_xlsx(tmp_path / "说大.xlsx", 2 * MB, declared=XLSX_MAX_UNPACKED + MB)
    assert answer(path, path.name)[0][0].startswith("文件：XLSX 文件解压后共 ")


def test_200_mb_csv_is_refused_by_size_at_once(tmp_path: Path) -> None:
    path = sparse_csv(tmp_path / "大.csv", 200 * MB)
    problems, read = answer(path, path.name)
    assert problems == [
        f"文件：文件超过 {BROWSER_MAX_BYTES // MB} MB（本文件 200.0 MB）；"
        "请用命令行工具 cqcalc 处理大文件"
    ]
    assert read == 0, "refused by its size, before a byte is read"


@pytest.mark.parametrize(
    "bad_line,first,then",
    [
        (21, "utf-8", "gbk"),  # within the first 64 KB, which decide the encoding
        (50_000, "utf-8", "gbk"),  # far past them
        (50_000, "gbk", "utf-8"),
    ],
)
def test_mixed_encodings_name_the_first_bad_line(bad_line: int, first: str, then: str) -> None:
    data = mixed_csv(bad_line, first, then)
    label = {"utf-8": "UTF-8", "gbk": "GBK/GB18030"}[first]
    problems, _ = answer(data, "混合编码.csv")
    assert problems == [
        f"第{bad_line}行：有无法按 {label} 解码的字节（文件编码前后不一致或已损坏）"
    ]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "header,first,second",
    [
        (["姓名", "课次", "姓名", "签到"], ("姓名", 1), ("姓名", 3)),
        (["姓名", "课次", "签到", "学员姓名"], ("姓名", 1), ("学员姓名", 4)),
    ],
)
def test_two_columns_for_one_field_are_both_named(
    kind: str, header: list[str], first: tuple[str, int], second: tuple[str, int]
) -> None:
    rows = [header, ["张三", "1", "是", "张三"]]
    data = xlsx_bytes(rows) if kind == "xlsx" else "\n".join(map(",".join, rows)).encode()
    problems, _ = answer(data, f"重复表头.{kind}")
    assert problems == [
        f"第1行 表头：列“{first[0]}”（第{first[1]}列）和列“{second[0]}”（第{second[1]}列）"
        "都表示“姓名”；请删除或改名其中一列"
    ]


def test_describe_states_the_caps() -> None:
    assert json.loads(describe("attendance"))["limits"] == {
        "max_bytes": BROWSER_MAX_BYTES,
        "max_rows": BROWSER_MAX_ROWS,
        "max_unpacked": XLSX_MAX_UNPACKED,
    }


def test_a_legal_workbook_is_not_taken_for_a_bomb() -> None:
    """An ordinary, repetitive worksheet shrinks well under XLSX_MAX_RATIO times."""
    data = xlsx_bytes(attendance_rows(10_000))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.getinfo(SHEET)
    assert sheet.file_size > MB and sheet.file_size / sheet.compress_size < XLSX_MAX_RATIO / 3
    table = read_table(data, [["name"]], max_bytes=BROWSER_MAX_BYTES)
    assert sum(1 for _ in table.rows) == 10_000
