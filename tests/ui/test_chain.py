"""ui.chain: the simulated chain-store play as a picture and a sentence, updated by the explorer."""
import re

from tradewar.models import chain_store as M
from tradewar.ui import Explorer
from tradewar.ui.chain import PlayView, play_svg, play_text


def glyphs(svg):
    """(stays out, fought, accommodated) symbols in the moves strip (the legend adds one of each)."""
    out = len(re.findall(r'<circle [^>]*fill="none"', svg)) - 1
    fought = len(re.findall(r"<rect [^>]*stroke=\"black\"", svg)) - 1
    given = len(re.findall(r"<path d=\"M[^\"]*Z\" fill", svg)) - 1
    return out, fought, given


def test_svg_draws_one_symbol_per_challenge_as_the_model_says():
    r = M.solve()  # seed 5: challenges 1-7 stay out, 8-9 fought, 10 accommodated
    assert r.path == ("out",) * 7 + ("fought", "fought", "accommodated")
    svg = play_svg(r)
    assert glyphs(svg) == (7, 2, 1)
    assert "belief it is tough" in svg and "entry threshold" in svg
    text = play_text(r)
    assert text.startswith("Simulated play, weak incumbent, seed 5: challenges 1–7 stay out; challenges 8–9 enter and"
                           " are fought; challenge 10 enters and is accommodated.")
    assert 'aria-label="' + text.replace("'", "&#x27;") + '"' in svg


def test_explorer_controls_change_the_picture():
    ex = Explorer(M, ["N", "mu0", "back_down_at", "seed"], views=[PlayView()])
    view = ex.views[0]
    assert "tw-view-play" in view.widget._dom_classes
    ex.set(N=100)
    assert sum(glyphs(view.svg)) == 100 and "challenges 1–97 stay out" in view.text
    ex.set(mu0=0)  # Selten: everyone enters and is accommodated
    assert glyphs(view.svg) == (0, 0, 100) and "challenges 1–100 enter and are accommodated" in view.text
    ex.set(mu0=0.1, back_down_at=3)  # TACO: the forced back-down at 3, everyone after enters
    assert "forced back-down" in view.svg and "challenges 3–100 enter and are accommodated" in view.text
    before = view.widget.value
    ex.set(back_down_at=0, N=10, seed=16)
    assert view.widget.value != before and "challenges 8–9 enter and are fought; challenge 10 stays out" in view.text
    assert ex.error is None
