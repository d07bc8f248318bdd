import xml.etree.ElementTree as ET

import pytest

from tradewar.ui import ExplainView, Explorer, TreeView
from tradewar.ui import explorer as explorer_mod
from tradewar.ui.views import RegimeMapView

pytestmark = pytest.mark.filterwarnings("error")
SVG = "{http://www.w3.org/2000/svg}"


def path_actions(svg):
    root = ET.fromstring(svg)
    return [e.get("data-action") for e in root.iter(f"{SVG}line") if "tw-edge-path" in (e.get("class") or "")]


def value_observers(widget):
    return [h for h in widget._trait_notifiers.get("value", {}).get("change", [])
            if getattr(h, "__self__", None).__class__ is Explorer]


def m1_explorer(m1, **kw):
    return Explorer(m1, views=(TreeView(), RegimeMapView(m1, "s", "sigma", n=21), ExplainView()), **kw)


def test_moving_a_slider_follows_the_model(m1):
    ex = m1_explorer(m1)
    tree, regime, explain = ex.views
    assert ex.result.outcome == m1.DETERRED
    assert path_actions(tree.svg) == [m1.HOLD]
    assert regime.region == m1.DETERRED
    before = list(explain.sentences)

    ex.controls["sigma"].input.value = 0.5  # as a student would, one slider at a time
    assert ex.result.outcome == m1.DETERRED  # with s = 0.92 half the supply replaced is not enough
    ex.controls["s"].input.value = 0.55
    assert ex.result.outcome == m1.ESCALATES
    expected = m1.solve(**ex.values)
    assert ex.result == expected
    assert path_actions(tree.svg) == list(expected.path) == [m1.ESCALATE, m1.ACCEPT]
    assert regime.point == (0.55, 0.5) and regime.region == m1.ESCALATES
    assert explain.sentences == expected.explain() != before
    assert "China accepts" in explain.widget.value
    assert ex.n_solves == 3  # built once, then one solve per change


def test_views_are_updated_in_place_and_tagged(m1):
    ex = m1_explorer(m1)
    widgets_before = [v.widget for v in ex.views]
    children_before = ex._views_box.children
    ex.set(s=0.6, sigma=0.4)
    assert [v.widget for v in ex.views] == widgets_before and ex._views_box.children == children_before
    for v, kind in zip(ex.views, ("tree", "regime", "explain")):
        assert {"tw-view", f"tw-view-{kind}"} <= set(v.widget._dom_classes)
    assert "tw-explain" in ex.views[2].widget._dom_classes
    assert "tw-explorer" in ex.widget._dom_classes
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_set_solves_once_and_validates(m1):
    ex = m1_explorer(m1)
    n = ex.n_solves
    ex.set(s=0.55, sigma=0.5, a=1)
    assert ex.n_solves == n + 1
    ex.set(s=0.55)  # nothing changed: nothing to do
    assert ex.n_solves == n + 1
    with pytest.raises(ValueError, match="out of range"):
        ex.set(s=2)
    with pytest.raises(ValueError, match="unknown parameter"):
        ex.set(nonsense=1)
    ex.reset()
    assert ex.values["s"] == m1.PARAMS["s"].default and ex.result.outcome == m1.DETERRED


def test_params_and_fixed(m1):
    ex = Explorer(m1, params=["s", "sigma"], views=(), fixed={"a": 0})
    assert list(ex.controls) == ["s", "sigma"] and ex.values["a"] == 0
    assert ex.result == m1.solve(a=0)
    assert len(ex.views) == 1 and isinstance(ex.views[0], ExplainView)  # explanation always shown
    with pytest.raises(ValueError, match="both"):
        Explorer(m1, params=["a"], fixed={"a": 0})


def test_rebuilding_with_the_same_key_leaves_one_observer(m1, monkeypatch):
    monkeypatch.setattr(explorer_mod, "cell_id", lambda: "cell-7")  # as JupyterLab reports it
    first = m1_explorer(m1)
    second = m1_explorer(m1)  # what re-running the notebook cell does (same default key)
    assert first.key == second.key and first._closed and not second._closed
    assert explorer_mod._REGISTRY[second.key] is second
    assert value_observers(first.controls["s"].input) == []
    assert len(value_observers(second.controls["s"].input)) == 1
    n1, n2 = first.n_solves, second.n_solves
    second.controls["s"].input.value = 0.7
    first.controls["s"].input.value = 0.7  # a stale widget from the old output does nothing
    assert (first.n_solves, second.n_solves) == (n1, n2 + 1)
    other = Explorer(m1, views=(), key="elsewhere")  # a different key is left alone
    assert not second._closed and not other._closed


def test_invalid_combination_shows_a_calm_note(fake_model):
    def solve(x, y):
        if y == 0:
            raise ValueError("y (Why) = 0 leaves nothing to share: y must be at least 1 here.")
        return Result(x / y)

    class Result:
        def __init__(self, q):
            self.q = q

        def explain(self):
            return [f"Each gets {self.q:.2f}."]

    ex = Explorer(fake_model(solve))
    good = ex.result
    ex.controls["y"].input.value = 0  # no exception escapes the observer
    assert ex.error.startswith("y (Why) = 0") and ex.result is good
    assert "nothing to share" in ex.note.value and ex.note.layout.display != "none"
    assert "tw-stale" in ex.views[0].widget._dom_classes
    ex.controls["y"].input.value = 4
    assert ex.error is None and ex.note.layout.display == "none"
    assert "tw-stale" not in ex.views[0].widget._dom_classes
    assert "Each gets 0.12." in ex.views[0].widget.value


def test_slider_floats_are_rounded_to_the_step(fake_model):
    seen = []

    def solve(x, y):
        seen.append(x)
        return type("R", (), {"explain": lambda self: []})()

    ex = Explorer(fake_model(solve))
    ex.controls["x"].input.value = 0.1 * 3  # 0.30000000000000004
    assert seen[-1] == 0.3
    ex.close()
    assert ex.key not in explorer_mod._REGISTRY


def test_tree_view_shows_the_threat_that_fails(m1):
    """Deterred: the US bluff (escalate, threatening to persist) fails at the last node.
    Escalating: China's threat to retaliate fails at the middle node."""
    ex = Explorer(m1, views=(TreeView(),))
    tree = ex.views[0]
    assert f'class="tw-noncredible" data-node="{m1.LAST}"' in tree.svg
    assert f'data-node="{m1.MIDDLE}"' not in tree.svg.split("tw-noncredible", 1)[1].split("</g>")[0]
    ex.set(s=0.55, sigma=0.5)
    assert f'class="tw-noncredible" data-node="{m1.MIDDLE}"' in tree.svg
    assert "China threatens Retaliate, but would choose Accept" in tree.svg
    no = TreeView(threats=False)
    no.update(ex.result, ex.values)
    assert "tw-noncredible" not in no.svg


def test_m2_default_views_and_a_picture_that_does_not_apply():
    from tradewar.models import chicken

    ex = Explorer(chicken)  # defaults: a tree (game) and a matrix (matrix), plus the explanation
    tree, matrix, explain = ex.views
    assert (tree.kind, matrix.kind, explain.kind) == ("tree", "matrix", "explain")
    assert ex.error is None and ex.result.order == "simultaneous"
    # No tree for simultaneous moves: that view is hidden with a word why, the rest update.
    assert tree.widget.layout.display == "none" and "No tree here" in ex.note.value
    assert matrix.html.count(">NE</span>") == 2
    ex.set(order="US moves first")
    assert tree.widget.layout.display is None and ex.note.layout.display == "none"
    assert path_actions(tree.svg)[0] == "Hawk" and ex.result.outcome.startswith("China yields")


def test_without_a_cell_id_alike_explorers_do_not_replace_each_other(m1, monkeypatch):
    # Voila sends no cell id and runs every cell once: experiment 2 must not close experiment 1.
    monkeypatch.setattr(explorer_mod, "cell_id", lambda: None)
    first, second = m1_explorer(m1), m1_explorer(m1)
    assert first.key != second.key and not first._closed and not second._closed
    first.close()
    second.close()


def test_the_result_is_announced_in_a_live_region(m1):
    """A screen reader hears the outcome after every change, "Back to the default values" after
    Reset, and the calm error note when a combination has no answer."""
    ex = m1_explorer(m1)
    assert "tw-live" in ex.status._dom_classes and "tw-sr-only" in ex.status._dom_classes
    assert "tw-ui" in ex.widget._dom_classes and any("tw-assets" in w._dom_classes for w in ex.widget.children)
    assert ex.status.value == f"Result: {ex.result.outcome}."
    ex.set(sigma=1)
    assert ex.status.value == f"Result: {ex.result.outcome}." and ex.result.outcome != m1.DETERRED
    ex._on_reset(None)
    assert ex.status.value == f"Back to the default values. Result: {m1.DETERRED}."
    ex._on_reset(None)  # nothing moved: still said, so the student knows it worked
    assert ex.status.value.startswith("Back to the default values.")


def test_an_impossible_combination_is_announced_too():
    from types import SimpleNamespace

    from tradewar.spec import Param, specs

    def solve(a=1.0):
        if a > 2:
            raise ValueError("a must be at most 2 for this model.")
        return SimpleNamespace(outcome="fine", explain=lambda: ["All fine."])

    model = SimpleNamespace(__name__="toy", PARAMS=specs(Param("a", "A", 1.0, 0, 3, 0.5)), solve=solve)
    ex = Explorer(model)
    assert ex.status.value == "Result: fine."
    ex.set(a=3)
    assert ex.status.value == "No answer for these values: a must be at most 2 for this model."
    ex.close()
