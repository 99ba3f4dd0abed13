"""Resident ID numbers (calc.people): GB 11643 check digits and birth dates, checked
against python-stdnum's independent implementation."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from calc.errors import InputError
from calc.people import birth_date, check_digit, id_problem, resident

BODY = st.text(alphabet="0123456789", min_size=17, max_size=17)


@settings(max_examples=500, deadline=None)
@given(BODY)
def test_check_digit_agrees_with_stdnum(body):
    assert check_digit(body) == ric.calc_check_digit(body + "0")


@pytest.mark.parametrize(
    "body", ["1101051949123100", "11010519491231００2", "1101051949123100x", ""]
)
def test_check_digit_refuses_what_it_cannot_compute(body):
    """Too short, full-width or non-digit: calc's own error, not a KeyError or a digit."""
    with pytest.raises(InputError, match="前17位应全部是数字"):
        check_digit(body)


def test_known_id_and_its_facts():
    number = "11010519491231002X"
    assert id_problem(number, date(2026, 3, 1)) is None
    person = resident(number, date(2026, 3, 1))
    assert (person.sex, person.birth_date, person.age) == ("female", date(1949, 12, 31), 76)


def test_a_birth_date_that_does_not_exist():
    body = "11010519490230002"  # 30 February
    assert birth_date(body + "0") is None
    assert id_problem(body + check_digit(body), date(2026, 3, 1)) == "身份证号中的出生日期不存在"


def test_full_width_digits_are_not_an_id():
    assert id_problem("１１０１０５１９４９１２３１００２Ｘ", date(2026, 3, 1)) is not None
