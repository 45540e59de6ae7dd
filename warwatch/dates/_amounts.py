"""Rules for counted time: "two years ago", "days after", "the past three days", "for weeks", clock
times and sets ("every Friday", "daily")."""

from __future__ import annotations

import re

from . import _calendar as cal
from . import _lexicon as lex
from ._base import _Ctx, _Norm, _rule
from ._relative import _ago_range, _back_range, _duration_value, _shift, _unit_reading, _unit_word

_HALF = r"(?:\s+(?i:and\s+a\s+half))?"
_DIRECTION = r"(?P<dir>(?i:ago|earlier|later|before|after|from\s+now|hence|back|previously|prior\s+to))"


def _amount(m: re.Match[str]) -> tuple[float | None, str]:
    n: float | None = lex.number_value(m["num"])
    if n is not None and re.search(r"(?i)\band\s+a\s+half\b", m.group()):  # "two and a half days", "a day and a half"
        n += 0.5
    return n, _unit_word(m["unit"])


def _before_direction(m: re.Match[str], ctx: _Ctx) -> int:
    """Where the expression ends when its direction word stays outside it ("three days | later")."""
    stop = m.start("dir")
    while stop > m.start() and ctx.text[stop - 1].isspace():
        stop -= 1
    return stop


def _counted_point(m: re.Match[str], ctx: _Ctx, n: float | None, unit: str) -> _Norm | None:
    direction = " ".join(m["dir"].lower().split())
    approx = bool(m.groupdict().get("approx"))
    mod = lex.mod_of(m.groupdict().get("approx"))
    whole = None if n is None else round(n)
    if direction in ("before", "after", "prior to"):
        # "three days after the strikes": the other event lies that far back from the story's present.
        rng = _ago_range(ctx.dct, whole, unit, -1, approx)[1] if ctx.dct else None
        if rng is not None and whole is not None and lex.UNITS[unit] == "D":
            rng = (rng[0], rng[1], cal.WEEK)
        return _Norm("DURATION", _duration_value(n, unit), rng, mod, extent=(m.start(), _before_direction(m, ctx)))
    if direction == "later":
        # TIMEX3 reads "three days later" as the stretch, "three days"; its range is the day it reaches
        rng = _ago_range(ctx.ref, whole, unit, 1, approx)[1] if ctx.ref else None
        return _Norm("DURATION", _duration_value(n, unit), rng, mod, extent=(m.start(), _before_direction(m, ctx)))
    if direction in ("ago", "back", "previously"):
        base, sign = ctx.dct, -1
    elif direction in ("from now", "hence"):
        base, sign = ctx.dct, 1
    else:
        base, sign = ctx.ref, (-1 if direction == "earlier" else 1)
    if base is None:
        return _Norm("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", mod=mod)
    value, rng = _ago_range(base, whole, unit, sign, approx)
    if unit == "year" and whole is not None and ctx.quarter is not None:
        # in a story about quarterly results, "a year ago" is the same quarter a year back
        value, rng = _unit_reading(_shift(ctx.quarter, sign * whole, "year"), "quarter")
        return _Norm("DATE", value, rng, mod, comparison=True)
    return _Norm("DATE", value, rng, mod)


@_rule(rf"{lex.APPROX}{lex.NUMBER}{_HALF}[\s-]+{lex.UNIT}{_HALF}\s+{_DIRECTION}")
def _counted_ago(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    n, unit = _amount(m)
    if unit == "second" and m["unit"].lower() == "second":
        return None
    return _counted_point(m, ctx, n, unit)


@_rule(rf"(?P<unit>(?i:hours|days|nights|weeks|months|years|decades))\s+{_DIRECTION}")
def _vague_ago(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    return _counted_point(m, ctx, None, _unit_word(m["unit"]))


#: Words just before "a day" / "a year" that make it a rate ("twice a day", "$5 a year"): a set.
_RATE_LEAD = re.compile(r"(?i)(?:\d|%|percent|cent|once|twice|times|dollars?|euros?)\W*$")


#: Words before a length that TIMEX3 leaves outside it ("about three days", "only 14 days", "just | over
#: an hour"), though "about" still marks the value approximate.
_OUTSIDE_WORD = re.compile(r"(?i)(?:about|only|just)\s+")


@_rule(
    rf"{lex.APPROX}(?:(?P<det>(?i:the))\s+)?(?:(?P<dir>(?i:past|last|next|coming|previous|following|first|final|"
    rf"recent|other))\s+)?{lex.NUMBER}{_HALF}[\s-]+{lex.UNIT}{_HALF}"
)
def _duration(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    n, unit = _amount(m)
    after = ctx.text[m.end() : m.end() + 10].lower()
    if re.match(r"[\s-]olds?\b", after) or (unit in ("quarter", "half") and after.startswith(" of")):
        return None  # an age ("a 10-year-old"), a fraction ("a quarter of")
    if re.match(r"-(?:earlier|ago|before)\b", after):
        return None  # "a year-earlier loss": the period a year back, read by its own rule
    if m["det"] and re.fullmatch(r"(?:1[5-9]|20)\d\d", m["num"]):
        return None  # "the 1988 quarter": a year, not a count of quarters
    if m["unit"].lower() == "second":
        return None  # "a second attack"
    if m["num"].lower() in ("a", "an") and not m["dir"] and _RATE_LEAD.search(ctx.before(m.start(), 12)):
        return _Norm("SET", _duration_value(1, unit))
    direction = (m["dir"] or "").lower()
    rng = None
    if ctx.dct is not None and direction in ("past", "last", "recent", "previous"):
        rng = _back_range(ctx.dct, n, unit)
    if m["approx"] and m["det"]:
        # "over the past three years": "over" is the preposition here, not "more than"
        return _Norm("DURATION", _duration_value(n, unit), rng, extent=(m.start("det"), m.end()))
    start = m.start()
    if m["det"] and not m["dir"] and "-" in ctx.text[m.end("num") : m.start("unit")]:
        start = m.start("num")  # "the eight-year war": the article belongs to the noun the length describes
    elif m["approx"] and (outside := _OUTSIDE_WORD.match(ctx.text, m.start("approx"))):
        start = outside.end()
    return _Norm("DURATION", _duration_value(n, unit), rng, lex.mod_of(m["approx"]), extent=(start, m.end()))


@_rule(
    r"(?:(?i:for|over|within|during|after|took|take|takes|lasted|last|lasting|spent|spend|spends)\s+)"
    r"(?P<x>(?P<unit>(?i:hours|days|weeks|months|years|decades)))(?!\s+(?i:of|ago|later|earlier|before|after))"
)
def _bare_duration(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    return _Norm("DURATION", _duration_value(None, _unit_word(m["unit"])), extent=m.span("x"))


@_rule(r"(?P<x>(?i:recent)\s+(?P<unit>(?i:days|weeks|months|years|decades)))")
def _recent_units(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    unit = _unit_word(m["unit"])
    return _Norm("DURATION", _duration_value(None, unit), _back_range(ctx.dct, None, unit) if ctx.dct else None)


# ---------------------------------------------------------------- clock times

_CLOCK_LEAD = r"(?i:at|by|around|about|from|until|till|before|after|since|approximately|between|and|to)"
_ZONE = r"(?:\s*(?P<tz>GMT|UTC|[ECMP][SD]T|(?i:local\s+time|hrs|hours)))"


@_rule(r"(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>(?i:a\.m\.|p\.m\.|am|pm|a\.m|p\.m))")
def _clock_ampm(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    hour = int(m["h"]) % 12 + (12 if m["ap"].lower().startswith("p") else 0)
    return _Norm("TIME", "", clock=f"T{hour:02d}:{m['mi'] or '00'}")


@_rule(rf"{_CLOCK_LEAD}\s+(?P<x>(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d){_ZONE}?)(?!\s*(?i:[ap]\.?m\b))")
def _clock_24h(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    return _Norm("TIME", "", clock=f"T{int(m['h']):02d}:{m['mi']}", extent=m.span("x"))


@_rule(rf"(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d){_ZONE}")
def _clock_military(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    return _Norm("TIME", "", clock=f"T{m['h']}:{m['mi']}")


@_rule(r"(?P<w>(?i:noon|midday|midnight|dawn|daybreak|dusk|nightfall))")
def _clock_word(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    w = m["w"].lower()
    clock = {"noon": "T12:00", "midday": "T12:00", "midnight": "T24:00"}.get(w) or f"T{lex.PART_OF_DAY[w]}"
    return _Norm("TIME", "", clock=clock)


# ---------------------------------------------------------------- sets

_SET_UNITS = {"day": "P1D", "night": "P1D", "week": "P1W", "month": "P1M", "year": "P1Y", "quarter": "P3M",
              "hour": "PT1H"}  # fmt: skip


@_rule(
    r"(?i:every|each)\s+(?:(?i:other|single)\s+)?(?P<u>(?i:day|week|month|year|quarter|hour|morning|afternoon|"
    r"evening|night|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday))"
)
def _every(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    u = m["u"].lower()
    if u in lex.WEEKDAYS:
        return _Norm("SET", f"XXXX-WXX-{lex.WEEKDAYS[u] + 1}")
    if u == "weekend":
        return _Norm("SET", "XXXX-WXX-WE")
    if u in lex.PART_OF_DAY and u != "night":
        return _Norm("SET", f"XXXX-XX-XXT{lex.PART_OF_DAY[u]}")
    return _Norm("SET", _SET_UNITS[u])


@_rule(r"(?P<w>daily|weekly|monthly|yearly|nightly|hourly)")
def _adverb_set(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    unit = {"daily": "day", "nightly": "night", "weekly": "week", "monthly": "month", "quarterly": "quarter",
            "annually": "year", "yearly": "year", "hourly": "hour"}[m["w"]]  # fmt: skip
    return _Norm("SET", _SET_UNITS[unit])


@_rule(r"(?P<w>(?i:once|twice|thrice))\s+(?P<x>(?i:a|an|per|every)\s+(?P<u>(?i:day|week|month|year|hour)))")
def _rate(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    return _Norm("SET", _SET_UNITS[m["u"].lower()], extent=m.span("x"))
