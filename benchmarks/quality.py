"""Quality of every task by the development protocol, beside its plain baseline, in one run.

    .venv/bin/python benchmarks/quality.py                 # every task
    .venv/bin/python benchmarks/quality.py cluster events  # some
    .venv/bin/python benchmarks/quality.py --repeats 5 --folds 5

Each task lives in ``quality_<task>.py`` beside this file and exposes
``evaluate(args) -> list[dict]``: rows with ``task``, ``system`` (newsfuse or the
baseline), ``split`` (``dev``: the whole development set, the score the quality
gate pins; ``cv``: held-back folds split by group, mean ± spread [range]),
``metric`` and ``score``. See ``README.md`` for the protocol. Results are printed
and written to ``benchmarks/out/quality-latest.json``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from protocol import print_rows  # noqa: E402

TASKS = ("cluster", "events", "geocode", "geoparse", "main_events")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tasks", nargs="*", default=list(TASKS), metavar="TASK")
    parser.add_argument("--folds", type=int, default=5, help="folds per split (by group)")
    parser.add_argument("--repeats", type=int, default=3, help="splits with different seeds")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    rows: list[dict[str, object]] = []
    for task in args.tasks or TASKS:
        try:
            module = importlib.import_module(f"quality_{task}")
        except ModuleNotFoundError as error:
            print(f"{task}: skipped ({error})", file=sys.stderr)
            continue
        started = time.perf_counter()
        task_rows = module.evaluate(args)
        for row in task_rows:
            row.setdefault("seconds", f"{time.perf_counter() - started:.0f}")
        rows.extend(task_rows)
    print_rows(rows)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "quality-latest.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
