"""Delivery promises: Binder's environment is fully pinned and installs the package, and the README
gives exactly the two set-up commands and a launch link per notebook."""
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"

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


# --------------------------------------------------------------------------- the lock and Binder


def _pins(path):
    import importlib.util
    spec = importlib.util.spec_from_file_location("tradewar_dev", ROOT / "dev.py")
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    return dev.read_pins(path), dev


def test_binder_pins_are_the_locked_versions():
    binder, dev = _pins(BINDER / "requirements.txt")
    lock, _ = _pins(ROOT / "requirements.lock")
    assert lock, "requirements.lock pins nothing"
    differ = {n: (v, lock.get(n)) for n, v in binder.items() if n in lock and lock[n] != v}
    assert not differ, f"binder/requirements.txt and requirements.lock disagree (binder, lock): {differ}"
    missing = sorted(set(binder) - set(lock))
    assert not missing, f"Binder pins packages the lock does not: {missing} (python3 dev.py lock)"


def test_binder_pins_a_notebook_that_matches_jupyterlab():
    # repo2docker's base image has notebook 7.4.7 (jupyterlab < 4.5): Binder must replace it with the
    # notebook of the pinned JupyterLab's minor series (notebook 7.N goes with jupyterlab 4.N).
    binder, _ = _pins(BINDER / "requirements.txt")
    assert "notebook" in binder, "binder/requirements.txt must pin notebook (the base image's is too old)"
    assert binder["notebook"].split(".")[1] == binder["jupyterlab"].split(".")[1], (binder["notebook"], binder["jupyterlab"])


def test_lock_pins_every_requirement_within_its_range():
    from packaging.requirements import Requirement

    lock, _ = _pins(ROOT / "requirements.lock")
    reqs = [ln.split("#")[0].strip() for ln in (ROOT / "requirements.txt").read_text().splitlines()]
    for line in filter(None, reqs):
        req = Requirement(line)
        name = req.name.lower().replace("_", "-")
        assert name in lock, f"requirements.lock does not pin {req.name}"
        assert req.specifier.contains(lock[name], prereleases=True), f"lock {name}=={lock[name]} is outside {line}"


def test_venv_stamp_includes_the_lock(tmp_path):
    import shutil

    for name in ("dev.py", "requirements.txt", "requirements.lock", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    import importlib.util
    spec = importlib.util.spec_from_file_location("tradewar_dev_copy", tmp_path / "dev.py")
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    before = dev.deps_hash()
    (tmp_path / "requirements.lock").write_text((ROOT / "requirements.lock").read_text() + "\n# changed\n")
    assert dev.deps_hash() != before, "changing requirements.lock must reinstall .venv"


def test_post_build_writes_extra_template_paths_as_a_plain_list():
    # mybinder.org's /etc/jupyter/jupyter_notebook_config.py appends to ServerApp.extra_template_paths;
    # without a plain list in the user config the list is re-merged on every kernel start until the
    # server dies (tests/test_binder.py reproduces it).
    text = (BINDER / "postBuild").read_text()
    assert '"ServerApp": {"extra_template_paths": ["/etc/jupyter/templates"]}' in text
    assert '"LabApp": {"news_url": null}' in text


def test_binder_emulation_files_are_in_the_repository():
    here = ROOT / "tests" / "binder"
    assert "ServerApp.extra_template_paths.append" in (here / "etc-jupyter" / "jupyter_notebook_config.py").read_text()
    assert "cull_idle_timeout" in (here / "etc-jupyter" / "jupyter_server_config.json").read_text()
    base = (here / "r2d-base-py3.12.txt").read_text()
    assert "notebook==7.4.7" in base and "jupyterhub==" in base


def test_hub_links_cover_every_notebook_in_lab_and_voila():
    _, dev = _pins(ROOT / "requirements.lock")
    rows = dev.hub_links("hub.example.edu", "https://github.com/tradewar-edu/tradewar", "main")
    assert [r[0] for r in rows] == sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    name, lab, voila = rows[0]
    assert lab.startswith("https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2F")
    assert "branch=main" in lab and f"urlpath=lab%2Ftree%2Ftradewar%2Fnotebooks%2F{name}" in lab
    assert f"urlpath=voila%2Frender%2Ftradewar%2Fnotebooks%2F{name}" in voila


def test_readme_links_the_hub_page():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/hub.md" in readme and (ROOT / "docs" / "hub.md").exists()
