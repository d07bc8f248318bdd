"""M2 Asymmetric chicken: who swerves when both can hurt each other?

After China showed it would use its rare-earth leverage, both sides hold a weapon: each can stand firm
(Hawk) or yield (Dove), and if both stand firm the trade war crashes, at a cost that differs by side
(US inflation, markets and midterms against a China "ready to walk"). The simultaneous game has two
pure equilibria, one for each side yielding, and a mixed one in which each side stands firm with
probability x (US) or y (China) and a crash happens with probability x·y. That mixed equilibrium is
unstable under two-population replicator dynamics, so x·y measures the danger of a moment of mutual
uncertainty, not how long a balance lasts. Risk dominance picks the equilibrium in which the side
that fears the crash more yields. A side that can commit first, with a move the other sees and that
cannot be taken back, plays Hawk and wins: the model assumes that irreversibility; whether a prepared
toolkit or the October 2025 rule had it is a question for the reader, not a result.

References: Osborne, *An Introduction to Game Theory*, ch. 2 and 4; Harsanyi & Selten (1988),
*A General Theory of Equilibrium Selection in Games*; Schelling, *Arms and Influence* (1966), ch. 2.
All numbers here are teaching calibrations, not figures from the articles.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from numbers import Real

import numpy as np

from tradewar.models.regime import RegimeGrid, plane
from tradewar.models.solved import solved_tree
from tradewar.spec import Param, numbers, specs, validate_all
from tradewar.text import fmt
from tradewar.games import REL_TOL as _REL_TOL

__all__ = [
    "TITLE", "PARAMS", "LABELS", "ORDERS", "ChickenResult",
    "solve", "matrix", "game", "regime_grid", "prisoners_dilemma",
]

TITLE = "M2 Asymmetric chicken, commitment, risk dominance"

ORDERS = ("simultaneous", "US moves first", "China moves first")

PARAMS = specs(
    Param("c_us", "US cost of a crash (c_U)", 5, 1.5, 10, 0.1, "payoff units",
          help="What an all-out fight costs the US (inflation, markets, midterms); must exceed h."),
    Param("c_cn", "China's cost of a crash (c_C)", 3, 1.5, 10, 0.1, "payoff units",
          help="What an all-out fight costs China (lower if it is ready to walk); must exceed h."),
    Param("g", "Gain from prevailing (g)", 2, 0.5, 5, 0.1, "payoff units",
          help="What a side gains by standing firm while the other yields; range [0.5, 5] chosen here."),
    Param("h", "Loss from yielding (h)", 1, 0.1, 3, 0.1, "payoff units",
          help="What a side loses by yielding to a hawk; must stay below c_U and c_C; range [0.1, 3] chosen here."),
    Param("order", "Move order", "simultaneous", kind="choice", choices=ORDERS,
          help="Simultaneous moves, or one side commits first and the other replies."),
)

HAWK, DOVE = "Hawk", "Dove"
ACTIONS = (DOVE, HAWK)  # Dove first: the top-left cell is the status quo (0, 0)
PLAYERS = ("US", "China")

US_HAWK = "US Hawk, China Dove"
CN_HAWK = "US Dove, China Hawk"

US_YIELDS = "US yields (US Dove, China Hawk)"
CN_YIELDS = "China yields (US Hawk, China Dove)"
NO_PICK = "No risk-dominant equilibrium (c_U = c_C)"
NOT_CHICKEN = "Not chicken (a crash costs no more than yielding)"
LABELS = (US_YIELDS, CN_YIELDS, NO_PICK, NOT_CHICKEN)

_THE = {"US": "the US", "China": "China"}



def _validated(given: dict) -> dict:
    p = validate_all(PARAMS, given)
    # Chicken needs a crash to be worse than yielding for both sides; otherwise Hawk dominates.
    for c in ("c_us", "c_cn"):
        if not p[c] > p["h"]:
            raise ValueError(
                f"{c} ({PARAMS[c].label}) = {p[c]!r} and h ({PARAMS['h'].label}) = {p['h']!r}:"
                f" chicken needs {c} > h (a crash must cost more than yielding)."
            )
    return p


@dataclass(frozen=True)
class ChickenResult:
    """The equilibria of M2 and the selection the move order or risk dominance makes.

    pure_equilibria, risk_dominant and first_mover_outcome are labels "US Hawk, China Dove" or
    "US Dove, China Hawk". path and payoffs describe the subgame-perfect play when a side moves
    first, and are () and None when the moves are simultaneous. p_us_hawk and p_cn_hawk are the
    mixed-equilibrium probabilities notebook 01 writes x and y (p and q mean other things in the
    course), and p_crash = x·y.
    """

    params: tuple  # ((name, value), ...): the validated inputs, so matrix and tree can be rebuilt
    order: str
    pure_equilibria: tuple
    p_us_hawk: object
    p_cn_hawk: object
    p_crash: object
    mixed_payoffs: tuple  # (US, China) in the mixed equilibrium
    risk_dominant: object
    first_mover: object
    first_mover_outcome: object
    path: tuple
    payoffs: object
    outcome: str

    def inputs(self) -> dict:
        return dict(self.params)

    def matrix(self):
        return matrix(**self.inputs())

    def tree(self):
        return solved_tree(game, self.params)[0]

    def solution(self):
        return solved_tree(game, self.params)[1]

    def explain(self) -> list[str]:
        return _explain(self)


def _mixed(c_us, c_cn, g, h):
    # Each side mixes so as to leave the *other* indifferent, so its probability depends on the
    # other side's payoffs: the source of the "mixed paradox".
    p_us = g / (g + c_cn - h)
    p_cn = g / (g + c_us - h)
    return p_us, p_cn


def _risk_products(c_us, c_cn, g, h):
    """Harsanyi-Selten: the product of the two deviation losses at each pure equilibrium, for
    (US Dove, China Hawk) and (US Hawk, China Dove). The first is larger iff c_us > c_cn."""
    return g * (c_us - h), g * (c_cn - h)


def _risk_tol(p_us_yields, p_cn_yields, exact):
    # Float inputs count as tied within the relative tolerance games.normal uses, so that the
    # model, its matrix view and a slider's 3.0000000000000004 all agree on "equal".
    return 0 if exact else _REL_TOL * np.maximum(1.0, np.maximum(abs(p_us_yields), abs(p_cn_yields)))


def _risk_dominant(c_us, c_cn, g, h):
    p1, p2 = _risk_products(c_us, c_cn, g, h)
    exact = all(isinstance(x, Fraction) for x in (c_us, c_cn, g, h))
    if abs(p1 - p2) <= _risk_tol(p1, p2, exact):
        return None
    return CN_HAWK if p1 > p2 else US_HAWK


def solve(**params) -> ChickenResult:
    """Solve M2 in closed form: pure and mixed equilibria, risk dominance, first-mover play."""
    p = _validated(params)
    c_us, c_cn, g, h = numbers(p, ("c_us", "c_cn", "g", "h"))
    order = p["order"]
    p_us, p_cn = _mixed(c_us, c_cn, g, h)
    risk = _risk_dominant(c_us, c_cn, g, h)

    if order == "simultaneous":
        first = first_outcome = pay = None
        path = ()
        outcome = {CN_HAWK: US_YIELDS, US_HAWK: CN_YIELDS, None: NO_PICK}[risk]
    else:
        # The first mover commits to Hawk: the follower then yields (-h > -c) and the leader gets
        # g > -h, which beats yielding first.
        first = "US" if order == "US moves first" else "China"
        first_outcome = US_HAWK if first == "US" else CN_HAWK
        path = (HAWK, DOVE)
        pay = (g, -h) if first == "US" else (-h, g)
        outcome = CN_YIELDS if first == "US" else US_YIELDS

    return ChickenResult(
        params=tuple(p.items()),
        order=order,
        pure_equilibria=(US_HAWK, CN_HAWK),
        p_us_hawk=p_us,
        p_cn_hawk=p_cn,
        p_crash=p_us * p_cn,
        mixed_payoffs=(-h * p_cn, -h * p_us),  # each side's Dove payoff, which its mix equalizes
        risk_dominant=risk,
        first_mover=first,
        first_mover_outcome=first_outcome,
        path=path,
        payoffs=pay,
        outcome=outcome,
    )


def _cells(p: dict) -> dict:
    c_us, c_cn, g, h = numbers(p, ("c_us", "c_cn", "g", "h"))
    zero = 0 * g
    return {(DOVE, DOVE): (zero, zero), (DOVE, HAWK): (-h, g), (HAWK, DOVE): (g, -h), (HAWK, HAWK): (-c_us, -c_cn)}


def matrix(**params):
    """The simultaneous game as a NormalFormGame: rows the US, columns China, actions (Dove, Hawk).
    The move order is ignored: this is the strategic form of the simultaneous game."""
    from tradewar.games.normal import NormalFormGame

    cells = _cells(_validated(params))
    A = [[cells[(r, c)][0] for c in ACTIONS] for r in ACTIONS]
    B = [[cells[(r, c)][1] for c in ACTIONS] for r in ACTIONS]
    return NormalFormGame(A, B, row_actions=ACTIONS, col_actions=ACTIONS, players=PLAYERS)


def game(**params):
    """The sequential game as a Tree (players US = 0, China = 1), the first mover at the root.
    With order="simultaneous" there is no tree of perfect information: use matrix()."""
    p = _validated(params)
    if p["order"] == "simultaneous":
        raise ValueError('order = "simultaneous" has no game tree: pass order="US moves first" or'
                         ' "China moves first", or use matrix() for the simultaneous game.')
    from tradewar.games.tree import Decision, Leaf, Tree

    cells = _cells(p)
    lead = 0 if p["order"] == "US moves first" else 1
    follow = 1 - lead
    a, b = PLAYERS[lead], PLAYERS[follow]

    def leaf(lead_move, follow_move):
        us_move, cn_move = (lead_move, follow_move) if lead == 0 else (follow_move, lead_move)
        return Leaf(cells[(us_move, cn_move)], f"US {us_move}, China {cn_move}")

    def reply(lead_move):
        name = f"the second move ({b}, after {_THE[a]} plays {lead_move})"
        return Decision(follow, name, tuple((m, leaf(lead_move, m)) for m in ACTIONS))

    root = Decision(lead, f"the first move ({a})", tuple((m, reply(m)) for m in ACTIONS))
    return Tree(root, PLAYERS)


def regime_grid(x: str = "c_us", y: str = "c_cn", n: int = 61, **params) -> RegimeGrid:
    """The selected outcome over a plane of two numeric parameters, each over its slider range.
    Cells where a crash costs no more than yielding (c <= h) are marked NOT_CHICKEN."""
    p = _validated(params)
    numeric = [k for k, spec in PARAMS.items() if spec.kind == "float"]
    xs, ys, gr = plane(PARAMS, p, x, y, n, numeric)

    if p["order"] == "simultaneous":
        p1, p2 = _risk_products(gr["c_us"], gr["c_cn"], gr["g"], gr["h"])
        tie = abs(p1 - p2) <= _risk_tol(p1, p2, exact=False)
        codes = np.where(tie, 2, np.where(p1 > p2, 0, 1))
    else:
        codes = np.full((n, n), 1 if p["order"] == "US moves first" else 0)
    valid = (gr["c_us"] > gr["h"]) & (gr["c_cn"] > gr["h"])
    codes = np.where(valid, codes, 3).astype(np.int8)
    return RegimeGrid(x, y, xs, ys, codes, LABELS, (float(p[x]), float(p[y])))


def prisoners_dilemma(T=5, R=3, P=1, S=0):
    """The tariff war read as a prisoner's dilemma (notebook 01): each side chooses Truce or Tariff.
    T: tariff against a truce; R: both keep the truce; P: both raise tariffs; S: truce against a tariff.
    Needs T > R > P > S."""
    from tradewar.games.normal import NormalFormGame

    vals = {"T": T, "R": R, "P": P, "S": S}
    for name, val in vals.items():
        if isinstance(val, bool) or not isinstance(val, Real) or (isinstance(val, float) and not math.isfinite(val)):
            raise ValueError(f"{name} = {val!r} is not a finite number: T, R, P and S must be numbers with T > R > P > S.")
    for (n1, v1), (n2, v2) in zip(list(vals.items()), list(vals.items())[1:]):
        if not v1 > v2:
            raise ValueError(f"{n1} = {v1!r} and {n2} = {v2!r}: a prisoner's dilemma needs {n1} > {n2} (T > R > P > S).")
    T, R, P, S = numbers(vals, "TRPS")
    actions = ("Truce", "Tariff")
    A = [[R, S], [T, P]]
    B = [[R, T], [S, P]]
    return NormalFormGame(A, B, row_actions=actions, col_actions=actions, players=PLAYERS)


def _probabilities(*xs) -> list[str]:
    """One format for every probability in an explanation: exact fractions (1/3, 2/11) when all are
    exact with modest denominators, as notebook 01 writes them; otherwise decimals (0.333, 0.2)."""
    if all(isinstance(x, Fraction) and x.denominator <= 1000 for x in xs):
        return [str(x) for x in xs]
    return [fmt(float(x), 3) for x in xs]


def _explain(r: ChickenResult) -> list[str]:
    p = r.inputs()
    c_us, c_cn, g, h = numbers(p, ("c_us", "c_cn", "g", "h"))
    # The paradox, shown with a concrete step of one payoff unit in c_U.
    _, p_cn_up = _mixed(c_us + 1, c_cn, g, h)
    x, y, crash, y_up = _probabilities(r.p_us_hawk, r.p_cn_hawk, r.p_crash, p_cn_up)
    out = [
        f"Standing firm against a side that yields gains g = {fmt(g)}, yielding to a hawk loses h = {fmt(h)},"
        f" and a crash (both Hawk) costs the US c_U = {fmt(c_us)} and China c_C = {fmt(c_cn)}.",
        f"Against a hawk the best reply is to yield (-h = {fmt(-h)} beats a crash), against a dove it is to"
        f" stand firm (g = {fmt(g)} beats 0): so the pure equilibria are ({r.pure_equilibria[0]}) and"
        f" ({r.pure_equilibria[1]}).",
        f"In the mixed equilibrium the US plays Hawk with probability x = g/(g + c_C - h) = {x},"
        f" which leaves China indifferent, and China plays Hawk with probability y = g/(g + c_U - h) ="
        f" {y}; the trade war crashes with probability x·y = {crash}.",
        f"The mixed paradox: China's hawk probability depends on the US's crash cost, not on its own."
        f" If c_U were {fmt(c_us + 1)} instead of {fmt(c_us)}, China would play Hawk with probability"
        f" {y_up} instead of {y}: a US that fears the crash more makes China less"
        f" hawkish, because China's mix must keep that US indifferent.",
    ]
    if r.risk_dominant is None:
        out.append(f"Neither pure equilibrium risk-dominates: both sides lose the same in a crash"
                   f" (c_U = c_C = {fmt(c_us)}).")
    else:
        loser, lc, wc = ("US", c_us, c_cn) if c_us > c_cn else ("China", c_cn, c_us)
        winner = "China" if loser == "US" else "US"
        out.append(
            f"Risk dominance selects ({r.risk_dominant}): {_THE[loser]} loses more in a crash"
            f" ({fmt(lc)} against {fmt(wc)}), so the product of deviation losses is g·(c - h) = {fmt(g * (lc - h))}"
            f" for the equilibrium where {_THE[loser]} yields, against {fmt(g * (wc - h))} where {winner} yields."
            f" Risk dominance predicts that the side that fears the crash more concedes."
        )
    if r.first_mover is None:
        out.append(f"Outcome with simultaneous moves (risk dominance): {r.outcome}.")
    else:
        lead = r.first_mover
        follow = "China" if lead == "US" else "US"
        c_follow = c_cn if follow == "China" else c_us
        out.append(
            f"If {_THE[lead]} moves first and cannot take the move back, it commits to Hawk: {_THE[follow]}"
            f" then compares yielding (-h = {fmt(-h)}) with a crash (-{'c_C' if follow == 'China' else 'c_U'} ="
            f" {fmt(-c_follow)}) and yields, so {_THE[lead]} gets g = {fmt(g)} instead of the -h = {fmt(-h)}"
            f" it would get by yielding first. Moving first wins."
        )
        out.append(f"Outcome: {r.outcome}.")
    return out
