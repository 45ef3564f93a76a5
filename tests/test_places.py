"""Tests for eventwire.places.recognize, .resolve and .link: finding place names, resolving
them to GeoNames and choosing where each event happened, on short wire-style sentences
written for these tests."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.doc import PlaceMention, RawArticle
from eventwire.places.link import choose_place, own_places
from eventwire.places.recognize import DATELINE, QUARTER_OF, REFERENCE_POINT
from eventwire.places.resolve import to_place

KHAN_SHAYKHUN = 168325
KABUL_CITY = 1138958
KHARKIV_CITY = 706483


@pytest.fixture(scope="module")
def code(pipeline):
    cache = {}

    def run(text):
        if text not in cache:
            cache[text] = pipeline(RawArticle(text=text, published="2021-03-10"))
        return cache[text]

    return run


def mention(doc, text):
    """The place mention with this exact text."""
    (m,) = [m for m in doc.places if m.text == text]
    return m


def event_places(doc):
    return [(e.place.name, e.place.feature) if e.place else None for e in doc.events]


# --- recognition -------------------------------------------------------------------------


def test_city_of_is_recognised_and_resolved(code):
    doc = code("Syrian government helicopters dropped barrel bombs on the city of Khan Sheikhoun "
               "on Tuesday.")
    m = mention(doc, "Khan Sheikhoun")
    assert m.feature_hint == "PPL"
    assert m.place.geonameid == KHAN_SHAYKHUN
    assert (m.place.country, m.place.admin1, m.place.geo_precision) == ("SYR", "Idlib", 1)
    assert doc.text[m.start : m.end] == "Khan Sheikhoun"
    (event,) = doc.events
    assert event.place.geonameid == KHAN_SHAYKHUN


@pytest.mark.parametrize(
    "text",
    [
        "Syrian warplanes struck rebel positions on Tuesday.",
        "Nigerian troops clashed with militants on Monday.",
    ],
)
def test_demonyms_are_not_places(code, text):
    assert code(text).places == []


def test_place_inside_an_organisation_name_is_never_an_event_place(code):
    doc = code("Officers of the Paris Police Department arrested two suspects on Monday.")
    paris = [m for m in doc.places if "Paris" in m.text]
    assert all(m.how == "org" and not m.is_event_place for m in paris)
    assert all(e.place is None or e.place.name != "Paris" for e in doc.candidates)


def test_weekdays_are_not_places(code):
    doc = code("On Thursday, gunmen attacked a police post in the town of Bama, Nigerian "
               "officials said.")
    assert [m.text for m in doc.places] == ["Bama"]


def test_region_modifier_and_admin_hint(code):
    doc = code("Syrian warplanes struck the town of Latamneh in northern Hama on Tuesday.")
    assert mention(doc, "Latamneh").admin_hint == "Hama"
    assert mention(doc, "Hama").region_modifier == "northern"


# --- resolution -------------------------------------------------------------------------


def test_village_missing_from_the_gazetteer_falls_back_to_its_governorate(code):
    doc = code("Syrian warplanes struck the village of Abdeen in southern Idlib on Tuesday.")
    place = mention(doc, "Abdeen").place
    assert (place.name, place.feature, place.country) == ("Idlib", "ADM1", "SYR")
    assert (place.text, place.geo_precision) == ("Abdeen", 2)
    (event,) = doc.events
    place = event.place
    assert (place.text, place.admin1, place.geo_precision) == ("Abdeen", "Idlib", 2)


def test_part_of_a_governorate_has_precision_two(code):
    doc = code("Syrian warplanes struck rebel positions in southern Idlib on Tuesday.")
    (event,) = doc.events
    place = event.place
    assert (place.name, place.feature, place.geo_precision) == ("Idlib", "ADM1", 2)


def test_whole_governorate_has_precision_three(code):
    doc = code("Warplanes attacked rebel positions in Idlib province on Monday.")
    (event,) = doc.events
    place = event.place
    assert (place.name, place.feature, place.geo_precision) == ("Idlib", "ADM1", 3)


def test_town_in_a_named_region_is_placed_in_that_region(code):
    doc = code("Syrian warplanes struck the town of Latamneh in northern Hama on Tuesday.")
    (event,) = doc.events
    assert (event.place.name, event.place.feature, event.place.text) == ("Hama", "ADM1", "Latamneh")
    assert event.place.geo_precision == 2


def test_near_a_town_has_precision_two(code):
    doc = code("Gunmen opened fire on a bus near the town of Bama on Monday.")
    (event,) = doc.events
    assert (event.place.name, event.place.admin1, event.place.geo_precision) == ("Bama", "Borno", 2)


def test_other_spellings_meet_through_the_gazetteer(code):
    doc = code("Government forces shelled the village of Kafr Nabl overnight.")
    place = mention(doc, "Kafr Nabl").place
    assert (place.name, place.admin1, place.text) == ("Kafranbel", "Idlib", "Kafr Nabl")


def test_to_place_copies_the_entry_and_the_mention(pipeline):
    (entry,) = [e for e in pipeline.resources.gazetteer.lookup("Saraqeb", fuzzy=False)]
    m = PlaceMention(text="Saraqeb", start=10, end=17, how="pattern")
    place = to_place(entry, m, 1)
    assert (place.name, place.text, place.geonameid) == (entry.name, "Saraqeb", entry.geonameid)
    assert (place.start, place.end, place.geo_precision, place.country) == (10, 17, 1, "SYR")


def test_capital_city_resolves_to_the_city(code):
    doc = code("KABUL (Reuters) - Taliban fighters attacked an army checkpoint on Monday.")
    assert doc.dateline.place.geonameid == KABUL_CITY


def test_name_with_province_is_resolved(code):
    doc = code("Government warplanes bombed villages in Idlib province and in Hama province "
               "on Wednesday.")
    assert all(m.place is not None for m in doc.places)


# --- linking events to places -----------------------------------------------------------


def test_reference_point_is_not_the_event_place(code):
    doc = code("Al Shabaab militants attacked a military base in the town of Marka, 100 km "
               "southwest of Mogadishu, on Monday.")
    assert mention(doc, "Mogadishu").is_event_place is False
    assert event_places(doc) == [("Marka", "PPL")]


def test_reference_point_is_not_used_even_when_the_town_is_unknown(code):
    doc = code("Al Shabaab militants attacked a military base in the town of Barawe, 120 km "
               "southwest of Mogadishu, on Monday.")
    assert all(e.place is None or e.place.name != "Mogadishu" for e in doc.events)


def test_quarter_of_a_city_is_placed_at_the_city(code):
    doc = code("Russian forces shelled the Saltivka district of Kharkiv on Monday.")
    assert mention(doc, "Saltivka").is_event_place is False
    (event,) = doc.events
    assert (event.place.name, event.place.country) == ("Kharkiv", "UKR")


def test_quarter_of_a_city_is_placed_at_the_city_itself(code):
    doc = code("Russian forces shelled the Saltivka district of Kharkiv on Monday.")
    (event,) = doc.events
    assert event.place.geonameid == KHARKIV_CITY


def test_attack_in_two_provinces_is_two_events(code):
    doc = code("Government warplanes bombed villages in eastern Idlib and in northern Hama "
               "on Wednesday.")
    assert sorted(event_places(doc)) == [("Hama", "ADM1"), ("Idlib", "ADM1")]


def test_attack_in_two_coordinated_provinces_is_two_events(code):
    doc = code("Government warplanes bombed villages in Idlib and Hama on Wednesday.")
    # Bare "Idlib" and "Hama" may be read as the cities or the provinces; either way the
    # strikes are in two provinces and so two events.
    assert sorted(e.place.admin1 for e in doc.events) == ["Hama", "Idlib"]


def test_attack_on_a_region_and_a_town_in_another_is_two_events(code):
    doc = code("Government warplanes bombed several villages in southern Idlib and the town of "
               "Kafr Zita in northern Hama on Wednesday.")
    assert sorted(event_places(doc)) == [("Idlib", "ADM1"), ("Kafr Zaytā", "PPL")]
    assert len({e.event_id for e in doc.events}) == 2


def test_own_places_keeps_the_most_specific_per_division(code):
    doc = code("Syrian warplanes struck the town of Saraqeb in Idlib province on Tuesday.")
    (cand,) = doc.candidates
    assert [p.name for p in own_places(doc, cand)] == ["Saraqib"]


def test_capital_city_metonyms_are_not_event_places(code):
    doc = code("Tehran and Moscow have backed the Syrian government, while rebels attacked army "
               "posts in Idlib province on Monday.")
    assert mention(doc, "Tehran").is_event_place is False
    assert mention(doc, "Moscow").is_event_place is False
    assert event_places(doc) == [("Idlib", "ADM1")]


def test_dateline_is_the_last_resort(code):
    doc = code("KABUL (Reuters) - Taliban fighters attacked an army checkpoint on Monday, killing "
               "six soldiers, officials said.")
    assert doc.dateline is not None and doc.dateline.text == "KABUL"
    (event,) = doc.events
    assert (event.place.name, event.place.text, event.place.country) == ("Kabul", "KABUL", "AFG")


def test_dateline_used_when_a_later_sentence_has_no_place(code):
    doc = code("KABUL (Reuters) - The Afghan president met tribal elders on Monday.")
    (cand,) = doc.candidates
    assert choose_place(doc, cand, []).country == "AFG"


def test_dateline_is_not_used_when_the_sentence_has_a_place(code):
    doc = code("KABUL (Reuters) - Taliban fighters attacked an army checkpoint in the city of "
               "Kandahar on Monday, killing six soldiers, officials said.")
    assert event_places(doc) == [("Kandahār", "PPL")]


def test_origin_of_the_delegates_is_not_the_meeting_place(code):
    doc = code("Officials from Tehran and Moscow met in Ankara on Monday.")
    assert [e.place.name for e in doc.events] == ["Ankara"]


def test_offsets_point_into_the_text(code):
    text = ("Syrian warplanes struck the village of Abdeen in southern Idlib and the town of "
            "Latamneh in northern Hama on Tuesday.")
    doc = code(text)
    assert doc.places
    for m in doc.places:
        assert text[m.start : m.end] == m.text


# --- the patterns -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "is_reference"),
    [
        ("the town of Marka, 100 km southwest of ", True),
        ("a base 30 kilometres north of ", True),
        ("a village (about 40 miles) east of ", True),
        ("a village southeast of ", True),
        ("fighting in the city of ", False),
        ("protesters marched from ", False),
    ],
)
def test_reference_point_pattern(before, is_reference):
    assert bool(REFERENCE_POINT.search(before)) is is_reference


@pytest.mark.parametrize(
    ("between", "is_quarter"),
    [(" district of ", True), (" neighbourhood of ", True), (" neighborhood of ", True),
     (" and ", False), (", ", False)],
)
def test_quarter_pattern(between, is_quarter):
    assert bool(QUARTER_OF.match(between)) is is_quarter


@pytest.mark.parametrize(
    ("lead", "place"),
    [
        ("KABUL (Reuters) - Taliban fighters attacked", "KABUL"),
        ("MAIDUGURI, Nigeria (AP) \u2014 Gunmen attacked", "MAIDUGURI"),
        ("Port Harcourt -- Police said", "Port Harcourt"),
    ],
)
def test_dateline_pattern(lead, place):
    assert DATELINE.match(lead).group(1) == place


def test_no_dateline_in_an_ordinary_lead():
    assert DATELINE.match("Gunmen attacked a police post in the town of Bama on Monday.") is None


@given(st.from_regex(r"[A-Z][a-z]{2,10}( [A-Z][a-z]{2,10})?", fullmatch=True),
       st.sampled_from(["(Reuters) - ", "(AFP) -- ", "\u2014 ", "- "]))
def test_dateline_pattern_finds_any_leading_name(name, sep):
    assert DATELINE.match(f"{name} {sep}Gunmen attacked a village.").group(1) == name


def test_split_toll_adds_up_and_keeps_low_best_high_order():
    from eventwire.places.link import split_toll
    from eventwire.records import Fatalities

    parts = split_toll(Fatalities(best=7, low=5, high=9, victims=("civilians",)), 2)
    assert [p.best for p in parts] == [4, 3]
    assert sum(p.best for p in parts) == 7
    assert all(p.low <= p.best <= p.high for p in parts)
    assert split_toll(Fatalities(best=1, low=1, high=1), 2)[1] is None
    assert split_toll(None, 3) == [None, None, None]


def place_of(doc, text):
    m = mention(doc, text)
    return m.place and (m.place.name, m.place.feature, m.place.admin1, m.place.country)


@pytest.mark.slow
def test_all_caps_dateline_with_ap_state_abbreviation(code):
    doc = code("CHARLESTON, W.Va. -- Two men were arrested after a shooting on Monday, "
               "police said.")
    assert place_of(doc, "CHARLESTON")[2:] == ("West Virginia", "USA")
    assert place_of(doc, "W.Va.")[:2] == ("West Virginia", "ADM1")


@pytest.mark.slow
def test_a_list_of_states_is_not_read_as_town_and_state(code):
    doc = code("Storms hit Ohio, Texas and Utah on Monday, officials said.")
    assert [place_of(doc, s)[:2] for s in ("Ohio", "Texas", "Utah")] == [
        ("Ohio", "ADM1"), ("Texas", "ADM1"), ("Utah", "ADM1")]


@pytest.mark.slow
def test_other_towns_in_the_article_choose_the_homonym(code):
    doc = code("Deputies from Shreveport and Natchitoches searched a house in Mansfield on "
               "Monday, police said.")
    assert place_of(doc, "Mansfield")[2:] == ("Louisiana", "USA")


@pytest.mark.slow
def test_state_abbreviation_after_a_town_is_its_enclosing_division(code):
    doc = code("A fire destroyed a barn near Lebanon, Tenn., on Sunday.")
    assert place_of(doc, "Lebanon")[1:] == ("PPL", "Tennessee", "USA")


@pytest.mark.slow
def test_department_of_an_office_is_not_a_place(code):
    doc = code("The Department of Revenue said taxes would rise in Richmond.")
    assert [m.text for m in doc.places] == ["Richmond"]


@pytest.mark.slow
def test_demonyms_and_continent_words_resolve_when_given_as_places(gazetteer_path):
    from eventwire.lexicon import Lexicon
    from eventwire.places.gazetteer import Gazetteer
    from eventwire.places.resolve import Resolver

    with Gazetteer.open(gazetteer_path) as gaz:
        resolver = Resolver(gaz, Lexicon.load())
        assert resolver.candidates("Syrians")[0][0].name == "Syria"
        assert resolver.candidates("European")[0][0].feature == "CONT"
        assert resolver.candidates("N.C.")[0][0].name == "North Carolina"
