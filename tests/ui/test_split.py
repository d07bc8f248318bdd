"""SplitView: the bar follows the model's shares, labels say the numbers, marks sit where asked."""
import xml.etree.ElementTree as ET

import pytest

from tradewar.models import rubinstein
from tradewar.ui import Explorer
from tradewar.ui.split import SplitView, split_svg

pytestmark = pytest.mark.filterwarnings("error")
SVG = "{http://www.w3.org/2000/svg}"


def parts_of(svg):
    root = ET.fromstring(svg)
    return {r.get("data-name"): (float(r.get("x")), float(r.get("width")), float(r.get("data-share")))
            for r in root.iter(f"{SVG}rect") if "tw-split-part" in (r.get("class") or "")}


def test_split_svg_draws_the_shares_in_text_and_width():
    svg = split_svg((("US", 0.25), ("China", 0.75)), [(0.6, "outside option")], title="Division")
    root = ET.fromstring(svg)
    parts = parts_of(svg)
    assert parts["US"][1] * 3 == pytest.approx(parts["China"][1])
    labels = [t.text for t in root.iter(f"{SVG}text") if "tw-split-label" in (t.get("class") or "")]
    assert labels == ["US 25%", "China 75%"]
    mark = next(g for g in root.iter(f"{SVG}g") if "tw-split-mark" in (g.get("class") or ""))
    assert float(mark.get("data-position")) == 0.6 and "outside option" in "".join(mark.itertext())
    assert "US gets 25% and China gets 75%" in root.get("aria-label")
    assert root.find(f"{SVG}title").text == "Division"


def test_split_svg_refuses_a_division_that_is_not_one():
    with pytest.raises(ValueError, match="adding up to 1"):
        split_svg((("US", 0.5), ("China", 0.6)))
    with pytest.raises(ValueError, match="in two"):
        split_svg((("US", 1),))


def test_a_tiny_part_keeps_a_readable_label():
    svg = split_svg((("US", 0.01), ("China", 0.99)))
    root = ET.fromstring(svg)
    us = next(t for t in root.iter(f"{SVG}text") if (t.text or "").startswith("US"))
    assert us.get("text-anchor") == "start"


def test_split_view_follows_the_explorer():
    view = SplitView(lambda r: (("US", r.share_us), ("China", r.share_cn)),
                     marks=lambda r: [(1 - r.w_star, "China's share anyway")])
    ex = Explorer(rubinstein, views=[view])
    before = parts_of(view.widget.value)["US"][2]
    assert before == pytest.approx(ex.result.share_us)
    # A more impatient US gets less: the US part of the bar shrinks.
    ex.set(r_us=0.4)
    after = parts_of(view.widget.value)["US"][2]
    assert after < before and after == pytest.approx(rubinstein.solve(r_us=0.4).share_us)
    # A binding outside option: China's part is exactly w_cn.
    ex.set(w_cn=0.9)
    assert parts_of(view.widget.value)["China"][2] == pytest.approx(0.9)
    assert view.description == "US 10%, China 90%"
    assert "tw-view-split" in view.widget._dom_classes
