"""Number formatting as a reader expects it: rounded half up, never half-to-even.

Python's ``round`` and ``format`` round half to even on the binary value, so
``f"{1.5625:.3f}"`` gives ``1.562``. The book promises 1.563. We round the
shortest decimal that represents the float (its ``repr``), half up.
"""

from decimal import ROUND_HALF_UP, Decimal
import math

__all__ = ["fixed", "significant", "distinct_decimals"]


def _decimal(x):
    if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
        raise ValueError(f"can only format finite numbers, got {x!r}")
    return Decimal(repr(float(x))) if isinstance(x, float) else Decimal(x)


def fixed(x, decimals):
    """``x`` with exactly ``decimals`` digits after the point, rounded half up."""
    if decimals < 0:
        raise ValueError(f"decimals must be >= 0, got {decimals}")
    q = Decimal(1).scaleb(-decimals)
    text = str(_decimal(x).quantize(q, rounding=ROUND_HALF_UP))
    return "0" + text[2:] if text.startswith("-0") and set(text[1:]) <= {"0", "."} else text


def significant(x, digits=3):
    """``x`` with ``digits`` significant digits, rounded half up, in plain notation
    down to 1e-4 and in scientific notation (``2.06e-7``) below that."""
    if digits < 1:
        raise ValueError(f"digits must be >= 1, got {digits}")
    d = _decimal(x)
    if d == 0:
        return "0"
    exponent = d.adjusted()  # power of ten of the leading digit
    if exponent < -4:
        mantissa = (d.scaleb(-exponent)).quantize(Decimal(1).scaleb(1 - digits), rounding=ROUND_HALF_UP)
        if abs(mantissa) >= 10:  # 9.995e-5 rounds up to 10.0e-5
            mantissa, exponent = mantissa / 10, exponent + 1
            mantissa = mantissa.quantize(Decimal(1).scaleb(1 - digits), rounding=ROUND_HALF_UP)
        return f"{mantissa}e{exponent}"
    decimals = max(0, digits - 1 - exponent)
    return fixed(x, decimals)


def distinct_decimals(values, reference, start=3, limit=12):
    """Fewest decimals (at least ``start``) at which every value in ``values`` that
    differs from ``reference`` also prints differently from it."""
    for decimals in range(start, limit + 1):
        ref = fixed(reference, decimals)
        if all(v == reference or fixed(v, decimals) != ref for v in values):
            return decimals
    return limit
