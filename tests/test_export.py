"""Exports of events and claims: CSV, ACLED-style CSV, GeoJSON, JSON Lines (library and CLI)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsfuse.cli import main
from newsfuse.errors import ConfigError
from newsfuse.export import ACLED_COLUMNS, ACLED_NAMES, acled_names, flat, write_export
from newsfuse.records import (
    Article,
    Citation,
    Claim,
    Event,
    Place,
    Report,
    Story,
    StoryReport,
)
from newsfuse.stages.event_types import ACLED_TYPES
from newsfuse.store import open_store

CITE = Citation("a1", "Rebels and the army fought in Karvik on Wednesday.")
KARVIK = Place("Karvik", "CD", 12.31, 41.07, "Tamsara", "geonames:1", "PPL", ("a1",))


def report() -> Report:
    events = (
        Event(
            "v1",
            "ASSAULT",
            "Rebels fought the army",
            (CITE,),
            "ARMED_CLASH",
            ("Northern Front",),
            ("FARDC",),
            KARVIK,
            "2031-05-13",
            "on Wednesday",
        ),
        Event(
            "v2",
            "AGREE",
            "A truce was signed",
            (Citation("a2", "A truce was signed."),),
            date="2031-05",
        ),
    )
    claims = (Claim("c1", "people displaced", 4000.0, "people", "corroborated", 2, (CITE,)),)
    story = StoryReport(
        Story("s1", "Fighting in Karvik", ("a1", "a2")), events=events, claims=claims
    )
    article = Article("a1", "k", "s", "text", "f", outlet="daily.example")
    return Report("2026-01-01T00:00:00Z", (article,), (story,))


def export(kind: str, fmt: str) -> str:
    out = io.StringIO()
    write_export(report(), kind, fmt, out)
    return out.getvalue()


def test_export_acled_csv_has_acleds_columns_names_and_precisions() -> None:
    rows = list(csv.DictReader(io.StringIO(export("events", "acled"))))
    assert tuple(rows[0]) == ACLED_COLUMNS
    clash, truce = rows
    assert (clash["event_type"], clash["sub_event_type"]) == ("Battles", "Armed clash")
    assert (clash["actor1"], clash["actor2"], clash["country"]) == (
        "Northern Front",
        "FARDC",
        "Democratic Republic of the Congo",
    )
    assert (clash["event_date"], clash["time_precision"], clash["geo_precision"]) == (
        "2031-05-13",
        "1",
        "1",
    )
    assert clash["source"] == "daily.example" and clash["notes"] == "Rebels fought the army"
    assert (truce["event_type"], truce["sub_event_type"]) == ("Strategic developments", "Agreement")
    assert (truce["event_date"], truce["time_precision"], truce["latitude"]) == (
        "2031-05-15",
        "3",
        "",
    )


def test_export_acled_names_come_from_the_type_maps() -> None:
    assert set(ACLED_NAMES) <= set(ACLED_TYPES)
    assert acled_names(None, "AGREE") == ("Strategic developments", "Agreement")
    assert acled_names(None, "ASSAULT") == ("", "")  # battles, explosions, attacks ...
    assert acled_names("NATURAL_DISASTER", "OTHER") == ("", "")
    assert acled_names(None, "ACCIDENT") == ("", "")  # a type ACLED does not code


def test_export_csv_flattens_places_lists_and_citations() -> None:
    clash = next(csv.DictReader(io.StringIO(export("events", "csv"))))
    assert (clash["story"], clash["id"], clash["location_name"], clash["location_lat"]) == (
        "s1",
        "v1",
        "Karvik",
        "12.31",
    )
    assert clash["sources_article"] == "a1" and clash["actors"] == "Northern Front"


def test_export_flat_keeps_fields_it_does_not_know() -> None:
    row = flat(
        {
            "id": "v9",
            "date_basis": "reported",
            "sources": [{"article": "a", "x": 1}, {"article": "b"}],
        }
    )
    assert row == {
        "id": "v9",
        "date_basis": "reported",
        "sources_article": "a | b",
        "sources_x": "1 | ",
    }


def test_export_geojson_keeps_unplaced_events_without_geometry() -> None:
    features = json.loads(export("events", "geojson"))["features"]
    assert features[0]["geometry"] == {"type": "Point", "coordinates": [41.07, 12.31]}
    assert (
        features[1]["geometry"] is None
        and features[1]["properties"]["summary"] == "A truce was signed"
    )


def test_export_claims_as_json_lines_and_never_as_acled() -> None:
    (claim,) = [json.loads(line) for line in export("claims", "jsonl").splitlines()]
    assert (claim["story"], claim["what"], claim["sources"][0]["article"]) == (
        "s1",
        "people displaced",
        "a1",
    )
    with pytest.raises(ConfigError, match="csv or jsonl"):
        export("claims", "acled")


def test_export_cli_writes_a_file_from_the_store(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    store = open_store(db)
    store.replace_stories(report().stories)
    store.close()
    out = tmp_path / "events.geojson"
    result = CliRunner().invoke(
        main, ["export", "--db", str(db), "--format", "geojson", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert (
        len(json.loads(out.read_text())["features"]) == 2 and "exported 2 events" in result.stderr
    )
