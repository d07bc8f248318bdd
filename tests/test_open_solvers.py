"""The open solvers: the plain-Python algorithm cells of notebooks 02, 04, 05 and 06 against the library.

Each cell starts with a marker comment (`# open solver: ...`). The test takes the cell's function
definitions only, runs them in a namespace with nothing but the builtins (so the algorithm cannot lean
on the library), and checks with hypothesis that they agree with the library on random inputs over the
model's parameter ranges: exactly with Fractions, rel 1e-9 with floats. The whole cell is also run at the
notebook's values to check what it prints, and the sentences around it are held against the numbers.
"""
from __future__ import annotations

import ast
import contextlib
import io
import json
import math
import sys
from fractions import Fraction as F
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradewar.games import bargaining, reputation
from tradewar.games.backward import backward_induction
from tradewar.games.random_tree import random_tree
from tradewar.games.reputation import belief_path
from tradewar.games.tree import Decision, Leaf
from tradewar.models import chain_store, chokepoint, rubinstein, taco

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "prose"))
from prose import says  # noqa: E402

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MARKERS = {
    "02": "# open solver: backward induction",
    "04": "# open solver: Bayes' rule",
    "05": "# open solver: the Kreps-Wilson thresholds",
    "06": "# open solver: Rubinstein's alternating offers",
}


def _cell(nn: str) -> str:
    """The source of notebook NN's open-solver cell, found by its marker on the first line."""
    (path,) = (ROOT / "notebooks").glob(f"{nn}_*.ipynb")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = ["".join(c["source"]) for c in cells
             if c["cell_type"] == "code" and "".join(c["source"]).startswith(MARKERS[nn])]
    assert len(found) == 1, f"{path.name}: {len(found)} cells start with {MARKERS[nn]!r}, expected 1"
    return found[0]


def _definitions(nn: str) -> list[ast.FunctionDef]:
    return [node for node in ast.parse(_cell(nn)).body if isinstance(node, ast.FunctionDef)]


def _algorithm(nn: str) -> dict:
    """The cell's function definitions, run with the builtins alone (and Fraction, which the brief
    allows): a reference to anything from the library would fail with a NameError."""
    module = ast.Module(body=_definitions(nn), type_ignores=[])
    namespace = {"Fraction": F}
    exec(compile(module, f"<open solver {nn}>", "exec"), namespace)
    return namespace


def _run_cell(nn: str, namespace: dict) -> str:
    """Run the whole cell (algorithm and comparison) and return what it shows: stdout, or the HTML."""
    out = io.StringIO()
    tree = ast.parse(_cell(nn))
    last = tree.body[-1]
    shown = ""
    with contextlib.redirect_stdout(out):
        if isinstance(last, ast.Expr):
            exec(compile(ast.Module(body=tree.body[:-1], type_ignores=[]), nn, "exec"), namespace)
            value = eval(compile(ast.Expression(last.value), nn, "eval"), namespace)
            shown = getattr(value, "data", "") or ""
        else:
            exec(compile(tree, nn, "exec"), namespace)
    return out.getvalue() + shown


class _HTML:
    """Stands in for IPython's HTML: the test reads what the cell would display."""

    def __init__(self, data):
        self.data = data


def _close(x, y) -> bool:
    if not isinstance(x, float) and not isinstance(y, float):  # ints and Fractions: exactly
        return x == y
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


@pytest.mark.parametrize("nn", sorted(MARKERS))
def test_the_algorithm_is_short_and_plain(nn):
    """10-25 non-blank lines of function definitions, no import, no name from the library."""
    source = _cell(nn).splitlines()
    defs = _definitions(nn)
    assert defs, f"notebook {nn}: the open-solver cell defines no function"
    n = sum(1 for d in defs for i in range(d.lineno - 1, d.end_lineno) if source[i].strip())
    assert 10 <= n <= 25, f"notebook {nn}: the algorithm has {n} lines, not 10-25"
    for d in defs:
        for node in ast.walk(d):
            assert not isinstance(node, (ast.Import, ast.ImportFrom)), f"notebook {nn}: an import inside {d.name}"
    assert "tradewar" not in "\n".join(ast.get_source_segment(_cell(nn), d) for d in defs)
    _algorithm(nn)  # runs with the builtins alone


# --- 02: backward induction ------------------------------------------------------------------------

def _plain(node):
    """A library tree node in the notebook's plain form: payoff tuples and (name, player, {move: node})."""
    if isinstance(node, Leaf):
        return tuple(node.payoffs)
    assert isinstance(node, Decision)
    return (node.name, node.player, {label: _plain(child) for label, child in node.moves})


def _agrees_02(tree):
    solve = _algorithm("02")["backward_induction"]
    payoffs, plan = solve(_plain(tree.root))
    library = backward_induction(tree)
    assert plan == dict(library.choice)
    assert len(payoffs) == len(library.value) and all(_close(x, y) for x, y in zip(payoffs, library.value))


@SETTINGS
@given(n=st.integers(1, 120), seed=st.integers(0, 10**6), players=st.integers(1, 3),
       payoffs=st.sampled_from(["fraction", "int", "float"]), narrow=st.booleans())
def test_02_agrees_on_random_trees(n, seed, players, payoffs, narrow):
    # "int" and "fraction" payoffs tie often (and a narrow range ties at most nodes): the first
    # optimal move must win in both, exactly.
    tree = random_tree(n, n_players=players, seed=seed, payoffs=payoffs, int_range=(0, 1) if narrow else (-3, 3))
    _agrees_02(tree)


def _fractions(name, spec_module):
    """Exact values anywhere in a parameter's range (its slider's ends included)."""
    spec = spec_module.PARAMS[name]
    lo, hi = F(str(spec.lo)), F(str(spec.hi))
    return st.one_of(st.sampled_from([lo, hi]), st.fractions(lo, hi, max_denominator=100))


_CHOKEPOINT = st.fixed_dictionaries({k: _fractions(k, chokepoint) for k in chokepoint.PARAMS})


@SETTINGS
@given(params=_CHOKEPOINT)
def test_02_agrees_on_the_chokepoint_tree(params):
    _agrees_02(chokepoint.game(**params))


def test_02_cell_at_the_defaults_and_its_edit():
    ns = {"chokepoint": chokepoint}
    shown = _run_cell("02", ns)
    assert "They agree." in shown and "disagree" not in shown
    # The invitation: ">=" (a tie goes to the later move) and a = 0. The first node changes to
    # Escalate, which the library's tie-break does not show but lists as subgame perfect.
    edited = _cell("02").replace("payoffs[player] > best_payoffs[player]", "payoffs[player] >= best_payoffs[player]")
    edited = edited.replace("p = chokepoint.solve().inputs()\n", "p = chokepoint.solve().inputs()\np[\"a\"] = 0\n")
    assert edited.count(">=") == 1 and 'p["a"] = 0' in edited
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(edited, {"chokepoint": chokepoint})
    assert "At the first node (US): this cell chooses Escalate; the library chooses Hold back." in out.getvalue()
    assert "also one of the library's subgame-perfect equilibria" in out.getvalue()
    assert "this cell (0, -0.2), the library (0, 0)" in out.getvalue()
    assert "At the first node (US): this cell chooses Hold back; the library chooses Hold back." in shown
    (fn,) = _definitions("02")
    lines = _cell("02").splitlines()[fn.lineno - 1:fn.end_lineno]
    assert sum(1 for line in lines if line.strip()) == 16   # the count the notebook and the guide state
    says("02", "in sixteen lines of plain Python")
    says("02", "writes backward induction out in 16 lines of plain Python", guide=True)
    says("02", "the payoffs become (0, −0.2)", guide=True)
    says("02", 'change `>` to `>=`, so that a tie goes to the later move, and add the line `p["a"] = 0`')
    says("02", "with `>=` and a = 0 the first node's choice changes to Escalate", guide=True)


# --- 04: Bayes' rule -------------------------------------------------------------------------------

_PROB = st.fractions(0, 1, max_denominator=50)
_KINDS = st.lists(st.sampled_from([taco.BACK_DOWN, taco.STAND]), max_size=10)


@SETTINGS
@given(mu0=st.fractions(F(1, 100), F(99, 100), max_denominator=100), bt=st.fractions(0, F(1, 2), max_denominator=40),
       bch=st.fractions(F(1, 2), 1, max_denominator=40), kinds=_KINDS)
def test_04_bayes_agrees_with_the_library_exactly(mu0, bt, bch, kinds):
    if bt == 0 and bch == 1 and len(set(kinds)) == 2:
        return  # impossible record: the library refuses it, and Bayes' rule divides by zero
    path = _algorithm("04")["belief_path"](mu0, bt, bch, kinds)
    likelihoods = [(bt, bch) if k == taco.BACK_DOWN else (1 - bt, 1 - bch) for k in kinds]
    assert [mu for mu, _ in path] == list(belief_path(mu0, likelihoods))
    assert [b for _, b in path] == [mu * bt + (1 - mu) * bch for mu in belief_path(mu0, likelihoods)]


_TACO_NUMBERS = st.fixed_dictionaries({k: _fractions(k, taco) for k in taco.NUMERIC})
_TICKS = st.fixed_dictionaries({e.param: st.booleans() for e in taco.RECORD})


def _agrees_04(values, ticks):
    alg = _algorithm("04")
    p = {**values, **ticks}
    if p["beta_tough"] == 0 and p["beta_chicken"] == 1 and len({e.kind for e in taco.RECORD if p[e.param]}) == 2:
        return
    library = taco.solve(**p)
    path = alg["belief_path"](p["mu0"], p["beta_tough"], p["beta_chicken"],
                              [e.kind for e in taco.RECORD if p[e.param]])
    assert len(path) == len(library.beliefs)
    for (mu, b_bar), lib_mu, lib_b in zip(path, library.beliefs, library.b_bars):
        assert _close(mu, lib_mu) and _close(b_bar, lib_b)
    b_star = alg["retaliation_threshold"](p["D_cn"], p["l"], p["kappa"])
    assert (b_star is None) == (library.b_star is None)
    if b_star is not None:
        assert _close(b_star, library.b_star)


@SETTINGS
@given(values=_TACO_NUMBERS, ticks=_TICKS)
def test_04_agrees_with_the_model_exactly(values, ticks):
    _agrees_04(values, ticks)


@SETTINGS
@given(values=_TACO_NUMBERS, ticks=_TICKS)
def test_04_agrees_with_the_model_in_floats(values, ticks):
    _agrees_04({k: float(v) for k, v in values.items()}, ticks)


EXACT_04 = dict(mu0=F(1, 2), beta_tough=F(1, 5), beta_chicken=F(4, 5), kappa=F(1, 5))


def test_04_cell_at_the_defaults_and_its_edit():
    shown = _run_cell("04", {"taco": taco, "EXACT": EXACT_04, "Fraction": F, "HTML": _HTML})
    assert "They agree, exactly." in shown and "disagree" not in shown
    assert "<td>1/17</td><td>1/17</td><td>13/17</td><td>13/17</td><td>yes</td>" in shown
    # The invitation: mu0 = 9/10. b_bar first reaches b* after the third back-down, the June 5 call.
    alg = _algorithm("04")
    p = taco.solve(**{**EXACT_04, "mu0": F(9, 10)}).inputs()
    events = [e for e in taco.RECORD if p[e.param]]
    path = alg["belief_path"](p["mu0"], p["beta_tough"], p["beta_chicken"], [e.kind for e in events])
    b_star = alg["retaliation_threshold"](p["D_cn"], p["l"], p["kappa"])
    first = next(i for i, (_, b) in enumerate(path) if b >= b_star)
    assert events[first - 1].label == "June 5 call" == taco.solve(**p).first_rational
    lib = taco.solve(**EXACT_04)
    assert [str(m) for m in lib.beliefs] == ["1/2", "1/5", "1/17", "1/65", "1/257", "1/1025"]
    assert [str(b) for b in lib.b_bars] == ["1/2", "17/25", "13/17", "257/325", "205/257", "4097/5125"]
    assert lib.b_star == F(5, 7)
    says("04", "μ = 1/2, 1/5, 1/17, 1/65, 1/257, 1/1025 and b̄ = 1/2, 17/25, 13/17, 257/325, 205/257, 4097/5125",
         guide=True)
    lines = _cell("04").splitlines()
    assert sum(sum(1 for line in lines[fn.lineno - 1:fn.end_lineno] if line.strip())
               for fn in _definitions("04")) == 19   # the count the guide states
    says("04", "out in 19 lines of plain Python", guide=True)
    says("04", 'Add the line `p["mu0"] = Fraction(9, 10)` just after `p = taco.solve(**EXACT).inputs()`')
    says("04", "with μ₀ = 9/10, b̄ first reaches b* after the June 5 call", guide=True)


# --- 05: the Kreps-Wilson thresholds ---------------------------------------------------------------

def _agrees_05(N, g, mu0, u=2):
    """Against the game's solver (any 0 < g < 1, 0 <= mu0 <= 1) and, on its ranges, the model."""
    rows = _algorithm("05")["chain_store_path"](N, g, mu0)
    library = reputation.chain_store(N, g, u, mu0)
    assert [r[2] for r in rows] == list(library.thresholds)
    assert [r[3] for r in rows] == list(library.belief_fought[:-1])
    assert [r[5] for r in rows] == list(library.phi_fought)
    assert sum(1 for r in rows if r[4] == "stays out") == library.deterred
    assert [r[4] != "stays out" for r in rows] == [e > 0 for e in library.entry_prob]
    first = next((i for i, r in enumerate(rows) if r[4] != "stays out"), None)
    if first is not None:  # still at the prior: an indifferent challenger enters with probability 1 - 1/u
        assert (rows[first][4] == "indifferent") == (library.entry_prob[first] == 1 - 1 / F(u))
    model = chain_store.PARAMS
    if model["g"].lo <= g <= model["g"].hi and model["mu0"].lo <= mu0 <= model["mu0"].hi \
            and model["u"].lo <= u <= model["u"].hi:
        solved = chain_store.solve(N=N, g=g, u=u, mu0=mu0)
        assert solved.thresholds == library.thresholds and solved.deterred == library.deterred
        assert solved.belief_path == library.belief_fought and solved.phi_path == library.phi_fought


@SETTINGS
@given(N=st.integers(1, 100), g=st.fractions(F(1, 100), F(99, 100), max_denominator=100),
       mu0=st.fractions(0, 1, max_denominator=200), power=st.integers(0, 12), tie=st.booleans(),
       u=st.fractions(F(11, 10), 10, max_denominator=20))
def test_05_agrees_with_the_library_exactly(N, g, mu0, power, tie, u):
    if tie:  # a prior on a threshold, mu0 = g^k: the indifferent challenger
        mu0 = g ** power
    _agrees_05(N, g, mu0, u)


@SETTINGS
@given(params=st.fixed_dictionaries({k: _fractions(k, chain_store) for k in ("g", "mu0")}),
       N=st.integers(1, 100))
def test_05_agrees_over_the_slider_ranges(params, N):
    g = params["g"]
    if not 0 < g < 1:
        return
    _agrees_05(N, g, params["mu0"])


def test_05_cell_at_the_defaults_and_its_edit():
    defaults = chain_store.solve(g=F(1, 2), u=2, mu0=F(1, 10))
    shown = _run_cell("05", {"chain_store": chain_store, "defaults": defaults, "HTML": _HTML})
    assert "Deterred for sure: 7 in this cell, 7 in the library." in shown
    assert "the same, exactly" in shown and "disagree" not in shown
    # A float edit (say p["g"] = 0.8): g ** n and the library's running product round differently.
    for g, mu0, N in ((0.8, 0.1, 10), (0.8, 0.05, 30), (0.5, 0.1, 100), (0.9, 0.3, 50)):
        floats = chain_store.solve(N=N, g=g, mu0=mu0)
        shown = _run_cell("05", {"chain_store": chain_store, "defaults": floats, "HTML": _HTML})
        assert f"Deterred for sure: {floats.deterred} in this cell, {floats.deterred} in the library." in shown
        assert "the same" in shown and "disagree" not in shown
    rows = _algorithm("05")["chain_store_path"](10, F(1, 2), F(1, 10))
    assert [r[4] for r in rows] == ["stays out"] * 7 + ["enters", "indifferent", "indifferent"]
    assert [r[5] for r in rows] == [1] * 6 + [F(7, 9), F(1, 3), F(1, 3), 0]
    assert [r[3] for r in rows][8:] == [F(1, 4), F(1, 2)]
    says("05", "challengers 1 to 7 stay out (φ = 1 for the first six, 7/9 at the seventh), challenger 8 "
         "enters (φ = 1/3), challenger 9 is indifferent (belief 1/4, on its threshold), and on the table's path, "
         "where challenger 9 enters and is fought too, so is challenger 10 (belief 1/2)", guide=True)
    # Had challenger 9 stayed out, the belief stays at 1/4, below challenger 10's threshold g = 1/2.
    assert rows[8][3] == rows[8][2] == F(1, 4) < rows[9][2] == F(1, 2)
    says("05", "had challenger 9 stayed out, the belief would stay 1/4 and challenger 10 would enter for sure",
         guide=True)
    fn = _definitions("05")[0]
    lines = _cell("05").splitlines()[fn.lineno - 1:fn.end_lineno]
    assert sum(1 for line in lines if line.strip()) == 20   # the count the guide states
    says("05", "out in 20 lines of plain Python", guide=True)
    rows = _algorithm("05")["chain_store_path"](100, F(1, 2), F(1, 10))
    assert sum(1 for r in rows if r[4] == "stays out") == 97 == chain_store.solve(N=100).deterred
    says("05", 'Add the line `p["N"] = 100` just after `p = defaults.inputs()`.')
    says("05", 'with N = 100, 97 rows say "stays out"', guide=True)


# --- 06: Rubinstein's finite horizon ---------------------------------------------------------------

_D = st.fractions(0, 1, max_denominator=60)


@SETTINGS
@given(d0=_D, d1=_D, rounds=st.integers(1, 80), first=st.integers(0, 1),
       w0=st.fractions(0, 1, max_denominator=30), w1=st.fractions(0, 1, max_denominator=30))
def test_06_agrees_with_finite_horizon_exactly(d0, d1, rounds, first, w0, w1):
    if w0 + w1 > 1:
        w0, w1 = w0 / 2, w1 / 2  # the library's range: options add up to at most 1
        if w0 + w1 > 1:
            return
    mine = _algorithm("06")["alternating_offers"]((d0, d1), rounds, first, (w0, w1))
    assert mine == bargaining.finite_horizon((d0, d1), rounds, first, (w0, w1))


@SETTINGS
@given(params=st.fixed_dictionaries({k: _fractions(k, rubinstein) for k in ("r_us", "r_cn", "w_cn", "Delta")}),
       proposer=st.sampled_from(rubinstein.PROPOSERS), rounds=st.integers(1, 300))
def test_06_agrees_with_the_model_in_floats(params, proposer, rounds):
    model = rubinstein.solve(**{k: float(v) for k, v in params.items()}, proposer=proposer)
    d = (model.delta_us, model.delta_cn)
    first, w = rubinstein.PROPOSERS.index(proposer), (0, float(params["w_cn"]))
    mine = _algorithm("06")["alternating_offers"](d, rounds, first, w)
    theirs = bargaining.finite_horizon(d, rounds, first, w)
    assert all(math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12) for x, y in zip(mine, theirs))


def test_06_cell_at_the_defaults_and_its_edit():
    shown = _run_cell("06", {"rubinstein": rubinstein, "bargaining": bargaining, "HTML": _HTML})
    assert "Every row agrees with the library." in shown and "DISAGREE" not in shown
    model = rubinstein.solve()
    alg = _algorithm("06")["alternating_offers"]
    d = (model.delta_us, model.delta_cn)
    assert alg(d, 1)[0] == 1 and f"{alg(d, 2)[0]:.4f}" == "0.0952"
    assert [f"{alg(d, t)[0]:.4f}" for t in (20, 50, 100, 200)] == ["0.3489", "0.3670", "0.3672", "0.3672"]
    assert f"{model.share_us:.4f}" == "0.3672"
    # The invitation: w_C = 0.8, above w* (0.633 at the defaults): the long rows settle on 1 - 0.8.
    assert f"{model.w_star:.2f}" == "0.63"
    bound = rubinstein.solve(w_cn=0.8)
    assert bound.binds and math.isclose(bound.share_us, 0.2, rel_tol=1e-9)
    assert all(math.isclose(alg(d, t, 0, (0, 0.8))[0], 0.2, rel_tol=1e-9) for t in (10, 50, 200))
    says("06", r"above the $w^* \approx 0.63$ it gets anyway")
    says("06", "0.0952 with two", guide=True)
    says("06", "recursion out in 14 lines of plain Python", guide=True)
    says("06", "0.3489 with 20 and 0.3670 with 50, and it settles at 0.3672, the model's share with no last "
         "round, from 100 offers on", guide=True)
    says("06", "the long rows settle on 0.2", guide=True)
