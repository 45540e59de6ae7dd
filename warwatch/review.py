"""Analyst review: accounts, API tokens, and the changes an analyst makes to incidents.

An analyst can confirm or reject an incident, edit one of its fields, merge two
incidents and split one. Every action:

- locks the incidents it touches, so `Store.relink` never overwrites an
  analyst's decision with a fresh automatic one;
- is written to the audit table with who, when, why, and a snapshot of the
  touched incidents (fields and report assignment) before and after;
- can be undone while nothing has changed those incidents since.

Accounts are names with API tokens. A token is shown once when it is made;
only a salted scrypt hash is stored. Tokens read `ww_<id>.<secret>`: the id
finds the row without hashing every stored token.

Errors (defined in warwatch/errors.py, so the CLI prints them as one line):

    ReviewError         a request that makes no sense (unknown field, bad value)
    └── ReviewConflict  the incident changed since the action to undo
    AuthError           a missing, unknown or revoked token
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from . import link
from .errors import AuthError, NotFoundError, ReviewConflict, ReviewError
from .models import Grade, content_id
from .store import AuditRow, Base, DocumentRow, IncidentRow, ReportRow, Store, UtcDateTime, _claims_by_report, _report
from .taxonomy import DISORDER_TYPES, EVENT_TYPES, SUB_EVENT_TYPES

#: scrypt cost: 2**14 iterations with r=8 take about 50 ms and 16 MB here, slow enough to make guessing
#: a stolen hash expensive, fast enough for one check per API write.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
#: Secret bytes in a token (192 bits): far beyond guessing.
TOKEN_BYTES = 24
TOKEN_PREFIX = "ww_"
#: Longest analyst name and reason kept.
MAX_NAME, MAX_WHY = 100, 2000

#: Actions that change incidents and can be undone.
ACTIONS = ("confirm", "reject", "edit", "merge", "split")
#: Integer toll fields an analyst may set; empty means unknown.
TOLL_FIELDS = tuple(f"{k}_{b}" for k in ("fatalities", "injured", "civilians_killed") for b in ("low", "best", "high"))
#: Fields an analyst may edit, with the key they change in the `place` record where they have one.
PLACE_FIELDS = {"location": "name", "admin1": "admin1", "country": "country", "latitude": "lat", "longitude": "lon"}
EDITABLE = ("event_type", "sub_event_type", "grade", "event_date", "notes", *PLACE_FIELDS, *TOLL_FIELDS)


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(MAX_NAME), unique=True)
    created: Mapped[datetime] = mapped_column(UtcDateTime())


class TokenRow(Base):
    __tablename__ = "api_tokens"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    salt: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(128))
    created: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


@dataclass(frozen=True)
class Analyst:
    name: str


def _now() -> datetime:
    return datetime.now(UTC)


def _hash(secret: str, salt: bytes) -> str:
    return hashlib.scrypt(secret.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).hex()


# -- accounts ---------------------------------------------------------------------
def add_user(store: Store, name: str) -> str:
    """Create the analyst NAME if new and give them a fresh token; returns the token (shown once)."""
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise ReviewError(f"an analyst name has 1 to {MAX_NAME} characters, not {len(name)}")
    token_id, secret, salt = secrets.token_hex(6), secrets.token_urlsafe(TOKEN_BYTES), secrets.token_bytes(16)
    with store.session() as s, s.begin():
        user = s.scalar(select(UserRow).where(UserRow.name == name))
        if user is None:
            user = UserRow(name=name, created=_now())
            s.add(user)
            try:
                s.flush()
            except IntegrityError:
                raise ReviewError(f"analyst {name!r} was created at the same time elsewhere: run again") from None
        s.add(TokenRow(id=token_id, user_id=user.id, salt=salt.hex(), hash=_hash(secret, salt), created=_now()))
    return f"{TOKEN_PREFIX}{token_id}.{secret}"


def users(store: Store) -> list[dict[str, Any]]:
    """Every analyst with how many live tokens they hold."""
    with store.session() as s:
        out = []
        for u in s.scalars(select(UserRow).order_by(UserRow.name)):
            live = s.scalars(select(TokenRow.id).where(TokenRow.user_id == u.id, TokenRow.revoked.is_(False))).all()
            out.append({"name": u.name, "created": u.created, "tokens": len(live)})
        return out


def revoke(store: Store, name: str) -> int:
    """Revoke every token of NAME; returns how many were live."""
    with store.session() as s, s.begin():
        user = s.scalar(select(UserRow).where(UserRow.name == name))
        if user is None:
            raise NotFoundError(f"no analyst {name!r}: list them with `warwatch users list`")
        rows = list(s.scalars(select(TokenRow).where(TokenRow.user_id == user.id, TokenRow.revoked.is_(False))))
        for t in rows:
            t.revoked = True
        return len(rows)


def verify_token(store: Store, token: str) -> Analyst:
    """The analyst a token belongs to; AuthError when it is malformed, unknown or revoked."""
    body = token.strip().removeprefix(TOKEN_PREFIX)
    token_id, _, secret = body.partition(".")
    if not token.strip().startswith(TOKEN_PREFIX) or not token_id or not secret:
        raise AuthError("malformed token: give the ww_... token printed by `warwatch users add`")
    with store.session() as s:
        row = s.get(TokenRow, token_id)
        if row is None or row.revoked:
            raise AuthError("unknown or revoked token")
        if not hmac.compare_digest(_hash(secret, bytes.fromhex(row.salt)), row.hash):
            raise AuthError("unknown or revoked token")
        user = s.get(UserRow, row.user_id)
        if user is None:
            raise AuthError("unknown or revoked token")
        return Analyst(user.name)


# -- snapshots --------------------------------------------------------------------
_SNAPSHOT_COLUMNS = tuple(c.name for c in IncidentRow.__table__.columns if c.name != "id")


def _snap_value(v: Any) -> Any:
    if isinstance(v, datetime):  # SQLite hands back naive UTC; compare and store all times that way
        return (v.astimezone(UTC) if v.tzinfo else v).replace(tzinfo=None).isoformat()
    return v.isoformat() if isinstance(v, date) else v


def _snapshot(s: Session, ids: Sequence[str]) -> dict[str, Any]:
    """The touched incidents' fields and which incident each of their reports belongs to."""
    incidents: dict[str, Any] = {}
    reports: dict[str, str | None] = {}
    for i in ids:
        row = s.get(IncidentRow, i)
        incidents[i] = None if row is None else {c: _snap_value(getattr(row, c)) for c in _SNAPSHOT_COLUMNS}
    for rid, inc in s.execute(select(ReportRow.id, ReportRow.incident_id).where(ReportRow.incident_id.in_(ids))):
        reports[rid] = inc
    return {"incidents": incidents, "reports": dict(sorted(reports.items()))}


def _column_value(name: str, v: Any) -> Any:
    if v is None:
        return None
    python_type = IncidentRow.__table__.columns[name].type.python_type
    if python_type is datetime:
        return datetime.fromisoformat(v).replace(tzinfo=UTC)
    if python_type is date:
        return date.fromisoformat(v)
    return v


def _restore(s: Session, snap: dict[str, Any], now: datetime) -> None:
    for i, fields in snap["incidents"].items():
        row = s.get(IncidentRow, i)
        if fields is None:  # created by the action being undone: retire it, keeping its audit trail readable
            if row is not None:
                row.status, row.deleted_reason, row.locked, row.updated = "deleted", "split undone", True, now
            continue
        if row is None:
            row = IncidentRow(id=i, **{c: _column_value(c, v) for c, v in fields.items()})
            s.add(row)
        else:
            for c, v in fields.items():
                setattr(row, c, _column_value(c, v))
        row.updated = now
    for rid, inc in snap["reports"].items():
        rr = s.get(ReportRow, rid)
        if rr is not None:
            rr.incident_id = inc


def _comparable(snap: dict[str, Any]) -> dict[str, Any]:
    """A snapshot without timestamps, which every write bumps."""
    return {
        "incidents": {
            i: None if f is None else {k: v for k, v in f.items() if k != "updated"}
            for i, f in snap["incidents"].items()
        },
        "reports": snap["reports"],
    }


# -- actions ----------------------------------------------------------------------
def _row(s: Session, incident_id: str) -> IncidentRow:
    row = s.get(IncidentRow, incident_id)
    if row is None:
        raise NotFoundError(f"no incident {incident_id!r}")
    return row


def _why(why: str | None) -> str:
    return (why or "").strip()[:MAX_WHY]


def _record(
    s: Session, primary: str, who: str, action: str, before: dict[str, Any], why: str, now: datetime, **extra: Any
) -> int:
    """Audit an action on its primary incident, with both snapshots; returns the audit id."""
    s.flush()
    after = _snapshot(s, list(before["incidents"]))
    row = AuditRow(
        incident_id=primary,
        at=now,
        who=who,
        action=action,
        before={**before, **extra},
        after={**after, **extra},
        why=why,
    )
    s.add(row)
    s.flush()
    for other in before["incidents"]:
        if other != primary:
            s.add(
                AuditRow(
                    incident_id=other, at=now, who=who, action=action, before=None,
                    after={"primary": row.id, "with": primary}, why=why,
                )
            )  # fmt: skip
    return row.id


def confirm(store: Store, incident_id: str, who: str, why: str | None = None) -> int:
    """Mark an incident as checked by an analyst; returns the audit id."""
    return _set_review(store, incident_id, who, why, "confirm")


def reject(store: Store, incident_id: str, who: str, why: str | None = None) -> int:
    """Retire an incident as wrong (not an incident, out of scope); it joins the deletions list."""
    return _set_review(store, incident_id, who, why, "reject")


def _set_review(store: Store, incident_id: str, who: str, why: str | None, action: str) -> int:
    now = _now()
    with store.session() as s, s.begin():
        row = _row(s, incident_id)
        if action == "confirm" and row.status != "active":
            raise ReviewError(f"incident {incident_id} is {row.status}: only an active incident can be confirmed")
        before = _snapshot(s, [row.id])
        row.locked, row.updated = True, now
        if action == "confirm":
            row.review_status = "confirmed"
        else:
            row.review_status, row.status = "rejected", "deleted"
            row.deleted_reason = f"rejected by {who}" + (f": {_why(why)}" if _why(why) else "")
        return _record(s, row.id, who, action, before, _why(why), now)


def _parse_edit(field: str, raw: Any) -> Any:
    if field not in EDITABLE:
        raise ReviewError(f"{field!r} cannot be edited: choose one of {', '.join(EDITABLE)}")
    text = "" if raw is None else str(raw).strip()
    if field in TOLL_FIELDS:
        if text == "":
            return None
        if not text.isdigit():
            raise ReviewError(f"{field} must be a whole number of people (or empty for unknown), not {text!r}")
        return int(text)
    if field in ("latitude", "longitude"):
        limit = 90 if field == "latitude" else 180
        try:
            value = float(text)
        except ValueError:
            raise ReviewError(f"{field} must be a number, not {text!r}") from None
        if not -limit <= value <= limit:
            raise ReviewError(f"{field} must lie between -{limit} and {limit}, not {value}")
        return value
    if field == "event_date":
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ReviewError(f"event_date must be YYYY-MM-DD, not {text!r}") from None
    if field == "event_type" and text not in EVENT_TYPES:
        raise ReviewError(f"unknown event type {text!r}: choose one of {', '.join(EVENT_TYPES)}")
    if field == "sub_event_type" and text not in SUB_EVENT_TYPES:
        raise ReviewError(f"unknown sub-event type {text!r}: use an ACLED sub-event type")
    if field == "grade":
        if text == "":
            return None
        if text not in {g.value for g in Grade}:
            raise ReviewError(f"unknown grade {text!r}: choose one of {', '.join(g.value for g in Grade)}")
    return text


def _apply_edit(row: IncidentRow, field: str, value: Any) -> None:
    setattr(row, field, value)
    if field == "sub_event_type":  # the event type follows its sub-type, as in ACLED's taxonomy
        row.event_type = SUB_EVENT_TYPES[value]
        row.disorder_type = DISORDER_TYPES.get(row.event_type, row.disorder_type)
        row.scope = "acled"
    elif field == "event_type" and SUB_EVENT_TYPES.get(row.sub_event_type or "") != value:
        row.sub_event_type = None
    elif field == "event_date":
        when = dict(row.when or {})
        when.update(start=value.isoformat(), end=value.isoformat(), precision=when.get("precision") or 1)
        row.when = when
    elif field in PLACE_FIELDS:
        place = dict(row.place or {"name": row.location or "", "geo_precision": 3})
        place[PLACE_FIELDS[field]] = value
        row.place = place
    for kind in ("fatalities", "injured", "civilians_killed"):
        low, best, high = (getattr(row, f"{kind}_{b}") for b in ("low", "best", "high"))
        known = [v for v in (low, best, high) if v is not None]
        if known != sorted(known):
            raise ReviewError(f"{kind} must read low <= best <= high, not {low} / {best} / {high}")


def edit(store: Store, incident_id: str, changes: dict[str, Any], who: str, why: str | None = None) -> int:
    """Set one or more fields of an incident (values as text, as a form sends them); returns the audit id."""
    if not changes:
        raise ReviewError("nothing to edit: name at least one field")
    parsed = {f: _parse_edit(f, v) for f, v in changes.items()}
    now = _now()
    with store.session() as s, s.begin():
        row = _row(s, incident_id)
        before = _snapshot(s, [row.id])
        for f, v in parsed.items():
            _apply_edit(row, f, v)
        row.locked, row.updated = True, now
        row.review_status = row.review_status or "edited"
        return _record(s, row.id, who, "edit", before, _why(why), now, fields=sorted(parsed))


def _edited_fields(s: Session, incident_id: str) -> set[str]:
    out: set[str] = set()
    for a in s.scalars(select(AuditRow).where(AuditRow.incident_id == incident_id, AuditRow.action == "edit")):
        out.update((a.after or {}).get("fields", []))
    return out


def _rebuild(s: Session, row: IncidentRow, now: datetime) -> None:
    """Recompute an incident from its reports, keeping every field an analyst edited by hand."""
    from .store import _incident_fields

    rrows = list(s.scalars(select(ReportRow).where(ReportRow.incident_id == row.id)))
    if not rrows:
        raise ReviewError(f"incident {row.id} would be left with no reports")
    claims = _claims_by_report(s, [r.id for r in rrows])
    reports = [_report(r, claims.get(r.id, [])) for r in rrows]
    doc_ids = sorted({r.doc_id for r in reports})
    outlet_of = {
        i: o for i, o in s.execute(select(DocumentRow.id, DocumentRow.outlet).where(DocumentRow.id.in_(doc_ids)))
    }
    fields = _incident_fields(link.build_incident(reports, incident_id=row.id, outlet_of=outlet_of, now=now))
    keep = _edited_fields(s, row.id)
    for k, v in fields.items():
        if k not in keep:
            setattr(row, k, v)
    row.updated, row.locked = now, True


def merge(store: Store, keep_id: str, other_id: str, who: str, why: str | None = None) -> int:
    """Fold OTHER into KEEP: its reports move, it is retired as merged; returns the audit id."""
    if keep_id == other_id:
        raise ReviewError("an incident cannot be merged with itself")
    now = _now()
    with store.session() as s, s.begin():
        keep, other = _row(s, keep_id), _row(s, other_id)
        for r in (keep, other):
            if r.status != "active":
                raise ReviewError(f"incident {r.id} is {r.status}: only active incidents can be merged")
        before = _snapshot(s, [keep.id, other.id])
        for rr in s.scalars(select(ReportRow).where(ReportRow.incident_id == other.id)):
            rr.incident_id = keep.id
        s.flush()
        _rebuild(s, keep, now)
        other.status, other.merged_into, other.deleted_reason = "merged", keep.id, f"merged into {keep.id} by {who}"
        other.locked, other.updated = True, now
        keep.review_status = keep.review_status or "edited"
        return _record(s, keep.id, who, "merge", before, _why(why), now)


def split(store: Store, incident_id: str, report_ids: Sequence[str], who: str, why: str | None = None) -> str:
    """Move REPORT_IDS out of an incident into a new one; returns the new incident's id."""
    now = _now()
    with store.session() as s, s.begin():
        row = _row(s, incident_id)
        own = set(s.scalars(select(ReportRow.id).where(ReportRow.incident_id == row.id)))
        moving = sorted(set(report_ids))
        if not moving or not set(moving) <= own:
            raise ReviewError(f"name one or more reports of incident {row.id} to split off: it has {sorted(own)}")
        if set(moving) == own:
            raise ReviewError("a split must leave at least one report in the incident")
        new_id = content_id(*moving, "split")
        while s.get(IncidentRow, new_id) is not None:
            new_id = content_id(new_id, "split")
        before = _snapshot(s, [row.id, new_id])
        new = IncidentRow(id=new_id, first_seen=now, updated=now, status="active", review_status="edited")
        s.add(new)
        for rr in s.scalars(select(ReportRow).where(ReportRow.id.in_(moving))):
            rr.incident_id = new_id
        s.flush()
        _rebuild(s, row, now)
        _rebuild(s, new, now)
        row.review_status = row.review_status or "edited"
        _record(s, row.id, who, "split", before, _why(why), now, new_incident=new_id)
        return new_id


def undo(store: Store, audit_id: int, who: str, why: str | None = None) -> int:
    """Reverse a review action, provided nothing changed its incidents since; returns the undo's audit id."""
    now = _now()
    with store.session() as s, s.begin():
        action = s.get(AuditRow, audit_id)
        if action is None:
            raise NotFoundError(f"no audit entry {audit_id}")
        if action.before is None and action.after and "primary" in action.after:
            action = s.get(AuditRow, action.after["primary"])
            if action is None:
                raise NotFoundError(f"no audit entry {audit_id}")
        if action.action not in ACTIONS or not action.before or "incidents" not in action.before:
            raise ReviewError(f"audit entry {audit_id} ({action.action}) is not a review action that can be undone")
        ids = list(action.before["incidents"])
        if _comparable(_snapshot(s, ids)) != _comparable(action.after):
            raise ReviewConflict(
                f"incident {action.incident_id} changed after audit entry {action.id}: undo the later change first"
            )
        before = _snapshot(s, ids)
        _restore(s, action.before, now)
        return _record(s, action.incident_id, who, "undo", before, _why(why), now, undoes=action.id)


def undone(audit: Sequence[dict[str, Any]]) -> set[int]:
    """Ids of the audit entries an undo in this trail reversed."""
    return {a["after"]["undoes"] for a in audit if a["action"] == "undo" and a.get("after")}


def describe(entry: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(field, before, after) for what an audit entry changed on its own incident, for display."""
    before, after = entry.get("before") or {}, entry.get("after") or {}
    if "incidents" not in before or "incidents" not in after:
        keys = sorted(set(before) | set(after)) if isinstance(before, dict) and isinstance(after, dict) else []
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
    i = entry["incident_id"]
    b, a = before["incidents"].get(i) or {}, after["incidents"].get(i) or {}
    skip = {"updated", "when", "place", "first_seen", "notes"} - set(after.get("fields", []))
    rows = [(k, b.get(k), a.get(k)) for k in _SNAPSHOT_COLUMNS if k not in skip and b.get(k) != a.get(k)]
    moved = sorted(
        r for r in set(before["reports"]) | set(after["reports"]) if before["reports"].get(r) != after["reports"].get(r)
    )
    rows += [(f"report {r[:10]}", before["reports"].get(r), after["reports"].get(r)) for r in moved]
    return rows


#: Columns that follow from another one (the place record and its point, the when record, the actors'
#: lower-cased names, the generated notes) or are bookkeeping (lock, timestamps). An audit entry lists
#: them only in its folded details, unless the action edited them by name.
_SECONDARY = frozenset(
    {
        "actor_names", "assoc_actor_1", "assoc_actor_2", "disorder_type", "first_seen", "latitude", "locked",
        "longitude", "notes", "place", "scope", "time_precision", "updated", "when",
    }
)  # fmt: skip
#: Changed fields an audit entry shows before the rest fold into its details: an edit or a relink rarely
#: touches more, and a longer list is the whole record again.
AUDIT_SHOWN = 6


@dataclass(frozen=True)
class AuditSummary:
    """An audit entry for reading: the changes worth seeing and the rest folded; a new incident, whose every
    field is new, reads as a one-line headline instead."""

    headline: str
    changes: list[tuple[str, Any, Any]]
    details: list[tuple[str, Any, Any]]
    created: bool  # the entry records a new incident, so its fields have no "before"


def _toll(low: Any, high: Any) -> str:
    if low is None and high is None:
        return "unknown"
    return str(low if high in (None, low) else f"{'?' if low is None else low}–{high}")


def _created_headline(fields: dict[str, Any]) -> str:
    what = fields.get("sub_event_type") or fields.get("event_type") or fields.get("scope") or "incident"
    where = ", ".join(str(fields[k]) for k in ("location", "country") if fields.get(k))
    parts = [f"{what} in {where or 'an unknown place'}", f"on {fields.get('event_date') or 'an unknown date'}"]
    parts.append(f"killed {_toll(fields.get('fatalities_low'), fields.get('fatalities_high'))}")
    if fields.get("grade"):
        parts.append(f"grade {fields['grade']}")
    if fields.get("source_count"):
        parts.append(f"{fields['source_count']} source(s)")
    return "; ".join(parts)


def summarize(entry: dict[str, Any]) -> AuditSummary:
    """What an audit entry changed, in the order worth reading: the fields edited by name or that carry
    meaning of their own first; copies, derived text and bookkeeping folded into details."""
    rows = describe(entry)
    after = entry.get("after") or {}
    if entry["action"] == "create" and not entry.get("before") and isinstance(after, dict):
        return AuditSummary(_created_headline(after), [], rows, created=True)
    edited = set(after.get("fields", [])) if isinstance(after, dict) else set()
    main = [r for r in rows if r[0] in edited or r[0] not in _SECONDARY]
    rest = [r for r in rows if r[0] not in edited and r[0] in _SECONDARY]
    return AuditSummary("", main[:AUDIT_SHOWN], main[AUDIT_SHOWN:] + rest, created=False)


def load_reports_for_display(store: Store, incident_id: str) -> list[Any]:
    """The reports of an incident in a stable order, for the incident page's split form."""
    with store.session() as s:
        rrows = list(
            s.scalars(
                select(ReportRow).where(ReportRow.incident_id == incident_id).order_by(ReportRow.doc_id, ReportRow.idx)
            )
        )
        claims = _claims_by_report(s, [r.id for r in rrows])
        return [_report(r, claims.get(r.id, [])) for r in rrows]


def review_state(store: Store, ids: Sequence[str]) -> dict[str, tuple[str | None, bool]]:
    """(review_status, locked) of each incident id."""
    with store.session() as s:
        rows = s.execute(
            select(IncidentRow.id, IncidentRow.review_status, IncidentRow.locked).where(IncidentRow.id.in_(list(ids)))
        )
        return {i: (st, bool(lk)) for i, st, lk in rows}


__all__ = [
    "ACTIONS",
    "EDITABLE",
    "Analyst",
    "AuditSummary",
    "AuthError",
    "ReviewConflict",
    "ReviewError",
    "add_user",
    "confirm",
    "describe",
    "edit",
    "merge",
    "reject",
    "revoke",
    "split",
    "summarize",
    "undo",
    "undone",
    "users",
    "verify_token",
]
