"""The Play-first widgets in a real Chromium, JupyterLab and Voila: one game of each, played with the
keyboard only (Tab to a named button, Enter to press it), checking
after each step what the live region (role=status) announces and that the focus stays on a control.

The six plays run in one small notebook written into the served copy of notebooks/ (the notebooks
themselves are run by test_lab.py and test_voila.py). The expected announcements are computed here by
playing the same script, with the same seeds, against the same classes in-process.
Run one at a time: `pytest tests/browser/test_play_keyboard.py -k voila`, then `-k lab`.
"""
from __future__ import annotations

import uuid

import nbformat
import pytest

from axe_audit import assert_no_violations
from test_lab import _JS_READY, _run_all, _shutdown_kernels
from test_voila import _render, assert_reflows
from tradewar.ui import play

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]

NAME = "zz_play_keyboard.ipynb"
MAX_TABS = 40

# (cell source, the title shown, the keyboard script). A step is ("press", a move button's name) or
# ("guess", a rule's button): Tab to the button, Enter.
PLAYS = [
    ("ChokepointPlay(side='China', opponent='bluffs', seed=1)", "Play first: the chokepoint game",
     [("press", "Retaliate")]),
    ("ChickenPlay(side='US', rounds=3, seed=1)", "Play first: chicken, round after round",
     [("press", "Hawk (stand firm)"), ("press", "Dove (yield)"), ("press", "Hawk (stand firm)")]),
    ("TrucePlay(rounds=10, rule='tit-for-tat', seed=4)", "Play first: keep the truce or break it?",
     [("press", "Keep the truce (C)")] * 10 + [("guess", "tit-for-tat")]),
    ("TacoPlay(seed=1)", "Play first: when would you hold back rare earths?",
     [("press", "Wait and watch")] * 3 + [("press", "Retaliate now")]),
    ("ChainPlay(N=10, g=Fraction(1, 2), u=2, mu0=Fraction(1, 10), seed=1)", "Play first: one punch, or a hundred?",
     [("press", "Accommodate")] * 3),
    ("AttritionPlay(side='US', months=36, seed=5)", "Play first: who gives way first?",
     [("press", "Wait a month")] * 2 + [("press", "Concede now")]),
]

_JS_FOCUS = """(root) => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const label = e.closest('label');
  return {inside: root.contains(e), tag: e.tagName.toLowerCase(), type: e.getAttribute('type') || '',
          text: ((label || e).textContent || '').trim()};
}"""
_JS_LIVE = "(root) => { const l = root.querySelector('[role=\"status\"]'); return l ? l.textContent.trim() : null; }"
_JS_FIRST = "(root) => { const b = root.querySelector('button, input'); b.focus(); return !!b; }"


def _expected() -> list[str]:
    """The last announcement of each play, from the same classes and seeds in-process."""
    from fractions import Fraction

    names = {"Fraction": Fraction, **{n: getattr(play, n) for n in play.__all__}}
    out = []
    for src, _, steps in PLAYS:
        p = eval(src, names)  # noqa: S307 - the literals above
        for kind, name in steps:
            if kind == "guess":
                p.guess(name)
            else:
                p.move(name)
        out.append(p.announced[-1])
        p.close()
    return out


@pytest.fixture(scope="module")
def play_notebook(served_notebooks):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cells = ["from fractions import Fraction\nfrom tradewar.ui.play import *"] + [src for src, _, _ in PLAYS]
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    for c in nb.cells:
        c["id"] = uuid.uuid4().hex[:8]
    nbformat.write(nb, served_notebooks / NAME)
    return NAME


def _tab_to(page, root, pred, what: str) -> dict:
    """Tab forward to the control `pred` accepts; past the play's end, start again at its first control."""
    for _ in range(MAX_TABS):
        f = page.evaluate(_JS_FOCUS, root)
        if f and f["inside"] and pred(f):
            return f
        if not (f and f["inside"]):
            page.evaluate(_JS_FIRST, root)
            continue
        page.keyboard.press("Tab")
    raise AssertionError(f"{what}: not reached within {MAX_TABS} Tab presses")


def _live_is(page, root, expected: str, what: str) -> None:
    try:
        page.wait_for_function("([root, exp]) => { const l = root.querySelector('[role=\"status\"]');"
                               " return !!l && l.textContent.trim() === exp; }", arg=[root, expected], timeout=10_000)
    except Exception:
        raise AssertionError(f"{what}: the live region says {page.evaluate(_JS_LIVE, root)!r}, "
                             f"expected {expected!r}") from None


def _play_all(page, where: str) -> list[str]:
    said = []
    for (src, title, steps), expected in zip(PLAYS, _expected()):
        root = page.locator(".tw-play", has_text=title).first.element_handle()
        assert root is not None, f"{where}: no play titled {title!r}"
        root.scroll_into_view_if_needed()
        page.evaluate(_JS_FIRST, root)
        for kind, name in steps:
            _tab_to(page, root, lambda f: f["tag"] == "button" and f["text"] == name, f"{title}: {name!r}")
            page.keyboard.press("Enter")
            page.wait_for_timeout(150)
            after = page.evaluate(_JS_FOCUS, root)
            assert after and after["inside"], f"{where} {title}: the focus left the play after {name!r}: {after}"
        _live_is(page, root, expected, f"{where} {title}")
        said.append(expected)
        # The game is over: Play again is on screen, one Tab away at most, and named.
        again = page.locator(".tw-play", has_text=title).first.locator("button", has_text="Play again")
        assert again.is_visible(), f"{where} {title}: no Play again after the game"
    if "Game over" in said[0]:
        shown = page.locator(".tw-play", has_text=PLAYS[0][1]).first.inner_text()
        assert "Subgame-perfect play" in shown and "Your game" in shown
    return said


def test_play_keyboard_voila(page, voila_server, slider_driver, play_notebook):
    drv = slider_driver("voila", play_notebook)
    _render(page, drv, f"{voila_server.url}/voila/render/{play_notebook}")
    said = _play_all(page, "voila")
    drv.shot("plays-done", full_page=True)
    # Every play after its game (tables, the tree, the echo lanes, the chain): WCAG 2.1 A/AA and reflow.
    assert_no_violations(page, "voila plays after a game each", "voila", play_notebook)
    assert_reflows(page, drv, "voila plays after a game each")
    print("\n[browser] voila plays announced:\n  " + "\n  ".join(said))


def test_play_keyboard_lab(page, lab_server, slider_driver, play_notebook):
    drv = slider_driver("lab", play_notebook)
    url = f"{lab_server.url}/lab/workspaces/tw-{uuid.uuid4().hex[:8]}/tree/{play_notebook}"
    try:
        page.goto(url, wait_until="domcontentloaded")
        page.wait_for_selector(".jp-NotebookPanel .jp-Notebook", timeout=90_000)
        page.wait_for_function("() => !!window.jupyterapp", timeout=30_000)
        page.evaluate(_JS_READY)
        _run_all(page, play_notebook)
        drv.wait_widgets_settled()
        said = _play_all(page, "lab")
        drv.shot("plays-done", full_page=True)
        assert_no_violations(page, "lab plays after a game each", "lab", play_notebook)
        print("\n[browser] lab plays announced:\n  " + "\n  ".join(said))
    finally:
        _shutdown_kernels(page, lab_server)
