"""The actor lexicon: countries, demonyms, agent words and named actors in a list of words.

Three data files in ``eventwire/data`` (built by ``scripts/build_actor_data.py`` from the
NGEC/PLOVER and Phoenix dictionaries, brought up to date with our own facts):

- ``countries.tsv``  phrase, iso3, kind (country | demonym | metonym), sector (metonyms)
- ``agents.tsv``     phrase, sector (CAMEO agent codes: MIL, GOV, REB, CVL, COP, PRO, ...)
- ``actors.tsv``     phrase, code, start, end, name (people and groups, ISO role dates)

Matching is longest first, left to right, over lowercased words. Hyphens inside names do not
count ("al-Assad", "al - Assad" and "al Assad" match alike) and an apostrophe-s is a word of its
own, as spaCy writes it. A match may not start inside a hyphenated word ("pro-Assad"). Proper
names (countries, demonyms, metonyms, named actors) match only when one of their words has a
capital letter; acronyms that are also English words ("US", "IS") only when written in capitals.
A named actor matches on a date only through a role whose dates cover it (or its default role).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from eventwire.errors import InputError

KINDS = ("country", "demonym", "metonym", "agent", "actor")
COUNTRY_KINDS = ("country", "demonym", "metonym")
# Actor-code prefixes that are not countries, and the sector they stand for.
NONSTATE_SECTORS = {"IGO": "IGO", "NGO": "NGO", "IMG": "REB", "MNC": "BUS"}
# CAMEO role codes read as the sector of a named actor (INS, insurgents, read as REB).
ROLE_SECTORS = {
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "LEG", "ELI", "CVL", "MED", "EDU",
    "BUS", "LAB", "REF", "HLH", "AGR", "ENV", "CRM", "UAF", "DEV", "HRI", "RAD", "MOD",
}
RELIGIONS = {"MUS", "CHR", "JEW", "HIN", "BUD", "CTH", "REL", "SHI", "SUN", "SIK"}
HYPHENS = {"-", "\u2013", "\u2010", "\u2011"}
SMALL_WORDS = {"and", "of", "the", "de", "du", "la", "le", "al", "el", "da", "to", "for"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PLAIN = re.compile(r"[a-z0-9.&/]+( [a-z0-9.&/]+)*$")  # a phrase that is its own key


@dataclass(frozen=True)
class LexMatch:
    """A lexicon phrase found in a list of words.

    ``start``/``end`` are word indices ``[start, end)``; ``kind`` is one of :data:`KINDS`;
    ``country`` an ISO3 code (or CAMEO's, for a few historical states); ``sector`` a CAMEO
    sector (GOV MIL REB CVL COP PRO IGO MED JUD BUS ...); ``name`` the canonical name
    ("Russia", "Recep Tayyip Erdogan", "warplanes"); ``code`` the CAMEO-style code of a
    country ("RUS"), a metonym ("RUSGOV") or a named actor ("TURGOV"), None for agent words.
    """

    start: int
    end: int
    kind: str
    country: str | None
    sector: str | None
    name: str
    code: str | None


class _Entry:
    """One reading of a phrase (a country, an agent word, or one dated role of an actor)."""

    __slots__ = ("kind", "country", "sector", "name", "code", "start", "end", "cased")

    def __init__(self, kind: str, country: str | None, sector: str | None, name: str,
                 code: str | None, start: str = "", end: str = "", cased: bool = False) -> None:
        self.kind, self.country, self.sector, self.name = kind, country, sector, name
        self.code, self.start, self.end, self.cased = code, start, end, cased


# A phrase's readings, in order of preference: [country-table entries, actor roles (raw TSV
# rows until first matched, then entries), agent sector]. Lists, not objects: 40k are made
# at load time and a list is the cheapest thing to make.
_PLACES, _ROLES, _AGENT = 0, 1, 2


@lru_cache(maxsize=1 << 16)
def words_of(text: str) -> tuple[str, ...]:
    """The words a token or phrase is compared by: lowercase, ASCII, no hyphens, "'s" apart."""
    return _split(text)


def _key(phrase: str) -> str:
    """The words of a lexicon phrase joined by spaces (most phrases already are)."""
    if PLAIN.match(phrase):
        return phrase
    return " ".join(_split(phrase))


def _split(text: str) -> tuple[str, ...]:
    low = text.lower()
    if not low.isascii():
        from unidecode import unidecode  # only for the rare non-ASCII token

        low = unidecode(low.replace("\u2019", "'"))
    for hyphen in HYPHENS:
        low = low.replace(hyphen, " ")
    out: list[str] = []
    for chunk in low.split():
        possessive = chunk.endswith("'s")
        chunk = chunk[:-2].strip("'") if possessive else chunk.strip("'")
        if chunk:
            out.append(chunk)
        if possessive:
            out.append("'s")
    return tuple(out)


def _title(phrase: str) -> str:
    """A lowercase country phrase in Title Case: "cote d'ivoire" -> "Cote d'Ivoire"."""
    out = []
    for i, word in enumerate(phrase.split(" ")):
        parts = []
        for j, part in enumerate(word.split("-")):
            if (i or j) and part in SMALL_WORDS:
                parts.append(part)
            elif part.startswith("d'") and len(part) > 2:
                parts.append("d'" + part[2:].capitalize())
            else:
                parts.append(part.upper() if "." in part else part[:1].upper() + part[1:])
        out.append("-".join(parts))
    return " ".join(out)


def _rows(name: str) -> Iterable[list[str]]:
    """The rows (lists of fields) of a packaged TSV file, header skipped."""
    resource = files(__package__) / "data" / name
    try:
        text = resource.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        where = f"eventwire/data/{name}"
        raise InputError(where, "missing: run scripts/build_actor_data.py") from err
    return (line.split("\t") for line in text.splitlines()[1:] if line)


class Lexicon:
    """Countries, agent words and named actors, indexed for longest-match lookup."""

    def __init__(self, countries: Iterable[Sequence[str]], agents: Iterable[Sequence[str]],
                 actors: Iterable[Sequence[str]]) -> None:
        """Build from rows shaped like the three TSV files (without their headers)."""
        self._groups: dict[str, list] = {}
        # first word -> [(number of words, phrase key, readings)]; turned into _by_first the
        # first time the word is looked up, so that loading stays a dict insert per phrase
        self._index: dict[str, list[tuple[int, str, list]]] = {}
        self._by_first: dict[str, list[tuple[int, dict[str, list]]]] = {}
        self._countries: set[str] = set()
        self._add_countries(countries)
        groups, slot, index, plain = self._groups, self._slot, self._index, PLAIN.match
        for row in actors:  # the hot loop of loading (40k rows): no call for a plain phrase
            phrase = row[0]
            group = groups.get(phrase)
            if group is None:
                if plain(phrase):  # its own key: _slot inlined
                    group = groups[phrase] = [None, [row], None]
                    first = phrase.partition(" ")[0]
                    entry = (phrase.count(" ") + 1, phrase, group)
                    bucket = index.get(first)
                    if bucket is None:
                        index[first] = [entry]
                    else:
                        bucket.append(entry)
                    continue
                group = slot(phrase)
            if group[_ROLES] is None:
                group[_ROLES] = [row]
            else:
                group[_ROLES].append(row)
        for phrase, sector in agents:
            group = groups.get(phrase) or slot(phrase)
            group[_AGENT] = group[_AGENT] or sector
        self._sectors: dict[str, tuple[str | None, str | None]] = {}

    @classmethod
    def load(cls) -> Lexicon:
        """The lexicon from the package's data files (read once per process)."""
        return _packaged()

    def _slot(self, phrase: str) -> list:
        """The readings of a phrase, made (and indexed by first word) when new."""
        key = _key(phrase)
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = [None, None, None]
            n = key.count(" ") + 1
            self._index.setdefault(key.partition(" ")[0], []).append((n, key, group))
        if key != phrase:
            self._groups[phrase] = group  # so that the next row of this phrase is found at once
        return group

    def _add_countries(self, rows: Iterable[Sequence[str]]) -> None:
        names: dict[str, str] = {}
        for row in rows:
            phrase, iso3, kind = row[0], row[1], row[2]
            sector = row[3] if len(row) > 3 and row[3] else None
            if kind not in COUNTRY_KINDS:
                raise InputError("countries.tsv", f"unknown kind {kind!r} for {phrase!r}")
            if kind == "country" and iso3 not in names:
                names[iso3] = _title(phrase.lower())
            name = names.get(iso3, iso3)
            code = iso3 + sector if sector else iso3
            entry = _Entry(kind, iso3, sector, name, code, cased=phrase != phrase.lower())
            group = self._slot(phrase)
            group[_PLACES] = (group[_PLACES] or []) + [entry]
            self._countries.add(iso3)

    def match(self, words: Sequence[str], *, on: str | None = None) -> list[LexMatch]:
        """Lexicon phrases in ``words`` (token texts), longest first, left to right.

        ``on`` (YYYY-MM-DD) keeps only actors whose roles cover that date; without it an
        actor's open-ended (else default, else most recent) role is used.
        """
        day = _check_date(on)
        flat, owner, can_start = _flatten(words)
        found: list[LexMatch] = []
        p = 0
        while p < len(flat):
            hit = self._longest(flat, p, owner, words, day) if can_start[p] else None
            if hit is None:
                p += 1
                continue
            found.append(hit[0])
            p += hit[1]
        return found

    def _longest(self, flat: list[str], p: int, owner: list[int], words: Sequence[str],
                 day: str | None) -> tuple[LexMatch, int] | None:
        for n, groups in self._buckets(flat[p]):
            if p + n > len(flat):
                continue
            key = " ".join(flat[p : p + n]) if n > 1 else flat[p]
            group = groups.get(key)
            if group is None:
                continue
            start, end = owner[p], owner[p + n - 1] + 1
            entry = _choose(group, key, words[start:end], day)
            if entry is not None:
                return self._as_match(entry, start, end), n
        return None

    def _buckets(self, first: str) -> list[tuple[int, dict[str, list]]]:
        """[(number of words, {phrase key -> readings})] of the phrases starting with a word,
        longest first."""
        buckets = self._by_first.get(first)
        if buckets is None:
            by_n: dict[int, dict[str, list]] = {}
            for n, key, group in self._index.get(first, ()):
                by_n.setdefault(n, {})[key] = group
            buckets = self._by_first[first] = sorted(by_n.items(), reverse=True)
        return buckets

    def _as_match(self, entry: _Entry, start: int, end: int) -> LexMatch:
        country, sector = entry.country, entry.sector
        if entry.kind == "actor":
            country, sector = self._code_parts(entry.code or "")
        return LexMatch(start, end, entry.kind, country, sector, entry.name, entry.code)

    def _code_parts(self, code: str) -> tuple[str | None, str | None]:
        """(country, sector) of an actor code: TURGOV -> (TUR, GOV), IGOUNO -> (None, IGO)."""
        parts = self._sectors.get(code)
        if parts is None:
            parts = self._sectors[code] = _split_code(code, self._countries)
        return parts

    def country_of(self, word: str) -> str | None:
        """ISO3 of a country name, demonym or metonym, any case: "Syrian" -> "SYR"."""
        group = self._groups.get(" ".join(words_of(word)))
        places = (group[_PLACES] or ()) if group else ()
        return next((e.country for e in places if word.isupper() or not e.cased), None)

    def sector_of(self, word: str) -> str | None:
        """Sector of an agent word (or a metonym), any case: "warplanes" -> "MIL"."""
        group = self._groups.get(" ".join(words_of(word)))
        if group is None:
            return None
        if group[_AGENT] is not None:
            return group[_AGENT]
        return next((e.sector for e in group[_PLACES] or () if e.sector), None)


def _check_date(on: str | None) -> str | None:
    """The YYYY-MM-DD day of ``on`` (a date or an ISO timestamp), or None."""
    if on is None:
        return None
    if not ISO_DATE.match(on):
        raise InputError("Lexicon.match", f"on={on!r} is not an ISO date (YYYY-MM-DD)")
    return on[:10]


def _flatten(words: Sequence[str]) -> tuple[list[str], list[int], list[bool]]:
    """Words split into compared pieces, with the index of each piece's word and whether a
    match may start there (not inside a hyphenated word, not right after a '-' token)."""
    flat: list[str] = []
    owner: list[int] = []
    can_start: list[bool] = []
    after_hyphen = False
    for i, word in enumerate(words):
        for j, piece in enumerate(words_of(word)):
            flat.append(piece)
            owner.append(i)
            can_start.append(j == 0 and not after_hyphen)
        after_hyphen = word in HYPHENS
    return flat, owner, can_start


def _choose(group: list, key: str, span: Sequence[str], day: str | None) -> _Entry | None:
    """The reading of a matched phrase to use, given how it is written and the date."""
    if any(w != w.lower() for w in span):
        upper = all(w.isupper() for w in span)
        for entry in group[_PLACES] or ():
            if upper or not entry.cased:
                return entry
        roles = [r for r in _roles(group) if upper or not r.cased]
        role = _role_on(roles, day) if roles else None
        if role is not None:
            return role
    if group[_AGENT] is None:
        return None
    return _Entry("agent", None, group[_AGENT], key, None)


def _roles(group: list) -> list[_Entry]:
    """The actor roles of a phrase, made from their TSV rows the first time they are needed."""
    roles = group[_ROLES]
    if not roles:
        return []
    if not isinstance(roles[0], _Entry):
        for row in roles:
            if len(row) != 5:
                raise InputError("actors.tsv", f"row {row!r} has {len(row)} fields, not 5")
        roles = group[_ROLES] = [
            _Entry("actor", None, None, r[4], r[1], r[2], r[3], r[0] != r[0].lower())
            for r in roles
        ]
    return roles


def _role_on(roles: list[_Entry], day: str | None) -> _Entry | None:
    """The role that holds on ``day``: the latest-starting dated role covering it, else the
    default (undated) role. Without a day: open-ended, else default, else the latest ended."""
    defaults = [r for r in roles if not r.start and not r.end]
    dated = [r for r in roles if r.start or r.end]
    if day is None:
        open_ended = [r for r in dated if not r.end]
        if open_ended:
            return max(open_ended, key=lambda r: r.start)
        if defaults:
            return defaults[0]
        return max(dated, key=lambda r: r.end) if dated else None
    covering = [r for r in dated if (not r.start or r.start <= day) and (not r.end or day <= r.end)]
    if covering:
        return max(covering, key=lambda r: r.start)
    return defaults[0] if defaults else None


def _split_code(code: str, countries: set[str]) -> tuple[str | None, str | None]:
    """(country, sector) of a CAMEO-style actor code."""
    prefix = code[:3]
    chunks = [code[i : i + 3] for i in range(3, len(code), 3)]
    if prefix in NONSTATE_SECTORS:
        country = chunks[0] if prefix == "MNC" and chunks and chunks[0] in countries else None
        return country, NONSTATE_SECTORS[prefix]
    country = prefix if prefix in countries else None
    for chunk in chunks:
        if chunk == "INS":
            return country, "REB"
        if chunk in ROLE_SECTORS:
            return country, chunk
        if chunk in RELIGIONS:
            return country, "REL"
    return country, None


@lru_cache(maxsize=1)
def _packaged() -> Lexicon:
    return Lexicon(_rows("countries.tsv"), _rows("agents.tsv"), _rows("actors.tsv"))
