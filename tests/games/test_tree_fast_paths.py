"""The fast paths of backward induction (numpy tie counting, counted enumeration, lazy solution
dicts) against the recursive definition of subgame perfection, on small trees with many ties."""
from __future__ import annotations

import itertools
import pickle

import pytest
from hypothesis import given, settings, strategies as st

import tradewar.games.backward as backward
from tradewar.games.backward import backward_induction
from tradewar.games.random_tree import random_tree
from tradewar.games.tree import Decision, Leaf


def reference_spes(node):
    """Every SPE of the subgame at `node` as (profile, payoffs), straight from the definition:
    a profile is subgame perfect when every subgame's part is, and the move at the root is a best
    reply given the continuation each child's part prescribes. No chance nodes."""
    if isinstance(node, Leaf):
        return [({}, node.payoffs)]
    kids = [reference_spes(c) for _, c in node.moves]
    out = []
    for combo in itertools.product(*kids):
        own = [v[node.player] for _, v in combo]
        for j, (label, _) in enumerate(node.moves):
            if own[j] == max(own):
                prof = {node.name: label}
                for p, _ in combo:
                    prof.update(p)
                out.append((prof, combo[j][1]))
    return out


def frozen(profile):
    return frozenset(dict(profile).items())


def play(node, profile):
    while isinstance(node, Decision):
        node = dict(node.moves)[profile[node.name]]
    return node.payoffs


tied_trees = st.builds(
    random_tree,
    n_nodes=st.integers(1, 28),
    branching=st.sampled_from([(1, 2), (2, 2), (2, 3), (1, 4), (3, 5)]),
    n_players=st.integers(1, 3),
    seed=st.integers(0, 10**6),
    payoffs=st.just("int"),
    int_range=st.sampled_from([(0, 1), (0, 0), (-1, 1), (0, 2)]),
)


@settings(max_examples=150, deadline=None)
@given(tied_trees, st.sampled_from(["python", "numpy"]), st.booleans())
def test_fast_paths_match_the_recursive_definition(tree, method, lazy):
    saved = backward._LAZY_FROM
    backward._LAZY_FROM = 0 if lazy else saved
    try:
        s = backward_induction(tree, method=method, max_equilibria=10**6)
    finally:
        backward._LAZY_FROM = saved
    ref = reference_spes(tree.root)
    assert s.n_equilibria == len(ref) == len(s.equilibria) and not s.truncated
    assert {frozen(e) for e in s.equilibria} == {frozen(p) for p, _ in ref}
    assert len({frozen(e) for e in s.equilibria}) == len(s.equilibria)
    assert s.equilibria[0] == s.choice and dict(s.equilibria[0]) == dict(s.choice)
    assert s.value == play(tree.root, s.choice)
    # values, ties and choice in preorder, each from the first SPE's continuation
    decisions = tree.decision_nodes()
    assert list(s.choice) == list(s.values) == [d.name for d in decisions]
    ties = {}
    for d in decisions:
        assert s.values[d.name] == play(d, s.choice)
        own = [play(c, s.choice)[d.player] for _, c in d.moves]
        best = [a for (a, _), v in zip(d.moves, own) if v == max(own)]
        assert s.choice[d.name] == best[0]
        if len(best) > 1:
            ties[d.name] = tuple(best)
    assert s.ties == ties and list(s.ties) == list(ties)
    assert s.explain()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_lazy_solution_dicts_equal_the_plain_ones(monkeypatch, seed):
    t = random_tree(3000, payoffs="int", int_range=(0, 1), seed=seed, branching=(2, 5))
    plain = backward_induction(t, max_equilibria=30)
    monkeypatch.setattr(backward, "_LAZY_FROM", 1)
    lazy = backward_induction(t, max_equilibria=30)
    assert type(plain.choice) is dict and type(lazy.choice) is not dict
    # lengths are known before anything is built
    assert len(lazy.choice) == len(plain.choice) and len(lazy.ties) == len(plain.ties)
    assert lazy == plain and plain == lazy
    for name in ("choice", "values", "ties"):
        a, b = getattr(plain, name), getattr(lazy, name)
        assert b == a and a == b and dict(b) == a and list(b) == list(a)
        assert list(b.items()) == list(a.items()) and repr(b) == repr(a)
        assert pickle.loads(pickle.dumps(b)) == a and type(pickle.loads(pickle.dumps(b))) is dict
        k = next(iter(a))
        assert b[k] == a[k] and b.get(k) == a.get(k) and k in b and b.get("no such node") is None
    assert [dict(e) for e in lazy.equilibria] == [dict(e) for e in plain.equilibria]
    assert lazy.explain() == plain.explain()


def test_big_tree_with_ties_at_most_nodes_counts_and_lists():
    t = random_tree(60_000, payoffs="int", int_range=(0, 1), seed=3)
    s = backward_induction(t, max_equilibria=50)
    assert 2 * len(s.ties) > len(s.choice)  # ties at most decision nodes
    assert s.n_equilibria == 10**18 and s.truncated and len(s.equilibria) == 50
    assert len({frozen(e) for e in s.equilibria}) == 50
    py = backward_induction(t, max_equilibria=50, method="python")
    assert py == s


def test_random_tree_int_range():
    t = random_tree(500, payoffs="int", int_range=(5, 6), seed=1)
    pays = {x for _, nd in t.nodes() if isinstance(nd, Leaf) for x in nd.payoffs}
    assert pays == {5, 6}
    assert random_tree(500, payoffs="int", seed=1) == random_tree(500, payoffs="int", seed=1, int_range=(-3, 3))
    for bad in ((1, 0), (0.5, 1), 3, (0, 1, 2)):
        with pytest.raises(ValueError):
            random_tree(10, payoffs="int", int_range=bad)
