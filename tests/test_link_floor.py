"""Linking quality on the gva development file (issue "One incident, many reports").

The issue's floor is gva B-cubed F1 >= 0.90. Linking does not reach it yet: the
measured figure is 0.823 (P 0.947, R 0.728). This file keeps both facts visible:
a regression floor just under the measured figure that must hold, and the issue's
target as a strict expected failure, which starts failing (and must then become a
plain assertion) the day linking reaches it.

Runs `warwatch eval gva` on the whole development file once, so it takes minutes.
The file lives in ../shared/evaldata beside the checkout; where it is absent these
tests are skipped with that reason.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import EVALDATA
from warwatch.cli import app

GVA = EVALDATA / "gva-incidents.jsonl"
#: The floor the issue sets for linking the gva development file's documents into incidents.
GVA_BCUBED_F1_TARGET = 0.90
#: What linking holds today (measured 0.823 with `warwatch eval gva`); a drop below is a regression.
GVA_BCUBED_F1_REGRESSION_FLOOR = 0.80

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not GVA.is_file(), reason=f"no evaluation data at {GVA}")]


@pytest.fixture(scope="module")
def gva_result() -> dict[str, Any]:
    res = CliRunner().invoke(app, ["eval", "gva", str(GVA), "--json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout.strip().splitlines()[-1])


def test_gva_linking_holds_its_measured_level(gva_result: dict[str, Any]):
    assert gva_result["bcubed_f1"] >= GVA_BCUBED_F1_REGRESSION_FLOOR, gva_result


@pytest.mark.xfail(strict=True, reason="linking reaches gva B-cubed F1 0.823, short of the issue's 0.90")
def test_gva_linking_meets_the_issue_floor(gva_result: dict[str, Any]):
    assert gva_result["bcubed_f1"] >= GVA_BCUBED_F1_TARGET, gva_result
