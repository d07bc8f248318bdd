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
from tradewar.spec import CALIBRATION

params_any = params(M, max_denominator=60)


# ------------------------------------------------------------------ the spec


def test_params_follow_models_md():
    P = M.PARAMS
    assert list(P) == ["s0", "s_star", "eta0", "eta1", "first_use"]
    assert P["s0"].default == figure("refining_share_kennedy").value == 0.92
    assert P["s0"].source == "Foreign Policy, Scott Kennedy, June 2025"
    assert P["s_star"].default == pytest.approx(float(chokepoint.solve().s_star)) and P["s_star"].default == 0.3
    assert (P["eta0"].default, P["eta1"].default, P["eta1"].lo, P["eta1"].hi) == (0, 0.1, 0.02, 1)
    # Kennedy's 15 frittered years came after China's 2010 use against Japan: evidence about erosion
    # after a use (eta1), not before it (eta0). The old specs cited them for eta0.
    assert P["eta1"].source == figure("years_since_2010_frittered").source and "frittered" in P["eta1"].help
    assert P["eta0"].source == CALIBRATION and "frittered" not in P["eta0"].help
    assert M.PLEDGE_YEARS == F(1, 2) and M.MIDTERMS == pytest.approx(2026 + 306 / 365)


# ------------------------------------------------------------------ hand-worked cases


def test_exact_power_window():
    # s0 = 1, s* = 1/4, eta1 = 1/2: (1/2)^2 = 1/4, so t* = 2 exactly and floor(2/0.5) = 4 renewals.
    r = M.solve(s0=1, s_star=F(1, 4), eta1=F(1, 2))
    assert r.t_star == 2 and isinstance(r.t_star, F) and r.renewals == 4 and r.year_end == 2027
    assert r.eta1_once == F(15, 16)  # (1 - eta1)^(1/2) = 1/4
    assert r.reading == M.SHORT and r.deterred_at_use
    # (9/10)^3 = 729/1000: t* = 3, 6 renewals; ...
    r = M.solve(s0=1, s_star=F(729, 1000), eta1=F(1, 10))
    assert r.t_star == 3 and r.renewals == 6
    # ... and float inputs give the same up to rounding, with floor not fooled by 2.9999999999999996.
    r = M.solve(s0=1, s_star=0.729, eta1=0.1)
    assert r.t_star == pytest.approx(3) and r.renewals == 6


def test_not_a_whole_power_falls_back_to_the_log():
    r = M.solve(s0=1, s_star=F(1, 3), eta1=F(1, 2))
    assert r.t_star == pytest.approx(math.log(3) / math.log(2)) and r.renewals == 3


def test_defaults_match_kennedy_and_the_insights_page():
    r = M.solve()
    assert r.t_star == pytest.approx(math.log(0.3 / 0.92) / math.log(0.9)) and 10 < r.t_star < 11
    assert r.renewals == 21 and r.reading == M.DECADE and r.outcome == r.reading
    assert r.deterred_at_midterms and r.share_at_midterms == pytest.approx(0.92 * 0.9 ** (M.MIDTERMS - 2025))
    assert r.eta1_decade == pytest.approx(1 - (0.3 / 0.92) ** 0.1) and 0.1 < r.eta1_decade < 0.11
    assert 0.2 < r.eta1_five < 0.21
    assert M.solve(eta1=0.2).reading == M.FIVE_TO_TEN
    assert M.solve(eta1=0.5).reading == M.SHORT


def test_erosion_is_eta_and_the_default_is_the_largest_rate_compatible_with_kennedy():
    """g is a gain elsewhere in the course, so M8's erosion rates are η₀, η₁ (eta0, eta1); the old
    names g0, g1 fail here. Kennedy's "a decade or more" before a serious dent needs t* >= 10, i.e.
    η₁ <= 0.106: necessary, not sufficient, so 0.1 is the largest slider step compatible with it, not a
    rate that "gives" his claim (the old help text)."""
    P = M.PARAMS
    assert "g0" not in P and "g1" not in P
    assert P["eta0"].label == "Erosion before first use (η₀)" and P["eta1"].label == "Erosion after first use (η₁)"
    d = M.solve()
    assert round(d.eta1_decade, 3) == 0.106 and M.solve(eta1=0.1).t_star >= 10 > M.solve(eta1=0.11).t_star
    step = float(P["eta1"].step)
    assert math.floor(d.eta1_decade / step) * step == pytest.approx(P["eta1"].default)
    help_ = P["eta1"].help
    assert "needs at least t* ≥ 10, i.e. η₁ ≤ 0.106" in help_ and "largest slider value compatible" in help_
    assert "gives his" not in help_
    # A serious dent comes well inside his decade at η₁ = 0.1: 0.92 -> 0.67 in three years.
    assert round(float(M.share_at(2028, 0.92, 0, 0.1, 2025)), 2) == 0.67


def test_the_five_to_ten_band_is_not_the_insights_pages_reading():
    """The insights page's "5+ years" (t* >= 5, η₁ <= 0.201) covers both the 5-to-10 band and "a decade or more"; the old
    band label claimed it for 5 to 10 years alone."""
    assert M.FIVE_TO_TEN == "5 to 10 years" and not any("insights" in label for label in M.LABELS)
    d = M.solve()
    assert d.reading == M.DECADE and M.solve(eta1=0.2).reading == M.FIVE_TO_TEN
    assert 0.1 < 0.2 <= d.eta1_five  # η₁ = 0.1 and 0.2 both fit "5+ years"


def test_only_once_eta1_equal_one():
    r = M.solve(eta1=1)
    assert r.t_star == 0 and r.renewals == 0 and r.reading == M.ONCE and r.year_end == 2025
    assert r.shares[0] == 0.92 and max(r.shares[1:]) == 0  # gone the moment it is used
    assert "works only once" in "\n".join(r.explain())
    r = M.solve(s0=1, s_star=F(1, 2), eta1=1, eta0=0)
    assert r.t_star == 0 and isinstance(r.t_star, F)


def test_no_leverage_and_waiting():
    r = M.solve(s_star=0.95)
    assert not r.deterred_at_use and r.reading == M.NO_LEVERAGE and r.year_end is None and r.t_star == 0
    # Waiting ten years at eta0 = 1/5 wears the share down below s* before first use.
    r = M.solve(s0=1, s_star=F(64, 125), eta0=F(1, 5), eta1=F(1, 10), first_use=2035)
    assert r.share_at_use == F(4, 5) ** 10 and not r.deterred_at_use
    assert r.year_end == 2028  # (4/5)^3 = 64/125
    # Waiting shortens the window after first use when eta0 > 0, but with eta0 < eta1 deterrence ends later in
    # calendar time: M8 has no payoffs, so it cannot rank "use it now" against "use it later".
    late, early = M.solve(eta0=0.05, first_use=2030), M.solve(eta0=0.05)
    assert late.t_star < early.t_star and late.year_end > early.year_end
    assert M.solve(eta0=0, first_use=2030).t_star == pytest.approx(M.solve().t_star)


def test_exact_stays_exact_and_result_is_plain_data():
    r = M.solve(s0=F(23, 25), s_star=F(3, 10), eta0=0, eta1=F(1, 10))
    assert isinstance(r.share_at_use, F) and isinstance(r.eta1_once, F) and isinstance(r.t_star, float)
    d = dataclasses.asdict(r)
    assert d["reading"] == M.DECADE and len(d["years"]) == len(d["shares"]) == len(d["shares_unused"])
    assert r.years[0] == 2025 and r.years[-1] == M.CHART_YEARS[1]


def test_explain_follows_the_numbers():
    text = "\n".join(M.solve().explain())
    assert "t* = ln(s*/s_use)/ln(1 - η₁) = 10.64 years" in text and "21 times" in text and "still deters" in text
    assert "η₁ ≤ 0.106" in text and "Nov 3, 2026, a date from outside the articles" in text
    text = "\n".join(M.solve(eta0=0.2, first_use=2035, s_star=0.5).explain())
    assert "no window left" in text and "already run out" in text


# ------------------------------------------------------------------ independent checks


@SWEEP
@given(params_any)
def test_half_year_stepping_and_bisection_agree(p):
    r = M.solve(**p)
    q = norm(p)
    s_use = q["s0"] * (1 - q["eta0"]) ** (p["first_use"] - 2025)
    assert float(r.share_at_use) == pytest.approx(float(s_use))
    if s_use <= q["s_star"]:
        assert r.reading == M.NO_LEVERAGE and r.renewals == 0
        return
    # Renewals by stepping: half-years k >= 1 after first use at which the share is still >= s*.
    # (Skip draws within rounding of a whole half-year, where floor() is a coin toss.)
    s_use, s_star, eta1 = float(s_use), float(q["s_star"]), float(q["eta1"])
    steps = [s_use * (1 - eta1) ** (k / 2) for k in range(1, 400)]
    if all(abs(s - s_star) > 1e-7 for s in steps):
        assert r.renewals == sum(s >= s_star for s in steps)
    # t* by bisection on the share path (share_at is the chart's function, not the log formula).
    if eta1 < 1:
        lo, hi = 0.0, 400.0
        for _ in range(100):
            mid = (lo + hi) / 2
            above = M.share_at(p["first_use"] + mid, float(q["s0"]), float(q["eta0"]), eta1, p["first_use"]) > s_star
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
    if float(p["eta1"]) >= float(p["eta0"]):  # using the weapon speeds erosion up
        assert (shares <= np.array(r.shares_unused) + 1e-15).all()
    if r.deterred_at_use:
        assert r.year_end == pytest.approx(p["first_use"] + float(r.t_star))
        assert 0 < r.eta1_decade <= r.eta1_five <= r.eta1_once <= 1
        # The readings sit in eta1 where the boundaries say.
        eta1 = float(p["eta1"])
        if r.reading == M.DECADE:
            assert eta1 <= r.eta1_decade * (1 + 1e-6)
        if r.reading == M.FIVE_TO_TEN:
            assert r.eta1_decade * (1 - 1e-6) <= eta1 <= r.eta1_five * (1 + 1e-6)
        if r.reading == M.ONCE:
            assert eta1 >= r.eta1_once * (1 - 1e-6)
    if r.year_end is not None and r.year_end < 2037:
        assert float(M.share_at(float(r.year_end), float(p["s0"]), float(p["eta0"]), float(p["eta1"]),
                                p["first_use"])) == pytest.approx(float(p["s_star"]), abs=1e-9) \
            or float(p["eta1"]) == 1


# ------------------------------------------------------------------ regime map


def test_regime_grid_default_plane():
    g = M.regime_grid()
    assert g.codes.shape == (61, 61) and g.labels == M.LABELS and g.point == (0.1, 0.3)
    assert set(np.unique(g.codes)) == set(range(5))
    # eta1 = 1 (the right edge): only once, wherever s* < s0.
    assert (g.codes[g.ys < 0.92, -1] == 1).all() and (g.codes[g.ys > 0.92, :] == 0).all()
    with pytest.raises(ValueError):
        M.regime_grid("first_use", "eta1")  # a year is not a map axis


def test_bad_values_are_named():
    with pytest.raises(ValueError, match=r"first_use \(Year of first use\) = 2024.5 is not a whole number"):
        M.solve(first_use=2024.5)
