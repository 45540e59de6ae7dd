"""Sentence cues: families of words (weapons, protest, crime, disaster...) that decide among ACLED types.

sentence_cues(text) -> set[str]   the names of the cue families present in `text`
span_cues(sent)     -> set[str]   the same for a parsed sentence, attributive participles aside
"""

from __future__ import annotations

import re
from typing import Any

# --- sentence cues ---------------------------------------------------------------------------

_CUES: dict[str, re.Pattern[str]] = {
    name: re.compile(rf"\b(?:{words})", re.IGNORECASE)
    for name, words in {
        # "chemical" names a plant or an industry as often as a weapon: not when it says which.
        "chem": r"chemicals?\b(?! (?:plants?|factor|compan|industr|firms?|spill|leak|tanks?|engineer|facilit|park"
        r"|sector))"
        r"|chlorine|sarin|toxic gas|poison(?:ous)? gas|nerve (?:agent|gas)|mustard gas|gas attack",
        # a murder-suicide or a suicide alone is no suicide attack
        "suicide": r"(?<!murder-)(?<!murder )suicide(?! (?:note|watch|attempt|prevention|rate|hotline|risk))"
        r"|svbied|blew (?:himself|herself|themselves) up|self-detonat|explosive (?:vest|belt)",
        "air": r"air ?strikes?\b|airstrikes?|air raids?|air attacks?|aerial|drones?\b|warplanes?|war planes?"
        r"|(?:fighter |military )?jets?\b|(?<!anti-)aircraft|helicopter gunships?|gunships?|bombers\b|uav",
        "shell": r"shell(?:s|ed|ing)\b|artillery|mortars?|rockets?|missiles?|rpgs?\b|rocket-propelled|howitzers?"
        r"|katyushas?|grads?\b|tank (?:fire|shells?)|projectiles?|(?<!water )cannon",
        "ied": r"ieds?\b|improvised explosive|roadside bombs?|landmines?|land mines?|mines?\b|car bombs?|bomb"
        r"|explosive devices?|booby|sticky bombs?|magnetic bombs?|explosives?\b|vbied|parcel bomb",
        "grenade": r"grenades?",
        "explosion": r"explosions?|blasts?\b|explod|detonat",
        # a capitalised "March" alone is the month ("on 27 March"), not a march
        "protest": r"protest(?!ant)|demonstrat|rall(?:y|ies|ied)|(?-i:[Mm]arch(?:ed|es|ers|ing)\b|march\b)|sit-in"
        r"|picket|agitat|dharna"
        r"|strik(?:e|ing) workers|workers? (?:went|go) on strike|hunger strike|(?:took|take|taking|poured|pour)"
        r" (?:in)?to the streets|human chain|vigils?\b",
        "intervene": r"tear ?gas|water cannon|baton|lathi|rubber bullets|dispers|broke up|break up|crackdown"
        r"|cracked down|arrested|detained|charged|stun grenade|pepper spray|beaten by police|suppress"
        r"|chas(?:e|ed|ing)\b"
        r"|baton[- ]charg|broke-up|kettl|forcibly (?:removed|cleared)|rounded up",
        "lethal": r"live (?:ammunition|rounds|fire|bullets)|(?:protest|demonstrat|rall)\w*\b[^.]{0,60}"
        r"\b(?:killed|shot dead|died|die|dead)\b|\b(?:killed|died|die|dead)\b[^.]{0,40}(?:protest|demonstrat)"
        r"|opened fire on (?:the )?(?:protesters|demonstrators|crowd)"
        r"|(?:protesters|demonstrators) (?:were )?(?:killed|shot dead)|killed (?:\w+ )?(?:protesters|demonstrators)",
        "riot": r"(?<!anti-)riot(?!\s+(?:police|gear|squad|control|unit))|stone[- ]pelting|pelted|threw stones"
        r"|hurled stones|stones at|petrol bombs?|molotov"
        r"|vandali[sz]|went on (?:a )?rampage|turned violent|violent protest"
        r"|burn(?:ed|t|ing) tyres|clashed with police|clashes with police",
        "mob": r"\bmob\b|mobs\b|lynch|beaten to death by|angry crowd",
        "regain": r"recaptur|retak|retook|regain|liberat|reclaim|took back|back under",
        "territory": r"control of|took control|taken control|seiz|captur|overr|fell to|fallen to|stronghold"
        r"|town|village|city|district|area|territory|hill|base|airport|position",
        "transfer": r"withdr|pull(?:ed)? out|hand(?:ed)? over|handover|ceded|evacuat|without (?:a )?fight",
        "hq": r"(?:set up|established?|establishing|opened|build|built|building) (?:a |an |its |their |new |the )*"
        r"(?:\w+ )?(?:base|headquarters|outpost|camp|checkpoint|command cent)",
        "crime": r"homicide|robber|robbed|burglar|thie[fv]|drug|narcotic|smuggl|traffick|dowry|extortion|loan"
        r"|ransom demand"
        r"|police said the (?:suspect|accused)|criminal|gangster|cartel|fraud|domestic dispute|personal enmity"
        r"|land dispute|love affair|illicit|gang war|armed robbery",
        "disaster": r"earthquake|flood|cyclone|hurricane|typhoon|landslide|tsunami|wildfire|forest fire|drought"
        r"|lightning|collapsed|collapse|crash|accident|derail|stampede|covid|coronavirus|virus|cylinder"
        r"|boiler|short circuit|gas leak|fire broke out|caught fire|blaze|capsized|sank|heatwave|volcan|erupt"
        r"|rainfall|heavy rain|plunged|overturned|collided|electrocut|drown|snow|blizzard|avalanche|tropical storm"
        r"|winter storm|sandstorm|firefighters",
        "attrib": r"claimed responsibility|claims? responsibility|claiming responsibility|took responsibility"
        r"|blamed|accused|held responsible|responsible for",
        "diplo": r"sanction|diplomat|embass|consulate|summit|talks\b|condemn|foreign minist|envoy|bilateral"
        r"|expel|retaliat|cyber|hacking|tariff|election|visit(?:ed|s)?\b",
        "agree": r"agree|agreement|deal\b|accord|ceasefire|cease-fire|truce|signed|memorandum|peace (?:pact|treaty)"
        r"|prisoner (?:swap|exchange)|swap",
        "change": r"deploy|reinforc|redeploy|mobili[sz]|defect|join(?:ed|s)? (?:the|forces)|merg|new leader"
        r"|appointed|dissolv|amass|massing|recruit|stationed|convoy|preparing|military build-?up|rearm|sent troops"
        r"|dispatched",
        "disrupt": r"intercept|shot down|shoot down|downed|defus|bomb disposal|bomb squad|foil|thwart|dismantl"
        r"|neutrali[sz]ed (?:an? |the )?(?:ied|bomb|explosive|mine)|recovered (?:\w+ )?(?:explosive|weapon|arms|ied)"
        r"|seized (?:\w+ )?(?:weapons|arms|explosives|ammunition)|weapons cache|arms cache|arms depot|found (?:an? )?"
        r"(?:ied|bomb|explosive)|detected (?:an? )?(?:ied|bomb)|cleared (?:of )?mines|demin",
        "sexual": r"rape|raped|sexual(?:ly)? (?:assault|abuse|violence)|molest|gang-rape",
        "abduct": r"abduct|kidnap|hostage|went missing|forcibly disappeared|taken captive|whereabouts",
        "arrest": r"arrest|detain|apprehend|nabbed|custody|rounded up|held for questioning",
        "clash": r"clash|fighting|fought|battle|firefight|gunfight|gun battle|shootout|skirmish|exchange(?:d)? "
        r"(?:of )?fire|encounter|heavy fighting|repelled|repulsed",
        "loot": r"loot|plunder|ransack|torched|burn(?:ed|t) down|set (?:on )?fire|set ablaze|razed|demolish|arson"
        r"|destroyed (?:\w+ )?(?:houses|homes|shops|property|properties|buildings|vehicles)",
    }.items()
}


#: Cue families that name a weapon: the surest sign of an Explosions/Remote violence sub-type.
_WEAPON_CUES = frozenset({"chem", "suicide", "air", "shell", "ied", "grenade"})


# Families that tell what was done to people: an attributive participle ("the detained leader")
# describes someone's standing, not something done in the reported event.
_ACT_CUES = frozenset({"intervene", "arrest"})


def sentence_cues(text: str) -> set[str]:
    """The names of the cue families present in `text`."""
    return {name for name, rx in _CUES.items() if rx.search(text)}


def span_cues(sent: Any) -> set[str]:
    """The cue families of a spaCy sentence; intervention and arrest words used only as
    attributive participles do not count."""
    from .background import is_attributive

    cues = sentence_cues(sent.text)
    if cues & _ACT_CUES:
        masked = "".join(" " * len(t.text_with_ws) if is_attributive(t) else t.text_with_ws for t in sent)
        cues -= _ACT_CUES - sentence_cues(masked)
    return cues
