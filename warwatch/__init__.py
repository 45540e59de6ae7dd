"""warwatch: conflict news in, a sourced incident database out.

The public API is small: the record shapes, the pipeline, linking, the store and
the exports. Everything else is an implementation detail of its stage.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import (
    ConfigError,
    ExtractionError,
    InputError,
    NotFoundError,
    StoreError,
    WarwatchError,
)
from .link import link_reports
from .models import (
    ActorRef,
    Claim,
    ClaimKind,
    Document,
    Evidence,
    Grade,
    Hedge,
    Incident,
    Place,
    Range,
    Report,
    TimeSpan,
    Victims,
)
from .pipeline import Pipeline
from .reconcile import report_tolls
from .settings import Settings

__all__ = [
    "ActorRef",
    "Claim",
    "ClaimKind",
    "ConfigError",
    "Document",
    "Evidence",
    "ExtractionError",
    "Grade",
    "Hedge",
    "Incident",
    "InputError",
    "NotFoundError",
    "Pipeline",
    "Place",
    "Range",
    "Report",
    "Settings",
    "StoreError",
    "TimeSpan",
    "Victims",
    "WarwatchError",
    "__version__",
    "link_reports",
    "report_tolls",
]
