"""Time expressions and event dates.

    find_timexes(text, dct)   -> list[Timex]   every time expression, TIMEX3-normalised against the
                                               document creation (publication) date
    event_time(timexes, ...)  -> TimeSpan      the date range of one event told in one sentence,
                                               never ending after the publication date
    days_told_with(timexes, sdoc, words, ...) -> list[Timex]  the days the parse ties to one of `words`
    day_told_with(timexes, sdoc, words, ...) -> TimeSpan   the day the parse ties to one of `words`
                                               ("the shooting happened late Thursday")
    agreed_day(found, timexes, published) -> TimeSpan  the one day of days already found, when they agree
    small_hours_after(night, timexes) -> TimeSpan  the day after a night when the text names its small hours
                                               ("Saturday night ... about 1:30 a.m. Sunday")
    after_stamp(timex, published) -> bool     whether a bare weekday six days back may be the day after a
                                               stale publication stamp
    governor(timex, sdoc)     -> Token | None  the verb or noun the parse says the expression dates
    is_counted_day(timex, text) -> bool       whether the expression is a count of days after or before an
                                               event placed on one day ("a day after he shot ...")
    names_its_day(timex)      -> bool         whether the expression names one day by itself (not "hours
                                               after", "the next morning", a clock time's assumed day)
    near_top(text, line_start) -> bool        whether a line sits among the page's top lines, where its
                                               date line or wire dateline goes
    without_stamps(text, timexes) -> list[Timex]  the expressions that are not the page's own
                                               "Posted: ..." / "Updated: ..." stamps
    posted_day(text, timexes, published) -> date | None  the day of a stamp well before the publication
                                               date given (a crawl's date), which relative days then read from

A Timex carries its TIMEX3 type and value ("2017-03-25", "2017-W12", "P3D", "PRESENT_REF"...) and,
when it denotes one, the calendar range with ACLED's time precision (1 day, 2 week or similar,
3 month or coarser).
"""

from __future__ import annotations

from ._anchor import (
    after_stamp,
    agreed_day,
    day_told_with,
    days_told_with,
    governor,
    is_stamp,
    names_its_day,
    posted_day,
    small_hours_after,
    told_with,
    without_stamps,
)
from ._event import event_time
from ._find import Timex, find_timexes, is_counted_day, near_top

__all__ = [
    "Timex",
    "after_stamp",
    "agreed_day",
    "day_told_with",
    "days_told_with",
    "event_time",
    "find_timexes",
    "governor",
    "is_counted_day",
    "is_stamp",
    "names_its_day",
    "near_top",
    "posted_day",
    "small_hours_after",
    "told_with",
    "without_stamps",
]
