"""Toponym recognition: place spans out of a parsed spaCy Doc, with their qualifiers.

Spans come from spaCy's GPE/LOC/FAC entities, which include the gazetteer's EntityRuler matches
(ent_id "warwatch-gazetteer"). False friends are dropped here: organisations named like places
("Islamic State"), people named like places ("Michael Jordan said"), lowercase words the LOWER-
matching ruler caught ("hit" is also an Iraqi town). Demonyms are collected as context, not places.
Names in a place-naming frame ("the town of X", "the X district") are added where no entity covers
them. Each span is given its role in the sentence (dateline, headline, an actor's modifier, a
landmark's place, a speaker's seat, a fronted "In X, ...") and the path of heads it hangs from, which the choice of an
event's place reads (resolve.event_place).
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
        "Islamic State",
        "Islamic State of Iraq",
        "Islamic State of Iraq and the Levant",
        "Islamic State of Iraq and Syria",
        "ISIS",
        "ISIL",
        "IS",
        "Daesh",
        "Levant",
        "White House",
        "Pentagon",
        "Kremlin",
        "State Department",
        "Capitol",
        "Capitol Hill",
        "Downing Street",
        "Hezbollah",
        "Hamas",
        "Taliban",
        "Al Qaeda",
        "al-Shabaab",
        "Boko Haram",
        "Houthis",
        "Houthi",
        "Web",
        "Internet",
    )
)

#: Words after a name that say what kind of place it is; precision follows the kind.
_KIND_WORDS = {
    "province": "province",
    "governorate": "province",
    "region": "province",
    "state": "province",
    "oblast": "province",
    "prefecture": "province",
    "wilayat": "province",
    "district": "district",
    "county": "district",
    "territory": "district",
    "municipality": "district",
    "area": "area",
    "neighbourhood": "area",
    "neighborhood": "area",
    "quarter": "area",
    "suburb": "area",
}

#: Qualifiers that make a name a part of a town when the text is about one ("the Medina district",
#: "the Shaab area"): resolved inside that town first (see resolve._Context._local).
LOCAL_QUALIFIERS = frozenset({"district", "area"})

#: Nouns naming who acts or speaks; a place modifying one ("the Gaza health ministry", "US forces") or
#: attached to one by a preposition ("the health ministry in Gaza said") places the actor, not the event.
_ACTOR_NOUNS = tables.words(
    """ministry ministries government governments official officials authority authorities force forces army
    armies military militaries police troops soldiers jets warplanes aircraft drones navy spokesman spokesperson
    spokeswoman governor council media president leader leaders embassy ambassador envoy agency agencies
    department office command commander commanders coalition administration regime observatory monitor group
    groups minister ministers prosecutor prosecutors court officer officers sources source statement channel
    broadcaster television tv radio newspaper outlet correspondent reporter reporters residents activists"""
)

#: Nouns naming a landmark: a place modifying one ("the Lekki toll gate", "the Kabul airport", "the Mosul
#: dam") says where the landmark, and so the event at it, is; unlike a country owning an actor or a weapon.
_LANDMARK_NOUNS = tables.words(
    """gate gates tollgate toll plaza mosque mosques church cathedral temple shrine synagogue market markets
    marketplace bazaar hospital hospitals clinic school schools university campus college checkpoint checkpoints
    station terminal stadium prison jail camp airport airfield port harbour harbor dam bridge highway motorway
    expressway junction roundabout interchange square park hotel mall refinery factory plant mine barracks
    compound palace parliament museum tower railway depot"""
)

#: Nouns naming a person by title or post: a place hanging from one ("the director general of the
#: Zaporizhzhia plant", "the mayor of Melitopol") describes the person, not where the event happened.
_TITLE_NOUNS = tables.words(
    """director general head chief mayor deputy chairman chairwoman chair ceo manager editor founder rector
    dean bishop imam priest rabbi mufti member members lawmaker deputies senator councillor councilor
    representative emir sheikh elder elders headmaster principal"""
)

#: Movement that a trigger's clause may carry ("as he drove from A to B", "on his way to B", "on the road
#: between A and B"): its destination, or the road's two ends, is a good place for the event.
_MOVE_LEMMAS = tables.words("drive travel head return go walk ride move flee fly sail journey commute")
_ROUTE_NOUNS = tables.words("way road highway motorway route journey trip drive")
_TO_PREPS = frozenset({"to", "toward", "towards", "into"})

#: Verbs of saying: a place as their subject ("Kabul said", "Washington denied") stands for a government.
_SAY_LEMMAS = tables.words("say tell report announce claim deny confirm state add warn accuse urge condemn blame")

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
    part_of: int | None = None  # index of the town it is a part of ("the Shaab area of northern Baghdad")
    role: str | None = None  # dateline, headline, nav, modifier, claimant, fronted (see ROLES)
    heads: tuple[int, ...] = ()  # character offsets of the tokens it hangs from, nearest first


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
        for part in (line for piece in _split_possessive(ent) for line in _split_lines(piece)):
            span = _clean(part, ent, text, has_name)
            if span is not None:
                spans.append(span)
    spans = _with_cued_spans(sdoc, spans)
    spans.sort(key=lambda s: s.start)
    for i in range(len(spans) - 1):
        between = text[spans[i].end : spans[i + 1].start]
        if spans[i].sent_start != spans[i + 1].sent_start:
            continue
        if between.strip() == ",":
            spans[i].within = i + 1
        elif _PART_OF_RE.match(between):
            spans[i].part_of = i + 1
    _mark_roles(sdoc, spans)
    return spans


# ----------------------------------------------------------------------------------------------
# Names the statistical NER misses, found by the words around them

_NAME_WORD = r"(?:[A-Z][\w'’]*(?:-[A-Za-z][\w'’]*)*|(?:al|el|ad|as|ash|ar|an|at|az|ed|es|en|er)-[A-Z][\w'’]*)"
_NAME = rf"{_NAME_WORD}(?: (?:{_NAME_WORD}|al|el|bin|ibn|de|du))*"
#: "the town of Khan Sheikhoun", "the village of Hamdaniya": whatever follows names a settlement.
_TOWN_OF_RE = re.compile(
    rf"\b(?:town|village|city|hamlet|settlement|district|province|governorate|region) of ({_NAME})"
    rf"(?=[\s,.;:)]|$)"
)
#: "the Tal al-Sultan area of", "the Hodan district": a named part of a place.
_AREA_RE = re.compile(rf"\bthe ({_NAME}) (?:area|district|neighbou?rhood|quarter|suburb|camp)s?\b")
_NOT_PLACE_ENTS = ("NORP", "DATE", "TIME", "MONEY", "QUANTITY")
_PART_OF_RE = re.compile(
    r"^\s*(?:area|district|neighbou?rhood|quarter|suburb|part|parts|camp)s?\s+of\s+(?:the\s+)?"
    r"(?:(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+|central\s+)?$",
    re.I,
)


def _with_cued_spans(sdoc: Any, found: list[Span]) -> list[Span]:
    """The spans plus capitalised names in a place-naming frame ("the town of X", "the X district"):
    the small NER model misses many transliterated names, and the frame itself says place. A frame's
    name replaces shorter spans inside it ("Tal" of "the Tal al-Sultan area")."""
    text = sdoc.text
    out = list(found)
    for rx in (_TOWN_OF_RE, _AREA_RE):
        for m in rx.finditer(text):
            start, end = m.span(1)
            name = m.group(1)
            inside = [s for s in out if start <= s.start and s.end <= end]
            if any(s.start < end and start < s.end for s in out if s not in inside):
                continue
            if name_keys(name)[0] in _NOT_PLACES or (inside and len(inside[0].text) == len(name)):
                continue
            if all(w.lower() in _PLACE_HEAD_WORDS or w.lower() in _PLACE_TAIL_WORDS for w in name.split()):
                continue  # "the North district", "the City area": no name in it
            span = sdoc.char_span(start, end, alignment_mode="expand")
            # the frame outweighs the NER's guess of a person or an organisation ("the town of Khan Sheikhoun")
            blocked = _NOT_PLACE_ENTS if rx is _TOWN_OF_RE else (*_NOT_PLACE_ENTS, "PERSON", "ORG")
            if span is None or any(t.ent_type_ in blocked for t in span):
                continue
            out = [s for s in out if s not in inside]
            sent = span.sent
            before = text[max(sent.start_char, start - _LOOKBEHIND) : start]
            qualifier = "area" if rx is _AREA_RE else _qualifier_before(before)
            out.append(Span(start, end, name, name, qualifier, False, "LOC", sent.start_char, sent.end_char))
    return out


# ----------------------------------------------------------------------------------------------
# What a place does in its sentence

#: A wire dateline opening a line: "BEIRUT, April 4 (Meridian) -", "MANDALAY, Myanmar, Feb 20 (X) -",
#: "MOGADISHU (X) -"; the places in it say where the reporter files from.
_DATELINE_RE = re.compile(
    r"^[A-Z][A-Z .'’-]+(?:,\s*[A-Z][\w .'’-]{1,30}){0,2}(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s*(?:\([^)\n]{1,40}\))?\s*(?:[-\u2013\u2014:]+|$)",
    re.M,  # matched from the start of a line that need not open the text
)
#: A body paragraph is a line of at least this many words; shorter lines before the first one are
#: the page's headline, menu and date lines (set on the scraped sample pages).
_BODY_LINE_WORDS = 20
_HEADLINE_WORDS = 4  # a preamble line this long is a headline; shorter ones are menus and labels
_MAX_HEADS = 12  # deeper than any place-to-trigger path in news sentences; bounds the walk


def _mark_roles(sdoc: Any, spans: list[Span]) -> None:
    text = sdoc.text
    body_start = _body_start(text)
    for span in spans:
        tok = _root_token(sdoc, span)
        if tok is not None:
            span.heads = _head_path(tok)
        line_start = text.rfind("\n", 0, span.start) + 1
        if span.start < body_start:
            line_end = text.find("\n", span.start)
            line = text[line_start : line_end if line_end >= 0 else len(text)]
            span.role = "headline" if len(line.split()) >= _HEADLINE_WORDS else "nav"
            continue
        m = _DATELINE_RE.match(text, line_start)
        if m and span.end <= m.end() and m.group(0).strip()[-1:] in "-\u2013\u2014:":
            span.role = "dateline"
            continue
        if tok is not None:
            span.role = _syntactic_role(tok, span)


def _body_start(text: str) -> int:
    pos = 0
    for line in text.split("\n"):
        if len(line.split()) >= _BODY_LINE_WORDS:
            return pos
        pos += len(line) + 1
    return 0


def _root_token(sdoc: Any, span: Span) -> Any:
    cs = sdoc.char_span(span.start, span.end, alignment_mode="expand")
    return cs.root if cs is not None and len(cs) else None


def _head_path(tok: Any) -> tuple[int, ...]:
    out: list[int] = []
    while tok.head.i != tok.i and len(out) < _MAX_HEADS:
        tok = tok.head
        out.append(tok.idx)
    return tuple(out)


def _syntactic_role(tok: Any, span: Span) -> str | None:
    """modifier: "the Gaza health ministry", "Israel's military", "US-led"; owner: "US air strikes";
    landmark: "the Lekki toll gate", "the Kabul airport";
    claimant: "the health ministry in Gaza said", "Kabul denied"; fronted: "In Yangon, ...";
    affiliation: "the mayor of Melitopol"; route: "as he drove to the town of Enerhodar"."""
    if _is_affiliation(tok):
        return "affiliation"
    route = _route(tok)
    if route is not None:
        if route == "between" and span.qualifier is None:
            span.qualifier = "between"
        return "route"
    head = tok.head
    if tok.dep_ in ("compound", "amod", "nmod", "poss", "npadvmod") and head.i != tok.i:
        if head.lower_ in ("led", "backed", "based", "funded", "supported", "allied", "made"):
            return "modifier"
        landmark = head.head if head.dep_ == "compound" and head.head.i != head.i else head
        if head.pos_ in ("NOUN", "PROPN") and landmark.lower_ in _LANDMARK_NOUNS and head.lower_ not in _ACTOR_NOUNS:
            return "landmark"
        if (
            head.pos_ in ("NOUN", "PROPN")
            and head.lower_ not in _PLACE_TAIL_WORDS
            and head.ent_type_ not in _PLACE_LABELS
        ):
            # a country qualifying a thing is its owner ("US strikes"); a town only qualifies an actor so
            # ("Mosul police"); "the Mosul offensive" is an event there
            return "modifier" if head.lemma_.lower() in _ACTOR_NOUNS or head.lower_ in _ACTOR_NOUNS else "owner"
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.i != head.i:
        gov = head.head
        if gov.pos_ in ("NOUN", "PROPN") and (gov.lower_ in _ACTOR_NOUNS or gov.lemma_.lower() in _ACTOR_NOUNS):
            return "claimant"
        first = [t for t in tok.sent if not t.is_space]
        if head.lower_ in ("in", "at", "on", "near", "across", "inside", "outside") and first and first[0].i == head.i:
            after = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            if after is not None and after.text == ",":
                return "fronted"
    if tok.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in _SAY_LEMMAS:
        return "claimant"
    return None


def _above_frame(tok: Any) -> Any:
    """The noun a name stands for when it sits in a naming frame: "the town of X" -> town; else X."""
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.i != head.i and head.head.lower_ in _PLACE_TAIL_WORDS:
        return head.head
    return tok


def _is_affiliation(tok: Any) -> bool:
    """A place in a person's title: "the director general of X", "the mayor of the town of X", "the
    director of the X power plant", "the director of X's main hospital"."""
    while (
        tok.dep_ in ("compound", "nmod", "amod", "poss") and tok.head.i != tok.i and tok.head.pos_ in ("NOUN", "PROPN")
    ):
        tok = tok.head
    tok = _above_frame(tok)
    head = tok.head
    if tok.dep_ != "pobj" or head.lower_ != "of" or head.head.i == head.i:
        return False
    gov = head.head
    return gov.pos_ in ("NOUN", "PROPN") and gov.lower_ in _TITLE_NOUNS


def _route(tok: Any) -> str | None:
    """ "to" for the destination of a movement ("drove from A to B", "on his way to B"), "between" for
    an end of a road ("on the road between A and B"); None when the name is neither. A moving verb counts
    only as a clause under another ("as he drove to B"): "took Dessie and were moving toward B" is a
    second event, not the journey of the first."""
    tok = _above_frame(tok)
    if tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = _above_frame(tok.head)  # "between A and B": B hangs from A
    head = tok.head
    if tok.dep_ != "pobj" or head.i == tok.i or head.head.i == head.i:
        return None
    gov = head.head
    if head.lower_ in _TO_PREPS and (
        (gov.pos_ == "VERB" and gov.lemma_.lower() in _MOVE_LEMMAS and gov.dep_ == "advcl")
        or (gov.pos_ == "NOUN" and gov.lower_ in _ROUTE_NOUNS)
    ):
        return "to"
    if head.lower_ == "between" and gov.pos_ == "NOUN" and gov.lower_ in _ROUTE_NOUNS:
        return "between"
    return None


def _split_possessive(ent: Any) -> list[Any]:
    """ "Mosul's Old City" -> [Mosul, Old City]; other entities unchanged."""
    for tok in ent:
        if tok.lower_ in ("'s", "’s") and tok.i > ent.start and tok.i + 1 < ent.end:
            doc = ent.doc
            return [doc[ent.start : tok.i], doc[tok.i + 1 : ent.end]]
    return [ent]


def _split_lines(part: Any) -> list[Any]:
    """A span the NER ran across a line break (a headline "Lagos" and the dateline "LAGOS" under it)
    is one name per line."""
    doc = part.doc
    out, start = [], part.start
    for tok in part:
        if tok.is_space and "\n" in tok.text:
            out.append(doc[start : tok.i])
            start = tok.i + 1
    out.append(doc[start : part.end])
    return [p for p in out if len(p)]


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
    if not any(w[:1].isupper() or w[:1].isdigit() for w in head.split()):
        # the ruler matches lowercase words too ("hit", "bar") and the NER tags some ("the metro");
        # "al-Jadida", "west Mosul" are fine
        return None
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
    return Span(
        span.start_char, span.end_char, surface, name, qualifier, from_ruler, ent.label_, sent.start_char, sent.end_char
    )


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
        if (
            prev.is_title
            and prev.pos_ == "PROPN"
            and not prev.is_sent_start
            and prev.whitespace_
            and prev.lower_ not in _PLACE_HEAD_WORDS
            and (prev.ent_type_ == "PERSON" or (from_ruler and prev.ent_type_ == ""))
        ):
            return True
    if from_ruler and e < len(doc):
        nxt = doc[e]
        if (
            nxt.is_title
            and nxt.pos_ == "PROPN"
            and nxt.ent_type_ in ("", "PERSON")
            and nxt.lower_ not in _PLACE_TAIL_WORDS
            and doc[e - 1].whitespace_
        ):
            return True
    return False
