"""Problem set 06 and its key against M6 and M7: every number the key states, solved at the values it names."""
import math

import pytest
from problem_answers import selfcheck_answers
from problems import key_says, problem_says

from tradewar.models import rubinstein, threat_bargaining

approx = lambda x: pytest.approx(x, rel=1e-9)  # noqa: E731


def test_problem_1_rates_and_the_first_mover_edge():
    us, cn = (rubinstein.solve(r_us=0.3, r_cn=0.1, Delta=2, proposer=p) for p in ("US", "China"))
    problem_says("06", r"$r_U = 0.3$ and $r_C = 0.1$ per month")
    assert us.delta_us == approx(math.exp(-0.6)) and us.delta_cn == approx(math.exp(-0.2))
    assert us.share_us == approx((1 - math.exp(-0.2)) / (1 - math.exp(-0.8)))
    assert cn.share_us == approx(math.exp(-0.6) * us.share_us)
    assert (round(us.delta_us, 3), round(us.delta_cn, 3), round(math.exp(-0.8), 3)) == (0.549, 0.819, 0.449)
    assert (round(us.share_us, 3), round(cn.share_us, 3), us.limit_share_us) == (0.329, 0.181, approx(0.25))
    assert (round(us.share_us, 4), round(cn.share_us, 4), round(us.share_us - cn.share_us, 3)) == (0.3292, 0.1807, 0.149)
    key_says("06", r"(a) $\delta_U = e^{-0.6} \approx 0.549$, $\delta_C = e^{-0.2} \approx 0.819$. (b) 0.329. (c) 0.181. (d) $1/4$.")
    key_says("06", r"$0.3292 - 0.1807 \approx 0.149$ of the gains")


def test_problem_2_the_option_binds_only_when_offers_are_slow():
    slow = rubinstein.solve(r_us=0.3, r_cn=0.1, Delta=2, w_cn=0.7)
    fast = rubinstein.solve(r_us=0.3, r_cn=0.1, Delta=0, w_cn=0.7)
    assert slow.binds and slow.share_us == approx(0.3) and round(slow.w_star, 3) == 0.671
    assert not fast.binds and fast.w_star == approx(0.75) and fast.share_us == approx(0.25)
    key_says("06", r"China's responder share is $w^* \approx 0.671 < 0.7$, so the option binds and the US keeps 0.3")
    key_says("06", r"with instant offers $w^* = 3/4 > 0.7$, the option is idle and the US keeps $1/4$")


def test_problem_3_threat_point_with_substitutes():
    r = threat_bargaining.solve(s=0.8, sigma=0.25)
    problem_says("06", r"$s = 0.8$ and the US can replace a quarter of the lost supply, $\sigma = 0.25$")
    assert r.tau == approx(1 / 3) and r.d_us == approx(-3) and r.d_cn == approx(-2)
    assert r.u_us == approx(2) and r.u_cn == approx(8) and r.du_cn_ds == approx(2.5)
    base = threat_bargaining.solve()
    assert round(base.u_cn, 2) == 9.07 and round(base.u_cn - r.u_cn, 2) == 1.07
    key_says("06", r"(a) $D_U = 3$, threat point $(d_U, d_C) = (-3, -2)$. (b) $u_U = 2$, $u_C = 8$. (c) 2.5")
    key_says("06", r"$u_C \approx 9.07$; a smaller share and a quarter of substitutes cost China about 1.07")


def test_problem_4_october_rule_at_equal_powers():
    april = threat_bargaining.solve(r_us=0.1, r_cn=0.1)
    october = threat_bargaining.solve(r_us=0.1, r_cn=0.1, threat="October rule")
    assert april.tau == approx(0.5) and april.october_gain_cn == approx(0.5)
    assert (april.u_us, april.u_cn, october.u_us, october.u_cn) == (approx(3.7), approx(6.3), approx(3.2), approx(6.8))
    assert october.u_cn - april.u_cn == approx(april.october_gain_cn)
    edge = threat_bargaining.solve(r_us=0.05, r_cn=0.1)   # tau = 2/3: the rule stops paying
    assert edge.october_gain_cn == pytest.approx(0, abs=1e-12)
    key_says("06", r"(a) 0.5 payoff units ($u_C$ rises from 6.3 to 6.8)")


def test_problem_5_who_takes_the_linkage_gain():
    even = threat_bargaining.solve(linkage=True, r_us=0.1, r_cn=0.1)
    patient_us = threat_bargaining.solve(linkage=True, r_us=0.1, r_cn=0.5)
    assert even.linkage_gain_us == approx(1) and even.linkage_gain_cn == approx(1)
    assert patient_us.tau == approx(5 / 6)
    assert patient_us.linkage_gain_us == pytest.approx(0, abs=1e-12) and patient_us.linkage_gain_cn == approx(4 / 3)
    problem_says("06", "**Switch \"Link the two issues\" on and set US impatience to 0.1.**")
    problem_says("06", "**move China's impatience to 0.5**")
    key_says("06", r"At $r_C = 0.5$ ($\tau = 5/6$) it adds nothing for the US and $4/3$ for China")


def test_the_boxes_hold_the_keys_numbers():
    answers = [answer for _question, answer in selfcheck_answers("06")]
    expected = [math.exp(-0.6), (1 - math.exp(-0.2)) / (1 - math.exp(-0.8)), math.exp(-0.6) * (1 - math.exp(-0.2)) / (1 - math.exp(-0.8)),
                0.25, 0.3, 0.75, -3, 2, 8, 2.5, 0.5, 1, 4 / 3]
    assert answers == [approx(x) for x in expected]
