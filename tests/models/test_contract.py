"""The contract every model in tradewar.models.MODELS keeps (design/models.md section 0):
PARAMS specs, solve() with defaults, frozen results that asdict() and explain themselves,
and a ValueError naming the parameter, the value and the range for every bad input."""
import dataclasses
import importlib
from fractions import Fraction as F

import pytest

from tradewar.models import MODELS
from tradewar.spec import Param

MODULES = {name: importlib.import_module(f"tradewar.models.{name}") for name in MODELS}
NUMERIC = [(m, p) for m, mod in MODULES.items() for p, spec in mod.PARAMS.items() if spec.kind in ("float", "int")]


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
