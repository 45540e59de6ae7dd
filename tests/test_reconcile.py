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
            [
                c(victims=CIV, low=100, hedge=Hedge.ALLEGED, text="hundreds of civilians"),
                c(high=500, hedge=Hedge.BELIEVED, text="as many as 500 people"),
            ],
            (100, 100, 500),
            (100, 100, 500),
        ),
        # a plain figure sets all three; people of whom none is named a combatant are civilians
        ([c(low=7, best=7, high=7)], (7, 7, 7), (7, 7, 7)),
        # ... but not when the report names combatants among its victims
        (
            [c(low=7, best=7, high=7), c(victims=COMB, low=3, best=3, high=3, partial=True)],
            (7, 7, 7),
            (None, None, None),
        ),
        # different victims add up
        ([c(victims=CIV, low=5, best=5, high=5), c(victims=COMB, low=3, best=3, high=3)], (8, 8, 8), (5, 5, 5)),
        # conflicting figures for the same victims: low is the most conservative, high the largest
        # and best the figure told first (a story's headline and lead give its toll)
        ([c(low=12, best=12, high=12), c(low=20, best=20, high=20), c(best=15)], (12, 12, 20), (12, 12, 20)),
        # ... unless another is told more often
        ([c(low=2, best=2, high=2), c(low=3, best=3, high=3), c(low=3, best=3, high=3)], (2, 3, 3), (2, 3, 3)),
        # "at least" figures only bound from below: the strongest is the floor, and a vague amount
        # gives way to a figure
        ([c(low=20), c(low=51), c(low=12)], (51, 51, 51), (51, 51, 51)),
        # a floor below a point figure is still the most conservative credible figure
        ([c(low=22), c(low=26, best=26, high=26)], (22, 26, 26), (22, 26, 26)),
        # "at least 40 were killed ... the monitor counted 23 dead": a counted floor is a figure told too,
        # so the first told is the best; victims named one by one are no such figure
        ([c(low=40, text="at least 40 people"), c(low=23, best=23, high=23)], (23, 40, 40), (23, 40, 40)),
        ([c(low=2, text="Ann Lee and Bo Park"), c(low=3, best=3, high=3)], (2, 3, 3), (2, 3, 3)),
        # "many civilians" counts no one: it does not keep a count of people from being the civilian toll
        ([c(low=21, best=21, high=21), c(victims=CIV, low=3, text="many civilians")], (3, 21, 21), (21, 21, 21)),
        # children and women told apart add up to the civilian toll
        (
            [c(victims=CHILD, low=10, best=10, high=10), c(victims=Victims.WOMEN, low=5, best=5, high=5)],
            (15, 15, 15),
            (15, 15, 15),
        ),
        # a victim told of alone is one of a count, never a lower figure for it
        ([c(low=1), c(low=3, best=3, high=3)], (3, 3, 3), (3, 3, 3)),
        ([c(low=1)], (1, 1, 1), (1, 1, 1)),
        # cumulative and denied claims never enter a single incident's toll
        (
            [c(low=2000, cumulative=True), c(low=4, best=4, high=4), c(low=9, hedge=Hedge.DENIED)],
            (4, 4, 4),
            (4, 4, 4),
        ),
        # a partial count ("including 5 children") does not add to the total; with no combatant named,
        # the people killed are the civilians
        (
            [c(low=10, best=10, high=10), c(victims=CHILD, low=5, best=5, high=5, partial=True)],
            (10, 10, 10),
            (10, 10, 10),
        ),
        # "six civilians were among the 22 dead": the rest are not civilians
        (
            [c(low=22, best=22, high=22), c(victims=CIV, low=6, best=6, high=6, partial=True, text="Six civilians")],
            (22, 22, 22),
            (6, 6, 6),
        ),
        # no claim: unknown, not zero
        ([], (None, None, None), (None, None, None)),
    ],
)
def test_report_tolls(claims, killed, civilians):
    t = report_tolls(claims)
    assert (t.fatalities.low, t.fatalities.best, t.fatalities.high) == killed
    assert (t.civilians_killed.low, t.civilians_killed.best, t.civilians_killed.high) == civilians


def test_those_shot_less_the_dead_are_the_wounded():
    # "Four people were shot ... one of them died": a count of the shot is a partial count of the wounded
    t = report_tolls([c(kind=INJ, low=4, best=4, high=4, partial=True), c(low=1, best=1, high=1)])
    assert t.injured == Range(3, 3, 3)
    # "A man was shot ... he died in hospital": the one shot is the one who died
    t = report_tolls([c(kind=INJ, low=1, partial=True), c(low=1)])
    assert not t.injured.known
    # a count of the wounded stands on its own
    t = report_tolls([c(kind=INJ, low=2, best=2, high=2), c(low=1)])
    assert t.injured == Range(2, 2, 2)


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
