"""Sourced facts: the 2025 timeline and the figures the models take from the articles.

figure() and timeline_events() read with the csv module, so the models and views need no pandas (in the
browser, the site then need not load it before a notebook's first cell); timeline() and figures()
return pandas DataFrames for students' own analysis.
"""
from __future__ import annotations

import csv
import datetime
from functools import lru_cache
from importlib import resources
from typing import NamedTuple


# How much of an event's date the sources give (timeline.csv's precision column).
PRECISIONS = ("day", "month", "about", "after")


class Figure(NamedTuple):
    name: str
    value: float
    unit: str
    source: str
    note: str


def _rows(filename: str) -> list[dict]:
    with resources.files(__name__).joinpath(filename).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=None)
def _figures() -> dict[str, Figure]:
    out = {}
    for row in _rows("figures.csv"):
        out[row["name"]] = Figure(row["name"], float(row["value"]), row["unit"], row["source"], row["note"])
    return out


def figure(name: str) -> Figure:
    """One sourced figure by name, e.g. figure("refining_share_kennedy").value == 0.92."""
    figs = _figures()
    if name not in figs:
        raise ValueError(f"no figure named {name!r}; known figures: {', '.join(sorted(figs))}")
    return figs[name]


class TimelineEvent(NamedTuple):
    date: datetime.date
    precision: str
    actor: str
    move: str
    detail: str
    source: str


@lru_cache(maxsize=None)
def timeline_events() -> tuple[TimelineEvent, ...]:
    """The rows of timeline() as TimelineEvent tuples (date a datetime.date), oldest first, same-day
    events in the file's order: what the models and the timeline view read."""
    rows = [TimelineEvent(**dict(row, date=datetime.date.fromisoformat(row["date"])))
            for row in _rows("timeline.csv")]
    return tuple(sorted(rows, key=lambda e: e.date))


def figures():
    """All figures as a DataFrame (name, value, unit, source, note)."""
    import pandas as pd

    return pd.DataFrame(_rows("figures.csv")).astype({"value": float})


def timeline():
    """The 2025 events as a DataFrame (date, precision, actor, move, detail, source), oldest first.

    precision says how much of the date the sources give: "day", "month" (the 1st stands for
    the month), "about" (the day is an estimate, explained in detail) or "after" (the sources say
    only that it happened in the days after this date)."""
    import pandas as pd

    df = pd.DataFrame(_rows("timeline.csv"))
    df["date"] = pd.to_datetime(df["date"])
    return df.sort_values("date", kind="stable").reset_index(drop=True)


def date_words(date, precision: str = "day") -> str:
    """A timeline date in words, only as precise as its source: "April 9, 2025", "October 2025"
    (precision "month"), "about June 5, 2025" (precision "about") or "in the days after May 12, 2025"
    (precision "after": the sources give no day, only that it came after this date)."""
    if precision not in PRECISIONS:
        raise ValueError(f"precision = {precision!r} is not one of {', '.join(PRECISIONS)}")
    if precision == "month":
        return f"{date:%B %Y}"
    text = f"{date:%B} {date.day}, {date.year}"
    return {"about": f"about {text}", "after": f"in the days after {text}"}.get(precision, text)
