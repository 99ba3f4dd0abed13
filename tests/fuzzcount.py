"""How many hostile inputs the fuzz tests tried, by kind: every fuzz test (tests/test_fuzz*.py)
calls :func:`add` once per input it tries, and tests/conftest.py prints :func:`summary` at the
end of the pytest run. bench/fuzz reads the same counters."""

from __future__ import annotations

from collections import Counter

KINDS = ("questions", "templates", "files")
"""questions: calc.api.run / run_json and the CLI with JSON; templates: calc.render;
files: calc.tables.upload / read_table and the CLI with table files."""
TRIED: Counter[str] = Counter()
"""Inputs tried per kind."""
BY_TEST: Counter[str] = Counter()
"""Inputs tried per test (or bench target)."""


def add(kind: str, test: str, n: int = 1) -> None:
    """Count ``n`` inputs of ``kind`` tried by ``test``."""
    assert kind in KINDS, kind
    TRIED[kind] += n
    BY_TEST[test] += n


def total() -> int:
    return sum(TRIED[kind] for kind in KINDS)


def summary(failures: int) -> str:
    """``hostile inputs tried: 21,345 (questions 12,000, templates 5,000, files 4,345),
    failures 0``."""
    kinds = ", ".join(f"{kind} {TRIED[kind]:,}" for kind in KINDS)
    return f"hostile inputs tried: {total():,} ({kinds}), failures {failures:,}"


def by_test() -> str:
    return "; ".join(f"{test} {n:,}" for test, n in sorted(BY_TEST.items()))
