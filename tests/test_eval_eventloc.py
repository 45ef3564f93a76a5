"""Tests for eventwire.evaluate.eventloc: which event the gold verb is, which places the
scorer takes for it, and the figure on the real gold set (which must be there in CI)."""

from pathlib import Path

import pytest

from eventwire.evaluate import eventloc as el
from eventwire.evaluate import run_suite

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "gold" / "event-location" / "event_location.jsonl"


def test_the_detected_event_on_the_verb_is_the_gold_event(hand_doc):
    text = "Gunmen killed four people in Kandahar on Tuesday."
    doc = hand_doc(text, [("attack", "killed")])
    verb = (text.index("killed"), text.index("killed") + 6)
    cand, how = el.gold_candidate(doc, verb)
    assert how == "detected" and cand is doc.candidates[0]


def test_a_verb_eventwire_missed_gets_its_own_candidate(hand_doc):
    text = "Soldiers patrolled the streets of Kandahar on Tuesday."
    doc = hand_doc(text, [])
    verb = (text.index("patrolled"), text.index("patrolled") + 9)
    cand, how = el.gold_candidate(doc, verb)
    assert how == "added" and cand.trigger_text == "patrolled"


def test_the_scorer_reads_the_places_the_link_step_stored(hand_doc):
    from eventwire.records import Place

    text = "Gunmen killed four people in Kandahar on Tuesday."
    doc = hand_doc(text, [("attack", "killed")])
    quarter = Place(name="X", text="X", start=0, end=6)
    doc.candidates[0].notes["linked"] = (quarter,)
    places, how = el.event_places(doc, (text.index("killed"), text.index("killed") + 6))
    assert places == [quarter] and how == "detected"


def test_real_gold_figure_on_the_first_records(gazetteer_path):
    if not GOLD.is_file():
        pytest.fail(f"the event-location gold set is missing: {GOLD}")
    got = run_suite("eventloc", GOLD, limit=60).metrics
    assert got["n"] == 60
    # The rule linker scored 0.51 on the whole file; the trained linker is far above it.
    assert got["token_f1"] >= 0.70
