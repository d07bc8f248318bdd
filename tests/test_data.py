"""The sourced data and the project's digest of the articles.

Checks that every figure and event names its source, that dates are real 2025 dates, that
seeds/facts.md and seeds/claims.md agree with the data files and the claim inventory, and that
the project's prose is its own: no run of 12 or more words copied from any article.
"""
from __future__ import annotations

import csv
import math
import re
from datetime import date
from pathlib import Path

import pytest

import tradewar.data as data

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "lib" / "tradewar" / "data"
SEEDS = ROOT / "seeds"
SHARED_SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

# The five outlets; every source string must name one of them.
OUTLETS = ("Foreign Policy", "The Conversation", "CNN", "Insights page", "Barron's")
N_CLAIMS = 27
SHINGLE = 12  # words


def _csv(name: str) -> list[dict]:
    with (DATA / name).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


FIGURES = _csv("figures.csv")
TIMELINE = _csv("timeline.csv")


# ---------------------------------------------------------------- figures and timeline


def test_data_files_have_rows():
    assert len(FIGURES) >= 12
    assert len(TIMELINE) >= 15


@pytest.mark.parametrize("row", FIGURES, ids=lambda r: r["name"])
def test_every_figure_has_an_outlet_source(row):
    source = row["source"].strip()
    assert source, f"figure {row['name']} has no source"
    assert any(o in source for o in OUTLETS), f"figure {row['name']}: source {source!r} names none of {OUTLETS}"
    assert row["unit"].strip() and row["note"].strip(), f"figure {row['name']} needs a unit and a note"
    assert math.isfinite(float(row["value"]))


@pytest.mark.parametrize("row", TIMELINE, ids=lambda r: f"{r['date']} {r['move']}")
def test_every_event_has_an_outlet_source_and_a_2025_date(row):
    source = row["source"].strip()
    assert source, f"event {row['move']!r} has no source"
    assert any(o in source for o in OUTLETS), f"event {row['move']!r}: source {source!r} names none of {OUTLETS}"
    d = date.fromisoformat(row["date"])  # raises on a malformed date
    assert d.year == 2025, f"event {row['move']!r} is dated {d}, not in 2025"
    assert row["actor"] in {"US", "China", "Both"}, row["actor"]
    assert 1 <= len(row["move"].split()) <= 6, f"move {row['move']!r} should be 1-6 words"
    assert row["detail"].strip(), f"event {row['move']!r} has no detail"


def test_figure_names_are_unique_and_code_dependencies_hold():
    names = [r["name"] for r in FIGURES]
    assert len(names) == len(set(names))
    # Models depend on these two names and values.
    assert data.figure("refining_share_kennedy").value == pytest.approx(0.92)
    assert data.figure("processing_share_insights").value == pytest.approx(0.90)


def test_loader_api():
    tl = data.timeline()
    assert list(tl.columns) == ["date", "precision", "actor", "move", "detail", "source"]
    assert set(tl["precision"]) <= {"day", "month", "about"}
    assert len(tl) == len(TIMELINE)
    assert tl["date"].is_monotonic_increasing
    assert (tl["date"].dt.year == 2025).all()
    figs = data.figures()
    assert list(figs.columns) == ["name", "value", "unit", "source", "note"]
    assert len(figs) == len(FIGURES)
    with pytest.raises(ValueError, match="no figure named"):
        data.figure("no_such_figure")


def test_dates_are_not_figures():
    for row in FIGURES:
        assert not re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["value"].strip()), row["name"]


# ---------------------------------------------------------------- seeds/facts.md


def _table_rows(text: str) -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("|") and line.endswith("|") and not re.fullmatch(r"\|[\s\-:|]+\|", line):
            rows.append([c.strip() for c in line.strip("|").split("|")])
    return rows


def _facts_figures() -> dict[str, str]:
    """name -> value as written, from the rows of facts.md whose first cell is a `code` name."""
    out = {}
    for cells in _table_rows((SEEDS / "facts.md").read_text(encoding="utf-8")):
        m = re.fullmatch(r"`([a-z0-9_]+)`", cells[0])
        if m:
            out[m.group(1)] = cells[1]
    return out


def test_facts_md_figures_match_figures_csv():
    csv_values = {r["name"]: float(r["value"]) for r in FIGURES}
    named = _facts_figures()
    assert named, "seeds/facts.md lists no figures"
    for name, value in named.items():
        assert name in csv_values, f"seeds/facts.md names figure {name!r}, which figures.csv lacks"
        assert float(value) == pytest.approx(csv_values[name]), f"{name}: facts.md says {value}, figures.csv {csv_values[name]}"
    missing = sorted(set(csv_values) - set(named))
    assert not missing, f"figures.csv rows missing from seeds/facts.md: {missing}"


def test_facts_md_timeline_matches_timeline_csv():
    rows = {
        (cells[0], cells[2])
        for cells in _table_rows((SEEDS / "facts.md").read_text(encoding="utf-8"))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", cells[0]) and len(cells) >= 3
    }
    in_csv = {(r["date"], r["move"]) for r in TIMELINE}
    assert rows == in_csv, (
        f"only in timeline.csv: {sorted(in_csv - rows)}; only in seeds/facts.md: {sorted(rows - in_csv)}"
    )


# ---------------------------------------------------------------- seeds/claims.md


def test_every_claim_appears_in_claims_md():
    text = (SEEDS / "claims.md").read_text(encoding="utf-8")
    headed = {int(n) for n in re.findall(r"^### Claim (\d+)\.", text, flags=re.M)}
    in_table = {int(n) for n in re.findall(r"^\| (\d+) \|", text, flags=re.M)}
    expected = set(range(1, N_CLAIMS + 1))
    assert headed == expected, f"claim sections: missing {sorted(expected - headed)}, extra {sorted(headed - expected)}"
    assert in_table == expected, f"overview rows: missing {sorted(expected - in_table)}"


def test_claims_md_names_only_known_notebooks():
    text = (SEEDS / "claims.md").read_text(encoding="utf-8")
    known = {
        "00_start_here", "01_strategic_form", "02_backward_induction", "03_repeated_truce",
        "04_taco_credibility", "05_one_punch_chain_store", "06_bargaining_power",
        "07_waiting_and_brinkmanship", "08_window_of_leverage", "09_capstone",
    }
    used = set(re.findall(r"\b0\d_[a-z_]+[a-z]\b", text))
    assert used <= known, f"unknown notebook names in claims.md: {sorted(used - known)}"


# ---------------------------------------------------------------- own words


def _words(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.findall(r"[a-z0-9]+", text)


def _shingles(words: list[str], n: int = SHINGLE) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _project_prose() -> list[Path]:
    return sorted(SEEDS.glob("*.md")) + [ROOT / "README.md"] + sorted((ROOT / "notebooks").glob("*.ipynb"))


def _prose(path: Path) -> str:
    """The text a reader sees: a notebook's Markdown and code cells, or the file itself."""
    if path.suffix == ".ipynb":
        import json

        return "\n".join("".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"])
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", _project_prose(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_long_verbatim_overlap_with_articles(path):
    if not SHARED_SEEDS.is_dir():
        pytest.skip(f"the source articles are not available at {SHARED_SEEDS}, so overlap cannot be checked")
    articles = sorted(SHARED_SEEDS.glob("*.txt"))
    if not articles:
        pytest.skip(f"no article texts (*.txt) in {SHARED_SEEDS}")
    if not path.exists():
        pytest.skip(f"{path.name} not written yet")
    ours = _shingles(_words(_prose(path)))
    for article in articles:
        common = ours & _shingles(_words(article.read_text(encoding="utf-8")))
        assert not common, (
            f"{path.relative_to(ROOT)} repeats {len(common)} run(s) of {SHINGLE}+ words from {article.name}, "
            f"e.g. {' '.join(sorted(common)[0])!r}"
        )
