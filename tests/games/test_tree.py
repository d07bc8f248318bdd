"""Trees: textbook cases worked by hand (exact Fractions), brute-force cross-checks, .efg files."""
from __future__ import annotations

import dataclasses
import itertools
import math
import re
from fractions import Fraction as F
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from tradewar.games.backward import Solution, backward_induction
from tradewar.games.efg import from_efg, to_efg
from tradewar.games.random_tree import random_tree
from tradewar.games.tree import Chance, Decision, Leaf, Tree
from tradewar.games.tree_form import FlaggedEquilibrium, nash_equilibria, strategic_form

DATA = Path(__file__).parent / "data"
SETTINGS = settings(max_examples=100, deadline=None)


# ---------------------------------------------------------------- games worked by hand

def chokepoint(v=1, l=1, a=F(1, 2), kappa=F(1, 5), D_U=F(23, 5), D_C=2):
    last = Decision(0, "US, after Retaliate", (("Back down", Leaf((-a, -kappa))),
                                               ("Persist", Leaf((v - D_U, -l - D_C)))))
    china = Decision(1, "China", (("Retaliate", last), ("Accept", Leaf((v, -l)))))
    root = Decision(0, "US, at the start", (("Escalate", china), ("Not", Leaf((0, 0)))))
    return Tree(root, ("US", "China"))


def ultimatum(pie=2):
    def respond(o):
        return Decision(1, f"Responder, offered {o}", (("Accept", (pie - o, o)), ("Reject", (0, 0))))
    return Tree(Decision(0, "Proposer", [(f"Offer {o}", respond(o)) for o in range(pie + 1)]),
                ("Proposer", "Responder"))


def centipede():
    # Rosenthal-style: taking now always beats being taken from at the next node.
    node = Decision(1, "Stage 4", (("Take", (2, 4)), ("Pass", (5, 3))))
    node = Decision(0, "Stage 3", (("Take", (3, 1)), ("Pass", node)))
    node = Decision(1, "Stage 2", (("Take", (0, 2)), ("Pass", node)))
    return Tree(Decision(0, "Stage 1", (("Take", (1, 0)), ("Pass", node))), ("Ann", "Bob"))


def invest():
    boom = Decision(1, "Partner, in a boom", (("Share", (3, 2)), ("Grab", (0, 1))))
    market = Chance("Market", (("Boom", F(1, 3), boom), ("Bust", F(2, 3), Leaf((F(1, 2), 0)))))
    return Tree(Decision(0, "Firm", (("Invest", market), ("Not", (1, 1)))), ("Firm", "Partner"))


def upstream_tie():
    # Bob is indifferent at X but Ann is not: which tie-break Bob uses flips Ann's choice above.
    x = Decision(1, "X", (("a", (2, 0)), ("b", (0, 0))))
    return Tree(Decision(0, "Root", (("L", x), ("R", (1, 1)))), ("Ann", "Bob"))


# ---------------------------------------------------------------- an independent brute force

def value(node, prof):
    if isinstance(node, Leaf):
        return node.payoffs
    if isinstance(node, Decision):
        return value(dict(node.moves)[prof[node.name]], prof)
    vals = [(p, value(c, prof)) for _, p, c in node.moves]
    return tuple(sum(p * v[i] for p, v in vals) for i in range(len(vals[0][1])))


def unstable_nodes(tree, prof):
    bad = []
    for _, nd in tree.nodes():
        if isinstance(nd, Decision):
            own = [value(c, prof)[nd.player] for _, c in nd.moves]
            if max(own) > value(dict(nd.moves)[prof[nd.name]], prof)[nd.player]:
                bad.append(nd.name)
    return bad


def all_profiles(tree):
    dec = tree.decision_nodes()
    for acts in itertools.product(*[[a for a, _ in d.moves] for d in dec]):
        yield dict(zip((d.name for d in dec), acts))


def brute_force_spes(tree):
    return [p for p in all_profiles(tree) if not unstable_nodes(tree, p)]


def frozen(profile):
    return tuple(sorted(profile.items()))


# ---------------------------------------------------------------- M1 chokepoint

def test_chokepoint_backward_induction_exact():
    s = backward_induction(chokepoint())
    assert s.value == (0, 0)
    assert s.choice == {"US, at the start": "Not", "China": "Retaliate", "US, after Retaliate": "Back down"}
    assert s.path == ("Not",)
    assert s.values["US, after Retaliate"] == (F(-1, 2), F(-1, 5))
    assert all(type(x) is F for x in s.values["China"])
    assert s.values["US, at the start"] == (0, 0) and s.ties == {}
    assert s.equilibria == (s.choice,) and s.n_equilibria == 1 and not s.truncated
    assert s.players == ("US", "China")
    assert s.outcomes == ((("Not",), 1, (0, 0)),)


def test_chokepoint_explanation_is_generated_from_the_tree():
    lines = backward_induction(chokepoint()).explain()
    assert lines == [
        "At US, after Retaliate, US compares Back down (-0.5) with Persist (-3.6), so it plays Back down.",
        "At China, China compares Retaliate (-0.2) with Accept (-1), so it plays Retaliate.",
        "At US, at the start, US compares Escalate (-0.5) with Not (0), so it plays Not.",
        "So the play is Not, with payoffs US 0, China 0.",
    ]
    # Cheap persisting (D_U <= v + a): the US persists, China accepts, the US escalates.
    s = backward_induction(chokepoint(D_U=1))
    assert s.path == ("Escalate", "Accept") and s.value == (1, -1)
    assert "so it plays Persist" in s.explain()[0]


def test_chokepoint_nash_equilibria_flag_the_noncredible_threat():
    eqs = nash_equilibria(chokepoint())
    assert all(isinstance(e, FlaggedEquilibrium) for e in eqs)
    by = {e.strategies: e for e in eqs}
    assert set(by) == {("Not/Back down", "Retaliate"), ("Escalate/Persist", "Accept"),
                       ("Not/Persist", "Retaliate")}
    spe = by["Not/Back down", "Retaliate"]
    assert spe.subgame_perfect and spe.noncredible == () and spe.payoffs == (0, 0)
    threat = by["Escalate/Persist", "Accept"]
    assert threat.payoffs == (1, -1) and not threat.subgame_perfect
    assert threat.noncredible == ("US, after Retaliate",)
    assert threat.profile == {"US, at the start": "Escalate", "China": "Accept",
                              "US, after Retaliate": "Persist"}
    # Off the path, China's Retaliate is not optimal against a US that would persist.
    assert by["Not/Persist", "Retaliate"].noncredible == ("China", "US, after Retaliate")


def test_chokepoint_strategic_form():
    g = strategic_form(chokepoint())
    assert list(g.row_actions) == ["Escalate/Back down", "Escalate/Persist", "Not/Back down", "Not/Persist"]
    assert list(g.col_actions) == ["Retaliate", "Accept"]
    A = [[g.A[i][j] for j in range(2)] for i in range(4)]
    B = [[g.B[i][j] for j in range(2)] for i in range(4)]
    assert A == [[F(-1, 2), 1], [F(-18, 5), 1], [0, 0], [0, 0]]
    assert B == [[F(-1, 5), -1], [-3, -1], [0, 0], [0, 0]]
    cells = {(g.row_actions[i], g.col_actions[j]) for i, j in g.pure_equilibria()}
    assert cells == {e.strategies for e in nash_equilibria(chokepoint())}


# ---------------------------------------------------------------- ties

def test_ultimatum_has_two_spes_with_different_upstream_choices():
    s = backward_induction(ultimatum())
    assert s.n_equilibria == 2 and len(s.equilibria) == 2 and not s.truncated
    first, second = s.equilibria
    assert first == s.choice
    assert first["Proposer"] == "Offer 0" and first["Responder, offered 0"] == "Accept"
    assert second["Proposer"] == "Offer 1" and second["Responder, offered 0"] == "Reject"
    assert s.ties == {"Responder, offered 0": ("Accept", "Reject")}
    assert s.value == (2, 0)
    text = " ".join(s.explain())
    assert "Responder is indifferent between Accept and Reject (both 0)" in text
    assert "There are 2 subgame-perfect equilibria, differing at Proposer and Responder, offered 0" in text
    assert "(Proposer 2, Responder 0) or (Proposer 1, Responder 1)" in text


def test_tie_below_changes_the_choice_above():
    s = backward_induction(upstream_tie())
    got = {frozen(e) for e in s.equilibria}
    # Not the product of the argmax sets: (X=b, Root=L) is not subgame perfect.
    assert got == {frozen({"Root": "L", "X": "a"}), frozen({"Root": "R", "X": "b"})}
    assert got == {frozen(p) for p in brute_force_spes(upstream_tie())}
    assert s.value == (2, 0) and s.path == ("L", "a")


def test_independent_ties_multiply():
    def pair(name):
        return Decision(1, name, (("x", (1, 1)), ("y", (1, 1)), ("z", (0, 0))))
    t = Tree(Decision(0, "Root", (("L", pair("A")), ("R", pair("B")))), ("Ann", "Bob"))
    s = backward_induction(t)
    assert s.n_equilibria == 8  # Ann's tie (L/R) x Bob's two ties
    assert len({frozen(e) for e in s.equilibria}) == 8
    assert s.ties == {"Root": ("L", "R"), "A": ("x", "y"), "B": ("x", "y")}
    assert "Bob is indifferent between x and y (both 1), which beat z (0)" in " ".join(s.explain())


def test_truncation_keeps_count_exact():
    t = random_tree(400, payoffs="int", seed=3)
    s = backward_induction(t, max_equilibria=7)
    assert len(s.equilibria) == 7 and s.truncated and s.n_equilibria > 7
    assert len({frozen(e) for e in s.equilibria}) == 7
    assert s.equilibria[0] == s.choice
    for e in s.equilibria:
        assert not unstable_nodes(t, e)


# ---------------------------------------------------------------- centipede and chance

def test_centipede_unravels():
    s = backward_induction(centipede())
    assert s.path == ("Take",) and s.value == (1, 0)
    assert all(a == "Take" for a in s.choice.values())
    assert s.explain()[0] == "At Stage 4, Bob compares Take (4) with Pass (3), so it plays Take."


def test_chance_node_expected_values_stay_exact():
    s = backward_induction(invest())
    assert s.value == (F(4, 3), F(2, 3)) and all(type(x) is F for x in s.value)
    assert s.choice == {"Firm": "Invest", "Partner, in a boom": "Share"}
    assert s.path == ("Invest",)
    assert s.outcomes == ((("Invest", "Boom", "Share"), F(1, 3), (3, 2)),
                          (("Invest", "Bust"), F(2, 3), (F(1, 2), 0)))
    lines = s.explain()
    assert ("At Market, chance picks Boom with probability 1/3 and Bust with probability 2/3, "
            "so the expected payoffs are Firm 4/3, Partner 2/3.") in lines
    assert lines[-1] == ("So the play is Invest, then chance moves at Market; the expected payoffs "
                         "are Firm 4/3, Partner 2/3.")


def test_chance_strategic_form_averages():
    g = strategic_form(invest())
    assert list(g.row_actions) == ["Invest", "Not"] and list(g.col_actions) == ["Share", "Grab"]
    assert [list(r) for r in g.A] == [[F(4, 3), F(1, 3)], [1, 1]]
    eqs = nash_equilibria(invest())
    assert [(e.strategies, e.subgame_perfect) for e in eqs] == [(("Invest", "Share"), True),
                                                                 (("Not", "Grab"), False)]
    assert eqs[1].noncredible == ("Partner, in a boom",)


def test_float_payoffs_and_tolerant_ties():
    # 0.1 + 0.2 != 0.3 in binary, yet the chance node and the leaf tie for the player.
    c = Chance("Coin", (("h", 0.5, (0.2, 0.0)), ("t", 0.5, (0.4, 0.0))))
    t = Tree(Decision(0, "Ann", (("gamble", c), ("safe", (0.1 + 0.2, 1.0)))), ("Ann", "Bob"))
    s = backward_induction(t)
    assert s.ties == {"Ann": ("gamble", "safe")} and s.n_equilibria == 2


# ---------------------------------------------------------------- builders and validation

def test_builders_accept_dicts_and_payoff_tuples():
    a = Tree(Decision(0, "r", {"x": (1, 2), "y": Chance("c", {"h": (F(1, 2), (0, 0)), "t": (F(1, 2), [2, 2])})}),
             ["A", "B"])
    b = Tree(Decision(0, "r", (("x", Leaf((1, 2))), ("y", Chance("c", (("h", F(1, 2), Leaf((0, 0))),
                                                                        ("t", F(1, 2), Leaf((2, 2)))))))),
             ("A", "B"))
    assert a == b and hash(a) == hash(b) and a.players == ("A", "B")
    assert [p for p, _ in a.nodes()] == [(), ("x",), ("y",), ("y", "h"), ("y", "t")]
    assert [d.name for d in a.decision_nodes()] == ["r"] and a.find("c").name == "c" and len(a) == 5
    assert a != Tree(Decision(0, "r", {"x": (1, 2), "y": (0, 0)}), ("A", "B"))


@pytest.mark.parametrize("build, message", [
    (lambda: Tree(Decision(0, "n", (("a", Decision(1, "n", (("b", (0, 0)),))),)), ("A", "B")),
     "duplicate node name 'n'"),
    (lambda: Chance("c", (("h", F(1, 2), (0,)), ("t", F(1, 3), (0,)))),
     "chance node 'c': the probabilities sum to 5/6, not 1"),
    (lambda: Chance("c", (("h", 0.5, (0,)), ("t", 0.4, (0,)))), "the probabilities sum to 0.9, not 1"),
    (lambda: Chance("c", (("h", F(3, 2), (0,)), ("t", F(-1, 2), (0,)))),
     "the probability of 'h' is 1.5, outside [0, 1]"),
    (lambda: Tree(Decision(0, "r", (("a", (1, 2, 3)),)), ("A", "B")),
     "the leaf at path a has 3 payoffs but the tree has 2 players"),
    (lambda: Tree(Decision(2, "r", (("a", (1, 2)),)), ("A", "B")),
     "decision node 'r': player 2 is out of range for 2 players"),
    (lambda: Decision(-1, "r", (("a", (1,)),)), "player must be a non-negative int index"),
    (lambda: Decision(0, "r", ()), "decision node 'r' has no moves"),
    (lambda: Decision(0, "r", (("a", (1,)), ("a", (2,)))), "decision node 'r': duplicate action label 'a'"),
    (lambda: Decision(0, "", (("a", (1,)),)), "needs a non-empty string name"),
    (lambda: Leaf((1, "x")), "a payoff must be a number"),
    (lambda: Leaf((float("nan"),)), "must be finite"),
    (lambda: Leaf((True,)), "a payoff must be a number"),
    (lambda: Decision(0, "r", (("a", "oops"),)), "a child must be a Leaf, Decision, Chance or a payoff tuple"),
    (lambda: Tree(Leaf((1,)), ()), "players must be a non-empty tuple of strings"),
    (lambda: backward_induction(chokepoint(), max_equilibria=0), "max_equilibria must be a positive int"),
    (lambda: backward_induction(chokepoint(), method="numpy"), "cannot keep Fraction payoffs"),
    (lambda: strategic_form(Tree(Leaf((1, 2, 3)), ("A", "B", "C"))), "two-player trees only"),
])
def test_validation_errors(build, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        build()


def test_strategic_form_refuses_huge_games():
    node = Leaf((-1, -1))
    for i in range(20):  # 2^20 > 10^6 strategies for player 0
        node = Decision(0, f"n{i}", (("l", node), ("r", (i, i))))
    t = Tree(node, ("A", "B"))
    with pytest.raises(ValueError, match=r"1,048,576 x 1 = 1,048,576 cells, more than the 1,000,000"):
        nash_equilibria(t)
    assert backward_induction(t).n_equilibria == 1


def test_three_players_and_trivial_trees():
    t = Tree(Decision(2, "C", (("a", (1, 2, 3)), ("b", (0, 0, 4)))), ("A", "B", "C"))
    assert backward_induction(t).choice == {"C": "b"}
    s = backward_induction(Tree(Leaf((5,)), ("Solo",)))
    assert s.value == (5,) and s.choice == {} and s.path == () and s.equilibria == ({},)
    assert s.explain() == ["The game has no moves: the payoffs are Solo 5."]


def test_solution_is_a_frozen_dataclass():
    s = backward_induction(chokepoint())
    assert isinstance(s, Solution) and dataclasses.asdict(s)["value"] == (0, 0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.value = (1, 1)
    assert s.tree == chokepoint()


# ---------------------------------------------------------------- big and deep trees

def test_deep_path_does_not_recurse():
    node = Leaf((0, 1))
    for i in range(100_000):  # each mover prefers to go on: the play runs the whole path
        node = Decision(i % 2, f"n{i}", (("stop", Leaf((-1, -1))), ("go", node)))
    t = Tree(node, ("A", "B"))
    s = backward_induction(t)
    assert s.value == (0, 1) and len(s.path) == 100_000 and s.n_equilibria == 1
    lines = s.explain()
    assert lines[0].startswith("This tree has 100,000 decision nodes") and len(lines) == 52
    assert lines[-1].endswith("(100,000 moves in all), with payoffs A 0, B 1.")
    node = Leaf((0, 1))
    for i in range(20_000):
        node = Decision(i % 2, f"n{i}", (("stop", Leaf((-1, -1))), ("go", node)))
    t = Tree(node, ("A", "B"))
    assert from_efg(to_efg(t)) == t  # parsing and comparing are iterative too


def test_random_tree_shape():
    t = random_tree(5000, branching=(2, 3), chance=0.2, seed=7)
    assert len(t) == 5000 == sum(1 for _ in t.nodes())
    inner = [nd for _, nd in t.nodes() if not isinstance(nd, Leaf)]
    assert all(1 <= len(nd.moves) <= 3 for nd in inner)
    assert sum(len(nd.moves) < 2 for nd in inner) <= 1  # only the last node may be cut short
    chances = [nd for nd in inner if isinstance(nd, Chance)]
    assert chances and all(math.isclose(sum(p for _, p, _ in c.moves), 1) for c in chances)
    assert t == random_tree(5000, branching=(2, 3), chance=0.2, seed=7)
    # The fast constructor must agree with the validating one.
    assert Tree(t.root, t.players) == t
    for bad in (dict(n_nodes=0), dict(n_nodes=5, branching=(3, 2)), dict(n_nodes=5, chance=2),
                dict(n_nodes=5, payoffs="complex")):
        with pytest.raises(ValueError):
            random_tree(**bad)


@pytest.mark.parametrize("seed", [0, 1])
def test_numpy_and_python_paths_agree_on_big_int_trees(seed):
    t = random_tree(30_000, payoffs="int", seed=seed)
    a = backward_induction(t, method="python", max_equilibria=50)
    b = backward_induction(t, method="numpy", max_equilibria=50)
    assert a == b and a.n_equilibria > 50
    assert all(type(x) is int for x in b.value)


def test_numpy_and_python_paths_agree_on_float_trees_with_chance():
    t = random_tree(30_000, chance=0.3, seed=4)
    a = backward_induction(t, method="python")
    b = backward_induction(t)  # auto picks numpy for a tree this size
    assert a.choice == b.choice and a.n_equilibria == b.n_equilibria == 1
    assert all(math.isclose(x, y, rel_tol=1e-12, abs_tol=1e-12) for x, y in zip(a.value, b.value))
    assert a.outcomes[0][0] == b.outcomes[0][0]


def test_big_tree_explanation_is_a_summary():
    s = backward_induction(random_tree(3000, seed=2))
    lines = s.explain()
    assert lines[0].startswith("This tree has ") and len(lines) <= 53


# ---------------------------------------------------------------- Gambit .efg

def test_efg_round_trip_is_exact():
    for t in (chokepoint(), invest(), ultimatum(), upstream_tie()):
        back = from_efg(to_efg(t))
        assert back == t
        assert [type(x) for _, nd in back.nodes() if isinstance(nd, Leaf) for x in nd.payoffs] == \
               [type(x) for _, nd in t.nodes() if isinstance(nd, Leaf) for x in nd.payoffs]
    t = Tree(Chance('He said "go"', (("a\\b", 0.25, (0.1, F(3))), ("c", 0.75, (1e-7, -2.5e20)))), ("x", "y"))
    text = to_efg(t)
    assert "{ -1/2, -1/5 }" in to_efg(chokepoint())
    assert "3/1" in text and "0.0000001" in text and "e-07" not in text and "e+20" not in text
    back = from_efg(text)
    assert back == t and type(back.root.moves[0][2].payoffs[1]) is F


def test_efg_written_format():
    lines = to_efg(invest(), title="Invest").splitlines()
    assert lines[0] == 'EFG 2 R "Invest" { "Firm" "Partner" }'
    assert lines[3:] == [
        'p "Firm" 1 1 "Firm" { "Invest" "Not" } 0',
        'c "Market" 1 "" { "Boom" 1/3 "Bust" 2/3 } 0',
        'p "Partner, in a boom" 2 1 "Partner, in a boom" { "Share" "Grab" } 0',
        't "" 1 "" { 3, 2 }',
        't "" 2 "" { 0, 1 }',
        't "" 3 "" { 1/2, 0 }',
        't "" 4 "" { 1, 1 }',
    ]


def test_efg_reads_a_gambit_style_file():
    t = from_efg((DATA / "entry_chance.efg").read_text())
    assert t.players == ("Entrant", "Incumbent")
    assert [d.name for d in t.decision_nodes()] == ["Entrant", "Incumbent, boom"]
    leaves = [(p, nd.payoffs, nd.label) for p, nd in t.nodes() if isinstance(nd, Leaf)]
    # The root's interior outcome (-1/2, 0) is added to every leaf; decimals are read as floats.
    assert leaves == [
        (("Enter", "Boom", "Fight"), (F(-3, 2), 1.5), ""),
        (("Enter", "Boom", "Share"), (F(5, 2), 2), ""),
        (("Enter", "Bust"), (0, 0), "Bust"),
        (("Stay out",), (0, 5), "Out"),
    ]
    s = backward_induction(t)
    assert s.choice == {"Entrant": "Enter", "Incumbent, boom": "Share"}
    assert s.value == (F(5, 6), F(2, 3))


def test_efg_rejects_imperfect_information():
    text = '''EFG 2 R "Matching pennies, sequential but unobserved" { "A" "B" }
""
p "" 1 1 "" { "H" "T" } 0
p "" 2 1 "" { "h" "t" } 0
t "" 1 "" { 1 -1 }
t "" 2 "" { -1 1 }
p "" 2 1 "" { "h" "t" } 0
t "" 3 "" { -1 1 }
t "" 4 "" { 1 -1 }
'''
    with pytest.raises(ValueError, match="imperfect information: information set 1 of player 'B'"):
        from_efg(text)


@pytest.mark.parametrize("text, message", [
    ("NFG 1 R", 'must start with "EFG 2 R"'),
    ('EFG 2 R "" { "A" } "" p "" 1 1 "" { "a" } 0', "ends before the tree is complete"),
    ('EFG 2 R "" { "A" } "" p "" 3 1 "" { "a" } 0 t "" 1 "" { 1 }', "names player 3, but there are 1 players"),
    ('EFG 2 R "" { "A" } "" t "" 1 "" { 1 2 }', "outcome 1 at node 1 has 2 payoffs for 1 players"),
    ('EFG 2 R "" { "A" } "" x "" 1', "unknown node type 'x'"),
    ('EFG 2 R "" { "A" } "" t "" 1 "" { one }', "expected a payoff at node 1"),
    ('EFG 2 R "" { "A" } "" c "" 1 "" { "a" 1/2 "b" 1/3 } 0 t "" 1 "" { 1 } t "" 2 "" { 2 }',
     "the probabilities sum to 5/6, not 1"),
])
def test_efg_errors(text, message):
    with pytest.raises(ValueError, match=message):
        from_efg(text)


def test_efg_names_unnamed_nodes():
    text = '''EFG 2 R "" { "A" "B" } ""
p "" 1 1 "" { "x" "y" } 0
p "" 2 1 "" { "u" } 0
t "" 1 "" { 1 1 }
p "" 2 2 "" { "v" } 0
t "" 2 "" { 2 2 }
'''
    t = from_efg(text)
    assert [d.name for d in t.decision_nodes()] == ["A, node", "B, node", "B, node 1"]


# ---------------------------------------------------------------- properties on random small trees

@st.composite
def small_trees(draw, n_players=2, payoffs="int", chance=True, max_decisions=6):
    names = itertools.count()
    budget = [max_decisions]

    def num():
        if payoffs == "int":
            return draw(st.integers(-2, 2))
        return F(draw(st.integers(-3, 3)), draw(st.integers(1, 3)))

    def node(depth):
        kinds = ["leaf"]
        if depth < 4 and budget[0] > 0:
            kinds += ["decision", "decision"]
        if chance and depth < 3:
            kinds.append("chance")
        kind = draw(st.sampled_from(kinds))
        if kind == "leaf":
            return Leaf(tuple(num() for _ in range(n_players)))
        labels = [f"m{j}" for j in range(draw(st.integers(1, 3)))]
        if kind == "decision":
            budget[0] -= 1
            return Decision(draw(st.integers(0, n_players - 1)), f"n{next(names)}",
                            [(a, node(depth + 1)) for a in labels])
        w = [draw(st.integers(1, 3)) for _ in labels]
        return Chance(f"c{next(names)}", [(a, F(x, sum(w)), node(depth + 1)) for a, x in zip(labels, w)])

    return Tree(node(0), tuple(f"P{i}" for i in range(n_players)))


kinds = st.sampled_from(["int", "fraction"])


@SETTINGS
@given(st.data(), kinds, st.integers(1, 3))
def test_spes_match_brute_force(data, payoffs, n_players):
    t = data.draw(small_trees(n_players=n_players, payoffs=payoffs))
    s = backward_induction(t)
    brute = {frozen(p) for p in brute_force_spes(t)}
    assert s.n_equilibria == len(brute) == len(s.equilibria)
    assert {frozen(e) for e in s.equilibria} == brute
    assert s.equilibria[0] == s.choice
    assert s.value == value(t.root, s.choice)
    for name, v in s.values.items():
        assert v == value(t.find(name), s.choice)
    assert s.explain()


@SETTINGS
@given(st.data(), kinds)
def test_spes_are_exactly_the_nash_equilibria_flagged_subgame_perfect(data, payoffs):
    t = data.draw(small_trees(payoffs=payoffs))
    s = backward_induction(t)
    eqs = nash_equilibria(t)
    flagged = {frozen(e.profile) for e in eqs if e.subgame_perfect}
    assert flagged == {frozen(e) for e in s.equilibria}
    for e in eqs:
        assert e.noncredible == tuple(unstable_nodes(t, e.profile))
        assert e.payoffs == value(t.root, e.profile)


@SETTINGS
@given(st.data())
def test_numpy_and_exact_paths_agree(data):
    t = data.draw(small_trees(payoffs="int", chance=False))
    a = backward_induction(t, method="python")
    b = backward_induction(t, method="numpy")
    assert a == b
    assert a.explain() == b.explain()


@SETTINGS
@given(st.data(), kinds)
def test_efg_round_trip(data, payoffs):
    t = data.draw(small_trees(payoffs=payoffs, n_players=data.draw(st.integers(1, 3))))
    back = from_efg(to_efg(t))
    assert back == t
    assert to_efg(back) == to_efg(t)


def test_many_large_equilibria_share_storage(monkeypatch):
    import tradewar.games.backward as tree_mod
    t = random_tree(300, payoffs="int", seed=5)
    plain = backward_induction(t, max_equilibria=20)
    monkeypatch.setattr(tree_mod, "_DICT_BUDGET", 10)
    shared = backward_induction(t, max_equilibria=20)
    assert not isinstance(shared.equilibria[1], dict)
    assert [dict(e) for e in shared.equilibria] == list(plain.equilibria)
    assert shared == plain


# ---------------------------------------------------------------- the one rule for "equal" (issue 8, defect 3)

def test_tiny_payoffs_are_not_a_tie():
    """2e-10 against 1e-10 is a strict preference (the old absolute floor made it two SPEs)."""
    t = Tree(Decision(0, "A", (("x", Leaf((2e-10, 1e-10))), ("y", Leaf((1e-10, 2e-10))))), ("P", "Q"))
    for method in ("python", "numpy"):
        s = backward_induction(t, method=method)
        assert s.n_equilibria == 1 and s.choice == {"A": "x"} and s.ties == {}
    assert [e.subgame_perfect for e in nash_equilibria(t)] == [True]


def scaled(node, s):
    if isinstance(node, Leaf):
        return Leaf(tuple(x * s for x in node.payoffs), node.label)
    if isinstance(node, Decision):
        return Decision(node.player, node.name, [(a, scaled(c, s)) for a, c in node.moves])
    return Chance(node.name, [(a, p, scaled(c, s)) for a, p, c in node.moves])


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_a_tree_times_ten_to_the_k_has_the_exact_trees_equilibria(data):
    t = data.draw(small_trees(payoffs="int", chance=False))
    a = backward_induction(t)
    flags = [(e.profile, e.subgame_perfect, e.noncredible) for e in nash_equilibria(t)]
    for k in range(-12, 13):
        s = 10.0 ** k
        f = Tree(scaled(t.root, s), t.players)
        b = backward_induction(f)
        assert (b.choice, b.ties, b.equilibria, b.n_equilibria) == \
            (a.choice, a.ties, a.equilibria, a.n_equilibria), k
        assert b.value == pytest.approx([float(x) * s for x in a.value], rel=1e-9)
        assert [(e.profile, e.subgame_perfect, e.noncredible) for e in nash_equilibria(f)] == flags, k


# ---------------------------------------------------------------- .efg chance probabilities (issue 8, defect 4)

def written_probabilities(text):
    """Each chance node's probabilities as Gambit reads them: exact rationals."""
    out = []
    for line in text.splitlines():
        if line.startswith("c "):
            inner = line[line.index("{") + 1:line.rindex("}")]
            out.append([F(w) for w in re.findall(r'"\s+(\S+)', inner)])
    return out


def test_efg_float_chance_probabilities_sum_to_exactly_one():
    thirds = Chance("Nature", (("a", 1 / 3, (1.0, 0.0)), ("b", 1 / 3, (0.0, 1.0)), ("c", 1 / 3, (2.0, 2.0))))
    tenths = Chance("Later", (("x", 0.1, (1.0, 1.0)), ("y", 0.2, (0.5, 0.5)), ("z", 0.7, thirds)))
    t = Tree(Decision(0, "A", (("Go", tenths), ("Stop", (0.0, 0.0)))), ("P", "Q"))
    text = to_efg(t)
    assert "0.333" not in text
    probs = written_probabilities(text)
    assert probs == [[F(1, 10), F(1, 5), F(7, 10)], [F(1, 3)] * 3]
    assert all(sum(ps) == 1 for ps in probs)
    back = from_efg(text)
    assert to_efg(back) == text
    got = [p for _, nd in back.nodes() if isinstance(nd, Chance) for _, p, _ in nd.moves]
    want = [p for _, nd in t.nodes() if isinstance(nd, Chance) for _, p, _ in nd.moves]
    assert all(type(p) is F for p in got) and got == pytest.approx(want, abs=1e-12)
    assert backward_induction(back).choice == backward_induction(t).choice


@SETTINGS
@given(st.lists(st.integers(1, 10**6), min_size=1, max_size=6), st.integers(0, 3))
def test_efg_any_float_chance_probabilities_are_written_to_sum_to_one(weights, zeros):
    ps = [w / sum(weights) for w in weights] + [0.0] * zeros
    t = Tree(Chance("N", [(f"m{j}", p, (float(j),)) for j, p in enumerate(ps)]), ("P",))
    (got,) = written_probabilities(to_efg(t))
    assert sum(got) == 1 and all(q >= 0 for q in got)
    assert [float(q) for q in got] == pytest.approx(ps, abs=1e-11)
