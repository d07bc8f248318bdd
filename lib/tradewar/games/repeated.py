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
what the player has seen. memory_one(...) makes a rule from five cooperation probabilities (first
move, then after CC, CD, DC, DD: own move first, then what the player saw the other do), and a
Strategy may also carry a Python rule on the two histories (a class tournament's entries,
tradewar.games.class_tournament). Many matches are played at once with numpy: every state array has shape
(2, n) (player, match), and one vectorised step is taken per round; there is no loop over matches.
All strategies run through the same step (each match slot carries its strategy's code and
parameters), so a whole round-robin tournament is a single batch. A named rule's step is
next_move(code, memory, gamma, k, draw) with a Memory of what it has seen: the engine calls it on
(2, n) arrays, a match against a person (tradewar.ui.play) on one player's bools.

Closed forms (exact Fractions in, exact Fractions out): grim_threshold, tft_threshold,
green_porter_value, green_porter_slack / green_porter_ic, green_porter_delta_star,
green_porter_margin, green_porter_deterrable, shortest_punishment, war_share, and unravel (backward
induction with a known last round). The closed forms assume one signal both players see (Green and
Porter's setting, public=True). green_porter_slack, green_porter_ic, green_porter_margin and
green_porter_deterrable also take numpy arrays of delta, epsilon, q and L (for regime maps);
green_porter_least_delta finds, in floats, the least patience that keeps a truce with punishments of
L rounds.

An evolving tournament (evolve): Axelrod's ecological simulation, which is the discrete replicator
dynamics with payoffs read as offspring. A rule's share in the next generation is its share times its
mean payoff against the current population, divided by the population's mean payoff. Exact
Fractions in, exact Fractions out.

References: Gibbons, *Game Theory for Applied Economists*, section 2.3; Osborne, *An Introduction to
Game Theory*, ch. 14-15; Axelrod, *The Evolution of Cooperation* (1984, the ecological analysis
of his second tournament); Green & Porter (1984), "Noncooperative collusion under imperfect price information";
Nowak & Sigmund (1992, 1993) on generous tit-for-tat, win-stay, lose-shift and memory-one rules;
Taylor & Jonker (1978) and Hofbauer & Sigmund, *Evolutionary Games and Population Dynamics* (1998),
on replicator dynamics.
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
    "memory_one", "MEMORY_ONE_KEYS", "Evolution", "evolve", "EXTINCT", "Memory", "next_move",
]

# Rule codes used inside the vectorised step.
_ALLC, _ALLD, _GRIM, _TFT, _GTFT, _WSLS, _LIMITED, _BACKDOWN, _MEMORY1, _CUSTOM = range(10)

# The five probabilities of a memory-one rule, in order: the first move, then after each outcome of
# the last round written (own move, what the player saw the other do).
MEMORY_ONE_KEYS = ("first", "CC", "CD", "DC", "DD")


@dataclass(frozen=True)
class Strategy:
    """A named rule on the history. gamma (γ): forgiveness probability (generous tit-for-tat); L: rounds of
    punishment (limited punishment); k: retaliations before backing down ("threaten, then back down").
    probs: a memory-one rule's five cooperation probabilities (MEMORY_ONE_KEYS order). rule: a Python
    rule rule(mine, seen) -> True to defect, on two strings of "C" and "D" (own moves, the other's
    moves as seen), called once per round and match (slow: for a class tournament's entries)."""

    name: str
    description: str
    code: int
    gamma: float = 0.0
    L: int = 0
    k: int = 0
    probs: tuple = ()
    rule: object = None

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


def memory_one(name: str, first, CC, CD, DC, DD, description: str = "") -> Strategy:
    """A memory-one rule: the probability of cooperating in round 1 (first), then after each outcome of
    the last round, own move first and the other's move as seen second: CC (both kept the truce), CD
    (I kept it, the other broke it), DC, DD. Tit-for-tat is (1, 1, 0, 1, 0); win-stay, lose-shift
    (1, 1, 0, 0, 1). A ValueError names any probability outside [0, 1]."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"name = {name!r}: a memory-one rule needs a name (a non-empty string).")
    probs = tuple(_check_prob(key, x) for key, x in zip(MEMORY_ONE_KEYS, (first, CC, CD, DC, DD)))
    if not description:
        description = ("Memory-one: cooperates first with probability " + _short(first) + "; after CC, CD, DC,"
                       " DD (own move, then the other's as seen) with probability "
                       + ", ".join(_short(x) for x in (CC, CD, DC, DD)) + ".")
    return Strategy(name.strip(), description, _MEMORY1, probs=probs)


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
    if isinstance(x, bool) or not isinstance(x, Real) or not (0 <= x <= 1):  # NaN fails too
        shown = f"{x.numerator}/{x.denominator}" if isinstance(x, Fraction) else repr(x)
        raise ValueError(f"{name} = {shown} must be a probability from 0 to 1.")
    return float(x)


def _check_count(name, x, lo=1):
    if isinstance(x, bool) or not isinstance(x, Real) or x != int(x) or x < lo:
        raise ValueError(f"{name} = {x!r} must be a whole number of at least {lo}.")
    return int(x)


def _stage(payoffs):
    if len(payoffs) != 4:
        raise ValueError(f"payoffs = {payoffs!r} must be (T, R, P, S).")
    return tuple(float(x) for x in payoffs)


# The named rules next_move knows (memory-one and Python rules are the engine's own terms).
_NAMED = (_ALLC, _ALLD, _GRIM, _TFT, _GTFT, _WSLS, _LIMITED, _BACKDOWN)


@dataclass
class Memory:
    """What a named rule remembers of the history: one player's (bools and ints) or, in the engine,
    every (player, match) slot's (numpy arrays of one shape)."""

    trig: object = False       # grim trigger has seen a defection
    last_seen: object = False  # what the player saw the other do last round (True: a defection)
    my_last: object = False    # the player's own last actual move
    left: object = 0           # rounds of punishment still to come (limited punishment)
    used: object = 0           # retaliations made so far (threaten, then back down)

    @classmethod
    def blank(cls, shape):
        """A fresh Memory for an array of slots of this shape."""
        return cls(*(np.zeros(shape, bool) for _ in range(3)), np.zeros(shape, np.int64), np.zeros(shape, np.int64))

    def observe(self, intended, actual, seen, code, L):
        """Update after a round: the rule's intended and actual move, what it saw the other do (True: a
        defection); code, L: the rule's code and punishment length (as next_move takes them)."""
        self.trig = self.trig | seen
        self.used = self.used + ((code == _BACKDOWN) & intended)  # threaten, then back down counts its retaliations
        # Limited punishment ignores what it sees while punishing; a fresh defection seen in a
        # cooperative round starts L rounds of punishment.
        self.left = (self.left - 1) * (self.left > 0) + L * (seen & (self.left <= 0))
        self.last_seen = seen.copy() if isinstance(seen, np.ndarray) else seen
        self.my_last = actual


def next_move(code: int, memory: Memory, gamma, k, draw):
    """A named rule's next move (True: defect) given what it remembers of the history. code: a Strategy's
    code; gamma, k: its parameters; draw(): the random number(s) generous tit-for-tat compares with gamma."""
    m = memory
    if code == _ALLC:
        return False
    if code == _ALLD:
        return True
    if code == _GRIM:
        return m.trig
    if code == _TFT:
        return m.last_seen
    if code == _GTFT:
        if np.ndim(m.last_seen) == 0:  # one player draws only when there is something to forgive
            return bool(m.last_seen) and draw() >= gamma
        return m.last_seen & (draw() >= gamma)
    if code == _WSLS:
        return m.my_last != m.last_seen
    if code == _LIMITED:
        return m.left > 0
    if code == _BACKDOWN:
        return m.last_seen & (m.used < k)
    raise ValueError(f"code = {code!r} is not a named rule's (memory-one and Python rules have their own terms).")


def _run(slots, rounds, payoffs, e, epsilon, q, public, continuation, rng) -> tuple:
    """The vectorised engine. slots: (code, gamma, L, k, probs, rules): arrays of shape (2, n), probs
    (5, 2, n) and rules a dict {(side, match): Python rule} for the slots with code _CUSTOM."""
    code, gamma, L, k, probs, rules_at = slots
    n = code.shape[1]
    T, R, P, S = payoffs
    mem = Memory.blank((2, n))  # what each (player, match) slot remembers
    actions = np.empty((2, rounds, n), bool)
    slips = np.zeros((2, rounds, n), bool)
    seen_all = np.empty((2, rounds, n), bool)
    # Only the rules present are evaluated, and only the random numbers needed are drawn.
    present = {int(c) for c in np.unique(code)}
    is_ = {c: code == c for c in present}
    noisy = epsilon > 0 or q < 1
    t = 0
    # A memory-one rule draws a random number only if some probability is strictly between 0 and 1,
    # so that a deterministic one plays exactly like its named twin, draw for draw.
    mixed = _MEMORY1 in present and bool(((probs > 0) & (probs < 1))[:, is_[_MEMORY1]].any())

    def memory_one_term():
        if t == 0:
            p_coop = probs[0]
        else:  # index 1 + 2 * (I defected) + (I saw the other defect): CC, CD, DC, DD
            p_coop = np.take_along_axis(probs, (1 + 2 * mem.my_last + mem.last_seen)[None].astype(np.int64), 0)[0]
        draw = rng.random((2, n)) if mixed else 0.5
        return is_[_MEMORY1] & (draw >= p_coop)

    custom = sorted(rules_at.items()) if _CUSTOM in present else []
    c_side = np.array([side for (side, _), _ in custom], np.int64)
    c_match = np.array([m for (_, m), _ in custom], np.int64)
    c_rules = [rule for _, rule in custom]
    mine_h = [""] * len(custom)  # each Python rule's own moves and what it saw, as text
    seen_h = [""] * len(custom)

    def custom_term():
        out = np.zeros((2, n), bool)
        out[c_side, c_match] = [rule(a, b) for rule, a, b in zip(c_rules, mine_h, seen_h)]
        return out

    def named_term(c):
        return lambda: is_[c] & next_move(c, mem, gamma, k, lambda: rng.random((2, n)))

    terms = {c: named_term(c) for c in _NAMED if c != _ALLC}  # cooperating adds no defection
    terms.update({_MEMORY1: memory_one_term, _CUSTOM: custom_term})
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
        mem.observe(intended, actual, seen, code, L)
        if custom:
            moves, signals = actual[c_side, c_match].tolist(), seen[c_side, c_match].tolist()
            for c, (d, sig) in enumerate(zip(moves, signals)):
                mine_h[c] += "D" if d else "C"
                seen_h[c] += "D" if sig else "C"
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


def _empty_slots(n):
    return (np.empty((2, n), np.int64), np.empty((2, n)), np.empty((2, n), np.int64), np.empty((2, n), np.int64),
            np.ones((5, 2, n)), {})


def _fill(slots, side, sl: slice, s: Strategy):
    """Give the matches in slice sl, on one side, the strategy s."""
    code, gamma, L, k, probs, rules_at = slots
    code[side, sl], gamma[side, sl], L[side, sl], k[side, sl] = s.code, s.gamma, s.L, s.k
    if s.code == _MEMORY1:
        probs[:, side, sl] = np.asarray(s.probs, float)[:, None]
    elif s.code == _CUSTOM:
        for m in range(*sl.indices(code.shape[1])):
            rules_at[(side, m)] = s.rule


def _slots(strats, n):
    slots = _empty_slots(n)
    for i, s in enumerate(strats):
        _fill(slots, i, slice(0, n), s)
    return slots


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

    def explain(self) -> list[str]:
        """The result in a sentence (what an explorer driven by a tournament announces)."""
        first, last = self.ranking[0], self.ranking[-1]
        score = dict(zip(self.names, self.score))
        return [f"Round robin of {len(self.names)} rules: {first} wins with {score[first]:.2f} per round;"
                f" {last} is last with {score[last]:.2f}."]


def tournament(strategies=None, rounds: int = 200, matches: int = 100, payoffs=(5, 3, 1, 0), *, e=0,
               epsilon=0, q=1, public: bool = False, delta=None, seed=None) -> Tournament:
    """Every strategy against every strategy (itself included), all pairs in one vectorised batch."""
    strats = [strategy(s) for s in (strategies if strategies is not None else STRATEGIES)]
    rounds, matches = _check_count("rounds", rounds), _check_count("matches", matches)
    e, epsilon, q = _check_prob("e", e), _check_prob("epsilon", epsilon), _check_prob("q", q)
    m = len(strats)
    names = tuple(s.name for s in strats)
    if len(set(names)) != m:
        dup = sorted({x for x in names if names.count(x) > 1})
        raise ValueError(f"two strategies share the name {dup[0]!r}: give every entry its own name.")
    pairs = [(i, j) for i in range(m) for j in range(i, m)]
    n = len(pairs) * matches
    slots = _empty_slots(n)
    for c, (i, j) in enumerate(pairs):
        sl = slice(c * matches, (c + 1) * matches)
        _fill(slots, 0, sl, strats[i])
        _fill(slots, 1, sl, strats[j])
    rng = np.random.default_rng(seed)
    p = Play(names, *_run(slots, rounds, _stage(payoffs), e, epsilon, q, bool(public), None, rng))
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
    """The value of the truce with false alarms (Green-Porter): V = [(1-d)R + d ε (1-d^L) P] /
    [(1-d) + d ε (1-d^L)], per round, normalised like a stage payoff (d: the discount factor δ = delta;
    ε = epsilon, the false-alarm rate, as in the docstrings below). L = None means for ever."""
    x = delta * epsilon * (1 - _power(delta, L))
    return ((1 - delta) * R + x * P) / ((1 - delta) + x)


def green_porter_slack(T, R, P, delta, epsilon, q, L):
    """Right side minus left side of the incentive constraint
    (T - R)[(1 - d) + d ε (1 - d^L)] <= d (q - ε)(1 - d^L)(R - P): non-negative iff cheating does not pay."""
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
    d* = (T - R)/[(T - R)(1 - ε) + (q - ε)(R - P)]. A value of 1 or more means no patience below 1
    is enough (so whenever q <= ε: a breach is no likelier to be noticed than loyalty); None when the
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
    """A = (q - ε)(R - P) - ε(T - R): what a breach adds to the expected harm of punishment, less what
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
    does. The constraint reads (T - R)(1 - d) <= (1 - d^L) K with K = d[(q - ε)(R - P) - ε(T - R)]."""
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
    """Long-run share of rounds spent punishing: a truce lasts 1/ε rounds on average before a false
    alarm, then L rounds of war, so the share is ε L/(1 + ε L)."""
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


# ---------------------------------------------------------------------------------------------
# An evolving tournament: Axelrod's ecological simulation (the discrete replicator dynamics)
# ---------------------------------------------------------------------------------------------

EXTINCT = Fraction(1, 1000)  # a share below this has died out (the dynamics never reaches exactly 0)


@dataclass(frozen=True, eq=False)
class Evolution:
    """Shares of each rule over generations. shares[g][i]: the share of names[i] in generation g
    (generation 0 is the start). A numpy array for float payoffs; a tuple of tuples of Fractions when
    the payoff matrix and the starting shares were exact."""

    names: tuple
    shares: object
    matrix: object

    @property
    def generations(self) -> int:
        return len(self.shares) - 1

    @property
    def final(self) -> dict:
        return dict(zip(self.names, self.shares[-1]))

    def share(self, name) -> list:
        """One rule's share in every generation (a numpy column for float shares)."""
        i = self.names.index(name)
        if isinstance(self.shares, np.ndarray):
            return self.shares[:, i]
        return [row[i] for row in self.shares]

    def peak(self, name) -> tuple:
        """(highest share, the first generation with it) of one rule."""
        xs = self.share(name)
        if isinstance(xs, np.ndarray):
            g = int(np.argmax(xs))
            return float(xs[g]), g
        top = max(xs)
        return top, xs.index(top)

    @property
    def survivors(self) -> tuple:
        """Rules at or above EXTINCT in the last generation, largest share first."""
        last = self.final
        return tuple(sorted((n for n in self.names if last[n] >= EXTINCT), key=lambda n: -last[n]))

    @property
    def extinct(self) -> tuple:
        """Rules below EXTINCT in the last generation (they never reach exactly 0), in the given order."""
        return tuple(n for n in self.names if n not in self.survivors)

    def died_out_by(self, name):
        """The first generation from which a rule stays below EXTINCT to the end, or None."""
        xs = self.share(name)
        if xs[-1] >= EXTINCT:
            return None
        if isinstance(xs, np.ndarray):
            above = np.flatnonzero(xs >= float(EXTINCT))
            return int(above[-1]) + 1 if above.size else 0
        g = len(xs) - 1
        while g > 0 and xs[g - 1] < EXTINCT:
            g -= 1
        return g

    def explain(self) -> list[str]:
        start = self.shares[0]
        equal = all(x == start[0] for x in start)
        out = [f"{len(self.names)} rules start " + ("with equal shares" if equal else "with the shares given")
               + f"; each generation a rule's share is multiplied by its mean payoff against the current"
               f" population and divided by the population's mean payoff ({self.generations} generations)."]
        last = self.final
        out.append("Generation " + str(self.generations) + ": " + "; ".join(
            f"{n} {float(last[n]):.1%}" for n in self.survivors) + ".")
        gone = [f"{n} (below 0.1% from generation {self.died_out_by(n)} to generation {self.generations})"
                for n in self.extinct]
        if gone:
            out.append("Died out: " + ", ".join(gone) + ".")
        return out


def _exact_number(x) -> bool:
    return isinstance(x, (int, Fraction)) and not isinstance(x, bool)


def evolve(matrix, generations: int = 200, shares=None, names=None) -> Evolution:
    """Shares of the rules over generations under Axelrod's ecological dynamics (the discrete
    replicator dynamics): x_i' = x_i (A x)_i / (x . A x), with A the tournament's payoff matrix
    (A[i][j]: rule i's payoff per round against rule j) read as offspring.

    matrix: a Tournament (its names and matrix) or a square matrix; shares: the first generation
    (default: equal); names: the rules' names for a bare matrix. Every payoff must be at least 0 (a
    number of offspring). With an exact matrix and exact shares (ints, Fractions) every share stays
    an exact Fraction; the digits roughly double each generation, so keep exact runs to a few."""
    if isinstance(matrix, Tournament):
        names = matrix.names if names is None else names
        matrix = matrix.matrix
    rows = [list(r) for r in matrix]
    m = len(rows)
    if m == 0 or any(len(r) != m for r in rows):
        raise ValueError(f"matrix has rows of lengths {[len(r) for r in rows]}: it must be square, one row and"
                         " one column per rule.")
    names = tuple(names) if names is not None else tuple(f"rule {i + 1}" for i in range(m))
    if len(names) != m:
        raise ValueError(f"names has {len(names)} entries for a {m} x {m} matrix.")
    generations = _check_count("generations", generations, lo=0)
    for i, r in enumerate(rows):
        for j, a in enumerate(r):
            if isinstance(a, bool) or not isinstance(a, Real) or not a >= 0 or (isinstance(a, float) and math.isinf(a)):
                shown = f"{float(a):g}" if isinstance(a, Real) and not isinstance(a, bool) else repr(a)
                raise ValueError(f"matrix[{i}][{j}] = {shown} ({names[i]} against {names[j]}): the ecological dynamics"
                                 " reads a payoff as a number of offspring, so every payoff must be a finite number"
                                 " of at least 0.")
    exact = all(_exact_number(a) for r in rows for a in r)
    if shares is None:
        shares = [Fraction(1, m)] * m if exact else [1 / m] * m
    shares = list(shares)
    if len(shares) != m:
        raise ValueError(f"shares has {len(shares)} entries for {m} rules.")
    for i, x in enumerate(shares):
        if isinstance(x, bool) or not isinstance(x, Real) or not x >= 0:
            raise ValueError(f"shares[{i}] = {x!r} ({names[i]}): a share must be a number of at least 0.")
    exact = exact and all(_exact_number(x) for x in shares)
    total = sum(shares)
    if (total != 1) if exact else abs(float(total) - 1) > 1e-9:
        raise ValueError(f"shares add up to {total!r}: they must add up to 1.")

    def stuck(g):
        return ValueError(f"in generation {g} the population's mean payoff is 0: nothing is left to reproduce.")

    if exact:
        x = [Fraction(v) for v in shares]
        A = [[Fraction(a) for a in r] for r in rows]
        history = [tuple(x)]
        for g in range(generations):
            fit = [sum(a * xj for a, xj in zip(r, x)) for r in A]
            mean = sum(xi * fi for xi, fi in zip(x, fit))
            if mean == 0:
                raise stuck(g)
            x = [xi * fi / mean for xi, fi in zip(x, fit)]
            history.append(tuple(x))
        return Evolution(names, tuple(history), tuple(tuple(r) for r in A))
    A = np.array(rows, float)
    out = np.empty((generations + 1, m))
    out[0] = np.asarray(shares, float) / float(total)
    for g in range(generations):
        x = out[g]
        fit = A @ x
        mean = float(x @ fit)
        if not mean > 0:
            raise stuck(g)
        nxt = x * fit / mean
        out[g + 1] = nxt / nxt.sum()  # keeps the rounding error of the sum from drifting
    return Evolution(names, out, A)
