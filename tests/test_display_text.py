"""What a page shows is written for people (calc/display.py, each question's view): every
figure as calc.text writes it (no Decimal of many digits), comparisons in Chinese words
(不低于, 须为…, never >=, ==), readings by their number and Chinese text (never a key such
as attendance_basis), no English words; the trace is 计算依据.

Scanned: every example, each again under every other option of each reading its question
offers, the failing plans of the plan check's fix tests, untouched forms, uploaded files
and the what-if panel."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from calc.api import run
from calc.examples import Case, cases
from calc.manifest import manifest
from calc.readings import catalogue
from calc.tables import upload
from calc.whatif import whatif
from tests.questions.test_attendance import class_rows, csv_text
from tests.questions.test_roster import AS_OF, birthday, make_id, roster_csv

MACHINE = {"url", "rule_url", "key", "kind", "cls", "status", "rule", "code"}
"""Keys of a display whose values are for the page, not for people (links, ids, classes)."""
RULE_ID = re.compile(r"\b(?:CQ16|SPB)(?:-[A-Z0-9]+)+\b")
"""Rule IDs are shown as they are, on purpose: the stable name of each rule."""
RAW_DECIMAL = re.compile(r"\d\.\d{4,}")
OPERATOR = re.compile(r">=|<=|==|!=")
ENGLISH = re.compile(r"[A-Za-z_]*[a-z_][A-Za-z_]*")
"""A word with a small letter or an underscore: English or a key. Capitals alone are
abbreviations the pages use (JSON, CSV, XLSX, QQ, PC)."""
READING_KEYS = set(catalogue())


def texts(node: Any, key: str = "") -> Iterator[str]:
    """Every string of a display meant to be read."""
    if key in MACHINE:
        return
    if isinstance(node, dict):
        for k, v in node.items():
            yield from texts(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from texts(v, key)
    elif isinstance(node, str):
        yield node


def problems(display: Any) -> list[str]:
    found = []
    for said in texts(display):
        plain = RULE_ID.sub("", said)
        for what, pattern in (("raw decimal", RAW_DECIMAL), ("operator", OPERATOR),
                              ("english", ENGLISH)):  # fmt: skip
            found += [f"{what} {m!r} in {said!r}" for m in pattern.findall(plain)]
        found += [f"reading key {k!r} in {said!r}" for k in READING_KEYS if k in plain]
    return found


def _variants(case: Case) -> Iterator[tuple[str, dict[str, Any]]]:
    """The case as given, then under each other option of each reading it offers."""
    yield case.name, case.context
    entry = manifest()[case.question]
    chosen = case.context.get("readings", {})
    for key in entry.readings:
        for option in catalogue()[key].options:
            if option != chosen.get(key, catalogue()[key].default):
                readings = {**chosen, key: option}
                yield f"{case.name} [{key}={option}]", {**case.context, "readings": readings}


@cache
def answers() -> tuple[tuple[str, dict[str, Any]], ...]:
    found = []
    for case in cases():
        for name, context in _variants(case):
            out = run(case.question, {"input": case.input, "context": context})
            if "display" in out:
                found.append((name, out["display"]))
    return tuple(found)


def _plan(**change: Any) -> dict[str, Any]:
    """A plan failing most hours rules at once (its checks' every row shown)."""
    modules = [
        {"name": "理论", "theory_hours": "21", "practical_hours": "0", "mode": "online",
         "kind": "interaction"},
        {"name": "职业道德", "theory_hours": "5", "practical_hours": "0", "mode": "offline",
         "kind": "lecture", "ethics": True},
        {"name": "实操", "theory_hours": "0", "practical_hours": "34", "mode": "online",
         "kind": "practical"},
    ]  # fmt: skip
    return {"category": "skill", "days": "11", "lesson_minutes": 55, "trainees": 60,
            "subsidy_yuan": "3001", "platform_meets_standard": False,
            "target_groups": ["poor_labour", "age_4050"], "modules": modules} | change  # fmt: skip


def more_answers() -> Iterator[tuple[str, dict[str, Any]]]:
    """Failing plans, untouched forms, uploaded files, the what-if panel."""
    ctx = {"as_of": "2026-03-01"}
    for readings in ({}, {"binding": "guidance"}, {"ethics_overlap": "separate"},
                     {"daily_average": "each_day"}):  # fmt: skip
        inp = _plan(daily_hours=["5.5"] * 10 + ["5"]) if readings.get("daily_average") else _plan()
        out = run("plan-check", {"input": inp, "context": {**ctx, "readings": readings}})
        yield f"failing plan {readings}", out["display"]
    short = _plan(category="prejob", days="6", modules=_plan()["modules"][2:])
    yield "failing short course", run("plan-check", {"input": short, "context": ctx})["display"]
    for question in ("plan-elements", "documents"):
        yield f"untouched {question}", run(question, {"input": {}, "context": ctx})["display"]
    attendance = csv_text(class_rows(6, 4) + class_rows(6, 6, name="李四")).encode()
    out = json.loads(upload("attendance", attendance, "签到.csv", json.dumps({"context": ctx}))[0])
    yield "uploaded attendance", out["display"]
    woman = make_id(birthday(41), male=False)
    roster = roster_csv([f"1,王芳,{woman},女,4050人员", f"2,李四,{woman[:-1]}0,男,失业人员"])
    payload = {"input": {"category": "skill", "mode": "online"},
               "context": {"as_of": AS_OF.isoformat()}}  # fmt: skip
    out = json.loads(upload("roster", roster, "花名册.csv", json.dumps(payload))[0])
    yield "uploaded roster", out["display"]
    for question in ("days", "plan-check"):
        case = next(c for c in cases() if c.name == manifest()[question].example)
        payload = {"input": case.input | {"subsidy_yuan": "1000"}, "context": case.context}
        yield f"what-if {question}", whatif(question, payload, "130")


def test_every_example_under_every_reading_reads_as_chinese():
    found = [f"{name}: {p}" for name, d in answers() for p in problems(d)]
    assert not found, "\n".join(found[:20])


def test_failing_plans_untouched_forms_and_files_read_as_chinese():
    seen = dict(more_answers())
    assert len(seen) == 11
    found = [f"{name}: {p}" for name, d in seen.items() for p in problems(d)]
    assert not found, "\n".join(found[:20])


def test_the_scan_would_see_each_kind_of_programmer_talk():
    said = ["0.5666666666666666666666666667", ">= 60%", "等于 是", "has 手机号码认证",
            "attendance_basis：按次数", "min_share = 60%"]  # fmt: skip
    found = problems({"rows": said})
    for word in ("0.5666", ">=", "has", "attendance_basis", "min_share"):
        assert any(word in p for p in found), word
    assert not problems({"rule": "CQ16-PRACTICAL-60", "text": "CQ16-PRACTICAL-60 不低于 60%"})


def test_the_trace_is_called_by_its_chinese_name():
    for _, display in answers():
        assert display["trace"]["title"] == "计算依据"
        assert "trace" not in json.dumps(display["trace"], ensure_ascii=False).lower()
