"""Story clustering of news-please records, and its scores (B-cubed and pairwise).

The library side of ``newsfuse cluster FILE.jsonl``: records with the fields
news-please writes (``id, url, date_publish, source_domain, title, text``) in,
one ``{"id", "story"}`` per record out, in input order. The records become
minimal ``Article``s here rather than through the cleaning stage, so the story
clustering is scored on its own.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import Any

from newsfuse.records import Article
from newsfuse.settings import Settings
from newsfuse.stages.cluster import cluster


def record_article(record: Mapping[str, Any]) -> Article:
    """Return a minimal ``Article`` for one news-please record."""
    text = str(record.get("text") or "")
    title = str(record.get("title") or "").strip() or None
    fingerprint = hashlib.sha1(" ".join(text.lower().split()).encode("utf-8")).hexdigest()
    url = record.get("url") or None
    key = str(url) if url else "sha1:" + fingerprint
    published = record.get("date_publish") or record.get("published_at")
    return Article(
        id=str(record.get("id") or "a" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]),
        key=key,
        source=str(url or record.get("id") or "<record>"),
        text=text,
        fingerprint=fingerprint,
        title=title,
        url=str(url) if url else None,
        outlet=record.get("source_domain") or None,
        # news-please writes "YYYY-MM-DD HH:MM:SS" or ISO; the date part is what counts.
        published_at=str(published).replace(" ", "T") if published else None,
    )


def cluster_embedder(settings: Settings) -> Any | None:
    """Return the sentence encoder story clustering blends in, or None (``cluster_embeddings``)."""
    if not settings.cluster_embeddings:
        return None
    from newsfuse.models import load_embedder

    return load_embedder(precision=settings.encoder_precision)


def cluster_records(
    records: Iterable[Mapping[str, Any]], settings: Settings, embedder: Any | None = None
) -> Iterator[dict[str, str]]:
    """Yield ``{"id", "story"}`` for each record, in input order."""
    articles = [record_article(record) for record in records]
    story_of = {
        article: story.id
        for story in cluster(articles, settings, embedder)
        for article in story.articles
    }
    for article in articles:
        yield {"id": article.id, "story": story_of[article.id]}


def score_clusters(
    predicted: Mapping[str, str], gold: Mapping[str, Any], only: Collection[str] | None = None
) -> dict[str, float]:
    """Return B-cubed and pairwise precision, recall and F1 of ``predicted`` against ``gold``.

    Both map an item id to a cluster label; items missing from ``predicted``
    count as singletons. Only items in ``gold`` are scored, or only those in
    ``only`` (a held-back fold): B-cubed clusters still count every gold item,
    so an item that joined another fold's event is charged for it (pairwise
    figures count the pairs among the scored items).
    """
    items = list(gold)
    labels = {item: predicted.get(item, ("__single__", item)) for item in items}
    predicted_members: defaultdict[Any, set[str]] = defaultdict(set)
    gold_members: defaultdict[Any, set[str]] = defaultdict(set)
    for item in items:
        predicted_members[labels[item]].add(item)
        gold_members[gold[item]].add(item)
    if only is not None:
        wanted = set(only)
        items = [item for item in items if item in wanted]
    precision = recall = 0.0
    for item in items:
        mine, truth = predicted_members[labels[item]], gold_members[gold[item]]
        both = len(mine & truth)
        precision += both / len(mine)
        recall += both / len(truth)
    count = len(items) or 1
    b3_p, b3_r = precision / count, recall / count
    pair_p, pair_r = _pairwise(labels, gold, items)
    return {
        "bcubed_precision": b3_p,
        "bcubed_recall": b3_r,
        "bcubed_f1": _f1(b3_p, b3_r),
        "pairwise_precision": pair_p,
        "pairwise_recall": pair_r,
        "pairwise_f1": _f1(pair_p, pair_r),
        "items": float(len(items)),
        "predicted_clusters": float(len(predicted_members)),
        "gold_clusters": float(len(gold_members)),
    }


def _pairwise(
    labels: Mapping[str, Any], gold: Mapping[str, Any], items: list[str]
) -> tuple[float, float]:
    # Pairs counted from cluster sizes (n choose 2), not enumerated: linear in items.
    def pairs(counts: Iterable[int]) -> int:
        return sum(n * (n - 1) // 2 for n in counts)

    both = pairs(Counter((labels[item], gold[item]) for item in items).values())
    predicted = pairs(Counter(labels[item] for item in items).values())
    truth = pairs(Counter(gold[item] for item in items).values())
    # No predicted pairs means no wrong pair: precision 1 (and likewise for recall).
    return (both / predicted if predicted else 1.0, both / truth if truth else 1.0)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
