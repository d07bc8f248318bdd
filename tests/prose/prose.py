"""What a student reads, as text a test can hold against the model.

A prose test solves a model at the values a sentence names and asserts both the model's answer
and that the sentence still says it, so neither can drift without a red test:

    from prose import says
    r = chain_store.solve(N=100)
    assert r.n_star == 3
    says("05", "the last 3 challengers")
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _squash(text: str) -> str:
    """One space between words, so a line break or Markdown wrapping never breaks a match."""
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=None)
def notebook_text(nn: str) -> str:
    """Every cell's source (Markdown and code) of notebooks/NN_*.ipynb, squashed."""
    (path,) = (ROOT / "notebooks").glob(f"{nn}_*.ipynb")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return _squash("\n".join("".join(c["source"]) for c in cells))


@lru_cache(maxsize=None)
def guide_text(nn: str) -> str:
    """The instructor's guide page docs/guide/NN_*.md, squashed."""
    (path,) = (ROOT / "docs" / "guide").glob(f"{nn}_*.md")
    return _squash(path.read_text(encoding="utf-8"))


def says(nn: str, phrase: str, *, guide: bool = False) -> None:
    """Assert that notebook NN (or its guide page) contains `phrase` (whitespace-insensitive)."""
    text = guide_text(nn) if guide else notebook_text(nn)
    where = f"docs/guide/{nn}_*.md" if guide else f"notebooks/{nn}_*.ipynb"
    assert _squash(phrase) in text, f"{where} no longer says {phrase!r}: update the sentence and this test together"


def never_says(nn: str, *phrases: str, guide: bool = False, anywhere: bool = False) -> None:
    """Assert that corrected statements have not come back: in notebook NN, in its guide page
    (guide=True), or in either (anywhere=True)."""
    texts = [notebook_text(nn), guide_text(nn)] if anywhere else [guide_text(nn) if guide else notebook_text(nn)]
    for phrase in phrases:
        for text in texts:
            assert _squash(phrase).lower() not in text.lower(), f"{nn}: {phrase!r} is back"
