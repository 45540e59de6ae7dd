"""The digest: sections, numbers that add up to the database's, sources, SVG, PDF, CLI.

Most tests share one small database built from hand-made reports in two stages, as a
live database grows: the four weeks before 2017-W13 are stored first (recorded on
2017-03-20), then the week's own reports, a toll revision and a report that joins two
incidents into one (recorded on 2017-03-29, inside the week). The stage timestamps are
written into the rows so "since the last digest" has something fixed to find.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from tests.conftest import IS, KIRKUK, MOSUL, make_doc, make_report
from warwatch.cli import app
from warwatch.digest import Digest, Period, build, parse_week, render
from warwatch.digest.build import TOP_INCIDENTS, tally
from warwatch.digest.render import span
from warwatch.digest.svg import incident_map, trend_chart
from warwatch.errors import ConfigError, NotFoundError
from warwatch.models import Document, Grade, Incident, Place, Report, TimeSpan, Victims
from warwatch.store import AuditRow, IncidentFilter, IncidentRow, Store

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "out" / "test-artifacts"
SVG_NS = "{http://www.w3.org/2000/svg}"
WEEK = "2017-W13"
W13 = Period(date(2017, 3, 27), date(2017, 4, 2))
STAGE1_AT = datetime(2017, 3, 20, 12, 0, tzinfo=UTC)
STAGE2_AT = datetime(2017, 3, 29, 12, 0, tzinfo=UTC)
HOSTILE = "<script>alert('x')</script> & Co"

ME = "Middle East"
MOSUL_ME = dataclasses.replace(MOSUL, region=ME)
KIRKUK_ME = dataclasses.replace(KIRKUK, region=ME)
ALEPPO = Place(
    "Aleppo", country="Syria", iso=760, iso2="SY", admin1="Aleppo", lat=36.202, lon=37.155, geo_precision=1, region=ME
)
runner = CliRunner()


def _doc(text: str, outlet: str, published: date, n: int) -> Document:
    return make_doc(text, outlet=outlet, published=published, url=f"https://news{n}.example/{n}")


def _stage(store: Store, items: Sequence[tuple[Document, list[Report]]], at: datetime) -> None:
    """Store documents and reports, relink, and date what this relink recorded to `at`."""
    mark = datetime.now(UTC)
    store.add_documents([d for d, _ in items])
    for doc, reports in items:
        store.save_reports(doc, reports)
    store.relink()
    with store.session() as s, s.begin():
        s.execute(update(IncidentRow).where(IncidentRow.first_seen >= mark).values(first_seen=at))
        s.execute(update(IncidentRow).where(IncidentRow.updated >= mark).values(updated=at))
        s.execute(update(AuditRow).where(AuditRow.at >= mark).values(at=at))


def _build_store(url: str) -> Store:
    store = Store(url)
    d = [
        _doc("Strike on Mosul market kills five.", "Wire One", date(2017, 3, 10), 1),
        _doc("Coalition strike hits Mosul homes.", "Wire One", date(2017, 3, 19), 2),
        _doc("Roadside bomb in Kirkuk kills two.", "Daily Two", date(2017, 3, 20), 3),
        _doc("Second bomb in Kirkuk kills three.", "Daily Two", date(2017, 3, 23), 4),
    ]
    _stage(
        store,
        [
            (d[0], [make_report(d[0], place=MOSUL_ME, day=date(2017, 3, 10), killed=(5, 5, 5))]),
            (d[1], [make_report(d[1], place=MOSUL_ME, day=date(2017, 3, 19), killed=(5, 5, 5))]),
            (d[2], [_ied(d[2], date(2017, 3, 20), (2, 2, 2))]),
            (d[3], [_ied(d[3], date(2017, 3, 23), (3, 3, 3))]),
        ],
        STAGE1_AT,
    )
    w = [
        _doc("Air strike kills civilians in Mosul, officials say.", "Wire One", date(2017, 3, 28), 10),
        _doc("Residents count the dead after Mosul strike.", "Daily Two", date(2017, 3, 28), 11),
        _doc("Fighting in Mosul old city.", "Wire One", date(2017, 3, 30), 12),
        _doc("Bomb in a Kirkuk street.", "Daily Two", date(2017, 3, 29), 13),
        _doc("Officials deny the Kirkuk strike happened.", "Wire One", date(2017, 3, 31), 14),
        _doc("Clashes reported around Aleppo.", "Wire One", date(2017, 3, 31), 15),
        _doc("Shelling hits <b>Aleppo</b> & suburbs.", HOSTILE, date(2017, 4, 1), 16),
        _doc("Mosul strike toll rises to forty.", "Daily Two", date(2017, 3, 27), 17),
        _doc("Kirkuk bombings were one attack, police say.", "Wire One", date(2017, 3, 28), 18),
        _doc("Man killed in Mosul robbery.", "Wire One", date(2017, 3, 28), 19),
    ]
    contested = make_report(w[4], place=KIRKUK_ME, day=date(2017, 3, 31), killed=(4, 4, 8))
    contested.contested = True
    joining = _ied(w[8], date(2017, 3, 20), None)
    joining.when = TimeSpan(date(2017, 3, 20), date(2017, 3, 23), 2)
    robbery = make_report(w[9], day=date(2017, 3, 28), killed=(1, 1, 1), actor1=None, place=MOSUL_ME)
    robbery.scope, robbery.event_type, robbery.sub_event_type = "other", None, None
    _stage(
        store,
        [
            (w[0], [make_report(w[0], place=MOSUL_ME, day=date(2017, 3, 28), killed=(5, 8, 12))]),
            (w[1], [make_report(w[1], place=MOSUL_ME, day=date(2017, 3, 28), killed=(7, 7, 7))]),
            (w[2], [_battle(w[2], MOSUL_ME, date(2017, 3, 30), (20, 25, 30))]),
            (w[3], [_ied(w[3], date(2017, 3, 29), (3, 3, 3))]),
            (w[4], [contested]),
            (w[5], [_battle(w[5], ALEPPO, date(2017, 3, 31), None)]),
            (w[6], [make_report(w[6], sub="Shelling/artillery/missile attack", place=ALEPPO, day=date(2017, 4, 1))]),
            (w[7], [make_report(w[7], place=MOSUL_ME, day=date(2017, 3, 19), killed=(40, 40, 40))]),
            (w[8], [joining]),
            (w[9], [robbery]),
        ],
        STAGE2_AT,
    )
    return store


def _ied(doc: Document, day: date, killed: tuple[int, int, int] | None) -> Report:
    return make_report(doc, sub="Remote explosive/landmine/IED", place=KIRKUK_ME, day=day, killed=killed, actor1=IS)


def _battle(doc: Document, place: Place, day: date, killed: tuple[int, int, int] | None) -> Report:
    return make_report(
        doc, sub="Armed clash", event_type="Battles", place=place, day=day, killed=killed, victims=Victims.COMBATANTS
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return _build_store(f"sqlite:///{tmp_path_factory.mktemp('digest') / 'digest.db'}")


@pytest.fixture(scope="module")
def week(store: Store) -> Digest:
    return build(store, date_from=W13.start, date_to=W13.end)


@pytest.fixture(scope="module")
def html(week: Digest) -> str:
    out = render(week, "html")
    assert isinstance(out, str)
    return out


@pytest.fixture(scope="module")
def pdf(week: Digest) -> bytes:
    out = render(week, "pdf")
    assert isinstance(out, bytes)
    return out


def _db_incidents(store: Store, period: Period) -> list[Incident]:
    return store.incidents(IncidentFilter(date_from=period.start, date_to=period.end, include_other=False))


# -- periods --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2017-W13", date(2017, 3, 27), date(2017, 4, 2)),
        ("2020-w01", date(2019, 12, 30), date(2020, 1, 5)),
        (" 2015-W53 ", date(2015, 12, 28), date(2016, 1, 3)),
    ],
)
def test_parse_week(text: str, start: date, end: date):
    p = parse_week(text)
    assert (p.start, p.end, p.days) == (start, end, 7)
    assert p.iso_week == text.strip().upper()


@pytest.mark.parametrize("text", ["2017-13", "2017-W54", "last week", ""])
def test_parse_week_refuses_what_is_not_a_week(text: str):
    with pytest.raises(ConfigError, match="YYYY-Www"):
        parse_week(text)


def test_baseline_is_the_previous_four_periods():
    assert W13.before(4) == Period(date(2017, 2, 27), date(2017, 3, 26))
    assert Period(date(2017, 1, 1), date(2017, 1, 10)).before(1) == Period(date(2016, 12, 22), date(2016, 12, 31))


# -- numbers ----------------------------------------------------------------------------
def test_numbers_add_up_to_the_database(store: Store, week: Digest):
    incs = _db_incidents(store, W13)
    s = week.summary
    assert s.tally == tally(incs)
    assert s.tally.incidents == len(incs) == 6
    assert s.tally.killed_low == sum((i.fatalities.low or i.fatalities.best or 0) for i in incs)
    assert sum((g.tally for g in s.by_grade), type(s.tally)()) == s.tally
    assert sum(r.tally.incidents for r in s.by_type) == s.tally.incidents
    assert sum(x.tally.incidents for x in week.sections) == s.tally.incidents
    assert {x.name: x.tally.incidents for x in week.sections} == {"Iraq": 4, "Syria": 2}
    assert week.other_scope == 1  # the robbery: stored, but outside ACLED's scope and left out
    assert s.baseline.incidents == pytest.approx(len(_db_incidents(store, W13.before(4))) / 4)


def test_weak_and_contested_are_kept_out_of_the_headline(week: Digest):
    s = week.summary
    graded = {g.grade: g for g in s.by_grade}
    assert graded[Grade.WEAK.value].tally.incidents == 2
    assert graded[Grade.CONTESTED.value].tally.incidents == 1
    assert not graded[Grade.WEAK.value].in_headline and not graded[Grade.CONTESTED.value].in_headline
    firm = [e.incident for e in s.entries if e.incident.grade in (Grade.CONFIRMED, Grade.FAIR, None)]
    assert s.headline == tally(firm)
    assert s.headline.killed_low + sum(g.tally.killed_low for g in s.apart) == s.tally.killed_low


def test_most_serious_first_with_a_stable_order(week: Digest):
    lows = [e.incident.fatalities.low or e.incident.fatalities.best or 0 for e in week.summary.entries]
    assert lows == sorted(lows, reverse=True)
    assert week.sections[0].top[0].incident.sub_event_type == "Armed clash"  # 20-30 killed in Mosul
    assert len(week.sections[0].top) <= TOP_INCIDENTS


def test_no_incident_without_sources(week: Digest, html: str):
    for section in week.sections:
        for e in section.entries:
            assert e.sources, e.incident.id
            assert all(s.outlet and s.url for s in e.sources)
            assert f'id="i-{e.incident.id}"' in html
            for s in e.sources:
                assert f'href="{s.url}"' in html
    mosul_strike = next(e for e in week.summary.entries if e.incident.grade == Grade.FAIR)
    assert [s.outlet for s in mosul_strike.sources] == ["Daily Two", "Wire One"]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("new", 6), ("revised", 1), ("retired", 1), ("withdrawn", 0)],
)
def test_changes_since_the_last_digest(week: Digest, kind: str, expected: int):
    changes = {c.kind: c for c in week.changes}
    assert changes[kind].total >= expected if kind == "revised" else changes[kind].total == expected
    for ch in changes[kind].listed:
        assert ch.at == STAGE2_AT
        assert ch.entry is not None and ch.entry.sources


def test_revised_toll_says_before_and_after(week: Digest):
    revised = next(c for c in week.changes if c.kind == "revised")
    strike = next(ch for ch in revised.listed if ch.entry and ch.entry.incident.when.day == date(2017, 3, 19))
    assert ("fatalities_high", 5, 40) in strike.revised


def test_no_changes_in_a_week_with_no_database_activity(store: Store):
    quiet = build(store, date_from=date(2017, 3, 13), date_to=date(2017, 3, 19))
    assert [c.total for c in quiet.changes] == [0, 0, 0, 0]


def test_rising_areas(week: Digest):
    areas = {(a.country, a.admin1): a for a in week.rising}
    assert ("Syria", "Aleppo") in areas and areas[("Syria", "Aleppo")].baseline.incidents == 0
    assert all(a.extra >= 1 for a in week.rising)
    assert ("Iraq", "Nineveh") in areas  # 2 incidents against 2 in four weeks (0.5 a week)


def test_trend_bins_hold_every_incident_of_the_period(week: Digest):
    inside = [b for b in week.trend.bins if b.start >= W13.start and b.end <= W13.end]
    assert week.trend.unit == "week" and len(inside) == 1
    assert inside[0].total() == week.summary.tally
    assert len(week.trend.bins) >= 13  # twelve weeks of context


@pytest.mark.parametrize(
    ("countries", "region", "names"),
    [
        (("Iraq",), None, ["Iraq"]),
        (("syria",), None, ["Syria"]),
        (("Iraq", "Syria"), None, ["Iraq", "Syria"]),
        ((), ME, ["Iraq", "Syria"]),
    ],
)
def test_scope_filters(store: Store, countries: tuple[str, ...], region: str | None, names: list[str]):
    d = build(store, countries=countries, region=region, date_from=W13.start, date_to=W13.end)
    assert [s.name for s in d.sections] == names
    assert d.multi == (len(names) > 1)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"countries": ("Atlantis",)}, NotFoundError),
        ({"region": "Antarctica"}, NotFoundError),
        ({"date_from": date(2017, 4, 2), "date_to": date(2017, 3, 27)}, ConfigError),
    ],
)
def test_bad_scope_or_period_is_refused(store: Store, kwargs: dict, error: type[Exception]):
    args = {"date_from": W13.start, "date_to": W13.end, **kwargs}
    with pytest.raises(error):
        build(store, **args)


# -- rendering --------------------------------------------------------------------------
SECTIONS = ["Summary", "Incidents by event type", "Tolls by grade", "Trend", "Since the last digest"]
SECTIONS += ["Areas with rising violence", "Most serious incidents", "Methods and sources", "Iraq", "Syria"]


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_sections_and_labels_are_in_every_text_format(week: Digest, fmt: str):
    text = render(week, fmt)
    assert isinstance(text, str)
    for title in SECTIONS:
        assert title in text, title
    assert "Contents" in text  # two countries: a table of contents
    assert "Weak" in text and "Contested" in text and "kept apart" in text
    assert "2017-W13" in text


def test_single_country_digest_has_no_contents(store: Store):
    d = build(store, countries=("Iraq",), date_from=W13.start, date_to=W13.end)
    html = render(d, "html")
    assert 'nav class="toc"' not in html and "Most serious incidents" in html


def test_article_text_is_escaped(html: str, week: Digest):
    assert "<script>" not in html and "<b>Aleppo</b>" not in html
    assert "&lt;script&gt;" in html
    md = render(week, "md")
    assert "<script>" not in md and "&lt;script" in md


def test_charts_and_maps_are_valid_svg(html: str):
    svgs = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
    assert len(svgs) == 4  # trend, overview map, one map per country
    for text in svgs:
        root = ET.fromstring(text)
        assert root.tag == f"{SVG_NS}svg"
        assert root.find(f"{SVG_NS}title") is not None
    trend = ET.fromstring(svgs[0])
    assert len(trend.findall(f".//{SVG_NS}polygon")) >= 2  # a death band per row
    overview = ET.fromstring(svgs[1])
    tips = [t.text or "" for t in overview.iter(f"{SVG_NS}title")]
    assert sum("killed" in t for t in tips) == 6  # one circle per incident


def test_svg_escapes_hostile_labels(week: Digest):
    p = week.summary.points[0]
    hostile = dataclasses.replace(p, label="<b>&\"'</b>", event_type="<x>")
    text = incident_map([hostile], ["IQ"], "a <title> & more")
    root = ET.fromstring(text)
    assert any("<b>&" in (t.text or "") for t in root.iter(f"{SVG_NS}title"))
    assert ET.fromstring(trend_chart(week.trend, week.period)).tag == f"{SVG_NS}svg"


def test_render_is_deterministic(store: Store, pdf: bytes):
    again = build(store, date_from=W13.start, date_to=W13.end)
    first = build(store, date_from=W13.start, date_to=W13.end)
    assert render(again, "html") == render(first, "html")
    assert render(again, "md") == render(first, "md")
    assert render(again, "pdf") == pdf


def test_unknown_format_is_refused(week: Digest):
    with pytest.raises(ConfigError, match="html, md, pdf"):
        render(week, "docx")


def _pdftotext(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "digest.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def test_pdf_reads_back_with_the_headline_figures(pdf: bytes, week: Digest, tmp_path: Path):
    assert pdf.startswith(b"%PDF")
    text = _pdftotext(pdf, tmp_path)
    s = week.summary
    assert f"{s.tally.incidents} incidents" in text
    assert f"Reported killed: {span(s.headline.killed_low, s.headline.killed_high)} in" in text
    assert re.search(r"Page 1 of \d+", text)
    for title in ("Contents", "Summary", "Methods and sources", "Iraq", "Syria"):
        assert title in text
    assert re.search(r"Iraq: 4 incidents\s*\.+\s*\d+", text)  # the contents give page numbers


def test_pdf_first_page_as_png(pdf: bytes, tmp_path: Path):
    """Renders page 1 to out/test-artifacts/digest-page1.png for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    src = tmp_path / "digest.pdf"
    src.write_bytes(pdf)
    cmd = ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(src), str(tmp_path / "p")]
    subprocess.run(cmd, check=True)
    png = ARTIFACTS / "digest-page1.png"
    shutil.copyfile(tmp_path / "p.png", png)
    shutil.copyfile(src, ARTIFACTS / "digest-week.pdf")
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 10_000


# -- command line -----------------------------------------------------------------------
def test_cli_writes_each_format(store: Store, tmp_path: Path):
    for fmt, magic in (("html", b"<!DOCTYPE html>"), ("md", b"# Weekly digest"), ("pdf", b"%PDF")):
        out = tmp_path / f"d.{fmt}"
        res = runner.invoke(app, ["digest", "--db", store.url, "--week", WEEK, "--format", fmt, "--out", str(out)])
        assert res.exit_code == 0, res.output
        assert out.read_bytes().startswith(magic)
        assert "6 incident(s)" in res.output


def test_cli_default_period_is_the_latest_week(store: Store):
    res = runner.invoke(app, ["digest", "--db", store.url, "--format", "md", "--country", "Syria"])
    assert res.exit_code == 0, res.output
    assert "Weekly digest: Syria, 2017-W13" in res.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--week", "2017-13"], "YYYY-Www"),
        (["--week", WEEK, "--from", "2017-01-01", "--to", "2017-02-01"], "not both"),
        (["--from", "2017-01-01"], "both --from and --to"),
        (["--from", "2017-01-01", "--to", "soon"], "YYYY-MM-DD"),
        (["--week", WEEK, "--format", "docx"], "html, md, pdf"),
        (["--week", WEEK, "--country", "Atlantis"], "no incidents in 'Atlantis'"),
    ],
)
def test_cli_errors_are_one_line(store: Store, args: list[str], message: str):
    res = runner.invoke(app, ["digest", "--db", store.url, *args])
    assert res.exit_code == 2
    assert message in res.output


@pytest.mark.slow
def test_digest_of_the_sample_corpus(tmp_path: Path):
    """The whole path: `warwatch run samples/articles`, then the digest of 2014-2024."""
    url = f"sqlite:///{tmp_path / 'samples.db'}"
    res = runner.invoke(app, ["run", str(ROOT / "samples" / "articles"), "--db", url])
    assert res.exit_code in (0, 1), res.output
    period = ["--from", "2014-01-01", "--to", "2024-12-31"]
    out = tmp_path / "digest.pdf"
    res = runner.invoke(app, ["digest", "--db", url, *period, "--format", "pdf", "--out", str(out)])
    assert res.exit_code == 0, res.output
    store = Store(url)
    incs = _db_incidents(store, Period(date(2014, 1, 1), date(2024, 12, 31)))
    d = build(store, date_from=date(2014, 1, 1), date_to=date(2024, 12, 31))
    assert d.summary.tally == tally(incs) and len(incs) > 10
    assert all(e.sources for e in d.summary.entries)
    text = _pdftotext(out.read_bytes(), tmp_path)
    assert f"{d.summary.tally.incidents} incidents" in text
    assert f"Reported killed: {span(d.summary.headline.killed_low, d.summary.headline.killed_high)} in" in text
    html = render(d, "html")
    assert isinstance(html, str)
    for svg in re.findall(r"<svg\b.*?</svg>", html, flags=re.S):
        ET.fromstring(svg)
