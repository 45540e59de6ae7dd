"""The outlet's home from its web address: local news sites name their city or state in their host
("chicagotribune.com", "nbcmiami.com", "stlouis.example.com", "delawareonline.com").

outlet_home(gazetteer, url) -> the Entry of the city or state a page's host names, or None
outlet_town(gazetteer, url) -> the Place of that city, the place of last resort for a story

The home is context for resolution (see resolve._Context): a namesake in the outlet's state is the
likelier one. Only a large city, or a state or province, that no other place of that name rivals is
taken; an archive's address (web.archive.org/web/<time>/<original>) is read for the original's host.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..models import Place
from .gazetteer import Entry, Gazetteer
from .tables import US_STATES

_ARCHIVE_RE = re.compile(r"^(?:https?://)?web\.archive\.org/web/[^/]+/", re.I)
#: Host labels that name no outlet.
_GENERIC_LABELS = frozenset({"www", "m", "mobile", "amp", "news", "com", "co", "org", "net", "edition"})
#: Words that news sites put before or after their town's name in a host ("nbc" + "chicago", "fresno" +
#: "bee"); stripped, longer ones first, before the rest is looked up.
_AFFIXES = tuple(
    sorted(
        {
            *("dailyherald", "dailynews", "suntimes", "tribune", "herald", "gazette", "journal", "courier"),
            *("chronicle", "online", "today", "times", "daily", "news", "post", "star", "bee", "sun", "now"),
            *("live", "local", "the", "nbc", "cbs", "abc", "fox", "my"),
        },
        key=lambda affix: (-len(affix), affix),
    )
)
#: A home must be a state or province, or a town of at least this many people (set on the gva
#: development file: 10,000, the size that ranks a town as surely a place, kept every home that
#: 100,000 found and added six more; smaller towns share their names too often)...
_HOME_POPULATION = 10_000
#: ... that has this many times the people of any other place of its name in another state.
_HOME_DOMINANCE = 3
#: Shortest and longest host word tried ("ky3" is no state's code; a squashed "saltlakecity" needs two
#: spaces put back).
_MIN_WORD = 4
_MAX_WORD = 24
_MAX_SPACES = 2


def outlet_home(gazetteer: Gazetteer, url: str | None) -> Entry | None:
    """The city or state that the host of `url` names, or None (see the module docstring)."""
    if not url:
        return None
    original = _ARCHIVE_RE.sub("", url.strip())
    host = urlsplit(original if "://" in original else f"http://{original}").hostname or ""
    words = [re.sub(r"[^a-z]", "", label) for label in host.lower().split(".")[:-1] if label not in _GENERIC_LABELS]
    for word in filter(None, words):
        for stem in _stems(word):
            home = _home(gazetteer, stem)
            if home is not None:
                return home
    return next(filter(None, (_state_within(gazetteer, word) for word in words)), None)


#: A US state's name inside a longer host word ("northwestgeorgianews", "centralillinoisproud") names the
#: outlet's state; shorter names ("Iowa", "Ohio", "Utah") hide in too many other words to count.
_MIN_STATE_WORD = 6
#: A city this large that shares a state's name may be what the host names instead.
_LARGE_CITY = 100_000


def _state_within(gazetteer: Gazetteer, word: str) -> Entry | None:
    """The US state whose name (the longest: "arkansas", not "kansas") lies inside the host word `word`,
    unless a large city shares the state's name (an "upstatenewyork" host may be New York City's)."""
    inside = [name for name in US_STATES.values() if len(name) >= _MIN_STATE_WORD and _squashed(name) in word]
    if not inside:
        return None
    name = max(inside, key=len)
    exact = [c for c in gazetteer.candidates(name) if c.tier == 0]
    states = [c.entry for c in exact if c.primary and c.entry.feature == "admin1" and c.entry.cc == "US"]
    # by any of its names: "New York" is New York City's too
    city = any(c.entry.feature in ("city", "town") and c.entry.population >= _LARGE_CITY for c in exact)
    return states[0] if states and not city else None


def _squashed(name: str) -> str:
    return name.lower().replace(" ", "")


def _stems(word: str) -> list[str]:
    """The word, then the word without the outlet's affixes ("nbcchicago" -> "chicago")."""
    out = [word]
    changed = True
    while changed:
        changed = False
        for affix in _AFFIXES:
            if word.startswith(affix) and len(word) > len(affix) + 3:
                word, changed = word[len(affix) :], True
            elif word.endswith(affix) and len(word) > len(affix) + 3:
                word, changed = word[: -len(affix)], True
        if changed:
            out.append(word)
    return out


def _home(gazetteer: Gazetteer, squashed: str) -> Entry | None:
    """The dominant large place whose name, spaces removed, is `squashed`."""
    if not _MIN_WORD <= len(squashed) <= _MAX_WORD:
        return None
    for name in _spacings(squashed, _MAX_SPACES):
        entries = [
            c.entry
            for c in gazetteer.candidates(name)
            if c.tier == 0 and c.primary and c.entry.feature in ("admin1", "city", "town")
        ]
        if not entries:
            continue
        best = max(entries, key=lambda e: e.population)
        rivals = [e.population for e in entries if (e.cc, e.admin1) != (best.cc, best.admin1) and e is not best]
        large = best.feature == "admin1" or best.population >= _HOME_POPULATION
        if (
            large
            and all(_HOME_DOMINANCE * p <= best.population for p in rivals)
            and not _half_of_state(gazetteer, best)
        ):
            return best
    return None


#: Compass words that split a region between states ("North Carolina" and "South Carolina").
_COMPASS = ("north", "south", "east", "west")


def _half_of_state(gazetteer: Gazetteer, town: Entry) -> bool:
    """Whether a town's name, after a compass word, names a state or province: a host that names it
    ("newscarolina", "dakotanews") names the region that the states share, not the town (Carolina, Puerto
    Rico)."""
    return town.feature != "admin1" and any(
        c.entry.feature == "admin1"
        for compass in _COMPASS
        for c in gazetteer.candidates(f"{compass} {town.name}")
        if c.tier == 0 and c.primary
    )


def _spacings(word: str, spaces: int) -> list[str]:
    """`word` with up to `spaces` spaces put back between letters, fewest first."""
    out = [word]
    if spaces and len(word) > 1:
        for i in range(2, len(word) - 1):
            out += [f"{word[:i]} {rest}" for rest in _spacings(word[i:], spaces - 1)]
    return sorted(set(out), key=lambda s: s.count(" "))


def outlet_town(gazetteer: Gazetteer, url: str | None) -> Place | None:
    """The outlet's home town as the place of last resort for a story that names no place it can resolve,
    at geo precision 3 (a local outlet's story happens in or around its town, not surely in it); None
    when the host names no town (a state is too wide to stand for a story's place)."""
    home = outlet_home(gazetteer, url)
    if home is None or home.feature == "admin1":
        return None
    return gazetteer.place(home, 3)
