"""Tests of warwatch.evaluate: the generic metrics, reading evaluation files, and each task on tiny hand-made files."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st
from rich.table import Table

from warwatch.errors import ConfigError, ExtractionError, InputError
from warwatch.evaluate import TASKS, format_table, run_task
from warwatch.evaluate import metrics as m
from warwatch.evaluate.classify import GOVERNORATE_VARIANTS, GOVERNORATES, cause, governorate, within
from warwatch.evaluate.data import article_text, read_cases
from warwatch.geo import PlaceMention
from warwatch.models import (
    ActorRef,
    Claim,
    ClaimKind,
    Document,
    Evidence,
    Incident,
    Place,
    Report,
    TimeSpan,
    Victims,
)

# --- helpers ----------------------------------------------------------------------------------


class StubPipeline:
    """A pipeline stand-in: a blank spaCy model (optionally with entity patterns) and reports fixed per document."""

    def __init__(self, reports: dict[str, list[Report]] | None = None, patterns: Sequence[dict] = ()) -> None:
        self.nlp = spacy.blank("en")
        if patterns:
            self.nlp.add_pipe("entity_ruler").add_patterns(list(patterns))
        self.gazetteer = None
        self.reports = reports or {}
        self.seen: list[Document] = []

    def analyze_many(self, docs: Iterable[Document]) -> Iterator[tuple[Document, list[Report] | ExtractionError]]:
        for doc in docs:
            self.seen.append(doc)
            found = self.reports.get(doc.id, [])
            yield doc, found


def write_jsonl(path: Path, rows: Sequence[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def ev(doc_id: str, text: str, word: str) -> Evidence:
    start = text.index(word)
    return Evidence(doc_id, start, start + len(word), word)


def report(
    doc_id: str,
    *,
    index: int = 0,
    sub: str | None = "Armed clash",
    event_type: str | None = "Battles",
    scope: str = "acled",
    salience: float = 0.0,
    claims: Sequence[Claim] = (),
    place: Place | None = None,
    when: date | None = None,
    trigger: Evidence | None = None,
    actor1: ActorRef | None = None,
    actor2: ActorRef | None = None,
) -> Report:
    return Report(
        doc_id=doc_id,
        index=index,
        event_type=event_type,
        sub_event_type=sub,
        scope=scope,
        salience=salience,
        claims=list(claims),
        place=place,
        when=TimeSpan(when, when, 1) if when else None,
        trigger=trigger,
        actor1=actor1,
        actor2=actor2,
    )


def killed(n: int, victims: Victims = Victims.UNKNOWN, evidence: Evidence | None = None) -> Claim:
    return Claim(ClaimKind.KILLED, victims=victims, best=n, evidence=evidence)


def injured(n: int, evidence: Evidence | None = None) -> Claim:
    return Claim(ClaimKind.INJURED, best=n, evidence=evidence)


def one_incident_per_place(reports: list[Report]) -> list[Incident]:
    """A stand-in linker: reports with the same place name are one incident."""
    groups: dict[str, list[Report]] = {}
    for r in reports:
        groups.setdefault(r.place.name if r.place else f"{r.doc_id}/{r.index}", []).append(r)
    return [Incident(id=k, reports=v, event_type=None, sub_event_type=None) for k, v in groups.items()]


# --- metrics ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        ({"a": 1, "b": 1, "c": 2}, {"a": 1, "b": 1, "c": 2}, (1.0, 1.0)),
        # everything in one cluster: recall perfect, precision (2/3*2 + 1/3) / 3
        ({"a": 1, "b": 1, "c": 2}, {"a": 0, "b": 0, "c": 0}, (5 / 9, 1.0)),
        # all singletons: precision perfect, recall (1/2 + 1/2 + 1) / 3
        ({"a": 1, "b": 1, "c": 2}, {"a": 0, "b": 1, "c": 2}, (1.0, 2 / 3)),
    ],
)
def test_bcubed_table(gold: dict, pred: dict, expected: tuple[float, float]) -> None:
    precision, recall, f1 = m.bcubed(gold, pred)
    assert (precision, recall) == pytest.approx(expected)
    assert f1 == pytest.approx(m.f1_score(*expected))


def test_bcubed_refuses_different_items() -> None:
    with pytest.raises(ValueError, match="different items"):
        m.bcubed({"a": 1}, {"b": 1})


@given(st.dictionaries(st.integers(0, 50), st.integers(0, 5), min_size=1))
def test_bcubed_of_gold_is_perfect(gold: dict[int, int]) -> None:
    assert m.bcubed(gold, gold) == pytest.approx((1.0, 1.0, 1.0))


@given(
    st.dictionaries(st.integers(0, 30), st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=1),
)
def test_bcubed_in_unit_interval(both: dict[int, tuple[int, int]]) -> None:
    scores = m.bcubed({k: g for k, (g, _) in both.items()}, {k: p for k, (_, p) in both.items()})
    assert all(0.0 <= s <= 1.0 + 1e-12 for s in scores)


@given(st.integers(0, 100), st.integers(0, 100), st.integers(0, 100))
def test_f1_in_unit_interval(tp: int, extra_pred: int, extra_gold: int) -> None:
    prf = m.PRF(tp, tp + extra_pred, tp + extra_gold)
    assert 0.0 <= prf.f1 <= 1.0
    assert min(prf.precision, prf.recall) - 1e-12 <= prf.f1 <= max(prf.precision, prf.recall) + 1e-12


@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(1, 8)), max_size=8),
    st.lists(st.tuples(st.integers(0, 40), st.integers(1, 8)), max_size=8),
)
def test_span_matching_is_one_to_one_and_overlapping(gold_raw: list, pred_raw: list) -> None:
    gold = [(s, s + n) for s, n in gold_raw]
    pred = [(s, s + n) for s, n in pred_raw]
    pairs = m.match_spans(gold, pred)
    assert len({g for g, _ in pairs}) == len(pairs) == len({p for _, p in pairs})
    assert all(m.overlap(gold[g], pred[p]) > 0 for g, p in pairs)
    assert 0.0 <= m.PRF(len(pairs), len(pred), len(gold)).f1 <= 1.0


@pytest.mark.parametrize(
    ("gold", "pred", "pairs"),
    [
        ([(0, 5)], [(3, 8)], [(0, 0)]),
        ([(0, 5)], [(5, 8)], []),  # touching is not overlapping
        # the larger overlap wins, the other gold span takes what is left
        ([(0, 4), (4, 10)], [(2, 9), (0, 3)], [(0, 1), (1, 0)]),
        ([(0, 10)], [(0, 2), (3, 9)], [(0, 1)]),  # one-to-one: one prediction per gold span
    ],
)
def test_span_matching_table(gold: list, pred: list, pairs: list) -> None:
    assert m.match_spans(gold, pred) == pairs


@pytest.mark.parametrize(
    ("gold", "pred", "weighted", "macro"),
    [
        (["a", "a", "b"], ["a", "a", "b"], 1.0, 1.0),
        # a: P 1/2 R 1/2 F 1/2; b: P 0 R 0; c: never gold, predicted once
        (["a", "a", "b"], ["a", "c", "a"], (2 * 0.5 + 0) / 3, 0.5 / 3),
    ],
)
def test_class_f1_table(gold: list, pred: list, weighted: float, macro: float) -> None:
    scores = m.per_class_f1(gold, pred, ["a", "b", "c"])
    assert m.weighted_f1(scores) == pytest.approx(weighted)
    assert m.macro_f1(scores) == pytest.approx(macro)


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [((0.0, 0.0), (0.0, 0.0), 0.0), ((0.0, 0.0), (0.0, 1.0), 111.19), ((51.5, -0.13), (48.86, 2.35), 342.5)],
)
def test_great_circle_table(a: tuple[float, float], b: tuple[float, float], km: float) -> None:
    assert m.great_circle_km(*a, *b) == pytest.approx(km, abs=1.0)


@pytest.mark.parametrize(("pred", "gold", "ok"), [(0, 0, True), (1, 0, False), (9, 10, True), (8, 10, False)])
def test_within_ten_percent(pred: int, gold: int, ok: bool) -> None:
    assert within(pred, gold) is ok


# --- reading files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "a", "text": "x"}\nnot json\n', ":2: not valid JSON"),
        ('["a list"]\n', ":1: a case should be a JSON object"),
        ('{"text": "no id"}\n', ":1: missing field 'id'"),
        ('{"id": "a"}\n{"id": "a"}\n', ":2: id 'a' occurs twice"),
    ],
)
def test_malformed_file_names_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        read_cases(path)
    assert str(path) in str(info.value)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the evaluation file"):
        run_task("event-type", tmp_path / "absent.jsonl", pipeline=StubPipeline())


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"id": "a", "text": 3, "label": None}, "field 'text' should be str"),
        ({"id": "a", "text": "x", "label": "Picnic"}, "not an ACLED sub-event type"),
    ],
)
def test_mistyped_case_is_an_input_error(tmp_path: Path, row: dict, message: str) -> None:
    path = write_jsonl(tmp_path / "e.jsonl", [row])
    with pytest.raises(InputError, match=message):
        run_task("event-type", path, pipeline=StubPipeline())


def test_span_outside_text_is_an_input_error(tmp_path: Path) -> None:
    row = {"id": "t", "text": "short", "dct": "2020-01-01", "timexes": [{"start": 2, "end": 9, "type": "DATE"}]}
    path = write_jsonl(tmp_path / "t.jsonl", [row])
    with pytest.raises(InputError, match=r"t.jsonl:1 \(timexes\[0\]\): timex 2..9 lies outside"):
        run_task("timex", path, pipeline=StubPipeline())


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("Blast kills six", "Blast kills six. A bomb...", "Blast kills six. A bomb..."),
        ("Blast kills six", "A bomb went off.", "Blast kills six\n\nA bomb went off."),
        (None, "A bomb went off.", "A bomb went off."),
    ],
)
def test_article_text_table(title: str | None, text: str, expected: str) -> None:
    assert article_text(title, text) == expected


# --- the registry -----------------------------------------------------------------------------

README_KEYS = {
    "event-type": ["n", "accuracy", "weighted_f1", "macro_f1"],
    "casualties": [
        "n", "civilians_killed_exact", "civilians_killed_within10", "total_killed_exact",
        "cause_accuracy", "location_accuracy", "date_accuracy",
    ],
    "gva": [
        "n", "killed_exact", "injured_exact", "n_killed_stated", "killed_exact_stated", "n_injured_stated",
        "injured_exact_stated", "date_accuracy", "geo_within_25km", "bcubed_precision", "bcubed_recall", "bcubed_f1",
    ],
    "geoparse": [
        "n_docs", "n_gold", "recognition_precision", "recognition_recall", "recognition_f1",
        "recognition_f1_exact", "acc161", "acc161_recognized", "median_error_km",
    ],
    "timex": ["n_gold", "n_system", "detection_f1_strict", "detection_f1_relaxed", "value_accuracy", "value_f1"],
    "clusters": ["n_docs", "bcubed_precision", "bcubed_recall", "bcubed_f1"],
    "entities": ["n_gold", "micro_f1", "macro_f1", "per_type"],
    "arguments": ["n_events_gold", "trigger_f1", "argument_f1"],
}  # fmt: skip


def test_registry_has_the_readme_keys() -> None:
    assert {name: list(spec.keys) for name, spec in TASKS.items()} == README_KEYS


def test_unknown_task_lists_the_tasks(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="choose one of event-type, casualties, gva"):
        run_task("sentiment", tmp_path / "x.jsonl", pipeline=StubPipeline())


def check_result(task: str, result: dict[str, Any]) -> None:
    assert list(result)[: len(README_KEYS[task])] == README_KEYS[task]
    for key, value in result.items():
        if key.startswith("n_") or key == "n":
            assert isinstance(value, int) and not isinstance(value, bool)
        elif isinstance(value, float) and not key.endswith("_km"):
            assert 0.0 <= value <= 1.0, key
    table = format_table(task, result)
    assert isinstance(table, Table)
    assert table.row_count >= len(README_KEYS[task])


# --- tasks on tiny files ----------------------------------------------------------------------


def test_event_type_uses_the_most_salient_acled_report(tmp_path: Path) -> None:
    rows = [
        {"id": "e1", "text": "Troops clashed; a drone struck.", "label": "Air/drone strike"},
        {"id": "e2", "text": "A man was robbed.", "label": None},
        {"id": "e3", "text": "Nothing here.", "label": "Armed clash"},
    ]
    reports = {
        "e1": [
            report("e1", index=0, sub="Armed clash", salience=0.2),
            report("e1", index=1, sub="Air/drone strike", event_type="Explosions/Remote violence", salience=0.9),
        ],
        # outside ACLED's scope: not an ACLED event, however salient
        "e2": [report("e2", sub=None, event_type=None, scope="other", salience=5.0)],
    }
    result = run_task("event-type", write_jsonl(tmp_path / "e.jsonl", rows), pipeline=StubPipeline(reports))
    check_result("event-type", result)
    assert result["n"] == 3
    assert result["accuracy"] == pytest.approx(2 / 3)
    assert result["event_type_accuracy"] == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    ("admin1", "name", "expected"),
    [
        ("Deir ez-Zor", "Mayadin", "deir ezzor"),
        ("Dayr az Zawr", "Mayadin", "deir ezzor"),
        ("Al-Hasakah", "Qamishli", "hasakeh"),
        ("Latakia", "Jableh", "lattakia"),
        ("Ţarţūs", "Baniyas", "tartous"),
        ("Rif Dimashq", "Douma", "damascus"),
        ("Ar-Raqqah", "Tabqa", "raqqa"),
        ("Ḩamāh", "Hama", "hama"),
        (None, "Aleppo", "aleppo"),
        ("As-Suwayda", "Shahba", None),
    ],
)
def test_governorate_table(admin1: str | None, name: str, expected: str | None) -> None:
    r = report("d", place=Place(name=name, admin1=admin1, country="Syria"))
    assert governorate(r) == expected


def test_governorate_variants_cover_exactly_the_gold_names() -> None:
    assert set(GOVERNORATE_VARIANTS.values()) == set(GOVERNORATES)


@pytest.mark.parametrize(
    ("trigger", "sub", "expected"),
    [
        ("barrel bombs", "Air/drone strike", "shelling"),
        ("bombardment", None, "shelling"),
        ("car bomb", "Remote explosive/landmine/IED", "explosion"),
        ("executed", "Attack", "execution"),
        ("chlorine gas", None, "chemical and toxic gases"),
        ("killed", "Attack", "shooting"),
        ("killed", "Suicide bomb", "explosion"),
        ("died", None, "unknown"),
    ],
)
def test_cause_table(trigger: str, sub: str | None, expected: str) -> None:
    r = report("d", sub=sub, trigger=Evidence("d", 0, len(trigger), trigger))
    assert cause(r) == expected


def test_casualties_scores_the_largest_civilian_toll(tmp_path: Path) -> None:
    gold = {"noncivilians_killed": 2, "location": "aleppo", "date": "2017-04-18", "cause": "shelling"}
    rows = [
        {"id": "c1", "title": "Shelling kills 6", "text": "Six civilians and two fighters died.",
         "published": "2017-04-19", "gold": {"civilians_killed": 6, **gold}},
        {"id": "c2", "title": None, "text": "Talks resumed.", "published": None,
         "gold": {"civilians_killed": 0, "noncivilians_killed": 0, "location": None, "date": None, "cause": None}},
    ]  # fmt: skip
    aleppo = Place(name="Aleppo", admin1="Aleppo", country="Syria")
    reports = {
        "c1": [
            report("c1", index=0, claims=[killed(2, Victims.COMBATANTS)]),
            report(
                "c1",
                index=1,
                sub="Shelling/artillery/missile attack",
                claims=[killed(6, Victims.CIVILIANS), killed(2, Victims.COMBATANTS)],
                place=aleppo,
                when=date(2017, 4, 18),
            ),
        ]
    }
    stub = StubPipeline(reports)
    result = run_task("casualties", write_jsonl(tmp_path / "c.jsonl", rows), pipeline=stub)
    check_result("casualties", result)
    assert {k: result[k] for k in README_KEYS["casualties"][1:]} == {
        "civilians_killed_exact": 1.0,  # c2: 0 predicted for "none reported"
        "civilians_killed_within10": 1.0,
        "total_killed_exact": 1.0,
        "cause_accuracy": 0.5,
        "location_accuracy": 0.5,
        "date_accuracy": 0.5,
    }
    assert stub.seen[0].text.startswith("Shelling kills 6\n\n") and stub.seen[0].published == date(2017, 4, 19)


def _gva_row(doc: str, incident: str, killed_n: int, injured_n: int, **gold: Any) -> dict:
    return {
        "id": doc, "title": "", "text": f"Shooting report {doc}.", "published": "2014-01-02", "incident": incident,
        "gold": {"killed": killed_n, "injured": injured_n, "date": "2014-01-01", "lat": 36.16, "lon": -86.78,
                 "killed_stated": True, "injured_stated": False, **gold},
    }  # fmt: skip


def test_gva_figures_and_linking(tmp_path: Path) -> None:
    rows = [_gva_row("g1", "A", 1, 2), _gva_row("g2", "A", 2, 0, lat=None, lon=None), _gva_row("g3", "B", 0, 2)]
    rows[0]["text"] = "A man was shot on Jan. 1 outside a bar."  # the only text that names the gold day
    nashville = Place(name="Nashville", lat=36.17, lon=-86.78)
    elsewhere = Place(name="Memphis", lat=35.15, lon=-90.05)
    reports = {
        "g1": [
            report("g1", index=0, scope="other", sub=None, event_type=None, claims=[injured(1)]),
            report("g1", index=1, scope="other", sub=None, event_type=None, claims=[killed(1), injured(2)],
                   place=nashville, when=date(2014, 1, 1)),
        ],
        "g2": [report("g2", scope="other", sub=None, event_type=None, claims=[killed(1)], place=nashville)],
        "g3": [report("g3", scope="other", sub=None, event_type=None, claims=[injured(1)], place=elsewhere)],
    }  # fmt: skip
    path = write_jsonl(tmp_path / "g.jsonl", rows)
    result = run_task("gva", path, pipeline=StubPipeline(reports))
    check_result("gva", result)
    assert result["killed_exact"] == pytest.approx(2 / 3)  # g2 wrong; g3: no killed claim reads 0, right
    assert result["injured_exact"] == pytest.approx(2 / 3)  # g3 wrong; g2: no injured claim reads 0, right
    assert result["n_killed_stated"] == 3 and result["n_injured_stated"] == 0
    assert result["killed_exact_stated"] == pytest.approx(2 / 3)
    assert result["injured_exact_stated"] == 0.0
    assert result["date_accuracy"] == pytest.approx(1 / 3)
    assert result["n_date_stated"] == 1 and result["date_accuracy_stated"] == 1.0
    assert result["geo_within_25km"] == pytest.approx(1 / 2)  # g2 has no gold coordinates
    # the default linker (warwatch.link) and a stand-in both run; the stand-in links g1 and g2 by place
    from warwatch.evaluate.incidents import run_gva

    linked = run_gva(path, StubPipeline(reports), linker=one_incident_per_place)
    assert (linked["bcubed_precision"], linked["bcubed_recall"]) == (1.0, 1.0)


@pytest.mark.parametrize(
    ("text", "published", "day", "stated"),
    [
        ("Police said a man was shot.", date(2016, 2, 20), date(2016, 2, 20), True),  # the publication date
        ("Police said a man was shot.", date(2016, 2, 20), date(2016, 2, 19), False),
        ("He was shot on Feb. 19 near his home.", date(2016, 3, 20), date(2016, 2, 19), True),
        ("He was shot on February 19th near his home.", None, date(2016, 2, 19), True),
        ("Posted 2/19/16: a man was shot.", date(2016, 3, 20), date(2016, 2, 19), True),
        ("Posted 12/19/16: a man was shot.", date(2016, 3, 20), date(2016, 2, 19), False),
        ("He was shot on Friday, police said.", date(2016, 2, 21), date(2016, 2, 19), True),  # Friday, 2 days back
        ("He was shot on Friday, police said.", date(2016, 3, 21), date(2016, 2, 19), False),  # a month back
        ("He was shot the day before yesterday.", date(2016, 2, 21), date(2016, 2, 19), True),  # the finder's reading
    ],
)
def test_day_stated_table(text: str, published: date | None, day: date, stated: bool) -> None:
    from warwatch.evaluate.incidents import _day_stated

    assert _day_stated(text, published, day) is stated


def test_clusters_leave_documents_without_reports_alone(tmp_path: Path) -> None:
    from warwatch.evaluate.incidents import run_clusters

    rows = [
        {"id": "k1", "topic": 1, "text": "Quake hits.", "cluster": "1_ecb"},
        {"id": "k2", "topic": 1, "text": "Quake strikes.", "cluster": "1_ecb"},
        {"id": "k3", "topic": 1, "text": "Another quake.", "cluster": "1_ecbplus"},
    ]
    place = Place(name="Town")
    reports = {"k1": [report("k1", place=place)], "k2": [report("k2", place=place)]}
    result = run_clusters(write_jsonl(tmp_path / "k.jsonl", rows), StubPipeline(reports), linker=one_incident_per_place)
    check_result("clusters", result)
    assert result["bcubed_f1"] == result["bcubed_f1_within_topic"] == 1.0
    assert result["n_clusters"] == 2


def test_geoparse_recognition_and_resolution(tmp_path: Path) -> None:
    from warwatch.evaluate.spans import run_geoparse

    text = "Shelling in Aleppo and Homs, far from Paris."
    spans = {w: (text.index(w), text.index(w) + len(w)) for w in ("Aleppo", "Homs", "Paris")}
    toponyms = [
        {"start": spans["Aleppo"][0], "end": spans["Aleppo"][1], "text": "Aleppo", "lat": 36.2, "lon": 37.16},
        {"start": spans["Homs"][0], "end": spans["Homs"][1], "text": "Homs", "lat": 34.73, "lon": 36.71},
        {"start": spans["Paris"][0], "end": spans["Paris"][1], "text": "Paris", "lat": 48.86, "lon": 2.35},
    ]
    path = write_jsonl(tmp_path / "g.jsonl", [{"id": "p1", "source": "LGL", "text": text, "toponyms": toponyms}])

    def locate(sdoc: Any, gazetteer: Any, doc_id: str) -> list[PlaceMention]:
        a, h = spans["Aleppo"], spans["Homs"]
        return [
            PlaceMention(a[0], a[1], "Aleppo", Place(name="Aleppo", lat=36.21, lon=37.15)),
            # overlapping, not identical; resolved to the wrong Homs
            PlaceMention(h[0] - 3, h[1], "nd Homs", Place(name="Homs", lat=34.0, lon=-80.0)),
            PlaceMention(0, 8, "Shelling", None),
        ]

    result = run_geoparse(path, StubPipeline(), locate=locate)
    check_result("geoparse", result)
    assert (result["recognition_precision"], result["recognition_recall"]) == pytest.approx((2 / 3, 2 / 3))
    assert result["recognition_f1_exact"] == pytest.approx(1 / 3)
    assert result["acc161"] == pytest.approx(1 / 3)
    assert result["acc161_recognized"] == pytest.approx(1 / 2)
    # errors: Aleppo ~1 km, the wrong Homs, Paris missed (MISS_KM): the median is the wrong Homs
    assert result["median_error_km"] == pytest.approx(m.great_circle_km(34.0, -80.0, 34.73, 36.71))


def test_timex_strict_relaxed_and_values(tmp_path: Path) -> None:
    from warwatch.evaluate.spans import run_timex

    text = "On Monday, two weeks ago, prices fell."
    timexes = [
        {"start": 3, "end": 9, "text": "Monday", "type": "DATE", "value": "2020-01-06"},
        {"start": 11, "end": 24, "text": "two weeks ago", "type": "DATE", "value": "2019-W51"},
    ]
    path = write_jsonl(tmp_path / "t.jsonl", [{"id": "t1", "text": text, "dct": "2020-01-07", "timexes": timexes}])
    calls: list[date | None] = []

    def find(text: str, dct: date | None, *, doc_id: str = "", sdoc: Any = None) -> list[Any]:
        from warwatch.dates import Timex

        calls.append(dct)
        return [
            Timex(3, 9, "Monday", "DATE", "2020-01-06"),
            Timex(15, 24, "weeks ago", "DURATION", "P2W"),
            Timex(26, 32, "prices", "DATE", "X"),
        ]

    result = run_timex(path, StubPipeline(), find=find)
    check_result("timex", result)
    assert calls == [date(2020, 1, 7)]
    assert (result["n_gold"], result["n_system"]) == (2, 3)
    assert result["detection_f1_strict"] == pytest.approx(m.f1_score(1 / 3, 1 / 2))
    assert result["detection_f1_relaxed"] == pytest.approx(m.f1_score(2 / 3, 1.0))
    assert result["value_accuracy"] == pytest.approx(1 / 2)
    assert result["value_f1"] == pytest.approx(m.f1_score(1 / 3, 1 / 2))


def test_entities_exact_typed_match(tmp_path: Path) -> None:
    text = "Iraqi forces met the UN in Mosul on Monday."
    gold = [
        {"start": 0, "end": 5, "text": "Iraqi", "type": "Nationality"},
        {"start": 21, "end": 23, "text": "UN", "type": "Organisation"},
        {"start": 27, "end": 32, "text": "Mosul", "type": "Location"},
    ]
    patterns = [
        {"label": "NORP", "pattern": "Iraqi"},
        {"label": "ORG", "pattern": "the UN"},  # wrong span
        {"label": "GPE", "pattern": "Mosul"},
        {"label": "DATE", "pattern": "Monday"},  # not annotated
        {"label": "ORDINAL", "pattern": "forces"},  # unmapped label: ignored
    ]
    path = write_jsonl(tmp_path / "r.jsonl", [{"id": "r1", "text": text, "entities": gold}])
    result = run_task("entities", path, pipeline=StubPipeline(patterns=patterns))
    check_result("entities", result)
    assert result["n_gold"] == 3
    assert result["micro_f1"] == pytest.approx(m.f1_score(2 / 4, 2 / 3))
    assert result["per_type"]["Location"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "n_gold": 1}
    assert result["per_type"]["Organisation"]["f1"] == 0.0
    # Location, Nationality 1.0; Organisation, Temporal 0.0
    assert result["macro_f1"] == pytest.approx(0.5)


def test_arguments_triggers_and_roles(tmp_path: Path) -> None:
    text = "Gunmen attacked a convoy near Mosul, killing three soldiers. Talks began."

    def span(word: str) -> dict:
        return {"start": text.index(word), "end": text.index(word) + len(word), "text": word}

    events = [
        {"type": "Conflict.Attack.Unspecified", "trigger": span("attacked"),
         "arguments": [{"role": "Attacker", **span("Gunmen")}, {"role": "Target", **span("a convoy")},
                       {"role": "Place", **span("Mosul")}]},
        {"type": "life.die.deathcausedbyviolentevents", "trigger": span("killing"),
         "arguments": [{"role": "victim", **span("three soldiers")}, {"role": "killer", **span("Gunmen")}]},
        {"type": "Contact.Meet", "trigger": span("Talks"), "arguments": []},  # not scored
    ]  # fmt: skip
    path = write_jsonl(tmp_path / "a.jsonl", [{"id": "w1", "source": "WikiEvents", "text": text, "events": events}])
    r = report(
        "w1",
        sub="Attack",
        event_type="Violence against civilians",
        trigger=ev("w1", text, "attacked"),
        actor1=ActorRef("Unidentified Armed Group", 3, evidence=ev("w1", text, "Gunmen")),
        actor2=ActorRef("Military Forces", 1, evidence=ev("w1", text, "convoy")),
        place=Place(name="Mosul", evidence=ev("w1", text, "near Mosul")),
        claims=[killed(3, Victims.COMBATANTS, ev("w1", text, "three soldiers"))],
    )
    result = run_task("arguments", path, pipeline=StubPipeline({"w1": [r]}))
    check_result("arguments", result)
    assert result["n_events_gold"] == 2
    assert result["trigger_f1"] == pytest.approx(m.f1_score(1.0, 1 / 2))
    # predicted: attack attacker/target/place, die attacker/victim/place; gold has no die place
    assert result["argument_f1"] == pytest.approx(m.f1_score(5 / 6, 5 / 5))


def test_tasks_report_progress(tmp_path: Path) -> None:
    rows = [{"id": f"e{i}", "text": "x", "label": None} for i in range(3)]
    seen: list[tuple[int, int]] = []
    run_task("event-type", write_jsonl(tmp_path / "e.jsonl", rows), pipeline=StubPipeline(), limit=2,
             progress=lambda done, total: seen.append((done, total)))  # fmt: skip
    assert seen == [(0, 2), (1, 2), (2, 2)]
