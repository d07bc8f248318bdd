"""The window of leverage (M8) as a 2025-2037 timeline: the refining share with and without a first
use, the threshold s*, the year the window closes, the six-month renewals and the US midterms.

Library-drawn SVG, like the regime map: a few hundred points, well under a millisecond to build,
sharp on a projector. Nothing is said by colour alone: the two share paths differ in dash and are
labelled on the chart, every marker carries a word, and the whole picture has a text alternative.
"""
from __future__ import annotations

from ..text import fmt
from .views import PALETTE, SvgView, _esc, svg_document

__all__ = ["WindowView", "window_svg"]

# Lines need 3:1 against the page (WCAG 1.4.11): the palette's orange (2.25:1) and grey (2.85:1) are
# darkened to #A86B00 (4.4:1) and #767676 (4.5:1), the same hues.
_USED, _UNUSED, _THRESHOLD, _END, _MID = PALETTE[5], "#A86B00", "#767676", PALETTE[6], PALETTE[4]
_W, _H, _L, _R, _T, _B = 760, 330, 58, 20, 24, 48
# Marker labels (12 px bold): rows _ROW apart (the text and its 3 px halo), about _CHAR units a
# character (generous, so that an estimate never lets two labels touch), _GAP apart side by side.
_ROW, _CHAR, _GAP = 18, 7.8, 8


def _year_text(y: float) -> str:
    return fmt(float(y), 1)


def describe(result, midterms: float) -> str:
    """The chart in words (the text alternative, also shown as a caption)."""
    v = result.inputs()
    parts = [f"Refining share from {fmt(v['s0'])} in 2025, first use in {v['first_use']},"
             f" threshold s* = {fmt(v['s_star'])}."]
    if not result.deterred_at_use:
        parts.append("At first use the share is not above s*: no window of leverage.")
    else:
        end = result.year_end
        parts.append(f"The window lasts t* = {fmt(result.t_star)} years, closing around {_year_text(end)},"
                     f" with {result.renewals} six-month renewals.")
    parts.append(f"At the US midterms (Nov 3, 2026, a date from outside the articles) the share is {fmt(result.share_at_midterms)}"
                 f" ({'above' if result.deterred_at_midterms else 'not above'} s*).")
    parts.append(f"Without any use, 2035 share {fmt(result.share_2035_unused)}; with it, {fmt(result.share_2035)}.")
    parts.append(f"Reading: {result.reading}.")
    return " ".join(parts)


def window_svg(result, midterms: float) -> str:
    """The share paths of an M8 result on a calendar-year axis, with every marker labelled."""
    years, shares, unused = result.years, result.shares, result.shares_unused
    y0, y1 = years[0], years[-1]
    v = result.inputs()
    s_star = float(v["s_star"])

    def px(year):
        return _L + (year - y0) / (y1 - y0) * (_W - _L - _R)

    def py(share):
        return _T + (1 - share) * (_H - _T - _B)

    out = []
    # Axes, ticks and a light grid.
    for k in range(int(y0), int(y1) + 1):
        x = px(k)
        out.append(f'<line x1="{x:.1f}" y1="{py(1):.1f}" x2="{x:.1f}" y2="{py(0):.1f}" stroke="currentColor"'
                   f' stroke-opacity="0.12"/>')
        if (k - int(y0)) % 2 == 0:
            out.append(f'<text x="{x:.1f}" y="{py(0) + 18:.1f}" text-anchor="middle" font-size="12">{k}</text>')
    for q in (0, 0.25, 0.5, 0.75, 1):
        y = py(q)
        out.append(f'<line x1="{_L}" y1="{y:.1f}" x2="{_W - _R}" y2="{y:.1f}" stroke="currentColor"'
                   f' stroke-opacity="0.12"/><text x="{_L - 6}" y="{y + 4:.1f}" text-anchor="end"'
                   f' font-size="12">{q:.0%}</text>')
    out.append(f'<path d="M{_L},{py(1):.1f}V{py(0):.1f}H{_W - _R}" fill="none" stroke="currentColor"/>')
    out.append(f'<text x="{(_L + _W - _R) / 2:.1f}" y="{_H - 8}" text-anchor="middle" font-size="13">year</text>'
               f'<text x="14" y="{(py(1) + py(0)) / 2:.1f}" text-anchor="middle" font-size="13"'
               f' transform="rotate(-90 14 {(py(1) + py(0)) / 2:.1f})">China\'s refining share</text>')

    # The window itself: a light band from first use to the close (or the chart's edge).
    use = float(v["first_use"])
    if result.deterred_at_use:
        end = float(result.year_end)
        band_end = min(end, y1)
        if band_end > use:
            out.append(f'<rect class="tw-window-band" x="{px(use):.1f}" y="{py(1):.1f}"'
                       f' width="{px(band_end) - px(use):.1f}" height="{py(0) - py(1):.1f}" fill="{_USED}"'
                       f' fill-opacity="0.08"/>')

    # Threshold s*.
    out.append(f'<line x1="{_L}" y1="{py(s_star):.1f}" x2="{_W - _R}" y2="{py(s_star):.1f}" stroke="{_THRESHOLD}"'
               f' stroke-width="2" stroke-dasharray="2 4"/><text x="{_L + 6}" y="{py(s_star) + 16:.1f}"'
               f' font-size="12">s* = {fmt(v["s_star"])}: deterrence threshold (dotted)</text>')

    def polyline(ys, colour, dash, cls):
        pts = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in zip(years, ys))
        return (f'<polyline class="{cls}" points="{pts}" fill="none" stroke="{colour}" stroke-width="3"'
                f'{f" stroke-dasharray={chr(34)}{dash}{chr(34)}" if dash else ""}/>')

    out.append(polyline(unused, _UNUSED, "9 6", "tw-path-unused"))
    out.append(polyline(shares, _USED, "", "tw-path-used"))
    # Line labels at the right end, kept apart vertically.
    ya, yb = py(shares[-1]), py(unused[-1])
    if abs(ya - yb) < 16:
        ya, yb = (ya + 9, yb - 9) if ya >= yb else (ya - 9, yb + 9)
    ya, yb = min(ya, py(0) - 22), max(yb, py(1) + 20)  # keep both labels inside the plot
    out.append(f'<text x="{_W - _R - 4}" y="{yb - 6:.1f}" text-anchor="end" font-size="12">never used, erosion η₀ (dashed)</text>')
    out.append(f'<text x="{_W - _R - 4}" y="{ya + 16:.1f}" text-anchor="end" font-size="12">used in'
               f' {v["first_use"]}, erosion η₁ after (solid)</text>')

    # Six-month renewals: a tick on the used path at each half-year inside the window.
    if result.deterred_at_use:
        k = 1
        while k <= result.renewals and use + k / 2 <= y1:
            x = use + k / 2
            i = min(range(len(years)), key=lambda j: abs(years[j] - x))
            out.append(f'<line class="tw-renewal" x1="{px(x):.1f}" y1="{py(shares[i]) - 6:.1f}" x2="{px(x):.1f}"'
                       f' y2="{py(shares[i]) + 6:.1f}" stroke="currentColor" stroke-width="1.5"/>')
            k += 1

    placed = []  # (row, x from, x to) of the marker labels drawn so far

    def label_row(x, label, lowest=0):
        """The first row from `lowest` on where this label's x range meets no label placed before."""
        x0, x1 = label_span(x, label)
        row = lowest
        while any(r == row and a < x1 + _GAP and x0 < b + _GAP for r, a, b in placed):
            row += 1
        placed.append((row, x0, x1))
        return row

    def label_span(x, label):
        width = _CHAR * len(label)
        return (px(x) + 4, px(x) + 4 + width) if px(x) < _W * 0.6 else (px(x) - 4 - width, px(x) - 4)

    def marker(x, colour, dash, label, cls, lowest=0):
        row = label_row(x, label, lowest)
        anchor = "start" if px(x) < _W * 0.6 else "end"
        dx = 4 if anchor == "start" else -4
        return (f'<g class="{cls}"><line x1="{px(x):.1f}" y1="{py(1):.1f}" x2="{px(x):.1f}" y2="{py(0):.1f}"'
                f' stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}"/><text x="{px(x) + dx:.1f}"'
                f' y="{py(1) + 14 + _ROW * row:.1f}" text-anchor="{anchor}" font-size="12"'
                f' font-weight="bold">{_esc(label)}</text></g>')

    out.append(marker(use, "currentColor", "1 3", f"▲ first use {v['first_use']}", "tw-first-use"))
    # The date is from outside the five articles (seed 001 mentions the midterms, not their date).
    out.append(marker(midterms, _MID, "6 3", "US midterms, Nov 3, 2026 (date not in the articles)", "tw-midterms"))
    if result.deterred_at_use:
        # The close goes at the third row or lower, clear of the line labels at the top right.
        end = float(result.year_end)
        if end <= y1:
            out.append(marker(end, _END, "", f"■ window closes ≈ {_year_text(end)}", "tw-window-end", lowest=2))
        else:
            out.append(f'<text class="tw-window-end" x="{_W - _R - 4}" y="{py(1) + 14 + _ROW * 2:.1f}"'
                       f' text-anchor="end" font-size="12" font-weight="bold">window closes ≈ {_year_text(end)} →</text>')
    desc = describe(result, midterms)
    # A halo in the page's background colour keeps labels readable where they cross a line.
    halo = ("<style>.tw-window text{paint-order:stroke;stroke:var(--jp-layout-color0,#fff);"
            "stroke-width:3px;stroke-linejoin:round}</style>")
    return svg_document("tw-window", f"{_W} {_H}", _W, desc, f"Window of leverage, {int(y0)}–{int(y1)}",
                        halo + "".join(out))


class WindowView(SvgView):
    """An M8 result as the window-of-leverage timeline, with its description as a caption."""

    kind = "window"

    def __init__(self, midterms: float | None = None):
        from ..models.leverage_window import MIDTERMS

        self.midterms = MIDTERMS if midterms is None else midterms
        super().__init__()

    def render(self, result, values):
        self.description = describe(result, self.midterms)
        self.svg = window_svg(result, self.midterms)
        return (f'{self.svg}<p class="tw-window-caption" style="font-size:14px;margin:0.3em 0">'
                f'{_esc(self.description)}</p>')
