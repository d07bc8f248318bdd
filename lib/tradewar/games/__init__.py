"""Game theory that knows nothing of trade wars: strategic form (normal), trees (tree, backward,
tree_form, efg, random_tree), repeated games, reputation, bargaining.

THE RULE FOR "EQUAL" (one rule for every module in games/ and for the models built on them):

- Exact numbers (int, Fraction) are equal when they are equal.
- Floats x and y are equal when |x - y| <= REL_TOL * max(|x|, |y|): relative to the two numbers
  compared, never to the largest number in a table, so that multiplying a whole game by 10^k
  (k in -12..12) changes none of its ties, equilibria or dominance relations. Payoffs 2e-9 and 1e-9
  are different; 0.30000000000000004 and 0.3 are equal.
- A number computed as a sum (an expected payoff sum_j p_j x_j) carries rounding error relative
  to its terms, not to the result, which may cancel to zero. Such a number is compared by the same
  rule with |x| read as the sum of the absolute terms, sum_j p_j |x_j| (the `mx`, `my` arguments
  of close). For a single payoff that is |x| itself, so pure and mixed results agree.

Numbers closer than that cannot be told apart from rounding: give a game whose payoffs differ in
the thirteenth significant digit exactly (ints or Fractions).
"""
import numpy as np

__all__ = ["REL_TOL", "close", "at_least", "above"]

REL_TOL = 1e-12


def close(x, y, exact, mx=None, my=None):
    """x == y under the rule above (also elementwise for numpy arrays). mx, my: the magnitudes
    x and y are made of (sums of absolute terms); |x| and |y| when not given."""
    if exact:
        return x == y
    mx = abs(x) if mx is None else mx
    my = abs(y) if my is None else my
    return abs(x - y) <= REL_TOL * np.maximum(mx, my)


def at_least(x, y, exact, mx=None, my=None):
    """x >= y: above, or equal under the rule of this module (so that a slider's
    0.30000000000000004 and the exact 0.3 land on the same side of a threshold, for a closed form
    and its regime map alike)."""
    if exact:
        return x >= y
    mx = abs(x) if mx is None else mx
    my = abs(y) if my is None else my
    return x - y >= -REL_TOL * np.maximum(mx, my)


def above(x, y, exact, mx=None, my=None):
    """x > y, strictly: numbers equal under the rule of this module are a tie, not above."""
    if exact:
        return x > y
    mx = abs(x) if mx is None else mx
    my = abs(y) if my is None else my
    return x - y > REL_TOL * np.maximum(mx, my)
