"""API latency on a big synthetic database: `python -m warwatch.web.bench [--incidents N] [--runs N]`.

Loads N synthetic incidents (one document, report and claim each) into a fresh
SQLite file, then times the incident list with common filters and the GeoJSON
query through the ASGI app, and prints the median and 95th percentile of each.
The target is a p95 under 200 ms at 100,000 incidents.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from ..settings import Settings
from ..store import ClaimRow, DocumentRow, IncidentRow, ReportRow, Store
from ..taxonomy import SUB_EVENT_TYPES

DEFAULT_INCIDENTS = 100_000
DEFAULT_RUNS = 30
#: Rows per INSERT batch while loading.
BATCH = 5000
#: Synthetic places: (name, admin1, country, lat, lon); incidents scatter within ~0.5 degrees.
PLACES = (
    ("Mosul", "Nineveh", "Iraq", 36.34, 43.13),
    ("Kirkuk", "Kirkuk", "Iraq", 35.47, 44.39),
    ("Baghdad", "Baghdad", "Iraq", 33.34, 44.40),
    ("Aleppo", "Aleppo", "Syria", 36.20, 37.16),
    ("Idlib", "Idlib", "Syria", 35.93, 36.63),
    ("Raqqa", "Raqqa", "Syria", 35.95, 39.01),
    ("Sanaa", "Amanat al Asimah", "Yemen", 15.35, 44.21),
    ("Kharkiv", "Kharkiv", "Ukraine", 49.99, 36.23),
)
ACTORS = ("Islamic State (Iraq)", "Military Forces of Iraq", "Coalition: US-led coalition", "Houthis", "Civilians")
START = date(2015, 1, 1)
DAYS = 3 * 365


def load(store: Store, n: int, seed: int = 7) -> None:
    """Insert N synthetic incidents with their document, report and claim."""
    rng = random.Random(seed)
    subs = list(SUB_EVENT_TYPES.items())
    now = datetime.now(UTC)
    with store.engine.begin() as conn:
        for start in range(0, n, BATCH):
            docs, reports, claims, incidents = [], [], [], []
            for i in range(start, min(n, start + BATCH)):
                name, admin1, country, lat, lon = rng.choice(PLACES)
                lat, lon = lat + rng.uniform(-0.5, 0.5), lon + rng.uniform(-0.5, 0.5)
                sub, etype = rng.choice(subs)
                day = START + timedelta(days=rng.randrange(DAYS))
                low = rng.choice((None, 0, 1, 2, 3, 5, 8, 12, 20, 50, 100))
                high = None if low is None else low + rng.randrange(0, 10)
                doc_id, rep_id, inc_id = f"d{i:09d}", f"r{i:09d}", f"{i:016x}"
                place = {"name": name, "admin1": admin1, "country": country, "lat": lat, "lon": lon, "geo_precision": 1}
                when = {"start": day.isoformat(), "end": day.isoformat(), "precision": 1}
                actor_name = rng.choice(ACTORS)
                actor = {"name": actor_name, "inter": 1}
                text = f"An incident in {name}: {low or 'no'} people were killed."
                ev = [{"doc_id": doc_id, "start": 0, "end": len(text), "quote": text}]
                docs.append(
                    {"id": doc_id, "url": f"https://news.example/{i}", "outlet": f"Outlet {i % 40}", "title": text,
                     "published": day, "language": "en", "text": text, "status": "processed", "ingested_at": now}
                )  # fmt: skip
                reports.append(
                    {"id": rep_id, "doc_id": doc_id, "idx": 0, "incident_id": inc_id, "event_type": etype,
                     "sub_event_type": sub, "scope": "acled", "actor1": actor, "assoc_actor_1": [],
                     "assoc_actor_2": [], "place": place, "when": when, "evidence": ev, "hedge": "asserted",
                     "contested": False, "salience": 1.0}
                )  # fmt: skip
                claims.append(
                    {"report_id": rep_id, "kind": "killed", "victims": "civilians", "low": low, "best": low,
                     "high": high, "hedge": "asserted", "cumulative": False, "partial": False, "evidence": ev[0]}
                )  # fmt: skip
                incidents.append(
                    {"id": inc_id, "status": "active", "event_type": etype, "sub_event_type": sub, "scope": "acled",
                     "actor1": actor, "assoc_actor_1": [], "assoc_actor_2": [], "place": place, "country": country,
                     "admin1": admin1, "location": name, "when": when, "event_date": day, "time_precision": 1,
                     "fatalities_low": low, "fatalities_best": low, "fatalities_high": high, "grade": "Weak",
                     "source_count": 1, "notes": text, "first_seen": now, "updated": now, "latitude": lat,
                     "longitude": lon, "locked": False, "actor_names": actor_name.casefold()}
                )  # fmt: skip
            conn.execute(insert(DocumentRow), docs)
            conn.execute(insert(IncidentRow), incidents)
            conn.execute(insert(ReportRow), reports)
            conn.execute(insert(ClaimRow), claims)
        conn.exec_driver_sql("ANALYZE")


#: The queries timed: the list with common filters, then the GeoJSON export of one.
QUERIES: tuple[tuple[str, str], ...] = (
    ("list, no filter", "/api/incidents"),
    ("list, country", "/api/incidents?country=Iraq"),
    ("list, country + dates", "/api/incidents?country=Syria&date_from=2016-01-01&date_to=2016-06-30"),
    ("list, event type + min killed", "/api/incidents?event_type=Battles&min_fatalities=10"),
    ("list, actor", "/api/incidents?actor=houthis"),
    ("list, text", "/api/incidents?q=kirkuk"),
    ("list, bbox", "/api/incidents?bbox=43,36,44,37"),
    ("list, sort by toll", "/api/incidents?sort=-fatalities&country=Iraq"),
    ("map, 1000 by toll", "/api/incidents?limit=1000&sort=-fatalities&country=Iraq&date_from=2016-01-01"),
    ("timeline, country", "/api/timeline?country=Iraq"),
    ("geojson, country + dates", "/api/incidents.geojson?country=Iraq&date_from=2016-01-01&date_to=2016-03-31"),
    ("geojson, 250 newest", "/api/incidents.geojson"),
)


def run(n: int = DEFAULT_INCIDENTS, runs: int = DEFAULT_RUNS, db: Path | None = None) -> list[dict[str, Any]]:
    from fastapi.testclient import TestClient

    from . import create_app

    with tempfile.TemporaryDirectory() as tmp:
        path = db or Path(tmp) / "bench.db"
        store = Store(f"sqlite:///{path}")
        t0 = time.perf_counter()
        load(store, n)
        print(f"loaded {n:,} incidents in {time.perf_counter() - t0:.1f} s")
        client = TestClient(create_app(store, Settings(db=store.url)))
        out = []
        for label, url in QUERIES:
            times = []
            for _ in range(runs + 1):
                t = time.perf_counter()
                res = client.get(url)
                times.append((time.perf_counter() - t) * 1000)
                if res.status_code != 200:
                    raise RuntimeError(f"{url}: {res.status_code} {res.text[:200]}")
            times = times[1:]  # the first run warms caches
            p95 = statistics.quantiles(times, n=20)[-1]
            out.append(
                {"query": label, "median_ms": statistics.median(times), "p95_ms": p95, "bytes": len(res.content)}
            )
        store.engine.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=DEFAULT_INCIDENTS)
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS)
    args = parser.parse_args()
    rows = run(args.incidents, args.runs)
    print(f"{'query':<34} {'median ms':>10} {'p95 ms':>10} {'bytes':>10}")
    for r in rows:
        print(f"{r['query']:<34} {r['median_ms']:>10.1f} {r['p95_ms']:>10.1f} {r['bytes']:>10,}")


if __name__ == "__main__":
    main()
