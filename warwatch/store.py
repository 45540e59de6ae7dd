"""Storage: SQLAlchemy 2 tables, Alembic migrations, and the Store repository.

SQLite (WAL mode) is the embedded default; any SQLAlchemy URL of a supported
database works (PostgreSQL through psycopg 3). Every value keeps its evidence:
reports and claims carry the character spans they were read from.

Tables: documents, reports, claims, incidents, audit. The schema is created and
changed only by migrations (`warwatch migrate`); a fresh empty database is
migrated automatically on first use.
"""

from __future__ import annotations

import json
import socket
import weakref
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import psutil
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    Select,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    create_engine,
    event,
    func,
    inspect,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import CursorResult, Dialect, Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from . import codec, link
from .errors import NotFoundError, StoreError
from .models import Document, Grade, Hedge, Incident, Range, Report, content_id

_MIGRATIONS = Path(__file__).parent / "migrations"
#: Ids per IN (...) query: SQLite allows 999 bound parameters in older builds.
_CHUNK = 500
#: Key of the PostgreSQL advisory lock that serialises relinking (any fixed 64-bit number: "warwatch").
_RELINK_LOCK = 0x7761727761746368
#: Key of the PostgreSQL advisory lock that serialises migrations ("warwatch" + 1).
_MIGRATE_LOCK = _RELINK_LOCK + 1


class Base(DeclarativeBase):
    pass


class UtcDateTime(TypeDecorator[datetime]):
    """A moment in time, stored and handed back as an aware UTC datetime on every database.

    SQLite keeps no zone: it stores the digits it is given and hands back naive values, which
    `datetime.timestamp()` would read as local time. PostgreSQL hands back the session's zone.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    @property
    def python_type(self) -> type[datetime]:
        return datetime

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return _utc(value)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return _utc(value)


def _utc(value: datetime | None) -> datetime | None:
    """VALUE in UTC; a naive value is taken to be UTC already (as warwatch has always stored them)."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class DocumentRow(Base):
    __tablename__ = "documents"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    url: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    language: Mapped[str] = mapped_column(String(16), default="en")
    text: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str | None] = mapped_column(Text, index=True)
    status: Mapped[str] = mapped_column(String(16), index=True, default="ingested")
    stage: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(UtcDateTime())
    processed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # A process analysing the document (status `processing`): "host:pid", since when, and how many tries so far.
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ReportRow(Base):
    __tablename__ = "reports"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    incident_id: Mapped[str | None] = mapped_column(ForeignKey("incidents.id"), index=True)
    event_type: Mapped[str | None] = mapped_column(String(64))
    sub_event_type: Mapped[str | None] = mapped_column(String(64))
    disorder_type: Mapped[str | None] = mapped_column(String(64))
    scope: Mapped[str] = mapped_column(String(16), default="acled")
    actor1: Mapped[Any] = mapped_column(JSON, nullable=True)
    assoc_actor_1: Mapped[Any] = mapped_column(JSON, default=list)
    actor2: Mapped[Any] = mapped_column(JSON, nullable=True)
    assoc_actor_2: Mapped[Any] = mapped_column(JSON, default=list)
    place: Mapped[Any] = mapped_column(JSON, nullable=True)
    when: Mapped[Any] = mapped_column(JSON, nullable=True)
    evidence: Mapped[Any] = mapped_column(JSON, default=list)
    trigger: Mapped[Any] = mapped_column(JSON, nullable=True)
    hedge: Mapped[str] = mapped_column(String(16), default="asserted")
    claimant: Mapped[str | None] = mapped_column(Text)
    contested: Mapped[bool] = mapped_column(Boolean, default=False)
    salience: Mapped[float] = mapped_column(Float, default=0.0)


class ClaimRow(Base):
    __tablename__ = "claims"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    victims: Mapped[str] = mapped_column(String(32))
    low: Mapped[int | None] = mapped_column(Integer)
    best: Mapped[int | None] = mapped_column(Integer)
    high: Mapped[int | None] = mapped_column(Integer)
    hedge: Mapped[str] = mapped_column(String(16))
    claimant: Mapped[str | None] = mapped_column(Text)
    side: Mapped[str | None] = mapped_column(Text)
    cumulative: Mapped[bool] = mapped_column(Boolean, default=False)
    partial: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[Any] = mapped_column(JSON, nullable=True)


class IncidentRow(Base):
    __tablename__ = "incidents"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), index=True, default="active")
    merged_into: Mapped[str | None] = mapped_column(String(32))
    deleted_reason: Mapped[str | None] = mapped_column(Text)
    event_type: Mapped[str | None] = mapped_column(String(64), index=True)
    sub_event_type: Mapped[str | None] = mapped_column(String(64))
    disorder_type: Mapped[str | None] = mapped_column(String(64))
    scope: Mapped[str] = mapped_column(String(16), default="acled")
    actor1: Mapped[Any] = mapped_column(JSON, nullable=True)
    assoc_actor_1: Mapped[Any] = mapped_column(JSON, default=list)
    actor2: Mapped[Any] = mapped_column(JSON, nullable=True)
    assoc_actor_2: Mapped[Any] = mapped_column(JSON, default=list)
    place: Mapped[Any] = mapped_column(JSON, nullable=True)
    country: Mapped[str | None] = mapped_column(String(100), index=True)
    admin1: Mapped[str | None] = mapped_column(String(200))
    location: Mapped[str | None] = mapped_column(String(200))
    when: Mapped[Any] = mapped_column(JSON, nullable=True)
    event_date: Mapped[date | None] = mapped_column(Date, index=True)
    time_precision: Mapped[int | None] = mapped_column(Integer)
    fatalities_low: Mapped[int | None] = mapped_column(Integer)
    fatalities_best: Mapped[int | None] = mapped_column(Integer)
    fatalities_high: Mapped[int | None] = mapped_column(Integer)
    injured_low: Mapped[int | None] = mapped_column(Integer)
    injured_best: Mapped[int | None] = mapped_column(Integer)
    injured_high: Mapped[int | None] = mapped_column(Integer)
    civilians_killed_low: Mapped[int | None] = mapped_column(Integer)
    civilians_killed_best: Mapped[int | None] = mapped_column(Integer)
    civilians_killed_high: Mapped[int | None] = mapped_column(Integer)
    grade: Mapped[str | None] = mapped_column(String(16))
    source_count: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    first_seen: Mapped[datetime] = mapped_column(UtcDateTime())
    updated: Mapped[datetime] = mapped_column(UtcDateTime())
    # Point columns copied from `place`, so map queries filter by bounding box in SQL.
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    # Every actor's name, lower-cased and joined, so actor and text searches need no JSON functions.
    actor_names: Mapped[str | None] = mapped_column(Text)
    # Analyst review (warwatch.review): confirmed | rejected | edited, and whether relink must leave it alone.
    review_status: Mapped[str | None] = mapped_column(String(16))
    locked: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditRow(Base):
    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(String(32), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    who: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32))
    before: Mapped[Any] = mapped_column(JSON, nullable=True)
    after: Mapped[Any] = mapped_column(JSON, nullable=True)
    why: Mapped[str | None] = mapped_column(Text)


class FeedRow(Base):
    """An RSS/Atom feed `warwatch watch` polls; id is content_id(url)."""

    __tablename__ = "feeds"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_polled: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    entries: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class PageRow(Base):
    """An article page fetched from the web, raw body kept for re-processing; id is content_id(url)."""

    __tablename__ = "pages"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str | None] = mapped_column(Text)
    feed_id: Mapped[str | None] = mapped_column(String(32))
    fetched_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    status_code: Mapped[int | None] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(String(200))
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    body: Mapped[bytes | None] = mapped_column(LargeBinary)
    doc_id: Mapped[str | None] = mapped_column(String(32), index=True)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # fetches that failed


class AlertRuleRow(Base):
    """An alert rule evaluated at least once, keyed by its name.

    `watermark` is the last audit id it has evaluated; `enabled_at` is when alerts were switched on for it
    (its first evaluation looked at the audit events recorded since then).
    """

    __tablename__ = "alert_rules"
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    watermark: Mapped[int] = mapped_column(Integer)
    enabled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class AlertDeliveryRow(Base):
    """One alert rule fired for one audit event (incident created or updated); unique per (rule, audit_id)."""

    __tablename__ = "alert_deliveries"
    __table_args__ = (UniqueConstraint("rule", "audit_id", name="uq_alert_deliveries_rule_audit"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    rule: Mapped[str] = mapped_column(String(100))
    audit_id: Mapped[int] = mapped_column(Integer)
    incident_id: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    targets: Mapped[list[str]] = mapped_column(JSON)  # those still owed the alert: empty once sent
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    error: Mapped[str | None] = mapped_column(Text)  # why the last try failed


@dataclass(frozen=True)
class IncidentFilter:
    country: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    min_fatalities: int | None = None
    grade: str | None = None
    include_other: bool = True
    limit: int | None = None


@dataclass(frozen=True)
class LinkSummary:
    incidents: int
    created: int
    updated: int
    merged: int


def _now() -> datetime:
    return datetime.now(UTC)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _driver_url(url: str) -> str:
    """The SQLAlchemy URL for URL: plain `postgresql://` and `postgres://` (as psql and most hosts write
    them) go through psycopg 3, the driver warwatch installs, not SQLAlchemy's default psycopg2."""
    scheme, sep, rest = url.partition("://")
    return f"postgresql+psycopg://{rest}" if sep and scheme in ("postgresql", "postgres") else url


def redacted_url(url: str) -> str:
    """URL as messages show it, with any password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _reason(err: OperationalError) -> str:
    """The driver's message on one line (psycopg adds a hint on a line of its own)."""
    return " ".join(str(err.orig).split())


def _alembic_config(url: str) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


class Store:
    """The database behind every command. `Store(url)` checks the schema is current."""

    def __init__(self, url: str, *, check: bool = True) -> None:
        self.url = url
        try:
            self.engine: Engine = create_engine(_driver_url(url), future=True)
        except Exception as err:  # bad URL, missing driver
            raise StoreError(
                f"cannot open database {redacted_url(url)!r}: {err}; give --db sqlite:///FILE or postgresql://..."
            ) from None
        # Pooled connections are closed when the Store goes away, not left for the driver to find
        # unclosed (psycopg warns about each) nor held open on the server until the process ends.
        weakref.finalize(self, self.engine.dispose)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        if check:
            self._check_schema()

    # -- schema -------------------------------------------------------------------
    def _revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def _head(self) -> str | None:
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(_alembic_config(self.url)).get_current_head()

    def _check_schema(self) -> None:
        """A fresh empty database is migrated; one behind the code is refused with what to run."""
        try:
            tables = inspect(self.engine).get_table_names()
            current = self._revision()
        except OperationalError as err:
            raise StoreError(f"cannot open database {redacted_url(self.url)!r}: {_reason(err)}") from None
        if current == self._head():
            return
        if not tables:
            self.migrate()
            return
        raise StoreError(
            f"database {redacted_url(self.url)} is at schema revision {current or 'none'}, not {self._head()}: "
            "run `warwatch migrate --db URL` to upgrade it"
        )

    def migrate(self) -> str | None:
        """Apply every pending migration; returns the new revision."""
        from alembic import command

        cfg = _alembic_config(self.url)
        try:
            conn = self.engine.connect()
        except OperationalError as err:  # no server, no such database, refused login
            raise StoreError(f"cannot open database {redacted_url(self.url)!r}: {_reason(err)}") from None
        with conn, conn.begin():
            # Two runs starting on a fresh database migrate one after the other; the second then finds the
            # schema current. Both databases' DDL is transactional, so the lock covers every step.
            if conn.dialect.name == "postgresql":
                conn.execute(select(func.pg_advisory_xact_lock(_MIGRATE_LOCK)))
            elif conn.dialect.name == "sqlite":
                # The write lock, taken first; Python's sqlite3 opens no transaction for DDL by itself.
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        return self._revision()

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    # -- documents ----------------------------------------------------------------
    def add_documents(self, docs: Iterable[Document]) -> tuple[int, int]:
        """Store documents; returns (added, already present). Existing rows are never overwritten.

        Each row is an insert that does nothing on a known id, so two runs storing
        the same article at once store it once and neither fails.
        """
        added = present = 0
        with self.session() as s, s.begin():
            for doc in docs:
                if not _insert_new(s, DocumentRow, _doc_values(doc)):
                    present += 1
                    continue
                added += 1
                if doc.source:  # a source that once failed and now reads is no longer a failure
                    s.query(DocumentRow).filter(
                        DocumentRow.id == _failure_id(doc.source), DocumentRow.status == "failed"
                    ).delete()
        return added, present

    def add_input_failure(self, source: str, reason: str) -> None:
        """Record an input that could not be read, so `status` can show it and `retry` can read it again."""
        values = _doc_values(Document(id=_failure_id(source), text="", source=source, status="failed"))
        with self.session() as s, s.begin():
            _insert_new(s, DocumentRow, values)
            s.execute(
                update(DocumentRow)
                .where(DocumentRow.id == values["id"])
                .values(status="failed", stage="ingest", error=reason)
            )

    def documents(self, *, status: str | None = None, ids: Sequence[str] | None = None) -> list[Document]:
        with self.session() as s:
            q = select(DocumentRow).order_by(DocumentRow.ingested_at, DocumentRow.id)
            if status:
                q = q.where(DocumentRow.status == status)
            if ids is None:
                return [_doc(r) for r in s.scalars(q)]
            wanted = list(ids)
            return [
                _doc(r)
                for i in range(0, len(wanted), _CHUNK)
                for r in s.scalars(q.where(DocumentRow.id.in_(wanted[i : i + _CHUNK])))
            ]

    def pending(self) -> list[Document]:
        return self.documents(status="ingested")

    # -- processing claims ----------------------------------------------------------
    def claim(self, worker: str, limit: int) -> list[Document]:
        """Claim up to `limit` pending documents for `worker` (see `worker_token`) and return them.

        A claimed document has status `processing`; only the claimant's `save_reports`
        or `mark_failed` finishes it. The claim is one conditional UPDATE per batch, so
        concurrent runs, on one machine or several, never get the same document.
        """
        while True:
            with self.session() as s, s.begin():
                ids = list(
                    s.scalars(
                        select(DocumentRow.id)
                        .where(DocumentRow.status == "ingested")
                        .order_by(DocumentRow.ingested_at, DocumentRow.id)
                        .limit(limit)
                        .with_for_update(skip_locked=True)  # PostgreSQL: pass over rows another run is claiming
                    )
                )
                if not ids:
                    return []
                got = list(
                    s.scalars(
                        update(DocumentRow)
                        .where(DocumentRow.id.in_(ids), DocumentRow.status == "ingested")
                        .values(
                            status="processing",
                            claimed_by=worker,
                            claimed_at=_now(),
                            attempts=DocumentRow.attempts + 1,
                        )
                        .returning(DocumentRow.id)
                    )
                )
                if got:
                    rows = s.scalars(select(DocumentRow).where(DocumentRow.id.in_(got)))
                    return sorted((_doc(r) for r in rows), key=lambda d: ids.index(d.id))
            # Another run took every one of them between the two statements: look again.

    def recover_stale(self, *, timeout: float, max_attempts: int) -> tuple[int, int]:
        """Give documents claimed by runs that died back to the queue; returns (requeued, set aside).

        A claim is stale when its process is gone (same machine) or, from another
        machine, when it is older than `timeout` seconds. A document whose processing
        was interrupted `max_attempts` times is set aside as failed, since it may be
        what kills the process; `warwatch retry` puts it back.
        """
        now = _now()
        requeued = set_aside = 0
        with self.session() as s, s.begin():
            rows = s.execute(
                select(DocumentRow.id, DocumentRow.claimed_by, DocumentRow.claimed_at, DocumentRow.attempts).where(
                    DocumentRow.status == "processing"
                )
            ).all()
            for doc_id, worker, at, attempts in rows:
                if not _claim_is_stale(worker, at, now, timeout):
                    continue
                mine = (DocumentRow.id == doc_id, DocumentRow.status == "processing", DocumentRow.claimed_by == worker)
                if attempts >= max_attempts:
                    why = (
                        f"processing was interrupted {attempts} times (last claimed by {worker}); the text may crash "
                        "or exhaust the pipeline: inspect it, then run `warwatch retry`"
                    )
                    values: dict[str, Any] = {"status": "failed", "stage": "process", "error": why}
                    set_aside += _affected(s, update(DocumentRow).where(*mine).values(claimed_by=None, **values))
                else:
                    values = {"status": "ingested", "claimed_by": None, "claimed_at": None}
                    requeued += _affected(s, update(DocumentRow).where(*mine).values(**values))
        return requeued, set_aside

    def in_progress(self) -> list[tuple[str, str | None, datetime | None, int]]:
        """Documents claimed now: (source or id, claimed by, since, attempts)."""
        with self.session() as s:
            rows = s.execute(
                select(
                    DocumentRow.id,
                    DocumentRow.source,
                    DocumentRow.claimed_by,
                    DocumentRow.claimed_at,
                    DocumentRow.attempts,
                )
                .where(DocumentRow.status == "processing")
                .order_by(DocumentRow.claimed_at, DocumentRow.id)
            ).all()
            return [(source or doc_id, worker, at, attempts) for doc_id, source, worker, at, attempts in rows]

    def retry(self) -> tuple[int, list[str]]:
        """Put failed documents back in the queue; returns (requeued, sources of inputs that failed to read).

        Documents that failed in extraction are requeued as they are stored; an input
        that could not be read has no text, so its source is returned for the caller
        to read again (its failure row is removed once it reads).
        """
        with self.session() as s, s.begin():
            failed_inputs = list(
                s.scalars(
                    select(DocumentRow.source).where(DocumentRow.status == "failed", DocumentRow.stage == "ingest")
                )
            )
            requeued = _affected(
                s,
                update(DocumentRow)
                .where(DocumentRow.status == "failed", DocumentRow.stage != "ingest")
                .values(status="ingested", stage=None, error=None, claimed_by=None, claimed_at=None, attempts=0),
            )
        return requeued, [src for src in failed_inputs if src]

    def counts(self) -> dict[str, int]:
        with self.session() as s:
            rows = s.execute(select(DocumentRow.status, func.count()).group_by(DocumentRow.status)).all()
            out = {status: int(n) for status, n in rows}
            out["incidents"] = int(
                s.scalar(select(func.count()).select_from(IncidentRow).where(IncidentRow.status == "active")) or 0
            )
            return out

    def save_reports(self, doc: Document, reports: Sequence[Report], *, claim: str | None = None) -> bool:
        """Replace a document's reports with a fresh analysis and mark it processed.

        With `claim`, only while the document is still claimed by that worker: the
        claim is checked and released by the statement that marks it processed, in
        the same transaction as the reports. Returns False (storing nothing) when
        another run has taken the document over.
        """
        with self.session() as s, s.begin():
            if not _finish(s, doc.id, claim, status="processed", stage=None, error=None, processed_at=_now()):
                return False
            old = s.scalars(select(ReportRow.id).where(ReportRow.doc_id == doc.id)).all()
            if old:
                s.query(ClaimRow).filter(ClaimRow.report_id.in_(old)).delete(synchronize_session=False)
                s.query(ReportRow).filter(ReportRow.id.in_(old)).delete(synchronize_session=False)
            for r in reports:
                s.add(_report_row(r))
                s.flush()
                for c in r.claims:
                    s.add(_claim_row(r.id, c))
        return True

    def mark_failed(self, doc_id: str, stage: str, reason: str, *, claim: str | None = None) -> bool:
        """Record why a document failed; with `claim`, only while that worker still holds it."""
        with self.session() as s, s.begin():
            return _finish(s, doc_id, claim, status="failed", stage=stage, error=reason)

    # -- fetched pages and feeds (warwatch.feeds) ---------------------------------------
    def save_page(self, page_id: str, values: dict[str, Any], doc: Document | None) -> bool:
        """Store a fetched page (insert or update) and the document read from it, in one transaction,
        so a page counts as done only once its document is stored; True when the document is new."""
        with self.session() as s, s.begin():
            added = _insert_new(s, DocumentRow, _doc_values(doc)) if doc is not None else False
            if not _insert_new(s, PageRow, {"id": page_id, **values}):
                s.execute(update(PageRow).where(PageRow.id == page_id).values(**values))
        return added

    def save_feed(self, feed_id: str, url: str, **values: Any) -> None:
        """Store what the last poll of a feed learnt (validators, status, error)."""
        with self.session() as s, s.begin():
            if not _insert_new(s, FeedRow, {"id": feed_id, "url": url, "entries": 0, **values}):
                s.execute(update(FeedRow).where(FeedRow.id == feed_id).values(**values))

    # -- reports and linking ------------------------------------------------------
    def reports(self, *, doc_ids: Sequence[str] | None = None, incident_id: str | None = None) -> list[Report]:
        with self.session() as s:
            q = select(ReportRow).order_by(ReportRow.doc_id, ReportRow.idx)
            if doc_ids is not None:
                q = q.where(ReportRow.doc_id.in_(list(doc_ids)))
            if incident_id is not None:
                q = q.where(ReportRow.incident_id == incident_id)
            rows = list(s.scalars(q))
            claims = _claims_by_report(s, [r.id for r in rows])
            return [_report(r, claims.get(r.id, [])) for r in rows]

    def relink(self, *, who: str = "warwatch link") -> LinkSummary:
        """Link every stored report into incidents, keeping incident ids stable.

        A group of reports keeps the id most of its reports already had; a group
        that joins two existing incidents keeps the older one and retires the
        other as merged into it (recorded in the audit table); new groups get a
        content id. Only incidents whose fields changed get a new `updated`.
        """
        now = _now()
        created = updated = merged = 0
        with self.session() as s, s.begin():
            _write_lock(s)
            # Incidents an analyst reviewed are locked: their fields and reports stay as the analyst left them.
            locked = set(s.scalars(select(IncidentRow.id).where(IncidentRow.locked.is_(True))))
            report_rows = [r for r in s.scalars(select(ReportRow)) if r.incident_id not in locked]
            claims = _claims_by_report(s, [r.id for r in report_rows])
            reports = [_report(r, claims.get(r.id, [])) for r in report_rows]
            assigned = {r.id: r.incident_id for r in report_rows if r.incident_id}
            outlet_of = {i: o for i, o in s.execute(select(DocumentRow.id, DocumentRow.outlet))}
            existing = {i.id: i for i in s.scalars(select(IncidentRow)) if i.id not in locked}
            claimed: set[str] = set(locked)
            keep: dict[str, str] = {}
            for group in link.cluster(reports):
                inc_id, absorbed = _choose_incident_id(group, assigned, existing, claimed)
                claimed.add(inc_id)
                for other in absorbed:
                    _retire(s, existing[other], inc_id, who, now)
                    merged += 1
                fields = _incident_fields(link.build_incident(group, incident_id=inc_id, outlet_of=outlet_of, now=now))
                row = existing.get(inc_id)
                if row is None:
                    existing[inc_id] = IncidentRow(id=inc_id, first_seen=now, updated=now, **fields)
                    s.add(existing[inc_id])
                    _audit(s, inc_id, who, "create", None, fields, "new reports", now)
                    created += 1
                elif (changed := _changed(row, fields)) or row.status != "active":
                    before = {k: getattr(row, k) for k in changed}
                    for k in changed:
                        setattr(row, k, fields[k])
                    row.status, row.merged_into, row.updated = "active", None, now
                    _audit(s, inc_id, who, "update", before, {k: fields[k] for k in changed}, "relinked", now)
                    updated += 1
                keep.update((r.id, inc_id) for r in group)
            for report_row in report_rows:
                report_row.incident_id = keep.get(report_row.id)
            for inc_id, row in existing.items():
                if inc_id not in claimed and row.status == "active":
                    row.status, row.deleted_reason, row.updated = "deleted", "no reports left", now
                    _audit(s, inc_id, who, "delete", None, None, "no reports left", now)
            total = len(claimed - locked) + int(
                s.scalar(
                    select(func.count())
                    .select_from(IncidentRow)
                    .where(IncidentRow.locked.is_(True), IncidentRow.status == "active")
                )
                or 0
            )
        return LinkSummary(incidents=total, created=created, updated=updated, merged=merged)

    # -- incidents ----------------------------------------------------------------
    def incidents(
        self, flt: IncidentFilter | None = None, *, status: str = "active", with_reports: bool = False
    ) -> list[Incident]:
        """Incidents matching a filter, newest first; `status="merged"` lists retired duplicates."""
        flt = flt or IncidentFilter()
        with self.session() as s:
            q = select(IncidentRow).where(IncidentRow.status == status)
            if flt.country:
                q = q.where(func.lower(IncidentRow.country) == flt.country.lower())
            if flt.event_type:
                q = q.where(IncidentRow.event_type == flt.event_type)
            if flt.sub_event_type:
                q = q.where(IncidentRow.sub_event_type == flt.sub_event_type)
            if flt.date_from:
                q = q.where(IncidentRow.event_date >= flt.date_from)
            if flt.date_to:
                q = q.where(IncidentRow.event_date <= flt.date_to)
            if flt.min_fatalities is not None:
                q = q.where(IncidentRow.fatalities_low >= flt.min_fatalities)
            if flt.grade:
                q = q.where(IncidentRow.grade == flt.grade)
            if not flt.include_other:
                q = q.where(IncidentRow.scope == "acled")
            # Undated incidents last: PostgreSQL would put NULLs first in a descending order, SQLite last.
            q = q.order_by(IncidentRow.event_date.desc().nulls_last(), IncidentRow.id)
            rows = list(s.scalars(q))
            if flt.actor:
                needle = flt.actor.casefold()
                rows = [r for r in rows if needle in _actor_text(r).casefold()]
            if flt.limit:
                rows = rows[: flt.limit]
            by_incident: dict[str, list[Report]] = {}
            if with_reports and rows:
                ids = [r.id for r in rows]
                rrows = [
                    rr
                    for i in range(0, len(ids), _CHUNK)
                    for rr in s.scalars(select(ReportRow).where(ReportRow.incident_id.in_(ids[i : i + _CHUNK])))
                ]
                claims = _claims_by_report(s, [rr.id for rr in rrows])
                for rr in rrows:
                    by_incident.setdefault(rr.incident_id or "", []).append(_report(rr, claims.get(rr.id, [])))
            return [_incident(r, by_incident.get(r.id, [])) for r in rows]

    def incident(self, incident_id: str) -> Incident:
        """One incident with its reports; accepts a unique id prefix."""
        with self.session() as s:
            row = s.get(IncidentRow, incident_id)
            if row is None:
                # Any case, as SQLite's LIKE matches and PostgreSQL's does not; `_` and `%` taken literally.
                prefix = IncidentRow.id.istartswith(incident_id, autoescape=True)
                matches = list(s.scalars(select(IncidentRow).where(prefix).limit(2)))
                if len(matches) != 1:
                    raise NotFoundError(f"no incident {incident_id!r}: list ids with `warwatch incidents`")
                row = matches[0]
            rids = list(s.scalars(select(ReportRow).where(ReportRow.incident_id == row.id)))
            claims = _claims_by_report(s, [r.id for r in rids])
            return _incident(row, [_report(r, claims.get(r.id, [])) for r in rids])

    def select_incidents(self, query: Select[Any], *, with_reports: bool = False) -> list[Incident]:
        """Run a select of incident rows built by a caller (the web API's filters) and load them in its order."""
        with self.session() as s:
            rows = list(s.scalars(query))
            by_incident: dict[str, list[Report]] = {}
            if with_reports and rows:
                ids = [r.id for r in rows]
                rrows = [
                    rr
                    for i in range(0, len(ids), _CHUNK)
                    for rr in s.scalars(
                        select(ReportRow)
                        .where(ReportRow.incident_id.in_(ids[i : i + _CHUNK]))
                        .order_by(ReportRow.doc_id, ReportRow.idx)
                    )
                ]
                claims = _claims_by_report(s, [rr.id for rr in rrows])
                for rr in rrows:
                    by_incident.setdefault(rr.incident_id or "", []).append(_report(rr, claims.get(rr.id, [])))
            return [_incident(r, by_incident.get(r.id, [])) for r in rows]

    def audit(self, incident_id: str) -> list[dict[str, Any]]:
        with self.session() as s:
            q = select(AuditRow).where(AuditRow.incident_id == incident_id).order_by(AuditRow.id)
            return [
                {
                    "id": a.id,
                    "at": a.at,
                    "who": a.who,
                    "action": a.action,
                    "before": a.before,
                    "after": a.after,
                    "why": a.why,
                }
                for a in s.scalars(q)
            ]

    def failures(self) -> list[Document]:
        return self.documents(status="failed")


def _choose_incident_id(
    group: Sequence[Report], assigned: dict[str, str], existing: dict[str, IncidentRow], claimed: set[str]
) -> tuple[str, list[str]]:
    """The id a linked group keeps, and the active incidents it absorbs.

    The group keeps the oldest incident its reports already belonged to; other
    incidents of its reports are absorbed (merged into it). A group whose every
    old incident was taken by another group is a split and gets a new id.
    """
    old = Counter(assigned[r.id] for r in group if assigned.get(r.id) in existing)
    candidates = sorted((i for i in old if i not in claimed), key=lambda i: (existing[i].first_seen, -old[i], i))
    inc_id = candidates[0] if candidates else content_id(*sorted(r.id for r in group))
    while inc_id in claimed or (inc_id in existing and inc_id not in old):
        inc_id = content_id(inc_id, "split")
    absorbed = [i for i in candidates[1:] if existing[i].status == "active"]
    return inc_id, absorbed


def worker_token() -> str:
    """Who holds a claim: "host:pid:start", so a later run can tell a dead claimant from a live one."""
    proc = psutil.Process()
    return f"{socket.gethostname()}:{proc.pid}:{int(proc.create_time())}"[:100]


def _claim_is_stale(worker: str | None, at: datetime | None, now: datetime, timeout: float) -> bool:
    host, _, rest = (worker or "").partition(":")
    pid, _, started = rest.partition(":")
    if host == socket.gethostname() and pid.isdigit() and started.isdigit():
        try:
            return int(psutil.Process(int(pid)).create_time()) != int(started)  # the pid now names another process
        except psutil.Error:  # no such process
            return True
    if at is None:
        return True
    if at.tzinfo is None:  # SQLite hands back naive datetimes
        at = at.replace(tzinfo=UTC)
    return (now - at).total_seconds() > timeout


def _affected(s: Session, statement: Any) -> int:
    """Rows an INSERT, UPDATE or DELETE touched."""
    result = s.execute(statement)
    return int(result.rowcount) if isinstance(result, CursorResult) else 0


def _finish(s: Session, doc_id: str, claim: str | None, **values: Any) -> bool:
    """Set a document's outcome; with `claim`, only if that worker still holds it (and release it)."""
    where = [DocumentRow.id == doc_id]
    if claim is not None:
        where += [DocumentRow.status == "processing", DocumentRow.claimed_by == claim]
    done = _affected(s, update(DocumentRow).where(*where).values(claimed_by=None, claimed_at=None, **values))
    if done == 0 and claim is None:
        raise NotFoundError(f"document {doc_id} is not stored: ingest it first")
    return bool(done)


def _write_lock(s: Session) -> None:
    """Hold the database's write lock for the rest of the transaction, so two runs never relink at once.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: an UPDATE that matches
    nothing still takes the database's single write lock, and taking it before any
    read means the reads that follow see every commit made before it.
    """
    if s.get_bind().dialect.name == "postgresql":
        s.execute(select(func.pg_advisory_xact_lock(_RELINK_LOCK)))
    else:
        s.execute(update(DocumentRow).where(DocumentRow.id.is_(None)).values(status=DocumentRow.status))


def _insert_new(s: Session, row: type[Base], values: dict[str, Any]) -> bool:
    """Insert a row unless its primary key is present; True when it was inserted."""
    values = _fit(row, values)
    dialect = s.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        # RETURNING, not the row count: an ORM insert through psycopg reports a row count of -1.
        statement = insert(row).values(**values).on_conflict_do_nothing().returning(row.__table__.c.id)
        return s.execute(statement).first() is not None
    if s.get(row, values["id"]) is not None:
        return False
    s.add(row(**values))
    s.flush()
    return True


def _fit(row: type[Base], values: dict[str, Any]) -> dict[str, Any]:
    """VALUES with text cut to the width of its column. PostgreSQL refuses a longer value where SQLite
    keeps it; an input's outlet of over 200 characters or language of over 16 is never a real one."""
    columns = row.__table__.columns
    out = dict(values)
    for name, v in values.items():
        width = getattr(columns[name].type, "length", None)
        if isinstance(v, str) and width and len(v) > width and not columns[name].primary_key:
            out[name] = v[:width]
    return out


def _failure_id(source: str) -> str:
    return content_id("input-failure", source)


def _doc_values(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "url": doc.url,
        "outlet": doc.outlet,
        "title": doc.title,
        "published": doc.published,
        "language": doc.language,
        "text": doc.text,
        "source": doc.source,
        "status": doc.status,
        "stage": doc.stage,
        "error": doc.error,
        "ingested_at": _now(),
        "attempts": 0,
    }


def _doc(r: DocumentRow) -> Document:
    return Document(
        id=r.id,
        text=r.text,
        title=r.title,
        published=r.published,
        outlet=r.outlet,
        url=r.url,
        language=r.language,
        source=r.source,
        status=r.status,
        error=r.error,
        stage=r.stage,
    )


def _report_row(r: Report) -> ReportRow:
    return ReportRow(
        id=r.id,
        doc_id=r.doc_id,
        idx=r.index,
        event_type=r.event_type,
        sub_event_type=r.sub_event_type,
        disorder_type=r.disorder_type,
        scope=r.scope,
        actor1=codec.dump(r.actor1),
        assoc_actor_1=codec.dump(r.assoc_actor_1),
        actor2=codec.dump(r.actor2),
        assoc_actor_2=codec.dump(r.assoc_actor_2),
        place=codec.dump(r.place),
        when=codec.dump(r.when),
        evidence=codec.dump(r.evidence),
        trigger=codec.dump(r.trigger),
        hedge=r.hedge.value,
        claimant=r.claimant,
        contested=r.contested,
        salience=r.salience,
    )


def _claim_row(report_id: str, c: Any) -> ClaimRow:
    d = codec.dump(c)
    return ClaimRow(report_id=report_id, **{k: v for k, v in d.items()})


def _claims_by_report(s: Session, report_ids: list[str]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for i in range(0, len(report_ids), _CHUNK):
        chunk = report_ids[i : i + _CHUNK]
        for c in s.scalars(select(ClaimRow).where(ClaimRow.report_id.in_(chunk)).order_by(ClaimRow.id)):
            d = {k: getattr(c, k) for k in ("kind", "victims", "low", "best", "high", "hedge", "claimant", "side")}
            d.update(cumulative=c.cumulative, partial=c.partial, text=c.text, evidence=c.evidence)
            out.setdefault(c.report_id, []).append(codec.load_claim(d))
    return out


def _report(r: ReportRow, claims: list[Any]) -> Report:
    return Report(
        doc_id=r.doc_id,
        index=r.idx,
        event_type=r.event_type,
        sub_event_type=r.sub_event_type,
        disorder_type=r.disorder_type,
        scope=r.scope,
        actor1=codec.load_actor(r.actor1),
        assoc_actor_1=codec.load_actors(r.assoc_actor_1),
        actor2=codec.load_actor(r.actor2),
        assoc_actor_2=codec.load_actors(r.assoc_actor_2),
        place=codec.load_place(r.place),
        when=codec.load_timespan(r.when),
        claims=claims,
        evidence=[e for d in r.evidence or [] if (e := codec.load_evidence(d)) is not None],
        hedge=Hedge(r.hedge),
        claimant=r.claimant,
        contested=r.contested,
        trigger=codec.load_evidence(r.trigger),
        salience=r.salience,
    )


def _incident_fields(inc: Incident) -> dict[str, Any]:
    p = inc.place
    return {
        "event_type": inc.event_type,
        "sub_event_type": inc.sub_event_type,
        "disorder_type": inc.disorder_type,
        "scope": inc.scope,
        "actor1": codec.dump(inc.actor1),
        "assoc_actor_1": codec.dump(inc.assoc_actor_1),
        "actor2": codec.dump(inc.actor2),
        "assoc_actor_2": codec.dump(inc.assoc_actor_2),
        "place": codec.dump(p),
        "country": p.country if p else None,
        "admin1": p.admin1 if p else None,
        "location": p.name if p else None,
        "latitude": p.lat if p else None,
        "longitude": p.lon if p else None,
        "actor_names": " | ".join(
            a.name.casefold() for a in (inc.actor1, inc.actor2, *inc.assoc_actor_1, *inc.assoc_actor_2) if a
        ),
        "when": codec.dump(inc.when),
        "event_date": inc.when.day if inc.when else None,
        "time_precision": inc.when.precision if inc.when else None,
        "fatalities_low": inc.fatalities.low,
        "fatalities_best": inc.fatalities.best,
        "fatalities_high": inc.fatalities.high,
        "injured_low": inc.injured.low,
        "injured_best": inc.injured.best,
        "injured_high": inc.injured.high,
        "civilians_killed_low": inc.civilians_killed.low,
        "civilians_killed_best": inc.civilians_killed.best,
        "civilians_killed_high": inc.civilians_killed.high,
        "grade": inc.grade.value if inc.grade else None,
        "source_count": inc.source_count,
        "notes": inc.notes,
    }


def _jsonable(v: Any) -> Any:
    return v.isoformat() if isinstance(v, (date, datetime)) else v


def _changed(row: IncidentRow, fields: dict[str, Any]) -> list[str]:
    """Names of the fields whose stored value differs from `fields`."""
    return [
        k
        for k, v in fields.items()
        if json.dumps(_jsonable(getattr(row, k)), sort_keys=True) != json.dumps(_jsonable(v), sort_keys=True)
    ]


def _audit(
    s: Session, incident_id: str, who: str, action: str, before: Any, after: Any, why: str, at: datetime
) -> None:
    jb = {k: _jsonable(v) for k, v in before.items()} if isinstance(before, dict) else before
    ja = {k: _jsonable(v) for k, v in after.items()} if isinstance(after, dict) else after
    s.add(AuditRow(incident_id=incident_id, at=at, who=who, action=action, before=jb, after=ja, why=why))


def _retire(s: Session, row: IncidentRow, survivor: str, who: str, now: datetime) -> None:
    row.status, row.merged_into, row.deleted_reason, row.updated = "merged", survivor, f"duplicate of {survivor}", now
    _audit(s, row.id, who, "merge", {"status": "active"}, {"status": "merged", "merged_into": survivor}, "linked", now)


def _actor_text(r: IncidentRow) -> str:
    parts = [r.actor1, r.actor2, *(r.assoc_actor_1 or []), *(r.assoc_actor_2 or [])]
    return " | ".join(a["name"] for a in parts if a)


def _incident(r: IncidentRow, reports: list[Report]) -> Incident:
    return Incident(
        id=r.id,
        reports=reports,
        event_type=r.event_type,
        sub_event_type=r.sub_event_type,
        disorder_type=r.disorder_type,
        scope=r.scope,
        actor1=codec.load_actor(r.actor1),
        assoc_actor_1=codec.load_actors(r.assoc_actor_1),
        actor2=codec.load_actor(r.actor2),
        assoc_actor_2=codec.load_actors(r.assoc_actor_2),
        place=codec.load_place(r.place),
        when=codec.load_timespan(r.when),
        fatalities=Range(r.fatalities_low, r.fatalities_best, r.fatalities_high),
        injured=Range(r.injured_low, r.injured_best, r.injured_high),
        civilians_killed=Range(r.civilians_killed_low, r.civilians_killed_best, r.civilians_killed_high),
        grade=Grade(r.grade) if r.grade else None,
        source_count=r.source_count,
        notes=r.notes,
        first_seen=r.first_seen,
        updated=r.updated,
        status=r.status,
        merged_into=r.merged_into,
    )
