"""What the model tests share: exact defaults, hypothesis strategies over a model's parameters, the
sweep settings, and the few facts about each model that generic tests cannot read from PARAMS
(cross-parameter constraints, the axes its regime map takes, the label it shows where solve
refuses the point).

Test files import it as `from model_strategies import ...` (pytest puts tests/models on sys.path,
as tests/browser does for browser_expectations)."""
import math
from dataclasses import dataclass
from fractions import Fraction as F
from functools import partial
from typing import Callable

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tradewar.models import chicken, taco

SWEEP = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NUMERIC_KINDS = ("float", "int")


def _name(module) -> str:
    return module.__name__.rsplit(".", 1)[-1]


def exact_defaults(module, **overrides) -> dict:
    """Every default of `module`, real numbers as exact Fractions (0.92 -> 23/25), then the overrides."""
    p = {k: F(str(s.default)) if s.kind == "float" else s.default for k, s in module.PARAMS.items()}
    p.update(overrides)
    return p


def in_range(spec, x) -> bool:
    # Exact values are compared with the bounds as written (0.9 means 9/10), as spec.validate does.
    if isinstance(x, (int, F)):
        return F(str(spec.lo)) <= x <= F(str(spec.hi))
    return spec.lo <= x <= spec.hi


def value(spec, exact_only=False, max_denominator=100):
    """One parameter over its whole range. Real numbers: the bounds and the default (as written, and
    exactly), floats, fractions and whole numbers; exact_only leaves out the floats. Whole numbers,
    choices and booleans are drawn as what they are."""
    if spec.kind == "bool":
        return st.booleans()
    if spec.kind == "choice":
        return st.sampled_from(spec.choices)
    if spec.kind == "int":
        return st.one_of(st.sampled_from([spec.lo, spec.hi, spec.default]), st.integers(spec.lo, spec.hi))
    lo, hi = F(str(spec.lo)), F(str(spec.hi))
    # F(0.1) is the binary float a slider sends, a hair away from 1/10: a bound too, when in range.
    ends = sorted(b for b in {lo, hi, F(str(spec.default)), F(spec.lo), F(spec.hi)} if in_range(spec, b))
    exact = [st.sampled_from(ends),
             st.fractions(lo, hi, max_denominator=max_denominator).filter(partial(in_range, spec))]
    if math.ceil(lo) <= math.floor(hi):
        exact.append(st.integers(math.ceil(lo), math.floor(hi)))
    if exact_only:
        return st.one_of(*exact)
    return st.one_of(st.sampled_from([spec.lo, spec.hi, spec.default]),
                     st.floats(float(lo), float(hi), allow_nan=False), *exact)


@dataclass(frozen=True)
class Rules:
    """What a generic test must know about a model beyond its PARAMS."""

    valid: Callable[[dict], bool] | None = None  # a constraint across parameters that solve enforces
    axes: tuple[str, ...] | None = None  # regime_grid's axes when not every numeric parameter
    refused: str | None = None  # the map's label where solve refuses the point


def _chicken(p):
    return p["c_us"] > p["h"] and p["c_cn"] > p["h"]


def _truce(p):
    return p["T"] > p["R"] > p["P"] > p["S"] and 2 * p["R"] > p["T"] + p["S"]


def _taco(p):
    """Every record but one is possible: back-downs and stands together when the tough type never
    backs down and the chicken always does."""
    kinds = {e.kind for e in taco.RECORD if p[e.param]}
    return not (len(kinds) == 2 and p["beta_tough"] == 0 and p["beta_chicken"] == 1)


RULES = {
    "chicken": Rules(valid=_chicken, refused=chicken.NOT_CHICKEN),
    "taco": Rules(valid=_taco),
    "truce": Rules(valid=_truce, axes=("delta", "epsilon", "q", "L")),
    "chain_store": Rules(axes=("N", "g", "u", "mu0")),
    "leverage_window": Rules(axes=("s0", "s_star", "eta0", "eta1")),
}


def rules(module) -> Rules:
    return RULES.get(_name(module), Rules())


def axes(module) -> tuple[str, ...]:
    """The parameters regime_grid accepts as x or y."""
    declared = rules(module).axes
    return declared or tuple(k for k, s in module.PARAMS.items() if s.kind in NUMERIC_KINDS)


def axis_pairs(module) -> list[tuple[str, str]]:
    """Every (x, y) regime_grid draws: two different axes, in either order."""
    names = axes(module)
    return [(x, y) for x in names for y in names if x != y]


def valid(module, p) -> bool:
    """Whether solve accepts p as a whole (p may name only some parameters: the rest are defaults)."""
    check = rules(module).valid
    return check is None or check({**{k: s.default for k, s in module.PARAMS.items()}, **p})


def params(module, names=None, exact_only=False, max_denominator=100, **fixed):
    """A dict over `names` (default: every parameter of module) with `fixed` values pinned, kept only
    when the model's own constraint across parameters (RULES[...].valid) holds."""
    names = list(module.PARAMS) if names is None else list(names)
    strategy = st.fixed_dictionaries({
        k: st.just(fixed[k]) if k in fixed else value(module.PARAMS[k], exact_only, max_denominator)
        for k in names + [k for k in fixed if k not in names]})
    return strategy.filter(partial(valid, module))


def norm(p, names=None) -> dict:
    """The models' number rule, written out: p with the named numbers (default: every number in p)
    all Fractions if every one is exact, else all floats."""
    if names is None:
        names = [k for k, x in p.items() if isinstance(x, (int, float, F)) and not isinstance(x, bool)]
    exact = is_exact(p, names)
    return {**p, **{k: F(p[k]) if exact else float(p[k]) for k in names}}


def is_exact(p, names=None) -> bool:
    """Whether every named value (default: every value that is not a bool or a string) is exact."""
    names = [k for k, x in p.items() if not isinstance(x, (bool, str))] if names is None else names
    return all(isinstance(p[k], (int, F)) for k in names)
