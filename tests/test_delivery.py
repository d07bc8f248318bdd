"""Delivery promises: Binder's environment is fully pinned and installs the package, and the README
gives exactly the two set-up commands and a launch link per notebook."""
import os
import re

from conftest import NOTEBOOKS, ROOT

BINDER = ROOT / "binder"


def test_binder_requirements_are_fully_pinned_with_no_local_paths():
    lines = [ln.strip() for ln in (BINDER / "requirements.txt").read_text().splitlines()]
    reqs = [ln for ln in lines if ln and not ln.startswith("#")]
    assert reqs, "binder/requirements.txt pins nothing"
    for ln in reqs:
        assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[A-Za-z0-9_.+\-]+", ln), f"not a plain == pin: {ln!r}"
    names = {ln.split("==")[0].lower().replace("_", "-") for ln in reqs}
    for needed in ("nashpy", "ipywidgets", "jupyterlab", "voila", "pandas", "matplotlib", "numpy"):
        assert needed in names, f"binder/requirements.txt does not pin {needed}"


def test_binder_runtime_and_post_build():
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.12"
    post = BINDER / "postBuild"
    assert os.access(post, os.X_OK), "binder/postBuild must be executable"
    text = post.read_text()
    assert "set -euo pipefail" in text and "pip install --no-deps -e ." in text
    assert "binder/lab-overrides.json" in text
    assert '"fetchNews": "false"' in (BINDER / "lab-overrides.json").read_text()


def test_readme_gives_the_two_commands_and_both_launch_links_per_notebook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 dev.py lab" in readme and "python3 dev.py test" in readme
    for nb in sorted(NOTEBOOKS.glob("*.ipynb")):
        assert f"urlpath=lab/tree/notebooks/{nb.name}" in readme, f"no JupyterLab link for {nb.name}"
        assert f"urlpath=voila/render/notebooks/{nb.name}" in readme, f"no Voila link for {nb.name}"


def test_ci_runs_the_readme_test_command():
    assert "python3 dev.py test" in (ROOT / ".ci" / "run").read_text()
