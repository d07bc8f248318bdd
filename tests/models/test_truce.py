"""M5 truce: hand-worked exact thresholds, validation of the payoff order, sweeps over every slider
against independent computations (Bellman equations, one-shot deviations, brute force), and the
simulation against the closed forms within sampling error."""
import math
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings

from model_strategies import SWEEP, params
from model_strategies import norm as norm_numbers
from tradewar.models import truce as M
from tradewar.spec import CALIBRATION

# Only payoffs in the dilemma's order (T > R > P > S, 2R > T + S): solve refuses the rest. One draw
# in nine keeps that order, so fewer examples keep the file quick.
TRUCE_SWEEP = settings(SWEEP, max_examples=80)
params_any = params(M)
params_exact = params(M, exact_only=True)


def norm(p):
    """The payoffs, delta, epsilon and q by the models' number rule; L and horizon stay whole."""
    return norm_numbers(p, ("T", "R", "P", "S", "delta", "epsilon", "q"))


def gp_bellman(p, L):
    """Green-Porter by its Bellman equations, one state per phase (truce, punishment round 1..L),
    solved as a linear system: independent of the closed form."""
    p = {k: float(v) for k, v in norm(p).items()}
    d, e, R, P = p["delta"], p["epsilon"], p["R"], p["P"]
    n = L + 1
    A, b = np.eye(n), np.zeros(n)
    # state 0: truce; a signal (prob e) starts punishment state 1; state L returns to 0.
    b[0] = (1 - d) * R
    A[0, 0] -= d * (1 - e)
    A[0, 1] -= d * e
    for i in range(1, n):
        b[i] = (1 - d) * P
        A[i, (i + 1) % n] -= d
    v = np.linalg.solve(A, b)
    return v[0], v[1]


# ------------------------------------------------------------------ the spec


def test_params_follow_models_md():
    P = M.PARAMS
    assert list(P) == ["T", "R", "P", "S", "delta", "epsilon", "q", "L", "horizon"]
    assert [P[k].default for k in P] == [5, 3, 1, 0, 0.9, 0.1, 0.9, 2, 0]
    assert (P["epsilon"].lo, P["epsilon"].hi) == (0, 0.3)
    assert (P["L"].lo, P["L"].hi, P["L"].kind) == (1, 12, "int")
    assert all(p.source == CALIBRATION for p in P.values())
    assert all("chosen here" in P[k].help for k in ("T", "R", "P", "S", "delta", "q", "horizon"))
    assert "0: no known last round" in P["horizon"].help
    assert set(M.LABELS) == {M.HOLDS, M.FLARES, M.TOO_SHORT, M.IMPATIENT, M.UNRAVELS, M.NOISY}


# ------------------------------------------------------------------ worked by hand


def test_defaults_exact_by_hand():
    r = M.solve(delta=F(9, 10), epsilon=F(1, 10), q=F(9, 10))
    assert r.delta_grim == F(1, 2)                # (5 - 3)/(5 - 1)
    assert r.delta_tft_once == F(2, 3)            # (5 - 3)/(3 - 0)
    assert r.delta_tft == F(2, 3)
    assert r.delta_star == F(10, 17)              # 2/(2 * 9/10 + 8/10 * 2)
    assert r.V == F(3171, 1171)                   # (3/10 + 171/10000)/(1/10 + 171/10000)
    assert r.noise_cost == 3 - F(3171, 1171)
    assert r.war_share == F(1, 6)                 # (1/10 * 2)/(1 + 1/10 * 2)
    assert r.truce_rounds == 10
    assert r.ic_holds and r.ic_forever and r.grim_spe and r.tft_nash
    assert r.L_min == 2
    assert r.outcome == M.FLARES
    for f in ("delta_grim", "delta_tft", "delta_star", "V", "war_share"):
        assert isinstance(getattr(r, f), F)


def test_default_floats_agree():
    r, x = M.solve(), M.solve(delta=F(9, 10), epsilon=F(1, 10), q=F(9, 10))
    for f in ("delta_grim", "delta_tft", "delta_star", "V", "war_share"):
        assert getattr(r, f) == pytest.approx(float(getattr(x, f)), rel=1e-12)
    assert r.outcome == x.outcome


def test_regimes_by_hand():
    # L = 1: right side 9/10 * 8/10 * 1/10 * 2 = 0.144 < left side 2 * (1/10 + 9/1000) = 0.218.
    assert M.solve(L=1).outcome == M.TOO_SHORT
    assert M.solve(epsilon=0).outcome == M.HOLDS and M.solve(epsilon=0).war_share == 0
    assert M.solve(delta=0.5).outcome == M.IMPATIENT           # below delta* = 10/17
    r = M.solve(horizon=5)
    assert r.outcome == M.UNRAVELS and r.unravels and not r.grim_spe and not r.tft_nash
    assert "unravels" in " ".join(r.explain())
    # Grim works at delta = 0.6, tit-for-tat does not (needs 2/3).
    r = M.solve(delta=F(3, 5))
    assert r.grim_spe and not r.tft_nash


@pytest.mark.parametrize("bad,names", [
    (dict(T=3, R=3), ("T = 3", "R = 3")),
    (dict(R=3, P=3), ("R = 3", "P = 3")),
    (dict(P=1, S=2), ("P = 1", "S = 2")),
    (dict(T=8, R=3.2, S=-1), ("R = 3.2", "T = 8", "S = -1", "2R > T + S")),
])
def test_violated_ordering_names_the_parameters_and_values(bad, names):
    with pytest.raises(ValueError) as e:
        M.solve(**bad)
    assert all(n in str(e.value) for n in names)


def test_explain_follows_the_numbers():
    text = " ".join(M.solve().explain())
    assert "0.5" in text and "0.67" in text and "0.59" in text and "0.17" in text and M.FLARES in text
    text = " ".join(M.solve(L=1).explain())
    assert "L = 1 is too short" in text and "fails" in text
    text = " ".join(M.solve(epsilon=0).explain())
    assert "never punished" in text


def test_at_delta_star_exactly_no_finite_punishment_deters_so_the_label_is_too_impatient():
    # Referee 12: with epsilon = 0, q = 1, delta* = 1/2; at delta = 1/2 only war for ever deters (with
    # equality), so "punishment too short" (a longer L would save it) was false. Failed before the fix.
    for d in (F(1, 2), 0.5):
        r = M.solve(delta=d, epsilon=0, q=1)
        assert r.delta_star == F(1, 2) and r.L_min is None and r.outcome == M.IMPATIENT
    assert M.solve(delta=F(51, 100), epsilon=0, q=1).outcome == M.TOO_SHORT   # a finite L exists
    assert M.solve(delta=F(51, 100), epsilon=0, q=1).L_min is not None


def test_too_noisy_is_its_own_region():
    # Referee 18: at epsilon = 0.3, q = 0.5, delta* = 10/9 > 1: no patience is enough, which is not
    # "too impatient". Failed before the fix (the label did not exist).
    r = M.solve(delta=F(9, 10), epsilon=F(3, 10), q=F(1, 2))
    assert r.delta_star == F(10, 9) and r.outcome == M.NOISY and not r.kept
    assert M.solve(delta=0.99, epsilon=0.3, q=0.5).outcome == M.NOISY
    assert "No patience below 1 is enough" in " ".join(r.explain())
    g = M.regime_grid(q=0.5)
    assert M.LABELS.index(M.NOISY) in g.codes and M.LABELS.index(M.IMPATIENT) in g.codes
    # delta* >= 1 exactly where the margin (q - e)(R - P) - e(T - R) is not positive.
    assert M.solve(T=5, R=3, P=F(5, 2), S=0, epsilon=F(3, 10), q=F(9, 10)).outcome == M.NOISY


def test_explain_states_the_unscaled_gain_and_loss():
    # Referee 2: the explanation printed both sides of the constraint multiplied by (1 - d) + d e (1 - d^L)
    # and called them the gain now and the expected loss. The real ones, in payoff units: T - R this
    # round against d (q - e)(V - W)/(1 - d) from the next round on (W: the value as punishment starts).
    for L, loss in ((2, F(2736, 1171)), (1, F(144, 109))):
        p = dict(T=5, R=3, P=1, S=0, delta=F(9, 10), epsilon=F(1, 10), q=F(9, 10), L=L)
        r = M.solve(**p)
        V, W = gp_bellman(p, L)
        assert float(loss) == pytest.approx(0.9 * 0.8 * (V - W) / 0.1, rel=1e-9)
        text = " ".join(r.explain())
        assert "gains T - R = 2 this round" in text and f"= {float(loss):.2f} from the next round on" in text
        assert "Breaking it pays" not in text
    assert round(float(F(2736, 1171)), 2) == 2.34 and round(float(F(144, 109)), 2) == 1.32


def test_explain_describes_the_truce_only_where_it_is_kept():
    # Referee 3: where cheating pays (L = 1, delta = 0.5) there is no truce to be worth V or to spend a
    # share of its time at war; with a known last round the Green-Porter numbers hold only without it.
    for kw in (dict(L=1), dict(delta=0.5), dict(epsilon=0.3, q=0.5)):
        r = M.solve(**kw)
        text = " ".join(r.explain())
        assert not r.kept and "nobody cheating" not in text and "worth V =" not in text
        assert "incentive constraint fails" in text
    text = " ".join(M.solve(horizon=10).explain())
    assert "nobody cheating" not in text and "incentive constraint holds" not in text
    assert "Without a known last round, the shortest punishment that deters is L = 2 rounds" in text
    assert "Without a known last round, breaking the truce gains" in text
    assert M.solve().kept and "nobody cheating" in " ".join(M.solve().explain())


def test_the_shared_signal_is_what_the_closed_forms_assume():
    # Referee 11: V, the constraint and the war share assume one public signal. With public=True the
    # simulated share of rounds at war matches the formula; with private signals the false alarm rate of
    # "someone saw a breach" is about 2 epsilon and the two sides do not punish together.
    shared = M.simulate("limited punishment", "limited punishment", rounds=100, matches=2000, epsilon=0.1, L=2,
                        public=True)
    assert shared.actions[0, 30:].mean() == pytest.approx(1 / 6, abs=0.01)
    assert (shared.actions[0] == shared.actions[1]).all()
    private = M.simulate("limited punishment", "limited punishment", rounds=100, matches=2000, epsilon=0.1, L=2)
    assert not (private.actions[0] == private.actions[1]).all()
    text = " ".join(M.solve().explain())
    assert "one signal both sides see" in text and "signal both sides see" in M.PARAMS["epsilon"].help


def test_regime_grid_default_plane_and_arguments():
    g = M.regime_grid()
    assert (g.x_name, g.y_name, g.codes.shape) == ("delta", "epsilon", (61, 61))
    assert g.xs[0] == 0 and g.xs[-1] == 0.99 and g.ys[-1] == 0.3
    assert set(np.unique(g.codes)) == {0, 1, 2, 3}
    assert np.all(g.codes[0] <= 3) and not np.any(g.codes[1:] == 0)   # "holds" only with epsilon = 0
    assert np.all(M.regime_grid(horizon=3).codes == M.LABELS.index(M.UNRAVELS))
    with pytest.raises(ValueError, match="'T' is not a numeric parameter"):
        M.regime_grid("T", "epsilon")


# ------------------------------------------------------------------ sweeps over every parameter


@TRUCE_SWEEP
@given(params_any)
def test_sweep_against_independent_computations(p):
    r = M.solve(**p)
    n = norm(p)
    T, R, P, d, e, q, L = (n[k] for k in ("T", "R", "P", "delta", "epsilon", "q", "L"))
    # Probabilities and thresholds live where they should.
    assert 0 <= r.war_share < 1 and 0 < r.delta_grim < 1 and 0 < r.delta_tft < 1
    assert P <= r.V <= R + 1e-12
    # V from the Bellman equations of the phases.
    V, W = gp_bellman(p, L)
    assert float(r.V) == pytest.approx(V, rel=1e-9, abs=1e-12)
    # The constraint as a one-shot deviation from the truce: T now, then a signal with prob q.
    dev = (1 - d) * float(T) + float(d) * ((1 - float(q)) * V + float(q) * W)
    if abs(V - dev) > 1e-9:
        assert r.ic_holds == (V > dev)
    # Grim trigger by a one-shot deviation under perfect monitoring.
    if p["horizon"] == 0 and abs(float(R) - ((1 - float(d)) * float(T) + float(d) * float(P))) > 1e-9:
        assert r.grim_spe == (float(R) > (1 - float(d)) * float(T) + float(d) * float(P))
    # Shortest punishment by brute force.
    if r.L_min is not None and r.L_min < 500:
        from tradewar.games.repeated import green_porter_ic
        assert green_porter_ic(T, R, P, d, e, q, r.L_min)
        assert r.L_min == 1 or not green_porter_ic(T, R, P, d, e, q, r.L_min - 1)
        assert r.ic_holds == (L >= r.L_min)


@TRUCE_SWEEP
@given(params_exact)
def test_sweep_exact_stays_exact_and_tft_matches_its_deviations(p):
    r = M.solve(**p)
    for f in ("delta_grim", "delta_tft", "V", "war_share", "noise_cost"):
        assert isinstance(getattr(r, f), F)
    T, R, P, S, d = (F(p[k]) for k in ("T", "R", "P", "S", "delta"))
    # TFT against itself gets R for ever; the best deviations are "defect for ever" (T, then P)
    # and "defect once" (T, S, T, S, ... alternating), both in normalised discounted terms.
    forever = (1 - d) * T + d * P
    alternate = (T + d * S) / (1 + d)
    assert r.tft_nash == (p["horizon"] == 0 and R >= forever and R >= alternate)


@TRUCE_SWEEP
@given(params_any)
def test_sweep_less_noise_lowers_delta_star(p):
    r = M.solve(**p)
    lower = M.solve(**{**p, "epsilon": float(p["epsilon"]) / 2})
    if r.delta_star is not None and lower.delta_star is not None:
        assert float(lower.delta_star) <= float(r.delta_star) + 1e-12


# ------------------------------------------------------------------ simulation


def test_simulation_is_reproducible_and_noiseless_truce_is_r():
    a = M.simulate("tit-for-tat", "tit-for-tat", epsilon=0, rounds=20)
    assert np.all(a.coop_rate == 1) and a.avg_us == a.avg_cn == 3 and a.truce_share == 1
    b, c = M.simulate(epsilon=0.2, e=0.05), M.simulate(epsilon=0.2, e=0.05)
    assert np.array_equal(b.actions, c.actions) and b.avg_us == c.avg_us
    assert b.slips.any() and b.false_alarms.any()
    text = " ".join(b.explain())
    assert "tit-for-tat" in text and "first broke" in text
    with pytest.raises(ValueError, match="strategy_us"):
        M.simulate("nice")


def test_simulated_green_porter_war_share_and_value():
    """Both sides on limited punishment with one shared signal: the long-run war share and the value
    from the start agree with the closed forms within 4 standard errors."""
    r = M.solve(epsilon=0.2, L=3)
    sim = M.simulate("limited punishment", "limited punishment", rounds=100, matches=4000, seed=1,
                     epsilon=0.2, L=3, public=True)
    war = sim.actions[0, 30:].mean(axis=0)
    assert abs(war.mean() - r.war_share) < 4 * war.std(ddof=1) / math.sqrt(war.size)
    assert sim.se_us > 0 and abs(sim.disc_us - r.V) < 0.05   # delta^100 truncation negligible


def test_tournament_lists_every_strategy():
    t = M.tournament(epsilon=0, e=0, rounds=20, matches=2)
    assert set(t.ranking) == set(M.STRATEGY_NAMES)
    i = t.names.index("tit-for-tat")
    assert t.matrix[i, i] == 3


def test_sandbox_is_a_model_for_the_explorer():
    assert M.sandbox.PARAMS is M.SIM_PARAMS and M.sandbox.TITLE
    assert all(p.label and p.help for p in M.SIM_PARAMS.values())
    r = M.sandbox.solve(strategy_us="always defect", strategy_cn="always cooperate", rounds=10)
    assert r.avg_us == 5 and r.avg_cn == 0


def test_sandbox_generosity_is_gamma():
    assert "gamma" in M.SIM_PARAMS and "g" not in M.SIM_PARAMS and M.SIM_PARAMS["gamma"].label == "Generosity (γ)"
    sim = M.simulate("generous tit-for-tat", "always defect", rounds=10, matches=5, gamma=1)
    assert not sim.actions[0].any()  # gamma = 1 forgives every defection


def test_unravelling_names_the_kmrw_caveat():
    text = " ".join(M.solve(horizon=10).explain())
    assert "whatever the patience, in this model" in text and "Kreps, Milgrom, Roberts and Wilson" in text


def test_classroom_tournament_at_the_notebook_values():
    # Issue 8: 03 said tit-for-tat wins as in Axelrod. At the notebook's values (q = 0.9, fixed seed)
    # grim trigger wins without false alarms or slips, always defect with either.
    quiet = M.tournament(epsilon=0, e=0)
    assert quiet.ranking[:2] == ("grim trigger", "tit-for-tat")
    s = dict(zip(quiet.names, quiet.score))
    assert s["grim trigger"] > s["tit-for-tat"]
    # The nice rules differ only against always defect: a missed breach (q < 1) makes tit-for-tat
    # cooperate again, while grim, once it has seen one, never looks back.
    i, j, d = (quiet.names.index(n) for n in ("grim trigger", "tit-for-tat", "always defect"))
    others = [k for k in range(len(quiet.names)) if k != d]
    assert np.array_equal(quiet.matrix[i, others], quiet.matrix[j, others])
    assert quiet.matrix[i, d] > quiet.matrix[j, d]
    # With perfect detection the two tie exactly.
    perfect = M.tournament(epsilon=0, e=0, q=1)
    assert perfect.score[i] == perfect.score[j]
    for noisy in (M.tournament(epsilon=0.1, e=0), M.tournament(epsilon=0, e=0.05)):
        assert noisy.ranking[0] == "always defect"
