"""Views of repeated play: matches round by round, and a round-robin tournament table.

RoundsView draws the first few simulated matches as two lanes of squares (US above, China below):
a hollow square with C is a round where that side kept the truce, a solid square with D one where it
broke it. A "!" above a square marks a false alarm (the side saw a breach that did not happen) and a
"~" marks a slip (its move came out the other way). Under the lanes, a line gives the share of all
simulated matches in which both kept the truce, round by round. Shapes and letters carry the meaning,
colour only repeats it; a text alternative spells every lane out.
"""
from __future__ import annotations

import html

import numpy as np

from .views import PALETTE, SvgView, _adapt, svg_document

__all__ = ["RoundsView", "TournamentView", "rounds_svg", "tournament_html"]

_C_COLOUR = PALETTE[5]  # blue
_D_COLOUR = "#B34700"  # a darker vermillion: white "D" letters on it at 5.5:1 (on #D55E00 only 3.9:1)
_MARK = "#000000"
_SR = ("position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);"
       "white-space:nowrap;border:0;padding:0;margin:-1px")
_SIDES = ("US", "China")


def _lane(actions) -> str:
    return "".join("D" if d else "C" for d in actions)


def rounds_svg(actions, false_alarms, slips, coop_rate, shown: int = 4, title: str = "") -> tuple[str, str]:
    """(svg, text): the first `shown` matches lane by lane, and the mutual-cooperation line.
    actions, false_alarms, slips: bool arrays [side, round, match]; coop_rate: (rounds,)."""
    rounds, n = actions.shape[1], actions.shape[2]
    shown = min(shown, n)
    width = 760
    left, right = 112, 10
    cell = (width - left - right) / rounds
    box = max(2.0, cell * 0.82)
    lane_h, gap = 20, 16
    top = 58 if title else 40
    parts = []
    y = top
    if title:
        parts.append(f'<text x="4" y="18" font-size="15" font-weight="bold">{html.escape(title)}</text>')
    parts.append(f'<text x="{left}" y="{top - 20}" font-size="12">'
                 '□ C = kept the truce   ■ D = broke it   ! = false alarm seen   ~ = slip</text>')
    letters = cell >= 13
    for m in range(shown):
        parts.append(f'<text x="4" y="{y + lane_h + 5}" font-size="12" font-weight="bold">Match {m + 1}</text>')
        for side in range(2):
            yy = y + side * (lane_h + 2)
            parts.append(f'<text x="{left - 6}" y="{yy + 14}" font-size="11" text-anchor="end">{_SIDES[side]}</text>')
            for t in range(rounds):
                x = left + t * cell
                d = bool(actions[side, t, m])
                colour = _D_COLOUR if d else _C_COLOUR
                fill = colour if d else "white"
                parts.append(f'<rect x="{x:.1f}" y="{yy + 1}" width="{box:.1f}" height="{lane_h - 3}" fill="{fill}"'
                             f' stroke="{colour}" stroke-width="1.4"/>')
                if letters:
                    parts.append(f'<text x="{x + box / 2:.1f}" y="{yy + 14}" font-size="11" text-anchor="middle"'
                                 f' fill="{"white" if d else colour}" font-weight="bold">{"D" if d else "C"}</text>')
                mark = "!" if false_alarms[side, t, m] else ""
                mark += "~" if slips[side, t, m] else ""
                if mark:
                    my = yy - 2 if side == 0 else yy + lane_h + 9
                    parts.append(f'<text x="{x + box / 2:.1f}" y="{my}" font-size="11" text-anchor="middle"'
                                 f' font-weight="bold" fill="{_MARK}">{mark}</text>')
        y += 2 * lane_h + gap + 8
    # The cooperation line over all matches.
    ch = 70
    y0 = y + 10
    parts.append(f'<text x="4" y="{y0 + 12}" font-size="12">Both keep</text>'
                 f'<text x="4" y="{y0 + 26}" font-size="12">the truce</text>'
                 f'<text x="4" y="{y0 + 40}" font-size="11">({n} {"match" if n == 1 else "matches"})</text>')
    parts.append(f'<line x1="{left}" y1="{y0 + ch}" x2="{width - right}" y2="{y0 + ch}" stroke="#777"/>'
                 f'<line x1="{left}" y1="{y0}" x2="{left}" y2="{y0 + ch}" stroke="#777"/>'
                 f'<text x="{left - 4}" y="{y0 + 8}" font-size="10" text-anchor="end">100%</text>'
                 f'<text x="{left - 4}" y="{y0 + ch}" font-size="10" text-anchor="end">0%</text>')
    rate = np.nan_to_num(np.asarray(coop_rate, float))
    pts = " ".join(f"{left + (t + 0.41) * cell:.1f},{y0 + ch * (1 - r):.1f}" for t, r in enumerate(rate))
    parts.append(f'<polyline points="{pts}" fill="none" stroke="{PALETTE[2]}" stroke-width="2.2"/>')
    for t in sorted({0, rounds - 1} | set(range(9, rounds, 10))):
        parts.append(f'<text x="{left + (t + 0.41) * cell:.1f}" y="{y0 + ch + 14}" font-size="10"'
                     f' text-anchor="middle">{t + 1}</text>')
    parts.append(f'<text x="{(left + width) / 2:.0f}" y="{y0 + ch + 28}" font-size="11" text-anchor="middle">round</text>')
    height = y0 + ch + 34

    lines = []
    for m in range(shown):
        for side in range(2):
            fa = [str(t + 1) for t in np.flatnonzero(false_alarms[side, :, m])]
            sl = [str(t + 1) for t in np.flatnonzero(slips[side, :, m])]
            extra = (f"; false alarms seen in rounds {', '.join(fa)}" if fa else "") + \
                    (f"; slips in rounds {', '.join(sl)}" if sl else "")
            lines.append(f"Match {m + 1}, {_SIDES[side]}: {_lane(actions[side, :, m])}{extra}.")
    lines.append(f"Both kept the truce in {np.nanmean(np.asarray(coop_rate, float)):.0%} of rounds over {n}"
                 f" {'match' if n == 1 else 'matches'}; in round 1: {rate[0]:.0%}, in round {rounds}: {rate[-1]:.0%}.")
    text = " ".join(lines)
    svg = svg_document("tw-rounds", f"{width} {height:.0f}", width, text, title or "Rounds of the truce, match by match",
                       "".join(parts))
    return svg, text


class RoundsView(SvgView):
    """Round-by-round lanes of simulated matches. get(result[, values]) returns an object with
    actions, false_alarms, slips and coop_rate (default: the result itself, e.g. truce.simulate)."""

    kind = "rounds"

    def __init__(self, get=None, shown: int = 4, title: str = ""):
        self._get = _adapt(get) or (lambda result, values: result)
        self.shown = shown
        super().__init__(title)

    def render(self, result, values):
        sim = self._get(result, values)
        self.svg, self.text = rounds_svg(sim.actions, sim.false_alarms, sim.slips, sim.coop_rate,
                                         self.shown, self.title)
        return f'{self.svg}<div style="{_SR}">{html.escape(self.text)}</div>'


def tournament_html(t, caption: str = "") -> str:
    """A round-robin as a table, rows ranked by score: each cell the row strategy's mean payoff per
    round against the column strategy; the winner's row marked in words, not only in bold."""
    order = [t.names.index(name) for name in t.ranking]
    head = "".join(f'<th scope="col" style="padding:0.2em 0.4em;font-weight:normal;font-size:0.85em">'
                   f'{html.escape(t.names[j])}</th>' for j in order)
    rows = []
    for rank, i in enumerate(order, 1):
        cells = "".join(f'<td style="text-align:right;padding:0.2em 0.4em">{t.matrix[i, j]:.2f}</td>' for j in order)
        weight = "bold" if rank == 1 else "normal"
        tag = " (winner)" if rank == 1 else ""
        rows.append(f'<tr><th scope="row" style="text-align:left;padding:0.2em 0.6em 0.2em 0;font-weight:{weight}">'
                    f'{rank}. {html.escape(t.names[i])}{tag}</th>{cells}'
                    f'<td style="text-align:right;padding:0.2em 0.4em;font-weight:bold;border-left:2px solid #999">'
                    f'{t.score[i]:.2f}</td></tr>')
    cap = f'<caption style="text-align:left;font-weight:bold;padding-bottom:0.3em">{html.escape(caption)}</caption>' \
        if caption else ""
    return (f'<table class="tw-tournament" style="border-collapse:collapse;font-size:0.95em">{cap}'
            f'<thead><tr><th scope="col" style="text-align:left">strategy ↓ against →</th>{head}'
            f'<th scope="col" style="border-left:2px solid #999">score</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


class TournamentView(SvgView):
    """A round-robin table from get(result[, values]) -> games.repeated.Tournament, ranked by score."""

    kind = "tournament"
    width = None

    def __init__(self, get, caption: str = ""):
        self._get = _adapt(get)
        self.caption = caption
        super().__init__()

    def render(self, result, values):
        self.tournament = self._get(result, values)
        self.ranking = self.tournament.ranking
        self.html = tournament_html(self.tournament, self.caption)
        return self.html
