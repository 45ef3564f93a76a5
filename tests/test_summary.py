"""ACLED notes: one factual sentence built from the record's fields."""

from __future__ import annotations

from eventwire.records import Actor, Event, EventDate, Evidence, Fatalities, Place
from eventwire.summary import notes


def _event(**changes) -> Event:
    base = dict(
        event_id="e1", article_id="a1", type="ASSAULT", mode="aerial",
        acled_event_type="Explosions/Remote violence", acled_sub_event_type="Air/drone strike",
        cameo="195",
        source_actors=(Actor(text="Syrian helicopters", name="Military Forces of Syria",
                             country="SYR", sector="MIL", inter=1),),
        target_actors=(),
        place=Place(name="Khān Shaykhūn", text="Khan Sheikhoun", geonameid=168325, lat=35.44,
                    lon=36.65, country="SYR", admin1="Idlib", geo_precision=2, feature="PPL"),
        date=EventDate("2018-09-08", 1, "on Saturday"), fatalities=None,
        reported_by=("two residents",), modality="asserted",
        evidence=Evidence("Syrian helicopters dropped barrel bombs.", 0, 40), confidence=0.8,
    )
    base.update(changes)
    return Event(**base)


def test_strike_summary_names_who_what_where_when_and_source():
    assert notes(_event()) == ("On 8 September 2018, Military Forces of Syria carried out air "
                               "strikes near Khan Sheikhoun, Idlib. Reported by two residents.")


def test_toll_and_target_are_included():
    text = notes(_event(
        acled_sub_event_type="Attack",
        target_actors=(Actor(text="villagers", name="Civilians (Mali)", country="MLI", sector="CVL"),),
        fatalities=Fatalities(12, 12, 12, ("civilians",)),
        date=EventDate("2020-07-01", 2, ""),
    ))
    assert text.startswith("In the week of 1 July 2020, Military Forces of Syria attacked Civilians (Mali)")
    assert "12 civilians killed." in text


def test_unknown_actor_and_no_place():
    text = notes(_event(source_actors=(), place=None, reported_by=(), date=EventDate(None, 3, "")))
    assert text == "Unidentified actors carried out air strikes."
