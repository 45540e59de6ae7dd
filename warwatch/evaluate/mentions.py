"""Mention tasks: typed entity spans (re3d) and event triggers with their arguments (WikiEvents, RAMS).

entities: spaCy's entities from the pipeline's model (gazetteer patterns included), mapped onto
re3d's types by ENTITY_TYPES; a prediction is right when (start, end, type) equals a gold entity.

arguments: warwatch's reports are read as events of three families (attack, die, injure; see
events_of). trigger_f1 compares Report.trigger spans exactly with the gold triggers of those
families (untyped: the span alone). argument_f1 is lenient: an argument is (family, role, span)
after mapping both sides' roles with GOLD_ROLES / REPORT_ROLES; it matches a gold argument of
the same document, family and role whose span overlaps (one-to-one, greedy by overlap),
whichever trigger either is attached to. Identical (family, role, span) triples count once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..models import ClaimKind, Evidence, Report
from ..taxonomy import BATTLES, EXPLOSIONS
from . import metrics
from .data import Analyzer, Case, Progress, analyze_all, make_document, parse_all, read_cases

# --- entities -----------------------------------------------------------------------------------

#: spaCy (OntoNotes) entity labels onto re3d types. CARDINAL and PERCENT are Quantity because
#: re3d's Quantity holds bare counts ("two", "14") and shares as well as measures; ORDINAL,
#: EVENT, LAW, PRODUCT, WORK_OF_ART and LANGUAGE have no re3d counterpart and are left out.
ENTITY_TYPES: dict[str, str] = {
    "ORG": "Organisation",
    "PERSON": "Person",
    "GPE": "Location",
    "LOC": "Location",
    "FAC": "Location",
    "NORP": "Nationality",
    "DATE": "Temporal",
    "TIME": "Temporal",
    "QUANTITY": "Quantity",
    "CARDINAL": "Quantity",
    "PERCENT": "Quantity",
    "MONEY": "Money",
}

Typed = tuple[int, int, str]


def _gold_entities(case: Case, text: str) -> list[Typed]:
    out = []
    for k, raw in enumerate(case.get("entities", list)):
        e = case.sub("entities", raw, k)
        start, end = e.span(text, key="entity")
        out.append((start, end, e.get("type", str)))
    return out


def predicted_entities(sdoc: object) -> list[Typed]:
    """spaCy's entities of a parsed text as (start, end, re3d type), unmapped labels left out."""
    out = []
    for ent in sdoc.ents:  # type: ignore[attr-defined]
        kind = ENTITY_TYPES.get(ent.label_)
        if kind is not None:
            out.append((ent.start_char, ent.end_char, kind))
    return out


def run_entities(path: Path, pipeline: Analyzer, *, limit: int | None = None, progress: Progress | None = None) -> dict:
    cases = read_cases(path, limit=limit)
    texts = [c.get("text", str) for c in cases]
    golds = [_gold_entities(c, t) for c, t in zip(cases, texts, strict=True)]
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    untyped = metrics.PRF(0, 0, 0)
    for gold, sdoc in zip(golds, parse_all(pipeline, texts, progress), strict=True):
        pred = predicted_entities(sdoc)
        untyped += metrics.PRF(
            metrics.exact_matches([e[:2] for e in gold], [e[:2] for e in pred]), len(pred), len(gold)
        )
        n_gold.update(t for _, _, t in gold)
        n_pred.update(t for _, _, t in pred)
        matched = Counter(gold) & Counter(pred)
        for (_, _, kind), n in matched.items():
            tp[kind] += n
    scores = {t: metrics.PRF(tp[t], n_pred[t], n_gold[t]) for t in sorted(set(n_gold) | set(n_pred))}
    micro = sum(scores.values(), metrics.PRF(0, 0, 0))
    return {
        "n_gold": micro.n_gold,
        "micro_f1": micro.f1,
        "macro_f1": metrics.macro_f1(scores),
        "per_type": {
            t: {"precision": s.precision, "recall": s.recall, "f1": s.f1, "n_gold": s.n_gold} for t, s in scores.items()
        },
        "n_predicted": micro.n_pred,
        "micro_precision": micro.precision,
        "micro_recall": micro.recall,
        "untyped_f1": untyped.f1,
    }


# --- arguments ----------------------------------------------------------------------------------

ATTACK, DIE, INJURE = "attack", "die", "injure"

#: Gold event types (lower case) by prefix onto the three scored families.
GOLD_FAMILIES: dict[str, str] = {"conflict.attack": ATTACK, "life.die": DIE, "life.injure": INJURE}

#: Gold roles (lower case; WikiEvents capitalises, RAMS does not) onto warwatch's roles.
#: Killer and injurer are the attacker of the death or injury; an explosive device is the
#: instrument. Roles not listed keep their own name and so match nothing warwatch predicts.
GOLD_ROLES: dict[str, str] = {
    "attacker": "attacker",
    "killer": "attacker",
    "injurer": "attacker",
    "target": "target",
    "victim": "victim",
    "place": "place",
    "instrument": "instrument",
    "explosivedevice": "instrument",
}

#: Which part of a report fills which role, per family: the acting side is the attacker, the
#: side acted on the target of an attack, the people a killed / injured claim counts are the
#: victims of the death / injury, and the report's place is every event's place.
REPORT_ROLES: dict[str, tuple[tuple[str, str], ...]] = {
    ATTACK: (("actor1", "attacker"), ("actor2", "target"), ("place", "place")),
    DIE: (("actor1", "attacker"), ("victims", "victim"), ("place", "place")),
    INJURE: (("actor1", "attacker"), ("victims", "victim"), ("place", "place")),
}

#: ACLED event types whose reports are attacks; sub-event types of other event types that are.
ATTACK_EVENT_TYPES = frozenset({BATTLES, EXPLOSIONS})
ATTACK_SUB_EVENT_TYPES = frozenset(
    {"Attack", "Sexual violence", "Excessive force against protesters", "Violent demonstration", "Mob violence"}
)
_CLAIM_FAMILIES: dict[ClaimKind, str] = {ClaimKind.KILLED: DIE, ClaimKind.INJURED: INJURE}

Argument = tuple[str, str, int, int]  # family, role, start, end


def _family_of_type(event_type: str) -> str | None:
    low = event_type.casefold()
    for prefix, family in GOLD_FAMILIES.items():
        if low.startswith(prefix):
            return family
    return None


def _is_attack(report: Report) -> bool:
    if report.scope == "acled":
        return report.event_type in ATTACK_EVENT_TYPES or report.sub_event_type in ATTACK_SUB_EVENT_TYPES
    # Outside ACLED's scope (crime, accidents, disasters) only a report with an acting side is an attack.
    return report.actor1 is not None


def _evidence(report: Report, part: str, family: str) -> Iterable[Evidence]:
    if part == "actor1":
        ev = report.actor1.evidence if report.actor1 else None
    elif part == "actor2":
        ev = report.actor2.evidence if report.actor2 else None
    elif part == "place":
        ev = report.place.evidence if report.place else None
    else:  # the victims counted by the family's claims
        return [c.evidence for c in report.claims if _CLAIM_FAMILIES.get(c.kind) == family and c.evidence]
    return [ev] if ev is not None else []


def events_of(report: Report) -> list[str]:
    """The families a report stands for: attack when its type is one, die / injure when it counts dead / hurt."""
    families = [ATTACK] if _is_attack(report) else []
    kinds = {c.kind for c in report.claims}
    families += [f for kind, f in _CLAIM_FAMILIES.items() if kind in kinds]
    return families


def report_arguments(report: Report) -> set[Argument]:
    out: set[Argument] = set()
    for family in events_of(report):
        for part, role in REPORT_ROLES[family]:
            for ev in _evidence(report, part, family):
                out.add((family, role, ev.start, ev.end))
    return out


@dataclass(frozen=True)
class _GoldDoc:
    triggers: list[tuple[int, int]]
    arguments: set[Argument]


def _gold_events(case: Case, text: str) -> _GoldDoc:
    triggers: list[tuple[int, int]] = []
    arguments: set[Argument] = set()
    for k, raw in enumerate(case.get("events", list)):
        event = case.sub("events", raw, k)
        family = _family_of_type(event.get("type", str))
        if family is None:
            continue
        triggers.append(event.sub("trigger", event.get("trigger", dict)).span(text, key="trigger"))
        for j, arg_raw in enumerate(event.get("arguments", list)):
            arg = event.sub("arguments", arg_raw, j)
            start, end = arg.span(text, key="argument")
            role = arg.get("role", str).casefold()
            arguments.add((family, GOLD_ROLES.get(role, role), start, end))
    return _GoldDoc(triggers, arguments)


def _matched_arguments(gold: list[Argument], pred: list[Argument]) -> int:
    """Gold arguments matched one-to-one by an overlapping prediction of the same family and role."""

    def same_slot(gi: int, pi: int) -> bool:
        return gold[gi][:2] == pred[pi][:2]

    pairs = metrics.match_spans([(a[2], a[3]) for a in gold], [(a[2], a[3]) for a in pred], compatible=same_slot)
    return len(pairs)


def run_arguments(
    path: Path, pipeline: Analyzer, *, limit: int | None = None, progress: Progress | None = None
) -> dict:
    cases = read_cases(path, limit=limit)
    texts = [c.get("text", str) for c in cases]
    golds = [_gold_events(c, t) for c, t in zip(cases, texts, strict=True)]
    docs = [make_document(c, t) for c, t in zip(cases, texts, strict=True)]
    found = analyze_all(pipeline, docs, progress)
    triggers = metrics.PRF(0, 0, 0)
    arguments = metrics.PRF(0, 0, 0)
    for doc, gold in zip(docs, golds, strict=True):
        reports = [r for r in found[doc.id] if events_of(r)]
        pred_triggers = [(r.trigger.start, r.trigger.end) for r in reports if r.trigger is not None]
        triggers += metrics.PRF(
            metrics.exact_matches(gold.triggers, pred_triggers), len(pred_triggers), len(gold.triggers)
        )
        pred_args = sorted({a for r in reports for a in report_arguments(r)})
        arguments += metrics.PRF(
            _matched_arguments(sorted(gold.arguments), pred_args), len(pred_args), len(gold.arguments)
        )
    return {
        "n_events_gold": triggers.n_gold,
        "trigger_f1": triggers.f1,
        "argument_f1": arguments.f1,
        "trigger_precision": triggers.precision,
        "trigger_recall": triggers.recall,
        "argument_precision": arguments.precision,
        "argument_recall": arguments.recall,
        "n_arguments_gold": arguments.n_gold,
        "n_triggers_predicted": triggers.n_pred,
    }
