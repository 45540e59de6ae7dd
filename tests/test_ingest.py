"""Tests of the ingest stage: files, folders and JSONL dumps in, Documents or InputErrors out."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from warwatch.errors import (
    BadRecordError,
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    NoArticleError,
    TooLargeError,
)
from warwatch.ingest import Overrides, read_paths
from warwatch.models import Document
from warwatch.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SETTINGS = Settings()

ARTICLE = (
    "Clashes near the old bridge\n\n"
    "Fighting broke out near the old bridge on Sunday, a local official said.\n\n"
    "Two fighters were killed, according to a statement from the armed group."
)


SHELLING = "Shelling hit the town on Monday, residents said."


def _read(*paths: Path | str, **kwargs: object) -> list[Document | InputError]:
    kwargs.setdefault("settings", SETTINGS)
    return list(read_paths(paths, **kwargs))  # type: ignore[arg-type]


def _one_document(path: Path, **kwargs: object) -> Document:
    results = _read(path, **kwargs)
    assert len(results) == 1
    doc = results[0]
    assert isinstance(doc, Document), doc
    return doc


# --- plain text ----------------------------------------------------------------------------


def test_scraped_text_file(tmp_path: Path) -> None:
    doc = _one_document(FIXTURES / "scraped_page.txt")
    assert doc.title == "Border town shelled as ceasefire talks stall"
    assert doc.text.startswith("Artillery fire hit the northern quarter")
    assert doc.text.endswith("a diplomat said.")
    assert "Read also" not in doc.text and "Agencies" not in doc.text
    assert doc.source == str(FIXTURES / "scraped_page.txt")
    assert doc.id == Document.make_id(doc.text, doc.title)
    assert doc.published is None and doc.url is None and doc.language == "en"


@pytest.mark.parametrize("name", ["article.txt", "article.text", "article", "ARTICLE.TXT", "notes.md"])
def test_plain_text_names(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(ARTICLE, encoding="utf-8")
    doc = _one_document(path)
    assert doc.title == "Clashes near the old bridge"
    assert doc.text.startswith("Fighting broke out")


def test_same_article_twice_gets_the_same_id(tmp_path: Path) -> None:
    first = tmp_path / "a.txt"
    second = tmp_path / "copy" / "b.txt"
    second.parent.mkdir()
    first.write_text(ARTICLE, encoding="utf-8")
    # Other line breaks and spacing, same article.
    second.write_text("\ufeff" + ARTICLE.replace("\n", "\r\n").replace(" on ", "  on "), encoding="utf-8")
    a, b, again = _read(first, second, first)
    assert isinstance(a, Document) and isinstance(b, Document) and isinstance(again, Document)
    assert a.id == b.id == again.id
    assert a.source != b.source


def test_different_articles_get_different_ids(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE.replace("Two", "Three"), encoding="utf-8")
    a, b = _read(tmp_path / "a.txt", tmp_path / "b.txt")
    assert isinstance(a, Document) and isinstance(b, Document)
    assert a.id != b.id


def test_overrides_fill_a_plain_text_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    overrides = Overrides(published=date(2017, 3, 27), outlet="Example Wire", url="https://example.org/a")
    doc = _one_document(path, overrides=overrides)
    assert (doc.published, doc.outlet, doc.url) == (date(2017, 3, 27), "Example Wire", "https://example.org/a")


# --- HTML ----------------------------------------------------------------------------------


def test_html_file_metadata() -> None:
    doc = _one_document(FIXTURES / "article.html")
    assert doc.title == "Drone strike hits fuel depot near river crossing"
    assert doc.published == date(2022, 8, 14)
    assert doc.outlet == "The Valley Observer"
    assert doc.url == "https://valley-observer.example.org/2022/08/drone-strike-fuel-depot"
    assert doc.language == "en"
    assert len(doc.text.split("\n\n")) == 3
    assert doc.text.startswith("A drone struck a fuel depot")
    for gone in ("Home", "Read also", "Subscribe", "cookies", "©"):
        assert gone not in doc.text


def test_html_metadata_wins_over_overrides(tmp_path: Path) -> None:
    overrides = Overrides(published=date(2000, 1, 1), outlet="Other", url="https://other.example/x")
    doc = _one_document(FIXTURES / "article.html", overrides=overrides)
    assert doc.published == date(2022, 8, 14)
    assert doc.outlet == "The Valley Observer"


def test_html_overrides_fill_what_the_page_lacks(tmp_path: Path) -> None:
    path = tmp_path / "bare.htm"
    body = "".join(f"<p>{para}</p>" for para in ARTICLE.split("\n\n")[1:])
    path.write_text(f"<html><body><article>{body}</article></body></html>", encoding="utf-8")
    doc = _one_document(path, overrides=Overrides(published=date(2017, 3, 27), outlet="Example Wire"))
    assert doc.published == date(2017, 3, 27)
    assert doc.outlet == "Example Wire"
    assert doc.text.startswith("Fighting broke out")


@pytest.mark.parametrize("name", ["page", "page.xhtml", "page.saved"])
def test_html_is_sniffed(tmp_path: Path, name: str) -> None:
    shutil.copy(FIXTURES / "article.html", tmp_path / name)
    assert _one_document(tmp_path / name).outlet == "The Valley Observer"


def test_html_in_a_declared_charset(tmp_path: Path) -> None:
    page = (
        "<html><head><meta charset='windows-1252'><title>Caf\u00e9 hit by shelling</title></head>"
        "<body><article><p>A shell struck the caf\u00e9 on the main square on Friday evening, witnesses said.</p>"
        "<p>The owner said two customers were hurt by flying glass and taken to hospital.</p></article></body></html>"
    )
    path = tmp_path / "cafe.html"
    path.write_bytes(page.encode("cp1252"))
    assert "caf\u00e9" in _one_document(path).text


# --- JSONL ---------------------------------------------------------------------------------


def _jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _record(**fields: object) -> str:
    return json.dumps(fields)


def test_jsonl_bad_lines_do_not_stop_the_others(tmp_path: Path) -> None:
    text = ARTICLE.split("\n\n", 1)[1]
    path = _jsonl(
        tmp_path / "dump.jsonl",
        [
            _record(id="a", title="First", text=text, published="2017-03-27", url="https://e.org/1", outlet="E"),
            "{not json",
            _record(id="b", text=text + " More.", extra={"ignored": True}),
            _record(id="c", title="No text"),
            _record(id="d", text=text, published="27/03/2017"),
            "",
            _record(id="e", text="   "),
            "[1, 2]",
            _record(id="f", text=text, title=5),
            _record(id="g", text=text + " Last."),
        ],
    )
    results = _read(path)
    docs = [r for r in results if isinstance(r, Document)]
    errors = [r for r in results if isinstance(r, InputError)]
    assert [d.source for d in docs] == [f"{path}:1", f"{path}:3", f"{path}:10"]
    assert [e.source for e in errors] == [f"{path}:{n}" for n in (2, 4, 5, 7, 8, 9)]
    assert all(isinstance(e, BadRecordError) for e in errors)
    assert all(f"dump.jsonl:{e.source.rsplit(':', 1)[1]}" in str(e) for e in errors)
    assert "published" in str(errors[2]) and "title" in str(errors[5])
    first = docs[0]
    assert (first.title, first.published, first.url, first.outlet) == (
        "First",
        date(2017, 3, 27),
        "https://e.org/1",
        "E",
    )
    assert first.id == Document.make_id(first.text, "First")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-03-27", date(2017, 3, 27)),
        ("2017-03-27T10:41:00Z", date(2017, 3, 27)),
        ("2017-03-27T23:41:00+03:00", date(2017, 3, 27)),
        ("2017-03-27 10:41", date(2017, 3, 27)),
        (None, None),
        ("", None),
    ],
)
def test_jsonl_published_dates(tmp_path: Path, value: str | None, expected: date | None) -> None:
    path = _jsonl(tmp_path / "d.jsonl", [_record(text=SHELLING, published=value)])
    assert _one_document(path).published == expected


@pytest.mark.parametrize("value", ["27/03/2017", "last week", "2017-13-01", 20170327, ["2017-03-27"]])
def test_jsonl_bad_published_is_a_bad_record(tmp_path: Path, value: object) -> None:
    path = _jsonl(tmp_path / "d.jsonl", [_record(text=SHELLING, published=value)])
    (error,) = _read(path)
    assert isinstance(error, BadRecordError)
    assert error.source == f"{path}:1" and "'published'" in str(error)


def test_jsonl_title_repeated_in_text_is_dropped(tmp_path: Path) -> None:
    text = "Clashes near the old bridge\nFighting broke out near the old bridge on Sunday, a local official said."
    path = _jsonl(tmp_path / "d.ndjson", [_record(title="Clashes near the old bridge", text=text)])
    doc = _one_document(path)
    assert doc.title == "Clashes near the old bridge"
    assert doc.text == "Fighting broke out near the old bridge on Sunday, a local official said."


def test_jsonl_without_title_finds_one(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "d.jsonl", [_record(text=ARTICLE)])
    assert _one_document(path).title == "Clashes near the old bridge"


def test_jsonl_overrides_fill_missing_fields(tmp_path: Path) -> None:
    text = "Shelling hit the town on Monday, residents said."
    path = _jsonl(tmp_path / "d.jsonl", [_record(text=text, outlet="Own"), _record(text=text + " Again.")])
    overrides = Overrides(published=date(2020, 1, 2), outlet="Given", url="https://given.example")
    a, b = _read(path, overrides=overrides)
    assert isinstance(a, Document) and isinstance(b, Document)
    assert (a.outlet, b.outlet) == ("Own", "Given")
    assert a.published == b.published == date(2020, 1, 2)


def test_jsonl_line_over_the_limit(tmp_path: Path) -> None:
    small = Settings(max_bytes=200)
    ok = _record(text="Shelling hit the town on Monday, residents said.")
    path = _jsonl(tmp_path / "d.jsonl", [ok, _record(text="word " * 200), ok.replace("Monday", "Tuesday")])
    results = _read(path, settings=small)
    assert [type(r) for r in results] == [Document, TooLargeError, Document]
    assert results[1].source == f"{path}:2"
    assert [r.source for r in results if isinstance(r, Document)] == [f"{path}:1", f"{path}:3"]


def test_jsonl_dump_may_be_larger_than_the_limit(tmp_path: Path) -> None:
    lines = [_record(text=f"Shelling hit district {n} on Monday, residents said.") for n in range(20)]
    path = _jsonl(tmp_path / "d.jsonl", lines)
    results = _read(path, settings=Settings(max_bytes=200))
    assert len(results) == 20 and all(isinstance(r, Document) for r in results)


def test_jsonl_invalid_utf8_line(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    good = _record(text="Shelling hit the town on Monday, residents said.").encode()
    path.write_bytes(good + b"\n" + b'{"text": "caf\xe9 bombed"}\n' + good.replace(b"Monday", b"Friday") + b"\n")
    results = _read(path)
    assert [type(r) for r in results] == [Document, EncodingError, Document]
    assert results[1].source == f"{path}:2"
    assert "at byte 13 of the line" in str(results[1])


# --- bad inputs ----------------------------------------------------------------------------


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "nowhere.txt"


def _empty(tmp_path: Path) -> Path:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    return path


def _blank(tmp_path: Path) -> Path:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\t\n", encoding="utf-8")
    return path


def _only_furniture(tmp_path: Path) -> Path:
    path = tmp_path / "menu.txt"
    path.write_text("Breadcrumb\nHome > World\nShare this article\n", encoding="utf-8")
    return path


def _nul_bytes(tmp_path: Path) -> Path:
    path = tmp_path / "nul.txt"
    path.write_bytes(b"Some text\x00\x00\x00 and more")
    return path


def _utf16(tmp_path: Path) -> Path:
    path = tmp_path / "wide.txt"
    path.write_bytes(ARTICLE.encode("utf-16"))
    return path


def _png(tmp_path: Path) -> Path:
    path = tmp_path / "picture.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    return path


def _control_bytes(tmp_path: Path) -> Path:
    path = tmp_path / "blob.dat"
    path.write_bytes(bytes([1, 2, 3, 4, 5, 6, 65, 66]) * 200)
    return path


def _latin1(tmp_path: Path) -> Path:
    path = tmp_path / "latin.txt"
    # 20 bytes of ASCII, then a Latin-1 e-acute.
    path.write_bytes("Shelling hit the caf\u00e9 on Monday.".encode("latin-1"))
    return path


def _latin1_after_bom(tmp_path: Path) -> Path:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "Shelling hit the caf\u00e9 on Monday.".encode("latin-1"))
    return path


def _no_article_html(tmp_path: Path) -> Path:
    path = tmp_path / "index.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav><footer>© 2020</footer></body></html>", "utf-8")
    return path


def _empty_jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "blank.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    return path


def _binary_jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "blob.jsonl"
    path.write_bytes(b"\x1f\x8b\x08\x00" + bytes(100))
    return path


@pytest.mark.parametrize(
    ("make", "error", "words"),
    [
        (_missing, InputError, "no such file"),
        (_empty, EmptyInputError, "empty"),
        (_blank, EmptyInputError, "whitespace"),
        (_only_furniture, EmptyInputError, "boilerplate"),
        (_nul_bytes, BinaryInputError, "NUL"),
        (_utf16, BinaryInputError, "UTF-8"),
        (_png, BinaryInputError, "PNG"),
        (_control_bytes, BinaryInputError, "control bytes"),
        (_latin1, EncodingError, "at byte 20; re-encode the file as UTF-8"),
        (_latin1_after_bom, EncodingError, "at byte 23;"),
        (_no_article_html, NoArticleError, "no article text"),
        (_empty_jsonl, EmptyInputError, "blank lines"),
        (_binary_jsonl, BinaryInputError, "gzip"),
    ],
)
def test_bad_input(tmp_path: Path, make: Callable[[Path], Path], error: type[InputError], words: str) -> None:
    path = make(tmp_path)
    (result,) = _read(path)
    assert type(result) is error
    assert result.source == str(path)
    assert str(result).startswith(f"{path}: ")
    assert words in str(result)
    assert "\n" not in str(result)


def test_too_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(20_000_000)  # sparse: refused from its size alone
    start = time.perf_counter()
    (result,) = _read(path, settings=Settings(max_bytes=10_000_000))
    assert time.perf_counter() - start < 0.5
    assert isinstance(result, TooLargeError)
    assert result.source == str(path) and "20,000,000 bytes" in str(result) and "WARWATCH_MAX_BYTES" in str(result)


def test_a_batch_goes_on_after_bad_inputs(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    results = _read(_missing(tmp_path), _nul_bytes(tmp_path), good, _empty(tmp_path), good)
    assert [type(r) for r in results] == [InputError, BinaryInputError, Document, EmptyInputError, Document]


# --- folders -------------------------------------------------------------------------------


def test_folder_walk(tmp_path: Path) -> None:
    root = tmp_path / "in"
    (root / "b_sub" / "deeper").mkdir(parents=True)
    (root / ".hidden_dir").mkdir()
    (root / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "b_sub" / "deeper" / "c.txt").write_text(ARTICLE.replace("Two", "Five"), encoding="utf-8")
    (root / "b_sub" / "page.html").write_bytes((FIXTURES / "article.html").read_bytes())
    _jsonl(root / "d.jsonl", [_record(text="Shelling hit the town on Monday, residents said."), "oops"])
    (root / "e.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (root / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    (root / ".hidden_dir" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    results = _read(root)
    assert [r.source for r in results] == [
        str(root / "a.txt"),
        str(root / "b_sub" / "deeper" / "c.txt"),
        str(root / "b_sub" / "page.html"),
        f"{root / 'd.jsonl'}:1",
        f"{root / 'd.jsonl'}:2",
        str(root / "e.png"),
    ]
    assert [type(r) for r in results] == [Document, Document, Document, Document, BadRecordError, BinaryInputError]


def test_explicit_hidden_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / ".draft.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert _one_document(path).title == "Clashes near the old bridge"


def test_settings_default_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    monkeypatch.setenv("WARWATCH_MAX_BYTES", "10")
    (result,) = read_paths([path])
    assert isinstance(result, TooLargeError)
