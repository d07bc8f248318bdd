"""Browser test fixtures: a real `jupyter lab` and a real `voila` on 127.0.0.1, serving a temporary
copy of notebooks/, and Debian's Chromium driven by Playwright.

Without Chromium (or Playwright) the browser tests are skipped with the reason, unless CI=true,
where that is an error. TW_CHROMIUM overrides the Chromium path (default /usr/bin/chromium).

Screenshots land in tests/browser/screenshots/ (git-ignored); key-press -> redraw latencies are
summarised at the end of the run and written to benchmarks/browser_latency.json.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from browser_expectations import EXPECTATIONS

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
LATENCY_JSON = ROOT / "benchmarks" / "browser_latency.json"
CHROMIUM = Path(os.environ.get("TW_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    # Nothing but the loopback: a CDN link in a template fails at once instead of hanging.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
SERVER_START_TIMEOUT = 120  # s
VIEW_TIMEOUT_MS = 5_000  # a slider move must redraw a view within this
SLIDER_HANDLES = ".widget-slider .noUi-handle"
STDERR_OUTPUT = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"

# JupyterLab settings for the test server: the collection's own (binder/lab-overrides.json: no
# news pop-up), plus every cell kept in the DOM (JupyterLab 4 windowing would otherwise
# virtualise offscreen cells, which the slider sweep must reach).
LAB_SETTING_OVERRIDES = {
    **json.loads((ROOT / "binder" / "lab-overrides.json").read_text()),
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}

LATENCIES: dict[str, list[float]] = {}


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def _unavailable(reason: str):
    if _in_ci():
        pytest.fail(f"browser tests cannot run: {reason} (CI=true requires them)", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


# ----------------------------------------------------------------------------- environment


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set TW_CHROMIUM)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("python package playwright is not installed (pip install -e .[test])")
    return CHROMIUM


@pytest.fixture(autouse=True)
def _browser_available(chromium_path):
    """Checked before any server starts, so a machine without Chromium skips quickly."""


@pytest.fixture(scope="session")
def served_notebooks(tmp_path_factory) -> Path:
    """A throwaway copy of notebooks/: the lab autosaves outputs, the repository must stay clean."""
    dst = tmp_path_factory.mktemp("served") / "notebooks"
    if NOTEBOOKS.exists():
        shutil.copytree(NOTEBOOKS, dst, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    else:
        dst.mkdir()
    return dst


@pytest.fixture(scope="session")
def jupyter_env(tmp_path_factory) -> dict:
    """Environment for the servers: private config/runtime/IPython dirs, so neither the user's
    settings nor a stray kernelspec can change what is tested."""
    base = tmp_path_factory.mktemp("jupyter")
    cfg = base / "config"
    (cfg / "labconfig").mkdir(parents=True)
    (cfg / "labconfig" / "default_setting_overrides.json").write_text(json.dumps(LAB_SETTING_OVERRIDES))
    (cfg / "jupyter_server_config.json").write_text(
        json.dumps({"LabApp": {"news_url": None, "expose_app_in_browser": True}})
    )
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(cfg),
        JUPYTER_RUNTIME_DIR=str(base / "runtime"),
        JUPYTER_PREFER_ENV_PATH="1",
        JUPYTERLAB_SETTINGS_DIR=str(cfg / "lab" / "user-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(cfg / "lab" / "workspaces"),
        IPYTHONDIR=str(base / "ipython"),
        PYTHONUNBUFFERED="1",
    )
    env.pop("JUPYTER_TOKEN", None)
    return env


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    name: str
    url: str
    proc: subprocess.Popen
    log: Path
    started_in: float = 0.0

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no log)"

    def get(self, path: str, method: str = "GET", timeout: float = 5):
        req = urllib.request.Request(self.url + path, method=method)
        with urllib.request.urlopen(req, timeout=timeout) as r:
            body = r.read()
            return json.loads(body) if body and r.headers.get_content_type() == "application/json" else body


def _die_with_parent() -> None:
    """Linux: the server gets SIGTERM if pytest dies without tearing down (killed, timed out)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001 - best effort, other systems just lack it
        pass


def _start(name: str, cmd: list[str], env: dict, ready_path: str, port: int, logdir: Path):
    log = logdir / f"{name}.log"
    fh = open(log, "wb")
    t0 = time.monotonic()
    proc = subprocess.Popen(
        cmd, env=env, stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        start_new_session=True, preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
    )
    srv = Server(name, f"http://127.0.0.1:{port}", proc, log)
    deadline = t0 + SERVER_START_TIMEOUT
    while True:
        if proc.poll() is not None:
            fh.close()
            raise RuntimeError(f"{name} exited with {proc.returncode} while starting:\n{srv.log_tail()}")
        try:
            urllib.request.urlopen(srv.url + ready_path, timeout=2).read()
            break
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                _stop(srv)
                raise RuntimeError(f"{name} did not answer within {SERVER_START_TIMEOUT} s:\n{srv.log_tail()}")
            time.sleep(0.25)
    srv.started_in = time.monotonic() - t0
    print(f"\n[browser] {name} answered at {srv.url} after {srv.started_in:.1f} s")
    return srv


def _stop(srv: Server) -> None:
    if srv.proc.poll() is None:
        srv.proc.send_signal(signal.SIGTERM)  # jupyter servers shut their kernels down on SIGTERM
        try:
            srv.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(srv.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            srv.proc.wait(timeout=10)


@pytest.fixture(scope="session")
def lab_server(served_notebooks, jupyter_env, tmp_path_factory):
    port = _free_port()
    cmd = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser",
        "--IdentityProvider.token=",  # ServerApp.token='' in jupyter_server < 2
        "--ServerApp.password=",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={served_notebooks}",
        "--LabApp.news_url=None",
        "--LabApp.expose_app_in_browser=True",
    ] + (["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])
    srv = _start("jupyter-lab", cmd, jupyter_env, "/api/status", port, tmp_path_factory.mktemp("logs"))
    yield srv
    _stop(srv)


@pytest.fixture(scope="session")
def voila_server(served_notebooks, jupyter_env, tmp_path_factory):
    port = _free_port()
    cmd = [
        sys.executable, "-m", "voila", str(served_notebooks),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",
        "--VoilaConfiguration.show_tracebacks=True",
    ]
    srv = _start("voila", cmd, jupyter_env, "/", port, tmp_path_factory.mktemp("logs"))
    yield srv
    _stop(srv)


# ----------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    ctx.set_default_timeout(30_000)
    pg = ctx.new_page()
    pg.tw_console_errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda exc: pg.tw_console_errors.append(str(exc)))
    yield pg
    ctx.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


# ----------------------------------------------------------------------------- sliders

# From a slider handle up to its cell output: the nearest element holding a .tw-view is the
# explorer. A slider with no view in its output is not part of an explorer and is not moved.
_JS_EXPLORER_ROOT = """(h) => {
  let n = h.closest('.widget-slider');
  while (n && n !== document.body) {
    if (n.querySelector('.tw-view')) return n;
    if (n.matches('.jp-OutputArea-output, .jp-Cell, #rendered_cells')) return null;
    n = n.parentElement;
  }
  return null;
}"""

# Remembers the views' HTML, notes the time of the next keydown and of the first mutation that
# changes any .tw-view of this explorer. Both times are taken in the page, on one clock.
_JS_ARM = """(root) => {
  const snap = () => Array.from(root.querySelectorAll('.tw-view')).map(v => v.innerHTML).join('\\u0000');
  const before = snap();
  if (window.__tw && window.__tw.obs) window.__tw.obs.disconnect();
  const tw = window.__tw = {t0: null, t1: null, armed: performance.now()};
  document.addEventListener('keydown', () => { if (tw.t0 === null) tw.t0 = performance.now(); },
                            {capture: true, once: true});
  tw.obs = new MutationObserver(() => {
    if (tw.t1 === null && snap() !== before) { tw.t1 = performance.now(); tw.obs.disconnect(); }
  });
  tw.obs.observe(root, {subtree: true, childList: true, characterData: true, attributes: true});
  return before.length;
}"""

_JS_SLIDER_INFO = """(h) => {
  const s = h.closest('.widget-slider');
  const label = s && s.querySelector('.widget-label');
  return {
    label: label ? label.textContent.trim() : '',
    now: parseFloat(h.getAttribute('aria-valuenow')),
    min: parseFloat(h.getAttribute('aria-valuemin')),
    max: parseFloat(h.getAttribute('aria-valuemax')),
  };
}"""

_JS_WIDGET_COUNT = """() => {
  const outs = document.querySelectorAll("[data-mime-type='application/vnd.jupyter.widget-view+json']");
  let pending = 0;
  outs.forEach(o => { if (!o.querySelector('.jupyter-widgets')) pending++; });
  return [document.querySelectorAll('.jupyter-widgets').length, pending];
}"""


def _pct(xs: list[float], q: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))]


@dataclass
class SliderDriver:
    """Moves the explorers' sliders with the keyboard and checks that a view follows."""

    page: object
    where: str  # "lab" or "voila"
    shots: Path
    stem: str
    latencies: list = field(default_factory=list)
    _n: int = 0

    def shot(self, what: str, full_page: bool = False) -> Path:
        self._n += 1
        path = self.shots / f"{self.where}-{self.stem}-{self._n:02d}-{re.sub(r'[^A-Za-z0-9_.-]+', '_', what)[:60]}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def wait_widgets_settled(self, timeout_s: float = 60) -> None:
        """Until every widget output has rendered and the widget count stood still for 1 s."""
        deadline = time.monotonic() + timeout_s
        last, since = None, time.monotonic()
        while time.monotonic() < deadline:
            count, pending = self.page.evaluate(_JS_WIDGET_COUNT)
            if (count, pending) != last:
                last, since = (count, pending), time.monotonic()
            elif pending == 0 and time.monotonic() - since >= 1.0:
                return
            self.page.wait_for_timeout(200)
        raise AssertionError(f"{self.where} {self.stem}: widgets still rendering after {timeout_s:.0f} s ({last})")

    def explorer_handles(self) -> list[int]:
        """Indexes (into SLIDER_HANDLES) of the handles that belong to an explorer with views."""
        handles = self.page.locator(SLIDER_HANDLES)
        return [i for i in range(handles.count()) if handles.nth(i).evaluate(f"h => !!({_JS_EXPLORER_ROOT})(h)")]

    def press_and_time(self, handle, keys: list[str], root) -> float:
        """Press `keys` on a focused handle; return ms from the first keydown to the first
        change of a .tw-view in `root`. Fails if no view changes within 5 s."""
        handle.scroll_into_view_if_needed()
        root.evaluate(_JS_ARM)
        handle.focus()
        for k in keys:
            self.page.keyboard.press(k)
        try:
            self.page.wait_for_function("() => window.__tw && window.__tw.t1 !== null", timeout=VIEW_TIMEOUT_MS)
        except Exception as e:  # playwright TimeoutError
            raise AssertionError(f"no .tw-view changed within {VIEW_TIMEOUT_MS} ms after pressing {keys}") from e
        t0, t1, armed = self.page.evaluate("() => [window.__tw.t0, window.__tw.t1, window.__tw.armed]")
        return t1 - (t0 if t0 is not None else armed)

    def move_every_slider(self) -> int:
        """One keyboard step on every explorer slider; each must redraw a view. Returns the count."""
        idxs = self.explorer_handles()
        handles = self.page.locator(SLIDER_HANDLES)
        for i in idxs:
            h = handles.nth(i)
            h.scroll_into_view_if_needed()
            info = h.evaluate(_JS_SLIDER_INFO)
            key = "ArrowLeft" if info["now"] >= info["max"] else "ArrowRight"
            root = h.evaluate_handle(_JS_EXPLORER_ROOT).as_element()
            try:
                ms = self.press_and_time(h, [key], root)
            except AssertionError as e:
                self.shot(f"FAILED-{info['label']}")
                raise AssertionError(f"{self.where} {self.stem}: slider {info['label']!r} ({key}): {e}") from None
            self.latencies.append(ms)
            LATENCIES.setdefault(self.where, []).append(ms)
            after = h.evaluate(_JS_SLIDER_INFO)
            self.shot(f"slider{i}-{info['label']}-{key}")
            print(f"[browser] {self.where} {self.stem}: {info['label']!r} {info['now']}->{after['now']} "
                  f"redrawn in {ms:.0f} ms")
        return len(idxs)

    def stderr_texts(self) -> list[str]:
        """The stderr outputs on the page (no notebook may show one)."""
        loc = self.page.locator(STDERR_OUTPUT)
        return [loc.nth(i).inner_text()[:800] for i in range(loc.count())]

    def assert_no_stderr(self, when: str) -> None:
        errors = self.stderr_texts()
        assert not errors, f"{self.where} {self.stem}: stderr output {when}:\n" + "\n---\n".join(errors)

    def sweep(self) -> int:
        """Every explorer slider moved with the keyboard (each must redraw a view), then what
        browser_expectations.py says this notebook's views show, and no stderr after it all.
        Returns how many sliders moved."""
        moved = self.move_every_slider()
        for description, keys, selector, expected in EXPECTATIONS.get(self.stem + ".ipynb", []):
            self.check_expectation(description, keys, selector, expected)
        self.assert_no_stderr("after moving the sliders")
        return moved

    def check_expectation(self, description: str, keys: list[str], selector: str, expected: str) -> None:
        """Press `keys` on the slider whose description contains `description`, then wait until
        `selector` inside that slider's explorer shows `expected`."""
        slider = self.page.locator(".widget-slider").filter(
            has=self.page.locator(".widget-label", has_text=description)
        )
        assert slider.count() >= 1, f"{self.where} {self.stem}: no slider described {description!r}"
        h = slider.first.locator(".noUi-handle").first
        root = h.evaluate_handle(_JS_EXPLORER_ROOT).as_element()
        assert root is not None, f"{self.where} {self.stem}: slider {description!r} has no .tw-view near it"
        self.press_and_time(h, keys, root)
        try:
            self.page.wait_for_function(
                "([root, sel, exp]) => Array.from(root.querySelectorAll(sel)).some(e => e.textContent.includes(exp))",
                arg=[root, selector, expected],
                timeout=VIEW_TIMEOUT_MS,
            )
        except Exception:
            self.shot(f"FAILED-expect-{description}")
            seen = [e.inner_text() for e in root.query_selector_all(selector)][:3]
            raise AssertionError(
                f"{self.where} {self.stem}: after {keys} on {description!r}, {selector!r} should show "
                f"{expected!r}; it shows {seen!r}"
            ) from None
        self.shot(f"expect-{description}")


@pytest.fixture
def slider_driver(page, screenshot_dir):
    def make(where: str, notebook_name: str) -> SliderDriver:
        return SliderDriver(page, where, screenshot_dir, notebook_name.removesuffix(".ipynb"))

    return make


# ----------------------------------------------------------------------------- reporting


def pytest_terminal_summary(terminalreporter):
    if not LATENCIES:
        return
    tr = terminalreporter
    tr.section("browser key-press -> redraw latency")
    for where, xs in LATENCIES.items():
        tr.write_line(
            f"{where}: n={len(xs)}  p50={statistics.median(xs):.0f} ms  p95={_pct(xs, 0.95):.0f} ms  "
            f"max={max(xs):.0f} ms"
        )
    tr.write_line(f"(written to {LATENCY_JSON.relative_to(ROOT)})")


def pytest_sessionfinish(session):
    if not LATENCIES:
        return
    try:  # keep what an earlier run measured for a surface this run did not touch (-k voila ...)
        data = json.loads(LATENCY_JSON.read_text())
    except (OSError, ValueError):
        data = {}
    data.update({
        where: {
            "n": len(xs),
            "p50_ms": round(statistics.median(xs), 1),
            "p95_ms": round(_pct(xs, 0.95), 1),
            "max_ms": round(max(xs), 1),
            "samples_ms": [round(x, 1) for x in xs],
        }
        for where, xs in LATENCIES.items()
    })
    for where in LATENCIES:
        data[where]["measured_at"] = time.strftime("%Y-%m-%d %H:%M:%S")
    data["measured_at"] = time.strftime("%Y-%m-%d %H:%M:%S")
    try:
        LATENCY_JSON.parent.mkdir(parents=True, exist_ok=True)
        LATENCY_JSON.write_text(json.dumps(data, indent=1) + "\n")
    except OSError:
        pass
