"""Tests for eventwire.places.linker (the trained event -> place linker) and its use in
eventwire.places.link, on short sentences written for these tests."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.errors import InputError
from eventwire.places import linker
from eventwire.places.link import linked_places


@pytest.fixture(scope="module")
def linked(hand_doc, pipeline):
    """``linked(text, code, trigger)``: the texts of the places linked to that trigger,
    after recognition and resolution."""
    steps = {s.name: s for s in pipeline.steps}

    def run(text: str, code: str, trigger: str) -> list[str]:
        doc = hand_doc(text, [(code, trigger)])
        for name in ("places.recognize.v1", "places.resolve.v1"):
            doc = steps[name](doc)
        return [p.text for p in linked_places(doc, doc.candidates[0])]

    return run


def test_the_place_in_the_trigger_phrase_is_linked(linked):
    assert linked("Gunmen killed four people in Kandahar on Tuesday.", "attack", "killed") == ["Kandahar"]


def test_a_sub_city_name_the_recogniser_drops_is_still_a_candidate(hand_doc, pipeline):
    doc = hand_doc("The widow was found murdered at her home in Reshimbagh on Saturday.",
                   [("attack", "murdered")])
    texts = [doc.text[c.start : c.end] for c in linker.candidates(doc)]
    assert "Reshimbagh" in texts


def test_an_attacker_country_is_not_the_place(linked):
    places = linked("Iranian-backed militias from Iraq shelled the town of Deir Ezzor on Monday.",
                    "attack", "shelled")
    assert "Iraq" not in places


def test_no_place_is_an_allowed_answer(linked):
    assert linked("The minister said the talks would continue.", "statement", "said") == []


def test_descriptor_words_extend_the_span(hand_doc):
    doc = hand_doc("Rockets hit Anbar province on Friday.", [("attack", "hit")])
    (cand,) = [c for c in linker.candidates(doc) if doc.text[c.start : c.end] == "Anbar"]
    assert doc.text.__getitem__(slice(*linker.extend(doc, cand, frozenset({"province"})))) == "Anbar province"
    assert linker.extend(doc, cand, frozenset()) == (cand.start, cand.end)


@given(st.lists(st.text(min_size=1, max_size=8), max_size=30))
def test_probability_is_a_probability(names):
    model = linker.load_model()
    p = model.probability(names)
    assert 0.0 < p < 1.0


def test_shipped_model_is_small_and_complete():
    data = json.loads(linker.MODEL_PATH.read_text(encoding="utf-8"))
    assert 0.0 < data["threshold"] < 1.0 and "bias" in data["weights"]
    assert linker.MODEL_PATH.stat().st_size < 200_000


def test_unreadable_model_is_a_named_error(tmp_path):
    bad = tmp_path / "m.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError):
        linker.load_model(bad)


def test_link_step_stores_the_finer_places_and_keeps_event_place(pipeline):
    from eventwire.doc import RawArticle

    doc = pipeline(RawArticle(text="Syrian warplanes struck the Bustan al-Qasr district of Aleppo "
                                   "on Tuesday, killing five people.", published="2021-03-10"))
    (event,) = doc.events
    assert event.place is not None and event.place.name == "Aleppo"  # ACLED codes the town
    (cand,) = doc.candidates
    assert [p.text for p in cand.notes["linked"]] == ["Bustan al-Qasr"]  # the gold's answer
