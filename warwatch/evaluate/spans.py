"""Span tasks on places and times: toponym recognition and resolution, time expressions.

geoparse: the text is parsed by the pipeline's spaCy model (with its gazetteer patterns) and
toponyms come from geo.locate. A prediction matches a gold toponym when their spans overlap,
one-to-one, greedy by overlap; recognition_f1_exact needs identical spans. Resolution is scored
over gold toponyms with coordinates: a toponym that was not matched, or matched without
coordinates, counts as an error of MISS_KM.

timex: time expressions from dates.find_timexes(text, dct), TempEval-3 style: strict = identical
span, relaxed = overlapping span (one-to-one); value_accuracy over relaxed matches; value_f1
counts a true positive only when the span overlaps and the value is the gold value.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import metrics
from .data import Analyzer, Case, Progress, parse_all, read_cases

#: Resolution within this distance is right (100 miles, the usual geoparsing threshold).
ACC_RADIUS_KM = 161.0

if TYPE_CHECKING:
    from ..dates import Timex
    from ..geo import PlaceMention

Locator = Callable[[Any, Any, str], "list[PlaceMention]"]
TimexFinder = Callable[..., "list[Timex]"]


def _default_locator() -> Locator:
    # Imported when used, so the other tasks run whatever state the geo stage is in.
    from ..geo import locate

    return locate


def _default_finder() -> TimexFinder:
    from ..dates import find_timexes

    return find_timexes


@dataclass(frozen=True)
class _Toponym:
    start: int
    end: int
    lat: float | None
    lon: float | None


def _toponyms(case: Case, text: str) -> list[_Toponym]:
    out = []
    for k, raw in enumerate(case.get("toponyms", list)):
        t = case.sub("toponyms", raw, k)
        start, end = t.span(text, key="toponym")
        lat, lon = t.get("lat", (int, float), optional=True), t.get("lon", (int, float), optional=True)
        has = lat is not None and lon is not None
        out.append(_Toponym(start, end, float(lat) if has else None, float(lon) if has else None))
    return out


def run_geoparse(
    path: Path,
    pipeline: Analyzer,
    *,
    limit: int | None = None,
    progress: Progress | None = None,
    locate: Locator | None = None,
) -> dict:
    """Geoparse task; `locate` defaults to warwatch.geo.locate."""
    locator = locate or _default_locator()
    cases = read_cases(path, limit=limit)
    texts = [c.get("text", str) for c in cases]
    golds = [_toponyms(c, t) for c, t in zip(cases, texts, strict=True)]
    overlap_counts: dict[str, metrics.PRF] = defaultdict(lambda: metrics.PRF(0, 0, 0))
    exact_counts = metrics.PRF(0, 0, 0)
    errors: list[float] = []  # one per gold toponym with coordinates
    recognized_errors: list[float] = []  # the same, matched toponyms only
    for case, gold, sdoc in zip(cases, golds, parse_all(pipeline, texts, progress), strict=True):
        mentions = locator(sdoc, pipeline.gazetteer, case.get("id", str))
        pred_spans = [(m.start, m.end) for m in mentions]
        gold_spans = [(g.start, g.end) for g in gold]
        pairs = dict(metrics.match_spans(gold_spans, pred_spans))
        source = case.get("source", str, optional=True) or ""
        overlap_counts[source] += metrics.PRF(len(pairs), len(pred_spans), len(gold_spans))
        exact_counts += metrics.PRF(metrics.exact_matches(gold_spans, pred_spans), len(pred_spans), len(gold_spans))
        for gi, g in enumerate(gold):
            if g.lat is None or g.lon is None:
                continue
            if gi not in pairs:
                errors.append(metrics.MISS_KM)
                continue
            place = mentions[pairs[gi]].place
            if place is None or place.lat is None or place.lon is None:
                err = metrics.MISS_KM
            else:
                err = metrics.great_circle_km(place.lat, place.lon, g.lat, g.lon)
            errors.append(err)
            recognized_errors.append(err)
    total = sum(overlap_counts.values(), metrics.PRF(0, 0, 0))
    return {
        "n_docs": len(cases),
        "n_gold": total.n_gold,
        "recognition_precision": total.precision,
        "recognition_recall": total.recall,
        "recognition_f1": total.f1,
        "recognition_f1_exact": exact_counts.f1,
        "acc161": metrics.ratio(sum(e <= ACC_RADIUS_KM for e in errors), len(errors)),
        "acc161_recognized": metrics.ratio(sum(e <= ACC_RADIUS_KM for e in recognized_errors), len(recognized_errors)),
        "median_error_km": metrics.median(errors),
        "n_predicted": total.n_pred,
        "n_gold_geo": len(errors),
        "per_source_recognition_f1": {s: c.f1 for s, c in sorted(overlap_counts.items())},
    }


# --- timex --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _GoldTimex:
    start: int
    end: int
    type: str
    value: str


def _gold_timexes(case: Case, text: str) -> list[_GoldTimex]:
    out = []
    for k, raw in enumerate(case.get("timexes", list)):
        t = case.sub("timexes", raw, k)
        start, end = t.span(text, key="timex")
        out.append(_GoldTimex(start, end, t.get("type", str), t.get("value", str)))
    return out


def run_timex(
    path: Path,
    pipeline: Analyzer,
    *,
    limit: int | None = None,
    progress: Progress | None = None,
    find: TimexFinder | None = None,
) -> dict:
    """Timex task; `find` defaults to warwatch.dates.find_timexes."""
    finder = find or _default_finder()
    cases = read_cases(path, limit=limit)
    texts = [c.get("text", str) for c in cases]
    golds = [_gold_timexes(c, t) for c, t in zip(cases, texts, strict=True)]
    dcts: list[date | None] = [c.date("dct") for c in cases]
    n_gold = n_sys = strict = relaxed = value_ok = type_ok = 0
    for case, text, gold, dct, sdoc in zip(
        cases, texts, golds, dcts, parse_all(pipeline, texts, progress), strict=True
    ):
        found = finder(text, dct, doc_id=case.get("id", str), sdoc=sdoc)
        gold_spans = [(g.start, g.end) for g in gold]
        pred_spans = [(t.start, t.end) for t in found]
        n_gold += len(gold)
        n_sys += len(found)
        strict += metrics.exact_matches(gold_spans, pred_spans)
        for gi, pi in metrics.match_spans(gold_spans, pred_spans):
            relaxed += 1
            value_ok += found[pi].value == gold[gi].value
            type_ok += found[pi].type == gold[gi].type
    return {
        "n_gold": n_gold,
        "n_system": n_sys,
        "detection_f1_strict": metrics.PRF(strict, n_sys, n_gold).f1,
        "detection_f1_relaxed": metrics.PRF(relaxed, n_sys, n_gold).f1,
        "value_accuracy": metrics.ratio(value_ok, relaxed),
        "value_f1": metrics.PRF(value_ok, n_sys, n_gold).f1,
        "detection_precision_relaxed": metrics.ratio(relaxed, n_sys),
        "detection_recall_relaxed": metrics.ratio(relaxed, n_gold),
        "type_accuracy": metrics.ratio(type_ok, relaxed),
        "n_docs": len(cases),
    }
