"""The per-article reading pass: one spaCy parse, then the rule-based readers.

``read`` parses articles with ``nlp.pipe`` and hands each parsed sentence to
the date, figure, quote and event readers, then gives the event sentences of
many articles to the sentence classifier in one batch. It returns one
``Reading`` per article, in input order; ``read_stream`` yields them as they
are typed, so a consumer can start on them while the rest are read.

Large batches are read by several processes, this one and forked workers,
each handling a slice of articles from parse to ``Reading``: only small
records cross the process boundary (not parsed ``Doc`` objects, whose
serialisation cost as much as the rule readers), and the rule readers run in
parallel too. Between its own slices this process types the events of the
slices already read, so the sentence classifier overlaps the parse instead of
following it.
"""

from __future__ import annotations

import gc
import multiprocessing
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from threadpoolctl import threadpool_limits

from newsfuse.models import one_blas_thread
from newsfuse.records import (
    Article,
    DateMention,
    EventMention,
    Figure,
    Mention,
    Reading,
    Sentence,
)
from newsfuse.settings import Settings
from newsfuse.stages import dates, events, figures, main_event, quotes
from newsfuse.stages.event_types import ACLED_TO_PLOVER, best_type, classify, encode, type_model

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Entity labels that name things (CARDINAL, DATE, MONEY ... are read by the rule readers).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})
# spaCy's memory grows with text length; news bodies are far shorter than this.
MAX_NLP_CHARS = 100_000
# Readings whose event sentences go to the sentence classifier in one encode call.
TYPING_BATCH = 64
# Fewer articles than this are read in this process even when settings allow more:
# worker processes take a second or two to start.
MIN_PARALLEL = 64
# Articles read per task: large enough for nlp.pipe's batching, small enough that
# every process stays busy to the end.
WORKER_SLICE = 32
# Slices queued per worker: enough to keep it busy while this process reads a slice,
# types a batch or loads the encoder (fewer left a worker idle a quarter of the time).
WORKER_QUEUE = 4


def read(
    articles: Sequence[Article], nlp: Language, settings: Settings, embedder: Any | None = None
) -> list[Reading]:
    """Return the reading of each article, in input order.

    Without an embedder, events keep the ACLED types of the trigger rules.
    """
    found = {reading.article: reading for reading in read_stream(articles, nlp, settings, embedder)}
    return [found[article.id] for article in articles]


def read_stream(
    articles: Sequence[Article], nlp: Language, settings: Settings, embedder: Any | None = None
) -> Iterator[Reading]:
    """Yield the reading of each article as soon as it is typed, in no set order.

    A consumer can work on the readings it has (the story stages of stories
    whose articles are all read) while the workers go on reading the rest.
    """
    typer = _Typer(embedder)
    if _processes(len(articles), settings) <= 1:
        for start in range(0, len(articles), TYPING_BATCH):
            batch = articles[start : start + TYPING_BATCH]
            yield from typer(read_slice(batch, nlp, settings.nlp_batch_size))
        return
    slices = [
        articles[start : start + WORKER_SLICE] for start in range(0, len(articles), WORKER_SLICE)
    ]
    # Fork, so the workers share the loaded pipeline instead of loading their own. Frozen,
    # the parent's objects are skipped by the workers' garbage collector, whose visits
    # would otherwise copy every page they touch into each worker.
    gc.freeze()
    try:
        workers = settings.nlp_processes - 1
        with ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_adopt,
            initargs=(nlp, settings.nlp_batch_size),
        ) as pool:
            # While workers parse on the other cores, a multi-threaded encoder only
            # fights them (one thread encodes 2.5 times faster here then).
            typer.threads = 1
            yield from _read_alongside(slices, pool, workers, nlp, settings, typer)
    finally:
        gc.unfreeze()


class _Typer:
    """Types readings with the sentence classifier, or leaves them as read without an embedder."""

    def __init__(self, embedder: Any | None) -> None:
        self.embedder = embedder
        self.threads: int | None = None
        # Sentence types found so far: rewrites of one story repeat sentences across batches.
        self.known: dict[str, str] = {}

    def __call__(self, readings: list[Reading]) -> list[Reading]:
        if self.embedder is None or not readings:
            return readings
        # Set per call: the encoder's libraries load during the first one.
        with threadpool_limits(self.threads):
            return type_readings(readings, self.embedder, self.known)


def _read_alongside(
    slices: Sequence[Sequence[Article]],
    pool: Any,
    workers: int,
    nlp: Language,
    settings: Settings,
    typer: _Typer,
) -> Iterator[Reading]:
    """Yield the typed readings of ``slices``, read by ``pool`` and by this process.

    This process is one of the readers, and the only typist: each turn it types
    what the readers have finished once there is a batch of it, else reads the
    next unassigned slice itself, else types whatever is left, else takes back a
    slice queued for a worker that has not started it, and waits for a worker only
    when nothing else remains. One process fewer than cores is forked,
    so the pool's memory is one worker's less, and the typing takes its turn on
    this process's core instead of competing with a worker for one.
    """
    queued: dict[Future[list[Reading]], int] = {}
    untyped: dict[int, list[Reading]] = {}
    assigned = 0
    while assigned < len(slices) or queued or untyped:
        # Enough slices stay queued that a worker keeps busy while this process types.
        while assigned < len(slices) and len(queued) < WORKER_QUEUE * workers:
            queued[pool.submit(_read_in_worker, slices[assigned])] = assigned
            assigned += 1
        for future in [future for future in queued if future.done()]:
            untyped[queued.pop(future)] = future.result()
        waiting = sum(len(readings) for readings in untyped.values())
        if waiting >= TYPING_BATCH or (untyped and assigned == len(slices)):
            ready = [reading for index in sorted(untyped) for reading in untyped[index]]
            untyped.clear()
            yield from typer(ready)
        elif assigned < len(slices):
            untyped[assigned] = read_slice(slices[assigned], nlp, settings.nlp_batch_size)
            assigned += 1
        elif (taken := _take_back(queued)) is not None:
            untyped[taken] = read_slice(slices[taken], nlp, settings.nlp_batch_size)
        elif queued:
            wait(queued, return_when=FIRST_COMPLETED)


def _take_back(queued: dict[Future[list[Reading]], int]) -> int | None:
    """Return the index of a queued slice no worker has started, withdrawn from the queue.

    At the end of a batch, this process reads such a slice itself instead of
    waiting for a worker to reach it.
    """
    for future in reversed(queued):
        if future.cancel():
            return queued.pop(future)
    return None


def type_readings(
    readings: Sequence[Reading], embedder: Any, known: dict[str, str] | None = None
) -> list[Reading]:
    """Return ``readings`` with each event sentence's ACLED type from the sentence classifier.

    A type refines only the events whose PLOVER type agrees with it
    (``events.apply_hint``), so only sentences with an event that a type could
    still change are encoded, each distinct text once, in one call: encoding
    one sentence costs about a third of parsing a whole article. ``known``
    (text -> ACLED type) holds types found by earlier calls, and gains this call's.
    """
    known = {} if known is None else known
    busy = [
        (position, index)
        for position, reading in enumerate(readings)
        for index in sorted({event.sentence for event in reading.events if _open(event)})
    ]
    texts = sorted(
        {readings[position].sentences[index].text for position, index in busy} - known.keys()
    )
    scores = classify(texts, encode(texts, embedder), type_model(embedder)) if texts else []
    known.update((text, best_type(score)[0]) for text, score in zip(texts, scores, strict=True))
    hints: dict[tuple[int, int], tuple[str, str]] = {}
    for position, index in busy:
        acled = known[readings[position].sentences[index].text]
        if acled != "OTHER":
            hints[(position, index)] = (ACLED_TO_PLOVER[acled], acled)
    return [
        replace(
            reading,
            events=tuple(
                events.apply_hint([event], hints[(position, event.sentence)])[0]
                if (position, event.sentence) in hints
                else event
                for event in reading.events
            ),
        )
        if reading.events
        else reading
        for position, reading in enumerate(readings)
    ]


# The ACLED types of each PLOVER type: a sentence type can only move an event within these.
_ACLED_OF: dict[str, frozenset[str]] = {
    plover: frozenset(acled for acled, of in ACLED_TO_PLOVER.items() if of == plover)
    for plover in set(ACLED_TO_PLOVER.values())
}


def _open(event: EventMention) -> bool:
    """Tell whether a sentence type could change ``event``'s ACLED type."""
    choices = _ACLED_OF.get(event.type, frozenset())
    # an event its reader settled as OTHER (a lead with no trigger word) stays so
    return bool(choices) and choices != {event.acled_type} and event.acled_type != "OTHER"


def _processes(count: int, settings: Settings) -> int:
    """Return how many processes should parse ``count`` articles."""
    # Workers are forked; forking from a server's worker thread with torch threads alive can hang.
    in_main = threading.current_thread() is threading.main_thread()
    return settings.nlp_processes if count >= MIN_PARALLEL and in_main else 1


_WORKER: dict[str, Any] = {}


def _adopt(nlp: Language, batch_size: int) -> None:
    _WORKER.update(nlp=nlp, batch_size=batch_size)


def _read_in_worker(articles: Sequence[Article]) -> list[Reading]:
    return read_slice(articles, _WORKER["nlp"], _WORKER["batch_size"])


def read_slice(articles: Sequence[Article], nlp: Language, batch_size: int = 16) -> list[Reading]:
    """Return the rule-typed readings of ``articles``, parsed in this process."""
    texts = (article.text[:MAX_NLP_CHARS] for article in articles)
    with one_blas_thread():
        docs = nlp.pipe(texts, batch_size=batch_size)
        return [_reading(article, doc) for article, doc in zip(articles, docs, strict=True)]


def _reading(article: Article, doc: Doc) -> Reading:
    sentences = tuple(_sentences(article.id, doc))
    mentions = tuple(_mentions(article.id, doc, sentences))
    dated: list[tuple[int, DateMention]] = []
    found_figures: list[Figure] = []
    found_events: list[EventMention] = []
    spans = list(doc.sents)
    dates_of: list[list[DateMention]] = []
    for sentence, span in zip(sentences, spans, strict=True):
        sentence_dates = dates.find_dates(sentence.text, article.published_at)
        dates_of.append(sentence_dates)
        dated.extend((sentence.index, date) for date in sentence_dates)
        found_figures.extend(figures.find_figures(sentence.text, article.id, sentence.index))
        found_events.extend(events.find_events(span, article.id, sentence.index, sentence_dates))
    found_events = main_event.mark_main(doc, article, spans, dates_of, found_events)
    return Reading(
        article=article.id,
        sentences=sentences,
        mentions=mentions,
        dates=tuple(dated),
        figures=tuple(found_figures),
        quotes=tuple(quotes.find_quotes(article, sentences, mentions)),
        events=tuple(found_events),
    )


def _sentences(article_id: str, doc: Doc) -> Iterator[Sentence]:
    for index, span in enumerate(doc.sents):
        yield Sentence(
            article=article_id,
            index=index,
            text=span.text,
            start=span.start_char,
            end=span.end_char,
        )


def _mentions(article_id: str, doc: Doc, sentences: Sequence[Sentence]) -> Iterator[Mention]:
    starts = [sentence.start for sentence in sentences]
    index = 0
    for entity in doc.ents:
        if entity.label_ not in ENTITY_LABELS:
            continue
        while index + 1 < len(starts) and starts[index + 1] <= entity.start_char:
            index += 1
        yield Mention(
            article=article_id,
            sentence=index,
            start=entity.start_char,
            end=entity.end_char,
            text=entity.text,
            label=entity.label_,
        )
