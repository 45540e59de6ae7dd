"""Reading evaluation files and running the pipeline over their cases.

An evaluation file is JSON Lines, one case per line (see the evaluation data README).
A missing file, a line that is not a JSON object or a case without a field a task needs
is an InputError naming the file and line: a measurement on half-read data would mislead.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from ..errors import ExtractionError, InputError
from ..models import Document, Report
from ..reconcile import report_tolls

Progress = Callable[[int, int], None]

#: A title is taken as already present in the text when it occurs within this many
#: characters of the text's start (FA-KES texts open with their dateline and headline).
TITLE_SEARCH_CHARS = 400


class Analyzer(Protocol):
    """What a task needs of the pipeline (warwatch.pipeline.Pipeline, or a small stand-in in tests)."""

    nlp: Any
    gazetteer: Any

    def analyze_many(self, docs: Iterable[Document]) -> Iterator[tuple[Document, list[Report] | ExtractionError]]: ...


@dataclass(frozen=True)
class Case:
    """One line of an evaluation file: its parsed object and where it came from."""

    data: dict[str, Any]
    source: str  # "path:line"

    def get(self, key: str, kind: type | tuple[type, ...], *, optional: bool = False) -> Any:
        """A field of the case, checked against `kind`; InputError when missing or mistyped."""
        if key not in self.data:
            if optional:
                return None
            raise InputError(self.source, f"missing field {key!r}")
        value = self.data[key]
        if value is None and optional:
            return None
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
            raise InputError(self.source, f"field {key!r} should be {_kind_name(kind)}, not {type(value).__name__}")
        return value

    def sub(self, key: str, value: Any, index: int | None = None) -> Case:
        """A nested object of the case (a gold record, a span) as a Case with the same source."""
        where = f"{key}[{index}]" if index is not None else key
        if not isinstance(value, dict):
            raise InputError(self.source, f"{where} should be an object, not {type(value).__name__}")
        return Case(value, f"{self.source} ({where})")

    def span(self, text: str, *, key: str = "span") -> tuple[int, int]:
        """(start, end) of a span object, checked to lie inside `text`."""
        start, end = self.get("start", int), self.get("end", int)
        if not 0 <= start <= end <= len(text):
            raise InputError(self.source, f"{key} {start}..{end} lies outside the text (length {len(text)})")
        return start, end

    def date(self, key: str) -> date | None:
        """An optional ISO date field."""
        raw = self.get(key, str, optional=True)
        if raw is None:
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise InputError(self.source, f"field {key!r} is not an ISO date: {raw!r}") from None


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    return " or ".join(k.__name__ for k in _as_tuple(kind))


def read_cases(path: Path, *, limit: int | None = None) -> list[Case]:
    """The first `limit` cases (all when None) of a JSON Lines evaluation file."""
    if limit is not None and limit < 0:
        raise InputError(str(path), f"limit must be >= 0, not {limit}")
    try:
        handle = path.open(encoding="utf-8")
    except OSError as err:
        raise InputError(str(path), f"cannot read the evaluation file: {err.strerror or err}") from None
    cases: list[Case] = []
    seen: set[object] = set()
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                if limit is not None and len(cases) >= limit:
                    break
                if not line.strip():
                    continue
                source = f"{path}:{number}"
                try:
                    data = json.loads(line)
                except json.JSONDecodeError as err:
                    raise InputError(source, f"not valid JSON ({err.msg})") from None
                if not isinstance(data, dict):
                    raise InputError(source, "a case should be a JSON object")
                case = Case(data, source)
                case_id = case.get("id", str)
                if case_id in seen:
                    raise InputError(source, f"id {case_id!r} occurs twice in the file")
                seen.add(case_id)
                cases.append(case)
        except UnicodeDecodeError:
            raise InputError(str(path), "not valid UTF-8") from None
    return cases


def article_text(title: str | None, text: str) -> str:
    """The headline and the body as one text, unless the body already opens with the headline."""
    title = (title or "").strip()
    if not title or title in text[: TITLE_SEARCH_CHARS + len(title)]:
        return text
    return f"{title}\n\n{text}"


def make_document(
    case: Case, text: str, *, published: date | None = None, title: str | None = None, url: str | None = None
) -> Document:
    """A Document for one case; the case id keeps documents apart even when texts repeat."""
    return Document(id=case.get("id", str), text=text, title=title, published=published, url=url, source=case.source)


def analyze_all(
    pipeline: Analyzer, docs: Sequence[Document], progress: Progress | None = None
) -> dict[str, list[Report]]:
    """Reports per document id; a document the pipeline fails on counts as having none."""
    out: dict[str, list[Report]] = {}
    total = len(docs)
    if progress:
        progress(0, total)
    for done, (doc, result) in enumerate(pipeline.analyze_many(docs), start=1):
        out[doc.id] = [] if isinstance(result, ExtractionError) else list(result)
        if progress:
            progress(done, total)
    return out


def parse_all(pipeline: Analyzer, texts: Sequence[str], progress: Progress | None = None) -> Iterator[Any]:
    """spaCy docs of `texts` in batches, reporting progress as they come."""
    total = len(texts)
    if progress:
        progress(0, total)
    for done, sdoc in enumerate(pipeline.nlp.pipe(texts), start=1):
        yield sdoc
        if progress:
            progress(done, total)


# --- choosing a document's report --------------------------------------------------------------


def most_salient(reports: Sequence[Report], *, scope: str | None = None) -> Report | None:
    """The report with the highest salience (ties: the first), optionally of one scope only."""
    best: Report | None = None
    for r in reports:
        if scope is not None and r.scope != scope:
            continue
        if best is None or r.salience > best.salience:
            best = r
    return best


def point(low: int | None, best: int | None) -> int | None:
    """A range's single figure as the evaluations read it: best, else low."""
    return best if best is not None else low


def killed(report: Report) -> int | None:
    t = report_tolls(report).fatalities
    return point(t.low, t.best)


def injured(report: Report) -> int | None:
    t = report_tolls(report).injured
    return point(t.low, t.best)


def largest_toll(reports: Sequence[Report]) -> Report | None:
    """The report with the most people killed or injured (ties: more salient, then first).

    A report with no figure ranks below one whose figure is zero.
    """
    best: Report | None = None
    best_key: tuple[int, float] | None = None
    for r in reports:
        k, i = killed(r), injured(r)
        size = -1 if k is None and i is None else (k or 0) + (i or 0)
        key = (size, r.salience)
        if best_key is None or key > best_key:
            best, best_key = r, key
    return best
