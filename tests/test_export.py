from __future__ import annotations

import csv
import io
import json

import pytest

from tests.conftest import make_doc, make_report
from warwatch.export import ACLED_COLUMNS, COLUMNS, OWN_COLUMNS, to_string
from warwatch.link import link_reports
from warwatch.models import Hedge


@pytest.fixture
def incident_and_docs():
    d1 = make_doc("Outlet A says a strike killed five in Mosul.", outlet="A", url="https://a.example/1")
    d2 = make_doc("Outlet B says the strike killed nine in Mosul.", outlet="B", url="https://b.example/2")
    [inc] = link_reports([make_report(d1), make_report(d2, killed=(9, 9, 9))], outlet_of={d1.id: "A", d2.id: "B"})
    return inc, {d1.id: d1, d2.id: d2}


def test_acled_csv_columns_and_values(incident_and_docs):
    inc, docs = incident_and_docs
    rows = list(csv.DictReader(io.StringIO(to_string("acled-csv", [inc], docs))))
    assert tuple(rows[0].keys()) == COLUMNS
    row = rows[0]
    assert row["event_id_cnty"].startswith("IRQ")
    assert row["fatalities"] == "5"  # ACLED's column is the conservative low
    assert (row["fatalities_low"], row["fatalities_high"]) == ("5", "9")
    assert row["sub_event_type"] == "Air/drone strike"
    assert row["source"] == "A; B"
    assert json.loads(row["evidence"])[0]["quote"]


def test_jsonl_keys_are_acled_plus_own_columns(incident_and_docs):
    inc, docs = incident_and_docs
    rec = json.loads(to_string("jsonl", [inc], docs).splitlines()[0])
    assert list(rec) == [*ACLED_COLUMNS, *OWN_COLUMNS, "claims"]
    assert rec["source_urls"] == ["https://a.example/1", "https://b.example/2"]
    assert rec["injured_low"] is None  # unknown stays unknown


def test_jsonl_carries_every_claim_with_claimant_hedge_and_quote():
    d1 = make_doc("Medics said the strike killed five in Mosul.", outlet="A")
    d2 = make_doc("The ministry denied that anyone was killed in Mosul.", outlet="B")
    r1 = make_report(d1)
    r1.claims[0].claimant = "medics"
    r2 = make_report(d2, killed=(0, 0, 0), hedge=Hedge.DENIED)
    r2.claims[0].claimant = "the ministry"
    [inc] = link_reports([r1, r2])
    rec = json.loads(to_string("jsonl", [inc], {d1.id: d1, d2.id: d2}))
    told = {(c["outlet"], c["claimant"], c["hedge"], c["low"]) for c in rec["claims"]}
    assert told == {("A", "medics", "asserted", 5), ("B", "the ministry", "denied", 0)}
    for c in rec["claims"]:
        text = (d1 if c["doc_id"] == d1.id else d2).text
        assert c["kind"] == "killed" and text[c["start"] : c["end"]] == c["quote"]


def test_geojson_is_a_feature_collection(incident_and_docs):
    inc, docs = incident_and_docs
    gj = json.loads(to_string("geojson", [inc], docs))
    assert gj["type"] == "FeatureCollection"
    [f] = gj["features"]
    assert f["geometry"]["coordinates"] == [inc.place.lon, inc.place.lat]
    assert f["properties"]["grade"] == "Fair"
