"""JupyterLab in a real Chromium: open each notebook, run all cells, move every explorer slider
with the keyboard and check that its view follows, then audit the page with axe-core (WCAG 2.1
A/AA, the project's own nodes). Screenshots: tests/browser/screenshots/.
"""
from __future__ import annotations

import json
import time
import uuid

import pytest

from axe_audit import assert_no_violations

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]


RUN_ALL_TIMEOUT_S = 300

# Resolves once the notebook's document and kernel session are ready (the toolbar can say "idle"
# before the kernel it will finally use is connected; cells queued earlier are then lost).
_JS_READY = """async () => {
  const w = window.jupyterapp.shell.currentWidget;
  await w.context.ready;
  await w.sessionContext.ready;
  const k = w.sessionContext.session.kernel;
  await k.info;
  return [k.status, k.connectionStatus];
}"""

# [kernel status, number of non-empty code cells not yet run]
_JS_PROGRESS = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!w || !w.content || !w.sessionContext) return ['none', -1];
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  let pending = 0;
  for (const cell of w.content.widgets) {
    if (cell.model.type !== 'code') continue;
    if (!cell.model.sharedModel.getSource().trim()) continue;
    if (cell.model.executionCount === null || cell.model.executionCount === undefined) pending++;
  }
  return [kernel ? kernel.status : 'none', pending];
}"""

_JS_RUN_ALL = "() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }"


def _run_all(page, name: str) -> int:
    """Run All and wait until every code cell ran and the kernel is idle. If the kernel sits idle
    with cells left unrun (their requests lost to a kernel swap), Run All once more. Returns the
    number of Run All issued."""
    page.evaluate(_JS_RUN_ALL)
    runs, deadline = 1, time.monotonic() + RUN_ALL_TIMEOUT_S
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        status, pending = page.evaluate(_JS_PROGRESS)
        if status == "idle" and pending == 0:
            return runs
        if (status, pending) != last:
            last, since = (status, pending), time.monotonic()
        elif status == "idle" and time.monotonic() - since > 10 and runs < 2:
            print(f"[browser] lab {name}: kernel idle with {pending} cell(s) unrun; Run All again")
            page.evaluate(_JS_RUN_ALL)
            runs, since = runs + 1, time.monotonic()
        page.wait_for_timeout(250)
    raise AssertionError(f"{name}: Run All did not finish in {RUN_ALL_TIMEOUT_S} s (kernel {last})")


def _shutdown_kernels(page, server) -> None:
    """Free the 2 cores for the next notebook: shut every session down from the page (the REST
    API wants an XSRF token), or ask the server whether any is left and say so."""
    try:
        page.evaluate("async () => { await window.jupyterapp.serviceManager.sessions.shutdownAll(); }")
    except Exception as e:  # noqa: BLE001 - teardown must not hide the test's own result
        print(f"[browser] could not shut kernels down from the page: {e}")
    try:
        left = server.get("/api/kernels")
        if left:
            print(f"[browser] {len(left)} kernel(s) still running on the lab server")
    except Exception:  # noqa: BLE001
        pass


def run_all_checked(page, drv, notebook_name: str, settle_s: float = 60, wait_idle: bool = True) -> None:
    """Run All in JupyterLab (or JupyterLite's Lab), wait for the widgets, and assert that no output
    is stderr and no widget failed to render."""
    _run_all(page, notebook_name)
    if wait_idle:
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=30_000)
    drv.wait_widgets_settled(timeout_s=settle_s)
    drv.shot("loaded")
    drv.assert_no_stderr("after Run All")
    broken = page.locator(".jp-OutputArea-output", has_text="Error displaying widget")
    assert broken.count() == 0, f"{notebook_name}: a widget failed to render: {broken.first.inner_text()}"


def test_lab_notebook(page, lab_server, slider_driver, notebook_name):
    drv = slider_driver("lab", notebook_name)
    # A fresh workspace per test: the lab does not reopen (and start kernels for) earlier notebooks.
    ws = f"tw-{uuid.uuid4().hex[:8]}"
    url = f"{lab_server.url}/lab/workspaces/{ws}/tree/{notebook_name}"
    t0 = time.monotonic()
    try:
        page.goto(url, wait_until="domcontentloaded")
        page.wait_for_selector(".jp-NotebookPanel .jp-Notebook", timeout=90_000)
        page.wait_for_function("() => !!window.jupyterapp", timeout=30_000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
        assert page.locator(".jp-Dialog").count() == 0, (
            "a dialog is open after loading (no kernelspec?): " + page.locator(".jp-Dialog").first.inner_text()
        )
        t_open = time.monotonic() - t0

        page.evaluate(_JS_READY)
        run_all_checked(page, drv, notebook_name)
        t_run = time.monotonic() - t0 - t_open
        moved = drv.sweep()
        t_axe = time.monotonic()
        assert_no_violations(page, f"lab {notebook_name}", "lab", notebook_name)
        t_axe = time.monotonic() - t_axe
        lat = drv.latencies
        print(
            f"\n[browser] lab {notebook_name}: opened {t_open:.1f} s, ran {t_run:.1f} s, "
            f"{moved} slider(s) moved, axe {t_axe:.1f} s"
            + (f", redraw p50 {sorted(lat)[len(lat) // 2]:.0f} ms max {max(lat):.0f} ms" if lat else "")
            + (f"; page errors: {json.dumps(page.tw_console_errors)[:300]}" if page.tw_console_errors else "")
        )
    finally:
        _shutdown_kernels(page, lab_server)
