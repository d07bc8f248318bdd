"""M7 Nash bargaining with threat points: exact numbers at the defaults, variable threats, linkage,
the Nash product maximised by brute force, and sweeps over every slider."""
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given

from model_strategies import SWEEP, exact_defaults, is_exact, params
from tradewar.models import threat_bargaining as M

params_any = params(M)


def test_defaults_by_hand():
    r = M.solve(**exact_defaults(M))
    # d_us = -5 × 23/25 = -23/5, d_cn = -2, alpha = (1/10)/(3/10) = 1/3.
    assert (r.d_us, r.d_cn, r.alpha) == (F(-23, 5), -2, F(1, 3))
    # u_us = -23/5 + (1/3)(10 + 23/5 + 2) = 14/15; u_cn = 136/15.
    assert (r.u_us, r.u_cn) == (F(14, 15), F(136, 15))
    assert r.du_cn_ds == F(10, 3)
    # October: China gains (2/3)·2 - (1/3)·1 = 1.
    assert r.october_gain_cn == 1 and r.best_threat == M.OCTOBER
    # One at a time: US 4/3, China 8/3. Linked: 3 each.
    assert (r.issues_us, r.issues_cn) == (F(4, 3), F(8, 3))
    assert (r.linkage_gain_us, r.linkage_gain_cn) == (F(5, 3), F(1, 3))
    assert (r.total_us, r.total_cn) == (F(34, 15), F(176, 15))
    assert r.outcome == M.OCT_LINK


def test_the_october_rule_by_hand():
    r = M.solve(**exact_defaults(M, threat=M.OCTOBER, linkage=True))
    # d_us = -23/5 - 2 = -33/5, d_cn = -3; u_us = -33/5 + (1/3)(10 + 33/5 + 3) = -1/15.
    assert (r.d_us, r.d_cn) == (F(-33, 5), -3)
    assert (r.u_us, r.u_cn) == (F(-1, 15), F(151, 15))
    assert r.u_cn - M.solve(**exact_defaults(M)).u_cn == r.october_gain_cn
    assert (r.issues_us, r.issues_cn) == (3, 3)


def test_china_gains_with_its_share_although_nothing_is_cut_off():
    lo, hi = M.solve(**exact_defaults(M, s=F(1, 2))), M.solve(**exact_defaults(M, s=F(1, 1)))
    assert hi.u_cn - lo.u_cn == F(1, 2) * lo.du_cn_ds
    # Substitutes blunt the threat: with sigma = 1 the share no longer matters.
    assert M.solve(**exact_defaults(M, sigma=1)).du_cn_ds == 0


def test_equal_patience_variable_threats_maximise_D_us_minus_D_cn():
    r = M.solve(**exact_defaults(M, r_us=F(1, 10)))
    assert r.alpha == F(1, 2)
    # With alpha = 1/2 China gains half the rise in D_us - D_cn: (2 - 1)/2.
    assert r.october_gain_cn == F(1, 2)


def test_linkage_can_cost_the_side_that_already_wins_most():
    # alpha = 1/6: one at a time China gets (5/6)·4 = 10/3 > 3.
    r = M.solve(**exact_defaults(M, r_us=F(1, 2)))
    assert r.linkage_gain_cn == F(-1, 3) and r.linkage_gain_us > 0 and r.outcome == M.OCT_COST
    # alpha = 10/11: the October rule costs China more than it gains and linkage costs the US.
    r = M.solve(**exact_defaults(M, r_us=F(1, 20), r_cn=F(1, 2)))
    assert r.best_threat == M.APRIL and r.october_gain_cn < 0
    assert r.linkage_gain_us < 0 and r.outcome == M.APR_COST
    # alpha = 2/3 exactly: the October rule gains nothing, so the April list is kept.
    r = M.solve(**exact_defaults(M, r_us=F(1, 20)))
    assert r.october_gain_cn == 0 and r.outcome == M.APR_LINK


@SWEEP
@given(params_any)
def test_sweep_nash_product_is_maximised_and_the_threat_choice_is_best(p):
    r = M.solve(**p)
    S = float(p["S"])
    a = float(r.alpha)
    d_us, d_cn = float(r.d_us), float(r.d_cn)
    assert float(r.u_us) >= d_us - 1e-9 and float(r.u_cn) >= d_cn - 1e-9
    assert float(r.u_us + r.u_cn) == pytest.approx(S)
    # Brute force: the split maximising alpha·ln(u_us - d_us) + (1 - alpha)·ln(u_cn - d_cn).
    xs = np.linspace(d_us, S - d_cn, 4001)[1:-1]
    best = xs[np.argmax(a * np.log(xs - d_us) + (1 - a) * np.log(S - xs - d_cn))]
    assert abs(best - float(r.u_us)) <= (S - d_us - d_cn) / 2000
    # Variable threats: the best threat is the one that gives China more when actually solved.
    by_threat = {t: M.solve(**{**p, "threat": t}).u_cn for t in M.THREATS}
    gain = float(by_threat[M.OCTOBER] - by_threat[M.APRIL])
    assert gain == pytest.approx(float(r.october_gain_cn), abs=1e-9)
    if abs(gain) > 1e-9:
        assert r.best_threat == max(by_threat, key=by_threat.get)
    # Linkage: gains are linked minus separate, and they add up to the efficiency gain 6 - 4 = 2.
    other = M.solve(**{**p, "linkage": not p["linkage"]})
    linked, split = (r, other) if p["linkage"] else (other, r)
    assert float(linked.total_us - split.total_us) == pytest.approx(float(r.linkage_gain_us))
    assert float(r.linkage_gain_us + r.linkage_gain_cn) == pytest.approx(2)
    assert float(r.du_cn_ds) == pytest.approx((1 - a) * float(p["m"]) * (1 - float(p["sigma"])))


@SWEEP
@given(params_any)
def test_sweep_exact_inputs_stay_exact(p):
    r = M.solve(**p)
    if is_exact(p):
        for f in ("alpha", "u_us", "u_cn", "du_cn_ds", "october_gain_cn", "total_us", "total_cn"):
            assert isinstance(getattr(r, f), (int, F)), f


def test_the_regime_map_matches_solve_everywhere():
    g = M.regime_grid("r_us", "r_cn", n=15)
    for i, y in enumerate(g.ys):
        for j, x in enumerate(g.xs):
            assert g.labels[g.codes[i, j]] == M.solve(r_us=float(x), r_cn=float(y)).outcome
    assert set(np.unique(g.codes).tolist()) == {0, 1, 2, 3}


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="threat"):
        M.solve(threat="November list")
    with pytest.raises(ValueError, match="linkage"):
        M.solve(linkage=1)
