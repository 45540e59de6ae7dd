"""Toponym resolution in context, and the place of an event.

Every toponym of a document is resolved together with the others: candidates come from the
gazetteer by name key; each is scored by population, how closely its name matched, whether its
country is one the document is about (country names, demonyms, unambiguous places), whether its
admin1 is named in the document, how near it lies to the document's other places, and the
qualifier around it ("Nineveh province" wants a province). One name keeps one sense per document.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from ..models import Evidence, Place
from .gazetteer import Candidate, Entry, Gazetteer, feature_precision, haversine_km, name_keys, prior_score
from .recognize import Span, demonym_countries, find_spans


@dataclass(frozen=True)
class PlaceMention:
    """A toponym in the text and the place it was resolved to (None when the gazetteer lacks it)."""

    start: int
    end: int
    text: str
    place: Place | None
    qualifier: str | None = None  # "near", "outskirts", "province", "north of", "northern"...


# Context weights, calibrated by hand on a 200-document sample of the geoparse development set
# (acc161) and on the worked Mosul example; the context-free prior is gazetteer.prior_score.
_W_COUNTRY = 5.0  # times the share of the document's country evidence that names the candidate's country
_RIVAL_SHARE = 0.1  # a country name counts as evidence unless another place of that name is this large
_W_ADMIN1 = 2.0  # the candidate's admin1 is itself named in the document
_W_NEAR = 2.0  # the candidate lies within _NEAR_KM of another of the document's places
_W_NEARISH = 1.0  # ... or within _NEARISH_KM
_NEAR_KM = 150.0
_NEARISH_KM = 400.0
_KIND_MATCH = 5.0  # "Nineveh province" -> the admin1 entry
_WITHIN_BONUS = 6.0  # "Paris, Tenn.": a candidate inside the named state/country
_PARENT_BONUS = 4.0  # a neighbourhood whose city is named in the document
_MAX_CANDIDATES = 40  # per name, most populous first; more only slows scoring

#: Qualifiers that put an event beside, not in, the named town (ACLED geo precision 2).
_NEAR_QUALIFIERS = ("near", "outskirts")
_SETTLEMENTS = frozenset({"city", "town", "village", "neighbourhood", "camp", "fac", "base", "crossing", "island"})


def locate(sdoc: Any, gazetteer: Gazetteer, doc_id: str) -> list[PlaceMention]:
    """Every toponym of a parsed document, resolved; evidence points into sdoc.text."""
    spans = find_spans(sdoc, lambda name: bool(gazetteer.candidates(name)))
    if not spans:
        return []
    groups: dict[str, list[int]] = defaultdict(list)
    for i, span in enumerate(spans):
        groups[_group_key(span)].append(i)
    cands = {key: _limited(gazetteer.candidates(spans[idx[0]].name)) for key, idx in groups.items()}
    names_in_doc = {name_keys(s.name)[1] for s in spans}
    context = _Context(gazetteer, spans, groups, cands, demonym_countries(sdoc), names_in_doc)
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
            out.append(PlaceMention(span.start, span.end, span.text, place, span.qualifier))
    out.sort(key=lambda m: m.start)
    return out


def _group_key(span: Span) -> str:
    return name_keys(span.name)[0]


def _limited(cands: list[Candidate]) -> list[Candidate]:
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

    def __init__(self, gazetteer: Gazetteer, spans: list[Span], groups: dict[str, list[int]],
                 cands: dict[str, list[Candidate]], demonyms: list[str], names_in_doc: set[str]) -> None:
        self.gazetteer = gazetteer
        self.spans = spans
        self.groups = groups
        self.cands = cands
        self.names_in_doc = names_in_doc
        self.group_of = {i: key for key, idx in groups.items() for i in idx}
        self.countries: Counter[str] = Counter(demonyms)
        self.admin1s: set[tuple[str | None, str]] = set()
        for key, idx in groups.items():
            exact = [c for c in cands[key] if c.tier == 0 and c.primary]
            countries = [c.entry for c in exact if c.entry.feature == "country"]
            if countries:
                # a country name is evidence only when nothing comparable shares it (Georgia, US state)
                rival = max((c.entry.population for c in exact if c.entry.feature != "country"), default=0)
                for country in countries:
                    if country.cc and rival < _RIVAL_SHARE * country.population:
                        self.countries[country.cc] += 2 * len(idx)
            elif exact and len({c.entry.cc for c in exact}) == 1 and exact[0].entry.cc:
                self.countries[exact[0].entry.cc] += len(idx)
            for c in exact:
                if c.entry.feature == "admin1":
                    self.admin1s.add((c.entry.cc, c.entry.name))

    def resolve(self) -> dict[str, Entry]:
        first = {key: best for key in self.groups if (best := self._best(key, {})) is not None}
        # countries of the first-pass picks sharpen the document's country evidence
        for key, entry in first.items():
            if entry.cc and entry.feature != "continent":
                self.countries[entry.cc] += len(self.groups[key])
        return {key: best for key in self.groups if (best := self._best(key, first)) is not None}

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
        if self.countries and entry.cc:
            score += _W_COUNTRY * self.countries[entry.cc] / sum(self.countries.values())
        if entry.parent:
            parent = name_keys(entry.parent)[1]
            if parent not in self.names_in_doc and parent not in key:
                return None  # "Old City" means Mosul's only when Mosul is named
            score += _PARENT_BONUS
        if entry.feature == "admin1" and wants_kind:
            score += _KIND_MATCH
        elif wants_kind:
            score -= _KIND_MATCH / 2
        if entry.admin1 and entry.feature != "admin1" and (entry.cc, entry.admin1) in self.admin1s:
            score += _W_ADMIN1
        score += self._within_bonus(idx, entry)
        if picks:
            score += self._nearness(key, entry, picks)
        return score

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

_SPECIFICITY = {1: 0.0, 2: 40.0, 3: 120.0}  # extra characters of distance a coarser place costs


def event_place(mentions: list[PlaceMention], start: int, end: int, anchor: int) -> Place | None:
    """Where an event in sentence [start, end) with its trigger at `anchor` happened.

    A resolved place in the sentence, preferring the most specific and the nearest to the
    trigger (after it rather than before, as in "strikes on X"); a neighbourhood beats its own
    city. Else the document's main place with precision at least 2; None when it has none.
    """
    resolved = [m for m in mentions if m.place is not None]
    inside = [m for m in resolved if m.start >= start and m.end <= end]
    if inside:
        parents = {m.place.name.split(" - ")[0] for m in inside if m.place and " - " in m.place.name}

        def cost(m: PlaceMention) -> float:
            assert m.place is not None
            distance = (m.start - anchor) if m.start >= anchor else 1.5 * (anchor - m.end)
            penalty = _SPECIFICITY.get(m.place.geo_precision, 120.0)
            if m.place.name in parents:
                penalty += 60.0
            return distance + penalty

        return dataclasses.replace(min(inside, key=cost).place)  # type: ignore[type-var]
    main = _main_place(resolved)
    if main is None:
        return None
    return dataclasses.replace(main, geo_precision=max(main.geo_precision, 2))


def _main_place(resolved: list[PlaceMention]) -> Place | None:
    """The document's main place: the most mentioned town (first mention breaks ties), else the most
    mentioned region or country."""
    if not resolved:
        return None
    counts: Counter[str] = Counter()
    first: dict[str, PlaceMention] = {}
    for m in resolved:
        assert m.place is not None
        gid = m.place.gazetteer_id or m.place.name
        counts[gid] += 1
        first.setdefault(gid, m)
    towns = [g for g in counts if (first[g].place.geo_precision if first[g].place else 3) < 3]
    pool = towns or list(counts)
    gid = max(pool, key=lambda g: (counts[g], -first[g].start))
    return first[gid].place
