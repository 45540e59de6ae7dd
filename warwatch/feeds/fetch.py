"""Fetching feeds and pages from the web, politely and safely.

    Fetcher(settings).fetch(url, etag=..., last_modified=...) -> FetchResult, or raises FetchError

Every fetch:
- goes only to http(s) URLs whose host resolves to public addresses: private,
  loopback, link-local, multicast, reserved and unspecified addresses are refused
  (`AddressGuard`) unless inside one of `fetch_allow_networks`. The connection is
  made to the very address that was checked (see `_GuardedBackend`), so a DNS
  answer that changes between the check and the connection cannot steer it inside;
  HTTP proxies from the environment are not used, since they would resolve the
  name themselves;
- follows redirects by hand, at most `fetch_max_redirects`, checking each hop
  like the first; a loop is named as one;
- asks each origin's robots.txt first (cached, fetched through these same rules)
  and waits at least `host_delay` seconds (or the site's Crawl-delay, up to
  `CRAWL_DELAY_CAP`) after the last request to a host before the next;
- sends `user_agent` and, when given, the stored ETag / Last-Modified, so an
  unchanged feed or page costs a 304;
- stops after `fetch_timeout` seconds of network time however the server
  trickles its bytes (each read's timeout is cut to what is left of the deadline),
  and after `fetch_max_bytes` bytes of body (decoded, so a compressed bomb stops too).

Failures are FetchError subclasses (warwatch.errors) whose message names the URL.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpcore
import httpx

from ..errors import (
    AddressRefused,
    ConfigError,
    FetchError,
    FetchTimeout,
    FetchTooLarge,
    HTTPStatusError,
    RedirectError,
    RobotsDisallowed,
)
from ..settings import Settings

#: Resolves a host name and port to IP address strings (tests swap in a table).
Resolver = Callable[[str, int], list[str]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
FEED_ACCEPT = "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5"
ROBOTS_ACCEPT = "text/plain,*/*;q=0.5"

#: RFC 9309 lets a crawler keep a robots.txt for up to 24 hours.
ROBOTS_TTL = 24 * 3600.0
#: An unreachable robots.txt means "disallow everything" (RFC 9309 2.3.1.4); asked again after 10 minutes,
#: a typical poll interval, so a short outage does not block a site for a day.
ROBOTS_RETRY = 600.0
#: Parsers must read at least 500 KiB of robots.txt (RFC 9309 2.5); a bigger one is treated as unreachable.
ROBOTS_MAX_BYTES = 512 * 1024
#: Longest Crawl-delay honoured, in seconds: beyond a minute one poll of a busy feed would take hours.
CRAWL_DELAY_CAP = 60.0

#: The kinds of address a fetch may not reach, as the ipaddress module tells them.
_NOT_PUBLIC = (
    ("is_unspecified", "an unspecified address"),
    ("is_loopback", "a loopback address"),
    ("is_link_local", "a link-local address"),
    ("is_multicast", "a multicast address"),
    ("is_private", "a private address"),
    ("is_reserved", "a reserved address"),
)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_SCHEMES = frozenset({"http", "https"})
#: Deadline of the request under way on this thread (time.monotonic()), read by `_DeadlineStream`.
_DEADLINE: ContextVar[float | None] = ContextVar("warwatch_fetch_deadline", default=None)


@dataclass(frozen=True)
class FetchResult:
    """One successful fetch: 2xx with its body, or 304 (not modified) with none."""

    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    headers: Mapping[str, str]  # lower-case names
    body: bytes

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


# --- the address guard -----------------------------------------------------------------------


def _system_resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def parse_networks(text: str) -> list[IPNetwork]:
    """The networks of `fetch_allow_networks` ("127.0.0.0/8, ::1/128"); ConfigError on a bad one."""
    nets: list[IPNetwork] = []
    for part in text.split(","):
        if not part.strip():
            continue
        try:
            nets.append(ipaddress.ip_network(part.strip(), strict=False))
        except ValueError:
            raise ConfigError(
                f"WARWATCH_FETCH_ALLOW_NETWORKS: {part.strip()!r} is not a network; write e.g. 127.0.0.0/8,10.1.0.0/16"
            ) from None
    return nets


class AddressGuard:
    """Refuses URLs that are not http(s) or whose host resolves to a non-public address.

    Every address a name resolves to must pass, so a name that answers with one public
    and one private address is refused rather than raced.
    """

    def __init__(self, allow: Iterable[IPNetwork] = (), resolve: Resolver | None = None) -> None:
        self.allow = list(allow)
        self._resolve = resolve or _system_resolve

    def refusal(self, address: str) -> str | None:
        """Why `address` may not be fetched from ("a loopback address"), or None when it may."""
        ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
        # An IPv6 address can carry an IPv4 one (::ffff:10.0.0.1, 2002:0a00:0001::): that one is judged too.
        inner = [e for e in (getattr(ip, "ipv4_mapped", None), getattr(ip, "sixtofour", None)) if e is not None]
        candidates = (ip, *inner)
        if any(c in net for c in candidates for net in self.allow if c.version == net.version):
            return None
        for c in candidates:
            kind = next((what for test, what in _NOT_PUBLIC if getattr(c, test)), None)
            if kind is None and not c.is_global:
                kind = "not a public address"
            if kind is not None:
                return kind + (f" (it holds {c})" if c is not ip else "")
        return None

    def addresses(self, host: str, port: int, source: str) -> list[str]:
        """The checked addresses of host:port; AddressRefused (naming `source`) if any is not allowed."""
        try:
            found = self._resolve(host, port)
        except (OSError, UnicodeError) as err:
            raise FetchError(source, f"cannot resolve host {host!r}: {err}") from None
        if not found:
            raise FetchError(source, f"host {host!r} has no address")
        for address in found:
            why = self.refusal(address)
            if why:
                where = address if host.strip("[]") == address else f"host {host!r} at {address}"
                raise AddressRefused(
                    source,
                    f"refused: {where} is {why}; to fetch from it anyway, list its network in "
                    "WARWATCH_FETCH_ALLOW_NETWORKS",
                )
        return found

    def check(self, url: str) -> list[str]:
        """The checked addresses of a URL's host; AddressRefused for a non-http(s) URL or a refused address."""
        host, port = _host_port(url)
        return self.addresses(host, port, url)


def _host_port(url: str) -> tuple[str, int]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as err:
        raise FetchError(url, f"not a valid URL ({err})") from None
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        raise AddressRefused(url, f"refused: only http and https URLs are fetched, not {scheme or 'a relative URL'}")
    if not parts.hostname:
        raise FetchError(url, "not a valid URL: it has no host")
    return parts.hostname, port or (443 if scheme == "https" else 80)


# --- the transport: connect to the checked address, within the deadline ------------------------


def _left(error: type[Exception], timeout: float | None) -> float | None:
    """`timeout` cut to what is left of the current fetch's deadline; `error` once it has passed."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("the fetch deadline passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write waits no longer than the fetch has left.

    httpx's own timeouts apply to each read, so a server sending a byte a second
    would never trip them; cutting each read's timeout to the deadline does.
    """

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _left(httpcore.ReadTimeout, timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _left(httpcore.WriteTimeout, timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(
            self._inner.start_tls(ssl_context, server_hostname, _left(httpcore.ConnectTimeout, timeout))
        )

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """Resolves and checks the host itself, then connects to the address it checked.

    This is what closes the DNS-rebinding gap: httpx never resolves the name on its
    own, so the address connected to is always one the guard allowed. TLS still
    verifies the certificate against the host name, which httpcore passes on.
    """

    def __init__(self, guard: AddressGuard) -> None:
        self._guard = guard
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        error: Exception | None = None
        for address in self._guard.addresses(host, port, f"{host}:{port}"):
            try:
                stream = self._inner.connect_tcp(
                    address, port, _left(httpcore.ConnectTimeout, timeout), local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as err:
                error = err
                continue
            return _DeadlineStream(stream)
        assert error is not None  # addresses() returns at least one or raises
        raise error

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("warwatch fetches over TCP only")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


def guarded_transport(guard: AddressGuard) -> httpx.BaseTransport:
    """httpx's own transport, its connection pool built on `_GuardedBackend`.

    httpx has no public way to give its transport a network backend, so the pool it
    builds is replaced (the attribute has been `_pool` since httpx 0.18; the tests
    fail if that changes). No keep-alive: each request gets a fresh connection made
    through the guard, and with a delay between requests to a host little is lost.
    """
    transport = httpx.HTTPTransport(trust_env=False)
    transport._pool.close()
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_keepalive_connections=0,
        network_backend=_GuardedBackend(guard),
    )
    return transport


# --- the fetcher ---------------------------------------------------------------------------


@dataclass
class _Robots:
    parser: RobotFileParser | None  # None: no robots.txt (everything allowed), or an unreachable one
    expires: float
    unreachable: str | None = None  # why robots.txt could not be read: then nothing is allowed
    crawl_delay: float = 0.0


class Fetcher:
    """Fetches feeds and pages under the rules in the module docstring; use it as a context manager.

    `transport` swaps the network for tests (the address guard still runs first);
    `resolve` swaps DNS.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        resolve: Resolver | None = None,
    ) -> None:
        self.settings = settings or Settings.from_env()
        self.guard = AddressGuard(parse_networks(self.settings.fetch_allow_networks), resolve)
        self.user_agent = self.settings.user_agent
        self._client = httpx.Client(
            transport=transport or guarded_transport(self.guard),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": self.user_agent},
        )
        self._robots: dict[str, _Robots] = {}
        self._last_request: dict[str, float] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = PAGE_ACCEPT,
    ) -> FetchResult:
        """GET `url` under every rule; a 304 comes back as a result with `not_modified`."""
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._fetch(url, headers, self.settings.fetch_max_bytes, robots=True)

    def _fetch(self, url: str, headers: dict[str, str], max_bytes: int, *, robots: bool) -> FetchResult:
        # The deadline counts network time only: waiting for a host's turn and reading
        # robots.txt (a fetch of its own) do not use up the page's time.
        budget = self.settings.fetch_timeout
        hops = [url]
        while True:
            current = hops[-1]
            try:
                self.guard.check(current)
                if robots:
                    self._check_robots(current)
                self._wait_turn(current)
                started = time.monotonic()
                try:
                    outcome = self._request(current, headers, max_bytes, started + budget)
                finally:
                    self._last_request[_host(current)] = time.monotonic()
            except FetchError as err:
                if current == url:
                    raise
                raise type(err)(url, f"after a redirect to {current}: {err.reason}", status=err.status) from None
            budget -= time.monotonic() - started
            if isinstance(outcome, FetchResult):
                return FetchResult(url, current, outcome.status, outcome.headers, outcome.body)
            target = urljoin(current, outcome)
            if target in hops:
                raise RedirectError(url, "redirect loop: " + " -> ".join([*hops[hops.index(target) :], target]))
            if len(hops) > self.settings.fetch_max_redirects:
                raise RedirectError(
                    url, f"more than {self.settings.fetch_max_redirects} redirects (WARWATCH_FETCH_MAX_REDIRECTS)"
                )
            hops.append(target)

    def _request(self, url: str, headers: dict[str, str], max_bytes: int, deadline: float) -> FetchResult | str:
        """One GET without following redirects: the result, or the Location of a redirect."""
        token = _DEADLINE.set(deadline)
        try:
            left = deadline - time.monotonic()
            if left <= 0:
                raise FetchTimeout(url, f"took longer than {self.settings.fetch_timeout:g} s (WARWATCH_FETCH_TIMEOUT)")
            with self._client.stream("GET", url, headers=headers, timeout=httpx.Timeout(left)) as resp:
                status = resp.status_code
                if status in _REDIRECTS:
                    location = resp.headers.get("location")
                    if not location:
                        raise RedirectError(url, f"HTTP {status} redirect without a Location header")
                    return location
                if status == 304:
                    return FetchResult(url, url, status, dict(resp.headers.items()), b"")
                if not 200 <= status < 300:
                    raise HTTPStatusError(url, f"HTTP {status} {resp.reason_phrase}".rstrip(), status=status)
                declared = resp.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise FetchTooLarge(
                        url, f"its Content-Length {int(declared):,} is over the {max_bytes:,}-byte limit"
                    )
                body = bytearray()
                for chunk in resp.iter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        raise FetchTooLarge(url, f"the body passed the {max_bytes:,}-byte limit")
                    if time.monotonic() > deadline:  # a transport without `_DeadlineStream` (tests' mocks)
                        raise httpx.ReadTimeout("the fetch deadline passed")
                return FetchResult(url, url, status, dict(resp.headers.items()), bytes(body))
        except httpx.TimeoutException:
            raise FetchTimeout(
                url, f"took longer than {self.settings.fetch_timeout:g} s (WARWATCH_FETCH_TIMEOUT)"
            ) from None
        except (httpx.HTTPError, httpx.InvalidURL) as err:
            raise FetchError(url, f"{type(err).__name__}: {err}") from None
        finally:
            _DEADLINE.reset(token)

    # -- politeness ----------------------------------------------------------------------
    def _wait_turn(self, url: str) -> None:
        host = _host(url)
        last = self._last_request.get(host)
        if last is None:
            return
        robots = self._robots.get(_origin(url))
        delay = max(self.settings.host_delay, robots.crawl_delay if robots else 0.0)
        wait = last + delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)

    def _check_robots(self, url: str) -> None:
        origin = _origin(url)
        robots = self._robots.get(origin)
        if robots is None or robots.expires < time.monotonic():
            robots = self._robots[origin] = self._load_robots(origin)
        if robots.unreachable is not None:
            raise FetchError(
                url,
                f"{origin}/robots.txt is unreachable ({robots.unreachable}), so nothing is fetched from the site "
                f"until it answers; asked again within {ROBOTS_RETRY / 60:g} minutes",
            )
        if robots.parser is not None and not robots.parser.can_fetch(self.user_agent, url):
            raise RobotsDisallowed(
                url, f"{origin}/robots.txt disallows it for user agent {self.user_agent.split('/')[0]!r}"
            )

    def _load_robots(self, origin: str) -> _Robots:
        robots_url = origin + "/robots.txt"
        now = time.monotonic()
        try:
            res = self._fetch(robots_url, {"Accept": ROBOTS_ACCEPT}, ROBOTS_MAX_BYTES, robots=False)
        except FetchError as err:
            if err.status is not None and 400 <= err.status < 500:  # no robots.txt: everything is allowed
                return _Robots(None, now + ROBOTS_TTL)
            return _Robots(None, now + ROBOTS_RETRY, unreachable=err.reason)
        parser = RobotFileParser(robots_url)
        parser.parse(res.body.decode("utf-8", "replace").splitlines())
        delay = parser.crawl_delay(self.user_agent)
        return _Robots(parser, now + ROBOTS_TTL, crawl_delay=min(float(delay or 0), CRAWL_DELAY_CAP))


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"
