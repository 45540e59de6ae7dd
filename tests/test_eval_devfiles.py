"""`warwatch eval TASK FILE --json` runs on every development file and prints the contract's keys.

The files live in ../shared/evaldata beside the checkout; where they are absent (a
user's own clone) these cases are skipped with that reason, never passed silently.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.conftest import EVALDATA
from warwatch.cli import app
from warwatch.evaluate import TASKS

#: Cases per file: enough to exercise every code path of a task, small enough for CI.
SMOKE_LIMIT = 12

FILES = {
    "event-type": "event-type.jsonl",
    "casualties": "casualties-fakes.jsonl",
    "gva": "gva-incidents.jsonl",
    "geoparse": "geoparse.jsonl",
    "timex": "timex.jsonl",
    "clusters": "clusters-ecbplus.jsonl",
    "entities": "entities-re3d.jsonl",
    "arguments": "arguments-wikievents.jsonl",
}


def test_every_task_has_a_file():
    assert set(FILES) == set(TASKS)


@pytest.mark.skipif(not EVALDATA.is_dir(), reason=f"no evaluation data at {EVALDATA}")
@pytest.mark.parametrize("task", sorted(FILES))
def test_eval_prints_the_contract_keys(task: str):
    res = CliRunner().invoke(app, ["eval", task, str(EVALDATA / FILES[task]), "--json", "--limit", str(SMOKE_LIMIT)])
    assert res.exit_code == 0, res.output
    result = json.loads(res.stdout.strip().splitlines()[-1])
    assert set(TASKS[task].keys) <= set(result)
    for key in TASKS[task].keys:
        value = result[key]
        if key.startswith(("n", "n_")) and isinstance(value, int):
            assert value >= 0
        elif isinstance(value, float) and key != "median_error_km":
            assert 0.0 <= value <= 1.0, (key, value)
