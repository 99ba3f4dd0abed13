"""How numbers are written in messages. Comparisons always use the exact values;
only the text is rounded: ratios to 0.1 percentage point, half up."""

from decimal import ROUND_HALF_UP, Decimal


def num(value: Decimal | int) -> str:
    """``Decimal('36.0')`` → ``36``; ``Decimal('7.50')`` → ``7.5``; never exponent form."""
    text = format(Decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def pct(ratio: Decimal) -> str:
    """``Decimal('0.5416')`` → ``54.2%`` (half up, at most one decimal)."""
    return num((ratio * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)) + "%"
