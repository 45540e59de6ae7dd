"""JSON-safe dict forms of the record shapes, for storage columns and exports.

`dump(x)` turns any record (dataclass, enum, date, list) into plain JSON types;
the `load_*` functions rebuild records from those dicts.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from enum import Enum
from typing import Any

from .models import ActorRef, Claim, ClaimKind, Evidence, Hedge, Place, TimeSpan, Victims


def dump(x: Any) -> Any:
    if x is None or isinstance(x, (str, int, float, bool)):
        return x
    if isinstance(x, Enum):
        return x.value
    if isinstance(x, (date, datetime)):
        return x.isoformat()
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return {f.name: dump(getattr(x, f.name)) for f in dataclasses.fields(x)}
    if isinstance(x, (list, tuple)):
        return [dump(v) for v in x]
    if isinstance(x, dict):
        return {str(k): dump(v) for k, v in x.items()}
    raise TypeError(f"cannot serialise {type(x).__name__}")


def load_evidence(d: dict[str, Any] | None) -> Evidence | None:
    if not d:
        return None
    return Evidence(d["doc_id"], int(d["start"]), int(d["end"]), d["quote"])


def load_actor(d: dict[str, Any] | None) -> ActorRef | None:
    if not d:
        return None
    return ActorRef(
        name=d["name"],
        inter=int(d.get("inter") or 0),
        country=d.get("country"),
        surface=d.get("surface"),
        evidence=load_evidence(d.get("evidence")),
    )


def load_actors(ds: list[dict[str, Any]] | None) -> list[ActorRef]:
    return [a for d in ds or [] if (a := load_actor(d)) is not None]


def load_place(d: dict[str, Any] | None) -> Place | None:
    if not d:
        return None
    fields = {f.name for f in dataclasses.fields(Place)}
    kw = {k: v for k, v in d.items() if k in fields and k != "evidence"}
    return Place(**kw, evidence=load_evidence(d.get("evidence")))


def load_timespan(d: dict[str, Any] | None) -> TimeSpan | None:
    if not d:
        return None
    return TimeSpan(
        date.fromisoformat(d["start"]),
        date.fromisoformat(d["end"]),
        int(d["precision"]),
        load_evidence(d.get("evidence")),
    )


def load_claim(d: dict[str, Any]) -> Claim:
    return Claim(
        kind=ClaimKind(d["kind"]),
        victims=Victims(d.get("victims") or "unknown"),
        low=d.get("low"),
        best=d.get("best"),
        high=d.get("high"),
        hedge=Hedge(d.get("hedge") or "asserted"),
        claimant=d.get("claimant"),
        side=d.get("side"),
        cumulative=bool(d.get("cumulative")),
        partial=bool(d.get("partial")),
        evidence=load_evidence(d.get("evidence")),
        text=d.get("text"),
    )
