"""SplitView: how a pie is divided, drawn as one bar cut in two, with reference marks.

Each part carries its name and percentage as text inside the bar and a different hatch, so the
division is never told by colour alone; marks (for example an outside option or the limit share)
are dashed lines with a label; the whole picture is also described in words (aria-label, desc).
"""
from __future__ import annotations

from typing import Callable

from ..text import fmt
from .views import PALETTE, SvgView, _adapt, _esc, svg_document

__all__ = ["SplitView", "split_svg"]

_W, _BAR_H, _L, _R = 560, 54, 16, 16
_COLOURS = (PALETTE[5], PALETTE[0])
# Diagonal lines one way for the first part, dots for the second: told apart without colour.
_HATCH = (
    '<path d="M-2,2 l4,-4 M0,12 l12,-12 M10,14 l4,-4" stroke="#fff" stroke-opacity="0.55" stroke-width="2"/>',
    '<circle cx="6" cy="6" r="2" fill="#000" fill-opacity="0.35"/>',
)


def _pct(x: float) -> str:
    return f"{fmt(100 * x, 1)}%"


def split_svg(parts, marks=(), title: str = "") -> str:
    """parts: two (name, share) pairs with shares in [0, 1] adding up to 1, drawn left to right.
    marks: (position from the left in [0, 1], label) pairs, drawn as dashed lines under the bar."""
    if len(parts) != 2:
        raise ValueError(f"split_svg draws a division in two, got {len(parts)} parts.")
    shares = [float(s) for _, s in parts]
    if min(shares) < -1e-9 or abs(sum(shares) - 1) > 1e-6:
        raise ValueError(f"split_svg needs two non-negative shares adding up to 1, got {shares}.")
    width = _W - _L - _R
    top = 30 if title else 8
    cut = _L + width * min(max(shares[0], 0.0), 1.0)
    rows = len(marks)
    height = top + _BAR_H + 14 + 22 * rows + 6
    defs = "".join(
        f'<pattern id="tw-split-p{k}" patternUnits="userSpaceOnUse" width="12" height="12">'
        f'<rect width="12" height="12" fill="{_COLOURS[k]}"/>{_HATCH[k]}</pattern>'
        for k in (0, 1)
    )
    body = []
    if title:
        body.append(f'<text x="{_L}" y="20" font-size="15" font-weight="bold">{_esc(title)}</text>')
    spans = ((_L, cut), (cut, _L + width))
    for k, ((name, _), (x0, x1)) in enumerate(zip(parts, spans)):
        body.append(f'<rect class="tw-split-part" data-name="{_esc(name)}" data-share="{shares[k]!r}"'
                    f' x="{x0:.1f}" y="{top}" width="{max(x1 - x0, 0):.1f}" height="{_BAR_H}"'
                    f' fill="url(#tw-split-p{k})" stroke="#000" stroke-width="1.5"/>')
        text = f"{name} {_pct(shares[k])}"
        # Too narrow a part gets its label just outside the bar's end instead of inside.
        if x1 - x0 >= 9 * len(text):
            tx, anchor = (x0 + x1) / 2, "middle"
        else:
            tx, anchor = (x0 - 4, "end") if k == 1 else (x1 + 4, "start")
        body.append(f'<text class="tw-split-label tw-halo" x="{tx:.1f}" y="{top + _BAR_H / 2:.1f}"'
                    f' text-anchor="{anchor}" dominant-baseline="middle" font-size="16" font-weight="bold">'
                    f'{_esc(text)}</text>')
    for i, (pos, label) in enumerate(marks):
        x = _L + width * min(max(float(pos), 0.0), 1.0)
        y = top + _BAR_H + 14 + 22 * i + 10
        anchor = "end" if x > _L + width / 2 else "start"
        dx = -6 if anchor == "end" else 6
        body.append(f'<g class="tw-split-mark" data-position="{float(pos)!r}">'
                    f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{y + 4}" stroke="#000"'
                    f' stroke-width="2" stroke-dasharray="5 3"/>'
                    f'<text class="tw-halo" x="{x + dx:.1f}" y="{y:.1f}" text-anchor="{anchor}"'
                    f' dominant-baseline="middle" font-size="13">{_esc(label)}</text></g>')
    desc = (f"{parts[0][0]} gets {_pct(shares[0])} and {parts[1][0]} gets {_pct(shares[1])}."
            + "".join(f" Mark: {label} at {_pct(float(pos))} from the left." for pos, label in marks))
    return svg_document("tw-split", f"{_W} {height}", _W * 1.4, desc, title or "Division",
                        f"<defs>{defs}</defs>" + "".join(body))


class SplitView(SvgView):
    """A division of a pie, updated in place.

    get(result[, values]) -> ((name, share), (name, share)); marks(result[, values]) -> [(position,
    label), ...] optional reference lines. After update, .description holds the text alternative.
    """

    kind = "split"

    def __init__(self, get: Callable, marks: Callable | None = None, title: str = ""):
        self._get = _adapt(get)
        self._marks = _adapt(marks) if marks is not None else (lambda result, values: ())
        super().__init__(title)

    def render(self, result, values):
        parts = tuple(self._get(result, values))
        marks = tuple(self._marks(result, values))
        self.svg = split_svg(parts, marks, self.title)
        self.parts, self.marks = parts, marks
        self.description = (f"{parts[0][0]} {_pct(float(parts[0][1]))}, {parts[1][0]} {_pct(float(parts[1][1]))}")
        return self.svg
