"""Hostile and careless input as shapes, not only values (tests/shapes.py): wrong types at
every path, missing and extra keys, nesting, huge and tiny numbers, every Unicode category
(lone surrogates and control characters too), boundary dates, over every question
(``run``, ``run_json``, the CLI), every template (``validate``, ``render``, ``findings``)
and every file reader (``upload``, the CLI with a table).

Each hypothesis example draws ``batch`` recipes (``shapes.TARGETS``) so the overhead stays
low; bench/fuzz runs the same targets with 100,000 inputs or more. The count of inputs is
printed at the end of the run (tests/conftest.py). The number fields are tried in every
typed form (``shapes.number_inputs``), and a few shapes are kept as plain tests.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from calc.api import run
from calc.manifest import manifest
from calc.render import TEMPLATES
from calc.tables import file_questions
from tests import shapes
from tests.shapes import CASES, DOCUMENTS, TABLES, TARGETS, Broken

PHASES = [Phase.explicit, Phase.reuse, Phase.generate]
if os.environ.get("FUZZ_SHRINK"):
    PHASES.append(Phase.shrink)
"""Hypothesis shrinks a failing example (up to five minutes a test) only when FUZZ_SHRINK is
set: the failure names the one input that failed and its recipe, and bench/fuzz minimizes
every failure it finds."""


def _fuzz(name: str) -> Any:
    """The hypothesis test of target ``name``: ``examples`` examples of ``batch`` recipes."""
    target = TARGETS[name]

    @settings(
        max_examples=target.examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
        phases=PHASES,
    )
    @given(st.lists(target.recipes, min_size=target.batch, max_size=target.batch))
    def test(recipes: list[Any]) -> None:
        shapes.run_target(target, recipes)

    test.__doc__ = f"{name}: {target.examples} examples of {target.batch} recipes."
    return test


test_questions_edited_examples = _fuzz("questions: edited examples")
test_questions_contexts = _fuzz("questions: contexts")
test_questions_whole_payloads = _fuzz("questions: whole payloads")
test_questions_run_json = _fuzz("questions: run_json")
test_questions_cli = _fuzz("questions: cli")
test_templates = _fuzz("templates")
test_files_uploads = pytest.mark.filterwarnings("ignore::UserWarning")(_fuzz("files: uploads"))
test_files_cli = pytest.mark.filterwarnings("ignore::UserWarning")(_fuzz("files: cli"))


def test_every_entry_point_has_shapes():
    assert {c.question for c in CASES} == set(manifest()), "a question without an example case"
    assert {name for name, _ in DOCUMENTS} == set(TEMPLATES), "a template without a fixture"
    assert set(TABLES) == set(file_questions()), "a file question without a table"


# ---- number fields ----------------------------------------------------------------------------

NUMBERS = shapes.number_inputs()


def test_number_fields_take_only_what_a_chinese_user_types():
    """Every number field of every example case and form fixture: full-width digits, the
    number as text and thousands separators mean the number (the same answer); ``true``,
    ``1_000``, superscript, Arabic-Indic, Devanagari or circled digits and an exponent are
    refused with an error naming the field."""
    assert {n.where for n in NUMBERS} >= {"plan-check", "days", "template online-plan"}
    failures = []
    for item in NUMBERS:
        try:
            shapes.try_number(item)
        except Broken as broken:
            failures.append(f"{broken.cause}: {shapes.show_number(item)}: {broken.detail}")
    assert not failures, f"{len(failures)} of {len(NUMBERS)}:\n" + "\n".join(failures)


def _example(question: str) -> dict[str, Any]:
    case = next(c for c in CASES if c.question == question and c.expect != "error")
    return {"input": shapes.clone(case.input), "context": shapes.clone(case.context)}


def _with(question: str, **fields: Any) -> dict[str, Any]:
    payload = _example(question)
    payload["input"].update(fields)
    return payload


def _names(out: dict[str, Any], title: str) -> None:
    shapes.check_answer(out)
    assert "error" in out, f"accepted: {json.dumps(out, ensure_ascii=False)[:200]}"
    assert any(title in p["where"] for p in out["problems"]), out["problems"]


def test_true_is_not_a_number_of_trainees():
    _names(run("plan-check", _with("plan-check", trainees=True)), "开班人数")


@pytest.mark.parametrize("typed", ["3_0", "³⁰", "٣٠", "३०", "3e1", False])
def test_trainees_typed_otherwise_are_refused(typed: Any):
    _names(run("plan-check", _with("plan-check", trainees=typed)), "开班人数")


@pytest.mark.parametrize("typed", ["٦", "⁶", "0_6", True])
def test_days_typed_otherwise_are_refused(typed: Any):
    _names(run("plan-check", _with("plan-check", days=typed)), "培训天数")


@pytest.mark.parametrize(
    "question,field,number,typed",
    [
        ("plan-check", "trainees", 30, "３０"),
        ("plan-check", "trainees", 30, "30"),
        ("plan-check", "days", "6", "６"),
        ("days", "subsidy_yuan", "1500", "1,500"),
        ("days", "subsidy_yuan", "1500", "１，５００"),
        ("days", "subsidy_yuan", "1500.5", "１５００．５"),
    ],
)
def test_typed_numbers_mean_the_number(question: str, field: str, number: Any, typed: str):
    expected = run(question, _with(question, **{field: number}))
    assert "error" not in expected, expected
    assert run(question, _with(question, **{field: typed})) == expected


# ---- shapes kept as plain tests -----------------------------------------------------------------


PLAIN = "plain shapes"


def _run(question: str, payload: Any) -> None:
    shapes.attempt(
        "questions", PLAIN, question, shapes.check_run, (question, payload), shapes.show_run
    )


def _run_json(question: str, text: str) -> None:
    subject = (question, text)
    shapes.attempt("questions", PLAIN, question, shapes.check_run_json, subject, shapes.show_json)


def _cli(argv: list[str], data: bytes) -> None:
    subject = (argv, data, False, ".json")
    shapes.attempt("questions", PLAIN, argv[-2], shapes.check_cli, subject, shapes.show_cli)


def _document(name: str, data: Any, context: Any = None, fmt: str = "md") -> None:
    subject = (name, data, context, fmt)
    shapes.attempt("templates", PLAIN, name, shapes.check_document, subject, shapes.show_document)


def _upload(question: str, data: bytes, filename: str, payload: str) -> None:
    subject = (question, data, filename, payload)
    shapes.attempt("files", PLAIN, question, shapes.check_upload, subject, shapes.show_upload)


@pytest.mark.parametrize("atom", list(shapes.HEAVY))
def test_heavy_shapes(atom: str):
    """The heavy atoms, drawn only into the questions' examples by the hypothesis tests,
    every run in the other places: the whole payload, the input, a field, the context, a
    date and the readings of a question; a template's data and a field of it; an upload's
    options and context; run_json and the CLI."""
    make = shapes.ATOMS[atom]
    _run("days", make())
    _run("roster", {"input": make(), "context": {"as_of": "2026-03-01"}})
    _run("plan-check", _with("plan-check", trainees=make()))
    _run("attendance", {**_example("attendance"), "context": make()})
    _run("attendance", {**_example("attendance"), "context": {"as_of": make()}})
    _run("attendance", {**_example("attendance"), "context": {"readings": make()}})
    plan = shapes.clone(dict(DOCUMENTS)["online-plan"])
    _document("online-plan", {**plan, "modules": make()}, {"as_of": "2026-03-01"})
    _document("online-plan", plan, make())
    _document("trainee-roster", make())
    payload = shapes.as_text({"input": {"category": make()}, "context": make()})
    _upload("roster", shapes.CSV["roster"], "花名册.csv", payload)
    text = shapes.as_text({"input": make()})
    _run_json("effective-date", text)
    _cli(["effective-date", "{file}"], text.encode("utf-8", "surrogatepass"))


@pytest.mark.parametrize("op", shapes.HEAVY_OPS)
@pytest.mark.parametrize("question", ["attendance", "roster", "plan-check"])
def test_heavy_edits(question: str, op: str):
    """A list repeated to 20,001 items, a value nested 10,000 deep, in every list of the
    example."""
    i = shapes.FIRST_CASE[question]
    lists = [
        p for p in shapes.paths(CASES[i].input) if isinstance(shapes.get(CASES[i].input, p), list)
    ]
    for path in lists:
        edit = (("input", *path), op, ("atom", "null"), "")
        _run(*shapes.build_question(("case", i, [edit])))


@pytest.mark.parametrize("text", shapes.HEAVY_JSON)
def test_heavy_json(text: str):
    _run_json("eligibility", shapes.JSON_TEXTS[text]())


@pytest.mark.parametrize(
    "payload",
    [None, [], "input", 1, 1.5, True, shapes.nested("list", 100_000)],
    ids=["None", "list", "text", "int", "float", "bool", "list nested 100,000 deep"],
)
@pytest.mark.parametrize("question", ["plan-check", "roster"])
def test_a_payload_that_is_not_an_object(question: str, payload: Any):
    _run(question, payload)


@pytest.mark.parametrize(
    "fields",
    [
        {"trainees": 10**4999},
        {"trainees": float("nan")},
        {"\ud800": 1},
        {"modules": [{"name": "\ud800"}]},
        {"modules": shapes.nested("list", 5_000)},
    ],
    ids=["5,000 digits", "nan", "surrogate key", "surrogate value", "deep"],
)
def test_hostile_fields_in_a_plan(fields: dict[str, Any]):
    _run("plan-check", _with("plan-check", **fields))


@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01"])
@pytest.mark.parametrize("spb_issued", ["9999-12-31", "0001-01-01", None])
@pytest.mark.parametrize("question", ["plan-check", "effective-date", "attendance"])
def test_dates_at_the_ends_of_the_calendar(question: str, as_of: str, spb_issued: str | None):
    payload = _example(question)
    payload["context"] = {"as_of": as_of, "spb_issued": spb_issued}
    _run(question, payload)


@pytest.mark.parametrize(
    "text",
    ["[" * 100_000, "1" * 5000, "NaN", "1e999", '{"input": {"trainees": 1e999}}', '"\\ud800"'],
    ids=["100,000 deep", "5,000 digits", "NaN", "1e999", "trainees 1e999", "surrogate"],
)
def test_run_json_of_hostile_text(text: str):
    _run_json("plan-check", text)


@pytest.mark.parametrize(
    "data",
    [("[" * 100_000).encode(), b'{"input": {"trainees": 1e999}}', b'{"\\ud800": 1}'],
    ids=["100,000 deep", "1e999", "surrogate key"],
)
def test_the_cli_with_a_hostile_json_file(data: bytes):
    _cli(["plan-check", "{file}"], data)


@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01", "\udcff"])
def test_the_cli_with_a_hostile_date(as_of: str):
    payload = json.dumps(_example("plan-check")).encode()
    _cli(["--as-of", as_of, "--spb-issued", as_of, "plan-check", "{file}"], payload)


@pytest.mark.parametrize("readings", [True, "😀", [1], 5])
def test_the_cli_with_readings_that_are_not_an_object(readings: Any):
    """``context.readings`` of the JSON file not an object (found by test_questions_cli)."""
    payload = {**_example("documents"), "context": {"as_of": "2026-03-01", "readings": readings}}
    _cli(["documents", "{file}"], json.dumps(payload).encode())


@pytest.mark.parametrize(
    "payload",
    ["", "[", "[]", "null", '{"input": []}', '{"context": {"as_of": "9999-12-31"}}'],
)
def test_an_upload_with_a_hostile_payload(payload: str):
    _upload("attendance", shapes.CSV["attendance"], "签到.csv", payload)


def test_a_long_cell_is_not_echoed_in_full():
    """A name of 5,000 characters in a CSV: the error quotes it, but not whole."""
    header, rows = TABLES["attendance"]
    rows = [["字" * 5000, *rows[0][1:]], *rows[1:]]
    data = shapes.csv_bytes(list(header), rows, "utf-8")
    _upload("attendance", data, "签到.csv", json.dumps({"context": {"as_of": "2026-03-01"}}))


def test_an_upload_to_a_question_with_a_long_name():
    """A name of 5,000 characters where the question goes: the error quotes it, but not whole."""
    _upload("x" * 5000, shapes.CSV["roster"], "花名册.csv", "{}")
