"""calc.display: what a page shows of a result, written by Python (calc.text), checked
against the regulation's own numbers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from calc.api import run
from calc.display import SHOWN, display, listing, text
from calc.examples import cases
from calc.manifest import manifest
from calc.text import num, pct


def _example(name: str) -> dict[str, Any]:
    wanted = manifest()[name].example
    case = next(c for c in cases() if c.name == wanted)
    return run(name, {"input": case.input, "context": case.context})


def _check(out: dict[str, Any], rule_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(c for c in out["display"]["checks"] if c["rule"] == rule_id)
    return found


def test_every_answer_has_a_display_with_one_entry_per_check() -> None:
    for case in cases():
        out = run(case.question, {"input": case.input, "context": case.context})
        if "error" in out:
            continue
        d = out["display"]
        assert [c["rule"] for c in d["checks"]] == [c["rule"] for c in out["checks"]]
        assert d["verdict"]["status"] == out["status"]
        assert {u["key"] for u in d["readings"]} == {u["key"] for u in out["readings"]}


def test_a_share_is_shown_as_a_percentage_of_the_text() -> None:
    out = _example("plan-check")
    practical = _check(out, "CQ16-PRACTICAL-60")
    rows = dict(practical["rows"])
    assert rows["实际值"] == "60%" and rows["标准"] == ">= 60%"  # 实训操作课时不低于60%
    assert practical["status_text"] == "符合"
    assert practical["citation"]["text"] == "渝就发〔2020〕16号 二（一）"
    assert practical["rule_url"] == "regulations/cq16/#rule-CQ16-PRACTICAL-60"


def test_units_and_the_class_size_of_50() -> None:
    out = _example("plan-check")
    rows = dict(_check(out, "CQ16-CLASS-50")["rows"])
    assert rows["标准"] == "<= 50人"


def test_plan_check_view_writes_the_totals_with_calc_text() -> None:
    out = _example("plan-check")
    data = out["data"]
    (view,) = out["display"]["views"]
    assert view["title"] == "课时汇总"
    figures, table = view["blocks"]
    assert [i["value"] for i in figures["items"]] == [
        num(Decimal(data["days"])), num(Decimal(data["per_day"])),
        pct(Decimal(data["practical_share"])),
    ]  # fmt: skip
    assert table["rows"][0] == ["总课时", num(Decimal(data["totals"]["total"])), "100%"]
    assert table["rows"][2][2] == "60%"
    offline = Decimal(data["totals"]["offline"]) / Decimal(data["totals"]["total"])
    assert table["rows"][5][2] == pct(offline) == "70%"


def test_spot_check_rates_to_a_tenth_of_a_point() -> None:
    out = _example("spot-check")
    table = out["display"]["views"][0]["blocks"][0]
    assert [r[4] for r in table["rows"]] == ["80%（80/100）", "79%（79/100）"]
    assert out["display"]["views"][0]["blocks"][1]["text"].endswith("79.5%")


def test_a_question_without_a_view_gets_the_generic_parts() -> None:
    out = _example("plan-elements")
    assert out["display"]["views"] == []
    assert out["display"]["checks"] and out["display"]["trace"]["rules"]


def test_documents_say_which_boxes_were_ticked() -> None:
    out = _example("documents")
    line = out["display"]["views"][0]["blocks"][0]["text"]
    assert "含线上培训" in line and line.startswith("按 ")


def test_texts() -> None:
    assert text(None) == "—" and text(True) == "是" and text(["a", "b"]) == "a、b"
    assert text("7.50") == "7.5" and text(Decimal("36.0")) == "36"


def test_long_lists_are_capped() -> None:
    rows = [[str(i)] for i in range(SHOWN + 5)]
    block = listing("t", ["x"], rows)
    assert len(block["rows"]) == SHOWN and block["total"] == SHOWN + 5 and not block["open"]
    assert "见下载文件" in block["note"]


def test_errors_carry_pydantic_loc() -> None:
    bad = {"input": {"modules": [{"name": "x", "theory_hours": "二十"}]}, "context": {}}
    out = run("plan-check", bad)
    locs = [p.get("loc") for p in out["problems"]]
    assert ["input", "modules", 0, "theory_hours"] in locs
    out = run("plan-check", {"input": {}, "context": {"as_of": "x"}})
    assert out["problems"][0]["loc"] == ["context", "as_of"]


def test_display_is_what_run_attaches() -> None:
    from calc.api import load
    from calc.result import Context

    case = next(c for c in cases() if c.name == manifest()["days"].example)
    q = load("days")
    assert q is not None
    inp = q.model.model_validate(case.input)
    result = q.func(inp, Context.model_validate(case.context))
    assert run("days", {"input": case.input, "context": case.context})["display"] == display(
        result, inp
    )
