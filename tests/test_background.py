"""Tests for eventwire.background: history recalled for context is set aside in
``doc.background``, while the news the article reports stays an event."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.background import CUES, stale
from eventwire.doc import EventCandidate, RawArticle
from eventwire.records import EventDate

PUBLISHED = "2021-03-10"
NEWS = "On Monday gunmen killed five people in Konduga, police said."


def code(pipeline, text: str, published: str = PUBLISHED):
    return pipeline(RawArticle(text=text, published=published, article_id="bg"))


@pytest.mark.parametrize(
    ("history", "trigger", "why"),
    [
        pytest.param("More than 600 civilians were killed in Borno state last year.", "killed",
                     "dated well before publication", id="last-year-toll"),
        pytest.param("In March 2019, militants attacked a military base in Monguno.", "attacked",
                     "dated well before publication", id="dated-2019"),
        pytest.param("The group has carried out hundreds of attacks since 2015.", "attacks",
                     "history cue in its clause", id="since-2015"),
        pytest.param("The group has carried out hundreds of attacks on military bases.", "attacks",
                     "history cue in its clause", id="hundreds-of-attacks"),
        pytest.param("Militants have attacked Konduga repeatedly in recent years.", "attacked",
                     "history cue in its clause", id="repeatedly"),
        pytest.param("The group regularly raids villages near Gwoza.", "raids",
                     "history cue in its clause", id="regularly-raids"),
        pytest.param("The insurgency has killed 35,000 people.", "killed",
                     "running total or description", id="running-total"),
        pytest.param("The group often attacks convoys on the road to Damboa.", "attacks",
                     "habitual present", id="habitual-present"),
    ],
)
@pytest.mark.parametrize("news_first", [True, False], ids=["news-first", "history-first"])
def test_history_is_set_aside_and_news_kept(pipeline, history, trigger, why, news_first):
    text = f"{NEWS} {history}" if news_first else f"{history} {NEWS}"
    doc = code(pipeline, text)
    history_start = text.index(history)
    news_start = text.index(NEWS)

    assert len(doc.events) == 1, [e.evidence.trigger for e in doc.events]
    event = doc.events[0]
    assert event.evidence.trigger == "killed"
    assert news_start <= event.evidence.trigger_start < news_start + len(NEWS)
    assert event.date.value == "2021-03-08"
    assert event.fatalities is not None and event.fatalities.best == 5

    assert [c.trigger_text for c in doc.background] == [trigger]
    aside = doc.background[0]
    assert history_start <= aside.trigger_start < history_start + len(history)
    assert aside.notes["background"] == why


def test_news_after_an_old_toll_does_not_inherit_its_date(pipeline):
    doc = code(pipeline, "More than 600 civilians were killed in Borno state last year. "
                         "Gunmen attacked Konduga, killing five people, police said.")
    assert [e.evidence.trigger for e in doc.events] == ["attacked"]
    assert doc.events[0].date.value == PUBLISHED
    assert doc.background[0].date.value.startswith("2020")


def test_fresh_report_alone_is_news(pipeline):
    doc = code(pipeline, NEWS)
    assert [e.evidence.trigger for e in doc.events] == ["killed"]
    assert doc.background == []


@pytest.mark.parametrize(
    ("clause", "cue"),
    [
        ("attacks since 2015", True),
        ("raids in recent years", True),
        ("a spate of kidnappings", True),
        ("thousands of air strikes", True),
        ("killed so far this year", True),
        ("attacked the town on Monday", False),
        ("two people were killed", False),
    ],
)
def test_history_cues(clause, cue):
    assert bool(CUES.search(clause)) is cue


def cand(value: str | None, precision: int, start: int = 10) -> EventCandidate:
    return EventCandidate(
        code="attack", sentence_index=0, trigger_start=0, trigger_end=6, trigger_text="attack",
        trigger_token=0,
        date=EventDate(value, precision, "x" if start >= 0 else "", start, start + 1),
    )


@pytest.mark.parametrize(
    ("value", "precision", "published", "expected"),
    [
        pytest.param("2021-03-08", 1, "2021-03-10", False, id="day-two-days-old"),
        pytest.param("2021-02-08", 1, "2021-03-10", False, id="day-30-days-old"),
        pytest.param("2021-02-07", 1, "2021-03-10", True, id="day-31-days-old"),
        pytest.param("2021-02-01", 2, "2021-02-28", False, id="week-ended-21-days-before"),
        pytest.param("2021-02-01", 2, "2021-03-01", True, id="week-ended-22-days-before"),
        pytest.param("2021-01-01", 3, "2021-02-14", False, id="month-ended-14-days-before"),
        pytest.param("2021-01-01", 3, "2021-02-15", True, id="month-ended-15-days-before"),
        pytest.param("2020-12-01", 3, "2021-01-14", False, id="december-14-days"),
        pytest.param("2020-12-01", 3, "2021-01-15", True, id="december-15-days"),
        pytest.param("2019-03-01", 3, "2021-03-10", True, id="two-years-old"),
    ],
)
def test_stale(value, precision, published, expected):
    assert stale(cand(value, precision), published) is expected


def test_not_stale_without_a_stated_date():
    assert not stale(cand("2015-01-01", 1, start=-1), PUBLISHED)  # inherited, not written
    assert not stale(cand(None, 3), PUBLISHED)
    assert not stale(cand("2015-01-01", 1), None)
    no_date = cand("2015-01-01", 1)
    no_date.date = None
    assert not stale(no_date, PUBLISHED)


@given(
    published=st.dates(date(1990, 1, 1), date(2040, 12, 31)),
    ahead=st.integers(0, 400),
    precision=st.integers(1, 3),
)
def test_never_stale_on_or_after_publication(published, ahead, precision):
    when = published + timedelta(days=ahead)
    if precision == 3:  # a month is written as its first day
        when = max(when.replace(day=1), published.replace(day=1))
    assert not stale(cand(when.isoformat(), precision), published.isoformat())
