"""tradewar: game theory taught through the 2025 US-China trade war.

Layers (imports go one way only): games <- models <- ui <- notebooks.
Submodules are imported lazily so that `import tradewar` stays fast.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

_SUBMODULES = {"games", "models", "ui", "data", "spec"}


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'tradewar' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | _SUBMODULES)
