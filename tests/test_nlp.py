"""The NLP stage: the model loads with the indexed attribute ruler, which must annotate exactly as spaCy's own."""

from __future__ import annotations

import functools

import pytest
import spacy

from warwatch import nlp
from warwatch.errors import ConfigError
from warwatch.settings import Settings

TEXTS = [
    "Gunmen killed 3 people in the market on Tuesday, the police said.",
    "There were two blasts near the checkpoint; there is no word of casualties.",
    "They're gonna say it ain't over, y'all, and let's not forget nothin' was gained.",
    "C'mon, I'd have gotta go.  \n\n  THE CONVOY WAS HIT BY AN IED NEAR KANDAHAR",
    "Whether or not she came, that was the one that he saw; those who fled did so because of it.",
    "",
    "   ",
]


@functools.cache
def _models() -> tuple[spacy.language.Language, spacy.language.Language]:
    model = Settings.from_env().spacy_model
    return spacy.load(model, exclude=["ner"]), nlp.load(model)


def _annotation(doc: spacy.tokens.Doc) -> list[tuple[str, str, str, str, str]]:
    return [(t.text, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


@pytest.mark.parametrize("text", TEXTS)
def test_the_indexed_attribute_ruler_annotates_as_spacy_does(text: str) -> None:
    plain, ours = _models()
    assert isinstance(ours.get_pipe("attribute_ruler").match, nlp._IndexedRulerMatch)
    assert _annotation(ours(text)) == _annotation(plain(text))


def test_a_ruler_pattern_the_index_cannot_answer_keeps_spacys_matcher() -> None:
    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"LENGTH": {">": 3}}]], {"POS": "NOUN"})
    nlp._index_attribute_ruler(blank)
    assert not isinstance(ruler.match, nlp._IndexedRulerMatch)
    assert [t.pos_ for t in blank("a long word")] == ["", "NOUN", "NOUN"]


def test_a_missing_model_is_a_config_error_that_says_what_to_do() -> None:
    with pytest.raises(ConfigError, match="make install"):
        nlp.load("no_such_model_xx")
