"""Parameter specs: one record per model parameter, used for validation and for the UI.

A spec is data. The slider, its tooltip and the model's validation all read the same record,
so the range a student can reach and the range `solve` accepts never drift apart.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from numbers import Real
from typing import Any, Mapping

CALIBRATION = "teaching calibration (not from the articles)"


@dataclass(frozen=True)
class Param:
    """One parameter of a model.

    kind is "float" (a real number in [lo, hi]), "int" (a whole number in [lo, hi]),
    "choice" (one of `choices`) or "bool".
    """

    name: str
    label: str
    default: Any
    lo: Any = None
    hi: Any = None
    step: Any = None
    unit: str = ""
    source: str = CALIBRATION
    help: str = ""
    kind: str = "float"
    choices: tuple = field(default=())

    def __post_init__(self):
        if self.kind not in ("float", "int", "choice", "bool"):
            raise ValueError(f"Param {self.name!r}: kind must be float, int, choice or bool, not {self.kind!r}")
        if self.kind in ("float", "int") and (self.lo is None or self.hi is None or self.lo > self.hi):
            raise ValueError(f"Param {self.name!r}: a numeric parameter needs lo <= hi")
        if self.kind == "choice" and not self.choices:
            raise ValueError(f"Param {self.name!r}: a choice parameter needs choices")
        # The default must itself be valid: a spec that contradicts itself is a bug.
        self.validate(self.default)

    def range_text(self) -> str:
        """The valid values in words, for error messages and tooltips."""
        if self.kind == "choice":
            return "one of " + ", ".join(repr(c) for c in self.choices)
        if self.kind == "bool":
            return "True or False"
        what = "a whole number" if self.kind == "int" else "a number"
        unit = f" {self.unit}" if self.unit else ""
        return f"{what} from {_fmt(self.lo)} to {_fmt(self.hi)}{unit}"

    def validate(self, value):
        """Return `value` unchanged (Fractions stay exact) or raise a ValueError that names
        the parameter, the value and the valid range."""
        if self.kind == "choice":
            if value in self.choices:
                return value
            raise self._error(value)
        if self.kind == "bool":
            if isinstance(value, bool):
                return value
            raise self._error(value)
        # Booleans are ints in Python; a True where a number belongs is a mistake, not 1.
        if isinstance(value, bool) or not isinstance(value, Real):
            raise self._error(value, "is not a number")
        if isinstance(value, float) and not math.isfinite(value):
            raise self._error(value, "is not a finite number")
        if self.kind == "int" and value != int(value):
            raise self._error(value, "is not a whole number")
        lo, hi = self.lo, self.hi
        if isinstance(value, (int, Fraction)):
            # Compare exact inputs with the bounds as written (0.1 means 1/10), not with the
            # binary float just above 1/10, or Fraction(1, 10) would be "out of range".
            lo, hi = _exact(lo), _exact(hi)
        if not (lo <= value <= hi):
            raise self._error(value, "is out of range")
        if self.kind == "int":
            return int(value)
        return value

    def _error(self, value, why: str = "is not valid") -> ValueError:
        return ValueError(
            f"{self.name} ({self.label}) = {value!r} {why}: {self.name} must be {self.range_text()}."
        )


def _exact(x):
    return Fraction(str(x)) if isinstance(x, float) else x


def _fmt(x) -> str:
    if isinstance(x, Fraction):
        return str(x) if x.denominator != 1 else str(x.numerator)
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x)


def validate_all(specs: Mapping[str, Param], given: Mapping[str, Any]) -> dict:
    """Fill in defaults and validate every parameter; unknown names are a ValueError too."""
    unknown = sorted(set(given) - set(specs))
    if unknown:
        raise ValueError(
            f"unknown parameter(s) {', '.join(unknown)}: valid parameters are {', '.join(specs)}."
        )
    return {name: spec.validate(given.get(name, spec.default)) for name, spec in specs.items()}


def specs(*params: Param) -> dict[str, Param]:
    """An ordered name -> Param mapping, checking that names are unique."""
    out: dict[str, Param] = {}
    for p in params:
        if p.name in out:
            raise ValueError(f"parameter {p.name!r} is specified twice")
        out[p.name] = p
    return out


def numbers(values: Mapping[str, Any], names) -> list:
    """The named values, all exact (Fraction) if every one is an int or a Fraction, else all floats:
    exact inputs stay exact, and float inputs skip slow mixed Fraction-float arithmetic."""
    vals = [values[k] for k in names]
    if all(isinstance(x, (int, Fraction)) for x in vals):
        return [Fraction(x) for x in vals]
    return [float(x) for x in vals]
