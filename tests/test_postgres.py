"""PostgreSQL as the team's database: URLs, migrations and the CLI on a real server (see tests/pgcluster.py).

Every test using the `db_url` fixture already runs on SQLite and PostgreSQL. These
cover what only PostgreSQL has: the URL forms users type, `warwatch migrate` on a
fresh server database, the migrations' data steps there, and the same pipeline
giving the same incidents and digest on both databases. The last tests (on `db_url`)
pin down where the two databases behave differently unless told: time zones, text
widths, the place of NULLs in an order, LIKE and case, runs migrating at once.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from typer.testing import CliRunner

from tests.conftest import KIRKUK, make_doc, make_report
from tests.pgcluster import PgCluster
from warwatch.cli import app
from warwatch.errors import NotFoundError
from warwatch.store import Store, _alembic_config

runner = CliRunner()
SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "articles"
#: Two short articles that each report an incident; their sidecar files give date and outlet.
ARTICLES = ("kabul-airport-attack.txt", "baghdad-karrada-bombing.txt")


def _cli(*args: str) -> tuple[int, str]:
    """Exit code and output (standard output and error together)."""
    res = runner.invoke(app, list(args))
    return res.exit_code, res.output


def _head(url: str) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config(url)).get_current_head()


def test_migrate_through_the_cli_creates_the_schema(pg_url: str):
    code, output = _cli("migrate", "--db", pg_url)
    assert code == 0, output
    assert f"schema revision {_head(pg_url)}" in output
    store = Store(pg_url)
    assert {"documents", "reports", "claims", "incidents", "audit", "users", "feeds"} <= set(
        sa.inspect(store.engine).get_table_names()
    )
    assert "incidents_fts" not in sa.inspect(store.engine).get_table_names()  # SQLite's search table only
    assert _cli("migrate", "--db", pg_url)[0] == 0  # already current: nothing to do, no error


@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "postgresql+psycopg"])
def test_url_forms_users_type_go_through_psycopg(pg_url: str, scheme: str):
    url = pg_url.replace("postgresql://", f"{scheme}://", 1)
    store = Store(url)
    assert (store.engine.dialect.name, store.engine.dialect.driver) == ("postgresql", "psycopg")
    assert store.url == url  # kept as given: the web app hands it on
    assert store.counts() == {"incidents": 0}


def test_the_environment_variable_names_the_database(pg_url: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("WARWATCH_DB", pg_url)
    code, output = _cli("status")
    assert code == 0, output
    assert sa.inspect(Store(pg_url).engine).has_table("documents")


@pytest.mark.parametrize("command_args", [("migrate",), ("status",), ("incidents",)])
def test_a_missing_database_is_one_line_and_exit_2(pg_cluster: PgCluster, command_args: tuple[str, ...]):
    url = f"postgresql://{pg_cluster.user}:s3cret@127.0.0.1:{pg_cluster.port}/no_such_database"
    code, output = _cli(*command_args, "--db", url)
    assert code == 2, output
    assert "cannot open database" in output and "no_such_database" in output
    assert "s3cret" not in output  # a team's URL holds a password: messages leave it out
    assert "Traceback" not in output


def test_run_incidents_export_and_digest_match_sqlite(pg_url: str, tmp_path: Path):
    sqlite_url = f"sqlite:///{tmp_path / 'same.db'}"
    exports, digests = {}, {}
    for url in (sqlite_url, pg_url):
        code, output = _cli("run", *(str(SAMPLES / name) for name in ARTICLES), "--db", url)
        assert code == 0, output
        code, table = _cli("incidents", "--db", url)
        assert code == 0 and "Kabul" in table, table
        res = runner.invoke(app, ["export", "--db", url, "--format", "jsonl", "--include-other"])
        assert res.exit_code == 0, res.output
        exports[url] = [json.loads(line) for line in res.stdout.splitlines()]
        period = ["--from", "2016-01-01", "--to", "2021-12-31", "--format", "md"]
        res = runner.invoke(app, ["digest", "--db", url, "--country", "Afghanistan", *period])
        assert res.exit_code == 0, res.output
        digests[url] = res.stdout
    assert "Kabul" in digests[pg_url] and "Baghdad" not in digests[pg_url]
    assert digests[pg_url] == digests[sqlite_url]
    on_sqlite, on_postgres = exports[sqlite_url], exports[pg_url]
    assert len(on_postgres) == len(on_sqlite) >= len(ARTICLES)
    # Identical records, ids included (they come from content); `timestamp` is when each run wrote them.
    for rec in (*on_sqlite, *on_postgres):
        assert isinstance(rec.pop("timestamp"), int)
    assert on_postgres == on_sqlite


def test_migrations_carry_data_up_and_come_down(pg_url: str):
    store = Store(pg_url, check=False)
    cfg = _alembic_config(pg_url)

    def migrate(revision: str, *, down: bool = False) -> None:
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            (command.downgrade if down else command.upgrade)(cfg, revision)

    migrate("0001")
    with store.engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO incidents (id, status, scope, assoc_actor_1, assoc_actor_2, place, actor1, location, "
                "source_count, notes, first_seen, updated) VALUES ('i1', 'active', 'acled', '[]', '[]', "
                """'{"name": "Mosul", "lat": 36.3, "lon": 43.1}', '{"name": "Islamic State (Iraq)"}', 'Mosul', """
                "1, '', '2017-01-01T00:00:00Z', '2017-01-01T00:00:00Z')"
            )
        )
    migrate("head")
    with store.engine.connect() as conn:
        row = conn.execute(sa.text("SELECT latitude, longitude, actor_names, locked FROM incidents")).one()
    assert tuple(row) == (36.3, 43.1, "islamic state (iraq)", False)
    [inc] = Store(pg_url).incidents()
    assert inc.place is not None and inc.place.name == "Mosul"
    migrate("base", down=True)
    assert set(sa.inspect(store.engine).get_table_names()) == {"alembic_version"}


@pytest.fixture
def new_york() -> Iterator[None]:
    """The process's local time zone set to UTC-5 (or -4), as on an analyst's laptop, then put back."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def test_times_are_utc_on_both_databases_whatever_the_local_zone(db_url: str, new_york: None):
    # SQLite stores no zone and PostgreSQL answers in the session's: both must hand back the same UTC moment.
    store = Store(db_url)
    doc = make_doc("An air strike hit Mosul.")
    store.add_documents([doc])
    store.save_reports(doc, [make_report(doc)])
    store.relink()
    [inc] = store.incidents()
    assert inc.updated is not None and inc.updated.tzinfo == UTC
    assert abs(inc.updated.timestamp() - time.time()) < 60
    res = runner.invoke(app, ["export", "--db", db_url, "--format", "jsonl"])
    assert abs(json.loads(res.stdout)["timestamp"] - time.time()) < 60


def test_overlong_outlet_and_language_are_cut_to_fit_on_both_databases(db_url: str, tmp_path: Path):
    # VARCHAR widths bind on PostgreSQL only; an input must not store on one database and crash the other.
    record = {"title": "t", "text": "An air strike hit Mosul.", "outlet": "O" * 250, "language": "English (UK) " * 3}
    (tmp_path / "long.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    code, output = _cli("ingest", str(tmp_path / "long.jsonl"), "--db", db_url)
    assert code == 0, output
    [doc] = Store(db_url).documents()
    assert (doc.outlet, doc.language) == ("O" * 200, record["language"][:16])


def test_incidents_list_undated_last_and_take_an_id_prefix_in_any_case(db_url: str):
    store = Store(db_url)
    dated, undated = make_doc("An air strike hit Mosul."), make_doc("A bomb went off in Kirkuk.")
    store.add_documents([dated, undated])
    store.save_reports(dated, [make_report(dated)])
    store.save_reports(undated, [dataclasses.replace(make_report(undated, place=KIRKUK), when=None)])
    store.relink()
    listed = store.incidents()
    assert [i.when is not None for i in listed] == [True, False]
    shown = store.incident(listed[1].id[:6].upper())
    assert shown.id == listed[1].id
    with pytest.raises(NotFoundError):
        store.incident(listed[1].id[:5] + "_")  # a LIKE wildcard is a character like any other


def test_runs_starting_together_on_a_fresh_database_migrate_it_once(db_url: str):
    # Each process sees no tables and migrates; a lock (advisory on PostgreSQL, the write lock on SQLite)
    # makes the later ones wait and then find the schema current.
    script = "import sys; from warwatch.store import Store; print(Store(sys.argv[1])._revision())"
    argv = [sys.executable, "-c", script, db_url]
    procs = [subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    finished = [(p, *p.communicate(timeout=120)) for p in procs]
    assert [(p.returncode, out.strip()) for p, out, _ in finished] == [(0, _head(db_url))] * len(procs), [
        err for _, _, err in finished
    ]
