"""How numbers are written in messages. Comparisons always use the exact values;
only the text is rounded: ratios to 0.1 percentage point, other figures to 0.01, half up."""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal

_HUNDREDTH = Decimal("0.01")


def num(value: Decimal | int) -> str:
    """``Decimal('36.0')`` → ``36``; ``Decimal('7.50')`` → ``7.5``; never exponent form."""
    text = format(Decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def figure(value: Decimal | int) -> str:
    """A computed figure (hours, days, yuan, hours a day) as :func:`num` writes it, rounded
    half up to 0.01: ``Decimal('6.666…7')`` → ``6.67``; ``Decimal('7.5')`` → ``7.5``."""
    d = Decimal(value)
    exponent = d.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        digits = max(28, d.adjusted() + 4)
        d = d.quantize(_HUNDREDTH, rounding=ROUND_HALF_UP, context=Context(prec=digits))
    return num(d)


def pct(ratio: Decimal) -> str:
    """``Decimal('0.5416')`` → ``54.2%`` (half up, at most one decimal)."""
    return num((ratio * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)) + "%"


def points(ratio: Decimal) -> str:
    """A difference of two ratios: ``Decimal('0.0333…')`` → ``3.3 个百分点`` (as :func:`pct`)."""
    return pct(ratio)[:-1] + " 个百分点"


def show_rate(rate: Decimal, floor: Decimal) -> str:
    """A rate as a percentage beside the limit ``floor`` it is compared with: exact when
    it has at most two decimals of a percent (``79.99%``), else :func:`pct` (0.1 point, half
    up) unless that would read as ``floor`` without being it, then truncated to as many
    digits as tell them apart (``59.96…%`` beside 60% is ``59.96%``, never ``60%``)."""
    exact = rate * 100
    if exact == exact.quantize(_HUNDREDTH):
        return num(exact) + "%"
    if pct(rate) != pct(floor):
        return pct(rate)
    places = 2
    while (q := exact.quantize(Decimal(1).scaleb(-places), ROUND_DOWN)) == floor * 100:
        places += 1
    return num(q) + "%"
