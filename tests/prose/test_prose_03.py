"""Notebook 03 and its guide: every number and verdict the model decides, solved at the values the
sentence names, and the sentence itself."""
import math
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest

from prose import never_says, says
from tradewar.games import repeated
from tradewar.models import truce

EXACT = dict(delta=F(9, 10), epsilon=F(1, 10), q=F(9, 10))
ROOT = Path(__file__).resolve().parents[2]


def test_patience_thresholds_at_the_defaults():
    r = truce.solve(**EXACT)
    assert r.delta_grim == F(1, 2) and r.delta_tft == F(2, 3) and r.delta_star == F(10, 17)
    says("03", "(T − R)/(T − P) = (5 − 3)/(5 − 1) = 1/2")
    says("03", "for 1/2 ≤ δ < 2/3 only the harsher rule holds the truce")
    says("03", "Answer: 2/3.", guide=True)
    # Between 1/2 and 2/3 grim trigger is an equilibrium and tit-for-tat is not.
    mid = truce.solve(delta=F(3, 5), epsilon=0, q=1)
    assert mid.grim_spe and not mid.tft_nash


def test_experiment_1_two_round_punishment_needs_the_golden_ratio():
    # With epsilon = 0, q = 1 and L = 2 the constraint is delta(1 + delta) >= 1.
    root = (math.sqrt(5) - 1) / 2
    for d in (0.51, 0.55, 0.6, 0.61):
        r = truce.solve(delta=d, epsilon=0, q=1)
        assert r.grim_spe and r.outcome == truce.TOO_SHORT
    assert truce.solve(delta=0.62, epsilon=0, q=1).outcome == truce.HOLDS
    assert truce.solve(delta=root + 1e-6, epsilon=0, q=1).ic_holds
    assert not truce.solve(delta=root - 1e-6, epsilon=0, q=1).ic_holds
    says("03", "just above $\\delta = 0.5$ it still reads \"punishment too short\"")
    says("03", "δ ≥ (√5 − 1)/2 ≈ 0.618", guide=True)
    says("03", "above 0.5 and up to 0.61 it reads \"punishment too short\"", guide=True)
    # Referee 12: at delta = delta* = 1/2 exactly only war for ever deters, so no finite L saves it.
    for d in (F(1, 2), 0.5):
        r = truce.solve(delta=d, epsilon=0, q=1)
        assert r.delta_star == F(1, 2) and r.L_min is None and r.outcome == truce.IMPATIENT
    says("03", "at $\\delta = 0.5$ exactly it reads \"too impatient\", since there only war for ever deters")
    says("03", "At δ = 0.5 exactly it reads \"too impatient\"", guide=True)


def test_a_known_last_round_and_the_kmrw_caveat():
    u = repeated.unravel(5, 3, 1, 0, 10)
    assert u.path == (("D", "D"),) * 10 and u.total == (10, 10)
    assert truce.solve(horizon=10, delta=0.99).outcome == truce.UNRAVELS
    says("03", "With 10 known rounds each side ends with 10 payoff units instead of 30", guide=True)
    assert repeated.unravel(5, 3, 1, 0, 3).total == (3, 3)
    says("03", "3 payoff units each, against 9 if the truce had held")
    # "However patient" now carries the Kreps-Milgrom-Roberts-Wilson caveat, in notebook and guide.
    says("03", "however patient the two sides are, as long as each knows the other's payoffs")
    says("03", "Kreps, Milgrom, Roberts and Wilson (1982) showed")
    says("03", "Kreps, Milgrom, Roberts and Wilson (1982)", guide=True)


def test_war_share_and_delta_star():
    assert truce.solve(**EXACT, L=2).war_share == F(1, 6)
    says("03", "εL/(1 + εL) = 0.2/1.2 = 1/6 ≈ 0.17")
    says("03", "with $\\varepsilon = 0.1$ and $L = 2$ a sixth of all rounds")
    says("03", "1/6 at the defaults", guide=True)
    assert truce.solve(**{**EXACT, "epsilon": F(1, 5)}, L=4).war_share == F(4, 9)
    says("03", "# 0.8/1.8 = 4/9 = 0.444...")
    sim = truce.simulate("limited punishment", "limited punishment", rounds=100, matches=2000, epsilon=0.2, L=4,
                         public=True)
    assert sim.actions[0, 30:].mean() == pytest.approx(4 / 9, abs=0.01)
    says("03", "sim.actions[0, 30:].mean() # about 0.44")
    assert truce.solve(epsilon=F(1, 20), **{k: v for k, v in EXACT.items() if k != "epsilon"}).delta_star == F(5, 9)
    says("03", "δ* = 2/(2 × 0.95 + 0.85 × 2) = 2/3.6 = 5/9 ≈ 0.56, down from 10/17 ≈ 0.59")
    says("03", "δ* falls from 10/17 ≈ 0.59 to 5/9 ≈ 0.56 when ε halves", guide=True)


def test_experiment_5_short_punishments():
    r = truce.solve(L=1, **EXACT)
    assert r.outcome == truce.TOO_SHORT and r.V == F(309, 109)
    # Referee 2: the gain and the loss themselves, in payoff units: T - R this round against
    # delta (q - eps) (V - P) from the next round on (one round of war), not both sides of the
    # constraint multiplied by (1 - delta) + delta eps (1 - delta^L).
    loss = F(9, 10) * (F(9, 10) - F(1, 10)) * (r.V - 1)
    assert loss == F(144, 109) and round(float(loss), 2) == 1.32 and loss < 2
    says("03", "(breaking it gains T − R = 2 this round against an expected loss of 1.32 from the next round on)",
         guide=True)
    never_says("03", "0.144 of expected future loss", guide=True)
    assert "an expected loss of δ(q - ε)·1·(V - P) = 1.32 from the next round on" in " ".join(r.explain())
    assert [truce.solve(**{**EXACT, "epsilon": e}).L_min for e in (F(1, 10), F(1, 5), F(3, 10))] == [2, 3, 5]
    says("03", "2 rounds at ε = 0.1, 3 at ε = 0.2 and 5 at ε = 0.3", guide=True)


def test_the_noise_is_one_shared_signal():
    # Referee 11: V, the constraint and the war share assume one public signal (Green-Porter).
    says("03", "Both sides watch **one signal that both see**. It reads \"breach\" with probability $\\varepsilon$ in a"
               " round when both keep the truce")
    never_says("03", "Each round a side keeping the truce is *seen* as breaking it")
    # The constraint in payoff units is the displayed one multiplied through: checked at the defaults.
    r = truce.solve(**EXACT)
    d, e, q = EXACT["delta"], EXACT["epsilon"], EXACT["q"]
    scale = (1 - d) + d * e * (1 - d ** 2)
    assert d * (q - e) * (1 + d) * (r.V - 1) * scale == d * (q - e) * (1 - d ** 2) * 2   # right sides
    says("03", "multiply both sides by $(1-\\delta) + \\delta\\varepsilon(1-\\delta^L)$ to get the line above")
    says("03", "$\\delta(q-\\varepsilon)(1 + \\delta + \\dots + \\delta^{L-1})(V - P)$")


def test_the_table_and_explanation_describe_a_truce_only_where_it_is_kept():
    # Referee 3: at L = 1, delta = 0.5 (collapses) and horizon = 10 (unravels) there is no kept truce.
    for kw in (dict(L=1), dict(delta=F(1, 2)), dict(horizon=10)):
        r = truce.solve(**{**EXACT, **kw})
        assert not r.kept and "nobody cheating" not in " ".join(r.explain())
    assert truce.solve(**EXACT).kept
    says("03", 'return lambda r: getattr(r, field) if r.kept else "– (not kept)"')
    says("03", "(without a known last round)")
    # Referee 18: the fifth region, and what the legend says of it.
    assert truce.solve(epsilon=F(3, 10), q=F(1, 2), delta=F(9, 10)).outcome == truce.NOISY
    assert truce.solve(epsilon=F(3, 10), q=F(1, 2), delta=F(9, 10)).delta_star == F(10, 9)
    says("03", "*too noisy for any patience* means no patience below 1 is enough, even with war for ever")


def test_tit_for_tat_needs_two_thirds_against_one_deviation():
    # Referee 20: one deviation, break once then return (T, S, then R on), not alternation.
    d = F(2, 3)
    assert 5 + d * 0 == (1 + d) * 3 and truce.solve(**EXACT).delta_tft_once == d
    says("03", "T then S must not beat R then R, that is T + δS ≤ (1 + δ)R")
    says("03", "T + δS > (1 + δ)R, that is when δ < 2/3", guide=True)
    never_says("03", "alternating T and S")
    never_says("03", "T, S, T, S", guide=True)


def test_experiment_3_simulation_within_three_hundredths_of_the_formula():
    # Referee 20: "within 0.03 of the formula at every setting of the two sliders", as the explorer draws it.
    def sim(e, L):
        s = truce.simulate("limited punishment", "limited punishment", epsilon=e, L=L, public=True, rounds=60)
        return float(s.actions[0, 10:].mean())
    for e in (0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3):
        for L in (1, 2, 3, 4, 6, 8, 10, 12):
            assert abs(sim(e, L) - truce.solve(epsilon=e, L=L).war_share) < 0.03, (e, L)
    assert round(sim(0.1, 2), 3) == 0.161 and round(sim(0.3, 12), 3) == 0.783
    assert round(float(truce.solve(epsilon=F(3, 10), L=12).war_share), 3) == 0.783
    says("03", "within 0.03 of the formula at every setting of the two sliders (0.161 against 0.167 here; 0.783"
               " against 0.783 at ε = 0.3, L = 12)", guide=True)


def test_experiment_4_the_cooperation_line():
    # Referee 20: the line sinks for tit-for-tat and levels off near 0.7 for the forgiving rules (q = 1,
    # 40 rounds, the default epsilon 0.1 and gamma 0.3, as the explorer plays it).
    share, tail = {}, {}
    for rule in ("tit-for-tat", "generous tit-for-tat", "win-stay, lose-shift"):
        s = truce.simulate(rule, rule, q=1, rounds=40)
        share[rule], tail[rule] = s.truce_share, s.coop_rate[-10:].mean()
    assert tail["tit-for-tat"] < 0.02
    assert all(0.6 < tail[r] < 0.8 for r in ("generous tit-for-tat", "win-stay, lose-shift"))
    assert [round(share[r], 2) for r in share] == [0.14, 0.69, 0.73]
    says("03", "at $\\varepsilon = 0.1$ it sinks towards 0 for tit-for-tat and levels off near 0.7 for the forgiving"
               " rules")
    says("03", "both keep the truce in 0.14 of rounds under tit-for-tat, against 0.69 under generous tit-for-tat"
               " and 0.73 under win-stay, lose-shift", guide=True)


def test_the_bet_with_q_one_never_restores_peace():
    # Referee 5: with q = 1 (experiment 4) false alarms only add defections: after the first defection
    # of a match no round has both sides keeping the truce.
    p = repeated.play("tit-for-tat", "tit-for-tat", 40, 5000, epsilon=0.1, q=1, seed=3)
    both_keep = ~p.actions.any(axis=0)                        # [round, match]
    broken = np.cumsum(p.actions.any(axis=0), axis=0) > 0    # from the first defection on
    assert broken[-1].mean() > 0.9 and not (both_keep & broken).any()
    says("03", "once the echo has started no round has both sides keeping the truce again", guide=True)
    never_says("03", "rarely, restores peace", guide=True)


def test_exercise_1():
    r = truce.solve(T=6, R=4, P=1, S=0, delta=0.45)
    assert r.delta_grim == pytest.approx(0.4) and r.delta_tft_once == pytest.approx(0.5)
    assert r.grim_spe and not r.tft_nash
    says("03", "gives `grim_spe=True, tft_nash=False`")


def test_the_tit_for_tat_echo_and_win_stay_lose_shift():
    # Tit-for-tat after one false alarm: the defections alternate between the lanes.
    p = repeated.play("tit-for-tat", "tit-for-tat", 12, 4000, epsilon=0.02, q=1, seed=5)
    alarms = p.false_alarms.any(axis=0)
    one = np.flatnonzero((p.false_alarms.sum(axis=(0, 1)) == 1) & alarms[:4].any(axis=0))
    assert one.size
    for m in one:
        t = int(np.argmax(alarms[:, m]))
        lanes = p.actions[:, t + 1:, m]
        assert (lanes.sum(axis=0) == 1).all() and (lanes[:, 1:] != lanes[:, :-1]).all()
    says("03", "The two sides take turns punishing each other, round after round")
    # Win-stay, lose-shift: (D, C), (D, D), then the truce again: two rounds.
    w = repeated.play("win-stay, lose-shift", "win-stay, lose-shift", rounds=12, matches=2000, epsilon=0.02, seed=1)
    alarms = w.false_alarms.any(axis=0)
    one = (alarms.sum(axis=0) == 1) & alarms[:6].any(axis=0)
    assert int(np.bincount(w.actions.any(axis=0)[:, one].sum(axis=0)).argmax()) == 2
    says("03", "Two rounds, then the truce is back")
    says("03", "Answer: 2 rounds", guide=True)


def test_the_tournament_as_the_notebook_plays_it():
    quiet = truce.tournament(epsilon=0, e=0)
    s = dict(zip(quiet.names, quiet.score))
    assert quiet.ranking[:2] == ("grim trigger", "tit-for-tat") and quiet.ranking[5] == "always defect"
    assert round(s["grim trigger"], 2) == 2.75 and round(s["tit-for-tat"], 2) == 2.73
    says("03", "Grim trigger wins narrowly, just ahead of tit-for-tat")
    says("03", "without false alarms or slips grim trigger wins narrowly (2.75 per round) ahead of tit-for-tat"
               " (2.73); always defect is sixth", guide=True)
    assert truce.tournament(epsilon=0, e=0, q=1).score[2] == truce.tournament(epsilon=0, e=0, q=1).score[3]
    says("03", "(with $q = 1$ the two tie)")
    noisy = truce.tournament(epsilon=0.1, e=0)
    n = dict(zip(noisy.names, noisy.score))
    assert noisy.ranking[:2] == ("always defect", "grim trigger")
    assert round(n["always defect"], 2) == 2.68 and round(n["grim trigger"], 2) == 2.63
    says("03", "With ε = 0.1 always defect wins (2.68) ahead of grim trigger (2.63)", guide=True)
    # Every slider value: epsilon from 0.02 up (no slips), and every slip rate (no false alarms).
    assert truce.tournament(epsilon=0.01, e=0).ranking[0] == "grim trigger"
    for k in range(2, 31):
        assert truce.tournament(epsilon=k / 100, e=0).ranking[0] == "always defect", k
    for k in range(1, 21):
        assert truce.tournament(epsilon=0, e=k / 100).ranking[0] == "always defect", k
    says("03", "With false alarms from $\\varepsilon = 0.02$ up, or with any slips, always defect wins")
    says("03", "always defect wins at every ε from 0.02 up and at every slip rate e > 0", guide=True)
    # The Axelrod framing matches the table: tit-for-tat won in his pool, not here.
    says("03", "in his pool of entries tit-for-tat won")
    never_says("03", "played them all against each other; tit-for-tat won")
    never_says("03", "The lesson is Axelrod's", guide=True)


def test_the_model_has_no_probing_and_the_echo_caveat():
    # Referee 1: in the Green-Porter truce a deliberate breach never pays, so nobody probes.
    assert truce.solve(**EXACT).ic_holds
    never_says("03",
               "absorb probes and misreadings",
               "absorbs probes and misreadings",
               anywhere=True)
    says("03", "here a deliberate breach never pays (that is what the incentive constraint says), so nobody probes;"
               " if one happened all the same, play would return to the truce after $L$ rounds")
    says("03", "Modelling probing needs doubt about what the other side will tolerate")
    says("03", "in its truce a deliberate breach never pays (the incentive constraint), so nobody probes", guide=True)
    # Referee 9: the moves record who moved first; what each side saw does not; the May 13 advisory.
    never_says("03", "has no answer in the moves alone")
    says("03", "\"who started it\" has no answer in what each side saw")
    says("03", "by section 4's definition the May 13 advisory, a new export control, was a real breach")
    says("03", "the May 13 advisory was a real breach (a new control), not a false alarm", guide=True)
    # Referee 17: the end of a term is not a known last round, only possibly one.
    says("03", "If the end of a presidential term were a known last round")
    never_says("03", "A known last round, such as the end of a presidential term")


def test_a_hotline_is_a_lower_epsilon_and_shared_data_a_higher_q():
    # Referee 4: one meaning of "shared licence data" across 03, 09 and the claims: q up.
    assert truce.solve(**{**EXACT, "q": F(19, 20)}).delta_star == F(4, 7)
    never_says("03", "shared licence data (the kind of rules")
    never_says("03", "A hotline or shared licence data")
    says("03", "A hotline (the kind of rule of the road Kennedy calls for, after the norms that followed the Cuban"
               " missile crisis) is a lower ε; shared licence data, which catches more real breaches, is a higher $q$")
    says("03", "with q from 0.9 to 0.95 δ* falls to 4/7 ≈ 0.57", guide=True)
    assert "(a lower ε, a hotline)" in " ".join(truce.solve(**EXACT).explain())
    assert "shared licence data" not in " ".join(truce.solve(**EXACT).explain())


def test_the_conversation_is_an_inferred_attribution():
    # Referee 8: seed 001 names no outlet; every mention says the attribution is ours.
    never_says("03",
               "the Conversation piece's question",
               "The Conversation (June 2025)",
               anywhere=True)
    says("03", "the question raised in the piece we attribute (by inference) to The Conversation")
    says("03", "raised in the piece we attribute (by inference) to The Conversation", guide=True)


def test_kennedy_offers_two_readings():
    # Issue 8: "a third, more dramatic reading" and the prosaic reading as a positive epsilon.
    never_says("03", "third, more dramatic reading")
    never_says("03", "Kennedy himself finds")
    never_says("03", "prosaic reading needs ε > 0", guide=True)
    never_says("03", "Which of the two readings needs a positive")
    says("03", "Kennedy sets out two readings")
    says("03", "A probe is a choice, not noise")
    says("03", "Kennedy offers two readings", guide=True)


def test_generosity_is_gamma_and_the_glossary_is_linked():
    never_says("03", '"g"')
    never_says("03", "probability g ")
    says("03", "probability γ = 0.3", guide=True)
    says("03", "Terms and symbols: [glossary](../docs/glossary.md).")


# ------------------------------------------------------------------ issue 10: evolving and class tournaments

def _evolution(**kw):
    t = truce.tournament(**kw)
    return t, repeated.evolve(t, 200)


def test_the_evolving_tournament_at_the_defaults():
    t, ev = _evolution(epsilon=0.1, e=0)
    score = dict(zip(t.names, t.score))
    assert t.ranking[0] == "always defect" and round(score["always defect"], 2) == 2.68
    top, when = ev.peak("always defect")
    assert (round(top, 3), when, ev.died_out_by("always defect")) == (0.316, 14, 46)
    assert {n: round(float(ev.final[n]), 3) for n in ev.survivors} == {
        "generous tit-for-tat": 0.655, "tit-for-tat": 0.304, "always cooperate": 0.040}
    says("03", "At $\\varepsilon = 0.1$ always defect wins the round robin above. Does it survive?")
    says("03", "always defect wins the round robin (2.68 per round) and still dies out. It grows from 12.5% to 31.6%"
               " of the population by generation 14", guide=True)
    says("03", "then is below 0.1% from generation 46 to generation 200. After 200 generations generous tit-for-tat holds 65.5%,"
               " tit-for-tat 30.4% and always cooperate 4.0%; the other five are below 0.1%.", guide=True)
    # The self-check's answer is computed in the notebook by the same rule as here.
    assert ev.died_out_by("always defect") is not None and when > 0
    says("03", 'return "It grows at first, then dies out" if when > 0 else')


def test_the_evolving_tournament_across_the_noise_sliders():
    quiet_t, quiet = _evolution(epsilon=0, e=0)
    i = quiet_t.names.index("always defect")
    others = [j for j in range(8) if j != i]
    assert (quiet_t.matrix[np.ix_(others, others)] == 3).all()          # the seven keep the truce
    assert quiet.peak("always defect")[1] == 0 and quiet.died_out_by("always defect") == 45
    assert len(quiet.survivors) == 7
    says("03", "Without noise ($\\varepsilon = 0$, $e = 0$) always defect shrinks from the first generation")
    says("03", "seven rules keep the truce with one another")
    says("03", "Without noise always defect shrinks from the first generation and is below 0.1% from generation"
               " 45; the seven other rules keep the truce with one another, and all seven survive.", guide=True)
    for k in range(1, 31):
        _, ev = _evolution(epsilon=k / 100, e=0)
        if k < 21:   # feeds, then starves
            assert ev.peak("always defect")[1] > 0 and "always defect" in ev.extinct, k
        else:        # still there, beside grim trigger
            assert {"always defect", "grim trigger"} <= set(ev.survivors), k
    assert round(float(_evolution(epsilon=0.3, e=0)[1].final["always defect"]), 3) == 0.2
    says("03", "from $\\varepsilon = 0.21$ (no slips) always defect is still there after 200 generations beside"
               " grim trigger, and with slips $e = 0.2$ it takes over")
    says("03", "From ε = 0.21 (no slips) always defect survives 200 generations beside grim trigger (20.0% of the"
               " population at ε = 0.3).", guide=True)
    for eps in (0, 0.1):
        t, ev = _evolution(epsilon=eps, e=0.2)
        assert round(float(ev.final["always defect"]), 3) == 0.999
    assert _evolution(epsilon=0.1, e=0.2)[0].ranking[0] == "grim trigger"
    says("03", "With slips e = 0.2 it takes over (99.9%), both with ε = 0 and with ε = 0.1; and at ε = 0.1, e = 0.2"
               " it does so although grim trigger wins the round robin.", guide=True)
    # Negative payoffs: the picture steps aside (no slips, S < 0: always cooperate gets S against always
    # defect, whatever the false alarms).
    for eps in (0, 0.1, 0.3):
        t = truce.tournament(epsilon=eps, e=0, S=-1)
        assert t.matrix[t.names.index("always cooperate"), t.names.index("always defect")] == -1
        with pytest.raises(ValueError, match="at least 0"):
            repeated.evolve(t)
    says("03", "with $S < 0$ and no slips, always cooperate gets $S$ per round against always defect")
    says("03", "with S < 0 and no slips (always cooperate then gets S against always defect) the picture steps aside",
         guide=True)


def test_exercise_5_the_evolving_tournament_by_hand():
    hand = [[F(3), F(9, 10)], [F(7, 5), F(1)]]
    assert repeated.tournament(["tit-for-tat", "always defect"], rounds=10, matches=1).matrix.tolist() == \
        [[3, 0.9], [1.4, 1]]
    assert repeated.evolve([[3, F(9, 10)], [F(7, 5), 1]], generations=1).shares[1] == (F(13, 21), F(8, 21))
    half = F(1, 2)
    f_tft, f_alld = half * 3 + half * F(9, 10), half * F(7, 5) + half
    assert (f_tft, f_alld, half * f_tft + half * f_alld) == (F(39, 20), F(24, 20), F(63, 40))
    rest = F(1, 17)
    assert 3 * rest + F(9, 10) * (1 - rest) == F(7, 5) * rest + (1 - rest)
    assert all(row == (rest, 1 - rest) for row in repeated.evolve(hand, 3, shares=(rest, 1 - rest)).shares)
    says("03", "`(Fraction(13, 21), Fraction(8, 21))`")
    says("03", "$\\xi > 1/17$. Below 1/17 ALLD grows and takes over")
    says("03", "so TFT's share becomes 13/21 ≈ 0.62. (c) ALLD grows when TFT's share is below 1/17", guide=True)
    # "Takes over": from just below 1/17, ALLD's share goes to 1.
    assert repeated.evolve(hand, 400, shares=(0.05, 0.95)).shares[-1][1] > 0.999


def test_the_class_tournament_as_the_notebook_runs_it():
    from tradewar.games import class_tournament as ct

    assert ct.STEPS_PER_MOVE == 10_000
    says("03", "one move may take at most 10,000 loop steps")
    says("03", "more than 10,000 loop steps for one move", guide=True)
    assert ct.from_probabilities("x", [1, 1, F(6, 5), 1, 0]).problem == "CD = 6/5 must be a probability from 0 to 1."
    says("03", '"CD = 6/5 must be a probability from 0 to 1"', guide=True)
    # Tit-for-tat and win-stay, lose-shift as the notebook writes them: their memory-one twins.
    for name, probs in (("tit-for-tat", (1, 1, 0, 1, 0)), ("win-stay, lose-shift", (1, 1, 0, 0, 1))):
        a = repeated.play(name, "generous tit-for-tat", 30, 20, epsilon=0.1, e=0.05, seed=4)
        b = repeated.play(repeated.memory_one("m", *probs), "generous tit-for-tat", 30, 20, epsilon=0.1, e=0.05,
                          seed=4)
        assert (a.actions == b.actions).all()
    says("03", "Tit-for-tat is (1, 1, 0, 1, 0); win-stay, lose-shift is (1, 1, 0, 0, 1).")
    says("03", "200 rounds per pair; each side sees its own noisy signal with false alarms ε (the slider) and $q = 1$")
    says("03", 'class_board = ClassTournament(examples, folder="class_tournament", epsilon=0.05)')



def test_dies_out_is_a_verdict_on_200_generations():
    # Referee 2 (issue 10): shares never reach 0; "dies out" is defined, and longer runs can change it.
    says("03", "We say a rule **dies out** when its share is below 0.1% from some generation to the last one drawn,"
               " generation 200")
    says("03", "It is below 0.1% from generation {gone} to generation 200, the last drawn")
    never_says("03", "on: it has died out.")
    says("03", '"Dies out" means below 0.1% from some generation to generation 200, the last drawn', guide=True)
    t = truce.tournament(epsilon=0.05, e=0)
    ev = repeated.evolve(t, 1000)
    alld = ev.share("always defect")
    assert repeated.evolve(t, 200).died_out_by("always defect") == 50 and 0 < alld[200] < 1e-12
    back = int(np.argmax(alld[200:] >= float(repeated.EXTINCT))) + 200
    assert back == 884 and alld[-1] > 0.999
    assert ev.final["win-stay, lose-shift"] < 1e-3 and float(ev.shares[700][ev.names.index("win-stay, lose-shift")]) > 0.99
    says("03", "At $\\varepsilon = 0.05$ always defect is below 0.1% from generation 50 to 200, but not gone; later"
               " win-stay, lose-shift takes over the population, always defect lives off it, and from generation 884"
               " it is back above 0.1% and takes over.")
    says("03", "back above 0.1% from generation 884, and takes over", guide=True)
    for k in range(21, 31):
        short, long = repeated.evolve(truce.tournament(epsilon=k / 100, e=0), 200), \
            repeated.evolve(truce.tournament(epsilon=k / 100, e=0), 1000)
        assert "always defect" in short.survivors and long.survivors == ("grim trigger",), k
    says("03", "From $\\varepsilon = 0.21$ the always defect still there at generation 200 dies out later,"
               " leaving grim trigger alone.")
    says("03", "from ε = 0.21 the always defect still there at generation 200 dies out later, leaving grim trigger"
               " alone", guide=True)


def test_a_constant_added_to_the_payoffs_slows_the_dynamics_only():
    # x_i' = x_i (f_i + c)/(f_bar + c): same sign of change, smaller steps, for c > 0.
    t = truce.tournament(epsilon=0.1, e=0)
    up = truce.tournament(epsilon=0.1, e=0, T=6, R=4, P=2, S=1)
    assert np.allclose(up.matrix, t.matrix + 1, rtol=1e-9) and up.ranking == t.ranking
    a, b = repeated.evolve(t, 1).shares, repeated.evolve(up, 1).shares
    assert (np.sign(a[1] - a[0]) == np.sign(b[1] - b[0])).all() and (abs(b[1] - b[0]) < abs(a[1] - a[0])).all()
    says("03", "adding the same positive amount to all four does not change which rules grow from a given"
               " population, but slows every change")


def test_the_replicator_wording_and_the_citation():
    says("03", "which is the standard discrete-time form of the **replicator dynamics**")
    never_says("03", "1984, ch. 3")
    says("03", "the standard discrete-time form of the replicator dynamics", guide=True)


def test_the_survival_sentences_never_describe_a_stale_evolution():
    # With S < 0 the chart steps aside; the explanation must not read the last evolution drawn.
    import json

    from tradewar.ui.evolution import EvolutionView  # noqa: F401 - the notebook's cell imports it
    cells = ["".join(c["source"]) for c in json.loads((ROOT / "notebooks" / "03_repeated_truce.ipynb")
                                                       .read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    ns = {}
    exec(next(c for c in cells if c.startswith("import html")), ns)
    exec(next(c for c in cells if "EvolutionView(" in c).replace("Explorer(round_robin", "ex = Explorer(round_robin"),
         ns)
    ex = ns["ex"]
    ex.controls["S"].input.value = -1
    said = ex.views[1].widget.value
    assert "No evolving tournament at these payoffs" in said and "generation" not in said
    ex.controls["S"].input.value = 0
    assert "from generation 46 to generation 200" in ex.views[1].widget.value
    ex.close()


def test_the_class_tournament_is_not_a_sandbox():
    says("03", "These checks catch mistakes; they are **not a sandbox**.")
    says("03", "a single long built-in computation (such as `10 ** 10 ** 9`) is not interrupted")
    says("03", "are not a sandbox: Python entries run in the kernel", guide=True)


def test_the_class_tournament_states_both_step_budgets():
    # Referee 2: an entry within 10,000 steps a move can still be left out for the tournament's total.
    from tradewar.games import class_tournament as ct

    assert (ct.STEPS_PER_MOVE, ct.STEPS_PER_ENTRY) == (10_000, 2_000_000)
    says("03", "one move may take at most 10,000 loop steps, and one entry 2,000,000 over the whole tournament")
    # 5,000 steps a move, half the per-move limit: left out all the same, once the total is spent.
    slow = ct.from_source("slow", "def rule(mine, theirs):\n    for _ in range(4990):\n        pass\n    return 'C'\n")
    r = ct.class_tournament([slow], rounds=200, epsilon=0.05, seed=2025)
    assert [name for name, _ in r.left_out] == ["slow"]
