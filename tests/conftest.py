"""Shared fixtures for the whole test suite.

Only paths and the `notebook_name` parametrization live here, so every test file can live with it.
A test that takes an argument called `notebook_name` runs once per notebooks/*.ipynb (found at
collection time, so new notebooks are picked up automatically); with no notebook yet it is
collected once and skipped with a reason.
"""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def notebook_names() -> list[str]:
    """File names of the collection's notebooks, in reading order."""
    return sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root."""
    return ROOT


@pytest.fixture(scope="session")
def notebooks_dir() -> Path:
    """The repository's notebooks/ folder."""
    return NOTEBOOKS


def pytest_generate_tests(metafunc):
    if "notebook_name" in metafunc.fixturenames:
        names = notebook_names()
        if names:
            metafunc.parametrize("notebook_name", names, ids=[n.removesuffix(".ipynb") for n in names])
        else:
            metafunc.parametrize(
                "notebook_name",
                [pytest.param(None, marks=pytest.mark.skip(reason="no notebooks/*.ipynb yet"))],
                ids=["no-notebooks"],
            )
