"""Incident queries from request parameters: validated filters, sorting and cursor pagination.

Every filter becomes a SQLAlchemy expression over the incidents table; no SQL
text is ever built from input. A cursor is the sort value and id of the last
row of a page, so the next page starts right after it even while rows are added.

Text filters (`q`, `actor`) match every word as a case-insensitive substring.
On SQLite they go through the trigram search table of migration 0003, each
word passed as a quoted FTS5 string in a bound parameter; elsewhere, and for
words too short for trigrams, through LIKE with its wildcards escaped.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import HTTPException, Query
from sqlalchemy import (
    Boolean,
    ColumnElement,
    Executable,
    Select,
    and_,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    true,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, defer
from sqlalchemy.sql.compiler import SQLCompiler

from ..store import IncidentRow

#: Rows per page unless asked; the map asks for up to MAX_LIMIT at once.
DEFAULT_LIMIT = 50
MAX_LIMIT = 5000
#: GeoJSON and CSV default to bigger pages: they are downloads, not screens.
EXPORT_LIMIT = 250
MAX_EXPORT_LIMIT = 50_000
MAX_TEXT = 200

Sort = Literal["-date", "date", "-fatalities", "fatalities", "-updated", "updated"]
_SORT_COLUMNS: dict[str, Any] = {
    "date": IncidentRow.event_date,
    "fatalities": IncidentRow.fatalities_low,
    "updated": IncidentRow.updated,
}


def unprocessable(message: str) -> HTTPException:
    return HTTPException(422, message)


@dataclass(frozen=True)
class IncidentQuery:
    """A validated incident query; `statuses` picks active incidents or the deletions list."""

    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    min_fatalities: int | None = None
    grade: str | None = None
    q: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    sort: str = "-date"
    cursor: str | None = None
    limit: int = DEFAULT_LIMIT
    statuses: tuple[str, ...] = ("active",)
    params: dict[str, str] = field(default_factory=dict)  # the filters as given, to build links

    def with_cursor(self, cursor: str | None) -> dict[str, str]:
        """Query-string parameters for the page after this one."""
        out = {**self.params, "sort": self.sort, "limit": str(self.limit)}
        if cursor:
            out["cursor"] = cursor
        return out


def parse_bbox(raw: str | None) -> tuple[float, float, float, float] | None:
    if raw is None or raw == "":
        return None
    parts = raw.split(",")
    if len(parts) != 4:
        raise unprocessable(f"bbox must be minlon,minlat,maxlon,maxlat (four numbers), not {raw!r}")
    try:
        minlon, minlat, maxlon, maxlat = (float(p) for p in parts)
    except ValueError:
        raise unprocessable(f"bbox must be four numbers minlon,minlat,maxlon,maxlat, not {raw!r}") from None
    for name, v, limit in (
        ("minlon", minlon, 180),
        ("maxlon", maxlon, 180),
        ("minlat", minlat, 90),
        ("maxlat", maxlat, 90),
    ):
        if not -limit <= v <= limit:
            raise unprocessable(f"bbox {name} {v} is out of range: it must lie between -{limit} and {limit}")
    if minlat > maxlat:
        raise unprocessable(f"bbox minlat {minlat} is above maxlat {maxlat}")
    return minlon, minlat, maxlon, maxlat


def _text(alias: str | None = None, description: str = "") -> Any:
    return Query(alias=alias, max_length=MAX_TEXT, description=description)


def filters(
    country: Annotated[str | None, _text(description="Country name, e.g. Iraq (case-insensitive).")] = None,
    admin1: Annotated[str | None, _text(description="First-level region, e.g. Nineveh.")] = None,
    event_type: Annotated[str | None, _text(description="ACLED event type, e.g. Battles.")] = None,
    sub_event_type: Annotated[str | None, _text(description="ACLED sub-event type, e.g. Air/drone strike.")] = None,
    actor: Annotated[str | None, _text(description="Words in any actor's name.")] = None,
    date_from: Annotated[str | None, Query(max_length=10, description="Earliest event date, YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, Query(max_length=10, description="Latest event date, YYYY-MM-DD.")] = None,
    min_fatalities: Annotated[str | None, Query(max_length=9, description="Least low toll, a whole number.")] = None,
    grade: Annotated[str | None, _text(description="Confirmed, Fair, Weak, Contested or Discounted.")] = None,
    q: Annotated[str | None, _text(description="Words in the location, region, country, actors or notes.")] = None,
    bbox: Annotated[str | None, Query(max_length=MAX_TEXT, description="minlon,minlat,maxlon,maxlat")] = None,
) -> IncidentQuery:
    """The filters shared by every incident endpoint, validated (a bad value is a 422 naming it).

    An empty parameter means no filter, as an empty field of the filter form sends it.
    """
    start, end = _date("date_from", date_from), _date("date_to", date_to)
    floor = _count("min_fatalities", min_fatalities)
    return _query(country, admin1, event_type, sub_event_type, actor, start, end, floor, grade, q, bbox)


def _date(name: str, raw: str | None) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise unprocessable(f"{name}: {raw!r} is not a date: use YYYY-MM-DD") from None


def _count(name: str, raw: str | None) -> int | None:
    if not raw:
        return None
    if not raw.isdigit():
        raise unprocessable(f"{name}: {raw!r} is not a whole number of 0 or more")
    return int(raw)


def _query(
    country: str | None,
    admin1: str | None,
    event_type: str | None,
    sub_event_type: str | None,
    actor: str | None,
    date_from: date | None,
    date_to: date | None,
    min_fatalities: int | None,
    grade: str | None,
    q: str | None,
    bbox: str | None,
) -> IncidentQuery:
    if date_from and date_to and date_from > date_to:
        raise unprocessable(f"date_from {date_from} is after date_to {date_to}")
    given = {
        "country": country,
        "admin1": admin1,
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor": actor,
        "date_from": date_from.isoformat() if date_from else None,
        "date_to": date_to.isoformat() if date_to else None,
        "min_fatalities": None if min_fatalities is None else str(min_fatalities),
        "grade": grade,
        "q": q,
        "bbox": bbox,
    }
    return IncidentQuery(
        country=country or None,
        admin1=admin1 or None,
        event_type=event_type or None,
        sub_event_type=sub_event_type or None,
        actor=actor or None,
        date_from=date_from,
        date_to=date_to,
        min_fatalities=min_fatalities,
        grade=grade or None,
        q=q or None,
        bbox=parse_bbox(bbox),
        params={k: v for k, v in given.items() if v not in (None, "")},
    )


def _like(needle: str) -> str:
    """A LIKE pattern matching NEEDLE anywhere, with LIKE's own wildcards taken literally."""
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.casefold()}%"


#: The searchable text of an incident: the search table's columns and the same text on the incidents
#: table, lower-cased (actor_names is stored lower-cased already).
_SEARCHED: dict[str, Any] = {
    "location": func.lower(IncidentRow.location),
    "admin1": func.lower(IncidentRow.admin1),
    "country": func.lower(IncidentRow.country),
    "notes": func.lower(IncidentRow.notes),
    "actors": IncidentRow.actor_names,
}
ALL_TEXT = tuple(_SEARCHED)
#: Trigram search finds only words of three characters or more; shorter ones go through LIKE.
TRIGRAM = 3
_FTS = table("incidents_fts", column("rowid"), column("incidents_fts"))


def _words(needle: str) -> list[str]:
    # SQLite reads a NUL as the end of the FTS5 query (and of a LIKE pattern): it separates words here.
    return needle.replace("\x00", " ").split()


def like_match(needle: str, columns: tuple[str, ...] = ALL_TEXT) -> ColumnElement[bool]:
    """Every word of NEEDLE in one of COLUMNS, by LIKE: the portable form of `TextMatch`."""
    return and_(
        true(),  # a text with no words matches everything
        *(or_(*(_SEARCHED[c].like(_like(w), escape="\\") for c in columns)) for w in _words(needle)),
    )


def fts_query(words: list[str], columns: tuple[str, ...] = ALL_TEXT) -> str:
    """An FTS5 query for rows holding every word: each one a quoted string (a quote doubled inside), so
    the words are searched for as text and nothing in them is read as query syntax."""
    phrases = " ".join('"' + w.replace('"', '""') + '"' for w in words)
    return phrases if columns == ALL_TEXT else "{" + " ".join(columns) + "} : (" + phrases + ")"


class TextMatch(ColumnElement[bool]):
    """Incidents holding every word of a search text in the given columns, compiled per database:
    the trigram search table on SQLite, LIKE elsewhere."""

    type = Boolean()
    inherit_cache = False  # the words shape the SQL, so a compiled form is never reused

    def __init__(self, needle: str, columns: tuple[str, ...] = ALL_TEXT) -> None:
        self.needle = needle
        self.columns = columns


@compiles(TextMatch)
def _compile_like(element: TextMatch, compiler: SQLCompiler, **kw: Any) -> str:
    # Parenthesised: SQLAlchemy takes a custom element for a single term, but one word is an OR of columns.
    return "(" + compiler.process(like_match(element.needle, element.columns), **kw) + ")"


@compiles(TextMatch, "sqlite")
def _compile_fts(element: TextMatch, compiler: SQLCompiler, **kw: Any) -> str:
    words = _words(element.needle)
    long = [w for w in words if len(w) >= TRIGRAM]
    short = " ".join(w for w in words if len(w) < TRIGRAM)
    parts: list[ColumnElement[bool]] = [true()]  # a text with no words matches everything
    if long:
        found = select(_FTS.c.rowid).where(_FTS.c.incidents_fts.op("MATCH")(fts_query(long, element.columns)))
        parts.append(literal_column("incidents.rowid").in_(found))
    if short:
        parts.append(like_match(short, element.columns))
    return "(" + compiler.process(and_(*parts), **kw) + ")"


def conditions(qry: IncidentQuery) -> list[ColumnElement[bool]]:
    """The WHERE clauses of a query, without sorting or paging."""
    c: list[ColumnElement[bool]] = [IncidentRow.status.in_(qry.statuses)]
    if qry.country:
        c.append(func.lower(IncidentRow.country) == qry.country.casefold())
    if qry.admin1:
        c.append(func.lower(IncidentRow.admin1) == qry.admin1.casefold())
    if qry.event_type:
        c.append(IncidentRow.event_type == qry.event_type)
    if qry.sub_event_type:
        c.append(IncidentRow.sub_event_type == qry.sub_event_type)
    if qry.date_from:
        c.append(IncidentRow.event_date >= qry.date_from)
    if qry.date_to:
        c.append(IncidentRow.event_date <= qry.date_to)
    if qry.min_fatalities is not None:
        c.append(IncidentRow.fatalities_low >= qry.min_fatalities)
    if qry.grade:
        c.append(IncidentRow.grade == qry.grade)
    if qry.actor and _words(qry.actor):
        c.append(TextMatch(qry.actor, ("actors",)))
    if qry.q and _words(qry.q):
        c.append(TextMatch(qry.q))
    if qry.bbox:
        minlon, minlat, maxlon, maxlat = qry.bbox
        lon = (
            IncidentRow.longitude.between(minlon, maxlon)
            if minlon <= maxlon  # a box across the antimeridian wraps round
            else or_(IncidentRow.longitude >= minlon, IncidentRow.longitude <= maxlon)
        )
        c.append(and_(IncidentRow.latitude.between(minlat, maxlat), lon))
    return c


def _cursor_value(sort_key: str, v: Any) -> Any:
    if v is None:
        return None
    if sort_key == "date":
        return date.fromisoformat(v)
    if sort_key == "updated":
        return datetime.fromisoformat(v)
    return int(v)


def encode_cursor(sort_key: str, row: Any) -> str:
    """The cursor after ROW: an IncidentRow, or a result row holding its id and sort column."""
    v = getattr(row, _SORT_COLUMNS[sort_key].key)
    raw = json.dumps([v.isoformat() if isinstance(v, (date, datetime)) else v, row.id])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_cursor(sort_key: str, cursor: str) -> tuple[Any, str]:
    try:
        value, last_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(last_id, str):
            raise ValueError(last_id)
        return _cursor_value(sort_key, value), last_id
    except (ValueError, TypeError):
        raise unprocessable("cursor is not one this API gave out: start again without it") from None


def _page_selects(qry: IncidentQuery, *what: Any) -> tuple[Select[Any] | None, Select[Any]]:
    """The rows of one page as two queries: rows with a sort value in order, then rows without one.

    Unknown values come last both ways. Asking for them apart, rather than ordering by `value IS NULL`
    first, lets each query read its rows in order off an index and stop at the page's end instead of
    sorting every match. The first query is None when the cursor is already past the known values.
    WHAT is what to select, the whole row by default.
    """
    descending = qry.sort.startswith("-")
    key = qry.sort.lstrip("-")
    col = _SORT_COLUMNS[key]
    what = what or (IncidentRow,)
    where = conditions(qry)
    known: Select[Any] | None = select(*what).where(*where, col.is_not(None))
    unknown = select(*what).where(*where, col.is_(None))
    if qry.cursor:
        value, last_id = _decode_cursor(key, qry.cursor)
        after_id = IncidentRow.id < last_id if descending else IncidentRow.id > last_id
        if value is None:  # already among the rows with no value
            known, unknown = None, unknown.where(after_id)
        else:
            # The plain range on the sort column lets the index start at the cursor; the OR settles ties.
            start = col <= value if descending else col >= value
            beyond = col < value if descending else col > value
            known = select(*what).where(*where, start, or_(beyond, after_id))
    by_id = IncidentRow.id.desc() if descending else IncidentRow.id.asc()
    if known is not None:
        known = known.order_by(col.desc() if descending else col.asc(), by_id).limit(qry.limit + 1)
    return known, unknown.order_by(by_id).limit(qry.limit + 1)


#: Stored records a list row never shows (its summary names the place and actors from plain columns):
#: left unread, they spare decoding four JSON documents per row, a sixth of a 1000-row map page's time.
_NOT_LISTED = (
    IncidentRow.place,
    IncidentRow.when,
    IncidentRow.assoc_actor_1,
    IncidentRow.assoc_actor_2,
    IncidentRow.notes,
    IncidentRow.actor_names,
)


def fetch_page(session: Session, qry: IncidentQuery) -> list[IncidentRow]:
    """Up to `limit + 1` rows of the page (the extra row says whether another page follows), without
    the records a list does not show."""
    known, unknown = _page_selects(qry)
    lean = [defer(c) for c in _NOT_LISTED]
    rows = list(session.scalars(known.options(*lean))) if known is not None else []
    if len(rows) <= qry.limit:
        rows += session.scalars(unknown.options(*lean).limit(qry.limit + 1 - len(rows)))
    return rows


def fetch_page_keys(session: Session, qry: IncidentQuery) -> list[Any]:
    """Like `fetch_page`, only each row's id and sort value: for callers that load the incidents
    themselves, so the page's stored records are not decoded twice."""
    known, unknown = _page_selects(qry, IncidentRow.id, _SORT_COLUMNS[qry.sort.lstrip("-")])
    rows = list(session.execute(known)) if known is not None else []
    if len(rows) <= qry.limit:
        rows += session.execute(unknown.limit(qry.limit + 1 - len(rows)))
    return rows


def count_select(qry: IncidentQuery) -> Select[Any]:
    return select(func.count()).select_from(IncidentRow).where(*conditions(qry))


def weekly_select(qry: IncidentQuery) -> Executable:
    """Incidents and tolls per event date; `weeks` folds the days into weeks."""
    return (
        select(
            IncidentRow.event_date,
            func.count(),
            func.sum(func.coalesce(IncidentRow.fatalities_low, 0)),
            func.sum(
                func.coalesce(IncidentRow.fatalities_high, IncidentRow.fatalities_best, IncidentRow.fatalities_low, 0)
            ),
        )
        .where(*conditions(qry), IncidentRow.event_date.is_not(None))
        .group_by(IncidentRow.event_date)
    )


def weeks(rows: Sequence[Any]) -> list[dict[str, Any]]:
    """Fold per-day rows into ISO weeks (starting Monday), with empty weeks filled in so gaps show."""
    by_week: dict[date, list[int]] = {}
    for day, n, low, high in rows:
        monday = day - timedelta(days=day.weekday())
        acc = by_week.setdefault(monday, [0, 0, 0])
        acc[0] += int(n)
        acc[1] += int(low or 0)
        acc[2] += int(high or 0)
    if not by_week:
        return []
    out = []
    week, last = min(by_week), max(by_week)
    while week <= last:
        n, low, high = by_week.get(week, [0, 0, 0])
        out.append({"week": week.isoformat(), "incidents": n, "fatalities_low": low, "fatalities_high": high})
        week += timedelta(days=7)
    return out
