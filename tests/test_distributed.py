"""Scale-out on Dask: the same reports and incidents as one process, failures kept, workers lost safely.

One 2-worker LocalCluster serves the module; `warwatch run --workers 2` starts its own.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest
from distributed import Client, LocalCluster, get_task_stream
from typer.testing import CliRunner

from warwatch import distributed as scale_out
from warwatch.cli import app
from warwatch.distributed import WORKER_STAGE, analyze_distributed
from warwatch.errors import ExtractionError
from warwatch.ingest import read_paths
from warwatch.models import Document, Report
from warwatch.pipeline import Pipeline
from warwatch.reconcile import report_tolls
from warwatch.settings import Settings
from warwatch.store import IncidentFilter, Store

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "articles"
#: Small batches, so the sample documents make several and both workers get some.
BATCH = 8
#: Sample documents analysed directly (the CLI tests take them all): enough for several batches.
HANDFUL = 16
#: spaCy refuses texts over `nlp.max_length` (1,000,000 characters); warwatch cuts texts at
#: `max_chars` first, so with the cap raised above spaCy's a long article fails at the nlp stage.
OVER_SPACY_LIMIT = 1_050_000
runner = CliRunner()


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    # allowed_failures=0: a batch whose worker dies is given up by the scheduler at once, so the
    # killed-worker test reaches warwatch's own recovery instead of Dask's silent retry.
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0", "allowed_failures": 0},
    ) as c:
        yield c


@pytest.fixture(scope="module")
def client(cluster: LocalCluster) -> Iterator[Client]:
    with Client(cluster, set_as_default=False) as c:
        yield c


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    found = [d for d in read_paths([SAMPLES]) if isinstance(d, Document)]
    return found[::2][:HANDFUL]  # every other one, so HTML, text and JSONL inputs are all among them


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(Settings(batch_size=BATCH))


@pytest.fixture(scope="module")
def local(pipeline: Pipeline, docs: list[Document]) -> dict[str, Any]:
    return _summary(pipeline.analyze_many(docs))


def _summary(results: Iterable[tuple[Document, list[Report] | ExtractionError]]) -> dict[str, Any]:
    """Per document: its reports' ids, types and tolls, or its error's stage and reason."""
    out: dict[str, Any] = {}
    for doc, result in results:
        assert doc.id not in out, "a document came back twice"
        if isinstance(result, ExtractionError):
            out[doc.id] = (result.stage, result.reason)
        else:
            out[doc.id] = [(r.id, r.event_type, r.sub_event_type, report_tolls(r)) for r in result]
    return out


def _incidents(db_url: str) -> list[tuple[Any, ...]]:
    incs = Store(db_url).incidents(IncidentFilter(include_other=True))
    return sorted((i.id, i.sub_event_type, i.fatalities, i.civilians_killed, i.injured) for i in incs)


@pytest.fixture(scope="module")
def one_process_run(
    tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline
) -> tuple[int, dict[str, int], list[tuple[Any, ...]]]:
    """`warwatch run` on the samples in this process: exit code, counts and incidents."""
    url = f"sqlite:///{tmp_path_factory.mktemp('local') / 'run.db'}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("warwatch.pipeline.Pipeline", lambda settings: pipeline)  # the model is loaded already
        res = runner.invoke(app, ["run", str(SAMPLES), "--db", url], env={"WARWATCH_BATCH_SIZE": str(BATCH)})
    assert res.exit_code in (0, 1), res.output
    return res.exit_code, Store(url).counts(), _incidents(url)


def test_same_reports_as_the_local_pipeline(cluster: LocalCluster, docs: list[Document], local: dict[str, Any]):
    notes: list[str] = []
    got = _summary(
        analyze_distributed(docs, Settings(batch_size=BATCH), scheduler=cluster.scheduler_address, notify=notes.append)
    )
    assert got == local
    assert len(got) == HANDFUL
    assert sum(isinstance(v, list) and len(v) > 0 for v in got.values()) >= HANDFUL // 2  # most report events
    assert notes == [f"analysing on the Dask cluster at {cluster.scheduler_address} (2 worker(s))"]


def test_batches_sent_to_workers_hold_at_most_batch_docs(
    cluster: LocalCluster, client: Client, docs: list[Document], local: dict[str, Any], monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(scale_out, "BATCH_DOCS", 3)
    with get_task_stream(client) as stream:
        got = _summary(analyze_distributed(docs, Settings(batch_size=BATCH), scheduler=cluster.scheduler_address))
    assert got == local
    batches = [task for task in stream.data if task["key"].startswith("_analyze_batch")]
    assert len(batches) == -(-HANDFUL // 3)  # batch_size (8) would have sent 2


def test_run_with_workers_gives_the_same_incidents(tmp_path: Path, one_process_run: tuple[Any, ...]):
    url = f"sqlite:///{tmp_path / 'dask.db'}"
    res = runner.invoke(
        app, ["run", str(SAMPLES), "--db", url, "--workers", "2"], env={"WARWATCH_BATCH_SIZE": str(BATCH)}
    )
    assert "analysing on 2 local Dask worker process(es)" in res.output
    assert (res.exit_code, Store(url).counts(), _incidents(url)) == one_process_run
    assert len(one_process_run[2]) >= 20


def test_run_on_a_running_cluster_gives_the_same_incidents(
    tmp_path: Path, cluster: LocalCluster, one_process_run: tuple[Any, ...]
):
    url = f"sqlite:///{tmp_path / 'cluster.db'}"
    res = runner.invoke(
        app,
        ["run", str(SAMPLES), "--db", url, "--scheduler", cluster.scheduler_address],
        env={"WARWATCH_BATCH_SIZE": str(BATCH)},
    )
    assert (res.exit_code, Store(url).counts(), _incidents(url)) == one_process_run


@pytest.mark.parametrize("command", ["run", "process"])
@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"], "give either --workers or --scheduler, not both"),
        (["--workers", "0"], "Invalid value for '--workers'"),
    ],
)
def test_bad_scale_out_options_are_usage_errors(tmp_path: Path, command: str, options: list[str], message: str):
    db = tmp_path / "never.db"
    paths = [str(SAMPLES)] if command == "run" else []
    res = runner.invoke(app, [command, *paths, "--db", f"sqlite:///{db}", *options])
    assert res.exit_code == 2
    assert message in " ".join(res.output.replace("│", " ").split())
    assert not db.exists()  # refused before anything was read or stored


def test_unreachable_scheduler_is_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(scale_out, "CONNECT_TIMEOUT_S", 2)  # the default waits 10 s for a slow network
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{sock.getsockname()[1]}"
    url = f"sqlite:///{tmp_path / 'x.db'}"
    res = runner.invoke(app, ["run", str(SAMPLES / "kidal-army-retakes.txt"), "--db", url, "--scheduler", address])
    assert res.exit_code == 2
    assert f"error: cannot reach the Dask scheduler at {address}" in res.output
    assert Store(url).counts().get("ingested") == 1  # stored and left pending for the next run


def test_failing_document_is_stored_failed_with_the_local_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cluster: LocalCluster, pipeline: Pipeline
):
    inputs = tmp_path / "in"
    inputs.mkdir()
    para = "Gunmen killed three villagers near the market in Kidal on Monday, officials said.\n\n"
    (inputs / "long.txt").write_text("Gunmen attack villages\n\n" + para * (OVER_SPACY_LIMIT // len(para)))
    (inputs / "kidal.txt").write_text((SAMPLES / "kidal-army-retakes.txt").read_text())
    monkeypatch.setenv("WARWATCH_MAX_CHARS", "2000000")
    url = f"sqlite:///{tmp_path / 'fail.db'}"
    res = runner.invoke(app, ["run", str(inputs), "--db", url, "--scheduler", cluster.scheduler_address])
    assert res.exit_code == 1, res.output
    store = Store(url)
    [failed] = store.failures()
    assert failed.source == str(inputs / "long.txt")
    same_settings = Pipeline(Settings.from_env(), nlp_model=pipeline.nlp, gazetteer=pipeline.gazetteer)
    [(_, local_error)] = same_settings.analyze_many([failed])
    assert isinstance(local_error, ExtractionError)
    assert (failed.stage, failed.error) == (local_error.stage, local_error.reason)
    assert failed.stage == "nlp" and "E088" in (failed.error or "")
    assert store.counts().get("processed") == 1 and _incidents(url)  # the other document went through


def test_a_worker_killed_mid_batch_loses_no_document(
    cluster: LocalCluster, client: Client, docs: list[Document], local: dict[str, Any]
):
    """Last of the tests on the module cluster: the killed worker is restarted, but reloads its model."""
    notes: list[str] = []
    results = analyze_distributed(
        docs, Settings(batch_size=2), scheduler=cluster.scheduler_address, notify=notes.append
    )
    first = next(results)  # batches are now out on both workers
    busy = next(addr for addr, keys in client.processing().items() if keys)
    pid = client.run(os.getpid, workers=[busy])[busy]
    psutil.Process(pid).kill()
    got = _summary([first, *results])
    assert any("died" in n and "on its own" in n for n in notes), notes
    assert got == local  # every document came back, each with the reports one process gives
    assert WORKER_STAGE not in {v[0] for v in got.values() if isinstance(v, tuple)}


def test_bench_times_one_process_and_dask_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pipeline: Pipeline):
    corpus = tmp_path / "news.jsonl"
    texts = [(SAMPLES / name).read_text() for name in ("kidal-army-retakes.txt", "srinagar-grenade.txt")]
    corpus.write_text("".join(json.dumps({"text": t, "published": "2021-05-04"}) + "\n" for t in texts))
    monkeypatch.setattr("warwatch.bench.Pipeline", lambda: pipeline)  # the one-process run's model is loaded already
    res = runner.invoke(app, ["bench", str(corpus), "--workers", "1", "--json"])
    assert res.exit_code == 0, res.output
    one, dask = (json.loads(line) for line in res.stdout.splitlines())
    assert (one["workers"], dask["workers"]) == (None, 1)
    figures = ("articles", "words", "reports", "incidents", "failed")
    assert [one[k] for k in figures] == [dask[k] for k in figures] and one["articles"] == 2 and one["reports"] >= 1
    assert dask["peak_rss_mb"] > one["peak_rss_mb"] > 0  # the worker holds a model of its own, on top
