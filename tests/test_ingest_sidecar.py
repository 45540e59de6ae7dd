"""Plain-text files take their metadata from a NAME.meta.json sidecar."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from warwatch.errors import BadRecordError
from warwatch.ingest import Overrides, read_paths

BODY = "Clashes in Kirkuk\n\nGunmen attacked a checkpoint south of Kirkuk on Monday, police said.\n"


def test_sidecar_gives_metadata_and_is_not_an_article(tmp_path: Path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "a.txt.meta.json").write_text(
        '{"published": "2019-05-06", "outlet": "Wire", "url": "https://w.example/a"}', encoding="utf-8"
    )
    [doc] = list(read_paths([tmp_path], overrides=Overrides(published=date(2020, 1, 1), outlet="Other")))
    assert (doc.published, doc.outlet, doc.url) == (date(2019, 5, 6), "Wire", "https://w.example/a")
    assert doc.title == "Clashes in Kirkuk"


def test_overrides_fill_what_the_sidecar_lacks(tmp_path: Path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "a.txt.meta.json").write_text('{"outlet": "Wire"}', encoding="utf-8")
    [doc] = list(read_paths([tmp_path / "a.txt"], overrides=Overrides(published=date(2020, 1, 1))))
    assert (doc.published, doc.outlet) == (date(2020, 1, 1), "Wire")


def test_a_broken_sidecar_is_named(tmp_path: Path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "a.txt.meta.json").write_text("{not json", encoding="utf-8")
    [err] = list(read_paths([tmp_path / "a.txt"]))
    assert isinstance(err, BadRecordError)
    assert "a.txt.meta.json" in str(err)
