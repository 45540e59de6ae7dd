"""The analyst's desk: REST API and web pages over the Store (FastAPI, Jinja2, uvicorn).

app.py    create_app(store) and serve(): the one app, its error handling and headers
api.py    /api: incidents (JSON, GeoJSON, CSV), timeline, documents, deletions, review actions
query.py  request parameters -> validated filters, sorting, cursor pages (SQLAlchemy expressions)
pages.py  the pages: incidents with map and timeline, one incident with evidence and review, sign-in
auth.py   Bearer tokens for the API, signed session cookies and CSRF tokens for the pages
bench.py  `python -m warwatch.web.bench`: API latency on 100,000 synthetic incidents
"""

from __future__ import annotations

from .app import create_app, serve

__all__ = ["create_app", "serve"]
