"""A belief path: how an observer's belief moves event by event, against a decision threshold.

Drawn for M3 (TACO): after each checked 2025 event, China's belief that the US leader is tough (μ)
and its estimate that the US backs down (b̄), with the line b* above which retaliation pays. Events
sit at equal steps, labelled with their dates, so that same-day events stay readable. Library-drawn
SVG; nothing is said by colour alone: the two paths differ in line style and marker, points at or
above b* are filled and ticked, and the region where retaliation pays is hatched and named.
"""
from __future__ import annotations

import html

from ..text import fmt
from .views import PALETTE, SvgView, svg_document, wrap_words

__all__ = ["BeliefPathView", "belief_path_svg"]

_esc = html.escape
B_COLOUR = PALETTE[5]   # blue: b̄, the estimate that the US backs down
MU_COLOUR = PALETTE[6]  # vermillion: μ, the belief that the leader is tough
PAYS_FILL = PALETTE[2]  # bluish green, hatched: where retaliation pays


def _short_date(when: str) -> str:
    """'about June 5, 2025' -> 'c. June 5' (the axis says 2025 once)."""
    return when.replace(", 2025", "").replace(" 2025", "").replace("about ", "c. ")


_LABEL_WIDTH = 13  # characters per line of an event's name under its slot
_SUMMARY_WIDTH = 72  # characters per line of the bold sentence under the chart


def _num(x, digits: int = 2) -> str:
    return fmt(float(x), digits)


def _summary(r) -> str:
    if r.b_star is None:
        return "Retaliation never pays here: it costs China at least as much as accepting (κ ≥ l)."
    if r.first_rational is None:
        return f"b̄ stays below b* = {_num(r.b_star, 3)} at every point: retaliation never paid."
    if r.first_rational == "before any event":
        return f"b̄ is at or above b* = {_num(r.b_star, 3)} from the start: retaliation paid before any event."
    i = r.events.index(r.first_rational)
    return (f"Retaliation first pays after the {r.first_rational} ({r.dates[i]}): b̄ = {_num(r.b_bars[i + 1], 3)}"
            f" reaches b* = {_num(r.b_star, 3)}.")


def belief_path_svg(r, title: str = "") -> str:
    """The belief path of a TACO-like result r (fields beliefs, b_bars, b_star, events, dates,
    kinds, first_rational) as an SVG string with a title, a description and a legend."""
    n = len(r.beliefs)
    W, L, R, T = 720, 64, 84, 44 if title else 18
    H = 250
    PW = W - L - R
    slot = PW / n
    b_star = None if r.b_star is None else float(r.b_star)

    def px(i):
        return L + (i + 0.5) * slot

    def py(v):
        return T + H * (1 - float(v))

    pays = [b_star is not None and float(b) >= b_star - 1e-9 for b in r.b_bars]
    parts = ['<defs><pattern id="tw-bp-pays" patternUnits="userSpaceOnUse" width="10" height="10">'
             f'<rect width="10" height="10" fill="{PAYS_FILL}" fill-opacity="0.14"/>'
             f'<path d="M0,10 L10,0" stroke="{PAYS_FILL}" stroke-opacity="0.55" stroke-width="1.2"/></pattern></defs>']
    if title:
        parts.append(f'<text x="{W / 2:.0f}" y="24" text-anchor="middle" font-size="17" font-weight="bold">'
                     f'{_esc(title)}</text>')
    if b_star is not None:
        y = py(b_star)
        parts.append(f'<rect class="tw-bp-pays" x="{L}" y="{T}" width="{PW}" height="{y - T:.1f}"'
                     ' fill="url(#tw-bp-pays)"/>')
        if y - T > 18:
            parts.append(f'<text class="tw-halo" x="{L + 8}" y="{T + 15}" font-size="13" font-weight="bold">'
                         'retaliation pays here (b̄ ≥ b*)</text>')
        parts.append(f'<line class="tw-bp-threshold" x1="{L}" y1="{y:.1f}" x2="{L + PW}" y2="{y:.1f}"'
                     ' stroke="currentColor" stroke-width="2" stroke-dasharray="2 4" stroke-linecap="round"/>')
        parts.append(f'<text x="{L + PW + 6}" y="{y:.1f}" dominant-baseline="middle" font-size="13"'
                     f' font-weight="bold">b* = {_num(b_star, 3)}</text>')
    # Axes and ticks.
    parts.append(f'<rect x="{L}" y="{T}" width="{PW}" height="{H}" fill="none" stroke="currentColor"'
                 ' stroke-width="1.2"/>')
    for v in (0, 0.25, 0.5, 0.75, 1):
        y = py(v)
        parts.append(f'<line x1="{L - 5}" y1="{y:.1f}" x2="{L}" y2="{y:.1f}" stroke="currentColor"/>'
                     f'<line x1="{L}" y1="{y:.1f}" x2="{L + PW}" y2="{y:.1f}" stroke="currentColor"'
                     ' stroke-opacity="0.12"/>'
                     f'<text x="{L - 9}" y="{y:.1f}" text-anchor="end" dominant-baseline="middle"'
                     f' font-size="12">{fmt(v)}</text>')
    parts.append(f'<text x="16" y="{T + H / 2:.1f}" text-anchor="middle" font-size="13"'
                 f' transform="rotate(-90 16 {T + H / 2:.1f})">probability</text>')
    names = ("prior",) + tuple(r.events)
    dates = ("before any event",) + tuple(_short_date(d) for d in r.dates)
    kinds = ("",) + tuple(r.kinds)
    for i, (name, date, kind) in enumerate(zip(names, dates, kinds)):
        x = px(i)
        bold = ' font-weight="bold"' if (r.first_rational == name or (i == 0 and r.first_rational
                                                                      == "before any event")) else ""
        lines = wrap_words(name, _LABEL_WIDTH) + ([f"({kind})"] if kind == "stand" else [])
        for k, line in enumerate(lines):
            parts.append(f'<text x="{x:.1f}" y="{T + H + 18 + 15 * k}" text-anchor="middle" font-size="12.5"'
                         f'{bold}>{_esc(line)}</text>')
        parts.append(f'<text x="{x:.1f}" y="{T + H + 18 + 15 * len(lines)}" text-anchor="middle"'
                     f' font-size="11.5" fill-opacity="0.75">{_esc(date)}</text>')
    # The two paths: b̄ solid with circles, μ dashed with squares.
    pts_b = " ".join(f"{px(i):.1f},{py(b):.1f}" for i, b in enumerate(r.b_bars))
    pts_m = " ".join(f"{px(i):.1f},{py(m):.1f}" for i, m in enumerate(r.beliefs))
    parts.append(f'<polyline class="tw-bp-bbar" points="{pts_b}" fill="none" stroke="{B_COLOUR}"'
                 ' stroke-width="3.2"/>')
    parts.append(f'<polyline class="tw-bp-mu" points="{pts_m}" fill="none" stroke="{MU_COLOUR}" stroke-width="2.4"'
                 ' stroke-dasharray="8 5"/>')
    for i, b in enumerate(r.b_bars):
        x, y = px(i), py(b)
        fill = B_COLOUR if pays[i] else "#fff"
        parts.append(f'<circle class="tw-bp-point" data-pays="{str(pays[i]).lower()}" cx="{x:.1f}" cy="{y:.1f}"'
                     f' r="7" fill="{fill}" stroke="{B_COLOUR}" stroke-width="2.4"/>')
        mark = " ✓" if pays[i] else ""
        above = y - 13 if float(b) >= float(r.beliefs[i]) else y + 22
        parts.append(f'<text class="tw-halo" x="{x:.1f}" y="{above:.1f}" text-anchor="middle" font-size="13"'
                     f' font-weight="bold">{_num(b)}{mark}</text>')
    for i, m in enumerate(r.beliefs):
        x, y = px(i), py(m)
        parts.append(f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="#fff"'
                     f' stroke="{MU_COLOUR}" stroke-width="2.2"/>')
    # Legend and the sentence that says it all.
    rows = max(len(wrap_words(nm, _LABEL_WIDTH)) + (kd == "stand") for nm, kd in zip(names, kinds))
    ly = T + H + 18 + 15 * (rows + 1) + 14
    parts.append(f'<line x1="{L}" y1="{ly}" x2="{L + 40}" y2="{ly}" stroke="{B_COLOUR}" stroke-width="3.2"/>'
                 f'<circle cx="{L + 20}" cy="{ly}" r="6" fill="{B_COLOUR}" stroke="{B_COLOUR}"/>'
                 f'<text x="{L + 50}" y="{ly}" dominant-baseline="middle" font-size="13">b̄: China\'s estimate that'
                 ' the US backs down (filled, ✓: at or above b*)</text>')
    ly2 = ly + 22
    parts.append(f'<line x1="{L}" y1="{ly2}" x2="{L + 40}" y2="{ly2}" stroke="{MU_COLOUR}" stroke-width="2.4"'
                 f' stroke-dasharray="8 5"/><rect x="{L + 15}" y="{ly2 - 5}" width="10" height="10" fill="#fff"'
                 f' stroke="{MU_COLOUR}" stroke-width="2"/>'
                 f'<text x="{L + 50}" y="{ly2}" dominant-baseline="middle" font-size="13">μ: China\'s belief that'
                 ' the leader is tough (dashed)</text>')
    ly3 = ly2 + 26
    summary = _summary(r)
    # SVG text does not wrap: about 8.4 units a character at 14 px bold, so 72 fit in W - L - 8. An
    # equation (b̄ = 0.765) stays on one line.
    lines = [line.replace("\0", " ") for line in wrap_words(summary.replace(" = ", "\0=\0"), _SUMMARY_WIDTH)]
    for k, line in enumerate(lines):
        parts.append(f'<text class="tw-bp-summary" x="{L}" y="{ly3 + 19 * k}" dominant-baseline="middle"'
                     f' font-size="14" font-weight="bold">{_esc(line)}</text>')
    height = ly3 + 19 * (len(lines) - 1) + 16

    steps = "; ".join(f"{nm}: μ = {_num(m, 3)}, b̄ = {_num(b, 3)}" for nm, m, b in zip(names, r.beliefs, r.b_bars))
    desc = (f"Belief path over the checked events, one step each. {steps}. "
            + (f"Threshold b* = {_num(b_star, 3)}. " if b_star is not None else "") + summary)
    return svg_document("tw-belief-path", f"{W} {height:.0f}", W * 1.5, desc, title or "Belief path", "".join(parts))


class BeliefPathView(SvgView):
    """belief_path_svg of the result, updated in place; `.summary` holds its one-sentence reading."""

    kind = "beliefs"
    title = "China's reading of the 2025 record"

    def render(self, result, values):
        self.summary = _summary(result)
        self.svg = belief_path_svg(result, self.title)
        return self.svg
