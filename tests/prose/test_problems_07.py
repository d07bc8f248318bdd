"""Problem set 07 and its key against M9 and M10: every number the key states, solved at the values it names."""
import math
from fractions import Fraction as F

import pytest
from problem_answers import selfcheck_answers
from problems import key_says, problem_says

from tradewar.models import attrition, brinkmanship

approx = lambda x: pytest.approx(x, rel=1e-9)  # noqa: E731


def test_problem_1_modest_demands():
    r = attrition.solve(alpha=0.6)
    problem_says("07", r"each side demands $\alpha = 0.6$ of the gains")
    assert r.lam_us == approx(0.2) and r.lam_cn == approx(0.4)
    assert r.T_us == approx(math.log(10) / 0.2) and r.T_cn == approx(math.log(10) / 0.4)
    assert (round(r.T_us, 2), round(r.T_cn, 2), round(r.T_us, 1), round(r.T_cn, 1)) == (11.51, 5.76, 11.5, 5.8)
    assert r.weak == "US" and r.c == approx(1 - 1 / math.sqrt(10)) and round(r.c, 3) == 0.684
    key_says("07", r"(a) $\lambda_U = 0.2$ and $\lambda_C = 0.4$ per month. (b) $T_U \approx 11.5$ months, "
                   r"$T_C \approx 5.8$ months: the US is the weak side. (c) $c = 1 - 1/\sqrt{10} \approx 0.684$.")


def test_problem_2_the_demand_sets_the_pace_not_the_odds():
    modest, base = attrition.solve(alpha=0.6), attrition.solve()
    assert modest.c == approx(base.c) and modest.p_us_first == approx(base.p_us_first)
    assert round(base.p_us_first, 3) == 0.786
    assert modest.lam_us == approx(4 * base.lam_us) and base.T_us == approx(4 * modest.T_us)
    assert round(base.T_us, 1) == 46.1
    assert (round(base.expected_delay, 2), round(modest.expected_delay, 2)) == (1.83, 0.46)
    assert base.expected_delay == approx(4 * modest.expected_delay)
    assert (modest.payoff_us, base.payoff_us) == (approx(0.4), approx(0.25))
    key_says("07", "the chance that the US concedes first, about 0.786, are the same")
    key_says("07", "(11.5 against 46.1 months for the US)")
    key_says("07", "falls from about 1.83 to about 0.46 months")
    key_says("07", r"a rational US expects $1 - \alpha$, 0.4 against 0.25")


def test_problem_3_half_the_supply_replaced():
    r = brinkmanship.solve(sigma=0.5)
    exact = brinkmanship.solve(sigma=F(1, 2), D0_us=F(23, 5), p=F(3, 10))
    assert exact.damage_us == F(23, 10) and exact.p_star == F(10, 23) and exact.exp_cost_cn_star == F(20, 23)
    assert r.p_star == approx(10 / 23) and r.exp_cost_cn_star == approx(20 / 23) and r.worth_it
    assert (round(10 / 23, 3), round(20 / 23, 3), round(1 / 4.6, 3)) == (0.435, 0.870, 0.217)
    problem_says("07", r"substitutes and stockpiles replace half of the lost supply: $\sigma = 0.5$")
    key_says("07", r"(a) $D_U = 2.3$ and $p^* = 1/2.3 = 10/23 \approx 0.435$. (b) $p^* D_C = 20/23 \approx 0.870$")
    key_says("07", r"(c) $l = 20/23 \approx 0.870$")


def test_problem_4_the_explorer():
    r = brinkmanship.solve(sigma=0.4)   # p = 0.3, the default
    assert dict(r.params)["p"] == 0.3 and brinkmanship.solve().us_yields
    assert not r.us_yields and r.response == "US holds firm"
    assert r.outcome == "Brinkmanship pays: the US yields to p*" and r.worth_it
    assert r.damage_us == approx(2.76) and r.exp_cost_us == approx(0.828) and r.p_star == approx(25 / 69)
    assert round(r.p_star, 3) == 0.362 and round(r.exp_cost_cn_star, 3) == 0.725
    problem_says("07", "**Keep p at 0.30 and move σ from 0 to 0.40.**")
    key_says("07", r"$p\,D_U = 0.3 \times 2.76 = 0.828$")
    key_says("07", r"$p^* = 1/2.76 = 25/69 \approx 0.362$; China would still run it, since $p^* D_C \approx 0.725 \le l = 1$")


def test_problem_5_rates_set_by_the_other_side():
    base = attrition.solve()
    faster_us = attrition.solve(r_us=0.4)
    assert faster_us.lam_cn == approx(2 * base.lam_cn) and faster_us.lam_us == approx(base.lam_us)
    assert base.T_us / base.T_cn == approx(0.2 / 0.1)


def test_the_boxes_hold_the_keys_numbers():
    answers = [answer for _question, answer in selfcheck_answers("07")]
    expected = [0.2, 0.4, math.log(10) / 0.2, math.log(10) / 0.4, 1 - 1 / math.sqrt(10), 2.3, 10 / 23, 20 / 23, 25 / 69]
    assert answers == [approx(x) for x in expected]
