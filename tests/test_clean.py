"""Cleaning: furniture and appeals out, news in, headline lifted, mojibake repaired."""

from __future__ import annotations

import hashlib
from pathlib import Path

import ftfy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire import registry
from eventwire.doc import Document, RawArticle
from eventwire.errors import InputError
from eventwire.ingest import clean
from eventwire.ingest.clean import CleanResult, CleanStep, article_key, clean_text

SEED = Path("/work/shared/seed/000_8720b10c6d090c7e.txt")

NEWS = [
    "Government troops shelled the northern town of Kafr Zita on Tuesday, killing two "
    "civilians, a local monitoring group said.",
    "Rescue workers pulled three people from the rubble of a collapsed house, according to "
    "the civil defence service.",
    "The army said it had targeted positions used by militants to launch drones at its bases.",
]
TITLE = "Shelling Kills Two in Northern Town"


def _article(*middle: str) -> str:
    return "\n\n".join([TITLE, *middle])


# -- the seed article --------------------------------------------------------------------


@pytest.mark.skipif(not SEED.exists(), reason="shared seed article not available")
def test_seed_article() -> None:
    raw = SEED.read_text(encoding="utf-8")
    result = clean_text(raw)
    assert result.title == "Russian and Syrian Jets Pound Idlib Province After Summit"
    assert result.text.startswith("Russian and Syrian warplanes pounded")
    news = [" ".join(p.split()) for p in raw.split("\n\n")[3:11]]  # no-break spaces too
    assert news[-1].startswith("The United Nations fears")
    assert result.text.split("\n\n") == news
    for gone in ("Support The Moscow Times", "Ammar Abdullah", "small favor", "foreign agent",
                 "Continue", "Read more"):
        assert gone not in result.text


FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
# Scraped pages written for these tests in the styles of several kinds of news site:
# what the cleaned text must start with, contain, and not contain.
SCRAPES = {
    "scrape_appeal_style.txt": (
        "Militants attack army base in Niger's Tillaberi region",
        "Armed men attacked an army base",
        ['"Our men fought with great courage," the statement said.', "No group has claimed"],
        ["Skip to", "Home >", "more than 2 years old", "Photograph", "Related:", "Share on",
         "small favour", "shareholders", "contribution", "Support us", "Remind me", "Most viewed",
         "Copyright"],
    ),
    "scrape_caption_style.txt": (
        "Police fire tear gas at protesters in Conakry",
        "Published 6 March 2020\n\nPolice in Guinea's capital Conakry fired tear gas",
        ["Several people were injured", "The government said the security forces"],
        ["Image source", "Image caption", "By Jane Doe", "BBC Africa", "Share", "FILE", "AP Photo",
         "contributed to this report", "Related Topics", "\nGuinea", "More on this story",
         "ookies"],
    ),
}


@pytest.mark.parametrize("name", sorted(SCRAPES))
def test_scraped_pages(name: str) -> None:
    title, start, kept, gone = SCRAPES[name]
    result = clean_text((FIXTURES / name).read_text(encoding="utf-8"))
    assert result.title == title
    assert result.text.startswith(start)
    for text in kept:
        assert text in result.text
    for text in gone:
        assert text not in result.text


# -- mojibake and whitespace --------------------------------------------------------------


def test_mojibake_is_repaired() -> None:
    text = (
        "\u00e2\u20ac\u0153We will stay,\u00e2\u20ac\u009d said the mayor."
        " It\u00e2\u20ac\u2122s over."
    )
    cleaned = clean_text(text).text
    assert "\u00e2\u20ac" not in cleaned
    assert cleaned == '"We will stay," said the mayor. It\'s over.'


def test_closing_quote_that_lost_its_last_byte_is_repaired() -> None:
    text = "\u00e2\u20ac\u0153Leave now,\u00e2\u20ac\ufffd the officer said."
    assert clean_text(text).text == '"Leave now," the officer said.'


def test_whitespace_is_normalised() -> None:
    text = f"  {NEWS[0]}\r\n\r\n\r\n\t{NEWS[1]}\u00a0\u00a0 \n\n\n\n{NEWS[2]}\u200b  "
    assert clean_text(text).text == "\n\n".join(NEWS)


def test_single_line_breaks_stay_and_wrapped_lines_are_joined() -> None:
    wrapped = "Police fired tear gas at students\nmarching on the ministry, witnesses said."
    text = f"{NEWS[0]}\n{NEWS[1]}\n\n{wrapped}"
    assert clean_text(text).text == f"{NEWS[0]}\n{NEWS[1]}\n\n{wrapped.replace(chr(10), ' ')}"


# -- furniture ------------------------------------------------------------------------------

FURNITURE = [
    "Support The Moscow Times!",
    "Support our journalism",
    "Donate to keep independent reporting free for everyone",
    "Become a member today",
    "Subscribe to our newsletter",
    "Sign up for our daily briefing",
    "Sign up for the Morning Wire newsletter and get the news in your inbox.",
    "Advertisement",
    "ADVERTISEMENT",
    "Story continues below advertisement",
    "Continue",
    "Continue reading the main story",
    "Read more",
    "READ MORE: Rebels seize second town in the east",
    "Read also: Ceasefire talks stall in Doha",
    "Related: Floods displace thousands in the delta",
    "Related articles",
    "Most read",
    "You may also like",
    "Share this article",
    "Share on Facebook",
    "Share on Twitter",
    "Facebook Twitter WhatsApp Email",
    "Follow us on Telegram",
    "Follow us on Twitter for the latest updates",
    "We use cookies to improve your experience. By continuing to browse, you agree to our use "
    "of cookies.",
    "This website uses cookies. Accept all",
    "\u00a9 2018 The Moscow Times. All rights reserved.",
    "Copyright 2021 The Associated Press. All rights reserved. This material may not be published, "
    "broadcast, rewritten or redistributed.",
    "All rights reserved.",
    "Ammar Abdullah / Reuters",
    "Reuters/Omar Sanadiki",
    "Photo: AFP",
    "Photo: A protester throws a stone at police in the city centre. Jane Doe / AP",
    "(Photo by Jane Doe/AFP via Getty Images)",
    "Image caption Residents inspect the damage after the strike",
    "Getty Images",
    "AFP via Getty Images",
    "Syrian soldiers stand guard in the old city of Aleppo. REUTERS/Omar Sanadiki",
    "Displaced families queue for bread at a camp near the border [Jane Doe/Al Jazeera]",
    "FILE - In this March 3, 2018 file photo, soldiers patrol a street.",
    "By John Smith",
    "By Andes Daily staff | May 6, 2021",
    "(Reporting by Jane Doe; Editing by John Smith)",
    "Skip to main content",
    "Home > World > Middle East",
    "Tags: Syria, Idlib, Russia",
    "5 min read",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_is_removed(line: str) -> None:
    result = clean_text(_article(NEWS[0], line, NEWS[1]))
    assert result.text == f"{NEWS[0]}\n\n{NEWS[1]}"
    assert line in result.removed or ftfy.fix_text(line) in result.removed


KEPT = [
    "Share prices in Moscow fell 4 percent after the announcement.",
    "By Thursday, the army had retreated from the outskirts of the city.",
    "Supporters of the opposition gathered outside the court on Monday.",
    "The minister told Reuters the talks would continue next week.",
    "Continued shelling forced the aid agencies to suspend deliveries, the U.N. said.",
    "Related fighting spread to two villages east of the river, residents said.",
    "Live-fire exercises were held near the border on Tuesday.",
    "Saudi Arabia pledged to donate $100 million to the relief effort.",
    '"We need your support to rebuild," the mayor told residents at the meeting.',
    "Photographers were among those detained by police at the march on Saturday.",
    "Read the full text of the ceasefire agreement, published by the ministry on Sunday, which "
    "says both sides will withdraw.",
    "MOSCOW (Reuters) - Russian warplanes struck rebel positions overnight, the ministry said.",
]


@pytest.mark.parametrize("line", KEPT)
def test_news_that_resembles_furniture_is_kept(line: str) -> None:
    assert line in clean_text(_article(NEWS[0], line, NEWS[1])).text


# -- donation appeals -------------------------------------------------------------------------


def test_appeal_block_is_dropped_to_the_end() -> None:
    appeal = [
        "We have a small favour to ask.",
        "Our newsroom relies on readers like you to stay independent.",
        "Every contribution, however big or small, keeps our reporters in the field.",
        "Thank you.",
    ]
    result = clean_text(_article(*NEWS, *appeal))
    assert result.text == "\n\n".join(NEWS)
    assert all(p in result.removed for p in appeal)


def test_appeal_block_ends_at_news() -> None:
    appeal = [
        "If you value our reporting, please support us with a monthly donation.",
        "Your support keeps us independent.",
    ]
    result = clean_text(_article(NEWS[0], *appeal, NEWS[1], NEWS[2]))
    assert result.text == "\n\n".join(NEWS)


def test_quoted_pronouns_do_not_extend_an_appeal() -> None:
    quote = '"We will not leave our homes," a resident of the besieged town told reporters.'
    result = clean_text(_article(NEWS[0], "Please support our journalism today.", quote))
    assert result.text == f"{NEWS[0]}\n\n{quote}"


def test_donation_in_news_does_not_start_an_appeal() -> None:
    text = _article("The World Bank said it would donate $5 million to rebuild schools.", *NEWS)
    assert clean_text(text).text.count("\n\n") == 3


def test_link_list_under_a_header_is_dropped() -> None:
    links = ["Most viewed", "Gunmen kill seven near Daraa", "Floods displace thousands"]
    assert clean_text(_article(*NEWS, *links)).text == "\n\n".join(NEWS)
    # The list ends at the first sentence.
    text = _article(NEWS[0], "Related stories", "Rebels seize second town", NEWS[1])
    assert clean_text(text).text == f"{NEWS[0]}\n\n{NEWS[1]}"


def test_desk_line_under_a_byline_is_dropped() -> None:
    text = "\n".join([TITLE, "By Jane Doe", "Middle East correspondent", *NEWS])
    assert clean_text(text).text == "\n".join(NEWS)


# -- headline -------------------------------------------------------------------------------------


def test_headline_is_lifted() -> None:
    result = clean_text(_article(*NEWS))
    assert result.title == TITLE
    assert result.text == "\n\n".join(NEWS)


def test_sentence_is_not_a_headline() -> None:
    first = "Troops withdrew from the town on Monday."
    result = clean_text("\n\n".join([first, *NEWS]))
    assert result.title is None and result.text.startswith(first)


def test_two_title_like_lines_are_left_alone() -> None:
    # Taking the first would make the second look like a headline on a second pass.
    text = "\n\n".join([TITLE, "Army Says Strikes Hit Militant Positions", *NEWS])
    result = clean_text(text)
    assert result.title is None and result.text == text


def test_lone_line_is_not_a_headline() -> None:
    assert clean_text(TITLE) == CleanResult(text=TITLE, title=None, removed=())


def test_date_line_is_not_a_headline() -> None:
    result = clean_text("\n\n".join(["September 8, 2018", *NEWS]))
    assert result.title is None and result.text.startswith("September 8, 2018")


# -- properties -------------------------------------------------------------------------

PIECES = st.sampled_from(
    [*NEWS, *FURNITURE[:20], *KEPT[:6], TITLE, "We have a small favour to ask.", "Thank you.",
     "Most viewed", "By Jane Doe", "BBC Africa", "September 8, 2018", "Two Short Words",
     "Your support matters to us.", "\u00e2\u20ac\u0153Quote\u00e2\u20ac\u009d", "x", "  ", ""]
)
SEPARATORS = st.sampled_from(["\n", "\n\n", "\r\n", "\n \n\n", " ", "\t"])
ARTICLES = st.lists(st.tuples(PIECES, SEPARATORS), max_size=12).map(
    lambda parts: "".join(p + s for p, s in parts)
)
AWKWARD = st.text(alphabet=st.sampled_from("aB .\n\r\t\u00a0\u00e2\u20ac\u2122\"'/"))
ANY_TEXT = st.one_of(st.text(), ARTICLES, AWKWARD)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_clean_never_raises_and_never_grows(text: str) -> None:
    result = clean_text(text)
    assert len(result.text) <= len(ftfy.fix_text(text))


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_clean_is_idempotent(text: str) -> None:
    once = clean_text(text).text
    assert clean_text(once).text == once


# -- the pipeline step -------------------------------------------------------------------


def test_step_is_registered() -> None:
    assert registry.get("steps", "clean.boilerplate.v1") is CleanStep
    step = CleanStep(resources=None)
    assert step.name == "clean.boilerplate.v1"
    assert step.requires == ("raw",) and step.assigns == ("text", "article")


def test_step_builds_the_article() -> None:
    raw = RawArticle(text=_article(*NEWS, "Share this article"), url="https://x.example/a",
                     published="2018-09-08", source_name="Example", origin="a.txt")
    doc = CleanStep(None)(Document(raw=raw))
    article = doc.article
    assert doc.text == "\n\n".join(NEWS) == article.text
    digest = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    assert article.content_hash == digest and article.article_id == "a" + digest[:16]
    assert article.title == TITLE and article.language == "en"
    assert (article.url, article.published, article.source_name, article.origin) == (
        "https://x.example/a", "2018-09-08", "Example", "a.txt")
    assert article_key(raw) == (article.article_id, article.content_hash)


def test_step_prefers_given_id_and_title_and_drops_a_repeated_title() -> None:
    body = "\n\n".join(NEWS)
    long_title = "A very long headline " + "word " * 20 + "that no rule would take for a title"
    raw = RawArticle(text=f"{long_title}\n\n{body}", title=long_title, article_id="given-1")
    article = CleanStep(None)(Document(raw=raw)).article
    assert article.article_id == "given-1"
    assert article.title == long_title
    assert article.text == body


def test_step_same_text_same_id() -> None:
    first = CleanStep(None)(Document(raw=RawArticle(text=_article(*NEWS)))).article
    second = CleanStep(None)(Document(raw=RawArticle(text="\n\n" + _article(*NEWS) + "\n"))).article
    assert first.article_id == second.article_id


def test_step_refuses_an_article_that_is_all_furniture() -> None:
    raw = RawArticle(text="Share this article\n\nRead more\n\nAdvertisement", origin="f.txt:3")
    with pytest.raises(InputError, match="no article text left after cleaning") as info:
        CleanStep(None)(Document(raw=raw))
    assert info.value.where == "f.txt:3"
    assert article_key(raw) is None


@pytest.mark.parametrize(
    "paragraph",
    [
        "Ukraine hopes to become a member of the European Union within a decade, the prime "
        "minister said on Monday.",
        "The charity said it would hold a walk on Saturday to raise donations for survivors, "
        "and urged residents to support the event. Organisers said you can register at the "
        "town hall.",
        "The European Union pledged to support independent media in the region, officials said.",
    ],
)
def test_news_about_donations_and_membership_is_kept(paragraph: str) -> None:
    assert clean_text(_article(NEWS[0], paragraph, NEWS[1])).text.count("\n\n") == 2


# -- what the step refuses: another language, too much text ----------------------------------

FRENCH = ("Des hommes armés ont attaqué un village du centre du Mali dans la nuit de dimanche à "
          "lundi, tuant au moins douze civils, selon des responsables locaux. Les assaillants sont "
          "arrivés à moto et ont incendié plusieurs maisons avant de prendre la fuite.")


def test_step_refuses_another_language() -> None:
    raw = RawArticle(text=FRENCH, origin="mali.txt")
    with pytest.raises(InputError) as info:
        CleanStep(None)(Document(raw=raw))
    assert (info.value.where, info.value.reason) == ("mali.txt", "not English (looks like French)")


def test_step_refuses_too_long_text_before_cleaning(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = RawArticle(text=" ".join(NEWS) * 1000, origin="dump.txt")
    monkeypatch.setattr(clean, "clean_text", lambda text: pytest.fail("cleaned"))
    with pytest.raises(InputError, match="too long: .* characters, the limit is 100,000"):
        CleanStep(None)(Document(raw=raw))
    assert article_key(raw) is None


def test_too_long() -> None:
    assert clean.too_long(clean.MAX_ARTICLE_CHARS) is None
    assert clean.too_long(clean.MAX_ARTICLE_CHARS + 1) == (
        "too long: 100,001 characters, the limit is 100,000 for one article")
