"""M4 chain store: hand-worked cases in exact arithmetic, validation, sweeps over every slider,
the regime map against solve, and the simulated play against the model."""
import dataclasses
import math
from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model_strategies import SWEEP, exact_defaults, is_exact, params
from tradewar.games import reputation as R
from tradewar.models import chain_store as M

# b^N with N up to 100: small denominators keep the exact sweeps quick.
params_any = params(M, max_denominator=40)
params_exact = params(M, exact_only=True, max_denominator=40)


def test_defaults_hand_worked():
    """Defaults N = 10, g = 1/2, u = 2, mu0 = 1/10 (exact): n* = floor(3.32) = 3, so challenges
    1-7 stay out, the weak incumbent fights challenge 8 with probability 1/3 (belief to 1/4), challenge 9
    with 1/3 (belief to 1/2), and gives in to challenge 10. Worked out in tests/games/test_reputation."""
    r = M.solve(**exact_defaults(M))
    assert r.n_star == 3 and r.deterred == 7 and r.may_enter == 3 and r.first_entry == 8
    assert r.belief_path == (F(1, 10),) * 8 + (F(1, 4), F(1, 2), 1)
    assert r.phi_path[7:] == (F(1, 3), F(1, 3), 0)
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


@pytest.mark.parametrize("kw,m", [
    (dict(N=100, g=0.5, mu0=0.25), 2), (dict(N=100, g=F(1, 2), mu0=F(1, 4)), 2),
    (dict(N=100, mu0=1 / 2048), 11), (dict(N=100, mu0=F(1, 2048)), 11),
    (dict(N=10, g=F(1, 10), mu0=F(1, 100)), 2), (dict(N=10, g=0.1, mu0=0.01), 2),
])
def test_knife_edge_n_star_agrees_with_deterred(kw, m):
    """Issue 8, defect 2 (the reproducers): mu0 = g^m makes challenger N - m + 1 indifferent. It may
    enter, so n* = m, deterred = N - m, may_enter = m, and the explanation says so. The old code
    reported n* = m - 1 next to deterred = N - m."""
    r = M.solve(**kw)
    N = r.N
    assert r.n_star == m and r.deterred == N - m and r.may_enter == m == N - r.deterred
    assert r.first_entry == N - m + 1 and 0 < r.entry_prob[N - m] < 1
    assert any("equals μ₀ exactly" in s for s in r.explain())


def test_deterred_fought_for_sure_at_the_knife_edge():
    """Referee 8: a weak incumbent fights a deterred entrant for sure while mu0 >= g^(n-1). Usually that is
    all the deterred but the last (7/9 at challenge 7 at the defaults); at mu0 = g^(n*) exactly it is all of
    them (g = 1/2, mu0 = 1/8: all 7). The docstring and the explanation say both."""
    r = M.solve(**exact_defaults(M))
    assert r.phi_path[:6] == (1,) * 6 and r.phi_path[6] == F(7, 9)
    assert any("Had one of the first 6 entered anyway" in s for s in r.explain())
    edge = M.solve(**exact_defaults(M, mu0=F(1, 8)))
    assert edge.n_star == 3 and edge.deterred == 7 and edge.phi_path[:7] == (1,) * 7
    assert any("Had one of the first 7 entered anyway" in s for s in edge.explain())
    assert "all the deterred ones except, unless\nmu0 = g^(n*) exactly, the last" in M.__doc__


def test_symbols_in_the_docstring():
    """Referee 10: in M4 the stage index n counts challenges left (g^n, phi_n); the belief carries no index,
    since mu_n counts events forward in notebooks 04 and 09."""
    assert "mu_n" not in M.__doc__.replace("write mu_n for the belief after n events", "")
    assert "mu the current belief" in M.__doc__


def test_selten_paradox():
    r = M.solve(mu0=0, N=30)
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
    # in the equilibrium only the last 3 may enter, worth 17 - 3 stages x u = 2 to a weak incumbent
    assert r.expected_entries_after == pytest.approx(float(F(101, 36)))
    assert r.payoff_lost == pytest.approx(14 * 2)
    assert any("TACO" in s for s in r.explain())
    # a back-down number beyond N is no back-down, and says so
    far = M.solve(N=10, back_down_at=50)
    assert far.back_down_at is None and far.path == M.solve(N=10).path
    assert any("beyond the last" in s for s in far.explain())


def test_tough_incumbent_fights_every_entrant():
    r = M.solve(N=40, g=0.8, mu0=0.05, incumbent="tough", seed=3)
    assert M.ACCOMMODATED not in r.path and M.FOUGHT in r.path
    assert r.sim_expected_entries == r.expected_entries_tough


@pytest.mark.parametrize("kw", [dict(), dict(N=60, g=0.85, mu0=0.02), dict(N=30, g=0.7, mu0=0.05, incumbent="tough"),
                                dict(N=25, g=0.6, u=1.5, mu0=0.2, seed=42)])
def test_simulated_average_agrees_with_the_model(kw):
    """sim_mean_entries over SIM_PATHS plays within 4 standard errors of the model's expectation;
    the standard error from the same plays, which the games layer reproduces from the seed."""
    r = M.solve(**kw)
    p = M.solve().inputs() | kw | {"back_down_at": 0}
    plays = R.simulate(p["N"], p["g"], p["u"], p["mu0"], tough=p["incumbent"] == "tough",
                       paths=M.SIM_PATHS, seed=p["seed"])
    counts = plays.entered.sum(1)
    assert counts.mean() == r.sim_mean_entries
    se = max(counts.std(ddof=1), 0.5) / math.sqrt(M.SIM_PATHS)
    assert abs(r.sim_mean_entries - float(r.sim_expected_entries)) <= 4 * se


def test_same_seed_same_play_other_seed_other_play():
    assert M.solve(seed=5).path == M.solve(seed=5).path
    assert len({M.solve(N=40, g=0.85, mu0=0.02, seed=s).path for s in range(6)}) > 1


@SWEEP
@given(p=params_any)
def test_sweep_every_parameter(p):
    r = M.solve(**p)
    N = p["N"]
    assert dataclasses.asdict(r) and r.explain()
    for xs in (r.entry_prob, r.entry_prob_weak, r.entry_prob_tough, r.fight_prob, r.phi_path, r.belief_path):
        assert all(0 <= x <= 1 for x in xs)
    assert len(r.entry_prob) == N == len(r.path) and len(r.belief_path) == N + 1 == len(r.path_beliefs)
    # independent count: the challenger with n left is deterred for sure iff mu0 > g^n
    if is_exact(p, ("g", "mu0")):
        assert r.deterred == sum(1 for n in range(1, N + 1) if p["mu0"] > F(p["g"]) ** n)
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
@given(N=st.integers(1, 100), g=st.sampled_from([F(k, 20) for k in range(1, 20)]), m=st.integers(0, 40),
       off=st.sampled_from([-1, 0, 1]), exact=st.booleans())
def test_n_star_deterred_may_enter_agree_everywhere(N, g, m, off, exact):
    """n*, deterred and may_enter agree at every (N, g, prior) the sliders reach, and at the powers g^m
    and their float neighbours in particular (prior exactly g^m, or a hair above or below)."""
    mu0 = g**m * (1 + F(off, 10**6))
    if not 0 <= mu0 <= F(1, 2):
        return
    r = M.solve(N=N, g=g if exact else float(g), mu0=mu0 if exact else float(mu0))
    assert r.may_enter == min(N, r.n_star) and r.deterred == N - r.may_enter
    assert r.deterred == sum(1 for e in r.entry_prob if e == 0)
    assert r.first_entry == (None if r.may_enter == 0 else r.deterred + 1)
    assert r.n_star == sum(1 for n in range(1, 200) if g**n >= mu0)


@SWEEP
@given(p=params_exact)
def test_exact_inputs_stay_exact(p):
    r = M.solve(**p)
    assert all(type(x) is F for x in r.entry_prob + r.belief_path + r.phi_path + r.thresholds)
    assert type(r.expected_entries) is F and type(r.weak_payoff) is F
    f = M.solve(**{k: float(v) if k in ("g", "u", "mu0") else v for k, v in p.items()})
    assert f.deterred == r.deterred and f.outcome == r.outcome
    assert f.expected_entries == pytest.approx(float(r.expected_entries), rel=1e-9, abs=1e-12)


def test_bad_values():
    with pytest.raises(ValueError, match=r"N \(Number of challenges \(N\)\) = 101 is out of range"):
        M.solve(N=101)
    with pytest.raises(ValueError, match=r"mu0 .* = 0.6 is out of range"):
        M.solve(mu0=0.6)
    with pytest.raises(ValueError, match="incumbent"):
        M.solve(incumbent="strong")
    with pytest.raises(ValueError, match="regime_grid"):
        M.regime_grid("mu0", "mu0")
    with pytest.raises(ValueError, match="regime_grid"):
        M.regime_grid("seed", "mu0")


