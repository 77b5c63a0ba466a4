"""The CLI end to end: bad input, idempotent ingest, interrupted ingest, clean JSON."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import DATA, SEEDS_PUBLISHED, need_shared
from newsfuse.cli import main
from newsfuse.report import report_schema

STORY = (
    "Flood waters rose across the river valley on {day}, officials said. Rescue teams moved"
    " {n} families to higher ground while the regional council opened emergency shelters in"
    " schools. Farmers reported heavy losses of maize and cattle near the village number {n}."
)


def _articles(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        text = STORY.format(day="Monday", n=n) + f" Reference {n * 7919}."
        (folder / f"{n:04d}.txt").write_text(text, encoding="utf-8")
    return folder


def _count(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        # the file exists a moment before its first migration has made the table
        made = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'articles'"
        ).fetchone()[0]
        return connection.execute("SELECT count(*) FROM articles").fetchone()[0] if made else 0


def test_cli_analyze_json_is_valid_and_stdout_is_clean(seed_paths):
    result = CliRunner().invoke(
        main, ["analyze", *map(str, seed_paths), "--published", SEEDS_PUBLISHED, "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, report_schema())
    assert data["schema"] == "newsfuse.report/1"


def test_cli_bad_inputs_are_named_and_the_rest_is_ingested(tmp_path):
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "latin.txt").write_bytes(b"\xff\xfe\xfa not utf-8 \xc3\x28" * 3)
    (tmp_path / "broken.jsonl").write_text('{"text": "ok"\n')
    good = _articles(tmp_path / "good", 1)
    result = CliRunner().invoke(
        main,
        [
            "ingest",
            str(tmp_path),
            str(tmp_path / "missing.txt"),
            "--db",
            str(tmp_path / "s.db"),
            "--no-analyze",
            "--published",
            "2025-01-01",
        ],
    )
    assert result.exit_code == 0, result.output
    for name in ("binary.txt", "empty.txt", "broken.jsonl", "missing.txt"):
        assert name in result.stderr, name
    assert _count(tmp_path / "s.db") >= len(list(good.iterdir()))


def test_cli_oversized_input_is_skipped_by_name(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # 50 MB, sparse: cheap to make
        handle.truncate(50_000_000)
    result = CliRunner().invoke(
        main, ["ingest", str(big), "--db", str(tmp_path / "s.db"), "--no-analyze"]
    )
    assert result.exit_code == 1  # nothing could be ingested
    assert "big.txt" in result.stderr and "larger than" in result.stderr


def test_cli_exit_code_is_nonzero_only_when_nothing_was_ingested(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = CliRunner().invoke(main, ["analyze", str(tmp_path / "empty.txt"), "--json"])
    assert result.exit_code == 1
    assert result.stdout == ""


def test_cli_reingest_adds_nothing_and_loses_nothing(tmp_path):
    folder = _articles(tmp_path / "in", 5)
    db = tmp_path / "s.db"
    args = ["ingest", str(folder), "--db", str(db), "--no-analyze", "--published", "2025-01-01"]
    CliRunner().invoke(main, args)
    first = _count(db)
    (tmp_path / "bad.txt").write_bytes(b"\x00" * 10)
    result = CliRunner().invoke(main, [*args, str(tmp_path / "bad.txt")])
    assert first == 5 and _count(db) == first
    assert "0 added, 5 already stored" in result.stderr


@pytest.mark.slow
def test_cli_killed_ingest_leaves_a_consistent_store_and_a_rerun_completes(tmp_path):
    folder = _articles(tmp_path / "in", 600)
    db = tmp_path / "s.db"
    config = tmp_path / "settings.toml"
    config.write_text("[newsfuse]\ningest_chunk = 10\n")
    command = [
        sys.executable,
        "-m",
        "newsfuse.cli",
        "ingest",
        str(folder),
        "--db",
        str(db),
        "--no-analyze",
        "--published",
        "2025-01-01",
        "--config",
        str(config),
    ]
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not db.exists() or _count(db) < 20):
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    partial = _count(db)
    assert 0 < partial < 600
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
    assert _count(db) == 600


def test_cli_report_reads_back_what_ingest_stored(tmp_path, seed_paths):
    need_shared()
    db = tmp_path / "s.db"
    CliRunner().invoke(
        main, ["ingest", *map(str, seed_paths), "--db", str(db), "--published", SEEDS_PUBLISHED]
    )
    result = CliRunner().invoke(main, ["report", "--db", str(db), "--json"])
    data = json.loads(result.stdout)
    assert len(data["articles"]) == 4 and len(data["stories"]) == 1


@pytest.mark.slow
def test_cli_analyze_gives_the_same_report_under_any_string_hashing() -> None:
    # Set order follows Python's per-process string hashing: a report built from
    # it (an entity named after whichever country came first) differed per run.
    need_shared()
    source = DATA / "clusters"
    reports = []
    for seed in ("1", "2"):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "newsfuse.cli",
                "analyze",
                str(source / "input.jsonl"),
                "--json",
            ],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        report = json.loads(result.stdout)
        report.pop("generated_at")
        reports.append(report)
    assert reports[0] == reports[1]
