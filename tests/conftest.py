"""Shared fixtures: small real instances (a SQLite file per test, hand-built reports)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import settings

from tests.pgcluster import PgCluster, PostgresMissingError
from warwatch.models import (
    ActorRef,
    Claim,
    ClaimKind,
    Document,
    Evidence,
    Hedge,
    Place,
    Report,
    TimeSpan,
    Victims,
)

# The suite is a gate, so its property tests draw the same examples on every run ("derandomize");
# `make fuzz` (HYPOTHESIS_PROFILE=explore) draws fresh ones, many more, to look for new failures.
settings.register_profile("gate", derandomize=True, print_blob=True)
settings.register_profile("explore", max_examples=2000, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "gate"))

EVALDATA = Path(__file__).resolve().parents[2] / "shared" / "evaldata"

MOSUL = Place(
    "Mosul",
    country="Iraq",
    iso=368,
    iso2="IQ",
    admin1="Nineveh",
    admin2="Mosul",
    lat=36.335,
    lon=43.119,
    geo_precision=1,
)
KIRKUK = Place("Kirkuk", country="Iraq", iso=368, iso2="IQ", admin1="Kirkuk", lat=35.468, lon=44.392, geo_precision=1)
COALITION = ActorRef("Coalition: US-led coalition", 8, None)
IS = ActorRef("Islamic State (Iraq)", 2, "Iraq")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """One throwaway PostgreSQL server for the whole session, started on first use (about a second)."""
    try:
        cluster, missing = PgCluster(), ""
    except PostgresMissingError as err:
        missing = str(err)
    if missing:  # a failure, never a skip: CI must not pass without the PostgreSQL half of the tests
        pytest.fail(missing, pytrace=False)
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: PgCluster) -> Iterator[str]:
    """A fresh, empty PostgreSQL database of its own for one test, dropped after it."""
    name = pg_cluster.create_database()
    try:
        yield pg_cluster.url(name)
    finally:
        pg_cluster.drop_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database, once as a SQLite file and once as a PostgreSQL database: tests run on both."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{tmp_path / 'test.db'}"


def make_doc(
    text: str, outlet: str = "Outlet A", published: date = date(2017, 3, 26), url: str | None = None
) -> Document:
    return Document(id=Document.make_id(text), text=text, title=text[:30], published=published, outlet=outlet, url=url)


def make_report(
    doc: Document,
    *,
    sub: str = "Air/drone strike",
    event_type: str = "Explosions/Remote violence",
    place: Place | None = MOSUL,
    day: date = date(2017, 3, 19),
    killed: tuple[int | None, int | None, int | None] | None = (5, 5, 5),
    victims: Victims = Victims.CIVILIANS,
    hedge: Hedge = Hedge.ASSERTED,
    actor1: ActorRef | None = COALITION,
    index: int = 0,
) -> Report:
    claims = []
    if killed is not None:
        lo, best, hi = killed
        claims.append(
            Claim(
                ClaimKind.KILLED,
                victims,
                low=lo,
                best=best,
                high=hi,
                hedge=hedge,
                evidence=Evidence(doc.id, 0, min(20, len(doc.text)), doc.text[:20]),
            )
        )
    return Report(
        doc_id=doc.id,
        index=index,
        event_type=event_type,
        sub_event_type=sub,
        disorder_type="Political violence",
        actor1=actor1,
        place=place,
        when=TimeSpan(day, day, 1),
        claims=claims,
        evidence=[Evidence(doc.id, 0, len(doc.text), doc.text)],
        salience=1.0,
    )


@pytest.fixture
def report_factory() -> Callable[..., Report]:
    return make_report


@pytest.fixture
def doc_factory() -> Callable[..., Document]:
    return make_doc
