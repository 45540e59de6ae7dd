"""Live feeds: `warwatch watch` polls RSS/Atom feeds and fetches their new article pages.

fetch   Fetcher, the only way warwatch reaches the web: address guard, robots.txt,
        per-host delay, redirects by hand, time and size caps, conditional GET
watch   Watcher (one poll: feeds -> pages -> documents), the feeds file, the poll loop
"""

from __future__ import annotations

from .fetch import AddressGuard, Fetcher, FetchResult, parse_networks
from .watch import (
    MAX_PAGE_TRIES,
    FeedEntry,
    PollSummary,
    Watcher,
    page_document,
    parse_every,
    parse_feed,
    read_feed_list,
    run_polls,
)

__all__ = [
    "MAX_PAGE_TRIES",
    "AddressGuard",
    "FeedEntry",
    "FetchResult",
    "Fetcher",
    "PollSummary",
    "Watcher",
    "page_document",
    "parse_every",
    "parse_feed",
    "parse_networks",
    "read_feed_list",
    "run_polls",
]
