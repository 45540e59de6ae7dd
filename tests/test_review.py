"""Analyst review on a real SQLite store: accounts and tokens, confirm/reject/edit/merge/split, undo, relink locks."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import KIRKUK, make_doc, make_report
from warwatch import review
from warwatch.cli import app
from warwatch.errors import NotFoundError
from warwatch.review import AuthError, ReviewConflict, ReviewError
from warwatch.store import Store


def _store_with(db_url: str, *specs: dict) -> tuple[Store, list[str]]:
    """A store with one document and report per spec, linked; returns the incident ids in spec order."""
    store = Store(db_url)
    docs = []
    for i, spec in enumerate(specs):
        doc = make_doc(f"Report {i}: an air strike killed civilians.", outlet=spec.pop("outlet", f"Outlet {i}"))
        store.add_documents([doc])
        store.save_reports(doc, [make_report(doc, **spec)])
        docs.append(doc)
    store.relink()
    by_doc = {r.doc_id: inc.id for inc in store.incidents(with_reports=True) for r in inc.reports}
    return store, [by_doc[d.id] for d in docs]


@pytest.fixture
def two(db_url: str) -> tuple[Store, list[str]]:
    return _store_with(db_url, {"day": date(2017, 3, 19)}, {"day": date(2017, 5, 1), "place": KIRKUK})


# -- accounts ------------------------------------------------------------------------
def test_token_is_shown_once_and_stored_hashed(db_url: str, tmp_path: Path):
    store = Store(db_url)
    token = review.add_user(store, "Amira")
    assert token.startswith("ww_")
    assert review.verify_token(store, token) == review.Analyst("Amira")
    secret = token.partition(".")[2]
    dump = "\n".join(sqlite3.connect(tmp_path / "test.db").iterdump())
    assert secret not in dump  # only the salted hash is kept
    second = review.add_user(store, "Amira")  # a second token for the same analyst
    assert second != token
    assert [u["tokens"] for u in review.users(store)] == [2]


@pytest.mark.parametrize(
    "mangle", [lambda t: t[:-2] + "xx", lambda t: "ww_nothere.abc", lambda t: "not-a-token", lambda t: ""]
)
def test_bad_tokens_are_refused(db_url: str, mangle):
    store = Store(db_url)
    token = review.add_user(store, "Amira")
    with pytest.raises(AuthError):
        review.verify_token(store, mangle(token))


def test_revoked_tokens_stop_working(db_url: str):
    store = Store(db_url)
    token = review.add_user(store, "Amira")
    assert review.revoke(store, "Amira") == 1
    with pytest.raises(AuthError, match="revoked"):
        review.verify_token(store, token)
    with pytest.raises(NotFoundError):
        review.revoke(store, "Nobody")


def test_users_cli_prints_the_token_once(db_url: str):
    runner = CliRunner()
    res = runner.invoke(app, ["users", "add", "Amira", "--db", db_url])
    assert res.exit_code == 0, res.output
    token = next(line for line in res.output.splitlines() if line.startswith("ww_"))
    assert review.verify_token(Store(db_url), token).name == "Amira"
    listed = runner.invoke(app, ["users", "list", "--db", db_url])
    assert listed.exit_code == 0 and "Amira" in listed.output
    revoked = runner.invoke(app, ["users", "revoke", "Amira", "--db", db_url])
    assert revoked.exit_code == 0 and "revoked 1 token" in revoked.output


# -- actions ---------------------------------------------------------------------------
def test_confirm_locks_and_is_audited(two):
    store, (a, _b) = two
    audit_id = review.confirm(store, a, "Amira", "checked against the ministry's list")
    [entry] = [e for e in store.audit(a) if e["id"] == audit_id]
    assert (entry["who"], entry["action"], entry["why"]) == ("Amira", "confirm", "checked against the ministry's list")
    assert entry["before"]["incidents"][a]["review_status"] is None
    assert entry["after"]["incidents"][a]["review_status"] == "confirmed"
    assert review.review_state(store, [a]) == {a: ("confirmed", True)}


def test_edit_changes_fields_and_keeps_them_through_relink(two, db_url: str):
    store, (a, _b) = two
    review.edit(store, a, {"fatalities_high": "9", "location": "Mosul - al-Jadida"}, "Amira", "ministry figure")
    inc = store.incident(a)
    assert inc.fatalities.high == 9
    assert inc.place is not None and inc.place.name == "Mosul - al-Jadida"
    # A new report of the same strike arrives; relink must not overwrite the analyst's figures.
    doc = make_doc("A later report: the strike killed 40.", outlet="Late Wire")
    store.add_documents([doc])
    store.save_reports(doc, [make_report(doc, killed=(40, 40, 40))])
    store.relink()
    again = store.incident(a)
    assert again.fatalities.high == 9
    assert len(again.reports) == 1
    assert [e["action"] for e in store.audit(a)][-1] == "edit"  # relink wrote nothing on it


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"fatalities_low": "many"}, "whole number"),
        ({"fatalities_low": "-3"}, "whole number"),
        ({"fatalities_low": "50"}, "low <= best <= high"),
        ({"event_date": "19/03/2017"}, "YYYY-MM-DD"),
        ({"latitude": "123"}, "between -90 and 90"),
        ({"grade": "Great"}, "unknown grade"),
        ({"sub_event_type": "Picnic"}, "unknown sub-event type"),
        ({"id": "x"}, "cannot be edited"),
        ({}, "nothing to edit"),
    ],
)
def test_bad_edits_are_refused_with_the_reason(two, changes, message):
    store, (a, _b) = two
    with pytest.raises(ReviewError, match=message):
        review.edit(store, a, changes, "Amira")
    assert store.incident(a).fatalities.low == 5  # nothing changed


def test_sub_event_type_edit_moves_the_event_type(two):
    store, (a, _b) = two
    review.edit(store, a, {"sub_event_type": "Armed clash", "event_date": "2017-03-18"}, "Amira")
    inc = store.incident(a)
    assert (inc.event_type, inc.sub_event_type) == ("Battles", "Armed clash")
    assert inc.when is not None and inc.when.start == date(2017, 3, 18)


def test_reject_retires_the_incident_and_relink_leaves_it(two):
    store, (a, b) = two
    review.reject(store, a, "Amira", "a training exercise, not a strike")
    assert [i.id for i in store.incidents()] == [b]
    [gone] = store.incidents(status="deleted")
    assert gone.id == a
    store.relink()
    assert [i.id for i in store.incidents()] == [b]


def test_merge_then_undo_restores_both(two):
    store, (a, b) = two
    before = {i.id: (i.fatalities, len(i.reports)) for i in store.incidents(with_reports=True)}
    audit_id = review.merge(store, a, b, "Amira", "same strike, misdated by one outlet")
    merged = store.incident(a)
    assert len(merged.reports) == 2 and merged.source_count == 2
    assert store.incident(b).status == "merged"
    assert [e["action"] for e in store.audit(b)][-1] == "merge"
    review.undo(store, audit_id, "Amira", "wrong call")
    after = {i.id: (i.fatalities, len(i.reports)) for i in store.incidents(with_reports=True)}
    assert after == before
    assert store.audit(a)[-1]["action"] == "undo"


def test_split_then_undo(db_url: str):
    store, ids = _store_with(db_url, {"killed": (5, 5, 5)}, {"killed": (8, 8, 8)})
    assert ids[0] == ids[1]  # two outlets, one incident
    inc = store.incident(ids[0])
    moving = inc.reports[1].id
    new_id = review.split(store, inc.id, [moving], "Amira", "two different strikes")
    assert [r.id for r in store.incident(new_id).reports] == [moving]
    assert len(store.incident(inc.id).reports) == 1
    [split_entry] = [e for e in store.audit(inc.id) if e["action"] == "split"]
    review.undo(store, split_entry["id"], "Amira")
    assert len(store.incident(inc.id).reports) == 2
    assert store.incident(new_id).status == "deleted"


def test_split_needs_reports_of_the_incident_and_must_leave_one(db_url: str):
    store, ids = _store_with(db_url, {}, {})
    inc = store.incident(ids[0])
    with pytest.raises(ReviewError, match="at least one report"):
        review.split(store, inc.id, [r.id for r in inc.reports], "Amira")
    with pytest.raises(ReviewError, match="name one or more reports"):
        review.split(store, inc.id, ["nope"], "Amira")


def test_undo_refuses_when_the_incident_changed_since(two):
    store, (a, _b) = two
    first = review.edit(store, a, {"fatalities_high": "9"}, "Amira")
    review.edit(store, a, {"notes": "checked"}, "Bilal")
    with pytest.raises(ReviewConflict, match="undo the later change first"):
        review.undo(store, first, "Amira")
    undo_id = review.undo(store, review.edit(store, a, {"grade": "Fair"}, "Bilal"), "Bilal")
    with pytest.raises(ReviewError, match="not a review action that can be undone"):
        review.undo(store, undo_id, "Bilal")


def test_merge_checks(two):
    store, (a, b) = two
    with pytest.raises(ReviewError, match="itself"):
        review.merge(store, a, a, "Amira")
    with pytest.raises(NotFoundError):
        review.merge(store, a, "feedface", "Amira")
    review.merge(store, a, b, "Amira")
    with pytest.raises(ReviewError, match="only active incidents"):
        review.merge(store, a, b, "Amira")


def test_audit_summary_shows_what_changed_and_folds_the_rest(two):
    store, (a, _) = two
    review.edit(store, a, {"fatalities_high": "9"}, "Amira", "ministry figure")
    create, edit = (review.summarize({**e, "incident_id": a}) for e in store.audit(a))
    assert create.created and create.changes == []
    assert "Mosul" in create.headline and "killed" in create.headline
    assert {"location", "actor_names", "place", "notes"} <= {f for f, _, _ in create.details}
    assert not edit.created and edit.headline == ""
    assert edit.changes == [("fatalities_high", 5, 9), ("review_status", None, "edited")]
    assert [f for f, _, _ in edit.details] == ["locked"]


def test_audit_summary_caps_a_long_list_of_changes():
    fields = ["event_type", "sub_event_type", "event_date", "location", "country", "admin1", "grade", "notes"]
    entry = {"action": "update", "before": dict.fromkeys(fields, "old"), "after": dict.fromkeys(fields, "new")}
    s = review.summarize({**entry, "incident_id": "i1"})
    assert len(s.changes) == review.AUDIT_SHOWN and "notes" not in {f for f, _, _ in s.changes}
    assert len(s.changes) + len(s.details) == len(fields)


def _migrate_to(url: str, store: Store, revision: str, *, down: bool = False) -> None:
    from alembic import command

    from warwatch.store import _alembic_config

    cfg = _alembic_config(url)
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, revision)


def _schema(path: Path) -> dict[str, set[str]]:
    con = sqlite3.connect(path)
    out: dict[str, set[str]] = {}
    for kind, name in con.execute("SELECT type, name FROM sqlite_master"):
        out.setdefault(kind, set()).add(name)
    con.close()
    return out


def test_migrations_upgrade_and_downgrade(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    store = Store(url, check=False)
    _migrate_to(url, store, "0001")
    con = sqlite3.connect(tmp_path / "m.db")
    con.execute(
        "INSERT INTO incidents (id, status, scope, assoc_actor_1, assoc_actor_2, place, location, source_count, "
        "notes, first_seen, updated) VALUES ('i1', 'active', 'acled', '[]', '[]', '{\"name\": \"Mosul\", "
        "\"lat\": 36.3, \"lon\": 43.1}', 'Mosul', 1, '', '2017-01-01', '2017-01-01')"
    )
    con.commit()
    con.close()
    _migrate_to(url, store, "0002")
    con = sqlite3.connect(tmp_path / "m.db")
    assert con.execute("SELECT latitude, longitude, locked FROM incidents").fetchone() == (36.3, 43.1, 0)
    con.close()
    # 0003 indexes the incidents already there for text search, and keeps new and changed ones in step.
    _migrate_to(url, store, "0003")
    con = sqlite3.connect(tmp_path / "m.db")
    search = "SELECT count(*) FROM incidents_fts WHERE incidents_fts MATCH ?"
    assert con.execute(search, ('"osu"',)).fetchone() == (1,)
    con.execute("UPDATE incidents SET location = 'Kirkuk' WHERE id = 'i1'")
    assert con.execute(search, ('"osu"',)).fetchone() == (0,)
    assert con.execute(search, ('"kirk"',)).fetchone() == (1,)
    con.execute("DELETE FROM incidents")
    assert con.execute(search, ('"kirk"',)).fetchone() == (0,)
    con.commit()
    con.close()
    schema = _schema(tmp_path / "m.db")
    assert {"incidents_fts_insert", "incidents_fts_update", "incidents_fts_delete"} <= schema["trigger"]
    assert {"ix_incidents_country_date", "ix_incidents_status_date_tolls"} <= schema["index"]
    # 0004 adds processing claims to documents, and the feeds, pages and alert tables.
    assert store.migrate() == "0004"
    schema = _schema(tmp_path / "m.db")
    assert {"feeds", "pages", "alert_rules", "alert_deliveries"} <= schema["table"]
    _migrate_to(url, store, "0003", down=True)
    assert not {"feeds", "pages", "alert_rules", "alert_deliveries"} & _schema(tmp_path / "m.db")["table"]
    _migrate_to(url, store, "0002", down=True)
    schema = _schema(tmp_path / "m.db")
    assert "incidents_fts" not in schema["table"] and "trigger" not in schema
    assert "ix_incidents_status_date" in schema["index"] and "ix_incidents_country_date" not in schema["index"]
    _migrate_to(url, store, "0001", down=True)
    tables = _schema(tmp_path / "m.db")["table"]
    assert "users" not in tables and "incidents" in tables
