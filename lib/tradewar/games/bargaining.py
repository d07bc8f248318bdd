"""Bargaining games: alternating offers, Nash bargaining, issue linkage and the war of attrition.

Players are numbered 0 and 1 and a "pie" has size 1 unless said otherwise. Functions whose formula
is rational (alternating offers with given discount factors, Nash bargaining on a line or on a
piecewise-linear frontier, linkage) keep Fraction inputs exact; the ones that need exp or log
(discount factors from rates, the war of attrition) return floats.

References: Rubinstein (1982), "Perfect equilibrium in a bargaining model"; on outside options Shaked &
Sutton (1984), Binmore, Rubinstein & Wolinsky (1986) and Osborne & Rubinstein, *Bargaining and Markets*
(1990), section 3.12, with the laboratory test of Binmore, Shaked & Sutton (1989), "An outside option
experiment"; Nash (1950, 1953);
Sebenius (1983) on issue linkage; Muthoo, *Bargaining Theory with Applications* (1999), ch. 2, on
the asymmetric Nash solution with bargaining power tau; Abreu & Gul (2000), "Bargaining and
reputation"; Osborne, *An Introduction to Game Theory*, ch. 16.
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

__all__ = [
    "discount", "rubinstein", "limit_share", "outside_option", "finite_horizon",
    "nash_bargaining", "best_threat", "issue_frontier", "nash_on_frontier", "split_issues", "linked_issues",
    "Attrition", "attrition", "concession_rate", "sample_attrition",
]


# --- Alternating offers -----------------------------------------------------------------------

def discount(r, Delta):
    """The per-period discount factor exp(-r·Delta) of a player with time preference rate r when
    one offer takes Delta units of time. Delta = 0 gives exactly 1."""
    return 1 if Delta == 0 else math.exp(-float(r) * float(Delta))


def rubinstein(d_proposer, d_responder):
    """The subgame-perfect split of Rubinstein's infinite alternating-offers game, agreed at once:
    (proposer's share, responder's share) = ((1 - d_r)/(1 - d_p·d_r), d_r·(1 - d_p)/(1 - d_p·d_r)).
    Needs discount factors in [0, 1) (at least one below 1)."""
    _check_discounts(d_proposer, d_responder)
    keep = (1 - d_responder) / (1 - d_proposer * d_responder)
    return keep, 1 - keep


def limit_share(r_i, r_j):
    """Player i's share as offers become instantaneous (Delta -> 0): r_j/(r_i + r_j), whoever
    proposes. The more impatient side (larger r) gets less."""
    if not (r_i > 0 and r_j > 0):
        raise ValueError(f"limit_share needs positive rates, got r_i = {r_i!r}, r_j = {r_j!r}.")
    return r_j / (r_i + r_j)


@dataclass(frozen=True)
class OutsideOption:
    """The stationary subgame-perfect equilibrium when the responder j may opt out for w (the outside
    option principle: Shaked-Sutton 1984, Binmore-Rubinstein-Wolinsky 1986, Osborne-Rubinstein 1990
    section 3.12): keep_i and keep_j are what each side keeps when it proposes, offer_j is
    what i offers j (and j accepts at once)."""

    keep_i: object
    keep_j: object
    offer_j: object
    threshold: object  # j's share as responder without the option: w binds only above it
    binds: bool


def outside_option(d_i, d_j, w_j):
    """Alternating offers in which player j, when responding, may walk away with w_j in [0, 1].

    The option binds only if w_j exceeds what j gets anyway, d_j·(1 - d_i)/(1 - d_i·d_j); then i
    offers exactly w_j, and j proposing keeps 1 - d_i·(1 - w_j). Otherwise it changes nothing."""
    if not (0 <= w_j <= 1):
        raise ValueError(f"outside_option needs w_j in [0, 1], got {w_j!r}.")
    keep_i, threshold = rubinstein(d_i, d_j)
    keep_j, _ = rubinstein(d_j, d_i)
    if w_j > threshold:
        return OutsideOption(1 - w_j, 1 - d_i * (1 - w_j), w_j, threshold, True)
    return OutsideOption(keep_i, keep_j, threshold, threshold, False)


def finite_horizon(d, rounds, first=0, w=(0, 0)):
    """Backward induction of alternating offers cut off after `rounds` offers (disagreement: 0 each).

    d = (d_0, d_1) discount factors, `first` the first proposer, w = (w_0, w_1) outside options each
    side may take instead of rejecting (adding up to at most 1). Returns (share of player 0, share of player 1) agreed in the
    first round. Exact for Fraction inputs. As rounds grows it converges to rubinstein() or
    outside_option()."""
    if rounds < 1:
        raise ValueError(f"finite_horizon needs at least one round, got {rounds!r}.")
    _check_discounts(*d, allow_one=True)
    if min(w) < 0 or w[0] + w[1] > 1:
        raise ValueError(f"outside options must be non-negative and add up to at most 1, got {w!r}.")
    # value[k] = what player k gets in the subgame starting next round (0 after the last round).
    value = [0 * d[0], 0 * d[1]]
    for t in reversed(range(rounds)):
        p = first if t % 2 == 0 else 1 - first
        q = 1 - p
        # The responder accepts the least that beats rejecting (wait one period) or walking away.
        # With w_0 + w_1 <= 1 the proposer's 1 - reserve is never below what waiting would give it,
        # so the first offer is accepted.
        reserve = max(w[q], d[q] * value[q])
        value = [0, 0]
        value[p], value[q] = 1 - reserve, reserve
    return tuple(value)


def _check_discounts(*ds, allow_one=False):
    for x in ds:
        if not (0 <= x <= 1):
            raise ValueError(f"a discount factor must lie in [0, 1], got {x!r}.")
    if not allow_one and all(x == 1 for x in ds):
        raise ValueError("alternating offers need at least one discount factor below 1.")


# --- Nash bargaining, threats and linkage -----------------------------------------------------

def nash_bargaining(Pi, d_0, d_1, tau):
    """The generalised Nash bargaining solution over a transferable surplus Pi with threat point
    (d_0, d_1) and player 0's bargaining power tau: u_0 = d_0 + tau·(Pi - d_0 - d_1), u_1 = Pi - u_0.
    It maximises (u_0 - d_0)^tau·(u_1 - d_1)^(1 - tau) on u_0 + u_1 = Pi."""
    _check_power(tau)
    if Pi < d_0 + d_1:
        raise ValueError(f"nash_bargaining needs Pi >= d_0 + d_1 (a deal must beat the threats), got Pi = {Pi!r},"
                         f" d_0 + d_1 = {d_0 + d_1!r}.")
    u_0 = d_0 + tau * (Pi - d_0 - d_1)
    return u_0, Pi - u_0


def best_threat(Pi, menu, tau, chooser):
    """Nash's variable threats: `chooser` (0 or 1) picks, from a menu of threat points (d_0, d_1), the
    one that maximises its Nash bargaining payoff (in Nash 1953 both choose at once; here one side chooses
    from its menu). Player 0's payoff tau·Pi + (1 - tau)·d_0 - tau·d_1 weighs a fall in its own threat
    payoff by 1 - tau and a fall in the other's by tau: a costlier threat pays player 0 when
    tau·(the other's extra damage) > (1 - tau)·(its own), and player 1 when (1 - tau)·(player 0's extra
    damage) > tau·(its own); only with tau = 1/2 is that "hurts the other more than oneself".
    Returns (index, (u_0, u_1)); ties go to the earlier entry."""
    if chooser not in (0, 1):
        raise ValueError(f"chooser must be 0 or 1, got {chooser!r}.")
    if not menu:
        raise ValueError("best_threat needs a non-empty menu of threat points.")
    best, best_u = None, None
    for k, (d_0, d_1) in enumerate(menu):
        u = nash_bargaining(Pi, d_0, d_1, tau)
        if best is None or u[chooser] > best_u[chooser]:
            best, best_u = k, u
    return best, best_u


def issue_frontier(values_0, values_1):
    """The Pareto frontier of dividing divisible issues, as its vertices from player 1's best point to
    player 0's. values_k[i] >= 0 is what issue i is worth to player k in full (linear in the share).

    An issue only one side values goes to that side. The others pass from player 1 to player 0 in
    falling order of the ratio values_0[i]/values_1[i], the cheapest way to give player 0 more, so
    the frontier is concave and u_0 rises, u_1 falls strictly along it. Returns (vertices, order):
    vertices[k + 1] is reached when issue order[k] has passed to player 0 in full. Exact for exact
    input."""
    _check_issues(values_0, values_1)
    pairs = list(zip(values_0, values_1))
    zero = 0 * values_0[0]
    shared = [i for i, (v0, v1) in enumerate(pairs) if v0 > 0 and v1 > 0]
    # Player 1 starts with every issue it values, player 0 with those only it values.
    start = (sum((v0 for v0, v1 in pairs if v1 == 0), zero), sum((v1 for v0, v1 in pairs), zero))
    # Bubble by cross-multiplied ratios (exact, stable: equal ratios keep the input order).
    order = []
    for i in shared:
        k = len(order)
        while k and values_0[i] * values_1[order[k - 1]] > values_0[order[k - 1]] * values_1[i]:
            k -= 1
        order.insert(k, i)
    vertices = [start]
    for i in order:
        u_0, u_1 = vertices[-1]
        vertices.append((u_0 + values_0[i], u_1 - values_1[i]))
    return tuple(vertices), tuple(order)


def nash_on_frontier(vertices, tau, d=(0, 0)):
    """The weighted (asymmetric) Nash bargaining solution on a piecewise-linear Pareto frontier: the
    point that maximises (u_0 - d_0)^tau·(u_1 - d_1)^(1 - tau) among the frontier's points with u >= d.

    vertices: (u_0, u_1) pairs with u_0 strictly rising, u_1 strictly falling and the slopes getting
    no flatter (a concave frontier, as issue_frontier returns); a single vertex is a one-point frontier.
    On the line through one segment the maximiser is u_0 = d_0 + tau·(X - d_0), where X is the u_0 at
    which that line reaches u_1 = d_1. The product is log-concave along the frontier, so the solution
    is that point (or the segment's left end, if the point lies left of it) on the first segment
    where the point does not lie beyond the segment's right end; if there is none, the last vertex.
    tau = 0 or 1 gives the limit, the individually rational point best for player 1 or player 0.
    Exact for exact input (tau a Fraction); tau may also be a numpy array, one solution per entry.
    Returns (u_0, u_1)."""
    _check_power(tau)
    xs, ys = _check_frontier(vertices)
    d_0, d_1 = d
    if not isinstance(tau, numbers.Rational):  # float power: float arithmetic throughout, the same for a
        # single value and for an array (where exact vertices would make object arrays).
        xs, ys, d_0, d_1 = [float(x) for x in xs], [float(y) for y in ys], float(d_0), float(d_1)
    # Cut the frontier to its individually rational part, u_0 >= d_0 and u_1 >= d_1.
    if xs[-1] < d_0 or ys[0] < d_1:
        _no_deal(d)
    lo = (xs[0], ys[0]) if xs[0] >= d_0 else (d_0, _along(xs, ys, d_0))
    hi = (xs[-1], ys[-1]) if ys[-1] >= d_1 else (_along(ys[::-1], xs[::-1], d_1), d_1)
    if lo[0] > hi[0]:
        _no_deal(d)
    cut = [lo] + [(x, y) for x, y in zip(xs, ys) if lo[0] < x < hi[0]] + ([hi] if hi[0] > lo[0] else [])
    u_0, u_1 = cut[-1]
    decided = False
    for (x0, y0), (x1, y1) in zip(cut, cut[1:]):
        slope = _div(y1 - y0, x1 - x0)
        reach = x0 + _div(d_1 - y0, slope)
        best = d_0 + tau * (reach - d_0)
        here = _where(best > x0, best, x0 + 0 * best)
        take = np.logical_and(best < x1, np.logical_not(decided))
        u_0, u_1 = _where(take, here, u_0), _where(take, y0 + slope * (here - x0), u_1)
        decided = np.logical_or(decided, best < x1)
    return u_0, u_1


def split_issues(values_0, values_1, tau):
    """Issues settled one at a time by the weighted Nash solution on each (power tau for player 0, nobody
    gets anything without a deal). An issue both value is divided in the shares tau and 1 - tau (its
    frontier is one segment); an issue only one side values goes to that side. values_k[i] is what
    issue i is worth to player k in full. Returns (u_0, u_1); tau may be a numpy array."""
    _check_issues(values_0, values_1)
    _check_power(tau)
    u_0 = sum(tau * v0 if v1 > 0 else v0 + 0 * tau for v0, v1 in zip(values_0, values_1))
    u_1 = sum((1 - tau) * v1 if v0 > 0 else v1 + 0 * tau for v0, v1 in zip(values_0, values_1))
    return u_0, u_1


def linked_issues(values_0, values_1, tau):
    """Issues linked in one package: the weighted Nash solution (power tau for player 0, nobody gets
    anything without a deal) on the Pareto frontier of all the issues together (issue_frontier).

    When every issue is worth something to both sides, linkage leaves neither worse off than
    split_issues, whatever tau: the frontier then runs from (0, sum(values_1)) to (sum(values_0), 0),
    the feasible set lies below the line tau·u_0/u*_0 + (1 - tau)·u_1/u*_1 = 1 that supports it at the
    solution u*, and these two ends on it give u*_0 >= tau·sum(values_0), u*_1 >= (1 - tau)·sum(values_1).
    It is the shared ends that do it, not the larger set as such: the Nash solution is not individually
    monotone (Kalai & Smorodinsky 1975), and a larger set with other ends can leave a side worse off.
    (An issue only one side values can break this: the package is bargained as a whole.)

    Returns (u_0, u_1, shares): shares[i] is the part of issue i that goes to player 0 (None for an
    issue nobody values). Exact for exact input; tau may be a numpy array."""
    vertices, order = issue_frontier(values_0, values_1)
    u_0, u_1 = nash_on_frontier(vertices, tau)
    shares = [None if v0 == v1 == 0 else 1 if v1 == 0 else 0 for v0, v1 in zip(values_0, values_1)]
    for k, i in enumerate(order):
        part = _div(u_0 - vertices[k][0], values_0[i])
        shares[i] = _where(part < 0, 0 * part, _where(part > 1, 1 + 0 * part, part))
    return u_0, u_1, tuple(shares)


def _check_issues(values_0, values_1):
    if len(values_0) != len(values_1) or not values_0:
        raise ValueError("both players need a value for each issue (and at least one issue), got "
                         f"values_0 = {values_0!r}, values_1 = {values_1!r}.")
    if any(v < 0 for v in (*values_0, *values_1)):
        raise ValueError(f"issue values must be non-negative, got values_0 = {values_0!r}, values_1 = {values_1!r}.")


def _check_power(tau):
    if not np.all((np.asarray(tau) >= 0) & (np.asarray(tau) <= 1)):
        raise ValueError(f"the bargaining power tau must lie in [0, 1], got {tau!r}.")


def _check_frontier(vertices):
    if not vertices:
        raise ValueError("a frontier needs at least one vertex, got none.")
    xs, ys = [v[0] for v in vertices], [v[1] for v in vertices]
    for k in range(1, len(xs)):
        if not (xs[k] > xs[k - 1] and ys[k] < ys[k - 1]):
            raise ValueError(f"frontier vertices must have u_0 rising and u_1 falling strictly, got {vertices!r}.")
        # Concave: the slope from k to k + 1 is no flatter than from k - 1 to k (cross-multiplied, exact).
        if k >= 2 and (ys[k] - ys[k - 1]) * (xs[k - 1] - xs[k - 2]) > (ys[k - 1] - ys[k - 2]) * (xs[k] - xs[k - 1]):
            raise ValueError(f"a Pareto frontier of divisible deals is concave; these vertices are not: {vertices!r}.")
    return xs, ys


def _no_deal(d):
    raise ValueError(f"no point of the frontier gives both sides at least their threat payoffs d = {d!r}.")


def _along(xs, ys, x):
    """The y of the polyline through (xs, ys), xs rising, at a given x in [xs[0], xs[-1]]."""
    k = max(j for j in range(len(xs) - 1) if xs[j] <= x) if len(xs) > 1 else 0
    return ys[k] if len(xs) == 1 else ys[k] + _div((ys[k + 1] - ys[k]) * (x - xs[k]), xs[k + 1] - xs[k])


def _div(a, b):
    """a/b, a Fraction when both are exact (int/int would give a float)."""
    if isinstance(a, numbers.Rational) and isinstance(b, numbers.Rational):
        return Fraction(a) / b
    return a / b


def _where(cond, a, b):
    """a if cond else b, elementwise when cond is a numpy array (one bargaining power per map cell)."""
    return np.where(cond, a, b) if isinstance(cond, np.ndarray) and cond.ndim else (a if cond else b)


# --- The reputational war of attrition --------------------------------------------------------

def concession_rate(r_other, a_self, a_other):
    """The rate at which a rational player concedes in Abreu-Gul (2000): r_j·(1 - a_i)/(a_i + a_j - 1),
    the hazard that keeps the other side j indifferent between conceding now and waiting. Exact for
    exact inputs."""
    if not (a_self + a_other > 1):
        raise ValueError(f"a war of attrition needs incompatible demands (a_i + a_j > 1), got {a_self!r} + {a_other!r}.")
    return r_other * (1 - a_self) / (a_self + a_other - 1)


@dataclass(frozen=True)
class Attrition:
    """The unique equilibrium of the two-sided reputational war of attrition.

    Player k's concession time X_k (infinite for an obstinate type) has survival function
    P(X_k > t) = (1 - c_k)·exp(-lam_k·t) for t < T0 and z_k from T0 on. Only the weak player has an
    atom c_k > 0 at t = 0. weak is None on a tie (T_0 = T_1, no atom)."""

    lam: tuple
    T: tuple
    T0: float
    weak: object
    c: tuple
    p_first: tuple  # probability that player k concedes first
    p_stalemate: float  # both obstinate: nobody ever concedes
    expected_delay: float  # expected time until a concession, given that one happens

    def survival(self, k, t):
        """P(player k has not conceded by time t) for t >= 0 (after any concession at t = 0); t may be
        a number or a numpy array."""
        if np.any(np.asarray(t) < 0):
            raise ValueError(f"time must be non-negative, got {t!r}.")
        # After T0 only obstinate types are left: the curve stays at z_k.
        return (1 - self.c[k]) * np.exp(-float(self.lam[k]) * np.minimum(t, self.T0))


def attrition(r, z, a, rel_tol=1e-9):
    """Solve Abreu-Gul's war of attrition: rates r = (r_0, r_1) > 0, prior probabilities of an
    obstinate type z = (z_0, z_1) in (0, 1), demands a = (a_0, a_1) with a_0 + a_1 > 1, each below 1.

    Rational k concedes at rate lam_k; alone it would take T_k = -ln z_k/lam_k to exhaust its
    rational types. The side with the larger T_k is weak and concedes at t = 0 with probability
    c = 1 - z_w·z_s^(-lam_w/lam_s), so both reputations reach 1 together at T0 = min(T_0, T_1)."""
    for name, pair, lo, hi in (("r", r, 0, math.inf), ("z", z, 0, 1), ("a", a, 0, 1)):
        if not all(lo < x < hi for x in pair):
            raise ValueError(f"attrition needs each {name} strictly between {lo} and {hi}, got {pair!r}.")
    lam = (concession_rate(r[1], a[0], a[1]), concession_rate(r[0], a[1], a[0]))
    T = tuple(-math.log(z[k]) / float(lam[k]) for k in (0, 1))
    if abs(T[0] - T[1]) <= rel_tol * max(T):
        weak, c = None, (0.0, 0.0)
    else:
        weak = 0 if T[0] > T[1] else 1
        s = 1 - weak
        atom = 1 - float(z[weak]) * float(z[s]) ** (-float(lam[weak]) / float(lam[s]))
        c = (atom, 0.0) if weak == 0 else (0.0, atom)
    T0 = min(T)
    l0, l1 = float(lam[0]), float(lam[1])
    total = l0 + l1
    # Both survive the interval (0, T0) with probability (1 - c_0)(1 - c_1)·exp(-total·t); whoever
    # concedes first there does so with probability proportional to its rate.
    reach = (1 - c[0]) * (1 - c[1])
    fight = reach * -math.expm1(-total * T0)
    p_first = (c[0] + fight * l0 / total, c[1] + fight * l1 / total)
    stalemate = float(z[0]) * float(z[1])
    # E[min X; min finite] = integral over (0, T0) of P(min > t) - P(min > T0).
    mean = reach * -math.expm1(-total * T0) / total - T0 * stalemate
    return Attrition(lam, T, T0, weak, c, p_first, stalemate, mean / (1 - stalemate))


def sample_attrition(sol: Attrition, z, n, rng):
    """n draws of (X_0, X_1) concession times (math.inf for obstinate types) from the equilibrium,
    sampling types first: obstinate with probability z_k, else the rational type's concession time
    (an atom c_k/(1 - z_k) at 0, then rate lam_k, all conceded by T0). rng: numpy Generator."""
    out = []
    for k in (0, 1):
        zk = float(z[k])
        obstinate = rng.random(n) < zk
        u = rng.random(n)
        atom = sol.c[k] / (1 - zk)
        # Inverse of the rational type's CDF F(t) = (1 - (1 - c_k)·exp(-lam_k·t))/(1 - z_k) on [0, T0].
        t = np.log((1 - sol.c[k]) / (1 - u * (1 - zk))) / float(sol.lam[k])
        t = np.where(u < atom, 0.0, np.minimum(t, sol.T0))
        out.append(np.where(obstinate, np.inf, t))
    return out[0], out[1]
