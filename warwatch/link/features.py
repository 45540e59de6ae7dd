"""What a report's evidence says about its incident, beyond type, place and date.

Two shootings in one town on neighbouring days share type, place and date; what tells
them apart is in the evidence sentences: the victims' names and ages, the street, the
weapon, the words used. A Fingerprint holds those, read once per report:

    terms    content words and numbers of the evidence, for a TF-IDF cosine
    names    capitalised words that are not sentence openers, months, days or
             words of the report's own place (victims, suspects, streets, venues)
    people   full names: two capitalised words in a row, neither of them ever written
             in lower case in the evidence ("Maria Lopez", not "Fatal Shooting")
    ages     "a 17-year-old", "Kevin Barbee, 15," — the people's ages
    town     the words of the report's own town (its place's name before " - "), which
             another report may name although it was placed elsewhere
    shingles hashed word 5-grams of the evidence, for near-duplicate (copied) text
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..models import Report


def _words(text: str) -> list[str]:
    return text.split()


#: Words too common in incident reports to tell two incidents apart.
_STOPWORDS = frozenset(
    _words(
        """
    a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having
    he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on
    once only or other our out over own same she should so some such than that the their them then there these
    they this those through to too under until up very was we were what when where which while who whom why
    will with would you your said says say told according police officers officer authorities reported report
    reports news people person man woman men women one two three four five six seven eight nine ten
    year years old day days night morning afternoon evening am pm p.m a.m around near just later
    """
    )
)
_MONTHS_DAYS = frozenset(
    _words(
        """
    january february march april may june july august september october november december jan feb mar apr jun
    jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday today yesterday
    tonight
    """
    )
)
#: Capitalised words that name roles, institutions or kinds of place rather than one incident.
_GENERIC_CAPS = frozenset(
    _words(
        """
    police department sheriff sheriffs office county city state street avenue road mr mrs ms dr sgt lt officer
    officers detective chief the a an he she they it his her we i in on at by for and but if when after while
    news center hospital medical university school high north south east west new according authorities
    investigators fire fbi update updated posted share comments video photo copyright associated press ap
    """
    )
)

_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|\d+")
_CAP_WORD = re.compile(r"(?<![\w'\-])([A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?)\b")
#: Two capitalised words in a row (a middle initial between them allowed), overlapping: "Mayor Rahm Emanuel"
#: gives two.
_FULL_NAME = re.compile(
    r"(?<![\w'\-])(?=([A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?) (?:[A-Z]\. )?([A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?)\b)"
)
_AGE = re.compile(r"\b(\d{1,2})[- ]years?[- ]old\b|,\s*(\d{1,2})\s*,", re.IGNORECASE)
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*)([A-Z][a-z]+)")

#: Word n-gram length of the shingles that detect copied text.
SHINGLE_WORDS = 5


@dataclass
class Fingerprint:
    terms: Counter[str] = field(default_factory=Counter)
    names: frozenset[str] = frozenset()
    ages: frozenset[int] = frozenset()
    people: frozenset[str] = frozenset()
    shingles: frozenset[int] = frozenset()
    town: frozenset[str] = frozenset()
    words: int = 0  # content words in the evidence: how much there is to compare

    @property
    def empty(self) -> bool:
        return not self.terms


def evidence_text(r: Report) -> str:
    """The distinct evidence quotes of a report (trigger sentences, claims, place, date), in order."""
    seen: set[tuple[int, int]] = set()
    quotes: list[tuple[int, str]] = []
    spans = [*r.evidence, *(c.evidence for c in r.claims), r.place.evidence if r.place else None]
    spans.append(r.when.evidence if r.when else None)
    for ev in spans:
        if ev is None or not ev.quote:
            continue
        key = (ev.start, ev.end)
        if key in seen or any(s <= ev.start and ev.end <= e for s, e in seen):
            continue
        seen.add(key)
        quotes.append((ev.start, ev.quote))
    quotes.sort()
    return "\n".join(q for _, q in quotes)


def _place_words(r: Report) -> set[str]:
    if r.place is None:
        return set()
    parts = (r.place.name, r.place.admin1, r.place.admin2, r.place.admin3, r.place.country)
    return {w.casefold() for p in parts if p for w in _WORD.findall(p)}


def _town_words(r: Report) -> frozenset[str]:
    """The words of the town a report is placed at ("Mosul - Old City": mosul)."""
    if r.place is None:
        return frozenset()
    return frozenset(w.casefold() for w in _WORD.findall(r.place.name.split(" - ")[0]))


def fingerprint(r: Report) -> Fingerprint:
    text = evidence_text(r)
    if not text:
        return Fingerprint(town=_town_words(r))
    words = [w.casefold() for w in _WORD.findall(text)]
    terms = Counter(w for w in words if w not in _STOPWORDS and w not in _MONTHS_DAYS and len(w) > 1)
    openers = {m.group(1) for m in _SENTENCE_START.finditer(text)}
    own_place = _place_words(r)
    names = frozenset(
        w.casefold()
        for w in _CAP_WORD.findall(text)
        if w.casefold() not in _GENERIC_CAPS
        and w.casefold() not in _MONTHS_DAYS
        and w.casefold() not in own_place
        and (w not in openers or text.count(w) > 1)
    )
    ages = frozenset(int(a or b) for a, b in _AGE.findall(text) if 0 < int(a or b) < 100)
    not_names = _GENERIC_CAPS | _MONTHS_DAYS | _STOPWORDS | own_place | {w for w in _WORD.findall(text) if w.islower()}
    people = frozenset(
        f"{first.casefold()} {last.casefold()}"
        for first, last in _FULL_NAME.findall(text)
        if not {first.casefold(), last.casefold()} & not_names
    )
    shingles = frozenset(
        zlib.crc32(" ".join(words[i : i + SHINGLE_WORDS]).encode()) for i in range(len(words) - SHINGLE_WORDS + 1)
    )
    return Fingerprint(
        terms=terms,
        names=names,
        ages=ages,
        people=people,
        shingles=shingles,
        town=_town_words(r),
        words=sum(terms.values()),
    )


class Idf:
    """Inverse document frequency of terms over the reports being linked (smoothed, so a
    batch of two reports still gives every shared word a weight)."""

    def __init__(self, prints: Iterable[Fingerprint]) -> None:
        self.df: Counter[str] = Counter()
        self.n = 0
        for fp in prints:
            self.n += 1
            self.df.update(fp.terms.keys())
            self.df.update(f"name:{n}" for n in fp.names)
            self.df.update(f"person:{p}" for p in fp.people)

    def weight(self, term: str) -> float:
        return math.log((self.n + 1) / (self.df[term] + 1)) + 1.0

    def vector(self, fp: Fingerprint) -> dict[str, float]:
        vec = {t: (1.0 + math.log(c)) * self.weight(t) for t, c in fp.terms.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items()}

    def name_reports(self, name: str) -> int:
        """How many of the reports use this name."""
        return self.df[f"name:{name}"]

    def person_reports(self, person: str) -> int:
        """How many of the reports use this full name."""
        return self.df[f"person:{person}"]


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def vectors(prints: Sequence[Fingerprint]) -> tuple[Idf, list[dict[str, float]]]:
    idf = Idf(prints)
    return idf, [idf.vector(fp) for fp in prints]
