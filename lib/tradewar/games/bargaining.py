"""Bargaining games: alternating offers, Nash bargaining, issue linkage and the war of attrition.

Players are numbered 0 and 1 and a "pie" has size 1 unless said otherwise. Functions whose formula
is rational (alternating offers with given discount factors, Nash bargaining, linkage) keep Fraction
inputs exact; the ones that need exp or log (discount factors from rates, the war of attrition)
return floats.

References: Rubinstein (1982), "Perfect equilibrium in a bargaining model"; Binmore, Rubinstein &
Wolinsky (1986); Binmore, Shaked & Sutton (1989), "An outside option experiment"; Nash (1950, 1953);
Sebenius (1983) on issue linkage; Abreu & Gul (2000), "Bargaining and reputation"; Osborne,
*An Introduction to Game Theory*, ch. 16.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = [
    "discount", "rubinstein", "limit_share", "outside_option", "finite_horizon",
    "nash_bargaining", "best_threat", "split_issues", "linked_issues",
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
    """The stationary subgame-perfect equilibrium when the responder j may opt out for w
    (Binmore-Shaked-Sutton): keep_i and keep_j are what each side keeps when it proposes, offer_j is
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

def nash_bargaining(S, d_0, d_1, alpha):
    """The generalised Nash bargaining solution over a transferable surplus S with threat point
    (d_0, d_1) and player 0's weight alpha: u_0 = d_0 + alpha·(S - d_0 - d_1), u_1 = S - u_0. It
    maximises (u_0 - d_0)^alpha·(u_1 - d_1)^(1 - alpha) on u_0 + u_1 = S."""
    if not (0 <= alpha <= 1):
        raise ValueError(f"nash_bargaining needs a weight alpha in [0, 1], got {alpha!r}.")
    if S < d_0 + d_1:
        raise ValueError(f"nash_bargaining needs S >= d_0 + d_1 (a deal must beat the threats), got S = {S!r},"
                         f" d_0 + d_1 = {d_0 + d_1!r}.")
    u_0 = d_0 + alpha * (S - d_0 - d_1)
    return u_0, S - u_0


def best_threat(S, menu, alpha, chooser):
    """Nash's variable threats: `chooser` (0 or 1) picks, from a menu of threat points (d_0, d_1), the
    one that maximises its Nash bargaining payoff. Player 0's payoff alpha·S + (1 - alpha)·d_0 - alpha·d_1
    rewards hurting the other side more than oneself. Returns (index, (u_0, u_1)); ties go to the
    earlier entry."""
    if chooser not in (0, 1):
        raise ValueError(f"chooser must be 0 or 1, got {chooser!r}.")
    if not menu:
        raise ValueError("best_threat needs a non-empty menu of threat points.")
    best, best_u = None, None
    for k, (d_0, d_1) in enumerate(menu):
        u = nash_bargaining(S, d_0, d_1, alpha)
        if best is None or u[chooser] > best_u[chooser]:
            best, best_u = k, u
    return best, best_u


def split_issues(values_0, values_1, alpha):
    """Issues settled one at a time: each issue is divided, player 0 getting the share alpha of
    each. values_k[i] is what issue i is worth to player k in full. Returns (u_0, u_1)."""
    _check_issues(values_0, values_1)
    return alpha * sum(values_0), (1 - alpha) * sum(values_1)


def linked_issues(values_0, values_1):
    """Issues linked in one package: each issue goes whole to the side that values it more (a tie is
    split evenly), the efficient trade. Returns (u_0, u_1, owners) with owners[i] in (0, 1, None)."""
    _check_issues(values_0, values_1)
    u_0 = u_1 = 0 * values_0[0]
    owners = []
    for v0, v1 in zip(values_0, values_1):
        if v0 > v1:
            u_0, owner = u_0 + v0, 0
        elif v1 > v0:
            u_1, owner = u_1 + v1, 1
        else:
            u_0, u_1, owner = u_0 + v0 / 2, u_1 + v1 / 2, None
        owners.append(owner)
    return u_0, u_1, tuple(owners)


def _check_issues(values_0, values_1):
    if len(values_0) != len(values_1) or not values_0:
        raise ValueError("both players need a value for each issue (and at least one issue).")
    if any(v < 0 for v in (*values_0, *values_1)):
        raise ValueError("issue values must be non-negative.")


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
