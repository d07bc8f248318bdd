"""Predict-then-reveal and self-check widgets.

Predict: a student commits to a bet before seeing the model; the answer and one sentence of why
appear only after "Lock in my answer", and the choice cannot change until "Try again".
SelfCheck: a number (or an option) and a Check button; the feedback says right, close or wrong.
"""
from __future__ import annotations

import html
import math
from fractions import Fraction
from numbers import Real
from typing import Sequence

import ipywidgets as widgets

from ..text import fmt
from .a11y import assets, live, mark_root
from .views import Static

__all__ = ["Predict", "SelfCheck", "parse_number"]

_QUIZ_CSS = """<style>
.tw-predict, .tw-selfcheck { font-size: 15px; --jp-widgets-font-size: 15px; border: 1px solid rgba(128,128,128,0.4);
  border-radius: 6px; padding: 0.6em 0.9em; margin: 0.4em 0; max-width: 46em; }
.tw-predict .widget-radio-box label, .tw-selfcheck .widget-radio-box label { font-size: 15px; }
.tw-quiz-q { font-weight: bold; font-size: 16px; line-height: 1.4; margin-bottom: 0.3em; }
.tw-feedback { font-size: 15px; line-height: 1.45; padding: 0.4em 0.7em; border-left: 5px solid; margin-top: 0.4em; }
.tw-feedback.tw-right { border-color: #009E73; background: rgba(0,158,115,0.10); }
.tw-feedback.tw-close { border-color: #E69F00; background: rgba(230,159,0,0.12); }
.tw-feedback.tw-wrong { border-color: #D55E00; background: rgba(213,94,0,0.10); }
</style>"""


def _feedback(kind: str, head: str, body: str) -> str:
    # The verdict is a word and a symbol, not just the border colour.
    symbol = {"right": "✓", "close": "≈", "wrong": "✗", "info": "ℹ"}[kind]
    return (f'<div class="tw-feedback tw-{kind}"><b>{symbol} {html.escape(head)}</b>'
            + (f" {html.escape(body)}" if body else "") + "</div>")


def _boxes(options) -> str:
    return ('<ul class="tw-static-options" style="list-style:none;padding-left:0.5em;margin:0.2em 0">'
            + "".join(f"<li>☐ {html.escape(str(o))}</li>" for o in options) + "</ul>")


def _static_card(cls: str, question: str, body: str, feedback: str) -> str:
    """A quiz without its buttons, for pages read without a kernel (see views.Static)."""
    return (f'{_QUIZ_CSS}<div class="{cls} tw-static"><div class="tw-quiz-q">{html.escape(question)}</div>'
            f"{body}{feedback}</div>")


class Predict(Static):
    """Place your bet: choose an option, lock it in, then see the answer and why.

    answer: the correct option (one of `options`) or its index.
    """

    def __init__(self, question: str, options: Sequence[str], answer, why: str = ""):
        self.question = question
        self.options = list(options)
        if isinstance(answer, int) and not isinstance(answer, bool) and answer not in self.options:
            if not 0 <= answer < len(self.options):
                raise ValueError(f"answer index {answer} is out of range for {len(self.options)} options.")
            answer = self.options[answer]
        if answer not in self.options:
            raise ValueError(f"answer {answer!r} is not one of the options {self.options!r}.")
        self.answer = answer
        self.why = why
        self.locked = False
        self.radio = widgets.RadioButtons(options=self.options, value=None, layout=widgets.Layout(width="auto"))
        self.lock = widgets.Button(description="Lock in my answer", button_style="primary", icon="lock",
                                   disabled=True, layout=widgets.Layout(width="auto"))
        self.lock.add_class("tw-lock")
        # The focus moves here when Lock-in disables itself (the library's script does it).
        self.again = widgets.Button(description="Try again", icon="undo",
                                    layout=widgets.Layout(width="auto", display="none"))
        self.again.add_class("tw-again")
        self.feedback = live(widgets.HTML())
        self.radio.observe(self._on_pick, names="value")
        self.lock.on_click(lambda _b: self.commit())
        self.again.on_click(lambda _b: self.reset())
        self.widget = widgets.VBox([
            assets(),
            widgets.HTML(_QUIZ_CSS + f'<div class="tw-quiz-q">{html.escape(question)}</div>'),
            self.radio, widgets.HBox([self.lock, self.again]), self.feedback,
        ])
        mark_root(self.widget, "tw-predict")

    @property
    def choice(self):
        return self.radio.value

    def _on_pick(self, change):
        self.lock.disabled = change.new is None or self.locked

    def choose(self, option):
        """Pick an option (as a student would by clicking); ignored once locked in."""
        if not self.locked:
            self.radio.value = option

    def commit(self) -> bool | None:
        """Lock in the current choice and reveal the answer; returns whether it was right."""
        if self.locked or self.radio.value is None:
            return None
        self.locked = True
        self.radio.disabled = True
        self.lock.disabled = True
        self.again.layout.display = None
        self.correct = self.radio.value == self.answer
        if self.correct:
            self.feedback.value = _feedback("right", "Right.", self.why)
        else:
            self.feedback.value = _feedback("wrong", f"Not quite: the answer is “{self.answer}”.", self.why)
        return self.correct

    def reset(self):
        """Try again: unlock, clear the choice and hide the answer."""
        self.locked = False
        self.radio.disabled = False
        self.radio.value = None
        self.lock.disabled = True
        self.again.layout.display = "none"
        self.feedback.value = ""

    def static_html(self) -> str:
        """The bet on paper: the question and a box per option (the answer stays hidden)."""
        return _static_card("tw-predict", self.question, _boxes(self.options), self.feedback.value)


def parse_number(text) -> Fraction | float | None:
    """A student's number: '0.6', '3/5', '-1.5', '60%' (-> 0.6), '1,5' (-> 1.5). None if unreadable."""
    if isinstance(text, bool):
        return None
    if isinstance(text, Fraction):
        return text
    if isinstance(text, Real):
        return float(text)
    s = str(text).strip().replace("−", "-").replace(" ", "")
    if not s:
        return None
    percent = s.endswith("%")
    if percent:
        s = s[:-1]
    if s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")
    try:
        value = Fraction(s)
    except (ValueError, ZeroDivisionError):
        return None
    return value / 100 if percent else value


class SelfCheck(Static):
    """A check widget: a number box (or options) and a Check button.

    Numeric answers (int, float or Fraction) accept anything within `tolerance` (default: a
    relative 1e-9, i.e. exact up to rounding); "close" means within ten times the tolerance (or
    within 10% when the tolerance is zero). With options, the answer is one of them.
    """

    def __init__(self, question: str, answer, tolerance: float | None = None, options: Sequence | None = None,
                 explanation: str = "", hint: str = ""):
        self.question = question
        self.answer = answer
        self.options = list(options) if options is not None else None
        self.tolerance = tolerance
        self.explanation = explanation
        self.hint = hint
        self.attempts = 0
        if self.options is not None:
            if answer not in self.options:
                raise ValueError(f"answer {answer!r} is not one of the options {self.options!r}.")
            self.input = widgets.RadioButtons(options=[(str(o), o) for o in self.options], value=None,
                                              layout=widgets.Layout(width="auto"))
        else:
            if parse_number(answer) is None:
                raise ValueError(f"answer {answer!r} is not a number; pass options for a non-numeric answer.")
            # A visible label names the box; Enter in it checks (the library's script presses Check).
            self.input = widgets.Text(placeholder="a number, e.g. 0.6 or 3/5", continuous_update=False,
                                      description="Your answer", style={"description_width": "auto"},
                                      layout=widgets.Layout(width="20em", max_width="100%"))
        # "primary" (white on JupyterLab's brand blue, 4.6:1), not "info" (white on teal, 3.5:1).
        self.button = widgets.Button(description="Check", icon="check", button_style="primary",
                                     layout=widgets.Layout(width="auto"))
        self.button.add_class("tw-check")
        self.button.on_click(lambda _b: self.check())
        self.feedback = live(widgets.HTML())
        self.widget = widgets.VBox([
            assets(),
            widgets.HTML(_QUIZ_CSS + f'<div class="tw-quiz-q">{html.escape(question)}</div>'),
            widgets.HBox([self.input, self.button],
                         layout=widgets.Layout(align_items="center", grid_gap="0.6em", flex_flow="row wrap")),
            self.feedback,
        ])
        mark_root(self.widget, "tw-selfcheck")

    @property
    def value(self):
        return self.input.value

    @value.setter
    def value(self, v):
        self.input.value = v if self.options is not None else str(v)

    def _tolerance(self) -> float:
        if self.tolerance is not None:
            return float(self.tolerance)
        return 1e-9 * max(1.0, abs(float(parse_number(self.answer))))

    def verdict(self, given) -> str:
        """'right', 'close', 'wrong' or 'unreadable' for a given answer."""
        if self.options is not None:
            if given is None:
                return "unreadable"
            return "right" if given == self.answer else "wrong"
        x = parse_number(given)
        if x is None:
            return "unreadable"
        target = parse_number(self.answer)
        err = abs(float(x) - float(target)) if not (isinstance(x, Fraction) and isinstance(target, Fraction)) \
            else float(abs(x - target))
        if not math.isfinite(err):
            return "unreadable"
        tol = self._tolerance()
        if err <= tol:
            return "right"
        near = 10 * tol if self.tolerance else 0.1 * max(abs(float(target)), 1e-12)
        return "close" if err <= near else "wrong"

    def check(self) -> str:
        """Judge the current input and show feedback; returns the verdict."""
        v = self.verdict(self.input.value)
        self.last = v
        if v == "unreadable":
            msg = ("Choose one of the options first." if self.options is not None
                   else "Type a number, for example 0.6, 3/5 or 60%.")
            self.feedback.value = _feedback("info", "Not read yet.", msg)
            return v
        self.attempts += 1
        shown = fmt(parse_number(self.answer)) if self.options is None else str(self.answer)
        if v == "right":
            self.feedback.value = _feedback("right", "Right.", self.explanation)
        elif v == "close":
            self.feedback.value = _feedback(
                "close", "Close.",
                (self.hint or "Check your rounding or the last step.")
                + (f" After two tries: the answer is {shown}. {self.explanation}" if self.attempts >= 2 else ""))
        else:
            body = self.hint or "Go back to the model and try again."
            if self.attempts >= 2:
                body += f" The answer is {shown}. {self.explanation}"
            self.feedback.value = _feedback("wrong", "Not yet.", body)
        return v

    def static_html(self) -> str:
        """The check on paper: the question and a line (or a box per option) for the answer."""
        body = (_boxes(self.options) if self.options is not None
                else '<p class="tw-answer-line">Your answer: ____________________</p>')
        return _static_card("tw-selfcheck", self.question, body, self.feedback.value)
