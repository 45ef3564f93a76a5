"""Place-name keys: a normalised form for exact matching and a skeleton for spelling variants.

``normalize`` folds a name to lowercase ASCII words, so "Khān Shaykhūn" and "Khan Shaykhun"
are the same key. ``skeleton`` goes further and keeps roughly the consonants of each word, so
that the many transliterations of one Arabic, Persian or Russian name meet:
"Khan Sheikhoun" and "Khan Shaykhun" both give ``"khn shkhn"``, "Deir Ezzor" and "Dayr az Zawr"
both give ``"dr zr"``. A skeleton match is only a candidate; callers confirm it with a
similarity score on the normalised forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from unidecode import unidecode

# Transliterations mark ayn, hamza and elision with apostrophe-like signs; unidecode turns them
# all into ' or `, and they carry no letter.
_DROP = str.maketrans("", "", "'`")
_NOT_WORD = re.compile(r"[^a-z0-9]+")

# The Arabic definite article, with sun-letter assimilation (al-Shams -> ash-Shams) and the
# colloquial e/i/u vowels; it is dropped from the skeleton because writers add or omit it freely.
_ARTICLES = frozenset(
    "al el il ul an en ar er as es ash esh at et ath eth ad ed adh edh az ez".split()
)
# An article written joined to its word with the assimilated letter doubled: "Deir Ezzor".
_ATTACHED_ARTICLE = re.compile(r"^[ae](sh|th|dh|[tdrzsn])\1(?=[a-z]{2})")
# Letter groups read as one sound become one placeholder capital (longest first, so "dzh" wins
# over "zh"), and letters that transliterations swap become one letter.
_ONE_SOUND = (("dzh", "J"), ("dj", "J"), ("kh", "K"), ("sh", "S"), ("th", "T"), ("gh", "G"),
              ("dh", "D"), ("zh", "Z"), ("ch", "C"), ("ph", "f"), ("ck", "k"), ("q", "k"))
_SPELL_OUT = str.maketrans(
    {"J": "j", "K": "kh", "S": "sh", "T": "th", "G": "gh", "D": "dh", "Z": "zh", "C": "ch"})
# After the first letter of a word these are mostly vowel spellings (ou, ei, ay, eh) and so vary.
_DROP_WEAK = str.maketrans("", "", "aeiouyhw")
_DOUBLED = re.compile(r"(.)\1+")
# Letters of scripts other than Latin: such names are not indexed, their transliterations are.
_NON_LATIN = re.compile(
    "[\u0370-\u1dff\u1f00-\u1fff\u2c80-\ua71f\ua800-\uab2f\uab70-\uffff\U00010000-\U0010ffff]"
)
_CODE = re.compile(r"^[A-Z0-9]{2,4}$")


def normalize(name: str) -> str:
    """Fold a name to lowercase ASCII words separated by single spaces.

    Apostrophes and ayn/hamza marks are dropped; hyphens, underscores, dots and any other
    punctuation become spaces: ``normalize("Ma‘arrat an-Nu‘mān") == "maarrat an numan"``.
    """
    text = name if name.isascii() else unidecode(name)
    return _NOT_WORD.sub(" ", text.lower().translate(_DROP)).strip()


def skeleton(name: str) -> str:
    """Return a transliteration-tolerant key for a name; empty only when ``normalize`` is empty.

    Each word keeps its first letter (an initial vowel becomes ``a``) and then its consonants,
    with digraphs such as ``kh``/``sh``/``th`` kept whole and doubled letters collapsed;
    Arabic articles are dropped when they precede another word ("El" alone is kept, as "al").
    """
    return skeleton_of_normalized(normalize(name))


def skeleton_of_normalized(norm: str) -> str:
    """``skeleton`` for a name that is already the output of ``normalize`` (saves a pass)."""
    words = norm.split()
    keys: list[str] = []
    for position, word in enumerate(words):
        if word in _ARTICLES and position < len(words) - 1:
            continue
        if position > 0:
            word = _strip_attached_article(word)
        keys.append(_word_key(word))
    return " ".join(keys)


def _strip_attached_article(word: str) -> str:
    match = _ATTACHED_ARTICLE.match(word)
    return word[1 + len(match.group(1)):] if match else word


def _word_key(word: str) -> str:
    for group, mark in _ONE_SOUND:
        if group in word:
            word = word.replace(group, mark)
    head = "a" if word[0] in "aeiou" else word[0]
    return _DOUBLED.sub(r"\1", head + word[1:].translate(_DROP_WEAK)).translate(_SPELL_OUT)


def usable_alternate(alt: str) -> bool:
    """Whether an alternate name is worth indexing: Latin script, not a code, not machine-made."""
    # Codes (IATA "DAM") and names without a capital letter (machine romanisations such as
    # "adlb") would make every capitalised acronym or typo look like a place.
    return alt != alt.lower() and not _NON_LATIN.search(alt) and not _CODE.match(alt)


def name_keys(name: str, alternates: Iterable[str] = ()) -> set[str]:
    """The normalised names to index a place under: its own name and its usable alternates."""
    keys = {normalize(name)}
    keys.update(normalize(alt) for alt in set(alternates) if usable_alternate(alt))
    keys.discard("")
    return keys


# AP-style abbreviations of US state names (facts: the AP Stylebook's list), written as
# news datelines and "town, state" pairs do; matched with their periods and without spaces.
US_STATE_ABBREVIATIONS: dict[str, str] = {
    "Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California",
    "Cal.": "California", "Colo.": "Colorado", "Conn.": "Connecticut", "Del.": "Delaware",
    "D.C.": "Washington, D.C.", "Fla.": "Florida", "Ga.": "Georgia", "Ill.": "Illinois",
    "Ind.": "Indiana", "Kan.": "Kansas", "Kans.": "Kansas", "Ky.": "Kentucky", "La.": "Louisiana",
    "Md.": "Maryland", "Mass.": "Massachusetts", "Mich.": "Michigan", "Minn.": "Minnesota",
    "Miss.": "Mississippi", "Mo.": "Missouri", "Mont.": "Montana", "Neb.": "Nebraska",
    "Nebr.": "Nebraska", "Nev.": "Nevada", "N.H.": "New Hampshire", "N.J.": "New Jersey",
    "N.M.": "New Mexico", "N.Y.": "New York", "N.C.": "North Carolina", "N.D.": "North Dakota",
    "Okla.": "Oklahoma", "Ore.": "Oregon", "Pa.": "Pennsylvania", "Penn.": "Pennsylvania",
    "R.I.": "Rhode Island", "S.C.": "South Carolina", "S.D.": "South Dakota",
    "Tenn.": "Tennessee", "Tex.": "Texas", "Vt.": "Vermont", "Va.": "Virginia",
    "Wash.": "Washington", "W.Va.": "West Virginia", "Wis.": "Wisconsin", "Wisc.": "Wisconsin",
    "Wyo.": "Wyoming",
}
_ABBREVIATION_KEYS = {key.lower(): name for key, name in US_STATE_ABBREVIATIONS.items()}


def expand_abbreviation(text: str) -> str | None:
    """The US state an AP-style abbreviation stands for ("W. Va." -> "West Virginia"), or None.

    The abbreviation must keep its final period: "Miss" or "Ind" alone are other words.
    """
    key = text.replace(" ", "").lower()
    return _ABBREVIATION_KEYS.get(key) if key.endswith(".") else None
