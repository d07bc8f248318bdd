"""Round-by-round lanes and the tournament table, driven in process through an Explorer."""
import numpy as np

from tradewar.models import truce
from tradewar.ui import Explorer
from tradewar.ui.rounds import RoundsView, TournamentView, rounds_svg, tournament_html


def sandbox(**kw):
    return Explorer(truce.sandbox, ["strategy_us", "strategy_cn", "epsilon", "e", "rounds"],
                    views=[RoundsView(shown=2)], **kw)


def test_lanes_follow_the_strategies_and_the_noise():
    ex = sandbox()
    view = ex.views[0]
    ex.set(epsilon=0, e=0, q=1, rounds=12)   # q = 1: every real breach is seen
    assert "Match 1, US: " + "C" * 12 + "." in view.text and "!" not in view.svg.split("slip</text>")[1]
    assert "Both kept the truce in 100% of rounds" in view.text
    ex.set(strategy_us="always defect", strategy_cn="tit-for-tat")
    assert "Match 1, US: " + "D" * 12 + "." in view.text
    assert "Match 1, China: C" + "D" * 11 + "." in view.text
    assert view.svg.count(">D</text>") == 2 * (12 + 11)       # two matches shown, one letter per square
    ex.set(strategy_us="tit-for-tat", epsilon=0.3)
    assert "false alarms seen in rounds" in view.text
    assert view.widget.value.startswith("<svg") and "tw-view-rounds" in view.widget._dom_classes
    before = view.svg
    ex.set(rounds=13)                                          # every slider step changes the picture
    assert view.svg != before and "round 13" in view.text


def test_same_settings_draw_the_same_picture():
    ex = sandbox()
    ex.set(epsilon=0.2, e=0.1)
    first = ex.views[0].svg
    ex.set(epsilon=0.1)
    ex.set(epsilon=0.2)
    assert ex.views[0].svg == first
    assert "slips in rounds" in ex.views[0].text


def test_rounds_svg_marks_false_alarms_and_slips():
    actions = np.zeros((2, 3, 1), bool)
    actions[0, 1, 0] = True
    fa = np.zeros_like(actions)
    fa[1, 2, 0] = True
    slips = np.zeros_like(actions)
    slips[0, 1, 0] = True
    svg, text = rounds_svg(actions, fa, slips, np.array([1.0, 0.0, 1.0]))
    assert "Match 1, US: CDC; slips in rounds 2." in text
    assert "Match 1, China: CCC; false alarms seen in rounds 3." in text
    assert ">!</text>" in svg and ">~</text>" in svg and 'aria-label="' in svg
    assert "of rounds over 1 match; in round 1: 100%, in round 3: 100%." in text and "1 matches" not in text
    assert "(1 match)</text>" in svg
    two = np.zeros((2, 3, 2), bool)
    assert "of rounds over 2 matches;" in rounds_svg(two, two, two, np.array([1.0, 1.0, 1.0]))[1]


def test_tournament_view_ranks_as_the_scores_say():
    view = TournamentView(lambda result, values: truce.tournament(**{k: values[k] for k in ("epsilon", "e")}),
                          caption="Round robin")
    ex = Explorer(truce.sandbox, ["epsilon", "e"], views=[view])
    ex.set(epsilon=0, e=0)
    t = view.tournament
    assert view.ranking == t.ranking and t.score[t.names.index(t.ranking[0])] == t.score.max()
    assert f"1. {t.ranking[0]} (winner)" in view.html
    noiseless = view.html
    ex.set(epsilon=0.3)
    assert view.html != noiseless
    assert "Round robin" in tournament_html(view.tournament, "Round robin")
