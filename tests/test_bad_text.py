"""Text that is not tidy prose: it must neither crash the pipeline nor make figures up.

Each case is an article shape met in scraped news: sentences without verbs, tables
flattened into text, wire copy set in capitals, figures with thousands separators
and ranges, and two tolls for one event in one sentence. Beyond each case's own
expectations, every figure a claim carries must be written in its evidence quote.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warwatch.models import ClaimKind, Document, Report
from warwatch.numbers import find_amounts
from warwatch.pipeline import Pipeline
from warwatch.reconcile import report_tolls
from warwatch.settings import Settings


@lru_cache(maxsize=1)
def _pipeline() -> Pipeline:
    return Pipeline(Settings.from_env())


def _analyse(text: str) -> list[Report]:
    doc = Document(id=Document.make_id(text), text=text, published=date(2017, 3, 8), outlet="Test Wire")
    reports = _pipeline().analyze(doc)
    for r in reports:
        for c in r.claims:
            _assert_figure_is_written(c.text or "", (c.low, c.best, c.high), text)
            assert c.evidence is not None and text[c.evidence.start : c.evidence.end] == c.evidence.quote
    return reports


def _assert_figure_is_written(quote: str, figures: tuple[int | None, ...], text: str) -> None:
    """A claim's exact figures are amounts read in its own quote (vague amounts give ranges, not these)."""
    written = {v for a in find_amounts(quote) for v in (a.low, a.best, a.high) if v is not None}
    exact = {f for f in figures if f is not None}
    if re.search(r"\d", quote) and exact:
        assert exact & written, (quote, figures)


def _killed(reports: list[Report]) -> list[int | None]:
    return sorted(c.best or c.high or 0 for r in reports for c in r.claims if c.kind == ClaimKind.KILLED)


TABLES = [
    "Casualties by province\nProvince | Killed | Injured\nNineveh | 12 | 30\nAnbar | 4 | 9\nTotal | 16 | 39",
    "Province Killed Injured Nineveh 12 30 Anbar 4 9 Total 16 39",
    "Killed\tInjured\tMissing\n7\t21\t3\n",
]


@pytest.mark.parametrize("text", TABLES)
def test_a_flattened_table_gives_no_figures(text: str) -> None:
    reports = _analyse(text)
    assert [c for r in reports for c in r.claims] == []


@pytest.mark.parametrize(
    "text",
    [
        "Mosul. Tuesday night. Twelve dead? Air strike. Residential block. Photos: Reuters.",
        "BREAKING\n\nKabul\n\n12:45\n\n--\n\n* * *\n\n(Updates with toll)",
        "Aleppo, 2016. 1,200. 3,400. 17.",
        "",
        "   \n\n  ",
        "|||||",
    ],
)
def test_fragments_without_verbs_neither_crash_nor_count(text: str) -> None:
    reports = _analyse(text)
    assert all(c.best is None or str(c.best) in text.replace(",", "") for r in reports for c in r.claims)


def test_wire_copy_in_capitals_reads_like_prose() -> None:
    text = (
        "BAGHDAD, MARCH 3 (WIRE) - A CAR BOMB KILLED 12 PEOPLE AND WOUNDED 30 IN A MARKET IN SADR CITY ON "
        "TUESDAY, POLICE SAID."
    )
    reports = _analyse(text)
    # "MARCH 3" is the dateline's date, not a protest march.
    assert [r.sub_event_type for r in reports] == ["Remote explosive/landmine/IED"]
    tolls = report_tolls(reports[0])
    assert (tolls.fatalities.best, tolls.injured.best) == (12, 30)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("Fighting in the city of Aleppo on Monday killed 1,250 people, a monitoring group said.", 1250, 1250),
        ("Gunmen killed 12-15 people in an attack on a village near Maiduguri on Sunday, residents said.", 12, 15),
        ("Between 12 and 15 people were killed when a bomb exploded at a market in Kabul on Friday.", 12, 15),
        ("A suicide bomber killed 12 to 15 worshippers at a mosque in Quetta on Friday, police said.", 12, 15),
    ],
)
def test_thousands_separators_and_ranges(text: str, low: int, high: int) -> None:
    [report] = _analyse(text)
    tolls = report_tolls(report)
    assert (tolls.fatalities.low, tolls.fatalities.high) == (low, high)


@pytest.mark.parametrize(
    ("text", "claimants"),
    [
        (
            "An air strike on Idlib on Monday killed five civilians, according to the civil defence, "
            "while a monitoring group said 12 people died.",
            {5: "the civil defence", 12: "a monitoring group"},
        ),
        (
            "Police said 5 people were killed in the blast in Quetta on Tuesday, but hospital officials "
            "put the toll at 11.",
            {5: "Police", 11: "hospital officials"},
        ),
    ],
)
def test_contradictory_tolls_in_one_sentence_are_kept_side_by_side(text: str, claimants: dict[int, str]) -> None:
    [report] = _analyse(text)
    killed = {c.best: c.claimant for c in report.claims if c.kind == ClaimKind.KILLED}
    assert killed == claimants
    tolls = report_tolls(report)
    assert (tolls.fatalities.low, tolls.fatalities.high) == (min(claimants), max(claimants))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            ["KILLED", "killed", "12", "1,250", "12-15", "|", "\t", "\n", "Mosul", "police said", ".", "dozens", "of"]
        ),
        max_size=30,
    )
)
def test_shuffled_words_never_crash_or_invent(words: list[str]) -> None:
    _analyse(" ".join(words))


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("A" * 60 + "\n\n" + "B" * 80, "A" * 60),  # the last paragraph break within the limit
        ("A" * 30 + "\n\n" + "B" * 40 + "\n" + "C" * 60, "A" * 30 + "\n\n" + "B" * 40),  # a line break, nearer
        ("A" * 150, "A" * 100),  # no break at all: the limit itself
    ],
)
def test_a_text_over_the_limit_is_cut_at_a_break(text: str, kept: str) -> None:
    pipeline = Pipeline(Settings(max_chars=100))
    doc = Document(id=Document.make_id(text), text=text)
    assert pipeline._text(doc) == kept
