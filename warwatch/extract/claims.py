"""Claims: casualty and humanitarian figures, who gives them and how firmly.

    sentence_claims(sent, doc_id, outlet) -> list[Claim]     every figure of one spaCy sentence

A figure is an amount phrase (warwatch.numbers) attached through the parse to a
noun of victims ("civilians", "people", "soldiers") and to a verb or noun of harm
("killed", "dead", "wounded", "trapped"). A victim told of alone ("a civilian was
killed", "the victim died", "Smith, 24, was fatally shot", "a fatal shooting") is a
floor of one, never a lower figure for a count. "Shot" alone wounds, unless told
fatal ("shot dead", "fatally shot", "shot and killed"); people told of only as shot
are a partial count of the wounded, since they include any who died (as does one
told of only as taken to a hospital), and "four people were shot, one fatally"
splits into one killed and three wounded. The name of
an incident can count its victims ("a triple shooting", "a double homicide"), and
"died" told of one person no figure counts ("Hicks died") is one death. A running
total ("since the war began", "a conflict that has killed") is cumulative. The
claimant is the subject of the speech verb that governs the figure ("said", "told",
"reported", "according to"); the outlet itself when none does.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise
from typing import Any

from ..models import Claim, ClaimKind, Evidence, Victims
from ..numbers import VAGUE_LOWS, Amount, find_amounts
from .attribution import attribution
from .sentences import doc_text, sentence_of

_KIND_LEMMAS: dict[str, ClaimKind] = {
    **dict.fromkeys(
        [
            "kill",
            "die",
            "dead",
            "deceased",
            "death",
            "fatality",
            "toll",
            "massacre",
            "slay",
            "murder",
            "execute",
            "behead",
            "life",
            "body",
            "martyr",
        ],
        ClaimKind.KILLED,
    ),
    **dict.fromkeys(
        ["injure", "wound", "hurt", "injury", "casualty", "maim", "hospitalize", "hospitalise"], ClaimKind.INJURED
    ),
    **dict.fromkeys(["trap"], ClaimKind.TRAPPED),
    **dict.fromkeys(["displace", "flee", "fled", "homeless", "refugee", "evacuate", "uproot"], ClaimKind.DISPLACED),
    **dict.fromkeys(["besiege"], ClaimKind.BESIEGED),
    **dict.fromkeys(["abduct", "kidnap", "hostage"], ClaimKind.ABDUCTED),
    **dict.fromkeys(["arrest", "detain", "apprehend"], ClaimKind.ARRESTED),
}
# Verbs of medical care: people cared for with injuries are the injured.
_CARE_LEMMAS = frozenset(
    ["treat", "admit", "hospitalize", "hospitalise", "rush", "take", "evacuate", "transport", "send", "airlift"]
)
# Places of care: someone carried there from a shooting that killed no one was hurt.
_CARE_PLACES = frozenset(["hospital", "center", "centre", "er", "clinic", "infirmary"])
# Words that tell a death in a sentence: someone "taken to hospital" there may have died on the way.
_DEATH_RE = re.compile(r"(?:died|dies|die|dead|death|killed|fatal\w*|pronounced|succumbed)")
_CIVILIAN_NOUNS = frozenset(
    [
        "civilian",
        "villager",
        "resident",
        "worshipper",
        "student",
        "farmer",
        "shepherd",
        "journalist",
        "passenger",
        "pilgrim",
        "family",
        "shopkeeper",
        "trader",
        "teacher",
        "doctor",
        "nurse",
        "worker",
        "refugee",
        "local",
        "inhabitant",
        "protester",
        "demonstrator",
        "citizen",
        "medic",
        "paramedic",
        "rescuer",
        "volunteer",
        "activist",
        "patient",
        "pupil",
        "bystander",
        "passerby",
        "customer",
        "employee",
        "staff",
    ]
)
_CHILD_NOUNS = frozenset(
    ["child", "kid", "boy", "girl", "minor", "infant", "baby", "teenager", "toddler", "schoolchild", "youngster"]
)
_WOMEN_NOUNS = frozenset(["woman", "mother"])
_COMBATANT_NOUNS = frozenset(
    [
        "soldier",
        "troop",
        "militant",
        "fighter",
        "insurgent",
        "rebel",
        "policeman",
        "officer",
        "jihadist",
        "terrorist",
        "gunman",
        "attacker",
        "member",
        "personnel",
        "guard",
        "serviceman",
        "commando",
        "militiaman",
        "combatant",
        "trooper",
        "cop",
        "recruit",
        "jihadi",
        "extremist",
        "assailant",
        "bomber",
        "police",
        "force",
        "airman",
        "pilot",
        "commander",
        "marine",
        "sniper",
        "guerrilla",
        "mercenary",
        "conscript",
        "paramilitary",
        "militia",
        "operative",
    ]
)
_PEOPLE_NOUNS = (
    frozenset(["people", "person", "man", "body", "individual", "victim", "casualty", "martyr", "other"])
    | _CIVILIAN_NOUNS
    | (_CHILD_NOUNS | _WOMEN_NOUNS | _COMBATANT_NOUNS)
)
_CUMULATIVE_RE = re.compile(
    r"\bsince then\b|\bsince (?:the )?(?:start|beginning|launch|offensive|war|conflict|operation|uprising|campaign"
    r"|january|february|march|april|may|june|july|august|september|october|november|december|\d{4})"
    r"|\bthis year\b|\bso far\b"
    r"|\bin total\b|\bto date\b|\bover the (?:past|last) (?:\w+ )?(?:weeks|months|years)\b|\bin the war\b"
    r"|\bsince it began\b|\bthroughout the\b|\boverall\b|\bcumulative"
    r"|\bsince\b[^,.;]{0,40}\b(?:began|begun|started|broke out|erupted)\b"
    # "killed in Syria's three-year war", "during the five-year conflict", "over three years of turmoil";
    # not a "war zone" nor a "war monitor"
    r"|\b(?:in|during|of) (?:the |\w+'?s )?(?:[\w-]+ ){0,2}(?:war|conflict|uprising|insurgency|civil war)\b"
    r"(?! zone| monitor)"
    r"|\b(?:\w+)[- ]years?(?:[- ]old)? (?:war|conflict|uprising|insurgency|crisis)\b"
    r"|\b(?:years|months) of (?:war|conflict|fighting|violence|turmoil)\b"
    r"|\b(?:during|in|over) the (?:past|last) (?:\w+ )?(?:days|month|months|weeks|years)\b"
    r"|\b(?:this|that) (?:month|week|year) alone\b"
    # "7 people shot in 3 separate shootings": a sum over several incidents, each a report of its own
    r"|\bin (?:two|three|four|five|six|seven|eight|nine|ten|\d+|several|multiple) (?:[\w-]+ ){0,2}"
    r"(?:shootings|stabbings|incidents)\b"
    # "hurt in unrelated knife incidents", "in violent weekend shootings": a roundup's figure
    r"|\bin (?:\w+ ){0,2}(?:separate|unrelated|weekend|multiple|several) (?:\w+ ){0,2}"
    r"(?:shootings|stabbings|incidents)\b"
    # "a series of revenge shootings", "a string of drive-by stabbings": each of them a report of its own
    r"|\b(?:series|string) of (?:[\w-]+ )?(?:shootings|stabbings)\b"
    # "hurt in shootings around the east end": a city's roundup
    r"|\b(?:shootings|stabbings) (?:across|around)\b"
    # "a total of 87 lives in the district last year": a year's count
    r"|\ba total of\b[^.;]{0,60}\blast year\b"
    r"|\b(?:\w+) (?:days|weeks|months) of (?:air ?strikes|raids|bombardment|shelling|fighting|attacks)\b",
    re.IGNORECASE,
)
# "47 people, most of them civilians", "mostly civilians": people told to be civilians for the most part,
# so not all of them.
_MOSTLY_CIVILIANS_RE = re.compile(
    r"\b(?:most(?:ly)?|the majority|majority)(?: of (?:them|whom))?(?: (?:were|being))? civilians?\b"
)
# "More than 90,000 people have been killed and millions displaced", "has forced half the population to
# flee": deaths told with the uprooting of a whole population are a war's running total.
_POPULATION_RE = re.compile(
    r"\b(?:millions|half (?:of )?(?:the|its|their|[\w']+s?) (?:\w+ )?population)\b", re.IGNORECASE
)
_UPROOTED_RE = re.compile(r"\b(?:displac\w*|fled|flee|homeless|refugees|uproot\w*)\b", re.IGNORECASE)
# "Killed in 2014", "a gas attack in August 2013": a figure told of a year is a year's total or the
# toll of an event of another year, never a day's.
_YEAR_RE = re.compile(
    r"\bin (?:(?:january|february|march|april|may|june|july|august|september|october|november|december) )?"
    r"(?:19|20)\d\d\b",
    re.IGNORECASE,
)
# A day a figure is told of: "on Sunday", "overnight", "this morning".
_DAY_RE = re.compile(
    r"\b(?:today|yesterday|overnight|tonight|last night|this morning|this afternoon|this evening"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)
# "Since Monday at least 41 civilians have died", "since the ceasefire collapsed": a figure
# counted from a moment on; not in "the deadliest attack since 2015", which compares one event.
_SINCE_RE = re.compile(r"\bsince\b", re.IGNORECASE)
_SUPERLATIVE_SINCE_RE = re.compile(
    r"\b(?:deadliest|worst|bloodiest|biggest|largest|heaviest|most)\b[^.;]{0,60}\bsince\b", re.IGNORECASE
)
_PARTIAL_RE = re.compile(
    r"\b(?:including|among them|among whom|of whom|of them|among the (?:dead|victims|killed))\s*$", re.IGNORECASE
)
# "five of them children", "one of whom was a boy": a figure that counts part of another.
_SUBSET_AFTER_RE = re.compile(r"\s+of (?:them|whom|which|those|the (?:dead|victims|wounded|injured))\b", re.IGNORECASE)
# "..., one of them a boy", "of whom two were children": a victim named as part of an earlier figure.
_SUBSET_BEFORE_RE = re.compile(
    r"\b(?:of (?:them|whom)|among them|including)\b[\s,]*(?:\w+\s+){0,2}(?:(?:was|were|is|are)\s+)?$", re.IGNORECASE
)
# "Four people were shot, one fatally", "two wounded, one of them critically": a figure that tells
# how part of the figure before it fared.
_HOW_PART_FARED_RE = re.compile(
    r"(?:,|--|\u2014|\u2013)\s*(?P<num>one|two|three|four|five|six|\d+)"
    r"(?:\s+of\s+(?:them|whom|those))?(?:\s+(?:was|were))?\s+(?P<how>fatally|mortally|critically|seriously|gravely)\b",
    re.IGNORECASE,
)


def _noun_lemma(noun: Any) -> str:
    """The noun's lemma in lower case; a headline's capitals keep the plural in the lemma ("70 ISIS
    Terrorists", "Three Civilians Killed", "15 Gunmen"), which this drops."""
    lemma = noun.lemma_.lower()
    if noun.tag_ in ("NNPS", "NNP") and lemma not in _PEOPLE_NOUNS:
        if lemma.endswith("men"):
            return lemma[: -len("men")] + "man"
        if lemma.endswith("s"):
            return lemma[:-1]
    return lemma


def _victims(noun: Any) -> Victims:
    lemma = _noun_lemma(noun)
    if lemma in _CHILD_NOUNS:
        return Victims.CHILDREN
    if lemma in _WOMEN_NOUNS:
        return Victims.WOMEN
    if lemma in _CIVILIAN_NOUNS:
        return Victims.CIVILIANS
    if lemma in _COMBATANT_NOUNS or noun.lower_ in ("police", "troops"):
        return Victims.COMBATANTS
    return Victims.UNKNOWN


def _counted_noun(num: Any) -> Any:
    """The noun a number counts: "12 people" (nummod), "hundreds of civilians" (of-pobj), "5 dead" (itself)."""
    tok = num
    if tok.dep_ == "nummod" or (tok.dep_ in ("quantmod", "amod") and tok.head.pos_ in ("NOUN", "PROPN")):
        tok = tok.head
        if tok.pos_ == "NUM":
            tok = tok.head
        if tok.dep_ in ("nmod", "compound") and tok.head.lemma_ in _PEOPLE_NOUNS:
            tok = tok.head  # "50 government and rebel fighters": the figure counts the fighters
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_ in _PEOPLE_NOUNS | {"those"}:
                return pobj
    return tok


def _toll_figure(noun: Any) -> bool:
    """ "Put the toll at 26", "the toll could rise to 300", "the toll could be as high as 42":
    the figure a clause sets a toll at; "a death toll of 12"."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_ == "toll":
        return True
    if noun.dep_ != "pobj" or noun.head.lower_ not in ("at", "to", "as"):
        return False
    cur = noun.head
    for _ in range(3):
        cur = cur.head
        if any(c.lemma_ == "toll" and c.dep_ in ("dobj", "nsubj", "nsubjpass") for c in cur.children):
            return True
        if cur.pos_ in ("VERB", "AUX"):
            return False
    return False


# Verbs of harm whose kind depends on how they end: "shot" wounds unless "fatally", "dead" or "killed".
_SHOOT_LEMMAS = frozenset(["shoot", "gun"])
# Verbs that tell a person shot when a bullet does it: "struck by gunfire", "hit in the leg", "grazed".
_STRUCK_LEMMAS = frozenset(["strike", "hit", "graze"])
_GUNFIRE_NOUNS = frozenset(["gunfire", "bullet", "round", "shot", "gunshot", "fire", "shotgun", "pellet"])
# Events in which a person "hit" or "struck" was hit by a bullet: "hit during the shooting".
_GUNFIGHT_NOUNS = frozenset(["shooting", "crossfire", "gunfire", "shootout", "exchange"])
_BODY_PARTS = frozenset(
    [
        "leg",
        "arm",
        "head",
        "chest",
        "back",
        "shoulder",
        "foot",
        "hand",
        "neck",
        "face",
        "stomach",
        "abdomen",
        "thigh",
        "buttock",
        "hip",
        "side",
        "torso",
        "knee",
        "ankle",
        "wrist",
        "groin",
        "cheek",
        "jaw",
        "eye",
        "ear",
        "elbow",
        "calf",
        "heel",
    ]
)
# Verbs of intent: what their complement tells was meant, not done.
_INTENT_LEMMAS = frozenset(["try", "attempt", "threaten", "plan", "want", "intend", "vow", "seek"])
# Adverbs and predicates that make a wounding fatal: "fatally shot", "shot dead", "mortally wounded".
_FATAL_WORDS = frozenset(["fatally", "mortally", "dead", "death"])
# Verbs whose subject bears what their object names: "suffered a gunshot wound".
_SUFFER_LEMMAS = frozenset(["suffer", "sustain", "receive"])
# Verbs whose subject is getting over a wound: "recovering from a gunshot wound".
_RECOVER_LEMMAS = frozenset(["recover", "heal"])
# Nouns of a wound: "a gunshot wound", "minor injuries", "a bullet graze".
_WOUND_NOUNS = frozenset(["wound", "injury", "graze"])
# Conditions of a patient: "in critical condition" is a wounded person.
_CONDITION_WORDS = frozenset(["critical", "serious", "stable", "grave", "fair", "life-threatening"])


# Dependents that tell the state a verb leaves its subject or object in: "found dead", "lay wounded".
_PREDICATE_DEPS = frozenset(["acomp", "oprd", "xcomp", "attr", "advmod"])


def _to_death(tok: Any) -> bool:
    """ "to death", as in "shot to death" or "beaten to death"."""
    return tok.dep_ == "prep" and tok.lower_ == "to" and any(g.lemma_ == "death" for g in tok.children)


def _acts_on_another(clause: Any) -> bool:
    """A relative clause in which its noun does something to an object ("the man who shot her")."""
    return clause.dep_ in ("relcl", "acl") and any(g.dep_ in ("dobj", "obj") for g in clause.children)


def _shooting(verb: Any) -> bool:
    """A verb that tells someone shot: "shot", "gunned down", "struck by a bullet", "hit in the leg",
    "a bullet hit him"."""
    if verb.pos_ != "VERB":
        return False
    if verb.lemma_ == "shoot" and any(c.dep_ == "prt" and c.lower_ == "down" for c in verb.children):
        return False  # "shot down 18 missiles", "a drone was shot down": an interception, no one shot
    if verb.lemma_ in _SHOOT_LEMMAS:
        return True
    if verb.lemma_ not in _STRUCK_LEMMAS:
        return False
    if verb.lemma_ == "graze" and verb.tag_ == "VBN":
        return True  # "two others were grazed": a graze is a bullet's
    if verb.tag_ != "VBN":
        # "a stray bullet hit her", "gunfire struck two men": what a bullet strikes was shot; "the rifle fired,
        # striking the girl in the arm": one struck in a part of the body was hit by the shot
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        return any(c.dep_ == "nsubj" and c.lemma_.lower() in _GUNFIRE_NOUNS for c in verb.children) or (
            bool(objects) and any(_in_body_part(w) for w in [verb, *objects])
        )
    for prep in (c for c in verb.children if c.dep_ in ("prep", "agent")):
        for g in prep.children:
            if prep.lower_ == "by" and g.lemma_ in _GUNFIRE_NOUNS:
                return True
            if prep.lower_ == "in" and g.lemma_ in _BODY_PARTS:
                return True
            if prep.lower_ in ("in", "during") and g.lemma_ in _GUNFIGHT_NOUNS:
                return True  # "hit during the shooting", "struck in the crossfire"
    return False


def _in_body_part(word: Any) -> bool:
    """ "... in the leg", "... the man in the chest": where on the body a verb of striking struck."""
    return any(
        c.dep_ == "prep" and c.lower_ == "in" and any(g.lemma_ in _BODY_PARTS for g in c.children)
        for c in word.children
    )


# Adverbs of degree that a negation denies, leaving the harm: "was not seriously injured" was injured.
_DEGREE_WORDS = frozenset(["seriously", "critically", "badly", "severely", "gravely", "fatally", "mortally"])


def _denied_harm(verb: Any) -> bool:
    """ "The driver was not injured", "was never shot": harm told as not done; not "was not seriously
    injured", which denies only how badly."""
    return any(c.dep_ == "neg" for c in verb.children) and not any(
        c.lower_ in _DEGREE_WORDS and c.dep_ == "advmod" for c in verb.children
    )


# Endings a headline's capitals leave on a verb the parser takes for a name ("Army Kills 15 Fighters",
# "Three Injured in Blast").
_HEADLINE_ENDINGS = ("s", "d", "ed")


def _headline_lemma(word: Any) -> str:
    """The word's lemma in lower case; a verb a headline capitalizes is tagged a name that keeps its
    ending in the lemma ("Kills", "Injured"), which this drops when a word of harm is left."""
    lemma = word.lemma_.lower()
    if word.tag_ in ("NNP", "NNPS") and lemma not in _KIND_LEMMAS:
        for ending in _HEADLINE_ENDINGS:
            if lemma.endswith(ending) and lemma[: -len(ending)] in _KIND_LEMMAS:
                return lemma[: -len(ending)]
    return lemma


def _harm_kind(verb: Any) -> ClaimKind | None:
    """The kind of harm a word tells, reading "fatally shot", "shot dead", "shot and killed" and
    "shot to death" as deaths and a bare "shot" as a wounding."""
    kind = _KIND_LEMMAS.get(_headline_lemma(verb))
    if kind is not None and verb.dep_ == "xcomp" and verb.head.lemma_ in _INTENT_LEMMAS:
        return None  # "trying to kill two others", "threatened to shoot them": no harm done
    if verb.pos_ in ("VERB", "AUX", "ADJ") and _denied_harm(verb):
        return None
    if _shooting(verb):
        kind = ClaimKind.INJURED
    if kind != ClaimKind.INJURED or verb.pos_ != "VERB":
        return kind
    for c in verb.children:
        if c.lower_ in _FATAL_WORDS and c.dep_ in ("advmod", "acomp", "oprd", "xcomp", "dobj", "npadvmod"):
            return ClaimKind.KILLED
        if _to_death(c):
            return ClaimKind.KILLED  # "shot to death"
        if (
            c.dep_ == "conj"
            and _KIND_LEMMAS.get(c.lemma_.lower()) == ClaimKind.KILLED
            and not _own_subject(c)
            and not _denied_harm(c)
        ):
            return ClaimKind.KILLED  # "shot and killed"; not "five were shot and two killed"
    return kind


def _own_subject(verb: Any) -> bool:
    """Whether a conjoined verb tells of its own subject ("two people were shot and one died")."""
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _shot_only(noun: Any) -> bool:
    """Whether the harm told of `noun` is only that it was shot ("four people were shot", "a man
    was found shot"): the shot include any who died, so they count the wounded only in part."""
    if _victim_of(noun) == ClaimKind.INJURED or _gunshot_wounds(noun):
        return True  # "two gunshot victims", "a man with a gunshot wound": those shot, dead or alive
    cur = noun
    for _ in range(5):
        if cur.i != noun.i:
            if cur.pos_ == "VERB" and _gunshot_wounds(cur):
                return True  # "found three people suffering from gunshot wounds"
            if _shooting(cur):
                return (
                    _harm_kind(cur) == ClaimKind.INJURED
                    and not _limb_wound(cur)
                    and not any(
                        c.dep_ == "conj" and _KIND_LEMMAS.get(c.lemma_.lower()) == ClaimKind.INJURED
                        for c in cur.children
                    )
                )
            if _KIND_LEMMAS.get(cur.lemma_.lower()) is not None or (cur.pos_ == "VERB" and _injury_phrase(cur)):
                return False
        shot = next(
            (c for c in cur.children if c.dep_ in ("xcomp", "oprd", "acl", "relcl") and _shooting(c)),
            None,
        )
        if shot is not None and shot.i != noun.i:
            return _harm_kind(shot) == ClaimKind.INJURED
        if cur.head.i == cur.i:
            break
        cur = cur.head
    return False


# Limbs: someone shot in one was wounded, not killed, as news tells it.
_LIMBS = frozenset(
    [
        "leg",
        "arm",
        "foot",
        "feet",
        "hand",
        "ankle",
        "knee",
        "thigh",
        "buttock",
        "shoulder",
        "hip",
        "wrist",
        "elbow",
        "calf",
        "heel",
        "finger",
        "toe",
        "shin",
        "forearm",
    ]
)


def _limb_wound(verb: Any) -> bool:
    """ "Shot in the leg", "hit in the arm", "grazed": a wounding told, not only a shooting."""
    return verb.lemma_ == "graze" or any(
        c.dep_ == "prep" and c.lower_ == "in" and any(g.lemma_.lower() in _LIMBS for g in c.children)
        for c in verb.children
    )


def _others(noun: Any) -> bool:
    """ "Three other men were also shot", "another teen was shot", "two others", "his wife was also
    shot": people told apart from the victims told before them, so those shot among them are not the
    dead."""
    verb = noun.head
    # "was also shot", not "was shot on Elm Street, also in the city"
    if noun.dep_ in ("nsubj", "nsubjpass") and any(c.lower_ == "also" and c.i < verb.i for c in verb.children):
        return _shooting(verb) and _harm_kind(verb) == ClaimKind.INJURED
    return noun.lower_ == "others" or any(
        c.lower_ in ("other", "another") and c.dep_ in ("amod", "det") for c in noun.children
    )


def _gunshot_wounds(verb: Any) -> bool:
    """ "Suffering from gunshot wounds", "with a gunshot wound": a verb whose subject or object was shot."""
    for c in verb.children:
        if (c.dep_ == "prep" and c.lower_ in ("with", "from")) or (
            c.dep_ in ("dobj", "obj") and verb.lemma_ in _SUFFER_LEMMAS
        ):
            wounds = [c] if c.dep_ != "prep" else [g for g in c.children if g.dep_ == "pobj"]
            if any(w.lemma_ in ("wound", "injury") and any(a.lower_ == "gunshot" for a in w.children) for w in wounds):
                return True
    return False


def _injury_phrase(verb: Any) -> bool:
    """ "Suffered a gunshot wound", "taken to hospital in critical condition", "with life-threatening
    injuries", "recovering from a gunshot wound", "sustained what police called minor injuries": a
    verb whose subject or object was wounded."""
    for c in verb.children:
        if c.dep_ in ("dobj", "obj") and verb.lemma_ in _SUFFER_LEMMAS and c.lemma_ in _WOUND_NOUNS:
            return True
        if c.dep_ == "ccomp" and verb.lemma_ in _SUFFER_LEMMAS and any(g.lemma_ in _WOUND_NOUNS for g in c.subtree):
            return True  # "suffered what appeared to be a graze wound"
        if c.dep_ == "prep" and c.lower_ in ("in", "with", "from"):
            for g in c.children:
                if g.lemma_ == "condition" and any(a.lower_ in _CONDITION_WORDS for a in g.children):
                    return True
                if g.lemma_ in _WOUND_NOUNS and (
                    c.lower_ == "with" or verb.lemma_ in _SUFFER_LEMMAS or verb.lemma_ in _RECOVER_LEMMAS
                ):
                    return True  # "with injuries", "suffering from gunshot wounds", "recovering from wounds"
    return False


# What "victims" were victims of, told by a modifier: "gunshot victims" were shot, "homicide victims" killed.
_VICTIM_OF = {
    "gunshot": ClaimKind.INJURED,
    "shooting": ClaimKind.INJURED,
    "homicide": ClaimKind.KILLED,
    "murder": ClaimKind.KILLED,
}


def _victim_of(noun: Any) -> ClaimKind | None:
    """ "Two gunshot victims", "the shooting victim", "three homicide victims": the harm a victim noun names."""
    if noun.lemma_ not in ("victim", "survivor"):
        return None
    return next(
        (_VICTIM_OF[c.lower_] for c in noun.children if c.dep_ in ("compound", "amod") and c.lower_ in _VICTIM_OF), None
    )


def _injury_of(prep: Any) -> bool:
    """ "For injuries", "with gunshot wounds", "treated for non-life-threatening injuries"."""
    for g in (g for g in prep.children if g.dep_ == "pobj"):
        if g.lemma_ in ("injury", "wound"):
            return True
        if g.lemma_ == "treatment" and any(c.lower_ == "of" and _injury_of(c) for c in g.children):
            return True
    return False


def _cared_for(verb: Any, sent_lower: str, apart: bool = False) -> bool:
    """A verb of care whose patient was hurt: "treated for injuries", "rushed to a nearby hospital
    for treatment of injuries", "sent to the hospital" or "treated at a hospital" in a sentence that
    tells no death, or whose patients are told apart from the dead (`apart`: "killed two and sent four
    others to hospital")."""
    for c in (c for c in verb.children if c.dep_ in ("prep", "dative")):
        if c.lower_ in ("for", "with") and _injury_of(c):
            return True
        if (
            (c.lower_ == "to" or (c.lower_ in ("at", "in") and verb.lemma_ == "treat"))
            and any(g.lemma_.lower() in _CARE_PLACES for g in c.children if g.dep_ == "pobj")
            and (apart or not _DEATH_RE.search(sent_lower))
        ):
            return True
    return False


def _condition_of(prep: Any) -> bool:
    """ "In critical condition": a patient's condition, which only the wounded have."""
    return prep.lower_ == "in" and any(
        g.lemma_ == "condition" and any(a.lower_ in _CONDITION_WORDS for a in g.children) for g in prep.children
    )


def _kind_for(noun: Any, sent_lower: str) -> ClaimKind | None:
    """The kind of harm a victims noun suffered, from the words that govern or modify it."""
    for c in noun.children:
        if _acts_on_another(c):
            continue  # "the man who shot her": what he did, not what he suffered
        k = _harm_kind(c)
        if k is not None and c.dep_ in ("acl", "amod", "relcl", "appos"):
            return k
        if c.dep_ == "prep" and ((c.lower_ in ("with", "from") and _injury_of(c)) or _condition_of(c)):
            return ClaimKind.INJURED  # "four juveniles with gunshot injuries", "teen in critical condition"
    if noun.dep_ == "dobj" and any(_to_death(c) for c in noun.head.children):
        return ClaimKind.KILLED  # "beat a student to death"
    if _toll_figure(noun):
        return ClaimKind.KILLED
    among = _among_kind(noun)
    if among is not None:
        return among
    cur = noun
    for _ in range(5):
        if cur.dep_ == "xcomp" and cur.head.lemma_ in _INTENT_LEMMAS:
            return None
        k = _harm_kind(cur)
        if k is not None and cur != noun:
            return k
        if cur.pos_ in ("VERB", "AUX") and _injury_phrase(cur):
            return ClaimKind.INJURED
        if cur.lemma_ in _CARE_LEMMAS and _cared_for(cur, sent_lower, apart=_others(noun)):
            return ClaimKind.INJURED  # "25 people were being treated in hospital for injuries"
        for c in cur.children:
            if c != noun and (c.dep_ in _PREDICATE_DEPS or (cur.lemma_ == "leave" and c.dep_ in ("advcl", "ccomp"))):
                k = _harm_kind(c)
                if k is not None:
                    return k  # "found dead", "left four people injured"
        if cur.head == cur:
            break
        cur = cur.head
    if noun.lemma_ in ("death", "fatality", "casualty", "body", "life", "toll", "martyr"):
        return _KIND_LEMMAS[noun.lemma_]
    return _victim_of(noun) or _object_left_without_verb(noun)


# Nouns a figure near a word of harm counts that are not people: charges, shots, spans of time, and
# the things gunfire strikes beside people ("two cars were hit by gunfire").
_NOT_VICTIMS = frozenset(
    ["count", "charge", "round", "shot", "bullet", "time", "gunshot", "shell", "case", "hour", "minute", "second"]
) | frozenset(["car", "vehicle", "truck", "door", "window", "house", "home", "building", "wall", "apartment", "tire"])
# Words for the state a figure of people is left in: "3 dead", "5 wounded"; a headline counts with
# its participles ("Four Injured In Park Shooting", "4 Shot, 2 Killed"), which the parser often
# takes as the number's head.
_STATE_WORDS = {
    "dead": ClaimKind.KILLED,
    "deceased": ClaimKind.KILLED,
    "wounded": ClaimKind.INJURED,
    "injured": ClaimKind.INJURED,
    "killed": ClaimKind.KILLED,
    "shot": ClaimKind.INJURED,
    "hurt": ClaimKind.INJURED,
}
# Words after a headline's "Four shot" that leave "shot" a state, not a noun: a place, a time, a
# cause or the next count ("Four shot outside a bar", "5 shot, 2 killed"); "a shot to the head" is a shot.
_HEADLINE_FOLLOWERS = frozenset(
    ["in", "at", "on", "near", "outside", "inside", "during", "after", "as", "by", ",", ":"]
)


def _state_word(noun: Any) -> str | None:
    """The state word `noun` is ("dead", "Injured", "Shot"), as written: lemmas lose "injured"."""
    word = noun.lower_
    if word not in _STATE_WORDS:
        return None
    if (
        word in ("shot", "killed")
        and noun.tag_ not in ("VBN", "VBD")
        and not (noun.is_title and noun.pos_ != "NOUN")
        and not _headline_count(noun)
    ):
        return None  # "fired one shot": a shot, not a person
    return word


def _headline_count(word: Any) -> bool:
    """ "Four shot outside a bar", "5 shot, 2 killed": a headline leads with the figure right before
    the state word, which the parser takes for a noun; "fired one shot" never opens a sentence."""
    doc = word.doc
    if word.i == 0 or word.i - 1 != word.sent.start or not doc[word.i - 1].like_num:
        return False
    return word.i + 1 >= word.sent.end or doc[word.i + 1].lower_ in _HEADLINE_FOLLOWERS


def _bare_kind(num: Any) -> ClaimKind | None:
    """The harm a number standing alone counts ("killing 15", "5 dead", "left 3 dead", "the toll rose to
    9"): only a word of harm right at it; "called 911" or "Boy, 14," counts no one."""
    if _toll_figure(num):
        return ClaimKind.KILLED
    for c in num.children:
        if c.dep_ in ("amod", "acl", "relcl", "appos") and (k := _harm_kind(c)) is not None:
            return k
    head = num.head
    if head.i == num.i:
        return None
    if (k := _harm_kind(head)) is not None:
        return k
    if (state := _state_word(head)) is not None:
        return _STATE_WORDS[state]  # "left one dead and three more injured"
    if num.dep_ in ("nsubj", "nsubjpass", "dobj"):
        return _clause_kind(head)
    return None


def _among_kind(noun: Any) -> ClaimKind | None:
    """ "Six civilians were among the dead", "two children were among 22 people killed", "nine were
    identified among those killed": the kind of the group a victims noun is told to be, or is found
    or counted, among."""
    if not (noun.dep_ == "nsubjpass" or (noun.dep_ == "nsubj" and noun.head.lemma_ == "be")):
        return None
    for prep in noun.head.children:
        if prep.dep_ != "prep" or prep.lower_ != "among":
            continue
        for group in (g for g in prep.children if g.dep_ == "pobj"):
            kind = _KIND_LEMMAS.get(group.lemma_.lower())
            if kind is None:
                kind = next(
                    (
                        _KIND_LEMMAS[c.lemma_.lower()]
                        for c in group.children
                        if c.dep_ in ("acl", "amod", "relcl") and c.lemma_.lower() in _KIND_LEMMAS
                    ),
                    None,
                )
            if kind is not None:
                return kind
    return None


def _object_left_without_verb(noun: Any) -> ClaimKind | None:
    """ "The bombing killed 60 civilians and 13 soldiers, officials said", parsed with the victims as
    the subject of "said": a harm verb left without an object right before the figure governs it."""
    first = noun
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    edge = min(t.i for t in first.subtree if t.i <= first.i)
    if edge == 0:
        return None
    verb = first.doc[edge - 1]
    kind = _KIND_LEMMAS.get(verb.lemma_.lower())
    if verb.pos_ != "VERB" or kind is None or verb in first.subtree:
        return None
    if any(c.dep_ in ("dobj", "obj", "nsubjpass", "auxpass") for c in verb.children):
        return None
    return kind


#: Cell separators of a table flattened into text; two in one sentence make it a table row.
_CELL_SEPARATORS = ("|", "\t")


def _tabular(sent: Any) -> bool:
    """A table flattened into text ("Nineveh | 12 | 30", "Province Killed Injured Nineveh 12 30"):
    its figures belong to columns the parse cannot see, so none of them is read as a claim. Prose
    never sets two bare figures side by side; a table row with two columns always does."""
    if sum(sent.text.count(sep) for sep in _CELL_SEPARATORS) >= 2:
        return True
    figures = [
        t
        for t in sent
        if t.like_num and not t.is_alpha and t.ent_type_ not in ("DATE", "TIME") and not _NUMERIC_DATE_RE.match(t.text)
    ]
    return any(b.i == a.i + 1 and not _part_follows(b) for a, b in pairwise(figures))


# "05.10.2017", "3/7/16": a date written in figures, which a dateline sets beside a time.
_NUMERIC_DATE_RE = re.compile(r"^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$")


def _part_follows(figure: Any) -> bool:
    """ "Risen to 52 19 of them children": a figure that counts part of the one before it, its comma
    lost in scraping, as no table cell does."""
    end = figure.idx + len(figure.text)
    return _SUBSET_AFTER_RE.match(doc_text(figure.doc)[end : end + 30]) is not None


# Nouns of one person that a crime or war report uses for a victim, beside the people nouns.
_PERSON_NOUNS = frozenset(
    [
        "suspect",
        "shooter",
        "teen",
        "youth",
        "juvenile",
        "son",
        "daughter",
        "father",
        "husband",
        "wife",
        "brother",
        "sister",
        "friend",
        "girlfriend",
        "boyfriend",
        "neighbor",
        "neighbour",
        "relative",
        "cousin",
        "nephew",
        "niece",
        "uncle",
        "aunt",
        "grandmother",
        "grandfather",
        "deputy",
        "clerk",
        "owner",
        "driver",
        "motorist",
        "pedestrian",
        "female",
        "male",
        "adult",
        "resident",
        "homeowner",
        "subject",
    ]
)
_PERSON_WORDS = _PEOPLE_NOUNS | _PERSON_NOUNS
_DEFINITE = frozenset(["a", "an", "one", "the", "this", "that", "another", "his", "her", "their", "its"])
# Verbs whose active subject is the one who harms, not the one harmed.
_HARMING_LEMMAS = frozenset(["kill", "shoot", "wound", "injure", "murder", "stab", "slay", "execute", "hurt", "hit"])


def _one_person(tok: Any, names: set[int]) -> bool:
    """One person told of as such: "a civilian", "the victim", "a 15-year-old", a named person, "he";
    `names` holds the head tokens of the sentence's person names."""
    if tok.tag_ == "PRP":
        return tok.lower_ in ("he", "she", "him", "himself", "herself")  # "... before killing himself"
    if tok.lower_ == "another" and tok.pos_ == "PRON":
        return True  # "found one man dead and another wounded"
    if tok.ent_type_ == "PERSON":
        return tok.i in names and tok.text[:1].isalpha() and tok.text[:1].isupper()
    if tok.tag_ not in ("NN", "NNP", "JJ"):
        return False
    if any(c.lower_ == "unborn" for c in tok.children):
        return False  # "a pregnant woman and her unborn baby": tolls count people born (GVA, ACLED)
    if tok.lower_ == "old" and tok.i >= 2 and {t.lower_ for t in tok.doc[tok.i - 2 : tok.i]} & {"year", "month"}:
        return tok.dep_ in ("nsubj", "nsubjpass", "dobj", "conj", "appos")  # "a 15-year-old has died"
    if tok.tag_ == "JJ" or tok.lemma_ == "force" or (tok.lemma_ not in _PEOPLE_NOUNS | _PERSON_NOUNS):
        return False
    if any((c.lower_ in _DEFINITE and c.dep_ in ("det", "nummod", "poss")) or c.dep_ == "poss" for c in tok.children):
        return True
    # A headline drops the article: "Woman fatally shot", "Teenage boy shot in Durham", "Blast kills teen".
    if tok.tag_ != "NN":
        return False
    if tok.left_edge.i == tok.sent.start and tok.dep_ in ("nsubj", "nsubjpass", "ROOT"):
        return True
    return tok.dep_ == "dobj" and tok.head.lemma_ in _HARMING_LEMMAS


# Nouns of an event that name its victim with "of": "the death of a teenager", "the killing of".
_DEATH_NOUNS = frozenset(["death", "killing", "murder", "slaying", "homicide"])


def _person_kind(tok: Any) -> ClaimKind | None:
    """What one person suffered, told by the clause the person is an argument of: "X was shot dead",
    "X died", "X was found dead", "X, who was wounded", "the death of X". A death told by any of
    them outweighs a wounding ("the girl who was shot has died")."""
    described = [_clause_kind(c) for c in tok.children if c.dep_ in ("relcl", "acl") and not _acts_on_another(c)]
    told = _argument_kind(tok)
    if told is None and any(c.dep_ == "prep" and (_condition_of(c) or _injury_of(c)) for c in tok.children):
        told = ClaimKind.INJURED  # "teen in critical condition", "a man with gunshot wounds"
    if (
        told is None
        and any(c.dep_ == "amod" and c.lower_ in ("injured", "wounded") for c in tok.children)
        and not _DEATH_RE.search(sentence_of(tok).text.lower())
    ):
        told = ClaimKind.INJURED  # "the injured man", "the wounded officer"; not "wounded teen dies"
    kinds = [k for k in (*described, told) if k is not None]
    if ClaimKind.KILLED in kinds:
        return ClaimKind.KILLED
    return kinds[0] if kinds else None


def _argument_kind(tok: Any) -> ClaimKind | None:
    """The harm told by the clause `tok` is the subject or object of, or the event it is "of"."""
    noun = tok
    while noun.dep_ in ("appos", "conj") and noun.head.i != noun.i:
        noun = noun.head
    head = noun.head
    if noun.dep_ in ("nsubj", "nsubjpass", "dobj"):
        return _clause_kind(head)
    if noun.dep_ == "ROOT":
        return next((k for c in noun.children if c.dep_ in ("acl", "relcl") and (k := _clause_kind(c))), None)
    if noun.dep_ == "poss" and head.lemma_.lower() in _DEATH_NOUNS:
        return ClaimKind.KILLED  # "Smith's death"
    if noun.dep_ == "pobj" and head.lower_ == "of":
        event = head.head
        if event.lemma_.lower() in _DEATH_NOUNS:
            return ClaimKind.KILLED  # "the death of a 13-year-old girl"
        if event.lemma_.lower() == "shooting" and _told_fatal(event):
            return ClaimKind.KILLED  # "the fatal shooting of a man"
    return None


def _clause_kind(verb: Any) -> ClaimKind | None:
    """The harm a clause tells of its subject or object: its verb, a predicate ("found dead", "left one
    man dead", "was found shot"), or an injury phrase ("in critical condition")."""
    kind = _harm_kind(verb)
    if kind is not None:
        return kind
    for c in verb.children:
        if _to_death(c):
            return ClaimKind.KILLED  # "beat a student to death"
        if c.dep_ in ("acomp", "oprd", "xcomp", "attr") or (verb.lemma_ == "leave" and c.dep_ in ("advcl", "ccomp")):
            kind = _harm_kind(c)
            if kind is not None:
                return kind
    if verb.pos_ in ("VERB", "AUX") and _injury_phrase(verb):
        return ClaimKind.INJURED
    if (
        verb.lemma_ in _CARE_LEMMAS
        and any(c.dep_ in ("auxpass", "dobj") for c in verb.children)
        and _cared_for(verb, sentence_of(verb).text.lower())
    ):
        # "the boy was taken to a hospital", "she was treated at a hospital"; not "the family rushed to it"
        return ClaimKind.INJURED
    return None


def _only_cared_for(person: Any) -> bool:
    """ "The victim was rushed to a hospital": one told of only as cared for may have died there, so
    counts the wounded only in part, as one told of only as shot does."""
    verb = person.head
    return (
        person.dep_ in ("nsubjpass", "dobj")
        and verb.lemma_ in _CARE_LEMMAS
        and _harm_kind(verb) is None
        and not _injury_phrase(verb)
    )


_REFLEXIVES = frozenset(["himself", "herself", "themselves", "myself", "yourself"])


def _agent(tok: Any) -> bool:
    """The active subject of a verb of harm that has an object or a target ("the man who shot her",
    "a bomber killed 12", "the suspect fired at officers"): the one who harms."""
    head = tok.head
    if tok.dep_ != "nsubj" or head.i == tok.i:
        return False
    if head.lemma_ in _SUFFER_LEMMAS:
        return False  # "she suffered a gunshot wound"
    if any(c.dep_ in ("dobj", "obj") and c.lower_ in _REFLEXIVES for c in head.children):
        return False  # "the boy accidentally shot himself": the one who harms is the one harmed
    # "X shot and wounded two men": the object of a conjoined verb is the subject's target too
    verbs = [head, *(c for c in head.children if c.dep_ == "conj" and c.pos_ == "VERB" and not _own_subject(c))]
    dependents = [c for v in verbs for c in v.children]
    if head.lemma_ in _HARMING_LEMMAS or head.lemma_ == "fire":
        return any(c.dep_ in ("dobj", "obj") or (c.dep_ == "prep" and c.lower_ in ("at", "into")) for c in dependents)
    return any(c.dep_ in ("dobj", "obj") for c in dependents)


#: Where `person_roots` keeps a Doc's person names, in the Doc's own user data.
_PERSONS_KEY = "warwatch.person_roots"


def person_roots(sdoc: Any) -> frozenset[int]:
    """The root tokens of the Doc's PERSON entities, found once per document: `Span.ents` walks
    every entity of the Doc on each call."""
    roots = sdoc.user_data.get(_PERSONS_KEY)
    if roots is None:
        roots = sdoc.user_data[_PERSONS_KEY] = frozenset(e.root.i for e in sdoc.ents if e.label_ == "PERSON")
    return roots


def sentence_claims(sent: Any, doc_id: str, outlet: str | None) -> list[Claim]:
    """Every casualty or humanitarian figure in one sentence, with claimant and hedge."""
    if _tabular(sent):
        return []
    doc = sent.doc
    base = sent.start_char
    text = sent.text
    lower = text.lower()
    cumulative = (
        bool(_CUMULATIVE_RE.search(text))
        or (bool(_SINCE_RE.search(text)) and not _SUPERLATIVE_SINCE_RE.search(text))
        or any(_period_agent(t) for t in sent)
        or bool(_POPULATION_RE.search(text) and _UPROOTED_RE.search(text))
        or bool(_YEAR_RE.search(text))
    )
    claims: list[Claim] = []
    used_nouns: set[int] = set()
    by_noun: dict[int, Claim] = {}
    for amount in find_amounts(text):
        before = set(used_nouns)
        claim = _claim_for(amount, sent, base, lower, doc_id, outlet, cumulative, used_nouns, claims)
        if claim is not None:
            claims.append(claim)
            by_noun.update((i, claim) for i in used_nouns - before)
    _how_part_fared(text, base, claims)
    names = {i for i in person_roots(doc) if sent.start <= i < sent.end}
    for tok in sent:
        # Single victims: "a civilian was killed", "the victim died", "Smith was fatally shot".
        # "killed 17 militants and a child": a person conjoined to a counted noun is one more victim
        if tok.i in used_nouns or (tok.dep_ == "conj" and tok.head.i not in used_nouns) or not _one_person(tok, names):
            continue
        if _agent(tok):
            continue  # "a suicide bomber killed 12 worshippers": the one who does it, not a victim
        if _none_of(tok):
            continue  # "neither officer was hurt", "no customer was injured": no victim
        kind = _person_kind(tok)
        if kind not in (ClaimKind.KILLED, ClaimKind.INJURED):
            continue
        # "A girl and a man were killed": each person named in a conjunction is one more victim.
        people = 1 + sum(
            1 for c in tok.subtree if c.dep_ == "conj" and c.i != tok.i and c.head.i != c.i and _one_person(c, names)
        )
        claimant, hedge = attribution(tok, outlet)
        start = tok.left_edge.idx
        end = tok.idx + len(tok.text)
        # "killing two people, one of them a teenage boy": the boy is one of the two.
        subset = (
            bool(_SUBSET_BEFORE_RE.search(doc_text(doc)[sent.start_char : tok.idx]))
            and any(c.kind == kind for c in claims)
        ) or _among_kind(tok) is not None
        # A person named alone is a floor: one victim of a toll that other sentences may count.
        by_noun[tok.i] = Claim(
            kind,
            _victims(tok),
            people,
            None,
            None,
            hedge,
            claimant,
            cumulative=cumulative,
            partial=subset
            or (kind == ClaimKind.INJURED and (_shot_only(tok) or _only_cared_for(tok)) and not _others(tok)),
            evidence=Evidence(doc_id, start, end, doc_text(doc)[start:end]),
            text=doc_text(doc)[start:end],
        )
        claims.append(by_noun[tok.i])
    claims = _with_conjoined_totals(sent, claims, by_noun)
    claims += _multiple_events(sent, doc_id, outlet, cumulative)
    fatal = _fatal_event(sent)
    if fatal is not None and not any(c.kind == ClaimKind.KILLED for c in claims):
        claimant, hedge = attribution(fatal, outlet)
        start = fatal.idx if fatal.pos_ == "VERB" else fatal.left_edge.idx
        end = fatal.idx + len(fatal.text)
        quote = doc_text(doc)[start:end]
        claims.append(
            Claim(
                ClaimKind.KILLED,
                Victims.UNKNOWN,
                1,
                None,
                None,
                hedge,
                claimant,
                cumulative=cumulative,
                evidence=Evidence(doc_id, start, end, quote),
                text=quote,
            )
        )
    return claims


# "A triple shooting", "a double homicide": news count the victims of one incident in its name.
_MULTIPLES = {"double": 2, "triple": 3, "quadruple": 4, "quintuple": 5}
# Events so counted, and the harm they count: those shot include any who died (a partial count of
# the wounded, as "four people were shot"); a homicide counts the dead.
_COUNTED_EVENTS = {
    "shooting": ClaimKind.INJURED,
    "homicide": ClaimKind.KILLED,
    "murder": ClaimKind.KILLED,
    "killing": ClaimKind.KILLED,
    "slaying": ClaimKind.KILLED,
}


def _multiple_events(sent: Any, doc_id: str, outlet: str | None, cumulative: bool) -> list[Claim]:
    """ "Police are investigating a triple shooting", "charged in a double homicide": the number of
    victims the name of one incident tells."""
    out: list[Claim] = []
    for tok in sent:
        n = _MULTIPLES.get(tok.lower_)
        if n is None or tok.i + 1 >= sent.end:
            continue
        event = tok.doc[tok.i + 2] if tok.doc[tok.i + 1].text == "-" and tok.i + 2 < sent.end else tok.doc[tok.i + 1]
        kind = _COUNTED_EVENTS.get(event.lemma_.lower()) or _COUNTED_EVENTS.get(event.lower_)
        if kind is None:
            continue
        claimant, hedge = attribution(event, outlet)
        start, end = tok.idx, event.idx + len(event.text)
        quote = doc_text(sent.doc)[start:end]
        out.append(
            Claim(
                kind,
                Victims.UNKNOWN,
                n,
                n,
                n,
                hedge,
                claimant,
                cumulative=cumulative,
                partial=kind == ClaimKind.INJURED,
                evidence=Evidence(doc_id, start, end, quote),
                text=quote,
            )
        )
    return out


# Determiners and pronouns that tell of no one: "neither officer", "neither of the brothers", "no one".
_NONE_WORDS = frozenset(["neither", "no", "none", "nobody"])


def _none_of(person: Any) -> bool:
    """ "Neither officer was hurt", "neither of the brothers nor their mother was injured": a person
    told of only to say that no one was harmed."""
    if any(c.dep_ in ("det", "preconj") and c.lower_ in _NONE_WORDS for c in person.children):
        return True
    head = person.head
    return person.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in _NONE_WORDS


#: Tokens at most between a conjoined noun and the start of the next one ("men , and a teenager"):
#: farther apart, the parser has joined a headline to the lead that retells it (set on gva dev).
_CONJ_GAP = 3


def _with_conjoined_totals(sent: Any, claims: list[Claim], by_noun: dict[int, Claim]) -> list[Claim]:
    """ "Three men and a woman were wounded", "a woman and two other men were shot": figures of people
    conjoined under one verb count different people, so they add up to a total of which each is a
    part. Civilians and combatants told apart already add up in the toll, and a floor ("at least 5",
    "several") gives no sum; `by_noun` maps each counted noun to its claim."""
    groups: dict[int, list[int]] = {}
    for i in sorted(by_noun):
        root = sent.doc[i]
        while root.dep_ == "conj" and root.head.i in by_noun and 0 < root.left_edge.i - root.head.i <= _CONJ_GAP:
            root = root.head
        groups.setdefault(root.i, []).append(i)
    parts: dict[int, Claim] = {}
    for members in groups.values():
        group = [by_noun[i] for i in members]
        if (
            len(group) < 2
            or len({c.kind for c in group}) > 1
            or any(c.victims in (Victims.CIVILIANS, Victims.COMBATANTS) for c in group)
            or any(c.partial or c.cumulative or not _exact(c) for c in group)
        ):
            continue
        count = sum(c.best if c.best is not None else 1 for c in group)
        first, last = group[0].evidence, group[-1].evidence
        if first is None or last is None:
            continue
        start, end = first.start, max(first.end, last.start + len(group[-1].text or ""))
        quote = doc_text(sent.doc)[start:end]
        total = replace(
            group[0],
            victims=group[0].victims if len({c.victims for c in group}) == 1 else Victims.UNKNOWN,
            low=count,
            best=count,
            high=count,
            side=None,
            evidence=Evidence(first.doc_id, start, end, quote),
            text=quote,
        )
        parts.update((id(c), replace(c, partial=True)) for c in group)
        claims = [*claims, total]
    return [parts.get(id(c), c) for c in claims]


def _exact(c: Claim) -> bool:
    """A plain figure ("two men", "a woman" told alone), not a floor, a ceiling or a range."""
    if c.best is None:
        return c.low == 1 and c.high is None
    return c.low == c.best == c.high


# Nouns of one violent event that "fatal" or "deadly" makes a death: "a fatal shooting".
_EVENT_NOUNS = frozenset(["shooting", "attack", "stabbing", "shootout", "incident", "assault", "ambush", "bombing"])


def _told_fatal(event: Any) -> bool:
    """ "A fatal shooting", "the deadly attack"; not "a non-fatal shooting"."""
    for c in event.children:
        if c.dep_ == "amod" and c.lower_ in ("fatal", "deadly"):
            before = c.doc[c.i - 2 : c.i].text.lower() if c.i >= 2 else ""
            return not before.replace(" ", "").startswith("non")
    return False


def _fatal_event(sent: Any) -> Any:
    """ "A fatal shooting", "the deadly attack", "the shooting death of", "Hicks died": one event that
    killed at least one person, though no one is counted."""
    for tok in sent:
        if tok.tag_ != "NN" or any(
            c.dep_ == "det" and c.lower_ in ("any", "every", "no", "each") for c in tok.children
        ):
            continue
        if tok.lemma_ in _EVENT_NOUNS and _told_fatal(tok):
            return tok
        if tok.lemma_ == "death" and any(c.lower_ in ("shooting", "gunshot") for c in tok.children):
            return tok
    return _one_died(sent)


# Auxiliaries that tell a death as possible or wished, not as told: "could die", "would have died".
_UNREAL_AUX = frozenset(["could", "would", "might", "may", "should", "must", "can", "will", "'d", "wo", "ca"])


def _one_died(sent: Any) -> Any:
    """ "Hicks died from a gunshot wound", "the teen died Saturday": the verb "die" told of someone
    not counted by a figure (a name the tagger missed, a subject the parse lost) tells one death;
    not "civilians died" (many, uncounted), "no one died" or "could have died". Returns the one who
    died, or the verb when the parse gave it no subject."""
    for tok in sent:
        if tok.lemma_ != "die" or tok.pos_ != "VERB" or tok.tag_ not in ("VBD", "VBZ", "VBN"):
            continue
        if any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in _UNREAL_AUX) for c in tok.children):
            continue
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or not sent.start <= subj.i < sent.end:
            return tok  # a subject the parse took from the line before is none of this sentence's
        if _a_person(subj) and not any(c.lower_ == "no" or c.dep_ == "conj" for c in subj.children):
            return subj
    return None


def _a_person(tok: Any) -> bool:
    """One person: a name (which the tagger often takes for an organisation), "he" or "she", "one", a
    person noun in the singular ("the teen"), "a 15-year-old"; not "the crew", "civilians" or a place."""
    if tok.tag_ == "PRP":
        return tok.lower_ in ("he", "she")
    if tok.tag_ == "NNP":
        return tok.ent_type_ in ("", "PERSON", "ORG")
    if tok.lower_ in ("old", "one"):
        return tok.lower_ == "one" or bool({t.lower_ for t in tok.doc[max(tok.i - 2, 0) : tok.i]} & {"year", "month"})
    return tok.tag_ not in ("NNS", "NNPS") and tok.lemma_.lower() in _PERSON_WORDS


def _how_part_fared(text: str, base: int, claims: list[Claim]) -> None:
    """ "Two men were shot, one fatally": the part is a subset of the figure before it; a fatal part
    is a death, and the rest of the figure the wounded."""
    for m in _HOW_PART_FARED_RE.finditer(text):
        part = next((c for c in claims if c.evidence is not None and c.evidence.start == base + m.start() + 1), None)
        if part is None:
            part = next(
                (c for c in claims if c.evidence is not None and base + m.start() < c.evidence.start < base + m.end()),
                None,
            )
        whole = [c for c in claims if c.evidence is not None and c.evidence.end <= base + m.start() and c is not part]
        if not whole:
            continue
        if part is None:
            # "Five people were shot, two of them fatally": the parser hangs the part on the figure
            # as an apposition that counts no one by itself; the pattern counts it.
            part = _part_claim(m, base, whole[-1])
            if part is None:
                continue
            claims.append(part)
        part.partial = True
        total = whole[-1]
        if m.group("how").lower() not in ("fatally", "mortally") or total.kind != ClaimKind.INJURED:
            continue
        dead = part.low or 0
        part.kind, part.partial = ClaimKind.KILLED, False
        total.partial = False  # the rest of those shot are the wounded, counted whole
        if total.low is not None and total.best is not None and total.best > dead:
            # the rest of those shot were wounded; the figure now counts them
            total.low = total.best = total.high = total.best - dead
        elif total.low is not None and total.low > dead:
            total.low -= dead


def _part_claim(m: re.Match[str], base: int, total: Claim) -> Claim | None:
    """The part a "how part fared" phrase counts, as a claim like the figure it is part of."""
    amount = find_amounts(m.group("num"))
    if not amount or amount[0].low is None or total.evidence is None:
        return None
    start, end = base + m.start("num"), base + m.end("num")
    quote = m.group("num")
    return replace(
        total,
        low=amount[0].low,
        best=amount[0].low,
        high=amount[0].low,
        evidence=Evidence(total.evidence.doc_id, start, end, quote),
        text=quote,
    )


# Nouns that name a whole stretch of fighting: what they "have killed" is a running total.
_PERIOD_NOUNS = frozenset(["war", "conflict", "insurgency", "fighting", "violence", "crisis", "uprising", "campaign"])


# Verbs a running total is told with besides the verbs of harm: "has left 300,000 dead", "has
# claimed the lives of", "has cost".
_TOLL_VERBS = frozenset(["leave", "claim", "cost"])


def _period_agent(verb: Any) -> bool:
    """ "The war has killed more than 12,000 people": a harm verb whose subject is the war itself."""
    if verb.pos_ != "VERB" or (verb.lemma_.lower() not in _KIND_LEMMAS and verb.lemma_ not in _TOLL_VERBS):
        return False
    if not any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children):
        return False
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is not None and subj.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
        subj = verb.head  # "a conflict which has killed 300,000 people"
    return subj is not None and subj.lemma_.lower() in _PERIOD_NOUNS


#: The US emergency number, which crime news quotes often and which never counts victims there.
_EMERGENCY_NUMBER = "911"
# "No one was hurt": the "one" after "no" counts no one.
_NO_ONE_RE = re.compile(r"\bno\s$", re.IGNORECASE)


def _perfect(noun: Any) -> bool:
    """Whether the verb that tells what befell `noun` is in the present perfect ("have been killed",
    "has bombed the province, killing")."""
    cur = noun
    for _ in range(5):
        if cur.pos_ in ("VERB", "AUX") and any(
            c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in ("VBP", "VBZ") for c in cur.children
        ):
            return True
        if cur.head.i == cur.i:
            break
        cur = cur.head
    return False


def _partial_conjunct(noun: Any) -> bool:
    """ "23 people including four children and three women": a noun conjoined to a part is a part too."""
    first = noun
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    if first is noun:
        return False
    start = first.left_edge.idx
    return bool(_PARTIAL_RE.search(doc_text(noun.doc)[max(first.sent.start_char, start - 25) : start]))


def _named_before(num: Any) -> bool:
    """ "Alex Smith, 24,", "Boy, 2, shoots himself": a number set off by commas after a name or a
    person noun, which the parser may hang on the noun or on the verb after it."""
    before = num.doc[num.i - 2]
    return num.head.pos_ in ("PROPN", "NOUN") or before.pos_ == "PROPN" or before.lemma_.lower() in _PERSON_WORDS


def _claim_for(
    amount: Amount,
    sent: Any,
    base: int,
    lower: str,
    doc_id: str,
    outlet: str | None,
    cumulative: bool,
    used_nouns: set[int],
    earlier: list[Claim],
) -> Claim | None:
    doc = sent.doc
    start, end = base + amount.start, base + amount.end
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    if amount.text == _EMERGENCY_NUMBER:
        return None  # "called 911", "911 dispatchers": the emergency line, no count
    if _NO_ONE_RE.search(doc_text(doc)[max(sent.start_char, start - 3) : start]):
        return None  # "no one was hurt": no one counted
    num = next(
        (
            t
            for t in reversed(span)
            if t.like_num
            or t.lower_ in ("dozens", "hundreds", "thousands", "tens", "scores", "dozen", "several", "many")
        ),
        span[-1],
    )
    while num.dep_ == "conj" and num.head.like_num and num.head.i < num.i:
        num = num.head  # "between 12 and 15 people": the range counts what its first figure counts
    noun = _counted_noun(num)
    cut_state = None
    if not sent.start <= noun.i < sent.end:
        # "Shooting leaves 4 dead\n\nNeighbors said", "killed 2, injured 5\n\nPhoto", "News 12\n\nPolice
        # said": a parse run over a paragraph break joins no figure to a noun; the figure counts only
        # by a state word right beside it.
        cut_state = next(
            (w for t in num.doc[max(num.i - 1, sent.start) : min(num.i + 2, sent.end)] if (w := _state_word(t))),
            None,
        )
        if cut_state is None:
            return None
        noun = num
    if noun is num and num.i > 1 and num.doc[num.i - 1].text == "," and _named_before(num):
        after_num = num.doc[num.i + 1] if num.i + 1 < len(num.doc) else None
        if after_num is None or after_num.is_punct or after_num.pos_ in ("AUX", "VERB"):
            # "Alex Smith, 24, was shot", "Fred Lee, 70; ...", "... and Ann Cole, 32 were treated": an age,
            # not a count
            return None
    # "Four People Shot in Park": a headline's verb taken for a name, its capitals kept in the lemma
    subject_state = (
        _state_word(noun.head)
        if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.pos_ not in ("VERB", "AUX")
        else None
    )
    if (
        _noun_lemma(noun) not in _PEOPLE_NOUNS | _PERSON_NOUNS
        and subject_state is None
        and noun.pos_ not in ("NUM",)
        and noun.lemma_
        not in (
            "death",
            "fatality",
            "casualty",
            "body",
            "life",
            "those",
            "toll",
            "dozen",
            "hundred",
            "thousand",
            "ten",
            "score",
        )
    ) and not (noun == num or _harm_kind(noun.head) is not None or _state_word(noun) is not None):
        return None
    if noun.lemma_.lower() in _NOT_VICTIMS and _state_word(noun) is None:
        return None  # "three counts of murder", "fired 12 rounds", "shot three times"
    state = _state_word(noun) if noun is not num and num.dep_ == "nummod" and num.i < noun.i else None
    state = state or subject_state or cut_state
    if state is not None:
        kind: ClaimKind | None = _STATE_WORDS[state]  # "left 3 dead", "5 wounded", "4 Shot"
    elif noun is num and num.pos_ == "NUM":
        kind = _bare_kind(num)
    else:
        kind = _kind_for(noun, lower)
    if kind is None:
        return None
    used_nouns.add(noun.i)
    victims = _victims(noun)
    if victims == Victims.UNKNOWN and noun.lemma_ not in _PEOPLE_NOUNS:
        # "70 regime and rebel fighters": the figure counts the people its conjoined noun names
        victims = next((_victims(c) for c in noun.children if c.dep_ == "conj" and c.lemma_ in _PEOPLE_NOUNS), victims)
    # "12 people, all of them civilians": people named civilians right after them in their own sentence
    if (
        victims == Victims.UNKNOWN
        and noun.lemma_ in ("people", "person")
        and re.search(r"\bcivilians?\b", near := doc_text(doc)[noun.idx : min(noun.idx + 40, sent.end_char)].lower())
        and not _MOSTLY_CIVILIANS_RE.search(near)
    ):
        victims = Victims.CIVILIANS
    side = None
    if victims == Victims.COMBATANTS:
        side = " ".join(t.text for t in noun.lefts if t.dep_ in ("compound", "amod") and t.pos_ == "PROPN") or None
    before = doc_text(doc)[max(sent.start_char, start - 25) : start]
    after = doc_text(doc)[end : min(sent.end_char, end + 20)]
    # "two people, one of them a boy" counts part of an earlier toll; "hundreds protesting,
    # killing 12 of them" counts part of a crowd, which is no toll: then the figure is whole.
    subset = bool(_SUBSET_AFTER_RE.match(after)) and (
        any(c.kind == kind for c in earlier) or not re.match(r"\s+of (?:them|whom)\b", after, re.IGNORECASE)
    )
    partial = bool(_PARTIAL_RE.search(before)) or subset or _among_kind(noun) is not None or _partial_conjunct(noun)
    partial = partial or (kind == ClaimKind.INJURED and (_shot_only(noun) or state == "shot") and not _others(noun))
    claimant, hedge = attribution(num, outlet)
    # "Hundreds have been killed in raids on the valley": a vague amount told in the perfect
    # with no day is a running total, not the toll of one attack.
    running = amount.vague and (amount.low or 0) >= VAGUE_LOWS["tens"] and _perfect(noun) and not _DAY_RE.search(lower)
    return Claim(
        kind=kind,
        victims=victims,
        low=amount.low,
        best=amount.best,
        high=amount.high,
        hedge=hedge,
        claimant=claimant,
        side=side,
        cumulative=cumulative or running,
        partial=partial,
        evidence=Evidence(doc_id, start, end, doc_text(doc)[start:end]),
        text=doc_text(doc)[start : max(end, noun.idx + len(noun.text)) if noun.i >= num.i else end],
    )
