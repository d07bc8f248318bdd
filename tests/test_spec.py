"""Parameter specs: validation messages name the parameter, the value and the valid range."""
import math
from fractions import Fraction

import pytest
from hypothesis import given, strategies as st

from tradewar.spec import Param, specs, validate_all

SHARE = Param("s", "China's refining share", 0.92, 0.5, 1, 0.01, "share")
COUNT = Param("N", "Challengers", 10, 1, 100, 1, kind="int")
ORDER = Param("order", "Move order", "simultaneous", kind="choice", choices=("simultaneous", "US first"))


@pytest.mark.parametrize("bad", ["0.9", None, True, math.nan, math.inf, [0.9], 0.49, 1.01, Fraction(1, 3)])
def test_bad_numeric_input_names_parameter_value_and_range(bad):
    with pytest.raises(ValueError) as err:
        SHARE.validate(bad)
    msg = str(err.value)
    assert msg.startswith("s (China's refining share) = ")
    assert repr(bad) in msg
    assert "from 0.5 to 1 share" in msg


def test_exact_values_are_kept_exact_and_compared_with_the_written_bounds():
    lo_edge = Param("v", "Value", 1, 0.1, 3, 0.05)
    assert lo_edge.validate(Fraction(1, 10)) == Fraction(1, 10)
    assert isinstance(SHARE.validate(Fraction(23, 25)), Fraction)
    with pytest.raises(ValueError):
        lo_edge.validate(Fraction(99, 1000))


def test_int_kind_accepts_whole_numbers_only():
    assert COUNT.validate(7.0) == 7 and isinstance(COUNT.validate(7.0), int)
    with pytest.raises(ValueError, match="is not a whole number"):
        COUNT.validate(7.5)
    with pytest.raises(ValueError, match="from 1 to 100"):
        COUNT.validate(0)


def test_choice_and_bool():
    assert ORDER.validate("US first") == "US first"
    with pytest.raises(ValueError, match="one of 'simultaneous', 'US first'"):
        ORDER.validate("China first")
    flag = Param("hotline", "Hotline", False, kind="bool")
    with pytest.raises(ValueError, match="True or False"):
        flag.validate(1)


def test_validate_all_fills_defaults_and_rejects_unknown_names():
    table = specs(SHARE, COUNT)
    assert validate_all(table, {"N": 3}) == {"s": 0.92, "N": 3}
    with pytest.raises(ValueError, match="unknown parameter.*share.*valid parameters are s, N"):
        validate_all(table, {"share": 0.9})


def test_a_spec_that_contradicts_itself_is_refused():
    with pytest.raises(ValueError):
        Param("s", "Share", 2, 0, 1)
    with pytest.raises(ValueError, match="specified twice"):
        specs(SHARE, SHARE)


@given(st.floats(min_value=0.5, max_value=1.0))
def test_every_value_in_range_is_accepted_unchanged(x):
    assert SHARE.validate(x) == x


@given(st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: x < 0.5 or x > 1))
def test_every_value_out_of_range_is_refused(x):
    with pytest.raises(ValueError, match="out of range"):
        SHARE.validate(x)
