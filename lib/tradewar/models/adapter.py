"""A function seen as a model, so that an Explorer (or LineChartView.sweep) can drive it.

An Explorer needs PARAMS, TITLE and solve(**params). A model module has them; a second function of
a module with its own parameters (truce's simulation, readings' norms) gets them from as_model().
"""
from __future__ import annotations

from typing import Callable, Mapping

__all__ = ["FunctionModel", "as_model"]


class FunctionModel:
    """PARAMS, TITLE and solve() around one function; __name__ names it in error messages."""

    def __init__(self, name: str, title: str, params: Mapping, function: Callable):
        self.__name__, self.TITLE, self.PARAMS, self._function = name, title, params, function

    def solve(self, **params):
        return self._function(**params)

    def __repr__(self) -> str:
        return f"<model {self.__name__}>"


def as_model(name: str, title: str, params: Mapping, solve: Callable) -> FunctionModel:
    """solve(**params) with these PARAMS under this TITLE; name is the dotted name it is known by."""
    return FunctionModel(name, title, params, solve)
