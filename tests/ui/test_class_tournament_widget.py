"""The class tournament widget, driven in process by a scripted instructor: submissions typed into
the form, pasted as code and read from a folder, then the right table out; every message names the
submission, goes to a live region, and the controls carry visible labels."""
import json
import re

from tradewar.games import class_tournament as ct
from tradewar.games import repeated as G
from tradewar.ui.class_tournament import ClassTournament, ranking_html, scores_svg

LOOP = "def rule(mine, theirs):\n    while True:\n        pass\n"
TFT = "def rule(mine, theirs):\n    return theirs[-1] if theirs else 'C'\n"


def type_rule(w, name, *probs):
    w.name_box.value = name
    for box, p in zip(w.prob_boxes.values(), probs):
        box.value = p
    w.add_button.click()
    return w.status.value


def paste_rule(w, name, code):
    w.name_box.value = name
    w.code_box.value = code
    w.add_code_button.click()
    return w.status.value


def rows(html_table):
    """(rank, entry, entered by, score) per row of the ranking table."""
    out = []
    for tr in re.findall(r"<tr><td.*?</tr>", html_table):
        cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr)]
        out.append(tuple(cells))
    return out


def test_a_scripted_instructor_gets_the_right_table(tmp_path):
    (tmp_path / "cy.json").write_text(json.dumps({"first": 1, "CC": 1, "CD": 0.5, "DC": 1, "DD": 0}))
    (tmp_path / "di.json").write_text(json.dumps({"first": 1, "CC": 2, "CD": 0, "DC": 1, "DD": 0}))
    w = ClassTournament(folder=tmp_path, epsilon=0.05, seed=11)
    assert type_rule(w, "Ana", "1", "1", "0", "1", "1/3") == "Added Ana (memory-one). 1 entry."
    assert type_rule(w, "Bob", "1", "1", "120%", "1", "0") == \
        "Not added: Bob: CD = 6/5 must be a probability from 0 to 1."
    assert "Not added: Bo: DD = &#x27;maybe&#x27; is not a number" in type_rule(w, "Bo", "1", "1", "0", "1", "maybe")
    assert paste_rule(w, "Dee", TFT) == "Added Dee (Python). 2 entries."
    msg = paste_rule(w, "Loop", LOOP)
    assert msg.startswith("Not added: Loop: it ran too long in round 1")
    assert "Already" not in type_rule(w, "tit-for-tat", "1", "1", "0", "1", "0")
    assert "already taken" in w.problems["tit-for-tat"]
    w.folder_button.click()
    assert w.status.value.startswith(f"Read 2 files from {tmp_path.name}: 1 added, 1 not")
    assert list(w.entry_list.options) == ["Ana", "Dee", "cy"]
    assert set(w.problems) == {"Bob", "Bo", "Loop", "tit-for-tat", "di"}
    for name in w.problems:
        assert f"<b>{name}</b>" in w.problem_box.value
    # Remove one with the keyboard-reachable list and button, then run.
    w.entry_list.value = "cy"
    w.remove_button.click()
    assert w.status.value == "Removed cy. 2 entries."
    w.noise.value = 0.1
    w.run_button.click()
    # The same round robin, computed directly, gives the same ranking and scores.
    direct = ct.class_tournament([ct.from_probabilities("Ana", [1, 1, 0, 1, 1 / 3]), ct.from_source("Dee", TFT)],
                                 rounds=200, matches=1, epsilon=0.1, seed=11)
    t = direct.tournament
    table = rows(w.table.value)
    assert [r[1].replace(" (winner)", "") for r in table] == list(t.ranking)
    score = dict(zip(t.names, t.score))
    assert [r[3] for r in table] == [f"{score[n]:.2f}" for n in t.ranking]
    assert dict((r[1].replace(" (winner)", ""), r[2]) for r in table)["Ana"] == "student (memory-one)"
    assert len(table) == len(G.STRATEGIES) + 2
    assert w.status.value.startswith(f"Winner: {t.ranking[0]} ({score[t.ranking[0]]:.2f} per round).")
    assert "Best student entry:" in w.status.value
    assert "(student)" in w.text and w.chart.value.startswith("<svg") and 'role="img"' in w.chart.value


def test_messages_are_live_and_controls_are_labelled():
    w = ClassTournament()
    assert "tw-live" in w.status._dom_classes and "tw-ui" in w.widget._dom_classes
    for box in [w.name_box, *w.prob_boxes.values(), w.code_box, w.entry_list]:
        assert box.description.strip()
    for b in (w.add_button, w.add_code_button, w.remove_button, w.run_button):
        assert b.description.strip()
    assert w.remove(None) == "Choose an entry in the list first."
    assert w.load_folder() == "No folder was given to this widget."
    assert "runs in a live notebook" in w.static_html()


def test_a_python_rule_that_fails_during_play_is_left_out_with_its_reason():
    late = "def rule(mine, theirs):\n    if len(mine) == 120:\n        raise ValueError('tired')\n    return 'C'\n"
    w = ClassTournament([ct.from_source("Late", late), ct.from_source("Dee", TFT)], epsilon=0)
    assert list(w.entry_list.options) == ["Late", "Dee"]
    r = w.run()
    assert r.students == ("Dee",) and list(w.entry_list.options) == ["Dee"]
    assert "Left out: Late (it raised ValueError: tired in round 121" in w.status.value
    assert "<b>Late</b>" in w.problem_box.value and "Late" not in w.table.value


def test_ranking_and_chart_describe_the_same_result():
    r = ct.class_tournament([ct.from_probabilities("Ana", [1, 1, 0, 1, 0])], rounds=20, seed=1)
    svg, text = scores_svg(r)
    t = r.tournament
    assert text.startswith(f"Bar chart of the scores of {len(t.names)} entries (1 from students), highest first: 1. ")
    assert "Ana (student)" in text and 'aria-label="' in svg
    assert "(winner)" in ranking_html(r, "cap") and "<caption" in ranking_html(r, "cap")
