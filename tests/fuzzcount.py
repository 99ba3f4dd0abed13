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


PENDING: Counter[tuple[str, str]] = Counter()
"""Inputs counted here and not yet sent on (with pytest-xdist the workers count and the
controller prints: tests/conftest.py sends them with each test's report)."""


def add(kind: str, test: str, n: int = 1) -> None:
    """Count ``n`` inputs of ``kind`` tried by ``test``."""
    assert kind in KINDS, kind
    TRIED[kind] += n
    BY_TEST[test] += n
    PENDING[kind, test] += n


def take() -> list[tuple[str, str, int]]:
    """The counts since the last call, as (kind, test, n), to send to another process."""
    out = [(kind, test, n) for (kind, test), n in PENDING.items()]
    PENDING.clear()
    return out


def put(counts: list[tuple[str, str, int]]) -> None:
    """Add counts another process took (:func:`take`)."""
    for kind, test, n in counts:
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
