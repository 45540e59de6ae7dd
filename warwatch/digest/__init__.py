"""The weekly digest: a sourced brief per country or region, in HTML, Markdown and PDF.

    build(store, countries=..., region=..., date_from=..., date_to=...) -> Digest
    render(digest, "html" | "md" | "pdf") -> str | bytes

`build` gathers the numbers (build.py), `render` lays them out (render.py) with
the charts and map drawn as SVG (svg.py). The same database and arguments give the
same bytes: nothing reads the clock and everything is sorted with a tiebreak on id.
"""

from __future__ import annotations

from .build import Digest, Period, Section, Tally, build, latest_week, parse_week
from .render import FORMATS, render

__all__ = ["FORMATS", "Digest", "Period", "Section", "Tally", "build", "latest_week", "parse_week", "render"]
