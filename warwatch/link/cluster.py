"""Candidate pairs by blocking, then union-find over the pairs the rule accepts.

Two kinds of candidate pairs keep the cost near linear in the number of reports:

    sweep    reports of one country and event family, sorted by start date, each
             compared with those starting up to DATE_WINDOW_DAYS later (reports with
             no place fall in the block of their family with no country)
    names    reports sharing a rare name (a victim, a street), within the date window
             or with no date, whatever their blocks: how a report with no place, or a
             place resolved to another country, can still be linked on its evidence

Accepted pairs are joined strongest first; a join that would put two reports of one
document and one event family into one incident is refused (extraction already decided
those are two: a round-up's shootings). Two reports of one document typed apart (the
shooting, and the arrest of its gunman told as Strategic developments) may meet in one
incident: extraction split them by type, not by place or day. Measured on the gva
development file: refusing every same-document join misses half of the same-incident
pairs that allowing the typed-apart ones finds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from ..models import Report
from .features import fingerprint, vectors
from .rule import (
    DECISIVE_WINDOW_DAYS,
    FOLLOW_UP_WINDOW_DAYS,
    NAME_MAX_REPORTS,
    Nearness,
    compare,
    date_gap,
    date_key,
    date_relation,
    decide,
    family,
    highs_compatible,
    killed_high,
    place_relation,
    within_reach,
)


def _country(r: Report) -> str:
    return (r.place.country or "") if r.place else ""


def _sweep_pairs(reports: Sequence[Report]) -> Iterator[tuple[int, int]]:
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        blocks[_country(r)].append(i)
    for members in blocks.values():
        members.sort(key=lambda i: date_key(reports[i]))
        for pos, i in enumerate(members):
            ri = reports[i]
            for j in members[pos + 1 :]:
                rj = reports[j]
                if ri.when and rj.when and (rj.when.start - ri.when.end).days > FOLLOW_UP_WINDOW_DAYS:
                    break  # sorted by start date: nothing later can match
                if (
                    date_relation(ri.when, rj.when) is Nearness.FAR
                    and place_relation(ri.place, rj.place) is not Nearness.NEAR
                ):
                    continue  # beyond the date window only a follow-up at the same place can match
                yield i, j


def _name_pairs(reports: Sequence[Report], names: Sequence[frozenset[str]]) -> Iterator[tuple[int, int]]:
    index: dict[str, list[int]] = defaultdict(list)
    for i, ns in enumerate(names):
        for n in ns:
            index[n].append(i)
    for members in index.values():
        if len(members) < 2 or len(members) > NAME_MAX_REPORTS:  # bounds the cost per name
            continue
        for pos, i in enumerate(members):
            for j in members[pos + 1 :]:
                gap = date_gap(reports[i].when, reports[j].when)
                if gap is None or gap <= DECISIVE_WINDOW_DAYS:
                    yield i, j


class UnionFind:
    """Disjoint sets over 0..n-1; the smaller index is a joined set's root, so roots are deterministic."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> bool:
        """Join the sets of i and j; False when they were one already (or may not be joined)."""
        ri, rj = self.find(i), self.find(j)
        if ri == rj or not self._may_join(ri, rj):
            return False
        self.parent[max(ri, rj)] = min(ri, rj)
        return True

    def _may_join(self, ri: int, rj: int) -> bool:
        return True


class _Groups(UnionFind):
    """Union-find that keeps each group's members and (document, event family) pairs, so that no
    group holds two reports of one document and one family, and every two members not linked
    directly lie within reach of each other (rule.within_reach): links do not chain one town's
    shootings of different weeks, or a town's and its namesake's, into one incident."""

    def __init__(self, reports: Sequence[Report], linked: set[tuple[int, int]]) -> None:
        super().__init__(len(reports))
        self.reports = reports
        self.linked = linked
        self.docs: dict[int, set[tuple[str, str]]] = {i: {(r.doc_id, family(r))} for i, r in enumerate(reports)}
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(reports))}

    def _may_join(self, ri: int, rj: int) -> bool:
        if not self.docs[ri].isdisjoint(self.docs[rj]):
            return False
        for x in self.members[ri]:
            for y in self.members[rj]:
                pair = (min(x, y), max(x, y))
                if pair not in self.linked and not within_reach(self.reports[x], self.reports[y]):
                    return False
        keep, gone = min(ri, rj), max(ri, rj)
        self.docs[keep] |= self.docs.pop(gone)
        self.members[keep] += self.members.pop(gone)
        return True


def cluster(reports: Sequence[Report]) -> list[list[Report]]:
    """Group reports into incidents. Reports of one document are never linked to each other
    directly, and two of one event family never share an incident: extraction already merged
    the mentions it judged to be one incident."""
    prints = [fingerprint(r) for r in reports]
    highs = [killed_high(r) for r in reports]
    idf, vecs = vectors(prints)
    seen: set[tuple[int, int]] = set()
    accepted: list[tuple[float, int, int]] = []
    for i, j in (*_sweep_pairs(reports), *_name_pairs(reports, [fp.names for fp in prints])):
        a, b = min(i, j), max(i, j)
        if (a, b) in seen or reports[a].doc_id == reports[b].doc_id:
            continue
        seen.add((a, b))
        ev = compare(prints[a], prints[b], vecs[a], vecs[b], idf)
        if decide(reports[a], reports[b], ev, counts_agree=highs_compatible(highs[a], highs[b])):
            accepted.append((ev.similarity, a, b))
    groups = _Groups(reports, {(a, b) for _, a, b in accepted})
    for _, a, b in sorted(accepted, key=lambda t: (-t[0], t[1], t[2])):
        groups.union(a, b)
    out: dict[int, list[Report]] = defaultdict(list)
    for i, r in enumerate(reports):
        out[groups.find(i)].append(r)
    return [out[k] for k in sorted(out)]
