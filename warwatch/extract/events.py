"""Event mentions: trigger words found through the parse, filtered for negation and modality.

    find_mentions(sent) -> list[Mention]   the event mentions of one spaCy sentence

A trigger is a token whose lemma names an event (kill, clash, shell, seize, protest...)
or a multi-word instrument noun ("air strike", "car bomb"). A trigger that is negated,
governed by a verb of intention ("threatened to strike", "plans to"), put in the future,
or framed as the subject of a film, an anniversary or a memory, is no mention.

Typing into ACLED's sub-event types is `classify`'s work; the cue families it reads are in `cues`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .background import is_figurative, is_generic, is_modifier_noun, is_participant_noun
from .claims import _PERSON_WORDS
from .cues import _WEAPON_CUES, sentence_cues, span_cues
from .sentences import doc_text

# --- trigger lexicon: lemma -> trigger class ------------------------------------------------

_VERB_TRIGGERS: dict[str, str] = {
    **dict.fromkeys(
        ["kill", "murder", "slay", "massacre", "assassinate", "execute", "behead", "slaughter", "lynch"], "kill"
    ),
    **dict.fromkeys(["die"], "die"),
    **dict.fromkeys(["injure", "wound", "hurt", "maim"], "harm"),
    **dict.fromkeys(["shoot", "gun"], "shoot"),
    **dict.fromkeys(["clash", "fight", "battle", "skirmish", "engage", "repel", "repulse", "advance"], "clash"),
    **dict.fromkeys(["attack", "assault", "raid", "storm", "ambush", "hit", "besiege"], "attack"),
    **dict.fromkeys(["strike", "airstrike"], "strike"),
    **dict.fromkeys(["shell", "bombard", "pound"], "shell"),
    **dict.fromkeys(["bomb"], "bomb"),
    **dict.fromkeys(["explode", "detonate"], "explode"),
    **dict.fromkeys(["seize", "capture", "overrun", "conquer", "wrest"], "capture"),
    **dict.fromkeys(["recapture", "retake", "regain", "liberate", "reclaim"], "regain"),
    **dict.fromkeys(["abduct", "kidnap"], "abduct"),
    **dict.fromkeys(["arrest", "detain", "apprehend", "nab"], "arrest"),
    **dict.fromkeys(["protest", "rally", "march", "demonstrate", "picket", "disperse", "suppress"], "protest"),
    **dict.fromkeys(["riot", "vandalise", "vandalize", "pelt"], "riot"),
    **dict.fromkeys(["loot", "plunder", "ransack", "torch", "raze", "demolish", "steal"], "loot"),
    **dict.fromkeys(["rape", "molest"], "sexual"),
    **dict.fromkeys(["intercept", "defuse", "foil", "thwart", "dismantle"], "disrupt"),
    **dict.fromkeys(["withdraw", "handover"], "transfer"),
    **dict.fromkeys(["sign"], "agree"),
    **dict.fromkeys(
        [
            "deploy",
            "reinforce",
            "mobilize",
            "mobilise",
            "defect",
            "dispatch",
            "redeploy",
            "fortify",
            "station",
            "amass",
        ],
        "change",
    ),
    **dict.fromkeys(["beat", "torture", "stab", "hack"], "assault"),
}

# Inflected forms the small model lemmatises wrongly ("raped" -> "rap").
_SURFACE_TRIGGERS: dict[str, str] = dict.fromkeys(["raped", "rapes", "raping", "gang-raped"], "sexual")

# Harm verbs as a headline set in capitals writes them ("Gunman Kills Three", "Boy Shoots Himself"): the
# small model tags them proper nouns and keeps the capitalised form as the lemma; their verb lemma. Set on
# US local crime headlines (gva dev).
_HEADLINE_VERB_FORMS: dict[str, str] = {
    **dict.fromkeys(["shoots", "shot"], "shoot"),
    **dict.fromkeys(["kills", "killed"], "kill"),
    **dict.fromkeys(["stabs", "stabbed"], "stab"),
    **dict.fromkeys(["wounds", "wounded"], "wound"),
    **dict.fromkeys(["injures", "injured"], "injure"),
}
# Where "shot" with a figure stands as a headline's verb ("3 shot outside laundromat").
_HEADLINE_VERB_DEPS = frozenset(["ROOT", "conj", "appos"])
# The object of a capitalised headline's harm verb that makes it one done to someone ("Kills Two",
# "Shoots Himself"), besides a figure or a word for a person.
_REFLEXIVES = frozenset(["himself", "herself", "themselves"])
# Plurals the small model leaves as they are in a headline's capitals.
_IRREGULAR_PLURALS = {"men": "man", "women": "woman", "children": "child"}

# What names a wound as one from a gun: "a gunshot wound", "a bullet wound"; set on US local crime reports
# (gva dev).
_GUNSHOT_WORDS = frozenset(["gunshot", "bullet"])
# Verbs a gunshot wound tells a shooting with: "taken to hospital with a gunshot wound", "treated for a
# bullet wound", "suffered a gunshot wound"; set on US local crime reports (gva dev).
_WOUND_TAKERS = frozenset(["find", "take", "rush", "transport", "hospitalize", "treat", "arrive", "bring"])
_WOUND_SUFFERERS = frozenset(["suffer", "sustain"])
# What grazes someone who is shot: "grazed by a bullet"; set on US local crime reports (gva dev).
_GRAZING_SHOTS = frozenset(["bullet", "bullets", "gunfire", "pellet", "pellets"])

_NOUN_TRIGGERS: dict[str, str] = {
    **dict.fromkeys(
        [
            "killing",
            "murder",
            "homicide",
            "massacre",
            "assassination",
            "execution",
            "beheading",
            "slaughter",
            "lynching",
        ],
        "kill",
    ),
    **dict.fromkeys(["death"], "die"),
    **dict.fromkeys(["shooting", "gunfire"], "shoot"),
    **dict.fromkeys(
        [
            "clash",
            "fighting",
            "battle",
            "firefight",
            "gunfight",
            "shootout",
            "skirmish",
            "encounter",
            "offensive",
            "hostility",
        ],
        "clash",
    ),
    **dict.fromkeys(["attack", "assault", "raid", "ambush", "incursion", "siege"], "attack"),
    **dict.fromkeys(["strike", "airstrike"], "strike"),
    **dict.fromkeys(["shelling", "bombardment", "barrage"], "shell"),
    **dict.fromkeys(["bombing", "bomb"], "bomb"),
    **dict.fromkeys(["explosion", "blast", "detonation"], "explode"),
    **dict.fromkeys(["capture", "seizure", "takeover"], "capture"),
    **dict.fromkeys(["recapture", "liberation"], "regain"),
    **dict.fromkeys(["abduction", "kidnapping", "kidnap", "disappearance"], "abduct"),
    **dict.fromkeys(["arrest", "detention"], "arrest"),
    **dict.fromkeys(
        [
            "protest",
            "rally",
            "march",
            "demonstration",
            "sit-in",
            "picket",
            "vigil",
            "strike",
            "crackdown",
            "protester",
            "demonstrator",
        ],
        "protest",
    ),
    **dict.fromkeys(["riot", "unrest"], "riot"),
    **dict.fromkeys(["looting", "arson", "plunder"], "loot"),
    **dict.fromkeys(["rape"], "sexual"),
    **dict.fromkeys(["interception"], "disrupt"),
    **dict.fromkeys(["withdrawal", "handover", "pullout"], "transfer"),
    **dict.fromkeys(["agreement", "deal", "accord", "ceasefire", "truce"], "agree"),
    **dict.fromkeys(["deployment", "reinforcement"], "change"),
    **dict.fromkeys(
        [
            "earthquake",
            "flood",
            "flooding",
            "cyclone",
            "hurricane",
            "typhoon",
            "landslide",
            "tsunami",
            "wildfire",
            "drought",
            "fire",
            "blaze",
            "collapse",
            "crash",
            "accident",
            "derailment",
            "stampede",
            "outbreak",
            "epidemic",
            "pandemic",
        ],
        "disaster",
    ),
    **dict.fromkeys(["robbery", "burglary", "theft", "heist", "smuggling", "trafficking"], "crime"),
}

# Noun lemmas that name a strike only in a weapon compound: "air strike", not "general strike".
_STRIKE_NOUN_CONTEXT = re.compile(r"\b(?:air|drone|missile|rocket|aerial|military|precision|retaliatory|israeli|us)\b")

#: A regex of trigger stems for `may_hold_event`; it must be a superset of every trigger above.
PREFILTER_STEMS = (
    r"kill|murder|slay|slew|slain|massacr|assassin|execut|behead|slaughter|lynch|die|dead|death|injur|wound|hurt|maim"
    r"|shoot|shot|gun|clash|fight|fought|battl|skirmish|engag|repel|repuls|attack|assault|raid|storm|ambush|target|hit"
    r"|besieg|siege|strike|struck|airstrik|shell|bombard|pound|bomb|explo|deton|blast|seiz|captur|overr|conquer|retak"
    r"|retook|regain|liberat|reclaim|free|abduct|kidnap|disappear|arrest|detain|detention|apprehend|nab|protest"
    r"|rall|march|demonstrat|picket|riot|vandal|pelt|loot|plunder|ransack|torch|raze|demolish|rape|molest|intercept"
    r"|defus|foil|thwart|dismantl|withdr|hand|pull|sign|deploy|reinforc|mobili|defect|beat|tortur|stab|hack"
    r"|encounter|offensive|hostil|incursion|sit-in|vigil|unrest|arson|agree|deal|accord|ceasefire|truce|earthquake"
    r"|flood|cyclone|hurricane|typhoon|landslide|tsunami|fire|blaze|collaps|crash|accident|derail|stampede|outbreak"
    r"|epidemic|pandemic|robb|burglar|theft|heist|smuggl|traffick|grenade|mortar|rocket|missile|drone|warplane|IED"
    r"|mine|chemical|chlorine|sarin|gas|base|headquarter|join|merg|establish|set up|casualt|victim|toll|advanc|gather"
    r"|blow|blew|open|took|take|fell|fall|claim|exchang|shells|hold|held|discover|found|find|uncover|unearth|confiscat"
    r"|cache|stash|ammuni|weapon|arms\b|explosive|destr|surrender|wrest|stole|steal|burn|violen|mob\b|street|barrack"
)

# Verbs of air defence, and what they bring down: together they tell a disrupted attack.
_DEFENCE_VERBS = frozenset(["engage", "intercept", "down", "destroy", "neutralise", "neutralize", "repel"])
_MUNITION_NOUNS = frozenset(["missile", "rocket", "drone", "projectile", "shell", "uav", "warhead", "bomb"])
_HQ_NOUNS = frozenset(
    ["base", "bases", "headquarters", "outpost", "camp", "checkpoint", "post", "garrison", "barracks", "barrack"]
)
_WEAPON_USE_VERBS = frozenset(["drop", "fire", "launch", "use", "lob", "hurl", "throw", "plant", "unleash", "deploy"])
# Verbs of use that tell an attack only when what is used is a weapon ("used chlorine", not "used the airport").
_LOOSE_USE_VERBS = frozenset(["use"])
FIND_VERBS = frozenset(["discover", "find", "recover", "uncover", "seize", "confiscate", "unearth", "detect"])
_WEAPON_NOUNS = frozenset(
    [
        "weapon",
        "arm",
        "firearm",
        "rifle",
        "gun",
        "pistol",
        "ammunition",
        "round",
        "explosive",
        "bomb",
        "ied",
        "mine",
        "landmine",
        "grenade",
        "rocket",
        "missile",
        "mortar",
        "cache",
        "munition",
        "detonator",
        "shell",
        "stash",
        "arsenal",
        "ammo",
        "ordnance",
        "projectile",
    ]
)
_TERRITORY_NOUNS = frozenset(
    [
        "village",
        "town",
        "city",
        "area",
        "district",
        "base",
        "territory",
        "hill",
        "airport",
        "position",
        "region",
        "province",
        "outpost",
        "camp",
        "stronghold",
        "neighbourhood",
        "neighborhood",
        "suburb",
        "quarter",
        "crossing",
    ]
)
#: Cue families that name a weapon, so that "dropped", "fired" or "used" are attacks.
_SAYING_LEMMAS = frozenset(["say", "tell", "report", "state", "announce", "add", "insist"])
_ATTRIBUTION_LEMMAS = frozenset(
    ["deny", "reject", "accuse", "blame", "responsible", "responsibility", "allegation", "credit", "behind"]
)

# --- non-event filters -----------------------------------------------------------------------

_INTENT_LEMMAS = frozenset(
    [
        "threaten",
        "plan",
        "vow",
        "warn",
        "pledge",
        "promise",
        "want",
        "intend",
        "seek",
        "hope",
        "aim",
        "prepare",
        "propose",
        "call",
        "urge",
        "demand",
        "consider",
        "ask",
        "threat",
        "plan",
        "risk",
        "fear",
        "refuse",
        "anticipation",
        "expectation",
    ]
)
# Verbs of taking a place, whose "from X" names the side that lost it.
_TAKE_LEMMAS = frozenset(["recapture", "retake", "regain", "liberate", "reclaim", "seize", "capture", "wrest", "take"])
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_MODAL_AUX = frozenset({"would", "could", "might", "may", "should", "must", "can", "ca"})
_FRAME_LEMMAS = frozenset(
    [
        "film",
        "movie",
        "documentary",
        "book",
        "novel",
        "anniversary",
        "memorial",
        "commemoration",
        "commemorate",
        "remember",
        "mark",
        "exhibition",
        "play",
        "song",
        "trial",
        "museum",
        "memory",
        "drill",
        "exercise",
        "simulation",
        "game",
        "series",
        "video",
        "test",
    ]
)
_STOP_LEMMAS = frozenset(["suspend", "halt", "stop", "end", "cease", "deny"])
_CONTINUE_LEMMAS = frozenset(["continue", "resume", "persist", "go"])


@dataclass
class Mention:
    """One event mention: a trigger with its sentence, type, participants and status."""

    sent: Any  # spaCy Span
    trigger: Any  # spaCy Token (head of the trigger)
    start: int  # trigger span in the document text
    end: int
    cls: str  # trigger class ("strike", "clash"...)
    sub_event_type: str | None = None
    scope: str | None = "acled"  # acled | other | None (no report)
    agent: Any = None  # spaCy Span naming who acted
    patient: Any = None  # spaCy Span naming whom it was done to
    stopped: bool = False  # "strikes were suspended", "denied shelling": a denial of occurrence
    continued: bool = False  # "shelling continued"
    cues: set[str] = field(default_factory=set)
    weight: float = 1.0  # how sure the typing is
    figurative: bool = False  # a violent word used of prices, goals or the weather
    dated: bool = False  # its own clause dates it to a day ("fighting continued on Tuesday")
    generic: bool = False  # typed by a bare trigger ("the attack", "the blast"): another mention of a nearby report


def find_mentions(sent: Any) -> list[Mention]:
    """The event mentions of one sentence, with negated, modal and framed triggers left out."""
    cues: set[str] | None = None  # read once the sentence has a trigger: most sentences have none
    out: list[Mention] = []
    for tok in sent:
        cls = _trigger_class(tok, sent)
        if cls is None:
            continue
        if _not_an_event(tok) or is_generic(tok) or is_participant_noun(tok) or is_modifier_noun(tok):
            continue
        if _is_month_name(tok) or _is_grievance(tok) or _is_ceased(tok):
            continue
        if cls not in ("attrib",) and _attribution_frame(tok):
            cls = "attrib"
        if cues is None:
            cues = span_cues(sent)
        m = Mention(sent, tok, tok.idx, tok.idx + len(tok.text), cls, cues=set(cues))
        m.agent, m.patient = _participants(tok)
        m.stopped = _is_stopped(tok)
        m.continued = any(a.lemma_ in _CONTINUE_LEMMAS for a in _heads(tok, 2))
        m.figurative = is_figurative(tok)
        out.append(m)
    return out


# What a body is found in: "found dead", "found slain"; the complement's labels in the parse.
_FOUND_DEAD = frozenset(["dead", "slain", "murdered", "killed", "strangled", "stabbed"])
_STATE_DEPS = frozenset(["oprd", "acomp", "xcomp", "ccomp", "advcl", "conj"])


def _found_dead_in_capitals(verb: Any) -> bool:
    """ "Driver Found Slain Inside Van": a headline's capitals make the state a proper noun that the parse hangs
    anywhere; it follows the verb."""
    nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    return nxt is not None and nxt.lower_ in _FOUND_DEAD and nxt.text[0].isupper() and verb.text[0].isupper()


# Nouns of stopping: "a cessation of hostilities" names a truce, not fighting.
_CESSATION_NOUNS = frozenset(["cessation", "halt", "suspension", "pause", "end", "lull"])


def _is_ceased(tok: Any) -> bool:
    return tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_ in _CESSATION_NOUNS


def tells_disruption(sent: Any) -> bool:
    """Whether a sentence tells of weapons intercepted, shot down or defused."""
    return any(
        _trigger_class(t, sent) == "disrupt" for t in sent if t.pos_ in ("VERB", "AUX") or t.tag_.startswith("VB")
    )


def _is_protest_word(tok: Any) -> bool:
    if tok.pos_ in ("NOUN", "PROPN"):
        return _NOUN_TRIGGERS.get(tok.lemma_.lower()) == "protest"
    return _VERB_TRIGGERS.get(tok.lemma_.lower()) == "protest"


def _is_grievance(tok: Any) -> bool:
    """ "Protests over the detention of an activist", "marched against the killings": what a protest
    is about is its cause, told as background, not an event of the report."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ not in ("over", "against", "about"):
        return False
    owner = prep.head
    if _is_protest_word(owner):
        return True
    # "The demonstrations were over the detention of ...": the protest is the subject of "be".
    return owner.lemma_ == "be" and any(c.dep_ == "nsubj" and _is_protest_word(c) for c in owner.children)


def _is_month_name(tok: Any) -> bool:
    """ "March 7", "in May", "MARCH 7" in wire copy set in capitals: a capitalised month name is a
    date, not the verb or noun it spells."""
    if tok.text not in ("March", "May", "MARCH", "MAY"):
        return False
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    return (nxt is not None and nxt.like_num) or (
        prev is not None and (prev.like_num or prev.lower_ in ("in", "since", "of", "until"))
    )


# What "went off" tells by its subject: a gun or a round going off is a shot fired ("the pistol went
# off, striking the boy"), and so is "it" after a gun in the same sentence with no bomb named; an
# alarm or a siren going off is no event; anything else (a bomb, a device) is an explosion.
_FIREARM_NOUNS = frozenset(
    ["gun", "handgun", "pistol", "revolver", "rifle", "shotgun", "firearm", "weapon", "round", "bullet", "shot"]
)
_BOMB_NOUNS = frozenset(["bomb", "device", "explosive", "ied", "mine", "landmine", "grenade", "charge", "vest"])
_SIGNAL_NOUNS = frozenset(["alarm", "siren", "phone", "light", "clock", "buzzer", "bell"])


def _gone_off(verb: Any) -> str | None:
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    noun = subject.lemma_.lower() if subject is not None else ""
    if noun in ("it", "one") and subject is not None:
        before = [t.lemma_.lower() for t in verb.sent if t.i < subject.i]
        if any(w in _FIREARM_NOUNS for w in before) and not any(w in _BOMB_NOUNS for w in before):
            return "shoot"
    if noun in _FIREARM_NOUNS:
        return "shoot"
    return None if noun in _SIGNAL_NOUNS else "explode"


# Finders whose find is no seizure: a child or a relative who comes upon a gun ("the boy found his
# father's pistol") tells how a shooting happened. What police or troops find or seize stays
# Disrupted weapons use, as ACLED codes it even for a few pistols.
_HOUSEHOLD_FINDERS = frozenset(
    [
        "boy",
        "girl",
        "child",
        "kid",
        "toddler",
        "son",
        "daughter",
        "brother",
        "sister",
        "cousin",
        "nephew",
        "niece",
        "teen",
        "teenager",
        "grandson",
        "granddaughter",
        "friend",
        "sibling",
    ]
)


def _found_by_a_child(verb: Any) -> bool:
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is not None and subject.lemma_.lower() in _HOUSEHOLD_FINDERS


def _only_casings(verb: Any) -> bool:
    """ "Detectives recovered eleven shell casings": the spent cases of rounds fired, not shells or a cache."""
    found = [w for c in verb.children if c.dep_ in ("dobj", "nsubjpass") for w in c.subtree]
    weapons = [w for w in found if w.lemma_.lower() in _WEAPON_NOUNS]
    return any(w.lemma_.lower() == "casing" for w in found) and all(
        w.lemma_.lower() in ("shell", "round") for w in weapons
    )


# Where "fell to", "took over" or "captured" tell ground taken, the thing taken is a place: a
# territory noun or a place name ("the town fell to the rebels", "militants took over the base").
_PLACE_ENTS = frozenset(["GPE", "LOC", "FAC"])


def _ground_taken(verb: Any, deps: tuple[str, ...] = ("dobj", "nsubjpass")) -> bool:
    """Whether the thing `verb` takes (its object, or its subject for "fall") is a place; a verb with
    no such word at all ("the rebels took over") keeps the benefit of the doubt."""
    taken = [c for c in verb.children if c.dep_ in deps]
    if not taken or any(t.lemma_ == "control" for t in taken):  # "took (the) control of ..."
        return True
    return any(w.lemma_.lower() in _TERRITORY_NOUNS or w.ent_type_ in _PLACE_ENTS for t in taken for w in t.subtree)


def _person_taken(verb: Any) -> bool:
    """ "Police captured the suspect", "the gunman was captured": a person, where a place is taken."""
    taken = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    if not taken and verb.dep_ == "conj":  # "the attacker was shot and was captured"
        taken = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return bool(taken) and all(
        t.ent_type_ == "PERSON" or t.lemma_.lower() in _PEOPLE_TAKEN or t.lower_ in ("he", "she", "him", "her")
        for t in taken
    )


_PEOPLE_TAKEN = frozenset(
    ["suspect", "gunman", "shooter", "man", "woman", "attacker", "fugitive", "inmate", "prisoner", "killer", "teen"]
)


def _trigger_class(tok: Any, sent: Any) -> str | None:
    lemma = tok.lemma_.lower()
    text = tok.text.lower()
    if tok.pos_ in ("VERB", "AUX") or tok.tag_ in ("VBN", "VBD", "VBG"):
        if lemma == "set" and any(c.lemma_ in ("fire", "ablaze", "alight") for c in tok.subtree):
            return "loot"
        if lemma in ("blow", "go") and any(c.dep_ == "prt" and c.lower_ in ("up", "off") for c in tok.children):
            return _gone_off(tok) if lemma == "go" else "explode"
        if lemma in ("open", "exchange") and any(c.lemma_ == "fire" for c in tok.children):
            return "shoot" if lemma == "open" else "clash"
        if lemma == "take" and any(c.lower_ == "back" and c.dep_ in ("prt", "advmod") for c in tok.children):
            return "regain"
        if lemma == "take" and any(c.lemma_ in ("control", "over") for c in tok.children):
            return "capture" if _ground_taken(tok) else None
        if lemma in ("shoot", "bring") and any(c.lower_ == "down" for c in tok.children):
            return "disrupt"
        if lemma in _DEFENCE_VERBS and any(c.dep_ == "dobj" and c.lemma_ in _MUNITION_NOUNS for c in tok.children):
            return "disrupt"  # "air defences engaged the missiles": an interception, not a battle
        if _forms_group(tok):
            return "change"  # "a new militia network was set up": a group formed
        if lemma == "hand" and any(c.lower_ in ("over", "back") for c in tok.children):
            return "transfer"
        if (
            lemma == "pull"
            and any(c.lower_ in ("out", "back") for c in tok.children)
            and not any(c.dep_ == "dobj" for c in tok.children)
        ):
            return "transfer"
        if lemma in _HOLD_LEMMAS and any(c.dep_ == "dobj" and _is_captive(c) for c in tok.children):
            return "abduct"  # "gunmen were holding the boys"; `classify` keeps it only for armed holders
        if lemma == "claim" and any(
            c.lemma_ == "responsibility" or (c.dep_ == "dobj" and _claimed_event(c)) for c in tok.children
        ):
            return "attrib"  # "X claimed responsibility", "X claimed the attack"
        if lemma == "fall" and any(c.dep_ == "prep" and c.lower_ == "to" for c in tok.children):
            return "capture" if _ground_taken(tok, ("nsubj",)) else None  # not "she fell to the floor"
        if lemma == "find" and (
            any(c.lower_ in _FOUND_DEAD for c in tok.children if c.dep_ in _STATE_DEPS) or _found_dead_in_capitals(tok)
        ):
            return "die"  # "five were found dead", "a man was found shot to death"
        if lemma in _BREAK_UP_LEMMAS and any(c.dep_ == "dobj" and _is_crowd(c) for c in tok.children):
            return "protest"  # "riot police chased the demonstrators": a protest met by force
        if lemma in _GATHER_LEMMAS and any(w.lemma_ in _GRIEVANCE_VERBS for w in tok.subtree):
            return "protest"  # "crowds gathered to demand his release"
        if lemma in _STREET_LEMMAS and _to_the_streets(tok):
            return "protest"  # "thousands took to the streets", "protesters poured into the streets"
        if (
            lemma in ("establish", "build") or (lemma == "set" and any(c.lower_ == "up" for c in tok.children))
        ) and any(w.lemma_ in _HQ_NOUNS or w.lower_ in _HQ_NOUNS or _observation_point(w) for w in tok.subtree):
            return "hq"
        if lemma in _WEAPON_USE_VERBS and {"protest", "intervene"} <= sentence_cues(sent.text):
            return "protest"  # "police fired tear gas at protesters": the protest met by force
        if lemma in _WEAPON_USE_VERBS and _WEAPON_CUES & sentence_cues(sent.text):
            if lemma in _LOOSE_USE_VERBS and not _uses_weapon(tok):
                return None  # "the airport was used by federal jets": a place used, no weapon fired
            return "weapon"
        if lemma in FIND_VERBS and any(w.lemma_ in _WEAPON_NOUNS for w in tok.subtree):
            return None if _found_by_a_child(tok) or _only_casings(tok) else "disrupt"
        if lemma in _CLEAR_VERBS and _acts_on_weapons(tok):
            return "disrupt"  # "troops destroyed a cache of IEDs", "engineers cleared 2,000 landmines"
        if lemma in ("burn", "destroy", "wreck") and _acts_on_property(tok):
            return "loot"  # "shops were burned", "50 vehicles were destroyed": property destruction
        if lemma == "agree" and any(
            c.dep_ in ("xcomp", "dobj") or (c.dep_ == "prep" and c.lower_ in ("to", "on")) for c in tok.children
        ):
            return "agree"  # "the two sides agreed to a ceasefire", "agreed to resume talks"
        if lemma == "surrender" and any(c.dep_ == "nsubj" for c in tok.children):
            return "agree"  # fighters surrendering to the other side: a negotiated outcome
        if lemma == "exchange" and any(c.dep_ == "dobj" and c.lemma_ in _CAPTIVE_SWAP_NOUNS for c in tok.children):
            return "agree"  # "exchanged prisoners": a swap agreed between the sides
        if lemma == "withdraw" and _from_agreement(tok):
            return "agree"  # "withdrew from the treaty": a change to an agreement, not to a front line
        if lemma == "release" and re.search(r"\b(?:exchange|swap)\b", sent.text, re.I):
            return "agree"
        if lemma == "recover" and any(
            w.lemma_ in _TERRITORY_NOUNS or w.ent_type_ in ("GPE", "LOC")
            for c in tok.children
            if c.dep_ in ("dobj", "nsubjpass")
            for w in c.subtree
        ):
            return "regain"  # "troops recovered the town"; not "a boy is recovering from a bullet that hit him in X"
        if lemma == "engage" and not _engages_in_combat(tok):
            return None  # "engaged in talks", "engaging in trade": only an enemy or a fight engaged is a clash
        if lemma == "graze" and _grazed_by_a_shot(tok):
            return "shoot"  # "a clerk was grazed by a bullet": shot, if lightly; not cattle grazing
        if lemma == "shoot" and _hyphen_out(tok):
            return "clash"  # "the shoot-out", split by the tokenizer
        cls = _VERB_TRIGGERS.get(lemma) or _SURFACE_TRIGGERS.get(text)
        if cls == "capture" and _person_taken(tok):
            return None  # "the gunman was captured near a creek": an arrest, not ground taken
        if cls == "strike" and tok.tag_ != "VBN" and re.search(r"\bworkers?\b|\bon strike\b", sent.text, re.I):
            return "protest"
        return cls
    if tok.pos_ in ("NOUN", "PROPN"):
        if text == "out" and tok.i >= 2 and tok.doc[tok.i - 1].text == "-" and tok.doc[tok.i - 2].lower_ == "shoot":
            return "clash"  # "the shoot-out", split by the tokenizer: its head is "out"
        if _claimed_event(tok):
            return None  # "X claimed the attack": told by the claim verb, as a responsibility claim
        if _gunshot_wound(tok):
            return "shoot"  # "found with a gunshot wound", "suffered a bullet wound": someone was shot
        if _headline_verb(tok):
            return _VERB_TRIGGERS[_HEADLINE_VERB_FORMS[text]]  # "5 shot on west side", "Two Shot Near Park"
        if text in (
            "ied",
            "ieds",
            "svbied",
            "vbied",
            "landmine",
            "mine",
            "grenade",
            "grenades",
            "rocket",
            "rockets",
            "missile",
            "missiles",
            "mortar",
            "mortars",
            "drone",
            "drones",
        ):
            return _instrument_noun(text, tok)
        if lemma == "strike":
            left = tok.doc[max(tok.i - 2, sent.start) : tok.i].text.lower()
            if _STRIKE_NOUN_CONTEXT.search(left) or any(c.lower_ in ("air", "drone") for c in tok.children):
                return "strike"
            labour = re.search(
                r"\b(?:workers?|general|hunger|on strike|unions?|staff|employees|teachers)\b", sent.text, re.I
            )
            return "protest" if labour else "strike"
        if lemma == "fire" and any(c.lemma_ in ("open", "exchange", "set", "light", "start") for c in tok.ancestors):
            return None  # handled on the verb ("opened fire", "set fire to"); "lit fires" is no wildfire
        if text == "hostility" or (lemma == "barrage" and not _WEAPON_CUES & sentence_cues(sent.text)):
            return None  # "hostility toward": an attitude; "the barrage" with no weapon named: a dam
        if lemma == "destruction" and any(
            c.dep_ == "prep" and c.lower_ == "of" and any(g.lemma_.lower() in _PROPERTY_NOUNS for g in c.children)
            for c in tok.children
        ):
            return "loot"  # "the destruction of government property"
        cls = _NOUN_TRIGGERS.get(lemma) or _NOUN_TRIGGERS.get(text)
        if cls == "agree" and _topic_of_talks(tok):
            return None  # "talks on a truce", "an agreement on a ceasefire": what is negotiated
        return cls
    return None


def _grazed_by_a_shot(verb: Any) -> bool:
    """ "Grazed by a stray bullet": a passive graze whose agent is a shot."""
    return verb.tag_ == "VBN" and any(
        c.dep_ == "agent" and any(g.lower_ in _GRAZING_SHOTS for g in c.children) for c in verb.children
    )


def _gunshot_wound(tok: Any) -> bool:
    """ "Taken to hospital with a gunshot wound", "suffered a bullet wound": one wound that a verb of care or
    of suffering tells someone got; not a count of wounds a hospital treats nor an old wound someone carries."""
    if tok.tag_ != "NN" or not any(c.dep_ == "compound" and c.lower_ in _GUNSHOT_WORDS for c in tok.children):
        return False
    if tok.dep_ == "dobj":
        return tok.head.lemma_ in _WOUND_SUFFERERS
    prep = tok.head
    return tok.dep_ == "pobj" and prep.lower_ in ("with", "for") and prep.head.lemma_ in _WOUND_TAKERS


def _headline_verb(tok: Any) -> bool:
    """ "3 Shot Outside Laundromat", "Boy Shoots Himself", "Man Stabbed Outside Bar": a harm verb that a headline's
    capitals made a noun (people shot, not a shot fired)."""
    if tok.lower_ not in _HEADLINE_VERB_FORMS:
        return False
    if tok.lower_ == "shot":
        # "shot" is a noun too ("one shot hit the window"): only a figure of people shot makes it the verb
        return (tok.dep_ in _HEADLINE_VERB_DEPS or tok.text == "Shot") and any(c.dep_ == "nummod" for c in tok.children)
    if tok.pos_ != "PROPN" or not tok.text[0].isupper():
        return False
    # a band, a plant's shoots or crops lost are no harm ("The Kills Tour", "Heat Kills Crops"): an active
    # form names the people it harms ("Blast Kills 9", "Boy Shoots Himself"), a passive one follows them
    if tok.lower_.endswith("s"):
        obj = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        return obj is not None and (obj.lower_ in _REFLEXIVES or _person_or_figure(obj))
    subject = next((t for t in reversed(tok.doc[: tok.i]) if not t.lower_.endswith("ly")), None)
    return subject is not None and _person_or_figure(subject)


def _person_or_figure(tok: Any) -> bool:
    """A figure or a word for people, as a capitalised headline writes them ("Two", "Teens", "Gunman")."""
    word = tok.lower_
    singular = _IRREGULAR_PLURALS.get(word) or (word[:-1] if word.endswith("s") else word)
    return tok.like_num or word in _PERSON_WORDS or singular in _PERSON_WORDS


def _claimed_event(tok: Any) -> bool:
    """ "Claimed the attack", "claimed the bombing": an event noun that a group claims as its own."""
    return (
        tok.dep_ == "dobj"
        and tok.head.lemma_ == "claim"
        and tok.lemma_.lower() in _NOUN_TRIGGERS
        and not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children)
    )


# Verbs of keeping someone, and the people who can be kept captive.
_HOLD_LEMMAS = frozenset(["hold"])
_CAPTIVE_NOUNS = frozenset(
    [
        "hostage",
        "captive",
        "people",
        "person",
        "man",
        "woman",
        "child",
        "boy",
        "girl",
        "student",
        "pupil",
        "schoolgirl",
        "schoolboy",
        "villager",
        "passenger",
        "worker",
    ]
)


def _uses_weapon(verb: Any) -> bool:
    """Whether what `verb` uses (its object, or its passive subject) names a weapon."""
    used = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    return any(c.lemma_.lower() in _WEAPON_NOUNS or _WEAPON_CUES & sentence_cues(c.text) for c in used)


# Verbs of coming together, which are a protest when what the crowd does is voice a grievance.
_GATHER_LEMMAS = frozenset(["gather", "assemble", "converge", "congregate", "flock", "mass"])
_GRIEVANCE_VERBS = frozenset(
    ["protest", "demand", "denounce", "urge", "condemn", "chant", "oppose", "decry", "call", "voice", "reject"]
)
_STREET_LEMMAS = frozenset(["take", "pour", "flood", "spill", "throng", "fill", "hit"])


# Verbs of breaking up a crowd, and the crowds a protest is made of.
_BREAK_UP_LEMMAS = frozenset(["chase", "scatter", "charge", "kettle", "corral", "teargas"])
_CROWD_NOUNS = frozenset(["protester", "demonstrator", "marcher", "crowd", "protestor", "rally", "gathering"])


def _is_crowd(tok: Any) -> bool:
    return tok.lemma_.lower() in _CROWD_NOUNS or tok.lower_ in ("protesters", "demonstrators", "marchers")


def _to_the_streets(verb: Any) -> bool:
    """ "Took to the streets", "poured into the streets", "filled the streets": a crowd out in protest."""
    for c in verb.children:
        if (
            c.dep_ == "prep"
            and c.lower_ in ("to", "into", "onto")
            and any(g.dep_ == "pobj" and g.lemma_ == "street" for g in c.children)
        ):
            return True
        if c.dep_ == "dobj" and c.lemma_ == "street" and verb.lemma_ in ("fill", "throng", "flood", "hit"):
            return True
    return False


_COMBAT_NOUNS = frozenset(
    ["clash", "battle", "fighting", "fight", "firefight", "gunfight", "combat", "exchange", "skirmish", "shootout"]
)


def _engages_in_combat(verb: Any) -> bool:
    """ "Troops engaged the militants", "engaged in a fierce gun battle", not "engaged in talks"."""
    for c in verb.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            return True
        if c.dep_ == "prep" and c.lower_ == "in":
            return any(g.lemma_.lower() in _COMBAT_NOUNS for g in c.subtree)
    return verb.dep_ == "acl" and verb.head.lemma_ in ("force", "troop", "fighter", "militant", "soldier")


def _hyphen_out(tok: Any) -> bool:
    doc = tok.doc
    return tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and doc[tok.i + 2].lower_ == "out"


# Verbs that put weapons out of use, and the senses in which a drone only watches.
_CLEAR_VERBS = frozenset(["destroy", "clear", "remove", "dismantle", "neutralise", "neutralize", "disarm", "defuse"])
_SENSING_VERBS = frozenset(["capture", "film", "record", "show", "monitor", "photograph", "survey", "spot", "track"])
_CAPTIVE_SWAP_NOUNS = frozenset(["prisoner", "captive", "detainee", "hostage", "body", "remains", "pow"])
_AGREEMENT_NOUNS = frozenset(["treaty", "pact", "agreement", "accord", "deal", "ceasefire", "truce", "memorandum"])


_PROPERTY_NOUNS = frozenset(
    [
        "house",
        "home",
        "shop",
        "store",
        "vehicle",
        "car",
        "building",
        "church",
        "mosque",
        "school",
        "office",
        "property",
        "hut",
        "market",
        "bus",
        "truck",
        "business",
        "crop",
        "field",
        "warehouse",
        "station",
        "temple",
        "shrine",
    ]
)


def _acts_on_property(verb: Any) -> bool:
    """Whether what `verb` acts on (object or passive subject) is buildings, vehicles or goods."""
    return any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in _PROPERTY_NOUNS for c in verb.children)


def _acts_on_weapons(verb: Any) -> bool:
    """Whether what `verb` acts on (object or passive subject, with its conjuncts) is weapons."""
    return any(
        c.dep_ in ("dobj", "nsubjpass")
        and any(w.lemma_.lower() in _WEAPON_NOUNS or w.lower_ in _WEAPON_NOUNS for w in c.subtree)
        for c in verb.children
    )


def _handled_weapon(tok: Any) -> bool:
    """A weapon noun that a verb of finding or clearing acts on ("seized rockets", "mines were cleared")."""
    for head in _heads(tok, 3):
        if head.pos_ in ("VERB", "AUX") or head.tag_.startswith("VB"):
            return head.lemma_ in _CLEAR_VERBS or head.lemma_ in FIND_VERBS
    return False


def _from_agreement(verb: Any) -> bool:
    return any(
        c.dep_ == "prep" and c.lower_ == "from" and any(g.lemma_ in _AGREEMENT_NOUNS for g in c.subtree)
        for c in verb.children
    )


def _observation_point(tok: Any) -> bool:
    """ "An observation point", "military posts": a post named by its use."""
    return tok.lemma_ in ("point", "position") and any(
        c.lower_ in ("observation", "military", "monitoring", "surveillance") for c in tok.children
    )


# Verbs that form a group, and the groups armed actors form: ACLED's Change to group/activity.
_FORM_LEMMAS = frozenset(["form", "create", "found", "launch", "establish", "set"])
_GROUP_NOUNS = frozenset(
    ["group", "network", "entity", "unit", "brigade", "militia", "faction", "battalion", "alliance", "wing", "force"]
)


def _forms_group(verb: Any) -> bool:
    if verb.lemma_ not in _FORM_LEMMAS or (verb.lemma_ == "set" and not any(c.lower_ == "up" for c in verb.children)):
        return False
    made = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    return any(c.lemma_ in _GROUP_NOUNS and c.lemma_ not in _HQ_NOUNS for c in made)


def _is_captive(tok: Any) -> bool:
    return tok.lemma_.lower() in _CAPTIVE_NOUNS or tok.ent_type_ == "PERSON"


# Nouns of negotiation, whose "on X" names what is being negotiated.
_TALK_NOUNS = frozenset(
    ["talk", "negotiation", "agreement", "deal", "proposal", "discussion", "plan", "meeting", "dialogue"]
)


def _topic_of_talks(tok: Any) -> bool:
    prep = tok.head
    return (
        tok.dep_ == "pobj"
        and prep.lower_ in ("on", "for", "towards", "toward", "over", "about")
        and prep.head.lemma_ in _TALK_NOUNS
    )


# Verbs by which parties conclude an agreement.
_CONCLUDE_LEMMAS = frozenset(
    ["reach", "sign", "strike", "seal", "conclude", "agree", "broker", "announce", "clinch", "hammer", "accept"]
)


def concluded(tok: Any) -> bool:
    """An agreement noun told as reached or signed ("reached a deal", "agreed to a ceasefire",
    "the truce, brokered by Egypt")."""
    head = tok.head.head if tok.dep_ == "pobj" else tok.head
    if tok.dep_ in ("dobj", "nsubjpass", "nsubj", "attr", "pobj") and head.lemma_ in _CONCLUDE_LEMMAS:
        return True
    return any(c.dep_ in ("acl", "relcl") and c.lemma_ in _CONCLUDE_LEMMAS for c in tok.children)


def _instrument_noun(text: str, tok: Any) -> str | None:
    # A weapon noun is a trigger only where it is the event ("a mortar hit the market",
    # "rockets were fired"), not a modifier of another trigger ("mortar attack").
    if tok.dep_ in ("compound", "amod", "nmod"):
        return None
    if _handled_weapon(tok):
        return None  # "destroyed dozens of rockets", "the mines were removed": weapons out of use
    if text.startswith("drone") and tok.dep_ == "nsubj" and tok.head.lemma_ in _SENSING_VERBS:
        return None  # "a drone captured footage": a camera, not a weapon
    if text.startswith(("grenade",)):
        return "explode"
    if text in ("ied", "ieds", "landmine", "mine", "svbied", "vbied"):
        return "explode"
    if text.startswith("drone"):
        return "strike"
    return "shell"


def _heads(tok: Any, depth: int) -> list[Any]:
    out = []
    cur = tok
    for _ in range(depth):
        if cur.head == cur:
            break
        cur = cur.head
        out.append(cur)
    return out


def _describing_participle(tok: Any) -> bool:
    """ "Used by federal jets bombing Tigray": a participle right after a noun describes what the noun
    does, it tells no new event."""
    if tok.tag_ != "VBG" or tok.dep_ not in ("acl", "xcomp") or tok.i == 0:
        return False
    before = tok.doc[tok.i - 1]
    # "people protesting against brutality" names who the people are (protesters), which `_kinds` reads
    return (
        before.pos_ in ("NOUN", "PROPN")
        and before.dep_ == "pobj"
        and any(c.dep_ == "dobj" for c in tok.children)
        and not any(c.dep_ in ("aux", "auxpass", "nsubj") for c in tok.children)
    )


def _not_an_event(tok: Any) -> bool:
    """Negated, intended, future, hypothetical or framed triggers are not events."""
    chain = [tok, *_heads(tok, 3)]
    # Negation of the trigger itself or of the verb it hangs from ("did not attack", "no clashes").
    for t in chain[:2]:
        negated = any(
            c.dep_ == "neg" or (c.lower_ in ("no", "never") and c.dep_ in ("det", "advmod")) for c in t.children
        )
        if negated and t.lemma_ not in _STOP_LEMMAS:
            return True
    for t in chain[:3]:
        if any(c.lower_ in _FUTURE_AUX and c.dep_ == "aux" for c in t.children):
            return True
        if any(c.lower_ in _MODAL_AUX and c.dep_ == "aux" for c in t.children) and not any(
            c.dep_ == "aux" and c.lower_ == "have" for c in t.children
        ):
            return True
    for t in chain[1:3]:
        if t.lemma_ in _INTENT_LEMMAS and tok.dep_ in ("xcomp", "dobj", "pobj", "ccomp", "advcl"):
            return True
    if any(c.lower_ == "if" and c.dep_ == "mark" for c in tok.head.children):
        return True
    if _purpose_infinitive(tok):
        return True
    if _cause_of_response(tok):
        return True
    if _describing_participle(tok):
        return True
    for t in [tok, *_heads(tok, 4)]:
        if t.lemma_ in _FRAME_LEMMAS:
            return True
        if t.lower_ in ("after", "since") and (
            any(c.lemma_ == "year" for c in t.children)
            or any(c.lemma_ == "year" and c.dep_ == "npadvmod" for c in t.head.children)
        ):
            return True  # "twenty years after the massacre": an old event recalled
        if (
            t.lemma_ == "year"
            and any(c.like_num and c.dep_ == "nummod" for c in t.children)
            and any(c.lower_ in ("after", "since", "ago") for c in t.subtree)
        ):
            return True
    return (
        tok.lower_ in ("strikes", "attacks")
        and tok.dep_ == "pobj"
        and tok.head.lower_ == "against"
        and any(a.lemma_ in ("protect", "defend", "shield", "defence", "defense") for a in _heads(tok, 3))
    )


# Verbs of getting others to act: what they are got to do has not happened yet.
_MOBILISE_LEMMAS = frozenset(["mobilise", "mobilize", "urge", "call", "encourage", "invite", "organise", "organize"])
# Diplomatic acts, whose "over X" or "after X" names the event they answer: the story is the response.
_DIPLO_LEMMAS = frozenset(
    [
        "sanction",
        "impose",
        "expel",
        "expulsion",
        "condemn",
        "condemnation",
        "criticize",
        "criticise",
        "summon",
        "recall",
        "denounce",
        "boycott",
        "freeze",
    ]
)
_RESPONSE_NOUNS = frozenset(["response", "retaliation", "reprisal", "revenge", "answer", "reaction"])


def _cause_of_response(tok: Any) -> bool:
    """ "Sanctions over the bombing", "expelled after a nerve agent attack", "in response to the attack":
    an event named as what a diplomatic step or a reprisal answers is its cause, told as background."""
    for t in _heads(tok, 4):
        if t.lemma_ in _RESPONSE_NOUNS and t.head.lower_ == "in":
            return True
        if t.dep_ == "prep" and t.lower_ in ("after", "over", "following", "for") and t.head.lemma_ in _DIPLO_LEMMAS:
            return True
    return False


# Words that make "the first city to fall" a fact told of a noun, not a purpose.
_ORDINAL_WORDS = frozenset(["first", "second", "third", "last", "latest", "only", "next"])


def _purpose_infinitive(tok: Any) -> bool:
    """ "Launched a counter-offensive to retake the city": an infinitive of purpose tells a goal, not an event."""
    if tok.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    if _VERB_TRIGGERS.get(tok.lemma_) == "protest" or _to_the_streets(tok):
        # "took to the streets to protest": gathering is the protest; "mobilised people to protest" is not yet
        return tok.head.lemma_ in _MOBILISE_LEMMAS
    if tok.dep_ == "advcl":
        return True
    return tok.dep_ in ("acl", "relcl") and not any(c.lower_ in _ORDINAL_WORDS for c in tok.head.children)


def _attribution_frame(tok: Any) -> bool:
    """A trigger told only as the object of a denial, accusation or claim of responsibility.

    What a blaming party says happened ("blamed the rebels, saying the airport had been hit by
    missiles") is reported speech about the event, not the object of the blame."""
    for t in _heads(tok, 4):
        if t.lemma_ in _ATTRIBUTION_LEMMAS:
            return True
        if any(c.dep_ == "dobj" and c.lemma_ in ("credit", "responsibility") for c in t.children):
            return True  # "took credit for the bombing", the preposition parsed onto the verb
        if t.lemma_ in _SAYING_LEMMAS:
            return False
    return False


def _is_stopped(tok: Any) -> bool:
    """A trigger whose occurrence is denied or called off: "strikes were suspended", "denied shelling"."""
    for t in _heads(tok, 2):
        if t.lemma_ in _STOP_LEMMAS and tok.dep_ in ("nsubjpass", "nsubj", "dobj", "conj", "xcomp", "pobj"):
            return True
    return any(c.dep_ == "neg" for c in tok.head.children) and tok.head.lemma_ in _CONTINUE_LEMMAS


def _span(tok: Any, limit: int = 12) -> Any:
    """The noun phrase a token heads, cut at a relative clause and at `limit` tokens."""
    left = tok.left_edge.i
    right = tok.i
    for c in tok.rights:
        if c.dep_ in ("relcl", "acl", "punct", "cc", "appos", "advcl") or c.lower_ in ("who", "which", "that"):
            break
        if c.dep_ in ("conj", "prep", "compound", "nummod", "amod", "pobj"):
            right = c.right_edge.i
    left = max(left, tok.i - limit)
    # A dash before the head ends a dateline or a headline the parse ran into the phrase.
    dashes = [t.i for t in tok.doc[left : tok.i] if t.text in ("-", "\u2013", "\u2014", "--")]
    if dashes:
        left = dashes[-1] + 1
    return tok.doc[left : right + 1]


def _past_dateline(subj: Any) -> Any:
    """A subject that is a wire dateline ("KABUL, Sept 29 (Meridian) - Taliban fighters overran"):
    the noun it was parsed as standing beside is the real subject; None when there is none."""
    nxt = subj.doc[subj.i + 1] if subj.i + 1 < len(subj.doc) else None
    if not (subj.is_upper and len(subj.text) > 1 and nxt is not None and nxt.text == ","):
        return subj
    text = doc_text(subj.doc)
    line = text.rfind("\n", 0, subj.idx)
    if text[line + 1 : subj.idx].strip():
        return subj  # capitals inside a line: an acronym, not a dateline
    return next((c for c in subj.children if c.dep_ == "appos"), None)


def _taken_from(verb: Any) -> Any:
    """The "from Y" of a verb of taking a place ("recaptured the city from the rebels"), or None."""
    if verb.lemma_ not in _TAKE_LEMMAS:
        return None
    prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "from"), None)
    pobj = next((g for g in prep.children if g.dep_ == "pobj"), None) if prep is not None else None
    return _span(pobj) if pobj is not None else None


def _participants(tok: Any) -> tuple[Any, Any]:
    """(agent, patient) spans of a trigger, from its dependents or the verb it is an argument of."""
    agent = patient = None
    if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
        verb = tok
        # A dateline parsed as a second subject ("LAGOS, Oct 21 - Soldiers opened fire"): the
        # subject nearest the verb is its own.
        subjects = [_past_dateline(c) for c in verb.children if c.dep_ == "nsubj"]
        subjects = [c for c in subjects if c is not None]
        if subjects:
            agent = _span(min(subjects, key=lambda c: abs(verb.i - c.i)))
        for c in verb.children:
            if c.dep_ == "dobj" and c.lemma_ == "fire" and verb.lemma_ in ("open", "exchange"):
                # "opened fire on the crowd": whom the fire was aimed at is the patient.
                aim = next((g for g in c.children if g.dep_ == "prep" and g.lower_ in ("on", "at")), None)
                aim = aim or next((g for g in verb.children if g.dep_ == "prep" and g.lower_ in ("on", "at")), None)
                pobj = next((g for g in aim.children if g.dep_ == "pobj"), None) if aim is not None else None
                if pobj is not None and patient is None:
                    patient = _span(pobj)
                continue
            elif c.dep_ == "agent":
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    agent = _span(pobj)
            elif c.dep_ in ("dobj", "nsubjpass") and patient is None:
                patient = _span(c)
            elif (
                c.dep_ == "prep"
                and patient is None
                and (c.lower_ in ("on", "against", "with") or (c.lower_ == "from" and verb.lemma_ in _TAKE_LEMMAS))
            ):
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    patient = _span(pobj)
        loser = _taken_from(verb)
        if loser is not None and patient is not None and loser.start >= patient.end:
            # "recaptured Fallujah from Islamic State": the side that lost the place is its patient too.
            patient = tok.doc[patient.start : loser.end]
        if agent is not None and agent.root.pos_ == "PRON" and verb.dep_ == "ccomp":
            # "Iraqi forces said they had recaptured the city": the pronoun is the speaker.
            speaker = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
            if speaker is not None and speaker.pos_ != "PRON":
                agent = _span(speaker)
        if agent is None and verb.dep_ in ("xcomp", "conj", "advcl", "ccomp") and verb.head != verb:
            subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
            subj = _past_dateline(subj) if subj is not None else None
            if subj is not None and verb.dep_ != "ccomp":
                agent = _span(subj)
        if agent is None and verb.dep_ == "acl" and verb.tag_ == "VBG":
            agent = _span(verb.head)
        if patient is None and verb.dep_ == "acl" and verb.tag_ == "VBN":
            patient = _span(verb.head)
        return agent, patient
    # A noun trigger: its modifiers ("US air strikes", "an IS attack"), "by X", "on X", or
    # the subject of the verb that carries it ("X launched an attack").
    mods = [c for c in tok.children if c.dep_ in ("compound", "amod", "poss", "nmod") and c.i < tok.i]
    if mods:
        agent = tok.doc[min(m.left_edge.i for m in mods) : tok.i]
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "by":
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                agent = _span(pobj)
        if c.dep_ == "prep" and c.lower_ in ("on", "against", "targeting", "in") and patient is None:
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None and c.lower_ != "in":
                patient = _span(pobj)
    if tok.dep_ in ("dobj", "attr") and tok.head.lemma_ in (
        "launch",
        "carry",
        "conduct",
        "stage",
        "mount",
        "hold",
        "organise",
        "organize",
        "claim",
        "perpetrate",
    ):
        subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        if subj is not None and agent is None:
            agent = _span(subj)
    if tok.dep_ == "nsubj" and patient is None:
        obj = next((c for c in tok.head.children if c.dep_ in ("dobj",)), None)
        if obj is not None:
            patient = _span(obj)
    return agent, patient
