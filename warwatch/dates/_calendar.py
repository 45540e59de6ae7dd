"""Calendar arithmetic behind the time-expression rules: units, ranges, year inference.

Every range is returned as ``(first_day, last_day, precision)`` with ACLED's time precision
(1 day, 2 week or similar, 3 month or coarser).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta

Range = tuple[date, date, int]

DAY, WEEK, MONTH = 1, 2, 3

#: A date written without its year may sit this many days after the publication date and still be
#: read in the publication year: datelines are stamped in the reporter's time zone, and an article
#: filed late on the 25th can be published on the 24th elsewhere. Event dates are clamped anyway.
DATELINE_SLACK_DAYS = 1
#: A deadline written without its year that lies this close ahead of the publication date is the coming
#: one even in a past-tense sentence ("the offer was extended to Nov. 20", "talks were to end by May"):
#: a writer pointing ten months back would name the year or say "last November". The same reach bounds a
#: day read ahead with no tense to go by.
NEAR_AHEAD_DAYS = 62
NEAR_AHEAD_MONTHS = 2


def safe_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when the parts name no calendar day (31 April, year 0)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def add_months(d: date, n: int) -> date:
    """``d`` moved by ``n`` calendar months, the day clipped to the target month's length."""
    idx = d.year * 12 + d.month - 1 + n
    year, month = divmod(idx, 12)
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def add_years(d: date, n: int) -> date:
    return add_months(d, 12 * n)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def week_start(d: date) -> date:
    """The Monday of d's ISO week."""
    return d - timedelta(days=d.weekday())


def day_value(d: date) -> str:
    return d.isoformat()


def week_value(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def day_range(d: date) -> Range:
    return d, d, DAY


def week_range(d: date) -> Range:
    monday = week_start(d)
    return monday, monday + timedelta(days=6), WEEK


def weekend_range(d: date) -> Range:
    """The Saturday and Sunday of d's ISO week."""
    saturday = week_start(d) + timedelta(days=5)
    return saturday, saturday + timedelta(days=1), WEEK


def month_range(year: int, month: int) -> Range:
    return date(year, month, 1), month_end(year, month), MONTH


def year_range(year: int) -> Range:
    return date(year, 1, 1), date(year, 12, 31), MONTH


def quarter_range(year: int, quarter: int) -> Range:
    first = 3 * (quarter - 1) + 1
    return date(year, first, 1), month_end(year, first + 2), MONTH


def half_range(year: int, half: int) -> Range:
    return (date(year, 1, 1), date(year, 6, 30), MONTH) if half == 1 else (date(year, 7, 1), date(year, 12, 31), MONTH)


#: Seasons by their northern-hemisphere months (conflict zones in the news are mostly north of the
#: equator); winter is the one that starts in December of the year it is named after.
SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def season_range(year: int, code: str) -> Range:
    first, last = SEASONS[code]
    end_year = year + 1 if last < first else year
    return date(year, first, 1), month_end(end_year, last), MONTH


def decade_range(decade: int) -> Range:
    """``decade`` is the year divided by ten: 199 for the 1990s."""
    return date(decade * 10, 1, 1), date(decade * 10 + 9, 12, 31), MONTH


def century_range(century: int) -> Range:
    """``century`` is the hundreds digit prefix: 19 for the 1900s."""
    return date(max(century * 100, 1), 1, 1), date(century * 100 + 99, 12, 31), MONTH


def sub_range(rng: Range, mod: str) -> Range:
    """The START / MID / END third of a range ("early March", "late last year").

    A third of a month is about ten days, which ACLED codes as a week-like precision; a third of a
    longer range stays month-coarse.
    """
    first, last, precision = rng
    length = (last - first).days + 1
    if length <= 1 or mod not in ("START", "MID", "END"):
        return rng
    third = length // 3
    if mod == "START":
        first, last = first, first + timedelta(days=third - 1)
    elif mod == "MID":
        first, last = first + timedelta(days=third), last - timedelta(days=third)
    else:
        first = last - timedelta(days=third - 1)
    if length <= 31:
        precision = min(precision, WEEK)
    return first, last, precision


def weekday_near(dct: date, weekday: int, *, future: bool, strict: bool = False) -> date:
    """The named weekday nearest the publication date on its side of it.

    Past (the default): the latest such day on or before ``dct`` (strictly before with ``strict``).
    Future: the first such day after ``dct``.
    """
    if future:
        ahead = (weekday - dct.weekday()) % 7 or 7
        return dct + timedelta(days=ahead)
    back = (dct.weekday() - weekday) % 7
    if back == 0 and strict:
        back = 7
    return dct - timedelta(days=back)


def _ahead_days(dct: date, year: int, month: int, day: int) -> int:
    """How many days the month and day in ``year`` lie after ``dct`` (negative: before it)."""
    return (date(year, month, min(day, calendar.monthrange(year, month)[1])) - dct).days


def infer_year(dct: date, month: int, day: int | None, *, future: bool | None, deadline: bool = False) -> int:
    """The year of a month (and day) written without one, read from the publication date.

    Past reading: the latest occurrence not after ``dct`` (with DATELINE_SLACK_DAYS of slack for
    days), unless it is a ``deadline`` and the next one lies within NEAR_AHEAD_DAYS (NEAR_AHEAD_MONTHS
    for a month); future reading: the first occurrence on or after ``dct``'s month; no tense to go by
    (None): the occurrence nearest ``dct``, unless that day lies more than NEAR_AHEAD_DAYS ahead (that
    month more than NEAR_AHEAD_MONTHS): news writes the year of a day so far off, so "shortly before 4 a.m.
    on June 9" in January is last June's.
    """
    if future is None:

        def distance(year: int) -> int:
            first = date(year, month, min(day or 1, calendar.monthrange(year, month)[1]))
            return abs((first - dct).days) if day else abs((year - dct.year) * 12 + month - dct.month)

        nearest = min((dct.year - 1, dct.year, dct.year + 1), key=distance)
        if day is None:
            months_ahead = (nearest - dct.year) * 12 + month - dct.month
            return nearest if months_ahead <= NEAR_AHEAD_MONTHS else infer_year(dct, month, None, future=False)
        if _ahead_days(dct, nearest, month, day) <= NEAR_AHEAD_DAYS:
            return nearest
        return infer_year(dct, month, day, future=False)
    if day is None:
        if future or (deadline and 0 < (month - dct.month) % 12 <= NEAR_AHEAD_MONTHS):
            return dct.year if month >= dct.month else dct.year + 1
        return dct.year if month <= dct.month else dct.year - 1
    this_year = safe_date(dct.year, month, min(day, calendar.monthrange(dct.year, month)[1]))
    assert this_year is not None
    coming = this_year if this_year >= dct else this_year.replace(year=dct.year + 1, day=min(day, 28))
    if future or (deadline and (coming - dct).days <= NEAR_AHEAD_DAYS):
        return coming.year
    return dct.year if (this_year - dct).days <= DATELINE_SLACK_DAYS else dct.year - 1


def thanksgiving(year: int) -> date:
    """US Thanksgiving: the fourth Thursday of November."""
    first = date(year, 11, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 21)


def easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l_) // 433
    month = (h + l_ - 7 * m + 90) // 25
    return date(year, month, (h + l_ - 7 * m + 33 * month + 19) % 32)


def nearest_occurrence(dct: date, day_of: Callable[[int], date], *, future: bool | None, rel: str = "") -> date:
    """The occurrence of a yearly day (``day_of(year)``) a text means: "last" the latest before
    ``dct``, "next" the first after it, else by tense as ``infer_year`` reads a month and day."""
    options = [day_of(y) for y in (dct.year - 1, dct.year, dct.year + 1)]
    if rel == "last":
        return max(d for d in options if d < dct)
    if rel == "next":
        return min(d for d in options if d > dct)
    if future is None:
        return min(options, key=lambda d: abs((d - dct).days))
    if future:
        return min(d for d in options if d >= dct)
    return max(d for d in options if (d - dct).days <= DATELINE_SLACK_DAYS)


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1
