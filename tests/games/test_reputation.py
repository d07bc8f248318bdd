"""games.reputation: Bayes' rule by hand, edge cases, and sweeps against independent formulas."""
import math
from fractions import Fraction as F
from functools import cache

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradewar.games import reputation as R

SWEEP = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
probs = st.fractions(0, 1, max_denominator=50)


# ---------------------------------------------------------------- Bayes' rule by hand


def test_update_hand_worked():
    # prior 1/2, A backs down w.p. 1/4, B w.p. 3/4: (1/8) / (1/8 + 3/8) = 1/4
    assert R.update(F(1, 2), F(1, 4), F(3, 4)) == F(1, 4)
    assert type(R.update(F(1, 2), F(1, 4), F(3, 4))) is F
    # ints count as exact
    assert R.update(F(1, 3), 1, 0) == 1 and type(R.update(F(1, 3), 1, 0)) is F
    assert R.update(0, F(1, 2), F(1, 3)) == 0
    assert R.update(1, F(1, 2), F(1, 3)) == 1
    # uninformative observation leaves the belief alone
    assert R.update(F(2, 7), F(1, 3), F(1, 3)) == F(2, 7)


def test_update_float():
    x = R.update(0.5, 0.25, 0.75)
    assert type(x) is float and x == pytest.approx(0.25)
    assert R.update(F(1, 2), 0.25, F(3, 4)) == pytest.approx(0.25)


@pytest.mark.parametrize("args,name", [
    ((F(-1, 10), F(1, 2), F(1, 2)), "prior"),
    ((F(1, 2), 1.5, F(1, 2)), "p_if_a"),
    ((F(1, 2), F(1, 2), -0.1), "p_if_b"),
    ((F(1, 2), "x", F(1, 2)), "p_if_a"),
    ((F(1, 2), F(1, 2), True), "p_if_b"),
    ((math.nan, F(1, 2), F(1, 2)), "prior"),
])
def test_update_bad_input(args, name):
    with pytest.raises(ValueError, match=name):
        R.update(*args)


@pytest.mark.parametrize("prior,pa,pb", [(F(1, 2), 0, 0), (0, F(1, 2), 0), (1, 0, F(1, 2))])
def test_update_zero_over_zero(prior, pa, pb):
    with pytest.raises(ValueError, match="impossible under both types"):
        R.update(prior, pa, pb)


def test_belief_path():
    path = R.belief_path(F(1, 2), [(F(1, 4), F(3, 4)), (F(1, 4), F(3, 4)), (1, 1)])
    assert path == (F(1, 2), F(1, 4), F(1, 10), F(1, 10))
    assert R.belief_path(F(1, 5), []) == (F(1, 5),)
    with pytest.raises(ValueError, match=r"likelihoods\[1\]"):
        R.belief_path(F(1, 2), [(F(1, 2), F(1, 2)), (F(1, 2),)])
    with pytest.raises(ValueError, match=r"likelihoods\[0\].*p_if_a"):
        R.belief_path(F(1, 2), [(2, F(1, 2))])


def test_posterior_odds_hand_worked():
    # prior 1/3 -> odds 1/2; two back-downs, one stand, beta_a 1/4, beta_b 1/2:
    # 1/2 * (1/2)**2 * (3/4 / 1/2) = 1/2 * 1/4 * 3/2 = 3/16
    assert R.posterior_odds(F(1, 3), 2, 1, F(1, 4), F(1, 2)) == F(3, 16)
    assert R.odds_to_prob(F(3, 16)) == F(3, 19)
    assert R.posterior(F(1, 3), 2, 1, F(1, 4), F(1, 2)) == F(3, 19)


def test_posterior_odds_edges():
    assert R.posterior_odds(0, 3, 2, F(1, 4), F(1, 2)) == 0
    assert R.posterior_odds(1, 3, 2, F(1, 4), F(1, 2)) == math.inf
    assert R.posterior(1, 3, 2, F(1, 4), F(1, 2)) == 1
    # type B never backs down: one back-down rules B out
    assert R.posterior_odds(F(1, 2), 1, 0, F(1, 4), 0) == math.inf
    # type A always backs down: one stand rules A out
    assert R.posterior_odds(F(1, 2), 0, 1, 1, F(1, 2)) == 0
    # 0**0 = 1: a zero back-down probability says nothing when no back-down was seen
    assert R.posterior_odds(F(1, 2), 0, 2, 0, F(1, 2)) == 4
    with pytest.raises(ValueError, match="impossible under both types"):
        R.posterior_odds(F(1, 2), 1, 0, 0, 0)
    with pytest.raises(ValueError, match="impossible under both types"):
        R.posterior(0, 1, 0, F(1, 2), 0)
    with pytest.raises(ValueError, match="k = -1"):
        R.posterior_odds(F(1, 2), -1, 0, F(1, 2), F(1, 2))
    with pytest.raises(ValueError, match="j = 1.5"):
        R.posterior_odds(F(1, 2), 0, 1.5, F(1, 2), F(1, 2))
    with pytest.raises(ValueError, match="beta_b"):
        R.posterior_odds(F(1, 2), 0, 1, F(1, 2), F(3, 2))
    assert R.odds_to_prob(math.inf) == 1.0
    assert R.odds_to_prob(0) == 0
    with pytest.raises(ValueError, match="odds"):
        R.odds_to_prob(-1)


@SWEEP
@given(prior=probs, ba=probs, bb=probs, k=st.integers(0, 6), j=st.integers(0, 6),
       order=st.randoms(use_true_random=False))
def test_posterior_agrees_with_step_by_step_updating(prior, ba, bb, k, j, order):
    """Closed-form odds == k + j sequential Bayes updates in any order (order does not matter)."""
    moves = [(ba, bb)] * k + [(1 - ba, 1 - bb)] * j
    order.shuffle(moves)
    try:
        path = R.belief_path(prior, moves)
    except ValueError:
        # sequentially impossible <=> impossible in the closed form
        with pytest.raises(ValueError):
            R.posterior(prior, k, j, ba, bb)
        return
    p = R.posterior(prior, k, j, ba, bb)
    assert path[-1] == p and 0 <= p <= 1
    assert R.odds_to_prob(R.posterior_odds(prior, k, j, ba, bb)) == p
    if 0 < prior < 1 and 0 < ba < 1 and 0 < bb < 1:
        odds = prior / (1 - prior) * (ba / bb) ** k * ((1 - ba) / (1 - bb)) ** j
        assert R.posterior_odds(prior, k, j, ba, bb) == odds


@SWEEP
@given(prior=st.floats(0, 1), pa=st.floats(0, 1), pb=st.floats(0, 1))
def test_update_float_sweep(prior, pa, pb):
    """Floats against exact Fraction arithmetic on the same binary values: no underflow to a
    spurious 0/0, and 0/0 exactly when neither type with prior weight could make the observation."""
    wa, wb = F(prior) * F(pa), (1 - F(prior)) * F(pb)
    if wa + wb == 0:
        with pytest.raises(ValueError, match="impossible under both types"):
            R.update(prior, pa, pb)
        return
    x = R.update(prior, pa, pb)
    assert 0 <= x <= 1
    assert x == pytest.approx(float(wa / (wa + wb)), rel=1e-12, abs=1e-300)
    # the martingale property: the expected posterior equals the prior
    w = prior * pa + (1 - prior) * pb
    if 1e-300 < w < 1:
        y = R.update(prior, 1 - pa, 1 - pb)
        assert w * x + (1 - w) * y == pytest.approx(prior, abs=1e-12)


def test_tiny_float_probabilities_do_not_underflow_into_zero_over_zero():
    """Two back-downs that type A makes with probability 8e-227 leave A a weight near 1e-455 (below
    the smallest float); a stand that type B never makes must still rule B out, not raise 0/0."""
    tiny = 7.9879274946773e-227
    path = R.belief_path(0.01, [(tiny, 1.0), (tiny, 1.0), (1.0, 0.0)])
    assert path[2] == 0.0 and path[3] == 1.0
    assert R.posterior_odds(0.01, 2, 1, tiny, 1.0) == math.inf
    assert R.posterior(0.01, 2, 1, tiny, 1.0) == 1.0
    # finite but far beyond float range: odds overflow to inf, the probability stays right
    assert R.posterior_odds(0.5, 0, 400, 1e-3, 1 - 1e-3) == math.inf
    assert R.posterior(0.5, 0, 400, 1e-3, 1 - 1e-3) == 1.0
    assert R.posterior(0.5, 100, 0, 1e-3, 0.5) == pytest.approx(float(1 / (1 + (F(1, 2) / F(1e-3)) ** 100)), rel=1e-9)


# ---------------------------------------------------------------- the chain-store game

HALF, TENTH = F(1, 2), F(1, 10)


def test_hand_worked_g_half_mu0_tenth():
    """g = 1/2, mu0 = 1/10, u = 2, N = 10: n* = floor(ln(1/10)/ln(1/2)) = floor(3.32) = 3.

    Challenges 1-7 (n = 10..4) face thresholds 1/1024..1/16 < 1/10: out. Challenge 8 (n = 3):
    1/10 < 1/8, enters; the weak incumbent fights with phi_3 = (1/10)(3/4)/((9/10)(1/4)) = 1/3,
    so a fight leaves 1/10 / (1/10 + 9/10 * 1/3) = 1/4 = g^2. Challenge 9 (n = 2) faces exactly its
    threshold 1/4: it stays out with probability 1/u = 1/2; the weak incumbent fights with
    phi_2 = (1/4)(1/2)/((3/4)(1/2)) = 1/3 and a fight leaves 1/2. Challenge 10 (n = 1): the weak
    incumbent accommodates (phi_1 = 0)."""
    r = R.chain_store(10, HALF, 2, TENTH)
    assert r.n_star == 3 and r.deterred == 7
    assert r.thresholds == tuple(F(1, 2**n) for n in range(10, 0, -1))
    assert r.belief_fought == (TENTH,) * 8 + (F(1, 4), F(1, 2), F(1))
    assert r.phi_fought[7:] == (F(1, 3), F(1, 3), 0)
    assert r.phi_fought[6] == F(7, 9)  # off the path: what the weak type would do at n = 4
    assert r.phi_fought[:6] == (1,) * 6  # 1/10 >= g^(n-1) for n >= 5
    # weak: 1; 1/3 * 1/2 + 2/3 = 5/6; 2/3 + 1/3 * (1/2 + 1/2 * (1/6 + 2/3)) = 35/36
    assert r.entry_prob_weak[7:] == (1, F(5, 6), F(35, 36))
    # tough: 1; 1/2; belief 1/2 (tie) w.p. 1/2 or 1/4 (enter) w.p. 1/2: 3/4
    assert r.entry_prob_tough[7:] == (1, F(1, 2), F(3, 4))
    assert r.entry_prob[7:] == (1, F(4, 5), F(19, 20))
    assert r.entry_prob[:7] == (0,) * 7
    assert r.fight_prob_weak[7:] == (F(1, 3), F(1, 3) * F(1, 2) * F(1, 3), 0)
    assert r.expected_entries == F(11, 4)
    # deterred for 7 stages at u = 2 each, indifferent (value 0) once challengers enter
    assert r.weak_payoff == 14
    assert all(type(x) is F for x in r.entry_prob + r.belief_fought + r.phi_fought + r.thresholds)


def test_selten_paradox_prior_zero():
    """Without a tough type, backward induction: the last incumbent accommodates, so does every
    earlier one, and every challenger enters."""
    r = R.chain_store(20, HALF, 3, 0)
    assert r.n_star == math.inf and r.deterred == 0
    assert r.entry_prob == (1,) * 20 and r.fight_prob == (0,) * 20
    assert r.phi_fought == (0,) * 20 and r.belief_fought == (0,) * 21
    assert r.expected_entries == 20 and r.weak_payoff == 0
    plays = R.simulate(20, 0.5, 3, 0.0, paths=50, seed=3)
    assert plays.entered.all() and not plays.fought.any()


def test_sure_tough_deters_everyone():
    r = R.chain_store(6, HALF, 2, 1)
    assert r.n_star == 0 and r.deterred == 6 and r.expected_entries == 0 and r.weak_payoff == 12


@pytest.mark.parametrize("g,mu0,expected", [
    (HALF, TENTH, 3), (HALF, F(1, 8), 3), (HALF, F(1, 7), 2), (HALF, F(1, 9), 3), (HALF, HALF, 1),
    (HALF, F(3, 4), 0), (F(1, 10), F(1, 100), 2), (0.1, 0.01, 2), (0.5, 0.125, 3), (F(9, 10), F(1, 1000), 65),
    (F(1, 3), F(1, 3**40), 40), (F(1, 3), F(1, 3**40) + F(1, 10**40), 39), (F(1, 3), F(1, 3**40) - F(1, 10**40), 40),
])
def test_n_star(g, mu0, expected):
    """n* counts the final stages with g^n >= mu0: a tie g^m = mu0 counts (m, not m - 1)."""
    assert R.n_star(g, mu0) == expected


@SWEEP
@given(g=st.fractions(F(1, 50), F(49, 50), max_denominator=50), mu0=st.fractions(F(1, 1000), F(1, 2), max_denominator=1000))
def test_n_star_against_powers_and_logs(g, mu0):
    ns = R.n_star(g, mu0)
    assert g ** ns >= mu0 > g ** (ns + 1)
    L = math.log(mu0) / math.log(g)
    if abs(L - round(L)) > 1e-9:  # away from exact powers the float formula is right
        assert ns == math.floor(L) == math.ceil(L) - 1


@pytest.mark.parametrize("N,g,mu0,tie", [
    (100, HALF, F(1, 4), 2), (100, 0.5, 0.25, 2), (100, HALF, F(1, 2048), 11), (100, 0.5, 1 / 2048, 11),
    (10, F(1, 10), F(1, 100), 2), (10, 0.1, 0.01, 2), (5, F(1, 3), F(1, 27), 3), (3, HALF, F(1, 16), 4),
])
def test_knife_edge_n_star_deterred_may_enter_agree(N, g, mu0, tie):
    """Issue 8, defect 2: at mu0 = g^m the challenger with m challenges left is indifferent and enters
    with probability 1 - 1/u, so it is not deterred: n* = m and deterred = N - min(N, m). The old
    n* (ceil(ln mu0 / ln g) - 1 = m - 1) disagreed with N - deterred at every such point."""
    r = R.chain_store(N, g, 2, mu0)
    assert r.n_star == tie and r.deterred == N - min(N, tie)
    assert r.deterred == sum(1 for e in r.entry_prob if e == 0)
    if tie <= N:  # the indifferent challenger, number N - m + 1
        assert r.entry_prob[N - tie] == pytest.approx(0.5, rel=1e-9)


def brute(N, g, u, mu0, tough):
    """Per-stage entry/fight probabilities by enumerating every branch with the models.md M4
    formulas applied to belief values (no codes), independent of the module."""
    entry, fight = [F(0)] * N, [F(0)] * N

    def go(t, p, w):
        if t == N or w == 0:
            return
        n = N - t
        e = 1 if p < g**n else (1 - F(1) / u if p == g**n else 0)
        phi = 1 if tough else (1 if p >= g ** (n - 1) else p * (1 - g ** (n - 1)) / ((1 - p) * g ** (n - 1)))
        entry[t] += w * e
        fight[t] += w * e * phi
        go(t + 1, p, w * (1 - e))
        go(t + 1, max(p, g ** (n - 1)) if p else p, w * e * phi)
        go(t + 1, F(0), w * e * (1 - phi))

    go(0, F(mu0), F(1))
    return tuple(entry), tuple(fight)


def fr(lo, hi, d=40):
    return st.fractions(F(lo), F(hi), max_denominator=d)


@SWEEP
@given(N=st.integers(1, 7), g=fr(F(1, 20), F(19, 20)), u=fr(F(21, 20), 5, 20), mu0=fr(0, 1, 60))
def test_distribution_matches_brute_force_enumeration(N, g, u, mu0):
    r = R.chain_store(N, g, u, mu0)
    ew, fw = brute(N, g, u, mu0, tough=False)
    et, ft = brute(N, g, u, mu0, tough=True)
    assert r.entry_prob_weak == ew and r.fight_prob_weak == fw and r.entry_prob_tough == et
    assert ft == et  # a tough incumbent fights every entrant
    assert r.entry_prob == tuple(mu0 * t + (1 - mu0) * w for t, w in zip(et, ew))
    assert r.expected_entries == sum(r.entry_prob) and r.expected_fights == sum(r.fight_prob)
    assert all(0 <= x <= 1 for x in r.entry_prob + r.fight_prob + r.phi_fought + r.belief_fought)
    # every challenger before the last n* stays out, whatever N is, ties included
    ns = r.n_star
    assert r.deterred == sum(1 for n in range(1, N + 1) if mu0 > g**n)
    assert r.deterred == N - min(N, ns)


@cache
def weak_value(n, p, g, u):
    """The weak incumbent's continuation value with n challenges left at belief p, playing the
    models.md strategies: the quantity whose indifference makes the mixing an equilibrium."""
    if n == 0:
        return F(0)
    e, phi, post = strategies(n, p, g, u)
    enter = phi * (-1 + weak_value(n - 1, post, g, u)) + (1 - phi) * weak_value(n - 1, F(0), g, u)
    return e * enter + (1 - e) * (u + weak_value(n - 1, p, g, u))


def strategies(n, p, g, u):
    e = 1 if p < g**n else (1 - F(1) / u if p == g**n else 0)
    phi = F(1) if p >= g ** (n - 1) else p * (1 - g ** (n - 1)) / ((1 - p) * g ** (n - 1))
    return e, phi, (max(p, g ** (n - 1)) if p else p)  # belief 0 is absorbing


@SWEEP
@given(N=st.integers(1, 12), g=fr(F(1, 20), F(19, 20)), u=fr(F(21, 20), 5, 20), mu0=fr(0, F(1, 2), 60))
def test_sequential_equilibrium_conditions(N, g, u, mu0):
    """At every belief the equilibrium reaches (and the off-path ones the module reports):
    the challenger best-responds (indifferent when it mixes), the weak incumbent best-responds
    (indifferent when it mixes), and beliefs after a fight follow Bayes' rule."""
    r = R.chain_store(N, g, u, mu0)
    seen = set()

    def check(n, p):
        if n == 0 or (n, p) in seen:
            return
        seen.add((n, p))
        e, phi, post = strategies(n, p, g, u)
        q = p + (1 - p) * phi  # probability that an entrant is fought
        gain = g - q  # challenger: enter gives g (accommodated) or g - 1 (fought), out gives 0
        assert (gain > 0) if e == 1 else (gain < 0) if e == 0 else gain == 0
        fight = -1 + weak_value(n - 1, post, g, u)
        accommodate = weak_value(n - 1, F(0), g, u)
        assert fight >= accommodate if phi == 1 else fight <= accommodate if phi == 0 else fight == accommodate
        if q > 0:
            assert R.update(p, 1, phi) == post  # Bayes: tough fights surely, weak with phi
        check(n - 1, p)
        check(n - 1, post)
        check(n - 1, F(0))

    check(N, F(mu0))
    # the module's numbers are these strategies along the all-fought path
    p = F(mu0)
    for t, n in enumerate(range(N, 0, -1)):
        e, phi, post = strategies(n, p, g, u)
        assert r.phi_fought[t] == phi and r.belief_fought[t] == p
        p = post if e else p
    assert r.weak_payoff == weak_value(N, F(mu0), g, u)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(N=st.integers(1, 100), g=fr(F(1, 20), F(19, 20), 20), u=fr(F(21, 20), 5, 20), mu0=fr(0, F(1, 2), 200))
def test_floats_agree_with_exact(N, g, u, mu0):
    ex = R.chain_store(N, g, u, mu0)
    fl = R.chain_store(N, float(g), float(u), float(mu0))
    assert fl.n_star == ex.n_star and fl.deterred == ex.deterred
    for name in ("entry_prob", "fight_prob", "belief_fought", "phi_fought", "thresholds"):
        assert np.allclose(np.array(getattr(fl, name), float), np.array(getattr(ex, name), float),
                           rtol=1e-9, atol=1e-12), name
    assert fl.expected_entries == pytest.approx(float(ex.expected_entries), rel=1e-9, abs=1e-12)
    assert fl.weak_payoff == pytest.approx(float(ex.weak_payoff), rel=1e-9, abs=1e-9)
    assert type(fl.expected_entries) is float and type(ex.expected_entries) is F


@pytest.mark.parametrize("tough", [False, True])
@pytest.mark.parametrize("N,g,u,mu0", [(10, HALF, 2, TENTH), (30, F(4, 5), 3, F(1, 20)), (8, F(1, 3), F(3, 2), F(1, 9))])
def test_simulated_frequencies_within_four_standard_errors(N, g, u, mu0, tough):
    r = R.chain_store(N, g, u, mu0)
    M = 4000
    plays = R.simulate(N, float(g), float(u), float(mu0), tough=tough, paths=M, seed=11)
    for freq, probs in ((plays.entered.mean(0), r.entry_prob_tough if tough else r.entry_prob_weak),
                        (plays.fought.mean(0), None if tough else r.fight_prob_weak)):
        if probs is None:
            continue
        p = np.array([float(x) for x in probs])
        se = np.sqrt(p * (1 - p) / M)
        assert np.all(np.abs(freq - p) <= 4 * se + 1e-12)  # sure events (se = 0) must match exactly
    if tough:
        assert (plays.fought == plays.entered).all()


def test_simulated_paths_obey_the_equilibrium():
    N = 40
    plays = R.simulate(N, 0.8, 2.0, 0.05, paths=300, seed=5)
    acc = plays.accommodated
    assert acc.any() and plays.fought.any()
    for i in range(300):
        first = np.flatnonzero(acc[i])
        if first.size:  # TACO: once accommodated, belief 0 and every later challenger enters
            t = first[0]
            assert (plays.beliefs[i, t + 1:] == 0).all() and plays.entered[i, t:].all()
            assert not plays.fought[i, t + 1:].any()
    # beliefs only ever take the values mu0, 0 or a power of g
    allowed = np.array([0.0, 0.05] + [0.8**k for k in range(N + 1)])
    assert np.isclose(plays.beliefs[..., None], allowed, rtol=1e-12, atol=0).any(-1).all()
    assert plays.beliefs[:, 0].tolist() == [0.05] * 300


def test_back_down_at_sends_belief_to_zero():
    plays = R.simulate(12, 0.5, 2.0, 0.1, tough=False, paths=20, seed=0, back_down_at=2)
    assert plays.entered[:, 1].all() and not plays.fought[:, 1].any()
    assert (plays.beliefs[:, 2:] == 0).all() and plays.entered[:, 1:].all() and not plays.fought[:, 2:].any()
    # without it, challenge 2 of 12 is deterred (1/10 > 1/2^11)
    assert not R.simulate(12, 0.5, 2.0, 0.1, paths=20, seed=0).entered[:, 1].any()


def test_simulation_is_seeded():
    a1 = R.simulate(30, 0.7, 2.0, 0.05, paths=50, seed=4)
    a2 = R.simulate(30, 0.7, 2.0, 0.05, paths=50, seed=4)
    a3 = R.simulate(30, 0.7, 2.0, 0.05, paths=50, seed=5)
    assert (a1.entered == a2.entered).all() and (a1.beliefs == a2.beliefs).all()
    assert (a1.entered != a3.entered).any()


@pytest.mark.parametrize("args,name", [
    ((0, HALF, 2, TENTH), "N"), ((2.5, HALF, 2, TENTH), "N"), ((True, HALF, 2, TENTH), "N"),
    ((5, 0, 2, TENTH), "g"), ((5, 1, 2, TENTH), "g"), ((5, HALF, 1, TENTH), "u"),
    ((5, HALF, 2, F(-1, 10)), "mu0"), ((5, HALF, 2, 1.5), "mu0"), ((5, "x", 2, TENTH), "g"),
])
def test_chain_store_bad_input(args, name):
    with pytest.raises(ValueError, match=rf"^{name} = "):
        R.chain_store(*args)


def test_simulate_bad_input():
    with pytest.raises(ValueError, match="paths"):
        R.simulate(5, 0.5, 2, 0.1, paths=0)
    with pytest.raises(ValueError, match="back_down_at"):
        R.simulate(5, 0.5, 2, 0.1, back_down_at=6)




# ---------------------------------------------------------------- posterior over numpy arrays


@pytest.mark.parametrize("k,j", [(0, 0), (1, 0), (5, 0), (3, 2), (0, 4), (400, 0), (200, 100)])
def test_posterior_over_arrays_is_the_scalar_posterior_element_by_element(k, j):
    rng = np.random.default_rng(7)
    prior, ba, bb = rng.random((3, 2000))
    # Edges: sure and impossible types, tiny probabilities that underflow, exact halves.
    for a in (prior, ba, bb):
        a[rng.integers(0, 2000, 200)] = rng.choice([0.0, 1.0, 1e-200, 1 - 1e-16, 0.5], 200)
    prior[:3], ba[:3], bb[:3] = 0.3, 1.0, 0.0  # a back-down A always makes, B never does
    keep = []
    want = []
    for p, a, b in zip(prior, ba, bb):
        try:
            want.append(R.posterior(float(p), k, j, float(a), float(b)))
            keep.append(True)
        except ValueError:
            keep.append(False)
    keep = np.array(keep)
    got = R.posterior(prior[keep], k, j, ba[keep], bb[keep])
    assert isinstance(got, np.ndarray) and got.shape == (int(keep.sum()),)
    # Equal up to rounding, never to the last bit: numpy squares by multiplying, Python by pow(),
    # and the last bits differ between numpy builds. atol only forgives values in the subnormal range.
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-300)
    if k and not j:  # the three sure rows: only type A can back down, so the posterior is exactly 1
        assert list(got[:3]) == want[:3] == [1.0, 1.0, 1.0]
    if not keep.all():  # a record neither type could make is refused, as the scalar call refuses it
        with pytest.raises(ValueError, match="impossible under both types"):
            R.posterior(prior, k, j, ba, bb)


def test_posterior_over_arrays_broadcasts_and_names_bad_input():
    grid = R.posterior(np.array([[0.25], [0.5]]), 2, 0, np.array([0.2, 0.4, 0.6]), 0.8)
    assert grid.shape == (2, 3)
    assert grid[1, 0] == R.posterior(0.5, 2, 0, 0.2, 0.8)
    with pytest.raises(ValueError, match=r"beta_a = 1\.5 is out of range"):
        R.posterior(0.5, 1, 0, np.array([0.2, 1.5]), 0.8)
    with pytest.raises(ValueError, match="prior = nan"):
        R.posterior(np.array([0.5, np.nan]), 1, 0, 0.2, 0.8)


def test_a_weak_payoff_that_cancels_to_zero_is_zero_not_float_dust():
    # N = 3, g = 1/2, u = 2, mu0 = 1/10: exactly 0; in floats the sum used to print as -2.1e-17.
    from fractions import Fraction as F
    from tradewar.games.reputation import chain_store
    assert chain_store(3, F(1, 2), 2, F(1, 10)).weak_payoff == 0
    assert chain_store(3, 0.5, 2.0, 0.1).weak_payoff == 0.0
