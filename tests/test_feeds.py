"""Live feeds against a real HTTP server on 127.0.0.1: the fetch rules, the watcher, `warwatch watch`."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

import warwatch.feeds as feeds
from warwatch.cli import app
from warwatch.errors import (
    AddressRefused,
    ConfigError,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    RedirectError,
)
from warwatch.feeds import (
    MAX_PAGE_TRIES,
    AddressGuard,
    Fetcher,
    PollSummary,
    Watcher,
    parse_every,
    parse_networks,
    read_feed_list,
    run_polls,
)
from warwatch.models import content_id
from warwatch.settings import Settings
from warwatch.store import DocumentRow, FeedRow, PageRow, Store

# --- the articles (made up for these tests) ---------------------------------------------------


@dataclass(frozen=True)
class Article:
    path: str
    title: str
    paragraphs: tuple[str, ...]
    published: str | None = None  # in the page's own metadata


IDLIB = Article(
    "/news/idlib-market-strike.html",
    "Drone strike kills three civilians at Idlib market",
    (
        "A drone strike killed three civilians and wounded nine others at a vegetable market in the Syrian "
        "city of Idlib on Sunday, local rescue workers said.",
        "The strike hit the market shortly after midday, when it was crowded with shoppers, according to two "
        "witnesses who spoke to our correspondent by phone.",
        "Rescue teams pulled the wounded from under a collapsed awning and took them to a field hospital on the "
        "edge of the city, a volunteer said. No group said it had carried out the strike.",
    ),
    published="2017-03-26",
)
KIRKUK = Article(
    "/news/kirkuk-roadside-bomb.html",
    "Roadside bomb kills two soldiers near Kirkuk",
    (
        "A roadside bomb killed two Iraqi soldiers on a road south of Kirkuk, a police officer said.",
        "The bomb went off as an army patrol drove back towards the city, the officer said, speaking on "
        "condition of anonymity because he was not allowed to brief reporters.",
        "Three other soldiers were wounded and taken to the main hospital in Kirkuk, where doctors said "
        "their condition was stable. No group claimed the attack.",
    ),
)
MOSUL = Article(
    "/news/mosul-old-city-shelling.html",
    "Mortar fire wounds five civilians in Mosul's Old City",
    (
        "Mortar shells wounded five civilians in the Old City of Mosul on Monday, medical sources said.",
        "The shells landed near a bakery where families were queuing for bread, a resident told reporters, "
        "adding that two of the wounded were children.",
        "Iraqi Federal Police said the shells were fired by Islamic State militants from positions west of "
        "the Grand Mosque.",
    ),
    published="2017-03-27",
)
ARTICLES = {a.path: a for a in (IDLIB, KIRKUK, MOSUL)}
KIRKUK_ENTRY_DATE = date(2017, 3, 25)


def _article_html(a: Article) -> bytes:
    meta = f'<meta property="article:published_time" content="{a.published}">' if a.published else ""
    paras = "\n".join(f"<p>{p}</p>" for p in a.paragraphs)
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{a.title}</title>{meta}"
        f"<meta property='og:site_name' content='Levant Wire'></head><body><nav>Home | World</nav>"
        f"<article><h1>{a.title}</h1>\n{paras}\n</article><footer>Levant Wire</footer></body></html>"
    ).encode()


# --- the site ----------------------------------------------------------------------------------

RSS_ETAG = '"rss-v1"'
ATOM_MODIFIED = format_datetime(datetime(2017, 3, 27, 9, 0, tzinfo=UTC), usegmt=True)
ROBOTS = b"User-agent: *\nDisallow: /private/\n"
#: Atom entries that must fail, by the reason their stored error gives.
FAILING = {
    "/private/briefing.html": "robots.txt",
    "/slow.html": "took longer than",
    "/huge.html": "byte limit",
    "/huge-declared.html": "Content-Length",
    "/loop/a": "redirect loop",
    "/escape": "169.254.169.254 is a link-local address",
    "/missing.html": "HTTP 404",
    "/contents.html": "no article text",
}
NO_ARTICLE = b"<html><head><title>Contents</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
NO_ARTICLE_ETAG = '"contents-v1"'
HUGE_BYTES = 1_000_000


@dataclass(frozen=True)
class Hit:
    at: float
    path: str
    headers: dict[str, str]


@dataclass
class Site:
    base: str = ""
    robots: bytes | int = ROBOTS  # the robots.txt served, or the status served instead
    hits: list[Hit] = field(default_factory=list)
    closing: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self, since: int = 0) -> list[str]:
        with self.lock:
            return [h.path for h in self.hits[since:]]

    def rss(self) -> bytes:
        items = "".join(
            f"<item><title>{a.title}</title><link>{self.url(a.path)}</link><pubDate>{day}</pubDate></item>"
            for a, day in ((IDLIB, "Sun, 26 Mar 2017 12:00:00 GMT"), (KIRKUK, "Sat, 25 Mar 2017 18:30:00 GMT"))
        )
        return (
            "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Levant Wire</title>"
            f"<link>{self.base}/</link><description>Latest</description>{items}</channel></rss>"
        ).encode()

    def atom(self) -> bytes:
        paths = [MOSUL.path, *FAILING]
        entries = "".join(
            f"<entry><title>entry {i}</title><id>urn:test:{i}</id><link href='{p}'/>"
            f"<updated>2017-03-27T08:00:00Z</updated></entry>"
            for i, p in enumerate(paths)
        )
        return (
            "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            "<title>Tigris Monitor</title><id>urn:test:feed</id><updated>2017-03-27T08:00:00Z</updated>"
            f"{entries}</feed>"
        ).encode()


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, to: str) -> None:
        self._send(302, b"", Location=to)

    def do_GET(self) -> None:
        site = self.server.site
        with site.lock:
            site.hits.append(Hit(time.monotonic(), self.path, {k.lower(): v for k, v in self.headers.items()}))
        path = self.path
        try:
            if path == "/robots.txt":
                if isinstance(site.robots, int):
                    self._send(site.robots, b"", "text/plain")
                else:
                    self._send(200, site.robots, "text/plain")
            elif path == "/rss.xml":
                if self.headers.get("If-None-Match") == RSS_ETAG:
                    self._send(304, ETag=RSS_ETAG)
                else:
                    self._send(200, site.rss(), "application/rss+xml", ETag=RSS_ETAG)
            elif path == "/atom.xml":
                if self.headers.get("If-Modified-Since") == ATOM_MODIFIED:
                    self._send(304)
                else:
                    self._send(200, site.atom(), "application/atom+xml", Last_Modified=ATOM_MODIFIED)
            elif path == "/bad.xml":
                self._send(200, b"<?xml version='1.0'?><rss version='2.0'><channel><title>Bro", "application/rss+xml")
            elif path == "/contents.html":
                if self.headers.get("If-None-Match") == NO_ARTICLE_ETAG:
                    self._send(304, ETag=NO_ARTICLE_ETAG)
                else:
                    self._send(200, NO_ARTICLE, ETag=NO_ARTICLE_ETAG)
            elif path in ARTICLES:
                self._send(200, _article_html(ARTICLES[path]))
            elif path == "/slow.html":
                self._trickle()
            elif path == "/slow-headers.html":
                self._trickle_headers()
            elif path == "/huge.html":
                self._huge(declared=False)
            elif path == "/huge-declared.html":
                self._huge(declared=True)
            elif path == "/loop/a":
                self._redirect("/loop/b")
            elif path == "/loop/b":
                self._redirect(site.url("/loop/a"))
            elif path == "/escape":
                self._redirect("http://169.254.169.254/latest/meta-data/")
            elif path == "/moved":
                self._redirect(IDLIB.path)
            elif path.startswith("/chain/"):
                self._redirect(f"/chain/{int(path.rsplit('/', 1)[1]) + 1}")
            else:
                self._send(404, b"<html><body>not here</body></html>")
        except OSError:  # the fetcher hung up (size or time cap): what the test wants
            pass

    def _trickle(self) -> None:
        """A byte every 50 ms for up to 5 s: no single read waits long, the whole never ends in time."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<html><body><p>")
        until = time.monotonic() + 5
        while time.monotonic() < until and not self.server.site.closing.wait(0.05):
            self.wfile.write(b"x")
            self.wfile.flush()

    def _trickle_headers(self) -> None:
        """A header line every 50 ms: the response never even starts, yet no read waits long."""
        self.wfile.write(b"HTTP/1.0 200 OK\r\n")
        until = time.monotonic() + 5
        while time.monotonic() < until and not self.server.site.closing.wait(0.05):
            self.wfile.write(b"X-Padding: x\r\n")
            self.wfile.flush()

    def _huge(self, *, declared: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        if declared:
            self.send_header("Content-Length", str(HUGE_BYTES))
        self.end_headers()
        chunk = b"<p>" + b"filler " * 9000 + b"</p>"
        sent = 0
        while sent < HUGE_BYTES and not self.server.site.closing.is_set():
            self.wfile.write(chunk)
            sent += len(chunk)


class _Server(ThreadingHTTPServer):
    # Handler threads are joined on close, so no test leaves one running.
    daemon_threads = False
    block_on_close = True

    def __init__(self, site: Site) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.site = site

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client hanging up mid-response is expected here


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    server = _Server(s)
    s.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield s
    finally:
        s.closing.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
        assert not thread.is_alive()


def _settings(db_url: str = "sqlite://", **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "db": db_url,
        "fetch_allow_networks": "127.0.0.0/8",
        "host_delay": 0.02,
        # Long enough that a loaded machine answers a plain page in time, short enough for a quick suite.
        "fetch_timeout": 1.0,
        "fetch_max_bytes": 200_000,
        "fetch_max_redirects": 3,
    }
    values.update(overrides)
    return Settings(**values)


def _count(store: Store, row: type[Any]) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(row)) or 0)


def _page(store: Store, url: str) -> PageRow | None:
    with store.session() as s:
        return s.get(PageRow, content_id(url))


def _feed(store: Store, url: str) -> FeedRow | None:
    with store.session() as s:
        return s.get(FeedRow, content_id(url))


# --- the address guard (no network) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://10.0.0.1/feed", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::1]:8080/", "loopback"),
        ("http://127.0.0.1/", "loopback"),
        ("https://192.168.1.20/", "private"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://224.0.0.1/", "multicast"),
        ("http://100.64.0.7/", "not a public address"),
        ("http://[::ffff:10.0.0.1]/", "private"),
        ("http://[fe80::1]/", "link-local"),
        ("ftp://93.184.216.34/feed.xml", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
    ],
)
def test_guard_refuses_what_is_not_public_http(url: str, why: str):
    with pytest.raises(AddressRefused) as caught:
        AddressGuard().check(url)
    assert why in str(caught.value)
    assert str(caught.value).startswith(url + ": refused")


def test_guard_allows_public_addresses_and_listed_networks():
    assert AddressGuard().check("http://93.184.216.34/rss") == ["93.184.216.34"]
    assert AddressGuard(parse_networks("127.0.0.0/8")).check("http://127.0.0.1:9/x") == ["127.0.0.1"]
    with pytest.raises(AddressRefused):  # the allowance is for the listed network only
        AddressGuard(parse_networks("127.0.0.0/8")).check("http://[::1]/")


def test_guard_judges_every_address_a_name_resolves_to():
    table = {"news.example": ["93.184.216.34"], "split.example": ["93.184.216.34", "10.1.2.3"]}
    guard = AddressGuard(resolve=lambda host, port: table[host])
    assert guard.check("https://news.example/feed") == ["93.184.216.34"]
    with pytest.raises(AddressRefused, match=r"host 'split.example' at 10\.1\.2\.3 is a private address"):
        guard.check("https://split.example/feed")
    allowed = AddressGuard(parse_networks("10.0.0.0/8"), resolve=lambda host, port: table[host])
    assert allowed.check("https://split.example/feed") == ["93.184.216.34", "10.1.2.3"]


def test_a_bad_allowed_network_is_a_config_error():
    with pytest.raises(ConfigError, match="WARWATCH_FETCH_ALLOW_NETWORKS"):
        Fetcher(_settings(fetch_allow_networks="127.0.0.0/8,intranet"))


# --- the fetcher ---------------------------------------------------------------------------


def test_fetcher_follows_redirects_by_hand_and_names_each_failure(site: Site):
    settings = _settings()
    with Fetcher(settings) as fetcher:
        res = fetcher.fetch(site.url("/moved"))
        assert res.status == 200 and res.final_url == site.url(IDLIB.path)
        assert res.body == _article_html(IDLIB)
        with pytest.raises(RedirectError, match="more than 3 redirects"):
            fetcher.fetch(site.url("/chain/0"))
        with pytest.raises(RedirectError, match="redirect loop"):
            fetcher.fetch(site.url("/loop/a"))
        with pytest.raises(HTTPStatusError) as missing:
            fetcher.fetch(site.url("/missing.html"))
        assert missing.value.status == 404 and str(missing.value).startswith(site.url("/missing.html"))
        for slow in ("/slow.html", "/slow-headers.html"):
            started = time.monotonic()
            with pytest.raises(FetchTimeout, match=r"took longer than 1 s"):
                fetcher.fetch(site.url(slow))
            assert settings.fetch_timeout <= time.monotonic() - started < settings.fetch_timeout + 0.75
    assert site.paths().count("/chain/3") == 1 and "/chain/4" not in site.paths()


def test_user_agent_and_delay_between_requests_to_a_host(site: Site):
    settings = _settings(host_delay=0.15)
    with Fetcher(settings) as fetcher:
        for path in (IDLIB.path, KIRKUK.path, MOSUL.path):
            fetcher.fetch(site.url(path))
    assert site.paths() == ["/robots.txt", IDLIB.path, KIRKUK.path, MOSUL.path]  # robots.txt asked once
    assert {h.headers["user-agent"] for h in site.hits} == {settings.user_agent}
    gaps = [b.at - a.at for a, b in zip(site.hits, site.hits[1:], strict=False)]
    assert min(gaps) >= settings.host_delay


@pytest.mark.parametrize(
    ("robots", "allowed"),
    [
        (404, True),  # no robots.txt: everything may be fetched
        (b"User-agent: otherbot\nDisallow: /\n\nUser-agent: *\nDisallow: /private/\n", True),
        (b"User-agent: otherbot\nDisallow:\n\nUser-agent: warwatch\nDisallow: /news/\n", False),
        (503, False),  # unreachable: nothing may be fetched until it answers
    ],
)
def test_robots_txt_is_read_for_our_user_agent(site: Site, robots: bytes | int, allowed: bool):
    site.robots = robots
    with Fetcher(_settings()) as fetcher:
        if allowed:
            assert fetcher.fetch(site.url(IDLIB.path)).status == 200
        else:
            with pytest.raises(FetchError, match=r"robots\.txt"):
                fetcher.fetch(site.url(IDLIB.path))
    assert site.paths() == (["/robots.txt", IDLIB.path] if allowed else ["/robots.txt"])


def test_the_connection_goes_to_the_address_the_guard_checked(site: Site):
    port = int(site.base.rsplit(":", 1)[1])
    answers: list[str] = []

    def resolve(host: str, _port: int) -> list[str]:
        # The fourth lookup (the page's connection) answers otherwise: a DNS-rebinding attempt.
        answers.append(host)
        return ["127.0.0.1"] if len(answers) <= 3 else ["10.0.0.1"]

    with (
        Fetcher(_settings(), resolve=resolve) as fetcher,
        pytest.raises(AddressRefused, match=r"10\.0\.0\.1 is a private address"),
    ):
        fetcher.fetch(f"http://news.test:{port}{IDLIB.path}")
    # "news.test" exists in no DNS: only the guard's answer could have reached the server.
    assert site.paths() == ["/robots.txt"]
    assert site.hits[0].headers["host"] == f"news.test:{port}"


# --- the watcher -------------------------------------------------------------------------------


def test_a_poll_stores_pages_with_their_documents_and_records_each_failure(site: Site, db_url: str):
    store = Store(db_url)
    lines: list[str] = []
    urls = [site.url("/rss.xml"), site.url("/atom.xml"), site.url("/bad.xml")]
    with Fetcher(_settings(db_url)) as fetcher:
        summary = Watcher(store, fetcher, report=lines.append).poll(urls)
    assert summary == PollSummary(feeds=3, feeds_failed=1, new_pages=3, pages_failed=len(FAILING), documents=3)

    # The raw page is kept, with its document.
    docs = {d.url: d for d in store.documents()}
    for a in (IDLIB, KIRKUK, MOSUL):
        page = _page(store, site.url(a.path))
        assert page is not None and page.body == _article_html(a) and page.status_code == 200
        assert page.error is None and page.doc_id == docs[site.url(a.path)].id
        assert page.content_type == "text/html; charset=utf-8"
    assert docs[site.url(IDLIB.path)].outlet == "Levant Wire"  # the feed's title
    assert docs[site.url(MOSUL.path)].outlet == "Tigris Monitor"
    assert docs[site.url(IDLIB.path)].published == date(2017, 3, 26)  # the page's own date
    assert docs[site.url(KIRKUK.path)].published == KIRKUK_ENTRY_DATE  # none in the page: the entry's
    assert "killed two Iraqi soldiers" in docs[site.url(KIRKUK.path)].text

    # Every failing page is recorded with its reason and reported on one line; the poll went on.
    for path, reason in FAILING.items():
        page = _page(store, site.url(path))
        assert page is not None and page.doc_id is None
        assert reason in (page.error or ""), (path, page.error)
        assert page.attempts == 1
        assert any(line.startswith(f"page failed: {site.url(path)}: ") for line in lines)
    assert _page(store, site.url("/missing.html")).status_code == 404  # type: ignore[union-attr]
    assert _page(store, site.url("/contents.html")).body == NO_ARTICLE  # type: ignore[union-attr]  # kept to reread
    assert "/private/briefing.html" not in site.paths()  # robots.txt said no, so it was never asked for
    assert site.paths().count("/robots.txt") == 1
    assert all("\n" not in line for line in lines)

    bad = _feed(store, site.url("/bad.xml"))
    assert bad is not None and "not an RSS or Atom feed" in (bad.last_error or "")
    rss = _feed(store, site.url("/rss.xml"))
    assert rss is not None and rss.title == "Levant Wire" and rss.entries == 2 and rss.etag == RSS_ETAG
    assert rss.last_error is None and rss.last_status == 200


def test_second_poll_is_a_304_and_stores_nothing_twice(site: Site, db_url: str):
    store = Store(db_url)
    with Fetcher(_settings(db_url)) as fetcher:
        watcher = Watcher(store, fetcher)
        first = watcher.poll([site.url("/rss.xml")])
        seen = len(site.hits)
        second = watcher.poll([site.url("/rss.xml")])
    assert first.new_pages == 2 and first.failures == 0
    assert second == PollSummary(feeds=1, unchanged=1)
    assert site.paths(seen) == ["/rss.xml"]  # nothing but the feed, answered 304
    assert site.hits[seen].headers["if-none-match"] == RSS_ETAG
    assert (_count(store, PageRow), _count(store, DocumentRow)) == (2, 2)


def test_failed_pages_are_retried_then_given_up_and_good_ones_never_refetched(site: Site, db_url: str):
    store = Store(db_url)
    atom = site.url("/atom.xml")
    summaries = []
    with Fetcher(_settings(db_url, fetch_timeout=0.8)) as fetcher:
        watcher = Watcher(store, fetcher)
        for _ in range(MAX_PAGE_TRIES):
            summaries.append(watcher.poll([atom]))
            # The feed's Last-Modified waits until every entry is settled, so the feed is read again.
            assert (_feed(store, atom).last_modified is None) == (len(summaries) < MAX_PAGE_TRIES)  # type: ignore[union-attr]
        seen = len(site.hits)
        last = watcher.poll([atom])
    assert [s.pages_failed for s in summaries] == [len(FAILING)] * MAX_PAGE_TRIES
    assert [s.new_pages for s in summaries] == [1, 0, 0]
    assert site.paths().count(MOSUL.path) == 1
    assert site.paths().count("/missing.html") == MAX_PAGE_TRIES
    # A page whose body is stored is asked for conditionally, and its 304 rereads the stored body.
    asked = [h.headers.get("if-none-match") for h in site.hits if h.path == "/contents.html"]
    assert asked == [None] + [NO_ARTICLE_ETAG] * (MAX_PAGE_TRIES - 1)
    assert _page(store, site.url("/contents.html")).body == NO_ARTICLE  # type: ignore[union-attr]
    assert last == PollSummary(feeds=1, unchanged=1)
    assert site.paths(seen) == ["/atom.xml"] and site.hits[seen].headers["if-modified-since"] == ATOM_MODIFIED
    assert _page(store, site.url("/missing.html")).attempts == MAX_PAGE_TRIES  # type: ignore[union-attr]
    assert (_count(store, PageRow), _count(store, DocumentRow)) == (1 + len(FAILING), 1)


class _Killed(Exception):
    """Stands for the process dying between two page fetches."""


def test_a_poll_killed_midway_loses_and_duplicates_nothing(site: Site, db_url: str):
    store = Store(db_url)
    rss = site.url("/rss.xml")

    class DiesOnSecondPage(Fetcher):
        pages = 0

        def fetch(self, url: str, **kwargs: Any) -> feeds.FetchResult:
            if url.endswith(".html"):
                self.pages += 1
                if self.pages == 2:
                    raise _Killed
            return super().fetch(url, **kwargs)

    with DiesOnSecondPage(_settings(db_url)) as dying, pytest.raises(_Killed):
        Watcher(store, dying).poll([rss])
    assert (_count(store, PageRow), _count(store, DocumentRow)) == (1, 1)
    assert _feed(store, rss).etag is None  # type: ignore[union-attr]
    seen = len(site.hits)
    with Fetcher(_settings(db_url)) as fetcher:
        again = Watcher(store, fetcher).poll([rss])
    assert again.new_pages == 1 and again.unchanged == 0
    assert "if-none-match" not in site.hits[seen].headers
    assert site.paths(seen).count(IDLIB.path) + site.paths(seen).count(KIRKUK.path) == 1
    assert (_count(store, PageRow), _count(store, DocumentRow)) == (2, 2)


def test_without_the_allowance_a_loopback_feed_is_refused(site: Site, db_url: str):
    store = Store(db_url)
    with Fetcher(_settings(db_url, fetch_allow_networks="")) as fetcher:
        summary = Watcher(store, fetcher).poll([site.url("/rss.xml")])
    assert summary.feeds_failed == 1 and summary.new_pages == 0
    feed = _feed(store, site.url("/rss.xml"))
    assert feed is not None and "127.0.0.1 is a loopback address" in (feed.last_error or "")
    assert site.hits == []


# --- the feeds file, the interval, the loop ---------------------------------------------------


def test_feeds_file_skips_comments_and_names_bad_lines(tmp_path: Path):
    path = tmp_path / "feeds.txt"
    path.write_text(
        "# conflict feeds\n\nhttps://news.example/rss.xml\nnews.example/atom\nftp://news.example/feed\n"
        "  https://other.example/feed?x=1  \nhttps://news.example/rss.xml\nhttp://a b/\n",
        encoding="utf-8",
    )
    urls, problems = read_feed_list(path)
    assert urls == ["https://news.example/rss.xml", "https://other.example/feed?x=1"]
    assert [p.source for p in problems] == [f"{path}:4", f"{path}:5", f"{path}:8"]
    assert all("one http(s) feed URL per line" in str(p) for p in problems)
    with pytest.raises(ConfigError, match="no such feeds file"):
        read_feed_list(tmp_path / "nope.txt")


@pytest.mark.parametrize(
    ("text", "seconds"), [("30s", 30.0), ("15m", 900.0), ("1h", 3600.0), ("1.5h", 5400.0), (" 2M ", 120.0)]
)
def test_every_accepts_seconds_minutes_hours(text: str, seconds: float):
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "15", "0m", "-1m", "2d", "m", "1h30m"])
def test_every_refuses_other_forms(text: str):
    with pytest.raises(ConfigError, match="30s, 15m or 1h"):
        parse_every(text)


def test_sigterm_stops_the_loop_between_polls():
    before = signal.getsignal(signal.SIGTERM)
    polls: list[float] = []
    said: list[str] = []

    def poll() -> PollSummary:
        polls.append(time.monotonic())
        if len(polls) == 2:
            os.kill(os.getpid(), signal.SIGTERM)
        return PollSummary(feeds=1, feeds_failed=1)

    assert run_polls(poll, 0.01, report=said.append) == 2  # the failures of both polls
    assert len(polls) == 2
    assert said == ["SIGTERM: stopping after the current page"]
    assert signal.getsignal(signal.SIGTERM) == before
    assert run_polls(poll, 3600, once=True) == 1


def test_public_api():
    public = {n for n in dir(feeds) if not n.startswith("_")} - {"annotations", "fetch", "watch"}
    assert sorted(feeds.__all__) == sorted(public)


# --- `warwatch watch` ----------------------------------------------------------------------


def _env(**extra: str) -> dict[str, str]:
    return {
        "WARWATCH_FETCH_ALLOW_NETWORKS": "127.0.0.0/8",
        "WARWATCH_HOST_DELAY": "0.02",
        "WARWATCH_FETCH_TIMEOUT": "2",
        **extra,
    }


def test_watch_once_end_to_end(site: Site, tmp_path: Path):
    db_url = f"sqlite:///{tmp_path / 'watch.db'}"
    feeds_file = tmp_path / "feeds.txt"
    feeds_file.write_text(f"# the wire\n{site.url('/rss.xml')}\n", encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(app, ["watch", str(feeds_file), "--once", "--db", db_url], env=_env())
    assert res.exit_code == 0, res.output
    assert "polled 1 feed(s) (0 unchanged, 0 failed): 2 new page(s), 0 page(s) failed, 2 new document(s)" in (
        res.output
    )
    assert "2 document(s) processed" in res.output
    store = Store(db_url)
    assert store.counts().get("processed") == 2
    incidents = store.incidents()
    assert incidents, res.output
    urls = {
        d.url for d in store.documents(ids=[r.doc_id for i in store.incidents(with_reports=True) for r in i.reports])
    }
    assert urls <= {site.url(IDLIB.path), site.url(KIRKUK.path)} and urls

    again = runner.invoke(app, ["watch", str(feeds_file), "--once", "--db", db_url], env=_env())
    assert again.exit_code == 0, again.output
    assert "polled 1 feed(s) (1 unchanged, 0 failed): 0 new page(s)" in again.output
    assert (_count(store, PageRow), _count(store, DocumentRow)) == (2, 2)
    assert len(store.incidents()) == len(incidents)


def test_watch_exit_codes(site: Site, db_url: str, tmp_path: Path):
    runner = CliRunner()
    feeds_file = tmp_path / "feeds.txt"
    feeds_file.write_text("not a url\n", encoding="utf-8")
    res = runner.invoke(app, ["watch", str(feeds_file), "--once", "--db", db_url], env=_env())
    assert res.exit_code == 2 and f"{feeds_file}:1" in res.output and "holds no feed URL" in res.output
    res = runner.invoke(app, ["watch", str(tmp_path / "none.txt"), "--once", "--db", db_url], env=_env())
    assert res.exit_code == 2 and "no such feeds file" in res.output
    feeds_file.write_text(site.url("/bad.xml") + "\n", encoding="utf-8")
    res = runner.invoke(app, ["watch", str(feeds_file), "--every", "10x", "--db", db_url], env=_env())
    assert res.exit_code == 2 and "30s, 15m or 1h" in res.output
    res = runner.invoke(app, ["watch", str(feeds_file), "--once", "--db", db_url], env=_env())
    assert res.exit_code == 1 and "feed failed: " + site.url("/bad.xml") in res.output
