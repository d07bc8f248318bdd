"""Notebook 04 and its guide page against M3: every number the prose states, solved at the values it names."""
from fractions import Fraction as F

import pytest
from prose import never_says, says

from tradewar.models import chokepoint, taco

EXACT = dict(mu0=F(1, 2), beta_tough=F(1, 5), beta_chicken=F(4, 5), kappa=F(1, 5))
NO_EVENTS = {e.param: False for e in taco.RECORD}
ONLY_APRIL_9 = {e.param: e.param == "april9_cut" for e in taco.RECORD}


def at(**kw):
    """The exact defaults with some values changed (and every event as the defaults have it)."""
    return taco.solve(**{**EXACT, **kw})


def test_defaults_two_back_downs_by_may_13():
    r = taco.solve(**EXACT)
    assert r.b_star == F(5, 7) and r.beliefs[1:3] == (F(1, 5), F(1, 17)) and r.b_bars[2] == F(13, 17)
    assert r.b_bars[1] == F(17, 25) and r.k_needed == 2 and r.first_rational == "Geneva request"
    says("04", "So at these calibrations the model says retaliation paid by **May 13, 2025**")
    says("04", "13/17 ≈ 0.765 ≥ b* = 5/7 ≈ 0.714), so in this model, at these calibrations, retaliation paid", guide=True)
    never_says("04", "retaliation was rational")
    never_says("04", "retaliation was rational", guide=True)


def test_april_on_the_record():
    """Issue 8, notebook 04: China's April listing came where b̄ < b*, whichever side of April 9 it fell."""
    april, after_pause = taco.solve(**EXACT, **NO_EVENTS), taco.solve(**EXACT, **ONLY_APRIL_9)
    assert april.b_bar == F(1, 2) and not april.retaliates
    assert after_pause.b_bar == F(17, 25) and not after_pause.retaliates
    says("04", "Beijing put seven rare earths on its list of dual-use goods")
    says("04", "before any back-down $\\bar b = 1/2$, and after the first $0.68$, both below $b^*$, yet China retaliated in April")
    says("04", "$\\bar b = 1/2 < b^* = 5/7$ before any back-down, and $\\bar b = 0.68$ even after the April 9 tariff cut")
    says("04", "even after the April 9 tariff cut b̄ = 0.68 < 5/7", guide=True)
    never_says("04", "before any of these back-downs.")


def test_april_fits_moving_one_number():
    """Referee 1: 'only if' a low prior or a small D_C was false: a large l fits too; κ alone cannot."""
    def april(**kw):
        return taco.solve(**{**EXACT, **kw}, **NO_EVENTS)
    assert april(mu0=F(1, 7)).retaliates and not april(mu0=F(3, 20)).retaliates
    assert april(D_cn=F(4, 5)).retaliates and not april(D_cn=F(17, 20)).retaliates
    tie = april(l=F(11, 5))
    assert tie.b_star == F(1, 2) == tie.b_bar and tie.retaliates and not april(l=F(43, 20)).retaliates
    assert april(kappa=0).b_star == F(2, 3) and not april(kappa=0).retaliates
    # the two back-down rates together, without biding: b̄ = 1/4 + β_Ch/2 >= 5/7 from β_Ch = 13/14 ≈ 0.929
    assert april(beta_tough=F(1, 2), beta_chicken=F(93, 100)).retaliates
    assert not april(beta_tough=F(1, 2), beta_chicken=F(92, 100)).retaliates
    assert april(beta_tough=F(1, 2), beta_chicken=F(19, 20)).retaliates
    # neither rate alone, on its slider: β_Ch = 1 gives b̄ = 3/5, β_T = 1/2 gives b̄ = 13/20
    assert not april(beta_chicken=1).retaliates and not april(beta_tough=F(1, 2)).retaliates
    says("04", "Moving one number from the defaults, April fits in this model if China's prior that Trump was tough was already low ($\\mu_0 \\le 1/7$ makes retaliation pay before any event), if a fight would have cost it little ($D_C \\le 0.8$), or if accepting the tariff hikes would have cost it a lot ($l \\ge 2.2$)")
    says("04", "$\\kappa$ alone cannot do it (even $\\kappa = 0$ leaves $b^* = 2/3$ above $1/2$)")
    says("04", "($\\beta_T = 0.5$ with $\\beta_{Ch} \\ge 0.93$, no biding needed)")
    says("04", "Moving one number from the defaults, April fits if μ₀ ≤ 1/7, D_C ≤ 0.8 or l ≥ 2.2", guide=True)
    says("04", "κ alone cannot (κ = 0 still gives b* = 2/3 > 1/2)", guide=True)
    says("04", "(β_T = 0.5 with β_Ch ≥ 0.93, no biding needed)", guide=True)
    never_says("04", "In this model April fits only if")
    never_says("04", "In the model April fits only with", guide=True)


def test_biding():
    """Referee 3: β_T = β_Ch = 0.5 lowers the chicken; biding raises the tough type to about 0.8."""
    r = taco.solve(beta_tough=0.5, beta_chicken=0.5)
    assert r.mu == 0.5 and r.b_bar == 0.5 and not r.retaliates and r.outcome == taco.NEVER
    # the sliders meet only at 0.5
    assert taco.PARAMS["beta_tough"].hi == taco.PARAMS["beta_chicken"].lo == 0.5
    # 'Never pays' comes from β_Ch <= b*, whatever β_T: the same verdict at β_T = 0
    assert at(beta_tough=0, beta_chicken=F(1, 2)).outcome == taco.NEVER
    # a common rate of 0.8 (beyond the β_T slider): b̄ = 0.8 whatever μ, at or above b* = 5/7
    assert F(4, 5) >= taco.solve(**EXACT).b_star
    with pytest.raises(ValueError, match="beta_tough"):
        taco.solve(beta_tough=0.8)
    says("04", "the only point where the two sliders meet")
    says("04", "That verdict comes from the chicken's rate, not from the equal rates")
    says("04", "it lowers the chicken's rate to 0.5, while biding raises the tough type's rate to the chicken's, about 0.8")
    says("04", "which lowers the chicken's rate rather than raising the tough type's, so it is not the biding story's high common rate")
    says("04", "biding story's high common rate: if high dependence made a tough US yield as often as the")
    says("04", "b̄ = 0.8 ≥ 5/7 whatever China believes, and retaliation would pay from the start", guide=True)
    says("04", "this point is not the biding story", guide=True)
    never_says("04", "retaliating would not pay under this reading")
    never_says("04", "the corner where back-downs never help")
    never_says("04", "so under this reading, at the only equal point", guide=True)


def test_hand_numbers_and_experiments():
    assert taco.solve(**EXACT, wording_dropped=False, london_rollback=False).mu == F(1, 65)
    assert taco.solve(mu0=0.9).k_needed == 3 and taco.solve(mu0=0.99).k_needed == 5
    says("04", "After one back-down $\\bar b = 0.68$ falls short")
    says("04", "With μ₀ = 0.9 China needs **3** back-downs", guide=True)


def test_experiment_2_never_pays_from_d_c_3_2():
    """The self-check's D_C = 3.2: the first slider value with 'Never pays' (b* = 0.8 = β_Ch, a tie that never pays)."""
    first = next(d for d in (F(i, 20) for i in range(101)) if at(D_cn=d).outcome == taco.NEVER)
    assert first == F(16, 5) and at(D_cn=F(16, 5)).b_star == F(4, 5)
    says("04", "gives D_C = 0.64 + 0.8·D_C, so D_C = 3.2")
    says("04", "The self-check: **D_C = 3.2**, where b* = 0.8 = β_Ch", guide=True)


# (D_C bound as the guide states it, the true bound 0.8·b̄/(1 - b̄) after k back-downs, k)
D_BOUNDS = [("0.8", F(4, 5), 0), ("1.7", F(17, 10), 1), ("2.6", F(13, 5), 2),
            ("3.02", F(4 * 257, 340), 3), ("3.15", F(4 * 205, 260), 4), ("3.18", F(4 * 4097, 5140), 5)]


@pytest.mark.parametrize("stated,true,k", D_BOUNDS)
def test_experiment_2_d_c_bounds(stated, true, k):
    """Referee 11 and 16: each bound is the true one cut (not rounded) to the digits shown."""
    r = taco.solve(**EXACT)
    assert F(4, 5) * r.b_bars[k] / (1 - r.b_bars[k]) == true
    assert F(stated) <= true < F(stated) + F(1, 100)
    assert at(D_cn=F(stated)).k_needed == k <= (at(D_cn=true).k_needed or 99)
    later = at(D_cn=F(stated) + F(1, 100))
    assert later.k_needed is None or later.k_needed > k
    says("04", f"D_C ≤ {stated}", guide=True)


def test_experiment_2_3_19_does_not_pay_after_london():
    assert taco.solve(D_cn=3.19).outcome == taco.MORE and taco.solve(D_cn=3.18).k_needed == 5
    says("04", "after London for D_C ≤ 3.18", guide=True)
    says("04", "ties at exactly 0.8, 1.7 and 2.6 count as paying", guide=True)
    never_says("04", "D_C ≤ 3.19", guide=True)
    says("04", "b̄ after 0, 1, ..., 5 back-downs is 1/2, 0.68, 13/17 ≈ 0.765, 257/325 ≈ 0.791, 205/257 ≈ 0.798, 4097/5125 ≈ 0.799", guide=True)
    assert taco.solve(**EXACT).b_bars == (F(1, 2), F(17, 25), F(13, 17), F(257, 325), F(205, 257), F(4097, 5125))


def test_experiment_3_audience_costs():
    base = {k: F(str(p.default)) if p.kind == "float" else p.default for k, p in chokepoint.PARAMS.items()}
    assert (base["s"], base["m"], base["v"]) == (F(23, 25), 5, 1)
    base = {k: v for k, v in base.items() if k not in ("sigma", "a")}
    r0 = chokepoint.solve(**base, sigma=0, a=3)
    assert r0.D_us == F(23, 5) and not r0.us_persists          # D_U = 4.6 > v + a = 4 at the slider's maximum
    assert chokepoint.PARAMS["a"].hi == 3 and F(23, 5) - 1 == F(18, 5)  # persisting would need a >= 3.6
    r = chokepoint.solve(**base, sigma=F(1, 2), a=F(13, 10))
    assert r.D_us == F(23, 10) and r.us_persists
    assert not chokepoint.solve(**base, sigma=F(1, 2), a=F(5, 4)).us_persists
    says("04", "with China refining 92% and no substitutes, $D_U = 4.6$ and even that leader backs down")
    says("04", "D_U = 5 × 0.92 × 0.5 = 2.3, and the US persists when D_U ≤ v + a = 1 + a, so a ≥ 1.3")
    says("04", "With σ = 0 it would need a ≥ 3.6, beyond the slider")
    says("04", "At s = 0.92 and σ = 0, D_U = 4.6, so the US persists only if v + a ≥ 4.6, i.e. a ≥ 3.6", guide=True)
    says("04", "At σ = 0.5, D_U = 2.3 and the US persists from **a = 1.3**", guide=True)


@pytest.mark.parametrize("bound,k", [(F(1, 7), 0), (F(2, 5), 1), (F(8, 11), 2), (F(32, 35), 3), (F(128, 131), 4),
                                     (F(512, 515), 5)])
def test_experiment_5_prior_bounds(bound, k):
    """Retaliation pays after k back-downs for μ₀ up to the bound (the odds must fall to 1/6)."""
    assert bound / (1 - bound) / 4**k == F(1, 6)
    if bound < F(99, 100):
        assert at(mu0=bound).k_needed == k and at(mu0=bound + F(1, 10**6)).k_needed == k + 1
    else:
        # beyond the slider's 0.99: every prior on the slider above 128/131 needs five
        assert taco.PARAMS["mu0"].hi == 0.99 and at(mu0=F(99, 100)).k_needed == 5
    says("04", "retaliation pays at once for μ₀ ≤ 1/7 ≈ 0.14, after one back-down for μ₀ ≤ 0.4, two for μ₀ ≤ 8/11 ≈ 0.73, three for μ₀ ≤ 32/35 ≈ 0.91, four for μ₀ ≤ 128/131 ≈ 0.977", guide=True)
    says("04", "the bound would be 512/515 ≈ 0.994", guide=True)


def test_experiment_5_never_band_includes_the_tie():
    """Referee 12: β_Ch = b* exactly never pays when 0 < β_T < β_Ch (b̄ only approaches β_Ch), so the band is
    'at or below' there; but not at β_T = 0 (one back-down puts b̄ on β_Ch) or β_T = β_Ch (b̄ = b* at once)."""
    assert at(D_cn=F(16, 5)).outcome == taco.NEVER and at(D_cn=F(16, 5)).b_star == F(4, 5)
    assert at(D_cn=F(16, 5), beta_tough=F(1, 100)).outcome == taco.NEVER
    assert at(D_cn=F(16, 5), beta_tough=0).k_needed == 1
    assert at(D_cn=F(4, 5), beta_tough=F(1, 2), beta_chicken=F(1, 2)).k_needed == 0
    # below b*: never, whatever β_T
    for bt in (0, F(1, 5), F(1, 2)):
        assert at(D_cn=F(16, 5), beta_tough=bt, beta_chicken=F(79, 100)).outcome == taco.NEVER
    says("04", "every $\\beta_{Ch}$ below $b^*$, and $\\beta_{Ch} = b^*$ itself unless $\\beta_T = 0$ or $\\beta_T = \\beta_{Ch}$")
    says("04", "every $\\beta_{Ch}$ below $b^* \\approx 0.714$ never pays, whatever $\\beta_T$")
    says("04", "and β_Ch = b* itself unless β_T = 0", guide=True)
    says("04", "every β_Ch below b* never pays, whatever β_T", guide=True)
    never_says("04", "everything below $\\beta_{Ch} = b^*$")


def test_late_may_stand_path():
    r = taco.solve(**EXACT, late_may_controls=True)
    assert r.beliefs == (F(1, 2), F(1, 5), F(1, 17), F(1, 5), F(1, 17), F(1, 65), F(1, 257))
    assert r.events[2] == "late-May controls" and r.b_bars[3] == F(17, 25) < r.b_star
    assert r.mu == F(1, 257) and r.k == 5 and r.j == 1
    says("04", "(μ returns to 1/5 after it, b̄ = 0.68 drops below b*, and then the June 5 call restores 1/17; "
               "the end of the record gives μ = 1/257.)", guide=True)
    says("04", "with all six events ticked, k = 5, j = 1, odds 1/256 and μ = 1/257", guide=True)
    says("04", "a stand multiplies the odds by $(1-0.2)/(1-0.8) = 4$ and undoes exactly one retreat")


def test_exercise_1():
    r = taco.solve(mu0=F(1, 3), beta_tough=F(1, 4), beta_chicken=F(3, 4), D_cn=1, l=1, kappa=F(1, 2),
                   late_may_controls=True, june5_call=False, wording_dropped=False, london_rollback=False)
    assert r.beliefs[1] == F(1, 7) and r.mu == F(1, 7) and r.odds == F(1, 6)
    assert r.b_bar == F(19, 28) and r.b_star == F(2, 3) and r.retaliates
    assert r.first_rational == "April 9 tariff cut" and r.b_bars[1] == F(19, 28)
    says("04", "so $\\mu_1 = \\frac{1/6}{7/6} = 1/7$")
    says("04", "= 19/28 \\approx 0.679$")
    says("04", "$b^* = \\frac{1}{1 - 1/2 + 1} = 2/3 \\approx 0.667$. Since $19/28 \\ge 2/3$ ($57 \\ge 56$), China retaliates")
    says("04", "gives `mu == Fraction(1, 7)`, `b_bar == Fraction(19, 28)`, `b_star == Fraction(2, 3)` and `retaliates == True`")
    says("04", "**b̄ = (1/7)(1/4) + (6/7)(3/4) = 19/28 ≈ 0.679** (self-check). (d) b* = 1/(1 − 1/2 + 1) = **2/3**", guide=True)
    says("04", "so China **retaliates**", guide=True)
    says("04", "retaliation already paid after the first back-down, b̄ = 19/28 then as well", guide=True)


def test_exercise_2():
    assert taco.solve(**EXACT).mu_star == F(1, 7) and at(mu0=F(99, 100)).k_needed == 5
    assert 99 / 4**4 > 1 / 6 >= 99 / 4**5
    says("04", "`taco.solve(mu0=0.99).k_needed == 5`", guide=True)


def test_exercise_3_edge_cases():
    """Referee 13: (a) ties when D_C = 0; (c) the formula fails at β_T = 0, where one back-down suffices."""
    # (a) with D_C = 0, retaliating is worth -b̄κ - (1 - b̄)l against -l for accepting: a tie for every b̄
    # when κ = l, and at b̄ = 0 for every κ; the model (κ >= l) then has China accept
    l = 1
    for b_bar in (0, F(1, 2), F(4, 5), 1):
        assert -b_bar * l - (1 - b_bar) * l == -l
    for kappa in (1, F(3, 2), 2):
        assert -0 * kappa - 1 * l == -l
    for bt, bch in ((F(1, 2), F(1, 2)), (F(1, 5), F(4, 5))):
        r = at(D_cn=0, l=1, kappa=1, beta_tough=bt, beta_chicken=bch)
        assert r.b_star is None and not r.retaliates
    says("04", "with $D_C = 0$ there are more ties ($\\kappa = l$ with any $\\bar b$, and $\\bar b = 0$ with any $\\kappa$)")
    says("04", "with D_C = 0 also κ = l with any b̄, and b̄ = 0 with any κ", guide=True)
    never_says("04", "with equality only in the knife-edge case")
    # (c) β_T = 0: the log formula says 0, the model says 1
    r = at(beta_tough=0)
    assert r.mu_star == F(3, 28) and F(1, 2) > r.mu_star and r.k_needed == 1
    says("04", "At the other defaults `taco.solve(beta_tough=0).k_needed` is 1.")
    says("04", "`taco.solve(beta_tough=0).k_needed == 1`", guide=True)
    assert taco.solve(beta_tough=0).k_needed == 1


def test_articles_are_not_overstated():
    """Referee 9: Kennedy's hedges restored; the insights page's bet not pinned on the spring."""
    says("04", "he finds it likely the more plausible that Beijing then deliberately held back rare-earth exports")
    never_says("04", "Kennedy argues that Beijing then let rare-earth licences stall")
    says("04", "the 2025 trade war \"seems to have been the perfect test\"")
    says("04", "Trump had signalled a scorched-earth strategy meant to intimidate")
    never_says("04", "made the 2025 trade war an ideal test")
    says("04", "which may describe the wider controls of October 2025 that Barron's reports")
    never_says("04", "China bet, correctly")


def test_glossary_line():
    says("04", "Terms and symbols: [glossary](../docs/glossary.md).")
