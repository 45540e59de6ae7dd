"""find_timexes: run every rule over a text and keep the best non-overlapping readings.

Where matches overlap, the one starting first wins, and of those the longest. Handlers run in text
order so "the next day" and "two days later" can lean on the last day mentioned before them; clock
times ("at 10 p.m.") take the day named next to them, else that last day.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from ..models import Evidence, TimeSpan
from . import _absolute, _amounts, _relative  # noqa: F401  (importing registers their rules)
from . import _calendar as cal
from . import _lexicon as lex
from ._base import _RULES, Timex, _Ctx, _Norm

#: How far, in characters, a clock time looks for the day it belongs to ("at 10 p.m. on Monday",
#: "Monday at dawn"): a preposition, a weekday and a comma fit; the next clause does not.
CLOCK_DAY_WINDOW = 25

_SINCE = re.compile(r"(?i)\bsince\s+(?:(?:late|early|mid)[\s-]+)?$")
_DAY_VALUE = re.compile(r"\d{4}-\d\d-\d\d")
#: A possessive ending ("last year's results", "Friday's attack"): TIMEX3 leaves it outside the expression.
_POSSESSIVE = re.compile(r"['\u2019]s$")
#: A weekday's name inside an expression ("last Monday night").
_WEEKDAY_NAME = re.compile(rf"(?i)\b(?:{lex.WEEKDAY_NAMES})\b")
#: What stands between a weekday and the calendar date written in apposition to it: a comma or a dash.
_APPOSITION = re.compile(r"\s*[,\u2013\u2014-]\s*")
#: What may stand between a clock time and the day it is written with: a time zone and a comma.
_CLOCK_DAY_GAP = re.compile(r"(?:\s*\(?(?:GMT|UTC|[ECMP][SD]T)\)?)?,?\s*")


def find_timexes(text: str, dct: date | None, *, doc_id: str = "", sdoc: Any = None) -> list[Timex]:
    """Every time expression in ``text``, TIMEX3-normalised against the publication date ``dct``.

    ``sdoc`` (the spaCy Doc of the same text) is accepted so callers can pass what they have; the
    rules read the text itself, so the result is the same with or without it.
    """
    candidates: list[tuple[int, int, int, re.Match[str]]] = []
    for order, (pattern, _handler) in enumerate(_RULES):
        for m in pattern.finditer(text):
            candidates.append((m.start(), -(m.end() - m.start()), order, m))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))

    ctx = _Ctx(text, dct, dct, dct)
    readings = _read(text, dct, candidates, ctx, {})
    captions = _caption_stamps(text, dct, readings)
    if captions:
        ctx = _Ctx(text, dct, dct, dct)
        readings = _read(text, dct, candidates, ctx, captions)
    readings = _apposed_days(text, readings)
    readings = _counted_from_named_day(text, readings, ctx)
    ctx.dct = dct
    settled = [(s, e, _settle_clock(readings, i, ctx), ref) for i, (s, e, _n, ref) in enumerate(readings)]
    return [_timex(text, doc_id, s, e, norm, ref) for s, e, norm, ref in _join_clock_and_day(text, readings, settled)]


def _read(
    text: str,
    dct: date | None,
    candidates: list[tuple[int, int, int, re.Match[str]]],
    ctx: _Ctx,
    captions: dict[int, date],
) -> list[tuple[int, int, _Norm, date | None]]:
    """The non-overlapping readings of the candidate matches, in text order, each with the last day
    mentioned before it; ``captions`` gives the day a line's closing stamp says it was written, keyed by
    the line's start."""
    readings: list[tuple[int, int, _Norm, date | None]] = []
    taken_until = 0
    night = False  # whether the last day mentioned is a night ("overnight", "Saturday night")
    for start, _neg_len, order, m in candidates:
        if start < taken_until:
            continue
        caption = captions.get(text.rfind("\n", 0, start) + 1)
        if caption is not None:
            ctx.dct = caption
        try:
            norm = _RULES[order][1](m, ctx)
        except (ValueError, OverflowError):
            norm = None  # an amount that runs off the calendar ("2016 years ago" in 2000) names no date
        if norm is None:
            continue
        s, e = norm.extent or (m.start(), m.end())
        if _POSSESSIVE.search(text, s, e):
            e -= 2
        readings.append((s, e, norm, _after_night(ctx.ref, norm) if night else ctx.ref))
        taken_until = e
        if norm.type in ("DATE", "TIME") and _DAY_VALUE.match(norm.value):
            ctx.ref = date.fromisoformat(norm.value[:10])
            night = norm.value.endswith("TNI")
        elif norm.type == "DURATION" and norm.rng is not None and norm.rng[0] == norm.rng[1]:
            ctx.ref = norm.rng[0]  # "three days later": the day that stretch reaches
        stamp = _story_stamp(text, s, e, norm)
        if stamp is not None and _within_reach(stamp, dct):
            ctx.dct = stamp  # the story below it was written that day: "Monday" is the Monday before it
        if norm.type in ("DATE", "TIME") and norm.rng is not None and norm.value[:1].isdigit():
            ctx.ref_any = norm.rng[0]
            if "-Q" in norm.value and not norm.comparison:
                ctx.quarter = norm.rng[0]
    return readings


#: A page may carry the stories of several days, each under its own stamp ("(Published Friday, Oct. 13,
#: 2017)", "Posted: Tuesday, May 3, 2016", a date line "December 30, 2014 TALLAHASSEE, Fla."), or be
#: dated by the day it was gathered rather than written. A stamp this many days or fewer before the
#: publication date dates the text after it: its weekdays and its "yesterday" count from the stamp. A
#: year: beyond it the stamp is more likely an old story quoted than the day the page was written.
STAMP_REACH_DAYS = 365
#: The label of a stamp that says when a story was written (not when it was updated).
_WRITTEN_LABEL = re.compile(r"(?i)\b(?:published|posted|created)\s*(?:on|:)?\s*$")
#: What follows a date that opens its line for it to be the story's date line: the end of the line, a
#: dash, or the place in capitals ("December 30, 2014 TALLAHASSEE, Fla.").
_DATE_LINE_AFTER = re.compile(r"[ \t]*(?:$|[-\u2013\u2014|]|[A-Z]{3,}\b)", re.MULTILINE)
#: How many lines (blank ones not counted) a date line may sit below the top: a page opens with its headline,
#: perhaps a byline, then its date line. A date opening a line farther down is the story's own, a timeline's
#: entry ("March 7 - ..."), which dates only its own line.
DATE_LINE_LINES = 3
_WITH_YEAR = re.compile(r"\d{4}|\d{1,2}/\d{1,2}/\d{2}")


def _within_reach(stamp: date, dct: date | None) -> bool:
    """Whether a story's stamp falls before the publication date, at most STAMP_REACH_DAYS before it."""
    return dct is not None and 0 < (dct - stamp).days <= STAMP_REACH_DAYS


def _story_stamp(text: str, s: int, e: int, norm: _Norm) -> date | None:
    """The day a stamp written with its year says the text after it was written, when the expression at
    [s, e) is such a stamp: labelled "Published" / "Posted" / "Created", or opening its line as a date
    line; None otherwise."""
    if not _DAY_VALUE.match(norm.value) or not _WITH_YEAR.search(text, s, e):
        return None
    line_start = text.rfind("\n", 0, s) + 1
    labelled = _WRITTEN_LABEL.search(text, max(line_start, s - 20), s) is not None
    date_line = (
        not text[line_start:s].strip(" \t(")
        and _DATE_LINE_AFTER.match(text, e) is not None
        and near_top(text, line_start)
    )
    return date.fromisoformat(norm.value[:10]) if labelled or date_line else None


#: What closes a caption after its stamp: the stamp's bracket and the end of the line.
_CLOSES_LINE = re.compile(r"\)?[ \t]*(?:\n|$)")


def _caption_stamps(
    text: str, dct: date | None, readings: list[tuple[int, int, _Norm, date | None]]
) -> dict[int, date]:
    """The days that labelled stamps closing their lines say those lines were written, keyed by the line's
    start: a video's caption ends with its own stamp ("Mourners gathered Monday night. (Published Thursday,
    Feb. 9, 2012)"), so its weekdays count from that stamp, not from the one above it or the page's date."""
    out: dict[int, date] = {}
    for s, e, norm, _ref in readings:
        line_start = text.rfind("\n", 0, s) + 1
        if _WRITTEN_LABEL.search(text, max(line_start, s - 20), s) is None or not _CLOSES_LINE.match(text, e):
            continue
        stamp = _story_stamp(text, s, e, norm)
        if stamp is not None and _within_reach(stamp, dct):
            out[line_start] = stamp
    return out


def near_top(text: str, line_start: int) -> bool:
    """Whether fewer than DATE_LINE_LINES lines with words on them come before the line opening at
    ``line_start``: where a page's date line or a story's wire dateline sits."""
    return sum(1 for line in text[:line_start].splitlines() if line.strip()) < DATE_LINE_LINES


#: A clock time before this hour that takes its day from a night told just before it ("an overnight
#: shooting ... at 2:30 a.m.") falls on the morning that ends the night, the next calendar day.
SMALL_HOURS_END = 6


def _after_night(ref: date | None, norm: _Norm) -> date | None:
    """The day a clock time belongs to when the last day mentioned is a night: the next one for the
    small hours, the night's own day otherwise."""
    hour = norm.clock[1:3]
    if ref is None or not hour.isdigit() or int(hour) >= SMALL_HOURS_END:
        return ref
    return ref + timedelta(days=1)


def _apposed_days(
    text: str, readings: list[tuple[int, int, _Norm, date | None]]
) -> list[tuple[int, int, _Norm, date | None]]:
    """ "last Thursday evening, October 19": a weekday with the calendar date of that weekday written after it
    names that date, however "last" or the publication's weekday would place it."""
    out = list(readings)
    for i in range(len(out) - 1):
        s, e, norm, ref = out[i]
        weekday = _WEEKDAY_NAME.search(text, s, e)
        day = out[i + 1][2]
        if (
            weekday is None
            or norm.type not in ("DATE", "TIME")
            or not _DAY_VALUE.match(norm.value)
            or day.type != "DATE"
            or not _DAY_VALUE.fullmatch(day.value)
            or not _APPOSITION.fullmatch(text, e, out[i + 1][0])
        ):
            continue
        named = date.fromisoformat(day.value)
        if named.weekday() == lex.WEEKDAYS[weekday.group().lower()] and norm.value[:10] != day.value:
            value = day.value + norm.value[10:]
            out[i] = (s, e, replace(norm, value=value, rng=cal.day_range(named)), ref)
    return out


#: A count of days with its direction after it ("a day | after he shot his friend", "three days | before the
#: trial"); the direction stays outside the TIMEX3 expression.
_DAYS_COUNT = re.compile(r"P(\d+)D")
_COUNT_DIRECTION = re.compile(r"\s+(?P<dir>after|before)\b", re.IGNORECASE)


def _counted_from_named_day(
    text: str, readings: list[tuple[int, int, _Norm, date | None]], ctx: _Ctx
) -> list[tuple[int, int, _Norm, date | None]]:
    """ "was arrested Thursday, a day after he shot his friend": a count of days after (or before) an
    event, written after a day its own sentence names, counts from that day, not from the publication
    date: the other event fell that many days before it (after it, for "before"), on one day."""
    out = list(readings)
    for i, (s, e, norm, ref) in enumerate(out):
        count = _DAYS_COUNT.fullmatch(norm.value)
        direction = _COUNT_DIRECTION.match(text, e)
        if norm.type != "DURATION" or count is None or direction is None or norm.mod:
            continue
        day = _named_day_before(text, out[:i], ctx.sentence(s, e)[0])
        if day is None:
            continue
        days = int(count.group(1)) * (-1 if direction["dir"].lower() == "after" else 1)
        out[i] = (s, e, replace(norm, rng=cal.day_range(day + timedelta(days=days))), ref)
    return out


def is_counted_day(tx: Timex, text: str) -> bool:
    """Whether the time expression is a count of days after or before an event that
    ``_counted_from_named_day`` placed on one day ("arrested Thursday, a day after he shot ..."); one
    counted from publication spans a week, and "two days later" counts from whatever day came last."""
    return (
        tx.type == "DURATION"
        and _COUNT_DIRECTION.match(text, tx.end) is not None
        and _DAYS_COUNT.fullmatch(tx.value) is not None
        and tx.span is not None
        and tx.span.precision == 1
        and tx.span.start == tx.span.end
    )


def _named_day_before(text: str, earlier: list[tuple[int, int, _Norm, date | None]], sent_start: int) -> date | None:
    """The last day named outright (a date, or a time with its day written) in the sentence before a
    count, from ``sent_start`` on; None when the sentence names none before it."""
    for s, _e, norm, _ref in reversed(earlier):
        if s < sent_start:
            return None
        if norm.type in ("DATE", "TIME") and not norm.clock and not norm.day_assumed and _DAY_VALUE.match(norm.value):
            return date.fromisoformat(norm.value[:10])
    return None


def _join_clock_and_day(
    text: str, raw: list[tuple[int, int, _Norm, date | None]], settled: list[tuple[int, int, _Norm, date | None]]
) -> list[tuple[int, int, _Norm, date | None]]:
    """ "10 p.m. Wednesday", "noon Saturday", "5 p.m. EST, Nov. 6": a clock time written just before
    its day is one expression, the TIMEX3 time of that day."""
    out: list[tuple[int, int, _Norm, date | None]] = []
    i = 0
    while i < len(settled):
        s, e, norm, ref = settled[i]
        if raw[i][2].clock and i + 1 < len(settled):
            s2, e2, day, _ref = settled[i + 1]
            if day.type == "DATE" and _DAY_VALUE.fullmatch(day.value) and _CLOCK_DAY_GAP.fullmatch(text, e, s2):
                value = f"{day.value}{raw[i][2].clock}"
                out.append((s, e2, _Norm("TIME", value, day.rng, norm.mod), ref))
                i += 2
                continue
        out.append((s, e, norm, ref))
        i += 1
    return out


def _settle_clock(readings: list[tuple[int, int, _Norm, date | None]], i: int, ctx: _Ctx) -> _Norm:
    """A clock time with the day it belongs to: the nearest day named beside it, else the last day, but
    never a day after publication for a clock time told in the past."""
    s, e, norm, ref = readings[i]
    if not norm.clock:
        return norm
    best: tuple[int, date] | None = None
    sent = ctx.sentence(s, e)
    for j, (s2, e2, other, _ref) in enumerate(readings):
        if j == i or other.clock or not _DAY_VALUE.match(other.value) or not sent[0] <= s2 < sent[1]:
            continue
        gap = max(0, s2 - e, s - e2)
        if gap <= CLOCK_DAY_WINDOW and (best is None or gap < best[0]):
            best = (gap, date.fromisoformat(other.value[:10]))
    day = best[1] if best else ref
    if best is None and day is not None and ctx.dct is not None and day > ctx.dct and not ctx.future(s, e):
        day = ctx.dct  # a day assumed from a coming event told before ("vigil on Friday") is no past clock's
    if day is None:
        return _Norm("TIME", f"XXXX-XX-XX{norm.clock}")
    return _Norm("TIME", f"{day.isoformat()}{norm.clock}", cal.day_range(day), norm.mod, day_assumed=best is None)


def _timex(text: str, doc_id: str, s: int, e: int, norm: _Norm, ref: date | None) -> Timex:
    span = None
    if norm.rng is not None:
        first, last, precision = norm.rng
        span = TimeSpan(first, last, precision, Evidence(doc_id, s, e, text[s:e]))
    mod = norm.mod
    if norm.type in ("DATE", "TIME") and _SINCE.search(text, max(0, s - 20), s):
        mod = "ON_OR_AFTER"
    return Timex(s, e, text[s:e], norm.type, norm.value, span, mod, norm.day_assumed)
