"""Time expressions and event dates.

    find_timexes(text, dct)   -> list[Timex]   every time expression, TIMEX3-normalised against the
                                               document creation (publication) date
    event_time(timexes, ...)  -> TimeSpan      the date range of one event told in one sentence,
                                               never ending after the publication date

A Timex carries its TIMEX3 type and value ("2017-03-25", "2017-W12", "P3D", "PRESENT_REF"...) and,
when it denotes one, the calendar range with ACLED's time precision (1 day, 2 week or similar,
3 month or coarser).
"""

from __future__ import annotations

from ._event import event_time
from ._find import Timex, find_timexes

__all__ = ["Timex", "event_time", "find_timexes"]
