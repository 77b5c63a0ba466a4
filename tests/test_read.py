"""The reading pass: worker processes change nothing, and typing encodes only what it can use."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from newsfuse.pipeline import nlp_for
from newsfuse.records import Article, EventMention, Reading, Sentence
from newsfuse.settings import Settings
from newsfuse.stages import read

SENTENCES = (
    "Rebels seized the town of Karo on Monday after heavy fighting with the army.",
    "Police fired tear gas at hundreds of protesters in the capital on Friday.",
    "The two governments signed a ceasefire agreement in Nairobi on Tuesday.",
    "Officials said 14 people were killed when a bomb exploded at a market.",
)


def _articles(count: int) -> list[Article]:
    articles = []
    for number in range(count):
        text = " ".join(SENTENCES[(number + shift) % len(SENTENCES)] for shift in range(3))
        articles.append(
            Article(
                id=f"a{number:03d}",
                key=f"a{number:03d}",
                source=f"a{number:03d}.txt",
                text=text,
                fingerprint=f"f{number}",
                published_at="2025-03-12",
            )
        )
    return articles


@pytest.mark.slow
@pytest.mark.parametrize("processes", [2, 3])
def test_read_in_worker_processes_gives_the_same_readings_as_in_process(processes: int) -> None:
    articles = _articles(read.MIN_PARALLEL + 5)
    settings = Settings()
    nlp = nlp_for(settings)
    alone = read.read(articles, nlp, settings.merged({"nlp_processes": 1}))
    parallel = read.read(articles, nlp, settings.merged({"nlp_processes": processes}))
    assert parallel == alone
    assert [reading.article for reading in parallel] == [article.id for article in articles]
    assert any(reading.events for reading in parallel)


class _ManualPool:
    """One worker that starts its first slice at once and finishes only while this process waits."""

    def __init__(self) -> None:
        self.pending: list[tuple[Future[list[Reading]], Sequence[Article]]] = []

    def submit(self, function: Any, articles: Sequence[Article]) -> Future[list[Reading]]:
        future: Future[list[Reading]] = Future()
        if not self.pending:
            future.set_running_or_notify_cancel()  # started: it can no longer be cancelled
        self.pending.append((future, articles))
        return future

    def finish(self, *args: Any, **kwargs: Any) -> None:
        for future, articles in self.pending:
            if not future.cancelled():
                if not future.running():
                    future.set_running_or_notify_cancel()
                future.set_result([Reading(article=f"worker:{a.id}") for a in articles])
        self.pending.clear()


def test_this_process_reads_and_types_while_the_workers_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pool = _ManualPool()
    monkeypatch.setattr(read, "wait", pool.finish)
    monkeypatch.setattr(read, "WORKER_QUEUE", 2)
    monkeypatch.setattr(read, "TYPING_BATCH", 4)
    monkeypatch.setattr(
        read,
        "read_slice",
        lambda articles, nlp, batch_size: [Reading(article=f"here:{a.id}") for a in articles],
    )
    typed: list[list[str]] = []

    def typer(readings: list[Reading]) -> list[Reading]:
        typed.append([reading.article for reading in readings])
        return [replace(reading, article=f"typed-{reading.article}") for reading in readings]

    articles = _articles(10)
    slices = [articles[start : start + 2] for start in range(0, 10, 2)]
    stream = read._read_alongside(slices, pool, 1, None, Settings(), typer)  # type: ignore[arg-type]
    found = [reading.article for reading in stream]

    # Two slices are queued for the worker, so this process reads the three others,
    # typing and yielding as soon as a batch (4 readings) is ready rather than after
    # everything; then it takes back the queued slice the worker has not started,
    # and waits only for the one the worker is reading.
    ids = [article.id for article in articles]
    assert typed == [
        [f"here:{aid}" for aid in ids[4:8]],
        [f"here:{aid}" for aid in ids[8:10]],
        [f"here:{aid}" for aid in ids[2:4]],
        [f"worker:{aid}" for aid in ids[0:2]],
    ]
    assert found == [f"typed-{name}" for batch in typed for name in batch]


def _reading(article: str, text: str, event: EventMention) -> Reading:
    sentence = Sentence(article=article, index=0, text=text, start=0, end=len(text))
    return Reading(article=article, sentences=(sentence,), events=(event,))


def _event(plover: str, acled: str | None) -> EventMention:
    return EventMention(
        article="", sentence=0, type=plover, acled_type=acled, trigger="", summary=""
    )


def test_type_readings_encodes_each_open_sentence_once(monkeypatch: pytest.MonkeyPatch) -> None:
    encoded: list[str] = []

    def fake_encode(texts: Any, embedder: Any) -> np.ndarray:
        encoded.extend(texts)
        return np.zeros((len(texts), 4), dtype=np.float32)

    def fake_classify(texts: Any, vectors: Any, model: Any) -> list[dict[str, float]]:
        return [{"PROTEST_WITH_INTER": 1.0} for _ in texts]

    monkeypatch.setattr(read, "encode", fake_encode)
    monkeypatch.setattr(read, "classify", fake_classify)
    monkeypatch.setattr(read, "type_model", lambda embedder: None)
    protest = _event("PROTEST", "PEACE_PROTEST")
    threat = _event("THREATEN", None)  # no ACLED type for a sentence type to refine
    same = "Police fired tear gas at protesters."
    readings = [
        _reading("a1", same, protest),
        _reading("a2", same, protest),
        _reading("a3", "The group threatened to strike.", threat),
    ]
    known: dict[str, str] = {}
    typed = read.type_readings(readings, embedder=object(), known=known)
    assert encoded == [same]
    assert [reading.events[0].acled_type for reading in typed] == [
        "PROTEST_WITH_INTER",
        "PROTEST_WITH_INTER",
        None,
    ]
    again = read.type_readings(readings[:1], embedder=object(), known=known)
    assert encoded == [same]  # typed by the earlier call: not encoded again
    assert again[0].events[0].acled_type == "PROTEST_WITH_INTER"
