"""Candidate pairs by blocking, then union-find over the pairs the rule accepts.

Candidate pairs are only those the rule could accept, and pairs that could link only on a rare
name in common come from the names index alone, which keeps the pairs compared per report near
constant as more reports crowd the same places and year (`python -m warwatch.link.bench`, CPU
time on a shared machine: 50,000 synthetic reports in 9.9 s, 100,000 in 21.0 s, where
sweeping every report of a region's week made it 15.0 s and 38.9 s):

    place    reports within PLACE_RADIUS_KM (grid cells of PLACE_GRID) and the follow-up
             window: at the same place within DATE_SLACK_DAYS all of them (linked on their
             place and date), beyond it only on strong evidence (so only pairs whose texts
             could reach SIM_STRONG)
    region   reports within REGION_RADIUS_KM (REGION_GRID) that both say enough to compare
             (THICK_TERMS): within the date slack all of them (linked on related evidence,
             which needs as much), beyond it within the date window those whose texts could
             reach SIM_STRONG (text_head): the only way they link without names
    coarse   a report placed at a region, or with no coordinates, with its admin1
    unplaced reports with no place, among themselves within the date window, whose texts
             could reach SIM_STRONG
    names    reports sharing a rare name (a victim, a street), within the decisive window
             or with no date, whatever their places: how a report with no place, or a
             place resolved to another country, can still be linked on its evidence
    retold   reports within the date slack whose texts could reach SIM_STRONG (text_head),
             whatever their places: one story told again, its place resolved apart
    people   reports at one place sharing a rare full name, whatever their dates: a trial or
             sentencing months after its shooting (rule.Evidence.identified)
    towns    reports within the date slack where one names the town the other is placed at,
             whatever their places: how a report placed at a namesake or at its outlet's
             city is still linked to the reports of the town it names

Accepted pairs are joined strongest first. A join is refused when it would put into one
incident two reports dated to days beyond reach of each other (rule.within_reach) that were not
linked directly (links do not chain; a follow-up linked on the people it names is dated, for this,
like the report it follows up), or two reports of one document and one event family that
extraction told apart at one place on one day and whose evidence the rule tells apart too (a
round-up's two bombings of one city). Reports of one document set apart by place or day, or typed
apart (the shooting, and the arrest of its gunman told as Strategic developments), may meet in one
incident when other outlets' reports tie them to it: within an article, extraction resolves a
headline's neighbourhood and the body's street, or "Thursday" and "Friday night", further apart
than they are. Measured on the development files (B-cubed F1): refusing every join of one
document's reports of one family gave gva 0.878 and ECB+ 0.534 (with the rule's test on each
such pair); refusing only those at one place on one day gives 0.880 and 0.581.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import chain

from ..models import Report, TimeSpan
from .features import Fingerprint, fingerprint, vectors
from .rule import (
    DATE_SLACK_DAYS,
    DATE_WINDOW_DAYS,
    DECISIVE_WINDOW_DAYS,
    FOLLOW_UP_WINDOW_DAYS,
    NAME_MAX_REPORTS,
    SIM_STRONG,
    THICK_TERMS,
    Nearness,
    compare,
    date_gap,
    date_key,
    date_relation,
    decide,
    family,
    highs_compatible,
    killed_high,
    names_town,
    place_relation,
    within_reach,
)


@dataclass(frozen=True)
class Grid:
    """Grid cells that sweep reports with coordinates by date, each cell with its neighbours: any
    two places closer than a cell's height lie in one cell or in two neighbouring ones, up to
    POLAR_LAT (where a cell's width still spans its height), beyond which a band of latitude is
    one cell. Cells keep the number of reports compared per report
    near constant as reports accumulate over the same countries, where one block per country
    made it grow with them."""

    lat_deg: float
    lon_deg: float
    window_days: int  # reports further apart in time are not swept together
    #: Pairs further apart in time than this, or with a date unknown, are linked on strong evidence
    #: only, so those whose text cannot reach SIM_STRONG are left out (pairs sharing rare names come
    #: from _name_pairs).
    free_days: int

    def polar(self, band: int) -> bool:
        return max(abs(band), abs(band + 1)) * self.lat_deg > POLAR_LAT

    def cell(self, r: Report) -> Cell | None:
        """The cell of a report's coordinates, with its country; None when it has none."""
        place = r.place
        if place is None or place.lat is None or place.lon is None:
            return None
        band = math.floor(place.lat / self.lat_deg)
        return (place.country or "", band, 0 if self.polar(band) else math.floor(place.lon / self.lon_deg))

    def neighbours(self, cell: Cell) -> list[Cell]:
        """The cells a cell's reports are swept with: itself, the next to the east, and those of
        the next band that touch it (each pair of neighbouring cells once)."""
        country, band, col = cell
        up = band + 1
        if self.polar(up):
            above = [0]
        elif self.polar(band):
            above = list(range(-math.ceil(180 / self.lon_deg), math.ceil(180 / self.lon_deg) + 1))
        else:
            above = [col - 1, col, col + 1]
        east = [] if self.polar(band) else [(country, band, col + 1)]
        return [cell, *east, *((country, up, c) for c in above)]


Cell = tuple[str, int, int]  # country, band of latitude, column of longitude
PairTest = Callable[[int, int], bool]
#: Beyond this latitude a band of a grid is one cell (its columns would be narrower than its radius).
POLAR_LAT = 60.0
#: Places of one region (REGION_RADIUS_KM, 100 km) within the date window: 1 by 2 degrees.
REGION_GRID = Grid(1.0, 2.0, DATE_WINDOW_DAYS, free_days=DATE_SLACK_DAYS)
#: The same place (PLACE_RADIUS_KM, 25 km) within the follow-up window: a quarter by half a degree.
PLACE_GRID = Grid(0.25, 0.5, FOLLOW_UP_WINDOW_DAYS, free_days=DATE_SLACK_DAYS)


def _sweep_pairs(
    reports: Sequence[Report], thick: Sequence[bool], text_may_match: PairTest
) -> Iterator[tuple[int, int]]:
    """Pairs near enough in place and date to be one incident on the rule's place and date terms:
    neighbouring cells of each grid within its date window; a region's report (precision over 1)
    or one with no coordinates with every report of its admin1 (or of its name); reports with no
    place among themselves (shared names link them further, see _name_pairs). `text_may_match(i, j)`
    is False only for pairs whose evidence cannot be similar enough to link on text alone.

    Only pairs the rule could accept without a rare name in common are swept (those come from
    _name_pairs and _people_pairs): beyond a grid's free days, or with no place, only pairs of two
    reports that both say enough to compare (`thick`, rule.THICK_TERMS) can be alike enough on
    text alone; within them, the region grid's pairs at places apart (those at one place are the
    place grid's) link only on related evidence, which needs both to say enough too. So a report
    that says little is swept only against its place grid's neighbours of the next days, which
    keeps the pairs compared per report near constant as reports crowd the same places."""
    for grid in (REGION_GRID, PLACE_GRID):
        one_place = grid is PLACE_GRID  # places apart within a region are the region grid's
        dated = _cells(
            reports, grid, [r.when is not None and (one_place or t) for r, t in zip(reports, thick, strict=True)]
        )
        for cell, members in dated.items():
            for other in grid.neighbours(cell):
                if other in dated:
                    yield from _window(reports, members, dated[other], grid.free_days, one_place=one_place)
        said = _cells(reports, grid, thick)
        for cell, members in said.items():
            for other in grid.neighbours(cell):
                if other in said:
                    for i, j in _window(reports, members, said[other], grid.window_days, one_place=one_place):
                        if not _free(reports[i], reports[j], grid.free_days) and text_may_match(i, j):
                            yield i, j
    regions: dict[tuple[str, str], list[int]] = defaultdict(list)
    unplaced: list[int] = []
    for i, r in enumerate(reports):
        if r.place is None:
            if thick[i]:
                unplaced.append(i)
        else:
            regions[(r.place.country or "", r.place.admin1 or r.place.name.casefold())].append(i)
    for members in (*regions.values(), unplaced):
        members.sort(key=lambda i: date_key(reports[i]))
    for members in regions.values():
        coarse = [i for i in members if REGION_GRID.cell(reports[i]) is None or _coarse(reports[i])]
        if coarse:
            yield from _window(reports, coarse, members, FOLLOW_UP_WINDOW_DAYS)
    yield from ((i, j) for i, j in _window(reports, unplaced, unplaced, DATE_WINDOW_DAYS) if text_may_match(i, j))


def _cells(reports: Sequence[Report], grid: Grid, kept: Sequence[bool]) -> dict[Cell, list[int]]:
    """The reports of each of a grid's cells that are `kept`, sorted by start date."""
    cells: dict[Cell, list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        cell = grid.cell(r) if kept[i] else None
        if cell is not None:
            cells[cell].append(i)
    for members in cells.values():
        members.sort(key=lambda i: date_key(reports[i]))
    return cells


def text_head(vec: dict[str, float]) -> frozenset[str]:
    """The heaviest terms of a unit TF-IDF vector, as few as leave the rest a norm under SIM_STRONG:
    any vector whose cosine with it reaches SIM_STRONG holds one of them (the rest alone give a
    cosine under the rest's norm), so a pair where neither does cannot be linked on text alone."""
    rest = sum(v * v for v in vec.values())
    head = []
    for term, weight in sorted(vec.items(), key=lambda tv: (-tv[1], tv[0])):
        if rest < SIM_STRONG * SIM_STRONG:
            break
        head.append(term)
        rest -= weight * weight
    return frozenset(head)


def _free(a: Report, b: Report, days: int) -> bool:
    """Whether a pair is close enough in time to be linked without strong evidence."""
    gap = date_gap(a.when, b.when)
    return gap is not None and gap <= days


def _coarse(r: Report) -> bool:
    return r.place is not None and r.place.geo_precision > 1


def _window(
    reports: Sequence[Report], left: list[int], right: list[int], days: int, *, one_place: bool = False
) -> Iterator[tuple[int, int]]:
    """Pairs of `left` and `right` (both sorted by start date) up to `days` apart that the rule's
    place and date terms allow: up to DATE_WINDOW_DAYS apart, or FOLLOW_UP_WINDOW_DAYS at the
    same place; with `one_place`, only pairs at the same place."""
    yield from _forward(reports, left, right, days, one_place)
    if right is not left:
        yield from _forward(reports, right, left, days, one_place)


def _forward(
    reports: Sequence[Report], left: list[int], right: list[int], days: int, one_place: bool
) -> Iterator[tuple[int, int]]:
    """The pairs of _window whose `right` report starts on or after its `left` one."""
    for i in left:
        ri = reports[i]
        for j in right[bisect_left(right, date_key(ri), key=lambda k: date_key(reports[k])) :]:
            rj = reports[j]
            if ri.when and rj.when and (rj.when.start - ri.when.end).days > days:
                break  # sorted by start date: nothing later can match
            if j == i:
                continue
            where = place_relation(ri.place, rj.place)
            if where is Nearness.FAR or (one_place and where is not Nearness.NEAR):
                continue  # only shared names link across places apart (_name_pairs)
            if date_relation(ri.when, rj.when) is Nearness.FAR and where is not Nearness.NEAR:
                continue  # beyond the date window only a follow-up at the same place can match
            yield i, j


def _town_pairs(reports: Sequence[Report], prints: Sequence[Fingerprint]) -> Iterator[tuple[int, int]]:
    """Pairs within the date slack where one report's evidence names the town the other is placed
    at, wherever each was placed (rule.names_town)."""
    towns: dict[str, list[int]] = defaultdict(list)
    dated: dict[int, TimeSpan] = {}  # the dates of the reports filed by town
    span = timedelta(days=DATE_SLACK_DAYS)  # the slack and the longest date range: how far back to look
    for i, fp in enumerate(prints):
        when = reports[i].when
        if fp.town and when is not None:
            towns[min(fp.town)].append(i)
            dated[i] = when
            span = max(span, when.end - when.start + timedelta(days=DATE_SLACK_DAYS))
    for members in towns.values():
        members.sort(key=lambda i: date_key(reports[i]))
    for j, fp in enumerate(prints):
        rj = reports[j]
        if rj.when is None:
            continue
        for name in fp.names & towns.keys():
            members = towns[name]
            for i in members[bisect_left(members, rj.when.start - span, key=lambda k: date_key(reports[k])) :]:
                when_i = dated[i]
                if (when_i.start - rj.when.end).days > DATE_SLACK_DAYS:
                    break  # sorted by start date: nothing later can match
                if i != j and names_town(prints[i], fp) and date_relation(when_i, rj.when) is Nearness.NEAR:
                    yield i, j


def _retold_pairs(
    reports: Sequence[Report], vecs: Sequence[dict[str, float]], heads: Sequence[frozenset[str]]
) -> Iterator[tuple[int, int]]:
    """Pairs whose first days lie within the date slack and whose texts could reach SIM_STRONG (one's
    text_head term in the other's vector), wherever each was placed: one story told again."""
    days: dict[date, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for j, r in enumerate(reports):
        if r.when is not None and heads[j]:
            for term in vecs[j]:
                days[r.when.start][term].append(j)
    for i, r in enumerate(reports):
        if r.when is None or not heads[i]:
            continue
        found: set[int] = set()
        for shift in range(DATE_SLACK_DAYS + 1):
            terms = days.get(r.when.start + timedelta(days=shift))
            if terms:
                found.update(j for t in heads[i] for j in terms.get(t, ()))
        found.discard(i)
        for j in sorted(found):
            yield i, j


def _shared_key_pairs(keys: Sequence[frozenset[str]]) -> Iterator[tuple[int, int]]:
    """Pairs of reports sharing a key (a name), for keys held by at most NAME_MAX_REPORTS reports."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, ks in enumerate(keys):
        for k in ks:
            index[k].append(i)
    for members in index.values():
        if len(members) > NAME_MAX_REPORTS:  # bounds the cost per key
            continue
        for pos, i in enumerate(members):
            for j in members[pos + 1 :]:
                yield i, j


def _people_pairs(reports: Sequence[Report], prints: Sequence[Fingerprint]) -> Iterator[tuple[int, int]]:
    """Pairs at one place sharing a rare full name, whatever their dates (rule.Evidence.identified)."""
    for i, j in _shared_key_pairs([fp.people for fp in prints]):
        if place_relation(reports[i].place, reports[j].place) is Nearness.NEAR:
            yield i, j


def _name_pairs(reports: Sequence[Report], names: Sequence[frozenset[str]]) -> Iterator[tuple[int, int]]:
    """Pairs sharing a rare name within the decisive window, or with a date unknown."""
    for i, j in _shared_key_pairs(names):
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
    """Union-find that keeps each group's members, so that every two members not linked directly lie
    within reach of each other (rule.within_reach), and none are two reports of one document kept
    apart (`_kept_apart`): links do not chain one town's shootings of different weeks, or a
    round-up's shootings, into one incident. `alike(i, j)` is the rule's verdict on two reports."""

    def __init__(
        self, reports: Sequence[Report], linked: set[tuple[int, int]], alike: PairTest, follow_ups: set[tuple[int, int]]
    ) -> None:
        super().__init__(len(reports))
        self.reports = reports
        self.linked = linked
        self.alike = alike
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(reports))}
        #: the reports beyond reach that each report is linked to as a follow-up (or followed up by)
        self.follows: dict[int, list[int]] = defaultdict(list)
        for a, b in follow_ups:
            if not within_reach(reports[a], reports[b]):
                self.follows[a].append(b)
                self.follows[b].append(a)

    def _reach(self, x: int, y: int, joined: set[int]) -> bool:
        """Whether x and y, about to share an incident (`joined`), lie within reach of each other: by
        their own dates, or one of them as a follow-up (a trial a year on, linked on the people it
        names, Evidence.identified) by the date of the report it follows up."""
        rx, ry = self.reports[x], self.reports[y]
        if within_reach(rx, ry):
            return True
        return any(z in joined and within_reach(self.reports[z], ry) for z in self.follows.get(x, ())) or any(
            z in joined and within_reach(rx, self.reports[z]) for z in self.follows.get(y, ())
        )

    def _kept_apart(self, x: int, y: int) -> bool:
        """Two reports of one document and one family at one place on one day: extraction found two
        events there, so they stay two unless the rule, reading them as two outlets' reports,
        would link them."""
        a, b = self.reports[x], self.reports[y]
        return (
            a.doc_id == b.doc_id
            and family(a) == family(b)
            and place_relation(a.place, b.place) is Nearness.NEAR
            and date_relation(a.when, b.when) is Nearness.NEAR
            and not self.alike(x, y)
        )

    def _may_join(self, ri: int, rj: int) -> bool:
        joined = {*self.members[ri], *self.members[rj]}
        for x in self.members[ri]:
            for y in self.members[rj]:
                pair = (min(x, y), max(x, y))
                if pair in self.linked:
                    continue
                if not self._reach(x, y, joined) or self._kept_apart(x, y):
                    return False
        keep, gone = min(ri, rj), max(ri, rj)
        self.members[keep] += self.members.pop(gone)
        return True


def candidate_pairs(
    reports: Sequence[Report], prints: Sequence[Fingerprint], vecs: Sequence[dict[str, float]]
) -> Iterator[tuple[int, int]]:
    """Every pair of reports that the rule (rule.decide) could link, some more than once, in no
    order, and as few others as blocking allows."""
    heads = [text_head(v) if fp.words >= THICK_TERMS else frozenset() for fp, v in zip(prints, vecs, strict=True)]

    def text_may_match(i: int, j: int) -> bool:
        return any(t in vecs[j] for t in heads[i])

    return chain(
        _sweep_pairs(reports, [bool(h) for h in heads], text_may_match),
        _name_pairs(reports, [fp.names for fp in prints]),
        _town_pairs(reports, prints),
        _retold_pairs(reports, vecs, heads),
        _people_pairs(reports, prints),
    )


def cluster(reports: Sequence[Report]) -> list[list[Report]]:
    """Group reports into incidents. Reports of one document are never linked to each other
    directly (extraction already merged the mentions it judged to be one incident); they share an
    incident only through other documents' reports, and never when kept apart (`_Groups`)."""
    prints = [fingerprint(r) for r in reports]
    highs = [killed_high(r) for r in reports]
    idf, vecs = vectors(prints)
    seen: set[tuple[int, int]] = set()
    accepted: list[tuple[float, int, int]] = []
    follow_ups: set[tuple[int, int]] = set()
    for i, j in candidate_pairs(reports, prints, vecs):
        a, b = min(i, j), max(i, j)
        if (a, b) in seen or reports[a].doc_id == reports[b].doc_id:
            continue
        seen.add((a, b))
        ev = compare(prints[a], prints[b], vecs[a], vecs[b], idf)
        if decide(reports[a], reports[b], ev, counts_agree=highs_compatible(highs[a], highs[b])):
            accepted.append((ev.similarity, a, b))
            if ev.identified:
                follow_ups.add((a, b))

    def alike(i: int, j: int) -> bool:
        ev = compare(prints[i], prints[j], vecs[i], vecs[j], idf)
        return decide(reports[i], reports[j], ev, counts_agree=highs_compatible(highs[i], highs[j]))

    groups = _Groups(reports, {(a, b) for _, a, b in accepted}, alike, follow_ups)
    for _, a, b in sorted(accepted, key=lambda t: (-t[0], t[1], t[2])):
        groups.union(a, b)
    out: dict[int, list[Report]] = defaultdict(list)
    for i, r in enumerate(reports):
        out[groups.find(i)].append(r)
    return [out[k] for k in sorted(out)]
