"""The questions: each is where the manifest says it is, and run() answers bad requests
in Chinese without raising."""

import json

import pytest

from calc import cli
from calc.api import questions, run, run_json, schemas
from calc.cq16.trainees import class_50
from calc.kinds import Category
from calc.manifest import Entry, manifest, register, unregister
from calc.models import Input
from calc.result import Context, Result, conclude
from scripts.site.coverage import coverage_rows


def test_every_question_lives_where_the_manifest_says():
    found = questions()
    assert list(found) == list(manifest())
    for name, q in found.items():
        entry = manifest()[name]
        assert f"{q.func.__module__}:{q.func.__name__}" == entry.answer, name
        assert f"{q.model.__module__}:{q.model.__name__}" == entry.input, name


def test_unknown_question_is_an_error_in_chinese():
    out = run("no-such-question", {})
    assert out["error"] == "输入有误"
    assert "no-such-question" in out["message"]


def test_run_json_rejects_text_that_is_not_json():
    out = json.loads(run_json("days", "{not json"))
    assert out["message"] == "输入：不是有效的 JSON（第1行第2列）"


def test_bad_context_names_the_field():
    out = run("days", {"input": {}, "context": {"as_of": "yesterday"}})
    assert "判断日期" in out["message"]


def test_full_width_digits_count_as_numbers():
    days = {"category": "skill", "catalogue": "dadian"}
    wide = run("days", {"input": {**days, "subsidy_yuan": "１２００"}})
    plain = run("days", {"input": {**days, "subsidy_yuan": "1200"}})
    assert wide == plain
    assert "error" not in wide


class ClassSize(Input):
    """A made-up question's input: how many trainees a class has."""

    category: Category
    trainees: int


def check_class_size(inp: ClassSize, ctx: Context) -> Result:
    return conclude("class-size", "开班人数", class_50(inp.category, inp.trainees, ctx), ctx)


MADE_UP = Entry(
    name="class-size",
    title="开班人数",
    answer=f"{__name__}:check_class_size",
    input=f"{__name__}:ClassSize",
    rules=("CQ16-CLASS-50",),
    page="calculators/plan-check.md",
)


@pytest.fixture
def made_up_question():
    register(MADE_UP)
    yield MADE_UP
    unregister(MADE_UP.name)


def test_a_question_added_to_the_manifest_is_asked_everywhere(made_up_question, tmp_path, capsys):
    assert "class-size" in questions()
    out = run("class-size", {"input": {"category": "skill", "trainees": 51}})
    assert out["status"] == "fail" and out["checks"][0]["rule"] == "CQ16-CLASS-50"
    assert "class-size" in schemas()
    path = tmp_path / "class.json"
    path.write_text(json.dumps({"input": {"category": "skill", "trainees": 50}}), "utf-8")
    assert cli.main(["class-size", str(path), "--as-of", "2026-03-01"]) == cli.EXIT_OK
    assert json.loads(capsys.readouterr().out)["status"] == "pass"
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "class-size" in capsys.readouterr().out
    row = coverage_rows()["CQ16-CLASS-50"]
    assert row.questions["class-size"] == "calculators/plan-check.md"
