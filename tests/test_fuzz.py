"""Hostile input for every question: calc.api.run never raises, always answers either
a result or a Chinese error naming where, and answers the same input the same way.

Inputs are the example cases (calc/cases/*.toml) with one field at a time replaced by a
hostile value, at the top level or inside the first row of a list, plus whole random
objects. The number tried is bounded so CI stays quick (see ``settings`` below).
"""

import json
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc.api import run
from calc.examples import cases
from calc.manifest import manifest
from calc.result import Status
from tests import fuzzcount

HOSTILE: list[Any] = [
    None, "", " ", -1, 0, "-0", "NaN", "nan", "Infinity", "-inf", 1e308, "1e999", 10**40,
    "１２", "３０．５", "二十", "12课时", "<script>alert(1)</script>", "😀" * 3, "x" * 10_000,
    [], {}, [None], {"a": 1}, True, False, "2026-02-30", "2026-13-01", "0000-00-00",
    "9999-12-31T25:61", "\x00", "\u202e", "1,000", "٣", "¥200", "0.0000000000000000001",
]  # fmt: skip
CJK = re.compile(r"[\u4e00-\u9fff]")
SEEN: dict[str, int] = {}


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path of a case input: top-level fields and the fields of a list's first row."""
    out: list[tuple[Any, ...]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            out.append((*prefix, key))
            out.extend(_paths(value, (*prefix, key)))
    elif isinstance(data, list) and data and isinstance(data[0], dict):
        out.extend(_paths(data[0], (*prefix, 0)))
    return out


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    copy = json.loads(json.dumps(data))
    target = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return copy


EXAMPLES = [(c.question, c.input) for c in cases()]
MUTATIONS = st.sampled_from(EXAMPLES).flatmap(
    lambda ex: st.tuples(
        st.just(ex[0]),
        st.sampled_from(_paths(ex[1]) or [("extra",)]),
        st.sampled_from(HOSTILE),
        st.just(ex[1]),
    )
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)


def _answer_is_sane(question: str, payload: dict[str, Any]) -> None:
    SEEN[question] = SEEN.get(question, 0) + 1
    fuzzcount.add("questions", "test_fuzz")
    out = run(question, payload)
    assert out == run(question, payload), "same input, different answer"
    if "error" in out:
        assert CJK.search(out["message"]), out["message"]
        assert all(p["what"] for p in out["problems"])
        return
    assert out["status"] in {status.value for status in Status}
    assert out["checks"], "a result with no checks explains nothing"
    json.dumps(out, ensure_ascii=False)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MUTATIONS)
def test_one_hostile_field_in_a_valid_input(mutation):
    question, path, value, data = mutation
    _answer_is_sane(question, {"input": _replace(data, path, value)})


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(list(manifest())),
    st.dictionaries(st.text(max_size=12), JSON_VALUES, max_size=5),
)
def test_random_objects(question, data):
    _answer_is_sane(question, {"input": data, "context": data})


def test_every_question_was_fuzzed():
    assert set(SEEN) >= set(manifest()), f"not fuzzed: {set(manifest()) - set(SEEN)}"
    print(f"\nfuzz: {sum(SEEN.values())} inputs over {len(SEEN)} questions")
