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
    # d_us = -5 × 23/25 = -23/5, d_cn = -2, tau = (1/10)/(3/10) = 1/3.
    assert (r.d_us, r.d_cn, r.tau) == (F(-23, 5), -2, F(1, 3))
    # u_us = -23/5 + (1/3)(10 + 23/5 + 2) = 14/15; u_cn = 136/15.
    assert (r.u_us, r.u_cn) == (F(14, 15), F(136, 15))
    assert r.du_cn_ds == F(10, 3)
    # October: China gains (2/3)·2 - (1/3)·1 = 1.
    assert r.october_gain_cn == 1 and r.best_threat == M.OCTOBER
    # One at a time: US 4/3, China 8/3. Linked (1/4 <= tau <= 3/4): the trade, 3 each.
    assert (r.issues_us, r.issues_cn) == (F(4, 3), F(8, 3))
    assert r.linked_shares == (1, 0)
    assert (r.linkage_gain_us, r.linkage_gain_cn) == (F(5, 3), F(1, 3))
    assert (r.total_us, r.total_cn) == (F(34, 15), F(176, 15))
    assert r.outcome == "October rule pays China; linkage helps both"


def test_the_threat_point_is_the_standoff_not_a_walk_away_payoff():
    # Referee (issue 8): d is what each side suffers while no deal is in force (BRW 1986), not "if talks fail".
    said = " ".join(M.solve().explain())
    assert said.startswith("While no deal is in force, China's April list costs the US") and "talks fail" not in said
    assert "talks fail" not in M.PARAMS["D_cn"].help and "while no deal is in force" in M.PARAMS["D_cn"].help
    doc = " ".join(M.__doc__.split())
    for text in ("while no deal is in force", "outside option", "chokepoint effect", "here only China chooses",
                 "promised rollback"):
        assert text in doc
    for text in ("if talks fail", "mutual hostage", "the same damage as in M1", "China gets the rollback"):
        assert text not in doc


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
    assert r.tau == F(1, 2)
    # With tau = 1/2 China gains half the rise in D_us - D_cn: (2 - 1)/2.
    assert r.october_gain_cn == F(1, 2)


def test_linkage_uses_the_weighted_solution_and_costs_nobody():
    """Defect 1 of issue 8: the linked package was fixed at (3, 3) whatever tau, so a lopsided weight
    made linkage cost a side (r_us = 0.4: linkage_gain_cn = -0.2, "linkage costs China")."""
    r = M.solve(linkage=True, r_us=0.4, r_cn=0.1)
    assert r.linkage_gain_cn >= 0 and r.linkage_gain_cn == pytest.approx(0, abs=1e-12)
    assert r.linkage_gain_us == pytest.approx(1.6, rel=1e-9)  # 12·0.2 - 4·0.2
    assert r.outcome == "October rule pays China; linkage helps only the US"
    # Exact: tau = 1/6, the package (12tau, 4 - 4tau) = (2, 10/3), one at a time (2/3, 10/3).
    r = M.solve(**exact_defaults(M, r_us=F(1, 2), linkage=True))
    assert r.tau == F(1, 6) and (r.issues_us, r.issues_cn) == (2, F(10, 3))
    assert (r.linkage_gain_us, r.linkage_gain_cn) == (F(4, 3), 0) and r.linked_shares == (F(2, 3), 0)
    # tau = 10/11 >= 3/4: the package (4tau, 12 - 12tau) = (40/11, 12/11); the October rule does not pay.
    r = M.solve(**exact_defaults(M, r_us=F(1, 20), r_cn=F(1, 2)))
    assert r.best_threat == M.APRIL and r.october_gain_cn < 0
    assert (r.linkage_gain_us, r.linkage_gain_cn) == (0, F(12, 11) - F(4, 11))
    assert r.outcome == "April list at least as good for China; linkage helps only China"
    # tau = 2/3 exactly: the October rule gains nothing, so the April list is kept; both gain from linkage.
    r = M.solve(**exact_defaults(M, r_us=F(1, 20)))
    assert r.october_gain_cn == 0 and r.outcome == "April list at least as good for China; linkage helps both"
    assert M.trade_range() == (F(1, 4), F(3, 4))


@pytest.mark.parametrize("tau", [F(k, 44) for k in range(4, 41)])
def test_linkage_follows_issue_8s_closed_form(tau):
    # Rates in the sliders' range [1/20, 1/2] with r_cn/(r_us + r_cn) = tau (reachable: 1/11 <= tau <= 10/11).
    r_us, r_cn = (F(1, 2), F(1, 2) * tau / (1 - tau)) if tau <= F(1, 2) else (F(1, 2) * (1 - tau) / tau, F(1, 2))
    r = M.solve(**exact_defaults(M, r_us=r_us, r_cn=r_cn, linkage=True))
    assert r.tau == tau
    want = (12 * tau, 4 - 4 * tau) if tau <= F(1, 4) else (3, 3) if tau <= F(3, 4) else (4 * tau, 12 - 12 * tau)
    assert (r.issues_us, r.issues_cn) == want


@SWEEP
@given(params_any)
def test_sweep_nash_product_is_maximised_and_the_threat_choice_is_best(p):
    r = M.solve(**p)
    Pi = float(p["Pi"])
    a = float(r.tau)
    d_us, d_cn = float(r.d_us), float(r.d_cn)
    assert float(r.u_us) >= d_us - 1e-9 and float(r.u_cn) >= d_cn - 1e-9
    assert float(r.u_us + r.u_cn) == pytest.approx(Pi)
    # Brute force: the split maximising tau·ln(u_us - d_us) + (1 - tau)·ln(u_cn - d_cn).
    xs = np.linspace(d_us, Pi - d_cn, 4001)[1:-1]
    best = xs[np.argmax(a * np.log(xs - d_us) + (1 - a) * np.log(Pi - xs - d_cn))]
    assert abs(best - float(r.u_us)) <= (Pi - d_us - d_cn) / 2000
    # Variable threats: the best threat is the one that gives China more when actually solved.
    by_threat = {t: M.solve(**{**p, "threat": t}).u_cn for t in M.THREATS}
    gain = float(by_threat[M.OCTOBER] - by_threat[M.APRIL])
    assert gain == pytest.approx(float(r.october_gain_cn), abs=1e-9)
    if abs(gain) > 1e-9:
        assert r.best_threat == max(by_threat, key=by_threat.get)
    # Linkage: gains are linked minus separate, and (defect 1 of issue 8) never negative for either side.
    other = M.solve(**{**p, "linkage": not p["linkage"]})
    linked, split = (r, other) if p["linkage"] else (other, r)
    assert float(linked.total_us - split.total_us) == pytest.approx(float(r.linkage_gain_us))
    assert float(linked.total_cn - split.total_cn) == pytest.approx(float(r.linkage_gain_cn))
    assert r.linkage_gain_us >= -1e-12 and r.linkage_gain_cn >= -1e-12
    assert "costs" not in r.outcome
    # The package is the weighted Nash point of the linked frontier: (12tau, 4 - 4tau), (3, 3), (4tau, 12 - 12tau).
    want = (12 * a, 4 - 4 * a) if a <= 0.25 else (3, 3) if a <= 0.75 else (4 * a, 12 - 12 * a)
    got = (float(r.linkage_gain_us) + 4 * a, float(r.linkage_gain_cn) + 4 - 4 * a)
    assert got == pytest.approx(want, rel=1e-9, abs=1e-9)
    assert float(r.du_cn_ds) == pytest.approx((1 - a) * float(p["m"]) * (1 - float(p["sigma"])))


@SWEEP
@given(params_any)
def test_sweep_exact_inputs_stay_exact(p):
    r = M.solve(**p)
    if is_exact(p):
        for f in ("tau", "u_us", "u_cn", "du_cn_ds", "october_gain_cn", "total_us", "total_cn"):
            assert isinstance(getattr(r, f), (int, F)), f


def test_the_regime_map_matches_solve_everywhere():
    g = M.regime_grid("r_us", "r_cn", n=15)
    for i, y in enumerate(g.ys):
        for j, x in enumerate(g.xs):
            assert g.labels[g.codes[i, j]] == M.solve(r_us=float(x), r_cn=float(y)).outcome
    # Four regions: tau = 1/4 (r_us = 3 r_cn), 2/3 (r_cn = 2 r_us) and 3/4 (r_cn = 3 r_us) divide the plane.
    assert {g.labels[k] for k in np.unique(g.codes)} == {
        "October rule pays China; linkage helps only the US", "October rule pays China; linkage helps both",
        "April list at least as good for China; linkage helps both",
        "April list at least as good for China; linkage helps only China"}


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="threat"):
        M.solve(threat="November list")
    with pytest.raises(ValueError, match="linkage"):
        M.solve(linkage=1)
