"""The evolving tournament's picture, driven through an Explorer as notebook 03 builds it."""
from tradewar.games import repeated as G
from tradewar.models import truce
from tradewar.models.adapter import as_model
from tradewar.ui import Explorer
from tradewar.ui.evolution import SYMBOLS, EvolutionView, evolution_svg


KEYS = ("epsilon", "e", "T", "R", "P", "S")
ROUND_ROBIN = as_model("round robin", "round robin", truce.SIM_PARAMS,
                       lambda **values: truce.tournament(**{k: values[k] for k in KEYS}))


def test_the_picture_names_every_rule_and_follows_the_sliders():
    view = EvolutionView(lambda t: G.evolve(t, 200), title="Evolving tournament")
    ex = Explorer(ROUND_ROBIN, list(KEYS), views=[view])
    ev = view.evolution
    assert ev.generations == 200 and len(ev.names) == 8
    for i, name in enumerate(ev.names):
        assert f"{name} ({SYMBOLS[i]}): starts at 12.5%" in view.text
        assert f">{name}</text>" in view.svg
    assert 'role="img"' in view.svg and "Described under the chart." in view.svg
    assert view.widget.value.count(view.text.split(". ")[0]) >= 1
    t = ex.result
    assert ex.summary() == (f"Result: Round robin of 8 rules: {t.ranking[0]} wins with "
                            f"{t.score[t.names.index(t.ranking[0])]:.2f} per round; {t.ranking[-1]} is last with "
                            f"{t.score[t.names.index(t.ranking[-1])]:.2f}.")
    before = view.text
    ex.set(epsilon=0.3, e=0.2)
    assert view.text != before
    # Negative payoffs have no ecological reading: the picture steps aside with the reason.
    ex.set(epsilon=0, e=0, S=-1)  # always cooperate against always defect: S = -1 per round
    assert "No evolution here" in ex.note.value and "at least 0" in ex.note.value
    ex.set(S=0)
    assert ex.note.layout.display == "none"


def test_the_description_says_when_a_rule_dies_out():
    ev = G.evolve([[3, 0.9], [1.4, 1]], 100, shares=(0.1, 0.9), names=("tit-for-tat", "always defect"))
    svg, text = evolution_svg(ev)
    g = ev.died_out_by("always defect")
    assert f"always defect (■): starts at 90.0%, is below 0.1% from generation {g} to generation 100." in text
    assert " on." not in text
    assert "tit-for-tat (●): starts at 10.0%, " in text and "ends at 100.0%" in text
