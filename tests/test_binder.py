"""Binder, reproduced on this machine: what mybinder.org builds and runs, without mybinder.org.

The emulation, in the order repo2docker and mybinder.org use:

1. CPython 3.12 (binder/runtime.txt) in a virtual environment, repo2docker's Python 3.12 base
   environment installed first (tests/binder/r2d-base-py3.12.txt: its conda lock as PyPI pins,
   plus the setuptools every conda environment carries), then binder/requirements.txt on top;
   `pip check` must pass. The environment is cached (~/.cache/tradewar, or TW_CACHE) under the
   hash of those inputs, so only the first run after a change of pins pays the ~3 minute build.
2. A copy of the repository (Binder copies the repository into the image) and binder/postBuild
   run inside it with HOME pointed at a temporary folder.
3. mybinder.org's own /etc/jupyter files (tests/binder/etc-jupyter/) laid in a temporary folder
   that the server takes as its system config path (lowest priority, as /etc/jupyter is); the
   real /etc is never touched.
4. One `jupyter lab` server on 127.0.0.1 in a memory cgroup limited to 2 GiB (mybinder's limit;
   server and kernels together), every notebook opened through /lab/tree/... and rendered through
   /voila/render/... (which executes it on its own kernel: ten kernels in one server), no error
   or stderr output in any render, the server alive at the end with a flat memory footprint.

Without a Python 3.12 the test is skipped (an error under CI=true). Without a writable memory
cgroup it is skipped: RLIMIT_AS limits each process's address space, not the memory of a server
and its kernels together, so it is no substitute for the container's limit.

Run it alone with `python3 dev.py test -m binder`; its figures are printed at the end.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"

pytestmark = [pytest.mark.binder, pytest.mark.timeout(1500)]

HERE = Path(__file__).resolve().parent / "binder"
BASE_LIST = HERE / "r2d-base-py3.12.txt"
ETC_JUPYTER = HERE / "etc-jupyter"
BINDER = ROOT / "binder"
# conda environments always carry setuptools; mybinder's jupyter_notebook_config.py imports
# distutils, which Python 3.12 only has through setuptools.
BASE_EXTRA = ["setuptools==84.2.1"]
MEM_LIMIT = 2 * 1024**3  # mybinder.org's memory limit per user
SERVER_RSS_MAX_MB = 300  # the server alone; the extra_template_paths bug passes 350 MB at kernel 6
ERROR_MARKERS = (
    "Traceback (most recent call last)",
    "There was an error when executing cell",
    "application/vnd.jupyter.stderr",
    'class="output_error"',
)
COPY_IGNORE = shutil.ignore_patterns(
    ".venv*", ".git", "__pycache__", ".pytest_cache", ".hypothesis", "*.egg-info", ".ipynb_checkpoints"
)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def find_python312() -> str | None:
    """A CPython 3.12: TW_PYTHON312, python3.12 on PATH, or pyenv's."""
    candidates = [os.environ.get("TW_PYTHON312", ""), shutil.which("python3.12") or ""]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates += [str(p) for p in sorted(pyenv.glob("3.12*/bin/python3.12"), reverse=True)]
    for c in candidates:
        if c and Path(c).exists():
            out = subprocess.run([c, "-c", "import sys; print(sys.version_info[:2] == (3, 12))"],
                                 capture_output=True, text=True)
            if out.stdout.strip() == "True":
                return c
    return None


def env_key(python: str) -> str:
    h = hashlib.sha256()
    version = subprocess.run([python, "-c", "import sys; print(sys.version)"], capture_output=True, text=True)
    for part in (version.stdout, "\n".join(BASE_EXTRA), BASE_LIST.read_text(), (BINDER / "requirements.txt").read_text()):
        h.update(part.encode() + b"\0")
    return h.hexdigest()[:16]


def cache_dir() -> Path:
    base = os.environ.get("TW_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "tradewar")
    return Path(base)


def _du_mb(path: Path) -> int:
    out = subprocess.run(["du", "-sm", str(path)], capture_output=True, text=True)
    return int(out.stdout.split()[0]) if out.returncode == 0 else -1


def _pip(env: Path, *args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(env / "bin" / "python"), "-m", "pip", "--disable-pip-version-check", *args],
                          capture_output=True, text=True, **kw)


def build_env(python: str) -> tuple[Path, dict]:
    """The Binder environment (cached): base first, then binder/requirements.txt."""
    cache = cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    env = cache / f"binder-py312-{env_key(python)}"
    info_file = env / "tradewar-binder.json"
    with open(cache / "binder-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two runs at once share one build
        if info_file.exists():
            info = json.loads(info_file.read_text())
            info["cached"] = True
            return env, info
        shutil.rmtree(env, ignore_errors=True)
        t0 = time.monotonic()
        subprocess.run([python, "-m", "venv", str(env)], check=True)
        res = _pip(env, "install", "-q", "-r", str(BASE_LIST), *BASE_EXTRA)
        assert res.returncode == 0, f"repo2docker's base did not install:\n{res.stderr[-3000:]}"
        t_base = time.monotonic() - t0
        base_mb = _du_mb(env)
        res = _pip(env, "install", "-q", "-r", str(BINDER / "requirements.txt"))
        assert res.returncode == 0, f"binder/requirements.txt did not install over the base:\n{res.stderr[-3000:]}"
        info = {
            "python": python,
            "base_seconds": round(t_base),
            "pins_seconds": round(time.monotonic() - t0 - t_base),
            "base_mb": base_mb,
            "total_mb": _du_mb(env),
            "pip_install_warnings": [ln for ln in res.stderr.splitlines() if "requires" in ln or "incompatible" in ln],
        }
        info_file.write_text(json.dumps(info, indent=1) + "\n")
        info["cached"] = False
        return env, info


# --------------------------------------------------------------------------- memory cgroup


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


class MemoryCgroup:
    """A child of this process's own memory cgroup, limited to `limit` bytes (v2 memory.max, or
    v1 memory.limit_in_bytes). Processes started with `preexec` (and all their children) are in it."""

    def __init__(self, limit: int):
        self.limit = limit
        self.path: Path | None = None
        self.version = 0
        own = Path("/proc/self/cgroup").read_text().splitlines()
        v1 = [ln.split(":", 2)[2] for ln in own if ln.split(":")[1] == "memory"]
        v2 = [ln.split(":", 2)[2] for ln in own if ln.startswith("0::")]
        name = f"tradewar-binder-{os.getpid()}"
        if v1 and Path("/sys/fs/cgroup/memory/memory.limit_in_bytes").exists():
            self.version, parent = 1, Path("/sys/fs/cgroup/memory" + v1[0])
            self.limit_file = "memory.limit_in_bytes"
        elif v2 and "memory" in _read("/sys/fs/cgroup/cgroup.controllers").split():
            self.version, parent = 2, Path("/sys/fs/cgroup" + v2[0])
            self.limit_file = "memory.max"
        else:
            raise OSError("no memory cgroup controller (v1 or v2) on this machine")
        path = parent / name
        path.mkdir()
        self.path = path
        try:
            if self.version == 2 and not (path / "memory.max").exists():
                raise OSError(f"the memory controller is not enabled for children of {parent}")
            (path / self.limit_file).write_text(str(limit))
            if self.version == 1 and (path / "memory.memsw.limit_in_bytes").exists():
                (path / "memory.memsw.limit_in_bytes").write_text(str(limit))  # no swapping around it
        except OSError:
            self.remove()
            raise

    def preexec(self) -> None:
        os.setsid()
        (self.path / "cgroup.procs").write_text(str(os.getpid()))

    def usage(self) -> tuple[int, int]:
        """(current, peak) bytes."""
        if self.version == 1:
            return (int((self.path / "memory.usage_in_bytes").read_text()),
                    int((self.path / "memory.max_usage_in_bytes").read_text()))
        peak = self.path / "memory.peak"
        cur = int((self.path / "memory.current").read_text())
        return cur, int(peak.read_text()) if peak.exists() else cur

    def oom_kills(self) -> int:
        name = "memory.oom_control" if self.version == 1 else "memory.events"
        m = re.search(r"oom_kill (\d+)", (self.path / name).read_text())
        return int(m.group(1)) if m else 0

    def remove(self) -> None:
        """Kill whatever is left in the cgroup (kernels run in sessions of their own), then remove it."""
        if self.path is None:
            return
        for _ in range(50):
            try:
                for pid in (self.path / "cgroup.procs").read_text().split():
                    try:
                        os.kill(int(pid), signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                self.path.rmdir()
                break
            except OSError:
                time.sleep(0.2)
        self.path = None


# --------------------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _error_excerpt(page: str, limit: int = 2500) -> str:
    """The text of the error and stderr outputs of a Voila page (tags and colours stripped)."""
    import html

    chunks = []
    for m in re.finditer(r"application/vnd\.jupyter\.stderr|There was an error when executing cell", page):
        text = re.sub(r"<[^>]+>", "", page[m.start():m.start() + 40000])
        chunks.append(html.unescape(text)[:limit])
    return "\n---\n".join(chunks)[-limit:] or "(no error text found)"


def _rss_mb(pid: int) -> float:
    m = re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
    return int(m.group(1)) / 1024 if m else 0.0


class Server:
    def __init__(self, env: Path, root: Path, home: Path, etc: Path, cgroup: MemoryCgroup, log: Path):
        self.port, self.token = _free_port(), "binder-emulation"
        self.base = f"http://127.0.0.1:{self.port}"
        environ = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PYTHON", "VIRTUAL_ENV"))}
        environ.update(HOME=str(home), PATH=f"{env / 'bin'}:{environ.get('PATH', '/usr/bin:/bin')}")
        # mybinder's files at the lowest priority, where /etc/jupyter sits: jupyter_core's
        # SYSTEM_CONFIG_PATH, replaced in the server process only.
        code = ("import sys, jupyter_core.paths as p; p.SYSTEM_CONFIG_PATH[:] = [sys.argv.pop(1)]; "
                "sys.argv[0] = 'jupyter-lab'; from jupyterlab.labapp import main; sys.exit(main())")
        cmd = [str(env / "bin" / "python"), "-c", code, str(etc),
               "--no-browser", "--ip=127.0.0.1", f"--port={self.port}", f"--ServerApp.token={self.token}",
               "--allow-root",  # mybinder runs as jovyan; CI runs as root
               # the one departure from Binder's settings: a failing cell shows its traceback, so
               # that a failure of this test says what broke
               "--VoilaConfiguration.show_tracebacks=True",
               f"--ServerApp.root_dir={root}"]
        self.log = log
        self.proc = subprocess.Popen(cmd, cwd=root, env=environ, stdin=subprocess.DEVNULL,
                                     stdout=open(log, "w"), stderr=subprocess.STDOUT, preexec_fn=cgroup.preexec)
        deadline = time.monotonic() + 90
        while True:
            try:
                self.get("/api/status", timeout=5)
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"jupyter lab did not start:\n{self.log_text()[-3000:]}")
                time.sleep(0.3)

    def request(self, path: str, method: str = "GET", data: bytes | None = None, timeout: float = 300):
        req = urllib.request.Request(self.base + path, method=method, data=data,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")

    def get(self, path: str, timeout: float = 300) -> str:
        status, body = self.request(path, timeout=timeout)
        assert status == 200, f"GET {path}: HTTP {status}"
        return body

    def alive(self) -> bool:
        return self.proc.poll() is None

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def stop(self) -> None:
        if self.alive():
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                pass
        try:  # kernels left behind by a dead server are in its process group too
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(10)


# --------------------------------------------------------------------------- the tests


@pytest.fixture(scope="module")
def binder_env():
    python = find_python312()
    if python is None:
        msg = "no CPython 3.12 (TW_PYTHON312, python3.12 on PATH or pyenv): cannot reproduce Binder's runtime"
        if _in_ci():
            pytest.fail(msg + "; CI=true needs the Binder emulation.")
        pytest.skip(msg)
    return build_env(python)


def _report(capsys, lines: list[str]) -> None:
    with capsys.disabled():
        print("\n[binder] " + "\n[binder] ".join(lines), flush=True)


def test_pinned_environment_over_repo2docker_base_passes_pip_check(binder_env, capsys):
    env, info = binder_env
    res = _pip(env, "check")
    assert res.returncode == 0, f"pip check over repo2docker's base:\n{res.stdout}{res.stderr}"
    assert not info["pip_install_warnings"], info["pip_install_warnings"]
    _report(capsys, [
        f"environment {env} ({'cached' if info['cached'] else 'built now'})",
        f"build: base {info['base_seconds']} s + pins {info['pins_seconds']} s; size: base {info['base_mb']} MB, "
        f"total {info['total_mb']} MB, the pins add {info['total_mb'] - info['base_mb']} MB over the base",
    ])


def test_binder_serves_every_notebook_in_lab_and_voila_in_one_server_under_2_gib(binder_env, tmp_path, capsys):
    env, _ = binder_env
    try:
        cgroup = MemoryCgroup(MEM_LIMIT)
    except OSError as exc:
        pytest.skip(f"cannot make a 2 GiB memory cgroup here ({exc}); RLIMIT_AS is per process and counts "
                    "address space, not resident memory, so it cannot stand in for Binder's limit")
    repo, home, etc = tmp_path / "repo", tmp_path / "home", tmp_path / "etc" / "jupyter"
    home.mkdir()
    shutil.copytree(ROOT, repo, ignore=COPY_IGNORE, symlinks=True)
    shutil.copytree(ETC_JUPYTER, etc)
    postbuild_env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PYTHON", "VIRTUAL_ENV"))}
    postbuild_env.update(HOME=str(home), PATH=f"{env / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}")
    t0 = time.monotonic()
    res = subprocess.run(["bash", str(repo / "binder" / "postBuild")], cwd=repo, env=postbuild_env,
                         capture_output=True, text=True)
    assert res.returncode == 0, f"binder/postBuild failed:\n{res.stdout}\n{res.stderr[-3000:]}"
    postbuild_s = time.monotonic() - t0
    user_cfg = json.loads((home / ".jupyter" / "jupyter_server_config.json").read_text())
    assert isinstance(user_cfg["ServerApp"]["extra_template_paths"], list)

    names = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    assert len(names) >= 10, names
    server = Server(env, repo, home, etc, cgroup, tmp_path / "server.log")
    timings, server_rss = [], [_rss_mb(server.proc.pid)]
    try:
        # Lab's page for each notebook, and notebook 7's tree (it broke with a mismatched notebook pin).
        for name in names:
            page = server.get(f"/lab/tree/notebooks/{name}")
            assert "jupyter-config-data" in page, f"/lab/tree/notebooks/{name} is not JupyterLab's page"
        server.get("/tree")
        # Voila renders execute each notebook on a kernel of its own: ten kernels in one server.
        for name in names:
            t1 = time.monotonic()
            try:
                html = server.get(f"/voila/render/notebooks/{name}", timeout=600)
            except Exception as exc:  # noqa: BLE001 - say which notebook and whether the server died
                raise AssertionError(f"voila render of {name} failed ({exc}); server alive: {server.alive()}; "
                                     f"oom kills: {cgroup.oom_kills()}\n{server.log_text()[-3000:]}") from exc
            timings.append(time.monotonic() - t1)
            server_rss.append(_rss_mb(server.proc.pid))
            found = [m for m in ERROR_MARKERS if m in html]
            assert not found, f"{name} rendered through Voila shows {found}:\n{_error_excerpt(html)}"
            assert "jp-OutputArea-output" in html or "application/vnd.jupyter.widget-view+json" in html, \
                f"{name}: Voila rendered no output at all"
            assert server.alive(), f"server died after rendering {name}"
        kernels = json.loads(server.get("/api/kernels"))
        # And one more through the REST API, as opening a notebook in Lab does.
        status, body = server.request("/api/kernels", "POST", b"{}")
        assert status == 201
        kid, deadline = json.loads(body)["id"], time.monotonic() + 20
        # (with no client attached the state may stay "starting": wait a little, never fail on it)
        while time.monotonic() < deadline:
            state = json.loads(server.get(f"/api/kernels/{kid}"))["execution_state"]
            assert state != "dead", "the kernel started through /api/kernels died"
            if state == "idle":
                break
            time.sleep(0.5)
        assert server.alive(), "the server died"
        assert server.get("/api/status")
        used, peak = cgroup.usage()
        rss_end = _rss_mb(server.proc.pid)
        oom = cgroup.oom_kills()
        log = server.log_text()  # before the shutdown, which interrupts kernels
    finally:
        server.stop()
        cgroup.remove()

    assert len(kernels) >= len(names), f"{len(kernels)} kernels running after {len(names)} renders"
    assert oom == 0, f"{oom} processes were killed by the 2 GiB limit"
    assert peak < MEM_LIMIT
    assert max(server_rss) < SERVER_RSS_MAX_MB, f"server RSS grew: {[round(r) for r in server_rss]} MB"
    bad = [ln for ln in log.splitlines() if " E " in ln[:40] or "Traceback" in ln or "[E " in ln]
    assert not bad, "server log has errors:\n" + "\n".join(bad[:20])
    _report(capsys, [
        f"postBuild {postbuild_s:.0f} s; {len(names)} Voila renders: "
        + ", ".join(f"{n[:2]} {t:.1f}s" for n, t in zip(names, timings)),
        f"{len(kernels) + 1} kernels in one server; server RSS {server_rss[0]:.0f} MB at start, "
        f"{rss_end:.0f} MB at the end (max {max(server_rss):.0f}); cgroup (server + kernels) "
        f"{used / 2**20:.0f} MB now, peak {peak / 2**20:.0f} MB of {MEM_LIMIT / 2**20:.0f} MB",
    ])
