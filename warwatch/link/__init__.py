"""Linking: reports of the same incident, from one or many documents, become one Incident.

    cluster(reports)                         -> groups of reports, one per incident
    build_incident(reports, ...)             -> the Incident of one group
    link_reports(reports, outlet_of=...)     -> both, in memory

The stages of linking, one module each:

    features   what a report's evidence says (names, ages, words, shingles)
    rule       the same-incident rule for two reports: gates, place and date
               nearness, and how much the evidence must agree at each
    cluster    blocking (date sweep per country and family, rare-name index),
               union-find over accepted pairs, never two reports of one document
               that extraction and the rule both tell apart at one place and day
    incident   canonical fields, reconciled tolls, independent sources, grade, notes
    bench      a scale benchmark on synthetic reports (`python -m warwatch.link.bench`)
"""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Incident, Report
from .cluster import cluster
from .incident import build_incident, grade, independent_sources, notes
from .rule import haversine_km

__all__ = [
    "build_incident",
    "cluster",
    "grade",
    "haversine_km",
    "independent_sources",
    "link_reports",
    "notes",
]


def link_reports(reports: Sequence[Report], *, outlet_of: dict[str, str | None] | None = None) -> list[Incident]:
    """Link reports into incidents (in memory). Ids are content hashes of the member reports."""
    return [build_incident(group, outlet_of=outlet_of) for group in cluster(reports)]
