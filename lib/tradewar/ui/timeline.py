"""Step through the 2025 events: a card for the current event and a strip of all of them."""
from __future__ import annotations

import datetime
import html

import ipywidgets as widgets

from ..data import date_words, timeline_events
from .a11y import assets, live, mark_root, meta
from .views import PALETTE, Static, svg_document

__all__ = ["TimelineView", "timeline_svg"]

_esc = html.escape

# Shape and colour per actor: the shape alone tells the actors apart.
_ACTORS = {"US": ("circle", PALETTE[5]), "China": ("square", PALETTE[6]), "Both": ("diamond", PALETTE[2])}
_OTHER = ("triangle", PALETTE[4])


def _date_text(d, precision: str = "day") -> str:
    """A date as precise as its source (tradewar.data.date_words); anything else as it is."""
    try:
        return date_words(d, precision)
    except (AttributeError, ValueError, TypeError):
        return str(d)


def _when(event) -> str:
    return _date_text(event["date"], event.get("precision", "day"))


def _shape(kind, x, y, r, fill, extra=""):
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}" {extra}/>'
    if kind == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" fill="{fill}" {extra}/>'
    if kind == "diamond":
        return (f'<path d="M{x:.1f},{y - r * 1.25:.1f}L{x + r * 1.25:.1f},{y:.1f}L{x:.1f},{y + r * 1.25:.1f}'
                f'L{x - r * 1.25:.1f},{y:.1f}Z" fill="{fill}" {extra}/>')
    return (f'<path d="M{x:.1f},{y - r * 1.2:.1f}L{x + r * 1.1:.1f},{y + r * 0.8:.1f}L{x - r * 1.1:.1f},{y + r * 0.8:.1f}Z"'
            f' fill="{fill}" {extra}/>')


def _month_starts(t0, t1):
    """The first day of every month from t0 to t1 (inclusive), in t0's own type."""
    y, m = t0.year, t0.month
    while True:
        start = t0.replace(year=y, month=m, day=1)
        if isinstance(start, datetime.datetime):
            start = start.replace(hour=0, minute=0, second=0, microsecond=0)
        if start > t1:
            return
        if start >= t0:
            yield start
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def timeline_svg(events: list[dict], current: int | None = None) -> str:
    """All events on a date axis; the current one enlarged, ringed and named below the strip."""
    W, L, R, Y = 760, 30, 30, 72
    if not events:
        return svg_document("tw-timeline", "760 40", W, "No events", "2025 timeline", "")
    ts = [e["date"] for e in events]
    t0, t1 = min(ts), max(ts)
    span = (t1 - t0).total_seconds() if hasattr(t1 - t0, "total_seconds") else 0

    def px(t):
        if not span:
            return L + (W - L - R) / 2
        return L + (t - t0).total_seconds() / span * (W - L - R)

    parts = [f'<line x1="{L}" y1="{Y}" x2="{W - R}" y2="{Y}" stroke="currentColor" stroke-width="2"/>']
    # Month ticks make the spacing of events readable (dates and pandas Timestamps alike; any other
    # kind of date just goes without them).
    if isinstance(t0, datetime.date) and span:
        for m in _month_starts(t0, t1):
            x = px(m)
            parts.append(f'<line x1="{x:.1f}" y1="{Y - 5}" x2="{x:.1f}" y2="{Y + 5}" stroke="currentColor"/>'
                         f'<text x="{x:.1f}" y="{Y + 22}" text-anchor="middle" font-size="12">{m:%b}</text>')
    levels: list[list[float]] = []  # x positions taken at each height above the axis
    for i, e in enumerate(events):
        x = px(e["date"])
        # Events close in time stack upwards instead of hiding each other.
        stack = next((k for k, xs in enumerate(levels) if all(abs(x - o) >= 14 for o in xs)), len(levels))
        if stack == len(levels):
            levels.append([])
        levels[stack].append(x)
        y = Y - 14 - stack * 13
        kind, colour = _ACTORS.get(str(e.get("actor", "")), _OTHER)
        cur = i == current
        extra = 'stroke="currentColor" stroke-width="2.5"' if cur else 'stroke="currentColor" stroke-width="0.8"'
        parts.append(f'<g class="tw-event{" tw-event-current" if cur else ""}" data-index="{i}">'
                     f'<title>{_esc(_when(e))}: {_esc(str(e.get("actor", "")))} – '
                     f'{_esc(str(e.get("move", "")))}</title>'
                     + _shape(kind, x, y, 9 if cur else 5.5, colour, extra)
                     + (f'<path d="M{x:.1f},{Y - 2}v-{6 + stack * 13}" stroke="currentColor" stroke-width="2"/>'
                        if cur else "")
                     + "</g>")
    if current is not None:
        e = events[current]
        x = px(e["date"])
        anchor = "start" if x < W * 0.3 else ("end" if x > W * 0.7 else "middle")
        parts.append(f'<text x="{x:.1f}" y="{Y + 42}" text-anchor="{anchor}" font-size="14" font-weight="bold">'
                     f'▲ {current + 1}/{len(events)}: {_esc(_when(e))}, {_esc(str(e.get("move", "")))}'
                     f"</text>")
    lx = W - R - 3 * 70
    for actor, (kind, colour) in _ACTORS.items():
        parts.append(_shape(kind, lx + 6, Y + 64, 5.5, colour, 'stroke="currentColor" stroke-width="0.8"')
                     + f'<text x="{lx + 16}" y="{Y + 64}" dominant-baseline="middle" font-size="12">{actor}</text>')
        lx += 70
    desc = f"Timeline of {len(events)} events from {_date_text(t0)} to {_date_text(t1)}."
    if current is not None:
        e = events[current]
        desc += f" Current: event {current + 1}, {_when(e)}, {e.get('actor', '')}: {e.get('move', '')}."
    # The strip grows with a wide page (up to twice its drawn width), as it always has.
    return svg_document("tw-timeline", f"{W} {Y + 76}", 2 * W, desc, "2025 timeline", "".join(parts))


class TimelineView(Static):
    """The 2025 events one at a time: Play, a slider over the events, Prev/Next, a card, a strip.

    df: the events, a DataFrame with date, actor, move, detail, source (such as tradewar.data.timeline())
    or a list of such records (default: the project's timeline, tradewar.data.timeline_events()).
    """

    kind = "timeline"

    def __init__(self, df=None, start: int = 0, interval_ms: int = 3000):
        if df is None:
            df = timeline_events()
        self.events = (df.to_dict("records") if hasattr(df, "to_dict") else
                       [e._asdict() if hasattr(e, "_asdict") else dict(e) for e in df])
        n = len(self.events)
        last = max(n - 1, 0)
        self.slider = widgets.IntSlider(value=min(max(start, 0), last), min=0, max=last, step=1,
                                        description="Event", readout=False, continuous_update=True,
                                        layout=widgets.Layout(flex="1 1 auto", width="auto"))
        self.play = widgets.Play(value=self.slider.value, min=0, max=last, step=1, interval=interval_ms,
                                 description="Play", tooltip="Play through the events")
        # Linked in the browser, so playing does not need a round trip per tick to move the slider.
        self._link = widgets.jslink((self.play, "value"), (self.slider, "value"))
        self.prev = widgets.Button(description="Prev", icon="chevron-left", tooltip="Previous event",
                                   layout=widgets.Layout(width="auto"))
        self.next = widgets.Button(description="Next", icon="chevron-right", tooltip="Next event",
                                   layout=widgets.Layout(width="auto"))
        self.prev.on_click(lambda _b: self.step(-1))
        self.next.on_click(lambda _b: self.step(+1))
        self.counter = widgets.HTML()
        # The card is announced when the event changes (role=status); the slider's value text is
        # the event itself, not a bare index (the counter carries it for the library's script).
        self.card = live(widgets.HTML())
        self.strip = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.slider.observe(self._on_index, names="value")
        self.widget = widgets.VBox([
            assets(),
            widgets.HBox([self.play, self.prev, self.slider, self.next, self.counter],
                         layout=widgets.Layout(align_items="center", width="100%", flex_flow="row wrap")),
            self.strip, self.card,
        ], layout=widgets.Layout(width="100%", max_width="60em"))
        mark_root(self.widget, "tw-view", "tw-view-timeline", "tw-a11y-scope")
        self._render()

    @property
    def index(self) -> int:
        return self.slider.value

    @property
    def current(self) -> dict | None:
        return self.events[self.index] if self.events else None

    def step(self, delta: int):
        """Move by delta events, stopping at either end."""
        self.slider.value = min(max(self.slider.value + delta, self.slider.min), self.slider.max)

    def go(self, index: int):
        self.slider.value = min(max(index, self.slider.min), self.slider.max)

    def _on_index(self, _change):
        self._render()

    def _render(self):
        n = len(self.events)
        self.prev.disabled = self.index <= 0
        self.next.disabled = self.index >= n - 1
        if not n:
            self.card.value = "<i>No events.</i>"
            self.strip.value = timeline_svg([])
            return
        e = self.current
        self.valuetext = f"{self.index + 1} of {n}: {_when(e)}, {e.get('actor', '')}: {e.get('move', '')}"
        self.counter.value = (f'<span style="font-size:15px;white-space:nowrap">{self.index + 1} of {n}</span>'
                              + meta(valuetext=self.valuetext))
        self.strip.value = timeline_svg(self.events, self.index)
        detail = str(e.get("detail", "") or "")
        self.card.value = (
            '<div class="tw-event-card" style="font-size:16px;line-height:1.45;border-left:5px solid #0072B2;'
            'padding:0.4em 0.9em;margin-top:0.3em">'
            f'<div style="opacity:0.85">{_esc(_when(e))} · <b>{_esc(str(e.get("actor", "")))}</b></div>'
            f'<div style="font-size:1.2em;font-weight:bold">{_esc(str(e.get("move", "")))}</div>'
            + (f"<div>{_esc(detail)}</div>" if detail else "")
            + f'<div style="font-size:0.8em;opacity:0.8;margin-top:0.2em">Source: {_esc(str(e.get("source", "")))}</div>'
            "</div>"
        )

    def close(self):
        self.slider.unobserve(self._on_index, names="value")
        self._link.close()
        for w in (self.play, self.prev, self.next, self.slider, self.counter, self.card, self.strip):
            w.close()
        self.widget.close()

    def static_html(self) -> str:
        """The strip and the card as they stand, without the player's controls."""
        return f'<div class="tw-view tw-view-timeline tw-static">{self.strip.value}{self.card.value}</div>'
