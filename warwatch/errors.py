"""warwatch's exceptions, one hierarchy.

    WarwatchError                  base; the CLI prints str(err) as one line
    ├── ConfigError                a bad setting, model name or database URL
    ├── InputError                 an input that cannot be read (names the file and line)
    │   ├── EmptyInputError        nothing in it to read
    │   ├── BinaryInputError       not text
    │   ├── EncodingError          not valid UTF-8
    │   ├── TooLargeError          over the size cap
    │   ├── NoArticleError         an HTML page with no article text
    │   └── BadRecordError         a JSONL line that is not an article
    ├── ExtractionError            a stage failed on one document (stored with the document)
    ├── StoreError                 the database refused or is not migrated
    ├── NotFoundError              an id that is not in the database
    ├── ReviewError                a review action that cannot be carried out as asked
    │   └── ReviewConflict         the incident changed after the action: undo the later change first
    └── AuthError                  a missing, unknown or revoked analyst token

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
