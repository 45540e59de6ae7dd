"""The bundled sample corpus against its gold annotations (samples/README.md describes both).

Each gold file names one article and exactly the incident reports the pipeline must
produce for it. The article is ingested as a user would ingest it, analysed by one
shared Pipeline, and every field the gold gives is checked; a failure lists every
mismatch of the article at once, naming the field, the expected and the found value.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from warwatch.models import TOLL_KINDS, ClaimKind, Document, Hedge, Range, Report
from warwatch.reconcile import report_tolls
from warwatch.taxonomy import SUB_EVENT_TYPES

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
ARTICLES = SAMPLES / "articles"
GOLD = SAMPLES / "gold"

# Floors for the corpus itself (what it must keep covering as it grows).
MIN_ARTICLES = 30
MIN_SUB_EVENT_TYPES = 15
MIN_EMPTY_ARTICLES = 5
MIN_HTML_FILES = 6
MIN_JSONL_RECORDS = 8

ARTICLE_SUFFIXES = (".txt", ".html", ".jsonl")
TOP_KEYS = {"source", "published", "outlet", "url", "note", "incidents"}
TOP_REQUIRED = {"source", "published", "outlet", "note", "incidents"}
INCIDENT_KEYS = {
    "sub_event_type",
    "scope",
    "country",
    "location",
    "admin1",
    "date",
    "time_precision",
    "killed",
    "civilians_killed",
    "injured",
    "actor1",
    "actor2",
    "hedged",
    "contested",
}
INCIDENT_REQUIRED = {"sub_event_type", "country", "location", "date"}
RANGE_FIELDS = ("killed", "civilians_killed", "injured")
# Hedges that state an occurrence or a figure firmly; anything else makes a report "hedged".
FIRM_HEDGES = frozenset({Hedge.ASSERTED, Hedge.ATTRIBUTED})
# Claims whose hedge counts for "hedged": the tolls and the occurrence itself.
HEDGE_KINDS = TOLL_KINDS | {ClaimKind.OCCURRENCE, ClaimKind.DENIAL}
# Words that name the kind of an admin1 unit rather than the unit ("Nineveh Governorate").
ADMIN_WORDS = frozenset(
    {"governorate", "province", "oblast", "state", "region", "district", "county", "division", "muhafazah", "wilayah"}
)
# Arabic articles that gazetteers and outlets write or drop at will ("Al Fallujah", "Fallujah").
ARTICLE_PREFIX = re.compile(r"^(?:al|el|ar|as|an|ad|at|ash|az)\s+")


# --- loading ---------------------------------------------------------------------------------


def _gold_files() -> list[Path]:
    return sorted(GOLD.glob("*.json"))


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _jsonl_ids(path: Path) -> dict[str, int]:
    """Record id -> 1-based line number, as ingest numbers the lines of a dump."""
    ids: dict[str, int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            ids[json.loads(line)["id"]] = number
    return ids


def _article_sources() -> list[str]:
    """Every article in samples/articles, named as a gold file's `source` names it."""
    sources: list[str] = []
    for path in sorted(ARTICLES.iterdir()):
        if path.suffix == ".jsonl":
            sources += [f"{path.name}#{record_id}" for record_id in _jsonl_ids(path)]
        elif path.suffix in ARTICLE_SUFFIXES:
            sources.append(path.name)
    return sources


GOLDS = [_load(p) for p in _gold_files()]


def _ingest(gold: dict[str, Any]) -> Document:
    from warwatch.ingest import Overrides, read_paths

    name, _, record_id = gold["source"].partition("#")
    path = ARTICLES / name
    overrides = Overrides(
        published=date.fromisoformat(gold["published"]), outlet=gold.get("outlet"), url=gold.get("url")
    )
    items = list(read_paths([path], overrides=overrides))
    errors = [str(i) for i in items if not isinstance(i, Document)]
    docs = [i for i in items if isinstance(i, Document)]
    if not record_id:
        assert len(docs) == 1 and not errors, f"{gold['source']}: ingest gave {len(docs)} documents, errors {errors}"
        return docs[0]
    line = _jsonl_ids(path)[record_id]
    for doc in docs:
        if (doc.source or "").endswith(f":{line}"):
            return doc
    raise AssertionError(f"{gold['source']}: no document from line {line} of {name}; errors {errors}")


@pytest.fixture(scope="module")
def pipeline() -> Any:
    from warwatch.pipeline import Pipeline

    return Pipeline()


# --- comparison ------------------------------------------------------------------------------


def _fold(text: str | None) -> str:
    """Case, accents, apostrophes and hyphens do not make two place names differ."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['‘’`ʿʾ]", "", text.casefold())
    text = re.sub(r"[-_,.]+", " ", text)
    text = " ".join(text.split())
    return ARTICLE_PREFIX.sub("", text)


def _admin(text: str | None) -> str:
    return " ".join(w for w in _fold(text).split() if w not in ADMIN_WORDS)


def _range_text(r: Range) -> str:
    return f"{{low: {r.low}, best: {r.best}, high: {r.high}}}" if r.known else "unknown"


def _describe(report: Report) -> str:
    place = report.place.name if report.place else None
    when = f"{report.when.start}..{report.when.end}" if report.when else None
    tolls = report_tolls(report)
    return (
        f"{report.sub_event_type or report.scope} at {place} on {when}, killed {_range_text(tolls.fatalities)}, "
        f"actor1 {report.actor1.name if report.actor1 else None}"
    )


def _mismatches(source: str, want: dict[str, Any], got: Report) -> list[str]:
    """Every gold field the report gets wrong, as 'article: field: expected X, found Y'."""
    out: list[str] = []

    def bad(field: str, expected: Any, found: Any) -> None:
        label = want.get("sub_event_type") or "other"
        out.append(f"{source}: [{label}] {field}: expected {expected!r}, found {found!r}")

    place = got.place
    if _fold(place.country if place else None) != _fold(want["country"]):
        bad("country", want["country"], place.country if place else None)
    name = _fold(place.name if place else None)
    if not (name and (name == _fold(want["location"]) or name.startswith(_fold(want["location"])))):
        bad("location", want["location"], place.name if place else None)
    if "admin1" in want and _admin(want["admin1"]) != _admin(place.admin1 if place else None):
        bad("admin1", want["admin1"], place.admin1 if place else None)

    day = date.fromisoformat(want["date"])
    if got.when is None:
        bad("date", want["date"], None)
    elif not got.when.start <= day <= got.when.end:
        bad("date", want["date"], f"{got.when.start}..{got.when.end}")
    if "time_precision" in want and (got.when is None or got.when.precision != want["time_precision"]):
        bad("time_precision", want["time_precision"], got.when.precision if got.when else None)

    tolls = report_tolls(got)
    found_ranges = {"killed": tolls.fatalities, "civilians_killed": tolls.civilians_killed, "injured": tolls.injured}
    for field in RANGE_FIELDS:
        if field not in want:
            continue
        expected, found = want[field], found_ranges[field]
        if expected is None:
            if found.known:
                bad(field, "unknown", _range_text(found))
            continue
        for end in ("low", "high"):
            if expected.get(end) is not None and getattr(found, end) != expected[end]:
                bad(f"{field}.{end}", expected[end], _range_text(found))

    for field, actor in (("actor1", got.actor1), ("actor2", got.actor2)):
        if field in want and (actor is None or want[field].casefold() not in actor.name.casefold()):
            bad(field, want[field], actor.name if actor else None)

    if "hedged" in want:
        hedged = got.hedge not in FIRM_HEDGES or any(
            c.hedge not in FIRM_HEDGES for c in got.claims if c.kind in HEDGE_KINDS
        )
        if hedged != want["hedged"]:
            bad("hedged", want["hedged"], hedged)
    if "contested" in want and got.contested != want["contested"]:
        bad("contested", want["contested"], got.contested)
    return out


def _kind(item: dict[str, Any] | Report) -> tuple[str | None, str]:
    if isinstance(item, Report):
        return item.sub_event_type, item.scope
    return item["sub_event_type"], item.get("scope", "acled")


def _match(source: str, gold: list[dict[str, Any]], reports: list[Report]) -> list[str]:
    """Pair gold incidents with reports of the same kind one-to-one, fewest mismatches first."""
    problems: list[str] = []
    by_kind: dict[tuple[str | None, str], list[Report]] = {}
    for report in reports:
        by_kind.setdefault(_kind(report), []).append(report)
    wanted: dict[tuple[str | None, str], list[dict[str, Any]]] = {}
    for item in gold:
        wanted.setdefault(_kind(item), []).append(item)
    for kind in sorted(set(by_kind) | set(wanted), key=str):
        wants, gots = wanted.get(kind, []), by_kind.get(kind, [])
        label = kind[0] or f"scope {kind[1]}"
        if len(wants) != len(gots):
            seen = "; ".join(_describe(r) for r in gots) or "none"
            problems.append(f"{source}: [{label}] expected {len(wants)} report(s), found {len(gots)}: {seen}")
            continue
        best: list[str] | None = None
        for order in itertools.permutations(gots):
            misses = [m for w, g in zip(wants, order, strict=True) for m in _mismatches(source, w, g)]
            if best is None or len(misses) < len(best):
                best = misses
            if not best:
                break
        problems += best or []
    return problems


@pytest.mark.slow
@pytest.mark.parametrize("gold", GOLDS, ids=[g["source"] for g in GOLDS])
def test_article_matches_gold(gold: dict[str, Any], pipeline: Any) -> None:
    doc = _ingest(gold)
    reports = pipeline.analyze(doc)
    problems = []
    if len(reports) != len(gold["incidents"]):
        found = "; ".join(_describe(r) for r in reports) or "none"
        problems.append(f"{gold['source']}: expected {len(gold['incidents'])} report(s), found {len(reports)}: {found}")
    problems += _match(gold["source"], gold["incidents"], reports)
    assert not problems, "\n".join(problems)


# --- the gold files and the corpus themselves -------------------------------------------------


def _format_errors(name: str, gold: dict[str, Any]) -> Iterator[str]:
    if not isinstance(gold, dict):
        yield "not a JSON object"
        return
    yield from (f"unknown key {k!r}" for k in sorted(set(gold) - TOP_KEYS))
    yield from (f"missing key {k!r}" for k in sorted(TOP_REQUIRED - set(gold)))
    source = gold.get("source", "")
    if f"{source}.json" != name:
        yield f"source {source!r} does not match the file name {name!r}"
    try:
        published = date.fromisoformat(gold.get("published", ""))
    except (TypeError, ValueError):
        yield f"published {gold.get('published')!r} is not YYYY-MM-DD"
        published = None
    for key in ("outlet", "note", "url"):
        if key in gold and not (isinstance(gold[key], str) and gold[key].strip()):
            yield f"{key} must be a non-empty string"
    if not isinstance(gold.get("incidents"), list):
        yield "incidents must be a list"
        return
    for n, item in enumerate(gold["incidents"]):
        yield from (f"incident {n}: {e}" for e in _incident_errors(item, published))


def _incident_errors(item: Any, published: date | None) -> Iterator[str]:
    if not isinstance(item, dict):
        yield "not a JSON object"
        return
    yield from (f"unknown key {k!r}" for k in sorted(set(item) - INCIDENT_KEYS))
    yield from (f"missing key {k!r}" for k in sorted(INCIDENT_REQUIRED - set(item)))
    scope = item.get("scope", "acled")
    sub = item.get("sub_event_type")
    if scope not in ("acled", "other"):
        yield f"scope {scope!r} is neither 'acled' nor 'other'"
    if sub is None and scope != "other":
        yield "sub_event_type may be null only with scope 'other'"
    if sub is not None and sub not in SUB_EVENT_TYPES:
        yield f"{sub!r} is not an ACLED sub-event type"
    for key in ("country", "location", "admin1", "actor1", "actor2"):
        if key in item and not (isinstance(item[key], str) and item[key].strip()):
            yield f"{key} must be a non-empty string"
    try:
        day = date.fromisoformat(item.get("date", ""))
        if published and day > published:
            yield f"date {day} is after publication {published}"
    except (TypeError, ValueError):
        yield f"date {item.get('date')!r} is not YYYY-MM-DD"
    if "time_precision" in item and item["time_precision"] not in (1, 2, 3):
        yield f"time_precision {item['time_precision']!r} is not 1, 2 or 3"
    for key in RANGE_FIELDS:
        value = item.get(key)
        if value is None:
            continue
        if not isinstance(value, dict) or set(value) - {"low", "high"} or not value:
            yield f"{key} must be null or {{'low': int|null, 'high': int|null}}"
            continue
        low, high = value.get("low"), value.get("high")
        if any(v is not None and (isinstance(v, bool) or not isinstance(v, int) or v < 0) for v in (low, high)):
            yield f"{key} bounds must be non-negative integers or null"
        elif low is not None and high is not None and low > high:
            yield f"{key} low {low} is above high {high}"
    for key in ("hedged", "contested"):
        if key in item and not isinstance(item[key], bool):
            yield f"{key} must be true or false"


@pytest.mark.parametrize("path", _gold_files(), ids=lambda p: p.name)
def test_gold_file_is_valid(path: Path) -> None:
    errors = list(_format_errors(path.name, _load(path)))
    assert not errors, f"{path.name}: " + "; ".join(errors)


def test_every_article_has_gold_and_every_gold_an_article() -> None:
    articles = set(_article_sources())
    golds = {g["source"] for g in GOLDS}
    assert not articles - golds, f"articles without a gold file: {sorted(articles - golds)}"
    assert not golds - articles, f"gold files naming no article: {sorted(golds - articles)}"


def test_jsonl_records_are_articles() -> None:
    for path in ARTICLES.glob("*.jsonl"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                record = json.loads(line)
                missing = {"id", "title", "text", "published", "outlet", "url"} - set(record)
                assert not missing, f"{path.name}:{number} lacks {sorted(missing)}"


def test_corpus_covers_what_monitors_face() -> None:
    sub_types = Counter(i["sub_event_type"] for g in GOLDS for i in g["incidents"] if i["sub_event_type"])
    empty = [g["source"] for g in GOLDS if not g["incidents"]]
    other = [g["source"] for g in GOLDS if any(i.get("scope") == "other" for i in g["incidents"])]
    html = list(ARTICLES.glob("*.html"))
    jsonl_records = sum(len(_jsonl_ids(p)) for p in ARTICLES.glob("*.jsonl"))
    assert len(_article_sources()) >= MIN_ARTICLES
    assert len(sub_types) >= MIN_SUB_EVENT_TYPES, sorted(sub_types)
    assert len(empty) >= MIN_EMPTY_ARTICLES, empty
    assert other, "no article with a scope 'other' incident"
    assert len(html) >= MIN_HTML_FILES
    assert jsonl_records >= MIN_JSONL_RECORDS
