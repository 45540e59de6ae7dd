"""Typing: an event mention -> ACLED sub-event type, scope and typing weight.

    type_mention(mention, agent_kinds, patient_kinds)   sets sub_event_type, scope and weight

Typing follows ACLED's rules: the weapon named in the clause decides among the
Explosions/Remote violence sub-types (an RPG is shelling, an SVBIED a suicide bomb);
civilians killed as collateral stay in the battle or strike; interception or defusal is
disrupted weapons use; who takes a place decides between Government regains territory
and Non-state actor overtakes territory; a protest met by force becomes Protest with
intervention or, when lethal, Excessive force against protesters, and demonstrators' own
force (stones, fires, blockades, clashes) makes a Violent demonstration; an armed attack on
soldiers, police or a military site is an Armed clash; explosions at plants and stores, and
weapons found or cleared, are no attack.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .cues import _WEAPON_CUES, sentence_cues
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


# --- protests: which of ACLED's four codings a protest sentence gets ----------------------------

# Verbs of what demonstrators do when they turn violent (ACLED: a Violent demonstration is coded
# whenever demonstrators themselves use force or destroy property, even if police intervene too).
_RIOT_VERBS = frozenset(
    [
        "throw",
        "hurl",
        "pelt",
        "stone",
        "torch",
        "burn",
        "smash",
        "vandalise",
        "vandalize",
        "loot",
        "storm",
        "breach",
        "ransack",
        "attack",
        "clash",
        "fight",
        "scuffle",
        "barricade",
        "damage",
        "destroy",
        "wreck",
    ]
)
# Verbs of obstruction or breaking through, violent only with what they act on ("pulled down the wall",
# "blocked the highway"): a road blockade or a torn-down barrier is how ACLED's riots begin.
_OBSTRUCT_VERBS = frozenset(["block", "pull", "tear", "remove", "shut", "break", "set", "light"])
_OBSTRUCTED_NOUNS = frozenset(
    [
        "road",
        "roads",
        "highway",
        "railway",
        "rail",
        "track",
        "street",
        "wall",
        "fence",
        "barrier",
        "gate",
        "door",
        "fire",
        "blaze",
        "tyre",
        "tire",
        "barricade",
        "traffic",
        "thoroughfare",
        "bridge",
    ]
)
# Who the state's force is: a subject like this is never the demonstrators.
_FORCE_WORDS = re.compile(
    r"(?i)\b(?:police|policem[ae]n|officers?|troops|soldiers|army|security|forces|guards?|authorities|gendarm)"
)
_RIOT_WORDS = re.compile(
    r"(?i)\bturn(?:ed|s|ing)? (?:\w+ )?violent|(?<!non-)\bviolent (?:protest|demonstration|rall)"
    r"|\bclash|\bscuffl|\brampage"
    r"|\bmolotov|\bpetrol bomb|\bfirebomb|\bstone[- ]pelt|\bpelted|\bthrew (?:stones|rocks|bottles)"
    r"|\b(?:street|escalating|outbreaks? of) violence|\bviolence (?:erupted|broke out|flared)|\briot(?:s|ed|ing|ers)?\b"
    r"(?!\s+(?:police|gear|squad|control|unit|officers))"
)
# Force that maims or kills: ACLED's Excessive force against protesters.
_HARSH_FORCE = re.compile(
    r"(?i)\b(?:violent(?:ly)?|brutal(?:ly)?|deadly|bloody|fatal|lethal|forcefully|harsh(?:ly)?)\s+(?:\w+\s+)?"
    r"(?:crackdown|suppress\w*|dispers\w*|repress\w*|attacks?|raids?|break\w*|crush\w*)"
    r"|excessive force|live (?:ammunition|rounds|fire|bullets)|(?<!rubber )\bbullets\b|opened fire on"
    r"|with (?:his|her|their) batons?|beat(?:en|ing)? (?:\w+ )?(?:protesters|demonstrators|marchers)"
)
_HARM_LEMMAS = frozenset(["kill", "die", "injure", "wound", "hurt", "shoot", "maim"])
# What a protest commemorates or demands: deaths named there are its cause, not the force it met.
_CAUSE_LEMMAS = frozenset(["mourn", "justice", "honour", "honor", "commemorate", "remember", "demand", "over"])


def _protester_violence(sent: Any) -> bool:
    """Whether demonstrators in `sent` use force or destroy property ("protesters hurled rocks")."""
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ not in ("VERB", "NOUN") or (lemma not in _RIOT_VERBS and lemma not in _OBSTRUCT_VERBS):
            continue
        if tok.dep_ == "relcl":
            continue  # "a citizen who has been fighting deportation": who someone is, not what the crowd did
        if any(c.dep_ in ("dobj", "pobj") and _is_protest_noun(c) for c in [*tok.children, *_prep_objects(tok)]):
            continue  # "attacked a peaceful rally": the demonstrators are the victims
        if lemma in ("fight", "clash") and any(c.dep_ == "dobj" for c in tok.children):
            continue  # "fighting deportation", "fought the charges"
        if lemma in ("throw", "hurl") and not any(
            w.lemma_.lower() in _PROJECTILE_NOUNS or w.lemma_.lower() in _OBSTRUCTED_NOUNS or w.lower_ == "at"
            for w in tok.subtree
        ):
            continue  # "threw paper rolls into the air": a gesture
        subj = _subject(tok)
        if subj is not None and _FORCE_WORDS.search(subj.text) and lemma not in ("clash", "fight", "scuffle"):
            continue  # "police attacked the human chain": force met by the protest, not its own
        if tok.pos_ == "NOUN" and lemma not in ("clash", "scuffle"):
            continue
        if lemma in _OBSTRUCT_VERBS and not any(
            w.lemma_.lower() in _OBSTRUCTED_NOUNS or w.lower_ in _OBSTRUCTED_NOUNS
            for w in tok.subtree
            if w.dep_ in ("dobj", "pobj", "compound", "conj", "prt") or w.head == tok
        ):
            continue
        if subj is None and lemma not in ("clash", "scuffle", "fight"):
            continue
        return True
    return _RIOT_WORDS.search(_without_state_violence(sent.text)) is not None


_PROJECTILE_NOUNS = frozenset(
    ["stone", "rock", "brick", "bottle", "projectile", "firecracker", "firework", "egg", "molotov", "cocktail", "bomb"]
)
_PROTEST_NOUNS = frozenset(
    ["protest", "protester", "demonstration", "demonstrator", "rally", "march", "marcher", "sit-in", "vigil", "chain"]
)


def _is_protest_noun(tok: Any) -> bool:
    return tok.lemma_.lower() in _PROTEST_NOUNS


def _prep_objects(tok: Any) -> list[Any]:
    """What a verb is aimed at through a preposition ("fired on the crowd"), not where or when it is."""
    return [
        g
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ in ("on", "at", "against", "upon")
        for g in c.children
        if g.dep_ == "pobj"
    ]


def _subject(tok: Any) -> Any:
    """The subject of a verb, or of the verb it is chained to ("defied the ban, blocking roads")."""
    cur = tok
    for _ in range(3):
        subj = next((c for c in cur.children if c.dep_ in ("nsubj", "agent")), None)
        if subj is not None or cur.dep_ not in ("conj", "xcomp", "advcl") or cur.head is cur:
            return subj
        cur = cur.head
    return None


def _aimed_at_protest(m: Mention) -> bool:
    """Whether the act, or the act it goes with ("attacked the vigil, injuring six"), is aimed at a protest."""
    if m.patient is not None and any(_is_protest_noun(t) for t in m.patient):
        return True
    tok = m.trigger
    head = tok.head if tok.dep_ in ("advcl", "conj", "xcomp") else tok
    return any(c.dep_ == "dobj" and _is_protest_noun(c) for c in [*head.children, *_prep_objects(head)])


def _at_protest(m: Mention, patient_kinds: set[str]) -> bool:
    """Whether an arrest is made at a protest (its people are protesters, or it happens "at the rally"),
    not of activists arrested before or after one."""
    if "protesters" in patient_kinds:
        return True
    if m.patient is not None and any(_is_protest_noun(t) for t in m.patient):
        return True
    tok = m.trigger
    return any(
        p.lower_ in ("at", "during", "in", "from") and any(_is_protest_noun(g) for g in p.children)
        for p in tok.children
        if p.dep_ == "prep"
    )


def _without_state_violence(text: str) -> str:
    return _HARSH_FORCE.sub(" ", text)


def _lethal_force(sent: Any) -> bool:
    """Whether protesters in `sent` were killed or badly hurt by the force that met them, not deaths
    the protest is about ("rallied to mourn those killed last month")."""
    if _HARSH_FORCE.search(sent.text):
        return True
    for tok in sent:
        if tok.lemma_.lower() not in _HARM_LEMMAS or tok.pos_ != "VERB":
            continue
        if tok.dep_ in ("acl", "amod", "relcl"):
            continue  # "two students recently killed in an accident": who the protest is for
        if any(a.lemma_.lower() in _CAUSE_LEMMAS for a in tok.ancestors):
            continue
        return True
    return False


def protest_type(sent: Any, cues: set[str]) -> str:
    """ACLED's coding of a protest told in `sent`: demonstrators' own violence makes a Violent
    demonstration, force that kills or maims Excessive force against protesters, any other
    intervention (tear gas, arrests, dispersal) Protest with intervention; otherwise a Peaceful protest."""
    if _protester_violence(sent):
        return "Violent demonstration"
    if "intervene" in cues and _lethal_force(sent):
        return "Excessive force against protesters"
    if _HARSH_FORCE.search(sent.text) or ("lethal" in cues and _lethal_force(sent)):
        return "Excessive force against protesters"
    if "intervene" in cues:
        return "Protest with intervention"
    return "Peaceful protest"


# Armed people and the places they hold: what an armed attack on is a battle (ACLED's Armed clash).
_ARMED_TARGET = re.compile(
    r"(?i)\b(?:soldiers?|troops?|servicem[ae]n|army|military|militar(?:y|ies)|police(?:m[ae]n)?|policewom[ae]n"
    r"|(?:security|government|armed|coalition|peacekeeping|pro-government|border) (?:forces?|personnel|guards?)"
    r"|security force members|peacekeepers?|militi(?:a|as|amen)|militants?|insurgents?|rebels?|fighters?|jihadists?"
    r"|checkpoints?|check posts?|outposts?|bases?|barracks|garrisons?|patrols?|convoys?|military posts?"
    r"|(?:army|military|police) (?:posts?|positions?|stations?|camps?|units?)|positions|frontlines?|front lines?)\b"
)


_MOB_AGENT = re.compile(r"(?i)\b(?:vigilantes?|mobs?|lynch mobs?)\b")


_PERSON_WORDS = re.compile(
    r"(?i)\b(?:he|she|him|her|man|woman|person|individual|suspects?|driver|smugglers?|traffickers?|national)\b"
)


def _stops_a_person(m: Mention, patient_kinds: set[str]) -> bool:
    """An interception whose object is a person, not a weapon ("he was intercepted", "the
    interception of this individual")."""
    if "weapon" in patient_kinds:
        return False
    if patient_kinds & {"person", "civilians"}:
        return True
    objs = [m.patient] if m.patient is not None else []
    objs += [g for c in m.trigger.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
    return any(_PERSON_WORDS.search(o.text) for o in objs)


# How a place changes hands without a fight. A withdrawal alone is not enough: troops "abandoning
# their positions" to an assault lose the place in a battle (the Ramadi sample article).
_HANDOVER = re.compile(
    r"(?i)\bhand(?:ed|s|ing)? (?:\w+ ){0,6}(?:over|back)\b|handover|took over|take over|control|ceded"
    r"|in the hands of|without (?:a )?(?:fight|fighting|resistance|a shot)|vacat"
)
_PEACEFUL_HANDOVER = re.compile(
    r"(?i)\bhand(?:ed|s|ing)? (?:\w+ ){0,6}(?:over|back) to\b|\bhandover\b|\bhanded (?:over )?control"
    r"|without (?:a )?(?:fight|fighting|resistance|a shot)|\bvacated\b|\bleaving it (?:\w+ ){0,2}in the hands of"
)


def _handed_over(m: Mention) -> bool:
    """Whether a capture is told, in its sentence or the ones beside it, as a handover or as done
    without a fight, with no fighting told there."""
    sents = list(m.sent.doc.sents) if m.sent.doc.has_annotation("SENT_START") else [m.sent]
    near = [s for s in sents if s.start == m.sent.start or s.end == m.sent.start or s.start == m.sent.end]
    text = " ".join(s.text for s in near)
    if "clash" in sentence_cues(text) or re.search(r"(?i)\b(?:attack|shell|strike|bomb|kill)", text):
        return False
    return _PEACEFUL_HANDOVER.search(text) is not None


def _armed_target(span: Any) -> bool:
    """Whether a patient span names armed people or a military site ("a checkpoint", "12 soldiers")."""
    return span is not None and _ARMED_TARGET.search(span.text) is not None


# Where explosions happen by accident: plants, stores of fuel or chemicals, tanks and pipes.
_INDUSTRIAL = re.compile(
    r"(?i)\b(?:plants?|factory|factories|warehouses?|refinery|refineries|tanks?|tankers?|containers?|bunkers?"
    r"|boilers?|cylinders?|pipelines?|gas (?:leak|lines?|mains?|pipes?|stations?)|reactors?|storage|stored|depots?"
    r"|fireworks?|coal mine|mine shaft|chemicals|ammonium nitrate|solvents?|industrial|workers|fuel)\b"
)


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
        if _stops_a_person(m, patient_kinds):
            # "police intercepted a suspected trafficker": a person stopped is an arrest or a crime story
            if "crime" in cues or not agent_kinds & {"state"}:
                return put(None, WEIGHT_WEAK, "other")
            return put("Arrests", WEIGHT_CONTEXT)
        return put("Disrupted weapons use", WEIGHT_TRIGGER)
    if (
        "diplo" in cues
        and c in ("attack", "strike", "shoot", "kill")
        and not cues & _WEAPON_CUES
        and not (patient_kinds & {"civilians", "person", "state", "armed", "place"})
        and not (m.patient is not None and any(_is_protest_noun(t) for t in m.patient))
    ):
        return put(None, WEIGHT_WEAK, None)
    if c == "weapon":
        c = "bomb"
    if c in _VIOLENT:
        if "crime" in cues and not agent_kinds & {"state", "armed_named"} and not cues & {"protest", "mob"}:
            return put(None, WEIGHT_CONTEXT, "other")
        if (
            "disaster" in cues
            and c in ("die", "harm", "kill", "explode")
            and not cues & {"air", "shell", "ied", "suicide", "grenade"}
        ):
            return put(None, WEIGHT_CONTEXT, "other")
        if "disaster" in cues and c == "clash" and not (agent_kinds | patient_kinds) & {"state", "armed"}:
            return put(None, WEIGHT_CONTEXT, "other")  # "firefighters battled the blaze"
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
        if (
            "protest" in cues
            and not cues & (_WEAPON_CUES - {"shell"})
            and not agent_kinds & {"state", "armed"}
            and _protester_violence(m.sent)
        ):
            # "demonstrators threw rocks and projectiles": stones thrown in a riot are no artillery
            return put("Violent demonstration", WEIGHT_CONTEXT)
        if c == "explode" and not cues & (_WEAPON_CUES - {"chem"}) and _INDUSTRIAL.search(m.sent.text):
            return put(None, WEIGHT_TRIGGER, "other")  # "a tank at the gas plant exploded": an industrial accident
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
            if (
                m.agent is not None
                and ("protesters" in patient_kinds or _aimed_at_protest(m))
                and not agent_kinds & {"state", "armed", "protesters"}
                and not _FORCE_WORDS.search(m.agent.text)
            ):
                return put("Mob violence", WEIGHT_TRIGGER)  # "a group of men attacked the rally"
            if "rioters" in agent_kinds or "protesters" in agent_kinds:
                return put("Violent demonstration", WEIGHT_CONTEXT)
            verdict = protest_type(m.sent, cues)
            if verdict == "Peaceful protest":
                # a violent act in a protest's sentence is the force that met it, at the least
                lethal = c in ("kill", "shoot", "die") and "state" in agent_kinds
                verdict = "Excessive force against protesters" if lethal else "Protest with intervention"
            return put(verdict, WEIGHT_CONTEXT)
        if "mob" in cues or (m.agent is not None and _MOB_AGENT.search(m.agent.text)):
            return put("Mob violence", WEIGHT_CONTEXT)
        if c == "attack" and "rioters" in agent_kinds and not agent_kinds & {"state", "armed"}:
            # A crowd that attacks people is a mob; one that attacks buildings or the police riots.
            if patient_kinds & {"civilians", "person"}:
                return put("Mob violence", WEIGHT_CONTEXT)
            return put("Violent demonstration", WEIGHT_CONTEXT)
        if "sexual" in cues:
            return put("Sexual violence", WEIGHT_CONTEXT)
        if c == "clash" and "rioters" in agent_kinds and not agent_kinds & {"state", "armed"}:
            return put("Violent demonstration", WEIGHT_CONTEXT)  # rioters fighting police or each other
        if c == "clash" and "civilians" in agent_kinds and not agent_kinds & {"state", "armed"}:
            return put("Mob violence", WEIGHT_CONTEXT)
        if c == "clash" or "clash" in cues:
            return put("Armed clash", WEIGHT_TRIGGER if c == "clash" else WEIGHT_CONTEXT)
        if agent_kinds & {"state", "armed"} and (patient_kinds & {"state", "armed"} or _armed_target(m.patient)):
            # ACLED: an attack on soldiers, a base or a checkpoint is a battle, not violence against civilians
            return put("Armed clash", WEIGHT_TRIGGER)
        if c in _TOLL_CLASSES and (_armed_target(m.patient) or patient_kinds & {"armed"}) and not agent_kinds:
            return put("Armed clash", WEIGHT_WEAK)  # "six soldiers were killed": fighters fall in battles
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
        if _handed_over(m):
            # ACLED: a place handed over, or taken without a fight (and not retaken by the state),
            # changes hands without violence.
            return put("Non-violent transfer of territory", WEIGHT_TRIGGER)
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
        if _HANDOVER.search(m.sent.text):
            return put("Non-violent transfer of territory", WEIGHT_TRIGGER)
        return put("Change to group/activity", WEIGHT_CONTEXT)
    if c == "abduct":
        if m.trigger.lemma_ in HOLD_LEMMAS and not agent_kinds & {"armed", "armed_named"}:
            return put(None, WEIGHT_WEAK, None)  # "police are holding two suspects": custody, not abduction
        return put("Abduction/forced disappearance", WEIGHT_TRIGGER)
    if c == "arrest":
        if "protest" in cues and _at_protest(m, patient_kinds):
            return put(protest_type(m.sent, cues | {"intervene"}), WEIGHT_CONTEXT)
        if "crime" in cues and "protest" not in cues:
            return put(None, WEIGHT_WEAK, "other")
        return put("Arrests", WEIGHT_TRIGGER)
    if c == "protest":
        return put(protest_type(m.sent, cues), WEIGHT_TRIGGER)
    if c == "riot":
        if "mob" in cues:
            return put("Mob violence", WEIGHT_TRIGGER)
        return put("Violent demonstration", WEIGHT_TRIGGER)
    if c == "loot" and m.trigger.lemma_ == "steal" and not agent_kinds & {"state", "armed"}:
        return put(None, WEIGHT_WEAK, "other")  # theft by no armed group is a crime
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
        if "disaster" in cues:
            return put(None, WEIGHT_WEAK, "other")  # "troops mobilised to help flood victims": relief work
        return put("Change to group/activity", WEIGHT_CONTEXT if agent_kinds & {"state", "armed"} else WEIGHT_WEAK)
    return put(None, WEIGHT_WEAK, None)
