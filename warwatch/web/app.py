"""The analyst's desk: one FastAPI app serving the REST API (/api, /openapi.json) and the pages.

`create_app(store)` builds it around a Store; `serve()` runs it under uvicorn
(`warwatch serve`). Errors become JSON `{"error": message, "status": code}` for
the API and a short page for the pages: a warwatch NotFoundError is a 404, a
review request that cannot be carried out a 422 (a 409 when the incident changed
since), a bad query parameter a 422 naming it.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..errors import NotFoundError, WarwatchError
from ..review import ReviewConflict, ReviewError
from ..settings import Settings
from ..store import Store
from . import auth

STATIC = Path(__file__).parent / "static"
#: Security headers on every response: no framing, no MIME sniffing, and a policy that lets
#: pages run only their own scripts and styles (no inline script, nothing from another host).
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _validation_message(err: RequestValidationError) -> str:
    parts = []
    for e in err.errors():
        where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "body", "path"))
        parts.append(f"{where or 'request'}: {e.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def _error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    if _is_api(request):
        return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)
    if status == 401 and request.method == "GET":
        return RedirectResponse("/signin", status_code=303)
    from .pages import render_error

    return render_error(request, status, message)


def create_app(store: Store, settings: Settings | None = None) -> FastAPI:
    """The app around a Store; reading is public unless settings.read_public is off."""
    from . import api, pages

    app = FastAPI(
        title="warwatch",
        version=__version__,
        description="Conflict incidents with their sources, evidence and review trail.",
        docs_url=None,  # the interactive docs pull scripts from a CDN; /openapi.json is enough
        redoc_url=None,
    )
    app.state.store = store
    app.state.settings = settings or Settings.from_env()
    app.state.secret = secrets.token_bytes(32)
    app.state.secure_cookies = False

    @app.middleware("http")
    async def session_and_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        key: bytes = app.state.secret
        raw = request.cookies.get(auth.COOKIE)
        sess = auth.decode(key, raw)
        request.state.session = sess or auth.new_session()
        response = await call_next(request)
        if request.state.session is not sess:
            auth.set_cookie(response, key, request.state.session, secure=request.url.scheme == "https")
        for name, value in SECURITY_HEADERS.items():  # a route may set a stricter or its own policy
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 422, _validation_message(exc))

    @app.exception_handler(WarwatchError)
    async def warwatch_error(request: Request, exc: WarwatchError) -> Response:
        if isinstance(exc, NotFoundError):
            return _error(request, 404, str(exc))
        if isinstance(exc, ReviewConflict):
            return _error(request, 409, str(exc))
        if isinstance(exc, ReviewError):
            return _error(request, 422, str(exc))
        return _error(request, 500, str(exc))

    @app.exception_handler(404)
    async def not_found(request: Request, exc: Any) -> Response:
        return _error(request, 404, f"nothing at {request.url.path}")

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def serve(db: str, host: str, port: int, settings: Settings | None = None) -> None:
    """Run the app under uvicorn until interrupted."""
    import uvicorn

    app = create_app(Store(db), settings)
    uvicorn.run(app, host=host, port=port, log_level="info")
