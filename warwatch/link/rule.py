"""The same-incident rule for two reports from different documents.

Gates first (DESIGN.md's "Same incident"): compatible type, compatible actors,
compatible counts. Then place and date decide how much the evidence must agree:

    near     dates within DATE_SLACK_DAYS and the same place: linked unless the
             evidence tells two incidents apart (different people, different ages,
             nothing in common although both reports say enough to compare)
    region   the same region (both placed) and dates within DATE_SLACK_DAYS:
             linked when the evidence has something in common (a rare name, or
             some text where both say enough)
    loose    dates within DATE_WINDOW_DAYS, or the same region, or one report
             has no place or date: linked only on strong evidence (much text in
             common, or a rare name in common with some text in common; with both
             dates known and days apart, with much text, SIM_NAMED)
    follow   the same place, dates beyond DATE_WINDOW_DAYS but within
             FOLLOW_UP_WINDOW_DAYS: linked only on much text in common (SIM_STRONG)
    named    the same place, any dates: linked when the same people are named in
             full (IDENTIFIED_PEOPLE) with much text in common (SIM_IDENTIFIED)
    apart    places apart, dates within DATE_SLACK_DAYS: linked when one names the
             other's town (with some text in common), both a rare name (with much
             text in common, SIM_NAMED), or they tell one story (SIM_STRONG): a
             place resolved wrong
    far      anything else: never linked

Near in place and date but of different event families (a shooting, and the arrest
typed apart from it), reports are linked when the evidence has something in common;
a report typed aside (a development, or out of ACLED's scope) may say too little to
compare and still be linked when it echoes the other's words.

Evidence is read by features.fingerprint; every threshold is a named constant
below with what it was calibrated on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from ..geo.gazetteer import haversine_km as _geo_km
from ..models import ActorRef, Place, Report, TimeSpan
from ..reconcile import report_tolls
from ..taxonomy import STRATEGIC
from .features import Fingerprint, Idf, cosine

#: Two reports' date ranges may be this many days apart and still be one incident on the
#: place and date alone: outlets date the same event to the night before or the morning after.
DATE_SLACK_DAYS = 1
#: Beyond the slack, reports up to this many days apart may still be one incident when their
#: evidence agrees strongly: a follow-up story ("died on Tuesday of wounds from the shooting
#: last week") is dated to its own news. Set to a week by reading gva follow-ups, not tuned.
DATE_WINDOW_DAYS = 7
#: Places closer than this are "the same place" for an incident (a town and its
#: neighbourhoods; ACLED codes events to the nearest town).
PLACE_RADIUS_KM = 25.0
#: Places within this distance, or in the same admin1, are "the same region": one outlet
#: names the town, another the county seat or the city across the river.
REGION_RADIUS_KM = 100.0
#: Tolls differing by more than this factor (both known, both over COUNT_FLOOR)
#: are unlikely to be one incident's early and late reports.
COUNT_RATIO_MAX = 10.0
COUNT_FLOOR = 5

#: TF-IDF cosine of the evidence at or above which two reports tell the same story: strong
#: enough to link across the loose window. Calibrated on the gva development file (0.35-0.5
#: score alike; the lower end finds more follow-ups at no cost in precision).
SIM_STRONG = 0.35
#: TF-IDF cosine below which two reports that both say enough (THICK_TERMS) have nothing
#: in common: two incidents, even at one place on one day. Calibrated on the gva development
#: file: 0.08 merges a third more unrelated shootings, 0.18 splits more of one.
SIM_NEAR = 0.12
#: A report with fewer content words than this in its evidence says too little to tell
#: incidents apart; near in place and date, it is linked on those alone (a headline and
#: one sentence; set by reading gva reports, not tuned).
THICK_TERMS = 12
#: Rare names two reports must share, with some text in common (SIM_NEAR), for their evidence
#: to decide alone, across places and dates that disagree. Calibrated on the gva development
#: file: pairs sharing two or more rare names are the same shooting about 9 times in 10.
DECISIVE_NAMES = 2
#: Full names (features.people) two reports at one place must share, with SIM_IDENTIFIED text in
#: common, to be one incident whatever their dates: the shooting and its trial a year later.
#: Calibrated on the gva development file (B-cubed F1 0.8955 -> 0.9000 with cluster's follow-ups;
#: pairs over a month apart sharing two full names with this text in common are the same shooting
#: about 7 times in 8): one name 0.8980, three 0.8985; a cosine of 0.12 0.8990, of 0.3 0.8991.
IDENTIFIED_PEOPLE = 2
SIM_IDENTIFIED = 0.2
#: TF-IDF cosine at or above which two reports sharing a rare name are one incident where their
#: places or dates disagree: of one day however far apart they were placed (a place resolved wrong
#: in one of them), or days apart (a street or a neighbourhood recurs in one town's shootings; with
#: a date unknown SIM_NEAR still does). Calibrated on the gva development file: placed apart, B-cubed
#: F1 0.9000 -> 0.9036 (ECB+ 0.5765 -> 0.5885; 0.15 gave 0.9040 with more wrong merges, 0.35 0.9010);
#: days apart, 0.9075 -> 0.9092 (ECB+ unchanged).
SIM_NAMED = 0.2
#: Decisive evidence links reports up to this many days apart: a victim named in a report of
#: the shooting and again in one of the funeral or the arrest weeks later (30 and 120 score
#: alike on the gva development file; the shorter keeps common names from chaining).
DECISIVE_WINDOW_DAYS = 30
#: A report told at the same place as another, more than DATE_WINDOW_DAYS but at most this many days
#: later, is still linked to it on strong evidence (much text in common): the arrest, the charge, the
#: funeral of a shooting, told weeks later at its place. Same value as DECISIVE_WINDOW_DAYS, for the
#: same reason (a month of follow-ups, not long enough for one town's shootings to chain).
FOLLOW_UP_WINDOW_DAYS = 30
#: A name used by more reports than this is not a name of one incident (a city's mayor, a
#: police spokesman, a hospital): sharing it is no evidence, and it makes no candidate pairs.
NAME_MAX_REPORTS = 30


#: The country a generic actor's name carries when its country is unknown (actors.generic).
UNKNOWN_COUNTRY = "International"
#: Event types under which a follow-up of an incident is told (see told_aside).
TOLD_ASIDE_TYPES = frozenset({STRATEGIC})


class Nearness(Enum):
    NEAR = "near"
    LOOSE = "loose"
    FAR = "far"


def family(r: Report) -> str:
    """The event family that the linking rule and the one-document check compare."""
    return r.event_type or f"other:{r.scope}"


def told_aside(r: Report) -> bool:
    """A report typed as a development (an arrest, a charge) or left out of ACLED's scope (a crime, an
    accident): how an outlet's short follow-up or police-blotter item of a shooting is often typed. Such
    a report at one place on one day with another is the same incident on little evidence in common:
    measured on the gva development file (B-cubed F1 0.8853 -> 0.8874, fewer wrong merges), where
    the same leniency for any two families (an air strike and an armed clash) merged more."""
    return r.event_type is None or r.event_type in TOLD_ASIDE_TYPES


def families_compatible(a: Report, b: Report) -> bool:
    return family(a) == family(b)


def haversine_km(a: Place, b: Place) -> float | None:
    """Great-circle distance between two places; None when either has no coordinates."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    return _geo_km(a.lat, a.lon, b.lat, b.lon)


def place_relation(a: Place | None, b: Place | None) -> Nearness:
    """NEAR: the same place; LOOSE: the same region, or a place unknown on one side; FAR: apart."""
    if a is None or b is None:
        return Nearness.LOOSE  # an unknown place is never "the same place"
    if a.country and b.country and a.country != b.country:
        return Nearness.FAR
    d = haversine_km(a, b)
    if d is not None:
        if d <= PLACE_RADIUS_KM:
            return Nearness.NEAR
        if d <= REGION_RADIUS_KM or (a.admin1 and a.admin1 == b.admin1 and min(a.geo_precision, b.geo_precision) > 1):
            return Nearness.LOOSE
        return Nearness.FAR
    if (a.admin2 and a.admin2 == b.admin2) or a.name.casefold() == b.name.casefold():
        return Nearness.NEAR
    if a.admin1 and a.admin1 == b.admin1:
        return Nearness.LOOSE
    return Nearness.FAR


def date_gap(a: TimeSpan | None, b: TimeSpan | None) -> int | None:
    """Days between two ranges (0 when they overlap); None when either is unknown."""
    if a is None or b is None:
        return None
    return max(0, (a.start - b.end).days, (b.start - a.end).days)


def date_relation(a: TimeSpan | None, b: TimeSpan | None) -> Nearness:
    gap = date_gap(a, b)
    if gap is None:
        return Nearness.LOOSE
    if gap <= DATE_SLACK_DAYS:
        return Nearness.NEAR
    return Nearness.LOOSE if gap <= DATE_WINDOW_DAYS else Nearness.FAR


def killed_high(r: Report) -> int | None:
    """The report's highest fatality figure, which the count check compares."""
    return report_tolls(r).fatalities.high


def highs_compatible(a: int | None, b: int | None) -> bool:
    if a is None or b is None:
        return True
    lo, hi = sorted((a, b))
    return hi < COUNT_FLOOR or hi <= max(lo, 1) * COUNT_RATIO_MAX


def counts_compatible(a: Report, b: Report) -> bool:
    return highs_compatible(killed_high(a), killed_high(b))


def _actors(r: Report) -> list[ActorRef]:
    return [a for a in (r.actor1, r.actor2, *r.assoc_actor_1, *r.assoc_actor_2) if a is not None]


def _actor_names(r: Report) -> set[str]:
    return {a.name for a in _actors(r)}


def _kind(a: ActorRef) -> str:
    """An actor's name without its country ("Civilians (Iraq)": Civilians)."""
    return a.name.removesuffix(f" ({a.country or UNKNOWN_COUNTRY})")


def _unplaced_kinds(r: Report) -> set[str]:
    return {_kind(a) for a in _actors(r) if a.country is None}


def actors_compatible(a: Report, b: Report) -> bool:
    """Whether two reports may name the same parties: an actor in common, or a generic actor whose
    country one report left unknown ("Civilians (International)") and the other placed
    ("Civilians (United States)"). Measured on the gva development file: B-cubed F1 0.8926 -> 0.8933."""
    if a.actor1 is None or b.actor1 is None:
        return True
    if _actor_names(a) & _actor_names(b):
        return True
    kinds_a, kinds_b = {_kind(x) for x in _actors(a)}, {_kind(x) for x in _actors(b)}
    return bool(_unplaced_kinds(a) & kinds_b or _unplaced_kinds(b) & kinds_a)


@dataclass(frozen=True)
class Evidence:
    """How two reports' evidence compares."""

    similarity: float  # TF-IDF cosine of the evidence words
    shared_names: int  # rare names (people, streets, venues) in both
    conflict: bool  # the evidence names different people or ages
    comparable: bool  # both reports say enough to tell two incidents apart
    place_named: bool = False  # one report names the town the other is placed at
    shared_people: int = 0  # rare full names in both

    @property
    def strong(self) -> bool:
        if self.conflict:
            return False
        if self.shared_names:
            return self.similarity >= SIM_NEAR
        return self.retold

    @property
    def retold(self) -> bool:
        """Much text in common where both say enough to compare: one story told again."""
        return not self.conflict and self.comparable and self.similarity >= SIM_STRONG

    @property
    def consistent(self) -> bool:
        if self.conflict:
            return False
        return bool(self.shared_names) or self.similarity >= SIM_NEAR or not self.comparable

    @property
    def related(self) -> bool:
        """Something in common that says so: a rare name, or some text where both say enough
        (THICK_TERMS) for text in common to mean something."""
        if self.conflict:
            return False
        return bool(self.shared_names) or (self.comparable and self.similarity >= SIM_NEAR)

    @property
    def echoed(self) -> bool:
        """A rare name or some text in common, however little either report says: a headline's
        words told again in another outlet's short report."""
        if self.conflict:
            return False
        return bool(self.shared_names) or self.similarity >= SIM_NEAR

    @property
    def identified(self) -> bool:
        """The same people named in full and much text in common: a trial or a sentencing told
        months after its shooting, whatever the dates the two reports were resolved to."""
        return not self.conflict and self.shared_people >= IDENTIFIED_PEOPLE and self.similarity >= SIM_IDENTIFIED

    @property
    def decisive(self) -> bool:
        """Several rare names and some text in common: the same people, whatever the places and
        dates the two reports were resolved to (geocoding and dating err more than names do)."""
        return not self.conflict and self.shared_names >= DECISIVE_NAMES and self.similarity >= SIM_NEAR


def compare(fa: Fingerprint, fb: Fingerprint, va: dict[str, float], vb: dict[str, float], idf: Idf) -> Evidence:
    shared = sum(idf.name_reports(n) <= NAME_MAX_REPORTS for n in fa.names & fb.names)
    ages_differ = bool(fa.ages and fb.ages and not fa.ages & fb.ages)
    comparable = fa.words >= THICK_TERMS and fb.words >= THICK_TERMS
    return Evidence(
        similarity=cosine(va, vb),
        shared_names=shared,
        conflict=ages_differ and not shared,
        comparable=comparable,
        place_named=names_town(fa, fb) or names_town(fb, fa),
        shared_people=sum(idf.person_reports(p) <= NAME_MAX_REPORTS for p in fa.people & fb.people),
    )


def names_town(fa: Fingerprint, fb: Fingerprint) -> bool:
    """Whether report b's evidence names the town report a is placed at. Linking reports placed apart
    on this with some text in common (SIM_NEAR), within the date slack, measured on the gva
    development file: B-cubed F1 0.8874 -> 0.8926; within the date window, 0.8918 (more wrong merges)."""
    return bool(fa.town) and fa.town <= fb.names


def decide(a: Report, b: Report, ev: Evidence, *, counts_agree: bool | None = None) -> bool:
    """The linking rule, given the compared evidence of two reports of different documents.

    Near in place and date and of one event family, reports are linked unless the evidence
    tells them apart. Everything else within reach (a follow-up days later, a neighbouring
    town, an unknown place or date, or another event family: the arrest story of a shooting)
    needs more evidence in common, the more the further apart the reports lie (the module's
    table). `counts_agree` is `counts_compatible(a, b)` when the caller has
    each report's figures at hand already (reconciling a report's claims is not free).
    """
    where, when = place_relation(a.place, b.place), date_relation(a.when, b.when)
    if ev.identified and where is Nearness.NEAR:
        return True  # the same people at one place: a trial or sentencing told months later
    if ev.decisive and (where is not Nearness.FAR or _same_country(a.place, b.place)):
        # the same people: tolls and actors as resolved in each report may still disagree
        gap = date_gap(a.when, b.when)
        return gap is None or gap <= DECISIVE_WINDOW_DAYS
    if counts_agree is None:
        counts_agree = counts_compatible(a, b)
    if not (counts_agree and actors_compatible(a, b)):
        return False
    if when is Nearness.FAR:
        # a follow-up weeks later at the same place tells the story again; a rare name in common with
        # some text is not enough here (a street, a neighbourhood, a hospital, a prosecutor recur in
        # one town's shootings): measured on the gva development file, B-cubed F1 0.9036 -> 0.9075,
        # wrongly merged pairs 422 -> 337 (the same people are linked by ev.identified and ev.decisive)
        return where is Nearness.NEAR and _follow_up_gap(a.when, b.when) and ev.retold
    if where is Nearness.FAR:
        # placed apart on one day, but one names the other's town, or both a rare name with much text in
        # common, or one story told again: a place resolved wrong (a namesake, the outlet's own city) in
        # one of them (the last measured on the gva development file: B-cubed F1 0.9092 -> 0.9110)
        if when is not Nearness.NEAR or ev.conflict:
            return False
        return (
            (ev.place_named and ev.similarity >= SIM_NEAR)
            or (bool(ev.shared_names) and ev.similarity >= SIM_NAMED)
            or ev.retold
        )
    if where is Nearness.NEAR and when is Nearness.NEAR:
        # another event family at one place on one day (the shooting and the arrest of its gunman,
        # typed apart) is the same incident when the evidence has something in common; a report
        # loosely typed (told_aside) may say little and still echo the other's words
        if families_compatible(a, b):
            return ev.consistent
        return ev.echoed if told_aside(a) or told_aside(b) else ev.related
    if when is Nearness.NEAR and a.place is not None and b.place is not None:
        # one day, neighbouring towns (a city and its suburb, the town and the county seat): measured
        # on the gva development file, related evidence here is as telling as strong evidence a week
        # apart (B-cubed F1 0.8933 -> 0.8955)
        return ev.related
    if when is Nearness.LOOSE and a.when is not None and b.when is not None:
        # days apart: much text in common, or a rare name with much text (SIM_NAMED)
        return ev.retold or (bool(ev.shared_names) and not ev.conflict and ev.similarity >= SIM_NAMED)
    return ev.strong


def _follow_up_gap(a: TimeSpan | None, b: TimeSpan | None) -> bool:
    gap = date_gap(a, b)
    return gap is not None and gap <= FOLLOW_UP_WINDOW_DAYS


def within_reach(a: Report, b: Report) -> bool:
    """Whether two reports may share an incident by their dates: each dated to a day (ACLED time
    precision 1), they lie within the date window, or within the follow-up window at one place.
    A vaguer date, or a place, may be wide or wrong, so it forbids nothing: measured on the ECB+
    development file, where outlets place one event at different towns, a check of places too
    splits a fifth of what links (B-cubed F1 0.53 -> 0.47; 0.53 with dates alone)."""
    if a.when is None or b.when is None or a.when.precision != 1 or b.when.precision != 1:
        return True
    if date_relation(a.when, b.when) is not Nearness.FAR:
        return True
    return place_relation(a.place, b.place) is Nearness.NEAR and _follow_up_gap(a.when, b.when)


def _same_country(a: Place | None, b: Place | None) -> bool:
    return a is not None and b is not None and bool(a.country) and a.country == b.country


def date_key(r: Report) -> date:
    return r.when.start if r.when else date.min
