"""One symbol, one meaning, across the course: docs/glossary.md against every model's parameters.

A slider's label ends in its symbol, "(δ)"; the glossary names each symbol once, with the code name
that spells it. Two models that use one code name must show one symbol, and one symbol must never
stand for two parameters.
"""
from __future__ import annotations

import importlib
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from tradewar.models import MODELS

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
GLOSSARY = ROOT / "docs" / "glossary.md"
LINK = "(../docs/glossary.md)"


def _rows(section: str) -> list[list[str]]:
    """The table rows (cells stripped) under the heading `## {section}`."""
    text = GLOSSARY.read_text(encoding="utf-8")
    body = text.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in body.splitlines()
            if line.startswith("|")]
    return [r for r in rows[2:]]  # past the header and its |---| line


def _plain(cell: str) -> str:
    return cell.replace("`", "").strip()


def _params():
    """(model, Param, symbol) for every numeric parameter whose label ends in a symbol."""
    out = []
    for name in MODELS:
        mod = importlib.import_module(f"tradewar.models.{name}")
        for p in mod.PARAMS.values():
            # A symbol has no space and is short or mathematical: "(δ)", "(c_U)", "(β_Ch)", "(D⁰_U)";
            # "(June 10)" and "(horizon)" are words.
            m = re.search(r"\((\S+)\)\s*$", p.label)
            sym = m.group(1) if m else ""
            if sym and (len(sym) <= 3 or "_" in sym or not sym.isascii()) and p.kind in ("float", "int"):
                out.append((name, p, sym))
    return out


def test_every_notebook_links_the_glossary_in_its_first_cell():
    missing = []
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        first = next(c for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
                     if c["cell_type"] == "markdown")
        if LINK not in "".join(first["source"]):
            missing.append(path.name)
    assert not missing, f"no glossary link {LINK} in the first Markdown cell of {missing}"


def _symbols() -> list[tuple[str, set[str]]]:
    """(symbol, the code names of its row) for every symbol; a row may list several ("c_U, c_C")."""
    out = []
    for r in _rows("Symbols"):
        names = {n.strip() for n in _plain(r[2]).split(",") if n.strip()}
        out += [(sym.strip(), names) for sym in _plain(r[0]).split(", ")]
    return out


def test_each_symbol_has_one_row():
    symbols = [sym for sym, _ in _symbols()]
    twice = sorted({s for s in symbols if symbols.count(s) > 1})
    assert not twice, f"symbols listed twice in docs/glossary.md: {twice}"


def test_every_slider_symbol_is_in_the_glossary_with_its_code_name():
    table = dict(_symbols())
    missing = [f"{model}.{p.name} ({sym})" for model, p, sym in _params() if sym not in table]
    assert not missing, "symbols with no row in docs/glossary.md: " + ", ".join(missing)
    wrong = [f"{model}.{p.name}: the glossary's row for {sym} names {sorted(table[sym])}"
             for model, p, sym in _params() if p.name not in table[sym]]
    assert not wrong, "; ".join(wrong)


def test_one_code_name_one_symbol_and_back():
    by_name, by_symbol = defaultdict(set), defaultdict(set)
    for _, p, sym in _params():
        by_name[p.name].add(sym)
        by_symbol[sym].add(p.name)
    assert {n: s for n, s in by_name.items() if len(s) > 1} == {}
    assert {s: n for s, n in by_symbol.items() if len(n) > 1} == {}


@pytest.mark.parametrize("section", ["Symbols", "Terms"])
def test_every_row_names_the_notebook_that_introduces_it(section):
    known = {p.name[:2] for p in NOTEBOOKS.glob("*.ipynb")}
    bad = [r[0] for r in _rows(section) if not set(re.findall(r"\b\d\d\b", r[-1])) & known]
    assert not bad, f"{section} rows with no notebook number: {bad}"
