"""Reputation: Bayesian updating about a player's type, and the chain-store game.

PUBLIC CONTRACT (other modules rely on these names; internals are free):

    update(prior, p_if_a, p_if_b) -> posterior probability of type A after one observation
    belief_path(prior, likelihoods) -> (prior, p1, ..., pn) for (p_if_a, p_if_b) pairs
    posterior_odds(prior, k, j, beta_a, beta_b) -> odds of A after k back-downs and j stands
    posterior(prior, k, j, beta_a, beta_b) -> the same as a probability (never infinite); prior,
        beta_a, beta_b may be numpy arrays (elementwise, as the scalar call gives to the last bit)
    odds_to_prob(odds) -> odds / (1 + odds), with odds_to_prob(math.inf) == 1.0

    n_star(g, mu0) -> #{n >= 1 : g^n >= mu0} = floor(ln mu0 / ln g), the final challenges that may
        be entered at the prior, settled by exact powers (math.inf if mu0 = 0)
    chain_store(N, g, u, mu0) -> ChainStore: the Kreps-Wilson sequential equilibrium (thresholds,
        entry and fight probabilities per challenge, beliefs, expected entries and fights)
    simulate(N, g, u, mu0, tough=False, paths=200, seed=0, back_down_at=None) -> Plays:
        seeded play paths, many at once (numpy)
    stage_rules(N, g, u, mu0) -> StageRules: the equilibrium stage by stage (entry(code, n), phi(code, n),
        after_fight(code, n), value(code)), for play one challenge at a time

Chain-store symbols: g the challenger's gain if accommodated, u the weak incumbent's payoff when a
challenger stays out, mu0 the prior that the incumbent is tough (Kreps and Wilson write b, a and
delta; this course keeps delta for discounting, a for the audience cost and beta for back-downs).

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

from tradewar.games import REL_TOL, close

__all__ = ["update", "belief_path", "posterior_odds", "posterior", "odds_to_prob",
           "n_star", "chain_store", "ChainStore", "simulate", "Plays", "stage_rules", "StageRules"]


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
# Theory, ch. 9. An incumbent meets N challengers in turn. A challenger gets 0 staying out, g if
# it enters and is accommodated, g - 1 if it is fought (0 < g < 1). A weak incumbent gets u > 1
# when the challenger stays out, 0 when it accommodates, -1 when it fights; a tough incumbent
# always fights. The challengers' prior that the incumbent is tough is mu0. (Kreps and Wilson
# write b for g, a for u and delta for mu0.)
#
# Stages are counted by n, the challenges left including the current one (n = N first, n = 1
# last); challenge number t = N - n + 1. In the sequential equilibrium, with belief mu at stage n:
#   challenger enters iff mu < g^n; at mu = g^n it stays out with probability 1/u;
#   weak incumbent fights for sure if mu >= g^(n-1), else with probability
#       phi_n = mu (1 - g^(n-1)) / ((1 - mu) g^(n-1));
#   belief after a fight max(mu, g^(n-1)) (Bayes' rule), after an accommodation 0.
#
# Beliefs on and off the path are mu0, 0, or an exact power g^k (after a fight at stage n the
# belief is g^(n-1) or stays mu0). So a belief is stored as a code: PRIOR, ZERO or k >= 0 for
# g^k, and every comparison with a threshold g^n is exact: g^k vs g^n is decided by k vs n, and
# mu0 vs g^n once per stage. Float inputs compare mu0 with g^n within games.REL_TOL, so that
# g = 0.1, mu0 = 0.01 is the same tie as with exact 1/10 and 1/100.
#
# n* counts the final stages in which a challenger facing the prior may enter: g^n >= mu0, ties
# included (an indifferent challenger enters with probability 1 - 1/u > 0). So the challengers
# who stay out for sure are exactly the first N - min(N, n*), at a tie as anywhere else.

PRIOR, ZERO = -1, -2  # belief codes; k >= 0 means the belief is g**k


def _cmp(x, y):
    """-1, 0 or 1 as x <, =, > y; floats within REL_TOL (relative) count as equal."""
    if isinstance(x, float) or isinstance(y, float):
        if abs(x - y) <= REL_TOL * max(abs(x), abs(y)):
            return 0
    return (x > y) - (x < y)


def _chain_params(N, g, u, mu0):
    if isinstance(N, bool) or not isinstance(N, Integral) or N < 1:
        raise ValueError(f"N = {N!r} is not valid: N must be a whole number >= 1")
    g, u, mu0 = _num(g, "g"), _num(u, "u"), _num(mu0, "mu0")
    if not 0 < g < 1:
        raise ValueError(f"g = {g!r} is out of range: g must lie strictly between 0 and 1")
    if not u > 1:
        raise ValueError(f"u = {u!r} is out of range: u must be greater than 1")
    if not 0 <= mu0 <= 1:
        raise ValueError(f"mu0 = {mu0!r} is out of range: mu0 must be a probability in [0, 1]")
    g, u, mu0 = _same_kind(g, u, mu0)
    return int(N), g, u, mu0


def n_star(g, mu0):
    """The number of final stages in which a challenger facing the prior mu0 may enter:
    #{n >= 1 : g^n >= mu0} = floor(ln mu0 / ln g); math.inf when mu0 = 0 (Selten).

    A tie g^m = mu0 counts: that challenger is indifferent and enters with positive probability,
    so it is not deterred for sure. The float logarithm only gives a first guess; the answer is
    settled by comparing powers of g with mu0 (exactly for Fractions, within REL_TOL for floats),
    so mu0 = g^m gives m, not m - 1 or m + 1."""
    _, g, _, mu0 = _chain_params(1, g, 2, mu0)
    if mu0 == 0:
        return math.inf
    if mu0 == 1:
        return 0
    if isinstance(mu0, Fraction):
        lnm = math.log(mu0.numerator) - math.log(mu0.denominator)
        lng = math.log(g.numerator) - math.log(g.denominator)
    else:
        lnm, lng = math.log(mu0), math.log(g)
    n = max(0, math.floor(lnm / lng))
    while n > 0 and _cmp(g**n, mu0) < 0:
        n -= 1
    while _cmp(g ** (n + 1), mu0) >= 0:
        n += 1
    return n


def stage_rules(N, g, u, mu0) -> StageRules:
    """The equilibrium's rules stage by stage (entry, fight, belief after a fight), parameters checked."""
    return StageRules(*_chain_params(N, g, u, mu0))


class StageRules:
    """The equilibrium's rules stage by stage. What every strategy lookup needs: the powers g^0..g^N and,
    per stage n, the sign of mu0 - g^n (dc[n]), all decided once, exactly for exact inputs."""

    __slots__ = ("N", "u", "mu0", "pw", "dc", "one", "zero", "n_star", "start")

    def __init__(self, N, g, u, mu0):
        self.N, self.u, self.mu0 = N, u, mu0
        pw = [g**0]
        for _ in range(N):
            pw.append(pw[-1] * g)
        self.pw, self.one, self.zero = pw, pw[0], 0 * pw[0]
        self.n_star = ns = n_star(g, mu0)
        # g^n >= mu0 for n <= n*, and g^n < mu0 beyond; only g^(n*) can be a tie: compare it once.
        self.dc = [-1 if n <= ns else 1 for n in range(N + 1)]
        if 1 <= ns <= N:
            self.dc[ns] = _cmp(mu0, pw[ns])
        self.dc[0] = _cmp(mu0, pw[0])  # 0 only for a surely tough incumbent (mu0 = 1)
        # Belief 0 is absorbing (Bayes' rule keeps a zero prior at zero), so mu0 = 0 starts there:
        # in Selten's game an off-path fight cannot create a reputation.
        self.start = ZERO if mu0 == 0 else PRIOR

    def entry(self, code, n):
        """Probability that the challenger at stage n enters, given the belief code."""
        if code == ZERO:
            return self.one
        c = self.dc[n] if code == PRIOR else (n > code) - (n < code)  # sign(mu - g^n)
        return self.zero if c > 0 else self.one - 1 / self.u if c == 0 else self.one

    def phi(self, code, n):
        """Probability that the weak incumbent fights an entrant at stage n, given the belief code."""
        if code == ZERO:
            return self.zero
        at_or_above = self.dc[n - 1] >= 0 if code == PRIOR else code <= n - 1  # mu >= g^(n-1)
        if at_or_above:
            return self.one
        mu, t = self.value(code), self.pw[n - 1]
        return mu * (1 - t) / ((1 - mu) * t)

    def after_fight(self, code, n):
        """Belief code after a fight at stage n: max(mu, g^(n-1)), but 0 stays 0 (a weak incumbent
    known to be weak cannot fight its way back: only the tough type fights at belief 0, and
    challengers put no weight on it)."""
        if code == PRIOR:
            return PRIOR if self.dc[n - 1] >= 0 else n - 1
        return min(code, n - 1)

    def value(self, code):
        return self.mu0 if code == PRIOR else self.zero if code == ZERO else self.pw[code]

    def deterred_prefix(self):
        """Stages at the start (n = N, N-1, ...) in which the challenger stays out at the prior."""
        return sum(1 for n in range(self.N, 0, -1) if self.dc[n] > 0)


@dataclass(frozen=True)
class ChainStore:
    """The sequential equilibrium of the chain-store game with N challengers.

    Per-challenge tuples have N entries, challenge t = 1 (first, n = N left) to t = N (last).
    thresholds[t]: g^n, the belief below which challenger t enters.
    entry_prob, entry_prob_weak, entry_prob_tough: probability that challenger t enters (for a
        random incumbent drawn from the prior, for a weak one, for a tough one).
    fight_prob, fight_prob_weak: probability that challenger t enters and is fought.
    belief_fought: N + 1 beliefs, the first mu0, each the belief after challenges 1..t if every
        entrant so far was fought (the path on which the weak incumbent keeps its reputation).
    phi_fought: the weak incumbent's fighting probability at challenge t on that path (1 where
        the belief is at or above g^(n-1); what it would do if challenger t entered).
    n_star: final stages where a challenger may enter at the prior (math.inf if mu0 = 0).
    deterred: challengers who stay out for sure (entry probability 0), N - min(N, n_star).
    expected_entries (prior mixture), expected_entries_weak, expected_entries_tough,
    expected_fights, expected_fights_weak: sums of the per-challenge probabilities.
    weak_payoff: the weak incumbent's expected total payoff in the equilibrium.
    """

    N: int
    g: object
    u: object
    mu0: object
    n_star: object
    deterred: int
    thresholds: tuple
    entry_prob: tuple
    entry_prob_weak: tuple
    entry_prob_tough: tuple
    fight_prob: tuple
    fight_prob_weak: tuple
    belief_fought: tuple
    phi_fought: tuple
    expected_entries: object
    expected_entries_weak: object
    expected_entries_tough: object
    expected_fights: object
    expected_fights_weak: object
    weak_payoff: object


def _forward(gm, tough):
    """Exact distribution of play for one incumbent type: per-stage entry and fight probabilities
    and the expected payoff of a weak incumbent. The belief distribution has a handful of codes."""
    one, zero = gm.one, gm.zero
    d = gm.deterred_prefix()
    # Deterred for sure at the start: nothing moves, so skip the bookkeeping (most of a long game).
    entries, fights, payoff = [zero] * d, [zero] * d, gm.u * d
    size = abs(payoff)  # sum of the payoff's absolute terms: its float error is relative to this
    dist = {gm.start: one}
    for n in range(gm.N - d, 0, -1):
        new, e_t, f_t = {}, zero, zero
        for code, m in dist.items():
            e = gm.entry(code, n)
            phi = one if tough else gm.phi(code, n)
            out, fight, acc = m * (1 - e), m * e * phi, m * e * (1 - phi)
            e_t += m * e
            f_t += fight
            payoff += out * gm.u - fight
            size += abs(out * gm.u) + abs(fight)
            for c, w in ((code, out), (gm.after_fight(code, n), fight), (ZERO, acc)):
                if w:
                    new[c] = new.get(c, zero) + w
        dist = new
        # Float sums of masses that add up to 1 can land a hair above it; a probability may not.
        entries.append(e_t if e_t <= one else one)
        fights.append(f_t if f_t <= one else one)
    # A payoff that cancels to zero is zero, not float dust such as -2e-17 (games/__init__.py's rule).
    if close(payoff, zero, isinstance(zero, Fraction), mx=size):
        payoff = zero
    return entries, fights, payoff


def _mix(mu0, tough, weak, zero):
    # A mixture lies between its parts; in floats it can round a hair past the larger one.
    return tuple(zero if not (t or w) else min(mu0 * t + (1 - mu0) * w, max(t, w))
                 for t, w in zip(tough, weak))


def _total(xs, zero):
    return sum((x for x in xs if x), zero)


def chain_store(N, g, u, mu0) -> ChainStore:
    """Solve the chain-store game (see the comment above for the equilibrium)."""
    gm = stage_rules(N, g, u, mu0)
    N, zero = gm.N, gm.zero
    ew, fw, pay = _forward(gm, tough=False)
    et, ft, _ = _forward(gm, tough=True)
    entry, fight = _mix(gm.mu0, et, ew, zero), _mix(gm.mu0, ft, fw, zero)

    code, beliefs, phis = gm.start, [gm.mu0], []
    for n in range(N, 0, -1):
        phis.append(gm.phi(code, n))
        if gm.entry(code, n):
            code = gm.after_fight(code, n)
        beliefs.append(gm.value(code))

    return ChainStore(
        N=N, g=gm.pw[1], u=gm.u, mu0=gm.mu0,
        n_star=gm.n_star,
        deterred=sum(1 for e in entry if not e),
        thresholds=tuple(gm.pw[n] for n in range(N, 0, -1)),
        entry_prob=entry, entry_prob_weak=tuple(ew), entry_prob_tough=tuple(et),
        fight_prob=fight, fight_prob_weak=tuple(fw),
        belief_fought=tuple(beliefs), phi_fought=tuple(phis),
        expected_entries=_total(entry, zero), expected_entries_weak=_total(ew, zero),
        expected_entries_tough=_total(et, zero), expected_fights=_total(fight, zero),
        expected_fights_weak=_total(fw, zero), weak_payoff=pay,
    )


@dataclass(frozen=True, eq=False)
class Plays:
    """Simulated plays of the chain-store equilibrium: arrays shaped (paths, N), challenge t = 1 first.

    entered, fought: booleans per challenge (accommodated = entered & ~fought).
    beliefs: (paths, N + 1) floats, the belief before challenge 1 (mu0) and after each challenge.
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


def _stage_tables(gm):
    """Per stage n (row n) and belief code (column code + 2): entry probability, the weak
    incumbent's fight probability and the code after a fight, as float arrays. Every tie is
    decided exactly (powers by their exponents, mu0 once per stage in the input's numbers)."""
    N = gm.N
    k = np.arange(N + 1)[None, :]  # codes 0..N: belief g^k
    n = np.arange(N + 1)[:, None]  # stage n (row 0 unused)
    fl = np.array([float(x) for x in gm.pw])
    pk, pn1 = fl[None, :], fl[np.maximum(n - 1, 0)]
    stay_out = 1 / float(gm.u)
    E = np.where(k < n, 0.0, np.where(k == n, 1 - stay_out, 1.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        mix = pk * (1 - pn1) / ((1 - pk) * pn1)
    B = np.where(k <= n - 1, 1.0, mix)
    P = np.minimum(k, n - 1)
    # Column 0 is ZERO (belief 0), column 1 is PRIOR.
    E0 = np.ones((N + 1, 1))
    B0 = np.zeros((N + 1, 1))
    P0 = np.full((N + 1, 1), ZERO)
    Ed = np.array([[0.0] + [float(gm.entry(PRIOR, m)) for m in range(1, N + 1)]]).T
    Bd = np.array([[0.0] + [float(gm.phi(PRIOR, m)) for m in range(1, N + 1)]]).T
    Pd = np.array([[PRIOR] + [gm.after_fight(PRIOR, m) for m in range(1, N + 1)]]).T
    values = np.concatenate(([0.0, float(gm.mu0)], fl))
    return (np.hstack([E0, Ed, E]), np.hstack([B0, Bd, B]), np.hstack([P0, Pd, P]).astype(int), values)


def simulate(N, g, u, mu0, tough=False, paths=200, seed=0, back_down_at=None) -> Plays:
    """Play the equilibrium `paths` times against a weak (tough=False) or tough incumbent.

    back_down_at: a challenge number t: challenger t enters and the incumbent accommodates it
    whatever the equilibrium says (one TACO moment); the belief drops to 0 and stays there.
    The same seed gives the same plays.
    """
    gm = stage_rules(N, g, u, mu0)
    N = gm.N
    if isinstance(paths, bool) or not isinstance(paths, Integral) or paths < 1:
        raise ValueError(f"paths = {paths!r} is not valid: paths must be a whole number >= 1")
    if back_down_at is not None and (isinstance(back_down_at, bool) or not isinstance(back_down_at, Integral)
                                     or not 1 <= back_down_at <= N):
        raise ValueError(f"back_down_at = {back_down_at!r} is not valid: it must be None or a challenge "
                         f"number from 1 to N = {N}")
    E, B, P, values = _stage_tables(gm)
    rng = np.random.default_rng(seed)
    draws = rng.random((2, N, paths))
    idx = np.full(paths, gm.start + 2)
    entered = np.zeros((paths, N), bool)
    fought = np.zeros((paths, N), bool)
    beliefs = np.empty((paths, N + 1))
    beliefs[:, 0] = values[idx]
    for t in range(N):
        n = N - t
        if back_down_at == t + 1:
            enter, fight = np.ones(paths, bool), np.zeros(paths, bool)
        else:
            enter = draws[0, t] < E[n, idx]
            fight = enter & (True if tough else draws[1, t] < B[n, idx])
        # After a fight the code is P (max(mu, g^(n-1))); after an accommodation it is ZERO.
        idx = np.where(fight, P[n, idx] + 2, np.where(enter, ZERO + 2, idx))
        entered[:, t], fought[:, t] = enter, fight
        beliefs[:, t + 1] = values[idx]
    return Plays(bool(tough), seed, back_down_at, entered, fought, beliefs)
