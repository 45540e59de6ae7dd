"""Toponym recognition: place spans out of a parsed spaCy Doc, with their qualifiers.

Spans come from spaCy's GPE/LOC/FAC entities, which include the gazetteer's EntityRuler matches
(ent_id "warwatch-gazetteer"). False friends are dropped here: organisations named like places
("Islamic State"), people named like places ("Michael Jordan said"), lowercase words the LOWER-
matching ruler caught ("hit" is also an Iraqi town). Demonyms are collected as context, not places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import tables
from .gazetteer import name_keys

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_RULER_ID = "warwatch-gazetteer"

#: Names of organisations and other things that the NER or the ruler take for places.
_NOT_PLACES = frozenset(
    name_keys(n)[0]
    for n in (
        "Islamic State", "Islamic State of Iraq", "Islamic State of Iraq and the Levant",
        "Islamic State of Iraq and Syria", "ISIS", "ISIL", "IS", "Daesh", "Levant", "White House", "Pentagon",
        "Kremlin", "State Department", "Capitol", "Capitol Hill", "Downing Street", "Hezbollah", "Hamas",
        "Taliban", "Al Qaeda", "al-Shabaab", "Boko Haram", "Houthis", "Houthi", "Web", "Internet",
    )
)

#: Words after a name that say what kind of place it is; precision follows the kind.
_KIND_WORDS = {
    "province": "province", "governorate": "province", "region": "province", "state": "province",
    "oblast": "province", "prefecture": "province", "wilayat": "province",
    "district": "district", "county": "district", "territory": "district", "municipality": "district",
}

#: Words that may follow a place name inside a longer place name, so they do not mark a person.
_PLACE_TAIL_WORDS = tables.words(
    """province governorate region state oblast district county city town village camp dam airport base river
    valley mountains mountain strip bank square bridge street road crossing border airbase plain desert
    sea gulf lake island islands coast port harbour harbor"""
)

#: Title words that come before a place name within a place name, not before a surname.
_PLACE_HEAD_WORDS = tables.words(
    "north south east west northern southern eastern western central greater upper lower old new "
    "northeast northwest southeast southwest northeastern northwestern southeastern southwestern"
)

_DIRS = r"north|south|east|west|north-?east|north-?west|south-?east|south-?west"
_NEAR_RE = re.compile(r"\b(?:near|nearby|outside|around|close to|not far from)\s+(?:the\s+)?$", re.I)
_OUTSKIRTS_RE = re.compile(r"\b(?:outskirts|edge|edges|suburbs|periphery|environs)\s+of\s+(?:the\s+)?$", re.I)
_DIR_OF_RE = re.compile(rf"\b({_DIRS})\s+of\s+(?:the\s+)?$", re.I)
_DIR_ADJ_RE = re.compile(rf"\b((?:{_DIRS})(?:ern)?|central)\s+(?:part of\s+)?$", re.I)
_PROVINCE_BEFORE_RE = re.compile(r"\b(?:province|governorate|region|state) of\s+$", re.I)
_ARTICLE_PREFIX_RE = re.compile(r"^(?:al|el|ad|as|ash|ar|an|at|az|ath|adh|ed|es|en|er|et|ez)[-‑ ]")
_LOOKBEHIND = 40  # characters before a span searched for its qualifier


@dataclass
class Span:
    """One candidate toponym in the text."""

    start: int
    end: int
    text: str  # the surface as reported
    name: str  # what is looked up (kind words removed)
    qualifier: str | None = None  # near, outskirts, "north of", northern, province, district
    from_ruler: bool = False
    label: str = "GPE"
    sent_start: int = 0
    sent_end: int = 0
    within: int | None = None  # index of the span that qualifies it ("Paris, Tenn.")


def demonym_countries(sdoc: Any) -> list[str]:
    """ISO2 codes of every demonym in the text ("Iraqi forces" -> IQ), in order."""
    out = []
    for tok in sdoc:
        if tok.is_title or tok.is_upper:
            cc = tables.DEMONYMS.get(tok.lower_)
            if cc:
                out.append(cc)
    return out


def find_spans(sdoc: Any, has_name: Any) -> list[Span]:
    """Place spans of a parsed document; `has_name(name)` says whether the gazetteer knows a name."""
    text = sdoc.text
    spans: list[Span] = []
    for ent in sdoc.ents:
        if ent.label_ not in _PLACE_LABELS:
            continue
        for part in _split_possessive(ent):
            span = _clean(part, ent, text, has_name)
            if span is not None:
                spans.append(span)
    spans.sort(key=lambda s: s.start)
    for i in range(len(spans) - 1):
        between = text[spans[i].end : spans[i + 1].start]
        if between.strip() == "," and spans[i].sent_start == spans[i + 1].sent_start:
            spans[i].within = i + 1
    return spans


def _split_possessive(ent: Any) -> list[Any]:
    """ "Mosul's Old City" -> [Mosul, Old City]; other entities unchanged."""
    for tok in ent:
        if tok.lower_ in ("'s", "’s") and tok.i > ent.start and tok.i + 1 < ent.end:
            doc = ent.doc
            return [doc[ent.start : tok.i], doc[tok.i + 1 : ent.end]]
    return [ent]


def _clean(part: Any, ent: Any, text: str, has_name: Any) -> Span | None:
    doc = part.doc
    s, e = part.start, part.end
    while s < e and (doc[s].lower_ == "the" or doc[s].is_punct):
        s += 1
    while e > s and (doc[e - 1].lower_ in ("'s", "’s", "'") or doc[e - 1].is_punct) and doc[e - 1].text != ".":
        e -= 1
    if s >= e:
        return None
    span = doc[s:e]
    surface = span.text
    if not any(ch.isalpha() for ch in surface) or name_keys(surface)[0] in _NOT_PLACES:
        return None
    from_ruler = ent.ent_id_ == _RULER_ID
    head = _ARTICLE_PREFIX_RE.sub("", surface)
    if from_ruler and not any(w[:1].isupper() or w[:1].isdigit() for w in head.split()):
        return None  # the ruler matches lowercase words too: "hit", "bar"; "al-Jadida", "west Mosul" are fine
    if _looks_like_person(doc, s, e, from_ruler):
        return None
    sent = span.sent
    name, qualifier = surface, None
    last = doc[e - 1].lower_
    if e - s > 1 and last in _KIND_WORDS and not has_name(surface):
        name, qualifier = doc[s : e - 1].text, _KIND_WORDS[last]
    elif e < len(doc) and doc[e].lower_ in _KIND_WORDS and e < sent.end:
        qualifier = _KIND_WORDS[doc[e].lower_]
    if ent.label_ == "FAC" and not has_name(name):
        return None
    before = text[max(sent.start_char, span.start_char - _LOOKBEHIND) : span.start_char]
    if qualifier is None:
        qualifier = _qualifier_before(before)
    return Span(span.start_char, span.end_char, surface, name, qualifier, from_ruler, ent.label_,
                sent.start_char, sent.end_char)


def _qualifier_before(before: str) -> str | None:
    if _OUTSKIRTS_RE.search(before):
        return "outskirts"
    if _NEAR_RE.search(before):
        return "near"
    m = _DIR_OF_RE.search(before)
    if m:
        return f"{m.group(1).lower().replace('-', '')} of"
    if _PROVINCE_BEFORE_RE.search(before):
        return "province"
    m = _DIR_ADJ_RE.search(before)
    if m:
        return m.group(1).lower().replace("-", "")
    return None


def _looks_like_person(doc: Any, s: int, e: int, from_ruler: bool) -> bool:
    """A name glued to a capitalised non-place word is part of a person's or an outlet's name:
    "Michael Jordan", "Jordan Peterson", "Washington Post". The statistical NER weighed the
    context already, so its own spans are only checked against a PERSON just before them."""
    if s > 0:
        prev = doc[s - 1]
        if (prev.is_title and prev.pos_ == "PROPN" and not prev.is_sent_start and prev.whitespace_
                and prev.lower_ not in _PLACE_HEAD_WORDS
                and (prev.ent_type_ == "PERSON" or (from_ruler and prev.ent_type_ == ""))):
            return True
    if from_ruler and e < len(doc):
        nxt = doc[e]
        if (nxt.is_title and nxt.pos_ == "PROPN" and nxt.ent_type_ in ("", "PERSON")
                and nxt.lower_ not in _PLACE_TAIL_WORDS and doc[e - 1].whitespace_):
            return True
    return False
