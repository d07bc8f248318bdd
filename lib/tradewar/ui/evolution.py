"""The evolving tournament as a picture: each rule's share of the population over generations.

One line per rule, told apart by a symbol on the line (drawn in the text colour), a dash pattern and a
legend that names each rule with its final share; colour only repeats that. The description under the
picture (and its text alternative) is made from the data: where each rule starts, peaks and ends.
"""
from __future__ import annotations

import html

import numpy as np

from .views import PALETTE, SvgView, _adapt, nice_ticks, svg_document

__all__ = ["EvolutionView", "evolution_svg", "evolution_text", "SYMBOLS"]

SYMBOLS = ("●", "■", "▲", "◆", "✚", "✖", "★", "▼")
_DASHES = ("", "7 3", "2 3", "9 3 2 3", "1 2", "12 4", "5 2 1 2", "3 5")
_COLOURS = (PALETTE[5], PALETTE[6], PALETTE[2], PALETTE[4], "#8B5A00", "#555555", "#7A4F9A", PALETTE[0])


def _pc(x) -> str:
    x = float(x)
    if 0 < x < 0.001:
        return "below 0.1%"
    return f"{x:.1%}"


def evolution_text(ev) -> str:
    """The picture in words, from the data."""
    g = ev.generations
    parts = [f"Line chart: the share of the population playing each of {len(ev.names)} rules, generation 0 to {g}"
             " (vertical: share, 0% to 100%)."]
    order = sorted(range(len(ev.names)), key=lambda i: -float(ev.shares[-1][i]))
    for i in order:
        name = ev.names[i]
        top, when = ev.peak(name)
        gone = ev.died_out_by(name)
        if when == g and g > 0:
            course = f"rises to {_pc(top)} by generation {g}"
        else:
            peak = f"peaks at {_pc(top)} in generation {when}, then " if when > 0 else ""
            course = peak + (f"is below 0.1% from generation {gone} to generation {g}" if gone is not None
                             else f"ends at {_pc(ev.shares[-1][i])}")
        parts.append(f"{name} ({SYMBOLS[i % 8]}): starts at {_pc(ev.shares[0][i])}, {course}.")
    return " ".join(parts)


def evolution_svg(ev, title: str = "") -> tuple[str, str]:
    """(svg, text): shares over generations, one labelled line per rule."""
    names, g = ev.names, ev.generations
    shares = np.asarray(ev.shares, float)
    rows = shares.tolist()  # plain floats: formatting numpy scalars is slow
    width, left, plot_w, top, plot_h = 760, 52, 470, 34 if title else 14, 250
    legend_x = left + plot_w + 26
    text = evolution_text(ev)

    def px(gen):
        return left + plot_w * gen / max(g, 1)

    def py(share):
        return top + plot_h * (1 - float(share))

    body = []
    if title:
        body.append(f'<text x="4" y="18" font-size="15" font-weight="bold">{html.escape(title)}</text>')
    for v in (0, 0.25, 0.5, 0.75, 1):
        y = py(v)
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#888"'
                    f' stroke-opacity="{0.9 if v == 0 else 0.35}"/>'
                    f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{v:.0%}</text>')
    for t in nice_ticks(0, g, 6):
        x = px(t)
        body.append(f'<line x1="{x:.1f}" y1="{top + plot_h}" x2="{x:.1f}" y2="{top + plot_h + 4}" stroke="#888"/>'
                    f'<text x="{x:.1f}" y="{top + plot_h + 17}" font-size="11" text-anchor="middle">{t:g}</text>')
    body.append(f'<text x="{left + plot_w / 2:.0f}" y="{top + plot_h + 33}" font-size="12" text-anchor="middle">'
                f'generation</text><text x="12" y="{top + plot_h / 2:.0f}" font-size="12" text-anchor="middle"'
                f' transform="rotate(-90 12 {top + plot_h / 2:.0f})">share of the population</text>')
    step = max(1, g // 8)
    xs = (left + plot_w * np.arange(g + 1) / max(g, 1)).tolist()
    ys = top + plot_h * (1 - shares)
    for i, _ in enumerate(names):
        colour, dash = _COLOURS[i % 8], _DASHES[i % 8]
        pts = " ".join([f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys[:, i].tolist())])
        body.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2.2"'
                    + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
        # Symbols along the line, staggered so that lines lying on top of each other still show theirs.
        for t in range((i * step) // 8 % step, g + 1, step):
            body.append(f'<text x="{px(t):.1f}" y="{py(rows[t][i]) + 4:.1f}" font-size="11"'
                        f' text-anchor="middle" class="tw-halo">{SYMBOLS[i % 8]}</text>')
    # The legend, largest final share first: symbol, a piece of the line, the name and the share.
    order = sorted(range(len(names)), key=lambda i: -float(ev.shares[-1][i]))
    body.append(f'<text x="{legend_x}" y="{top + 4}" font-size="12" font-weight="bold">generation {g}:</text>')
    for row, i in enumerate(order):
        y = top + 24 + row * 29
        colour, dash = _COLOURS[i % 8], _DASHES[i % 8]
        body.append(f'<line x1="{legend_x}" y1="{y - 4}" x2="{legend_x + 30}" y2="{y - 4}" stroke="{colour}"'
                    f' stroke-width="2.2"' + (f' stroke-dasharray="{dash}"' if dash else "") + "/>"
                    f'<text x="{legend_x + 15}" y="{y}" font-size="11" text-anchor="middle" class="tw-halo">'
                    f'{SYMBOLS[i % 8]}</text>'
                    f'<text x="{legend_x + 36}" y="{y}" font-size="12">{html.escape(names[i])}</text>'
                    f'<text x="{legend_x + 36}" y="{y + 13}" font-size="11">{_pc(ev.shares[-1][i])}</text>')
    height = max(top + plot_h + 42, top + 24 + len(names) * 29)
    short = text.split(" (vertical")[0] + ". Described under the chart."  # the caption reads it all
    svg = svg_document("tw-evolution", f"{width} {height}", width, short, title or "Shares over generations",
                       "".join(body))
    return svg, text


class EvolutionView(SvgView):
    """Shares over generations from get(result[, values]) -> games.repeated.Evolution; the last one
    drawn is kept as .evolution, its description as .text."""

    kind = "evolution"

    def __init__(self, get, title: str = ""):
        self._get = _adapt(get)
        super().__init__(title)

    def render(self, result, values):
        self.evolution = self._get(result, values)
        self.svg, self.text = evolution_svg(self.evolution, self.title)
        return f'{self.svg}<p class="tw-chart-caption">{html.escape(self.text)}</p>'
