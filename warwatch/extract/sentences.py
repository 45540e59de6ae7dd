"""Sentences for extraction: the parser's sentences, cut again at paragraph breaks.

    sentences(sdoc)   -> list[Span]   the document's sentences, none crossing a paragraph break
    sentence_of(tok)  -> Span         the sentence (so cut) that holds `tok`
    doc_text(sdoc)    -> str          the Doc's text, built once (warwatch.nlp, here for extraction)

The small English model sometimes runs one sentence over a blank line ("...near the
sit-in.\\n\\nWitnesses said..."). A paragraph break always ends a sentence in news
prose, and figures, claimants and dates must not travel across one.
"""

from __future__ import annotations

import bisect
from typing import Any

from ..nlp import doc_text

__all__ = ["doc_text", "sentence_of", "sentences"]

#: Where `sentence_of` keeps a Doc's cut sentences, in the Doc's own user data.
_SENTENCES_KEY = "warwatch.sentences"


def _breaks(span: Any) -> list[int]:
    """Token indices inside `span` after which a new paragraph starts: a blank line. A single line
    break is left to the parser: scraped text breaks lines inside paragraphs too."""
    return [t.i for t in span if t.is_space and t.text.count("\n") >= 2 and span.start < t.i < span.end - 1]


def _pieces(sent: Any) -> list[Any]:
    out = []
    start = sent.start
    for i in _breaks(sent):
        out.append(sent.doc[start : i + 1])
        start = i + 1
    out.append(sent.doc[start : sent.end])
    return [p for p in out if any(not t.is_space for t in p)]


def sentences(sdoc: Any) -> list[Any]:
    """The parser's sentences, each cut at the paragraph breaks it runs over."""
    return [piece for sent in sdoc.sents for piece in _pieces(sent)]


def sentence_of(tok: Any) -> Any:
    """The sentence holding `tok`, cut at paragraph breaks like `sentences`. The cut sentences and
    their starts are kept with the Doc, so a lookup is a binary search."""
    kept = tok.doc.user_data.get(_SENTENCES_KEY)
    if kept is None:
        pieces = sentences(tok.doc)
        kept = tok.doc.user_data[_SENTENCES_KEY] = ([p.start for p in pieces], pieces)
    starts, pieces = kept
    k = bisect.bisect_right(starts, tok.i) - 1
    if k >= 0 and tok.i < pieces[k].end:
        return pieces[k]
    return tok.sent  # a space between sentences, which no cut sentence holds
