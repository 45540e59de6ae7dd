"""What a time expression dates: the word the parse ties it to.

A news story names several days, each the day of something else: "Two men were charged
Wednesday in the shooting that happened around 10 p.m. Saturday; the victim died Monday."
The day of the shooting is the one the parse ties to a word of the shooting ("happened",
"shooting", "shot"), not the nearest or the first day of the story. ``governor`` finds that
word; ``day_told_with`` finds the day a story ties to any of a given set of words.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from datetime import date, timedelta
from typing import Any

from ..models import Evidence, TimeSpan
from ._base import Timex
from ._find import SMALL_HOURS_END, near_top

#: Steps up the parse from a time expression to the word it dates: "around [10 p.m.]
#: [Thursday]" climbs through the preposition and the clock time to the verb; a sentence's
#: next clause is further than that (set by reading parses of news leads, not tuned).
GOVERNOR_STEPS = 4
#: Days the story ties to the words may differ by this much and still be one day: "late
#: Saturday" in one paragraph and "early Sunday" in another tell one night.
SAME_DAY_SLACK = 1

#: Words a time expression climbs through to reach what it dates: the auxiliaries, and the nouns of
#: a time of day ("in the early morning hours of June 9", "on the night of Nov. 3").
_PASS_THROUGH = frozenset(
    [
        "be",
        "have",
        "hour",
        "morning",
        "afternoon",
        "evening",
        "night",
        "day",
        "weekend",
        "time",
        "midnight",
        "noon",
        "dawn",
    ]
)
#: Dependency labels of a noun that a time expression modifies as the thing it dates ("Thursday's
#: shooting", "the Saturday shooting"), as opposed to a noun it merely stands in ("on Thursday").
_DATING_NOUN_LINKS = frozenset({"pobj", "npadvmod"})


#: The label of a page's own time stamp ("Posted: Thursday, May 12, 2016 9:41 AM CDT", "Updated
#: Sep 27, 2016", "UPDATE (5:30 p.m.)", "[UPDATE 8/2/16 @ 7:05 p.m.]"), within a few characters before
#: the expression; a numeric date may stand between the label and a clock time.
_STAMP_LABEL = re.compile(
    r"(?i)\b(?:posted|updated?|published|last modified|modified)\s*(?:on|at|@|\(|:)?\s*:?\s*"
    r"(?:\d{1,2}/\d{1,2}/\d{2,4}\s*(?:@|at|-|,)?\s*)?$"
)
STAMP_WINDOW = 30
#: The signature of an embedded post, its author's handle before the day it was posted ("— Ann Lee
#: (@annlee_tv) October 8, 2019"): that day dates the post, not what it tells. A handle is at most 15
#: characters long (the limit of the site such posts come from).
_POST_SIGNATURE = re.compile(r"\(@\w{1,15}\)\s*$")
#: What joins the parts of one stamp ("September 12, 2015 3:40 PM", "Nov 9, 2016 - 6:57 PM",
#: "October 26, 2016 @ 9:25 PM"): a clock time written so right after a stamp's date is the stamp's.
_STAMP_JOIN = re.compile(r"[ \t]*(?:[-,@]|at)?[ \t]*")


#: A day counted from some other event of the story rather than from the publication date ("three days
#: earlier", "the next morning", "the following day", "the night before", "that evening"): the reader places
#: it only through that event, so it cannot tell the harm's day by itself.
_COUNTED_FROM_ANOTHER = re.compile(
    r"(?i)(?:.*\b(?:hours?|days?|nights?|weeks?|months?|years?)\s+(?:earlier|later|before|after|prior)"
    r"|(?:the\s+)?(?:next|following|previous|prior|preceding)\s+\w+|that\s+\w+"
    r"|the\s+\w+\s+(?:before|after))"
)


def _counted_from_another(tx: Timex) -> bool:
    """Whether the expression counts its day from another event of the story, not from publication."""
    return _COUNTED_FROM_ANOTHER.fullmatch(tx.text) is not None


def _one_day(tx: Timex) -> bool:
    """Whether the expression names one calendar day: "overnight" spans two, and a day named
    outright beside it ("about 1:30 a.m. Friday") says which of them the event fell on."""
    return tx.span is not None and tx.span.start == tx.span.end


def _in_small_hours(tx: Timex) -> bool:
    """Whether a clock time falls between midnight and SMALL_HOURS_END ("about 1:30 a.m.")."""
    hour = tx.value.partition("T")[2][:2]
    return tx.type == "TIME" and hour.isdigit() and int(hour) < SMALL_HOURS_END


def _within(tx: Timex, night: Timex) -> bool:
    """Whether ``tx`` names one day of the range ``night`` spans; a clock time with no day written beside
    it counts only in the small hours, which the reader places on the night's second day ("overnight ...
    at about 2 a.m."), not in the evening ("overnight ... at 10:30 p.m." is the night's first day)."""
    return (
        _one_day(tx)
        and (not tx.day_assumed or _in_small_hours(tx))
        and tx.type in ("DATE", "TIME")
        and tx.span is not None
        and night.span is not None
        and night.span.start <= tx.span.start <= night.span.end
    )


#: What may follow a date that opens its line for the line to be the page's date line: nothing, a clock
#: time with its zone, perhaps heading an update ("Friday 7:10 p.m. UPDATE: ...", "... Updated: ..."), or a
#: dash opening the story ("May 27, 2024 - Police ...").
_DATE_LINE_REST = re.compile(
    r"[ \t]*(?:$|(?:[-,@|]|at)?[ \t]*\d{1,2}:\d\d[ \t]*(?:[ap]\.?m\.?)?[ \t]*(?:[A-Z]{2,4})?[ \t]*"
    r"(?:$|[-:|]?[ \t]*updated?\b)|[-\u2013\u2014]+[ \t])",
    re.IGNORECASE,
)


def is_stamp(text: str, tx: Timex) -> bool:
    """Whether the time expression is the page's own stamp (when it was posted or updated), which
    dates the page, never an event told on it."""
    window = max(0, tx.start - STAMP_WINDOW)
    if _STAMP_LABEL.search(text, window, tx.start) is not None or _POST_SIGNATURE.search(text, window, tx.start):
        return True
    # a date alone on its line ("27 May 2024" under a headline, "May 27, 2024 11:16 AM"), or opening a
    # paragraph before a dash ("May 27, 2024 - Police are investigating"): the page's date line, not prose
    line_start = text.rfind("\n", 0, tx.start) + 1
    line_end = text.find("\n", tx.end)
    rest = text[tx.end : None if line_end < 0 else line_end]
    return not text[line_start : tx.start].strip() and _DATE_LINE_REST.match(rest) is not None


#: A weekday read with no "last" or "this" before it and no calendar date beside it ("Monday", "late
#: Sunday night"): the reader places it from the publication date alone.
_BARE_WEEKDAY = re.compile(
    r"(?i)(?:(?:early|late)\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day(?:'s)?"
    r"(?:\s+(?:morning|afternoon|evening|night))?"
)
#: A bare weekday this many days before publication is also the weekday after the publication day.
_DAY_AFTER_STAMP = 6


def after_stamp(tx: Timex, published: date | None) -> bool:
    """Whether a bare weekday, read as six days before publication, may be the day after it: a page
    updated after its stamp ("police said Monday" on a page dated Sunday) names the next day so, and
    the news rarely calls a day a week back by its bare name."""
    return (
        published is not None
        and tx.span is not None
        and (published - tx.span.start).days == _DAY_AFTER_STAMP
        and _BARE_WEEKDAY.fullmatch(tx.text) is not None
    )


#: A page's own stamp this many days or more before the publication date it came with makes that date
#: a crawl's or an archive's, not the story's ("Updated: 08/10/2014" on a page given as of 2017).
STALE_PUBLICATION_DAYS = 3
_YEAR = re.compile(r"\b\d{4}\b")


def posted_day(text: str, timexes: Sequence[Timex], published: date | None) -> date | None:
    """The day of the page's own stamp at its top when it names its year and lies well before the
    publication date given (see STALE_PUBLICATION_DAYS), the earliest of them; else None. Relative
    expressions of such a page read from that day, not from the later date the page came with."""
    if published is None:
        return None
    days = [
        tx.span.start
        for tx in timexes
        if tx.span is not None
        and tx.span.precision == 1
        and _YEAR.search(tx.text) is not None
        and near_top(text, text.rfind("\n", 0, tx.start) + 1)
        and is_stamp(text, tx)
        and (published - tx.span.start).days >= STALE_PUBLICATION_DAYS
    ]
    return min(days, default=None)


def without_stamps(text: str, timexes: Sequence[Timex]) -> list[Timex]:
    """The time expressions that are not part of the page's own stamps: a labelled stamp and the
    clock time written right after it ("Posted: Saturday, May 7, 2016 3:40 PM EDT")."""
    kept: list[Timex] = []
    previous: Timex | None = None
    for tx in sorted(timexes, key=lambda t: t.start):
        chained = previous is not None and _STAMP_JOIN.fullmatch(text, previous.end, tx.start) is not None
        if is_stamp(text, tx) or chained:
            previous = tx
            continue
        previous = None
        kept.append(tx)
    return kept


def governor(tx: Timex, sdoc: Any) -> Any | None:
    """The verb or noun the time expression dates (a spaCy token), or None when the parse names none:
    the first verb up the tree, or a noun the expression modifies ("Thursday night's shooting")."""
    span = sdoc.char_span(tx.start, tx.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    tok = span.root
    for _ in range(GOVERNOR_STEPS):
        head = tok.head
        if head is tok:
            return None
        if head.lemma_.lower() not in _PASS_THROUGH:
            if head.pos_ in ("VERB", "AUX"):
                return head
            if head.pos_ in ("NOUN", "PROPN") and tok.dep_ not in _DATING_NOUN_LINKS:
                return head
        tok = head
    return None


#: What may "happen" or "occur" in a story of a harm without being it ("the theft occurred Dec. 15", "the crash
#: happened Monday"): "happen" and "occur" tie a day to the harm only when their subject is none of these.
#: (Read off US crime stories that recall the theft of the gun or a chase; not tuned.)
_NOT_THE_HARM = frozenset(
    ["theft", "burglary", "crash", "collision", "chase", "pursuit", "arrest", "hearing", "meeting"]
)


def _names_one_of(tok: Any, lemmas: Collection[str]) -> bool:
    if tok is None:
        return False
    if tok.lemma_.lower() in ("happen", "occur") and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in _NOT_THE_HARM for c in tok.children
    ):
        return False  # "the theft occurred Dec. 15": the day of something else than the harm
    if tok.lemma_.lower() == "take" and any(c.dep_ == "dobj" and c.lower_ == "place" for c in tok.children):
        return "happen" in lemmas  # "the shooting that took place last weekend"
    if tok.lemma_.lower() == "open" and any(c.dep_ == "dobj" and c.lower_ == "fire" for c in tok.children):
        return "fire" in lemmas  # "a gunman opened fire late Sunday"
    if tok.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ == "compound" and (c.lemma_.lower() in lemmas or c.lower_ in lemmas) for c in tok.children
    ):
        return True  # "the May 2 shooting scene", "Friday's shooting death"
    return tok.lemma_.lower() in lemmas or tok.lower_ in lemmas


def told_with(tx: Timex, sdoc: Any, lemmas: Collection[str]) -> bool:
    """Whether the parse ties the time expression to one of ``lemmas``."""
    return _names_one_of(governor(tx, sdoc), lemmas)


def days_told_with(
    timexes: Sequence[Timex], sdoc: Any, lemmas: Collection[str], published: date, *, within_days: int
) -> list[Timex]:
    """The days (day precision, at most ``within_days`` before ``published`` and not after it) that
    the text ties to one of ``lemmas``, in text order."""
    earliest = published - timedelta(days=within_days)
    found: list[Timex] = []
    for tx in sorted(timexes, key=lambda t: t.start):
        span = tx.span
        if (
            names_its_day(tx)
            and span is not None
            and earliest <= span.start <= published
            and told_with(tx, sdoc, lemmas)
        ):
            found.append(tx)
    return found


def names_its_day(tx: Timex) -> bool:
    """Whether the expression names one day by itself: a date or a time at day precision, not a bound
    ("since Monday"), not a clock time whose day is only assumed, not a stretch ("hours after") and not a
    day counted from another event ("the next morning")."""
    return (
        tx.type in ("DATE", "TIME")
        and tx.span is not None
        and tx.span.precision == 1
        and tx.mod != "ON_OR_AFTER"
        and not tx.day_assumed
        and not _counted_from_another(tx)
    )


def day_told_with(
    timexes: Sequence[Timex], sdoc: Any, lemmas: Collection[str], published: date, *, within_days: int
) -> TimeSpan | None:
    """The one day of ``days_told_with`` (see ``agreed_day``)."""
    found = days_told_with(timexes, sdoc, lemmas, published, within_days=within_days)
    return agreed_day(found, timexes, published)


def agreed_day(found: Sequence[Timex], timexes: Sequence[Timex], published: date) -> TimeSpan | None:
    """The first of the days ``found`` (as ``days_told_with`` gives them), a day named outright before a
    night spanning two; None when there is none, or when they disagree by more than SAME_DAY_SLACK (a
    round-up of several shootings has no one day). A night alone ("shot overnight") takes the day the
    text names within it, tied to the harm or not ("shots were fired about 1:30 a.m. Friday")."""
    if not found:
        return None
    days = [tx.span.start for tx in found if tx.span is not None]
    if (max(days) - min(days)).days > SAME_DAY_SLACK:
        return None
    first = next((tx for tx in found if _one_day(tx)), found[0])
    if not _one_day(first):
        first = next((tx for tx in sorted(timexes, key=lambda t: t.start) if _within(tx, first)), first)
    assert first.span is not None
    evidence = first.span.evidence or Evidence("", first.start, first.end, first.text)
    return TimeSpan(first.span.start, min(first.span.end, published), 1, evidence)


#: A weekday named beside a clock time ("2:30 a.m. Sunday").
_WEEKDAY_WORD = re.compile(r"(?i)\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b")


def small_hours_after(night: TimeSpan, timexes: Sequence[Timex]) -> TimeSpan | None:
    """The day after a night ("Saturday night", "overnight", "last night") when the text gives a clock time in
    its small hours with that day's name ("shots rang out about 1:30 a.m. Sunday"): what happened that night
    fell after midnight, on the next calendar day. None when the text gives no such time."""
    if night.evidence is None or "night" not in night.evidence.quote.lower():
        return None
    after = night.start + timedelta(days=1)
    for tx in timexes:
        if tx.type != "TIME" or tx.span is None or tx.span.start != after or tx.day_assumed:
            continue
        if _in_small_hours(tx) and _WEEKDAY_WORD.search(tx.text) is not None:
            evidence = tx.span.evidence or Evidence("", tx.start, tx.end, tx.text)
            return TimeSpan(after, after, 1, evidence)
    return None
