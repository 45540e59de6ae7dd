"""The digest's data: what happened in a period, for a set of countries or a region.

`build(store, ...)` reads the database once and returns a `Digest`, a tree of frozen
records that the renderers (HTML, Markdown, PDF) only format. Everything is sorted
with a tiebreak on incident id and nothing depends on the clock, so the same
database and arguments give the same digest.

Periods. The digest covers [date_from, date_to] by event date. Its baseline is the
four periods of the same length just before it (for a weekly digest, the previous
four weeks), averaged. "Since the last digest" means since the end of the previous
period of the same length: database changes recorded from date_from to the end of
date_to (first_seen, the audit table), whatever the event dates they concern.

Tolls. An incident's known low (else its best, else 0) goes into a low total and
its known high (else best, else low) into a high total; incidents with no toll are
counted apart, never as zero. Totals are always split by grade: the headline
figure covers incidents graded Confirmed or Fair and those not graded (no civilian
harm reported); Weak, Contested and Discounted incidents are given beside it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from ..errors import ConfigError, NotFoundError
from ..models import Document, Grade, Incident, Range
from ..store import AuditRow, IncidentFilter, IncidentRow, Store
from ..taxonomy import EVENT_TYPES

#: Periods just before the digest's period that make its baseline: four, so a weekly
#: digest compares with the previous four weeks (a month), as analysts' weekly briefs do.
BASELINE_PERIODS = 4
#: Grades whose tolls make the headline figure (None: not graded, no civilian harm reported).
HEADLINE_GRADES: tuple[Grade | None, ...] = (Grade.CONFIRMED, Grade.FAIR, None)
#: Order and labels of the grade rows in every totals table.
GRADE_ORDER: tuple[Grade | None, ...] = (
    Grade.CONFIRMED,
    Grade.FAIR,
    None,
    Grade.WEAK,
    Grade.CONTESTED,
    Grade.DISCOUNTED,
)
NOT_GRADED = "Not graded"
#: Label of incidents with no event type (outside ACLED's taxonomy but in its scope).
UNTYPED = "Other"
#: Label of incidents with no country.
UNKNOWN_COUNTRY = "Country unknown"
UNKNOWN_ADMIN1 = "(region unknown)"
#: Incidents listed in full per country section; the rest are counted and named by id.
TOP_INCIDENTS = 10
#: Changes listed per kind (new, revised, retired); the rest are counted.
CHANGES_LISTED = 20
#: An admin1 area is "rising" when its incidents exceed its baseline average by at
#: least this many; one extra incident a period is the smallest change worth a line.
RISING_MIN_EXTRA = 1.0
RISING_LISTED = 10
#: The trend chart shows the period and up to a year before it (at least twelve weeks,
#: a quarter's context for a weekly digest); longer context flattens the recent weeks.
TREND_MIN_CONTEXT = timedelta(weeks=12)
TREND_MAX_CONTEXT = timedelta(days=365)
#: Above this many weekly bins the chart bins by month, so bars stay wider than a hairline.
MAX_WEEKLY_BINS = 104
#: Kinds of change since the last digest, in the order the digest lists them.
CHANGE_KINDS = ("new", "revised", "retired", "withdrawn")
#: Incident fields whose change is a revised toll.
TOLL_FIELDS = (
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "civilians_killed_low",
    "civilians_killed_best",
    "civilians_killed_high",
)


# -- records ---------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    """An inclusive range of event dates."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def iso_week(self) -> str | None:
        """ "2017-W13" when the period is exactly one ISO week, else None."""
        if self.start.isoweekday() != 1 or self.days != 7:
            return None
        year, week, _ = self.start.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def label(self) -> str:
        span = f"{self.start:%-d %b %Y} – {self.end:%-d %b %Y}"
        return f"{self.iso_week} ({span})" if self.iso_week else span

    def before(self, n: int = 1) -> Period:
        """The n periods of the same length just before this one, as one period."""
        return Period(self.start - timedelta(days=self.days * n), self.start - timedelta(days=1))

    def __contains__(self, d: object) -> bool:
        return isinstance(d, date) and self.start <= d <= self.end


@dataclass(frozen=True)
class Tally:
    """Incidents and their tolls, summed as the module docstring says."""

    incidents: int = 0
    with_toll: int = 0
    killed_low: int = 0
    killed_high: int = 0
    civilians_low: int = 0
    civilians_high: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.incidents + other.incidents,
            self.with_toll + other.with_toll,
            self.killed_low + other.killed_low,
            self.killed_high + other.killed_high,
            self.civilians_low + other.civilians_low,
            self.civilians_high + other.civilians_high,
        )


@dataclass(frozen=True)
class Average:
    """A baseline: per-period averages over BASELINE_PERIODS periods."""

    incidents: float = 0.0
    killed_low: float = 0.0
    killed_high: float = 0.0


@dataclass(frozen=True)
class GradeRow:
    grade: str  # a Grade value or NOT_GRADED
    tally: Tally
    in_headline: bool


@dataclass(frozen=True)
class TypeRow:
    event_type: str
    tally: Tally
    baseline: Average


@dataclass(frozen=True)
class Source:
    """One document an incident was read from."""

    doc_id: str
    outlet: str | None
    published: date | None
    url: str | None
    title: str | None


@dataclass(frozen=True)
class Entry:
    """An incident as the digest lists it: the record and its sources."""

    incident: Incident
    sources: tuple[Source, ...]

    @property
    def grade(self) -> str:
        return self.incident.grade.value if self.incident.grade else NOT_GRADED


@dataclass(frozen=True)
class Change:
    """One database change recorded since the last digest."""

    kind: str  # one of CHANGE_KINDS
    incident_id: str
    at: datetime
    entry: Entry | None  # the incident as it stands now (None when it is no longer stored)
    revised: tuple[tuple[str, int | None, int | None], ...] = ()  # (field, before, after) of a revised toll
    merged_into: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class ChangeList:
    kind: str
    total: int
    listed: tuple[Change, ...]


@dataclass(frozen=True)
class Area:
    """An admin1 area's violence this period against its baseline."""

    country: str
    admin1: str
    tally: Tally
    baseline: Average

    @property
    def extra(self) -> float:
        return self.tally.incidents - self.baseline.incidents


@dataclass(frozen=True)
class Bin:
    """One bin of the trend chart: tallies by event type (and UNTYPED)."""

    start: date
    end: date
    by_type: tuple[tuple[str, Tally], ...]

    def total(self, event_type: str | None = None) -> Tally:
        return sum((t for et, t in self.by_type if event_type is None or et == event_type), Tally())


@dataclass(frozen=True)
class Trend:
    unit: str  # week | month
    bins: tuple[Bin, ...]
    event_types: tuple[str, ...]  # those with at least one incident in the chart window


@dataclass(frozen=True)
class Point:
    """An incident on the map."""

    incident_id: str
    lat: float
    lon: float
    event_type: str
    killed_high: int
    label: str


@dataclass(frozen=True)
class Section:
    """The digest of one country (or of everything in scope, for the summary)."""

    name: str
    iso2s: tuple[str, ...]  # the ISO 3166-1 alpha-2 codes of its incidents' countries
    tally: Tally
    baseline: Average
    by_grade: tuple[GradeRow, ...]
    by_type: tuple[TypeRow, ...]
    entries: tuple[Entry, ...]  # every incident of the period, most serious first
    points: tuple[Point, ...]
    unmapped: int  # incidents of the period without coordinates

    @property
    def headline(self) -> Tally:
        return sum((g.tally for g in self.by_grade if g.in_headline), Tally())

    @property
    def apart(self) -> tuple[GradeRow, ...]:
        """Grade rows kept out of the headline figure, with incidents in them."""
        return tuple(g for g in self.by_grade if not g.in_headline and g.tally.incidents)

    @property
    def top(self) -> tuple[Entry, ...]:
        return self.entries[:TOP_INCIDENTS]

    @property
    def countries(self) -> tuple[str, ...]:
        return tuple(sorted({_country(e.incident) for e in self.entries}))


@dataclass(frozen=True)
class Digest:
    title: str
    scope: str  # "Iraq", "Iraq, Syria", "region Middle East", "all countries"
    countries: tuple[str, ...]  # the filter as given (empty: all)
    region: str | None
    period: Period
    baseline: Period  # the BASELINE_PERIODS periods before
    summary: Section
    sections: tuple[Section, ...]  # one per country with incidents in the period
    changes: tuple[ChangeList, ...]
    rising: tuple[Area, ...]
    trend: Trend
    outlets: tuple[tuple[str, int], ...]  # outlets read for the period's incidents, documents each
    documents: int
    other_scope: int  # incidents of the period outside ACLED's scope, left out

    @property
    def multi(self) -> bool:
        return len(self.sections) > 1


# -- helpers ---------------------------------------------------------------------
def _low(r: Range) -> int:
    return r.low if r.low is not None else (r.best if r.best is not None else 0)


def _high(r: Range) -> int:
    for v in (r.high, r.best, r.low):
        if v is not None:
            return v
    return 0


def tally(incidents: Iterable[Incident]) -> Tally:
    """Sum incidents and their tolls (see the module docstring for the rule)."""
    total = Tally()
    for inc in incidents:
        f, c = inc.fatalities, inc.civilians_killed
        total += Tally(1, int(f.known), _low(f), _high(f), _low(c), _high(c))
    return total


def _average(incidents: Iterable[Incident], periods: int = BASELINE_PERIODS) -> Average:
    t = tally(incidents)
    return Average(t.incidents / periods, t.killed_low / periods, t.killed_high / periods)


def _country(inc: Incident) -> str:
    return (inc.place.country if inc.place else None) or UNKNOWN_COUNTRY


def _event_type(inc: Incident) -> str:
    return inc.event_type or UNTYPED


def _day(inc: Incident) -> date | None:
    return inc.when.day if inc.when else None


def _grade_label(g: Grade | None) -> str:
    return g.value if g else NOT_GRADED


def _severity(inc: Incident) -> tuple[int, int, int, int, int, str]:
    """Sort key, most serious first: deaths (low, then high), civilian deaths, injuries, then id."""
    f, c, i = inc.fatalities, inc.civilians_killed, inc.injured
    return (-_low(f), -_high(f), -_low(c), -_high(i), -(_day(inc) or date.min).toordinal(), inc.id)


def _type_order(types: Iterable[str]) -> tuple[str, ...]:
    rank = {t: n for n, t in enumerate(EVENT_TYPES)}
    return tuple(sorted(set(types), key=lambda t: (rank.get(t, len(rank)), t)))


def _utc(d: date) -> datetime:
    return datetime.combine(d, time.min, tzinfo=UTC)


def _as_utc(dt: datetime) -> datetime:
    """SQLite hands back naive datetimes; warwatch stores UTC."""
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def parse_week(text: str) -> Period:
    """ "2017-W13" → Monday to Sunday of that ISO week."""
    try:
        year, week = text.strip().upper().split("-W")
        start = date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        raise ConfigError(f"{text!r} is not an ISO week: use YYYY-Www, e.g. 2017-W13") from None
    return Period(start, start + timedelta(days=6))


# -- building --------------------------------------------------------------------
def build(
    store: Store,
    *,
    countries: Sequence[str] = (),
    region: str | None = None,
    date_from: date,
    date_to: date,
) -> Digest:
    """The digest of the active incidents in ACLED's scope whose event date is in [date_from, date_to]."""
    if date_to < date_from:
        raise ConfigError(f"the period ends ({date_to}) before it starts ({date_from}): swap --from and --to")
    period = Period(date_from, date_to)
    baseline = period.before(BASELINE_PERIODS)
    in_scope = _scope_test(store, countries, region)

    context = min(max(baseline.days * timedelta(days=1), TREND_MIN_CONTEXT), TREND_MAX_CONTEXT)
    window = Period(date_from - context, date_to)
    everything = store.incidents(
        IncidentFilter(date_from=min(baseline.start, window.start), date_to=date_to, include_other=True),
        with_reports=False,
    )
    scoped = [i for i in everything if in_scope(i)]
    other_scope = sum(1 for i in scoped if i.scope != "acled" and _day(i) in period)
    scoped = [i for i in scoped if i.scope == "acled"]
    current_ids = {i.id for i in scoped if _day(i) in period}
    current = [
        i
        for i in store.incidents(IncidentFilter(date_from=date_from, date_to=date_to), with_reports=True)
        if i.id in current_ids
    ]
    before = [i for i in scoped if _day(i) in baseline]
    docs = {d.id: d for d in store.documents(ids=sorted({r.doc_id for i in current for r in i.reports}))}
    entries = sorted((_entry(i, docs) for i in current), key=lambda e: _severity(e.incident))

    by_country: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        by_country[_country(e.incident)].append(e)
    before_by_country: dict[str, list[Incident]] = defaultdict(list)
    for i in before:
        before_by_country[_country(i)].append(i)
    sections = tuple(
        _section(name, es, before_by_country[name])
        for name, es in sorted(by_country.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    )
    scope = _scope_label(countries, region)
    summary = _section(scope, entries, before)
    outlets: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        for s in e.sources:
            outlets[s.outlet or "(outlet unknown)"].add(s.doc_id)
    kind = "Weekly digest" if period.iso_week else "Digest"
    return Digest(
        title=f"{kind}: {scope}, {period.label}",
        scope=scope,
        countries=tuple(countries),
        region=region,
        period=period,
        baseline=baseline,
        summary=summary,
        sections=sections,
        changes=_changes(store, period, in_scope),
        rising=_rising(entries, before),
        trend=_trend(window, scoped),
        outlets=tuple(sorted(((o, len(ids)) for o, ids in outlets.items()), key=lambda kv: (-kv[1], kv[0]))),
        documents=len(docs),
        other_scope=other_scope,
    )


def _scope_label(countries: Sequence[str], region: str | None) -> str:
    parts = list(countries)
    if region:
        parts.append(f"region {region}")
    return ", ".join(parts) if parts else "all countries"


def _scope_test(store: Store, countries: Sequence[str], region: str | None) -> Callable[[Incident], bool]:
    """A predicate for the incidents in scope; unknown names are refused with the known ones."""
    wanted = {c.casefold() for c in countries}
    if not wanted and not region:
        return lambda _inc: True
    with store.session() as s:
        # The region read inside the JSON: PostgreSQL's json type has no equality, so no DISTINCT over a whole place.
        region_of = IncidentRow.place["region"].as_string()
        rows = s.execute(select(IncidentRow.country, region_of).distinct()).all()
    known_countries: set[str] = {c for c, _ in rows if c}
    known_regions: set[str] = {r for _, r in rows if r}
    for name in countries:
        if name.casefold() not in {c.casefold() for c in known_countries}:
            raise NotFoundError(f"no incidents in {name!r}: known countries are {', '.join(sorted(known_countries))}")
    if region and region.casefold() not in {r.casefold() for r in known_regions}:
        raise NotFoundError(f"no incidents in region {region!r}: known regions are {', '.join(sorted(known_regions))}")

    def test(inc: Incident) -> bool:
        p = inc.place
        if wanted and (p is None or (p.country or "").casefold() not in wanted):
            return False
        return not region or (p is not None and (p.region or "").casefold() == region.casefold())

    return test


def _entry(inc: Incident, docs: dict[str, Document]) -> Entry:
    sources = {
        d.id: Source(d.id, d.outlet, d.published, d.url, d.title)
        for r in inc.reports
        if (d := docs.get(r.doc_id)) is not None
    }
    ordered = sorted(sources.values(), key=lambda s: (s.published or date.min, s.outlet or "", s.doc_id))
    return Entry(inc, tuple(ordered))


def _section(name: str, entries: Sequence[Entry], before: Sequence[Incident]) -> Section:
    incs = [e.incident for e in entries]
    by_grade = tuple(
        GradeRow(_grade_label(g), tally(i for i in incs if i.grade == g), g in HEADLINE_GRADES) for g in GRADE_ORDER
    )
    types = _type_order([*map(_event_type, incs), *map(_event_type, before)])
    by_type = tuple(
        TypeRow(
            t,
            tally(i for i in incs if _event_type(i) == t),
            _average(i for i in before if _event_type(i) == t),
        )
        for t in types
    )
    points = tuple(
        Point(
            i.id,
            i.place.lat,
            i.place.lon,
            _event_type(i),
            _high(i.fatalities),
            f"{i.place.name}: {i.sub_event_type or _event_type(i)}",
        )
        for i in sorted(incs, key=lambda i: (-_high(i.fatalities), i.id))
        if i.place is not None and i.place.lat is not None and i.place.lon is not None
    )
    return Section(
        name=name,
        iso2s=tuple(sorted({i.place.iso2 for i in incs if i.place and i.place.iso2})),
        tally=tally(incs),
        baseline=_average(before),
        by_grade=by_grade,
        by_type=by_type,
        entries=tuple(entries),
        points=points,
        unmapped=len(incs) - len(points),
    )


def _rising(entries: Sequence[Entry], before: Sequence[Incident]) -> tuple[Area, ...]:
    def key(inc: Incident) -> tuple[str, str]:
        return _country(inc), (inc.place.admin1 if inc.place else None) or UNKNOWN_ADMIN1

    now: dict[tuple[str, str], list[Incident]] = defaultdict(list)
    then: dict[tuple[str, str], list[Incident]] = defaultdict(list)
    for e in entries:
        now[key(e.incident)].append(e.incident)
    for i in before:
        then[key(i)].append(i)
    areas = [Area(c, a, tally(incs), _average(then[(c, a)])) for (c, a), incs in now.items()]
    rising = [a for a in areas if a.extra >= RISING_MIN_EXTRA]
    rising.sort(key=lambda a: (-a.extra, -(a.tally.killed_low - a.baseline.killed_low), a.country, a.admin1))
    return tuple(rising[:RISING_LISTED])


def _trend(window: Period, incidents: Sequence[Incident]) -> Trend:
    weekly = window.days / 7 <= MAX_WEEKLY_BINS
    starts: list[date] = []
    d = window.start - timedelta(days=window.start.weekday()) if weekly else window.start.replace(day=1)
    while d <= window.end:
        starts.append(d)
        d = d + timedelta(days=7) if weekly else (d.replace(day=28) + timedelta(days=4)).replace(day=1)
    ends = [s - timedelta(days=1) for s in starts[1:]] + [
        starts[-1] + timedelta(days=6)
        if weekly
        else (starts[-1].replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    ]
    grouped: dict[int, dict[str, list[Incident]]] = defaultdict(lambda: defaultdict(list))
    for inc in incidents:
        day = _day(inc)
        if day is None or day not in window:
            continue
        idx = max(n for n, s in enumerate(starts) if s <= day)
        grouped[idx][_event_type(inc)].append(inc)
    types = _type_order(t for g in grouped.values() for t in g)
    bins = tuple(
        Bin(s, e, tuple((t, tally(grouped[n].get(t, ()))) for t in types))
        for n, (s, e) in enumerate(zip(starts, ends, strict=True))
    )
    return Trend("week" if weekly else "month", bins, types)


def _changes(store: Store, period: Period, in_scope: Callable[[Incident], bool]) -> tuple[ChangeList, ...]:
    """Database changes recorded during the period: new incidents, revised tolls, retired duplicates."""
    since, until = _utc(period.start), _utc(period.end + timedelta(days=1))
    with store.session() as s:
        new_rows = s.execute(
            select(IncidentRow.id, IncidentRow.first_seen)
            .where(IncidentRow.first_seen >= since, IncidentRow.first_seen < until, IncidentRow.scope == "acled")
            .order_by(IncidentRow.first_seen, IncidentRow.id)
        ).all()
        audits = list(
            s.scalars(
                select(AuditRow)
                .where(AuditRow.at >= since, AuditRow.at < until, AuditRow.action.in_(("update", "merge", "delete")))
                .order_by(AuditRow.at, AuditRow.incident_id, AuditRow.id)
            )
        )
    incidents: dict[str, Incident | None] = {}

    def load(inc_id: str) -> Incident | None:
        if inc_id not in incidents:
            try:
                incidents[inc_id] = store.incident(inc_id)
            except NotFoundError:
                incidents[inc_id] = None
        return incidents[inc_id]

    raw: list[tuple[str, str, datetime, dict[str, object]]] = []
    for inc_id, first_seen in new_rows:
        inc = load(inc_id)
        if inc is not None and inc.status == "active" and in_scope(inc):
            raw.append(("new", inc_id, _as_utc(first_seen), {}))
    for a in audits:
        inc = load(a.incident_id)
        if inc is None or not in_scope(inc) or inc.scope != "acled":
            continue
        before, after = a.before or {}, a.after or {}
        if a.action == "update":
            revised = tuple((k, before.get(k), after[k]) for k in TOLL_FIELDS if k in after)
            if revised:
                raw.append(("revised", a.incident_id, _as_utc(a.at), {"revised": revised}))
        elif a.action == "merge":
            into = after.get("merged_into") if isinstance(after, dict) else None
            raw.append(("retired", a.incident_id, _as_utc(a.at), {"merged_into": into or inc.merged_into}))
        else:
            raw.append(("withdrawn", a.incident_id, _as_utc(a.at), {"reason": a.why}))
    listed = {kind: [r for r in raw if r[0] == kind] for kind in CHANGE_KINDS}
    # A retired duplicate's reports now belong to the incident it was merged into: its sources are there.
    read_from = {r[1]: load(str(r[3]["merged_into"])) if r[3].get("merged_into") else incidents[r[1]] for r in raw}
    shown = {r[1] for rs in listed.values() for r in rs[:CHANGES_LISTED]}
    doc_ids = sorted({r.doc_id for i in shown if (inc := read_from[i]) for r in inc.reports})
    docs = {d.id: d for d in store.documents(ids=doc_ids)}
    out = []
    for kind in CHANGE_KINDS:
        changes = []
        for _, inc_id, at, extra in listed[kind][:CHANGES_LISTED]:
            inc, source = incidents[inc_id], read_from[inc_id]
            entry = Entry(inc, _entry(source, docs).sources) if inc is not None and source is not None else None
            changes.append(Change(kind, inc_id, at, entry, **extra))  # type: ignore[arg-type]
        out.append(ChangeList(kind, len(listed[kind]), tuple(changes)))
    return tuple(out)


def latest_week(store: Store, *, countries: Sequence[str] = (), region: str | None = None) -> Period:
    """The ISO week of the latest incident in scope: the digest's period when none is given."""
    in_scope = _scope_test(store, countries, region)
    for inc in store.incidents(IncidentFilter(include_other=False)):  # newest first
        if inc.when is not None and in_scope(inc):
            start = inc.when.day - timedelta(days=inc.when.day.weekday())
            return Period(start, start + timedelta(days=6))
    raise NotFoundError("no dated incidents in scope: run `warwatch run PATH` first, or give --from and --to")
