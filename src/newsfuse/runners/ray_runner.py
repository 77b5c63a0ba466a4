"""Run the per-article stages on Ray Data; the rest runs in the driver.

``clean`` and ``read`` go through ``Dataset.map_batches`` with callable
classes, so each Ray worker loads spaCy and the stage resources once and
reuses them for every batch. Records cross process boundaries as JSON strings
(``as_dict``/``from_dict``), which keeps Arrow from guessing schemas for
nested, mostly-null fields.

Local use starts Ray on this machine (``ray.init(num_cpus=...)``); to use an
existing cluster, pass its address (``RayRunner(address="ray://head:10001")``
or set ``RAY_ADDRESS``): workers need newsfuse installed in the same version.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any

from newsfuse.pipeline import Pipeline
from newsfuse.records import Article, Dropped, RawInput, Reading, from_dict
from newsfuse.settings import Settings

BATCH = 16


class _Cleaner:
    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = Settings().merged(settings)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        pipeline = Pipeline(self.settings)
        raws = [from_dict(RawInput, json.loads(item)) for item in batch["raw"]]
        articles = pipeline.clean(raws)
        rows = [json.dumps(a.as_dict()) for a in articles]
        rows += [json.dumps({"dropped": d.as_dict()}) for d in pipeline.dropped]
        return {"out": rows}


class _Reader:
    def __init__(self, settings: dict[str, Any]) -> None:
        # Ray already runs one reader per core: no spaCy worker processes inside a worker.
        self.pipeline = Pipeline(Settings().merged({**settings, "nlp_processes": 1}))

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        self.pipeline.dropped.clear()
        articles = [Article.from_dict(json.loads(item)) for item in batch["article"]]
        readings = self.pipeline.read_all(articles)
        rows = [json.dumps(r.as_dict()) for r in readings.values()]
        rows += [json.dumps({"dropped": d.as_dict()}) for d in self.pipeline.dropped]
        return {"out": rows}


class RayRunner:
    def __init__(self, address: str | None = None, num_cpus: int | None = None) -> None:
        import ray

        if not ray.is_initialized():
            address = address or os.environ.get("RAY_ADDRESS")
            options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
            if address:
                ray.init(address=address, **options)
            else:
                ray.init(num_cpus=num_cpus or os.cpu_count() or 2, **options)
        self.workers = max(1, int(ray.available_resources().get("CPU", 1)))

    def _map(
        self, rows: list[str], column: str, fn: type, settings: Settings
    ) -> list[dict[str, Any]]:
        import ray.data

        if not rows:
            return []
        dataset = ray.data.from_items([{column: row} for row in rows])
        mapped = dataset.map_batches(
            fn,
            fn_constructor_args=(_settings_dict(settings),),
            batch_size=BATCH,
            concurrency=min(self.workers, max(1, len(rows) // BATCH)),
            batch_format="numpy",
        )
        return [json.loads(row["out"]) for row in mapped.take_all()]

    def clean(self, pipeline: Pipeline, inputs: Sequence[RawInput | Dropped]) -> list[Article]:
        raws = []
        for item in inputs:
            if isinstance(item, Dropped):
                pipeline.dropped.append(item)
            else:
                raws.append(json.dumps(item.as_dict()))
        order = {json.loads(raw)["source"]: n for n, raw in enumerate(raws)}
        articles = []
        for row in self._map(raws, "raw", _Cleaner, pipeline.settings):
            if "dropped" in row:
                pipeline.dropped.append(Dropped.from_dict(row["dropped"]))
            else:
                articles.append(Article.from_dict(row))
        # Ray does not keep order; restore the input order so ids and reports match the local run
        articles.sort(key=lambda a: order.get(a.source, len(order)))
        return articles

    def read(self, pipeline: Pipeline, articles: Sequence[Article]) -> Iterable[Reading]:
        rows = [json.dumps(a.as_dict()) for a in articles]
        readings: dict[str, Reading] = {}
        for row in self._map(rows, "article", _Reader, pipeline.settings):
            if "dropped" in row:
                pipeline.dropped.append(Dropped.from_dict(row["dropped"]))
            else:
                reading = from_dict(Reading, row)
                readings[reading.article] = reading
        return [readings[a.id] for a in articles if a.id in readings]


def _settings_dict(settings: Settings) -> dict[str, Any]:
    return {
        key: list(value) if isinstance(value, tuple) else value
        for key, value in asdict(settings).items()
    }
