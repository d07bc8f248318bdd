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
    "03_repeated_truce.ipynb": [
        # A known last round 40 rounds ahead: backward induction unravels the truce.
        ("Known last round", ["End"], ".tw-view-values", "Truce unravels: known last round"),
        ("Known last round", ["Home"], ".tw-view-explain", "With perfect monitoring grim trigger"),
        # delta = 0: nobody values the future, the truce collapses.
        ("Patience (δ)", ["Home"], ".tw-view-values", "Truce collapses: too impatient"),
        # The sandbox's round-by-round picture follows the number of rounds.
        ("Rounds shown", ["Home"], ".tw-view-rounds", "in round 10:"),
    ],
    "04_taco_credibility.ipynb": [
        # A prior of 0.99 that the leader is tough: five back-downs are needed before retaliation pays.
        ("Prior: leader is tough", ["End"], ".tw-view-values", "Pays after 5 back-downs"),
        # D_cn = 5 and 0 move the threshold b* past every point of the belief path, and then below it.
        ("China's damage in an open fight", ["End"], ".tw-view-beliefs", "retaliation never paid"),
        ("China's damage in an open fight", ["Home"], ".tw-view-beliefs", "retaliation paid before any event"),
    ],
    "05_one_punch_chain_store.ipynb": [
        # mu0 = 0 is Selten's paradox: nobody believes in a tough incumbent, so every challenger enters.
        ("Prior that the incumbent is tough", ["Home"], ".tw-view-values", "No challenger deterred: every one may enter"),
        # N = 100: the play path shows every one of the hundred challenges.
        ("Number of challenges (N)", ["End"], ".tw-view-play", "challenges 1–100"),
    ],
    "07_waiting_and_brinkmanship.ipynb": [
        # z_us = 0.9: the US is very likely obstinate, so China is the weak side, likely to concede first.
        ("US reputation", ["End"], ".tw-view-values", "China is the weak side"),
        ("US reputation", ["Home"], ".tw-view-values", "US is the weak side"),
        # p = 0: a threat that is never carried out moves nobody.
        ("Licence-denial probability", ["Home"], ".tw-view-values", "US holds firm"),
        # sigma = 1: the US feels no damage, so no risk of denial can make it yield.
        ("US substitutes", ["End"], ".tw-view-values", "No risk is enough"),
    ],
    "08_window_of_leverage.ipynb": [
        # eta1 = 1: the share collapses at first use, the threat works only once.
        ("Erosion after first use", ["End"], ".tw-view-window", "Only once (no six-month renewal)"),
        ("Erosion after first use", ["Home"], ".tw-view-values", "A decade or more (Kennedy)"),
        # s* = 0.95 is above the 92% share: no leverage even at first use.
        ("Deterrence threshold", ["End"], ".tw-view-values", "No leverage at first use"),
    ],
    "06_bargaining_power.ipynb": [
        # w_cn = 1: China's outside option is worth the whole pie, so it binds and China takes all.
        ("China's outside option", ["End"], ".tw-view-split", "China 100%"),
        # w_cn = 0: the option is idle and the more patient side (China, r_cn < r_us) gets more.
        ("China's outside option", ["Home"], ".tw-view-values", "The option is idle: China gets more"),
        # sigma = 1: substitutes for everything, the share no longer moves the threat point.
        ("Substitutes (σ)", ["End"], ".tw-view-explain", "m·(1 - σ) = 0 per unit"),
    ],
    "09_capstone.ipynb": [
        # A prior of 0.01 on the dramatic reading: the record cannot overturn it; 0.99 and it cannot be doubted.
        ("Prior for the dramatic reading", ["Home"], ".tw-view-values", "Prosaic reading more likely"),
        ("Prior for the dramatic reading", ["End"], ".tw-view-values", "Dramatic reading more likely"),
        ("Punishment length", ["Home"], ".tw-view-values", "cannot be kept"),
    ],
}
