"""The library calls that every shell (CLI, HTTP API, Python users) goes through.

::

    from newsfuse import analyze
    report = analyze(["reports/"], published="2025-03-20")
    print(report.stories[0].brief)

``ingest`` stores articles (idempotent: the same input twice is stored once;
one transaction per chunk, so an interrupted run keeps every finished chunk
and a rerun completes it) and refreshes the stored story reports;
``load_report`` reads them back; ``analyze`` does both on a store of its own.
A refresh re-analyses every stored article but reads (the costly stage) only
those without a valid cached reading in the store (``newsfuse.cache``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from newsfuse import cache
from newsfuse.pipeline import Analysis, Pipeline, Resources
from newsfuse.records import Dropped, RawInput, Report, StoryReport
from newsfuse.runners import LocalRunner, Runner
from newsfuse.settings import Settings
from newsfuse.sources import read_inputs
from newsfuse.store import Store, open_store


@dataclass(frozen=True)
class IngestResult:
    added: tuple[str, ...]  # ids of the articles newly stored
    existing: tuple[str, ...]  # ids of inputs that were stored already
    dropped: tuple[Dropped, ...]
    stories: int  # stories in the store after the refresh

    @property
    def ids(self) -> tuple[str, ...]:
        return self.added + self.existing


def ingest(
    paths: Sequence[str | Path],
    store: Store,
    settings: Settings | None = None,
    *,
    published: str | None = None,
    resources: Resources | None = None,
    analyze: bool = True,
    progress: bool = False,
    stdin: TextIO | None = None,
    runner: Runner | None = None,
) -> IngestResult:
    """Return what ingesting ``paths`` (files, folders, ``-``) into ``store`` did."""
    settings = settings or Settings.load()
    inputs = read_inputs(paths, settings, published=published, stdin=stdin or sys.stdin)
    return ingest_inputs(
        inputs,
        store,
        settings,
        resources=resources,
        analyze=analyze,
        progress=progress,
        runner=runner,
    )


def ingest_inputs(
    inputs: Iterable[RawInput | Dropped],
    store: Store,
    settings: Settings | None = None,
    *,
    resources: Resources | None = None,
    analyze: bool = True,
    progress: bool = False,
    runner: Runner | None = None,
) -> IngestResult:
    """Return what storing ``inputs`` did; each chunk of inputs is one transaction."""
    settings = settings or Settings.load()
    runner = runner or LocalRunner()
    pipeline = Pipeline(settings, resources)
    added: list[str] = []
    existing: list[str] = []
    for chunk in _chunks(_progress(inputs, progress, "ingest"), settings.ingest_chunk):
        seen = len(pipeline.dropped)
        articles = runner.clean(pipeline, chunk)
        saved = store.save_batch(articles, pipeline.dropped[seen:])
        added += saved.added
        existing += saved.existing
    if analyze:
        stories = len(refresh(store, settings, pipeline, runner).stories)
    else:
        stories = len(store.stories())
    return IngestResult(tuple(added), tuple(existing), tuple(pipeline.dropped), stories)


def refresh(
    store: Store,
    settings: Settings,
    pipeline: Pipeline | None = None,
    runner: Runner | None = None,
) -> Analysis:
    """Return the analysis of every stored article, after saving it to ``store``.

    Only articles without a cached reading (or whose cache key changed) are read, and
    only stories whose basis changed (``cache.story_basis``) are analysed again.
    """
    pipeline = pipeline or Pipeline(settings)
    runner = runner or LocalRunner()
    stored = store.articles()
    analysis = pipeline.analyze(
        [replace(a, duplicate_of=None, syndicated_by=()) for a in stored],
        read_articles=lambda articles: cache.read_through(
            store, articles, lambda missing: runner.read(pipeline, missing), pipeline.settings
        ),
        reuse_stories=store.cached_stories,
    )
    before = {article.id: article for article in stored}
    changed = [article for article in analysis.articles if before.get(article.id) != article]
    if changed:
        store.update_articles(changed)
    store.replace_stories(analysis.stories, analysis.bases)
    return analysis


def load_report(
    store: Store,
    story_ids: Iterable[str] | None = None,
    *,
    article_ids: Iterable[str] | None = None,
    settings: Settings | None = None,
) -> Report:
    """Return the stored report: every story, or those named, or those holding ``article_ids``."""
    stories = store.stories()
    covered = {aid for report in stories for aid in report.story.articles}
    if any(article.id not in covered for article in store.articles()):
        stories = list(refresh(store, settings or Settings.load()).stories)  # stale: refresh
    if story_ids is not None:
        wanted = set(story_ids)
        stories = [report for report in stories if report.story.id in wanted]
    if article_ids is not None:
        members = set(article_ids)
        stories = [report for report in stories if members & set(report.story.articles)]
    return build_report(store, stories)


def build_report(store: Store, stories: Sequence[StoryReport]) -> Report:
    """Return a ``Report`` of ``stories`` with their articles and the store's drops."""
    ids = [aid for report in stories for aid in report.story.articles]
    return Report(
        generated_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        articles=tuple(store.articles(ids)),
        stories=tuple(stories),
        dropped=tuple(store.dropped()),
    )


def analyze(
    paths: Sequence[str | Path],
    settings: Settings | None = None,
    *,
    published: str | None = None,
    db: str | Path | None = None,
    gazetteer: str | Path | None = None,
    progress: bool = False,
    stdin: TextIO | None = None,
    runner: Runner | None = None,
) -> Report:
    """Return the situation report on ``paths`` (stored in ``db``, in memory by default)."""
    settings = settings or Settings.load()
    if gazetteer:
        settings = settings.merged({"gazetteer_path": str(gazetteer)})
    store = open_store(db)
    try:
        result = ingest(
            paths,
            store,
            settings,
            published=published,
            progress=progress,
            stdin=stdin,
            runner=runner,
        )
        report = load_report(store, article_ids=result.ids, settings=settings)
        run_drops = tuple(result.dropped)
        return replace(report, dropped=run_drops)
    finally:
        store.close()


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _progress(items: Iterable[Any], enabled: bool, label: str) -> Iterable[Any]:
    """Return ``items`` wrapped in a progress bar on stderr when enabled (stdout stays clean)."""
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=label, unit=" inputs", file=sys.stderr, disable=None)


def read_jsonl(
    path: str | Path, stdin: TextIO | None = None, settings: Settings | None = None
) -> Iterator[dict[str, Any]]:
    """Yield the JSON objects of a JSON Lines file (``-`` for standard input).

    Lines are read one at a time by ``sources.json_lines`` (each within
    ``max_input_bytes``); a line that cannot be read raises ``MalformedInput``
    naming it.
    """
    from newsfuse.errors import MissingInput
    from newsfuse.sources import json_lines

    limit = (settings or Settings()).max_input_bytes
    if str(path) == "-":
        stream = stdin or sys.stdin
        yield from _json_objects(path, json_lines(getattr(stream, "buffer", stream), limit))
        return
    try:
        handle = Path(path).open("rb")  # noqa: SIM115 (closed below; the open error is named)
    except OSError as error:
        raise MissingInput(str(path), f"cannot read: {error.strerror}") from error
    with handle:
        yield from _json_objects(path, json_lines(handle, limit))


def _json_objects(path: str | Path, lines: Iterable[Any]) -> Iterator[dict[str, Any]]:
    from newsfuse.errors import MalformedInput

    for line in lines:
        if line.problem:
            raise MalformedInput(f"{path}:{line.number}", line.problem)
        yield line.value


def type_records(records: Iterable[dict[str, Any]], settings: Settings) -> Iterator[dict[str, Any]]:
    """Yield ``{"id", "events": [...]}`` for each ``{"id", "text"}`` snippet, main event first."""
    from newsfuse import models
    from newsfuse.pipeline import nlp_for
    from newsfuse.stages import events

    nlp = nlp_for(settings)
    embedder = (
        models.load_embedder(settings.events_encoder, settings.encoder_precision)
        if settings.use_embeddings
        else None
    )
    for chunk in _chunks(records, 64):
        typed = events.type_texts([row.get("text") or "" for row in chunk], nlp, embedder)
        for row, found in zip(chunk, typed, strict=True):
            yield {"id": row.get("id"), "events": [_event_row(event) for event in found]}


def _event_row(event: Any) -> dict[str, Any]:
    return {
        "type": event.type,
        "acled_type": event.acled_type,
        "trigger": event.trigger,
        "summary": event.summary,
        "actors": list(event.actors),
        "targets": list(event.targets),
        "location": event.location,
        "date": event.date.value if event.date else None,
    }
