"""The analysis pipeline for stored documents: nlp -> extract (with geo and dates) -> reports.

    Pipeline(settings).analyze(doc)            -> list[Report]
    Pipeline(settings).analyze_many(docs)      -> iterator of (doc, reports | ExtractionError)

External things (the spaCy model, the gazetteer) are built once and can be
passed in, so tests reuse small real instances.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from . import extract, geo, nlp
from .errors import ExtractionError, WarwatchError
from .models import Document, Report
from .settings import Settings


class Pipeline:
    def __init__(
        self, settings: Settings | None = None, *, nlp_model: Any = None, gazetteer: geo.Gazetteer | None = None
    ):
        self.settings = settings or Settings.from_env()
        self.gazetteer = gazetteer or geo.default_gazetteer()
        self.nlp = nlp_model or nlp.load(self.settings.spacy_model, self.gazetteer.entity_patterns())

    def _text(self, doc: Document) -> str:
        """The text analysed: all of it, or up to the last paragraph break within `max_chars` (the
        last line break, or the limit itself, when a paragraph break would drop over half of it)."""
        limit = self.settings.max_chars
        if len(doc.text) <= limit:
            return doc.text
        for sep in ("\n\n", "\n"):
            cut = doc.text.rfind(sep, 0, limit)
            if cut >= limit // 2:
                return doc.text[:cut]
        return doc.text[:limit]

    def analyze(self, doc: Document) -> list[Report]:
        """Reports of one document; raises ExtractionError naming the stage that failed."""
        if not extract.may_hold_event(self._text(doc)):
            return []
        try:
            sdoc = self.nlp(self._text(doc))
        except Exception as err:  # spaCy raises plain exceptions on odd input
            raise ExtractionError(doc.id, "nlp", str(err) or type(err).__name__) from err
        return self._extract(doc, sdoc)

    def _extract(self, doc: Document, sdoc: Any) -> list[Report]:
        try:
            return extract.extract_reports(doc, sdoc, self.gazetteer)
        except WarwatchError:
            raise
        except Exception as err:
            raise ExtractionError(doc.id, "extract", f"{type(err).__name__}: {err}") from err

    def analyze_many(self, docs: Iterable[Document]) -> Iterator[tuple[Document, list[Report] | ExtractionError]]:
        """Analyse documents in spaCy batches; a failing document yields its error, the rest go on."""
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= self.settings.batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Document]) -> Iterator[tuple[Document, list[Report] | ExtractionError]]:
        candidates = [d for d in batch if extract.may_hold_event(self._text(d))]
        wanted = {id(d) for d in candidates}
        try:
            parsed = dict(
                zip((id(d) for d in candidates), self.nlp.pipe(self._text(d) for d in candidates), strict=True)
            )
        except Exception:
            # One bad text spoils a batch: fall back to one at a time so only it fails.
            for doc in batch:
                try:
                    yield doc, self.analyze(doc)
                except ExtractionError as err:
                    yield doc, err
            return
        for doc in batch:
            if id(doc) not in wanted:
                yield doc, []
                continue
            try:
                yield doc, self._extract(doc, parsed[id(doc)])
            except ExtractionError as err:
                yield doc, err
