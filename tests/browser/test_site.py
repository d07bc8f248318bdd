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
with the keyboard must redraw a view, the views must show what browser_expectations.py says, and
axe-core (axe_audit.py, WCAG 2.1 A/AA) must find no violation in the notebook's own nodes.

One browser profile per mode, on disk as a student's is, shared by its tests: cold is the first
open in a new profile (an empty cache), warm the same profile opening the notebook again, as a
student opening the next notebook. The server sends what GitHub Pages sends (Cache-Control:
max-age=600, Last-Modified). test_site_open_times makes those profiles and hands them on; it records
for each open the load average and where the time went (PHASES: Pyodide's runtime fetched, Pyodide
with its preloaded packages loaded, the Lab session ready, the first cell output, the first slider
shown), and prints the figures against the targets. Speed is
not asserted: benchmarks/run.py reads site.json.

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

from axe_audit import assert_no_violations
from test_lab import run_all_checked
from test_voila import render_checked

pytestmark = [pytest.mark.browser, pytest.mark.site, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "/tradewar"  # as on GitHub Pages: https://tradewar-edu.github.io/tradewar/
CACHE = Path(os.environ.get("TW_CACHE", Path.home() / ".cache" / "tradewar"))
SITE_JSON = ROOT / "benchmarks" / "site.json"
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
OPEN_TIMEOUT_MS = 240_000  # a cold Pyodide on 2 busy cores


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

    def end_headers(self):
        # What GitHub Pages sends with every file (with Last-Modified, which http.server sends too and
        # answers If-Modified-Since with a 304): a browser may reuse what it fetched for 10 minutes.
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

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
    """A browser context that records every request off 127.0.0.1 (check() fails on any).

    It watches requests and does not intercept them: Playwright's request interception (route)
    slowed a warm open by 1-2 s (10.6 against 8.6 s for Voici 01), which a student's browser does
    not pay. Nothing leaves anyway: CHROMIUM_ARGS resolve every host name but the loopback's to
    nothing, so such a request fails at once, and is recorded here."""

    def __init__(self, browser, profile: Path | None = None, chromium: Path | None = None, args=()):
        self.outside: list[str] = []
        if profile is None:
            self.ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        else:
            # A browser profile on disk, as a student's browser has: its HTTP cache (and V8's cache
            # of compiled WebAssembly) outlives the page. A new_context() is an incognito profile
            # whose small in-memory cache drops the largest files (Pyodide's 10 MB runtime).
            self.ctx = browser.browser_type.launch_persistent_context(
                str(profile), executable_path=str(chromium), args=list(args), headless=True,
                viewport={"width": 1400, "height": 1000})
        self.ctx.set_default_timeout(60_000)
        self.ctx.on("request", self._seen)

    def _seen(self, request):
        url = request.url
        if urlsplit(url).hostname not in ("127.0.0.1", "localhost") and not url.startswith(("data:", "blob:")):
            self.outside.append(url)

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


def _context(contexts, browser, mode: str, **profile) -> Offline:
    if mode not in contexts:
        contexts[mode] = Offline(browser, **profile)
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
    while True:
        info = h.evaluate("h => [parseFloat(h.getAttribute('aria-valuenow')), parseFloat(h.getAttribute('aria-valuemax'))]")
        try:  # a kernel still running the cells below answers late: press again until it answers
            drv.press_and_time(h, ["ArrowLeft" if info[0] >= info[1] else "ArrowRight"], root)
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise


# Where an open's time goes, as milestones in seconds from navigation (performance.timeOrigin):
# what the kernel's worker fetched (request timings) and what the page showed (a MutationObserver).
_JS_PAGE_MARKS = """(() => { window.__twOpen = {};
  const mark = k => { if (!(k in window.__twOpen)) window.__twOpen[k] = performance.now(); };
  const seen = () => {
    if (document.querySelector('.jp-OutputArea-output')) mark('first_output');
    if (document.querySelector('.widget-slider .noUi-handle')) { mark('slider_shown'); return true; }
    return false;
  };
  const obs = new MutationObserver(() => { if (seen()) obs.disconnect(); });
  obs.observe(document, {subtree: true, childList: true});
})();"""
# (milestone, the end of the request's URL path, "start" or "end" of the first such request)
_FILE_MARKS = [
    ("runtime_fetched", "/pyodide.asm.wasm", "end"),  # Pyodide's 10 MB WebAssembly
    # The kernel mounts its file system (/drive, served through the service worker) once Pyodide
    # and every preloaded package are loaded; then it imports pyodide_kernel (IPython) and runs cells.
    ("packages_loaded", "/api/drive", "start"),
]
PHASES = ["runtime_fetched", "packages_loaded", "session_ready", "first_output", "slider_shown"]
TARGETS_S = {"cold": 12, "warm": 5}  # issue 9


def _watch_files(ctx, marks: dict):
    """Record _FILE_MARKS (epoch ms, from the request's own timing) for the requests of one open."""
    def finished(request):
        path = urlsplit(request.url).path
        for key, suffix, when in _FILE_MARKS:
            if path.endswith(suffix) and key not in marks:
                tm = request.timing
                marks[key] = tm["startTime"] + (max(tm["responseEnd"], 0) if when == "end" else 0)

    ctx.on("requestfinished", finished)
    return lambda: ctx.remove_listener("requestfinished", finished)


def test_site_open_times(bconf, browser, chromium_path, tmp_path_factory, contexts, site_url, site_dir, site_record):
    """Cold (a new browser context: an empty cache) and warm (the same context, the page opened
    again, as a student opening the next notebook) time from navigation to the first explorer
    slider answering a key press, for notebook 01 as an app and in Lab, with the milestones of each
    open (PHASES) and the load average; and the site's size. Written to benchmarks/site.json (see
    site_record) and printed against the targets. Runs first: its contexts, warm now, are the ones
    the Voici and Lite tests below go on with."""
    name = next((n for n in NOTEBOOKS if n.startswith("01_")), NOTEBOOKS[0])
    stem = name.removesuffix(".ipynb")
    urls = {"voici": f"{site_url}voici/render/notebooks/{stem}.html",
            "lite": f"{site_url}lab/index.html?path=notebooks/{name}"}
    result = {}
    for where, url in urls.items():
        if where in contexts:  # not cold any more: start a context of our own
            contexts.pop(where).ctx.close()
        off = _context(contexts, browser, where, profile=tmp_path_factory.mktemp(f"profile-{where}"),
                       chromium=chromium_path, args=bconf.CHROMIUM_ARGS)
        for run in ("cold", "warm"):
            page = off.new_page()
            page.add_init_script(_JS_PAGE_MARKS)
            files: dict[str, float] = {}
            unwatch = _watch_files(off.ctx, files)
            load = round(os.getloadavg()[0], 1)
            try:
                t0 = time.monotonic()
                if where == "voici":
                    page.goto(url, wait_until="domcontentloaded")
                    t_session = None
                else:
                    _lite_open(page, url)
                    t_session = time.monotonic() - t0
                    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
                _first_slider_answers(bconf, page, where)
                total = time.monotonic() - t0
                origin, shown = page.evaluate("() => [performance.timeOrigin, window.__twOpen || {}]")
            finally:
                unwatch()
                page.close()
            phases = {k: round((v - origin) / 1000, 1) for k, v in files.items()}
            phases.update({k: round(v / 1000, 1) for k, v in shown.items()})
            if t_session is not None:
                phases["session_ready"] = round(t_session, 1)
            result[f"{where}_{run}_s"] = round(total, 1)
            result[f"{where}_{run}_load"] = load
            result[f"{where}_{run}_phases"] = {k: phases[k] for k in PHASES if k in phases}
            print(f"\n[site] {where} {run} open of {stem}: {total:.1f} s (target <= {TARGETS_S[run]} s, load average "
                  f"{load}); " + ", ".join(f"{k} {v}" for k, v in result[f"{where}_{run}_phases"].items()))
        off.check(f"open times ({where})")
    size = sum(p.stat().st_size for p in site_dir.rglob("*") if p.is_file())
    manifest = json.loads((site_dir / "tradewar-site.json").read_text())
    # The published site (the default build) loads Pyodide's own package files from its CDN instead.
    lock = json.loads((site_dir / "static" / "pyodide" / "pyodide-lock.json").read_text())["packages"]
    ours = set(manifest["site_wheels"])
    official = sum((site_dir / "static" / "pyodide" / e["file_name"]).stat().st_size for e in lock.values()
                   if "/" not in e["file_name"] and e["file_name"] not in ours and
                   (site_dir / "static" / "pyodide" / e["file_name"]).exists())
    result.update(notebook=name, site_mb=round(size / 1e6, 1), packages_from=manifest["packages_from"],
                  published_site_mb=round((size - official) / 1e6, 1),
                  measured_at=time.strftime("%Y-%m-%d %H:%M:%S"), load_average=round(os.getloadavg()[0], 1),
                  cpus=os.cpu_count())
    site_record.update(result)
    print(f"\n[site] open of {stem} to the first slider answering (s), {os.cpu_count()} CPUs:")
    for where in urls:
        print("  " + where.ljust(6) + "  ".join(
            f"{run} {result[f'{where}_{run}_s']:5.1f} (target {TARGETS_S[run]:>2}, load {result[f'{where}_{run}_load']})"
            for run in TARGETS_S))


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
        t_render = render_checked(page, drv, url, _voici_render, f"site voici {name}")
        moved = drv.sweep()
        assert_no_violations(page, f"site voici {name}", "voici-site", name)
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
        run_all_checked(page, drv, name, settle_s=OPEN_TIMEOUT_MS / 1000, wait_idle=False)
        t_run = time.monotonic() - t0
        # Arrow keys move the sliders (site/build.py's ARROW_SHORTCUTS) ...
        moved = drv.sweep()
        assert_no_violations(page, f"site lite {name}", "lite-site", name)
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


# ----------------------------------------------------------------------------- what the kernel loads

# CPython 3.12's bytecode header (PEP 552): magic number, then flags 0b01 (hash-based, not checked
# against the source, whose modification time unpacking sets anew).
_PYC_HEAD = (3531).to_bytes(2, "little") + b"\r\n" + (1).to_bytes(4, "little")


def test_site_wheels_carry_bytecode_and_tradewar_pulls_no_pandas(site_dir):
    """Every wheel the site ships carries CPython 3.12 bytecode for its modules (site/build.py's
    with_bytecode: Pyodide would otherwise compile IPython and the rest at every kernel start), the
    kernel's IPython wheels leave out their tests as Pyodide's do, and `import tradewar` loads only
    numpy and ipywidgets (pandas, scipy and matplotlib load when a cell imports them)."""
    import zipfile

    manifest = json.loads((site_dir / "tradewar-site.json").read_text())
    if not manifest.get("bytecode_by"):
        if os.environ.get("CI"):
            pytest.fail("the site was built without bytecode (no CPython 3.12 found)", pytrace=False)
        pytest.skip("the site was built without bytecode (no CPython 3.12 here)")
    assert manifest["bytecode_by"].startswith("CPython 3.12"), manifest["bytecode_by"]
    pyodide = site_dir / "static" / "pyodide"
    lock = json.loads((pyodide / "pyodide-lock.json").read_text())["packages"]
    assert lock["tradewar"]["depends"] == ["numpy", "ipywidgets"]
    ours = {k: e for k, e in lock.items() if e["file_name"] in manifest["site_wheels"]}
    assert {"tradewar", "ipywidgets", "ipython", "jedi", "pyodide-kernel"} <= set(ours), sorted(ours)
    assert len(ours) == len(manifest["site_wheels"])
    for name, entry in ours.items():
        with zipfile.ZipFile(pyodide / entry["file_name"]) as z:
            names = set(z.namelist())
            modules = [n for n in names if n.endswith(".py") and ".dist-info/" not in n]
            missing = []
            for n in modules:
                folder, _, base = n.rpartition("/")
                pyc = f"{folder + '/' if folder else ''}__pycache__/{base[:-3]}.cpython-312.pyc"
                if pyc not in names:
                    missing.append(n)
                elif z.read(pyc)[:8] != _PYC_HEAD:
                    pytest.fail(f"{entry['file_name']}: {pyc} is not unchecked CPython 3.12 bytecode", pytrace=False)
            # (a module that does not compile, such as a Python 2 test file, has none)
            assert len(missing) <= len(modules) // 50, f"{entry['file_name']}: no bytecode for {missing[:5]}"
            if name in ("ipython", "traitlets"):
                assert not [n for n in names if "/tests/" in n], f"{entry['file_name']} ships its tests"
