"""A report dated only by its publication day takes the day its article's lead names."""

from __future__ import annotations

from datetime import date

import pytest

from warwatch.extract.sentences import doc_text
from warwatch.models import Document
from warwatch.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def _main(pipeline: Pipeline, text: str, published: date):
    reports = pipeline.analyze(Document(id="lead", text=text, published=published))
    assert reports, text
    return max(reports, key=lambda r: r.salience)


def test_the_lead_gives_the_day_the_first_sentence_leaves_out(pipeline: Pipeline):
    text = (
        "Four hurt in drive-by shooting\n\n"
        "A shooting outside a birthday party left four people wounded, police said.\n\n"
        "It happened around 11 p.m. Thursday on Elm Street, officers said."
    )
    report = _main(pipeline, text, date(2015, 9, 18))  # a Friday
    assert report.when is not None
    assert (report.when.start, report.when.precision) == (date(2015, 9, 17), 1)
    assert report.when.evidence is not None and report.when.evidence.quote.endswith("Thursday")
    assert text[report.when.evidence.start : report.when.evidence.end] == report.when.evidence.quote


def test_a_day_long_before_publication_is_background_not_the_events_day(pipeline: Pipeline):
    text = (
        "Man shot dead outside shop\n\n"
        "A man was shot dead outside a corner shop, police said.\n\n"
        "The shop had been robbed on March 3, 2015, the owner said."
    )
    report = _main(pipeline, text, date(2015, 9, 18))
    assert report.when is not None
    assert (report.when.start, report.when.precision) == (date(2015, 9, 18), 2)
    assert report.when.evidence is None


def test_a_day_in_the_reports_own_sentence_is_kept(pipeline: Pipeline):
    text = (
        "Two killed in shooting\n\n"
        "Two men were shot and killed on Tuesday night in a parking lot, police said.\n\n"
        "A witness said the gunman had argued with them on Monday."
    )
    report = _main(pipeline, text, date(2016, 5, 12))  # a Thursday
    assert report.when is not None and report.when.start == date(2016, 5, 10)


def test_doc_text_is_the_docs_text_joined_once(pipeline: Pipeline):
    sdoc = pipeline.nlp("Gunmen attacked a checkpoint.  Three soldiers were killed.\n")
    first = doc_text(sdoc)
    assert first == sdoc.text
    assert doc_text(sdoc) is first
