"""Example cases as data (``calc/cases/*.toml``): name, question, as-of date, input,
the expected status and the rule IDs expected to fail. The tests run every case, and
so can the site's calculators, so Python and the browser cannot disagree."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, Field

from calc.api import run


class Case(BaseModel):
    file: str
    name: str
    question: str
    context: dict[str, Any] = Field(default_factory=dict)
    input: dict[str, Any]
    expect: str
    failed: list[str] = Field(default_factory=list)
    data: dict[str, Any] = Field(default_factory=dict)


@cache
def cases() -> tuple[Case, ...]:
    """Every example case, file by file."""
    found = []
    folder = resources.files("calc") / "cases"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            for case in tomllib.loads(entry.read_text("utf-8"))["case"]:
                found.append(Case(file=entry.name, **case))
    return tuple(found)


def check(case: Case) -> list[str]:
    """Run ``case``; the list of differences from what it expects (empty = as expected)."""
    out = run(case.question, {"input": case.input, "context": case.context})
    if "error" in out:
        return [f"{case.name}: error {out['message']}"] if case.expect != "error" else []
    problems = []
    if out["status"] != case.expect:
        problems.append(f"{case.name}: status {out['status']} != {case.expect}")
    failed = sorted({c["rule"] for c in out["checks"] if c["status"] == "fail"})
    if failed != sorted(case.failed):
        problems.append(f"{case.name}: failed {failed} != {sorted(case.failed)}")
    for key, want in case.data.items():
        if out["data"].get(key) != want:
            problems.append(f"{case.name}: data[{key}] {out['data'].get(key)!r} != {want!r}")
    return problems
