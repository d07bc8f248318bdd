"""The sourced data and the project's digest of the articles.

Checks that every figure and event names its source, that dates are real 2025 dates, that
seeds/facts.md and seeds/claims.md agree with the data files and the claim inventory, and that
the project's prose is its own: no run of 8 or more words copied from any article outside
quotation marks.
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
SHINGLE = 8  # words: the longest run of an article's words our prose may repeat, unquoted, is 7
# Lists of proper names (the seven rare earths, the countries China has coerced) are the same in any
# words, so a run made only of these is not copying.
NAME_WORDS = frozenset(
    "samarium gadolinium terbium dysprosium lutetium scandium yttrium "
    "australia japan lithuania norway the philippines south korea taiwan and".split()
)
# A quotation: straight or curly double quotes, on at most a few lines.
QUOTE = re.compile(r'"[^"]{1,400}"|\u201c[^\u201d]{1,400}\u201d')


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
    assert set(tl["precision"]) <= set(data.PRECISIONS)
    assert len(tl) == len(TIMELINE)
    assert tl["date"].is_monotonic_increasing
    assert (tl["date"].dt.year == 2025).all()
    figs = data.figures()
    assert list(figs.columns) == ["name", "value", "unit", "source", "note"]
    assert len(figs) == len(FIGURES)
    with pytest.raises(ValueError, match="no figure named"):
        data.figure("no_such_figure")


def test_timeline_events_are_the_timeline_rows_without_pandas():
    """timeline_events() (what the models and the timeline view read, with no pandas) holds the same
    rows in the same order as the DataFrame of timeline()."""
    events = data.timeline_events()
    tl = data.timeline()
    assert len(events) == len(tl) == len(TIMELINE)
    for event, row in zip(events, tl.itertuples(index=False)):
        assert event.date == row.date.date() and type(event.date) is date
        assert event._replace(date=None) == row._replace(date=None)


def test_dates_and_rates_are_as_precise_as_the_sources():
    rows = {r["move"]: r for r in TIMELINE}
    # The licence stall: [K] says only "in the days after" Geneva, and no source orders it against the
    # May 13 advisory, so it is not dated after the advisory (that would take Washington's side).
    stall = rows["Rare-earth licences stall"]
    assert (stall["date"], stall["precision"]) == ("2025-05-12", "after")
    assert "before or after the May 13 advisory" in stall["detail"]
    assert data.date_words(date(2025, 5, 12), "after") == "in the days after May 12, 2025"
    with pytest.raises(ValueError, match="precision = 'soon'"):
        data.date_words(date(2025, 5, 12), "soon")
    # CNN dates the start of the fentanyl tariffs to February, not the 20% rate.
    feb = rows["Fentanyl tariffs on China"]["detail"]
    assert "does not say that the whole 20% was imposed in February" in feb
    assert "February" not in data.figure("fentanyl_tariff").note.split("(")[0]


def test_timeline_sources_are_the_sources_facts_md_gives():
    """Referee 20: each event names, in timeline.csv, every source that facts.md gives for it (the
    Geneva, June 5 and London rows used to name one source in the CSV and three in facts.md)."""
    outlets = {"[K]": "Foreign Policy", "[CV]": "The Conversation", "[CNN]": "CNN", "[IN]": "Insights page",
               "[BM]": "Barron's"}
    facts = {(c[0], c[2]): set(re.findall(r"\[(?:K|CV|CNN|IN|BM)\]", c[-1]))
             for c in _table_rows((SEEDS / "facts.md").read_text(encoding="utf-8"))
             if re.fullmatch(r"\d{4}-\d{2}-\d{2}", c[0]) and len(c) >= 5}
    for row in TIMELINE:
        in_csv = {k for k, outlet in outlets.items() if outlet in row["source"]}
        assert in_csv == facts[(row["date"], row["move"])], (row["move"], row["source"])
    rows = {r["move"]: r for r in TIMELINE}
    for move, keys in (("Geneva 90-day truce", ("[K]", "[CV]", "[CNN]")), ("Trump-Xi phone call", ("[K]", "[CV]", "[CNN]")),
                       ("London handshake deal", ("[K]", "[CNN]"))):
        assert all(outlets[k] in rows[move]["source"] for k in keys), move


def test_events_are_stated_no_more_strongly_than_the_sources():
    """Referee 12 and 20: London "appears largely to restore" (CNN); the October rule's enforcement was
    unclear ([BM]); April 9 reduced tariffs (Kennedy), no source says "paused"; what Kennedy dates to
    the days after Geneva is the US complaint that exports had not resumed, while [CV] and CNN put
    the cut in shipments after the April tariffs."""
    rows = {r["move"]: r for r in TIMELINE}
    london = rows["London handshake deal"]["detail"]
    assert "appears largely to restore" in london and "restores the Geneva" not in london
    october = rows["Expanded rare-earth controls"]["detail"]
    assert "China announces" in october and "how and when it would enforce the rule is unclear" in october
    april = rows["Tariff cut except China"]["detail"]
    assert "reduces tariffs" in april and "pause" not in april
    stall = rows["Rare-earth licences stall"]["detail"]
    assert "which is how Kennedy dates the US complaint" in stall
    assert "Shipments had fallen since China's April licensing rule" in stall
    assert "may explain the delay" in stall and "point to a new licensing regime" not in stall
    facts = (SEEDS / "facts.md").read_text(encoding="utf-8")
    assert "appears largely to restore the May arrangement" in facts and "restores the Geneva terms" not in facts
    assert "how and when the rule would be enforced is unclear" in facts
    assert "think the early delay may have come from" in facts and "attribute part of the early delay" not in facts


def test_seeds_quote_kennedy_as_he_writes_and_hedge_as_the_sources_do():
    """Referee 4, 5, 7, 8, 11, 17, 20: "only use this threat once" is Kennedy's phrase ("only once" is
    not); [CV] hedges on what Washington underestimated; Kennedy does not say 2010 was China's only
    rare-earth embargo; [CV] calls the priority apparent; Kennedy's "so" follows from lasting
    interdependence; each US measure is credited to the source that names it."""
    claims = (SEEDS / "claims.md").read_text(encoding="utf-8")
    readme = (SEEDS / "README.md").read_text(encoding="utf-8")
    kennedy = (SHARED_SEEDS / "000_d3c65684fb21bd4b.txt")
    if kennedy.exists():
        assert "can only use this threat once" in kennedy.read_text(encoding="utf-8")
    for text in (claims, readme):
        assert '"only once"' not in text.lower() and '"Only once"' not in text
    assert '"only use this threat once"' in readme and 'could "only use this threat once"' in claims
    for gone in ("It underestimated China's ability", "Its one earlier rare-earth embargo", "its top priority",
                 "analysts put the\n  delay down to", "never subgame perfect\n  when both sides know the numbers, so",
                 "China\n  widened its controls."):
        assert gone not in claims, gone
    assert "It may have underestimated China's\n  ability to retaliate and assumed" in claims
    assert "and the path is\n  subgame perfect too" in claims
    assert "(Gertz, Rothman, Kroeber)" not in readme and "has a limited life" not in readme
    assert "since the two economies will stay intertwined for a long time" in readme
    assert "[CNN] reports limits on technology sales and the visa threat" in claims


def test_the_conversation_attribution_is_labelled_an_inference():
    """Seed 001 names neither outlet nor author: every source string that names The Conversation says so."""
    for row in FIGURES + TIMELINE:
        if "Conversation" in row["source"]:
            assert "attribution inferred" in row["source"], row["source"]
    for name in ("README.md", "facts.md", "claims.md"):
        text = (SEEDS / name).read_text(encoding="utf-8")
        assert "inference" in text or "inferred" in text, f"seeds/{name} does not label [CV]'s attribution"


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


def _unquoted_shingles(text: str, n: int = SHINGLE) -> set[tuple[str, ...]]:
    """Runs of n words outside quotation marks; a quotation breaks a run, and a run made only of
    proper names (NAME_WORDS) does not count."""
    out = set()
    for part in QUOTE.split(text):
        out |= {s for s in _shingles(_words(part), n) if not set(s) <= NAME_WORDS}
    return out


def _project_prose() -> list[Path]:
    return (sorted(SEEDS.glob("*.md")) + [ROOT / "README.md"] + sorted((ROOT / "notebooks").glob("*.ipynb"))
            + sorted((ROOT / "docs" / "guide").rglob("*.md")) + sorted((ROOT / "docs" / "formulas").glob("*.md"))
            + sorted((ROOT / "notebooks" / "problems").glob("*.ipynb")))


def _code_strings(source: str) -> str:
    """The text a code cell shows a reader: its string literals (questions, answers, labels)."""
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    return "\n".join(node.value for node in ast.walk(tree)
                     if isinstance(node, ast.Constant) and isinstance(node.value, str))


def _prose(path: Path) -> str:
    """The text a reader sees: a notebook's Markdown cells and its code cells' strings, or the file."""
    if path.suffix == ".ipynb":
        import json

        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n".join("".join(c["source"]) if c["cell_type"] == "markdown" else _code_strings("".join(c["source"]))
                         for c in cells)
    return path.read_text(encoding="utf-8")


def test_overlap_check_catches_an_unquoted_run_and_spares_a_quote():
    article = "they are going to be happy to close the TikTok deal and buy more soybeans soon"
    theirs = _shingles(_words(article))
    assert _unquoted_shingles("Beijing would close the TikTok deal and buy more soybeans.") & theirs
    assert not _unquoted_shingles('Rothman: Beijing would "close the TikTok deal and buy more soybeans".') & theirs
    assert not _unquoted_shingles("Beijing would settle the TikTok sale and purchase more soybeans.") & theirs
    names = "samarium, gadolinium, terbium, dysprosium, lutetium, scandium and yttrium"
    assert not _unquoted_shingles(names) & _shingles(_words(names))
    assert _code_strings('Predict("close the TikTok deal", answer=1)') == "close the TikTok deal"


@pytest.mark.parametrize("path", _project_prose(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_long_verbatim_overlap_with_articles(path):
    if not SHARED_SEEDS.is_dir():
        pytest.skip(f"the source articles are not available at {SHARED_SEEDS}, so overlap cannot be checked")
    articles = sorted(SHARED_SEEDS.glob("*.txt"))
    if not articles:
        pytest.skip(f"no article texts (*.txt) in {SHARED_SEEDS}")
    if not path.exists():
        pytest.skip(f"{path.name} not written yet")
    ours = _unquoted_shingles(_prose(path))
    for article in articles:
        common = ours & _shingles(_words(article.read_text(encoding="utf-8")))
        assert not common, (
            f"{path.relative_to(ROOT)} repeats {len(common)} unquoted run(s) of {SHINGLE}+ words from {article.name}"
            f" (restate it, or quote and attribute it), "
            f"e.g. {' '.join(sorted(common)[0])!r}"
        )
