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
from functools import lru_cache

from unidecode import unidecode

# Marks that transliterations use for ayn, hamza and elision; they carry no letter.
_APOSTROPHES = "'\u2018\u2019`\u02bf\u02be\u02bc\u02bb\u00b4\u2032"
_DROP = str.maketrans("", "", _APOSTROPHES)
_NOT_WORD = re.compile(r"[^a-z0-9]+")

# The Arabic definite article, with sun-letter assimilation (al-Shams -> ash-Shams) and the
# colloquial e/i/u vowels; it is dropped from the skeleton because writers add or omit it freely.
_ARTICLES = frozenset(
    "al el il ul an en ar er as es ash esh at et ath eth ad ed adh edh az ez".split()
)
# An article written joined to its word with the assimilated letter doubled: "Ezzor", "Annabk".
_ATTACHED_ARTICLE = re.compile(r"^[ae](sh|th|dh|[tdrzsn])\1(?=[a-z]{2})")
# Letter groups read as one sound; longest first so "dzh" wins over "dz".
_UNITS = re.compile(r"dzh|dj|kh|sh|th|gh|dh|zh|ch|ph|ck|[a-z0-9]")
_SAME_SOUND = {"dzh": "j", "dj": "j", "q": "k", "ck": "k", "ph": "f"}
_VOWELS = frozenset("aeiou")
# After the first letter of a word these are mostly vowel spellings (ou, ei, ay, eh) and so vary.
_WEAK = frozenset("aeiouyhw")
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
    text = unidecode(name.translate(_DROP)).lower().translate(_DROP)
    return _NOT_WORD.sub(" ", text).strip()


def skeleton(name: str) -> str:
    """Return a transliteration-tolerant key for a name; empty only when the name has no letters.

    Each word keeps its first letter (an initial vowel becomes ``a``) and then its consonants,
    with digraphs such as ``kh``/``sh``/``th`` kept whole and doubled letters collapsed;
    Arabic articles are dropped when they precede another word.
    """
    return _skeleton_of_normalized(normalize(name))


@lru_cache(maxsize=200_000)
def _skeleton_of_normalized(norm: str) -> str:
    words = norm.split()
    keys: list[str] = []
    for position, word in enumerate(words):
        if word in _ARTICLES and position < len(words) - 1:
            continue
        if position > 0:
            word = _strip_attached_article(word)
        key = _word_key(word)
        if key:
            keys.append(key)
    # A name that is nothing but an article ("El") keeps its normalised form as its key.
    return " ".join(keys) or norm


def _strip_attached_article(word: str) -> str:
    match = _ATTACHED_ARTICLE.match(word)
    return word[1 + len(match.group(1)):] if match else word


def _word_key(word: str) -> str:
    units = [_SAME_SOUND.get(unit, unit) for unit in _UNITS.findall(word)]
    if not units:
        return ""
    first = "a" if units[0] in _VOWELS else units[0]
    kept = [first] + [unit for unit in units[1:] if unit not in _WEAK]
    collapsed = [unit for i, unit in enumerate(kept) if i == 0 or unit != kept[i - 1]]
    return "".join(collapsed)


def usable_alternate(alt: str) -> bool:
    """Whether an alternate name is worth indexing: Latin script, not a code, not machine-made."""
    # Codes (IATA "DAM") and names without a capital letter (machine romanisations such as
    # "adlb") would make every capitalised acronym or typo look like a place.
    return (
        not _NON_LATIN.search(alt)
        and not _CODE.match(alt)
        and any(ch.isupper() for ch in alt)
    )


def name_keys(name: str, alternates: Iterable[str] = ()) -> set[str]:
    """The normalised names to index a place under: its own name and its usable alternates."""
    keys = {normalize(name)}
    keys.update(normalize(alt) for alt in alternates if usable_alternate(alt))
    keys.discard("")
    return keys
