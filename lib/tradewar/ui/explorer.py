"""Explorer: a model's parameters as controls, its result as views, updated in place.

Controls are built once. On every change the model is solved once and each view's widget gets a
new value: no widget is re-created and no output is cleared, so nothing flickers while a student
drags a slider. Re-running the cell that builds an explorer closes the previous one with the same
key, so observers never stack up.
"""
from __future__ import annotations

import html
import itertools
import time
from collections import deque
from typing import Any, Iterable, Mapping

import ipywidgets as widgets

from .a11y import assets, live, mark_root
from .params import Control, _decimals, control
from ..text import fmt
from .views import ExplainView, MatrixView, Static, TreeView, View

__all__ = ["Explorer", "CSS", "cell_id"]

# Module-level so that it survives re-running a notebook cell (the module is imported once).
_REGISTRY: dict[Any, "Explorer"] = {}
_UNNAMED = itertools.count()

CSS = """
<style>
.tw-explorer { --jp-widgets-font-size: 15px; --jp-widgets-inline-height: 32px;
  --jp-widgets-inline-label-width: 12em; font-size: 15px; gap: 0.4em; }
.tw-explorer .widget-label, .tw-explorer .widget-readout, .tw-explorer .widget-label-basic,
.tw-explorer select, .tw-explorer .widget-button { font-size: 15px; }
.tw-explorer .widget-readout { min-width: 3.5em; }
/* A long label wraps onto a second line instead of ending in an ellipsis on the projector. */
.tw-explorer .widget-slider > .widget-label, .tw-explorer .widget-dropdown > .widget-label {
  white-space: normal; overflow: visible; text-overflow: clip; line-height: 1.15; height: auto; }
.tw-explorer .widget-slider, .tw-explorer .widget-dropdown { height: auto; min-height: var(--jp-widgets-inline-height); }
.tw-explorer .widget-checkbox .widget-label-basic { white-space: normal; }
.tw-explorer .widget-checkbox, .tw-explorer .widget-checkbox label { height: auto; }
.tw-explorer .tw-unit { font-size: 13px; opacity: 0.8; white-space: nowrap; }
.tw-explorer .tw-source { font-size: 12px; opacity: 0.8; margin: -0.3em 0 0.4em 1em; line-height: 1.3; }
.tw-explorer .tw-title { font-size: 1.3em; font-weight: bold; margin: 0.2em 0; }
.tw-explorer .tw-explain { font-size: 16px; line-height: 1.45; }
.tw-explorer .tw-explain-heading { font-weight: bold; margin-top: 0.4em; }
.tw-explorer .tw-explain ol { margin: 0.3em 0 0 0; padding-left: 1.6em; }
.tw-explorer .tw-explain li { margin-bottom: 0.25em; }
.tw-explorer .tw-note { border-left: 5px solid #E69F00; background: rgba(230,159,0,0.12);
  padding: 0.5em 0.8em; font-size: 15px; line-height: 1.4; }
.tw-explorer .tw-stale { opacity: 0.45; }
.tw-explorer .tw-view svg { display: block; }
.tw-explorer .tw-explorer-controls { border-right: 1px solid rgba(128,128,128,0.35); padding-right: 0.6em; }
@media (max-width: 900px) { .tw-explorer .tw-explorer-controls { border-right: none; padding-right: 0; } }
</style>
"""


def cell_id():
    """The id of the notebook cell being run, when there is a kernel that knows it."""
    try:
        from IPython import get_ipython

        ip = get_ipython()
        kernel = getattr(ip, "kernel", None)
        if kernel is None:
            return None
        parent = kernel.get_parent() or {}
        return (parent.get("metadata") or {}).get("cellId")
    except Exception:  # a display helper must never break the notebook
        return None


def default_views(model) -> tuple:
    """A tree for models with game(), a matrix for models with matrix()."""
    views = []
    if callable(getattr(model, "game", None)):
        views.append(TreeView())
    if callable(getattr(model, "matrix", None)):
        views.append(MatrixView(lambda result, values: model.matrix(**values)))
    return tuple(views)


class Explorer(Static):
    """Sliders on the left, pictures on the right, the model's reasoning underneath.

    model: a module (or object) with PARAMS and solve(**values).
    params: names of the parameters to expose as controls (default: all but `fixed`).
    views: View objects (default: a tree and/or matrix); an ExplainView is added if none is given.
    fixed: values held constant (validated against the spec).
    key: re-building an explorer with the same key closes the previous one. Default: the model,
        params, views and fixed values, plus the notebook cell id when a kernel reports it.
    continuous_update: follow a slider while it is dragged (keep it for cheap updates).
    """

    def __init__(self, model, params: Iterable[str] | None = None, views: Iterable[View] | None = None,
                 fixed: Mapping[str, Any] | None = None, key=None, *, title: str | None = None,
                 continuous_update: bool = True):
        self.model = model
        self.specs = dict(model.PARAMS)
        self.fixed = {}
        for name, value in (fixed or {}).items():
            self.fixed[name] = self._spec(name).validate(value)
        names = list(params) if params is not None else [n for n in self.specs if n not in self.fixed]
        for name in names:
            self._spec(name)
            if name in self.fixed:
                raise ValueError(f"parameter {name!r} is both a control and fixed; choose one.")
        views = tuple(default_views(model) if views is None else views)
        if not any(isinstance(v, ExplainView) for v in views):
            views += (ExplainView(),)
        self.views = views
        self.result = None
        self.error: str | None = None
        self.n_solves = 0
        self.skipped: list[str] = []
        self.timings_ms: deque[float] = deque(maxlen=2000)
        self._batch = False
        self._closed = False

        self.key = key if key is not None else self._default_key(names)
        previous = _REGISTRY.get(self.key)
        if previous is not None:
            previous.close()

        # Controls: built once, observed once each.
        # Wide enough for most labels, narrow enough to leave the slider a usable track.
        width = f"{min(17, max(7, 0.56 * max((len(self.specs[n].label) for n in names), default=8))):.1f}em"
        self.controls: dict[str, Control] = {
            name: control(self.specs[name], None, continuous_update=continuous_update, description_width=width)
            for name in names
        }
        for ctrl in self.controls.values():
            ctrl.input.observe(self._on_change, names="value")

        reset = widgets.Button(description="Reset", icon="undo", tooltip="Back to the default values",
                               layout=widgets.Layout(width="auto", margin="0.6em 0 0 0"))
        reset.on_click(self._on_reset)
        self._reset_button = reset
        self.note = widgets.HTML(layout=widgets.Layout(display="none"))
        self.note.add_class("tw-note")
        # What a screen reader announces after each change: the result in one line, or the calm
        # error note. Visually hidden: the pictures and the explanation show the same.
        self.status = live(widgets.HTML(layout=widgets.Layout(margin="0")))
        self.status.add_class("tw-sr-only")
        self.status.add_class("tw-status")
        self._announce_prefix = ""

        explains = [v for v in views if isinstance(v, ExplainView)]
        pictures = [v for v in views if not isinstance(v, ExplainView)]
        heading = title if title is not None else getattr(model, "TITLE", "")
        self._style = widgets.HTML(CSS, layout=widgets.Layout(height="0px", margin="0"))
        self._assets = assets()
        title_w = widgets.HTML(f'<div class="tw-title">{html.escape(heading)}</div>') if heading else None
        self._title_w = title_w
        self._controls_box = widgets.VBox(
            list(self.controls.values()) + [reset],
            layout=widgets.Layout(flex="1 1 30em", max_width="40em", min_width="20em"),
        )
        self._controls_box.add_class("tw-explorer-controls")
        self._views_box = widgets.VBox(
            [self.note] + [v.widget for v in pictures] + [v.widget for v in explains],
            layout=widgets.Layout(flex="3 1 30em", min_width="18em"),
        )
        self._views_box.add_class("tw-explorer-views")
        # flex-wrap: the views drop below the controls when the screen is narrow.
        main = widgets.Box([self._controls_box, self._views_box],
                           layout=widgets.Layout(display="flex", flex_flow="row wrap", align_items="flex-start",
                                                 width="100%", grid_gap="1em"))
        main.add_class("tw-explorer-main")
        self.widget = widgets.VBox([self._style, self._assets] + ([title_w] if title_w else []) + [main, self.status],
                                   layout=widgets.Layout(width="100%"))
        mark_root(self.widget, "tw-explorer")
        # Not self._assets: it is shared by every tradewar widget on the page (see a11y.assets).
        self._boxes = [w for w in (self._style, title_w, self._controls_box, self._views_box, main,
                                   self.status, self.widget) if w is not None]
        _REGISTRY[self.key] = self
        self._refresh()

    # -- values -----------------------------------------------------------------------------
    def _spec(self, name):
        if name not in self.specs:
            raise ValueError(f"unknown parameter {name!r}: {getattr(self.model, '__name__', 'the model')}"
                             f" has {', '.join(self.specs)}.")
        return self.specs[name]

    def _default_key(self, names):
        # The cell id is what makes a re-run replace its own explorer. Where the front end sends
        # none (Voila, plain scripts), cells run once and two alike explorers must not replace each
        # other, so each gets a key of its own.
        cell = cell_id()
        return (
            getattr(self.model, "__name__", repr(self.model)),
            tuple(names),
            tuple(type(v).__name__ for v in self.views),
            tuple(sorted((k, repr(v)) for k, v in self.fixed.items())),
            cell if cell is not None else ("no cell id", next(_UNNAMED)),
        )

    @property
    def values(self) -> dict:
        """Every parameter's current value: defaults, then fixed values, then the controls."""
        out = {name: spec.default for name, spec in self.specs.items()}
        out.update(self.fixed)
        for name, ctrl in self.controls.items():
            v = ctrl.input.value
            if ctrl.param.kind == "float":
                # Sliders step in binary floats (0.1 * 3 = 0.30000000000000004); round to the step.
                step = ctrl.param.step
                v = round(v, _decimals(step) + 6 if step is None else _decimals(step))
            out[name] = v
        return out

    def set(self, **values):
        """Set several parameters at once (one solve). Values are validated against the spec;
        names without a control update the fixed values. Returns the new result."""
        for name, v in values.items():
            self._spec(name).validate(v)
        before = self.values
        self._batch = True
        try:
            for name, v in values.items():
                if name in self.controls:
                    self.controls[name].value = v
                else:
                    self.fixed[name] = self.specs[name].validate(v)
        finally:
            self._batch = False
        if self.values != before or self.result is None:
            self._refresh()
        return self.result

    def reset(self):
        """All controls back to the spec defaults."""
        return self.set(**{name: self.specs[name].default for name in self.controls})

    # -- updating -----------------------------------------------------------------------------
    def _on_change(self, change):
        if not self._batch:
            self._refresh()

    def _on_reset(self, _button):
        self._announce_prefix = "Back to the default values. "
        try:
            self.reset()
            self._announce()  # also when nothing had moved: the student hears that it worked
        finally:
            self._announce_prefix = ""

    def summary(self) -> str:
        """The result in one line, as the live region announces it (the model's outcome, else the
        first sentence of its explanation)."""
        if self.error is not None:
            return f"No answer for these values: {self.error}"
        r = self.result
        outcome = getattr(r, "outcome", None)
        outcome = outcome() if callable(outcome) else outcome
        if isinstance(outcome, str) and outcome:
            return f"Result: {outcome}."
        explain = getattr(r, "explain", None)
        if callable(explain):
            try:
                first = next(iter(explain()), "")
            except Exception:  # noqa: BLE001 - an announcement must never break the explorer
                first = ""
            if first:
                return f"Result: {first}"
        return "Result updated."

    def _announce(self):
        text = html.escape(self._announce_prefix + self.summary())
        if self.status.value != text:
            self.status.value = text

    def _set_note(self, html_text: str | None):
        if html_text is None:
            if self.note.layout.display != "none":
                self.note.layout.display = "none"
            return
        self.note.value = html_text
        if self.note.layout.display is not None:
            self.note.layout.display = None

    @staticmethod
    def _mark(view, cls: str, on: bool):
        if on and cls not in view.widget._dom_classes:
            view.widget.add_class(cls)
        elif not on and cls in view.widget._dom_classes:
            view.widget.remove_class(cls)

    def _refresh(self):
        if self._closed:
            return
        t0 = time.perf_counter()
        values = self.values
        self.n_solves += 1
        try:
            result = self.model.solve(**values)
        except ValueError as e:
            # An impossible combination is part of exploring, not a crash: say so calmly and
            # leave the pictures at the last valid values, faded.
            self.error = str(e)
            self._set_note(f"<b>This combination has no answer.</b> {html.escape(self.error)}"
                           " <br><i>The pictures show the last valid values.</i>")
            for v in self.views:
                self._mark(v, "tw-stale", True)
            self._announce()
            return
        self.result = result
        self.error = None
        skipped = []
        for view in self.views:
            try:
                view.update(result, values)
            except ValueError as e:
                # This picture does not exist for these values (M2's tree when moves are
                # simultaneous): hide it and say why; the others still update.
                skipped.append(f"<b>No {html.escape(view.kind)} here:</b> {html.escape(str(e))}")
                self._mark(view, "tw-hidden", True)
                if view.widget.layout.display != "none":
                    view.widget.layout.display = "none"
            else:
                self._mark(view, "tw-hidden", False)
                if view.widget.layout.display is not None:
                    view.widget.layout.display = None
            self._mark(view, "tw-stale", False)
        self.skipped = skipped
        self._set_note("<br>".join(skipped) if skipped else None)
        self._announce()
        self.timings_ms.append((time.perf_counter() - t0) * 1000)

    # -- lifecycle and display -----------------------------------------------------------------
    def close(self):
        """Stop observing and close every widget this explorer made."""
        if self._closed:
            return
        self._closed = True
        for ctrl in self.controls.values():
            ctrl.input.unobserve(self._on_change, names="value")
            ctrl.close()
        for view in self.views:
            view.close()
        self.note.close()
        self._reset_button.close()
        for box in self._boxes:
            box.close()
        if _REGISTRY.get(self.key) is self:
            del _REGISTRY[self.key]

    def static_html(self) -> str:
        """The explorer as it stands, without controls: its title, the values its controls hold,
        then each visible view's own static form (a page without a kernel shows this)."""
        values, shown = self.values, []
        for name, ctrl in self.controls.items():
            v = values[name]
            if isinstance(v, bool):
                text = "yes" if v else "no"
            elif isinstance(v, (int, float)):
                text = fmt(v) + (f" ({ctrl.param.unit})" if ctrl.param.unit else "")
            else:
                text = str(v)
            shown.append(f"<li>{html.escape(ctrl.param.label)}: <b>{html.escape(text)}</b></li>")
        parts = [CSS, self._title_w.value if self._title_w is not None else ""]
        if shown:
            parts.append('<div class="tw-static-values">At these values:<ul>' + "".join(shown) + "</ul></div>")
        if self.note.layout.display != "none":
            parts.append(f'<div class="tw-note">{self.note.value}</div>')
        pictures = [v for v in self.views if not isinstance(v, ExplainView)]
        explains = [v for v in self.views if isinstance(v, ExplainView)]
        parts += [v.static_html() for v in pictures + explains if v.widget.layout.display != "none"]
        return '<div class="tw-explorer tw-static">' + "".join(parts) + "</div>"

    def __repr__(self):
        return (f"Explorer({getattr(self.model, '__name__', self.model)!s}, "
                f"controls={list(self.controls)}, views={[type(v).__name__ for v in self.views]})")
