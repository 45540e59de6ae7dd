"""ACLED's event taxonomy: 6 event types, 25 sub-event types, names exactly as ACLED writes them."""

from __future__ import annotations

BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

SUB_EVENT_TYPES: dict[str, str] = {
    "Armed clash": BATTLES,
    "Government regains territory": BATTLES,
    "Non-state actor overtakes territory": BATTLES,
    "Chemical weapon": EXPLOSIONS,
    "Air/drone strike": EXPLOSIONS,
    "Suicide bomb": EXPLOSIONS,
    "Shelling/artillery/missile attack": EXPLOSIONS,
    "Remote explosive/landmine/IED": EXPLOSIONS,
    "Grenade": EXPLOSIONS,
    "Sexual violence": VAC,
    "Attack": VAC,
    "Abduction/forced disappearance": VAC,
    "Peaceful protest": PROTESTS,
    "Protest with intervention": PROTESTS,
    "Excessive force against protesters": PROTESTS,
    "Violent demonstration": RIOTS,
    "Mob violence": RIOTS,
    "Agreement": STRATEGIC,
    "Arrests": STRATEGIC,
    "Change to group/activity": STRATEGIC,
    "Disrupted weapons use": STRATEGIC,
    "Headquarters or base established": STRATEGIC,
    "Looting/property destruction": STRATEGIC,
    "Non-violent transfer of territory": STRATEGIC,
    "Other": STRATEGIC,
}

EVENT_TYPES: tuple[str, ...] = (BATTLES, EXPLOSIONS, VAC, PROTESTS, RIOTS, STRATEGIC)

#: ACLED's disorder types by event type.
DISORDER_TYPES: dict[str, str] = {
    BATTLES: "Political violence",
    EXPLOSIONS: "Political violence",
    VAC: "Political violence",
    RIOTS: "Political violence",
    PROTESTS: "Demonstrations",
    STRATEGIC: "Strategic developments",
}

#: ACLED inter codes.
INTER_CODES: dict[int, str] = {
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}


def event_type_of(sub_event_type: str) -> str:
    """The ACLED event type of a sub-event type; KeyError names unknown ones."""
    try:
        return SUB_EVENT_TYPES[sub_event_type]
    except KeyError:
        raise KeyError(f"not an ACLED sub-event type: {sub_event_type!r}") from None


def disorder_type_of(event_type: str | None) -> str | None:
    return DISORDER_TYPES.get(event_type) if event_type else None


def interaction_code(inter1: int, inter2: int) -> int:
    """ACLED's interaction code: the two inter codes, lower first (10*a+b); 0 for none."""
    a, b = sorted(x for x in (inter1, inter2))
    if a == 0:
        return b * 10 if b else 0
    return a * 10 + b
