"""Claims -> low/best/high ranges, following DESIGN.md's coding rules.

- Claims about the same victims are alternative figures for one number: the low
  is the most conservative credible figure, the high the largest, and best the
  figure given as a point ("about N", "N killed") most often, the first told
  among equals (a story gives its toll in its headline and lead), else the low.
- Claims about different victims (civilians, combatants) add up.
- A claim whose victims are unknown is another figure for the whole toll; when no
  victim of the report is named a combatant, it is also the civilian toll.
- Figures that only bound the number from below ("at least 12", "dozens") agree
  with any larger one: the strongest of them is their floor.
- Denied, cumulative ("since the offensive began") and partial ("including 5
  children") claims never enter a total; children and women stand in for
  civilians only when no civilian figure is given. A part of those shot told
  as dead ("one of the victims died") is the toll of the dead when no other
  figure gives it.
- No claim at all means unknown (None), never zero.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .models import CIVILIAN_VICTIMS, Claim, ClaimKind, Hedge, Range, Report, Victims
from .numbers import parse_amount

_EXCLUDED_HEDGES = frozenset({Hedge.DENIED})


@dataclass(frozen=True)
class Tolls:
    fatalities: Range
    injured: Range
    civilians_killed: Range


def _point(c: Claim) -> int | None:
    for v in (c.low, c.best, c.high):
        if v is not None:
            return v
    return None


def _top(c: Claim) -> int | None:
    for v in (c.high, c.best, c.low):
        if v is not None:
            return v
    return None


def combine(claims: Iterable[Claim]) -> Range:
    """Alternative figures for one number -> one Range."""
    claims = [c for c in claims if _point(c) is not None]
    if not claims:
        return Range()
    # "At least N" only bounds the number from below: such figures agree with any larger one, so the
    # strongest of them is the floor. A vague "dozens" is a floor only where no figure gives one; a
    # victim told of alone ("a man was killed") is one of any count, and "several" or "many" tell
    # less than that victim, so they are floors only where nothing else counts. Figures given as
    # points disagree when they differ: the most conservative of them is the low.
    lows = [c.low for c in claims if c.low is not None and (c.best is not None or c.high is not None)]
    bounds = [(c.low, c) for c in claims if c.low is not None and c.best is None and c.high is None]
    floors = [v for v, c in bounds if not _vague(c) and not _alone(c)]
    floors = floors or [v for v, c in bounds if _vague(c) and not _indefinite(c)]
    if not floors and not lows:
        floors = [v for v, c in bounds if _alone(c)] or [v for v, _ in bounds]
    if floors:
        lows.append(max(floors))
    low = min(lows) if lows else min(p for c in claims if (p := _point(c)) is not None)
    high = max(low, max(t for c in claims if (t := _top(c)) is not None))
    # "At least 40 killed ... the monitor counted 23 dead": a floor counted as such is a figure told
    # too, so the headline's "at least 40" competes for the best with the points told after it.
    told = [c.best if c.best is not None else c.low for c in claims if c.best is not None or _counted_floor(c)]
    best = _usual([v for v in told if v is not None]) if told else low
    return Range(low, min(max(best, low), high), high)


def _usual(values: list[int]) -> int:
    """The figure told most often; among equals the first told, as claims come in text order."""
    return Counter(values).most_common(1)[0][0]  # most_common keeps first-seen order among equal counts


def _add(a: Range, b: Range) -> Range:
    if not a.known:
        return b
    if not b.known:
        return a

    def plus(x: int | None, y: int | None) -> int | None:
        return None if x is None or y is None else x + y

    return Range(plus(a.low, b.low), plus(a.best, b.best), plus(a.high, b.high))


def _usable(claims: Iterable[Claim], kind: ClaimKind) -> list[Claim]:
    return [c for c in claims if c.kind == kind and not c.cumulative and c.hedge not in _EXCLUDED_HEDGES]


def toll(claims: Iterable[Claim], kind: ClaimKind) -> tuple[Range, Range]:
    """(total, civilians) for one kind of toll (killed or injured)."""
    usable = _usable(claims, kind)
    whole = [c for c in usable if not c.partial] or [c for c in usable if _partitive_only(c, kind)]
    civ = combine(c for c in whole if c.victims == Victims.CIVILIANS)
    if not civ.known:
        # "ten children and five women were killed": children and women told apart add up
        civ = _add(
            combine(c for c in whole if c.victims == Victims.CHILDREN),
            combine(c for c in whole if c.victims == Victims.WOMEN),
        )
    combatants = combine(c for c in whole if c.victims == Victims.COMBATANTS)
    unknown = combine(c for c in whole if c.victims == Victims.UNKNOWN)
    parts = _add(civ, combatants)
    among = any(_civilians_among(c) for c in usable)
    if any(c.victims != Victims.UNKNOWN and not _alone(c) for c in whole):
        # a victim told of alone is one of the civilians or combatants counted
        unknown = combine(c for c in whole if c.victims == Victims.UNKNOWN and not _alone(c))
    said_civilians = any(c.victims == Victims.CIVILIANS and _says_civilian(c) and not _indefinite(c) for c in whole)
    if (
        not said_civilians
        and unknown.known
        and not among
        and not any(c.victims == Victims.COMBATANTS and not _alone(c) for c in usable)
        and (not civ.known or (civ.high or 0) < (unknown.low or 0))
    ):
        # "A bomb killed 12 people": news name fighters, soldiers or police when they are among the
        # dead, so people of whom none is named a combatant are counted as the civilians they are;
        # "six civilians were among them" tells that the rest were not, while "four medics" or "two
        # children" named apart are some of them.
        civ = unknown
    if not civ.known:
        # "including 5 children": a floor for the civilian toll, never another total.
        civ = combine(c for c in usable if c.victims in CIVILIAN_VICTIMS)
    alternatives = [r for r in (parts, unknown) if r.known]
    if not alternatives:
        return Range(), civ
    low = min(r.low for r in alternatives if r.low is not None)
    high = max(r.high for r in alternatives if r.high is not None)
    # "Two people were killed ... two women were wounded, and two other men": victims named by kind are
    # most often some of the people the story counts, so a count of people is the best figure.
    counted = any(c.best is not None for c in whole if c.victims == Victims.UNKNOWN)
    best = unknown.best if counted else None
    if best is None:
        best = statistics.median_low([r.best for r in alternatives if r.best is not None])
    total = Range(low, min(max(best, low), high), high)
    if (
        civ.known
        and not combatants.known
        and unknown.known
        and not among
        and civ.high is not None
        and unknown.high is not None
    ):
        # Unnamed victims of an incident whose only named victims are civilians are
        # most plausibly the same civilians: their figure can raise the high, never the low.
        civ = Range(civ.low, civ.best, max(civ.high, unknown.high))
    return total, civ


def _counted_floor(c: Claim) -> bool:
    """ "At least 12", "more than 40": a figure that only bounds from below, not a vague amount nor
    victims told of one by one ("Smith and Jones were killed")."""
    if c.low is None or c.best is not None or c.high is not None:
        return False
    amount = parse_amount(c.text or "")
    return amount is not None and not amount.vague and amount.low == c.low


def _alone(c: Claim) -> bool:
    """A victim told of alone ("a man was killed", "Smith died"): a floor of one."""
    return c.low == 1 and c.best is None and c.high is None


def _indefinite(c: Claim) -> bool:
    """ "Several", "many", "a number of": less telling than one victim named."""
    return re.search(r"(?i)\b(?:several|many|numerous|a few|a number of|a couple of)\b", c.text or "") is not None


def _vague(c: Claim) -> bool:
    """ "Dozens", "scores of", "several": a vague amount, whose low is a convention, not a count."""
    amount = parse_amount(c.text or "")
    return amount is not None and amount.vague


def _says_civilian(c: Claim) -> bool:
    """A figure that counts civilians as such ("six civilians"), not people of a civilian kind ("four medics")."""
    return "civilian" in (c.text or "").lower()


def _civilians_among(c: Claim) -> bool:
    """ "Six civilians were among the 22 dead": civilians counted as a part, so the rest are not."""
    return c.partial and c.victims == Victims.CIVILIANS and _says_civilian(c)


def report_tolls(claims: Iterable[Claim] | Report) -> Tolls:
    claims = list(claims.claims if isinstance(claims, Report) else claims)
    killed, civ_killed = toll(claims, ClaimKind.KILLED)
    injured, _ = toll(claims, ClaimKind.INJURED)
    wounded = _usable(claims, ClaimKind.INJURED)
    dead = (killed.best if killed.best is not None else killed.low) or 0
    if not any(not c.partial for c in wounded):
        # "Four people were shot ... one of them died": those shot include the dead, so the wounded
        # are those shot less those killed.
        injured = _shot_survivors([c for c in wounded if c.partial], dead) or injured
    else:
        # "Five people were shot ... two men were critically wounded": the wounded told of apart are
        # most often some of those shot, so a count of the shot that is larger is the toll.
        shot = [c for c in wounded if c.partial and not _subset(c)]
        survivors = _shot_survivors(shot, dead) if any(_counted(c) for c in shot) else None
        if survivors is not None and _figure(survivors) > _figure(injured):
            injured = survivors
    return Tolls(fatalities=killed, injured=injured, civilians_killed=civ_killed)


def _figure(r: Range) -> int:
    """A range's single figure, best else low, as a toll is read; 0 when unknown."""
    return (r.best if r.best is not None else r.low) or 0


def _shot_survivors(shot: list[Claim], dead: int) -> Range | None:
    """Those told only as shot include the dead, so the wounded are those shot less those killed;
    None when no one is told only as shot or the dead are as many."""
    told = combine(shot)
    if told.low is None or told.best is None or told.high is None or told.high <= dead:
        return None
    low = max(told.low - dead, 1)
    high = told.high - dead
    return Range(low, min(max(told.best - dead, low), high), high)


# "two of the victims", "among them a girl", "including three children": a part of another figure.
_SUBSET_RE = re.compile(r"(?i)\b(?:of (?:them|whom|those|the)|among|including)\b")


def _subset(c: Claim) -> bool:
    """A partial figure that counts part of another ("two of the victims"), not those told only as shot."""
    return c.partial and _SUBSET_RE.search(c.text or "") is not None


# "two of the victims", "one of them": a part of a group told before.
_PARTITIVE_RE = re.compile(r"(?i)\bof (?:them|whom|those|the)\b")


def _partitive_only(c: Claim, kind: ClaimKind) -> bool:
    """ "Two men were shot ... one of the victims died": when a story gives no figure of the dead
    but a part of those shot, that part is the whole toll of the dead."""
    return kind is ClaimKind.KILLED and c.partial and _PARTITIVE_RE.search(c.text or "") is not None


def _counted(c: Claim) -> bool:
    """A figure that counts people ("four people"), not one person told of alone."""
    return not _alone(c) and not _indefinite(c)
