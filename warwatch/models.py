"""Record shapes that flow between pipeline stages.

Every stage takes and returns these dataclasses, never loose dicts:

    ingest  -> Document
    extract -> Report (with Claim, Evidence, ActorRef, Place, TimeSpan)
    link    -> Incident (with its reports and reconciled ranges)

Evidence is the spine of the model: every extracted value that matters for an
analyst points at the characters of the clean document text it came from.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Hedge(StrEnum):
    """How firmly a claim is made, from the outlet's own voice to an outright denial."""

    ASSERTED = "asserted"  # the outlet states it in its own voice
    ATTRIBUTED = "attributed"  # "X said", "according to X"
    ALLEGED = "alleged"
    BELIEVED = "believed"
    CLAIMED = "claimed"  # a party claims (often responsibility)
    UNCONFIRMED = "unconfirmed"
    DENIED = "denied"
    DISPUTED = "disputed"


class ClaimKind(StrEnum):
    KILLED = "killed"
    INJURED = "injured"
    TRAPPED = "trapped"
    DISPLACED = "displaced"
    BESIEGED = "besieged"
    ABDUCTED = "abducted"
    ARRESTED = "arrested"
    OCCURRENCE = "occurrence"  # the event itself happened (or did not)
    RESPONSIBILITY = "responsibility"
    DENIAL = "denial"


#: Claim kinds that are tolls of the incident itself; the rest are context figures.
TOLL_KINDS = frozenset({ClaimKind.KILLED, ClaimKind.INJURED})


class Victims(StrEnum):
    CIVILIANS = "civilians"
    COMBATANTS = "combatants"
    CHILDREN = "children"
    WOMEN = "women"
    UNKNOWN = "unknown"


#: Victim categories that are civilians (children and women are counted as civilians
#: unless the text says otherwise).
CIVILIAN_VICTIMS = frozenset({Victims.CIVILIANS, Victims.CHILDREN, Victims.WOMEN})


class Grade(StrEnum):
    """Airwars' grading scale for civilian-harm incidents."""

    CONFIRMED = "Confirmed"
    FAIR = "Fair"
    WEAK = "Weak"
    CONTESTED = "Contested"
    DISCOUNTED = "Discounted"


def content_id(*parts: str, length: int = 16) -> str:
    """A stable id from content, so re-running the same input changes nothing."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


@dataclass(frozen=True)
class Evidence:
    """A span of a document's clean text that supports a value."""

    doc_id: str
    start: int
    end: int
    quote: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad evidence span {self.start}..{self.end}")


@dataclass
class Document:
    """One article as ingested: metadata plus the clean text that offsets refer to."""

    id: str
    text: str
    title: str | None = None
    published: date | None = None
    outlet: str | None = None
    url: str | None = None
    language: str = "en"
    source: str | None = None  # where it was read from: a path, "path:line", a URL
    status: str = "ingested"  # ingested | processing | processed | failed
    error: str | None = None
    stage: str | None = None  # the stage that failed, when status == "failed"

    @staticmethod
    def make_id(text: str, title: str | None = None) -> str:
        """Content hash of the clean text (and title), whitespace-normalised."""
        norm = " ".join(text.split())
        return content_id(" ".join((title or "").split()), norm)


@dataclass(frozen=True)
class ActorRef:
    """A canonical actor as named in one report."""

    name: str  # canonical name, ACLED style: "Military Forces of Iraq (2014-) Federal Police"
    inter: int  # ACLED inter code 1..8 (0 = none)
    country: str | None = None
    surface: str | None = None  # the words in the text
    evidence: Evidence | None = None


@dataclass
class Place:
    """A resolved location, ACLED-shaped."""

    name: str  # the location as ACLED writes it ("Mosul - Old City")
    country: str | None = None
    iso: int | None = None  # ISO 3166-1 numeric, as ACLED's `iso` column
    iso2: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int = 3  # 1 town/neighbourhood, 2 near a town / part of region, 3 region
    gazetteer_id: str | None = None
    feature: str | None = None  # GeoNames-like feature kind: city, neighbourhood, admin1, country…
    region: str | None = None  # ACLED region ("Middle East")
    evidence: Evidence | None = None


@dataclass
class TimeSpan:
    """When an event happened: a range and ACLED's time precision (1 day, 2 week, 3 month)."""

    start: date
    end: date
    precision: int
    evidence: Evidence | None = None

    @property
    def day(self) -> date:
        """The single date coded in ACLED's `event_date`: the first day of the range."""
        return self.start


@dataclass
class Claim:
    """One figure or assertion with who makes it and how firmly."""

    kind: ClaimKind
    victims: Victims = Victims.UNKNOWN
    low: int | None = None
    best: int | None = None
    high: int | None = None
    hedge: Hedge = Hedge.ASSERTED
    claimant: str | None = None  # "Federal Police commander", "residents", "an unnamed officer"
    side: str | None = None  # for combatant victims: whose fighters
    cumulative: bool = False  # "since the offensive began": not a single incident's toll
    partial: bool = False  # "including 5 children": a subset of another claim
    evidence: Evidence | None = None
    text: str | None = None  # the amount phrase as written ("as many as 500 people")


@dataclass
class Report:
    """One incident as told by one document."""

    doc_id: str
    index: int  # order within the document
    event_type: str | None  # ACLED event type; None when scope == "other"
    sub_event_type: str | None
    disorder_type: str | None = None
    scope: str = "acled"  # acled | other (crime, accident, disaster)
    actor1: ActorRef | None = None
    assoc_actor_1: list[ActorRef] = field(default_factory=list)
    actor2: ActorRef | None = None
    assoc_actor_2: list[ActorRef] = field(default_factory=list)
    place: Place | None = None
    when: TimeSpan | None = None
    claims: list[Claim] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)  # trigger sentences
    hedge: Hedge = Hedge.ASSERTED  # how firmly the occurrence itself is told
    claimant: str | None = None  # who tells of the occurrence
    contested: bool = False  # the occurrence is contradicted in the same text
    trigger: Evidence | None = None  # the trigger word(s) that name the event
    salience: float = 0.0  # how central the report is to its document (higher = more)

    @property
    def id(self) -> str:
        return content_id(self.doc_id, str(self.index), self.sub_event_type or self.event_type or "other")


@dataclass(frozen=True)
class Range:
    """A low/best/high figure; None means unknown, never zero."""

    low: int | None = None
    best: int | None = None
    high: int | None = None

    @property
    def known(self) -> bool:
        return self.low is not None or self.best is not None or self.high is not None


@dataclass
class Incident:
    """The linked record across reports."""

    id: str
    reports: list[Report]
    event_type: str | None
    sub_event_type: str | None
    disorder_type: str | None = None
    scope: str = "acled"
    actor1: ActorRef | None = None
    assoc_actor_1: list[ActorRef] = field(default_factory=list)
    actor2: ActorRef | None = None
    assoc_actor_2: list[ActorRef] = field(default_factory=list)
    place: Place | None = None
    when: TimeSpan | None = None
    fatalities: Range = field(default_factory=Range)
    injured: Range = field(default_factory=Range)
    civilians_killed: Range = field(default_factory=Range)
    grade: Grade | None = None
    source_count: int = 0
    notes: str = ""
    first_seen: datetime | None = None
    updated: datetime | None = None
    status: str = "active"  # active | merged | deleted
    merged_into: str | None = None
