"""Tests for eventwire.numbers: number phrases in digits, words and vague plurals."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.numbers import NUMBER_PATTERN, parse_number

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen " \
        "fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _spell(n: int) -> str:
    """English words for 0 <= n < 10**9, in the "one hundred and five" style (test oracle)."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else "-" + _ONES[n % 10])
    if n < 1000:
        rest = "" if n % 100 == 0 else " and " + _spell(n % 100)
        return _ONES[n // 100] + " hundred" + rest
    for size, word in ((1_000_000, "million"), (1_000, "thousand")):
        if n >= size:
            rest = "" if n % size == 0 else " " + _spell(n % size)
            return _spell(n // size) + " " + word + rest
    raise AssertionError(n)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,200", 1200),
        ("30", 30),
        ("three", 3),
        ("Twenty-One", 21),
        ("one hundred and five", 105),
        ("a hundred", 100),
        ("two thousand three hundred", 2300),
        ("2 million", 2_000_000),
        ("a dozen", 12),
        ("two dozen", 24),
        ("dozens", 12),
        ("tens", 10),
        ("scores", 20),
        ("hundreds", 100),
        ("thousands", 1000),
        ("tens of thousands", 10_000),
    ],
)
def test_parse_number_reads_known_phrases(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text", ["a handful", "several", "a few", "", "three two", "a", "and", "hundred and", "x"]
)
def test_parse_number_refuses_what_is_not_a_count(text):
    assert parse_number(text) is None


@given(st.integers(min_value=0, max_value=999_999_999))
def test_spelled_numbers_round_trip(n):
    assert parse_number(_spell(n)) == n


@given(st.integers(min_value=0, max_value=10**9))
def test_digits_with_commas_round_trip(n):
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n)) == n


@given(st.integers(min_value=0, max_value=999_999))
def test_number_pattern_finds_the_whole_phrase(n):
    text = f"killing {_spell(n)} people"
    match = re.search(NUMBER_PATTERN, text, re.IGNORECASE)
    assert match is not None
    assert parse_number(match.group()) == n


@given(st.text(max_size=60))
def test_parse_number_never_raises(text):
    value = parse_number(text)
    assert value is None or value >= 0
