"""Keyboard only, in Voila (app mode, as a student on a projector or a screen reader meets it):
walk 01's bet, explorer, reset and self-check with Tab, arrows and Enter, and after each step read
what a screen reader would announce (the live region's text) and check the focus ring.
"""
from __future__ import annotations

import re

import pytest

from test_voila import _render

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

NOTEBOOK = "01_strategic_form.ipynb"
MAX_TABS = 120

# What has the focus: its kind, a short text, the focus ring, and the tradewar widget around it.
_JS_FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const cs = getComputedStyle(e);
  const root = e.closest('.tw-predict, .tw-selfcheck, .tw-explorer');
  return {
    tag: e.tagName.toLowerCase(), type: e.getAttribute('type') || '', role: e.getAttribute('role') || '',
    text: (e.textContent || '').trim().slice(0, 60), cls: String(e.className || ''),
    outline: [cs.outlineStyle, parseFloat(cs.outlineWidth)],
    root: root ? root.classList.contains('tw-predict') ? 'predict' : root.classList.contains('tw-selfcheck') ?
          'selfcheck' : 'explorer' : '',
    name: e.getAttribute('aria-labelledby') ? (document.getElementById(e.getAttribute('aria-labelledby')) || {}).textContent
          : (e.getAttribute('aria-label') || ''),
    valuetext: e.getAttribute('aria-valuetext') || '',
  };
}"""

# The text of the live region (role=status) in the widget that has the focus.
_JS_LIVE = """(sel) => {
  const e = document.activeElement;
  const root = e && e.closest(sel);
  const live = root && root.querySelector('[role="status"]');
  return live ? live.textContent.trim() : null;
}"""


def _tab_until(page, pred, what: str) -> dict:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        f = page.evaluate(_JS_FOCUS)
        if f and pred(f):
            return f
    raise AssertionError(f"{what}: not reached within {MAX_TABS} Tab presses")


def _ring(f: dict, where: str) -> None:
    style, width = f["outline"]
    assert style != "none" and width >= 3, f"{where}: the focus ring is {style} {width}px (3 px wanted): {f}"


def _live_becomes(page, sel: str, check, what: str, timeout_ms: int = 8000) -> str:
    deadline = page.evaluate("() => performance.now()") + timeout_ms
    text = None
    while page.evaluate("() => performance.now()") < deadline:
        text = page.evaluate(_JS_LIVE, sel)
        if text and check(text):
            return text
        page.wait_for_timeout(100)
    raise AssertionError(f"{what}: the live region says {text!r}")


def test_keyboard_walk_bet_explorer_reset_selfcheck(page, voila_server, slider_driver):
    drv = slider_driver("keyboard", NOTEBOOK)
    _render(page, drv, f"{voila_server.url}/voila/render/{NOTEBOOK}")
    page.locator("body").focus()
    announced = []

    # 1. The bet: Tab to the options, an arrow picks one, Tab to Lock in, Enter.
    f = _tab_until(page, lambda f: f["root"] == "predict" and f["type"] == "radio", "the bet's options")
    _ring(f, "bet option")
    page.keyboard.press("ArrowDown")
    page.wait_for_function("() => { const b = document.querySelector('.tw-predict button.tw-lock'); return b && !b.disabled; }")
    f = _tab_until(page, lambda f: f["root"] == "predict" and "tw-lock" in f["cls"], "Lock in")
    _ring(f, "Lock in")
    page.keyboard.press("Enter")
    said = _live_becomes(page, ".tw-predict", lambda t: t.startswith(("✓ Right.", "✗ Not quite")), "after Lock in")
    announced.append(said)
    # Lock in disabled itself: the focus went on to "Try again", not to the page.
    page.wait_for_function("() => document.activeElement && document.activeElement.classList.contains('tw-again')",
                           timeout=8000)
    _ring(page.evaluate(_JS_FOCUS), "Try again")

    # 2. The explorer: Tab to the first slider, an arrow moves it, the result is announced.
    f = _tab_until(page, lambda f: f["root"] == "explorer" and f["role"] == "slider", "the explorer's first slider")
    _ring(f, "slider")
    assert f["name"].startswith("US cost of a crash"), f
    assert re.fullmatch(r"-?\d+(\.\d+)? payoff units", f["valuetext"]), f"value text with float noise or no unit: {f}"
    before = page.evaluate(_JS_LIVE, ".tw-explorer")
    assert before and before.startswith("Result:"), before
    page.keyboard.press("End")  # c_us = 10: the US yields
    said = _live_becomes(page, ".tw-explorer", lambda t: t.startswith("Result:") and "US yields" in t,
                         "after End on the slider")
    announced.append(said)
    f = page.evaluate(_JS_FOCUS)
    assert f["valuetext"] == "10.0 payoff units", f
    page.keyboard.press("Home")  # c_us = 1.5: China yields
    said = _live_becomes(page, ".tw-explorer", lambda t: "China yields" in t, "after Home on the slider")
    announced.append(said)

    # 3. Reset: Tab to it, Enter, the explorer says so.
    f = _tab_until(page, lambda f: f["root"] == "explorer" and f["tag"] == "button" and "Reset" in f["text"], "Reset")
    _ring(f, "Reset")
    page.keyboard.press("Enter")
    said = _live_becomes(page, ".tw-explorer", lambda t: t.startswith("Back to the default values. Result:"),
                         "after Reset")
    announced.append(said)

    # 4. The self-check: Tab to the number box, type, Enter checks (no Check button pressed).
    f = _tab_until(page, lambda f: f["root"] == "selfcheck" and f["tag"] == "input", "the self-check's box")
    _ring(f, "self-check box")
    page.keyboard.type("1/4")
    page.keyboard.press("Enter")
    said = _live_becomes(page, ".tw-selfcheck", lambda t: t.startswith(("✗ Not yet", "≈ Close")), "after a wrong answer")
    announced.append(said)
    page.keyboard.press("Control+A")
    page.keyboard.type("1/3")
    page.keyboard.press("Enter")
    said = _live_becomes(page, ".tw-selfcheck", lambda t: t.startswith("✓ Right."), "after the right answer")
    announced.append(said)
    drv.shot("keyboard-walk-done")
    print("\n[browser] keyboard walk announced:\n  " + "\n  ".join(announced))
