"""The coverage data (``scripts.site.coverage.coverage_rows``) follows calc's manifest: every
question is listed under the rules it answers, a question registered at run time too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from calc.manifest import Entry, manifest, register, unregister
from calc.rules import registry
from scripts.site.coverage import STATUS_TEXT, coverage_rows

MADE_UP = "made-up-question"


@pytest.fixture
def made_up() -> Iterator[tuple[str, str]]:
    """A made-up question answering the registry's first rule, on an existing page."""
    rule_id = next(iter(registry()))
    page = "calculators/days.md"
    register(
        Entry(
            name=MADE_UP,
            title="虚构的问题",
            answer="m:f",  # never resolved: coverage reads names only
            input="m:M",
            rules=(rule_id,),
            page=page,
        )
    )
    yield rule_id, page
    unregister(MADE_UP)


def test_registered_question_answers_its_rule(made_up: tuple[str, str]) -> None:
    rule_id, page = made_up
    rows = coverage_rows()
    assert rows[rule_id].questions[MADE_UP] == page
    assert [i for i, row in rows.items() if MADE_UP in row.questions] == [rule_id]


def test_unregistered_question_is_gone(made_up: tuple[str, str]) -> None:
    rule_id, _ = made_up
    unregister(MADE_UP)
    assert MADE_UP not in coverage_rows()[rule_id].questions


def test_question_without_a_page_has_none() -> None:
    rule_id = next(iter(registry()))
    register(
        Entry(name=MADE_UP, title="无页面", answer="m:f", input="m:M", rules=(rule_id,),
              page="calculators/no-such-page.md")
    )  # fmt: skip
    try:
        assert coverage_rows()[rule_id].questions[MADE_UP] is None
    finally:
        unregister(MADE_UP)


def test_every_question_is_listed_under_its_rules() -> None:
    rows = coverage_rows()
    assert list(rows) == list(registry())
    for name, entry in manifest().items():
        for rule_id in entry.rules:
            hits = [
                i for i in rows if i == rule_id or (rule_id.endswith("-") and i.startswith(rule_id))
            ]
            assert hits, f"{name}: {rule_id} is no rule"
            assert all(name in rows[i].questions for i in hits), (name, rule_id)
    assert {row.status for row in rows.values()} <= set(STATUS_TEXT)


def test_rules_tested_by_a_case_file_list_it() -> None:
    """Each data-driven case file counts as a test of the rules it names."""
    rows = coverage_rows()
    assert any(t.startswith("calc/cases/") for row in rows.values() for t in row.tests)
