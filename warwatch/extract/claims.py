"""Claims: casualty and humanitarian figures, who gives them and how firmly.

    sentence_claims(sent, doc_id, outlet) -> list[Claim]     every figure of one spaCy sentence
    attribution(tok, outlet)              -> (claimant, hedge) for a trigger or figure token

A figure is an amount phrase (warwatch.numbers) attached through the parse to a
noun of victims ("civilians", "people", "soldiers") and to a verb or noun of harm
("killed", "dead", "wounded", "trapped"). Single victims ("a civilian was killed")
count one. The claimant is the subject of the speech verb that governs the figure
("said", "told", "reported", "according to"); the outlet itself when none does.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

from ..models import Claim, ClaimKind, Evidence, Hedge, Victims
from ..numbers import Amount, find_amounts
from .sentences import sentence_of

_KIND_LEMMAS: dict[str, ClaimKind] = {
    **dict.fromkeys(
        [
            "kill",
            "die",
            "dead",
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
_CARE_LEMMAS = frozenset(["treat", "admit", "hospitalize", "hospitalise", "rush", "take", "evacuate"])
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
    ]
)
_CHILD_NOUNS = frozenset(
    ["child", "kid", "boy", "girl", "minor", "infant", "baby", "teenager", "toddler", "schoolchild"]
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
    ]
)
_PEOPLE_NOUNS = (
    frozenset(["people", "person", "man", "body", "individual", "victim", "casualty"])
    | _CIVILIAN_NOUNS
    | (_CHILD_NOUNS | _WOMEN_NOUNS | _COMBATANT_NOUNS)
)
_SPEECH_LEMMAS = frozenset(
    [
        "say",
        "tell",
        "report",
        "claim",
        "state",
        "announce",
        "confirm",
        "add",
        "allege",
        "deny",
        "insist",
        "note",
        "estimate",
        "quote",
        "reveal",
        "write",
        "warn",
        "accuse",
        "document",
        "record",
        "put",
        "tweet",
        "post",
    ]
)
_CUMULATIVE_RE = re.compile(
    r"\bsince then\b|\bsince (?:the )?(?:start|beginning|launch|offensive|war|conflict|operation|uprising|campaign"
    r"|january|february|march|april|may|june|july|august|september|october|november|december|\d{4})"
    r"|\bthis year\b|\bso far\b"
    r"|\bin total\b|\bto date\b|\bover the (?:past|last) (?:\w+ )?(?:weeks|months|years)\b|\bin the war\b"
    r"|\bsince it began\b|\bthroughout the\b|\boverall\b|\bcumulative"
    r"|\bsince\b[^,.;]{0,40}\b(?:began|begun|started|broke out|erupted)\b",
    re.IGNORECASE,
)
_PARTIAL_RE = re.compile(
    r"\b(?:including|among them|among whom|of whom|of them|among the (?:dead|victims|killed))\s*$", re.IGNORECASE
)
# "five of them children", "one of whom was a boy": a figure that counts part of another.
_SUBSET_AFTER_RE = re.compile(r"\s+of (?:them|whom|those|the (?:dead|victims|wounded|injured))\b", re.IGNORECASE)
# "..., one of them a boy", "of whom two were children": a victim named as part of an earlier figure.
_SUBSET_BEFORE_RE = re.compile(
    r"\b(?:of (?:them|whom)|among them|including)\b[\s,]*(?:\w+\s+){0,2}(?:(?:was|were|is|are)\s+)?$", re.IGNORECASE
)
_HEDGE_WORDS: dict[str, Hedge] = {
    "alleged": Hedge.ALLEGED,
    "allegedly": Hedge.ALLEGED,
    "allege": Hedge.ALLEGED,
    "believe": Hedge.BELIEVED,
    "believed": Hedge.BELIEVED,
    "think": Hedge.BELIEVED,
    "suspect": Hedge.BELIEVED,
    "suspected": Hedge.BELIEVED,
    "presumably": Hedge.BELIEVED,
    "likely": Hedge.BELIEVED,
    "claim": Hedge.CLAIMED,
    "reportedly": Hedge.UNCONFIRMED,
    "unconfirmed": Hedge.UNCONFIRMED,
    "purportedly": Hedge.UNCONFIRMED,
    "apparently": Hedge.UNCONFIRMED,
    "deny": Hedge.DENIED,
    "dispute": Hedge.DISPUTED,
}
# Modals that tell a figure or an event as possible rather than known.
_POSSIBILITY_MODALS = frozenset(["could", "may", "might"])
#: Hedges ranked by how much doubt they carry; the strongest found in a clause wins.
_HEDGE_RANK = [
    Hedge.ASSERTED,
    Hedge.ATTRIBUTED,
    Hedge.CLAIMED,
    Hedge.BELIEVED,
    Hedge.UNCONFIRMED,
    Hedge.ALLEGED,
    Hedge.DISPUTED,
    Hedge.DENIED,
]


def _speech_verb(tok: Any) -> Any:
    """The speech verb that governs `tok`, or one that the trigger's sentence hangs on."""
    cur = tok
    for _ in range(8):
        if cur.lemma_ in _SPEECH_LEMMAS and cur.pos_ in ("VERB", "AUX") and cur != tok:
            return cur
        if cur.head == cur:
            break
        cur = cur.head
    # "..., the ministry said." parses with the speech verb as a child of the root (parataxis/ccomp).
    root = sentence_of(tok).root
    for c in root.children:
        if c.lemma_ in _SPEECH_LEMMAS and c.dep_ in ("parataxis", "advcl", "ccomp", "conj") and c.i > tok.i:
            return c
    if root.lemma_ in _SPEECH_LEMMAS and root != tok:
        return root
    return None


def _according_to(sent: Any) -> Any:
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            pobj = next((g for g in t.doc[t.i + 1].children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    return None


def _according_to_near(tok: Any) -> Any:
    """ "An air strike killed five civilians, according to the civil defence, while the monitors said
    12 died": an "according to" on the figure's own clause names its source, before any speaker the
    rest of the sentence quotes."""
    cur = tok
    for _ in range(6):
        for c in cur.children:
            if c.lower_ == "according":
                to = next((g for g in c.children if g.lower_ == "to"), c)
                pobj = next((g for g in to.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        if cur != tok and cur.lemma_ in _SPEECH_LEMMAS and cur.pos_ in ("VERB", "AUX"):
            return None
        if cur.head == cur:
            break
        cur = cur.head
    return None


def _phrase(tok: Any, limit: int = 10) -> str:
    left = max(tok.left_edge.i, tok.i - limit)
    right = tok.i
    for c in tok.rights:
        if c.dep_ in ("relcl", "punct", "cc", "conj", "advcl", "acl") or c.lower_ in ("who", "which", "that"):
            break
        right = min(c.right_edge.i, tok.i + limit)
    return tok.doc[left : right + 1].text.strip(" ,")


def attribution(tok: Any, outlet: str | None) -> tuple[str | None, Hedge]:
    """(claimant, hedge) of a trigger or figure token."""
    claimant: str | None = None
    hedge = Hedge.ASSERTED
    near = _according_to_near(tok)
    verb = _speech_verb(tok) if near is None else None
    if near is not None:
        claimant, hedge = _phrase(near), Hedge.ATTRIBUTED
    elif verb is not None:
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and tok in subj.subtree:
            # A figure misparsed into the speaker's subject: the speaker is the conjunct after it.
            subj = next(
                (
                    c
                    for c in subj.subtree
                    if c.dep_ == "conj" and c.i > tok.i and not any(g.like_num for g in c.subtree)
                ),
                None,
            )
        if subj is not None and subj.lower_ not in ("it", "he", "she", "they", "which", "who"):
            claimant = _phrase(subj)
        elif subj is not None:
            claimant = subj.text
        hedge = Hedge.ATTRIBUTED
        if verb.lemma_ in ("claim", "allege", "deny", "accuse"):
            hedge = _HEDGE_WORDS.get(verb.lemma_, Hedge.CLAIMED)
    else:
        pobj = _according_to(sentence_of(tok))
        if pobj is not None:
            claimant, hedge = _phrase(pobj), Hedge.ATTRIBUTED
    for w in _hedge_scope(tok):
        h = _HEDGE_WORDS.get(w.lower_) or _HEDGE_WORDS.get(w.lemma_)
        if h is None and w.tag_ == "MD" and w.lower_ in _POSSIBILITY_MODALS:
            h = Hedge.BELIEVED  # "the toll could rise to 300": a figure told as possible
        if h is None or (h == Hedge.CLAIMED and w.pos_ == "NOUN"):
            continue
        if h == Hedge.BELIEVED and w.lemma_ == "think" and w.pos_ != "VERB":
            continue
        if _HEDGE_RANK.index(h) > _HEDGE_RANK.index(hedge):
            hedge = h
    if re.search(
        r"could not (?:be )?(?:independently )?(?:verif|confirm)|unverified", sentence_of(tok).text, re.IGNORECASE
    ):
        hedge = max(hedge, Hedge.UNCONFIRMED, key=_HEDGE_RANK.index)
    return claimant or outlet, hedge


def _hedge_scope(tok: Any) -> list[Any]:
    """Tokens whose hedging reaches `tok`: its modifiers, and its heads with their modifiers."""
    out = list(tok.children)
    for subj in (c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")):
        out += [c for c in subj.children if c.dep_ in ("amod", "advmod")]
    cur = tok
    for _ in range(4):
        if cur.head == cur:
            break
        cur = cur.head
        out.append(cur)
        out += [c for c in cur.children if c.dep_ in ("advmod", "amod", "aux", "auxpass", "acomp", "neg")]
        # "alleged strikes killed ...": a hedge on the subject reaches what the verb tells.
        for subj in (c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass") and c != tok):
            out += [c for c in subj.children if c.dep_ in ("amod", "advmod")]
    return out


def _victims(noun: Any) -> Victims:
    lemma = noun.lemma_.lower()
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
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_ in _PEOPLE_NOUNS | {"those"}:
                return pobj
    return tok


def _toll_figure(noun: Any) -> bool:
    """ "Put the toll at 26", "the toll could rise to 300", "the toll could be as high as 42":
    the figure a clause sets a toll at."""
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


def _kind_for(noun: Any, sent_lower: str) -> ClaimKind | None:
    """The kind of harm a victims noun suffered, from the words that govern or modify it."""
    for c in noun.children:
        k = _KIND_LEMMAS.get(c.lemma_.lower())
        if k is not None and c.dep_ in ("acl", "amod", "relcl", "appos"):
            return k
    if noun.dep_ == "dobj" and any(
        c.dep_ == "prep" and c.lower_ == "to" and any(g.lemma_ == "death" for g in c.children)
        for c in noun.head.children
    ):
        return ClaimKind.KILLED  # "beat a student to death"
    if _toll_figure(noun):
        return ClaimKind.KILLED
    cur = noun
    for _ in range(5):
        k = _KIND_LEMMAS.get(cur.lemma_.lower())
        if k is not None and cur != noun:
            return k
        if cur.lemma_ in _CARE_LEMMAS and any(
            c.dep_ == "prep"
            and c.lower_ in ("for", "with")
            and any(g.lemma_ in ("injury", "wound") for g in c.children)
            for c in cur.children
        ):
            return ClaimKind.INJURED  # "25 people were being treated in hospital for injuries"
        for c in cur.children:
            if (
                c.dep_ in ("acomp", "oprd", "xcomp", "attr", "advmod")
                and c.lemma_.lower() in _KIND_LEMMAS
                and c != noun
            ):
                return _KIND_LEMMAS[c.lemma_.lower()]
        if cur.head == cur:
            break
        cur = cur.head
    if noun.lemma_ in ("death", "fatality", "casualty", "body", "life", "toll"):
        return _KIND_LEMMAS[noun.lemma_]
    return _object_left_without_verb(noun)


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
    figures = [t for t in sent if t.like_num and not t.is_alpha and t.ent_type_ not in ("DATE", "TIME")]
    return any(b.i == a.i + 1 for a, b in pairwise(figures))


def sentence_claims(sent: Any, doc_id: str, outlet: str | None) -> list[Claim]:
    """Every casualty or humanitarian figure in one sentence, with claimant and hedge."""
    if _tabular(sent):
        return []
    doc = sent.doc
    base = sent.start_char
    text = sent.text
    lower = text.lower()
    cumulative = bool(_CUMULATIVE_RE.search(text)) or any(_period_agent(t) for t in sent)
    claims: list[Claim] = []
    used_nouns: set[int] = set()
    for amount in find_amounts(text):
        claim = _claim_for(amount, sent, base, lower, doc_id, outlet, cumulative, used_nouns, claims)
        if claim is not None:
            claims.append(claim)
    for tok in sent:
        # Single victims: "a civilian was killed", "a policeman was wounded".
        if tok.i in used_nouns or tok.lemma_ not in _PEOPLE_NOUNS or tok.tag_ not in ("NN", "NNP"):
            continue
        if not any(c.lower_ in ("a", "an", "one") and c.dep_ in ("det", "nummod") for c in tok.children):
            continue
        if tok.dep_ == "nsubj" and any(c.dep_ in ("dobj", "obj") for c in tok.head.children):
            continue  # "a suicide bomber killed 12 worshippers": the one who does it, not a victim
        kind = _kind_for(tok, lower)
        if kind not in (ClaimKind.KILLED, ClaimKind.INJURED):
            continue
        claimant, hedge = attribution(tok, outlet)
        start = tok.left_edge.idx
        end = tok.idx + len(tok.text)
        # "killing two people, one of them a teenage boy": the boy is one of the two.
        subset = bool(_SUBSET_BEFORE_RE.search(doc.text[sent.start_char : tok.idx])) and any(
            c.kind == kind for c in claims
        )
        claims.append(
            Claim(
                kind,
                _victims(tok),
                1,
                1,
                1,
                hedge,
                claimant,
                cumulative=cumulative,
                partial=subset,
                evidence=Evidence(doc_id, start, end, doc.text[start:end]),
                text=doc.text[start:end],
            )
        )
    return claims


# Nouns that name a whole stretch of fighting: what they "have killed" is a running total.
_PERIOD_NOUNS = frozenset(["war", "conflict", "insurgency", "fighting", "violence", "crisis", "uprising", "campaign"])


def _period_agent(verb: Any) -> bool:
    """ "The war has killed more than 12,000 people": a harm verb whose subject is the war itself."""
    return (
        verb.pos_ == "VERB"
        and verb.lemma_.lower() in _KIND_LEMMAS
        and any(c.dep_ == "nsubj" and c.lemma_.lower() in _PERIOD_NOUNS for c in verb.children)
        and any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
    )


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
    num = next(
        (
            t
            for t in reversed(span)
            if t.like_num
            or t.lower_ in ("dozens", "hundreds", "thousands", "tens", "scores", "dozen", "several", "many")
        ),
        span[-1],
    )
    noun = _counted_noun(num)
    if (
        noun.lemma_ not in _PEOPLE_NOUNS
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
    ) and not (noun == num or noun.head.lemma_ in _KIND_LEMMAS):
        return None
    kind = _kind_for(noun, lower)
    if kind is None and noun is num:
        kind = _kind_for(num, lower)
    if kind is None:
        return None
    used_nouns.add(noun.i)
    victims = _victims(noun)
    if (
        victims == Victims.UNKNOWN
        and noun.lemma_ in ("people", "person")
        and re.search(r"\bcivilians?\b", doc.text[noun.idx : noun.idx + 40].lower())
    ):
        victims = Victims.CIVILIANS
    side = None
    if victims == Victims.COMBATANTS:
        side = " ".join(t.text for t in noun.lefts if t.dep_ in ("compound", "amod") and t.pos_ == "PROPN") or None
    before = doc.text[max(sent.start_char, start - 25) : start]
    after = doc.text[end : min(sent.end_char, end + 20)]
    # "two people, one of them a boy" counts part of an earlier toll; "hundreds protesting,
    # killing 12 of them" counts part of a crowd, which is no toll: then the figure is whole.
    subset = bool(_SUBSET_AFTER_RE.match(after)) and any(c.kind == kind for c in earlier)
    partial = bool(_PARTIAL_RE.search(before)) or subset
    claimant, hedge = attribution(num, outlet)
    return Claim(
        kind=kind,
        victims=victims,
        low=amount.low,
        best=amount.best,
        high=amount.high,
        hedge=hedge,
        claimant=claimant,
        side=side,
        cumulative=cumulative,
        partial=partial,
        evidence=Evidence(doc_id, start, end, doc.text[start:end]),
        text=doc.text[start : max(end, noun.idx + len(noun.text)) if noun.i >= num.i else end],
    )
