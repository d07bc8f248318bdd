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
