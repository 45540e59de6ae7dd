"""Alerts: rules that watch the audit trail and tell a webhook or a file when an incident they match appears or changes.

    rules = load_rules(Path("alerts.toml"))     # ConfigError naming the file, the rule and the field
    summary = send_alerts(store, rules)         # after Store.relink(): AlertSummary(sent, failed, errors)

A rules file holds `[[rule]]` tables; every condition is optional and all given must hold:

    [[rule]]
    name = "mass-casualty-syria"        # required, unique; names the rule in deliveries and payloads
    countries = ["Syria"]               # the incident's country (any case)
    min_fatalities_low = 10             # the low of its fatalities range is at least this
    grades = ["Confirmed", "Fair"]      # its grade
    civilian_deaths = true              # true: civilians_killed_low >= 1; false: no civilian death reported
    event_types = ["Explosions/Remote violence"]   # ACLED event types
    on = ["create", "update"]           # which audit actions fire (default both)
    webhook = "https://example.org/hook"           # POST the payload as JSON, and/or
    file = "alerts.jsonl"               # append it as one JSON line (relative to the rules file's folder)

What fires: every audit event `create` or `update` (see `Store.relink`) of an incident that is active and
matches the rule in its current state. The payload is the incident as it is when sent (see `payload`).

Each rule's watermark, the last audit id it has evaluated, is kept in the `alert_rules` table, and each
delivery, one per (rule, audit event), in the `alert_deliveries` table:

    queued ──claim──> sending ──> sent
                         └──────> failed ──claim (next run, fewer than MAX_ATTEMPTS tries)──> sending

- Events are found and queued under a lock, in the same transaction that moves the rule's watermark
  past them, so an event is queued once however many runs evaluate the rule at once.
- A delivery is claimed (conditional UPDATE) before it is sent and its outcome is recorded in one
  transaction after, so two runs never send it at once. A run killed mid-send leaves it `sending`;
  after CLAIM_TIMEOUT seconds another run sends it again: the only case where a receiver may see an
  alert twice, and the `X-Warwatch-Delivery` header ("rule:audit id") lets it drop the repeat.
- A failed delivery is tried again on each later run, up to MAX_ATTEMPTS tries in all, and only to the
  targets that failed (a rule with a webhook and a file does not append the line twice): the row's
  `targets` are those still owed, `attempts` counts the tries and `error` says why the last one failed.
- A rule evaluated for the first time starts from the audit events recorded since `enabled_at`
  (default: when the running process started), so turning alerts on for an old database does not
  send its whole history, while the run that turns them on alerts on what it finds. Its `alert_rules`
  row is created then and keeps that moment; renaming a rule starts it afresh.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import psutil
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from . import __version__
from .errors import ConfigError
from .models import Grade
from .store import AlertDeliveryRow, AlertRuleRow, AuditRow, IncidentRow, Store
from .taxonomy import EVENT_TYPES

#: Audit actions a rule can fire on.
ACTIONS = ("create", "update")
#: Seconds a webhook may take to connect, to take the body and to answer (each); receivers answer a
#: small JSON POST in well under a second, and a hung one must not hold the pipeline up for long.
WEBHOOK_TIMEOUT = 5.0
#: Tries of one delivery in all (the first and the retries on later runs) before it is left failed:
#: with hourly runs, five tries ride out a receiver that is down for a few hours.
MAX_ATTEMPTS = 5
#: Seconds after which a delivery claimed by a run that never recorded the outcome is sent again. One
#: delivery takes at most about 3 x WEBHOOK_TIMEOUT (connect, send, answer), far below this.
CLAIM_TIMEOUT = 300
#: Longest rule name: the width of alert_deliveries.rule.
MAX_RULE_NAME = 100
#: Key of the PostgreSQL advisory lock that serialises queueing alerts ("wwalerts").
_ALERTS_LOCK = 0x7777616C65727473
_CHUNK = 500
_FIELDS = (
    "name",
    "countries",
    "min_fatalities_low",
    "grades",
    "civilian_deaths",
    "event_types",
    "on",
    "webhook",
    "file",
)


@dataclass(frozen=True)
class Rule:
    """One alert rule: conditions on an incident's current state, the actions that fire it, and where to send."""

    name: str
    countries: tuple[str, ...] = ()
    min_fatalities_low: int | None = None
    grades: tuple[str, ...] = ()
    civilian_deaths: bool | None = None
    event_types: tuple[str, ...] = ()
    on: tuple[str, ...] = ACTIONS
    webhook: str | None = None
    file: Path | None = None

    @property
    def targets(self) -> tuple[str, ...]:
        """Where the rule sends: its webhook URL and its file path, as stored in alert_deliveries.targets."""
        return tuple(t for t in (self.webhook, str(self.file) if self.file else None) if t)

    def matches(self, incident: IncidentRow) -> bool:
        if incident.status != "active":
            return False
        if self.countries and (incident.country or "").casefold() not in {c.casefold() for c in self.countries}:
            return False
        if self.min_fatalities_low is not None and (incident.fatalities_low or 0) < self.min_fatalities_low:
            return False
        if self.grades and incident.grade not in self.grades:
            return False
        if self.civilian_deaths is not None and ((incident.civilians_killed_low or 0) >= 1) != self.civilian_deaths:
            return False
        return not self.event_types or incident.event_type in self.event_types


@dataclass
class AlertSummary:
    """What one `send_alerts` did: deliveries sent and failed, and one line per failure."""

    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """What the CLI prints: the counts, then one line per failed delivery."""
        return [f"alerts: {self.sent} sent, {self.failed} failed", *(f"alert failed: {e}" for e in self.errors)]


# --- rules file ------------------------------------------------------------------------------


def load_rules(path: Path) -> list[Rule]:
    """The rules of a TOML file; a ConfigError names the file, the rule and the field, and what to do."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such alerts file; fix the path in WARWATCH_ALERTS_FILE") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read the alerts file ({err}); check it is UTF-8 text") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML ({err}); fix the syntax") from None
    extra = sorted(set(data) - {"rule"})
    if extra:
        raise ConfigError(f"{path}: unknown top-level key {extra[0]!r}; write each rule as a [[rule]] table")
    tables = data.get("rule")
    if not isinstance(tables, list) or not tables:
        raise ConfigError(f"{path}: no [[rule]] tables; add one, or unset WARWATCH_ALERTS_FILE to turn alerts off")
    rules: list[Rule] = []
    for number, table in enumerate(tables, 1):
        rule = _rule(path, number, table)
        if any(r.name == rule.name for r in rules):
            raise ConfigError(f"{path}: rule {number}: name {rule.name!r} is used twice; give each rule its own name")
        rules.append(rule)
    return rules


def _rule(path: Path, number: int, table: dict[str, Any]) -> Rule:
    name = table.get("name")
    where = f"{path}: rule {number}" + (f" ({name!r})" if isinstance(name, str) else "")

    def bad(key: str, problem: str) -> ConfigError:
        return ConfigError(f"{where}: '{key}' {problem}")

    for key in table:
        if key not in _FIELDS:
            raise ConfigError(f"{where}: unknown key {key!r}; the keys a rule may have are {', '.join(_FIELDS)}")
    if not isinstance(name, str) or not name.strip():
        raise bad("name", "is missing or empty; give the rule a name (a string)")
    if len(name) > MAX_RULE_NAME:
        raise bad("name", f"is longer than {MAX_RULE_NAME} characters; shorten it")

    def strings(key: str, allowed: Sequence[str] = ()) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise bad(key, 'must be a list of strings, e.g. ["a", "b"]')
        for v in value:
            if allowed and v not in allowed:
                raise bad(key, f"has {v!r}, which is not one of {', '.join(allowed)}")
        return tuple(value)

    minimum = table.get("min_fatalities_low")
    if minimum is not None and (isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 0):
        raise bad("min_fatalities_low", "must be a whole number, 0 or more")
    civilians = table.get("civilian_deaths")
    if civilians is not None and not isinstance(civilians, bool):
        raise bad("civilian_deaths", "must be true or false")
    on = strings("on", ACTIONS) if "on" in table else ACTIONS
    if not on:
        raise bad("on", f"is empty; list the actions that fire the rule ({', '.join(ACTIONS)}) or leave it out")
    webhook = table.get("webhook")
    if webhook is not None:
        parts = urlsplit(webhook) if isinstance(webhook, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            raise bad("webhook", "must be an http:// or https:// URL")
    file = table.get("file")
    if file is not None and (not isinstance(file, str) or not file.strip()):
        raise bad("file", "must be a path (a string)")
    if webhook is None and file is None:
        raise ConfigError(f"{where}: has neither 'webhook' nor 'file'; give at least one place to send its alerts")
    return Rule(
        name=name,
        countries=strings("countries"),
        min_fatalities_low=minimum,
        grades=strings("grades", [g.value for g in Grade]),
        civilian_deaths=civilians,
        event_types=strings("event_types", EVENT_TYPES),
        on=on,
        webhook=webhook,
        file=(path.parent / file) if file is not None else None,
    )


# --- sending ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Job:
    """One delivery to make: a queued, failed or stale row of alert_deliveries."""

    row_id: int
    audit_id: int
    incident_id: str
    status: str
    owed: tuple[str, ...]
    attempts: int


def send_alerts(
    store: Store,
    rules: Sequence[Rule],
    *,
    client: httpx.Client | None = None,
    enabled_at: datetime | None = None,
) -> AlertSummary:
    """Queue the audit events each rule matches, then deliver every due alert; see the module docstring.

    `client` sends the webhooks (default: one with WEBHOOK_TIMEOUT that follows no redirects);
    `enabled_at` is when alerts were switched on for rules evaluated for the first time (default: when
    this process started).
    """
    started = (enabled_at or datetime.fromtimestamp(psutil.Process().create_time(), UTC)).astimezone(UTC)
    summary = AlertSummary()
    own = client is None
    http = client or httpx.Client(
        timeout=WEBHOOK_TIMEOUT,
        follow_redirects=False,
        headers={"User-Agent": f"warwatch/{__version__} alerts"},
    )
    try:
        for rule in rules:
            for job in _due(store, rule, started):
                _deliver(store, http, rule, job, summary)
    finally:
        if own:
            http.close()
    return summary


def _now() -> datetime:
    return datetime.now(UTC)


def _lock(s: Session) -> None:
    """Hold the write lock for the rest of the transaction, so two runs never queue at once."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(select(func.pg_advisory_xact_lock(_ALERTS_LOCK)))
    else:  # SQLite: an UPDATE that matches nothing still takes the database's single write lock
        s.execute(update(AlertDeliveryRow).where(AlertDeliveryRow.id.is_(None)).values(status=AlertDeliveryRow.status))


def _due(store: Store, rule: Rule, started: datetime) -> list[_Job]:
    """Queue the rule's new matching events and return every delivery of the rule that is due now."""
    now = _now()
    with store.session() as s, s.begin():
        _lock(s)
        state = s.get(AlertRuleRow, rule.name)
        if state is None:
            first = s.scalar(select(func.max(AuditRow.id)).where(AuditRow.at < started)) or 0
            state = AlertRuleRow(name=rule.name, watermark=first, enabled_at=started)
            s.add(state)
        start = state.watermark
        top = s.scalar(select(func.max(AuditRow.id))) or 0
        if top > start:
            events = s.execute(
                select(AuditRow.id, AuditRow.incident_id)
                .where(AuditRow.id > start, AuditRow.id <= top, AuditRow.action.in_(rule.on))
                .order_by(AuditRow.id)
            ).all()
            incidents = _incidents(s, {incident_id for _, incident_id in events})
            # Only a rule whose alert_rules row was deleted by hand can have deliveries past its watermark.
            known = set(
                s.scalars(
                    select(AlertDeliveryRow.audit_id).where(
                        AlertDeliveryRow.rule == rule.name, AlertDeliveryRow.audit_id > start
                    )
                )
            )
            for audit_id, incident_id in events:
                incident = incidents.get(incident_id)
                if audit_id not in known and incident is not None and rule.matches(incident):
                    s.add(
                        AlertDeliveryRow(
                            rule=rule.name,
                            audit_id=audit_id,
                            incident_id=incident_id,
                            at=now,
                            targets=list(rule.targets),
                            status="queued",
                        )
                    )
            state.watermark = top
        s.flush()
        stale = now - timedelta(seconds=CLAIM_TIMEOUT)
        rows = s.scalars(
            select(AlertDeliveryRow)
            .where(
                AlertDeliveryRow.rule == rule.name,
                AlertDeliveryRow.attempts < MAX_ATTEMPTS,
                or_(
                    AlertDeliveryRow.status.in_(("queued", "failed")),
                    (AlertDeliveryRow.status == "sending") & (AlertDeliveryRow.at < _db_time(s, stale)),
                ),
            )
            .order_by(AlertDeliveryRow.audit_id)
        )
        return [_Job(r.id, r.audit_id, r.incident_id, r.status, tuple(r.targets), r.attempts) for r in rows]


def _db_time(s: Session, at: datetime) -> datetime:
    # SQLite keeps datetimes without their zone (every one warwatch writes is UTC), PostgreSQL with it.
    return at if s.get_bind().dialect.name == "postgresql" else at.replace(tzinfo=None)


def _incidents(s: Session, ids: set[str]) -> dict[str, IncidentRow]:
    wanted = sorted(ids)
    return {
        r.id: r
        for i in range(0, len(wanted), _CHUNK)
        for r in s.scalars(select(IncidentRow).where(IncidentRow.id.in_(wanted[i : i + _CHUNK])))
    }


def _claim(store: Store, job: _Job) -> bool:
    """Take the delivery for this run: only one run's conditional UPDATE finds it still in its old state."""
    with store.session() as s, s.begin():
        where = [AlertDeliveryRow.id == job.row_id, AlertDeliveryRow.status == job.status]
        if job.status == "sending":
            where.append(AlertDeliveryRow.at < _db_time(s, _now() - timedelta(seconds=CLAIM_TIMEOUT)))
        result = s.execute(update(AlertDeliveryRow).where(*where).values(status="sending", at=_now()))
        return bool(getattr(result, "rowcount", 0))


def _deliver(store: Store, http: httpx.Client, rule: Rule, job: _Job, summary: AlertSummary) -> None:
    # Targets dropped from the rule since the alert was queued are owed nothing.
    owed = [t for t in rule.targets if t in job.owed]
    if not owed or not _claim(store, job):
        return
    with store.session() as s:
        incident = s.get(IncidentRow, job.incident_id)
        audit = s.get(AuditRow, job.audit_id)
    body = payload(rule, incident, audit) if incident is not None and audit is not None else None
    failures: dict[str, str] = {}
    for target in owed:
        if body is None:
            failures[target] = "the incident or its audit event is no longer in the database"
        elif target == rule.webhook:
            problem = _post(http, target, body)
            if problem:
                failures[target] = problem
        else:
            problem = _append(Path(target), body)
            if problem:
                failures[target] = problem
    error = "; ".join(f"{t}: {why}" for t, why in failures.items()) if failures else None
    if error is not None:
        then = "tried again on the next run" if job.attempts + 1 < MAX_ATTEMPTS else "given up"
        summary.failed += 1
        summary.errors.append(f"rule {rule.name!r}, incident {job.incident_id} ({then}): {error}")
    else:
        summary.sent += 1
    with store.session() as s, s.begin():
        s.execute(
            update(AlertDeliveryRow)
            .where(AlertDeliveryRow.id == job.row_id, AlertDeliveryRow.status == "sending")
            .values(
                status="failed" if failures else "sent",
                targets=list(failures),
                # Counted in SQL, not from job.attempts: a run that took over a stale claim may have tried too.
                attempts=AlertDeliveryRow.attempts + 1,
                error=error,
                at=_now(),
            )
        )


def payload(rule: Rule, incident: IncidentRow, audit: AuditRow) -> dict[str, Any]:
    """The JSON an alert carries: the incident as it is now, and which rule and audit event fired."""
    changed = sorted(audit.after) if audit.action == "update" and isinstance(audit.after, dict) else []
    return {
        "rule": rule.name,
        "action": audit.action,
        "audit_id": audit.id,
        "changed": changed,
        "incident_id": incident.id,
        "status": incident.status,
        "date": incident.event_date.isoformat() if incident.event_date else None,
        "country": incident.country,
        "admin1": incident.admin1,
        "location": incident.location,
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "fatalities_low": incident.fatalities_low,
        "fatalities_best": incident.fatalities_best,
        "fatalities_high": incident.fatalities_high,
        "civilians_killed_low": incident.civilians_killed_low,
        "civilians_killed_best": incident.civilians_killed_best,
        "civilians_killed_high": incident.civilians_killed_high,
        "grade": incident.grade,
        "source_count": incident.source_count,
        "path": f"/incidents/{incident.id}",
    }


def _post(http: httpx.Client, url: str, body: dict[str, Any]) -> str | None:
    """POST the payload; None when the receiver answered 2xx, else why not (one line)."""
    headers = {"X-Warwatch-Delivery": f"{body['rule']}:{body['audit_id']}"}
    try:
        # Streamed, and closed unread: the answer's body is not needed, and a large one cannot stall the run.
        with http.stream("POST", url, json=body, headers=headers) as response:
            status = response.status_code
    except httpx.HTTPError as err:
        return f"{type(err).__name__}: {_one_line(str(err)) or 'no answer'}"
    if 200 <= status < 300:
        return None
    if 300 <= status < 400:
        return f"HTTP {status}: redirects are not followed; give the webhook's final URL"
    return f"HTTP {status}"


def _append(path: Path, body: dict[str, Any]) -> str | None:
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(body, sort_keys=True, ensure_ascii=False) + "\n")
    except OSError as err:
        return f"cannot append to the file: {err.strerror or err}"
    return None


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]
