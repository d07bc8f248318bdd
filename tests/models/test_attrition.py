"""M9 war of attrition: hand-worked numbers, the equilibrium's indifference conditions checked
numerically, a simulated war agreeing with the closed forms, and sweeps over every slider."""
import math
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given

from model_strategies import SWEEP, is_exact, params
from tradewar.games.bargaining import attrition as game_attrition, sample_attrition
from tradewar.models import attrition as M

params_any = params(M)


def test_defaults_by_hand():
    r = M.solve(r_us=F(1, 5), r_cn=F(1, 10), z_us=F(1, 10), z_cn=F(1, 10), alpha=F(3, 4))
    # lam_us = r_cn(1 - a)/(2a - 1) = (1/10)(1/4)/(1/2) = 1/20; lam_cn = (1/5)(1/4)/(1/2) = 1/10.
    assert r.lam_us == F(1, 20) and r.lam_cn == F(1, 10)
    assert r.T_us == pytest.approx(20 * math.log(10)) and r.T_cn == pytest.approx(10 * math.log(10))
    assert r.weak == "US" and r.outcome == M.US_WEAK
    # c = 1 - z_us·z_cn^(-lam_us/lam_cn) = 1 - 0.1·0.1^(-1/2) = 1 - sqrt(0.1).
    c = 1 - math.sqrt(0.1)
    assert r.c == pytest.approx(c)
    # After t = 0 the US concedes at rate 1/20 and China at 1/10 until T0 = 10 ln 10.
    fight = (1 - c) * (1 - 10 ** -1.5)
    assert r.p_us_first == pytest.approx(c + fight / 3)
    assert r.p_cn_first == pytest.approx(2 * fight / 3)
    assert r.p_stalemate == pytest.approx(0.01)
    assert r.payoff_us == pytest.approx(0.25) and r.payoff_cn == pytest.approx(c * 0.75 + (1 - c) * 0.25)
    assert r.survive_us[0] == pytest.approx(1 - c) and r.survive_cn[0] == 1
    assert r.survive_us[-1] == pytest.approx(0.1) and r.survive_cn[-1] == pytest.approx(0.1)
    assert M.solve().c == pytest.approx(c)


def test_floats_give_the_same_numbers():
    exact = M.solve(r_us=F(1, 5), r_cn=F(1, 10), z_us=F(1, 10), z_cn=F(1, 10), alpha=F(3, 4))
    approx = M.solve()
    assert float(exact.lam_cn) == pytest.approx(approx.lam_cn)
    assert exact.p_us_first == pytest.approx(approx.p_us_first)


def test_a_tie_means_nobody_concedes_at_once():
    r = M.solve(r_us=0.1, r_cn=0.1)
    assert r.outcome == M.EVEN and r.c == 0
    assert r.p_us_first == pytest.approx(r.p_cn_first)
    assert r.payoff_us == r.payoff_cn == pytest.approx(0.25)


def test_on_a_tie_neither_side_is_weak():
    """At r_us = r_cn with equal reputations the times tie: the result named the US weak while the
    outcome said "evenly matched", and explain() spoke of "the weak side" (fails on the old code)."""
    r = M.solve(r_us=F(1, 10), r_cn=F(1, 10), z_us=F(1, 10), z_cn=F(1, 10), alpha=F(3, 4))
    assert r.T_us == r.T_cn and r.outcome == M.EVEN and r.c == 0
    assert r.weak is None
    text = " ".join(r.explain())
    assert "neither side is weak" in text and "each side gets 1 - α = 0.25" in text
    assert "the weak side" not in text
    # The explorer's "Weak side" row shows a dash.
    from tradewar.ui.views import _show
    assert _show(r.weak) == "–"
    assert M.solve(r_us=0.1).weak is None  # floats too


def test_explain_says_reputation_is_outside_this_one_shot_model():
    """Abreu-Gul is one standoff: a side seen to concede has posterior 0 of being obstinate, not a
    lower z "for the next round" (fails on the old explanation)."""
    text = " ".join(M.solve().explain())
    assert "for the next round" not in text and "weaker still" not in text
    assert "revealed rational" in text and "in a later standoff that side's prior z would be lower" in text
    assert "c = 1 - z_U·z_C^(-λ_U/λ_C) = 0.684" in text
    assert "c = 1 - z_C·z_U^(-λ_C/λ_U)" in " ".join(M.solve(z_us=0.5).explain())


def test_the_patient_reputable_side_is_strong():
    assert M.solve(r_us=0.1, r_cn=0.2).weak == "China"
    assert M.solve(z_us=0.5).weak == "China"  # a US more likely to be obstinate
    assert M.solve(z_cn=0.5).weak == "US"


def test_swapping_the_sides_swaps_the_answer():
    a = M.solve(r_us=0.3, r_cn=0.12, z_us=0.2, z_cn=0.05, alpha=0.8)
    b = M.solve(r_us=0.12, r_cn=0.3, z_us=0.05, z_cn=0.2, alpha=0.8)
    assert a.weak != b.weak and a.c == pytest.approx(b.c)
    assert a.p_us_first == pytest.approx(b.p_cn_first) and a.payoff_us == pytest.approx(b.payoff_cn)


def test_the_demand_changes_the_speed_not_who_is_weak():
    slow, fast = M.solve(alpha=0.9), M.solve(alpha=0.6)
    assert slow.weak == fast.weak and slow.c == pytest.approx(fast.c)
    assert slow.T0 > fast.T0


@pytest.mark.parametrize("kw", [{}, {"r_us": 0.08, "z_cn": 0.3}, {"z_us": 0.6, "alpha": 0.9}])
def test_each_rational_side_is_indifferent_over_its_concession_times(kw):
    """Conceding at any time in [0, T0] must give each rational side the same expected payoff (the
    condition that pins down lam and c), computed here by numerical integration."""
    r = M.solve(**kw)
    p = r.inputs()
    a = p["alpha"]
    ts = np.linspace(0, r.T0, 4001)
    for me, other in (("us", "cn"), ("cn", "us")):
        rate = p[f"r_{me}"]
        lam_o = float(getattr(r, f"lam_{other}"))
        c_o = r.c if r.weak == ("US" if other == "us" else "China") and r.outcome != M.EVEN else 0.0
        # Payoff of conceding at t: a if the other gave in at 0 or at s < t (discounted), else 1 - a at t.
        density = (1 - c_o) * lam_o * np.exp(-lam_o * ts)
        integrand = a * np.exp(-rate * ts) * density
        won = c_o * a + np.concatenate([[0], np.cumsum((integrand[1:] + integrand[:-1]) / 2 * np.diff(ts))])
        values = won + (1 - c_o) * np.exp(-lam_o * ts) * (1 - a) * np.exp(-rate * ts)
        assert np.ptp(values) < 1e-5
        assert values[0] == pytest.approx(getattr(r, f"payoff_{me}"), abs=1e-9)


@pytest.mark.parametrize("kw", [{}, {"r_us": 0.1, "r_cn": 0.3, "z_cn": 0.05}, {"z_us": 0.4, "z_cn": 0.4, "alpha": 0.6}])
def test_a_simulated_war_agrees_with_the_closed_form(kw):
    r = M.solve(**kw)
    p = r.inputs()
    sol = game_attrition((p["r_us"], p["r_cn"]), (p["z_us"], p["z_cn"]), (p["alpha"], p["alpha"]))
    n = 40_000
    x_us, x_cn = sample_attrition(sol, (p["z_us"], p["z_cn"]), n, np.random.default_rng(7))
    us_first = np.mean(x_us < x_cn)
    assert abs(us_first - r.p_us_first) < 4 * math.sqrt(r.p_us_first * (1 - r.p_us_first) / n)
    stuck = np.mean(np.isinf(x_us) & np.isinf(x_cn))
    assert abs(stuck - r.p_stalemate) < 4 * math.sqrt(r.p_stalemate * (1 - r.p_stalemate) / n)
    end = np.minimum(x_us, x_cn)
    done = np.isfinite(end)
    sd = np.std(end[done])
    assert abs(end[done].mean() - r.expected_delay) < 4 * sd / math.sqrt(done.sum())
    # The survival curve at a few times, from the sampled concession times.
    for i in (0, 20, 40, 60):
        t = r.times[i]
        share = np.mean(x_us > t)
        assert abs(share - r.survive_us[i]) < 4 * math.sqrt(r.survive_us[i] * (1 - r.survive_us[i]) / n) + 1e-12


@SWEEP
@given(params_any)
def test_sweep_probabilities(p):
    r = M.solve(**p)
    for q in (r.c, r.p_us_first, r.p_cn_first, r.p_stalemate):
        assert 0 <= q <= 1
    assert r.p_us_first + r.p_cn_first + r.p_stalemate == pytest.approx(1)
    assert r.T0 == min(r.T_us, r.T_cn)
    if r.outcome != M.EVEN:
        assert (r.T_us > r.T_cn) == (r.weak == "US")
        assert r.c > 0
        assert r.payoff_us + r.payoff_cn >= 2 * (1 - float(p["alpha"])) - 1e-12
    else:
        assert r.c == 0 and r.weak is None
    # The weak side concedes first at least whenever it concedes at once.
    if r.outcome == M.US_WEAK:
        assert r.p_us_first >= r.c
    if r.outcome == M.CN_WEAK:
        assert r.p_cn_first >= r.c
    for curve, z in ((r.survive_us, p["z_us"]), (r.survive_cn, p["z_cn"])):
        assert all(b <= a + 1e-15 for a, b in zip(curve, curve[1:]))
        assert curve[-1] == pytest.approx(float(z))
    assert 0 < r.expected_delay <= r.T0


@SWEEP
@given(params_any)
def test_sweep_exact_inputs_keep_the_rates_exact(p):
    r = M.solve(**p)
    if is_exact(p):
        assert isinstance(r.lam_us, F) and isinstance(r.lam_cn, F)
        assert r.lam_us == p["r_cn"] * (1 - p["alpha"]) / (2 * p["alpha"] - 1)


def test_the_regime_map_matches_solve_everywhere():
    g = M.regime_grid("z_us", "r_us", n=13)
    for i, y in enumerate(g.ys):
        for j, x in enumerate(g.xs):
            assert g.labels[g.codes[i, j]] == M.solve(z_us=float(x), r_us=float(y)).outcome
    assert g.point == (0.1, 0.2)
    assert {0, 1} <= set(np.unique(g.codes).tolist())


def test_bad_values_are_refused():
    with pytest.raises(ValueError, match="alpha .*0.5"):
        M.solve(alpha=0.5)
    with pytest.raises(ValueError, match="z_us"):
        M.solve(z_us=0)
    with pytest.raises(ValueError, match="x and y must differ"):
        M.regime_grid("alpha", "alpha")
