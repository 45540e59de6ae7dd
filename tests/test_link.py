from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import KIRKUK, make_doc, make_report
from warwatch.link import cluster, link_reports
from warwatch.models import Grade


def _pair(**second):
    a = make_doc("First outlet: an air strike hit Mosul.", outlet="A")
    b = make_doc("Second outlet: an air strike hit Mosul.", outlet="B")
    return make_report(a), make_report(b, **second)


@pytest.mark.parametrize(
    ("second", "linked"),
    [
        ({}, True),
        ({"day": date(2017, 3, 20)}, True),  # a day apart: the night before / the morning after
        ({"day": date(2017, 3, 25)}, False),  # a week apart
        ({"place": KIRKUK}, False),  # another city
        ({"sub": "Armed clash", "event_type": "Battles"}, False),  # another event family
        ({"killed": (300, 300, 300)}, False),  # tolls far apart
    ],
)
def test_same_incident_rule(second, linked):
    r1, r2 = _pair(**second)
    groups = cluster([r1, r2])
    assert (len(groups) == 1) is linked


def test_reports_of_one_document_stay_apart():
    d = make_doc("Two strikes on the same day in Mosul.")
    r1, r2 = make_report(d, index=0), make_report(d, index=1)
    assert len(cluster([r1, r2])) == 2


def test_incident_reconciles_claims_and_grades():
    r1, r2 = _pair(killed=(9, 9, 9))
    [inc] = link_reports([r1, r2], outlet_of={r1.doc_id: "A", r2.doc_id: "B"})
    assert (inc.fatalities.low, inc.fatalities.high) == (5, 9)
    assert inc.source_count == 2
    assert inc.grade == Grade.FAIR
    assert "Mosul" in inc.notes and "between 5 and 9" in inc.notes.lower()


def test_two_copies_of_one_wire_story_are_one_source():
    r1, r2 = _pair()
    [inc] = link_reports([r1, r2], outlet_of={r1.doc_id: "Wire", r2.doc_id: "Wire"})
    assert inc.source_count == 1
    assert inc.grade == Grade.WEAK
