"""Capstone readings: Bayes' rule over the 2025 record, worked by hand in exact arithmetic, swept over
every slider, and checked against the regime map."""
import math
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model_strategies import SWEEP, exact_defaults, norm, params, value
from tradewar.models import readings as M

LR_NAMES = ["lr_advisory", "lr_escalation", "lr_call", "lr_wording", "lr_london", "lr_october"]
params_any = params(M, max_denominator=200)
params_exact = params(M, exact_only=True, max_denominator=200)


def ratios(p):
    """The seven ratios in record order, written out independently of the module."""
    return [p["lr_advisory"], 1 / p["epsilon"], p["lr_escalation"], p["lr_call"], p["lr_wording"],
            p["lr_london"], p["lr_october"]]


# ------------------------------------------------------------------ the spec and the record


def test_params_and_events():
    assert list(M.PARAMS) == ["mu0", "epsilon"] + LR_NAMES
    assert M.EVENTS == ("Advisory", "Licence freeze", "US escalation", "Call", "Wording dropped", "London",
                        "October")
    evs = M.events()
    assert [e.name for e in evs] == list(M.EVENTS)
    assert evs[0].when == "May 13, 2025" and evs[0].source.startswith("Foreign Policy")
    assert evs[3].when == "June 5, 2025" and evs[5].when == "June 10, 2025"
    assert evs[6].when.startswith("October 2025") and "Barron's" in evs[6].source
    assert evs[1].when == "about May 14, 2025" and "Kennedy" in evs[1].source  # dated as loosely as the sources
    for name in LR_NAMES:
        assert "calibrated at" in M.PARAMS[name].help


# ------------------------------------------------------------------ worked by hand


def test_defaults_worked_by_hand_in_fractions():
    # Ratios 1, 1/(1/10) = 10, 1/2, 2, 2, 1, 2: product 40; prior odds 1, so posterior 40/41.
    r = M.solve(**exact_defaults(M))
    assert r.lrs == (1, 10, F(1, 2), 2, 2, 1, 2)
    assert all(isinstance(x, F) for x in r.lrs + r.path + r.cumulative_lr)
    assert r.cumulative_lr == (1, 10, 5, 10, 20, 20, 40)
    # Odds after each event: 1, 10, 5, 10, 20, 20, 40 -> probabilities odds/(1 + odds).
    assert r.path == (F(1, 2), F(1, 2), F(10, 11), F(5, 6), F(10, 11), F(20, 21), F(20, 21), F(40, 41))
    assert r.posterior == F(40, 41) and r.posterior_odds == 40 and r.bayes_factor == 40
    assert r.log10_lr[-1] == pytest.approx(math.log10(40))
    assert r.verdict == M.DRAMATIC == r.outcome
    # The freeze moves the posterior by 10/11 - 1/2 = 9/22, more than any other event.
    assert r.biggest_mover == "Licence freeze" and r.biggest_move == F(9, 22)
    assert r.moves[2] == F(5, 6) - F(10, 11) < 0


def test_a_sceptic_with_noisy_licensing_stays_prosaic():
    # Prior 1/10 (odds 1/9), epsilon = 1/2 (freeze ratio 2), advisory 1, escalation 1/4, call 2,
    # wording 1, London 1, October 3: ratio 2 * 1/4 * 2 * 3 = 3, odds 1/3, posterior 1/4.
    r = M.solve(**exact_defaults(M, mu0=F(1, 10), epsilon=F(1, 2), lr_escalation=F(1, 4), lr_wording=1,
                                 lr_october=3))
    assert r.bayes_factor == 3 and r.posterior_odds == F(1, 3) and r.posterior == F(1, 4)
    assert r.verdict == M.PROSAIC
    # Odds 1/9, 1/9, 2/9, 1/18, 1/9, 1/9, 1/9, 1/3. Moves: 0, 9/110, -27/209, 9/190, 0, 0, 3/20.
    assert r.path == (F(1, 10), F(1, 10), F(2, 11), F(1, 19), F(1, 10), F(1, 10), F(1, 10), F(1, 4))
    assert r.biggest_mover == "October" and r.biggest_move == F(3, 20)


def test_evidence_exactly_balancing_the_prior_is_even():
    r = M.solve(**exact_defaults(M, mu0=F(1, 5), epsilon=F(1, 4), lr_escalation=1, lr_call=1, lr_wording=1,
                                 lr_october=1))
    assert r.posterior_odds == 1 and r.posterior == F(1, 2) and r.verdict == M.EVEN


@given(mu0=value(M.PARAMS["mu0"]))
@SWEEP
def test_uninformative_record_leaves_the_prior_alone(mu0):
    r = M.solve(mu0=mu0, epsilon=1, **{k: 1 for k in LR_NAMES})
    if isinstance(mu0, float):  # Bayes' rule in floats may round in the last bit
        assert r.path == pytest.approx([mu0] * 8, rel=1e-12)
    else:
        assert all(x == mu0 for x in r.path) and r.posterior == mu0
    assert r.bayes_factor == 1 and all(x == 0 for x in r.log10_lr)
    assert r.biggest_mover is None and r.biggest_move == 0
    odds = mu0 / (1 - mu0)
    even = odds == 1 if not isinstance(mu0, float) else abs(odds - 1) <= 1e-9 * max(1, odds)
    assert r.verdict == (M.EVEN if even else M.DRAMATIC if odds > 1 else M.PROSAIC)


# ------------------------------------------------------------------ sweeps


@given(params_any)
@SWEEP
def test_posterior_follows_from_the_product_of_ratios(p):
    r = M.solve(**p)
    q = norm(p)
    lrs = ratios(q)
    assert r.lrs == pytest.approx(lrs, rel=1e-12)
    odds = q["mu0"] / (1 - q["mu0"]) * math.prod(lrs)
    assert r.posterior == pytest.approx(odds / (1 + odds), rel=1e-9)
    assert all(0 <= x <= 1 for x in r.path) and len(r.path) == len(M.EVENTS) + 1
    for i, lr in enumerate(lrs):
        # Each step moves the belief towards the reading the event favours.
        step = r.path[i + 1] - r.path[i]
        assert (step > -1e-12) if lr >= 1 else (step < 1e-12)
        assert r.cumulative_lr[i] == pytest.approx(math.prod(lrs[: i + 1]), rel=1e-9)
        assert r.log10_lr[i] == pytest.approx(sum(math.log10(x) for x in lrs[: i + 1]), abs=1e-9)
    assert r.biggest_mover in M.EVENTS + (None,)
    if r.biggest_mover is not None:
        k = M.EVENTS.index(r.biggest_mover)
        assert abs(r.moves[k]) == max(abs(m) for m in r.moves)


@given(params_exact)
@SWEEP
def test_exact_in_exact_out_and_order_does_not_matter(p):
    r = M.solve(**p)
    assert all(isinstance(x, F) for x in r.path + r.lrs + r.cumulative_lr + r.moves)
    # Independent computation: Bayes' rule on the odds, in reverse order.
    odds = p["mu0"] / (1 - p["mu0"])
    for lr in reversed(ratios(norm(p))):
        odds *= lr
    assert r.posterior == odds / (1 + odds) and r.posterior_odds == odds
    assert r.verdict == (M.DRAMATIC if odds > 1 else M.PROSAIC if odds < 1 else M.EVEN)


def test_regime_map_boundary_is_where_prior_odds_meet_the_evidence():
    # At the defaults the record without the freeze has ratio 4, so with the freeze 4/epsilon:
    # dramatic iff mu0/(1 - mu0) * 4/epsilon > 1, i.e. mu0 > epsilon/(4 + epsilon).
    g = M.regime_grid("mu0", "epsilon", 41)
    X, Y = np.meshgrid(g.xs, g.ys)
    expected = np.where(X > Y / (4 + Y), 0, 1)
    away = np.abs(X - Y / (4 + Y)) > 1e-9
    assert (g.codes[away] == expected[away]).all()
    assert {0, 1} <= set(np.unique(g.codes).tolist())
    with pytest.raises(ValueError, match="must differ"):
        M.regime_grid("mu0", "mu0")


def test_explain_is_generated_from_the_numbers():
    text = " ".join(M.solve(**exact_defaults(M, epsilon=F(1, 4))).explain())
    assert "May 13, 2025" in text and "ε = 0.25" in text and "4 times likelier under the dramatic" in text
    assert "16 times as likely" in text and "Verdict: Dramatic reading more likely" in text
    even = " ".join(M.solve(mu0=0.5, epsilon=1, **{k: 1 for k in LR_NAMES}).explain())
    assert "No event moves the posterior" in even and M.EVEN in even


# ------------------------------------------------------------------ designing norms

from tradewar.models import truce  # noqa: E402

NORM = M.NORM_PARAMS


def test_norms_hand_worked_against_truce_delta_star():
    # delta* = (T - R)/[(T - R)(1 - eps) + (q - eps)(R - P)] = 2/(1.8 + 1.6) = 10/17 at the defaults;
    # hotline eps = 1/20: 2/3.6 = 5/9; shared data q = 19/20: 2/3.5 = 4/7; narrower T = 4: 1/2.5 = 2/5.
    r = M.norms(T=5, R=3, P=1, S=0, epsilon=F(1, 10), q=F(9, 10), L=2, cut=F(1, 2))
    assert r.rules == M.RULES
    assert r.delta_star == (F(10, 17), F(5, 9), F(4, 7), F(2, 5), F(10, 17), F(10, 17))
    assert dict(r.changes[1]) == {"epsilon": F(1, 20)} and dict(r.changes[3]) == {"T": 4}
    assert dict(r.changes[4]) == {"L": 4} and dict(r.changes[5]) == {"L": 1}
    # With L = 2 the constraint reads d + d^2 >= (T - R)/[(q - eps)(R - P) - eps(T - R)] = 2/1.4.
    assert r.delta_needed[0] == pytest.approx((-1 + math.sqrt(1 + 4 * 2 / 1.4)) / 2, abs=1e-8)
    # One round of punishment: d >= 2/1.4 > 1, impossible.
    assert r.delta_needed[5] is None
    assert r.best == r.best_star == M.NARROW
    assert "Narrower toolset" in " ".join(r.explain())


def norm_value(spec):
    if spec.kind == "int":
        return st.integers(int(spec.lo), int(spec.hi))
    return st.one_of(st.floats(float(spec.lo), float(spec.hi), allow_nan=False),
                     st.sampled_from([spec.lo, spec.hi, spec.default]))


@given(st.fixed_dictionaries({k: norm_value(s) for k, s in NORM.items()}))
@settings(SWEEP, max_examples=40)
def test_norms_agree_with_truce_at_every_rule(p):
    try:
        truce.solve(**{k: v for k, v in p.items() if k != "cut"})
    except ValueError:
        with pytest.raises(ValueError):
            M.norms(**p)
        return
    r = M.norms(**p)
    for change, star, need in zip(r.changes, r.delta_star, r.delta_needed):
        values = {**{k: v for k, v in p.items() if k != "cut"}, **dict(change)}
        # delta* does not depend on delta; the default patience, exact, keeps exact inputs exact.
        assert star == truce.solve(**values, delta=exact_defaults(truce)["delta"]).delta_star
        if need is None:
            assert not truce.solve(**values, delta=0.99).ic_holds
        else:
            # The threshold found by bisection: the constraint holds just above it and fails just below.
            assert truce.solve(**values, delta=min(0.99, need + 1e-7)).ic_holds
            if need > 1e-7:
                assert not truce.solve(**values, delta=need - 1e-7).ic_holds
    # The hotline and shared data never raise the threshold; shorter punishments never lower it.
    inf = [math.inf if x is None else x for x in r.delta_needed]
    assert inf[1] <= inf[0] + 1e-9 and inf[2] <= inf[0] + 1e-9 and inf[5] >= inf[0] - 1e-9
    assert r.best == (None if all(x is None for x in r.delta_needed)
                      else M.RULES[min(range(6), key=lambda i: (inf[i], i))])
    # A narrower toolset lowers T towards R, but never below truce's slider.
    n = norm(p)
    assert dict(r.changes[3])["T"] == max(n["R"] + (n["T"] - n["R"]) * (1 - n["cut"]), 3)


def test_delta_stars_is_norms_delta_star():
    for p in ({}, {"epsilon": 0.3, "cut": 0.8}, {"T": F(7), "R": F(4), "P": F(3), "S": F(2, 5), "L": 5}):
        assert M.delta_stars(**p) == M.norms(**p).delta_star
    with pytest.raises(ValueError, match="T > R"):
        M.delta_stars(T=3, R=3.5)
