"""Tests for eventwire.modality: whether a trigger's event is asserted, negated, threatened,
planned or only hypothetical, read from sentences parsed by the session's spaCy model."""

import pytest

from eventwire.modality import FUTURE, modality_of
from eventwire.records import MODALITIES


@pytest.fixture(scope="module")
def nlp(pipeline):
    return pipeline.resources.nlp


def trigger(nlp, sentence: str, word: str):
    """The token ``word`` (its first occurrence) in the parse of ``sentence``."""
    doc = nlp(sentence)
    found = [t for t in doc if t.text == word]
    assert found, f"{word!r} not a token of {sentence!r}"
    return found[0]


CASES = [
    ("asserted", "The rebels attacked the town.", "attacked", "asserted"),
    ("asserted-dated", "Soldiers killed three civilians in Kavala on Sunday.", "killed",
     "asserted"),
    ("asserted-noun", "An air strike on the market killed four people.", "strike", "asserted"),
    ("asserted-march", "Thousands of teachers marched through the capital on Tuesday.", "marched",
     "asserted"),
    ("negated-not", "The rebels did not attack the town.", "attack", "negated"),
    ("negated-never", "Police never arrested the suspects.", "arrested", "negated"),
    ("negated-no", "There was no attack on the village overnight.", "attack", "negated"),
    ("negated-failed", "The rebels failed to capture the town.", "capture", "negated"),
    ("negated-denied", "The ministry denied bombing the market.", "bombing", "negated"),
    ("negated-refused", "The army refused to withdraw from the town.", "withdraw", "negated"),
    ("threatened", "The army threatened to shell the town.", "shell", "threatened"),
    ("threatened-vowed", "The rebel commander vowed to attack the capital.", "attack",
     "threatened"),
    ("hypothetical-could", "The army could shell the town.", "shell", "hypothetical"),
    ("hypothetical-might", "Rebels might attack the convoy.", "attack", "hypothetical"),
    ("hypothetical-if", "If the army shells the town, thousands will flee.", "shells",
     "hypothetical"),
    ("hypothetical-fears", "The UN fears an attack could begin within days.", "attack",
     "hypothetical"),
    ("hypothetical-fears-that", "Aid groups fear that the army might attack the camp.", "attack",
     "hypothetical"),
    ("hypothetical-warned", "Officials warned that militants could attack polling stations.",
     "attack", "hypothetical"),
    ("hypothetical-question", "Did the army shell the town?", "shell", "hypothetical"),
    ("planned-will", "The army will shell the town.", "shell", "planned"),
    ("planned-talks", "Talks are planned for next week.", "Talks", "planned"),
    ("planned-plan-to", "The two leaders plan to meet in Geneva.", "meet", "planned"),
    ("planned-agreed-to", "The two sides agreed to meet next month.", "meet", "planned"),
    ("planned-expected", "Rebels are expected to attack the town.", "attack", "planned"),
    ("planned-upcoming", "The upcoming summit will be held in Accra.", "summit", "planned"),
    ("planned-scheduled", "A summit is scheduled for next week.", "summit", "planned"),
    ("planned-will-hold", "Ministers will hold a summit in Nairobi.", "summit", "planned"),
    ("planned-next-week", "Teachers march on parliament next week.", "march", "planned"),
]


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [pytest.param(s, w, m, id=i) for i, s, w, m in CASES],
)
def test_modality_of(nlp, sentence, word, expected):
    assert modality_of(trigger(nlp, sentence, word)) == expected


def test_expected_values_are_known_modalities():
    assert {m for *_, m in CASES} == set(MODALITIES)


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        pytest.param("No protesters were arrested.", "arrested", id="no-subject"),
        pytest.param("Nobody attacked the convoy.", "attacked", id="nobody"),
        pytest.param("No arrests were made.", "arrests", id="no-determiner"),
    ],
)
def test_negative_quantifier_negates(nlp, sentence, word):
    assert modality_of(trigger(nlp, sentence, word)) == "negated"


def test_negation_in_another_clause_does_not_spread(nlp):
    tok = trigger(nlp, "Police did not say why gunmen attacked the market.", "attacked")
    assert modality_of(tok) == "asserted"


@pytest.mark.parametrize(
    ("text", "future"),
    [
        ("talks next week", True),
        ("a rally later this month", True),
        ("strikes in the coming days", True),
        ("a march tomorrow", True),
        ("a march last week", False),
        ("the attack on Monday", False),
    ],
)
def test_future_phrases(text, future):
    assert bool(FUTURE.search(text)) is future
