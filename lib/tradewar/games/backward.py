"""Backward induction on a perfect-information tree (tradewar.games.tree): every
subgame-perfect equilibrium, and the reasoning in plain sentences.

PUBLIC CONTRACT (other modules rely on these names; internals are free):

    backward_induction(tree) -> Solution         every subgame-perfect equilibrium (SPE)
    Solution (frozen dataclass):
        players, value (payoff tuple at the root under the first SPE),
        choice: dict node name -> chosen action (first SPE, ties broken by move order),
        ties: dict node name -> tuple of all optimal actions (only nodes with more than one),
        equilibria: tuple of dicts (every SPE, each node name -> action),
        path: tuple of action labels along the first SPE's play path,
        values: dict node name -> payoff tuple (continuation value at each decision node)
        explain() -> list[str]: plain sentences generated from the solved tree, deepest node first

ADDITIONS (beyond the contract, free to use):

    Solution: n_equilibria (exact count, saturating at 10^18; may exceed len(equilibria); a lower
        bound when truncated, since huge tied trees with chance nodes are only partly explored),
        truncated (enumeration stopped at max_equilibria), outcomes ((path, probability, payoffs)
        for every leaf the first SPE reaches with positive probability), tree (the solved Tree).
        `path` stops at the first chance node (play is no longer a single line after it).
        Equilibria are listed in a fixed order: the first SPE first, then by backtracking.
    backward_induction(tree, max_equilibria=10_000, method="auto" | "python" | "numpy")
        "auto" solves big, bushy int/float trees level by level with numpy (10^6 nodes in well
        under 2 s) and everything else, exact trees and deep paths included, in a Python loop.

Ties: exact payoffs (int, Fraction) tie when equal; floats by the one rule of tradewar.games
(`games.close`: within REL_TOL = 1e-12 of the larger of the two values compared).
Very large solutions (more than ~2 million node-choices in total) hand back each SPE as a read-only
Mapping that shares storage with the first SPE instead of a fresh dict. Trees with 50,000 decision
nodes or more hand back choice, values and ties as read-only Mappings that build their dict on first
use (len() is free), and every SPE as such a Mapping: they compare equal to the dicts.
"""
from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from numbers import Integral

import numpy as np

from tradewar.text import fmt
from tradewar.games import REL_TOL as _REL_TOL
from tradewar.games.tree import _CHANCE, _DECISION, _LEAF, Tree, _parents, _quiet_gc

__all__ = ["Solution", "backward_induction"]

_DICT_BUDGET = 2_000_000  # node-choices materialised as plain dicts before switching to overlays
_LAZY_FROM = 50_000       # decision nodes from which choice, values and ties are built on first use
_COUNT_CAP = 10**18       # SPE counts saturate here: huge tied trees have astronomically many
_MAX_CLASSES = 64         # payoff vectors kept per subgame when enumerating tied SPEs ...
_MAX_COMBOS = 4096        # ... and children's combinations tried at a chance node


def _gt_float(a, b):
    # games.above, inlined: this runs once per tied child in the enumeration.
    return a - b > _REL_TOL * max(abs(a), abs(b))


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
    tol = flat.mode == "float"
    tie_nodes, tie_moves = [], []  # per level: each tie node once per optimal move, in move order
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
                scale = np.maximum(np.abs(smr), np.abs(own))
                mask = smr - own <= _REL_TOL * scale
            else:
                mask = own == smr
            pos = np.arange(m) - np.repeat(starts, reps)
            fo = np.minimum.reduceat(np.where(mask, pos, m), starts)
            no = np.add.reduceat(mask.astype(np.int64), starts)
            di = internal[isdec]
            best[di] = fo[isdec]
            V[di] = childV[starts[isdec] + fo[isdec]]
            tied = np.repeat((no > 1) & isdec, reps) & mask
            if tied.any():
                tie_nodes.append(np.repeat(internal, reps)[tied])
                tie_moves.append(pos[tied])
        if not isdec.all():
            s = np.add.reduceat(childV * prob[clo:chi, None], starts, axis=0)
            V[internal[~isdec]] = s[~isdec]
    r = _Pass()
    r.V, r.best, r.over = V, best, {}
    if tie_nodes:  # shallowest level first, node ids ascending in each: ids ascending throughout
        r.ties = _TieArrays(np.concatenate(tie_nodes[::-1]), np.concatenate(tie_moves[::-1]))
    else:
        r.ties = {}
    return r


class _TieArrays(Mapping):
    """fp.ties of the numpy pass, {node id: tuple of optimal move indices}, read from two arrays
    (one entry per tied node and optimal move, node ids ascending, moves ascending in each):
    a dict of 10^5 tuples would cost more than the pass itself."""

    __slots__ = ("nodes", "_start", "_moves")

    def __init__(self, us, js):
        new = np.ones(us.size, dtype=bool)
        new[1:] = us[1:] != us[:-1]
        self._start = np.append(np.flatnonzero(new), us.size)
        self.nodes, self._moves = us[new], js

    def __getitem__(self, u):
        i = int(np.searchsorted(self.nodes, u))
        if i == self.nodes.size or self.nodes[i] != u:
            raise KeyError(u)
        return tuple(self._moves[self._start[i]:self._start[i + 1]].tolist())

    def __contains__(self, u):
        i = int(np.searchsorted(self.nodes, u))
        return i < self.nodes.size and self.nodes[i] == u

    def __iter__(self):
        return iter(self.nodes.tolist())

    def __len__(self):
        return int(self.nodes.size)

    def pairs(self):
        """(node, moves) pairs in node order, without a search per node."""
        st = self._start.tolist()
        mv = self._moves.tolist()
        return zip(self.nodes.tolist(), (tuple(mv[a:b]) for a, b in zip(st, st[1:])))


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
    if not isinstance(fp.ties, dict):  # the numpy pass's arrays: this pass edits them
        fp.ties = dict(fp.ties.pairs())
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


class _LazyDict(Mapping):
    """A read-only dict built on first use (its length known before): a big solution's per-node
    dicts cost more than solving, and most callers read a few entries or none."""

    __slots__ = ("_build", "_d", "_n")

    def __init__(self, build, n):
        self._build, self._d, self._n = build, None, n

    def _get(self):
        d = self._d
        if d is None:
            d = self._d = self._build()
            self._build = None
        return d

    def __getitem__(self, k):
        return self._get()[k]

    def __contains__(self, k):
        return k in self._get()

    def __iter__(self):
        return iter(self._get())

    def __len__(self):
        return self._n if self._d is None else len(self._d)

    def get(self, k, default=None):
        return self._get().get(k, default)

    def keys(self):
        return self._get().keys()

    def items(self):
        return self._get().items()

    def values(self):
        return self._get().values()

    def copy(self):
        return dict(self._get())

    def __eq__(self, other):
        if isinstance(other, _LazyDict):
            other = other._get()
        elif not isinstance(other, dict):
            if not isinstance(other, Mapping):
                return NotImplemented
            other = dict(other.items())
        return self._get() == other

    __hash__ = None

    def __repr__(self):
        return repr(self._get())

    def __reduce__(self):  # pickles and copies as the plain dict
        return dict, (self._get(),)


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
        no_chance = _CHANCE not in flat.kind
        if flat.mode == "int" and method == "numpy":
            cl, partial = _classes_numpy(flat, fp)
        else:
            cl, partial = _classes(flat, fp)
        total = min(sum(cl[0].values()), _COUNT_CAP)
        if no_chance and len(flat.levels) <= 200:
            diffs = _enumerate_counted(flat, fp, cl, cap)
        else:
            diffs = _enumerate(flat, fp, cl, cap)
    if not isinstance(fp.best, list):
        fp.best = fp.best.tolist()
    best, nodes, kind, first = fp.best, flat.nodes, flat.kind, flat.first

    n_dec = kind.count(_DECISION)

    def make_choice():
        dec, names = flat.decisions()
        return dict(zip(names, [nodes[u].moves[best[u]][0] for u in dec]))

    def make_values():
        dec, names = flat.decisions()
        if isinstance(fp.V, np.ndarray):
            rows = fp.V[np.array(dec, dtype=np.int64)].tolist() if dec else []
            values = dict(zip(names, map(tuple, rows)))
            for u, v in fp.over.items():
                if kind[u] == _DECISION:
                    values[flat.names[u]] = v
            return values
        V, over = fp.V, fp.over
        return dict(zip(names, [over.get(u) or V[u] for u in dec]))

    def make_ties():
        if not fp.ties:
            return {}
        tied = fp.ties.pairs() if isinstance(fp.ties, _TieArrays) else fp.ties.items()
        rank = flat.rank()
        return {flat.names[u]: tuple(nodes[u].moves[j][0] for j in js)
                for u, js in sorted(tied, key=lambda t: rank[t[0]])}

    lazy = n_dec >= _LAZY_FROM
    if lazy:  # built on first use: a dict per decision node is most of the cost of a big solve
        choice = _LazyDict(make_choice, n_dec)
        values = _LazyDict(make_values, n_dec)
        ties = _LazyDict(make_ties, len(fp.ties))
    else:
        choice, values, ties = make_choice(), make_values(), make_ties()

    equilibria = []
    small = not lazy and n_dec * len(diffs) <= _DICT_BUDGET
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
# Fast paths for big tied trees: class counting with numpy (int trees) and an enumeration that
# uses the counts to skip straight to the SPEs it lists (trees without chance nodes)
# --------------------------------------------------------------------------------------------

_BIG = 4e18  # float estimate above which an int64 count may have wrapped: saturate instead


def _sat(est, exact):
    """Counts saturating at _COUNT_CAP: `exact` is int64 arithmetic that may have wrapped, `est`
    the same arithmetic in float64; where the float says the value is large, trust it instead."""
    return np.where(est > _BIG, _COUNT_CAP, np.minimum(exact, _COUNT_CAP))


class _ArrayClasses(Mapping):
    """cl[u] for the multi nodes, read lazily from the arrays _classes_numpy builds (a dict per
    node for 10^5 nodes would cost more than the counting itself)."""

    def __init__(self, node, key, cnt, multi):
        self._node, self._key, self._cnt, self._multi = node, key, cnt, multi
        self._cache = {}

    def __getitem__(self, u):
        if u not in self._multi:
            raise KeyError(u)
        d = self._cache.get(u)
        if d is None:
            lo, hi = np.searchsorted(self._node, [u, u + 1])
            d = dict(zip(map(tuple, self._key[lo:hi].tolist()), self._cnt[lo:hi].tolist()))
            self._cache[u] = d
        return d

    def __contains__(self, u):
        return u in self._multi

    def __iter__(self):
        return iter(self._multi)

    def __len__(self):
        return len(self._multi)


def _excl_max(v, starts, reps):
    """For each child, the largest v among its siblings (-1 for an only child); v >= 0, children
    of a parent contiguous, parent k's from starts[k], reps[k] of them."""
    m1 = np.repeat(np.maximum.reduceat(v, starts), reps)
    at = v == m1
    n1 = np.repeat(np.add.reduceat(at.astype(np.int64), starts), reps)
    m2 = np.repeat(np.maximum.reduceat(np.where(at, -1, v), starts), reps)
    return np.where(at & (n1 == 1), m2, m1)


def _excl_prod(tot, starts, reps):
    """For each child, the product of its siblings' counts (all >= 1), saturating at _COUNT_CAP."""
    lg = np.log2(tot.astype(np.float64))
    full_lg = np.add.reduceat(lg, starts)
    fits = full_lg <= 62  # the whole product is exact in int64: divide the child's count out
    prod = np.multiply.reduceat(np.where(np.repeat(fits, reps), tot, 1), starts)
    fits_r = np.repeat(fits, reps)
    out = np.where(fits_r, np.repeat(prod, reps) // tot, 0)
    ex_lg = np.repeat(full_lg, reps) - lg
    big = ex_lg > 61  # above 2^61 > _COUNT_CAP whatever the rounding
    need = np.flatnonzero(~fits_r & ~big)  # rare: multiply the siblings out one by one
    if need.size:
        k = np.repeat(np.arange(starts.size), reps)[need]
        f, deg = starts[k], reps[k]
        acc = np.ones(need.size, dtype=np.int64)
        for j in range(int(deg.max())):
            sel = (j < deg) & (f + j != need)
            acc[sel] *= tot[f[sel] + j]
        out[need] = acc
    return np.where(big, _COUNT_CAP, np.minimum(out, _COUNT_CAP))


def _partial_counts(part, p, ce, rank, e_cnt, es, ne, count, first, clo):
    """The count of each entry in `part`: its own count times, for every sibling b, F_b(t), the
    number of b's SPEs giving the mover at most t (t = the entry's rank), saturating."""
    deg = count[p[part]]
    rep = np.repeat(np.arange(part.size), deg)
    off = np.arange(rep.size) - np.repeat(np.cumsum(deg) - deg, deg)
    sib = (first[p[part]] - clo)[rep] + off
    t = rank[part][rep]
    s, k = es[sib], ne[sib]
    Fi = np.zeros(rep.size, dtype=np.int64)
    Ff = np.zeros(rep.size)
    act = np.arange(rep.size)
    j = 0
    with np.errstate(over="ignore"):
        while act.size:  # the j-th entry of each sibling that has one (few have more than two)
            idx = s + j
            hit = rank[idx] <= t
            a, x = act[hit], e_cnt[idx[hit]]
            Fi[a] += x
            Ff[a] += x
            j += 1
            more = k > j
            act, s, k, t = act[more], s[more], k[more], t[more]
        F = _sat(Ff, Fi)
        mine = sib == ce[part][rep]
        F[mine] = e_cnt[part][rep[mine]]  # the entry's own count in its own slot
        seg = np.cumsum(deg) - deg
        est = np.multiply.reduceat(F.astype(np.float64), seg)
        exact = np.multiply.reduceat(F, seg)
    return np.where(est == 0, 0, _sat(est, exact))


def _classes_numpy(flat, fp):
    """_classes for int trees (no chance nodes: exact int64 comparisons), a level at a time.

    Every node gets its classes (vector, count), first SPE's vector first, then in order of first
    appearance over its children in move order, as _classes lists them; leaves have one."""
    a = flat.arrays()
    count, first, player, pay = a["count"], a["first"], a["player"], a["pay"]
    n, lv, P = flat.n, flat.levels, flat.P
    V = fp.V
    par = np.zeros(n, dtype=np.int64)
    internal = np.flatnonzero(count)
    par[1:] = np.repeat(internal, count[internal])  # BFS: children appear in their parents' order
    partial = False
    # Entries of the level below: node id (ascending), key (vector), count.
    lo, hi = lv[-2], lv[-1]
    e_node = np.arange(lo, hi, dtype=np.int64)
    e_key, e_cnt = pay[lo:hi], np.ones(hi - lo, dtype=np.int64)
    saved = [(e_node, e_key, e_cnt)]
    for d in range(len(lv) - 3, -1, -1):
        lo, hi = lv[d], lv[d + 1]
        clo, chi = lv[d + 1], lv[d + 2]
        p = par[e_node]                          # each child entry's parent
        ce = e_node - clo                        # ... and its child's index in the level
        own = e_key[np.arange(e_node.size), player[p]]
        # F_b(t): the number of SPEs of child b giving its parent's mover at most t.
        omin, omax = int(own.min()), int(own.max())
        if omax - omin < 2**40:  # small payoffs: the value itself serves as its rank
            rank = own - omin
        else:
            _, rank = np.unique(own, return_inverse=True)
        # Per child: where its entries start, how many, the lowest and highest rank, its SPEs.
        ne = np.bincount(ce, minlength=chi - clo)
        es = np.cumsum(ne) - ne
        lo_r, hi_r = np.minimum.reduceat(rank, es), np.maximum.reduceat(rank, es)
        with np.errstate(over="ignore"):
            tot = _sat(np.add.reduceat(e_cnt.astype(np.float64), es), np.add.reduceat(e_cnt, es))
        # Per parent: its children are one contiguous run of the level below.
        internal = lo + np.flatnonzero(count[lo:hi])
        reps = count[internal]
        starts = first[internal] - clo
        # An entry counts 0 if some sibling's SPEs all give the mover more than t (t below that
        # sibling's lowest rank); its count times every sibling's total if t reaches every
        # sibling's highest; only the rest need each sibling's F_b(t) one by one.
        ex_lo, ex_hi = _excl_max(lo_r, starts, reps)[ce], _excl_max(hi_r, starts, reps)[ce]
        c = np.zeros(e_node.size, dtype=np.int64)
        full = np.flatnonzero(rank >= ex_hi)
        xp = _excl_prod(tot, starts, reps)[ce[full]]
        with np.errstate(over="ignore"):
            c[full] = _sat(e_cnt[full] * xp.astype(np.float64), e_cnt[full] * xp)
        part = np.flatnonzero((rank >= ex_lo) & (rank < ex_hi))
        if part.size:
            c[part] = _partial_counts(part, p, ce, rank, e_cnt, es, ne, count, first, clo)
        keep = c > 0
        q, k, c, pos = p[keep], e_key[keep], c[keep], np.flatnonzero(keep)
        # Group equal (parent, vector) pairs: counts add, the first appearance gives the order.
        kmin, kspan = int(k.min()) if k.size else 0, (int(k.max()) - int(k.min()) + 1) if k.size else 1
        if kspan ** P * n < 2**62:  # one int64 key per (parent, vector): one sort instead of P + 1
            flatkey = q.copy()
            for j in range(P):
                flatkey = flatkey * kspan + (k[:, j] - kmin)
            o = np.argsort(flatkey, kind="stable")
        else:
            o = np.lexsort([k[:, j] for j in range(P - 1, -1, -1)] + [q])
        qs, ks = q[o], k[o]
        new = np.ones(o.size, dtype=bool)
        new[1:] = (qs[1:] != qs[:-1]) | (ks[1:] != ks[:-1]).any(axis=1)
        starts = np.flatnonzero(new)
        g_cnt = _sat(np.add.reduceat(c[o].astype(np.float64), starts), np.add.reduceat(c[o], starts))
        g_first = np.minimum.reduceat(pos[o], starts)
        g_node, g_key = qs[starts], ks[starts]
        is_top = (g_key == V[g_node]).all(axis=1)
        o2 = np.lexsort((g_first, ~is_top, g_node))
        g_node, g_key, g_cnt = g_node[o2], g_key[o2], g_cnt[o2]
        # At most _MAX_CLASSES vectors per node, as _classes keeps.
        gstart = np.flatnonzero(np.concatenate(([True], g_node[1:] != g_node[:-1])))
        within = np.arange(g_node.size) - np.repeat(gstart, np.diff(np.append(gstart, g_node.size)))
        if (within >= _MAX_CLASSES).any():
            partial = True
            ok = within < _MAX_CLASSES
            g_node, g_key, g_cnt = g_node[ok], g_key[ok], g_cnt[ok]
        leaves = lo + np.flatnonzero(count[lo:hi] == 0)
        e_node = np.concatenate((g_node, leaves))
        e_key = np.concatenate((g_key, pay[leaves]))
        e_cnt = np.concatenate((g_cnt, np.ones(leaves.size, dtype=np.int64)))
        o3 = np.argsort(e_node, kind="stable")
        e_node, e_key, e_cnt = e_node[o3], e_key[o3], e_cnt[o3]
        saved.append((e_node, e_key, e_cnt))
    saved.reverse()
    node = np.concatenate([s[0] for s in saved])
    key = np.concatenate([s[1] for s in saved])
    cnt = np.concatenate([s[2] for s in saved])
    # The multi nodes: every tie node and its ancestors, as in _classes.
    mark = np.zeros(n, dtype=bool)
    mark[fp.ties.nodes if isinstance(fp.ties, _TieArrays)
         else np.fromiter(fp.ties, dtype=np.int64, count=len(fp.ties))] = True
    for d in range(len(lv) - 2, 0, -1):
        kids = np.arange(lv[d], lv[d + 1])
        mark[par[kids[mark[lv[d]:lv[d + 1]]]]] = True
    if not isinstance(fp.best, list):
        fp.best = fp.best.tolist()
    return _ArrayClasses(node, key, cnt, frozenset(np.flatnonzero(mark).tolist())), partial


def _enumerate_counted(flat, fp, cl, cap):
    """The first `cap` SPEs in _enumerate's order, for trees without chance nodes.

    _enumerate's backtracking lists, for a subgame and a payoff vector, the choices at its root in
    order and, for each, the product of its children's lists, the first child varying slowest.
    Knowing every list's length (the class counts), the first `cap` entries of a product need
    only the first entry of its leading factors, and the first entry of a list whose vector is the
    first SPE's is the first SPE itself (no departures): so only a few subgames are ever opened.
    Recursion depth is twice the tree's depth (callers use it on shallow trees only)."""
    gt = _gt_float if flat.mode == "float" else _gt_exact
    player, first, count, best = flat.player, flat.first, flat.count, fp.best

    def size(u, key):
        return cl[u][key] if u in cl else 1

    def firsts(u, key, K):
        if u not in cl:
            return [()]
        classes = cl[u]
        if K == 1 and key == next(iter(classes)):
            return [()]
        f, c, i, b0 = first[u], count[u], player[u], best[u]
        kids = [cl[f + j] if f + j in cl else {fp.value(f + j): 1} for j in range(c)]
        out = []
        for a in [b0] + [a for a in range(c) if a != b0]:
            if key not in kids[a]:
                continue
            lists = [[key] if b == a else [x for x in kids[b] if not gt(x[i], key[i])] for b in range(c)]
            dep = ((u, a),) if a != b0 else ()
            for combo in itertools.product(*lists):
                tasks = [(f + b, combo[b]) for b in range(c) if f + b in cl]
                out.extend(dep + s for s in product(tasks, K - len(out)))
                if len(out) >= K:
                    return out[:K]
        return out

    def product(tasks, K):
        if not tasks:
            return [()]
        sizes = [size(*t) for t in tasks]
        # j: the last factor whose product with those after it reaches K; the ones before it
        # stay at their first entry. suffix: the product of the factors after j.
        j, suffix = len(tasks) - 1, 1
        while j > 0 and suffix * sizes[j] < K:
            suffix *= sizes[j]
            j -= 1
        prefix = ()
        for t in tasks[:j]:
            prefix += firsts(*t, 1)[0]
        lead = firsts(*tasks[j], -(-K // suffix))
        tails = [firsts(*t, sizes[m]) for m, t in enumerate(tasks[j + 1:], j + 1)]
        out = []
        for e in lead:
            for combo in itertools.product(*tails):
                out.append(prefix + e + sum(combo, ()))
                if len(out) >= K:
                    return out
        return out

    out = []
    for key in cl[0]:
        out.extend(firsts(0, key, cap - len(out)))
        if len(out) >= cap:
            break
    return [dict(d) for d in out]
