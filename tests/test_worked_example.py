"""The worked example of DESIGN.md, end to end: samples/articles/mosul-old-city.txt against its gold file."""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest

from warwatch.ingest import Overrides, read_paths
from warwatch.models import ClaimKind, Document, Hedge, Report
from warwatch.pipeline import Pipeline
from warwatch.reconcile import report_tolls

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "samples" / "articles" / "mosul-old-city.txt"
GOLD = json.loads((ROOT / "samples" / "gold" / "mosul-old-city.txt.json").read_text(encoding="utf-8"))
_HEDGED = {Hedge.ALLEGED, Hedge.BELIEVED, Hedge.CLAIMED, Hedge.UNCONFIRMED, Hedge.DISPUTED}


@lru_cache(maxsize=1)
def _run() -> tuple[Document, list[Report]]:
    docs = [
        d for d in read_paths([ARTICLE], overrides=Overrides(published=date(2017, 3, 26))) if isinstance(d, Document)
    ]
    assert len(docs) == 1
    return docs[0], Pipeline().analyze(docs[0])


def _report(sub_event_type: str) -> Report:
    _, reports = _run()
    found = [r for r in reports if r.sub_event_type == sub_event_type]
    assert len(found) == 1, [r.sub_event_type for r in reports]
    return found[0]


def test_exactly_the_three_incidents() -> None:
    _, reports = _run()
    assert sorted(r.sub_event_type or "" for r in reports if r.scope == "acled") == sorted(
        g["sub_event_type"] for g in GOLD["incidents"]
    )


def test_boilerplate_is_not_extracted() -> None:
    doc, reports = _run()
    assert "Read also" not in doc.text and "Agencies contributed" not in doc.text
    assert all(not r.evidence or all("Read also" not in e.quote for e in r.evidence) for r in reports)


def test_trapped_is_a_claim_not_a_report() -> None:
    _, reports = _run()
    for r in reports:
        assert all(c.kind != ClaimKind.KILLED or c.low != 400_000 for c in r.claims)
    trapped = [c for r in reports for c in r.claims if c.kind == ClaimKind.TRAPPED]
    assert all(c.best == 400_000 for c in trapped)


@pytest.mark.parametrize("gold", GOLD["incidents"], ids=lambda g: g["sub_event_type"])
def test_incident_fields(gold: dict) -> None:
    r = _report(gold["sub_event_type"])
    assert r.actor1 is not None and gold["actor1"] in r.actor1.name
    if gold["actor2"]:
        assert r.actor2 is not None and gold["actor2"] in r.actor2.name
    assert (r.hedge in _HEDGED) is gold["hedged"]
    assert r.contested is gold["contested"]
    tolls = report_tolls(r)
    for key, rng in (("killed", tolls.fatalities), ("civilians_killed", tolls.civilians_killed)):
        if gold[key] is None:
            assert not rng.known
        else:
            assert (rng.low, rng.high) == (gold[key]["low"], gold[key]["high"])


@pytest.mark.parametrize("gold", GOLD["incidents"], ids=lambda g: g["sub_event_type"])
def test_incident_place_and_date(gold: dict) -> None:
    """The contract with warwatch.geo and warwatch.dates."""
    r = _report(gold["sub_event_type"])
    assert r.place is not None and r.place.country == gold["country"]
    assert gold["location"] in r.place.name and r.place.admin1 == gold["admin1"]
    assert r.when is not None and r.when.precision == gold["time_precision"]
    assert r.when.start <= date.fromisoformat(gold["date"]) <= r.when.end
