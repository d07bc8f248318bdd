"""A parameter spec -> an ipywidgets control.

The slider's range, step, label, tooltip and source line all come from the `Param` record, so
what a student can reach and what `solve` accepts never drift apart.
"""
from __future__ import annotations

import html
from decimal import Decimal
from fractions import Fraction

import ipywidgets as widgets

from ..spec import CALIBRATION, Param
from .a11y import meta

__all__ = ["Control", "control", "to_widget_value", "help_html"]

_SHORT_UNIT = 14  # characters: longer units go under the slider


def to_widget_value(param: Param, value):
    """A model value as the widget holds it: Fractions become floats (sliders are floats in JS)."""
    if param.kind == "float":
        return float(value)
    if param.kind == "int":
        return int(value)
    return value


def _decimals(step) -> int:
    """Decimal places a readout needs for this step (0.01 -> 2, 0.5 -> 1, 1 -> 0)."""
    if step is None:
        return 2
    if isinstance(step, Fraction):
        step = float(step)
    exp = Decimal(str(step)).normalize().as_tuple().exponent
    return max(0, -exp)


def is_sourced(param: Param) -> bool:
    """True when the value comes from an article (its source line is worth showing)."""
    return bool(param.source) and param.source != CALIBRATION


def tooltip(param: Param) -> str:
    parts = [param.help.strip()] if param.help else []
    parts.append(f"Valid: {param.range_text()}.")
    parts.append(f"Source: {param.source}." if is_sourced(param) else "Value: " + (param.source or CALIBRATION) + ".")
    return " ".join(parts)


def help_html(param: Param) -> str:
    """The help line, valid range and source as text a keyboard and a screen reader reach: shown
    under the control while it has the focus, and linked to it as its description (aria-describedby,
    set by the library's script). The same text is the mouse tooltip."""
    unit = param.unit or None
    return (f'<div class="tw-help">{html.escape(tooltip(param))}</div>'
            + meta(label=param.label, unit=unit))


class Control(widgets.VBox):
    """One parameter's control: the input widget, its unit and (for sourced values) a source line.

    `.input` is the widget that holds the value (slider, dropdown or checkbox); observe that one.
    `.value` reads and writes through to it.
    """

    def __init__(self, param: Param, input_widget: widgets.ValueWidget, children, **kwargs):
        super().__init__(children, **kwargs)
        self.param = param
        self.input = input_widget
        self.add_class("tw-control")
        self.add_class("tw-ui")
        self.add_class(f"tw-control-{param.name}")

    @property
    def value(self):
        return self.input.value

    @value.setter
    def value(self, v):
        self.input.value = to_widget_value(self.param, v)

    def close(self):
        for child in self.children:
            if isinstance(child, widgets.Box):
                for c in child.children:
                    c.close()
            child.close()
        super().close()


def control(param: Param, value=None, *, continuous_update: bool = True,
            description_width: str = "12em") -> Control:
    """A control for `param`, starting at `value` (default: the spec's default).

    float -> FloatSlider, int -> IntSlider (range and step from the spec, readout followed by the
    unit), choice -> Dropdown, bool -> Checkbox. Pass continuous_update=False when the update it
    drives is too slow to follow a drag.
    """
    value = param.default if value is None else param.validate(value)
    common = dict(
        description=param.label,
        tooltip=tooltip(param),
        style={"description_width": description_width},
    )
    if param.kind in ("float", "int"):
        if param.kind == "float":
            step = float(param.step) if param.step is not None else (float(param.hi) - float(param.lo)) / 100
            inp = widgets.FloatSlider(
                value=float(value), min=float(param.lo), max=float(param.hi), step=step,
                readout_format=f".{_decimals(param.step if param.step is not None else step)}f",
                continuous_update=continuous_update,
                layout=widgets.Layout(width="auto", flex="1 1 auto", min_width="16em"),
                **common,
            )
        else:
            inp = widgets.IntSlider(
                value=int(value), min=int(param.lo), max=int(param.hi), step=int(param.step or 1),
                continuous_update=continuous_update,
                layout=widgets.Layout(width="auto", flex="1 1 auto", min_width="16em"),
                **common,
            )
        row_children = [inp]
        notes = []
        if param.unit and len(param.unit) <= _SHORT_UNIT:
            row_children.append(widgets.HTML(f'<span class="tw-unit">{html.escape(param.unit)}</span>',
                                             layout=widgets.Layout(flex="0 0 auto", margin="0 0 0 0.3em")))
        elif param.unit:
            # A long unit after the readout would squeeze the slider to nothing: it goes below.
            notes.append(f"in {html.escape(param.unit)}")
        row = widgets.HBox(row_children, layout=widgets.Layout(width="100%", align_items="center"))
        children = [row]
        if is_sourced(param):
            # A small line under the slider: a student sees where the number comes from.
            notes.append(f"Source: {html.escape(param.source)}")
        if notes:
            children.append(widgets.HTML(f'<div class="tw-source">{" · ".join(notes)}</div>'))
        children.append(_help_widget(param))
        return Control(param, inp, children)
    if param.kind == "choice":
        # Labels are strings in the browser; keep the model's own values behind them.
        options = [(str(c), c) for c in param.choices]
        inp = widgets.Dropdown(options=options, value=value, layout=widgets.Layout(width="auto"), **common)
    else:
        # Full width: a checkbox's label is a whole phrase (a dated event), cut off at the default 300px.
        inp = widgets.Checkbox(value=bool(value), indent=False, layout=widgets.Layout(width="100%"), **common)
    children = [inp]
    if is_sourced(param):
        children.append(widgets.HTML(f'<div class="tw-source">Source: {html.escape(param.source)}</div>'))
    children.append(_help_widget(param))
    return Control(param, inp, children)


def _help_widget(param: Param) -> widgets.HTML:
    w = widgets.HTML(help_html(param), layout=widgets.Layout(height="auto", min_height="0", margin="0"))
    w.add_class("tw-help-box")
    return w
