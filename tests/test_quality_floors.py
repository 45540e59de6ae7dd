"""Quality floors on the development files, checked whenever ../shared/evaldata is present.

Each metric has two numbers:

- the issue's floor (extraction, places and dates, linking). Where warwatch reaches it, the test
  is a plain assertion. Where it does not yet, the test is a strict expected failure that names
  the measured figure: it starts failing (XPASS) the day the floor is reached, and must then
  become a plain assertion;
- a regression floor just under what `warwatch eval TASK FILE --json` measured last (about 0.01
  under it), which must hold: a change that loses quality fails here.

GUARDS are figures no issue sets a floor for, held at their measured level the same way
(gva's date over the documents whose text names the gold day).

Every task's whole development file is run once (minutes: gva alone takes about three).
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

import pytest
from typer.testing import CliRunner

from tests.conftest import EVALDATA
from warwatch.cli import app

pytestmark = pytest.mark.slow


class Floor(NamedTuple):
    task: str
    file: str
    key: str
    issue: float  # the floor the issue sets
    measured: float  # the last measured figure, reported in the message of an unmet floor
    regression: float  # must hold: just under the measured figure


FLOORS = [
    # extraction (event types, casualties)
    Floor("event-type", "event-type.jsonl", "weighted_f1", 0.80, 0.8283, 0.818),
    Floor("event-type", "event-type.jsonl", "macro_f1", 0.70, 0.7877, 0.777),
    Floor("casualties", "casualties-fakes.jsonl", "civilians_killed_exact", 0.70, 0.7235, 0.713),
    Floor("gva", "gva-incidents.jsonl", "killed_exact_stated", 0.85, 0.9017, 0.891),
    Floor("gva", "gva-incidents.jsonl", "injured_exact_stated", 0.80, 0.8109, 0.800),
    # places and dates
    Floor("geoparse", "geoparse.jsonl", "recognition_f1", 0.80, 0.8351, 0.825),
    Floor("geoparse", "geoparse.jsonl", "acc161", 0.72, 0.7546, 0.744),
    Floor("geoparse", "geoparse.jsonl", "acc161_recognized", 0.90, 0.9023, 0.892),
    Floor("gva", "gva-incidents.jsonl", "date_accuracy", 0.85, 0.8263, 0.816),
    Floor("gva", "gva-incidents.jsonl", "geo_within_25km", 0.85, 0.8580, 0.848),
    # linking
    Floor("gva", "gva-incidents.jsonl", "bcubed_f1", 0.90, 0.9188, 0.909),
]

#: Figures no issue sets a floor for (issue 0.0): only the regression test reads them.
GUARDS = [
    Floor("gva", "gva-incidents.jsonl", "date_accuracy_stated", 0.0, 0.9307, 0.921),
]

_results: dict[str, dict[str, Any]] = {}


def _result(task: str, file: str) -> dict[str, Any]:
    if task not in _results:
        res = CliRunner().invoke(app, ["eval", task, str(EVALDATA / file), "--json"])
        assert res.exit_code == 0, res.output
        _results[task] = json.loads(res.stdout.strip().splitlines()[-1])
    return _results[task]


def _param(floor: Floor) -> Any:
    marks = [pytest.mark.skipif(not (EVALDATA / floor.file).is_file(), reason=f"no evaluation data at {EVALDATA}")]
    if floor.measured < floor.issue:
        reason = f"{floor.task} {floor.key} measures {floor.measured:.3f}, short of the issue's {floor.issue:.2f}"
        marks.append(pytest.mark.xfail(strict=True, reason=reason))
    return pytest.param(floor, marks=marks, id=f"{floor.task}-{floor.key}")


def _regression_param(floor: Floor) -> Any:
    mark = pytest.mark.skipif(not (EVALDATA / floor.file).is_file(), reason=f"no evaluation data at {EVALDATA}")
    return pytest.param(floor, marks=[mark], id=f"{floor.task}-{floor.key}")


def test_every_floor_is_consistent():
    for f in FLOORS + GUARDS:
        assert 0.0 < f.regression <= f.measured <= 1.0, f
        assert f.measured - f.regression <= 0.02, f"{f}: a regression floor lets no more than 0.02 go"


@pytest.mark.parametrize("floor", [_regression_param(f) for f in FLOORS + GUARDS])
def test_quality_holds_its_measured_level(floor: Floor):
    result = _result(floor.task, floor.file)
    assert result[floor.key] >= floor.regression, (floor, result)


@pytest.mark.parametrize("floor", [_param(f) for f in FLOORS])
def test_quality_meets_the_issue_floor(floor: Floor):
    result = _result(floor.task, floor.file)
    assert result[floor.key] >= floor.issue, (floor, result)
