"""Fuzzing ingestion and cleaning: no input may crash, hang or come back malformed.

Hypothesis generates HTML-like pages from a grammar (tags, attributes, entities, scripts,
JSON-LD, comments, declarations and text, nested and left unclosed), random bytes under
every reader's extension, and plain text; cleaning and reading must answer with an
article or an InputError, each example within a few seconds. The number of examples per
property is ``EVENTWIRE_FUZZ_EXAMPLES`` (default 100, so the suite stays fast; CI's fuzz
job raises it). The event records' round trip through the JSON Lines export is a property
here too, over the event strategy of ``test_records``.

Long runs of one token, the inputs that make a regular expression backtrack, must be
quick too. Crashes and hangs found are kept as regression tests at the end of this file.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.doc import Document, RawArticle
from eventwire.errors import InputError
from eventwire.export import export
from eventwire.ingest import readers
from eventwire.ingest.clean import CleanStep, clean_text
from eventwire.ingest.html import extract_html
from eventwire.ingest.language import detect_language
from eventwire.ingest.published import copyright_year
from eventwire.ingest.readers import check_date, read_paths, read_text
from eventwire.records import Event
from test_records import events  # the event strategy, shared rather than written twice

FUZZ_EXAMPLES = int(os.environ.get("EVENTWIRE_FUZZ_EXAMPLES", "100"))
# Generous per-example limit: an article taking longer than this is a hang.
DEADLINE_MS = 5000
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=DEADLINE_MS,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# -- a grammar of HTML-like pages ---------------------------------------------------------

TAGS = ("html", "head", "body", "article", "main", "p", "div", "span", "h1", "h2", "a", "b",
        "i", "em", "br", "hr", "img", "table", "tr", "td", "ul", "li", "section", "header",
        "footer", "nav", "aside", "figure", "figcaption", "blockquote", "pre", "code", "svg",
        "math", "template", "noscript", "iframe", "form", "textarea", "select", "option",
        "title", "time", "x-custom", "P", "DIV")  # fmt: skip
ATTR_NAMES = ("class", "id", "href", "src", "content", "name", "property", "itemprop",
              "datetime", "charset", "lang", "style", "rel", "onload", "data-x", "hidden")
ATTR_VALUES = st.one_of(
    st.sampled_from(("article:published_time", "datePublished", "og:url", "canonical",
                     "2018-09-08", "2018-02-30", "Sat, 08 Sep 2018", "0000-00-00", "utf-8",
                     "koi8-r", "x-unknown-charset", "https://a.example/2018/09/08/x",
                     "javascript:alert(1)", "", "&amp;", "\x00")),
    st.text(max_size=30),
)
ENTITIES = st.sampled_from(("&amp;", "&lt;", "&gt;", "&nbsp;", "&#0;", "&#x110000;",
                            "&#99999999;", "&bogus;", "&", "&#", "&#x;", "&copy; 2016",
                            "&#8220;", "\u00e2\u20ac\u0153"))
STORY = "Soldiers fired on protesters in the capital on Friday, witnesses said."
WORDS = st.sampled_from((
    STORY,
    "Police arrested 12 people.", "Share this article", "Advertisement", "Read more",
    "By Jane Doe", "Des hommes armés ont tué douze civils dans le centre du Mali.",
    "\u00e2\u20ac\u0153Quoted\u00e2\u20ac\u009d", "Photo: AFP", "\u202e\u200b\ufeff",
))
TEXT = st.one_of(WORDS, st.text(max_size=60), ENTITIES)


def _attributes(pairs: list[tuple[str, str, str]]) -> str:
    return "".join(f" {name}={quote}{value}{quote}" for name, value, quote in pairs)


ATTRS = st.lists(
    st.tuples(st.sampled_from(ATTR_NAMES), ATTR_VALUES, st.sampled_from(('"', "'", ""))),
    max_size=3,
).map(_attributes)
LEAVES = st.one_of(
    TEXT,
    st.builds(lambda a: f"<br{a}>", ATTRS),
    st.builds(lambda a: f"<meta{a}>", ATTRS),
    st.builds(lambda t: f"<script>{t}</script>", st.text(max_size=40)),
    st.builds(lambda v: f'<script type="application/ld+json">{v}</script>',
              st.sampled_from(('{"@type": "NewsArticle", "datePublished": "2019-05-04"}',
                               '{"@graph": [{"@graph": [{"datePublished": 5}]}]}',
                               "[[[[[[[[[[[[]]]]]]]]]]]]", "{", '{"datePublished": null}'))),
    st.builds(lambda t: f"<style>{t}</style>", st.text(max_size=20)),
    st.builds(lambda t: f"<!--{t}-->", st.text(max_size=20)),
    st.sampled_from(("<!DOCTYPE html>", "<?xml version='1.0' encoding='utf-16'?>",
                     "<![CDATA[x]]>", "<!-->", "</p>", "</div></div>", "<", ">", "<p", "</",
                     "<!DOCTYPE", "<a href='", "<?php echo 1; ?>")),
)


def _element(tag: str, attrs: str, children: list[str], closed: bool) -> str:
    return f"<{tag}{attrs}>{''.join(children)}" + (f"</{tag}>" if closed else "")


NODES = st.recursive(
    LEAVES,
    lambda inner: st.builds(_element, st.sampled_from(TAGS), ATTRS,
                            st.lists(inner, max_size=4), st.booleans()),
    max_leaves=40,
)
PAGES = st.one_of(
    st.lists(NODES, max_size=6).map("".join),
    st.builds(lambda head, body: f"<html><head>{head}</head><body>{body}</body></html>",
              st.lists(NODES, max_size=3).map("".join), st.lists(NODES, max_size=6).map("".join)),
    st.builds(lambda n, inner: "<div>" * n + inner + "</div>" * n,
              st.integers(0, 400), st.lists(NODES, max_size=2).map("".join)),
)
RANDOM_BYTES = st.binary(max_size=2000)
DECODED_BYTES = st.builds(lambda b, enc: b.decode(enc, errors="replace"), RANDOM_BYTES,
                          st.sampled_from(("utf-8", "latin-1", "utf-16-le", "cp1252")))
ANY_TEXT = st.one_of(st.text(max_size=500), PAGES, DECODED_BYTES)


# -- cleaning ---------------------------------------------------------------------------


@FUZZ
@given(ANY_TEXT)
def test_clean_text_never_fails(text: str) -> None:
    result = clean_text(text)
    assert isinstance(result.text, str) and "\r" not in result.text
    assert result.text == result.text.strip()
    assert result.title is None or result.title.strip() == result.title != ""


@FUZZ
@given(ANY_TEXT)
def test_clean_step_codes_or_refuses(text: str) -> None:
    raw = RawArticle(text=text, origin="fuzz.txt")
    try:
        doc = CleanStep(None)(Document(raw=raw))
    except InputError as err:
        assert err.where == "fuzz.txt" and err.reason
        return
    assert doc.text and doc.article is not None and doc.article.language == "en"
    doc.text.encode("utf-8")  # no lone surrogates reach the hash or the store


@FUZZ
@given(ANY_TEXT)
def test_language_is_always_a_guess(text: str) -> None:
    guess = detect_language(text)
    assert guess.code and 0.0 <= guess.confidence <= 1.0 and guess.name


# -- HTML and readers ------------------------------------------------------------------


def _check_article(raw: RawArticle) -> None:
    assert isinstance(raw.text, str) and raw.text.strip()
    if raw.published is not None:
        date.fromisoformat(raw.published)


@FUZZ
@given(PAGES)
def test_html_ingestion_gives_an_article_or_one_reason(page: str) -> None:
    try:
        raw = read_text(page, origin="page.html")
    except InputError as err:
        assert err.where == "page.html" and err.reason
        return
    _check_article(raw)


@FUZZ
@given(PAGES, st.sampled_from(("utf-8", "utf-16", "cp1252")))
def test_html_bytes_are_extracted_or_refused(page: str, encoding: str) -> None:
    data = page.encode(encoding, errors="replace")
    try:
        _check_article_text(extract_html(data, "page.html").text)
    except InputError as err:
        assert err.where == "page.html"


def _check_article_text(text: str) -> None:
    assert isinstance(text, str) and text.strip()


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


SUFFIXES = (".txt", ".html", ".jsonl", ".json", ".csv", ".tsv", ".dat", ".txt.gz", ".jsonl.gz")


@FUZZ
@given(st.one_of(RANDOM_BYTES, PAGES.map(str.encode), st.text(max_size=500).map(str.encode)),
       st.sampled_from(SUFFIXES), st.booleans())
def test_any_file_reads_as_articles_or_errors(
    fuzz_dir: Path, data: bytes, suffix: str, compress: bool
) -> None:
    path = fuzz_dir / f"input{suffix}"
    path.write_bytes(gzip.compress(data) if compress and suffix.endswith(".gz") else data)
    for item in read_paths([path]):
        if isinstance(item, InputError):
            assert item.where.startswith(str(path)) and item.reason
        else:
            assert isinstance(item, RawArticle) and item.origin.startswith(str(path))
            assert isinstance(item.text, str)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=3),
    max_leaves=10,
)
RECORDS = st.fixed_dictionaries(
    {},
    optional={name: JSON_VALUES | TEXT for name in
              ("text", "html", "title", "url", "published", "id", "source")},
)


@FUZZ
@given(st.one_of(RECORDS, JSON_VALUES))
def test_any_json_record_is_an_article_or_an_error(record: object) -> None:
    try:
        raw = readers.record_article(record, "f.jsonl:1")
    except InputError as err:
        assert err.where == "f.jsonl:1"
        return
    assert isinstance(raw.text, str)
    if raw.published is not None:
        date.fromisoformat(raw.published)


@FUZZ
@given(st.one_of(st.text(max_size=40), st.dates().map(date.isoformat),
                 st.datetimes().map(lambda d: d.isoformat() + "Z")))
def test_check_date_normalises_or_names_the_record(value: str) -> None:
    try:
        day = check_date(value, "rec:1")
    except InputError as err:
        assert err.where == "rec:1"
        return
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", day)
    date.fromisoformat(day)


# -- records through the JSON Lines export ------------------------------------------------


@settings(max_examples=max(50, FUZZ_EXAMPLES // 3), deadline=None)
@given(st.lists(events(), max_size=4))
def test_events_survive_the_jsonl_export(batch: list[Event]) -> None:
    out = io.StringIO()
    assert export(batch, "jsonl", out) == len(batch)
    # JSON Lines ends records with "\n" only; str.splitlines() would also split on the
    # U+0085 and U+2028 that the export leaves unescaped inside strings.
    lines = out.getvalue().split("\n")[:-1]
    assert [Event.from_dict(json.loads(line)) for line in lines] == batch


# -- regressions found by fuzzing ---------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    [
        "<SVG><HTML",  # lxml's drop_tree asserted inside htmldate: AssertionError
        "<html><body><p>Police arrested ten men in Kano on Tuesday, witnesses said.</p>"
        "<svg><html></svg></body></html>",
    ],
)
def test_html_inside_svg(page: str) -> None:
    try:
        raw = read_text(page, origin="page.html")
    except InputError as err:
        assert err.reason == "no article text found in the HTML page"
    else:
        assert raw.text.startswith("Police arrested ten men")


# Long runs of one token, the inputs that make backtracking regular expressions explode.
RUNS = ["By\n", '"\n', "A\n\n", "x\n", "\n", " ", "Photo: ", "REUTERS/", "<", "&#", "[",
        "\u00e2\u20ac", "2018-09-08 ", "Share this article\n", "| ", "-- ", "\u00a9", "(c) ",
        "copyright "]


@pytest.mark.parametrize("unit", RUNS)
def test_long_runs_of_one_token_are_quick(unit: str) -> None:
    text = unit * (20_000 // len(unit))
    started = time.perf_counter()
    clean_text(text)
    detect_language(text)
    try:
        read_text(f"<html><body><p>{STORY}</p><footer>{text}</footer></body></html>")
    except InputError:
        pass
    assert time.perf_counter() - started < DEADLINE_MS / 1000


def test_a_run_of_copyright_signs_is_quick() -> None:
    # Found by the run-of-one-token search: the copyright pattern backtracked cubically
    # over a run of signs with no year after it (4,000: 4 s; 25,000: over 2 minutes).
    started = time.perf_counter()
    assert copyright_year("\u00a9 " * 4000 + "The Daily Example") is None
    assert time.perf_counter() - started < 1.0
