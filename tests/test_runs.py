"""Runs that crash, runs that overlap, and what is left to do: processing claims, `status` and `retry`.

The crash and overlap tests start real `warwatch run` processes on the sample
corpus and compare the database they leave with one clean run's.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update
from typer.testing import CliRunner

from tests.conftest import make_doc, make_report
from warwatch.cli import app
from warwatch.store import ClaimRow, DocumentRow, IncidentRow, ReportRow, Store, worker_token

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "articles"
WARWATCH = [sys.executable, "-c", "from warwatch.cli import main; main()"]
#: Small batches, so a run killed at a random point has finished some documents and not others.
RUN_ENV = {**os.environ, "WARWATCH_BATCH_SIZE": "4"}
runner = CliRunner()


def _launch(db_url: str, **env: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*WARWATCH, "run", str(SAMPLES), "--db", db_url],
        env={**RUN_ENV, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _finish(proc: subprocess.Popen[bytes], timeout: float = 300) -> tuple[int, str]:
    _, stderr = proc.communicate(timeout=timeout)
    return proc.returncode, stderr.decode(errors="replace")


def _snapshot(url: str) -> dict[str, Any]:
    """Everything a run decides, in a form two databases can be compared by."""
    store = Store(url)
    with store.session() as s:
        docs = sorted(s.execute(select(DocumentRow.id, DocumentRow.status, DocumentRow.error)).all())
        reports = sorted(s.execute(select(ReportRow.id, ReportRow.doc_id, ReportRow.incident_id)).all())
        claims = sorted(
            s.execute(select(ClaimRow.report_id, ClaimRow.kind, ClaimRow.low, ClaimRow.best, ClaimRow.high)).all(),
            key=repr,
        )
        incidents = sorted(
            s.execute(
                select(IncidentRow.id, IncidentRow.status, IncidentRow.fatalities_best, IncidentRow.source_count)
            ).all(),
            key=repr,
        )
    store.engine.dispose()
    return {"documents": docs, "reports": reports, "claims": claims, "incidents": incidents}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One clean, uninterrupted run of the sample corpus (SQLite; the outcome does not depend on the database)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'ref.db'}"
    start = time.monotonic()
    code, stderr = _finish(_launch(url))
    assert code == 0, stderr
    snap = _snapshot(url)
    snap["seconds"] = time.monotonic() - start
    assert {status for _, status, _ in snap["documents"]} == {"processed"}
    return snap


def _same_outcome(snap: dict[str, Any], reference: dict[str, Any]) -> None:
    for key in ("documents", "reports", "claims", "incidents"):
        assert snap[key] == reference[key], key


# -- the two end-to-end tests the claims exist for ----------------------------------


def _wait_for_claims(db_url: str, proc: subprocess.Popen[bytes], timeout: float = 120) -> None:
    """Wait until the run has documents claimed, i.e. it is in the middle of extracting."""
    store = Store(db_url)
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if store.counts().get("processing", 0):
            break
        time.sleep(0.05)
    store.engine.dispose()


@pytest.mark.slow
def test_runs_killed_at_random_points_end_with_every_article_processed_once(
    db_url: str, reference: dict[str, Any]
) -> None:
    seed = int(os.environ.get("WARWATCH_CRASH_SEED", "20261125"))
    rng = random.Random(seed)
    took_back = kills = 0
    for attempt in range(4):
        # The test kills on purpose, so a high max_attempts keeps any document from being set aside.
        proc = _launch(db_url, WARWATCH_MAX_ATTEMPTS="10")
        if attempt == 0:  # anywhere in the first half: loading, ingesting or extracting
            time.sleep(rng.uniform(0.2, reference["seconds"] / 2))
        else:  # somewhere in the middle of extracting, with documents claimed and some finished
            _wait_for_claims(db_url, proc)
            time.sleep(rng.uniform(0.0, 1.5))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        took_back += "took back" in _finish(proc, timeout=60)[1]
    assert kills >= 2, f"seed {seed}: the runs finished before they could be killed; the test proves nothing"
    code, stderr = _finish(_launch(db_url, WARWATCH_MAX_ATTEMPTS="10"))
    assert code == 0, stderr
    assert took_back + ("took back" in stderr) >= 1, "no run found a claim left by a killed one"
    _same_outcome(_snapshot(db_url), reference)


@pytest.mark.slow
def test_two_runs_at_once_lose_nothing_and_duplicate_nothing(db_url: str, reference: dict[str, Any]) -> None:
    first, second = _launch(db_url), _launch(db_url)
    results = [_finish(first), _finish(second)]
    for code, stderr in results:
        assert code == 0, stderr
    _same_outcome(_snapshot(db_url), reference)
    # They shared the work: between them every document was analysed once.
    done = [int(stderr.split("processed ")[1].split(" ")[0]) for _, stderr in results]
    assert sum(done) == len(reference["documents"]), results


# -- claims ---------------------------------------------------------------------------


def _stored(db_url: str, n: int) -> tuple[Store, list[Any]]:
    store = Store(db_url)
    docs = [make_doc(f"Report number {i} of a shelling in Mosul.") for i in range(n)]
    store.add_documents(docs)
    return store, docs


def test_a_claimed_document_is_given_to_nobody_else(db_url: str) -> None:
    store, _ = _stored(db_url, 5)
    first = store.claim("host:1:1", 3)
    second = store.claim("host:2:2", 3)
    assert len(first) == 3 and len(second) == 2
    assert not {d.id for d in first} & {d.id for d in second}
    assert store.claim("host:3:3", 3) == []
    assert store.counts()["processing"] == 5


def test_only_the_claimant_finishes_a_document(db_url: str) -> None:
    store, _ = _stored(db_url, 1)
    [doc] = store.claim("host:1:1", 1)
    assert store.save_reports(doc, [make_report(doc)], claim="host:2:2") is False
    assert store.mark_failed(doc.id, "extract", "boom", claim="host:2:2") is False
    assert store.reports() == []
    assert store.save_reports(doc, [make_report(doc)], claim="host:1:1") is True
    assert store.counts().get("processing", 0) == 0 and store.counts()["processed"] == 1
    assert len(store.reports()) == 1


def _age_claims(store: Store, seconds: int) -> None:
    with store.session() as s, s.begin():
        s.execute(update(DocumentRow).values(claimed_at=datetime.now(UTC) - timedelta(seconds=seconds)))


def test_claims_of_dead_processes_are_taken_back_at_once(db_url: str) -> None:
    store, _ = _stored(db_url, 2)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True)
    host = worker_token().split(":")[0]
    store.claim(f"{host}:{int(dead.stdout)}:1", 1)  # a process that has exited
    store.claim(worker_token(), 1)  # this process: alive
    assert store.recover_stale(timeout=3600, max_attempts=3) == (1, 0)
    assert store.counts() == {"ingested": 1, "processing": 1, "incidents": 0}


def test_claims_from_other_machines_are_taken_back_after_the_timeout(db_url: str) -> None:
    store, _ = _stored(db_url, 1)
    store.claim("elsewhere:42:1", 1)
    assert store.recover_stale(timeout=3600, max_attempts=3) == (0, 0)
    _age_claims(store, 7200)
    assert store.recover_stale(timeout=3600, max_attempts=3) == (1, 0)
    assert store.counts()["ingested"] == 1


def test_a_document_interrupted_too_often_is_set_aside_and_retry_brings_it_back(db_url: str) -> None:
    store, [doc] = _stored(db_url, 1)
    for attempt in range(3):
        assert [d.id for d in store.claim(f"elsewhere:{attempt}:1", 1)] == [doc.id]
        _age_claims(store, 7200)
        expected = (0, 1) if attempt == 2 else (1, 0)
        assert store.recover_stale(timeout=3600, max_attempts=3) == expected
    [failed] = store.failures()
    assert failed.stage == "process" and "interrupted 3 times" in (failed.error or "")
    assert store.retry() == (1, [])
    assert store.counts()["ingested"] == 1
    with store.session() as s:
        assert s.scalar(select(func.max(DocumentRow.attempts))) == 0


def test_documents_stored_twice_at_once_are_stored_once(db_url: str) -> None:
    a, b = Store(db_url), Store(db_url)
    doc = make_doc("The same wire story, read by two runs.")
    assert a.add_documents([doc]) == (1, 0)
    assert b.add_documents([doc]) == (0, 1)
    assert a.counts()["ingested"] == 1


# -- status and retry through the CLI --------------------------------------------------


def test_status_shows_pending_claimed_and_failed_with_reasons(db_url: str, tmp_path: Path) -> None:
    store, _ = _stored(db_url, 3)
    store.claim("elsewhere:7:1", 1)
    [doc] = store.claim(worker_token(), 1)
    store.mark_failed(doc.id, "extract", "the parser gave up", claim=worker_token())
    store.add_input_failure(str(tmp_path / "gone.txt"), "no such file or directory; check the path")
    res = runner.invoke(app, ["status", "--db", db_url])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert "pending  1" in lines[0] and "processing  1" in lines[1] and "failed  2" in lines[3]
    assert "by elsewhere:7:1" in res.output
    assert "failed at extract:" in res.output and "the parser gave up" in res.output
    assert "gone.txt: no such file" in res.output
    assert "warwatch retry" in res.output


def test_retry_rereads_inputs_that_failed_and_reanalyses_documents(db_url: str, tmp_path: Path) -> None:
    article = tmp_path / "late.txt"
    # First the file cannot be read (it is not there yet): the run records the failure.
    res = runner.invoke(app, ["run", str(article), "--db", db_url, "--published", "2017-03-23"])
    assert res.exit_code == 1
    assert Store(db_url).failures()[0].source == str(article)
    article.write_text(
        "Gunmen kill four in Kirkuk\n\nGunmen killed four people at a checkpoint in Kirkuk on Monday, police said.\n",
        encoding="utf-8",
    )
    (tmp_path / "late.txt.meta.json").write_text('{"published": "2017-03-23", "outlet": "Test Wire"}')
    res = runner.invoke(app, ["retry", "--db", db_url])
    assert res.exit_code == 0, res.output
    store = Store(db_url)
    assert store.failures() == []
    assert store.counts()["processed"] == 1
    assert any(c.best == 4 for r in store.reports() for c in r.claims)
