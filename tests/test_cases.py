"""Every example case in calc/cases/*.toml gives what it expects."""

import pytest

from calc.examples import cases, check


@pytest.mark.parametrize("case", cases(), ids=lambda c: f"{c.file}:{c.name}")
def test_case(case):
    assert check(case) == []


def test_there_are_cases_for_every_question():
    from calc.api import questions

    covered = {c.question for c in cases()}
    assert set(questions()) <= covered
