"""Notebook 08 and its guide: every number or verdict M8 decides, solved here at the values the
sentence names (see prose.py)."""
import math
from fractions import Fraction as F

import pytest

from prose import never_says, says
from tradewar.models import chokepoint, taco
from tradewar.models import leverage_window as M


def test_bet_and_experiment_1():
    r = M.solve(eta1=0.2)
    assert round(r.t_star, 2) == 5.02 and r.renewals == 10 and r.reading == M.FIVE_TO_TEN
    assert round(float(r.year_end), 1) == 2030.0
    says("08", "t* = ln(0.3/0.92)/ln(0.8) = (−1.1206)/(−0.2231) = **5.02 years**", guide=True)
    says("08", "At η₁ = 0.20, **t* = 5.02 years**, the window closes at the very start of 2030 (2030.0 in the table) with 10 renewals", guide=True)
    d = M.solve()
    assert round(d.t_star, 2) == 10.64 and round(float(d.year_end), 1) == 2035.6 and d.reading == M.DECADE
    says("08", "the window is 10.6 years, closing around 2035.6")
    says("08", "(At 10% a year it would be 10.64 years; at η₁ = 1 it would be 0.)", guide=True)


def test_the_three_borders():
    d = M.solve()
    assert round(d.eta1_once, 3) == 0.894 and round(d.eta1_five, 3) == 0.201 and round(d.eta1_decade, 3) == 0.106
    says("08", "need $\\eta_1 \\ge 0.894$")
    says("08", "$\\eta_1 \\le 0.106$, and his words suggest an even smaller $\\eta_1$")
    says("08", "needs $\\eta_1 \\le 0.201$")
    says("08", "The three claims are η₁ ≥ 0.894, η₁ ≤ 0.106 and η₁ ≤ 0.201 at the defaults", guide=True)
    assert M.solve(eta1=0.106).t_star == pytest.approx(10.0009, abs=5e-5)
    says("08", "`solve(eta1=0.106).t_star` is just over 10 years (10.0009)", guide=True)


def test_experiment_2_only_once():
    a, b = M.solve(eta1=0.89), M.solve(eta1=0.9)
    assert a.renewals == 1 and round(a.t_star, 3) == 0.508 and a.reading == M.SHORT
    assert b.renewals == 0 and round(b.t_star, 3) == 0.487 and b.reading == M.ONCE
    says("08", "η₁ = 0.89 still gives one renewal (t* = 0.508 years, reading \"A short window\") and η₁ = 0.90 gives none (t* = 0.487)", guide=True)
    says("08", "on the slider 0.89 still gives one renewal and 0.90 none")


def test_experiment_3_the_midterms():
    years = M.MIDTERMS - M.BASE_YEAR
    assert round(years, 2) == 1.84
    assert round(1 - (0.3 / 0.92) ** (1 / years), 3) == 0.456
    a, b = M.solve(eta1=0.45), M.solve(eta1=0.46)
    assert a.deterred_at_midterms and round(a.share_at_midterms, 3) == 0.307
    assert not b.deterred_at_midterms and round(b.share_at_midterms, 3) == 0.296
    d = M.solve()
    assert round(d.share_at_midterms, 2) == 0.76 and d.renewals == 21
    says("08", "at η₁ = 0.45 the share on Nov 3, 2026 is 0.307 (still deters), at 0.46 it is 0.296 (no longer)", guide=True)
    says("08", "At the default η₁ = 0.1 the share at the midterms is 0.76 and there are 21 six-month renewals", guide=True)
    says("08", "fall 1.84 years after the model's first use")


def test_experiment_4_what_waiting_does():
    early, late = M.solve(eta0=0.05), M.solve(eta0=0.05, first_use=2030)
    assert round(early.t_star, 2) == 10.64 and round(late.t_star, 2) == 8.20 and round(late.share_at_use, 3) == 0.712
    assert round(early.t_star - late.t_star, 2) == 2.43
    assert round(float(late.year_end), 1) == 2038.2 and round(float(early.year_end), 1) == 2035.6
    assert late.year_end > early.year_end  # waiting moves the end of deterrence later (eta0 < eta1)
    assert M.solve(eta0=0, first_use=2030).t_star == pytest.approx(M.solve().t_star, rel=1e-12)
    says("08", "The window after first use is **2.43 years** shorter (5 × ln 0.95/ln 0.9).", guide=True)
    never_says("08", "8.20 years. the window", guide=False)
    says("08", "the *calendar* end with first use in 2030 is 2038.2, later than 2035.6", guide=True)
    assert round(math.log(0.95) / math.log(0.9), 3) == 0.487
    says("08", "a loss of 0.487 years per year at η₀ = 0.05, η₁ = 0.1 (2.43 years for five)", guide=True)


def test_experiment_5_and_exercise_1():
    s_star = chokepoint.solve(psi=0.5).s_star
    assert float(s_star) == pytest.approx(0.6)
    r = M.solve(s_star=0.6)
    assert round(r.t_star, 2) == 4.06 and r.renewals == 8
    says("08", "**t* = ln(0.6/0.92)/ln(0.9) = 4.06 years** (8 renewals)", guide=True)
    says("08", "ln(0.6/0.92)/ln(0.9) ≈ 4.1 years")
    e = M.solve(s0=1, s_star=F(1, 4), eta1=F(1, 2))
    assert e.t_star == 2 and isinstance(e.t_star, F) and e.renewals == 4
    assert M.solve(s0=1, s_star=F(1, 4), eta1=F(3, 4)).t_star == 1
    says("08", "returns `t_star = 2` and `renewals = 4` exactly")


def test_corrected_statements_stay_corrected():
    # M8 has no payoffs: no ranking of using the weapon now against later.
    never_says("08",
               "use it early or lose it",
               "China: use early",
               "waiting costs nothing",
               anywhere=True)
    never_says("08", "should use it while $s$ is high")
    never_says("08", "China should\n   use its leverage early")
    never_says("08", "keep its card in reserve for free")
    says("08", "it cannot rank\nthe two")
    # The frittered years come after the 2010 use: evidence about eta1, not eta0.
    never_says("08", "fifteen years say $g_0 \\approx 0$")
    never_says("08", "Kennedy's wasted fifteen years mean $g_0")
    says("08", "they are evidence that\n  erosion after a use can be slow (a small $\\eta_1$), not evidence about $\\eta_0$")
    says("08", "so they bear on erosion after a use (η₁), not before it", guide=True)
    # The midterm date is from outside the articles.
    says("08", "(the date is from outside the\nfive articles")
    says("08", "a date from outside the articles) fall 1.84 years")


# ------------------------------------------------------------------ the referee's report on 08


def test_erosion_is_eta_not_g():
    # g is a gain elsewhere in the course: M8's erosion rates are η₀, η₁ (eta0, eta1).
    assert "eta0" in M.PARAMS and "eta1" in M.PARAMS and "g1" not in M.PARAMS
    never_says("08",
               "g₁",
               "g₀",
               anywhere=True)
    never_says("08", "$g_1")
    never_says("08", "g1=")
    says("08", "fixed fraction $\\eta$ (eta) of itself: an **erosion rate** (not $g$,\nwhich is a gain elsewhere in the course)")


def test_provoking_a_use_is_not_priced_by_m8():
    # With eta0 < eta1 an early use ends deterrence sooner in calendar time; M8 has no payoffs, so it
    # cannot say whether provoking one is worth the cut-off it brings.
    early, late = M.solve(eta0=0.05), M.solve(eta0=0.05, first_use=2030)
    assert early.year_end < late.year_end
    never_says("08",
               "therefore has a reason to *provoke* a use",
               "has a reason to provoke an early use",
               "incentive to provoke",
               anywhere=True)
    says("08", "What would a US whose only\n  aim was the earliest end of deterrence want? (M8 cannot say whether provoking a use is worth its\n  cost: it has no payoffs.)")
    says("08", "A US whose only aim was the earliest end of deterrence would therefore\nwant an early use.")
    says("08", "whether provoking one is worth its cost\n(a use means a cut-off), M8 cannot say: it has no payoffs", guide=True)
    # Rationing the pledge is an argument about incentives M8 lacks: marked as outside the model.
    says("08", "Outside the model\n(M8 has no payoffs, so it cannot say what rationing gains China)")
    says("08", "(Outside the model, which has no payoffs: rationing in six-month slices seems to make sense only", guide=True)
    never_says("08", "(Rationing in six-month slices only pays", guide=True)


def test_kennedys_decade_is_a_bound_that_the_default_only_just_meets():
    d = M.solve()
    assert round(d.eta1_decade, 3) == 0.106 and d.t_star >= 10 and M.solve(eta1=0.11).t_star < 10
    assert round(float(M.share_at(2028, 0.92, 0, 0.1, 2025)), 2) == 0.67  # a serious dent in 3 years
    assert round(1 - 0.9 ** 15, 2) == 0.79  # 15 years at 0.1 since 2010
    says("08", "At $\\eta_1 = 0.1$ the share\n  falls from 0.92 to 0.67 within three years, a serious dent well inside his decade.")
    says("08", "79% of it would be\n  gone by 2025 ($1 - 0.9^{15}$), which a 92% share today rules out.")
    says("08", "So 0.1 is the largest $\\eta_1$\n  compatible with his claim, not a rate that gives it.")
    says("08", "the share falls from 0.92 to 0.67 within three years, and fifteen years at 0.1 since 2010 would "
               "have removed 79% of it", guide=True)
    never_says("08", "teaching calibration that gives Kennedy's")
    never_says("08", "the rest of the world replaces about a\n  tenth")
    assert "gives his" not in M.PARAMS["eta1"].help and "η₁ ≤ 0.106" in M.PARAMS["eta1"].help


def test_five_plus_years_covers_both_long_bands():
    d = M.solve()
    assert round(d.eta1_five, 3) == 0.201 and d.reading == M.DECADE and M.solve(eta1=0.2).reading == M.FIVE_TO_TEN
    assert M.FIVE_TO_TEN == "5 to 10 years"
    never_says("08", "5 to 10 years (the insights page's \"5+ years\")")
    says("08", "The insights page's \"5+ years\" covers both of the last two bands.")
    says("08", "which covers the map's \"5 to 10 years\" band and its \"a decade or more\" band alike")
    says("08", "Both bands lie within the insights page's \"5+ years\" (η₁ ≤ 0.201).", guide=True)
    never_says("08", "5+ years\n(the insights\npage's biding)", guide=True)


def test_the_articles_are_not_overstated():
    # Kennedy calls the chokepoint reading "likely more plausible"; the intro attributes it to him.
    says("08", "In Scott Kennedy's reading (*Foreign Policy*, June 2025; he calls it likely the more plausible of\ntwo)")
    # The insights page says the US is biding its time to wean itself off dependence, not that it will
    # confront China.
    never_says("08", "will confront China once it no longer does")
    never_says("08", "the US can confront China at no great risk")
    says("08", "after it, the threat no longer deters.")
    # Kennedy reports the six-month pledge; the articles do not tie it to the London talks.
    never_says("08", "At London (June 2025) China promised")
    never_says("08", "at the **June 10, 2025** London talks China promised")


def test_biding_and_taco_on_the_2025_record():
    flat = taco.solve(beta_tough=0.5, beta_chicken=0.5)
    assert flat.mu == 0.5 == taco.PARAMS["mu0"].default and not flat.informative
    assert all(b == 0.5 for b in flat.beliefs)
    apart = taco.solve(beta_tough=0.2, beta_chicken=0.8)
    assert f"{float(apart.mu):.3g}" == "0.000976" and apart.mu == pytest.approx(0.00098, abs=5e-6)
    says("08", "stay\nat its starting point, 0.5.")
    says("08", "the 2025 record takes that belief from 0.5 to 0.000976")
    says("08", "(the dashed belief line goes flat at 0.5)", guide=True)


def test_the_april_listing_date_is_not_in_the_articles():
    assert round(M.MIDTERMS - M.BASE_YEAR, 2) == 1.84
    never_says("08", "it would be 1.59 years", guide=True)
    says("08", "about 1.6 years; the day of the listing is not in the articles", guide=True)
