"""Problem set 05 and its key against M4: every number the key states, solved at the values it names."""
import math
from fractions import Fraction as F

from problem_answers import selfcheck_answers
from problems import key_says, problem_says

from tradewar.models import chain_store as M


def test_problem_1_2_3_the_longer_game():
    r = M.solve(N=12, g=F(2, 3), u=3, mu0=F(1, 5))
    problem_says("05", r"$N = 12$ challenges, $g = 2/3$, $u = 3$ and $\mu_0 = 1/5$")
    problem_says("05", "chain_store.solve(N=12, g=Fraction(2, 3), u=3, mu0=Fraction(1, 5))")
    assert F(2, 3) ** 3 >= F(1, 5) > F(2, 3) ** 4
    assert round(math.log(0.2) / math.log(2 / 3), 2) == 3.97
    assert (r.n_star, r.deterred, r.first_entry) == (3, 9, 10)
    key_says("05", r"(a) $n^* = 3$. (b) 9 challengers, numbers 1 to 9, stay out for sure")
    key_says("05", "`n_star = 3`, `deterred = 9`, `first_entry = 10`")
    # Problem 2: the first challenger who may enter, its phi, the belief after a fight.
    k = r.first_entry - 1
    assert r.phi_path[k] == F(5, 16) and r.belief_path[k + 1] == F(4, 9) == r.thresholds[k + 1]
    assert F(1, 5) + F(4, 5) * F(5, 16) == F(9, 20)
    key_says("05", r"(a) $\varphi_3 = 5/16$. (b) $4/9$.")
    key_says("05", r"$(1/5)/(9/20) = 4/9 = g^2$")
    # Challenger 11 enters for sure after an accommodation (probability 4/5 * 11/16) and, indifferent
    # after a fight (probability 9/20), stays out with probability 1/u = 1/3.
    assert r.entry_prob[k + 1] == F(4, 5) * F(11, 16) + F(9, 20) * (1 - F(1, 3))
    key_says("05", r"stays out with probability $1/u = 1/3$")
    # Problem 3: the reputation's worth.
    assert r.weak_payoff == 27 == (r.N - r.n_star) * 3
    key_says("05", r"**Answer.** 27 payoff units.")


def test_problem_4_u_leaves_n_star_alone():
    runs = {u: M.solve(N=12, g=F(2, 3), u=u, mu0=F(1, 5)) for u in (2, 3)}
    assert {r.n_star for r in runs.values()} == {3}
    assert runs[2].expected_entries == F(27, 10) and runs[3].expected_entries == F(167, 60)
    assert (runs[2].weak_payoff, runs[3].weak_payoff) == (18, 27)
    key_says("05", r"expected entries are $27/10$ at $u = 2$ and $167/60$ at $u = 3$")
    key_says("05", r"is 18 and 27, while $n^* = 3$ in both")


def test_problem_5_the_explorer():
    hi, lo = (M.solve(N=30, g=0.8, mu0=m) for m in (0.1, 0.01))
    assert (hi.n_star, hi.deterred, lo.n_star, lo.deterred) == (10, 20, 20, 10)
    assert round(math.log(0.1) / math.log(0.8), 2) == 10.32 and round(math.log(0.01) / math.log(0.8), 2) == 20.64
    assert round(math.log(10) / math.log(1 / 0.8), 1) == 10.3 and round(math.log(10) / math.log(2), 1) == 3.3
    problem_says("05", "**Set N to 30 and g to 0.8**, then **move μ₀ from 0.10 down to 0.01**")
    key_says("05", r"20 challengers are deterred at $\mu_0 = 0.10$ and 10 at $\mu_0 = 0.01$")


def test_problem_6_prior_on_a_threshold():
    edge = M.solve(N=10, g=F(1, 2), u=2, mu0=F(1, 8))
    base = M.solve(N=10, g=F(1, 2), u=2, mu0=F(1, 10))
    assert edge.n_star == 3 and edge.deterred == 7 and edge.entry_prob[7] == F(1, 2)
    assert edge.weak_payoff == 15 and base.weak_payoff == 14 and base.entry_prob[7] == 1
    problem_says("05", r"At $\mu_0 = 1/10$ it is 14.")
    key_says("05", r"(a) 15 payoff units.")
    key_says("05", r"$14 + \tfrac12 \cdot 2 = 15$")


def test_the_boxes_hold_the_keys_numbers():
    answers = [answer for _question, answer in selfcheck_answers("05")]
    assert answers == [3, 9, F(5, 16), F(4, 9), 27, 20, 10, 15]


def test_marks_add_up():
    from problems import marks

    posed, keyed = marks("05")
    assert sorted(posed) == list(range(1, 7))
    assert {k: v[0] for k, v in posed.items()} == {k: v[0] for k, v in keyed.items()}
    for total, parts in posed.values():
        assert not parts or sum(parts) == total
    assert sum(total for total, _ in posed.values()) == 20
    problem_says("05", "**6 problems worth 20 marks**")
    key_says("05", "**Total: 20 marks** in 6 problems")
    # The key's marking lines, point by point, against each problem's marks.
    scheme = {1: [1, 1, 1, 1], 2: [1, 1, 1, 1], 3: [1, 1, 1], 4: [1, 1, 1], 5: [1, 1, 1], 6: [1, 1, 1]}
    assert {k: sum(v) for k, v in scheme.items()} == {k: v[0] for k, v in posed.items()}
    key_says("05", "(a) 2: 1 for comparing $g^n$ with $\\mu_0$ (or the logarithm formula), 1 for 3. "
                   "(b) 1 for 9, 1 for naming challengers 1-9")
    key_says("05", "**Marking.** 1 for 27. 2 for the reason: entry at challenger 10 (1), indifference")


def test_problem_2b_box_takes_two_decimals_not_the_chance_of_a_fight():
    from tradewar.ui import SelfCheck

    problem_says("05", "answer=game.belief_path[first + 1], tolerance=0.005")
    box = SelfCheck("belief after the fight", F(4, 9), tolerance=0.005)
    assert [box.verdict(x) for x in ("4/9", "0.444", "0.44")] == ["right"] * 3
    assert box.verdict(str(F(9, 20))) != "right" and box.verdict("0.45") != "right"   # Pr(fight), a likely slip
