"""The zero-server site (`python3 dev.py site`, site/build.py) in a real Chromium, with no network.

The site is built with a local Pyodide (`--local-pyodide`: assembled once in ~/.cache/tradewar, every
package file checked against Pyodide's official lock) and served by Python's http.server on
127.0.0.1 under /tradewar/, the sub-path GitHub Pages gives the published site. Every request that
leaves 127.0.0.1 is aborted and fails the test that made it.

What runs by default (CI; 7 minutes at load average 8 on 2 cores, seven Pyodide boots of 35-65 s):
test_site_open_times (notebook 01 opened cold then warm, as an app and in Lab: benchmarks/site.json),
then Voici (app mode) with notebooks 01 and 05 and JupyterLite's Lab with notebook 01, which also
checks that ArrowDown still selects the next cell in command mode (site/build.py's ARROW_SHORTCUTS).
TW_SITE_ALL=1 opens all ten notebooks in both modes (about 15-20 more minutes). As in test_lab.py /
test_voila.py each notebook must run with no error or stderr output, every explorer slider moved
with the keyboard must redraw a view, and the views must show what browser_expectations.py says.

One browser context per mode, shared by its tests, as for a student who opens the next notebook:
the browser's cache is warm after the first (though at load average 8 a warm open measured no
faster than a cold one: 47-58 s against 36-66 s). test_site_open_times makes
those contexts (its cold opens need an empty cache) and hands them on.

The build (about a minute, plus the build tools' venv the first time) is cached by a hash of its
inputs in ~/.cache/tradewar/site-test-<hash>. TW_SITE_DIR points the tests at a site built already.
"""
from __future__ import annotations

import functools
import hashlib
import http.server
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser_expectations import EXPECTATIONS
from test_lab import _run_all, _stderr_texts
from test_voila import MODEL_NOT_FOUND, OUTPUT_ERROR_RE, _JS_OUTPUTS

pytestmark = [pytest.mark.browser, pytest.mark.site, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "/tradewar"  # as on GitHub Pages: https://tradewar-edu.github.io/tradewar/
CACHE = Path(os.environ.get("TW_CACHE", Path.home() / ".cache" / "tradewar"))
SITE_JSON = ROOT / "benchmarks" / "site.json"
# The site's own wheels (the rest of its lock is Pyodide's).
_EXTRA = {"tradewar", "ipywidgets", "comm", "nashpy", "networkx", "deprecated", "wrapt"}
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
STDERR = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
OPEN_TIMEOUT_MS = 240_000  # a cold Pyodide on 2 busy cores


def _errors(page) -> list[str]:
    # No stderr text is tolerated: matplotlib's "building the font cache" (Pyodide's file system
    # starts empty in every kernel) is silenced where tradewar.ui.views imports matplotlib.
    return list(_stderr_texts(page))


@pytest.fixture(scope="session")
def bconf(request):
    """tests/browser/conftest.py as a module (its SliderDriver and latency record), found among the
    loaded plugins: several conftest.py share that module name, so it cannot simply be imported."""
    here = Path(__file__).resolve().parent / "conftest.py"
    for plugin in request.config.pluginmanager.get_plugins():
        if Path(getattr(plugin, "__file__", "") or "/").resolve() == here:
            return plugin
    raise LookupError("tests/browser/conftest.py is not loaded")


def _subset(default: tuple[str, ...]) -> list[str]:
    if os.environ.get("TW_SITE_ALL"):
        return NOTEBOOKS
    return [n for n in NOTEBOOKS if n.startswith(default)]


VOICI_NOTEBOOKS = _subset(("01_", "05_"))
LITE_NOTEBOOKS = _subset(("01_",))


# ----------------------------------------------------------------------------- the site


def _inputs_hash() -> str:
    h = hashlib.sha256()
    paths = [ROOT / "pyproject.toml", ROOT / "binder" / "lab-overrides.json"]
    for folder, pattern in (("site", "*"), ("notebooks", "*.ipynb"), ("docs", "*.md"), ("lib", "*.py"),
                            ("lib", "*.csv")):
        paths += sorted((ROOT / folder).rglob(pattern))
    for p in paths:
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(p.relative_to(ROOT).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:16]


@pytest.fixture(scope="session")
def site_dir(chromium_path) -> Path:
    if os.environ.get("TW_SITE_DIR"):
        return Path(os.environ["TW_SITE_DIR"])
    out = CACHE / f"site-test-{_inputs_hash()}"
    if not (out / "tradewar-site.json").exists():
        for old in CACHE.glob("site-test-*"):  # keep one
            subprocess.run(["rm", "-rf", str(old)])
        t0 = time.monotonic()
        res = subprocess.run([sys.executable, str(ROOT / "dev.py"), "site", "--local-pyodide", "--out", str(out)],
                             cwd=ROOT, capture_output=True, text=True)
        if res.returncode != 0:
            pytest.fail(f"python3 dev.py site failed ({res.returncode}):\n{res.stdout[-4000:]}\n{res.stderr[-4000:]}",
                        pytrace=False)
        print(f"\n[site] built {out} in {time.monotonic() - t0:.0f} s")
    return out


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript", ".mjs": "text/javascript",
                      ".json": "application/json", ".whl": "application/zip"}

    def translate_path(self, path):
        path = path[len(PREFIX):] if path.startswith(PREFIX + "/") else "/__outside_the_site__"
        return super().translate_path(path)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(site_dir):
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site_dir)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_port}{PREFIX}/"
    srv.shutdown()
    srv.server_close()  # the listening socket: left open it is a ResourceWarning at teardown


class Offline:
    """A browser context where every request off 127.0.0.1 is aborted and remembered."""

    def __init__(self, browser):
        self.outside: list[str] = []
        self.ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.ctx.set_default_timeout(60_000)
        self.ctx.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        if urlsplit(url).hostname in ("127.0.0.1", "localhost") or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def new_page(self):
        pg = self.ctx.new_page()
        pg.tw_console_errors = []
        pg.on("pageerror", lambda exc: pg.tw_console_errors.append(str(exc)))
        return pg

    def check(self, what: str) -> None:
        assert not self.outside, f"{what}: requests left 127.0.0.1: {sorted(set(self.outside))[:10]}"


@pytest.fixture(scope="module")
def contexts(browser):
    """One Offline context per mode ("voici", "lite"), made by whichever test needs it first."""
    made: dict[str, Offline] = {}
    yield made
    for off in made.values():
        off.ctx.close()


def _context(contexts, browser, mode: str) -> Offline:
    if mode not in contexts:
        contexts[mode] = Offline(browser)
    return contexts[mode]


@pytest.fixture(scope="module")
def site_record(bconf):
    """What test_site_open_times measured; written to benchmarks/site.json when the module ends,
    with the key-press latencies every test of the module recorded."""
    result: dict = {}
    yield result
    if not result:
        return
    for where in ("lite-site", "voici-site"):
        xs = bconf.LATENCIES.get(where)
        if xs:
            result[f"{where}_p95_ms"] = round(bconf._pct(xs, 0.95), 1)
            result[f"{where}_n"] = len(xs)
    try:
        SITE_JSON.write_text(json.dumps(result, indent=1) + "\n")
    except OSError:
        pass
    print(f"\n[site] written to {SITE_JSON.relative_to(ROOT)}: {json.dumps(result)}")


def _driver(bconf, page, where, name, screenshot_dir):
    return bconf.SliderDriver(page, where, screenshot_dir, name.removesuffix(".ipynb"))


# ----------------------------------------------------------------------------- timings


def _first_slider_answers(bconf, page, where: str) -> None:
    """Until the first explorer slider, moved with a key, has redrawn a view."""
    drv = bconf.SliderDriver(page, where, Path("/nonexistent"), "timing")
    page.wait_for_selector(".widget-slider .noUi-handle", timeout=OPEN_TIMEOUT_MS)
    deadline = time.monotonic() + OPEN_TIMEOUT_MS / 1000
    while not drv.explorer_handles():
        assert time.monotonic() < deadline, f"{where}: no explorer slider"
        page.wait_for_timeout(100)
    i = drv.explorer_handles()[0]
    h = page.locator(".widget-slider .noUi-handle").nth(i)
    root = h.evaluate_handle("h => { let n = h.closest('.widget-slider');"
                             " while (n && !n.querySelector('.tw-view')) n = n.parentElement; return n; }").as_element()
    info = h.evaluate("h => [parseFloat(h.getAttribute('aria-valuenow')), parseFloat(h.getAttribute('aria-valuemax'))]")
    drv.press_and_time(h, ["ArrowLeft" if info[0] >= info[1] else "ArrowRight"], root)


def test_site_open_times(bconf, browser, contexts, site_url, site_dir, site_record):
    """Cold (a new browser context: an empty cache) and warm (the same context, page opened again)
    time from navigation to the first explorer slider answering a key press, for notebook 01 as an
    app and in Lab; and the site's size. Written to benchmarks/site.json (see site_record). Runs
    first: its contexts, warm now, are the ones the Voici and Lite tests below go on with."""
    name = next((n for n in NOTEBOOKS if n.startswith("01_")), NOTEBOOKS[0])
    stem = name.removesuffix(".ipynb")
    urls = {"voici": f"{site_url}voici/render/notebooks/{stem}.html",
            "lite": f"{site_url}lab/index.html?path=notebooks/{name}"}
    result = {}
    for where, url in urls.items():
        if where in contexts:  # not cold any more: start a context of our own
            contexts.pop(where).ctx.close()
        off = _context(contexts, browser, where)
        for run in ("cold", "warm"):
            page = off.new_page()
            try:
                t0 = time.monotonic()
                if where == "voici":
                    page.goto(url, wait_until="domcontentloaded")
                else:
                    _lite_open(page, url)
                    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
                _first_slider_answers(bconf, page, where)
                result[f"{where}_{run}_s"] = round(time.monotonic() - t0, 1)
                print(f"\n[site] {where} {run} open of {stem}: {result[f'{where}_{run}_s']} s")
            finally:
                page.close()
        off.check(f"open times ({where})")
    size = sum(p.stat().st_size for p in site_dir.rglob("*") if p.is_file())
    manifest = json.loads((site_dir / "tradewar-site.json").read_text())
    # The published site (the default build) loads Pyodide's own package files from its CDN instead.
    lock = json.loads((site_dir / "static" / "pyodide" / "pyodide-lock.json").read_text())["packages"]
    official = sum((site_dir / "static" / "pyodide" / e["file_name"]).stat().st_size for e in lock.values()
                   if "/" not in e["file_name"] and e["name"] not in _EXTRA and
                   (site_dir / "static" / "pyodide" / e["file_name"]).exists())
    result.update(notebook=name, site_mb=round(size / 1e6, 1), packages_from=manifest["packages_from"],
                  published_site_mb=round((size - official) / 1e6, 1),
                  measured_at=time.strftime("%Y-%m-%d %H:%M:%S"), load_average=round(os.getloadavg()[0], 1))
    site_record.update(result)


# ----------------------------------------------------------------------------- Voici


def _voici_render(page, drv, url: str) -> float:
    t0 = time.monotonic()
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("#rendered_cells", state="attached", timeout=OPEN_TIMEOUT_MS)
    page.wait_for_selector("#loading", state="hidden", timeout=OPEN_TIMEOUT_MS)
    drv.wait_widgets_settled(timeout_s=OPEN_TIMEOUT_MS / 1000)
    return time.monotonic() - t0


@pytest.mark.parametrize("name", VOICI_NOTEBOOKS, ids=[n.removesuffix(".ipynb") for n in VOICI_NOTEBOOKS])
def test_site_voici(bconf, browser, contexts, site_url, screenshot_dir, name):
    offline_context = _context(contexts, browser, "voici")
    page = offline_context.new_page()
    try:
        drv = _driver(bconf, page, "voici-site", name, screenshot_dir)
        url = f"{site_url}voici/render/notebooks/{name.removesuffix('.ipynb')}.html"
        t_render = _voici_render(page, drv, url)
        outputs = page.evaluate(_JS_OUTPUTS)
        if any(MODEL_NOT_FOUND in text for _, text in outputs):  # the race test_voila.py tolerates once
            t_render = _voici_render(page, drv, url)
            outputs = page.evaluate(_JS_OUTPUTS)
        drv.shot("loaded", full_page=True)
        body = page.locator("body").inner_text()
        assert "Traceback" not in body, f"{name}: the Voici page shows a Traceback:\n{body[:2000]}"
        bad = [f"cell {c}: {t[:800]}" for c, t in outputs if OUTPUT_ERROR_RE.search(t)]
        assert not bad, f"{name}: error text in Voici outputs:\n" + "\n---\n".join(bad)
        errors = _errors(page)
        assert not errors, f"{name}: stderr output in Voici:\n" + "\n---\n".join(errors)
        moved = drv.move_every_slider()
        for description, keys, selector, expected in EXPECTATIONS.get(name, []):
            drv.check_expectation(description, keys, selector, expected)
        offline_context.check(name)
        lat = drv.latencies
        print(f"\n[site] voici {name}: rendered {t_render:.1f} s, {moved} slider(s) moved"
              + (f", redraw p50 {statistics.median(lat):.0f} ms max {max(lat):.0f} ms" if lat else ""))
    finally:
        page.close()  # ends the page's Pyodide worker


# ----------------------------------------------------------------------------- JupyterLite (Lab)


def _lite_open(page, url: str) -> float:
    t0 = time.monotonic()
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.sessionContext", timeout=OPEN_TIMEOUT_MS)
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook", timeout=OPEN_TIMEOUT_MS)
    page.evaluate("""async () => { const w = window.jupyterapp.shell.currentWidget;
        await w.context.ready; await w.sessionContext.ready; }""")
    return time.monotonic() - t0


# The active cell's index, and the notebook's mode.
_JS_ACTIVE = "() => { const nb = window.jupyterapp.shell.currentWidget.content; return [nb.activeCellIndex, nb.mode]; }"


@pytest.mark.parametrize("name", LITE_NOTEBOOKS, ids=[n.removesuffix(".ipynb") for n in LITE_NOTEBOOKS])
def test_site_lite(bconf, browser, contexts, site_url, screenshot_dir, name):
    offline_context = _context(contexts, browser, "lite")
    page = offline_context.new_page()
    try:
        drv = _driver(bconf, page, "lite-site", name, screenshot_dir)
        t_open = _lite_open(page, f"{site_url}lab/index.html?path=notebooks/{name}")
        t0 = time.monotonic()
        _run_all(page, name)
        drv.wait_widgets_settled(timeout_s=OPEN_TIMEOUT_MS / 1000)
        t_run = time.monotonic() - t0
        drv.shot("loaded")
        errors = _errors(page)
        assert not errors, f"{name}: error/stderr output after Run All:\n" + "\n---\n".join(errors)
        broken = page.locator(".jp-OutputArea-output", has_text="Error displaying widget")
        assert broken.count() == 0, f"{name}: a widget failed to render: {broken.first.inner_text()}"
        # Arrow keys move the sliders (site/build.py's ARROW_SHORTCUTS) ...
        moved = drv.move_every_slider()
        for description, keys, selector, expected in EXPECTATIONS.get(name, []):
            drv.check_expectation(description, keys, selector, expected)
        errors = _errors(page)
        assert not errors, f"{name}: error/stderr output after moving sliders:\n" + "\n---\n".join(errors)
        # ... and still move between cells in command mode.
        page.evaluate("""() => { const nb = window.jupyterapp.shell.currentWidget.content;
            nb.activeCellIndex = 0; nb.mode = 'command'; nb.activeCell.node.focus(); }""")
        before = page.evaluate(_JS_ACTIVE)
        page.keyboard.press("ArrowDown")
        after = page.evaluate(_JS_ACTIVE)
        assert before[1] == "command" and after[0] == before[0] + 1, (
            f"{name}: ArrowDown in command mode should select the next cell: {before} -> {after}")
        offline_context.check(name)
        lat = drv.latencies
        print(f"\n[site] lite {name}: opened {t_open:.1f} s, ran {t_run:.1f} s, {moved} slider(s) moved"
              + (f", redraw p50 {statistics.median(lat):.0f} ms max {max(lat):.0f} ms" if lat else ""))
    finally:
        page.close()
