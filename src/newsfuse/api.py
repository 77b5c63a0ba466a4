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

import logging
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from newsfuse import cache
from newsfuse.errors import StoreError
from newsfuse.pipeline import (
    Analysis,
    Pipeline,
    Resources,
    cluster_embedder,
    clusterer_for,
    sort_articles,
)
from newsfuse.records import Article, Dropped, RawInput, Reading, Report, Story, StoryReport
from newsfuse.runners import LocalRunner, Runner
from newsfuse.settings import Settings
from newsfuse.sources import read_inputs
from newsfuse.stages import cluster, dedupe
from newsfuse.stages.story_ids import Naming, name_stories
from newsfuse.store import AnalysisUpdate, StaleAnalysis, Store, current_story_id, open_store

log = logging.getLogger(__name__)
ReadArticles = Callable[[Sequence[Article]], Iterable[Reading]]


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
        refresh(store, settings, pipeline, runner, progress=progress)
    return IngestResult(tuple(added), tuple(existing), tuple(pipeline.dropped), store.story_count())


def refresh(
    store: Store,
    settings: Settings,
    pipeline: Pipeline | None = None,
    runner: Runner | None = None,
    *,
    progress: bool = False,
) -> Analysis:
    """Return the analysis this refresh made of ``store``, after saving it there.

    The first analysis of a store (or one whose code, settings or gazetteer
    changed: ``cache.analysis_fingerprint``) analyses every stored article; the
    next ones place only the articles stored since (``pending``) into the kept
    dedupe index and clusterer state, and analyse only the stories they join,
    with the stories left unfinished before. Either way only articles without a
    cached reading are read, and stories keep their ids (``story_ids``). The
    analysis is saved in one transaction; if another process saved one meanwhile,
    it is made again on the new state.
    """
    pipeline = pipeline or Pipeline(settings)
    runner = runner or LocalRunner()
    for _ in range(REFRESH_ATTEMPTS):
        try:
            with _ANALYSING:
                return _refresh_once(store, pipeline, runner, progress)
        except StaleAnalysis:
            log.info("another analysis of %s was saved first; analysing again", store)
    raise StoreError(
        f"{REFRESH_ATTEMPTS} analyses in a row were overtaken by others; is another process "
        "analysing this store in a loop?"
    )


REFRESH_ATTEMPTS = 5
# One analysis at a time in a process: the models are shared, and spaCy is not made to be
# called from several threads at once. Processes are kept apart by ``save_analysis``.
_ANALYSING = threading.Lock()


@dataclass
class _Made:
    """An analysis before it is saved, with the state it leaves behind."""

    analysis: Analysis
    index: dedupe.DedupeIndex
    clusterer: cluster.StoryClusterer
    stored: dict[str, Article]  # the articles as stored, so that only changed ones are written
    absorbed: dict[str, str]  # story ids merged into another
    full: bool  # every stored article was analysed: the saved state replaces the old


def _refresh_once(store: Store, pipeline: Pipeline, runner: Runner, progress: bool) -> Analysis:
    settings = pipeline.settings
    generation = store.generation()
    pipeline.resources = pipeline.resources or Resources.load(settings)
    fingerprint = cache.analysis_fingerprint(settings, pipeline.resources.gazetteer).encode()
    kept = bool(store.cluster_rows("meta", ["state"]))
    read = _progress_read(
        lambda articles: cache.read_through(
            store, articles, lambda missing: runner.read(pipeline, missing), settings
        ),
        progress,
    )
    if not kept or store.state("fingerprint") != fingerprint:
        made = _analyse_all(store, pipeline, read)
    else:
        pending, unfinished = store.pending_articles(), store.unfinished_stories()
        if not pending and not unfinished:
            return Analysis((), ())
        made = _analyse_pending(store, pipeline, read, pending, unfinished)
    analysis = made.analysis
    members = {aid: report.story.id for report in analysis.stories for aid in report.story.articles}
    store.save_analysis(
        AnalysisUpdate(
            generation=generation,
            reports=analysis.stories,
            bases=analysis.bases,
            members=members,
            absorbed=made.absorbed,
            articles=[a for a in analysis.articles if made.stored.get(a.id) != a],
            copies=made.index.added,
            state={"fingerprint": fingerprint},
            cluster=made.clusterer.changes(),
            replace_all=made.full,
        )
    )
    return analysis


def _analyse_all(store: Store, pipeline: Pipeline, read: ReadArticles) -> _Made:
    """Return the analysis of every stored article, with a new dedupe index and clusterer."""
    stored = store.articles()
    index = dedupe.DedupeIndex(pipeline.settings)
    clusterer = clusterer_for(pipeline.settings)
    absorbed: dict[str, str] = {}

    def stable(stories: tuple[Story, ...]) -> tuple[Story, ...]:
        naming = _stable_ids(store, stories)
        absorbed.update(naming.absorbed)
        return naming.stories

    analysis = pipeline.analyze(
        [replace(a, duplicate_of=None, syndicated_by=()) for a in stored],
        read_articles=read,
        reuse_stories=store.cached_stories,
        index=index,
        clusterer=clusterer,
        name_stories=stable,
    )
    return _Made(analysis, index, clusterer, {a.id: a for a in stored}, absorbed, full=True)


def _analyse_pending(
    store: Store,
    pipeline: Pipeline,
    read: ReadArticles,
    pending: Sequence[Article],
    unfinished: Sequence[str],
) -> _Made:
    """Return the analysis of the stories that ``pending`` articles join, and of
    ``unfinished`` stories, made with the store's dedupe index and clusterer state."""
    settings = pipeline.settings
    index = dedupe.DedupeIndex(settings, earlier=store, first_rank=store.next_copy_rank())
    found = dedupe.dedupe(sort_articles(pending), settings, index)
    clusterer = cluster.StoryClusterer(settings, cluster_embedder(settings), state=store)
    clusterer.add(cluster.publication_order(found.articles))
    wanted = {article.id for article in pending}
    for report in filter(None, map(store.story, unfinished)):
        wanted.update(report.story.articles)
    touched = clusterer.stories_of(sorted(wanted))
    naming = _stable_ids(store, touched)
    fresh = {article.id: article for article in found.articles}
    members = [aid for story in touched for aid in story.articles]
    stored = {a.id: a for a in store.articles([aid for aid in members if aid not in fresh])}
    by_id = {**stored, **fresh}
    for copy_id, kept_id in found.pairs:  # a stored kept copy gains the copy's outlet
        outlet, kept = by_id[copy_id].outlet, by_id.get(kept_id)
        if kept is not None and outlet and outlet not in kept.syndicated_by:
            by_id[kept_id] = replace(kept, syndicated_by=(*kept.syndicated_by, outlet))
    stored.update((article.id, article) for article in pending)
    analysis = pipeline.analyze_stories(
        sort_articles(by_id.values()),
        naming.stories,
        read_articles=read,
        reuse_stories=store.cached_stories,
    )
    return _Made(analysis, index, clusterer, stored, naming.absorbed, full=False)


def _stable_ids(store: Store, stories: tuple[Story, ...]) -> Naming:
    """Return ``stories`` renamed after the stories their articles were in (``story_ids``)."""
    previous = store.story_members([aid for story in stories for aid in story.articles])
    ages = store.story_ages(list({*previous.values(), *(story.id for story in stories)}))
    return name_stories(stories, previous, ages, known=ages)


def _progress_read(read: ReadArticles, enabled: bool) -> ReadArticles:
    """Return ``read`` with a progress bar of the articles read (stderr, on a terminal)."""
    if not enabled:
        return read

    def reading(articles: Sequence[Article]) -> Iterable[Reading]:
        return _progress(read(articles), True, "read", total=len(articles), unit=" articles")

    return reading


def load_report(
    store: Store,
    story_ids: Iterable[str] | None = None,
    *,
    article_ids: Iterable[str] | None = None,
    settings: Settings | None = None,
    refresh_pending: bool = True,
) -> Report:
    """Return the stored report: every story, or those named, or those holding ``article_ids``.

    A story id merged into another gives the story it went to. With
    ``refresh_pending``, articles stored but not analysed yet are analysed
    first; the server passes False, so that its readers see the last complete
    analysis at once, while its worker makes the next.
    """
    if refresh_pending and store.has_pending():
        refresh(store, settings or Settings.load())
    if story_ids is None and article_ids is None:
        return build_report(store, store.stories())
    wanted: dict[str, None] = {}
    for story_id in story_ids or ():
        current = current_story_id(store, story_id)
        if current is not None:
            wanted[current] = None
    if article_ids is not None:
        wanted.update(dict.fromkeys(store.story_members(list(article_ids)).values()))
    reports = [report for report in map(store.story, wanted) if report is not None]
    return build_report(store, sorted(reports, key=_story_order))


def _story_order(report: StoryReport) -> tuple[bool, str, str]:
    """Return the sort key of ``Store.stories()``: first seen (undated first), then id."""
    return (report.story.first_seen is not None, report.story.first_seen or "", report.story.id)


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


def _progress(
    items: Iterable[Any],
    enabled: bool,
    label: str,
    *,
    total: int | None = None,
    unit: str = " inputs",
) -> Iterable[Any]:
    """Return ``items`` with a progress bar on stderr when enabled and stderr is a terminal.

    stdout stays clean, and a log or a pipe gets no bar (tqdm's ``disable=None``).
    """
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=label, total=total, unit=unit, file=sys.stderr, disable=None)


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
