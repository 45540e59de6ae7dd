"""Denials of occurrence: a party says that an event told in the same text did not happen.

    find_denial(sent, outlet) -> Denial | None   the denial one sentence makes, if any

An ACLED coder records a contradiction of the event itself ("the military council denied
that its forces had fired on protesters", "the government rejected the claim", "the
governor said security forces did not open fire") as a contest of the report. A denial
of responsibility only ("denied responsibility for the attack", "denied that it was behind
the bombing") leaves the occurrence standing: that is an attribution claim, not a contest.

A denial names the event it contradicts either by a trigger in the denied clause (its
trigger classes) or by referring back to a claim ("the claim was false", "called the
reports fake news"); `assemble` ties it to the nearest report it fits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .attribution import SPEECH_LEMMAS, phrase

# Verbs that contradict what their complement says.
_DENY_LEMMAS = frozenset(["deny", "reject", "dismiss", "refute", "disown"])
# Nouns that stand for an account of an event; denying one denies the event it tells.
_ACCOUNT_NOUNS = frozenset(["claim", "report", "allegation", "account", "assertion", "statement", "rumour", "rumor"])
# Nouns and predicates of responsibility: a denial of them leaves the event standing.
_RESPONSIBILITY_WORDS = frozenset(
    [
        "responsibility",
        "involvement",
        "role",
        "part",
        "link",
        "blame",
        "accusation",
        "responsible",
        "behind",
        "involve",
        # "denied carrying out the attack": who did it is denied, not that it happened
        "carry",
        "perpetrate",
        "commit",
        "conduct",
        "orchestrate",
    ]
)
# Words that call an account untrue.
_FALSE_WORDS = frozenset(["false", "untrue", "baseless", "fabricated", "unfounded", "fake", "lie", "groundless"])


@dataclass
class Denial:
    """A sentence that denies an event: the trigger classes it names (none: it refers back to a claim)."""

    sent: Any
    classes: set[str] = field(default_factory=set)
    tokens: set[int] = field(default_factory=set)  # the denied clause: its triggers make no report
    claimant: str | None = None


def _subject(verb: Any) -> Any:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _claimant(verb: Any, outlet: str | None) -> str | None:
    subj = _subject(verb)
    cur = verb
    while subj is None and cur.dep_ in ("advcl", "conj", "xcomp", "relcl") and cur.head != cur:
        cur = cur.head
        subj = _subject(cur)
    return phrase(subj) if subj is not None else outlet


def _classes(tokens: list[Any]) -> set[str]:
    from .events import _trigger_class

    out = set()
    for t in tokens:
        cls = _trigger_class(t, t.sent)
        if cls is not None and cls != "attrib":
            out.add(cls)
    return out


def _about_responsibility(tokens: list[Any]) -> bool:
    return any(t.lemma_.lower() in _RESPONSIBILITY_WORDS for t in tokens)


def _deny_verb(sent: Any, outlet: str | None) -> Denial | None:
    for verb in sent:
        if verb.lemma_ not in _DENY_LEMMAS or verb.pos_ not in ("VERB", "AUX"):
            continue
        if verb.dep_ == "relcl" and verb.head.lemma_ in _ACCOUNT_NOUNS:
            return Denial(sent, claimant=_claimant(verb, outlet))  # "a claim the government rejected"
        for comp in verb.children:
            subtree = list(comp.subtree)
            if comp.dep_ in ("ccomp", "xcomp") and not _about_responsibility(subtree):
                # "denied that its forces had fired on protesters": the clause names the event.
                return Denial(sent, _classes(subtree), {t.i for t in subtree}, _claimant(verb, outlet))
            if comp.dep_ == "dobj" and comp.lemma_ in _ACCOUNT_NOUNS and not _about_responsibility(subtree):
                return Denial(sent, _classes(subtree), {t.i for t in subtree}, _claimant(verb, outlet))
    return None


def _clause_verb(tok: Any) -> Any:
    cur = tok
    while cur.pos_ not in ("VERB", "AUX") and cur.head != cur:
        cur = cur.head
    return cur


def _called_false(sent: Any, outlet: str | None) -> Denial | None:
    """ "The claim was false", "called the reports fake news": an account of the event called untrue."""
    for account in (t for t in sent if t.lemma_ in _ACCOUNT_NOUNS and t.pos_ == "NOUN"):
        verb = _clause_verb(account)
        if any(t.lemma_.lower() in _FALSE_WORDS and _clause_verb(t) == verb for t in sent):
            speech = next((a for a in [verb, *verb.ancestors] if a.lemma_ in SPEECH_LEMMAS), verb)
            return Denial(sent, claimant=_claimant(speech, outlet))
    return None


def _negated_in_speech(sent: Any, outlet: str | None) -> Denial | None:
    """ "The governor said security forces did not open fire": an event negated in reported speech."""
    from .events import _trigger_class

    for tok in sent:
        if not any(c.dep_ == "neg" for c in tok.children):
            continue
        cls = _trigger_class(tok, sent)
        if cls is None or cls == "attrib":
            continue
        speech = next((a for a in list(tok.ancestors)[:3] if a.lemma_ in SPEECH_LEMMAS), None)
        if speech is None:
            continue
        subtree = list(tok.subtree)
        return Denial(sent, {cls}, {t.i for t in subtree}, _claimant(speech, outlet))
    return None


def find_denial(sent: Any, outlet: str | None) -> Denial | None:
    """The denial of occurrence `sent` makes, or None."""
    return _deny_verb(sent, outlet) or _called_false(sent, outlet) or _negated_in_speech(sent, outlet)
