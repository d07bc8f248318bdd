"""The formula sheets (docs/formulas/): one per notebook, each checked against the library.

A sheet is printed and trusted without a kernel, so everything on it is held to the code:

- each notebook has a sheet with the same five parts in the same order, and the index links them all;
- every symbol in a sheet's Symbols part is in docs/glossary.md's Symbols table, and the meaning the sheet
  gives is the glossary's own wording (a part of it, word for word);
- every relative link resolves (to a file, and to a heading where it names one);
- every article figure named by its figures.csv key has the csv's value and source;
- every value a sheet states for a threshold or closed form is computed here by the library, compared
  with the formula written out independently in this file, and found on the sheet (`states`). Exact
  inputs (Fractions) where the model takes them; floats only to rel 1e-9 or to the digits the sheet
  prints. Hypothesis sweeps compare the same independent formulas with the library away from the defaults.
"""
from __future__ import annotations

import csv
import math
import re
from fractions import Fraction as F
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tradewar.games.bargaining import rubinstein as split
from tradewar.models import (attrition, brinkmanship, chain_store, chicken, chokepoint, leverage_window, readings,
                             rubinstein, taco, threat_bargaining, truce)

ROOT = Path(__file__).resolve().parents[1]
SHEETS = ROOT / "docs" / "formulas"
GLOSSARY = ROOT / "docs" / "glossary.md"
FIGURES = ROOT / "lib" / "tradewar" / "data" / "figures.csv"
STEMS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PARTS = ("The game", "Solution concept", "Thresholds and closed forms", "Symbols", "Article figures")

SWEEP = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ----------------------------------------------------------------------------------------- reading

def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _sheet_path(nn: str) -> Path:
    (stem,) = [s for s in STEMS if s.startswith(nn)]
    return SHEETS / f"{stem}.md"


def _text(nn: str) -> str:
    return _sheet_path(nn).read_text(encoding="utf-8")


def _part(text: str, heading: str) -> str:
    return text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def _table(body: str) -> list[list[str]]:
    """The rows (cells stripped) of the first Markdown table in `body`, past its header and |---| line."""
    lines = [line for line in body.splitlines() if line.startswith("|")]
    return [[c.strip() for c in line.strip().strip("|").split("|")] for line in lines[2:]]


def states(nn: str, *phrases: str) -> None:
    """Assert that sheet NN states each phrase (whitespace-insensitive)."""
    text = _squash(_text(nn))
    for phrase in phrases:
        assert _squash(phrase) in text, (f"docs/formulas/{_sheet_path(nn).name} no longer says {phrase!r}:"
                                         " update the sheet and this test together")


def _glossary() -> dict[str, str]:
    """symbol -> meaning, for every symbol of the glossary's Symbols table (a row may list several)."""
    body = GLOSSARY.read_text(encoding="utf-8").split("## Symbols\n", 1)[1].split("\n## ", 1)[0]
    out = {}
    for sym, meaning, *_ in _table(body):
        for s in sym.replace("`", "").split(", "):
            out[s.strip()] = meaning.replace("`", "")
    return out


# ----------------------------------------------------------------------------------------- shape

def test_one_sheet_per_notebook_and_the_index_links_each():
    assert len(STEMS) == 10
    index = (SHEETS / "README.md").read_text(encoding="utf-8")
    for stem in STEMS:
        assert (SHEETS / f"{stem}.md").is_file(), f"no formula sheet docs/formulas/{stem}.md"
        assert f"]({stem}.md)" in index, f"docs/formulas/README.md does not link {stem}.md"
    extra = {p.stem for p in SHEETS.glob("*.md")} - set(STEMS) - {"README"}
    assert not extra, f"sheets with no notebook: {sorted(extra)}"


@pytest.mark.parametrize("stem", STEMS)
def test_sheet_has_the_five_parts_in_order(stem):
    text = (SHEETS / f"{stem}.md").read_text(encoding="utf-8")
    assert text.startswith(f"# {stem[:2]} · "), "the title names the notebook number"
    assert tuple(re.findall(r"^## (.+?)\s*$", text, re.M)) == PARTS


@pytest.mark.parametrize("stem", STEMS)
def test_every_symbol_is_the_glossarys(stem):
    glossary = _glossary()
    rows = _table(_part((SHEETS / f"{stem}.md").read_text(encoding="utf-8"), "Symbols"))
    assert rows, "the Symbols part has a table"
    # Two symbols a row (symbol, meaning, symbol, meaning) keep the page short; an empty pair is padding.
    pairs = [(row[i], row[i + 1]) for row in rows for i in range(0, len(row) - 1, 2) if row[i]]
    assert pairs
    for symbol, meaning in pairs:
        for sym in symbol.split(", "):
            assert sym in glossary, f"{stem}: symbol {sym!r} is not in docs/glossary.md's Symbols table"
            assert _squash(meaning) in _squash(glossary[sym]), (
                f"{stem}: the meaning given for {sym!r} is not the glossary's: {meaning!r}")


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@pytest.mark.parametrize("page", sorted(p.name for p in SHEETS.glob("*.md")))
def test_every_relative_link_resolves(page):
    path = SHEETS / page
    links = re.findall(r"\]\(([^)\s]+)\)", path.read_text(encoding="utf-8"))
    assert links
    for link in links:
        if re.match(r"[a-z]+:", link):
            continue
        target, _, anchor = link.partition("#")
        file = (path.parent / target).resolve() if target else path
        assert file.exists(), f"{page}: link {link!r} does not resolve"
        if anchor and file.suffix == ".md":
            headings = re.findall(r"^#+ (.+)$", file.read_text(encoding="utf-8"), re.M)
            assert anchor in {_slug(h) for h in headings}, f"{page}: no heading for #{anchor}"


def _figure_value(row: dict) -> str:
    v = float(row["value"])
    if "share" in row["unit"] or "rate" in row["unit"]:
        return f"{round(v * 100, 6):g}%"
    return f"{v:g}"


@pytest.mark.parametrize("stem", STEMS)
def test_article_figures_match_figures_csv(stem):
    """Figures are listed one source a line, "- **source**: figure, value (`name`); ...": each name is a
    row of figures.csv with that source and that value."""
    with FIGURES.open(encoding="utf-8") as f:
        known = {row["name"]: row for row in csv.DictReader(f)}
    part = _part((SHEETS / f"{stem}.md").read_text(encoding="utf-8"), "Article figures")
    checked = 0
    for line in part.splitlines():
        m = re.match(r"- \*\*(.+?)\*\*: (.+)$", line)
        if not m:
            continue
        source, items = m.groups()
        for text, name in re.findall(r"([^;]+?)\(`(\w+)`\)", items):
            assert name in known, f"{stem}: {name} is not in figures.csv"
            row = known[name]
            assert row["source"] == source, f"{stem}: {name}'s source is {row['source']!r}, not {source!r}"
            assert _figure_value(row) in text, f"{stem}: {name} is {row['value']}, the sheet says {text!r}"
            checked += 1
    assert checked == len(re.findall(r"`(\w+)`", part)), f"{stem}: a figure is named outside a source's line"


# ----------------------------------------------------------------------------------------- values

def test_00_values():
    r = chicken.solve(c_us=5, c_cn=3, g=2, h=1, order="US moves first")
    assert r.matrix().B[1][1] == -3  # the crash cell, China's payoff: -c_C
    assert r.path == ("Hawk", "Dove") and r.payoffs == (2, -1)  # (g, -h)
    with pytest.raises(ValueError, match="c_cn"):
        chicken.solve(c_cn=1, h=1)  # the model refuses c_C <= h
    states("00", "China gets $-c_C = -3$", "payoffs $(g,\\ -h) = (2,\\ -1)$")


def _x_y(c_us, c_cn, g, h):
    return g / (g + c_cn - h), g / (g + c_us - h)


def test_01_values():
    pd = chicken.prisoners_dilemma(T=5, R=3, P=1, S=0)
    assert pd.row_actions[1] == "Tariff" and pd.pure_equilibria() == ((1, 1),)  # (Tariff, Tariff) only
    assert pd.A[1][1] == pd.B[1][1] == 1  # P each
    r = chicken.solve(c_us=5, c_cn=3, g=2, h=1)
    x, y = _x_y(F(5), F(3), F(2), F(1))
    assert (r.p_us_hawk, r.p_cn_hawk, r.p_crash) == (x, y, x * y) == (F(1, 2), F(1, 3), F(1, 6))
    assert r.mixed_payoffs == (-y, -x) == (F(-1, 3), F(-1, 2))
    assert r.risk_dominant == "US Dove, China Hawk" and 2 * (5 - 1) == 8 and 2 * (3 - 1) == 4
    r9 = chicken.solve(c_us=9)
    assert (r9.p_cn_hawk, r9.p_crash) == (F(1, 5), F(1, 10))
    for c_us in range(2, 11):
        assert chicken.solve(c_us=c_us).p_crash == F(1, 1 + c_us)
    assert chicken.solve(order="US moves first").payoffs == (2, -1)
    states("01", "only equilibrium is (Tariff, Tariff), $P = 1$ each",
           "$x = 1/2$, $y = 1/3$, $\\Pr(\\text{crash}) = 1/6$", "($-1/3$ and $-1/2$)",
           "at $c_U = 9$, $y = 1/5$ and $\\Pr(\\text{crash}) = 1/10$", "$\\Pr(\\text{crash}) = 1/(1 + c_U)$",
           "below $1/10$ exactly when $c_U > 9$", "$8 > 4$: the US yields", "$(g,\\ -h) = (2,\\ -1)$")


@SWEEP
@given(c_us=st.integers(15, 100), c_cn=st.integers(15, 100), g=st.integers(5, 50), h=st.integers(1, 14))
def test_01_mixed_equilibrium_and_risk_dominance_sweep(c_us, c_cn, g, h):
    c_us, c_cn, g, h = F(c_us, 10), F(c_cn, 10), F(g, 10), F(h, 10)
    r = chicken.solve(c_us=c_us, c_cn=c_cn, g=g, h=h)
    x, y = _x_y(c_us, c_cn, g, h)
    assert (r.p_us_hawk, r.p_cn_hawk, r.p_crash) == (x, y, x * y)
    # x leaves China indifferent: Dove gives -h·x, Hawk g(1 - x) - c_C·x.
    assert -h * x == g * (1 - x) - c_cn * x
    expected = None if c_us == c_cn else "US Dove, China Hawk" if g * (c_us - h) > g * (c_cn - h) else "US Hawk, China Dove"
    assert r.risk_dominant == expected


M1 = dict(s=F(23, 25), sigma=0, psi=0, m=5, v=1, l=1, a=F(1, 2), kappa0=F(1, 5), rho=0, D_cn=2)


def _m1_thresholds(s, sigma, psi, m, v, a, **_):
    """D_U, s*, sigma* and v/(v + a); s* (sigma*) None where no share (no lack of substitutes) deters."""
    D_us, per_share, full = m * s * (1 - sigma) * (1 - psi), m * (1 - sigma) * (1 - psi), m * s * (1 - psi)
    s_star = (v + a) / per_share if per_share > v + a else None
    sigma_star = 1 - (v + a) / full if full > v + a else None
    return D_us, s_star, sigma_star, v / (v + a)


def test_02_values():
    r = chokepoint.solve(**M1)
    D_us, s_star, sigma_star, p_r = _m1_thresholds(**M1)
    assert (r.D_us, r.kappa) == (D_us, F(1, 5)) == (F(23, 5), F(1, 5))
    assert (r.s_star, r.sigma_star, r.p_threshold) == (s_star, sigma_star, p_r) == (F(3, 10), F(31, 46), F(2, 3))
    assert r.deterred and not r.us_persists and D_us > M1["v"] + M1["a"] and r.kappa < M1["l"]
    assert chokepoint.solve(**{**M1, "sigma": F(1, 2)}).s_star == F(3, 5)
    assert chokepoint.solve(**{**M1, "psi": F(1, 2)}).s_star == F(3, 5)
    assert float(F(31, 46)) == pytest.approx(0.674, abs=5e-4)
    states("02", "$D_U = 5 \\times 0.92 = 23/5 = 4.6$, $\\kappa = 1/5 = 0.2$", "At the defaults $4.6 > 1.5$ and $0.2 < 1$: **deterred**",
           "$s^* = 3/10 = 0.3$ and $\\sigma^* = 31/46 \\approx 0.674$", "$s^* = 3/5 = 0.6$", "$v/(v + a) = 2/3$")


def _grid(module, name, den=100):
    """Exact values on a grid of 1/den across the slider range of `name`."""
    spec = module.PARAMS[name]
    lo, hi = F(str(spec.lo)), F(str(spec.hi))
    return st.integers(math.ceil(lo * den), math.floor(hi * den)).map(lambda k: F(k, den))


@SWEEP
@given(s=_grid(chokepoint, "s"), sigma=_grid(chokepoint, "sigma"), psi=_grid(chokepoint, "psi"),
       m=_grid(chokepoint, "m", 10), v=_grid(chokepoint, "v", 20), a=_grid(chokepoint, "a", 20))
def test_02_thresholds_sweep(s, sigma, psi, m, v, a):
    p = dict(M1, s=s, sigma=sigma, psi=psi, m=m, v=v, a=a)
    r = chokepoint.solve(**p)
    D_us, s_star, sigma_star, p_r = _m1_thresholds(**p)
    assert r.D_us == D_us and r.p_threshold == p_r
    assert (r.s_star, r.sigma_star) == (s_star, sigma_star)
    assert r.us_persists == (D_us <= v + a)


TRUCE = dict(T=5, R=3, P=1, S=0, delta=F(9, 10), epsilon=F(1, 10), q=F(9, 10), L=2)


def _green_porter(T, R, P, S, delta, epsilon, q, L, **_):
    """(V, delta*, war share, incentive constraint holds) written out from the formulas on the sheet."""
    x = delta * epsilon * (1 - delta ** L)
    V = ((1 - delta) * R + x * P) / ((1 - delta) + x)
    den = (T - R) * (1 - epsilon) + (q - epsilon) * (R - P)
    star = (T - R) / den if den > 0 else None
    ic = (T - R) * ((1 - delta) + x) <= delta * (q - epsilon) * (1 - delta ** L) * (R - P)
    return V, star, epsilon * L / (1 + epsilon * L), ic


def test_03_values():
    r = truce.solve(**TRUCE)
    V, star, share, ic = _green_porter(**TRUCE)
    assert (r.delta_grim, r.delta_tft_once, r.delta_tft) == (F(2, 4), F(2, 3), F(2, 3))
    assert (r.V, r.delta_star, r.war_share, r.ic_holds) == (V, star, share, ic) == (F(3171, 1171), F(10, 17), F(1, 6), True)
    assert r.noise_cost == F(342, 1171) and r.truce_rounds == 10 and r.L_min == 2
    assert truce.solve(**{**TRUCE, "L": 1}).outcome == truce.TOO_SHORT
    assert float(r.V) == pytest.approx(2.708, abs=5e-4) and float(r.noise_cost) == pytest.approx(0.292, abs=5e-4)
    assert float(r.delta_star) == pytest.approx(0.588, abs=5e-4)
    ex1 = truce.solve(**{**TRUCE, "T": 6, "R": 4})
    assert (ex1.delta_grim, ex1.delta_tft) == (F(2, 5), F(1, 2))
    assert truce.solve(**{**TRUCE, "epsilon": 0, "q": 1}).delta_star == F(1, 2)
    assert truce.solve(**{**TRUCE, "epsilon": F(1, 20)}).delta_star == F(5, 9)
    assert truce.solve(**{**TRUCE, "epsilon": F(1, 5), "L": 4}).war_share == F(4, 9)
    states("03", "$\\delta_{grim} = 1/2$, $(T-R)/(R-S) = 2/3$", "needs $\\delta \\ge 2/3$",
           "$\\delta_{grim} = 2/5$, tit-for-tat $1/2$", "$V = 3171/1171 \\approx 2.708$",
           "$R - V = 342/1171 \\approx 0.292$", "the shortest punishment that deters is $L = 2$",
           "$\\delta^* = 10/17 \\approx 0.588$", "it is $1/2$", "$5/9$", "$1/6$ at the defaults",
           "$4/9$ with $\\varepsilon = 0.2$, $L = 4$", "$1/\\varepsilon = 10$")
    # Referee 2 (issue 10): the evolving tournament's line, by hand and by the library.
    from tradewar.games import repeated
    hand = [[3, F(9, 10)], [F(7, 5), 1]]
    assert repeated.tournament(["tit-for-tat", "always defect"], rounds=10, matches=1).matrix.tolist() == \
        [[3, 0.9], [1.4, 1]]
    assert repeated.evolve(hand, 1).shares[1] == (F(13, 21), F(8, 21))
    rest = F(1, 17)
    assert 3 * rest + F(9, 10) * (1 - rest) == F(7, 5) * rest + (1 - rest)
    states("03", "$\\xi_i' = \\xi_i f_i/\\bar f$", "TFT/ALLD payoffs $3$, $9/10$, $7/5$, $1$",
           "TFT's share becomes $13/21$", "ALLD grows iff TFT's share is below $1/17$ (an unstable rest point)",
           "the standard discrete-time **replicator dynamics** (a dynamic, not an equilibrium concept)")


@SWEEP
@given(T=_grid(truce, "T", 10), R=_grid(truce, "R", 10), P=_grid(truce, "P", 10), S=_grid(truce, "S", 10),
       delta=_grid(truce, "delta"), epsilon=_grid(truce, "epsilon"), q=_grid(truce, "q"), L=st.integers(1, 12))
def test_03_closed_forms_sweep(T, R, P, S, delta, epsilon, q, L):
    assume(T > R > P > S and 2 * R > T + S)
    p = dict(T=T, R=R, P=P, S=S, delta=delta, epsilon=epsilon, q=q, L=L)
    r = truce.solve(**p)
    V, star, share, ic = _green_porter(**p)
    assert (r.V, r.delta_star, r.war_share, r.ic_holds) == (V, star, share, ic)
    assert r.delta_grim == (T - R) / (T - P) and r.delta_tft == max((T - R) / (T - P), (T - R) / (R - S))


TACO = dict(mu0=F(1, 2), beta_tough=F(1, 5), beta_chicken=F(4, 5), D_cn=2, l=1, kappa=F(1, 5))


def test_04_values():
    r = taco.solve(**TACO)
    mu0, bt, bch = TACO["mu0"], TACO["beta_tough"], TACO["beta_chicken"]
    beliefs = [mu0]
    for _ in range(5):  # five back-downs in the default record, by the odds form
        odds = beliefs[-1] / (1 - beliefs[-1]) * bt / bch
        beliefs.append(odds / (1 + odds))
    assert r.beliefs == tuple(beliefs) == (F(1, 2), F(1, 5), F(1, 17), F(1, 65), F(1, 257), F(1, 1025))
    assert beliefs[1] == mu0 * bt / (mu0 * bt + (1 - mu0) * bch)
    assert (r.ratio_back_down, r.ratio_stand) == (bt / bch, (1 - bt) / (1 - bch)) == (F(1, 4), 4)
    b_bars = [m * bt + (1 - m) * bch for m in beliefs]
    assert r.b_bars == tuple(b_bars) and b_bars[:3] == [F(1, 2), F(17, 25), F(13, 17)]
    b_star = F(2) / (1 - F(1, 5) + 2)
    assert r.b_star == b_star == F(5, 7) and r.first_rational == "Geneva request" and r.k_needed == 2
    assert r.mu_star == (bch - b_star) / (bch - bt) == F(1, 7)
    assert taco.solve(**{**TACO, "mu0": F(1, 7)}).k_needed == 0
    assert taco.solve(**{**TACO, "mu0": F(15, 100)}).k_needed != 0
    assert taco.solve(**{**TACO, "D_cn": F(4, 5)}).k_needed == 0 and taco.solve(**{**TACO, "D_cn": F(17, 20)}).k_needed != 0
    assert taco.solve(**{**TACO, "l": F(11, 5)}).k_needed == 0 and taco.solve(**{**TACO, "l": F(43, 20)}).k_needed != 0
    assert taco.solve(**{**TACO, "kappa": 0}).b_star == F(2, 3)
    # Nor can kappa, beta_T or beta_Ch alone, anywhere on their sliders: b-bar before any event stays below b*.
    for name in ("kappa", "beta_tough", "beta_chicken"):
        spec = taco.PARAMS[name]
        steps = round((spec.hi - spec.lo) / spec.step)
        for i in range(steps + 1):
            x = F(str(spec.lo)) + i * F(str(spec.step))
            assert taco.solve(**{**TACO, name: x}).k_needed != 0, (name, x)
    assert max(taco.solve(**{**TACO, "beta_tough": F(1, 2)}).b_bars[0],
               taco.solve(**{**TACO, "beta_chicken": 1}).b_bars[0]) == F(13, 20)
    biding = taco.solve(**{**TACO, "beta_tough": F(1, 2), "beta_chicken": F(1, 2)})
    assert set(biding.beliefs) == {mu0} and biding.b_bar == F(1, 2)
    k = chokepoint.solve(**{**M1, "a": 3})
    assert k.D_us == F(23, 5) and not k.us_persists and M1["v"] + 3 == 4
    states("04", "factors $1/4$ per back-down and $4$ per stand",
           "$1/2 \\to 1/5 \\to 1/17 \\to 1/65 \\to 1/257 \\to 1/1025$",
           "$1/2$ before any event, $17/25 = 0.68$ after April 9, $13/17 \\approx 0.765$ after Geneva",
           "$b^* = 5/7 \\approx 0.714$: first reached after the Geneva request (two back-downs)",
           "$\\mu^* = 1/7$, so a prior $\\mu_0 \\le 1/7$ pays before any event",
           "pays before any event iff $\\mu_0 \\le 1/7$, $D_C \\le 0.8$ or $l \\ge 2.2$; $\\kappa$ cannot",
           "($\\kappa = 0$ gives $b^* = 2/3 > 1/2$), nor $\\beta_T$ or $\\beta_{Ch}$ alone (on the sliders $\\bar b \\le 0.65$ before any event)",
           "$D_U = 4.6$, above $v + a = 4$ even at $a = 3$")


@SWEEP
@given(mu0=_grid(taco, "mu0"), bt=_grid(taco, "beta_tough"), bch=_grid(taco, "beta_chicken"),
       D_cn=_grid(taco, "D_cn", 20), l=_grid(taco, "l", 20), kappa=_grid(taco, "kappa", 20))
def test_04_bayes_and_thresholds_sweep(mu0, bt, bch, D_cn, l, kappa):
    assume(bt > 0 or bch < 1)
    r = taco.solve(mu0=mu0, beta_tough=bt, beta_chicken=bch, D_cn=D_cn, l=l, kappa=kappa)
    odds = mu0 / (1 - mu0) * (bt / bch) ** 5
    assert r.mu == odds / (1 + odds)
    assert r.b_star == (D_cn / (l - kappa + D_cn) if kappa < l else None)
    if r.b_star is not None and bt != bch:
        m = (bch - r.b_star) / (bch - bt)
        assert r.mu_star == (None if m < 0 else min(m, 1))


def _n_star(g, mu0):
    """#{n >= 1 : g^n >= mu0}, counted with exact powers."""
    n = 0
    while g ** (n + 1) >= mu0:
        n += 1
    return n


def test_05_values():
    r = chain_store.solve(N=10, g=F(1, 2), u=2, mu0=F(1, 10))
    assert r.n_star == _n_star(F(1, 2), F(1, 10)) == math.floor(math.log(0.1) / math.log(0.5)) == 3
    assert math.log(0.1) / math.log(0.5) == pytest.approx(3.32, abs=5e-3)
    assert r.deterred == 10 - 3 == 7 and chain_store.solve(N=100, g=F(1, 2), u=2, mu0=F(1, 10)).deterred == 97
    assert chain_store.solve(N=30, g=F(4, 5), mu0=F(1, 20)).n_star == _n_star(F(4, 5), F(1, 20)) == 13
    assert r.belief_path == (F(1, 10),) * 8 + (F(1, 4), F(1, 2), F(1))
    # Challenger 9 is indifferent (belief 1/4 = g^2): staying out leaves 1/4 < g = 1/2, so challenger 10 enters.
    assert r.belief_path[8] == r.thresholds[8] == F(1, 4) < r.thresholds[9] == F(1, 2) == r.belief_path[9]
    # Off the path a belief of 0 stays 0 after a fight: a tough incumbent forced to give in once, then fighting.
    from tradewar.games.reputation import simulate
    plays = simulate(10, 0.5, 2, 0.1, tough=True, paths=5, seed=0, back_down_at=8)
    assert plays.fought[:, 8:].all() and (plays.beliefs[:, 8:] == 0).all()
    states("05", "(a belief of 0 stays 0, even after a fight)")

    def phi(mu, n, g=F(1, 2)):
        t = g ** (n - 1)
        return F(1) if mu >= t else mu * (1 - t) / ((1 - mu) * t)

    # Challenge t has n = 10 - t + 1 left; on the fought path the belief before it is belief_path[t - 1].
    assert [r.phi_path[t - 1] for t in (7, 8, 9, 10)] == [phi(r.belief_path[t - 1], 11 - t) for t in (7, 8, 9, 10)]
    assert r.phi_path[6:] == (F(7, 9), F(1, 3), F(1, 3), F(0))
    states("05", "($1/2$ at the defaults)", "At the defaults $n^* = 3$ ($\\ln 0.1/\\ln 0.5 \\approx 3.32$)",
           "7 of $N = 10$ challengers are deterred, 97 of $N = 100$", "$n^* = 13$",
           "Challengers 8, 9, 10 all enter and are fought (defaults): the belief is $0.1$ before challenges 1 to 8, $1/4$ before 9, $1/2$ before 10",
           "(if the indifferent challenger 9 stays out, it stays $1/4$ and challenger 10 enters for sure)",
           "$1/3$, $1/3$, $0$ (and $7/9$, off the path, at challenge 7)")


@SWEEP
@given(g=st.integers(1, 19).map(lambda k: F(k, 20)), mu0=st.integers(1, 50).map(lambda k: F(k, 100)),
       N=st.integers(1, 40))
def test_05_n_star_sweep(g, mu0, N):
    r = chain_store.solve(N=N, g=g, mu0=mu0)
    assert r.n_star == _n_star(g, mu0)
    assert r.deterred == N - min(N, r.n_star)
    ratio = math.log(mu0) / math.log(g)
    if abs(ratio - round(ratio)) > 1e-9:  # away from a tie the logarithm formula agrees
        assert r.n_star == math.floor(ratio)


def test_06_values():
    assert split(F(9, 10), F(9, 10))[0] == 1 / (1 + F(9, 10)) == F(10, 19)
    r = rubinstein.solve()
    d_us, d_cn = math.exp(-0.2), math.exp(-0.1)
    assert (r.delta_us, r.delta_cn) == (pytest.approx(d_us, rel=1e-9), pytest.approx(d_cn, rel=1e-9))
    w_star = d_cn * (1 - d_us) / (1 - d_us * d_cn)
    assert r.share_us == pytest.approx((1 - d_cn) / (1 - d_us * d_cn), rel=1e-9)
    assert r.w_star == pytest.approx(w_star, rel=1e-9) and not r.binds
    assert (round(d_us, 3), round(d_cn, 3), round(r.share_us, 3), round(w_star, 3)) == (0.819, 0.905, 0.367, 0.633)
    instant = rubinstein.solve(r_us=F(1, 5), r_cn=F(1, 10), Delta=0, w_cn=0)
    assert (instant.share_us, instant.w_star) == (F(1, 10) / (F(1, 5) + F(1, 10)), F(2, 3)) == (F(1, 3), F(2, 3))
    assert round(rubinstein.solve(r_us=0.11, r_cn=0.1, Delta=1).share_us, 3) == 0.502
    binds = rubinstein.solve(w_cn=0.8, proposer="China")
    assert binds.binds and binds.share_cn == pytest.approx(1 - d_us * (1 - 0.8), rel=1e-9)
    assert rubinstein.solve(w_cn=0.8).share_cn == pytest.approx(0.8, rel=1e-9)

    nb = dict(Pi=10, s=F(23, 25), sigma=0, m=5, D_cn=2, r_us=F(1, 5), r_cn=F(1, 10))
    t = threat_bargaining.solve(**nb)
    tau, d_us, d_cn = F(1, 3), -5 * F(23, 25), F(-2)
    u_us = d_us + tau * (10 - d_us - d_cn)
    assert (t.tau, t.d_us, t.d_cn, t.u_us, t.u_cn) == (tau, d_us, d_cn, u_us, 10 - u_us) == (tau, F(-23, 5), -2, F(14, 15), F(136, 15))
    assert t.du_cn_ds == (1 - tau) * 5 == F(10, 3)
    more = threat_bargaining.solve(**{**nb, "D_cn": 3})
    assert more.u_us - t.u_us == tau  # du_U/dD_C = tau
    assert t.best_threat == "October rule" and t.october_gain_cn == (1 - tau) * 2 - tau * 1 == 1
    assert threat_bargaining.trade_range() == (F(1, 4), F(3, 4))
    assert (t.linkage_gain_us, t.linkage_gain_cn) == (3 - 4 * tau, 3 - (4 - 4 * tau)) == (F(5, 3), F(1, 3))
    states("06", "Equal $\\delta = 0.9$: $10/19$", "$\\delta_U \\approx 0.819$, $\\delta_C \\approx 0.905$, the US gets $\\approx 0.367$",
           "$1/3$ at the defaults, whoever proposes", "at $\\Delta = 1$, $r_U = 0.11$, $r_C = 0.1$ a proposing US keeps $\\approx 0.502$",
           "($\\approx 0.633$ at the defaults; $2/3$ with $\\Delta = 0$)", "$\\tau = 1/3$",
           "$d_U = -4.6$, $u_U = 14/15 \\approx 0.93$, $u_C = 136/15 \\approx 9.07$", "= 10/3$ at the defaults",
           "$\\partial u_U/\\partial D_C = \\tau$", "i.e. $\\tau < 2/3$; at the defaults it adds $1$",
           "gains $5/3$ (US), $1/3$ (China)")


@SWEEP
@given(r_us=_grid(rubinstein, "r_us"), r_cn=_grid(rubinstein, "r_cn"), Delta=_grid(rubinstein, "Delta", 10),
       proposer=st.sampled_from(rubinstein.PROPOSERS))
def test_06_rubinstein_sweep(r_us, r_cn, Delta, proposer):
    r = rubinstein.solve(r_us=r_us, r_cn=r_cn, Delta=Delta, proposer=proposer, w_cn=0)
    if Delta == 0:
        assert r.share_us == r_cn / (r_us + r_cn)
        return
    d_us, d_cn = math.exp(-float(r_us * Delta)), math.exp(-float(r_cn * Delta))
    keep = (1 - d_cn) / (1 - d_us * d_cn) if proposer == "US" else 1 - (1 - d_us) / (1 - d_us * d_cn)
    assert r.share_us == pytest.approx(keep, rel=1e-9)
    assert r.w_star == pytest.approx(d_cn * (1 - d_us) / (1 - d_us * d_cn), rel=1e-9)


@SWEEP
@given(Pi=_grid(threat_bargaining, "Pi", 2), s=_grid(threat_bargaining, "s"), m=_grid(threat_bargaining, "m", 10),
       D_cn=_grid(threat_bargaining, "D_cn", 20), r_us=_grid(threat_bargaining, "r_us"),
       r_cn=_grid(threat_bargaining, "r_cn"))
def test_06_nash_sweep(Pi, s, m, D_cn, r_us, r_cn):
    t = threat_bargaining.solve(Pi=Pi, s=s, sigma=0, m=m, D_cn=D_cn, r_us=r_us, r_cn=r_cn)
    tau = r_cn / (r_us + r_cn)
    assert t.u_us == -m * s + tau * (Pi + m * s + D_cn)
    assert (t.best_threat == "October rule") == ((1 - tau) * 2 > tau)


def test_07_values():
    a = attrition.solve(r_us=F(1, 5), r_cn=F(1, 10), z_us=F(1, 10), z_cn=F(1, 10), alpha=F(3, 4))
    alpha = F(3, 4)
    lam_us, lam_cn = F(1, 10) * (1 - alpha) / (2 * alpha - 1), F(1, 5) * (1 - alpha) / (2 * alpha - 1)
    assert (a.lam_us, a.lam_cn) == (lam_us, lam_cn) == (F(1, 20), F(1, 10))
    T_us, T_cn = -math.log(0.1) / 0.05, -math.log(0.1) / 0.1
    assert (a.T_us, a.T_cn) == (pytest.approx(T_us, rel=1e-9), pytest.approx(T_cn, rel=1e-9))
    assert (round(T_us, 2), round(T_cn, 2)) == (46.05, 23.03) and a.weak == "US"
    c = 1 - 0.1 * 0.1 ** (-0.05 / 0.1)
    assert a.c == pytest.approx(c, rel=1e-9) and round(c, 3) == 0.684

    b = brinkmanship.solve(p=F(3, 10), D0_us=F(23, 5), D_cn=2, v=1, l=1, sigma=0)
    p_star = 1 / F(23, 5)
    assert (b.damage_us, b.p_star, b.exp_cost_cn_star, b.p_max) == (F(23, 5), p_star, 2 * p_star, F(1, 2))
    assert p_star == F(5, 23) and b.worth_it and b.us_yields
    assert b.sigma_star == 1 - 1 * max(1, 2) / (1 * F(23, 5)) == F(13, 23)
    assert (round(float(p_star), 3), round(float(2 * p_star), 3), round(float(F(13, 23)), 3)) == (0.217, 0.435, 0.565)
    states("07", "$\\lambda_U = 1/20$, $\\lambda_C = 1/10$ per month", "$T_U \\approx 46.05$, $T_C \\approx 23.03$ months, so the US is the weak side",
           "$c = 1 - 0.1^{1/2} \\approx 0.684$", "$D_U = 4.6$, $p^* = 5/23 \\approx 0.217$",
           "$p^* D_C = 10/23 \\approx 0.435 \\le 1$: brinkmanship pays", "$\\min(1,\\ l/D_C) = 1/2$",
           "$\\sigma^* = 13/23 \\approx 0.565$")


@SWEEP
@given(r_us=_grid(attrition, "r_us"), r_cn=_grid(attrition, "r_cn"), z_us=_grid(attrition, "z_us"),
       z_cn=_grid(attrition, "z_cn"), alpha=_grid(attrition, "alpha"))
def test_07_attrition_sweep(r_us, r_cn, z_us, z_cn, alpha):
    a = attrition.solve(r_us=r_us, r_cn=r_cn, z_us=z_us, z_cn=z_cn, alpha=alpha)
    lam = (r_cn * (1 - alpha) / (2 * alpha - 1), r_us * (1 - alpha) / (2 * alpha - 1))
    assert (a.lam_us, a.lam_cn) == lam
    T = [-math.log(z) / float(x) for z, x in zip((z_us, z_cn), lam)]
    assert (a.T_us, a.T_cn) == (pytest.approx(T[0], rel=1e-9), pytest.approx(T[1], rel=1e-9))
    assume(abs(T[0] - T[1]) > 1e-6 * max(T))  # a tie is decided within the code's tolerance
    i = 0 if T[0] > T[1] else 1
    z, lam = (float(z_us), float(z_cn)), [float(x) for x in lam]
    assert a.weak == ("US", "China")[i]
    assert a.c == pytest.approx(1 - z[i] * z[1 - i] ** (-lam[i] / lam[1 - i]), rel=1e-9, abs=1e-12)


@SWEEP
@given(D0=_grid(brinkmanship, "D0_us", 10), D_cn=_grid(brinkmanship, "D_cn", 20), v=_grid(brinkmanship, "v", 20),
       l=_grid(brinkmanship, "l", 20), sigma=_grid(brinkmanship, "sigma"))
def test_07_brinkmanship_sweep(D0, D_cn, v, l, sigma):
    b = brinkmanship.solve(p=F(3, 10), D0_us=D0, D_cn=D_cn, v=v, l=l, sigma=sigma)
    D_us = D0 * (1 - sigma)
    p_star = v / D_us if D_us >= v and D_us > 0 else None
    assert b.p_star == p_star
    assert b.worth_it == (p_star is not None and p_star * D_cn <= l)
    if D0 > 0:
        s = 1 - v * max(l, D_cn) / (l * D0)
        assert b.sigma_star == (s if s >= 0 else None)


def test_08_values():
    r = leverage_window.solve()
    t_star = math.log(0.3 / 0.92) / math.log(0.9)
    assert r.t_star == pytest.approx(t_star, rel=1e-9) and round(t_star, 2) == 10.64
    assert r.year_end == pytest.approx(2025 + t_star, rel=1e-9) and round(r.year_end, 2) == 2035.64
    assert r.renewals == math.floor(t_star / 0.5) == 21
    assert round(leverage_window.solve(eta1=0.2).t_star, 2) == 5.02
    assert chokepoint.solve(psi=0.5).s_star == pytest.approx(0.6, rel=1e-9)
    assert round(leverage_window.solve(s_star=0.6).t_star, 2) == 4.06
    assert chokepoint.solve().s_star == pytest.approx((1 + 0.5) / 5, rel=1e-9) == 0.3
    exact = leverage_window.solve(s0=F(23, 25), s_star=F(3, 10), eta0=0, eta1=F(1, 10))
    assert exact.eta1_once == 1 - (F(3, 10) / F(23, 25)) ** 2 and round(float(exact.eta1_once), 3) == 0.894
    assert r.eta1_five == pytest.approx(1 - (0.3 / 0.92) ** (1 / 5), rel=1e-9) and round(r.eta1_five, 3) == 0.201
    assert r.eta1_decade == pytest.approx(1 - (0.3 / 0.92) ** (1 / 10), rel=1e-9) and round(r.eta1_decade, 3) == 0.106
    assert round(0.92 * 0.9 ** 3, 2) == 0.67 and round(1 - 0.9 ** 15, 2) == 0.79
    waited = leverage_window.solve(eta0=F(1, 20), eta1=F(1, 10), s0=F(23, 25), s_star=F(3, 10), first_use=2030)
    assert waited.share_at_use == F(23, 25) * F(19, 20) ** 5
    m3 = taco.solve(**TACO)
    assert m3.mu == F(1, 1025) and round(float(m3.mu), 6) == 0.000976
    states("08", "$t^* \\approx 10.64$ years (to 2035.64)", "with $\\eta_1 = 0.2$, $t^* \\approx 5.02$",
           "with $s^* = 0.6$ (M1 with $\\psi = 0.5$), $t^* \\approx 4.06$", "$\\lfloor t^*/0.5 \\rfloor = 21$ at the defaults",
           "$s^* = (v + a)/m = 1.5/5 = 0.3$", "$\\eta_1 \\ge 1 - (s^*/s_0)^2 \\approx 0.894$", "\"5+ years\" $\\eta_1 \\le 0.201$",
           "\"a decade or more\" needs $\\eta_1 \\le 0.106$ (necessary", "$s(3) = 0.92 \\times 0.9^3 \\approx 0.67$", "$1 - 0.9^{15} \\approx 0.79$",
           "$\\mu = 1/1025 \\approx 0.000976$")


@SWEEP
@given(s0=_grid(leverage_window, "s0"), s_star=_grid(leverage_window, "s_star"), eta1=_grid(leverage_window, "eta1"))
def test_08_window_sweep(s0, s_star, eta1):
    assume(s0 > s_star and eta1 < 1)
    r = leverage_window.solve(s0=float(s0), s_star=float(s_star), eta1=float(eta1), eta0=0.0)
    t = math.log(float(s_star / s0)) / math.log(1 - float(eta1))
    assert r.t_star == pytest.approx(t, rel=1e-9)
    assume(abs(t / 0.5 - round(t / 0.5)) > 1e-6)  # away from a whole period, where the code rounds
    assert r.renewals == math.floor(t / 0.5)


def test_09_values():
    lrs = (1, 1, 1, 1, 2, F(1, 2), 2, 2)
    assert tuple(readings.PARAMS[k].default for k in readings.LR_NAMES) == lrs
    r = readings.solve(mu0=F(1, 2), **dict(zip(readings.LR_NAMES, lrs)))
    factor = math.prod(lrs)
    odds = F(1) * factor
    assert (r.bayes_factor, r.posterior_odds, r.posterior) == (factor, odds, odds / (1 + odds)) == (4, 4, F(4, 5))
    assert r.path == (F(1, 2),) * 5 + (F(2, 3), F(1, 2), F(2, 3), F(4, 5))
    assert r.verdict == readings.DRAMATIC

    def star(T, R, P, epsilon, q):
        return F(T - R) / ((T - R) * (1 - epsilon) + (q - epsilon) * (R - P))

    n = readings.norms(T=5, R=3, P=1, S=0, epsilon=F(1, 10), q=F(9, 10), L=2, cut=F(1, 2))
    assert n.delta_star == (star(5, 3, 1, F(1, 10), F(9, 10)), star(5, 3, 1, F(1, 20), F(9, 10)),
                            star(5, 3, 1, F(1, 10), F(19, 20)), star(4, 3, 1, F(1, 10), F(9, 10)),
                            F(10, 17), F(10, 17)) == (F(10, 17), F(5, 9), F(4, 7), F(2, 5), F(10, 17), F(10, 17))
    assert dict(n.changes[5])["L"] == 1 and dict(n.changes[4])["L"] == 4
    assert [None if x is None else round(x, 3) for x in n.delta_needed] == [0.796, 0.725, 0.758, 0.457, 0.629, None]
    assert n.best == readings.NARROW and n.best_star == readings.NARROW
    assert star(4, 3, 2, F(1, 10), F(9, 10)) == F(10, 17)
    assert truce.solve(**{**TRUCE, "T": 4, "P": 2}).delta_star == F(10, 17)
    states("09", "Bayes factor $4$, posterior odds $4$, $\\mu_K = 4/5 = 0.8$",
           "(path $1/2$ for four events, then $2/3$, $1/2$, $2/3$, $4/5$)", "$10/17 \\approx 0.588$ in the status quo",
           "hotline $\\varepsilon \\to 0.05$, $\\delta^* = 5/9$", "$q \\to 0.95$, $\\delta^* = 4/7$",
           "narrower toolset $T \\to 4$, $\\delta^* = 2/5$ (lowest)", "leave $\\delta^*$ at $10/17$",
           "status quo $\\approx 0.796$, hotline $\\approx 0.725$, shared data $\\approx 0.758$, narrower toolset $\\approx 0.457$, longer ($L = 4$) $\\approx 0.629$",
           "shorter ($L = 1$) cannot be kept up to $\\delta = 0.99$", "$T = 4$, $P = 2$ gives $10/17$ again")


@SWEEP
@given(mu0=_grid(readings, "mu0"), lrs=st.lists(st.integers(1, 100).map(lambda k: F(k, 10)), min_size=8, max_size=8))
def test_09_posterior_odds_sweep(mu0, lrs):
    r = readings.solve(mu0=mu0, **dict(zip(readings.LR_NAMES, lrs)))
    odds = mu0 / (1 - mu0) * math.prod(lrs)
    assert r.posterior_odds == odds and r.posterior == odds / (1 + odds)
    assert r.verdict == (readings.DRAMATIC if odds > 1 else readings.PROSAIC if odds < 1 else readings.EVEN)
