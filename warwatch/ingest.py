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
- WARC web archives (.warc, .warc.gz, or any file that starts with "WARC/"): each
  `response` record with a 2xx status and an HTML (or text/plain) payload is one
  article: URL from WARC-Target-URI, publication date from the page's metadata or
  else from WARC-Date, outlet from the page's site name or else the host. Every
  other record (requests, revisits, metadata, redirects, errors, images, pages with
  no article text) is skipped and counted in `ReadStats`. Records are streamed, and
  `max_bytes` holds for each record's payload, not the whole archive. A damaged
  record is one BadRecordError ("file.warc.gz:N", with its byte offset); reading
  goes on from the next intact record.
- directories: walked recursively in sorted order; hidden files and folders are
  skipped, and links to folders are not followed (so a link loop cannot hang a run).

A batch never stops on a bad input: each one that cannot be read is yielded as an
InputError naming the file (and "file.jsonl:LINE" or "file.warc.gz:RECORD"), and the
rest go on.

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
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataException
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from .clean import clean_text, html_to_article
from .errors import (
    BadRecordError,
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    NoArticleError,
    TooLargeError,
)
from .models import Document
from .settings import Settings

TEXT_SUFFIXES = frozenset({"", ".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
WARC_SUFFIXES = (".warc", ".warc.gz")
#: Payload types of a WARC response read as articles; any other (images, scripts, PDFs, feeds) is skipped.
WARC_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
WARC_TEXT_TYPES = frozenset({"text/plain"})
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
    (b"WARC/", "a WARC web archive; name it .warc (or .warc.gz) to read its pages"),
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


@dataclass
class ReadStats:
    """What a read passed over on purpose, which is not an error: WARC records that are not articles, by reason."""

    skipped: Counter[str] = field(default_factory=Counter)

    def describe(self) -> str:
        """One phrase such as "3 WARC record(s) skipped (2 request, 1 HTTP 404)"; empty when nothing was skipped."""
        total = sum(self.skipped.values())
        if not total:
            return ""
        reasons = ", ".join(
            f"{n} {reason}" for reason, n in sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        return f"{total} WARC record(s) skipped ({reasons})"


def read_paths(
    paths: Iterable[Path | str],
    *,
    overrides: Overrides | None = None,
    settings: Settings | None = None,
    stats: ReadStats | None = None,
) -> Iterator[Document | InputError]:
    """One Document per article read, or an InputError per input that failed; never stops early.

    `stats`, when given, counts what was skipped on purpose (WARC records that hold no article).
    """
    overrides = overrides or Overrides()
    settings = settings or Settings.from_env()
    stats = stats if stats is not None else ReadStats()
    for path in paths:
        yield from _read_path(Path(path), overrides, settings, stats)


def _read_path(
    path: Path, overrides: Overrides, settings: Settings, stats: ReadStats
) -> Iterator[Document | InputError]:
    source = str(path)
    if path.is_dir():
        try:
            yield from _walk(path, overrides, settings, stats)
        except OSError as err:
            yield InputError(source, f"cannot list the folder: {err.strerror or err}; check its permissions")
        return
    if not path.exists():
        yield InputError(source, "no such file or directory; check the path")
        return
    try:
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from _read_jsonl(path, overrides, settings)
        elif _is_warc(path):
            yield from _read_warc(path, overrides, settings, stats)
        else:
            yield _read_file(path, overrides, settings)
    except InputError as err:
        yield err
    except OSError as err:
        yield InputError(source, f"cannot read the file: {err.strerror or err}; check its permissions")


def _walk(folder: Path, overrides: Overrides, settings: Settings, stats: ReadStats) -> Iterator[Document | InputError]:
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.startswith(".") or entry.name.endswith(SIDECAR_SUFFIX):
            continue
        if entry.is_dir() and not entry.is_symlink():
            yield from _walk(entry, overrides, settings, stats)
        elif not entry.is_dir():
            yield from _read_path(entry, overrides, settings, stats)


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


def html_encoding(head: bytes) -> str:
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
        html = _decode(source, data, html_encoding(head))
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


# --- WARC ----------------------------------------------------------------------------------

#: Bytes scanned at a time when looking for the next intact record after a damaged one.
_RESYNC_CHUNK = 1 << 20
#: How a record starts: a new gzip member in a .warc.gz (one member per record, as the WARC
#: standard recommends), a "WARC/1.x" version line at the start of a line in a plain .warc.
_GZIP_MEMBER = b"\x1f\x8b\x08"
_WARC_LINE = b"\nWARC/1."
#: What warcio raises on damaged input. AttributeError is in the list because warcio 1.8 reads
#: a record header cut off by the end of the file as None and fails on it.
_WARC_ERRORS = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    ChunkedDataException,
    EOFError,
    ValueError,
    AttributeError,
    zlib.error,
)


def _is_warc(path: Path) -> bool:
    if path.name.lower().endswith(WARC_SUFFIXES):
        return True
    if not path.is_file():  # never open a pipe or device just to look at it: that could block
        return False
    with path.open("rb") as handle:
        return handle.read(5) == b"WARC/"


@dataclass(frozen=True)
class _WarcRecord:
    """One record as read from the archive: what the article needs, or why it is skipped."""

    offset: int
    uri: str | None = None
    warc_date: str | None = None
    content_type: str = ""
    payload: bytes | None = None  # None when skipped or over the size cap
    skip: str | None = None  # why the record holds no article: "request", "HTTP 404", ...
    truncated: bool = False  # the file ends (or its gzip data breaks) inside the record


@dataclass(frozen=True)
class _WarcStop:
    """Where reading stopped: the end of the file (problem None) or a record warcio could not read."""

    offset: int
    problem: str | None


def _read_warc(
    path: Path, overrides: Overrides, settings: Settings, stats: ReadStats
) -> Iterator[Document | InputError]:
    source = str(path)
    size = path.stat().st_size
    if size == 0:
        raise EmptyInputError(source, "the file is empty; nothing to ingest")
    with path.open("rb") as handle:
        gzipped = handle.read(2) == b"\x1f\x8b"
        start: int | None = 0
        number = 0
        # Inside a damaged stretch: it gets one error, and nothing more is said until an intact record turns up.
        damaged = False
        while start is not None:
            stop = _WarcStop(start, None)
            for item in _warc_records(handle, start, settings.max_bytes):
                if isinstance(item, _WarcStop):
                    stop = item
                    continue
                number += 1
                where = f"{source}:{number}"
                if item.truncated:
                    if not damaged:
                        yield BadRecordError(
                            where,
                            f"the WARC record at byte {item.offset} is cut short (the file is truncated or its "
                            "gzip data is damaged); download or copy the archive again",
                        )
                    damaged = True
                    continue
                damaged = False
                result = _warc_document(item, where, overrides, settings)
                if isinstance(result, str):
                    stats.skipped[result] += 1
                else:
                    yield result
            start = None
            if stop.problem is not None:
                start = _next_record_start(handle, stop.offset + 1, gzipped)
                if not damaged:
                    then = "no intact record follows" if start is None else "reading goes on from the next intact one"
                    yield BadRecordError(
                        f"{source}:{number + 1}",
                        f"the WARC record at byte {stop.offset} cannot be read ({stop.problem}); {then}",
                    )
                damaged = True
            elif stop.offset < size and not damaged:
                yield BadRecordError(
                    f"{source}:{number + 1}",
                    f"the last {size - stop.offset:,} bytes (from byte {stop.offset}) are not a whole WARC record; "
                    "the file is truncated: download or copy it again",
                )


def _warc_records(handle: IO[bytes], start: int, max_bytes: int) -> Iterator[_WarcRecord | _WarcStop]:
    """The records from byte `start` on, then one _WarcStop; warcio's errors end the run at the stop."""
    handle.seek(start)
    records = ArchiveIterator(handle)
    stream = iter(records)
    while True:
        try:
            record = next(stream, None)
            if record is None:
                yield _WarcStop(records.offset, None)
                return
            item = _warc_record(record, records.offset, max_bytes)
        except _WARC_ERRORS as err:
            yield _WarcStop(records.offset, _warc_problem(err))
            return
        yield item


def _next_record_start(handle: IO[bytes], pos: int, gzipped: bool) -> int | None:
    """The offset of the first place at or after `pos` where a record may start, or None; reads in chunks."""
    marker = _GZIP_MEMBER if gzipped else _WARC_LINE
    skip = 0 if gzipped else 1  # a plain record starts just after the newline
    handle.seek(pos)
    base, carry = pos, b""
    while chunk := handle.read(_RESYNC_CHUNK):
        data = carry + chunk
        found = data.find(marker)
        if found >= 0:
            return base + found + skip
        carry = data[-(len(marker) - 1) :]
        base += len(data) - len(carry)
    return None


def _warc_problem(err: Exception) -> str:
    if isinstance(err, ArchiveLoadFailed) and "non-chunked gzip" in str(err):
        return "the archive is one gzip stream, not one gzip member per record; fix it with `warcio recompress`"
    if isinstance(err, zlib.error):
        return "damaged gzip data"
    if "Content-Length" in str(err):
        return "its header is cut short or has no valid Content-Length"
    return "not a valid WARC record header"


def _warc_record(record: ArcWarcRecord, offset: int, max_bytes: int) -> _WarcRecord:
    """Classify a record, read its payload when it may be an article (at most max_bytes + 1), and drain the rest."""
    if record.format != "warc":  # warcio falls back to the older ARC format, which warwatch does not read
        raise ArchiveLoadFailed("not a WARC record")
    headers = record.rec_headers
    length = headers.get_header("Content-Length") or ""
    if not length.strip().isdigit():
        # warcio reads such a record to the end of the file; it is a header cut short or damaged.
        raise ArchiveLoadFailed("no valid Content-Length")
    uri, warc_date = headers.get_header("WARC-Target-URI"), headers.get_header("WARC-Date")
    skip = _warc_skip(record, uri)
    content_type = record.http_headers.get_header("Content-Type", "") if record.http_headers else ""
    payload = None if skip else record.content_stream().read(max_bytes + 1)
    # Read what is left of the record here, so a record cut short by the end of the file is noticed.
    while record.raw_stream.read(_SKIP_CHUNK):
        pass
    truncated = getattr(record.raw_stream, "limit", 0) > 0
    if payload is not None and len(payload) > max_bytes:
        payload = None
    return _WarcRecord(offset, uri, warc_date, content_type, payload, skip, truncated)


def _warc_skip(record: ArcWarcRecord, uri: str | None) -> str | None:
    """Why a record holds no article (a short reason, counted in ReadStats), or None when it may hold one."""
    if record.rec_type != "response":
        return record.rec_type or "untyped"
    if record.http_headers is None:
        return "not HTTP"
    status = record.http_headers.get_statuscode() or ""
    if not (status.isdigit() and 200 <= int(status) < 300):
        return f"HTTP {status or '?'}"
    mime = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if mime not in WARC_HTML_TYPES | WARC_TEXT_TYPES:
        return "not HTML or text"
    if mime in WARC_TEXT_TYPES and urlsplit(uri or "").path.endswith("/robots.txt"):
        return "robots.txt"
    return None


def _warc_document(
    item: _WarcRecord, where: str, overrides: Overrides, settings: Settings
) -> Document | InputError | str:
    """The record's article, an InputError, or the reason it was skipped (a str)."""
    if item.skip:
        return item.skip
    if item.payload is None:
        return TooLargeError(
            where,
            f"the WARC record at byte {item.offset} holds over {settings.max_bytes:,} bytes; "
            "raise the limit with WARWATCH_MAX_BYTES to read it",
        )
    mime, _, params = item.content_type.partition(";")
    charset = _charset_param(params)
    published = _warc_date(item.warc_date)
    host = _host(item.uri)
    if mime.strip().lower() in WARC_HTML_TYPES:
        html = _decode_lenient(item.payload, charset or html_encoding(item.payload[:SNIFF_BYTES]))
        try:
            article = html_to_article(html, where)
        except NoArticleError:
            return "no article text"
        return _document(
            where,
            article.text,
            title=article.title,
            published=article.published or published,
            outlet=article.outlet or host,
            url=item.uri,
            language=article.language,
            overrides=overrides,
        )
    cleaned = clean_text(_decode_lenient(item.payload, charset or "utf-8"))
    if not cleaned.text:
        return "no article text"
    return _document(
        where, cleaned.text, title=cleaned.title, published=published, outlet=host, url=item.uri, overrides=overrides
    )


def _charset_param(params: str) -> str | None:
    """The charset of a Content-Type header's parameters, when Python knows it."""
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            try:
                return codecs.lookup(value.strip().strip("\"'")).name
            except LookupError:
                return None
    return None


def _decode_lenient(data: bytes, encoding: str) -> str:
    # Crawled pages often hold a few bytes that do not fit their declared charset; the article is
    # still worth reading, so such bytes become U+FFFD instead of failing the record.
    if data.startswith(codecs.BOM_UTF8):
        data, encoding = data[len(codecs.BOM_UTF8) :], "utf-8"
    return data.decode(encoding, errors="replace")


def _warc_date(value: str | None) -> date | None:
    """The day of a WARC-Date ("2017-03-27T10:41:00Z"), or None when it is missing or not a date."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip()).date()
    except ValueError:
        return None


def _host(url: str | None) -> str | None:
    """The host of a URL without "www.", as an outlet name for pages that give no site name."""
    host = urlsplit(url or "").hostname
    if not host:
        return None
    return host.removeprefix("www.")
