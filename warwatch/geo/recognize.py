"""Toponym recognition: place spans out of a parsed spaCy Doc, with their qualifiers.

Spans come from spaCy's GPE/LOC/FAC entities, which include the gazetteer's EntityRuler matches
(ent_id "warwatch-gazetteer"). False friends are dropped here: organisations named like places
("Islamic State"), people named like places ("Michael Jordan said"), lowercase words the LOWER-
matching ruler caught ("hit" is also an Iraqi town). Demonyms become spans naming their country with
the role "demonym" (context for resolution, never an event's place). Names in a place-naming frame
("the town of X", "the X district") are added where no entity covers them, and so are places that
open an organisation's name ("the Ohio Department of Health"), place names the NER took for a person
or an organisation where a locative says place, US state codes after a town and wire datelines.
Each span is given its role in the sentence (dateline, headline, an actor's modifier, a landmark's
place, a speaker's seat, a fronted "In X, ...") and the path of heads it hangs from, which the
choice of an event's place reads (resolve.event_place).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..nlp import doc_text
from . import tables
from .gazetteer import COMMON_WORDS, name_keys

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: The most words after a place entity that may finish its name ("Chula" + "Vista", "Sinking" + "Spring").
_JOIN_WORDS = 2
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
        # a US city's metropolitan police or transit ("Metro police said", "what Metro says")
        "Metro",
        # a US state in court ("the Commonwealth's motion", "Commonwealth's Attorney") or the
        # association of nations, never the villages of that name
        "Commonwealth",
        # weekday abbreviations of a date line ("Posted Thurs, May 5")
        *["Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat"],
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
    "neighbourhood": "neighbourhood",
    "neighborhood": "neighbourhood",
    "quarter": "neighbourhood",
    "suburb": "area",
}

#: Qualifiers that make a name a part of a town when the text is about one ("the Medina district",
#: "the Shaab area"): resolved inside that town first (see resolve._Context._place_parts).
LOCAL_QUALIFIERS = frozenset({"district", "area", "neighbourhood", "street"})
#: Of those, the ones naming a small part (a neighbourhood, a street, "the West Side") rather than a
#: district that may be a whole county: such a name resolves within a city's radius of the story's
#: town, never to a namesake town elsewhere in the same country (a Chicago story's "Austin
#: neighborhood" is no part of Texas).
TOWN_PART_QUALIFIERS = frozenset({"neighbourhood", "street"})

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

#: Nouns naming a person by where they live: a town modifying one ("a Dayton man was shot in Columbus") says
#: where the person is from, not where the event happened.
_RESIDENT_NOUNS = tables.words(
    """man men woman women boy boys girl girls teen teens teenager teenagers youth resident residents native
    natives couple family student students mother father son daughter"""
)

#: Nouns naming one person, whose "of X" or "from X" is his or her home town.
_PERSON_NOUNS = tables.words("""man woman boy girl teen teenager male female youth resident native student""")

#: Nouns naming a landmark: a place modifying one ("the Lekki toll gate", "the Kabul airport", "the Mosul
#: dam") says where the landmark, and so the event at it, is; unlike a country owning an actor or a weapon.
_LANDMARK_NOUNS = tables.words(
    """gate gates tollgate toll plaza mosque mosques church cathedral temple shrine synagogue market markets
    marketplace bazaar hospital hospitals clinic school schools university campus college checkpoint checkpoints
    station terminal stadium prison jail camp airport airfield port harbour harbor dam bridge highway motorway
    expressway junction roundabout interchange square park hotel mall refinery factory plant mine barracks
    compound palace parliament museum tower railway depot"""
)

#: A hospital a victim was taken to or treated at ("flown to a hospital in B", "died at a clinic in B"):
#: its town is where the victim was cared for, not where the harm was done (unlike "shells hit a hospital
#: in B"); the nouns, and the lemmas of the verbs that bring a victim there.
_CARE_NOUNS = tables.words("hospital hospitals clinic clinics")
#: A centre is a hospital when one of these qualifies it ("the Regional Medical Center", "a trauma centre").
_CARE_CENTRES = tables.words("center centre")
_CARE_CENTRE_WORDS = tables.words("medical trauma health")
_CARE_VERBS = tables.words(
    """take fly rush transport airlift drive bring carry die treat pronounce admit hospitalize hospitalise
    evacuate transfer drop list remain"""
)
#: Nouns of a victim's state that a hospital follows ("in critical condition at a hospital in B", "in
#: intensive care in hospitals in B").
_CARE_STATES = tables.words("condition care")

#: Nouns naming a person by title or post: a place hanging from one ("the director general of the
#: Zaporizhzhia plant", "the mayor of Melitopol") describes the person, not where the event happened.
_TITLE_NOUNS = tables.words(
    """director general head chief mayor deputy chairman chairwoman chair ceo manager editor founder rector
    dean bishop imam priest rabbi mufti member members lawmaker deputies senator councillor councilor
    representative emir sheikh elder elders headmaster principal"""
)

#: Words that follow a place name inside the name of a local institution or a post ("the Toronto Police
#: Services Board", "Dublin Community Recreation Center", "Harare Mayor", "the Texas Department of
#: Transportation"): they keep a gazetteer match from being read as a person's name, and they mark the
#: place at the head of an organisation's name.
INSTITUTION_WORDS = (
    _ACTOR_NOUNS
    | _LANDMARK_NOUNS
    | _TITLE_NOUNS
    | tables.words(
        """archbishop sheriff sheriffs fire firefighters rescue transit commission commissioners board boards
        bureau community recreation public schools library zoo historical society chamber convention visitors
        county city state high middle elementary junior superior supreme district circuit municipal regional
        metropolitan metro area arts health medical center centre centers club league association union
        federation foundation institute academy symphony orchestra theatre theater museum services service
        division county's city's legislature assembly senate congress house borough township parish village
        town utilities water electric power gas railroad airlines"""
    )
)

#: Movement that a trigger's clause may carry ("as he drove from A to B", "on his way to B", "on the road
#: between A and B"): its destination, or the road's two ends, is a good place for the event.
_MOVE_LEMMAS = tables.words("drive travel head return go walk ride move flee fly sail journey commute")
_ROUTE_NOUNS = tables.words("way road highway motorway route journey trip drive")
_TO_PREPS = frozenset({"to", "toward", "towards", "into"})

#: Verbs of saying: a place as their subject ("Kabul said", "Washington denied") stands for a government.
_SAY_LEMMAS = tables.words("say tell report announce claim deny confirm state add warn accuse urge condemn blame")
#: Verbs whose passive subject is a person held by the police ("Ortega was arrested").
_HELD_LEMMAS = tables.words("arrest charge book identify detain jail sentence convict indict")

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
_DIRECTION_WORDS = tables.words(
    """north south east west northeast northwest southeast southwest northern southern eastern western
    northeastern northwestern southeastern southwestern central"""
)
_NEAR_RE = re.compile(r"\b(?:near|nearby|outside|around|close to|not far from)\s+(?:the\s+)?$", re.I)
_OUTSKIRTS_RE = re.compile(r"\b(?:outskirts|edge|edges|suburbs|periphery|environs)\s+of\s+(?:the\s+)?$", re.I)
_DIR_OF_RE = re.compile(rf"\b({_DIRS})\s+of\s+(?:the\s+)?$", re.I)
_DIR_ADJ_RE = re.compile(rf"\b((?:{_DIRS})(?:ern)?|central)\s+(?:part of\s+)?$", re.I)
_PROVINCE_BEFORE_RE = re.compile(r"\b(?:province|governorate|region|state) of\s+$", re.I)
#: "the West Side", "the North End", "the Near South Side": a part of the story's town, never the
#: town called "Side" or "End" somewhere else.
_TOWN_PART_RE = re.compile(
    rf"^(?:(?:near|far|lower|upper|old)\s+)?(?:(?:{_DIRS})(?:ern)?|central)(?:\s+|-)(?:side|end)$", re.I
)
#: Compass words alone ("in the West", "South", "Northeast") name no place the gazetteer can hold.
#: ("the North West" of South Africa is a province: two-word names stay.)
#: The compass words before a bare "Side" or "End" that the gazetteer's ruler matched alone.
_TOWN_PART_LEAD_RE = re.compile(rf"(?:\b(?:near|far|lower|upper|old)\s+)?\b(?:(?:{_DIRS})(?:ern)?|central)[\s-]$", re.I)
_COMPASS_RE = re.compile(rf"^(?:(?:{_DIRS})(?:ern)?|central)$", re.I)
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
    country: str | None = None  # a demonym's country (ISO2): the span names that country
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


#: How many different tables.US_NEWS_MARKERS a text must hold to count as US news; set on the geoparse
#: development file, where one alone (a time "at 7 p.m.") turns up in wire stories from abroad too.
_US_NEWS_MARKERS_NEEDED = 2
_US_NEWS_PATTERNS = tuple(re.compile(p) for p in tables.US_NEWS_MARKERS)


def style_countries(sdoc: Any) -> list[str]:
    """ISO2 codes of the countries whose local news the text reads like: ["US"] for a text with the
    institutions and AP style of US local news ("the Athens Police Department", "at 7 p.m."), else []."""
    text = doc_text(sdoc)
    found = sum(1 for pattern in _US_NEWS_PATTERNS if pattern.search(text))
    return ["US"] if found >= _US_NEWS_MARKERS_NEEDED else []


def find_spans(sdoc: Any, has_name: Any, rank: Any = None, in_state: Any = None) -> list[Span]:
    """Place spans of a parsed document; `has_name(name)` says whether the gazetteer knows a name,
    `rank(name)` how strongly it is a place name (see NAME_RANKS), `in_state(name, state)` whether it
    knows a town of that name in that US state; without `rank` only the entities and the naming frames
    are read."""
    text = doc_text(sdoc)
    spans: list[Span] = []
    sure = (lambda name: rank(name) >= _PART_RANK) if rank is not None else has_name
    # a name that matches only another place's alternate name ("West Charlotte" for a village in
    # Vermont) is not known for what it says
    known = (lambda name: rank(name) >= 1) if rank is not None else has_name
    for ent in _joined_places(sdoc, known):
        if ent.label_ not in _PLACE_LABELS:
            continue
        for part in (line for piece in _split_possessive(ent) for line in _split_lines(piece)):
            span = _clean(part, ent, text, has_name, sure, known)
            if span is not None:
                spans.append(span)
    spans = _with_street_spans(sdoc, _with_cued_spans(sdoc, spans))
    if rank is not None:
        spans = _with_embedded_spans(sdoc, spans, rank, in_state)
        spans = _without_persons_names(sdoc, spans, rank)
    spans.sort(key=lambda s: s.start)
    for span in spans:
        listed = _COUNTIES_AFTER_RE.match(text, span.end)
        if listed and span.qualifier is None:
            county = f"{span.name} {'Parish' if listed.group(1).lower() == 'parishes' else 'County'}"
            if has_name(county):
                span.name = county  # "Camden" of "Camden and Charlton counties"
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
_AREA_RE = re.compile(rf"\bthe ({_NAME}) (area|district|neighbou?rhood|quarter|suburb|camp)s?\b")
#: "Wilcox Street", "N. Bedford Drive", "14th St.", "Dale and Walnut streets": a street names where
#: an event happened (a part of the story's town, see resolve), never a town called Walnut elsewhere.
_STREET_WORDS = r"(?:[Ss]treets?|St\.|[Aa]venues?|Ave\.|Road|road|Rd\.|[Bb]oulevard|Blvd\.|[Dd]rive|[Ll]ane|[Pp]arkway)"
_STREET_NAME_WORD = rf"(?:{_NAME_WORD}|[A-Z]\.|\d{{1,3}}(?:st|nd|rd|th))"  # "N. Bedford", "14th"
_STREET_RE = re.compile(rf"\b({_STREET_NAME_WORD}(?: {_STREET_NAME_WORD})*) {_STREET_WORDS}(?![\w-])")
#: "the 1900 block of Dover", "the 400 block of N. Bedford": US police write a street after "block of",
#: with or without its "Street".
_BLOCK_OF_RE = re.compile(rf"\bblock of ((?:[NSEW]\. )?{_NAME_WORD}(?: {_NAME_WORD})?)(?![\w-])")
#: Words that open a sentence or a phrase before a street's name, not part of it ("On Main Street").
_STREET_LEADS = tables.words("the a an on in at of near along from to by into onto off and or but for with")
_NOT_PLACE_ENTS = ("NORP", "DATE", "TIME", "MONEY", "QUANTITY")
#: The rest of a list of counties after one of its names: "Camden and Charlton counties", "Navarro,
#: Henderson and Ellis counties": each name of the list is a county's.
_COUNTIES_AFTER_RE = re.compile(
    rf"(?:(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+){_NAME_WORD}(?: {_NAME_WORD})?)*\s+([Cc]ounties|[Pp]arishes)\b"
)
_PART_OF_RE = re.compile(
    r"^\s*(?:area|district|neighbou?rhood|quarter|suburb|part|parts|camp)s?\s+of\s+(?:the\s+)?"
    r"(?:(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+|central\s+)?$",
    re.I,
)


def _with_street_spans(sdoc: Any, found: list[Span]) -> list[Span]:
    """The spans plus street names ("on Wilcox Street", "the 400 block of N. Bedford Drive"), each with
    the qualifier "street"; a street replaces the spans inside it ("Walnut" of "Walnut Street")."""
    text = doc_text(sdoc)
    out = list(found)
    matches = [*_STREET_RE.finditer(text), *_BLOCK_OF_RE.finditer(text)]
    for m in matches:
        start = m.start(1)
        words = m.group(1).split(" ")
        for k, word in enumerate(words[:-1]):
            if word.endswith(("'s", "’s")):  # "Augusta's Highland Avenue": the street starts after the town
                start += sum(len(w) + 1 for w in words[: k + 1])
                words = words[k + 1 :]
                break
        while words and words[0].lower() in _STREET_LEADS:
            start += len(words.pop(0)) + 1
        if not words:
            continue
        end = m.end(1) if m.re is _BLOCK_OF_RE else m.end()
        inside = [s for s in out if start <= s.start and s.end <= end]
        if any(s.start < end and start < s.end for s in out if s not in inside):
            continue
        span = sdoc.char_span(start, end, alignment_mode="expand")
        if span is None or any(t.ent_type_ in _NOT_PLACE_ENTS for t in span):
            continue
        out = [s for s in out if s not in inside]
        sent = span.sent
        surface = text[start:end]
        out.append(Span(start, end, surface, surface, "street", False, "FAC", sent.start_char, sent.end_char))
    return out


def _with_cued_spans(sdoc: Any, found: list[Span]) -> list[Span]:
    """The spans plus capitalised names in a place-naming frame ("the town of X", "the X district"):
    the small NER model misses many transliterated names, and the frame itself says place. A frame's
    name replaces shorter spans inside it ("Tal" of "the Tal al-Sultan area")."""
    text = doc_text(sdoc)
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
            qualifier = _KIND_WORDS.get(m.group(2).lower(), "area") if rx is _AREA_RE else _qualifier_before(before)
            out.append(Span(start, end, name, name, qualifier, False, "LOC", sent.start_char, sent.end_char))
    return out


# ----------------------------------------------------------------------------------------------
# Places inside other entities, demonyms, state codes and wire datelines

#: rank(name) values: how surely a name is a place (set by resolve.locate from the gazetteer).
#: 0 unknown; 1 some place; 2 a town of 10,000+ or a county/district; 3 a country, a state or
#: province, a city of 100,000+.
NAME_RANKS = (0, 1, 2, 3)
#: An organisation named for a place ("Ohio State University", "the Walker County Sheriff's Office")
#: names the place first; a bare organisation-tagged name ("Boise", "Morocco") is a place when
#: this sure, or when a locative preposition comes before it.
_ORG_PREFIX_RANK = 1
#: A known part of an unknown name ("Henderson County" of "Henderson County Jail", "Georgia" of
#: "Northeast Georgia") stands for it only when this sure: a lone "Side" of "the South Side" is no place.
_PART_RANK = 2
_BARE_ENTITY_RANK = 3
_CUED_ENTITY_RANK = 1
_LOCATIVE_RE = re.compile(
    r"(?:\b(?:in|at|near|from|outside|toward|towards|across|through)|,\s*(?:\d+,\s*)?of)\s+(?:the\s+)?$"
)
#: The same for a name the NER took for a person: only a plain locative ("a call from Johnson" is not one).
_PERSON_LOCATIVE_RE = re.compile(r"(?:\b(?:in|at|near|outside)|,\s*(?:\d+,\s*)?of)\s+$")
_OTHER_LABELS = frozenset({"ORG", "PERSON", "PRODUCT", "WORK_OF_ART", "EVENT"})


def _state_pattern(names: bool) -> str:
    """A US state as written after a town and a comma: its AP abbreviation ("Ark."), its postal code ("AR")
    where a code can close a place's name (before the line's end, a dash, a bracket, punctuation or a masthead's
    next word: "Ridgeton, OR so" is no Oregon town, "Ridgeton, OR News" is), and with `names` its name
    ("Arkansas")."""
    abbreviations = "|".join(re.escape(a) for a in sorted(tables.US_STATE_ABBREVIATIONS, key=len, reverse=True))
    codes = rf"(?:{'|'.join(tables.US_STATES)})\b(?![\w-]|\.\w)(?=[ \t]*(?:[-\u2013\u2014(.,;:)!?\n]|$)|[ \t]+[A-Z])"
    full = rf"|(?:{'|'.join(sorted(tables.US_STATES.values(), key=len, reverse=True))})\b(?![.\w-])" if names else ""
    return rf"(?:{abbreviations}|{codes}{full})"


#: ", Calif." / ", TX" after a town: the state qualifying it.
_STATE_AFTER_RE = re.compile(rf",\s*({_state_pattern(names=False)})")
#: The same with the state's name, before which a town the NER left untagged is sought ("Millbrook, Ark.",
#: "Millbrook, AR", "Millbrook, Arkansas"), in a dateline, a masthead ("... - KQRS 4 Millbrook, Arkansas") or
#: running text.
_STATE_NAMED_RE = re.compile(rf",\s*({_state_pattern(names=True)})")
#: The most words of a town's name before its state ("Fort Ash Springs, Tex."); the shortest run of them that
#: the gazetteer knows in that state is the town ("Man Shot In Millbrook, AR" -> "Millbrook").
_TOWN_WORDS = 3
_TOWN_TAIL_CHARS = 100  # more than _TOWN_WORDS words of any town's name
_TOWN_TAIL_RE = re.compile(rf"(?<![\w'’.])((?:{_NAME_WORD} ){{0,{_TOWN_WORDS - 1}}}{_NAME_WORD})\Z")
#: A line set all in capitals this long is a headline or a shouted sentence, whose bare "OR" or "IN" is a word;
#: a dateline alone on its line ("RIDGETON, OR (AP) -") is shorter.
_CAPITALS_LINE_WORDS = 5
#: A town named before its police, its people, its shooting or a venue of it ("Bastrop police said", "a Salina
#: man", "the Allen shooting", "a Salina bar", and in a headline's capitals "Bastrop Fire Crews", "Salina Teen
#: Hurt"; a venue's noun in lower case only: "Lincoln Hotel" is a hotel's name), which the NER
#: leaves untagged in headlines and short local stories or tags as a person's name with the noun.
_TOWN_NOUN_RE = re.compile(
    r"\b([A-Z][a-z]+(?: [A-Z][a-z]+){0,2}) (?:([Pp]olice|[Ff]ire|[Ss]heriff(?:'s|’s)?|[Oo]fficers?)|[Mm][ae]n|"
    r"[Ww]om[ae]n|[Tt]een|teenager|boys?|girls?|kids?|children|residents?|shooting|"
    r"homicide|deputies|detectives|firefighters|native|couple|family|mother|father|students?|teens|"
    r"officials|mayor|city council|council|area|community|neighborhoods?|"
    r"bar|nightclub|hotel|motel|restaurant|apartments?|party)\b"
)
#: A town's own police or sheriff ("Millbrook police said"): a one-word name before them is no person's (see
#: _own_force).
_OWN_FORCE_RE = re.compile(r"[Pp]olice|[Ss]heriff")
#: A name before this many of a town's nouns in one text is the town's (set on the gva development file).
_TOWN_FRAMES = 2
#: A wire dateline's place in capitals: "ATLANTA (AP) -", "PLEASANTON, Calif. -"; at the start of a line, or
#: after a headline that runs on in the same line ("Council votes on budget. MANSFIELD - The council ...").
_DATELINE_NAME_RE = re.compile(
    r"(?:^[\u200b\ufeff]*|(?<=[.!?] ))([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})(?=\s*(?:,|\(|[-\u2013\u2014]))", re.M
)

_COMMA_RE = re.compile(r",\s*")


def _without_persons_names(sdoc: Any, spans: list[Span], rank: Any) -> list[Span]:
    """The spans less the one-word names that are the surname of a person the text names in full ("Annie
    Lopez ... Lopez told police"): the NER tags such a name alone as a place where the gazetteer holds a
    town of that name, but the story means the person. A full name's first word may be a title or a
    place ("Dover Mayor Jane Roe"), so only its last one counts; a city, a state or a country stays a
    place, and so does a name that the text sets as a place once (see _set_as_place)."""
    surnames = _surnames(sdoc)
    placed = _set_as_place(doc_text(sdoc), spans)
    return [
        s
        for s in spans
        if " " in s.name
        or (key := name_keys(s.name)[0]) not in surnames
        or key in placed
        or s.country
        or rank(s.name) >= _BARE_ENTITY_RANK
    ]


def _surnames(sdoc: Any) -> set[str]:
    """The keys of the last names of the persons the text names in full ("Annie Lopez" -> lopez)."""
    return {
        name_keys(ent[-1].text)[0]
        for ent in sdoc.ents
        if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].is_title and ent[-1].pos_ == "PROPN"
    }


def _set_as_place(text: str, spans: list[Span]) -> set[str]:
    """The keys of the names that the text sets as places at least once: after a plain locative ("shot in
    Dover"), in a dateline ("DOVER, Del. -"), before a state or another place ("Dover, Del.", "Dover, Kent
    County"), or after a settlement's or a part's noun ("the village of Dover", "the Dover area")."""
    starts = {s.start for s in spans}
    cued = {m.start(1) for rx in (_TOWN_OF_RE, _AREA_RE, _DATELINE_NAME_RE) for m in rx.finditer(text)}
    placed = set()
    for s in spans:
        after = _COMMA_RE.match(text, s.end)
        if (
            s.start in cued
            or _PERSON_LOCATIVE_RE.search(text[max(0, s.start - _LOOKBEHIND) : s.start]) is not None
            or _STATE_AFTER_RE.match(text, s.end) is not None
            or (after is not None and after.end() in starts)
        ):
            placed.add(name_keys(s.name)[0])
    return placed


def _town_as_people(cs: Any) -> bool:
    """Whether a one-word name the NER took for a people ("Ridgeton girl", "Millbrook kids") is a town's name
    that is no people's or country's adjective."""
    tok = cs[0]
    return (
        len(cs) == 1
        and tok.ent_type_ == "NORP"
        and tok.lower_ not in tables.DEMONYMS
        and tok.lower_ not in tables.PLACE_DEMONYMS
    )


def _own_force(cs: Any, headline: bool) -> bool:
    """Whether a name before "police" or "sheriff" is surely the force's town, whatever _persons_name says: a
    one-word name that the NER did not take for a person, or did in a headline (whose capitals it often
    misreads), before a force that modifies no other noun ("the Ridgeton police reform plan" names no force)."""
    force = cs.doc[cs.end] if cs.end < len(cs.doc) else None
    return len(cs) == 1 and (headline or cs[0].ent_type_ != "PERSON") and (force is None or force.dep_ != "compound")


def _persons_name(cs: Any, rank: Any, named: set[str]) -> bool:
    """Whether a name before a town's noun that the NER took for a person is one: a name of several words
    ("John Dayton"), or of one that is no city, state or country the text names as a place elsewhere; "a
    Gainesville man" the NER often reads as a person."""
    persons = [
        e for e in cs.doc.ents if e.label_ == "PERSON" and e.start < cs.end and cs.start < e.end and e.end <= cs.end
    ]  # one that runs on into the noun ("Salina Teen Hurt") is the NER's misreading of a headline
    if not persons:
        return False
    if len(persons) > 1 or (persons[0].start, persons[0].end) != (cs.start, cs.end) or len(cs) > 1:
        return True
    return rank(cs.text) < _BARE_ENTITY_RANK and name_keys(cs.text)[0] not in named


def _with_embedded_spans(sdoc: Any, found: list[Span], rank: Any, in_state: Any = None) -> list[Span]:
    """The spans plus demonyms, places that open an organisation's name, place names the NER took for a
    person or an organisation where the context says place, the capitalised place of a wire dateline,
    untagged towns before their state, and US state codes after a town."""
    text = doc_text(sdoc)
    body_start = _body_start(text)
    out = list(found)
    taken = [(s.start, s.end) for s in out]
    # one sense per document: a name the NER tags as a place somewhere is a place where it tags it otherwise
    named = {name_keys(s.name)[0] for s in found if s.label in _PLACE_LABELS}

    def free(start: int, end: int) -> bool:
        return not any(a < end and start < b for a, b in taken)

    def add(span: Span) -> None:
        out.append(span)
        taken.append((span.start, span.end))

    for ent in sdoc.ents:
        if ent.label_ == "NORP":
            demonym = _demonym_span(ent)
            if demonym is not None and free(demonym.start, demonym.end):
                add(demonym)
            continue
        if ent.label_ not in _OTHER_LABELS or not free(ent.start_char, ent.end_char):
            continue
        label = ent.label_
        ent = _split_lines(ent)[-1]  # "Weather\n\nThe Dover Police Department": the last line's name
        toks = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
        if not toks or (not toks[0].is_title and not toks[0].is_upper):
            continue
        if " ".join(t.lower_ for t in toks) in tables.DEMONYMS:
            demonym = _demonym_span(ent)  # "Sri Lankan police" that the NER took for a person
            if demonym is not None:
                add(demonym)
            continue
        sent = ent.sent
        before = text[max(sent.start_char, ent.start_char - _LOOKBEHIND) : ent.start_char]
        whole = sdoc[toks[0].i : ent.end]
        name = whole.text
        r = rank(name) if len(toks) <= 4 and name_keys(name)[0] not in _NOT_PLACES else 0
        cued = (_PERSON_LOCATIVE_RE if label == "PERSON" else _LOCATIVE_RE).search(before) is not None
        glued = ent.end < len(sdoc) and sdoc[ent.end].is_title and sdoc[ent.end].pos_ == "PROPN"
        again = r >= _CUED_ENTITY_RANK and name_keys(name)[0] in named and label != "PERSON"
        if (r >= _BARE_ENTITY_RANK and label != "PERSON" and not glued) or (r >= _CUED_ENTITY_RANK and cued) or again:
            add(
                Span(
                    whole.start_char,
                    whole.end_char,
                    name,
                    name,
                    _qualifier_before(before),
                    False,
                    "GPE",
                    sent.start_char,
                    sent.end_char,
                )
            )
            continue
        if label not in ("ORG", "PRODUCT", "EVENT"):
            continue
        prefix = _possessor(toks, rank) or _org_prefix(toks, rank) or _of_place(toks, rank)
        if prefix is not None:
            if prefix[0].text.lower() in tables.DEMONYMS or prefix.text.lower() in tables.PLACE_DEMONYMS:
                demonym = _demonym_span(prefix)
                if demonym is not None:
                    add(demonym)
                continue
            add(
                Span(
                    prefix.start_char,
                    prefix.end_char,
                    prefix.text,
                    prefix.text,
                    None,
                    False,
                    "GPE",
                    sent.start_char,
                    sent.end_char,
                )
            )
    # a one-word name before several of a town's nouns ("Duncan Teen Hurt ... Duncan police said") is the
    # town though the NER reads a person each time, unless it is the surname of a person the text names
    town_nouns = list(_TOWN_NOUN_RE.finditer(text))
    framed = Counter(m.group(1) for m in town_nouns if " " not in m.group(1))
    surnames = _surnames(sdoc)
    for m in town_nouns:
        start, end = m.span(1)
        name = m.group(1)
        least = _ORG_PREFIX_RANK if m.group(2) else _PART_RANK  # a town's own police names the town surely
        if not free(start, end) or name.lower() in COMMON_WORDS or name_keys(name)[0] in _NOT_PLACES:
            continue
        if rank(name) < least:
            continue
        cs = sdoc.char_span(start, end, alignment_mode="expand")
        if (
            cs is not None
            and (_town_as_people(cs) or not any(t.ent_type_ in _NOT_PLACE_ENTS for t in cs))
            and (
                (_OWN_FORCE_RE.match(m.group(2) or "") and _own_force(cs, start < body_start))
                or not _persons_name(cs, rank, named)
                or (framed[name] >= _TOWN_FRAMES and name_keys(name)[0] not in surnames)
            )
        ):
            add(Span(start, end, name, name, None, False, "GPE", cs.sent.start_char, cs.sent.end_char))
    for m in _DATELINE_NAME_RE.finditer(text):
        start, end = m.span(1)
        name = m.group(1).title()
        if name_keys(name)[0] in _NOT_PLACES:
            continue
        inside = [sp for sp in out if start <= sp.start and sp.end <= end and (sp.start, sp.end) != (start, end)]
        # "SALT LAKE CITY -" that the NER cut in two: the whole dateline name replaces its pieces
        if (
            inside
            and free(start, end) is False
            and rank(name) >= _PART_RANK
            and not any(sp.start < end and start < sp.end for sp in out if sp not in inside)
        ):
            out = [sp for sp in out if sp not in inside]
            taken[:] = [(sp.start, sp.end) for sp in out]
        if free(start, end) and rank(name) >= _CUED_ENTITY_RANK:
            cs = sdoc.char_span(start, end, alignment_mode="expand")
            if cs is not None:
                add(Span(start, end, m.group(1), name, None, False, "GPE", cs.sent.start_char, cs.sent.end_char))
    for m in _STATE_NAMED_RE.finditer(text if in_state is not None else ""):
        code = tables.US_STATE_ABBREVIATIONS.get(m.group(1), m.group(1))
        town = _town_before(text, m.start(), tables.US_STATES.get(code, code), in_state)
        if town is not None and free(town, m.start()) and not _code_in_capitals(text, m):
            cs = sdoc.char_span(town, m.start(), alignment_mode="expand")
            if cs is not None:
                name = text[town : m.start()]
                add(Span(town, m.start(), name, name, None, False, "GPE", cs.sent.start_char, cs.sent.end_char))
    for span in list(out):
        after = _STATE_AFTER_RE.match(text, span.end)
        if (
            after
            and free(after.start(1), after.end(1))
            and span.role != "demonym"
            and not _code_in_capitals(text, after)
        ):
            state = after.group(1)
            abbreviation = tables.US_STATE_ABBREVIATIONS.get(state)
            name = tables.US_STATES.get(abbreviation or state, state)  # "Calif.", "CA" -> California
            add(Span(after.start(1), after.end(1), state, name, None, False, "GPE", span.sent_start, span.sent_end))
    return out


def _town_before(text: str, end: int, state: str, in_state: Any) -> int | None:
    """Where the town of `state` whose name ends at `end` starts: the shortest run of the capitalised words
    before it, _TOWN_WORDS at most, that the gazetteer knows as a town there; None when none is."""
    tail = _TOWN_TAIL_RE.search(text, max(0, end - _TOWN_TAIL_CHARS), end)
    if tail is None:
        return None
    words = tail.group(1).split(" ")
    for k in range(1, len(words) + 1):
        name = " ".join(words[-k:])
        if in_state(name, state):
            return end - len(name)
    return None


def _code_in_capitals(text: str, state: re.Match[str]) -> bool:
    """Whether a state matched as a bare postal code stands in a line set all in capitals, where "OR" or
    "IN" is more likely a word ("TROOPS LEFT RIDGETON, OR SO OFFICIALS SAID")."""
    if state.group(1) not in tables.US_STATES:
        return False
    line_start = text.rfind("\n", 0, state.start()) + 1
    line_end = text.find("\n", state.end())
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return not any(c.islower() for c in line) and len(line.split()) >= _CAPITALS_LINE_WORDS


def _demonym_span(part: Any) -> Span | None:
    """A demonym as a span naming its country or region ("Iraqi" -> Iraq), or None."""
    toks = [t for t in part if not (t.i == part.start and t.lower_ == "the")]
    if not toks or not all(t.is_title or t.is_upper for t in toks):
        return None
    key = " ".join(t.lower_ for t in toks)
    cc = tables.DEMONYMS.get(key)
    place = tables.PLACE_DEMONYMS.get(key)
    if cc is None and place is None:
        return None
    sent = part.sent
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
    surface = doc_text(part.doc)[start:end]
    return Span(
        start,
        end,
        surface,
        place or cc or "",
        None,
        False,
        "NORP",
        sent.start_char,
        sent.end_char,
        country=cc,
        role="demonym",
    )


def _possessor(toks: list[Any], rank: Any) -> Any:
    """The place that owns the rest of an organisation's or a thing's name: "Omaha" of "Omaha's Center for
    Public Affairs", "Tennessee" of "Tennessee's Task Force"; None when the name opens with no place's
    possessive."""
    for k, tok in enumerate(toks[1:5], start=1):
        if tok.lower_ not in ("'s", "’s"):
            continue
        head = toks[:k]
        if not all(t.is_title or t.is_upper or t.text in (".", "-") for t in head):
            return None
        part = tok.doc[head[0].i : head[-1].i + 1]
        name = part.text
        if name_keys(name)[0] in _NOT_PLACES or name.lower() in COMMON_WORDS or rank(name) < _ORG_PREFIX_RANK:
            return None
        return part
    return None


def _sure_place(name: str, rank: Any) -> bool:
    """Whether a name inside an institution's name is surely a place: a state, a country or a large city
    (rank _BARE_ENTITY_RANK) that is not one of _NOT_PLACES."""
    return name_keys(name)[0] not in _NOT_PLACES and rank(name) >= _BARE_ENTITY_RANK


def _of_place(toks: list[Any], rank: Any) -> Any:
    """The state, country or large city after "of" in an organisation's name: "Georgia" of "the University
    of Georgia", "Canada" of "the Bank of Canada" and of "the Kidney Foundation of Canada"; None when none."""
    for k, tok in enumerate(toks[1:-1], start=1):
        if tok.lower_ != "of":
            continue
        start = k + 1 + (toks[k + 1].lower_ == "the")
        for end in range(min(start + 3, len(toks)), start, -1):
            head = toks[start:end]
            if not all(t.is_title or t.is_upper for t in head):
                continue
            part = tok.doc[head[0].i : head[-1].i + 1]
            if _sure_place(part.text, rank):
                return part
    return None


#: Words that make a place's name a county's when they follow it ("Butler County", "Caddo Parish").
_COUNTY_WORDS = tables.words("county parish borough")


def _org_prefix(toks: list[Any], rank: Any) -> Any:
    """The place that opens an organisation's name, before a word naming an institution: "Ohio" of
    "Ohio State University", "Walker County" of "Walker County Sheriff's Office" and of "the Walker County
    Detention Center"; None when none."""
    doc = toks[0].doc
    for k in range(min(4, len(toks) - 1), 0, -1):
        nxt = toks[k]
        if nxt.lower_ not in INSTITUTION_WORDS:
            continue
        head = toks[:k]
        if not all(t.is_title or t.is_upper or t.text in (".", "-") for t in head):
            continue
        part = doc[head[0].i : head[-1].i + 1]
        name = part.text
        whole = doc[head[0].i : nxt.i + 1].text
        if {name_keys(name)[0], name_keys(whole)[0]} & _NOT_PLACES or name.lower() in INSTITUTION_WORDS:
            continue
        if name.lower() in tables.DEMONYMS or name.lower() in tables.PLACE_DEMONYMS:
            return part
        if name.lower() in COMMON_WORDS or name.lower() in _DIRECTION_WORDS:
            continue  # "Central Command", "Federal Reserve"
        if nxt.lower_ in _COUNTY_WORDS and rank(f"{name} {nxt.text}") >= _ORG_PREFIX_RANK:
            return doc[head[0].i : nxt.i + 1]  # "Laurel County" of "the Laurel County Detention Center"
        if rank(name) >= _ORG_PREFIX_RANK:
            return part
    return _state_prefix(toks, rank)


def _state_prefix(toks: list[Any], rank: Any) -> Any:
    """A state, a country or a large city that opens an institution's name of more words: "Ohio" of "the
    Ohio Alcoholic Beverage Commission" and of "Ohio Valley University"; None when none."""
    if len(toks) < 3 or toks[-1].lower_ not in INSTITUTION_WORDS:
        return None
    doc = toks[0].doc
    for k in (2, 1):
        head = toks[:k]
        if not all(t.is_title for t in head) or toks[k].lower_ in INSTITUTION_WORDS:
            continue  # a place before an institution word is _org_prefix's
        part = doc[head[0].i : head[-1].i + 1]
        if _sure_place(part.text, rank):
            return part
    return None


# ----------------------------------------------------------------------------------------------
# What a place does in its sentence

#: A wire dateline opening a line: "BEIRUT, April 4 (Meridian) -", "MANDALAY, Myanmar, Feb 20 (X) -",
#: "MOGADISHU (X) -"; the places in it say where the reporter files from.
_DATELINE_RE = re.compile(
    r"[A-Z][A-Z .'’-]+(?:,\s*[A-Z][\w .'’-]{1,30}){0,2}(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s*(?:\([^)\n]{1,40}\))?\s*(?:[-\u2013\u2014:]+|$)",
    re.M,  # matched from the start of a line that need not open the text, or of a run-on headline's next sentence
)
#: A body paragraph is a line of at least this many words; shorter lines before the first one are
#: the page's headline, menu and date lines (set on the scraped sample pages).
_BODY_LINE_WORDS = 20
_HEADLINE_WORDS = 4  # a preamble line this long is a headline; shorter ones are menus and labels
#: A page title ends with its outlet's name after a bar or a dash ("... - KXYZ News 4 Springfield, Ohio
#: News Weather & Sports", "... | Springfield, OH"): its places say where the outlet is, not where the
#: story happened. A piece after such a mark is the outlet's when it holds a word of a masthead or a
#: broadcaster's call sign, or is only a town and a state code.
_MASTHEAD_MARK_RE = re.compile(r"\s[-\u2013\u2014|]\s|\|")
_MASTHEAD_RE = re.compile(
    r"\b(?:News|TV|Television|Radio|Channel|Weather|Sports|Times|Tribune|Herald|Gazette|Journal|Courier|Chronicle|"
    r"Dispatch|Inquirer|Enquirer|Examiner|Observer)\b|\.(?:com|net|org)\b|\b[KW][A-Z]{2,3}\b|\b(?:FOX|NBC|CBS|ABC)"
    r"|^\s*[A-Z][\w .'’-]*,\s*[A-Z]{2}\s*$"
)
#: Most words in an outlet's name ending a page title that runs as long as a body line (set on the gva
#: development file's titles).
_MASTHEAD_WORDS = 12
_MAX_HEADS = 12  # deeper than any place-to-trigger path in news sentences; bounds the walk


def _mark_roles(sdoc: Any, spans: list[Span]) -> None:
    text = doc_text(sdoc)
    body_start = _body_start(text)
    for span in spans:
        tok = _root_token(sdoc, span)
        if tok is not None:
            span.heads = _head_path(tok)
        if span.role == "demonym":
            continue
        line_start = text.rfind("\n", 0, span.start) + 1
        if line_start == 0 and span.start >= body_start and _in_title_masthead(text, span):
            span.role = "nav"
            continue
        if span.start < body_start:
            line_end = text.find("\n", span.start)
            line = text[line_start : line_end if line_end >= 0 else len(text)]
            headline = len(line.split()) >= _HEADLINE_WORDS
            masthead = _masthead_start(line)
            outlet = masthead is not None and span.start >= line_start + masthead
            span.role = "headline" if headline and not outlet else "nav"
            continue
        if _in_dateline(text, line_start, span):
            span.role = "dateline"
            continue
        if tok is not None:
            span.role = _syntactic_role(tok, span)


def _in_title_masthead(text: str, span: Span) -> bool:
    """Whether a span lies in the outlet's name that ends a page title long enough to pass for a body line
    ("Man shot at gas station on Elm Street - KXYZ News 12 Springfield, Ohio News Weather & Sports"): the
    text's first line, with at most _MASTHEAD_WORDS words from the mark on."""
    line_end = text.find("\n")
    line = text[: line_end if line_end >= 0 else len(text)]
    masthead = _masthead_start(line)
    return masthead is not None and span.start >= masthead and len(line[masthead:].split()) <= _MASTHEAD_WORDS


def _masthead_start(line: str) -> int | None:
    """Where the outlet's name begins in a page title that ends with one (see _MASTHEAD_RE), or None."""
    marks = list(_MASTHEAD_MARK_RE.finditer(line))
    for k, mark in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(line)
        if _MASTHEAD_RE.search(line[mark.end() : end]):
            return mark.start()
    return None


def _in_dateline(text: str, line_start: int, span: Span) -> bool:
    """Whether a span lies in a wire dateline that opens its line or follows a headline run on into it."""
    starts = [line_start]
    cut = text.rfind(". ", line_start, span.start)
    if cut >= 0:
        starts.append(cut + 2)
    for start in starts:
        m = _DATELINE_RE.match(text, start)
        if m and span.end <= m.end() and m.group(0).strip()[-1:] in "-\u2013\u2014:":
            return True
    return False


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
    if _is_home(tok):
        return "home"
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
            return "care" if _is_care(landmark) else "landmark"
        if (
            head.pos_ in ("NOUN", "PROPN")
            and head.lower_ not in _PLACE_TAIL_WORDS
            and head.ent_type_ not in _PLACE_LABELS
        ):
            # a country qualifying a thing is its owner ("US strikes"); a town only qualifies an actor so
            # ("Mosul police"); "the Mosul offensive" is an event there
            if head.lemma_.lower() in _ACTOR_NOUNS or head.lower_ in _ACTOR_NOUNS or head.lower_ in _RESIDENT_NOUNS:
                return "modifier"
            return "owner"
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.i != head.i:
        gov = head.head
        if gov.pos_ in ("NOUN", "PROPN") and (gov.lower_ in _ACTOR_NOUNS or gov.lemma_.lower() in _ACTOR_NOUNS):
            return "claimant"
        if _is_care(gov):
            return "care"
        first = [t for t in tok.sent if not t.is_space]
        if head.lower_ in ("in", "at", "on", "near", "across", "inside", "outside") and first and first[0].i == head.i:
            after = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            if after is not None and after.text == ",":
                return "fronted"
    if tok.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in _SAY_LEMMAS:
        return "claimant"
    return None


def _is_care(noun: Any) -> bool:
    """Whether `noun` is a hospital a victim was brought to or treated at ("taken to a hospital", "died at
    a Louisville hospital", "in critical condition at a hospital")."""
    prep = noun.head
    centre = noun.lower_ in _CARE_CENTRES and any(c.lower_ in _CARE_CENTRE_WORDS for c in noun.lefts)
    if not (noun.lower_ in _CARE_NOUNS or centre) or noun.dep_ != "pobj" or prep.lower_ not in ("to", "at", "in"):
        return False
    gov = prep.head
    if gov.i == prep.i:
        return False
    return gov.lemma_.lower() in _CARE_VERBS or gov.lower_ in _CARE_STATES or _in_a_care_state(gov)


def _in_a_care_state(verb: Any) -> bool:
    """Whether a copula tells a victim's state in a hospital ("he was in critical condition at ...")."""
    return verb.lemma_.lower() == "be" and any(
        p.dep_ == "prep" and any(o.dep_ == "pobj" and o.lower_ in _CARE_STATES for o in p.children)
        for p in verb.children
    )


def _above_frame(tok: Any) -> Any:
    """The noun a name stands for when it sits in a naming frame: "the town of X" -> town; else X."""
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.i != head.i and head.head.lower_ in _PLACE_TAIL_WORDS:
        return head.head
    return tok


def _is_home(tok: Any) -> bool:
    """A person's home town: "John Doe, of Springfield,", "a man from Springfield"; one person only, as
    "residents of the town" are often where an event happened."""
    head = tok.head
    if tok.dep_ != "pobj" or head.lower_ not in ("of", "from") or head.head.i == head.i:
        return False
    gov = head.head
    return gov.ent_type_ == "PERSON" or gov.lower_ in _PERSON_NOUNS


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


def _joined_places(sdoc: Any, known: Any) -> list[Any]:
    """The document's entities, with a place's name that the NER cut short made whole again where the
    gazetteer knows the whole: two place entities side by side ("Chula" + "Vista", "Buena" + "Vista
    Township"), or a place entity and the capitalised words after it on its line."""
    out: list[Any] = []
    end = 0  # where the last entity taken ends: a later one inside it was joined to it
    ents = list(sdoc.ents)
    for i, ent in enumerate(ents):
        if ent.start < end:
            continue
        whole = None
        if ent.label_ in _PLACE_LABELS:
            nxt = ents[i + 1] if i + 1 < len(ents) else None
            whole = _whole_name(sdoc, ent, nxt, known)
        out.append(whole or ent)
        end = (whole or ent).end
    return out


def _whole_name(sdoc: Any, ent: Any, nxt: Any, known: Any) -> Any:
    """The span from `ent` over at most _JOIN_WORDS capitalised words after it (the entity `nxt` up to a
    kind word, "Township", "County") that the gazetteer knows, or None."""
    stop = ent.end
    while stop < min(len(sdoc), ent.end + _JOIN_WORDS) and sdoc[stop - 1].whitespace_ == " ":
        word = sdoc[stop]
        if not word.text[:1].isupper() or word.lower_ in _KIND_WORDS:
            break
        stop += 1
        name = sdoc[ent.start : stop]
        # a common word alone does not finish a name: "Dublin City Schools" are the Ohio town's, though
        # GeoNames calls the Irish capital "Dublin City" too
        if known(name.text) and not all(t.lower_ in COMMON_WORDS for t in sdoc[ent.end : stop]):
            label = nxt.label_ if nxt is not None and nxt.start < stop else ent.label_
            return sdoc.char_span(name.start_char, name.end_char, label=label)
    return None


def _split_possessive(ent: Any) -> list[Any]:
    """ "Mosul's Old City" -> [Mosul, Old City], "St. Vincent's Hospital" -> [St. Vincent]; other entities
    unchanged, a county named for a person too ("St. Mary's County")."""
    for tok in ent:
        if tok.lower_ in ("'s", "’s") and tok.i > ent.start and tok.i + 1 < ent.end:
            if tok.i + 2 == ent.end and ent.doc[tok.i + 1].lower_ in _COUNTY_WORDS:
                break
            doc = ent.doc
            owned = doc[tok.i + 1 : ent.end]
            if len(owned) == 1 and owned.text.lower() in COMMON_WORDS:
                return [doc[ent.start : tok.i]]  # "St. Vincent's Hospital": no village called Hospital
            return [doc[ent.start : tok.i], owned]
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


def _clean(part: Any, ent: Any, text: str, has_name: Any, sure: Any, known: Any) -> Span | None:
    doc = part.doc
    s, e = part.start, part.end
    while s < e and (doc[s].lower_ == "the" or doc[s].is_punct):
        s += 1
    while e > s and (doc[e - 1].lower_ in ("'s", "’s", "'") or doc[e - 1].is_punct) and doc[e - 1].text != ".":
        e -= 1
    if s >= e:
        return None
    if s > 0 and _names_with_head(doc[s - 1], doc[s:e].text, has_name):
        s -= 1  # "New London" of which the NER tagged "London"
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
    if not has_name(surface) and " ".join(t.lower_ for t in span) in tables.DEMONYMS:
        return _demonym_span(span)  # "Sri Lankan" tagged as a place
    if _COMPASS_RE.match(surface):
        return None
    sent = span.sent
    name, qualifier = surface, None
    lead = _TOWN_PART_LEAD_RE.search(text, max(0, span.start_char - _LOOKBEHIND), span.start_char)
    if lead is not None and _TOWN_PART_RE.match(text[lead.start() : span.end_char]):
        start = lead.start()  # "West Side" of which the ruler matched "Side"
        surface = text[start : span.end_char]
        return Span(
            start, span.end_char, surface, surface, "neighbourhood", from_ruler, "LOC", sent.start_char, sent.end_char
        )
    if _TOWN_PART_RE.match(surface):
        return Span(
            span.start_char,
            span.end_char,
            surface,
            surface,
            "neighbourhood",
            from_ruler,
            "LOC",
            sent.start_char,
            sent.end_char,
        )
    last = doc[e - 1].lower_
    if e - s > 1 and last in _KIND_WORDS and not has_name(surface):
        name, qualifier = doc[s : e - 1].text, _KIND_WORDS[last]
    elif e < len(doc) and doc[e].lower_ in _KIND_WORDS and e < sent.end:
        qualifier = _KIND_WORDS[doc[e].lower_]
    if ent.label_ == "FAC" and not has_name(name):
        return None
    if surface in tables.US_STATES and text[: span.start_char].rstrip().endswith(","):
        name = tables.US_STATES[surface]  # "Dayton, OH"
    first, _, rest = name.partition(" ")
    direction = first.lower().replace("-", "")
    if rest and qualifier is None and direction in _DIRECTION_WORDS and not known(name) and sure(rest):
        name, qualifier = rest, direction  # "Northeast Georgia", "southern Ohio"; not "South Side"
    if not has_name(name):
        name = _known_part(name, sure)
    before = text[max(sent.start_char, span.start_char - _LOOKBEHIND) : span.start_char]
    if qualifier is None:
        qualifier = _qualifier_before(before)
    return Span(
        span.start_char, span.end_char, surface, name, qualifier, from_ruler, ent.label_, sent.start_char, sent.end_char
    )


def _names_with_head(word: Any, name: str, has_name: Any) -> bool:
    """Whether a capitalised head word before a name ("New", "North") makes a longer name the gazetteer
    knows ("New London" is no part of London)."""
    return (
        word.is_title
        and word.lower_ in _PLACE_HEAD_WORDS
        and bool(word.whitespace_)
        and has_name(f"{word.text} {name}")
    )


def _known_part(name: str, has_name: Any) -> str:
    """The longest leading, else trailing, run of words of an unknown name that the gazetteer knows:
    "Henderson County Jail" -> "Henderson County", "North Las Vegas Police" -> "North Las Vegas",
    "Province of Ontario" -> "Ontario"; the name itself when none is."""
    words = name.split()
    for k in range(len(words) - 1, 0, -1):
        for part in (" ".join(words[:k]), " ".join(words[-k:])):
            low = part.lower()
            if low in COMMON_WORDS or low in INSTITUTION_WORDS or not part[:1].isupper():
                continue
            if has_name(part):
                return part
    return name


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
    context already, so its own spans are only checked against a PERSON just before them, or a
    first name before a word the text calls a person elsewhere ("Jordan said")."""
    if s > 0:
        prev = doc[s - 1]
        if (
            prev.is_title
            and prev.pos_ == "PROPN"
            and not prev.is_sent_start
            and prev.whitespace_
            and prev.lower_ not in _PLACE_HEAD_WORDS
            and (
                prev.ent_type_ == "PERSON"
                or (prev.ent_type_ == "" and (from_ruler or doc[s:e].text in _person_words(doc)))
            )
        ):
            return True
    if from_ruler and e < len(doc):
        nxt = doc[e]
        if (
            nxt.is_title
            and nxt.pos_ == "PROPN"
            and nxt.ent_type_ in ("", "PERSON")
            and nxt.lower_ not in _PLACE_TAIL_WORDS
            and nxt.lower_ not in INSTITUTION_WORDS
            and doc[e - 1].whitespace_
        ):
            return True
    return False


def _person_words(doc: Any) -> set[str]:
    """The words the document uses for persons: those of its PERSON entities, and the subjects of
    verbs said of people ("Ortega said", "Ortega was arrested")."""
    words = {tok.text for ent in doc.ents if ent.label_ == "PERSON" for tok in ent}
    for tok in doc:
        said = tok.dep_ == "nsubj" and tok.head.lemma_ in _SAY_LEMMAS
        held = tok.dep_ == "nsubjpass" and tok.head.lemma_ in _HELD_LEMMAS
        if (said or held) and tok.is_title:
            words.add(tok.text)
    return words
