"""Which language an article is in: by writing system, then by its commonest function words.

eventwire codes English. :func:`detect_language` tells English from other languages with
no model and no dependency: letters of a non-Latin script (Cyrillic, Arabic, Han ...) name
their language at once; Latin-script text is scored by the share of its words that are
among the most frequent function words of each of 18 languages. Function words make up
roughly a third to a half of any running text and are nearly disjoint across languages,
so a few sentences are enough. The detector is conservative: a short text, or one whose
words are not clearly another language's, counts as English.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ENGLISH = "en"

# Language names used in messages ("not English (looks like French)").
NAMES = {
    "en": "English", "fr": "French", "es": "Spanish", "pt": "Portuguese", "de": "German",
    "it": "Italian", "nl": "Dutch", "pl": "Polish", "ro": "Romanian", "sv": "Swedish",
    "tr": "Turkish", "hu": "Hungarian", "id": "Indonesian or Malay", "sw": "Swahili", "ha": "Hausa",
    "so": "Somali", "tl": "Tagalog", "vi": "Vietnamese", "ru": "Russian", "uk": "Ukrainian",
    "ar": "Arabic", "fa": "Persian", "ur": "Urdu", "he": "Hebrew", "el": "Greek",
    "hi": "Hindi", "bn": "Bengali", "ta": "Tamil", "th": "Thai", "zh": "Chinese",
    "ja": "Japanese", "ko": "Korean", "am": "Amharic", "ka": "Georgian", "hy": "Armenian",
    "my": "Burmese", "und": "another language",
}

# The most frequent function words of each language (articles, pronouns, prepositions,
# conjunctions, auxiliaries), lower case. Words shared with English are kept where they are
# frequent in the other language: English text still scores highest on its own list. The
# English list leaves out "a", the commonest word of Hungarian and frequent in five more.
_WORDS = {
    "en": "the of and to in is that for it was on with as by at from he his be this are "
          "have has had were an which not but or they their its said been would will who "
          "after over also than into there when more about she her we",
    "fr": "le la les de des du un une et est en que qui dans pour pas sur au aux par il elle "
          "ils ce cette se sont ont été avec plus ne son sa ses leur lors selon mais ou où "
          "avait était aussi comme nous vous",
    "es": "el la los las de del un una y en que es por para con no se su sus al lo como "
          "más pero fue ha han este esta entre cuando también sobre según desde hasta ya "
          "muy hay son dijo",
    "pt": "o a os as de do da dos das um uma e em no na nos nas que é por para com não se "
          "seu sua ao à pelo pela mais mas foi são como também foram já entre está até "
          "ele ela disse",
    "de": "der die das den dem des ein eine einer eines und ist in im zu zum zur von mit "
          "auf für sich nicht auch es sie er wie bei aus nach wird werden wurde wurden hat "
          "haben sind war dass oder aber noch",
    "it": "il lo la i gli le di del della dei delle un una e è in nel nella che per con non "
          "si da dal dalla sono ha hanno al alla come più ma anche stato essere questo dopo "
          "tra fra secondo",
    "nl": "de het een en van in is op te dat die met voor zijn niet aan er ook als bij door "
          "om naar werd worden wordt heeft hebben maar nog wel uit dit deze tot over",
    "pl": "i w na nie się z do to że jest o jak ale po co tak za od przez już oraz jego jej "
          "był była było są został została które który która także przy dla",
    "ro": "și în de la cu pe care din un o că nu este pentru mai au fost sunt să ce al lui "
          "după dar acest această iar sau fi între către",
    "sv": "och i att det som en på är av för med till den har de inte om ett var men efter "
          "vid sig från under också kan ska skulle hade eller",
    "tr": "ve bir bu da de için ile olarak çok daha gibi olan ama sonra kadar ne ise değil "
          "var her göre tarafından olduğu olduğunu ancak ya şu en etti edildi oldu ediyor eden "
          "karşı önce",
    "id": "yang dan di itu dengan untuk tidak ini dari dalam akan pada juga ke karena "
          "tersebut bisa ada mereka oleh telah sudah atau para bahwa kata sebagai saat "
          "hingga setelah kepada terhadap akibat sejak namun seperti serta masih",
    "sw": "na ya wa kwa za la katika ni cha vya kuwa hiyo huo hii pia lakini baada kama "
          "hadi wakati watu alisema ambao ambayo yake wao zaidi kutoka",
    "ha": "da ya ta na ba ce ne wannan shi su sun za kuma cikin daga ga amma yana wanda "
          "akwai domin kan mai wani wata inda ake aka tare",
    "so": "iyo ka ku uu ay waxaa oo la u ayaa ee soo kale ah si waxay kaga ugu isla waa "
          "kuwa dhanka ayuu ayay kadib",
    "tl": "ang ng sa mga na at ay si ni para hindi ito kay mula nang kanyang niya siya "
          "sila nila noong dahil din pa",
    "hu": "a az és hogy nem is egy meg csak már van volt még mint után ellen szerint azt ez "
          "ki be el fel le ha vagy de pedig amely aki miatt között során",
    "vi": "của và các là được có trong cho những với không một người này đã để khi đến "
          "từ theo về năm ra sẽ tại nhiều cũng như bị đang sau trước đó nhưng vào lại",
}
FUNCTION_WORDS = {lang: frozenset(words.split()) for lang, words in _WORDS.items()}

# Scripts told apart by the first word of a letter's Unicode name, and the language each
# stands for (the commonest in news; messages say "looks like", not "is").
_SCRIPTS = {
    "CYRILLIC": "ru", "ARABIC": "ar", "HEBREW": "he", "GREEK": "el", "DEVANAGARI": "hi",
    "BENGALI": "bn", "TAMIL": "ta", "THAI": "th", "CJK": "zh", "HIRAGANA": "ja",
    "KATAKANA": "ja", "HANGUL": "ko", "ETHIOPIC": "am", "GEORGIAN": "ka", "ARMENIAN": "hy",
    "MYANMAR": "my",
}
# Letters only one language of a script uses.
_MARKERS = {"ru": (("uk", "іїєґ"),), "ar": (("ur", "ٹڈڑںے"), ("fa", "پچژگی"))}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

SAMPLE_CHARS = 20_000  # the opening of a long article says what language it is in
MIN_WORDS = 20  # fewer words than this count as English: too few to tell
MIN_LETTERS = 40
MIN_SHARE = 0.15  # another language needs this share of its function words ...
MARGIN = 2.0  # ... and this many times English's share
# A long text with almost none of the English function words is in some other language
# (in 11,000 English news texts of 30 words or more, the lowest share was 0.087).
UNKNOWN_WORDS = 40
UNKNOWN_SHARE = 0.06


@dataclass(frozen=True)
class LanguageGuess:
    """A language (ISO 639-1 code), how sure the guess is (0-1) and what it rests on."""

    code: str
    confidence: float
    basis: str  # "script", "function words" or "too short to tell"

    @property
    def name(self) -> str:
        """The language's English name ("French")."""
        return NAMES.get(self.code, self.code)

    @property
    def is_english(self) -> bool:
        return self.code == ENGLISH


def detect_language(text: str) -> LanguageGuess:
    """The language of ``text``: English unless the script or the words clearly say otherwise."""
    sample = text[:SAMPLE_CHARS]
    by_script = _script_language(sample)
    if by_script is not None:
        return by_script
    return _word_language(sample)


def _script_language(sample: str) -> LanguageGuess | None:
    """A non-Latin language when most letters of ``sample`` are in its script."""
    counts: dict[str, int] = {}
    letters = 0
    for char in sample:
        if not char.isalpha():
            continue
        letters += 1
        if char.isascii():
            continue
        script = unicodedata.name(char, "").split(" ", 1)[0]
        counts[script] = counts.get(script, 0) + 1
    if letters < MIN_LETTERS:
        return None
    script, count = max(counts.items(), key=lambda kv: kv[1], default=("", 0))
    if script not in _SCRIPTS or count * 2 < letters:
        return None
    code = _SCRIPTS[script]
    kana = counts.get("HIRAGANA", 0) + counts.get("KATAKANA", 0)
    if code == "zh" and kana * 10 >= letters:  # Japanese mixes kanji with kana
        code = "ja"
    for other, marks in _MARKERS.get(code, ()):
        if any(mark in sample for mark in marks):
            code = other
            break
    return LanguageGuess(code, round(count / letters, 2), "script")


def _word_language(sample: str) -> LanguageGuess:
    """The Latin-script language whose function words make up most of ``sample``."""
    words = [_fold(w) for w in _WORD.findall(sample)]
    if len(words) < MIN_WORDS:
        return LanguageGuess(ENGLISH, 0.5, "too short to tell")
    shares = {
        lang: sum(w in vocab for w in words) / len(words)
        for lang, vocab in FUNCTION_WORDS.items()
    }
    best = max(shares, key=lambda lang: shares[lang])
    english = shares[ENGLISH]
    if best != ENGLISH and shares[best] >= MIN_SHARE and shares[best] >= MARGIN * english:
        return LanguageGuess(best, _confidence(shares[best], english), "function words")
    if len(words) >= UNKNOWN_WORDS and english < UNKNOWN_SHARE:
        return LanguageGuess("und", _confidence(1 - english, english), "function words")
    runner_up = max(s for lang, s in shares.items() if lang != ENGLISH)
    return LanguageGuess(ENGLISH, _confidence(english, runner_up), "function words")


def _fold(word: str) -> str:
    # Romanian is written with both comma-below and cedilla letters.
    return word.lower().replace("ş", "ș").replace("ţ", "ț").replace("’", "'")


def _confidence(winner: float, other: float) -> float:
    if winner + other == 0:
        return 0.5
    return round(winner / (winner + other), 2)
