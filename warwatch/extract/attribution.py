"""Attribution: who gives a figure or tells an event, and how firmly.

    attribution(tok, outlet) -> (claimant, hedge)  for a trigger or figure token
    speech_verb(tok)         -> Token | None       the speech verb ("said", "told") that governs a token
    phrase(tok)              -> str                a noun's phrase, short enough to name a claimant

The claimant is the subject of the speech verb that governs the token ("said", "told", "reported")
or the object of "according to"; the outlet itself when none does. The hedge is the strongest doubt
told on the token's clause ("allegedly", "reportedly", "could", "could not be verified"), ranked by
HEDGE_RANK.
"""

from __future__ import annotations

import re
from typing import Any

from ..models import Hedge
from .sentences import sentence_of

SPEECH_LEMMAS = frozenset(
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
HEDGE_RANK = [
    Hedge.ASSERTED,
    Hedge.ATTRIBUTED,
    Hedge.CLAIMED,
    Hedge.BELIEVED,
    Hedge.UNCONFIRMED,
    Hedge.ALLEGED,
    Hedge.DISPUTED,
    Hedge.DENIED,
]


def speech_verb(tok: Any) -> Any:
    """The speech verb that governs `tok`, or one that the trigger's sentence hangs on."""
    cur = tok
    for _ in range(8):
        if cur.lemma_ in SPEECH_LEMMAS and cur.pos_ in ("VERB", "AUX") and cur != tok:
            return cur
        if cur.head == cur:
            break
        cur = cur.head
    # "..., the ministry said." parses with the speech verb as a child of the root (parataxis/ccomp).
    root = sentence_of(tok).root
    for c in root.children:
        if c.lemma_ in SPEECH_LEMMAS and c.dep_ in ("parataxis", "advcl", "ccomp", "conj") and c.i > tok.i:
            return c
    if root.lemma_ in SPEECH_LEMMAS and root != tok:
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
        if cur != tok and cur.lemma_ in SPEECH_LEMMAS and cur.pos_ in ("VERB", "AUX"):
            return None
        if cur.head == cur:
            break
        cur = cur.head
    return None


def phrase(tok: Any, limit: int = 10) -> str:
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
    verb = speech_verb(tok) if near is None else None
    if near is not None:
        claimant, hedge = phrase(near), Hedge.ATTRIBUTED
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
            claimant = phrase(subj)
        elif subj is not None:
            claimant = subj.text
        hedge = Hedge.ATTRIBUTED
        if verb.lemma_ in ("claim", "allege", "deny", "accuse"):
            hedge = _HEDGE_WORDS.get(verb.lemma_, Hedge.CLAIMED)
    else:
        pobj = _according_to(sentence_of(tok))
        if pobj is not None:
            claimant, hedge = phrase(pobj), Hedge.ATTRIBUTED
    for w in _hedge_scope(tok):
        h = _HEDGE_WORDS.get(w.lower_) or _HEDGE_WORDS.get(w.lemma_)
        if h is None and w.tag_ == "MD" and w.lower_ in _POSSIBILITY_MODALS:
            h = Hedge.BELIEVED  # "the toll could rise to 300": a figure told as possible
        if h is None or (h == Hedge.CLAIMED and w.pos_ == "NOUN"):
            continue
        if h == Hedge.BELIEVED and w.lemma_ == "think" and w.pos_ != "VERB":
            continue
        if HEDGE_RANK.index(h) > HEDGE_RANK.index(hedge):
            hedge = h
    if re.search(
        r"could not (?:be )?(?:independently )?(?:verif|confirm)|unverified", sentence_of(tok).text, re.IGNORECASE
    ):
        hedge = max(hedge, Hedge.UNCONFIRMED, key=HEDGE_RANK.index)
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
