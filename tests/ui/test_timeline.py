import pandas as pd
import pytest

from tradewar.ui import TimelineView

pytestmark = pytest.mark.filterwarnings("error")


def events():
    return pd.DataFrame({
        "date": pd.to_datetime(["2025-04-09", "2025-05-12", "2025-05-13", "2025-06-05"]),
        "actor": ["US", "Both", "US", "China"],
        "move": ["Tariff cut", "Geneva truce", "BIS advisory", "Xi-Trump call"],
        "detail": ["", "A 90-day pause", "Ascend 910 <anywhere>", ""],
        "source": ["K", "K", "K", "CV"],
    })


def test_stepping_through_events():
    t = TimelineView(events())
    assert "tw-view-timeline" in t.widget._dom_classes and "tw-view" in t.widget._dom_classes
    assert t.index == 0 and t.prev.disabled and not t.next.disabled
    assert "Tariff cut" in t.card.value and "April 9, 2025" in t.card.value
    assert 'data-index="0"' in t.strip.value and "tw-event-current" in t.strip.value
    t.next.click()
    t.next.click()
    assert t.index == 2 and "BIS advisory" in t.card.value
    assert "Ascend 910 &lt;anywhere&gt;" in t.card.value  # text is escaped
    assert 'class="tw-event tw-event-current" data-index="2"' in t.strip.value
    t.step(5)
    assert t.index == 3 and t.next.disabled and "Source: CV" in t.card.value
    t.prev.click()
    assert t.index == 2
    t.slider.value = 1  # the slider (and Play, linked to it in the browser) drive the same card
    assert "Geneva truce" in t.card.value and "2 of 4" in t.counter.value
    t.close()


def test_month_ticks_are_pandas_month_starts_for_dates_and_timestamps():
    """The strip's month ticks (written without pandas) are pandas' month starts, whether the events
    carry datetime.date (the project's timeline) or pandas Timestamps (a DataFrame)."""
    import re

    from tradewar.data import timeline_events
    from tradewar.ui.timeline import timeline_svg

    rows = [e._asdict() for e in timeline_events()]
    t0, t1 = pd.Timestamp(rows[0]["date"]), pd.Timestamp(rows[-1]["date"])
    want = [f"{m:%b}" for m in pd.date_range(t0.to_period("M").to_timestamp(), t1, freq="MS") if m >= t0]
    for events in (rows, [dict(r, date=pd.Timestamp(r["date"])) for r in rows]):
        svg = timeline_svg(events, current=0)
        assert re.findall(r'font-size="12">([A-Z][a-z]{2})</text>', svg) == want
    # the same picture from either kind of date
    assert timeline_svg(rows, 3) == timeline_svg([dict(r, date=pd.Timestamp(r["date"])) for r in rows], 3)


def test_default_is_the_project_timeline():
    t = TimelineView()
    assert len(t.events) >= 1 and t.slider.max == len(t.events) - 1
    assert t.events[0]["date"] <= t.events[-1]["date"]


def test_dates_are_shown_only_as_precisely_as_the_sources_give_them():
    t = TimelineView()
    t.slider.value = t.slider.max  # October 2025: the source gives the month, not the day
    card = t.card.value
    assert "October 2025" in card and "1 October" not in card
    geneva = next(i for i, e in enumerate(t.events) if e["move"] == "Geneva 90-day truce")
    t.slider.value = geneva
    card = t.card.value
    assert "May 12, 2025" in card
    t.close()


def test_the_licence_stall_is_dated_only_as_after_geneva():
    """No source gives the stall a day, or orders it against the May 13 advisory: the card says so
    instead of a date ("about May 14" built in one side's account of who broke Geneva first)."""
    t = TimelineView()
    stall = next(i for i, e in enumerate(t.events) if e["move"] == "Rare-earth licences stall")
    t.slider.value = stall
    card = t.card.value
    assert "in the days after May 12, 2025" in card and "May 14" not in card
    assert "before or after" in card  # the card says the order is unknown
    t.close()


def test_cards_state_the_events_as_the_sources_do():
    """Referee 12 and 20: the London card says the deal "appears largely to restore" the May terms
    (CNN) and names both its sources; the stall card says what was missing after Geneva was the
    resumption; the October card says the rule's enforcement was unclear."""
    t = TimelineView()
    cards = {}
    for i, e in enumerate(t.events):
        t.slider.value = i
        cards[e["move"]] = t.card.value
    london = cards["London handshake deal"]
    assert "appears largely to restore" in london and "Foreign Policy" in london and "CNN" in london
    assert "the resumption the US expected after Geneva does not come" in cards["Rare-earth licences stall"]
    assert "unclear" in cards["Expanded rare-earth controls"]
    t.close()


def test_the_event_slider_reads_as_the_event_and_the_card_is_announced():
    tl = TimelineView(events(), start=1)
    assert "tw-live" in tl.card._dom_classes
    assert {"tw-ui", "tw-view-timeline", "tw-a11y-scope"} <= set(tl.widget._dom_classes)
    assert tl.valuetext.startswith("2 of 4: ") and "Geneva truce" in tl.valuetext
    assert f'data-valuetext="{tl.valuetext}"' in tl.counter.value
    tl.step(+1)
    assert "BIS advisory" in tl.valuetext and "BIS advisory" in tl.counter.value
    tl.close()
