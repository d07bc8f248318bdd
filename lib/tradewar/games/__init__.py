"""Game theory that knows nothing of trade wars: strategic form (normal), trees (tree)."""
import numpy as np

__all__ = ["REL_TOL", "at_least", "above"]

# Two float payoffs closer than this (relative to max(1, |a|, |b|)) count as a tie, so that a tie
# survives rounding in expected values. One constant for games and models alike: the closed forms
# and the tree solver must agree on which side of a threshold a point lies.
REL_TOL = 1e-9


def at_least(x, y, exact):
    """x >= y. Exact numbers compare as they are; floats (also numpy arrays) within REL_TOL count as
    equal, so that a slider's 0.30000000000000004 and the exact 0.3 land on the same side of a
    threshold, for a closed form and its regime map alike."""
    if exact:
        return x >= y
    return x - y >= -REL_TOL * np.maximum(1.0, np.maximum(abs(x), abs(y)))


def above(x, y, exact):
    """x > y, strictly: floats (also numpy arrays) within REL_TOL of each other are a tie, not above."""
    if exact:
        return x > y
    return x - y > REL_TOL * np.maximum(1.0, np.maximum(abs(x), abs(y)))
