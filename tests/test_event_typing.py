"""Event typing against ACLED's coding rules: the sub-event type of a text's most salient report.

Every sentence here is written for these tests. Each table is one coding rule: who an attack is
aimed at, what demonstrators themselves do, what weapons found or cleared are, and the stories
that name violence without telling an event (industrial accidents, sanctions, claims, relief work).
"""

from __future__ import annotations

from functools import lru_cache

import pytest

from warwatch import geo, nlp
from warwatch.extract import extract_reports, may_hold_event
from warwatch.models import Document
from warwatch.settings import Settings


@lru_cache(maxsize=1)
def _nlp():  # type: ignore[no-untyped-def]
    return nlp.load(Settings.from_env().spacy_model)


def _typed(text: str) -> str | None:
    """The sub-event type of the most salient ACLED report (ties: the first), as `warwatch eval` reads it."""
    doc = Document(id=Document.make_id(text), text=text, outlet="Test Wire")
    best = None
    for r in extract_reports(doc, _nlp()(text), geo.default_gazetteer()):
        if r.scope == "acled" and (best is None or r.salience > best.salience):
            best = r
    return best.sub_event_type if best is not None else None


# ACLED: an attack on soldiers, police, a base, a checkpoint or a patrol is a battle.
ARMED_TARGETS = [
    "Insurgents stormed an army checkpoint on the highway before dawn, killing four soldiers.",
    "Militants ambushed a police patrol near the market town, the governor said.",
    "Rebels attacked a government outpost in the hills and killed seven troops.",
    "During a shoot-out between the gunmen and soldiers, three soldiers were wounded.",
]


@pytest.mark.parametrize("text", ARMED_TARGETS)
def test_an_attack_on_armed_forces_is_an_armed_clash(text: str) -> None:
    assert _typed(text) == "Armed clash"


PROTESTS = [
    # demonstrators' own force or destruction: a riot, even where the police intervened too
    ("Demonstrators hurled rocks at riot police and set tyres on fire in the main square.", "Violent demonstration"),
    ("Students blocked the ring road for hours during a rally against the new education law.", "Violent demonstration"),
    ("Angry marchers tore down the fence outside the ministry during the protest.", "Violent demonstration"),
    ("Protesters clashed with security forces outside the governor's office.", "Violent demonstration"),
    # force that kills or maims
    (
        "Police beat marchers with their batons and fired live ammunition at the rally, wounding dozens.",
        "Excessive force against protesters",
    ),
    ("Security forces violently dispersed the sit-in outside the parliament.", "Excessive force against protesters"),
    # any other intervention
    ("Riot police chased demonstrators away from the square.", "Protest with intervention"),
    ("Police suppressed a peaceful march of opposition supporters in the city.", "Protest with intervention"),
    # a gathering that voices a grievance
    ("Thousands took to the streets of the capital on Saturday to denounce the election result.", "Peaceful protest"),
    ("Crowds gathered outside the court to demand the release of the journalist.", "Peaceful protest"),
    # deaths a protest mourns are its cause, not force used against it
    ("Mourners rallied in the town to remember the villagers killed in last year's landslide.", "Peaceful protest"),
    # a gathering attacked by a group of civilians
    ("A group of men attacked a peaceful vigil outside the embassy, injuring six people.", "Mob violence"),
]


@pytest.mark.parametrize(("text", "sub_event_type"), PROTESTS)
def test_protests_are_coded_by_who_used_force(text: str, sub_event_type: str) -> None:
    assert _typed(text) == sub_event_type


STRATEGIC = [
    ("Army engineers destroyed a stockpile of mortar rounds and mines in an abandoned house.", "Disrupted weapons use"),
    ("Soldiers discovered a cache of ammunition buried near the border.", "Disrupted weapons use"),
    ("Deminers cleared hundreds of landmines from farmland around the village.", "Disrupted weapons use"),
    ("Foreign troops have set up two new bases outside the provincial capital.", "Headquarters or base established"),
    ("The army established an observation point on the hill above the valley.", "Headquarters or base established"),
    ("The rebels and the government agreed to a ceasefire on Thursday.", "Agreement"),
    ("The warring sides exchanged prisoners at a crossing north of the city.", "Agreement"),
    ("Forty fighters surrendered to the army in the mountains.", "Agreement"),
    ("The army dispatched reinforcements and armoured vehicles to the front line.", "Change to group/activity"),
    ("Militia units pulled back from their positions south of the town.", "Change to group/activity"),
    ("Shops owned by migrants were burned overnight in the township.", "Looting/property destruction"),
    (
        "The garrison left the hilltop town on Monday. Rebel units then took control of it without a fight.",
        "Non-violent transfer of territory",
    ),
    (
        "Peacekeepers handed the airfield back to the national army after the mandate ended.",
        "Non-violent transfer of territory",
    ),
]


@pytest.mark.parametrize(("text", "sub_event_type"), STRATEGIC)
def test_strategic_developments(text: str, sub_event_type: str) -> None:
    assert _typed(text) == sub_event_type


# Violence named without an event of ACLED's scope told: no ACLED report.
NOT_ACLED = [
    "Three workers were injured when a gas tank exploded at a fertiliser plant.",
    "A chemical plant exploded in the industrial zone, killing four employees.",
    "Several governments imposed sanctions in response to the chemical attack.",
    "The ministry expelled two diplomats after the bomb attack on a defector.",
    "The country carried out a test of a hydrogen bomb, drawing wide condemnation.",
    "A drone captured footage of the flooded villages.",
    "Police intercepted a suspected drug smuggler on the motorway.",
    "The group took credit for the bombing of the bridge.",
    "Soldiers mobilised to help residents trapped by heavy snow in the valley.",
    "Firefighters battled a wildfire that forced thousands from their homes.",
    "The two companies engaged in talks about a merger.",
    "Officials criticised the open hostility of the new law towards migrants.",
]


@pytest.mark.parametrize("text", NOT_ACLED)
def test_no_acled_event_is_told(text: str) -> None:
    assert _typed(text) is None


def test_a_month_after_a_day_number_is_no_march() -> None:
    text = "Fighters attacked a police station in the district on 27 March, killing two officers."
    assert _typed(text) == "Armed clash"


@pytest.mark.parametrize(
    "text",
    [
        "Soldiers found a cache of ammunition near the border.",
        "The pistols were discovered during a search of a bus.",
        "Ten fighters surrendered on Sunday.",
    ],
)
def test_the_prefilter_lets_finds_and_surrenders_through(text: str) -> None:
    assert may_hold_event(text)


def _report(text: str):  # type: ignore[no-untyped-def]
    doc = Document(id=Document.make_id(text), text=text, outlet="Test Wire")
    return extract_reports(doc, _nlp()(text), geo.default_gazetteer())


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        # bodies found: a death is an event even when no one is told to have killed
        ("Three men were found dead in a parked car outside the bus depot on Monday, police said.", "acled"),
        # a homicide is a crime story, outside ACLED's scope, with its toll kept
        ("Deputies are investigating the homicide of a 40-year-old woman in her apartment.", "other"),
    ],
)
def test_deaths_found_and_homicides_are_reported(text: str, scope: str) -> None:
    [report] = _report(text)
    assert report.scope == scope
    assert any(c.kind.value == "killed" for c in report.claims)


def test_a_murder_suicide_is_no_suicide_bombing() -> None:
    text = "A man shot his wife and then himself in what police called a murder-suicide at their farmhouse."
    assert _typed(text) != "Suicide bomb"
    assert _typed("A suicide bomber blew himself up at a checkpoint, killing four soldiers.") == "Suicide bomb"


def test_a_headline_count_of_people_shot_is_a_shooting() -> None:
    assert _typed("5 shot outside a nightclub on the east side, gunman still at large") == "Attack"
    assert _report("The guard fired one shot into the air as a warning.") == []


@pytest.mark.parametrize(
    "text",
    [
        "A retired farmer, 71, was killed when his shotgun went off as he climbed a fence.",
        "The boy was showing his uncle's pistol to a friend and it went off, wounding the friend in the arm.",
    ],
)
def test_a_gun_going_off_is_a_shot_not_an_explosion(text: str) -> None:
    [report] = _report(text)
    assert report.event_type != "Explosions/Remote violence"
    assert report.trigger is not None and report.claims


def test_a_bomb_going_off_is_an_explosion() -> None:
    text = "A roadside bomb went off beside an army convoy near the border, wounding two soldiers."
    assert _typed(text) == "Remote explosive/landmine/IED"


def test_an_alarm_going_off_is_no_event() -> None:
    assert _report("The fire alarm went off at the school during the morning break.") == []


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # a shooting with the gun found after it: the shooting is the event
        ("A man was shot and killed outside a bar on Main Street on Friday night. Detectives later recovered "
         "the pistol in a nearby yard.", "Attack"),
        # a child who comes upon a gun is how a shooting happened, not a seizure
        ("A four-year-old boy found his grandfather's pistol under a pillow and shot his sister in the leg.",
         "Attack"),
        # what police or troops seize, even a few pistols, is Disrupted weapons use
        ("Police seized two pistols and a box of ammunition during a search of a minibus at a checkpoint.",
         "Disrupted weapons use"),
        ("Soldiers recovered a cache of rifles and grenades from a cave in the mountains.", "Disrupted weapons use"),
    ],
)  # fmt: skip
def test_weapons_found_beside_a_shooting(text: str, sub_event_type: str) -> None:
    assert _typed(text) == sub_event_type


@pytest.mark.parametrize(
    "text",
    [
        "Detectives recovered eleven shell casings from the parking lot.",
        "A boy of nine is recovering in hospital from a stray bullet that struck him inside his home in Dayton.",
    ],
)
def test_casings_and_recovering_victims_take_no_territory_or_weapons_type(text: str) -> None:
    assert _typed(text) not in ("Disrupted weapons use", "Government regains territory")


@pytest.mark.parametrize(
    "text",
    [
        '"I fell to my knees and prayed," a witness said after two men were shot outside the bar.',
        "Deputies said the gunman, hit by return fire as he fled, was captured near a creek an hour later.",
        "A man was wounded in the leg at a gas station; a deputy gave first aid and paramedics took over his care.",
    ],
)
def test_falling_or_a_capture_of_a_person_takes_no_ground(text: str) -> None:
    assert _typed(text) not in ("Non-state actor overtakes territory", "Government regains territory")


def test_a_vigil_after_a_shooting_does_not_type_it() -> None:
    text = (
        "Two men were wounded by gunfire near a church in Dayton on Sunday night. Neighbours held a candlelight "
        "vigil for them on Monday."
    )
    assert _typed(text) == "Attack"


def test_an_arrest_told_with_the_shooting_does_not_type_it() -> None:
    text = "Police arrested a 24-year-old man on Saturday after he shot and killed his neighbour in Lansing."
    assert _typed(text) == "Attack"
    assert _typed("Security forces arrested three opposition activists in the capital on Monday.") == "Arrests"
