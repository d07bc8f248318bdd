"""M10 brinkmanship: hand-worked exact cases, a brute-force search over risks, a simulation, and
sweeps over every slider."""
import dataclasses
import math
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given

from model_strategies import SWEEP, is_exact, params
from tradewar.models import brinkmanship as M
from tradewar.models import chokepoint

params_any = params(M, max_denominator=60)
params_exact = params(M, exact_only=True, max_denominator=60)


# ------------------------------------------------------------------ the spec


def test_params_follow_models_md_and_m1():
    P = M.PARAMS
    assert list(P) == ["p", "D0_us", "D_cn", "v", "l", "sigma"]
    # D0_us defaults to M1's damage at its defaults, 5 x 0.92.
    assert P["D0_us"].default == 4.6 == pytest.approx(float(chokepoint.solve().D_us))
    assert (P["D_cn"].default, P["v"].default, P["l"].default, P["sigma"].default) == (2, 1, 1, 0)
    assert all("chosen here" in P[k].help for k in ("D0_us", "D_cn", "v", "l"))


def test_d_u_means_the_damage_net_of_substitutes_as_in_m1():
    """One symbol, one meaning: D_U is the damage the US bears, net of substitutes, as in M1 (02). The
    slider is the damage before substitutes, D⁰_U (code D0_us); the old slider was called D_U (code
    D_us) while the US bore D_U(1 - σ) (fails on the old code: no D0_us)."""
    P = M.PARAMS
    assert "D_us" not in P and P["D0_us"].label == "US damage before substitutes (D⁰_U)"
    assert "D_U = D⁰_U·(1 - σ)" in P["D0_us"].help and "D_U = D⁰_U·(1 - σ)" in P["sigma"].help
    r = M.solve(p=F(1, 2), D0_us=5, D_cn=2, v=1, l=1, sigma=F(1, 5))
    assert r.damage_us == 4 and r.p_star == F(1, 4) and r.damage_ratio == 2
    text = " ".join(r.explain())
    assert "D_U = D⁰_U·(1 - σ) = 5 × 0.8 = 4" in text and "p* = v/D_U = 0.25" in text
    assert "D_U/D_C = 2" in text and "(l·D⁰_U)" in text
    # D_C is China's damage if the confrontation is carried through; its default is M1's D_C, not
    # "as in M1" in meaning.
    assert "carried through" in P["D_cn"].help and "as in M1" not in P["D_cn"].help
    assert P["D_cn"].default == chokepoint.PARAMS["D_cn"].default


# ------------------------------------------------------------------ hand-worked cases


def test_defaults_exact():
    # D0_us = 23/5: p* = v/D0_us = 5/23; p*·D_cn = 10/23 <= l = 1, so brinkmanship pays.
    r = M.solve(p=F(3, 10), D0_us=F(23, 5), D_cn=2, v=1, l=1, sigma=0)
    assert r.p_star == F(5, 23) and r.exp_cost_cn_star == F(10, 23) and r.p_max == F(1, 2)
    assert r.worth_it and r.outcome == M.PAYS and r.us_yields and r.response == M.YIELDS
    assert r.exp_cost_us == F(69, 50) and r.exp_cost_cn == F(3, 5)
    assert r.damage_ratio == F(23, 10) and r.stakes_ratio == 1
    # sigma* = 1 - v·max(l, D_cn)/(l·D0_us) = 1 - 2/(23/5) = 13/23.
    assert r.sigma_star == F(13, 23)


def test_holds_firm_below_p_star_and_yields_at_it():
    base = dict(D0_us=4, D_cn=1, v=1, l=1, sigma=0)  # p* = 1/4
    assert M.solve(p=F(1, 4), **base).us_yields  # a tie counts as yielding: p·D0_us >= v
    r = M.solve(p=F(6, 25), **base)
    assert not r.us_yields and r.response == M.HOLDS and r.outcome == M.PAYS
    assert M.solve(p=0.25, **base).us_yields  # floats too


def test_damage_ratio_against_stakes_ratio():
    # D0_us/D_cn = 3/2 against v/l = 2: p* = 2/3 and p*·D_cn = 4/3 > l = 1: not credible.
    r = M.solve(p=F(1, 2), D0_us=3, D_cn=2, v=2, l=1)
    assert r.p_star == F(2, 3) and r.exp_cost_cn_star == F(4, 3) and not r.worth_it
    assert r.outcome == M.NOT_CREDIBLE and r.sigma_star is None
    # At the edge D0_us/D_cn = v/l the threat just pays (tie to China's stake).
    r = M.solve(p=F(1, 2), D0_us=4, D_cn=2, v=2, l=1)
    assert r.p_star == F(1, 2) and r.exp_cost_cn_star == 1 and r.worth_it and r.sigma_star == 0


def test_no_risk_is_enough_when_damage_below_stake():
    r = M.solve(D0_us=F(1, 2), v=1)
    assert r.p_star is None and r.outcome == M.HOPELESS and not r.worth_it and r.sigma_star is None
    r = M.solve(D0_us=1, v=1, D_cn=0)  # a sure shortfall just works, and costs China nothing
    assert r.p_star == 1 and r.worth_it and r.damage_ratio is None and r.p_max == 1
    assert M.solve(D0_us=0).p_star is None and M.solve(sigma=1).outcome == M.HOPELESS


def test_rising_sigma_shrinks_the_damage_until_it_stops_paying():
    # D0_us = 23/5, sigma* = 13/23: at sigma* the damage is 2 = v·D_cn/l (a tie: still pays).
    at = M.solve(D0_us=F(23, 5), sigma=F(13, 23))
    assert at.damage_us == 2 and at.worth_it and at.exp_cost_cn_star == 1
    past = M.solve(D0_us=F(23, 5), sigma=F(14, 23))
    assert not past.worth_it and past.outcome == M.NOT_CREDIBLE
    # With D_cn < l the binding edge is damage = v: sigma* = 1 - v/D0_us.
    assert M.solve(D0_us=4, D_cn=F(1, 2), v=1, l=1).sigma_star == F(3, 4)


def test_exact_stays_exact_and_floats_stay_floats():
    r = M.solve(p=F(1, 3), D0_us=5, D_cn=2, v=1, l=1, sigma=F(1, 5))
    assert all(isinstance(x, F) for x in (r.damage_us, r.p_star, r.p_max, r.exp_cost_us, r.sigma_star))
    assert isinstance(M.solve().p_star, float)
    d = dataclasses.asdict(r)
    assert d["p_star"] == F(1, 4) and d["outcome"] == M.PAYS


def test_explain_follows_the_numbers():
    text = "\n".join(M.solve().explain())
    assert "p* = v/D_U = 0.22" in text and "pays" in text and "above p*" in text
    text = "\n".join(M.solve(D0_us=0.5).explain())
    assert "no risk China can run" in text
    text = "\n".join(M.solve(D0_us=3, D_cn=2, v=2, l=1).explain())
    assert "more than what giving in costs it, l = 1" in text and "not credible" in text
    assert "costs China nothing" in "\n".join(M.solve(D_cn=0).explain())


# ------------------------------------------------------------------ independent checks


def credible(q, D_cn, l):
    """China's threat to keep risk q running is credible iff, facing a US that holds firm, China
    prefers the risk (expected loss q·D_cn) to giving in (loss l); written out from models.md."""
    return q * D_cn <= l


@SWEEP
@given(params_exact)
def test_brute_force_over_risks_agrees(p):
    r = M.solve(**p)
    d = F(p["D0_us"]) * (1 - F(p["sigma"]))
    grid = [F(k, 400) for k in range(401)]
    yielding = [q for q in grid if q * d >= p["v"]]
    if r.p_star is None:
        assert not yielding
    else:
        # The smallest grid risk that works is the first grid point at or above p*.
        assert yielding and min(yielding) >= r.p_star and min(yielding) - F(1, 400) < r.p_star
        assert r.p_star * d == p["v"]
    # China coerces iff some risk that makes the US yield is also a credible threat.
    cands = grid + ([r.p_star] if r.p_star is not None else [])
    works = [q for q in cands if q * d >= p["v"] and credible(q, p["D_cn"], p["l"])]
    assert bool(works) == r.worth_it
    # ... and then p* is the smallest such risk, and every risk from p* to p_max works.
    if r.worth_it:
        assert min(works) == r.p_star and r.p_star <= r.p_max
        assert all(q <= r.p_max for q in works)


def test_the_credibility_condition_is_not_a_cost_china_pays():
    """p*·D_cn is what China would lose if the US held firm: at p* the US yields and nothing is cut
    off. The old explanation called it what running the risk costs China (fails on the old text)."""
    r = M.solve(p=F(5, 23), D0_us=F(23, 5), D_cn=2, v=1, l=1, sigma=0)
    assert r.p_star == F(5, 23) and r.us_yields and r.worth_it and r.exp_cost_cn_star == F(10, 23)
    text = " ".join(r.explain())
    assert "Against a US that held firm" in text and "the US yields and nothing is cut off" in text
    assert "Running that risk costs China" not in text and "Worth" not in M.NOT_CREDIBLE
    bad = M.solve(D0_us=5, D_cn=3, v=2, l=1)
    assert bad.outcome == M.NOT_CREDIBLE and "not credible" in " ".join(bad.explain())


def test_simulated_shortfalls_match_expected_costs():
    rng = np.random.default_rng(2025)
    r = M.solve()
    n = 20000
    hit = rng.random(n) < 0.3
    for sim, exp, dmg in ((hit * 4.6, r.exp_cost_us, 4.6), (hit * 2.0, r.exp_cost_cn, 2.0)):
        se = dmg * math.sqrt(0.3 * 0.7 / n)
        assert abs(sim.mean() - exp) < 4 * se


@SWEEP
@given(params_any)
def test_sweep_invariants(p):
    r = M.solve(**p)
    assert r.outcome in M.LABELS and r.response in M.RESPONSES
    assert 0 < r.p_max <= 1 and 0 <= r.exp_cost_us and 0 <= r.exp_cost_cn
    if r.p_star is not None:
        assert 0 < r.p_star <= 1
        assert r.worth_it == (r.p_star <= r.p_max * (1 + 1e-9))
    assert r.worth_it == (r.outcome == M.PAYS)
    if r.sigma_star is not None:
        assert 0 <= r.sigma_star < 1
    if is_exact(p):
        # Brinkmanship pays iff the damage ratio beats the stakes ratio and a sure shortfall suffices.
        d = F(p["D0_us"]) * (1 - F(p["sigma"]))
        assert r.worth_it == (d >= p["v"] and d > 0 and d * p["l"] >= p["v"] * p["D_cn"])
        assert r.us_yields == (p["p"] * d >= p["v"])


# ------------------------------------------------------------------ regime map


def test_regime_grid_default_plane():
    g = M.regime_grid()
    assert g.codes.shape == (61, 61) and g.labels == M.LABELS and g.point == (4.6, 2.0)
    assert set(np.unique(g.codes)) == {0, 1, 2}
    j, i = int(np.argmin(abs(g.xs - 4.6))), int(np.argmin(abs(g.ys - 2)))
    assert g.labels[g.codes[i, j]] == M.solve().outcome
    # Below D0_us = v = 1 no risk is enough, whatever D_cn is.
    assert (g.codes[:, g.xs < 1] == 2).all()


def test_regime_grid_arguments_are_checked():
    for kw in ({"x": "p", "y": "p"}, {"x": "outcome"}, {"n": 1}, {"n": True}):
        with pytest.raises(ValueError):
            M.regime_grid(**kw)


def test_bad_values_are_named():
    with pytest.raises(ValueError, match=r"p \(Licence-denial probability \(p\)\) = 1.5 is out of range"):
        M.solve(p=1.5)
