"""Places: the gazetteer, toponym recognition and resolution in context.

default_gazetteer()                      -> Gazetteer (built once per process, cached on disk)
Gazetteer.lookup(name, country=None)     -> list[Place], best first
Gazetteer.entity_patterns()              -> EntityRuler patterns for warwatch.nlp.load
locate(sdoc, gazetteer, doc_id)          -> list[PlaceMention] (every toponym, resolved)
event_place(mentions, start, end, anchor) -> the Place of an event in a sentence
main_place(mentions)                     -> the document's main Place (where its events are told to happen)
outlet_town(gazetteer, url)              -> the Place of the town a page's host names ("chicagotribune.com")
"""

from __future__ import annotations

from functools import lru_cache

from .gazetteer import Gazetteer, haversine_km, load_or_build, name_keys
from .outlet import outlet_town
from .resolve import ROLES, PlaceMention, event_place, locate, main_place

__all__ = [
    "ROLES",
    "Gazetteer",
    "PlaceMention",
    "default_gazetteer",
    "event_place",
    "haversine_km",
    "locate",
    "main_place",
    "name_keys",
    "outlet_town",
]


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The full gazetteer, built once per process (and cached on disk between processes)."""
    return load_or_build()
