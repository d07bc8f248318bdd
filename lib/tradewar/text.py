"""How numbers are shown to students in explanations and views: short, exact where exact is short."""
from __future__ import annotations

from fractions import Fraction
from numbers import Real


def fmt(x, digits: int = 2) -> str:
    """Format a payoff or probability for the screen.

    Whole numbers print bare (3), terminating fractions as decimals (-18/5 -> -3.6),
    other small fractions as a/b (1/3), floats rounded to `digits` decimals with trailing
    zeros dropped. A minus sign is always the ASCII hyphen so that text stays searchable.
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
        return _trim(f"{float(x):.{digits}f}")
    if float(x).is_integer():
        return str(int(x))
    return _trim(f"{float(x):.{digits}f}")


def _trim(s: str) -> str:
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s
