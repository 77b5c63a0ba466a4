"""The task entry points that evaluations call: cluster, geocode, events, gazetteer import."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conftest import DATA, GOLD, need_shared
from newsfuse.cli import main


def _head(source: Path, target: Path, lines: int) -> Path:
    need_shared()
    target.write_text("".join(source.open(encoding="utf-8").readlines()[:lines]), encoding="utf-8")
    return target


def _rows(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines()]


def test_cli_tasks_cluster_writes_one_story_per_input_line(tmp_path):
    path = _head(DATA / "clusters" / "input.jsonl", tmp_path / "in.jsonl", 12)
    result = CliRunner().invoke(main, ["cluster", str(path)])
    rows = _rows(result.stdout)
    ids = [json.loads(line)["id"] for line in path.read_text().splitlines()]
    assert [row["id"] for row in rows] == ids and all(row["story"] for row in rows)


def test_cli_tasks_geocode_answers_every_given_span(tmp_path):
    path = _head(DATA / "geocoding" / "geovirus.input.jsonl", tmp_path / "in.jsonl", 3)
    result = CliRunner().invoke(main, ["geocode", str(path)])
    given = [json.loads(line) for line in path.read_text().splitlines()]
    for row, record in zip(_rows(result.stdout), given, strict=True):
        assert [(m["start"], m["end"]) for m in row["mentions"]] == [
            (m["start"], m["end"]) for m in record["mentions"]
        ]
        assert {"name", "lat", "lon", "country", "gazetteer_id"} <= set(row["mentions"][0])


def test_cli_tasks_events_types_each_snippet_main_event_first(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps(
            {"id": "1", "text": "Police arrested a journalist at his home on charges of sedition."}
        )
        + "\n",
        encoding="utf-8",
    )
    for encoder in ("all-mpnet-base-v2", "all-minilm-l6-v2"):
        rows = _rows(CliRunner().invoke(main, ["events", str(path), "--encoder", encoder]).stdout)
        assert rows[0]["id"] == "1" and rows[0]["events"][0]["acled_type"] == "ARREST"


def test_cli_tasks_gazetteer_import_makes_an_index_that_analyze_can_use(tmp_path):
    need_shared()
    index = tmp_path / "places.sqlite"
    result = CliRunner().invoke(
        main, ["gazetteer", "import", str(GOLD / "geonames-fixture.txt"), "--into", str(index)]
    )
    assert result.exit_code == 0, result.output
    assert "imported 11 places" in result.stderr
    from newsfuse.gazetteer import load_gazetteer

    assert load_gazetteer(index).candidates("Walikale")[0].country == "CD"


def test_cli_tasks_read_json_lines_with_unicode_line_separators(tmp_path):
    path = tmp_path / "in.jsonl"
    rows = [
        {"id": "1", "title": "Flood", "text": "Rivers rose.\u2028Villages were cut off."},
        {"id": "2", "title": "Vote", "text": "Polls closed.\u2029Counting began.\u0085Done."},
    ]
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows), "utf-8")
    result = CliRunner().invoke(main, ["cluster", str(path)])
    assert result.exit_code == 0, result.output
    assert [row["id"] for row in _rows(result.stdout)] == ["1", "2"]
