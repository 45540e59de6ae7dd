"""The ingest stage: files, directories and JSONL dumps in, Documents out.

    read_paths(paths, overrides=..., settings=...) -> iterator of Document | InputError

Kinds of input, told apart by extension and then by content:
- plain text (.txt, .text, .md, no extension, or any other text file): a scraped
  dump; its title is found by `clean.clean_text`.
- HTML (.html, .htm, .xhtml, or text that starts like an HTML page): main text and
  metadata through `clean.html_to_article`.
- JSONL (.jsonl, .ndjson): one article per line, keys `text` (required), `title`,
  `published`, `url`, `outlet`, `language`; other keys (such as `id`) are ignored.
  A dump may be larger than `max_bytes`; each line is held to it instead.
- directories: walked recursively in sorted order; hidden files and folders are
  skipped, and links to folders are not followed (so a link loop cannot hang a run).

A batch never stops on a bad input: each one that cannot be read is yielded as an
InputError naming the file (and "file.jsonl:LINE"), and the rest go on.

A JSONL `published` value must be an ISO date or date-time ("2017-03-27",
"2017-03-27T10:41:00Z"), or null. Any other value makes the line a BadRecordError
naming the field: relative dates in the text ("last week") are resolved against
it, so a wrong or guessed date would misdate every incident of the article.

A plain-text file may have a sidecar `NAME.meta.json` beside it (`title`,
`published`, `url`, `outlet`), the way scrapers save a page's metadata next to
its text; sidecars are never read as articles themselves.

Overrides (publication date, outlet, url given by the caller) fill only the fields
an input lacks; metadata found in an HTML page, a JSONL line or a sidecar wins.

Texts are cleaned before the Document is made, so Evidence offsets refer to
`Document.text`; ids are content hashes, so the same article read twice gets the
same id.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from .clean import clean_text, html_to_article
from .errors import (
    BadRecordError,
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    TooLargeError,
)
from .models import Document
from .settings import Settings

TEXT_SUFFIXES = frozenset({"", ".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SIDECAR_SUFFIX = ".meta.json"

# Bytes looked at to tell text from binary and HTML from plain text; 8 KiB is what `file` and
# git look at, and holds any page's doctype and <head> start.
SNIFF_BYTES = 8192
# Share of control bytes (other than tab, newline, carriage return, form feed) above which a file
# is binary; text files scraped from the web have none, binary formats have many.
CONTROL_BYTE_SHARE = 0.10
# Bytes read at a time when skipping the rest of an over-long JSONL line.
_SKIP_CHUNK = 1 << 20

_MAGIC = (
    (b"%PDF", "a PDF document; convert it to text first (e.g. pdftotext)"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt document); unpack it or save it as text first"),
    (b"\x1f\x8b", "a gzip archive; decompress it first (gunzip)"),
    (b"\x89PNG", "a PNG image; warwatch reads text, HTML and JSONL"),
    (b"\xff\xd8\xff", "a JPEG image; warwatch reads text, HTML and JSONL"),
    (b"GIF8", "a GIF image; warwatch reads text, HTML and JSONL"),
    (b"\xd0\xcf\x11\xe0", "an old Office document; save it as text first"),
    (b"WARC/", "a WARC web archive; extract its pages first"),
)
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0c\x1b")
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!doctype\s+html|<html\b)", re.IGNORECASE)
_HTML_TAG = re.compile(rb"<(?:html|body|head)\b", re.IGNORECASE)
_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?([A-Za-z0-9_-]{2,40})", re.IGNORECASE)


@dataclass(frozen=True)
class Overrides:
    """Metadata given by the caller for inputs that carry none of their own."""

    published: date | None = None
    outlet: str | None = None
    url: str | None = None


def read_paths(
    paths: Iterable[Path | str],
    *,
    overrides: Overrides | None = None,
    settings: Settings | None = None,
) -> Iterator[Document | InputError]:
    """One Document per article read, or an InputError per input that failed; never stops early."""
    overrides = overrides or Overrides()
    settings = settings or Settings.from_env()
    for path in paths:
        yield from _read_path(Path(path), overrides, settings)


def _read_path(path: Path, overrides: Overrides, settings: Settings) -> Iterator[Document | InputError]:
    source = str(path)
    if path.is_dir():
        try:
            yield from _walk(path, overrides, settings)
        except OSError as err:
            yield InputError(source, f"cannot list the folder: {err.strerror or err}; check its permissions")
        return
    if not path.exists():
        yield InputError(source, "no such file or directory; check the path")
        return
    try:
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from _read_jsonl(path, overrides, settings)
        else:
            yield _read_file(path, overrides, settings)
    except InputError as err:
        yield err
    except OSError as err:
        yield InputError(source, f"cannot read the file: {err.strerror or err}; check its permissions")


def _walk(folder: Path, overrides: Overrides, settings: Settings) -> Iterator[Document | InputError]:
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.startswith(".") or entry.name.endswith(SIDECAR_SUFFIX):
            continue
        if entry.is_dir() and not entry.is_symlink():
            yield from _walk(entry, overrides, settings)
        elif not entry.is_dir():
            yield from _read_path(entry, overrides, settings)


def _check_size(path: Path, settings: Settings) -> int:
    size = path.stat().st_size
    if size > settings.max_bytes:
        raise TooLargeError(
            str(path),
            f"the file is {size:,} bytes, over the {settings.max_bytes:,}-byte limit; split it, "
            "or raise the limit with WARWATCH_MAX_BYTES",
        )
    if size == 0:
        raise EmptyInputError(str(path), "the file is empty; nothing to ingest")
    return size


def _check_binary(source: str, head: bytes) -> None:
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise BinaryInputError(source, f"not a text file: it is {what}")
    if b"\x00" in head:
        raise BinaryInputError(
            source, "not a text file (it holds NUL bytes; UTF-16 text must be re-encoded as UTF-8 first)"
        )
    if head:
        controls = sum(1 for b in head if b < 0x20 and b not in _TEXT_CONTROLS)
        if controls / len(head) > CONTROL_BYTE_SHARE:
            raise BinaryInputError(
                source, "not a text file (mostly control bytes); warwatch reads text, HTML and JSONL"
            )


def _decode(source: str, data: bytes, encoding: str = "utf-8", *, where: str = "") -> str:
    """The text of `data`; an EncodingError gives the offset of the first bad byte (in the file, or `where`)."""
    skipped = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[skipped:].decode(encoding)
    except UnicodeDecodeError as err:
        raise EncodingError(
            source,
            f"not valid {encoding.upper()} at byte {err.start + skipped}{where}; re-encode the file as UTF-8 "
            "(e.g. iconv -f windows-1252 -t utf-8)",
        ) from None


def _html_encoding(head: bytes) -> str:
    """The charset an HTML page declares, when Python knows it; UTF-8 otherwise."""
    m = _CHARSET.search(head)
    if m:
        try:
            return codecs.lookup(m.group(1).decode("ascii")).name
        except LookupError:
            pass
    return "utf-8"


def _is_html(path: Path, head: bytes) -> bool:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES or _HTML_START.match(head):
        return True
    # A text file may quote a tag; only files of other kinds are sniffed for one further in.
    return suffix not in TEXT_SUFFIXES and bool(_HTML_TAG.search(head[:1024]))


def _read_file(path: Path, overrides: Overrides, settings: Settings) -> Document:
    source = str(path)
    _check_size(path, settings)
    data = path.read_bytes()
    _check_binary(source, data[:SNIFF_BYTES])
    if b"\x00" in data:
        raise BinaryInputError(source, "not a text file (it holds NUL bytes)")
    head = data[:SNIFF_BYTES]
    if _is_html(path, head):
        html = _decode(source, data, _html_encoding(head))
        if not html.strip():
            raise EmptyInputError(source, "the file holds only whitespace; nothing to ingest")
        article = html_to_article(html, source)
        return _document(
            source,
            article.text,
            title=article.title,
            published=article.published,
            outlet=article.outlet,
            url=article.url,
            language=article.language,
            overrides=overrides,
        )
    text = _decode(source, data)
    cleaned = clean_text(text)
    if not cleaned.text:
        if not text.strip():
            raise EmptyInputError(source, "the file holds only whitespace; nothing to ingest")
        raise EmptyInputError(source, "the file holds only page boilerplate (menus, share links); no article text")
    meta = _sidecar(path)
    return _document(
        source,
        cleaned.text,
        title=_optional_str(meta.source, meta.record, "title") or cleaned.title,
        published=_published(meta.source, meta.record.get("published")),
        outlet=_optional_str(meta.source, meta.record, "outlet"),
        url=_optional_str(meta.source, meta.record, "url"),
        overrides=overrides,
    )


@dataclass(frozen=True)
class _Sidecar:
    source: str
    record: dict[str, Any]


def _sidecar(path: Path) -> _Sidecar:
    """The metadata saved beside a plain-text file, or an empty record when there is none."""
    side = path.with_name(path.name + SIDECAR_SUFFIX)
    if not side.is_file():
        return _Sidecar(str(side), {})
    try:
        record = json.loads(side.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as err:
        raise BadRecordError(str(side), f"the metadata sidecar is not valid JSON ({err}); fix or remove it") from None
    if not isinstance(record, dict):
        raise BadRecordError(str(side), "the metadata sidecar must be a JSON object with title/published/outlet/url")
    return _Sidecar(str(side), record)


def _document(
    source: str,
    text: str,
    *,
    title: str | None,
    overrides: Overrides,
    published: date | None = None,
    outlet: str | None = None,
    url: str | None = None,
    language: str | None = None,
) -> Document:
    return Document(
        id=Document.make_id(text, title),
        text=text,
        title=title,
        published=published or overrides.published,
        outlet=outlet or overrides.outlet,
        url=url or overrides.url,
        language=language or "en",
        source=source,
    )


# --- JSONL ---------------------------------------------------------------------------------


def _read_jsonl(path: Path, overrides: Overrides, settings: Settings) -> Iterator[Document | InputError]:
    source = str(path)
    if path.stat().st_size == 0:
        raise EmptyInputError(source, "the file is empty; nothing to ingest")
    records = 0
    with path.open("rb") as handle:
        _check_binary(source, handle.read(SNIFF_BYTES))
        handle.seek(0)
        for number, line in _lines(handle, settings.max_bytes):
            where = f"{source}:{number}"
            if line is None:
                records += 1
                yield TooLargeError(
                    where,
                    f"the line is over the {settings.max_bytes:,}-byte limit; split the article, "
                    "or raise the limit with WARWATCH_MAX_BYTES",
                )
                continue
            if not line.strip():
                continue
            records += 1
            try:
                yield _record(where, line, overrides)
            except InputError as err:
                yield err
    if not records:
        raise EmptyInputError(source, "the file holds only blank lines; nothing to ingest")


def _lines(handle: IO[bytes], max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines, with None for a line over `max_bytes`, which is skipped without being held."""
    number = 0
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line.rstrip(b"\r\n")) > max_bytes:
            while not line.endswith(b"\n"):
                line = handle.readline(_SKIP_CHUNK)
                if not line:
                    break
            yield number, None
        else:
            yield number, line


def _record(where: str, line: bytes, overrides: Overrides) -> Document:
    if b"\x00" in line:
        raise BinaryInputError(where, "the line holds NUL bytes; each line must be one JSON object in UTF-8")
    raw = _decode(where, line, where=" of the line")
    try:
        record: Any = json.loads(raw)
    except json.JSONDecodeError as err:
        raise BadRecordError(
            where, f"not JSON ({err.msg} at column {err.colno}); each line must be one JSON object"
        ) from None
    if not isinstance(record, dict):
        raise BadRecordError(where, f"a JSON {type(record).__name__}, not an object with a 'text' field")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BadRecordError(where, "no article text: the 'text' field must be a non-empty string")
    title = _optional_str(where, record, "title")
    cleaned = clean_text(text, find_title=title is None)
    body = _drop_title_line(cleaned.text, title) if title else cleaned.text
    if not body:
        raise BadRecordError(where, "the 'text' field holds only page boilerplate (menus, share links)")
    return _document(
        where,
        body,
        title=title or cleaned.title,
        published=_published(where, record.get("published")),
        outlet=_optional_str(where, record, "outlet"),
        url=_optional_str(where, record, "url"),
        language=_optional_str(where, record, "language"),
        overrides=overrides,
    )


def _optional_str(where: str, record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRecordError(where, f"the '{key}' field must be a string or null, not {type(value).__name__}")
    return value.strip() or None


def _published(where: str, value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip()
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
        try:
            return datetime.fromisoformat(text).date()
        except ValueError:
            pass
    raise BadRecordError(
        where, f"the 'published' field {value!r} is not an ISO date; write it as YYYY-MM-DD (or null when unknown)"
    )


def _drop_title_line(text: str, title: str) -> str:
    """The text without a first line that repeats the title (dumps often hold both)."""
    first, _, rest = text.partition("\n")
    if " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest.lstrip("\n")
    return text
