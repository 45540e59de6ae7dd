"""`warwatch gazetteer load FILE`: a GeoNames dump's places join the gazetteer and stay for later runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from warwatch import geo, nlp
from warwatch.cli import app
from warwatch.geo import gazetteer as gz
from warwatch.geo import loaded
from warwatch.geo.gazetteer import Entry, Gazetteer
from warwatch.settings import Settings


def _row(
    gid: str, name: str, lat: str, lon: str, fcode: str = "P.PPL", cc: str = "IQ", pop: str = "0", alt: str = ""
) -> str:
    """A line of a GeoNames dump: geonameid, name, asciiname, alternatenames, lat, lon, feature class
    and code, country, cc2, admin1..admin4 codes, population, elevation, dem, timezone, modified."""
    fclass, code = fcode.split(".")
    cols = [gid, name, name, alt, lat, lon, fclass, code, cc, "", "15", "", "", "", pop, "", "250", "Asia/Baghdad"]
    return "\t".join([*cols, "2024-01-01"])


#: Two villages near Mosul (made-up names and ids), Mosul itself (already in the gazetteer), a stream
#: (a feature kind not loaded by default), then three bad lines.
ROWS = [
    _row("990000001", "Tall Zubaydat", "36.41", "43.05", alt="Tell Zubaidat,Tal Zubaydat"),
    _row("990000002", "Khirbat Nawfan", "36.28", "43.21", pop="1200"),
    _row("99072", "Mosul", "36.335", "43.119", fcode="P.PPLA", pop="1739800", alt="Al Mawsil"),
    _row("990000003", "Wadi Nawfan", "36.30", "43.20", fcode="H.WAD"),
    _row("990000004", "Qaryat Sifr", "36.3", "north"),
    "990000005\tQaryat Wahid\t36.3\t43.2",
    _row("990000006", "Qaryat Ithnayn", "36.3", "43.2", cc="Iraq"),
]


def _small_base() -> Gazetteer:
    """The embedded gazetteer, in little: Iraq, Nineveh and Mosul (building the real one takes ~10 s)."""
    entries = [
        Entry("country:IQ", "Iraq", "IQ", None, None, 33.0, 44.0, 40_000_000, "country", None),
        Entry("admin1:IQ.15", "Nineveh", "IQ", "Nineveh", None, 36.3, 42.5, 3_000_000, "admin1", None),
        Entry("geonames:99072", "Mosul", "IQ", "Nineveh", "Mosul", 36.335, 43.119, 1_739_800, "city", None),
    ]
    return Gazetteer(entries, countries={"IQ": {"name": "Iraq", "iso": 368}}, pattern_ids=[2])


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory of its own, with the small base gazetteer behind it."""
    monkeypatch.setenv("WARWATCH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(gz, "build", _small_base)
    return tmp_path / "cache"


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    path = tmp_path / "villages.tsv"
    path.write_text("\n".join(ROWS) + "\n", encoding="utf-8")
    return path


def _load(*args: str) -> Any:
    return CliRunner().invoke(app, ["gazetteer", "load", *args])


def test_load_reports_each_bad_line_and_adds_the_rest(cache: Path, dump: Path) -> None:
    res = _load(str(dump))
    assert res.exit_code == 1, res.output  # some lines failed: partial success
    lines = res.stderr.splitlines()
    assert lines[:3] == [
        f"{dump}:5: latitude/longitude '36.3', 'north' are not numbers",
        f"{dump}:6: 4 tab-separated columns, a GeoNames row has 19",
        f"{dump}:7: country code 'Iraq' is not two capital letters",
    ]
    assert lines[-1].startswith("added 2 place(s) to the gazetteer (0 replaced, 1 already in it, 1 of other feature")
    assert str(cache / loaded.LOADED_FILE) in lines[-1]


def test_loaded_places_persist_and_resolve_in_an_article(cache: Path, dump: Path) -> None:
    _load(str(dump))
    later = gz.load_or_build()  # what the next run gets: the cached index with the loaded places
    (village,) = later.lookup("Tall Zubaydat")
    assert (village.gazetteer_id, village.iso2, village.admin1, village.admin2) == (
        "geonames:990000001",
        "IQ",
        "Nineveh",
        "Mosul",  # borrowed from Mosul, the nearest place within the admin2 radius
    )
    assert [p.gazetteer_id for p in later.lookup("Tell Zubaidat")] == ["geonames:990000001"]  # an alternate name
    assert later.lookup("Wadi Nawfan") == []  # a stream: not loaded without --all-features

    model = nlp.load(Settings().spacy_model, later.entity_patterns())
    text = "Gunmen attacked Tall Zubaydat, a village near Mosul, on Tuesday."
    mentions = {m.text: m.place for m in geo.locate(model(text), later, "doc1")}
    place = mentions["Tall Zubaydat"]
    assert place is not None and place.gazetteer_id == "geonames:990000001" and place.geo_precision == 1


def test_loading_again_replaces_and_adds_nothing_twice(cache: Path, dump: Path) -> None:
    _load(str(dump))
    res = _load(str(dump))
    assert "added 0 place(s) to the gazetteer (2 replaced" in res.stderr
    kept = (cache / loaded.LOADED_FILE).read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[0] for line in kept] == ["990000001", "990000002"]


def test_all_features_keeps_other_kinds(cache: Path, dump: Path) -> None:
    _load("--all-features", str(dump))
    (wadi,) = gz.load_or_build().lookup("Wadi Nawfan")
    assert (wadi.feature, wadi.geo_precision) == ("area", 2)


def test_unreadable_file_is_one_line_and_exit_2(cache: Path, tmp_path: Path) -> None:
    res = _load(str(tmp_path / "missing.txt"))
    assert res.exit_code == 2
    assert res.stderr.strip().startswith(f"error: {tmp_path / 'missing.txt'}: cannot read it")
    assert not (cache / loaded.LOADED_FILE).exists()


@given(line=st.text(alphabet=st.sampled_from("\t,.-0123456789 PAIQabcé"), max_size=120))
def test_any_line_is_a_row_or_a_reason(line: str) -> None:
    parsed = loaded._parse_row(line)
    if isinstance(parsed, str):
        assert parsed  # what is wrong, never empty
    else:
        assert parsed.line == line


@given(
    gid=st.integers(min_value=1, max_value=10**10),
    lat=st.floats(min_value=-90, max_value=90),
    lon=st.floats(min_value=-180, max_value=180),
    pop=st.integers(min_value=0, max_value=10**8),
)
def test_a_good_row_reads_back(gid: int, lat: float, lon: float, pop: int) -> None:
    parsed = loaded._parse_row(_row(str(gid), "Tall Zubaydat", repr(lat), repr(lon), pop=str(pop)))
    assert not isinstance(parsed, str)
    assert (parsed.gid, parsed.lat, parsed.lon, parsed.population, parsed.cc) == (gid, lat, lon, pop, "IQ")
