"""Fixtures for the ui tests."""
from __future__ import annotations

from types import SimpleNamespace

import pytest


@pytest.fixture
def m1():
    from tradewar.models import chokepoint

    return chokepoint


@pytest.fixture
def tree_api():
    from tradewar.games import tree
    from tradewar.games.backward import backward_induction
    from tradewar.games.tree_form import nash_equilibria

    return SimpleNamespace(Leaf=tree.Leaf, Decision=tree.Decision, Chance=tree.Chance, Tree=tree.Tree,
                           backward_induction=backward_induction, nash_equilibria=nash_equilibria)


@pytest.fixture(autouse=True)
def _close_explorers():
    """No explorer (or its observers) outlives its test."""
    from tradewar.ui import explorer

    yield
    for ex in list(explorer._REGISTRY.values()):
        ex.close()


@pytest.fixture
def fake_model():
    """A model-like namespace with PARAMS and the given solve, for behaviour no real model has."""
    from tradewar.spec import Param, specs

    def make(solve, params=None):
        params = params or specs(Param("x", "Ex", 0.5, 0, 1, 0.01, "share"),
                                 Param("y", "Why", 2, 0, 5, 1, "count", kind="int"))
        return SimpleNamespace(__name__="fake", PARAMS=params, solve=solve)

    return make
