"""A model's tree and its solution, built once per set of inputs.

One slider move asks for the tree several times (the tree view, the table, the explanation);
trees are immutable, so every view of that move shares one build and one backward induction.
"""
from __future__ import annotations

from functools import lru_cache


def solved_tree(game, params: tuple):
    """(tree, solution) of game(**params), params being a result's ((name, value), ...)."""
    # The value's type is part of the key: 1 == 1.0 == Fraction(1), but exact inputs must get
    # the exact tree back, not a float one cached from an earlier call.
    return _solved(game, tuple((name, type(value), value) for name, value in params))


@lru_cache(maxsize=32)
def _solved(game, key: tuple):
    from tradewar.games.backward import backward_induction

    tree = game(**{name: value for name, _, value in key})
    return tree, backward_induction(tree)
