"""axe-core in the browser tests: the WCAG 2.1 A/AA rules, counted in the project's own nodes.

Reusable by any browser test (JupyterLab, Voila, the static site):

    from axe_audit import axe_violations, assert_no_violations
    found = axe_violations(page)            # [] when clean
    assert_no_violations(page, "lab 01_strategic_form")

axe-core comes from the npm registry, pinned (AXE_VERSION), and is installed on first use into a
cache outside the repository (TW_AXE_DIR, default ~/.cache/tradewar/axe/<version>) with
`npm install --prefix <cache> axe-core@<version>`. Nothing is vendored. Without npm (and without a
cached copy) the audit is skipped, or fails under CI=true.

"The project's own nodes" are what the notebooks put on the page: every cell output (the
tradewar.ui widgets and anything else a cell displays) and the rendered Markdown. JupyterLab's and
Voila's own chrome (menus, toolbars, the code editor, the page template) is not counted: the
project cannot change it (docs/accessibility.md lists what axe reports there).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

AXE_VERSION = "4.14.1"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_DIR = Path(os.environ.get("TW_AXE_DIR", Path.home() / ".cache" / "tradewar" / "axe")) / AXE_VERSION
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"

# Where the project's own nodes live, in JupyterLab, Voila and a static HTML export alike.
PROJECT_SELECTOR = ", ".join([
    ".jp-OutputArea-output",      # every cell output: widgets, HTML, images, text
    ".jp-RenderedMarkdown",       # Markdown cells
    ".tw-explorer", ".tw-predict", ".tw-selfcheck", ".tw-view",  # the widgets, wherever they sit
])


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def ensure_axe() -> Path:
    """The path of axe.min.js, installing the pinned axe-core from npm when it is not cached."""
    if AXE_JS.exists():
        return AXE_JS
    npm = shutil.which("npm")
    if npm is None:
        msg = (f"axe-core {AXE_VERSION} is not cached at {AXE_DIR} and npm is not installed "
               "(apt-get install nodejs npm)")
        if _in_ci():
            pytest.fail(msg, pytrace=False)
        pytest.skip(msg)
    AXE_DIR.mkdir(parents=True, exist_ok=True)
    cmd = [npm, "install", "--prefix", str(AXE_DIR), f"axe-core@{AXE_VERSION}",
           "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 or not AXE_JS.exists():
        msg = f"`{' '.join(cmd)}` failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
        if _in_ci():
            pytest.fail(msg, pytrace=False)
        pytest.skip(msg)
    return AXE_JS


# Runs axe on the project's elements (colour contrast and names still see the real page around a
# node), then keeps the nodes inside them.
_JS_RUN = """async ([tags, projectSelector]) => {
  // Only the project's elements are checked (much faster in JupyterLab); axe still reads the
  // whole page for colours and references.
  const sels = projectSelector.split(',').map(s => s.trim()).filter(s => document.querySelector(s));
  const context = sels.length ? {include: sels.map(s => [s])} : document;
  const res = await axe.run(context, {runOnly: {type: 'tag', values: tags}, elementRef: true,
                                      resultTypes: ['violations']});
  const out = [];
  for (const v of res.violations) {
    const nodes = v.nodes.filter(n => n.element && n.element.closest(projectSelector));
    if (!nodes.length) continue;
    out.push({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, count: nodes.length,
              nodes: nodes.slice(0, 8).map(n => ({target: n.target.join(' '), html: n.html.slice(0, 300),
                                                  summary: (n.failureSummary || '').slice(0, 400)}))});
  }
  return out;
}"""


def axe_violations(page, tags: list[str] | None = None, selector: str = PROJECT_SELECTOR) -> list[dict]:
    """axe's WCAG 2.1 A/AA violations in the project's own nodes of the page as it is now.

    Each: {id, impact, help, helpUrl, count (nodes), nodes: [{target, html, summary}] (at most 8)}.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(ensure_axe()))
    return page.evaluate(_JS_RUN, [tags or AXE_TAGS, selector])


def count_nodes(violations: list[dict]) -> int:
    return sum(v["count"] for v in violations)


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}, {v['count']} node(s)): {v['help']}")
        for n in v["nodes"]:
            lines.append(f"    {n['target']}\n      {n['html']}\n      {n['summary'].replace(chr(10), ' | ')}")
    return "\n".join(lines)


def record(where: str, name: str, violations: list[dict]) -> None:
    """Append the counts to TW_AXE_REPORT (a JSON lines file) when that variable is set."""
    path = os.environ.get("TW_AXE_REPORT")
    if not path:
        return
    with open(path, "a") as fh:
        fh.write(json.dumps({"where": where, "notebook": name, "nodes": count_nodes(violations),
                             "rules": {v["id"]: v["count"] for v in violations}}) + "\n")


def assert_no_violations(page, what: str, where: str = "", name: str = "") -> list[dict]:
    """Fail, listing every rule and node, when axe finds a violation in the project's nodes."""
    found = axe_violations(page)
    record(where, name or what, found)
    print(f"[axe {AXE_VERSION}] {what}: {count_nodes(found)} violation node(s) in project nodes"
          + (": " + ", ".join(f"{v['id']} {v['count']}" for v in found) if found else ""))
    assert not found, f"{what}: axe-core {AXE_VERSION} (WCAG 2.1 A/AA) in the project's nodes:\n" + describe(found)
    return found
