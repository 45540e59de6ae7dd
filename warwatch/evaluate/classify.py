"""Document-level tasks: ACLED event type of a snippet (CASE 2021) and casualty facts of an article (FA-KES).

event-type: the prediction is the sub-event type of the most salient report whose scope is
"acled" (ties: the first report), or null when there is none; accuracy and F1 over the 25
ACLED sub-event types plus null.

casualties: the scored report is the one with the largest civilian toll (best, else low);
when no report gives civilian deaths, civilians killed is 0 and cause, location and date
come from the report with the largest toll of any kind. The convention is "not mentioned = 0".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..models import Report
from ..reconcile import report_tolls
from ..taxonomy import SUB_EVENT_TYPES
from . import metrics
from .data import (
    Analyzer,
    Case,
    Progress,
    analyze_all,
    article_text,
    largest_toll,
    make_document,
    most_salient,
    point,
    read_cases,
)

#: The 26 classes of the event-type task: ACLED's 25 sub-event types and "not an ACLED event".
EVENT_CLASSES: tuple[str | None, ...] = (*SUB_EVENT_TYPES, None)

#: |pred - gold| <= this share of gold counts as "within 10%".
WITHIN_SHARE = 0.1

# --- event-type ---------------------------------------------------------------------------------


def predict_event_type(reports: list[Report]) -> str | None:
    lead = most_salient(reports, scope="acled")
    return lead.sub_event_type if lead is not None else None


def run_event_type(
    path: Path, pipeline: Analyzer, *, limit: int | None = None, progress: Progress | None = None
) -> dict:
    cases = read_cases(path, limit=limit)
    gold: list[str | None] = []
    for c in cases:
        label = c.get("label", str, optional=True)
        if label not in EVENT_CLASSES:
            raise InputError(c.source, f"label {label!r} is not an ACLED sub-event type")
        gold.append(label)
    docs = [make_document(c, c.get("text", str)) for c in cases]
    found = analyze_all(pipeline, docs, progress)
    pred = [predict_event_type(found[d.id]) for d in docs]
    scores = metrics.per_class_f1(gold, pred, EVENT_CLASSES)
    return {
        "n": len(cases),
        "accuracy": metrics.accuracy(gold, pred),
        "weighted_f1": metrics.weighted_f1(scores),
        "macro_f1": metrics.macro_f1(scores),
        "n_predicted_events": sum(p is not None for p in pred),
        # ACLED's 6 event types and none: a coarser reading of the same predictions.
        "event_type_accuracy": metrics.accuracy([_event_type(g) for g in gold], [_event_type(p) for p in pred]),
    }


def _event_type(sub_event_type: str | None) -> str | None:
    return SUB_EVENT_TYPES.get(sub_event_type) if sub_event_type is not None else None


# --- casualties ---------------------------------------------------------------------------------

#: The FA-KES governorates, lower case as the gold writes them.
GOVERNORATES: tuple[str, ...] = (
    "aleppo", "damascus", "daraa", "deir ezzor", "hama", "hasakeh",
    "homs", "idlib", "lattakia", "quneitra", "raqqa", "tartous",
)  # fmt: skip

#: Spellings of Syria's governorates (GeoNames, ACLED, news usage) after _place_key, onto the
#: FA-KES names. Rif Dimashq (Damascus countryside) has no governorate of its own in FA-KES,
#: whose 12 values follow the VDC's coarser areas, so it counts as damascus; As-Suwayda has
#: none and stays unmapped.
GOVERNORATE_VARIANTS: dict[str, str] = {
    "aleppo": "aleppo", "halab": "aleppo",
    "damascus": "damascus", "dimashq": "damascus", "rifdimashq": "damascus", "reefdimashq": "damascus",
    "damascuscountryside": "damascus", "ruraldamascus": "damascus", "damascussuburbs": "damascus",
    "daraa": "daraa", "dara": "daraa", "deraa": "daraa", "dera": "daraa",
    "deirezzor": "deir ezzor", "dayrazzawr": "deir ezzor", "deirezzour": "deir ezzor", "deirazzor": "deir ezzor",
    "deirelzor": "deir ezzor",
    "hama": "hama", "hamah": "hama",
    "hasakah": "hasakeh", "hasakeh": "hasakeh", "hasaka": "hasakeh", "hassakeh": "hasakeh", "hassakah": "hasakeh",
    "homs": "homs", "hims": "homs",
    "idlib": "idlib", "idleb": "idlib",
    "latakia": "lattakia", "lattakia": "lattakia", "ladhiqiyah": "lattakia", "lathqiyah": "lattakia",
    "quneitra": "quneitra", "qunaytirah": "quneitra", "kuneitra": "quneitra",
    "raqqa": "raqqa", "raqqah": "raqqa", "rakka": "raqqa",
    "tartus": "tartous", "tartous": "tartous", "tartoos": "tartous",
}  # fmt: skip

#: Arabic articles that spellings put before a place name ("Al-Hasakah", "Ar-Raqqah").
_ARTICLE = re.compile(r"^(?:al|ar|as|ad|ash|az|el)[-\s]+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_GOVERNORATE_WORD = re.compile(r"\s+(?:governorate|province|muhafazah)$")

#: Trigger words that name a FA-KES cause, tried in order: execution before shooting ("executed
#: by shooting"), shelling before explosion ("bombardment", "bombing raid" are air or artillery
#: fire in the VDC's categories). Stems, matched at a word start.
CAUSE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("chemical and toxic gases", ("chemical", "gas", "chlorine", "sarin", "toxic", "poison")),
    ("execution", ("execut", "behead", "slaughter")),
    ("shelling", ("shell", "strike", "airstrike", "air strike", "raid", "rocket", "missile", "mortar", "barrel",
                  "bombard", "artillery", "warplane")),
    ("explosion", ("explo", "bomb", "blast", "detonat", "ied", "mine", "suicide")),
    ("shooting", ("shoot", "shot", "sniper", "gunfire", "gunmen", "clash", "fire")),
)  # fmt: skip

#: ACLED sub-event types onto FA-KES causes when the trigger names none. Air strikes are
#: shelling in the VDC's categories ("warplane shelling").
CAUSE_OF_SUB_EVENT: dict[str, str] = {
    "Chemical weapon": "chemical and toxic gases",
    "Air/drone strike": "shelling",
    "Shelling/artillery/missile attack": "shelling",
    "Suicide bomb": "explosion",
    "Remote explosive/landmine/IED": "explosion",
    "Grenade": "explosion",
    "Armed clash": "shooting",
    "Attack": "shooting",
    "Excessive force against protesters": "shooting",
}
UNKNOWN_CAUSE = "unknown"


def _place_key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold().strip()
    folded = _GOVERNORATE_WORD.sub("", folded)
    folded = _ARTICLE.sub("", folded)
    return _NOT_ALNUM.sub("", folded)


def governorate(report: Report) -> str | None:
    """The FA-KES governorate of a report's place: its admin1, else the place itself."""
    if report.place is None:
        return None
    for name in (report.place.admin1, report.place.name):
        if name:
            found = GOVERNORATE_VARIANTS.get(_place_key(name))
            if found:
                return found
    return None


def cause(report: Report) -> str:
    """The FA-KES cause of a report: from its trigger words, else from its sub-event type."""
    if report.trigger is not None:
        words = report.trigger.quote.casefold()
        for label, stems in CAUSE_WORDS:
            if any(re.search(rf"\b{re.escape(stem)}", words) for stem in stems):
                return label
    return CAUSE_OF_SUB_EVENT.get(report.sub_event_type or "", UNKNOWN_CAUSE)


def civilians_killed(report: Report) -> int | None:
    t = report_tolls(report).civilians_killed
    return point(t.low, t.best)


def scored_report(reports: list[Report]) -> Report | None:
    """The report with the largest civilian toll; without one, the one with the largest toll."""
    best: Report | None = None
    best_civ = -1
    for r in reports:
        civ = civilians_killed(r)
        if civ is not None and civ > best_civ:
            best, best_civ = r, civ
    return best if best is not None else largest_toll(reports)


def within(pred: int, gold: int, share: float = WITHIN_SHARE) -> bool:
    """|pred - gold| <= share * gold; exact when gold is 0."""
    return abs(pred - gold) <= share * gold


@dataclass(frozen=True)
class CasualtyGuess:
    """What warwatch says of one FA-KES article, in the gold's terms."""

    civilians_killed: int = 0
    total_killed: int = 0
    cause: str | None = None
    location: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class _CasualtyGold:
    civilians_killed: int
    total_killed: int
    cause: str | None
    location: str | None
    date: str | None


def casualty_prediction(reports: list[Report]) -> CasualtyGuess:
    """civilians killed, total killed, cause, location and date of one article."""
    report = scored_report(reports)
    if report is None:
        return CasualtyGuess()
    civ = civilians_killed(report) or 0
    tolls = report_tolls(report).fatalities
    return CasualtyGuess(
        civilians_killed=civ,
        total_killed=max(point(tolls.low, tolls.best) or 0, civ),
        cause=cause(report),
        location=governorate(report),
        date=report.when.start.isoformat() if report.when else None,
    )


def _casualty_gold(case: Case) -> _CasualtyGold:
    gold = case.sub("gold", case.get("gold", dict))
    civ = gold.get("civilians_killed", int, optional=True) or 0
    return _CasualtyGold(
        civilians_killed=civ,
        total_killed=civ + (gold.get("noncivilians_killed", int, optional=True) or 0),
        cause=gold.get("cause", str, optional=True),
        location=gold.get("location", str, optional=True),
        date=gold.get("date", str, optional=True),
    )


def run_casualties(
    path: Path, pipeline: Analyzer, *, limit: int | None = None, progress: Progress | None = None
) -> dict:
    cases = read_cases(path, limit=limit)
    docs = []
    for c in cases:
        title = c.get("title", str, optional=True)
        docs.append(
            make_document(c, article_text(title, c.get("text", str)), published=c.date("published"), title=title)
        )
    golds = [_casualty_gold(c) for c in cases]
    found = analyze_all(pipeline, docs, progress)
    preds = [casualty_prediction(found[d.id]) for d in docs]
    n = len(cases)

    def share(hits: int) -> float:
        return metrics.ratio(hits, n)

    pairs = list(zip(preds, golds, strict=True))
    return {
        "n": n,
        "civilians_killed_exact": share(sum(p.civilians_killed == g.civilians_killed for p, g in pairs)),
        "civilians_killed_within10": share(sum(within(p.civilians_killed, g.civilians_killed) for p, g in pairs)),
        "total_killed_exact": share(sum(p.total_killed == g.total_killed for p, g in pairs)),
        "cause_accuracy": share(sum(g.cause is not None and p.cause == g.cause for p, g in pairs)),
        "location_accuracy": share(sum(g.location is not None and p.location == g.location for p, g in pairs)),
        "date_accuracy": share(sum(g.date is not None and p.date == g.date for p, g in pairs)),
        "n_with_report": sum(bool(found[d.id]) for d in docs),
    }
