"""Problem set 08 and its key against M8 (with M1's threshold): every number the key states, solved at the
values it names."""
import math

import pytest
from problem_answers import selfcheck_answers
from problems import key_says, problem_says

from tradewar.models import chokepoint, leverage_window

approx = lambda x: pytest.approx(x, rel=1e-9)  # noqa: E731


def test_problem_1_faster_erosion():
    r = leverage_window.solve(eta1=0.15)
    problem_says("08", r"$\eta_1 = 0.15$ per year ($s_0 = 0.92$, $s^* = 0.3$, $\eta_0 = 0$)")
    assert r.t_star == approx(math.log(0.3 / 0.92) / math.log(0.85))
    assert (round(r.t_star, 2), r.renewals, round(float(r.year_end), 1)) == (6.90, 13, 2031.9)
    assert (round(math.log(0.3 / 0.92), 4), round(math.log(0.85), 4)) == (-1.1206, -0.1625)
    key_says("08", r"(a) $t^* \approx 6.90$ years. (b) 13 renewals. (c) 2031 (the window closes at about 2031.9).")
    # (b) asks for the model's count, whole six-month periods: floor(t*/0.5).
    assert r.renewals == math.floor(r.t_star / 0.5)
    problem_says("08", r"How many six-month renewals of the supply pledge fit inside it (whole six-month periods")


def test_problem_2_waiting_with_some_erosion_before_use():
    now = leverage_window.solve(eta0=0.02, eta1=0.15)
    later = leverage_window.solve(eta0=0.02, eta1=0.15, first_use=2028)
    assert later.share_at_use == approx(0.92 * 0.98 ** 3) and round(later.share_at_use, 3) == 0.866
    assert now.t_star == approx(leverage_window.solve(eta1=0.15).t_star)
    assert (round(later.t_star, 2), round(now.t_star - later.t_star, 2)) == (6.52, 0.37)
    delay = later.year_end - now.year_end
    assert delay == approx(3 * (1 - math.log(0.98) / math.log(0.85)))
    assert (round(delay, 2), round(math.log(0.98) / math.log(0.85), 3), round(float(later.year_end), 1)) == (2.63, 0.124, 2034.5)
    key_says("08", r"(a) 0.866. (b) $t^* \approx 6.52$ years. (c) About 2.63 years later (around 2034.5 instead of 2031.9).")


def test_problem_3_threshold_from_the_chokepoint_model():
    m1 = chokepoint.solve(m=6)
    assert m1.s_star == approx(0.25)
    r = leverage_window.solve(s_star=m1.s_star)
    assert r.t_star == approx(math.log(0.25 / 0.92) / math.log(0.9))
    assert (round(r.t_star, 2), r.renewals, round(leverage_window.solve().t_star, 2)) == (12.37, 24, 10.64)
    problem_says("08", r"$m = 6$ instead of 5")
    key_says("08", r"(a) $s^* = 1.5/6 = 0.25$. (b) $t^* \approx 12.37$ years. (c) 24 renewals.")
    base = leverage_window.solve()
    assert base.t_star >= 10 and round(r.t_star - base.t_star, 2) == 1.73
    key_says("08", "already past ten years at $m = 5$, grows by about 1.73 years")


def test_problem_4_the_explorer():
    r = leverage_window.solve(s_star=0.5, eta1=0.3)
    assert (round(r.t_star, 2), r.renewals, round(float(r.year_end), 1)) == (1.71, 3, 2026.7)
    assert round(leverage_window.MIDTERMS, 2) == 2026.84 and r.year_end < leverage_window.MIDTERMS
    assert not r.deterred_at_midterms and round(r.share_at_midterms, 2) == 0.48
    problem_says("08", r"**Set the deterrence threshold s\* to 0.50 and the erosion after first use η₁ to 0.30.**")
    key_says("08", r"The window is $t^* \approx 1.71$ years with 3 renewals, so it closes around 2026.7")
    key_says("08", "at the midterms China's share, about 0.48, is below $s^* = 0.5$")


def test_problem_5_share_against_erosion():
    base, full, slow = leverage_window.solve(), leverage_window.solve(s0=1), leverage_window.solve(eta1=0.05)
    gain = full.t_star - base.t_star
    assert gain == approx(math.log(1 / 0.92) / -math.log(0.9))
    assert (round(gain, 2), round(full.t_star, 2), round(slow.t_star, 2)) == (0.79, 11.43, 21.85)
    assert round(math.log(1 / 0.92) / math.log(0.92 / 0.3), 2) == 0.07 and math.log(1 / 0.92) < -math.log(0.9)
    key_says("08", r"(a) About 0.79 years.")
    key_says("08", "lengthens the window from about 10.64 to about 21.85 years")


def test_the_boxes_hold_the_keys_numbers():
    answers = [answer for _question, answer in selfcheck_answers("08")]
    expected = [math.log(0.3 / 0.92) / math.log(0.85), 13, 2031, 0.92 * 0.98 ** 3,
                math.log(0.3 / (0.92 * 0.98 ** 3)) / math.log(0.85), 3 * (1 - math.log(0.98) / math.log(0.85)), 0.25,
                math.log(0.25 / 0.92) / math.log(0.9), 24, math.log(0.5 / 0.92) / math.log(0.7), 3,
                leverage_window.solve(s_star=0.5, eta1=0.3).share_at_midterms, math.log(1 / 0.92) / -math.log(0.9)]
    assert answers == [approx(x) for x in expected]
