#!/usr/bin/env python3
"""One entry point for a fresh machine (standard library only, Python 3.11+).

    python3 dev.py lab [ARGS]     set up .venv and open the lab on notebooks/00_start_here.ipynb
                                  (ARGS go to jupyter lab, e.g. --no-browser --port=8899)
    python3 dev.py test [ARGS]    set up .venv (with test extras), ensure Chromium, run pytest ARGS
    python3 dev.py bench [ARGS]   set up .venv and run benchmarks/run.py ARGS

The virtual environment lives in .venv. It is (re)installed only when requirements.txt or
pyproject.toml changed since the last install (their hash is kept in .venv/tradewar-stamp.json)
or when a command needs extras that were not installed yet, so a second run starts at once.

Environment: CI=true makes a missing Chromium an error instead of a skip; TW_CHROMIUM points at
a Chromium other than /usr/bin/chromium.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / "tradewar-stamp.json"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
CHROMIUM = Path(os.environ.get("TW_CHROMIUM", "/usr/bin/chromium"))
START_NOTEBOOK = "notebooks/00_start_here.ipynb"


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
    for name in ("requirements.txt", "pyproject.toml"):
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
        say("requirements.txt or pyproject.toml changed: updating .venv")
    # Keep the extras installed earlier (a `lab` after a `test` must not drop the test tools).
    extras = extras | set(stamp.get("extras", []))
    spec = "." + (f"[{','.join(sorted(extras))}]" if extras else "")
    say(f"installing -r requirements.txt -e {spec} (quiet; takes a few minutes the first time)")
    STAMP.unlink(missing_ok=True)
    cmd = [PY, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    if (ROOT / "requirements.txt").exists():
        cmd += ["-r", ROOT / "requirements.txt"]
    run(cmd + ["-e", spec], cwd=ROOT)
    STAMP.write_text(json.dumps({"hash": want, "extras": sorted(extras)}, indent=1) + "\n")
    say(f".venv ready in {time.monotonic() - t0:.0f} s")


# --------------------------------------------------------------------------- chromium


def ensure_chromium() -> bool:
    """True when a Chromium is there for the browser tests (installing it if we can)."""
    if CHROMIUM.exists():
        say(f"chromium: {CHROMIUM}")
        return True
    install = ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    prefix: list[str] | None = None
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        prefix = []
    elif shutil.which("sudo") and subprocess.run(
        ["sudo", "-n", "true"], stdin=subprocess.DEVNULL, capture_output=True
    ).returncode == 0:
        prefix = ["sudo", "-n", "env", "DEBIAN_FRONTEND=noninteractive"]
    if prefix is not None and shutil.which("apt-get"):
        say(f"chromium missing at {CHROMIUM}: installing Debian's chromium with apt-get")
        t0 = time.monotonic()
        ok = (
            subprocess.run(prefix + ["apt-get", "update", "-q"], env=env, stdin=subprocess.DEVNULL).returncode == 0
            and subprocess.run(prefix + install, env=env, stdin=subprocess.DEVNULL).returncode == 0
        )
        if ok and CHROMIUM.exists():
            say(f"chromium installed in {time.monotonic() - t0:.0f} s")
            return True
        msg = f"apt-get could not install chromium (or it is not at {CHROMIUM})"
    else:
        msg = f"no Chromium at {CHROMIUM} and no way to install it here (not root, no sudo/apt-get)"
    if in_ci():
        die(msg + "; CI=true needs the browser tests.")
    say(f"WARNING: {msg}.")
    say("  to run the browser tests: sudo apt-get install chromium   (or set TW_CHROMIUM=/path/to/chromium)")
    say("  going on with the browser tests skipped")
    return False


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
    say(f"running: python -m pytest {' '.join(args)}")
    t0 = time.monotonic()
    rc = subprocess.run([PY, "-m", "pytest", *args], cwd=ROOT).returncode
    say(f"pytest exited with {rc} after {time.monotonic() - t0:.0f} s")
    return rc


def cmd_bench(args: list[str]) -> int:
    ensure_venv({"lab", "test"})
    return subprocess.run([PY, ROOT / "benchmarks" / "run.py", *args], cwd=ROOT).returncode


COMMANDS = {"lab": cmd_lab, "test": cmd_test, "bench": cmd_bench}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__.strip())
        return 0 if argv[:1] in (["-h"], ["--help"]) else 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
