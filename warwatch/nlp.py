"""The NLP stage: sentences, tokens, entities and dependencies from spaCy.

The model is named by the `spacy_model` setting and loaded once per process.
Gazetteer patterns are added as an EntityRuler before spaCy's statistical NER,
because the small English model tags only about half of the Iraqi and Syrian
place names on its own. `doc_text(sdoc)` is a Doc's text, joined once and kept
with the Doc.

The model's attribute ruler (the tag map and its exceptions: about 180 one- and
two-token patterns) finds its matches through an index by each pattern's first
tag or word instead of spaCy's Matcher, which tries every pattern at every token
and took as long as the dependency parser. It sets the same attributes in the
same order; `load` keeps spaCy's own matching for a ruler whose patterns use
anything else.

The models' matrix products go through NumPy's BLAS instead of the BLIS library thinc
bundles (`_blas_ops`): on the x86 servers this was measured on, BLIS multiplied the
tok2vec and NER layers' matrices at a third of OpenBLAS's speed, and the whole spaCy
stage took 30% less time with the same entities and parses.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
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


#: The token attributes the indexed attribute-ruler match reads, by the Matcher's names for them,
#: in the order a rule is filed by (see `_IndexedRulerMatch.index`): all but IS_SPACE are read as
#: string hashes, IS_SPACE as a flag.
_MATCH_ATTRS = ("LOWER", "TAG", "DEP", "IS_SPACE")

#: One test of a rule: the token's offset in the match, the attribute's column, and a test of its
#: value, given the value and the Doc's string store.
_Test = tuple[int, int, Callable[[int, Any], bool]]


class _RegexTest:
    """A REGEX test of a string attribute, remembered by string hash: the words of news repeat, and
    looking a hash up in the string store costs more than the search."""

    #: Results kept before the memory starts afresh (a few MB; a day of news has fewer distinct words).
    MAX_KEPT = 200_000

    def __init__(self, pattern: re.Pattern[str]):
        self.pattern = pattern
        self.kept: dict[int, bool] = {}

    def __call__(self, value: int, strings: Any) -> bool:
        result = self.kept.get(value)
        if result is None:
            if len(self.kept) >= self.MAX_KEPT:
                self.kept.clear()
            result = self.kept[value] = self.pattern.search(strings[value] if value else "") is not None
        return result


class _IndexedRulerMatch:
    """`AttributeRuler.match` for a ruler whose patterns test only `_MATCH_ATTRS` (by value, IN,
    NOT_IN or REGEX): the same (rule, rule key, start, end) matches, found by looking up each
    token's attributes among the values the rules' first tokens ask for, rather than trying every
    rule at every token."""

    def __init__(self, ruler: Any):
        from spacy.attrs import IDS

        self.strings = ruler.vocab.strings
        self.columns = [IDS[name] for name in _MATCH_ATTRS]
        self.keys = [self.strings[str(i)] for i in range(len(ruler.attrs))]
        #: Rules by the column and value of a test of their first token (the word before the tag:
        #: the tag map files one rule under each tag, its exceptions one under each word): a token
        #: is tried against the rules filed under its own values only. Rules with no such test are
        #: tried everywhere.
        self.index: list[dict[int, list[tuple[int, int, list[_Test]]]]] = [defaultdict(list) for _ in _MATCH_ATTRS]
        self.anywhere: list[tuple[int, int, list[_Test]]] = []
        for rule, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                tests: list[_Test] = []
                filed: tuple[int, frozenset[int]] | None = None
                for offset, spec in enumerate(pattern):
                    for name, value in spec.items():
                        if name not in _MATCH_ATTRS:
                            raise ValueError(f"unsupported attribute {name}")
                        column = _MATCH_ATTRS.index(name)
                        test, accepted = self._value_test(name, value)
                        tests.append((offset, column, test))
                        if offset == 0 and accepted is not None and (filed is None or column < filed[0]):
                            filed = (column, accepted)
                item = (rule, len(pattern), tests)
                if filed is None:
                    self.anywhere.append(item)
                else:
                    for value in filed[1]:
                        self.index[filed[0]][value].append(item)

    def _encode(self, name: str, value: Any) -> int:
        return int(value) if name == "IS_SPACE" else self.strings.as_int(value) if value else 0

    def _value_test(self, name: str, value: Any) -> tuple[Callable[[int, Any], bool], frozenset[int] | None]:
        """A test of an encoded attribute value as the Matcher reads `value` (a value, or IN, NOT_IN
        or REGEX), and the encoded values it accepts when they can be listed."""
        if not isinstance(value, dict):
            value = {"IN": [value]}
        [(op, arg)] = value.items()
        if op == "IN":
            accepted = frozenset(self._encode(name, v) for v in arg)
            return (lambda v, _: v in accepted), accepted
        if op == "NOT_IN":
            refused = frozenset(self._encode(name, v) for v in arg)
            return (lambda v, _: v not in refused), None
        if op == "REGEX" and name != "IS_SPACE":
            return _RegexTest(re.compile(arg)), None
        raise ValueError(f"unsupported operator {op} on {name}")

    def __call__(self, doc: Any) -> list[tuple[int, int, int, int]]:
        rows = doc.to_array(self.columns).tolist() if len(doc) else []
        n = len(rows)
        found = set()
        by_lower, by_tag, by_dep, by_space = self.index
        anywhere, strings = self.anywhere, doc.vocab.strings
        for start, (lower, tag, dep, space) in enumerate(rows):
            for candidates in (
                by_lower.get(lower, ()),
                by_tag.get(tag, ()),
                by_dep.get(dep, ()),
                by_space.get(space, ()),
                anywhere,
            ):
                for rule, length, tests in candidates:
                    if start + length <= n and all(test(rows[start + k][c], strings) for k, c, test in tests):
                        found.add((rule, self.keys[rule], start, start + length))
        return sorted(found)


def _index_attribute_ruler(nlp: Any) -> None:
    """Give the pipeline's attribute ruler the indexed match, where its patterns allow it."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    try:
        ruler.match = _IndexedRulerMatch(ruler)
    except ValueError:
        return  # a pattern the index cannot answer for: spaCy's Matcher stays


@functools.cache
def _blas_ops() -> Any:
    """thinc's NumpyOps with `gemm` through `numpy.matmul` (the BLAS NumPy was built with), made on
    first use. The parser's transition loop calls BLIS directly and keeps doing so."""
    import numpy
    from thinc.api import NumpyOps

    class BlasOps(NumpyOps):
        name = "numpy-blas"

        def gemm(self, x: Any, y: Any, out: Any = None, trans1: bool = False, trans2: bool = False) -> Any:
            a = x.T if trans1 else x
            b = y.T if trans2 else y
            if out is None:
                return numpy.matmul(a, b)
            numpy.matmul(a, b, out=out)
            return out

    return BlasOps()


def _use_numpy_blas(nlp: Any) -> None:
    """Swap the CPU ops of every layer of the pipeline's models for `_blas_ops()`; layers on other
    ops (a GPU's) keep theirs."""
    from thinc.api import NumpyOps

    ops = _blas_ops()
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for layer in model.walk():
            if type(layer.ops) is NumpyOps:
                layer.ops = ops


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
    _index_attribute_ruler(nlp)
    _use_numpy_blas(nlp)
    patterns = list(patterns)
    if patterns:
        ruler: Any = nlp.add_pipe(
            "entity_ruler", before="ner", config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER"}
        )
        ruler.add_patterns(patterns)
    return nlp
