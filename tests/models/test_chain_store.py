"""M4 chain store: hand-worked cases in exact arithmetic, validation, sweeps over every slider,
the regime map against solve, and the simulated play against the model."""
import dataclasses
import math
import time
from fractions import Fraction as F

import pytest
from hypothesis import given

from model_strategies import SWEEP, exact_defaults, is_exact, params
from tradewar.games import reputation as R
from tradewar.models import chain_store as M

# b^N with N up to 100: small denominators keep the exact sweeps quick.
params_any = params(M, max_denominator=40)
params_exact = params(M, exact_only=True, max_denominator=40)


def test_defaults_hand_worked():
    """Defaults N = 10, b = 1/2, a = 2, delta = 1/10 (exact): n* = ceil(3.32) - 1 = 3, so challenges
    1-7 stay out, the weak incumbent fights challenge 8 with probability 1/3 (belief to 1/4), challenge 9
    with 1/3 (belief to 1/2), and gives in to challenge 10. Worked out in tests/games/test_reputation."""
    r = M.solve(**exact_defaults(M))
    assert r.n_star == 3 and r.deterred == 7 and r.may_enter == 3 and r.first_entry == 8
    assert r.belief_path == (F(1, 10),) * 8 + (F(1, 4), F(1, 2), 1)
    assert r.beta_path[7:] == (F(1, 3), F(1, 3), 0)
    assert r.entry_prob[7:] == (1, F(4, 5), F(19, 20))
    assert r.expected_entries == F(11, 4) and r.weak_payoff == 14
    assert r.outcome == M.MOST_DETERRED
    assert all(type(x) is F for x in r.belief_path + r.entry_prob + r.thresholds)
    # floats at the defaults give the same numbers
    f = M.solve()
    assert f.deterred == 7 and f.expected_entries == pytest.approx(2.75)


def test_one_punch_a_hundred_challenges():
    """N = 100 with the default prior: the same 3 final challenges may be entered, 97 are deterred."""
    r = M.solve(N=100)
    assert r.deterred == 97 and r.first_entry == 98 and r.n_star == 3
    assert r.expected_entries == pytest.approx(2.75)
    assert r.weak_payoff == pytest.approx(97 * 2)


def test_selten_paradox():
    r = M.solve(delta=0, N=30)
    assert r.n_star == math.inf and r.deterred == 0 and r.outcome == M.NONE_DETERRED
    assert r.entry_prob == (1.0,) * 30 and r.expected_fights == 0 and r.weak_payoff == 0
    assert r.path == (M.ACCOMMODATED,) * 30
    assert any("Selten" in s for s in r.explain())


def test_back_down_sends_belief_to_zero_and_everyone_enters():
    """TACO: one accommodation at challenge 3 of 20; every later challenger enters."""
    r = M.solve(N=20, back_down_at=3, seed=0)
    assert r.path[:2] == (M.OUT, M.OUT) and r.path[2] == M.ACCOMMODATED
    assert all(m == M.ACCOMMODATED for m in r.path[3:])
    assert r.path_beliefs[3:] == (0.0,) * 18 and r.path_beliefs[:3] == (0.1,) * 3
    assert r.entries_after_back_down == 17 and r.sim_mean_entries == 18
    # in the equilibrium only the last 3 may enter, worth 17 - 3 stages x a = 2 to a weak incumbent
    assert r.expected_entries_after == pytest.approx(float(F(101, 36)))
    assert r.payoff_lost == pytest.approx(14 * 2)
    assert any("TACO" in s for s in r.explain())
    # a back-down number beyond N is no back-down, and says so
    far = M.solve(N=10, back_down_at=50)
    assert far.back_down_at is None and far.path == M.solve(N=10).path
    assert any("beyond the last" in s for s in far.explain())


def test_tough_incumbent_fights_every_entrant():
    r = M.solve(N=40, b=0.8, delta=0.05, incumbent="tough", seed=3)
    assert M.ACCOMMODATED not in r.path and M.FOUGHT in r.path
    assert r.sim_expected_entries == r.expected_entries_tough


@pytest.mark.parametrize("kw", [dict(), dict(N=60, b=0.85, delta=0.02), dict(N=30, b=0.7, delta=0.05, incumbent="tough"),
                                dict(N=25, b=0.6, a=1.5, delta=0.2, seed=42)])
def test_simulated_average_agrees_with_the_model(kw):
    """sim_mean_entries over SIM_PATHS plays within 4 standard errors of the model's expectation;
    the standard error from the same plays, which the games layer reproduces from the seed."""
    r = M.solve(**kw)
    p = M.solve().inputs() | kw | {"back_down_at": 0}
    plays = R.simulate(p["N"], p["b"], p["a"], p["delta"], tough=p["incumbent"] == "tough",
                       paths=M.SIM_PATHS, seed=p["seed"])
    counts = plays.entered.sum(1)
    assert counts.mean() == r.sim_mean_entries
    se = max(counts.std(ddof=1), 0.5) / math.sqrt(M.SIM_PATHS)
    assert abs(r.sim_mean_entries - float(r.sim_expected_entries)) <= 4 * se


def test_same_seed_same_play_other_seed_other_play():
    assert M.solve(seed=5).path == M.solve(seed=5).path
    assert len({M.solve(N=40, b=0.85, delta=0.02, seed=s).path for s in range(6)}) > 1


@SWEEP
@given(p=params_any)
def test_sweep_every_parameter(p):
    r = M.solve(**p)
    N = p["N"]
    assert dataclasses.asdict(r) and r.explain()
    for xs in (r.entry_prob, r.entry_prob_weak, r.entry_prob_tough, r.fight_prob, r.beta_path, r.belief_path):
        assert all(0 <= x <= 1 for x in xs)
    assert len(r.entry_prob) == N == len(r.path) and len(r.belief_path) == N + 1 == len(r.path_beliefs)
    # independent count: the challenger with n left is deterred for sure iff delta > b^n
    if is_exact(p, ("b", "delta")):
        assert r.deterred == sum(1 for n in range(1, N + 1) if p["delta"] > F(p["b"]) ** n)
    assert 0 <= r.deterred <= N and r.may_enter == N - r.deterred
    assert r.deterred == sum(1 for e in r.entry_prob if e == 0)
    assert 0 <= r.expected_entries <= N - r.deterred
    # the simulated play obeys the equilibrium: nobody enters where the model says no one does
    if r.back_down_at is None:
        assert all(m == M.OUT for m, e in zip(r.path, r.entry_prob) if e == 0)
    if M.ACCOMMODATED in r.path:
        first = r.path.index(M.ACCOMMODATED)
        assert all(m != M.OUT for m in r.path[first:]) and set(r.path_beliefs[first + 1:]) == {0.0}


@SWEEP
@given(p=params_exact)
def test_exact_inputs_stay_exact(p):
    r = M.solve(**p)
    assert all(type(x) is F for x in r.entry_prob + r.belief_path + r.beta_path + r.thresholds)
    assert type(r.expected_entries) is F and type(r.weak_payoff) is F
    f = M.solve(**{k: float(v) if k in ("b", "a", "delta") else v for k, v in p.items()})
    assert f.deterred == r.deterred and f.outcome == r.outcome
    assert f.expected_entries == pytest.approx(float(r.expected_entries), rel=1e-9, abs=1e-12)


def test_bad_values():
    with pytest.raises(ValueError, match=r"N \(Number of challenges \(N\)\) = 101 is out of range"):
        M.solve(N=101)
    with pytest.raises(ValueError, match=r"delta .* = 0.6 is out of range"):
        M.solve(delta=0.6)
    with pytest.raises(ValueError, match="incumbent"):
        M.solve(incumbent="strong")
    with pytest.raises(ValueError, match="regime_grid"):
        M.regime_grid("delta", "delta")
    with pytest.raises(ValueError, match="regime_grid"):
        M.regime_grid("seed", "delta")


def test_speed():
    for kw in ({}, dict(N=100), dict(N=100, b=0.95, delta=0.01, a=1.05)):
        best = min(_timed(M.solve, **kw) for _ in range(5))
        assert best < 0.015, (kw, best)
    assert min(_timed(M.regime_grid, "delta", "b", 61) for _ in range(5)) < 0.005


def _timed(f, *args, **kw):
    t = time.perf_counter()
    f(*args, **kw)
    return time.perf_counter() - t
