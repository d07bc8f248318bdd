"""Notebook 09 and its guide: every number and verdict the readings and norms models decide, solved
at the values the sentence names, and the sentence itself."""
from fractions import Fraction as F

import pytest

from prose import never_says, says
from tradewar.models import readings as M
from tradewar.models import truce


def exact(**overrides):
    p = {k: F(str(s.default)) for k, s in M.PARAMS.items()}
    p.update(overrides)
    return M.solve(**p)


def test_kennedy_offers_two_readings_and_no_verdict():
    never_says("09",
               "Kennedy concludes",
               "Kennedy's verdict",
               "1/ε",
               "about May 14",
               anywhere=True)
    says("09", "which he calls likely more plausible")
    says("09", "calls the dramatic one \"likely more plausible\"", guide=True)
    says("09", "**Prosaic ($H_P$)**: probing with no change in bargaining power.")
    says("09", "Terms and symbols: [glossary](../docs/glossary.md).")


def test_the_bet_and_the_record_at_the_defaults():
    r = exact()
    k = M.EVENTS.index("Licence freeze")
    assert r.lrs[k] == 1 and r.moves[k] == 0
    # Referee 15: a ratio of 1 means equally likely under both, which "both expect it" does not say.
    says("09", "Nothing: the calibration treats it as equally likely under both readings")
    says("09", "**Nothing: the calibration treats it as equally likely under both readings.**", guide=True)
    never_says("09", "Nothing: both readings expect it", anywhere=True)
    never_says("09", "an event both readings expect counts for nothing")
    says("09", "an event equally likely under both readings counts for nothing")
    assert r.bayes_factor == 4 and r.posterior == F(4, 5) and r.verdict == M.DRAMATIC
    assert r.path == (F(1, 2),) * 5 + (F(2, 3), F(1, 2), F(2, 3), F(4, 5))
    assert r.moves[4:] == (F(1, 6), -F(1, 6), F(1, 6), F(2, 15))
    says("09", "The whole record at the defaults: ratio 4, posterior 4/5 = 0.8. The path of probabilities is 1/2,"
               " 1/2, 1/2, 1/2, 1/2, 2/3, 1/2, 2/3, 4/5.", guide=True)
    says("09", "(up, +1/6), London's terms (down, −1/6), the six-month limit (up, +1/6) and October (up, +2/15)",
         guide=True)
    says("09", "from even odds it ends at a probability of 0.8 for the dramatic reading")
    # The worked step on the board.
    assert exact(**{n: 1 for n in M.LR_NAMES if n != "lr_wording"}).path[5] == F(2, 3)
    says("09", "one worked step (prior odds 1, wording ratio 2, odds 2, probability 2/3)", guide=True)


def test_experiment_1_london_terms():
    low, one = exact(lr_terms=F(1, 10)), exact(lr_terms=1)
    assert low.posterior == F(4, 9) and low.verdict == M.PROSAIC
    assert one.posterior == F(8, 9) and one.verdict == M.DRAMATIC
    assert M.solve(lr_terms=0.1).verdict == M.PROSAIC  # the slider's float too
    says("09", "so the odds are 8 × 0.1 = 0.8 and the probability 0.8/1.8 = 4/9 ≈ 0.44: the")
    says("09", "At 1 the odds are 8 and the probability 8/9 ≈ 0.89.")
    says("09", "probability **4/9 ≈ 0.44**: the prosaic reading leads", guide=True)
    says("09", "read London's terms as strong evidence of unchanged power and the prosaic reading leads")


def test_experiment_2_the_sceptic_and_the_map():
    assert exact(mu0=F(1, 5)).verdict == M.EVEN
    assert exact(mu0=F(19, 100)).verdict == M.PROSAIC and exact(mu0=F(21, 100)).verdict == M.DRAMATIC
    says("09", "that is μ₀ < 1/5 = 0.2")
    says("09", "**μ₀ < 1/(1 + 4) = 1/5 = 0.2**", guide=True)
    # The map's border: the record without London's terms multiplies the odds by 8.
    assert exact(lr_terms=1).bayes_factor == 8
    assert exact(mu0=F(1, 5), lr_terms=F(1, 2)).verdict == M.EVEN
    says("09", "Λ_terms = (1 − μ₀)/(8μ₀)")
    says("09", "Λ_terms = (1 − μ₀)/(8μ₀), which passes through (0.2, 1/2)", guide=True)


def test_experiment_3_no_reuse_is_even():
    r = exact(lr_pledge=1, lr_october=1)
    assert r.bayes_factor == 1 and r.posterior == F(1, 2) and r.verdict == M.EVEN
    says("09", "so the probability stays at the prior 0.5 and the verdict is even")
    says("09", "Set the threat's reuse to 1 and the record no longer decides")
    says("09", "the probability stays at **0.5**, and the verdict is \"Even: the record does not decide\"",
         guide=True)


def test_exercises_1_and_3():
    r = exact(mu0=F(1, 4), lr_terms=1, lr_october=1)
    assert r.bayes_factor == 4 and r.posterior == F(4, 7)
    assert r.path == (F(1, 4),) * 5 + (F(2, 5), F(2, 5), F(4, 7), F(4, 7))
    assert M.solve(mu0=F(1, 4), lr_terms=1, lr_october=1, lr_pledge=2, lr_wording=2).posterior == F(4, 7)
    says("09", "the posterior is (4/3)/(1 + 4/3) = 4/7 ≈ 0.571")
    says("09", "The path: 1/4, 1/4, 1/4, 1/4, 1/4, 2/5, 2/5, 4/7, 4/7.", guide=True)
    assert exact(mu0=F(1, 10), lr_october=1).posterior_odds == F(2, 9)
    assert exact(mu0=F(1, 10), lr_october=F(9, 2)).verdict == M.EVEN
    assert M.solve(mu0=0.1, lr_october=4.4).verdict == M.PROSAIC
    assert M.solve(mu0=0.1, lr_october=4.6).verdict == M.DRAMATIC
    says("09", "equal to 1 when Λ_October = 9/2 = 4.5")
    says("09", "equal to 1 when **Λ_October = 9/2 = 4.5**", guide=True)


# ------------------------------------------------------------------ the norms (M5)


def test_norms_at_the_start():
    r = M.norms(T=5, R=3, P=1, S=0, epsilon=F(1, 10), q=F(9, 10), L=2, cut=F(1, 2))
    assert r.delta_star == (F(10, 17), F(5, 9), F(4, 7), F(2, 5), F(10, 17), F(10, 17))
    assert r.best == r.best_star == M.NARROW == M.norms().best
    says("09", "Halving the gain from a new control takes δ* from 10/17 ≈ 0.588 to 2/5 = 0.4")
    says("09", "**The narrower toolset.**", guide=True)
    assert [round(x, 3) for x in r.delta_needed[:5]] == [0.796, 0.725, 0.758, 0.457, 0.629]
    assert r.delta_needed[5] is None
    says("09", "0.796 (status quo), 0.725 (hotline), 0.758 (shared data), 0.457 (narrower toolset), 0.629 (longer"
               " punishments, L = 4)", guide=True)
    says("09", "δ ≥ (−1 + √(1 + 8/1.4))/2 ≈ 0.796, well above δ* = 10/17 ≈ 0.588")


def test_longer_punishments_approach_delta_star_from_above():
    needed = {L: M.norms(L=L).delta_needed[0] for L in (1, 2, 3, 4, 6, 12)}
    assert needed[1] is None
    assert [round(needed[L], 3) for L in (2, 3, 4, 6, 12)] == [0.796, 0.672, 0.629, 0.6, 0.589]
    star = 10 / 17
    assert all(needed[L] >= star - 1e-9 for L in (2, 3, 4, 6, 12))
    says("09", "0.796, 0.672, 0.629, 0.600, 0.589, falling towards δ* = 10/17 ≈ 0.588 and never below it",
         guide=True)
    # Referee 13: true for the status quo only; with L = 1 the narrower toolset works from 2/3.
    says("09", "Under the status quo a one-round punishment cannot deter at any patience up to 0.99")
    assert not truce.solve(L=1, delta=0.99).ic_holds
    one = M.norms(L=1).delta_needed
    assert one[:3] == (None, None, None) and one[5] is None
    assert one[3] == pytest.approx(2 / 3, abs=1e-8) and round(one[4], 3) == 0.796
    assert truce.solve(T=4, L=1, delta=F(2, 3), epsilon=F(1, 10), q=F(9, 10)).ic_holds
    assert not truce.solve(T=4, L=1, delta=F(66, 100), epsilon=F(1, 10), q=F(9, 10)).ic_holds
    says("09", "With L = 1 two rules still keep the truce: the narrower toolset from δ = 2/3 ≈ 0.667"
               " (1 + 0.1δ ≤ 1.6δ) and longer punishments (L = 2) from 0.796", guide=True)


def test_exercise_2_mild_war():
    r = M.norms(T=5, R=3, P=F(5, 2), S=0, epsilon=F(3, 10), q=F(9, 10), cut=F(1, 2))
    assert r.delta_star[:4] == (F(20, 17), F(80, 83), F(80, 69), 1)
    assert r.best_star == M.HOTLINE
    assert M.norms(T=5, R=3, P=2.5, S=0, epsilon=0.3, q=0.9).best is None
    says("09", "2/2.075 = 80/83 ≈ 0.964")
    # Referee 14: the hotline keeps this truce only with punishments that never end; at L = 2 nothing does.
    assert M.norms(T=5, R=3, P=F(5, 2), S=0, epsilon=F(3, 10), q=F(9, 10), cut=F(1, 2)).delta_needed[1] is None
    says("09", "with punishments that never end a patient enough pair of governments can keep this truce")
    says("09", "(with punishments of L = 2 rounds no patience up to 0.99 is enough)")
    assert "no δ < 1 suffices: δ* = 1.176" in " ".join(r.explain())
    says("09", "(`norms(...).best` is None, `best_star` is the hotline)", guide=True)
    # The criterion: the hotline beats shared data iff eps(T - P) > (1 - q)(R - P).
    assert F(3, 10) * (5 - F(5, 2)) == F(3, 4) and (1 - F(9, 10)) * (3 - F(5, 2)) == F(1, 20)
    says("09", "ε(T − P) = 0.75 far exceeds (1 − q)(R − P) = 0.05", guide=True)


# ------------------------------------------------------------------ the referee's report


def test_sources_are_stated_as_strongly_as_they_are():
    # Referee 7: CNN says London "appears largely to restore" the May arrangement, details "under wraps".
    never_says("09",
               "London restored",
               "which restored the Geneva deal",
               anywhere=True)
    says("09", "which, CNN reports, appears largely to have restored the Geneva deal")
    says("09", "on CNN's report they did not: London, it says, appears largely to have restored the May arrangement")
    # Referee 6: Kennedy says it is "not clear why"; both his readings assume a deliberate stall.
    never_says("09", "as Kennedy holds")
    says("09", "Whether the stall was deliberate at all, as both of Kennedy's readings assume")
    # Referee 8 and 20: seed 001 names no outlet; the freeze's sources as events() gives them.
    freeze = M.events()[M.EVENTS.index("Licence freeze")]
    assert "Foreign Policy" in freeze.source and "CNN" in freeze.source
    assert "The Conversation (attribution inferred" in freeze.source
    says("09", "sourced to Kennedy (*Foreign Policy*), CNN and the reworded copy of a piece we attribute, by"
               " inference, to *The Conversation*, all June 2025", guide=True)
    assert "we attribute, by inference, to The Conversation" in M.PARAMS["lr_call"].help
    # Referee 16 (in 09): "none of this is new" is Kennedy's; the unchanged balance is our inference.
    says("09", "(from which we infer that the balance between them did not change)")


def test_yaos_case_rests_on_narrowing_only_the_gain():
    # Referee 10: delta* depends on (T - R)/(R - P) only; narrowing both in proportion leaves it alone.
    sq = truce.solve(T=5, R=3, P=1, S=0, epsilon=F(1, 10), q=F(9, 10), delta=F(9, 10)).delta_star
    both = truce.solve(T=4, R=3, P=2, S=0, epsilon=F(1, 10), q=F(9, 10), delta=F(9, 10)).delta_star
    assert sq == both == F(10, 17)
    never_says("09", "gives Yao's proposal a strong case")
    says("09", "the model favours Yao's proposal at the calibration, on one assumption")
    says("09", "($T = 4$ with $P = 2$ gives the status quo's 10/17)")
    says("09", "if it cuts the gain from a new control and not the harm of punishment")
    says("09", "(T = 4 with P = 2 gives 10/17 again)", guide=True)


def test_symbols_have_one_meaning():
    # Referee 19: e is the slip rate (03), D defect (03), c_U and c_C crash costs (01).
    never_says("09", "\\Lambda_e")
    never_says("09", "For each event $e$")
    says("09", "$$\\Lambda_i = \\frac{\\Pr(\\text{event } i \\mid H_D)}{\\Pr(\\text{event } i \\mid H_P)} ,$$")
    never_says("09", "(T − R)/D with D", guide=True)
    never_says("09", "share c of each problem", guide=True)
    says("09", "Removing a share `cut` of each problem", guide=True)
    # The criterion the prompt derives: the hotline beats shared data iff eps (T - P) > (1 - q)(R - P).
    r = M.norms(T=5, R=3, P=1, S=0, epsilon=F(1, 10), q=F(9, 10), L=2, cut=F(1, 2))
    assert F(1, 10) * 4 == F(2, 5) and F(1, 10) * 2 == F(1, 5) and r.delta_star[1] < r.delta_star[2]
    says("09", "(at the defaults 0.4 > 0.2)", guide=True)


def test_shared_licence_data_is_a_higher_q():
    # Referee 4: one meaning across 03, 09 and the claims.
    r = M.norms(T=5, R=3, P=1, S=0, epsilon=F(1, 10), q=F(9, 10), L=2, cut=F(1, 2))
    assert dict(r.changes[M.RULES.index(M.SHARED_DATA)]) == {"q": F(19, 20)}
    says("09", "| shared licence data | removes a share of the missed breaches: $q$ up |")


def test_claims_5_and_15_say_what_the_models_do():
    # Referee 16 and 4 (seeds/claims.md): a ratio of 2 for the six-month limit, with the likelier side
    # set to 1, gives it probability 1/2 under the prosaic reading: less reason, not none.
    from prose import ROOT

    assert M.PARAMS["lr_pledge"].default == 2 and M._pair(F(2)) == (1, F(1, 2))
    claims = " ".join((ROOT / "seeds" / "claims.md").read_text(encoding="utf-8").split())
    assert "less reason to keep the threat for reuse" in claims and "no reason to keep the threat" not in claims
    assert "is our inference from \"none of this is new\"" in claims
    assert "absorbs probes and misreadings" not in claims
    assert "norms that reduce noise (hotlines, shared licence data)" not in claims
    assert "catch more real breaches (shared licence data: q up)" in claims


def test_the_rule_check_box_is_scored_on_delta_star_as_its_explanation_says():
    import pytest
    from tradewar.models import readings
    r = readings.norms()
    assert r.best_star == readings.RULES[3]      # the narrower toolset: δ* 10/17 -> 2/5
    assert r.delta_star[0] == pytest.approx(10 / 17, rel=1e-9) and r.delta_star[3] == pytest.approx(2 / 5, rel=1e-9)
    says("09", "answer=readings.norms().best_star,")
