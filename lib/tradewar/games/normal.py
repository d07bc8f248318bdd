"""Strategic-form (bimatrix) games: best replies, pure and mixed equilibria, dominance,
risk dominance, and degenerate games handled and explained.

PUBLIC CONTRACT (other modules rely on these names; internals are free):

    NormalFormGame(A, B, row_actions=None, col_actions=None, players=("Row", "Column"))
        A, B: payoffs of the row and the column player, same shape m x n (nested lists or arrays)
        .A, .B, .row_actions, .col_actions, .players, .shape, .exact
        .best_responses() -> (row_br, col_br)      boolean masks shaped like A
        .pure_equilibria() -> ((i, j), ...)         row-major order
        .mixed_equilibria() -> (MixedEquilibrium, ...)  every extreme equilibrium, pure ones first
        .degenerate (property), .degeneracy_note() -> str
        .dominated() -> {"strict": {player: labels}, "weak": {player: labels}}
        .iterated_elimination() -> (row labels, column labels) surviving strict dominance
        .risk_dominant() -> (i, j) or None
        .explain() -> list[str]
        .to_nashpy() -> nashpy.Game                 hand the game to nashpy's own solvers
    MixedEquilibrium(row, col, payoffs)         frozen dataclass of tuples

Equilibria are found by enumerating the vertices of the two best-response polytopes and
pairing the complementary ones (Mangasarian 1964; von Stengel, "Computing equilibria for
two-person games", 2002). Unlike support enumeration this finds every extreme equilibrium
of a degenerate game too, for instance a pure strategy met by a mix of two equally good
replies. Exact games (int/Fraction entries) are solved in integer arithmetic and reported
as Fractions; float games run the same code, and decide ties by the one rule of
tradewar.games (`games.close`): two payoffs are equal when they differ by at most REL_TOL
= 1e-12 of the larger, and two expected payoffs when they differ by at most REL_TOL of the
larger expected absolute payoff. Best replies, pure and mixed equilibria, degeneracy and
dominance all use that rule, so they agree with each other, and multiplying a game by any
positive factor changes none of them. nashpy's
support_enumeration is the cross-check in the tests, not the solver: it costs about 1 ms on
a 2x2 game (the UI re-solves on every slider move), importing it pulls in scipy (~1 s), it
warns on degenerate games, and its exact float comparisons drop genuine equilibria to
rounding (one of the 20 random float games in the tests).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from itertools import combinations
from numbers import Integral, Real

import numpy as np

from tradewar.text import fmt
from tradewar.games import REL_TOL as _REL_TOL, above, at_least, close

__all__ = ["NormalFormGame", "MixedEquilibrium"]


@dataclass(frozen=True)
class MixedEquilibrium:
    """One equilibrium: each player's probabilities over their actions, and expected payoffs."""

    row: tuple
    col: tuple
    payoffs: tuple

    @property
    def is_pure(self) -> bool:
        return sum(1 for p in self.row if p) == 1 and sum(1 for p in self.col if p) == 1


# ---------------------------------------------------------------- input checking


def _entry(name, i, j, v):
    """Return (value, is_exact) for one payoff, or raise ValueError saying what is wrong.

    Exact values come back as int or Fraction, inexact ones as float.
    """
    t = type(v)  # fast path for the common types: ABC isinstance checks are slow
    if t is int or t is Fraction:
        return v, True
    if t is float and math.isfinite(v):
        return v, False
    # bool is an int subclass, but a True payoff is almost surely a bug in the caller.
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, Real):
        raise ValueError(f"{name}[{i}][{j}] is {v!r} ({type(v).__name__}), not a number")
    if isinstance(v, Integral):
        return int(v), True
    if isinstance(v, Fraction):
        return v, True
    f = float(v)
    if not math.isfinite(f):
        raise ValueError(f"{name}[{i}][{j}] is {f}; payoffs must be finite numbers")
    return f, False


def _table(name, M):
    """Turn nested lists or a 2-D array into a list of rows of raw entries."""
    if isinstance(M, np.ndarray):
        if M.ndim != 2:
            raise ValueError(f"{name} must be a 2-D table of payoffs, got an array with {M.ndim} dimension(s)")
        rows = M.tolist() if M.dtype != object else [list(r) for r in M]
    else:
        if isinstance(M, (str, bytes)) or not hasattr(M, "__len__"):
            raise ValueError(f"{name} must be a table (a list of rows), not {type(M).__name__}")
        rows = []
        for i, r in enumerate(M):
            if isinstance(r, (str, bytes)) or not hasattr(r, "__len__"):
                raise ValueError(f"{name}[{i}] must be a row (a list of payoffs), not {r!r}")
            rows.append(list(r))
    if not rows or not rows[0]:
        raise ValueError(f"{name} must have at least one row and one column")
    n = len(rows[0])
    for i, r in enumerate(rows):
        if len(r) != n:
            raise ValueError(f"{name} is ragged: row {i} has {len(r)} entries but row 0 has {n}")
    return rows


def _labels(name, given, count, what, prefix):
    if given is None:
        return tuple(f"{prefix}{k + 1}" for k in range(count))
    if isinstance(given, str):
        raise ValueError(f"{name} must be a sequence of labels, not the single string {given!r}")
    labels = tuple(given)
    if len(labels) != count:
        raise ValueError(f"{name} has {len(labels)} labels but the game has {count} {what}")
    for k, lab in enumerate(labels):
        if not isinstance(lab, str):
            raise ValueError(f"{name}[{k}] is {lab!r} ({type(lab).__name__}), not a string")
    seen = set()
    for lab in labels:
        if lab in seen:
            raise ValueError(f"{name} has a duplicate label {lab!r}")
        seen.add(lab)
    return labels


# ---------------------------------------------------------------- small linear algebra


def _solve_int(M):
    """Solve M x = (1, ..., 1) for an integer matrix M without fractions; None if singular.

    Integer-preserving Gauss-Jordan (Edmonds): every division is exact and at the end each
    diagonal entry equals the determinant, so x = nums / den with integers only. Fraction
    arithmetic would be several times slower, and the UI re-solves on every slider move.
    """
    n = len(M)
    R = [row + [1] for row in M]
    prev = 1
    for c in range(n):
        p = next((r for r in range(c, n) if R[r][c]), None)
        if p is None:
            return None
        R[c], R[p] = R[p], R[c]
        pivot_row = R[c]
        piv = pivot_row[c]
        for r in range(n):
            if r != c:
                f = R[r][c]
                R[r] = [(piv * x - f * y) // prev for x, y in zip(R[r], pivot_row)]
        prev = piv
    nums = [R[i][n] for i in range(n)]
    return (nums, prev) if prev > 0 else ([-v for v in nums], -prev)


def _solve_float(M, tol):
    """Solve M x = (1, ..., 1) by Gauss-Jordan with partial pivoting; None if (nearly) singular."""
    n = len(M)
    R = [row + [1.0] for row in M]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(R[r][c]))
        if abs(R[p][c]) <= tol:
            return None
        R[c], R[p] = R[p], R[c]
        pivot_row = R[c]
        piv = pivot_row[c]
        for r in range(n):
            if r != c:
                f = R[r][c] / piv
                if f:
                    R[r] = [x - f * y for x, y in zip(R[r], pivot_row)]
    return [R[i][n] / R[i][i] for i in range(n)], 1.0


def _solve_small(M, exact, tol):
    """M x = (1, ..., 1) as (nums, den); closed forms for 1x1 and 2x2, the common case."""
    size = len(M)
    if size == 1:
        a = M[0][0]  # positive: the tables have been shifted to positive entries
        return ([1], a) if exact else ([1.0 / a], 1.0)
    if size == 2:
        (a, b), (c, d) = M
        det = a * d - b * c
        if exact:
            if det == 0:
                return None
            return ([d - b, a - c], det) if det > 0 else ([b - d, c - a], -det)
        if abs(det) <= tol:
            return None
        return [(d - b) / det, (a - c) / det], 1.0
    return _solve_int(M) if exact else _solve_float(M, tol)


def _vertices(M, exact, tol, orig=None):
    """Nonzero vertices of {x >= 0 : M x <= 1} as (nums, labels), the vertex being nums / den.

    M has k rows and d columns, all entries positive (so the polytope is bounded); integers
    if exact, floats otherwise. Label bit i (i < d) means x_i = 0; bit d + r means row r is
    tight. A vertex is where d independent constraints are tight: some x_i = 0 and, on the
    remaining coordinates T, as many rows as |T|, so we solve every square subsystem.

    Floats: a row is tight when its expected payoff against x / sum(x), in the original payoffs
    `orig` (M before the shift to positive entries), equals the best row's under games.close,
    so that a tie means the same here as in the best replies to pure strategies.
    """
    k, d = len(M), len(M[0])
    zero = 0 if exact else 0.0
    found = {}
    for size in range(1, min(d, k) + 1):
        for T in combinations(range(d), size):
            cols = [[row[i] for i in T] for row in M]
            for rows in combinations(range(k), size):
                res = _solve_small([cols[r] for r in rows], exact, tol)
                if res is None:
                    continue
                sol, den = res
                if any(v < -tol for v in sol):
                    continue
                labels = 0
                if exact:
                    for r in range(k):
                        s = sum(a * v for a, v in zip(cols[r], sol))
                        if s > den:  # outside the polytope
                            labels = -1
                            break
                        if s == den:
                            labels |= 1 << (d + r)
                else:
                    labels = _tight_rows(orig, T, sol, rows, d)
                if labels >= 0:
                    x = [zero] * d
                    for i, v in zip(T, sol):
                        x[i] = v if v > tol else zero
                    for i in range(d):
                        if not x[i]:
                            labels |= 1 << i
                    # Degenerate polytopes reach one vertex from several bases: key by the point.
                    if exact:
                        g = math.gcd(den, *x)
                        key = (den // g, *(v // g for v in x))
                    else:
                        key = tuple(round(v, 9) for v in x)
                    if key not in found:
                        found[key] = (x, labels)
    return list(found.values())


def _tight_rows(orig, T, sol, rows, d):
    """Label bits (d + r) of the rows that are best replies to the mix sol on T, under the rule
    of games.close on expected payoffs; -1 if a row chosen as tight (`rows`) is not a best reply."""
    tot = sum(sol)
    if tot <= 0:
        return -1
    w = [v / tot for v in sol]
    ev = [sum(r[i] * p for i, p in zip(T, w)) for r in orig]
    mag = [sum(abs(r[i]) * p for i, p in zip(T, w)) for r in orig]
    top = max(range(len(ev)), key=ev.__getitem__)
    labels = 0
    for r in range(len(ev)):
        if at_least(ev[r], ev[top], False, mag[r], mag[top]):
            labels |= 1 << (d + r)
    if any(not labels >> (d + r) & 1 for r in rows):
        return -1
    return labels


def _positive(M, exact):
    """A positive copy of M with the same best replies (ints >= 1 if exact, floats in [1, 2]
    otherwise): a positive affine change of payoffs leaves the equilibria alone, and positive
    payoffs make the best-response polytopes bounded."""
    flat = [v for r in M for v in r]
    lo = min(flat)
    if exact:
        return [[v - lo + 1 for v in r] for r in M]
    # Divide by the largest magnitude first so that hi - lo cannot overflow for huge payoffs.
    big = max(abs(v) for v in flat) or 1.0
    lo, span = lo / big, (max(flat) / big - lo / big) or 1.0
    return [[1.0 + (v / big - lo) / span for v in r] for r in M]


def _join(words):
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


# ---------------------------------------------------------------- the game


class NormalFormGame:
    """A two-player game in strategic form. Immutable; every result is computed once and cached.

    Exact games are held internally as integer tables (each payoff table multiplied by the
    common denominator of its entries): comparisons and equilibria are unchanged by a positive
    scaling, and integer arithmetic keeps a 2x2 solve far below a millisecond.
    """

    def __init__(self, A, B, row_actions=None, col_actions=None, players=("Row", "Column")):
        rows_a, rows_b = _table("A", A), _table("B", B)
        shape_a = (len(rows_a), len(rows_a[0]))
        shape_b = (len(rows_b), len(rows_b[0]))
        if shape_a != shape_b:
            raise ValueError(
                f"A is {shape_a[0]}x{shape_a[1]} but B is {shape_b[0]}x{shape_b[1]}; "
                "both payoff tables must have the same shape"
            )
        a = [[_entry("A", i, j, v) for j, v in enumerate(r)] for i, r in enumerate(rows_a)]
        b = [[_entry("B", i, j, v) for j, v in enumerate(r)] for i, r in enumerate(rows_b)]
        m, n = shape_a

        if isinstance(players, str) or not hasattr(players, "__len__") or len(players) != 2:
            raise ValueError(f"players must be two names, got {players!r}")
        players = tuple(players)
        if not all(isinstance(p, str) for p in players):
            raise ValueError(f"players must be two strings, got {players!r}")
        if players[0] == players[1]:
            raise ValueError(f"players must have different names, got {players[0]!r} twice")
        self._players = players
        self._row_actions = _labels("row_actions", row_actions, m, "rows", "R")
        self._col_actions = _labels("col_actions", col_actions, n, "columns", "C")
        self._shape = shape_a

        self._exact = exact = all(e for r in a + b for _, e in r)
        if exact:
            self._la = la = math.lcm(*(v.denominator for r in a for v, _ in r))
            self._lb = lb = math.lcm(*(v.denominator for r in b for v, _ in r))
            self._a = [[v * la if type(v) is int else int(v * la) for v, _ in r] for r in a]
            self._b = [[v * lb if type(v) is int else int(v * lb) for v, _ in r] for r in b]
        else:
            self._la = self._lb = 1.0
            self._a = [[float(v) for v, _ in r] for r in a]
            self._b = [[float(v) for v, _ in r] for r in b]

    # -- read-only attributes

    def _table_out(self, M, scale):
        if self._exact:
            arr = np.array([[Fraction(v, scale) for v in r] for r in M], dtype=object)
        else:
            arr = np.array(M, dtype=float)
        arr.setflags(write=False)
        return arr

    @cached_property
    def A(self):
        """Row player's payoffs: a read-only array, of Fractions (dtype object) if the game is exact."""
        return self._table_out(self._a, self._la)

    @cached_property
    def B(self):
        """Column player's payoffs: a read-only array, of Fractions (dtype object) if the game is exact."""
        return self._table_out(self._b, self._lb)

    row_actions = property(lambda self: self._row_actions, doc="Row player's action labels.")
    col_actions = property(lambda self: self._col_actions, doc="Column player's action labels.")
    players = property(lambda self: self._players, doc="The two players' names (row, column).")
    shape = property(lambda self: self._shape, doc="(number of rows, number of columns)")
    exact = property(lambda self: self._exact, doc="True if every payoff is an int or a Fraction.")

    def __repr__(self):
        m, n = self._shape
        kind = "exact" if self._exact else "float"
        return (
            f"NormalFormGame({m}x{n} {kind}, players={self._players}, "
            f"row_actions={self._row_actions}, col_actions={self._col_actions})"
        )

    def _va(self, v):
        """An internal row payoff (or payoff difference) as the number reported to users."""
        return Fraction(v, self._la) if self._exact else v

    def _vb(self, v):
        return Fraction(v, self._lb) if self._exact else v

    # -- best replies and pure equilibria

    @cached_property
    def _br(self):
        a, b, ex = self._a, self._b, self._exact
        m, n = self._shape
        col_max = [max(a[i][j] for i in range(m)) for j in range(n)]
        row_max = [max(r) for r in b]
        # Plain lists: indexing numpy arrays element by element is slower on tables this small.
        row_br = [[at_least(a[i][j], col_max[j], ex) for j in range(n)] for i in range(m)]
        col_br = [[at_least(b[i][j], row_max[i], ex) for j in range(n)] for i in range(m)]
        # How many best replies each column (for Row) and each row (for Column) has.
        n_row_br = [sum(row_br[i][j] for i in range(m)) for j in range(n)]
        n_col_br = [sum(r) for r in col_br]
        return row_br, col_br, n_row_br, n_col_br

    def best_responses(self):
        """(row_br, col_br): row_br[i, j] iff row i is a best reply to column j; col_br[i, j] iff
        column j is a best reply to row i. Boolean arrays shaped like A."""
        row_br, col_br, _, _ = self._br
        return np.array(row_br, dtype=bool), np.array(col_br, dtype=bool)

    @cached_property
    def _pure(self):
        row_br, col_br, _, _ = self._br
        m, n = self._shape
        return tuple((i, j) for i in range(m) for j in range(n) if row_br[i][j] and col_br[i][j])

    def pure_equilibria(self):
        """Cells (i, j) where each action is a best reply to the other, in row-major order."""
        return self._pure

    # -- mixed equilibria

    @cached_property
    def _raw_equilibria(self):
        """Every extreme equilibrium as (x, y): integer weights if exact (divide by their sum),
        probabilities if float. Pure ones first, in row-major order."""
        m, n = self._shape
        exact = self._exact
        zero, one = (0, 1) if exact else (0.0, 1.0)
        out = []
        for i, j in self._pure:
            out.append(([one if k == i else zero for k in range(m)], [one if k == j else zero for k in range(n)]))

        tol = 0 if exact else _REL_TOL
        A1 = _positive(self._a, exact)
        B1 = _positive(self._b, exact)
        Bt = [[B1[i][j] for i in range(m)] for j in range(n)]
        # P = {x >= 0 : B'^T x <= 1}: bit i <-> x_i = 0, bit m + j <-> column j is a best reply.
        P = _vertices(Bt, exact, tol, [[self._b[i][j] for i in range(m)] for j in range(n)])
        # Q = {y >= 0 : A' y <= 1}: _vertices numbers its labels (y first); renumber to match P.
        low = (1 << n) - 1
        Q = [(y, ((lab & low) << m) | (lab >> n)) for y, lab in _vertices(A1, exact, tol, self._a)]
        full = (1 << (m + n)) - 1
        mixed = []
        for x, lx in P:
            for y, ly in Q:
                # A pair is an equilibrium iff every action is unused or a best reply.
                if lx | ly != full:
                    continue
                if sum(1 for v in x if v) == 1 and sum(1 for v in y if v) == 1:
                    continue  # pure: already listed from the best-reply masks
                if exact:
                    # Only the ratios matter; divide out common factors for a canonical form.
                    gx, gy = math.gcd(*x), math.gcd(*y)
                    x, y = [v // gx for v in x], [v // gy for v in y]
                else:
                    sx, sy = sum(x), sum(y)
                    x, y = [v / sx for v in x], [v / sy for v in y]
                    if any(_close(x + y, f[0] + f[1]) for f in mixed):
                        continue
                mixed.append((x, y))

        def order(e):
            x, y = e
            sx = tuple(k for k, p in enumerate(x) if p)
            sy = tuple(k for k, p in enumerate(y) if p)
            px = tuple(-Fraction(p, sum(x)) if exact else -p for p in x)
            py = tuple(-Fraction(p, sum(y)) if exact else -p for p in y)
            return (len(sx) + len(sy), sx, sy, px, py)

        if len(mixed) > 1:
            mixed.sort(key=order)
        return tuple(out + mixed)

    @cached_property
    def _mixed(self):
        a, b = self._a, self._b
        out = []
        for x, y in self._raw_equilibria:
            u = sum(x[i] * y[j] * a[i][j] for i in range(len(x)) if x[i] for j in range(len(y)) if y[j])
            v = sum(x[i] * y[j] * b[i][j] for i in range(len(x)) if x[i] for j in range(len(y)) if y[j])
            if self._exact:
                sx, sy = sum(x), sum(y)
                eq = MixedEquilibrium(
                    tuple(Fraction(p, sx) for p in x),
                    tuple(Fraction(p, sy) for p in y),
                    (Fraction(u, sx * sy * self._la), Fraction(v, sx * sy * self._lb)),
                )
            else:
                eq = MixedEquilibrium(tuple(x), tuple(y), (float(u), float(v)))
            out.append(eq)
        return tuple(out)

    def mixed_equilibria(self):
        """Every extreme equilibrium: pure ones first (as degenerate mixes), then proper mixes.

        In a nondegenerate game that is every equilibrium. A degenerate game may have whole
        segments of equilibria; the ones listed are their end points.
        """
        return self._mixed

    # -- degeneracy

    @cached_property
    def _ties(self):
        """Ties that make the game degenerate, as (who replies, their best replies, against what)."""
        m, n = self._shape
        row_br, col_br, n_row_br, n_col_br = self._br
        rname, cname = self._players
        R, C = self._row_actions, self._col_actions
        ties = []
        for j in range(n):
            if n_row_br[j] > 1:
                idx = [i for i in range(m) if row_br[i][j]]
                ties.append((rname, [R[i] for i in idx], f"{cname}'s {C[j]}"))
        for i in range(m):
            if n_col_br[i] > 1:
                idx = [j for j in range(n) if col_br[i][j]]
                ties.append((cname, [C[j] for j in idx], f"{rname}'s {R[i]}"))
        if ties:
            return tuple(ties)
        # No tie against a pure action: look at the strategies used in equilibrium.
        a, b, ex = self._a, self._b, self._exact
        for (x, y), e in zip(self._raw_equilibria, self._mixed):
            sx = [i for i in range(m) if x[i]]
            sy = [j for j in range(n) if y[j]]
            # Expected payoffs, and the expected absolute payoffs the rule of games.close measures
            # them against (the weights need not sum to one: both scale alike).
            vals = [sum(a[i][j] * y[j] for j in sy) for i in range(m)]
            mags = [sum(abs(a[i][j]) * y[j] for j in sy) for i in range(m)]
            top = max(range(m), key=vals.__getitem__)
            idx = [i for i in range(m) if at_least(vals[i], vals[top], ex, mags[i], mags[top])]
            if len(idx) > len(sy):
                ties.append((rname, [R[i] for i in idx], f"{cname}'s mix {self._mix_words(e.col, C, short=True)}"))
            vals = [sum(b[i][j] * x[i] for i in sx) for j in range(n)]
            mags = [sum(abs(b[i][j]) * x[i] for i in sx) for j in range(n)]
            top = max(range(n), key=vals.__getitem__)
            idx = [j for j in range(n) if at_least(vals[j], vals[top], ex, mags[j], mags[top])]
            if len(idx) > len(sx):
                ties.append((cname, [C[j] for j in idx], f"{rname}'s mix {self._mix_words(e.row, R, short=True)}"))
        return tuple(ties)

    @property
    def degenerate(self) -> bool:
        """True if some pure or equilibrium strategy has more pure best replies than its support size."""
        return bool(self._ties)

    def degeneracy_note(self) -> str:
        """"" for a nondegenerate game; else one plain sentence naming the first tie."""
        if not self._ties:
            return ""
        who, replies, against = self._ties[0]
        return (
            f"Against {against}, {who} is indifferent between {_join(replies)}, so the game is "
            "degenerate: there may be infinitely many equilibria (a whole segment of mixtures)."
        )

    # -- dominance

    def _dominates(self, player, k, l, rows, cols, strict):
        """Does action k of `player` dominate their action l against the opponent's actions left?"""
        if player == 0:
            a = self._a
            pairs = [(a[k][j], a[l][j]) for j in cols]
        else:
            b = self._b
            pairs = [(b[i][k], b[i][l]) for i in rows]
        ex = self._exact
        if strict:
            return all(above(p, q, ex) for p, q in pairs)
        return all(at_least(p, q, ex) for p, q in pairs) and any(above(p, q, ex) for p, q in pairs)

    def _dominator(self, player, l, rows, cols, strict):
        for k in rows if player == 0 else cols:
            if k != l and self._dominates(player, k, l, rows, cols, strict):
                return k
        return None

    @cached_property
    def _dominated(self):
        rows, cols = range(self._shape[0]), range(self._shape[1])
        out = {}
        for kind, strict in (("strict", True), ("weak", False)):
            out[kind] = {
                self._players[0]: tuple(
                    self._row_actions[i] for i in rows if self._dominator(0, i, rows, cols, strict) is not None
                ),
                self._players[1]: tuple(
                    self._col_actions[j] for j in cols if self._dominator(1, j, rows, cols, strict) is not None
                ),
            }
        return out

    def dominated(self) -> dict:
        """Actions dominated by another pure action: {"strict": {player: labels}, "weak": {...}}.

        "weak" lists every weakly dominated action (never better than the dominating action,
        sometimes worse), so it includes the strictly dominated ones. Domination by mixed
        strategies is not checked.
        """
        return {kind: dict(d) for kind, d in self._dominated.items()}

    @cached_property
    def _elimination(self):
        """Iterated strict dominance: (rounds of (player, action, dominator), rows left, cols left)."""
        rows, cols = list(range(self._shape[0])), list(range(self._shape[1]))
        rounds = []
        while True:
            # Strict dominance is order-independent, so a whole round may go at once.
            gone = [(0, i, self._dominator(0, i, rows, cols, True)) for i in rows]
            gone += [(1, j, self._dominator(1, j, rows, cols, True)) for j in cols]
            gone = [g for g in gone if g[2] is not None]
            if not gone:
                break
            rounds.append(gone)
            rows = [i for i in rows if (0, i) not in {(p, k) for p, k, _ in gone}]
            cols = [j for j in cols if (1, j) not in {(p, k) for p, k, _ in gone}]
        return rounds, tuple(rows), tuple(cols)

    def iterated_elimination(self):
        """(row labels, column labels) left after iterated deletion of strictly dominated actions."""
        _, rows, cols = self._elimination
        return tuple(self._row_actions[i] for i in rows), tuple(self._col_actions[j] for j in cols)

    def _dominant(self, player, strict):
        """Index of an action of `player` that dominates each of their others, or None."""
        rows, cols = range(self._shape[0]), range(self._shape[1])
        own = rows if player == 0 else cols
        if len(own) < 2:
            return None
        for k in own:
            if all(self._dominates(player, k, l, rows, cols, strict) for l in own if l != k):
                return k
        return None

    # -- risk dominance

    @cached_property
    def _risk(self):
        """For a 2x2 game with exactly two strict pure equilibria: per equilibrium
        (cell, row's deviation loss, column's deviation loss, product); else None."""
        if self._shape != (2, 2) or len(self._pure) != 2:
            return None
        _, _, n_row_br, n_col_br = self._br
        if not all(n_row_br[j] == 1 and n_col_br[i] == 1 for i, j in self._pure):
            return None
        a, b = self._a, self._b
        out = []
        for i, j in self._pure:
            loss_row = self._va(a[i][j] - a[1 - i][j])
            loss_col = self._vb(b[i][j] - b[i][1 - j])
            out.append(((i, j), loss_row, loss_col, loss_row * loss_col))
        return tuple(out)

    def risk_dominant(self):
        """The risk-dominant cell (Harsanyi-Selten) of a 2x2 game with two strict pure equilibria:
        the one where the product of the two players' losses from deviating is larger.
        None if the game is not of that kind or the products are equal."""
        r = self._risk
        if r is None:
            return None
        (e1, _, _, p1), (e2, _, _, p2) = r
        if close(p1, p2, self._exact):
            return None
        return e1 if p1 > p2 else e2

    # -- explanations

    def _mix_words(self, probs, labels, short=False):
        support = [(labels[k], p) for k, p in enumerate(probs) if p]
        if len(support) == 1:
            return support[0][0] if short else f"plays {support[0][0]}"
        if short:
            return "(" + ", ".join(f"{lab} {fmt(p)}" for lab, p in support) + ")"
        return "mixes " + _join(f"{lab} with probability {fmt(p)}" for lab, p in support)

    def _cell(self, i, j):
        return f"({self._row_actions[i]}, {self._col_actions[j]})"

    def _reply_clause(self, player, i, j):
        """Why the action at cell (i, j) is a best reply for `player`, with the numbers."""
        R, C = self._row_actions, self._col_actions
        _, _, n_row_br, n_col_br = self._br
        if player == 0:
            me, mine, against = self._players[0], R[i], C[j]
            val = self._va(self._a[i][j])
            others = [(R[k], self._va(self._a[k][j])) for k in range(self._shape[0]) if k != i]
            unique = n_row_br[j] == 1
        else:
            me, mine, against = self._players[1], C[j], R[i]
            val = self._vb(self._b[i][j])
            others = [(C[k], self._vb(self._b[i][k])) for k in range(self._shape[1]) if k != j]
            unique = n_col_br[i] == 1
        if not others:
            return f"{mine} is {me}'s only action"
        alt = ", ".join(f"{fmt(v)} from {lab}" for lab, v in others)
        article = "the" if unique else "a"
        return f"against {against}, {article} best reply for {me} is {mine} ({fmt(val)}, against {alt})"

    def _explain_dominance(self):
        rname, cname = self._players
        R, C = self._row_actions, self._col_actions
        m, n = self._shape
        out, dominant = [], {}
        for p, name, other, labels, opp in ((0, rname, cname, R, C), (1, cname, rname, C, R)):
            k = self._dominant(p, strict=True)
            if k is not None:
                dominant[p] = k
                losers = [labels[l] for l in range(len(labels)) if l != k]
                s = (
                    f"{labels[k]} is a strictly dominant strategy for {name}: whatever {other} does, "
                    f"it pays {name} more than {_join(losers)}"
                )
                if len(labels) == 2:  # short enough to show every comparison
                    l = 1 - k
                    if p == 0:
                        pairs = [(self._va(self._a[k][j]), self._va(self._a[l][j]), opp[j]) for j in range(n)]
                    else:
                        pairs = [(self._vb(self._b[i][k]), self._vb(self._b[i][l]), opp[i]) for i in range(m)]
                    s += " (" + ", ".join(f"{fmt(u)} against {fmt(v)} if {other} plays {o}" for u, v, o in pairs) + ")"
                out.append(s + ".")
                continue
            k = self._dominant(p, strict=False)
            if k is not None:
                dominant[p] = k
                out.append(
                    f"{labels[k]} is a weakly dominant strategy for {name}: it is never worse than "
                    f"{name}'s other actions, and better against some action of {other}'s."
                )
        if not dominant:
            out.append("Neither player has a dominant strategy.")
        elif len(dominant) == 1:
            p = 1 - next(iter(dominant))
            out.append(f"{self._players[p]} has no dominant strategy.")

        # Iterated elimination, when it does more than restate two dominant strategies.
        rounds, rows_left, cols_left = self._elimination
        if rounds and len(dominant) < 2:
            steps = []
            for k, rnd in enumerate(rounds, 1):
                parts = []
                for p, l, d in rnd:
                    labels = R if p == 0 else C
                    parts.append(f"{self._players[p]}'s {labels[l]} (always worse than {labels[d]})")
                steps.append(f"round {k} removes {_join(parts)}")
            out.append(
                "Deleting strictly dominated actions round by round: "
                + "; ".join(steps)
                + f". Left standing: {_join(R[i] for i in rows_left)} for {rname} and "
                f"{_join(C[j] for j in cols_left)} for {cname}."
            )
        return out

    def _explain_equilibria(self):
        rname, cname = self._players
        R, C = self._row_actions, self._col_actions
        m, n = self._shape
        eqs = self._mixed
        n_pure = len(self._pure)
        n_mixed = len(eqs) - n_pure
        out = []
        count = f"{len(eqs)} equilibri{'um' if len(eqs) == 1 else 'a'}"
        parts = ([f"{n_pure} in pure strategies"] if n_pure else []) + ([f"{n_mixed} mixed"] if n_mixed else [])
        if n_mixed == 0:
            s = f"The game has {count}, in pure strategies"
        elif n_pure == 0:
            s = f"The game has {count}, {'all ' if n_mixed > 1 else ''}mixed"
        else:
            s = f"The game has {count}: {_join(parts)}"
        if self._ties:
            s += " (the corners of the set of equilibria; see the note on degeneracy below)"
        out.append(s + ".")

        for i, j in self._pure:
            out.append(
                f"{self._cell(i, j)} is an equilibrium with payoffs "
                f"({fmt(self._va(self._a[i][j]))}, {fmt(self._vb(self._b[i][j]))}): "
                f"{self._reply_clause(0, i, j)}; {self._reply_clause(1, i, j)}."
            )
        if not self._pure:
            out.append("No cell has both players at a best reply, so there is no equilibrium in pure strategies.")

        for e in eqs[n_pure:]:
            sx = [i for i in range(m) if e.row[i]]
            sy = [j for j in range(n) if e.col[j]]
            s = (
                f"In {'a' if n_mixed > 1 else 'the'} mixed equilibrium {rname} "
                f"{self._mix_words(e.row, R)} and {cname} {self._mix_words(e.col, C)}; "
                f"expected payoffs ({fmt(e.payoffs[0])}, {fmt(e.payoffs[1])})."
            )
            col_s = f"{cname}'s mix" if len(sy) > 1 else f"{cname}'s {C[sy[0]]}"
            row_s = f"{rname}'s mix" if len(sx) > 1 else f"{rname}'s {R[sx[0]]}"
            why = []
            if len(sx) > 1:
                why.append(f"{col_s} leaves {rname} indifferent between {_join(R[i] for i in sx)} "
                           f"(each pays {fmt(e.payoffs[0])})")
            if len(sy) > 1:
                why.append(f"{row_s} leaves {cname} indifferent between {_join(C[j] for j in sy)} "
                           f"(each pays {fmt(e.payoffs[1])})")
            s += " " + "; ".join(why)
            if len(sx) < m or len(sy) < n:
                s += ", and no unused action pays more"
            s += ", so neither gains by changing."
            out.append(s)
        return out

    def _explain_risk(self):
        r = self._risk
        if r is None:
            return []
        win = self.risk_dominant()

        def prod(lr, lc, p):
            return f"{fmt(lr)} x {fmt(lc)} = {fmt(p)}"

        (e1, lr1, lc1, p1), (e2, lr2, lc2, p2) = r
        if win is None:
            return [
                f"Neither {self._cell(*e1)} nor {self._cell(*e2)} risk-dominates the other: the products of "
                f"the two players' losses from deviating are equal ({prod(lr1, lc1, p1)} and {prod(lr2, lc2, p2)})."
            ]
        (w, wr, wc, wp), (l, lr, lc, lp) = r if win == e1 else (r[1], r[0])
        return [
            f"{self._cell(*w)} risk-dominates {self._cell(*l)}: the product of the two players' losses from "
            f"deviating is {prod(wr, wc, wp)} there, against {prod(lr, lc, lp)} at {self._cell(*l)}, so it is "
            "the safer bet when each side is unsure what the other will do."
        ]

    @cached_property
    def _explain(self):
        out = self._explain_dominance() + self._explain_equilibria() + self._explain_risk()
        note = self.degeneracy_note()
        if note:
            out.append(note)
        return tuple(out)

    def to_nashpy(self):
        """The same game as a nashpy.Game (floats), for students who want to push further with
        nashpy's other solvers. nashpy is imported only here, so the UI never pays its import."""
        import nashpy

        return nashpy.Game(np.asarray(self.A, dtype=float), np.asarray(self.B, dtype=float))

    def explain(self) -> list:
        """Plain sentences generated from the game: dominant strategies, each equilibrium and why,
        risk dominance, degeneracy."""
        return list(self._explain)


def _close(u, v, tol=1e-7):
    return all(abs(p - q) <= tol for p, q in zip(u, v))
