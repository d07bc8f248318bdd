"""Notebook 05 and its guide page against M4: every number the prose states, solved at the values it names."""
import math
from fractions import Fraction as F

import pytest
from prose import never_says, says

from tradewar.games.reputation import update
from tradewar.models import chain_store as M
from tradewar.models import taco


def test_defaults_n_star_and_the_table():
    r = M.solve(g=F(1, 2), u=2, mu0=F(1, 10))
    assert math.log(0.1) / math.log(0.5) == pytest.approx(3.32, abs=0.005)
    assert r.n_star == 3 and r.deterred == 7 and r.phi_path[7] == F(1, 3) and r.belief_path[8] == F(1, 4)
    says("05", r"At the defaults, $\ln 0.1 / \ln 0.5 = 3.32$, so $n^* = 3$.")
    says("05", "0.1 × 0.75 / (0.9 × 0.25) = 1/3")
    says("05", "Two self-checks (n* = 3, φ = 1/3)", guide=True)


def test_the_table_follows_the_path_where_entrants_are_fought():
    # Challenger 7 (n = 4) stays out, 8 (n = 3) enters, 9 and 10 (n = 2, 1) are indifferent (belief = g^n)
    # once 8 and 9 have been fought; the last one's fight moves no belief shown.
    r = M.solve(g=F(1, 2), u=2, mu0=F(1, 10))
    assert r.N == 10 and r.belief_path[6] > r.thresholds[6] and r.belief_path[7] < r.thresholds[7]
    assert [r.belief_path[i] == r.thresholds[i] for i in (8, 9)] == [True, True]
    assert r.belief_path[8] == max(r.belief_path[7], F(1, 2) ** 2)   # after 8 is fought
    assert r.belief_path[9] == max(r.belief_path[8], F(1, 2))        # after 9 is fought
    says("05", "follows the last four challenges at the defaults on the path where every challenger who may enter"
               " does (the indifferent challengers 9 and 10 included) and every entrant before the last is fought;"
               " an *indifferent* challenger stays out with probability $1/u = 1/2$.")
    never_says("05", "on the path where every entry is fought")


def test_an_early_fight_leaves_the_belief_unchanged():
    """Issue 8, notebook 05: early on both types fight, so a fight teaches nothing."""
    r = M.solve(g=F(1, 2), u=2, mu0=F(1, 10))
    # challengers 1-6 (mu0 >= g^(n-1)): both types fight, the belief stays; challenger 7 would be fought
    # with 7/9 only
    assert r.phi_path[:6] == (1,) * 6 and r.phi_path[6] == F(7, 9)
    assert all(update(r.belief_path[0], 1, phi) == F(1, 10) for phi in r.phi_path[:6])
    says("05", "For challengers 1 to 6, $\\mu_0 \\ge g^{n-1}$, so a weak incumbent would fight for sure")
    h = M.solve(N=100)
    assert h.phi_path[:96] == (1.0,) * 96 and h.phi_path[96] < 1
    says("05", "If one of challengers 1-96 entered anyway, a weak incumbent would fight it for sure", guide=True)
    says("05", "an early fight leaves the belief at 1/10", guide=True)
    says("05", "**Nobody fights them; nothing is punched.**")
    never_says("05", "precisely to look tough")
    never_says("05", "fights early to look tough")
    never_says("05", "the punch is exactly what a weak China")
    never_says("05", "one punch\" can indeed keep a hundred away")


def test_a_hundred_challenges():
    r = M.solve(N=100)
    assert r.deterred == 97 and r.may_enter == 3 and r.first_entry == 98
    assert r.expected_entries == pytest.approx(2.75) and r.expected_entries_weak == pytest.approx(2.81, abs=0.005)
    assert r.expected_entries_tough == pytest.approx(2.25) and r.weak_payoff == pytest.approx(194)
    assert M.solve().weak_payoff == pytest.approx(14)
    says("05", "it expects 2.75 entries in all (2.81 against a weak China, 2.25 against a tough one)", guide=True)
    says("05", "194 payoff units to a weak incumbent at N = 100 (14 at N = 10)", guide=True)
    says("05", "(14 at N = 10, 194 at N = 100)", guide=True)
    says("05", "deterred for sure, the first possible entry is challenge 98", guide=True)


def test_late_may_entries():
    """Referee 5: n* = 5 only for 1/64 < μ₀ <= 1/32; at 1/100 (or 1/64) n* = 6, so five entries need not be the
    last five challenges, only within the last n*."""
    r = M.solve(N=100)
    assert max(r.entry_prob[:97]) == 0 and r.may_enter == 3
    fit = M.solve(N=100, g=F(1, 2), mu0=F(1, 32))
    assert fit.n_star == 5 and M.solve(N=100, g=F(1, 2), mu0=F(1, 32) + F(1, 10**9)).n_star == 4
    assert M.solve(N=100, g=F(1, 2), mu0=F(1, 64) + F(1, 10**9)).n_star == 5
    assert M.solve(N=100, g=F(1, 2), mu0=F(1, 64)).n_star == 6 and M.solve(N=100, g=F(1, 2), mu0=F(1, 100)).n_star == 6
    says("05", "At the defaults no play has more than 3 entries; with g = 0.5 five entries fit only if μ₀ ≤ g⁵ = 1/32 "
               "(at exactly 1/32, n* = 5; at 1/100, n* = 6), and only within the last n* challenges", guide=True)
    says("05", "(at exactly {fit.belief_path[0]}, n* = {fit.n_star}; at {lower.belief_path[0]}, \"")
    says("05", "and only within the last n* challenges of the game.")
    never_says("05", "and even then only as")
    never_says("05", "and then only as the last five challenges", guide=True)
    says("05", "C919 airliner, on chemicals and on chip-design software")


def test_assumptions_include_one_shot_challengers():
    """Referee 2: Kreps-Wilson need challengers who play once and ignore what later challengers learn."""
    says("05", "play once and do not care what later challengers learn, whereas a long-lived Washington may enter "
               "to probe, which is Kennedy's first, \"prosaic\" reading of both sides testing each other")
    says("05", "each playing once and not caring what later challengers learn (a single long-lived Washington has "
               "its own reason to enter and probe, Kennedy's first, \"prosaic\" reading", guide=True)
    says("05", "for instance, a long-lived Washington that probes, which the model's one-shot challengers never do")


def test_taco_read_the_other_way():
    """Referee 4: 'tough' never gives in here, so one accommodation is conclusive; in 04 April 9 takes μ to 1/5."""
    r = M.solve(N=30, back_down_at=5)
    assert r.path_beliefs[5] == 0 and r.entries_after_back_down == 25
    four = taco.solve(mu0=F(1, 2), beta_tough=F(1, 5), beta_chicken=F(4, 5), kappa=F(1, 5))
    assert four.events[0] == "April 9 tariff cut" and four.beliefs[:2] == (F(1, 2), F(1, 5))
    says("05", "In this model, where a tough type never gives in, one accommodation is conclusive")
    says("05", "at 04's defaults April 9 takes China's belief from 1/2 to 1/5")
    says("05", "its April listing of seven rare earths answered the US tariff hikes")
    says("05", "fit the model's update loosely")
    says("05", "April 9 only moves China's belief from 1/2 to 1/5", guide=True)
    says("05", "in this model, where a tough type never gives in, one accommodation reveals a weak type")
    never_says("05", "is the model's belief update in everyday words")
    never_says("05", "every later challenger (here China in May)")


def test_n_counts_challenges_not_weapons():
    """Referee 6: N is the horizon (Selten's towns), not China's levers."""
    says("05", "$N$ counts challenges, the towns of Selten's story")
    says("05", "They are not a larger N: N counts challenges (Selten's towns)", guide=True)
    never_says("05", "In the model that is a larger $N$")
    never_says("05", "more levers are a larger N", guide=True)


def test_sequential_equilibrium_needs_consistency():
    """Referee 7: Bayes' rule where it applies, limits of such updates off the path (Kreps-Wilson consistency).
    Belief 0 stays 0 after an off-path fight: the weak incumbent then never fights and every challenger enters."""
    r = M.solve(N=30, back_down_at=5)
    assert all(b == 0 for b in r.path_beliefs[5:])
    says("05", "the beliefs follow from the plans by Bayes' rule wherever Bayes' rule applies")
    says("05", "Kreps and Wilson require beliefs that are limits of such updates when every move is made with a small "
               "positive probability (*consistency*)")
    never_says("05", "follow from the plans by Bayes' rule. With")


def test_deterred_fought_for_sure_except_at_most_the_last():
    """Referee 8: at μ₀ = g^(n*) exactly every deterred entrant would be fought for sure (g = 1/2, μ₀ = 1/8: 7)."""
    edge = M.solve(g=F(1, 2), u=2, mu0=F(1, 8))
    assert edge.deterred == 7 and edge.phi_path[:7] == (1,) * 7
    r = M.solve(g=F(1, 2), u=2, mu0=F(1, 10))
    assert r.phi_path[6] == F(7, 9)
    says("05", "while $\\mu_0 \\ge g^{n-1}$: all the deterred ones except, unless $\\mu_0 = g^{n^*}$ exactly, the last")
    never_says("05", "all but the last of the deterred")


def test_exercise_3_stay_out_continuation():
    """Referee 15: at the threshold g^m with m left the weak incumbent expects 1 (u·1/u, then 0); below the next
    threshold, with one challenge fewer, 0."""
    assert M.solve(N=3, g=F(1, 2), u=2, mu0=F(1, 8)).weak_payoff == 1
    assert M.solve(N=3, g=F(1, 2), u=3, mu0=F(1, 8)).weak_payoff == 1
    assert M.solve(N=2, g=F(1, 2), u=2, mu0=F(1, 8)).weak_payoff == 0
    says("05", "which is worth $u$ now and $0$ afterwards")
    says("05", "below the following challenger's threshold $g^{n-2}$, so that challenger enters")
    says("05", "A stay-out is worth u now and 0 afterwards", guide=True)
    never_says("05", "(worth $u$, so $1$ in expectation)")
    never_says("05", "(worth u, so 1 in expectation)", guide=True)


def test_articles_are_not_overstated():
    """Referee 9: Kennedy's "appears" restored twice, and his reading marked as one of two."""
    says("05", "holding back rare-earth licences appears to have been meant to make Washington retreat")
    says("05", "this appears to be the first time it withheld a chokepoint good from the US")
    says("05", "in the one he finds likely the more plausible")
    never_says("05", "never before the US with a chokepoint good")
    never_says("05", "licences was meant to make")
    never_says("05", "explains why Beijing judged")


def test_experiment_1():
    r = M.solve(mu0=0.01)
    assert math.log(0.01) / math.log(0.5) == pytest.approx(6.64, abs=0.005)
    assert r.n_star == 6 and r.deterred == 4 and r.weak_payoff == pytest.approx(8)
    assert r.expected_entries == pytest.approx(5.75, abs=0.005)
    assert M.solve(mu0=0).weak_payoff == 0 and M.solve(mu0=0).deterred == 0
    says("05", "ln 0.01 / ln 0.5 = 6.64")
    says("05", "n* = ⌊ln 0.01 / ln 0.5⌋ = ⌊6.64⌋ = 6, so **4** challengers are deterred", guide=True)
    says("05", "worth 4 × u = 8 payoff units to a weak incumbent; expected entries 5.75", guide=True)


def test_experiment_3_taco():
    r = M.solve(N=30, back_down_at=5)
    assert r.entries_after_back_down == 25 and r.payoff_lost == pytest.approx(44)
    assert r.expected_entries_after == pytest.approx(2.81, abs=0.005)
    assert M.solve(N=30).deterred == 27  # challenges 6-27: 22 deterred stages at u = 2
    says("05", "all **25** later", guide=True)
    says("05", "The weak incumbent loses 44 payoff units: challenges 6 to 27 (22 of them)", guide=True)
    says("05", "2.81 entries are expected after challenge 5", guide=True)


def test_experiment_4():
    r = M.solve(N=30, g=F(4, 5), mu0=F(1, 20))
    assert r.n_star == 13 and r.deterred == 17
    assert math.log(0.05) / math.log(0.8) == pytest.approx(13.4, abs=0.05)
    assert float(r.expected_entries_weak) == pytest.approx(11.94, abs=0.005)
    assert float(r.expected_entries_tough) == pytest.approx(8.89, abs=0.005)
    phis = [round(float(x), 2) for x in r.phi_path[17:]]
    assert phis[0] == 0.71 and phis[1] == 0.79 and phis[-2] == 0.44 and phis[-1] == 0
    assert float(r.phi_path[17]) == pytest.approx(0.713, abs=0.0005)
    assert float(r.belief_path[18]) == pytest.approx(0.069, abs=0.0005) and r.belief_path[18] == F(4, 5) ** 12
    f = M.solve(N=30, g=0.8, mu0=0.05)
    assert f.path[17:22] == ("fought",) * 5 and f.path[22] == "accommodated"
    assert f.sim_mean_entries == pytest.approx(12.06)
    assert M.solve(N=30, g=0.8, mu0=0.05, incumbent="tough").sim_mean_entries == pytest.approx(8.955)  # the guide rounds it to 8.96
    says("05", "$n^* = 13$")
    says("05", "n* = ⌊ln 0.05 / ln 0.8⌋ = ⌊13.4⌋ = 13, so challenges 1-17 stay", guide=True)
    says("05", "A weak incumbent faces 11.94 entries in expectation, a tough one 8.89", guide=True)
    says("05", "(12.06 weak, 8.96 tough at seed 5)", guide=True)


def test_experiment_5():
    r10, r100 = M.solve(g=0.9, mu0=0.1), M.solve(g=0.9, mu0=0.1, N=100)
    assert r10.n_star == 21 and r10.deterred == 0 and r100.deterred == 79
    assert math.log(0.1) / math.log(0.9) == pytest.approx(21.85, abs=0.005)
    assert M.solve(g=0.7, mu0=0.1).deterred == 4 and M.solve(g=0.7, mu0=0.1, N=100).deterred == 94
    assert M.solve(g=0.7, mu0=0.1).n_star == 6
    says("05", "n* = ⌊ln 0.1 / ln 0.9⌋ = ⌊21.85⌋ = **21**", guide=True)
    says("05", "ln 0.1 / ln 0.9 = 21.9")


def test_exercises():
    r = M.solve(N=5, g=F(1, 3), u=2, mu0=F(1, 10))
    assert r.n_star == 2 and r.deterred == 3 and r.phi_path[3] == F(2, 9) and r.belief_path[4] == F(1, 3)
    assert r.entry_prob == (0, 0, 0, 1, F(17, 20)) and r.expected_entries == F(37, 20)
    says("05", "entry probabilities (0, 0, 0, 1, 17/20) for challengers 1-5, expected entries 37/20", guide=True)
    for mu0, deterred, ns in ((F(1, 2048), 89, 11), (1 / 2048, 89, 11), (0.0005, 90, 10)):
        e = M.solve(N=100, mu0=mu0)
        assert e.deterred == deterred and e.n_star == ns and e.may_enter == 100 - deterred
    says("05", "# 89: at exactly g^11, challenger 90 is indifferent (n* = 11)")
    says("05", "`mu0=1/2048` gives the same 89 and n* = 11", guide=True)


def test_symbols_one_meaning():
    """Referee 10: μ_n counts events forward in 04 and 09, so 05 puts its backward index n only on g^n and φ_n."""
    for old in ("$\\mu_n$ the challengers' belief", "\\mu_n < g^n", "\\mu_n \\ge g^{n-1}", "\\mu_{n-1}",
                "belief μ<sub>n</sub>", "beliefs $\\mu_n$"):
        never_says("05", old)
    never_says("05", "μ_n the belief", guide=True)
    never_says("05", "whenever μ_n ≥", guide=True)
    says("05", "indexes the stage, in $g^n$ and $\\varphi_n$, never the belief")


def test_symbols():
    says("05", "Kreps and Wilson write $b$ for the gain $g$, $a$ for the payoff $u$ and $\\delta$ for the prior $\\mu_0$")
    says("05", "Terms and symbols: [glossary](../docs/glossary.md).")
    never_says("05", "⌈")
