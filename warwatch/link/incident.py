"""One Incident from its linked reports: canonical fields, reconciled tolls, sources, grade, notes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from ..models import (
    CIVILIAN_VICTIMS,
    ClaimKind,
    Grade,
    Hedge,
    Incident,
    Place,
    Range,
    Report,
    TimeSpan,
    content_id,
)
from ..reconcile import report_tolls
from ..taxonomy import VAC
from .cluster import UnionFind
from .features import fingerprint, jaccard

#: Two documents whose evidence shares this share of word 5-grams (Jaccard) tell the same
#: story in the same words: one wire story run by two outlets is one source. Set between
#: independent write-ups of one event (which share a quote or two: well under 0.5) and
#: lightly edited reprints (0.8 and up).
COPY_JACCARD = 0.7
#: Evidence this short (in 5-grams) is too little to call two texts copies of each other.
COPY_MIN_SHINGLES = 8


def _most_precise_place(reports: Iterable[Report]) -> Place | None:
    places = [r.place for r in reports if r.place is not None]
    return min(places, key=lambda p: p.geo_precision) if places else None


def _most_precise_time(reports: Iterable[Report]) -> TimeSpan | None:
    spans = [r.when for r in reports if r.when is not None]
    if not spans:
        return None
    return min(spans, key=lambda t: (t.precision, t.start))


def _source_key(r: Report, outlet_of: dict[str, str | None] | None) -> str:
    if outlet_of is None:
        return r.doc_id
    return outlet_of.get(r.doc_id) or r.doc_id


def outlets(reports: Iterable[Report], outlet_of: dict[str, str | None] | None = None) -> int:
    """Distinct outlets (documents, where the outlet is unknown) among the reports."""
    return len({_source_key(r, outlet_of) for r in reports})


def independent_sources(reports: Sequence[Report], outlet_of: dict[str, str | None] | None = None) -> int:
    """Distinct outlets, counting outlets that carry the same text (a wire story) as one source."""
    keys = sorted({_source_key(r, outlet_of) for r in reports})
    if len(keys) < 2:
        return len(keys)
    index = {k: i for i, k in enumerate(keys)}
    shingles: dict[str, frozenset[int]] = {}
    for r in reports:
        fp = fingerprint(r)
        if len(fp.shingles) >= COPY_MIN_SHINGLES:
            k = _source_key(r, outlet_of)
            shingles[k] = shingles.get(k, frozenset()) | fp.shingles
    uf = UnionFind(len(keys))
    texts = list(shingles.items())
    for i, (ka, sa) in enumerate(texts):
        for kb, sb in texts[i + 1 :]:
            if jaccard(sa, sb) >= COPY_JACCARD:
                uf.union(index[ka], index[kb])
    return len({uf.find(i) for i in range(len(keys))})


def grade(reports: Sequence[Report], civilians_killed: Range, sources: int) -> Grade | None:
    """Airwars' scale, automatic; only civilian-harm incidents are graded.

    `sources` counts independent sources: two outlets running one wire story are one.
    """
    claims = [c for r in reports for c in r.claims]
    civilian_harm = civilians_killed.known or any(
        c.kind in (ClaimKind.KILLED, ClaimKind.INJURED) and c.victims in CIVILIAN_VICTIMS for c in claims
    )
    if not civilian_harm and not any(r.event_type == VAC for r in reports):
        return None
    if any(r.contested for r in reports) or any(c.kind == ClaimKind.DENIAL for c in claims):
        return Grade.CONTESTED
    if any(c.kind == ClaimKind.RESPONSIBILITY and c.hedge != Hedge.DENIED for c in claims):
        return Grade.CONFIRMED
    return Grade.FAIR if sources >= 2 else Grade.WEAK


def _fmt_range(r: Range) -> str:
    if r.low is None and r.high is None:
        return "an unknown number of"
    if r.low == r.high or r.high is None:
        return f"{r.low}"
    if r.low is None:
        return f"up to {r.high}"
    return f"between {r.low} and {r.high}"


def notes(inc: Incident, *, independent: int | None = None) -> str:
    """A one-paragraph summary in ACLED's style, generated from the incident's fields."""
    when = inc.when.day.strftime("%-d %B %Y") if inc.when else "an unknown date"
    where = inc.place.name if inc.place else "an unknown location"
    if inc.place and inc.place.admin1:
        where += f" ({inc.place.admin1})"
    kind = (inc.sub_event_type or inc.event_type or "violent incident").lower()
    who = inc.actor1.name if inc.actor1 else "unidentified actors"
    text = f"On {when}, {kind} by {who} in {where}"
    if inc.actor2:
        text += f" against {inc.actor2.name}"
    text += "."
    if inc.fatalities.known:
        text += f" {_fmt_range(inc.fatalities).capitalize()} people were reported killed"
        if inc.civilians_killed.known:
            text += f", {_fmt_range(inc.civilians_killed)} of them civilians"
        text += "."
    if inc.injured.known:
        text += f" {_fmt_range(inc.injured).capitalize()} were reported injured."
    text += f" [{inc.source_count} source{'s' if inc.source_count != 1 else ''}"
    if independent is not None and independent != inc.source_count:
        text += f", {independent} independent"
    return text + "]"


def build_incident(
    reports: Sequence[Report],
    *,
    incident_id: str | None = None,
    outlet_of: dict[str, str | None] | None = None,
    now: datetime | None = None,
) -> Incident:
    """One Incident from its reports: canonical fields, reconciled tolls, grade, notes."""
    lead = max(reports, key=lambda r: (r.salience, -r.index))
    claims = [c for r in reports for c in r.claims]
    tolls = report_tolls(claims)
    source_count = outlets(reports, outlet_of)
    independent = independent_sources(reports, outlet_of) if source_count > 1 else source_count
    inc = Incident(
        id=incident_id or content_id(*sorted(r.id for r in reports)),
        reports=list(reports),
        event_type=lead.event_type,
        sub_event_type=lead.sub_event_type,
        disorder_type=lead.disorder_type,
        scope=lead.scope,
        actor1=lead.actor1,
        assoc_actor_1=list(lead.assoc_actor_1),
        actor2=lead.actor2,
        assoc_actor_2=list(lead.assoc_actor_2),
        place=_most_precise_place(reports),
        when=_most_precise_time(reports),
        fatalities=tolls.fatalities,
        injured=tolls.injured,
        civilians_killed=tolls.civilians_killed,
        source_count=source_count,
        updated=now or datetime.now(UTC),
    )
    inc.grade = grade(reports, tolls.civilians_killed, independent)
    inc.notes = notes(inc, independent=independent)
    return inc
