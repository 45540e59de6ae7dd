"""Places from a user's own GeoNames dump: `warwatch gazetteer load FILE`.

A team monitoring one country loads that country's full GeoNames list, so its
villages resolve. Good rows are kept in the cache directory (`LOADED_FILE`),
and `gazetteer.load_or_build` indexes them into the embedded gazetteer on start.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ..errors import BadRecordError, InputError
from .gazetteer import (
    Entry,
    Gazetteer,
    _nearest,
    _pattern_worthy,
    _settlement_kind,
    _useful_alternate,
    cache_dir,
    display_name,
    load_or_build,
)

#: Where `warwatch gazetteer load` keeps the rows it added, in the cache directory: GeoNames lines
#: as they were read, one place a line, later loads of the same geonameid replacing earlier ones.
LOADED_FILE = "loaded-places.tsv"

#: The columns of a GeoNames dump (allCountries.txt, XX.txt, citiesNNN.txt), tab-separated.
GEONAMES_COLUMNS = (
    "geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature class",
    "feature code", "country code", "cc2", "admin1 code", "admin2 code", "admin3 code", "admin4 code",
    "population", "elevation", "dem", "timezone", "modification date",
)  # fmt: skip

#: Feature codes loaded besides every populated place (class P) and administrative division
#: (ADM1-ADM5, ADMD): the kinds of spot ACLED codes events at, by the gazetteer's feature kinds.
_LOADED_SPOTS = {
    "MILB": "base", "INSM": "base", "AIRB": "base", "AIRP": "fac", "AIRF": "fac", "PRN": "fac",
    "CMPRF": "camp", "PSTB": "crossing", "PSTC": "crossing", "RGN": "region", "ISL": "island",
}  # fmt: skip
#: With --all-features, the kinds of the other rows, by feature class: spots (buildings, farms...)
#: are facilities; hills, streams, roads and areas name a stretch of land ("area": geo precision 2).
_OTHER_CLASS_KIND = {"S": "fac", "L": "area", "T": "area", "H": "area", "R": "area", "U": "area", "V": "area"}
#: Loaded places of these kinds get EntityRuler patterns whatever their population: a team loads a
#: country's list because the statistical NER misses its villages' names.
_LOADED_PATTERN_KINDS = frozenset({"city", "town", "village", "neighbourhood", "camp", "base", "crossing"})
#: How many bad lines a load reports one by one; the rest are counted.
MAX_REPORTED_ERRORS = 100


class _Row(NamedTuple):
    gid: int
    name: str
    asciiname: str
    alternates: list[str]
    lat: float
    lon: float
    fclass: str
    fcode: str
    cc: str
    admin1: str
    population: int
    line: str


@dataclass
class LoadResult:
    """What `load_geonames` did: counts of lines by outcome, and the bad lines as "FILE:LINE: what"."""

    added: int = 0  # places new to the gazetteer
    replaced: int = 0  # places loaded before, now replaced by this file's rows
    known: int = 0  # places the embedded gazetteer already holds (by geonameid, or its countries and admin1s)
    other_kinds: int = 0  # rows of feature kinds not loaded (hills, streams... without --all-features)
    bad: int = 0
    errors: list[str] = field(default_factory=list)  # the first MAX_REPORTED_ERRORS bad lines
    kept_in: Path | None = None


def _parse_row(line: str) -> _Row | str:
    """A GeoNames line, or what is wrong with it."""
    cols = line.split("\t")
    if len(cols) != len(GEONAMES_COLUMNS):
        return f"{len(cols)} tab-separated columns, a GeoNames row has {len(GEONAMES_COLUMNS)}"
    gid, name, ascii_name, alternates, lat, lon, fclass, fcode, cc, _cc2, admin1 = (c.strip() for c in cols[:11])
    if not gid.isdigit():
        return f"geonameid {gid!r} is not a number"
    if not name:
        return "the name is empty"
    try:
        y, x = float(lat), float(lon)
    except ValueError:
        return f"latitude/longitude {lat!r}, {lon!r} are not numbers"
    if not (-90.0 <= y <= 90.0 and -180.0 <= x <= 180.0) or math.isnan(y) or math.isnan(x):
        return f"latitude/longitude {lat}, {lon} lie off the globe"
    if not re.fullmatch(r"[A-Z]{2}", cc):
        return f"country code {cc!r} is not two capital letters"
    if not re.fullmatch(r"[A-Z]?", fclass):
        return f"feature class {fclass!r} is not a capital letter"
    population = cols[14].strip() or "0"
    if not population.isdigit():
        return f"population {population!r} is not a whole number"
    alts = [a.strip() for a in alternates.split(",") if a.strip()]
    return _Row(int(gid), name, ascii_name, alts, y, x, fclass, fcode.strip(), cc, admin1, int(population), line)


def read_rows(path: Path, errors: list[str] | None) -> Iterator[_Row]:
    """The good rows of a GeoNames file; bad lines go to `errors` as "FILE:LINE: what" (None: skipped)."""
    try:
        fh = path.open("rb")
    except OSError as err:
        raise InputError(str(path), f"cannot read it ({err.strerror or err})") from None
    with fh:
        for n, raw in enumerate(fh, start=1):
            try:
                line = raw.decode("utf-8-sig" if n == 1 else "utf-8").rstrip("\r\n")
            except UnicodeDecodeError as err:
                problem: _Row | str = f"not UTF-8 text (byte {err.start + 1})"
            else:
                if not line.strip() or line.startswith("#"):
                    continue
                problem = _parse_row(line)
            if isinstance(problem, _Row):
                yield problem
            elif errors is not None:
                errors.append(str(BadRecordError(f"{path}:{n}", problem)))


def _kind(row: _Row, all_features: bool) -> str | None:
    """The gazetteer's feature kind of a row, or None when such rows are not loaded."""
    if row.fclass == "P":
        if row.fcode == "PPLX":
            return "neighbourhood"
        return _settlement_kind(row.population)
    if row.fclass == "A":
        if row.fcode == "ADM1":
            return "admin1"
        if re.fullmatch(r"ADM[2-5]|ADMD", row.fcode):
            return "admin2"
        return "region" if all_features and not row.fcode.startswith("PCL") else None
    if row.fcode in _LOADED_SPOTS:
        return _LOADED_SPOTS[row.fcode]
    return _OTHER_CLASS_KIND.get(row.fclass) if all_features else None


def add_loaded(gaz: Gazetteer, rows: Iterable[_Row], all_features: bool = True) -> None:
    """Index loaded rows into `gaz`: admin1 names from the gazetteer's own admin1 regions, an admin2
    name borrowed from the nearest place within _ADMIN2_RADIUS_KM, as the build does for cities500."""
    admin1_names = {e.gid: e.name for e in gaz.entries if e.feature == "admin1"}
    present = {e.gid for e in gaz.entries}
    grid: dict[tuple[str, int, int], list[tuple[float, float, str, str]]] = defaultdict(list)
    for e in gaz.entries:
        if e.admin2 and e.cc and e.feature in ("city", "town", "village"):
            grid[(e.cc, int(e.lat * 4 // 1), int(e.lon * 4 // 1))].append((e.lat, e.lon, e.admin1 or "", e.admin2))
    entries: list[Entry] = []
    names: list[tuple[int, str, bool]] = []
    patterns: list[int] = []
    for row in rows:
        kind = _kind(row, all_features)
        if kind is None or f"geonames:{row.gid}" in present:
            continue
        name = display_name(row.name)
        admin1 = admin1_names.get(f"admin1:{row.cc}.{row.admin1}")
        if kind == "admin1":
            admin1 = admin1 or name
        near = _nearest(grid, row.cc, row.lat, row.lon)
        admin2 = name if kind == "admin2" else (near[1] if near and (near[0] or None) == admin1 else None)
        i = len(entries)
        entries.append(
            Entry(f"geonames:{row.gid}", name, row.cc, admin1, admin2, row.lat, row.lon, row.population, kind, None)
        )
        if row.asciiname and display_name(row.asciiname) != name:
            names.append((i, row.asciiname, True))
        names.extend(
            (i, alt, False) for alt in dict.fromkeys(row.alternates) if alt != row.name and _useful_alternate(alt)
        )
        if kind in _LOADED_PATTERN_KINDS and _pattern_worthy(name):
            patterns.append(i)
    gaz.add(entries, names, patterns)


def load_geonames(path: Path, *, all_features: bool = False) -> LoadResult:
    """Add the places of a GeoNames-format file to the gazetteer the pipeline uses.

    Rows are kept in the cache directory's LOADED_FILE, so every later run finds them; rows of
    places the embedded gazetteer holds are counted, not kept; bad lines are reported and the rest
    loaded. Without `all_features` only populated places, administrative divisions and the spots in
    _LOADED_SPOTS are loaded. Raises InputError when the file cannot be read at all.
    """
    if path.is_dir():
        raise InputError(str(path), "is a directory, not a GeoNames file")
    result = LoadResult()
    errors: list[str] = []
    store = cache_dir() / LOADED_FILE
    kept: dict[int, str] = {}
    if store.exists():
        kept = {row.gid: row.line for row in read_rows(store, errors=None)}
    before = set(kept)
    known_gids = {e.gid for e in load_or_build().entries} - {f"geonames:{gid}" for gid in before}
    for row in read_rows(path, errors):
        kind = _kind(row, all_features)
        if kind is None:
            if row.fclass == "A" and row.fcode.startswith("PCL"):
                result.known += 1  # a country: the gazetteer has every one
            else:
                result.other_kinds += 1
        elif f"geonames:{row.gid}" in known_gids or (
            kind == "admin1" and f"admin1:{row.cc}.{row.admin1}" in known_gids
        ):
            result.known += 1
        else:
            if row.gid in kept:
                result.replaced += row.gid in before
            else:
                result.added += 1
            kept[row.gid] = row.line
    result.bad = len(errors)
    result.errors = errors[:MAX_REPORTED_ERRORS]
    result.kept_in = store
    if result.added or result.replaced:
        store.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=store.parent, delete=False, suffix=".tmp") as tmp:
            tmp.writelines(line + "\n" for line in kept.values())
        os.replace(tmp.name, store)
        load_or_build()  # index them now, so the next run starts from the cache
    return result
