"""The per-article reading pass: one spaCy parse, then the rule-based readers.

``read`` runs the (already configured) spaCy pipeline over a batch of articles
with ``nlp.pipe`` so the model is called once per batch, then hands each parsed
sentence to the date, figure, quote and event readers. It returns one
``Reading`` per article, in input order.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from newsfuse.records import Article, DateMention, Mention, Reading, Sentence
from newsfuse.settings import Settings
from newsfuse.stages import dates, events, figures, quotes

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Entity labels that name things (CARDINAL, DATE, MONEY ... are read by the rule readers).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})
# spaCy's memory grows with text length; news bodies are far shorter than this.
MAX_NLP_CHARS = 100_000


def read(
    articles: Sequence[Article], nlp: Language, settings: Settings, embedder: Any | None = None
) -> list[Reading]:
    """Return the reading of each article, in input order."""
    texts = (article.text[:MAX_NLP_CHARS] for article in articles)
    docs = nlp.pipe(texts, batch_size=settings.nlp_batch_size, n_process=settings.nlp_processes)
    return [read_doc(article, doc, embedder) for article, doc in zip(articles, docs, strict=True)]


def read_doc(article: Article, doc: Doc, embedder: Any | None = None) -> Reading:
    """Return the reading of one article from its spaCy parse.

    With an ``embedder`` the ACLED type of each event comes from the sentence
    classifier, run once over all the article's event sentences.
    """
    sentences = tuple(_sentences(article.id, doc))
    mentions = tuple(_mentions(article.id, doc, sentences))
    dated: list[tuple[int, DateMention]] = []
    found_figures = []
    items = []
    for sentence, span in zip(sentences, doc.sents, strict=True):
        sentence_dates = dates.find_dates(sentence.text, article.published_at)
        dated.extend((sentence.index, date) for date in sentence_dates)
        found_figures.extend(figures.find_figures(sentence.text, article.id, sentence.index))
        items.append((span, article.id, sentence.index, sentence_dates))
    found_events = [
        event for found in events.find_events_in_docs(items, embedder) for event in found
    ]
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
