"""Amount phrases -> low/best/high (DESIGN.md coding rules)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warwatch.numbers import find_amounts, parse_amount

CASES = [
    # phrase, (low, best, high)
    ("12 people", (12, 12, 12)),
    ("at least 7", (7, None, None)),
    ("more than 30 soldiers", (30, None, None)),
    ("as many as 500 people", (None, None, 500)),
    ("up to 40", (None, None, 40)),
    ("nearly 90", (None, None, 90)),
    ("about 400,000 people", (None, 400_000, None)),
    ("around 60", (None, 60, None)),
    ("some 25", (None, 25, None)),
    ("dozens of villagers", (12, None, None)),
    ("hundreds of civilians", (100, None, None)),
    ("tens of fighters", (10, None, None)),
    ("scores of people", (20, None, None)),
    ("thousands of marchers", (1000, None, None)),
    ("between 10 and 15", (10, None, 15)),
    ("8 to 11", (8, None, 11)),
    ("twenty-five guards", (25, 25, 25)),
    ("three hundred and twelve", (312, 312, 312)),
    ("1.5 million", (1_500_000, 1_500_000, 1_500_000)),
    ("a dozen", (12, 12, 12)),
    ("several", (3, None, None)),
]


@pytest.mark.parametrize(("phrase", "expected"), CASES)
def test_parse_amount(phrase: str, expected: tuple[int | None, int | None, int | None]) -> None:
    amount = parse_amount(phrase)
    assert amount is not None
    assert (amount.low, amount.best, amount.high) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The raid began at 5 pm on 3 June.",
        "In 2016 the town changed hands.",
        "Prices rose 40% this week.",
        # a compound modifier and a gallery caption count no one
        "A five-person crew lived in the two-story house.",
        "Photo 3 of 12",
        "Video 1:15 Crowds gather at the scene",
        "Print Tweet Views 512 Related stories",
    ],
)
def test_dates_times_and_percentages_are_not_counts(text: str) -> None:
    assert find_amounts(text) == []


def test_offsets_point_at_the_phrase() -> None:
    text = "Medics said at least 14 people died and up to 30 were hurt."
    found = find_amounts(text)
    assert [text[a.start : a.end] for a in found] == ["at least 14", "up to 30"]


@given(st.integers(min_value=1, max_value=999_999))
def test_digits_round_trip(n: int) -> None:
    amount = parse_amount(f"{n:,} people")
    assert amount is not None
    assert (amount.low, amount.best, amount.high) == (n, n, n)


@given(st.integers(min_value=1, max_value=99_999), st.sampled_from(["at least", "more than", "over"]))
def test_low_modifiers_set_only_a_low(n: int, mod: str) -> None:
    amount = parse_amount(f"{mod} {n}")
    assert amount is not None
    assert (amount.low, amount.best, amount.high) == (n, None, None)


@given(st.integers(min_value=1, max_value=99_999), st.sampled_from(["as many as", "up to", "nearly"]))
def test_high_modifiers_set_only_a_high(n: int, mod: str) -> None:
    amount = parse_amount(f"{mod} {n}")
    assert amount is not None
    assert (amount.low, amount.best, amount.high) == (None, None, n)


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=10_000))
def test_ranges_are_ordered(a: int, d: int) -> None:
    amount = parse_amount(f"between {a} and {a + d}")
    assert amount is not None
    assert amount.low == a and amount.high == a + d
