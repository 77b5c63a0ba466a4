"""Ingesting into an existing store: with the store's caches and without them.

    .venv/bin/python benchmarks/incremental.py
    .venv/bin/python benchmarks/incremental.py --stored 2000 --new 100

Builds a SQLite store (a temporary file) from ``--stored`` articles of the
benchmark corpus (``corpus.build_corpus``), then times ingesting ``--new``
more articles of the same corpus three times, each time into a copy of that
store: as shipped (only the new articles are read, and only the stories they
join are analysed again), with the stories' bases cleared (every story is
analysed again; readings still come from the cache), and with the readings
emptied too (every article is read again, as before either cache). Models are loaded and warmed up
before the clock starts. Prints seconds and new articles per second for each,
with CPU seconds of the process and its spaCy workers (wall time suffers on a
shared machine).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from bench import cpu_seconds, raw_inputs  # noqa: E402
from corpus import build_corpus  # noqa: E402


def timed_ingest(db: Path, inputs: Sequence[object], settings: object, resources: object) -> dict:
    """Return wall and CPU seconds of ingesting ``inputs`` into the store at ``db``."""
    from newsfuse import api
    from newsfuse.store import open_store

    store = open_store(db)
    wall, cpu = time.perf_counter(), cpu_seconds()
    result = api.ingest_inputs(inputs, store, settings, resources=resources)  # type: ignore[arg-type]
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    store.close()
    return {"seconds": wall, "cpu": cpu, "added": len(result.added), "stories": result.stories}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stored", type=int, default=500, help="articles already stored")
    parser.add_argument("--new", type=int, default=100, help="articles ingested and timed")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    from newsfuse import api
    from newsfuse.pipeline import Resources
    from newsfuse.settings import Settings
    from newsfuse.store import open_store

    settings = Settings()
    resources = Resources.load(settings)
    records = build_corpus(args.stored + args.new, args.seed)
    old, new = raw_inputs(records[: args.stored]), raw_inputs(records[args.stored :])
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder) / "base.db"
        store = open_store(base)
        started = time.perf_counter()
        api.ingest_inputs(old, store, settings, resources=resources)  # also warms the models up
        print(
            f"built a store of {len(store.articles())} articles in "
            f"{time.perf_counter() - started:.1f}s"
        )
        store.close()
        results = {}
        for mode in ("cached", "readings", "uncached"):
            db = Path(folder) / f"{mode}.db"
            shutil.copy(base, db)
            with sqlite3.connect(db) as connection:
                if mode in ("readings", "uncached"):
                    connection.execute("UPDATE stories SET basis = NULL")
                if mode == "uncached":
                    connection.execute("DELETE FROM readings")
            results[mode] = timed_ingest(db, new, settings, resources)
    print(f"ingesting {args.new} articles into a store of {args.stored}:")
    for mode, row in results.items():
        print(
            f"  {mode:9} {row['seconds']:7.2f} s  {args.new / row['seconds']:7.1f} articles/s"
            f"  (cpu {row['cpu']:.2f} s; {row['added']} added, {row['stories']} stories)"
        )
    for mode in ("readings", "uncached"):
        speedup = results[mode]["seconds"] / results["cached"]["seconds"]
        print(f"  cached is {speedup:.1f}x faster than {mode}")


if __name__ == "__main__":
    main()
