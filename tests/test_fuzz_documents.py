"""Hostile input for every entry point that takes a document or a file, not a question:
the templates (:mod:`calc.render`) and the uploaded tables (:mod:`calc.tables`).

Templates: the form fixtures (``tests/fixtures/forms``) with one field at a time replaced
by a hostile value (:data:`tests.test_fuzz.HOSTILE`) or a random text, plus random objects.
:func:`~calc.render.validate`, :func:`~calc.render.render` (every format),
:func:`~calc.render.findings` and :func:`~calc.render.plan_findings` either refuse with the
same :class:`~calc.errors.InputError` in Chinese naming the field, or answer: bytes in every
format (a .docx whose parts are well-formed XML; no ``<script`` from the input in HTML or
Markdown), and the same bytes for the same input.

Uploads: random bytes, and a small valid CSV or XLSX of each upload question (written with
:func:`~calc.tables.write.write_table`) with a few bytes flipped, cut short, or given NUL, BOM,
GBK or ZIP-signature bytes, other delimiters or line ends; the XLSX also with parts edited
or broken inside the zip. :func:`~calc.tables.upload` answers a result or a Chinese error
(its progress calls too are the same twice), :func:`~calc.tables.read.read_table` reads rows or
raises InputError in Chinese, both the same way twice.

What the fuzzing found is kept as plain tests: zip entries zipfile refuses, a row number
far past the last, and two pydantic messages that were left in English. The number of
inputs is bounded (``settings`` below) so the file runs in
seconds; the counts are recorded (``test_every_document_and_upload_was_fuzzed``).
"""

from __future__ import annotations

import codecs
import io
import json
import re
import struct
import zipfile
import zlib
from collections import Counter
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from calc import api
from calc.errors import InputError
from calc.kinds import Category
from calc.questions.attendance_files import REQUIRED as ATTENDANCE_REQUIRED
from calc.questions.roster import SEX_TEXT
from calc.render import FORMATS, TEMPLATES, findings, plan_findings, render, validate
from calc.result import Status
from calc.tables import file_questions, upload
from calc.tables.read import COLUMNS, NO, YES, read_table
from calc.tables.write import write_table
from tests import fuzzcount
from tests.test_fuzz import CJK, HOSTILE, JSON_VALUES, _paths, _replace

FIXTURES = Path(__file__).parent / "fixtures" / "forms"
SEEN: Counter[str] = Counter()
"""Inputs tried per entry point: ``template <name>``, ``upload <question>``, ``read_table``."""
RECEIVED = re.compile(r"（收到“.*”）$", re.S)
"""The value echoed after a message (calc.errors.explain): not part of what it says."""
SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]
AS_OF = {"as_of": "2026-03-01"}


def _chinese(problems: list[tuple[str, str]], *, whole: bool = False) -> None:
    """Every problem says what in Chinese and, unless the whole input was refused
    (``whole``), where."""
    assert problems, "an error without problems explains nothing"
    for where, what in problems:
        said = RECEIVED.sub("", what)
        assert CJK.search(said), f"not Chinese: {where}：{what}"
        assert whole or where, f"nowhere: {what}"


def _error_is_chinese(out: dict[str, Any], *, whole: bool = False) -> None:
    assert out["error"] == "输入有误" and CJK.search(out["message"]), out
    _chinese([(p["where"], p["what"]) for p in out["problems"]], whole=whole)


# ---- templates ----------------------------------------------------------------------------


def _fixture(name: str, size: str = "full") -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.{size}.json").read_text("utf-8"))
    return data


DOCUMENTS = [(name, _fixture(name, size)) for name in TEMPLATES for size in ("full", "minimal")]
TEXT = st.text(
    st.sampled_from("<>&\"'`*_[]|#\\/ \n\r\t=-.0123456789") | st.characters(), max_size=40
)
"""Random text, with markup characters more often than chance would give them."""
VALUES = st.sampled_from(HOSTILE) | TEXT
CONTEXTS = st.sampled_from([AS_OF, {}, None]) | st.fixed_dictionaries(
    {"as_of": st.sampled_from(HOSTILE)}
)
MUTATED_DOCUMENTS = st.sampled_from(DOCUMENTS).flatmap(
    lambda doc: st.tuples(
        st.just(doc[0]),
        st.just(doc[1]),
        st.sampled_from([*_paths(doc[1]), ("extra",)]),
        VALUES,
    )
)


def _well_formed(name: str, fmt: str, blob: bytes) -> None:
    """The rendered document is of its format and carries no markup from the input."""
    assert isinstance(blob, bytes) and blob
    if fmt != "docx":
        text = blob.decode("utf-8")
        assert "<script" not in text.lower(), f"{name}.{fmt}: <script not escaped"
        assert TEMPLATES[name].title in text
        return
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        assert z.testzip() is None
        parts = {n: z.read(n) for n in z.namelist()}
    for part, xml in parts.items():
        ElementTree.fromstring(xml)  # raises if not well-formed
        assert b"<script" not in xml.lower(), f"{name}.docx {part}: <script not escaped"
    assert TEMPLATES[name].title in parts["word/document.xml"].decode("utf-8")


def _document_is_sane(name: str, data: Any, context: Any, *, whole: bool = False) -> None:
    """Every template entry point refuses ``data`` the same way, in Chinese, or renders it."""
    SEEN[f"template {name}"] += 1
    fuzzcount.add("templates", "test_fuzz_documents")
    try:
        validate(name, data)
    except InputError as exc:
        _chinese(exc.problems, whole=whole)
        for fmt in FORMATS:
            with pytest.raises(InputError) as again:
                render(name, data, fmt)
            assert again.value.problems == exc.problems, "render refuses otherwise than validate"
        refused = findings(name, data, context)
        assert refused == exc.to_json()
        if name == "online-plan":
            assert plan_findings(data, context) == refused
        return
    for fmt in FORMATS:
        blob = render(name, data, fmt)
        assert blob == render(name, data, fmt), f"{name}.{fmt}: same input, different bytes"
        _well_formed(name, fmt, blob)
    out = findings(name, data, context)
    assert out == findings(name, data, context), "same input, different findings"
    if name != "online-plan":
        assert out == {"ok": True}
    elif "error" in out:
        _error_is_chinese(out, whole=True)  # a context that is not an object names no field
    else:
        assert out == plan_findings(data, context)
        assert out["status"] in {s.value for s in Status} and out["checks"]


@settings(max_examples=700, deadline=None, suppress_health_check=SLOW)
@given(MUTATED_DOCUMENTS, CONTEXTS)
def test_one_hostile_field_in_a_valid_document(mutation, context):
    name, data, path, value = mutation
    _document_is_sane(name, _replace(data, path, value), context)


@settings(max_examples=200, deadline=None, suppress_health_check=SLOW)
@given(
    st.sampled_from(list(TEMPLATES)).flatmap(
        lambda name: st.tuples(
            st.just(name),
            st.dictionaries(
                st.sampled_from(list(TEMPLATES[name].model.model_fields)) | st.text(max_size=8),
                JSON_VALUES,
                max_size=6,
            )
            | JSON_VALUES,
        )
    ),
    JSON_VALUES,
)
def test_random_documents(named, context):
    name, data = named
    _document_is_sane(name, data, context, whole=True)


def test_a_number_for_a_date_is_refused_in_chinese():
    """A whole number where a date goes (``-1``, HOSTILE's): pydantic reads it as a Unix
    time and says in English that it is not midnight. Questions too (``as_of``)."""
    with pytest.raises(InputError) as info:
        validate("trainee-roster", _replace(_fixture("trainee-roster"), ("start_date",), -1))
    _chinese(info.value.problems)


def test_a_lone_surrogate_is_refused_in_chinese():
    """A lone UTF-16 surrogate (JSON ``"\\ud800"``) in a text field."""
    with pytest.raises(InputError) as info:
        validate("online-plan", _replace(_fixture("online-plan"), ("institution",), "\ud800"))
    _chinese(info.value.problems)


# ---- uploads ------------------------------------------------------------------------------

api.questions()  # registers every file question
ROSTER = _fixture("trainee-roster")["rows"]
PEOPLE = [(p["name"], p["id_number"], SEX_TEXT[p["sex"]]) for p in ROSTER[:3]]


def _title(key: str) -> str:
    return COLUMNS[key].title


TABLES: dict[str, tuple[list[str], list[list[str]]]] = {
    "attendance": (
        [_title(k) for k in ("name", "id_number", "session", "hours", "attended")],
        [
            [name, id_number, f"第{s}次", "1", YES[0] if (s + i) % 3 else NO[0]]
            for i, (name, id_number, _) in enumerate(PEOPLE)
            for s in (1, 2, 3)
        ],
    ),
    "roster": (
        [_title(k) for k in ("name", "id_number", "sex", "class_name")],
        [[name, id_number, sex, "一班"] for name, id_number, sex in PEOPLE],
    ),
}
"""A small valid table for each upload question (header titles from calc.tables.read.COLUMNS)."""
OPTIONS: dict[str, dict[str, Any]] = {"attendance": {}, "roster": {"category": Category.SKILL}}
REQUIRED: dict[str, Any] = {
    "attendance": ATTENDANCE_REQUIRED,
    "roster": (("name",), ("id_number",)),
}


CSV = {q: write_table(*TABLES[q], "csv") for q in TABLES}
XLSX = {q: write_table(*TABLES[q], "xlsx") for q in TABLES}
"""The valid files the mutations start from, made once (an XLSX carries its time)."""


def _payload(question: str) -> dict[str, Any]:
    options = {k: str(v.value) for k, v in OPTIONS[question].items()}
    return {"input": options, "context": AS_OF}


INSERTS = [
    b"\x00", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, "张三，课时".encode("gbk"),
    "學員".encode("big5"), b"\xff\xfe\xfd", b'"', b'"\n"', b"\r", b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0", "\u202e".encode(), b"x" * 140_000, b",,,,,,,," * 80,
]  # fmt: skip
"""Bytes put into a file: NUL, BOMs, GBK and Big5 text, quotes, file signatures, a cell
longer than the csv module's field limit, a row wider than MAX_COLUMNS."""
DELIMITERS = [b";", b"\t", b"|", b" ", "，".encode(), b"\x00", b'","', b""]
NEWLINES = [b"\r\n", b"\r", b"\n\n", b"\n\x00", b"\xe2\x80\xa8"]
POSITIONS = st.integers(0, 1 << 20)
BYTE_MUTATIONS = st.one_of(
    st.tuples(st.just("flip"), POSITIONS, st.integers(1, 255)),
    st.tuples(st.just("cut"), POSITIONS),
    st.tuples(st.just("insert"), POSITIONS, st.sampled_from(INSERTS) | st.binary(min_size=1)),
)
CSV_MUTATIONS = BYTE_MUTATIONS | st.one_of(
    st.tuples(st.just("delimiter"), st.sampled_from(DELIMITERS)),
    st.tuples(st.just("newline"), st.sampled_from(NEWLINES)),
    st.just(("gbk",)),
)
SHEET = "xl/worksheets/sheet1.xml"
with zipfile.ZipFile(io.BytesIO(XLSX["roster"])) as _z:
    XLSX_PARTS = sorted(_z.namelist())
EDITS = [
    ('<row r="2">', '<row r="5000">'), ('<row r="2">', '<row r="0">'),
    ('<row r="3">', '<row r="2">'), ('<row r="2">', '<row r="x">'),
    ('t="inlineStr"', 't="s"'), ('t="inlineStr"', 't="n"'), ('t="inlineStr"', 't="d"'),
    ('t="inlineStr"', 't="b"'), ('t="inlineStr"', 't="e"'), ('t="inlineStr"', 's="999"'),
    ('r="B2"', 'r="XFD2"'), ('r="A2"', 'r="ZZZZ2"'), ('r="A2"', 'r="A"'),
    ("<sheetData>", '<sheetData><row r="1"><c r="A1" s="0"><v>1e308</v></c></row>'),
    ("<sheetData>", '<dimension ref="A1:XFD1048576" /><sheetData>'),
    ("<worksheet", '<!DOCTYPE w [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><worksheet'),
    ("<t>", "<t>&b;"), ("<t>", "<t>&#0;"), ("<t>", '<t xml:space="preserve">\x00'),
    ('Id="rId1"', 'Id="rId9"'), ('sheetId="1"', 'sheetId="x"'), ("<sheets>", "<sheets/><x>"),
]  # fmt: skip
"""Edits of an XLSX part that keep it XML (most of them): rows further on (one past the
last row an XLSX may have costs a second: test_a_row_past_the_last_is_answered_in_seconds),
row numbers repeated or not numbers, cell types and styles that do not fit the value,
columns past XFD, an entity, a NUL, relationships that point nowhere."""
PART_MUTATIONS = st.one_of(
    st.tuples(st.just("part-edit"), st.sampled_from(EDITS)),
    st.tuples(
        st.sampled_from(["part-flip", "part-cut", "part-insert", "part-drop"]),
        st.sampled_from([SHEET, SHEET, *XLSX_PARTS]),
        POSITIONS,
        st.integers(1, 255),
        st.sampled_from([chunk for chunk in INSERTS if len(chunk) < 100]),
    ),
)


def _mutate(data: bytes, mutation: tuple[Any, ...]) -> bytes:
    """``data`` changed by one mutation (positions wrap around the length)."""
    kind, *args = mutation
    if kind == "flip":
        i = args[0] % len(data) if data else 0
        return data[:i] + bytes([data[i] ^ args[1]]) + data[i + 1 :] if data else data
    if kind == "cut":
        return data[: args[0] % (len(data) + 1)]
    if kind == "insert":
        i = args[0] % (len(data) + 1)
        return data[:i] + args[1] + data[i:]
    if kind == "delimiter":
        return data.replace(b",", args[0])
    if kind == "newline":
        return data.replace(b"\r\n", b"\n").replace(b"\n", args[0])
    if kind == "gbk":  # the text re-encoded, so it is valid GBK and no longer UTF-8
        return data.decode("utf-8", errors="replace").encode("gbk", errors="replace")
    return _mutate_part(data, kind.removeprefix("part-"), args)


def _mutate_part(data: bytes, kind: str, args: list[Any]) -> bytes:
    """Parts of a zip changed (or one dropped) and zipped again: the CRCs are right, so
    the damage reaches the XML parser or openpyxl."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = {info.filename: z.read(info) for info in z.infolist()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, ValueError):
        return data  # an earlier mutation broke the zip itself
    if kind == "edit":
        old, new = (text.encode("utf-8") for text in args[0])
        parts = {name: content.replace(old, new, 1) for name, content in parts.items()}
    elif args[0] in parts:
        name, at, xor, chunk = args
        if kind == "drop":
            del parts[name]
        else:
            change = {"flip": (at, xor), "cut": (at,), "insert": (at, chunk)}[kind]
            parts[name] = _mutate(parts[name], (kind, *change))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), content)
    return buf.getvalue()


def _upload_is_sane(question: str, data: bytes, filename: str, payload: dict[str, Any]) -> None:
    """``upload`` answers a result or a Chinese error, the same way twice (progress too)."""
    SEEN[f"upload {question}"] += 1
    fuzzcount.add("files", "test_fuzz_documents")
    text = json.dumps(payload, ensure_ascii=False)
    heard: list[list[tuple[int, float | None]]] = [[], []]
    answers = []
    for calls in heard:
        answer, result = upload(
            question, data, filename, text, lambda n, s, c=calls: c.append((n, s))
        )
        answers.append(answer)
        out = json.loads(answer)
        assert (result is None) == ("error" in out)
    assert answers[0] == answers[1], "same file, different answer"
    assert heard[0] == heard[1], "same file, different progress"
    for rows, share in heard[0]:
        assert rows >= 0 and (share is None or 0 <= share <= 1), heard[0]
    if "error" in out:
        _error_is_chinese(out)
        return
    assert out["question"] == question
    assert out["status"] in {s.value for s in Status} and out["checks"]
    assert heard[0] and heard[0][-1][1] == 1.0, "a file read to the end reports it"


def _read_is_sane(question: str, data: bytes, filename: str) -> None:
    """``read_table`` reads every row or raises InputError in Chinese, the same way twice."""
    SEEN["read_table"] += 1
    fuzzcount.add("files", "test_fuzz_documents")
    got = []
    for _ in range(2):
        try:
            table = read_table(data, REQUIRED[question], name=filename)
            got.append((table.kind, table.encoding, table.headers, table.columns, list(table.rows)))
        except InputError as exc:
            _chinese(exc.problems)
            got.append(exc.problems)
    assert got[0] == got[1], "same file, read differently"


CSV_NAMES = st.sampled_from(["签到.csv", "表.CSV", "", "导出.txt", "花名册.xlsx"])
XLSX_NAMES = st.sampled_from(["花名册.xlsx", "表.XLSX", "", "签到.csv"])
NAMES = st.sampled_from(["签到.csv", "花名册.xlsx", "", "导出.txt"])
UPLOADS = st.sampled_from(file_questions())


@settings(max_examples=350, deadline=None, suppress_health_check=SLOW)
@given(
    UPLOADS,
    st.sampled_from(["utf-8", "utf-8-sig", "gbk", "utf-16"]),
    st.lists(CSV_MUTATIONS, min_size=1, max_size=3),
    CSV_NAMES,
)
def test_mutated_csv(question, encoding, mutations, filename):
    data = CSV[question].decode("utf-8-sig").encode(encoding)
    for mutation in mutations:
        data = _mutate(data, mutation)
    _upload_is_sane(question, data, filename, _payload(question))
    _read_is_sane(question, data, filename)


@pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")
@settings(max_examples=250, deadline=None, suppress_health_check=SLOW)
@given(
    UPLOADS,
    st.lists(PART_MUTATIONS, max_size=3),
    st.lists(BYTE_MUTATIONS, max_size=2),
    XLSX_NAMES,
)
def test_mutated_xlsx(question, inside, outside, filename):
    assume(inside or outside)
    data = XLSX[question]
    for mutation in inside + outside:
        data = _mutate(data, mutation)
    _upload_is_sane(question, data, filename, _payload(question))
    _read_is_sane(question, data, filename)


@settings(max_examples=200, deadline=None, suppress_health_check=SLOW)
@given(UPLOADS, st.binary(max_size=600) | st.binary(max_size=600).map(b"PK\x03\x04".__add__), NAMES)
def test_random_bytes(question, data, filename):
    _upload_is_sane(question, data, filename, _payload(question))
    _read_is_sane(question, data, filename)


@settings(max_examples=100, deadline=None, suppress_health_check=SLOW)
@given(
    UPLOADS,
    st.sampled_from(["csv", "xlsx"]),
    st.sampled_from(["input", "context"]),
    st.sampled_from(["category", "mode", "reference_date", "as_of", "extra"]),
    st.sampled_from(HOSTILE),
)
def test_hostile_option_with_a_valid_file(question, fmt, part, key, value):
    payload = _payload(question)
    payload[part] = {**payload[part], key: value}
    data = XLSX[question] if fmt == "xlsx" else CSV[question]
    _upload_is_sane(question, data, f"表.{fmt}", payload)


@pytest.mark.parametrize("question", list(TABLES))
def test_a_row_past_the_last_is_refused_naming_it(question: str) -> None:
    """A 5 KB XLSX whose second row says it is row 30,000,000 (openpyxl filled the gap
    with empty rows one at a time: half an hour for row 2,000,000,000): refused at once,
    naming the row, since no XLSX has a row past 1,048,576; never dropped in silence."""
    data = _mutate(XLSX[question], ("part-edit", ('<row r="2">', '<row r="30000000">')))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert b'<row r="30000000">' in z.read(SHEET)
    answer, _ = upload(question, data, "表.xlsx", json.dumps(_payload(question)))
    out = json.loads(answer)
    _error_is_chinese(out)
    assert out["problems"][0]["where"] == "第30,000,000行", out


def _central(data: bytes, part: str, offset: int, value: int) -> bytes:
    """``data`` with a two-byte field of ``part``'s zip central directory entry set:
    6 version needed, 8 flags, 10 compression method."""
    name, at = part.encode(), -1
    while True:  # a signature may also occur by chance inside compressed data
        at = data.index(b"PK\x01\x02", at + 1)
        if data[at + 46 : at + 46 + len(name)] == name:
            break
    return data[: at + offset] + struct.pack("<H", value) + data[at + offset + 2 :]


@pytest.mark.parametrize(
    "offset,value",
    [(6, 84), (8, 0x01), (8, 0x20), (8, 0x40), (10, 99)],
    ids=["version 8.4", "encrypted", "patched", "strong encryption", "method 99"],
)
def test_zip_features_zipfile_refuses_are_reported(offset: int, value: int) -> None:
    """The worksheet's zip entry claims a feature Python's zipfile does not support: it
    raises NotImplementedError or RuntimeError (found by test_mutated_xlsx), which
    calc.tables now reports as a broken XLSX."""
    data = _central(XLSX["roster"], SHEET, offset, value)
    answer, result = upload("roster", data, "表.xlsx", json.dumps(_payload("roster")))
    assert result is None
    _error_is_chinese(json.loads(answer))
    with pytest.raises(InputError):
        list(read_table(data, REQUIRED["roster"]).rows)


@pytest.mark.parametrize("question", list(TABLES))
@pytest.mark.parametrize("files", [CSV, XLSX], ids=["csv", "xlsx"])
def test_the_valid_tables_are_answered(question: str, files: dict[str, bytes]) -> None:
    """The files the mutations start from are valid: a result, not an error."""
    answer, result = upload(question, files[question], "表", json.dumps(_payload(question)))
    out = json.loads(answer)
    assert result is not None and "error" not in out, out
    assert out["checks"]


def test_every_document_and_upload_was_fuzzed(record_property):
    assert set(TABLES) == set(file_questions()), "a new upload question needs a table in TABLES"
    for kind, names in (("template", set(TEMPLATES)), ("upload", set(file_questions()))):
        fuzzed = {key.split(" ", 1)[1] for key in SEEN if key.startswith(f"{kind} ")}
        assert fuzzed == names, f"{kind}s not fuzzed: {names - fuzzed}"
    assert SEEN["read_table"], "read_table not fuzzed"
    for key, count in sorted(SEEN.items()):  # the counts: in the terminal summary (conftest)
        record_property(key, count)


def test_characters_beyond_the_basic_plane_are_kept_and_control_characters_refused():
    """Emoji and rare characters of personal names (U+20000 𠀀) fit in a Word document;
    U+FFFE and control characters do not (XML 1.0)."""
    data = _replace(_fixture("online-plan"), ("institution",), "重庆𠀀培训学校😀")
    docx = render("online-plan", data, "docx")
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        assert "重庆𠀀培训学校😀" in z.read("word/document.xml").decode("utf-8")
    for bad in ("\ufffe", "\x07"):
        with pytest.raises(InputError) as info:
            validate("online-plan", _replace(_fixture("online-plan"), ("institution",), bad))
        _chinese(info.value.problems)
