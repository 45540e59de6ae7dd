"""warwatch's exceptions, one hierarchy.

    WarwatchError                  base; the CLI prints str(err) as one line
    ├── ConfigError                a bad setting, model name or database URL
    ├── InputError                 an input that cannot be read (names the file and line)
    │   ├── EmptyInputError        nothing in it to read
    │   ├── BinaryInputError       not text
    │   ├── EncodingError          not valid UTF-8
    │   ├── TooLargeError          over the size cap
    │   ├── NoArticleError         an HTML page with no article text
    │   └── BadRecordError         a JSONL line or WARC record that cannot be read as an article
    ├── ExtractionError            a stage failed on one document (stored with the document)
    ├── ClusterError               the Dask cluster cannot be reached, has no workers, or was lost
    ├── StoreError                 the database refused or is not migrated
    ├── NotFoundError              an id that is not in the database
    ├── ReviewError                a review action that cannot be carried out as asked
    │   └── ReviewConflict         the incident changed after the action: undo the later change first
    ├── AuthError                  a missing, unknown or revoked analyst token
    └── FetchError                 a feed or page that could not be fetched (names the URL)
        ├── FetchTimeout           it took longer than WARWATCH_FETCH_TIMEOUT
        ├── FetchTooLarge          its body is over WARWATCH_FETCH_MAX_BYTES
        ├── RedirectError          a redirect loop, too many redirects, or a redirect going nowhere
        ├── AddressRefused         not http(s), or its host is a private, loopback or link-local address
        ├── RobotsDisallowed       the site's robots.txt does not let warwatch fetch it
        ├── HTTPStatusError        the server answered with an error status
        └── NotAFeedError          fetched, but not an RSS or Atom feed

Every message says what was wrong and what to do about it.
"""

from __future__ import annotations


class WarwatchError(Exception):
    """Base of every error warwatch raises on purpose."""


class ConfigError(WarwatchError):
    pass


class InputError(WarwatchError):
    """An input that cannot be read; `source` names the file (and line)."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class EmptyInputError(InputError):
    pass


class BinaryInputError(InputError):
    pass


class EncodingError(InputError):
    pass


class TooLargeError(InputError):
    pass


class NoArticleError(InputError):
    pass


class BadRecordError(InputError):
    pass


class ExtractionError(WarwatchError):
    def __init__(self, doc_id: str, stage: str, reason: str) -> None:
        self.doc_id = doc_id
        self.stage = stage
        self.reason = reason
        super().__init__(f"document {doc_id}: {stage} failed: {reason}")


class ClusterError(WarwatchError):
    """The Dask cluster cannot be reached, has no workers, or was lost during a run."""


class StoreError(WarwatchError):
    pass


class NotFoundError(WarwatchError):
    pass


class ReviewError(WarwatchError):
    """A review request that cannot be carried out as asked."""


class ReviewConflict(ReviewError):
    """The incident changed after the action; undo the later change first."""


class AuthError(WarwatchError):
    """A missing, unknown or revoked token."""


class FetchError(WarwatchError):
    """A feed or page that could not be fetched; `url` names it, `status` is the HTTP status when one came."""

    def __init__(self, url: str, reason: str, *, status: int | None = None) -> None:
        self.url = url
        self.reason = reason
        self.status = status
        super().__init__(f"{url}: {reason}")


class FetchTimeout(FetchError):
    pass


class FetchTooLarge(FetchError):
    pass


class RedirectError(FetchError):
    pass


class AddressRefused(FetchError):
    pass


class RobotsDisallowed(FetchError):
    pass


class HTTPStatusError(FetchError):
    pass


class NotAFeedError(FetchError):
    pass
