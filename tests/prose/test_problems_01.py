"""Problem set 01 and its key: every number is M2's (chicken) at the values the problem names, in
exact fractions."""
from __future__ import annotations

import re
from fractions import Fraction as F

from problem_answers import selfcheck_answers
from problems import key_says, key_text, problem_says, problems_text
from tradewar.models import chicken


def test_problem_1_mixed_payoffs():
    r = chicken.solve()
    assert (r.p_us_hawk, r.p_cn_hawk) == (F(1, 2), F(1, 3))
    assert r.mixed_payoffs == (F(-1, 3), F(-1, 2))
    # Both actions give each side the same in the mix (hand check against the matrix).
    m = r.matrix()
    x, y = r.p_us_hawk, r.p_cn_hawk
    us = [m.A[i][0] * (1 - y) + m.A[i][1] * y for i in (0, 1)]
    cn = [m.B[0][j] * (1 - x) + m.B[1][j] * x for j in (0, 1)]
    assert us == [F(-1, 3)] * 2 and cn == [F(-1, 2)] * 2
    # The side that yields in a pure equilibrium gets -1, less than its mixed payoff.
    assert (m.A[1][0], m.B[1][0]) == (2, -1) and (m.A[0][1], m.B[0][1]) == (-1, 2)
    assert -1 < F(-1, 3) and -1 < F(-1, 2)
    problem_says("01", "the US plays Hawk with probability x = 1/2 and China with probability y = 1/3")
    key_says("01", "(a) US **−1/3**, China **−1/2**")
    key_says("01", "(check Hawk: g(1 − y) − c_U·y = 4/3 − 5/3 = −1/3)")


def test_problem_2_risk_dominance_when_china_fears_more():
    r = chicken.solve(c_us=4, c_cn=6)
    assert r.risk_dominant == chicken.US_HAWK and r.outcome == chicken.CN_YIELDS
    m = r.matrix()
    china_yields = (m.A[1][0] - m.A[0][0]) * (m.B[1][0] - m.B[1][1])
    us_yields = (m.A[0][1] - m.A[1][1]) * (m.B[0][1] - m.B[0][0])
    assert (china_yields, us_yields) == (10, 6) and F(china_yields, us_yields) == F(5, 3)
    key_says("01", "(a) **China** yields: (US Hawk, China Dove) is risk-dominant. (b) **5/3 ≈ 1.67**")
    key_says("01", "China c_C − h = 5: product 10")
    key_says("01", "China g = 2: product 6")


def test_problem_3_crash_probability_one_twelfth():
    r = chicken.solve(c_cn=7)
    assert r.p_crash == F(1, 12) and (r.p_us_hawk, r.p_cn_hawk) == (F(1, 4), F(1, 3))
    assert chicken.solve().p_cn_hawk == F(1, 3) and chicken.solve().p_us_hawk == F(1, 2)
    # 7 is the only value on the slider's grid that gives 1/12.
    grid = [F(i, 10) for i in range(15, 101)]
    assert [c for c in grid if chicken.solve(c_cn=c).p_crash == F(1, 12)] == [7]
    key_says("01", "(a) **c_C = 7**. (b) The US's probability x falls from 1/2 to 1/4; China's y stays 1/3")


def test_problem_4_a_costlier_retreat():
    r = chicken.solve(h=F(5, 2))
    assert (r.p_us_hawk, r.p_cn_hawk, r.p_crash) == (F(4, 5), F(4, 9), F(16, 45))
    assert r.risk_dominant == chicken.CN_HAWK == chicken.solve().risk_dominant
    assert chicken.solve().p_crash == F(1, 6)
    slider = chicken.solve(h=2.5)  # the slider's float value
    assert abs(slider.p_crash - 16 / 45) < 1e-12 and slider.risk_dominant == chicken.CN_HAWK
    key_says("01", "(a) **16/45 ≈ 0.356** (up from 1/6 at h = 1)")
    try:  # the model rejects h = c_C = 3
        chicken.solve(h=3)
        raise AssertionError("h = 3 accepted")
    except ValueError:
        pass
    problem_says("01", "model accepts only h below 3 here")
    key_says("01", "x = 2/(2 + 3 − 2.5) = 4/5, y = 2/(2 + 5 − 2.5) = 4/9")
    key_says("01", "g(c_U − h) = 2 × 2.5 = 5 where the US yields and g(c_C − h) = 2 × 0.5 = 1 where China yields")
    # Both probabilities rise with h over the whole range the model accepts at these costs.
    hs = [F(i, 10) for i in range(1, 30)]
    xs = [chicken.solve(h=h).p_us_hawk for h in hs]
    ys = [chicken.solve(h=h).p_cn_hawk for h in hs]
    assert xs == sorted(xs) and ys == sorted(ys) and len(set(xs)) == len(xs)


def test_problem_5_a_revocable_first_move():
    # Solve the revocable game by hand from the matrix: the US replies last to China's action.
    m = chicken.solve().matrix()
    reply = {c: max((0, 1), key=lambda r: m.A[r][c]) for c in (0, 1)}
    china = max((0, 1), key=lambda c: m.B[reply[c]][c])
    assert (china, reply[china]) == (1, 0)  # China Hawk, US Dove
    assert (m.A[reply[china]][china], m.B[reply[china]][china]) == (-1, 2)
    assert chicken.solve(order="China moves first").payoffs == (-1, 2)
    key_says("01", "(b) The order *China moves first*; the US gets **−1**")
    key_says("01", "compares Dove, −h = −1, with Hawk, −c_U = −5, and switches to Dove")
    # April 9, 2025 (Kennedy): tariffs cut for every country except China, not China's.
    problem_says("01", "on April 9, 2025 the US cut them for every country except China, Kennedy reports")
    problem_says("01", "gives the same outcome and payoffs")


def marks_of(nn: str) -> list[tuple[int, int, list[int]]]:
    """Per problem, read from the texts: (marks in the problem set's heading, in the key's heading,
    the parts' marks [k] in the problem set)."""
    heading = r"## Problem (\d+): [^\[]*\[(\d+) marks?\]"
    sets = re.findall(heading + r"(.*?)(?=## Problem |$)", problems_text(nn))
    keys = dict(re.findall(heading, key_text(nn)))
    return [(int(m), int(keys[n]), [int(k) for k in re.findall(r"\([a-z]\) \[(\d+)\]", body)]) for n, m, body in sets]


def test_marks_add_up():
    marks = marks_of("01")
    assert [m for m, _, _ in marks] == [3, 3, 3, 4, 3] and sum(m for m, _, _ in marks) == 16
    assert all(m == k == sum(parts) for m, k, parts in marks), marks
    problem_says("01", "**5 problems worth 16 marks**")
    key_says("01", "**Total: 16 marks** in 5 problems")


def test_every_check_box_holds_the_keyed_answer():
    """The SelfCheck boxes, in order, check against the values asserted above and stated in the key."""
    assert [answer for _question, answer in selfcheck_answers("01")] == [F(-1, 3), F(-1, 2), "China", F(5, 3), 7, F(1, 4), F(16, 45), -1]
