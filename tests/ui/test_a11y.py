"""The accessibility assets every tradewar widget ships: what the browser tests rely on."""
import re

import pytest

from tradewar.ui import a11y

pytestmark = pytest.mark.filterwarnings("error")


def test_assets_widget_holds_css_script_and_a_boot_that_runs_once_per_page():
    w = a11y.assets()
    assert "tw-assets" in w._dom_classes and w.layout.height == "0px"
    v = w.value
    assert v.startswith("<style>") and '<script type="text/plain" class="tw-a11y-src">' in v
    # innerHTML never runs a <script>: an image that fails to load runs it, once per page.
    assert re.search(r'<img src="data:," alt="" hidden class="tw-a11y-boot" onerror="[^"]*__twA11y', v)
    assert "</script" not in a11y.JS and '"' not in a11y._BOOT.split('onerror="', 1)[1].rstrip('">')


def test_css_gives_a_3px_focus_ring_underlined_links_and_reflow():
    css = a11y.CSS
    assert "outline: 3px solid var(--tw-focus)" in css
    assert ".jp-RenderedMarkdown a[href]" in css and "text-decoration: underline" in css
    assert "@media (max-width: 640px)" in css and "flex-wrap: wrap" in css


def test_script_covers_names_values_live_regions_enter_and_focus():
    js = a11y.JS
    for needle in ("aria-labelledby", "aria-valuetext", "aria-describedby", "'role', 'status'",
                   "'fa-play': 'Play'", "button.tw-check", "button.tw-again", 'svg[role="img"]', "radiogroup"):
        assert needle in js, needle


def test_markers():
    import ipywidgets as widgets

    h = a11y.live(widgets.HTML())
    assert "tw-live" in h._dom_classes
    assert a11y.meta(unit="share", label='A "b"') == '<span class="tw-a11y-meta" hidden data-unit="share" data-label="A &quot;b&quot;"></span>'


def test_assets_are_one_shared_widget_that_closing_a_widget_leaves_open():
    # One model per kernel: 29 copies of 12 kB were a third of notebook 06's widget state.
    import ipywidgets as widgets

    from tradewar.models import rubinstein
    from tradewar.ui import Explorer, LineChartView, SelfCheck

    shared = a11y.assets()
    assert a11y.assets() is shared
    ex = Explorer(rubinstein, ["r_us"], views=[LineChartView.sweep(rubinstein, "r_us", {"share_us": "US share"}, n=5)])
    check = SelfCheck("One half?", answer=0.5)
    carried = [w for w in ex.widget.children + check.widget.children if "tw-assets" in w._dom_classes]
    assert carried and all(w is shared for w in carried)
    ex.close()
    assert shared.comm is not None and a11y.assets() is shared
    shared.close()  # as Widget.close_all() would: the next call makes a new one
    fresh = a11y.assets()
    assert fresh is not shared and fresh.comm is not None and isinstance(fresh, widgets.HTML)
