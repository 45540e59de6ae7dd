"""Measuring warwatch against annotated news: the tasks behind `warwatch eval TASK FILE`.

    TASKS                                   name -> TaskSpec (its metric keys and its runner)
    run_task(task, path, pipeline=...)      -> dict with at least the task's keys
    format_table(task, result)              -> a rich Table of the same figures

Each task reads one JSON Lines file of the evaluation data (schemas and metric definitions
in its README), runs warwatch's own pipeline on the texts and compares with the gold. Rates
are in [0, 1] and counts are integers; a result may hold extra figures after the task's keys.

    module        tasks
    classify      event-type, casualties
    incidents     gva, clusters
    spans         geoparse, timex
    mentions      entities, arguments
    metrics       the generic measures they share
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.table import Table

from ..errors import ConfigError
from .classify import run_casualties, run_event_type
from .data import Analyzer, Progress
from .incidents import run_clusters, run_gva
from .mentions import run_arguments, run_entities
from .spans import run_geoparse, run_timex

__all__ = ["TASKS", "TaskSpec", "format_table", "run_task"]

Runner = Callable[..., dict[str, Any]]


@dataclass(frozen=True)
class TaskSpec:
    """One evaluation task: the file it reads, the keys its result always has, and its runner.

    `run(path, pipeline, *, limit, progress)` reads the first `limit` cases of `path` (all when
    None), reports progress as `progress(done, total)` and returns the figures.
    """

    name: str
    keys: tuple[str, ...]
    run: Runner
    file: str
    help: str


TASKS: dict[str, TaskSpec] = {
    spec.name: spec
    for spec in (
        TaskSpec(
            "event-type",
            ("n", "accuracy", "weighted_f1", "macro_f1"),
            run_event_type,
            "event-type.jsonl",
            "ACLED sub-event type of a news snippet (most salient ACLED report, or none).",
        ),
        TaskSpec(
            "casualties",
            (
                "n",
                "civilians_killed_exact",
                "civilians_killed_within10",
                "total_killed_exact",
                "cause_accuracy",
                "location_accuracy",
                "date_accuracy",
            ),
            run_casualties,
            "casualties-fakes.jsonl",
            "Civilians and total killed, cause, governorate and date of a Syrian war article.",
        ),
        TaskSpec(
            "gva",
            (
                "n",
                "killed_exact",
                "injured_exact",
                "n_killed_stated",
                "killed_exact_stated",
                "n_injured_stated",
                "injured_exact_stated",
                "date_accuracy",
                "geo_within_25km",
                "bcubed_precision",
                "bcubed_recall",
                "bcubed_f1",
            ),
            run_gva,
            "gva-incidents.jsonl",
            "Killed, injured, date and place of gun-violence reports, and their incident linking.",
        ),
        TaskSpec(
            "geoparse",
            (
                "n_docs",
                "n_gold",
                "recognition_precision",
                "recognition_recall",
                "recognition_f1",
                "recognition_f1_exact",
                "acc161",
                "acc161_recognized",
                "median_error_km",
            ),
            run_geoparse,
            "geoparse.jsonl",
            "Toponym recognition and resolution to coordinates.",
        ),
        TaskSpec(
            "timex",
            ("n_gold", "n_system", "detection_f1_strict", "detection_f1_relaxed", "value_accuracy", "value_f1"),
            run_timex,
            "timex.jsonl",
            "Time expressions and their TIMEX3 values.",
        ),
        TaskSpec(
            "clusters",
            ("n_docs", "bcubed_precision", "bcubed_recall", "bcubed_f1"),
            run_clusters,
            "clusters-ecbplus.jsonl",
            "Same-event clustering of documents by incident linking.",
        ),
        TaskSpec(
            "entities",
            ("n_gold", "micro_f1", "macro_f1", "per_type"),
            run_entities,
            "entities-re3d.jsonl",
            "Typed entity spans, mapped onto re3d's types.",
        ),
        TaskSpec(
            "arguments",
            ("n_events_gold", "trigger_f1", "argument_f1"),
            run_arguments,
            "arguments-wikievents.jsonl",
            "Attack, death and injury triggers and their arguments.",
        ),
    )
}

#: Figures in km are printed with this many decimals, rates with RATE_DECIMALS.
KM_DECIMALS = 1
RATE_DECIMALS = 3


def task_spec(task: str) -> TaskSpec:
    """The spec of a task by name; ConfigError listing the tasks when there is no such task."""
    try:
        return TASKS[task]
    except KeyError:
        raise ConfigError(f"unknown evaluation task {task!r}: choose one of {', '.join(TASKS)}") from None


def run_task(
    task: str,
    path: Path,
    *,
    pipeline: Analyzer | None = None,
    limit: int | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Run one task on an evaluation file; a default Pipeline is built when none is given."""
    spec = task_spec(task)
    if pipeline is None:
        from ..pipeline import Pipeline  # loading spaCy is slow: only when a run needs it

        pipeline = Pipeline()
    result = spec.run(Path(path), pipeline, limit=limit, progress=progress)
    # The task's own keys first, in the README's order, then its extra figures.
    ordered = {k: result[k] for k in spec.keys}
    ordered.update((k, v) for k, v in result.items() if k not in ordered)
    return ordered


def _fmt(key: str, value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.{KM_DECIMALS if key.endswith('_km') else RATE_DECIMALS}f}"
    return str(value)


def _nested_rows(key: str, value: dict[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for name, inner in value.items():
        if isinstance(inner, dict):
            text = "  ".join(f"{k} {_fmt(k, v)}" for k, v in inner.items())
        else:
            text = _fmt(name, inner)
        rows.append((f"{key} · {name}", text))
    return rows


def format_table(task: str, result: dict[str, Any]) -> Table:
    """A readable table of a task's figures: its README keys first, then the extra ones dimmed."""
    spec = task_spec(task)
    table = Table(title=f"warwatch eval {task}", caption=spec.help)
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key, value in result.items():
        style = None if key in spec.keys else "dim"
        if isinstance(value, dict):
            for name, text in _nested_rows(key, value):
                table.add_row(name, text, style=style)
        else:
            table.add_row(key, _fmt(key, value), style=style)
    return table
