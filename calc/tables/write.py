"""Writing tables for spreadsheets: CSV (UTF-8 with a BOM) or XLSX, where no cell written
from user text is a formula (OWASP, CSV injection)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from calc.errors import InputError, safe
from calc.text import num

Section = tuple[str, Sequence[str], Iterable[Sequence[Any]]]
"""A titled table of a report: (title, header, rows)."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
"""What a spreadsheet may take for the start of a formula (OWASP, CSV injection)."""
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def as_text(value: str) -> str:
    """User text as a spreadsheet cell that nothing can run: text that begins with
    ``= + - @``, a tab or a line break gets a leading ``'`` (``=1+1`` → ``'=1+1``, ``-5`` →
    ``'-5``, ``@x`` → ``'@x``, ``\t=1+1`` → ``'\t=1+1``); characters XML cannot hold
    become U+FFFD."""
    value = _NOT_IN_XML.sub("\ufffd", value)
    return "'" + value if value.startswith(FORMULA_START) else value


def _cell(value: Any, fmt: str) -> Any:
    """One cell: text through :func:`as_text`, numbers stay numbers (a Decimal is written
    with :func:`calc.text.num` in CSV), None empty, anything else as its text."""
    kind = type(value)  # the usual two first: an export has hundreds of thousands of cells
    if kind is str:
        return as_text(value)
    if kind is int:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | Decimal):
        return num(value) if fmt == "csv" and isinstance(value, Decimal) else value
    return as_text(str(value))


def write_table(header: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str) -> bytes:
    """A table as CSV (UTF-8 with a BOM, so Excel reads the Chinese) or XLSX (openpyxl,
    imported only here). Every text cell goes through :func:`as_text`, so no cell written
    from user text is a formula in Excel, WPS or LibreOffice; numbers are numbers."""
    return write_tables([("", header, rows)], fmt)


def write_tables(sections: Sequence[Section], fmt: str) -> bytes:
    """Several tables in one file, as :func:`write_table` writes one: in CSV one after the
    other, each under its title with a blank line between; in XLSX a sheet each."""
    if fmt == "csv":
        out = io.StringIO()
        w = csv.writer(out)
        for n, (title, header, rows) in enumerate(sections):
            if n:
                w.writerow([])
            if title:
                w.writerow([as_text(title)])
            w.writerow([_cell(v, fmt) for v in header])
            for row in rows:
                w.writerow([_cell(v, fmt) for v in row])
        return out.getvalue().encode("utf-8-sig")
    if fmt != "xlsx":
        raise InputError.one("格式", f"应为 csv 或 xlsx（收到“{safe(str(fmt))[:20]}”）")
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook(write_only=True)
    for title, header, rows in sections:
        sheet = book.create_sheet(title=as_text(title)[:31] or None)
        sheet.append([_cell(v, fmt) for v in header])
        for row in rows:
            sheet.append([_cell(v, fmt) for v in row])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
