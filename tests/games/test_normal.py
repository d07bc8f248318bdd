"""Strategic-form games: hand-worked textbook cases, properties over random games, bad input."""
from __future__ import annotations

import itertools
import warnings
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tradewar.games.normal import MixedEquilibrium, NormalFormGame

PROPS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def nashpy_equilibria(A, B):
    """nashpy's support enumeration, warnings swallowed (they are what our module replaces).

    Its default tolerance (1e-16) drops equilibria whose zero probabilities come out of the
    linear solve as 1e-16 (found by hypothesis), hence the looser one.
    """
    import nashpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        game = nashpy.Game(np.array(A, dtype=float), np.array(B, dtype=float))
        return [(tuple(x), tuple(y)) for x, y in game.support_enumeration(tol=1e-10)]


def as_float(M):
    return [[float(v) for v in row] for row in M]


def is_nash(A, B, e, tol=0):
    """No pure deviation gains (exactly if tol == 0): the definition, checked from scratch."""
    m, n = len(A), len(A[0])
    row_vals = [sum(A[i][j] * e.col[j] for j in range(n)) for i in range(m)]
    col_vals = [sum(B[i][j] * e.row[i] for i in range(m)) for j in range(n)]
    u = sum(e.row[i] * row_vals[i] for i in range(m))
    v = sum(e.col[j] * col_vals[j] for j in range(n))
    return (
        max(row_vals) <= u + tol
        and max(col_vals) <= v + tol
        and abs(u - e.payoffs[0]) <= tol
        and abs(v - e.payoffs[1]) <= tol
    )


def same_sets(ours, theirs, tol=1e-6):
    """Two lists of (row, col) probability tuples are the same set, up to tol."""

    def close(p, q):
        return all(abs(a - b) <= tol for a, b in zip(p[0] + p[1], q[0] + q[1]))

    return len(ours) == len(theirs) and all(any(close(p, q) for q in theirs) for p in ours) and all(
        any(close(q, p) for p in ours) for q in theirs
    )


def profiles(game):
    return [(e.row, e.col) for e in game.mixed_equilibria()]


# ---------------------------------------------------------------- hand-worked games


def prisoners_dilemma():
    # (T, R, P, S) = (5, 3, 1, 0); actions Cooperate, Defect.
    return NormalFormGame([[3, 0], [5, 1]], [[3, 5], [0, 1]], ("Cooperate", "Defect"), ("Cooperate", "Defect"))


def chicken(g, h, c_us, c_cn):
    # Actions Dove, Hawk. (D, D) = (0, 0); a hawk against a dove gets g, the dove -h; (H, H) = (-c_us, -c_cn).
    A = [[0, -h], [g, -c_us]]
    B = [[0, g], [-h, -c_cn]]
    return NormalFormGame(A, B, ("Dove", "Hawk"), ("Dove", "Hawk"), ("US", "China"))


def test_prisoners_dilemma_has_unique_equilibrium_in_dominant_strategies():
    game = prisoners_dilemma()
    assert game.exact
    assert game.pure_equilibria() == ((1, 1),)
    (eq,) = game.mixed_equilibria()
    assert eq == MixedEquilibrium((F(0), F(1)), (F(0), F(1)), (F(1), F(1)))
    assert all(type(p) is F for p in eq.row + eq.col + eq.payoffs)
    assert game.dominated() == {
        "strict": {"Row": ("Cooperate",), "Column": ("Cooperate",)},
        "weak": {"Row": ("Cooperate",), "Column": ("Cooperate",)},
    }
    assert game.iterated_elimination() == (("Defect",), ("Defect",))
    assert game.risk_dominant() is None
    assert not game.degenerate and game.degeneracy_note() == ""
    text = game.explain()
    assert text[0] == (
        "Defect is a strictly dominant strategy for Row: whatever Column does, it pays Row more than "
        "Cooperate (5 against 3 if Column plays Cooperate, 1 against 0 if Column plays Defect)."
    )
    assert "The game has 1 equilibrium, in pure strategies." in text
    assert any(s.startswith("(Defect, Defect) is an equilibrium with payoffs (1, 1)") for s in text)


def test_prisoners_dilemma_best_reply_masks():
    row_br, col_br = prisoners_dilemma().best_responses()
    assert row_br.dtype == bool and row_br.shape == (2, 2)
    assert row_br.tolist() == [[False, False], [True, True]]
    assert col_br.tolist() == [[False, True], [False, True]]


def test_matching_pennies_mixes_half_half():
    game = NormalFormGame([[1, -1], [-1, 1]], [[-1, 1], [1, -1]], ("Heads", "Tails"), ("Heads", "Tails"))
    assert game.pure_equilibria() == ()
    (eq,) = game.mixed_equilibria()
    assert eq.row == (F(1, 2), F(1, 2)) and eq.col == (F(1, 2), F(1, 2))
    assert eq.payoffs == (0, 0) and not eq.is_pure
    assert game.dominated()["strict"] == {"Row": (), "Column": ()}
    assert game.risk_dominant() is None
    text = game.explain()
    assert "No cell has both players at a best reply, so there is no equilibrium in pure strategies." in text
    assert any("Row mixes Heads with probability 0.5 and Tails with probability 0.5" in s for s in text)


def test_battle_of_the_sexes_two_pure_and_one_mixed():
    game = NormalFormGame([[2, 0], [0, 1]], [[1, 0], [0, 2]], ("Opera", "Fight"), ("Opera", "Fight"))
    assert game.pure_equilibria() == ((0, 0), (1, 1))
    eqs = game.mixed_equilibria()
    assert [e.is_pure for e in eqs] == [True, True, False]
    assert eqs[:2] == (
        MixedEquilibrium((1, 0), (1, 0), (2, 1)),
        MixedEquilibrium((0, 1), (0, 1), (1, 2)),
    )
    # Row mixes to make Column indifferent: 1*p = 2*(1-p) -> p = 2/3; Column: 2q = 1-q -> q = 1/3.
    assert eqs[2] == MixedEquilibrium((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3)), (F(2, 3), F(2, 3)))
    # Deviation losses 2*1 at (Opera, Opera) and 1*2 at (Fight, Fight): a tie, so no risk dominance.
    assert game.risk_dominant() is None
    assert any("Neither (Opera, Opera) nor (Fight, Fight) risk-dominates" in s for s in game.explain())


def test_chicken_mixed_equilibrium_and_risk_dominance():
    g, h, c_us, c_cn = 2, 1, 5, 3
    game = chicken(g, h, c_us, c_cn)
    assert game.pure_equilibria() == ((0, 1), (1, 0))  # (Dove, Hawk) and (Hawk, Dove)
    mixed = game.mixed_equilibria()[2]
    assert mixed.row[1] == F(g, g + c_cn - h) == F(1, 2)  # P_US(Hawk)
    assert mixed.col[1] == F(g, g + c_us - h) == F(1, 3)  # P_China(Hawk)
    assert len(game.mixed_equilibria()) == 3
    # Products of deviation losses: (c_us - h) * g = 8 at (D_US, H_CN) against g * (c_cn - h) = 4.
    assert game.risk_dominant() == (0, 1)
    text = game.explain()
    assert "Neither player has a dominant strategy." in text
    assert any("China mixes Dove with probability 2/3 and Hawk with probability 1/3" in s for s in text)
    assert any(
        s.startswith("(Dove, Hawk) risk-dominates (Hawk, Dove): the product of the two players' losses "
                     "from deviating is 4 x 2 = 8 there, against 2 x 2 = 4 at (Hawk, Dove)")
        for s in text
    )


@PROPS
@given(
    g=st.fractions(F(1, 10), 10),
    h=st.fractions(F(1, 10), 5),
    dus=st.fractions(F(1, 10), 10),
    dcn=st.fractions(F(1, 10), 10),
)
def test_chicken_formulas_hold_for_any_parameters(g, h, dus, dcn):
    c_us, c_cn = h + dus, h + dcn  # models.md: c_i > h > 0
    game = chicken(g, h, c_us, c_cn)
    assert game.pure_equilibria() == ((0, 1), (1, 0))
    *_, mixed = game.mixed_equilibria()
    assert mixed.row[1] == g / (g + c_cn - h)
    assert mixed.col[1] == g / (g + c_us - h)
    expected = (0, 1) if c_us > c_cn else (1, 0) if c_us < c_cn else None
    assert game.risk_dominant() == expected


def test_3x3_iterated_dominance_takes_three_rounds():
    A = [[2, 2, 0], [0, 0, 4], [1, 1, -1]]
    B = [[0, 2, 1], [3, 1, 0], [1, 2, 0]]
    game = NormalFormGame(A, B, ("T", "M", "B"), ("L", "C", "R"))
    # Round 1: B (worse than T everywhere) and R (worse than C); round 2: M; round 3: L.
    assert game.dominated()["strict"] == {"Row": ("B",), "Column": ("R",)}
    assert game.iterated_elimination() == (("T",), ("C",))
    assert game.pure_equilibria() == ((0, 1),)
    assert profiles(game) == [((1, 0, 0), (0, 1, 0))]
    sentence = next(s for s in game.explain() if s.startswith("Deleting strictly dominated actions"))
    assert "round 1 removes Row's B (always worse than T) and Column's R (always worse than C)" in sentence
    assert "round 3 removes Column's L (always worse than C)" in sentence
    assert sentence.endswith("Left standing: T for Row and C for Column.")


def test_weak_dominance_is_listed_apart_from_strict():
    # C2 ties C1 against R1 and beats it against R2: weakly, not strictly, dominant.
    game = NormalFormGame([[1, 0], [0, 1]], [[1, 1], [0, 1]])
    assert game.dominated() == {"strict": {"Row": (), "Column": ()}, "weak": {"Row": (), "Column": ("C1",)}}
    assert game.iterated_elimination() == (("R1", "R2"), ("C1", "C2"))
    assert "C2 is a weakly dominant strategy for Column" in " ".join(game.explain())


DEGENERATE = ([[1, 1], [2, 0]], [[1, 1], [0, 0]])


def test_degenerate_game_lists_the_corners_of_every_equilibrium_segment():
    game = NormalFormGame(*DEGENERATE)
    # Column is indifferent everywhere; Row plays R1 iff P(C1) <= 1/2. Two segments of equilibria.
    assert game.degenerate
    assert game.degeneracy_note() == (
        "Against Row's R1, Column is indifferent between C1 and C2, so the game is degenerate: "
        "there may be infinitely many equilibria (a whole segment of mixtures)."
    )
    assert profiles(game) == [
        ((1, 0), (0, 1)),
        ((0, 1), (1, 0)),
        ((1, 0), (F(1, 2), F(1, 2))),
        ((0, 1), (F(1, 2), F(1, 2))),
    ]
    # Every point of the segment between two listed corners is an equilibrium too.
    for t in (F(0), F(1, 7), F(1, 4), F(1, 2)):
        e = MixedEquilibrium((F(1), F(0)), (t, 1 - t), (F(1), F(1)))
        assert is_nash(*DEGENERATE, e)
    assert game.explain()[-1] == game.degeneracy_note()


def test_degenerate_game_solves_without_any_warning_where_nashpy_warns():
    import nashpy

    with pytest.warns(RuntimeWarning, match="degenerate"):
        found = list(nashpy.Game(np.array(DEGENERATE[0]), np.array(DEGENERATE[1])).support_enumeration())
    assert len(found) == 2  # nashpy misses the two corners where Column mixes
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for A, B in (DEGENERATE, (as_float(DEGENERATE[0]), as_float(DEGENERATE[1]))):
            game = NormalFormGame(A, B)
            assert len(game.mixed_equilibria()) == 4
            assert game.degenerate
            game.explain()


def test_degenerate_only_at_a_mixed_equilibrium():
    # No pure action has two best replies, but against Row's (1/2, 1/2) all three columns pay 1/2.
    A = [[1, 0, 0], [0, 1, 1]]
    B = [[1, 0, F(1, 2)], [0, 1, F(1, 2)]]
    game = NormalFormGame(A, B)
    row_br, col_br = game.best_responses()
    assert row_br.sum(axis=0).max() == 1 and col_br.sum(axis=1).max() == 1
    assert game.degenerate
    assert game.degeneracy_note().startswith(
        "Against Row's mix (R1 0.5, R2 0.5), Column is indifferent between C1, C2 and C3"
    )
    assert ((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2), 0)) in profiles(game)
    assert ((F(1, 2), F(1, 2)), (F(1, 2), 0, F(1, 2))) in profiles(game)
    assert NormalFormGame([[1, 0], [0, 1]], [[1, 0], [0, 1]]).degenerate is False


def test_exactness_and_storage():
    exact = NormalFormGame(np.array([[1, 2], [3, 4]]), [[F(1, 2), 0], [0, 1]])
    assert exact.exact
    assert exact.A.dtype == object and all(type(v) is F for v in exact.A.flat)
    assert exact.B[0, 0] == F(1, 2)
    with pytest.raises(ValueError):
        exact.A[0, 0] = 7  # read-only: the game is immutable and its results cached
    floaty = NormalFormGame([[1, 2.5], [3, 4]], [[0, 0], [0, 0]])
    assert not floaty.exact and floaty.A.dtype == float
    assert all(type(p) is float for e in floaty.mixed_equilibria() for p in e.row + e.col + e.payoffs)
    assert exact.row_actions == ("R1", "R2") and exact.col_actions == ("C1", "C2")
    assert exact.players == ("Row", "Column") and exact.shape == (2, 2)


def test_results_are_cached_and_masks_are_copies():
    game = prisoners_dilemma()
    assert game.mixed_equilibria() is game.mixed_equilibria()
    row_br, _ = game.best_responses()
    row_br[:] = False
    assert game.best_responses()[0].any()


def test_one_row_game():
    game = NormalFormGame([[0, 0, 0]], [[1, 3, 2]], col_actions=("a", "b", "c"))
    assert game.pure_equilibria() == ((0, 1),)
    assert profiles(game) == [((1,), (0, 1, 0))]
    assert "R1 is Row's only action" in " ".join(game.explain())


# ---------------------------------------------------------------- properties over random games


def games(elements):
    return st.tuples(st.integers(2, 4), st.integers(2, 4)).flatmap(
        lambda s: st.tuples(
            *(st.lists(st.lists(elements, min_size=s[1], max_size=s[1]), min_size=s[0], max_size=s[0]),) * 2
        )
    )


small_ints = st.integers(-5, 5)
# Mixed ints and Fractions with different denominators: still an exact game.
small_exact = st.one_of(st.integers(-5, 5), st.fractions(-5, 5, max_denominator=6))
wide_ints = st.integers(-30, 30)
# Three decimals: ties stay exact ties in binary floats (and so stay "degenerate") often enough.
floats3 = st.floats(-10, 10, allow_nan=False, allow_infinity=False).map(lambda x: round(x, 3))


@PROPS
@given(st.one_of(games(small_ints), games(small_exact), games(floats3)))
def test_every_reported_equilibrium_is_a_nash_equilibrium(AB):
    A, B = AB
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        game = NormalFormGame(A, B)
        eqs = game.mixed_equilibria()
        game.explain()
    tol = 0 if game.exact else 1e-7
    assert eqs, "every finite game has an equilibrium"
    for e in eqs:
        assert is_nash(A, B, e, tol), e
        for probs in (e.row, e.col):
            assert all(-tol <= p <= 1 + tol for p in probs)
            assert abs(sum(probs) - 1) <= tol
            if game.exact:
                assert all(type(p) is F for p in probs)
    assert len(set(profiles(game))) == len(eqs)  # deduplicated


@PROPS
@given(st.one_of(games(small_ints), games(small_exact), games(floats3)))
def test_pure_equilibria_agree_with_best_reply_masks(AB):
    A, B = AB
    game = NormalFormGame(A, B)
    row_br, col_br = game.best_responses()
    m, n = game.shape
    for i, j in itertools.product(range(m), range(n)):
        assert row_br[i, j] == (A[i][j] == max(A[k][j] for k in range(m)))
        assert col_br[i, j] == (B[i][j] == max(B[i]))
    cells = tuple((i, j) for i, j in itertools.product(range(m), range(n)) if row_br[i, j] and col_br[i, j])
    assert game.pure_equilibria() == cells
    # Pure ones come first in mixed_equilibria, in the same order.
    eqs = game.mixed_equilibria()
    assert [(e.row.index(1), e.col.index(1)) for e in eqs[: len(cells)]] == list(cells)
    assert not any(e.is_pure for e in eqs[len(cells):])


def support_enumeration_exact(A, B):
    """A plain exact support enumeration (equal-size supports), independent of the module's
    vertex enumeration: finds every equilibrium of a nondegenerate game."""
    m, n = len(A), len(A[0])

    def solve(M, b):  # Gaussian elimination over Fractions; None if singular
        M = [[F(v) for v in row] + [F(bi)] for row, bi in zip(M, b)]
        k = len(M)
        for c in range(k):
            p = next((r for r in range(c, k) if M[r][c] != 0), None)
            if p is None:
                return None
            M[c], M[p] = M[p], M[c]
            for r in range(k):
                if r != c and M[r][c] != 0:
                    f = M[r][c] / M[c][c]
                    M[r] = [a - f * b for a, b in zip(M[r], M[c])]
        return [M[i][k] / M[i][i] for i in range(k)]

    out = []
    for k in range(1, min(m, n) + 1):
        for I in itertools.combinations(range(m), k):
            for J in itertools.combinations(range(n), k):
                y = solve([[A[i][j] - A[I[0]][j] for j in J] for i in I[1:]] + [[1] * k], [0] * (k - 1) + [1])
                x = solve([[B[i][j] - B[i][J[0]] for i in I] for j in J[1:]] + [[1] * k], [0] * (k - 1) + [1])
                if x is None or y is None or min(x) <= 0 or min(y) <= 0:
                    continue
                xs = [F(0)] * m
                ys = [F(0)] * n
                for i, v in zip(I, x):
                    xs[i] = v
                for j, v in zip(J, y):
                    ys[j] = v
                row_vals = [sum(A[i][j] * ys[j] for j in range(n)) for i in range(m)]
                col_vals = [sum(B[i][j] * xs[i] for i in range(m)) for j in range(n)]
                if max(row_vals) == row_vals[I[0]] and max(col_vals) == col_vals[J[0]]:
                    out.append((tuple(xs), tuple(ys)))
    return out


@PROPS
@given(st.one_of(games(wide_ints), games(small_exact)))
def test_nondegenerate_exact_games_match_plain_support_enumeration(AB):
    A, B = AB
    game = NormalFormGame(A, B)
    assume(not game.degenerate)
    assert len(game.mixed_equilibria()) % 2 == 1  # the oddness theorem (Lemke-Howson)
    assert sorted(profiles(game)) == sorted(support_enumeration_exact(A, B))


@PROPS
@given(st.one_of(games(floats3), games(wide_ints)))
def test_nondegenerate_games_contain_everything_nashpy_finds(AB):
    A, B = AB
    game = NormalFormGame(A, B)
    assume(not game.degenerate)
    ours, theirs = profiles(game), nashpy_equilibria(A, B)
    # Only containment: nashpy's support enumeration drops genuine equilibria to rounding (a zero
    # probability solved as -1e-17 fails its `prob >= 0`; payoff ties compared with float ==).
    # Hypothesis found, among others, A = [[0, 0, 0], [0, 21, 0], [-1, 0, 8], [3, 22, -4]],
    # B = [[0, 0, 1], [0, 1, 0], [0, 0, 1], [0, 0, 1]], where it returns 1 of the 3 equilibria
    # (completeness is checked exactly against the plain support enumeration above).
    assert all(any(same_sets([q], [p]) for p in ours) for q in theirs)


def test_random_float_games_against_exact_solution_and_nashpy():
    rng = np.random.default_rng(2025)
    for m, n in [(2, 2), (2, 3), (3, 3), (3, 4), (4, 4)] * 4:
        A, B = rng.uniform(-10, 10, (m, n)).tolist(), rng.uniform(-10, 10, (m, n)).tolist()
        game = NormalFormGame(A, B)
        assert not game.degenerate
        # Every binary float is a Fraction: the exact solution of the very same game.
        exact = NormalFormGame([[F(v) for v in r] for r in A], [[F(v) for v in r] for r in B])
        assert same_sets(profiles(game), profiles(exact), tol=1e-9)
        # nashpy misses one of these 20 games' equilibria entirely (rounding, see above).
        theirs = nashpy_equilibria(A, B)
        assert all(any(same_sets([q], [p]) for p in profiles(game)) for q in theirs)
    for game in (prisoners_dilemma(), chicken(2, 1, 5, 3), NormalFormGame([[1, 1], [2, 0]], [[0, 1], [1, 0]])):
        assert same_sets(profiles(game), nashpy_equilibria(game.A.astype(float), game.B.astype(float)))


@PROPS
@given(st.one_of(games(small_ints), games(small_exact)))
def test_exact_and_float_solutions_agree(AB):
    A, B = AB
    exact = NormalFormGame(A, B)
    approx = NormalFormGame(as_float(A), as_float(B))
    assert exact.exact and not approx.exact
    assert exact.pure_equilibria() == approx.pure_equilibria()
    assert exact.degenerate == approx.degenerate
    assert same_sets(profiles(exact), profiles(approx))
    assert exact.dominated() == approx.dominated()
    assert exact.iterated_elimination() == approx.iterated_elimination()
    assert exact.risk_dominant() == approx.risk_dominant()


@PROPS
@given(games(small_ints), st.integers(1, 5), st.integers(-5, 5), st.fractions(F(1, 3), 3), st.integers(-5, 5))
def test_positive_affine_change_of_payoffs_changes_nothing_strategic(AB, a, b, c, d):
    A, B = AB
    game = NormalFormGame(A, B)
    moved = NormalFormGame([[a * v + b for v in r] for r in A], [[c * v + d for v in r] for r in B])
    assert profiles(game) == profiles(moved)
    assert game.degenerate == moved.degenerate
    assert game.risk_dominant() == moved.risk_dominant()


@PROPS
@given(games(small_ints))
def test_dominated_actions_are_never_played_in_equilibrium(AB):
    game = NormalFormGame(*AB)
    rows_left, cols_left = game.iterated_elimination()
    strict = game.dominated()["strict"]
    assert set(strict["Row"]).isdisjoint(rows_left) and set(strict["Column"]).isdisjoint(cols_left)
    assert set(game.dominated()["weak"]["Row"]) >= set(strict["Row"])
    for e in game.mixed_equilibria():
        assert {game.row_actions[i] for i, p in enumerate(e.row) if p} <= set(rows_left)
        assert {game.col_actions[j] for j, p in enumerate(e.col) if p} <= set(cols_left)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(A=[[1, 2], [3, 4]], B=[[1, 2, 3], [4, 5, 6]]), "A is 2x2 but B is 2x3"),
        (dict(A=[[1, "x"], [3, 4]], B=[[0, 0], [0, 0]]), "A[0][1] is 'x' (str), not a number"),
        (dict(A=[[1, 2], [3, 4]], B=[[0, 0], [float("nan"), 0]]), "B[1][0] is nan; payoffs must be finite"),
        (dict(A=[[1, float("inf")], [3, 4]], B=[[0, 0], [0, 0]]), "A[0][1] is inf; payoffs must be finite"),
        (dict(A=[[1, None], [3, 4]], B=[[0, 0], [0, 0]]), "A[0][1] is None (NoneType), not a number"),
        (dict(A=[[1, True], [3, 4]], B=[[0, 0], [0, 0]]), "A[0][1] is True (bool), not a number"),
        (dict(A=[[1, 2], [3]], B=[[0, 0], [0, 0]]), "A is ragged: row 1 has 1 entries but row 0 has 2"),
        (dict(A=[], B=[]), "A must have at least one row and one column"),
        (dict(A=np.zeros(3), B=np.zeros(3)), "A must be a 2-D table"),
        (dict(A=[[1, 2], [3, 4]], B=[[0, 0], [0, 0]], row_actions=("U", "M", "D")),
         "row_actions has 3 labels but the game has 2 rows"),
        (dict(A=[[1, 2], [3, 4]], B=[[0, 0], [0, 0]], col_actions=("L",)),
         "col_actions has 1 labels but the game has 2 columns"),
        (dict(A=[[1, 2], [3, 4]], B=[[0, 0], [0, 0]], row_actions=("D", "D")), "row_actions has a duplicate label 'D'"),
        (dict(A=[[1, 2], [3, 4]], B=[[0, 0], [0, 0]], col_actions=("L", 2)), "col_actions[1] is 2 (int), not a string"),
        (dict(A=[[1, 2], [3, 4]], B=[[0, 0], [0, 0]], players=("US",)), "players must be two names"),
        (dict(A=[[1, 2], [3, 4]], B=[[0, 0], [0, 0]], players=("US", "US")), "players must have different names"),
    ],
)
def test_bad_input_raises_a_clear_value_error(kwargs, message):
    with pytest.raises(ValueError) as info:
        NormalFormGame(**kwargs)
    assert message in str(info.value)


def test_to_nashpy_hands_over_the_same_payoffs_and_equilibria():
    # Battle of the sexes, nondegenerate: nashpy's support enumeration finds the same three.
    game = NormalFormGame([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    ng = game.to_nashpy()
    assert np.array_equal(ng.payoff_matrices[0], np.array([[2.0, 0.0], [0.0, 1.0]]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = sorted((tuple(np.round(r, 9)), tuple(np.round(c, 9))) for r, c in ng.support_enumeration())
    ours = sorted((tuple(float(x) for x in e.row), tuple(float(x) for x in e.col)) for e in game.mixed_equilibria())
    assert len(theirs) == len(ours) == 3
    for (r1, c1), (r2, c2) in zip(theirs, ours):
        assert np.allclose(r1, r2) and np.allclose(c1, c2)


# ---------------------------------------------------------------- the one rule for "equal" (issue 8, defect 3)

def test_tiny_payoffs_are_not_a_tie():
    """2e-9 and 1e-9 differ by half the larger: not a tie, whatever an absolute floor would say
    (the old rule made (0, 1) an equilibrium and a strategy weakly dominant)."""
    g = NormalFormGame([[2e-9, 0.], [0., 1e-9]], [[1e-9, 0.], [0., 2e-9]])
    assert g.pure_equilibria() == ((0, 0), (1, 1))
    assert g.dominated()["weak"] == {"Row": (), "Column": ()}
    assert not g.degenerate and len(g.mixed_equilibria()) == 3
    assert not any("dominant strategy" in s and "Neither" not in s for s in g.explain())
    assert g.mixed_equilibria()[2].row == pytest.approx((2 / 3, 1 / 3), rel=1e-9)


def test_ties_are_measured_against_the_two_payoffs_compared_not_the_largest_in_the_table():
    """0 and 1 are different payoffs even beside 1e9 (the old rule made (0, 1) an equilibrium)."""
    g = NormalFormGame([[1e9, 0.], [1e9 + 1, 1.]], [[1., 2.], [1., 0.]])
    assert g.pure_equilibria() == ((1, 0),)
    row_br, _ = g.best_responses()
    assert row_br[:, 1].tolist() == [False, True]  # against C2 only R2 is a best reply
    # 1e9 and 1e9 + 1 differ in the tenth digit, far above rounding: the float game is the exact game
    exact = NormalFormGame([[10**9, 0], [10**9 + 1, 1]], [[1, 2], [1, 0]])
    assert g.dominated() == exact.dominated() and g.dominated()["strict"]["Row"] == ("R1",)
    assert g.degenerate == exact.degenerate is False
    assert [m.row for m in g.mixed_equilibria()] == [m.row for m in exact.mixed_equilibria()] == [(0, 1)]


@st.composite
def scaled_games(draw):
    A, B = draw(games(st.integers(-3, 3)))
    return A, B, draw(st.integers(-12, 12))


@PROPS
@given(scaled_games())
def test_a_game_times_ten_to_the_k_has_the_exact_games_equilibria_and_dominance(AkB):
    A, B, k = AkB
    exact = NormalFormGame(A, B)
    s = 10.0 ** k
    g = NormalFormGame([[x * s for x in r] for r in A], [[x * s for x in r] for r in B])
    assert g.pure_equilibria() == exact.pure_equilibria()
    assert g.dominated() == exact.dominated()
    assert g.iterated_elimination() == exact.iterated_elimination()
    assert g.degenerate == exact.degenerate
    assert g.risk_dominant() == exact.risk_dominant()
    got, want = g.mixed_equilibria(), exact.mixed_equilibria()
    assert len(got) == len(want)
    for e, w in zip(got, want):
        assert e.row == pytest.approx([float(p) for p in w.row], abs=1e-9)
        assert e.col == pytest.approx([float(p) for p in w.col], abs=1e-9)
        assert e.payoffs == pytest.approx([float(v) * s for v in w.payoffs], rel=1e-9, abs=1e-9 * s)
