"""The REST API under /api: incidents (JSON, GeoJSON, CSV), documents, deletions, review actions.

Reads are public unless the `read_public` setting is off; writes need an
analyst's Bearer token. Errors are JSON objects `{"error": message, "status": code}`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import select

from .. import export, review
from ..models import Document, Incident
from ..store import DocumentRow, IncidentRow, ReportRow, Store
from . import auth
from .query import (
    DEFAULT_LIMIT,
    EXPORT_LIMIT,
    MAX_EXPORT_LIMIT,
    MAX_LIMIT,
    IncidentQuery,
    Sort,
    count_select,
    encode_cursor,
    fetch_page,
    fetch_page_keys,
    filters,
    weekly_select,
    weeks,
)

router = APIRouter(prefix="/api", dependencies=[Depends(auth.require_reader)])

Filters = Annotated[IncidentQuery, Depends(filters)]
SortParam = Annotated[Sort, Query(description="Sort key; a leading - sorts descending. Unknown values come last.")]
CursorParam = Annotated[str | None, Query(max_length=200, description="next_cursor of the previous page.")]
Analyst = Annotated[review.Analyst, Depends(auth.api_analyst)]


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _range(low: int | None, best: int | None, high: int | None) -> dict[str, int | None]:
    return {"low": low, "best": best, "high": high}


def summary(r: IncidentRow) -> dict[str, Any]:
    """The short form of an incident used by lists, the map and the timeline."""
    return {
        "id": r.id,
        "url": f"/incidents/{r.id}",
        "status": r.status,
        "event_date": r.event_date.isoformat() if r.event_date else None,
        "time_precision": r.time_precision,
        "event_type": r.event_type,
        "sub_event_type": r.sub_event_type,
        "scope": r.scope,
        "country": r.country,
        "admin1": r.admin1,
        "location": r.location,
        "latitude": r.latitude,
        "longitude": r.longitude,
        "actor1": (r.actor1 or {}).get("name"),
        "actor2": (r.actor2 or {}).get("name"),
        "fatalities": _range(r.fatalities_low, r.fatalities_best, r.fatalities_high),
        "injured": _range(r.injured_low, r.injured_best, r.injured_high),
        "civilians_killed": _range(r.civilians_killed_low, r.civilians_killed_best, r.civilians_killed_high),
        "grade": r.grade,
        "source_count": r.source_count,
        "review_status": r.review_status,
        "merged_into": r.merged_into,
        "deleted_reason": r.deleted_reason,
        "updated": r.updated.isoformat() if r.updated else None,
    }


def run_page(
    store: Store, qry: IncidentQuery, *, with_total: bool = True
) -> tuple[list[IncidentRow], str | None, int | None]:
    """One page of rows, the cursor of the next page (None on the last) and the total matching.

    Counting reads every match, so callers that need no total (exports, later pages) skip it: the
    total is None then.
    """
    with store.session() as s:
        rows = fetch_page(s, qry)
        total = int(s.scalar(count_select(qry)) or 0) if with_total else None
    nxt = encode_cursor(qry.sort.lstrip("-"), rows[qry.limit - 1]) if len(rows) > qry.limit else None
    return rows[: qry.limit], nxt, total


def _paged(qry: IncidentQuery, sort: str, cursor: str | None, limit: int, **kw: Any) -> IncidentQuery:
    from dataclasses import replace

    return replace(qry, sort=sort, cursor=cursor, limit=limit, **kw)


def _next_url(request: Request, qry: IncidentQuery, nxt: str | None) -> str | None:
    return f"{request.url.path}?{urlencode(qry.with_cursor(nxt))}" if nxt else None


@router.get("/incidents", summary="List incidents matching filters, one page at a time")
def list_incidents(
    request: Request,
    qry: Filters,
    sort: SortParam = "-date",
    cursor: CursorParam = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
) -> JSONResponse:
    """`total` counts every match on the first page; later pages (those given a `cursor`) return it as null."""
    qry = _paged(qry, sort, cursor, limit)
    # The total is the same on every page, so only the first page pays for counting it.
    rows, nxt, total = run_page(_store(request), qry, with_total=cursor is None)
    # summary() is JSON-ready already; answering directly skips a costly re-encoding of big map pages.
    return JSONResponse(
        {
            "items": [summary(r) for r in rows],
            "count": len(rows),
            "total": total,
            "next_cursor": nxt,
            "next": _next_url(request, qry, nxt),
        }
    )


def _light_documents(store: Store, incidents: list[Incident]) -> dict[str, Document]:
    """The documents of the incidents' reports without their text, which exports do not need."""
    ids = sorted({r.doc_id for i in incidents for r in i.reports})
    cols = (DocumentRow.id, DocumentRow.outlet, DocumentRow.url, DocumentRow.title, DocumentRow.published)
    out: dict[str, Document] = {}
    with store.session() as s:
        for start in range(0, len(ids), 500):
            for i, outlet, url, title, published in s.execute(
                select(*cols).where(DocumentRow.id.in_(ids[start : start + 500]))
            ):
                out[i] = Document(id=i, text="", title=title, published=published, outlet=outlet, url=url)
    return out


def _export(request: Request, qry: IncidentQuery, fmt: str, media: str) -> Response:
    store = _store(request)
    with store.session() as s:
        keys = fetch_page_keys(s, qry)
    nxt = encode_cursor(qry.sort.lstrip("-"), keys[qry.limit - 1]) if len(keys) > qry.limit else None
    ids = [k.id for k in keys[: qry.limit]]
    by_id = {
        i.id: i for i in store.select_incidents(select(IncidentRow).where(IncidentRow.id.in_(ids)), with_reports=True)
    }
    incidents = [by_id[i] for i in ids]
    body = export.to_string(fmt, incidents, _light_documents(store, incidents))
    headers = {}
    if nxt:
        headers["Link"] = f'<{_next_url(request, qry, nxt)}>; rel="next"'
    return Response(body, media_type=media, headers=headers)


ExportLimit = Annotated[int, Query(ge=1, le=MAX_EXPORT_LIMIT)]


@router.get("/incidents.geojson", summary="The same query as a GeoJSON FeatureCollection (export.py's record)")
def incidents_geojson(
    request: Request,
    qry: Filters,
    sort: SortParam = "-date",
    cursor: CursorParam = None,
    limit: ExportLimit = EXPORT_LIMIT,
) -> Response:
    return _export(request, _paged(qry, sort, cursor, limit), "geojson", "application/geo+json")


@router.get("/incidents.csv", summary="The same query as ACLED-compatible CSV")
def incidents_csv(
    request: Request,
    qry: Filters,
    sort: SortParam = "-date",
    cursor: CursorParam = None,
    limit: ExportLimit = EXPORT_LIMIT,
) -> Response:
    return _export(request, _paged(qry, sort, cursor, limit), "acled-csv", "text/csv; charset=utf-8")


@router.get("/timeline", summary="Incidents and fatalities (low and high sums) per week for the same filters")
def timeline(request: Request, qry: Filters) -> dict[str, Any]:
    with _store(request).session() as s:
        rows = s.execute(weekly_select(qry)).all()
    return {"weeks": weeks(rows)}


@router.get("/deletions", summary="Incidents retired as duplicates (merged) or deleted, latest first")
def deletions(
    request: Request,
    qry: Filters,
    cursor: CursorParam = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
) -> dict[str, Any]:
    qry = _paged(qry, "-updated", cursor, limit, statuses=("merged", "deleted"))
    rows, nxt, total = run_page(_store(request), qry, with_total=cursor is None)
    return {
        "items": [
            {
                "id": r.id,
                "status": r.status,
                "merged_into": r.merged_into,
                "reason": r.deleted_reason,
                "updated": r.updated.isoformat() if r.updated else None,
                "event_date": r.event_date.isoformat() if r.event_date else None,
                "location": r.location,
                "country": r.country,
            }
            for r in rows
        ],
        "count": len(rows),
        "total": total,
        "next_cursor": nxt,
        "next": _next_url(request, qry, nxt),
    }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _evidence(e: Any) -> dict[str, Any] | None:
    return None if e is None else {"doc_id": e.doc_id, "start": e.start, "end": e.end, "quote": e.quote}


def incident_detail(store: Store, incident_id: str) -> dict[str, Any]:
    """An incident with its reports, claims, evidence, documents' metadata and audit trail."""
    inc = store.incident(incident_id)
    with store.session() as s:
        row = s.get(IncidentRow, inc.id)
        assert row is not None  # store.incident just found it
        out = summary(row)
    docs = _light_documents(store, [inc])
    out.update(
        disorder_type=inc.disorder_type,
        place=None if inc.place is None else {k: v for k, v in vars(inc.place).items() if k != "evidence"},
        when=None
        if inc.when is None
        else {"start": inc.when.start.isoformat(), "end": inc.when.end.isoformat(), "precision": inc.when.precision},
        actor1=inc.actor1.name if inc.actor1 else None,
        actor2=inc.actor2.name if inc.actor2 else None,
        assoc_actor_1=[a.name for a in inc.assoc_actor_1],
        assoc_actor_2=[a.name for a in inc.assoc_actor_2],
        notes=inc.notes,
        first_seen=inc.first_seen.isoformat() if inc.first_seen else None,
        reports=[
            {
                "id": r.id,
                "doc_id": r.doc_id,
                "outlet": docs[r.doc_id].outlet if r.doc_id in docs else None,
                "title": docs[r.doc_id].title if r.doc_id in docs else None,
                "url": docs[r.doc_id].url if r.doc_id in docs else None,
                "published": _iso(docs[r.doc_id].published) if r.doc_id in docs else None,
                "event_type": r.event_type,
                "sub_event_type": r.sub_event_type,
                "hedge": r.hedge.value,
                "claimant": r.claimant,
                "contested": r.contested,
                "evidence": [_evidence(e) for e in r.evidence],
                "claims": [
                    {**export.claim_fields(c), "text": c.text, "evidence": _evidence(c.evidence)} for c in r.claims
                ],
            }
            for r in inc.reports
        ],
        audit=[{**a, "at": a["at"].isoformat()} for a in store.audit(inc.id)],
    )
    return out


@router.get("/incidents/{incident_id}", summary="One incident with its reports, claims, evidence and audit trail")
def get_incident(request: Request, incident_id: str) -> dict[str, Any]:
    return incident_detail(_store(request), incident_id)


@router.get("/documents/{doc_id}", summary="One stored document: metadata, clean text and its reports")
def get_document(request: Request, doc_id: str) -> dict[str, Any]:
    store = _store(request)
    docs = store.documents(ids=[doc_id])
    if not docs:
        from ..errors import NotFoundError

        raise NotFoundError(f"no document {doc_id!r}")
    d = docs[0]
    with store.session() as s:
        reports = [
            {"id": i, "incident_id": inc}
            for i, inc in s.execute(select(ReportRow.id, ReportRow.incident_id).where(ReportRow.doc_id == d.id))
        ]
    return {
        "id": d.id,
        "title": d.title,
        "outlet": d.outlet,
        "url": d.url,
        "published": d.published.isoformat() if d.published else None,
        "language": d.language,
        "status": d.status,
        "error": d.error,
        "text": d.text,
        "reports": reports,
    }


# -- review (writes) ---------------------------------------------------------------
class Why(BaseModel):
    why: str = Field("", max_length=review.MAX_WHY, description="The reason, kept in the audit trail.")


class Edit(Why):
    fields: dict[str, str | int | float | None] = Field(description=f"Fields to set: {', '.join(review.EDITABLE)}.")


class Merge(Why):
    other: str = Field(max_length=64, description="The incident to fold into this one.")


class Split(Why):
    report_ids: list[str] = Field(min_length=1, description="Reports to move into a new incident.")


def _done(store: Store, incident_id: str, audit_id: int, status: int = 200) -> JSONResponse:
    return JSONResponse({"audit_id": audit_id, "incident": incident_detail(store, incident_id)}, status_code=status)


@router.post("/incidents/{incident_id}/confirm", summary="Confirm an incident (analyst)")
def api_confirm(
    request: Request, incident_id: str, who: Analyst, body: Annotated[Why | None, Body()] = None
) -> JSONResponse:
    store = _store(request)
    return _done(store, incident_id, review.confirm(store, incident_id, who.name, body.why if body else None))


@router.post("/incidents/{incident_id}/reject", summary="Reject an incident; it joins the deletions list (analyst)")
def api_reject(
    request: Request, incident_id: str, who: Analyst, body: Annotated[Why | None, Body()] = None
) -> JSONResponse:
    store = _store(request)
    return _done(store, incident_id, review.reject(store, incident_id, who.name, body.why if body else None))


@router.patch("/incidents/{incident_id}", summary="Edit fields of an incident (analyst)")
def api_edit(request: Request, incident_id: str, who: Analyst, body: Edit) -> JSONResponse:
    store = _store(request)
    return _done(store, incident_id, review.edit(store, incident_id, dict(body.fields), who.name, body.why))


@router.post("/incidents/{incident_id}/merge", summary="Merge another incident into this one (analyst)")
def api_merge(request: Request, incident_id: str, who: Analyst, body: Merge) -> JSONResponse:
    store = _store(request)
    return _done(store, incident_id, review.merge(store, incident_id, body.other, who.name, body.why))


@router.post("/incidents/{incident_id}/split", summary="Split reports off into a new incident (analyst)")
def api_split(request: Request, incident_id: str, who: Analyst, body: Split) -> JSONResponse:
    store = _store(request)
    new_id = review.split(store, incident_id, body.report_ids, who.name, body.why)
    return JSONResponse({"new_incident": new_id, "incident": incident_detail(store, incident_id)}, status_code=201)


@router.post("/audit/{audit_id}/undo", summary="Undo a review action (analyst)")
def api_undo(
    request: Request, audit_id: int, who: Analyst, body: Annotated[Why | None, Body()] = None
) -> dict[str, Any]:
    return {"audit_id": review.undo(_store(request), audit_id, who.name, body.why if body else None)}


# -- digest ------------------------------------------------------------------------------
#: Text formats of the digest the API returns, with their media types (the PDF stays a CLI download).
DIGEST_MEDIA = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8"}


def digest_response(request: Request, qry: IncidentQuery, fmt: str) -> Response:
    """The weekly digest for the filter's country and dates (the latest week with incidents by default)."""
    from .. import digest

    store = _store(request)
    countries = [qry.country] if qry.country else []
    if qry.date_from and qry.date_to:
        start, end = qry.date_from, qry.date_to
    else:
        period = digest.latest_week(store, countries=countries)
        start, end = qry.date_from or period.start, qry.date_to or period.end
    built = digest.build(store, countries=countries, date_from=start, date_to=end)
    body = digest.render(built, fmt)
    headers = {}
    if fmt == "html":  # the digest's own page carries its stylesheet inline
        headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    return Response(body, media_type=DIGEST_MEDIA[fmt], headers=headers)


@router.get("/digest", summary="The weekly digest for a country and period, as Markdown or HTML")
def get_digest(request: Request, qry: Filters, format: Annotated[str, Query(pattern="^(md|html)$")] = "md") -> Response:
    return digest_response(request, qry, format)
