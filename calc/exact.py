"""Exact arithmetic for hours and days: fractions in, plain Decimals and whole lesson-hours
out. Only message text is rounded (to 0.01); shares are compared exactly."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from calc.readings import Readings
from calc.text import num


def dec(x: Fraction | Decimal | int, places: str | None = None) -> Decimal:
    """An exact value as a plain Decimal (``9``, not ``9.0``); ``places`` rounds half up."""
    f = Fraction(x)
    d = Decimal(f.numerator) / Decimal(f.denominator)
    return Decimal(num(d.quantize(Decimal(places)) if places else d))


def ceil_hours(x: Fraction | Decimal) -> int:
    """Whole lesson-hours needed to cover ``x`` (at least 0)."""
    return max(0, math.ceil(Fraction(x)))


def floor_unit(x: Fraction, r: Readings) -> Fraction:
    """``x`` days rounded down to a whole or half day (reading ``days_unit``)."""
    unit = Fraction(1) if r.days_unit == "whole" else Fraction(1, 2)
    return math.floor(x / unit) * unit


def rows_text(rows: list[int]) -> str:
    """``第1行、第3行`` (at most eight, then 等)."""
    return "、".join(f"第{i}行" for i in rows[:8]) + ("等" if len(rows) > 8 else "")
