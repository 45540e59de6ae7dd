"""The NLP stage: sentences, tokens, entities and dependencies from spaCy.

The model is named by the `spacy_model` setting and loaded once per process.
Gazetteer patterns are added as an EntityRuler before spaCy's statistical NER,
because the small English model tags only about half of the Iraqi and Syrian
place names on its own. `doc_text(sdoc)` is a Doc's text, joined once and kept
with the Doc.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .errors import ConfigError

#: Where `doc_text` keeps a Doc's text, in the Doc's own user data.
_TEXT_KEY = "warwatch.text"


def doc_text(sdoc: Any) -> str:
    """`sdoc.text`, joined once per document. spaCy joins every token's text on each access of
    `Doc.text`, which made slicing it per figure or per place quadratic in the document's length."""
    text = sdoc.user_data.get(_TEXT_KEY)
    if text is None:
        text = sdoc.user_data[_TEXT_KEY] = sdoc.text
    return text


def load(model: str, patterns: Iterable[dict[str, Any]] = ()) -> Any:
    """Load a spaCy pipeline by package name and add entity-ruler `patterns` to it."""
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as err:
        raise ConfigError(
            f"spaCy model {model!r} is not installed: run `make install` "
            f"or set WARWATCH_SPACY_MODEL to an installed pipeline ({err})"
        ) from None
    patterns = list(patterns)
    if patterns:
        ruler: Any = nlp.add_pipe(
            "entity_ruler", before="ner", config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER"}
        )
        ruler.add_patterns(patterns)
    return nlp
