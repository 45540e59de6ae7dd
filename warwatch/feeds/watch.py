"""Watching feeds: each poll fetches the feeds, then the pages of entries not seen yet.

    read_feed_list(path) -> (urls, problems)      one URL a line; bad lines come back as InputErrors
    parse_every("15m") -> 900.0
    Watcher(store, fetcher, process=...).poll(urls) -> PollSummary
    run_polls(poll, every, once=...) -> failures  until SIGINT/SIGTERM, between polls

A page is stored raw (the `pages` table: body, status, validators, final URL, feed)
in the same transaction as the Document made of it, so a run killed at any point
leaves each page either done or not yet fetched, never half stored. A feed's own
ETag/Last-Modified are saved only once every new entry is settled (stored, or
failed `MAX_PAGE_TRIES` times), so an entry that a killed run never reached comes
back in the next poll instead of hiding behind a 304. Pages that failed are kept
with their reason and tried again by later polls.
"""

from __future__ import annotations

import codecs
import io
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.message import Message
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import feedparser
from sqlalchemy import select

from ..clean import html_to_article
from ..errors import ConfigError, EmptyInputError, FetchError, InputError, NotAFeedError
from ..ingest import SNIFF_BYTES, html_encoding
from ..models import Document, content_id
from ..store import FeedRow, PageRow, Store
from .fetch import FEED_ACCEPT, Fetcher, FetchResult

#: Polls a failing page is fetched in before it is given up: enough to ride out a short outage or a
#: page published a moment before its article is live, few enough not to pester a site about a dead link.
MAX_PAGE_TRIES = 3

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_EVERY = re.compile(r"(\d+(?:\.\d+)?)\s*([smh])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600}
#: Feed ids looked up per query.
_CHUNK = 500


@dataclass
class PollSummary:
    """What one poll did; `failures` decides the exit code."""

    feeds: int = 0
    unchanged: int = 0  # answered 304
    feeds_failed: int = 0
    new_pages: int = 0  # pages stored with their document this poll
    pages_failed: int = 0
    documents: int = 0  # new documents among them (a page may repeat an article already stored)
    processed: int = 0
    process_failed: int = 0

    @property
    def failures(self) -> int:
        return self.feeds_failed + self.pages_failed + self.process_failed

    def line(self) -> str:
        return (
            f"polled {self.feeds} feed(s) ({self.unchanged} unchanged, {self.feeds_failed} failed): "
            f"{self.new_pages} new page(s), {self.pages_failed} page(s) failed, {self.documents} new document(s); "
            f"{self.processed} document(s) processed, {self.process_failed} failed"
        )


@dataclass(frozen=True)
class FeedEntry:
    url: str
    published: date | None


@dataclass(frozen=True)
class _KnownPage:
    """A stored page, as far as deciding whether to fetch it again needs."""

    doc_id: str | None
    attempts: int
    etag: str | None
    last_modified: str | None
    final_url: str | None
    content_type: str | None
    has_body: bool


# --- the feeds file and the interval ------------------------------------------------------


def read_feed_list(path: Path) -> tuple[list[str], list[InputError]]:
    """Feed URLs of a file (one a line; blank lines and # comments skipped) and the lines that are not URLs."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such feeds file; give a text file with one feed URL per line") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: the feeds file is not UTF-8 text") from None
    except OSError as err:
        raise ConfigError(f"{path}: cannot read the feeds file: {err.strerror or err}") from None
    urls: list[str] = []
    problems: list[InputError] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        why = _not_a_feed_url(line)
        if why:
            problems.append(InputError(f"{path}:{number}", f"{why}; write one http(s) feed URL per line"))
        elif line not in urls:
            urls.append(line)
    return urls, problems


def _not_a_feed_url(line: str) -> str | None:
    if any(c.isspace() for c in line):
        return f"{line!r} holds spaces, so it is not one URL"
    try:
        parts = urlsplit(line)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return f"{line!r} is not a valid URL"
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return f"{line!r} is not an http(s) URL"
    return None


def parse_every(text: str) -> float:
    """Seconds in an interval written 30s, 15m or 1h (decimals allowed: 1.5h)."""
    m = _EVERY.fullmatch(text.strip().lower())
    if not m or float(m.group(1)) <= 0:
        raise ConfigError(f"--every {text!r} is not an interval: write e.g. 30s, 15m or 1h")
    return float(m.group(1)) * _UNIT_SECONDS[m.group(2)]


# --- feeds and pages -------------------------------------------------------------------------


def parse_feed(result: FetchResult) -> tuple[str | None, list[FeedEntry]]:
    """A fetched feed's title and its entries' page links (absolute, without fragments, each once)."""
    headers = {"content-location": result.final_url}
    if result.content_type:
        headers["content-type"] = result.content_type
    # A file object, never bytes or str: feedparser would fetch a string that looks like a URL itself.
    parsed: Any = feedparser.parse(io.BytesIO(result.body), response_headers=headers)
    if not parsed.entries and (parsed.get("bozo") or not parsed.get("version")):
        why = parsed.get("bozo_exception")
        detail = f" ({' '.join(str(why).split())})" if why else ""
        raise NotAFeedError(result.url, f"not an RSS or Atom feed{detail}", status=result.status)
    entries: dict[str, FeedEntry] = {}
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        if not link:
            continue
        url = urldefrag(urljoin(result.final_url, link))[0]
        if urlsplit(url).scheme.lower() not in ("http", "https"):
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        entries.setdefault(url, FeedEntry(url, date(*stamp[:3]) if stamp else None))
    title = " ".join((parsed.feed.get("title") or "").split()) or None
    return title, list(entries.values())


def page_document(
    body: bytes,
    *,
    url: str,
    final_url: str,
    content_type: str | None,
    published: date | None = None,
    outlet: str | None = None,
    today: date | None = None,
) -> Document:
    """The Document of a fetched article page, read the way `warwatch ingest` reads an .html file.

    The publication date is the page's own, else the feed entry's, else today;
    the outlet is the feed's title, else the site name the page gives.
    """
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    if kind and kind not in _HTML_TYPES:
        raise FetchError(url, f"not an HTML page (Content-Type {kind})")
    # Web pages with a stray byte are common and cannot be re-saved by the user, so bad bytes are replaced.
    html = body.decode(_charset(body, content_type), "replace")
    if not html.strip():
        raise EmptyInputError(url, "the page is empty")
    article = html_to_article(html, url)
    return Document(
        id=Document.make_id(article.text, article.title),
        text=article.text,
        title=article.title,
        published=article.published or published or today or datetime.now(UTC).date(),
        outlet=outlet or article.outlet or urlsplit(final_url).hostname,
        url=final_url,
        language=article.language or "en",
        source=url,
    )


def _charset(body: bytes, content_type: str | None) -> str:
    """The encoding the Content-Type header names, else the page's own <meta charset>, else UTF-8."""
    if content_type:
        msg = Message()
        msg["content-type"] = content_type
        declared = msg.get_content_charset()
        if declared:
            try:
                return codecs.lookup(declared).name
            except LookupError:
                pass
    return html_encoding(body[:SNIFF_BYTES])


def _now() -> datetime:
    return datetime.now(UTC)


class Watcher:
    """Polls feeds into a store. `process` (the pipeline) runs after a poll that left documents pending.

    `stop`, once set, ends a poll between two pages; what was done so far is kept.
    """

    def __init__(
        self,
        store: Store,
        fetcher: Fetcher,
        *,
        process: Callable[[], int] | None = None,
        report: Callable[[str], None] | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        self.store = store
        self.fetcher = fetcher
        self.process = process
        self.report = report or (lambda line: None)
        self.stop = stop or threading.Event()

    def poll(self, urls: Sequence[str]) -> PollSummary:
        summary = PollSummary()
        for url in urls:
            if self.stop.is_set():
                break
            self._poll_feed(url, summary)
        if self.process is not None and not self.stop.is_set():
            counts = self.store.counts()
            if counts.get("ingested", 0) or counts.get("processing", 0):
                summary.process_failed = self.process()
                summary.processed = self.store.counts().get("processed", 0) - counts.get("processed", 0)
        return summary

    def _poll_feed(self, url: str, summary: PollSummary) -> None:
        summary.feeds += 1
        feed_id = content_id(url)
        with self.store.session() as s:
            row = s.get(FeedRow, feed_id)
            etag, modified = (row.etag, row.last_modified) if row else (None, None)
        polled = _now()
        try:
            result = self.fetcher.fetch(url, etag=etag, last_modified=modified, accept=FEED_ACCEPT)
            if result.not_modified:
                self.store.save_feed(feed_id, url, last_polled=polled, last_status=304, last_error=None)
                summary.unchanged += 1
                return
            title, entries = parse_feed(result)
        except FetchError as err:
            self.store.save_feed(feed_id, url, last_polled=polled, last_status=err.status, last_error=err.reason)
            summary.feeds_failed += 1
            self.report(f"feed failed: {err}")
            return
        self.store.save_feed(
            feed_id,
            url,
            title=title,
            last_polled=polled,
            last_status=result.status,
            last_error=None,
            entries=len(entries),
        )
        known = self._pages([content_id(e.url) for e in entries])
        settled = True
        for entry in entries:
            if self.stop.is_set():
                settled = False
                break
            if not self._page(entry, feed_id, title, known.get(content_id(entry.url)), summary):
                settled = False
        if settled:
            self.store.save_feed(feed_id, url, etag=result.etag, last_modified=result.last_modified)

    def _page(
        self, entry: FeedEntry, feed_id: str, outlet: str | None, known: _KnownPage | None, summary: PollSummary
    ) -> bool:
        """Fetch and store one entry's page unless done before; True once it is settled (done or given up)."""
        if known is not None and (known.doc_id or known.attempts >= MAX_PAGE_TRIES):
            return True
        page_id = content_id(entry.url)
        tries = (known.attempts if known else 0) + 1
        # A page fetched before whose article could not be read is asked for again conditionally.
        cached = self._body(page_id) if known is not None and known.has_body else None
        values: dict[str, Any] = {"url": entry.url, "feed_id": feed_id, "fetched_at": _now()}
        try:
            result = self.fetcher.fetch(
                entry.url,
                etag=known.etag if known and cached is not None else None,
                last_modified=known.last_modified if known and cached is not None else None,
            )
            if result.not_modified and known is not None and cached is not None:
                body, final_url, content_type = cached, known.final_url or entry.url, known.content_type
            else:
                body, final_url, content_type = result.body, result.final_url, result.content_type
                values.update(
                    final_url=final_url,
                    status_code=result.status,
                    content_type=content_type,
                    etag=result.etag,
                    last_modified=result.last_modified,
                    body=body,
                )
            doc = page_document(
                body,
                url=entry.url,
                final_url=final_url,
                content_type=content_type,
                published=entry.published,
                outlet=outlet,
            )
        except (FetchError, InputError) as err:
            values.update(error=err.reason, attempts=tries, doc_id=None)
            if isinstance(err, FetchError) and err.status is not None:
                values.setdefault("status_code", err.status)
            self.store.save_page(page_id, values, None)
            summary.pages_failed += 1
            given_up = tries >= MAX_PAGE_TRIES
            fate = "given up" if given_up else "tried again next poll"
            self.report(f"page failed: {entry.url}: {err.reason} (try {tries} of {MAX_PAGE_TRIES}, {fate})")
            return given_up
        values.update(doc_id=doc.id, error=None)
        summary.documents += int(self.store.save_page(page_id, values, doc))
        summary.new_pages += 1
        return True

    # -- storage ---------------------------------------------------------------------------
    def _pages(self, ids: list[str]) -> dict[str, _KnownPage]:
        """What is stored about these pages, bodies left in the database (a feed lists many, and most are done)."""
        cols = (
            PageRow.id,
            PageRow.doc_id,
            PageRow.attempts,
            PageRow.etag,
            PageRow.last_modified,
            PageRow.final_url,
            PageRow.content_type,
            PageRow.body.is_not(None),
        )
        out: dict[str, _KnownPage] = {}
        with self.store.session() as s:
            for i in range(0, len(ids), _CHUNK):
                for page_id, doc_id, attempts, etag, modified, final_url, ctype, has_body in s.execute(
                    select(*cols).where(PageRow.id.in_(ids[i : i + _CHUNK]))
                ):
                    out[page_id] = _KnownPage(doc_id, attempts, etag, modified, final_url, ctype, bool(has_body))
        return out

    def _body(self, page_id: str) -> bytes | None:
        with self.store.session() as s:
            return s.scalar(select(PageRow.body).where(PageRow.id == page_id))


# --- the loop ----------------------------------------------------------------------------


def run_polls(
    poll: Callable[[], PollSummary],
    every: float,
    *,
    once: bool = False,
    stop: threading.Event | None = None,
    report: Callable[[str], None] | None = None,
) -> int:
    """Poll once, or every `every` seconds until SIGINT or SIGTERM; returns the failures of every poll.

    A signal sets `stop` (pass the Watcher's, so a poll under way ends after its
    current page) and the loop ends; a second Ctrl-C interrupts at once, which
    loses nothing either (see the module docstring).
    """
    if once:
        return poll().failures
    stop = stop or threading.Event()
    say = report or (lambda line: None)
    failures = 0
    with _stop_on_signals(stop, say):
        while not stop.is_set():
            started = time.monotonic()
            failures += poll().failures
            stop.wait(max(0.0, started + every - time.monotonic()))
    return failures


@contextmanager
def _stop_on_signals(stop: threading.Event, report: Callable[[str], None]) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return
    previous: dict[int, Any] = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def handler(signum: int, _frame: FrameType | None) -> None:
        stop.set()
        signal.signal(signum, previous[signum])  # the same signal again acts at once
        report(f"{signal.Signals(signum).name}: stopping after the current page")

    for sig in previous:
        signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
