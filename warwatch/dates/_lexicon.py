"""Words of time expressions and the regular-expression fragments built from them.

Month and weekday names are matched case-sensitively ("May" the month, not "may" the verb;
"March" the month, not a march); everything else is case-insensitive through ``(?i:...)``.
"""

from __future__ import annotations

import re

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "a dozen": 12, "dozen": 12, "a couple of": 2, "a couple": 2,
    "couple of": 2, "a pair of": 2,
}  # fmt: skip

#: Amounts that say "some number of": TIMEX3 writes them as X ("several days" -> PXD).
VAGUE_NUMBERS = ("a few", "few", "several", "some", "many", "a number of", "numerous")

ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4}

#: TIMEX3 unit letters; hours, minutes and seconds go after the "T" of a duration.
UNITS = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W", "fortnight": "W",
    "month": "M", "quarter": "Q", "year": "Y", "decade": "Y", "century": "Y",
}  # fmt: skip
TIME_UNITS = frozenset({"second", "minute", "hour"})
#: How many of the value's unit one of the word stands for ("a fortnight" is P2W, "a decade" P10Y).
UNIT_FACTOR = {"fortnight": 2, "decade": 10, "century": 100}

SEASON_CODES = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PART_OF_DAY = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "dawn": "MO", "daybreak": "MO",
    "dusk": "EV", "nightfall": "EV",
}  # fmt: skip

#: TIMEX3 ``mod`` of a leading modifier word.
MODS = {
    "early": "START", "beginning": "START", "start": "START", "mid": "MID", "middle": "MID", "late": "END",
    "end": "END", "about": "APPROX", "around": "APPROX", "roughly": "APPROX", "approximately": "APPROX",
    "some": "APPROX", "nearly": "LESS_THAN", "almost": "LESS_THAN", "less than": "LESS_THAN",
    "under": "LESS_THAN", "more than": "MORE_THAN", "over": "MORE_THAN", "at least": "EQUAL_OR_MORE",
    "just over": "MORE_THAN", "up to": "EQUAL_OR_LESS", "only": "",
}  # fmt: skip

MONTH_FULL_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"
#: The abbreviations of months' names, without their period.
MONTH_ABBR_NAMES = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
_MONTH_ABBR = rf"(?:{MONTH_ABBR_NAMES})\."
MONTH = rf"(?P<mon>{MONTH_FULL_NAMES}|{_MONTH_ABBR}|(?:{MONTH_ABBR_NAMES})(?=\s+\d))"
MONTH_FULL_ONLY = rf"(?P<mon>{MONTH_FULL_NAMES}|{_MONTH_ABBR})"
#: A month's name, full or abbreviated with its period, as a group that captures nothing.
MONTH_NAME = rf"(?:{MONTH_FULL_NAMES}|{_MONTH_ABBR})"
DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_ONES_WORDS = "one|two|three|four|five|six|seven|eight|nine"
_TENS_WORDS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_TWO_DIGITS = rf"(?:{_TEENS}|(?:{_TENS_WORDS})(?:[- ](?:{_ONES_WORDS}))?)"
#: A year read out as broadcast transcripts write it: "nineteen ninety-six", "two thousand and one".
SPOKEN_YEAR = (
    rf"(?i:(?:eighteen|nineteen)\s+(?:hundred|oh[- ](?:{_ONES_WORDS})|{_TWO_DIGITS})"
    rf"|two\s+thousand(?:\s+(?:and\s+)?(?:{_ONES_WORDS}|{_TWO_DIGITS}))?"
    rf"|twenty\s+(?:{_TEENS}|twenty(?:[- ](?:{_ONES_WORDS}))?))"
)
YEAR = rf"(?P<year>(?:1[5-9]|20)\d\d(?![\d,.]\d)|{SPOKEN_YEAR}(?![\w-]))"
WEEKDAY_NAMES = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
WEEKDAY = rf"(?P<wd>(?:{WEEKDAY_NAMES})(?:'s)?)"

_NUMBER_WORDS = sorted(set(SMALL_NUMBERS) | set(VAGUE_NUMBERS), key=len, reverse=True)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
NUMBER = (
    rf"(?P<num>(?i:\d+(?:\.\d+|\s+1/2)?|(?:{_TENS})[- ](?:{_ONES})|"
    + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in _NUMBER_WORDS)
    + r"))"
)
UNIT = r"(?P<unit>(?i:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|century|centurie))s?"
#: A leading amount modifier ("about two weeks ago", "more than three years").
APPROX = (
    r"(?:(?P<approx>(?i:about|around|roughly|approximately|nearly|almost|some|less\s+than|under|more\s+than|over|"
    r"at\s+least|just\s+over|up\s+to|only))\s+)?"
)
#: A leading range modifier ("early March", "late last year", "the end of the month").
RANGE_MOD = r"(?:(?P<mod>(?i:early|mid|late|(?:at\s+)?the\s+(?:end|beginning|start|middle)\s+of))[\s-]+)?"
SEASON = r"(?P<season>(?i:spring|summer|fall|autumn|winter))"
PART = r"(?P<pod>(?i:morning|afternoon|evening|night))"


def number_value(word: str) -> float | None:
    """The amount a word or numeral stands for ("two" 2, "2 1/2" 2.5); None for vague amounts ("several")."""
    w = " ".join(word.lower().split())
    if w in VAGUE_NUMBERS:
        return None
    if w.endswith(" 1/2"):
        whole = number_value(w[:-4])
        return None if whole is None else whole + 0.5
    if w in SMALL_NUMBERS:
        return SMALL_NUMBERS[w]
    parts = re.split(r"[- ]", w)
    if len(parts) == 2 and parts[0] in SMALL_NUMBERS and parts[1] in SMALL_NUMBERS:
        return SMALL_NUMBERS[parts[0]] + SMALL_NUMBERS[parts[1]]
    try:
        value = float(w)
    except ValueError:
        return None
    return int(value) if value.is_integer() else value


def month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def mod_of(word: str | None) -> str:
    """TIMEX3 ``mod`` of a modifier phrase ("the end of" -> END, "about" -> APPROX)."""
    if not word:
        return ""
    w = " ".join(word.lower().split())
    for key in ("end", "beginning", "start", "middle"):
        if w.endswith(f"{key} of"):
            return MODS[key]
    return MODS.get(w, "")


def year_number(text: str) -> int:
    """The year a matched YEAR stands for: digits, or words ("nineteen ninety-six" -> 1996)."""
    if text.isdigit():
        return int(text)
    words = re.split(r"[\s-]+", text.lower())
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        return 2000 + _words_value(rest)
    century = SMALL_NUMBERS[words[0]]
    rest = words[1:]
    if rest == ["hundred"]:
        return century * 100
    return century * 100 + _words_value([w for w in rest if w != "oh"])


def _words_value(words: list[str]) -> int:
    return sum(SMALL_NUMBERS[w] for w in words)
