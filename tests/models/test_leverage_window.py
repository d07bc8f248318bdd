"""M8 window of leverage: exact-power cases, the share path stepped half-year by half-year, bisection
for t*, and sweeps over every slider."""
import dataclasses
import math
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given

from model_strategies import SWEEP, norm, params
from tradewar.data import figure
from tradewar.models import chokepoint
from tradewar.models import leverage_window as M

params_any = params(M, max_denominator=60)


# ------------------------------------------------------------------ the spec


def test_params_follow_models_md():
    P = M.PARAMS
    assert list(P) == ["s0", "s_star", "g0", "g1", "first_use"]
    assert P["s0"].default == figure("refining_share_kennedy").value == 0.92
    assert P["s0"].source == "Foreign Policy, Scott Kennedy, June 2025"
    assert P["s_star"].default == pytest.approx(float(chokepoint.solve().s_star)) and P["s_star"].default == 0.3
    assert (P["g0"].default, P["g1"].default, P["g1"].lo, P["g1"].hi) == (0, 0.1, 0.02, 1)
    assert P["g0"].source == figure("years_since_2010_frittered").source
    assert M.PLEDGE_YEARS == F(1, 2) and M.MIDTERMS == pytest.approx(2026 + 306 / 365)


# ------------------------------------------------------------------ hand-worked cases


def test_exact_power_window():
    # s0 = 1, s* = 1/4, g1 = 1/2: (1/2)^2 = 1/4, so t* = 2 exactly and floor(2/0.5) = 4 renewals.
    r = M.solve(s0=1, s_star=F(1, 4), g1=F(1, 2))
    assert r.t_star == 2 and isinstance(r.t_star, F) and r.renewals == 4 and r.year_end == 2027
    assert r.g1_once == F(15, 16)  # (1 - g)^(1/2) = 1/4
    assert r.reading == M.SHORT and r.deterred_at_use
    # (9/10)^3 = 729/1000: t* = 3, 6 renewals; ...
    r = M.solve(s0=1, s_star=F(729, 1000), g1=F(1, 10))
    assert r.t_star == 3 and r.renewals == 6
    # ... and float inputs give the same up to rounding, with floor not fooled by 2.9999999999999996.
    r = M.solve(s0=1, s_star=0.729, g1=0.1)
    assert r.t_star == pytest.approx(3) and r.renewals == 6


def test_not_a_whole_power_falls_back_to_the_log():
    r = M.solve(s0=1, s_star=F(1, 3), g1=F(1, 2))
    assert r.t_star == pytest.approx(math.log(3) / math.log(2)) and r.renewals == 3


def test_defaults_match_kennedy_and_the_insights_page():
    r = M.solve()
    assert r.t_star == pytest.approx(math.log(0.3 / 0.92) / math.log(0.9)) and 10 < r.t_star < 11
    assert r.renewals == 21 and r.reading == M.DECADE and r.outcome == r.reading
    assert r.deterred_at_midterms and r.share_at_midterms == pytest.approx(0.92 * 0.9 ** (M.MIDTERMS - 2025))
    assert r.g1_decade == pytest.approx(1 - (0.3 / 0.92) ** 0.1) and 0.1 < r.g1_decade < 0.11
    assert 0.2 < r.g1_five < 0.21
    assert M.solve(g1=0.2).reading == M.BIDING
    assert M.solve(g1=0.5).reading == M.SHORT


def test_only_once_g1_equal_one():
    r = M.solve(g1=1)
    assert r.t_star == 0 and r.renewals == 0 and r.reading == M.ONCE and r.year_end == 2025
    assert r.shares[0] == 0.92 and max(r.shares[1:]) == 0  # gone the moment it is used
    assert "works only once" in "\n".join(r.explain())
    r = M.solve(s0=1, s_star=F(1, 2), g1=1, g0=0)
    assert r.t_star == 0 and isinstance(r.t_star, F)


def test_no_leverage_and_waiting():
    r = M.solve(s_star=0.95)
    assert not r.deterred_at_use and r.reading == M.NO_LEVERAGE and r.year_end is None and r.t_star == 0
    # Waiting ten years at g0 = 1/5 wears the share down below s* before first use.
    r = M.solve(s0=1, s_star=F(64, 125), g0=F(1, 5), g1=F(1, 10), first_use=2035)
    assert r.share_at_use == F(4, 5) ** 10 and not r.deterred_at_use
    assert r.year_end == 2028  # (4/5)^3 = 64/125
    # Waiting shortens the window when g0 > 0: use early.
    assert M.solve(g0=0.05, first_use=2030).t_star < M.solve(g0=0.05).t_star
    assert M.solve(g0=0, first_use=2030).t_star == pytest.approx(M.solve().t_star)


def test_exact_stays_exact_and_result_is_plain_data():
    r = M.solve(s0=F(23, 25), s_star=F(3, 10), g0=0, g1=F(1, 10))
    assert isinstance(r.share_at_use, F) and isinstance(r.g1_once, F) and isinstance(r.t_star, float)
    d = dataclasses.asdict(r)
    assert d["reading"] == M.DECADE and len(d["years"]) == len(d["shares"]) == len(d["shares_unused"])
    assert r.years[0] == 2025 and r.years[-1] == M.CHART_YEARS[1]


def test_explain_follows_the_numbers():
    text = "\n".join(M.solve().explain())
    assert "t* = ln(s*/s_use)/ln(1 - g₁) = 10.64 years" in text and "21 times" in text and "still deters" in text
    assert "g₁ ≤ 0.106" in text
    text = "\n".join(M.solve(g0=0.2, first_use=2035, s_star=0.5).explain())
    assert "no window left" in text and "already run out" in text


# ------------------------------------------------------------------ independent checks


@SWEEP
@given(params_any)
def test_half_year_stepping_and_bisection_agree(p):
    r = M.solve(**p)
    q = norm(p)
    s_use = q["s0"] * (1 - q["g0"]) ** (p["first_use"] - 2025)
    assert float(r.share_at_use) == pytest.approx(float(s_use))
    if s_use <= q["s_star"]:
        assert r.reading == M.NO_LEVERAGE and r.renewals == 0
        return
    # Renewals by stepping: half-years k >= 1 after first use at which the share is still >= s*.
    # (Skip draws within rounding of a whole half-year, where floor() is a coin toss.)
    s_use, s_star, g1 = float(s_use), float(q["s_star"]), float(q["g1"])
    steps = [s_use * (1 - g1) ** (k / 2) for k in range(1, 400)]
    if all(abs(s - s_star) > 1e-7 for s in steps):
        assert r.renewals == sum(s >= s_star for s in steps)
    # t* by bisection on the share path (share_at is the chart's function, not the log formula).
    if g1 < 1:
        lo, hi = 0.0, 400.0
        for _ in range(100):
            mid = (lo + hi) / 2
            above = M.share_at(p["first_use"] + mid, float(q["s0"]), float(q["g0"]), g1, p["first_use"]) > s_star
            lo, hi = (mid, hi) if above else (lo, mid)
        assert float(r.t_star) == pytest.approx(lo, abs=1e-6)
    else:
        assert r.t_star == 0


@SWEEP
@given(params_any)
def test_sweep_invariants(p):
    r = M.solve(**p)
    assert r.reading in M.LABELS and r.renewals >= 0 and r.t_star >= 0
    assert r.renewals == math.floor(float(r.t_star) * 2 + 1e-9)
    shares = np.array(r.shares)
    assert ((0 <= shares) & (shares <= 1)).all() and (np.diff(shares) <= 1e-15).all()
    if float(p["g1"]) >= float(p["g0"]):  # using the weapon speeds erosion up
        assert (shares <= np.array(r.shares_unused) + 1e-15).all()
    if r.deterred_at_use:
        assert r.year_end == pytest.approx(p["first_use"] + float(r.t_star))
        assert 0 < r.g1_decade <= r.g1_five <= r.g1_once <= 1
        # The readings sit in g1 where the boundaries say.
        g1 = float(p["g1"])
        if r.reading == M.DECADE:
            assert g1 <= r.g1_decade * (1 + 1e-6)
        if r.reading == M.BIDING:
            assert r.g1_decade * (1 - 1e-6) <= g1 <= r.g1_five * (1 + 1e-6)
        if r.reading == M.ONCE:
            assert g1 >= r.g1_once * (1 - 1e-6)
    if r.year_end is not None and r.year_end < 2037:
        assert float(M.share_at(float(r.year_end), float(p["s0"]), float(p["g0"]), float(p["g1"]),
                                p["first_use"])) == pytest.approx(float(p["s_star"]), abs=1e-9) \
            or float(p["g1"]) == 1


# ------------------------------------------------------------------ regime map


def test_regime_grid_default_plane():
    g = M.regime_grid()
    assert g.codes.shape == (61, 61) and g.labels == M.LABELS and g.point == (0.1, 0.3)
    assert set(np.unique(g.codes)) == set(range(5))
    # g1 = 1 (the right edge): only once, wherever s* < s0.
    assert (g.codes[g.ys < 0.92, -1] == 1).all() and (g.codes[g.ys > 0.92, :] == 0).all()
    with pytest.raises(ValueError):
        M.regime_grid("first_use", "g1")  # a year is not a map axis


def test_bad_values_are_named():
    with pytest.raises(ValueError, match=r"first_use \(Year of first use\) = 2024.5 is not a whole number"):
        M.solve(first_use=2024.5)
