"""The strategic form of a two-player tree (tradewar.games.tree) and its pure Nash equilibria,
each flagged as subgame perfect or as resting on a threat that would not be carried out.

PUBLIC CONTRACT (other modules rely on these names; internals are free):

    strategic_form(tree) -> NormalFormGame       two-player trees only
    nash_equilibria(tree) -> tuple[FlaggedEquilibrium]
        FlaggedEquilibrium: profile (dict node -> action for both players), payoffs,
        subgame_perfect: bool, noncredible: tuple of node names where the profile prescribes an
        action that is not optimal in that subgame (a threat that would not be carried out)

ADDITIONS (beyond the contract, free to use):

    FlaggedEquilibrium: strategies (row label, column label) as in strategic_form.
    nash_equilibria and strategic_form refuse forms with more than 10^6 cells (ValueError).

Ties follow the one rule of tradewar.games, as in backward induction and NormalFormGame.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from tradewar.games import REL_TOL as _REL_TOL
from tradewar.games.backward import _gt_exact, _gt_float
from tradewar.games.tree import _DECISION, _LEAF, Tree

__all__ = ["FlaggedEquilibrium", "strategic_form", "nash_equilibria"]

_MAX_CELLS = 10**6       # refuse strategic forms larger than this


@dataclass(frozen=True)
class FlaggedEquilibrium:
    profile: dict
    payoffs: tuple
    subgame_perfect: bool
    noncredible: tuple
    strategies: tuple = ()


def _strategies(tree):
    if not isinstance(tree, Tree):
        raise ValueError(f"expected a Tree, got {type(tree).__name__}")
    flat = tree._flat
    if flat.P != 2:
        raise ValueError(f"the strategic form is built for two-player trees only; this tree has "
                         f"{flat.P} players")
    own = [[], []]
    for u in flat.preorder():
        if flat.kind[u] == _DECISION:
            own[flat.player[u]].append(u)
    sizes = [math.prod(flat.count[u] for u in ids) for ids in own]
    if sizes[0] * sizes[1] > _MAX_CELLS:
        raise ValueError(f"the strategic form would have {sizes[0]:,} x {sizes[1]:,} = "
                         f"{sizes[0] * sizes[1]:,} cells, more than the {_MAX_CELLS:,} allowed; "
                         "use backward_induction on the tree instead")
    return flat, own, sizes


def _strategy_labels(flat, ids):
    if not ids:
        return ["(no move)"]
    return ["/".join(p) for p in itertools.product(*([a for a, _ in flat.nodes[u].moves] for u in ids))]


def _matrices(tree):
    flat, own, sizes = _strategies(tree)
    exact = flat.mode != "float"
    dtype = object if exact else np.float64
    mats = [np.zeros(tuple(sizes), dtype=dtype) for _ in range(2)]
    digits = []
    for p in range(2):
        radices = [flat.count[u] for u in own[p]]
        if radices:
            digits.append({u: d for u, d in zip(own[p], np.unravel_index(np.arange(sizes[p]), radices))})
        else:
            digits.append({})
    # Each leaf adds its (chance-weighted) payoff to every cell whose strategies lead to it.
    stack = [(0, 1, ())]
    nodes, kind, first, count, prob, player = flat.nodes, flat.kind, flat.first, flat.count, flat.prob, flat.player
    while stack:
        u, w, cons = stack.pop()
        k = kind[u]
        if k == _LEAF:
            sel = []
            for p in range(2):
                mask = np.ones(sizes[p], dtype=bool)
                for v, a in cons:
                    if player[v] == p:
                        mask &= digits[p][v] == a
                sel.append(np.flatnonzero(mask))
            ix = np.ix_(sel[0], sel[1])
            for p in range(2):
                x = nodes[u].payoffs[p] if w == 1 else w * nodes[u].payoffs[p]
                if x:
                    mats[p][ix] = mats[p][ix] + x
        elif k == _DECISION:
            stack.extend((first[u] + j, w, cons + ((u, j),)) for j in range(count[u]))
        else:
            stack.extend((first[u] + j, w * prob[first[u] + j], cons)
                         for j in range(count[u]) if prob[first[u] + j])
    return flat, own, sizes, mats, exact


def strategic_form(tree):
    """The strategic form of a two-player tree: a pure strategy names one move at each of the
    player's decision nodes (in preorder), labelled like "Escalate/Persist"; chance moves are
    averaged out. Refuses forms with more than 10^6 cells."""
    from tradewar.games.normal import NormalFormGame  # lazy: normal.py must not be needed to import trees

    flat, own, sizes, (A, B), exact = _matrices(tree)
    return NormalFormGame(A.tolist(), B.tolist(), row_actions=_strategy_labels(flat, own[0]),
                          col_actions=_strategy_labels(flat, own[1]), players=tuple(tree.players))


def _noncredible(flat, act, gt):
    """Decision ids where the profile `act` (id -> move index) is not optimal given `act` below."""
    kind, first, count, prob, player, P = flat.kind, flat.first, flat.count, flat.prob, flat.player, flat.P
    V, bad = [None] * flat.n, []
    for u in range(flat.n - 1, -1, -1):
        k = kind[u]
        if k == _LEAF:
            V[u] = flat.pay[u]
        elif k == _DECISION:
            f, i = first[u], player[u]
            V[u] = V[f + act[u]]
            if count[u] > 1 and gt(max(V[f + j][i] for j in range(count[u])), V[u][i]):
                bad.append(u)
        else:
            f, c = first[u], count[u]
            V[u] = tuple(sum(prob[f + j] * V[f + j][q] for j in range(c)) for q in range(P))
    return bad


def nash_equilibria(tree):
    """Every pure Nash equilibrium of the strategic form, each flagged as subgame perfect or as
    resting on moves that would not be carried out (named in `noncredible`)."""
    flat, own, sizes, (A, B), exact = _matrices(tree)
    if exact:
        okA = (A >= A.max(axis=0)[None, :]).astype(bool)
        okB = (B >= B.max(axis=1)[:, None]).astype(bool)
        gt = _gt_exact
    else:
        def ok(M, mx):
            return mx - M <= _REL_TOL * np.maximum(np.abs(M), np.abs(mx))
        okA, okB = ok(A, A.max(axis=0)[None, :]), ok(B, B.max(axis=1)[:, None])
        gt = _gt_float
    labels = [_strategy_labels(flat, own[0]), _strategy_labels(flat, own[1])]
    pre = flat.preorder()
    rank = {u: r for r, u in enumerate(pre)}
    dec = [u for u in pre if flat.kind[u] == _DECISION]
    radices = [[flat.count[u] for u in own[p]] for p in range(2)]
    out = []
    for i, j in zip(*np.nonzero(okA & okB)):
        act = {}
        for p, s in ((0, int(i)), (1, int(j))):
            if own[p]:
                act.update(zip(own[p], (int(x) for x in np.unravel_index(s, radices[p]))))
        bad = sorted(_noncredible(flat, act, gt), key=rank.__getitem__)
        out.append(FlaggedEquilibrium(
            profile={flat.nodes[u].name: flat.nodes[u].moves[act[u]][0] for u in dec},
            payoffs=(_plain(A[i, j]), _plain(B[i, j])),
            subgame_perfect=not bad,
            noncredible=tuple(flat.nodes[u].name for u in bad),
            strategies=(labels[0][i], labels[1][j])))
    return tuple(out)


def _plain(x):
    return x.item() if isinstance(x, np.generic) else x
