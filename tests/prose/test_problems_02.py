"""Problem set 02 and its key: every number is M1's (chokepoint) at the values the problem names, in
exact fractions (s = 23/25 for Kennedy's 92%)."""
from __future__ import annotations

from fractions import Fraction as F

from problem_answers import selfcheck_answers
from problems import key_says, problem_says
from test_problems_01 import marks_of
from tradewar.models import chokepoint

BASE = dict(s=F(23, 25), a=F(1, 2), kappa0=F(1, 5))


def test_problem_1_leaks_and_substitutes():
    r = chokepoint.solve(**BASE, sigma=F(1, 5), psi=F(3, 10))
    assert r.D_us == F(322, 125) and r.deterred and r.china_retaliates and not r.us_persists
    assert r.sigma_star == F(86, 161) and F(1, 5) < r.sigma_star
    assert r.sigma_star == 1 - F(3, 2) / (5 * F(23, 25) * F(7, 10))  # closed form by hand
    key_says("02", "(a) D_U = **322/125 = 2.576**. (b) Yes, the US is deterred. (c) σ* = **86/161 ≈ 0.534**")
    key_says("02", "1 − 1.5/(5 × 0.92 × 0.7) = 1 − 1.5/3.22 = 86/161")
    # (b) is decided by two comparisons, D_U > v + a and κ < l, and its mark needs both.
    assert r.D_us > 1 + F(1, 2) and r.kappa < 1
    problem_says("02", "Is the US deterred? Say which comparisons decide it.")
    key_says("02", "(b) needs both comparisons (D_U > v + a and κ < l)")


def test_problem_2_audience_cost_two():
    r = chokepoint.solve(**{**BASE, "a": 2})
    assert r.deterred and r.D_us == F(23, 5)
    m_star = r.inputs()["m"] * (r.inputs()["v"] + r.inputs()["a"]) / r.D_us
    assert m_star == F(75, 23) == 3 / F(23, 25)
    at = chokepoint.solve(**{**BASE, "a": 2}, m=m_star)
    assert at.us_persists and at.path == ("Escalate", "Accept") and at.payoffs == (1, -1)
    assert chokepoint.solve(**{**BASE, "a": 2}, m=m_star - F(1, 100)).path == ("Escalate", "Accept")
    assert chokepoint.solve(**{**BASE, "a": 2}, m=m_star + F(1, 100)).deterred
    key_says("02", "m* = (v + a)/(s(1 − σ)(1 − ψ)) = 3/0.92 = **75/23 ≈ 3.26**")
    key_says("02", "path Escalate → Accept, payoffs (1, −1)")
    key_says("02", "so retaliating would give\nChina −l − D_C = −3 against −1 for accepting")
    problem_says("02", "At or below which damage multiplier m* does China's threat stop working?")


def test_problem_3_cheap_to_accept():
    low = chokepoint.solve(**BASE, l=F(3, 20))
    assert low.path == ("Escalate", "Accept") and low.payoffs[0] == 1
    tie = chokepoint.solve(**BASE, l=F(1, 5))
    assert tie.path == ("Escalate", "Accept") and tie.ties  # indifferent at China's node
    assert chokepoint.solve(**BASE, l=F(1, 4)).deterred
    assert chokepoint.solve(l=0.15).path == ("Escalate", "Accept")  # the slider's float value
    key_says("02", "(a) Escalate → Accept. (b) **1** (= v). (c) At l = κ = 0.2.")
    key_says("02", "At l = 0.25 and above the US is deterred")


def test_problem_4_unsure_us():
    r = chokepoint.solve(**{**BASE, "a": F(3, 2)})
    assert not r.us_persists and r.D_us == F(23, 5)
    assert r.p_threshold == F(2, 5)
    pr = F(3, 10)
    assert (1 - pr) * 1 + pr * F(-3, 2) == F(1, 4)
    key_says("02", "(a) Pr(R) < **2/5**. (b) **1/4 = 0.25** payoff units: a good bet.")


def test_problem_5_empty_threat_moves_to_china():
    r = chokepoint.solve(**BASE, sigma=F(3, 4))
    assert r.D_us == F(23, 20) and r.us_persists
    eqs = {eq.strategies: eq for eq in r.flagged()}
    assert len(eqs) == 3
    assert eqs[("Escalate/Persist", "Accept")].subgame_perfect
    assert not eqs[("Hold back/Persist", "Retaliate")].subgame_perfect
    assert "middle node" in " ".join(eqs[("Hold back/Persist", "Retaliate")].noncredible)
    assert "last node" in " ".join(eqs[("Hold back/Back down", "Retaliate")].noncredible)
    key_says("02", "(a) D_U = **23/20 = 1.15**; the US would persist. (b) **3**.")
    key_says("02", "names (Escalate/Persist, Accept) as the only subgame-perfect one")


def test_problem_6_tying_hands():
    soft = chokepoint.solve(**BASE, sigma=F(1, 2))
    tied = chokepoint.solve(**{**BASE, "a": F(3, 2)}, sigma=F(1, 2))
    assert soft.D_us == tied.D_us == F(23, 10)
    assert soft.deterred and soft.payoffs[0] == 0
    assert tied.path == ("Escalate", "Accept") and tied.payoffs == (1, -1)
    key_says("02", "With a = 0.5 the US gets **0** (deterred); with a = 1.5 it gets **1** (Escalate → Accept)")
    key_says("02", "backing down (−1.5) is worse than persisting (v − D_U = −1.3)")


def test_marks_add_up():
    problem_says("02", "**6 problems worth 19 marks**")
    key_says("02", "**Total: 19 marks** in 6 problems")
    marks = marks_of("02")
    assert [m for m, _, _ in marks] == [3, 3, 3, 3, 4, 3] and sum(m for m, _, _ in marks) == 19
    assert all(m == k == sum(parts) for m, k, parts in marks), marks


def test_every_check_box_holds_the_keyed_answer():
    """The SelfCheck boxes, in order, check against the values asserted above and stated in the key."""
    assert [answer for _question, answer in selfcheck_answers("02")] == [F(322, 125), F(86, 161), F(75, 23), 1, F(1, 5), F(2, 5), F(1, 4), F(23, 20), 3, 0, 1]
