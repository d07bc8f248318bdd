"""Every notebook is stored clean and runs top to bottom on a fresh kernel with nothing on stderr.

A red box in front of a class is a bug: any error, any stderr output, any warning text or any
"Traceback" in an output fails the notebook.
"""
from __future__ import annotations

import ast
import re
import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
from nbclient.exceptions import CellExecutionError, CellTimeoutError  # noqa: E402

pytestmark = [pytest.mark.notebooks, pytest.mark.timeout(1200)]

CELL_TIMEOUT = 120  # seconds per cell
# Packages the zero-server site's kernel loads only when a cell's own code imports them (its
# `import tradewar` brings numpy and ipywidgets: site/build.py's TRADEWAR_DEPENDS). In the browser a
# library module that imported one of these by itself would fail with ModuleNotFoundError.
LOADED_ON_A_CELLS_IMPORT = ("pandas", "scipy", "nashpy", "matplotlib", "networkx")
_PROBE = "import sys as _tw_sys\nprint(sorted(m for m in {mods!r} if m in _tw_sys.modules))"
WARNING_RE = re.compile(r"\b[A-Z]\w*Warning\b")  # UserWarning, DeprecationWarning, ...


def _load(notebooks_dir: Path, name: str):
    return nbformat.read(notebooks_dir / name, as_version=4)


def _texts(output) -> list[str]:
    """All the text a person could see in one output."""
    if output.get("output_type") == "stream":
        return [output.get("text", "")]
    if output.get("output_type") == "error":
        return ["\n".join(output.get("traceback", [])) or output.get("evalue", "")]
    out = []
    for mime, data in (output.get("data") or {}).items():
        if mime.startswith("text/") or mime in ("image/svg+xml",):
            out.append(data if isinstance(data, str) else "".join(data))
    return out


def _where(i: int, cell) -> str:
    first = (cell.source.strip().splitlines() or [""])[0][:70]
    return f"cell {i} ({first!r})"


def test_stored_clean(notebooks_dir, notebook_name):
    """Committed without outputs or execution counts, and with a python3 kernelspec
    (without one, JupyterLab opens a 'Select Kernel' dialog)."""
    nb = _load(notebooks_dir, notebook_name)
    ks = nb.metadata.get("kernelspec") or {}
    assert ks.get("name") == "python3", f"{notebook_name}: kernelspec must be python3, got {ks!r}"
    dirty = [
        _where(i, c)
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)
    ]
    assert not dirty, f"{notebook_name} is stored with outputs in: " + "; ".join(dirty)


def test_runs_clean(notebooks_dir, notebook_name):
    """Runs top to bottom on a fresh kernel in notebooks/ with no error, stderr or warning."""
    nb = _load(notebooks_dir, notebook_name)
    nb.cells.append(nbformat.v4.new_code_cell(_PROBE.format(mods=LOADED_ON_A_CELLS_IMPORT)))
    client = nbclient.NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name=(nb.metadata.get("kernelspec") or {}).get("name", "python3"),
        resources={"metadata": {"path": str(notebooks_dir)}},
        allow_errors=False,
    )
    t0 = time.perf_counter()
    try:
        client.execute()
    except CellTimeoutError as e:
        pytest.fail(f"{notebook_name}: a cell ran longer than {CELL_TIMEOUT} s:\n{e}", pytrace=False)
    except CellExecutionError as e:
        pytest.fail(f"{notebook_name} raised an error:\n{e}", pytrace=False)
    elapsed = time.perf_counter() - t0
    probe = nb.cells.pop()
    imported = ast.literal_eval(probe.outputs[0]["text"])  # the list of names the probe printed
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    unasked = [m for m in imported if not re.search(rf"^\s*(import|from)\s+{m}\b", code, re.M)]
    assert not unasked, (f"{notebook_name}: the library imported {unasked} although no cell imports it; the "
                         "site's kernel would not have loaded it (see LOADED_ON_A_CELLS_IMPORT)")

    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            text = "\n".join(_texts(out))
            if kind == "error":
                problems.append(f"{_where(i, cell)}: error {out.get('ename')}: {out.get('evalue')}")
            elif kind == "stream" and out.get("name") == "stderr":
                problems.append(f"{_where(i, cell)}: stderr output:\n{text.strip()[:800]}")
            elif "Traceback" in text:
                problems.append(f"{_where(i, cell)}: an output shows a Traceback:\n{text.strip()[:800]}")
            elif WARNING_RE.search(text):
                problems.append(f"{_where(i, cell)}: an output shows a warning:\n{text.strip()[:800]}")
    assert not problems, f"{notebook_name} ({elapsed:.1f} s):\n" + "\n".join(problems)
