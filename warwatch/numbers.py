"""Amount phrases: "at least 12", "as many as 500", "hundreds of", "between 10 and 15" -> low/best/high.

    find_amounts(text)   -> list[Amount]   every amount phrase with its character offsets
    parse_amount(phrase) -> Amount | None  one phrase, whole

The coding rules of DESIGN.md:

- a plain figure ("12 killed") sets low = best = high;
- "at least N", "more than N", "over N" set only a low;
- "as many as N", "as high as N", "up to N", "nearly N", "fewer than N" set only a high;
- "about N", "around N", "some N", "an estimated N" set a best (and nothing else);
- vague plurals are lows, ACLED's conservative reading: "tens" 10, "dozens" 12,
  "scores" 20, "hundreds" 100, "thousands" 1,000;
- "between N and M", "N to M", "N-M" set low and high.

Numbers in words go through text2num; digits may carry thousands separators and a
scale word ("1.5 million").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

#: Vague plural amounts and the low each stands for (ACLED's codebook values for
#: "dozens" and "hundreds"; "tens", "scores" and "thousands" by the same reading:
#: the smallest number the word can mean).
VAGUE_LOWS: dict[str, int] = {
    "tens": 10,
    "dozens": 12,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1000,
    "tens of thousands": 10_000,
    "hundreds of thousands": 100_000,
    "millions": 1_000_000,
}

#: Indefinite quantifiers and the low each stands for: the smallest count the word
#: is used for in news prose ("several" is never fewer than three; "a few" two or three).
INDEFINITE_LOWS: dict[str, int] = {
    "several": 3,
    "a few": 2,
    "a number of": 2,
    "a couple of": 2,
    "many": 3,
    "numerous": 3,
}

_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
]
_WORD = r"(?:" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")"
# A run of number words: "three hundred and twelve", "twenty-five", "a hundred".
_WORDS = rf"(?:(?:a|one)\s+)?{_WORD}(?:(?:\s+and\s+|[\s-]+){_WORD})*"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUM = rf"(?:(?:{_DIGITS})(?:\s+(?:million|thousand|billion)\b)?|\b{_WORDS}\b|\ba\s+dozen\b|\bdozen\b)"

_LOW_MODS = (
    r"at\s+least|more\s+than|over|upwards\s+of|in\s+excess\s+of|no\s+fewer\s+than|no\s+less\s+than|not\s+less\s+than"
    r"|a\s+minimum\s+of|at\s+a\s+minimum"
)
_HIGH_MODS = (
    r"as\s+many\s+as|as\s+high\s+as|up\s+to|nearly|almost|fewer\s+than|less\s+than|under|at\s+most|close\s+to"
    r"|as\s+much\s+as"
)
_BEST_MODS = r"about|around|some|approximately|roughly|an\s+estimated|estimated|nearly\s+about|circa|approx\.?"
_VAGUE = r"(?:tens|hundreds)\s+of\s+thousands|tens|dozens|scores|hundreds|thousands|millions"
_INDEFINITE = r"several|a\s+few|a\s+number\s+of|a\s+couple\s+of|many|numerous"

_AMOUNT_RE = re.compile(
    rf"""
    (?:(?P<rangefrom>between|from)\s+)?
    (?:(?P<mod>{_LOW_MODS}|{_HIGH_MODS}|{_BEST_MODS})\s+)?
    (?:
        (?P<vague>\b(?:{_VAGUE})\b)(?:\s+of\b)?
      | (?P<num>{_NUM})
        (?:\s*(?:-|–|to|and|or)\s*(?P<num2>{_NUM}))?
      | (?P<indef>\b(?:{_INDEFINITE})\b)
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class Amount:
    """An amount phrase: its figure(s) and where it stands in the text it was found in."""

    low: int | None
    best: int | None
    high: int | None
    start: int
    end: int
    text: str
    vague: bool = False  # a vague plural or indefinite ("dozens", "several"), not a figure


def _num_value(raw: str) -> int | None:
    """The value of one number as written: digits (with a scale word) or words."""
    s = " ".join(raw.lower().replace("\u2013", "-").split())
    if s in ("a dozen", "dozen"):
        return 12
    m = re.fullmatch(r"([\d,]+(?:\.\d+)?)(?:\s+(million|thousand|billion))?", s)
    if m:
        value = float(m.group(1).replace(",", ""))
        return round(value * _SCALES.get(m.group(2) or "", 1))
    if s.startswith("a "):
        s = "one " + s[2:]
    s = s.replace(" and ", " ")
    try:
        return int(text2num(s, "en"))
    except ValueError:
        return _words_fallback(s)


def _words_fallback(s: str) -> int | None:
    # text2num rejects a few forms people write ("one hundred fifty thousand" is fine,
    # "two hundred thousand and five" sometimes is not): sum the parts by hand.
    total, current = 0, 0
    for part in re.split(r"[\s-]+", s):
        if part in _SCALES:
            current = max(current, 1) * _SCALES[part]
            if _SCALES[part] >= 1000:
                total, current = total + current, 0
            continue
        try:
            current += int(text2num(part, "en"))
        except ValueError:
            return None
    return total + current or None


def _from_match(m: re.Match[str], offset: int = 0) -> Amount | None:
    mod = " ".join((m.group("mod") or "").lower().split())
    text = m.group(0)
    start, end = m.start() + offset, m.end() + offset
    if m.group("vague"):
        low = VAGUE_LOWS[" ".join(m.group("vague").lower().split())]
        if mod and _is(mod, _HIGH_MODS):
            return Amount(None, None, low, start, end, text, vague=True)
        return Amount(low, None, None, start, end, text, vague=True)
    if m.group("indef"):
        low = INDEFINITE_LOWS[" ".join(m.group("indef").lower().split())]
        return Amount(low, None, None, start, end, text, vague=True)
    value = _num_value(m.group("num"))
    if value is None:
        return None
    if m.group("num2"):
        value2 = _num_value(m.group("num2"))
        if value2 is not None and value2 > value:
            return Amount(value, None, value2, start, end, text)
        if value2 is not None:
            # "3 or 4" read wrongly as a range is harmless; "15-20" never reverses: cut the second off.
            text = m.group(0)[: m.end("num") - m.start()]
            end = m.start() + offset + len(text)
    if not mod:
        return Amount(value, value, value, start, end, text)
    if _is(mod, _LOW_MODS):
        # "more than 10" strictly means 11 or more, but news use it for "10 and up".
        return Amount(value, None, None, start, end, text)
    if _is(mod, _HIGH_MODS):
        return Amount(None, None, value, start, end, text)
    return Amount(None, value, None, start, end, text)


def _is(mod: str, alternatives: str) -> bool:
    return re.fullmatch(rf"(?:{alternatives})", mod, re.IGNORECASE) is not None


def find_amounts(text: str) -> list[Amount]:
    """Every amount phrase in `text`, left to right, with offsets into `text`."""
    out: list[Amount] = []
    for m in _AMOUNT_RE.finditer(text):
        if not m.group(0).strip():
            continue
        if m.group("num") and _looks_like_non_count(text, m):
            continue
        amount = _from_match(m)
        if amount is not None:
            out.append(amount)
    return out


def parse_amount(phrase: str) -> Amount | None:
    """One amount phrase as a whole ("as many as 500 people" -> high 500); None if it holds no amount."""
    m = _AMOUNT_RE.search(phrase)
    if m is None or not m.group(0).strip():
        return None
    return _from_match(m)


# A month name or its abbreviation right after a day number ("3 June", "19 Apr 2017").
_MONTH_AFTER = re.compile(
    r"\s*(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?"
)


def _looks_like_non_count(text: str, m: re.Match[str]) -> bool:
    """Years, times, dates and decimals are numbers but not counts of people."""
    raw = m.group("num")
    before = text[max(0, m.start() - 12) : m.start()].lower()
    after = text[m.end() : m.end() + 12].lower()
    if re.fullmatch(r"(1[89]|20)\d\d", raw) and not m.group("mod"):
        return True
    if re.match(r"\s*(?:[ap]\.?m\b|:\d|%|per\s?cent|km|kilomet|mile|metre|meter|hour|day|week|month|year|gmt)", after):
        return True
    if re.match(r"[/.]\d|-\d{1,2}-\d|-(?:19|20)\d\d\b", after) or re.search(r"\d[/.:]$", before):
        return True  # "08/20/13", "05.10.2017", "23-09-2013", "1:15": a date or a time written in figures
    if re.search(r"\b(?:ages?|aged)\s*$", before) or re.match(r"[a-z]|'?s\b", after):
        return True  # "ages 19 and 23", "in their 20s", "a 9mm"
    if re.match(r"-[a-z]", after):
        return True  # "a five-person household", "a two-story home": a modifier, not a count
    if re.search(r"\b(?:image|photo|picture|slide|page|part)\s+(?:\d+\s+of\s*)?$", before):
        return True  # "Image 1 of 8": a gallery's caption
    if re.search(r"\b(?:views|shares|comments|likes|reads)\s*$", before):
        return True  # "Print Tweet Views 371": a page's counter
    if re.search(r"[a-z]-?$", before) and raw.isdigit():
        return True  # "CBS46", "I-40": a name with a number in it
    if raw.isdigit() and text[max(0, m.start() - 4) : m.start()] == "May ":
        return True  # "the May 31 shooting" (the lower-case modal never stands before a day number)
    if re.match(_MONTH_AFTER, after) and raw.isdigit():
        return True  # "3 June", "19 Apr 2017"
    return bool(
        re.search(
            r"(?:january|february|march|april|june|july|august|september|october|november|december"
            r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?\s*$",
            before,
        )
        and raw.isdigit()
    )
