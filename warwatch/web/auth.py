"""Who is asking: API tokens for scripts, signed session cookies and CSRF tokens for the pages.

- API writes carry `Authorization: Bearer ww_...`; no header is a 401, a bad or
  revoked token a 403.
- The pages keep a session in one cookie, signed with HMAC-SHA256 under a key
  the app makes when it starts (restarting the server signs everyone out). The
  cookie holds the analyst's name (empty before sign-in) and a random CSRF
  token; every form carries that token and every POST checks it. The cookie is
  HttpOnly and SameSite=Strict, so another site can neither read it nor send it.
- With `read_public` off, reading needs a session or a token too.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass

from fastapi import HTTPException, Request
from starlette.responses import Response

from ..review import Analyst, AuthError, verify_token
from ..store import Store

COOKIE = "ww_session"
#: A session lasts one working day; after that the analyst signs in again.
SESSION_SECONDS = 12 * 3600
CSRF_BYTES = 24


@dataclass(frozen=True)
class WebSession:
    user: str  # empty before sign-in
    csrf: str
    issued: float

    @property
    def signed_in(self) -> bool:
        return bool(self.user)


def new_session(user: str = "") -> WebSession:
    return WebSession(user=user, csrf=secrets.token_urlsafe(CSRF_BYTES), issued=time.time())


def _sign(key: bytes, body: bytes) -> str:
    return base64.urlsafe_b64encode(hmac.new(key, body, hashlib.sha256).digest()).decode().rstrip("=")


def encode(key: bytes, sess: WebSession) -> str:
    body = base64.urlsafe_b64encode(json.dumps([sess.user, sess.csrf, sess.issued]).encode()).decode().rstrip("=")
    return f"{body}.{_sign(key, body.encode())}"


def decode(key: bytes, raw: str | None) -> WebSession | None:
    """The session a cookie holds; None when it is missing, forged or expired."""
    if not raw or "." not in raw:
        return None
    body, _, sig = raw.rpartition(".")
    if not hmac.compare_digest(sig, _sign(key, body.encode())):
        return None
    try:
        user, csrf, issued = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except ValueError:
        return None
    if not isinstance(user, str) or not isinstance(csrf, str) or not isinstance(issued, int | float):
        return None
    if time.time() - issued > SESSION_SECONDS:
        return None
    return WebSession(user, csrf, float(issued))


def set_cookie(response: Response, key: bytes, sess: WebSession, *, secure: bool) -> None:
    response.set_cookie(
        COOKIE, encode(key, sess), max_age=SESSION_SECONDS, httponly=True, samesite="strict", secure=secure, path="/"
    )


def session_of(request: Request) -> WebSession:
    """The request's session (the middleware in app.py puts one on every request)."""
    sess: WebSession = request.state.session
    return sess


def sign_in(request: Request, user: str) -> None:
    """Start a fresh session for USER, with a new CSRF token, so a token seen before sign-in is useless after."""
    request.state.session = new_session(user)


def sign_out(request: Request) -> None:
    request.state.session = new_session()


def check_csrf(request: Request, token: str | None) -> None:
    if not token or not hmac.compare_digest(token, session_of(request).csrf):
        raise HTTPException(403, "the form's CSRF token is missing or stale: reload the page and try again")


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def api_analyst(request: Request) -> Analyst:
    """The analyst behind an API write: 401 without a token, 403 with a bad one."""
    token = bearer(request)
    if token is None:
        raise HTTPException(
            401, "sign in: send Authorization: Bearer <token> (make one with `warwatch users add NAME`)",
            headers={"WWW-Authenticate": "Bearer"},
        )  # fmt: skip
    store: Store = request.app.state.store
    try:
        return verify_token(store, token)
    except AuthError as e:
        raise HTTPException(403, str(e)) from None


def page_analyst(request: Request) -> Analyst:
    sess = session_of(request)
    if not sess.signed_in:
        raise HTTPException(401, "sign in first: /signin")
    return Analyst(sess.user)


def may_read(request: Request) -> bool:
    """Whether the request may read: always when reading is public, else with a session or a valid token."""
    if request.app.state.settings.read_public or session_of(request).signed_in:
        return True
    token = bearer(request)
    if token is None:
        return False
    try:
        verify_token(request.app.state.store, token)
    except AuthError:
        return False
    return True


def require_reader(request: Request) -> None:
    if not may_read(request):
        raise HTTPException(
            401, "reading is closed to the public here: sign in at /signin or send a Bearer token",
            headers={"WWW-Authenticate": "Bearer"},
        )  # fmt: skip


__all__ = ["COOKIE", "WebSession", "api_analyst", "check_csrf", "new_session", "require_reader"]
