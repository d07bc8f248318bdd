"""Views: pure functions from a result to SVG/HTML, and small stateful wrappers updated in place.

Every picture is drawn by the library (no graphviz, no LaTeX): trees and regime maps are SVG
strings, strategic forms are HTML tables, line charts are SVG too (no matplotlib).
Nothing is said by colour alone: the equilibrium path is bold, other choices dashed, threats carry
a symbol and a word, best responses are underlined, regions are hatched and labelled.

A view has `.widget` (an ipywidget) and `.update(result, values)`, which changes that widget's
value in place so the browser never re-creates it.
"""
from __future__ import annotations

import html
import inspect
import itertools
import math
import re
from numbers import Real
from typing import Any, Callable, Iterable, Mapping

import ipywidgets as widgets

from ..games.tree import Chance, Decision, Leaf
from ..text import fmt

__all__ = [
    "View", "TreeView", "MatrixView", "RegimeMapView", "ExplainView", "ValueView", "LineChartView",
    "SvgView", "Static", "svg_document", "tree_svg", "matrix_html", "regime_svg", "wrap_words", "PALETTE",
]

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#CC79A7", "#0072B2", "#D55E00", "#999999")
PATH_COLOUR = "#0072B2"    # blue: the equilibrium path
THREAT_COLOUR = "#D55E00"  # vermillion: non-credible threats

_esc = html.escape


def _sentence_join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


LEGIBLE_PX = 10  # the smallest text a picture shows on a 320 px screen
_FONT_SIZE = re.compile(r'font-size="([0-9.]+)"')


def svg_document(cls: str, viewbox: str, max_width: float, desc: str, title: str, body: str, halo: int = 4,
                 font_size: int | None = None) -> str:
    """The accessible frame every library picture shares: an SVG that scales to its container up to
    max_width pixels, named by a title and described in words (desc, also its aria-label), drawn in
    the page's text colour, with the class tw-halo for text that must stay legible over lines."""
    size = f' font-size="{font_size}"' if font_size is not None else ""
    # On a narrow screen (a11y.py's media query) the picture keeps a width at which its smallest text
    # is still LEGIBLE_PX and scrolls inside its own region, as WCAG 1.4.10 allows for diagrams.
    sizes = [float(x) for x in _FONT_SIZE.findall(body)] + [font_size or 16]
    min_width = min(float(viewbox.split()[0]) * LEGIBLE_PX / min(sizes), max_width)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{cls}" viewBox="0 0 {viewbox}"'
        f' width="100%" style="max-width:{max_width:.0f}px;height:auto;--tw-min-width:{min_width:.0f}px" role="img"'
        f' aria-label="{_esc(desc)}" font-family="sans-serif"{size} fill="currentColor">'
        f"<title>{_esc(title)}</title><desc>{_esc(desc)}</desc>"
        f"<style>.tw-halo{{paint-order:stroke;stroke:var(--jp-layout-color0,#fff);stroke-width:{halo}px;"
        "stroke-linejoin:round}</style>"
        + body + "</svg>"
    )


def _payoff_text(payoffs) -> str:
    return "(" + ", ".join(fmt(x) for x in payoffs) + ")"


def _adapt(get: Callable | None) -> Callable | None:
    """Let getters take (result) or (result, values): whichever reads better in a notebook."""
    if get is None:
        return None
    try:
        sig = inspect.signature(get)
        ps = [p for p in sig.parameters.values()
              if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)]
        two = len(ps) >= 2 or any(p.kind == p.VAR_POSITIONAL for p in ps)
    except (TypeError, ValueError):  # builtins without a signature
        two = False
    return get if two else (lambda result, values: get(result))


# --------------------------------------------------------------------------------------------
# Trees
# --------------------------------------------------------------------------------------------

def _kind(node) -> str:
    if isinstance(node, Leaf):
        return "leaf"
    if isinstance(node, Decision):
        return "decision"
    if isinstance(node, Chance):
        return "chance"
    raise ValueError(f"not a game-tree node: {node!r}")


def _children(node):
    """(label, probability or None, child) for every move of a node."""
    k = _kind(node)
    if k == "leaf":
        return []
    if k == "decision":
        return [(lab, None, child) for lab, child in node.moves]
    return [(lab, p, child) for lab, p, child in node.moves]


class _Layout:
    """Top-down tidy layout: leaves on consecutive slots, parents centred over their children.

    Positions are keyed by path (the action labels from the root): nodes compare by value, and
    one Leaf object may sit at several places in a tree.
    """

    def __init__(self, root):
        self.pos: dict[tuple, tuple[float, int]] = {}
        self.nodes: list = []  # (path, node) in preorder
        self.depth = 0
        self._slot = 0
        self._place(root, ())
        self.leaves = self._slot

    def _place(self, node, path):
        self.nodes.append((path, node))
        self.depth = max(self.depth, len(path))
        kids = _children(node)
        if not kids:
            x = float(self._slot)
            self._slot += 1
        else:
            xs = [self._place(child, path + (lab,)) for lab, _, child in kids]
            x = (xs[0] + xs[-1]) / 2
        self.pos[path] = (x, len(path))
        return x


def _on_path(root, choice: dict) -> set[tuple]:
    """Paths of the nodes reached when play follows `choice` (every branch of a chance node)."""
    reached: set[tuple] = set()
    stack = [((), root)]
    while stack:
        path, node = stack.pop()
        reached.add(path)
        k = _kind(node)
        if k == "decision":
            act = choice.get(node.name)
            stack.extend((path + (lab,), child) for lab, child in node.moves if lab == act)
        elif k == "chance":
            stack.extend((path + (lab,), child) for lab, _, child in node.moves)
    return reached


def _play_words(tree, choice: dict) -> list[str]:
    """The equilibrium path in words, following the first branch at chance nodes."""
    words, node = [], tree.root
    while _kind(node) != "leaf":
        if _kind(node) == "decision":
            act = choice.get(node.name)
            if act is None:
                break
            words.append(f"{tree.players[node.player]} chooses {act}")
            node = dict(node.moves)[act]
        else:
            words.append(f"chance decides at {node.name}")
            break
    return words


def tree_svg(tree, solution=None, flagged=None, title: str = "") -> str:
    """The game tree as an SVG string that scales to its container.

    solution: a backward-induction Solution: its play path is drawn bold, its choices off the path
    dashed, other optimal moves (ties) dotted. flagged: a FlaggedEquilibrium: each node in its
    `noncredible` gets a warning symbol, the words "non-credible" and its threatened move drawn
    dash-dotted. A <title>, <desc> and aria-label say the same in words.
    """
    lay = _Layout(tree.root)
    SW, LH, MX, MY = 160, 110, 40, 36
    top = MY + (34 if title else 0)
    width = MX * 2 + max(lay.leaves, 1) * SW
    legend_top = top + lay.depth * LH + 62

    def xy(path):
        x, d = lay.pos[path]
        return MX + (x + 0.5) * SW, top + d * LH

    choice = dict(solution.choice) if solution is not None else (
        dict(flagged.profile) if flagged is not None else {})
    reached = _on_path(tree.root, choice) if choice else set()
    ties = dict(getattr(solution, "ties", {}) or {}) if solution is not None else {}
    noncred = set(flagged.noncredible) if flagged is not None else set()
    threat_move = {n: flagged.profile.get(n) for n in noncred} if flagged is not None else {}

    edges, nodes, labels = [], [], []
    used = set()
    for path, node in lay.nodes:
        px, py = xy(path)
        k = _kind(node)
        for lab, prob, child in _children(node):
            cx, cy = xy(path + (lab,))
            text = lab if prob is None else f"{lab} ({fmt(prob)})"
            style = "plain"
            if k == "chance":
                style = "path" if path in reached and choice else "plain"
            elif choice.get(node.name) == lab:
                style = "path" if path in reached else "spe"
            elif lab in ties.get(node.name, ()):
                style = "tie"
            if k == "decision" and node.name in noncred and threat_move.get(node.name) == lab:
                style = "threat"
            used.add(style)
            attrs = {
                "path": f'stroke="{PATH_COLOUR}" stroke-width="5"',
                "spe": f'stroke="{PATH_COLOUR}" stroke-width="2.5" stroke-dasharray="9 6"',
                "tie": f'stroke="{PATH_COLOUR}" stroke-width="2.5" stroke-dasharray="2 5" stroke-linecap="round"',
                "threat": f'stroke="{THREAT_COLOUR}" stroke-width="3" stroke-dasharray="12 5 2 5"',
                "plain": 'stroke="currentColor" stroke-opacity="0.55" stroke-width="1.6"',
            }[style]
            where = f' data-node="{_esc(node.name)}"' if k == "decision" else ""
            edges.append(f'<line class="tw-edge tw-edge-{style}"{where} data-action="{_esc(lab)}"'
                         f' x1="{px:.1f}" y1="{py:.1f}" x2="{cx:.1f}" y2="{cy:.1f}" {attrs}/>')
            mx, my = (px + cx) / 2, (py + cy) / 2
            if abs(cx - px) < 1:
                anchor, dx = "start", 8
            elif cx < px:
                anchor, dx = "end", -8
            else:
                anchor, dx = "start", 8
            suffix = {"tie": " (tie)", "threat": " (threat)"}.get(style, "")
            weight = ' font-weight="bold"' if style == "path" else ""
            labels.append(
                f'<text class="tw-halo" x="{mx + dx:.1f}" y="{my:.1f}" text-anchor="{anchor}"'
                f' dominant-baseline="middle"{weight}>{_esc(text + suffix)}</text>'
            )
        if k == "leaf":
            on = path in reached
            weight = ' font-weight="bold"' if on else ""
            pay = _esc(_payoff_text(node.payoffs))
            if on:
                # The outcome gets a box as well as bold type, not just a colour.
                w = 9 * len(pay) + 16
                nodes.append(f'<rect x="{px - w / 2:.1f}" y="{py + 6:.1f}" width="{w:.1f}" height="26" rx="5"'
                             f' fill="none" stroke="{PATH_COLOUR}" stroke-width="2.5"/>')
            nodes.append(f'<text x="{px:.1f}" y="{py + 20:.1f}" text-anchor="middle" dominant-baseline="middle"'
                         f' font-size="16"{weight}>{pay}</text>')
            if getattr(node, "label", ""):
                nodes.append(f'<text x="{px:.1f}" y="{py + 44:.1f}" text-anchor="middle" font-size="12.5"'
                             f' fill-opacity="0.8">{_esc(node.label)}</text>')
            nodes.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="currentColor"/>')
        elif k == "decision":
            on = path in reached
            fill = PATH_COLOUR if on else "currentColor"
            who = tree.players[node.player]
            nodes.append(f'<g><title>{_esc(node.name)}</title>'
                         f'<circle cx="{px:.1f}" cy="{py:.1f}" r="9" fill="{fill}" stroke="currentColor"'
                         f' stroke-width="1.2"/></g>')
            nodes.append(f'<text x="{px:.1f}" y="{py - 16:.1f}" text-anchor="middle" font-weight="bold"'
                         f' font-size="16">{_esc(who)}</text>')
            if node.name in noncred:
                nx0 = px + 4.8 * len(who) + 8  # just after the centred player name
                nodes.append(
                    f'<g class="tw-noncredible" data-node="{_esc(node.name)}"><title>Non-credible threat at'
                    f' {_esc(node.name)}</title>'
                    f'<text x="{nx0:.1f}" y="{py - 15:.1f}" font-size="20" fill="{THREAT_COLOUR}">⚠</text>'
                    f'<text class="tw-halo" x="{nx0 + 24:.1f}" y="{py - 16:.1f}" font-size="14"'
                    f' font-weight="bold">non-credible</text></g>'
                )
        else:
            nodes.append(f'<g><title>{_esc(node.name)} (chance)</title>'
                         f'<rect x="{px - 9:.1f}" y="{py - 9:.1f}" width="18" height="18" fill="none"'
                         f' stroke="currentColor" stroke-width="1.6" transform="rotate(45 {px:.1f} {py:.1f})"/></g>')
            nodes.append(f'<text x="{px:.1f}" y="{py - 16:.1f}" text-anchor="middle" font-style="italic"'
                         f' font-size="15">Chance</text>')

    # Legend: one line per style that appears, each with a sample of its line.
    legend_rows = [("payoffs", None, "Payoffs at the ends: (" + ", ".join(tree.players) + ")")]
    names = {
        "path": "equilibrium path (bold)",
        "spe": "planned move at a node that play never reaches (dashed)",
        "tie": "another move that is just as good (dotted, \"tie\")",
        "threat": "⚠ non-credible threat: a move its player would not carry out (dash-dot)",
    }
    for style in ("path", "spe", "tie", "threat"):
        if style in used:
            legend_rows.append((style, style, names[style]))
    leg = []
    for i, (_, style, text) in enumerate(legend_rows):
        y = legend_top + i * 22
        if style:
            attrs = {
                "path": f'stroke="{PATH_COLOUR}" stroke-width="5"',
                "spe": f'stroke="{PATH_COLOUR}" stroke-width="2.5" stroke-dasharray="9 6"',
                "tie": f'stroke="{PATH_COLOUR}" stroke-width="2.5" stroke-dasharray="2 5" stroke-linecap="round"',
                "threat": f'stroke="{THREAT_COLOUR}" stroke-width="3" stroke-dasharray="12 5 2 5"',
            }[style]
            leg.append(f'<line x1="{MX}" y1="{y}" x2="{MX + 44}" y2="{y}" {attrs}/>')
        leg.append(f'<text x="{MX + (54 if style else 0)}" y="{y}" dominant-baseline="middle"'
                   f' font-size="13.5">{_esc(text)}</text>')
    height = legend_top + len(legend_rows) * 22 + 8

    desc = _tree_description(tree, solution, flagged, choice)
    head = f'<text x="{width / 2:.1f}" y="{MY + 6}" text-anchor="middle" font-size="19" font-weight="bold">' \
           f'{_esc(title)}</text>' if title else ""
    return svg_document("tw-tree", f"{width:.0f} {height:.0f}", width * 1.6, desc, title or "Game tree",
                        head + "".join(edges) + "".join(labels) + "".join(nodes) + "".join(leg), halo=5,
                        font_size=15)


def _tree_description(tree, solution, flagged, choice) -> str:
    parts = []
    if choice:
        steps = _play_words(tree, choice)
        kind = "Subgame-perfect equilibrium path" if solution is not None else "Equilibrium path"
        parts.append(f"{kind}: " + ("; then ".join(steps) if steps else "no move") + ".")
        value = solution.value if solution is not None else flagged.payoffs
        parts.append("Payoffs: " + ", ".join(f"{p} {fmt(v)}" for p, v in zip(tree.players, value)) + ".")
        off = []
        on_path = set(_names_on_path(tree, choice))
        for _, node in _decisions(tree):
            if node.name in choice and node.name not in on_path:
                off.append(f"at {node.name}, {tree.players[node.player]} would choose {choice[node.name]}")
        if off:
            parts.append("Off the path: " + "; ".join(off) + ".")
    else:
        parts.append(f"Game tree between {_sentence_join(list(tree.players))}.")
    if flagged is not None:
        for name in flagged.noncredible:
            who = tree.players[tree.find(name).player]
            better = solution.choice.get(name) if solution is not None else None
            parts.append(
                f"Non-credible threat at {name}: {who} threatens {flagged.profile.get(name)}"
                + (f", but would choose {better} if the moment came." if better else
                   ", which is not optimal in that subgame.")
            )
    return " ".join(parts)


def _decisions(tree):
    """(path, decision node) in preorder, by the tree's own (iterative) walk."""
    return ((p, n) for p, n in tree.nodes() if isinstance(n, Decision))


def _names_on_path(tree, choice):
    reached = _on_path(tree.root, choice)
    return [n.name for p, n in _decisions(tree) if p in reached]


# --------------------------------------------------------------------------------------------
# Strategic form
# --------------------------------------------------------------------------------------------

_SR = ("position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);"
       "white-space:nowrap")


def matrix_html(game, highlight: bool = True, caption: str | None = None) -> str:
    """The strategic form as an HTML table with inline styles (it reads the same anywhere).

    With highlight, best responses are underlined and bold (with screen-reader text) and pure Nash
    equilibria get a thick border and an "NE" tag; a caption says it all in a sentence.
    """
    A, B = game.A, game.B
    rows, cols = list(game.row_actions), list(game.col_actions)
    pr, pc = game.players
    m, n = len(rows), len(cols)
    if highlight:
        rbr, cbr = game.best_responses()
        eqs = {tuple(int(k) for k in e) for e in game.pure_equilibria()}
    else:
        rbr = cbr = None
        eqs = set()
    th = "padding:0.35em 0.8em;font-weight:bold;text-align:center"
    out = ['<table class="tw-matrix" style="border-collapse:collapse;font-size:1.15em;margin:0.3em 0">']
    if caption is None:
        caption = _matrix_caption(game, eqs if highlight else None)
    out.append(f'<caption style="caption-side:bottom;text-align:left;font-size:0.85em;padding-top:0.5em;'
               f'max-width:36em">{_esc(caption)}</caption>')
    out.append(f'<tr><td></td><td></td><th colspan="{n}" scope="colgroup" style="{th}">{_esc(pc)}</th></tr>')
    out.append('<tr><td></td><td></td>' + "".join(
        f'<th scope="col" style="{th};border-bottom:1px solid currentColor">{_esc(c)}</th>' for c in cols) + "</tr>")
    for i, r in enumerate(rows):
        cells = []
        if i == 0:
            cells.append(f'<th rowspan="{m}" scope="rowgroup" style="{th};vertical-align:middle">{_esc(pr)}</th>')
        cells.append(f'<th scope="row" style="{th};text-align:right;border-right:1px solid currentColor">'
                     f'{_esc(r)}</th>')
        for j in range(n):
            a, b = fmt(A[i][j]), fmt(B[i][j])
            if rbr is not None and bool(rbr[i][j]):
                a = (f'<u style="font-weight:bold;text-decoration-thickness:2px">{_esc(a)}</u>'
                     f'<span style="{_SR}"> (best response of {_esc(pr)})</span>')
            else:
                a = _esc(a)
            if cbr is not None and bool(cbr[i][j]):
                b = (f'<u style="font-weight:bold;text-decoration-thickness:2px">{_esc(b)}</u>'
                     f'<span style="{_SR}"> (best response of {_esc(pc)})</span>')
            else:
                b = _esc(b)
            ne = (i, j) in eqs
            style = "padding:0.45em 0.9em;text-align:center;white-space:nowrap;"
            style += ("border:3px solid #0072B2;background:rgba(0,114,178,0.10)" if ne
                      else "border:1px solid rgba(128,128,128,0.6)")
            tag = (' <span class="tw-ne" style="display:inline-block;font-size:0.7em;font-weight:bold;'
                   'border:1.5px solid currentColor;border-radius:0.3em;padding:0 0.25em;margin-left:0.3em;'
                   'vertical-align:middle">NE</span>') if ne else ""
            cls = ' class="tw-ne-cell"' if ne else ""
            cells.append(f"<td{cls} style=\"{style}\">{a}, {b}{tag}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "".join(out)


def _matrix_caption(game, eqs) -> str:
    pr, pc = game.players
    s = (f"{pr} picks a row, {pc} a column; each cell shows the payoffs ({pr}, {pc}).")
    if eqs is None:
        return s
    s += " Underlined: a best response to the other side's action."
    names = [f"({game.row_actions[i]}, {game.col_actions[j]})" for i, j in sorted(eqs)]
    if not names:
        s += " No cell has both payoffs underlined: there is no pure Nash equilibrium."
    elif len(names) == 1:
        s += f" Boxed and tagged NE: the pure Nash equilibrium {names[0]}."
    else:
        s += f" Boxed and tagged NE: the pure Nash equilibria {_sentence_join(names)}."
    return s


# --------------------------------------------------------------------------------------------
# Regime maps
# --------------------------------------------------------------------------------------------

_HATCH = (
    "",                                                      # plain
    '<path d="M0,12 L12,0" stroke="#000" stroke-opacity="0.35" stroke-width="1.4"/>',  # /
    '<path d="M0,0 L12,12" stroke="#000" stroke-opacity="0.35" stroke-width="1.4"/>',  # \
    '<circle cx="6" cy="6" r="1.7" fill="#000" fill-opacity="0.4"/>',                   # dots
    '<path d="M0,6 H12" stroke="#000" stroke-opacity="0.35" stroke-width="1.4"/>',       # -
    '<path d="M6,0 V12" stroke="#000" stroke-opacity="0.35" stroke-width="1.4"/>',       # |
    '<path d="M0,12 L12,0 M0,0 L12,12" stroke="#000" stroke-opacity="0.3" stroke-width="1.1"/>',  # x
    '<path d="M0,6 H12 M6,0 V12" stroke="#000" stroke-opacity="0.3" stroke-width="1.1"/>',        # +
)
def _tint(colour: str, amount: float = 0.45) -> str:
    """The colour mixed with white: light enough for black text, and opaque (no seams)."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in (r, g, b))


def nice_ticks(lo: float, hi: float, target: int = 5) -> list[float]:
    """Round tick values (steps of 1, 2, 2.5 or 5 times a power of ten) covering [lo, hi]."""
    span = hi - lo
    if not span > 0:
        return [lo]
    raw = span / max(target - 1, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = max(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag <= raw * 1.001)
    first = math.ceil(lo / step - 1e-9) * step
    out, t = [], first
    while t <= hi + step * 1e-9:
        out.append(round(t, 12))
        t += step
    return out


# Region labels: bold 15px text, about 8.6 px a character, 17 px a line; a label's box must lie at
# least this much inside its own region.
_CHAR_W, _LINE_H, _LABEL_COVER = 8.6, 17, 0.7


def _patterns() -> str:
    out = []
    for k, colour in enumerate(PALETTE):
        out.append(f'<pattern id="tw-rm-p{k}" patternUnits="userSpaceOnUse" width="12" height="12">'
                   f'<rect width="12" height="12" fill="{_tint(colour)}"/>{_HATCH[k]}</pattern>')
    return "<defs>" + "".join(out) + "</defs>"


def _axis_label(spec, name, room: int = 0) -> str:
    """The spec's label and unit ("Patience (δ), weight on next round"); the unit is dropped when the
    whole would not fit in `room` characters (0: no limit)."""
    if spec is None:
        return name
    text = f"{spec.label}, {spec.unit}" if spec.unit else spec.label
    return spec.label if room and len(text) > room else text


def _symbol(spec, name) -> str:
    """What a student sees on the slider, short: the symbol in the label's closing parentheses
    ("Prior that the incumbent is tough (μ₀)" -> "μ₀"), else the whole label; the code name only
    when there is no spec."""
    if spec is None:
        return name
    m = re.search(r"\(([^()]+)\)\s*$", spec.label)
    return m.group(1) if m else spec.label


class _RegimeBase:
    """The map without the current point: recomputed only when a parameter other than x, y moves."""

    W, H = 520, 390
    L, T = 78, 16

    def __init__(self, grid, xspec=None, yspec=None, title=""):
        import numpy as np

        codes = np.asarray(grid.codes)
        xs, ys = np.asarray(grid.xs, dtype=float), np.asarray(grid.ys, dtype=float)
        ny, nx = codes.shape
        self.grid, self.codes, self.xs, self.ys = grid, codes, xs, ys
        self.labels = tuple(grid.labels)
        # Cells are centred on the grid points, so the map spans half a cell beyond each end.
        dx = (xs[-1] - xs[0]) / (nx - 1) if nx > 1 else 1.0
        dy = (ys[-1] - ys[0]) / (ny - 1) if ny > 1 else 1.0
        self.x0, self.x1 = xs[0] - dx / 2, xs[-1] + dx / 2
        self.y0, self.y1 = ys[0] - dy / 2, ys[-1] + dy / 2
        W, H, L, T = self.W, self.H, self.L, self.T
        cw, ch = W / nx, H / ny
        # One path per region, made of the runs of equal cells in each row. Runs overlap by a
        # fraction of a pixel and the fills are opaque, so no seams show between rows.
        runs: dict[int, list[str]] = {}
        for i in range(ny):
            row = codes[i]
            y = T + (ny - 1 - i) * ch  # rows go up the screen as y grows
            change = np.flatnonzero(np.diff(row)) + 1
            starts = np.concatenate(([0], change)).tolist()
            ends = np.concatenate((change, [nx])).tolist()
            for s, e in zip(starts, ends):
                runs.setdefault(int(row[s]), []).append(
                    f"M{L + s * cw:.2f},{y:.2f}h{(e - s) * cw + 0.4:.2f}v{ch + 0.4:.2f}h{-(e - s) * cw - 0.4:.2f}z")
        parts = ['<g class="tw-regions">']
        for k, d in sorted(runs.items()):
            parts.append(f'<path class="tw-region" data-label="{_esc(self.labels[k])}" d="{"".join(d)}"'
                         f' fill="url(#tw-rm-p{k % len(PALETTE)})"/>')
        parts.append("</g>")
        # Boundaries: a line wherever neighbouring cells differ, so regions read without colour.
        d = []
        vert = codes[:, 1:] != codes[:, :-1]
        for i, j in zip(*np.nonzero(vert)):
            x = L + (j + 1) * cw
            y = T + (ny - 1 - i) * ch
            d.append(f"M{x:.1f},{y:.1f}v{ch:.1f}")
        horiz = codes[1:, :] != codes[:-1, :]
        for i, j in zip(*np.nonzero(horiz)):
            y = T + (ny - 1 - i) * ch
            d.append(f"M{L + j * cw:.1f},{y:.1f}h{cw:.1f}")
        if d:
            parts.append(f'<path d="{"".join(d)}" stroke="currentColor" stroke-width="2" fill="none"'
                         f' stroke-linecap="square"/>')
        # Region labels: each at the cell nearest its region's centre of mass where the label's box lies
        # mostly inside the region and clear of the labels already placed (largest region first).
        present = sorted(set(np.unique(codes).tolist()))
        self.label_boxes = {}
        for k in sorted(present, key=lambda k: -int((codes == k).sum())):
            placed = self._place_label(k, cw, ch)
            if placed is None:
                continue  # a sliver, or no free room: the legend below names it
            lines, (x0, y0, x1, y1) = placed
            self.label_boxes[self.labels[k]] = (x0, y0, x1, y1)
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            tsp = "".join(f'<tspan x="{cx:.1f}" dy="{0 if n == 0 else _LINE_H}">{_esc(t)}</tspan>'
                          for n, t in enumerate(lines))
            parts.append(f'<text class="tw-halo" x="{cx:.1f}" y="{cy - _LINE_H / 2 * (len(lines) - 1):.1f}"'
                         f' text-anchor="middle" dominant-baseline="middle" font-weight="bold"'
                         f' font-size="15">{tsp}</text>')
        # Axes, ticks and labels from the parameter specs.
        parts.append(f'<rect x="{L}" y="{T}" width="{W}" height="{H}" fill="none" stroke="currentColor"'
                     f' stroke-width="1.2"/>')
        for t in nice_ticks(xs[0], xs[-1]):
            x = self.px(t)
            parts.append(f'<line x1="{x:.1f}" y1="{T + H}" x2="{x:.1f}" y2="{T + H + 6}" stroke="currentColor"/>'
                         f'<text x="{x:.1f}" y="{T + H + 21}" text-anchor="middle" font-size="13">{fmt(t)}</text>')
        for t in nice_ticks(ys[0], ys[-1]):
            y = self.py(t)
            parts.append(f'<line x1="{L - 6}" y1="{y:.1f}" x2="{L}" y2="{y:.1f}" stroke="currentColor"/>'
                         f'<text x="{L - 10}" y="{y:.1f}" text-anchor="end" dominant-baseline="middle"'
                         f' font-size="13">{fmt(t)}</text>')
        self.names = (_symbol(xspec, grid.x_name), _symbol(yspec, grid.y_name))
        self.xlabel = _axis_label(xspec, grid.x_name)
        self.ylabel = _axis_label(yspec, grid.y_name, room=int(H / 8.6))  # bold 15px, about 8.6 px a character
        parts.append(f'<text x="{L + W / 2:.1f}" y="{T + H + 44}" text-anchor="middle" font-size="15"'
                     f' font-weight="bold">{_esc(self.xlabel)}</text>')
        parts.append(f'<text x="{22}" y="{T + H / 2:.1f}" text-anchor="middle" font-size="15" font-weight="bold"'
                     f' transform="rotate(-90 22 {T + H / 2:.1f})">{_esc(self.ylabel)}</text>')
        # Legend below: swatch with the same hatch, the full label.
        ly = T + H + 66
        for n, k in enumerate(present):
            y = ly + n * 24
            parts.append(f'<rect x="{L}" y="{y - 9}" width="28" height="18" fill="url(#tw-rm-p{k % len(PALETTE)})"'
                         f' stroke="currentColor"/><text x="{L + 38}" y="{y}" dominant-baseline="middle"'
                         f' font-size="14">{_esc(self.labels[k])}</text>')
        self.point_legend_y = ly + len(present) * 24
        self.height = self.point_legend_y + 18
        self.width = L + W + 20
        self.present = present
        self.title = title
        self.body = _patterns() + "".join(parts)

    def px(self, x):
        return self.L + (x - self.x0) / (self.x1 - self.x0) * self.W

    def py(self, y):
        return self.T + self.H - (y - self.y0) / (self.y1 - self.y0) * self.H

    def _place_label(self, k, cw, ch):
        """(lines, box) for region k's label, or None. The box (x0, y0, x1, y1, in SVG pixels, with a
        small margin) must lie inside the plot, have at least _LABEL_COVER of the grid cells under it
        in region k, and overlap no box placed before; a narrower wrap is tried when the first fails."""
        import numpy as np

        codes = self.codes
        ny, nx = codes.shape
        mask = codes == k
        if mask.sum() < 0.04 * codes.size:
            return None
        # Summed-area table of the region (row 0 at the top of the screen), for coverage in O(1) a box.
        top_down = mask[::-1].astype(np.int32)
        sat = np.zeros((ny + 1, nx + 1), dtype=np.int32)
        sat[1:, 1:] = top_down.cumsum(0).cumsum(1)
        ii, jj = np.nonzero(mask)
        ci, cj = ii.mean(), jj.mean()
        order = np.argsort((ii - ci) ** 2 + (jj - cj) ** 2, kind="stable")
        cx = self.L + (jj[order] + 0.5) * cw
        cy = self.T + (ny - 1 - ii[order] + 0.5) * ch
        L, T, W, H = self.L, self.T, self.W, self.H
        for width in (22, 15, 11):
            lines = wrap_words(self.labels[k], width)
            hw = max(len(t) for t in lines) * _CHAR_W / 2 + 3
            hh = _LINE_H * len(lines) / 2 + 2
            x0, x1, y0, y1 = cx - hw, cx + hw, cy - hh, cy + hh
            inside = (x0 >= L + 1) & (x1 <= L + W - 1) & (y0 >= T + 1) & (y1 <= T + H - 1)
            # Cells whose centres lie in the box: columns a..b-1, screen rows c..d-1.
            a = np.clip(np.ceil((x0 - L) / cw - 0.5), 0, nx).astype(int)
            b = np.clip(np.floor((x1 - L) / cw - 0.5) + 1, 0, nx).astype(int)
            c = np.clip(np.ceil((y0 - T) / ch - 0.5), 0, ny).astype(int)
            d = np.clip(np.floor((y1 - T) / ch - 0.5) + 1, 0, ny).astype(int)
            count = np.maximum((b - a) * (d - c), 1)
            ours = sat[d, b] - sat[c, b] - sat[d, a] + sat[c, a]
            ok = np.flatnonzero(inside & (ours >= _LABEL_COVER * count))
            for n in ok:
                box = (float(x0[n]), float(y0[n]), float(x1[n]), float(y1[n]))
                if not any(box[0] < q[2] and q[0] < box[2] and box[1] < q[3] and q[1] < box[3]
                           for q in self.label_boxes.values()):
                    return lines, box
        return None

    def region_at(self, x, y) -> str:
        import numpy as np

        j = int(np.argmin(np.abs(self.xs - x)))
        i = int(np.argmin(np.abs(self.ys - y)))
        return self.labels[int(self.codes[i, j])]

    def svg(self, point, here: str | None = None) -> str:
        """here: the region the point is in, when the caller knows it exactly (the solved outcome);
        otherwise the nearest grid cell's, which can differ between grid points near a boundary. The
        point is named by the sliders' symbols or labels (self.names), never by code names."""
        x, y = point
        px = min(max(self.px(x), self.L), self.L + self.W)
        py = min(max(self.py(y), self.T), self.T + self.H)
        here = here if here in self.labels else self.region_at(x, y)
        xn, yn = self.names
        where = f"{xn} = {fmt(x)}, {yn} = {fmt(y)}"
        mark = (
            f'<g class="tw-point" data-x="{x}" data-y="{y}" data-region="{_esc(here)}">'
            f'<line x1="{px:.1f}" y1="{self.T}" x2="{px:.1f}" y2="{self.T + self.H}" stroke="currentColor"'
            f' stroke-dasharray="4 4" stroke-opacity="0.7"/>'
            f'<line x1="{self.L}" y1="{py:.1f}" x2="{self.L + self.W}" y2="{py:.1f}" stroke="currentColor"'
            f' stroke-dasharray="4 4" stroke-opacity="0.7"/>'
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="9" fill="#fff" stroke="#000" stroke-width="2.5"/>'
            f'<path d="M{px - 5:.1f},{py:.1f}h10M{px:.1f},{py - 5:.1f}v10" stroke="#000" stroke-width="2.5"/>'
            f"</g>"
            f'<circle cx="{self.L + 14}" cy="{self.point_legend_y}" r="8" fill="#fff" stroke="#000" stroke-width="2"/>'
            f'<path d="M{self.L + 10},{self.point_legend_y}h8M{self.L + 14},{self.point_legend_y - 4}v8"'
            f' stroke="#000" stroke-width="2"/>'
            f'<text x="{self.L + 38}" y="{self.point_legend_y}" dominant-baseline="middle" font-size="14">'
            f'Now: {_esc(where)} → {_esc(here)}</text>'
        )
        regions = _sentence_join([f"'{self.labels[k]}'" for k in self.present])
        desc = (f"Regime map over {self.xlabel} (horizontal) and {self.ylabel} (vertical). Regions: {regions}."
                f" The current point ({where}) lies in the region '{here}'.")
        return svg_document("tw-regime", f"{self.width} {self.height}", self.width * 1.6, desc,
                            self.title or "Regime map", self.body + mark)


def wrap_words(text: str, width: int) -> list[str]:
    """text broken into lines of at most `width` characters at spaces (a longer word keeps a line
    to itself): SVG text does not wrap by itself."""
    lines, cur = [], ""
    for w in text.split():
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    return lines + [cur] if cur else lines


def regime_svg(grid, xspec=None, yspec=None, title: str = "") -> str:
    """A RegimeGrid as SVG: hatched, labelled regions with boundary lines, axes from the specs and
    the grid's current point marked with a symbol and in words."""
    return _RegimeBase(grid, xspec, yspec, title).svg(grid.point)


# --------------------------------------------------------------------------------------------
# Stateful views
# --------------------------------------------------------------------------------------------

class Static:
    """Displayed as the live widget plus, as text/html, a static copy of its current state.

    Anything with `.widget` and `static_html()` (the same markup the widget shows now, never a
    second drawing) gets this display. Front ends with a widget manager rank the widget view first
    and show only it (JupyterLab, Voila and JupyterLite: the widget renderer has rank -10, HTML 50,
    and their outputs are trusted); those without one (nbconvert and nbviewer skip the widget view
    when no widget state was saved, GitHub, a PDF) show the picture instead of "Loading widget".
    """

    widget: Any

    def static_html(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle["text/html"] = self.static_html()
        return bundle


class View(Static):
    """Base class: `.widget` carries the classes tw-view and tw-view-<kind> for browser tests."""

    kind = "view"

    def _init_widget(self, widget):
        self.widget = widget
        widget.add_class("tw-ui")
        widget.add_class("tw-view")
        widget.add_class(f"tw-view-{self.kind}")
        return widget

    def update(self, result, values):  # pragma: no cover - abstract
        raise NotImplementedError

    def close(self):
        self.widget.close()


class SvgView(View):
    """A library-drawn picture (or table) in an HTML widget, redrawn in place.

    Subclasses implement render(result, values) -> the markup, keeping on self what tests and
    notebooks read (.svg, a caption's text); `title` is a class default an instance may override,
    and `width` the widget's CSS width (None: as wide as its content).
    """

    title = ""
    width: str | None = "100%"

    def __init__(self, title: str | None = None):
        if title is not None:
            self.title = title
        layout = {} if self.width is None else {"layout": widgets.Layout(width=self.width)}
        self._init_widget(widgets.HTML(**layout))

    def render(self, result, values) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def update(self, result, values):
        self.widget.value = self.render(result, values)

    def static_html(self) -> str:
        return self.widget.value


def _pick_threat(flagged_eqs, solution=None, tree=None):
    """The Nash equilibrium to draw beside the SPE: one resting on a non-credible threat.

    Preferred: one whose threatened moves all differ from the SPE's choices at those nodes (a
    "threat" that is also the SPE's own move would make the picture contradict itself), and among
    those the one with the fewest threats, made nearest the root (the threat doing the deterring).
    None when every equilibrium is subgame perfect.
    """
    cands = [fe for fe in flagged_eqs or () if not fe.subgame_perfect and fe.noncredible]
    if solution is not None:
        # A threat worth drawing changes what happens: an equilibrium that plays out like the SPE
        # only differs in plans nobody reaches, and marking those would mislead a beginner.
        cands = [fe for fe in cands if tuple(fe.payoffs) != tuple(solution.value)]
    if not cands:
        return None
    if solution is not None:
        clear = [fe for fe in cands
                 if all(fe.profile.get(n) != solution.choice.get(n) for n in fe.noncredible)]
        cands = clear or cands
    order = {n.name: i for i, (_, n) in enumerate(_decisions(tree))} if tree is not None else {}
    return min(cands, key=lambda fe: (len(fe.noncredible), min(order.get(n, 0) for n in fe.noncredible)))


def _default_tree_get(result, values, threats=True):
    """For results that can rebuild their tree (M1's result.tree()): tree, SPE and a threat."""
    from ..games.backward import backward_induction
    from ..games.tree_form import nash_equilibria

    tree = result.tree() if callable(getattr(result, "tree", None)) else result.tree
    sol = backward_induction(tree)
    return tree, sol, (_pick_threat(nash_equilibria(tree), sol, tree) if threats else None)


class TreeView(SvgView):
    """A tree drawn by tree_svg, updated in place.

    get(result) or get(result, values) returns a Tree, (tree, solution) or (tree, solution,
    flagged); flagged may also be a sequence of FlaggedEquilibrium (one resting on a non-credible
    threat is picked, see _pick_threat). By default the result's own tree() is solved and, with
    threats, a Nash equilibrium resting on a non-credible threat is drawn beside the SPE.
    """

    kind = "tree"

    def __init__(self, get: Callable | None = None, title: str = "", threats: bool = True):
        self._get = _adapt(get) or (lambda result, values: _default_tree_get(result, values, threats))
        super().__init__(title)

    def render(self, result, values):
        got = self._get(result, values)
        if not isinstance(got, tuple):
            got = (got,)
        tree, solution, flagged = (tuple(got) + (None, None))[:3]
        if flagged is not None and not hasattr(flagged, "noncredible"):
            flagged = _pick_threat(flagged, solution, tree)
        self.svg = tree_svg(tree, solution, flagged, self.title)
        return self.svg


class MatrixView(SvgView):
    """A strategic form (matrix_html) from get(result[, values]) -> NormalFormGame."""

    kind = "matrix"
    width = None

    def __init__(self, get: Callable, highlight: bool = True):
        self._get = _adapt(get)
        self.highlight = highlight
        super().__init__()

    def render(self, result, values):
        self.html = matrix_html(self._get(result, values), self.highlight)
        return self.html


class RegimeMapView(SvgView):
    """model.regime_grid(x, y, n, **values) drawn as hatched, labelled regions, current point marked.

    Library-drawn SVG (runs of equal cells merged per row): building it takes about a millisecond,
    well inside the 50 ms budget, and text stays sharp on a projector. The map itself is cached
    while only x and y move (they just move the point).
    """

    kind = "regime"

    def __init__(self, model, x: str, y: str, n: int = 61, title: str = ""):
        self.model, self.x, self.y, self.n = model, x, y, n
        specs = getattr(model, "PARAMS", {})
        self.xspec, self.yspec = specs.get(x), specs.get(y)
        self._key = None
        self._base = None
        super().__init__(title)

    def render(self, result, values):
        key = tuple(sorted((k, repr(v)) for k, v in values.items() if k not in (self.x, self.y)))
        if key != self._key:
            grid = self.model.regime_grid(self.x, self.y, self.n, **values)
            self._base = _RegimeBase(grid, self.xspec, self.yspec, self.title)
            self._key = key
        point = (float(values[self.x]), float(values[self.y]))
        self.point = point
        # The solved outcome, where the model names one of the map's regions, is exact at the point.
        outcome = getattr(result, "outcome", None)
        self.region = outcome if outcome in self._base.labels else self._base.region_at(*point)
        self.svg = self._base.svg(point, here=self.region)
        return self.svg


class ExplainView(SvgView):
    """The result's explain() as numbered sentences."""

    kind = "explain"
    width = None

    def __init__(self, get: Callable | None = None, heading: str = "Why: the model explains itself"):
        self._get = _adapt(get) or (lambda result, values: result.explain())
        self.heading = heading
        super().__init__()
        self.widget.add_class("tw-explain")

    def render(self, result, values):
        self.sentences = list(self._get(result, values))
        items = "".join(f"<li>{_esc(s)}</li>" for s in self.sentences)
        head = f'<div class="tw-explain-heading">{_esc(self.heading)}</div>' if self.heading else ""
        return f'{head}<ol class="tw-explain-list">{items}</ol>'


def _show(v) -> str:
    if v is None:
        return "–"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, Real):
        return fmt(v)
    if isinstance(v, (tuple, list)):
        return "(" + ", ".join(_show(x) for x in v) + ")" if all(isinstance(x, Real) for x in v) \
            else " → ".join(str(x) for x in v)
    return str(v)


class ValueView(SvgView):
    """A small table of a result's key numbers.

    fields: names of result attributes (or of parameters), or tuples (name, label) /
    (name, label, unit); name may be a callable getter(result, values).
    """

    kind = "values"
    width = None

    def __init__(self, fields: Iterable, caption: str = ""):
        self.fields = []
        for f in fields:
            f = (f,) if not isinstance(f, tuple) else f
            name = f[0]
            label = f[1] if len(f) > 1 else (name if isinstance(name, str) else "")
            unit = f[2] if len(f) > 2 else ""
            self.fields.append((name, label, unit))
        self.caption = caption
        super().__init__()

    def render(self, result, values):
        rows = []
        self.shown = {}
        for name, label, unit in self.fields:
            if callable(name):
                v = _adapt(name)(result, values)
            elif hasattr(result, name):
                v = getattr(result, name)
                v = v() if callable(v) else v
            else:
                v = values.get(name)
            text = _show(v)
            self.shown[label] = text
            rows.append(f'<tr><th scope="row" style="text-align:left;padding:0.2em 1em 0.2em 0;font-weight:normal">'
                        f'{_esc(label)}</th><td style="text-align:right;font-weight:bold;padding:0.2em 0.4em">'
                        f'{_esc(text)}</td><td style="padding:0.2em 0;opacity:0.8">{_esc(unit)}</td></tr>')
        cap = f'<caption style="text-align:left;font-weight:bold">{_esc(self.caption)}</caption>' \
            if self.caption else ""
        return f'<table class="tw-values" style="font-size:1.05em">{cap}{"".join(rows)}</table>'


class LineChartView(SvgView):
    """A line chart drawn as SVG by the library, redrawn in place.

    func(result[, values]) returns (xs, {label: ys}); with x (a parameter name) the current value
    values[x] is marked by a vertical line and a marker on each curve, at now(result[, values])
    -> {label: y} when given (exact) or else interpolated. While only x moves the curves are cached
    (the axes, lines and legend are one reused string), so an update builds the markers and the
    words only. Lines differ in dash pattern and marker symbol and are named in a legend, not only
    by colour. The legend sits above the plot area (under the title), never on it, so it cannot
    hide a curve wherever the data go. size sets the picture's proportions (width, height).
    """

    kind = "chart"
    _DASHES = ("", "9 5", "11 4 2 4", "2 4")
    _DASH_NAMES = ("solid", "dashed", "dash-dot", "dotted")
    _MARKER_NAMES = ("circle", "square", "triangle", "diamond")
    # Okabe-Ito colours with at least 3:1 contrast on a white and on a near-black (#111) page.
    _COLOURS = (PALETTE[5], PALETTE[6], PALETTE[2], PALETTE[4])
    W = 640
    _ids = itertools.count(1)  # each chart's clip path needs an id of its own on the page

    def __init__(self, func: Callable, x: str | None = None, *, model=None, xlabel: str | None = None,
                 ylabel: str = "", title: str = "", ylim=None, now: Callable | None = None,
                 size=(6.4, 3.4)):
        self._func = _adapt(func)
        self._now = _adapt(now)
        self.x = x
        spec = getattr(model, "PARAMS", {}).get(x) if x else None
        self._xlim = (float(spec.lo), float(spec.hi)) if spec is not None and spec.kind in ("float", "int") else None
        self._xlabel = xlabel if xlabel is not None else (_axis_label(spec, x) if x else "")
        self._xname = self._xlabel or (x or "x")
        self._yname = ylabel
        self._title = title
        self._ylim = tuple(float(v) for v in ylim) if ylim is not None else None
        # The plot area's height keeps the figure's proportions; title and legend add to it.
        self._plot_h = max(self.W * float(size[1]) / float(size[0]) - 80, 140)
        self._clip = f"tw-chart-clip-{next(self._ids)}"
        self._xticks = None
        self._base = None   # (body, geometry) of everything but the current-value marks
        self._limits = None
        self._key = None
        self._data = None
        self._cur_x = None
        self.current: dict[str, float] = {}
        self.description = ""
        self.alt = ""
        self.caption = ""
        self.svg = ""
        super().__init__(title)

    def set_xticks(self, ticks, labels=None):
        """Ticks at these x values, with these labels (default: the values)."""
        ticks = [float(t) for t in ticks]
        labels = [fmt(t) for t in ticks] if labels is None else [str(s) for s in labels]
        if len(labels) != len(ticks):
            raise ValueError(f"labels: {len(labels)} labels for {len(ticks)} ticks; give one per tick")
        self._xticks = list(zip(ticks, labels))
        self._base = None

    @classmethod
    def sweep(cls, model, x: str, fields: Mapping[str, str], n: int = 61, **kwargs) -> "LineChartView":
        """Result fields against parameter x over its slider range, by solving the model at n points
        (the other parameters at their current values). Points where solve refuses are left out.

        fields: result attribute -> line label, e.g. {"p_cn_hawk": "P(China plays Hawk)"}.
        """
        import numpy as np

        spec = model.PARAMS[x]
        xs = np.linspace(float(spec.lo), float(spec.hi), n)

        def func(result, values):
            ys = {label: np.full(n, np.nan) for label in fields.values()}
            for i, xv in enumerate(xs):
                try:
                    r = model.solve(**{**values, x: float(xv)})
                except ValueError:
                    continue
                for name, label in fields.items():
                    v = getattr(r, name)
                    ys[label][i] = np.nan if v is None else float(v)
            return xs, ys

        def now(result, values):
            out = {}
            for name, label in fields.items():
                v = getattr(result, name, None)
                out[label] = float("nan") if v is None else float(v)
            return out

        kwargs.setdefault("now", now)
        return cls(func, x, model=model, **kwargs)

    def _set_data(self, xs, series):
        import numpy as np

        finite = [ys[np.isfinite(ys)] for ys in series.values()]
        finite = np.concatenate(finite) if finite else np.array([])
        if self._ylim is not None:
            ylim = self._ylim
        elif finite.size:
            lo, hi = float(finite.min()), float(finite.max())
            pad = 0.06 * (hi - lo) if hi > lo else max(abs(hi), 1.0) * 0.1
            ylim = (lo - pad, hi + pad)
        else:
            ylim = (0.0, 1.0)
        xlim = self._xlim or ((float(np.nanmin(xs)), float(np.nanmax(xs))) if len(xs) else (0.0, 1.0))
        if xlim[1] <= xlim[0]:
            xlim = (xlim[0] - 0.5, xlim[0] + 0.5)
        self._limits = (xlim, ylim)
        self._base = None

    def render(self, result, values):
        import numpy as np

        key = tuple(sorted((k, repr(v)) for k, v in values.items() if k != self.x)) if self.x else None
        if key is None or key != self._key or self._data is None:
            xs, series = self._func(result, values)
            xs = np.asarray(xs, dtype=float)
            series = {k: np.asarray(v, dtype=float) for k, v in series.items()}
            self._data, self._key = (xs, series), key
            self._set_data(xs, series)
        xs, series = self._data
        if self._base is None:
            self._base = self._draw_base(xs, series)
        body, g = self._base
        marks = []
        self.current = {}
        self._cur_x = None
        if self.x is not None and self.x in values:
            cur = self._cur_x = float(values[self.x])
            # The curves may be cached, but the current values come fresh from this result.
            now = self._now(result, values) if self._now is not None else {}
            X = g["px"](cur)
            if g["L"] - 0.5 <= X <= g["R"] + 0.5:
                marks.append(f'<line x1="{X:.1f}" y1="{g["T"]:.1f}" x2="{X:.1f}" y2="{g["B"]:.1f}"'
                             ' stroke="currentColor" stroke-width="1.6" stroke-dasharray="2 3"/>')
            for n, (label, ys) in enumerate(series.items()):
                y = float(now[label]) if label in now else float(np.interp(cur, xs, ys))
                self.current[label] = y
                if math.isfinite(y):
                    marks.append(self._marker(n, X, g["py"](y), clip=True))
        self.description = self._describe(xs, series)
        self.alt = (f"Line chart: {self._title}" if self._title else "Line chart") + \
            (f", {_sentence_join(list(series))} against {self._xname}" if series else "") + ". Described below."
        self.svg = svg_document("tw-chart", f"{self.W} {g['height']:.0f}", 760, self.alt,
                                self._title or "Line chart", body + "".join(marks), font_size=13)
        # Under the picture, the chart in words from the data: what a screen reader reads after the
        # picture's short name, and what a student reads when the chart is too small on a phone.
        self.caption = f'<div class="tw-chart-caption">{_esc(self.description)}</div>'
        return self.svg + self.caption

    def _marker(self, n, x, y, clip=False) -> str:
        """Line n's marker symbol at (x, y): filled in its colour, edged in the text colour."""
        c = self._COLOURS[n % 4]
        k = n % 4
        if k == 0:
            shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5.5"'
        elif k == 1:
            shape = f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10"'
        elif k == 2:
            shape = f'<path d="M{x:.1f},{y - 6.5:.1f}L{x + 6.5:.1f},{y + 5:.1f}H{x - 6.5:.1f}Z"'
        else:
            shape = f'<path d="M{x:.1f},{y - 7:.1f}L{x + 6:.1f},{y:.1f}L{x:.1f},{y + 7:.1f}L{x - 6:.1f},{y:.1f}Z"'
        where = f' clip-path="url(#{self._clip})"' if clip else ""
        return f'{shape} fill="{c}" stroke="currentColor" stroke-width="1.5"{where}/>'

    def _draw_base(self, xs, series):
        """Title, legend, axes with ticks and labels, grid and the curves: everything but the marks."""
        W = self.W
        (x0, x1), (y0, y1) = self._limits
        parts, top = [], 8
        if self._title:
            parts.append(f'<text x="{W / 2:.0f}" y="{top + 16}" text-anchor="middle" font-size="16"'
                         f' font-weight="bold">{_esc(self._title)}</text>')
            title_box = (0, top, W, top + 20)
            top += 26
        else:
            title_box = None
        # Legend: a sample of each line with its marker, then its label, in rows that fit the width.
        items, row_x, row_y, legend_top = [], 12.0, top + 10, top
        for n, label in enumerate(series):
            w = 52 + 7.2 * len(label)
            if row_x > 12 and row_x + w > W - 8:
                row_x, row_y = 12.0, row_y + 22
            c, dash = self._COLOURS[n % 4], self._DASHES[n % 4]
            items.append(f'<line x1="{row_x:.1f}" y1="{row_y}" x2="{row_x + 36:.1f}" y2="{row_y}" stroke="{c}"'
                         f' stroke-width="2.6"' + (f' stroke-dasharray="{dash}"' if dash else "") + "/>"
                         + self._marker(n, row_x + 18, row_y)
                         + f'<text x="{row_x + 44:.1f}" y="{row_y}" dominant-baseline="middle">{_esc(label)}</text>')
            row_x += w + 18
        legend_box = (12, legend_top, W - 8, row_y + 10) if series else None
        parts.extend(items)
        L, R = 70, W - 24
        T = (row_y + 22) if series else top + 8
        B = T + self._plot_h

        def px(x):
            return L + (x - x0) / (x1 - x0) * (R - L)

        def py(y):
            return B - (y - y0) / (y1 - y0) * (B - T) if y1 > y0 else (T + B) / 2

        # Grid and ticks (round values from nice_ticks, or the notebook's own labels).
        xt = self._xticks or [(t, fmt(t)) for t in nice_ticks(x0, x1)]
        for t, lab in xt:
            if not x0 - 1e-9 <= t <= x1 + 1e-9:
                continue
            X = px(t)
            parts.append(f'<line x1="{X:.1f}" y1="{T:.1f}" x2="{X:.1f}" y2="{B:.1f}" stroke="currentColor"'
                         f' stroke-opacity="0.15"/><line x1="{X:.1f}" y1="{B:.1f}" x2="{X:.1f}" y2="{B + 5:.1f}"'
                         f' stroke="currentColor"/><text x="{X:.1f}" y="{B + 19:.1f}" text-anchor="middle">'
                         f'{_esc(lab)}</text>')
        for t in nice_ticks(y0, y1):
            Y = py(t)
            parts.append(f'<line x1="{L}" y1="{Y:.1f}" x2="{R}" y2="{Y:.1f}" stroke="currentColor"'
                         f' stroke-opacity="0.15"/><line x1="{L - 5}" y1="{Y:.1f}" x2="{L}" y2="{Y:.1f}"'
                         f' stroke="currentColor"/><text x="{L - 8}" y="{Y:.1f}" text-anchor="end"'
                         f' dominant-baseline="middle">{fmt(t)}</text>')
        parts.append(f'<rect x="{L}" y="{T:.1f}" width="{R - L}" height="{B - T:.1f}" fill="none"'
                     ' stroke="currentColor" stroke-width="1.2"/>')
        if self._xlabel:
            parts.append(f'<text x="{(L + R) / 2:.1f}" y="{B + 40:.1f}" text-anchor="middle" font-size="14">'
                         f'{_esc(self._xlabel)}</text>')
        if self._yname:
            mid = (T + B) / 2
            parts.append(f'<text x="16" y="{mid:.1f}" text-anchor="middle" font-size="14"'
                         f' transform="rotate(-90 16 {mid:.1f})">{_esc(self._yname)}</text>')
        # Curves, broken where a value is missing, clipped to the plot area.
        parts.append(f'<clipPath id="{self._clip}"><rect x="{L - 8}" y="{T - 8:.1f}" width="{R - L + 16}"'
                     f' height="{B - T + 16:.1f}"/></clipPath><g clip-path="url(#{self._clip})" fill="none">')
        sx = ((xs - x0) / (x1 - x0) * (R - L) + L).tolist()
        for n, ys in enumerate(series.values()):
            sy = (B - (ys - y0) / (y1 - y0) * (B - T)).tolist() if y1 > y0 else [(T + B) / 2] * len(ys)
            d, pen = [], "M"
            for X, Y in zip(sx, sy):
                if math.isfinite(Y):
                    d.append(f"{pen}{X:.1f},{Y:.1f}")
                    pen = "L"
                else:
                    pen = "M"
            c, dash = self._COLOURS[n % 4], self._DASHES[n % 4]
            parts.append(f'<path class="tw-chart-line" d="{"".join(d)}" stroke="{c}" stroke-width="2.6"'
                         ' stroke-linejoin="round" stroke-linecap="round"'
                         + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
        parts.append("</g>")
        geometry = {"L": L, "R": R, "T": T, "B": B, "px": px, "py": py, "height": B + (52 if self._xlabel else 32),
                    "legend": legend_box, "title": title_box, "width": W}
        self.geometry = geometry
        return "".join(parts), geometry

    def static_html(self) -> str:
        """The chart's current SVG and its description, as the widget shows them."""
        return (f'<figure class="tw-view tw-view-chart tw-static" style="margin:0;max-width:760px">'
                f"{self.svg}<figcaption>{self.caption}</figcaption></figure>")

    def _describe(self, xs, series) -> str:
        """The chart in words, from the data: axes, each line's range, and the current values."""
        import numpy as np

        parts = []
        if self._title:
            parts.append(f"{self._title}.")
        lo_x, hi_x = (self._limits[0] if self._limits else (0.0, 1.0))
        parts.append(f"Horizontal: {self._xname}, from {fmt(float(lo_x))} to {fmt(float(hi_x))}"
                     + (f"; vertical: {self._yname}." if self._yname else "."))
        for n, (label, ys) in enumerate(series.items()):
            ok = np.isfinite(ys)
            if not ok.any():
                parts.append(f"{label}: no values here.")
                continue
            fx, fy = xs[ok], ys[ok]
            i_lo, i_hi = int(np.argmin(fy)), int(np.argmax(fy))
            parts.append(
                f"{label} ({self._DASH_NAMES[n % 4]} line, {self._MARKER_NAMES[n % 4]} marker): {fmt(float(fy[0]))}"
                f" at {fmt(float(fx[0]))}, {fmt(float(fy[-1]))} at {fmt(float(fx[-1]))}; lowest {fmt(float(fy[i_lo]))}"
                f" at {fmt(float(fx[i_lo]))}, highest {fmt(float(fy[i_hi]))} at {fmt(float(fx[i_hi]))}.")
        if self.current:
            now = "; ".join(f"{label} = {fmt(y) if math.isfinite(y) else 'none'}" for label, y in self.current.items())
            parts.append(f"Now, at {self._xname} = {fmt(self._cur_x)}: {now}.")
        return " ".join(parts)
