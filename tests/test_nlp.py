"""The NLP stage: the model loads with the indexed attribute ruler and NumPy's BLAS for its matrix products,
and must annotate exactly as spaCy's own."""

from __future__ import annotations

import functools

import numpy
import pytest
import spacy
from thinc.api import NumpyOps

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
    return spacy.load(model), nlp.load(model)


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


@pytest.mark.parametrize("text", TEXTS)
def test_entities_and_parse_are_spacys_own_with_numpy_blas(text: str) -> None:
    plain, ours = _models()
    got, want = ours(text), plain(text)
    assert [(e.start, e.end, e.label_) for e in got.ents] == [(e.start, e.end, e.label_) for e in want.ents]
    assert [(t.head.i, t.tag_) for t in got] == [(t.head.i, t.tag_) for t in want]


def test_every_model_layer_multiplies_through_numpy_blas() -> None:
    _, ours = _models()
    models = [pipe.model for _, pipe in ours.pipeline if hasattr(getattr(pipe, "model", None), "walk")]
    layers = [layer for model in models for layer in model.walk()]
    assert layers and all(layer.ops is nlp._blas_ops() for layer in layers)


@pytest.mark.parametrize("trans1", [False, True])
@pytest.mark.parametrize("trans2", [False, True])
def test_blas_gemm_gives_thincs_product(trans1: bool, trans2: bool) -> None:
    rng = numpy.random.default_rng(7)
    x = rng.random((5, 3) if trans1 else (3, 5), dtype="float32")
    y = rng.random((4, 5) if trans2 else (5, 4), dtype="float32")
    want = NumpyOps().gemm(x, y, trans1=trans1, trans2=trans2)
    numpy.testing.assert_allclose(nlp._blas_ops().gemm(x, y, trans1=trans1, trans2=trans2), want, rtol=1e-5)
    out = numpy.zeros((3, 4), dtype="float32")
    assert nlp._blas_ops().gemm(x, y, out=out, trans1=trans1, trans2=trans2) is out
    numpy.testing.assert_allclose(out, want, rtol=1e-5)
