"""The per-article reading pass: one spaCy parse, then the rule-based readers.

``read`` runs the (already configured) spaCy pipeline over a batch of articles
with ``nlp.pipe`` so the model is called once per batch, then hands each parsed
sentence to the date, figure, quote and event readers. It returns one
``Reading`` per article, in input order.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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
from newsfuse.stages import dates, events, figures, quotes

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

# Entity labels that name things (CARDINAL, DATE, MONEY ... are read by the rule readers).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})
# spaCy's memory grows with text length; news bodies are far shorter than this.
MAX_NLP_CHARS = 100_000
# Articles parsed (and kept in memory) before their event sentences are typed in one batch.
CHUNK = 256
# Fewer articles than this are parsed in this process even when settings allow more.
MIN_PARALLEL = 64


def read(
    articles: Sequence[Article], nlp: Language, settings: Settings, embedder: Any | None = None
) -> list[Reading]:
    """Return the reading of each article, in input order.

    Articles are parsed in chunks; the event sentences of a whole chunk go to
    the sentence classifier in one batch, which is what makes typing with an
    embedder affordable (one encode call per chunk, not per article).
    """
    readings: list[Reading] = []
    for start in range(0, len(articles), CHUNK):
        chunk = articles[start : start + CHUNK]
        texts = (article.text[:MAX_NLP_CHARS] for article in chunk)
        # Worker processes take seconds to start: only a large chunk repays them. They are
        # forked, and forking from a server's worker thread with torch threads alive can hang.
        in_main = threading.current_thread() is threading.main_thread()
        parallel = len(chunk) >= MIN_PARALLEL and in_main
        processes = settings.nlp_processes if parallel else 1
        docs = nlp.pipe(texts, batch_size=settings.nlp_batch_size, n_process=processes)
        parts = [_parts(article, doc) for article, doc in zip(chunk, docs, strict=True)]
        found = events.find_events_in_docs([i for part in parts for i in part.items], embedder)
        offset = 0
        for part in parts:
            mine = found[offset : offset + len(part.items)]
            offset += len(part.items)
            readings.append(part.reading([event for group in mine for event in group]))
    return readings


@dataclass
class _Parts:
    """What one article's parse gives before its events are typed."""

    article: Article
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    dated: list[tuple[int, DateMention]]
    figures: list[Figure]
    items: list[tuple[Span, str, int, list[DateMention]]]

    def reading(self, found_events: list[EventMention]) -> Reading:
        return Reading(
            article=self.article.id,
            sentences=self.sentences,
            mentions=self.mentions,
            dates=tuple(self.dated),
            figures=tuple(self.figures),
            quotes=tuple(quotes.find_quotes(self.article, self.sentences, self.mentions)),
            events=tuple(found_events),
        )


def _parts(article: Article, doc: Doc) -> _Parts:
    sentences = tuple(_sentences(article.id, doc))
    parts = _Parts(article, sentences, tuple(_mentions(article.id, doc, sentences)), [], [], [])
    for sentence, span in zip(sentences, doc.sents, strict=True):
        sentence_dates = dates.find_dates(sentence.text, article.published_at)
        parts.dated.extend((sentence.index, date) for date in sentence_dates)
        parts.figures.extend(figures.find_figures(sentence.text, article.id, sentence.index))
        parts.items.append((span, article.id, sentence.index, sentence_dates))
    return parts


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
