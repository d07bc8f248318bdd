"""Notebook 06 and its guide: every number, comparison and verdict a model decides, solved at the
values the sentence names (exact where the model takes exact input) and held against the sentence."""
import math
from fractions import Fraction as F

import pytest

from prose import never_says, says
from tradewar.games import bargaining as B
from tradewar.models import rubinstein, threat_bargaining as M

T = F(1, 3)  # the US bargaining power at the defaults, r_cn/(r_us + r_cn) = 0.1/0.3


def _m7(**kw):
    """M7 with every numeric parameter exact."""
    base = {k: F(str(v)) for k, v in M.solve().inputs().items() if k not in ("threat", "linkage")}
    return M.solve(**{**base, **kw})


def test_the_bet_states_its_rates_and_its_answer_is_true():
    bet = rubinstein.solve(r_us=0.2, r_cn=0.1, Delta=1, proposer="US")
    assert bet.share_cn > bet.share_us and round(bet.share_cn, 2) == 0.63 and round(bet.share_us, 2) == 0.37
    assert round(bet.limit_share_us, 2) == 0.33
    says("06", 'bet = rubinstein.solve(r_us=0.2, r_cn=0.1, Delta=1, proposer="US")')
    says("06", "answer=0 if bet.share_us > bet.share_cn else 1")
    # "Twice as much" alone does not decide it: the same ratio at higher rates and slower offers.
    slow = rubinstein.solve(r_us=0.5, r_cn=0.25, Delta=3, proposer="US")
    assert slow.share_us > slow.share_cn and round(slow.share_us, 2) == 0.59
    says("06", "slow = rubinstein.solve(r_us=0.5, r_cn=0.25, Delta=3, proposer=\"US\")")
    says("06", "a proposing US gets 59%", guide=True)
    says("06", "China gets the larger share: 63% against 37%", guide=True)
    # The proposer's edge is the gap between the two proposers (as Experiment 4 defines it), not the gap
    # to the instant-offer limit (0.367 - 0.333 = 3.4 points).
    china_first = rubinstein.solve(r_us=0.2, r_cn=0.1, Delta=1, proposer="China")
    assert round(china_first.share_us, 3) == 0.301 and round(bet.share_us, 3) == 0.367
    assert round(100 * (bet.share_us - china_first.share_us)) == 7
    says("06", 'china_first = rubinstein.solve(r_us=0.2, r_cn=0.1, Delta=1, proposer="China")')
    says("06", "had China proposed, the US would get {china_first.share_us:.0%}")
    says("06", "Proposing first is worth about 7 percentage points (the US gets 0.367 proposing against 0.301 "
               "if China proposed; 1/3 with instant offers)", guide=True)
    never_says("06", "Proposing first is worth about 3 percentage points", guide=True)
    # The rates are in the ratio 2, but a month's loss 1 - e^(-r) is not: 0.181 against 0.095 (1.90).
    assert bet.inputs()["r_us"] == 2 * bet.inputs()["r_cn"]
    assert round((1 - bet.delta_us) / (1 - bet.delta_cn), 2) == 1.90
    says("06", "the US's rate of impatience is twice China's")
    for text in ("twice as much as it costs China", 'The ratio "twice as much"'):
        never_says("06", text)
        never_says("06", text, guide=True)


def test_alternating_offers_by_hand():
    assert B.rubinstein(F(9, 10), F(9, 10))[0] == F(10, 19)
    says("06", r"With equal discount factors $\delta = 0.9$ the proposer keeps $1/(1+\delta) = 10/19$")
    # Exercise 1.
    assert B.rubinstein(F(4, 5), F(9, 10)) == (F(5, 14), F(9, 14))
    assert B.rubinstein(F(9, 10), F(4, 5)) == (F(5, 7), F(2, 7))
    says("06", "Proposing, the US keeps $(1 - 0.9)/0.28 = 5/14 \\approx 0.357$")
    says("06", "Proposing, China keeps $(1 - 0.8)/0.28 = 5/7 \\approx 0.714$, the US $2/7$.")
    low, high = B.outside_option(F(4, 5), F(9, 10), F(3, 5)), B.outside_option(F(4, 5), F(9, 10), F(7, 10))
    assert low.threshold == F(9, 14) and not low.binds and high.binds and high.keep_i == F(3, 10)
    assert high.keep_j == F(19, 25)
    says("06", "w_C = 0.7 binds: the US offers 0.7 and keeps 0.3; if China proposed, it would keep "
               "1 − δ_U(1 − w_C) = 1 − 0.8 × 0.3 = 0.76", guide=True)


def test_impatience_outside_option_and_the_map():
    # Experiment 1: the US share with instant offers is one quarter at r_U = 0.3; 2/3 at 0.05, 1/6 at 0.5.
    assert rubinstein.solve(r_us=F(3, 10), r_cn=F(1, 10), Delta=0).share_us == F(1, 4)
    assert rubinstein.solve(r_us=F(1, 20), r_cn=F(1, 10), Delta=0).share_us == F(2, 3)
    assert rubinstein.solve(r_us=F(1, 2), r_cn=F(1, 10), Delta=0).share_us == F(1, 6)
    says("06", "One quarter needs r_U = 3 r_C = 0.3 per month", guide=True)
    # Experiment 2: w* at the defaults; China already gets 63% as a responder.
    w = rubinstein.solve().w_star
    assert round(w, 3) == 0.633
    says("06", "China already gets 63% as a responder")
    says("06", "Above 0.633 the US must offer exactly w_C", guide=True)
    # Experiment 5 (Extension): the boundary at r_U = 0.4 with instant offers.
    assert rubinstein.solve(r_us=F(2, 5), r_cn=F(1, 10), Delta=0).w_star == F(4, 5)
    says("06", "so at r_U = 0.4 it lies at 0.8", guide=True)
    # Experiment 4 (Extension): the first-mover edge.
    assert round(rubinstein.solve().share_us, 3) == 0.367
    assert round(rubinstein.solve(proposer="China").share_us, 3) == 0.301
    assert round(rubinstein.solve(Delta=3).share_us, 3) == 0.437
    assert round(rubinstein.solve(Delta=3, proposer="China").share_us, 3) == 0.240
    says("06", "moves the US from 0.367 (proposing) to 0.301 (responding)", guide=True)
    says("06", "widens the gap to 0.437 against 0.240", guide=True)


def test_nash_bargaining_at_the_defaults():
    r = _m7()
    assert (r.d_us, r.d_cn, r.tau) == (F(-23, 5), -2, T)
    assert (r.u_us, r.u_cn) == (F(14, 15), F(136, 15))
    says("06", r"$u_U = -4.6 + \tfrac13(10 + 4.6 + 2) \approx 0.93$ and $u_C \approx 9.07$")
    says("06", "compute the defaults together (14/15 and 136/15)", guide=True)
    # Variable threats: the October rule pays below tau = 2/3, gains 1 at the defaults, 0 at r_U = 0.05.
    assert r.october_gain_cn == 1 and r.best_threat == M.OCTOBER
    edge = _m7(r_us=F(1, 20))
    assert edge.tau == F(2, 3) and edge.october_gain_cn == 0 and edge.best_threat == M.APRIL
    says("06", r"It pays China when $(1-\tau)\cdot 2 > \tau \cdot 1$, that is when $\tau < 2/3$")
    says("06", "then switch to the October rule (China gains 1)", guide=True)
    says("06", "The rule stops paying at τ = 2/3, reached with r_U = 0.05 and r_C = 0.1", guide=True)
    assert r.du_cn_ds == F(10, 3)
    says("06", "(1 − τ) m (1 − σ) = (2/3) × 5 = 10/3 per unit of share", guide=True)


def test_allies_cost_tau_per_unit_of_damage():
    gap = _m7(D_cn=F(7, 2)).u_us - _m7().u_us
    assert gap == F(1, 2)
    eager = _m7(r_us=F(2, 5))
    assert eager.tau == F(1, 5) and _m7(r_us=F(2, 5), D_cn=F(7, 2)).u_us - eager.u_us == F(3, 10)
    says("06", "going it alone costs the US τ × 1.5 = (1/3) × 1.5 = **0.5** payoff units", guide=True)
    says("06", "With r_U = 0.4 (τ = 0.2) the loss is only 0.3", guide=True)
    says("06", "students answer the check (0.5)", guide=True)


@pytest.mark.parametrize("tau", [F(k, 44) for k in range(4, 41)])
def test_the_linked_package_is_the_weighted_nash_solution(tau):
    u_us, u_cn, _ = B.linked_issues((3, 1), (1, 3), tau)
    want = (12 * tau, 4 - 4 * tau) if tau <= F(1, 4) else (3, 3) if tau <= F(3, 4) else (4 * tau, 12 - 12 * tau)
    assert (u_us, u_cn) == want
    # Never worse than one issue at a time; both strictly better only strictly between 1/4 and 3/4.
    gain = (u_us - 4 * tau, u_cn - 4 * (1 - tau))
    assert min(gain) >= 0 and (min(gain) > 0) == (F(1, 4) < tau < F(3, 4))


def test_linkage_prose():
    assert M.trade_range() == (F(1, 4), F(3, 4))
    says("06", r"$(12\tau,\ 4-4\tau)$ to (the US, China) for $\tau \le 1/4$")
    says("06", r"$(3,\ 3)$ for $1/4 \le \tau \le 3/4$")
    says("06", r"$(4\tau,\ 12-12\tau)$ for $\tau \ge 3/4$")
    says("06", "In this model linkage never leaves either side worse off")
    says("06", r"Both gain when $1/4 < \tau < 3/4$; outside that range the whole gain goes to the side with the "
               "smaller bargaining power")
    says("06", r"$1/4 < \tau < 3/4$ (experiment 3)")
    says("06", "gives (12τ, 4 − 4τ) for τ ≤ 1/4, the trade (3, 3) for 1/4 ≤ τ ≤ 3/4 and (4τ, 12 − 12τ) "
               "for τ ≥ 3/4", guide=True)
    # At the defaults: the trade, +5/3 for the US and +1/3 for China.
    r = _m7(linkage=True)
    assert (r.linkage_gain_us, r.linkage_gain_cn) == (F(5, 3), F(1, 3)) and r.linked_shares == (1, 0)
    assert r.outcome == "October rule pays China; linkage helps both"
    says("06", "At the defaults both gain from linkage (the US 5/3, China 1/3), which is why both sides could "
               "call it a win")
    never_says("06", "the US gains more from linkage (5/3) than China (1/3), which is why")
    says("06", "both gain, which is how each side could present London as a win (the US gains more)", guide=True)
    says("06", "The gain is 3 − 8/3 = 1/3; the US")
    says("06", "At τ = 1/3 linkage adds 5/3 for the US and 1/3 for China", guide=True)
    # Below tau = 1/4 China's gain is 0 and the US takes 8 tau; above 3/4 the reverse.
    low, high = _m7(r_us=F(2, 5)), _m7(r_us=F(1, 20), r_cn=F(1, 2))
    assert low.tau == F(1, 5) and (low.linkage_gain_us, low.linkage_gain_cn) == (F(8, 5), 0)
    assert high.tau == F(10, 11) and high.linkage_gain_us == 0 and high.linkage_gain_cn > 0
    says("06", "Below τ = 1/4 (r_U ≥ 3 r_C) China's gain is 0 and the US takes the whole gain, 8τ", guide=True)
    # The old, false verdict is gone.
    for text in ("linkage costs", "Linkage costs China when", "loses from trading them"):
        never_says("06", text)
        never_says("06", text, guide=True)


def test_exercise_3():
    gains = {r: _m7(r_us=F(r)) for r in ("0.2", "0.25", "0.3", "0.35", "0.4")}
    assert [g.linkage_gain_cn for g in gains.values()] == [F(1, 3), F(1, 7), 0, 0, 0]
    assert [g.linkage_gain_us for g in gains.values()] == [F(5, 3), F(13, 7), 2, F(16, 9), F(8, 5)]
    first = next(k / 100 for k in range(5, 51) if M.solve(r_us=k / 100).linkage_gain_cn < 1e-9)
    assert first == 0.3
    # The solution's loop prints rounded values, so a student never sees 4.44e-16 at r_U = 0.35.
    printed = [(round(M.solve(r_us=r).linkage_gain_cn, 3), round(M.solve(r_us=r).linkage_gain_us, 3))
               for r in (0.2, 0.25, 0.3, 0.35, 0.4)]
    assert printed == [(0.333, 1.667), (0.143, 1.857), (0.0, 2.0), (0.0, 1.778), (0.0, 1.6)]
    says("06", "print(r, round(result.linkage_gain_cn, 3), round(result.linkage_gain_us, 3))")
    says("06", "# China: 0.333, 0.143, 0.0, 0.0, 0.0; the US: 1.667, 1.857, 2.0, 1.778, 1.6")
    never_says("06", "(up to rounding), 0, 0")
    says("06", "1/7 at 0.25 and 0 at 0.3, 0.35 and 0.4", guide=True)
    says("06", "(1.6 at r_U = 0.4)", guide=True)
    says("06", "Answer: 0.3.", guide=True)


def test_exercise_2():
    assert B.nash_bargaining(10, -3, -1, F(1, 2)) == (4, 6)
    assert B.nash_bargaining(10, -6, -3, F(1, 2)) == (F(7, 2), F(13, 2))
    assert B.best_threat(10, [(-3, -1), (-6, -3)], 0.5, chooser=1) == (1, (3.5, 6.5))
    says("06", "returns `(1, (3.5, 6.5))`")
    says("06", "`(1, (3.5, 6.5))`", guide=True)


def test_the_articles_and_the_symbols():
    # CNN dates the start of the fentanyl tariffs to February, not the 20% rate.
    for text in ("imposed in February", "20% fentanyl duty imposed"):
        never_says("06", text)
        never_says("06", text, guide=True)
    says("06", "CNN dates the start of those fentanyl tariffs to February")
    # One symbol, one meaning: the bargaining power is τ (α is 07's demand), the surplus Π (S is 03's sucker payoff).
    for text in ("α", r"\alpha", "bargaining weight"):
        never_says("06", text)
        never_says("06", text, guide=True)
    says("06", "Terms and symbols: [glossary](../docs/glossary.md).")
    assert "Pi" in M.PARAMS and "S" not in M.PARAMS and math.isclose(float(M.solve().tau), 1 / 3)


def test_impatience_costs_a_side_relative_to_equal_patience_not_always_below_half():
    # Referee 1: with offers a period apart the more impatient side can get more than half when it proposes.
    for r_us, r_cn, Delta in ((0.5, 0.25, 3), (0.11, 0.1, 1)):
        r = rubinstein.solve(r_us=r_us, r_cn=r_cn, Delta=Delta, proposer="US")
        assert r_us > r_cn and r.share_us > 0.5
    assert round(rubinstein.solve(r_us=0.11, r_cn=0.1, Delta=1).share_us, 3) == 0.502
    # What is true: less than with equal patience, for either proposer and any spacing of offers ...
    for proposer in rubinstein.PROPOSERS:
        for Delta in (0, 0.5, 1, 3):
            for r_us in (0.11, 0.2, 0.5):
                same = rubinstein.solve(r_us=0.1, r_cn=0.1, Delta=Delta, proposer=proposer).share_us
                assert rubinstein.solve(r_us=r_us, r_cn=0.1, Delta=Delta, proposer=proposer).share_us < same
    # ... and less than half once offers are fast enough, whoever proposes.
    for proposer in rubinstein.PROPOSERS:
        assert rubinstein.solve(r_us=0.11, r_cn=0.1, Delta=0.01, proposer=proposer).share_us < 0.5
    says("06", "1. In alternating offers the more impatient side gets less than it would with equal patience, and "
               r"once offers come fast enough ($\Delta \to 0$) it gets less than half whoever proposes")
    says("06", "explain why the more impatient side gets less than it would with equal patience (and less than "
               "half once offers come fast)")
    says("06", "At these discount factors the more patient side, China, gets more even when the US proposes.")
    assert B.rubinstein(F(4, 5), F(9, 10))[1] > B.rubinstein(F(4, 5), F(9, 10))[0]
    for text in ("even when it makes the first offer", "The more patient side gets more even when the other side"):
        never_says("06", text)
    assert "even when it makes the offers" not in rubinstein.__doc__


def test_who_won_london_depends_on_the_model():
    # Referee 2: r_U > r_C is not enough. Rubinstein with a month between offers:
    assert round(100 * rubinstein.solve(r_us=0.11, r_cn=0.1, Delta=1, proposer="US").share_us, 1) == 50.2
    says("06", r"with offers a month apart a proposing US can still get more (at $r_U = 0.11$ and $r_C = 0.1$ "
               "it keeps 50.2%)")
    # Nash bargaining: the US gets more at these values although r_U > r_C.
    r = _m7(r_us=F(11, 100), s=1, m=1, D_cn=5)
    assert (round(float(r.u_us), 2), round(float(r.u_cn), 2)) == (6.62, 3.38) and r.u_us > r.u_cn
    says("06", r"at $r_U = 0.11$, $r_C = 0.1$, $s = 1$, $m = 1$ and $D_C = 5$ the model gives $u_U = 6.62$ and "
               "$u_C = 3.38$")
    # The condition stated: China gets more exactly when (1 - 2τ)Π + 2(1 - τ)D_U > 2τD_C (April list).
    for r_us in (F(1, 20), F(1, 10), F(11, 100), F(1, 5), F(1, 2)):
        for s_ in (F(1, 2), F(92, 100), 1):
            for m in (1, 5, 10):
                for D_cn in (0, 2, 5):
                    for Pi in (4, 10, 20):
                        q = _m7(r_us=r_us, s=s_, m=m, D_cn=D_cn, Pi=Pi)
                        D_us, tau = m * s_, q.tau
                        assert (q.u_cn > q.u_us) == ((1 - 2 * tau) * Pi + 2 * (1 - tau) * D_us > 2 * tau * D_cn)
    says("06", r"China gets more than the US exactly when $(1-2\tau)\Pi + 2(1-\tau)D_U > 2\tau D_C$")
    never_says("06", "this reading holds whenever $r_U > r_C$ and $s$ is high")


def test_threat_point_and_outside_option_are_told_apart():
    # Referee 4: d is the payoff while no deal is in force; a walk-away payoff is an outside option.
    says("06", "the **threat point** $(d_U, d_C)$ (what each side suffers while no deal is in force: the cut-off "
               "and the controls in place during the standoff, in Nash's 1953 terms the threats carried out)")
    says("06", "A payoff from leaving the table for good is something else: an outside option")
    for text in ("if talks fail", "if talks failed", "damage from a breakdown", "a breakdown of talks"):
        never_says("06", text)
        never_says("06", text, guide=True)
    # Referee 17: notebook 02's D_U = m·s·(1 - σ)(1 - ψ) is 06's only without leakage.
    from tradewar.models import chokepoint
    assert math.isclose(chokepoint.solve(psi=0).D_us, -_m7().d_us, rel_tol=1e-9)
    assert chokepoint.solve(psi=0.5).D_us < -_m7().d_us
    says("06", r"notebook 02's damage with no leakage ($\psi = 0$), so $d_U = -D_U$")
    never_says("06", "the same damage as in notebook 02")


def test_citations_terms_and_the_articles():
    # Referee 5: the outside option principle is Shaked-Sutton and BRW; BSS 1989 is the experiment.
    says("06", "**outside option principle** (Shaked and Sutton, 1984; Binmore, Rubinstein and Wolinsky, 1986; "
               "Osborne and Rubinstein, 1990, §3.12); Binmore, Shaked and Sutton (1989) tested")
    never_says("06", "changes nothing (Binmore, Shaked and Sutton, 1989)")
    never_says("06", "Binmore–Shaked–Sutton result", guide=True)
    # Referee 12: Farrell and Newman's term is about hubs; mutual vulnerability is not it.
    says("06", "the chokepoint effect of **weaponized interdependence**, in Farrell and Newman's 2019 term")
    never_says("06", "each side can hurt the other")
    assert "mutual hostage" not in M.__doc__
    # Referee 13: here only China chooses its threat; the rule is weighted by the powers.
    says("06", "in Nash's game both sides choose at once, here only China chooses")
    says("06", r"with US power $\tau$, China weighs the extra US damage by $1-\tau$ and its own by $\tau$")
    never_says("06", "A threat that hurts yourself is worth holding if it hurts the other side more (Nash")
    # Referee 8, 9, 19: no stronger than the articles.
    says("06", "while China was promised the rollback of the new US export controls")
    says("06", "55%/10% headline while China was promised the rollback")
    says("06", "(CNN notes this may count only duties added since April)")
    says("06", "Kennedy adds that the US could no longer lean on its allies to press China; in the model's terms")
    says("06", "reported that strategists judged that Beijing did not feel it needed a deal")
    says("06", "Bert Hofman (an adjunct professor at the National University of Singapore and a former World Bank "
               "country director for China)")
    for text in ("China got the rollback", "Kennedy adds one more reason", "quoted strategists who judged",
                 "economist Bert Hofman"):
        never_says("06", text)
    # Referee 16: isolation and eagerness offset, they do not compound.
    assert _m7(r_us=F(2, 5), D_cn=F(7, 2)).u_us - _m7(r_us=F(2, 5)).u_us < _m7(D_cn=F(7, 2)).u_us - _m7().u_us
    says("06", "the two US weaknesses (eagerness and isolation) interact, and partly offset each other", guide=True)
    never_says("06", "compound", guide=True)


def test_exercise_1_checks_with_the_discount_factor_function():
    # Referee 11: games.bargaining.outside_option takes discount factors directly.
    eq = B.outside_option(F(4, 5), F(9, 10), F(7, 10))
    assert (eq.keep_i, eq.offer_j, eq.keep_j) == (F(3, 10), F(7, 10), F(19, 25))
    says("06", "Check it with `bargaining.outside_option(Fraction(4, 5), Fraction(9, 10), Fraction(7, 10))`")
    says("06", "the US proposing keeps `keep_i` = 3/10 and offers `offer_j` = 7/10; China proposing would keep "
               "`keep_j` = 19/25")
    never_says("06", "only through rates")


def test_linkage_is_safe_because_the_endpoints_are_shared():
    # Referee 7: the weighted Nash point on a set with the same endpoints gives each side at least τ (1 - τ)
    # of its endpoint; a larger set alone would not do (see tests/games/test_bargaining.py).
    (start, *_, end), _ = B.issue_frontier((3, 1), (1, 3))
    assert (start, end) == ((0, 4), (4, 0))
    for k in range(0, 41):
        tau = F(k, 40)
        u_us, u_cn, _ = B.linked_issues((3, 1), (1, 3), tau)
        assert u_us >= tau * end[0] and u_cn >= (1 - tau) * start[1]
        assert (tau * end[0], (1 - tau) * start[1]) == B.split_issues((3, 1), (1, 3), tau)
    says("06", "Because the larger set has the same endpoints, the weighted Nash point on it gives each side at "
               "least its share of that side's endpoint")
    says("06", "it is not individually monotone; Kalai and Smorodinsky, 1975")
    never_says("06", "never gives a side less than that point does")
    says("06", "because the linked frontier has the same endpoints, (0, 4) and (4, 0), as the line of separate "
               "deals", guide=True)


def test_the_proposer_moves_only_the_idle_line_on_the_map():
    # Referee 15: whether the option binds does not depend on who proposes; who gets more does.
    us, cn = rubinstein.regime_grid(proposer="US"), rubinstein.regime_grid(proposer="China")
    binds = rubinstein.LABELS.index(rubinstein.BINDS)
    assert ((us.codes == binds) == (cn.codes == binds)).all() and (us.codes != cn.codes).any()
    says("06", "Switching the proposer leaves that boundary where it is")
    says("06", "r_C and Δ redraw the binding boundary. Switching the proposer leaves that boundary where it is",
         guide=True)
    never_says("06", "r_C, Δ and the proposer redraw", guide=True)
    # With China proposing, a binding option and offers a period apart, both r_U and w_C move the split.
    a = rubinstein.solve(w_cn=0.8, proposer="China")
    assert a.binds and a.share_cn != rubinstein.solve(w_cn=0.8, proposer="China", r_us=0.3).share_cn
    assert a.share_cn != rubinstein.solve(w_cn=0.9, proposer="China").share_cn
    says("06", "proposing, offers a period apart and its option binding, both do (China keeps 1 − δ_U(1 − w_C))",
         guide=True)
