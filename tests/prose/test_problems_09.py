"""Problem set 09 and its key against readings.solve and readings.norms: every number the key states,
solved at the values it names."""
import math
from fractions import Fraction as F

import pytest
from problem_answers import selfcheck_answers
from problems import key_says, problem_says

from tradewar.models import readings

START = dict(lr_wording=2, lr_terms=F(1, 2), lr_pledge=2, lr_october=2)   # the start's ratios, exact


def test_problem_1_the_sceptic_and_the_call():
    r = readings.solve(mu0=F(1, 5), lr_call=F(1, 2), **START)
    assert r.lrs == (1, 1, 1, F(1, 2), 2, F(1, 2), 2, 2)
    assert r.bayes_factor == 2 and r.prior_odds == F(1, 4) and r.posterior == F(1, 3)
    assert r.verdict == "Prosaic reading more likely"
    problem_says("09", r"$\Lambda_{\text{call}} = 1/2$")
    # The record's ratio (2 > 1) favours the dramatic reading; only her posterior stays prosaic.
    assert r.bayes_factor > 1 and r.posterior < F(1, 2)
    key_says("09", r"(a) 2. (b) $1/3$: after the record the prosaic reading is still the more likely for her, "
                   r"although the record itself (ratio 2) favours the dramatic reading.")
    problem_says("09", "which reading does the record itself (its likelihood ratio) favour?")
    problem_says("09", "three are 1 and the call is now 1/2")
    assert r.lrs.count(1) == 3
    key_says("09", r"posterior odds $1/4 \times 2 = 1/2$, posterior $(1/2)/(1 + 1/2) = 1/3$")


def test_problem_2_order_and_the_size_of_a_move():
    r = readings.solve(mu0=F(1, 2), **START)
    names = [e.name for e in readings.events()]
    wording, october = r.moves[4], r.moves[7]
    assert r.lrs[4] == r.lrs[7] == 2 and (wording, october) == (F(1, 6), F(2, 15))
    assert (r.path[4], r.path[5], r.path[7], r.path[8]) == (F(1, 2), F(2, 3), F(2, 3), F(4, 5))
    assert "October" in names[7] or "Oct" in names[7]
    assert round(math.log10(2), 2) == 0.30
    # The order of the events never changes the final probability.
    assert math.prod(reversed(r.lrs)) == math.prod(r.lrs) == r.bayes_factor
    problem_says("09", r"the first raises the probability of the dramatic reading by $1/6$ and the second by only $2/15$")
    key_says("09", r"$1/2 \to 2/3$ (up $1/6$) for the wording but $2/3 \to 4/5$ (up $2/15$) for October")


def test_problem_3_rules_for_a_noisier_truce():
    n = readings.norms(epsilon=F(1, 5), q=F(4, 5))
    star = dict(zip(readings.RULES, n.delta_star))
    need = dict(zip(readings.RULES, n.delta_needed))
    assert star[readings.STATUS_QUO] == pytest.approx(5 / 7, rel=1e-9)
    assert star[readings.SHARED_DATA] == pytest.approx(2 / 3, rel=1e-9)
    assert star[readings.HOTLINE] == pytest.approx(5 / 8, rel=1e-9)
    assert star[readings.NARROW] == pytest.approx(1 / 2, rel=1e-9)
    assert n.best == n.best_star == readings.NARROW   # (c) asks for δ*: best_star is its answer
    assert min(n.delta_star) == star[readings.NARROW]
    problem_says("09", "answer=noisy.best_star")
    assert need[readings.NARROW] == pytest.approx((math.sqrt(5) - 1) / 2, abs=1e-6)   # solved numerically
    assert need[readings.STATUS_QUO] is None and need[readings.SHARED_DATA] is None
    assert round(need[readings.HOTLINE], 3) == 0.884 and round(need[readings.LONGER], 3) == 0.821
    assert dict(dict(zip(readings.RULES, n.changes))[readings.LONGER])["L"] == 4
    problem_says("09", r"$\varepsilon = 0.2$ and $q = 0.8$, with $T = 5$, $R = 3$, $P = 1$, $S = 0$")
    key_says("09", r"(a) $\delta^* = 5/7 \approx 0.714$. (b) $2/3 \approx 0.667$. (c) The narrower toolset "
                   r"($\delta^* = 1/2$; the hotline gives $5/8 = 0.625$). (d) $(\sqrt5 - 1)/2 \approx 0.618$.")
    key_says("09", "the hotline needs about 0.884, and longer punishments ($L = 4$) about 0.821")


def test_problem_4_the_explorer():
    post = {t: readings.solve(mu0=F(3, 10), lr_terms=F(t, 10)).posterior for t in (4, 3, 2)}
    assert post[4] > F(1, 2) and post[3] > F(1, 2) > post[2]
    assert (round(float(post[3]), 3), round(float(post[2]), 3)) == (0.507, 0.407)
    float_slider = readings.solve(mu0=0.3, lr_terms=0.2)
    assert float_slider.verdict == "Prosaic reading more likely" and readings.solve(mu0=0.3, lr_terms=0.3).verdict \
        == "Dramatic reading more likely"
    even = 1 / readings.solve(mu0=F(3, 10), lr_terms=1).posterior_odds
    assert even == F(7, 24) and readings.solve(mu0=F(3, 10), lr_terms=even).posterior == F(1, 2)
    assert round(7 / 24, 3) == 0.292 and round(24 / 7, 1) == 3.4
    assert (round(24 / 7 * 0.3, 2), round(24 / 7 * 0.2, 2)) == (1.03, 0.69)
    key_says("09", r"posterior odds are $(24/7)\,\Lambda_{\text{terms}}$: $1.03$ at 0.3, $0.69$ at 0.2")
    problem_says("09", "**Set your prior μ₀ to 0.30, then drag the London terms down from 0.5 in steps of 0.1.**")
    key_says("09", r"The verdict first favours the prosaic reading at 0.2 (probability of the dramatic reading about 0.407; "
                   r"at 0.3 it is still about 0.507)")
    key_says("09", r"$\Lambda_{\text{terms}} = 7/24 \approx 0.292$")


def test_the_boxes_hold_the_keys_numbers():
    answers = [answer for _question, answer in selfcheck_answers("09")]
    assert answers[:2] == [2, F(1, 3)] and answers[4] == readings.NARROW and answers[6:] == [F(1, 5), F(7, 24)]
    assert answers[2:4] == [pytest.approx(5 / 7, rel=1e-9), pytest.approx(2 / 3, rel=1e-9)]
    assert answers[5] == pytest.approx((math.sqrt(5) - 1) / 2, abs=1e-6)


def test_problem_2_and_5_claim_no_more_than_the_model():
    r = readings.solve(mu0=F(1, 2), **START)
    assert r.lrs[4] * r.lrs[5] == 1   # wording and London's terms point opposite ways
    key_says("09", "for two that point opposite ways, like the wording (2) and London's terms (1/2), the error can go either way")
    problem_says("09", "as the course reads Kennedy, both readings have the stall deliberate")
    key_says("09", "as the course reads Kennedy, both readings have China hold up licences on purpose")
