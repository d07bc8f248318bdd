"""Reputation: Bayesian updating about a player's type, and the chain-store game.

PUBLIC CONTRACT (other modules rely on these names; internals are free):

    update(prior, p_if_a, p_if_b) -> posterior probability of type A after one observation
    belief_path(prior, likelihoods) -> (prior, p1, ..., pn) for (p_if_a, p_if_b) pairs
    posterior_odds(prior, k, j, beta_a, beta_b) -> odds of A after k back-downs and j stands
    posterior(prior, k, j, beta_a, beta_b) -> the same as a probability (never infinite); prior,
        beta_a, beta_b may be numpy arrays (elementwise, as the scalar call gives to the last bit)
    odds_to_prob(odds) -> odds / (1 + odds), with odds_to_prob(math.inf) == 1.0

    n_star(b, delta) -> ceil(ln delta / ln b) - 1 settled by exact powers (math.inf if delta = 0)
    chain_store(N, b, a, delta) -> ChainStore: the Kreps-Wilson sequential equilibrium (thresholds,
        entry and fight probabilities per challenge, beliefs, expected entries and fights)
    simulate(N, b, a, delta, tough=False, paths=200, seed=0, back_down_at=None) -> Plays:
        seeded play paths, many at once (numpy)

Numbers: if every input is an int or a Fraction the result is an exact Fraction; one float
makes the computation float. A probability outside [0, 1] is a ValueError naming the argument,
its value and the range; so is an observation that neither type with prior weight could make
(the posterior would be 0/0).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from numbers import Integral, Real

import numpy as np

from tradewar.games import REL_TOL

__all__ = ["update", "belief_path", "posterior_odds", "posterior", "odds_to_prob",
           "n_star", "chain_store", "ChainStore", "simulate", "Plays"]


# ---------------------------------------------------------------- number handling


def _num(x, name):
    """Check one real number; return it as it came (the caller decides exact or float)."""
    if isinstance(x, bool) or not isinstance(x, Real):
        raise ValueError(f"{name} = {x!r} is not a number: {name} must be a real number")
    if isinstance(x, Integral):
        return int(x)
    if isinstance(x, Fraction):
        return x
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"{name} = {x!r} is not a finite number")
    return x


def _prob(x, name):
    x = _num(x, name)
    if not 0 <= x <= 1:
        raise ValueError(f"{name} = {x!r} is out of range: {name} must be a probability in [0, 1]")
    return x


def _count(x, name):
    if isinstance(x, bool) or not isinstance(x, Integral) or x < 0:
        raise ValueError(f"{name} = {x!r} is not valid: {name} must be a whole number >= 0")
    return int(x)


def _same_kind(*xs):
    """All Fractions if every value is exact, else all floats (no slow mixed arithmetic)."""
    if all(isinstance(x, (int, Fraction)) for x in xs):
        return [Fraction(x) for x in xs]
    return [float(x) for x in xs]


# ---------------------------------------------------------------- Bayes' rule
#
# Exact inputs are computed with Fractions as written. Float inputs are computed with logarithms
# of the two types' weights, so that a long record of unlikely observations cannot underflow to
# 0.0 and turn into a spurious 0/0: prior 0.01 and two back-downs of probability 1e-227 leave a
# weight of 1e-456 on type A, which is still infinitely more than the zero weight on a type B that
# could not have stood firm. Whether a weight is zero is decided from the inputs (a zero prior, or a
# zero probability of something that happened; 0**0 = 1), never from a product that underflowed.


def _impossible(what, prior, pa, pb):
    return ValueError(
        f"{what} impossible under both types with prior weight: p_if_a = {pa!r}, p_if_b = {pb!r} with "
        f"prior = {prior!r} give 0/0; an observation needs prior * p_if_a + (1 - prior) * p_if_b > 0"
    )


def _log_weight(*pairs):
    """log of the product of f**e over (f, e) pairs; -inf when some f = 0 has e > 0 (0**0 = 1)."""
    total = 0.0
    for f, e in pairs:
        if e:
            if f == 0:
                return -math.inf
            total += e * math.log(f)
    return total


def _prob_from_logs(la, lb):
    """exp(la) / (exp(la) + exp(lb)) without overflow or underflow; not both -inf."""
    d = lb - la
    if d >= 0:
        e = math.exp(-d)
        return e / (1 + e)
    return 1 / (1 + math.exp(d))


def update(prior, p_if_a, p_if_b):
    """Posterior probability of type A after one observation.

    The observation has probability p_if_a if the player is type A and p_if_b if type B;
    Bayes' rule gives prior * p_if_a / (prior * p_if_a + (1 - prior) * p_if_b).
    """
    return belief_path(prior, [(p_if_a, p_if_b)], _label=False)[-1]


def belief_path(prior, likelihoods, *, _label=True):
    """Beliefs along a sequence of observations: a tuple starting with the prior, one entry
    per (p_if_a, p_if_b) pair after it."""
    prior = _prob(prior, "prior")
    pairs = []
    for i, pair in enumerate(likelihoods):
        try:
            pa, pb = pair
        except (TypeError, ValueError):
            raise ValueError(f"likelihoods[{i}] = {pair!r} is not a (p_if_a, p_if_b) pair") from None
        where = f"likelihoods[{i}]: " if _label else ""
        try:
            pairs.append((_prob(pa, "p_if_a"), _prob(pb, "p_if_b")))
        except ValueError as e:
            raise ValueError(f"{where}{e}") from None
    values = _same_kind(prior, *(x for pair in pairs for x in pair))
    prior, flat = values[0], values[1:]
    pairs = list(zip(flat[::2], flat[1::2]))
    out = [prior]
    if isinstance(prior, Fraction):
        for i, (pa, pb) in enumerate(pairs):
            p = out[-1]
            wa, wb = p * pa, (1 - p) * pb
            if wa + wb == 0:
                where = f"likelihoods[{i}]: " if _label else ""
                raise _impossible(f"{where}the observation is", p, pa, pb)
            out.append(wa / (wa + wb))
        return tuple(out)
    la, lb = _log_weight((prior, 1)), _log_weight((1 - prior, 1))
    for i, (pa, pb) in enumerate(pairs):
        la, lb = la + _log_weight((pa, 1)), lb + _log_weight((pb, 1))
        if la == lb == -math.inf:
            where = f"likelihoods[{i}]: " if _label else ""
            raise _impossible(f"{where}the observation is", out[-1], pa, pb)
        p = out[-1]
        out.append(_float_posterior(p * pa, (1 - p) * pb, la, lb))
    return tuple(out)


# Below this a float weight may have lost precision (subnormal) or underflowed to 0.
_TINY = 1e-290


def _float_posterior(wa, wb, la, lb):
    """wa / (wa + wb) as floats when both weights are healthy (the plain formula, bit for bit what
    a hand computation gives), else from the log weights la, lb (which know a true zero, -inf)."""
    if la == -math.inf:
        return 0.0
    if lb == -math.inf:
        return 1.0
    if wa > _TINY and wb > _TINY:
        return wa / (wa + wb)
    return _prob_from_logs(la, lb)


def _record(prior, k, j, beta_a, beta_b):
    """The two types' weights prior * L_a and (1 - prior) * L_b, with L = beta**k * (1 - beta)**j,
    their logarithms for floats (None for exact inputs), and which weights are truly zero."""
    k, j = _count(k, "k"), _count(j, "j")
    prior, ba, bb = _same_kind(_prob(prior, "prior"), _prob(beta_a, "beta_a"), _prob(beta_b, "beta_b"))
    wa, wb = prior * ba**k * (1 - ba) ** j, (1 - prior) * bb**k * (1 - bb) ** j
    if isinstance(prior, Fraction):
        la = lb = None
        zero_a, zero_b = wa == 0, wb == 0
    else:
        la = _log_weight((prior, 1), (ba, k), (1 - ba, j))
        lb = _log_weight((1 - prior, 1), (bb, k), (1 - bb, j))
        zero_a, zero_b = la == -math.inf, lb == -math.inf
    if zero_a and zero_b:
        raise ValueError(
            f"k = {k} back-downs and j = {j} stands are impossible under both types with prior weight "
            f"(prior = {prior!r}, beta_a = {beta_a!r}, beta_b = {beta_b!r}): the posterior would be 0/0"
        )
    return wa, wb, la, lb, zero_a, zero_b


def posterior_odds(prior, k, j, beta_a, beta_b):
    """Odds of type A after k back-downs and j stands (in any order), when type A backs down
    with probability beta_a and type B with beta_b each time:

        prior / (1 - prior) * (beta_a / beta_b)**k * ((1 - beta_a) / (1 - beta_b))**j

    computed as prior * L_a / ((1 - prior) * L_b), with L = beta**k * (1 - beta)**j, so that the
    edge cases follow from the likelihoods rather than from dividing by zero:
    0**0 = 1 (a back-down probability of 0 says nothing when no back-down was seen);
    odds 0 when type A is ruled out (prior 0, or A could not have produced the record);
    math.inf when type B is ruled out (prior 1, or B could not have produced the record);
    ValueError when neither type with prior weight could have produced it (0/0).
    Float odds too large for a float are math.inf (use posterior() for the probability).
    """
    wa, wb, la, lb, zero_a, zero_b = _record(prior, k, j, beta_a, beta_b)
    if zero_b:
        return math.inf
    if la is None:
        return wa / wb
    if zero_a:
        return 0.0
    if wa > _TINY and wb > _TINY:
        return wa / wb  # floats with full precision: the plain formula
    d = la - lb
    return math.exp(d) if d < 709 else math.inf


def posterior(prior, k, j, beta_a, beta_b):
    """Probability of type A after k back-downs and j stands: posterior_odds as a probability,
    exact when the inputs are (prior 1 gives 1, not infinite odds).

    prior, beta_a and beta_b may also be numpy arrays (broadcast together; k and j stay counts):
    the result is then a float array whose every element is what the scalar call gives, up to the
    last bit (numpy squares by multiplying, Python by pow(), and the two may round differently)."""
    if any(isinstance(x, np.ndarray) for x in (prior, beta_a, beta_b)):
        return _posterior_array(prior, k, j, beta_a, beta_b)
    wa, wb, la, lb, _, _ = _record(prior, k, j, beta_a, beta_b)
    if la is None:
        return wa / (wa + wb)
    return _float_posterior(wa, wb, la, lb)


def _posterior_array(prior, k, j, beta_a, beta_b):
    """posterior() element by element, at numpy speed: the plain formula where both weights are
    healthy, 0 or 1 where the inputs rule a type out, and the scalar path (log weights, or the
    ValueError for a record neither type could make) for the few elements left."""
    k, j = _count(k, "k"), _count(j, "j")
    arrays = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (prior, beta_a, beta_b)))
    for name, x in zip(("prior", "beta_a", "beta_b"), arrays):
        if not (x.size == 0 or 0 <= x.min() and x.max() <= 1):  # nan fails both comparisons
            bad = ~((x >= 0) & (x <= 1))
            _prob(float(x[bad][0]), name)
    shape = arrays[0].shape
    prior, ba, bb = (x.ravel() for x in arrays)

    def weight(p, beta):
        """p * beta**k * (1 - beta)**j (a factor with exponent 0 is 1: skipped, same bits), and
        where it is truly zero: where a factor with a positive exponent is (as in _log_weight)."""
        w, zero = p, p == 0
        if k:
            w, zero = w * beta**k, zero | (beta == 0)
        if j:
            w, zero = w * (1 - beta) ** j, zero | (beta == 1)
        return w, zero

    with np.errstate(all="ignore"):
        (wa, zero_a), (wb, zero_b) = weight(prior, ba), weight(1 - prior, bb)
        out = wa / (wa + wb)
    out[zero_b] = 1.0
    out[zero_a] = 0.0
    rest = ~((wa > _TINY) & (wb > _TINY)) & (zero_a == zero_b)
    for i in np.flatnonzero(rest):
        out[i] = posterior(float(prior[i]), k, j, float(ba[i]), float(bb[i]))
    return out.reshape(shape)


def odds_to_prob(odds):
    """odds / (1 + odds); odds must be >= 0, and math.inf gives 1.0."""
    if odds == math.inf:
        return 1.0
    odds = _num(odds, "odds")
    if odds < 0:
        raise ValueError(f"odds = {odds!r} is out of range: odds must be >= 0 (or math.inf)")
    odds = _same_kind(odds)[0]
    return odds / (1 + odds)


# ---------------------------------------------------------------- the chain-store game
#
# Selten (1978); Kreps & Wilson (1982); Milgrom & Roberts (1982); Fudenberg & Tirole, Game
# Theory, ch. 9. An incumbent meets N challengers in turn. A challenger gets 0 staying out, b if
# it enters and is accommodated, b - 1 if it is fought (0 < b < 1). A weak incumbent gets a > 1
# when the challenger stays out, 0 when it accommodates, -1 when it fights; a tough incumbent
# always fights. The challengers' prior that the incumbent is tough is delta.
#
# Stages are counted by n, the challenges left including the current one (n = N first, n = 1
# last); challenge number t = N - n + 1. In the sequential equilibrium, with belief p at stage n:
#   challenger enters iff p < b^n; at p = b^n it stays out with probability 1/a;
#   weak incumbent fights for sure if p >= b^(n-1), else with probability
#       beta_n = p (1 - b^(n-1)) / ((1 - p) b^(n-1));
#   belief after a fight max(p, b^(n-1)) (Bayes' rule), after an accommodation 0.
#
# Beliefs on and off the path are delta, 0, or an exact power b^k (after a fight at stage n the
# belief is b^(n-1) or stays delta). So a belief is stored as a code: DELTA, ZERO or k >= 0 for
# b^k, and every comparison with a threshold b^n is exact: b^k vs b^n is decided by k vs n, and
# delta vs b^n once per stage. Float inputs compare delta with b^n within games.REL_TOL, so that
# b = 0.1, delta = 0.01 is the same tie as with exact 1/10 and 1/100.

DELTA, ZERO = -1, -2  # belief codes; k >= 0 means the belief is b**k


def _cmp(x, y):
    """-1, 0 or 1 as x <, =, > y; floats within REL_TOL (relative) count as equal."""
    if isinstance(x, float) or isinstance(y, float):
        if abs(x - y) <= REL_TOL * max(abs(x), abs(y)):
            return 0
    return (x > y) - (x < y)


def _chain_params(N, b, a, delta):
    if isinstance(N, bool) or not isinstance(N, Integral) or N < 1:
        raise ValueError(f"N = {N!r} is not valid: N must be a whole number >= 1")
    b, a, delta = _num(b, "b"), _num(a, "a"), _num(delta, "delta")
    if not 0 < b < 1:
        raise ValueError(f"b = {b!r} is out of range: b must lie strictly between 0 and 1")
    if not a > 1:
        raise ValueError(f"a = {a!r} is out of range: a must be greater than 1")
    if not 0 <= delta <= 1:
        raise ValueError(f"delta = {delta!r} is out of range: delta must be a probability in [0, 1]")
    b, a, delta = _same_kind(b, a, delta)
    return int(N), b, a, delta


def n_star(b, delta):
    """The number of final stages in which a challenger facing the prior delta enters for sure:
    #{n >= 1 : b^n > delta} = ceil(ln delta / ln b) - 1; math.inf when delta = 0 (Selten).

    The float logarithm only gives a first guess; the answer is settled by comparing powers of b
    with delta (exactly for Fractions), so delta = b^m exactly gives m - 1, not m or m - 2."""
    _, b, _, delta = _chain_params(1, b, 2, delta)
    if delta == 0:
        return math.inf
    if delta == 1:
        return 0
    if isinstance(delta, Fraction):
        lnd = math.log(delta.numerator) - math.log(delta.denominator)
        lnb = math.log(b.numerator) - math.log(b.denominator)
    else:
        lnd, lnb = math.log(delta), math.log(b)
    n = max(0, math.ceil(lnd / lnb) - 1)
    while n > 0 and _cmp(b**n, delta) <= 0:
        n -= 1
    while _cmp(b ** (n + 1), delta) > 0:
        n += 1
    return n


class _Game:
    """What every strategy lookup needs: the powers b^0..b^N and, per stage n, the sign of
    delta - b^n (dc[n]), all decided once, exactly for exact inputs."""

    __slots__ = ("N", "a", "delta", "pw", "dc", "one", "zero", "n_star", "start")

    def __init__(self, N, b, a, delta):
        self.N, self.a, self.delta = N, a, delta
        pw = [b**0]
        for _ in range(N):
            pw.append(pw[-1] * b)
        self.pw, self.one, self.zero = pw, pw[0], 0 * pw[0]
        self.n_star = ns = n_star(b, delta)
        # b^n > delta exactly for n <= n*, and b^n <= delta beyond: one comparison settles the tie.
        self.dc = [-1 if n <= ns else 1 for n in range(N + 1)]
        if ns + 1 <= N:
            self.dc[ns + 1] = _cmp(delta, pw[ns + 1])
        self.dc[0] = _cmp(delta, pw[0])  # 0 only for a surely tough incumbent (delta = 1)
        # Belief 0 is absorbing (Bayes' rule keeps a zero prior at zero), so delta = 0 starts there:
        # in Selten's game an off-path fight cannot create a reputation.
        self.start = ZERO if delta == 0 else DELTA

    def entry(self, code, n):
        """Probability that the challenger at stage n enters, given the belief code."""
        if code == ZERO:
            return self.one
        c = self.dc[n] if code == DELTA else (n > code) - (n < code)  # sign(p - b^n)
        return self.zero if c > 0 else self.one - 1 / self.a if c == 0 else self.one

    def beta(self, code, n):
        """Probability that the weak incumbent fights an entrant at stage n, given the belief code."""
        if code == ZERO:
            return self.zero
        at_or_above = self.dc[n - 1] >= 0 if code == DELTA else code <= n - 1  # p >= b^(n-1)
        if at_or_above:
            return self.one
        p, t = self.value(code), self.pw[n - 1]
        return p * (1 - t) / ((1 - p) * t)

    def after_fight(self, code, n):
        """Belief code after a fight at stage n: max(p, b^(n-1)), but 0 stays 0 (a weak incumbent
    known to be weak cannot fight its way back: only the tough type fights at belief 0, and
    challengers put no weight on it)."""
        if code == DELTA:
            return DELTA if self.dc[n - 1] >= 0 else n - 1
        return min(code, n - 1)

    def value(self, code):
        return self.delta if code == DELTA else self.zero if code == ZERO else self.pw[code]

    def deterred_prefix(self):
        """Stages at the start (n = N, N-1, ...) in which the challenger stays out at the prior."""
        return sum(1 for n in range(self.N, 0, -1) if self.dc[n] > 0)


@dataclass(frozen=True)
class ChainStore:
    """The sequential equilibrium of the chain-store game with N challengers.

    Per-challenge tuples have N entries, challenge t = 1 (first, n = N left) to t = N (last).
    thresholds[t]: b^n, the belief below which challenger t enters.
    entry_prob, entry_prob_weak, entry_prob_tough: probability that challenger t enters (for a
        random incumbent drawn from the prior, for a weak one, for a tough one).
    fight_prob, fight_prob_weak: probability that challenger t enters and is fought.
    belief_fought: N + 1 beliefs, the first delta, each the belief after challenges 1..t if every
        entrant so far was fought (the path on which the weak incumbent keeps its reputation).
    beta_fought: the weak incumbent's fighting probability at challenge t on that path (1 where
        the belief is at or above b^(n-1); what it would do if challenger t entered).
    n_star: stages at the end where entry is sure at the prior (math.inf if delta = 0).
    deterred: challengers who stay out for sure (entry probability 0).
    expected_entries (prior mixture), expected_entries_weak, expected_entries_tough,
    expected_fights, expected_fights_weak: sums of the per-challenge probabilities.
    weak_payoff: the weak incumbent's expected total payoff in the equilibrium.
    """

    N: int
    b: object
    a: object
    delta: object
    n_star: object
    deterred: int
    thresholds: tuple
    entry_prob: tuple
    entry_prob_weak: tuple
    entry_prob_tough: tuple
    fight_prob: tuple
    fight_prob_weak: tuple
    belief_fought: tuple
    beta_fought: tuple
    expected_entries: object
    expected_entries_weak: object
    expected_entries_tough: object
    expected_fights: object
    expected_fights_weak: object
    weak_payoff: object


def _forward(g, tough):
    """Exact distribution of play for one incumbent type: per-stage entry and fight probabilities
    and the expected payoff of a weak incumbent. The belief distribution has a handful of codes."""
    one, zero = g.one, g.zero
    d = g.deterred_prefix()
    # Deterred for sure at the start: nothing moves, so skip the bookkeeping (most of a long game).
    entries, fights, payoff = [zero] * d, [zero] * d, g.a * d
    dist = {g.start: one}
    for n in range(g.N - d, 0, -1):
        new, e_t, f_t = {}, zero, zero
        for code, m in dist.items():
            e = g.entry(code, n)
            beta = one if tough else g.beta(code, n)
            out, fight, acc = m * (1 - e), m * e * beta, m * e * (1 - beta)
            e_t += m * e
            f_t += fight
            payoff += out * g.a - fight
            for c, w in ((code, out), (g.after_fight(code, n), fight), (ZERO, acc)):
                if w:
                    new[c] = new.get(c, zero) + w
        dist = new
        # Float sums of masses that add up to 1 can land a hair above it; a probability may not.
        entries.append(e_t if e_t <= one else one)
        fights.append(f_t if f_t <= one else one)
    return entries, fights, payoff


def _mix(delta, tough, weak, zero):
    # A mixture lies between its parts; in floats it can round a hair past the larger one.
    return tuple(zero if not (t or w) else min(delta * t + (1 - delta) * w, max(t, w))
                 for t, w in zip(tough, weak))


def _total(xs, zero):
    return sum((x for x in xs if x), zero)


def chain_store(N, b, a, delta) -> ChainStore:
    """Solve the chain-store game (see the comment above for the equilibrium)."""
    g = _Game(*_chain_params(N, b, a, delta))
    N, zero = g.N, g.zero
    ew, fw, pay = _forward(g, tough=False)
    et, ft, _ = _forward(g, tough=True)
    entry, fight = _mix(g.delta, et, ew, zero), _mix(g.delta, ft, fw, zero)

    code, beliefs, betas = g.start, [g.delta], []
    for n in range(N, 0, -1):
        betas.append(g.beta(code, n))
        if g.entry(code, n):
            code = g.after_fight(code, n)
        beliefs.append(g.value(code))

    return ChainStore(
        N=N, b=g.pw[1], a=g.a, delta=g.delta,
        n_star=g.n_star,
        deterred=sum(1 for e in entry if not e),
        thresholds=tuple(g.pw[n] for n in range(N, 0, -1)),
        entry_prob=entry, entry_prob_weak=tuple(ew), entry_prob_tough=tuple(et),
        fight_prob=fight, fight_prob_weak=tuple(fw),
        belief_fought=tuple(beliefs), beta_fought=tuple(betas),
        expected_entries=_total(entry, zero), expected_entries_weak=_total(ew, zero),
        expected_entries_tough=_total(et, zero), expected_fights=_total(fight, zero),
        expected_fights_weak=_total(fw, zero), weak_payoff=pay,
    )


@dataclass(frozen=True, eq=False)
class Plays:
    """Simulated plays of the chain-store equilibrium: arrays shaped (paths, N), challenge t = 1 first.

    entered, fought: booleans per challenge (accommodated = entered & ~fought).
    beliefs: (paths, N + 1) floats, the belief before challenge 1 (delta) and after each challenge.
    """

    tough: bool
    seed: int
    back_down_at: object
    entered: np.ndarray
    fought: np.ndarray
    beliefs: np.ndarray

    @property
    def accommodated(self) -> np.ndarray:
        return self.entered & ~self.fought


def _stage_tables(g):
    """Per stage n (row n) and belief code (column code + 2): entry probability, the weak
    incumbent's fight probability and the code after a fight, as float arrays. Every tie is
    decided exactly (powers by their exponents, delta once per stage in the input's numbers)."""
    N = g.N
    k = np.arange(N + 1)[None, :]  # codes 0..N: belief b^k
    n = np.arange(N + 1)[:, None]  # stage n (row 0 unused)
    fl = np.array([float(x) for x in g.pw])
    pk, pn1 = fl[None, :], fl[np.maximum(n - 1, 0)]
    stay_out = 1 / float(g.a)
    E = np.where(k < n, 0.0, np.where(k == n, 1 - stay_out, 1.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        mix = pk * (1 - pn1) / ((1 - pk) * pn1)
    B = np.where(k <= n - 1, 1.0, mix)
    P = np.minimum(k, n - 1)
    # Column 0 is ZERO (belief 0), column 1 is DELTA.
    E0 = np.ones((N + 1, 1))
    B0 = np.zeros((N + 1, 1))
    P0 = np.full((N + 1, 1), ZERO)
    Ed = np.array([[0.0] + [float(g.entry(DELTA, m)) for m in range(1, N + 1)]]).T
    Bd = np.array([[0.0] + [float(g.beta(DELTA, m)) for m in range(1, N + 1)]]).T
    Pd = np.array([[DELTA] + [g.after_fight(DELTA, m) for m in range(1, N + 1)]]).T
    values = np.concatenate(([0.0, float(g.delta)], fl))
    return (np.hstack([E0, Ed, E]), np.hstack([B0, Bd, B]), np.hstack([P0, Pd, P]).astype(int), values)


def simulate(N, b, a, delta, tough=False, paths=200, seed=0, back_down_at=None) -> Plays:
    """Play the equilibrium `paths` times against a weak (tough=False) or tough incumbent.

    back_down_at: a challenge number t: challenger t enters and the incumbent accommodates it
    whatever the equilibrium says (one TACO moment); the belief drops to 0 and stays there.
    The same seed gives the same plays.
    """
    g = _Game(*_chain_params(N, b, a, delta))
    N = g.N
    if isinstance(paths, bool) or not isinstance(paths, Integral) or paths < 1:
        raise ValueError(f"paths = {paths!r} is not valid: paths must be a whole number >= 1")
    if back_down_at is not None and (isinstance(back_down_at, bool) or not isinstance(back_down_at, Integral)
                                     or not 1 <= back_down_at <= N):
        raise ValueError(f"back_down_at = {back_down_at!r} is not valid: it must be None or a challenge "
                         f"number from 1 to N = {N}")
    E, B, P, values = _stage_tables(g)
    rng = np.random.default_rng(seed)
    u = rng.random((2, N, paths))
    idx = np.full(paths, g.start + 2)
    entered = np.zeros((paths, N), bool)
    fought = np.zeros((paths, N), bool)
    beliefs = np.empty((paths, N + 1))
    beliefs[:, 0] = values[idx]
    for t in range(N):
        n = N - t
        if back_down_at == t + 1:
            enter, fight = np.ones(paths, bool), np.zeros(paths, bool)
        else:
            enter = u[0, t] < E[n, idx]
            fight = enter & (True if tough else u[1, t] < B[n, idx])
        # After a fight the code is P (max(p, b^(n-1))); after an accommodation it is ZERO.
        idx = np.where(fight, P[n, idx] + 2, np.where(enter, ZERO + 2, idx))
        entered[:, t], fought[:, t] = enter, fight
        beliefs[:, t + 1] = values[idx]
    return Plays(bool(tough), seed, back_down_at, entered, fought, beliefs)
