"""Tests for eventwire.events: trigger tables, trigger matching, instruments and the
detection step, on short wire-style sentences written for these tests."""

import pytest

from eventwire.doc import RawArticle
from eventwire.events import (
    clause_tokens,
    instrument_in,
    instrument_table,
    match_trigger,
    trigger_table,
)
from eventwire.ontology import event_class, event_classes
from eventwire.pipeline import DEFAULT_STEPS, Pipeline

DETECT_STEPS = DEFAULT_STEPS[: DEFAULT_STEPS.index("events.detect.v1") + 1]


@pytest.fixture(scope="module")
def detect(pipeline):
    """Code text up to event detection (sharing the session's model and gazetteer)."""
    partial = Pipeline(steps=DETECT_STEPS, resources=pipeline.resources)
    cache = {}

    def run(text):
        if text not in cache:
            cache[text] = partial(RawArticle(text=text, published="2021-03-10"))
        return cache[text]

    return run


@pytest.fixture(scope="module")
def code(pipeline):
    """Code text with the whole pipeline; the events of the article."""
    cache = {}

    def run(text):
        if text not in cache:
            cache[text] = pipeline(RawArticle(text=text, published="2021-03-10")).events
        return cache[text]

    return run


@pytest.fixture(scope="module")
def nlp(pipeline):
    return pipeline.resources.nlp


def codes(doc):
    return [c.code for c in doc.candidates]


def token(nlp, sentence, word):
    """The first token of ``sentence`` whose text is ``word``."""
    return next(t for t in nlp(sentence) if t.text == word)


# --- the data tables -----------------------------------------------------------------


def test_trigger_table_loads_verbs_and_nouns():
    verbs, nouns = trigger_table()
    assert [t.code for t in verbs["shell"]] == ["shelling"]
    assert [t.code for t in verbs["kidnap"]] == ["abduction"]
    assert [t.code for t in nouns["air strike"]] == ["airstrike"]
    assert verbs["sign"][0].condition.startswith("obj:")


def test_every_trigger_and_instrument_code_is_in_the_ontology():
    known = set(event_classes())
    verbs, nouns = trigger_table()
    used = {t.code for table in (verbs, nouns) for triggers in table.values() for t in triggers}
    used |= {code for code, _rank in instrument_table().values()}
    assert used <= known, used - known


def test_trigger_conditions_are_of_a_known_kind():
    verbs, nouns = trigger_table()
    for table in (verbs, nouns):
        for triggers in table.values():
            for t in triggers:
                kind = t.condition.partition(":")[0]
                assert kind in ("", "prep", "prt", "obj", "subj"), t


def test_instrument_ranks_put_the_specific_above_the_generic():
    table = instrument_table()
    assert table["suicide bomber"][1] > table["bomber"][1] > table["bomb"][1] > table["gun"][1]
    assert table["warplane"] == ("airstrike", 70)


# --- single tokens -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "word", "kind"),
    [
        ("Government forces shelled the town overnight.", "shelled", "shelling"),
        ("Armed men kidnapped three aid workers on Monday.", "kidnapped", "abduction"),
        ("Rebels clashed with soldiers near the border.", "clashed", "armed_clash"),
        ("The two foreign ministers met in Geneva.", "met", "meeting"),
        ("Police arrested 12 people after the match.", "arrested", "arrest"),
        ("Hundreds of protesters marched through the capital.", "marched", "protest"),
        ("An air strike destroyed the market.", "strike", "airstrike"),
        ("The two sides signed a peace agreement.", "signed", "agreement"),
        ("Police fired tear gas at the crowd.", "fired", "attack"),
        ("Gunmen opened fire on a bus.", "opened", "attack"),
    ],
)
def test_match_trigger(nlp, sentence, word, kind):
    trig = match_trigger(token(nlp, sentence, word))
    assert trig is not None and trig.code == kind


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Oil prices dropped sharply on Monday.", "dropped"),  # obj: needs a bomb or shell
        ("The company fired its chief executive.", "fired"),  # obj: a person is not a weapon
        ("The two sides signed a trade letter.", "signed"),  # obj: not an agreement
        ("The Russian-backed offensive is expected soon.", "backed"),  # an adjective
    ],
)
def test_match_trigger_checks_the_arguments(nlp, sentence, word):
    assert match_trigger(token(nlp, sentence, word)) is None


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        ("Russian warplanes", "airstrike"),
        ("a suicide bomber", "suicide_bomb"),  # the compound outranks "bomber"
        ("a roadside bomb", "ied"),
        ("an armed drone", "drone_strike"),
        ("heavy artillery", "shelling"),
        ("tear gas and rubber bullets", "protest_intervention"),
    ],
)
def test_instrument_in(nlp, phrase, kind):
    found = instrument_in(list(nlp(phrase)))
    assert found is not None and found[0] == kind


def test_instrument_in_finds_none_in_plain_words(nlp):
    assert instrument_in(list(nlp("the village market"))) is None


def test_clause_tokens_include_a_noun_triggers_subject_clause(nlp):
    doc = nlp("Russian warplanes carried out an air strike on the town.")
    strike = next(t for t in doc if t.text == "strike")
    words = {t.text for t in clause_tokens(strike)}
    assert {"air", "strike", "warplanes"} <= words


# --- detection -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("An air strike hit a market in the town of Saraqeb on Tuesday.", "airstrike"),
        ("Government forces shelled the village of Kafr Nabl overnight.", "shelling"),
        ("Rebels clashed with government troops near the town of Beni on Sunday.", "armed_clash"),
        ("Armed men kidnapped three aid workers in the town of Kidal on Monday.", "abduction"),
        ("Hundreds of protesters marched through the city of Lagos on Saturday.", "protest"),
        ("Police arrested 12 protesters in the city of Nairobi on Friday.", "arrest"),
        ("The foreign ministers of India and Pakistan met in Islamabad on Wednesday.", "meeting"),
        ("Gunmen opened fire on a bus near the town of Bama on Monday.", "attack"),
    ],
)
def test_detects_the_trigger_as(detect, text, kind):
    assert codes(detect(text)) == [kind]


def test_gunmen_opening_fire_is_an_attack_on_civilians(code):
    (event,) = code("Gunmen opened fire on a bus near the town of Bama on Monday.")
    assert (event.type, event.mode) == ("ASSAULT", "firearms")
    assert event.acled_event_type == "Violence against civilians"


def test_signed_agreement_is_one_support_event(detect, code):
    text = ("The government and the rebels signed a peace agreement in Doha on Saturday. "
            "The agreement was welcomed by the United Nations.")
    assert codes(detect(text)) == ["agreement"]
    (event,) = code(text)
    assert (event.type, event.acled_sub_event_type) == ("SUPPORT", "Agreement")


def test_meeting_is_consult(code):
    (event,) = code("The foreign ministers of India and Pakistan met in Islamabad on Wednesday.")
    assert (event.type, event.cameo) == ("CONSULT", "040")


# --- instruments refine the attack -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "sub_event"),
    [
        ("Warplanes attacked rebel positions in Idlib province on Monday.",
         "airstrike", "Air/drone strike"),
        ("A roadside bomb exploded near an army patrol in Helmand province on Sunday.",
         "ied", "Remote explosive/landmine/IED"),
        ("A suicide bomber attacked a mosque in the city of Quetta on Friday.",
         "suicide_bomb", "Suicide bomb"),
        ("A drone attacked a car in the town of Jilib on Thursday.",
         "drone_strike", "Air/drone strike"),
    ],
)
def test_instruments_refine_the_attack(detect, code, text, kind, sub_event):
    assert codes(detect(text)) == [kind]
    assert [e.acled_sub_event_type for e in code(text)] == [sub_event]


def test_tear_gas_on_protesters_is_protest_with_intervention(code):
    (event,) = code("Police fired tear gas at protesters who marched in Kampala on Monday.")
    assert event.type == "PROTEST"
    assert event.acled_sub_event_type == "Protest with intervention"


def test_warplanes_make_the_mode_aerial(code):
    (event,) = code("Warplanes attacked rebel positions in Idlib province on Monday.")
    assert (event.type, event.mode) == ("ASSAULT", "aerial")


# --- what is not an event --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Floods hit the region on Monday.",
        "Heavy storms hit the coast of the province on Tuesday.",
        "An earthquake killed 20 people in the province of Herat on Monday.",
        "A landslide killed five villagers in the district on Sunday.",
    ],
)
def test_weak_verbs_and_natural_causes_are_no_event(detect, text):
    assert codes(detect(text)) == []


def test_weak_verb_with_an_armed_party_is_an_event(detect):
    doc = detect("Militants hit an army checkpoint near the town of Bama on Monday.")
    assert codes(doc) == ["attack"]


def test_call_for_a_ceasefire_is_a_request_not_a_truce(code):
    events = code("The Pope called for a ceasefire in Yemen on Sunday.")
    assert [e.type for e in events] == ["REQUEST"]
    assert events[0].cameo == "0256"
    assert not [e for e in events if e.type == "RETREAT"]


def test_a_topic_is_not_an_event(detect, code):
    text = "The ministers discussed a rise in militant attacks in the region on Monday."
    assert codes(detect(text)) == []
    assert not [e for e in code(text) if e.type == "ASSAULT"]


def test_a_feared_attack_is_a_topic_or_hypothetical(detect):
    assert codes(detect("The United Nations fears an attack on the city.")) == []
    doc = detect("The United Nations fears an attack on the city could cause a catastrophe.")
    assert all(c.modality != "asserted" for c in doc.candidates)


def test_definite_back_reference_is_not_a_second_event(detect):
    doc = detect("Leaders of France and Germany met in Berlin on Monday. "
                 "The summit focused on trade.")
    assert codes(doc) == ["meeting"]


def test_indefinite_noun_after_the_verb_is_its_own_event(detect):
    doc = detect("Leaders of France and Germany met in Berlin on Monday. "
                 "A summit of European leaders is due in June.")
    assert codes(doc) == ["meeting", "summit"]


def test_asking_not_to_be_named_is_not_a_request(detect, code):
    text = ("Gunmen attacked a police post in the town of Bama on Monday, a police officer "
            "said, asking not to be named.")
    assert "request" not in codes(detect(text))
    assert [e.type for e in code(text)] == ["ASSAULT"]


def test_candidate_offsets_point_at_the_trigger(detect):
    text = "Government forces shelled the village of Kafr Nabl overnight."
    (cand,) = detect(text).candidates
    assert text[cand.trigger_start : cand.trigger_end] == cand.trigger_text == "shelled"
    assert cand.modality == "asserted"
    assert event_class(cand.code).violent
