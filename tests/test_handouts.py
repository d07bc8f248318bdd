"""`dev.py handouts` (site/handouts.py): per notebook an HTML page without code and two PDFs printed
by Chromium, A4 and US Letter, that show the prose, the pictures and no widget leftovers.

All ten notebooks (2 to 4 minutes on 2 cores: each runs on a fresh kernel, then 20 PDFs are
printed); TW_HANDOUTS="00 01" checks only those while working on the handouts (00 and 01 between
them make every kind of picture: timeline, quizzes, matrix, tree, regime map, line chart). Text is
read from the PDFs with pypdf.
"""
from __future__ import annotations

import html
import importlib.util
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("TW_CHROMIUM", "/usr/bin/chromium"))
CHOSEN = tuple(os.environ.get("TW_HANDOUTS", "").replace(",", " ").split())  # () = all ten
PAPER_PT = {"a4": (595, 842), "letter": (612, 792)}  # page size in points
LEFTOVERS = ("Loading widget", "application/vnd.jupyter.widget-view+json", "<input", "<button",
             'class="widget-', "noUi-handle")

pytestmark = [pytest.mark.browser, pytest.mark.timeout(1800)]


def _load_handouts():
    spec = importlib.util.spec_from_file_location("handouts", ROOT / "site" / "handouts.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("handouts", module)
    spec.loader.exec_module(module)
    return module


def _squash(text: str) -> str:
    """Text compared without whitespace and ligatures (ﬁ): PDF extraction breaks lines and spaces
    its own way, and Chromium's PDFs keep the font's ligatures."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if not CHROMIUM.exists():
        if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
            pytest.fail(f"no Chromium at {CHROMIUM} (CI=true requires it)", pytrace=False)
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set TW_CHROMIUM)")
    pytest.importorskip("playwright.sync_api")
    handouts = _load_handouts()
    out = tmp_path_factory.mktemp("handouts")
    # As `dev.py handouts` runs it: in its own process, so its Playwright never meets the browser
    # tests' (a second sync Playwright in one thread refuses to start inside the first one's loop).
    res = subprocess.run([sys.executable, ROOT / "site" / "handouts.py", *CHOSEN, "--out", out],
                         cwd=ROOT, env=dict(os.environ, TW_CHROMIUM=str(CHROMIUM)), capture_output=True, text=True)
    assert res.returncode == 0, f"site/handouts.py exited with {res.returncode}:\n{res.stdout[-3000:]}{res.stderr[-3000:]}"
    made: dict[str, list[Path]] = {}  # per notebook: the page, then the A4 and the Letter PDF
    for page in sorted(out.glob("*.html")):
        made[page.stem] = [page] + [f for f in (page.with_suffix(".a4.pdf"), page.with_suffix(".letter.pdf"))
                                    if f.exists()]
    return handouts, made


def test_every_chosen_notebook_has_a_page_and_two_pdfs(built):
    handouts, made = built
    want = {p.stem for p in handouts.notebooks(CHOSEN)}
    assert set(made) == want and (CHOSEN or len(want) == 10), sorted(made)
    for stem, files in made.items():
        assert sorted(f.name for f in files) == sorted(
            [f"{stem}.html", f"{stem}.a4.pdf", f"{stem}.letter.pdf"]), stem


def _expected(page_html: str, stem: str):
    """The notebook's title and its first bet or check question, as the reader must find them."""
    import nbformat

    nb = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    title = re.sub(r"[*_`]", "", _load_handouts().title_of(nb, stem))
    question = re.search(r'<div class="tw-quiz-q">([^<]+)</div>', page_html)
    assert question, f"{stem}: no bet or self-check in the page"
    return title, html.unescape(question.group(1))


def test_pages_show_prose_and_pictures_without_code_or_widgets(built):
    _, made = built
    for stem, files in made.items():
        page = files[0].read_text(encoding="utf-8")
        for bad in LEFTOVERS:
            assert bad not in page, f"{stem}.html contains {bad!r}"
        assert not re.search(r'class="[^"]*(jp-InputArea-editor|hl-ipython3)', page), f"{stem}: code shown"
        assert re.search(r'<svg[^>]*role="img"', page), f"{stem}: no picture"
        assert "At these values:" in page, f"{stem}: no explorer's static copy"
        assert 'src="mathjax/' in page and (files[0].parent / "mathjax").is_dir() or "cdn.jsdelivr" in page


def test_pdfs_have_pages_of_the_right_size_and_the_text(built):
    pypdf = pytest.importorskip("pypdf")
    _, made = built
    for stem, files in made.items():
        title, question = _expected(files[0].read_text(encoding="utf-8"), stem)
        for pdf in files[1:]:
            reader = pypdf.PdfReader(pdf)
            paper = pdf.suffixes[-2].lstrip(".")
            assert len(reader.pages) >= 2, f"{pdf.name}: {len(reader.pages)} page(s)"
            w, h = (float(x) for x in reader.pages[0].mediabox[2:])
            want_w, want_h = PAPER_PT[paper]
            assert abs(w - want_w) < 2 and abs(h - want_h) < 2, f"{pdf.name}: {w} x {h} pt, not {paper}"
            text = "\n".join(p.extract_text() or "" for p in reader.pages)
            squashed = _squash(text)
            assert _squash(title) in squashed, f"{pdf.name}: title {title!r} not found"
            assert _squash(question) in squashed, f"{pdf.name}: {question!r} not found"
            assert "Atthesevalues:" in squashed, f"{pdf.name}: no explorer's values"
            assert "Loadingwidget" not in squashed, f"{pdf.name}: 'Loading widget'"
            assert "\\frac" not in text and "$$" not in text, f"{pdf.name}: TeX source printed"
