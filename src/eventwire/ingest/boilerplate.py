"""Generic rules that tell page furniture from article text.

Each rule looks at one line (a paragraph of the scraped text) and is written for the
kinds of furniture news sites share, not for one site: banners and ads, newsletter and
share prompts, "Read more" links, photo credits and captions, cookie and copyright
notices, bylines and reporting credits. Some furniture spans several lines, so cleaning
also asks: does a donation appeal start here (:func:`opens_appeal`) and does the article
resume here (:func:`is_clearly_news`); is this the header of a list of links
(:func:`opens_link_list`) and an item of one (:func:`is_link_list_item`); is this the
desk line under a byline (:func:`is_byline_tail`).

The patterns use straight quotes only: text reaches them after ``ftfy`` has uncurled
quotes. They are compiled on first use, so importing this module stays cheap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class _Lazy:
    """A regular expression compiled on first use."""

    __slots__ = ("_compiled", "flags", "source")

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source = source
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.source, self.flags)
        return self._compiled

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.compiled.fullmatch(text)

    def sub(self, replacement: str, text: str) -> str:
        return self.compiled.sub(replacement, text)


@dataclass(frozen=True)
class LineRule:
    """One kind of furniture: a pattern that must match a whole line of at most ``max_words``."""

    name: str
    pattern: _Lazy
    max_words: int


def _rule(name: str, max_words: int, *alternatives: str, ignore_case: bool = True) -> LineRule:
    pattern = "|".join(f"(?:{a})" for a in alternatives)
    return LineRule(name, _Lazy(pattern, re.IGNORECASE if ignore_case else 0), max_words)


# News and photo agencies as they appear in credits ("Name / AFP", "REUTERS/Name").
_AGENCIES = (
    r"(?:AP|AFP|Reuters|REUTERS|EPA(?:-EFE)?|EFE|DPA|dpa|TASS|Sputnik|RIA\s+Novosti|Interfax"
    r"|Xinhua|SANA|Anadolu(?:\s+Agency)?|ANADOLU|Getty(?:\s+Images)?|Shutterstock|Alamy"
    r"|Bloomberg|UPI|PA(?:\s+Media)?|ANSA|Kyodo|Yonhap|IRNA|WANA|Al\s+Jazeera|Pool|POOL"
    r"|Handout|HANDOUT|Kremlin\.ru|SIPA|NurPhoto|ZUMA(?:\s+Wire)?|Press\s+Association)"
)
# A capitalised name of up to five words, allowing the particles of Arabic and European names.
_NAME = r"[A-Z][\w.'-]*(?:\s+(?:[A-Z][\w.'-]*|de|da|van|von|al|el|bin|ibn)){0,4}"
_SOCIAL = (
    r"(?:facebook|twitter|x|whatsapp|telegram|linkedin|reddit|pinterest|instagram|youtube"
    r"|tiktok|vk|vkontakte|email|e-mail|mail|print|copy\s+link|messenger|flipboard|pocket|sms)"
)
# Between a label and its content: "Read more: ...", "Related | ...", "Watch - ...".
_SEP = r"(?:\s*[:|»›>]|\s+[\u2013\u2014-]\s)"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"

_BANNERS = _rule(
    "banner", 12,
    r"(?:please\s+)?support\s+[^.!?]{1,60}!+",
    r"(?:please\s+)?support\s+(?:us|our\s+\w+(?:\s+\w+)?|independent\s+\w+(?:\s+\w+)?)\W*",
    r"(?:please\s+)?(?:donate|contribute)(?:\s+(?:now|today|here|monthly|to\b.*))?\W*",
    r"become\s+an?\s+(?:member|supporter|patron|subscriber|friend)\b.*",
    r"(?:subscribe|sign\s+up|sign\s+in|log\s+in|register|create\s+an?\s+account)\b.*",
    r"(?:already\s+(?:a\s+subscriber|have\s+an\s+account|registered)|newsletters?)\b.*",
    r"(?:enter|your)\s+(?:your\s+)?e-?mail(?:\s+address)?\b.*",
    r"(?:get|unlock|enjoy)\s+(?:unlimited|full|digital|premium)\s+access\b.*",
    r"this\s+(?:article|story)\s+is\s+more\s+than\s+\S+\s+(?:years?|months?)\s+old\W*",
    r"(?:download|get|open\s+in)\s+(?:the|our)\s+(?:\S+\s+)?app\b.*|open\s+in\s+app\W*",
)
_LONG_BANNERS = _rule(
    "banner", 30,
    r"(?:subscribe|sign\s+up|register|join)\b.*\bnewsletters?\b.*",
    r"(?:get|receive)\s+.*\b(?:newsletter|in\s+your\s+inbox|alerts?)\b.*",
    r"this\s+(?:article|story|content)\s+is\s+(?:for|available\s+to|only\s+for)\s+subscribers\b.*",
    r"(?:please\s+)?enable\s+javascript\b.*|your\s+browser\s+does\s+not\s+support\b.*",
)
_ADVERTS = _rule(
    "advertisement", 8,
    r"(?:advertisement|advertising|advert|ads?|sponsored(?:\s+content)?|paid\s+(?:content|post)"
    r"|promoted(?:\s+(?:content|stories))?|partner\s+content|skip\s+(?:advertisement|ad))\W*",
    r"(?:story|article|text)\s+continues\s+(?:below|after)\b.*",
    r"(?:advertisement|advertising)\s*[:|\u2013\u2014-]\s*.*",
    r"scroll\s+(?:down\s+)?to\s+(?:continue|read)\b.*|remove\s+ads\b.*",
)
_LINKS = _rule(
    "read-more", 10,
    r"continue(?:\s+reading)?(?:\s+(?:the\s+)?(?:main\s+story|full\s+story|article|story|below"
    r"|here))?\W*",
    r"continue\s+reading\b.*",
    r"related(?:\s+(?:articles?|stories|coverage|content|news|reading|posts?|topics?|links?"
    r"|videos?))?\W*",
    r"more\s+(?:on\s+this\s+(?:story|topic)|from\s+.+|stories|news|like\s+this|in\s+\w+"
    r"|about\s+.+)\W*",
    r"you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy|be\s+interested(?:\s+in)?)\W*",
    r"(?:recommended(?:\s+\w+)?|most\s+(?:read|popular|viewed|shared|recent)|top\s+stories"
    r"|latest(?:\s+(?:news|stories))?|trending(?:\s+now)?|editor'?s?\s+picks?|in\s+other\s+news"
    r"|we\s+recommend)\W*",
    r"(?:read|up|next|previous)\s+(?:next|article|story|post)\W*",
    r"(?:more|next|previous|load\s+more|show\s+more|see\s+more|view\s+more|view\s+all"
    r"|see\s+all)\W*",
    r"(?:click|tap)\s+here\b.*",
)
_LABELLED_LINKS = _rule(
    "read-more", 25,
    r"(?:read|see|watch|listen|view)\s+(?:more|also|next|(?:the\s+)?full\s+(?:story|article))"
    rf"(?:{_SEP}.*|\s+(?:here|below|stories|news|on\b.*|about\b.*|from\b.*))?\W*",
    r"(?:also\s+read|read\s+also|also\s+see|see\s+also|also\s+watch|related|more"
    r"|further\s+reading|recommended(?:\s+(?:reading|for\s+you|stories|videos?))?|trending"
    r"|watch|listen|video|videos|photos|gallery|in\s+pictures|read\s+next|up\s+next"
    r"|what\s+to\s+read\s+next|most\s+(?:read|popular|viewed|shared))"
    rf"{_SEP}.*",
)
_SHARING = _rule(
    "share", 15,
    r"(?:click\s+to\s+)?share(?:\s+(?:this|the))?(?:\s+(?:article|story|post|page|link|video))?"
    r"(?:\s+(?:on|via|to|with)\b.*|:.*)?\W*",
    r"(?:follow|like|join|find)\s+(?:us|@\S+)\s+on\s+.+|follow\s+@\S+\W*",
    rf"(?:follow|join)\s+(?:us|our\s+\w+(?:\s+\w+)?)\s+(?:on\s+)?{_SOCIAL}\b.*",
    rf"(?:share\s*:?\s*)?(?:{_SOCIAL}\W*){{1,10}}",
    r"(?:email|e-mail|print|save|bookmark|share)\s+this\s+(?:article|story|page|post)\W*",
    r"(?:tweet|comments?(?:\s*\(\d+\))?|\d+\s+comments?|leave\s+a\s+(?:comment|reply)"
    r"|(?:show|hide|view)\s+comments)\W*",
    r"(?:copy\s+link|link\s+copied|save|saved|bookmark|print(?:\s+this\s+(?:page|article))?)\W*",
)
_NAVIGATION = _rule(
    "navigation", 15,
    r"(?:home|menu|search|close|back|back\s+to\s+top|top|skip\s+to\s+(?:main\s+)?content"
    r"|toggle\s+navigation|main\s+menu|navigation|loading(?:\.\.\.)?|play|pause|audio|image|photo"
    r"|listen(?:\s+to\s+(?:this\s+)?(?:article|story))?|(?:\d+\s+)?min(?:ute)?s?\s+read)\W*",
    r"reading\s+time\b.*|(?:tags|topics|filed\s+under|categories|keywords|sections?)\s*:.*",
    r"home\s*[>»›/|].*",
)
_NOTICES = _rule(
    "notice", 80,
    r".*\bcookies?\b.*\b(?:we|our|you|accept|consent|policy|browsing|continu\w*|use)\b.*",
    r".*\b(?:we|you|accept|consent|policy|browsing|continu\w*)\b.*\bcookies?\b.*",
)
_LEGAL = _rule(
    "copyright", 40,
    r".*\b(?:our|agree\s+to\s+the)\s+(?:privacy\s+(?:policy|notice)|cookie\s+policy"
    r"|terms\s+(?:of|and)\s+(?:use|service|conditions))\b.*",
    r"(?:privacy\s+(?:policy|notice)|cookie\s+policy|terms\s+(?:of|and)\s+(?:use|service"
    r"|conditions)|about\s+us|contact(?:\s+us)?)\W*",
    r"(?:©|\(c\)\s*\d{4}|copyright\b).{0,250}",
    r".*\ball\s+rights\s+reserved\b.*",
    r".*\bmay\s+not\s+be\s+(?:re)?published,?\s+broadcast.*",
)
_CREDIT_LINES = _rule(
    "photo-credit", 12,
    rf"\(?{_NAME}(?:\s*[/|\\]\s*{_NAME}){{1,3}}\)?",
    rf"\(?(?:{_AGENCIES})\)?",
    ignore_case=False,
)
_PHOTO_CREDITS = _rule(
    "photo-credit", 50,
    r"\(?(?:(?:file|archive|handout|main|top|lead|header)\s+)?(?:photo(?:graph)?|image|picture"
    r"|pic|video|footage|illustration|graphic|caption|credit)s?"
    r"(?:\s+(?:credit|source|courtesy|caption|copyright))?\s*[:|©].*",
    r"\(?(?:photo(?:graph)?|image|picture|illustration|video)s?\s+(?:by|courtesy(?:\s+of)?|credit"
    r"|from)\b.*",
    r"(?:image|media|photo|video)\s+(?:caption|copyright|source)\b.*",
    r"(?:getty\s+images|afp\s+via\s+getty\s+images|via\s+getty\s+images|shutterstock)\W*",
)
_FILE_PHOTO = _rule(
    "photo-credit", 80, r"file\s*(?:photo|picture|image)?\s*[\u2013\u2014-]\s+(?:in\s+)?this\b.*"
)
_CREDITS = _rule(
    "credit", 45,
    r"sources?\s*:\s*.{0,100}",
    r".*\bcontributed\s+(?:to\s+)?(?:this\s+)?(?:report|reporting|story|article)\W*",
    r"our\s+standards\b.{0,100}",
    r"\(?(?:additional\s+)?(?:reporting|writing|editing|compiled|produced|written|edited"
    r"|translated)\s+by\b.*",
)
_BYLINE = _rule(
    "byline", 15,
    rf"(?:By|BY)\s+{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*"
    r"(?:\s+(?:staff|correspondents?|reporters?|writers?|team|staff\s+writers?))?"
    r"(?:\s*[,|/\u2013\u2014-]\s*[^.!?]{0,60})?",
    ignore_case=False,
)
_RULES: tuple[LineRule, ...] = (
    _BANNERS, _LONG_BANNERS, _ADVERTS, _LINKS, _LABELLED_LINKS, _SHARING, _NAVIGATION,
    _NOTICES, _LEGAL, _CREDIT_LINES, _PHOTO_CREDITS, _FILE_PHOTO, _CREDITS, _BYLINE,
)

# Captions end with a credit: "... in Cali. Luis Carmona / AFP", "... REUTERS/Omar Sanadiki",
# "... (AP Photo/Name)", "... [Name/Al Jazeera]", "... AFP via Getty Images".
_CAPTION_END = _Lazy(
    rf"(?:{_NAME}\s*[/|]\s*(?:{_AGENCIES})"
    rf"|(?:{_AGENCIES})\s*(?:Photo\s*)?/\s*{_NAME}"
    r"|\((?:AP|AFP|Reuters|EPA)?\s*(?:Photo|Image|Picture)s?\s*[/:][^()]{1,80}\)"
    r"|\((?:Photo|Image|Picture)s?\s+(?:by|courtesy)[^()]{1,80}\)"
    r"|(?:via|/)\s*Getty\s+Images|[/|][^/|]{1,60}\bvia\s+(?:AP|AFP|Reuters|REUTERS|EPA)"
    r"|\[[^\[\]/]{0,80}[A-Za-z]\s*/\s*[A-Z][^\[\]/]{0,50}\]|\[File[^\[\]]{0,80}\])\W*$"
)
_CAPTION_MAX_WORDS = 60
# Credits are short: searching only the end of a line keeps long words from costing
# quadratic time.
_CAPTION_TAIL_CHARS = 200

# Headers over a list of links to other stories ("Most viewed", "Related Topics").
_LINK_LIST_HEADER = _Lazy(
    r"(?:related(?:\s+(?:topics?|stories|articles?|coverage|content|news|links?|videos?))?"
    r"|more\s+(?:on\s+this\s+(?:story|topic)|stories|news|from\s+\S+(?:\s+\S+)?)"
    r"|most\s+(?:read|viewed|popular|shared|recent)|top\s+stories|trending(?:\s+now)?"
    r"|you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy)|we\s+recommend"
    r"|recommended(?:\s+(?:for\s+you|stories|reading))?|read\s+(?:more|next|also)|also\s+read"
    r"|see\s+also|further\s+reading|editor'?s?\s+picks?|latest(?:\s+(?:news|stories))?"
    r"|in\s+other\s+news)\s*:?",
    re.IGNORECASE,
)
_LIST_ITEM_MAX_WORDS = 20
_BYLINE_TAIL_MAX_WORDS = 3
_SENTENCE_FINAL = ".!?"

# Dates and times: a line made only of these tokens is a timestamp.
_TIME_TOKEN = _Lazy(
    rf"{_MONTH}|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?"
    r"|\d{1,4}(?:st|nd|rd|th)?|\d{1,2}[:.]\d{2}(?::\d{2})?(?:[ap]\.?m\.?)?"
    r"|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|[ap]\.?m\.?|gmt|utc|bst|cet|cest|est|edt|et|pst|pdt|pt"
    r"|msk|ist|eat|wat|cat|z|[+-]\d{2}:?\d{2}|at|on|ago|updated|published|posted|hours?"
    r"|minutes?|mins?|days?|h|[-\u2013\u2014]",
    re.IGNORECASE,
)
_TOKEN_SPLIT = _Lazy(r"[\s,/|()]+")
_FULL_DATE = _Lazy(
    rf"\b(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b",
    re.IGNORECASE,
)

_QUOTED = _Lazy(r'"[^"\n]*"')
_PRONOUN = _Lazy(r"\b(?:[Ww]e|us|[Oo]urs?|[Oo]urselves|[Yy]ou|[Yy]ours?|[Yy]ourself)\b")
_OUTLET_VOICE = _Lazy(r"\b(?:[Ww]e|us|[Oo]urs?)\b")
_APPEAL_WORDS = _Lazy(
    r"\b(?:donat\w*|subscri\w*|paywall|membership|patrons?|thank\s+you|independent\s+journalism"
    r"|free\s+press|chip\s+in)\b",
    re.IGNORECASE,
)
# Phrases only an outlet asking its readers for money would write.
_APPEAL_OPENERS = _Lazy(
    r"\bsmall\s+favou?r\s+to\s+ask\b"
    r"|\bsupport(?:ing)?\s+our\s+(?:independent\s+)?(?:journalism|reporting|newsroom|work"
    r"|mission)\b"
    r"|\bplease\s+(?:consider\s+)?(?:support(?:ing)?|donat\w*|contribut\w*|subscrib\w*"
    r"|help(?:ing)?)\s+(?:us|our|to\s+(?:us|our)|today|now)\b"
    r"|\b(?:we|our\s+\w+|journalism\s+like\s+this)\s+(?:need|needs|relies|rely|depends?)\s+"
    r"(?:on\s+)?(?:your|readers?|the\s+support)\b"
    r"|\bif\s+you\s+(?:value|like|enjoy|appreciate|found)\s+(?:our|this|what\s+we)\b"
    r"|\breader[- ](?:funded|supported)\b|\bfunded\s+by\s+(?:our\s+)?readers\b",
    re.IGNORECASE,
)
# Phrases news can use too ("Ukraine hopes to become a member of NATO"): an appeal only
# in a short paragraph where the outlet speaks as "we".
_VOICED_OPENERS = _Lazy(
    r"\bbecome\s+an?\s+(?:member|supporter|patron|subscriber)\b"
    r"|\bmak(?:e|ing)\s+a\s+(?:one[- ]off\s+|one[- ]time\s+|monthly\s+|small\s+|regular\s+)?"
    r"(?:donation|contribution)\b"
    r"|\b(?:donate|contribute|give)\s+(?:now|today|monthly)\b"
    r"|\bsupport(?:ing)?\s+(?:independent|quality|fearless|free)\s+(?:journalism|reporting|media"
    r"|press)\b"
    r"|\bdonat(?:e|es|ing|ion|ions)\b.*\b(?:support|help|journalism|readers?|independent"
    r"|monthly)\b"
    r"|\b(?:support|help|journalism|readers?|independent|monthly)\b.*\bdonat(?:e|es|ing|ion"
    r"|ions)\b",
    re.IGNORECASE,
)
_APPEAL_MAX_WORDS = 200
_VOICED_MAX_WORDS = 80
_NEWS_MIN_WORDS = 8


def word_count(text: str) -> int:
    """The number of whitespace-separated words in ``text``."""
    return len(text.split())


def furniture_rule(line: str) -> str | None:
    """The name of the rule that marks ``line`` as page furniture, or ``None`` if it is text."""
    words = word_count(line)
    if words == 0:
        return None
    for rule in _RULES:
        if words <= rule.max_words and rule.pattern.fullmatch(line):
            return rule.name
    if words <= _CAPTION_MAX_WORDS and _CAPTION_END.search(line[-_CAPTION_TAIL_CHARS:]):
        return "caption"
    return None


def opens_link_list(line: str) -> bool:
    """Whether ``line`` is a header over a list of links ("Most viewed", "Related Topics")."""
    return _LINK_LIST_HEADER.fullmatch(line) is not None


def _ends_sentence(line: str) -> bool:
    core = line.rstrip("\"')]")
    return bool(core) and core[-1] in _SENTENCE_FINAL


def is_link_list_item(line: str) -> bool:
    """Whether ``line`` can be an item of a link list: a short headline, not a sentence."""
    return word_count(line) <= _LIST_ITEM_MAX_WORDS and not _ends_sentence(line)


def is_byline_tail(line: str) -> bool:
    """Whether ``line``, right under a byline, is its desk or role ("BBC Africa")."""
    return (
        word_count(line) <= _BYLINE_TAIL_MAX_WORDS
        and not _ends_sentence(line)
        and not is_timestamp(line)
        and not has_full_date(line)
    )


def is_timestamp(line: str) -> bool:
    """Whether ``line`` is only a date and/or time ("Sep 8, 2018 12:02 GMT")."""
    if not any(c.isdigit() for c in line):
        return False
    tokens = [t for t in _TOKEN_SPLIT.compiled.split(line) if t]
    return all(_TIME_TOKEN.fullmatch(t) for t in tokens)


def has_full_date(line: str) -> bool:
    """Whether ``line`` gives a full calendar date ("March 10, 2002", "8 Sept 2018")."""
    return _FULL_DATE.search(line) is not None


def _unquoted(text: str) -> str:
    # Pronouns inside quotations belong to the people quoted, not to the outlet.
    return _QUOTED.sub(" ", text)


def opens_appeal(paragraph: str) -> bool:
    """Whether ``paragraph`` starts a donation or subscription appeal."""
    words = word_count(paragraph)
    if words > _APPEAL_MAX_WORDS:
        return False
    text = _unquoted(paragraph)
    if _APPEAL_OPENERS.search(text):
        return True
    return (
        words <= _VOICED_MAX_WORDS
        and _OUTLET_VOICE.search(text) is not None
        and _VOICED_OPENERS.search(text) is not None
    )


def is_clearly_news(paragraph: str) -> bool:
    """Whether ``paragraph`` reads as reporting rather than the outlet talking to its readers."""
    if word_count(paragraph) < _NEWS_MIN_WORDS:
        return False
    text = _unquoted(paragraph)
    return not _PRONOUN.search(text) and not _APPEAL_WORDS.search(text)
