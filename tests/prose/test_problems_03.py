"""Problem set 03 and its key: every number is M5's (truce) at the values the problem names, in exact
fractions, with the incentive constraint checked by hand and grim trigger's collapse by simulation."""
from __future__ import annotations

from fractions import Fraction as F

from problem_answers import selfcheck_answers
from problems import key_says, problem_says
from tradewar.games import repeated
from tradewar.models import truce

DEFAULTS = dict(delta=F(9, 10), epsilon=F(1, 10), q=F(9, 10))


def ic(T=5, R=3, P=1, delta=F(9, 10), epsilon=F(1, 10), q=F(9, 10), L=2):
    """The Green-Porter incentive constraint, both sides, written out from section 4 of notebook 03."""
    left = (T - R) * ((1 - delta) + delta * epsilon * (1 - delta ** L))
    right = delta * (q - epsilon) * (1 - delta ** L) * (R - P)
    return left, right


def test_problem_1_value_of_the_noisy_truce():
    r = truce.solve(**DEFAULTS)
    assert r.V == F(3171, 1171) and r.noise_cost == F(342, 1171) == 3 - r.V
    d, e = F(9, 10), F(1, 10)
    assert r.V == ((1 - d) * 3 + d * e * (1 - d ** 2) * 1) / ((1 - d) + d * e * (1 - d ** 2))
    key_says("03", "(a) V = **3171/1171 ≈ 2.708**. (b) **342/1171 ≈ 0.292** payoff units per round.")


def test_problem_2_twice_the_false_alarms():
    r = truce.solve(**{**DEFAULTS, "epsilon": F(1, 5)})
    assert r.L_min == 3 and not r.ic_holds
    assert ic(epsilon=F(1, 5), L=2) == (F(2684, 10000), F(2394, 10000))
    assert ic(epsilon=F(1, 5), L=3) == (F(29756, 100000), F(34146, 100000))
    assert truce.solve(**{**DEFAULTS, "epsilon": F(1, 5)}, L=3).war_share == F(3, 8)
    assert truce.solve(**{**DEFAULTS, "epsilon": F(1, 5)}, L=3).ic_holds
    key_says("03", "(a) No. (b) **L = 3**. (c) **3/8 = 0.375**.")
    key_says("03", "left 2 × (0.1 + 0.9 × 0.2 × 0.19) = 0.2684, right 0.9 × 0.7 × 0.19 × 2 = 0.2394")
    key_says("03", "left 2 × (0.1 + 0.18 × 0.271) = 0.29756, right 0.9 × 0.7 × 0.271 × 2 = 0.34146")


def test_problem_3_worse_detection():
    r = truce.solve(**{**DEFAULTS, "q": F(3, 5)})
    assert r.outcome == "Truce collapses: punishment too short"
    assert r.delta_star == F(5, 7) and r.L_min == 4
    for L, holds in ((2, False), (3, False), (4, True)):
        left, right = ic(q=F(3, 5), L=L)
        assert (left <= right) is holds
        assert truce.solve(**{**DEFAULTS, "q": F(3, 5)}, L=L).ic_holds is holds
    slider = truce.solve(q=0.6)  # the slider's float values
    assert slider.outcome == r.outcome and slider.L_min == 4
    key_says("03", "(a) \"Truce collapses: punishment too short\". (b) δ* = **5/7 ≈ 0.714**. (c) **L = 4**.")
    key_says("03", "fails at L = 2 and L = 3 and first holds at L = 4")


def test_problem_4_worse_sucker_payoff():
    r = truce.solve(**DEFAULTS, S=-2)
    assert (r.delta_grim, r.delta_tft_once, r.delta_tft) == (F(1, 2), F(2, 5), F(1, 2))
    assert truce.solve(**DEFAULTS).delta_tft_once == F(2, 3)
    key_says("03", "(a) δ_grim = **1/2**. (b) (T − R)/(R − S) = **2/5**; grim trigger's 1/2 binds, so")
    key_says("03", "tit-for-tat needs **δ ≥ 1/2**")
    key_says("03", "(With S = 0 the second condition was 2/3 and bound instead.)")


def test_problem_5_grim_trigger_under_noise():
    assert (1 - F(1, 10)) ** 10 == F(3486784401, 10 ** 10)
    assert truce.solve(**DEFAULTS).war_share == F(1, 6) and truce.solve(**DEFAULTS).kept
    assert truce.solve(**DEFAULTS).truce_rounds == 10
    # Simulated: two grim-trigger players on one shared signal, nobody cheating on purpose.
    play = repeated.play("grim trigger", "grim trigger", rounds=40, matches=4000, epsilon=0.1, public=True, seed=1)
    no_war_through_11 = (~play.actions[:, :11].any(axis=(0, 1))).mean()
    assert abs(no_war_through_11 - 0.9 ** 10) < 0.03
    assert play.actions[0, -1].mean() > 0.95  # by round 40 almost every match is at war for good
    key_says("03", "(a) 0.9¹⁰ ≈ **0.349**.")
    key_says("03", "under limited punishment with L = 2 it is **1/6**")


def test_marks_add_up():
    problem_says("03", "**5 problems worth 17 marks**")
    key_says("03", "**Total: 17 marks** in 5 problems")
    assert 3 + 3 + 4 + 3 + 4 == 17


def test_every_check_box_holds_the_keyed_answer():
    """The SelfCheck boxes, in order, check against the values asserted above and stated in the key."""
    assert [answer for _question, answer in selfcheck_answers("03")] == [F(3171, 1171), F(342, 1171), 3, F(3, 8), F(5, 7), 4, F(1, 2), F(2, 5), F(1, 2), F(9, 10) ** 10, F(1, 6)]
