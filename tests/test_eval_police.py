"""Tests for the police suite's reading of coded events (eventwire.evaluate.police):
which IndiaPoliceEvents labels one event gives. Events are built by hand."""

import pytest

from eventwire.evaluate.police import event_labels
from eventwire.ontology import event_class
from eventwire.records import Actor, Event, EventDate, Evidence, Fatalities

POLICE = Actor(text="police", name="Police forces", sector="COP", inter=1)
MOB = Actor(text="mob", name="Rioters", sector="PRO", inter=5)


def _event(code, *, sources=(POLICE,), modality="asserted", trigger="x", killed=0):
    cls = event_class(code)
    return Event(
        event_id="e", article_id="a", type=cls.plover_type, mode=cls.plover_mode,
        acled_event_type=cls.acled_event_type, acled_sub_event_type=cls.acled_sub_event_type,
        cameo=cls.cameo, source_actors=tuple(sources), target_actors=(), place=None,
        date=EventDate(value=None), fatalities=Fatalities(killed, killed, killed) if killed else None,
        reported_by=(), modality=modality, evidence=Evidence("s", 0, 1, trigger, 0, 1),
        confidence=0.5,
    )


@pytest.mark.parametrize(
    ("code", "kwargs", "labels"),
    [
        ("arrest", {}, {"ANY_ACTION", "ARREST"}),
        ("arrest", {"sources": ()}, {"ANY_ACTION", "ARREST"}),  # only authorities arrest
        ("attack", {"trigger": "fired"}, {"ANY_ACTION", "FORCE"}),
        ("attack", {"trigger": "fired", "killed": 2}, {"ANY_ACTION", "FORCE", "KILL"}),
        ("killing", {"trigger": "encounter"}, {"ANY_ACTION", "FORCE", "KILL"}),
        ("protest_intervention", {"trigger": "lathicharged"}, {"ANY_ACTION", "FORCE"}),
        ("mobilize", {"trigger": "deployed"}, {"ANY_ACTION"}),
        ("mobilize", {"modality": "negated"}, {"FAIL"}),
        ("arrest", {"modality": "planned"}, set()),
        ("attack", {"sources": (MOB,)}, set()),  # not the police acting
    ],
)
def test_event_labels(code, kwargs, labels):
    assert event_labels(_event(code, **kwargs)) == frozenset(labels)
