"""The reading pass: worker processes change nothing, and typing encodes only what it can use."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future
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


class _SlowWorker(Future):  # type: ignore[type-arg]
    """A worker's slice that is never done before its result is asked for."""

    def __init__(self, articles: Sequence[Article]) -> None:
        super().__init__()
        self.articles = articles

    def result(self, timeout: float | None = None) -> list[Reading]:
        return [Reading(article=f"worker:{article.id}") for article in self.articles]


class _SlowPool:
    def submit(self, function: Any, articles: Sequence[Article]) -> _SlowWorker:
        return _SlowWorker(articles)


def test_this_process_reads_the_slices_the_workers_have_not_reached(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        read,
        "read_slice",
        lambda articles, nlp, batch_size: [Reading(article=f"here:{a.id}") for a in articles],
    )
    monkeypatch.setattr(read, "WORKER_QUEUE", 2)
    articles = _articles(10)
    slices = [articles[start : start + 2] for start in range(0, 10, 2)]

    found = [
        reading.article
        for readings in read._read_alongside(slices, _SlowPool(), 1, None, Settings())  # type: ignore[arg-type]
        for reading in readings
    ]

    assert [name.split(":")[1] for name in found] == [article.id for article in articles]
    # The worker keeps the two slices queued for it; while the first is pending, this
    # process reads the three left over, and the readings still come in input order.
    assert [name.split(":")[0] for name in found] == ["worker"] * 4 + ["here"] * 6


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
    typed = read.type_readings(readings, embedder=object())
    assert encoded == [same]
    assert [reading.events[0].acled_type for reading in typed] == [
        "PROTEST_WITH_INTER",
        "PROTEST_WITH_INTER",
        None,
    ]
