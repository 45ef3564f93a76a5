"""Generic rules that tell page furniture from article text.

Each rule looks at one line (a paragraph of the scraped text) and is written for the
kinds of furniture news sites share, not for one site: banners and ads, newsletter and
share prompts, "Read more" links, photo credits and captions, cookie and copyright
notices, bylines and reporting credits. Donation appeals span several paragraphs, so
they get three predicates: :func:`opens_appeal` finds where one starts,
:func:`is_clearly_news` where the article resumes.

The patterns use straight quotes only: text reaches them after ``ftfy`` has uncurled
quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# News agencies and photo agencies that appear in credits ("Name / AFP", "REUTERS/Name").
_AGENCIES = (
    r"(?:AP|AFP|Reuters|REUTERS|EPA(?:-EFE)?|EFE|DPA|dpa|TASS|Sputnik|RIA\s+Novosti|Interfax"
    r"|Xinhua|SANA|Anadolu(?:\s+Agency)?|ANADOLU|Getty(?:\s+Images)?|Shutterstock|Alamy"
    r"|Bloomberg|UPI|PA(?:\s+Media)?|ANSA|Kyodo|Yonhap|IRNA|WANA|Al\s+Jazeera|Pool|POOL"
    r"|Handout|HANDOUT|Kremlin\.ru|SIPA|NurPhoto|ZUMA(?:\s+Wire)?|Press\s+Association)"
)
_NAME = r"[A-Z][\w.'-]*(?:\s+(?:[A-Z][\w.'-]*|de|da|van|von|al|el|bin|ibn)){0,4}"
_SOCIAL = (
    r"(?:facebook|twitter|x|whatsapp|telegram|linkedin|reddit|pinterest|instagram|youtube"
    r"|tiktok|vk|vkontakte|email|e-mail|mail|print|copy\s+link|messenger|flipboard|pocket|sms)"
)
_LABEL_SEP = r"(?:\s*[:|»›>]|\s+[\u2013\u2014-]\s)"
_TIME_WORDS = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
    r"|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?"
    r"|\d{1,4}(?:st|nd|rd|th)?|\d{1,2}:\d{2}(?::\d{2})?|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}"
    r"|[ap]\.?m\.?|gmt|utc|bst|cet|cest|est|edt|et|pst|pdt|pt|msk|ist|eat|wat|cat|z"
    r"|[+-]\d{2}:?\d{2}|at|on|ago|updated|published|posted|hours?|minutes?|mins?|days?|h"
)
_TIMESTAMP = re.compile(rf"(?:(?:{_TIME_WORDS})[\s,/|.-]*)+", re.IGNORECASE)


@dataclass(frozen=True)
class LineRule:
    """One kind of furniture: a pattern that must match the whole line, on short lines only."""

    name: str
    pattern: re.Pattern[str]
    max_words: int


def _rule(name: str, pattern: str, max_words: int, *, ignore_case: bool = True) -> LineRule:
    flags = re.IGNORECASE if ignore_case else 0
    return LineRule(name, re.compile(pattern, flags), max_words)


_RULES: tuple[LineRule, ...] = (
    # Site banners and calls to action shown above or below the story.
    _rule("banner", r"(?:please\s+)?support\s+[^.!?]{1,60}!+", 8),
    _rule(
        "banner",
        r"(?:please\s+)?support\s+(?:us|our\s+\w+(?:\s+\w+)?|independent\s+\w+(?:\s+\w+)?)\W*",
        6,
    ),
    _rule(
        "banner",
        r"(?:please\s+)?(?:donate|contribute)(?:\s+(?:now|today|here|monthly|to\b.*))?\W*",
        12,
    ),
    _rule("banner", r"become\s+an?\s+(?:member|supporter|patron|subscriber|friend)\b.*", 15),
    _rule("banner", r"(?:subscribe|sign\s+up|register|join)\b.*\bnewsletters?\b.*", 30),
    _rule("banner", r"(?:subscribe|sign\s+up|sign\s+in|log\s+in|register|create\s+an?\s+account)\b.*", 12),
    _rule("banner", r"(?:get|receive)\s+.*\b(?:newsletter|in\s+your\s+inbox|alerts?)\b.*", 25),
    _rule("banner", r"(?:enter|your)\s+(?:your\s+)?e-?mail(?:\s+address)?\b.*", 15),
    _rule("banner", r"(?:already\s+(?:a\s+subscriber|have\s+an\s+account|registered)|newsletters?)\b.*", 12),
    _rule("banner", r"(?:get|unlock|enjoy)\s+(?:unlimited|full|digital|premium)\s+access\b.*", 15),
    _rule("banner", r"this\s+(?:article|story|content)\s+is\s+(?:for|available\s+to|only\s+for)\s+subscribers\b.*", 20),
    _rule("banner", r"this\s+(?:article|story)\s+is\s+more\s+than\s+\S+\s+(?:years?|months?)\s+old\W*", 10),
    _rule("banner", r"(?:please\s+)?enable\s+javascript\b.*|your\s+browser\s+does\s+not\s+support\b.*", 25),
    _rule("banner", r"(?:download|get|open\s+in)\s+(?:the|our)\s+(?:\S+\s+)?app\b.*|open\s+in\s+app\W*", 12),
    # Advertising.
    _rule(
        "advertisement",
        r"(?:advertisement|advertising|advert|ads?|sponsored(?:\s+content)?|paid\s+(?:content|post)"
        r"|promoted(?:\s+(?:content|stories))?|partner\s+content|skip\s+(?:advertisement|ad))\W*",
        3,
    ),
    _rule("advertisement", r"(?:story|article|text)\s+continues\s+(?:below|after)\b.*", 8),
    _rule("advertisement", r"scroll\s+(?:down\s+)?to\s+(?:continue|read)\b.*|remove\s+ads\b.*", 8),
    # "Continue" / "Read more" links and lists of other stories.
    _rule("read-more", r"continue(?:\s+reading)?(?:\s+(?:the\s+)?(?:main\s+story|full\s+story|article|story|below|here))?\W*", 6),
    _rule("read-more", r"continue\s+reading\b.*", 10),
    _rule(
        "read-more",
        r"(?:read|see|watch|listen|view)\s+(?:more|also|next|full\s+(?:story|article)|the\s+full\s+(?:story|article))"
        rf"(?:{_LABEL_SEP}.*|\s+(?:here|below|stories|news|on\b.*|about\b.*|from\b.*))?\W*",
        25,
    ),
    _rule(
        "read-more",
        r"(?:also\s+read|read\s+also|also\s+see|see\s+also|also\s+watch|related|more|further\s+reading"
        r"|recommended(?:\s+(?:reading|for\s+you|stories|videos?))?|more\s+reading|trending|watch|listen"
        r"|video|videos|photos|gallery|in\s+pictures|read\s+next|up\s+next|what\s+to\s+read\s+next|most\s+(?:read|popular|viewed|shared))"
        rf"{_LABEL_SEP}.*",
        25,
    ),
    _rule(
        "read-more",
        r"(?:related(?:\s+(?:articles?|stories|coverage|content|news|reading|posts?|topics?|links?|videos?))?"
        r"|more\s+(?:on\s+this\s+(?:story|topic)|from\s+.+|stories|news|like\s+this|in\s+\w+|about\s+.+)"
        r"|you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy|be\s+interested(?:\s+in)?)|recommended(?:\s+\w+)?"
        r"|most\s+(?:read|popular|viewed|shared|recent)|top\s+stories|latest(?:\s+(?:news|stories))?"
        r"|trending(?:\s+now)?|editor'?s?\s+picks?|read\s+next|up\s+next|next\s+(?:article|story|post)"
        r"|previous\s+(?:article|story|post)|in\s+other\s+news|more|next|previous|load\s+more|show\s+more"
        r"|see\s+more|view\s+more|view\s+all|see\s+all|click\s+here\b.*|tap\s+here\b.*)\W*",
        10,
    ),
    # Sharing and following.
    _rule(
        "share",
        r"(?:click\s+to\s+)?share(?:\s+(?:this|the))?(?:\s+(?:article|story|post|page|link|video))?"
        r"(?:\s+(?:on|via|to|with)\b.*|:.*)?\W*",
        10,
    ),
    _rule("share", r"(?:follow|like|join|find)\s+(?:us|@\S+)\s+on\s+.+", 15),
    _rule("share", rf"(?:follow|join)\s+(?:us|our\s+\w+(?:\s+\w+)?)\s+(?:on\s+)?{_SOCIAL}\b.*", 15),
    _rule("share", rf"(?:share\s*:?\s*)?(?:{_SOCIAL}\W*){{1,10}}", 12),
    _rule("share", r"tweet|comments?|\d+\s+comments?|leave\s+a\s+(?:comment|reply)|(?:show|hide|view)\s+comments\W*", 4),
    _rule("share", r"(?:copy\s+link|link\s+copied|save|saved|bookmark|print(?:\s+this\s+(?:page|article))?)\W*", 4),
    # Site navigation.
    _rule(
        "navigation",
        r"(?:home|menu|search|close|back|back\s+to\s+top|top|skip\s+to\s+(?:main\s+)?content|toggle\s+navigation"
        r"|main\s+menu|navigation|loading(?:\.\.\.)?|listen(?:\s+to\s+(?:this\s+)?(?:article|story))?"
        r"|play|pause|audio|image|photo|(?:\d+\s+)?min(?:ute)?s?\s+read|reading\s+time\b.*"
        r"|(?:tags|topics|filed\s+under|categories|keywords|sections?)\s*:.*)\W*",
        12,
    ),
    _rule("navigation", r"home\s*[>»›/|].*", 15),
    # Cookie, privacy and legal notices.
    _rule("cookies", r".*\bcookies?\b.*\b(?:we|our|you|accept|consent|policy|browsing|continu\w*|use)\b.*", 80),
    _rule("cookies", r".*\b(?:we|you|accept|consent|policy|browsing|continu\w*)\b.*\bcookies?\b.*", 80),
    _rule("legal", r".*\b(?:privacy\s+policy|terms\s+(?:of|and)\s+(?:use|service|conditions)|privacy\s+notice)\b.*", 20),
    _rule("copyright", r"(?:©|\(c\)\s*\d{4}|copyright\b).*", 30),
    _rule("copyright", r".*\ball\s+rights\s+reserved\b.*", 30),
    _rule("copyright", r".*\bmay\s+not\s+be\s+(?:re)?published,?\s+broadcast.*", 40),
    # Photo credits and captions.
    _rule("photo-credit", rf"\(?{_NAME}\s*[/|\\]\s*{_NAME}\)?", 9, ignore_case=False),
    _rule("photo-credit", rf"\(?(?:{_AGENCIES})\)?", 3, ignore_case=False),
    _rule(
        "photo-credit",
        r"\(?(?:(?:file|archive|handout|main|top|lead|header)\s+)?(?:photo(?:graph)?|image|picture|pic|video|footage"
        r"|illustration|graphic|caption|credit)s?(?:\s+(?:credit|source|courtesy|caption|copyright))?\s*[:|©]"
        r".*",
        40,
    ),
    _rule("photo-credit", r"\(?(?:photo(?:graph)?|image|picture|illustration|video)s?\s+(?:by|courtesy(?:\s+of)?|credit|from)\b.*", 30),
    _rule("photo-credit", r"(?:image|media|photo|video)\s+(?:caption|copyright|source)\b.*", 50),
    _rule("photo-credit", r"file\s*(?:photo|picture|image)?\s*[\u2013\u2014-]\s+(?:in\s+)?this\b.*", 80),
    _rule("photo-credit", r"(?:getty\s+images|afp\s+via\s+getty\s+images|via\s+getty\s+images|shutterstock)\W*", 6),
    # Bylines and reporting credits.
    _rule(
        "credit",
        r"\(?(?:additional\s+)?(?:reporting|writing|editing|compiled|produced|written|edited|translated)"
        r"\s+by\b.*",
        45,
    ),
    _rule(
        "credit",
        rf"(?:By|BY)\s+{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*"
        r"(?:\s+(?:staff|correspondents?|reporters?|writers?|team|staff\s+writers?))?"
        r"(?:\s*[,|/\u2013\u2014-]\s*[^.!?]{0,60})?",
        15,
        ignore_case=False,
    ),
)

# Captions end with a credit: "... in Cali. Luis Carmona / AFP", "... REUTERS/Omar Sanadiki",
# "... (AP Photo/Name)", "... [Name/Al Jazeera]", "... AFP via Getty Images".
_CAPTION_END = re.compile(
    rf"(?:{_NAME}\s*[/|]\s*(?:{_AGENCIES})"
    rf"|(?:{_AGENCIES})\s*(?:Photo\s*)?/\s*{_NAME}"
    r"|\((?:AP|AFP|Reuters|EPA)?\s*(?:Photo|Image|Picture)s?\s*[/:][^()]{1,80}\)"
    r"|\((?:Photo|Image|Picture)s?\s+(?:by|courtesy)[^()]{1,80}\)"
    r"|(?:via|/)\s*Getty\s+Images"
    r"|\[[^\[\]]{1,80}/[^\[\]]{1,50}\]|\[File[^\[\]]{0,80}\])\W*$"
)
_CAPTION_MAX_WORDS = 60

_QUOTED = re.compile(r'"[^"\n]*"')
_PRONOUN = re.compile(r"\b(?:[Ww]e|us|[Oo]urs?|[Oo]urselves|[Yy]ou|[Yy]ours?|[Yy]ourself)\b")
_APPEAL_WORDS = re.compile(
    r"\b(?:donat\w*|subscri\w*|paywall|membership|patrons?|thank\s+you|independent\s+journalism"
    r"|free\s+press|chip\s+in)\b",
    re.IGNORECASE,
)
_APPEAL_OPENERS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\bsmall\s+favou?r\s+to\s+ask\b",
        r"\b(?:support|fund|back)(?:ing)?\s+(?:our|independent|quality|fearless|free|public[- ]interest)"
        r"\s+(?:independent\s+)?(?:journalism|reporting|newsroom|media|press|work|mission)\b",
        r"\bplease\s+(?:consider\s+)?(?:support(?:ing)?|donat\w*|contribut\w*|subscrib\w*|help(?:ing)?)"
        r"\s+(?:us|our|to\s+(?:us|our)|today|now)\b",
        r"\bbecome\s+an?\s+(?:member|supporter|patron|subscriber)\b",
        r"\bmak(?:e|ing)\s+a\s+(?:one[- ]off\s+|one[- ]time\s+|monthly\s+|small\s+|regular\s+)?(?:donation|contribution)\b",
        r"\b(?:donate|contribute|give)\s+(?:now|today|monthly)\b",
        r"\b(?:we|our\s+\w+|journalism\s+like\s+this)\s+(?:need|needs|relies|rely|depends?)\s+(?:on\s+)?"
        r"(?:your|readers?|the\s+support)\b",
        r"\bif\s+you\s+(?:value|like|enjoy|appreciate|found)\s+(?:our|this|what\s+we)\b",
        r"\breader[- ](?:funded|supported)\b|\bfunded\s+by\s+(?:our\s+)?readers\b",
    )
)
_DONATE = re.compile(r"\bdonat(?:e|es|ing|ion|ions)\b", re.IGNORECASE)
_APPEAL_CONTEXT = re.compile(r"\b(?:support|help|journalism|readers?|independent|contribut\w*|monthly)\b", re.I)
_APPEAL_MAX_WORDS = 200
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
    if words <= _CAPTION_MAX_WORDS and _CAPTION_END.search(line):
        return "caption"
    return None


def is_timestamp(line: str) -> bool:
    """Whether ``line`` is only a date and/or time ("Sep 8, 2018 12:02 GMT")."""
    return any(c.isdigit() for c in line) and _TIMESTAMP.fullmatch(line.strip()) is not None


def _unquoted(text: str) -> str:
    # Pronouns inside quotations belong to the people quoted, not to the outlet.
    return _QUOTED.sub(" ", text)


def opens_appeal(paragraph: str) -> bool:
    """Whether ``paragraph`` starts a donation or subscription appeal."""
    if word_count(paragraph) > _APPEAL_MAX_WORDS:
        return False
    text = _unquoted(paragraph)
    if any(p.search(text) for p in _APPEAL_OPENERS):
        return True
    return bool(_DONATE.search(text) and _PRONOUN.search(text) and _APPEAL_CONTEXT.search(text))


def is_clearly_news(paragraph: str) -> bool:
    """Whether ``paragraph`` reads as reporting rather than the outlet talking to its readers."""
    if word_count(paragraph) < _NEWS_MIN_WORDS:
        return False
    text = _unquoted(paragraph)
    return not _PRONOUN.search(text) and not _APPEAL_WORDS.search(text)
