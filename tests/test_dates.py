"""Tests for eventwire.dates: date mentions, and the step that dates event candidates."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.dates import find_dates, resolve_weekday
from eventwire.event_dates import DateStep
from eventwire.doc import Document, EventCandidate, RawArticle
from eventwire.records import Article, EventDate

SAT = date(2018, 9, 8)  # a Saturday


def one(text, published=SAT):
    found = find_dates(text, published)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("Jets struck the town on Saturday.", "2018-09-08", 1),
        ("Friday's summit ended without a deal.", "2018-09-07", 1),
        ("Shelling began late on Friday.", "2018-09-07", 1),
        ("Clashes broke out on Friday night.", "2018-09-07", 1),
        ("Overnight, rockets hit the port.", "2018-09-07", 1),
        ("Police said yesterday that ...", "2018-09-07", 1),
        ("Protests continue today.", "2018-09-08", 1),
        ("A bomb exploded this morning.", "2018-09-08", 1),
        ("Gunfire was heard last night.", "2018-09-07", 1),
        ("Talks collapsed last week.", "2018-08-27", 2),
        ("Riots erupted earlier this month.", "2018-09-01", 3),
        ("Riots erupted this month.", "2018-09-01", 3),
        ("Riots erupted last month.", "2018-08-01", 3),
        ("Riots erupted last year.", "2017-01-01", 3),
        ("The vote on March 3 was calm.", "2018-03-03", 1),
        ("On 3 March troops withdrew.", "2018-03-03", 1),
        ("It happened on March 3, 2016.", "2016-03-03", 1),
        ("Filed 2018-03-03 by staff.", "2018-03-03", 1),
        ("Fighting resumed Sept. 8 near the border.", "2018-09-08", 1),
        ("The attack on Dec. 25 shocked the town.", "2017-12-25", 1),  # after publication
        ("Fighting began in March.", "2018-03-01", 3),
        ("Fighting began in November.", "2017-11-01", 3),
        ("Fighting began in May 2016.", "2016-05-01", 3),
        ("It ended three days ago.", "2018-09-05", 1),
        ("It ended last Saturday.", "2018-09-01", 1),
        ("On Saturday, March 3, 2018 troops withdrew.", "2018-03-03", 1),
    ],
)
def test_find_dates_resolves_against_publication(text, value, precision):
    mention = one(text)
    assert (mention.value, mention.precision) == (value, precision)
    assert text[mention.start : mention.end] == mention.text


@pytest.mark.parametrize(
    ("text", "days", "anchored"),
    [
        ("Jets struck, a day after a summit failed.", 1, True),
        ("Jets struck two days after the vote.", 2, True),
        ("Jets struck a day before the talks.", -1, True),
        ("Jets struck 48 hours after the ultimatum.", 2, True),
        ("Jets struck hours after the ultimatum.", 0, True),
        ("The next day, rebels struck back.", 1, False),
        ("A day later, rebels struck back.", 1, False),
        ("The day after, rebels struck back.", 1, False),
    ],
)
def test_relative_phrases_carry_an_offset_not_a_value(text, days, anchored):
    mention = one(text)
    assert mention.value is None
    assert (mention.relative_days, mention.anchored) == (days, anchored)


def test_month_names_must_be_capitalised():
    assert find_dates("They may march 3 miles.", SAT) == []


def test_dates_after_publication_get_no_value():
    assert one("Elections are due on March 3, 2019.").value is None
    assert one("They meet next Friday.").value is None


def test_without_publication_only_dated_years_resolve():
    found = find_dates("On Saturday, and on March 3, and on March 3, 2018.", None)
    assert [m.value for m in found] == [None, None, "2018-03-03"]


def test_dates_out_of_range_get_no_value():
    found = find_dates("It began 900000000 days ago, or last year.", date(1, 1, 1))
    assert [m.value for m in found] == [None, None]


def test_offset_shifts_every_mention():
    text = "Shelling on Friday, then calm on Saturday."
    plain, shifted = find_dates(text, SAT), find_dates(text, SAT, offset=100)
    assert [(m.start + 100, m.end + 100) for m in plain] == [(m.start, m.end) for m in shifted]


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)), st.integers(0, 6))
def test_resolve_weekday_is_the_latest_such_day(published, weekday):
    day = resolve_weekday(weekday, published)
    assert day.weekday() == weekday
    assert published - timedelta(days=6) <= day <= published


_PHRASES = [
    "on Monday", "on Sunday night", "Friday's", "yesterday", "overnight", "last week",
    "this week", "over the weekend", "earlier this month", "last month", "last year",
    "on March 3", "on 31 December", "Dec. 25", "in March", "in December", "since mid-June",
    "two weeks ago", "three months ago", "on March 3, 2019", "2030-01-01", "this year",
]


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
    st.lists(st.sampled_from(_PHRASES), min_size=1, max_size=4),
)
def test_no_date_is_ever_after_publication(published, phrases):
    text = "Rebels attacked " + ", then ".join(phrases) + "."
    for mention in find_dates(text, published):
        assert mention.value is None or date.fromisoformat(mention.value) <= published
        assert mention.precision in (1, 2, 3)


@given(st.text(max_size=80), st.none() | st.dates())
def test_find_dates_never_raises(text, published):
    for mention in find_dates(text, published):
        assert text[mention.start : mention.end] == mention.text


# --- the step, on documents built by hand with the real spaCy model ------------------------


def test_step_is_registered_under_its_versioned_name():
    from eventwire import registry

    assert registry.get("steps", "dates.resolve.v1") is DateStep
    assert (DateStep.name, DateStep.requires, DateStep.assigns) == (
        "dates.resolve.v1", ("candidates",), ("dates",)
    )


@pytest.fixture(scope="module")
def nlp(hand_doc):
    """Tests pass this to make_doc: a document builder (see conftest.hand_doc)."""
    return hand_doc


def make_doc(nlp, text, triggers, published="2018-09-08"):
    """A parsed document with one candidate per (code, trigger word), run through the step."""
    return DateStep(None)(nlp(text, triggers, published=published))


def dates(doc):
    return [(c.date.value, c.date.precision) for c in doc.candidates]


@pytest.mark.slow
def test_strike_a_day_after_a_summit(nlp):
    doc = make_doc(
        nlp,
        "Warplanes struck towns in the north on Saturday, a day after a summit of leaders "
        "failed to agree on a truce.",
        [("airstrike", "struck"), ("meeting", "summit")],
    )
    strike, summit = doc.candidates
    assert strike.date == EventDate("2018-09-08", 1, "on Saturday", 36, 47)
    assert (summit.date.value, summit.date.precision) == ("2018-09-07", 1)
    assert summit.date.text == "a day after"


@pytest.mark.slow
def test_relative_clause_before_the_governing_event(nlp):
    doc = make_doc(
        nlp,
        "A day after the talks failed, rebels shelled the city on Friday.",
        [("meeting", "talks"), ("shelling", "shelled")],
    )
    assert dates(doc) == [("2018-09-06", 1), ("2018-09-07", 1)]


@pytest.mark.slow
def test_each_candidate_takes_its_own_clause_date(nlp):
    doc = make_doc(
        nlp,
        "On Thursday rebels attacked a base, and on Friday the army shelled their camps.",
        [("attack", "attacked"), ("shelling", "shelled")],
    )
    assert dates(doc) == [("2018-09-06", 1), ("2018-09-07", 1)]


@pytest.mark.slow
def test_the_date_attached_to_the_trigger_wins_over_a_nearer_one(nlp):
    doc = make_doc(
        nlp,
        "On Friday, rebels attacked a base near the town where fighting had raged since March.",
        [("attack", "attacked")],
    )
    assert dates(doc) == [("2018-09-07", 1)]


@pytest.mark.slow
def test_undated_sentences_inherit_from_the_main_timeline(nlp):
    doc = make_doc(
        nlp,
        "Jets struck the town on Saturday, two days after a summit. Rebels fought back. "
        "The next day, police arrested a leader.",
        [("airstrike", "struck"), ("meeting", "summit"), ("armed_clash", "fought"),
         ("arrest", "arrested")],
        published="2018-09-10",
    )
    # "Rebels fought back" has no date of its own: it takes the day before it, at week
    # precision (issue 5: inherited dates are less precise); "the next day" still counts
    # from that day.
    assert dates(doc) == [("2018-09-08", 1), ("2018-09-06", 1), ("2018-09-08", 2),
                          ("2018-09-09", 1)]
    fought = doc.candidates[2]
    assert fought.notes["date_inherited"] is True
    assert (fought.date.text, fought.date.text_start, fought.date.text_end) == ("", -1, -1)
    assert fought.date.basis == "context"


@pytest.mark.slow
def test_no_date_anywhere_falls_back_to_the_publication_week(nlp):
    doc = make_doc(nlp, "Rebels attacked a base. Troops fought back.",
                   [("attack", "attacked"), ("armed_clash", "fought")])
    assert dates(doc) == [("2018-09-08", 2), ("2018-09-08", 2)]
    assert "date_inherited" not in doc.candidates[0].notes
    assert doc.candidates[1].notes["date_inherited"] is True


@pytest.mark.slow
def test_no_publication_date_gives_no_value(nlp):
    doc = make_doc(nlp, "Rebels attacked a base on Friday.", [("attack", "attacked")],
                   published=None)
    assert doc.candidates[0].date == EventDate(None, 3, "")


@pytest.mark.slow
def test_step_never_dates_after_publication(nlp):
    doc = make_doc(nlp, "Rebels attacked on Saturday. A week later, troops fought back.",
                   [("attack", "attacked"), ("armed_clash", "fought")])
    assert dates(doc) == [("2018-09-08", 1), ("2018-09-08", 2)]  # clamped to publication


@pytest.mark.parametrize(
    ("text", "value", "precision", "last"),
    [
        ("Fighting raged between March 3 and March 5, residents said.", "2021-03-03", 2, "2021-03-05"),
        ("The curfew ran from Monday to Wednesday.", "2021-03-08", 2, "2021-03-10"),
        ("Clashes continued between 2 February and 20 February.", "2021-02-02", 3, "2021-02-20"),
    ],
)
def test_a_stated_range_is_one_mention_with_a_window(text, value, precision, last):
    (m,) = find_dates(text, date(2021, 3, 12))
    assert (m.value, m.precision, m.last) == (value, precision, last)
    assert text[m.start : m.end].startswith(("between", "from"))


def test_a_range_gives_the_event_its_window(nlp):
    doc = make_doc(nlp, "Rebels and troops clashed between March 3 and March 5 near the town.",
                   [("armed_clash", "clashed")], published="2021-03-12")
    d = doc.candidates[0].date
    assert (d.value, d.precision, d.start, d.end, d.basis) == ("2021-03-03", 2, "2021-03-03", "2021-03-05", "text")
