"""Actors: words in the text -> canonical ACLED-style actors with inter codes.

    default_dictionary()                         -> ActorDictionary (warwatch/data/actors.json, loaded once)
    ActorDictionary.resolve_all(phrase, country) -> list[Actor]  every actor a phrase names, in order
    ActorDictionary.resolve(phrase, country)     -> Actor | None the first of them
    ActorDictionary.country_of(text)             -> str | None   the country a text is most about
    ActorDictionary.generic(kind, country)       -> Actor        "Civilians (Iraq)", "Protesters (Iraq)"...

Names follow ACLED: state forces are "Military Forces of <country> (<period>)" and
"Police Forces of <country> (<period>)", named units append their branch; armed groups
carry their ACLED name; people with no armed role are "Civilians (<country>)",
"Protesters (<country>)", "Rioters (<country>)"; armed men nobody names are
"Unidentified Armed Group (<country>)".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from .errors import ConfigError

#: Aliases of at most this many characters written in capitals are matched case-sensitively:
#: "IS", "SAA", "PDF" are everyday words or other things in lower case.
ACRONYM_MAX_CHARS = 5

_MILITARY_WORDS = (
    r"army|armies|troops?|troopers?|soldiers?|military|armed forces|forces|air ?force|warplanes?|jets?|aircraft"
    r"|navy|marines?|paratroopers?|commandos?|special forces|artillery|drones?|helicopters?|gunships?|tanks?"
    r"|units?|battalions?"
    r"|brigades?|divisions?|servicem[ae]n|defen[cs]e forces|coast ?guard|gendarmes?|gendarmerie|regime"
    r"|government forces"
    # a country's strikes and raids are its forces' ("US air strikes", "Israeli raids")
    r"|air ?strikes?|airstrikes?|air raids?|raids?|shelling|bombardments?|bombing"
)
_POLICE_WORDS = r"police(?:m[ae]n|wom[ae]n)?|cops?|security forces|security personnel|riot police|paramilitar(?:y|ies)"
_ARMED_WORDS = (
    r"militants?|gunm[ae]n|insurgents?|rebels?|jihadists?|terrorists?|fighters?|attackers?|assailants?|armed m[ae]n"
    r"|armed groups?|extremists?|militia(?:s|men)?|bandits?|separatists?|guerrillas?|kidnappers?|abductors?"
)
_PROTEST_WORDS = r"protesters?|protestors?|demonstrators?|marchers?|activists?|strikers?|agitators?"
_RIOT_WORDS = r"rioters?|mobs?|crowds?|vigilantes?"
_CIVILIAN_WORDS = (
    r"civilians?|villagers?|residents?|people|persons?|children|child|kids?|wom[ae]n|m[ae]n|worshippers?|students?"
    r"|farmers?|shepherds?|journalists?|reporters?|passengers?|pilgrims?|families|family|shopkeepers?|traders?"
    r"|teachers?|doctors?|nurses?|aid workers?|workers?|refugees?|displaced|locals?|inhabitants?|boys?|girls?"
    r"|teenagers?"
)

_KIND_RES = {
    kind: re.compile(rf"\b(?:{words})\b", re.IGNORECASE)
    for kind, words in (
        ("police", _POLICE_WORDS),
        ("military", _MILITARY_WORDS),
        ("armed", _ARMED_WORDS),
        ("protesters", _PROTEST_WORDS),
        ("rioters", _RIOT_WORDS),
        ("civilians", _CIVILIAN_WORDS),
    )
}

_GENERIC_NAMES = {
    "civilians": ("Civilians ({country})", 7),
    "protesters": ("Protesters ({country})", 6),
    "rioters": ("Rioters ({country})", 5),
    "armed": ("Unidentified Armed Group ({country})", 3),
}


@dataclass(frozen=True)
class Actor:
    """A canonical actor."""

    name: str
    inter: int
    country: str | None = None
    lead: str | None = None  # for a coalition: the country that leads it
    start: int = 0  # where the words that named it stand in the phrase resolved
    end: int = 0

    @property
    def is_state(self) -> bool:
        return self.inter == 1 or (self.inter == 8 and self.lead is not None)

    @property
    def is_armed(self) -> bool:
        return self.inter in (1, 2, 3, 4, 8)


@dataclass(frozen=True)
class _Country:
    country: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    period: str

    def forces(self, branch: str) -> str:
        suffix = f" ({self.period})" if self.period else ""
        article = "the " if self.country.startswith("United ") else ""
        return f"{branch} Forces of {article}{self.country}{suffix}"


class ActorDictionary:
    """The curated dictionary: groups and named units by alias, state forces by country word + branch word."""

    def __init__(self, data: dict[str, Any]) -> None:
        try:
            self._countries = [
                _Country(c["country"], tuple(c["names"]), tuple(c["demonyms"]), c.get("period", ""))
                for c in data["countries"]
            ]
            entries: list[tuple[str, Actor]] = []
            for c in data["countries"]:
                for unit in c.get("units", []):
                    actor = Actor(unit["name"], int(unit["inter"]), c["country"])
                    entries += [(alias, actor) for alias in unit["aliases"]]
            for g in data["groups"]:
                actor = Actor(g["name"], int(g["inter"]), g.get("country"), g.get("lead"))
                entries += [(alias, actor) for alias in g["aliases"]]
        except (KeyError, TypeError, ValueError) as err:
            raise ConfigError(f"actor dictionary is malformed ({err!r}): fix warwatch/data/actors.json") from None
        self._alias_re, self._by_alias = _compile_aliases(entries)
        place_words: list[tuple[str, _Country]] = []
        for c in self._countries:
            place_words += [(w, c) for w in (*c.names, *c.demonyms)]
        self._country_re, self._by_country_word = _compile_aliases(place_words)

    # -- countries ---------------------------------------------------------------------------

    def country_words(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, country) for every country name or demonym in `text`."""
        out = []
        for m in self._country_re.finditer(text):
            key = _alias_key(m.group(0))
            c = self._by_country_word.get(key)
            if c is not None:
                out.append((m.start(), m.end(), c.country))
        return out

    def country_of(self, text: str) -> str | None:
        """The country `text` names most often (ties: the first named), or None."""
        counts: dict[str, int] = {}
        for _, _, country in self.country_words(text):
            counts[country] = counts.get(country, 0) + 1
        if not counts:
            return None
        return max(counts, key=lambda k: counts[k])

    def _country(self, name: str | None) -> _Country | None:
        return next((c for c in self._countries if c.country == name), None)

    # -- resolution ---------------------------------------------------------------------------

    def generic(self, kind: str, country: str | None) -> Actor:
        """A generic actor ("Civilians (Iraq)"); `kind` is civilians, protesters, rioters or armed."""
        template, inter = _GENERIC_NAMES[kind]
        return Actor(template.format(country=country or "International"), inter, country)

    def state_forces(self, branch: str, country: str | None) -> Actor | None:
        c = self._country(country)
        if c is None:
            return None
        return Actor(c.forces(branch), 1, c.country)

    def resolve_all(self, phrase: str, country: str | None = None) -> list[Actor]:
        """Every actor `phrase` names, left to right; offsets (start/end) are into `phrase`."""
        found: list[Actor] = []
        taken: list[tuple[int, int]] = []
        for m in self._alias_re.finditer(phrase):
            actor = self._by_alias.get(_alias_key(m.group(0)))
            if actor is None:
                continue
            found.append(_at(actor, m.start(), m.end()))
            taken.append((m.start(), m.end()))
        countries = [(s, e, c) for s, e, c in self.country_words(phrase) if not _inside(s, e, taken)]
        for kind in ("police", "military", "armed", "protesters", "rioters", "civilians"):
            for m in _KIND_RES[kind].finditer(phrase):
                if (
                    _inside(m.start(), m.end(), taken)
                    or any(0 <= m.start() - e <= 1 for _, e in taken)
                    or any(0 <= s - m.end() <= 1 for s, _ in taken)
                ):
                    continue  # "Rapid Response Division units", "the paramilitary RSF": words of a named unit
                near = [c for s, e, c in countries if e <= m.start() and m.start() - e <= 40]
                where = near[-1] if near else (countries[0][2] if countries else country)
                actor = self._kind_actor(kind, where)
                if actor is None:
                    continue
                start = min([s for s, e, c in countries if e <= m.start() and m.start() - e <= 40] or [m.start()])
                found.append(_at(actor, start, m.end()))
                taken.append((start, m.end()))
                break
        if not found and countries and re.search(r"\b(?:government|state)\b", phrase, re.IGNORECASE):
            actor = self.state_forces("Military", countries[0][2])
            if actor is not None:
                found.append(_at(actor, countries[0][0], countries[0][1]))
        found.sort(key=lambda a: a.start)
        unique: list[Actor] = []
        for a in found:
            if all(a.name != b.name for b in unique):
                unique.append(a)
        return unique

    def resolve(self, phrase: str, country: str | None = None) -> Actor | None:
        found = self.resolve_all(phrase, country)
        return found[0] if found else None

    def _kind_actor(self, kind: str, country: str | None) -> Actor | None:
        if kind == "military":
            return self.state_forces("Military", country)
        if kind == "police":
            return self.state_forces("Police", country)
        return self.generic(kind, country)


def _at(actor: Actor, start: int, end: int) -> Actor:
    return Actor(actor.name, actor.inter, actor.country, actor.lead, start, end)


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _alias_key(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").split())


def _compile_aliases(entries: list[tuple[str, Any]]) -> tuple[re.Pattern[str], dict[str, Any]]:
    """One regex for all aliases, longest first; short all-capital aliases only match in capitals."""
    by_alias: dict[str, Any] = {}
    parts: list[str] = []
    for alias, value in sorted(entries, key=lambda e: len(e[0]), reverse=True):
        key = _alias_key(alias)
        if key in by_alias:
            continue
        by_alias[key] = value
        escaped = r"\s+".join(re.escape(w) for w in alias.split())
        if alias.isupper() and len(alias) <= ACRONYM_MAX_CHARS:
            parts.append(rf"(?-i:{escaped})")
        else:
            parts.append(escaped)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w])", re.IGNORECASE)
    return pattern, by_alias


def word_kinds(phrase: str) -> set[str]:
    """The generic kinds of actor a phrase's words name ("troops" -> military), whatever the country."""
    return {kind for kind, rx in _KIND_RES.items() if rx.search(phrase)}


@lru_cache(maxsize=1)
def default_dictionary() -> ActorDictionary:
    """The dictionary shipped in warwatch/data/actors.json, loaded once per process."""
    try:
        text = resources.files("warwatch").joinpath("data/actors.json").read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, ValueError) as err:
        raise ConfigError(f"cannot read warwatch/data/actors.json ({err}): reinstall warwatch") from None
    return ActorDictionary(data)
