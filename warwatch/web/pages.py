"""The pages: incidents (filter bar, map, timeline, table), one incident with its evidence and review, sign-in.

Templates are Jinja2 with autoescaping on, so article text, titles and every
other stored string reach the browser as text, never as markup. Links to
sources are kept only when they are http(s). Forms that change anything carry
the session's CSRF token.
"""

from __future__ import annotations

import importlib.util
import itertools
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select

from .. import review
from ..errors import NotFoundError
from ..models import Document, Incident
from ..review import AuthError, ReviewError
from ..store import IncidentRow, Store
from ..taxonomy import EVENT_TYPES, SUB_EVENT_TYPES
from . import auth
from .api import run_page, summary
from .query import IncidentQuery, filters

TEMPLATES = Path(__file__).parent / "templates"
VENDOR = Path(__file__).parent / "static" / "vendor"
#: Incidents in the server-rendered table per page.
TABLE_PAGE = 50
#: Incidents the map and table ask the API for at once: enough for a country-year, small enough to draw fast.
MAP_LIMIT = 1000
GRADES = ("Confirmed", "Fair", "Weak", "Contested", "Discounted")

#: Longest value the audit trail shows in its summary line; its folded details show every value whole.
BRIEF_CHARS = 60


def full_value(v: Any) -> str:
    """A stored value as text: records (place, actor, date) as their set keys, lists item by item."""
    if v is None:
        return "—"
    if isinstance(v, dict):
        return "; ".join(f"{k} {full_value(x)}" for k, x in v.items() if x not in (None, [], {}))
    if isinstance(v, list):
        return ", ".join(full_value(x) for x in v) or "none"
    return str(v)


def brief_value(v: Any) -> str:
    """A stored value in a few words: a record by its name or start, long text cut short."""
    if isinstance(v, dict):
        v = v.get("name") or v.get("start") or full_value(v)
    elif isinstance(v, list):
        v = ", ".join(brief_value(x) for x in v) or "none"
    text = full_value(v)
    return text if len(text) <= BRIEF_CHARS else text[: BRIEF_CHARS - 1] + "…"


_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True), auto_reload=False)
_env.filters["brief"] = brief_value
_env.filters["full"] = full_value
templates = Jinja2Templates(env=_env)
router = APIRouter(include_in_schema=False)


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def safe_url(url: str | None) -> str | None:
    """The URL if it is an http(s) link, else None: a stored `javascript:` URL must never become a link."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def has_digest() -> bool:
    return importlib.util.find_spec("warwatch.digest") is not None


def _context(request: Request, **kw: Any) -> dict[str, Any]:
    sess = auth.session_of(request)
    return {
        "request": request,
        "user": sess.user,
        "csrf": sess.csrf,
        "vendor": (VENDOR / "leaflet" / "leaflet.js").is_file(),
        **kw,
    }


def render(request: Request, name: str, status: int = 200, **kw: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, _context(request, **kw), status_code=status)


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status=status, status_code=status, message=message)


def _reader(request: Request) -> None:
    auth.require_reader(request)


Readable = Depends(_reader)


# -- the incidents page --------------------------------------------------------------
def _countries(store: Store) -> list[str]:
    with store.session() as s:
        return sorted(
            c for c in s.scalars(select(IncidentRow.country).where(IncidentRow.status == "active").distinct()) if c
        )


@router.get("/", response_class=HTMLResponse, dependencies=[Readable])
def index(request: Request, qry: Annotated[IncidentQuery, Depends(filters)], cursor: str | None = None) -> Response:
    store = _store(request)
    page = replace(qry, cursor=cursor, limit=TABLE_PAGE)
    rows, nxt, total = run_page(store, page)
    query = urlencode(qry.params)
    return render(
        request,
        "index.html",
        incidents=[summary(r) for r in rows],
        total=total,
        next_url=f"/?{urlencode(page.with_cursor(nxt))}" if nxt else None,
        params=qry.params,
        query=query,
        countries=_countries(store),
        event_types=EVENT_TYPES,
        sub_event_types=sorted(SUB_EVENT_TYPES),
        grades=GRADES,
        map_limit=MAP_LIMIT,
        digest_url=f"/digest?{query}" if has_digest() else None,
    )


@router.get("/digest", dependencies=[Readable])
def digest_page(request: Request, qry: Annotated[IncidentQuery, Depends(filters)]) -> Response:
    from .api import digest_response

    return digest_response(request, qry, "html")


# -- one incident ----------------------------------------------------------------------
@dataclass(frozen=True)
class Segment:
    text: str
    kinds: tuple[str, ...]  # "ev" for an event sentence, "claim" for a claim's figure; empty = plain text
    note: str = ""


def segments(text: str, spans: list[tuple[int, int, str, str]]) -> list[Segment]:
    """Cut TEXT at every span edge; each piece knows which kinds of evidence cover it."""
    n = len(text)
    spans = [(max(0, a), min(n, b), k, note) for a, b, k, note in spans if 0 <= a < b and a < n]
    cuts = sorted({0, n, *(a for a, _, _, _ in spans), *(b for _, b, _, _ in spans)})
    out = []
    for a, b in itertools.pairwise(cuts):
        cover = [(k, note) for s, e, k, note in spans if s <= a and b <= e]
        kinds = tuple(sorted({k for k, _ in cover}))
        notes = "; ".join(dict.fromkeys(note for _, note in cover if note))
        out.append(Segment(text[a:b], kinds, notes))
    return out


def _range(low: int | None, best: int | None, high: int | None) -> str:
    if low is None and best is None and high is None:
        return "unknown"
    if low == high or high is None:
        return str(low if low is not None else best)
    return f"{low if low is not None else '?'}–{high}" + (f" (best {best})" if best is not None else "")


def _sources(inc: Incident, docs: dict[str, Document]) -> list[dict[str, Any]]:
    out = []
    for r in inc.reports:
        d = docs.get(r.doc_id)
        spans = [(e.start, e.end, "ev", "event") for e in r.evidence]
        spans += [
            (
                c.evidence.start,
                c.evidence.end,
                "claim",
                f"{c.kind.value} {_range(c.low, c.best, c.high)} ({c.hedge.value})",
            )
            for c in r.claims
            if c.evidence and c.evidence.doc_id == r.doc_id
        ]
        out.append(
            {
                "report": r,
                "doc": d,
                "link": safe_url(d.url) if d else None,
                "segments": segments(d.text, spans) if d else [],
                "claims": [
                    {
                        "kind": c.kind.value,
                        "victims": c.victims.value,
                        "figure": _range(c.low, c.best, c.high),
                        "hedge": c.hedge.value,
                        "claimant": c.claimant or (d.outlet if d and d.outlet else "the outlet"),
                        "quote": c.evidence.quote if c.evidence else (c.text or ""),
                        "flags": ", ".join(f for f, on in (("cumulative", c.cumulative), ("partial", c.partial)) if on),
                    }
                    for c in r.claims
                ],
            }
        )
    return out


def _incident_page(request: Request, incident_id: str, status: int = 200, error: str | None = None) -> HTMLResponse:
    store = _store(request)
    inc = store.incident(incident_id)
    docs = {d.id: d for d in store.documents(ids=[r.doc_id for r in inc.reports])}
    with store.session() as s:
        row = s.get(IncidentRow, inc.id)
        assert row is not None  # store.incident just found it
        info = summary(row)
    trail = store.audit(inc.id)
    undone = review.undone(trail)
    audit = [
        {
            **a,
            "summary": review.summarize({**a, "incident_id": inc.id}),
            "undoable": a["action"] in review.ACTIONS and a["id"] not in undone,
        }
        for a in trail
    ]
    return render(
        request,
        "incident.html",
        status=status,
        inc=inc,
        info=info,
        sources=_sources(inc, docs),
        audit=list(reversed(audit)),
        error=error,
        ranges={
            "killed": _range(inc.fatalities.low, inc.fatalities.best, inc.fatalities.high),
            "civilians killed": _range(inc.civilians_killed.low, inc.civilians_killed.best, inc.civilians_killed.high),
            "injured": _range(inc.injured.low, inc.injured.best, inc.injured.high),
        },
        editable=review.EDITABLE,
    )


@router.get("/incidents/{incident_id}", response_class=HTMLResponse, dependencies=[Readable])
def incident_page(request: Request, incident_id: str) -> Response:
    return _incident_page(request, incident_id)


@router.post("/incidents/{incident_id}/review", response_class=HTMLResponse)
def review_action(
    request: Request,
    incident_id: str,
    action: Annotated[str, Form(max_length=16)],
    csrf: Annotated[str, Form(max_length=100)] = "",
    why: Annotated[str, Form(max_length=review.MAX_WHY)] = "",
    field: Annotated[str, Form(max_length=64)] = "",
    value: Annotated[str, Form(max_length=2000)] = "",
    other: Annotated[str, Form(max_length=64)] = "",
    report_ids: Annotated[list[str] | None, Form()] = None,
    audit_id: Annotated[int | None, Form()] = None,
) -> Response:
    auth.check_csrf(request, csrf)
    who = auth.page_analyst(request).name
    store = _store(request)
    inc_id = store.incident(incident_id).id
    try:
        if action == "confirm":
            review.confirm(store, inc_id, who, why)
        elif action == "reject":
            review.reject(store, inc_id, who, why)
        elif action == "edit":
            review.edit(store, inc_id, {field: value}, who, why)
        elif action == "merge":
            review.merge(store, inc_id, store.incident(other.strip()).id, who, why)
        elif action == "split":
            review.split(store, inc_id, report_ids or [], who, why)
        elif action == "undo" and audit_id is not None:
            review.undo(store, audit_id, who, why)
        else:
            raise ReviewError(f"unknown review action {action!r}")
    except (ReviewError, NotFoundError) as e:
        return _incident_page(
            request, inc_id, status=409 if isinstance(e, review.ReviewConflict) else 422, error=str(e)
        )
    return RedirectResponse(f"/incidents/{inc_id}#audit", status_code=303)


# -- sign-in -----------------------------------------------------------------------------
@router.get("/signin", response_class=HTMLResponse)
def signin_page(request: Request) -> Response:
    return render(request, "signin.html", error=None)


@router.post("/signin", response_class=HTMLResponse)
def signin(
    request: Request,
    token: Annotated[str, Form(max_length=200)] = "",
    csrf: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    auth.check_csrf(request, csrf)
    try:
        analyst = review.verify_token(_store(request), token)
    except AuthError as e:
        return render(request, "signin.html", status=403, error=str(e))
    auth.sign_in(request, analyst.name)
    return RedirectResponse("/", status_code=303)


@router.post("/signout")
def signout(request: Request, csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
    auth.check_csrf(request, csrf)
    auth.sign_out(request)
    return RedirectResponse("/", status_code=303)
