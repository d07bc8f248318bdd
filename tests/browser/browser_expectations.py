"""What each notebook's picture must show after given key presses, as the model says.

notebook file -> list of (slider description text, key presses, CSS selector inside that slider's
explorer, text expected there afterwards). They run in order after the generic slider sweep, on
the state it left behind; the first slider whose description contains the text is used.
Keys are Playwright key names: ArrowRight/ArrowLeft (one step), PageUp/PageDown, Home/End.
"""
EXPECTATIONS: dict[str, list[tuple[str, list[str], str, str]]] = {
    "00_start_here.ipynb": [
        # The last 2025 event on the timeline is China's October expansion and Trump's reply.
        ("Event", ["End"], ".tw-view-timeline", "Trump floats halting imports"),
        # c_us = 10: the (Hawk, Hawk) cell reads (-10, -3).
        ("US cost of a crash", ["End"], ".tw-view-matrix", "-10, -3"),
        # c_cn = 10 in the US-first tree: the crash leaf reads (-5, -10).
        ("China's cost of a crash", ["End"], ".tw-view-tree", "(-5, -10)"),
    ],
    "01_strategic_form.ipynb": [
        # c_us = 1.5 < c_cn = 3: the risk-dominant equilibrium has China yield ...
        ("US cost of a crash", ["Home"], ".tw-view-values", "China yields (US Hawk, China Dove)"),
        # ... and c_us = 10 > c_cn: the US yields.
        ("US cost of a crash", ["End"], ".tw-view-values", "US yields (US Dove, China Hawk)"),
        # Back to c_us = 1.5: the crash cell of the matrix follows.
        ("US cost of a crash", ["Home"], ".tw-view-matrix", "-1.5, -3"),
    ],
    "02_backward_induction.ipynb": [
        # Substitutes at 100%: no cut-off hurts, the US escalates and China swallows it.
        ("Substitutes (σ)", ["End"], ".tw-view-values", "US escalates, China accepts"),
        # Back to no substitutes: a 92% share deters.
        ("Substitutes (σ)", ["Home"], ".tw-view-values", "Deterred (status quo)"),
        # Backlash at its maximum: kappa >= l, China's threat is not credible.
        ("Backlash (ρ)", ["End"], ".tw-view-values", "retaliation too costly"),
    ],
}
