"""Throughput of the full pipeline on a corpus: `warwatch bench CORPUS`.

    bench(corpus, limit=..., pipeline=...) -> BenchResult

The corpus is a JSONL dump of articles (id, title, text, published). The clock covers
everything an article goes through in a run: ingest (reading and cleaning each line),
analysis (Pipeline.analyze_many: nlp, extraction, places, dates) and linking of all the
reports at once. Loading the spaCy model and the gazetteer happens before the clock starts,
since a long-running process pays it once. Peak memory is the process's peak resident set
size, model included, as the operating system counts it.

With `workers=N` the analysis runs on N local Dask worker processes instead
(`warwatch.distributed`); starting them and loading their pipelines happens before the clock
starts too, and peak memory is summed over this process (which holds the scheduler and the
nannies) and the worker processes. A process's peak only grows, so time the Dask run before a
one-process run in the same process: the other order would count the one-process run's model
in the Dask figure.
"""

from __future__ import annotations

import itertools
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import ExtractionError, InputError
from .ingest import read_paths
from .link import link_reports
from .models import Document, Incident, Report
from .pipeline import Pipeline
from .settings import Settings

Progress = Callable[[int, int], None]
Linker = Callable[[list[Report]], Sequence[Incident]]
Analyzer = Callable[[Iterable[Document]], Iterator[tuple[Document, list[Report] | ExtractionError]]]

#: ru_maxrss is in KiB on Linux and in bytes on macOS.
_RSS_UNIT_BYTES = 1 if sys.platform == "darwin" else 1024
_MIB = 1024 * 1024
#: Failures listed by name in the result; the count covers the rest.
MAX_ERRORS = 10


@dataclass(frozen=True)
class BenchResult:
    articles: int  # documents read and analysed (including those whose analysis failed)
    words: int  # whitespace-separated words of their clean texts
    seconds: float
    articles_per_s: float
    words_per_s: float
    peak_rss_mb: float
    reports: int
    incidents: int
    failed: int = 0  # lines that could not be read plus documents whose analysis failed
    errors: list[str] = field(default_factory=list)  # the first MAX_ERRORS failures, one line each
    workers: int | None = None  # Dask worker processes the analysis ran on; None: in this process


def peak_rss_mb() -> float:
    """The process's peak resident set size so far, in MiB."""
    try:
        import resource
    except ImportError:  # not on POSIX: psutil's peak working set stands in
        import psutil

        info = psutil.Process().memory_info()
        return getattr(info, "peak_wset", info.rss) / _MIB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * _RSS_UNIT_BYTES / _MIB


def _count_lines(corpus: Path, limit: int | None) -> int:
    try:
        with corpus.open("rb") as handle:
            total = sum(1 for line in handle if line.strip())
    except OSError as err:
        raise InputError(str(corpus), f"cannot read the corpus: {err.strerror or err}") from None
    return total if limit is None else min(total, limit)


def bench(
    corpus: Path,
    *,
    limit: int | None = None,
    pipeline: Pipeline | None = None,
    progress: Progress | None = None,
    linker: Linker = link_reports,
    workers: int | None = None,
) -> BenchResult:
    """Run ingest -> analyze_many -> link over the first `limit` articles of `corpus` and time it.

    With `workers`, the analysis runs on that many local Dask worker processes (`pipeline`, if
    given, only lends its settings)."""
    corpus = Path(corpus)
    if limit is not None and limit < 0:
        raise InputError(str(corpus), f"limit must be >= 0, not {limit}")
    if not corpus.is_file():
        raise InputError(str(corpus), "no such corpus file; give a JSONL file of articles")
    total = _count_lines(corpus, limit)
    if workers is None:
        pipeline = pipeline or Pipeline()
        return _timed(corpus, total, pipeline.settings, pipeline.analyze_many, peak_rss_mb, progress, linker)
    from .distributed import DaskAnalyzer

    settings = pipeline.settings if pipeline else Settings.from_env()
    with DaskAnalyzer(settings, workers=workers) as dask:
        dask.warm()
        res = _timed(corpus, total, settings, dask.analyze_many, dask.peak_rss_mb, progress, linker)
    return replace(res, workers=workers)


def _timed(
    corpus: Path,
    total: int,
    settings: Settings,
    analyze: Analyzer,
    peak: Callable[[], float],
    progress: Progress | None,
    linker: Linker,
) -> BenchResult:
    unreadable = 0
    failed = 0
    errors: list[str] = []
    words = 0
    reports: list[Report] = []
    if progress:
        progress(0, total)

    def documents() -> Iterator[Document]:
        nonlocal unreadable, words
        for item in itertools.islice(read_paths([corpus], settings=settings), total):
            if isinstance(item, InputError):
                unreadable += 1
                continue
            words += len(item.text.split())
            yield item

    start = time.perf_counter()
    done = 0
    for doc, result in analyze(documents()):
        done += 1
        if isinstance(result, ExtractionError):
            failed += 1
            if len(errors) < MAX_ERRORS:
                errors.append(f"{doc.source or doc.id}: {result}")
        else:
            reports.extend(result)
        if progress:
            progress(done + unreadable, total)
    incidents = linker(reports)
    seconds = time.perf_counter() - start
    return BenchResult(
        articles=done,
        words=words,
        seconds=seconds,
        articles_per_s=done / seconds if seconds > 0 else 0.0,
        words_per_s=words / seconds if seconds > 0 else 0.0,
        peak_rss_mb=peak(),
        reports=len(reports),
        incidents=len(incidents),
        failed=failed + unreadable,
        errors=errors,
    )
