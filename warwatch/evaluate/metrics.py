"""Generic evaluation metrics: precision/recall/F1, class-averaged F1, span matching, B-cubed, distances.

Everything here works on plain values (labels, (start, end) pairs, cluster ids) so that
each task module only has to turn warwatch's records and a file's gold into those.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from ..geo.gazetteer import haversine_km

#: Half the Earth's circumference: the error a missed toponym counts in median error.
MISS_KM = 20039.0

Label = TypeVar("Label", bound=Hashable)
Item = TypeVar("Item", bound=Hashable)
Span = tuple[int, int]


@dataclass(frozen=True)
class PRF:
    """Counts of one detection task and the rates they give."""

    tp: int
    n_pred: int
    n_gold: int

    @property
    def precision(self) -> float:
        return ratio(self.tp, self.n_pred)

    @property
    def recall(self) -> float:
        return ratio(self.tp, self.n_gold)

    @property
    def f1(self) -> float:
        return f1_score(self.precision, self.recall)

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.n_pred + other.n_pred, self.n_gold + other.n_gold)


def ratio(num: float, den: float) -> float:
    """num / den, 0.0 for an empty denominator (nothing to get right scores nothing)."""
    return num / den if den else 0.0


def f1_score(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall; 0.0 when both are 0."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


# --- classification --------------------------------------------------------------------------


def per_class_f1(gold: Sequence[Label], pred: Sequence[Label], classes: Sequence[Label]) -> dict[Label, PRF]:
    """One-vs-rest counts for each class; a prediction outside `classes` is wrong for every class."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold labels but {len(pred)} predictions")
    tp: Counter[Label] = Counter()
    n_pred: Counter[Label] = Counter(pred)
    n_gold: Counter[Label] = Counter(gold)
    for g, p in zip(gold, pred, strict=True):
        if g == p:
            tp[g] += 1
    return {c: PRF(tp[c], n_pred[c], n_gold[c]) for c in classes}


def accuracy(gold: Sequence[object], pred: Sequence[object]) -> float:
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold labels but {len(pred)} predictions")
    return ratio(sum(g == p for g, p in zip(gold, pred, strict=True)), len(gold))


def macro_f1(scores: Mapping[Label, PRF]) -> float:
    """Unweighted mean of the classes' F1 over the classes that occur in gold or predictions.

    A class absent from both has no defined F1; leaving it out keeps small samples (--limit)
    from being scored down for classes they do not contain.
    """
    seen = [s for s in scores.values() if s.n_gold or s.n_pred]
    return ratio(sum(s.f1 for s in seen), len(seen))


def weighted_f1(scores: Mapping[Label, PRF]) -> float:
    """Mean of the classes' F1 weighted by gold support."""
    support = sum(s.n_gold for s in scores.values())
    return ratio(sum(s.f1 * s.n_gold for s in scores.values()), support)


# --- spans -------------------------------------------------------------------------------------


def overlap(a: Span, b: Span) -> int:
    """Characters two half-open spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_spans(
    gold: Sequence[Span],
    pred: Sequence[Span],
    *,
    compatible: Callable[[int, int], bool] | None = None,
) -> list[tuple[int, int]]:
    """One-to-one matching of overlapping spans, greedy by overlap.

    Pairs (gold index, pred index) are taken largest overlap first (ties: earlier gold,
    then earlier prediction), each span used at most once. `compatible(g, p)` may veto a
    pair (same type, same role). Returned sorted by gold index.
    """
    candidates: list[tuple[int, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            ov = overlap(g, p)
            if ov > 0 and (compatible is None or compatible(gi, pi)):
                candidates.append((-ov, gi, pi))
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)


def exact_matches(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> int:
    """Items found identically on both sides, each counted at most as often as it occurs on both."""
    g, p = Counter(gold), Counter(pred)
    return sum(min(n, p[k]) for k, n in g.items())


# --- clustering --------------------------------------------------------------------------------


def bcubed(gold: Mapping[Item, Hashable], pred: Mapping[Item, Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering `pred` against `gold` (item -> cluster id).

    Both must cover the same items. Per item: precision = share of its predicted cluster that
    shares its gold cluster; recall = share of its gold cluster that shares its predicted one.
    """
    if set(gold) != set(pred):
        raise ValueError("gold and predicted clusterings cover different items")
    if not gold:
        return 0.0, 0.0, 0.0
    joint: Counter[tuple[Hashable, Hashable]] = Counter((gold[i], pred[i]) for i in gold)
    gold_size: Counter[Hashable] = Counter(gold.values())
    pred_size: Counter[Hashable] = Counter(pred.values())
    p_sum = r_sum = 0.0
    for (g, p), n in joint.items():
        # Each of the n items in this cell sees n items sharing both clusters.
        p_sum += n * n / pred_size[p]
        r_sum += n * n / gold_size[g]
    n_items = len(gold)
    precision, recall = p_sum / n_items, r_sum / n_items
    return precision, recall, f1_score(precision, recall)


def clusters_of(assignment: Mapping[Item, Hashable]) -> list[list[Item]]:
    """The clusters of an item -> cluster-id mapping, in order of first appearance."""
    groups: dict[Hashable, list[Item]] = defaultdict(list)
    for item, cid in assignment.items():
        groups[cid].append(item)
    return list(groups.values())


# --- places ------------------------------------------------------------------------------------

#: Haversine distance in km (the gazetteer's own, so eval and resolution measure alike).
great_circle_km = haversine_km


def median(values: Sequence[float]) -> float:
    """Median, 0.0 for no values."""
    return float(statistics.median(values)) if values else 0.0
