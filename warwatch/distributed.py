"""Scale-out: the analysis stage on Dask workers.

    analyze_distributed(docs, settings, workers=N)            -> iterator of (doc, reports | ExtractionError)
    analyze_distributed(docs, settings, scheduler="tcp://HOST:8786")
    DaskAnalyzer(settings, workers=N | scheduler=ADDRESS)      context manager: .analyze_many(docs), .warm(),
                                                               .peak_rss_mb()

The contract is `Pipeline(settings).analyze_many(docs)`'s: one (document, reports or
ExtractionError) per document, so a caller swaps one for the other. Results come in the
order batches finish, not the order documents went in.

What runs where. The client (the `warwatch` process) reads and cleans the inputs, claims
documents from the store, sends them to the workers a few at a time, writes each
result back through the store and links once at the end, so incidents come out the same
as in a one-process run. Each worker process loads spaCy and the gazetteer once, on its
first batch, and keeps them for the rest of its life.

Ingest stays in the client. Reading and cleaning (trafilatura for HTML) happen in one pass
in `ingest.read_paths`, and the content-hash id is taken from the clean text, so cleaning
is not a step that can be handed out after reading. It is also cheap: on the news corpus
it takes under 1 ms an article, against about 90 ms for analysis (1% of a run), and a
remote worker may not see the client's files at all.

Failures:
- A document whose analysis fails on a worker comes back as the ExtractionError the local
  pipeline gives (same stage, same reason).
- A worker that dies (killed, out of memory, a crash in native code) takes its batch with
  it. The scheduler of a local cluster runs such a batch once more elsewhere; if that dies
  too, each of its documents is sent again on its own, so the others go through, and one
  that still kills its worker comes back as an ExtractionError at stage "worker" saying so.
  Nothing is dropped.
- A scheduler that cannot be reached, has no workers, or goes away mid-run is a
  ClusterError: the run stops, and the documents it had claimed are taken back by the next.
- A worker that runs another version of warwatch refuses its batch with a ConfigError.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError
from contextlib import ExitStack
from itertools import islice
from types import TracebackType
from typing import Any, NamedTuple

from distributed import Client, Future, KilledWorker, LocalCluster, as_completed

from . import __version__
from .bench import peak_rss_mb
from .errors import ClusterError, ConfigError, ExtractionError, WarwatchError
from .models import Document, Report
from .pipeline import Pipeline
from .settings import Settings

Notify = Callable[[str], None]
Result = tuple[Document, list[Report] | ExtractionError]

#: Batches in flight per worker thread: one being analysed and one waiting, so a worker never
#: idles while its last result travels back. It matches what Dask's scheduler hands a one-thread
#: worker at once (worker-saturation 1.1, rounded up); more would wait in the scheduler, holding
#: claimed documents in memory for nothing.
BATCHES_PER_THREAD = 2
#: Documents per batch sent to a worker, at most (fewer when `batch_size` is smaller). A batch of
#: news articles takes a worker about 80 ms a document, so the 64 of the default `batch_size` kept
#: one worker busy for five seconds at the end of a run while the others had nothing left to do;
#: 16 keep that tail near a second, and a batch's own costs (sending it, Dask's bookkeeping) stay
#: under 1% of its time.
BATCH_DOCS = 16
#: Times the scheduler of a local cluster runs a batch whose worker died before giving up on it
#: (Dask's `allowed-failures`; its default of 3 would restart a worker, model load included,
#: four times for one text that kills it).
LOCAL_ALLOWED_FAILURES = 1
#: Seconds to wait for a scheduler to answer, and for its first worker to join: a cluster on
#: the local network answers in well under a second; workers take a few to register.
CONNECT_TIMEOUT_S = 10
WORKER_WAIT_S = 60
#: Stage recorded for a document whose worker died analysing it.
WORKER_STAGE = "worker"


class _Failed(NamedTuple):
    """An ExtractionError as it travels back from a worker (the exception itself does not pickle)."""

    stage: str
    reason: str


# --- on the workers ------------------------------------------------------------------------

#: This worker process's pipelines by spaCy model name: the model and gazetteer are what take
#: seconds to load, so they are kept for the life of the process.
_PIPELINES: dict[str, Pipeline] = {}
_PIPELINES_LOCK = threading.Lock()


def _pipeline(settings: Settings) -> Pipeline:
    """The pipeline for `settings`, reusing the model and gazetteer this process already holds."""
    with _PIPELINES_LOCK:  # a worker with several threads would otherwise load the model once per thread
        base = _PIPELINES.get(settings.spacy_model)
        if base is None:
            base = _PIPELINES[settings.spacy_model] = Pipeline(settings)
    if base.settings == settings:
        return base
    return Pipeline(settings, nlp_model=base.nlp, gazetteer=base.gazetteer)


def _check_version(client_version: str) -> None:
    if client_version != __version__:
        raise ConfigError(
            f"a Dask worker runs warwatch {__version__}, the client {client_version}: install the same "
            "version on every worker and restart them"
        )


def _warm(settings: Settings, client_version: str) -> None:
    _check_version(client_version)
    _pipeline(settings)


def _analyze_batch(settings: Settings, client_version: str, docs: list[Document]) -> list[list[Report] | _Failed]:
    """Runs on a worker: the result of each of `docs`, in their order."""
    _check_version(client_version)
    results: dict[int, list[Report] | _Failed] = {}
    for doc, result in _pipeline(settings).analyze_many(docs):
        results[id(doc)] = _Failed(result.stage, result.reason) if isinstance(result, ExtractionError) else result
    return [results[id(doc)] for doc in docs]


# --- in the client -------------------------------------------------------------------------


class DaskAnalyzer:
    """Analysis on a Dask cluster: `workers` local processes started for the run, or the existing
    cluster whose scheduler is at `scheduler`. Use it as a context manager; what it opened it closes."""

    def __init__(
        self,
        settings: Settings,
        *,
        workers: int | None = None,
        scheduler: str | None = None,
        notify: Notify | None = None,
    ) -> None:
        if (workers is None) == (scheduler is None):
            raise ConfigError("give either a number of local workers or a scheduler address, not both or neither")
        if workers is not None and workers < 1:
            raise ConfigError(f"the number of Dask workers must be at least 1, not {workers}")
        self.settings = settings
        self.workers = workers
        self.scheduler = scheduler
        self._notify = notify or (lambda line: None)
        self._stack = ExitStack()
        self._client: Client | None = None

    def __enter__(self) -> DaskAnalyzer:
        try:
            self._client = self._start() if self.workers is not None else self._connect()
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._client = None
        self._stack.close()

    def _start(self) -> Client:
        cluster = self._stack.enter_context(
            LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,  # spaCy holds the GIL: parallelism comes from processes
                processes=True,
                dashboard_address=None,
                # With the dashboard off the scheduler still serves health checks over HTTP; on a
                # random loopback port they never clash with another cluster's port 8787.
                scheduler_kwargs={
                    "dashboard": False,
                    "dashboard_address": "127.0.0.1:0",
                    "allowed_failures": LOCAL_ALLOWED_FAILURES,
                },
            )
        )
        client = self._stack.enter_context(Client(cluster, set_as_default=False))
        self._notify(f"analysing on {self.workers} local Dask worker process(es)")
        return client

    def _connect(self) -> Client:
        try:
            client = Client(self.scheduler, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
        except (OSError, ValueError) as err:
            raise ClusterError(
                f"cannot reach the Dask scheduler at {self.scheduler} ({err}); start one with `dask scheduler` "
                "and give its address, e.g. tcp://10.0.0.5:8786"
            ) from None
        self._stack.enter_context(client)
        try:
            client.wait_for_workers(1, timeout=WORKER_WAIT_S)
        except TimeoutError:
            raise ClusterError(
                f"no Dask worker joined the scheduler at {self.scheduler} within {WORKER_WAIT_S} s; "
                f"start some with `dask worker {self.scheduler}`"
            ) from None
        self._notify(f"analysing on the Dask cluster at {self.scheduler} ({len(client.nthreads())} worker(s))")
        return client

    @property
    def client(self) -> Client:
        if self._client is None:
            raise ClusterError("the Dask cluster is not open: use DaskAnalyzer as a context manager")
        return self._client

    def warm(self) -> None:
        """Load the pipeline on every worker now, rather than on each one's first batch."""
        futures = [
            self.client.submit(_warm, self.settings, __version__, workers=[addr], allow_other_workers=False, pure=False)
            for addr in self.client.nthreads()
        ]
        for fut in futures:
            self._result(fut)

    def peak_rss_mb(self) -> float:
        """Peak resident memory summed over this process and every worker process, in MiB.

        Each process's own peak is added, so the figure is an upper bound of what they held at any
        one moment. A local cluster's scheduler and nannies live in this process and are counted
        with it; a remote cluster's scheduler and nannies are not counted."""
        return peak_rss_mb() + sum(self.client.run(peak_rss_mb).values())

    def _slots(self) -> int:
        return max(1, sum(self.client.nthreads().values())) * BATCHES_PER_THREAD

    def _result(self, fut: Future) -> Any:
        """The future's result; a lost scheduler is a ClusterError, warwatch's own errors pass through."""
        try:
            return fut.result()
        except CancelledError:
            raise ClusterError(
                f"lost the Dask cluster{' at ' + self.scheduler if self.scheduler else ''} during the run; "
                "run again once it is back (documents it held are taken back)"
            ) from None

    def analyze_many(self, docs: Iterable[Document]) -> Iterator[Result]:
        """Analyse documents on the workers; a failing document yields its error, the rest go on.

        Documents are taken from `docs` only as batches are sent, and at most BATCHES_PER_THREAD
        batches per worker thread are out at once, so memory stays bounded however long `docs` is.
        """
        client, size = self.client, min(self.settings.batch_size, BATCH_DOCS)
        source = iter(docs)
        exhausted = False
        out: dict[Future, tuple[list[Document], bool]] = {}  # batch, and whether it is one document sent alone
        finished = as_completed(loop=client.loop)

        def send(batch: list[Document], alone: bool) -> None:
            fut = client.submit(_analyze_batch, self.settings, __version__, batch, pure=False)
            out[fut] = (batch, alone)
            finished.add(fut)

        def top_up() -> None:
            nonlocal exhausted
            slots = self._slots()
            while not exhausted and len(out) < slots:
                batch = list(islice(source, size))
                if batch:
                    send(batch, False)
                else:
                    exhausted = True

        top_up()
        for fut in finished:
            batch, alone = out.pop(fut)
            try:
                results = self._result(fut)
            except WarwatchError:
                raise
            except Exception as err:  # the worker died, or the batch could not be run or sent back
                if alone:
                    yield batch[0], ExtractionError(batch[0].id, WORKER_STAGE, _lost_reason(err))
                else:
                    self._notify(
                        f"a Dask worker died or failed on a batch of {len(batch)} document(s) "
                        f"({type(err).__name__}); sending each of them again on its own"
                    )
                    for doc in batch:
                        send([doc], True)
            else:
                for doc, result in zip(batch, results, strict=True):
                    yield doc, ExtractionError(doc.id, *result) if isinstance(result, _Failed) else result
            top_up()


def _lost_reason(err: Exception) -> str:
    if isinstance(err, KilledWorker):
        return (
            "every Dask worker that analysed it died (killed, out of memory, or crashed); the text may be too "
            f"large or malformed for the parser ({err})"
        )
    return f"the Dask worker could not analyse it: {type(err).__name__}: {err}"


def analyze_distributed(
    docs: Iterable[Document],
    settings: Settings,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    notify: Notify | None = None,
) -> Iterator[Result]:
    """`Pipeline(settings).analyze_many(docs)` on `workers` local Dask processes or the cluster at `scheduler`.

    The cluster is started (or connected to) on the first result asked for and closed when the
    iterator is exhausted or closed; `notify` gets a line on where the work runs and on lost workers.
    """
    with DaskAnalyzer(settings, workers=workers, scheduler=scheduler, notify=notify) as dask:
        yield from dask.analyze_many(docs)
