"""Hostile and careless input as *shapes*, not only values, for every entry point that takes
data from outside: the questions (:func:`calc.api.run`, :func:`~calc.api.run_json`, the CLI),
the templates (:mod:`calc.render`) and the file readers (:func:`calc.tables.upload`).

Shared by tests/test_fuzz_shapes.py (a bounded number of inputs in CI) and bench/fuzz (as many
as asked, every distinct failure collected and minimized).

Recipes
    Every input is drawn by hypothesis as a small *recipe* (tuples of names and numbers) that
    :func:`build_question`, :func:`build_document`, :func:`build_upload`… turn into the value.
    A 5,000-digit int or a list nested 100,000 deep is drawn as ``("atom", "int of 5,000
    digits")``: hypothesis shrinks and prints the recipe, never the monster. The inputs start
    from the example cases (:func:`calc.examples.cases`), the form fixtures
    (tests/fixtures/forms) and the valid tables of tests/test_fuzz_documents.py, then take
    *edits*: a value of any shape set at any path, keys dropped or added, values wrapped in
    lists or objects, turned into text, repeated or nested deeper; context dates at the ends
    of the calendar; readings with unknown keys and values.

Targets
    A :class:`Target` pairs a recipe strategy with a check of one entry point; each check
    counts its input (:mod:`tests.fuzzcount`) and raises :class:`Broken` (an AssertionError)
    naming the *cause* (the property broken, or the exception and the calc function raising
    it) and a reproduction.

The properties (the issue "Hostile and careless input")
    1. ``run(name, payload)`` never raises, whatever the payload.
    2. Its answer is a dict that ``json.dumps(out, ensure_ascii=False).encode("utf-8")``
       accepts (and without NaN or Infinity, which are not JSON), and is either a result
       (``status`` a :class:`~calc.result.Status`, ``checks`` not empty) or an error
       ``{"error": "输入有误", "message", "problems": [{"where", "what"}]}``: the message in
       Chinese and at most :data:`MAX_MESSAGE` characters, at most :data:`MAX_PROBLEMS`
       problems (20 and one “另有 N 处…”), each ``what`` not empty and without an English
       option list (``'adapt' or 'startup'``).
    3. The same input answered twice gives the same answer.
    4. ``run_json(name, text)`` never raises, for any text, and answers JSON text satisfying 2.
    5. ``calc.cli.main(argv)`` returns 0, 1 or 2 (argparse's own exit counts as returning).
    6. ``upload`` never raises and answers JSON text satisfying 2; ``findings``, ``validate``
       and ``render`` raise nothing but :class:`~calc.errors.InputError` (whose JSON satisfies
       2) and ``findings`` answers a dict satisfying 2 (or ``{"ok": true}``).
    Number fields take what a Chinese user types (half- or full-width digits, a decimal
    point, thousands separators) and nothing else: :func:`number_inputs`.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import gc
import io
import itertools
import json
import math
import re
import shutil
import sys
import tempfile
import time
import traceback
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from pydantic import BaseModel

from calc import api, cli
from calc.errors import InputError
from calc.examples import cases
from calc.manifest import manifest
from calc.readings import catalogue
from calc.render import FORMATS, TEMPLATES, findings, render, validate
from calc.result import Status
from calc.tables import file_questions, upload
from calc.tables.read import COLUMNS
from tests import fuzzcount
from tests.browser.test_upload import xlsx_bytes
from tests.test_fuzz_documents import (
    BYTE_MUTATIONS,
    CSV,
    CSV_MUTATIONS,
    DOCUMENTS,
    PART_MUTATIONS,
    TABLES,
    XLSX,
    _mutate,
)
from tests.test_fuzz_documents import _payload as upload_payload

api.questions()  # registers every question and file question

MAX_PROBLEMS = 21
"""20 problems listed and one “另有 N 处问题未列出…”."""
MAX_MESSAGE = 4000
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
OPTION_LIST = re.compile(r"'[^']*'\s*,?\s+or\s+'")
"""pydantic's English list of options: ``'adapt' or 'startup'``."""
RECEIVED = re.compile(r"（收到“.*?”）", re.S)
"""The value echoed in a message (calc.errors.explain): the user's text, not the message's."""
STATUSES = {s.value for s in Status}


def no_gc(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` with Python's cyclic garbage collector paused: making 100,000 nested lists
    while hypothesis holds many objects otherwise costs ten times as long."""

    def paused(*args: Any, **kwargs: Any) -> Any:
        was = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if was:
                gc.enable()

    paused.__doc__, paused.__name__ = fn.__doc__, fn.__name__
    return paused


# ---- atoms: named values of every shape --------------------------------------------------


def nested(kind: str, depth: int, inner: Any = None) -> Any:
    """``inner`` inside ``depth`` lists (``[[[…]]]``) or objects (``{"a": {"a": …}}``)."""
    value: Any = ([] if kind == "list" else {}) if inner is None else inner
    for _ in range(depth):
        value = [value] if kind == "list" else {"a": value}
    return value


CONTROLS = "".join(map(chr, range(32))) + "\x7f\x85\x9f"
SCALARS: dict[str, Any] = {
    "null": None, "true": True, "false": False, "0": 0, "-1": -1, "1": 1, "2**31": 2**31,
    "2**53+1": 2**53 + 1, "2**63": 2**63, "-2**63-1": -(2**63) - 1, "2**64": 2**64,
    "10**30": 10**30, "-10**31": -(10**31), "int of 4,300 digits": 10**4299,
    "int of 4,301 digits": 10**4300, "int of 5,000 digits": 10**4999,
    "negative int of 5,000 digits": -(10**4999), "0.5": 0.5, "-0.0": -0.0, "1e-7": 1e-7,
    "5e-324": 5e-324, "1e16": 1e16, "1e308": 1e308, "-1e308": -1e308, "inf": math.inf,
    "-inf": -math.inf, "nan": math.nan,
}  # fmt: skip
TEXTS: list[str] = [
    "", " ", "\u3000", "\t\r\n", "\x00", CONTROLS, "\x1b[31m红\x1b[0m", "\u202e反转", "\ufeff",
    "\u200b\u200c\u200d\u2060", "\ufffe", "\uffff", "\U0010ffff", "\ue000", "\U000f0000",
    "\ud800", "\udfff", "a\ud800b", "\udcff", "\ud83d", "\ud83d\ude00", "😀", "👨‍👩‍👧",
    "e\u0301", "\u0301" * 500, "𠀀", "ﷺ", "ǅ", "Ⅻ", "½", "²", "٣", "१२", "①", "〇", "二十",
    "１２", "３０．５", "1,000", "１，０００", "1_000", "1e3", "1e999", "-1e999", "NaN", "nan",
    "Infinity", "-inf", "0x1F", "+5", "1.", ".5", "--1", "1-", "1.2.3", "0.0000000000000000001",
    "9" * 40, "9" * 5000, "1" + "0" * 4301, "true", "false", "null", "None", "[]", "{}",
    "<script>alert(1)</script>", "'adapt' or 'startup'", "${7*7}", "{{7*7}}", "%s%n",
    "../../etc/passwd", "x" * 300, "字" * 5000, "x" * 100_000, "\ud800" * 1000,
]  # fmt: skip
DATES: list[str] = [
    "9999-12-31", "0001-01-01", "0000-01-01", "0000-00-00", "10000-01-01", "-0001-01-01",
    "1899-12-31", "1900-01-01", "1969-12-31", "1970-01-01", "2000-01-01", "2024-02-29",
    "2025-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-3-1", "2100-12-31",
    "2101-01-01", "2026-03-01T00:00:00", "2026-03-01T24:00:00", "9999-12-31T23:59:59.999999",
    "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00Z",
    "2026-03-01T09:00:00+08:00", "２０２６－０３－０１", "2026/03/01", "2026年3月1日",
    "20260301", "2026-W09-7", "2026-060", "2026-03-01 09:00", "9999-12-31T23:59:60",
]  # fmt: skip
DATE_NUMBERS: dict[str, Any] = {
    "253402300800 (after 9999)": 253402300800, "-62135596801 (before 0001)": -62135596801,
    "10**12": 10**12, "1e20": 1e20, "20260301": 20260301,
}  # fmt: skip
CONTAINERS: dict[str, Callable[[], Any]] = {
    "[]": list,
    "{}": dict,
    "[null]": lambda: [None],
    "[[]]": lambda: [[]],
    '{"": ""}': lambda: {"": ""},
    '{"\\ud800": 1}': lambda: {"\ud800": 1},
    '{"__proto__": {…}}': lambda: {"__proto__": {"polluted": True}},
    "mixed list": lambda: [1, "1", None, True, 1.5, [], {}],
    '["\\ud800"]': lambda: ["\ud800"],
    '{"input": {}}': lambda: {"input": {}},
    "list nested 20 deep": lambda: nested("list", 20),
    "dict nested 20 deep": lambda: nested("dict", 20),
    "list nested 200 deep": lambda: nested("list", 200),
}
HEAVY: dict[str, Callable[[], Any]] = {
    "dict of 50,000 keys": lambda: {str(i): i for i in range(50_000)},
    "dict of 50,000 surrogate keys": lambda: {f"\ud800{i}": i for i in range(50_000)},
    "list of 50,000 nulls": lambda: [None] * 50_000,
    "list of 20,001 objects": lambda: [{} for _ in range(20_001)],
    "list nested 1,000 deep": lambda: nested("list", 1_000),
    "list nested 100,000 deep": lambda: nested("list", 100_000),
    "dict nested 100,000 deep": lambda: nested("dict", 100_000),
    "text of 1,000,000 characters": lambda: "字" * 1_000_000,
}


def _text_name(text: str) -> str:
    if len(text) > 40:
        return f"{text[:1]!r} * {len(text):,}" if len(set(text)) == 1 else f"{text[:12]!r}…"
    return repr(text)


ATOMS: dict[str, Callable[[], Any]] = {}
for _name, _value in SCALARS.items():
    ATOMS[_name] = lambda v=_value: v
for _text in TEXTS + DATES:
    ATOMS.setdefault(_text_name(_text), lambda v=_text: v)
for _name, _value in DATE_NUMBERS.items():
    ATOMS[_name] = lambda v=_value: v
ATOMS.update(CONTAINERS)
ATOMS.update(HEAVY)
LIGHT_NAMES = [name for name in ATOMS if name not in HEAVY]
DATE_NAMES = [_text_name(d) for d in DATES] + list(DATE_NUMBERS)


# ---- strategies ---------------------------------------------------------------------------

CATEGORIES = [
    "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe",
    "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn",
]  # fmt: skip
"""Every Unicode general category, lone surrogates (Cs) included."""
CHARS = st.characters(codec=None, categories=CATEGORIES)
TEXT = st.text(CHARS | st.sampled_from("0123456789０１２３４５６７８９.,，。-_ '\"\\"), max_size=12)


def weighted(*pairs: tuple[int, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """One of the strategies, each drawn ``weight`` times as often as a weight of 1."""
    index = [i for i, (weight, _) in enumerate(pairs) for _ in range(weight)]
    return st.sampled_from(index).flatmap(lambda i: pairs[i][1])


def _field_names() -> list[str]:
    names: set[str] = {"input", "context", "as_of", "spb_issued", "readings"}
    models: list[type[BaseModel]] = [q.model for q in api.questions().values()]
    models += [t.model for t in TEMPLATES.values()]
    seen: set[type[BaseModel]] = set()
    while models:
        model = models.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, field in model.model_fields.items():
            names.update(n for n in (name, field.alias) if isinstance(n, str))
            models += [t for t in _types(field.annotation) if _is_model(t)]
    return sorted(names)


def _types(annotation: Any) -> list[Any]:
    """``annotation`` and every type inside it (Annotated, unions, lists)."""
    out, stack = [], [annotation]
    while stack:
        t = stack.pop()
        if typing.get_origin(t) is typing.Annotated:
            stack.append(typing.get_args(t)[0])
            continue
        out.append(t)
        stack.extend(typing.get_args(t))
    return out


def _is_model(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, BaseModel)


KEY = weighted(
    (3, st.sampled_from(_field_names())),
    (2, TEXT),
    (1, st.sampled_from(["", " ", "\ud800", "\x00", "__proto__", "constructor", "x" * 300,
                         "Input", "inputs", "ｔｒａｉｎｅｅｓ", " trainees", "trainees\u200b"])),
)  # fmt: skip
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEY, inner, max_size=3),
    max_leaves=8,
)
VALUE = weighted(
    (144, st.sampled_from(LIGHT_NAMES).map(lambda n: ("atom", n))),
    (54, TEXT.map(lambda s: ("text", s))),
    (54, JSONISH.map(lambda v: ("json", v))),
    (1, st.sampled_from(list(HEAVY)).map(lambda n: ("atom", n))),
)
"""A value recipe: ``("atom", name)``, ``("text", s)`` or ``("json", small JSON value)``.
The heavy atoms (a dict of 50,000 keys, a list nested 100,000 deep…) come one time in 253:
each costs a hundred light ones (tests/test_fuzz_shapes.py tries every one every run)."""
LIGHT_VALUE = weighted(
    (48, st.sampled_from(LIGHT_NAMES).map(lambda n: ("atom", n))),
    (18, TEXT.map(lambda s: ("text", s))),
    (18, JSONISH.map(lambda v: ("json", v))),
)
"""A value recipe without the heavy atoms, for every draw but the edits of the questions'
examples: the contexts, whole payloads, uploads and templates try each value with every
question or template, and a heavy value costs a hundred light ones (a template validates a
dict of 50,000 keys in 0.4 s). tests/test_fuzz_shapes.py tries every heavy atom, in each of
these places, every run (test_heavy_shapes)."""
DATE_VALUE = weighted((4, st.sampled_from(DATE_NAMES).map(lambda n: ("atom", n))), (1, LIGHT_VALUE))


@no_gc
def build_value(recipe: Any) -> Any:
    kind, arg = recipe
    if kind == "atom":
        return ATOMS[arg]()
    if kind == "text":
        return arg
    return copy.deepcopy(arg)


# ---- paths and edits ----------------------------------------------------------------------


def paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into ``data`` (``prefix`` itself first): each key of each object, and the
    first and last item of each list."""
    out = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            out += paths(value, (*prefix, key))
    elif isinstance(data, list) and data:
        out += paths(data[0], (*prefix, 0))
        if len(data) > 1:
            out += paths(data[-1], (*prefix, len(data) - 1))
    return out


OPS = [
    "set", "set", "set", "set", "drop", "add", "add", "wrap", "wrap_dict", "text", "repeat",
    "deepen", "set_date",
]  # fmt: skip
HEAVY_OPS = ["repeat_20001", "deepen_10000"]
OP = weighted((80, st.sampled_from(OPS)), (1, st.sampled_from(HEAVY_OPS)))
LIGHT_OP = st.sampled_from(OPS)
MISSING = object()


def _parent(root: Any, path: tuple[Any, ...], create: bool) -> Any:
    """The object or list that holds ``path[-1]`` (made on the way when ``create``), or None."""
    node = root
    for step in path[:-1]:
        if isinstance(node, dict):
            if not isinstance(node.get(step), dict | list):
                if not create:
                    return None
                node[step] = {}
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and -len(node) <= step < len(node):
            node = node[step]
        else:
            return None
    return node


def get(root: Any, path: tuple[Any, ...]) -> Any:
    if not path:
        return root
    parent = _parent(root, path, create=False)
    step = path[-1]
    if isinstance(parent, dict):
        return parent.get(step, MISSING)
    if isinstance(parent, list) and isinstance(step, int) and -len(parent) <= step < len(parent):
        return parent[step]
    return MISSING


def _has(parent: Any, step: Any) -> bool:
    """Whether ``parent`` is a list with an item at ``step``."""
    return isinstance(parent, list) and isinstance(step, int) and -len(parent) <= step < len(parent)


def put(root: Any, path: tuple[Any, ...], value: Any) -> Any:
    """``root`` with ``value`` at ``path`` (the new root when ``path`` is empty)."""
    if not path:
        return value
    parent = _parent(root, path, create=True)
    step = path[-1]
    if isinstance(parent, dict) or _has(parent, step):
        parent[step] = value
    return root


def drop(root: Any, path: tuple[Any, ...]) -> Any:
    if not path:
        return {}
    parent = _parent(root, path, create=False)
    step = path[-1]
    if isinstance(parent, dict):
        parent.pop(step, None)
    elif isinstance(parent, list) and isinstance(step, int) and -len(parent) <= step < len(parent):
        del parent[step]
    return root


def _bigger(value: Any, most: int) -> bool:
    """Whether ``value`` holds more than ``most`` values (containers, items, characters)."""
    count, stack = 0, [value]
    while stack:
        item = stack.pop()
        count += 1 + (len(item) if isinstance(item, str | bytes) else 0)
        if count > most:
            return True
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def apply_edit(root: Any, edit: tuple[Any, ...]) -> Any:
    """``root`` after one edit ``(path, op, value recipe, key recipe)``."""
    path, op, value, key = edit
    if op == "drop":
        return drop(root, path)
    if op in ("set", "set_date"):
        return put(root, path, build_value(value))
    old = get(root, path)
    if op == "add":
        if isinstance(old, dict):
            old[key] = build_value(value)
            return root
        if isinstance(old, list):
            old.append(build_value(value))
            return root
        return put(root, path, build_value(value))
    if old is MISSING:
        old = build_value(value)
    if op == "wrap":
        new: Any = [old]
    elif op == "wrap_dict":
        new = {"value": old}
    elif op == "text":
        new = old if isinstance(old, str) else as_text(old)
    elif op == "repeat":
        new = old * 3 if isinstance(old, list) else [old, old, old]
    elif op == "repeat_20001" and _bigger(old, 64):
        new = [old, old]  # 20,001 of something big is too big for JSON text: 2 are enough
    elif op == "repeat_20001":
        new = (old * (20_001 // max(len(old), 1) + 1))[:20_001] if isinstance(old, list) else []
        new = new or [old] * 20_001
    elif op == "deepen":
        new = nested("list", 50, old)
    else:  # deepen_10000
        new = nested("list", 10_000, old)
    return put(root, path, new)


def as_text(value: Any, ascii_only: bool = False) -> str:
    """``value`` as JSON text, whatever it is: a 5,000-digit number in full, NaN as
    ``NaN``, a lone surrogate as itself (or ``\\ud800`` when ``ascii_only``)."""
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        return json.dumps(value, ensure_ascii=ascii_only)
    except (RecursionError, ValueError):
        return "[" * 100_000  # deeper than json.dumps goes: the same shape as text
    finally:
        sys.set_int_max_str_digits(limit)


def _edits(
    path_list: list[tuple[Any, ...]], dates: list[tuple[Any, ...]], heavy: bool = True
) -> st.SearchStrategy[list[tuple[Any, ...]]]:
    """Edits at these paths; ``set_date`` sets a date-like value at one of ``dates``."""
    edit = st.tuples(
        st.sampled_from(path_list), OP if heavy else LIGHT_OP, VALUE if heavy else LIGHT_VALUE, KEY
    )
    date_edit = st.tuples(st.sampled_from(dates), st.just("set_date"), DATE_VALUE, st.just(""))
    return st.lists(weighted((5, edit), (1, date_edit)), min_size=1, max_size=3)


SHARED_BELOW = 64
"""Depth below which :func:`clone` shares instead of copying: every entry point refuses
nesting far shallower, so nothing down there is read, let alone changed."""


@no_gc
def clone(value: Any) -> Any:
    """A deep copy of JSON-like data, without recursion (for a list nested 100,000 deep);
    below :data:`SHARED_BELOW` levels the original is shared."""
    if not isinstance(value, dict | list):
        return value
    root: Any = {} if isinstance(value, dict) else [None] * len(value)
    stack = [(value, root, 1)]
    while stack:
        src, dst, depth = stack.pop()
        for k, v in src.items() if isinstance(src, dict) else enumerate(src):
            if isinstance(v, dict | list) and depth < SHARED_BELOW:
                new: Any = {} if isinstance(v, dict) else [None] * len(v)
                dst[k] = new
                stack.append((v, new, depth + 1))
            else:
                dst[k] = v
    return root


# ---- questions: recipes --------------------------------------------------------------------

CASES = cases()
NAMES = list(manifest())
HOSTILE_NAMES = ["", "nope", "PLAN-CHECK", "plan-check ", "\ud800", "计划", "__init__", "x" * 5000]
NAME = weighted((9, st.sampled_from(NAMES)), (1, st.sampled_from(HOSTILE_NAMES)))
READING_KEYS = list(catalogue())
READING_VALUES = sorted({o for r in catalogue().values() for o in r.options})
CONTEXT_PATHS: list[tuple[Any, ...]] = [
    ("context",), ("context", "as_of"), ("context", "spb_issued"), ("context", "readings"),
    ("context", "readings", "attendance_basis"), ("context", "readings", "nosuch"),
    ("context", "extra"), (), ("extra",),
]  # fmt: skip
CONTEXT_DATES: list[tuple[Any, ...]] = [("context", "as_of"), ("context", "spb_issued")]


def _case_paths(i: int) -> list[tuple[Any, ...]]:
    return [("input", *p) for p in paths(CASES[i].input)] + CONTEXT_PATHS


def _case_dates(i: int) -> list[tuple[Any, ...]]:
    found = [
        ("input", *p) for p in paths(CASES[i].input) if _looks_like_date(get(CASES[i].input, p))
    ]
    return found + CONTEXT_DATES


def _looks_like_date(value: Any) -> bool:
    return isinstance(value, str) and bool(re.match(r"\d{4}-\d\d-\d\d", value))


_EDITS: dict[Any, st.SearchStrategy[Any]] = {}


def _edits_of(
    path_list: list[tuple[Any, ...]], dates: list[tuple[Any, ...]], heavy: bool = True
) -> Any:
    """The edit strategy for these paths, made once (a strategy made per draw costs more
    than the input it draws)."""
    key = (tuple(path_list), tuple(dates), heavy)
    if key not in _EDITS:
        _EDITS[key] = _edits(path_list, dates, heavy)
    return _EDITS[key]


CASE_INDEX = st.sampled_from(range(len(CASES)))
_CASE_RECIPES = [
    st.tuples(st.just("case"), st.just(i), _edits_of(_case_paths(i), _case_dates(i)))
    for i in range(len(CASES))
]
EDITED_CASE = CASE_INDEX.flatmap(_CASE_RECIPES.__getitem__)
"""An example case with one to three edits anywhere in its input or context (tried also
on two other cases of its question, and each edit alone: :func:`expand_question`)."""
READINGS = st.dictionaries(
    st.sampled_from(READING_KEYS) | KEY,
    weighted((3, st.sampled_from(READING_VALUES).map(lambda v: ("text", v))), (2, LIGHT_VALUE)),
    max_size=4,
)
CONTEXT = st.tuples(
    st.sampled_from(["keep", "absent", "dates", "readings", "both", "whole"]),
    DATE_VALUE,
    DATE_VALUE,
    READINGS,
    LIGHT_VALUE,
)
"""A context recipe: as_of and spb_issued dates, readings, or a whole value of any shape."""
CONTEXTED_CASE = st.tuples(st.just("context"), CASE_INDEX, CONTEXT)
WHOLE = st.tuples(st.just("whole"), NAME, LIGHT_VALUE)
"""A payload that is any value at all: None, a list, a text, a number, a deep structure…"""
SHELL = st.tuples(
    st.just("shell"),
    NAME,
    st.none() | LIGHT_VALUE,
    st.none() | LIGHT_VALUE,
    st.lists(st.tuples(KEY, LIGHT_VALUE), max_size=2),
)
"""``{"input": any, "context": any, …extra keys}`` (None: the key is absent)."""


def build_context(recipe: tuple[Any, ...], base: Any) -> Any:
    mode, as_of, spb, readings, whole = recipe
    if mode == "absent":
        return MISSING
    if mode == "whole":
        return build_value(whole)
    out = dict(base) if isinstance(base, dict) and mode != "keep" else clone(base)
    if mode in ("dates", "both"):
        out["as_of"] = build_value(as_of)
        out["spb_issued"] = build_value(spb)
    if mode in ("readings", "both"):
        out["readings"] = {k: build_value(v) for k, v in readings.items()}
    return out


@no_gc
def build_question(recipe: tuple[Any, ...]) -> tuple[str, Any]:
    """(question name, payload) of a question recipe."""
    kind = recipe[0]
    if kind == "case":
        case = CASES[recipe[1]]
        payload: Any = {"input": clone(case.input), "context": clone(case.context)}
        for edit in recipe[2]:
            payload = apply_edit(payload, edit)
        return case.question, payload
    if kind == "context":
        case = CASES[recipe[1]]
        payload = {"input": clone(case.input)}
        context = build_context(recipe[2], case.context)
        if context is not MISSING:
            payload["context"] = context
        return case.question, payload
    if kind == "whole":
        return recipe[1], build_value(recipe[2])
    _, name, inp, ctx, extras = recipe
    payload = {key: build_value(value) for key, value in extras}
    if inp is not None:
        payload["input"] = build_value(inp)
    if ctx is not None:
        payload["context"] = build_value(ctx)
    return name, payload


# ---- failures -----------------------------------------------------------------------------


class Broken(AssertionError):
    """A property broken: ``cause`` (what, in a form that groups alike failures), the input
    (``subject``: the arguments of ``check``, which tries it again for the bench's
    minimizer), how to ``show`` it, the entry point (``label``) and the ``test``."""

    def __init__(self, cause: str, detail: str = "") -> None:
        self.cause, self.detail = cause, detail
        self.subject: tuple[Any, ...] = ()
        self.check: Callable[..., None] | None = None
        self.show: Callable[[tuple[Any, ...]], str] | None = None
        self.label = self.test = ""
        super().__init__(cause)

    def __str__(self) -> str:
        shown = f"\n  input: {self.show(self.subject)}" if self.show else ""
        return f"{self.cause}{shown}\n  {self.detail}".rstrip()


def raised(exc: BaseException) -> str:
    """An exception as a cause: its type, the calc function it came from, its message with
    numbers blanked (``OverflowError in calc/rules.py:spb_effective_date: date value out of
    range``)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/calc/" in f.filename and "site-packages" not in f.filename]
    frame = (ours or frames or [None])[-1]
    at = ""
    if frame is not None:
        path = Path(frame.filename)
        shown = f"calc/{path.name}" if ours else path.name
        at = f" in {shown}:{frame.name}"
    message = str(exc).splitlines()[0] if str(exc) else ""
    message = re.sub(r"\d+", "N", message)
    message = re.sub(r"'[^']*' object", "'…' object", re.sub(r"“[^”]*”", "“…”", message))[:80]
    return f"raises {type(exc).__name__}{at}: {message}"


def call(fn: Callable[..., Any], *args: Any, allow: type[BaseException] | None = None) -> Any:
    """``fn(*args)``; an exception (other than ``allow``) becomes :class:`Broken`."""
    try:
        return fn(*args)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        if allow is not None and isinstance(exc, allow):
            raise
        if isinstance(exc, Broken):
            raise
        tb = "".join(traceback.format_exception(exc, limit=-4))[-1500:]
        raise Broken(raised(exc), tb) from None


def _excerpt(text: str, at: int = 0, width: int = 120) -> str:
    return ascii(text[max(at - width // 2, 0) : at + width // 2])


def check_answer(out: Any) -> None:
    """Property 2: a dict written as UTF-8 JSON, a result or an error in Chinese."""
    if not isinstance(out, dict):
        raise Broken("answer is not a dict", f"{type(out).__name__}: {str(out)[:200]!r}")
    try:
        text = json.dumps(out, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError) as exc:
        raise Broken(f"answer cannot be written as JSON ({type(exc).__name__})", str(exc)) from None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise Broken(
            "answer has a lone surrogate (cannot be written as UTF-8)", _excerpt(text, exc.start)
        ) from None
    try:
        json.dumps(out, allow_nan=False)
    except ValueError:
        raise Broken("answer holds NaN or Infinity (not JSON)", text[:300]) from None
    if "error" in out:
        check_error(out)
    else:
        check_result(out)


def check_result(out: dict[str, Any]) -> None:
    if out.get("status") not in STATUSES:
        raise Broken("result without a known status", repr(out.get("status"))[:100])
    if not isinstance(out.get("checks"), list) or not out["checks"]:
        raise Broken("result without checks", json.dumps(out, ensure_ascii=False)[:300])


def check_error(out: dict[str, Any]) -> None:
    """The error shape: ``输入有误``, a Chinese message, at most 21 problems, each saying what
    without an English option list."""
    text = json.dumps(out, ensure_ascii=False)[:600]
    if out.get("error") != "输入有误":
        inner = re.search(r"（(\w+)[：）]", str(out.get("message", "")))
        what = f" ({inner.group(1)})" if inner else ""
        raise Broken(f"error is “{str(out.get('error'))[:20]}”, not 输入有误{what}", text)
    message, problems = out.get("message"), out.get("problems")
    if not isinstance(message, str) or not CJK.search(message):
        raise Broken("error message not in Chinese", text)
    if len(message) > MAX_MESSAGE:
        raise Broken(f"error message longer than {MAX_MESSAGE:,} characters", f"{len(message):,}")
    if not isinstance(problems, list) or not problems:
        raise Broken("error without problems", text)
    if len(problems) > MAX_PROBLEMS:
        raise Broken(f"more than {MAX_PROBLEMS} problems listed", f"{len(problems):,} problems")
    for problem in problems:
        if not isinstance(problem, dict) or not isinstance(problem.get("where"), str):
            raise Broken("problem without where", str(problem)[:200])
    if len(problems) == MAX_PROBLEMS and "另有" not in str(problems[-1].get("what")):
        raise Broken("21st problem is not the “另有 N 处” line", str(problems[-1])[:200])
    for problem in problems:
        what = problem.get("what")
        if not isinstance(what, str) or not what.strip():
            raise Broken("problem without what", str(problem)[:200])
        if OPTION_LIST.search(RECEIVED.sub("", what)):
            raise Broken("English option list in a problem", f"{problem['where']}：{what}"[:300])


def _same(first: Any, second: Any) -> None:
    if json.dumps(first, ensure_ascii=False) != json.dumps(second, ensure_ascii=False):
        a = json.dumps(first, ensure_ascii=False)
        b = json.dumps(second, ensure_ascii=False)
        at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), 0)
        raise Broken("same input, different answer", f"{_excerpt(a, at)} vs {_excerpt(b, at)}")


# ---- showing inputs -----------------------------------------------------------------------


def _digits(n: int) -> int:
    return len(str(abs(n))) if n.bit_length() < 10_000 else int(n.bit_length() * 0.30103) + 1


SHOW_CHARS = 60
"""Texts up to this long are shown whole by :func:`show` (bench/fuzz shows more of the
minimal reproductions); bytes up to twice as long."""


def show(value: Any, budget: int = 6) -> str:
    """A short, faithful picture of JSON-like data: long texts, huge numbers, wide and deep
    containers abbreviated (``'x' * 100,000``, ``<int of 5,000 digits>``, ``[…1,000 deep…]``)."""
    depth = 0
    inner = value
    while isinstance(inner, list | dict) and len(inner) == 1 and depth < 1_000_000:
        inner = inner[0] if isinstance(inner, list) else next(iter(inner.values()))
        depth += 1
    if depth > 8:
        head = value
        opener = ""
        for _ in range(2):
            if isinstance(head, list):
                opener += "["
                head = head[0]
            else:
                key = next(iter(head))
                opener += f"{{{key!r}: "
                head = head[key]
        return f"{opener}…nested {depth:,} deep… {show(inner, budget - 1)}"
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return repr(value) if _digits(value) <= 30 else f"<int of {_digits(value):,} digits>"
    if isinstance(value, str):
        if len(value) <= SHOW_CHARS:
            return repr(value)
        if len(set(value)) == 1:
            return f"{value[0]!r} * {len(value):,}"
        return f"{value[: SHOW_CHARS * 2 // 3]!r}…<{len(value):,} characters>"
    if isinstance(value, bytes | bytearray):
        if len(value) <= 2 * SHOW_CHARS:
            return repr(bytes(value))
        return f"{bytes(value[: SHOW_CHARS * 4 // 3])!r}…<{len(value):,} bytes>"
    if budget <= 0:
        return "[…]" if isinstance(value, list) else "{…}"
    if isinstance(value, list):
        items = [show(v, budget - 1) for v in value[:4]]
        more = f", …<{len(value):,} items>" if len(value) > 4 else ""
        return "[" + ", ".join(items) + more + "]"
    if isinstance(value, dict):
        pairs = [f"{show(k, 1)}: {show(v, budget - 1)}" for k, v in list(value.items())[:8]]
        more = f", …<{len(value):,} keys>" if len(value) > 8 else ""
        return "{" + ", ".join(pairs) + more + "}"
    return repr(value)[:200]


REPORT: list[Callable[[Broken], None]] = []
"""bench/fuzz's collector: when set, a failure is handed to it and the next input is tried
(the tests let the first failure fail the test)."""


def attempt(
    kind: str,
    test: str,
    label: str,
    check: Callable[..., None],
    subject: tuple[Any, ...],
    show_: Callable[[tuple[Any, ...]], str],
    recipe: Any = None,
) -> None:
    """Count one input of ``kind`` and ``check(*subject)``; a failure is given what the
    bench needs to reproduce and minimize it."""
    fuzzcount.add(kind, test)
    try:
        check(*subject)
    except Broken as broken:
        broken.subject, broken.check, broken.show = subject, check, show_
        broken.label, broken.test = label, test
        if recipe is not None:
            broken.detail = f"recipe: {_recipe(recipe)}\n  {broken.detail}"
        if not REPORT:
            raise
        REPORT[0](broken)


# ---- questions: checks --------------------------------------------------------------------


def check_run(name: str, payload: Any) -> None:
    """Properties 1–3 for ``run(name, payload)`` (asked twice, each time with a copy)."""
    first = call(api.run, name, clone(payload))
    check_answer(first)
    second = call(api.run, name, clone(payload))
    _same(first, second)


def show_run(subject: Any) -> str:
    return f"calc.api.run({show(subject[0])}, {show(subject[1])})"


def siblings(i: int, n: int = 2) -> list[int]:
    """Up to ``n`` other example cases of case ``i``'s question."""
    same = [j for j, c in enumerate(CASES) if c.question == CASES[i].question]
    at = same.index(i)
    return [same[(at + k) % len(same)] for k in range(1, min(n, len(same) - 1) + 1)]


FIRST_CASE = {name: next(i for i, c in enumerate(CASES) if c.question == name) for name in NAMES}


def expand_question(recipe: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """The inputs one question recipe stands for: edits of a case also on two other cases
    of its question and each edit alone; a context also with one case of every other
    question; a whole payload (or shell) also for every other question."""
    kind = recipe[0]
    if kind == "case":
        _, i, edits = recipe
        out = [recipe]
        if len(edits) > 1:
            out += [("case", i, [edit]) for edit in edits]
        return out + [("case", j, edits) for j in siblings(i)]
    if kind == "context":
        _, i, context = recipe
        others = [FIRST_CASE[n] for n in NAMES if n != CASES[i].question]
        return [recipe] + [("context", j, context) for j in others]
    first = recipe[1]
    return [recipe] + [(kind, name, *recipe[2:]) for name in NAMES if name != first]


def ask(recipe: tuple[Any, ...], test: str = "questions") -> None:
    """A question recipe (every input of :func:`expand_question`) through :func:`check_run`."""
    for one in expand_question(recipe):
        name, payload = build_question(one)
        attempt("questions", test, name, check_run, (name, payload), show_run, one)


def _recipe(recipe: Any) -> str:
    text = _brief(recipe)
    return text if len(text) <= 900 else text[:900] + "…"


def _brief(value: Any, depth: int = 0) -> str:
    """A recipe as Python (ASCII), long texts and bytes shortened."""
    if depth > 8:
        return "…"
    if isinstance(value, tuple | list):
        inner = ", ".join(_brief(v, depth + 1) for v in value[:12])
        more = ", …" if len(value) > 12 else ""
        comma = "," if isinstance(value, tuple) and len(value) == 1 else ""
        return f"({inner}{comma}{more})" if isinstance(value, tuple) else f"[{inner}{more}]"
    if isinstance(value, dict):
        pairs = [
            f"{_brief(k, depth + 1)}: {_brief(v, depth + 1)}" for k, v in list(value.items())[:8]
        ]
        return "{" + ", ".join(pairs) + (", …" if len(value) > 8 else "") + "}"
    if isinstance(value, str | bytes) and len(value) > 60:
        return ascii(show(value))[1:-1]
    return ascii(value)


def case_label(index: int) -> str:
    case = CASES[index]
    return f"{case.file} “{case.name}”"


# ---- run_json -----------------------------------------------------------------------------

JSON_TEXTS: dict[str, Callable[[], str]] = {
    "empty": lambda: "",
    "space": lambda: " ",
    "{": lambda: "{",
    "}": lambda: "}",
    "null": lambda: "null",
    "1": lambda: "1",
    '"x"': lambda: '"x"',
    "[]": lambda: "[]",
    "[[[[ 100,000 deep": lambda: "[" * 100_000,
    "[[[[ 100,000 deep, closed": lambda: "[" * 100_000 + "]" * 100_000,
    '{"input": {"a": … 50,000 deep': lambda: '{"input": ' + '{"a": ' * 50_000 + "1" + "}" * 50_001,
    '{"input": [[[[ 5,000 deep': lambda: '{"input": ' + "[" * 5_000 + "]" * 5_000 + "}",
    "5,000 digits": lambda: "1" * 5000,
    "-5,000 digits": lambda: "-" + "1" * 5000,
    "1e999": lambda: "1e999",
    "-1e999": lambda: "-1e999",
    "NaN": lambda: "NaN",
    "Infinity": lambda: "Infinity",
    "-Infinity": lambda: "-Infinity",
    "input NaN": lambda: '{"input": NaN, "context": Infinity}',
    "trainees 1e999": lambda: '{"input": {"trainees": 1e999}}',
    "trainees 5,000 digits": lambda: '{"input": {"trainees": ' + "9" * 5000 + "}}",
    "trainees 5,000-digit float": lambda: '{"input": {"trainees": 1' + "0" * 5000 + ".5}}",
    "BOM": lambda: "\ufeff{}",
    "trailing": lambda: '{"input": {}} x',
    "duplicate keys": lambda: '{"input": {}, "input": []}',
    "escaped surrogate key": lambda: '{"\\ud800": 1}',
    "escaped surrogate value": lambda: '{"input": {"name": "\\udfff"}}',
    "raw surrogate": lambda: '{"input": "\ud800"}',
    "NUL": lambda: "\x00",
    "escaped NUL": lambda: '{"input": {"a": "\\u0000"}}',
    "as_of 9999-12-31": lambda: (
        '{"input": {}, "context": {"as_of": "9999-12-31", "spb_issued": "9999-12-31"}}'
    ),
    "as_of 0001-01-01": lambda: '{"context": {"as_of": "0001-01-01", "spb_issued": "0001-01-01"}}',
    "100,000 items": lambda: "[" + "1," * 100_000 + "1]",
    "50,000 keys": lambda: '{"input": {' + ",".join(f'"k{i}": 1' for i in range(50_000)) + "}}",
}
HEAVY_JSON = [
    "[[[[ 100,000 deep", "[[[[ 100,000 deep, closed", '{"input": {"a": … 50,000 deep',
    "100,000 items", "50,000 keys",
]  # fmt: skip
"""Texts that cost a hundred light ones: drawn one time in 40 (and every run tried once in
tests/test_fuzz_shapes.py)."""
LIGHT_JSON = [name for name in JSON_TEXTS if name not in HEAVY_JSON]
JSON_TEXT = weighted((40, st.sampled_from(LIGHT_JSON)), (1, st.sampled_from(HEAVY_JSON)))
QUESTION_RECIPE = weighted((4, EDITED_CASE), (1, CONTEXTED_CASE), (1, WHOLE), (1, SHELL))
JSON_RECIPE = weighted(
    (2, st.tuples(st.just("text"), NAME, JSON_TEXT)),
    (3, st.tuples(st.just("dumped"), QUESTION_RECIPE, st.booleans())),
    (
        2,
        st.tuples(
            st.just("cut"),
            QUESTION_RECIPE,
            st.integers(0, 1 << 16),
            st.sampled_from(["cut", "insert", "delete"]),
            TEXT,
        ),
    ),
)
"""run_json text: named texts, a payload as JSON (ASCII or not, NaN allowed), or that JSON
cut short, with text inserted or a character deleted."""


@no_gc
def build_json(recipe: tuple[Any, ...]) -> tuple[str, str]:
    if recipe[0] == "text":
        return recipe[1], JSON_TEXTS[recipe[2]]()
    if recipe[0] == "to":
        return recipe[1], build_json(recipe[2])[1]
    name, payload = build_question(recipe[1])
    text = as_text(payload, recipe[0] == "dumped" and recipe[2])
    if recipe[0] == "dumped":
        return name, text
    _, _, at, how, insert = recipe
    at = at % (len(text) + 1)
    if how == "cut":
        return name, text[:at]
    if how == "insert":
        return name, text[:at] + insert + text[at:]
    return name, text[:at] + text[at + 1 :]


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parsed_answer(what: str, text: str) -> Any:
    """An answer given as JSON text, parsed, once it is known to be UTF-8 and JSON."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise Broken(
            f"{what} answer has a lone surrogate (not UTF-8)", _excerpt(text, exc.start)
        ) from None
    try:
        return json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        raise Broken(f"{what} answer is not JSON", f"{exc}: {text[:200]!r}") from None


def check_run_json(name: str, text: str) -> None:
    """Property 4: JSON text in, JSON text satisfying 2 out, the same twice."""
    answers = []
    for _ in range(2):
        out = call(api.run_json, name, text)
        if not isinstance(out, str):
            raise Broken("run_json answered something other than text", type(out).__name__)
        check_answer(parsed_answer("run_json", out))
        answers.append(out)
    if answers[0] != answers[1]:
        _same(json.loads(answers[0]), json.loads(answers[1]))


def show_json(subject: Any) -> str:
    return f"calc.api.run_json({show(subject[0])}, {show(subject[1])})"


def expand_json(recipe: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """A named text for every question; a payload's text also for two other questions."""
    if recipe[0] == "text" and recipe[2] not in HEAVY_JSON:
        return [recipe] + [("text", name, recipe[2]) for name in NAMES if name != recipe[1]]
    if recipe[0] == "text":
        return [recipe]
    name = build_question(recipe[1])[0]
    at = NAMES.index(name) if name in NAMES else 0
    return [recipe] + [("to", NAMES[(at + k) % len(NAMES)], recipe) for k in (1, 5)]


def ask_json(recipe: tuple[Any, ...], test: str = "run_json") -> None:
    for one in expand_json(recipe):
        name, text = build_json(one)
        attempt("questions", test, name, check_run_json, (name, text), show_json, one)


# ---- the CLI ------------------------------------------------------------------------------

_TMP: list[Path] = []


def scratch() -> Path:
    """A temporary folder for this process's CLI files (removed at exit)."""
    if not _TMP:
        import atexit

        _TMP.append(Path(tempfile.mkdtemp(prefix="calc-fuzz-")))
        atexit.register(shutil.rmtree, _TMP[0], True)
    return _TMP[0]


OPTION_TEXT = weighted(
    (3, st.sampled_from(DATES)),
    (1, st.sampled_from([t for t in TEXTS if "\x00" not in t and len(t) < 1000])),
    (1, TEXT.filter(lambda s: "\x00" not in s)),
)
"""Text an option may carry: argv can hold anything but NUL (undecodable bytes arrive as
lone surrogates, ``\\udcff``)."""
OPTIONS = st.lists(
    weighted(
        (2, st.tuples(st.sampled_from(["--as-of", "--spb-issued"]), OPTION_TEXT)),
        (
            2,
            st.tuples(
                st.just("--reading"),
                st.tuples(
                    st.sampled_from(READING_KEYS) | OPTION_TEXT,
                    st.sampled_from(READING_VALUES) | OPTION_TEXT,
                ).map("=".join),
            ),
        ),
        (
            2,
            st.tuples(
                st.sampled_from(["-f", "--format"]),
                st.sampled_from(["json", "table", "csv", "xml"]),
            ),
        ),
        (1, st.tuples(st.just("-o"), st.sampled_from(["{out}", "{missing}/out.json"]))),
        (1, st.tuples(st.just("--basis"), st.sampled_from(["hours", "sessions"]))),
    ),
    max_size=3,
)
ENCODINGS = ["utf-8", "utf-8", "utf-8-sig", "ascii", "utf-16", "gbk"]
CLI_RECIPE = st.tuples(
    st.sampled_from(["direct", "ask", "stdin", "file-command"]),
    weighted((3, QUESTION_RECIPE.map(lambda r: ("payload", r))),
             (1, st.tuples(NAME, st.sampled_from(list(JSON_TEXTS))).map(lambda r: ("text", r)))),
    st.sampled_from(ENCODINGS),
    OPTIONS,
    st.booleans(),
)  # fmt: skip
"""``cqcalc NAME FILE``, ``cqcalc ask NAME FILE``, ``cqcalc ask NAME -`` (stdin) or
``cqcalc attendance FILE.json``, with a JSON file of a payload, and options before or after."""


def build_cli(recipe: tuple[Any, ...]) -> tuple[list[str], bytes, bool]:
    """(argv with ``{file}``, ``{out}`` placeholders, the file's bytes, read from stdin)."""
    style, source, encoding, options, before = recipe
    if source[0] == "payload":
        name, payload = build_question(source[1])
        text = as_text(payload, encoding == "ascii")
    else:
        name, text = source[1][0], JSON_TEXTS[source[1][1]]()
    codec = "utf-8" if encoding == "ascii" else encoding
    data = text.encode(codec, errors="surrogatepass" if codec.startswith("utf") else "replace")
    opts = [part for option in options for part in option]
    if style == "file-command":
        command = ["attendance" if name != "roster" else "roster", "{file}"]
    elif style == "direct":
        command = [name, "{file}"]
    else:
        command = ["ask", name, "-" if style == "stdin" else "{file}"]
    argv = opts + command if before else command + opts
    return argv, data, style == "stdin"


@contextlib.contextmanager
def captured(stdin: bytes = b"") -> Iterator[tuple[io.TextIOWrapper, io.TextIOWrapper]]:
    """sys.stdin, stdout and stderr replaced by in-memory UTF-8 streams."""
    saved = sys.stdin, sys.stdout, sys.stderr
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    sys.stdout, sys.stderr = out, err
    try:
        yield out, err
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved


def check_cli(argv: list[str], data: bytes, stdin: bool, suffix: str = ".json") -> None:
    """Property 5: ``main(argv)`` returns 0, 1 or 2 (SystemExit from argparse counts)."""
    folder = scratch()
    path = folder / f"in{suffix}"
    path.write_bytes(data)
    out_path = folder / "out.json"
    args = [
        a.replace("{file}", str(path))
        .replace("{out}", str(out_path))
        .replace("{missing}", str(folder / "no-such-folder"))
        for a in argv
    ]
    with captured(data if stdin else b"") as (_, err):
        try:
            code = cli.main(args)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            raise Broken(
                f"cli {raised(exc)}", "".join(traceback.format_exception(exc))[-1500:]
            ) from None
        err.flush()
        said = err.buffer.getvalue().decode("utf-8", "replace")  # type: ignore[attr-defined]
    if code not in (0, 1, 2):
        kind = re.search(r"内部错误[（：]\s*(\w+)", said)
        cause = f"cli exit status {code}" + (f" (内部错误：{kind.group(1)})" if kind else "")
        raise Broken(cause, said[-600:])


def show_cli(subject: Any) -> str:
    argv, data, stdin, suffix = subject
    where = "stdin" if stdin else f"{{file}} ({suffix})"
    return f"cqcalc {' '.join(show(a, 1) for a in argv)}  with {where} = {show(data)}"


def ask_cli(recipe: tuple[Any, ...], test: str = "cli") -> None:
    argv, data, stdin = build_cli(recipe)
    at = argv.index("-" if stdin else "{file}")
    label = argv[at - 1]  # the question (or attendance, roster)
    attempt("questions", test, label, check_cli, (argv, data, stdin, ".json"), show_cli, recipe)


# ---- templates ----------------------------------------------------------------------------

TEMPLATE_NAMES = list(TEMPLATES)
FORMAT = weighted(*[(1 if fmt == "docx" else 3, st.just(fmt)) for fmt in FORMATS])
"""The format to render: a .docx (six times slower to make) one time in seven."""
DOC_CONTEXT = st.tuples(
    st.sampled_from(["as_of", "none", "dates", "readings", "both", "whole"]),
    DATE_VALUE,
    DATE_VALUE,
    READINGS,
    LIGHT_VALUE,
)


def _doc_paths(i: int) -> list[tuple[Any, ...]]:
    return paths(DOCUMENTS[i][1])


def _doc_dates(i: int) -> list[tuple[Any, ...]]:
    data = DOCUMENTS[i][1]
    return [p for p in paths(data) if _looks_like_date(get(data, p))] or [("start_date",)]


_DOC_RECIPES = [
    st.tuples(
        st.just("doc"), st.just(i), _edits_of(_doc_paths(i), _doc_dates(i), heavy=False),
        DOC_CONTEXT, FORMAT,
    )
    for i in range(len(DOCUMENTS))
]  # fmt: skip
EDITED_DOCUMENT = st.sampled_from(range(len(DOCUMENTS))).flatmap(_DOC_RECIPES.__getitem__)
"""A form fixture with one to three edits, a context for findings, a format to render."""
WHOLE_DOCUMENT = st.tuples(
    st.just("docwhole"),
    weighted((9, st.sampled_from(TEMPLATE_NAMES)), (1, st.sampled_from(HOSTILE_NAMES))),
    LIGHT_VALUE,
    DOC_CONTEXT,
    FORMAT,
)
DOCUMENT_RECIPE = weighted((4, EDITED_DOCUMENT), (1, WHOLE_DOCUMENT))


@no_gc
def build_document(recipe: tuple[Any, ...]) -> tuple[str, Any, Any, str]:
    """(template name, data, context for findings, format)."""
    if recipe[0] == "doc":
        _, i, edits, ctx, fmt = recipe
        name, data = DOCUMENTS[i][0], clone(DOCUMENTS[i][1])
        for edit in edits:
            data = apply_edit(data, edit)
    else:
        _, name, value, ctx, fmt = recipe
        data = build_value(value)
    mode = ctx[0]
    context: Any = {"as_of": "2026-03-01"}
    if mode == "none":
        context = None
    elif mode == "whole":
        context = build_value(ctx[4])
    elif mode != "as_of":
        context = build_context(ctx, context)
    return name, data, context, fmt


def _refused(exc: InputError) -> Any:
    out = call(exc.to_json)
    check_answer(out)
    return out


def check_document(name: str, data: Any, context: Any, fmt: str) -> None:
    """Property 6 for the templates: validate, render and findings raise nothing but
    InputError (whose JSON satisfies 2), findings answers a dict satisfying 2 or
    ``{"ok": true}``, each the same twice."""
    outcomes = []
    for _ in range(2):
        try:
            outcomes.append(("valid", call(validate, name, clone(data), allow=InputError)))
        except InputError as exc:
            outcomes.append(("refused", _refused(exc)))
    if outcomes[0] != outcomes[1]:
        raise Broken(
            "validate: same input, different outcome",
            f"{outcomes[0]!r:.200} vs {outcomes[1]!r:.200}",
        )
    rendered = []
    for _ in range(2):
        try:
            blob = call(render, name, clone(data), fmt, allow=InputError)
            if not isinstance(blob, bytes) or not blob:
                raise Broken("render answered no bytes", repr(blob)[:100])
            rendered.append(blob)
        except InputError as exc:
            rendered.append(_refused(exc))
    if rendered[0] != rendered[1]:
        raise Broken(f"render {fmt}: same input, different output", "")
    if (outcomes[0][0] == "valid") != isinstance(rendered[0], bytes):
        raise Broken("validate and render disagree", f"validate {outcomes[0][0]}, render {fmt}")
    found = []
    for _ in range(2):
        try:
            out = call(findings, name, clone(data), clone(context), allow=InputError)
        except InputError as exc:
            out = _refused(exc)
        if out != {"ok": True}:
            check_answer(out)
        found.append(out)
    _same(found[0], found[1])


def show_document(subject: Any) -> str:
    name, data, context, fmt = subject
    shown = f"{show(name)}, {show(data)}, context={show(context)}"
    return f"calc.render validate/render {fmt!r}/findings({shown})"


def expand_document(recipe: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """Edits of a fixture also on the template's other fixture (full or minimal) and each
    edit alone; a whole value also for every other template."""
    if recipe[0] == "doc":
        _, i, edits, ctx, fmt = recipe
        out = [recipe, ("doc", i ^ 1, edits, ctx, fmt)]  # DOCUMENTS: full, minimal, full…
        if len(edits) > 1:
            out += [("doc", i, [edit], ctx, fmt) for edit in edits]
        return out
    _, first, *rest = recipe
    return [recipe] + [("docwhole", name, *rest) for name in TEMPLATE_NAMES if name != first]


def fill(recipe: tuple[Any, ...], test: str = "templates") -> None:
    for one in expand_document(recipe):
        subject = build_document(one)
        attempt("templates", test, subject[0], check_document, subject, show_document, one)


# ---- uploads ------------------------------------------------------------------------------

UPLOAD_NAMES = file_questions()
FILENAMES = [
    "表.csv", "表.xlsx", "签到.CSV", "花名册.XLSX", "", "导出.txt", "表.xls", "a.json",
    "\ud800.csv", "x" * 5000 + ".csv", "../../etc/passwd", "表.csv\x00.xlsx", ".xlsx",
]  # fmt: skip
HEADERS = [*sorted({name for c in COLUMNS.values() for name in c.names}), "", "\ud800", "姓名"]
TYPED_CELLS: dict[str, Any] = {
    "0": 0, "-1": -1, "2**63": 2**63, "10**20": 10**20, "1e308": 1e308, "0.1": 0.1, "true": True,
    "datetime 9999-12-31 23:59:59": datetime(9999, 12, 31, 23, 59, 59),
    "datetime 1900-01-01": datetime(1900, 1, 1), "date 2026-02-28": date(2026, 2, 28),
    "Decimal 1E+30": Decimal("1E+30"),
}  # fmt: skip
CELL_TEXTS = [_text_name(t) for t in TEXTS if len(t) < 10_000] + DATE_NAMES[: len(DATES)]
CELL_VALUES = weighted(
    (3, st.sampled_from(CELL_TEXTS).map(lambda n: ("atom", n))),
    (2, TEXT.map(lambda s: ("text", s))),
    (1, st.sampled_from(list(TYPED_CELLS)).map(lambda n: ("typed", n))),
)
"""What a cell holds: any text, a date, a number (typed numbers and dates in XLSX only)."""
CELL_EDITS = st.lists(
    st.one_of(
        st.tuples(st.just("cell"), st.integers(0, 50), st.integers(0, 10), CELL_VALUES),
        st.tuples(st.just("column"), st.sampled_from(HEADERS), CELL_VALUES),
        st.tuples(st.just("rows"), st.sampled_from([0, 1, 500, 10_001])),
    ),
    min_size=1,
    max_size=3,
)
"""Cells replaced, a column added (any header, every row the same value), the data rows
cut or repeated to a number (10,001: past the roster's 10,000; an XLSX stops at 500)."""
VALUE_EDITS = [
    ("<v>", "<v>-"), ("<v>", "<v>1e300"), ("<v>", "<v>2958466"), ("<v>", "<v>NaN"),
    ("<v>", "<v>1E+400"), ("<v>", "<v>" + "9" * 5000), ("<v>", "<v>0x"), ("t=\"n\"", "t=\"d\""),
    ("t=\"d\"", "t=\"n\""), ("<v>", "<v>9999-12-31T23:59:59"),
]  # fmt: skip
"""Edits of the first typed cell of a worksheet: a negative, huge or invalid number, a
date serial past 9999-12-31, a number read as a date or a date as a number."""
PAYLOAD_TEXT = weighted(
    (6, st.just(("valid",))),
    (1, st.sampled_from(list(JSON_TEXTS)).map(lambda n: ("text", n))),
    (
        1,
        st.tuples(
            st.just("options"),
            st.dictionaries(
                KEY | st.sampled_from(["category", "mode", "reference_date"]),
                LIGHT_VALUE,
                max_size=3,
            ),
        ),
    ),
    (1, st.tuples(st.just("context"), CONTEXT)),
    (1, st.tuples(st.just("whole"), LIGHT_VALUE)),
)
UPLOAD_RECIPE = st.tuples(
    weighted(
        (9, st.sampled_from(UPLOAD_NAMES)), (1, st.sampled_from(["plan-check", *HOSTILE_NAMES]))
    ),
    weighted(
        (3, st.tuples(st.just("csv"), st.lists(CSV_MUTATIONS, max_size=2))),
        (2, st.tuples(st.just("xlsx"), st.lists(PART_MUTATIONS | BYTE_MUTATIONS, max_size=2))),
        (3, st.tuples(st.just("cells-csv"), CELL_EDITS, st.sampled_from(ENCODINGS))),
        (
            3,
            st.tuples(
                st.just("cells-xlsx"),
                CELL_EDITS,
                st.lists(st.sampled_from(VALUE_EDITS).map(lambda e: ("part-edit", e)), max_size=2),
            ),
        ),
        (1, st.tuples(st.just("bytes"), st.binary(max_size=300))),
    ),
    st.sampled_from(FILENAMES),
    PAYLOAD_TEXT,
)
"""An upload: the question (or a name that is none), the file (a valid CSV or XLSX of
tests/test_fuzz_documents.py mutated with its mutations, a table with hostile cells, or
random bytes), the file name and the payload text (valid, or of any shape)."""


def _table(
    question: str, edits: list[tuple[Any, ...]], most: int = 10_001
) -> tuple[list[Any], list[list[Any]]]:
    header, rows = TABLES[question]
    header, rows = list(header), [list(r) for r in rows]
    for edit in edits:
        if edit[0] == "cell" and rows:
            row = rows[edit[1] % len(rows)]
            row[edit[2] % len(row)] = _cell(edit[3])
        elif edit[0] == "column":
            header.append(edit[1])
            rows = [[*r, _cell(edit[2])] for r in rows]
        elif edit[0] == "rows":
            n = min(edit[1], most)
            rows = (rows * (n // max(len(rows), 1) + 1))[:n] if rows else []
    return header, rows


def _cell(recipe: tuple[str, Any]) -> Any:
    return TYPED_CELLS[recipe[1]] if recipe[0] == "typed" else build_value(recipe)


def csv_bytes(header: list[Any], rows: list[list[Any]], encoding: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in [header, *rows]:
        writer.writerow([v if isinstance(v, str) else str(v) for v in row])
    codec = "utf-8" if encoding == "ascii" else encoding
    return out.getvalue().encode(
        codec, errors="surrogatepass" if codec.startswith("utf") else "replace"
    )


def _xlsx_cells(header: list[Any], rows: list[list[Any]]) -> bytes:
    """An XLSX (openpyxl, as Excel would save it) of these cells; text openpyxl cannot store
    (control characters, lone surrogates) is replaced first."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def fit(v: Any) -> Any:
        if isinstance(v, str):
            v = ILLEGAL_CHARACTERS_RE.sub("?", v)
            return v.encode("utf-8", "replace").decode("utf-8")[:32_000]
        return v

    return xlsx_bytes([[fit(v) for v in row] for row in [header, *rows]])


def build_upload(recipe: tuple[Any, ...]) -> tuple[str, bytes, str, str]:
    """(question, file bytes, file name, payload text); ``("as", name, recipe)`` is the
    file of ``recipe`` sent to question ``name``."""
    if recipe[0] == "as":
        _, name, inner = recipe
        _, data, filename, _ = build_upload(inner)
        return name, data, filename, _payload_text(name if name in TABLES else "roster", inner[3])
    name, source, filename, payload = recipe
    question = name if name in TABLES else "roster"
    key = repr((question, source))
    if key not in _FILES:
        if len(_FILES) > 64:
            _FILES.clear()
        _FILES[key] = _file_bytes(question, source)
    return name, _FILES[key], filename, _payload_text(question, payload)


_FILES: dict[str, bytes] = {}
"""The last files made (a recipe's file is tried for both questions)."""


def _file_bytes(question: str, source: tuple[Any, ...]) -> bytes:
    kind = source[0]
    if kind == "csv":
        data = CSV[question]
        for mutation in source[1]:
            data = _mutate(data, mutation)
    elif kind == "xlsx":
        data = XLSX[question]
        for mutation in source[1]:
            data = _mutate(data, mutation)
    elif kind == "cells-csv":
        data = csv_bytes(*_table(question, source[1]), source[2])
    elif kind == "cells-xlsx":
        data = _xlsx_cells(*_table(question, source[1], most=500))
        for mutation in source[2]:
            data = _mutate(data, mutation)
    else:
        data = source[1]
    return data


def _payload_text(question: str, recipe: tuple[Any, ...]) -> str:
    valid = upload_payload(question)
    kind = recipe[0]
    if kind == "text":
        return JSON_TEXTS[recipe[1]]()
    if kind == "options":
        value: Any = {**valid, "input": {k: build_value(v) for k, v in recipe[1].items()}}
    elif kind == "context":
        context = build_context(recipe[1], valid["context"])
        value = {"input": valid["input"]} if context is MISSING else {**valid, "context": context}
    elif kind == "whole":
        value = build_value(recipe[1])
    else:
        value = valid
    return as_text(value)


def check_upload(name: str, data: bytes, filename: str, payload: str) -> None:
    """Property 6 for uploads: never raises, answers JSON text satisfying 2, the same way
    twice (its progress reports too)."""
    answers = []
    for _ in range(2):
        heard: list[tuple[Any, ...]] = []
        got = call(upload, name, data, filename, payload, lambda *a, h=heard: h.append(a))
        if not (isinstance(got, tuple) and len(got) == 2 and isinstance(got[0], str)):
            raise Broken("upload did not answer (JSON text, result)", repr(got)[:200])
        text, result = got
        out = parsed_answer("upload", text)
        check_answer(out)
        if (result is None) != ("error" in out):
            raise Broken("upload: a result without its JSON or an error with a result", text[:200])
        answers.append((text, heard))
    if answers[0] != answers[1]:
        if answers[0][0] != answers[1][0]:
            _same(json.loads(answers[0][0]), json.loads(answers[1][0]))
        raise Broken("upload: same file, different progress", f"{answers[0][1]} vs {answers[1][1]}")


def show_upload(subject: Any) -> str:
    name, data, filename, payload = subject
    return f"calc.tables.upload({show(name)}, {show(data)}, {show(filename)}, {show(payload)})"


def expand_upload(recipe: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """A file for its question and also for the other file question (the wrong file)."""
    return [recipe, *[("as", other, recipe) for other in UPLOAD_NAMES if other != recipe[0]][:1]]


def send(recipe: tuple[Any, ...], test: str = "uploads") -> None:
    for one in expand_upload(recipe):
        subject = build_upload(one)
        attempt("files", test, subject[0], check_upload, subject, show_upload, one)


CLI_FILE_RECIPE = st.tuples(
    UPLOAD_RECIPE,
    st.lists(
        weighted(
            (2, st.tuples(st.sampled_from(["--as-of", "--spb-issued"]), OPTION_TEXT)),
            (1, st.tuples(st.just("--category"), st.sampled_from(["skill", "prejob", "x"]))),
            (1, st.tuples(st.just("--basis"), st.sampled_from(["hours", "sessions"]))),
            (1, st.tuples(st.sampled_from(["-f"]), st.sampled_from(["json", "table", "csv"]))),
        ),
        max_size=3,
    ),
)
"""``cqcalc attendance FILE`` / ``cqcalc roster FILE --category skill`` with an upload's file."""


def build_cli_file(recipe: tuple[Any, ...]) -> tuple[list[str], bytes, bool, str]:
    upload_recipe, options = recipe
    name, data, filename, _ = build_upload(upload_recipe)
    command = "roster" if name == "roster" else "attendance"
    suffix = ".xlsx" if filename.lower().endswith(".xlsx") or data[:2] == b"PK" else ".csv"
    argv = [command, "{file}", *[part for option in options for part in option]]
    if command == "roster" and "--category" not in argv:
        argv += ["--category", "skill"]
    return argv, data, False, suffix


def send_cli(recipe: tuple[Any, ...], test: str = "cli files") -> None:
    subject = build_cli_file(recipe)
    attempt("files", test, subject[0][0], check_cli, subject, show_cli, recipe)


# ---- targets --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """One property over one kind of recipe. CI draws ``examples`` hypothesis examples of
    ``batch`` recipes each (each recipe stands for several inputs: ``expand_*``); the bench
    gives it ``share`` of its inputs."""

    name: str
    kind: str
    recipes: st.SearchStrategy[Any]
    check: Callable[..., None]
    batch: int
    examples: int
    share: float


TARGETS: dict[str, Target] = {
    t.name: t
    for t in (
        # about 4.6 inputs a recipe (the edits also on two other cases, each edit alone)
        Target("questions: edited examples", "questions", EDITED_CASE, ask, 10, 130, 0.30),
        # 12 (the context with every question)
        Target("questions: contexts", "questions", CONTEXTED_CASE, ask, 5, 40, 0.10),
        # 12 (the payload for every question)
        Target("questions: whole payloads", "questions", WHOLE | SHELL, ask, 10, 30, 0.10),
        # 12 for a named text, 3 for a payload's text
        Target("questions: run_json", "questions", JSON_RECIPE, ask_json, 10, 40, 0.10),
        Target("questions: cli", "questions", CLI_RECIPE, ask_cli, 4, 60, 0.03),
        # 2 to 5 (the other fixture of the template, each edit alone; every template)
        Target("templates", "templates", DOCUMENT_RECIPE, fill, 5, 160, 0.17),
        # 2 (the file also for the other question)
        Target("files: uploads", "files", UPLOAD_RECIPE, send, 5, 150, 0.18),
        Target("files: cli", "files", CLI_FILE_RECIPE, send_cli, 2, 40, 0.02),
    )
}


def run_target(target: Target, recipes: list[Any]) -> None:
    for recipe in recipes:
        target.check(recipe, target.name)


# ---- number fields --------------------------------------------------------------------------

_DIGITS = "0123456789"
WIDE = str.maketrans(_DIGITS + ".,", "０１２３４５６７８９．，")
REFUSED_FORMS: dict[str, Callable[[str], Any]] = {
    "true": lambda s: True,
    "underscore": lambda s: s[0] + "_" + s[1:] if len(s.split(".")[0]) > 1 else "0_" + s,
    "superscript": lambda s: s.translate(str.maketrans(_DIGITS, "⁰¹²³⁴⁵⁶⁷⁸⁹")),
    "Arabic-Indic digits": lambda s: s.translate(str.maketrans(_DIGITS, "٠١٢٣٤٥٦٧٨٩")),
    "Devanagari digits": lambda s: s.translate(str.maketrans(_DIGITS, "०१२३४५६७८९")),
    "circled digits": lambda s: s.translate(str.maketrans(_DIGITS, "⓪①②③④⑤⑥⑦⑧⑨")),
    "exponent": lambda s: s + "e0",
}
"""Forms that are not what a Chinese user types for the number ``s`` (but that Python's int,
Decimal or NFKC would read as ``s``)."""


def _grouped(s: str) -> str:
    whole, dot, frac = s.partition(".")
    return f"{int(whole):,}" + dot + frac


def accepted_forms(s: str, was_int: bool) -> dict[str, Any]:
    """What a Chinese user may type for the number ``s``: the same number."""
    forms: dict[str, Any] = {"full-width": s.translate(WIDE)}
    if was_int:
        forms["as text"] = s
    if len(s.split(".")[0]) >= 4:
        forms["thousands"] = _grouped(s)
        forms["full-width thousands"] = _grouped(s).translate(WIDE)
    return forms


def field_at(model: type[BaseModel], path: tuple[Any, ...]) -> tuple[str, Any] | None:
    """(Chinese title of the last named field, annotation of the value) at ``path``."""
    title, annotation = "", model
    for step in path:
        if isinstance(step, int):
            lists = [t for t in _types(annotation) if typing.get_origin(t) is list]
            if not lists:
                return None
            annotation = typing.get_args(lists[0])[0]
            continue
        models = [t for t in _types(annotation) if _is_model(t)]
        if not models:
            return None
        field = next(
            (
                f
                for n, f in models[0].model_fields.items()
                if step in (n, f.alias, f.validation_alias)
            ),
            None,
        )
        if field is None:
            return None
        title, annotation = field.title or step, field.annotation
    return title, annotation


def _is_number(annotation: Any) -> bool:
    kinds = set(_types(annotation))
    return bool(kinds & {int, float, Decimal}) and str not in kinds and bool not in kinds


@dataclass(frozen=True)
class NumberInput:
    """One number field set to one typed form: in a question's example or a form fixture."""

    where: str  # a question name or "template NAME"
    label: str  # the case or fixture
    path: tuple[Any, ...]
    title: str
    form: str
    value: Any
    accepted: bool
    base: Any  # the payload (question) or data (template) with the original value


def number_inputs() -> list[NumberInput]:
    """Every number field of every valid example case and form fixture, in every typed form."""
    found = []
    sources: list[tuple[str, str, type[BaseModel], Any, tuple[Any, ...]]] = []
    seen: set[tuple[str, tuple[Any, ...]]] = set()
    for i, case in enumerate(CASES):
        if case.expect == "error":
            continue
        model = api.questions()[case.question].model
        payload = {"input": case.input, "context": case.context}
        sources.append((case.question, case_label(i), model, payload, ("input",)))
    for name, data in DOCUMENTS:
        sources.append((f"template {name}", name, TEMPLATES[name].model, data, ()))
    for where, label, model, base, prefix in sources:
        inner = get(base, prefix)
        for path in paths(inner):
            value = get(inner, path)
            if isinstance(value, bool) or not isinstance(value, int | str):
                continue
            text = str(value)
            if not re.fullmatch(r"\d+(\.\d+)?", text):
                continue
            at = field_at(model, path)
            if at is None or not _is_number(at[1]):
                continue
            shape = (where, tuple("#" if isinstance(s, int) else s for s in path))
            if shape in seen:
                continue  # the same field in another case or row
            seen.add(shape)
            forms = [(f, v, True) for f, v in accepted_forms(text, isinstance(value, int)).items()]
            forms += [(f, make(text), False) for f, make in REFUSED_FORMS.items()]
            for form, typed, ok in forms:
                found.append(
                    NumberInput(where, label, (*prefix, *path), at[0], form, typed, ok, base)
                )
    return found


def check_number(item: NumberInput) -> None:
    """An accepted form gives the same answer as the number; a refused one an error naming
    the field."""
    data = put(clone(item.base), item.path, item.value)
    if item.where.startswith("template "):
        name = item.where.split(" ", 1)[1]
        expected = call(validate, name, clone(item.base))
        try:
            got: Any = call(validate, name, data, allow=InputError)
        except InputError as exc:
            got = _refused(exc)
        if item.accepted and got != expected:
            raise Broken(f"typed number refused or read otherwise ({item.form})", show(got)[:300])
        if not item.accepted:
            _names_field(got, item)
        return
    got = call(api.run, item.where, data)
    check_answer(got)
    if item.accepted:
        expected = call(api.run, item.where, clone(item.base))
        if json.dumps(got, ensure_ascii=False) != json.dumps(expected, ensure_ascii=False):
            raise Broken(
                f"typed number refused or read otherwise ({item.form})",
                json.dumps(got, ensure_ascii=False)[:300],
            )
    else:
        _names_field(got, item)


def _names_field(got: Any, item: NumberInput) -> None:
    if not isinstance(got, dict) or "error" not in got:
        raise Broken(f"number field accepts {item.form}", f"{item.title} = {item.value!r} accepted")
    if not any(item.title in p["where"] for p in got["problems"]):
        raise Broken(
            f"number refused ({item.form}) without naming the field",
            f"{item.title}: {json.dumps(got['problems'], ensure_ascii=False)[:300]}",
        )


def show_number(item: NumberInput) -> str:
    path = "".join(f"[{s!r}]" for s in item.path)
    call_ = "calc.render.validate" if item.where.startswith("template") else "calc.api.run"
    return f"{call_}({item.where.removeprefix('template ')!r}, {item.label}{path} = {item.value!r})"


def try_number(item: NumberInput, test: str = "number fields") -> None:
    kind = "templates" if item.where.startswith("template") else "questions"
    attempt(kind, test, item.where, check_number, (item,), lambda s: show_number(s[0]))


# ---- minimizing (bench/fuzz) -----------------------------------------------------------------


def _smaller(value: Any, depth: int = 0) -> Iterator[Any]:
    """Values a little simpler than ``value``, biggest cuts first (one change each)."""
    if depth > 12:
        return
    if isinstance(value, dict):
        keys = list(value)
        if len(keys) > 8:
            half = len(keys) // 2
            yield {k: value[k] for k in keys[:half]}
            yield {k: value[k] for k in keys[half:]}
        for k in keys[:30]:
            yield {kk: vv for kk, vv in value.items() if kk != k}
        for k in keys[:30]:
            for smaller in _smaller(value[k], depth + 1):
                yield {**value, k: smaller}
    elif isinstance(value, list):
        if len(value) > 4:
            yield value[: len(value) // 2]
            yield value[len(value) // 2 :]
        if 1 < len(value) <= 30:
            for i in range(len(value)):
                yield value[:i] + value[i + 1 :]
        for i in range(min(len(value), 8)):
            for smaller in _smaller(value[i], depth + 1):
                yield [*value[:i], smaller, *value[i + 1 :]]
    elif isinstance(value, str | bytes):
        if len(value) > 1:
            yield value[: len(value) // 2]
            yield value[len(value) // 2 :]
            if len(value) <= 16:
                for i in range(len(value)):
                    yield value[:i] + value[i + 1 :]
    elif isinstance(value, int) and not isinstance(value, bool) and _digits(value) > 40:
        yield 10 ** (_digits(value) // 2)


def _smaller_json(part: Any) -> Iterator[Any]:
    """For JSON text (or its UTF-8 bytes): the text of each smaller value, so that what is
    cut stays JSON."""
    if not isinstance(part, str | bytes) or len(part) > 1_000_000:
        return
    try:
        value = json.loads(part.decode("utf-8-sig") if isinstance(part, bytes) else part)
    except (ValueError, RecursionError):
        return
    for smaller in _smaller(value):
        text = as_text(smaller)
        yield text.encode("utf-8", "surrogatepass") if isinstance(part, bytes) else text


def minimize(broken: Broken, seconds: float = 20.0) -> Broken:
    """A smaller input failing with the same cause (greedy, bounded by ``seconds``)."""
    check = broken.check
    if check is None or check is check_number:
        return broken
    best = broken
    deadline = time.monotonic() + seconds

    def fails(subject: tuple[Any, ...]) -> Broken | None:
        try:
            check(*subject)
        except Broken as again:
            if again.cause == broken.cause:
                again.subject, again.check, again.show = subject, check, broken.show
                again.label, again.test = broken.label, broken.test
                return again
        except Exception:  # an input the builder could not make
            return None
        return None

    improved = True
    while improved and time.monotonic() < deadline:
        improved = False
        subject = best.subject
        for position, part in enumerate(subject):
            if isinstance(part, bool) or (
                isinstance(part, str) and (position == 0 or len(part) <= 8)
            ):
                continue  # the question or template name, the format, stdin or not
            if check is check_cli and position == 0:  # argv: drop words, keep each whole
                smaller: Iterator[Any] = (part[:i] + part[i + 1 :] for i in range(len(part)))
            else:
                smaller = itertools.chain(_smaller_json(part), _smaller(part))
            for candidate in smaller:
                if time.monotonic() > deadline:
                    break
                again = fails((*subject[:position], candidate, *subject[position + 1 :]))
                if again is not None:
                    best, improved = again, True
                    break
            if improved:
                break
    best.detail = broken.detail if best is broken else best.detail
    return best
