"""The evolving tournament (Axelrod's ecological dynamics = the discrete replicator dynamics): a
2-rule case worked by hand in exact fractions, and hypothesis sweeps: shares stay a distribution, a
rule with no payoff advantage does not grow, fixed points stay fixed."""
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tradewar.games import repeated as G

SWEEP = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Tit-for-tat and always defect over 10 rounds, payoffs (5, 3, 1, 0), by hand: TFT-TFT 3 per round;
# TFT against ALLD: 0 then nine rounds of 1 = 9/10; ALLD against TFT: 5 then nine of 1 = 14/10 = 7/5.
HAND = [[F(3), F(9, 10)], [F(7, 5), F(1)]]
NAMES = ("tit-for-tat", "always defect")


def test_the_hand_matrix_is_what_the_tournament_plays():
    t = G.tournament(list(NAMES), rounds=10, matches=1)
    assert t.matrix.tolist() == [[3.0, 0.9], [1.4, 1.0]]


def test_two_rules_by_hand():
    ev = G.evolve(HAND, generations=2, names=NAMES)
    # Generation 1 from (1/2, 1/2): fitness TFT = 3/2 + 9/20 = 39/20, ALLD = 7/10 + 1/2 = 24/20;
    # mean 63/40; TFT share (1/2)(39/20)/(63/40) = 39/63 = 13/21.
    assert ev.shares[1] == (F(13, 21), F(8, 21))
    # Generation 2: fitness TFT = 39/21 + 72/210 = 11/5, ALLD = 91/105 + 40/105 = 131/105;
    # mean 143/105 + 1048/2205 = 4051/2205; TFT share (143/105)(2205/4051) = 3003/4051.
    assert ev.shares[2] == (F(3003, 4051), F(1048, 4051))
    assert all(isinstance(x, F) for row in ev.shares for x in row)
    # The tournament's float matrix follows the same path (to rounding).
    fl = G.evolve(G.tournament(list(NAMES), rounds=10, matches=1), generations=2)
    assert fl.shares[2] == pytest.approx([3003 / 4051, 1048 / 4051], rel=1e-12)


def test_the_interior_rest_point_is_one_seventeenth_and_unstable():
    # TFT's and ALLD's fitness are equal where 3x + (9/10)(1 - x) = (7/5)x + (1 - x): 17x/10 = 1/10.
    still = G.evolve(HAND, generations=5, shares=(F(1, 17), F(16, 17)), names=NAMES)
    assert all(row == (F(1, 17), F(16, 17)) for row in still.shares)
    above = G.evolve(HAND, generations=3, shares=(F(1, 16), F(15, 16)))
    below = G.evolve(HAND, generations=3, shares=(F(1, 18), F(17, 18)))
    assert above.shares[1][0] > F(1, 16) and below.shares[1][0] < F(1, 18)
    # From a tenth, tit-for-tat takes over; from a twentieth, always defect does.
    assert G.evolve(HAND, 200, shares=(0.1, 0.9)).shares[-1][0] > 0.999
    assert G.evolve(HAND, 200, shares=(0.05, 0.95)).shares[-1][1] > 0.999


def test_the_record_of_an_evolution():
    ev = G.evolve(HAND, 60, shares=(0.1, 0.9), names=NAMES)
    assert ev.generations == 60 and ev.survivors == ("tit-for-tat",) and ev.extinct == ("always defect",)
    g = ev.died_out_by("always defect")
    assert ev.share("always defect")[g] < G.EXTINCT <= ev.share("always defect")[g - 1]
    assert ev.died_out_by("tit-for-tat") is None
    top, when = ev.peak("tit-for-tat")
    assert when == 60 or top == max(ev.share("tit-for-tat"))
    text = " ".join(ev.explain())
    assert "Died out: always defect (below 0.1% from generation" in text and "tit-for-tat" in text
    assert f"Died out: always defect (below 0.1% from generation {g} to generation 60)." in text


def test_bad_inputs_are_named():
    with pytest.raises(ValueError, match=r"matrix\[1\]\[0\] = -1 \(b against a\)"):
        G.evolve([[1, 1], [-1, 1]], names=("a", "b"))
    # A payoff is shown as the number it is, never as numpy's repr (np.float64(-1.0)).
    with pytest.raises(ValueError, match=r"matrix\[0\]\[1\] = -1 \(rule 1 against rule 2\)") as e:
        G.evolve(np.array([[1.0, -1.0], [1.0, 1.0]]))
    assert "np.float64" not in str(e.value)
    with pytest.raises(ValueError, match=r"matrix\[0\]\[1\] = -0.5 \("):
        G.evolve([[1, F(-1, 2)], [1, 1]])
    with pytest.raises(ValueError, match=r"matrix\[0\]\[1\] = 'x' \("):
        G.evolve([[1, "x"], [1, 1]])
    with pytest.raises(ValueError, match="square"):
        G.evolve([[1, 1], [1]])
    with pytest.raises(ValueError, match="add up to"):
        G.evolve(HAND, shares=(F(1, 2), F(1, 3)))
    with pytest.raises(ValueError, match=r"shares\[0\] = -0.5"):
        G.evolve(HAND, shares=(-0.5, 1.5))
    with pytest.raises(ValueError, match="generations = -1"):
        G.evolve(HAND, generations=-1)
    with pytest.raises(ValueError, match="mean payoff is 0"):
        G.evolve([[0, 0], [0, 0]])


@st.composite
def populations(draw, exact=False, m=None):
    m = m or draw(st.integers(2, 5))
    if exact:
        A = [[F(draw(st.integers(0, 6))) for _ in range(m)] for _ in range(m)]
        w = [draw(st.integers(0, 5)) for _ in range(m)]
    else:
        A = [[draw(st.floats(0, 10)) for _ in range(m)] for _ in range(m)]
        w = [draw(st.floats(0, 1)) for _ in range(m)]
    assume(sum(w) > 0)
    x = [F(v, sum(w)) for v in w] if exact else [v / sum(w) for v in w]
    assume(sum(x[i] * A[i][j] * x[j] for i in range(m) for j in range(m)) > (0 if exact else 1e-6))
    return A, x


@SWEEP
@given(populations())
def test_shares_stay_a_distribution(pop):
    A, x = pop
    try:
        ev = G.evolve(A, 50, shares=x)
    except ValueError as e:  # everyone left has a zero payoff: said, not a crash
        assert "mean payoff is 0" in str(e)
        return
    assert np.all(ev.shares >= 0)
    assert np.allclose(ev.shares.sum(axis=1), 1, rtol=1e-9, atol=0)


@SWEEP
@given(populations(exact=True))
def test_exact_shares_stay_an_exact_distribution_and_no_advantage_means_no_growth(pop):
    A, x = pop
    try:
        ev = G.evolve(A, 3, shares=x)
    except ValueError:
        return
    for now, nxt in zip(ev.shares, ev.shares[1:]):
        assert sum(nxt) == 1 and min(nxt) >= 0
        fit = [sum(a * xj for a, xj in zip(row, now)) for row in A]
        mean = sum(xi * fi for xi, fi in zip(now, fit))
        for i in range(len(A)):
            if fit[i] <= mean:           # no payoff advantage: does not grow
                assert nxt[i] <= now[i]
            if fit[i] == mean or now[i] == 0:
                assert nxt[i] == now[i]  # exactly average (or absent): stays put


@SWEEP
@given(populations(exact=True), st.data())
def test_fixed_points_stay_fixed(pop, data):
    A, _ = pop
    m = len(A)
    # A population of one rule is a fixed point (if its payoff against itself is positive).
    i = data.draw(st.integers(0, m - 1))
    assume(A[i][i] > 0)
    pure = [F(int(j == i)) for j in range(m)]
    assert all(list(row) == pure for row in G.evolve(A, 4, shares=pure).shares)
    # A mixed rest point of two rules: a x + b (1 - x) = c x + d (1 - x).
    a, b, c, d = A[0][0], A[0][1], A[1][0], A[1][1]
    assume(a - b - c + d != 0)
    x = (d - b) / (a - b - c + d)
    assume(0 < x < 1)
    two = [[a, b], [c, d]]
    assert all(row == (x, 1 - x) for row in G.evolve(two, 4, shares=(x, 1 - x)).shares)


@SWEEP
@given(populations(exact=True, m=3))
def test_a_clone_keeps_its_ratio_to_the_original(pop):
    # Rule 3 is an exact copy of rule 1 (same row, same column): neither gains on the other.
    A, x = pop
    B = [row + [row[0]] for row in A]
    B.append(list(B[0]))
    x4 = [x[0] / 2, x[1], x[2], x[0] / 2]
    try:
        ev = G.evolve(B, 3, shares=x4)
    except ValueError:
        return
    assert all(row[0] == row[3] for row in ev.shares)


def test_the_named_rules_at_the_notebook_defaults_always_defect_wins_then_dies_out():
    from tradewar.models import truce

    t = truce.tournament(epsilon=0.1, e=0)
    ev = G.evolve(t, 200)
    assert t.ranking[0] == "always defect"
    assert "always defect" in ev.extinct and ev.peak("always defect")[0] > ev.shares[0][1]
