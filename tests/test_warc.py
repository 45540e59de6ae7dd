"""WARC web archives as input: pages become Documents, other records are counted, damage is one named line."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from warwatch.cli import app
from warwatch.errors import BadRecordError, InputError, TooLargeError
from warwatch.ingest import ReadStats, read_paths
from warwatch.models import Document
from warwatch.settings import Settings
from warwatch.store import Store

# Two made-up incident reports, written for these tests. The first page carries its publication
# date in its metadata; the second carries none, so its date must come from the capture (WARC-Date).
SHELLING_PAGE = """<!doctype html>
<html lang="en"><head>
<title>Shelling kills five in Idlib village</title>
<meta property="og:site_name" content="Northern Monitor">
<meta property="article:published_time" content="2020-02-11T08:15:00Z">
</head><body>
<nav>Home | World | Contact</nav>
<article>
<h1>Shelling kills five in Idlib village</h1>
<p>Artillery shells hit the village of Kafr Nabl in Idlib province on Tuesday, killing five civilians,
among them two children, a rescue worker in the village told reporters.</p>
<p>The shells landed near a bakery where people were queuing for bread, the rescue worker said,
and at least nine other people were wounded.</p>
</article>
</body></html>
"""

MISSILE_PAGE = """<!doctype html>
<html lang="en"><head><title>Missile hits school building in Kharkiv</title></head>
<body><article>
<h1>Missile hits school building in Kharkiv</h1>
<p>A missile struck an empty school building in the city of Kharkiv during the night, wounding three
security guards, the regional governor wrote in a statement.</p>
<p>Nobody was killed, the governor added, and firefighters put out the blaze before dawn.</p>
</article></body></html>
"""

NOT_FOUND_PAGE = """<!doctype html>
<html><head><title>Page not found</title></head><body><article>
<h1>Page not found</h1>
<p>The story you asked for about a bombing in a market town was moved or deleted by the editors.</p>
<p>Search the archive of the site for reports of the attack, or go back to the front page.</p>
</article></body></html>
"""

SHELLING_URL = "https://www.northern-monitor.example/2020/idlib-shelling"
MISSILE_URL = "https://news.kharkiv-daily.example/missile-school"
CAPTURED = "2022-09-14T06:30:00Z"

runner = CliRunner()


def _headers(status: str, content_type: str) -> StatusAndHeaders:
    return StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")


def _response(writer: WARCWriter, url: str, body: bytes, status: str = "200 OK", content_type: str = "") -> None:
    record = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        length=len(body),  # a known length keeps warcio from spooling the body to a temporary file
        http_headers=_headers(status, content_type or "text/html; charset=utf-8"),
        warc_headers_dict={"WARC-Date": CAPTURED},
    )
    writer.write_record(record)


def write_crawl(path: Path, *, gzip: bool, shelling: str = SHELLING_PAGE) -> Path:
    """A small crawl: warcinfo, a request, two article pages, an image, a 404 page and a revisit."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "hand-written test crawl"}))
        request = StatusAndHeaders(
            "GET /2020/idlib-shelling HTTP/1.1", [("Host", "www.northern-monitor.example")], is_http_request=True
        )
        writer.write_record(writer.create_warc_record(SHELLING_URL, "request", http_headers=request))
        _response(writer, SHELLING_URL, shelling.encode("utf-8"))
        _response(
            writer,
            "https://www.northern-monitor.example/logo.png",
            b"\x89PNG\r\n\x1a\n" + bytes(200),
            "200 OK",
            "image/png",
        )
        _response(writer, "https://www.northern-monitor.example/old-story", NOT_FOUND_PAGE.encode(), "404 Not Found")
        _response(writer, MISSILE_URL, MISSILE_PAGE.encode("utf-8"))
        revisit = writer.create_revisit_record(
            SHELLING_URL,
            "sha1:AAAABBBBCCCCDDDDEEEEFFFFGGGGHHHH",
            SHELLING_URL,
            CAPTURED,
            http_headers=_headers("200 OK", "text/html; charset=utf-8"),
        )
        writer.write_record(revisit)
    return path


def _read(path: Path, **kwargs: object) -> tuple[list[Document | InputError], ReadStats]:
    stats = ReadStats()
    kwargs.setdefault("settings", Settings())
    return list(read_paths([path], stats=stats, **kwargs)), stats  # type: ignore[arg-type]


@pytest.fixture(params=[True, False], ids=["warc.gz", "warc"])
def crawl(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    gzip = request.param
    return write_crawl(tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc"), gzip=gzip)


def test_article_pages_become_documents_and_the_rest_is_counted(crawl: Path) -> None:
    items, stats = _read(crawl)
    assert all(isinstance(i, Document) for i in items), items
    shelling, missile = items
    assert isinstance(shelling, Document) and isinstance(missile, Document)
    assert shelling.url == SHELLING_URL
    assert shelling.published == date(2020, 2, 11)  # from the page's metadata
    assert shelling.outlet == "Northern Monitor"  # the page's site name
    assert shelling.title == "Shelling kills five in Idlib village"
    assert "killing five civilians" in shelling.text and "Home | World" not in shelling.text
    assert missile.url == MISSILE_URL
    assert missile.published == date(2022, 9, 14)  # no date in the page: the capture's WARC-Date
    assert missile.outlet == "news.kharkiv-daily.example"  # no site name: the host
    assert "wounding three" in missile.text
    # Record numbers count every record: warcinfo 1, request 2, shelling 3, image 4, 404 5, missile 6.
    assert shelling.source == f"{crawl}:3" and missile.source == f"{crawl}:6"
    assert stats.skipped == {"warcinfo": 1, "request": 1, "not HTML or text": 1, "HTTP 404": 1, "revisit": 1}
    assert stats.describe() == (
        "5 WARC record(s) skipped (1 HTTP 404, 1 not HTML or text, 1 request, 1 revisit, 1 warcinfo)"
    )


def test_plain_text_pages_are_read_and_robots_txt_is_not(tmp_path: Path) -> None:
    path = tmp_path / "text.warc"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        robots = b"User-agent: *\nDisallow: /private/\n"
        _response(writer, "https://wire.example/robots.txt", robots, content_type="text/plain")
        story = (
            "Convoy ambushed on desert road\n\n"
            "Gunmen ambushed a supply convoy on the desert road south of the border crossing on Monday, "
            "killing two drivers, the transport company said."
        )
        _response(writer, "https://wire.example/stories/convoy", story.encode("utf-8"), content_type="text/plain")
    items, stats = _read(path)
    [doc] = items
    assert isinstance(doc, Document)
    assert doc.title == "Convoy ambushed on desert road" and doc.text.startswith("Gunmen ambushed")
    assert (doc.url, doc.outlet, doc.published) == (
        "https://wire.example/stories/convoy",
        "wire.example",
        date(2022, 9, 14),
    )
    assert stats.skipped == {"robots.txt": 1}


def test_same_page_gets_the_same_id_as_its_html_file(crawl: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(SHELLING_PAGE, encoding="utf-8")
    [from_file], _ = _read(page)
    items, _ = _read(crawl)
    assert isinstance(from_file, Document)
    assert from_file.id == items[0].id  # type: ignore[union-attr]


def test_archives_are_found_in_folders_and_by_content(tmp_path: Path) -> None:
    (tmp_path / "crawls" / "may").mkdir(parents=True)
    write_crawl(tmp_path / "crawls" / "may" / "part-1.warc.gz", gzip=True)
    # A plain archive under a name that says nothing is recognised by its first bytes.
    write_crawl(tmp_path / "crawls" / "capture.dat", gzip=False)
    items, stats = _read(tmp_path / "crawls")
    assert [type(i) for i in items] == [Document] * 4
    assert [i.source for i in items] == [
        f"{tmp_path / 'crawls' / 'capture.dat'}:3",
        f"{tmp_path / 'crawls' / 'capture.dat'}:6",
        f"{tmp_path / 'crawls' / 'may' / 'part-1.warc.gz'}:3",
        f"{tmp_path / 'crawls' / 'may' / 'part-1.warc.gz'}:6",
    ]
    assert sum(stats.skipped.values()) == 10


def test_size_cap_holds_per_record(tmp_path: Path) -> None:
    long_page = SHELLING_PAGE.replace("</article>", "<p>" + "Residents buried the dead. " * 400 + "</p></article>")
    path = write_crawl(tmp_path / "crawl.warc.gz", gzip=True, shelling=long_page)
    items, _ = _read(path, settings=Settings(max_bytes=len(long_page) - 100))
    too_large, missile = items
    assert isinstance(too_large, TooLargeError)
    assert too_large.source == f"{path}:3"
    assert re.search(r"WARC record at byte \d+ holds over [\d,]+ bytes", str(too_large))
    assert isinstance(missile, Document) and missile.url == MISSILE_URL


def _record_starts(data: bytes, gzip: bool) -> list[int]:
    marker = b"\x1f\x8b\x08" if gzip else b"WARC/1."
    return [m.start() for m in re.finditer(re.escape(marker), data)]


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_truncated_file_keeps_the_pages_before_the_cut(tmp_path: Path, gzip: bool) -> None:
    full = write_crawl(tmp_path / "full.warc", gzip=gzip).read_bytes()
    starts = _record_starts(full, gzip)
    cut = (starts[5] + starts[6]) // 2  # inside the record of the second article
    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    path.write_bytes(full[:cut])
    items, _ = _read(path)
    assert len(items) == 2
    kept, error = items
    assert isinstance(kept, Document) and kept.url == SHELLING_URL
    assert isinstance(error, BadRecordError)
    assert error.source == f"{path}:6"
    message = str(error)
    assert "\n" not in message and message.startswith(f"{path}:6: ")
    assert f"byte {starts[5]}" in message and "truncated" in message


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_damaged_record_is_one_error_and_reading_goes_on(tmp_path: Path, gzip: bool) -> None:
    full = bytearray(write_crawl(tmp_path / "full.warc", gzip=gzip).read_bytes())
    starts = _record_starts(bytes(full), gzip)
    # Spoil the header of the image record (the fourth), leaving the records around it intact.
    at = starts[3] + (12 if gzip else 0)
    full[at : at + 24] = b"\x00" * 24 if gzip else b"GARBAGE GARBAGE GARBAGE\n"
    path = tmp_path / ("damaged.warc.gz" if gzip else "damaged.warc")
    path.write_bytes(bytes(full))
    items, _ = _read(path)
    errors = [i for i in items if isinstance(i, InputError)]
    docs = [i for i in items if isinstance(i, Document)]
    assert [d.url for d in docs] == [SHELLING_URL, MISSILE_URL]
    assert len(errors) == 1
    assert f"byte {starts[3]}" in str(errors[0]) and "reading goes on" in str(errors[0])


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "the file is empty"),
        (b"<html><body>not an archive at all</body></html>\n", "not a valid WARC record header"),
        (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://a.example/\r\n", "the file is truncated"),
        (b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: many\r\n\r\nHTTP/1.1 200 OK\r\n\r\n", "Content-Length"),
    ],
    ids=["empty", "not-warc", "header-cut", "bad-length"],
)
def test_files_that_are_not_archives(tmp_path: Path, content: bytes, says: str) -> None:
    path = tmp_path / "odd.warc"
    path.write_bytes(content)
    [error], _ = _read(path)
    assert isinstance(error, InputError)
    assert str(error).startswith(str(path)) and says in str(error)


_FULL_CRAWLS: dict[bool, bytes] = {}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(gzip=st.booleans(), share=st.floats(min_value=0.0, max_value=1.0))
def test_any_cut_is_read_without_crashing(tmp_path: Path, gzip: bool, share: float) -> None:
    if gzip not in _FULL_CRAWLS:
        _FULL_CRAWLS[gzip] = write_crawl(tmp_path / f"full-{gzip}.warc", gzip=gzip).read_bytes()
    full = _FULL_CRAWLS[gzip]
    path = tmp_path / "cut.warc"
    path.write_bytes(full[: int(len(full) * share)])
    items, _ = _read(path)
    urls = [i.url for i in items if isinstance(i, Document)]
    assert urls in ([], [SHELLING_URL], [SHELLING_URL, MISSILE_URL])
    for item in items:
        assert isinstance(item, Document) or str(item).startswith(str(path))


def test_cli_run_reads_an_archive(tmp_path: Path, db_url: str) -> None:
    path = write_crawl(tmp_path / "crawl.warc.gz", gzip=True)
    res = runner.invoke(app, ["run", str(path), "--db", db_url])
    assert res.exit_code == 0, res.output
    assert "ingested 2 new document(s), 0 already stored, 0 failed; 5 WARC record(s) skipped" in res.output
    docs = Store(db_url).documents()
    assert sorted(d.url or "" for d in docs) == sorted([SHELLING_URL, MISSILE_URL])
    assert {d.status for d in docs} == {"processed"}


def test_cli_names_a_truncated_archive_and_keeps_what_it_read(tmp_path: Path, db_url: str) -> None:
    full = write_crawl(tmp_path / "full.warc.gz", gzip=True).read_bytes()
    starts = _record_starts(full, True)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(full[: starts[5] + 40])
    res = runner.invoke(app, ["ingest", str(path), "--db", db_url])
    assert res.exit_code == 1, res.output
    assert f"{path}:6: the " in res.output.replace("\n", "")
    assert [d.url for d in Store(db_url).documents(status="ingested")] == [SHELLING_URL]
    status = runner.invoke(app, ["status", "--db", db_url])
    assert f"{path}:6" in status.output.replace("\n", "")
