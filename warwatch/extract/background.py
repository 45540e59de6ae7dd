"""Background: trigger words that tell of no incident, however violent they sound.

    is_generic(tok)            -> bool   "grenade attacks were common", "any battle", "gangs that kidnap"
    is_participant_noun(tok)   -> bool   "protesters", "demonstrators": people, not an event
    off_domain(sdoc)           -> bool   a sports, business, weather or culture story
    is_figurative(tok, ...)    -> bool   a violent word used of prices, goals or heat
    recalled_clause(tok)       -> token  "the shooting comes a week after a gunman killed three"

An ACLED coder codes what happened, somewhere, at some time. A statement about a kind of
event (a bare plural with a stative or habitual predicate, a quantified "any" or "every"),
a description of a group by what it habitually does, and the vocabulary of violence used
in a football report or a price war are not incidents. Old events recalled as background
are left out in `assemble`, which knows the dates.
"""

from __future__ import annotations

import re
from typing import Any

from .sentences import doc_text

# Determiners that quantify over a kind of event instead of naming one.
_GENERIC_DETERMINERS = frozenset(["any", "every", "each", "such", "no"])
# Predicates that describe how frequent or usual a kind of event is.
_STATIVE_PREDICATES = frozenset(
    ["common", "rare", "frequent", "routine", "commonplace", "widespread", "uncommon", "unusual", "familiar"]
)
_HABITUAL_ADVERBS = frozenset(
    ["often", "usually", "regularly", "frequently", "routinely", "sometimes", "typically", "generally", "repeatedly"]
)
_TIME_UNITS = frozenset(["day", "week", "month", "year", "decade"])
# Words that name people taking part in a protest rather than the protest itself.
_PARTICIPANT_NOUNS = frozenset(["protester", "demonstrator", "marcher", "picketer"])

#: Vocabulary of stories that borrow the words of war. A document is off-domain when it uses
#: at least OFF_DOMAIN_MIN_WORDS distinct words of one such domain and more of them than of
#: conflict words (calibrated on the sample corpus: sports, telecom and weather stories use
#: 5-10 domain words and at most 2 conflict words; the conflict stories use at most 2 domain words).
OFF_DOMAIN_MIN_WORDS = 4
_DOMAINS: dict[str, frozenset[str]] = {
    "sport": frozenset(
        [
            "match",
            "derby",
            "goal",
            "striker",
            "stadium",
            "half-time",
            "penalty",
            "coach",
            "league",
            "cup",
            "season",
            "fan",
            "club",
            "player",
            "team",
            "tournament",
            "championship",
            "referee",
            "whistle",
            "midfielder",
            "defender",
            "goalkeeper",
            "scorer",
            "kick-off",
            "final",
            "score",
            "cross",
            "header",
            "tackle",
            "winger",
            "football",
            "soccer",
            "cricket",
            "rugby",
            "tennis",
            "game",
        ]
    ),
    "business": frozenset(
        [
            "market",
            "price",
            "profit",
            "share",
            "shareholder",
            "revenue",
            "operator",
            "subscriber",
            "tariff",
            "investor",
            "earnings",
            "quarterly",
            "bundle",
            "customer",
            "auction",
            "licence",
            "license",
            "company",
            "sector",
            "analyst",
            "stock",
            "dividend",
            "sale",
            "retailer",
            "brand",
            "percent",
            "inflation",
            "currency",
            "bank",
        ]
    ),
    "weather": frozenset(
        [
            "temperature",
            "celsius",
            "fahrenheit",
            "forecast",
            "forecaster",
            "heatwave",
            "heat",
            "humidity",
            "rain",
            "rainfall",
            "storm",
            "dust",
            "wind",
            "degree",
            "meteorological",
            "weather",
            "cloud",
            "sunshine",
            "drought",
            "climate",
        ]
    ),
    "culture": frozenset(
        [
            "film",
            "documentary",
            "director",
            "footage",
            "screen",
            "scene",
            "audience",
            "premiere",
            "festival",
            "cinema",
            "novel",
            "album",
            "review",
            "critic",
            "actor",
            "actress",
            "episode",
            "series",
            "camera",
            "narrative",
            "soundtrack",
        ]
    ),
}
_CONFLICT_WORDS = frozenset(
    [
        "soldier",
        "troop",
        "militant",
        "rebel",
        "army",
        "militia",
        "insurgent",
        "fighter",
        "gunman",
        "civilian",
        "casualty",
        "weapon",
        "bomb",
        "bomber",
        "police",
        "policeman",
        "officer",
        "military",
        "jihadist",
        "terrorist",
        "commander",
        "artillery",
        "explosive",
        "wounded",
        "hostage",
        "ceasefire",
    ]
)
# Agents and patients that cannot fight, be bombed or be killed in the literal sense.
_ABSTRACT_NOUNS = frozenset(
    [
        "price",
        "tariff",
        "profit",
        "share",
        "heat",
        "temperature",
        "weather",
        "contest",
        "competition",
        "customer",
        "subscriber",
    ]
)


def _det(tok: Any) -> str | None:
    return next((c.lower_ for c in tok.children if c.dep_ in ("det", "predet")), None)


def is_generic(tok: Any) -> bool:
    """A trigger that names a kind of event, or what a group habitually does, rather than one event."""
    if _det(tok) in _GENERIC_DETERMINERS:
        return True
    head = tok.head
    if tok.dep_ == "pobj" and head.head.pos_ == "NOUN":
        owner = head.head
        if _det(owner) in _GENERIC_DETERMINERS:
            return True  # "every pause in the fighting"
        if head.lower_ == "of" and owner.lemma_ in _TIME_UNITS and owner.tag_ == "NNS":
            return True  # "after months of protests": a campaign, not an incident
    if tok.pos_ in ("NOUN", "PROPN") and tok.tag_ in ("NNS", "NNPS") and _det(tok) is None:
        # "Grenade attacks were common in the city": a bare plural with a stative predicate.
        if tok.dep_ in ("nsubj", "nsubjpass") and (
            any(c.lemma_ in _STATIVE_PREDICATES for c in head.subtree if c.dep_ in ("acomp", "attr", "conj"))
        ):
            return True
        if tok.dep_ in ("dobj", "nsubj") and any(c.lower_ in _HABITUAL_ADVERBS for c in head.children):
            return True  # "the group often carries out bombings"
    if tok.dep_ == "relcl" and tok.tag_ in ("VBZ", "VBP", "NN"):
        return True  # "gangs that kidnap for ransom" (the small model often tags such a verb as a noun)
    if tok.pos_ == "VERB":
        if any(c.lower_ in _HABITUAL_ADVERBS for c in tok.children):
            return True
        if tok.dep_ == "relcl" and tok.tag_ in ("VBZ", "VBP"):
            return True  # "gangs that kidnap for ransom"
        if (
            tok.dep_ == "relcl"
            and tok.tag_ == "VBG"
            and any(c.dep_ == "aux" and c.lower_ in ("is", "are") for c in tok.children)
        ):
            return True  # "al-Shabaab, which is fighting to overthrow the government"
    return False


def is_participant_noun(tok: Any) -> bool:
    """ "Protesters", "demonstrators": people who take part in an event, not the event itself."""
    return tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in _PARTICIPANT_NOUNS


def is_modifier_noun(tok: Any) -> bool:
    """A trigger that only classifies another noun: "protest camp", "protest movement", "detained leader"."""
    if tok.dep_ == "compound" and tok.pos_ in ("NOUN", "PROPN"):
        return tok.head.pos_ in ("NOUN", "PROPN")
    return is_attributive(tok)


def is_attributive(tok: Any) -> bool:
    """A participle used as an adjective before its noun ("the detained leader", "a besieged town"):
    it describes a state the noun is in, told as background, not an event the sentence reports."""
    return tok.tag_ == "VBN" and tok.dep_ == "amod" and tok.i < tok.head.i and tok.head.pos_ in ("NOUN", "PROPN")


def _lemmas(sdoc: Any) -> set[str]:
    return {t.lemma_.lower() for t in sdoc if t.is_alpha or "-" in t.text}


def off_domain(sdoc: Any) -> str | None:
    """The domain ("sport", "business", "weather", "culture") of a story that borrows the words of
    war, or None for a story on the conflict beat."""
    lemmas = _lemmas(sdoc)
    conflict = len(lemmas & _CONFLICT_WORDS)
    return next(
        (
            name
            for name, words in _DOMAINS.items()
            if len(found := lemmas & words) >= OFF_DOMAIN_MIN_WORDS and len(found) > conflict
        ),
        None,
    )


#: Domains whose stories tell violence as the content of a work (a film, a book, an exhibition):
#: even a named weapon there is told, not reported.
NARRATED_DOMAINS = frozenset({"culture"})

# A story told on the occasion of an old event: an anniversary or a commemoration.
_COMMEMORATION_LEMMAS = frozenset(["anniversary", "commemorate", "commemoration", "memorial"])
_COMMEMORATION = re.compile(r"(?i)\b(?:marked|marks|marking|mark)\b[^.]{0,30}\b(?:years?|anniversary)\b")


def commemorative(sdoc: Any) -> bool:
    """Whether a story is told on an anniversary or a commemoration ("marked 35 years since the attack"):
    its bare references to "the attack" are the remembered event, not a new one."""
    return bool(_COMMEMORATION.search(doc_text(sdoc))) and any(t.lemma_.lower() in _COMMEMORATION_LEMMAS for t in sdoc)


# A story's harm set after an earlier one: "the shooting comes a week after ...", "the attack follows ...".
_SEQUEL_VERBS = frozenset(["come", "follow"])
# The words that link the story's harm to the earlier one: "comes after", "came as", "amid", "in the wake of".
_SEQUEL_LINKS = frozenset(["after", "as", "amid", "wake", "heels"])
# Prepositions that set the story's harm beside another only to compare them ("unlike the attacks of
# July"); "since" does so only after a superlative ("the deadliest since the 2012 bombing"), for "on the
# run since the slaying" counts from the story's own harm.
_COMPARISON_PREPOSITIONS = frozenset(["unlike"])
# Words that rank like a superlative: "the first killing since", "the only attack since".
_RANKING_WORDS = frozenset(["first", "last", "only"])
# Nouns that name the story's own harm as the subject of such a verb.
_HARM_SUBJECTS = frozenset(
    [
        "shooting",
        "attack",
        "killing",
        "slaying",
        "homicide",
        "murder",
        "rampage",
        "massacre",
        "stabbing",
        "ambush",
        "incident",
        "death",
        "violence",
        "gunfire",
    ]
)


def recalled_clause(tok: Any) -> Any | None:
    """The phrase that tells an earlier harm beside the story's own, when the trigger lies in one:
    "The shooting comes a week after a gunman killed three people downtown", "the attack came amid a
    wave of robberies", "the slaying follows two others this month". Its subject is the story's harm;
    the earlier one is recalled as background and carries no report of its own; so is a harm told only to
    compare ("unlike the attacks that killed five officers in July", "the worst since the May 2 bombing").
    Returns the phrase's
    head token (its subtree is the recalled phrase), or None."""
    child = tok
    for anc in tok.ancestors:
        if anc.dep_ == "prep" and (anc.lower_ in _COMPARISON_PREPOSITIONS or _ranked_since(anc)):
            return anc  # "unlike the attacks that killed five officers in July, ..."
        if anc.lemma_ in _SEQUEL_VERBS and anc.pos_ in ("VERB", "AUX"):
            subject = next((c for c in anc.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None or subject.lemma_.lower() not in _HARM_SUBJECTS or child.dep_.startswith("nsubj"):
                return None
            linked = any(t.lower_ in _SEQUEL_LINKS for t in child.subtree if t.i <= tok.i)
            return child if linked or (anc.lemma_ == "follow" and child.dep_ == "dobj") else None
        child = anc
    return None


def _ranked_since(prep: Any) -> bool:
    """ "the deadliest day since ...", "the most violent day since ...", "the first killing since ...": a
    "since" that ranks the story's harm against an earlier one."""
    head = prep.head
    return prep.lower_ == "since" and any(
        t.tag_ in ("JJS", "RBS") or t.lemma_.lower() in _RANKING_WORDS or any(c.tag_ == "RBS" for c in t.children)
        for t in [head, *head.children]
        if t.i < prep.i
    )


def _abstract(tok: Any) -> bool:
    """A price, a goal or the weather; not a word of a name (a station's name in a headline's suffix, that
    the parse of the headline hangs on a verb)."""
    return tok.lemma_.lower() in _ABSTRACT_NOUNS and not (tok.pos_ == "PROPN" and tok.ent_type_)


def is_figurative(tok: Any) -> bool:
    """A violent verb or noun whose agent, patient or purpose is a price, a goal or the weather."""
    related = [tok, *tok.children]
    if tok.head != tok:
        related += [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
    for t in related:
        if t == tok:
            continue
        if _abstract(t) and t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "agent"):
            return True
        if t.dep_ in ("prep", "agent") and any(_abstract(g) for g in t.children):
            return True  # "a battle for market share", "killed by the new tariffs"
    return bool(re.fullmatch(r"(?i)bombard(?:ed|ing)?", tok.text)) and any(c.lower_ == "with" for c in tok.children)
