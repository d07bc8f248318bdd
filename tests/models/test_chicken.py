"""M2 chicken: exact defaults, move order, cross-parameter validation, the PD helper, and sweeps."""
import dataclasses
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from model_strategies import SWEEP, is_exact, norm
from model_strategies import params as model_params
from tradewar.models import chicken as M
from tradewar.spec import CALIBRATION

NUMERIC = ["c_us", "c_cn", "g", "h"]
US_HAWK, CN_HAWK = "US Hawk, China Dove", "US Dove, China Hawk"


def params(**fixed):
    return model_params(M, max_denominator=60, **fixed)


# ------------------------------------------------------------------ the spec


def test_params_follow_models_md():
    P = M.PARAMS
    assert list(P) == ["c_us", "c_cn", "g", "h", "order"]
    assert (P["c_us"].default, P["c_us"].lo, P["c_us"].hi) == (5, 1.5, 10)
    assert (P["c_cn"].default, P["c_cn"].lo, P["c_cn"].hi) == (3, 1.5, 10)
    assert P["g"].default == 2 and P["h"].default == 1 and P["h"].lo > 0
    assert P["order"].kind == "choice" and P["order"].choices == (
        "simultaneous", "US moves first", "China moves first") and P["order"].default == "simultaneous"
    for name, spec in P.items():
        assert spec.label and spec.help and spec.source == CALIBRATION, name
        if spec.kind == "float":
            assert spec.unit and spec.step, name


# ------------------------------------------------------------------ hand-worked cases


def test_defaults_exact():
    r = M.solve()
    assert r.pure_equilibria == (US_HAWK, CN_HAWK)
    assert (r.p_us_hawk, r.p_cn_hawk, r.p_crash) == (F(1, 2), F(1, 3), F(1, 6))
    assert all(isinstance(x, F) for x in (r.p_us_hawk, r.p_cn_hawk, r.p_crash))
    # Each side's mixed payoff is what yielding earns against the other's mix: -h * P(other Hawk).
    assert r.mixed_payoffs == (F(-1, 3), F(-1, 2))
    assert r.risk_dominant == CN_HAWK  # c_us = 5 > c_cn = 3: the US yields
    assert r.outcome == "US yields (US Dove, China Hawk)"
    assert r.order == "simultaneous" and r.first_mover is None and r.first_mover_outcome is None
    assert r.path == () and r.payoffs is None


def test_matrix_agrees_with_the_closed_form_at_the_defaults():
    G = M.solve().matrix()
    assert G.row_actions == ("Dove", "Hawk") and G.col_actions == ("Dove", "Hawk")
    assert tuple(G.players) == ("US", "China")
    assert set(G.pure_equilibria()) == {(1, 0), (0, 1)}  # (Hawk, Dove) and (Dove, Hawk)
    mixed = [e for e in G.mixed_equilibria() if not e.is_pure]
    assert len(mixed) == 1
    e = mixed[0]
    assert tuple(e.row) == (F(1, 2), F(1, 2)) and tuple(e.col) == (F(2, 3), F(1, 3))
    assert tuple(e.payoffs) == (F(-1, 3), F(-1, 2))
    assert tuple(G.risk_dominant()) == (0, 1)  # US Dove, China Hawk


@pytest.mark.parametrize("order, first, outcome, pay", [
    ("US moves first", "US", "China yields (US Hawk, China Dove)", (2, -1)),
    ("China moves first", "China", "US yields (US Dove, China Hawk)", (-1, 2)),
])
def test_first_mover_plays_hawk_and_wins(order, first, outcome, pay):
    r = M.solve(order=order)
    assert r.first_mover == first and r.outcome == outcome
    assert r.first_mover_outcome == (US_HAWK if first == "US" else CN_HAWK)
    assert r.path == ("Hawk", "Dove") and r.payoffs == pay
    # Moving first beats the risk-dominant selection for the US even though it fears the crash more.
    assert r.risk_dominant == CN_HAWK
    text = "\n".join(r.explain())
    assert "Moving first wins" in text and outcome in text


def test_sequential_tree_backward_induction():
    for order, pay in (("US moves first", (2, -1)), ("China moves first", (-1, 2))):
        r = M.solve(order=order)
        sol = r.solution()
        assert tuple(sol.path) == ("Hawk", "Dove") and tuple(sol.value) == pay
        assert not sol.ties and len(sol.equilibria) == 1
        lead = r.first_mover
        assert sol.choice[f"the first move ({lead})"] == "Hawk"


def test_float_noise_is_not_a_difference_in_crash_costs():
    # What a slider may send for 3.0: the model, its matrix and its map all call it a tie.
    r = M.solve(c_us=0.1 * 30 + 4e-16, c_cn=3.0)
    assert r.risk_dominant is None and M.matrix(c_us=3.0000000000000004, c_cn=3).risk_dominant() is None
    assert M.solve(c_us=3.001, c_cn=3.0).risk_dominant == CN_HAWK


def test_equal_crash_costs_leave_no_risk_dominant_equilibrium():
    r = M.solve(c_us=4, c_cn=4)
    assert r.risk_dominant is None and r.outcome == "No risk-dominant equilibrium (c_U = c_C)"
    assert r.p_us_hawk == r.p_cn_hawk == F(2, 5)
    assert M.matrix(c_us=4, c_cn=4).risk_dominant() is None
    assert any("Neither pure equilibrium risk-dominates" in line for line in r.explain())


def test_china_fearing_the_crash_more_flips_risk_dominance():
    r = M.solve(c_us=F(3, 2), c_cn=10)
    assert r.risk_dominant == US_HAWK and r.outcome == "China yields (US Hawk, China Dove)"


def test_mixed_paradox_sentence_and_direction():
    r = M.solve()
    assert M.solve(c_us=6).p_cn_hawk == F(2, 7) < r.p_cn_hawk
    assert M.solve(c_us=6).p_us_hawk == r.p_us_hawk  # the US's own mix does not move
    text = "\n".join(r.explain())
    assert "The mixed paradox" in text and "If c_U were 6 instead of 5" in text
    assert "2/7 instead of 1/3" in text


def test_explanation_uses_one_number_format_for_probabilities():
    """Referee 19: exact inputs gave "= 0.5 ... = 1/3" and, at c_U = 9, "2/11 instead of 0.2"."""
    text = "\n".join(M.solve(c_us=9).explain())
    assert "x = g/(g + c_C - h) = 1/2" in text and "y = g/(g + c_U - h) = 1/5" in text
    assert "x·y = 1/10" in text and "2/11 instead of 1/5" in text
    assert "0.5" not in text and "0.2" not in text
    text = "\n".join(M.solve(c_us=9.0).explain())  # what a slider sends: decimals throughout
    assert "= 0.5," in text and "= 0.2;" in text and "x·y = 0.1." in text and "0.182 instead of 0.2" in text
    assert "/" not in text.split("probability x")[1].split("Risk dominance")[0].replace("g/(g", "")


def test_explanation_writes_symbols_as_the_sliders_do():
    """c_U and c_C as the slider labels write them (not the code names c_us, c_cn); x and y for the
    mixed probabilities (p is 07's denial risk, q is 03's detection rate)."""
    for kw in ({}, {"order": "US moves first"}, {"order": "China moves first"}, {"c_cn": 5}):
        text = "\n".join(M.solve(**kw).explain())
        assert "c_us" not in text and "c_cn" not in text, kw
        assert "probability p " not in text and "probability q " not in text
    assert M.PARAMS["c_us"].label.endswith("(c_U)") and M.PARAMS["c_cn"].label.endswith("(c_C)")
    assert "c_us" not in M.NO_PICK


def test_docstring_does_not_call_the_mixed_crash_probability_a_measure_of_fragility():
    """Referee 18: the mixed equilibrium is unstable, and the October rule's irreversibility is an
    assumption, not a result."""
    doc = " ".join(M.__doc__.split())
    assert "measures how fragile" not in doc and "the October rule) plays Hawk and wins" not in doc
    assert "unstable under two-population replicator dynamics" in doc
    assert "the model assumes that irreversibility" in doc


def test_explain_sentences():
    lines = M.solve().explain()
    assert all(isinstance(line, str) and line for line in lines)
    text = "\n".join(lines)
    assert "g/(g + c_C - h) = 1/2" in text and "g/(g + c_U - h) = 1/3" in text
    assert "crashes with probability x·y = 1/6" in text
    assert "Risk dominance selects (US Dove, China Hawk)" in text


def test_result_is_plain_frozen_data():
    r = M.solve(order="US moves first")
    d = dataclasses.asdict(r)
    assert d["p_crash"] == F(1, 6) and d["payoffs"] == (2, -1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.order = "x"
    assert isinstance(M.solve(g=2.5).p_us_hawk, float)


# ------------------------------------------------------------------ validation


@pytest.mark.parametrize("bad", ["sequential", None, 1, ""])
def test_bad_order(bad):
    with pytest.raises(ValueError, match="order") as e:
        M.solve(order=bad)
    assert "US moves first" in str(e.value)


@pytest.mark.parametrize("kw, c", [
    ({"h": 2, "c_cn": 1.5}, "c_cn"),
    ({"h": 2, "c_us": 1.5}, "c_us"),
    ({"h": 3, "c_us": 3}, "c_us"),  # equality is not enough
    ({"h": F(5, 2), "c_cn": F(5, 2)}, "c_cn"),
])
def test_crash_must_cost_more_than_yielding(kw, c):
    for f in (M.solve, M.matrix, M.regime_grid):
        with pytest.raises(ValueError) as e:
            f(**kw)
        msg = str(e.value)
        assert c in msg and "h" in msg and repr(kw[c]) in msg and repr(kw["h"]) in msg


def test_unknown_parameter_and_game_without_order():
    with pytest.raises(ValueError, match="c_china"):
        M.solve(c_china=3)
    with pytest.raises(ValueError, match="simultaneous"):
        M.game()
    for kw in ({"x": "order"}, {"x": "g", "y": "g"}, {"n": 1}, {"x": "p_crash"}):
        with pytest.raises(ValueError):
            M.regime_grid(**kw)


# ------------------------------------------------------------------ the prisoner's dilemma helper


def test_prisoners_dilemma_default():
    G = M.prisoners_dilemma()
    assert G.row_actions == ("Truce", "Tariff")
    assert tuple(G.pure_equilibria()) == ((1, 1),)  # both raise tariffs
    assert [[G.A[i][j] for j in range(2)] for i in range(2)] == [[3, 0], [5, 1]]
    assert [[G.B[i][j] for j in range(2)] for i in range(2)] == [[3, 5], [0, 1]]


@pytest.mark.parametrize("kw, names", [
    ({"T": 3}, ("T", "R")),
    ({"R": 1}, ("R", "P")),
    ({"S": 1}, ("P", "S")),
    ({"T": 2, "R": 3}, ("T", "R")),
])
def test_prisoners_dilemma_order(kw, names):
    with pytest.raises(ValueError) as e:
        M.prisoners_dilemma(**kw)
    assert all(f"{n} = " in str(e.value) for n in names)


@pytest.mark.parametrize("bad", ["5", None, float("nan"), True])
def test_prisoners_dilemma_non_numbers(bad):
    with pytest.raises(ValueError, match="T = "):
        M.prisoners_dilemma(T=bad)


# ------------------------------------------------------------------ regime map


def test_regime_grid_defaults():
    g = M.regime_grid()
    assert (g.x_name, g.y_name) == ("c_us", "c_cn") and g.codes.shape == (61, 61)
    assert g.labels == M.LABELS and g.point == (5.0, 3.0)
    assert set(np.unique(g.codes)) == {0, 1, 2}  # the diagonal c_us = c_cn is hit exactly
    g = M.regime_grid("h", "c_us")
    assert 3 in set(np.unique(g.codes))  # h up to 3 leaves the chicken region
    g = M.regime_grid(order="US moves first")
    assert set(np.unique(g.codes)) == {1}


# ------------------------------------------------------------------ sweeps


@SWEEP
@given(params())
def test_sweep_invariants(p):
    r = M.solve(**p)
    for x in (r.p_us_hawk, r.p_cn_hawk, r.p_crash):
        assert 0 < x < 1
    assert r.p_crash == r.p_us_hawk * r.p_cn_hawk
    # All exact in, exact out; one float makes every number a float.
    exact, e = is_exact(p, NUMERIC), norm(p, NUMERIC)
    assert r.p_us_hawk == e["g"] / (e["g"] + e["c_cn"] - e["h"])
    assert r.p_cn_hawk == e["g"] / (e["g"] + e["c_us"] - e["h"])
    if exact:
        assert all(isinstance(x, F) for x in (r.p_us_hawk, r.p_cn_hawk, r.p_crash))
    if exact:
        assert (r.risk_dominant is None) == (p["c_us"] == p["c_cn"])
    elif r.risk_dominant is None:  # floats: equal up to rounding noise, as in games.normal
        assert abs(p["c_us"] - p["c_cn"]) <= 1e-8 * max(p["c_us"], p["c_cn"])
    if r.risk_dominant is not None:
        assert (r.risk_dominant == CN_HAWK) == (p["c_us"] > p["c_cn"])
    assert r.outcome in M.LABELS[:3]
    dataclasses.asdict(r)
    assert all(isinstance(line, str) and line for line in r.explain())


@SWEEP
@given(params(order="simultaneous"), st.floats(0.1, 5))
def test_sweep_mixed_paradox(p, dc):
    # China's hawk probability falls as c_us rises and ignores c_cn; the US's mirror image.
    r = M.solve(**p)
    assume(p["c_us"] + dc <= 10)
    up = M.solve(**dict(p, c_us=p["c_us"] + dc))
    assert up.p_cn_hawk < r.p_cn_hawk and float(up.p_us_hawk) == pytest.approx(float(r.p_us_hawk))


@SWEEP
@given(params(order="simultaneous"))
def test_sweep_matrix_agrees_with_closed_form(p):
    r = M.solve(**p)
    G = M.matrix(**p)
    assert set(G.pure_equilibria()) == {(1, 0), (0, 1)}
    mixed = [e for e in G.mixed_equilibria() if not e.is_pure]
    assert len(mixed) == 1
    e = mixed[0]
    assert float(e.row[1]) == pytest.approx(float(r.p_us_hawk))
    assert float(e.col[1]) == pytest.approx(float(r.p_cn_hawk))
    assert [float(x) for x in e.payoffs] == pytest.approx([float(x) for x in r.mixed_payoffs])
    rd = G.risk_dominant()
    assert (None if rd is None else {(0, 1): CN_HAWK, (1, 0): US_HAWK}[tuple(rd)]) == r.risk_dominant


@settings(SWEEP, max_examples=100)
@given(params())
def test_sweep_sequential_tree(p):
    assume(p["order"] != "simultaneous")
    r = M.solve(**p)
    sol = r.solution()
    assert tuple(sol.path) == r.path == ("Hawk", "Dove")
    assert tuple(sol.value) == r.payoffs
    # The SPE is one of the two pure equilibria of the simultaneous game, and a Nash equilibrium of the tree.
    assert r.first_mover_outcome in r.pure_equilibria
    from tradewar.games.tree_form import nash_equilibria

    assert any(e.subgame_perfect and dict(e.profile) == dict(sol.choice) for e in nash_equilibria(r.tree()))
