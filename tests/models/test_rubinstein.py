"""M6 Rubinstein bargaining: hand-worked cases, the finite-horizon game converging to the closed form,
the outside option binding or not, and sweeps over every slider."""
import math
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given

from model_strategies import SWEEP, is_exact, params
from tradewar.games.bargaining import finite_horizon
from tradewar.models import rubinstein as M

params_any = params(M)


def test_instant_offers_by_hand():
    r = M.solve(r_us=F(1, 5), r_cn=F(1, 10), w_cn=0, Delta=0)
    assert (r.share_us, r.share_cn) == (F(1, 3), F(2, 3))
    assert r.limit_share_us == F(1, 3) and r.w_star == F(2, 3) and not r.binds
    assert r.outcome == M.CN_MORE and r.delta_us == 1
    # The proposer does not matter in the limit.
    assert M.solve(r_us=F(1, 5), r_cn=F(1, 10), Delta=0, proposer="China").share_us == F(1, 3)
    bound = M.solve(r_us=F(1, 5), r_cn=F(1, 10), w_cn=F(4, 5), Delta=0)
    assert bound.binds and (bound.share_us, bound.share_cn) == (F(1, 5), F(4, 5)) and bound.outcome == M.BINDS
    # Exactly at the threshold the option changes nothing.
    tie = M.solve(r_us=F(1, 5), r_cn=F(1, 10), w_cn=F(2, 3), Delta=0)
    assert not tie.binds and tie.share_cn == F(2, 3)
    assert M.solve(r_us=F(1, 10), r_cn=F(1, 10), Delta=0).outcome == M.EVEN


def test_one_month_between_offers_by_hand():
    r = M.solve()
    d_us, d_cn = math.exp(-0.2), math.exp(-0.1)
    assert r.delta_us == pytest.approx(d_us) and r.delta_cn == pytest.approx(d_cn)
    assert r.share_us == pytest.approx((1 - d_cn) / (1 - d_us * d_cn))
    assert r.w_star == pytest.approx(d_cn * (1 - d_us) / (1 - d_us * d_cn))
    # Proposing helps (0.367 against 1/3 in the limit) but not enough to beat China's patience.
    assert 1 / 3 < r.share_us < 1 / 2 and r.outcome == M.CN_MORE
    cn = M.solve(proposer="China")
    assert cn.share_cn == pytest.approx((1 - d_us) / (1 - d_us * d_cn))
    assert cn.share_us < r.share_us


def test_outside_option_binds_only_above_the_threshold():
    d_us = math.exp(-0.2)
    idle = M.solve(w_cn=0.6)
    assert not idle.binds and idle.share_us == M.solve().share_us
    bound = M.solve(w_cn=0.8)
    assert bound.binds and bound.share_cn == pytest.approx(0.8)
    # China proposing keeps 1 - δ_us(1 - w): the US accepts what it would get proposing next month.
    assert M.solve(w_cn=0.8, proposer="China").share_us == pytest.approx(d_us * 0.2)


def test_the_binding_label_is_true_whoever_proposes():
    # Referee (issue 8): the label said "it gets w_cn", but a proposing China keeps 1 - δ_us(1 - w_cn) = 0.836
    # at w_cn = 0.8. What holds for both proposers is the constraint on the US offer.
    assert M.BINDS == "China's outside option binds: US offers must match it"
    d_us = math.exp(-0.2)
    r = M.solve(w_cn=0.8, proposer="China")
    assert r.binds and r.outcome == M.BINDS and r.share_cn == pytest.approx(1 - d_us * 0.2, rel=1e-9)
    assert round(r.share_cn, 3) == 0.836
    said = " ".join(r.explain())
    assert "every US offer must give China w_C" in said
    assert "1 - δ_U·(1 - w_C) = 0.836" in said
    # The US proposing: China gets exactly w_cn, and the explanation does not claim more.
    us = M.solve(w_cn=0.8)
    assert us.share_cn == pytest.approx(0.8) and "China proposes, so it keeps" not in " ".join(us.explain())


def test_the_docstring_no_longer_says_impatience_loses_whoever_proposes():
    # With offers three months apart a proposing US keeps 0.59 although r_us = 2 r_cn.
    doc = " ".join(M.__doc__.split())
    assert "even when it" not in doc
    assert round(M.solve(r_us=0.5, r_cn=0.25, Delta=3).share_us, 2) == 0.59
    assert "a proposing US keeps 0.59" in doc


def test_more_us_impatience_means_a_smaller_us_share():
    shares = [M.solve(r_us=r).share_us for r in (0.05, 0.1, 0.2, 0.3, 0.5)]
    assert shares == sorted(shares, reverse=True)
    assert shares[0] > 0.5 > shares[-1]


def test_discrete_shares_approach_the_limit():
    gaps = [abs(M.solve(Delta=d).share_us - 1 / 3) for d in (3, 1, 0.3, 0.1, 1e-4)]
    assert gaps == sorted(gaps, reverse=True) and gaps[-1] < 1e-4
    # Offers so fast that the discount factors round to 1 give the limit, not a division by zero.
    fast = M.solve(Delta=1e-300)
    assert fast.share_us == pytest.approx(1 / 3) and "instantly" in fast.explain()[0]


@SWEEP
@given(params_any)
def test_sweep_agrees_with_backward_induction(p):
    r = M.solve(**p)
    if float(p["Delta"]) >= 0.05:
        d = (r.delta_us, r.delta_cn)
        first = 0 if p["proposer"] == "US" else 1
        # Enough rounds for (δ_us·δ_cn)^(rounds/2) to fall far below the tolerance.
        rounds = 2 * math.ceil(30 / (float(p["Delta"]) * (float(p["r_us"]) + float(p["r_cn"])))) + 2
        got = finite_horizon(d, rounds, first=first, w=(0.0, float(p["w_cn"])))
        assert got[0] == pytest.approx(float(r.share_us), abs=1e-9)
    else:
        # Offers this fast give nearly the limit split: within about Delta·(r_us + r_cn) of it.
        limit = M.solve(**{**p, "Delta": 0})
        gap = float(p["Delta"]) * (float(p["r_us"]) + float(p["r_cn"]))
        assert abs(float(r.share_us) - float(limit.share_us)) <= gap + 1e-9
    assert 0 <= r.share_us <= 1 and r.share_us + r.share_cn == pytest.approx(1)
    assert r.share_cn >= float(p["w_cn"]) - 1e-9
    assert r.binds == (r.outcome == M.BINDS)
    if r.binds:
        assert float(p["w_cn"]) > float(r.w_star)
    else:
        assert float(p["w_cn"]) <= float(r.w_star) + 1e-9
    assert r.limit_share_us == pytest.approx(float(p["r_cn"]) / (float(p["r_us"]) + float(p["r_cn"])))


@SWEEP
@given(params_any)
def test_sweep_exact_inputs_stay_exact_in_the_limit(p):
    p = {**p, "Delta": 0}
    r = M.solve(**p)
    if is_exact(p):
        assert isinstance(r.share_us, F) and isinstance(r.w_star, F)
        assert r.share_cn == max(p["w_cn"], p["r_us"] / (p["r_us"] + p["r_cn"]))


@pytest.mark.parametrize("proposer", M.PROPOSERS)
@pytest.mark.parametrize("Delta", [0, 1, 3])
def test_the_regime_map_matches_solve_everywhere(proposer, Delta):
    g = M.regime_grid("r_us", "w_cn", n=11, proposer=proposer, Delta=Delta)
    for i, y in enumerate(g.ys):
        for j, x in enumerate(g.xs):
            assert g.labels[g.codes[i, j]] == M.solve(r_us=float(x), w_cn=float(y), proposer=proposer,
                                                      Delta=Delta).outcome
    assert {0, 1, 2} <= set(np.unique(g.codes).tolist())


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="proposer"):
        M.solve(proposer="EU")
    with pytest.raises(ValueError, match="not a numeric parameter"):
        M.regime_grid("proposer", "w_cn")
