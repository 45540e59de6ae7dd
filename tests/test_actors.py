"""Actor names -> canonical ACLED-style actors."""

from __future__ import annotations

import pytest

from warwatch.actors import default_dictionary


@pytest.mark.parametrize(
    ("phrase", "country", "name", "inter"),
    [
        ("Islamic State group fighters", None, "Islamic State", 2),
        ("Daesh militants", None, "Islamic State", 2),
        ("ISIL", None, "Islamic State", 2),
        ("the Houthi rebels", None, "Ansar Allah", 2),
        ("al-Shabab gunmen", None, "Al Shabaab", 2),
        ("Iraqi Federal Police", None, "Police Forces of Iraq (2014-) Federal Police", 1),
        ("Syrian government troops", None, "Military Forces of Syria (2000-2024)", 1),
        ("the army", "Nigeria", "Military Forces of Nigeria (2015-2023)", 1),
        ("riot police", "Kenya", "Police Forces of Kenya (2022-)", 1),
        ("US-led coalition jets", None, "Global Coalition Against Daesh (US-led coalition)", 8),
        ("unknown gunmen", "Mali", "Unidentified Armed Group (Mali)", 3),
        ("villagers", "Sudan", "Civilians (Sudan)", 7),
        ("demonstrators", "Chile", "Protesters (Chile)", 6),
        ("an angry mob", "Pakistan", "Rioters (Pakistan)", 5),
    ],
)
def test_resolve(phrase: str, country: str | None, name: str, inter: int) -> None:
    actor = default_dictionary().resolve(phrase, country)
    assert actor is not None
    assert (actor.name, actor.inter) == (name, inter)


@pytest.mark.parametrize("phrase", ["this is it", "the weather", "a new school"])
def test_no_actor(phrase: str) -> None:
    assert default_dictionary().resolve(phrase, "Iraq") is None


def test_named_units_are_listed_separately() -> None:
    names = [a.name for a in default_dictionary().resolve_all("Federal Police and Rapid Response Division units")]
    assert names == [
        "Police Forces of Iraq (2014-) Federal Police",
        "Police Forces of Iraq (2014-) Rapid Response Division",
    ]


@pytest.mark.parametrize(("text", "country"), [("Iraqi troops entered the Iraqi town", "Iraq"), ("Nothing here", None)])
def test_country_of(text: str, country: str | None) -> None:
    assert default_dictionary().country_of(text) == country
