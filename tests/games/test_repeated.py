"""Repeated games: exact thresholds worked by hand, each named rule played out move by move, the echo
of one false alarm, and simulated averages against Markov-chain values within 4 standard errors."""
import math
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tradewar.games import repeated as G

SWEEP = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PD = (5, 3, 1, 0)


def lanes(p, match=0):
    """The two players' moves in one match as strings of C and D."""
    return tuple("".join("D" if d else "C" for d in p.actions[i, :, match]) for i in range(2))


# ------------------------------------------------------------------ closed forms, worked by hand


def test_thresholds_by_hand_are_exact():
    T, R, P, S = (F(x) for x in PD)
    assert G.grim_threshold(T, R, P) == F(1, 2)           # (5-3)/(5-1)
    assert G.tft_threshold(T, R, P, S) == F(2, 3)         # max(1/2, (5-3)/(3-0))
    # Green-Porter, epsilon = 1/10, q = 9/10: d* = 2/(2 * 9/10 + 8/10 * 2) = 2/(34/10) = 10/17.
    assert G.green_porter_delta_star(T, R, P, F(1, 10), F(9, 10)) == F(10, 17)
    # V with delta = 9/10, L = 2: 1 - d^2 = 19/100, d*e*(1 - d^2) = 171/10000,
    # V = (3/10 + 171/10000)/(1/10 + 171/10000) = 3171/1171.
    assert G.green_porter_value(R, P, F(9, 10), F(1, 10), 2) == F(3171, 1171)
    # Constraint: right side 9/10 * 8/10 * 19/100 * 2 = 2736/10000, left side 2 * 1171/10000.
    assert G.green_porter_slack(T, R, P, F(9, 10), F(1, 10), F(9, 10), 2) == F(2736 - 2342, 10000)
    assert G.green_porter_ic(T, R, P, F(9, 10), F(1, 10), F(9, 10), 2) is True
    assert G.war_share(F(1, 10), 2) == F(1, 6)             # (2/10)/(12/10)
    assert G.shortest_punishment(T, R, P, F(9, 10), F(1, 10), F(9, 10)) == 2
    assert G.green_porter_value(R, P, F(9, 10), F(1, 10), None) == F(3 * 10 + 9, 10 + 9)  # L = infinity


def test_no_patience_is_enough_when_a_breach_is_no_likelier_to_be_seen():
    assert G.green_porter_delta_star(5, 3, 1, F(1, 2), F(1, 2)) == 2     # 2/(2 * 1/2 + 0)
    assert G.green_porter_delta_star(5, 3, 1, F(9, 10), F(1, 10)) is None  # 2/10 - 16/10 < 0
    assert not G.green_porter_ic(5, 3, 1, F(99, 100), F(1, 2), F(1, 2), None)
    assert G.shortest_punishment(5, 3, 1, F(9, 10), F(1, 2), F(1, 2)) is None


def test_unravelling_with_a_known_last_round():
    u = G.unravel(*PD, rounds=4)
    assert u.path == (("D", "D"),) * 4
    assert u.total == (4, 4)                                # 4 rounds of P = 1
    assert [s[0] for s in u.steps] == [4, 3, 2, 1]          # solved from the last round back
    assert u.steps[-1][1] == (3, 3)                         # round 1 sees 3 rounds of P ahead
    assert "unravels" in " ".join(u.explain())
    with pytest.raises(ValueError, match="exactly one pure equilibrium"):
        G.unravel(3, 4, 2, 0, rounds=3)                     # a stag hunt: two equilibria


@SWEEP
@given(st.fractions(F(1, 100), F(99, 100), max_denominator=100), st.fractions(0, F(3, 10), max_denominator=100),
       st.fractions(F(1, 2), 1, max_denominator=100))
def test_delta_star_is_where_the_everlasting_constraint_binds(eps, q_minus, delta):
    T, R, P = F(5), F(3), F(1)
    q = min(F(1), eps + F(1, 10) + q_minus)
    d = G.green_porter_delta_star(T, R, P, eps, q)
    assert G.green_porter_slack(T, R, P, d, eps, q, None) == 0
    assert G.green_porter_ic(T, R, P, delta, eps, q, None) == (delta >= d)


@SWEEP
@given(st.fractions(F(1, 100), F(99, 100), max_denominator=100), st.fractions(0, F(3, 10), max_denominator=50),
       st.fractions(F(1, 2), 1, max_denominator=20), st.sampled_from([(5, 3, 1, 0), (4, 3, 1, 0), (7, 4, 2, 0)]))
def test_shortest_punishment_by_brute_force(delta, eps, q, stage):
    T, R, P, _ = (F(x) for x in stage)
    assume(q > eps)
    L = G.shortest_punishment(T, R, P, delta, eps, q)
    brute = next((n for n in range(1, 400) if G.green_porter_ic(T, R, P, delta, eps, q, n)), None)
    if L is None:
        assert brute is None
    elif L < 400:
        assert L == brute


# ------------------------------------------------------------------ the named rules, move by move


@pytest.mark.parametrize("name,against,expected", [
    ("always cooperate", "always defect", "CCCCCC"),
    ("always defect", "always cooperate", "DDDDDD"),
    ("grim trigger", "always defect", "CDDDDD"),
    ("tit-for-tat", "always defect", "CDDDDD"),
    ("win-stay, lose-shift", "always defect", "CDCDCD"),
    ("limited punishment", "always defect", "CDDCDD"),
    ("threaten, then back down", "always defect", "CDCCCC"),
])
def test_each_rule_against_a_constant_opponent(name, against, expected):
    p = G.play(name, against, 6, 3, PD, seed=0)
    assert lanes(p)[0] == expected
    assert all(lanes(p, m)[0] == expected for m in range(3))


def test_parameters_of_the_rules():
    assert lanes(G.play(G.strategy("limited punishment", L=4), "always defect", 11, 1))[0] == "CDDDDCDDDDC"
    assert lanes(G.play(G.strategy("threaten, then back down", k=2), "always defect", 6, 1))[0] == "CDDCCC"
    assert lanes(G.play(G.strategy("generous tit-for-tat", gamma=0), "always defect", 5, 1))[0] == "CDDDD"
    assert lanes(G.play(G.strategy("generous tit-for-tat", gamma=1), "always defect", 5, 1))[0] == "CCCCC"
    # gamma = 1/3: about a third of its answers to a defection are forgiven.
    p = G.play(G.strategy("generous tit-for-tat", gamma=1 / 3), "always defect", 101, 400, seed=3)
    forgiven = (~p.actions[0, 1:]).mean()
    assert abs(forgiven - 1 / 3) < 4 * math.sqrt(2 / 9 / (100 * 400))
    assert "(here 4)" in G.strategy("limited punishment", L=4).description


def test_every_rule_has_a_description_and_keeps_a_noiseless_truce_with_itself():
    for name, s in G.STRATEGIES.items():
        assert s.description.endswith(".") and len(s.description) > 20
        p = G.play(name, name, 20, 2, PD)
        if name == "always defect":
            assert not (~p.actions).any()
        else:
            assert not p.actions.any()
            assert np.all(G.average(p) == 3)


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="unknown strategy 'nice'"):
        G.play("nice", "tit-for-tat", 5, 5)
    with pytest.raises(ValueError, match="epsilon = 1.5"):
        G.play("tit-for-tat", "tit-for-tat", 5, 5, epsilon=1.5)
    with pytest.raises(ValueError, match="rounds = 0"):
        G.play("tit-for-tat", "tit-for-tat", 0, 5)
    with pytest.raises(ValueError, match="L = -1"):
        G.strategy("limited punishment", L=-1)
    with pytest.raises(ValueError, match="gamma = 2"):
        G.strategy("generous tit-for-tat", gamma=2)


# ------------------------------------------------------------------ one false alarm, echoed or absorbed


def single_alarm_matches(a, b, rounds=40, matches=4000, eps=0.01, seed=11):
    """Matches with exactly one false alarm and no other noise (q = 1, no slips), and where it was."""
    p = G.play(a, b, rounds, matches, PD, epsilon=eps, q=1, seed=seed)
    fa = p.false_alarms
    one = fa.sum(axis=(0, 1)) == 1
    assert one.sum() > 50
    out = []
    for m in np.flatnonzero(one):
        who, t = (int(x[0]) for x in np.nonzero(fa[:, :, m]))
        out.append((lanes(p, m), who, t))
    return out


def test_tit_for_tat_echoes_one_false_alarm_for_ever():
    for (us, cn), who, t in single_alarm_matches("tit-for-tat", "tit-for-tat"):
        n = len(us)
        mine, theirs = (us, cn) if who == 0 else (cn, us)
        assert mine[:t + 1] == theirs[:t + 1] == "C" * (t + 1)
        # The side that saw the false alarm hits back in round t+2, the other answers in t+3, ...
        echo = "".join("D" if (r - t) % 2 == 1 else "C" for r in range(t + 1, n))
        assert mine[t + 1:] == echo
        assert theirs[t + 1:] == "".join("C" if c == "D" else "D" for c in echo)


def test_win_stay_lose_shift_and_generous_tft_recover():
    for (us, cn), who, t in single_alarm_matches("win-stay, lose-shift", "win-stay, lose-shift"):
        if t + 3 >= len(us):
            continue  # the alarm came too late to watch the recovery
        mine, theirs = (us, cn) if who == 0 else (cn, us)
        # (D, C), then both lose or win-stay into (D, D), then both shift back to (C, C) for good.
        assert mine[t + 1:t + 3] == "DD" and theirs[t + 1:t + 3] == "CD"
        assert set(mine[t + 3:] + theirs[t + 3:]) <= {"C"}
    runs = [len(us) - (us + cn).count("C") // 2 for (us, cn), _, _ in
            single_alarm_matches("generous tit-for-tat", "generous tit-for-tat")]
    tft = [len(us) - (us + cn).count("C") // 2 for (us, cn), _, _ in
           single_alarm_matches("tit-for-tat", "tit-for-tat")]
    assert np.mean(runs) < np.mean(tft) / 2  # forgiveness ends most echoes quickly


# ------------------------------------------------------------------ simulation against exact values


def grim_markov_value(T, R, P, S, delta, e, eps, q):
    """Player 1's normalised discounted value of grim vs grim with slips and private signals:
    a Markov chain on (1 triggered, 2 triggered), solved exactly."""
    states = [(a, b) for a in (0, 1) for b in (0, 1)]
    idx = {s: i for i, s in enumerate(states)}
    n = len(states)
    A = [[F(int(i == j)) for j in range(n)] for i in range(n)]
    b = [F(0)] * n
    for s in states:
        i = idx[s]
        for d1 in (0, 1):
            p1 = (1 - e) if d1 == s[0] else e
            for d2 in (0, 1):
                p2 = (1 - e) if d2 == s[1] else e
                pay = {(0, 0): R, (0, 1): S, (1, 0): T, (1, 1): P}[(d1, d2)]
                b[i] += p1 * p2 * (1 - delta) * pay
                see1 = q if d2 else eps   # player 1 sees a defection by 2
                see2 = q if d1 else eps
                for o1 in (0, 1):
                    for o2 in (0, 1):
                        po = (see1 if o1 else 1 - see1) * (see2 if o2 else 1 - see2)
                        nxt = (s[0] | o1, s[1] | o2)
                        A[i][idx[nxt]] -= p1 * p2 * po * delta
    # Gaussian elimination in exact arithmetic.
    for c in range(n):
        piv = next(r for r in range(c, n) if A[r][c] != 0)
        A[c], A[piv], b[c], b[piv] = A[piv], A[c], b[piv], b[c]
        for r in range(n):
            if r != c and A[r][c] != 0:
                f = A[r][c] / A[c][c]
                A[r] = [x - f * y for x, y in zip(A[r], A[c])]
                b[r] -= f * b[c]
    return b[idx[(0, 0)]] / A[idx[(0, 0)]][idx[(0, 0)]]


def test_grim_vs_grim_with_noise_matches_the_markov_chain():
    delta, e, eps, q = F(9, 10), F(1, 50), F(1, 20), F(9, 10)
    exact = grim_markov_value(*(F(x) for x in PD), delta, e, eps, q)
    p = G.play("grim trigger", "grim trigger", 200, 10_000, PD, e=float(e), epsilon=float(eps), q=float(q), seed=7)
    d = G.discounted(p, float(delta))[0]
    se = d.std(ddof=1) / math.sqrt(d.size)
    assert abs(d.mean() - float(exact)) < 4 * se   # 0.9**200 truncation is ~7e-10
    assert float(exact) < 3


def test_limited_punishment_with_a_public_signal_is_green_porter():
    """Both play limited punishment on one shared signal: the value from the start is Green-Porter's
    V, and in the long run a share e L/(1 + e L) of rounds is war."""
    eps, L, delta = 0.1, 3, 0.9
    s = G.strategy("limited punishment", L=L)
    p = G.play(s, s, 400, 4000, PD, epsilon=eps, q=0.9, public=True, seed=5)
    d = G.discounted(p, delta)[0]
    V = G.green_porter_value(3, 1, delta, eps, L)
    assert abs(d.mean() - V) < 4 * d.std(ddof=1) / math.sqrt(d.size)
    war = p.actions[0, 100:].mean(axis=0)  # per match, after a burn-in
    assert abs(war.mean() - G.war_share(eps, L)) < 4 * war.std(ddof=1) / math.sqrt(war.size)


def test_indefinite_horizon_lasts_one_over_one_minus_p_rounds():
    p = G.play("tit-for-tat", "always defect", 300, 5000, PD, continuation=0.9, seed=1)
    lengths = p.alive.sum(axis=0)
    assert abs(lengths.mean() - 10) < 4 * lengths.std(ddof=1) / math.sqrt(lengths.size)
    assert np.all(p.alive[0])
    # Payoffs count only the rounds played: TFT gets S once, then P.
    avg = G.average(p)[0]
    assert np.allclose(avg, (0 + 1 * (lengths - 1)) / lengths)
    rate = G.cooperation_rate(p, 1)
    assert rate[0] == 0 and np.isnan(rate).sum() == (p.alive.sum(axis=1) == 0).sum()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(list(G.STRATEGIES)), st.sampled_from(list(G.STRATEGIES)),
       st.floats(0, 0.3), st.floats(0, 0.2), st.floats(0.5, 1), st.booleans())
def test_sweep_simulation_invariants(a, b, eps, e, q, public):
    p = G.play(a, b, 30, 50, PD, e=e, epsilon=eps, q=q, public=public, seed=2)
    avg = G.average(p)
    assert np.all((avg >= 0) & (avg <= 5))
    assert np.all(G.discounted(p, 0.9) <= 5 * (1 - 0.9 ** 30) + 1e-12)
    rate = G.cooperation_rate(p)
    assert np.all((rate >= 0) & (rate <= 1))
    # Payoffs are the stage game's, cell by cell.
    mine, theirs = p.actions[0], p.actions[1]
    assert np.all(p.payoffs[0][~mine & ~theirs] == 3) and np.all(p.payoffs[0][mine & ~theirs] == 5)
    assert not (p.false_alarms & p.actions[::-1]).any()
    if e == 0:
        assert not p.slips.any()
    # Same seed, same matches: a picture drawn twice does not flicker.
    again = G.play(a, b, 30, 50, PD, e=e, epsilon=eps, q=q, public=public, seed=2)
    assert np.array_equal(p.actions, again.actions)


# ------------------------------------------------------------------ tournament


def test_noiseless_tournament_by_hand():
    t = G.tournament(["always cooperate", "always defect", "tit-for-tat", "grim trigger"], rounds=10, matches=2)
    i = {n: k for k, n in enumerate(t.names)}
    assert t.matrix[i["always defect"], i["always cooperate"]] == 5
    assert t.matrix[i["always cooperate"], i["always defect"]] == 0
    assert t.matrix[i["tit-for-tat"], i["tit-for-tat"]] == 3
    assert t.matrix[i["tit-for-tat"], i["always defect"]] == pytest.approx(0.9)   # S once, then P
    assert t.matrix[i["always defect"], i["tit-for-tat"]] == pytest.approx(1.4)   # T once, then P
    assert np.allclose(t.score, t.matrix.mean(axis=1))
    # Scores by hand: TFT and grim (3 + 0.9 + 3 + 3)/4, ALLC (3 + 0 + 3 + 3)/4, ALLD (5 + 1 + 1.4 + 1.4)/4.
    assert np.allclose(t.score, [2.25, 2.2, 2.475, 2.475])
    assert t.ranking == ("tit-for-tat", "grim trigger", "always cooperate", "always defect")


def test_tournament_pair_agrees_with_play():
    t = G.tournament(["tit-for-tat", "win-stay, lose-shift"], rounds=100, matches=2000, epsilon=0.05, seed=4)
    p = G.play("tit-for-tat", "win-stay, lose-shift", 100, 2000, PD, epsilon=0.05, seed=9)
    avg = G.average(p)[0]
    assert abs(t.matrix[0, 1] - avg.mean()) < 4 * math.sqrt(2) * avg.std(ddof=1) / math.sqrt(avg.size)


def test_green_porter_ic_over_arrays_is_the_scalar_constraint_element_by_element():
    delta = np.linspace(0, 0.99, 100)[:, None]
    eps = np.linspace(0, 0.3, 31)[None, :]
    for L in (1, 2, 5, None):
        got = G.green_porter_ic(5.0, 3.0, 1.0, delta, eps, 0.9, L)
        assert got.dtype == bool and got.shape == (100, 31)
        want = [[G.green_porter_ic(5.0, 3.0, 1.0, float(d), float(e), 0.9, L) for e in eps[0]] for d in delta[:, 0]]
        assert got.tolist() == want


def test_deterrable_and_margin_over_arrays_are_the_scalars_element_by_element():
    delta = np.linspace(0, 0.99, 100)[:, None]
    eps = np.linspace(0, 0.3, 31)[None, :]
    for q in (0.5, 0.9, 1.0):
        got = G.green_porter_deterrable(5.0, 3.0, 1.0, delta, eps, q)
        assert got.dtype == bool and got.shape == (100, 31)
        want = [[G.green_porter_deterrable(5.0, 3.0, 1.0, float(d), float(e), q) for e in eps[0]] for d in delta[:, 0]]
        assert got.tolist() == want
        assert np.array_equal(G.green_porter_margin(5.0, 3.0, 1.0, eps, q)[0],
                              [G.green_porter_margin(5.0, 3.0, 1.0, float(e), q) for e in eps[0]])


def test_at_delta_star_only_an_everlasting_punishment_deters():
    # epsilon = 0, q = 1: delta* = (T - R)/(T - P) = 1/2, where grim trigger binds with equality; every
    # finite L falls short there, and just above it some finite L works.
    assert G.green_porter_ic(5, 3, 1, F(1, 2), 0, 1, None)
    assert not G.green_porter_deterrable(5, 3, 1, F(1, 2), 0, 1)
    assert G.shortest_punishment(5, 3, 1, F(1, 2), 0, 1) is None
    assert G.green_porter_deterrable(5, 3, 1, F(51, 100), 0, 1)
    # The margin is positive exactly where delta* < 1.
    assert G.green_porter_margin(5, 3, 1, F(3, 10), F(1, 2)) == F(-1, 5)
    assert G.green_porter_delta_star(5, 3, 1, F(3, 10), F(1, 2)) == F(10, 9)


@SWEEP
@given(st.floats(0, 0.3), st.floats(0.5, 1), st.integers(1, 12), st.sampled_from([(5, 3, 1), (4, 3, 1), (7, 4, 2)]))
def test_least_delta_is_where_the_constraint_starts_to_hold(eps, q, L, stage):
    T, R, P = (float(x) for x in stage)
    d = G.green_porter_least_delta(T, R, P, eps, q, L, 0.99)
    if d is None:
        assert not G.green_porter_ic(T, R, P, 0.99, eps, q, L)
    else:
        assert 0 <= d <= 0.99 and G.green_porter_ic(T, R, P, d, eps, q, L)
        assert d == 0.0 or not G.green_porter_ic(T, R, P, d - 2e-9, eps, q, L)
        # the same point as an independent bisection on the slack
        lo, up = 0.0, 0.99
        for _ in range(60):
            mid = (lo + up) / 2
            lo, up = (lo, mid) if G.green_porter_ic(T, R, P, mid, eps, q, L) else (mid, up)
        assert d == pytest.approx(up, abs=2e-9)


def test_least_delta_by_hand():
    # L = 1, no noise, q = 1: (T - R)(1 - d) <= d (1 - d)(R - P) -> d >= (T - R)/(R - P) = 1 for 5, 3, 1
    assert G.green_porter_least_delta(5, 3, 1, 0, 1, 1, 0.99) is None
    # 4, 3, 1: d >= 1/2
    assert G.green_porter_least_delta(4, 3, 1, 0, 1, 1, 0.99) == pytest.approx(0.5, abs=2e-9)
    # no temptation (T = R): any patience keeps the truce
    assert G.green_porter_least_delta(3, 3, 1, 0.1, 0.9, 2, 0.99) == 0.0


def test_generosity_is_gamma():
    # Issue 8: g is a gain elsewhere in the course; generosity is gamma (γ), in code and in words.
    s = G.strategy("generous tit-for-tat", gamma=F(1, 4))
    assert s.gamma == 0.25 and "γ (here 1/4)" in s.description
    with pytest.raises(ValueError, match="strategy parameters are gamma, L and k, not g"):
        G.strategy("generous tit-for-tat", g=0.5)


@pytest.mark.parametrize("name", [n for n in G.STRATEGIES if n != "generous tit-for-tat"])
def test_one_player_step_replays_the_engine(name):
    """next_move on one player's Memory, fed what the engine says that player saw and did, makes the
    engine's moves round by round, with slips and false alarms (generous tit-for-tat draws differently)."""
    s = G.strategy(name)
    p = G.play(name, "tit-for-tat", rounds=40, matches=5, e=0.05, epsilon=0.2, q=0.8, seed=9)
    for m in range(5):
        mem = G.Memory()
        for t in range(40):
            intended = bool(G.next_move(s.code, mem, s.gamma, s.k, None))
            actual = bool(p.actions[0, t, m])
            assert intended == (actual != bool(p.slips[0, t, m]))
            mem.observe(intended, actual, bool(p.seen[0, t, m]), s.code, s.L)


def test_next_move_refuses_rules_it_does_not_know():
    with pytest.raises(ValueError, match="code"):
        G.next_move(G.memory_one("m", 1, 1, 0, 1, 0).code, G.Memory(), 0, 0, None)
