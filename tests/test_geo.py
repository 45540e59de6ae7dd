"""Places: gazetteer lookup, recognition, resolution in context, and the place of an event."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from tests.conftest import MOSUL
from warwatch import geo, nlp
from warwatch.extract.assemble import _outlet_town
from warwatch.geo.gazetteer import Candidate, Entry, Gazetteer, name_keys, prior_score
from warwatch.geo.recognize import style_countries
from warwatch.models import Place
from warwatch.settings import Settings


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return geo.default_gazetteer()


@pytest.fixture(scope="module")
def model(gazetteer: Gazetteer) -> Any:
    return nlp.load(Settings().spacy_model, gazetteer.entity_patterns())


def _locate(model: Any, gazetteer: Gazetteer, text: str) -> list[geo.PlaceMention]:
    return geo.locate(model(text), gazetteer, "doc1")


def _mention(mentions: list[geo.PlaceMention], text: str) -> geo.PlaceMention:
    found = [m for m in mentions if m.text == text]
    assert found, f"{text!r} not among {[m.text for m in mentions]}"
    return found[0]


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("Hawijah", "Hawija"),
        ("al-Hawija", "Hawija"),
        ("Tall Afar", "Tal Afar"),
        ("Telafar", "Tal Afar"),
        ("Falluja", "Fallujah"),
        ("el-Geneina", "Geneina"),
        ("Ninawa", "Nineveh"),
    ],
)
def test_transliteration_variants_find_the_same_place(gazetteer: Gazetteer, variant: str, canonical: str) -> None:
    got = {p.gazetteer_id for p in gazetteer.lookup(variant)[:3]}
    want = {p.gazetteer_id for p in gazetteer.lookup(canonical)[:3]}
    assert got & want


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Hawija", "Hawijah", True),
        ("Tal Afar", "Telafar", True),
        ("al-Jadida", "el Jadida", True),
        ("Mosul", "Basra", False),
    ],
)
def test_name_keys_fold_transliterations(a: str, b: str, same: bool) -> None:
    assert (name_keys(a)[2] == name_keys(b)[2]) is same


@pytest.mark.parametrize(
    ("name", "country", "iso2", "admin1", "feature"),
    [
        ("Mosul", None, "IQ", "Nineveh", "city"),
        ("Nineveh", "IQ", "IQ", "Nineveh", "admin1"),
        ("Iraq", None, "IQ", None, "country"),
        ("Aleppo", "SY", "SY", "Aleppo", "city"),
    ],
)
def test_lookup_best_candidate(
    gazetteer: Gazetteer, name: str, country: str | None, iso2: str, admin1: str | None, feature: str
) -> None:
    best = gazetteer.lookup(name, country=country)[0]
    assert (best.iso2, best.admin1, best.feature) == (iso2, admin1, feature)
    assert best.lat is not None and best.lon is not None and best.gazetteer_id


def test_lookup_country_filter_and_unknown_name(gazetteer: Gazetteer) -> None:
    assert all(p.iso2 == "LB" for p in gazetteer.lookup("Tripoli", country="LB"))
    assert gazetteer.lookup("Xqzzyville") == []
    assert gazetteer.lookup("   ") == []


def test_place_shape_is_acled_like(gazetteer: Gazetteer) -> None:
    mosul = gazetteer.lookup("Mosul")[0]
    assert (mosul.country, mosul.iso, mosul.region, mosul.geo_precision) == ("Iraq", 368, "Middle East", 1)
    assert mosul.gazetteer_id == "geonames:99072"


@pytest.mark.parametrize(
    ("name", "lat", "lon"),
    [
        ("Canada", 60.0, -95.0),  # not GeoNames' point in the far west
        ("Ontario", 49.25, -84.5),  # not the middle of its southern towns
        ("Manitoba", 55.0, -97.0),
    ],
)
def test_large_regions_sit_at_their_middle(gazetteer: Gazetteer, name: str, lat: float, lon: float) -> None:
    place = gazetteer.lookup(name)[0]
    assert place.lat is not None and place.lon is not None
    assert geo.haversine_km(place.lat, place.lon, lat, lon) < 100


#: The usual accuracy radius of geoparsing evaluations (100 miles, "Acc@161"), used here as the check that a
#: region's point agrees with every common convention for it: within it of each, no convention counts it wrong.
_CONVENTION_AGREEMENT_KM = 161


@pytest.mark.parametrize(
    ("name", "references"),
    [
        ("China", [(35.0, 105.0), (35.0, 103.0)]),  # GeoNames' point and Wikipedia's
        ("Australia", [(-25.0, 135.0), (-25.0, 133.0)]),
        ("Japan", [(35.69, 139.75), (36.0, 138.0)]),  # GeoNames' Tokyo and the CIA World Factbook's
        ("England", [(52.16, -0.7), (51.51, -0.13)]),  # GeoNames' point and London
    ],
)
def test_a_large_region_lies_near_every_common_reference_point(
    gazetteer: Gazetteer, name: str, references: list[tuple[float, float]]
) -> None:
    place = next(p for p in gazetteer.lookup(name) if p.feature in ("country", "admin1"))
    assert place.lat is not None and place.lon is not None
    assert all(geo.haversine_km(place.lat, place.lon, lat, lon) < _CONVENTION_AGREEMENT_KM for lat, lon in references)


def test_entity_patterns_are_modest_and_lowercase(gazetteer: Gazetteer) -> None:
    patterns = gazetteer.entity_patterns()
    assert 1_000 < len(patterns) < 20_000
    assert all(p["pattern"] == p["pattern"].lower() and p["label"] in ("GPE", "LOC", "FAC") for p in patterns)
    texts = {p["pattern"] for p in patterns}
    assert {"hawija", "al-jadida", "tal afar"} <= texts
    assert "hit" not in texts and "islamic state" not in texts


@pytest.mark.parametrize(
    ("text", "surface", "name", "admin1", "precision", "qualifier"),
    [
        (
            "Federal Police units began to advance on Mosul's Old City on Sunday.",
            "Old City",
            "Mosul - Old City",
            "Nineveh",
            1,
            None,
        ),
        (
            "US-led air strikes on the al-Jadida area of Mosul killed civilians.",
            "al-Jadida",
            "Mosul - al-Jadida",
            "Nineveh",
            1,
            "area",
        ),
        (
            "Shelling on residential areas of west Mosul continued.",
            "west Mosul",
            "Mosul - West Mosul",
            "Nineveh",
            1,
            None,
        ),
        ("Militants attacked a checkpoint near Kirkuk in northern Iraq.", "Kirkuk", "Kirkuk", "Kirkuk", 2, "near"),
        ("Fighting continued on the outskirts of Tal Afar, Iraq.", "Tal Afar", "Tal Afar", "Nineveh", 2, "outskirts"),
        (
            "Clashes were reported in Nineveh province of Iraq on Monday.",
            "Nineveh",
            "Nineveh",
            "Nineveh",
            3,
            "province",
        ),
        ("A village 20 km north of Hawija in Iraq was shelled.", "Hawija", "Hawija", "Kirkuk", 2, "north of"),
    ],
)
def test_locate_qualifiers_and_precision(
    model: Any,
    gazetteer: Gazetteer,
    text: str,
    surface: str,
    name: str,
    admin1: str,
    precision: int,
    qualifier: str | None,
) -> None:
    m = _mention(_locate(model, gazetteer, text), surface)
    assert m.place is not None
    assert (m.place.name, m.place.admin1, m.place.geo_precision, m.qualifier) == (name, admin1, precision, qualifier)
    assert m.place.evidence is not None and text[m.place.evidence.start : m.place.evidence.end] == surface


@pytest.mark.parametrize(
    ("text", "iso2"),
    [
        (
            "Clashes erupted in Tripoli between Hezbollah supporters and rivals. Beirut and the Lebanese army "
            "called for calm in Lebanon.",
            "LB",
        ),
        (
            "Militias fought near Tripoli airport as the Libyan government in Benghazi and Misrata traded "
            "accusations over Libya.",
            "LY",
        ),
    ],
)
def test_ambiguous_name_follows_the_article(model: Any, gazetteer: Gazetteer, text: str, iso2: str) -> None:
    tripoli = _mention(_locate(model, gazetteer, text), "Tripoli")
    assert tripoli.place is not None and tripoli.place.iso2 == iso2


@pytest.mark.parametrize(
    ("text", "not_a_place"),
    [
        ("Fighters of the Islamic State attacked the town of Hawija in Iraq.", "Islamic State"),
        ("Michael Jordan said the game in Chicago was his last.", "Jordan"),
        ("Metro detectives said a woman was robbed outside a bakery in Reno.", "Metro"),
        ("In a Norfolk courtroom, the Commonwealth asked the judge to keep the murder charges.", "Commonwealth"),
    ],
)
def test_false_friends_are_not_places(model: Any, gazetteer: Gazetteer, text: str, not_a_place: str) -> None:
    mentions = _locate(model, gazetteer, text)
    assert mentions, "the real place in the sentence should still be found"
    assert not any(not_a_place in m.text for m in mentions)


def test_demonyms_name_their_country_but_never_host_an_event(model: Any, gazetteer: Gazetteer) -> None:
    text = "Iraqi forces shelled positions in Mosul."
    mentions = _locate(model, gazetteer, text)
    iraqi = _mention(mentions, "Iraqi")
    assert iraqi.role == "demonym"
    assert iraqi.place is not None and iraqi.place.feature == "country" and iraqi.place.iso2 == "IQ"
    place = geo.event_place(mentions, 0, len(text), text.index("shelled"))
    assert place is not None and place.name == "Mosul"
    alone = "Iraqi forces shelled positions."
    assert geo.event_place(_locate(model, gazetteer, alone), 0, len(alone), alone.index("shelled")) is None


def test_locate_on_text_without_places(model: Any, gazetteer: Gazetteer) -> None:
    assert _locate(model, gazetteer, "Nobody said anything about it.") == []


def _place(name: str, precision: int = 1) -> Place:
    return Place(name, country="Iraq", iso2="IQ", lat=36.0, lon=43.0, geo_precision=precision, gazetteer_id=name)


def _m(start: int, name: str, precision: int = 1) -> geo.PlaceMention:
    return geo.PlaceMention(start, start + len(name), name, _place(name, precision))


@pytest.mark.parametrize(
    ("mentions", "span", "anchor", "want", "precision"),
    [
        # the place in the trigger's sentence beats the dateline place
        ([_m(0, "Baghdad"), _m(60, "Mosul")], (40, 100), 50, "Mosul", 1),
        # no place in the sentence: the document's most mentioned place, precision at least 2
        ([_m(0, "Baghdad"), _m(20, "Baghdad"), _m(200, "Mosul")], (100, 150), 120, "Baghdad", 2),
        # a town beats the country in the same sentence
        ([_m(40, "Iraq", 3), _m(60, "Mosul")], (30, 100), 35, "Mosul", 1),
        # a neighbourhood beats its own city
        ([_m(40, "Mosul"), _m(50, "Mosul - Old City")], (30, 100), 35, "Mosul - Old City", 1),
        # the nearer of two towns after the trigger
        ([_m(40, "Mosul"), _m(90, "Kirkuk")], (0, 100), 30, "Mosul", 1),
    ],
)
def test_event_place(
    mentions: list[geo.PlaceMention], span: tuple[int, int], anchor: int, want: str, precision: int
) -> None:
    place = geo.event_place(mentions, span[0], span[1], anchor)
    assert place is not None and (place.name, place.geo_precision) == (want, precision)


def test_event_place_without_places() -> None:
    assert geo.event_place([geo.PlaceMention(0, 5, "Xyzzy", None)], 0, 100, 10) is None
    assert geo.event_place([], 0, 100, 10) is None


def test_small_gazetteer_instance() -> None:
    entries = [
        Entry("warwatch:a", "Alpha", "IQ", "Nineveh", None, 36.0, 43.0, 1000, "town", None),
        Entry("warwatch:b", "al-Beta", "SY", "Aleppo", None, 36.2, 37.1, 0, "village", None),
    ]
    gaz = Gazetteer(entries, [(0, "Alfa", True)], {"IQ": {"name": "Iraq", "iso": 368}}, [0, 1])
    assert [p.name for p in gaz.lookup("Alfa")] == ["Alpha"]
    assert [p.name for p in gaz.lookup("Beta")] == ["al-Beta"]
    assert gaz.lookup("Alpha", country="SY") == []
    assert {p["pattern"] for p in gaz.entity_patterns()} >= {"alpha", "alfa", "al-beta", "beta"}


# ----------------------------------------------------------------------------------------------
# The place of an event, from text: each rule with its own sentences


def _event_place(model: Any, gazetteer: Gazetteer, text: str, trigger: str) -> Place | None:
    """The place event_place gives the event whose trigger is the last occurrence of `trigger`."""
    sdoc = model(text)
    anchor = text.rindex(trigger)
    sent = next(s for s in sdoc.sents if s.start_char <= anchor < s.end_char)
    return geo.event_place(_locate_doc(sdoc, gazetteer), sent.start_char, sent.end_char, anchor)


def _locate_doc(sdoc: Any, gazetteer: Gazetteer) -> list[geo.PlaceMention]:
    return geo.locate(sdoc, gazetteer, "doc1")


@pytest.mark.parametrize(
    ("text", "trigger", "name", "precision"),
    [
        (
            "Rebels held Hawija for months. Days after alleged US air strikes killed dozens of civilians, "
            "families began to leave.",
            "strikes",
            "Hawija",
            2,
        ),
        (
            "Fighting went on in Samarra all week. On Friday Iran-backed militias attacked a convoy, witnesses said.",
            "attacked",
            "Samarra",
            2,
        ),
        ("Gunmen stormed a police post in Tal Afar. Iraq's army said the attackers fled.", "stormed", "Tal Afar", 1),
    ],
)
def test_actor_country_is_not_the_event_place(
    model: Any, gazetteer: Gazetteer, text: str, trigger: str, name: str, precision: int
) -> None:
    place = _event_place(model, gazetteer, text, trigger)
    assert place is not None and (place.name, place.geo_precision) == (name, precision)


@pytest.mark.parametrize(
    ("text", "surface", "iso2", "city"),
    [
        # no Medina in Afghanistan: a part of the story's city, at the city's point
        (
            "Gunmen stormed a hotel in Kabul on Friday. Hours later a second blast hit the Medina district, "
            "police in Kabul said.",
            "Medina",
            "AF",
            "Kabul",
        ),
        # "the X area of Y": inside Y, not a namesake abroad
        ("Mortar rounds struck the Hamra area of eastern Baghdad on Monday, killing three.", "Hamra", "IQ", "Baghdad"),
    ],
)
def test_district_of_the_story_city_beats_a_namesake_abroad(
    model: Any, gazetteer: Gazetteer, text: str, surface: str, iso2: str, city: str
) -> None:
    mentions = _locate(model, gazetteer, text)
    part = next(m for m in mentions if m.text.startswith(surface))
    town = next(m for m in mentions if m.text == city)
    assert part.place is not None and town.place is not None
    assert part.place.iso2 == iso2 and part.place.name.startswith(f"{city} - ")
    assert part.place.geo_precision == 1 and part.place.admin1 == town.place.admin1
    assert (part.place.lat, part.place.lon) == (town.place.lat, town.place.lon)


@pytest.mark.parametrize(
    ("text", "trigger", "name", "precision"),
    [
        # the town the strike is on, not the claimant's seat named later in the sentence
        (
            "An air strike on a school in the Shujaiya area of eastern Gaza killed 12 people, the health ministry "
            "in Khan Younis said.",
            "strike",
            "Gaza City - Shujaiya",
            1,
        ),
        (
            "A suicide bomber attacked a checkpoint near Samarra on Sunday, officials in Baghdad said.",
            "attacked",
            "Samarra",
            2,
        ),
        # a speaker's seat is not the event's place: the story's town is
        (
            "Militants overran an army post in Samarra at dawn. The defence ministry in Baghdad said a car bomb "
            "killed nine soldiers.",
            "bomb",
            "Samarra",
            2,
        ),
    ],
)
def test_place_tied_to_the_event_wins(
    model: Any, gazetteer: Gazetteer, text: str, trigger: str, name: str, precision: int
) -> None:
    place = _event_place(model, gazetteer, text, trigger)
    assert place is not None and (place.name, place.geo_precision) == (name, precision)


@pytest.mark.parametrize(
    ("text", "trigger", "name"),
    [
        (
            "BEIRUT, May 2 (Agency) - Government jets bombed the town of Saraqeb on Tuesday, activists said.\n\n"
            "Hours later an air strike hit a field hospital, medics said.",
            "strike",
            "Saraqib",
        ),
        (
            "NAIROBI, June 9 (Agency) - Militants attacked a military base in Beledweyne overnight, residents "
            "said.\n\nA roadside bomb later hit a convoy, the army said.",
            "bomb",
            "Beledweyne",
        ),
    ],
)
def test_dateline_city_is_never_the_main_place(
    model: Any, gazetteer: Gazetteer, text: str, trigger: str, name: str
) -> None:
    place = _event_place(model, gazetteer, text, trigger)
    assert place is not None and place.name == name and place.geo_precision == 2
    main = geo.main_place(_locate(model, gazetteer, text))
    assert main is not None and main.name == name


@pytest.mark.parametrize(
    ("text", "trigger", "name"),
    [
        (
            "Security forces fired on protesters in Khartoum on Sunday. In Omdurman, thousands marched peacefully "
            "across the bridge.",
            "marched",
            "Omdurman",
        ),
        (
            "Troops shelled villages outside Aleppo. In Idlib, rebels attacked an army convoy on Monday.",
            "attacked",
            "Idlib",
        ),
    ],
)
def test_fronted_locative_places_its_sentence(
    model: Any, gazetteer: Gazetteer, text: str, trigger: str, name: str
) -> None:
    place = _event_place(model, gazetteer, text, trigger)
    assert place is not None and place.name == name


@pytest.mark.parametrize(
    ("text", "surface", "precision"),
    [
        ("Militants attacked a checkpoint near Samarra on Sunday.", "Samarra", 2),
        ("Shelling hit the outskirts of Hawija overnight.", "Hawija", 2),
        ("Clashes spread across Idlib province on Friday.", "Idlib", 3),
        ("A car bomb exploded in Shujaiya, in Gaza, on Monday.", "Shujaiya", 1),
    ],
)
def test_event_place_precision(model: Any, gazetteer: Gazetteer, text: str, surface: str, precision: int) -> None:
    m = _mention(_locate(model, gazetteer, text), surface)
    assert m.place is not None and m.place.geo_precision == precision


def _r(
    start: int,
    name: str,
    role: str | None = None,
    heads: tuple[int, ...] = (),
    precision: int = 1,
    feature: str = "town",
) -> geo.PlaceMention:
    place = Place(
        name, country="Iraq", iso2="IQ", lat=36.0, lon=43.0, geo_precision=precision, gazetteer_id=name, feature=feature
    )
    return geo.PlaceMention(start, start + len(name), name, place, None, role, heads)


@pytest.mark.parametrize(
    ("mentions", "anchor", "want"),
    [
        # an actor's country in the sentence: the document's main town instead
        ([_r(0, "Mosul", "headline"), _r(130, "US", "owner", precision=3, feature="country")], 140, "Mosul"),
        # a town owning a thing is where it happened ("the Mosul offensive")
        ([_r(0, "Kirkuk"), _r(130, "Mosul", "owner")], 140, "Mosul"),
        # the claimant's seat is skipped although nearer
        ([_r(0, "Hawija"), _r(150, "Baghdad", "claimant"), _r(190, "Samarra")], 140, "Samarra"),
        # a place the trigger governs beats a nearer one
        ([_r(145, "Kirkuk"), _r(180, "Mosul", heads=(170, 140))], 140, "Mosul"),
        # a fronted locative applies to the whole sentence
        ([_r(102, "Basra", "fronted"), _r(160, "Kirkuk")], 150, "Basra"),
        # never the dateline
        ([_r(0, "Baghdad", "dateline"), _r(40, "Ramadi")], 140, "Ramadi"),
    ],
)
def test_event_place_roles(mentions: list[geo.PlaceMention], anchor: int, want: str) -> None:
    place = geo.event_place(mentions, 100, 200, anchor)
    assert place is not None and place.name == want


@pytest.mark.parametrize(
    ("text", "trigger", "name"),
    [
        # the town of the hospital a victim was flown to is where he was cared for, not where he was shot
        (
            "Police in Ashland said a man was shot on Sunday. He was flown to a hospital in Louisville, where he died.",
            "died",
            "Ashland",
        ),
        (
            "Police in Ashland said a man was shot on Sunday. He was rushed to a Louisville hospital, where he died.",
            "died",
            "Ashland",
        ),
        (
            "Police in Ashland said a man was shot on Sunday. He was taken to the Regional Medical Center in "
            "Louisville, where he died.",
            "died",
            "Ashland",
        ),
        (
            "Police in Ashland said a man was shot on Sunday. He was in critical condition at a hospital in "
            "Louisville.",
            "shot",
            "Ashland",
        ),
        # a hospital that was itself struck is the event's place
        ("Shells hit a hospital in Kharkiv on Monday, killing two patients.", "hit", "Kharkiv"),
    ],
)
def test_the_town_of_a_victims_hospital_is_not_the_event_place(
    model: Any, gazetteer: Gazetteer, text: str, trigger: str, name: str
) -> None:
    place = _event_place(model, gazetteer, text, trigger)
    assert place is not None and place.name == name


@pytest.mark.parametrize(
    ("mentions", "want"),
    [
        # "SPRINGFIELD -- ... Springfield police said ... in the state": the dateline and the town's police
        # name the story's town, not the state told once
        (
            [
                _r(0, "Springfield", "dateline"),
                _r(60, "Illinois", "owner", precision=2, feature="admin1"),
                _r(120, "Springfield", "modifier"),
            ],
            "Springfield",
        ),
        # a wire's bureau in another country is not the story's town, however often its police speak
        (
            [
                dataclasses.replace(_r(0, "Amman", "dateline"), place=Place("Amman", iso2="JO", feature="city")),
                dataclasses.replace(_r(80, "Amman", "modifier"), place=Place("Amman", iso2="JO", feature="city")),
                _r(40, "Ramadi"),
            ],
            "Ramadi",
        ),
    ],
)
def test_main_place_heeds_the_story_town(mentions: list[geo.PlaceMention], want: str) -> None:
    main = geo.main_place(mentions)
    assert main is not None and main.name == want


def test_a_qualified_state_is_no_town_for_the_main_place() -> None:
    # "shooting in northern Ohio ... Ohio ... Ohio ... in Lorain ... Lorain": the state told with a
    # qualifier is still a state, and the town it holds is the story's place
    mentions = [
        _r(0, "Ohio", "headline", precision=2, feature="admin1"),
        _r(60, "Ohio", "owner", precision=3, feature="admin1"),
        _r(90, "Ohio", precision=3, feature="admin1"),
        _r(120, "Lorain"),
        _r(200, "Lorain"),
    ]
    main = geo.main_place(mentions)
    assert main is not None and main.name == "Lorain"


def test_main_place_counts_neighbourhoods_for_their_city() -> None:
    mentions = [
        _r(0, "Baghdad", "dateline"),
        _r(50, "Erbil"),
        _r(100, "Mosul"),
        _r(150, "Mosul - Old City"),
        _r(200, "Mosul - West Mosul"),
        _r(250, "Erbil"),
    ]
    main = geo.main_place(mentions)
    assert main is not None and main.name == "Mosul"


@pytest.mark.parametrize(
    ("text", "surface", "feature", "precision"),
    [
        ("Protesters marched through Lagos on Monday.", "Lagos", "city", 1),
        ("Gunmen killed five people in Kaduna on Sunday.", "Kaduna", "city", 1),
        ("Soldiers fired on a crowd in Lagos. The Lagos State governor imposed a curfew.", "Lagos", "city", 1),
        ("Soldiers fired on a crowd in Lagos. The Lagos State governor imposed a curfew.", "Lagos State", "admin1", 3),
        ("Gunmen killed five people in the state of Kaduna.", "Kaduna", "admin1", 3),
    ],
)
def test_city_named_like_its_state_is_the_city_unless_called_a_state(
    model: Any, gazetteer: Gazetteer, text: str, surface: str, feature: str, precision: int
) -> None:
    place = _mention(_locate(model, gazetteer, text), surface).place
    assert place is not None and (place.feature, place.geo_precision) == (feature, precision)


@pytest.mark.parametrize(
    ("text", "trigger", "surface", "role", "name"),
    [
        (
            "Police fired tear gas at protesters at the Lekki toll gate on Tuesday.",
            "fired",
            "Lekki",
            "landmark",
            "Lekki",
        ),
        ("Gunmen attacked worshippers at the Kano central mosque on Friday.", "attacked", "Kano", "landmark", "Kano"),
        (
            "Missiles struck the Kharkiv train station, officials in Kyiv said.",
            "struck",
            "Kharkiv",
            "landmark",
            "Kharkiv",
        ),
        # a country owning a weapon is not where it struck
        ("Villagers said US air strikes hit a school in Hawija on Monday.", "strikes", "US", "owner", "Hawija"),
    ],
)
def test_place_of_a_landmark_is_the_event_place(
    model: Any, gazetteer: Gazetteer, text: str, trigger: str, surface: str, role: str, name: str
) -> None:
    assert _mention(_locate(model, gazetteer, text), surface).role == role
    place = _event_place(model, gazetteer, text, trigger)
    assert place is not None and place.name == name


@pytest.mark.parametrize(
    ("text", "trigger", "name"),
    [
        (
            "Gunmen abducted Ivan Fedorov, the mayor of Melitopol, in Zaporizhzhia on Friday.",
            "abducted",
            "Zaporizhzhya",
        ),
        ("Police arrested the former mayor of Mosul in Erbil on Sunday.", "arrested", "Erbil"),
        (
            "Russian forces detained Ihor Kovalenko, the director general of the Kakhovka power plant, near the "
            "town of Nova Kakhovka.",
            "detained",
            "Nova Kakhovka",
        ),
    ],
)
def test_place_in_a_persons_title_is_not_the_event_place(
    model: Any, gazetteer: Gazetteer, text: str, trigger: str, name: str
) -> None:
    place = _event_place(model, gazetteer, text, trigger)
    assert place is not None and place.name == name


@pytest.mark.parametrize(
    ("text", "trigger", "name", "precision"),
    [
        (
            "Gunmen shot dead the director of Kirkuk's main hospital as he drove from Kirkuk to the town of Hawija.",
            "shot",
            "Hawija",
            1,
        ),
        ("Gunmen killed a local official on his way to Samarra, police said.", "killed", "Samarra", 1),
        ("Militants kidnapped a doctor on the road between Kirkuk and Tikrit on Monday.", "kidnapped", "Kirkuk", 2),
    ],
)
def test_destination_of_a_journey_is_the_event_place(
    model: Any, gazetteer: Gazetteer, text: str, trigger: str, name: str, precision: int
) -> None:
    place = _event_place(model, gazetteer, text, trigger)
    assert place is not None and (place.name, place.geo_precision) == (name, precision)


@pytest.mark.parametrize(
    ("text", "name", "state"),
    [
        ("Deputies from the Walker County Sheriff's Office searched the woods.", "Walker County", None),
        ("The Toronto Police Services Board met on Monday.", "Toronto", None),
        ("A man was shot outside a bar in Dayton, OH, late on Friday.", "OH", "Ohio"),
        ("DAYTON (AP) - A man was shot outside a bar late on Friday.", "DAYTON", None),
        # a page's invisible zero-width space before the dateline
        ("Four shot on Elm Street\n\n\u200bTALLAHASSEE -- Detectives seek the man who fired.", "TALLAHASSEE", None),
    ],
)
def test_places_inside_names_codes_and_datelines(
    model: Any, gazetteer: Gazetteer, text: str, name: str, state: str | None
) -> None:
    found = _mention(_locate(model, gazetteer, text), name)
    assert found.place is not None
    if state is not None:
        assert found.place.name == state and found.place.feature == "admin1"


def test_a_direction_before_a_state_is_a_qualifier(model: Any, gazetteer: Gazetteer) -> None:
    text = "Heavy rain fell across Northeast Georgia on Tuesday, flooding roads from Gainesville to Athens."
    georgia = [m for m in _locate(model, gazetteer, text) if "Georgia" in m.text]
    assert georgia and georgia[0].place is not None
    assert georgia[0].place.name == "Georgia" and georgia[0].qualifier == "northeast"


def test_towns_of_one_county_support_each_other(model: Any, gazetteer: Gazetteer) -> None:
    text = (
        "Police in Franklin said the victim was taken to a hospital in Greenwood. "
        "The Johnson County prosecutor will review the case."
    )
    franklin = _mention(_locate(model, gazetteer, text), "Franklin")
    assert franklin.place is not None and franklin.place.admin1 == "Indiana"


def test_a_state_named_in_the_event_sentence_defers_to_the_story_town(model: Any, gazetteer: Gazetteer) -> None:
    text = (
        "Police in Memphis are looking for a gunman after a shooting on Saturday. "
        "Officers said a Tennessee man was shot and killed outside a store."
    )
    mentions = _locate(model, gazetteer, text)
    anchor = text.index("shot and killed")
    start = text.index("Officers")
    place = geo.event_place(mentions, start, len(text), anchor)
    assert place is not None and place.name == "Memphis"


# ----------------------------------------------------------------------------------------------
# Resolution in context on a small gazetteer: each rule with its own made-up places

_SMALL_COUNTRIES = {"US": {"name": "United States", "iso": 840}, "ZZ": {"name": "Zedland", "iso": 999}}


def _small_gazetteer() -> Gazetteer:
    entries = [
        Entry("admin1:US.OH", "Ohio", "US", "Ohio", None, 40.3, -82.8, 11_000_000, "admin1", None),
        Entry("t:alder", "Alder Falls", "US", "Ohio", "Knox County", 40.40, -82.50, 20_000, "town", None),
        Entry("t:birch", "Birch Hollow", "US", "Ohio", "Knox County", 40.45, -82.40, 6_000, "village", None),
        Entry("t:cedar-me", "Cedar Mills", "US", "Maine", "York County", 43.5, -70.6, 900, "village", None),
        Entry("t:zedland-oh", "Zedland", "US", "Ohio", "Knox County", 40.42, -82.45, 3_000, "village", None),
        Entry("country:ZZ", "Zedland", "ZZ", None, None, 10.0, 10.0, 5_000_000, "country", None),
        Entry("t:kestrel", "Kestrel", "ZZ", None, None, 11.0, 11.0, 2_000_000, "city", None),
        Entry("t:wrenfield", "Wrenfield", "US", "Ohio", "Knox County", 40.43, -82.46, 2_000, "village", None),
        Entry("t:corvine", "Corvine", "US", "Ohio", "Knox County", 40.44, -82.44, 1_500, "village", None),
        Entry("t:corvina", "Corvina", "ZZ", None, None, 12.0, 12.0, 80_000, "town", None),
        Entry("t:dunmere-pa", "Dunmere", "US", "Pennsylvania", "Erie County", 41.0, -76.0, 70_000, "city", None),
        Entry("t:haldane-me", "Haldane", "US", "Maine", "York County", 44.0, -70.0, 800, "village", None),
        Entry("c:haldane-oh", "Haldane County", "US", "Ohio", "Haldane County", 40.5, -82.6, 9_000, "admin2", None),
        Entry("c:marlow-oh", "Marlow County", "US", "Ohio", "Marlow County", 40.6, -82.7, 90_000, "admin2", None),
        Entry("c:marlow-me", "Marlow County", "US", "Maine", "Marlow County", 43.6, -70.5, 1_000, "admin2", None),
        Entry("t:ashby-me", "Ashby Corner", "US", "Maine", "York County", 43.7, -70.4, 700, "village", None),
        Entry("t:varnessa", "Varnessa", "ZZ", None, None, 13.0, 13.0, 500_000, "city", None),
        Entry("t:morvanta", "Morvanta", "ZZ", None, None, 14.0, 14.0, 3_000_000, "city", None),
        Entry("t:tell-shamal", "Tell ash Shamal", "ZZ", None, None, 15.0, 15.0, 4_000, "village", None),
        Entry("t:rookham-nv", "Rookham", "US", "Nevada", "Washoe County", 39.5, -119.8, 150_000, "city", None),
        Entry("t:pellham-pa", "Pellham", "US", "Pennsylvania", "Allegheny County", 40.4, -80.0, 300_000, "city", None),
        Entry("d:ostmark", "Ostmark", "ZZ", "Northland", "Ostmark", 16.0, 16.0, 0, "admin2", None),
    ]
    aliases = [(7, "Kestrel", False), (15, "Pellow", False), (16, "Tarvona", False), (17, "Kelvara", False)]
    aliases.append((18, "Tell al-Shamal", False))
    return Gazetteer(entries, aliases, _SMALL_COUNTRIES)


def _context(
    gaz: Gazetteer, names: list[str], within: dict[int, int] | None = None, countries: tuple[str, ...] = ()
) -> Any:
    """The resolution context of a text that names `names` in turn, one plain mention each; `within`
    ties the i-th name to the j-th ("Cedar Mills, Ohio"), and each of `countries` gets one vote (as a
    demonym or the style of its news gives)."""
    from warwatch.geo import resolve
    from warwatch.geo.recognize import Span

    spans, pos = [], 0
    for name in names:
        spans.append(Span(pos, pos + len(name), name, name, sent_start=0, sent_end=1000))
        pos += len(name) + 2
    for i, j in (within or {}).items():
        spans[i].within = j
    groups: dict[str, list[int]] = {}
    for i, span in enumerate(spans):
        groups.setdefault(name_keys(span.name)[0], []).append(i)
    cands = {key: resolve._limited(gaz.candidates(spans[idx[0]].name)) for key, idx in groups.items()}
    return resolve._Context(gaz, spans, groups, cands, list(countries), {name_keys(n)[1] for n in names})


def _resolve_names(
    gaz: Gazetteer, names: list[str], within: dict[int, int] | None = None, countries: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Picks for a text that names `names` in turn (see _context)."""
    context = _context(gaz, names, within, countries)
    picks = context.resolve()
    return {context.spans[idx[0]].name: picks.get(key) for key, idx in context.groups.items()}


def test_a_country_name_does_not_vote_for_itself() -> None:
    # a story about Ohio towns: "Zedland" is the Ohio village, though a country shares its name
    picks = _resolve_names(_small_gazetteer(), ["Alder Falls", "Zedland", "Birch Hollow", "Zedland", "Zedland"])
    assert picks["Zedland"].gid == "t:zedland-oh"


def test_a_place_known_by_the_name_only_as_an_alias_or_a_like_spelling_gives_way() -> None:
    # an Ohio village that GeoNames also calls "Kestrel" does not take the name from the city abroad
    picks = _resolve_names(_small_gazetteer(), ["Alder Falls", "Birch Hollow", "Kestrel", "Corvina"])
    assert picks["Kestrel"].gid == "t:kestrel"
    # nor does one whose name only sounds alike ("Corvine" for "Corvina")
    assert picks["Corvina"].gid == "t:corvina"


@pytest.mark.parametrize("stray", ["Cedar Mills", "Dunmere"])
def test_a_far_village_in_a_state_the_story_never_names_is_no_place(stray: str) -> None:
    # a village, or a mid-sized city a state away, with no namesake in the story's state
    picks = _resolve_names(_small_gazetteer(), ["Alder Falls", "Birch Hollow", stray, "Ohio"])
    assert picks["Alder Falls"].admin1 == "Ohio"
    assert picks[stray] is None


@pytest.mark.parametrize("stray", ["Cedar Mills", "Dunmere"])
def test_a_town_named_with_a_state_that_holds_no_town_of_its_name_is_no_place(stray: str) -> None:
    # "Cedar Mills, Ohio": the gazetteer lacks the Ohio town, and the namesake in Maine is not it
    picks = _resolve_names(_small_gazetteer(), [stray, "Ohio", "Alder Falls"], within={0: 1})
    assert picks[stray] is None
    assert picks["Alder Falls"].admin1 == "Ohio"


@pytest.mark.parametrize(("city", "gid"), [("Rookham", None), ("Pellham", "t:pellham-pa")])
def test_a_large_city_named_with_another_state_stays_itself_only_beside_that_state(city: str, gid: str | None) -> None:
    # "Pellham, Ohio": a wire that names the wrong one of two neighbouring states; "Rookham, Ohio" lies a
    # continent away from Ohio and is no such slip
    picks = _resolve_names(_small_gazetteer(), [city, "Ohio", "Alder Falls"], within={0: 1})
    assert (picks[city].gid if picks[city] is not None else None) == gid


@pytest.mark.parametrize("outlet", [None, "t:alder"])
def test_a_local_outlets_home_counts_against_a_town_abroad(outlet: str | None) -> None:
    # "Birch Hollow" and "Corvina" on the site of an Alder Falls paper: Corvina is no town abroad there;
    # with nothing else to go on, the one name of each country leaves the town abroad alone
    context = _context(_small_gazetteer(), ["Birch Hollow", "Corvina"])
    context.outlet = next((e for e in context.gazetteer.entries if e.gid == outlet), None)
    picks = context.resolve()
    corvina = picks.get(context.group_of[1])
    assert (corvina is None or corvina.cc == "US") == (outlet is not None)


def test_a_district_abroad_that_nothing_points_to_is_no_place_in_a_local_story() -> None:
    # "Ostmark's Barber Shop" in an Ohio story names no district abroad
    picks = _resolve_names(_small_gazetteer(), ["Alder Falls", "Birch Hollow", "Ostmark"])
    assert picks["Ostmark"] is None


def test_a_saints_hospital_is_no_village_called_hospital(model: Any, gazetteer: Gazetteer) -> None:
    text = "The wounded man walked into St. Luke's Hospital after the shooting in Meriden, Connecticut."
    assert not any(m.text == "Hospital" for m in _locate(model, gazetteer, text))


@pytest.mark.parametrize("town", ["Goma", "Bunia"])
def test_a_dateline_town_keeps_its_place_under_a_country_name_it_may_be(town: str, gazetteer: Gazetteer) -> None:
    # "GOMA, Congo (AP) -": "Congo" may be the Republic, but the town lies in the Democratic Republic
    context = _context(gazetteer, [town, "Congo"], within={0: 1})
    context.spans[0].role = "dateline"
    picks = context.resolve()
    place = picks.get(context.group_of[0])
    assert place is not None and place.cc == "CD" and place.name == town


def test_a_far_village_in_a_local_storys_county_state_is_no_place() -> None:
    # a story about a Haldane County shooting: "Cedar Mills" is a town there the gazetteer lacks
    picks = _resolve_names(_small_gazetteer(), ["Cedar Mills", "Haldane County", "Cedar Mills", "Haldane County"])
    assert picks["Haldane County"].gid == "c:haldane-oh"
    assert picks["Cedar Mills"] is None


def test_a_far_village_stays_where_the_storys_county_name_fits_a_county_of_its_state() -> None:
    # "Marlow County", though taken for the Ohio county, may be the Maine one beside Cedar Mills
    context = _context(_small_gazetteer(), ["Cedar Mills", "Marlow County", "Marlow County"])
    entries = {c.entry.gid: (key, c.entry) for key, cands in context.cands.items() for c in cands}
    picks = dict(entries[gid] for gid in ("t:cedar-me", "c:marlow-oh"))
    context._county_strays(picks)
    assert entries["t:cedar-me"][1] in picks.values()


@pytest.mark.parametrize("name", ["Varnesa", "Tarvona"])
def test_a_name_that_only_sounds_like_a_city_abroad_is_no_place_in_a_local_story(name: str) -> None:
    # "Varnesa" of an Ohio story is no misspelling of the city of Varnessa abroad, nor "Tarvona" its other name
    picks = _resolve_names(_small_gazetteer(), ["Alder Falls", "Birch Hollow", name])
    assert picks[name] is None
    assert _resolve_names(_small_gazetteer(), ["Varnessa"])["Varnessa"].gid == "t:varnessa"


def test_a_metropolis_abroad_by_its_former_name_stays_itself_in_a_local_story() -> None:
    # "Kelvara", the old name of the great city of Morvanta, is that city even in an Ohio story
    picks = _resolve_names(_small_gazetteer(), ["Alder Falls", "Birch Hollow", "Kelvara"])
    assert picks["Kelvara"] is not None and picks["Kelvara"].gid == "t:morvanta"


def test_a_usual_spelling_that_geonames_lists_as_another_name_is_the_towns_own() -> None:
    # "Tell al-Shamal" is how the news writes the village that GeoNames calls Tell ash Shamal
    context = _context(_small_gazetteer(), ["Tell al-Shamal"])
    key = context.group_of[0]
    entry = context.cands[key][0].entry
    assert entry.gid == "t:tell-shamal" and context._own_name(key, entry)


def test_a_village_known_by_the_name_only_as_an_alias_is_not_the_storys_town() -> None:
    # "Pellow", named again and again, is a surname, not the Maine village that GeoNames also calls so
    context = _context(_small_gazetteer(), ["Alder Falls", "Pellow", "Pellow", "Pellow"])
    home = context._home_town(context.resolve())
    assert home is not None and home.gid == "t:alder"


def test_a_far_village_named_like_a_county_of_the_storys_state_is_that_county() -> None:
    # "Haldane" of an Ohio story is Haldane County, Ohio, not a village in Maine
    picks = _resolve_names(_small_gazetteer(), ["Alder Falls", "Birch Hollow", "Haldane", "Ohio"])
    assert picks["Haldane"].gid == "c:haldane-oh"


def test_a_bare_county_name_that_no_town_bears(model: Any, gazetteer: Gazetteer) -> None:
    text = "Deputies said the crash happened in eastern Henrico on Friday, Richmond police said."
    place = _mention(_locate(model, gazetteer, text), "Henrico").place
    assert place is not None and place.name == "Henrico County" and place.admin1 == "Virginia"


@pytest.mark.parametrize(
    ("text", "trigger", "name"),
    [
        # a state with a direction ("in eastern Tennessee") and a county defer to the story's town
        (
            "Police in Knoxville are looking for a gunman. Officers said a man was shot and killed in eastern "
            "Tennessee on Saturday.",
            "shot",
            "Knoxville",
        ),
        (
            "Police in Memphis are looking for a gunman. A Shelby County deputy was shot and wounded outside a "
            "store on Saturday.",
            "shot",
            "Memphis",
        ),
    ],
)
def test_a_region_of_the_story_town_defers_to_the_town(
    model: Any, gazetteer: Gazetteer, text: str, trigger: str, name: str
) -> None:
    place = _event_place(model, gazetteer, text, trigger)
    assert place is not None and place.name == name and place.geo_precision == 2


def test_a_large_city_far_away_is_no_neighbourhood_of_the_story_city(model: Any, gazetteer: Gazetteer) -> None:
    text = "The mayor of Baltimore flew to Los Angeles and then to Chicago to talk about gun laws."
    mentions = _locate(model, gazetteer, text)
    for name, state in (("Los Angeles", "California"), ("Chicago", "Illinois")):
        place = _mention(mentions, name).place
        assert place is not None and place.name == name and place.admin1 == state


def test_a_dateline_after_a_headline_on_the_same_line(model: Any, gazetteer: Gazetteer) -> None:
    text = "School board approves a new budget. LIMA - The school board voted on Monday to hire more teachers."
    lima = _mention(_locate(model, gazetteer, text), "LIMA")
    assert lima.role == "dateline" and lima.place is not None


@pytest.mark.parametrize(
    ("text", "surface", "admin1"),
    [
        ("Ranchers near Kamloops in B.C. lost cattle to the fire.", "B.C.", "British Columbia"),
        ("Heavy rain hit NSW and Qld on Monday, flooding roads near Sydney.", "NSW", "New South Wales"),
        ("The senator flew home to Washington, D.C. on Friday.", "D.C.", "District of Columbia"),
        ("The senator flew home to Washington, D.C. on Friday.", "Washington", "District of Columbia"),
    ],
)
def test_province_abbreviations_and_the_capital_district(
    model: Any, gazetteer: Gazetteer, text: str, surface: str, admin1: str
) -> None:
    place = _mention(_locate(model, gazetteer, text), surface).place
    assert place is not None and place.admin1 == admin1


@pytest.mark.parametrize(
    ("text", "surface", "country"),
    [
        ("He met Emirati officials in the capital.", "Emirati", "United Arab Emirates"),  # tagged as a place
        ("Sri Lankan police arrested two men.", "Sri Lankan", "Sri Lanka"),  # tagged as a person
    ],
)
def test_a_demonym_the_ner_took_for_a_place_or_a_person(
    model: Any, gazetteer: Gazetteer, text: str, surface: str, country: str
) -> None:
    found = _mention(_locate(model, gazetteer, text), surface)
    assert found.role == "demonym" and found.place is not None and found.place.name == country


def test_a_town_naming_where_a_person_lives_is_not_the_event_place(model: Any, gazetteer: Gazetteer) -> None:
    text = "A Dayton man was shot and killed in Columbus on Saturday, police said."
    assert _mention(_locate(model, gazetteer, text), "Dayton").role == "modifier"
    place = _event_place(model, gazetteer, text, "shot")
    assert place is not None and place.name == "Columbus"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Lufkin police are searching for a driver who fled a crash", "Lufkin"),
        ("A Kenner woman was hurt when a tree fell on her car.", "Kenner"),
        ("Fairbanks men held after a standoff at a cabin", "Fairbanks"),
        ("Lawton Teen Hurt In Crash On Interstate", "Lawton"),  # the NER reads the headline as a person
        ("Salina Fire crews were called to a house on Elm Street.", "Salina"),
        ("Tonopah police said the driver was taken to a clinic.", "Tonopah"),  # a town of a few thousand
        ("Three men were hurt in a fight at a Kenosha bar early Sunday.", "Kenosha"),  # a venue of the town
        ("Two guests were shot in a Lufkin hotel room overnight.", "Lufkin"),
    ],
)
def test_a_town_before_its_police_or_its_people(model: Any, gazetteer: Gazetteer, text: str, name: str) -> None:
    found = _mention(_locate(model, gazetteer, text), name)
    assert found.place is not None and found.place.name == name and found.place.iso2 == "US"


def test_the_outlets_name_after_a_page_title_is_no_event_place(model: Any, gazetteer: Gazetteer) -> None:
    text = (
        "Teen hurt in shooting outside a skating rink - KQRT News 7 Tulsa, Oklahoma News Weather & Sports\n\n"
        "A 16-year-old boy was shot in the leg outside a skating rink in Broken Arrow late on Friday, police said, "
        "and he was taken to a hospital in stable condition."
    )
    mentions = _locate(model, gazetteer, text)
    assert _mention(mentions, "Tulsa").role == "nav"
    place = _event_place(model, gazetteer, text, "Teen")
    assert place is not None and place.name == "Broken Arrow"


def test_a_name_is_no_evidence_for_the_region_it_also_names(model: Any, gazetteer: Gazetteer) -> None:
    place = _mention(_locate(model, gazetteer, "Two men were shot in St. Louis on Sunday night."), "St. Louis").place
    assert place is not None and place.admin1 == "Missouri"


def test_a_village_name_found_in_one_country_is_no_evidence_of_that_country(model: Any, gazetteer: Gazetteer) -> None:
    text = "Dallas police said the gunman had lived in Mossman for years."
    place = _mention(_locate(model, gazetteer, text), "Dallas").place
    assert place is not None and place.admin1 == "Texas"


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("http://web.archive.org/web/20150101000000/http://www.omahaherald.com:80/news/story1", "Omaha"),
        ("https://tulsa.example.com/local/shooting", "Tulsa"),
        ("https://www.nbcphoenix.com/news", "Phoenix"),
        ("https://www.ohiodaily.com/crime", "Ohio"),
        ("https://www.example.com/news", None),
        ("https://www.columbiaherald.com/news", None),  # several large cities of that name
        ("https://www.newscarolina.com/news", None),  # the Carolinas, not Carolina, Puerto Rico
        ("https://www.southeastalabamanow.com/crime", "Alabama"),  # a state's name inside a longer word
        ("https://www.lufkinherald.com/local/crime", "Lufkin"),  # a town of some 35,000 with no rival
        ("https://www.greaterarkansasvoice.com/news", "Arkansas"),  # the longest: not Kansas
        ("https://www.upstatenewyorkvoice.com/news", None),  # a large city shares the state's name
        (None, None),
    ],
)
def test_the_outlets_home_from_its_web_address(gazetteer: Gazetteer, url: str | None, name: str | None) -> None:
    home = geo.outlet.outlet_home(gazetteer, url)
    assert (home.name if home else None) == name


def test_the_outlets_town_is_the_place_of_last_resort(gazetteer: Gazetteer) -> None:
    assert geo.outlet_town(gazetteer, "https://www.ohiodaily.com/crime") is None  # a state is too wide
    town = geo.outlet_town(gazetteer, "https://www.omahaherald.com/news")
    assert town is not None and town.name == "Omaha" and town.geo_precision == 3


def test_the_outlets_town_stands_in_only_in_the_storys_country(gazetteer: Gazetteer) -> None:
    """A story placed abroad only is not the outlet's town's story; one that names no place may be."""
    url = "https://www.omahaherald.com/news"
    abroad = [geo.PlaceMention(0, 5, "Mosul", MOSUL)]
    assert _outlet_town(gazetteer, url, abroad) is None
    home = geo.outlet_town(gazetteer, url)
    assert home is not None
    assert _outlet_town(gazetteer, url, []) == home
    assert _outlet_town(gazetteer, url, [*abroad, geo.PlaceMention(9, 14, "Omaha", home)]) == home


def test_a_namesake_in_the_outlets_state_wins(model: Any, gazetteer: Gazetteer) -> None:
    sdoc = model("Shots were fired in Springfield on Tuesday night and a man was hurt.")
    for url, state in (("https://www.ohiodaily.com/crime", "Ohio"), ("https://www.illinoisnews.com/a", "Illinois")):
        place = _mention(geo.locate(sdoc, gazetteer, "doc1", url), "Springfield").place
        assert place is not None and place.admin1 == state


def test_a_far_town_in_a_story_from_the_outlets_town_is_a_part_of_it(model: Any, gazetteer: Gazetteer) -> None:
    """A town's own outlet reports its neighbourhoods: a far village of the name is no place of the story."""
    sdoc = model("Two men were shot in Roxbury on Friday night, Savannah police said.")
    place = _mention(geo.locate(sdoc, gazetteer, "doc1", "https://www.savannahnews.com/crime"), "Roxbury").place
    assert place is not None and place.admin1 == "Georgia"


def test_a_large_city_abroad_in_a_story_from_the_outlets_town_stays_itself(model: Any, gazetteer: Gazetteer) -> None:
    """The outlet's address makes a story local for villages, not for a large city abroad."""
    sdoc = model(
        "A veteran who had served two tours in Leipzig was shot outside his home on Friday, Dallas police said."
    )
    place = _mention(geo.locate(sdoc, gazetteer, "doc1", "https://www.dallasnews.com/news"), "Leipzig").place
    assert place is not None and place.name == "Leipzig" and place.country == "Germany"


def test_a_town_abroad_in_a_local_story_from_a_dateline_city_is_a_part_of_it(model: Any, gazetteer: Gazetteer) -> None:
    text = "MEMPHIS, Tenn. (AP) — A man was found shot dead on Walnut Street in Limoges on Monday, Memphis police said."
    place = _mention(_locate(model, gazetteer, text), "Limoges").place
    assert place is not None and place.admin1 == "Tennessee"


def test_a_street_lies_in_the_town_of_the_storys_county_not_the_hospitals_city(
    model: Any, gazetteer: Gazetteer
) -> None:
    text = (
        "A man was shot on Cedar Ridge Road in rural Calloway County on Sunday, deputies said. The shooting"
        " happened a mile outside Murray. The victim was flown to a hospital in Nashville."
    )
    place = _mention(_locate(model, gazetteer, text), "Cedar Ridge Road").place
    assert place is not None and place.admin1 == "Kentucky"


def test_a_street_lies_in_the_town_of_the_text_not_the_mastheads(model: Any, gazetteer: Gazetteer) -> None:
    text = (
        "Man shot on Pine Hollow Road - WKQR News Birmingham\nA man was shot on Pine Hollow Road late Sunday night"
        " near a Tuscaloosa apartment complex and was taken to a hospital with wounds that were not life threatening."
    )
    body = text.index("\n")
    mentions = _locate(model, gazetteer, text)
    place = next(m for m in mentions if m.text == "Pine Hollow Road" and m.start > body).place
    assert place is not None and place.name == "Tuscaloosa - Pine Hollow Road"


def test_a_street_in_a_county_is_no_part_of_a_masthead_town_outside_it(model: Any, gazetteer: Gazetteer) -> None:
    text = (
        "Man shot on Pine Hollow Road - WKQR News Birmingham\nA man was shot on Pine Hollow Road late Sunday night"
        " in rural Walker County and was taken to a hospital, deputies said."
    )
    body = text.index("\n")
    place = next(m for m in _locate(model, gazetteer, text) if m.text == "Pine Hollow Road" and m.start > body).place
    assert place is None


def test_a_county_as_the_event_place_stands_for_the_storys_town_in_it(model: Any, gazetteer: Gazetteer) -> None:
    """The town in the county, though a town outside it is named more often."""
    text = (
        "The suspect had lived in Eau Claire until May and was arrested in Eau Claire on Friday. "
        "He shot a man in Dunn County last week, Menomonie police said."
    )
    place = _event_place(model, gazetteer, text, "shot")
    assert place is not None and place.name == "Menomonie" and place.geo_precision == 2


def test_a_name_cut_short_is_the_longer_place_of_the_text(model: Any, gazetteer: Gazetteer) -> None:
    text = (
        "Salt Lake teen hurt in shooting\nSALT LAKE CITY — A teenager was hurt when a gun went off at a party"
        " on Saturday, police said."
    )
    place = _mention(_locate(model, gazetteer, text), "Salt").place
    assert place is not None and place.name == "Salt Lake City"


@pytest.mark.parametrize(
    ("text", "name", "count"),
    [
        # the NER tags the second "Bozeman" an organisation: one name, one sense in a document
        ("Voters in Bozeman approved the levy. Bozeman will build two schools with the money.", "Bozeman", 2),
        # a place's possessive opens an organisation's name
        ("A report from Fresno’s Office of Economic Development was released on Monday.", "Fresno", 1),
    ],
)
def test_a_place_the_ner_took_for_an_organisation(
    model: Any, gazetteer: Gazetteer, text: str, name: str, count: int
) -> None:
    found = [m for m in _locate(model, gazetteer, text) if m.text == name]
    assert len(found) == count and all(m.place is not None for m in found)


def test_a_head_word_before_a_name_the_ner_cut_short(model: Any, gazetteer: Gazetteer) -> None:
    text = "The city council of New London voted on Tuesday to repave the streets around its harbor."
    found = _mention(_locate(model, gazetteer, text), "New London").place
    assert found is not None and found.admin1 == "Connecticut"


@pytest.mark.parametrize(
    ("text", "name", "state"),
    [
        # a town named like a state, inside one of the states listed beside it, loses to the state
        (
            "Inspectors checked poultry flocks in Delaware, Illinois, Pennsylvania and Wyoming last month.",
            "Wyoming",
            "Wyoming",
        ),
        # a name that is a country and a state is the state among other states
        (
            "Bee losses were reported in Georgia, Wisconsin, Pennsylvania and California this year.",
            "Georgia",
            "Georgia",
        ),
    ],
)
def test_a_name_listed_among_states_is_a_state(
    model: Any, gazetteer: Gazetteer, text: str, name: str, state: str
) -> None:
    place = _mention(_locate(model, gazetteer, text), name).place
    assert place is not None and place.feature == "admin1" and place.admin1 == state


@pytest.mark.parametrize(
    ("text", "county"),
    [
        ("Deputies found the stolen truck in the Laurel County Detention Center lot on Friday.", "Laurel County"),
        ("The man died hours later, according to the Butler County Coroner's Office.", "Butler County"),
    ],
)
def test_a_county_opening_an_organisations_name_keeps_its_county_word(
    model: Any, gazetteer: Gazetteer, text: str, county: str
) -> None:
    place = _mention(_locate(model, gazetteer, text), county).place
    assert place is not None and place.feature == "admin2"


def test_a_countys_population_does_not_rank_it() -> None:
    """A county's summed population says little: two counties of one name weigh alike before context."""
    small = Entry("admin2:X.1", "Oak County", "US", "Ohio", "Oak County", 40.0, -83.0, 195, "admin2", None)
    large = small._replace(gid="admin2:X.2", admin1="Iowa", admin2="Oak County", population=2_400_000)
    town = small._replace(gid="geonames:1", feature="town", population=2_400_000)
    score = [prior_score(Candidate(e, 0, True)) for e in (small, large, town)]
    assert score[0] == score[1] < score[2]


def test_a_city_larger_than_the_story_city_is_no_part_of_it(model: Any, gazetteer: Gazetteer) -> None:
    text = (
        "Man shot near downtown bar. OMAHA - Police said a man was shot on Leavenworth Street late Friday. "
        "The victim, a 25-year-old visitor from Denver, was treated for a leg wound."
    )
    place = _mention(_locate(model, gazetteer, text), "Denver").place
    assert place is not None and place.name == "Denver" and place.admin1 == "Colorado"


def test_the_city_of_a_victims_hospital_is_not_a_streets_town(model: Any, gazetteer: Gazetteer) -> None:
    text = (
        "Man wounded in shooting. Denton police said a man was shot on Walnut Street late Friday. He was taken "
        "to a hospital in Dallas and died at a hospital in Dallas on Saturday."
    )
    place = _mention(_locate(model, gazetteer, text), "Walnut Street").place
    assert place is not None and place.name.startswith("Denton")


@pytest.mark.parametrize(
    "sentence",
    [
        "Deputies said a man was shot on Elm Street in Waco late Friday.",
        "Deputies said a man was shot on Waco's Elm Street late Friday.",
    ],
)
def test_a_street_takes_the_town_of_its_own_sentence(model: Any, gazetteer: Gazetteer, sentence: str) -> None:
    text = f"Man shot overnight. DALLAS - {sentence} Dallas police are helping with the search for the gunman."
    place = _mention(_locate(model, gazetteer, text), "Elm Street").place
    assert place is not None and place.name.startswith("Waco")


def test_weekday_abbreviations_are_no_places(model: Any, gazetteer: Gazetteer) -> None:
    text = (
        "The family asks for prayers. A wake is planned for Wed. March 9 from 4 to 7 p.m. at the Maple Grove "
        "Chapel, and the burial follows Thurs. March 10 at the cemetery in Seguin."
    )
    assert [m.text for m in _locate(model, gazetteer, text)] == ["Seguin"]


@pytest.mark.parametrize(
    ("text", "name", "admin1"),
    [
        # the name after the comma is the state that holds the town, not the country of that name
        ("Samples were sent to the laboratory in Atlanta, Georgia, for testing.", "Georgia", "Georgia"),
        # a street before the comma makes no state of the town after it
        (
            "The sale is at the fire station, 1301 Lafayette Ave., Lebanon. Zionsville residents may also take "
            "part, the Boone County clerk said.",
            "Lebanon",
            "Indiana",
        ),
    ],
)
def test_the_name_after_a_comma_is_the_region_holding_the_place_before_it(
    model: Any, gazetteer: Gazetteer, text: str, name: str, admin1: str
) -> None:
    place = _mention(_locate(model, gazetteer, text), name).place
    assert place is not None and place.iso2 == "US" and place.admin1 == admin1


def test_a_citys_own_spelling_is_no_sound_alike_of_a_country(model: Any, gazetteer: Gazetteer) -> None:
    text = "A man was shot outside a bar in Columbia late on Saturday, police said."
    place = _mention(_locate(model, gazetteer, text), "Columbia").place
    assert place is not None and place.iso2 == "US"


@pytest.mark.parametrize(
    ("text", "name", "county"),
    [
        ("Crews from Glynn and Wayne counties in Georgia cleared the fallen trees.", "Glynn", True),
        ("Crews from Glynn and Wayne counties in Georgia cleared the fallen trees.", "Wayne", True),
        # a list needs names: "its neighbouring counties" makes no county of Houston
        ("Officials in Houston and its neighbouring counties were warned of floods.", "Houston", False),
    ],
)
def test_the_names_of_a_list_of_counties_are_counties(
    model: Any, gazetteer: Gazetteer, text: str, name: str, county: bool
) -> None:
    place = _mention(_locate(model, gazetteer, text), name).place
    assert place is not None and (place.feature == "admin2") == county


def test_a_republic_is_named_by_its_country_not_by_the_word_republic(model: Any, gazetteer: Gazetteer) -> None:
    text = "The talks were opened by the envoy of the Republic of Moldova at the embassy in Vienna."
    place = _mention(_locate(model, gazetteer, text), "Republic of Moldova").place
    assert place is not None and place.iso2 == "MD" and place.feature == "country"


def test_a_county_named_for_a_person_is_one_name(model: Any, gazetteer: Gazetteer) -> None:
    text = "A man was shot dead in St. Mary's County on Sunday, police said."
    mentions = _locate(model, gazetteer, text)
    assert [m.text for m in mentions] == ["St. Mary's County"]
    assert mentions[0].place is not None and mentions[0].place.admin1 == "Maryland"


def test_a_persons_surname_alone_is_no_place(model: Any, gazetteer: Gazetteer) -> None:
    text = (
        "Police said Annie Clayton, 41, was shot outside her home in Tulsa on Friday night. "
        "Clayton was taken to a hospital, and Clayton later told officers she knew the shooter."
    )
    assert [m.text for m in _locate(model, gazetteer, text)] == ["Tulsa"]


def test_a_surname_that_the_text_also_puts_after_in_stays_a_place(model: Any, gazetteer: Gazetteer) -> None:
    text = (
        "Police said Annie Clayton, 41, was shot outside a store in Clayton on Friday night. "
        "Clayton was taken to a hospital."
    )
    assert "Clayton" in [m.text for m in _locate(model, gazetteer, text)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "ORLAND, Calif. (KXQV) - Police said Sam Orland, 30, was shot on Friday. Orland was taken to a hospital.",
            "ORLAND",
        ),
        (
            "Gunmen killed four farmers in the village of Bartella, Nineveh, said the local official Omar Bartella."
            " Bartella said the gunmen fled.",
            "Bartella",
        ),
    ],
)
def test_a_surname_that_the_text_also_sets_as_a_place_stays_one(
    model: Any, gazetteer: Gazetteer, text: str, name: str
) -> None:
    mention = _mention(_locate(model, gazetteer, text), name)
    assert mention.start == text.index(name) and mention.place is not None


@pytest.mark.parametrize(
    ("text", "trigger", "name"),
    [
        # a person's home town, "X, of B," or "a man from B", is not where he was shot
        (
            "A man was shot dead outside a bar in Ashland on Sunday. John Doe, 31, of Lexington, died at the scene.",
            "died",
            "Ashland",
        ),
        (
            "Two people were wounded at a party in Ashland. A 19-year-old man from Lexington was shot in the leg.",
            "shot",
            "Ashland",
        ),
    ],
)
def test_a_persons_home_town_is_not_the_event_place(
    model: Any, gazetteer: Gazetteer, text: str, trigger: str, name: str
) -> None:
    place = _event_place(model, gazetteer, text, trigger)
    assert place is not None and place.name == name


def test_an_outlets_name_ending_a_long_page_title_is_a_menu(model: Any, gazetteer: Gazetteer) -> None:
    # the title runs as long as a body line, but the town after its last dash is the outlet's
    text = (
        "Police say no gun was found in the car after the shooting that left a boy dead - KXYZ News 12 "
        "Springfield, Ohio News Weather & Sports\nAuthorities said a 6-year-old boy was killed in Dayton on Tuesday."
    )
    assert _mention(_locate(model, gazetteer, text), "Springfield").role == "nav"
    assert _event_place(model, gazetteer, text, "killed").name == "Dayton"


def test_text_in_the_style_of_us_local_news_is_evidence_of_the_us(model: Any, gazetteer: Gazetteer) -> None:
    us_style = "The Athens Police Department said the fire began at 9 p.m. Monday."
    assert style_countries(model(us_style)) == ["US"]
    assert style_countries(model("Officials in Athens said the fire began at 9 p.m. on Monday.")) == []
    assert _mention(_locate(model, gazetteer, us_style), "Athens").place.iso2 == "US"


def test_a_name_after_a_first_name_is_no_place_when_the_text_holds_it_as_a_person(
    model: Any, gazetteer: Gazetteer
) -> None:
    text = "Officers said Dario Santiago fired at a car in Tampa. Santiago was arrested."
    starts = {m.start for m in _locate(model, gazetteer, text)}
    assert text.index("Tampa") in starts
    assert text.index("Santiago") not in starts


def test_a_broadcasters_call_sign_is_a_mark_of_us_local_news(model: Any) -> None:
    assert style_countries(model("The fire began at 9 p.m. Monday, a neighbour told WKRP.")) == ["US"]
    assert style_countries(model("FIRE WRECKS WEST WING\nThe fire began at 9 p.m. Monday.")) == []


@pytest.mark.parametrize(
    "text",
    [
        "Athens officers arrested a 40-year-old man on Monday. He was held at the McMinn County Jail.",
        "An Athens woman was hurt in a crash on Monday, McMinn County Emergency Medical Services said.",
    ],
)
def test_a_county_named_in_an_organisation_places_the_town(model: Any, gazetteer: Gazetteer, text: str) -> None:
    # "McMinn County" is no toponym here, but Athens, Tennessee lies in it
    place = _mention(_locate(model, gazetteer, text), "Athens").place
    assert place is not None and (place.iso2, place.admin1) == ("US", "Tennessee")


def test_a_state_in_a_list_of_states_is_the_state(model: Any, gazetteer: Gazetteer) -> None:
    # Missouri has villages called Louisiana, Nevada and Oregon; the list names states
    text = "Flu cases were confirmed in Missouri, Louisiana, Nevada, Oregon and California this week."
    mentions = _locate(model, gazetteer, text)
    for name in ("Louisiana", "Nevada", "Oregon"):
        place = _mention(mentions, name).place
        assert place is not None and (place.feature, place.admin1) == ("admin1", name)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("A Gresham man was arrested Monday.", True),  # a city the NER took for a person
        ("About 60 Waco residents marched Friday near the courthouse.", True),
        ("A Lawrence man was arrested Monday.", False),  # a first name as much as a town's
    ],
)
def test_a_city_before_its_residents_is_a_place_though_tagged_a_person(
    model: Any, gazetteer: Gazetteer, text: str, found: bool
) -> None:
    assert bool(_locate(model, gazetteer, text)) is found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("A spokesman for the Oregon Liquor Control Commission said the licence was suspended.", "Oregon"),
        ("The Nevada Gaming Control Board fined the casino on Monday.", "Nevada"),
        ("The Washington Post reported the story on Monday.", None),  # no institution's name
    ],
)
def test_a_state_opening_an_institutions_name_is_a_place(
    model: Any, gazetteer: Gazetteer, text: str, name: str | None
) -> None:
    assert [m.text for m in _locate(model, gazetteer, text)] == ([name] if name else [])


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("She is a junior at the University of Oregon and plays the cello.", "Oregon"),
        ("The Reserve Bank of Australia left rates unchanged on Tuesday.", "Australia"),
        ("He was treated at the Hospital of the University of Iowa in town.", "Iowa"),
    ],
)
def test_a_state_or_country_after_of_in_an_institutions_name_is_a_place(
    model: Any, gazetteer: Gazetteer, text: str, name: str
) -> None:
    assert [m.text for m in _locate(model, gazetteer, text)] == [name]


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        ("A cargo ship sank in the Black Sea on Monday, the coast guard said.", "Black Sea", "Black Sea"),
        ("An oil rig caught fire in the Gulf of Mexico on Sunday.", "Gulf of Mexico", "Gulf of Mexico"),
        ("Troops moved into South Ossetia overnight, officials in Tbilisi said.", "South Ossetia", "South Ossetia"),
        ("The ferry crossed Lake Ontario from Toronto in the morning.", "Lake Ontario", "Lake Ontario"),
    ],
)
def test_seas_ranges_and_regions_of_the_world_are_places(
    model: Any, gazetteer: Gazetteer, text: str, surface: str, name: str
) -> None:
    place = _mention(_locate(model, gazetteer, text), surface).place
    assert place is not None and place.name == name


def test_a_sea_in_a_story_about_one_country_beats_a_village_named_for_it(model: Any, gazetteer: Gazetteer) -> None:
    text = (
        "Forecasters in Miami, Florida, expect a busy hurricane season in the Atlantic this year, "
        "and officials in Houston, Texas, are preparing shelters."
    )
    place = _mention(_locate(model, gazetteer, text), "Atlantic").place
    assert place is not None and place.name == "Atlantic Ocean"


def test_a_dateline_names_a_town_not_a_state(model: Any, gazetteer: Gazetteer) -> None:
    text = "Senate passes the farm bill. WASHINGTON (AP) - The Senate voted on Tuesday to pass the farm bill."
    place = _mention(_locate(model, gazetteer, text), "WASHINGTON").place
    assert place is not None and place.feature == "city" and place.admin1 == "District of Columbia"


def test_abbreviations_of_large_us_cities(model: Any, gazetteer: Gazetteer) -> None:
    text = "Police in L.A. arrested two men after a chase on the freeway."
    place = _mention(_locate(model, gazetteer, text), "L.A.").place
    assert place is not None and place.name == "Los Angeles"


_LONG_BODY = (
    "\n\nPolice said a man ran from officers after a traffic stop on Main Street on Sunday night and was last seen"
    " heading toward the river."
)


@pytest.mark.parametrize(
    ("text", "surface", "admin1"),
    [
        pytest.param(
            "DUMAS, AR - Officers found a man shot at a park on Friday.", "DUMAS", "Arkansas", id="wire dateline"
        ),
        pytest.param(
            "A man was hurt in a shooting - KQRS 4 - Dover, Delaware\n\nPolice said a man was hurt on Sunday.",
            "Dover",
            "Delaware",
            id="masthead",
        ),
        pytest.param(
            "Man Hurt In Dumas, AR, Deputies Say\n\nA man was hurt on Sunday.", "Dumas", "Arkansas", id="title case"
        ),
        pytest.param(
            "Officers said the pair had driven up from Dumas, AR, to see relatives on Friday.",
            "Dumas",
            "Arkansas",
            id="running text",
        ),
        pytest.param(
            "Man hurt in a crash - KQRS 4 Dumas, AR News\n\nPolice said a man was hurt on Sunday.",
            "Dumas",
            "Arkansas",
            id="code before a masthead's next word",
        ),
    ],
)
def test_a_town_before_its_state_code_lies_in_that_state(
    model: Any, gazetteer: Gazetteer, text: str, surface: str, admin1: str
) -> None:
    """A "Town, ST" whose town the NER leaves untagged, tags in part or takes for a person; in a headline's
    capitalised words the town is the last of them that the gazetteer knows in that state."""
    place = _mention(_locate(model, gazetteer, text), surface).place
    assert place is not None and place.admin1 == admin1


@pytest.mark.parametrize(
    "text",
    ["TROOPS WITHDREW FROM LEBANON, OR SO OFFICIALS SAID", "TROOPS WITHDREW FROM LEBANON, OR, AS OFFICIALS SAID"],
)
def test_a_word_in_capitals_after_a_place_is_no_state_code(model: Any, gazetteer: Gazetteer, text: str) -> None:
    """A bare "OR" counts as Oregon only where a code can close a place's name, and never in a line set all in
    capitals."""
    mentions = _locate(model, gazetteer, text)
    assert [m.text for m in mentions] == ["LEBANON"]
    assert mentions[0].place is not None and mentions[0].place.country == "Lebanon"


def test_a_surname_of_the_texts_people_is_no_place(model: Any, gazetteer: Gazetteer) -> None:
    """A one-word name that ends the full name of one of the text's people is that person, not a place."""
    text = (
        "Deputies said Kayla Tilden, 15, was shot in Lexington on Friday. Tilden was taken to a hospital, where"
        " Tilden died."
    )
    mentions = _locate(model, gazetteer, text)
    assert [m.text for m in mentions] == ["Lexington"]


def test_a_police_address_and_rank_in_ap_style_make_a_story_us_local_news(model: Any, gazetteer: Gazetteer) -> None:
    """ "The 300 block of" and "Sgt." are US police style: the town is the US namesake, not the larger one abroad."""
    text = "A man was shot in the 300 block of Elm Street in Chester on Monday, said Sgt. Dana Cole."
    place = _mention(_locate(model, gazetteer, text), "Chester").place
    assert place is not None and place.country == "United States"


def test_an_armys_ranks_are_no_us_police_style(model: Any) -> None:
    """ "Lt. Gen." and "Sgt. Maj." are the ranks of any army: a war story with a time "at 7 p.m." stays foreign."""
    text = "Lt. Gen. Ivan Petrenko said drones struck the port at 7 p.m. Sgt. Maj. Oleg Rudko said a church was hit."
    assert style_countries(model(text)) == []


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Valdosta girl, 6, hurt when a gun went off\n\nA girl was hurt on Monday, police said.", "Valdosta"),
        ("Valdosta kids hurt when a gun went off\n\nTwo children were hurt on Monday, police said.", "Valdosta"),
        (
            "Crash on Elm Road - KXYZ News, Weather, Sports\n\nThe Dover Police Department said a man was hurt.",
            "Dover",
        ),
    ],
)
def test_a_town_the_ner_took_for_a_people_or_glued_to_a_masthead_is_found(
    model: Any, gazetteer: Gazetteer, text: str, surface: str
) -> None:
    assert _mention(_locate(model, gazetteer, text), surface).place is not None


def test_a_town_before_its_police_in_a_headline_is_no_persons_name(model: Any, gazetteer: Gazetteer) -> None:
    """The NER takes "Gadsden" for a person here; a one-word name before its police in a headline is the
    police's town."""
    text = "Gadsden police look for a man who fled a traffic stop" + _LONG_BODY
    place = _mention(_locate(model, gazetteer, text), "Gadsden").place
    assert place is not None and place.admin1 == "Alabama"


def test_a_persons_name_before_police_reform_is_no_town(model: Any, gazetteer: Gazetteer) -> None:
    """ "Police" that modifies another noun names no force: the person's name before it stays a person's."""
    text = (
        "Obama police reform plan draws criticism\n\nCritics said the plan to change how officers are trained and"
        " paid would not work and would cost the city far more than it could afford."
    )
    assert _locate(model, gazetteer, text) == []


def test_a_us_storys_city_is_not_held_abroad_by_its_first_pass_neighbours(gazetteer: Gazetteer) -> None:
    """The first pass puts "Dallas" beside Australian towns; once the second pass has the story's country
    right, a third keeps the city in it."""
    picks = _resolve_names(gazetteer, ["Dallas"] * 4 + ["Mudgee", "Mudgee", "Brighton"], countries=("US",))
    assert picks["Dallas"] is not None and picks["Dallas"].admin1 == "Texas"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # the NER cuts a town's name in two, or stops before its last word
        ("CHULA VISTA (CNS) - A teenager was shot Tuesday night in Chula Vista, police said.", "Chula Vista"),
        ("Gunfire hurt a man near Gun Barrel City on Friday.", "Gun Barrel City"),
    ],
)
def test_a_place_name_the_ner_cut_short_is_made_whole(model: Any, gazetteer: Gazetteer, text: str, name: str) -> None:
    mentions = [m for m in _locate(model, gazetteer, text) if m.text.lower() == name.lower()]
    assert mentions and all(m.place is not None and m.place.name == name for m in mentions)
    assert not any(name.lower().startswith(m.text.lower() + " ") for m in _locate(model, gazetteer, text))


def test_a_common_word_after_a_town_does_not_make_another_place(model: Any, gazetteer: Gazetteer) -> None:
    # "Dublin City Schools" belong to the Ohio town, though GeoNames calls the Irish capital "Dublin City"
    text = "The Dublin City Schools board met on Monday in Dublin, Ohio, after the shooting."
    assert {m.text for m in _locate(model, gazetteer, text)} >= {"Dublin", "Ohio"}
    assert not any(m.text == "Dublin City" for m in _locate(model, gazetteer, text))


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("A Shooting Overnight In Haldane County Leaves Two Hurt", ["Haldane County"]),
        ("He was booked into the Marlow County Jail.", ["Marlow County"]),
    ],
)
def test_the_counties_a_text_names_outside_its_toponyms(text: str, names: list[str]) -> None:
    from warwatch.geo.resolve import _unnamed_counties

    assert _unnamed_counties(text, []) == names


def test_a_name_before_several_of_a_towns_nouns_is_the_town(model: Any, gazetteer: Gazetteer) -> None:
    # the NER reads "Duncan" as a person each time; two of a town's nouns after it say town, and no person
    # of the text is called Duncan
    text = (
        "Duncan Teen Hurt In Accidental Shooting\n\n"
        "A bullet grazed the hand of a boy of 15 at a house on Elm Drive on Monday, and Duncan Police Chief Mary "
        "Cole said the pistol went off while the boys were handling it."
    )
    assert any(m.text == "Duncan" and m.place is not None for m in _locate(model, gazetteer, text))
    # the surname of a person the text names in full stays a person's
    text = text + " Officer Sam Duncan took the gun."
    assert not any(m.text == "Duncan" for m in _locate(model, gazetteer, text))
