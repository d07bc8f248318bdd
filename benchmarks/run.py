#!/usr/bin/env python3
"""Benchmarks that hold the design honest. Run with the project's venv:  python3 dev.py bench

Prints one Markdown table (measure, result, target, pass):
  - `import tradewar` in a fresh interpreter (median of 5), and the deeper import a notebook pays;
  - `solve()` of every model in tradewar.models.MODELS at its defaults, with floats and exact Fractions;
  - 10,000 noisy repeated-game matches of 200 rounds for every pair of named strategies (the
    slowest pair is reported) and a tournament of all of them;
  - notebook 03's evolving tournament (8 rules, 200 generations): .set() p95 in the kernel; a class
    tournament of 40 submissions + the 8 named rules, 200 noisy rounds per pair;
  - the chain-store sequential equilibrium with 10 and 100 challengers;
  - explorer updates in the kernel process: N `.set()` calls (solve + redraw), p50/p95, for M1
    (chokepoint: tree + regime map + explanation) and M2 (chicken: matrix), and for every explorer
    the notebooks build (found in tradewar.ui.explorer's registry after each notebook ran);
  - each notebook top to bottom on a fresh kernel (nbclient), and the totals;
  - backward induction on random trees of 10^3 .. 10^6 nodes; on a 10^6-node int tree with ties at
    most nodes (every SPE counted, 10,000 listed); parsing a 10^5-node Gambit .efg file;
  - browser key-press -> redraw latency from benchmarks/browser_latency.json (written by the
    browser tests) if present;
  - the zero-server site: cold and warm open, key-press -> redraw p95 in JupyterLite and Voici, and
    its size, from benchmarks/site.json (written by tests/browser/test_site.py) if present.
Parts whose library code is not built yet print "n/a (not built yet)".

Options: --quick (fewer repetitions, trees up to 10^5), --no-notebooks, --strict (exit 1 when a
target is missed).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
LATENCY_JSON = ROOT / "benchmarks" / "browser_latency.json"
SITE_JSON = ROOT / "benchmarks" / "site.json"  # written by tests/browser/test_site.py
sys.path.insert(0, str(ROOT / "lib"))  # works from a checkout even before `pip install -e .`

ROWS: list[tuple[str, str, str, str]] = []
MISSED: list[str] = []
NA = "n/a (not built yet)"


def pct(xs, q: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))]


def row(measure: str, result: str, target: str = "", ok: bool | None = None) -> None:
    mark = "" if ok is None else ("pass" if ok else "**FAIL**")
    if ok is False:
        MISSED.append(measure)
    ROWS.append((measure, result, target, mark))
    print(f"  {measure}: {result}", file=sys.stderr, flush=True)


def sweep_values(spec, k: int = 21) -> list:
    """Values across a numeric parameter's range, there and back, so that each .set() changes it."""
    lo, hi = spec.lo, spec.hi
    ups = [lo + (hi - lo) * i / (k - 1) for i in range(k)]
    if spec.kind == "int":
        ups = sorted({int(round(v)) for v in ups})
    elif spec.step:
        d = max(0, -int(f"{float(spec.step):e}".split("e")[1]))
        ups = sorted({round(float(v), d + 2) for v in ups})
    ups = [v for v in ups if lo <= v <= hi]
    return ups + ups[-2:0:-1]


# ----------------------------------------------------------------------------- import time


def bench_import(stmt: str, n: int) -> float:
    code = f"import time; t = time.perf_counter(); {stmt}; print(time.perf_counter() - t)"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "lib"), os.environ.get("PYTHONPATH")])))
    times = []
    for _ in range(n):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)
        if out.returncode != 0:
            raise ImportError(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "import failed")
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


# ----------------------------------------------------------------------------- explorers


def bench_explorer(make_explorer, slider_name: str, values, n: int = 200) -> dict:
    """Build an explorer, then time `n` calls of `.set(slider_name=v)` cycling through `values`
    (one solve + redraw of every view each). Returns build time and p50/p95/max in ms."""
    t = time.perf_counter()
    ex = make_explorer()
    build_ms = (time.perf_counter() - t) * 1e3
    values = list(values)
    times = []
    for i in range(n):
        v = values[i % len(values)]
        t = time.perf_counter()
        ex.set(**{slider_name: v})
        times.append((time.perf_counter() - t) * 1e3)
    close = getattr(ex, "close", None)
    if callable(close):
        close()
    return {"build_ms": build_ms, "p50": statistics.median(times), "p95": pct(times, 0.95), "max": max(times), "n": n}


def explorer_row(label: str, res: dict) -> None:
    row(
        f"explorer {label}: .set() p95 (n={res['n']})",
        f"p50 {res['p50']:.1f} ms, p95 {res['p95']:.1f} ms, max {res['max']:.1f} ms (build {res['build_ms']:.0f} ms)",
        "<= 50 ms",
        res["p95"] <= 50,
    )


def first_numeric(specs: dict, names=None) -> str:
    for name in names or specs:
        s = specs[name]
        if s.kind in ("float", "int") and s.lo < s.hi:
            return name
    raise LookupError("no numeric parameter")


def bench_model(label: str, module: str, views, sweeps, n: int) -> None:
    """Time .set() on an explorer of tradewar.models.<module> with the views views(model) builds,
    once per parameter in sweeps (a regime-map axis reuses the map; any other parameter
    recomputes the whole map, which is the case the 50 ms budget is about)."""
    try:
        import importlib

        from tradewar.ui.explorer import Explorer

        model = importlib.import_module(f"tradewar.models.{module}")
    except ImportError:
        row(f"explorer {label}", NA)
        return
    for name in sweeps:
        try:
            def make():
                return Explorer(model, views=views(model), key=("bench", module, name))

            explorer_row(f"{label} via {name}", bench_explorer(make, name, sweep_values(model.PARAMS[name]), n))
        except Exception as e:  # noqa: BLE001 - a benchmark reports, it does not crash
            row(f"explorer {label} via {name}", f"error: {type(e).__name__}: {e}")


def bench_m1(n: int) -> None:
    from tradewar.ui.views import ExplainView, RegimeMapView, TreeView

    bench_model("M1 chokepoint (tree + regime map over s, sigma + explain)", "chokepoint",
                lambda m: [TreeView(), RegimeMapView(m, x="s", y="sigma"), ExplainView()], ("s", "a"), n)


def bench_m2(n: int) -> None:
    from tradewar.ui.views import ExplainView, MatrixView, RegimeMapView

    bench_model("M2 chicken (matrix + regime map over c_us, c_cn + explain)", "chicken",
                lambda m: [MatrixView(lambda result, values: m.matrix(**values)),
                           RegimeMapView(m, x="c_us", y="c_cn"), ExplainView()], ("c_us", "g"), n)


def bench_chart(n: int) -> None:
    """One line chart (LineChartView.sweep, 3 lines x 61 points): moving its own x redraws from the
    cached curves; another parameter re-solves the sweep (61 solves) before the redraw."""
    from tradewar.ui.views import LineChartView

    bench_model("M2 chicken (line chart, 3 lines x 61 points, over c_us)", "chicken",
                lambda m: [LineChartView.sweep(m, "c_us", {"p_us_hawk": "US plays Hawk", "p_cn_hawk": "China plays Hawk",
                                                           "p_crash": "Crash"}, ylim=(0, 1))], ("c_us", "g"), n)


def _timeit(fn, budget_s: float = 0.3) -> float:
    """Median seconds per call of fn(), over as many calls as fit in the budget (at least 5)."""
    times, start = [], time.perf_counter()
    while len(times) < 5 or (time.perf_counter() - start < budget_s and len(times) < 2000):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def bench_solves() -> None:
    """solve() with the defaults of every model in MODELS, with floats and with exact Fractions."""
    import importlib
    from fractions import Fraction

    try:
        from tradewar.models import MODELS
    except ImportError:
        row("model solve()", NA)
        return
    for name, title in MODELS.items():
        try:
            mod = importlib.import_module(f"tradewar.models.{name}")
        except ImportError:
            row(f"{title}: solve()", NA)
            continue
        exact = {k: Fraction(str(s.default)) for k, s in mod.PARAMS.items()
                 if s.kind == "float" and not isinstance(s.default, bool)}
        try:
            fl = _timeit(mod.solve)
            ex = _timeit(lambda: mod.solve(**exact))
            row(f"{title}: `{name}.solve()` at the defaults", f"{fl * 1e6:.0f} µs floats, {ex * 1e6:.0f} µs exact",
                "< 1 ms (floats)", fl < 1e-3)
        except Exception as e:  # noqa: BLE001
            row(f"{title}: solve()", f"error: {type(e).__name__}: {e}")


def bench_repeated() -> None:
    """10,000 noisy matches of 200 rounds for each named pair that a notebook plays, and a
    tournament of every named strategy."""
    try:
        from tradewar.games.repeated import STRATEGIES, play, tournament
    except ImportError:
        row("repeated games", NA)
        return
    worst, worst_pair = 0.0, None
    names = list(STRATEGIES)
    for i, a in enumerate(names):
        for b in names[i:]:
            t = time.perf_counter()
            play(a, b, rounds=200, matches=10_000, e=0.01, epsilon=0.05, q=0.9, seed=1)
            dt = time.perf_counter() - t
            if dt > worst:
                worst, worst_pair = dt, (a, b)
    row(f"10,000 noisy matches x 200 rounds, slowest of the {len(names) * (len(names) + 1) // 2} named pairs "
        f"({worst_pair[0]} vs {worst_pair[1]})", f"{worst:.2f} s", "< 1 s", worst < 1)
    t = time.perf_counter()
    tournament(rounds=200, matches=100, epsilon=0.05, seed=1)
    row(f"tournament of all {len(names)} named strategies, 100 noisy matches x 200 rounds per pair",
        f"{(time.perf_counter() - t) * 1e3:.0f} ms")


def bench_evolution(n: int) -> None:
    """Notebook 03's evolving tournament: every slider move plays the round robin of the eight named
    rules again (50 rounds, 20 matches per pair) and runs 200 generations, then redraws."""
    try:
        from tradewar.games.repeated import evolve
        from tradewar.models import truce
        from tradewar.models.adapter import as_model
        from tradewar.ui.evolution import EvolutionView
        from tradewar.ui.explorer import Explorer
        from tradewar.ui.views import ExplainView
    except ImportError:
        row("evolving tournament", NA)
        return

    keys = ("epsilon", "e", "T", "R", "P", "S")
    round_robin = as_model("round robin", "round robin", truce.SIM_PARAMS,
                           lambda **values: truce.tournament(**{k: values[k] for k in keys}))

    def make():  # as notebook 03 builds it
        view = EvolutionView(lambda t: evolve(t, 200))
        return Explorer(round_robin, list(keys), key=("bench", "evolution"),
                        views=[view, ExplainView(lambda t, values: view.evolution.explain())])

    for name in ("epsilon", "e"):
        res = bench_explorer(make, name, sweep_values(truce.SIM_PARAMS[name]), n)
        explorer_row(f"evolving tournament, 8 rules x 200 generations (notebook 03) via {name}", res)


def bench_class_tournament() -> None:
    """A class tournament of 40 submissions plus the eight named rules, 200 noisy rounds per pair
    (one match), all pairs itself included: 40 memory-one entries, then 40 Python entries."""
    try:
        import numpy as np

        from tradewar.games import class_tournament as ct
    except ImportError:
        row("class tournament", NA)
        return
    rng = np.random.default_rng(0)
    memory_one = [ct.from_probabilities(f"student {i}", rng.random(5).round(2)) for i in range(40)]
    code = "def rule(mine, theirs):\n    return 'D' if theirs[-2:] == 'DD' else 'C'\n"
    python = [ct.from_source(f"coder {i}", code) for i in range(40)]
    for label, subs, target in (("memory-one", memory_one, True), ("Python rule(mine, theirs)", python, False)):
        times = []
        for _ in range(3):
            t = time.perf_counter()
            ct.class_tournament(subs, rounds=200, matches=1, epsilon=0.05, seed=1)
            times.append(time.perf_counter() - t)
        best = statistics.median(times)
        row(f"class tournament: 40 {label} submissions + 8 named rules, 200 noisy rounds per pair (median of 3)",
            f"{best:.2f} s", "< 2 s" if target else "", (best < 2) if target else None)


def bench_chain_store() -> None:
    try:
        from fractions import Fraction

        from tradewar.games.reputation import chain_store
    except ImportError:
        row("chain store", NA)
        return
    for N in (10, 100):
        # chain_store(N, g, u, mu0): gain g = 1/2, incumbent payoff u = 2, prior mu0 = 1/10
        fl = _timeit(lambda: chain_store(N, 0.5, 2, 0.1))
        ex = _timeit(lambda: chain_store(N, Fraction(1, 2), 2, Fraction(1, 10)))
        row(f"chain-store sequential equilibrium, N = {N} challengers (g = 0.5, u = 2, μ₀ = 0.1)", f"{fl * 1e3:.2f} ms floats, "
            f"{ex * 1e3:.2f} ms exact", "< 10 ms" if N == 100 else "", (fl < 0.01) if N == 100 else None)


# Runs inside a notebook's kernel after the notebook ran: times every live explorer it built.
_KERNEL_BENCH = r'''
import json as _tw_json, statistics as _tw_st, time as _tw_time
def _tw_bench(n=%(n)d, budget_s=10.0):
    try:
        from tradewar.ui import explorer as _m
    except ImportError:
        return []
    out = []
    for _e in list(getattr(_m, "_REGISTRY", {}).values()):
        if getattr(_e, "_closed", False):
            continue
        name = next((k for k, c in _e.controls.items()
                     if _e.specs[k].kind in ("float", "int") and _e.specs[k].lo < _e.specs[k].hi), None)
        if name is None:
            continue
        s = _e.specs[name]
        # Rounded: lo + (hi - lo)*i/20 can land a float hair past hi, which the spec refuses.
        vals = [min(max(round(s.lo + (s.hi - s.lo) * i / 20, 9), s.lo), s.hi) for i in range(21)]
        vals = sorted({int(round(v)) for v in vals}) if s.kind == "int" else vals
        vals = vals + vals[-2:0:-1]
        start, before, ts = _tw_time.perf_counter(), _e.values, []
        for i in range(n):
            t = _tw_time.perf_counter()
            _e.set(**{name: vals[i %% len(vals)]})
            ts.append((_tw_time.perf_counter() - t) * 1e3)
            if _tw_time.perf_counter() - start > budget_s:
                break
        _e.set(**{name: before[name]})
        ts.sort()
        title = getattr(_e.model, "TITLE", getattr(_e.model, "__name__", "?"))
        views = "+".join(type(v).__name__.removesuffix("View") for v in _e.views)
        out.append({"label": f"{title} [{views}] via {name}", "n": len(ts), "p50": _tw_st.median(ts),
                    "p95": ts[min(len(ts) - 1, round(0.95 * (len(ts) - 1)))], "max": ts[-1]})
    return out
print("TWBENCH" + _tw_json.dumps(_tw_bench()))
'''


# ----------------------------------------------------------------------------- notebooks


def _kernel_rss_mb(client) -> float:
    """Resident memory of the notebook's kernel process (Linux /proc; 0 when unknown)."""
    try:
        pid = client.km.provisioner.pid
        status = Path(f"/proc/{pid}/status").read_text()
        return int(status.split("VmRSS:")[1].split()[0]) / 1024
    except (AttributeError, OSError, IndexError, ValueError, TypeError):
        return 0.0


def bench_notebooks(n_sets: int) -> None:
    try:
        import nbclient
        import nbformat
    except ImportError:
        row("notebooks", "n/a (nbclient/nbformat not installed: pip install -e .[test])")
        return
    paths = sorted(NOTEBOOKS.glob("*.ipynb"))
    if not paths:
        row("notebooks, fresh kernels", NA)
        return
    total, first3, seen3 = 0.0, 0.0, 0
    explorer_results = []
    for p in paths:
        nb = nbformat.read(p, as_version=4)
        client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                         resources={"metadata": {"path": str(NOTEBOOKS)}})
        t = time.perf_counter()
        try:
            with client.setup_kernel(stderr=subprocess.DEVNULL):  # kernel log noise, not output
                for i, cell in enumerate(nb.cells):
                    client.execute_cell(cell, i)
                elapsed = time.perf_counter() - t
                rss = _kernel_rss_mb(client)  # memory per open notebook, for a class hub (docs/hub.md)
                if rss:
                    row(f"kernel RSS after Run All: {p.name}", f"{rss:.0f} MB")
                # not timed: the explorers this notebook built, exercised in its own kernel
                extra = nbformat.v4.new_code_cell(_KERNEL_BENCH % {"n": n_sets})
                nb.cells.append(extra)
                try:
                    client.execute_cell(extra, len(nb.cells) - 1)
                except Exception as e:  # noqa: BLE001 - the notebook itself ran; report the bench failure
                    row(f"explorers of {p.name}", f"error: {type(e).__name__}: {str(e).strip().splitlines()[-1][:120]}")
                for out in extra.outputs:
                    text = out.get("text", "")
                    if "TWBENCH" in text:
                        for r in json.loads(text.split("TWBENCH", 1)[1].strip().splitlines()[0]):
                            r["label"] = f"{p.stem}: {r['label']}"
                            explorer_results.append(r)
        except Exception as e:  # noqa: BLE001
            row(f"notebook {p.name}", f"error: {type(e).__name__}: {str(e).strip().splitlines()[-1][:120]}")
            continue
        total += elapsed
        if p.name[:2] in ("00", "01", "02"):
            first3 += elapsed
            seen3 += 1
        row(f"notebook {p.name} (fresh kernel, top to bottom)", f"{elapsed:.1f} s")
    if seen3:
        row(f"notebooks 00-02 total ({seen3} found)", f"{first3:.1f} s", "< 10 s", first3 < 10)
    row(f"all notebooks total ({len(paths)})", f"{total:.1f} s", "< 30 s", total < 30)
    for r in explorer_results:
        r.setdefault("build_ms", float("nan"))
        row(f"explorer {r['label']}: .set() p95 (n={r['n']}, in the notebook's kernel)",
            f"p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, max {r['max']:.1f} ms", "<= 50 ms", r["p95"] <= 50)


# ----------------------------------------------------------------------------- backward induction


def bench_bi(sizes) -> None:
    try:
        from tradewar.games.backward import backward_induction
        from tradewar.games.random_tree import random_tree
    except ImportError:
        row("backward induction", NA)
        return
    for n in sizes:
        try:
            t = time.perf_counter()
            tree = random_tree(n)
            build = time.perf_counter() - t
            t = time.perf_counter()
            backward_induction(tree)
            solve = time.perf_counter() - t
        except Exception as e:  # noqa: BLE001
            row(f"backward induction, {n:.0e} nodes", f"error: {type(e).__name__}: {e}")
            continue
        big = n >= 10**6
        row(
            f"backward induction, random tree of {n:,} nodes",
            f"{solve:.3f} s ({n / solve / 1e6:.2f} M nodes/s; tree built in {build:.2f} s)",
            "< 2 s" if big else "",
            (solve < 2) if big else None,
        )
        del tree


def bench_tree_targets(quick: bool) -> None:
    """The two tree targets of issue 8: backward induction with ties at most decision nodes (int
    payoffs in {0, 1}, every SPE counted and the first 10,000 listed) and reading a Gambit .efg
    file."""
    try:
        from tradewar.games.backward import backward_induction
        from tradewar.games.efg import from_efg, to_efg
        from tradewar.games.random_tree import random_tree
    except ImportError:
        row("backward induction with ties / .efg parsing", NA)
        return
    n = 10**5 if quick else 10**6
    try:
        tree = random_tree(n, payoffs="int", int_range=(0, 1))
        t, c = time.perf_counter(), time.process_time()
        sol = backward_induction(tree)
        solve, cpu = time.perf_counter() - t, time.process_time() - c
        row(f"backward induction, {n:,}-node int tree (payoffs 0/1), ties at {len(sol.ties):,} "
            f"of {len(sol.choice):,} decision nodes "
            f"({sol.n_equilibria:.3g} SPEs, {len(sol.equilibria):,} listed)",
            f"{solve:.2f} s (CPU {cpu:.2f} s)", "< 2 s" if n >= 10**6 else "",
            (solve < 2) if n >= 10**6 else None)
        del tree, sol
    except Exception as e:  # noqa: BLE001
        row("backward induction with ties", f"error: {type(e).__name__}: {e}")
    try:
        text = to_efg(random_tree(10**5, chance=0.1, seed=1))
        t, c = time.perf_counter(), time.process_time()
        back = from_efg(text)
        parse, cpu = time.perf_counter() - t, time.process_time() - c
        row(f"parse a {len(back):,}-node .efg file ({len(text) / 1e6:.1f} MB, float payoffs, chance nodes)",
            f"{parse:.2f} s (CPU {cpu:.2f} s)", "< 1 s", parse < 1)
    except Exception as e:  # noqa: BLE001
        row("parse a .efg file", f"error: {type(e).__name__}: {e}")


# ----------------------------------------------------------------------------- browser


def browser_rows() -> None:
    if not LATENCY_JSON.exists():
        row("browser key-press -> redraw", "n/a (run the browser tests: python3 dev.py test -m browser)")
        return
    data = json.loads(LATENCY_JSON.read_text())
    when = data.get("measured_at", "?")
    for where in ("lab", "voila"):
        d = data.get(where)
        if d:
            when = d.get("measured_at", when)
            row(f"browser {where}: key-press -> redraw p95 (n={d['n']}, {when})",
                f"p50 {d['p50_ms']:.0f} ms, p95 {d['p95_ms']:.0f} ms", "<= 150 ms", d["p95_ms"] <= 150)


def site_rows() -> None:
    """The zero-server site (JupyterLite + Voici), from benchmarks/site.json."""
    if not SITE_JSON.exists():
        row("site (JupyterLite / Voici)", "n/a (run the site's browser tests: python3 dev.py test -m site)")
        return
    d = json.loads(SITE_JSON.read_text())
    for where, label in (("voici", "Voici (app)"), ("lite", "JupyterLite (Lab)")):
        for run, target in (("cold", 12), ("warm", 5)):
            v = d.get(f"{where}_{run}_s")
            if v is not None:
                # cold: a new browser profile; warm: the same profile, the notebook opened again.
                load = d.get(f"{where}_{run}_load", d.get("load_average", "?"))
                when = f"{d.get('measured_at', '?')}, load average {load} on {d.get('cpus', '?')} CPUs"
                phases = d.get(f"{where}_{run}_phases") or {}
                steps = "; ".join(f"{k.replace('_', ' ')} {x:.1f} s" for k, x in phases.items())
                row(f"site {label}: {run} open of {d.get('notebook', '?')} to the first slider answering "
                    f"(127.0.0.1, {when})", f"{v:.1f} s" + (f" ({steps})" if steps else ""), f"<= {target} s",
                    v <= target)
    for where, label in (("voici-site", "Voici (app)"), ("lite-site", "JupyterLite (Lab)")):
        v = d.get(f"{where}_p95_ms")
        if v is not None:
            row(f"site {label}: key-press -> redraw p95 (n={d.get(f'{where}_n')})", f"{v:.0f} ms", "<= 100 ms",
                v <= 100)
    if "published_site_mb" in d:
        row("site size as published (Pyodide's compiled packages from its CDN)", f"{d['published_site_mb']:.1f} MB",
            "<= 80 MB", d["published_site_mb"] <= 80)
    if "site_mb" in d:
        row("site size with a local Pyodide (no other host; the browser tests' build)", f"{d['site_mb']:.1f} MB")


# ----------------------------------------------------------------------------- main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repetitions; trees up to 10^5 nodes")
    ap.add_argument("--no-notebooks", action="store_true", help="skip executing the notebooks")
    ap.add_argument("--strict", action="store_true", help="exit 1 if any target is missed")
    args = ap.parse_args()
    n_sets = 50 if args.quick else 200
    t0 = time.perf_counter()

    print("running benchmarks ...", file=sys.stderr, flush=True)
    try:
        med = bench_import("import tradewar", 5)
        row("`import tradewar` (fresh interpreter, median of 5)", f"{med * 1e3:.0f} ms", "< 1 s", med < 1)
    except ImportError as e:
        row("`import tradewar`", f"error: {e}", "< 1 s", False)
    try:
        med = bench_import("import tradewar.ui, tradewar.models, tradewar.games", 3)
        row("`import tradewar.ui, .models, .games` (what a notebook's first cell pays, median of 3)",
            f"{med * 1e3:.0f} ms")
    except ImportError:
        row("`import tradewar.ui, .models, .games`", NA)

    bench_solves()
    bench_repeated()
    bench_evolution(n_sets)
    bench_class_tournament()
    bench_chain_store()
    bench_m1(n_sets)
    bench_m2(n_sets)
    bench_chart(n_sets)
    if not args.no_notebooks:
        bench_notebooks(n_sets)
    bench_bi([10**3, 10**4, 10**5] + ([] if args.quick else [10**6]))
    bench_tree_targets(args.quick)
    browser_rows()
    site_rows()

    print()
    print(f"Benchmarks: Python {platform.python_version()}, {os.cpu_count()} cores, "
          f"{time.strftime('%Y-%m-%d %H:%M')}, took {time.perf_counter() - t0:.0f} s")
    print()
    print("| Measure | Result | Target | Pass |")
    print("| --- | --- | --- | --- |")
    for r in ROWS:
        print("| " + " | ".join(x.replace("|", "\\|") for x in r) + " |")
    if MISSED:
        print(f"\nMissed targets: {'; '.join(MISSED)}")
    return 1 if (args.strict and MISSED) else 0


if __name__ == "__main__":
    sys.exit(main())
