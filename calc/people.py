"""A trainee's resident ID number (居民身份证号码, GB 11643): the facts every question that
names people reads from it, and nothing of the rules (the 4050 convention lives with the
rule that uses it, in :mod:`calc.cq16.modes`).

An ID is valid when it has 18 characters, its GB 11643 check digit matches and its birth
date exists and is not after the reference date; the region code is not checked (code
tables change). Sex comes from the 17th digit (odd: male), age in full years (周岁) at
the reference date; someone born on 29 February turns a year older on 1 March in other
years.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from operator import getitem
from typing import Literal

from calc.errors import InputError

Sex = Literal["male", "female"]


def id_text(text: str) -> str:
    """An ID number as compared: NFKC (full-width digits → ASCII), no spaces, upper-case X."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return "".join(text.split()).upper()


def id_problem(number: str, reference: date) -> str | None:
    """Why ``number`` (already :func:`id_text`) is not a valid resident ID, or None."""
    return _checked(number, reference)[0]


def _checked(number: str, reference: date) -> tuple[str | None, date | None]:
    """(why ``number`` is not a valid resident ID or None, its birth date once valid)."""
    if len(number) == 15 and number.isdigit():
        return "身份证号为15位旧号码，请换用18位居民身份证号码", None
    if len(number) != 18:
        return f"身份证号应为18位，这里是{len(number)}位", None
    if not number[:17].isascii() or not number[:17].isdigit() or number[17] not in _CHECKS:
        return "身份证号只能由数字和末位的X组成", None
    if check_digit(number) != number[17]:
        return "身份证号校验位错误（有数字录错）", None
    born = birth_date(number)
    if born is None:
        return "身份证号中的出生日期不存在", None
    if born > reference:
        said = f"身份证号中的出生日期 {born.isoformat()} 晚于参照日期 {reference.isoformat()}"
        return said, None
    return None, born


_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECKS = "10X98765432"
"""GB 11643-1999: the check character is ``_CHECKS[Σ digit × weight mod 11]``."""
_PRODUCTS = tuple({str(d): d * w for d in range(10)} for w in _WEIGHTS)
"""Per position, digit → digit × weight: the sum is 17 look-ups (5× faster than ``int``)."""


def check_digit(number: str) -> str:
    """The GB 11643 check character of the first 17 digits (ASCII) of ``number``; anything
    else (fewer than 17 characters, a character that is not 0–9) is refused with
    :class:`~calc.errors.InputError`, never answered with a wrong digit."""
    try:
        if len(number) >= len(_WEIGHTS):
            return _CHECKS[sum(map(getitem, _PRODUCTS, number)) % 11]
    except KeyError:
        pass
    raise InputError([("身份证号", "前17位应全部是数字（0—9），才能计算校验位")])


def birth_date(number: str) -> date | None:
    """The birth date in digits 7–14 of an 18-digit ID, or None if no such day exists."""
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def age_on(born: date, day: date) -> int:
    """Full years (周岁) on ``day``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def mask(number: str) -> str:
    """``110105********0027``: an ID as messages show it."""
    return number[:6] + "*" * max(len(number) - 10, 0) + number[-4:] if len(number) > 10 else number


@dataclass(frozen=True)
class Resident:
    """What an ID number says of its holder on a reference date (None where it is invalid)."""

    number: str
    problem: str | None
    sex: Sex | None = None
    birth_date: date | None = None
    age: int | None = None


def resident(number: str, reference: date) -> Resident:
    """The facts of ID ``number`` (already :func:`id_text`) on ``reference``."""
    problem, born = _checked(number, reference)
    if born is None:
        return Resident(number, problem)
    sex: Sex = "male" if int(number[16]) % 2 else "female"
    return Resident(number, None, sex, born, age_on(born, reference))
