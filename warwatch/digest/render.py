"""Rendering a Digest as HTML, Markdown or PDF.

HTML and Markdown come from the Jinja2 templates beside this module; HTML is
autoescaped, so article text (titles, outlets, place and actor names) can never
become markup, and the charts are inline SVG that escapes its own text. The PDF is
the HTML laid out by WeasyPrint with the print stylesheet: page numbers from CSS
@page counters and, for a digest of several countries, a table of contents with
page numbers. Nothing here reads the clock, so the output depends only on the Digest.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..errors import ConfigError
from ..models import Grade, Incident, Range
from .build import (
    BASELINE_PERIODS,
    CHANGE_KINDS,
    HEADLINE_GRADES,
    NOT_GRADED,
    RISING_MIN_EXTRA,
    TOP_INCIDENTS,
    Digest,
    Section,
)
from .svg import incident_map, trend_chart

FORMATS = ("html", "md", "pdf")
TEMPLATES = Path(__file__).parent / "templates"

#: What each grade means, shown with the incidents and in the methods note (Airwars' scale).
GRADE_MEANINGS: dict[str, str] = {
    Grade.CONFIRMED.value: "a belligerent accepts responsibility",
    Grade.FAIR.value: "two or more independent outlets and a plausible belligerent",
    Grade.WEAK.value: "a single source: not corroborated",
    Grade.CONTESTED.value: "competing claims of responsibility or occurrence, or a denial",
    Grade.DISCOUNTED.value: "evidence against the claim",
    NOT_GRADED: "no civilian harm reported, so no civilian-harm grade applies",
}
#: Grades that carry a warning label wherever an incident is listed.
WARNING_GRADES = frozenset({Grade.WEAK.value, Grade.CONTESTED.value, Grade.DISCOUNTED.value})
CHANGE_TITLES: dict[str, str] = {
    "new": "New incidents",
    "revised": "Revised tolls",
    "retired": "Duplicates retired (merged into another incident)",
    "withdrawn": "Incidents withdrawn",
}
TOLL_FIELD_NAMES: dict[str, str] = {
    "fatalities_low": "killed (low)",
    "fatalities_best": "killed (best)",
    "fatalities_high": "killed (high)",
    "civilians_killed_low": "civilians killed (low)",
    "civilians_killed_best": "civilians killed (best)",
    "civilians_killed_high": "civilians killed (high)",
}
PRECISION_WORDS = {1: "", 2: "week of ", 3: "month of "}
#: Characters that start emphasis, code, links or table cells anywhere in a Markdown line,
#: backslash-escaped in any text from the database ("<" and "&" become entities).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


# -- formatting helpers (Jinja filters) -----------------------------------------------
def num(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"


def span(low: float, high: float) -> str:
    """A low-high pair as text: "5", "5–12"."""
    return num(low) if low == high else f"{num(low)}–{num(high)}"


def range_text(r: Range) -> str:
    """An incident's range as the digest prints it; unknown stays unknown."""
    if not r.known:
        return "unknown"
    if r.low is None and r.best is None:
        return f"up to {num(r.high or 0)}"
    low = r.low if r.low is not None else r.best
    high = r.high if r.high is not None else (r.best if r.best is not None else low)
    text = span(low or 0, high or 0)
    if r.high is None and r.best is None:
        text = f"at least {text}"
    if r.best is not None and r.best not in (low, high):
        text += f" (best {num(r.best)})"
    return text


def change(now: float, before: float) -> str:
    """This period against a baseline average, as a signed percentage."""
    if before == 0:
        return "new" if now else "none either"
    pct = (now - before) / before * 100
    return "no change" if abs(pct) < 0.5 else f"{pct:+.0f}%"


def when(inc: Incident) -> str:
    if inc.when is None:
        return "date unknown"
    d = inc.when.day
    if inc.when.precision == 3:
        return f"{d:%B %Y}"
    return f"{PRECISION_WORDS.get(inc.when.precision, '')}{d:%-d %b %Y}"


def place(inc: Incident) -> str:
    p = inc.place
    if p is None:
        return "place unknown"
    parts = [p.name, *(x for x in (p.admin1, p.country) if x and x != p.name)]
    return ", ".join(parts)


def actors(inc: Incident) -> str:
    a1 = inc.actor1.name if inc.actor1 else "unidentified actor"
    text = a1 + (f" (with {', '.join(a.name for a in inc.assoc_actor_1)})" if inc.assoc_actor_1 else "")
    if inc.actor2:
        text += f" against {inc.actor2.name}"
        if inc.assoc_actor_2:
            text += f" (with {', '.join(a.name for a in inc.assoc_actor_2)})"
    return text


def isodate(d: date | None) -> str:
    return d.isoformat() if d else "date unknown"


def md(text: object) -> str:
    """Text from the database made inert in Markdown: no emphasis, links, tables or HTML."""
    s = " ".join(str(text).split()).replace("&", "&amp;").replace("<", "&lt;")
    return _MD_SPECIAL.sub(r"\\\1", s)


def slug(text: str) -> str:
    return "c-" + (re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "x")


def baseline_units(digest: Digest) -> tuple[str, str]:
    """How the baseline's periods are named: ("weeks", "week") for a weekly digest."""
    days = digest.period.days
    if days == 7:
        return "weeks", "week"
    length = f"{days // 7} weeks" if days % 7 == 0 else f"{days} days"
    return f"periods of {length}", "period"


def headline(section: Section, digest: Digest) -> list[str]:
    """The summary sentences of a section, in plain text (templates escape them)."""
    t = section.tally
    if not t.incidents:
        return [f"No incidents in the database for {section.name} in {digest.period.label}."]
    types = ", ".join(f"{num(r.tally.incidents)} {r.event_type}" for r in section.by_type if r.tally.incidents)
    lines = [f"{num(t.incidents)} incident{'s' if t.incidents != 1 else ''}: {types}."]
    h = section.headline
    graded = " or ".join(g.value if g else NOT_GRADED.lower() for g in HEADLINE_GRADES)
    line = f"Reported killed: {span(h.killed_low, h.killed_high)} in the {num(h.incidents)} incidents {graded}"
    line += f", of them {span(h.civilians_low, h.civilians_high)} civilians."
    lines.append(line)
    apart = section.apart
    if apart:
        parts = [
            f"{span(g.tally.killed_low, g.tally.killed_high)} killed "
            f"({span(g.tally.civilians_low, g.tally.civilians_high)} civilians) in {num(g.tally.incidents)} "
            f"{g.grade} incident{'s' if g.tally.incidents != 1 else ''}"
            for g in apart
        ]
        lines.append("Kept apart, not added to that figure: " + "; ".join(parts) + ".")
    if t.with_toll < t.incidents:
        lines.append(f"{num(t.incidents - t.with_toll)} of the incidents reported no toll (unknown, not zero).")
    b = section.baseline
    units, unit = baseline_units(digest)
    lines.append(
        f"Against the previous {BASELINE_PERIODS} {units} (on average {num(b.incidents)} incidents and "
        f"{span(b.killed_low, b.killed_high)} killed a {unit}): incidents {change(t.incidents, b.incidents)}, "
        f"killed (low) {change(t.killed_low, b.killed_low)}."
    )
    return lines


def revised_text(revised: tuple[tuple[str, int | None, int | None], ...]) -> str:
    return "; ".join(
        f"{TOLL_FIELD_NAMES.get(k, k)} {'unknown' if a is None else num(a)} → {'unknown' if b is None else num(b)}"
        for k, a, b in revised
    )


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=lambda name: (name or "").endswith(".html.j2"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        num=num,
        span=span,
        range_text=range_text,
        change=change,
        when=when,
        place=place,
        actors=actors,
        isodate=isodate,
        md=md,
        slug=slug,
        revised_text=revised_text,
    )
    env.globals.update(
        GRADE_MEANINGS=GRADE_MEANINGS,
        WARNING_GRADES=WARNING_GRADES,
        CHANGE_TITLES=CHANGE_TITLES,
        CHANGE_KINDS=CHANGE_KINDS,
        BASELINE_PERIODS=BASELINE_PERIODS,
        RISING_MIN_EXTRA=RISING_MIN_EXTRA,
        TOP_INCIDENTS=TOP_INCIDENTS,
        headline=headline,
        baseline_units=baseline_units,
    )
    return env


def _context(digest: Digest, *, print_layout: bool) -> dict[str, object]:
    summary = digest.summary
    maps = {
        s.name: Markup(incident_map(s.points, s.iso2s, f"Incidents in {s.name}, {digest.period.label}"))
        for s in digest.sections
    }
    return {
        "d": digest,
        "print_layout": print_layout,
        "trend_svg": Markup(trend_chart(digest.trend, digest.period)),
        "map_svg": Markup(
            incident_map(summary.points, summary.iso2s, f"Incidents in {digest.scope}, {digest.period.label}")
        ),
        "country_maps": maps,
        "css": Markup((TEMPLATES / "digest.css").read_text(encoding="utf-8")),
    }


def render_html(digest: Digest, *, print_layout: bool = False) -> str:
    return _env().get_template("digest.html.j2").render(**_context(digest, print_layout=print_layout))


def render_markdown(digest: Digest) -> str:
    return _env().get_template("digest.md.j2").render(d=digest)


def render_pdf(digest: Digest) -> bytes:
    import weasyprint

    pdf = weasyprint.HTML(string=render_html(digest, print_layout=True), base_url=str(TEMPLATES)).write_pdf()
    return bytes(pdf or b"")


def render(digest: Digest, fmt: str) -> str | bytes:
    """The digest as "html" or "md" (text) or "pdf" (bytes)."""
    if fmt == "html":
        return render_html(digest)
    if fmt == "md":
        return render_markdown(digest)
    if fmt == "pdf":
        return render_pdf(digest)
    raise ConfigError(f"unknown digest format {fmt!r}: choose one of {', '.join(FORMATS)}")
