"""Claims -> low/best/high ranges, following DESIGN.md's coding rules.

- Claims about the same victims are alternative figures for one number: the low
  is the most conservative credible figure, the high the largest, and best the
  median of the figures given as a point ("about N", "N killed"), else the low.
- Claims about different victims (civilians, combatants) add up.
- A claim whose victims are unknown is another figure for the whole toll.
- Denied, cumulative ("since the offensive began") and partial ("including 5
  children") claims never enter a total; children and women stand in for
  civilians only when no civilian figure is given.
- No claim at all means unknown (None), never zero.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from .models import CIVILIAN_VICTIMS, Claim, ClaimKind, Hedge, Range, Report, Victims

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
    lows = [c.low for c in claims if c.low is not None]
    low = min(lows) if lows else min(p for c in claims if (p := _point(c)) is not None)
    high = max(low, max(t for c in claims if (t := _top(c)) is not None))
    bests = [c.best for c in claims if c.best is not None]
    best = int(statistics.median_low(bests)) if bests else low
    return Range(low, min(max(best, low), high), high)


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
    whole = [c for c in usable if not c.partial]
    civ = combine(c for c in whole if c.victims == Victims.CIVILIANS)
    if not civ.known:
        civ = combine(c for c in whole if c.victims in CIVILIAN_VICTIMS)
    combatants = combine(c for c in whole if c.victims == Victims.COMBATANTS)
    unknown = combine(c for c in whole if c.victims == Victims.UNKNOWN)
    parts = _add(civ, combatants)
    if not civ.known:
        # "including 5 children": a floor for the civilian toll, never another total.
        civ = combine(c for c in usable if c.victims in CIVILIAN_VICTIMS)
    alternatives = [r for r in (parts, unknown) if r.known]
    if not alternatives:
        return Range(), civ
    low = min(r.low for r in alternatives if r.low is not None)
    high = max(r.high for r in alternatives if r.high is not None)
    best = statistics.median_low([r.best for r in alternatives if r.best is not None])
    total = Range(low, min(max(best, low), high), high)
    if civ.known and not combatants.known and unknown.known and civ.high is not None and unknown.high is not None:
        # Unnamed victims of an incident whose only named victims are civilians are
        # most plausibly the same civilians: their figure can raise the high, never the low.
        civ = Range(civ.low, civ.best, max(civ.high, unknown.high))
    return total, civ


def report_tolls(claims: Iterable[Claim] | Report) -> Tolls:
    claims = list(claims.claims if isinstance(claims, Report) else claims)
    killed, civ_killed = toll(claims, ClaimKind.KILLED)
    injured, _ = toll(claims, ClaimKind.INJURED)
    return Tolls(fatalities=killed, injured=injured, civilians_killed=civ_killed)
