"""Rules for time expressions that name a calendar unit: dates, months, years, decades, quarters, seasons."""

from __future__ import annotations

import re
from datetime import date, timedelta

from . import _calendar as cal
from . import _lexicon as lex
from ._base import HARM_NOUN, _Ctx, _day, _month, _Norm, _rule, _year

# ---------------------------------------------------------------- absolute dates

_POD_OF = r"(?:(?i:the)\s+(?P<podof>(?i:night|morning|evening|afternoon))\s+(?i:of)\s+)?"
_LATE_ON = r"(?:(?P<late>(?i:early|late))\s+(?:(?i:on)\s+)?)?"


@_rule(r"(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:[T ](?P<hh>[01]\d|2[0-3]):(?P<mi>[0-5]\d))?")
def _iso(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    d = cal.safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if d is None:
        return None
    if m["hh"]:
        return _Norm("TIME", f"{d.isoformat()}T{m['hh']}:{m['mi']}", cal.day_range(d))
    return _day(d)


#: Words before a date written without its year that make it a deadline or a term ("extended to Nov. 20",
#: "by May", "until mid-November", "holders of record Dec. 21").
_DEADLINE_LEAD = re.compile(r"(?i)\b(?:by|until|till|to|through|record)\s+$")


def _deadline(m: re.Match[str], ctx: _Ctx) -> bool:
    return bool(_DEADLINE_LEAD.search(ctx.before(m.start())))


#: The far end of a range written with its year after a first end written without one ("January through
#: June of 2015", "May 16 to 29, 2016", "March and April 2016"): the month, if named, and the year.
_RANGE_END = re.compile(
    r"\s*(?:-|\u2013|(?i:through|thru|to|until|till|and))\s+"
    rf"(?:(?P<mon>{lex.MONTH_NAME})\s*)?(?:(?P<day>[0-3]?\d)(?:st|nd|rd|th)?)?,?\s+"
    r"(?:(?i:of)\s+)?(?P<year>(?:19|20)\d\d)\b"
)


def _range_year(m: re.Match[str], ctx: _Ctx, month: int) -> int | None:
    """The year of a month written as the first end of a range whose far end names its year: that year,
    or the one before when the range runs over New Year ("November to February 2016")."""
    end = _RANGE_END.match(ctx.text, m.end())
    if end is None or not (end["mon"] or end["day"]):
        return None
    year = int(end["year"])
    return year - 1 if end["mon"] and lex.month_number(end["mon"]) < month else year


def _tense(m: re.Match[str], ctx: _Ctx) -> bool | None:
    """The tense around a date written without its year: the past before a harm it names the day of."""
    if ctx.names_harm(m.end()):
        return False
    return ctx.tense(m.start(), m.end())


def _month_day(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    month, day = lex.month_number(m["mon"]), int(m["day"])
    if m["year"]:
        year = lex.year_number(m["year"])
    elif (ranged := _range_year(m, ctx, month)) is not None:
        year = ranged
    elif ctx.dct is not None:
        year = cal.infer_year(ctx.dct, month, day, future=_tense(m, ctx), deadline=_deadline(m, ctx))
    else:
        return _Norm("DATE", f"XXXX-{month:02d}-{day:02d}")
    d = cal.safe_date(year, month, day)
    if d is not None and m.groupdict().get("wd") and not m["year"] and ctx.dct is not None:
        d = _year_of_weekday(d, lex.WEEKDAYS[m["wd"].lower().removesuffix("'s")], ctx.dct)
    if d is not None and m.groupdict().get("week"):
        return _Norm("DATE", cal.week_value(d), cal.week_range(d))  # "the week of March 6"
    return None if d is None else _day(d, m["podof"], lex.mod_of(m["late"]))


def _year_of_weekday(d: date, weekday: int, dct: date) -> date:
    """ "Thursday, Oct. 19" written without its year: when the year inferred from tense makes it another
    weekday, the year nearer the publication date in which it is that weekday (a coming event told in
    the past tense, a page read some days after it was written). A day that fits no nearer year keeps
    the year inferred: its weekday is the writer's slip."""
    if d.weekday() == weekday:
        return d
    fits = [c for c in (cal.safe_date(y, d.month, d.day) for y in (dct.year - 1, dct.year, dct.year + 1)) if c]
    fits = [c for c in fits if c.weekday() == weekday and abs((c - dct).days) < abs((d - dct).days)]
    return min(fits, key=lambda c: abs((c - dct).days), default=d)


_rule(rf"(?P<week>(?i:the\s+week\s+of))\s+{lex.MONTH}\s+{lex.DAY}(?:,?\s+{lex.YEAR})?")(_month_day)
_rule(rf"{_POD_OF}{_LATE_ON}(?:{lex.WEEKDAY},?\s+)?{lex.MONTH}\s+{lex.DAY}(?:,?\s+{lex.YEAR})?")(_month_day)
_rule(
    rf"{_POD_OF}{_LATE_ON}(?:{lex.WEEKDAY},?\s+)?(?:(?i:the)\s+)?{lex.DAY}\s+(?:(?i:of)\s+)?{lex.MONTH}"
    rf"(?:,?\s+{lex.YEAR})?"
)(_month_day)


@_rule(r"(?P<a>[01]?\d)/(?P<b>[0-3]?\d)/(?P<y>(?:19|20)\d\d)(?![/\d])")
def _numeric(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    a, b = int(m["a"]), int(m["b"])
    month, day = (a, b) if a <= 12 else (b, a)  # month first, as US wires write it, unless it cannot be
    d = cal.safe_date(int(m["y"]), month, day)
    return None if d is None else _day(d)


@_rule(rf"{lex.RANGE_MOD}{lex.MONTH_FULL_ONLY},?\s+(?:(?i:of)\s+)?{lex.YEAR}")
def _month_year(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    return _month(lex.year_number(m["year"]), lex.month_number(m["mon"]), lex.mod_of(m["mod"]))


@_rule(rf"{lex.RANGE_MOD}{lex.MONTH_FULL_ONLY}\s+(?P<rel>(?i:this|last|next))\s+(?i:year)")
def _month_of_named_year(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    """ "June last year", "in February this year": the month of the year named against the publication date."""
    month = lex.month_number(m["mon"])
    if ctx.dct is None:
        return _Norm("DATE", f"XXXX-{month:02d}", mod=lex.mod_of(m["mod"]))
    year = ctx.dct.year + {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    return _month(year, month, lex.mod_of(m["mod"]))


#: Words before a bare month that make it a month and not a name or a verb ("Theresa May").
_MONTH_LEAD = re.compile(
    r"(?i)\b(?:in|since|until|till|by|from|to|through|during|of|before|after|early|late|mid|last|this|next|"
    r"between|and|or|on|since|end|beginning|start)\W*$"
)


#: A capitalised word after a month's name, which makes the month a given name ("June Mercer"), unless it is a
#: month, a weekday or a harm in a headline's capitals ("June July", "May Monday", "June Shooting Leaves Two
#: Dead" are no names).
_NAME_AFTER = re.compile(rf"[ \t]+(?!(?:{lex.MONTH_FULL_NAMES}|{lex.WEEKDAY_NAMES}|(?i:{HARM_NOUN}))\b)[A-Z][a-z]+\b")


@_rule(rf"{lex.RANGE_MOD}(?:(?P<rel>(?i:last|this|next|this\s+past|this\s+coming))\s+)?{lex.MONTH_FULL_ONLY}(?!\s*\d)")
def _month_alone(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    month = lex.month_number(m["mon"])
    unmarked = not (m["mod"] or m["rel"] or _MONTH_LEAD.search(ctx.before(m.start())))
    if unmarked and (m["mon"] == "May" or _NAME_AFTER.match(ctx.text, m.end())):
        return None  # "Theresa May", "June Mercer High School", "April Halden, 37"
    ranged = None if m["rel"] else _range_year(m, ctx, month)
    if ranged is not None:
        return _month(ranged, month, lex.mod_of(m["mod"]))
    if ctx.dct is None:
        return _Norm("DATE", f"XXXX-{month:02d}", mod=lex.mod_of(m["mod"]))
    rel = (m["rel"] or "").lower().split()
    if rel == ["last"] or rel[-1:] == ["past"]:
        year = ctx.dct.year if month < ctx.dct.month else ctx.dct.year - 1
    elif rel == ["next"] or rel[-1:] == ["coming"]:
        year = ctx.dct.year if month > ctx.dct.month else ctx.dct.year + 1
    elif rel == ["this"]:
        year = ctx.dct.year
    else:
        year = cal.infer_year(ctx.dct, month, None, future=_tense(m, ctx), deadline=_deadline(m, ctx))
    return _month(year, month, lex.mod_of(m["mod"]))


#: Nouns after a four-digit number that make it a count, not a year ("2000 troops").
_COUNT_NOUN = re.compile(
    r"\s*(?:%|(?i:percent|per\s+cent|people|persons|troops|soldiers|fighters|civilians|men|women|children|"
    r"families|refugees|households|homes|houses|buildings|km|kilometres|kilometers|miles|metres|meters|feet|"
    r"dollars|euros|pounds|tons|tonnes|barrels|times|points|shares|rounds|deaths|cases|votes|members|units))\b"
)


@_rule(
    rf"{lex.RANGE_MOD}(?:(?P<fiscal>(?i:fiscal|calendar|financial|the\s+year))(?:\s+(?i:year))?\s+)?{lex.YEAR}(?:'s)?"
)
def _year_number(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    year = lex.year_number(m["year"])
    latest = (ctx.dct.year if ctx.dct else 2080) + 30
    if year > latest or re.search(r"[$£€#\d.,/:]\s*$|(?i:no\.)\s*$", ctx.before(m.start(), 4)):
        return None
    if not (m["mod"] or m["fiscal"]) and _COUNT_NOUN.match(ctx.text, m.end()):
        return None
    if not m["fiscal"] and " ".join(m["year"].lower().split()) == "two thousand":
        return None  # a count far more often than a year, unless "the year two thousand"
    return _year(year, lex.mod_of(m["mod"]))


@_rule(r"(?:(?i:the)\s+)?(?:(?P<mod>(?i:early|mid|late))[\s-]+)?(?:(?P<dec>(?:1[5-9]|20)\d)0|'(?P<d2>\d)0)'?s")
def _decade(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    if m["dec"]:
        decade = int(m["dec"])
    else:
        now = ctx.dct.year if ctx.dct else 2000
        decade = (now // 100) * 10 + int(m["d2"])
        if decade * 10 > now:
            decade -= 10
    mod = lex.mod_of(m["mod"])
    return _Norm("DATE", f"{decade:03d}", cal.sub_range(cal.decade_range(decade), mod), mod)


#: Decades written out, by their tens digit ("the nineties").
_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}  # fmt: skip


@_rule(rf"(?i:the)\s+(?:(?P<mod>(?i:early|mid|late))[\s-]+)?(?P<w>(?i:{'|'.join(_DECADE_WORDS)}))")
def _decade_word(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    """ "the nineties", "the late eighties": the last such decade before the publication date."""
    now = ctx.dct.year if ctx.dct else 2000
    decade = (now // 100) * 10 + _DECADE_WORDS[m["w"].lower()]
    if decade * 10 > now:
        decade -= 10
    mod = lex.mod_of(m["mod"])
    return _Norm("DATE", f"{decade:03d}", cal.sub_range(cal.decade_range(decade), mod), mod)


@_rule(r"(?:(?i:the)\s+)?(?P<n>1\d|20|21)(?:st|th)\s+(?i:century)")
def _century(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    century = int(m["n"]) - 1
    return _Norm("DATE", f"{century:02d}", cal.century_range(century))


#: How many quarters ahead a future-tense "first quarter" may lie and still be read as next year's;
#: farther ahead, the writer would name the year, so a quarter already past this year is meant
#: (calibrated on earnings reports: in October, "the third quarter" is the one just reported).
QUARTERS_AHEAD = 2


@_rule(
    r"(?:(?i:the)\s+)?(?:(?P<lead>(?:1[5-9]|20)\d\d|(?i:year-ago|year-earlier|prior-year))\s+)?"
    r"(?P<ord>(?i:first|second|third|fourth|1st|2nd|3rd|4th|final))[\s-](?P<unit>(?i:quarter|half))"
    rf"(?:(?:\s+(?i:of)\s+|,?\s+)(?:(?i:fiscal)\s+)?{lex.YEAR})?"
)
def _ordinal_part(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    unit = m["unit"].lower()
    n = lex.ORDINALS[m["ord"].lower()]
    if unit == "half":
        n = 2 if n == 4 else n
        if n > 2:
            return None
    letter = "Q" if unit == "quarter" else "H"
    lead = (m["lead"] or "").lower()
    if m["year"] or lead[:1].isdigit():
        year = lex.year_number(m["year"] or lead)
    elif ctx.dct is not None:
        parts = 4 if letter == "Q" else 2
        current = cal.quarter_of(ctx.dct) if letter == "Q" else (ctx.dct.month - 1) // 6 + 1
        if n == current:
            year = ctx.dct.year
        elif ctx.future(m.start(), m.end()) and not lead:
            ahead = (n - current) % parts
            year = ctx.dct.year if n > current or ahead > QUARTERS_AHEAD * parts // 4 else ctx.dct.year + 1
        else:
            year = ctx.dct.year if n < current else ctx.dct.year - 1
        if lead:  # "the year-ago third quarter": that quarter one year back
            year -= 1
    else:
        return _Norm("DATE", f"XXXX-{letter}{n}")
    rng = cal.quarter_range(year, n) if letter == "Q" else cal.half_range(year, n)
    start = m.start()
    if not lead and ctx.text[m.end("ord")] == "-":
        start = m.start("ord")  # "the third-quarter loss": the article belongs to the noun
    return _Norm("DATE", f"{year}-{letter}{n}", rng, extent=(start, m.end()))


@_rule(rf"(?i:the)\s+{lex.YEAR}\s+(?P<unit>(?i:quarter|period))")
def _year_quarter(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    """ "the 1988 quarter", "the 1989 period": in a story about a quarter, that quarter of the year named."""
    year = lex.year_number(m["year"])
    if ctx.quarter is None:
        return _Norm("DATE", f"{year}-QX") if m["unit"].lower() == "quarter" else _year(year)
    q = cal.quarter_of(ctx.quarter)
    return _Norm("DATE", f"{year}-Q{q}", cal.quarter_range(year, q), comparison=year != ctx.quarter.year)


@_rule(rf"(?:(?P<det>(?i:the|this|last|next|early|late|mid))[\s-]+)?{lex.SEASON}(?:\s+(?:(?i:of)\s+)?{lex.YEAR})?")
def _season(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    det = (m["det"] or "").lower()
    if not det and not m["year"]:
        return None  # "fall" the verb, "spring" the water
    code = lex.SEASON_CODES[m["season"].lower()]
    mod = lex.mod_of(det) if det in ("early", "late", "mid") else ""
    if m["year"]:
        year = lex.year_number(m["year"])
    elif ctx.dct is None:
        return _Norm("DATE", f"XXXX-{code}", mod=mod)
    else:
        dct = ctx.dct
        latest = max(y for y in (dct.year - 1, dct.year) if cal.season_range(y, code)[0] <= dct)
        running = cal.season_range(latest, code)[1] >= dct
        if det == "last":
            year = latest - 1 if running else latest
        elif det == "this":
            year = dct.year - 1 if code == "WI" and dct.month <= 2 else dct.year
        elif det == "next" or (not running and ctx.future(m.start(), m.end())):
            year = latest + 1
        else:
            year = latest
    rng = cal.sub_range(cal.season_range(year, code), mod)
    return _Norm("DATE", f"{year}-{code}", rng, mod)


#: Feasts on fixed days that news dates events by.
_FIXED_FEASTS = {"christmas eve": (12, 24), "christmas": (12, 25), "christmas day": (12, 25),
                 "new year's eve": (12, 31), "new year's day": (1, 1), "new year": (1, 1)}  # fmt: skip


#: Things named after a feast that date nothing ("the Christmas stockings", "a Christmas tree", "the
#: Christmas season"): decorations, gifts and stretches of time around it, not the feast's day, each a whole
#: word, perhaps plural ("Christmas breakfast" is no "break"). A gathering on the day ("Christmas party",
#: "Christmas dinner") and the day off itself ("the New Year's Day holiday") still name it.
_FEAST_THINGS = (
    r"tree|wreath|light|decoration|ornament|present|gift|card|carol|song|music|shopping|shopper|spirit|season"
    r"|break|vacation|week|market|sweater|stocking"
)


# "(?:...)?+" keeps "Eve" once read: "Christmas Eve shopping" is no bare "Christmas" before "Eve".
@_rule(
    r"(?P<w>(?i:christmas(?:\s+(?:day|eve))?+|new\s+year's\s+(?:day|eve)))"
    rf"(?!\s+(?i:(?:{_FEAST_THINGS})s?\b))"
)
def _feast(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    month, day = _FIXED_FEASTS[" ".join(m["w"].lower().split())]
    if ctx.dct is None:
        return _Norm("DATE", f"XXXX-{month:02d}-{day:02d}")
    year = cal.infer_year(ctx.dct, month, day, future=ctx.tense(m.start(), m.end()))
    return _day(date(year, month, day))


#: Feasts whose day moves from year to year, by the function that gives it.
_MOVEABLE_FEASTS = {
    "thanksgiving": cal.thanksgiving, "easter": cal.easter,
    "good friday": lambda year: cal.easter(year) - timedelta(days=2),
}  # fmt: skip


@_rule(
    r"(?:(?P<rel>(?i:last|this|next))\s+)?(?P<w>Thanksgiving|Easter|Good\s+Friday)(?:\s+(?P<day>Day|Sunday))?"
    r"(?!\s+(?:week|weekend|holiday|Monday|Rising|Island|Offensive))"
)
def _moveable_feast(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    day_of = _MOVEABLE_FEASTS[" ".join(m["w"].lower().split())]
    if ctx.dct is None:
        return _Norm("DATE", "XXXX-XX-XX")
    rel = (m["rel"] or "").lower()
    return _day(cal.nearest_occurrence(ctx.dct, day_of, future=ctx.tense(m.start(), m.end()), rel=rel))
