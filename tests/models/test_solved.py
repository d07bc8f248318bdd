"""Views of one slider move share one tree; exact and float inputs never share a cached tree."""
from fractions import Fraction as F

from tradewar.models import chokepoint

WHOLE = dict(s=1, sigma=0, psi=0, m=5, v=1, l=1, a=1, kappa0=0, rho=0, D_cn=2)


def _last_leaf(result):
    return result.tree().find(chokepoint.LAST).moves[0][1].payoffs


def test_one_tree_per_set_of_inputs():
    r = chokepoint.solve(**WHOLE)
    assert r.tree() is r.tree() and r.solution() is r.solution()


def test_exact_and_float_inputs_that_compare_equal_get_their_own_trees():
    exact = chokepoint.solve(**WHOLE)
    floats = chokepoint.solve(**{k: float(v) for k, v in WHOLE.items()})
    assert exact.params == floats.params  # 1 == 1.0: only the types tell them apart
    assert all(isinstance(x, F) for x in _last_leaf(exact))
    assert all(isinstance(x, float) for x in _last_leaf(floats))
    assert exact.solution().path == floats.solution().path == ("Hold back",)
