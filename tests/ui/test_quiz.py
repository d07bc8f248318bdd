from fractions import Fraction

import pytest

from tradewar.ui import Predict, SelfCheck
from tradewar.ui.quiz import parse_number

pytestmark = pytest.mark.filterwarnings("error")


def test_predict_reveals_only_after_locking_in():
    p = Predict("If China's share fell to 60%, would the US still back down?", ["Yes", "No"], "No",
                why="Below s* the damage is within v + a, so the US persists.")
    assert "tw-predict" in p.widget._dom_classes
    assert p.lock.disabled and p.feedback.value == ""
    assert p.commit() is None and not p.locked  # nothing chosen yet: nothing to lock
    p.choose("Yes")
    assert not p.lock.disabled and p.feedback.value == ""  # choosing reveals nothing
    assert p.commit() is False
    assert p.locked and p.radio.disabled and "Not quite" in p.feedback.value and "No" in p.feedback.value
    assert "the US persists" in p.feedback.value
    p.choose("No")  # locked: the bet stands
    assert p.choice == "Yes" and p.commit() is None
    p.reset()
    assert not p.locked and p.choice is None and p.feedback.value == "" and p.lock.disabled
    p.choose("No")
    assert p.commit() is True and "Right" in p.feedback.value


def test_predict_answer_by_index_and_bad_answer():
    assert Predict("?", ["a", "b"], 1).answer == "b"
    with pytest.raises(ValueError):
        Predict("?", ["a", "b"], "c")


def test_parse_number():
    assert parse_number("3/5") == Fraction(3, 5)
    assert parse_number("0.6") == Fraction(3, 5)
    assert parse_number("60%") == Fraction(3, 5)
    assert parse_number("0,6") == Fraction(3, 5)
    assert parse_number("−1.5") == Fraction(-3, 2)
    assert parse_number("abc") is None and parse_number("") is None and parse_number("1/0") is None


def test_selfcheck_numeric_right_close_wrong():
    s = SelfCheck("s* = ?", Fraction(3, 10), tolerance=0.005, explanation="(v + a)/m = 1.5/5.")
    assert "tw-selfcheck" in s.widget._dom_classes
    s.value = "3/10"
    assert s.check() == "right" and "Right" in s.feedback.value and "1.5/5" in s.feedback.value
    s.value = "0.302"
    assert s.check() == "right"
    s.value = "0.33"
    assert s.check() == "close" and "Close" in s.feedback.value
    s.value = "0.9"
    assert s.check() == "wrong" and "0.3" in s.feedback.value  # the answer after a few tries
    s.value = "zero point three"
    assert s.check() == "unreadable" and "Type a number" in s.feedback.value


def test_selfcheck_exact_by_default_and_options():
    s = SelfCheck("P_US(H)?", Fraction(1, 2))
    assert s.verdict("0.5") == "right" and s.verdict(0.5) == "right" and s.verdict("0.52") == "close"
    assert s.verdict("0.49999999999") == "right"  # rounding noise is not an error
    o = SelfCheck("Who concedes?", "US", options=["US", "China"])
    assert o.check() == "unreadable"
    o.value = "China"
    assert o.check() == "wrong"
    o.value = "US"
    assert o.check() == "right"
    with pytest.raises(ValueError):
        SelfCheck("?", "not a number")


def test_quiz_widgets_announce_and_keep_the_keyboard_working():
    """Feedback sits in a live region (class tw-live: role=status from the library's script); the
    buttons carry the classes the script uses for Enter and for handing the focus on; the Check
    button is "primary" (white on blue, 4.6:1), not "info" (3.5:1); the number box has a name."""
    p = Predict("Bet?", ["Yes", "No"], "No")
    assert "tw-live" in p.feedback._dom_classes and "tw-ui" in p.widget._dom_classes
    assert "tw-lock" in p.lock._dom_classes and "tw-again" in p.again._dom_classes
    assert any("tw-assets" in c._dom_classes for c in p.widget.children)
    s = SelfCheck("How much?", Fraction(1, 3))
    assert "tw-live" in s.feedback._dom_classes and "tw-selfcheck" in s.widget._dom_classes
    assert s.button.button_style == "primary" and "tw-check" in s.button._dom_classes
    assert s.input.description == "Your answer"
    assert any("tw-assets" in c._dom_classes for c in s.widget.children)
    s.value = "1/3"
    assert s.check() == "right" and "Right." in s.feedback.value
