"""The machinery shared by the time-expression rules: Timex, a handler's reading, the context, the registry.

Each rule is a regular expression with a handler that reads its match against the context (the
publication date, the last day mentioned, the tense around the match) and returns a ``_Norm`` or
None to let the match go.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..models import TimeSpan
from . import _calendar as cal
from . import _lexicon as lex
from ._calendar import Range


@dataclass(frozen=True)
class Timex:
    """One time expression: where it is, its TIMEX3 type and value, and the range it denotes.

    ``span`` is None for durations and sets, except a duration counted back from the publication
    date ("the past three days", "days after ..."), which does denote a range. ``mod`` is the TIMEX3
    modifier (START, END, APPROX...) or ON_OR_AFTER for a point something has gone on since
    ("since 2014"), which dates a state rather than an event.
    """

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str  # TIMEX3 value: "2017-03-25", "2017-W12", "P1M", "PRESENT_REF"...
    span: TimeSpan | None = None  # the calendar range it denotes, when it denotes one
    mod: str = ""
    #: a clock time with no day written beside it ("at 10 p.m."), whose day is only the last one
    #: mentioned or the publication date
    day_assumed: bool = False


@dataclass(frozen=True)
class _Norm:
    """A handler's reading of a match, before it becomes a Timex."""

    type: str
    value: str
    rng: Range | None = None
    mod: str = ""
    clock: str = ""  # a time of day ("T14:00") still waiting for the day it belongs to
    extent: tuple[int, int] | None = None  # the characters of the expression, when not the whole match
    comparison: bool = False  # a period read one step back from the story's own ("the year-ago quarter")
    day_assumed: bool = False  # a clock time that took the last day mentioned, none being written beside it


@dataclass
class _Ctx:
    text: str
    dct: date | None
    ref: date | None  # the last day mentioned, for "the next day", "two days later"
    ref_any: date | None = None  # the first day of the last date of any grain, for "that year"
    #: the first day of the quarter the story reports on, the last one named outright: in such a story
    #: "a year ago", "the year-ago period" and "the quarter" mean that quarter (a year back)
    quarter: date | None = None

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        left = max(self.text.rfind("\n", 0, start), *(self.text.rfind(p, 0, start) for p in ("? ", "! ")))
        period = self.text.rfind(". ", left + 1, start)
        while period > left and not _ends_sentence(self.text, period):
            period = self.text.rfind(". ", left + 1, period)
        left = max(left, period)
        stops = [i for i in (self.text.find(p, end) for p in ("\n", "? ", "! ")) if i >= 0]
        limit = min(stops, default=len(self.text))
        period = self.text.find(". ", end, limit)
        while period >= 0 and not _ends_sentence(self.text, period):
            period = self.text.find(". ", period + 1, limit)
        return left + 1, limit if period < 0 else period

    def tense(self, start: int, end: int) -> bool | None:
        """Whether the sentence around [start, end) speaks of the future (True), the past (False) or
        gives no sign (None); of a future and a past cue, the one nearer the expression wins."""
        s, e = self.sentence(start, end)
        s, e = max(s, start - TENSE_WINDOW), min(e, end + TENSE_WINDOW)
        best_future = best_past = 10**9
        for m in _FUTURE_CUE.finditer(self.text, s, e):
            best_future = min(best_future, _gap(m.start(), m.end(), start, end))
        for m in _PAST_CUE.finditer(self.text, s, e):
            if not _FUTURE_CUE.fullmatch(m.group()):
                best_past = min(best_past, _gap(m.start(), m.end(), start, end))
        if best_future == best_past:
            return None
        return best_future < best_past

    def names_harm(self, end: int) -> bool:
        """Whether the expression ending at ``end`` is written before a harm as its day ("the Oct. 13
        shooting", "Tuesday's fatal stabbing"): violence the news names by its day has happened."""
        return _HARM_AFTER.match(self.text, end) is not None

    def future(self, start: int, end: int) -> bool:
        """Whether the sentence speaks of the future; without a sign, news speaks of the past."""
        return bool(self.tense(start, end))

    def before(self, start: int, n: int = 30) -> str:
        return self.text[max(0, start - n) : start]


#: Words whose period news writes inside a sentence: initials, titles, streets and months ("Daniel P. Lee",
#: "Sgt. Lee", "Main St. in", "Feb. 3").
_ABBREVIATION = re.compile(
    r"\b(?:[A-Z]|Mr|Mrs|Ms|Dr|St|Ave|Blvd|Rd|Mt|Ft|No|Sgt|Lt|Capt|Det|Ofc|Gov|Sen|Rep|Gen|Col|Cpl|Maj"
    rf"|{lex.MONTH_ABBR_NAMES})$"
)
#: Initials of two letters or more written with periods ("U.S.", "D.C."): news writes them at a sentence's end as
#: readily as inside it, so before a capitalised word their last period ends the sentence ("in the U.S. The").
_INITIALISM = re.compile(r"(?<![\w.])(?:[A-Z]\.)+[A-Z]$")
#: A clock time's "a.m." / "p.m.", which ends its sentence unless the day follows it ("4:30 p.m. June 8").
_CLOCK_END = re.compile(r"\b[ap]\.m$")
_DAY_NAME = re.compile(rf"(?:{lex.MONTH_FULL_NAMES}|{lex.MONTH_ABBR_NAMES}|{lex.WEEKDAY_NAMES})\b")


def _ends_sentence(text: str, period: int) -> bool:
    """Whether the period at ``period`` (followed by a space) ends a sentence: not after an abbreviation
    other than dotted initials, not before a word in lower case, not after a clock time its day follows."""
    after = period + 2
    if after < len(text) and (text[after].islower() or text[after].isdigit()):
        return False
    before = text[max(0, period - 5) : period]
    if _ABBREVIATION.search(before) and not _INITIALISM.search(before):
        return False
    return not (_CLOCK_END.search(before) and _DAY_NAME.match(text, after))


#: Words that may stand between a time expression and a harm without qualifying the harm: "to" makes the harm a
#: verb ("meet Friday to attack the backlog"), a preposition opens a phrase of its own ("Friday after attacks").
_NOT_QUALIFIER = (
    r"(?:to|of|in|on|at|for|with|by|from|into|onto|after|before|over|under|about|against|amid|during|since"
    r"|until|toward|towards|through|without|within|upon|via|near|despite)\b"
)
#: A harm named after a time expression, perhaps past one word that qualifies it ("'s fatal shooting").
#: Nouns of a harm that a date can name ("Saturday's shooting", "the June 5 bombing").
HARM_NOUN = (
    r"(?:shootings?|killings?|slayings?|homicides?|murders?|stabbings?|shootouts?|attacks?|bombings?|ambush"
    r"|massacre|rampage)"
)
_HARM_AFTER = re.compile(rf"(?:'s|\u2019s)?(?:\s+(?!{_NOT_QUALIFIER})[a-z]+)?\s+(?i:{HARM_NOUN})\b")
#: How far, in characters, a tense cue may sit from a time expression and still speak for it: about
#: the reach of one clause ("the talks will resume on Tuesday"); farther cues belong to other verbs.
TENSE_WINDOW = 50


def _gap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, b0 - a1, a0 - b1)


#: "due to" a noun is "because of" ("due to its losses", "due to shelling"); "due to" a verb is a schedule.
_BECAUSE = r"\s+to\s+(?:(?:the|a|an|its|their|his|her|our|this|that|these|those|\w+ing)\b|(?-i:[A-Z\d]))"
#: A cue word inside a hyphenated compound ("a would-be robber", "the next-door neighbour", "a dead-end street")
#: names a person or a place, no time to come; so does "next to" a place.
#: "end" and "beginning" as nouns ("the end", "an end", "the west end", "the end of March") are no schedule
#: either: the article or the side is looked for before the word, "of" after it.
_NOUN_BEFORE = r"(?<!\bthe\s)(?<!\ban\s)(?<!\bwest\s)(?<!\beast\s)(?<!\bnorth\s)(?<!\bsouth\s)"
_NOUN_END = r"(?!\s+of\b)"
_FUTURE_CUE = re.compile(
    r"(?i)\b(?<!-)(?:will|won't|shall|going\s+to|next(?!\s+to\b)|upcoming|scheduled|expected\s+to|plans?\s+to|"
    r"planning|planned|as\s+soon\s+as|as\s+early\s+as|is\s+to|are\s+to|set\s+to|intends?\s+to|to\s+be\s+held|"
    rf"would|expected|payable|effective|due(?!{_BECAUSE})|deadline|"
    rf"(?-i:starting|{_NOUN_BEFORE}(?:beginning|begins?|ends?){_NOUN_END}|expires?))\b(?!-)|'ll\b"
)
#: Irregular past-tense verbs common in news ("bought", "fled"), which the "-ed" cue cannot see; only
#: forms that are not also the present or the participle-only form of a common verb.
_IRREGULAR_PAST = (
    "began|became|bought|brought|came|caught|chose|drew|drove|fell|fled|flew|fought|found|gave|got|grew|held|"
    "knew|led|left|lost|made|meant|met|paid|ran|rose|sank|saw|sent|shot|sold|spent|spoke|stole|stood|struck|"
    "swore|took|thought|threw|told|tore|went|woke|won|wore|wrote"
)
#: Past-tense cues. A lower-case "-ed" word or an irregular past is one unless it follows "be" or "to" ("must
#: be returned by May 1", "to be completed", "will be held Friday") or is one of the common words that only
#: end like a verb.
_PAST_CUE = re.compile(
    rf"\b(?:(?i:said|says|was|were|had|did|ago|last|earlier|since)|(?<!\bbe\s)(?<!\bto\s)(?i:{_IRREGULAR_PAST})"
    r"|(?<!\bbe\s)(?<!\bto\s)(?!(?:hundred|indeed|need|speed|proceed|succeed|exceed|breed|greed)\b)[a-z]{3,}ed)\b"
)

_Handler = Callable[[re.Match[str], _Ctx], _Norm | None]
_RULES: list[tuple[re.Pattern[str], _Handler]] = []


def _rule(pattern: str) -> Callable[[_Handler], _Handler]:
    """Register a handler for a pattern; the pattern must start and end at word edges."""
    compiled = re.compile(rf"(?<![\w-]){pattern}(?![\w])")

    def register(handler: _Handler) -> _Handler:
        _RULES.append((compiled, handler))
        return handler

    return register


def _day(d: date, pod: str | None = None, mod: str = "") -> _Norm:
    if pod:
        return _Norm("TIME", f"{d.isoformat()}T{lex.PART_OF_DAY[pod.lower()]}", cal.day_range(d), mod)
    return _Norm("DATE", d.isoformat(), cal.day_range(d), mod)


def _month(year: int, month: int, mod: str = "") -> _Norm:
    return _Norm("DATE", f"{year:04d}-{month:02d}", cal.sub_range(cal.month_range(year, month), mod), mod)


def _year(year: int, mod: str = "") -> _Norm:
    return _Norm("DATE", f"{year:04d}", cal.sub_range(cal.year_range(year), mod), mod)
