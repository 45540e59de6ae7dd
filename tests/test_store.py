from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import inspect

from tests.conftest import make_doc, make_report
from warwatch.errors import NotFoundError, StoreError
from warwatch.store import IncidentFilter, Store


def test_fresh_database_is_migrated(db_url: str):
    store = Store(db_url)
    tables = set(inspect(store.engine).get_table_names())
    assert {"documents", "reports", "claims", "incidents", "audit", "alembic_version"} <= tables


def test_sqlite_database_is_in_wal_mode(tmp_path: Path):
    Store(f"sqlite:///{tmp_path / 'test.db'}")
    con = sqlite3.connect(tmp_path / "test.db")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_outdated_schema_is_refused_with_what_to_run(tmp_path: Path):
    path = tmp_path / "old.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE documents (id TEXT)")
    con.commit()
    with pytest.raises(StoreError, match="warwatch migrate"):
        Store(f"sqlite:///{path}")


def test_same_document_is_stored_once(db_url: str):
    store = Store(db_url)
    doc = make_doc("An air strike hit Mosul.")
    assert store.add_documents([doc]) == (1, 0)
    assert store.add_documents([doc]) == (0, 1)
    assert len(store.documents()) == 1


def test_reports_round_trip_with_evidence(db_url: str):
    store = Store(db_url)
    doc = make_doc("An air strike killed five civilians in Mosul.")
    store.add_documents([doc])
    rep = make_report(doc)
    store.save_reports(doc, [rep])
    [back] = store.reports()
    assert back.id == rep.id
    assert back.place == rep.place
    assert back.when == rep.when
    assert back.claims == rep.claims
    assert back.evidence == rep.evidence
    assert store.documents(ids=[doc.id])[0].status == "processed"


def test_incident_ids_are_stable_as_reports_arrive(db_url: str):
    store = Store(db_url)
    d1 = make_doc("Outlet A: a strike in Mosul.", outlet="A")
    d2 = make_doc("Outlet B: a strike in Mosul.", outlet="B")
    store.add_documents([d1, d2])
    store.save_reports(d1, [make_report(d1, killed=(5, 5, 5))])
    store.relink()
    [first] = store.incidents()
    store.save_reports(d2, [make_report(d2, killed=(8, 8, 8))])
    summary = store.relink()
    [second] = store.incidents()
    assert second.id == first.id
    assert summary.updated == 1
    assert (second.fatalities.low, second.fatalities.high) == (5, 8)
    assert second.updated > first.updated
    again = store.relink()
    assert (again.created, again.updated, again.merged) == (0, 0, 0)
    assert [a["action"] for a in store.audit(first.id)] == ["create", "update"]


def test_a_report_joining_two_incidents_merges_them(db_url: str):
    store = Store(db_url)
    early = make_doc("A: strike on 19 March.", outlet="A")
    late = make_doc("B: strike on 21 March.", outlet="B")
    bridge = make_doc("C: strike on 20 March.", outlet="C")
    store.add_documents([early, late, bridge])
    store.save_reports(early, [make_report(early, day=date(2017, 3, 19))])
    store.save_reports(late, [make_report(late, day=date(2017, 3, 21))])
    store.relink()
    assert len(store.incidents()) == 2
    store.save_reports(bridge, [make_report(bridge, day=date(2017, 3, 20))])
    summary = store.relink()
    assert summary.merged == 1
    [survivor] = store.incidents()
    [retired] = store.incidents(status="merged")
    assert retired.merged_into == survivor.id
    assert len(store.incident(survivor.id).reports) == 3


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (IncidentFilter(), 2),
        (IncidentFilter(country="iraq"), 2),
        (IncidentFilter(sub_event_type="Armed clash"), 1),
        (IncidentFilter(min_fatalities=10), 1),
        (IncidentFilter(date_from=date(2017, 3, 20)), 1),
        (IncidentFilter(actor="islamic state"), 1),
        (IncidentFilter(country="Syria"), 0),
    ],
)
def test_incident_filters(db_url: str, flt: IncidentFilter, expected: int):
    from tests.conftest import IS

    store = Store(db_url)
    d1, d2 = make_doc("strike"), make_doc("clash")
    store.add_documents([d1, d2])
    store.save_reports(d1, [make_report(d1, killed=(3, 3, 3))])
    store.save_reports(
        d2,
        [
            make_report(
                d2, sub="Armed clash", event_type="Battles", day=date(2017, 3, 25), killed=(12, 12, 12), actor1=IS
            )
        ],
    )
    store.relink()
    assert len(store.incidents(flt)) == expected


def test_unknown_incident_is_a_clear_error(db_url: str):
    with pytest.raises(NotFoundError, match="warwatch incidents"):
        Store(db_url).incident("nope")


def test_input_failures_are_recorded_and_cleared(db_url: str):
    store = Store(db_url)
    store.add_input_failure("bad.txt", "empty file")
    assert [d.source for d in store.failures()] == ["bad.txt"]
    doc = make_doc("now readable")
    doc.source = "bad.txt"
    store.add_documents([doc])
    assert store.failures() == []


def test_a_crash_in_the_middle_of_linking_changes_nothing(db_url: str, monkeypatch: pytest.MonkeyPatch):
    from warwatch import link

    store = Store(db_url)
    docs = [make_doc(f"Outlet {i}: strike {i}.", outlet=str(i)) for i in range(3)]
    store.add_documents(docs)
    store.save_reports(docs[0], [make_report(docs[0], day=date(2017, 3, 1))])
    store.relink()
    before = [(i.id, i.fatalities, i.updated) for i in store.incidents()]
    for d, day in zip(docs[1:], (date(2017, 3, 1), date(2017, 5, 1)), strict=True):
        store.save_reports(d, [make_report(d, day=day, killed=(7, 7, 7))])
    real = link.build_incident
    calls = {"n": 0}

    def crash_on_second(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("power cut")
        return real(*args, **kwargs)

    monkeypatch.setattr(link, "build_incident", crash_on_second)
    with pytest.raises(RuntimeError, match="power cut"):
        store.relink()
    assert [(i.id, i.fatalities, i.updated) for i in store.incidents()] == before
    assert all(r.doc_id == docs[0].id for r in store.reports(incident_id=before[0][0]))
    monkeypatch.setattr(link, "build_incident", real)
    assert store.relink().incidents == 2
