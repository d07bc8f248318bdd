"""Memory-one rules and the class tournament: named rules and their memory-one twins play the same
moves draw for draw, bad submissions are named and left out (an endless loop too, with no threads or
signals), and the round robin runs over what is left."""
import json
import math
from fractions import Fraction as F

import numpy as np
import pytest

from tradewar.games import class_tournament as ct
from tradewar.games import repeated as G

TWINS = {  # named rule -> its memory-one twin (first, CC, CD, DC, DD), on what the player saw
    "tit-for-tat": (1, 1, 0, 1, 0),
    "win-stay, lose-shift": (1, 1, 0, 0, 1),
    "always cooperate": (1, 1, 1, 1, 1),
    "always defect": (0, 0, 0, 0, 0),
}
NOISE = dict(e=0.05, epsilon=0.1, q=0.9)


@pytest.mark.parametrize("name", list(TWINS))
def test_a_deterministic_memory_one_rule_plays_exactly_like_its_named_twin(name):
    twin = G.memory_one("twin", *TWINS[name])
    for other in ("tit-for-tat", "grim trigger", "generous tit-for-tat", "limited punishment"):
        a = G.play(name, other, 40, 50, seed=7, **NOISE)
        b = G.play(twin, other, 40, 50, seed=7, **NOISE)
        assert (a.actions == b.actions).all() and (a.seen == b.seen).all()


def test_a_random_memory_one_rule_forgives_at_its_rate():
    # Against always defect it is in state CD or DD from round 2 on: cooperates with probability 1/3.
    p = G.play(G.memory_one("gtft", 1, 1, F(1, 3), 1, F(1, 3)), "always defect", 101, 400, seed=3)
    coop = (~p.actions[0, 1:]).mean()
    assert abs(coop - 1 / 3) < 4 * math.sqrt(2 / 9 / (100 * 400))
    assert not p.actions[0, 0].any()  # first = 1: always cooperates first


def test_memory_one_checks_its_probabilities():
    with pytest.raises(ValueError, match="CC = 1.2 must be a probability from 0 to 1"):
        G.memory_one("x", 1, 1.2, 0, 0, 0)
    with pytest.raises(ValueError, match="DD = 6/5"):
        G.memory_one("x", 1, 1, 0, 0, F(6, 5))
    with pytest.raises(ValueError, match="name"):
        G.memory_one(" ", 1, 1, 0, 0, 0)
    with pytest.raises(ValueError, match="share the name 'tit-for-tat'"):
        G.tournament(["tit-for-tat", G.memory_one("tit-for-tat", 1, 1, 0, 1, 0)])


TFT_PY = "def rule(mine, theirs):\n    return theirs[-1] if theirs else 'C'\n"


def test_python_memory_one_and_named_tit_for_tat_score_alike_without_noise():
    subs = [ct.from_probabilities("M1", dict(zip(G.MEMORY_ONE_KEYS, TWINS["tit-for-tat"]))),
            ct.from_source("Py", TFT_PY)]
    r = ct.class_tournament(subs, rounds=30, matches=2)
    t = r.tournament
    i, j, k = (t.names.index(n) for n in ("tit-for-tat", "M1", "Py"))
    assert (t.matrix[i] == t.matrix[j]).all() and (t.matrix[i] == t.matrix[k]).all()
    assert r.students == ("M1", "Py") and r.left_out == ()
    assert len(t.names) == len(G.STRATEGIES) + 2


BAD = {
    "endless": ("def rule(mine, theirs):\n    while True:\n        pass\n", "ran too long in round 1"),
    "sly": ("def rule(mine, theirs):\n    while True:\n        try:\n            while True:\n                pass\n"
            "        except:\n            pass\n", "ran too long in round 1"),
    "comprehension": ("def rule(mine, theirs):\n    return [c for c in 'CD' for _ in range(10**9)][0]\n",
                      "ran too long"),
    "recursive": ("def rule(mine, theirs):\n    return rule(mine, theirs)\n", "RecursionError"),
    "exponential": ("def f(n):\n    return 1 if n < 2 else f(n - 1) + f(n - 2)\n"
                    "def rule(mine, theirs):\n    return 'C' if f(40) else 'D'\n", "ran too long"),
    "loads forever": ("while True:\n    pass\n", "ran too long while loading"),
    "raises": ("def rule(mine, theirs):\n    return 1 / 0\n", "raised ZeroDivisionError: division by zero in round 1"),
    "wrong answer": ("def rule(mine, theirs):\n    return True\n", "returned True in round 1"),
    "no rule": ("def strategy(mine, theirs):\n    return 'C'\n", "defines no function rule"),
    "one argument": ("def rule(history):\n    return 'C'\n", "exactly two arguments"),
    "syntax": ("def rule(mine, theirs)\n    return 'C'\n", "does not compile"),
    "imports": ("import os\ndef rule(mine, theirs):\n    return 'C'\n", "only `import math`"),
    "empty": ("   ", "the code is empty"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_a_bad_python_submission_is_named_and_left_out(name):
    source, why = BAD[name]
    sub = ct.from_source(name, source)
    assert not sub.ok and why in sub.problem
    r = ct.class_tournament([sub, ct.from_source("good", TFT_PY)], rounds=20)
    assert r.students == ("good",) and r.left_out == ((name, sub.problem),)
    assert name not in r.tournament.names


def test_math_is_allowed_and_the_step_budget_is_per_move():
    ok = ct.from_source("maths", "import math\ndef rule(mine, theirs):\n"
                                 "    n = sum(1 for c in theirs if c == 'D')\n"
                                 "    return 'D' if math.sqrt(n) > 3 else 'C'\n")
    assert ok.ok
    r = ct.class_tournament([ok], rounds=200, epsilon=0.1, seed=1)
    assert r.students == ("maths",)


def test_a_rule_that_uses_up_the_tournament_budget_is_told_so():
    # About 5,000 steps a move is within the per-move budget; 2,000,000 over the tournament run out first.
    slow = ct.from_source("slow", "def rule(mine, theirs):\n    for _ in range(5000):\n        pass\n"
                                  "    return 'C'\n")
    assert slow.ok
    r = ct.class_tournament([slow, ct.from_source("good", TFT_PY)], rounds=200, seed=1)
    assert r.students == ("good",)
    (name, why), = r.left_out
    assert name == "slow"
    assert why.endswith(f"it ran too long: more than {ct.STEPS_PER_ENTRY:,} loop steps over the tournament.")
    assert "for one move" not in why and "endless loop" not in why


def test_a_rule_that_fails_in_the_middle_is_left_out_and_the_rest_is_played_again():
    late = ct.from_source("late", "def rule(mine, theirs):\n    if len(mine) == 150:\n        return 1 / 0\n"
                                  "    return 'C'\n")
    assert late.ok  # the probes before the tournament do not reach round 151
    r = ct.class_tournament([late, ct.from_source("good", TFT_PY)], rounds=200, seed=1)
    assert r.students == ("good",)
    (name, why), = r.left_out
    assert name == "late" and "raised ZeroDivisionError" in why and "round 151" in why
    alone = ct.class_tournament([ct.from_source("good", TFT_PY)], rounds=200, seed=1)
    assert (alone.tournament.matrix == r.tournament.matrix).all()


def test_bad_probability_submissions():
    cases = {
        "too big": ({"first": 1, "CC": 1.5, "CD": 0, "DC": 1, "DD": 0}, "CC = 1.5 must be a probability"),
        "negative": ([1, 1, -0.1, 1, 0], "CD = -0.1"),
        "four": ([1, 1, 0, 1], "five probabilities"),
        "missing": ({"first": 1, "CC": 1, "CD": 0, "DC": 1}, "missing DD"),
        "extra": ({"first": 1, "CC": 1, "CD": 0, "DC": 1, "DD": 0, "EE": 1}, "unknown EE"),
        "text": ({"first": "yes", "CC": 1, "CD": 0, "DC": 1, "DD": 0}, "first = 'yes'"),
        "nan": ([1, 1, float("nan"), 1, 0], "CD = nan"),
    }
    for name, (values, why) in cases.items():
        sub = ct.from_probabilities(name, values)
        assert not sub.ok and why in sub.problem, (name, sub.problem)
    assert "not a name" in ct.from_probabilities("", [1, 1, 0, 1, 0]).problem
    r = ct.class_tournament([ct.from_probabilities("tit-for-tat", [1, 1, 0, 1, 0]),
                             ct.from_probabilities("Ana", [1, 1, 0, 1, 0]),
                             ct.from_probabilities("ana", [1, 1, 0, 1, 1])], rounds=10)
    assert r.students == ("Ana",)
    assert [n for n, _ in r.left_out] == ["tit-for-tat", "ana"]
    assert all("already taken" in why for _, why in r.left_out)


def test_a_folder_of_submissions(tmp_path):
    (tmp_path / "ana.json").write_text(json.dumps({"name": "Ana", "first": 1, "CC": 1, "CD": 0, "DC": 1, "DD": 0.3}))
    (tmp_path / "bo.json").write_text(json.dumps({"first": 1, "CC": 1, "CD": 0, "DC": 1, "DD": 0}))
    (tmp_path / "cy.json").write_text("{not json")
    (tmp_path / "di.json").write_text("[1, 1, 0, 1, 0]")
    (tmp_path / "ed.py").write_text(TFT_PY)
    (tmp_path / "fay.py").write_text(BAD["endless"][0])
    (tmp_path / "notes.txt").write_text("ignored")
    subs = ct.load_folder(tmp_path)
    assert [s.name for s in subs] == ["Ana", "bo", "cy", "di", "ed", "fay"]
    assert [s.ok for s in subs] == [True, True, False, False, True, False]
    assert "cy.json is not valid JSON" in subs[2].problem and "must hold one object" in subs[3].problem
    assert "ran too long" in subs[5].problem
    r = ct.class_tournament(subs, rounds=50, epsilon=0.05, seed=2)
    assert r.students == ("Ana", "bo", "ed") and [n for n, _ in r.left_out] == ["cy", "di", "fay"]
    with pytest.raises(ValueError, match="is not a folder"):
        ct.load_folder(tmp_path / "missing")


def test_forty_submissions_and_the_named_rules():
    rng = np.random.default_rng(0)
    subs = [ct.from_probabilities(f"student {i}", rng.random(5).round(2)) for i in range(40)]
    r = ct.class_tournament(subs, rounds=200, epsilon=0.05, seed=1)
    t = r.tournament
    assert len(t.names) == 48 and t.matrix.shape == (48, 48)
    assert np.allclose(t.score, t.matrix.mean(axis=1)) and t.matrix.min() >= 0 and t.matrix.max() <= 5
