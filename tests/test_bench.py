"""Tests of warwatch.bench: timing the pipeline over a small JSONL corpus."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from warwatch.bench import BenchResult, bench, peak_rss_mb
from warwatch.errors import ExtractionError, InputError
from warwatch.models import Document, Incident, Report
from warwatch.settings import Settings

ARTICLES = [
    {"id": "a1", "title": "Strike on a market", "text": "An air strike hit a market in the town on Monday.",
     "published": "2017-03-27"},
    {"id": "a2", "title": "Talks", "text": "Officials met to discuss the water supply for the region.",
     "published": None},
    {"id": "a3", "title": "Clash", "text": "Fighters clashed with the army near the river crossing.",
     "published": "2017-03-28"},
]  # fmt: skip


class StubPipeline:
    """Pipeline stand-in: one report per document whose text mentions a keyword; `fail` ids raise."""

    def __init__(self, keyword: str = "strike", fail: frozenset[str] = frozenset()) -> None:
        self.settings = Settings()
        self.keyword = keyword
        self.fail = fail

    def analyze_many(self, docs: Iterable[Document]) -> Iterator[tuple[Document, list[Report] | ExtractionError]]:
        for doc in docs:
            if any(f in doc.text for f in self.fail):
                yield doc, ExtractionError(doc.id, "extract", "stub failure")
            elif self.keyword in doc.text:
                yield doc, [Report(doc.id, 0, "Explosions/Remote violence", "Air/drone strike")]
            else:
                yield doc, []


def every_report_alone(reports: list[Report]) -> list[Incident]:
    return [Incident(id=f"{r.doc_id}/{r.index}", reports=[r], event_type=None, sub_event_type=None) for r in reports]


def write_corpus(path: Path, rows: list[dict], extra: str = "") -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + extra, encoding="utf-8")
    return path


def words_of(rows: list[dict]) -> int:
    return sum(len(r["text"].split()) for r in rows)


@pytest.mark.parametrize(
    ("limit", "articles", "reports"),
    [(None, 3, 1), (2, 2, 1), (1, 1, 1), (0, 0, 0)],
)
def test_bench_counts_table(tmp_path: Path, limit: int | None, articles: int, reports: int) -> None:
    corpus = write_corpus(tmp_path / "news.jsonl", ARTICLES)
    res = bench(corpus, limit=limit, pipeline=StubPipeline(), linker=every_report_alone)  # type: ignore[arg-type]
    assert isinstance(res, BenchResult)
    assert (res.articles, res.reports, res.incidents, res.failed) == (articles, reports, reports, 0)
    assert res.words == words_of(ARTICLES[:articles])
    assert res.seconds >= 0.0 and res.articles_per_s >= 0.0 and res.words_per_s >= 0.0
    assert res.peak_rss_mb > 0.0


def test_bench_counts_failures_and_goes_on(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "news.jsonl", ARTICLES, extra='{"id": "bad", "title": "no text"}\n')
    seen: list[tuple[int, int]] = []
    res = bench(
        corpus,
        pipeline=StubPipeline(fail=frozenset({"Fighters"})),  # type: ignore[arg-type]
        linker=every_report_alone,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert res.articles == 3  # the unreadable line is not an article; the failed analysis is
    assert res.failed == 2
    assert res.reports == 1
    assert seen[0] == (0, 4) and seen[-1][1] == 4


def test_bench_missing_corpus(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such corpus file"):
        bench(tmp_path / "absent.jsonl", pipeline=StubPipeline())  # type: ignore[arg-type]


def test_bench_runs_the_real_pipeline(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "news.jsonl", ARTICLES)
    res = bench(corpus)
    assert res.articles == 3
    assert res.words == words_of(ARTICLES)
    assert res.incidents <= res.reports


def test_peak_rss_is_positive() -> None:
    assert peak_rss_mb() > 1.0
