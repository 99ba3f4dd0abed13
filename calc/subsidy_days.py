"""Training days from a subsidy standard: CQ16 二（一）, rule CQ16-DAYS.

A subsidy standard S (元) converts at 130—200 元/天 to the days [S/200, S/130]; reading
``days_unit`` rounds them to whole days (lower bound up, upper bound down) or to half
days. Arithmetic is exact (fractions); :func:`dec` and :func:`ceil_hours` turn exact
values into Decimals and whole lesson-hours for :mod:`calc.hours` and :mod:`calc.plan`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from calc.readings import Readings
from calc.result import Check, Context, judge
from calc.rules import rule
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


@dataclass(frozen=True)
class DayRange:
    """CQ16-DAYS: the days a subsidy S converts to: [S/200, S/130] in steps of ``unit``."""

    exact_min: Fraction
    exact_max: Fraction
    unit: Fraction

    @property
    def low(self) -> Fraction:
        return math.ceil(self.exact_min / self.unit) * self.unit

    @property
    def high(self) -> Fraction:
        return math.floor(self.exact_max / self.unit) * self.unit

    @property
    def empty(self) -> bool:
        return self.low > self.high

    def contains(self, days: Fraction) -> bool:
        return (days / self.unit).denominator == 1 and self.low <= days <= self.high

    def nearest(self, exact: Fraction) -> Fraction:
        """The allowed day count nearest ``exact`` (ties: the longer course)."""
        rounded = math.floor(exact / self.unit + Fraction(1, 2)) * self.unit
        return min(max(rounded, self.low), self.high)

    def span(self) -> str:
        low, high = num(dec(self.low)), num(dec(self.high))
        return low if low == high else f"{low}—{high}"


def yuan_bounds() -> tuple[Decimal, Decimal]:
    """CQ16-DAYS: the lowest and highest yuan per day."""
    r = rule("CQ16-DAYS")
    return r.decimal("min_yuan_per_day"), r.decimal("max_yuan_per_day")


def yuan_range_text() -> str:
    """``130—200元/天``, from the registry, for field descriptions."""
    low, high = yuan_bounds()
    return f"{num(low)}—{num(high)}元/天"


def day_range(subsidy: Decimal, days_unit: str = "whole") -> DayRange:
    """CQ16 二（一）: the day range of subsidy standard ``subsidy`` (元) per ``days_unit``."""
    lo, hi = (Fraction(v) for v in yuan_bounds())
    unit = Fraction(1) if days_unit == "whole" else Fraction(1, 2)
    return DayRange(Fraction(subsidy) / hi, Fraction(subsidy) / lo, unit)


def empty_fix(rng: DayRange, subsidy: Decimal) -> str:
    """The nearest subsidy standards that convert to a day count, or half days."""
    lo, hi = (Fraction(v) for v in yuan_bounds())
    options = [f"不低于 {num(dec(rng.low * lo))} 元（{num(dec(rng.low))} 天）"]
    if rng.high > 0:
        options.insert(0, f"不高于 {num(dec(rng.high * hi))} 元（{num(dec(rng.high))} 天）")
    half = day_range(subsidy, "half")
    alt = f"；或按半天计折算为 {half.span()} 天" if rng.unit == 1 and not half.empty else ""
    return "补贴标准需" + "或".join(options) + alt


def conversion(subsidy: Decimal, days: Fraction, ctx: Context) -> Check:
    """CQ16-DAYS for a chosen day count: a whole (half) day count within the range."""
    rng = day_range(subsidy, ctx.readings.days_unit)
    unit = "整天" if ctx.readings.days_unit == "whole" else "半天"
    per_day = num(dec(Fraction(subsidy) / days, "0.01"))
    allowed = "没有可取的天数" if rng.empty else f"可取 {rng.span()} 天"
    message = f"补贴标准 {num(subsidy)} 元、{num(dec(days))} 天，折合每天 {per_day} 元"
    fix = empty_fix(rng, subsidy) if rng.empty else f"把培训天数调整为 {rng.span()} 天"
    return judge(
        "CQ16-DAYS", "days_range", "补贴标准折算天数", rng.contains(days), ctx,
        message=f"{message}；按{unit}计{allowed}", fix=fix, actual=dec(days), unit="天",
        readings=["days_unit"],
    )  # fmt: skip
