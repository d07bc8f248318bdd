"""M3 TACO: hand-worked Bayes in exact arithmetic, the event record, and sweeps over every parameter."""
import dataclasses
import math
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given

from model_strategies import SWEEP, exact_defaults, is_exact, norm, params
from tradewar.data import timeline
from tradewar.models import taco as M
from tradewar.spec import CALIBRATION

EVENT_PARAMS = ["april9_cut", "geneva_request", "late_may_controls", "june5_call", "wording_dropped",
                "london_rollback"]

# Only possible records: solve refuses the one impossible record (see model_strategies).
params_any = params(M)
params_exact = params(M, exact_only=True)


def only(*names, **overrides):
    """Exact defaults with just the named events checked."""
    return exact_defaults(M, **{e: e in names for e in EVENT_PARAMS}, **overrides)


def direct(p):
    """Bayes done by hand, independently of tradewar.games.reputation: the likelihood of the checked
    record under each type, multiplied out, for every prefix of the record."""
    n = norm(p, M.NUMERIC)
    mu0, bt, bch = n["mu0"], n["beta_tough"], n["beta_chicken"]
    lt, lc, out = 1, 1, [mu0]
    for e in M.RECORD:
        if p[e.param]:
            bd = e.kind == M.BACK_DOWN
            lt *= bt if bd else 1 - bt
            lc *= bch if bd else 1 - bch
            out.append(mu0 * lt / (mu0 * lt + (1 - mu0) * lc))
    return out


# ------------------------------------------------------------------ the spec and the record


def test_params_follow_models_md():
    P = M.PARAMS
    assert list(P) == ["mu0", "beta_tough", "beta_chicken", "D_cn", "l", "kappa"] + EVENT_PARAMS
    assert (P["mu0"].default, P["mu0"].lo, P["mu0"].hi) == (0.5, 0.01, 0.99)
    assert (P["beta_tough"].default, P["beta_tough"].lo, P["beta_tough"].hi) == (0.2, 0, 0.5)
    assert (P["beta_chicken"].default, P["beta_chicken"].lo, P["beta_chicken"].hi) == (0.8, 0.5, 1)
    assert (P["D_cn"].default, P["D_cn"].lo, P["D_cn"].hi) == (2, 0, 5)
    assert (P["l"].default, P["l"].lo, P["l"].hi) == (1, 0.1, 3)
    assert (P["kappa"].default, P["kappa"].lo, P["kappa"].hi) == (0.2, 0, 2)
    for name in M.NUMERIC:
        assert P[name].kind == "float" and P[name].unit and P[name].step and P[name].source == CALIBRATION
    for name in EVENT_PARAMS:
        assert P[name].kind == "bool" and P[name].source != CALIBRATION and "2025" in P[name].label
        assert P[name].default is (name != "late_may_controls")
    for name in ("mu0", "D_cn", "l", "kappa"):
        assert "chosen here" in P[name].help


def test_events_are_tied_to_their_timeline_rows():
    tl = timeline()
    assert [e.param for e in M.RECORD] == EVENT_PARAMS  # date order
    assert [e.date for e in M.RECORD] == sorted(e.date for e in M.RECORD)
    for e in M.RECORD:
        rows = tl[tl["move"] == e.move]
        assert len(rows) == 1, e.move
        row = rows.iloc[0]
        assert e.date == f"{row['date']:%Y-%m-%d}" and e.source == row["source"]
        assert row["source"] in M.PARAMS[e.param].source
        assert e.when.endswith("2025")
    assert [e.kind for e in M.RECORD].count(M.STAND) == 1
    assert M.EVENTS["wording_dropped"].when == "about June 5, 2025"
    assert M.EVENTS["april9_cut"].when == "April 9, 2025"
    assert M.RECORD_BACK_DOWNS == 5 and len(M.LABELS) == 8


# ------------------------------------------------------------------ hand-worked cases


def test_defaults_exact_hand_worked():
    r = M.solve(**exact_defaults(M))
    # Each back-down quarters the odds 1 -> 1/4 -> 1/16 -> 1/64 -> 1/256 -> 1/1024.
    assert r.beliefs == (F(1, 2), F(1, 5), F(1, 17), F(1, 65), F(1, 257), F(1, 1025))
    assert r.b_bars == (F(1, 2), F(17, 25), F(13, 17), F(257, 325), F(205, 257), F(4097, 5125))
    assert r.b_star == F(5, 7) and r.mu_star == F(1, 7)
    assert (r.k, r.j) == (5, 0) and r.odds == F(1, 1024)
    assert r.mu == F(1, 1025) and r.b_bar == F(4097, 5125) and r.retaliates
    assert r.events == ("April 9 tariff cut", "Geneva request", "June 5 call", "wording dropped", "London rollback")
    assert r.dates[1] == "May 12, 2025" and r.kinds == (M.BACK_DOWN,) * 5
    # By May 13 (April 9 + Geneva, k = 2): 13/17 >= 5/7, Kennedy's "right moment".
    assert r.first_rational == "Geneva request"
    assert r.informative and r.ratio_back_down == F(1, 4) and r.ratio_stand == 4
    assert r.k_needed == 2 and r.outcome == "Pays after 2 back-downs"
    for x in (r.mu, r.b_bar, r.b_star, r.odds, r.mu_star, *r.beliefs, *r.b_bars):
        assert isinstance(x, F)


@pytest.mark.parametrize("events,mu,b_bar,retaliates", [
    ((), F(1, 2), F(1, 2), False),
    (("april9_cut",), F(1, 5), F(17, 25), False),          # 0.68 < 5/7
    (("april9_cut", "geneva_request"), F(1, 17), F(13, 17), True),
    (("geneva_request", "june5_call"), F(1, 17), F(13, 17), True),
    (("april9_cut", "geneva_request", "june5_call"), F(1, 65), F(257, 325), True),
    (("late_may_controls",), F(4, 5), F(8, 25), False),     # a stand: odds x4
    (("april9_cut", "late_may_controls"), F(1, 2), F(1, 2), False),  # the stand cancels it
])
def test_each_event_step(events, mu, b_bar, retaliates):
    r = M.solve(**only(*events))
    assert r.mu == mu and r.b_bar == b_bar and r.retaliates is retaliates
    assert r.k == sum(M.EVENTS[e].kind == M.BACK_DOWN for e in events) and r.k + r.j == len(events)
    assert len(r.beliefs) == len(r.b_bars) == len(events) + 1


def test_first_rational_follows_the_checked_record():
    assert M.solve(**only("geneva_request", "june5_call", "london_rollback")).first_rational == "June 5 call"
    assert M.solve(**only("april9_cut")).first_rational is None
    assert M.solve(**only()).first_rational is None and M.solve(**only()).events == ()
    # A sceptical prior: 3 back-downs are needed (odds 9 -> 9/64 <= 1/6).
    r = M.solve(**exact_defaults(M, mu0=F(9, 10)))
    assert r.first_rational == "June 5 call" and r.k_needed == 3 and r.mu_star == F(1, 7)
    # A prior already low enough: rational before any event.
    r = M.solve(**exact_defaults(M, mu0=F(1, 10)))
    assert r.first_rational == M.BEFORE and r.outcome == M.AT_ONCE


def test_a_stand_raises_the_belief_and_can_undo_rationality():
    r = M.solve(**exact_defaults(M, late_may_controls=True))
    assert r.events[2] == "late-May controls" and r.kinds[2] == M.STAND
    assert r.beliefs == (F(1, 2), F(1, 5), F(1, 17), F(1, 5), F(1, 17), F(1, 65), F(1, 257))
    assert (r.k, r.j) == (5, 1) and r.odds == F(1, 256)
    assert r.b_bars[3] < r.b_star <= r.b_bars[2]  # rational after Geneva, not after the stand
    assert r.first_rational == "Geneva request" and r.retaliates
    assert any("j = 1 stand." in s for s in r.explain())


def test_biding_reading_learns_nothing():
    r = M.solve(**exact_defaults(M, beta_tough=F(1, 2), beta_chicken=F(1, 2)))
    assert not r.informative and set(r.beliefs) == {F(1, 2)} and set(r.b_bars) == {F(1, 2)}
    assert r.mu_star is None and r.ratio_back_down == 1
    assert not r.retaliates and r.outcome == M.NEVER and r.first_rational is None
    assert any("biding" in s for s in r.explain())
    # With a small enough D_cn, b* <= 1/2 and retaliation pays whatever the record says.
    r = M.solve(**exact_defaults(M, beta_tough=F(1, 2), beta_chicken=F(1, 2), D_cn=F(4, 5)))
    assert r.b_star == F(1, 2) and r.retaliates and r.outcome == M.AT_ONCE and r.first_rational == M.BEFORE


def test_kappa_at_or_above_l_means_retaliation_never_pays():
    for kappa in (F(1), F(6, 5), F(2)):
        r = M.solve(**exact_defaults(M, kappa=kappa))
        assert r.b_star is None and r.mu_star is None and not r.retaliates
        assert r.first_rational is None and r.k_needed is None and r.outcome == M.NEVER
        assert any("κ ≥ l" in s for s in r.explain())
    r = M.solve(**exact_defaults(M, kappa=F(19, 20)))
    assert r.b_star == F(40, 41)  # just below l: b* close to 1, beyond the chicken's 0.8
    assert r.outcome == M.NEVER and not r.retaliates


def test_tie_at_the_threshold_counts_as_retaliating():
    # D_cn = 13/5 puts b* = 13/5/(4/5 + 13/5) = 13/17: exactly b_bar after two back-downs.
    r = M.solve(**exact_defaults(M, D_cn=F(13, 5)))
    assert r.b_star == F(13, 17) == r.b_bars[2] and r.first_rational == "Geneva request"
    r = M.solve(D_cn=2.6)  # the same in floats: the tolerance keeps the tie a tie
    assert r.first_rational == "Geneva request" and r.k_needed == 2


def test_more_than_the_record_and_never():
    # A chicken that barely clears b* needs many back-downs: beta_chicken = 3/4, b* = 5/7.
    r = M.solve(**exact_defaults(M, beta_chicken=F(3, 4), beta_tough=F(1, 2), mu0=F(99, 100)))
    assert r.outcome == M.MORE and r.k_needed is None and not r.retaliates
    r = M.solve(**exact_defaults(M, beta_chicken=F(7, 10)))  # below b* = 5/7: never
    assert r.outcome == M.NEVER and r.mu_star is None
    r = M.solve(**exact_defaults(M, beta_chicken=F(5, 7), beta_tough=F(0)))  # equal to b*: one back-down
    assert r.outcome == "Pays after 1 back-down" and r.beliefs[1] == 0


def test_impossible_record_is_a_value_error():
    with pytest.raises(ValueError, match="beta_tough.*beta_chicken.*cannot produce"):
        M.solve(beta_tough=0, beta_chicken=1, late_may_controls=True)
    r = M.solve(beta_tough=0, beta_chicken=1)  # only back-downs: fine, the tough type is ruled out
    assert r.mu == 0 and r.b_bar == 1 and r.odds == 0
    r = M.solve(**only("late_may_controls", beta_chicken=F(1)))
    assert r.mu == 1 and r.odds == math.inf and r.ratio_stand is None
    assert any("rules the chicken out" in s for s in r.explain())


def test_explain_gives_the_numbers():
    text = "\n".join(M.solve(**exact_defaults(M)).explain())
    assert "β_T/β_Ch = 0.25" in text and "(1 - β_T)/(1 - β_Ch) = 4" in text
    assert "Geneva request (May 12, 2025): μ = 1/17 ≈ 0.059" in text
    assert "1 × 0.25^5 × 4^0 = 1/1024 ≈ 0.000977" in text
    assert "b* = D_C/(l - κ + D_C) = 2/(1 - 0.2 + 2) = 5/7" in text
    assert "In this model retaliation first paid after the Geneva request (May 12, 2025), when b̄ reached 13/17" in text
    assert "μ* = (β_Ch - b*)/(β_Ch - β_T) = 1/7" in text
    assert "Outcome: Pays after 2 back-downs." in text
    text = "\n".join(M.solve(**only()).explain())
    assert "No event is checked" in text and "At no point" in text


def test_explain_writes_the_symbols_the_prose_writes():
    """Referee 10: the explanation prints D_C, as the slider label and the notebook do, never the code name."""
    text = "\n".join(M.solve().explain())
    assert "D_cn" not in text and "-l - D_C = -3" in text


def test_explain_at_a_tie_before_any_event_says_at_or_above():
    """Referee 14: with l = 2.2 and no event, b̄ = b* = 1/2 exactly; a tie pays, so 'above' alone is false."""
    r = M.solve(**only(l=F(11, 5)))
    assert r.b_bar == r.b_star == F(1, 2) and r.retaliates and r.first_rational == M.BEFORE
    text = "\n".join(r.explain())
    assert "the prior alone puts b̄ at or above b*" in text


def test_explain_equal_rates_says_why_it_never_pays():
    """Referee 3: at β_T = β_Ch = 0.5 'never pays' comes from the common rate 0.5 < b*, not from biding as such."""
    r = M.solve(**exact_defaults(M, beta_tough=F(1, 2), beta_chicken=F(1, 2)))
    assert r.outcome == M.NEVER and not r.informative
    text = "\n".join(r.explain())
    assert "the common back-down rate 0.5 is below b* = 5/7" in text
    assert "a common rate at or above b* would make retaliation pay before any event" in text


def test_result_is_frozen_and_floats_stay_floats():
    r = M.solve()
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.mu = 0
    assert dataclasses.asdict(r)["outcome"] == r.outcome
    assert isinstance(r.mu, float) and isinstance(r.b_star, float)
    assert r.inputs()["april9_cut"] is True


def test_bad_values():
    with pytest.raises(ValueError, match="april9_cut.*True or False"):
        M.solve(april9_cut=1)
    with pytest.raises(ValueError, match="mu0"):
        M.solve(mu0=0)
    with pytest.raises(ValueError, match="unknown parameter"):
        M.solve(k=2)


# ------------------------------------------------------------------ regime map


def test_regime_grid_default_plane():
    g = M.regime_grid()
    assert g.codes.shape == (61, 61) and g.labels == M.LABELS
    assert (g.x_name, g.y_name) == ("beta_tough", "beta_chicken") and g.point == (0.2, 0.8)
    j, i = int(np.argmin(abs(g.xs - 0.2))), int(np.argmin(abs(g.ys - 0.8)))
    assert g.labels[g.codes[i, j]] == M.solve().outcome == "Pays after 2 back-downs"
    # Below beta_chicken = b* = 5/7 nothing ever pays; the map shows every count from 1 to 5.
    assert (g.codes[g.ys < 5 / 7 - 0.01] == 7).all()
    assert set(range(1, 8)) <= set(np.unique(g.codes).tolist())
    assert M.regime_grid("mu0", "D_cn", n=5).codes.shape == (5, 5)


def test_regime_grid_arguments_are_checked():
    for kw in ({"x": "april9_cut"}, {"x": "mu0", "y": "mu0"}, {"y": "mu"}, {"n": 1}):
        with pytest.raises(ValueError):
            M.regime_grid(**kw)
    with pytest.raises(ValueError, match="kappa"):
        M.regime_grid(kappa=3)


# ------------------------------------------------------------------ sweeps


@SWEEP
@given(params_any)
def test_sweep_invariants(p):
    r = M.solve(**p)
    n, exact = norm(p, M.NUMERIC), is_exact(p, M.NUMERIC)
    bt, bch = n["beta_tough"], n["beta_chicken"]
    assert all(0 <= m <= 1 for m in r.beliefs) and all(min(bt, bch) <= b <= max(bt, bch) for b in r.b_bars)
    assert r.beliefs[0] == n["mu0"] and r.mu == r.beliefs[-1] and r.b_bar == r.b_bars[-1]
    assert r.events == tuple(e.label for e in M.RECORD if p[e.param])
    assert r.k + r.j == len(r.events) and r.j == int(p["late_may_controls"])
    assert r.informative == (bt != bch)
    if r.b_star is None:
        assert n["kappa"] >= n["l"] and not r.retaliates and r.first_rational is None
    else:
        assert 0 <= r.b_star < 1
        if exact:
            assert r.retaliates == (r.b_bar >= r.b_star)
        elif abs(r.b_bar - r.b_star) > 1e-8:
            assert r.retaliates == (r.b_bar > r.b_star)
    # Monotone: with bT < bCh a back-down never raises mu, a stand never lowers it.
    for kind, before, after in zip(r.kinds, r.beliefs, r.beliefs[1:]):
        if bt < bch:
            assert after <= before if kind == M.BACK_DOWN else after >= before
        elif bt == bch:
            assert after == before
    assert r.outcome in M.LABELS
    assert all(isinstance(s, str) and s for s in r.explain())


@SWEEP
@given(params_exact)
def test_sweep_exact_equals_direct_bayes_and_models_md(p):
    r = M.solve(**p)
    n = norm(p, M.NUMERIC)
    mu0, bt, bch, D, l, kappa = (n[k] for k in M.NUMERIC)
    assert list(r.beliefs) == direct(p)
    # models.md: posterior odds = prior odds x (bT/bCh)^k x ((1 - bT)/(1 - bCh))^j.
    if bch != 1 and bt != 0:
        assert r.odds == mu0 / (1 - mu0) * (bt / bch) ** r.k * ((1 - bt) / (1 - bch)) ** r.j
    if r.odds != math.inf:
        assert r.mu == r.odds / (1 + r.odds)
    assert r.b_bars == tuple(m * bt + (1 - m) * bch for m in r.beliefs)
    assert r.b_star == (D / (l - kappa + D) if kappa < l else None)
    pays = [r.b_star is not None and b >= r.b_star for b in r.b_bars]
    assert r.retaliates == pays[-1]
    names = (M.BEFORE,) + r.events
    assert r.first_rational == next((nm for nm, ok in zip(names, pays) if ok), None)
    # Retaliation against a US that backs down with probability b_bar: expected payoffs, by hand.
    if r.b_star is not None:
        retaliate = r.b_bar * (-kappa) + (1 - r.b_bar) * (-l - D)
        assert (retaliate >= -l) == r.retaliates
    if r.mu_star is not None:
        assert (r.mu <= r.mu_star) == r.retaliates
    # The outcome by brute force: back-downs in a row from the prior, then the limit beta_chicken.
    needed = None
    if r.b_star is not None:
        for k in range(6):
            m = mu0 * bt ** k / (mu0 * bt ** k + (1 - mu0) * bch ** k)
            if m * bt + (1 - m) * bch >= r.b_star:
                needed = k
                break
    assert r.k_needed == needed
    if needed is not None:
        assert r.outcome == M.LABELS[needed]
    elif r.b_star is not None and bt < bch and bch > r.b_star:
        assert r.outcome == M.MORE
    else:
        assert r.outcome == M.NEVER


@SWEEP
@given(params_any)
def test_sweep_floats_agree_with_exact(p):
    exact = {k: (F(v) if k in M.NUMERIC else v) for k, v in p.items()}
    r, e = M.solve(**p), M.solve(**exact)
    assert r.k == e.k and r.j == e.j and r.events == e.events
    for a, b in zip(r.beliefs + r.b_bars, e.beliefs + e.b_bars):
        assert float(a) == pytest.approx(float(b), rel=1e-9, abs=1e-12)
    if e.b_star is not None and min(abs(b - e.b_star) for b in e.b_bars) > F(1, 10**6):
        assert r.retaliates == e.retaliates and r.first_rational == e.first_rational
