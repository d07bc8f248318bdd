"""Game theory that knows nothing of trade wars: strategic form (normal), trees (tree)."""

# Two float payoffs closer than this (relative to max(1, |a|, |b|)) count as a tie, so that a tie
# survives rounding in expected values. One constant for games and models alike: the closed forms
# and the tree solver must agree on which side of a threshold a point lies.
REL_TOL = 1e-9
