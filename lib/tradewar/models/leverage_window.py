"""M8 A finite window of leverage: how long does a refining monopoly keep deterring?

China's threat deters the US only while its share of refining s stays above M1's threshold s*. The
share erodes as others build mines, refineries and stockpiles: s(t) = s0·(1 - g)^t. Before China
uses the weapon the erosion rate is g0, which Kennedy suggests was close to zero (the 15 years since
the 2010 ban on Japan were largely "frittered away"); using it wakes everyone up and the rate jumps to
g1. The window of leverage after the first use is t* = ln(s*/s0)/ln(1 - g1) years, and a six-month
supply pledge like the one China gave at London in June 2025 can be renewed floor(t*/0.5) times
before the leverage is gone. The articles disagree about g1: the "only once" view (g1 -> 1), Kennedy's
"a decade or more" (g1 about 0.1) and the insights page's "5+ years" of US biding (g1 about 0.2).
A US that knows t* can accommodate until the window closes and confront afterwards; a China that
knows it should use its leverage early and try to slow g1 (the magnet-technology export ban).

References: Fearon (1995), "Rationalist explanations for war" (commitment problems under shifting
power); Powell (2006), "War as a commitment problem"; Farrell & Newman (2019), "Weaponized
interdependence". Data: Kennedy, Foreign Policy, June 2025 (92% share; 15 years since 2010; "a
decade or more"; the six-month pledge); insights page, late 2025 ("5+ years"). s* comes from M1.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

import numpy as np

from tradewar.data import figure
from tradewar.models import chokepoint
from tradewar.models.regime import RegimeGrid, plane
from tradewar.spec import Param, numbers, specs, validate_all
from tradewar.text import fmt

__all__ = [
    "TITLE", "PARAMS", "LABELS", "BASE_YEAR", "PLEDGE_YEARS", "MIDTERMS", "CHART_YEARS",
    "LeverageWindowResult", "solve", "regime_grid", "share_at",
]

TITLE = "M8 A finite window of leverage"

_S0 = figure("refining_share_kennedy")
_FRITTERED = figure("years_since_2010_frittered")
_PLEDGE = figure("london_pledge_months")
_DECADE = figure("kennedy_dent_years")
_BIDING = figure("us_biding_years")

BASE_YEAR = 2025  # the year of s0 (Kennedy's 92%, June 2025) and of China's April 2025 listing
# One renewal period: the London pledge, in years. Exact (1/2) so that exact inputs stay exact.
PLEDGE_YEARS = Fraction(int(_PLEDGE.value), 12)
# US midterm elections, Nov 3, 2026, as a decimal year for the timeline.
MIDTERMS = 2026 + (date(2026, 11, 3) - date(2026, 1, 1)).days / 365
# The chart runs two years past 2035 so that the default window's end (2035.6) is on it.
CHART_YEARS = (2025, 2037)
_MONTHS = 12 * (CHART_YEARS[1] - CHART_YEARS[0]) + 1

# M1's share threshold at its defaults, (v + a)/m = 1.5/5, rounded to the slider step.
_S_STAR_M1 = round(float(chokepoint.solve().s_star), 2)

PARAMS = specs(
    Param("s0", "China's refining share now (s₀)", _S0.value, 0.5, 1, 0.01, "share of global refining",
          source=_S0.source, help="China's share of rare-earth refining in 2025 (Kennedy's 92%)."),
    Param("s_star", "Deterrence threshold (s*)", _S_STAR_M1, 0.05, 0.95, 0.01, "share of global refining",
          help=f"M1's threshold: deterrence holds while s > s*; default {_S_STAR_M1} ="
               " chokepoint.solve().s_star; range [0.05, 0.95] chosen here."),
    Param("g0", "Erosion before first use (g₀)", 0, 0, 0.2, 0.01, "per year",
          source=_FRITTERED.source,
          help=f"How fast the share falls while the weapon is unused; about 0 because Kennedy says the"
               f" {int(_FRITTERED.value)} years since 2010 were frittered away; range [0, 0.2] chosen here."),
    Param("g1", "Erosion after first use (g₁)", 0.1, 0.02, 1, 0.01, "per year",
          help="How fast the share falls once the weapon has been used; 1 means it can be used only"
               " once; default 0.1 is a calibration that gives Kennedy's decade."),
    Param("first_use", "Year of first use", BASE_YEAR, BASE_YEAR, 2035, 1, "year", kind="int",
          help="When China first uses the weapon (2025: the April listing); range chosen here."),
)

NO_LEVERAGE = "No leverage at first use (s ≤ s*)"
ONCE = "Only once (no six-month renewal)"
SHORT = "A short window (under 5 years)"
BIDING = "5+ years (the insights page's biding)"
DECADE = "A decade or more (Kennedy)"
LABELS = (NO_LEVERAGE, ONCE, SHORT, BIDING, DECADE)

_FLOAT_PARAMS = [k for k, spec in PARAMS.items() if spec.kind == "float"]


def share_at(years, s0, g0, g1, first_use):
    """The share s(t) at calendar years (a number or a numpy array): erosion g0 until first_use,
    g1 afterwards. Floats only; used for the chart, not for the exact results."""
    t = np.asarray(years, dtype=float) - BASE_YEAR
    t_use = float(first_use) - BASE_YEAR
    before = np.minimum(t, t_use)
    after = np.maximum(t - t_use, 0.0)
    with np.errstate(divide="ignore"):  # 0**0 = 1 and 0**t = 0 need no warning when g1 = 1
        return s0 * (1 - g0) ** before * (1 - g1) ** after


def _years_to(ratio, g, exact):
    """Years t >= 0 at which (1 - g)^t = ratio, for 0 < ratio < 1 and 0 < g <= 1: ln(ratio)/ln(1 - g).
    g = 1 (the share vanishes at once) gives 0. With exact inputs the answer is exact when ratio is
    a whole power of (1 - g)."""
    if g >= 1:
        return 0 * ratio
    base = 1 - g
    # numpy's log, as in regime_grid, so that solve and the map agree to the last bit.
    t = float(np.log(float(ratio)) / np.log(float(base)))
    if exact:
        k = round(t)  # the only whole power the float answer can be rounding
        if k >= 0 and base ** k == ratio:
            return Fraction(k)
    return t


def _renewals(t_star):
    """Whole six-month periods in t*: floor(t*/0.5). Floats within 1e-9 of a whole period count as
    reaching it, so 2.9999999999999996 years gives 6 renewals, not 5."""
    if isinstance(t_star, Fraction):
        return math.floor(t_star / PLEDGE_YEARS)
    q = t_star / float(PLEDGE_YEARS)
    near = round(q)
    return int(near) if abs(q - near) < 1e-9 else math.floor(q)


def _label(at_use_ok, t_star, renewals):
    if not at_use_ok:
        return NO_LEVERAGE
    if renewals == 0:
        return ONCE
    if t_star < _BIDING.value - 1e-9:
        return SHORT
    if t_star < _DECADE.value - 1e-9:
        return BIDING
    return DECADE


def _g1_for(ratio, years):
    """The erosion rate g1 that makes the window exactly `years` long: 1 - ratio^(1/years)
    (a root, so a float)."""
    return 1 - float(ratio) ** (1 / float(years))


@dataclass(frozen=True)
class LeverageWindowResult:
    """The window of leverage and the share path.

    t_star is in years after first use; year_end is the calendar year the share falls to s* (before
    first use if g0 erodes it first), None if it never does or never was above s*. g1_once, g1_five
    and g1_decade are the erosion rates at which the window is exactly 0.5, 5 and 10 years: a g1 at or
    below g1_decade gives "a decade or more", and so on.
    """

    params: tuple
    share_at_use: object
    deterred_at_use: bool
    t_star: object
    renewals: int
    year_end: object
    deterred_at_midterms: bool
    share_at_midterms: float
    share_2035: float
    share_2035_unused: float
    g1_once: object
    g1_five: object
    g1_decade: object
    reading: str
    outcome: str
    years: tuple  # the chart's calendar years, monthly
    shares: tuple  # s(t) with first use at first_use
    shares_unused: tuple  # s(t) if China never used the weapon (erosion g0 throughout)

    def inputs(self) -> dict:
        return dict(self.params)

    def explain(self) -> list[str]:
        return _explain(self)


def solve(**params) -> LeverageWindowResult:
    """Solve M8 in closed form, with the share path 2025-2037 for the chart."""
    p = validate_all(PARAMS, params)
    s0, s_star, g0, g1 = numbers(p, _FLOAT_PARAMS)
    exact = isinstance(s0, Fraction)
    first_use = p["first_use"]
    wait = first_use - BASE_YEAR

    share_use = s0 * (1 - g0) ** wait
    deterred_at_use = share_use > s_star
    ratio = s_star / share_use  # share_use >= 0.5 x 0.8^10 > 0 on the slider ranges
    # No window (0 years) when the share is already at or below s* at first use.
    t_star = _years_to(ratio, g1, exact) if deterred_at_use else 0 * s_star
    renewals = _renewals(t_star)

    if not s0 > s_star:
        year_end = None  # never above the threshold
    elif deterred_at_use:
        year_end = first_use + t_star
    else:
        # g0 > 0 here (with g0 = 0 the share would still be s0 > s* at first use).
        year_end = BASE_YEAR + _years_to(s_star / s0, g0, exact)

    years = np.linspace(CHART_YEARS[0], CHART_YEARS[1], _MONTHS)
    shares = share_at(years, float(s0), float(g0), float(g1), first_use)
    unused = share_at(years, float(s0), float(g0), float(g1), np.inf)
    at_mid = float(share_at(MIDTERMS, float(s0), float(g0), float(g1), first_use))
    fr = ratio if deterred_at_use else None

    return LeverageWindowResult(
        params=tuple(p.items()),
        share_at_use=share_use,
        deterred_at_use=bool(deterred_at_use),
        t_star=t_star,
        renewals=renewals,
        year_end=year_end,
        deterred_at_midterms=bool(at_mid > float(s_star)),
        share_at_midterms=at_mid,
        share_2035=float(share_at(2035, float(s0), float(g0), float(g1), first_use)),
        share_2035_unused=float(share_at(2035, float(s0), float(g0), float(g1), np.inf)),
        # (1 - g1)^0.5 = s*/s gives g1 = 1 - (s*/s)^2: rational, so exact inputs stay exact.
        g1_once=None if fr is None else 1 - fr ** 2,
        g1_five=None if fr is None else _g1_for(fr, _BIDING.value),
        g1_decade=None if fr is None else _g1_for(fr, _DECADE.value),
        reading=_label(deterred_at_use, t_star, renewals),
        outcome=_label(deterred_at_use, t_star, renewals),
        years=tuple(years.tolist()),
        shares=tuple(shares.tolist()),
        shares_unused=tuple(unused.tolist()),
    )


def regime_grid(x: str = "g1", y: str = "s_star", n: int = 61, **params) -> RegimeGrid:
    """The reading (window length) over a plane of two real parameters; first_use is held fixed."""
    p = validate_all(PARAMS, params)
    xs, ys, g = plane(PARAMS, p, x, y, n, _FLOAT_PARAMS)
    wait = p["first_use"] - BASE_YEAR
    share_use = g["s0"] * (1 - g["g0"]) ** wait
    ok = share_use > g["s_star"]
    once = g["g1"] >= 1
    # The same expression as solve's float path, cell by cell; the placeholders (0.5) only fill the
    # cells that np.where discards, so that no log of 0 is taken.
    ratio = np.where(ok, g["s_star"] / share_use, 0.5)
    t = np.where(once | ~ok, 0.0, np.log(ratio) / np.log(np.where(once, 0.5, 1 - g["g1"])))
    q = t / float(PLEDGE_YEARS)
    near = np.round(q)
    renew = np.where(np.abs(q - near) < 1e-9, near, np.floor(q))
    codes = np.where(~ok, 0, np.where(renew == 0, 1, np.where(t < _BIDING.value - 1e-9, 2,
                     np.where(t < _DECADE.value - 1e-9, 3, 4)))).astype(np.int8)
    return RegimeGrid(x, y, xs, ys, codes, LABELS, (float(p[x]), float(p[y])))


def _explain(r: LeverageWindowResult) -> list[str]:
    s0, s_star, g0, g1, first_use = (r.inputs()[k] for k in PARAMS)
    out = []
    if first_use == BASE_YEAR:
        out.append(f"China uses the weapon in {first_use} with a refining share of s₀ = {fmt(s0)}.")
    else:
        if r.share_at_use != s0:
            out.append(f"China waits until {first_use}: eroding at g₀ = {fmt(g0)} a year before first use, the"
                       f" share falls from s₀ = {fmt(s0)} to {fmt(r.share_at_use)} by then.")
        else:
            out.append(f"China waits until {first_use}: with g₀ = 0 nothing erodes before first use, so the"
                       f" share is still s₀ = {fmt(s0)} by then.")
    if not r.deterred_at_use:
        out.append(f"That is not above the threshold s* = {fmt(s_star)} from M1: by first use the threat no"
                   " longer deters, and there is no window left.")
        if r.year_end is not None:
            out.append(f"Unused, the leverage had already run out around {fmt(r.year_end, 1)}.")
    else:
        if g1 >= 1:
            out.append("With g₁ = 1 the share collapses the moment the weapon is used: it works only once,"
                       " and the window after first use is t* = 0 years.")
        else:
            out.append(f"After first use the share erodes by g₁ = {fmt(g1)} a year, so it reaches s* ="
                       f" {fmt(s_star)} after t* = ln(s*/s_use)/ln(1 - g₁) = {fmt(r.t_star)} years (s_use ="
                       f" {fmt(r.share_at_use)}, the share at first use), around"
                       f" {fmt(r.year_end, 1)}.")
        out.append(f"A six-month pledge like London's can be renewed ⌊t*/0.5⌋ = {r.renewals}"
                   f" {'time' if r.renewals == 1 else 'times'} before the leverage is gone.")
        out.append(f"At the US midterms (Nov 3, 2026) the share is {fmt(r.share_at_midterms)}:"
                   f" China's threat {'still deters' if r.deterred_at_midterms else 'no longer deters'}.")
        if r.g1_decade is not None:
            out.append(f"Kennedy's 'a decade or more' needs g₁ ≤ {fmt(r.g1_decade, 3)}; the insights page's"
                       f" '5+ years' needs g₁ ≤ {fmt(r.g1_five, 3)}; 'only once' (no renewal) means g₁ ≥"
                       f" {fmt(r.g1_once, 3)}.")
    out.append(f"Had China never used it, erosion at g₀ = {fmt(g0)} would leave a share of"
               f" {fmt(r.share_2035_unused)} in 2035, against {fmt(r.share_2035)} on the path with first use.")
    out.append(f"Reading: {r.reading}.")
    return out
