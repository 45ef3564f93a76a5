"""Publication dates from URLs, meta tags and JSON-LD; a year alone is not a date."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.errors import InputError
from eventwire.ingest.published import (
    MAX_YEAR,
    MIN_YEAR,
    check_date,
    copyright_year,
    from_json_ld,
    from_meta,
    from_url,
    full_date,
    resolve_published,
    year_only,
)

BODY = "<body><article><p>Rebels attacked a village near the border.</p></article></body>"


def _page(head: str = "", body: str = BODY) -> str:
    return f"<!DOCTYPE html><html><head><title>Attack</title>{head}</head>{body}</html>"


def _ld(value: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(value)}</script>'


# -- URLs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example/world/2018/09/08/border-attack", "2018-09-08"),
        ("https://news.example/world/2018/9/8/border-attack", "2018-09-08"),
        ("https://news.example/2018/09/08", "2018-09-08"),
        ("https://news.example/2018/09/08.html", "2018-09-08"),
        ("https://news.example/world/2018-09-08/border-attack", "2018-09-08"),
        ("https://news.example/world/2018-09-08-border-attack", "2018-09-08"),
        ("https://news.example/world/2018_09_08_border_attack", "2018-09-08"),
        ("https://news.example/world/20180908/border-attack", "2018-09-08"),
        ("https://news.example/article_20180908.html", "2018-09-08"),
        ("https://news.example/story?id=7&date=2018-09-08", "2018-09-08"),
        ("https://news.example/story?pubdate=20180908", "2018-09-08"),
        ("https://www.theguardian.com/world/2018/sep/08/border-attack", "2018-09-08"),
        ("https://news.example/2018/September/8/border-attack", "2018-09-08"),
        ("news.example/2018/09/08/no-scheme", "2018-09-08"),
    ],
)
def test_dated_urls(url: str, expected: str) -> None:
    assert from_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/world/2018/09/",  # a month is not a day
        "https://news.example/world/2018/09/border-attack",
        "https://news.example/2018/09/5-things-to-know",  # a slug that starts with a number
        "https://news.example/2018/02/30/impossible",
        "https://news.example/2018-13-01/impossible",
        "https://news.example/2018/sep/31/impossible",
        "https://news.example/2018/foo/08/not-a-month",
        "https://news.example/id/12345678",  # an id, not a date
        "https://news.example/story/201809081234",
        "https://news.example/story?from=2018-09-08",  # not the article's date
        "https://news.example/story?date=2018-09",
        "https://2018.example/09/08/host-is-not-a-date",
        "http://[::1/2018/09/08/unclosed-host",
        "",
        None,
    ],
)
def test_urls_without_a_day(url: str | None) -> None:
    assert from_url(url) is None


_URL_STYLES = (
    lambda d: f"https://news.example/world/{d.year}/{d.month:02d}/{d.day:02d}/story",
    lambda d: f"https://news.example/world/{d.year}/{d.month}/{d.day}/",
    lambda d: f"https://news.example/world/{d.isoformat()}/story",
    lambda d: f"https://news.example/world/{d.isoformat()}-story-slug",
    lambda d: f"https://news.example/a/{d.strftime('%Y%m%d')}/story",
    lambda d: f"https://news.example/story?date={d.isoformat()}",
    lambda d: f"https://news.example/world/{d.year}/{d.strftime('%b').lower()}/{d.day:02d}/story",
)
_NEWS_DATES = st.dates(min_value=date(MIN_YEAR, 1, 1), max_value=date(MAX_YEAR, 12, 31))


@given(day=_NEWS_DATES, style=st.sampled_from(range(len(_URL_STYLES))))
def test_url_round_trip(day: date, style: int) -> None:
    assert from_url(_URL_STYLES[style](day)) == day.isoformat()


@given(url=st.one_of(st.text(max_size=80), st.from_regex(r"https?://\[[^/]*/\d{4}/\d\d/\d\d")))
def test_from_url_never_raises(url: str) -> None:
    found = from_url(url)
    assert found is None or full_date(found) == found


# -- meta tags -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="article:published_time" content="2018-09-08T23:30:00-05:00">',
        '<meta property="og:published_time" content="2018-09-08T10:00:00Z">',
        '<meta name="pubdate" content="2018-09-08">',
        '<meta name="publishdate" content="2018-09-08 10:00">',
        '<meta name="date" content="Sat, 08 Sep 2018 10:00:00 GMT">',
        '<meta name="DC.date.issued" content="2018-09-08">',
        '<meta name="sailthru.date" content="2018-09-08 10:00:00">',
        '<meta name="parsely-pub-date" content="2018-09-08T10:00:00Z">',
        '<meta itemprop="datePublished" content="2018-09-08">',
    ],
)
def test_meta_tags(head: str) -> None:
    assert from_meta(_page(head)) == "2018-09-08"


@pytest.mark.parametrize(
    "body",
    [
        '<body><time datetime="2018-09-08T10:00" pubdate>8 Sep</time><p>Story.</p></body>',
        '<body><time itemprop="datePublished" datetime="2018-09-08">8 Sep</time></body>',
        '<body><span itemprop="datePublished">8 September 2018</span></body>',
    ],
)
def test_time_and_itemprop_in_the_body(body: str) -> None:
    assert from_meta(_page(body=body)) == "2018-09-08"


def test_published_time_beats_a_plain_date() -> None:
    head = ('<meta name="date" content="2020-02-02">'
            '<meta property="article:published_time" content="2018-09-08">')
    assert from_meta(_page(head)) == "2018-09-08"


def test_meta_ignores_other_dates_and_bad_values() -> None:
    head = ('<meta property="article:modified_time" content="2019-01-01">'
            '<meta name="date" content="2018">'
            '<meta name="pubdate" content="2018-02-30">')
    assert from_meta(_page(head)) is None
    body = '<body><time datetime="2018-09-08">8 Sep</time></body>'  # a <time>, not the pubdate
    assert from_meta(_page(body=body)) is None


def test_a_bad_tag_does_not_hide_a_good_one() -> None:
    head = ('<meta name="pubdate" content="soon">'
            '<meta name="pubdate" content="2018-09-08">')
    assert from_meta(_page(head)) == "2018-09-08"


@pytest.mark.parametrize("page", ["", "   ", "not markup at all", "<html></html>"])
def test_meta_on_pages_without_tags(page: str) -> None:
    assert from_meta(page) is None and from_json_ld(page) is None


def test_xhtml_with_an_encoding_declaration() -> None:
    page = ('<?xml version="1.0" encoding="utf-8"?>' + _page(
        '<meta property="article:published_time" content="2018-09-08"/>'))
    assert from_meta(page) == "2018-09-08"


# -- JSON-LD ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "block",
    [
        {"@type": "NewsArticle", "datePublished": "2018-09-08T10:00:00+02:00"},
        {"@type": "NewsArticle", "dateCreated": "2018-09-08"},
        {"@type": "VideoObject", "uploadDate": "2018-09-08"},
        {"@graph": [{"@type": "WebSite"}, {"@type": "NewsArticle", "datePublished": "2018-09-08"}]},
        [{"@type": "Organization"}, {"@type": "Article", "datePublished": "2018-09-08"}],
        {"@type": "WebPage", "mainEntity": {"@type": "Article", "datePublished": "2018-09-08"}},
        {"@type": "NewsArticle", "datePublished": {"@value": "2018-09-08"}},
    ],
)
def test_json_ld(block: object) -> None:
    assert from_json_ld(_page(_ld(block))) == "2018-09-08"


def test_json_ld_prefers_published_and_the_article() -> None:
    block = {"@graph": [
        {"@type": "WebPage", "datePublished": "2017-01-01"},
        {"@type": "NewsArticle", "dateCreated": "2018-09-07", "datePublished": "2018-09-08"},
    ]}
    assert from_json_ld(_page(_ld(block))) == "2018-09-08"


def test_broken_json_ld_is_skipped() -> None:
    broken = '<script type="application/ld+json">{"datePublished": "2017-01-01",</script>'
    good = _ld({"@type": "NewsArticle", "datePublished": "2018-09-08"})
    assert from_json_ld(_page(broken + good)) == "2018-09-08"
    assert from_json_ld(_page(broken)) is None


def test_json_ld_in_a_comment_and_with_raw_newlines() -> None:
    block = ('<script type="application/ld+json"><!--\n{"@type": "NewsArticle", '
             '"headline": "Two\nlines", "datePublished": "2018-09-08"}\n--></script>')
    assert from_json_ld(_page(block)) == "2018-09-08"


def test_other_scripts_are_not_json_ld() -> None:
    script = '<script>var data = {"datePublished": "2018-09-08"};</script>'
    assert from_json_ld(_page(script)) is None


# -- a year alone ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("<footer>&copy; 2016 The Daily Example</footer>", 2016),
        ("<footer>\u00a9 2016 The Daily Example</footer>", 2016),
        ("<footer>Copyright 2016 Example Media</footer>", 2016),
        ("<footer>Copyright &copy; 2010&ndash;2016 Example Media</footer>", 2016),
        ("(c) 2016 Example Media. All rights reserved.", 2016),
        ("<p>No copyright here, 2016.</p>", None),
    ],
)
def test_copyright_year(text: str, year: int | None) -> None:
    assert copyright_year(text) == year


@pytest.mark.parametrize(
    ("value", "page", "expected"),
    [
        ("2016-01-01", "<footer>&copy; 2016 Example</footer>", True),
        ("2016", "<p>Story.</p>", True),
        ("2016-01-01", "<p>Posted on January 1, 2016.</p>", False),
        ("2016-01-01", "<p>Posted 1 January 2016.</p>", False),
        ("2016-01-01", '<time datetime="2016-01-01T09:00">New Year</time>', False),
        ("2016-03-05", "<footer>&copy; 2016 Example</footer>", False),
        (None, "<footer>&copy; 2016 Example</footer>", False),
    ],
)
def test_year_only(value: str | None, page: str, expected: bool) -> None:
    assert year_only(value, page) is expected


# -- resolving -------------------------------------------------------------------------


def test_resolve_order() -> None:
    meta = '<meta property="article:published_time" content="2018-09-01">'
    ld = _ld({"@type": "NewsArticle", "datePublished": "2018-09-02"})
    url = "https://news.example/2018/09/04/story"
    assert resolve_published(given="2018-09-09", html=_page(meta + ld), url=url) == (
        "2018-09-09", "input")
    assert resolve_published(given=None, html=_page(meta + ld), url=url) == (
        "2018-09-01", "html-meta")
    assert resolve_published(given=None, html=_page(ld), url=url, extracted="2018-09-03") == (
        "2018-09-02", "json-ld")
    assert resolve_published(given=None, html=_page(), url=url, extracted="2018-09-03") == (
        "2018-09-03", "html-meta")
    assert resolve_published(given=None, html=_page(), url=url) == ("2018-09-04", "url")
    assert resolve_published(given=None, html=_page(), url="https://news.example/x") == (
        None, None)
    assert resolve_published(given=None) == (None, None)


def test_resolve_labels_the_given_field() -> None:
    assert resolve_published(given="2018-09-08", given_from="jsonl") == ("2018-09-08", "jsonl")


def test_extracted_date_that_is_the_urls_is_labelled_url() -> None:
    url = "https://news.example/2018/09/04/story"
    assert resolve_published(given=None, html=_page(), url=url, extracted="2018-09-04") == (
        "2018-09-04", "url")


def test_year_only_guess_is_unknown() -> None:
    page = _page(body=BODY + "<footer>&copy; 2016 The Daily Example</footer>")
    expected = (None, "unknown: only a year (2016) found")
    assert resolve_published(given=None, html=page, extracted="2016-01-01") == expected
    assert resolve_published(given=None, html=page) == expected
    assert resolve_published(given=None, html=_page(), extracted="2015") == (
        None, "unknown: only a year (2015) found")


def test_a_full_date_beats_a_copyright_line() -> None:
    page = _page(body=BODY + "<footer>&copy; 2016 The Daily Example</footer>")
    assert resolve_published(given=None, html=page, extracted="2016-04-05") == (
        "2016-04-05", "html-meta")
    assert resolve_published(
        given=None, html=page, extracted="2016-01-01", url="https://n.example/2016/04/05/x"
    ) == ("2016-04-05", "url")


def test_a_real_first_of_january_is_kept() -> None:
    page = _page('<meta name="date" content="2016-01-01">',
                 BODY + "<footer>&copy; 2016 Example</footer>")
    assert resolve_published(given=None, html=page, extracted="2016-01-01") == (
        "2016-01-01", "html-meta")


def test_check_date_still_names_the_record() -> None:
    with pytest.raises(InputError) as info:
        check_date("2018-02-30", "file.jsonl:5")
    assert info.value.where == "file.jsonl:5" and "impossible date" in info.value.reason
    assert full_date("2018-02-30") is None and full_date("September 2018") is None
