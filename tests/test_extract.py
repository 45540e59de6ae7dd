"""Extraction: event mentions, typing, non-events, claims and assembly, sentence by sentence."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import pytest

from warwatch import geo, nlp
from warwatch.extract import extract_reports, may_hold_event
from warwatch.models import ClaimKind, Document, Hedge, Report, Victims
from warwatch.settings import Settings


@lru_cache(maxsize=1)
def _nlp():  # type: ignore[no-untyped-def]
    return nlp.load(Settings.from_env().spacy_model)


def _reports(text: str) -> list[Report]:
    doc = Document(id=Document.make_id(text), text=text, outlet="Test Wire")
    return extract_reports(doc, _nlp()(text), geo.default_gazetteer())


def _main(text: str) -> Report | None:
    reports = _reports(text)
    return max(reports, key=lambda r: r.salience) if reports else None


TYPING = [
    ("Warplanes bombed a market in the town on Monday, killing nine people.", "Air/drone strike"),
    ("A drone strike hit a car carrying two commanders near the border.", "Air/drone strike"),
    ("Rebels fired mortar rounds at the army barracks overnight.", "Shelling/artillery/missile attack"),
    ("Militants hit the convoy with an RPG, wounding three soldiers.", "Shelling/artillery/missile attack"),
    ("A roadside bomb exploded as a police patrol passed, killing two officers.", "Remote explosive/landmine/IED"),
    ("A suicide bomber blew himself up at the gate of the ministry.", "Suicide bomb"),
    ("Attackers hurled a grenade into a crowded bus stand, injuring eleven people.", "Grenade"),
    ("Chlorine gas was used in an attack on the besieged suburb, doctors said.", "Chemical weapon"),
    ("Government troops clashed with insurgents for hours outside the town.", "Armed clash"),
    ("The army recaptured the town from the militants after a week of fighting.", "Government regains territory"),
    (
        "Islamic State fighters seized the village from government forces on Friday.",
        "Non-state actor overtakes territory",
    ),
    ("Gunmen abducted twelve farmers from their fields on Sunday.", "Abduction/forced disappearance"),
    ("Police arrested four men suspected of planning attacks.", "Arrests"),
    ("Thousands of teachers marched peacefully through the capital to demand higher pay.", "Peaceful protest"),
    ("Police fired tear gas to disperse hundreds of protesters outside parliament.", "Protest with intervention"),
    ("Rioters torched cars and pelted police with stones after the verdict.", "Violent demonstration"),
    ("Air defences intercepted two missiles fired at the city.", "Disrupted weapons use"),
    ("Bomb disposal experts defused an explosive device found under a bridge.", "Disrupted weapons use"),
    ("Militiamen raped two women in the village, a rights group said.", "Sexual violence"),
    ("Gunmen shot dead three villagers in their homes overnight.", "Attack"),
    ("The two factions signed a ceasefire agreement in the capital.", "Agreement"),
    ("Looters ransacked shops in the market district.", "Looting/property destruction"),
]


@pytest.mark.parametrize(("text", "sub_event_type"), TYPING)
def test_typing(text: str, sub_event_type: str) -> None:
    report = _main(text)
    assert report is not None
    assert report.sub_event_type == sub_event_type


NON_EVENTS = [
    "The militants did not attack the town, officials said.",
    "The group threatened to strike the capital next month.",
    "The army plans to attack the stronghold in the spring.",
    "Rebels will storm the city if talks fail.",
    "A new film about the bombing opens in cinemas this week.",
    "Residents gathered twenty years after the massacre to remember the victims.",
]


@pytest.mark.parametrize("text", NON_EVENTS)
def test_non_events_make_no_acled_report(text: str) -> None:
    assert [r for r in _reports(text) if r.scope == "acled"] == []


@pytest.mark.parametrize(
    "text",
    [
        "A fire broke out in a warehouse, killing six workers, firefighters said.",
        "Nine people died when their bus overturned on a mountain road.",
        "Robbers shot dead a shopkeeper during an armed robbery on Main Street.",
    ],
)
def test_out_of_scope_violence_keeps_its_toll(text: str) -> None:
    report = _main(text)
    assert report is not None
    assert (report.scope, report.sub_event_type) == ("other", None)
    assert any(c.kind == ClaimKind.KILLED for c in report.claims)


CLAIMS = [
    # text, kind, victims, (low, best, high), hedge
    (
        "Air strikes killed at least 14 civilians, the health ministry said.",
        ClaimKind.KILLED,
        Victims.CIVILIANS,
        (14, None, None),
        Hedge.ATTRIBUTED,
    ),
    ("A car bomb wounded 23 people in the market.", ClaimKind.INJURED, Victims.UNKNOWN, (23, 23, 23), Hedge.ASSERTED),
    (
        "Shelling killed as many as 40 soldiers, residents claimed.",
        ClaimKind.KILLED,
        Victims.COMBATANTS,
        (None, None, 40),
        Hedge.CLAIMED,
    ),
    (
        "Alleged air strikes killed dozens of children in the camp.",
        ClaimKind.KILLED,
        Victims.CHILDREN,
        (12, None, None),
        Hedge.ALLEGED,
    ),
]


@pytest.mark.parametrize(("text", "kind", "victims", "figures", "hedge"), CLAIMS)
def test_claims(text: str, kind: ClaimKind, victims: Victims, figures: tuple, hedge: Hedge) -> None:
    report = _main(text)
    assert report is not None
    claim = next(c for c in report.claims if c.kind == kind)
    assert claim.victims == victims
    assert (claim.low, claim.best, claim.high) == figures
    assert claim.hedge == hedge
    assert claim.evidence is not None and text[claim.evidence.start : claim.evidence.end] == claim.evidence.quote


def test_partial_and_cumulative_figures() -> None:
    report = _main(
        "An air strike on the school killed 20 people, including 7 children. "
        "Strikes have killed 900 civilians since the offensive began."
    )
    assert report is not None
    children = next(c for c in report.claims if c.victims == Victims.CHILDREN)
    assert children.partial
    assert any(c.cumulative and c.low == 900 for c in report.claims)


def test_two_mentions_of_one_strike_make_one_report() -> None:
    text = (
        "Alleged air strikes killed hundreds of civilians in the city. "
        "The strikes on the old market were believed to have killed as many as 300 people."
    )
    reports = [r for r in _reports(text) if r.sub_event_type == "Air/drone strike"]
    assert len(reports) == 1
    assert len([c for c in reports[0].claims if c.kind == ClaimKind.KILLED]) == 2


def test_different_incidents_stay_apart() -> None:
    text = "Police arrested six protesters in the capital. In the north, a roadside bomb killed two soldiers."
    types = {r.sub_event_type for r in _reports(text)}
    assert {"Remote explosive/landmine/IED"} <= types and len(types) >= 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebels shelled the town.", True),
        ("Protesters marched downtown.", True),
        ("The central bank kept interest rates unchanged.", False),
        ("Recipe: lemon cake with icing.", False),
    ],
)
def test_prefilter(text: str, expected: bool) -> None:
    assert may_hold_event(text) is expected


def test_prefilter_keeps_every_typing_case() -> None:
    assert all(may_hold_event(text) for text, _ in TYPING)


def _dated_reports(text: str, published: date) -> list[Report]:
    doc = Document(id=Document.make_id(text), text=text, outlet="Test Wire", published=published)
    return extract_reports(doc, _nlp()(text), geo.default_gazetteer())


# A bare or definite mention with nothing new of its own is another telling of the latest compatible report.
COREFERENT = [
    (
        "Militants threw a grenade at a police post in the town on Monday, wounding four people. "
        "Local leaders condemned the attack.",
        "Grenade",
    ),
    (
        "A roadside bomb exploded beside an army truck near the village, killing two soldiers. "
        "The blast shattered windows in nearby houses.",
        "Remote explosive/landmine/IED",
    ),
    (
        "Gunmen abducted nine farmers from their fields on Sunday. The attackers stormed the village at dawn.",
        "Abduction/forced disappearance",
    ),
    (
        "Police detained the mayor of the town on Tuesday. His lawyer said the detention was unlawful.",
        "Arrests",
    ),
]


@pytest.mark.parametrize(("text", "sub_event_type"), COREFERENT)
def test_coreferent_mentions_make_one_report(text: str, sub_event_type: str) -> None:
    reports = [r for r in _reports(text) if r.scope == "acled"]
    assert [r.sub_event_type for r in reports] == [sub_event_type]


BACKGROUND = [
    "Grenade attacks were common in the town during the insurgency.",  # bare plural, stative predicate
    "The group often carries out bombings in the province.",  # habitual adverb
    "Every pause in the fighting is used by both sides to rearm.",  # quantified
    "The three carriers have launched an all-out battle for market share.",  # figurative
    "Smugglers are gangs that kidnap travellers for ransom.",  # what a group habitually does
]


@pytest.mark.parametrize("text", BACKGROUND)
def test_generic_habitual_and_figurative_statements_are_not_events(text: str) -> None:
    assert [r for r in _reports(text) if r.scope == "acled"] == []


def test_events_long_before_publication_are_background() -> None:
    text = "The town fell to the rebels in 1998 after a long siege."
    assert [r for r in _dated_reports(text, date(2021, 5, 4)) if r.scope == "acled"] == []


def test_the_trigger_sentence_date_wins_over_the_dateline() -> None:
    text = "KABUL, June 3 (Test Wire) - Gunmen shot dead two shopkeepers in Kabul on Sunday, police said on Wednesday."
    (report,) = _dated_reports(text, date(2021, 6, 3))
    assert report.when is not None and report.when.start == date(2021, 5, 30)


def test_a_subset_figure_is_partial() -> None:
    report = _main("Soldiers opened fire on the crowd in the square, killing four people, one of them a child.")
    assert report is not None
    one = next(c for c in report.claims if c.kind == ClaimKind.KILLED and c.low == 1)
    assert one.partial


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("Government troops took back the town from the rebels on Friday.", "Government regains territory"),
        ("Militants blew up the old mosque in the city centre overnight.", "Looting/property destruction"),
        ("Police fired tear gas and water cannon at protesters in the main square.", "Protest with intervention"),
        ("A mob beat a man to death in the market after accusing him of theft.", "Mob violence"),
    ],
)
def test_typing_rules(text: str, sub_event_type: str) -> None:
    assert {r.sub_event_type for r in _reports(text) if r.scope == "acled"} == {sub_event_type}
