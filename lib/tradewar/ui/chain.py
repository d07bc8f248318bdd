"""The chain-store play drawn challenge by challenge: what each challenger did, and the belief.

A strip of symbols (one per challenge: stays out, enters and is fought, enters and is accommodated)
above a chart of the belief that the incumbent is tough against the entry threshold g^n: a challenger
enters where the solid belief line lies below the dashed threshold. Shapes and line styles carry the
meaning, colour only repeats it, and a sentence under the picture says the same in words.
"""
from __future__ import annotations

import html

from ..text import fmt
from .views import PALETTE, SvgView, nice_ticks, svg_document

__all__ = ["PlayView", "play_svg", "play_text"]

_esc = html.escape

# "Stays out" is an unfilled circle: its grey is darkened from #999 (2.85:1) to #767676 (4.5:1, WCAG 1.4.11).
OUT_COLOUR, FIGHT_COLOUR, GIVE_COLOUR = "#767676", PALETTE[6], PALETTE[0]
BELIEF_COLOUR, THRESHOLD_COLOUR = PALETTE[5], PALETTE[2]

# (one challenger, several challengers)
_WORDS = {"out": ("stays out", "stay out"), "fought": ("enters and is fought", "enter and are fought"),
          "accommodated": ("enters and is accommodated", "enter and are accommodated")}


def _glyph(move, x, y, r):
    if move == "fought":
        return (f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" '
                f'fill="{FIGHT_COLOUR}" stroke="black" stroke-width="0.8"/>')
    if move == "accommodated":
        return (f'<path d="M{x:.1f},{y - 1.2 * r:.1f}L{x + 1.15 * r:.1f},{y + 0.9 * r:.1f}'
                f'L{x - 1.15 * r:.1f},{y + 0.9 * r:.1f}Z" fill="{GIVE_COLOUR}" stroke="black" stroke-width="0.8"/>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{0.75 * r:.1f}" fill="none" stroke="{OUT_COLOUR}" stroke-width="1.6"/>'


def _runs(path):
    """Consecutive challenges with the same move: [(first, last, move), ...], numbered from 1."""
    runs = []
    for t, m in enumerate(path, 1):
        if runs and runs[-1][2] == m:
            runs[-1][1] = t
        else:
            runs.append([t, t, m])
    return [tuple(r) for r in runs]


def play_text(result) -> str:
    """The simulated play in one sentence (the picture's text alternative)."""
    parts = []
    for a, b, m in _runs(result.path):
        parts.append(f"challenge {a} {_WORDS[m][0]}" if a == b else f"challenges {a}–{b} {_WORDS[m][1]}")
    p = result.inputs()
    forced = (f" (back-down forced at challenge {result.back_down_at})" if result.back_down_at is not None else "")
    return (f"Simulated play, {result.incumbent} incumbent, seed {p['seed']}{forced}: " + "; ".join(parts)
            + f". The belief that the incumbent is tough starts at {fmt(result.path_beliefs[0])} and ends at"
            f" {fmt(result.path_beliefs[-1])}.")


def play_svg(result, title: str = "") -> str:
    """Moves strip and belief-versus-threshold chart for result.path (a chain_store result)."""
    N = len(result.path)
    W, L, R = 760, 58, 16
    top = 30 if title else 8
    strip_y = top + 16
    y0, y1 = top + 44, top + 214  # chart: belief 1 at y0, 0 at y1
    H = y1 + 62
    w = (W - L - R) / N
    r = max(2.2, min(7.0, 0.38 * w))

    def x(t):  # centre of challenge t (1-based)
        return L + (t - 0.5) * w

    def y(v):
        return y1 - float(v) * (y1 - y0)

    out = []
    if title:
        out.append(f'<text x="{L}" y="20" font-size="15" font-weight="bold">{_esc(title)}</text>')
    out.append(f'<text x="{L - 8}" y="{strip_y + 4}" font-size="12" text-anchor="end">move</text>')
    for t, m in enumerate(result.path, 1):
        out.append(_glyph(m, x(t), strip_y, r))
    # chart frame and y ticks
    out.append(f'<rect x="{L}" y="{y0}" width="{W - L - R}" height="{y1 - y0}" fill="none" stroke="#888"/>')
    for v in (0, 0.25, 0.5, 0.75, 1):
        out.append(f'<line x1="{L}" x2="{W - R}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ccc" stroke-width="0.6"/>')
        out.append(f'<text x="{L - 6}" y="{y(v) + 4:.1f}" font-size="12" text-anchor="end">{fmt(v)}</text>')
    out.append(f'<text x="14" y="{(y0 + y1) / 2:.0f}" font-size="12" text-anchor="middle" '
               f'transform="rotate(-90 14 {(y0 + y1) / 2:.0f})">probability</text>')
    for t in sorted({1, N} | {int(v) for v in nice_ticks(1, N, 8) if 1 <= v <= N and float(v).is_integer()}):
        out.append(f'<text x="{x(t):.1f}" y="{y1 + 16}" font-size="12" text-anchor="middle">{t}</text>')
    out.append(f'<text x="{(L + W - R) / 2:.0f}" y="{y1 + 32}" font-size="12" text-anchor="middle">'
               f'challenge number (1 = first)</text>')
    # the forced back-down
    if result.back_down_at is not None:
        xb = x(result.back_down_at)
        out.append(f'<line x1="{xb:.1f}" x2="{xb:.1f}" y1="{y0}" y2="{y1}" stroke="black" stroke-dasharray="2 3"/>')
        right = xb < W - R - 120  # keep the label inside the frame near the last challenge
        out.append(f'<text x="{xb + 4 if right else xb - 4:.1f}" y="{y0 + 14}" font-size="12" '
                   f'text-anchor="{"start" if right else "end"}">forced back-down</text>')
    # threshold g^n faced by challenger t (dashed steps) and the belief it faces (solid steps)
    def steps(values):
        pts = []
        for t, v in enumerate(values, 1):
            pts += [f"{L + (t - 1) * w:.1f},{y(v):.1f}", f"{L + t * w:.1f},{y(v):.1f}"]
        return " ".join(pts)

    out.append(f'<polyline points="{steps(result.thresholds)}" fill="none" stroke="{THRESHOLD_COLOUR}" '
               f'stroke-width="2.2" stroke-dasharray="7 4"/>')
    out.append(f'<polyline points="{steps(result.path_beliefs[:-1])}" fill="none" stroke="{BELIEF_COLOUR}" '
               f'stroke-width="2.6"/>')
    # legend: shape and line style name each element
    ly = y1 + 50
    items = [("out", "stays out"), ("fought", "fought"), ("accommodated", "accommodated")]
    lx = L
    for m, word in items:
        out.append(_glyph(m, lx + 6, ly - 4, 6))
        out.append(f'<text x="{lx + 16}" y="{ly}" font-size="12">{word}</text>')
        lx += 30 + 7 * len(word)
    out.append(f'<line x1="{lx}" x2="{lx + 26}" y1="{ly - 4}" y2="{ly - 4}" stroke="{BELIEF_COLOUR}" stroke-width="2.6"/>')
    out.append(f'<text x="{lx + 32}" y="{ly}" font-size="12">belief it is tough</text>')
    lx += 160
    out.append(f'<line x1="{lx}" x2="{lx + 26}" y1="{ly - 4}" y2="{ly - 4}" stroke="{THRESHOLD_COLOUR}" '
               f'stroke-width="2.2" stroke-dasharray="7 4"/>')
    out.append(f'<text x="{lx + 32}" y="{ly}" font-size="12">entry threshold gⁿ</text>')
    return svg_document("tw-chain-play", f"{W} {H}", W, play_text(result), title or "Simulated play, challenge by challenge",
                        "".join(out))


class PlayView(SvgView):
    """The simulated play of a chain_store result as a picture plus its sentence."""

    kind = "play"
    title = "Simulated play, challenge by challenge"

    def render(self, result, values):
        self.svg = play_svg(result, self.title)
        self.text = play_text(result)
        return (f'<div>{self.svg}<p class="tw-play-text" style="font-size:14px;margin:0.2em 0">'
                f'{_esc(self.text)}</p></div>')
