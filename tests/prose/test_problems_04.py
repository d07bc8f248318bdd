"""Problem set 04 and its key: every number is M3's (TACO) at the values the problem names, in exact
fractions, with the odds worked by hand beside the model."""
from __future__ import annotations

from fractions import Fraction as F

from problem_answers import selfcheck_answers
from problems import key_says, problem_says
from tradewar.models import taco

EXACT = dict(mu0=F(1, 2), beta_tough=F(1, 5), beta_chicken=F(4, 5), kappa=F(1, 5))


def ticked(*events):
    return {e.param: e.param in events for e in taco.RECORD}


def mu_by_hand(mu0, bt, bc, k, j):
    odds = mu0 / (1 - mu0) * (bt / bc) ** k * ((1 - bt) / (1 - bc)) ** j
    return odds / (1 + odds)


def test_problem_1_whole_record():
    r = taco.solve(**EXACT, **ticked(*(e.param for e in taco.RECORD)))
    assert (r.k, r.j) == (5, 1)
    assert r.mu == F(1, 257) == mu_by_hand(F(1, 2), F(1, 5), F(4, 5), 5, 1)
    assert r.b_bar == F(205, 257) and r.retaliates and r.b_star == F(5, 7)
    key_says("04", "(a) μ = **1/257 ≈ 0.0039**. (b) b̄ = **205/257 ≈ 0.798**.")


def test_problem_2_higher_stakes():
    r = taco.solve(**EXACT, l=2)
    assert r.b_star == F(10, 19) and r.k_needed == 1
    assert r.b_bars[0] == F(1, 2) < r.b_star
    assert taco.RECORD[0].param == "april9_cut" and r.first_rational == taco.RECORD[0].label
    key_says("04", "(a) b* = **10/19 ≈ 0.526**. (b) **One** back-down: the April 9, 2025 tariff cut. (c) No.")


def test_problem_3_chicken_barely_above_b_star():
    r = taco.solve(**{**EXACT, "beta_chicken": F(18, 25)})
    assert r.k_needed == 4 and r.mu_star == F(1, 91)
    back_downs = [e for e in taco.RECORD if e.kind == taco.BACK_DOWN]
    assert back_downs[3].param == "wording_dropped" and r.first_rational == back_downs[3].label
    assert (F(5, 18) ** 3 > F(1, 90)) and (F(5, 18) ** 4 <= F(1, 90))
    assert taco.solve(beta_chicken=0.72).k_needed == 4  # the slider's float value
    # Needed back-downs grow as beta_ch falls towards b* (5/7 < 0.72 < 0.8).
    ks = [taco.solve(**{**EXACT, "beta_chicken": F(c, 100)}).k_needed for c in (80, 75, 72)]
    assert ks == [2, 3, 4]
    key_says("04", "(a) **4** back-downs: the fourth in the record, the dropped worldwide wording")
    key_says("04", "(μ ≤ 1/91 here)")


def test_problem_4_informative_but_not_enough():
    r = taco.solve(**{**EXACT, "beta_tough": F(1, 10), "beta_chicken": F(3, 5)},
                   **ticked("april9_cut", "geneva_request", "late_may_controls"))
    assert (r.k, r.j) == (2, 1)
    assert r.mu == F(1, 17) == mu_by_hand(F(1, 2), F(1, 10), F(3, 5), 2, 1)
    assert r.b_bar == F(97, 170) and not r.retaliates and r.b_star == F(5, 7)
    assert r.outcome == "Never pays"
    key_says("04", "(a) μ = **1/17**. (b) b̄ = **97/170 ≈ 0.571**. (c) No.")
    key_says("04", "(the model reports \"Never pays\")")


def test_problem_5_one_retreat_or_three():
    once = taco.solve(**EXACT, **ticked("april9_cut", "geneva_request", "june5_call"))
    thrice = taco.solve(**EXACT)
    assert (once.mu, once.b_bar) == (F(1, 65), F(257, 325))
    assert (thrice.mu, thrice.b_bar) == (F(1, 1025), F(4097, 5125))
    assert once.retaliates and thrice.retaliates
    assert once.first_rational == thrice.first_rational == taco.RECORD[1].label  # the Geneva request
    assert taco.RECORD[1].param == "geneva_request"
    key_says("04", "(a) b̄ = **257/325 ≈ 0.791** (μ = 1/65)")
    key_says("04", "With all five back-downs: μ = 1/1025 and b̄ = 4097/5125 ≈ 0.799")


def test_marks_add_up():
    from problems import marks

    posed, keyed = marks("04")
    assert sorted(posed) == list(range(1, 6))
    assert {k: v[0] for k, v in posed.items()} == {k: v[0] for k, v in keyed.items()}
    assert all(sum(parts) == total for total, parts in posed.values())   # every problem has marked parts
    assert [parts for _, parts in posed.values()] == [[2, 1], [1, 1, 1], [1, 2], [2, 1, 1], [1, 3]]
    assert sum(total for total, _ in posed.values()) == 17
    problem_says("04", "**5 problems worth 17 marks**")
    key_says("04", "**Total: 17 marks** in 5 problems")
    # The key's marking lines give the same split, part by part.
    key_says("04", "**Marking.** (a) 1 mark for the odds, 1 for μ. (b) 1 mark.")
    key_says("04", "**Marking.** 1 mark each; (b) needs the event.")
    key_says("04", "**Marking.** (a) 1 mark. (b) 1 mark for the bound b̄ ≤ β_Ch and the small μ*, 1 for the odds")
    key_says("04", "**Marking.** (a) 1 mark for the odds, 1 for μ. (b) 1 mark. (c) 1 mark for the bound b̄ ≤ β_Ch < b*.")
    key_says("04", "**Marking.** (a) 1 mark. (b) 1 mark for the independence assumption, 1 for the two values of μ and")


def test_every_check_box_holds_the_keyed_answer():
    """The SelfCheck boxes, in order, check against the values asserted above and stated in the key."""
    assert [answer for _question, answer in selfcheck_answers("04")] == [F(1, 257), F(205, 257), F(10, 19), 1, 4, F(1, 17), F(97, 170), F(257, 325)]
