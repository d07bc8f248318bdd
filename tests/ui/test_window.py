"""The window-of-leverage view: it follows the M8 result as the sliders move."""
import pytest

from tradewar.models import leverage_window as M
from tradewar.ui import Explorer, ValueView
from tradewar.ui.window import WindowView, window_svg

pytestmark = pytest.mark.filterwarnings("error")


def test_view_follows_eta1_and_first_use():
    view = WindowView()
    ex = Explorer(M, ["eta1", "eta0", "first_use"], views=[view])
    assert "tw-view-window" in view.widget._dom_classes and "tw-view" in view.widget._dom_classes
    assert "window closes ≈ 2035.6" in view.svg and "21 six-month renewals" in view.widget.value
    assert "A decade or more (Kennedy)" in view.description and "US midterms, Nov 3, 2026" in view.svg
    # The midterm date is from outside the articles, and the chart and its description say so.
    assert "Nov 3, 2026 (date not in the articles)" in view.svg
    assert "Nov 3, 2026, a date from outside the articles" in view.description
    ex.set(eta1=0.2)
    assert "window closes ≈ 2030" in view.svg and "10 six-month renewals" in view.description
    assert "5 to 10 years" in view.description and "η₁ after (solid)" in view.svg
    ex.set(eta1=1)
    assert "0 six-month renewals" in view.description and "Only once" in view.description
    assert view.svg.count('class="tw-renewal"') == 0
    ex.set(eta1=0.5)
    assert view.svg.count('class="tw-renewal"') == M.solve(eta1=0.5).renewals == 3
    # eta0 moves the never-used path even when first use is 2025.
    before = view.svg
    ex.set(eta0=0.01)
    assert view.svg != before and "Without any use, 2035 share 0.83" in view.description
    ex.set(first_use=2030, eta0=0.05, eta1=0.1)
    assert "first use 2030" in view.svg and "first use in 2030" in view.description
    ex.close()


def test_window_beyond_the_chart_and_no_window():
    r = M.solve(eta1=0.05)
    svg = window_svg(r, M.MIDTERMS)
    assert "window closes ≈ 2046.8 →" in svg and "→" in svg
    r = M.solve(s_star=0.95)
    svg = window_svg(r, M.MIDTERMS)
    assert "window closes" not in svg and "no window of leverage" in svg
    # The picture carries a text alternative and labels its lines in words.
    assert 'role="img"' in svg and "<desc>" in svg and "(dashed)" in svg and "(solid)" in svg


def test_explorer_sweeps_the_whole_slider():
    """Every slider value redraws (speed is measured in benchmarks/, not here)."""
    ex = Explorer(M, ["eta1"], views=[ValueView([("t_star", "t*")]), WindowView()])
    for k in range(2, 101):
        ex.set(eta1=k / 100)
    assert ex.values["eta1"] == 1 and len(ex.timings_ms) >= 99
    ex.close()


@pytest.mark.parametrize("first_use", [2025, 2026, 2027, 2030, 2035])
@pytest.mark.parametrize("eta1", [0.02, 0.1, 0.3, 1])
def test_marker_labels_never_overlap(first_use, eta1):
    """First use, the midterms and the window's close: two labels on one row keep apart side by side
    (at a generous 7.8 units a character of 12 px bold), else they stand a full 18-unit row apart."""
    import re

    svg = window_svg(M.solve(first_use=first_use, eta1=eta1), M.MIDTERMS)
    boxes = []
    for cls in ("tw-first-use", "tw-midterms", "tw-window-end"):
        m = re.search(rf'class="{cls}".*?<text[^>]* x="([\d.]+)" y="([\d.]+)" text-anchor="(\w+)"[^>]*>([^<]+)<', svg)
        if m:
            x, y, width = float(m.group(1)), float(m.group(2)), 7.8 * len(m.group(4))
            boxes.append((y, x, x + width) if m.group(3) == "start" else (y, x - width, x))
    assert len(boxes) >= 2
    for i, (ya, a0, a1) in enumerate(boxes):
        for yb, b0, b1 in boxes[i + 1:]:
            assert abs(ya - yb) >= 18 or a1 <= b0 or b1 <= a0
