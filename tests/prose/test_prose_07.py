"""Notebook 07 and its guide: every number or verdict M9 and M10 decide, solved here at the values
the sentence names (see prose.py)."""
import math
from fractions import Fraction as F

import pytest

from prose import never_says, says
from tradewar.models import attrition as A
from tradewar.models import brinkmanship as B


def test_bet_who_concedes_first_at_the_defaults():
    r = A.solve(r_us=F(1, 5), r_cn=F(1, 10), z_us=F(1, 10), z_cn=F(1, 10), alpha=F(3, 4))
    assert (r.lam_us, r.lam_cn) == (F(1, 20), F(1, 10)) and r.weak == "US"
    assert round(r.T_us, 1) == 46.1 and round(r.T_cn, 1) == 23.0
    assert round(r.c, 3) == 0.684 and round(r.p_us_first, 3) == 0.786 and round(r.p_cn_first, 3) == 0.204
    assert r.p_stalemate == pytest.approx(0.01, rel=1e-9)
    says("07", "λ_us = r_cn(1 − α)/(2α − 1) = 0.05", guide=True)
    says("07", "T_us = −ln 0.1/0.05 = 46.1 months against T_cn = 23.0", guide=True)
    says("07", "c = 1 − 0.1 × 0.1^(−0.5) = 0.684, and concedes first with probability **0.786** (China 0.204; both obstinate 0.01)", guide=True)
    says("07", "Who is more likely to give way first")


def test_experiment_1_reputation_that_evens_the_sides():
    assert math.sqrt(0.1) == pytest.approx(0.316, abs=5e-4)
    lo, hi = A.solve(z_us=0.31), A.solve(z_us=0.32)
    assert lo.weak == "US" and round(lo.c, 3) == 0.020 and hi.weak == "China" and round(hi.c, 3) == 0.023
    says("07", "z_us = 0.1^0.5 ≈ 0.316", guide=True)
    says("07", "z_us = 0.31 leaves the US weak (c = 0.020) and 0.32 makes China weak (c = 0.023)", guide=True)
    says("07", "z_us = √0.1 ≈ 0.32")


def test_experiment_2_a_lower_reputation():
    r = A.solve(z_us=0.05)
    assert round(r.c, 3) == 0.842 and round(r.p_us_first, 3) == 0.893 and r.payoff_us == pytest.approx(0.25)
    says("07", "c = 1 − 0.05 × 0.1^(−0.5) ≈ 0.842** (from 0.684)", guide=True)
    says("07", "rises from 0.786 to 0.893", guide=True)
    says("07", "≈ 0.84, up from 0.68")


def test_experiment_3_the_smallest_risk():
    r = B.solve(p=F(3, 10), D0_us=F(23, 5), D_cn=2, v=1, l=1, sigma=0)
    assert r.p_star == F(5, 23) and r.p_max == F(1, 2)
    assert B.solve(p=0.21).response == B.HOLDS and B.solve(p=0.22).response == B.YIELDS
    says("07", "**p* = v/D_U = 1/4.6 ≈ 0.217.** On the slider (step 0.01) p = 0.21 leaves the US holding firm and p = 0.22 makes it yield", guide=True)
    says("07", "crosses it at l/D_C = 0.5", guide=True)
    says("07", "p* = v/D_U = 1/4.6 ≈ 0.22")
    says("07", "crosses it at $l/D_C = 0.5$")


def test_experiment_4_substitutes():
    r = B.solve(p=F(3, 10), D0_us=F(23, 5), D_cn=2, v=1, l=1, sigma=0)
    assert r.sigma_star == F(13, 23)
    assert B.solve(sigma=0.56).outcome == B.PAYS and B.solve(sigma=0.57).outcome == B.NOT_CREDIBLE
    at = B.solve(sigma=F(13, 23), D0_us=F(23, 5), D_cn=2, v=1, l=1, p=F(1, 2))
    assert at.p_star == F(1, 2) and at.exp_cost_cn_star == 1 and at.worth_it
    says("07", "**σ ≤ σ* = 1 − 2/4.6 = 13/23 ≈ 0.565**", guide=True)
    says("07", 'at σ = 0.57 the outcome is "Not credible: China would back down"', guide=True)
    says("07", "σ ≤ 1 − 2/4.6 ≈ 0.57")


def test_experiment_5_and_exercise_1():
    assert B.solve(D_cn=4.6).outcome == B.PAYS and B.solve(D_cn=4.65).outcome == B.NOT_CREDIBLE
    says("07", "**until D_C exceeds 4.6**", guide=True)
    a = B.solve(D0_us=5, D_cn=3, v=1, l=1, p=F(3, 10), sigma=0)
    assert a.p_star == F(1, 5) and a.exp_cost_cn_star == F(3, 5) and a.outcome == B.PAYS
    b = B.solve(D0_us=5, D_cn=3, v=2, l=1, p=F(3, 10), sigma=0)
    assert b.p_star == F(2, 5) and b.exp_cost_cn_star == F(6, 5) and b.outcome == B.NOT_CREDIBLE
    assert B.solve(D0_us=5, D_cn=F(5, 2), v=2, l=1, p=F(3, 10), sigma=0).outcome == B.PAYS
    assert B.solve(D0_us=5, D_cn=F(51, 20), v=2, l=1, p=F(3, 10), sigma=0).outcome == B.NOT_CREDIBLE
    says("07", '`brinkmanship.solve(D0_us=5, D_cn=3, v=2, l=1).outcome` is "Not credible: China would back down"', guide=True)
    says("07", "$p^* D_C = 0.2 \\times 3 = 0.6 \\le l = 1$: the threat is credible, so brinkmanship pays")
    says("07", "$D_C \\le D_U\\,l/v = 5/2 = 2.5$")


def test_exercises_2_and_3_and_the_neutrality_check():
    r = A.solve(z_cn=0.3)
    assert r.weak == "US" and round(r.T_cn, 1) == 12.0 and round(r.c, 3) == 0.817
    says("07", "T_cn = −ln 0.3/0.1 = 12.0 months, so the **US is weak**, and **c = 1 − 0.1 × 0.3^(−0.5) ≈ 0.817**", guide=True)
    says("07", "1 - 0.1 \\times 0.3^{-0.5} \\approx 0.82")
    assert B.solve(D0_us=4, D_cn=0.5, v=1, l=1).sigma_star == pytest.approx(0.75)
    says("07", "for D⁰_U = 4, D_C = 0.5, v = l = 1, σ* = 1 − 1/4 = 0.75", guide=True)
    assert A.solve(r_us=0.1, r_cn=0.2).weak == "China"
    says("07", "with r_us = 0.1 and r_cn = 0.2 the same model makes China the weak side", guide=True)


def test_corrected_statements_stay_corrected():
    # A call is cheap talk; a concession in Abreu-Gul accepts the other's demand.
    never_says("07", "Calling first, asking for talks, is giving way")
    says("07", "to **concede** is to accept the other side's demand")
    # p*·D_C is China's credibility condition, not a cost China pays.
    for nn_guide in (False, True):
        never_says("07", "Not worth the risk for China", guide=nn_guide)
        never_says("07", "Running it costs China", guide=nn_guide)
        never_says("07", "at a cost China is willing to bear", guide=nn_guide)
        never_says("07", "China's best choice is the lowest", guide=nn_guide)
    says("07", "This is a condition on what China *would* do if called, not a cost it pays")
    # M9's demand is α, as in Abreu-Gul.
    never_says("07", '"a"],')
    says("07", '"alpha"]')
    # The midterm date is from outside the articles.
    says("07", "November 3, 2026, a date from outside the articles")
    says("07", "The midterm date (Nov 3, 2026) is from outside the articles", guide=True)


# ------------------------------------------------------------------ the referee's report on 07


def test_a_concession_is_not_a_call():
    r = A.solve(z_cn=0.3)
    assert r.weak == "US" and r.c > A.solve().c  # China's better reputation: the US concedes at once more often
    says("07", "A stronger reputation for China makes an immediate US concession (accepting China's demand) more likely.")
    never_says("07", "early US call")
    never_says("07", "early US call", guide=True)


def test_on_a_tie_nobody_is_weak():
    r = A.solve(r_us=0.1)
    assert r.weak is None and r.outcome == A.EVEN and r.c == 0
    says("07", "If the two times are equal, neither side is weak and nobody concedes at once.")


def test_either_asymmetry_makes_the_us_weak_at_the_defaults():
    assert A.solve().weak == "US"  # equal reputations, r_U = 0.2 > r_C = 0.1
    assert A.solve(r_us=0.1).weak is None  # equal impatience and reputations: evenly matched
    assert A.solve(r_us=0.1, z_us=0.05).weak == "US"  # equal impatience, a smaller US reputation
    says("07", "Either is enough at the defaults: with equal reputations, $r_U = 0.2 > r_C = 0.1$ makes the US "
               "weak; with equal impatience ($r_U = r_C = 0.1$) the sides are evenly matched, and $z_U = 0.05$ "
               "makes the US weak again.")


def test_reputation_carries_over_only_outside_this_one_shot_model():
    # Abreu-Gul is one standoff: a side seen to concede is revealed rational (posterior 0 of being
    # obstinate), not left with a lower z "for the next round".
    for phrase in ("costlier the next time", "paid in the following round", "a cost paid in the next round",
                   "lowers its reputation and makes it weaker the next time"):
        never_says("07", phrase)
    never_says("07", "its cost is paid in the *next* round", guide=True)
    says("07", "outside this one-shot model: observers would start it from a lower prior $z$")
    says("07", "Outside this one-shot model, observers would start a new standoff with a lower prior $z$")
    says("07", "outside it, observers would start a later standoff from a lower prior z", guide=True)
    assert "in a later standoff that side's prior z would be lower" in " ".join(A.solve().explain())


def test_commitment_works_on_credibility_not_on_a_cost_of_setting_p():
    # p* = v/D_U does not depend on l, and M10 has no cost of setting p ...
    assert B.solve(l=2).p_star == B.solve().p_star
    # ... while a larger l keeps the threat credible for a larger D_C: at D_C = 5, p*·D_C = 5/4.6 > 1.
    assert B.solve(D_cn=5).outcome == B.NOT_CREDIBLE and B.solve(D_cn=5, l=1.1).outcome == B.PAYS
    never_says("07", "cheap and\nautomatic")
    never_says("07", "China's cost of setting p down", guide=True)
    never_says("07", "makes a high p cheap", guide=True)
    says("07", "($l$ up, so $p^* D_C \\le l$ holds for a larger $D_C$)")
    says("07", "commitment → l up (backing down costs China more, so p*·D_C ≤ l holds for larger D_C), or part "
               "of p no longer under China's control (Schelling's loss of control)", guide=True)


def test_effectiveness_and_acceptability_at_the_defaults():
    sure = B.solve(p=F(1), D0_us=F(23, 5), D_cn=2, v=1, l=1, sigma=0)
    assert sure.us_yields and sure.exp_cost_cn == 2 > 1  # a certain cut-off: effective, not acceptable
    r = B.solve(p=F(5, 23), D0_us=F(23, 5), D_cn=2, v=1, l=1, sigma=0)
    assert r.p_star == F(5, 23) and round(float(r.p_star), 3) == 0.217
    assert r.us_yields and r.exp_cost_cn <= 1 and r.worth_it  # p* passes both
    says("07", "At the defaults a certain cut-off ($p = 1$) is effective but not acceptable, since it would cost "
               "China $D_C = 2 > l = 1$, while $p^* = 1/4.6 \\approx 0.217$ passes both.")
    says("07", "At the defaults a certain cut-off is effective but not acceptable (D_C = 2 > l = 1), while "
               "p* = 0.217 passes both", guide=True)


def test_the_78_percent_is_conditional_on_the_us_holding_firm():
    r = B.solve(p=F(5, 23), D0_us=F(23, 5), D_cn=2, v=1, l=1, sigma=0)
    assert 1 - r.p_star == F(18, 23) and round(float(1 - r.p_star), 2) == 0.78 and r.us_yields
    says("07", "A 78% chance of no shortfall, were the US to hold firm, is still enough", guide=True)
    says("07", "a risk that would leave a 78% chance of no shortfall, were the US \"\n"
               "                      \"to hold firm, is still enough to make it yield")
    never_says("07", "A 78% chance that nothing happens", guide=True)
    never_says("07", "better-than-even chance of avoiding any shortfall")


def test_one_symbol_one_meaning():
    # D_U is the damage the US bears, net of substitutes, as in 02; the slider is D⁰_U (code D0_us).
    r = B.solve(D0_us=5, sigma=F(1, 5), p=F(1, 2), D_cn=2, v=1, l=1)
    assert r.damage_us == 4 and r.p_star == F(1, 4)
    says("07", "so the US bears $D_U = D^0_U(1-\\sigma)$, the damage net of substitutes, as in notebook 02")
    never_says("07", "D_us=")
    never_says("07", "what a real shortfall costs China | 2 | teaching calibration (as in notebook 02)")
    says("07", "China's damage if the confrontation is carried through")
    # T is a time here; the weak side is not 05's weak type; subscripts i, j instead of w, s.
    says("07", "($T_U$ and $T_C$ are times here, not the temptation payoff $T$ of notebooks 01 and 03)")
    says("07", "Notebook 05's *weak type* is a different idea")
    never_says("07", "z_w")
    says("07", "c = 1 - z_i\\, z_j^{-\\lambda_i/\\lambda_j}")


def test_the_articles_are_not_overstated():
    # Seed 001 reports Beijing's framing and argues Xi holds the upper hand; it does not itself argue
    # that the US gave way.
    never_says("07", "The June commentary argues that the US gave way first")
    says("07", "reports Beijing's framing, in which the US blinked first")
    says("07", "that it is from *The\nConversation* is our inference")
    # Beijing's "approval procedures" is from Kennedy; CNN's analysts hedge ("may have been").
    never_says("07", "Beijing and some analysts quoted by CNN put the delay")
    says("07", "slow approval procedures were the only hold-up (as Scott Kennedy reports in *Foreign Policy*")
    says("07", "analysts quoted by CNN said the delay may have come from China's bureaucracy")
