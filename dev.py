#!/usr/bin/env python3
"""One entry point for a fresh machine (standard library only, Python 3.11+).

    python3 dev.py lab [ARGS]     set up .venv and open the lab on notebooks/00_start_here.ipynb
                                  (ARGS go to jupyter lab, e.g. --no-browser --port=8899)
    python3 dev.py test [ARGS]    set up .venv (with test extras), ensure Chromium, run pytest ARGS
    python3 dev.py bench [ARGS]   set up .venv and run benchmarks/run.py ARGS
    python3 dev.py latest [ARGS]  throwaway venv with the newest versions requirements.txt allows:
                                  run the tests (not browser, not binder; or pytest ARGS) and report
                                  which packages differ from requirements.lock and what broke
    python3 dev.py lock [--upgrade]
                                  --upgrade: resolve requirements.lock anew (newest allowed versions,
                                  on Python 3.11, the oldest supported); then always: derive
                                  binder/requirements.txt from the lock and check that every pin has
                                  a wheel for CPython 3.11, 3.12 and 3.13 on manylinux x86_64
    python3 dev.py hub-links HUB [--repo URL] [--branch B]
                                  print nbgitpuller links (JupyterLab and Voila) for every notebook
    python3 dev.py handouts [--out DIR] [--no-pdf] [NN ...]
                                  printable handouts (default _handouts/): per notebook, run at its
                                  defaults, an HTML page without code and PDFs in A4 and US Letter
    python3 dev.py site [--pyodide DIR | --local-pyodide] [--out DIR]
                                  build the zero-server site (JupyterLite + Voici, default _site/)
                                  with the build tools of site/requirements.txt in .venv-site
                                  (site/build.py says what it fetches before the offline build)

The virtual environment lives in .venv. It installs exactly the versions in requirements.lock (a
pip constraints file: the versions the tests were last run with) within the ranges of
requirements.txt and pyproject.toml. It is (re)installed only when one of those three files changed
since the last install (their hash is kept in .venv/tradewar-stamp.json) or when a command needs
extras that were not installed yet, so a second run starts at once.

Environment: CI=true makes a missing Chromium an error instead of a skip; TW_CHROMIUM points at
a Chromium other than /usr/bin/chromium.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / "tradewar-stamp.json"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
CHROMIUM = Path(os.environ.get("TW_CHROMIUM", "/usr/bin/chromium"))
START_NOTEBOOK = "notebooks/00_start_here.ipynb"
LOCK = ROOT / "requirements.lock"
BINDER_REQS = ROOT / "binder" / "requirements.txt"
# Binder also needs repo2docker's `notebook` (its base image has one) at a version that accepts the
# pinned JupyterLab: it is resolved into the lock with the rest, and pinned in binder/requirements.txt.
BINDER_EXTRA = ["notebook"]
# soupsieve 4 (and so the lock) needs Python 3.11.5 or newer; older 3.11 releases get the ranges.
LOCK_MIN_PYTHON = (3, 11, 5)
LOCK_PYTHONS = ("3.11.5", "3.12", "3.13")
MANYLINUX_X86_64 = ["manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64",
                    "manylinux_2_12_x86_64", "manylinux2010_x86_64", "manylinux_2_5_x86_64",
                    "manylinux1_x86_64", "linux_x86_64"]
REPO_URL = "https://github.com/tradewar-edu/tradewar"


def say(msg: str) -> None:
    print(f"[dev] {msg}", flush=True)


def die(msg: str, code: int = 1) -> "NoReturn":  # noqa: F821
    print(f"[dev] ERROR: {msg}", file=sys.stderr, flush=True)
    sys.exit(code)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def run(cmd: list, **kw) -> None:
    res = subprocess.run([str(c) for c in cmd], **kw)
    if res.returncode != 0:
        die(f"command failed ({res.returncode}): {' '.join(map(str, cmd))}", res.returncode)


# --------------------------------------------------------------------------- venv


def deps_hash() -> str:
    h = hashlib.sha256()
    h.update(f"python {sys.version_info.major}.{sys.version_info.minor}\n".encode())
    for name in ("requirements.txt", "requirements.lock", "pyproject.toml"):
        p = ROOT / name
        h.update(name.encode() + b"\0")
        h.update(p.read_bytes() if p.exists() else b"<missing>")
    return h.hexdigest()


def read_stamp() -> dict:
    try:
        return json.loads(STAMP.read_text())
    except (OSError, ValueError):
        return {}


def ensure_venv(extras: set[str]) -> None:
    """Create .venv if absent and install requirements.txt + the package with `extras`,
    unless the stamp says that exact set of inputs is installed already."""
    if sys.version_info < (3, 11):
        die(f"Python 3.11 or newer is needed (this is {sys.version.split()[0]}).")
    want = deps_hash()
    stamp = read_stamp()
    venv_ok = PY.exists()
    if venv_ok and stamp.get("hash") == want and extras <= set(stamp.get("extras", [])):
        say(f".venv is up to date (extras: {','.join(sorted(stamp['extras'])) or '-'})")
        return
    t0 = time.monotonic()
    if not venv_ok:
        say(f"creating .venv with {sys.executable} ({sys.version.split()[0]})")
        if VENV.exists():
            shutil.rmtree(VENV)
        res = subprocess.run([sys.executable, "-m", "venv", str(VENV)])
        if res.returncode != 0 or not PY.exists():
            die("could not create .venv (on Debian/Ubuntu: apt-get install python3-venv).")
        run([PY, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--upgrade", "pip"])
    elif stamp.get("hash") != want:
        say("requirements.txt, requirements.lock or pyproject.toml changed: updating .venv")
    # Keep the extras installed earlier (a `lab` after a `test` must not drop the test tools).
    extras = extras | set(stamp.get("extras", []))
    spec = "." + (f"[{','.join(sorted(extras))}]" if extras else "")
    say(f"installing -r requirements.txt -c requirements.lock -e {spec} (quiet; a few minutes the first time)")
    STAMP.unlink(missing_ok=True)
    cmd = [PY, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    if (ROOT / "requirements.txt").exists():
        cmd += ["-r", ROOT / "requirements.txt"]
    if LOCK.exists() and sys.version_info[:3] >= LOCK_MIN_PYTHON:
        cmd += ["-c", LOCK]
    elif LOCK.exists():
        say("WARNING: the locked versions need Python 3.11.5 or newer; installing the newest versions "
            "the ranges allow instead (they may differ from the ones the tests were run with)")
    run(cmd + ["-e", spec], cwd=ROOT)
    check_locked(PY)
    STAMP.write_text(json.dumps({"hash": want, "extras": sorted(extras)}, indent=1) + "\n")
    say(f".venv ready in {time.monotonic() - t0:.0f} s")


# --------------------------------------------------------------------------- the lock


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(path: Path) -> dict[str, str]:
    """{normalized name: version} of the `name==version` lines of a requirements/constraints file."""
    pins = {}
    for line in path.read_text().splitlines() if path.exists() else []:
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[norm(name.split("[")[0])] = version.split(";")[0].strip()
    return pins


def installed(py: Path) -> dict[str, tuple[str, str]]:
    """{normalized name: (name, version)} installed in the environment of `py` (not the package)."""
    out = subprocess.run([py, "-m", "pip", "list", "--format=json", "--exclude-editable",
                          "--disable-pip-version-check"], capture_output=True, text=True, check=True).stdout
    skip = {"pip", "setuptools", "wheel", "tradewar"}
    return {norm(d["name"]): (d["name"], d["version"]) for d in json.loads(out) if norm(d["name"]) not in skip}


def check_locked(py: Path) -> None:
    """Warn about installed packages that the lock does not pin (or pins at another version)."""
    lock = read_pins(LOCK)
    if not lock:
        say("WARNING: no requirements.lock: the versions installed are the newest the ranges allow")
        return
    off = [f"{n}=={v} (lock: {lock.get(k, 'absent')})" for k, (n, v) in installed(py).items() if lock.get(k) != v]
    if off:
        say("WARNING: installed but not as locked (refresh with `python3 dev.py lock --upgrade`): " + ", ".join(off))


def fresh_venv(where: Path, extras: str = "lab,test") -> Path:
    """A throwaway venv in `where` with the newest versions requirements.txt and pyproject.toml allow
    (plus Binder's extra packages, so that the lock covers them)."""
    run([sys.executable, "-m", "venv", where])
    py = where / "bin" / "python"
    run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--upgrade", "pip"])
    say(f"installing the newest allowed versions into {where} (a few minutes)")
    run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", ROOT / "requirements.txt",
         *BINDER_EXTRA, "-e", f".[{extras}]"], cwd=ROOT)
    return py


def write_lock(pins: dict[str, tuple[str, str]]) -> None:
    lines = [
        "# requirements.lock: the exact versions the tests were last run with (a pip constraints file).",
        "# dev.py installs `-r requirements.txt -c requirements.lock -e .[extras]`: every package named here",
        "# is installed at exactly this version. Resolved on CPython 3.11 (the oldest supported), so every",
        "# pin installs on 3.11, 3.12 and 3.13 (`python3 dev.py lock` checks the wheels).",
        "# binder/requirements.txt is derived from this file. Regenerate both: python3 dev.py lock --upgrade",
        "",
    ]
    lines += [f"{name}=={version}" for _, (name, version) in sorted(pins.items())]
    LOCK.write_text("\n".join(lines) + "\n")


def find_python312() -> str | None:
    """A CPython 3.12 (TW_PYTHON312, python3.12 on PATH, or pyenv's), for Binder's runtime."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    for c in [os.environ.get("TW_PYTHON312", ""), shutil.which("python3.12") or "",
              *map(str, sorted(pyenv.glob("3.12*/bin/python3.12"), reverse=True))]:
        if c and Path(c).exists() and subprocess.run(
            [c, "-c", "import sys; assert sys.version_info[:2] == (3, 12)"], capture_output=True
        ).returncode == 0:  # (a pyenv shim on PATH may exist and fail)
            return c
    return None


def pip_dry_run(args: list, python_version: str, report: Path, python: str | None = None):
    """pip's resolution for another CPython (wheels only). Environment markers are evaluated for the
    interpreter that runs pip, so pass `python` of that version when markers matter."""
    cmd = [python or (PY if PY.exists() else sys.executable), "-m", "pip", "install", "--dry-run", "--ignore-installed",
           "--quiet", "--disable-pip-version-check", "--only-binary=:all:", "--implementation", "cp",
           "--python-version", python_version, "--report", report,
           "--target", report.parent / "target"]  # (pip < 23.3 wants --target with platform options)
    for plat in MANYLINUX_X86_64:
        cmd += ["--platform", plat]
    return subprocess.run([str(c) for c in cmd + args], capture_output=True, text=True, cwd=ROOT)


def derive_binder_requirements() -> None:
    """binder/requirements.txt = the lock's versions of everything Binder installs on CPython 3.12."""
    lock = read_pins(LOCK)
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        py312 = find_python312()
        if py312 is None:
            say("WARNING: no python3.12 here: resolving Binder's set with this Python's environment markers")
        res = pip_dry_run(["-r", ROOT / "requirements.txt", *BINDER_EXTRA, "-c", LOCK], "3.12", report, py312)
        if res.returncode != 0:
            die(f"the lock does not resolve for CPython 3.12:\n{res.stderr[-3000:]}")
        items = json.loads(report.read_text())["install"]
    resolved = {norm(i["metadata"]["name"]): (i["metadata"]["name"], i["metadata"]["version"]) for i in items}
    unlocked = sorted(n for n in resolved if n not in lock)
    if unlocked:
        die(f"Binder's environment on 3.12 needs packages the lock does not pin: {', '.join(unlocked)}"
            " (run `python3 dev.py lock --upgrade` on Python 3.11)")
    direct = {norm(ln.split(">")[0].split("<")[0].split("=")[0].split("[")[0].strip())
              for ln in (ROOT / "requirements.txt").read_text().splitlines()
              if ln.strip() and not ln.startswith("#")} | {norm(n) for n in BINDER_EXTRA}
    lines = [
        "# Binder environment (repo2docker, runtime.txt: python-3.12). Fully pinned, no local paths.",
        "# GENERATED by `python3 dev.py lock` from requirements.lock (the versions the tests were run with):",
        "# the packages Binder installs on CPython 3.12, each at the lock's version. Do not edit by hand.",
        "# The package itself is installed by postBuild. tests/test_binder.py installs this over",
        "# repo2docker's base environment and requires `pip check` to pass.",
        "",
        "# Direct dependencies (requirements.txt), and `notebook` at a version that accepts the pinned",
        "# JupyterLab (repo2docker's base has notebook 7.4.7, which requires jupyterlab < 4.5).",
    ]
    lines += [f"{resolved[k][0]}=={resolved[k][1]}" for k in sorted(resolved) if k in direct]
    lines += ["", "# Transitive closure, as resolved for CPython 3.12 on manylinux x86_64 (all wheels)."]
    lines += [f"{resolved[k][0]}=={resolved[k][1]}" for k in sorted(resolved) if k not in direct]
    BINDER_REQS.write_text("\n".join(lines) + "\n")
    say(f"wrote {BINDER_REQS.relative_to(ROOT)}: {len(resolved)} pins")


def check_lock_wheels() -> bool:
    """Every pin of the lock has a wheel (or is pure) for each CPython of LOCK_PYTHONS."""
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for version in LOCK_PYTHONS:
            res = pip_dry_run(["--no-deps", "-r", LOCK], version, Path(tmp) / "r.json")
            if res.returncode == 0:
                say(f"lock: every pin has a wheel for CPython {version} (manylinux x86_64)")
            else:
                ok = False
                say(f"lock: NOT installable on CPython {version}:\n{res.stderr[-2000:]}")
    return ok


# --------------------------------------------------------------------------- chromium


def apt_install(packages: list[str], installed, what: str, ci_needs: str, hint: str) -> bool:
    """True when `installed()` holds, installing Debian's `packages` with apt-get first when it does
    not and we are root (or have password-less sudo). CI=true makes a failure an error."""
    if installed():
        return True
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    prefix: list[str] | None = None
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        prefix = []
    elif shutil.which("sudo") and subprocess.run(
        ["sudo", "-n", "true"], stdin=subprocess.DEVNULL, capture_output=True
    ).returncode == 0:
        prefix = ["sudo", "-n", "env", "DEBIAN_FRONTEND=noninteractive"]
    if prefix is not None and shutil.which("apt-get"):
        say(f"{what} missing: installing Debian's {' '.join(packages)} with apt-get")
        t0 = time.monotonic()
        ok = (
            subprocess.run(prefix + ["apt-get", "update", "-q"], env=env, stdin=subprocess.DEVNULL).returncode == 0
            and subprocess.run(prefix + ["apt-get", "install", "-y", "--no-install-recommends", *packages],
                               env=env, stdin=subprocess.DEVNULL).returncode == 0
        )
        if ok and installed():
            say(f"{' '.join(packages)} installed in {time.monotonic() - t0:.0f} s")
            return True
        msg = f"apt-get could not install {' '.join(packages)} (or {what} is still missing)"
    else:
        msg = f"no {what} and no way to install it here (not root, no sudo/apt-get)"
    if in_ci():
        die(f"{msg}; CI=true needs {ci_needs}.")
    say(f"WARNING: {msg}.")
    say(f"  {hint}")
    return False


def ensure_chromium() -> bool:
    """True when a Chromium is there for the browser tests (installing it if we can)."""
    ok = apt_install(["chromium"], CHROMIUM.exists, f"Chromium at {CHROMIUM}", "the browser tests",
                     "to run the browser tests: sudo apt-get install chromium (or set TW_CHROMIUM=/path/to/"
                     "chromium); going on with the browser tests skipped")
    if ok:
        say(f"chromium: {CHROMIUM}")
    return ok


def ensure_npm() -> bool:
    """True when npm is there (the browser tests install the pinned axe-core with it)."""
    ok = apt_install(["nodejs", "npm"], lambda: bool(shutil.which("npm")), "npm",
                     "the accessibility audit (axe-core from npm)",
                     "to run the accessibility audit: sudo apt-get install nodejs npm; going on with the "
                     "axe-core checks skipped (unless axe-core is already cached)")
    if ok:
        say(f"npm: {shutil.which('npm')}")
    return ok


# --------------------------------------------------------------------------- commands


def quiet_lab_settings() -> None:
    """JupyterLab defaults for the collection (no news or update pop-up in front of a class), from
    the same binder/lab-overrides.json that Binder's postBuild installs."""
    target = VENV / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    current = json.loads(target.read_text()) if target.exists() else {}
    for plugin, values in json.loads((ROOT / "binder" / "lab-overrides.json").read_text()).items():
        current.setdefault(plugin, {}).update(values)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(current, indent=2) + "\n")


def cmd_lab(args: list[str]) -> int:
    ensure_venv({"lab"})
    quiet_lab_settings()
    # Extra args go to jupyter lab (e.g. --no-browser --port=8899); the start notebook is opened
    # unless a notebook or folder is named.
    named = any(not a.startswith("-") for a in args)
    target = list(args) if named else [START_NOTEBOOK, *args]
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in target:
        target.append("--allow-root")  # a container or CI box: jupyter refuses root otherwise
    say(f"starting jupyter lab {' '.join(target)}  (Ctrl-C to stop)")
    try:
        return subprocess.run([PY, "-m", "jupyterlab", *target], cwd=ROOT).returncode
    except KeyboardInterrupt:
        return 0


def cmd_test(args: list[str]) -> int:
    ensure_venv({"lab", "test"})
    ensure_chromium()
    ensure_npm()
    say(f"running: python -m pytest {' '.join(args)}")
    t0 = time.monotonic()
    rc = subprocess.run([PY, "-m", "pytest", *args], cwd=ROOT).returncode
    say(f"pytest exited with {rc} after {time.monotonic() - t0:.0f} s")
    return rc


def cmd_bench(args: list[str]) -> int:
    ensure_venv({"lab", "test"})
    return subprocess.run([PY, ROOT / "benchmarks" / "run.py", *args], cwd=ROOT).returncode


def cmd_lock(args: list[str]) -> int:
    if "--upgrade" in args:
        if sys.version_info[:2] != (3, 11):
            die("resolve the lock on Python 3.11, the oldest supported, so that it installs on every "
                f"supported Python (this is {sys.version.split()[0]}); e.g. python3.11 dev.py lock --upgrade")
        with tempfile.TemporaryDirectory(prefix="tradewar-lock-") as tmp:
            py = fresh_venv(Path(tmp) / "venv")
            old, new = read_pins(LOCK), installed(py)
            write_lock(new)
        changed = [f"{n} {old.get(k, '-')} -> {v}" for k, (n, v) in sorted(new.items()) if old.get(k) != v]
        say(f"wrote requirements.lock: {len(new)} pins; changed: {', '.join(changed) or 'none'}")
        say("run `python3 dev.py test` (it reinstalls .venv from the new lock) before committing it")
    derive_binder_requirements()
    return 0 if check_lock_wheels() else 1


def cmd_latest(args: list[str]) -> int:
    """The newest versions the ranges allow, in a throwaway venv: what changed and what broke."""
    keep = "--keep" in args
    args = [a for a in args if a != "--keep"] or ["-q", "-m", "not browser and not binder"]
    tmp = Path(tempfile.mkdtemp(prefix="tradewar-latest-"))
    try:
        py = fresh_venv(tmp / "venv")
        lock, new = read_pins(LOCK), installed(py)
        changed = [(n, lock.get(k, "-"), v) for k, (n, v) in sorted(new.items()) if lock.get(k) != v]
        say(f"running: python -m pytest {' '.join(args)} (newest versions)")
        t0 = time.monotonic()
        res = subprocess.run([py, "-m", "pytest", *args], cwd=ROOT, capture_output=True, text=True)
        sys.stdout.write(res.stdout[-20000:])
        failed = sorted(set(re.findall(r"^(?:FAILED|ERROR) (\S+)", res.stdout, re.M)))
        say(f"newest allowed versions vs requirements.lock: {len(changed)} packages differ")
        for name, was, now in changed:
            say(f"  {name:28} {was:>14} -> {now}")
        say(f"pytest exited with {res.returncode} after {time.monotonic() - t0:.0f} s; "
            + (f"{len(failed)} broke with the newest versions:" if failed else "nothing broke"))
        for f in failed:
            say(f"  {f}")
        if res.returncode == 0 and changed:
            say("to adopt them: python3.11 dev.py lock --upgrade, then python3 dev.py test")
        return res.returncode
    finally:
        if keep:
            say(f"kept {tmp}/venv")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def hub_links(hub: str, repo: str = REPO_URL, branch: str = "main") -> list[tuple[str, str, str]]:
    """(notebook, Lab link, Voila link) per notebook: nbgitpuller links that clone (or update) the
    repository into the student's home on the hub `hub`, then open the notebook."""
    hub = hub.rstrip("/")
    if not re.match(r"https?://", hub):
        hub = "https://" + hub
    folder = repo.rstrip("/").removesuffix(".git").rsplit("/", 1)[-1]
    out = []
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        links = []
        for urlpath in (f"lab/tree/{folder}/notebooks/{nb.name}", f"voila/render/{folder}/notebooks/{nb.name}"):
            query = urllib.parse.urlencode({"repo": repo, "branch": branch, "urlpath": urlpath})
            links.append(f"{hub}/hub/user-redirect/git-pull?{query}")
        out.append((nb.name, *links))
    return out


def cmd_hub_links(args: list[str]) -> int:
    opts = {"--repo": REPO_URL, "--branch": "main"}
    rest = []
    it = iter(args)
    for a in it:
        if a in opts:
            opts[a] = next(it, "")
        elif a.split("=", 1)[0] in opts:
            opts[a.split("=", 1)[0]] = a.split("=", 1)[1]
        else:
            rest.append(a)
    if len(rest) != 1:
        die("usage: python3 dev.py hub-links HUB_URL [--repo URL] [--branch BRANCH]", 2)
    print("| notebook | JupyterLab | app mode (Voila) |\n|---|---|---|")
    for name, lab, voila in hub_links(rest[0], opts["--repo"], opts["--branch"]):
        print(f"| `{name}` | [open in Lab]({lab}) | [open as app]({voila}) |")
    return 0


SITE_VENV = ROOT / ".venv-site"
SITE_PY = SITE_VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_site_venv() -> Path:
    """.venv-site with the site's pinned build tools (site/requirements.txt), apart from .venv."""
    reqs = ROOT / "site" / "requirements.txt"
    want = hashlib.sha256(reqs.read_bytes() + sys.version.encode()).hexdigest()
    stamp = SITE_VENV / "tradewar-stamp.json"
    try:
        if SITE_PY.exists() and json.loads(stamp.read_text()).get("hash") == want:
            return SITE_PY
    except (OSError, ValueError):
        pass
    if not SITE_PY.exists():
        say(f"creating .venv-site (the site's build tools) with {sys.executable}")
        run([sys.executable, "-m", "venv", SITE_VENV])
    say("installing site/requirements.txt into .venv-site (quiet; a minute the first time)")
    run([SITE_PY, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", reqs])
    stamp.write_text(json.dumps({"hash": want}) + "\n")
    return SITE_PY


def cmd_site(args: list[str]) -> int:
    # A CPython 3.12 writes the bytecode of the wheels the site ships (Pyodide's Python is 3.12).
    py312 = find_python312()
    env = dict(os.environ, **({"TW_PYTHON312": py312} if py312 else {}))
    return subprocess.run([ensure_site_venv(), ROOT / "site" / "build.py", "build", *args], cwd=ROOT,
                          env=env).returncode


def cmd_handouts(args: list[str]) -> int:
    ensure_venv({"lab", "test"})  # nbclient and nbconvert run the notebooks, Playwright prints them
    if "--no-pdf" not in args and not ensure_chromium():
        die("the PDFs need Chromium (or pass --no-pdf for the HTML pages only)")
    return subprocess.run([PY, ROOT / "site" / "handouts.py", *args], cwd=ROOT).returncode


COMMANDS = {"lab": cmd_lab, "test": cmd_test, "bench": cmd_bench, "latest": cmd_latest, "lock": cmd_lock,
            "hub-links": cmd_hub_links, "site": cmd_site, "handouts": cmd_handouts}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__.strip())
        return 0 if argv[:1] in (["-h"], ["--help"]) else 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
