"""The contract every model in tradewar.models.MODELS keeps (design/models.md section 0):
PARAMS specs, solve() with defaults, frozen results that asdict() and explain themselves,
a ValueError naming the parameter, the value and the range for every bad input, and a regime map
whose every cell says what solve says at that cell's values."""
import dataclasses
import importlib
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from model_strategies import SWEEP, axes, axis_pairs, params, rules, valid
from tradewar.models import MODELS
from tradewar.spec import Param

MODULES = {name: importlib.import_module(f"tradewar.models.{name}") for name in MODELS}
NUMERIC = [(m, p) for m, mod in MODULES.items() for p, spec in mod.PARAMS.items() if spec.kind in ("float", "int")]
MAPPED = [name for name, mod in MODULES.items() if hasattr(mod, "regime_grid")]
# Built once per model: a strategy rebuilt for every example costs more than the example itself.
PLANES = {name: st.tuples(params(MODULES[name]), st.sampled_from(axis_pairs(MODULES[name])), st.integers(2, 61))
          for name in MAPPED}


@pytest.mark.parametrize("name", MODULES)
def test_solve_with_defaults_gives_a_frozen_result_that_explains_itself(name):
    mod = MODULES[name]
    assert all(isinstance(p, Param) and p.label and p.help for p in mod.PARAMS.values())
    r = mod.solve()
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(r, dataclasses.fields(r)[0].name, None)
    assert dataclasses.asdict(r)
    sentences = r.explain()
    assert sentences and all(isinstance(s, str) and s.strip() for s in sentences)


@pytest.mark.parametrize("kind", ["below", "above", "str", "None", "nan", "inf", "True"])
@pytest.mark.parametrize("model,name", NUMERIC)
def test_bad_values_name_the_parameter_the_value_and_the_range(model, name, kind):
    spec = MODULES[model].PARAMS[name]
    bad = {"below": spec.lo - F(1, 100), "above": spec.hi + 0.01, "str": str(spec.default), "None": None,
           "nan": float("nan"), "inf": float("inf"), "True": True}[kind]
    with pytest.raises(ValueError) as e:
        MODULES[model].solve(**{name: bad})
    msg = str(e.value)
    assert name in msg and repr(bad) in msg and spec.range_text() in msg


@pytest.mark.parametrize("name", MODULES)
def test_unknown_parameter_names_the_valid_ones(name):
    with pytest.raises(ValueError, match="unknown parameter.*no_such_thing.*valid parameters are"):
        MODULES[name].solve(no_such_thing=1)


# ------------------------------------------------------------------ regime maps


@pytest.mark.parametrize("name", MAPPED)
def test_regime_grid_takes_exactly_the_declared_axes(name):
    mod, ok = MODULES[name], axes(MODULES[name])
    for x in ok:
        for y in ok:
            if x != y:
                g = mod.regime_grid(x, y, n=2)
                assert (g.x_name, g.y_name) == (x, y)
    for other in (k for k in mod.PARAMS if k not in ok):
        for pair in ((other, ok[0]), (ok[0], other)):
            with pytest.raises(ValueError, match=f"{other!r} is not a numeric parameter"):
                mod.regime_grid(*pair, n=2)


@pytest.mark.parametrize("name", MAPPED)
@SWEEP
@given(data=st.data())
def test_regime_cell_is_what_solve_says_at_the_cells_values(name, data):
    """Any parameters, any two axes, any grid size, any cell: the cell's label is solve's outcome
    there, the marker sits at the current values, and moving the point onto the cell leaves the
    map as it was."""
    mod, r = MODULES[name], rules(MODULES[name])
    p, (x, y), n = data.draw(PLANES[name], label="params, (x, y), n")
    i, j = data.draw(st.integers(0, n - 1), label="i"), data.draw(st.integers(0, n - 1), label="j")
    g = mod.regime_grid(x, y, n=n, **p)
    assert (g.x_name, g.y_name) == (x, y) and g.labels == mod.LABELS and g.codes.shape == (n, n)
    assert 0 <= g.codes.min() and g.codes.max() < len(g.labels)
    for grid, spec in ((g.xs, mod.PARAMS[x]), (g.ys, mod.PARAMS[y])):  # each axis over its slider range
        assert grid[0] == float(spec.lo) and grid[-1] == float(spec.hi)
    assert g.point == (float(p[x]), float(p[y]))
    # A whole-number axis must carry whole values (regime.plane rounds them): int() would hide one that is not.
    at = {}
    for k, v in ((x, g.xs[j]), (y, g.ys[i])):
        if mod.PARAMS[k].kind == "int":
            assert float(v).is_integer(), f"{k} = {v} on the map is not a whole number"
            at[k] = int(v)
        else:
            at[k] = float(v)
    q = {**p, **at}
    label = g.labels[g.codes[i, j]]
    if valid(mod, q):
        assert label == mod.solve(**q).outcome
        moved = mod.regime_grid(x, y, n=n, **q)
        assert moved.point == (float(q[x]), float(q[y])) and np.array_equal(moved.codes, g.codes)
    else:
        with pytest.raises(ValueError):
            mod.solve(**q)
        assume(r.refused is not None)  # a map that ignores the constraint has nothing to say here
        assert label == r.refused
