"""Bargaining games: exact hand-worked cases, backward induction against the closed forms, the Nash
solution against a brute-force maximisation, and the war of attrition against a simulation."""
import math
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradewar.games import bargaining as B

SWEEP = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
discounts = st.fractions(F(1, 20), F(19, 20), max_denominator=40)


def test_rubinstein_by_hand():
    d = F(9, 10)
    # Equal discount factors: the proposer gets 1/(1 + d) = 10/19.
    assert B.rubinstein(d, d) == (F(10, 19), F(9, 19))
    # (1 - 1/2)/(1 - 1/3) = 3/4 for a proposer with 2/3 facing a responder with 1/2.
    assert B.rubinstein(F(2, 3), F(1, 2)) == (F(3, 4), F(1, 4))
    # A responder who does not discount at all takes everything but the proposer's nothing.
    assert B.rubinstein(F(1, 2), 1) == (0, 1)


def test_limit_share_and_the_discrete_game_approach_it():
    assert B.limit_share(F(1, 5), F(1, 10)) == F(1, 3)
    for Delta in (1, 0.1, 0.001):
        share, _ = B.rubinstein(B.discount(0.2, Delta), B.discount(0.1, Delta))
        assert share > 1 / 3
    assert share == pytest.approx(1 / 3, abs=1e-3)
    assert B.discount(0.3, 0) == 1 and B.discount(0.2, 1) == pytest.approx(math.exp(-0.2))


def test_outside_option_binds_only_above_the_rubinstein_share():
    d = F(9, 10)
    # The responder gets d/(1 + d) = 9/19 anyway.
    idle = B.outside_option(d, d, F(2, 5))
    assert not idle.binds and idle.offer_j == F(9, 19) and idle.keep_i == F(10, 19) and idle.keep_j == F(10, 19)
    edge = B.outside_option(d, d, F(9, 19))
    assert not edge.binds
    bound = B.outside_option(d, d, F(3, 5))
    assert bound.binds and bound.offer_j == F(3, 5) and bound.keep_i == F(2, 5)
    # j proposing keeps 1 - d_i(1 - w) = 1 - (9/10)(2/5) = 16/25.
    assert bound.keep_j == F(16, 25)
    with pytest.raises(ValueError, match="w_j"):
        B.outside_option(d, d, F(3, 2))


def test_finite_horizon_by_hand():
    d = (F(1, 2), F(1, 2))
    # One round: ultimatum, the proposer takes all. Two rounds: the responder can get 1 next round,
    # worth 1/2 now. Three rounds: 1 - (1/2)(1 - 1/2) = 3/4.
    assert B.finite_horizon(d, 1) == (1, 0)
    assert B.finite_horizon(d, 2) == (F(1, 2), F(1, 2))
    assert B.finite_horizon(d, 3) == (F(3, 4), F(1, 4))
    assert B.finite_horizon(d, 3, first=1) == (F(1, 4), F(3, 4))
    # An outside option of 2/3 for player 1 binds in a two-round game: player 0 offers 2/3.
    assert B.finite_horizon(d, 2, w=(0, F(2, 3))) == (F(1, 3), F(2, 3))
    with pytest.raises(ValueError, match="at least one round"):
        B.finite_horizon(d, 0)
    with pytest.raises(ValueError, match="at most 1"):
        B.finite_horizon(d, 3, w=(F(2, 3), F(2, 3)))


@SWEEP
@given(discounts, discounts, st.integers(0, 1))
def test_sweep_backward_induction_converges_to_rubinstein(d0, d1, first):
    rounds = 120
    got = B.finite_horizon((d0, d1), rounds, first=first)
    d_p, d_r = (d0, d1) if first == 0 else (d1, d0)
    keep, give = B.rubinstein(d_p, d_r)
    want = (keep, give) if first == 0 else (give, keep)
    # The gap shrinks like (d0·d1)^(rounds/2).
    bound = (d0 * d1) ** (rounds // 2 - 1)
    assert abs(got[0] - want[0]) <= bound and sum(got) == 1
    # Odd horizons give the proposer a little more, even ones a little less: the limit is in between.
    odd, even = B.finite_horizon((d0, d1), 41, first)[first], B.finite_horizon((d0, d1), 40, first)[first]
    assert even <= keep <= odd


@SWEEP
@given(discounts, discounts, st.fractions(0, 1, max_denominator=30))
def test_sweep_backward_induction_with_an_outside_option(d_i, d_j, w):
    eq = B.outside_option(d_i, d_j, w)
    rounds = 120
    got_i = B.finite_horizon((d_i, d_j), rounds, first=0, w=(0, w))
    got_j = B.finite_horizon((d_i, d_j), rounds, first=1, w=(0, w))
    bound = (d_i * d_j) ** (rounds // 2 - 1)
    assert abs(got_i[1] - eq.offer_j) <= bound and abs(got_i[0] - eq.keep_i) <= bound
    assert abs(got_j[1] - eq.keep_j) <= bound
    assert eq.binds == (w > eq.threshold)
    assert eq.offer_j == max(w, eq.threshold)


def test_nash_bargaining_by_hand():
    # Defaults of M7: d = (-23/5, -2), alpha = 1/3, S = 10: u_0 = -23/5 + (1/3)(10 + 23/5 + 2) = 14/15.
    assert B.nash_bargaining(10, F(-23, 5), -2, F(1, 3)) == (F(14, 15), F(136, 15))
    assert B.nash_bargaining(10, 0, 0, F(1, 2)) == (5, 5)
    with pytest.raises(ValueError, match="alpha"):
        B.nash_bargaining(10, 0, 0, F(3, 2))
    with pytest.raises(ValueError, match="S >= d_0"):
        B.nash_bargaining(1, 1, 1, F(1, 2))


@SWEEP
@given(st.fractions(1, 20, max_denominator=10), st.fractions(-10, 0, max_denominator=10),
       st.fractions(-10, 0, max_denominator=10), st.fractions(F(1, 20), F(19, 20), max_denominator=20))
def test_sweep_nash_solution_maximises_the_nash_product(S, d0, d1, alpha):
    u0, u1 = B.nash_bargaining(S, d0, d1, alpha)
    assert u0 + u1 == S and u0 >= d0 and u1 >= d1
    # Brute force over a fine grid of splits: none beats the formula's product.
    xs = np.linspace(float(d0), float(S - d1), 2001)[1:-1]
    a = float(alpha)
    logs = a * np.log(xs - float(d0)) + (1 - a) * np.log(float(S) - xs - float(d1))
    best = xs[np.argmax(logs)]
    assert abs(best - float(u0)) <= float(S - d0 - d1) / 1000 + 1e-12


def test_variable_threats_pick_the_threat_that_hurts_the_other_more():
    menu = [(-4, -2), (-6, -3)]
    # alpha = 1/2: u_1 = 6 under the first threat and -3 + (10 + 6 + 3)/2 = 13/2 under the second,
    # a gain of (2 - 1)/2: it hurts player 0 by 2 more and player 1 by only 1 more.
    assert B.best_threat(10, menu, F(1, 2), chooser=1) == (1, (F(7, 2), F(13, 2)))
    # A threat that costs the chooser as much as the other side is no better: the tie goes to the first.
    assert B.best_threat(10, [(-4, -2), (-5, -3)], F(1, 2), chooser=1)[0] == 0
    # Player 0 prefers the menu entry with the lower d_1 too.
    assert B.best_threat(10, [(0, 0), (-1, -3)], F(1, 2), chooser=0)[0] == 1
    with pytest.raises(ValueError):
        B.best_threat(10, [], F(1, 2), 1)


def test_linkage_by_hand():
    us, cn = (3, 1), (1, 3)
    assert B.linked_issues(us, cn) == (3, 3, (0, 1))
    assert B.split_issues(us, cn, F(1, 3)) == (F(4, 3), F(8, 3))
    assert B.linked_issues((2, 1), (2, 0)) == (2, 1, (None, 0))
    with pytest.raises(ValueError):
        B.linked_issues((1,), (1, 2))


@SWEEP
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), min_size=1, max_size=4))
def test_sweep_linkage_is_efficient(issues):
    us, cn = tuple(i[0] for i in issues), tuple(i[1] for i in issues)
    u0, u1, owners = B.linked_issues(us, cn)
    # Brute force over every whole-issue allocation: none has a larger total.
    best = max(sum(us[i] if bit >> i & 1 else cn[i] for i in range(len(us))) for bit in range(2 ** len(us)))
    assert u0 + u1 == best
    for alpha in (F(1, 4), F(1, 2), F(3, 4)):
        s0, s1 = B.split_issues(us, cn, alpha)
        assert u0 + u1 >= s0 + s1


def test_attrition_by_hand():
    sol = B.attrition((F(1, 5), F(1, 10)), (F(1, 10), F(1, 10)), (F(3, 4), F(3, 4)))
    assert sol.lam == (F(1, 20), F(1, 10))
    assert sol.weak == 0 and sol.c[0] == pytest.approx(1 - math.sqrt(0.1)) and sol.c[1] == 0
    assert sol.T0 == pytest.approx(10 * math.log(10))
    assert sol.survival(1, sol.T0) == pytest.approx(0.1) and sol.survival(0, 1e9) == pytest.approx(0.1)
    # Unequal demands: lam_0 = r_1(1 - a_0)/(a_0 + a_1 - 1) = (1/10)(1/5)/(1/2) = 1/25.
    assert B.concession_rate(F(1, 10), F(4, 5), F(7, 10)) == F(1, 25)
    with pytest.raises(ValueError, match="incompatible"):
        B.concession_rate(F(1, 10), F(1, 2), F(1, 2))
    with pytest.raises(ValueError, match="z"):
        B.attrition((1, 1), (0, F(1, 2)), (F(3, 4), F(3, 4)))


@pytest.mark.parametrize("r,z,a", [((0.2, 0.1), (0.1, 0.1), (0.75, 0.75)),
                                   ((0.1, 0.3), (0.3, 0.05), (0.6, 0.9)),
                                   ((0.1, 0.1), (0.2, 0.2), (0.7, 0.7))])
def test_attrition_simulated_with_a_second_sampler(r, z, a):
    """Draw concession times from each side's unconditional distribution by inverting
    G(t) = 1 - (1 - c)exp(-lam t) directly (a different route from sample_attrition's types-first
    draw), and check the first-concession probability of the closed form."""
    sol = B.attrition(r, z, a)
    rng = np.random.default_rng(11)
    n = 40_000
    times = []
    for k in (0, 1):
        u = rng.random(n)
        with np.errstate(divide="ignore"):
            t = -np.log((1 - u) / (1 - sol.c[k])) / sol.lam[k]
        t = np.where(u < sol.c[k], 0.0, t)
        times.append(np.where(u > 1 - z[k], np.inf, np.minimum(t, sol.T0)))
    first = np.mean(times[0] < times[1])
    p = sol.p_first[0]
    assert abs(first - p) < 4 * math.sqrt(p * (1 - p) / n)
    x0, x1 = B.sample_attrition(sol, z, n, np.random.default_rng(12))
    assert abs(np.mean(x0 < x1) - p) < 4 * math.sqrt(p * (1 - p) / n)
