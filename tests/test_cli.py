"""The CLI through Typer's runner: exit codes, one-line errors, the whole path on small inputs."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warwatch.cli import app

runner = CliRunner()

ARTICLE = """Air strike kills civilians in Mosul

An air strike killed 12 civilians in the Iraqi city of Mosul on Tuesday, local officials said.

The strike hit a residential building in the al-Jadida district, according to residents.
"""


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "strike.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "empty.txt").write_text("", encoding="utf-8")
    (d / "dump.jsonl").write_text('{"id": "x", "title": "t", "text": "no event here at all"}\nnot json\n')
    return d


def _run(*args: str):
    return runner.invoke(app, list(args))


def test_run_processes_good_inputs_and_names_bad_ones(inputs: Path, db_url: str):
    res = _run("run", str(inputs), "--db", db_url, "--published", "2017-03-23", "--outlet", "Test Wire")
    assert res.exit_code == 1, res.output  # some inputs failed
    assert "empty.txt" in res.output
    assert "dump.jsonl:2" in res.output
    status = _run("status", "--db", db_url)
    assert status.exit_code == 0
    assert "empty.txt" in status.output


def test_rerun_changes_nothing(inputs: Path, db_url: str):
    _run("run", str(inputs / "strike.txt"), "--db", db_url, "--published", "2017-03-23")
    first = _run("export", "--db", db_url, "--format", "jsonl", "--include-other").output
    res = _run("run", str(inputs / "strike.txt"), "--db", db_url, "--published", "2017-03-23")
    assert res.exit_code == 0
    assert "0 new document(s), 1 already stored" in res.output
    assert _run("export", "--db", db_url, "--format", "jsonl", "--include-other").output == first


def test_incidents_show_export(inputs: Path, db_url: str, tmp_path: Path):
    assert _run("run", str(inputs / "strike.txt"), "--db", db_url, "--published", "2017-03-23").exit_code == 0
    table = _run("incidents", "--db", db_url)
    assert table.exit_code == 0 and "Mosul" in table.output
    out = tmp_path / "x.csv"
    assert _run("export", "--db", db_url, "--format", "acled-csv", "--out", str(out)).exit_code == 0
    [row] = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert row["sub_event_type"] == "Air/drone strike"
    assert row["fatalities"] == "12"
    from warwatch.store import Store

    [inc] = Store(db_url).incidents()
    shown = _run("show", inc.id[:8], "--db", db_url)
    assert shown.exit_code == 0
    assert "12" in shown.output and "local officials" in shown.output  # the claim and its claimant
    assert "An air strike killed 12 civilians" in shown.output  # the evidence quote


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "nope-does-not-exist.txt", "--published", "2017-01-01"], "nope-does-not-exist.txt"),
        (["run", ".", "--published", "yesterday"], "YYYY-MM-DD"),
        (["export", "--format", "xml"], "acled-csv"),
        (["show", "deadbeef"], "no incident"),
        (["eval", "no-such-task", "x.jsonl"], "no-such-task"),
    ],
)
def test_errors_are_one_line_with_what_to_do(args: list[str], message: str, db_url: str):
    res = _run(*args, "--db", db_url) if args[0] not in ("eval",) else _run(*args)
    assert res.exit_code != 0
    assert message in res.output


def test_migrate_reports_the_head_revision(db_url: str):
    from alembic.script import ScriptDirectory

    from warwatch.store import _alembic_config

    head = ScriptDirectory.from_config(_alembic_config(db_url)).get_current_head()
    res = _run("migrate", "--db", db_url)
    assert res.exit_code == 0
    assert f"revision {head}" in res.output


def test_a_bad_batch_loses_nothing_already_stored(inputs: Path, db_url: str, tmp_path: Path):
    assert _run("run", str(inputs / "strike.txt"), "--db", db_url, "--published", "2017-03-23").exit_code == 0
    before = _run("export", "--db", db_url, "--format", "jsonl", "--include-other").output
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (bad / "latin1.txt").write_bytes("Caf\xe9 bombing".encode("latin-1"))
    (bad / "page.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    res = _run("run", str(bad), str(tmp_path / "missing.txt"), "--db", db_url)
    assert res.exit_code == 1
    for name in ("binary.txt", "latin1.txt", "page.html", "missing.txt"):
        assert name in res.output
    assert _run("export", "--db", db_url, "--format", "jsonl", "--include-other").output == before


def test_incidents_and_show_list_linked_reports_with_their_tolls(db_url: str):
    from tests.conftest import make_doc, make_report
    from warwatch.store import Store

    store = Store(db_url)
    d1 = make_doc("Outlet A: a strike in Mosul killed five.", outlet="Outlet A")
    d2 = make_doc("Outlet B: the strike in Mosul killed nine.", outlet="Outlet B")
    store.add_documents([d1, d2])
    store.save_reports(d1, [make_report(d1, killed=(5, 5, 5))])
    store.save_reports(d2, [make_report(d2, killed=(9, 9, 9))])
    store.relink()
    table = _run("incidents", "--db", db_url, "--reports").output
    assert "Outlet A" in table and "Outlet B" in table
    assert "5-9" in table  # the incident's reconciled range, above the reports' own 5 and 9
    [inc] = store.incidents()
    shown = _run("show", inc.id, "--db", db_url).output
    assert "its own toll: killed 5," in shown and "its own toll: killed 9," in shown
