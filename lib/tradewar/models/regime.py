"""A regime map: which outcome holds at each point of a two-parameter plane."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class RegimeGrid:
    """codes[i, j] is the index into `labels` of the outcome at (xs[j], ys[i])."""

    x_name: str
    y_name: str
    xs: np.ndarray
    ys: np.ndarray
    codes: np.ndarray
    labels: tuple[str, ...]
    point: tuple[float, float]  # the current parameter values, marked on the map

    def __post_init__(self):
        if self.codes.shape != (len(self.ys), len(self.xs)):
            raise ValueError(f"codes has shape {self.codes.shape}, expected {(len(self.ys), len(self.xs))}")


def _axis(spec, n: int) -> np.ndarray:
    pts = np.linspace(float(spec.lo), float(spec.hi), n)
    return np.rint(pts) if spec.kind == "int" else pts


def plane(params: dict, values: dict, x: str, y: str, n: int, allowed=None):
    """The grid every regime_grid evaluates on: x and y swept over their slider ranges (n points
    each), every other parameter held at its value. Returns (xs, ys, g) where g maps each name in
    `allowed` (default: all) to an (n, n) float array, so a model's formulas apply unchanged.
    A whole-number parameter (kind "int") takes whole values only: each grid point is rounded, so
    neighbouring columns share a value and every cell is one a slider can reach."""
    allowed = list(params) if allowed is None else list(allowed)
    for name in (x, y):
        if name not in allowed:
            raise ValueError(f"regime_grid: {name!r} is not a numeric parameter; choose from {', '.join(allowed)}.")
    if x == y:
        raise ValueError(f"regime_grid: x and y must differ, both are {x!r}.")
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"regime_grid: n = {n!r} must be a whole number of at least 2.")
    xs, ys = (_axis(params[name], n) for name in (x, y))
    vals = {k: float(values[k]) for k in allowed}
    vals[x], vals[y] = xs[None, :], ys[:, None]
    return xs, ys, {k: np.broadcast_to(np.asarray(v, dtype=float), (n, n)) for k, v in vals.items()}
