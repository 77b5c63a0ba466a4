"""Exports of a report's events and claims: CSV, ACLED-style CSV, GeoJSON and JSON Lines.

``newsfuse export`` and ``GET /api/export`` write what a store holds in the
formats other tools read. Rows are built from each record's own fields
(``as_dict()``), so a field added to events or claims later is exported
without a change here:

- ``csv``: one row per event (or claim), nested values flattened: a place
  becomes ``location_name``, ``location_lat``, ...; lists are joined with
  ``"; "``; citations become ``sources_article`` and ``sources_sentence``
  (``" | "`` between citations);
- ``acled``: events under ACLED's column names (``ACLED_COLUMNS``), types in
  ACLED's own spelling ("Battles" / "Armed clash"), a country by name, and
  ACLED's precision codes; a type ACLED has no name for leaves its columns empty;
- ``geojson``: a FeatureCollection of events; an event without coordinates keeps
  its properties with a null geometry;
- ``jsonl``: one JSON object per event or claim, nested as in the report.

Every row names its story (``story``, ``story_title``) and cites its articles.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping
from typing import IO, Any

from newsfuse.errors import ConfigError
from newsfuse.records import Report, StoryReport
from newsfuse.stages.event_types import ACLED_TO_PLOVER

FORMATS = ("csv", "acled", "geojson", "jsonl")
KINDS = ("events", "claims")
MEDIA_TYPES = {
    "csv": "text/csv",
    "acled": "text/csv",
    "geojson": "application/geo+json",
    "jsonl": "application/x-ndjson",
}
ACLED_COLUMNS = (
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "time_precision",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
)

# ACLED's event and sub-event types (codebook spelling) for the ACLED sub-event codes that
# events carry (CASE 2021 spelling, ``event_types.ACLED_TYPES``). Codes of types ACLED does
# not code (ATTRIB, DIPLO, disasters, organised crime, OTHER) have no entry.
ACLED_NAMES: dict[str, tuple[str, str]] = {
    "ARMED_CLASH": ("Battles", "Armed clash"),
    "GOV_REGAINS_TERIT": ("Battles", "Government regains territory"),
    "NON_STATE_ACTOR_OVERTAKES_TER": ("Battles", "Non-state actor overtakes territory"),
    "CHEM_WEAP": ("Explosions/Remote violence", "Chemical weapon"),
    "AIR_STRIKE": ("Explosions/Remote violence", "Air/drone strike"),
    "SUIC_BOMB": ("Explosions/Remote violence", "Suicide bomb"),
    "ART_MISS_ATTACK": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "REM_EXPLOS": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "GRENADE": ("Explosions/Remote violence", "Grenade"),
    "SEX_VIOL": ("Violence against civilians", "Sexual violence"),
    "ATTACK": ("Violence against civilians", "Attack"),
    "ABDUCT_DISSAP": ("Violence against civilians", "Abduction/forced disappearance"),
    "PEACE_PROTEST": ("Protests", "Peaceful protest"),
    "PROTEST_WITH_INTER": ("Protests", "Protest with intervention"),
    "FORCE_AGAINST_PROTEST": ("Protests", "Excessive force against protesters"),
    "VIOL_DEMONSTR": ("Riots", "Violent demonstration"),
    "MOB_VIOL": ("Riots", "Mob violence"),
    "AGREEMENT": ("Strategic developments", "Agreement"),
    "ARREST": ("Strategic developments", "Arrests"),
    "CHANGE_TO_GROUP_ACT": ("Strategic developments", "Change to group/activity"),
    "DISR_WEAP": ("Strategic developments", "Disrupted weapons use"),
    "HQ_ESTABLISHED": ("Strategic developments", "Headquarters or base established"),
    "NON_VIOL_TERRIT_TRANSFER": ("Strategic developments", "Non-violent transfer of territory"),
    "PROPERTY_DISTRUCT": ("Strategic developments", "Looting/property destruction"),
}


def acled_names(acled_type: str | None, plover_type: str | None) -> tuple[str, str]:
    """Return ACLED's (event_type, sub_event_type) for an event, "" where not known.

    An ACLED code gives both. Without one, a PLOVER type gives what every ACLED
    code mapped to it (``event_types.ACLED_TO_PLOVER``) has in common: AGREE is
    always "Strategic developments" / "Agreement"; ASSAULT spans five event
    types, and COERCE includes organised crime, which ACLED does not code: they
    give nothing.
    """
    if acled_type in ACLED_NAMES:
        return ACLED_NAMES[acled_type]
    names = {
        ACLED_NAMES.get(code, ("", ""))
        for code, plover in ACLED_TO_PLOVER.items()
        if plover == plover_type
    }
    kinds = {kind for kind, _ in names}
    if len(kinds) != 1 or "" in kinds:
        return "", ""
    return kinds.pop(), (next(iter(names))[1] if len(names) == 1 else "")


# ---------------------------------------------------------------------------- rows


def event_records(report: Report) -> Iterator[dict[str, Any]]:
    """Yield each event of the report as a dict: its story, then its own fields."""
    yield from _records(report, "events")


def claim_records(report: Report) -> Iterator[dict[str, Any]]:
    """Yield each claim of the report as a dict: its story, then its own fields."""
    yield from _records(report, "claims")


def _records(report: Report, kind: str) -> Iterator[dict[str, Any]]:
    for story in report.stories:
        for item in getattr(story, kind):
            yield {"story": story.story.id, "story_title": story.story.title, **item.as_dict()}


def flat(record: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Return ``record`` flattened for a CSV row (see the module docstring)."""
    row: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            row.update(flat(value, f"{name}_"))
        elif isinstance(value, list | tuple) and value and isinstance(value[0], Mapping):
            fields = dict.fromkeys(field for item in value for field in item)
            for field in fields:
                row[f"{name}_{field}"] = " | ".join(_text(item.get(field)) for item in value)
        elif isinstance(value, list | tuple):
            row[name] = "; ".join(_text(item) for item in value)
        else:
            row[name] = value
    return row


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def acled_row(event: Mapping[str, Any], outlets: Mapping[str, str | None]) -> dict[str, Any]:
    """Return an event (``event_records`` shape) as a row under ``ACLED_COLUMNS``."""
    event_type, sub_event_type = acled_names(event.get("acled_type"), event.get("type"))
    where = event.get("location") or {}
    actors, targets = list(event.get("actors") or ()), list(event.get("targets") or ())
    sources = [citation.get("article") for citation in event.get("sources") or ()]
    names = dict.fromkeys(outlets.get(article) or article for article in sources if article)
    date, precision = _acled_date(event.get("date"))
    lat, lon = where.get("lat"), where.get("lon")
    return {
        "event_date": date,
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": actors[0] if actors else "",
        "actor2": targets[0] if targets else actors[1] if len(actors) > 1 else "",
        "country": country_name(where.get("country")),
        "admin1": where.get("admin1") or "",
        "location": where.get("name") or "",
        "latitude": "" if lat is None else lat,
        "longitude": "" if lon is None else lon,
        "time_precision": precision,
        "geo_precision": _geo_precision(where) if lat is not None and lon is not None else "",
        "source": "; ".join(names),
        "notes": event.get("summary") or "",
        "fatalities": _text(event.get("fatalities")),
    }


def _acled_date(value: str | None) -> tuple[str, int | str]:
    """Return ACLED's event_date and time_precision for a newsfuse date (day or month)."""
    if value and len(value) == 10:
        return value, 1
    if value and len(value) == 7:  # ACLED dates a month-only event mid-month, precision 3
        return f"{value}-15", 3
    return "", ""


def _geo_precision(where: Mapping[str, Any]) -> int:
    """Return ACLED's geo_precision: 1 a town or village, 2 a district, 3 a larger region."""
    feature = str(where.get("feature") or "")
    if feature.startswith("PPL"):
        return 1
    if feature in ("ADM2", "ADM3", "ADM4", "ADM5"):
        return 2
    return 3


def country_name(code: str | None) -> str:
    """Return the common English name of an ISO 3166-1 alpha-2 code ("" if unknown)."""
    if not code:
        return ""
    import pycountry

    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    common = getattr(country, "common_name", None)
    if common:
        return str(common)
    name = str(country.name)
    # ISO writes "Bahamas, The" or "Micronesia, Federated States of": put it in reading order
    head, _, rest = name.partition(", ")
    return f"{rest} {head}".removeprefix("The ").strip() if rest else name


def geojson(report: Report) -> dict[str, Any]:
    """Return the report's events as a GeoJSON FeatureCollection."""
    return {
        "type": "FeatureCollection",
        "features": [feature for story in report.stories for feature in event_features(story)],
    }


def event_features(story: StoryReport) -> list[dict[str, Any]]:
    """Return one GeoJSON Feature per event of ``story``; no coordinates, no geometry."""
    features = []
    for event in story.events:
        properties: dict[str, Any] = {"story": story.story.id, "story_title": story.story.title}
        properties.update(event.as_dict())
        where = properties.pop("location", None) or {}
        properties.update(
            place=where.get("name"), country=where.get("country"), admin1=where.get("admin1")
        )
        point = (where.get("lon"), where.get("lat"))
        geometry = None if None in point else {"type": "Point", "coordinates": list(point)}
        features.append(
            {"type": "Feature", "id": event.id, "geometry": geometry, "properties": properties}
        )
    return features


# ------------------------------------------------------------------------ writing


def write_export(report: Report, kind: str, fmt: str, out: IO[str]) -> int:
    """Write the report's events or claims to ``out`` as ``fmt``; return how many."""
    if kind not in KINDS or fmt not in FORMATS:
        raise ConfigError(
            f"cannot export {kind} as {fmt}: give one of {', '.join(KINDS)} "
            f"as one of {', '.join(FORMATS)}"
        )
    if kind == "claims" and fmt in ("acled", "geojson"):
        raise ConfigError(
            f"claims have no place or event type; export them as csv or jsonl, not {fmt}"
        )
    records = list(_records(report, kind))
    if fmt == "jsonl":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif fmt == "geojson":
        json.dump(geojson(report), out, ensure_ascii=False)
        out.write("\n")
    elif fmt == "acled":
        outlets = {article.id: article.outlet for article in report.articles}
        _write_csv(out, ACLED_COLUMNS, [acled_row(record, outlets) for record in records])
    else:
        rows = [flat(record) for record in records]
        columns = tuple(dict.fromkeys(column for row in rows for column in row))
        _write_csv(out, columns, rows)
    return len(records)


def _write_csv(out: IO[str], columns: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
