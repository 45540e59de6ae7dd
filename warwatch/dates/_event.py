"""event_time: the date of one event from the time expressions of its sentence."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ..models import Evidence, TimeSpan
from ._base import Timex

#: Modifiers that date a state or a bound rather than the event itself ("since 2014").
_NOT_EVENT_DAY = frozenset({"ON_OR_AFTER"})


def event_time(
    timexes: list[Timex], start: int, end: int, anchor: int, published: date | None, *, doc_id: str = ""
) -> TimeSpan | None:
    """The date range of an event told in the sentence [start, end) whose trigger is at ``anchor``.

    The time expression in the sentence nearest the trigger that denotes a past or present range
    wins; the range is clamped so that it never ends after ``published``. A sentence with none is
    dated to the publication date at week precision, as ACLED codes an undated recent report.
    """
    best: tuple[int, int, Timex] | None = None
    for tx in timexes:
        span = tx.span
        if span is None or tx.mod in _NOT_EVENT_DAY or tx.start < start or tx.end > end:
            continue
        if published is not None and span.start > published:
            continue  # a future date cannot date a reported event
        gap = max(0, tx.start - anchor, anchor - tx.end)
        key = (gap, span.precision)
        if best is None or key < best[:2]:
            best = (gap, span.precision, tx)
    if best is None:
        if published is None:
            return None
        return TimeSpan(published, published, 2, None)
    span = best[2].span
    assert span is not None
    evidence = span.evidence or Evidence(doc_id, best[2].start, best[2].end, best[2].text)
    if doc_id and evidence.doc_id != doc_id:
        evidence = replace(evidence, doc_id=doc_id)
    if published is None:
        return TimeSpan(span.start, span.end, span.precision, evidence)
    return TimeSpan(min(span.start, published), min(span.end, published), span.precision, evidence)
