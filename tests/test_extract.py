"""Extraction: event mentions, typing, non-events, claims and assembly, sentence by sentence."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import pytest

from warwatch import geo, nlp
from warwatch.extract import extract_reports, may_hold_event
from warwatch.extract.background import is_figurative
from warwatch.models import ClaimKind, Document, Hedge, Place, Report, Victims
from warwatch.reconcile import report_tolls
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


def test_one_shot_who_died_in_another_report_is_not_wounded() -> None:
    text = "A man was shot on Pine Road on Saturday night.\n\nThe victim died on Tuesday, police said."
    doc = Document(id=Document.make_id(text), text=text, outlet="Test Wire", published=date(2016, 5, 12))
    tolls = [report_tolls(r) for r in extract_reports(doc, _nlp()(text), geo.default_gazetteer())]
    assert [t.fatalities.low for t in tolls if t.fatalities.known] == [1]
    assert not any(t.injured.known for t in tolls)


def test_a_death_in_the_headline_is_the_one_told_as_shot() -> None:
    text = (
        "Deadly Elm City shooting under investigation\n\nA man was shot on Oak Street on Saturday night, police said."
    )
    doc = Document(id=Document.make_id(text), text=text, outlet="Test Wire", published=date(2016, 5, 12))
    tolls = [report_tolls(r) for r in extract_reports(doc, _nlp()(text), geo.default_gazetteer())]
    assert [t.fatalities.low for t in tolls if t.fatalities.known] == [1]
    assert not any(t.injured.known for t in tolls)


def test_a_headline_and_the_lead_that_retells_it_make_one_report() -> None:
    text = (
        "Two wounded in Elm City shooting\n\n"
        "Police say a man and a woman were shot outside a bar on Oak Street on Saturday night. "
        "Both were taken to a hospital."
    )
    doc = Document(id=Document.make_id(text), text=text, outlet="Test Wire", published=date(2016, 5, 12))
    reports = extract_reports(doc, _nlp()(text), geo.default_gazetteer())
    assert len(reports) == 1
    assert report_tolls(reports[0]).injured.best == 2


def test_figures_told_sentences_after_the_incident_are_its_victims() -> None:
    text = (
        "A gunman opened fire at a birthday party on Oak Street on Saturday night, police said. "
        "Officers arrived within minutes. Neighbors said the music had been loud for hours. "
        "The street was closed until morning. Three people were treated for minor injuries."
    )
    doc = Document(id=Document.make_id(text), text=text, outlet="Test Wire", published=date(2016, 5, 12))
    reports = extract_reports(doc, _nlp()(text), geo.default_gazetteer())
    assert [report_tolls(r).injured.best for r in reports] == [3]


@pytest.mark.parametrize(
    "text",
    [
        "3 Shot Outside Laundromat on Pine Road\n\nDeputies said all three men were expected to live.",
        "Boy Shoots Himself With Relative's Rifle\n\nHe was flown to a children's hospital on Friday.",
        "Gunman Kills Two Outside Diner\n\nThe suspect fled in a gray sedan.",
        "Clerk Stabbed Behind Grocery on Ash Lane\n\nHer attacker ran off before officers came.",
        "Two Teens Wounded in Drive-By on Linden Court\n\nNeither boy was badly hurt, police said.",
        "Courier Found Strangled Inside Delivery Van\n\nA passer-by called police on Sunday.",
        "A farmer was treated for a bullet wound in his thigh on Monday.",
        "A clerk suffered a gunshot wound when a robber fired into the shop on Tuesday.",
        "A cook was grazed by a bullet fired through his kitchen window on Tuesday night.",
    ],
)
def test_a_harm_in_a_capitalised_headline_or_a_gunshot_wound_makes_a_report(text: str) -> None:
    assert _reports(text)


@pytest.mark.parametrize(
    "text",
    [
        "The Kills Announce New Album and World Tour",  # a band's name
        "Green Shoots of Recovery Appear in Ukraine's Economy",  # a plant's shoots
        "Heat Kills Crops Across Sudan",  # the weather, and no person harmed
        "Herders said their cattle grazed the land year round near Nyala.",  # grazing cattle
        "Fulani herders grazed their cattle near the village, where bullet casings were found.",
        "Surgeons at the hospital in Kharkiv treat hundreds of gunshot wounds every year.",  # a hospital's count
        "He still carries a bullet wound from his army days in Basra.",  # an old wound
    ],
)
def test_harm_words_of_a_band_a_crop_cattle_or_a_hospital_make_no_report(text: str) -> None:
    assert [r for r in _reports(text) if r.scope == "acled"] == []


def test_a_headline_figure_without_an_event_is_the_lead_reports() -> None:
    text = (
        "3 hurt on Oak Street\n\nA gunman opened fire at a birthday party on Oak Street on Saturday night, police said."
    )
    doc = Document(id=Document.make_id(text), text=text, outlet="Test Wire", published=date(2016, 5, 12))
    reports = extract_reports(doc, _nlp()(text), geo.default_gazetteer())
    assert [report_tolls(r).injured.best for r in reports] == [3]


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


def test_a_word_of_a_stations_name_is_no_figurative_agent() -> None:
    text = "Teen shot near park - KVRN Evening News Weather & Traffic\n\nA boy of 15 was shot by the park on Friday."
    sdoc = _nlp()(text)
    assert not any(is_figurative(t) for t in sdoc if t.lower_ == "shot")


def test_events_long_before_publication_are_background() -> None:
    text = "The town fell to the rebels in 1998 after a long siege."
    assert [r for r in _dated_reports(text, date(2021, 5, 4)) if r.scope == "acled"] == []


def test_the_figures_of_a_harm_told_as_background_stay_out_of_the_story() -> None:
    text = (
        "A guard was shot and wounded at the warehouse on Tuesday, police said.\n\n"
        "On June 4, 2009, a gunman opened fire at the same warehouse, killing 11 workers and wounding 20 others."
    )
    reports = _dated_reports(text, date(2016, 5, 12))
    assert reports and all(report_tolls(r).fatalities.low is None for r in reports)


def test_the_figures_of_a_harm_told_as_background_go_to_a_story_with_no_toll_of_its_own() -> None:
    text = (
        "A jury on Tuesday found a courier guilty over the shooting at a bottling plant.\n\n"
        "On March 3, 2011, the courier opened fire at the plant, killing 5 workers."
    )
    reports = _dated_reports(text, date(2016, 5, 12))
    assert [report_tolls(r).fatalities.best for r in reports] == [5]


@pytest.mark.parametrize(
    "text",
    [
        "Two men were shot and wounded outside a bakery on Friday night, police said. "
        "The shooting comes a week after a gunman killed nine people at a bowling alley across town.",
        "A teenager was wounded by gunfire near the river on Sunday. "
        "The incident came as the town mourned three bank tellers who were killed in a robbery in May.",
        "A guard was shot and wounded at the depot on Tuesday. Unlike the raid that killed four drivers at "
        "a warehouse in March, there was no sign the gunman knew the staff.",
        "A clerk was shot and wounded at a gas station on Saturday. The shooting came as deputies across "
        "the county have been on edge in the wake of ambushes in two towns earlier this month, that left six "
        "deputies dead.",
        "A guard was shot and wounded at the depot, the worst attack on the firm since the raid that killed "
        "four drivers at a warehouse on February 9.",
        "A guard was shot and wounded at the depot, the most violent attack on the firm since the raid that "
        "killed four drivers at a warehouse on February 9.",
    ],
)
def test_an_earlier_harm_recalled_beside_the_story_makes_no_report(text: str) -> None:
    reports = _dated_reports(text, date(2022, 3, 5))
    assert not any(c.kind == ClaimKind.KILLED for r in reports for c in r.claims)
    assert not any(r.trigger is not None and r.trigger.quote == "killed" for r in reports)


def test_the_day_of_a_harm_recalled_for_comparison_does_not_date_the_story() -> None:
    text = (
        "Guard wounded at depot\n\n"
        "A guard was shot and wounded at the depot, the worst attack on the firm since the raid on February 9."
    )
    reports = _dated_reports(text, date(2022, 3, 5))
    assert reports and all(
        r.when is not None and (r.when.start, r.when.precision) == (date(2022, 3, 5), 2) for r in reports
    )


@pytest.mark.parametrize(
    "text",
    [
        "Rebels seized the town by the small hours of Sunday, officials said on Tuesday.",
        # the scene the event is set in
        "In the calm of a foggy Sunday, rebels seized the town, officials said on Tuesday.",
    ],
)
def test_a_time_of_day_names_the_day_of_its_of_phrase(text: str) -> None:
    reports = _dated_reports(text, date(2021, 6, 3))  # a Thursday
    assert reports and all(r.when is not None and r.when.start == date(2021, 5, 30) for r in reports)


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


# --- denials, contests and hedges --------------------------------------------------------------

CONTESTED = [
    # a denial of the event itself, in a that-clause
    "Troops shot dead four marchers in the square on Friday. The interior ministry denied that its troops had fired "
    "on the marchers.",
    # an account of the event rejected or called false
    "Rebels said they had captured the hill town of Alto on Monday, a claim the army rejected.",
    "Militia fighters seized the river port on Sunday, their commander said. The defence ministry said the claim "
    "was false.",
    # an event negated in reported speech
    "Police killed three demonstrators outside the court on Tuesday, witnesses said. The governor said the police "
    "did not open fire.",
]


@pytest.mark.parametrize("text", CONTESTED)
def test_a_denial_of_occurrence_contests_the_report(text: str) -> None:
    reports = [r for r in _reports(text) if r.scope == "acled"]
    assert len(reports) == 1
    assert reports[0].contested
    assert any(c.kind == ClaimKind.DENIAL and c.hedge == Hedge.DENIED for c in reports[0].claims)


def test_a_denial_of_responsibility_does_not_contest() -> None:
    text = "A car bomb killed six people at a checkpoint on Monday. The group denied responsibility for the bombing."
    (report,) = [r for r in _reports(text) if r.scope == "acled"]
    assert not report.contested


def test_a_suspension_is_told_as_firmly_as_its_speech_verb() -> None:
    text = (
        "The ministry said on Monday that shelling of the port had been suspended. "
        "A local official said the army continued to shell the port."
    )
    (report,) = [r for r in _reports(text) if r.scope == "acled"]
    assert report.contested
    denial = next(c for c in report.claims if c.kind == ClaimKind.DENIAL)
    assert denial.hedge == Hedge.ATTRIBUTED


@pytest.mark.parametrize(
    ("text", "hedge"),
    [
        ("A bomb exploded in the market, and officials said the toll could rise to as many as 40.", Hedge.BELIEVED),
        ("A bomb exploded in the market. Medics said the toll might be as high as 40.", Hedge.BELIEVED),
    ],
)
def test_a_possible_toll_is_a_hedged_high(text: str, hedge: Hedge) -> None:
    report = _main(text)
    assert report is not None
    claim = next(c for c in report.claims if c.kind == ClaimKind.KILLED)
    assert (claim.low, claim.high, claim.hedge) == (None, 40, hedge)


# --- figures ------------------------------------------------------------------------------------

FIGURES = [
    # text, kind, (low, high) of the first figure, partial
    ("A shell hit the market; the health office later put the toll at 17.", ClaimKind.KILLED, (17, 17), False),
    ("After the blast, 9 people were treated in hospital for injuries.", ClaimKind.INJURED, (9, 9), False),
    # "of them" counts part of a crowd here, which is no toll: the figure is whole
    (
        "Soldiers opened fire on hundreds of people marching to the palace, killing at least 8 of them.",
        ClaimKind.KILLED,
        (8, None),
        False,
    ),
]


@pytest.mark.parametrize(("text", "kind", "bounds", "partial"), FIGURES)
def test_figures(text: str, kind: ClaimKind, bounds: tuple, partial: bool) -> None:
    report = _main(text)
    assert report is not None
    claim = next(c for c in report.claims if c.kind == kind)
    assert (claim.low, claim.high, claim.partial) == (*bounds, partial)


def test_a_victim_named_as_one_of_a_figure_is_part_of_it() -> None:
    report = _main("Police opened fire on the crowd, killing three people, one of them a young girl.")
    assert report is not None
    girl = next(c for c in report.claims if c.victims == Victims.CHILDREN)
    assert girl.partial


# --- typing, participants and asides -------------------------------------------------------------

MORE_TYPING = [
    # lethal fire on people described as protesting
    (
        "Soldiers opened fire on crowds protesting against a new tax outside the ministry, killing five.",
        "Excessive force against protesters",
    ),
    # a crowd that burns buildings riots; a mob that burns a body is a mob
    ("Crowds torched a police station and a bank in the town centre.", "Violent demonstration"),
    ("A mob dragged the suspect from the shop and set his body on fire.", "Mob violence"),
    # a participle before its noun is background, not an intervention
    ("Thousands marched peacefully through the capital holding photos of the jailed editor.", "Peaceful protest"),
    # what blamers say happened tells the weapon
    (
        "Explosions shook the depot on Monday. Officials blamed the rebels, saying the depot had been hit by rockets.",
        "Shelling/artillery/missile attack",
    ),
    # air defence bringing down weapons, and the explosions heard as it did
    (
        "Explosions were heard over the city as air defence units engaged the incoming drones.",
        "Disrupted weapons use",
    ),
    ("Two parties reached a deal in the capital on Friday to exchange prisoners.", "Agreement"),
]


@pytest.mark.parametrize(("text", "sub_event_type"), MORE_TYPING)
def test_more_typing_rules(text: str, sub_event_type: str) -> None:
    assert {r.sub_event_type for r in _reports(text) if r.scope == "acled"} == {sub_event_type}


def test_protest_mentions_of_one_place_and_day_make_one_report_of_the_gravest_kind() -> None:
    text = (
        "Police stormed a sit-in outside the parliament on Monday, killing 6 protesters. "
        "Witnesses said officers beat demonstrators with batons."
    )
    reports = [r for r in _reports(text) if r.scope == "acled"]
    assert [r.sub_event_type for r in reports] == ["Excessive force against protesters"]


NO_REPORT = [
    "The army launched an operation to retake the valley.",  # an infinitive of purpose is a goal
    "The two envoys held talks on a ceasefire in the capital.",  # what talks are about
    "Diplomats discussed how to restore a cessation of hostilities in the region.",  # a truce, not fighting
    "Hundreds marched on Sunday over the detention of a local journalist.",  # a protest's cause
]


@pytest.mark.parametrize("text", NO_REPORT)
def test_goals_topics_and_causes_are_not_events(text: str) -> None:
    types = {r.sub_event_type for r in _reports(text) if r.scope == "acled"}
    assert types <= {"Peaceful protest"}


def test_a_deal_referred_to_is_an_aside_beside_an_incident() -> None:
    text = (
        "A roadside bomb killed two soldiers near the bridge on Sunday. "
        "The ministers had returned from the capital under a deal meant to end the fighting."
    )
    types = {r.sub_event_type for r in _reports(text) if r.scope == "acled"}
    assert types == {"Remote explosive/landmine/IED"}


def test_claimed_responsibility_sets_actor1() -> None:
    text = "A suicide bomber killed 14 people at a mosque in Kabul on Friday. The Taliban claimed responsibility."
    report = _main(text)
    assert report is not None and report.actor1 is not None and "Taliban" in report.actor1.name


def test_a_dateline_is_not_the_subject() -> None:
    text = "HERAT, May 3 (Test Wire) - Taliban fighters overran the district centre of Obe on Sunday."
    report = _main(text)
    assert report is not None and report.actor1 is not None and "Taliban" in report.actor1.name


def test_a_paragraph_break_ends_a_sentence() -> None:
    text = (
        "The committee said 40 people had been wounded in the raid on the camp\n\n"
        "Witnesses said soldiers beat villagers in the market"
    )
    from warwatch.extract.sentences import sentences

    assert len(sentences(_nlp()(text))) == 2


# --- dates ---------------------------------------------------------------------------------------


def test_fighting_dated_to_its_own_day_is_a_report_of_that_day() -> None:
    text = (
        "Rebels captured the town of Oruzgan on Monday. "
        "Fighting continued on Tuesday around the airport, where troops had regrouped."
    )
    reports = _dated_reports(text, date(2015, 9, 29))
    assert {r.sub_event_type for r in reports} == {"Non-state actor overtakes territory", "Armed clash"}


def test_a_date_naming_another_event_does_not_date_the_trigger() -> None:
    text = "Workers held a rally against the coup of February 1 in the port city."
    (report,) = _dated_reports(text, date(2021, 2, 20))
    assert report.when is not None and report.when.start != date(2021, 2, 1)


def test_a_later_event_takes_the_date_of_the_one_before() -> None:
    text = (
        "A car bomb exploded at a checkpoint in the city on Saturday, killing nine people. "
        "About two hours later a suicide bomber blew himself up near a market, killing two."
    )
    reports = _dated_reports(text, date(2017, 10, 15))
    assert [r.when.start for r in reports if r.when] == [date(2017, 10, 14), date(2017, 10, 14)]


def test_denying_having_carried_out_an_attack_is_no_contest() -> None:
    text = "Gunmen killed five villagers near the river on Monday. The rebels denied carrying out the attack."
    assert not any(r.contested for r in _reports(text))


# --- accidents, narrated and remembered events, captives, retaken places ---------------------------

ROUND_SIX_TYPING = [
    # state forces retaking a place the other side left are regaining it
    (
        "Government troops took back the market town on Monday after the rebels withdrew overnight.",
        "Government regains territory",
    ),
    # armed men holding the people they carried off: an abduction, not only an attack
    (
        "Bandits stormed a village school on Friday. The army said the bandits were holding the pupils in a forest.",
        "Abduction/forced disappearance",
    ),
]


@pytest.mark.parametrize(("text", "sub_event_type"), ROUND_SIX_TYPING)
def test_round_six_typing_rules(text: str, sub_event_type: str) -> None:
    assert {r.sub_event_type for r in _reports(text) if r.scope == "acled"} == {sub_event_type}


ROUND_SIX_NO_REPORT = [
    # a weapon told as the content of a film, in a culture story
    "The documentary follows a family after the war. A single air strike is shown on a phone screen, "
    "and the director keeps the camera on the audience of a festival premiere. Critics praised the film.",
    # the remembered event of a commemoration
    "Villagers marked 30 years since the massacre on Sunday and laid wreaths at the memorial, "
    "at the hour the shelling began.",
    # a place used by aircraft is no weapon used
    "The rebels said the airfield was used by government warplanes.",
]


@pytest.mark.parametrize("text", ROUND_SIX_NO_REPORT)
def test_round_six_narrated_remembered_and_used_are_not_events(text: str) -> None:
    assert [r for r in _reports(text) if r.scope == "acled"] == []


def test_an_accidental_explosion_is_out_of_scope_with_its_toll() -> None:
    text = (
        "An explosion at a fertiliser depot killed 14 people on Monday. Officials said chemicals stored in "
        "the warehouse without proper safety measures caught fire, and there was no sign of an attack."
    )
    report = _main(text)
    assert report is not None and (report.scope, report.sub_event_type) == ("other", None)
    assert any(c.kind == ClaimKind.KILLED for c in report.claims)


@pytest.mark.parametrize(
    ("text", "actor2"),
    [("The army recaptured the hill town from the Islamic State group on Sunday.", "Islamic State")],
)
def test_the_side_a_place_is_taken_from_is_actor2(text: str, actor2: str) -> None:
    report = _main(text)
    assert report is not None and report.actor2 is not None and actor2 in report.actor2.name


def test_a_detention_by_foreign_forces_is_an_abduction() -> None:
    text = "Russian forces detained a local official in Melitopol on Friday, Ukrainian officials said."
    assert {r.sub_event_type for r in _reports(text) if r.scope == "acled"} == {"Abduction/forced disappearance"}


def _killed_by_victims(r: Report) -> list[tuple[str, int | None, str | None]]:
    return sorted((c.victims.value, c.low, c.side) for c in r.claims if c.kind == ClaimKind.KILLED)


ROUND_SEVEN = [
    # two victim groups, each with its own figure, left by the parse as the speakers' subject
    (
        "The car bomb near the stadium on Monday killed 25 Somali civilians and 4 US soldiers, local "
        "officials and the army said on Tuesday.",
        lambda r: _killed_by_victims(r) == [("civilians", 25, None), ("combatants", 4, "US")],
    ),
    # "X claimed the attack": the group that owns the attack is actor1
    (
        "A car bomb exploded outside the ministry in Mogadishu on Monday, killing five people. "
        "Al-Shabaab claimed the attack in a statement.",
        lambda r: r.actor1 is not None and "Shabaab" in r.actor1.name,
    ),
    # a descriptor word before a named group does not add an actor
    (
        "The paramilitary Rapid Support Forces took control of the town of El Fasher on Monday.",
        lambda r: r.actor1 is not None and r.actor1.name == "Rapid Support Forces",
    ),
    # what "the war has killed" is a running total, as is a figure "since the advance began"
    (
        "Rebels seized the town on Monday. The war between the army and the rebels has killed more than 9,000 people.",
        lambda r: all(c.cumulative for c in r.claims if c.kind == ClaimKind.KILLED),
    ),
    # the loser's withdrawal, dated by its own statement, belongs to the capture
    (
        "The rebels took control of the town on Monday. The army said on Tuesday that its forces had withdrawn.",
        lambda r: r.sub_event_type == "Non-state actor overtakes territory" and len(r.evidence) == 2,
    ),
    # "his forces" are the group of the leader who speaks
    (
        "Ali Ahmed, the leader of the Tigray People's Liberation Front, said on Sunday that his forces had "
        "fired rockets at the airport.",
        lambda r: r.actor1 is not None and "Tigray" in r.actor1.name,
    ),
    # a group's own account blaming another party for its act is a claim, not a second incident
    (
        "Islamic State fighters blew up the old mosque on Wednesday. The Islamic State news agency said a "
        "US air strike had destroyed the mosque.",
        lambda r: (
            r.sub_event_type == "Looting/property destruction"
            and any(c.kind == ClaimKind.RESPONSIBILITY and c.hedge == Hedge.CLAIMED for c in r.claims)
        ),
    ),
]


@pytest.mark.parametrize(("text", "check"), ROUND_SEVEN)
def test_round_seven_rules(text: str, check) -> None:  # type: ignore[no-untyped-def]
    reports = [r for r in _reports(text) if r.scope == "acled"]
    assert len(reports) == 1, reports
    assert check(reports[0])


def test_a_participle_describing_a_noun_is_no_event() -> None:
    text = "The rebels said the airport was used by federal jets bombing the region."
    assert [r for r in _reports(text) if r.scope == "acled"] == []


_LAGOS = Place("Lagos", country="Nigeria", lat=6.454, lon=3.395, geo_precision=1)
_LEKKI = Place("Lekki", country="Nigeria", lat=6.446, lon=3.477, geo_precision=1)
_KARRADA = Place("Baghdad - Karrada", country="Iraq", lat=33.31, lon=44.42, geo_precision=1)
_SHAAB = Place("Baghdad - Shaab", country="Iraq", lat=33.31, lon=44.42, geo_precision=1)
_IBADAN = Place("Ibadan", country="Nigeria", lat=7.378, lon=3.947, geo_precision=1)
_NEAR_LAGOS = Place("Lagos", country="Nigeria", lat=6.454, lon=3.395, geo_precision=2)
_IKORODU = Place("Ikorodu", country="Nigeria", lat=6.619, lon=3.507, geo_precision=1)


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        (_LAGOS, _LEKKI, True),  # a district told beside its city
        (_KARRADA, _SHAAB, False),  # two named districts of one city are two scenes
        (_LAGOS, _IBADAN, False),  # two cities
        (_NEAR_LAGOS, _IKORODU, True),  # the article's main place standing in, ~22 km away
        (_LAGOS, _IKORODU, False),  # two precise towns ~22 km apart
    ],
)
def test_places_of_one_scene_agree(a: Place, b: Place, agree: bool):
    from warwatch.extract.assemble import _places_agree

    assert _places_agree(a, b) is agree


def test_an_article_with_no_publication_date_still_yields_its_incidents():
    """Dates come only from absolute expressions: "on Tuesday" has nothing to count from."""
    text = (
        "A car bomb exploded at a market in Kirkuk on March 3, 2016, killing five people, police said.\n\n"
        "In a separate attack, gunmen killed two farmers near Hawija on Tuesday."
    )
    reports = _reports(text)
    by_place = {r.place.name.split(" - ")[0]: r for r in reports if r.place}
    bomb, raid = by_place["Kirkuk"], by_place["Hawija"]
    assert bomb.when is not None and (bomb.when.start, bomb.when.precision) == (date(2016, 3, 3), 1)
    assert raid.when is None
    assert all(r.claims for r in (bomb, raid))


def test_a_harm_counted_from_with_since_is_the_storys_own() -> None:
    text = "A gunman has been at large since the Tuesday shooting that killed his cousin at a farm, deputies said."
    reports = _dated_reports(text, date(2016, 5, 12))  # a Thursday
    killed = [r for r in reports if any(c.kind == ClaimKind.KILLED for c in r.claims)]
    assert killed and all(r.when is not None and r.when.start == date(2016, 5, 10) for r in killed)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a page's list of other stories' videos: their captions tell no incident of this page
        (
            "Boy, 6, hurt in Tarnwell shooting\n\n"
            "A bullet struck a boy, 6, in the arm inside a Tarnwell home on Friday, police said.\n\n"
            "0:48 Three killed in crash on Route 9 Pause\n\n"
            "1:52 Witness describes shooting that wounded five men downtown\n\n",
            1,
        ),
        # one clock time opening a line is no such list ("7:30 Two men were shot ...")
        ("Two men shot on Alder Road\n\n7:30 Two men were shot on Alder Road, police said.\n\n", 2),
    ],
)
def test_a_video_lists_captions_make_no_reports(text: str, expected: int) -> None:
    # the largest toll of the page's reports: the story's own, not a caption's
    tolls = [report_tolls(r) for r in _reports(text)]
    assert max((t.fatalities.best or 0) + (t.injured.best or 0) for t in tolls) == expected


def test_a_video_lists_captions_give_no_place() -> None:
    # the story names no place of its own; the captions of other stories' videos name Fresno
    text = (
        "Boy, 6, hurt in accidental shooting at home\n\n"
        "0:48 Fresno council votes on new budget Pause\n\n"
        "1:52 Fresno police chief speaks about downtown parking\n\n"
        "A boy, 6, fired his father's pistol on Friday and the bullet hurt his own hand, deputies said.\n\n"
    )
    reports = _reports(text)
    assert reports and all(r.place is None or r.place.name != "Fresno" for r in reports)
