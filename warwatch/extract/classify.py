"""Typing: an event mention -> ACLED sub-event type, scope and typing weight.

    type_mention(mention, agent_kinds, patient_kinds)   sets sub_event_type, scope and weight

Typing follows ACLED's rules: the weapon named in the clause decides among the
Explosions/Remote violence sub-types (an RPG is shelling, an SVBIED a suicide bomb);
civilians killed as collateral stay in the battle or strike; interception or defusal is
disrupted weapons use; who takes a place decides between Government regains territory
and Non-state actor overtakes territory; a protest met by force becomes Protest with
intervention or, when lethal, Excessive force against protesters.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .cues import _WEAPON_CUES
from .events import concluded, tells_disruption

if TYPE_CHECKING:
    from .events import Mention


_VIOLENT = frozenset(
    {"kill", "die", "harm", "shoot", "clash", "attack", "strike", "shell", "bomb", "explode", "assault"}
)
#: Typing confidence by how the type was decided: a named weapon is the surest sign, a bare
#: verb like "kill" the weakest (calibrated by hand on the sample articles in samples/).
WEIGHT_WEAPON = 1.5
WEIGHT_TRIGGER = 1.2
WEIGHT_CONTEXT = 0.8
WEIGHT_WEAK = 0.5


# Trigger classes that tell only that someone was hurt, or that something blew up or burned:
# another telling of whichever incident they stand next to.
_TOLL_CLASSES = frozenset({"kill", "die", "harm", "shoot", "assault", "attack", "loot", "disaster"})
# What a bare trigger of each class can be another mention of, by ACLED event type ("other" = out of scope).
# A disrupted attack has its victims too ("falling debris injured three people").
_VIOLENT_TYPES = frozenset(
    {
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Riots",
        "Protests",
        "other",
        "Disrupted weapons use",
    }
)
COMPATIBLE_TYPES: dict[str, frozenset[str]] = {
    **dict.fromkeys(_TOLL_CLASSES, _VIOLENT_TYPES),
    # Explosions and the weapons heard or seen may be those an air defence brought down.
    "explode": frozenset({"Explosions/Remote violence", "other", "Disrupted weapons use"}),
    "bomb": frozenset({"Explosions/Remote violence", "other", "Disrupted weapons use"}),
    "weapon": frozenset({"Explosions/Remote violence", "Disrupted weapons use"}),
    "strike": frozenset({"Explosions/Remote violence", "Disrupted weapons use"}),
    "shell": frozenset({"Explosions/Remote violence", "Disrupted weapons use"}),
    "clash": frozenset({"Battles", "Explosions/Remote violence", "Disrupted weapons use"}),
    # A withdrawal or a deployment told beside a capture or a battle is part of it.
    "transfer": frozenset({"Battles"}),
    "change": frozenset({"Battles"}),
    "protest": frozenset({"Protests", "Riots"}),
}
# Sub-event types a bare trigger word reaches on its own; a type read from context (a weapon,
# protesters met by force, a mob) is specific.
_BARE_TYPES = frozenset(
    {
        None,
        "Attack",
        "Armed clash",
        "Remote explosive/landmine/IED",
        "Air/drone strike",
        "Looting/property destruction",
        "Change to group/activity",
        "Non-violent transfer of territory",
    }
)
_DEFINITE = frozenset(["the", "this", "that", "these", "those"])
#: Verbs of keeping people: an abduction when armed men are the ones holding them.
HOLD_LEMMAS = frozenset(["hold"])
# Trigger classes an accidental explosion is told with: the blast and what it did to people.
_ACCIDENT_CLASSES = frozenset({"explode", "kill", "die", "harm", "attack"})


def as_accident(m: Mention, agent_kinds: set[str]) -> None:
    """Retype `m` as out of scope when its document tells the explosion as an accident ("the blast was
    caused by chemicals stored in a warehouse"): with no weapon named and no one who set it off, it
    is a disaster, not an IED."""
    if m.cls in _ACCIDENT_CLASSES and not m.cues & _WEAPON_CUES and not agent_kinds & {"state", "armed"}:
        m.sub_event_type, m.weight, m.scope = None, WEIGHT_CONTEXT, "other"


def type_mention(m: Mention, agent_kinds: set[str], patient_kinds: set[str]) -> None:
    """Set m.sub_event_type, m.scope, m.weight and m.generic from the trigger, the weapon cues and the participants.

    agent_kinds / patient_kinds: "state", "armed", "civilians", "protesters", "rioters", "place", "person".
    """
    _type(m, agent_kinds, patient_kinds)
    m.generic = _is_bare(m, agent_kinds, patient_kinds)


def _is_bare(m: Mention, agent_kinds: set[str], patient_kinds: set[str]) -> bool:
    """A mention typed by its trigger word alone: "the attack", "the blast", "the fighting", "died"."""
    tok = m.trigger
    if m.scope is None:
        return False
    if tok.pos_ == "NOUN" and any(c.lower_ in _DEFINITE and c.dep_ == "det" for c in tok.children):
        return True  # "the attack", "the detention", "the missiles": a definite noun refers back
    if any(a.dep_ in ("relcl", "acl") and a.head.pos_ in ("NOUN", "PROPN") for a in [tok, *list(tok.ancestors)[:2]]):
        # "activists who took part in protests", "people protesting against police brutality":
        # a clause that describes a participant tells of the event the sentence reports, not a new one.
        return True
    if m.cls == "protest":
        return tok.lemma_ in ("disperse", "suppress", "crackdown")  # what was dispersed is told elsewhere
    if m.cls == "agree" and tok.pos_ in ("NOUN", "PROPN") and not concluded(tok):
        # "as part of the deal", "under a deal meant to end fighting": a deal referred to, not one
        # reached in the reported event; alone in a story it is still its subject.
        return True
    if m.weight >= WEIGHT_WEAPON or m.cls not in COMPATIBLE_TYPES or m.sub_event_type not in _BARE_TYPES:
        return False
    if m.cls in ("explode", "bomb"):
        return not m.cues & _WEAPON_CUES - {"ied"} and not re.search(
            r"(?i)\b(?:ieds?|roadside|car|truck|landmines?|mines?|improvised)\b", m.sent.text
        )
    if m.cls == "clash":
        return not (agent_kinds & {"state", "armed"} and patient_kinds & {"state", "armed"})
    if m.cls == "strike":
        return "air" not in m.cues
    return m.sub_event_type not in ("Mob violence", "Sexual violence", "Abduction/forced disappearance")


def _type(m: Mention, agent_kinds: set[str], patient_kinds: set[str]) -> None:
    c, cues = m.cls, m.cues

    def put(sub: str | None, weight: float, scope: str | None = "acled") -> None:
        m.sub_event_type, m.weight, m.scope = sub, weight, scope

    if c == "attrib":
        return put(None, WEIGHT_WEAK, None)
    if c == "disaster":
        return put(None, WEIGHT_TRIGGER, "other")
    if c == "crime":
        return put(None, WEIGHT_TRIGGER, "other")
    if c == "disrupt":
        return put("Disrupted weapons use", WEIGHT_TRIGGER)
    if (
        "diplo" in cues
        and c in ("attack", "strike", "shoot", "kill")
        and not cues & _WEAPON_CUES
        and not (patient_kinds & {"civilians", "person", "state", "armed", "place"})
    ):
        return put(None, WEIGHT_WEAK, None)
    if c == "weapon":
        c = "bomb"
    if c in _VIOLENT:
        if "crime" in cues and not agent_kinds & {"state", "armed_named"} and "protest" not in cues:
            return put(None, WEIGHT_CONTEXT, "other")
        if (
            "disaster" in cues
            and c in ("die", "harm", "kill", "explode")
            and not cues & {"air", "shell", "ied", "suicide", "grenade"}
        ):
            return put(None, WEIGHT_CONTEXT, "other")
        if c in ("strike", "shell", "explode", "bomb") and m.stopped is False and tells_disruption(m.sent):
            # "Explosions were heard as air defences engaged the missiles": the weapons told beside
            # their interception are the disrupted attack, never an attack of their own.
            return put("Disrupted weapons use", WEIGHT_CONTEXT)
        if (
            m.trigger.lemma_ in ("blow", "demolish", "destroy")
            and patient_kinds & {"building"}
            and not patient_kinds & {"civilians", "person"}
        ):
            return put("Looting/property destruction", WEIGHT_TRIGGER)  # "fighters blew up the mosque"
        if "chem" in cues:
            return put("Chemical weapon", WEIGHT_WEAPON)
        if c == "shell":
            return put("Shelling/artillery/missile attack", WEIGHT_WEAPON)
        if "suicide" in cues:
            return put("Suicide bomb", WEIGHT_WEAPON)
        if "air" in cues and c not in ("clash",):
            return put("Air/drone strike", WEIGHT_WEAPON)
        if c == "strike" and m.trigger.pos_ == "NOUN":
            return put("Air/drone strike", WEIGHT_TRIGGER)
        if "grenade" in cues:
            return put("Grenade", WEIGHT_WEAPON)
        if "shell" in cues or c == "shell":
            return put("Shelling/artillery/missile attack", WEIGHT_WEAPON)
        if "ied" in cues or c in ("explode", "bomb"):
            return put("Remote explosive/landmine/IED", WEIGHT_WEAPON if "ied" in cues else WEIGHT_TRIGGER)
        if "protest" in cues or "protesters" in patient_kinds | agent_kinds:
            if "lethal" in cues or (c in ("kill", "shoot", "die") and "state" in agent_kinds):
                return put("Excessive force against protesters", WEIGHT_CONTEXT)
            if "riot" in cues or "rioters" in agent_kinds or "protesters" in agent_kinds:
                return put("Violent demonstration", WEIGHT_CONTEXT)
            return put("Protest with intervention", WEIGHT_CONTEXT)
        if "mob" in cues:
            return put("Mob violence", WEIGHT_CONTEXT)
        if c == "attack" and "rioters" in agent_kinds and not agent_kinds & {"state", "armed"}:
            # A crowd that attacks people is a mob; one that attacks buildings or the police riots.
            if patient_kinds & {"civilians", "person"}:
                return put("Mob violence", WEIGHT_CONTEXT)
            return put("Violent demonstration", WEIGHT_CONTEXT)
        if "sexual" in cues:
            return put("Sexual violence", WEIGHT_CONTEXT)
        if c == "clash" and agent_kinds & {"civilians", "rioters"} and not agent_kinds & {"state", "armed"}:
            return put("Mob violence", WEIGHT_CONTEXT)
        if c == "clash" or "clash" in cues:
            return put("Armed clash", WEIGHT_TRIGGER if c == "clash" else WEIGHT_CONTEXT)
        if agent_kinds & {"state", "armed"} and patient_kinds & {"state", "armed"}:
            return put("Armed clash", WEIGHT_CONTEXT)
        if "riot" in cues:
            return put("Violent demonstration", WEIGHT_CONTEXT)
        if c in ("die", "harm"):
            return put("Attack", WEIGHT_WEAK)
        return put("Attack", WEIGHT_CONTEXT if patient_kinds & {"civilians", "person"} else WEIGHT_WEAK)
    if c in ("capture", "regain"):
        if patient_kinds & {"weapon"}:
            return put("Disrupted weapons use", WEIGHT_TRIGGER)
        if patient_kinds & {"person"} and not patient_kinds & {"place"}:
            return put("Arrests" if "state" in agent_kinds else "Abduction/forced disappearance", WEIGHT_CONTEXT)
        weight = WEIGHT_WEAPON if "place" in patient_kinds else WEIGHT_TRIGGER
        if c == "regain" and "state" in agent_kinds and "armed_named" not in agent_kinds:
            # "Troops took back the town after the enemy pulled out": state forces retaking a place
            # regain it, whether or not the other side fought for it.
            return put("Government regains territory", weight)
        if "transfer" in cues and "clash" not in cues:
            return put("Non-violent transfer of territory", WEIGHT_CONTEXT)
        if "state" in agent_kinds and "armed_named" not in agent_kinds:
            return put("Government regains territory", weight)
        if agent_kinds & {"armed", "armed_named"}:
            return put("Non-state actor overtakes territory", weight)
        if c == "regain":
            return put("Government regains territory", WEIGHT_CONTEXT)
        return put("Non-state actor overtakes territory", WEIGHT_CONTEXT)
    if c == "transfer":
        if re.search(r"hand(?:ed|s|ing)? over|handover|took over|take over|control|ceded", m.sent.text, re.I):
            return put("Non-violent transfer of territory", WEIGHT_TRIGGER)
        return put("Change to group/activity", WEIGHT_CONTEXT)
    if c == "abduct":
        if m.trigger.lemma_ in HOLD_LEMMAS and not agent_kinds & {"armed", "armed_named"}:
            return put(None, WEIGHT_WEAK, None)  # "police are holding two suspects": custody, not abduction
        return put("Abduction/forced disappearance", WEIGHT_TRIGGER)
    if c == "arrest":
        if "protest" in cues:
            return put("Protest with intervention", WEIGHT_CONTEXT)
        if "crime" in cues and "protest" not in cues:
            return put(None, WEIGHT_WEAK, "other")
        return put("Arrests", WEIGHT_TRIGGER)
    if c == "protest":
        if "lethal" in cues:
            return put("Excessive force against protesters", WEIGHT_TRIGGER)
        if "riot" in cues:
            return put("Violent demonstration", WEIGHT_TRIGGER)
        if "intervene" in cues:
            return put("Protest with intervention", WEIGHT_TRIGGER)
        return put("Peaceful protest", WEIGHT_TRIGGER)
    if c == "riot":
        if "mob" in cues:
            return put("Mob violence", WEIGHT_TRIGGER)
        return put("Violent demonstration", WEIGHT_TRIGGER)
    if c == "loot":
        if "mob" in cues:
            return put("Mob violence", WEIGHT_CONTEXT)
        if "protest" in cues or "riot" in cues or ("rioters" in agent_kinds and not agent_kinds & {"state", "armed"}):
            return put("Violent demonstration", WEIGHT_CONTEXT)
        return put("Looting/property destruction", WEIGHT_TRIGGER)
    if c == "sexual":
        return put("Sexual violence", WEIGHT_TRIGGER)
    if c == "agree":
        return put("Agreement", WEIGHT_CONTEXT)
    if c == "hq":
        return put("Headquarters or base established", WEIGHT_TRIGGER)
    if c == "change":
        return put("Change to group/activity", WEIGHT_WEAK)
    return put(None, WEIGHT_WEAK, None)
