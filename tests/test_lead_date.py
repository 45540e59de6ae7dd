"""A report dated only by its publication day takes the day its article's lead names."""

from __future__ import annotations

from datetime import date

import pytest

from warwatch import dates
from warwatch.dates import Timex
from warwatch.extract.assemble import _named_the_day_before
from warwatch.extract.sentences import doc_text
from warwatch.models import Document, Evidence, TimeSpan
from warwatch.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def _main(pipeline: Pipeline, text: str, published: date):
    reports = pipeline.analyze(Document(id="lead", text=text, published=published))
    assert reports, text
    return max(reports, key=lambda r: r.salience)


def test_the_lead_gives_the_day_the_first_sentence_leaves_out(pipeline: Pipeline):
    text = (
        "Four hurt in drive-by shooting\n\n"
        "A shooting outside a birthday party left four people wounded, police said.\n\n"
        "It happened around 11 p.m. Thursday on Elm Street, officers said."
    )
    report = _main(pipeline, text, date(2015, 9, 18))  # a Friday
    assert report.when is not None
    assert (report.when.start, report.when.precision) == (date(2015, 9, 17), 1)
    assert report.when.evidence is not None and report.when.evidence.quote.endswith("Thursday")
    assert text[report.when.evidence.start : report.when.evidence.end] == report.when.evidence.quote


def test_a_day_long_before_publication_is_background_not_the_events_day(pipeline: Pipeline):
    text = (
        "Man shot dead outside shop\n\n"
        "A man was shot dead outside a corner shop, police said.\n\n"
        "The shop had been robbed on March 3, 2015, the owner said."
    )
    report = _main(pipeline, text, date(2015, 9, 18))
    assert report.when is not None
    assert (report.when.start, report.when.precision) == (date(2015, 9, 18), 2)
    assert report.when.evidence is None


def test_a_day_in_the_reports_own_sentence_is_kept(pipeline: Pipeline):
    text = (
        "Two killed in shooting\n\n"
        "Two men were shot and killed on Tuesday night in a parking lot, police said.\n\n"
        "A witness said the gunman had argued with them on Monday."
    )
    report = _main(pipeline, text, date(2016, 5, 12))  # a Thursday
    assert report.when is not None and report.when.start == date(2016, 5, 10)


def test_doc_text_is_the_docs_text_joined_once(pipeline: Pipeline):
    sdoc = pipeline.nlp("Gunmen attacked a checkpoint.  Three soldiers were killed.\n")
    first = doc_text(sdoc)
    assert first == sdoc.text
    assert doc_text(sdoc) is first


def _toll_report(pipeline: Pipeline, text: str, published: date):
    reports = pipeline.analyze(Document(id="harm", text=text, published=published))
    tolled = [r for r in reports if any(c.kind.value in ("killed", "injured") for c in r.claims)]
    assert tolled, text
    return tolled[0]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        (  # a charge days later: the toll's day is the one tied to the shooting, not the charge's
            "Man charged after two killed\n\n"
            "A 22-year-old man was arrested Wednesday after two people were killed and one was wounded, police "
            "said.\n\nThe shooting happened around 10 p.m. Saturday outside a corner store on Pine Street.",
            date(2016, 5, 7),
        ),
        (  # "Saturday night's shooting": a day that modifies the word of the harm
            "Vigil held for slain father\n\n"
            "Two men were wounded, and one of them died on Monday, police said.\n\n"
            "Neighbours gathered to talk about Saturday night's shooting on Birch Avenue.",
            date(2016, 5, 7),
        ),
    ],
)
def test_a_toll_is_dated_to_the_day_of_the_harm(pipeline: Pipeline, text: str, day: date):
    report = _toll_report(pipeline, text, date(2016, 5, 12))  # a Thursday
    assert report.when is not None and report.when.start == day
    assert report.when.evidence is not None
    assert text[report.when.evidence.start : report.when.evidence.end] == report.when.evidence.quote


def test_harm_days_that_disagree_date_nothing(pipeline: Pipeline):
    """A round-up names one shooting on Monday and another on Saturday: no one day of the harm."""
    text = (
        "Teen charged after shootings\n\n"
        "A 17-year-old was charged Wednesday after two people were wounded, police said.\n\n"
        "One man was shot Monday on Oak Street. Another was shot Saturday on Elm Street."
    )
    report = _toll_report(pipeline, text, date(2016, 5, 12))
    assert report.when is not None and report.when.start not in (date(2016, 5, 7),)


def test_a_pages_stamp_does_not_date_the_report(pipeline: Pipeline):
    text = (
        "Two wounded in shooting Posted: Thursday, May 12, 2016 6:17 PM EDT\n\n"
        "Two men were wounded in a shooting outside a bar, police said.\n\n"
        "The shooting happened about 1 a.m. Wednesday on Main Street."
    )
    report = _toll_report(pipeline, text, date(2016, 5, 12))
    assert report.when is not None and report.when.start == date(2016, 5, 11)


_HARM = frozenset({"shoot", "shooting", "happen"})


@pytest.mark.parametrize(
    ("text", "day"),
    [
        (
            "A man was arrested Wednesday. The shooting happened around 10 p.m. Saturday on Pine Street.",
            date(2016, 5, 7),
        ),
        ("Neighbours met on Monday to talk about Saturday night's shooting.", date(2016, 5, 7)),
        ("He was charged Wednesday in the killing of a boy who was shot Monday and died Tuesday.", date(2016, 5, 9)),
        ("One man was shot Monday on Oak Street. Another was shot Saturday on Elm Street.", None),  # days disagree
        ("A man was arrested Wednesday and appeared in court Thursday.", None),  # no day of the harm
        # a day that dates a noun the harm's word is part of
        ("Deputies found a rifle on Monday at the May 7 shooting scene.", date(2016, 5, 7)),
        ("Deputies found a rifle on Monday near the scene of Saturday's shooting death.", date(2016, 5, 7)),
        # a day set right after a word of the harm as a noun dates it
        ("A man held Wednesday is a suspect in a shooting Saturday night on Elm Street.", date(2016, 5, 7)),
        # a verb whose object is the harm that befell or reached someone dates the harm
        ("A man was arrested Wednesday. Neighbours heard a shooting Saturday night on Elm Street.", date(2016, 5, 7)),
        # a verb of the course of the harm named as its subject dates the harm
        ("A man was arrested Wednesday. The shooting began around 2 a.m. Saturday at a bar.", date(2016, 5, 7)),
        ("Police came Wednesday, but the shooting started Saturday.", date(2016, 5, 7)),
        ("A man was arrested Wednesday. The standoff ended Monday.", None),  # no harm's course
        # a day counted from another event cannot be placed from the publication date: it tells no harm day
        ("A man was shot Saturday. His cousin was shot two days earlier on the same street.", date(2016, 5, 7)),
    ],
)
def test_the_day_the_parse_ties_to_the_harm(pipeline: Pipeline, text: str, day: date | None):
    from warwatch import dates

    published = date(2016, 5, 12)  # a Thursday
    timexes = dates.find_timexes(text, published)
    found = dates.day_told_with(timexes, pipeline.nlp(text), _HARM, published, within_days=365)
    assert (found.start if found else None) == day


@pytest.mark.parametrize(
    "text",
    [
        (  # the day of a statement told beside the toll comes after the harm
            "Three hurt outside house party\n\n"
            "Police said Sunday that three men were wounded and taken to a hospital.\n\n"
            "Officers found the men in the front yard of a house on Cedar Lane late Saturday."
        ),
        (  # a hospital visit the day after
            "Three wounded on Cedar Lane\n\n"
            "Detectives went to the hospital Sunday to talk to three men who were wounded.\n\n"
            "Officers found the men in the front yard of a house on Cedar Lane on Saturday."
        ),
    ],
)
def test_with_no_day_tied_to_the_harm_the_leads_earliest_day_is_the_harms(pipeline: Pipeline, text: str):
    report = _toll_report(pipeline, text, date(2016, 5, 9))  # a Monday
    assert report.when is not None and report.when.start == date(2016, 5, 7)


def test_a_night_takes_the_day_named_within_it(pipeline: Pipeline):
    text = (
        "Man killed in motel shooting\n\n"
        "A man was killed and two were wounded in a shooting at a motel overnight, police said.\n\n"
        "Two men opened fire about 1:30 a.m. Friday in the parking lot."
    )
    report = _toll_report(pipeline, text, date(2016, 5, 13))  # a Friday
    assert report.when is not None and report.when.start == date(2016, 5, 13)


def test_a_calendar_date_of_the_tolls_own_is_kept(pipeline: Pipeline):
    """The lead's earliest day corrects only a day read from the publication date, not a date written
    out beside the toll."""
    text = (
        "Two wounded in market shooting\n\n"
        "Police on May 10, 2016 found two men wounded at a street market, a spokesman said Wednesday.\n\n"
        "Officers had patrolled the market on Monday."
    )
    report = _toll_report(pipeline, text, date(2016, 5, 12))  # a Thursday
    assert report.when is not None and report.when.start == date(2016, 5, 10)


def test_a_report_with_no_toll_dated_only_by_publication_takes_the_harms_day(pipeline: Pipeline):
    text = (
        "No charges in accidental shooting\n\n"
        "The sheriff's office says no one will be charged after a boy was shot in the leg Tuesday night.\n\n"
        "Deputies said the gun went off by accident while his father was cleaning it."
    )
    report = _main(pipeline, text, date(2016, 9, 7))  # a Wednesday
    assert report.when is not None and (report.when.start, report.when.precision) == (date(2016, 9, 6), 1)


@pytest.mark.parametrize(
    "text",
    [
        (  # a charge's calendar date beside the toll; the day is the one the officers were sent out
            "Man charged May 10 after two wounded\n\n"
            "A man was charged May 10 after two men were wounded, police said.\n\n"
            "Officers were dispatched to Elm Street about 9 p.m. Saturday after neighbours heard gunfire."
        ),
        (
            "Two wounded on Elm Street\n\n"
            "Two men were wounded on Elm Street, police said on May 10.\n\n"
            "Officers were called to the street about 9 p.m. Saturday."
        ),
        (
            "Two wounded on Elm Street\n\n"
            "Two men were wounded on Elm Street, police said on May 10.\n\n"
            "Officers arrived at the corner shortly after 9 p.m. Saturday."
        ),
    ],
)
def test_with_no_day_tied_to_the_harm_the_first_responses_day_is_the_harms(pipeline: Pipeline, text: str):
    report = _toll_report(pipeline, text, date(2016, 5, 12))  # a Thursday
    assert report.when is not None and report.when.start == date(2016, 5, 7)


@pytest.mark.parametrize(
    "text",
    [
        (
            "Boy charged in friend's death\n\n"
            "A 13-year-old boy will face a manslaughter charge after his friend died of a single gunshot Tuesday "
            "night, police said.\n\nA judge found probable cause on Wednesday."
        ),
        (
            "Teen dies\n\nA teenager died of gunshot wounds late Tuesday behind a gym, police said.\n\n"
            "Officers found the gun on Wednesday."
        ),
    ],
)
def test_a_response_day_after_the_tolls_own_day_does_not_move_it(pipeline: Pipeline, text: str):
    """What officers or a judge found the next day comes after the harm: the toll keeps its own day."""
    report = _toll_report(pipeline, text, date(2016, 9, 8))  # a Thursday
    assert report.when is not None and report.when.start == date(2016, 9, 6)


def test_a_clock_time_tied_to_the_harm_whose_day_is_only_assumed_leaves_the_toll_to_the_harms_day(pipeline: Pipeline):
    """ "at 6:15 p.m." takes the publication day only by assumption: the day the shooting occurred on dates it."""
    text = (
        "Woman hurt in shooting\n\n"
        "A woman was wounded when a shot was fired at 6:15 p.m. outside a bar, police said.\n\n"
        "The shooting occurred on Saturday, officers said Monday."
    )
    report = _toll_report(pipeline, text, date(2016, 5, 9))  # a Monday
    assert report.when is not None and report.when.start == date(2016, 5, 7)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        (
            "Trial opens in park killing\n\nThe trial of a man charged with murder opened Monday.\n\n"
            "Prosecutors said the victim, 19, was gunned down in a city park on April 2, 2015.",
            date(2015, 4, 2),
        ),
        (
            "Teen dies in park\n\nA 19-year-old was gunned down in a city park on Saturday evening, and officers "
            "found a second man wounded on Sunday, police said Monday.",
            date(2016, 6, 11),
        ),
    ],
)
def test_gunned_down_tells_the_harms_day(pipeline: Pipeline, text: str, day: date):
    report = _toll_report(pipeline, text, date(2016, 6, 13))  # a Monday
    assert report.when is not None and report.when.start == day


def test_a_clock_time_with_no_day_beside_it_does_not_date_the_harm(pipeline: Pipeline):
    """ "at about 10 p.m." takes the last day mentioned, the arrest's: not the day of the shooting."""
    text = (
        "Man arrested in killing\n\n"
        "A man was arrested Wednesday in the killing of a cab driver, police said.\n\n"
        "The driver was shot at about 10 p.m. on Pine Street.\n\n"
        "The driver was found by officers on Saturday."
    )
    report = _toll_report(pipeline, text, date(2016, 5, 12))  # a Thursday
    assert report.when is not None and report.when.start == date(2016, 5, 7)


@pytest.mark.parametrize(
    "text",
    [
        (
            "Woman dies after shooting\n\n"
            "A woman died after she was shot on Oak Street, police said Monday.\n\n"
            "Her family said she had left a party about 8 p.m. Sunday."
        ),
        (
            "Woman dies after shooting\n\n"
            "Police said Monday that a woman was killed on Oak Street.\n\n"
            "Her family said she had left a party late Sunday."
        ),
    ],
)
def test_a_statement_on_the_day_after_a_stale_stamp_does_not_date_the_harm(pipeline: Pipeline, text: str):
    """The page is stamped Sunday but tells what police said Monday: that Monday is not the one before."""
    report = _toll_report(pipeline, text, date(2016, 5, 8))  # a Sunday
    assert report.when is not None and report.when.start == date(2016, 5, 8)


def test_the_leads_harm_day_dates_the_toll_when_later_harm_days_disagree(pipeline: Pipeline):
    """The story's own shooting is told in the lead; one recalled far below does not unsettle its day."""
    text = (
        "Teen charged in shooting\n\n"
        "A 17-year-old was charged Wednesday after a man was wounded, police said.\n\n"
        "The man was shot Monday night on Oak Street.\n\n"
        "Police said the teen had been arrested once before.\n\n"
        "Officers made two arrests on Elm Street last month.\n\n"
        "The neighbourhood has seen other violence.\n\n"
        "A woman was injured there in a drive-by.\n\n"
        "Neighbours said it was quiet.\n\n"
        "In another case, a man was shot on Saturday on Elm Street."
    )
    report = _toll_report(pipeline, text, date(2016, 5, 12))  # a Thursday
    assert report.when is not None and report.when.start == date(2016, 5, 9)


@pytest.mark.parametrize(
    ("text", "phrase", "inside"),
    [
        ("KANDO, May 9 (Crescent Wire) - Gunmen opened fire on a bus on Saturday.", "May 9", True),
        ("KANDO, May 9 (Crescent Wire) - Gunmen opened fire on a bus on Saturday.", "Saturday", False),
        ("Gunmen opened fire on a bus on May 9, police said.", "May 9", False),
        ("DAYTON (May 9, 2016) - Two men were shot on Saturday.", "May 9, 2016", True),
        # a dateline opening the paragraph under a headline
        ("Two shot near mall\n\nDAYTON (May 9, 2016) - Two men were shot on Saturday.", "May 9, 2016", True),
        # a section's numeral and an update's label are no place; a line far below the top is no dateline
        ("Raids in the valley\n\nII. (May 7, 2016) - Troops shelled a farm.", "May 7, 2016", False),
        ("Raids in the valley\n\nUPDATE (May 8) - A third body was found.", "May 8", False),
        ("Raids\n\nOne.\n\nTwo.\n\nThree.\n\nKANDO (May 8, 2016) - A third body was found.", "May 8, 2016", False),
    ],
)
def test_a_wire_datelines_date_is_the_filing_date(text: str, phrase: str, inside: bool):
    from warwatch import dates
    from warwatch.extract.assemble import _in_dateline

    [tx] = [tx for tx in dates.find_timexes(text, date(2016, 5, 9)) if tx.text == phrase]
    assert _in_dateline(text, tx) is inside


def test_opening_fire_is_firing(pipeline: Pipeline):
    from warwatch import dates

    text = "A gunman opened fire late Sunday outside a bar."
    [tx] = dates.find_timexes(text, date(2016, 5, 9))
    assert dates.told_with(tx, pipeline.nlp(text), {"fire"})
    assert not dates.told_with(tx, pipeline.nlp(text), {"open"})


_SCENE = {"shoot", "fire", "hit"}
_STRETCH = {"kill", "shoot", "charge"}
_HEARD = {"gunshot", "shot", "shooting"}


@pytest.mark.parametrize(
    ("text", "phrase", "lemmas", "tied"),
    [
        # a "when" clause ties the scene's day to the harm it tells
        ("Late Monday, two cousins were fixing a bike in a driveway when a van slowed and a man opened fire.",
         "Late Monday", _SCENE, True),
        ("After 9 p.m. Monday, she was jogging in a park when someone in a passing car fired at her.",
         "9 p.m. Monday", _SCENE, True),
        ("The boy was sitting on the porch late Saturday when he was shot in the leg.", "late Saturday", _SCENE, True),
        ("The boy was sitting on the porch late Saturday when his mother called him in.", "late Saturday", _SCENE,
         False),
        # what a thing was for is no scene
        ("He was carving the turkey he bought for Thanksgiving when a stray bullet hit the window.", "Thanksgiving",
         _SCENE, False),
        # a day that closes a stretch ties to no harm
        ("Nine people were shot in the county through May 3, the sheriff said.", "May 3", _STRETCH, False),
        ("As of Friday, nobody had been charged in the killing.", "Friday", _STRETCH, False),
        ("Fighters kept shooting at the post until Monday.", "Monday", _STRETCH, False),
        ("A man was killed on Monday outside a bar.", "Monday", _STRETCH, True),
        # a witness, a call or a report of the harm ties its day to it
        ("A cashier heard shots outside the store late Friday.", "late Friday", _HEARD, True),
        ("A witness saw the shooting late Sunday from her porch.", "late Sunday", _HEARD, True),
        ("Neighbours heard the news on Monday and gathered outside.", "Monday", _HEARD, False),  # no harm heard
        ("A neighbour's call about shots by the canal came in late Sunday.", "late Sunday", _HEARD, True),
        ("A call about hearing gunshots near the pier reached the desk on Saturday.", "Saturday", _HEARD, True),
        ("A report on the new budget was released Monday.", "Monday", _HEARD, False),
        ("The shooting was reported to deputies late Sunday.", "late Sunday", _HEARD, True),
        ("Police reported Monday that the shooting victim had been released.", "Monday", _HEARD, False),
    ],
)  # fmt: skip
def test_told_with_table(pipeline: Pipeline, text: str, phrase: str, lemmas: set[str], tied: bool):
    from warwatch import dates

    [tx] = [tx for tx in dates.find_timexes(text, date(2016, 5, 9)) if tx.text == phrase]
    assert dates.told_with(tx, pipeline.nlp(text), lemmas) is tied


@pytest.mark.parametrize(
    ("text", "day"),
    [
        (  # a sentencing story names the day of the killing, two years back, in its lead
            "Man sentenced for killing\n\n"
            "A man was sentenced Tuesday to 30 years in prison for killing two men.\n\n"
            "The men were shot on June 3, 2014, outside a bar on Pine Street.",
            date(2014, 6, 3),
        ),
        (  # an old shooting recalled far below the lead is background, not the toll's day
            "Man wounded on Pine Street\n\n"
            "A man was wounded, police said Wednesday.\n\n"
            "Police said he had been at a party.\n\n"
            "Officers are looking for a car.\n\n"
            "Neighbours said the street is quiet.\n\n"
            "The bar was sold last year.\n\n"
            "Its owner lives nearby.\n\n"
            "He was not hurt.\n\n"
            "A woman was shot there on June 3, 2014.",
            date(2016, 5, 11),
        ),
    ],
)
def test_a_harm_day_years_back_dates_the_toll_only_from_the_lead(pipeline: Pipeline, text: str, day: date):
    report = _toll_report(pipeline, text, date(2016, 5, 12))  # a Thursday
    assert report.when is not None and report.when.start == day


@pytest.mark.parametrize(
    "text",
    [
        (  # an arrest weeks later, told by weekday, beside the harm's day written out
            "Suspect arrested in store clerk's death\n\n"
            "Police arrested a man Monday in connection with the April 2 death of a store clerk.\n\n"
            "The clerk was found with a gunshot wound behind the counter."
        ),
        (  # a family's appeal dated by publication alone
            "Family of store clerk asks for help\n\n"
            "The family of a store clerk asked for donations to a scholarship fund after the April 2 robbery.\n\n"
            "The clerk was shot behind the counter, police said."
        ),
    ],
)
def test_a_follow_up_takes_the_harms_day_its_lead_writes_out(pipeline: Pipeline, text: str):
    report = _toll_report(pipeline, text, date(2016, 5, 12))  # a Thursday, six weeks on
    assert report.when is not None and report.when.start == date(2016, 4, 2)


@pytest.mark.parametrize(
    "text",
    [
        (  # a past perfect tells of something before the story's own events
            "Store clerk shot\n\nA store clerk was shot, police said Monday.\n\nThe store had been robbed on April 2."
        ),
        (  # a day after "since" opens a period
            "Store clerk shot\n\n"
            "A store clerk was shot, police said Monday.\n\n"
            "Since the new owner took over on April 2 the store has stayed open all night."
        ),
        (  # a photo caption's date
            "Store clerk shot\n\n"
            "A store clerk was shot, police said Monday.\n\n"
            "Police tape is seen outside a store on Elm Street, April 2, 2016. (Reuters)"
        ),
    ],
)
def test_a_written_date_of_the_storys_background_does_not_date_the_toll(pipeline: Pipeline, text: str):
    report = _toll_report(pipeline, text, date(2016, 5, 12))  # a Thursday
    assert report.when is not None and report.when.start == date(2016, 5, 9)


@pytest.mark.parametrize(
    "text",
    [
        (  # a court appearance opens the story
            "Teen appears in court\n\n"
            "A teenager appeared in court Monday after two brothers were wounded on Elm Street.\n\n"
            "The brothers were walking home around 11 p.m. Wednesday when a car pulled up, police said."
        ),
        (  # a vigil
            "Neighbours mourn boy\n\n"
            "Neighbours gathered Monday for a boy who was shot on his porch.\n\n"
            "He was sitting outside with his sister late Wednesday, police said."
        ),
        (  # a plea
            "Teen pleads guilty\n\n"
            "A teenager pleaded guilty Monday in the shooting that wounded two brothers on Elm Street.\n\n"
            "The brothers were walking home late Wednesday, prosecutors said."
        ),
    ],
)
def test_the_day_of_a_follow_up_step_does_not_date_the_harm(pipeline: Pipeline, text: str):
    report = _toll_report(pipeline, text, date(2016, 5, 12))  # a Thursday
    assert report.when is not None and report.when.start == date(2016, 5, 11)


def test_a_word_of_the_present_dates_no_harm(pipeline: Pipeline):
    text = (
        "Teen shot at park now faces charges\n\n"
        "A teenager who was wounded at a park on Sunday has been charged with robbery, police said."
    )
    reports = pipeline.analyze(Document(id="now", text=text, published=date(2016, 5, 12)))  # a Thursday
    assert reports and all(r.when is not None and r.when.start == date(2016, 5, 8) for r in reports)


def test_the_day_of_a_recalled_harm_is_not_the_harms_day(pipeline: Pipeline):
    text = (
        "Two hurt outside bakery\n\n"
        "Two men were shot and wounded outside a bakery, police said.\n\n"
        "The shooting comes a week after a gunman killed nine people at a bowling alley on May 2."
    )
    report = _toll_report(pipeline, text, date(2016, 5, 12))
    assert report.when is not None and (report.when.start, report.when.precision) == (date(2016, 5, 12), 2)


_FILLER = " ".join(f"Neighbour number {n} said the street is usually quiet." for n in range(1, 10))


def test_the_one_harm_day_an_article_names_dates_its_undated_lead(pipeline: Pipeline):
    text = (
        "Two hurt in porch shooting\n\n"
        "Two men were hurt when gunfire hit a house on Larch Lane, police said.\n\n"
        f"{_FILLER}\n\n"
        "Witnesses said the shots were fired at the porch on Saturday night."
    )
    report = _main(pipeline, text, date(2016, 5, 9))  # a Monday
    assert report.when is not None and report.when.start == date(2016, 5, 7)


@pytest.mark.parametrize(
    ("later", "day"),
    [
        ("The foreign ministry recalled its ambassador on Tuesday.", date(2016, 5, 10)),
        ("Last Friday, the envoy met rebel leaders.", date(2016, 5, 6)),
    ],
)
def test_a_day_of_other_news_far_below_does_not_date_an_undated_lead(pipeline: Pipeline, later: str, day: date):
    text = (
        "Airstrike hits market\n\n"
        "An airstrike hit a crowded market in the north, killing four people, officials said.\n\n"
        f"{_FILLER}\n\n"
        f"{later}"
    )
    report = _main(pipeline, text, date(2016, 5, 12))  # a Thursday
    assert report.when is None or report.when.start != day


@pytest.mark.parametrize(
    "recall",
    [
        # the story's shooting counted among several of the month: the next sentence tells an earlier one
        "It is the second party shooting in Dorrance this month. On May 2, gunfire erupted at a retirement party "
        "and a man was killed.",
        "Quarry Road has seen teens hit by gunfire for the third time within a month. On May 2, a boy was hurt "
        "by shots from a passing car.",
        # a sentence whose subject is another shooting
        "The other shooting on the tram line happened on May 2, when a man was killed near the depot.",
        "In another shooting on May 2, a man was killed outside a Dorrance bar.",
        # a clause opened by "since" tells the harm that began a stretch
        "Neighbours said the block had been quiet since a teen was knifed outside the laundromat on May 2.",
        "Police have patrolled the block since the shooting of a teen outside the laundromat on May 2.",
    ],
)
def test_the_day_of_an_earlier_harm_told_after_the_lead_is_not_the_harms_day(pipeline: Pipeline, recall: str):
    text = (
        "Three hurt at Dorrance house party\n\n"
        "Three people were wounded at a backyard party in Dorrance, police said.\n\n"
        "Deputies went to the home on Tolle Street late Friday.\n\n"
        f"{recall}"
    )
    report = _toll_report(pipeline, text, date(2016, 5, 14))  # a Saturday
    assert report.when is not None and report.when.start == date(2016, 5, 13)


@pytest.mark.parametrize(
    "text",
    [
        # "another" counting the story's own victims recalls no other harm
        "Two hurt in Dorrance\n\nA man was shot, along with another woman, late Friday on Quarry Road in Dorrance, "
        "police said.",
        "Two hurt in Dorrance\n\nPolice said two teens were wounded late Friday. Another shooting victim, a man, "
        "walked into a hospital late Friday.",
    ],
)
def test_another_victim_of_the_storys_own_harm_keeps_its_day(pipeline: Pipeline, text: str):
    report = _toll_report(pipeline, text, date(2016, 5, 14))  # a Saturday
    assert report.when is not None and report.when.start == date(2016, 5, 13)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        (
            "Marrow man charged in cousin's death\n\n"
            "A Marrow man was charged Thursday with manslaughter, a day after he shot his cousin dead by mistake "
            "at a deer camp on Vane Street, police said.",
            date(2016, 5, 11),
        ),
        (
            "Two hurt in Pellory\n\n"
            "Gunfire hurt two men Thursday in Pellory, two days after a teen was shot and killed a block "
            "away, police said.",
            date(2016, 5, 12),
        ),
    ],
)
def test_a_harm_counted_from_a_follow_ups_day_keeps_that_count(pipeline: Pipeline, text: str, day: date):
    """ "charged Thursday ..., a day after he shot": the toll's day is the one counted back, not the charge's."""
    report = _main(pipeline, text, date(2016, 5, 13))  # a Friday
    assert report.when is not None and report.when.start == day


def _span(day: date, quote: str, start: int) -> TimeSpan:
    return TimeSpan(day, day, 1, Evidence("t", start, start + len(quote), quote))


@pytest.mark.parametrize(
    ("quote", "own", "value", "assumed", "kept"),
    [
        # an evening or a night named by itself the day before the publication day's harm day keeps its day
        ("Sunday night", date(2016, 5, 15), "2016-05-15TNI", False, True),
        ("10:30 p.m. Sunday", date(2016, 5, 15), "2016-05-15T22:30", False, True),
        ("Sunday evening", date(2016, 5, 15), "2016-05-15TEV", False, True),
        # a harm of the day itself may well be news the same day
        ("Sunday", date(2016, 5, 15), "2016-05-15", False, False),
        ("Sunday morning", date(2016, 5, 15), "2016-05-15TMO", False, False),
        # a clock time's assumed day names none; a day two days back is no news of the day before
        ("9:30 p.m.", date(2016, 5, 15), "2016-05-15T21:30", True, False),
        ("Saturday", date(2016, 5, 14), "2016-05-14", False, False),
        ("Monday", date(2016, 5, 16), "2016-05-16", False, False),
    ],
)
def test_a_toll_named_the_day_before_a_publication_day_harm_day_keeps_it(
    quote: str, own: date, value: str, assumed: bool, kept: bool
):
    harm_day = _span(date(2016, 5, 16), "Monday", 100)  # the publication day, read from context
    when = _span(own, quote, 10)
    kind = "TIME" if "T" in value else "DATE"
    tx = Timex(10, 10 + len(quote), quote, kind, value, when, day_assumed=assumed)
    assert _named_the_day_before(when, harm_day, [tx]) is kept


@pytest.mark.parametrize(
    "other",
    [
        # what "occurs" or "happens" beside the harm without being it dates nothing of the harm
        "The theft occurred May 2, and a pistol taken then was later used in the killing.",
        "The burglary happened May 2, and a pistol taken then was later used in the killing.",
        # nor does a harm done by something else: through a relative clause on it, or as the subject
        "Police traced the pistol to a theft that happened May 2 in a nearby town.",
        "Officers also spoke of the crash that injured a deputy on May 2 during a chase.",
        "A collision killed two men on May 2 on the same road.",
    ],
)
def test_a_day_something_else_occurred_is_not_the_harms_day(pipeline: Pipeline, other: str):
    text = (
        "Gun used in Pellory killing was stolen\n\n"
        "Pellory police said a teen was shot dead with a pistol taken in a break-in.\n\n"
        "Ansel Poole, 17, was shot and killed on May 9.\n\n"
        f"{other}"
    )
    report = _toll_report(pipeline, text, date(2016, 6, 20))
    assert report.when is not None and report.when.start == date(2016, 5, 9)


@pytest.mark.parametrize(
    ("published", "day"),
    [
        (date(2017, 1, 28), date(2014, 8, 9)),  # a crawl's date came with the page: its stamp tells the week
        (date(2014, 8, 10), date(2014, 8, 9)),  # the page's own date
    ],
)
def test_a_stale_publication_date_gives_way_to_the_pages_own_stamp(pipeline: Pipeline, published: date, day: date):
    text = (
        "Man hurt in Orrin Street shooting\n\n"
        "Updated: 08/10/2014 4:26 PM\n\n"
        "A man was shot in the leg on Orrin Street on Saturday night, Kestford police said."
    )
    report = _main(pipeline, text, published)
    assert report.when is not None and report.when.start == day


def test_a_stamp_near_the_publication_date_or_without_its_year_changes_nothing() -> None:
    text = "Man hurt in shooting\n\nPosted: Monday 4:26 PM\n\nA man was shot on Saturday night."
    found = dates.find_timexes(text, date(2017, 1, 28))
    assert dates.posted_day(text, found, date(2017, 1, 28)) is None
    text = "Man hurt in shooting\n\nPosted: 01/26/2017 4:26 PM\n\nA man was shot on Saturday night."
    assert dates.posted_day(text, dates.find_timexes(text, date(2017, 1, 28)), date(2017, 1, 28)) is None
    text = "Man hurt in shooting\n\nPosted: 01/20/2017 4:26 PM\n\nA man was shot on Saturday night."
    assert dates.posted_day(text, dates.find_timexes(text, date(2017, 1, 28)), date(2017, 1, 28)) == date(2017, 1, 20)


@pytest.mark.parametrize(
    "text",
    [
        "Two hurt at Norwood wake\n\nTwo mourners were wounded by gunfire as they stood outside a wake on Birch "
        "Street in Norwood on Friday, police said.\n\nRelatives had come for the wake of a Norwood man, who died "
        "May 2 after a long illness.",
        "Three hurt at Norwood vigil\n\nThree people were hurt when someone fired several rounds at mourners at a "
        "candlelight vigil Friday in Norwood, police said.\n\nThe vigil was held for a man who was stabbed May 2.",
    ],
)
def test_the_death_a_gathering_honors_does_not_date_a_harm_at_that_gathering(pipeline: Pipeline, text: str):
    """A shooting at a vigil or a funeral: the day of the death the gathering is held for came before it."""
    report = _toll_report(pipeline, text, date(2016, 5, 14))  # a Saturday
    assert report.when is not None and report.when.start == date(2016, 5, 13)


def test_a_vigil_for_the_victim_of_the_storys_own_harm_keeps_the_harms_day(pipeline: Pipeline):
    """No harm comes at the vigil: the day told of the one it is held for is the story's harm's."""
    text = (
        "Norwood remembers slain teen\n\n"
        "Friends held a vigil Friday for a woman who was stabbed to death May 2 in Norwood, police said."
    )
    report = _toll_report(pipeline, text, date(2016, 5, 14))  # a Saturday
    assert report.when is not None and report.when.start == date(2016, 5, 2)


@pytest.mark.parametrize(
    "text",
    [
        "The boy suffered a gunshot wound Saturday.",
        "The officer sustained a gunshot wound late Saturday.",
        "A neighbour heard gunshots late on Saturday.",
        # the verb set after its object as a participle
        "He was treated for a gunshot sustained Saturday in the chest.",
    ],
)
def test_a_harm_that_befell_someone_on_a_day_is_tied_to_that_day(pipeline: Pipeline, text: str):
    from warwatch import dates

    [tx] = [tx for tx in dates.find_timexes(text, date(2016, 5, 9)) if "Saturday" in tx.text]
    assert dates.told_with(tx, pipeline.nlp(text), {"gunshot"})


@pytest.mark.parametrize(
    ("place", "lemma", "pos", "dated"),
    [
        ("Street", "street", "PROPN", "shot"),  # a street has no day: the day is the verb's it is the place of
        ("block", "block", "NOUN", "shot"),
        ("party", "party", "NOUN", "party"),  # a noun of an event keeps the day the parse hangs on it
    ],
)
def test_a_day_the_parse_hangs_on_a_street_dates_the_verb_of_the_place(
    pipeline: Pipeline, place: str, lemma: str, pos: str, dated: str
):
    from spacy.tokens import Doc

    from warwatch import dates

    words = ["Two", "men", "were", "shot", "on", "the", place, "Monday", "night", "."]
    heads = [1, 3, 3, 3, 3, 6, 4, 8, 6, 3]
    deps = ["nummod", "nsubjpass", "auxpass", "ROOT", "prep", "det", "pobj", "compound", "appos", "punct"]
    tags = ["NUM", "NOUN", "AUX", "VERB", "ADP", "DET", pos, "PROPN", "NOUN", "PUNCT"]
    lemmas = ["two", "man", "be", "shoot", "on", "the", lemma, "Monday", "night", "."]
    sdoc = Doc(pipeline.nlp.vocab, words=words, heads=heads, deps=deps, pos=tags, lemmas=lemmas)
    text = sdoc.text
    [tx] = [tx for tx in dates.find_timexes(text, date(2016, 5, 9)) if tx.text == "Monday night"]
    governor = dates.governor(tx, sdoc)
    assert governor is not None and governor.text == dated
