"""Extensive-form games with perfect information and chance moves: the nodes and the tree.

PUBLIC CONTRACT (other modules rely on these names; internals are free):

    Leaf(payoffs, label="")                      payoffs: tuple, one number per player
    Decision(player, name, moves)                player: int index into Tree.players;
                                                 name: unique str naming the node ("US, after Retaliate");
                                                 moves: tuple of (action_label, child) pairs
    Chance(name, moves)                          moves: tuple of (action_label, probability, child)
    Tree(root, players)                          players: tuple of names, e.g. ("US", "China")
        .nodes()  -> iterator over (path, node), path a tuple of action labels from the root, preorder
        .decision_nodes() -> list of Decision nodes in preorder

ADDITIONS (beyond the contract, free to use):

    Builders: moves may be given as a dict ({"Not": Leaf((0, 0))} or, for chance,
        {"High": (Fraction(1, 2), child)}); a child may be a bare payoff tuple, read as a Leaf.
    Tree: len(tree) (number of nodes), tree.find(name) -> the Decision/Chance node of that name.

The rest of the tree code, one job per module: backward induction (tradewar.games.backward),
strategic form and Nash equilibria (tradewar.games.tree_form), Gambit .efg files
(tradewar.games.efg) and random trees for tests and benchmarks (tradewar.games.random_tree).

Numbers: int and Fraction payoffs and probabilities stay exact (no float anywhere on that path).
Floats are compared by the one rule of tradewar.games (`games.close`): equal when they differ by at
most REL_TOL = 1e-12 of the larger of the two.

Internals shared with those modules: the flat (breadth-first array) layout `_Flat` built once per
Tree (`tree._flat`), the node kinds _LEAF/_DECISION/_CHANCE, and `_quiet_gc`.
"""
from __future__ import annotations

import gc
import math
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from numbers import Integral, Real

import numpy as np

from tradewar.text import fmt

__all__ = ["Leaf", "Decision", "Chance", "Tree"]

_LEAF, _DECISION, _CHANCE = 0, 1, 2
_INT_BOUND = 2**62        # ints beyond this would overflow int64 in the numpy path


@contextmanager
def _quiet_gc(n=None):
    """Pause the cyclic garbage collector while building or solving a big tree: each collection
    walks every live node (a million of them), and nothing made here forms a cycle."""
    if (n is not None and n < 50_000) or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# --------------------------------------------------------------------------------------------
# Nodes
# --------------------------------------------------------------------------------------------

_PLAIN = (int, Fraction)


def _number(x, what):
    t = type(x)
    if t in _PLAIN or (t is float and math.isfinite(x)):  # fast path: models build trees per slider move
        return x
    if isinstance(x, bool) or not isinstance(x, Real):
        raise ValueError(f"{what} must be a number (int, Fraction or float), got {x!r}")
    if isinstance(x, np.generic):  # numpy scalars -> plain Python, so exactness is decided by type
        x = x.item()
    if isinstance(x, float) and not math.isfinite(x):
        raise ValueError(f"{what} must be finite, got {x!r}")
    return x


def _child(x, where):
    if type(x) in _NODE_TYPES or isinstance(x, (Leaf, Decision, Chance)):
        return x
    if isinstance(x, (tuple, list)):  # shorthand: a bare payoff tuple is a leaf
        return Leaf(tuple(x))
    raise ValueError(f"{where}: a child must be a Leaf, Decision, Chance or a payoff tuple, got {x!r}")


def _label(lab, where, seen):
    if not isinstance(lab, str) or not lab:
        raise ValueError(f"{where}: action labels must be non-empty strings, got {lab!r}")
    if lab in seen:
        raise ValueError(f"{where}: duplicate action label {lab!r}")
    seen.add(lab)
    return lab


def _check_name(name, kind):
    if not isinstance(name, str) or not name:
        raise ValueError(f"a {kind} node needs a non-empty string name, got {name!r}")


def _same(a, b):
    """Structural equality without recursion, so trees 10^5 deep compare fine."""
    stack = [(a, b)]
    while stack:
        x, y = stack.pop()
        if x is y:
            continue
        t = type(x)
        if t is not type(y):
            return False
        if t is Leaf:
            if x.payoffs != y.payoffs or x.label != y.label:
                return False
            continue
        if x.name != y.name or len(x.moves) != len(y.moves):
            return False
        if t is Decision:
            if x.player != y.player:
                return False
            for (la, ca), (lb, cb) in zip(x.moves, y.moves):
                if la != lb:
                    return False
                stack.append((ca, cb))
        else:
            for (la, pa, ca), (lb, pb, cb) in zip(x.moves, y.moves):
                if la != lb or pa != pb:
                    return False
                stack.append((ca, cb))
    return True


def _repr(node, depth=0):
    # Depth-limited so printing a huge random tree cannot recurse without bound.
    if type(node) is Leaf:
        lab = f", {node.label!r}" if node.label else ""
        return f"Leaf({node.payoffs!r}{lab})"
    if depth >= 12:
        who = f"{node.player}, " if type(node) is Decision else ""
        return f"{type(node).__name__}({who}{node.name!r}, ...)"
    if type(node) is Decision:
        inner = ", ".join(f"({a!r}, {_repr(c, depth + 1)})" for a, c in node.moves)
        return f"Decision({node.player}, {node.name!r}, ({inner},))"
    inner = ", ".join(f"({a!r}, {p!r}, {_repr(c, depth + 1)})" for a, p, c in node.moves)
    return f"Chance({node.name!r}, ({inner},))"


class _NodeMixin:
    def __eq__(self, other):
        if not isinstance(other, (Leaf, Decision, Chance)):
            return NotImplemented
        return _same(self, other)

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __repr__(self):
        return _repr(self)


@dataclass(frozen=True, eq=False, repr=False)
class Leaf(_NodeMixin):
    """A terminal node: one payoff per player, in the order of Tree.players."""

    payoffs: tuple
    label: str = ""

    def __post_init__(self):
        p = self.payoffs
        if isinstance(p, (str, bytes)) or not hasattr(p, "__iter__"):
            raise ValueError(f"leaf payoffs must be a tuple of numbers, got {p!r}")
        p = tuple(_number(x, "a payoff") for x in p)
        if not p:
            raise ValueError("a leaf needs at least one payoff")
        object.__setattr__(self, "payoffs", p)
        if not isinstance(self.label, str):
            raise ValueError(f"a leaf label must be a string, got {self.label!r}")

    def __hash__(self):
        return hash((Leaf, self.payoffs, self.label))


@dataclass(frozen=True, eq=False, repr=False)
class Decision(_NodeMixin):
    """A node where `player` (an index into Tree.players) picks one of `moves`."""

    player: int
    name: str
    moves: tuple

    def __post_init__(self):
        _check_name(self.name, "decision")
        where = f"decision node {self.name!r}"
        pl = self.player
        if type(pl) is not int and (isinstance(pl, bool) or not isinstance(pl, Integral)) or pl < 0:
            raise ValueError(f"{where}: player must be a non-negative int index, got {pl!r}")
        object.__setattr__(self, "player", int(pl))
        raw = self.moves
        if type(raw) not in (tuple, list) and isinstance(raw, Mapping):
            raw = raw.items()
        seen, moves = set(), []
        for m in raw:
            if not isinstance(m, (tuple, list)) or len(m) != 2:
                raise ValueError(f"{where}: each move must be an (action, child) pair, got {m!r}")
            moves.append((_label(m[0], where, seen), _child(m[1], where)))
        if not moves:
            raise ValueError(f"{where} has no moves")
        object.__setattr__(self, "moves", tuple(moves))

    def __hash__(self):
        return hash((Decision, self.player, self.name, tuple(a for a, _ in self.moves)))


@dataclass(frozen=True, eq=False, repr=False)
class Chance(_NodeMixin):
    """A move of nature: `moves` are (action, probability, child) triples."""

    name: str
    moves: tuple

    def __post_init__(self):
        _check_name(self.name, "chance")
        where = f"chance node {self.name!r}"
        if type(self.moves) not in (tuple, list) and isinstance(self.moves, Mapping):
            raw = []
            for lab, v in self.moves.items():
                if not isinstance(v, (tuple, list)) or len(v) != 2:
                    raise ValueError(f"{where}: a dict of moves maps action -> (probability, child), "
                                     f"got {lab!r}: {v!r}")
                raw.append((lab, v[0], v[1]))
        else:
            raw = self.moves
        seen, moves = set(), []
        for m in raw:
            if not isinstance(m, (tuple, list)) or len(m) != 3:
                raise ValueError(f"{where}: each move must be an (action, probability, child) triple, "
                                 f"got {m!r}")
            lab = _label(m[0], where, seen)
            p = _number(m[1], f"{where}: the probability of {lab!r}")
            if not 0 <= p <= 1:
                raise ValueError(f"{where}: the probability of {lab!r} is {fmt(p)}, outside [0, 1]")
            moves.append((lab, p, _child(m[2], where)))
        if not moves:
            raise ValueError(f"{where} has no moves")
        total = sum(p for _, p, _ in moves)
        exact = not any(isinstance(p, float) for _, p, _ in moves)
        if (total != 1) if exact else (abs(total - 1) > 1e-9):
            raise ValueError(f"{where}: the probabilities sum to {fmt(total, 12)}, not 1")
        object.__setattr__(self, "moves", tuple(moves))

    def __hash__(self):
        return hash((Chance, self.name, tuple((a, p) for a, p, _ in self.moves)))


_NODE_TYPES = frozenset((Leaf, Decision, Chance))


# --------------------------------------------------------------------------------------------
# The tree and its flat (array) form
# --------------------------------------------------------------------------------------------

class _Flat:
    """The tree laid out in breadth-first order: children of a node are contiguous, and each
    depth is one contiguous block, so numpy can solve a whole level at once. Built (and the
    tree validated) once per Tree."""

    __slots__ = ("n", "P", "nodes", "kind", "player", "first", "count", "prob", "pay", "levels",
                 "mode", "names", "index", "_np", "_pre", "_dec", "_rank")

    def rank(self):
        """rank[u] = position of node u in preorder."""
        if self._rank is None:
            r = [0] * self.n
            for i, u in enumerate(self.preorder()):
                r[u] = i
            self._rank = r
        return self._rank

    def decisions(self):
        """(ids, names) of the decision nodes in preorder."""
        if self._dec is None:
            kind, names = self.kind, self.names
            ids = [u for u in self.preorder() if kind[u] == _DECISION]
            self._dec = (ids, [names[u] for u in ids])
        return self._dec

    def arrays(self):
        if self._np is None:
            kind = np.array(self.kind, dtype=np.int8)
            pay_dtype = np.int64 if self.mode == "int" else np.float64
            pay = np.zeros((self.n, self.P), dtype=pay_dtype)
            leaves = np.flatnonzero(kind == _LEAF)
            pay[leaves] = np.array([self.pay[u] for u in leaves.tolist()], dtype=pay_dtype)
            prob = np.array([0.0 if p is None else float(p) for p in self.prob])
            self._np = dict(kind=kind, player=np.array(self.player, dtype=np.int64),
                            first=np.array(self.first, dtype=np.int64),
                            count=np.array(self.count, dtype=np.int64), prob=prob, pay=pay)
        return self._np

    def preorder(self):
        """Node ids in preorder (the order of Tree.nodes())."""
        if self._pre is None:
            if self.n > 50_000 and self.n >= 200 * (len(self.levels) - 1):
                self._pre = _preorder_numpy(self)
            else:
                first, count, out, stack = self.first, self.count, [], [0]
                while stack:
                    u = stack.pop()
                    out.append(u)
                    f = first[u]
                    stack.extend(range(f + count[u] - 1, f - 1, -1))
                self._pre = out
        return self._pre


class _LazyIndex(Mapping):
    """name -> node id, built on first use (random_tree skips it: a million names cost time)."""

    def __init__(self, names):
        self._names, self._d = names, None

    def _get(self):
        if self._d is None:
            self._d = {nm: u for u, nm in enumerate(self._names) if nm is not None}
        return self._d

    def __getitem__(self, k):
        return self._get()[k]

    def __iter__(self):
        return iter(self._get())

    def __len__(self):
        return len(self._get())


def _preorder_numpy(flat):
    a = flat.arrays()
    count, first, n, lv = a["count"], a["first"], flat.n, flat.levels
    size = np.ones(n, dtype=np.int64)
    for d in range(len(lv) - 3, -1, -1):  # subtree sizes, deepest level first
        internal = lv[d] + np.flatnonzero(count[lv[d]:lv[d + 1]])
        if internal.size:
            size[internal] += np.add.reduceat(size[lv[d + 1]:lv[d + 2]], first[internal] - lv[d + 1])
    rank = np.zeros(n, dtype=np.int64)
    for d in range(len(lv) - 2):  # a child's rank: parent's + 1 + sizes of its earlier siblings
        internal = lv[d] + np.flatnonzero(count[lv[d]:lv[d + 1]])
        if not internal.size:
            continue
        reps = count[internal]
        s = size[lv[d + 1]:lv[d + 2]]
        cs = np.cumsum(s) - s
        seg = np.repeat(first[internal] - lv[d + 1], reps)
        rank[lv[d + 1]:lv[d + 2]] = np.repeat(rank[internal], reps) + 1 + cs - cs[seg]
    out = np.empty(n, dtype=np.int64)
    out[rank] = np.arange(n)
    return out.tolist()


_NONES = (None,) * 16


def _compile(root, n_players):
    """Validate the whole tree (iteratively: no recursion limit) and lay it out flat."""
    nodes, kind, player, first, count, prob, pay, names = [root], [], [], [], [], [None], [], []
    index, levels, level_end = {}, [0], 1
    has_float = has_fraction = has_chance = big_int = False
    i = 0
    while i < len(nodes):
        if i == level_end:
            levels.append(i)
            level_end = len(nodes)
        nd = nodes[i]
        t = type(nd)
        if t is Leaf:
            p = nd.payoffs
            if len(p) != n_players:
                raise ValueError(f"the leaf at {_path_text(nodes, first, count, i)} has {len(p)} "
                                 f"payoffs but the tree has {n_players} players")
            for x in p:
                tx = type(x)
                if tx is float:
                    has_float = True
                elif tx is int:
                    big_int = big_int or abs(x) >= _INT_BOUND
                else:
                    has_fraction = True
            kind.append(_LEAF)
            player.append(-1)
            first.append(0)
            count.append(0)
            pay.append(p)
            names.append(None)
        elif t is Decision or t is Chance:
            name, moves = nd.name, nd.moves
            if name in index:
                raise ValueError(f"duplicate node name {name!r}: every decision and chance node "
                                 "needs its own name")
            index[name] = i
            names.append(name)
            first.append(len(nodes))
            count.append(len(moves))
            pay.append(None)
            if t is Decision:
                if nd.player >= n_players:
                    raise ValueError(f"decision node {name!r}: player {nd.player} is out of range "
                                     f"for {n_players} players (indices 0..{n_players - 1})")
                kind.append(_DECISION)
                player.append(nd.player)
                nodes.extend([c for _, c in moves])
                prob.extend(_NONES[:len(moves)] if len(moves) <= 16 else [None] * len(moves))
            else:
                has_chance = True
                kind.append(_CHANCE)
                player.append(-1)
                for _, p, c in nd.moves:
                    nodes.append(c)
                    prob.append(p)
                    if type(p) is float:
                        has_float = True
        else:
            raise ValueError(f"not a tree node: {nd!r}")
        i += 1
    levels.append(len(nodes))
    f = _Flat()
    f.n, f.P, f.nodes, f.kind, f.player, f.first, f.count = len(nodes), n_players, nodes, kind, player, first, count
    f.prob, f.pay, f.levels, f.names, f.index, f._np, f._pre = prob, pay, levels, names, index, None, None
    f._dec = f._rank = None
    if has_float:
        f.mode = "float"
    elif has_fraction or has_chance or big_int:
        f.mode = "exact"
    else:
        f.mode = "int"  # int payoffs, no chance: int64 arrays are exact
    return f


def _parents(flat):
    par = [-1] * flat.n
    for u in range(flat.n):
        f = flat.first[u]
        for c in range(f, f + flat.count[u]):
            par[c] = u
    return par


def _path_text(nodes, first, count, i):
    # Only called on errors: rebuild the parent links of the part laid out so far.
    par = {}
    for u in range(min(i, len(first))):
        for c in range(first[u], first[u] + count[u]):
            par[c] = u
    labels = []
    while i in par:
        p = par[i]
        labels.append(nodes[p].moves[i - first[p]][0])
        i = p
    return "the root" if not labels else "path " + " > ".join(reversed(labels))


@dataclass(frozen=True, eq=True, repr=False)
class Tree:
    """A game tree: `root` and the players' names (payoff tuples follow this order)."""

    root: object
    players: tuple

    def __post_init__(self):
        players = self.players
        if isinstance(players, str) or not hasattr(players, "__iter__"):
            raise ValueError(f"players must be a tuple of names, got {players!r}")
        players = tuple(players)
        if not players or not all(isinstance(p, str) for p in players):
            raise ValueError(f"players must be a non-empty tuple of strings, got {players!r}")
        object.__setattr__(self, "players", players)
        if not isinstance(self.root, (Leaf, Decision, Chance)):
            raise ValueError(f"the root must be a Leaf, Decision or Chance node, got {self.root!r}")
        with _quiet_gc():
            object.__setattr__(self, "_flat", _compile(self.root, len(players)))

    def __repr__(self):
        return f"Tree(players={self.players!r}, nodes={len(self)}, root={_repr(self.root, 10)})"

    def __len__(self):
        return self._flat.n

    def nodes(self):
        """(path, node) for every node in preorder; path is the tuple of action labels from the root."""
        stack = [((), self.root)]
        while stack:
            path, nd = stack.pop()
            yield path, nd
            if type(nd) is Decision:
                stack.extend((path + (a,), c) for a, c in reversed(nd.moves))
            elif type(nd) is Chance:
                stack.extend((path + (a,), c) for a, _, c in reversed(nd.moves))

    def decision_nodes(self):
        fl = self._flat
        return [fl.nodes[u] for u in fl.preorder() if fl.kind[u] == _DECISION]

    def find(self, name):
        """The decision or chance node called `name` (KeyError if there is none)."""
        return self._flat.nodes[self._flat.index[name]]
