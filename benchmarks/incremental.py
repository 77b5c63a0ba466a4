"""Ingesting new articles into a store that already holds many: what one ingest costs.

    .venv/bin/python benchmarks/incremental.py                      # 100 into 1,000
    .venv/bin/python benchmarks/incremental.py --stored 1000 10000 100000 --new 100
    .venv/bin/python benchmarks/incremental.py --stored 1000 --full  # and the full re-analysis

For each size, builds a SQLite store (a temporary file) from ``--stored``
articles of the benchmark corpus (``corpus.build_corpus``: real text, stories
of 1 to 20 reports, near-copies), ingested in chunks of ``--build-chunk`` as a
living store receives them, and times that build. Then times ingesting the
``--new`` next articles of the corpus (the newest: some join stored stories,
some start new ones) into a copy of it: the dedupe index, the clusterer state
and the story ids are the store's, so only the new articles are deduplicated,
clustered and read, and only the stories they touch are analysed. With
``--full`` it also times the same ingest into a copy whose analysis state is
set aside, which re-deduplicates and re-clusters every stored article (stories
and readings still come from the caches): the cost of an ingest before the
state was kept. Models are loaded and warmed up before any clock starts.
Prints wall and CPU seconds (CPU of the process and its read workers: wall
time suffers on a shared machine), new articles per second, the stories
analysed and the size of the clusterer state kept in the store (read by key,
never whole); writes benchmarks/out/incremental-latest.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from bench import OUT, cpu_seconds, raw_inputs  # noqa: E402
from corpus import build_corpus  # noqa: E402


def timed_ingest(db: Path, inputs: Sequence[Any], settings: Any, resources: Any) -> dict[str, Any]:
    """Return wall and CPU seconds of ingesting ``inputs`` into the store at ``db``."""
    from newsfuse import api
    from newsfuse.pipeline import Pipeline
    from newsfuse.store import open_store

    store = open_store(db)
    analysed: list[str] = []
    spent = {"read": 0.0, "stories": 0.0}

    class Counting(Pipeline):
        """The pipeline, noting the stories analysed and the time reading and analysing."""

        def analyze_story(self, story: Any, *rest: Any) -> Any:
            analysed.append(story.id)
            started = time.perf_counter()
            try:
                return super().analyze_story(story, *rest)
            finally:
                spent["stories"] += time.perf_counter() - started

        def read_stream(self, articles: Any) -> Any:
            stream = super().read_stream(articles)
            while True:
                started = time.perf_counter()
                reading = next(stream, None)
                spent["read"] += time.perf_counter() - started
                if reading is None:
                    return
                yield reading

    wall, cpu = time.perf_counter(), cpu_seconds()
    added = api.ingest_inputs(inputs, store, settings, resources=resources, analyze=False).added
    analysis = api.refresh(store, settings, Counting(settings, resources))
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    result = {
        "seconds": wall,
        "cpu": cpu,
        "added": len(added),
        "stories_written": len(analysis.stories),
        "stories_analysed": len(analysed),
        "stories": store.story_count(),
        "clusterer_state_mb": cluster_state_bytes(db) / 1e6,
        "read_s": spent["read"],  # reading the new articles (spaCy, rules, event typing)
        "stories_s": spent["stories"],  # analysing the stories they touch
        # storing, deduplicating, clustering, story ids, loading and saving the state
        "other_s": wall - spent["read"] - spent["stories"],
    }
    store.close()
    return result


def cluster_state_bytes(db: Path) -> int:
    """Return the size of the clusterer's kept state rows (read by key, never whole)."""
    with sqlite3.connect(db) as connection:
        (size,) = connection.execute(
            "SELECT coalesce(sum(length(value)), 0) FROM cluster_rows"
        ).fetchone()
    return int(size)


def remove_store(db: Path) -> None:
    """Remove a SQLite store with its write-ahead log and shared-memory files."""
    for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        path.unlink(missing_ok=True)


def build_store(
    db: Path, records: Sequence[dict[str, Any]], chunk: int, settings: Any, resources: Any
) -> dict[str, Any]:
    """Return the time taken to build a store from ``records``, ingested ``chunk`` at a time."""
    from newsfuse import api
    from newsfuse.store import open_store

    store = open_store(db)
    wall, cpu = time.perf_counter(), cpu_seconds()
    for start in range(0, len(records), chunk):
        api.ingest_inputs(
            raw_inputs(records[start : start + chunk]), store, settings, resources=resources
        )
        done = min(start + chunk, len(records))
        print(
            f"  built {done:,} of {len(records):,} ({time.perf_counter() - wall:.0f} s)", flush=True
        )
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    counts = {"articles": store.article_count(), "stories": store.story_count()}
    store.close()
    return {"seconds": wall, "cpu": cpu, **counts, "db_mb": db.stat().st_size / 1e6}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stored", type=int, nargs="+", default=[1000], help="articles stored")
    parser.add_argument("--new", type=int, default=100, help="articles ingested and timed")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--build-chunk", type=int, default=5000, help="articles per build ingest")
    parser.add_argument("--full", action="store_true", help="also time a full re-analysis")
    parser.add_argument("--keep", type=Path, help="keep the built stores in this folder")
    args = parser.parse_args(argv)

    from newsfuse.pipeline import Resources
    from newsfuse.settings import Settings
    from newsfuse.stages.read import read

    settings = Settings()
    resources = Resources.load(settings)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        # One corpus for every size, and the same new articles for every store: the new
        # articles of corpora of other sizes differ in kind and length (a 1,000-article
        # corpus ends in short snippets), which made the ingest look store-dependent.
        records = build_corpus(max(args.stored) + args.new, args.seed)
        new = raw_inputs(records[-args.new :])
        for size in args.stored:
            old = records[:size]
            warm = raw_inputs(records[:2])
            from newsfuse.pipeline import Pipeline

            read(
                Pipeline(settings, resources).clean(warm),
                resources.nlp,
                settings,
                resources.embedder,
            )
            base = folder / f"store-{size}.db"
            remove_store(base)
            print(f"building a store of {size:,} articles ...", flush=True)
            built = build_store(base, old, args.build_chunk, settings, resources)
            row: dict[str, Any] = {"stored": size, "new": args.new, "build": built}
            modes = ["incremental", "full"] if args.full else ["incremental"]
            for mode in modes:
                db = folder / f"{mode}-{size}.db"
                remove_store(db)  # a store's WAL left beside a copy would corrupt it
                shutil.copy(base, db)
                if mode == "full":  # no analysis state: every article deduped and clustered again
                    with sqlite3.connect(db) as connection:
                        connection.execute("DELETE FROM analysis_state WHERE name = 'fingerprint'")
                row[mode] = timed_ingest(db, new, settings, resources)
                remove_store(db)
            rows.append(row)
            _print(row)
    OUT.mkdir(exist_ok=True)
    (OUT / "incremental-latest.json").write_text(json.dumps(rows, indent=2))


def _print(row: dict[str, Any]) -> None:
    built = row["build"]
    print(
        f"store of {row['stored']:,}: built in {built['seconds']:.0f} s (cpu {built['cpu']:.0f} s;"
        f" {built['stories']:,} stories, {built['db_mb']:.0f} MB)"
    )
    for mode in ("incremental", "full"):
        if mode in row:
            r = row[mode]
            print(
                f"  {mode:11} {row['new']} new: {r['seconds']:7.2f} s  cpu {r['cpu']:7.2f} s"
                f"  {row['new'] / r['seconds']:6.1f} articles/s  {r['stories_analysed']} stories"
                f" analysed, {r['stories_written']} written; clusterer state kept"
                f" {r['clusterer_state_mb']:.1f} MB\n"
                f"  {'':11} wall: reading {r['read_s']:.2f} s, stories {r['stories_s']:.2f} s,"
                f" the rest (store, dedupe, cluster, ids, state) {r['other_s']:.2f} s"
            )


if __name__ == "__main__":
    main()
