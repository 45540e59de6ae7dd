"""Assembly: event mentions of one document -> incident reports, with actors, place, time, claims and salience.

Mentions of one incident are merged into one report when their types agree and their
places and dates do not contradict each other; a mention whose occurrence is called
off or denied ("strikes were suspended") makes no report of its own but, near a report
of the same type, marks it contested and adds a DENIAL claim. Figures are attached to
the report of the sentence they stand in. Reports of harm with tolls that the article
dates to one day at one place are one incident told in different words (a headline and
the lead that retells it), and a victim told of only as shot in one report is the one
whose death another report, or an opening line no figure counts, tells, when that is the
article's only death.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from .. import dates, geo
from ..actors import Actor, ActorDictionary, word_kinds
from ..models import ActorRef, Claim, ClaimKind, Document, Evidence, Hedge, Place, Report, TimeSpan
from ..taxonomy import disorder_type_of, event_type_of
from .attribution import HEDGE_RANK, attribution, speech_verb
from .background import NARRATED_DOMAINS, commemorative, off_domain, recalled_clause
from .claims import sentence_claims
from .classify import COMPATIBLE_TYPES, as_accident, type_mention
from .cues import _WEAPON_CUES
from .denials import Denial, find_denial
from .events import _TERRITORY_NOUNS, _WEAPON_NOUNS, FIND_VERBS, Mention, find_mentions
from .sentences import doc_text, sentences

#: A denial ("the ministry says shelling was suspended") contests a report of the same type
#: only when one of its mentions stands within this many sentences (calibrated on the
#: worked example and the sample articles: a contradiction is told in adjacent paragraphs).
DENIAL_WINDOW_SENTENCES = 3
#: An event dated this many days or more before publication is background to the story, not a
#: new report ("Grenade attacks were common in the 1990s", "the city fell in January 2014");
#: a year, so that a report on last month's or last season's fighting is still coded.
BACKGROUND_DAYS = 365
#: A report first told in the opening sentences (LEAD_SENTENCES, the story's subject) whose own
#: sentence names no day takes the first day the article's opening names: news leads give the day
#: once ("A shooting left four hurt. Police say a car opened fire late Thursday"), within this many
#: sentences (headline lines count) and this many days before publication. Without one it keeps the
#: publication date at week precision, as ACLED codes an undated report.
LEAD_DATE_SENTENCES = 8
LEAD_DATE_DAYS = 30
#: A story about a trial or an anniversary may come years after the harm and still name its day ("the
#: shooting on March 1, 2014"); that day is the toll's when no harm day lies within BACKGROUND_DAYS.
#: Ten years: the span of a long trial and its appeals.
HARM_DAY_REACH_DAYS = 10 * 365
#: Salience weights (set by hand so that the lead incident of the sample articles wins):
#: a report first told in the opening sentences is the story's subject; every further
#: mention adds; a toll adds with its logarithm so that one large figure does not drown the rest.
LEAD_SENTENCES = 2
LEAD_BONUS = 1.0
TOLL_WEIGHT = 0.3
#: Reports outside ACLED's scope (disasters, crime) count for less when an article also
#: tells of political violence, because the violence is what the article is coded for.
OTHER_SCOPE_FACTOR = 0.8

#: Nouns that name where something stands: the territory nouns plus the ways and crossings on them.
_PLACE_NOUNS = _TERRITORY_NOUNS | {"bridge", "road", "border", "checkpoint", "highway"}


# Verbs whose doers are protesters, when they describe the people a violent act was aimed at.
_PROTEST_VERBS = frozenset(["protest", "demonstrate", "march", "rally", "picket", "gather"])

# Buildings and monuments: blowing one up with no one hurt is destruction of property.
_BUILDING_NOUNS = frozenset(
    ["mosque", "church", "shrine", "temple", "minaret", "monument", "bridge", "house", "home", "building", "tomb"]
)


# ACLED codes one protest event per place and day, with the gravest treatment the protesters
# met: force that kills outranks an intervention, which outranks a peaceful gathering.
_PROTEST_SEVERITY = {
    "Peaceful protest": 1,
    "Protest with intervention": 2,
    "Excessive force against protesters": 3,
    # demonstrators' own violence makes the whole gathering a riot in ACLED's coding
    "Violent demonstration": 4,
}


#: How far a place given only as "near X" or as the article's main place may be from a precise
#: place and still be the same event's: the radius of a large city (Lagos' Lekki lies ~20 km from
#: its centre); calibrated on the sample corpus, where no two distinct incidents are this close
#: on the same day.
_NEAR_PLACE_KM = 30.0
#: How far two precise places may be and still be one scene told twice in an article: a district
#: and the city it is in (Lekki is ~9 km from Lagos' centre point); below the distance between
#: neighbouring towns in the conflict areas of the sample corpus (Mosul-Hammam al-Alil ~25 km).
_SAME_CITY_KM = 15.0


def _severity(m: Mention) -> int:
    return _PROTEST_SEVERITY.get(m.sub_event_type or "", 0)


@dataclass(eq=False)  # one incident in the making: two drafts are the same only when they are one object
class _Draft:
    mentions: list[tuple[int, Mention]] = field(default_factory=list)  # (sentence index, mention)
    claims: list[Claim] = field(default_factory=list)
    place: Place | None = None
    when: TimeSpan | None = None
    actors1: list[tuple[Actor, Evidence]] = field(default_factory=list)
    actors2: list[tuple[Actor, Evidence]] = field(default_factory=list)
    contested: bool = False

    @property
    def lead(self) -> Mention:
        """The mention that types the report: a specific one ("a grenade") over a bare one ("the attack"),
        and a harm told by its verb over weapons found beside it ("a man was shot ... officers found a
        revolver"), a calm gathering ("a vigil for the boy") or an arrest: ACLED gives the harm its own
        event, and counts no one killed in a Disrupted weapons use, a Peaceful protest or an Arrest."""
        beside = {id(m) for _, m in self.mentions if _beside_the_harm(m)}
        harmed = any(
            id(m) not in beside
            and m.cls in _HARM_CLASSES
            and m.trigger.pos_ in ("VERB", "AUX")
            and m.trigger.dep_ not in ("acl", "amod")  # "the bodies of fighters killed in X": no clause of its own
            for _, m in self.mentions
        )
        if not harmed:
            beside = set()
        return max(
            self.mentions,
            key=lambda sm: (
                id(sm[1]) not in beside,
                not sm[1].generic,
                _severity(sm[1]),
                sm[1].weight,
            ),
        )[1]

    @property
    def bare(self) -> bool:
        return all(m.generic for _, m in self.mentions)

    @property
    def last_sentence(self) -> int:
        return max(s for s, _ in self.mentions)


def assemble(doc: Document, sdoc: Any, gazetteer: geo.Gazetteer, dictionary: ActorDictionary) -> list[Report]:
    """The reports of one document."""
    clips = _clip_captions(doc.text)
    # another story's video caption on the page tells neither an incident nor its place
    place_mentions = [
        m for m in geo.locate(sdoc, gazetteer, doc.id, doc.url) if not any(a <= m.start < b for a, b in clips)
    ]
    outlet_town = _outlet_town(gazetteer, doc.url, place_mentions)
    found = dates.find_timexes(doc.text, doc.published, doc_id=doc.id, sdoc=sdoc)
    posted = dates.posted_day(doc.text, found, doc.published)
    if posted is not None:  # a crawl's date came with the page: its own stamp dates the story's telling
        doc = replace(doc, published=posted)
        found = dates.find_timexes(doc.text, doc.published, doc_id=doc.id, sdoc=sdoc)
    # a page's "Posted: <date>" stamp dates the page, never an event on it
    timexes = dates.without_stamps(doc.text, found)
    timexes = [tx for tx in timexes if not _in_dateline(doc.text, tx)]
    # a bare weekday a week back may be the day after a stale stamp: it dates the harm only when tied to it
    timexes = [
        tx for tx in timexes if not dates.after_stamp(tx, doc.published) or dates.told_with(tx, sdoc, _HARM_WORDS)
    ]
    country = dictionary.country_of(doc.text)
    domain = off_domain(sdoc)
    figurative_doc = domain is not None
    narrated = domain in NARRATED_DOMAINS
    accidental = _ACCIDENT.search(doc.text) is not None
    drafts: list[_Draft] = []
    stopped: list[tuple[int, Mention]] = []
    responsibility: list[tuple[int, Mention]] = []
    pending: list[tuple[int, list[Claim], bool]] = []
    denials: list[tuple[int, Denial]] = []
    sents = sentences(sdoc)
    for si, sent in enumerate(sents):
        if any(start <= sent.start_char < end for start, end in clips):
            continue
        mentions = find_mentions(sent)
        denial = find_denial(sent, doc.outlet)
        if denial is not None:
            denials.append((si, denial))
            mentions = [m for m in mentions if m.trigger.i not in denial.tokens]
        claims = sentence_claims(sent, doc.id, doc.outlet)
        mentions, claims = _without_recalled(mentions, claims)
        placed: list[_Draft] = []
        recalled = False
        for m in mentions:
            a1 = _possessor_actors(m.agent, dictionary, country, doc.id) or _actors(
                m.agent, dictionary, country, doc.id
            )
            a2 = _actors(m.patient, dictionary, country, doc.id)
            if m.patient is None and m.trigger.pos_ == "VERB":
                a2 = _right_of(m, dictionary, country, doc.id)
            agent_kinds = _kinds(a1, m.agent)
            type_mention(m, agent_kinds, _kinds(a2, m.patient))
            if accidental:
                as_accident(m, agent_kinds)
            if m.scope is None:
                if m.cls == "attrib":
                    responsibility.append((si, m))
                continue
            if m.figurative or (figurative_doc and not _literal(m, claims, narrated)) or _running_total(m, claims):
                continue
            if m.stopped:
                stopped.append((si, m))
                continue
            place = geo.event_place(place_mentions, sent.start_char, sent.end_char, m.start) or outlet_town
            start = _clause_start(doc.text, sent.start_char, m.start)
            own = _own_timexes(timexes, sent, m)
            when = dates.event_time(own, start, sent.end_char, m.start, doc.published, doc_id=doc.id)
            if _is_background(timexes, when, start, sent.end_char, doc.published):
                recalled = True
                continue
            speaker = _blaming_party(m, a1, dictionary, country, doc.id)
            if any(
                any(a.name in speaker for a, _ in d.actors1)
                and _places_agree(d.place, place)
                and _times_agree(d.when, when)
                for d in drafts
            ):
                # "IS fighters blew up the mosque ... IS's news agency said a US air strike had destroyed
                # it": a group's account that puts its own act on another party is a claim, no incident.
                responsibility.append((si, m))
                continue
            m.dated = _dated_by_itself(m, when)
            when = _after_previous(drafts, when, doc.text[start : m.start]) or when
            draft = _find_compatible(drafts, m, place, when, si)
            if draft is None:
                draft = _Draft()
                drafts.append(draft)
            draft.mentions.append((si, m))
            draft.place = _better_place(draft.place, place)
            draft.when = _better_time(draft.when, when)
            lead = draft.lead
            if m.cls == "transfer" and lead.cls in ("capture", "regain") and lead is not m:
                # "took back the town after the enemy pulled out": who withdrew lost the place.
                draft.actors2 += a1
            else:
                draft.actors1 += a1
            draft.actors2 += a2
            if draft not in placed:
                placed.append(draft)
        if placed:
            target = max(placed, key=lambda d: max(m.weight for s, m in d.mentions if s == si))
            target.claims += claims
        elif claims:
            pending.append((si, claims, recalled))
    drafts = _without_asides(drafts)
    if commemorative(sdoc):
        # "Kurds marked 35 years since the attack ... the hour the bombing began": the remembered event.
        drafts = [d for d in drafts if not d.bare]
    _attach_pending(drafts, pending)
    _shot_victims_to_the_death(drafts)
    _death_in_the_headline(drafts, sents, doc)
    _attach_denials(drafts, stopped, doc)
    _attach_occurrence_denials(drafts, denials, doc)
    _attach_responsibility(drafts, responsibility, doc, dictionary, country)
    _date_from_lead(drafts, timexes, sents, doc)
    _date_from_harm(drafts, timexes, sents, doc)
    _date_from_written_day(drafts, timexes, sents, doc)
    for d in drafts:
        after = dates.small_hours_after(d.when, timexes) if d.when is not None else None
        d.when = d.when if after is None else _own(after, doc)
    drafts = _one_scene(drafts)
    return [_report(doc, i, d, dictionary, country) for i, d in enumerate(_ordered(drafts))]


def _without_recalled(mentions: list[Mention], claims: list[Claim]) -> tuple[list[Mention], list[Claim]]:
    """The mentions and figures of a sentence, less those of an earlier harm it recalls beside the
    story's own ("the shooting comes a week after a gunman killed three"): background, no report. A
    phrase that trails its verb runs to the sentence's end (the parse often hangs the recalled harm's
    relative clause, "ambushes ... that left eight dead", on the main verb)."""
    spans = []
    for m in mentions:
        head = recalled_clause(m.trigger)
        if head is not None:
            phrase = list(head.subtree)
            end = m.sent.end_char if head.i > head.head.i else phrase[-1].idx + len(phrase[-1].text)
            spans.append((phrase[0].idx, end))
    if not spans:
        return mentions, claims

    def inside(at: int) -> bool:
        return any(a <= at < b for a, b in spans)

    return (
        [m for m in mentions if not inside(m.start)],
        [c for c in claims if c.evidence is None or not inside(c.evidence.start)],
    )


def _one_scene(drafts: list[_Draft]) -> list[_Draft]:
    """ "Two men were shot on Elm Street ... the gunfire killed one of them": harm told with a toll in
    different words (a shooting, a killing, a wounding) that the article dates to one day at one place
    is one incident, whatever type each telling took; its figures are alternatives or parts of one
    toll. Reports merge into the first such report, keeping every mention and figure."""
    out: list[_Draft] = []
    for d in drafts:
        into = next((o for o in out if _same_scene(o, d)), None)
        if into is None:
            out.append(d)
            continue
        into.mentions += d.mentions
        into.claims += d.claims
        into.actors1 += d.actors1
        into.actors2 += d.actors2
        into.place = _better_place(into.place, d.place)
        into.contested = into.contested or d.contested
    return out


#: Trigger classes that tell harm to people without naming a weapon system: the words one shooting
#: or stabbing is told in. A shelling and an air strike on one day at one town stay apart (ACLED);
#: set on the dev files, where merging reports of every class joined such strikes in Syrian news.
_HARM_CLASSES = frozenset(["shoot", "kill", "die", "harm", "attack", "assault"])
_FOUND_WEAPONS = "Disrupted weapons use"


#: A protest in which no one is told to use force, and an arrest: beside a harm told by its verb
#: they are the harm's aftermath ("a vigil for the boy", "police arrested a man after he shot his
#: neighbour"), and the harm is the event. A protest met by force is not: the force told beside it
#: is its own ("police fired tear gas as the crowd grew").
_AFTERMATH = frozenset(["Peaceful protest", "Arrests"])


def _beside_the_harm(m: Mention) -> bool:
    """ "Officers found a revolver nearby", "weapons were seized" (a find, not an interception or a defusal), a
    protest where no one used force, or an arrest."""
    if m.sub_event_type in _AFTERMATH:
        return True
    return m.sub_event_type == _FOUND_WEAPONS and m.trigger.lemma_.lower() in FIND_VERBS


def _same_scene(a: _Draft, b: _Draft) -> bool:
    """Two reports with tolls told only in words of harm, dated to the same day, at places that agree."""
    if not any(_is_toll(c) for c in a.claims) or not any(_is_toll(c) for c in b.claims):
        return False
    if any(m.cls not in _HARM_CLASSES or m.cues & _WEAPON_CUES for _, m in a.mentions + b.mentions):
        return False
    if a.when is None or b.when is None or a.when.precision != 1 or b.when.precision != 1:
        return False
    return a.when.start == b.when.start and _places_agree(a.place, b.place)


def _outlet_town(gazetteer: geo.Gazetteer, url: str | None, mentions: list[geo.PlaceMention]) -> Place | None:
    """Where a story that names no place it can resolve likely is: the outlet's town, unless the story
    places itself in other countries only (a host's word may name a namesake abroad: "naples" of a
    Florida paper)."""
    town = geo.outlet_town(gazetteer, url)
    countries = {m.place.country for m in mentions if m.place is not None and m.place.country}
    if town is None or (countries and town.country not in countries):
        return None
    return town


def _lead_day(
    timexes: list[dates.Timex],
    sents: list[Any],
    published: date,
    *,
    earliest_first: bool = False,
    written: bool = False,
) -> TimeSpan | None:
    """The first day named in the article's opening sentences, at most LEAD_DATE_DAYS before
    publication and not after it, and not the day of some other thing ("the coup of February 1") or of
    a harm recalled beside the story's own ("the deadliest since the May 2 bombing"), nor
    that of a step of the follow-up ("pleaded guilty Monday") when the opening names another;
    with ``earliest_first`` the earliest such day, a night spanning two days ("overnight") yielding to
    a day named outright: news tells a harm before its aftermath ("A man was shot Saturday ... police
    said Sunday ... was charged Monday"). With ``written`` only calendar dates written out count, up to
    BACKGROUND_DAYS back."""
    if not sents:
        return None
    stop = sents[min(len(sents), LEAD_DATE_SENTENCES) - 1].end_char
    earliest = published - timedelta(days=BACKGROUND_DAYS if written else LEAD_DATE_DAYS)
    found: list[tuple[bool, date, int, dates.Timex]] = []  # (a night, its day, where, the expression)
    for tx in timexes:
        if tx.start >= stop:
            break
        span = tx.span
        if tx.type not in ("DATE", "TIME") or span is None or span.precision != 1 or tx.mod == "ON_OR_AFTER":
            continue
        if written and (_CALENDAR_DATE.search(tx.text) is None or _told_as_background(tx, sents[0].doc)):
            continue
        if earliest <= span.start <= published and not (
            _day_of_a_noun(tx, sents[0].doc) or _recalled_harm_day(tx, sents[0].doc)
        ):
            found.append((span.start != span.end, span.start, tx.start, tx))
    if not found:
        return None
    found = [f for f in found if not _of_the_follow_up(f[3], sents[0].doc)] or found
    return _day_named(min(found, key=lambda f: f[:3])[3] if earliest_first else found[0][3], published)


def _day_named(tx: dates.Timex, published: date) -> TimeSpan:
    """The day the time expression names, at day precision and ending by publication, with its evidence."""
    assert tx.span is not None
    evidence = tx.span.evidence or Evidence("", tx.start, tx.end, tx.text)
    return TimeSpan(tx.span.start, min(tx.span.end, published), 1, evidence)


#: A wire photo's credit closing a caption ("... near Kunduz, Afghanistan, March 3, 2021. (Reuters)"): the
#: date before it is the photo's, not the story's.
_PHOTO_CREDIT = re.compile(
    r"[.,]?\s*\((?:reuters|ap|afp|getty images|epa)\)|[.,]?\s*(?:REUTERS|AFP|AP Photo)/", re.IGNORECASE
)


_SINCE = re.compile(r"(?i)\bsince\b")


def _told_as_background(tx: dates.Timex, sdoc: Any) -> bool:
    """A written date that is no harm's day in a story told later: one told in the past perfect, before the
    story's own events ("the shop had been robbed on March 3"), one that opens a period ("since the truce
    took effect on February 27"), and a photo caption's date."""
    text = doc_text(sdoc)
    if _PHOTO_CREDIT.match(text, tx.end) is not None:
        return True
    span = sdoc.char_span(tx.start, tx.end, alignment_mode="expand")
    if span is not None and _SINCE.search(text, span.sent.start_char, tx.start) is not None:
        return True
    gov = dates.governor(tx, sdoc)
    return gov is not None and any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" and c.lemma_ == "have" for c in gov.children
    )


def _date_from_lead(drafts: list[_Draft], timexes: list[dates.Timex], sents: list[Any], doc: Document) -> None:
    """The story's subject (a report first told in its opening LEAD_SENTENCES), when dated only by the
    publication date (no day in its own sentences), takes the day the lead names, if it names one
    (LEAD_DATE_SENTENCES), else the one day the article names (``_sole_day``). A report first told further
    down is another thread of the story; the lead's day is not its day."""
    undated = [
        d
        for d in drafts
        if d.when is not None and d.when.evidence is None and min(s for s, _ in d.mentions) < LEAD_SENTENCES
    ]
    if not undated or doc.published is None:
        return
    day = _lead_day(sorted(timexes, key=lambda t: t.start), sents, doc.published)
    if day is None and sents:
        day = _sole_day(timexes, sents[0].doc, doc.published)
    if day is None:
        return
    day = _own(day, doc)
    for d in undated:
        d.when = day


def _sole_day(timexes: list[dates.Timex], sdoc: Any, published: date) -> TimeSpan | None:
    """The one day an article ties anywhere to a word of the harm or of the first response to it (up to
    BACKGROUND_DAYS back), when that day is recent (at most LEAD_DATE_DAYS back): a short story that tells its
    harm undated in the lead and "shots were fired on Saturday night" further down. A day of some other news
    far below (an envoy recalled, a meeting), of a follow-up step, of another noun or of a recalled harm, and
    a word of the present, name none."""
    earliest = published - timedelta(days=BACKGROUND_DAYS)
    found = [
        tx
        for tx in timexes
        if dates.names_its_day(tx)
        and tx.span is not None
        and earliest <= tx.span.start <= published
        and tx.text.lower() not in _PRESENT_WORDS
        and dates.told_with(tx, sdoc, _HARM_WORDS | _RESPONSE_WORDS)
        and not (_of_the_follow_up(tx, sdoc) or _day_of_a_noun(tx, sdoc) or _recalled_day(tx, sdoc))
    ]
    days = {tx.span.start for tx in found if tx.span is not None}
    if len(days) != 1 or min(days) < published - timedelta(days=LEAD_DATE_DAYS):
        return None
    return _day_named(found[0], published)


#: Words of the harm itself, which a follow-up story dates apart from its own news ("charged Wednesday
#: in the shooting that happened around 10 p.m. Saturday"): the day the parse ties to one of these is
#: the day of the toll.
_HARM_WORDS = frozenset(
    [
        "shoot",
        "shooting",
        "shot",
        "gunshot",
        "gunfire",
        "gunned",  # "gunned down" (the verb's form: the noun "gun" names no harm, as in "a gun show")
        "fire",
        "kill",
        "killing",
        "slay",
        "slaying",
        "murder",
        "homicide",
        "wound",
        "injure",
        "strike",
        "hit",
        "stab",
        "stabbing",
        "attack",
        "incident",
        "happen",
        "occur",
        # the nouns that name a shooting as one event ("the May 14 shootout")
        "shootout",
        "gunfight",
        "massacre",
        "rampage",
        "ambush",
    ]
)
#: Words of the first response to the harm, told on its day ("officers were dispatched about 9 p.m.
#: Saturday", "arrived shortly after", "found two men wounded"): they date the toll when no day is tied to
#: the harm itself.
_RESPONSE_WORDS = frozenset(
    ["respond", "dispatch", "call", "summon", "find", "discover", "erupt", "gun", "rush", "transport", "arrive"]
)


#: Words of the steps that follow a harm days or weeks later and that a follow-up story dates by their
#: own day ("pleaded guilty Thursday", "appeared in court Monday", "a vigil was held Monday", "police
#: learned Monday", "was released from hospital Monday"): the day tied to one of these is that step's,
#: never the harm's. An arrest, a booking or a charge is left out: a suspect is often caught on the
#: night of the harm.
_FOLLOW_UP_WORDS = frozenset(
    [
        "arraign",
        "arraignment",
        "plead",
        "indict",
        "convict",
        "sentence",
        "testify",
        "appear",
        "appearance",
        "hearing",
        "trial",
        "learn",
        "vigil",
        "funeral",
        "memorial",
        "mourn",
        "gather",
        "release",
        "remember",
        "honor",
        "bury",
        "court",
    ]
)


def _date_from_harm(drafts: list[_Draft], timexes: list[dates.Timex], sents: list[Any], doc: Document) -> None:
    """A report that carries a toll is dated to the day of the harm. Follow-up stories (an arrest, a
    charge, a death in hospital, a vigil) tell the toll beside the day of their own news; when the
    article ties one day to the harm (``_harm_day``), a toll report whose own day is not so tied takes
    it, and so does any report dated only by publication. Up to BACKGROUND_DAYS back: a charge months
    later still names the shooting's day ("the shooting happened on Oct. 1"); a round-up whose harm
    days disagree keeps each report's own day. When the article ties no day to the harm, the earliest
    day its lead names is the toll's, unless the toll has a calendar date, a week or a month of its
    own: the day of a statement, an arrest or a hospital visit told beside the toll comes after the
    harm. In a story that gives no toll, the story's subject (a report first told in its opening
    LEAD_SENTENCES) is the harm's report."""
    with_toll = [d for d in drafts if any(_is_toll(c) for c in d.claims)]
    tolled = with_toll or [d for d in drafts if min(s for s, _ in d.mentions) < LEAD_SENTENCES]
    if not sents or doc.published is None:
        return
    sdoc = sents[0].doc
    ordered = sorted(timexes, key=lambda t: t.start)
    words, found, day = _harm_day(ordered, sdoc, sents, doc.published)
    tolled = [
        d
        for d in tolled
        if d.when is not None
        and not (_dated_by_harm(d.when, timexes, sdoc, words) or _counted_day(d.when, timexes, doc.text))
    ]
    if day is not None and words is _RESPONSE_WORDS:
        # the response comes on the harm's day or after it ("a judge found probable cause Wednesday" in a
        # story of Tuesday's shooting): a toll dated to an earlier day of its own keeps it
        tolled = [d for d in tolled if not _before_by_itself(d.when, day)]
    elif day is not None and day.start == doc.published and _read_from_context(day):
        # the publication day read from context ("Monday" in a Monday paper, "this morning") is as often the
        # day the story was told (the search, the investigation) as the harm's: news of a harm comes out the
        # next day, so a toll whose own sentence names the day before ("shot Sunday night") keeps it
        tolled = [d for d in tolled if not _named_the_day_before(d.when, day, timexes)]
    if day is not None:
        tolled += [d for d in drafts if d.when is not None and d.when.evidence is None and d not in tolled]
    elif found and words is _HARM_WORDS:
        return  # the harm's days disagree
    else:
        # the lead's earliest day stands in only for a toll's day; a story with no toll keeps its own
        tolled = [d for d in tolled if d in with_toll and _read_from_context(d.when)]
        day = _lead_day(ordered, sents, doc.published, earliest_first=True)
    if day is None or not tolled:
        return
    day = _own(day, doc)
    for d in tolled:
        d.when = day


def _date_from_written_day(drafts: list[_Draft], timexes: list[dates.Timex], sents: list[Any], doc: Document) -> None:
    """A follow-up story (a charge, a funeral, a trial weeks on) names the harm's day in full ("the man
    charged in the June 3 shooting") and its own news by a weekday or by the publication date alone. A
    toll whose day is no harm's and only read from context (``_read_from_context``) takes the earliest
    calendar date written out in the lead (up to BACKGROUND_DAYS back) when that comes before it."""
    if not sents or doc.published is None:
        return
    day = _lead_day(sorted(timexes, key=lambda t: t.start), sents, doc.published, earliest_first=True, written=True)
    if day is None:
        return
    sdoc = sents[0].doc
    for d in drafts:
        when = d.when
        if when is None or not any(_is_toll(c) for c in d.claims) or not _read_from_context(when):
            continue
        if day.start < when.start and not _dated_by_harm(when, timexes, sdoc):
            d.when = _own(day, doc)


def _harm_day(
    ordered: list[dates.Timex], sdoc: Any, sents: list[Any], published: date
) -> tuple[frozenset[str], list[dates.Timex], TimeSpan | None]:
    """The words that tie days to the harm in this article (the harm's own, else those of the first
    response to it), the days they tie, and the one day those give: all of them agreeing, or else the
    ones in the lead (LEAD_DATE_SENTENCES), since the story's own harm is told first and another one
    may be recalled further down. A harm day more than BACKGROUND_DAYS back counts only when the lead
    names it, as a story on a trial does. The day of a harm recalled beside the story's own ties nothing."""
    stop = sents[min(len(sents), LEAD_DATE_SENTENCES) - 1].end_char
    anchors = _count_anchors(ordered, sdoc)
    ordered = [tx for tx in ordered if not _recalled_harm_day(tx, sdoc) and tx.start not in anchors]
    words = _HARM_WORDS
    found = dates.days_told_with(ordered, sdoc, words, published, within_days=BACKGROUND_DAYS)
    if not found:
        words = _RESPONSE_WORDS
        found = dates.days_told_with(ordered, sdoc, words, published, within_days=BACKGROUND_DAYS)
    if not found:
        far = dates.days_told_with(ordered, sdoc, _HARM_WORDS, published, within_days=HARM_DAY_REACH_DAYS)
        found = [tx for tx in far if tx.start < stop]
        words = _HARM_WORDS if found else words
    day = dates.agreed_day(found, ordered, published)
    if day is None and found:
        day = dates.agreed_day([tx for tx in found if tx.start < stop], ordered, published)
    return words, found, day


def _counted_day(when: TimeSpan, timexes: list[dates.Timex], text: str) -> bool:
    """Whether the report's day is one counted from a day its sentence names ("arrested Thursday, a day
    after he shot his friend"): the text places it exactly, so the harm's day found elsewhere is not its."""
    return when.evidence is not None and any(
        tx.start == when.evidence.start and dates.is_counted_day(tx, text) for tx in timexes
    )


def _count_anchors(ordered: list[dates.Timex], sdoc: Any) -> set[int]:
    """Where the days that a count in the same sentence is counted from start ("was arrested Thursday, a
    day after he shot his friend"): such a day is that of the step the count is told from, not the harm's."""
    anchors: set[int] = set()
    text = doc_text(sdoc)
    for i, tx in enumerate(ordered):
        if not dates.is_counted_day(tx, text):
            continue
        span = sdoc.char_span(tx.start, tx.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        named = [t for t in ordered[:i] if t.start >= span.sent.start_char and dates.names_its_day(t)]
        if named:
            anchors.add(named[-1].start)
    return anchors


#: A calendar date written out ("July 30 2014", "Sunday 3 Jul 2016", "3/7/16"), as opposed to a
#: day read from the publication date ("Monday", "yesterday", "at 9 p.m.").
_CALENDAR_DATE = re.compile(
    r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d|\d\s+(?:jan|feb|mar|apr|may|"
    r"jun|jul|aug|sep|sept|oct|nov|dec)|\b\d{1,2}/\d{1,2}\b"
)


def _read_from_context(when: TimeSpan | None) -> bool:
    """Whether a report's date is only the publication date, or a day read from it ("Monday"), which
    the lead's earliest day may correct; a calendar date written out and a week or a month of the
    toll's own ("killed as many as 500 people last week") are its own."""
    if when is None:
        return False
    if when.evidence is None:
        return True
    return when.precision == 1 and _CALENDAR_DATE.search(when.evidence.quote) is None


def _before_by_itself(when: TimeSpan | None, day: TimeSpan) -> bool:
    """Whether a report's own day (one its text names; not a night spanning two) comes before ``day``."""
    return (
        when is not None
        and when.evidence is not None
        and when.precision == 1
        and when.start == when.end
        and when.start < day.start
    )


#: The hour from which a harm is told as of the evening ("10:30 p.m. Sunday"): from then on it is most
#: often news only the next day. Evening as TIMEX3 has it (TEV); the gva stories bear it out.
EVENING_HOUR = 17


def _named_the_day_before(when: TimeSpan | None, day: TimeSpan, timexes: list[dates.Timex]) -> bool:
    """Whether a report's own day, named by itself (not a clock time's assumed day) at evening or night
    ("Sunday night", "10:30 p.m. Sunday"), is the day before ``day``."""
    return (
        when is not None
        and _before_by_itself(when, day)
        and (day.start - when.start).days == 1
        and any(
            tx.start == when.evidence.start and dates.names_its_day(tx) and _of_the_evening(tx.value)
            for tx in timexes
            if when.evidence
        )
    )


def _of_the_evening(value: str) -> bool:
    """Whether a TIMEX3 value is of a day's evening or night ("2016-05-15TNI", "2016-05-15T22:30")."""
    _day, _, part = value.partition("T")
    hour = part[:2]
    return part in ("EV", "NI") or (hour.isdigit() and int(hour) >= EVENING_HOUR)


def _is_toll(c: Claim) -> bool:
    return c.kind in (ClaimKind.KILLED, ClaimKind.INJURED) and not c.cumulative


def _dated_by_harm(when: TimeSpan, timexes: list[dates.Timex], sdoc: Any, words: frozenset[str] = _HARM_WORDS) -> bool:
    """Whether the report's day is one the parse ties to one of `words`, those of the harm by default
    (one day named by itself: a night spanning two may yet be told more exactly, and "hours after" or an
    assumed day is none)."""
    if when.evidence is None or when.start != when.end:
        return False
    return any(
        tx.start == when.evidence.start and dates.names_its_day(tx) and dates.told_with(tx, sdoc, words)
        for tx in timexes
    )


def _own(day: TimeSpan, doc: Document) -> TimeSpan:
    """A day read from the article's time expressions, with its evidence pointing into `doc`."""
    if day.evidence is None or day.evidence.doc_id == doc.id:
        return day
    return TimeSpan(day.start, day.end, day.precision, replace(day.evidence, doc_id=doc.id))


# Words that tell an event as following the one told just before it.
_SEQUEL = re.compile(r"\b(?:later|afterwards?|then|subsequently|moments after|shortly after)\b", re.IGNORECASE)


def _after_previous(drafts: list[_Draft], when: TimeSpan | None, before: str) -> TimeSpan | None:
    """ "About two hours later a second car bomb exploded": a sentence that dates its event only
    relative to the previous one takes that report's date, not the publication date."""
    if not drafts or when is None:
        return None
    quote = when.evidence.quote if when.evidence is not None else ""
    absolute = re.search(r"\d{4}|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|day\b", quote, re.I)
    relative = when.evidence is None or (_SEQUEL.search(quote) is not None and absolute is None)
    if not relative:
        return None
    if not _SEQUEL.search(quote) and not _SEQUEL.search(before):
        return None
    previous = max(drafts, key=lambda d: d.last_sentence)
    return previous.when


#: Words that name the present of the telling ("is now in stable condition", "is currently held"): they
#: tell a state at publication, never the day of a harm.
_PRESENT_WORDS = frozenset(["now", "right now", "currently", "presently", "at present"])


def _own_timexes(timexes: list[dates.Timex], sent: Any, m: Mention) -> list[dates.Timex]:
    """The time expressions of the sentence that can date `m`: not one that names another event's
    day inside a noun phrase ("a strike against the military coup of February 1") or inside the phrase
    that recalls an earlier harm ("the deadliest since the May 2 bombing"), and not a word of the present
    (``_PRESENT_WORDS``)."""
    return [
        tx
        for tx in timexes
        if tx.text.lower() not in _PRESENT_WORDS
        and not (
            sent.start_char <= tx.start < sent.end_char
            and (_day_of_a_noun(tx, sent.doc, m.trigger.i) or _recalled_day(tx, sent.doc))
        )
    ]


def _recalled_day(tx: dates.Timex, sdoc: Any) -> bool:
    """Whether the time expression lies in a phrase that recalls an earlier harm (``recalled_clause``)."""
    span = sdoc.char_span(tx.start, tx.end, alignment_mode="expand")
    return span is not None and len(span) > 0 and recalled_clause(span.root) is not None


#: A sentence whose subject is another harm than the story's own, told before the day it names ("The other
#: shooting on the route happened on Aug. 2", "An earlier attack there on May 4 ..."); set at the sentence's
#: opening, as a subject is: further in, "another" more often counts the story's own victims ("shot, along
#: with another woman"), and a person named so ("a vigil for another homicide victim") may be of any day.
#: (The words were read off US local crime stories that recall an earlier shooting; not tuned.)
_OTHER_HARM = re.compile(
    r"(?i)^\W*(?:(?:and|but|then|meanwhile|in)\s+)?(?:the\s+other|another|an\s+earlier|a\s+previous|the\s+previous)"
    r"\s+(?:[\w-]+\s+)?(?:shooting|killing|homicide|slaying|attack|incident|shootout)\b(?!\s+victim)"
)
#: A sentence that counts the story's harm as one of several in a stretch of time ("It was the third
#: shooting at a gathering in the county this year."): the sentence right after it tells an earlier one
#: ("On June 4, shots rang out at ..."). Read off the same stories.
_COUNTED_AMONG = re.compile(
    r"(?i)\b(?:second|third|fourth|fifth|latest)\b[^.;]*?\b(?:(?:this|last|in\s+a|within\s+a|in\s+the\s+past)"
    r"\s+(?:week|month|year)|time\s+(?:this|in\s+a|within\s+a)\s+(?:week|month|year))\b"
)


def _recalled_harm_day(tx: dates.Timex, sdoc: Any) -> bool:
    """Whether the time expression dates an earlier harm recalled beside the story's own, in a phrase
    (``_recalled_day``) or in a passage (``_in_recalling_passage``). Only the article's choice of the
    harm's day asks this; a report told in such a passage is still dated by its own sentence."""
    return _recalled_day(tx, sdoc) or _in_recalling_passage(tx, sdoc)


def _in_recalling_passage(tx: dates.Timex, sdoc: Any) -> bool:
    """Whether the time expression dates a harm other than the story's own: its sentence names that other
    harm before it (``_OTHER_HARM``), it lies in a clause opened by "since" (``_in_since_clause``), or its
    sentence follows one that counts the story's harm among several of a stretch of time
    (``_COUNTED_AMONG``). The recalled harm's day is not the story's harm's day."""
    span = sdoc.char_span(tx.start, tx.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    sent = span.sent
    text = doc_text(sdoc)
    if sent.start_char < tx.start and _OTHER_HARM.match(text[sent.start_char : tx.start]) is not None:
        return True
    if _in_since_clause(span) or _death_a_gathering_honors(span):
        return True
    if sent.start == 0:
        return False
    before = sdoc[sent.start - 1].sent
    return _COUNTED_AMONG.search(text, before.start_char, before.end_char) is not None


def _in_since_clause(span: Any) -> bool:
    """ "The street had been quiet since a teen was stabbed there on May 14", "protesters have camped there since
    the shooting of a man on May 14": a clause or a phrase opened by "since" tells the harm that began a stretch,
    an earlier one than the story's. A day that is itself the phrase's object ("since Monday") only bounds it."""
    root = span.root
    if any(c.dep_ == "mark" and c.lower_ == "since" for tok in root.ancestors for c in tok.children):
        return True
    return any(a.lower_ == "since" and a.dep_ == "prep" for a in root.ancestors) and root.head.lower_ != "since"


#: Nouns of a gathering held for someone dead: the death it honors came before it.
_GATHERING_NOUNS = frozenset(["vigil", "funeral", "memorial", "wake", "burial", "repast"])
#: Steps up the parse from a noun to the gathering or the harm it belongs to ("a vigil for [the teen]", "the
#: wake of [a local man]", "shot during a candlelight [vigil]"): a clause, not a sentence (read off the parses of
#: invented sentences, not tuned).
_GATHERING_STEPS = 3


def _death_a_gathering_honors(span: Any) -> bool:
    """ "Three people were shot during a candlelight vigil Friday ... It was held for a man who was stabbed on
    May 2": in a story of a harm at a vigil or a funeral, the day told in the clause on the person that gathering
    is held for is that earlier death's, not the story's harm's. A story that only tells of a vigil for the victim
    of its own harm ("friends held a vigil Tuesday for the teen who was shot Saturday") keeps that day: no harm
    comes at the gathering there."""
    clause = next((t for t in [span.root, *span.root.ancestors] if t.dep_ == "relcl"), None)
    if clause is None or not _honored_at_gathering(clause.head):
        return False
    return any(t.lemma_.lower() in _GATHERING_NOUNS and _at_a_harm(t) for t in span.doc)


def _honored_at_gathering(person: Any) -> bool:
    """Whether the noun is the one a vigil or funeral is held for: the gathering's noun stands over it ("the
    wake of a local man") or is the subject or object of the verb over it ("The memorial was for a cousin",
    "held a vigil for the teen")."""
    for anc in list(person.ancestors)[:_GATHERING_STEPS]:
        if anc.lemma_.lower() in _GATHERING_NOUNS:
            return True
        if anc.pos_ in ("VERB", "AUX") and any(
            c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lemma_.lower() in _GATHERING_NOUNS for c in anc.children
        ):
            return True
    return False


def _at_a_harm(gathering: Any) -> bool:
    """Whether a harm is told as coming at the gathering: a word of the harm stands over the gathering's noun
    ("wounded as they stood outside a wake", "shot during a candlelight vigil")."""
    return any(
        anc.lemma_.lower() in _HARM_WORDS or any(c.lower_ == "fire" for c in anc.children)
        for anc in list(gathering.ancestors)[: _GATHERING_STEPS + 1]
    )


def _of_the_follow_up(tx: dates.Timex, sdoc: Any) -> bool:
    """Whether the parse ties the time expression to a step of the story's follow-up (a plea, a court
    appearance, a vigil) rather than to the harm."""
    return dates.told_with(tx, sdoc, _FOLLOW_UP_WORDS)


#: Nouns of a time of day, whose "of" phrase names the day itself ("by the small hours of Sunday").
_TIME_OF_DAY_NOUNS = frozenset(["hour", "morning", "afternoon", "evening", "night", "dawn", "day"])
#: Prepositions that set a verb's event inside the scene a noun names ("amid the shelling of a rainy Tuesday"):
#: the noun's day is the event's.
_SCENE_PREPOSITIONS = frozenset(["in", "during", "amid", "amidst"])


def _day_of_a_noun(tx: dates.Timex, sdoc: Any, trigger: int | None = None) -> bool:
    """ "the coup of February 1": the time expression names the day of a noun other than the trigger
    (not that of a time of day, "by the small hours of Sunday" is Sunday, nor that of the scene a verb's
    event is set in, ``_SCENE_PREPOSITIONS``)."""
    span = sdoc.char_span(tx.start, tx.end, alignment_mode="expand")
    prep = span.root.head if span is not None and len(span) else None
    if prep is None or prep.lower_ != "of" or span.root.dep_ != "pobj":
        return False
    noun = prep.head
    scene = noun.dep_ == "pobj" and noun.head.lower_ in _SCENE_PREPOSITIONS and noun.head.head.pos_ == "VERB"
    return noun.pos_ == "NOUN" and noun.lemma_ not in _TIME_OF_DAY_NOUNS and noun.i != trigger and not scene


def _dated_by_itself(m: Mention, when: TimeSpan | None) -> bool:
    """ "Fighting continued on Tuesday around the airport": a bare trigger that its own clause dates
    to a day tells an event of that day, not an aside; "the attack on Tuesday" still refers back."""
    tok = m.trigger
    definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in tok.children)
    # "parts of the town that were captured the previous day": a clause describing a noun.
    describing = any(t.dep_ in ("relcl", "acl") for t in [tok, *list(tok.ancestors)[:2]])
    return not (definite or describing) and when is not None and when.evidence is not None and when.precision == 1


def _running_total(m: Mention, claims: list[Claim]) -> bool:
    """ "More than 600 civilians have been killed since 2014": a toll counted over a war is no incident."""
    tolls = [c for c in claims if c.kind in (ClaimKind.KILLED, ClaimKind.INJURED)]
    return m.cls in ("kill", "die", "harm") and bool(tolls) and all(c.cumulative for c in tolls)


def _literal(m: Mention, claims: list[Claim], narrated: bool = False) -> bool:
    """In a story off the conflict beat, only a named weapon or a casualty figure makes a violent word
    literal; in a review of a film or a book the weapons are those of the story it tells."""
    if not narrated and m.cues & _WEAPON_CUES:
        return True
    return any(c.kind in (ClaimKind.KILLED, ClaimKind.INJURED) for c in claims)


# A page's list of other stories' videos, each caption after the clip's running time ("1:45 Witness
# describes ..."); never "7:30 p.m." or "11:15 AM". Two such lines make a list; one may be the story's own.
_CLIP_CAPTION = re.compile(r"(?m)^[ \t]*\d{1,2}:\d{2} (?![AaPp]\.?[Mm]\b)[A-Z0-9'\"‘“].*$")
_CLIP_LIST_LINES = 2


def _clip_captions(text: str) -> list[tuple[int, int]]:
    """The spans of a video list's captions in `text` (see _CLIP_CAPTION)."""
    found = [(m.start(), m.end()) for m in _CLIP_CAPTION.finditer(text)]
    return found if len(found) >= _CLIP_LIST_LINES else []


# What tells an explosion as an accident: a cause that is no weapon and no one's act.
_ACCIDENT = re.compile(
    r"(?i)\bno (?:sign|evidence|indication) of (?:an? )?(?:attack|sabotage|foul play)"
    r"|\b(?:blast|explosion)s? (?:was|were) (?:an accident|accidental)"
    r"|\b(?:stored|stockpiled) (?:\w+ ){0,3}(?:warehouse|depot|factory|plant|hangar)s?\b[^.]{0,60}"
    r"\bwithout (?:proper )?safety"
)


# A wire dateline opening a paragraph: "SRINAGAR, India, March 7 (Meridian) -", "DAYTON (May 3, 2016) -";
# its date is the filing date, not the event's. Its place is a word in capitals, not an update's label
# ("UPDATE (March 3) -") nor a section's numeral ("II. (March 3, 2021) -"). Matched from a line's start
# (MULTILINE: "^" after a headline too), on the page's top lines only (``_dateline_at``).
_DATELINE = re.compile(
    r"^(?!UPDATE\b|[IVXLC]+\.)[A-Z]{2}[A-Z .'-]*(?:,(?:[^\n(]{0,40},)?[^\n(]{0,20})?\([^)\n]{1,40}\)\s*"
    r"[-\u2013\u2014]+\s*",
    re.MULTILINE,
)


def _dateline_at(text: str, start: int) -> re.Match[str] | None:
    """The wire dateline opening the text at ``start``, when that is a line among the page's top lines."""
    return _DATELINE.match(text, start) if dates.near_top(text, text.rfind("\n", 0, start) + 1) else None


def _in_dateline(text: str, tx: dates.Timex) -> bool:
    """Whether the time expression is part of a wire dateline, the filing date."""
    m = _dateline_at(text, text.rfind("\n", 0, tx.start) + 1)
    return m is not None and tx.end <= m.end()


def _clause_start(text: str, sent_start: int, anchor: int) -> int:
    """Where the trigger's own sentence starts for dating: after a headline or date line and a dateline."""
    line = text.rfind("\n", sent_start, anchor)
    start = sent_start if line < 0 else line + 1
    m = _dateline_at(text, start)
    return m.end() if m and m.end() <= anchor else start


def _is_background(
    timexes: list[dates.Timex], when: TimeSpan | None, start: int, end: int, published: date | None
) -> bool:
    """An event dated, or told as going on since, long before publication is background, not a report."""
    if published is None:
        return False
    limit = published - timedelta(days=BACKGROUND_DAYS)
    if when is not None and when.end < limit:
        return True
    return any(
        tx.mod == "ON_OR_AFTER" and tx.span is not None and tx.span.start < limit and start <= tx.start < end
        for tx in timexes
    )


def _without_asides(drafts: list[_Draft]) -> list[_Draft]:
    """Reports told only in bare words with no toll and no day of their own ("the offensive began", "an
    investigation into the death") are asides in a story that tells of specific incidents; alone, they
    are its subject."""
    if all(d.bare for d in drafts):
        return drafts
    return [
        d
        for d in drafts
        if not d.bare
        or any(m.dated for _, m in d.mentions)
        or any(c.kind in (ClaimKind.KILLED, ClaimKind.INJURED) for c in d.claims)
    ]


def _ordered(drafts: list[_Draft]) -> list[_Draft]:
    return sorted(drafts, key=lambda d: min(m.start for _, m in d.mentions))


def _kinds(actors: list[tuple[Actor, Evidence]], span: Any) -> set[str]:
    kinds: set[str] = set()
    for a, _ in actors:
        if a.is_state:
            kinds.add("state")
        elif a.inter in (2, 3, 4, 8):
            kinds |= {"armed"} if a.name.startswith("Unidentified") else {"armed", "armed_named"}
        elif a.inter == 7:
            kinds.add("civilians")
        elif a.inter == 6:
            kinds.add("protesters")
        elif a.inter == 5:
            kinds.add("rioters")
    if span is not None and not kinds:
        # Forces named without a country ("the army") are still state forces.
        words = word_kinds(span.text)
        if words & {"military", "police"}:
            kinds.add("state")
        elif "armed" in words:
            kinds.add("armed")
    if span is not None and any(
        c.dep_ in ("acl", "relcl") and c.lemma_ in _PROTEST_VERBS for t in span for c in t.children
    ):
        kinds.add("protesters")  # "people protesting against police brutality" are protesters
    if span is not None:
        root = span.root
        if (
            root.ent_type_ in ("GPE", "LOC", "FAC")
            or root.lemma_ in _PLACE_NOUNS
            # token by token: Span.ents walks the whole document's entities on every call
            # token by token: Span.ents walks the whole document's entities on every call
            or any(t.ent_type_ in ("GPE", "LOC", "FAC") for t in span)
        ):
            kinds.add("place")
        if root.lemma_ in _WEAPON_NOUNS:
            kinds.add("weapon")
        if root.lemma_ in _BUILDING_NOUNS:
            kinds.add("building")
        if root.ent_type_ == "PERSON" or root.lemma_ in (
            "man",
            "woman",
            "person",
            "people",
            "suspect",
            "member",
            "leader",
            "commander",
            "militant",
            "child",
            "boy",
            "girl",
        ):
            kinds.add("person")
    return kinds


def _actors(span: Any, dictionary: ActorDictionary, country: str | None, doc_id: str) -> list[tuple[Actor, Evidence]]:
    if span is None:
        return []
    out = []
    for a in dictionary.resolve_all(span.text, country):
        start = span.start_char + a.start
        end = span.start_char + a.end
        out.append((a, Evidence(doc_id, start, end, doc_text(span.doc)[start:end])))
    return out


def _blaming_party(
    m: Mention, a1: list[tuple[Actor, Evidence]], dictionary: ActorDictionary, country: str | None, doc_id: str
) -> set[str]:
    """The armed groups whose own statement tells `m` as done by another party; empty if none."""
    verb = speech_verb(m.trigger)
    if verb is None or verb.lemma_ in ("deny", "reject"):
        return set()
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or m.trigger in subj.subtree:
        return set()
    doc = m.trigger.doc
    speaker = [a for a, _ in _actors(doc[subj.left_edge.i : subj.right_edge.i + 1], dictionary, country, doc_id)]
    if not speaker or not all(a.inter in (2, 3, 4) for a in speaker):
        return set()
    phrase = doc[m.trigger.left_edge.i : m.trigger.i + 1]
    blamed = [a for a, _ in a1 + _actors(phrase, dictionary, country, doc_id)]
    names = {a.name for a in speaker}
    return names if blamed and not any(a.name in names for a in blamed) else set()


_POSSESSIVE_PRONOUNS = frozenset(["his", "her", "their", "its"])


def _possessor_actors(
    span: Any, dictionary: ActorDictionary, country: str | None, doc_id: str
) -> list[tuple[Actor, Evidence]]:
    """ "The TPLF leader said his forces had fired": forces named by a possessive pronoun are the
    group of the possessor, the subject of a clause that governs them."""
    if span is None or not any(c.dep_ == "poss" and c.lower_ in _POSSESSIVE_PRONOUNS for c in span.root.children):
        return []
    for verb in span.root.ancestors:
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c != span.root), None)
        if subj is None or subj.i > span.root.i:
            continue
        words = span.doc[subj.left_edge.i : subj.right_edge.i + 1]
        found = [p for p in _actors(words, dictionary, country, doc_id) if p[0].inter in (1, 2, 3, 4, 8)]
        return found[:1]
    return []


#: How far after a verb trigger a named target is looked for when the parse gave it no object
#: (the small English model reads "IS" after a verb as "is"); about one noun phrase.
RIGHT_WINDOW_CHARS = 30


def _right_of(
    m: Mention, dictionary: ActorDictionary, country: str | None, doc_id: str
) -> list[tuple[Actor, Evidence]]:
    start = m.end
    end = min(m.sent.end_char, start + RIGHT_WINDOW_CHARS)
    text = doc_text(m.sent.doc)[start:end]
    out = []
    for a in dictionary.resolve_all(text, country):
        if a.inter in (2, 3, 4) and not a.name.startswith("Unidentified"):
            out.append((a, Evidence(doc_id, start + a.start, start + a.end, text[a.start : a.end])))
    return out[:1]


def _family(m: Mention) -> str:
    return m.sub_event_type or f"other:{m.cls}"


def _find_compatible(
    drafts: list[_Draft], m: Mention, place: Place | None, when: TimeSpan | None, si: int
) -> _Draft | None:
    """The report `m` is another mention of: the latest one it agrees with in type, place and time.

    A bare mention ("the attack", "the blast", "died") brings nothing that sets it apart, so it joins
    the latest report of a compatible kind; a specific mention joins a report told so far only in bare
    words, and gives it its type.
    """
    for d in sorted(drafts, key=lambda d: d.last_sentence, reverse=True):
        same_sentence = any(s == si for s, _ in d.mentions)
        types = {_family(x) for _, x in d.mentions}
        lead = d.lead
        # "X took the town ... the army said its forces had withdrawn": the loser's side of the capture
        losers_side = m.cls == "transfer" and lead.cls in ("capture", "regain")
        related = (
            losers_side
            or _family(m) in types
            or (_event_type(m) == "Protests" and _event_type(lead) == "Protests")
            or (same_sentence and _absorbable(m, d))
            or (m.generic and _compatible(m, lead))
            or (d.bare and _compatible(lead, m))
        )
        # A protest and the riot it turned into, told in the next sentence, of the same day (ACLED
        # codes the gathering by its gravest moment).
        riot_join = not related and _severity(m) > 0 and _severity(lead) > 0 and si - d.last_sentence <= 1
        if not (related or riot_join):
            continue
        if not _places_agree(d.place, place) or not _times_agree(
            d.when, when, exact=(m.dated and m.generic and not losers_side) or riot_join
        ):
            continue
        return d
    return None


def _event_type(m: Mention) -> str:
    if m.scope == "other":
        return "other"
    return event_type_of(m.sub_event_type) if m.sub_event_type else ""


def _compatible(bare: Mention, other: Mention) -> bool:
    """Whether the bare mention `bare` can be another telling of the event `other` names."""
    kind = _event_type(other)
    allowed = COMPATIBLE_TYPES.get(bare.cls, frozenset())
    return kind in allowed or other.sub_event_type in allowed or (bool(kind) and kind == _event_type(bare))


def _absorbable(m: Mention, d: _Draft) -> bool:
    """A weakly typed mention in a sentence that already holds a report joins it ("strikes killed 5")."""
    lead = d.lead
    return m.weight < lead.weight and (m.sub_event_type in ("Attack", None) or m.cls in ("kill", "die", "harm"))


def _places_agree(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return True
    if a.geo_precision >= 3 or b.geo_precision >= 3:
        # A country or region named near a mention ("US-led strikes", "a Syrian official said")
        # does not move the event away from the town of the report it refers to.
        return True
    if a.gazetteer_id and a.gazetteer_id == b.gazetteer_id:
        return True
    na, nb = a.name.lower(), b.name.lower()
    if na in nb or nb in na or (a.admin2 is not None and a.admin2 == b.admin2 and a.geo_precision > 1):
        return True
    if None in (a.lat, a.lon, b.lat, b.lon) or (" - " in a.name and " - " in b.name):
        return False  # two named districts of one city ("Baghdad - Karrada", "Baghdad - Shaab") are apart
    # A district told beside its city ("at the Lekki toll gate in Lagos") is the same scene; a
    # place only near the event, or the article's main place standing in for a sentence that
    # names none, agrees with a precise place a city's width away.
    radius = _NEAR_PLACE_KM if max(a.geo_precision, b.geo_precision) == 2 else _SAME_CITY_KM
    return geo.haversine_km(a.lat, a.lon, b.lat, b.lon) <= radius  # type: ignore[arg-type]


def _times_agree(a: TimeSpan | None, b: TimeSpan | None, exact: bool = False) -> bool:
    """Whether two dates can be of one event; `exact` for a bare mention its own clause dates to a
    day ("fighting continued on Tuesday"), which tells of that day's events only."""
    if a is None or b is None:
        return True
    slack = 1 if a.precision == 1 and b.precision == 1 else 3
    if exact and a.precision == 1 and b.precision == 1:
        slack = 0
    return (a.start - b.end).days <= slack and (b.start - a.end).days <= slack


def _better_place(a: Place | None, b: Place | None) -> Place | None:
    if a is None:
        return b
    if b is None:
        return a
    return b if b.geo_precision < a.geo_precision else a


def _better_time(a: TimeSpan | None, b: TimeSpan | None) -> TimeSpan | None:
    if a is None:
        return b
    if b is None:
        return a
    return b if b.precision < a.precision else a


def _attach_pending(drafts: list[_Draft], pending: list[tuple[int, list[Claim], bool]]) -> None:
    """Figures in a sentence with no trigger belong to the report told just before them, however far
    back: a story tells its incident and then goes on with its victims ("Four others were treated for
    minor injuries"); a later incident it tells has a trigger of its own. Figures of a headline that
    names no event ("4 shot outside bar") belong to the report its lead tells. The figures of a harm
    told as background ("On May 2, 2009, a gunman killed 12 there") go only to a report with no toll of
    its own: a story on a trial tells its harm's toll where it recalls the harm. The figures told of the
    story's own harm go first, so that which report has a toll does not hang on the order of the story."""
    for si, claims, _ in (p for p in pending if not p[2]):
        nearest = _pending_report(drafts, si)
        if nearest is not None:
            nearest.claims.extend(claims)
    tolled = [d for d in drafts if any(_is_toll(c) for c in d.claims)]
    for si, claims, _ in (p for p in pending if p[2]):
        nearest = _pending_report(drafts, si)
        if nearest is not None:
            nearest.claims.extend(c for c in claims if not (_is_toll(c) and any(d is nearest for d in tolled)))


def _pending_report(drafts: list[_Draft], si: int) -> _Draft | None:
    """The report that figures in sentence `si` with no trigger of their own belong to, if any."""
    before = [d for d in drafts if any(s <= si for s, _ in d.mentions)]
    if before:
        return max(before, key=lambda d: max(s for s, _ in d.mentions if s <= si))
    if si < LEAD_SENTENCES and drafts:
        return min(drafts, key=lambda d: min(s for s, _ in d.mentions))
    return None


def _lone(c: Claim) -> bool:
    """A victim told of alone ("a man", "Smith"), not a count."""
    return c.low == 1 and c.best is None and c.high is None


def _shot_victims_to_the_death(drafts: list[_Draft]) -> None:
    """ "A man was found shot ... He died in hospital": in an article that tells one person's death and,
    in other reports, only people told of alone as shot (who include any who died), the shot are the
    one who died, told apart by a place or a day the story names for each step. Their figures join
    the death's report, where the wounded are those shot less those killed."""
    deaths = [d for d in drafts if _lone_death(d)]
    if len(deaths) != 1:
        return
    for d in drafts:
        tolls = [c for c in d.claims if _is_toll(c)]
        if (
            d is deaths[0]
            or not tolls
            or not all(c.kind == ClaimKind.INJURED and c.partial and _lone(c) for c in tolls)
        ):
            continue
        deaths[0].claims += tolls
        d.claims = [c for c in d.claims if not _is_toll(c)]


# Words that tell a death: "Teen dies after ...", "Man killed in ...", "fatal shooting".
_DEATH_LEMMAS = frozenset(["die", "kill", "slay", "murder"])
_DEATH_WORDS = frozenset(["dead", "fatal", "fatally", "deadly", "death", "dies", "died", "killed", "slain"])


def _death_in_the_headline(drafts: list[_Draft], sents: list[Any], doc: Document) -> None:
    """ "Boy dies after being shot at party": an opening line that tells a death no figure counts, over
    a story whose only victims are people told of alone as shot (who include any who died), tells
    that the one shot died."""
    if not sents or any(c.kind == ClaimKind.KILLED for d in drafts for c in d.claims):
        return
    word = next((t for t in sents[0] if t.lemma_.lower() in _DEATH_LEMMAS or t.lower_ in _DEATH_WORDS), None)
    shot = [d for d in drafts if any(_is_toll(c) for c in d.claims)]
    if word is None or len(shot) != 1:
        return
    if not all(c.kind == ClaimKind.INJURED and c.partial and _lone(c) for c in shot[0].claims if _is_toll(c)):
        return
    claimant, hedge = attribution(word, doc.outlet)
    evidence = Evidence(doc.id, word.idx, word.idx + len(word.text), word.text)
    shot[0].claims.append(
        Claim(ClaimKind.KILLED, low=1, hedge=hedge, claimant=claimant, evidence=evidence, text=word.text)
    )


def _lone_death(d: _Draft) -> bool:
    """A report whose toll is the death of a victim told of alone, and no figure besides."""
    tolls = [c for c in d.claims if _is_toll(c)]
    return any(c.kind == ClaimKind.KILLED for c in tolls) and all(_lone(c) for c in tolls)


def _attach_denials(drafts: list[_Draft], stopped: list[tuple[int, Mention]], doc: Document) -> None:
    for si, m in stopped:
        near = [
            d
            for d in drafts
            # Calling an activity off contradicts only a telling that it went on: a mention that
            # says it continued, or one told after the denial.
            if any(
                x.sub_event_type == m.sub_event_type
                and abs(s - si) <= DENIAL_WINDOW_SENTENCES
                and (x.continued or s > si)
                for s, x in d.mentions
            )
        ]
        if not near:
            continue
        d = min(near, key=lambda d: min(abs(s - si) for s, _ in d.mentions))
        # "The ministry said strikes were suspended" is told as firmly as its speech verb
        # tells it; only a verb of denial makes the claim itself a denial.
        claimant, hedge = attribution(m.trigger, doc.outlet)
        sent = m.sent
        d.claims.append(
            Claim(
                ClaimKind.DENIAL,
                hedge=hedge,
                claimant=claimant,
                evidence=Evidence(doc.id, sent.start_char, sent.end_char, sent.text),
                text=sent.text,
            )
        )
        d.contested = True


def _fits_denial(d: _Draft, denial: Denial) -> bool:
    """Whether a denial naming trigger classes can be about report `d`."""
    if not denial.classes:
        return True
    for _, x in d.mentions:
        if x.cls in denial.classes:
            return True
        kind = _event_type(x)
        if any(
            kind in COMPATIBLE_TYPES.get(c, ()) or x.sub_event_type in COMPATIBLE_TYPES.get(c, ())
            for c in denial.classes
        ):
            return True
    return False


def _attach_occurrence_denials(drafts: list[_Draft], denials: list[tuple[int, Denial]], doc: Document) -> None:
    """A denial of occurrence contests the nearest report it fits, told within the denial window.

    A denial that only refers back ("the claim was false") is about a report told before it.
    """
    for si, denial in denials:
        near = []
        for d in drafts:
            told = [s for s, _ in d.mentions if abs(s - si) <= DENIAL_WINDOW_SENTENCES]
            if not denial.classes:
                told = [s for s in told if s <= si]
            if told and _fits_denial(d, denial):
                near.append((min(abs(s - si) for s in told), -d.last_sentence, d))
        if not near:
            continue
        d = min(near, key=lambda x: x[:2])[2]
        sent = denial.sent
        d.claims.append(
            Claim(
                ClaimKind.DENIAL,
                hedge=Hedge.DENIED,
                claimant=denial.claimant,
                evidence=Evidence(doc.id, sent.start_char, sent.end_char, sent.text),
                text=sent.text,
            )
        )
        d.contested = True


def _attach_responsibility(
    drafts: list[_Draft],
    found: list[tuple[int, Mention]],
    doc: Document,
    dictionary: ActorDictionary,
    country: str | None,
) -> None:
    for si, m in found:
        if not drafts:
            return
        d = min(drafts, key=lambda d: min(abs(s - si) for s, _ in d.mentions))
        claimant = m.agent.text if m.agent is not None else None
        if m.cls != "attrib":
            claimant = attribution(m.trigger, doc.outlet)[0]  # a party's account of who did it
        if m.trigger.lemma_ in ("claim", "take") and m.agent is not None:
            # "X claimed responsibility": the group that owns the attack is its actor1.
            owners = [p for p in _actors(m.agent, dictionary, country, doc.id) if p[0].is_armed]
            d.actors1[:0] = owners[:1]
        sent = m.sent
        d.claims.append(
            Claim(
                ClaimKind.RESPONSIBILITY,
                hedge=Hedge.CLAIMED,
                claimant=claimant,
                evidence=Evidence(doc.id, sent.start_char, sent.end_char, sent.text),
                text=sent.text,
            )
        )


def _ref(pair: tuple[Actor, Evidence]) -> ActorRef:
    a, ev = pair
    return ActorRef(a.name, a.inter, a.country, ev.quote, ev)


def _pick_actors(pairs: list[tuple[Actor, Evidence]]) -> list[tuple[Actor, Evidence]]:
    """Distinct actors; a coalition displaces the plain forces of the country that leads it."""
    out: list[tuple[Actor, Evidence]] = []
    for a, ev in pairs:
        if any(a.name == b.name for b, _ in out):
            continue
        out.append((a, ev))
    leads = {a.lead for a, _ in out if a.lead}
    out = [(a, ev) for a, ev in out if not (a.inter == 1 and a.country in leads)]
    coalitions = [p for p in out if p[0].lead]
    return coalitions + [p for p in out if not p[0].lead]


def _foreign_forces(actors: list[tuple[Actor, Evidence]], place: Place | None) -> bool:
    """Whether the acting side is the state forces of another country than the one the place is in."""
    if not actors or place is None or place.country is None:
        return False
    a = actors[0][0]
    return a.is_state and a.country is not None and a.country != place.country


def _report(doc: Document, index: int, d: _Draft, dictionary: ActorDictionary, country: str | None) -> Report:
    lead = d.lead
    first = min((m for _, m in d.mentions), key=lambda m: m.start)
    sub = lead.sub_event_type
    a1 = _pick_actors(d.actors1)
    if sub == "Arrests" and _foreign_forces(a1, d.place):
        sub = "Abduction/forced disappearance"  # a detention by an occupying army is no lawful arrest
    event_type = event_type_of(sub) if sub else None
    names1 = {a.name for a, _ in a1}
    a2 = [p for p in _pick_actors(d.actors2) if p[0].name not in names1]
    if not a2 and any(
        c.victims.value in ("civilians", "children", "women") and c.kind in (ClaimKind.KILLED, ClaimKind.INJURED)
        for c in d.claims
    ):
        a2 = [(dictionary.generic("civilians", country), None)]  # type: ignore[list-item]
    hedges = []
    claimant = None
    for _, m in sorted(d.mentions, key=lambda sm: sm[1].start):
        who, hedge = attribution(m.trigger, doc.outlet)
        hedges.append(hedge)
        claimant = claimant or who
    hedge = min(hedges, key=HEDGE_RANK.index) if hedges else Hedge.ASSERTED
    sentences = sorted({(m.sent.start_char, m.sent.end_char) for _, m in d.mentions})
    evidence = [Evidence(doc.id, s, e, doc.text[s:e]) for s, e in sentences]
    toll = max(
        (
            c.high or c.best or c.low or 0
            for c in d.claims
            if c.kind in (ClaimKind.KILLED, ClaimKind.INJURED) and not c.cumulative
        ),
        default=0,
    )
    first_sentence = min(s for s, _ in d.mentions)
    salience = sum(m.weight for _, m in d.mentions) + TOLL_WEIGHT * math.log1p(toll)
    if first_sentence < LEAD_SENTENCES:
        salience += LEAD_BONUS
    scope = "acled" if sub else (lead.scope or "other")
    if scope == "other":
        salience *= OTHER_SCOPE_FACTOR
    return Report(
        doc_id=doc.id,
        index=index,
        event_type=event_type,
        sub_event_type=sub,
        disorder_type=disorder_type_of(event_type),
        scope=scope,
        actor1=_ref(a1[0]) if a1 else None,
        assoc_actor_1=[_ref(p) for p in a1[1:]],
        actor2=_ref(a2[0])
        if a2 and a2[0][1] is not None
        else (ActorRef(a2[0][0].name, a2[0][0].inter, a2[0][0].country) if a2 else None),
        assoc_actor_2=[_ref(p) for p in a2[1:] if p[1] is not None],
        place=d.place,
        when=d.when,
        claims=d.claims,
        evidence=evidence,
        hedge=hedge,
        claimant=claimant,
        contested=d.contested,
        trigger=Evidence(doc.id, first.start, first.end, doc.text[first.start : first.end]),
        salience=round(salience, 3),
    )
