"""Tests for eventwire.sources: who the article says reported each event, on short
wire-style sentences written for these tests."""

import pytest

from eventwire.doc import RawArticle
from eventwire.sources import attributions


@pytest.fixture(scope="module")
def code(pipeline):
    cache = {}

    def run(text):
        if text not in cache:
            cache[text] = pipeline(RawArticle(text=text, published="2021-03-10"))
        return cache[text]

    return run


def reported_by(doc):
    """The attributions of the article's only event."""
    (event,) = doc.events
    return list(event.reported_by)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Gunmen attacked a village near the town of Bama on Monday, killing five people, "
         "witnesses said.", "witnesses"),
        ("Government warplanes struck the town of Saraqeb on Monday, according to the Syrian "
         "Observatory for Human Rights.", "the Syrian Observatory for Human Rights"),
        ("Police arrested 40 protesters in the city of Lagos on Saturday, a police spokesman "
         "told reporters.", "a police spokesman"),
        ("Government helicopters dropped barrel bombs on the town of Khan Sheikhoun, two "
         "residents of the area said.", "two residents of the area"),
        ("Government forces shelled the village of Kafr Nabl overnight, residents said.",
         "residents"),
        ("On Thursday, gunmen attacked a police post in the town of Bama, Nigerian officials said.",
         "Nigerian officials"),
    ],
)
def test_attribution(code, text, source):
    assert reported_by(code(text)) == [source]


def test_attribution_on_the_candidate_too(code):
    doc = code("Gunmen attacked a village near the town of Bama on Monday, killing five people, "
               "witnesses said.")
    assert [attributions(c, doc) for c in doc.candidates] == [["witnesses"]]


def test_reporting_verb_and_according_to_together(code):
    doc = code("Militants attacked an army post near the town of Bama on Monday, officials said, "
               "according to the state broadcaster.")
    assert reported_by(doc) == ["officials", "the state broadcaster"]


def test_no_attribution_when_none_is_given(code):
    doc = code("Rebels clashed with government troops near the town of Beni on Sunday.")
    assert reported_by(doc) == []


def test_speaker_of_a_rejection_is_its_actor_not_its_reporter(code):
    (event,) = code("Putin said a truce would be pointless.").events
    assert event.type == "REJECT"
    assert [a.name for a in event.source_actors] == ["Vladimir Putin"]
    assert event.reported_by == ()


def test_speaker_of_a_demand_is_its_actor(code):
    text = "The foreign minister said the government demanded the release of the hostages."
    (event,) = code(text).events
    assert event.type == "REQUEST"
    assert event.reported_by == ()


def test_coordinated_reporting_verb_does_not_attribute(code):
    doc = code("The army shelled the town of Kafr Nabl on Sunday and officials said the rebels had "
               "withdrawn.")
    assert reported_by(doc) == []


def test_attackers_own_claim_in_a_coordinated_clause_does_not_attribute(code):
    doc = code("Rebels attacked an army post near the town of Kafr Nabl on Monday and said "
               "they had captured ten soldiers.")
    assert reported_by(doc) == []


def test_leading_reporting_verb_attributes(code):
    doc = code("The army said it had shelled rebel positions near the town of Kafr Nabl on Sunday.")
    assert reported_by(doc) == ["The army"]
    doc = code("Officials said they had arrested 12 protesters in the city of Lagos on Saturday.")
    assert reported_by(doc) == ["Officials"]


def test_pronoun_reporter_is_not_a_source(code):
    doc = code("The ministry issued a statement on Sunday. It said police had arrested 12 "
               "protesters in the city of Lagos on Saturday.")
    assert reported_by(doc) == []


def test_state_media_and_ministries_are_attributions(pipeline):
    from eventwire.doc import RawArticle

    text = ("Rebel shelling killed two soldiers near the town of Morek on Tuesday, state media SANA "
            "reported. Government troops shelled rebel positions near Kafr Zita the same day, the "
            "defence ministry said.")
    doc = pipeline(RawArticle(text=text, published="2019-05-15"))
    found = [e.reported_by for e in doc.events]
    assert ("state media SANA",) in found
    assert ("the defence ministry",) in found
