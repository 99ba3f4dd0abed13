"""calc.display: what a page shows of a result, written by Python (calc.text), checked
against the regulation's own numbers."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from calc.api import run
from calc.display import (
    FILLED,
    PAGE_TEXT,
    SHOWN,
    TITLES,
    display,
    listing,
    para,
    template_answer,
    text,
)
from calc.examples import cases
from calc.manifest import manifest
from calc.text import num, pct
from calc.whatif import NEED_SUBSIDY, NO_BASE, whatif, whatif_json

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "forms"


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
    assert rows["实际值"] == "60%" and rows["标准"] == "不低于 60%"  # 实训操作课时不低于60%
    assert practical["status_text"] == "符合"
    assert practical["citation"]["text"] == "渝就发〔2020〕16号 二（一）"
    assert practical["rule_url"] == "regulations/cq16/#rule-CQ16-PRACTICAL-60"


def test_units_and_the_class_size_of_50() -> None:
    out = _example("plan-check")
    rows = dict(_check(out, "CQ16-CLASS-50")["rows"])
    assert rows["标准"] == "不超过 50人"


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


# --- the page's own texts, the what-if panel, template pages ------------------------------------


def test_a_result_carries_its_headings() -> None:
    d = _example("plan-check")["display"]
    assert d["titles"]["checks"] == TITLES["checks"] and d["titles"]["readings"]
    assert d["trace"]["title"] == "计算依据" and "trace" not in d["trace"]["title"].lower()
    assert d["verdict"]["head"] == d["verdict"]["title"] + "："
    practical = _check(_example("plan-check"), "CQ16-PRACTICAL-60")
    source = dict(practical["rows"])["出处"]
    assert {"code": "CQ16-PRACTICAL-60", "url": practical["rule_url"]} in source
    answers = [run(c.question, {"input": c.input, "context": c.context}) for c in cases()]
    fixes = [c for a in answers if "display" in a for c in a["display"]["checks"] if c["fix"]]
    assert fixes and all(c["fix_line"] == "改正：" + c["fix"] for c in fixes)


def test_the_row_words_are_calc_errors_words() -> None:
    """The form names a row as calc.errors.where does, so calc's messages find it."""
    from calc.api import load
    from calc.errors import where

    q = load("plan-check")
    assert q is not None
    row = PAGE_TEXT["form"]["row"].format(where=where(q.model, ("modules",)), n=3)
    assert row == where(q.model, ("modules", 2))


def test_a_roster_filled_is_a_verdict_and_its_problems_sit_under_input() -> None:
    data = json.loads((FIXTURES / "trainee-roster.minimal.json").read_text("utf-8"))
    out = template_answer("trainee-roster", data)
    assert out["status"] == "filled" and out["display"]["verdict"]["status_text"] == FILLED
    assert out["display"]["titles"]["checks"] is None and out["display"]["trace"] is None
    data["rows"][0]["id_number"] = "123"
    bad = template_answer("trainee-roster", data)
    assert bad["error"] and bad["problems"][0]["loc"][:2] == ["input", "rows"]


def test_what_if_lists_the_changed_findings_as_calc_words_them() -> None:
    payload = {"input": {"category": "skill", "subsidy_yuan": "2600"}, "context": {}}
    blocks = whatif("days", payload, "130")
    head, changes = blocks
    assert head["runs"][0] == ["按每天 ", {"strong": "130"}, " 元："]
    days = run("days", {"input": {**payload["input"], "daily_yuan": "130"}})
    assert head["runs"][1][1] == {"strong": num(Decimal(days["data"]["days"]))}
    base = run("days", payload)
    changed = [c["message"] for c, o in zip(days["checks"], base["checks"], strict=True)
               if c["message"] != o["message"]]  # fmt: skip
    shown = [row[2]["runs"][1] for row in changes["rows"]]
    assert changed and all(" " + m in shown for m in changed)
    assert whatif("days", None, "130") == [para(NO_BASE, "calc-hint")]
    assert json.loads(whatif_json("days", "", "130"))["blocks"][0]["text"] == NO_BASE


def test_what_if_for_a_plan_asks_for_the_subsidy_first() -> None:
    case = next(c for c in cases() if c.name == manifest()["plan-check"].example)
    payload = {"input": dict(case.input), "context": case.context}
    payload["input"].pop("subsidy_yuan", None)
    assert whatif("plan-check", payload, "150")[0]["text"] == NEED_SUBSIDY


def test_a_staged_hint_keeps_the_chosen_stage() -> None:
    from scripts.calc_forms import stage_hint

    hint = "每段的时段。线下培训：分段录像（前中后）；考核评价：分段录像（考评）"
    labels = ["线下培训", "考核评价"]
    assert stage_hint(hint, labels, "考核评价") == "每段的时段。考核评价：分段录像（考评）"
    assert stage_hint(hint, labels, "线下培训") == "每段的时段。线下培训：分段录像（前中后）"
    online = "线上视频课程培训：提问"
    assert stage_hint(online, ["线上视频课程"], "线上视频课程") == online
    assert stage_hint("无阶段", labels, "线下培训") == "无阶段"
