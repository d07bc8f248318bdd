"""Repeated two-player games with actions C (cooperate) and D (defect): strategies as rules on the
history, discounting, a known or an indefinite horizon, noise, and the cooperation thresholds.

The stage game is symmetric with payoffs (T, R, P, S): R when both cooperate, P when both defect,
T to a defector against a cooperator, S to that cooperator.

Noise comes in two kinds, which may be combined:

- implementation errors: a player's intended move is flipped with probability `e`;
- imperfect monitoring: each player sees the other's actual move through a noisy signal. A
  cooperation is *seen* as a defection with probability `epsilon` (a false alarm); a defection is
  seen as one with probability `q` (detection). With `public=True` both players see one common
  signal, "someone defected", as in Green and Porter (1984); otherwise each sees its own signal.
  A player always knows its own actual move.

Strategies (STRATEGIES; each a rule students can remember, with a one-line description) act on
what the player has seen. Many matches are played at once with numpy: every state array has shape
(2, n) (player, match), and one vectorised step is taken per round; there is no loop over matches.
All strategies run through the same step (each match slot carries its strategy's code and
parameters), so a whole round-robin tournament is a single batch.

Closed forms (exact Fractions in, exact Fractions out): grim_threshold, tft_threshold,
green_porter_value, green_porter_slack / green_porter_ic, green_porter_delta_star,
green_porter_margin, green_porter_deterrable, shortest_punishment, war_share, and unravel (backward
induction with a known last round). The closed forms assume one signal both players see (Green and
Porter's setting, public=True). green_porter_slack, green_porter_ic, green_porter_margin and
green_porter_deterrable also take numpy arrays of delta, epsilon, q and L (for regime maps);
green_porter_least_delta finds, in floats, the least patience that keeps a truce with punishments of
L rounds.

References: Gibbons, *Game Theory for Applied Economists*, section 2.3; Osborne, *An Introduction to
Game Theory*, ch. 14-15; Axelrod, *The Evolution of Cooperation* (1984); Green & Porter (1984),
"Noncooperative collusion under imperfect price information"; Nowak & Sigmund (1992, 1993) on
generous tit-for-tat and win-stay, lose-shift.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from fractions import Fraction
from numbers import Real

import numpy as np

from tradewar.games import REL_TOL as _REL_TOL

__all__ = [
    "Strategy", "STRATEGIES", "strategy", "Play", "play", "discounted", "average", "cooperation_rate",
    "Tournament", "tournament", "grim_threshold", "tft_threshold", "green_porter_value",
    "green_porter_slack", "green_porter_ic", "green_porter_delta_star", "green_porter_least_delta",
    "green_porter_margin", "green_porter_deterrable", "shortest_punishment", "war_share", "Unravelling", "unravel",
]

# Rule codes used inside the vectorised step.
_ALLC, _ALLD, _GRIM, _TFT, _GTFT, _WSLS, _LIMITED, _BACKDOWN = range(8)


@dataclass(frozen=True)
class Strategy:
    """A named rule on the history. gamma (γ): forgiveness probability (generous tit-for-tat); L: rounds of
    punishment (limited punishment); k: retaliations before backing down ("threaten, then back down")."""

    name: str
    description: str
    code: int
    gamma: float = 0.0
    L: int = 0
    k: int = 0

    def __str__(self):
        return self.name


STRATEGIES = {s.name: s for s in (
    Strategy("always cooperate", "Cooperates every round, whatever happens.", _ALLC),
    Strategy("always defect", "Defects every round, whatever happens.", _ALLD),
    Strategy("grim trigger", "Cooperates until it sees one defection, then defects for ever.", _GRIM),
    Strategy("tit-for-tat", "Cooperates first, then copies what it saw the other do last round.", _TFT),
    Strategy("generous tit-for-tat",
             "Like tit-for-tat, but forgives a defection it saw with probability γ (here 1/3) and cooperates.",
             _GTFT, gamma=1 / 3),
    Strategy("win-stay, lose-shift",
             "Pavlov: cooperates first; repeats its last move after a good round (the other cooperated),"
             " switches after a bad one (the other defected).", _WSLS),
    Strategy("limited punishment",
             "Cooperates; after seeing a defection it defects for L rounds (here 2), ignoring what it sees"
             " meanwhile, then forgives and cooperates again.", _LIMITED, L=2),
    Strategy("threaten, then back down",
             "Cooperates; answers a defection it sees with one defection, like tit-for-tat, but only the"
             " first k times (here 1); after that it cooperates whatever happens.", _BACKDOWN, k=1),
)}


def strategy(s, **params) -> Strategy:
    """A Strategy from its name (or a Strategy), with gamma, L or k changed: strategy("limited punishment", L=5)."""
    if isinstance(s, Strategy):
        base = s
    elif s in STRATEGIES:
        base = STRATEGIES[s]
    else:
        raise ValueError(f"unknown strategy {s!r}: choose from {', '.join(repr(n) for n in STRATEGIES)}.")
    if not params:
        return base
    bad = sorted(set(params) - {"gamma", "L", "k"})
    if bad:
        raise ValueError(f"strategy parameters are gamma, L and k, not {', '.join(bad)}.")
    gamma = params.get("gamma", base.gamma)
    if isinstance(gamma, bool) or not isinstance(gamma, Real) or not 0 <= gamma <= 1:
        raise ValueError(f"gamma = {gamma!r}: the forgiveness probability must be a number from 0 to 1.")
    for name in ("L", "k"):
        v = params.get(name, getattr(base, name))
        if isinstance(v, bool) or not isinstance(v, Real) or v != int(v) or v < 0:
            raise ValueError(f"{name} = {v!r} must be a whole number of at least 0.")
    desc = base.description
    if base.code == _GTFT:
        desc = desc.replace("(here 1/3)", f"(here {_short(gamma)})")
    elif base.code == _LIMITED:
        desc = desc.replace("(here 2)", f"(here {int(params.get('L', base.L))})")
    elif base.code == _BACKDOWN:
        desc = desc.replace("(here 1)", f"(here {int(params.get('k', base.k))})")
    return replace(base, description=desc, gamma=float(gamma), L=int(params.get("L", base.L)),
                   k=int(params.get("k", base.k)))


def _short(x) -> str:
    if isinstance(x, Fraction) and x.denominator <= 12:
        return str(x)
    return f"{float(x):.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True, eq=False)
class Play:
    """Many matches of one pair (or of many pairs at once). Arrays are indexed [player, round, match].

    actions: True where the player actually defected. slips: the actual move differs from the intended
    one (an implementation error). seen[i]: what player i saw the other do (True = saw a defection).
    payoffs: stage payoffs. alive[round, match]: the round was played (False after
    a match of indefinite length has ended); all True with a fixed number of rounds.
    """

    names: tuple
    actions: np.ndarray
    slips: np.ndarray
    seen: np.ndarray
    payoffs: np.ndarray
    alive: np.ndarray

    @property
    def rounds(self) -> int:
        return self.actions.shape[1]

    @property
    def matches(self) -> int:
        return self.actions.shape[2]

    @property
    def false_alarms(self) -> np.ndarray:
        """[player, round, match]: the player saw a defection although the other cooperated."""
        return self.seen & ~self.actions[::-1]


def _check_prob(name, x):
    if isinstance(x, bool) or not isinstance(x, Real) or not (0 <= x <= 1):
        raise ValueError(f"{name} = {x!r} must be a probability from 0 to 1.")
    return float(x)


def _check_count(name, x, lo=1):
    if isinstance(x, bool) or not isinstance(x, Real) or x != int(x) or x < lo:
        raise ValueError(f"{name} = {x!r} must be a whole number of at least {lo}.")
    return int(x)


def _stage(payoffs):
    if len(payoffs) != 4:
        raise ValueError(f"payoffs = {payoffs!r} must be (T, R, P, S).")
    return tuple(float(x) for x in payoffs)


def _run(slots, rounds, payoffs, e, epsilon, q, public, continuation, rng) -> tuple:
    """The vectorised engine. slots: (code, gamma, L, k) arrays of shape (2, n)."""
    code, gamma, L, k = slots
    n = code.shape[1]
    T, R, P, S = payoffs
    # State, one entry per (player, match).
    trig = np.zeros((2, n), bool)       # grim trigger has seen a defection
    last_seen = np.zeros((2, n), bool)  # what the player saw the other do last round
    my_last = np.zeros((2, n), bool)    # the player's own last actual move
    left = np.zeros((2, n), np.int64)   # rounds of punishment still to come (limited punishment)
    used = np.zeros((2, n), np.int64)   # retaliations made so far (threaten, then back down)
    actions = np.empty((2, rounds, n), bool)
    slips = np.zeros((2, rounds, n), bool)
    seen_all = np.empty((2, rounds, n), bool)
    # Only the rules present are evaluated, and only the random numbers needed are drawn.
    present = {int(c) for c in np.unique(code)}
    is_ = {c: code == c for c in present}
    noisy = epsilon > 0 or q < 1
    terms = {
        _ALLD: lambda: is_[_ALLD],
        _GRIM: lambda: is_[_GRIM] & trig,
        _TFT: lambda: is_[_TFT] & last_seen,
        _GTFT: lambda: is_[_GTFT] & last_seen & (rng.random((2, n)) >= gamma),
        _WSLS: lambda: is_[_WSLS] & (my_last != last_seen),
        _LIMITED: lambda: is_[_LIMITED] & (left > 0),
        _BACKDOWN: lambda: is_[_BACKDOWN] & last_seen & (used < k),
    }
    rules = [terms[c] for c in sorted(present) if c in terms]
    for t in range(rounds):
        intended = np.zeros((2, n), bool)
        for rule in rules:
            intended |= rule()
        if e > 0:
            slips[:, t] = rng.random((2, n)) < e
            actual = intended ^ slips[:, t]
        else:
            actual = intended
        other = actual[::-1]
        if not noisy:
            seen = other
        elif public:
            signal = rng.random(n) < np.where(actual.any(axis=0), q, epsilon)
            seen = np.broadcast_to(signal, (2, n))
        else:
            seen = rng.random((2, n)) < np.where(other, q, epsilon)
        actions[:, t] = actual
        seen_all[:, t] = seen
        trig |= seen
        if _BACKDOWN in present:
            used += is_[_BACKDOWN] & intended
        # Limited punishment ignores what it sees while punishing; a fresh defection seen in a
        # cooperative round starts L rounds of punishment.
        if _LIMITED in present:
            left = np.where(left > 0, left - 1, np.where(seen, L, 0))
        last_seen = seen.copy()
        my_last = actual
    if continuation is None:
        alive = np.ones((rounds, n), bool)
    else:
        # An indefinite horizon: after each round the match goes on with probability `continuation`.
        if continuation >= 1:
            length = np.full(n, rounds)
        elif continuation == 0:
            length = np.ones(n, np.int64)
        else:
            length = rng.geometric(1 - continuation, n)
        alive = np.arange(rounds)[:, None] < length[None, :]
    mine, theirs = actions, actions[::-1]
    pay = np.where(mine, np.where(theirs, P, T), np.where(theirs, S, R))
    return actions, slips, seen_all, pay, alive


def _slots(strats, n):
    code = np.empty((2, n), np.int64)
    gamma = np.empty((2, n))
    L = np.empty((2, n), np.int64)
    k = np.empty((2, n), np.int64)
    for i, s in enumerate(strats):
        code[i], gamma[i], L[i], k[i] = s.code, s.gamma, s.L, s.k
    return code, gamma, L, k


def play(first, second, rounds: int, matches: int, payoffs=(5, 3, 1, 0), *, e=0, epsilon=0, q=1,
         public: bool = False, continuation=None, seed=None) -> Play:
    """Play `matches` independent matches of `rounds` rounds between two strategies (names or
    Strategy objects), all at once. continuation: None for a fixed number of rounds, or the
    probability that the match goes on after each round (an indefinite horizon, cut at `rounds`)."""
    a, b = strategy(first), strategy(second)
    rounds, matches = _check_count("rounds", rounds), _check_count("matches", matches)
    e, epsilon, q = _check_prob("e", e), _check_prob("epsilon", epsilon), _check_prob("q", q)
    if continuation is not None:
        continuation = _check_prob("continuation", continuation)
    rng = np.random.default_rng(seed)
    acts, slips, seen, pay, alive = _run(_slots((a, b), matches), rounds, _stage(payoffs), e, epsilon, q,
                                         bool(public), continuation, rng)
    return Play((a.name, b.name), acts, slips, seen, pay, alive)


def discounted(p: Play, delta) -> np.ndarray:
    """(2, matches): each player's normalised discounted payoff (1 - delta) * sum delta^t u_t over the
    rounds played. Over many rounds this is comparable with a stage payoff (R for a steady truce)."""
    delta = float(delta)
    w = (1 - delta) * delta ** np.arange(p.rounds)
    return np.einsum("prm,r->pm", p.payoffs * p.alive[None], w)


def average(p: Play) -> np.ndarray:
    """(2, matches): each player's mean payoff per round played."""
    played = p.alive.sum(axis=0)
    return (p.payoffs * p.alive[None]).sum(axis=1) / played[None]


def cooperation_rate(p: Play, who="both") -> np.ndarray:
    """(rounds,): the share of matches still running in which `who` cooperated in each round.
    who: "both" (mutual cooperation), 0 (first player) or 1 (second)."""
    if who == "both":
        coop = ~p.actions.any(axis=0)
    elif who in (0, 1):
        coop = ~p.actions[who]
    else:
        raise ValueError(f"who = {who!r} must be 'both', 0 or 1.")
    running = p.alive.sum(axis=1)
    hits = (coop & p.alive).sum(axis=1)
    out = np.full(p.rounds, np.nan)
    np.divide(hits, running, out=out, where=running > 0)
    return out


@dataclass(frozen=True, eq=False)
class Tournament:
    """A round robin: matrix[i, j] is the mean payoff per round of names[i] playing names[j]
    (or the mean normalised discounted payoff if delta was given); score[i] is the mean of row i,
    every opponent counted once, itself included (as in Axelrod's tournaments)."""

    names: tuple
    matrix: np.ndarray
    score: np.ndarray

    @property
    def ranking(self) -> tuple:
        """Names from the highest score to the lowest (ties keep the given order)."""
        order = sorted(range(len(self.names)), key=lambda i: -self.score[i])
        return tuple(self.names[i] for i in order)


def tournament(strategies=None, rounds: int = 200, matches: int = 100, payoffs=(5, 3, 1, 0), *, e=0,
               epsilon=0, q=1, public: bool = False, delta=None, seed=None) -> Tournament:
    """Every strategy against every strategy (itself included), all pairs in one vectorised batch."""
    strats = [strategy(s) for s in (strategies if strategies is not None else STRATEGIES)]
    rounds, matches = _check_count("rounds", rounds), _check_count("matches", matches)
    e, epsilon, q = _check_prob("e", e), _check_prob("epsilon", epsilon), _check_prob("q", q)
    m = len(strats)
    pairs = [(i, j) for i in range(m) for j in range(i, m)]
    n = len(pairs) * matches
    code = np.empty((2, n), np.int64)
    gamma = np.empty((2, n))
    L = np.empty((2, n), np.int64)
    k = np.empty((2, n), np.int64)
    for c, (i, j) in enumerate(pairs):
        sl = slice(c * matches, (c + 1) * matches)
        for side, s in ((0, strats[i]), (1, strats[j])):
            code[side, sl], gamma[side, sl], L[side, sl], k[side, sl] = s.code, s.gamma, s.L, s.k
    rng = np.random.default_rng(seed)
    p = Play(tuple(s.name for s in strats),
             *_run((code, gamma, L, k), rounds, _stage(payoffs), e, epsilon, q, bool(public), None, rng))
    per_match = average(p) if delta is None else discounted(p, delta)
    means = per_match.reshape(2, len(pairs), matches).mean(axis=2)
    matrix = np.empty((m, m))
    for c, (i, j) in enumerate(pairs):
        matrix[i, j] = means[0, c]
        matrix[j, i] = means[1, c]
    return Tournament(tuple(s.name for s in strats), matrix, matrix.mean(axis=1))


# ---------------------------------------------------------------------------------------------
# Closed forms. All arithmetic is +, -, *, / and integer powers: Fractions stay exact.
# ---------------------------------------------------------------------------------------------

def grim_threshold(T, R, P):
    """Grim trigger is subgame perfect iff delta >= (T - R)/(T - P): one round of T followed by P for
    ever must not beat R for ever."""
    return (T - R) / (T - P)


def tft_threshold(T, R, P, S):
    """Tit-for-tat against itself is a Nash equilibrium iff delta >= both (T - R)/(T - P) (defect for
    ever) and (T - R)/(R - S) (defect once, then take the punishment and alternate back). The larger."""
    return max((T - R) / (T - P), (T - R) / (R - S))


def _power(delta, L):
    """delta**L, with L = None or infinity meaning a punishment that never ends (delta**L = 0)."""
    if L is None or (isinstance(L, float) and math.isinf(L)):
        return 0 * delta
    return delta ** L


def green_porter_value(R, P, delta, epsilon, L):
    """The value of the truce with false alarms (Green-Porter): V = [(1-d)R + d e (1-d^L) P] /
    [(1-d) + d e (1-d^L)], per round, normalised like a stage payoff. L = None means for ever."""
    x = delta * epsilon * (1 - _power(delta, L))
    return ((1 - delta) * R + x * P) / ((1 - delta) + x)


def green_porter_slack(T, R, P, delta, epsilon, q, L):
    """Right side minus left side of the incentive constraint
    (T - R)[(1 - d) + d e (1 - d^L)] <= d (q - e)(1 - d^L)(R - P): non-negative iff cheating does not pay."""
    rest = 1 - _power(delta, L)
    return delta * (q - epsilon) * rest * (R - P) - (T - R) * ((1 - delta) + delta * epsilon * rest)


def green_porter_ic(T, R, P, delta, epsilon, q, L):
    """The incentive constraint holds (floats: within the relative tolerance of tradewar.games).
    A bool; an array of bools, one per element, when delta, epsilon, q or L is a numpy array."""
    slack = green_porter_slack(T, R, P, delta, epsilon, q, L)
    if isinstance(slack, Fraction):
        return slack >= 0
    scale = max(1.0, abs(float(T - R)), abs(float(R - P)))
    holds = slack >= -_REL_TOL * scale
    return holds if isinstance(holds, np.ndarray) else bool(holds)


def green_porter_delta_star(T, R, P, epsilon, q):
    """The least patience for which an everlasting punishment (L = infinity) deters cheating:
    d* = (T - R)/[(T - R)(1 - e) + (q - e)(R - P)]. A value of 1 or more means no patience below 1
    is enough (so whenever q <= e: a breach is no likelier to be noticed than loyalty); None when the
    denominator is not positive, where no discount factor works at all."""
    den = (T - R) * (1 - epsilon) + (q - epsilon) * (R - P)
    if den <= 0:
        return None
    return (T - R) / den


def green_porter_least_delta(T, R, P, epsilon, q, L, hi, rounds: int = 3, n: int = 1001):
    """The least patience at which the incentive constraint holds with punishments of L rounds, as a
    float; 0.0 if any patience will do, None if even delta = hi is not enough.

    The constraint holds on an interval [delta_L, 1), and its slack is a polynomial in delta, so the
    root is found numerically: a grid of n points brackets its start and each round refines the
    bracket n - 1 times (three rounds: about 1e-9), all points of a round in one numpy call of
    green_porter_ic."""
    T, R, P, epsilon, q = (float(x) for x in (T, R, P, epsilon, q))

    def holds(d):
        return green_porter_ic(T, R, P, d, epsilon, q, L)

    if not holds(float(hi)):
        return None
    if holds(0.0):
        return 0.0
    lo, up = 0.0, float(hi)
    for _ in range(rounds):
        grid = np.linspace(lo, up, n)
        k = int(np.argmax(holds(grid)))  # the first point where it holds (the last one always does)
        lo, up = float(grid[k - 1]), float(grid[k])
    return up


def green_porter_margin(T, R, P, epsilon, q):
    """A = (q - e)(R - P) - e(T - R): what a breach adds to the expected harm of punishment, less what
    false alarms take from the truce. A > 0 iff delta* < 1 (some patience below 1 is enough); with
    A <= 0 no patience is (too noisy). Numbers or numpy arrays."""
    return (q - epsilon) * (R - P) - epsilon * (T - R)


def _finite_z(T, R, P, delta, epsilon, q):
    """(K, z) with K = d A and z = 1 - (T - R)(1 - d)/K: a punishment of L rounds deters iff
    d^L <= z, so some finite L does iff K > 0, d > 0 and z > 0. One expression for numbers and arrays,
    so that solve() and a regime map decide the same way to the bit."""
    K = delta * green_porter_margin(T, R, P, epsilon, q)
    if isinstance(K, np.ndarray):
        with np.errstate(divide="ignore", invalid="ignore"):
            z = np.where(K > 0, 1 - (T - R) * (1 - delta) / np.where(K > 0, K, 1.0), -1.0)
        return K, z
    return K, (1 - (T - R) * (1 - delta) / K if K > 0 else -1)


def green_porter_deterrable(T, R, P, delta, epsilon, q):
    """Some finite punishment length satisfies the incentive constraint at this patience (strictly: at
    delta = delta* exactly only a punishment that never ends does). A bool, or an array of bools."""
    K, z = _finite_z(T, R, P, delta, epsilon, q)
    ok = (K > 0) & (delta > 0) & (z > 0)
    return ok if isinstance(ok, np.ndarray) else bool(ok)


def shortest_punishment(T, R, P, delta, epsilon, q):
    """The fewest rounds of punishment L that satisfy the incentive constraint, or None if no finite L
    does. The constraint reads (T - R)(1 - d) <= (1 - d^L) K with K = d[(q - e)(R - P) - e(T - R)]."""
    if not green_porter_deterrable(T, R, P, delta, epsilon, q):
        return None
    K, z = _finite_z(T, R, P, delta, epsilon, q)  # need delta^L <= z
    if z >= 1 or delta >= 1:
        return 1
    L = max(1, math.ceil(math.log(float(z)) / math.log(float(delta))))
    # The logarithm is a float estimate: settle the last step with the constraint itself.
    while L > 1 and green_porter_ic(T, R, P, delta, epsilon, q, L - 1):
        L -= 1
    while not green_porter_ic(T, R, P, delta, epsilon, q, L):
        L += 1
    return L


def war_share(epsilon, L):
    """Long-run share of rounds spent punishing: a truce lasts 1/e rounds on average before a false
    alarm, then L rounds of war, so the share is e L/(1 + e L)."""
    return epsilon * L / (1 + epsilon * L)


@dataclass(frozen=True)
class Unravelling:
    """Backward induction in a game repeated a known number of rounds.

    steps[t] = (round number, continuation value per player, action pair) from the last round back to
    the first; path: the action pairs from the first round on; total: each player's payoff sum."""

    steps: tuple
    path: tuple
    total: object

    def explain(self) -> list[str]:
        n = len(self.path)
        out = [f"Round {n} is the last: nothing follows it, so it is a one-shot game whose only"
               f" equilibrium is ({', '.join(self.path[-1])})."]
        if n > 1:
            out.append(f"In round {n - 1} what happens next no longer depends on today's move (round {n}"
                       f" is settled), so round {n - 1} is a one-shot game too; and so on back to round 1.")
        out.append(f"Every round is played as ({', '.join(self.path[0])}): the cooperation unravels from"
                   " the end.")
        return out


def unravel(T, R, P, S, rounds: int) -> Unravelling:
    """Backward induction with a known last round. In every round the continuation value is the same
    whatever is played today, so each round's play is the stage game's equilibrium; with T > R and
    P > S (a prisoner's dilemma) that is (D, D) every round. Needs a unique pure stage equilibrium."""
    rounds = _check_count("rounds", rounds)
    pay = {("C", "C"): (R, R), ("C", "D"): (S, T), ("D", "C"): (T, S), ("D", "D"): (P, P)}
    eqs = [(a, b) for (a, b) in pay
           if all(pay[(a, b)][0] >= pay[(x, b)][0] for x in "CD")
           and all(pay[(a, b)][1] >= pay[(a, y)][1] for y in "CD")]
    if len(eqs) != 1:
        raise ValueError(f"unravel needs a stage game with exactly one pure equilibrium; (T, R, P, S) ="
                         f" {(T, R, P, S)!r} has {len(eqs)}.")
    (eq,) = eqs
    cont = (0 * R, 0 * R)
    steps = []
    for t in range(rounds, 0, -1):
        # The continuation adds the same amount to every cell, so it cannot change the equilibrium.
        steps.append((t, cont, eq))
        cont = (cont[0] + pay[eq][0], cont[1] + pay[eq][1])
    return Unravelling(tuple(steps), tuple(eq for _ in range(rounds)), cont)
