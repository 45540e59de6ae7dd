"""Rules for time expressions read against the publication date or the last day mentioned.

"today", "on Tuesday", "last week", "earlier this month", "two years ago", "days after", "the past
three days", "overnight", "the next day", clock times, durations and sets.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from . import _calendar as cal
from . import _lexicon as lex
from ._base import _Ctx, _day, _Norm, _rule, _year
from ._calendar import Range

#: What "recently" / "lately" reach back over. ACLED codes such reports at month precision; a month
#: is the span within which news calls something recent.
RECENT_DAYS = 30
#: "days ago", "days after ...": "days" means at least two and, once past a week, writers say "a
#: week"; so a vague count of days sits 2-7 days back.
FEW_DAYS = (2, 7)
#: How far a vague count of weeks, months or years ("weeks ago", "in recent years") reaches back, in
#: days: from the nearest reading ("two weeks") to the farthest before a writer would say "months".
FEW_UNITS_BACK = {"W": (10, 42), "M": (45, 365), "Y": (2 * 365, 10 * 365), "Q": (90, 365)}
#: Half-width, in days, of the range around "a week ago" / "a month ago": the writer's rounding.
ROUNDING_DAYS = {"W": 3, "M": 15}


def _shift(d: date, n: int, unit: str) -> date:
    """``d`` moved by n of a unit word (day, week, month, quarter, half, year, decade, century)."""
    if unit in ("day", "night", "morning", "afternoon", "evening"):
        return d + timedelta(days=n)
    if unit in ("week", "weekend", "fortnight"):
        return d + timedelta(days=7 * n * (2 if unit == "fortnight" else 1))
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12, "decade": 120, "century": 1200}.get(unit)
    if months is None:
        return d
    return cal.add_months(d, n * months)


def _unit_reading(d: date, unit: str) -> tuple[str, Range]:
    """The TIMEX3 value and range of the unit containing ``d`` ("week" -> "2017-W12", its Mon-Sun)."""
    if unit == "week" or unit == "fortnight":
        return cal.week_value(d), cal.week_range(d)
    if unit == "weekend":
        return cal.week_value(d) + "-WE", cal.weekend_range(d)
    if unit == "month":
        return f"{d.year:04d}-{d.month:02d}", cal.month_range(d.year, d.month)
    if unit == "quarter":
        q = cal.quarter_of(d)
        return f"{d.year:04d}-Q{q}", cal.quarter_range(d.year, q)
    if unit == "half":
        h = 1 if d.month <= 6 else 2
        return f"{d.year:04d}-H{h}", cal.half_range(d.year, h)
    if unit == "year":
        return f"{d.year:04d}", cal.year_range(d.year)
    if unit == "decade":
        return f"{d.year // 10:03d}", cal.decade_range(d.year // 10)
    if unit == "century":
        return f"{d.year // 100:02d}", cal.century_range(d.year // 100)
    return d.isoformat(), cal.day_range(d)


def _unit_word(word: str) -> str:
    w = word.lower()
    w = "century" if w.startswith("centur") else w.rstrip("s") if w != "days" else "day"
    return w


#: The next smaller TIMEX3 unit a fraction is written in ("2 1/2 years" P2Y6M, "5 1/2 hours" PT5H30M):
#: (unit, how many of the smaller one it holds, the smaller one's letter, whether that goes after "T").
_SMALLER_UNIT = {
    ("Y", False): (12, "M", False), ("W", False): (7, "D", False), ("D", False): (24, "H", True),
    ("H", True): (60, "M", True), ("M", True): (60, "S", True),
}  # fmt: skip


def _duration_value(n: float | None, unit: str) -> str:
    letter, timed = lex.UNITS[unit], unit in lex.TIME_UNITS
    if n is None:
        return f"PTX{letter}" if timed else f"PX{letter}"
    total = n * lex.UNIT_FACTOR.get(unit, 1)
    whole = int(total)
    if float(total).is_integer():
        return f"PT{whole}{letter}" if timed else f"P{whole}{letter}"
    smaller = _SMALLER_UNIT.get((letter, timed))
    rest = (total - whole) * smaller[0] if smaller else None
    if smaller is None or rest is None or not float(rest).is_integer():
        return f"PT{total:g}{letter}" if timed else f"P{total:g}{letter}"
    parts = [f"{whole}{letter}"] if whole else []
    small = f"{int(rest)}{smaller[1]}"
    if timed:
        return "PT" + "".join(parts) + small
    return "P" + "".join(parts) + (f"T{small}" if smaller[2] else small)


def _precision(days: int) -> int:
    return cal.DAY if days <= 1 else cal.WEEK if days <= 14 else cal.MONTH


#: The farthest back a counted window is given dates: "the past 150 years" is still a duration, but a span
#: that long places nothing, and a count read from a year ("the past 2016 months") would reach back ages.
MAX_BACK_DAYS = 100 * 366


def _back_range(dct: date, n: float | None, unit: str) -> Range | None:
    """The range from n units before the publication date up to it ("the past three days"); None when
    that reaches back more than a century."""
    letter = lex.UNITS[unit]
    if n is None:
        reach = FEW_DAYS[1] if letter == "D" else FEW_UNITS_BACK.get(letter, (0, 1))[1]
        if unit in lex.TIME_UNITS:
            reach = 1
        first = dct - timedelta(days=reach)
    elif unit in lex.TIME_UNITS:
        first = dct - timedelta(days=1 if n * {"S": 1, "M": 60, "H": 3600}[letter] <= 86400 else 2)
    else:
        per_unit = {"D": 1, "W": 7, "M": 30.44, "Q": 91.3, "Y": 365.25}[letter] * lex.UNIT_FACTOR.get(unit, 1)
        reach_days = n * per_unit
        if reach_days > MAX_BACK_DAYS:
            return None
        first = _shift(dct, -round(n), unit) if float(n).is_integer() else dct - timedelta(days=int(n * 365))
    return first, dct, _precision((dct - first).days)


def _ago_range(base: date, n: int | None, unit: str, sign: int, approx: bool) -> tuple[str, Range]:
    """Value and range of a point n units from ``base`` ("two weeks ago", "days later")."""
    letter = lex.UNITS[unit]
    if n is None:
        if unit in lex.TIME_UNITS:
            return base.isoformat(), cal.day_range(base)
        near, far = FEW_DAYS if letter == "D" else FEW_UNITS_BACK.get(letter, FEW_DAYS)
        a, b = base + timedelta(days=sign * near), base + timedelta(days=sign * far)
        first, last = min(a, b), max(a, b)
        return ("PAST_REF" if sign < 0 else "FUTURE_REF"), (first, last, _precision((last - first).days))
    if unit in lex.TIME_UNITS:
        return base.isoformat(), cal.day_range(base)
    target = _shift(base, sign * n, unit)
    value, rng = _unit_reading(target, unit)
    if letter == "D" and approx:
        rng = (target - timedelta(days=1), target + timedelta(days=1), cal.WEEK)
    elif letter in ROUNDING_DAYS:
        half = ROUNDING_DAYS[letter]
        rng = (target - timedelta(days=half), target + timedelta(days=half), cal.WEEK if letter == "W" else cal.MONTH)
    return value, rng


# ---------------------------------------------------------------- the publication day and its neighbours


@_rule(rf"(?P<w>(?i:today|tonight|yesterday|tomorrow|overnight))(?:'s)?(?:\s+{lex.PART})?")
def _deictic_day(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    w, pod = m["w"].lower(), m["pod"]
    if ctx.dct is None:
        return _Norm("DATE", "PRESENT_REF" if w in ("today", "tonight") else "XXXX-XX-XX")
    if w == "overnight":
        night = ctx.dct - timedelta(days=1)
        return _Norm("TIME", f"{night.isoformat()}TNI", (night, ctx.dct, cal.DAY))
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[w]
    return _day(ctx.dct + timedelta(days=offset), "night" if w == "tonight" else pod)


@_rule(r"(?i:the\s+day\s+(?P<dir>before\s+yesterday|after\s+tomorrow))")
def _two_days_off(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    if ctx.dct is None:
        return _Norm("DATE", "XXXX-XX-XX")
    return _day(ctx.dct + timedelta(days=-2 if m["dir"].lower().startswith("before") else 2))


@_rule(r"(?P<w>(?i:right\s+now|now|currently|current|nowadays|presently|at\s+present|these\s+days|at\s+the\s+moment))")
def _present(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    return _Norm("DATE", "PRESENT_REF", (ctx.dct, ctx.dct, cal.WEEK) if ctx.dct else None)


@_rule(r"(?P<w>(?i:recently|lately|the\s+past))")
def _past(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    near = m["w"].lower() in ("recently", "lately")
    rng = (ctx.dct - timedelta(days=RECENT_DAYS), ctx.dct, cal.MONTH) if ctx.dct and near else None
    return _Norm("DATE", "PAST_REF", rng)


@_rule(r"(?P<w>(?i:the\s+(?:near\s+|immediate\s+|distant\s+)?future|the\s+(?:near|short)\s+term))")
def _future(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    return _Norm("DATE", "FUTURE_REF")


# ---------------------------------------------------------------- weekdays and named units around a date

_REL_PRE = (
    r"(?P<pre>(?i:(?:earlier|later|early|late|mid)[\s-]+(?:this|last|next|that)|(?:at\s+)?the\s+(?:end|beginning|start|"
    r"middle)\s+of\s+(?:this|last|next|the)|this\s+(?:past|coming)|the\s+(?:past|last|coming|previous|following|"
    r"current|same|latest|prior|next|preceding)|this|last|next|that|coming|current|past))"
)
_REL_UNIT = r"(?P<unit>(?i:week|weekend|month|year|quarter|decade|century|half|day|morning|afternoon|evening|night))"
_DCT_OFFSET = {
    "this": 0, "current": 0, "the current": 0, "last": -1, "past": -1, "this past": -1, "next": 1, "coming": 1,
    "the coming": 1, "this coming": 1, "the latest": -1,
}  # fmt: skip
_REF_OFFSET = {
    "the next": 1, "the following": 1, "the previous": -1, "the preceding": -1, "the prior": -1, "the same": 0,
    "that": 0,
}  # fmt: skip


@_rule(rf"{_REL_PRE}\s+{_REL_UNIT}(?:'s)?")
def _relative_unit(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    pre, unit = " ".join(m["pre"].lower().split()), m["unit"].lower()
    if pre.startswith("at "):
        pre = pre[3:]
    words = pre.split()
    if unit in lex.PART_OF_DAY:
        return _relative_part_of_day(pre, unit, ctx)
    if pre in ("the past", "the last"):
        if unit == "weekend":
            pre = "last"
        elif unit in ("day", "half"):
            return None  # "the last day" of something, not a duration
        else:
            return _Norm("DURATION", _duration_value(1, unit), _back_range(ctx.dct, 1, unit) if ctx.dct else None)
    mod, offset, base = "", None, ctx.dct
    if words[0] in ("early", "late", "mid") or words[-2:-1] == ["of"]:
        mod = lex.mod_of(words[0] if words[0] in ("early", "late", "mid") else " ".join(words[:-1]))
        offset = {"this": 0, "the": 0, "last": -1, "next": 1, "that": 0}[words[-1]]
        if words[-1] == "that":  # "late that year": the period last talked of, not the document's
            base = ctx.ref if unit == "day" else ctx.ref_any
        elif words[-1] == "the" and unit == "day":  # "in the middle of the day": a time of the day talked of
            base = ctx.ref
    elif words[0] in ("earlier", "later"):
        offset = {"this": 0, "last": -1, "next": 1, "that": 0}[words[-1]]
        if words[-1] == "that":
            base = ctx.ref if unit == "day" else ctx.ref_any
    elif pre in _DCT_OFFSET:
        offset = _DCT_OFFSET[pre]
        if pre == "the latest" and unit not in ("quarter", "half"):
            offset = 0
    elif pre in _REF_OFFSET:
        offset, base = _REF_OFFSET[pre], (ctx.ref if unit == "day" else ctx.ref_any)
    if offset is None:
        return None
    if base is None:
        return _Norm("DATE", "XXXX-XX-XX" if unit == "day" else "XXXX")
    if unit == "weekend":
        return _weekend(base, offset, ctx, m)
    value, rng = _unit_reading(_shift(base, offset, unit), unit)
    if words[0] == "earlier" and words[-1] != "that" and ctx.dct is not None:
        rng = (rng[0], min(rng[1], ctx.dct), rng[2])
    elif words[0] == "later" and words[-1] != "that" and ctx.dct is not None:
        rng = (max(rng[0], ctx.dct), rng[1], rng[2])
    elif mod:
        rng = cal.sub_range(rng, mod)
    return _Norm("DATE", value, rng, mod)


def _weekend(base: date, offset: int, ctx: _Ctx, m: re.Match[str]) -> _Norm:
    """ "this/last/next weekend": a weekend in progress or just past, the one before it, the coming one."""
    in_weekend = base.weekday() >= 5
    if offset == 0:
        future = ctx.future(m.start(), m.end())
        day = base if in_weekend or future else base - timedelta(days=7)
    elif offset < 0:
        day = base - timedelta(days=7)
    else:
        day = base if not in_weekend else base + timedelta(days=7)
    value, rng = _unit_reading(day, "weekend")
    return _Norm("DATE", value, rng)


def _relative_part_of_day(pre: str, unit: str, ctx: _Ctx) -> _Norm | None:
    if pre in ("this", "last", "that") or pre in _REF_OFFSET:
        base = ctx.dct if pre in ("this", "last") else ctx.ref
        offset = -1 if pre == "last" else _REF_OFFSET.get(pre, 0)
        if base is None:
            return _Norm("TIME", f"XXXX-XX-XXT{lex.PART_OF_DAY[unit]}")
        return _day(base + timedelta(days=offset), unit)
    return None


@_rule(r"(?i:the\s+weekend)")
def _the_weekend(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    if ctx.dct is None:
        return _Norm("DATE", "XXXX-WXX-WE")
    return _weekend(ctx.dct, 0, ctx, m)


@_rule(
    r"(?:(?i:the)\s+(?P<podof>(?i:night|morning|evening|afternoon))\s+(?i:of)\s+)?(?:(?P<late>(?i:early|late))\s+"
    r"(?:(?i:on)\s+)?)?(?:(?P<rel>(?i:last|this|next|this\s+past|this\s+coming|past|coming|the\s+previous|"
    r"the\s+following|the\s+next|that))\s+)?"
    rf"{lex.WEEKDAY}(?:\s+{lex.PART})?"
)
def _weekday(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    wd = lex.WEEKDAYS[m["wd"].lower().removesuffix("'s")]
    pod = m["podof"] or m["pod"]
    if ctx.dct is None:
        return _Norm("DATE", f"XXXX-WXX-{wd + 1}")
    rel = " ".join((m["rel"] or "").lower().split())
    if rel in ("last", "this past", "past"):
        d = cal.weekday_near(ctx.dct, wd, future=False, strict=True)
    elif rel in ("next", "this coming", "coming"):
        d = cal.weekday_near(ctx.dct, wd, future=True)
    elif rel == "this":
        d = cal.week_start(ctx.dct) + timedelta(days=wd)
    elif rel in ("the previous", "the following", "the next", "that"):
        ref = ctx.ref or ctx.dct
        d = cal.weekday_near(ref, wd, future=rel != "the previous", strict=True)
    elif wd == ctx.dct.weekday():
        d = ctx.dct  # a bare weekday that is the publication's own names that day, told before or after it
    else:
        future = ctx.future(m.start(), m.end()) and not ctx.names_harm(m.end())
        d = cal.weekday_near(ctx.dct, wd, future=future)
    return _day(d, pod, lex.mod_of(m["late"]))


@_rule(
    r"(?:(?i:the)\s+)?(?P<unit>(?i:year|month|week|quarter))-(?i:earlier|ago|before)"
    r"(?:\s+(?P<part>(?i:quarter|period|month|week)))?"
)
def _year_ago(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    """ "year-earlier", "the year-ago quarter": the same stretch one unit back; in a story about a
    quarter, that quarter a year back."""
    if ctx.dct is None:
        return None
    unit = m["unit"].lower()
    if unit == "year" and ctx.quarter is not None:
        value, rng = _unit_reading(_shift(ctx.quarter, -1, unit), "quarter")
        return _Norm("DATE", value, rng, comparison=True)
    value, rng = _unit_reading(_shift(ctx.dct, -1, unit), unit)
    return _Norm("DATE", value, rng)


@_rule(r"(?i:the\s+(?P<unit>day|night|morning|evening)\s+(?P<dir>before|after))")
def _day_before_after(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    if ctx.ref is None:
        return None
    d = ctx.ref + timedelta(days=-1 if m["dir"].lower() == "before" else 1)
    unit = m["unit"].lower()
    return _day(d, None if unit == "day" else unit)


@_rule(r"(?:(?i:the)\s+)?(?P<kind>(?i:full|fiscal|calendar|financial|current))\s+(?i:year)")
def _whole_year(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    if _ENDED.match(ctx.text, m.end()):
        return _Norm("DURATION", "P1Y")  # "the fiscal year ended Jan. 31": twelve months, not a calendar year
    return _year(ctx.dct.year) if ctx.dct else _Norm("DATE", "XXXX")


@_rule(r"(?i:the\s+latest\s+period)")
def _latest_period(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    """ "the latest period" of an earnings story: the quarter it reports on, else the last one closed."""
    if ctx.dct is None:
        return None
    value, rng = _unit_reading(ctx.quarter or _shift(ctx.dct, -1, "quarter"), "quarter")
    return _Norm("DATE", value, rng)


@_rule(r"(?i:year[\s-]end|year's\s+end)")
def _year_end(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    """ "by year-end", "at year's end": the end of the publication year."""
    return _year(ctx.dct.year, "END") if ctx.dct else _Norm("DATE", "XXXX", mod="END")


#: "... ended March 31", "... ending June 30": a fiscal period closing on a day, not a calendar unit.
_ENDED = re.compile(r"\s+(?:ended|ending)\b")


@_rule(r"(?i:the)\s+(?P<unit>(?i:week|month|quarter|year))(?!\s+(?i:of|before|after|ago|earlier|later|that|when|in))")
def _the_unit(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    """ "the quarter", "the year": the unit the story is in, the publication date's."""
    if ctx.dct is None:
        return None
    unit = m["unit"].lower()
    if unit == "year" and _ENDED.match(ctx.text, m.end()):
        return _Norm("DURATION", "P1Y")  # "the year ended March 31": a fiscal year, not a calendar one
    base = ctx.dct
    if unit == "quarter" and ctx.quarter is not None:
        base = ctx.quarter
    elif unit == "quarter" and not ctx.future(m.start(), m.end()):
        base = _shift(ctx.dct, -1, "quarter")  # a quarter told in the past tense has closed: the last one
    value, rng = _unit_reading(base, unit)
    return _Norm("DATE", value, rng)


@_rule(
    r"(?:(?i:the)\s+)?(?P<dir>(?i:coming|next|past|last|previous|following))\s+(?P<unit>(?i:days|weeks|months|years))"
    r"|(?i:the)\s+(?P<unit2>(?i:days|weeks|months|years))\s+(?i:ahead)"
)
def _bounded_plural(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    unit = _unit_word(m["unit"] or m["unit2"])
    back = (m["dir"] or "").lower() in ("past", "last", "previous")
    rng = _back_range(ctx.dct, None, unit) if back and ctx.dct else None
    return _Norm("DURATION", _duration_value(None, unit), rng)
