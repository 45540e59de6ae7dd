from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warwatch.models import Claim, ClaimKind, Hedge, Range, Victims
from warwatch.reconcile import combine, report_tolls

K, INJ = ClaimKind.KILLED, ClaimKind.INJURED
CIV, COMB, UNK, CHILD = Victims.CIVILIANS, Victims.COMBATANTS, Victims.UNKNOWN, Victims.CHILDREN


def c(kind=K, victims=UNK, low=None, best=None, high=None, **kw) -> Claim:
    return Claim(kind, victims, low=low, best=best, high=high, **kw)


@pytest.mark.parametrize(
    ("claims", "killed", "civilians"),
    [
        # the worked example: "hundreds of civilians" and "as many as 500 people"
        (
            [c(victims=CIV, low=100, hedge=Hedge.ALLEGED), c(high=500, hedge=Hedge.BELIEVED)],
            (100, 100, 500),
            (100, 100, 500),
        ),
        # a plain figure sets all three
        ([c(low=7, best=7, high=7)], (7, 7, 7), (None, None, None)),
        # different victims add up
        ([c(victims=CIV, low=5, best=5, high=5), c(victims=COMB, low=3, best=3, high=3)], (8, 8, 8), (5, 5, 5)),
        # conflicting figures for the same victims: low is the most conservative, high the largest
        ([c(low=12, best=12, high=12), c(low=20, best=20, high=20), c(best=15)], (12, 15, 20), (None, None, None)),
        # cumulative and denied claims never enter a single incident's toll
        (
            [c(low=2000, cumulative=True), c(low=4, best=4, high=4), c(low=9, hedge=Hedge.DENIED)],
            (4, 4, 4),
            (None,) * 3,
        ),
        # a partial count ("including 5 children") does not add to the total; it is the civilian floor,
        # and the unnamed rest may be civilians too
        (
            [c(low=10, best=10, high=10), c(victims=CHILD, low=5, best=5, high=5, partial=True)],
            (10, 10, 10),
            (5, 5, 10),
        ),
        # no claim: unknown, not zero
        ([], (None, None, None), (None, None, None)),
    ],
)
def test_report_tolls(claims, killed, civilians):
    t = report_tolls(claims)
    assert (t.fatalities.low, t.fatalities.best, t.fatalities.high) == killed
    assert (t.civilians_killed.low, t.civilians_killed.best, t.civilians_killed.high) == civilians


def test_injuries_kept_apart_from_deaths():
    t = report_tolls([c(low=3, best=3, high=3), c(kind=INJ, low=11, best=11, high=11)])
    assert t.fatalities == Range(3, 3, 3)
    assert t.injured == Range(11, 11, 11)


figures = st.integers(min_value=0, max_value=100_000)


@given(
    st.lists(
        st.tuples(st.one_of(st.none(), figures), st.one_of(st.none(), figures), st.one_of(st.none(), figures)),
        min_size=1,
    )
)
def test_combine_is_ordered(triples):
    r = combine(c(low=lo, best=b, high=hi) for lo, b, hi in triples)
    if r.known:
        assert r.low is not None and r.high is not None and r.best is not None
        assert r.low <= r.best <= r.high
