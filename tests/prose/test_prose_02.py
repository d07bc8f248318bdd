"""Notebook 02 and its guide: every damage, threshold, path and verdict a student reads is M1's
(chokepoint) at the values the sentence names, in exact fractions; and the last node's choice is
called resolve, not escalation dominance."""
from __future__ import annotations

from fractions import Fraction as F

from prose import never_says, says
from tradewar.models import chokepoint as M


def exact(**overrides):
    """M1 at its defaults as exact fractions (0.92 -> 23/25), with overrides."""
    p = {k: F(str(s.default)) for k, s in M.PARAMS.items()}
    p.update({k: F(str(v)) if isinstance(v, (int, float, str)) else v for k, v in overrides.items()})
    return M.solve(**p)


def test_the_bet_at_a_60_percent_share():
    r = exact(s="0.6")
    assert r.deterred and r.D_us == 3 and r.D_us == 2 * F(3, 2) and r.s_star == F(3, 10)
    says("02", "answer=0 if at_60.deterred else 1")
    says("02", 'absorb = at_60.inputs()["v"] + at_60.inputs()["a"]')
    says("02", "{at_60.D_us / absorb:.0f} times")  # prints 2: the damage is twice v + a
    says("02", "At s = 0.60, D_U = 5 × 0.60 = 3 payoff units, twice the v + a = 1.5 the US will absorb", guide=True)
    says("02", "The share would have to fall below s* = 1.5/5 = 0.3.", guide=True)


def test_defaults_and_the_three_self_checks():
    r = exact()
    assert r.D_us == F(23, 5) and r.kappa == F(1, 5) and r.deterred and r.china_retaliates and not r.us_persists
    assert r.s_star == F(3, 10) and r.p_threshold == F(2, 3) and r.sigma_star == F(31, 46)
    assert dict(r.params)["v"] - r.D_us == F(-18, 5)  # v - D_U = -3.6 at the last node
    says("02", "At the defaults $D_U = 5 \\times 0.92 = 4.6$ and $\\kappa = 0.2$.")
    says("02", "compare $v - D_U = -3.6$ with $-a = -0.5$ and back down")
    says("02", "D_U = m·s·(1 − σ)(1 − ψ) = 5 × 0.92 × 1 × 1 = 4.6, far above v + a = 1.5.")
    says("02", "s* = (v + a)/(m(1 − σ)(1 − ψ)) = 1.5/5 = 0.3.")
    says("02", "v/(v + a) = 1/1.5 = 2/3")
    says("02", "**D_U = 4.6** (5 × 0.92), **s* = 0.3**, **v/(v + a) = 2/3**", guide=True)
    # "even the slider's lowest share, 50%, still deters"
    assert exact(s=F(1, 2)).deterred
    says("02", "even the slider's lowest share, 50%, still deters")
    says("02", "ending at $-a = -0.5$, worse than the $0$ from holding back. So the US holds back")


def test_experiment_1_share_with_substitutes():
    assert exact(sigma="0.5").s_star == F(3, 5)
    r = exact(sigma="0.5", s="0.55")
    assert r.D_us == F(11, 8) and r.outcome == M.ESCALATES and r.path == ("Escalate", "Accept")
    says("02", "$s^* = 1.5/(5 \\times 0.5) = 0.6$")
    says("02", '"With σ = 0.50 and s = 0.55, what happens?"')
    says("02", 'answer="The US escalates and China accepts"')
    says("02", "D_U = 5 × 0.55 × 0.5 = 1.375 ≤ 1.5", guide=True)


def test_experiments_2_and_3_flip_at_31_46():
    assert exact(sigma="0.67").deterred and not exact(sigma="0.68").deterred
    assert exact(psi="0.67").deterred and not exact(psi="0.68").deterred
    r = exact(psi=F(2, 3))
    assert r.deterred and r.D_us == F(23, 15) > F(3, 2)
    says("02", "σ* = 1 − 1.5/4.6 ≈ 0.67")
    says("02", "**σ* = 1 − 1.5/4.6 = 1 − 15/46 = 31/46 ≈ 0.674**", guide=True)
    says("02", "σ = 0.67 is still deterred and σ = 0.68 escalates", guide=True)
    says("02", "(ψ = 0.67 is deterred, 0.68 escalates; exactly 2/3 is still deterred since D_U = 4.6/3 ≈ 1.53 > 1.5.)", guide=True)


def test_experiment_4_taco():
    r = exact(a=0)
    assert r.deterred and r.china_retaliates and M.ROOT in r.ties
    assert r.s_star == F(1, 5) and r.p_threshold == 1
    says("02", 'answer="Same outcome, but escalating becomes a free try"')
    says("02", "s* falls to 1/5 = 0.2", guide=True)
    says("02", "rises from 2/3 to **1**", guide=True)


def test_experiment_5_backlash():
    r = exact(rho="0.8")
    assert r.kappa == 1 and not r.china_retaliates and r.outcome == M.TOO_COSTLY and M.MIDDLE in r.ties
    assert exact(rho="0.75").deterred
    says("02", '"At which ρ does China\'s cost of retaliating reach its loss from accepting (κ = l)?", answer=0.8')
    says("02", "At ρ = 0.75 the US is still deterred.", guide=True)


def test_nobody_fights_with_complete_information():
    """ "Try every slider above: the bold path is always either Hold back or Escalate → Accept." """
    from itertools import product

    grid = {"s": ("0.5", "0.75", "0.92", "1"), "sigma": ("0", "0.5", "0.7", "1"), "psi": ("0", "0.5", "0.9"),
            "m": ("1", "5", "10"), "a": ("0", "0.5", "3"), "rho": ("0", "0.8", "1.5")}
    for values in product(*grid.values()):
        r = exact(**dict(zip(grid, values)))
        assert r.path in (("Hold back",), ("Escalate", "Accept")), (values, r.path)
    says("02", "the bold path is always either *Hold back* or *Escalate → Accept*")
    # The 50% self-check: expected value of escalating at P(R) = 1/2.
    r = exact()
    v, a = F(1), F(1, 2)
    assert F(1, 2) < r.p_threshold and F(1, 2) * v + F(1, 2) * (-a) == F(1, 4)
    says("02", "0.5 × 1 + 0.5 × (−0.5) = 0.25 > 0")


def test_discussion_routes():
    assert not exact(m=F(3, 2) / F(23, 25) - F(1, 100)).deterred  # m below 1.5/0.92 ≈ 1.63
    assert exact(m=F(3, 2) / F(23, 25) + F(1, 100)).deterred
    says("02", "a smaller damage multiplier m (below 1.5/0.92 ≈ 1.63 with σ = ψ = 0)", guide=True)
    assert not exact(rho="0.8").deterred
    says("02", "backlash ρ above 0.8 (κ > l, so China would rather accept; at ρ = 0.8 it is indifferent", guide=True)


def test_exercises():
    # Exercise 1: v = 2, a = 1, l = 1, kappa = 0.5, D_C = 2; D_U = m s = 2.5 and 4.
    ex = dict(v=2, a=1, kappa0=F(1, 2), m=5)
    r = exact(s=F(1, 2), **ex)
    assert r.D_us == F(5, 2) and r.us_persists and r.path == ("Escalate", "Accept") and r.payoffs == (2, -1)
    says("02", '"Exercise 1 (a): what is the path of play?"')
    says("02", "**Path Escalate → Accept, payoffs (2, −1).**", guide=True)
    r = exact(s=F(4, 5), **ex)
    assert r.D_us == 4 and r.deterred and r.payoffs == (0, 0)
    eqs = r.flagged()
    assert len(eqs) == 3 and sum(e.subgame_perfect for e in eqs) == 1
    says("02", "`chokepoint.solve(v=2, a=1, kappa0=0.5, m=5, s=0.8).flagged()` lists exactly these three", guide=True)
    says("02", "**holds back, payoffs (0, 0)**: deterred", guide=True)
    # Exercise 2: psi = 0.5 doubles s*.
    assert exact(psi="0.5").s_star == F(3, 5)
    says("02", "s* = (v + a)/(m(1 − σ)(1 − ψ)) = 1.5/(5 × 1 × 0.5) = **0.6**", guide=True)


def test_resolve_not_escalation_dominance():
    """Persisting at the last node is resolve; escalation dominance (Kahn) is escalating to a level
    the adversary cannot match, which a one-rung tree cannot show. [CV] only says Washington
    *expected* escalation dominance."""
    says("02", "### Resolve and the thresholds")
    says("02", "**escalation dominance** (Herman Kahn): the ability to escalate to a level at which the adversary cannot match you")
    says("02", "($D_U = 2.5 \\le v + a = 3$: the US has the resolve to persist)")
    never_says("02", "A side has **escalation dominance** when")
    never_says("02", "the US lacked escalation dominance")
    never_says("02", ": escalation dominance)")
    says("02", "**Resolve or escalation dominance?**", guide=True)
    for line in exact().explain():
        assert "escalation dominance" not in line


def test_articles_and_load():
    never_says("02", "Kennedy's verdict")
    never_says("02", "which Kennedy finds more plausible")
    says("02", 'In the reading Kennedy calls "likely more plausible" (not proven), the US ended up exactly where it had started.')
    says("02", "by inference, to *The Conversation*: our reworded copy names neither outlet nor author")
    says("02", "The sources do not settle which came first")
    says("02", "## 7. Exercises (Homework)")
    says("02", "**Exercise 3 (Extension: pen and paper, for those who want more).**")
    says("02", "Extension: exercise 3", guide=True)
    says("02", "Terms and symbols: [glossary](../docs/glossary.md).")


def test_taco_a_zero_fight_is_subgame_perfect_and_the_text_says_so():
    """Referee 1: at a = 0 (TACO) the US is indifferent at the first node, so Escalate → Retaliate →
    Back down is subgame perfect, with payoffs (0, -0.2); "no fight" and "deterred exactly when" hold
    for a > 0 only."""
    r = exact(a=0)
    spe = {e.strategies: tuple(e.payoffs) for e in r.flagged() if e.subgame_perfect}
    assert spe[("Escalate/Back down", "Retaliate")] == (0, F(-1, 5))
    assert ("Escalate", "Retaliate", "Back down") in r.spe_paths() and r.deterred  # deterred: the tie-break
    for a in ("0.05", "0.5", "3"):
        assert exact(a=a).spe_paths() == (("Hold back",),)
    never_says("02", "place. An open fight that ends in a retreat is not an equilibrium")
    never_says("02", "3. With complete information no fight happens, so")
    says("02", "For any audience cost $a > 0$, an open fight that ends in a retreat is not an equilibrium")
    says("02", "and *Escalate → Retaliate → Back down* is also subgame perfect")
    says("02", "For any audience cost $a > 0$ the US is **deterred** exactly when")
    says("02", "3. With complete information and an audience cost above zero no fight happens")
    says("02", "(`chokepoint.solve(a=0).flagged()` lists it)", guide=True)
    says("02", "Escalate → Retaliate → Back down, with payoffs (0, −0.2), is subgame perfect too", guide=True)
    says("02", "escalate → retaliate → back down is equally subgame perfect. China still retaliates, and "
               '" "s* falls from 0.3 to 0.2.')
    assert exact().s_star == F(3, 10) and r.s_star == F(1, 5)


def test_taco_makes_the_threat_stronger_by_a_thinner_margin():
    """Referee 2: lowering a from 0.5 to 0 lowers s* from 0.3 to 0.2 and raises sigma* from 31/46 to
    18/23, so the threat deters over a larger region; escalating then costs the US only a."""
    hi, lo = exact(), exact(a=0)
    assert (hi.s_star, lo.s_star) == (F(3, 10), F(1, 5))
    assert (hi.sigma_star, lo.sigma_star) == (F(31, 46), F(18, 23)) and lo.sigma_star == 1 - 1 / F(23, 5)
    assert round(float(hi.sigma_star), 3) == 0.674 and round(float(lo.sigma_star), 3) == 0.783
    # The margin: escalating ends at -a against 0 for holding back.
    assert hi.payoffs == (0, 0) and dict(hi.params)["a"] == F(1, 2)
    never_says("02", "(Neither: it makes probing cheap", guide=True)
    says("02", "(Stronger, in this model: it deters at lower shares and with more substitutes, since s* "
               "falls from 0.3 to 0.2 and σ* rises from 31/46 ≈ 0.674 to 18/23 ≈ 0.783", guide=True)


def test_the_threat_flag_moves_then_disappears():
    """Referee 6: the ⚠ sits at China's node for v < D_U <= v + a and is gone for D_U < v
    (sigma = 0.79 at s = 0.92)."""
    r = exact(sigma="0.79")
    assert r.D_us < 1 and all(e.subgame_perfect for e in r.flagged())
    r = exact(sigma="0.7")
    assert 1 < r.D_us <= F(3, 2) and any(M.MIDDLE in e.noncredible for e in r.flagged())
    says("02", "escalating pays even against retaliation ($D_U < v$, for instance σ = 0.79 at s = 0.92), the ⚠\ndisappears")


def test_experiment_5_tie_at_rho_0_8():
    """Referee 17: at rho = 0.8 China is indifferent (kappa = l); the tie is counted as accepting."""
    r = exact(rho="0.8")
    assert r.kappa == 1 and M.MIDDLE in r.ties
    never_says("02", "From ρ = 0.8 on, κ ≥ l")
    says("02", "Above ρ = 0.8, κ > l, so China")
    says("02", "would rather accept, and the US escalates. At ρ = 0.8 China is indifferent; the tie is")
    says("02", "at ρ = 0.8 exactly China is indifferent, and the model counts the tie as accepting", guide=True)


def test_exercise_1c_strategic_form_cells():
    """Referee 22: the table of exercise 1(c), cell by cell, from the model's strategic form."""
    from tradewar.games.tree_form import strategic_form

    r = exact(s=F(4, 5), v=2, a=1, kappa0=F(1, 2), m=5)
    g = strategic_form(r.tree())
    assert g.row_actions == ("Hold back/Persist", "Hold back/Back down", "Escalate/Persist", "Escalate/Back down")
    assert g.col_actions == ("Accept", "Retaliate")
    cells = [[(g.A[i][j], g.B[i][j]) for j in range(2)] for i in range(4)]
    assert cells == [[(0, 0), (0, 0)], [(0, 0), (0, 0)], [(2, -1), (-2, -3)], [(2, -1), (-1, F(-1, 2))]]
    for row in ("| Escalate/Persist | **(2, −1)** NE | (−2, −3) |", "| Escalate/Back down | (2, −1) | (−1, −0.5) |"):
        says("02", row)
    for row in ("| Escalate/Persist | (2, −1) NE | (−2, −3) |", "| Escalate/Back down | (2, −1) | (−1, −0.5) |"):
        says("02", row, guide=True)


def test_the_articles_and_the_model_order():
    """Referee 3, 9, 12, 20, 21: the tree's order is [CV]'s suggestion and Kennedy's dramatic reading,
    not Beijing's account; China's move is withholding the resumption; only s is Kennedy's; London
    "appears largely to restore" (CNN); the self-check is dated May, and the Pr(R) formula assumes a
    US that would back down."""
    never_says("02", "as Beijing tells it")
    says("02", "as the piece we attribute to *The Conversation* suggests (the advisory, it says, may have prompted the "
               "delay) and Kennedy's dramatic reading implies; Beijing itself called the delay procedural")
    never_says("02", "(freeze rare-earth licences)")
    says("02", "**Retaliate** (keep rare-earth licences frozen: withhold the resumption of exports the US expected after Geneva)")
    never_says("02", "Kennedy's own figures")
    says("02", "With Kennedy's 92% and σ near 0 (our reading of his 15 years")
    says("02", "and the other values teaching calibrations, the default point sits deep inside the deterred region")
    assert exact().deterred and exact(s=F(1, 2)).deterred  # deep inside: the whole share range deters at σ = 0
    never_says("02", "restored the Geneva terms")
    says("02", 'in CNN\'s words, "appears largely to restore" the May arrangement')
    never_says("02", "Suppose that in April Washington")
    says("02", "Suppose that in May, before the advisory, Washington put the chance of Chinese retaliation at 50%")
    says("02", "For a US that would back down after a cut-off ($D_U > v + a$), escalating is then worth")
    never_says("02", "P(R)")
    says("02", "Pr(R) < v/(v + a)", guide=True)
    never_says("02", "P(R)", guide=True)


def test_the_may_episode_is_told_as_mutual_blame_not_as_replies():
    never_says("02", "each side calling its own move a reply")
    says("02", "each side blaming the other (Washington said exports had not resumed; Beijing said it was"
               " complying and called the advisory a breach of the \"spirit of Geneva\")")
