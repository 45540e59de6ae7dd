"""Incident-level tasks: facts of US gun-violence reports (GVA) and same-event document clustering (ECB+).

Both link all documents of the file at once with warwatch's linker. A document belongs to the
incident of its main report; a document with no report is a cluster of its own. B-cubed is
computed over documents.

gva: the main report is the one with the largest toll (killed + injured; any scope); it gives
killed (best, else low; 0 when unknown or when there is no report), injured, date and place.
`date_accuracy_stated` is the date's score over the documents whose text names the gold day
(`_day_stated`), the way the file's `*_stated` flags restrict the tolls: the gold date is the
database's, and many follow-up or crawled pages never say the day of the shooting.
clusters: the main report is the most salient one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .. import dates
from ..link import link_reports
from ..models import Incident, Report
from . import metrics
from .data import (
    Analyzer,
    Case,
    Progress,
    analyze_all,
    article_text,
    injured,
    killed,
    largest_toll,
    make_document,
    most_salient,
    read_cases,
)

Linker = Callable[[list[Report]], Sequence[Incident]]
MainReport = Callable[[Sequence[Report]], Report | None]

#: A predicted place within this distance of the gold coordinates is right.
GEO_RADIUS_KM = 25.0


def document_clusters(reports_by_doc: dict[str, list[Report]], main: MainReport, linker: Linker) -> dict[str, Hashable]:
    """Document id -> cluster id: the incident of the document's main report, or the document alone."""
    everything = [r for reports in reports_by_doc.values() for r in reports]
    incident_of: dict[tuple[str, int], int] = {}
    for number, incident in enumerate(linker(everything)):
        for r in incident.reports:
            incident_of[(r.doc_id, r.index)] = number
    out: dict[str, Hashable] = {}
    for doc_id, reports in reports_by_doc.items():
        lead = main(reports)
        key = (lead.doc_id, lead.index) if lead is not None else None
        out[doc_id] = ("incident", incident_of[key]) if key in incident_of else ("document", doc_id)
    return out


def _bcubed_keys(gold: dict[str, Hashable], pred: dict[str, Hashable]) -> dict[str, float]:
    precision, recall, f1 = metrics.bcubed(gold, pred)
    return {"bcubed_precision": precision, "bcubed_recall": recall, "bcubed_f1": f1}


# --- gva ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _GvaGold:
    incident: str
    killed: int
    injured: int
    date: str
    lat: float | None
    lon: float | None
    killed_stated: bool
    injured_stated: bool


def _gva_gold(case: Case) -> _GvaGold:
    gold = case.sub("gold", case.get("gold", dict))
    lat, lon = gold.get("lat", (int, float), optional=True), gold.get("lon", (int, float), optional=True)
    return _GvaGold(
        incident=case.get("incident", str),
        killed=gold.get("killed", int),
        injured=gold.get("injured", int),
        date=gold.get("date", str),
        lat=None if lat is None or lon is None else float(lat),
        lon=None if lat is None or lon is None else float(lon),
        killed_stated=gold.get("killed_stated", bool),
        injured_stated=gold.get("injured_stated", bool),
    )


#: A weekday's name counts as naming the gold day only when the gold day lies within this many
#: days before the publication date ("on Tuesday" reaches back at most six days).
_WEEKDAY_REACH_DAYS = 6


def _day_stated(text: str, published: date | None, day: date) -> bool:
    """Whether the text names `day`: it is the publication date, one of the text's time
    expressions reads as exactly that day, its month and day are written ("Feb. 19", "2/19"),
    or its weekday is named and it lies within a week before publication. The written forms
    are checked apart from the finder so that a day the finder misreads still counts as named.
    """
    if day == published:
        return True
    month = day.strftime("%B")
    written = (
        rf"\b(?:{month}|{month[:3]}\.?|{month[:4]}\.?)\s+{day.day}(?:st|nd|rd|th)?\b"
        rf"|(?<![\d/]){day.month}/{day.day}(?:/(?:{day.year}|{day.year % 100:02d}))?(?![\d/])"
    )
    if re.search(written, text, re.IGNORECASE):
        return True
    within_week = published is not None and timedelta(0) < published - day <= timedelta(days=_WEEKDAY_REACH_DAYS)
    if within_week and re.search(rf"\b{day.strftime('%A')}\b", text, re.IGNORECASE):
        return True
    return any(
        tx.span is not None and tx.span.start == day and tx.span.end == day
        for tx in dates.find_timexes(text, published)
    )


def _within_radius(report: Report | None, gold: _GvaGold) -> bool:
    place = report.place if report is not None else None
    if place is None or place.lat is None or place.lon is None or gold.lat is None or gold.lon is None:
        return False
    return metrics.great_circle_km(place.lat, place.lon, gold.lat, gold.lon) <= GEO_RADIUS_KM


def run_gva(
    path: Path,
    pipeline: Analyzer,
    *,
    limit: int | None = None,
    progress: Progress | None = None,
    linker: Linker = link_reports,
) -> dict:
    cases = read_cases(path, limit=limit)
    golds = [_gva_gold(c) for c in cases]
    docs = []
    for c in cases:
        title = c.get("title", str, optional=True)
        text = article_text(title, c.get("text", str))
        url = c.get("url", str, optional=True)
        docs.append(make_document(c, text, published=c.date("published"), title=title, url=url))
    found = analyze_all(pipeline, docs, progress)
    mains = [largest_toll(found[d.id]) for d in docs]
    pred_killed = [(killed(m) if m else None) or 0 for m in mains]
    pred_injured = [(injured(m) if m else None) or 0 for m in mains]
    n = len(cases)
    killed_stated = [i for i, g in enumerate(golds) if g.killed_stated]
    injured_stated = [i for i, g in enumerate(golds) if g.injured_stated]
    with_coords = [i for i, g in enumerate(golds) if g.lat is not None]
    date_stated = [
        i
        for i, (d, g) in enumerate(zip(docs, golds, strict=True))
        if _day_stated(d.text, d.published, date.fromisoformat(g.date))
    ]

    def exact(pred: list[int], field: str, over: Sequence[int]) -> float:
        return metrics.ratio(sum(pred[i] == getattr(golds[i], field) for i in over), len(over))

    right_day = [
        m is not None and m.when is not None and m.when.start.isoformat() == g.date
        for m, g in zip(mains, golds, strict=True)
    ]
    gold_clusters: dict[str, Hashable] = {d.id: g.incident for d, g in zip(docs, golds, strict=True)}
    pred_clusters = document_clusters(found, largest_toll, linker)
    return {
        "n": n,
        "killed_exact": exact(pred_killed, "killed", range(n)),
        "injured_exact": exact(pred_injured, "injured", range(n)),
        "n_killed_stated": len(killed_stated),
        "killed_exact_stated": exact(pred_killed, "killed", killed_stated),
        "n_injured_stated": len(injured_stated),
        "injured_exact_stated": exact(pred_injured, "injured", injured_stated),
        "date_accuracy": metrics.ratio(sum(right_day), n),
        "n_date_stated": len(date_stated),
        "date_accuracy_stated": metrics.ratio(sum(right_day[i] for i in date_stated), len(date_stated)),
        "geo_within_25km": metrics.ratio(
            sum(_within_radius(mains[i], golds[i]) for i in with_coords), len(with_coords)
        ),
        **_bcubed_keys(gold_clusters, pred_clusters),
        "killed_within10": metrics.ratio(
            sum(abs(p - g.killed) <= 0.1 * g.killed for p, g in zip(pred_killed, golds, strict=True)), n
        ),
        "n_with_report": sum(m is not None for m in mains),
        "n_geo": len(with_coords),
    }


# --- clusters -----------------------------------------------------------------------------------


def run_clusters(
    path: Path,
    pipeline: Analyzer,
    *,
    limit: int | None = None,
    progress: Progress | None = None,
    linker: Linker = link_reports,
) -> dict:
    cases = read_cases(path, limit=limit)
    docs = [make_document(c, c.get("text", str)) for c in cases]
    gold_clusters: dict[str, Hashable] = {d.id: c.get("cluster", str) for d, c in zip(docs, cases, strict=True)}
    topics: dict[Hashable, list[str]] = {}
    for d, c in zip(docs, cases, strict=True):
        topics.setdefault(c.get("topic", (int, str), optional=True), []).append(d.id)
    found = analyze_all(pipeline, docs, progress)
    pred_clusters = document_clusters(found, most_salient, linker)
    # Within-topic clustering: each topic's documents scored apart, then averaged over topics.
    per_topic = [
        metrics.bcubed({i: gold_clusters[i] for i in ids}, {i: pred_clusters[i] for i in ids})[2]
        for ids in topics.values()
    ]
    return {
        "n_docs": len(docs),
        **_bcubed_keys(gold_clusters, pred_clusters),
        "n_with_report": sum(bool(r) for r in found.values()),
        "n_clusters": len(set(pred_clusters.values())),
        "bcubed_f1_within_topic": metrics.ratio(sum(per_topic), len(per_topic)),
    }
