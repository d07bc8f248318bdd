from fractions import Fraction

import ipywidgets as widgets
import pytest

from tradewar.spec import Param
from tradewar.ui import control

pytestmark = pytest.mark.filterwarnings("error")

SHARE = Param("s", "Refining share", 0.92, 0.5, 1, 0.01, "share", source="Foreign Policy, Kennedy, June 2025",
              help="China's share of refining.")
CAL = Param("m", "Damage (m)", 5, 1, 10, 0.1, "payoff units", help="Harm to the US.")


def html_text(ctrl):
    return " ".join(c.value for c in ctrl.children if isinstance(c, widgets.HTML))


def test_float_slider_comes_from_the_spec():
    c = control(SHARE, continuous_update=False)
    s = c.input
    assert isinstance(s, widgets.FloatSlider)
    assert (s.min, s.max, s.step, s.value) == (0.5, 1.0, 0.01, 0.92)
    assert s.description == "Refining share"
    assert s.readout_format == ".2f"
    assert s.continuous_update is False
    assert "China's share of refining." in s.tooltip and "Kennedy" in s.tooltip
    row = c.children[0]
    assert "share" in row.children[1].value  # the unit sits next to the readout
    assert "tw-source" in html_text(c) and "Kennedy" in html_text(c)


def test_calibrated_parameter_has_no_source_line_and_fraction_becomes_float():
    c = control(CAL, Fraction(7, 2))
    assert c.input.value == 3.5 and isinstance(c.input.value, float)
    assert "tw-source" not in html_text(c)
    assert "calibration" in c.input.tooltip
    assert c.input.continuous_update is True
    c.value = Fraction(9, 2)
    assert c.value == 4.5


def test_out_of_range_value_is_refused():
    with pytest.raises(ValueError, match="out of range"):
        control(CAL, 11)


def test_int_choice_and_bool_controls():
    n = control(Param("N", "Challengers", 10, 1, 100, 1, "count", kind="int"))
    assert isinstance(n.input, widgets.IntSlider) and (n.input.min, n.input.max, n.input.value) == (1, 100, 10)
    order = control(Param("order", "Move order", "simultaneous", kind="choice",
                          choices=("simultaneous", "US first")), "US first")
    assert isinstance(order.input, widgets.Dropdown) and order.value == "US first"
    flag = control(Param("april", "April 9 tariff cut", True, kind="bool"))
    assert isinstance(flag.input, widgets.Checkbox) and flag.value is True
    assert flag.input.description == "April 9 tariff cut"


def test_help_range_and_source_reach_keyboard_and_screen_reader():
    """The help is not only a mouse tooltip: a tw-help block (shown on focus, and the control's
    aria-describedby, set by the library's script) and the label and unit for the value text."""
    ctrl = control(SHARE)
    text = html_text(ctrl)
    assert 'class="tw-help"' in text and "China&#x27;s share of refining." in text
    assert "Valid: " in text and "Source: Foreign Policy, Kennedy, June 2025." in text
    assert 'data-unit="share"' in text and 'data-label="Refining share"' in text
    assert "tw-ui" in ctrl._dom_classes and "tw-control" in ctrl._dom_classes
    # The mouse keeps its tooltip, with the same words.
    assert ctrl.input.tooltip.startswith("China's share of refining.")


def test_every_kind_of_control_carries_its_help():
    for p in (CAL, Param("order", "Move order", "simultaneous", kind="choice",
                         choices=("simultaneous", "US moves first"), help="Who moves first."),
              Param("flag", "Truce held", True, kind="bool", help="Whether the truce held.")):
        ctrl = control(p)
        assert 'class="tw-help"' in html_text(ctrl), p.name
