"""Extensive-form games with perfect information and chance moves.

PUBLIC CONTRACT (other modules rely on these names; internals are free):

    Leaf(payoffs, label="")                      payoffs: tuple, one number per player
    Decision(player, name, moves)                player: int index into Tree.players;
                                                 name: unique str naming the node ("US, after Retaliate");
                                                 moves: tuple of (action_label, child) pairs
    Chance(name, moves)                          moves: tuple of (action_label, probability, child)
    Tree(root, players)                          players: tuple of names, e.g. ("US", "China")
        .nodes()  -> iterator over (path, node), path a tuple of action labels from the root, preorder
        .decision_nodes() -> list of Decision nodes in preorder

    backward_induction(tree) -> Solution         every subgame-perfect equilibrium (SPE)
    Solution (frozen dataclass):
        players, value (payoff tuple at the root under the first SPE),
        choice: dict node name -> chosen action (first SPE, ties broken by move order),
        ties: dict node name -> tuple of all optimal actions (only nodes with more than one),
        equilibria: tuple of dicts (every SPE, each node name -> action),
        path: tuple of action labels along the first SPE's play path,
        values: dict node name -> payoff tuple (continuation value at each decision node)
        explain() -> list[str]: plain sentences generated from the solved tree, deepest node first
    strategic_form(tree) -> NormalFormGame       two-player trees only
    nash_equilibria(tree) -> tuple[FlaggedEquilibrium]
        FlaggedEquilibrium: profile (dict node -> action for both players), payoffs,
        subgame_perfect: bool, noncredible: tuple of node names where the profile prescribes an
        action that is not optimal in that subgame (a threat that would not be carried out)
    to_efg(tree) -> str, from_efg(text) -> Tree  Gambit .efg for perfect-information trees

ADDITIONS (beyond the contract, free to use):

    Builders: moves may be given as a dict ({"Not": Leaf((0, 0))} or, for chance,
        {"High": (Fraction(1, 2), child)}); a child may be a bare payoff tuple, read as a Leaf.
    Tree: len(tree) (number of nodes), tree.find(name) -> the Decision/Chance node of that name.
    Solution: n_equilibria (exact count, saturating at 10^18; may exceed len(equilibria); a lower
        bound when truncated, since huge tied trees with chance nodes are only partly explored),
        truncated (enumeration stopped at max_equilibria), outcomes ((path, probability, payoffs)
        for every leaf the first SPE reaches with positive probability), tree (the solved Tree).
        `path` stops at the first chance node (play is no longer a single line after it).
        Equilibria are listed in a fixed order: the first SPE first, then by backtracking.
    FlaggedEquilibrium: strategies (row label, column label) as in strategic_form.
    backward_induction(tree, max_equilibria=10_000, method="auto" | "python" | "numpy")
        "auto" solves big, bushy int/float trees level by level with numpy (10^6 nodes in well
        under 2 s) and everything else, exact trees and deep paths included, in a Python loop.
    nash_equilibria and strategic_form refuse forms with more than 10^6 cells (ValueError).
    random_tree(n_nodes, branching=(2, 4), n_players=2, chance=0.0, seed=0, payoffs="float")

Numbers: int and Fraction payoffs and probabilities stay exact (no float anywhere on that path).
Floats are compared with a relative tolerance of 1e-9, so a tie survives rounding in expected values.
Very large solutions (more than ~2 million node-choices in total) hand back each SPE as a read-only
Mapping that shares storage with the first SPE instead of a fresh dict.
"""
from __future__ import annotations

import gc
import itertools
import math
import re
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from numbers import Integral, Real

import numpy as np

from tradewar.text import fmt
from tradewar.games import REL_TOL as _REL_TOL

__all__ = [
    "Leaf", "Decision", "Chance", "Tree", "Solution", "FlaggedEquilibrium",
    "backward_induction", "strategic_form", "nash_equilibria", "to_efg", "from_efg", "random_tree",
]

_LEAF, _DECISION, _CHANCE = 0, 1, 2
_MAX_CELLS = 10**6       # refuse strategic forms larger than this
_DICT_BUDGET = 2_000_000  # node-choices materialised as plain dicts before switching to overlays
_INT_BOUND = 2**62        # ints beyond this would overflow int64 in the numpy path
_COUNT_CAP = 10**18       # SPE counts saturate here: huge tied trees have astronomically many
_MAX_CLASSES = 64         # payoff vectors kept per subgame when enumerating tied SPEs ...
_MAX_COMBOS = 4096        # ... and children's combinations tried at a chance node


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
            if nd.name in index:
                raise ValueError(f"duplicate node name {nd.name!r}: every decision and chance node "
                                 "needs its own name")
            index[nd.name] = i
            names.append(nd.name)
            first.append(len(nodes))
            count.append(len(nd.moves))
            pay.append(None)
            if t is Decision:
                if nd.player >= n_players:
                    raise ValueError(f"decision node {nd.name!r}: player {nd.player} is out of range "
                                     f"for {n_players} players (indices 0..{n_players - 1})")
                kind.append(_DECISION)
                player.append(nd.player)
                nodes.extend(c for _, c in nd.moves)
                prob.extend([None] * len(nd.moves))
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


# --------------------------------------------------------------------------------------------
# Backward induction
# --------------------------------------------------------------------------------------------

def _gt_float(a, b):
    return a - b > _REL_TOL * max(1.0, abs(a), abs(b))


def _gt_exact(a, b):
    return a > b


class _Pass:
    """The greedy pass: values and first-optimal choices under the first SPE."""

    __slots__ = ("V", "best", "ties", "over")

    def value(self, u):
        o = self.over.get(u)
        if o is not None:
            return o
        v = self.V[u]
        return v if type(v) is tuple else tuple(v.tolist())


def _first_pass_python(flat):
    gt = _gt_float if flat.mode == "float" else _gt_exact
    kind, player, first, count, prob, pay, P = (flat.kind, flat.player, flat.first, flat.count,
                                                 flat.prob, flat.pay, flat.P)
    n = flat.n
    V, best, ties = [None] * n, [-1] * n, {}
    for u in range(n - 1, -1, -1):  # BFS order: every child has a larger id than its parent
        k = kind[u]
        if k == _LEAF:
            V[u] = pay[u]
            continue
        f, c = first[u], count[u]
        if k == _DECISION:
            if c == 1:
                best[u], V[u] = 0, V[f]
                continue
            i = player[u]
            m = max(V[f + j][i] for j in range(c))
            opt = [j for j in range(c) if not gt(m, V[f + j][i])]
            best[u], V[u] = opt[0], V[f + opt[0]]
            if len(opt) > 1:
                ties[u] = tuple(opt)
        else:
            V[u] = tuple(sum(prob[f + j] * V[f + j][q] for j in range(c)) for q in range(P))
    r = _Pass()
    r.V, r.best, r.ties, r.over = V, best, ties, {}
    return r


def _first_pass_numpy(flat):
    a = flat.arrays()
    kind, player, first, count, prob = a["kind"], a["player"], a["first"], a["count"], a["prob"]
    V = a["pay"].copy()
    n, lv = flat.n, flat.levels
    best = np.full(n, -1, dtype=np.int64)
    nopt = np.zeros(n, dtype=np.int64)
    tol = flat.mode == "float"
    for d in range(len(lv) - 3, -1, -1):
        lo, hi, clo, chi = lv[d], lv[d + 1], lv[d + 1], lv[d + 2]
        internal = lo + np.flatnonzero(count[lo:hi])
        if not internal.size:
            continue
        m = chi - clo
        starts = first[internal] - clo
        reps = count[internal]
        childV = V[clo:chi]
        isdec = kind[internal] == _DECISION
        if isdec.any():
            # Each child's value to the player moving at its parent; chance parents give junk
            # (player -1 picks the last column) that is masked out below.
            own = childV[np.arange(m), np.repeat(player[internal], reps)]
            segmax = np.maximum.reduceat(own, starts)
            smr = np.repeat(segmax, reps)
            if tol:
                scale = np.maximum(1.0, np.maximum(np.abs(smr), np.abs(own)))
                mask = smr - own <= _REL_TOL * scale
            else:
                mask = own == smr
            pos = np.arange(m) - np.repeat(starts, reps)
            fo = np.minimum.reduceat(np.where(mask, pos, m), starts)
            no = np.add.reduceat(mask.astype(np.int64), starts)
            di = internal[isdec]
            best[di] = fo[isdec]
            nopt[di] = no[isdec]
            V[di] = childV[starts[isdec] + fo[isdec]]
        if not isdec.all():
            s = np.add.reduceat(childV * prob[clo:chi, None], starts, axis=0)
            V[internal[~isdec]] = s[~isdec]
    r = _Pass()
    r.V, r.best, r.over = V, best, {}
    r.ties = {}
    gt = _gt_float if tol else _gt_exact
    for u in np.flatnonzero(nopt > 1).tolist():
        f, c, i = int(first[u]), int(count[u]), int(player[u])
        vals = V[f:f + c, i].tolist()
        mx = max(vals)
        r.ties[u] = tuple(j for j in range(c) if not gt(mx, vals[j]))
    return r


def _classes(flat, fp):
    """Group the SPEs of every subgame that contains a tie by the payoff vector they lead to.

    cl[u] maps each achievable payoff vector to the number of SPEs of the subgame at u that give
    it (the first SPE's vector first). Subgames without ties have one SPE and are left out.
    A choice at a decision node is optimal given the choices below, so the count for child a
    with vector w is n(a, w) times, for every other child b, the number of b's SPEs that give
    the mover no more than w does.
    """
    gt = _gt_float if flat.mode == "float" else _gt_exact
    par = _parents(flat)
    multi = set()
    for u in fp.ties:
        while u >= 0 and u not in multi:
            multi.add(u)
            u = par[u]
    kind, player, first, count, prob, P = flat.kind, flat.player, flat.first, flat.count, flat.prob, flat.P
    cl, partial = {}, False

    def kids_of(u):
        f = first[u]
        return [cl[c] if c in cl else {fp.value(c): 1} for c in range(f, f + count[u])]

    if not isinstance(fp.best, list):
        fp.best = fp.best.tolist()
    for u in sorted(multi, reverse=True):
        kids = kids_of(u)
        base = [next(iter(k)) for k in kids]
        if kind[u] == _DECISION:
            i = player[u]
            mx = max(b[i] for b in base)
            opt = [j for j in range(len(base)) if not gt(mx, base[j][i])]
            fp.best[u] = opt[0]
            if len(opt) > 1:
                fp.ties[u] = tuple(opt)
            else:
                fp.ties.pop(u, None)
            out = {base[opt[0]]: 0}
            if all(len(k) == 1 for k in kids):  # common on long chains: one vector per child
                n_all = min(math.prod(next(iter(k.values())) for k in kids), _COUNT_CAP)
                for j in opt:
                    out[base[j]] = out.get(base[j], 0) + n_all
                cl[u] = out
                fp.over[u] = base[opt[0]]
                continue
            for a, ka in enumerate(kids):
                for w, nw in ka.items():
                    cnt = nw
                    for b, kb in enumerate(kids):
                        if b != a:
                            cnt *= sum(nx for x, nx in kb.items() if not gt(x[i], w[i]))
                            if not cnt:
                                break
                    if cnt:
                        out[w] = out.get(w, 0) + cnt
        else:
            f = first[u]
            ps = prob[f:f + count[u]]
            out = {}
            # Mixing tied values through chance can multiply the vectors without bound; past a
            # budget the list (and the count) is partial but every SPE listed is still genuine.
            if math.prod(len(k) for k in kids) > _MAX_COMBOS:
                partial = True
            for combo in itertools.islice(itertools.product(*(k.items() for k in kids)), _MAX_COMBOS):
                key = tuple(sum(p * x[0][q] for p, x in zip(ps, combo)) for q in range(P))
                cnt = math.prod(x[1] for x in combo)
                out[key] = out.get(key, 0) + cnt
        if len(out) > _MAX_CLASSES:
            partial = True
            out = dict(itertools.islice(out.items(), _MAX_CLASSES))
        if any(v > _COUNT_CAP for v in out.values()):
            out = {k: min(v, _COUNT_CAP) for k, v in out.items()}
        cl[u] = out
        fp.over[u] = next(iter(out))
    return cl, partial


def _enumerate(flat, fp, cl, cap):
    """Up to `cap` SPEs, the first SPE first, each as {decision id: move index} for the nodes
    where it departs from the first SPE. Iterative backtracking over a stack of choice points,
    so deep trees cannot hit the recursion limit."""
    gt = _gt_float if flat.mode == "float" else _gt_exact
    kind, player, first, count, prob, P = flat.kind, flat.player, flat.first, flat.count, flat.prob, flat.P

    def kset(c):
        return cl[c] if c in cl else {fp.value(c): 1}

    def alternatives(u, key):
        f, c = first[u], count[u]
        kids = [kset(f + j) for j in range(c)]
        if kind[u] == _DECISION:
            i, b0 = player[u], fp.best[u]
            for a in [b0] + [a for a in range(c) if a != b0]:  # the first SPE's choice first
                if key not in kids[a]:
                    continue
                lists = [[key] if b == a else [x for x in kids[b] if not gt(x[i], key[i])]
                         for b in range(c)]
                for combo in itertools.product(*lists):
                    yield (u, a), [(f + b, combo[b]) for b in range(c) if f + b in cl]
        else:
            ps = prob[f:f + c]
            for combo in itertools.islice(itertools.product(*kids), _MAX_COMBOS):
                if tuple(sum(p * x[q] for p, x in zip(ps, combo)) for q in range(P)) == key:
                    yield None, [(f + b, combo[b]) for b in range(c) if f + b in cl]

    best = fp.best

    def states(rest, assigned, alts):
        # Only departures from the first SPE are recorded: each SPE then costs what it changes.
        for assign, tasks in alts:
            a2 = (assign, assigned) if assign is not None and assign[1] != best[assign[0]] else assigned
            p2 = rest
            for t in reversed(tasks):
                p2 = (t, p2)
            yield p2, a2

    out = []
    stack = [states(None, None, ((None, [(0, k)]) for k in cl[0]))]
    while stack and len(out) < cap:
        st = next(stack[-1], None)
        if st is None:
            stack.pop()
            continue
        pending, assigned = st
        while pending is not None:
            (u, key), rest = pending
            it = alternatives(u, key)
            a1 = next(it)
            a2 = next(it, None)
            if a2 is None:  # forced: no branching, keep going without a choice point
                (pending, assigned), = states(rest, assigned, [a1])
                continue
            stack.append(states(rest, assigned, itertools.chain([a1, a2], it)))
            break
        else:
            d = {}
            while assigned is not None:
                (u, a), assigned = assigned
                d[u] = a
            out.append(d)
    return out


class _Overlay(Mapping):
    """An SPE as the first SPE plus the few nodes where it differs: huge trees with many SPEs
    would not fit in memory as separate dicts."""

    __slots__ = ("_base", "_diff")

    def __init__(self, base, diff):
        self._base, self._diff = base, diff

    def __getitem__(self, k):
        return self._diff[k] if k in self._diff else self._base[k]

    def __iter__(self):
        return iter(self._base)

    def __len__(self):
        return len(self._base)

    def __repr__(self):
        return f"<SPE: first SPE changed at {dict(self._diff)!r}>"


@dataclass(frozen=True)
class Solution:
    players: tuple
    value: tuple
    choice: dict
    ties: dict
    equilibria: tuple
    path: tuple
    values: dict
    n_equilibria: int = 1
    truncated: bool = False
    outcomes: tuple = ()

    @property
    def tree(self):
        return self._tree

    def explain(self) -> list[str]:
        return _explain(self)


def backward_induction(tree, *, max_equilibria=10_000, method="auto"):
    """Solve `tree` by backward induction and return every subgame-perfect equilibrium (up to
    `max_equilibria`; `truncated` says whether more exist, `n_equilibria` counts them all)."""
    if not isinstance(tree, Tree):
        raise ValueError(f"backward_induction needs a Tree, got {type(tree).__name__}")
    if isinstance(max_equilibria, bool) or not isinstance(max_equilibria, Integral) or max_equilibria < 1:
        raise ValueError(f"max_equilibria must be a positive int, got {max_equilibria!r}")
    flat = tree._flat
    if method not in ("auto", "python", "numpy"):
        raise ValueError(f"method must be 'auto', 'python' or 'numpy', got {method!r}")
    if method == "numpy" and flat.mode == "exact":
        raise ValueError("method='numpy' cannot keep Fraction payoffs or chance probabilities exact; "
                         "use method='python' or 'auto'")
    if method == "auto":
        # numpy pays off on big, bushy trees; a deep path means thousands of tiny levels.
        shallow = flat.n >= 200 * (len(flat.levels) - 1)
        method = "numpy" if flat.mode != "exact" and flat.n >= 20_000 and shallow else "python"
    with _quiet_gc(flat.n):
        return _solve(tree, flat, method, int(max_equilibria))


def _solve(tree, flat, method, cap):
    fp = _first_pass_numpy(flat) if method == "numpy" else _first_pass_python(flat)
    cl, diffs, total, partial = None, [{}], 1, False
    if fp.ties:
        cl, partial = _classes(flat, fp)
        total = min(sum(cl[0].values()), _COUNT_CAP)
        diffs = _enumerate(flat, fp, cl, cap)
    if not isinstance(fp.best, list):
        fp.best = fp.best.tolist()
    best, nodes, kind, first = fp.best, flat.nodes, flat.kind, flat.first

    dec, names = flat.decisions()
    choice = dict(zip(names, [nodes[u].moves[best[u]][0] for u in dec]))
    if isinstance(fp.V, np.ndarray):
        rows = fp.V[np.array(dec, dtype=np.int64)].tolist() if dec else []
        values = dict(zip(names, map(tuple, rows)))
        for u, v in fp.over.items():
            if kind[u] == _DECISION:
                values[flat.names[u]] = v
    else:
        V = fp.V
        values = dict(zip(names, [fp.over.get(u) or V[u] for u in dec]))
    rank = flat.rank() if fp.ties else None
    ties = {flat.names[u]: tuple(nodes[u].moves[j][0] for j in fp.ties[u])
            for u in sorted(fp.ties, key=rank.__getitem__)} if fp.ties else {}

    equilibria = []
    small = len(dec) * len(diffs) <= _DICT_BUDGET
    for d in diffs:
        ch = {nodes[u].name: nodes[u].moves[a][0] for u, a in d.items()}
        if small:
            e = dict(choice)
            e.update(ch)
        else:
            e = _Overlay(choice, ch)
        equilibria.append(e)

    path, u = [], 0
    while kind[u] == _DECISION:
        path.append(nodes[u].moves[best[u]][0])
        u = first[u] + best[u]

    sol = Solution(players=tree.players, value=fp.value(0), choice=choice, ties=ties,
                   equilibria=tuple(equilibria), path=tuple(path), values=values,
                   n_equilibria=total, truncated=partial or total > len(equilibria),
                   outcomes=_outcomes(flat, best))
    object.__setattr__(sol, "_tree", tree)
    object.__setattr__(sol, "_ctx", (flat, fp, cl, diffs))
    return sol


def _outcomes(flat, best):
    """Leaves reached with positive probability when everyone follows `best`."""
    # Paths are kept as linked (label, parent) pairs and spelled out only at the leaves, so a path
    # 10^5 moves long costs O(n), not O(n^2).
    out, stack = [], [(0, None, 1)]
    nodes, kind, first, count, prob = flat.nodes, flat.kind, flat.first, flat.count, flat.prob
    while stack:
        u, link, w = stack.pop()
        k = kind[u]
        if k == _LEAF:
            path = []
            while link is not None:
                path.append(link[0])
                link = link[1]
            out.append((tuple(reversed(path)), w, nodes[u].payoffs))
        elif k == _DECISION:
            stack.append((first[u] + best[u], (nodes[u].moves[best[u]][0], link), w))
        else:
            f = first[u]
            for j in range(count[u] - 1, -1, -1):
                if prob[f + j]:
                    stack.append((f + j, (nodes[u].moves[j][0], link), w * prob[f + j]))
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Explanations
# --------------------------------------------------------------------------------------------

def _and(words):
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _vector(players, v):
    return ", ".join(f"{p} {fmt(x)}" for p, x in zip(players, v))


def _explain(sol):
    flat, fp, cl, diffs = sol._ctx
    players, nodes, kind, first, count = sol.players, flat.nodes, flat.kind, flat.first, flat.count
    internal = [u for u in flat.preorder() if kind[u] != _LEAF]
    n_dec = len(sol.choice)
    out = []
    if n_dec > 50:
        reached, stack = [], [0]
        while stack:
            u = stack.pop()
            if kind[u] == _LEAF:
                continue
            reached.append(u)
            if kind[u] == _DECISION:
                stack.append(first[u] + fp.best[u])
            else:
                stack.extend(first[u] + j for j in range(count[u] - 1, -1, -1) if flat.prob[first[u] + j])
        shown = reached[::-1][:50]
        more = len(reached) - len(shown)
        out.append(f"This tree has {n_dec:,} decision nodes, too many to walk through one by one; "
                   f"here is the reasoning at the nodes on the equilibrium path, deepest first"
                   + (f" (the {more:,} nearest the root are left out)." if more else "."))
        todo = shown
    else:
        todo = internal[::-1]
    for u in todo:
        out.append(_node_sentence(sol, flat, fp, u))

    if kind[0] == _LEAF:
        out.append(f"The game has no moves: the payoffs are {_vector(players, sol.value)}.")
    else:
        end = 0
        for _ in sol.path:
            end = first[end] + fp.best[end]
        moves = ", then ".join(sol.path)
        if len(sol.path) > 12:
            moves = ", then ".join(sol.path[:10]) + f", ... ({len(sol.path):,} moves in all)"
        if not sol.path:
            out.append(f"The game opens with chance at {nodes[0].name}, so the expected payoffs "
                       f"are {_vector(players, sol.value)}.")
        elif kind[end] == _CHANCE:
            out.append(f"So the play is {moves}, then chance moves at "
                       f"{nodes[end].name}; the expected payoffs are {_vector(players, sol.value)}.")
        else:
            out.append(f"So the play is {moves}, with payoffs "
                       f"{_vector(players, sol.value)}.")
    if sol.n_equilibria > 1:
        varying = sorted({u for d in diffs for u in d},
                         key=flat.rank().__getitem__)
        names = [nodes[u].name for u in varying[:6]] + (["others"] if len(varying) > 6 else [])
        count_words = (f"{sol.n_equilibria:,}" if sol.n_equilibria < _COUNT_CAP
                       else "more than a billion billion")
        out.append(f"There are {count_words} subgame-perfect equilibria, differing at {_and(names)}; "
                   "the sentences above follow the first"
                   + (f" (only the first {len(sol.equilibria):,} are listed)." if sol.truncated else "."))
        roots = list(cl[0]) if cl else []
        if len(roots) > 1:
            shown = [f"({_vector(players, v)})" for v in roots[:4]]
            out.append("The ties matter upstream: depending on how they are broken, the payoffs are "
                       + " or ".join(shown) + (" among others." if len(roots) > 4 else "."))
    return out


def _node_sentence(sol, flat, fp, u):
    nd, f, c = flat.nodes[u], flat.first[u], flat.count[u]
    if flat.kind[u] == _CHANCE:
        picks = _and(f"{a} with probability {fmt(p)}" for a, p, _ in nd.moves)
        return (f"At {nd.name}, chance picks {picks}, so the expected payoffs are "
                f"{_vector(sol.players, fp.value(u))}.")
    who, i = sol.players[nd.player], nd.player
    own = [fp.value(f + j)[i] for j in range(c)]
    labels = [a for a, _ in nd.moves]
    b = fp.best[u]
    if c == 1:
        return f"At {nd.name}, {who} has one move, {labels[0]}, worth {fmt(own[0])} to it."
    opt = fp.ties.get(u)
    if not opt:
        items = [f"{a} ({fmt(v)})" for a, v in zip(labels, own)]
        listing = f"{items[0]} with {items[1]}" if c == 2 else _and(items)
        return f"At {nd.name}, {who} compares {listing}, so it plays {labels[b]}."
    tied = [labels[j] for j in opt]
    rest = [f"{labels[j]} ({fmt(own[j])})" for j in range(c) if j not in opt]
    s = (f"At {nd.name}, {who} is indifferent between {_and(tied)} "
         f"({'both' if len(tied) == 2 else 'all'} {fmt(own[b])})")
    if rest:
        s += f", which beat {_and(rest)}"
    either = "either" if len(tied) == 2 else "any of them"
    return s + f"; {either} is subgame perfect, and the first equilibrium has it play {labels[b]}."


# --------------------------------------------------------------------------------------------
# Strategic form and Nash equilibria
# --------------------------------------------------------------------------------------------

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
            return mx - M <= _REL_TOL * np.maximum(1.0, np.maximum(np.abs(M), np.abs(mx)))
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


# --------------------------------------------------------------------------------------------
# Gambit .efg
# --------------------------------------------------------------------------------------------

def _q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _efg_number(x):
    if type(x) is int:
        return str(x)
    if isinstance(x, Fraction):
        return f"{x.numerator}/{x.denominator}"  # 3/1 stays a Fraction on the way back
    s = format(Decimal(repr(float(x))), "f")  # positional: no exponent for Gambit to trip on
    return s if "." in s else s + ".0"


def to_efg(tree, title=""):
    """The tree as a Gambit .efg file (format "EFG 2 R"): one information set per decision node."""
    if not isinstance(tree, Tree):
        raise ValueError(f"to_efg needs a Tree, got {type(tree).__name__}")
    lines = [f"EFG 2 R {_q(title)} {{ {' '.join(_q(p) for p in tree.players)} }}", '""', ""]
    isets = [0] * len(tree.players)
    chance_sets = outcomes = 0
    for u in tree._flat.preorder():
        nd = tree._flat.nodes[u]
        t = type(nd)
        if t is Decision:
            isets[nd.player] += 1
            acts = " ".join(_q(a) for a, _ in nd.moves)
            lines.append(f"p {_q(nd.name)} {nd.player + 1} {isets[nd.player]} {_q(nd.name)} "
                         f"{{ {acts} }} 0")
        elif t is Chance:
            chance_sets += 1
            acts = " ".join(f"{_q(a)} {_efg_number(p)}" for a, p, _ in nd.moves)
            lines.append(f"c {_q(nd.name)} {chance_sets} \"\" {{ {acts} }} 0")
        else:
            outcomes += 1
            pays = ", ".join(_efg_number(x) for x in nd.payoffs)
            lines.append(f"t {_q(nd.label)} {outcomes} \"\" {{ {pays} }}")
    return "\n".join(lines) + "\n"


class _Tokens:
    def __init__(self, text):
        self.toks = self._lex(text)
        self.i = 0

    # Separators (blanks, commas), then a quoted string with backslash escapes, a brace or a word.
    _TOKEN = re.compile(r'[\s,]*(?:"((?:[^"\\]|\\.)*)("?)|([{}])|([^\s{}",]+))', re.S)
    _UNESCAPE = re.compile(r"\\(.)", re.S)

    @classmethod
    def _lex(cls, text):
        toks = []
        add = toks.append
        for q, closed, brace, word in cls._TOKEN.findall(text):
            if word:
                add(("word", word))
            elif brace:
                add(("sym", brace))
            elif closed:
                add(("str", cls._UNESCAPE.sub(r"\1", q) if "\\" in q else q))
            else:
                raise ValueError("efg: a quoted string is not closed")
        return toks

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else (None, None)

    def next(self, kind=None, what="a token"):
        if self.i >= len(self.toks):
            raise ValueError(f"efg: the file ends where {what} was expected")
        t = self.toks[self.i]
        if kind is not None and t[0] != kind:
            raise ValueError(f"efg: expected {what}, found {t[1]!r}")
        self.i += 1
        return t[1]

    def maybe(self, kind, value=None):
        t = self.peek()
        if t[0] == kind and (value is None or t[1] == value):
            self.i += 1
            return t[1]
        return None

    def int(self, what):
        w = self.next("word", what)
        try:
            return int(w)
        except ValueError:
            raise ValueError(f"efg: expected {what} (a whole number), found {w!r}") from None

    def number(self, what):
        w = self.next("word", what)
        try:
            if "/" in w:
                return Fraction(w)
            if any(ch in w for ch in ".eE"):
                return float(w)  # to_efg writes floats with repr digits, so they come back bit-exact
            return int(w)
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"efg: expected {what} (a number), found {w!r}") from None


def _outcome(tk, outcomes, n_players, where):
    """An outcome reference: number, then optionally a name and payoffs."""
    k = tk.int(f"an outcome number at {where}")
    tk.maybe("str")
    if tk.maybe("sym", "{"):
        pays = []
        while not tk.maybe("sym", "}"):
            pays.append(tk.number(f"a payoff at {where}"))
        if len(pays) != n_players:
            raise ValueError(f"efg: outcome {k} at {where} has {len(pays)} payoffs for {n_players} players")
        if k:
            outcomes[k] = tuple(pays)
        return tuple(pays)
    if k == 0:
        return None
    if k not in outcomes:
        raise ValueError(f"efg: outcome {k} at {where} is used before its payoffs are given")
    return outcomes[k]


def from_efg(text):
    """Read a Gambit .efg file of a perfect-information game (with chance moves) as a Tree.

    Interior outcomes are added to the payoffs of every leaf below them. Raises ValueError for an
    imperfect-information file, i.e. one whose information set holds two nodes."""
    if not isinstance(text, str):
        raise ValueError("from_efg needs the file's text as a str")
    tk = _Tokens(text)
    if tk.next("word", '"EFG"') != "EFG" or tk.next("word", "the version") != "2":
        raise ValueError('efg: the file must start with "EFG 2 R"')
    if tk.next("word", "R or D") not in ("R", "D"):
        raise ValueError('efg: the file must start with "EFG 2 R" (or "EFG 2 D")')
    tk.next("str", "the game's title")
    tk.next("sym", "the list of players")
    players = []
    while not tk.maybe("sym", "}"):
        players.append(tk.next("str", "a player's name"))
    if not players:
        raise ValueError("efg: the game has no players")
    tk.maybe("str")  # the comment
    n = len(players)
    outcomes, used_names, isets, chance_isets = {}, set(), {}, {}
    counter = itertools.count(1)

    def unique(*cands):
        for c in cands:
            if c and c not in used_names:
                used_names.add(c)
                return c
        while True:
            c = f"{cands[-1]} {next(counter)}"
            if c not in used_names:
                used_names.add(c)
                return c

    # Preorder with an explicit stack: each frame is [builder, moves, children so far, offset],
    # where offset sums the interior outcomes on the way down.
    stack, root = [], None

    def attach(node):
        nonlocal root
        while True:
            if not stack:
                root = node
                return
            frame = stack[-1]
            frame[2].append(node)
            if len(frame[2]) < len(frame[1]):
                return
            stack.pop()
            node = frame[0](frame[1], frame[2])

    def add(a, b):
        return b if a is None else (a if b is None else tuple(x + y for x, y in zip(a, b)))

    node_no = 0
    while True:
        kind = tk.maybe("word")
        if kind is None:
            break
        node_no += 1
        where = f"node {node_no}"
        offset = stack[-1][3] if stack else None
        if kind == "t":
            label = tk.next("str", f"the name of {where}")
            pays = add(offset, _outcome(tk, outcomes, n, where))
            attach(Leaf(pays if pays is not None else (0,) * n, label))
        elif kind == "p":
            name = tk.next("str", f"the name of {where}")
            pl = tk.int(f"the player at {where}")
            if not 1 <= pl <= n:
                raise ValueError(f"efg: {where} names player {pl}, but there are {n} players")
            iset = tk.int(f"the information set at {where}")
            iname = tk.maybe("str") or ""
            if (pl, iset) in isets:
                raise ValueError(f"efg: imperfect information: information set {iset} of player "
                                 f"{players[pl - 1]!r} holds more than one node ({where} and node "
                                 f"{isets[(pl, iset)]}); only perfect-information games are supported")
            isets[(pl, iset)] = node_no
            if not tk.maybe("sym", "{"):
                raise ValueError(f"efg: {where} does not list its actions")
            acts = []
            while not tk.maybe("sym", "}"):
                acts.append(tk.next("str", f"an action at {where}"))
            if not acts:
                raise ValueError(f"efg: {where} has no actions")
            off = add(offset, _outcome(tk, outcomes, n, where))
            nm = unique(name, iname, f"{players[pl - 1]}, node")

            def build(acts, kids, pl=pl, nm=nm):
                return Decision(pl - 1, nm, tuple(zip(acts, kids)))
            stack.append([build, acts, [], off])
        elif kind == "c":
            name = tk.next("str", f"the name of {where}")
            iset = tk.int(f"the information set at {where}")
            iname = tk.maybe("str") or ""
            if tk.maybe("sym", "{"):
                acts = []
                while not tk.maybe("sym", "}"):
                    a = tk.next("str", f"an action at {where}")
                    acts.append((a, tk.number(f"a probability at {where}")))
                chance_isets[iset] = acts
            elif iset in chance_isets:
                acts = chance_isets[iset]
            else:
                raise ValueError(f"efg: {where} does not list its actions")
            if not acts:
                raise ValueError(f"efg: {where} has no actions")
            off = add(offset, _outcome(tk, outcomes, n, where))
            nm = unique(name, iname, "Chance")

            def build(acts, kids, nm=nm):
                return Chance(nm, tuple((a, p, k) for (a, p), k in zip(acts, kids)))
            stack.append([build, acts, [], off])
        else:
            raise ValueError(f"efg: unknown node type {kind!r} at {where} (expected p, c or t)")
    if tk.peek()[0] is not None:
        raise ValueError(f"efg: unexpected {tk.peek()[1]!r} after the last node")
    if stack or root is None:
        raise ValueError("efg: the file ends before the tree is complete")
    return Tree(root, tuple(players))


# --------------------------------------------------------------------------------------------
# Random trees (tests and benchmarks)
# --------------------------------------------------------------------------------------------

def random_tree(n_nodes, branching=(2, 4), n_players=2, chance=0.0, seed=0, payoffs="float"):
    """A random tree with exactly `n_nodes` nodes, built breadth first.

    Each internal node has between branching[0] and branching[1] children (the last one may have
    fewer, to hit n_nodes exactly); some nodes below the root are leaves early, so depths vary.
    `chance` is the probability that an internal node is a chance node. `payoffs` is "float"
    (standard normal: no ties), "int" (integers in -3..3: many ties) or "fraction" (small
    fractions). Chance probabilities are floats for float payoffs and exact Fractions otherwise.
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
        ints = rng.integers(-3, 4, (leaves.size, n_players))
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
