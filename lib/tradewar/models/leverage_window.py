"""M8 A finite window of leverage: how long does a refining monopoly keep deterring?

China's threat deters the US only while its share of refining s stays above M1's threshold s*. The
share erodes as others build mines, refineries and stockpiles: s(t) = s0·(1 - η)^t, η being the
erosion rate (η, not g: g is a gain elsewhere in the course). Before China uses the weapon the
rate is η₀ (eta0; default 0, a teaching calibration: nobody invests against a weapon not yet used);
using it wakes everyone up and the rate becomes η₁ (eta1). Kennedy's remark that the 15 years since
China's 2010 action against Japan were largely "frittered away" is evidence about erosion *after* a
use (a small η₁), not before it. The window of leverage after the first use is
t* = ln(s*/s_use)/ln(1 - η₁) years, and a six-month supply pledge like the one Kennedy reports (June
2025) can be renewed floor(t*/0.5) times before the leverage is gone. The articles disagree about
η₁: the view that China can "only use this threat once" (η₁ near 1, at least 0.894 at the defaults), Kennedy's "a decade or more"
before a serious dent (t* >= 10 is necessary for it: η₁ <= 0.106; his words suggest a smaller η₁) and
the insights page's "5+ years" of US biding (t* >= 5: η₁ <= 0.201). The model has no payoffs: it says
how long deterrence lasts for a given year of first use, not whether using the weapon now is better
than later (with η₀ < η₁, deterrence ends later in calendar time the longer China waits).

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
# One renewal period: the six-month pledge Kennedy reports, in years. Exact (1/2) so that exact inputs stay exact.
PLEDGE_YEARS = Fraction(int(_PLEDGE.value), 12)
# US midterm elections, Nov 3, 2026, as a decimal year for the timeline. The date is from outside the
# articles (seed 001 mentions the midterms, not their date).
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
    Param("eta0", "Erosion before first use (η₀)", 0, 0, 0.2, 0.01, "per year",
          help="How fast the share falls while the weapon is unused; default 0 is a teaching calibration"
               " (nobody invests against a weapon not yet used; the articles give no figure); range [0, 0.2]"
               " chosen here."),
    Param("eta1", "Erosion after first use (η₁)", 0.1, 0.02, 1, 0.01, "per year",
          source=_FRITTERED.source,
          help=f"How fast the share falls once the weapon has been used; 1 means it can be used only once."
               f" Kennedy says the {int(_FRITTERED.value)} years since China's 2010 action against Japan were"
               " largely frittered away (erosion after a use was slow). His 'a decade or more' before a"
               " serious dent needs at least t* ≥ 10, i.e. η₁ ≤ 0.106, and his words suggest a smaller η₁;"
               " the default 0.1 is the largest slider value compatible with it at the default s₀ and s*"
               " (a teaching calibration)."),
    Param("first_use", "Year of first use", BASE_YEAR, BASE_YEAR, 2035, 1, "year", kind="int",
          help="When China first uses the weapon (2025: the April listing); range chosen here."),
)

NO_LEVERAGE = "No leverage at first use (s ≤ s*)"
ONCE = "Only once (no six-month renewal)"
SHORT = "A short window (under 5 years)"
# "5+ years" (the insights page) covers both FIVE_TO_TEN and DECADE: η₁ <= eta1_five.
FIVE_TO_TEN = "5 to 10 years"
DECADE = "A decade or more (Kennedy)"
LABELS = (NO_LEVERAGE, ONCE, SHORT, FIVE_TO_TEN, DECADE)

_FLOAT_PARAMS = [k for k, spec in PARAMS.items() if spec.kind == "float"]


def share_at(years, s0, eta0, eta1, first_use):
    """The share s(t) at calendar years (a number or a numpy array): erosion eta0 until first_use,
    eta1 afterwards. Floats only; used for the chart, not for the exact results."""
    t = np.asarray(years, dtype=float) - BASE_YEAR
    t_use = float(first_use) - BASE_YEAR
    before = np.minimum(t, t_use)
    after = np.maximum(t - t_use, 0.0)
    with np.errstate(divide="ignore"):  # 0**0 = 1 and 0**t = 0 need no warning when eta1 = 1
        return s0 * (1 - eta0) ** before * (1 - eta1) ** after


def _years_to(ratio, eta, exact):
    """Years t >= 0 at which (1 - eta)^t = ratio, for 0 < ratio < 1 and 0 < eta <= 1:
    ln(ratio)/ln(1 - eta). eta = 1 (the share vanishes at once) gives 0. With exact inputs the answer
    is exact when ratio is a whole power of (1 - eta)."""
    if eta >= 1:
        return 0 * ratio
    base = 1 - eta
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
        return FIVE_TO_TEN
    return DECADE


def _eta1_for(ratio, years):
    """The erosion rate eta1 that makes the window exactly `years` long: 1 - ratio^(1/years)
    (a root, so a float)."""
    return 1 - float(ratio) ** (1 / float(years))


@dataclass(frozen=True)
class LeverageWindowResult:
    """The window of leverage and the share path.

    t_star is in years after first use; year_end is the calendar year the share falls to s* (before
    first use if eta0 erodes it first), None if it never does or never was above s*. eta1_once, eta1_five
    and eta1_decade are the erosion rates at which the window is exactly 0.5, 5 and 10 years: an eta1 at or
    below eta1_decade gives a window of a decade or more, and so on.
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
    eta1_once: object
    eta1_five: object
    eta1_decade: object
    reading: str
    outcome: str
    years: tuple  # the chart's calendar years, monthly
    shares: tuple  # s(t) with first use at first_use
    shares_unused: tuple  # s(t) if China never used the weapon (erosion eta0 throughout)

    def inputs(self) -> dict:
        return dict(self.params)

    def explain(self) -> list[str]:
        return _explain(self)


def solve(**params) -> LeverageWindowResult:
    """Solve M8 in closed form, with the share path 2025-2037 for the chart."""
    p = validate_all(PARAMS, params)
    s0, s_star, eta0, eta1 = numbers(p, _FLOAT_PARAMS)
    exact = isinstance(s0, Fraction)
    first_use = p["first_use"]
    wait = first_use - BASE_YEAR

    share_use = s0 * (1 - eta0) ** wait
    deterred_at_use = share_use > s_star
    ratio = s_star / share_use  # share_use >= 0.5 x 0.8^10 > 0 on the slider ranges
    # No window (0 years) when the share is already at or below s* at first use.
    t_star = _years_to(ratio, eta1, exact) if deterred_at_use else 0 * s_star
    renewals = _renewals(t_star)

    if not s0 > s_star:
        year_end = None  # never above the threshold
    elif deterred_at_use:
        year_end = first_use + t_star
    else:
        # eta0 > 0 here (with eta0 = 0 the share would still be s0 > s* at first use).
        year_end = BASE_YEAR + _years_to(s_star / s0, eta0, exact)

    years = np.linspace(CHART_YEARS[0], CHART_YEARS[1], _MONTHS)
    shares = share_at(years, float(s0), float(eta0), float(eta1), first_use)
    unused = share_at(years, float(s0), float(eta0), float(eta1), np.inf)
    at_mid = float(share_at(MIDTERMS, float(s0), float(eta0), float(eta1), first_use))
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
        share_2035=float(share_at(2035, float(s0), float(eta0), float(eta1), first_use)),
        share_2035_unused=float(share_at(2035, float(s0), float(eta0), float(eta1), np.inf)),
        # (1 - eta1)^0.5 = s*/s gives eta1 = 1 - (s*/s)^2: rational, so exact inputs stay exact.
        eta1_once=None if fr is None else 1 - fr ** 2,
        eta1_five=None if fr is None else _eta1_for(fr, _BIDING.value),
        eta1_decade=None if fr is None else _eta1_for(fr, _DECADE.value),
        reading=_label(deterred_at_use, t_star, renewals),
        outcome=_label(deterred_at_use, t_star, renewals),
        years=tuple(years.tolist()),
        shares=tuple(shares.tolist()),
        shares_unused=tuple(unused.tolist()),
    )


def regime_grid(x: str = "eta1", y: str = "s_star", n: int = 61, **params) -> RegimeGrid:
    """The reading (window length) over a plane of two real parameters; first_use is held fixed."""
    p = validate_all(PARAMS, params)
    xs, ys, g = plane(PARAMS, p, x, y, n, _FLOAT_PARAMS)
    wait = p["first_use"] - BASE_YEAR
    share_use = g["s0"] * (1 - g["eta0"]) ** wait
    ok = share_use > g["s_star"]
    once = g["eta1"] >= 1
    # The same expression as solve's float path, cell by cell; the placeholders (0.5) only fill the
    # cells that np.where discards, so that no log of 0 is taken.
    ratio = np.where(ok, g["s_star"] / share_use, 0.5)
    t = np.where(once | ~ok, 0.0, np.log(ratio) / np.log(np.where(once, 0.5, 1 - g["eta1"])))
    q = t / float(PLEDGE_YEARS)
    near = np.round(q)
    renew = np.where(np.abs(q - near) < 1e-9, near, np.floor(q))
    codes = np.where(~ok, 0, np.where(renew == 0, 1, np.where(t < _BIDING.value - 1e-9, 2,
                     np.where(t < _DECADE.value - 1e-9, 3, 4)))).astype(np.int8)
    return RegimeGrid(x, y, xs, ys, codes, LABELS, (float(p[x]), float(p[y])))


def _explain(r: LeverageWindowResult) -> list[str]:
    s0, s_star, eta0, eta1, first_use = (r.inputs()[k] for k in PARAMS)
    out = []
    if first_use == BASE_YEAR:
        out.append(f"China uses the weapon in {first_use} with a refining share of s₀ = {fmt(s0)}.")
    else:
        if r.share_at_use != s0:
            out.append(f"China waits until {first_use}: eroding at η₀ = {fmt(eta0)} a year before first use, the"
                       f" share falls from s₀ = {fmt(s0)} to {fmt(r.share_at_use)} by then.")
        else:
            out.append(f"China waits until {first_use}: with η₀ = 0 nothing erodes before first use, so the"
                       f" share is still s₀ = {fmt(s0)} by then.")
    if not r.deterred_at_use:
        out.append(f"That is not above the threshold s* = {fmt(s_star)} from M1: by first use the threat no"
                   " longer deters, and there is no window left.")
        if r.year_end is not None:
            out.append(f"Unused, the leverage had already run out around {fmt(r.year_end, 1)}.")
    else:
        if eta1 >= 1:
            out.append("With η₁ = 1 the share collapses the moment the weapon is used: it works only once,"
                       " and the window after first use is t* = 0 years.")
        else:
            out.append(f"After first use the share erodes by η₁ = {fmt(eta1)} a year, so it reaches s* ="
                       f" {fmt(s_star)} after t* = ln(s*/s_use)/ln(1 - η₁) = {fmt(r.t_star)} years (s_use ="
                       f" {fmt(r.share_at_use)}, the share at first use), around"
                       f" {fmt(r.year_end, 1)}.")
        out.append(f"A six-month pledge like the one Kennedy reports can be renewed ⌊t*/0.5⌋ = {r.renewals}"
                   f" {'time' if r.renewals == 1 else 'times'} before the leverage is gone.")
        out.append(f"At the US midterms (Nov 3, 2026, a date from outside the articles) the share is {fmt(r.share_at_midterms)}:"
                   f" China's threat {'still deters' if r.deterred_at_midterms else 'no longer deters'}.")
        if r.eta1_decade is not None:
            out.append(f"Kennedy's 'a decade or more' (before a serious dent) needs at least t* ≥ 10, i.e."
                       f" η₁ ≤ {fmt(r.eta1_decade, 3)}; the insights page's '5+ years' needs η₁ ≤"
                       f" {fmt(r.eta1_five, 3)}; a single use (no renewal) means η₁ ≥ {fmt(r.eta1_once, 3)}.")
    out.append(f"Had China never used it, erosion at η₀ = {fmt(eta0)} would leave a share of"
               f" {fmt(r.share_2035_unused)} in 2035, against {fmt(r.share_2035)} on the path with first use.")
    out.append(f"Reading: {r.reading}.")
    return out
