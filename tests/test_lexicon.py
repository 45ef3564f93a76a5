"""Tests for eventwire.lexicon: the packaged actor lexicon and its longest-match matcher."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.errors import InputError
from eventwire.lexicon import KINDS, Lexicon, LexMatch, words_of

ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return Lexicon.load()


def found(lex: Lexicon, words: list[str], on: str | None = None) -> list[tuple]:
    return [(m.kind, m.country, m.sector, m.code) for m in lex.match(words, on=on)]


def test_demonyms_and_agent(lex):
    assert found(lex, ["Russian", "and", "Syrian", "warplanes"]) == [
        ("demonym", "RUS", None, "RUS"),
        ("demonym", "SYR", None, "SYR"),
        ("agent", None, "MIL", None),
    ]


def test_title_and_leader_on_a_date(lex):
    matches = lex.match(["Turkish", "President", "Tayyip", "Erdogan"], on="2018-09-08")
    assert matches[0] == LexMatch(0, 1, "demonym", "TUR", None, "Turkey", "TUR")
    leader = matches[-1]
    assert (leader.start, leader.end, leader.kind) == (2, 4, "actor")
    assert (leader.code, leader.country, leader.sector) == ("TURGOV", "TUR", "GOV")
    assert leader.name == "Recep Tayyip Erdogan"


def test_putin(lex):
    [m] = lex.match(["Vladimir", "Putin"])
    assert (m.kind, m.code, m.country, m.sector, m.name) == (
        "actor", "RUSGOV", "RUS", "GOV", "Vladimir Putin")


@pytest.mark.parametrize("words", [["Bashar", "al", "-", "Assad"], ["Bashar", "al-Assad"],
                                   ["Bashar", "al", "Assad"], ["President", "Bashar", "al-Assad"]])
def test_assad_in_office_until_december_2024(lex, words):
    [m] = [m for m in lex.match(words, on="2018-01-01") if m.kind == "actor"]
    assert (m.code, m.name, m.end) == ("SYRGOV", "Bashar al-Assad", len(words))
    assert not [m for m in lex.match(words, on="2025-03-01") if m.code == "SYRGOV"]


def test_united_nations_is_an_igo(lex):
    [m] = lex.match(["the", "United", "Nations"])
    assert (m.kind, m.country, m.sector, m.code) == ("actor", None, "IGO", "IGOUNO")


def test_islamic_state_is_an_armed_group(lex):
    [m] = lex.match(["Islamic", "State"], on="2015-06-01")
    assert (m.kind, m.sector, m.name) == ("actor", "REB", "Islamic State")
    assert lex.match(["IS", "fighters"])[0].name == "Islamic State"


@pytest.mark.parametrize("word, sector", [
    ("residents", "CVL"), ("police", "COP"), ("protesters", "PRO"), ("warplanes", "MIL"),
    ("soldier", "MIL"), ("rebels", "REB"), ("gunmen", "REB"), ("children", "CVL"),
    ("security forces", "COP"), ("officials", "GOV"), ("journalists", "MED"), ("judge", "JUD"),
    ("rescuers", "CVL"),
])
def test_agent_sectors(lex, word, sector):
    assert lex.sector_of(word) == sector
    assert found(lex, word.split()) == [("agent", None, sector, None)]


def test_country_of_and_sector_of_ignore_case(lex):
    assert lex.country_of("Syrian") == "SYR"
    assert lex.country_of("Russia") == "RUS"
    assert lex.country_of("south koreans") == "KOR"
    assert lex.country_of("Kremlin") == "RUS"
    assert lex.country_of("Narnia") is None
    assert lex.sector_of("Warplanes") == "MIL"
    assert lex.sector_of("Pentagon") == "MIL"
    assert lex.sector_of("Narnia") is None


def test_metonym_carries_its_sector(lex):
    [m] = lex.match(["the", "Kremlin"])
    assert (m.kind, m.country, m.sector, m.code) == ("metonym", "RUS", "GOV", "RUSGOV")


def test_acronyms_that_are_words_match_only_in_capitals(lex):
    assert found(lex, ["US"]) == [("country", "USA", None, "USA")]
    assert lex.match(["let", "us", "go"]) == []
    assert lex.match(["it", "is", "late"]) == []


def test_proper_names_need_a_capital(lex):
    assert lex.match(["turkey", "and", "china"]) == []
    assert [m.country for m in lex.match(["Turkey", "and", "China"])] == ["TUR", "CHN"]


def test_no_match_starts_inside_a_hyphenated_word(lex):
    assert all(m.kind != "actor" for m in lex.match(["anti", "-", "ISIS", "coalition"]))
    assert [m.country for m in lex.match(["Russian", "-", "backed", "rebels"])][0] == "RUS"


def test_roles_follow_dates(lex):
    assert found(lex, ["Taliban"], on="2020-01-01") == [("actor", "AFG", "REB", "AFGREB")]
    assert found(lex, ["Taliban"], on="2022-01-01") == [("actor", "AFG", "GOV", "AFGGOV")]
    assert lex.match(["Donald", "Trump"], on="2022-06-01") == []
    assert found(lex, ["Donald", "Trump"], on="2025-06-01")[0][3] == "USAGOV"


def test_on_must_be_an_iso_date(lex):
    with pytest.raises(InputError):
        lex.match(["Putin"], on="8 September 2018")
    assert lex.match(["Putin"], on="2018-09-08T10:00:00Z")[0].code == "RUSGOV"


def test_load_is_cached():
    assert Lexicon.load() is Lexicon.load()


def test_words_of():
    assert words_of("al-Assad") == ("al", "assad")
    assert words_of("People's") == ("people", "'s")
    assert words_of("Workers'") == ("workers",)
    assert words_of("Erdoğan") == ("erdogan",)
    assert words_of("-") == ()


# ------------------------------------------------------------ a toy lexicon: role choice

TOY = Lexicon(
    countries=[("ruritania", "RUR", "country", ""), ("ruritanian", "RUR", "demonym", "")],
    agents=[("guards", "MIL"), ("red guards", "MIL")],
    actors=[
        ("rudolf", "RURGOV", "2000-01-01", "2010-12-31", "Rudolf"),
        ("rudolf", "RURGOV", "2020-01-01", "", "Rudolf"),
        ("rupert", "RURELI", "", "", "Rupert of Hentzau"),
        ("rupert", "RURREB", "2005-01-01", "2006-12-31", "Rupert of Hentzau"),
        ("old guard", "RURMIL", "", "1999-12-31", "Old Guard"),
        ("red guards", "IGOXYZ", "", "", "Red Guards"),
    ],
)


@pytest.mark.parametrize("on, code", [
    ("2005-06-01", "RURGOV"), ("2015-06-01", None), ("2021-06-01", "RURGOV"), (None, "RURGOV"),
])
def test_dated_roles(on, code):
    got = TOY.match(["Rudolf"], on=on)
    assert (got[0].code if got else None) == code


@pytest.mark.parametrize("on, code", [("2005-06-01", "RURREB"), ("2015-06-01", "RURELI"),
                                      (None, "RURELI")])
def test_default_role_when_no_dated_role_covers(on, code):
    assert TOY.match(["Rupert"], on=on)[0].code == code


def test_most_recent_role_without_a_date():
    assert TOY.match(["Old", "Guard"])[0].code == "RURMIL"
    assert TOY.match(["Old", "Guard"], on="2001-01-01") == []


def test_capitals_choose_the_actor_lowercase_the_agent():
    assert TOY.match(["Red", "Guards"])[0].kind == "actor"
    assert TOY.match(["Red", "Guards"])[0].sector == "IGO"
    assert TOY.match(["red", "guards"])[0].kind == "agent"


# ------------------------------------------------------------ properties and data files

VOCAB = ["Russian", "Syrian", "warplanes", "and", "-", "al", "Assad", "Bashar", "the",
         "United", "Nations", "US", "us", "police", "'s", "Islamic", "State", "people", "of",
         "Turkish", "President", "Erdogan", "forces", "security", "x"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(VOCAB), max_size=12),
       st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())))
def test_matches_are_ordered_disjoint_and_in_bounds(words, on):
    matches = Lexicon.load().match(words, on=on)
    last_end = 0
    for m in matches:
        assert last_end <= m.start < m.end <= len(words)
        assert m.kind in KINDS
        last_end = m.end


def _data_rows(name: str) -> list[list[str]]:
    text = (files("eventwire") / "data" / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines()[1:]]


def test_data_files_are_well_formed():
    for phrase, iso3, kind, sector in _data_rows("countries.tsv"):
        assert phrase.strip() == phrase and len(iso3) == 3 and kind in KINDS[:3]
        assert bool(sector) == (kind == "metonym")
    for phrase, sector in _data_rows("agents.tsv"):
        assert phrase == phrase.lower() and len(sector) == 3
    for phrase, code, start, end, name in _data_rows("actors.tsv"):
        assert phrase and name and re.fullmatch(r"[A-Z0-9]{3,}", code)
        assert all(d == "" or ISO.fullmatch(d) for d in (start, end))
        assert not (start and end) or start <= end


# ------------------------------------------------------------ the build script's parsing

@pytest.fixture(scope="module")
def build():
    import importlib.util
    import sys
    from pathlib import Path

    path = Path(__file__).parents[1] / "scripts" / "build_actor_data.py"
    spec = importlib.util.spec_from_file_location("build_actor_data", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being made
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def test_phoenix_roles_and_dates(build):
    role = build.parse_role
    assert role("SYRGOV >000717") == build.Role("SYRGOV", "2000-07-17", "")
    assert role("HTIOPPMED <061231") == build.Role("HTIOPPMED", "", "2006-12-31")
    assert role("AFGELI 320101-331108") == build.Role("AFGELI", "1932-01-01", "1933-11-08")
    assert role("AFGELI 19270101-730717") == build.Role("AFGELI", "1927-01-01", "1973-07-17")
    assert role("AFGELI") == build.Role("AFGELI")
    assert role("---") is None
    assert role("KORGOVBUS 2004017-20061201") is None  # a 7-digit date in the dictionary


def test_roles_that_touch_are_merged(build):
    r = build.Role
    merged = build.merge_roles([r("X", "2003-01-01", "2003-02-28"), r("X"),
                                r("X", "2003-03-01", "2003-04-30"), r("X", "2005-01-01", "")])
    assert merged == [r("X"), r("X", "2003-01-01", "2003-04-30"), r("X", "2005-01-01", "")]


def test_dictionary_phrases(build):
    assert build.clean_phrase("BASHAR_AL-ASSAD_") == "bashar al-assad"
    assert build.clean_phrase("ERDOĞAN") == "erdogan"
    assert build.clean_phrase("ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_") == "aden abyan islamic army"
    assert build.clean_phrase("US") == "US"
    assert build.title_name("the united nations") == "United Nations"
    assert build.title_name("bashar al-assad") == "Bashar al-Assad"
    assert [build.plural(p) for p in ("warplane", "militia", "policeman", "minister of interior",
                                      "police", "forces")] == [
        "warplanes", "militias", "policemen", "ministers of interior", None, None]
