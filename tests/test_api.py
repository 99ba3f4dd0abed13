"""The questions: each is where the manifest says it is, and run() answers bad requests
in Chinese without raising."""

import json

from calc.api import questions, run, run_json
from calc.manifest import manifest


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
