"""Quality gate of story clustering on the news_cluster set (../shared/data/clusters).

The floors are pinned to the cross-validated figure of benchmarks/quality_cluster.py
(held-back gold events; settings chosen on the other folds), its mean less its spread,
not to the fit to this set; only a reviewed change may lower them. Measured
2026-12-04, 5 folds x 3 repeats: TF-IDF 0.976 ± 0.032 (dev 0.983), with MiniLM
0.975 ± 0.030 (dev 0.984); the plain baseline (TF-IDF, average linkage) 0.936 ± 0.050.
The robustness checks are not tuned on this set: the score must hold when the
arrival order changes within a day (0.983 in 5 orders) and when half of the events
are clustered alone (0.953-0.991 over 10 halves).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from typing import Any

import pytest

from conftest import DATA, ROOT, need_shared
from newsfuse.clustering import cluster_embedder, cluster_records, record_article, score_clusters
from newsfuse.records import Article
from newsfuse.settings import Settings
from newsfuse.stages.cluster import StoryClusterer, publication_order

pytestmark = pytest.mark.slow

SETTINGS = Settings()
CROSS_VALIDATED = 0.976 - 0.032  # mean less spread, held-back events, TF-IDF
CROSS_VALIDATED_MINILM = 0.975 - 0.030


def read_jsonl(name: str) -> list[dict[str, Any]]:
    need_shared()
    lines = (DATA / "clusters" / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return read_jsonl("input.jsonl")


@pytest.fixture(scope="module")
def gold() -> dict[str, int]:
    return {row["id"]: row["gold_event_id"] for row in read_jsonl("gold.jsonl")}


def online_f1(articles: list[Article], gold: dict[str, int]) -> float:
    """B-cubed F1 of the clusterer fed ``articles`` in exactly this order."""
    clusterer = StoryClusterer(SETTINGS)
    clusterer.add(articles)
    predicted = {article.id: clusterer.story_of(article.id) for article in articles}
    return score_clusters(predicted, {a.id: gold[a.id] for a in articles})["bcubed_f1"]


def test_quality_cluster_lexical_scores_above_floor(
    records: list[dict[str, Any]], gold: dict[str, int]
) -> None:
    predicted = {row["id"]: row["story"] for row in cluster_records(records, SETTINGS)}
    assert score_clusters(predicted, gold)["bcubed_f1"] >= CROSS_VALIDATED


def test_quality_cluster_with_embeddings_scores_above_floor(
    records: list[dict[str, Any]], gold: dict[str, int]
) -> None:
    settings = SETTINGS.merged({"cluster_embeddings": True})
    rows = cluster_records(records, settings, cluster_embedder(settings))
    scores = score_clusters({row["id"]: row["story"] for row in rows}, gold)
    assert scores["bcubed_f1"] >= CROSS_VALIDATED_MINILM


def test_quality_cluster_held_back_events_reach_the_aim() -> None:
    # The protocol itself: settings chosen on four fifths of the events, scored on the rest.
    need_shared()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import quality_cluster

    args = argparse.Namespace(folds=5, repeats=3, seed=0)
    _, newsfuse = quality_cluster.run_system("newsfuse", args)
    _, baseline = quality_cluster.run_system("baseline", args)
    assert newsfuse.mean >= 0.95
    assert newsfuse.mean > baseline.mean


def test_quality_cluster_stable_under_shuffles_within_days(
    records: list[dict[str, Any]], gold: dict[str, int]
) -> None:
    days: dict[str, list[Article]] = {}
    for article in publication_order([record_article(r) for r in records]):
        days.setdefault((article.published_at or "")[:10], []).append(article)
    scores = []
    for seed in range(5):
        rng = random.Random(seed)
        order = [a for day in sorted(days) for a in rng.sample(days[day], len(days[day]))]
        scores.append(online_f1(order, gold))
    assert min(scores) >= CROSS_VALIDATED


def test_quality_cluster_stable_on_half_of_the_events(
    records: list[dict[str, Any]], gold: dict[str, int]
) -> None:
    # A corpus of other events, fewer of them: split by event, never by article.
    articles = [record_article(r) for r in records]
    events = sorted(set(gold.values()))
    scores = []
    for seed in range(5):
        picked = set(random.Random(100 + seed).sample(events, len(events) // 2))
        for half in (True, False):
            part = [a for a in articles if (gold[a.id] in picked) == half]
            scores.append(online_f1(publication_order(part), gold))
    assert min(scores) >= CROSS_VALIDATED
