"""Notebook 01 and its guide: every probability, threshold and verdict a student reads is M2's
(chicken) or the prisoner's dilemma's at the values the sentence names, in exact fractions."""
from __future__ import annotations

from fractions import Fraction as F

import numpy as np

from prose import never_says, says
from tradewar.models import chicken
from tradewar.models.chicken import CN_HAWK, US_HAWK


def test_prisoners_dilemmas():
    for (T, R, P, S), each in (((5, 3, 1, 0), 1), ((4, 3, 2, 1), 2)):
        d = chicken.prisoners_dilemma(T=T, R=R, P=P, S=S)
        assert d.pure_equilibria() == ((1, 1),)  # (Tariff, Tariff) only
        assert (d.A[1][1], d.B[1][1]) == (each, each) and (d.A[0][0], d.B[0][0]) == (R, R)
        assert any("Tariff is a strictly dominant strategy for US" in s for s in d.explain())
    says("01", "the only equilibrium is (Tariff, Tariff), with 1 payoff unit each, although both would get 3 under a truce")
    says("01", '"In the equilibrium of Exercise 1, what payoff does each side get?", 2')
    says("01", "(Tariff, Tariff) is the only equilibrium, with 2 payoff units each, although a truce would give each 3")
    says("01", "so the only equilibrium is (Tariff, Tariff) with **2** payoff units each", guide=True)


def test_mixed_equilibrium_at_the_start_and_at_c_us_9():
    r = chicken.solve()
    assert (r.p_us_hawk, r.p_cn_hawk, r.p_crash) == (F(1, 2), F(1, 3), F(1, 6))
    says("01", "y = 2 / (2 + 5 - 1) = 2/6 = 1/3. (And x = 2 / (2 + 3 - 1) = 1/2 for the US.)")
    says("01", "y = Pr(China plays Hawk) = 2/(2 + 5 − 1) = **1/3**; x = Pr(US plays Hawk) = 2/(2 + 3 − 1) = 1/2; crash 1/6.", guide=True)
    r9 = chicken.solve(c_us=9)
    assert (r9.p_us_hawk, r9.p_cn_hawk, r9.p_crash) == (F(1, 2), F(1, 5), F(1, 10))
    says("01", "China: 2 / (2 + 9 - 1) = 1/5. Crash: 1/2 × 1/5 = 1/10, down from 1/6 at c_U = 5.")
    says("01", "At c_U = 9: y = 2/(2 + 9 − 1) = 1/5, x = 1/2, so Pr(crash) = **1/10** (down from 1/6)", guide=True)


def test_the_bet_is_about_the_mixed_equilibrium_and_the_model_decides_it():
    before, after = chicken.solve(), chicken.solve(c_us=9)
    assert after.p_crash < before.p_crash
    assert after.p_cn_hawk < before.p_cn_hawk and after.p_us_hawk == before.p_us_hawk  # China, not the US
    says("01", "calmer = chicken.solve(c_us=9).p_crash < chicken.solve().p_crash")
    says("01", 'answer="Less likely" if calmer else "More likely"')
    says("01", "When each side stands firm just often enough to keep the other guessing")
    says("01", "in this equilibrium it is China that stands firm less often")
    says("01", "The bet asks about the mixed equilibrium", guide=True)
    # In either pure equilibrium nobody crashes, whatever c_us: the bet is only well posed for the mix.
    for c_us in (5, 9):
        m = chicken.solve(c_us=c_us).matrix()
        assert m.pure_equilibria() == ((0, 1), (1, 0))  # (Dove, Hawk) and (Hawk, Dove): no (Hawk, Hawk)
    says("01", "crash at all, whatever the cost: section 4.3 has that kind of equilibrium too")
    never_says("01", '"If a crash becomes more costly for the US, does a crash (both sides standing firm) become more likely')


def test_the_mixed_paradox_holds_on_the_whole_c_us_range():
    spec = chicken.PARAMS["c_us"]
    prev = None
    for c_us in np.linspace(spec.lo, spec.hi, 40):
        r = chicken.solve(c_us=float(c_us))
        assert r.p_us_hawk == chicken.solve().p_us_hawk  # the US line stays flat
        if prev is not None:
            assert r.p_cn_hawk < prev.p_cn_hawk and r.p_crash < prev.p_crash
        prev = r
    says("01", "the solid line (US plays Hawk) stays flat, the dashed line (China plays Hawk) falls, and so does the dash-dot line (crash)")


def test_risk_dominance_steps():
    assert chicken.solve().risk_dominant == CN_HAWK and chicken.solve().outcome.startswith("US yields")
    assert chicken.solve(c_cn=5).risk_dominant is None
    says("01", "Both products are g × (5 - 1) = 8")
    r = chicken.solve(c_us=2)
    assert r.risk_dominant == US_HAWK and r.matrix().pure_equilibria() == ((0, 1), (1, 0))
    says("01", '"With c_U = 2 and c_C = 3, which side does risk dominance predict will yield?", "China"')
    says("01", "the product where China yields, g(c_C − h) = 4, beats g(c_U − h) = 2", guide=True)
    # "The reading fails if c_us < c_cn": the border is the diagonal.
    assert chicken.solve(c_us=F(29, 10)).risk_dominant == US_HAWK
    assert chicken.solve(c_us=F(31, 10)).risk_dominant == CN_HAWK
    says("01", "The reading fails if c_U < c_C")
    says("01", "it fails once c_U falls below c_C = 3 at the defaults", guide=True)


def test_commitment():
    r = chicken.solve(order="US moves first")
    assert r.outcome.startswith("China yields") and r.payoffs == (2, -1)
    says("01", '"The US fears a crash more (c_U = 5 > c_C = 3) but moves first. What is the predicted outcome?", "China yields"')
    says("01", "Path Hawk → Dove, payoffs (2, −1)", guide=True)
    r = chicken.solve(order="China moves first", c_cn=10)
    assert r.outcome.startswith("US yields") and r.payoffs == (-1, 2)
    says("01", '"Exercise 4: with c_C = 10 and China moving first, what is the outcome?", "US yields"')
    says("01", "Path Hawk → Dove, payoffs (US −1, China 2)", guide=True)
    grid = chicken.regime_grid("c_us", "c_cn", 11, order="US moves first")
    assert len(set(grid.codes.ravel()) - {3}) == 1  # one region whatever the costs
    says("01", "the border disappears, because whoever commits first wins wherever the point is")


def test_back_to_the_articles_thresholds():
    # Silver lining: P(crash) = 1/(1 + c_us) < 1/10 exactly when c_us > 9.
    assert chicken.solve(c_us=9).p_crash == F(1, 10)
    assert chicken.solve(c_us=F(91, 10)).p_crash < F(1, 10) < chicken.solve(c_us=F(89, 10)).p_crash
    says("01", '"Silver lining: the crash probability is below 1/10 when c_U is above which value?", 9')
    says("01", "below 1/10 exactly when **c_U > 9**", guide=True)
    # Fragile: with c_us = 5, P(crash) = 2/(3(1 + c_cn)) > 1/4 exactly when c_cn < 5/3.
    assert chicken.solve(c_cn=F(5, 3)).p_crash == F(1, 4)
    assert chicken.solve(c_cn=F(8, 5)).p_crash > F(1, 4) > chicken.solve(c_cn=F(17, 10)).p_crash
    says("01", "Fraction(5, 3), tolerance=0.01")
    says("01", "**c_C < 5/3 ≈ 1.67**", guide=True)


def _replicator(x, y, n=20000, dt=0.01, c_us=5, c_cn=3, g=2, h=1):
    """Two-population replicator dynamics of M2: x = share of US Hawk, y = share of China Hawk."""
    for _ in range(n):
        us_hawk, us_dove = g * (1 - y) - c_us * y, -h * y
        cn_hawk, cn_dove = g * (1 - x) - c_cn * x, -h * x
        x, y = x + dt * x * (1 - x) * (us_hawk - us_dove), y + dt * y * (1 - y) * (cn_hawk - cn_dove)
    return x, y


def test_the_mixed_equilibrium_is_unstable_under_two_population_replicator_dynamics():
    r = chicken.solve()
    p, q = float(r.p_us_hawk), float(r.p_cn_hawk)
    # Linearised at (p, q) the Jacobian is [[0, b], [c, 0]] with b, c of the same sign: a saddle.
    b = p * (1 - p) * (-(2 + 5) + 1)       # d(US Hawk minus Dove)/dy = -(g + c_us) + h
    c = q * (1 - q) * (-(2 + 3) + 1)       # d(China Hawk minus Dove)/dx = -(g + c_cn) + h
    assert b * c > 0                      # eigenvalues ±sqrt(bc): one positive, so unstable
    # A small step off the mix ends at a pure equilibrium, one side yielding and no crash.
    for dx, dy in ((1e-3, -1e-3), (-1e-3, 1e-3)):
        x, y = _replicator(p + dx, q + dy)
        assert min(abs(x - 0), abs(x - 1)) < 1e-3 and min(abs(y - 0), abs(y - 1)) < 1e-3
        assert round(x) + round(y) == 1
    says("01", "the mixed equilibrium is itself **unstable**")
    says("01", "*two-population replicator dynamics*")
    says("01", "the mixed equilibrium is unstable (under two-population replicator dynamics", guide=True)


def test_exercises_2_and_3_and_5():
    r = chicken.solve(g=3)
    assert (r.p_us_hawk, r.p_cn_hawk, r.p_crash) == (F(3, 5), F(3, 7), F(9, 35))
    says("01", "$\\Pr(\\text{crash}) = 3/5 \\cdot 3/7 = 9/35 \\approx 0.257$")
    says("01", "Pr(crash) = **9/35 ≈ 0.257** (against 1/6 with g = 2)", guide=True)
    assert chicken.solve(c_us=7).p_crash == F(1, 8)
    says("01", '"Exercise 3: at which c_U (payoff units) is the crash probability 1/8?", 7')
    says("01", "returns `Fraction(1, 8)`", guide=True)
    # Exercise 5 has side-specific gains, which M2 does not take: the products worked by hand.
    g_cn, g_us, h, c_us, c_cn = 4, 1, 1, 2, 3
    assert g_cn * (c_us - h) == 4 > g_us * (c_cn - h) == 2
    says("01", "g_C = 4, g_U = 1, h = 1, c_U = 2, c_C = 3 gives 4 × 1 = 4 > 1 × 2 = 2", guide=True)


def test_articles_and_load():
    never_says("01", "Kennedy and [IN] read June 2025")
    never_says("01", "China's weapon discourages the US")
    says("01", "which we attribute to *The Conversation* by inference", guide=True)
    says("01", "that we attribute to *The Conversation* (an inference: our machine-reworded copy names neither outlet nor author)")
    says("01", "## 7. Exercises (Homework)")
    says("01", "**Exercise 4 (Extension: code).**")
    says("01", "Extension: exercises 4 and 5", guide=True)
    says("01", "Terms and symbols: [glossary](../docs/glossary.md).")


def test_risk_products_behind_steps_3_and_4():
    """Referee 22: the products of deviation losses the notebook and the guide print, from the model."""
    from tradewar.models.chicken import _risk_products

    assert _risk_products(F(5), F(5), F(2), F(1)) == (8, 8)
    says("01", "Both products are g × (5 - 1) = 8")
    says("01", "g(c_U − h) = g(c_C − h) = 2 × 4 = 8", guide=True)
    assert _risk_products(F(2), F(3), F(2), F(1)) == (2, 4)  # (US yields, China yields)
    says("01", "the product where China yields, g(c_C − h) = 4, beats g(c_U − h) = 2", guide=True)


def test_risk_dominance_is_a_selection_not_a_degree_of_certainty():
    """Referee 14: a higher c_U does not make the US yielding 'more certain'; it widens the margin,
    the ratio (c_U - h)/(c_C - h) of the two products."""
    from tradewar.models.chicken import _risk_products

    ratios = []
    for c_us in (4, 5, 9):
        us_yields, cn_yields = _risk_products(F(c_us), F(3), F(2), F(1))
        assert chicken.solve(c_us=c_us).risk_dominant == CN_HAWK  # the same selection throughout
        ratios.append(us_yields / cn_yields)
    assert ratios == [F(3, 2), F(2), F(4)]  # (c_U - h)/(c_C - h) grows
    never_says("01", "only makes it more certain (by risk dominance)")
    never_says("01", "only makes it surer that the US", guide=True)
    says("01", "a higher $c_U$ only widens the margin by which it risk-dominates (the ratio of the two products, $(c_U - h)/(c_C - h)$, grows)")
    says("01", "only widens the margin by which the US-yields equilibrium risk-dominates (the ratio of the products, (c_U − h)/(c_C − h), grows", guide=True)


def test_a_step_along_the_stable_curve_shrinks_back():
    """Referee 15: the mixed point is a saddle, so not every small step away grows: one along the
    stable eigenvector shrinks (at first), every other grows."""
    import math

    r = chicken.solve()
    p, q = float(r.p_us_hawk), float(r.p_cn_hawk)
    b = p * (1 - p) * (-(2 + 5) + 1)
    c = q * (1 - q) * (-(2 + 3) + 1)
    stable = (1.0, math.sqrt(c / b))  # eigenvector of -sqrt(bc) for [[0, b], [c, 0]] (b, c < 0)
    eps = 1e-4
    x, y = _replicator(p + eps * stable[0], q + eps * stable[1], n=100)
    assert math.hypot(x - p, y - q) < 0.5 * eps * math.hypot(*stable)
    x, y = _replicator(p + eps, q - eps, n=100)  # a step off that curve grows
    assert math.hypot(x - p, y - q) > 2 * eps * math.sqrt(2)
    says("01", "Then almost every small step away from the mix grows")
    never_says("01", "Then a small step away from the mix grows")
    says("01", "almost every small drift away from it grows", guide=True)


def test_symbols_x_y_pr_and_c_u():
    """Referee 7: x, y for the mixed probabilities (p is 07's denial risk, q is 03's detection rate),
    Pr(.) because P is the prisoner's-dilemma payoff, and c_U, c_C as the sliders write them."""
    for gone in ("P(\\text{crash})", "P(\\text{China", "P(\\text{US", "c_{US}", "c_{CN}", "p·q", "Use q = ",
                 "-h > -c$", "$c > h$", "g_{CN}"):
        never_says("01", gone)
    for gone in ("P(crash)", "p·q", "c_us =", "c_cn =", "c_us >", "c_cn <", "c_us −", "c_cn −"):
        never_says("01", gone, guide=True)
    says("01", "$$y = \\Pr(\\text{China plays Hawk}) = \\frac{g}{g + c_U - h}")
    says("01", "x = \\Pr(\\text{US plays Hawk}) = \\frac{g}{g + c_C - h}, \\qquad \\Pr(\\text{crash}) = x \\cdot y")
    text = "\n".join(chicken.solve().explain())
    assert "x = g/(g + c_C - h) = 1/2" in text and "y = g/(g + c_U - h) = 1/3" in text


def test_the_articles_no_stronger_than_they_are():
    """Referee 4, 10, 11, 13, 16: [CV] hedges ("perhaps underestimating"); Kroeber spoke in October,
    about the summit, and says Trump "wants an agreement more"; each measure credited to the source
    that names it; October's irreversibility is doubtful and the model assumes irreversibility."""
    never_says("01", "and had underestimated how well China could hit back")
    says("01", "and may have underestimated how well China could hit back")
    never_says("01", "Trump needs a deal more")
    says("01", "Arthur Kroeber (Gavekal), speaking in October 2025 about the coming summit")
    says("01", "Kroeber, speaking in October 2025 about the coming summit, says Trump wants a deal more")
    never_says("01", "as reported by Scott Kennedy in *Foreign Policy* and by CNN")
    says("01", "(Scott Kennedy, *Foreign Policy*, June 2025; CNN, June 2025, mentions limits on technology sales and the visa threat)")
    says("01", "who lists the chip-design software ban and the visa plans among Beijing's complaints")
    never_says("01", "In M2 that is **China moves first**: China wins whatever the costs.")
    never_says("01", "The model says moving first wins only if")
    says("01", "If that rule could not be taken back, in M2 it is **China moves first**")
    says("01", "that is Schelling's point, which the model assumes rather than tests")
    says("01", "it was unclear how and when they would be enforced")
    never_says("01", "could be paused on April 9")
    never_says("01", '"wants it more"')
    never_says("01", "Who wants it more")
    says("01", "the one that wants a deal more, is predicted to concede")
    says("01", '**"The side that wants a deal more gives way."**')
    never_says("01", '"wants it more"', guide=True)
    says("01", "Schelling's point, which M2 assumes rather than tests", guide=True)
