"""Every problem set (notebooks/problems/*.ipynb) is stored clean and runs top to bottom on a fresh
kernel with nothing on stderr, judged exactly as tests/test_notebooks.py judges the main notebooks."""
from __future__ import annotations

from pathlib import Path

import pytest

from test_notebooks import test_runs_clean as _runs_clean, test_stored_clean as _stored_clean

pytestmark = [pytest.mark.notebooks, pytest.mark.timeout(1200)]

PROBLEMS = Path(__file__).resolve().parents[1] / "notebooks" / "problems"
NAMES = sorted(p.name for p in PROBLEMS.glob("*.ipynb"))


@pytest.mark.parametrize("problem_set", NAMES, ids=[n.removesuffix(".ipynb") for n in NAMES])
def test_problem_set_stored_clean(problem_set):
    _stored_clean(PROBLEMS, problem_set)


@pytest.mark.parametrize("problem_set", NAMES, ids=[n.removesuffix(".ipynb") for n in NAMES])
def test_problem_set_runs_clean(problem_set):
    _runs_clean(PROBLEMS, problem_set)
