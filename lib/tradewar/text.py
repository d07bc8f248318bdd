"""How numbers are shown to students in explanations and views: short, exact where exact is short."""
from __future__ import annotations

import math
from fractions import Fraction
from numbers import Real


def fmt(x, digits: int = 2) -> str:
    """Format a payoff or probability for the screen.

    Whole numbers print bare (3), terminating fractions as decimals (-18/5 -> -3.6),
    other small fractions as a/b (1/3), floats rounded to `digits` decimals with trailing
    zeros dropped, except that a number below 0.1 keeps two significant digits (1/17 -> 0.059,
    1/2048 -> 0.00049) so that it never shows as 0. A minus sign is always the ASCII hyphen so
    that text stays searchable.
    """
    if isinstance(x, bool) or not isinstance(x, Real):
        return str(x)
    if isinstance(x, Fraction):
        if x.denominator == 1:
            return str(x.numerator)
        d, places = x.denominator, 0
        for p in (2, 5):
            k = 0
            while d % p == 0:
                d //= p
                k += 1
            places = max(places, k)
        if d == 1 and places <= max(digits, 3):
            return _trim(f"{float(x):.{places}f}")
        if x.denominator <= 12:
            return f"{x.numerator}/{x.denominator}"
        return _decimal(float(x), digits)
    if float(x).is_integer():
        return str(int(x))
    return _decimal(float(x), digits)


def _decimal(x: float, digits: int) -> str:
    if not math.isfinite(x) or abs(x) >= 0.1:
        return _trim(f"{x:.{digits}f}")
    if abs(x) < 1e-4:
        return f"{x:.2g}"
    return _trim(f"{x:.{max(digits, 1 - math.floor(math.log10(abs(x))))}f}")


def _trim(s: str) -> str:
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s
