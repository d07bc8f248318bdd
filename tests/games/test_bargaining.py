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
    # Defaults of M7: d = (-23/5, -2), tau = 1/3, Pi = 10: u_0 = -23/5 + (1/3)(10 + 23/5 + 2) = 14/15.
    assert B.nash_bargaining(10, F(-23, 5), -2, F(1, 3)) == (F(14, 15), F(136, 15))
    assert B.nash_bargaining(10, 0, 0, F(1, 2)) == (5, 5)
    with pytest.raises(ValueError, match="tau"):
        B.nash_bargaining(10, 0, 0, F(3, 2))
    with pytest.raises(ValueError, match="Pi >= d_0"):
        B.nash_bargaining(1, 1, 1, F(1, 2))


@SWEEP
@given(st.fractions(1, 20, max_denominator=10), st.fractions(-10, 0, max_denominator=10),
       st.fractions(-10, 0, max_denominator=10), st.fractions(F(1, 20), F(19, 20), max_denominator=20))
def test_sweep_nash_solution_maximises_the_nash_product(Pi, d0, d1, tau):
    u0, u1 = B.nash_bargaining(Pi, d0, d1, tau)
    assert u0 + u1 == Pi and u0 >= d0 and u1 >= d1
    # Brute force over a fine grid of splits: none beats the formula's product.
    xs = np.linspace(float(d0), float(Pi - d1), 2001)[1:-1]
    a = float(tau)
    logs = a * np.log(xs - float(d0)) + (1 - a) * np.log(float(Pi) - xs - float(d1))
    best = xs[np.argmax(logs)]
    assert abs(best - float(u0)) <= float(Pi - d0 - d1) / 1000 + 1e-12
    # On a one-segment frontier nash_on_frontier is the same solution.
    assert B.nash_on_frontier([(d0, Pi - d0), (Pi - d1, d1)], tau, (d0, d1)) == (u0, u1)


def test_variable_threats_pick_the_threat_that_hurts_the_other_more():
    menu = [(-4, -2), (-6, -3)]
    # tau = 1/2: u_1 = 6 under the first threat and -3 + (10 + 6 + 3)/2 = 13/2 under the second,
    # a gain of (2 - 1)/2: it hurts player 0 by 2 more and player 1 by only 1 more.
    assert B.best_threat(10, menu, F(1, 2), chooser=1) == (1, (F(7, 2), F(13, 2)))
    # A threat that costs the chooser as much as the other side is no better: the tie goes to the first.
    assert B.best_threat(10, [(-4, -2), (-5, -3)], F(1, 2), chooser=1)[0] == 0
    # Player 0 prefers the menu entry with the lower d_1 too.
    assert B.best_threat(10, [(0, 0), (-1, -3)], F(1, 2), chooser=0)[0] == 1
    with pytest.raises(ValueError):
        B.best_threat(10, [], F(1, 2), 1)


def test_variable_threats_weigh_the_two_damages_by_the_powers():
    # A threat that adds 2 to player 0's damage and 1 to player 1's own pays player 1 only while
    # (1 - tau)·2 > tau·1, i.e. tau < 2/3: "hurts the other more than oneself" is the rule only at tau = 1/2.
    menu = [(-4, -2), (-6, -3)]
    assert B.best_threat(10, menu, F(1, 2), chooser=1)[0] == 1
    assert B.best_threat(10, menu, F(3, 5), chooser=1)[0] == 1
    assert B.best_threat(10, menu, F(2, 3), chooser=1)[0] == 0  # a tie: the first entry
    assert B.best_threat(10, menu, F(4, 5), chooser=1)[0] == 0
    # Player 0 weighs them the other way: tau·(player 1's extra damage) > (1 - tau)·(its own).
    assert B.best_threat(10, [(-2, -4), (-3, -6)], F(1, 2), chooser=0)[0] == 1
    assert B.best_threat(10, [(-2, -4), (-3, -6)], F(1, 5), chooser=0)[0] == 0
    assert "only with tau = 1/2" in " ".join(B.best_threat.__doc__.split())


def test_a_larger_set_can_cost_a_side_but_not_with_the_same_endpoints():
    # The Nash solution is not individually monotone (Kalai-Smorodinsky 1975): T contains S, yet player 1
    # gets 7/10 on T against 3/4 on S. T's frontier ends at (1, 7/10), not on player 0's axis.
    small, large = [(0, 1), (F(3, 4), F(3, 4)), (1, 0)], [(0, 1), (1, F(7, 10))]
    assert B.nash_on_frontier(small, F(1, 2)) == (F(3, 4), F(3, 4))
    assert B.nash_on_frontier(large, F(1, 2)) == (1, F(7, 10))
    # With the same endpoints (0, V_1) and (V_0, 0) as a smaller set, each side gets at least tau·V_0 and
    # (1 - tau)·V_1, what the straight line between them gives.
    for tau in (F(k, 20) for k in range(21)):
        for front in ([(0, 4), (3, 3), (4, 0)], [(0, 4), (1, F(39, 10)), (F(39, 10), 1), (4, 0)]):
            u0, u1 = B.nash_on_frontier(front, tau)
            assert u0 >= tau * 4 and u1 >= (1 - tau) * 4
    assert "not individually monotone" in " ".join(B.linked_issues.__doc__.split())


def test_linkage_by_hand():
    us, cn = (3, 1), (1, 3)
    # The linked frontier: China holds both (0, 4); A passes to the US first (ratio 3 against 1/3).
    assert B.issue_frontier(us, cn) == (((0, 4), (3, 3), (4, 0)), (0, 1))
    assert B.split_issues(us, cn, F(1, 3)) == (F(4, 3), F(8, 3))
    # Defect 1 of issue 8: the old linked_issues gave (3, 3) whatever the weight. Weighted Nash on the
    # linked frontier: (12a, 4 - 4a) for a <= 1/4, (3, 3) up to 3/4, (4a, 12 - 12a) above.
    assert B.linked_issues(us, cn, F(1, 10)) == (F(6, 5), F(18, 5), (F(2, 5), 0))
    assert B.linked_issues(us, cn, F(9, 10))[:2] == (F(18, 5), F(6, 5))
    # An issue only one side values goes to it; equal ratios are split by the weights.
    assert B.linked_issues((2, 1, 0), (2, 0, 0), F(1, 2)) == (F(3, 2), F(3, 2), (F(1, 4), 1, None))
    with pytest.raises(ValueError, match="values_0"):
        B.linked_issues((1,), (1, 2), F(1, 2))
    with pytest.raises(ValueError, match="non-negative"):
        B.issue_frontier((1, -1), (1, 2))
    with pytest.raises(ValueError, match=r"tau must lie in \[0, 1\], got 2"):
        B.linked_issues(us, cn, 2)


def _closed_form(a):
    """Issue 8's closed form for issues worth (3, 1) and (1, 3)."""
    if a <= F(1, 4):
        return 12 * a, 4 - 4 * a
    if a <= F(3, 4):
        return F(3), F(3)
    return 4 * a, 12 - 12 * a


@pytest.mark.parametrize("a", [F(k, 40) for k in range(41)])
def test_linked_issues_follow_the_closed_form_exactly(a):
    u0, u1, _ = B.linked_issues((3, 1), (1, 3), a)
    assert (u0, u1) == _closed_form(a) and isinstance(u0, (int, F)) and isinstance(u1, (int, F))
    s0, s1 = B.split_issues((3, 1), (1, 3), a)
    assert u0 >= s0 and u1 >= s1


def test_linked_issues_take_an_array_of_weights_like_a_map():
    a = np.array([[0.1, 0.25], [0.5, 0.9]])
    u0, u1, _ = B.linked_issues((3, 1), (1, 3), a)
    want = [[_closed_form(F(x).limit_denominator(100)) for x in row] for row in a.tolist()]
    assert np.allclose(u0, [[float(w[0]) for w in row] for row in want], rtol=1e-9)
    assert np.allclose(u1, [[float(w[1]) for w in row] for row in want], rtol=1e-9)


def test_nash_on_frontier_with_a_threat_point_and_bad_frontiers():
    front = [(0, 4), (3, 3), (4, 0)]
    # d = (1, 1): (x - 1)(11 - 3x) on the steep segment peaks at 7/3, left of the kink: the kink wins.
    assert B.nash_on_frontier(front, F(1, 2), (1, 1)) == (3, 3)
    # d = (2, 0): on the steep segment (x - 2)(12 - 3x) peaks at x = 3, the kink again; with tau = 9/10
    # the peak moves to 2 + (9/10)(4 - 2) = 19/5.
    assert B.nash_on_frontier(front, F(9, 10), (2, 0)) == (F(19, 5), F(3, 5))
    # Only one point beats d weakly: it is the solution.
    assert B.nash_on_frontier(front, F(1, 2), (3, 3)) == (3, 3)
    assert B.nash_on_frontier([(1, 1)], F(1, 3)) == (1, 1)
    # tau = 0 and 1: the individually rational ends.
    assert B.nash_on_frontier(front, 0, (1, 0)) == (1, F(11, 3))
    assert B.nash_on_frontier(front, 1, (0, 1)) == (F(11, 3), 1)
    with pytest.raises(ValueError, match="threat payoffs"):
        B.nash_on_frontier(front, F(1, 2), (3, F(7, 2)))
    with pytest.raises(ValueError, match="concave"):
        B.nash_on_frontier([(0, 4), (1, 1), (4, 0)], F(1, 2))
    with pytest.raises(ValueError, match="rising"):
        B.nash_on_frontier([(0, 4), (0, 3)], F(1, 2))


issue_lists = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), min_size=1, max_size=3)
powers = st.fractions(0, 1, max_denominator=24)


def _brute_force(us, cn, k=24):
    """Every allocation with each issue's share on a grid of k + 1 points: (u_0, u_1) arrays."""
    grid = np.linspace(0, 1, k + 1)
    shares = np.stack(np.meshgrid(*[grid] * len(us), indexing="ij"), -1).reshape(-1, len(us))
    return shares @ np.array(us, float), (1 - shares) @ np.array(cn, float)


@SWEEP
@given(issue_lists, powers)
def test_sweep_linked_nash_beats_a_brute_force_grid(issues, tau):
    us, cn = tuple(i[0] for i in issues), tuple(i[1] for i in issues)
    u0, u1, shares = B.linked_issues(us, cn, tau)
    # The shares deliver the point: it is feasible.
    assert u0 == sum(s * v for s, v in zip(shares, us) if s is not None)
    assert u1 == sum((1 - s) * v for s, v in zip(shares, cn) if s is not None)
    x, y = _brute_force(us, cn)
    scale = max(1.0, float(sum(us) + sum(cn)))
    # Efficient: no allocation on the grid is better for both.
    assert not np.any((x > float(u0) + 1e-9 * scale) & (y > float(u1) + 1e-9 * scale))
    if 0 < tau < 1 and u0 > 0 and u1 > 0:
        a = float(tau)
        ours = a * np.log(float(u0)) + (1 - a) * np.log(float(u1))
        with np.errstate(divide="ignore"):
            grid = a * np.log(x) + (1 - a) * np.log(y)
        # No grid allocation beats the solution's Nash product, and the grid's best comes close to it.
        assert grid.max() <= ours + 1e-9
        near = np.argmax(grid)
        assert abs(x[near] - float(u0)) <= scale / 6 and ours - grid.max() <= 0.05
    # When both sides value every issue, linkage leaves neither worse off than one issue at a time.
    s0, s1 = B.split_issues(us, cn, tau)
    if all(v0 > 0 and v1 > 0 for v0, v1 in issues):
        assert u0 >= s0 and u1 >= s1


def test_a_one_sided_issue_can_make_the_package_cost_a_side():
    # The US alone values issue 0 (10); issue 1 is worth 1 to each. One at a time, tau = 1/2: (10.5, 0.5).
    # Linked, the Nash product x(11 - x) on [10, 11] is largest at 10: the US gives the shared issue away.
    assert B.split_issues((10, 1), (0, 1), F(1, 2)) == (F(21, 2), F(1, 2))
    assert B.linked_issues((10, 1), (0, 1), F(1, 2))[:2] == (10, 1)


@SWEEP
@given(issue_lists, powers)
def test_sweep_each_issue_alone_gives_the_share_tau(issues, tau):
    us, cn = tuple(i[0] for i in issues), tuple(i[1] for i in issues)
    alone = [B.linked_issues((v0,), (v1,), tau)[:2] for v0, v1 in zip(us, cn)]
    assert (sum(a[0] for a in alone), sum(a[1] for a in alone)) == B.split_issues(us, cn, tau)


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
