"""M1 chokepoint: hand-worked cases in exact arithmetic, validation, and sweeps over every slider."""
import dataclasses
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings

from model_strategies import SWEEP, exact_defaults, norm, params
from tradewar.models import chokepoint as M
from tradewar.spec import CALIBRATION

params_any = params(M, max_denominator=60)
params_exact = params(M, exact_only=True, max_denominator=60)


def leaves(p):
    """The payoffs of models.md M1, written out independently of the module."""
    p = norm(p)
    D_us = p["m"] * p["s"] * (1 - p["sigma"]) * (1 - p["psi"])
    kappa = p["kappa0"] + p["rho"]
    return {
        ("Hold back",): (0, 0),
        ("Escalate", "Accept"): (p["v"], -p["l"]),
        ("Escalate", "Retaliate", "Back down"): (-p["a"], -kappa),
        ("Escalate", "Retaliate", "Persist"): (p["v"] - D_us, -p["l"] - p["D_cn"]),
    }


def play(p, root, last, china):
    path = (root,) if root == "Hold back" else ("Escalate", china) if china == "Accept" else ("Escalate", china, last)
    return leaves(p)[path]


# ------------------------------------------------------------------ the spec


def test_params_follow_models_md():
    P = M.PARAMS
    assert list(P) == ["s", "sigma", "psi", "m", "v", "l", "a", "kappa0", "rho", "D_cn"]
    assert (P["s"].default, P["s"].lo, P["s"].hi, P["s"].step) == (0.92, 0.5, 1, 0.01)
    assert P["s"].source == "Foreign Policy, Scott Kennedy, June 2025"
    assert (P["sigma"].default, P["sigma"].lo, P["sigma"].hi) == (0, 0, 1)
    assert (P["psi"].default, P["psi"].lo, P["psi"].hi) == (0, 0, 0.9)
    assert (P["m"].default, P["m"].lo, P["m"].hi) == (5, 1, 10)
    assert (P["a"].default, P["a"].lo, P["a"].hi) == (0.5, 0, 3)
    assert (P["rho"].default, P["rho"].lo, P["rho"].hi) == (0, 0, 1.5)
    assert P["v"].default == P["l"].default == 1 and P["kappa0"].default == 0.2
    for name, spec in P.items():
        assert spec.label and spec.help and spec.unit and spec.step, name
        if name != "s":
            assert spec.source == CALIBRATION, name
        if name in ("s", "sigma", "psi"):
            assert spec.step == 0.01, name


# ------------------------------------------------------------------ hand-worked cases


def test_defaults_exact_us_is_deterred():
    r = M.solve(**exact_defaults(M))
    assert r.D_us == F(23, 5) and r.kappa == F(1, 5)
    assert not r.us_persists
    assert r.china_retaliates and not r.us_escalates and r.deterred
    assert r.outcome == "Deterred (status quo)"
    assert r.path == ("Hold back",) and r.payoffs == (0, 0)
    assert r.s_star == F(3, 10)
    assert r.sigma_star == 1 - F(3, 2) / F(23, 5) == F(31, 46)
    assert r.p_threshold == F(2, 3)
    assert r.ties == ()
    for x in (r.D_us, r.kappa, r.s_star, r.sigma_star, r.p_threshold):
        assert isinstance(x, F)


def test_default_floats_give_the_same_answer():
    r = M.solve()
    assert r.D_us == pytest.approx(4.6) and r.s_star == pytest.approx(0.3)
    assert r.outcome == "Deterred (status quo)"


def test_substitutes_restore_us_resolve():
    # sigma = 7/10 > sigma* = 31/46: D_us = 23/5 * 3/10 = 69/50 < v + a = 3/2.
    r = M.solve(**exact_defaults(M, sigma=F(7, 10)))
    assert r.D_us == F(69, 50)
    assert r.us_persists
    assert not r.china_retaliates and r.us_escalates and not r.deterred
    assert r.outcome == "US escalates, China accepts"
    assert r.path == ("Escalate", "Accept") and r.payoffs == (1, -1)


def test_tie_at_the_last_node_resolves_as_persisting():
    # D_us = 5/2 * 3/5 = 3/2 = v + a exactly: models.md says the US persists iff D_us <= v + a.
    r = M.solve(**exact_defaults(M, m=F(5, 2), s=F(3, 5)))
    assert r.D_us == F(3, 2)
    assert r.us_persists and r.ties == (M.LAST,)
    assert r.outcome == "US escalates, China accepts"
    assert r.s_star == F(3, 5)  # s equals s*, which is not above it: no deterrence
    assert any("tie is resolved as persisting" in line for line in r.explain())


def test_costly_retaliation_lets_the_us_escalate_even_though_it_would_back_down():
    r = M.solve(**exact_defaults(M, rho=1))  # kappa = 6/5 > l = 1
    assert r.kappa == F(6, 5)
    assert not r.us_persists and not r.china_retaliates and r.us_escalates
    assert r.outcome == "US escalates, China accepts (retaliation too costly)"
    assert r.path == ("Escalate", "Accept") and r.payoffs == (1, -1)


def test_kappa_equal_to_l_is_a_tie_china_accepts():
    r = M.solve(**exact_defaults(M, rho=F(4, 5)))  # kappa = 1 = l
    assert r.kappa == 1 and r.ties == (M.MIDDLE,)
    assert not r.china_retaliates and r.outcome == M.TOO_COSTLY


def test_taco_audience_cost_zero_makes_the_root_a_tie():
    r = M.solve(**exact_defaults(M, a=0))
    assert r.deterred and r.ties == (M.ROOT,) and r.p_threshold == 1
    assert any("TACO" in line for line in r.explain())


FIGHT = ("Escalate", "Retaliate", "Back down")


def test_at_a_zero_the_fight_that_ends_in_a_retreat_is_subgame_perfect():
    """Referee 1: at a = 0 the US is indifferent at the first node, so (Escalate/Back down, Retaliate)
    is subgame perfect with payoffs (0, -kappa); "deterred" is only the tie-break."""
    for r in (M.solve(**exact_defaults(M, a=0)), M.solve(a=0.0)):
        spe = {e.strategies: e for e in r.flagged() if e.subgame_perfect}
        assert set(spe) == {("Hold back/Back down", "Retaliate"), ("Escalate/Back down", "Retaliate")}
        assert tuple(spe[("Escalate/Back down", "Retaliate")].payoffs) == pytest.approx((0, -0.2))
        assert r.path == ("Hold back",) and r.spe_paths() == (("Hold back",), FIGHT)
        text = " ".join(r.explain())
        assert "Escalate → Retaliate → Back down is also subgame perfect here" in text
        assert "nobody fights" not in text and "misjudged" not in text.replace("without misjudging", "")
    assert M.solve(**exact_defaults(M, a=0)).flagged()[-1].payoffs == (0, F(-1, 5))


@SWEEP
@given(params_exact)
def test_sweep_a_fight_is_subgame_perfect_only_at_a_zero(p):
    """Escalate → Retaliate → Back down is on a subgame-perfect path exactly when a = 0, the US would
    (weakly) back down (D_U >= v) and China (weakly) prefers to retaliate (kappa <= l)."""
    r = M.solve(**p)
    q = norm(p)
    fights = FIGHT in r.spe_paths()
    assert fights == (q["a"] == 0 and r.D_us >= q["v"] and r.kappa <= q["l"])
    assert any(e.subgame_perfect and e.strategies == ("Escalate/Back down", "Retaliate")
               for e in r.flagged()) == fights
    text = " ".join(r.explain())
    assert ("nobody fights on the equilibrium path" in text) == (q["a"] > 0)
    assert ("is also subgame perfect here" in text) == fights


def test_docstring_says_a_positive_audience_cost_and_withheld_resumption():
    """Referee 1 and 12: no fight only for a > 0; China's move is withholding the resumption."""
    doc = " ".join(M.__doc__.split())
    assert "any audience cost a > 0" in doc and "At a = 0 (TACO)" in doc
    assert "withholding the resumption" in doc and "by freezing rare-earth licences" not in doc


def test_no_share_deters_when_full_monopoly_is_not_enough():
    r = M.solve(**exact_defaults(M, m=1))  # at most 1 of damage, v + a = 3/2
    assert r.s_star is None and r.sigma_star is None and r.us_persists
    assert any("no share deters" in line for line in r.explain())
    r = M.solve(**exact_defaults(M, sigma=1))  # perfect substitutes: no damage at all
    assert r.D_us == 0 and r.s_star is None and r.outcome == M.ESCALATES


def test_sigma_star_none_when_even_no_substitutes_leaves_the_us_resolved():
    r = M.solve(**exact_defaults(M, s=F(1, 2), m=2))  # D_us = 1 <= 3/2 with sigma = 0
    assert r.sigma_star is None and r.s_star == F(3, 4)
    assert any("Even with no substitutes" in line for line in r.explain())


def test_explanation_calls_persisting_resolve_not_escalation_dominance():
    """Persisting at the last node is resolve; escalation dominance (Kahn: escalating to a level the
    adversary cannot match) needs more rungs than M1 has, so the explanation must not claim it."""
    for kw in ({}, {"sigma": F(7, 10)}, {"m": 1}, {"s": F(1, 2), "m": 2}, {"a": 0}, {"rho": F(4, 5)}):
        r = M.solve(**exact_defaults(M, **kw))
        text = " ".join(r.explain())
        assert "escalation dominance" not in text, kw
        assert ("has the resolve" in text or "the resolve to carry on" in text) == r.us_persists, kw
        assert ("lacks the resolve" in text) == (not r.us_persists), kw
    assert not hasattr(M.solve(), "escalation_dominance")


def test_the_threat_flag_leaves_chinas_node_once_escalating_pays_against_retaliation():
    """Referee 6: for v < D_U <= v + a the only empty threat is China's; for D_U < v there is none."""
    r = M.solve(**exact_defaults(M, sigma=F(7, 10)))  # D_U = 1.38: v < D_U <= v + a
    assert any(M.MIDDLE in e.noncredible for e in r.flagged() if not e.subgame_perfect)
    r = M.solve(**exact_defaults(M, sigma=F(79, 100)))  # D_U = 0.966 < v = 1
    assert r.D_us < 1 and [e.subgame_perfect for e in r.flagged()] == [True]
    r = M.solve(**exact_defaults(M, sigma=F(18, 23)))  # D_U = v exactly: the US is indifferent
    assert r.D_us == 1 and any(not e.subgame_perfect for e in r.flagged())


def test_china_indifferent_when_a_fight_costs_it_nothing():
    r = M.solve(**exact_defaults(M, sigma=F(7, 10), D_cn=0))
    assert r.us_persists and r.ties == (M.MIDDLE,) and not r.china_retaliates


def test_explain_names_thresholds_and_compares_the_payoffs():
    lines = M.solve().explain()
    text = "\n".join(lines)
    assert all(isinstance(line, str) and line for line in lines)
    assert ("At the last node (US, after China retaliates) the US compares persisting (v - D_U = -3.6)"
            " with backing down (-a = -0.5), so it backs down.") in lines
    assert "China's refining share s = 0.92 is above s* = (v + a)/(m·(1 - σ)·(1 - ψ)) = 0.3" in text
    assert "it retaliates" in text and "so it holds back" in text
    assert "Deterred (status quo)" in text
    assert "v/(v + a) = 0.67" in text
    # One number format (decimals, as the sliders show them) with exact inputs too: 2/3 is 0.67.
    text = "\n".join(M.solve(**exact_defaults(M)).explain())
    assert "v/(v + a) = 0.67" in text and "σ* = 1 - (v + a)/(m·s·(1 - ψ)) = 0.67" in text and "2/3" not in text
    text = "\n".join(M.solve(**exact_defaults(M, s=F(9, 10))).explain())
    assert "σ* = 1 - (v + a)/(m·s·(1 - ψ)) = 0.67" in text and "2/3" not in text
    # Symbols as the notebook writes them, not the code names.
    assert "D_us" not in text and "D_cn" not in text and "D_U = m·s·(1 - σ)·(1 - ψ)" in text


def test_explain_follows_the_regime():
    text = "\n".join(M.solve(sigma=0.7).explain())
    assert "so it persists" in text and "it accepts" in text and "so it escalates" in text
    # 1 - sigma = 0.30000000000000004: s* = 0.9999999999999998 is rounding noise, not a threshold.
    assert "no share deters" in text and "v/(v + a)" not in text
    assert M.solve(sigma=0.7).s_star is None and M.solve(**exact_defaults(M, sigma=F(7, 10))).s_star is None
    text = "\n".join(M.solve(s=0.6, m=2).explain())
    assert "s = 0.6 is at or below s* = (v + a)/(m·(1 - σ)·(1 - ψ)) = 0.75" in text
    text = "\n".join(M.solve(rho=1).explain())
    assert "Retaliation is too costly" in text and TOO_COSTLY_LABEL in text


TOO_COSTLY_LABEL = "US escalates, China accepts (retaliation too costly)"


def test_result_is_plain_frozen_data_and_exact_stays_exact():
    r = M.solve(**exact_defaults(M))
    d = dataclasses.asdict(r)
    assert d["D_us"] == F(23, 5) and d["outcome"] == r.outcome
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.outcome = "x"
    assert r.inputs()["s"] == F(23, 25)
    assert isinstance(M.solve(s=0.8).D_us, float)


# ------------------------------------------------------------------ validation


def test_unknown_parameter_is_rejected():
    with pytest.raises(ValueError, match="kappa"):
        M.solve(kappa=0.3)
    with pytest.raises(ValueError, match="D_us"):
        M.regime_grid(D_us=1)


def test_regime_grid_arguments_are_checked():
    for kw in ({"x": "s", "y": "s"}, {"x": "D_us"}, {"y": "outcome"}, {"n": 1}, {"n": 2.5}, {"n": True}):
        with pytest.raises(ValueError):
            M.regime_grid(**kw)


# ------------------------------------------------------------------ regime map


def test_regime_grid_default_plane():
    g = M.regime_grid()
    assert g.codes.shape == (61, 61) and g.labels == M.LABELS
    assert g.xs[0] == 0.5 and g.xs[-1] == 1 and g.ys[0] == 0 and g.ys[-1] == 1
    assert g.point == (0.92, 0.0)
    assert set(np.unique(g.codes)) == {0, 1}  # deterred vs a US resolved to persist, in (s, sigma)
    j, i = int(np.argmin(abs(g.xs - 0.92))), 0
    assert g.labels[g.codes[i, j]] == M.solve().outcome
    # Along sigma = 0 the boundary sits at s* = 0.3 (off the slider), so every s deters.
    assert (g.codes[0] == 0).all()
    g = M.regime_grid("kappa0", "rho", n=21)
    assert set(np.unique(g.codes)) == {0, 2}


# ------------------------------------------------------------------ sweeps


@SWEEP
@given(params_any)
def test_sweep_invariants(p):
    r = M.solve(**p)
    assert 0 < r.p_threshold <= 1
    assert r.s_star is None or 0 < r.s_star < 1
    assert r.sigma_star is None or 0 < r.sigma_star < 1
    assert r.outcome in M.LABELS and r.deterred == (not r.us_escalates)
    assert r.payoffs == leaves(p)[r.path]
    dataclasses.asdict(r)
    assert all(isinstance(line, str) and line for line in r.explain())


@SWEEP
@given(params_exact)
def test_sweep_exact_matches_models_md_conditions(p):
    r = M.solve(**p)
    p = norm(p)  # whole numbers as Fractions too: v/(v + a) = 1/3, not 0.333...
    D, va, kappa = r.D_us, p["v"] + p["a"], p["kappa0"] + p["rho"]
    assert D == p["m"] * p["s"] * (1 - p["sigma"]) * (1 - p["psi"])
    assert r.us_persists == (D <= va)
    assert r.deterred == (D > va and kappa < p["l"])
    assert r.p_threshold == p["v"] / va
    if r.s_star is not None:
        assert (p["s"] > r.s_star) == (D > va)
    else:
        assert D <= va
    if r.sigma_star is not None:
        assert (p["sigma"] < r.sigma_star) == (D > va)
    else:
        assert D <= va
    # The threshold in P(R): escalating pays iff P(R) < v/(v + a) when the US would back down.
    if not r.us_persists:
        t = r.p_threshold
        for pr in (t - F(1, 1000), t, t + F(1, 1000)):
            ev = (1 - pr) * p["v"] + pr * (-p["a"])
            assert (ev > 0) == (pr < t)


@SWEEP
@given(params_any)
def test_sweep_spe_is_a_nash_equilibrium_of_the_strategic_form(p):
    r = M.solve(**p)
    plan = ("Escalate" if r.us_escalates else "Hold back",
            "Persist" if r.us_persists else "Back down",
            "Retaliate" if r.china_retaliates else "Accept")
    us0, cn0 = play(p, *plan)
    assert (us0, cn0) == r.payoffs
    for root in ("Hold back", "Escalate"):
        for last in ("Persist", "Back down"):
            assert play(p, root, last, plan[2])[0] <= us0
    for china in ("Accept", "Retaliate"):
        assert play(p, plan[0], plan[1], china)[1] <= cn0


# ------------------------------------------------------------------ the tree (tradewar.games.tree)


def test_tree_defaults_backward_induction():
    sol = M.solve(**exact_defaults(M)).solution()
    assert sol.path == ("Hold back",) and tuple(sol.value) == (0, 0)
    assert sol.choice == {M.ROOT: "Hold back", M.MIDDLE: "Retaliate", M.LAST: "Back down"}
    assert len(sol.equilibria) == 1 and not sol.ties


def test_nash_vs_subgame_perfection_at_the_defaults():
    eqs = M.solve(**exact_defaults(M)).flagged()
    found = {(e.profile[M.ROOT], e.profile[M.LAST], e.profile[M.MIDDLE]): e for e in eqs}
    # The SPE, and two Nash equilibria that rest on the US threat to persist, which it would not carry out.
    assert set(found) == {("Hold back", "Back down", "Retaliate"),
                          ("Hold back", "Persist", "Retaliate"),
                          ("Escalate", "Persist", "Accept")}
    assert found[("Hold back", "Back down", "Retaliate")].subgame_perfect
    for key in (("Hold back", "Persist", "Retaliate"), ("Escalate", "Persist", "Accept")):
        assert not found[key].subgame_perfect and M.LAST in found[key].noncredible
    assert tuple(found[("Escalate", "Persist", "Accept")].payoffs) == (1, -1)


def test_tie_shows_up_in_the_tree():
    sol = M.solve(**exact_defaults(M, m=F(5, 2), s=F(3, 5))).solution()
    assert set(sol.ties) == {M.LAST} and set(sol.ties[M.LAST]) == {"Persist", "Back down"}
    assert sol.choice[M.LAST] == "Persist"


@settings(SWEEP, max_examples=120)
@given(params_any)
def test_sweep_closed_form_equals_backward_induction(p):
    r = M.solve(**p)
    sol = r.solution()
    assert tuple(sol.path) == r.path
    assert tuple(sol.value) == r.payoffs
    assert sol.choice[M.LAST] == ("Persist" if r.us_persists else "Back down")
    assert sol.choice[M.MIDDLE] == ("Retaliate" if r.china_retaliates else "Accept")
    assert sol.choice[M.ROOT] == ("Escalate" if r.us_escalates else "Hold back")
    assert set(sol.ties) == set(r.ties)
    spe = {k: v for k, v in sol.choice.items()}
    flagged = r.flagged()
    assert any(e.subgame_perfect and dict(e.profile) == spe for e in flagged)
    assert all(e.subgame_perfect == (not e.noncredible) for e in flagged)


def test_float_rounding_noise_is_a_tie_as_in_the_tree():
    # v - D_us = 0.35 - 0.5 = -0.15000000000000002, a hair below -a = -0.15: it is the tie D_us = v + a.
    p = dict(s=0.5, m=1, v=0.35, a=0.15)
    assert p["v"] - p["m"] * p["s"] < -p["a"]
    r = M.solve(**p)
    assert r.ties == (M.LAST,) and r.us_persists and r.outcome == M.ESCALATES
    sol = r.solution()
    assert set(sol.ties) == {M.LAST} and sol.choice[M.LAST] == "Persist"
    g = M.regime_grid("s", "m", n=2, **p)  # the corner (s, m) = (0.5, 1) is this very point
    assert g.labels[g.codes[0, 0]] == M.ESCALATES
