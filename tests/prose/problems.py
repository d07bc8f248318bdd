"""Problem sets and their keys, as text a test can hold against the model.

The problem set for notebook NN is notebooks/problems/NN_problems.ipynb, its key
docs/guide/keys/NN_problems_key.md. A key test solves the model at the values a problem names,
asserts the number, and asserts that the key (and, where it says it, the problem) still states it:

    from problems import key_says
    r = chain_store.solve(N=12, g=Fraction(1, 3), mu0=Fraction(1, 20))
    assert r.n_star == 2
    key_says("05", "n^* = 2")
"""
from __future__ import annotations

import json
import re
from functools import lru_cache

from prose import ROOT, _squash

PROBLEMS = ROOT / "notebooks" / "problems"
KEYS = ROOT / "docs" / "guide" / "keys"


@lru_cache(maxsize=None)
def problems_text(nn: str) -> str:
    """Every cell's source (Markdown and code) of notebooks/problems/NN_problems.ipynb, squashed."""
    cells = json.loads((PROBLEMS / f"{nn}_problems.ipynb").read_text(encoding="utf-8"))["cells"]
    return _squash("\n".join("".join(c["source"]) for c in cells))


@lru_cache(maxsize=None)
def key_text(nn: str) -> str:
    """The key docs/guide/keys/NN_problems_key.md, squashed."""
    return _squash((KEYS / f"{nn}_problems_key.md").read_text(encoding="utf-8"))


def key_says(nn: str, phrase: str) -> None:
    """Assert that the key for problem set NN contains `phrase` (whitespace-insensitive)."""
    assert _squash(phrase) in key_text(nn), (
        f"docs/guide/keys/{nn}_problems_key.md no longer says {phrase!r}: update the key and this test together")


def problem_says(nn: str, phrase: str) -> None:
    """Assert that problem set NN (its notebook) contains `phrase` (whitespace-insensitive)."""
    assert _squash(phrase) in problems_text(nn), (
        f"notebooks/problems/{nn}_problems.ipynb no longer says {phrase!r}: update it and this test together")


def _marks_in(text: str) -> dict:
    out = {}
    for block in re.split(r"(?m)^## Problem ", text)[1:]:
        head = re.match(r"(\d+):[^\n]*\[(\d+) marks?\]", block)
        parts = [int(m) for m in re.findall(r"(?m)^- \([a-z]\) \[(\d+)\]", block)]
        out[int(head.group(1))] = (int(head.group(2)), parts)
    return out


def marks(nn: str) -> tuple[dict, dict]:
    """(posed, keyed): {problem number: (its marks, [marks of its parts (a), (b)...])} in problem set NN's
    Markdown and in its key, from '## Problem k: ... [m marks]' headings and '- (a) [2]' part lines."""
    cells = json.loads((PROBLEMS / f"{nn}_problems.ipynb").read_text(encoding="utf-8"))["cells"]
    posed = _marks_in("\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown"))
    return posed, _marks_in((KEYS / f"{nn}_problems_key.md").read_text(encoding="utf-8"))
