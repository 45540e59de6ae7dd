"""Toponym resolution in context, and the place of an event.

Every toponym of a document is resolved together with the others: candidates come from the
gazetteer by name key; each is scored by population, how closely its name matched, whether its
country is one the document is about (country names, demonyms, unambiguous places), whether its
admin1 is named in the document, how near it lies to the document's other places, and the
qualifier around it ("Nineveh province" wants a province). One name keeps one sense per document,
except a name that is both a city and the state it lies in: "Lagos State" is the state, a plain "Lagos"
in the same text the city.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..models import Evidence, Place
from ..nlp import doc_text
from .gazetteer import (
    COMMON_WORDS,
    Candidate,
    Entry,
    Gazetteer,
    feature_precision,
    haversine_km,
    name_keys,
    prior_score,
)
from .outlet import outlet_home
from .recognize import LOCAL_QUALIFIERS, TOWN_PART_QUALIFIERS, Span, demonym_countries, find_spans, style_countries


@dataclass(frozen=True)
class PlaceMention:
    """A toponym in the text and the place it was resolved to (None when the gazetteer lacks it)."""

    start: int
    end: int
    text: str
    place: Place | None
    qualifier: str | None = None  # "near", "outskirts", "province", "north of", "northern"...
    role: str | None = None  # what the name does in its sentence: see ROLES
    heads: tuple[int, ...] = ()  # character offsets of the tokens it hangs from in the parse, nearest first


#: Roles of a toponym (set by recognition), and what they mean for the place of an event:
#:   dateline  where the reporter files from ("BEIRUT, April 4 (Agency) -"): never an event's place
#:   headline  in the page's headline: counts for the document's main place
#:   nav       in a menu or label line before the headline, or in the outlet's name that ends a page
#:             title ("... - KXYZ News 4 Springfield"): ignored unless nothing else is named
#:   modifier  qualifies an actor ("US-led", "the Gaza health ministry", "Israel's military")
#:   owner     qualifies a thing ("US air strikes"): a country there owns it, a town is where it happened
#:   landmark  qualifies a landmark ("the Lekki toll gate", "the Kabul airport"): where the landmark is
#:   claimant  where a speaker is ("the health ministry in Gaza said", "Kabul denied")
#:   fronted   a sentence-initial locative ("In Yangon, ..."): where all of the sentence's events happened
#:   affiliation  in a person's title ("the director general of X", "the mayor of X"): describes the
#:             person; an event's place only when its sentence names no other
#:   route     the destination of a movement or an end of a road ("as he drove to B", "on his way to B",
#:             "on the road between A and B"): where an event on that journey happened
#:   demonym   a people's or a country's adjective ("Iraqi forces", "Canadians"): names the country,
#:             never an event's place
#:   care      where a victim was taken or treated ("flown to a hospital in B", "died at a hospital in B"):
#:             never an event's place
#:   home      a person's home town ("John Doe, of B", "a man from B"): an event's place only when the
#:             story names no other
ROLES = (
    "dateline",
    "headline",
    "nav",
    "modifier",
    "owner",
    "landmark",
    "claimant",
    "fronted",
    "affiliation",
    "route",
    "demonym",
    "care",
    "home",
)


# Context weights, calibrated by hand on a 200-document sample of the geoparse development set
# (acc161) and on the worked Mosul example; the context-free prior is gazetteer.prior_score.
_W_COUNTRY = 5.0  # times the share of the document's country evidence that names the candidate's country
_RIVAL_SHARE = 0.1  # a country name counts as evidence unless another place of that name is this large
#: The share of the country evidence that a candidate's country holds is taken over the evidence plus
#: this, so that one vote is no unanimous one; set on the gva and geoparse development files.
_COUNTRY_PRIOR = 1.0
_W_ADMIN1 = 2.0  # the candidate's admin1 is itself named in the document
#: The candidate lies in the state of the outlet's home (outlet.outlet_home); set on the gva development file.
_W_OUTLET = 2.0
#: Per other name of the document that may lie in the candidate's state or province (1/k for a name
#: that fits k of them), up to _FOCUS_CAP names; set on the geoparse and gva development files.
_W_FOCUS = 2.0
_FOCUS_CAP = 2.0
_W_COUNTY = 1.5  # per other name that may lie in the candidate's county or district (same cap)
_W_NEAR = 2.0  # the candidate lies within _NEAR_KM of another of the document's places
_W_NEARISH = 1.0  # ... or within _NEARISH_KM
_NEAR_KM = 150.0
_NEARISH_KM = 400.0
_KIND_MATCH = 5.0  # "Nineveh province" -> the admin1 entry
#: A name that may be a state or province of a country of which the text names at least _PEER_STATES
#: others ("cases in Georgia, Oklahoma, Pennsylvania and California") is one too, not a town of that name
#: in one of them; set on the geoparse development file.
_PEER_STATES = 2
_W_PEERS = 4.0
_WITHIN_BONUS = 6.0  # "Paris, Tenn.": a candidate inside the named state/country
_PARENT_BONUS = 4.0  # a neighbourhood whose city is named in the document
_MAX_CANDIDATES = 40  # per name, most populous first; more only slows scoring
#: A place that has a name only as an alias stays a candidate beside places of that very name when it
#: is this many times larger than the largest of them ("Bombay" is Mumbai, not a hamlet called Bombay).
_ALIAS_DOMINANCE = 10
#: A candidate outside the country that holds at least _DOMINANT_SHARE of the document's country
#: evidence loses _W_FOREIGN: a district of the story's city must beat a famous namesake abroad
#: ("the Medina district" of Mogadishu). Set on the sample articles, checked on geoparse acc161.
_DOMINANT_SHARE = 0.5
_W_FOREIGN = 2.0
#: A town abroad in a story about one country (holding this share of its country evidence) that no
#: country, demonym, state or other place of the text points to is a namesake (see
#: _Context._foreign_strays), unless it is a city this large (or a metropolis, when the name only sounds
#: like it or is another of its names); set on the gva and geoparse development files. The same size
#: keeps a town of the story's country from being a stray within it (_state_strays, _county_strays) and a
#: town of the named state's country from being a namesake of one the gazetteer lacks (_unheld_towns).
_STRAY_SHARE = 0.6
_STRAY_POPULATION = 100_000
#: "ordered from Teheran", "flights to Bombay": a city this large is itself by any of its names.
_STRAY_METROPOLIS = 1_000_000
_STRAY_HOME_PLACES = 2  # ... and when at least this many of its names lie in the story's country
#: A wire that names the wrong one of two neighbouring states puts the city this close to the named state's
#: centre (the widest states, Texas and California, reach about this far from theirs); a large city farther
#: away is a namesake ("ANTIOCH, Tenn." is no Californian city).
_NEIGHBOUR_STATE_KM = 800.0
#: "the X area of Y": X's candidates must lie this close to Y's place (km), else X is a part of Y
#: the gazetteer lacks; about the radius of a large city.
_PART_KM = 25.0
_TOWNS = frozenset({"city", "town", "village"})
#: Arabic articles that transliterations write in several ways ("al-", "ash", "as-") or leave out.
_ARTICLES = frozenset({"al", "el", "ad", "as", "ash", "ar", "an", "at", "az", "ed", "es", "en", "er"})
#: A story whose town has this many people is about a city with neighbourhoods the gazetteer lacks;
#: a town named in it more than _FAR_KM away, in another state, is taken for one of them (see
#: _Context._far_namesakes). Set on the gva development file (Chicago, Boston, Pittsburgh stories).
_FOCUS_CITY_POPULATION = 250_000
#: A city this large far away stays itself ("Los Angeles" in a story from Washington) unless the story
#: is a local one, naming a street or a neighbourhood (a Chicago shooting "in Austin"); set on the gva
#: and geoparse development files.
_FAR_CITY_POPULATION = 250_000
_FAR_KM = 150.0
#: The story's town (see _Context._home_town): what one mention of a town weighs by its role, and
#: per decade of the town's population; set on the gva development file, where a city's police
#: ("Chicago police said") and the dateline name the story's city and hospitals named for a town
#: ("Mount Sinai") and the city whose hospital a victim was taken to hardly do.
_HOME_ROLE_WEIGHT = {
    "dateline": 2.0,
    "headline": 1.5,
    "modifier": 1.5,
    "landmark": 0.5,
    "owner": 0.5,
    "nav": 0.5,
    "care": 0.25,
}
_HOME_W_POPULATION = 0.5
#: What the outlet's own town (outlet.outlet_home), when the text names it, weighs on top: a city's
#: paper or station reports that city's news; set on the gva development file.
_HOME_W_OUTLET = 2.0
#: What a town weighs on top when the text names its state, and when it names its county or another
#: place that may lie in that county ("Calloway County", "Murray" for a Kentucky town): the story's
#: own geography points to it, not a large city's hospital; set on the gva development file.
_HOME_W_STATE = 1.0
_HOME_W_COUNTY = 1.0

#: Roles of a town that never hold the street beside it: an outlet's masthead ("on Elm St. - KXYZ News
#: Dover"), a hospital's town ("taken from Elm Street to a Dover hospital").
_NOT_A_STREETS_TOWN = frozenset({"nav", "care"})

#: Qualifiers that put an event beside, not in, the named town (ACLED geo precision 2).
_NEAR_QUALIFIERS = ("near", "outskirts", "between")
_SETTLEMENTS = frozenset({"city", "town", "village", "neighbourhood", "camp", "fac", "base", "crossing", "island"})


def locate(sdoc: Any, gazetteer: Gazetteer, doc_id: str, url: str | None = None) -> list[PlaceMention]:
    """Every toponym of a parsed document, resolved; evidence points into sdoc.text. The page's `url`,
    when known, may name the outlet's home (see outlet.outlet_home), whose state is context."""
    ranks: dict[str, int] = {}

    def rank(name: str) -> int:
        if name not in ranks:
            ranks[name] = _name_rank(gazetteer, name)
        return ranks[name]

    def in_state(name: str, state: str) -> bool:
        return any(
            c.tier == 0 and c.entry.cc == "US" and c.entry.admin1 == state and c.entry.feature in _TOWNS
            for c in gazetteer.candidates(name)
        )

    spans = find_spans(sdoc, lambda name: bool(gazetteer.candidates(name)), rank, in_state)
    if not spans:
        return []
    for span in spans:
        if span.country:
            span.name = gazetteer.country_name(span.country) or span.name
    groups: dict[str, list[int]] = defaultdict(list)
    for i, span in enumerate(spans):
        groups[_group_key(span)].append(i)
    cands = {}
    for key, idx in groups.items():
        name = spans[idx[0]].name
        cands[key] = _limited(gazetteer.candidates(name) or _county_candidates(gazetteer, name))
    names_in_doc = {name_keys(s.name)[1] for s in spans}
    context = _Context(gazetteer, spans, groups, cands, demonym_countries(sdoc), names_in_doc)
    context.styles = style_countries(sdoc)
    context.countries.update(context.styles)  # evidence, though no country is named
    context.add_unnamed_counties(_unnamed_counties(doc_text(sdoc), spans))
    context.outlet = outlet_home(gazetteer, url)
    picks = context.resolve()
    out = []
    for key, idx in groups.items():
        entry = picks.get(key)
        for i in idx:
            span = spans[i]
            place = None
            if entry is not None:
                place = gazetteer.place(entry, _precision(entry, span.qualifier))
                place.evidence = Evidence(doc_id, span.start, span.end, span.text)
            out.append(PlaceMention(span.start, span.end, span.text, place, span.qualifier, span.role, span.heads))
    out.sort(key=lambda m: m.start)
    return out


#: A county's or parish's name ("the Henderson County Jail", "Rapides Parish Fire District 2").
_COUNTY_RE = re.compile(r"\b(?:[A-Z][A-Za-z']*[a-z] ){1,2}(?:County|Parish)\b")


def _unnamed_counties(text: str, spans: list[Span]) -> list[str]:
    """The county and parish names of a text that recognition left out, mostly inside organisations'
    names ("the Henderson County Jail"): no toponyms, but they say which county the story is in."""
    taken = [(s.start, s.end) for s in spans]
    return [
        _without_lead_word(m.group(0))
        for m in _COUNTY_RE.finditer(text)
        if not any(start < m.end() and m.start() < end for start, end in taken)
    ]


def _without_lead_word(name: str) -> str:
    """A headline's capitalised word before a county's name is no part of it ("In Kanawha County")."""
    first, _, rest = name.partition(" ")
    return rest if first.lower() in COMMON_WORDS and rest.count(" ") >= 1 else name


def _county_candidates(gazetteer: Gazetteer, name: str) -> list[Candidate]:
    """The counties and parishes called "<name> County" or "<name> Parish", as loose matches: local news
    names its county bare ("unincorporated DeKalb", "Henrico police")."""
    return [
        dataclasses.replace(c, tier=1)
        for suffix in ("County", "Parish")
        for c in gazetteer.candidates(f"{name} {suffix}")
        if c.tier == 0 and c.entry.feature == "admin2"
    ]


#: Populations that make a name's town a city (rank 3) or a town (rank 2) for recognize.NAME_RANKS.
_RANK_CITY = 100_000
_RANK_TOWN = 10_000


def _name_rank(gazetteer: Gazetteer, name: str) -> int:
    """How surely a name is a place (recognize.NAME_RANKS), from its exact and article-free matches."""
    best = 0
    for c in gazetteer.candidates(name):
        if c.tier > 1 or not c.primary:
            continue
        e = c.entry
        if e.feature in ("country", "admin1", "continent") or e.population >= _RANK_CITY:
            return 3
        best = max(best, 2 if e.feature == "admin2" or e.population >= _RANK_TOWN else 1)
    return best


def _villages(exact: list[Candidate]) -> bool:
    """Whether every place of a name is a village (under _RANK_TOWN people): such a name, found in one
    country only, is no evidence of that country; a surname the NER took for a place often is one."""
    return all(c.entry.feature in _SETTLEMENTS and c.entry.population < _RANK_TOWN for c in exact)


def _consonants(name: str) -> str:
    """The name's skeleton without its articles and vowels: the part that transliterations agree on."""
    words = [w for w in name_keys(name)[1].split() if w not in _ARTICLES]
    return re.sub("[aeiouy]", "", name_keys(" ".join(words))[2])


def _area_key(entry: Entry) -> tuple[str, str] | None:
    """The state or province an entry lies in (or is), for the document's focus."""
    if not entry.cc:
        return None
    if entry.feature == "admin1":
        return (entry.cc, entry.name)
    if entry.admin1 and entry.feature != "country":
        return (entry.cc, entry.admin1)
    return None


def _county_key(entry: Entry) -> tuple[str, str, str] | None:
    """The county or district an entry lies in (or is)."""
    if not entry.cc or not entry.admin1 or entry.feature in ("admin1", "country"):
        return None
    if entry.feature == "admin2":
        return (entry.cc, entry.admin1, entry.name)
    return (entry.cc, entry.admin1, entry.admin2) if entry.admin2 else None


def _group_key(span: Span) -> str:
    """The name's key; a name the text calls a state or province ("Lagos State", "the state of Lagos")
    is grouped apart from its plain mentions, which may mean the city (see _Context._state_or_city)."""
    key = name_keys(span.name)[0]
    return key + _STATE_SUFFIX if span.qualifier == "province" else key


_STATE_SUFFIX = "\x00province"


def _limited(cands: list[Candidate]) -> list[Candidate]:
    """The candidates worth scoring: a place known by the name only as an alias ("Berea" of Aleppo,
    "Moscow" of some Ohio village) or by a spelling that only sounds alike ("Saline" for "Salina") is
    dropped where towns of that very name exist, unless it dwarfs them (states and countries are no
    towns: "New York" may be the city that GeoNames calls "New York City"); the _MAX_CANDIDATES most
    populous of the rest."""
    own = [c.entry.population for c in cands if c.tier == 0 and c.primary and c.entry.feature in _SETTLEMENTS]
    if own:
        floor = _ALIAS_DOMINANCE * max(own)
        cands = [c for c in cands if (c.primary and c.tier < 2) or c.entry.population > floor]
        if max(own) >= _RANK_CITY:  # a city's own spelling is no sound-alike ("Columbia" is not Colombia)
            cands = [c for c in cands if c.tier < 2]
    if len(cands) <= _MAX_CANDIDATES:
        return cands
    return sorted(cands, key=lambda c: (c.tier, -c.entry.population))[:_MAX_CANDIDATES]


def _precision(entry: Entry, qualifier: str | None) -> int:
    base = feature_precision(entry.feature)
    if qualifier == "province":
        return 3
    if qualifier in _NEAR_QUALIFIERS or (qualifier and qualifier.endswith(" of")):
        return max(base, 2)
    if qualifier and base == 3 and entry.feature != "country":
        return 2  # "northern Nineveh": part of a region
    return base


class _Context:
    """What the document says about where it is, and the scoring that uses it."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        spans: list[Span],
        groups: dict[str, list[int]],
        cands: dict[str, list[Candidate]],
        demonyms: list[str],
        names_in_doc: set[str],
    ) -> None:
        self.gazetteer = gazetteer
        self.spans = spans
        self.groups = groups
        self.cands = cands
        self.names_in_doc = names_in_doc
        self.group_of = {i: key for key, idx in groups.items() for i in idx}
        self.countries: Counter[str] = Counter(demonyms)
        #: each name's own share of that evidence, left out when the name itself is scored: "Palestine"
        #: in a story about Texas towns must not vote for the country it may name
        self.own_countries: dict[str, Counter[str]] = defaultdict(Counter)
        self._without_own: dict[str, Counter[str]] = {}
        #: countries the text names outright (country names, demonyms, state and province names)
        self.named_countries: Counter[str] = Counter(demonyms)
        self.admin1s: set[tuple[str | None, str]] = set()
        #: the names that may name each state or province: "St. Louis" names a Senegalese region too, which
        #: must not vote for its own namesake city there; a state named only in the masthead is left out (a
        #: station in one state covers towns across its border)
        self.admin1_keys: dict[tuple[str | None, str], set[str]] = defaultdict(set)
        for key, idx in groups.items():
            exact = [c for c in cands[key] if c.tier == 0 and c.primary]
            countries = [c.entry for c in exact if c.entry.feature == "country"]
            if countries:
                # a country name is evidence only when nothing comparable shares it (Georgia, US state)
                rival = max((c.entry.population for c in exact if c.entry.feature != "country"), default=0)
                for country in countries:
                    if country.cc and rival < _RIVAL_SHARE * country.population:
                        self._vote(key, country.cc, 2 * len(idx))
                        self.named_countries[country.cc] += len(idx)
            elif exact and len({c.entry.cc for c in exact}) == 1 and exact[0].entry.cc and not _villages(exact):
                self._vote(key, exact[0].entry.cc, len(idx))
            for cc in {c.entry.cc for c in exact if c.entry.feature == "admin1" and c.entry.cc}:
                self.named_countries[cc] += len(idx)  # "Texas" says the story touches the US
            masthead = all(spans[i].role == "nav" for i in idx)
            for c in exact:
                if c.entry.feature == "admin1":
                    self.admin1s.add((c.entry.cc, c.entry.name))
                    if not masthead:
                        self.admin1_keys[(c.entry.cc, c.entry.name)].add(key)
        # Focus: how many of the document's names could lie in each state or province, a name that fits
        # k of them counting 1/k to each ("Edgar County" is one Illinois county, "Springfield" fits many);
        # a state's own name counts for that state only ("Nevada" in a list of states is no Missouri town)
        self.focus: Counter[tuple[str, str]] = Counter()
        self.focus_of: dict[str, dict[tuple[str, str], float]] = {}
        for key in groups:
            states = {
                _area_key(c.entry) for c in cands[key] if c.tier == 0 and c.primary and c.entry.feature == "admin1"
            }
            areas = states or {_area_key(c.entry) for c in cands[key] if c.tier <= 1}
            areas.discard(None)
            if not areas:
                continue
            share = {a: 1.0 / len(areas) for a in areas if a is not None}
            self.focus_of[key] = share
            self.focus.update(share)
        #: the names that qualify another ("New York" of "Albany, New York"), and the names they qualify
        self.targets: dict[str, set[str]] = defaultdict(set)
        for i, s in enumerate(spans):
            if s.within is not None:
                self.targets[self.group_of[s.within]].add(self.group_of[i])
        #: the names taken for states or provinces in the first pass, by country
        self.states_of: dict[str | None, set[str]] = defaultdict(set)
        self.outlet: Entry | None = None  # the outlet's home town or state, from the page's address
        self.styles: list[str] = []  # the countries whose local news the text reads like (style_countries)
        # Counties: how many names could lie in each ("Franklin" and "Johnson County" meet in Indiana)
        self.counties: Counter[tuple[str, str, str]] = Counter()
        self.counties_of: dict[str, set[tuple[str, str, str]]] = {}
        self.unnamed_counties: set[tuple[str, str, str]] = set()  # see add_unnamed_counties
        for key in groups:
            found = {k for c in cands[key] if c.tier <= 1 and (k := _county_key(c.entry)) is not None}
            self.counties_of[key] = found
            self.counties.update(found)

    def add_unnamed_counties(self, names: list[str]) -> None:
        """Counties the text names outside its toponyms count for the focus, the counties of the
        document's names and the country evidence, each once, as a county's toponym would."""
        for name in dict.fromkeys(names):
            found = {
                k
                for c in self.gazetteer.candidates(name)
                if c.tier <= 1 and c.entry.feature == "admin2" and (k := _county_key(c.entry)) is not None
            }
            if not found:
                continue
            self.counties.update(found)
            self.unnamed_counties.update(found)
            areas = {(k[0], k[1]) for k in found}
            self.focus.update({a: 1.0 / len(areas) for a in areas})
            if len({k[0] for k in found}) == 1:
                self.countries[next(iter(found))[0]] += 1

    def resolve(self) -> dict[str, Entry]:
        first = {key: best for key in self.groups if (best := self._best(key, {})) is not None}
        # countries of the first-pass picks sharpen the document's country evidence
        for key, entry in first.items():
            if entry.cc and entry.feature != "continent":
                self._vote(key, entry.cc, len(self.groups[key]))
            if entry.feature == "admin1":
                self.states_of[entry.cc].add(key)
        self._without_own.clear()
        picks = {key: best for key in self.groups if (best := self._best(key, first)) is not None}
        # once more against the second pass's picks: a first-pass namesake abroad (a US city's Australian
        # namesake beside an Australian town's name) must not hold its neighbour there once the story's country wins
        picks = {key: best for key in self.groups if (best := self._best(key, picks)) is not None}
        self._unheld_towns(picks)
        self._foreign_strays(picks)
        self._state_strays(picks)
        self._state_or_city(picks)
        self._short_names(picks)
        self._county_strays(picks)
        self._place_parts(picks)
        return picks

    def _short_names(self, picks: dict[str, Entry]) -> None:
        """A town's name that opens a longer town's name of the same text is that town cut short ("Clinton"
        in a story about "Clinton Township", "Salt Lake" of "Salt Lake City"), not a smaller namesake far
        away; a larger place keeps its name ("Washington" beside "Washington Park")."""
        for key, entry in list(picks.items()):
            if entry.feature not in _TOWNS:
                continue
            longer = [
                other
                for other_key, other in picks.items()
                if other_key.startswith(key + " ")
                and other.feature in _TOWNS
                and other.population > entry.population
                and not _near(entry, other, _PART_KM)
            ]
            if longer:
                picks[key] = max(longer, key=lambda e: e.population)

    def _vote(self, key: str, cc: str, weight: int) -> None:
        self.countries[cc] += weight
        self.own_countries[key][cc] += weight

    def _other_countries(self, key: str) -> Counter[str]:
        """The document's country evidence less what the name `key` gave itself."""
        if key not in self._without_own:
            self._without_own[key] = self.countries - self.own_countries[key]
        return self._without_own[key]

    def _foreign_strays(self, picks: dict[str, Entry]) -> None:
        """A town abroad that nothing else in the text points to, in a story that is about one
        country, is a namesake or a word the NER took for a place ("Side" of Turkey in a story about
        "the West Side", "Mile" of "Seven Mile"): the name takes its best candidate in the story's
        country, or no place at all; so is a county or district abroad ("Al's Barber Shop" names no Norwegian
        municipality). Countries, states and large cities are left alone, unless the name
        is not the city's own but only sounds like it ("Sallem" is not Salem) or is another of its names;
        a metropolis is itself by any name ("Bombay")."""
        picked = Counter(entry.cc for entry in picks.values())  # one vote per name, however often named
        # a local outlet's address and its country's news style speak for the story's country as a place
        # of it would ("Southern Pines" and a "Lounge" matched to a Chinese village, on a Carolina site)
        local: Counter[str | None] = Counter(self.styles)
        if self.outlet is not None and self.outlet.cc:
            local[self.outlet.cc] += 1
        votes = picked + self.named_countries + local
        total = sum(votes.values())
        if not total:
            return
        main_cc, main_n = votes.most_common(1)[0]
        if main_n < _STRAY_SHARE * total or picked[main_cc] + local[main_cc] < _STRAY_HOME_PLACES:
            return
        for key, entry in list(picks.items()):
            if (
                entry.cc in (None, main_cc)
                or (entry.feature not in _SETTLEMENTS and entry.feature != "admin2")
                or entry.population >= _STRAY_METROPOLIS
                or (entry.population >= _STRAY_POPULATION and not self._loose_match(key, entry))
                or self.named_countries[entry.cc] > 0
                or picked[entry.cc] > 1
                or any(self.spans[i].within is not None for i in self.groups[key])
            ):
                continue
            home = [
                (sc, c.entry)
                for c in self.cands[key]
                if c.entry.cc == main_cc and (sc := self._score(key, c, picks)) is not None
            ]
            if home:
                picks[key] = max(home, key=lambda pair: (pair[0], pair[1].population))[1]
            else:
                del picks[key]

    def _loose_match(self, key: str, entry: Entry) -> bool:
        """Whether the name `key` matched `entry` only by a spelling that sounds alike or by one of the other
        names GeoNames lists for it (see Candidate)."""
        return not any(c.primary and c.tier < 2 for c in self.cands[key] if c.entry is entry)

    def _state_strays(self, picks: dict[str, Entry]) -> None:
        """The same within a country: in a story about one state or province, a village or small town
        in a state the text never names, far from every other place of the story, is a namesake of a
        place of the story's state ("Cedar Mills" of an Ohio story is no village in Maine): the name takes
        its best candidate in that state (see _to_area)."""
        areas = Counter(a for e in picks.values() if e.feature != "country" and (a := _area_key(e)) is not None)
        total = sum(areas.values())
        if not total:
            return
        main, main_n = areas.most_common(1)[0]
        if main_n < _STRAY_SHARE * total or main_n < _STRAY_HOME_PLACES:
            return
        for key, entry in list(picks.items()):
            if (
                not self._may_stray(entry, main)
                or any(self.spans[i].within is not None or self.spans[i].role == "dateline" for i in self.groups[key])
                or any(k != key and _near(entry, other, _FAR_KM) for k, other in picks.items())
            ):
                continue
            self._to_area(key, lambda e: _area_key(e) == main, picks)

    def _may_stray(self, entry: Entry, main: tuple[str, str]) -> bool:
        """Whether a pick may be a namesake of the story's main state `main` (country, state): a town below
        the stray size, in that country, in another state that the text does not name."""
        return (
            entry.feature in _TOWNS
            and entry.population < _STRAY_POPULATION
            and entry.cc == main[0]
            and entry.admin1 != main[1]
            and (entry.cc, entry.admin1) not in self.admin1s
        )

    def _unheld_towns(self, picks: dict[str, Entry]) -> None:
        """A town named with its state ("Cedar Mills, Ohio", AP's "Dunmere, Pa.") or in a dateline with its
        state, where the gazetteer has no town of that name there, is no namesake elsewhere: it takes a
        county of that name there, or no place at all. Lists ("Aleppo, Idlib and Raqqa") are no "town,
        state" outside the datelines of US news, where AP style writes the state after every town. A large
        city of the state's country near that state stays itself: a wire may name the wrong one of two
        neighbouring states.
        A country after a town is no such test: its name may stand for another country ("GOMA, Congo" is
        the Democratic Republic, though "Congo" alone is taken for the Republic)."""
        for key, idx in self.groups.items():
            entry = picks.get(key)
            if entry is None or entry.feature not in _TOWNS:
                continue
            for i in idx:
                j = self.spans[i].within
                region = picks.get(self.group_of[j]) if j is not None else None
                if (
                    region is None
                    or region.feature != "admin1"
                    or _in_region(entry, region)
                    or (
                        entry.cc == region.cc
                        and entry.population >= _STRAY_POPULATION
                        and _near(entry, region, _NEIGHBOUR_STATE_KM)
                    )
                ):
                    continue
                if self.spans[i].role == "dateline" or region.cc == "US":
                    self._to_area(key, functools.partial(_in_region, region=region), picks)
                    break

    def _county_strays(self, picks: dict[str, Entry]) -> None:
        """The same for a local story, one whose counties or parishes lie in one state (its sheriff, jail
        and court are the county's): a town or village in a state the text never names, where it names no
        county either, far from every place of the county's state, is a namesake of a town of that state
        that the gazetteer may lack, even in the dateline or the headline ("Cedar Mills" of a story about a
        Haldane County, Ohio, shooting is no Maine village), unless one of the story's county names
        fits a county of the town's state too: the name takes its best candidate in that state, or no place
        at all. Only US counties count: elsewhere a second-level division is no local story's frame. Each
        mention of a county counts, unlike the one vote per name of _state_strays: a local story names its
        own county again and again, a neighbouring one once."""
        counties: Counter[tuple[str, str]] = Counter()
        for key, entry in picks.items():
            if entry.feature == "admin2" and (area := _area_key(entry)) is not None:
                counties[area] += len(self.groups[key])
        total = sum(counties.values())
        if not total:
            return
        main, main_n = counties.most_common(1)[0]
        if main[0] != "US" or main_n < _STRAY_SHARE * total:
            return
        home = [e for e in picks.values() if _area_key(e) == main and e.feature != "admin1"]
        # the states where a county of one of the story's county names lies ("White County" fits several)
        fits = {(k[0], k[1]) for key, e in picks.items() if e.feature == "admin2" for k in self.counties_of[key]}
        for key, entry in list(picks.items()):
            if (
                not self._may_stray(entry, main)
                or _area_key(entry) in fits
                or any(_near(entry, other, _FAR_KM) for other in home)
            ):
                continue
            self._to_area(key, lambda e: _area_key(e) == main, picks)

    def _to_area(self, key: str, inside: Callable[[Entry], bool], picks: dict[str, Entry]) -> None:
        """The name `key` takes its best candidate that is `inside` the story's state or country, else a
        county of that name there ("DeKalb"), else no place at all."""
        pool = [c for c in self.cands[key] if inside(c.entry)] or [
            c for c in _county_candidates(self.gazetteer, self.spans[self.groups[key][0]].name) if inside(c.entry)
        ]
        home = [(sc, c.entry) for c in pool if (sc := self._score(key, c, picks)) is not None]
        if home:
            picks[key] = max(home, key=lambda pair: (pair[0], pair[1].population))[1]
        else:
            del picks[key]

    def _state_or_city(self, picks: dict[str, Entry]) -> None:
        """A plain name grouped apart from its "X State" mentions keeps its own pick only when that is
        a town in the state of the same name (Lagos the city in Lagos State); else it is the state
        too, one sense per document as for any other name."""
        for key in list(picks):
            if not key.endswith(_STATE_SUFFIX):
                continue
            plain = key.removesuffix(_STATE_SUFFIX)
            state, town = picks[key], picks.get(plain)
            if plain not in self.groups:
                continue
            if town is None or not (town.feature in _TOWNS and town.cc == state.cc and town.admin1 == state.name):
                picks[plain] = state

    def _place_parts(self, picks: dict[str, Entry]) -> None:
        """Names of parts of a town ("the Shaab area of northern Baghdad"; "the Medina district" in a
        story about Mogadishu) resolve inside that town, or become a part of it that the gazetteer lacks
        (the town's point, named "Town - Part")."""
        home = self._home_town(picks)
        for key, idx in self.groups.items():
            spans = [self.spans[i] for i in idx]
            host_keys = [self.group_of[sp.part_of] for sp in spans if sp.part_of is not None]
            if host_keys:
                host = picks.get(host_keys[0])
            elif any(sp.qualifier in LOCAL_QUALIFIERS for sp in spans):
                host = self._own_town(idx, picks, home) or home
            else:
                continue
            if host is None or host.feature not in _TOWNS or host.parent or key in host_keys:
                continue
            current = picks.get(key)
            small = all(sp.qualifier in TOWN_PART_QUALIFIERS for sp in spans)
            if host_keys or small:
                if small and not host_keys and current is not None and _near(current, host, _PART_KM):
                    continue
                pool = [c for c in self.cands[key] if _near(c.entry, host, _PART_KM)]
            else:
                if current is not None and current.cc == host.cc:
                    continue
                pool = [c for c in self.cands[key] if c.entry.cc == host.cc]
            picks[key] = self._part_of(host, key, pool, picks)
        self._far_namesakes(picks, home)

    def _own_town(self, idx: list[int], picks: dict[str, Entry], home: Entry | None) -> Entry | None:
        """The town that a street or neighbourhood hangs on in the parse, "Elm Street in Dover", "shot on Elm
        Street in Dover" or "Dover's Elm Street", when it lies in the state of the story's town (a namesake
        elsewhere is a part of it)."""
        for i in idx:
            part = self.spans[i]
            if part.qualifier not in TOWN_PART_QUALIFIERS:
                continue
            for j, other in enumerate(self.spans):
                if (
                    other.sent_start != part.sent_start
                    or other.qualifier in TOWN_PART_QUALIFIERS
                    or other.role in _NOT_A_STREETS_TOWN
                ):
                    continue
                # "Dover's Elm Street" hangs the town on the street; "(shot) on Elm Street in Dover", through a
                # preposition, on the street or on the word the street hangs from
                hop = 0 if other.end <= part.start else 1
                if len(other.heads) <= hop:
                    continue
                head = other.heads[hop]
                if not (part.start <= head < part.end or (hop and part.heads[1:2] == (head,))):
                    continue
                town = picks.get(self.group_of[j])
                if town is not None and town.feature in _TOWNS and (home is None or _same_state(town, home)):
                    return town
        return None

    def _part_of(self, host: Entry, key: str, pool: list[Candidate], picks: dict[str, Entry]) -> Entry:
        """The best of `pool` (candidates of the name near its town), else a part of the town that the
        gazetteer lacks: the town's point, named "Town - Part"."""
        scored = [(sc, c.entry) for c in pool if (sc := self._score(key, c, picks)) is not None]
        if scored:
            return max(scored, key=lambda pair: (pair[0], pair[1].population))[1]
        name = self.spans[self.groups[key][0]].name
        return Entry(
            f"{host.gid}/{'-'.join(key.split())}",
            name,
            host.cc,
            host.admin1,
            host.admin2,
            host.lat,
            host.lon,
            0,
            "neighbourhood",
            host.name,
        )

    def _far_namesakes(self, picks: dict[str, Entry], home: Entry | None) -> None:
        """In a story about a large city, or about the town of the outlet that reports it, a town that lies
        far outside the city's state, in a state the text never names, with no "Austin, Texas" to tie it
        there, is one of the city's neighbourhoods that the gazetteer lacks (a Chicago story's "Austin",
        "Rogers Park"'s "Rogers"): it becomes a namesake near the city, else (in a local story, one that
        names a street or a neighbourhood or comes from the city's own outlet) a part of the city; in a
        local story a town abroad, in a country the text never names, too. A large city is taken so
        only in a story that names a street or a neighbourhood (the outlet's address alone does not make
        a Kandahar a part of Dallas), and never one larger than the story's city ("San Diego" in a Las Vegas
        story is no part of Las Vegas)."""
        if home is None:
            return
        outlet_town = self._is_outlet_town(home)
        if home.population < _FOCUS_CITY_POPULATION and not outlet_town:
            return
        parts = any(sp.qualifier in TOWN_PART_QUALIFIERS for sp in self.spans)
        local = outlet_town or parts
        for key, entry in list(picks.items()):
            if (
                entry.feature not in _TOWNS
                or (entry.population >= _FAR_CITY_POPULATION and not parts)
                or entry.population >= home.population
                or (entry.cc != home.cc and (not local or self.named_countries[entry.cc or ""] > 0))
                or _same_state(entry, home)
                or (entry.cc, entry.admin1) in self.admin1s
                or _near(entry, home, _FAR_KM)
            ):
                continue
            spans = [self.spans[i] for i in self.groups[key]]
            if any(sp.within is not None or sp.role == "dateline" for sp in spans):
                continue
            pool = [c for c in self.cands[key] if _near(c.entry, home, _PART_KM)]
            if not pool and not local:
                continue  # no namesake near the city, and a story that names no street: a town of its own
            picks[key] = self._part_of(home, key, pool, picks)

    def _home_town(self, picks: dict[str, Entry]) -> Entry | None:
        """The town the document is about: the town of its main country with the most weight, a
        mention weighing by its role (a dateline or "the Chicago police" says more than a hospital
        named for a town), a large city a little more than a village, the outlet's own town and a town
        whose state or county the text names more; parts of towns never count, nor a village known by the
        name only as another name (see _own_name), nor a town named only in the page's menus or masthead
        when the text names another town or a county it does not lie in. The outlet's own town and a
        dateline's town, when named, are candidates whatever the country evidence says (a local paper's
        story is about its country)."""
        main_cc = self.countries.most_common(1)[0][0] if self.countries else None
        states, counties = self._named_areas(picks)
        towns = []
        for key, idx in self.groups.items():
            entry = picks.get(key)
            if entry is None or entry.feature not in _TOWNS:
                continue
            roles = [self.spans[i].role for i in idx if self.spans[i].qualifier not in TOWN_PART_QUALIFIERS]
            outlet_town = self._is_outlet_town(entry)
            if not roles or (entry.cc != main_cc and not outlet_town and "dateline" not in roles):
                continue
            if entry.population < _RANK_CITY and not self._own_name(key, entry):
                continue  # a village known by the name only as another name: mostly a surname ("Pellow")
            weight = sum(_HOME_ROLE_WEIGHT.get(role or "", 1.0) for role in roles)
            weight += _HOME_W_POPULATION * math.log10(entry.population + 1)
            if outlet_town:
                weight += _HOME_W_OUTLET
            if _area_key(entry) in states:
                weight += _HOME_W_STATE
            if _county_key(entry) in counties[key]:
                weight += _HOME_W_COUNTY
            towns.append((weight, -idx[0], entry, set(roles) == {"nav"}))
        named = [t for t in towns if not t[3]] or [t for t in towns if self._in_named_county(t[2], picks)]
        return max(named, key=lambda t: (t[0], t[1]))[2] if named else None

    def _own_name(self, key: str, entry: Entry) -> bool:
        """Whether the name `key` is the entry's own name or a spelling of it ("Daraa" of Dara, "Tell al-Shamal"
        of Tell ash Shamal), not another name that GeoNames lists for it
        (a former name, a surname-like alias)."""
        consonants = _consonants(self.spans[self.groups[key][0]].name)
        return any(c.entry is entry and (c.primary or _consonants(entry.name) == consonants) for c in self.cands[key])

    def _in_named_county(self, town: Entry, picks: dict[str, Entry]) -> bool:
        """Whether `town` lies in a county that the text names, or the text names no county: a masthead's
        town is the story's only then ("KXYZ Dover" over a story about another county's road)."""
        named = self.unnamed_counties | {
            county for e in picks.values() if e.feature == "admin2" and (county := _county_key(e)) is not None
        }
        return not named or _county_key(town) in named

    def _named_areas(
        self, picks: dict[str, Entry]
    ) -> tuple[set[tuple[str, str]], dict[str, set[tuple[str, str, str]]]]:
        """The states that the text's picks name or the outlet's address does, and for each name the
        counties that the other names' picks and the text's county names lie in or are; parts of towns
        never count (a neighbourhood's namesake town elsewhere says nothing), nor a state named only in
        the masthead (its "Town, County, ST" says where the outlet is, not which of its towns)."""
        states = {
            a
            for key, e in picks.items()
            if e.feature == "admin1"
            and (a := _area_key(e)) is not None
            and any(self.spans[i].role != "nav" for i in self.groups[key])
        }
        if self.outlet is not None and (a := _area_key(self.outlet)) is not None:
            states.add(a)
        whole = {
            key: county
            for key, entry in picks.items()
            if (county := _county_key(entry)) is not None
            and any(self.spans[i].qualifier not in TOWN_PART_QUALIFIERS for i in self.groups[key])
        }
        counties = {key: self.unnamed_counties | {c for k, c in whole.items() if k != key} for key in self.groups}
        return states, counties

    def _is_outlet_town(self, entry: Entry) -> bool:
        """Whether `entry` is the town the outlet's address names."""
        return self.outlet is not None and self.outlet.feature in _TOWNS and self.outlet.gid == entry.gid

    def _best(self, key: str, picks: dict[str, Entry]) -> Entry | None:
        scored = [(self._score(key, c, picks), c.entry) for c in self.cands[key]]
        scored = [(s, e) for s, e in scored if s is not None]
        if not scored:
            return None
        return max(scored, key=lambda pair: (pair[0], pair[1].population))[1]

    def _score(self, key: str, cand: Candidate, picks: dict[str, Entry]) -> float | None:
        entry = cand.entry
        idx = self.groups[key]
        qualifiers = {self.spans[i].qualifier for i in idx}
        wants_kind = bool(qualifiers & {"province", "district"})
        score = prior_score(cand, wants_region=wants_kind)
        countries = self._other_countries(key)
        if countries and entry.cc:
            total = sum(countries.values())
            score += _W_COUNTRY * countries[entry.cc] / (total + _COUNTRY_PRIOR)
            main_cc, main_n = countries.most_common(1)[0]
            if (
                entry.cc != main_cc
                and main_n >= _DOMINANT_SHARE * total
                and entry.feature != "country"
                and (cand.tier or not cand.primary)
            ):
                score -= _W_FOREIGN
        elif countries:
            # a sea, a continent or a region of several countries touches the story's country as much as
            # any namesake there: "the Atlantic" of a US story is the ocean, not Atlantic, Iowa
            score += _W_COUNTRY * countries.most_common(1)[0][1] / (sum(countries.values()) + _COUNTRY_PRIOR)
        if entry.parent:
            parent = name_keys(entry.parent)[1]
            short = parent.removesuffix(" city")  # "Gaza City" is named "Gaza" as often as not
            if parent not in self.names_in_doc and short not in self.names_in_doc and parent not in key:
                return None  # "Old City" means Mosul's only when Mosul is named
            score += _PARENT_BONUS
        if entry.feature == "admin1" and wants_kind:
            score += _KIND_MATCH
        elif wants_kind:
            score -= _KIND_MATCH / 2
        elif entry.feature == "admin1" and all(self.spans[i].role == "dateline" for i in idx):
            score -= _KIND_MATCH  # a dateline names a town: "WASHINGTON (AP) -" is the capital, not the state
        elif entry.feature == "admin1" and self._names_its_town(key, entry):
            score -= _W_ADMIN1  # a plain "Zaporizhzhia" is the city more often than the region named for it
        if (
            entry.admin1
            and entry.feature != "admin1"
            and self.admin1_keys.get((entry.cc, entry.admin1), {key}) != {key}
        ):
            score += _W_ADMIN1
        area = _area_key(entry)
        if area is not None:
            support = self.focus[area] - self.focus_of.get(key, {}).get(area, 0.0)
            score += _W_FOCUS * min(support, _FOCUS_CAP)
        county = _county_key(entry)
        if county is not None:
            shared = self.counties[county] - (county in self.counties_of.get(key, ()))
            score += _W_COUNTY * min(shared, _FOCUS_CAP)
        if entry.feature == "admin1" and len(self.states_of[entry.cc] - {key}) >= _PEER_STATES:
            score += _W_PEERS
        if entry.feature in ("admin1", "country") and self._holds(entry, self.targets.get(key, ())):
            score += _KIND_MATCH  # "Albany, New York": the name after the comma is the state
        score += self._within_bonus(idx, entry)
        if self.outlet is not None and _area_key(entry) == _area_key(self.outlet) and entry.feature != "country":
            score += _W_OUTLET
        if picks:
            score += self._nearness(key, entry, picks)
        return score

    def _holds(self, region: Entry, inner: Iterable[str]) -> bool:
        """Whether the state or country `region` holds a place of one of the names `inner`: "Georgia"
        after "Atlanta," is the state, and no street ("1301 Lafayette Ave., Lebanon") makes a town a state."""
        return any(
            c.entry.cc == region.cc and (region.feature == "country" or c.entry.admin1 == region.name)
            for key in inner
            for c in self.cands[key]
            if c.entry is not region
        )

    def _names_its_town(self, key: str, region: Entry) -> bool:
        """Whether the name `key` is also that of a town inside the state or province `region`."""
        return any(
            c.entry.feature in _TOWNS and c.entry.cc == region.cc and c.entry.admin1 == region.name
            for c in self.cands[key]
        )

    def _within_bonus(self, idx: list[int], entry: Entry) -> float:
        for i in idx:
            j = self.spans[i].within
            if j is None:
                continue
            for c in self.cands[self.group_of[j]]:
                outer = c.entry
                if outer.feature == "country" and outer.cc == entry.cc and entry.feature != "country":
                    return _WITHIN_BONUS
                if outer.feature == "admin1" and outer.cc == entry.cc and outer.name == entry.admin1:
                    return _WITHIN_BONUS
        return 0.0

    def _nearness(self, key: str, entry: Entry, picks: dict[str, Entry]) -> float:
        best = math.inf
        for other_key, other in picks.items():
            if other_key == key or other.feature not in _SETTLEMENTS:
                continue
            best = min(best, haversine_km(entry.lat, entry.lon, other.lat, other.lon))
        if best <= _NEAR_KM:
            return _W_NEAR
        if best <= _NEARISH_KM:
            return _W_NEARISH
        return 0.0


# ----------------------------------------------------------------------------------------------
# The place of an event

#: Costs of a candidate place for an event, in characters of distance from the trigger (set by hand
#: on the sample articles and the worked example): a coarser place costs more, a country more than a
#: region in it; a place the trigger governs in the parse ("strikes on X", "fighting in X") costs
#: _TIED_HOP per step instead of its distance, a fronted "In X, ..." costs _FRONTED.
_SPECIFICITY = {1: 0.0, 2: 40.0, 3: 120.0}
_COUNTRY_COST = 60.0
_PARENT_COST = 60.0  # a city when its own neighbourhood is named in the sentence
_TIED_HOP = 8.0
_FRONTED = 30.0
_UNTIED = 40.0  # what a place the trigger does not govern costs on top of its distance
#: A route place tied to the trigger costs _ROUTE_HOPS hops however deep its frame ("drove from the plant
#: to the town of B" is five hops): behind a direct "in X" (one hop), ahead of the journey's origin.
_ROUTE_HOPS = 2
#: A place in a person's title costs this on top: any other place its sentence names wins, a country
#: too (precision 3 and _COUNTRY_COST are 180); set on the w05 sample and its siblings in test_geo.
_AFFILIATION_COST = 200.0
_AFTER_FACTOR, _BEFORE_FACTOR = 1.0, 1.5  # "strikes on X" reads forward more often than back
#: Roles whose place is not where the events of its sentence happened.
_NOT_EVENT_ROLES = frozenset({"dateline", "nav", "modifier", "claimant", "demonym", "care", "home"})
#: Main-place weights: a body mention counts 1, a headline mention _HEADLINE_WEIGHT, the first body
#: place _FIRST_BONUS more (set on the sample articles: the wire stories and the scraped pages).
_HEADLINE_WEIGHT = 1.5
_FIRST_BONUS = 0.5
#: Roles whose town, though not an event's place, tells which town the story is about ("SPRINGFIELD, Ill.
#: (AP) --", "Springfield police said") when it lies in the country the story's places are in (a wire's
#: bureau abroad is not), with their main-place weights (set on the gva dev file).
_STORY_TOWN_WEIGHT = {"dateline": 1.0, "modifier": 1.0}


def event_place(mentions: list[PlaceMention], start: int, end: int, anchor: int) -> Place | None:
    """Where an event in sentence [start, end) with its trigger at `anchor` happened.

    A resolved place in the sentence that can be an event's place (not a dateline, an actor's
    country or a speaker's seat), preferring one the trigger governs, a fronted "In X, ...", then
    the most specific and nearest to the trigger; a neighbourhood beats its own city. Else the
    document's main place with precision at least 2; None when it has none.
    """
    resolved = [m for m in mentions if m.place is not None]
    inside = [m for m in resolved if m.start >= start and m.end <= end and _can_host(m)]
    if inside:
        parents = {m.place.name.split(" - ")[0] for m in inside if m.place and " - " in m.place.name}
        best = min(inside, key=lambda m: _cost(m, anchor, parents)).place
        assert best is not None
        if best.feature in ("admin1", "admin2", "country"):
            # "a Tennessee man was shot", "in eastern Tennessee", "a Shelby County deputy" in a story about
            # Memphis: the main one of the story's towns, camps or neighbourhoods in that state or county
            # (their police and datelines count here), though a town elsewhere is named more
            towns = [
                m
                for m in resolved
                if m.role not in ("nav", "demonym")
                and m.place is not None
                and m.place.feature in _SETTLEMENTS
                and _inside(m.place, best)
            ]
            main = main_place(towns)
            if main is not None:
                return dataclasses.replace(main, geo_precision=2)
        return dataclasses.replace(best)
    main = main_place(resolved)
    if main is None:
        return None
    return dataclasses.replace(main, geo_precision=max(main.geo_precision, 2))


def _same_state(entry: Entry, other: Entry) -> bool:
    return entry.cc == other.cc and entry.admin1 == other.admin1


def _in_region(entry: Entry, region: Entry) -> bool:
    """Whether `entry` lies in the state or province, or the country, `region`."""
    return entry.cc == region.cc and (region.feature == "country" or entry.admin1 == region.name)


def _near(entry: Entry, other: Entry, km: float) -> bool:
    return haversine_km(entry.lat, entry.lon, other.lat, other.lon) <= km


def _inside(town: Place, region: Place) -> bool:
    """Whether a town lies in a state or province (by admin1), a county (by admin2) or a country."""
    if town.iso2 != region.iso2:
        return False
    if region.feature == "admin2":
        return town.admin1 == region.admin1 and town.admin2 == region.admin2
    return region.feature == "country" or town.admin1 == region.admin1


def _can_host(m: PlaceMention) -> bool:
    if m.role in _NOT_EVENT_ROLES:
        return False
    # "US air strikes": a country that owns a thing; a town there ("the Mosul offensive") is the event's place
    return not (m.role == "owner" and m.place is not None and m.place.feature == "country")


def _cost(m: PlaceMention, anchor: int, parents: set[str]) -> float:
    assert m.place is not None
    if anchor in m.heads:
        hops = m.heads.index(anchor) + 1
        distance = _TIED_HOP * (min(hops, _ROUTE_HOPS) if m.role == "route" else hops)
    elif m.role == "fronted" and m.start < anchor:
        distance = _FRONTED
    elif m.start >= anchor:
        distance = _UNTIED + _AFTER_FACTOR * (m.start - anchor)
    else:
        distance = _UNTIED + _BEFORE_FACTOR * (anchor - m.end)
    penalty = _SPECIFICITY.get(m.place.geo_precision, 120.0)
    if m.place.feature == "country":
        penalty += _COUNTRY_COST
    if m.place.name in parents:
        penalty += _PARENT_COST
    if m.role == "affiliation":
        penalty += _AFFILIATION_COST
    return distance + penalty


def _story_town(m: PlaceMention, countries: set[str | None]) -> bool:
    if m.role not in _STORY_TOWN_WEIGHT or m.place is None or m.place.feature not in _SETTLEMENTS:
        return False
    return not countries or m.place.iso2 in countries


def main_place(mentions: list[PlaceMention]) -> Place | None:
    """The document's main place: the town most tied to its events. Headline mentions weigh more,
    the first body place breaks ties, a neighbourhood counts for its named city; a dateline town and a
    town qualifying an actor ("Springfield police") count when in a country the story's places are in;
    other datelines, menus, actors' countries and speakers' seats count only when nothing else is named.
    Else the most mentioned region or country."""
    resolved = [m for m in mentions if m.place is not None and m.role != "demonym"]
    hosts = [m for m in resolved if _can_host(m)]
    countries = {m.place.iso2 for m in hosts if m.place is not None}
    pool = hosts + [m for m in resolved if _story_town(m, countries)]
    pool = pool or [m for m in resolved if m.role != "nav"] or resolved
    if not pool:
        return None
    by_name = {m.place.name: m for m in pool if m.place is not None}
    weight: dict[str, float] = defaultdict(float)
    first: dict[str, int] = {}
    places: dict[str, Place] = {}
    first_body = next((m for m in pool if m.role != "headline"), None)
    for m in pool:
        assert m.place is not None
        place = m.place
        city = by_name.get(place.name.split(" - ")[0]) if " - " in place.name else None
        if city is not None and city.place is not None:
            place = city.place  # "the Old City" is a vote for Mosul when Mosul is named
        gid = place.gazetteer_id or place.name
        weight[gid] += _HEADLINE_WEIGHT if m.role == "headline" else _STORY_TOWN_WEIGHT.get(m.role or "", 1.0)
        if m is first_body:
            weight[gid] += _FIRST_BONUS
        first.setdefault(gid, m.start)
        places.setdefault(gid, place)
    # a region stays a region when qualified ("northern California" is precision 2, no town)
    towns = [g for g in weight if feature_precision(places[g].feature or "") < 3]
    gid = max(towns or list(weight), key=lambda g: (weight[g], -first[g]))
    return places[gid]
