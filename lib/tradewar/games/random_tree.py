"""Random perfect-information trees of a given size, for tests and benchmarks.

    random_tree(n_nodes, branching=(2, 4), n_players=2, chance=0.0, seed=0, payoffs="float",
                int_range=(-3, 3))
"""
from __future__ import annotations

from fractions import Fraction
from numbers import Integral

import numpy as np

from tradewar.games.tree import (
    _CHANCE, _DECISION, Chance, Decision, Leaf, Tree, _Flat, _LazyIndex, _quiet_gc,
)

__all__ = ["random_tree"]


def random_tree(n_nodes, branching=(2, 4), n_players=2, chance=0.0, seed=0, payoffs="float",
                int_range=(-3, 3)):
    """A random tree with exactly `n_nodes` nodes, built breadth first.

    Each internal node has between branching[0] and branching[1] children (the last one may have
    fewer, to hit n_nodes exactly); some nodes below the root are leaves early, so depths vary.
    `chance` is the probability that an internal node is a chance node. `payoffs` is "float"
    (standard normal: no ties), "int" (integers in int_range, -3..3 by default: many ties) or
    "fraction" (small fractions, numerators in int_range). A narrow int_range such as (0, 1) puts
    ties at most decision nodes. Chance probabilities are floats for float payoffs and exact Fractions otherwise.
    Decision nodes are named "d<id>", chance nodes "c<id>", moves "a0", "a1", ...
    """
    if isinstance(n_nodes, bool) or not isinstance(n_nodes, Integral) or n_nodes < 1:
        raise ValueError(f"n_nodes must be a positive int, got {n_nodes!r}")
    lo, hi = branching
    if not (isinstance(lo, Integral) and isinstance(hi, Integral) and 1 <= lo <= hi):
        raise ValueError(f"branching must be (low, high) with 1 <= low <= high, got {branching!r}")
    if not isinstance(n_players, Integral) or n_players < 1:
        raise ValueError(f"n_players must be a positive int, got {n_players!r}")
    if not 0 <= chance <= 1:
        raise ValueError(f"chance must be a probability in [0, 1], got {chance!r}")
    if payoffs not in ("float", "int", "fraction"):
        raise ValueError(f"payoffs must be 'float', 'int' or 'fraction', got {payoffs!r}")
    ilo, ihi = int_range if isinstance(int_range, (tuple, list)) and len(int_range) == 2 else (None, None)
    if not (isinstance(ilo, Integral) and isinstance(ihi, Integral) and ilo <= ihi
            and max(abs(ilo), abs(ihi)) < 2**62):
        raise ValueError(f"int_range must be (low, high) ints with low <= high, got {int_range!r}")
    n, lo, hi = int(n_nodes), int(lo), int(hi)
    rng = np.random.default_rng(seed)
    mean = (lo + hi) / 2
    q = min(0.3, max(0.0, 1 - 1.5 / mean))  # early-leaf rate that keeps the tree growing
    c = np.where(rng.random(n) < q, 0, rng.integers(lo, hi + 1, n))
    if n == 1:
        c[:] = 0
    else:
        c[0] = lo
        while True:  # node i must exist (tot[i-1] > i) before it is expanded; revive dead ends
            tot = 1 + np.cumsum(c)
            bad = np.flatnonzero((tot[:-1] <= np.arange(1, n)) & (tot[:-1] < n))
            if not bad.size:
                break
            c[bad[0]] = lo
        tot = 1 + np.cumsum(c)
        m = int(np.argmax(tot >= n))
        c[m] -= tot[m] - n
        c[m + 1:] = 0
    count = c.astype(np.int64)
    first = np.zeros(n, dtype=np.int64)
    first[0] = 1
    first[1:] = 1 + np.cumsum(count)[:-1]
    first[count == 0] = 0
    internal = np.flatnonzero(count)
    kind = np.zeros(n, dtype=np.int8)
    kind[internal] = np.where(rng.random(internal.size) < chance, _CHANCE, _DECISION)
    player = np.where(kind == _DECISION, rng.integers(0, n_players, n), -1).astype(np.int64)
    levels = [0, 1]
    while levels[-1] < n:  # BFS: the next level is everything the current level's nodes created
        a, b = levels[-2], levels[-1]
        seg = count[a:b] > 0
        levels.append(int((first[a:b] + count[a:b])[seg].max()))
    leaves = np.flatnonzero(count == 0)
    if payoffs == "float":
        pay = np.zeros((n, n_players))
        pay[leaves] = rng.standard_normal((leaves.size, n_players))
        leaf_pay = pay[leaves].tolist()
    else:
        ints = rng.integers(int(ilo), int(ihi) + 1, (leaves.size, n_players))
        pay = np.zeros((n, n_players), dtype=np.int64)
        pay[leaves] = ints
        if payoffs == "int":
            leaf_pay = ints.tolist()
        else:
            dens = rng.integers(1, 5, (leaves.size, n_players)).tolist()
            leaf_pay = [[Fraction(x, d) for x, d in zip(r, ds)] for r, ds in zip(ints.tolist(), dens)]
    prob = [None] * n
    chance_ids = np.flatnonzero(kind == _CHANCE).tolist()
    if chance_ids:
        for u in chance_ids:
            f, k = int(first[u]), int(count[u])
            w = rng.integers(1, 5, k)
            if payoffs == "float":
                ps = (w / w.sum()).tolist()
            else:
                s = int(w.sum())
                ps = [Fraction(int(x), s) for x in w]
            prob[f:f + k] = ps

    labels = tuple(f"a{j}" for j in range(hi))
    nodes = [None] * n
    names = [None] * n
    pay_list = [None] * n
    new = object.__new__
    with _quiet_gc(n):
        # Bypasses validation (__init__): the nodes are correct by construction, a million of them.
        for u, p in zip(leaves.tolist(), leaf_pay):
            t = tuple(p)
            pay_list[u] = t
            o = nodes[u] = new(Leaf)
            o.__dict__.update(payoffs=t, label="")
        kl, fl, cl_, pl = kind.tolist(), first.tolist(), count.tolist(), player.tolist()
        for u in reversed(internal.tolist()):
            f, k = fl[u], cl_[u]
            if kl[u] == _DECISION:
                nm = names[u] = f"d{u}"
                o = nodes[u] = new(Decision)
                o.__dict__.update(player=pl[u], name=nm, moves=tuple(zip(labels[:k], nodes[f:f + k])))
            else:
                nm = names[u] = f"c{u}"
                o = nodes[u] = new(Chance)
                o.__dict__.update(name=nm, moves=tuple(zip(labels[:k], prob[f:f + k], nodes[f:f + k])))
    players = tuple(f"Player {i + 1}" for i in range(n_players))

    flat = _Flat()
    flat.n, flat.P, flat.nodes, flat.kind, flat.player = n, n_players, nodes, kl, pl
    flat.first, flat.count, flat.prob, flat.pay, flat.levels = fl, cl_, prob, pay_list, levels
    flat.names, flat.index, flat._pre, flat._dec, flat._rank = names, _LazyIndex(names), None, None, None
    if payoffs == "float":
        flat.mode = "float"
    else:
        flat.mode = "int" if payoffs == "int" and not chance_ids else "exact"
    flat._np = None
    if flat.mode != "exact":
        flat._np = dict(kind=kind, player=player, first=first, count=count,
                        prob=np.array([0.0 if p is None else float(p) for p in prob]) if chance_ids
                        else np.zeros(n), pay=pay)
    tree = object.__new__(Tree)
    tree.__dict__.update(root=nodes[0], players=players, _flat=flat)
    return tree
