"""Extraction: incident reports from one parsed document.

    may_hold_event(text)                     -> bool          cheap prefilter before spaCy
    extract_reports(doc, sdoc, gazetteer)    -> list[Report]  the document's incident reports

The package reads like its steps: `sentences` cuts the parse into sentences, `events`
finds and types trigger mentions, `claims` reads figures, `attribution` names who gives
a figure or tells an event and how firmly (claimant and hedge), `denials` finds
contradictions of an event's occurrence, `assemble` merges
mentions into reports and scores their salience. Places and dates come from
warwatch.geo and warwatch.dates; actor names from warwatch.actors.
"""

from __future__ import annotations

import re
from typing import Any

from ..actors import default_dictionary
from ..geo import Gazetteer
from ..models import Document, Report
from .assemble import assemble
from .events import PREFILTER_STEMS

__all__ = ["extract_reports", "may_hold_event"]

_PREFILTER = re.compile(PREFILTER_STEMS, re.IGNORECASE)


def may_hold_event(text: str) -> bool:
    """False only for a text in which no trigger stem occurs, so it cannot hold an event."""
    return _PREFILTER.search(text) is not None


def extract_reports(doc: Document, sdoc: Any, gazetteer: Gazetteer) -> list[Report]:
    """The incident reports of `doc`; `sdoc` is the spaCy Doc of `doc.text` (same character offsets)."""
    return assemble(doc, sdoc, gazetteer, default_dictionary())
