"""Linking: reports of the same incident, from one or many documents, become one Incident.

Linking v1 is a transparent rule, applied with blocking so cost stays near
linear in the number of reports:

    block   same country (or both unknown) and same event family
    match   date ranges within DATE_SLACK_DAYS of overlapping
            and places within PLACE_RADIUS_KM, or the same admin2, or the same name
            and tolls that are not wildly different (COUNT_RATIO_MAX)
            and no actor contradiction (both sides named and disjoint)

Matches are joined transitively (union-find). Each incident's fields come from
its reports: the most precise place and date, the actors of the most salient
report, and tolls reconciled from every claim of every report.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from .models import (
    CIVILIAN_VICTIMS,
    ActorRef,
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
from .reconcile import report_tolls
from .taxonomy import VAC

#: Two reports' date ranges may be this many days apart and still be one incident:
#: outlets date the same strike to the night before or the morning after.
DATE_SLACK_DAYS = 1
#: Places closer than this are "the same place" for an incident (a town and its
#: neighbourhoods; ACLED codes events to the nearest town).
PLACE_RADIUS_KM = 25.0
#: Tolls differing by more than this factor (both known, both over COUNT_FLOOR)
#: are unlikely to be one incident's early and late reports.
COUNT_RATIO_MAX = 10.0
COUNT_FLOOR = 5


def _family(r: Report) -> str:
    return r.event_type or f"other:{r.scope}"


def _country(r: Report) -> str:
    return (r.place.country or "") if r.place else ""


def haversine_km(a: Place, b: Place) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _same_place(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    d = haversine_km(a, b)
    if d is not None:
        return d <= PLACE_RADIUS_KM
    if a.admin2 and a.admin2 == b.admin2:
        return True
    return a.name.casefold() == b.name.casefold()


def _dates_close(a: TimeSpan | None, b: TimeSpan | None) -> bool:
    if a is None or b is None:
        return True
    gap = max((a.start - b.end).days, (b.start - a.end).days)
    return gap <= DATE_SLACK_DAYS


def _counts_compatible(a: Report, b: Report) -> bool:
    fa, fb = report_tolls(a).fatalities, report_tolls(b).fatalities
    if fa.high is None or fb.high is None:
        return True
    lo, hi = sorted((fa.high, fb.high))
    return hi < COUNT_FLOOR or hi <= max(lo, 1) * COUNT_RATIO_MAX


def _actor_names(r: Report) -> set[str]:
    return {a.name for a in (r.actor1, r.actor2, *r.assoc_actor_1, *r.assoc_actor_2) if a is not None}


def _actors_compatible(a: Report, b: Report) -> bool:
    if a.actor1 is None or b.actor1 is None:
        return True
    return bool(_actor_names(a) & _actor_names(b))


def same_incident(a: Report, b: Report) -> bool:
    """The v1 linking rule for two reports of the same block."""
    return (
        _dates_close(a.when, b.when)
        and _same_place(a.place, b.place)
        and _counts_compatible(a, b)
        and _actors_compatible(a, b)
    )


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _date_key(r: Report) -> date:
    return r.when.start if r.when else date.min


def cluster(reports: Sequence[Report]) -> list[list[Report]]:
    """Group reports into incidents. Reports of one document are never merged here:
    extraction already merged the mentions it judged to be one incident."""
    uf = _UnionFind(len(reports))
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        blocks[(_country(r), _family(r))].append(i)
    for members in blocks.values():
        members.sort(key=lambda i: _date_key(reports[i]))
        for pos, i in enumerate(members):
            ri = reports[i]
            for j in members[pos + 1 :]:
                rj = reports[j]
                if ri.when and rj.when and (rj.when.start - ri.when.end).days > DATE_SLACK_DAYS:
                    break  # sorted by start date: nothing later can match
                if ri.doc_id != rj.doc_id and same_incident(ri, rj):
                    uf.union(i, j)
    groups: dict[int, list[Report]] = defaultdict(list)
    for i, r in enumerate(reports):
        groups[uf.find(i)].append(r)
    return [groups[k] for k in sorted(groups)]


def _most_precise_place(reports: Iterable[Report]) -> Place | None:
    places = [r.place for r in reports if r.place is not None]
    return min(places, key=lambda p: p.geo_precision) if places else None


def _most_precise_time(reports: Iterable[Report]) -> TimeSpan | None:
    spans = [r.when for r in reports if r.when is not None]
    if not spans:
        return None
    return min(spans, key=lambda t: (t.precision, t.start))


def grade(reports: Sequence[Report], civilians_killed: Range, outlets: int) -> Grade | None:
    """Airwars' scale, automatic; only civilian-harm incidents are graded."""
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
    return Grade.FAIR if outlets >= 2 else Grade.WEAK


def _fmt_range(r: Range) -> str:
    if r.low is None and r.high is None:
        return "an unknown number of"
    if r.low == r.high or r.high is None:
        return f"{r.low}"
    if r.low is None:
        return f"up to {r.high}"
    return f"between {r.low} and {r.high}"


def notes(inc: Incident) -> str:
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
    text += f" [{inc.source_count} source{'s' if inc.source_count != 1 else ''}]"
    return text


def _outlets(reports: Iterable[Report], outlet_of: dict[str, str | None] | None) -> int:
    if outlet_of is None:
        return len({r.doc_id for r in reports})
    return len({outlet_of.get(r.doc_id) or r.doc_id for r in reports})


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
    source_count = _outlets(reports, outlet_of)
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
    inc.grade = grade(reports, tolls.civilians_killed, source_count)
    inc.notes = notes(inc)
    return inc


def link_reports(reports: Sequence[Report], *, outlet_of: dict[str, str | None] | None = None) -> list[Incident]:
    """Link reports into incidents (in memory). Ids are content hashes of the member reports."""
    return [build_incident(group, outlet_of=outlet_of) for group in cluster(reports)]


def actor_label(a: ActorRef | None) -> str:
    return a.name if a else ""
