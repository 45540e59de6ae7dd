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


def _root(tx: Timex, sdoc: Any) -> Any | None:
    """The parse's head token of the time expression, or None when its characters cover no token."""
    span = sdoc.char_span(tx.start, tx.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def governor(tx: Timex, sdoc: Any) -> Any | None:
    """The verb or noun the time expression dates (a spaCy token), or None when the parse names none:
    the first verb up the tree, or a noun the expression modifies ("Thursday night's shooting")."""
    tok = _root(tx, sdoc)
    if tok is None:
        return None
    for _ in range(GOVERNOR_STEPS):
        head = tok.head
        if head is tok:
            return None
        if head.lemma_.lower() not in _PASS_THROUGH:
            if head.pos_ in ("VERB", "AUX"):
                return head
            if head.pos_ in ("NOUN", "PROPN") and tok.dep_ not in _DATING_NOUN_LINKS:
                return _verb_of_the_place(head) if _a_place(head) else head
        tok = head
    return None


#: Nouns of a spot in a town that a story names the harm's place by ("in the 300 block of Elm Street", "near the
#: corner of Fifth and Main"). Not "drive", which is as often an act ("a drive-by"), nor a named town or country,
#: whose day the parse more often gets right ("died in a car bombing near the market on Sunday"). (Read off US crime
#: stories whose parse hangs the day on the street; not tuned.)
_STREET_NOUNS = frozenset(
    ["block", "street", "st.", "avenue", "ave.", "road", "rd.", "lane", "boulevard", "highway", "corner"]
)


def _a_place(tok: Any) -> bool:
    """Whether the noun names a spot in a town: a street, a block, a corner."""
    return tok.lemma_.lower() in _STREET_NOUNS


def _verb_of_the_place(place: Any) -> Any | None:
    """The verb whose event the place is told as the place of ("shot in the 300 block of Elm Street Monday night"):
    a place has no day of its own, so a day the parse hangs on it dates that verb."""
    return next((a for a in place.ancestors if a.pos_ in ("VERB", "AUX")), None)


#: What may "happen" or "occur" in a story of a harm without being it ("the theft occurred Dec. 15", "the crash
#: happened Monday"): "happen" and "occur" tie a day to the harm only when their subject is none of these, and
#: a word of harm done by one of these ("the crash that hurt a bus driver Thursday") ties none.
#: (Read off US crime stories that recall the theft of the gun or a chase; not tuned.)
_NOT_THE_HARM = frozenset(
    ["theft", "burglary", "crash", "collision", "chase", "pursuit", "arrest", "hearing", "meeting"]
)


#: Verbs of witnesses perceiving the harm ("a cashier heard shots outside late Friday"): the day they tie
#: is that of what they perceived, named as their object.
_PERCEIVING = frozenset(["hear", "see", "witness"])

#: Verbs that tell an event's own course, so that their subject's day is the day they tell ("the rampage began
#: shortly before 4 a.m. Friday", "shots rang out late Sunday", "the trial started Monday"). (Read off US crime stories
#: that date the shooting only so; not tuned.)
_UNFOLDING_VERBS = frozenset(["begin", "start", "unfold", "erupt", "ring", "end", "continue"])
#: Verbs whose object is what befell or reached someone that day ("suffered a gunshot wound Friday", "heard
#: three shots late Tuesday", "police received a call early Friday", "a gunshot sustained Friday"): the day is
#: their object's. (Read off US crime stories that date the harm only so; not tuned.)
_TAKING_VERBS = frozenset(["suffer", "sustain", "hear", "receive", "get"])


def _one_of_or_compound(tok: Any, lemmas: Collection[str]) -> bool:
    """Whether the noun is one of ``lemmas``, or has one as its compound ("a gunshot wound")."""
    return any(
        t.lemma_.lower() in lemmas or t.lower_ in lemmas
        for t in (tok, *tok.children)
        if t is tok or t.dep_ == "compound"
    )


#: Relative pronouns, through which a relative clause's subject is the noun the clause describes.
_RELATIVE_PRONOUNS = frozenset(["that", "which", "who"])


def _done_by_something_else(tok: Any) -> bool:
    """Whether the verb's subject, or the noun its relative clause describes, is one of ``_NOT_THE_HARM``: "the
    crash that hurt a bus driver", "a collision killed two": a harm done by that other thing, not the story's."""
    subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return False
    if subject.lower_ in _RELATIVE_PRONOUNS and tok.dep_ == "relcl":
        subject = tok.head
    return subject.lemma_.lower() in _NOT_THE_HARM


def _names_one_of(tok: Any, lemmas: Collection[str]) -> bool:
    if tok is None:
        return False
    if tok.lemma_.lower() in ("happen", "occur") and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in _NOT_THE_HARM for c in tok.children
    ):
        return False  # "the theft occurred Dec. 15": the day of something else than the harm
    if _done_by_something_else(tok):
        return False  # "the crash that hurt a bus driver on Thursday": the harm of something else than the story's
    if tok.lemma_.lower() in _UNFOLDING_VERBS and any(
        c.dep_ == "nsubj" and (c.lemma_.lower() in lemmas or c.lower_ in lemmas) for c in tok.children
    ):
        return True  # "the gunfight began shortly before 4 a.m. Friday", "shots rang out late Sunday"
    if tok.lemma_.lower() in _TAKING_VERBS and (
        any(c.dep_ == "dobj" and _one_of_or_compound(c, lemmas) for c in tok.children)
        or (tok.dep_ == "acl" and _one_of_or_compound(tok.head, lemmas))
    ):
        return True  # "suffered a gunshot wound Friday", "a gunshot sustained Friday", "received a call"
    if tok.lemma_.lower() == "take" and any(c.dep_ == "dobj" and c.lower_ == "place" for c in tok.children):
        return "happen" in lemmas  # "the shooting that took place last weekend"
    if tok.lemma_.lower() == "open" and any(c.dep_ == "dobj" and c.lower_ == "fire" for c in tok.children):
        return "fire" in lemmas  # "a gunman opened fire late Sunday"
    if tok.lemma_.lower() in _PERCEIVING and any(
        c.dep_ in ("dobj", "ccomp") and c.lemma_.lower() in lemmas for c in tok.children
    ):
        return True  # "a cashier heard shots outside late Friday": the day of what was heard
    if tok.lemma_.lower() == "report" and any(c.dep_ == "nsubjpass" and _names_one_of(c, lemmas) for c in tok.children):
        return True  # "the shooting was reported to deputies late Sunday": the harm is what was reported
    if any(_a_report_of(c, lemmas) for c in tok.children if c.dep_ in ("dobj", "nsubj", "nsubjpass")):
        return True  # "a neighbour's call about gunfire late Sunday": the day of what was reported
    if tok.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ == "compound" and (c.lemma_.lower() in lemmas or c.lower_ in lemmas) for c in tok.children
    ):
        return True  # "the May 2 shooting scene", "Friday's shooting death"
    return tok.lemma_.lower() in lemmas or tok.lower_ in lemmas


#: Nouns of a call or a report to the police; what they are "of" or "about" is what they tell.
_REPORT_NOUNS = frozenset(["report", "call"])


def _a_report_of(tok: Any, lemmas: Collection[str]) -> bool:
    """Whether ``tok`` is a call or a report "of" or "about" one of ``lemmas`` ("reports of a shooting", "a
    call about shots fired")."""
    return tok.lemma_.lower() in _REPORT_NOUNS and any(
        _names_one_of(h, lemmas)
        for g in tok.children
        if g.dep_ == "prep" and g.lower_ in ("of", "about")
        for h in g.children
        if h.dep_ in ("pobj", "pcomp")
    )


def _when_clauses(tok: Any) -> list[Any]:
    """The verbs of a "when" clause that sets what happened inside the scene the verb ``tok`` tells ("were
    playing cards on a porch late Sunday when a gunman walked over and fired"): the scene's day is
    theirs. The parse often hangs such a clause on the scene's noun ("jogging through the park when a stray
    bullet hit him"), so a clause of the verb's object or of the noun of one of its prepositions counts too."""
    nouns = [c for c in tok.children if c.dep_ == "dobj"]
    nouns += [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    clauses = [c for c in tok.children if c.dep_ == "advcl"]
    clauses += [g for n in nouns for g in n.children if g.dep_ == "relcl"]
    return [
        v
        for c in clauses
        if any(g.dep_ in ("advmod", "mark") and g.lower_ == "when" for g in c.children)
        for v in (c, *(g for g in c.children if g.dep_ == "conj"))
    ]


def told_with(tx: Timex, sdoc: Any, lemmas: Collection[str]) -> bool:
    """Whether the parse ties the time expression to one of ``lemmas``: through the word it dates
    (``governor``), through a "when" clause of that word (``_when_clauses``), or as the day set right after
    one of them as a noun ("charged over a shooting Tuesday night"), which the governor climbs past since a
    day so set beside another noun is often the verb's. A day that closes a stretch ("nine people shot in the county
    through May 3", "as of Friday") ties to nothing that happened on it; a day named as what something is for
    ("the turkey he carved for Thanksgiving") sets no scene."""
    root = _root(tx, sdoc)
    prep = _preposition(root)
    if prep in _BOUND_PREPOSITIONS:
        return False
    gov = governor(tx, sdoc)
    if _names_one_of(gov, lemmas) or _set_after_the_noun(root, lemmas):
        return True
    if gov is None or prep == "for":
        return False
    return any(_names_one_of(c, lemmas) for c in _when_clauses(gov))


#: Prepositions whose day closes a stretch of time rather than dating an event.
_BOUND_PREPOSITIONS = frozenset(["through", "until", "till", "as of"])


def _preposition(root: Any | None) -> str | None:
    """The preposition the time expression (its head token) is the object of ("for", "through", "as of"),
    lower-cased."""
    if root is None or root.dep_ != "pobj":
        return None
    head = root.head
    if head.lower_ == "of" and head.head.lower_ == "as" and head.head.i == head.i - 1:
        return "as of"
    return str(head.lower_)


def _set_after_the_noun(root: Any | None, lemmas: Collection[str]) -> bool:
    """Whether the expression (its head token) is a day set right after one of ``lemmas`` as a noun ("a
    shooting Tuesday night")."""
    if root is None:
        return False
    head = root.head
    return (
        root.dep_ == "npadvmod"
        and head is not root
        and head.pos_ == "NOUN"
        and head.i < root.i
        and (head.lemma_.lower() in lemmas or head.lower_ in lemmas)
    )


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


#: A day named beside a clock time, by its weekday ("2:30 a.m. Sunday") or by its month and day ("1:40 a.m.
#: May 8").
_DAY_NAMED = re.compile(
    r"(?i)\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
    r"\.?\s+\d"
)


def small_hours_after(night: TimeSpan, timexes: Sequence[Timex]) -> TimeSpan | None:
    """The day after a night ("Saturday night", "overnight", "last night") when the text gives a clock time in
    its small hours with that day's name or date ("shots rang out about 1:30 a.m. Sunday", "at 1:30 a.m. May
    8"): what happened that night fell after midnight, on the next calendar day. None when the text gives no
    such time."""
    if night.evidence is None or "night" not in night.evidence.quote.lower():
        return None
    after = night.start + timedelta(days=1)
    for tx in timexes:
        if tx.type != "TIME" or tx.span is None or tx.span.start != after or tx.day_assumed:
            continue
        if _in_small_hours(tx) and _DAY_NAMED.search(tx.text) is not None:
            evidence = tx.span.evidence or Evidence("", tx.start, tx.end, tx.text)
            return TimeSpan(after, after, 1, evidence)
    return None
