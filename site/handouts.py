#!/usr/bin/env python3
"""Printable handouts: per notebook an HTML page and two PDFs (A4, US Letter) in _handouts/.

    python3 dev.py handouts [--out DIR] [--no-pdf] [NN ...]       (the usual way)
    .venv/bin/python site/handouts.py [--out DIR] [--no-pdf] [NN ...]

Each notebook runs top to bottom on a fresh kernel (nbclient) at its defaults; nbconvert's
HTMLExporter writes it without the code, and Debian's Chromium (driven by Playwright, as in
tests/browser) prints the page. The pictures come from the widgets' static copies (see
tradewar.ui.views.Static): no widget state is stored, so nbconvert shows those instead of a widget
view. The print stylesheet keeps it black on white, keeps a picture on one page, and hides what only
works with a kernel. NN picks notebooks by their number (default: all ten).

Math in the prose is typeset by MathJax 3 (its single-file SVG build, no fonts to load), copied
next to the pages so they work offline. It comes from the npm package mathjax@3.2.2, fetched once by
`npm pack` into ~/.cache/tradewar (TW_CACHE overrides it) and checked against its sha512; without
npm or the network the pages load the same file from a CDN instead.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
OUT = ROOT / "_handouts"
CHROMIUM = Path(os.environ.get("TW_CHROMIUM", "/usr/bin/chromium"))
CELL_TIMEOUT = 300  # s
PAPERS = {"a4": "A4", "letter": "Letter"}
CACHE = Path(os.environ.get("TW_CACHE", Path.home() / ".cache" / "tradewar"))
MATHJAX = "mathjax@3.2.2"
MATHJAX_SHA512 = "Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw=="
MATHJAX_FILE = "tex-svg-full.js"
MATHJAX_CDN = "https://cdn.jsdelivr.net/npm/mathjax@3.2.2/es5/tex-svg-full.js"
# nbconvert's own block loads MathJax 2 from a CDN; it is replaced by this (same delimiters).
MATHJAX_HTML = """<script>
window.MathJax = {tex: {inlineMath: [['$', '$'], ['\\\\(', '\\\\)']], displayMath: [['$$', '$$'], ['\\\\[', '\\\\]']],
                        processEscapes: true, processEnvironments: true},
                  svg: {fontCache: 'global'}};
</script>
<script src="SRC"></script>
"""

PRINT_CSS = """<style>
/* Handout: black on white, no prompts, pictures whole on one page. */
@page { margin: 14mm 13mm; }
:root { --jp-layout-color0: #fff; --jp-content-font-color1: #000; --jp-ui-font-color1: #000; }
body { background: #fff !important; color: #000; }
.jp-InputPrompt, .jp-OutputPrompt, .jp-Collapser { display: none !important; }
.jp-Cell { padding: 0 !important; }
.jp-RenderedHTMLCommon { font-size: 11pt; line-height: 1.45; color: #000; }
.jp-OutputArea-output svg, .jp-OutputArea-output figure, .jp-OutputArea-output table,
.tw-predict, .tw-selfcheck, .tw-event-card { break-inside: avoid; page-break-inside: avoid; }
.jp-RenderedHTMLCommon h1, .jp-RenderedHTMLCommon h2, .jp-RenderedHTMLCommon h3 { break-after: avoid; }
.tw-static svg { max-width: 100% !important; min-width: 0 !important; }
.tw-static-values ul { margin: 0.2em 0 0.4em 0; }
@media print {
  a { color: #000; text-decoration: underline; }
  .tw-note, .tw-feedback { background: none !important; }
  details { display: block; }
  details > summary { list-style: none; font-weight: bold; }
}
</style>
"""


def notebooks(numbers=()) -> list[Path]:
    found = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    if numbers:
        found = [p for p in found if p.name[:2] in {f"{int(n):02d}" for n in numbers}]
    return found


def execute(path: Path):
    """The notebook run on a fresh kernel at its defaults, without saved widget state (so that
    nbconvert shows each widget's static copy rather than a widget view)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3", store_widget_state=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nb.metadata.pop("widgets", None)
    return nb


def to_html(nb, title: str, mathjax_src: str = MATHJAX_CDN) -> str:
    """The executed notebook as one page: outputs and prose, no code, the print stylesheet."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    start, end = "<!-- Load mathjax -->", "<!-- End of mathjax configuration -->"
    i, j = body.find(start), body.find(end)
    if i < 0 or j < i:
        raise RuntimeError("nbconvert's page has no MathJax block to replace (template changed?)")
    body = body[:i] + MATHJAX_HTML.replace("SRC", mathjax_src) + body[j + len(end):]
    return body.replace("</head>", PRINT_CSS + "</head>", 1)


def mathjax(out: Path, log=print) -> str:
    """MathJax's single file copied into out/mathjax/ (fetched once into the cache); returns the
    pages' relative link to it, or the CDN link when it cannot be fetched."""
    cached = CACHE / MATHJAX.replace("@", "-") / MATHJAX_FILE
    if not cached.exists():
        npm = shutil.which("npm")
        if npm is None:
            log(f"[handouts] no npm: the pages load MathJax from {MATHJAX_CDN}")
            return MATHJAX_CDN
        with tempfile.TemporaryDirectory() as tmp:
            done = subprocess.run([npm, "pack", MATHJAX, "--silent"], cwd=tmp, capture_output=True, text=True)
            tgz = next(Path(tmp).glob("*.tgz"), None)
            if done.returncode != 0 or tgz is None:
                log(f"[handouts] npm pack {MATHJAX} failed: the pages load MathJax from {MATHJAX_CDN}")
                return MATHJAX_CDN
            digest = base64.b64encode(hashlib.sha512(tgz.read_bytes()).digest()).decode()
            if digest != MATHJAX_SHA512:
                raise RuntimeError(f"{tgz.name}: sha512 {digest} is not the registry's {MATHJAX_SHA512}")
            with tarfile.open(tgz) as tar:
                data = tar.extractfile(f"package/es5/{MATHJAX_FILE}").read()
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(data)
    (out / "mathjax").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, out / "mathjax" / MATHJAX_FILE)
    return f"mathjax/{MATHJAX_FILE}"


def title_of(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def print_pdfs(pages: list[Path], chromium: Path = CHROMIUM) -> list[Path]:
    """Each HTML page printed by Chromium to <stem>.a4.pdf and <stem>.letter.pdf beside it."""
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), headless=True,
                                     args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        try:
            page = browser.new_page()
            for html_path in pages:
                page.goto(html_path.resolve().as_uri(), wait_until="load")
                _wait_for_math(page)
                page.emulate_media(media="print")
                for suffix, paper in PAPERS.items():
                    pdf = html_path.with_suffix(f".{suffix}.pdf")
                    page.pdf(path=str(pdf), format=paper, print_background=True,
                             margin={"top": "14mm", "bottom": "14mm", "left": "13mm", "right": "13mm"})
                    out.append(pdf)
        finally:
            browser.close()
    return out


def _wait_for_math(page) -> None:
    """Let MathJax finish typesetting (when it could be loaded at all)."""
    page.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise"
                  " ? MathJax.startup.promise.then(() => true) : false")


def _plain(text: str) -> str:
    """An IPython traceback line without its terminal colours."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def build(numbers=(), out: Path = OUT, pdf: bool = True, log=print, failed: list | None = None) -> dict:
    """Write the handouts; returns {notebook stem: [files]} and logs the time each took. A notebook
    that fails to run is logged, appended to `failed` and skipped; the others are still built."""
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    out.mkdir(parents=True, exist_ok=True)
    made: dict[str, list[Path]] = {}
    pages = []
    mathjax_src = mathjax(out, log)
    for path in notebooks(numbers):
        t0 = time.monotonic()
        try:
            nb = execute(path)
        except (CellExecutionError, CellTimeoutError) as e:
            last = [line for line in str(e).splitlines() if line.strip()][-1:]
            log(f"[handouts] {path.name} FAILED to run: {_plain(' '.join(last))}")
            if failed is not None:
                failed.append(path.name)
            continue
        page = out / f"{path.stem}.html"
        page.write_text(to_html(nb, title_of(nb, path.stem), mathjax_src), encoding="utf-8")
        made[path.stem] = [page]
        pages.append(page)
        log(f"[handouts] {page.relative_to(out.parent) if out.parent in page.parents else page}"
            f" ({time.monotonic() - t0:.1f} s)")
    if pdf and pages:
        t0 = time.monotonic()
        for f in print_pdfs(pages):
            made[f.name.split(".")[0]].append(f)
        log(f"[handouts] {2 * len(pages)} PDFs printed by {CHROMIUM} ({time.monotonic() - t0:.1f} s)")
    return made


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("numbers", nargs="*", help="notebook numbers, e.g. 00 03 (default: all)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--no-pdf", action="store_true", help="write the HTML pages only")
    args = ap.parse_args(argv)
    if not args.no_pdf and not CHROMIUM.exists():
        print(f"[handouts] no Chromium at {CHROMIUM} (apt-get install chromium, or set TW_CHROMIUM)",
              file=sys.stderr)
        return 1
    failed: list[str] = []
    made = build(args.numbers, args.out, pdf=not args.no_pdf, failed=failed)
    print(f"[handouts] {sum(len(v) for v in made.values())} files in {args.out}"
          + (f"; FAILED: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
