"""Story clustering (stages/cluster.py) and its CLI library side (clustering.py)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from typing import Any

import pytest

from conftest import DATA, SEEDS_PUBLISHED, need_shared
from newsfuse.clustering import cluster_records, record_article, score_clusters
from newsfuse.errors import StoreError
from newsfuse.records import Article
from newsfuse.settings import Settings
from newsfuse.stages.cluster import (
    MemoryState,
    StoryClusterer,
    article_terms,
    cluster,
    story_id,
)

# The measured operating point (tests/test_quality_cluster.py); settings.py should ship it.
SETTINGS = Settings()


def make_article(id: str, text: str, title: str | None = None, day: str = "2024-05-01") -> Article:
    fingerprint = hashlib.sha1(text.encode()).hexdigest()
    return Article(
        id=id, key=id, source=id, text=text, fingerprint=fingerprint, title=title, published_at=day
    )


QUAKE = "A strong earthquake struck Valparaiso province early on Monday, damaging harbour cranes."
QUAKE_2 = "Rescuers in Valparaiso searched damaged harbour buildings after the earthquake struck."
FOOTBALL = "The club signed a young striker from Lisbon on a five-year contract worth millions."


@pytest.fixture(scope="module")
def seed_articles(gold: dict[str, Any], seed_paths: list) -> list[Article]:
    documents = gold["documents"]
    return [
        replace(
            make_article(path.name, path.read_text(encoding="utf-8"), day=SEEDS_PUBLISHED),
            title=documents[path.name].get("title"),
        )
        for path in seed_paths
    ]


@pytest.fixture(scope="module")
def cluster_inputs() -> list[dict[str, Any]]:
    need_shared()
    lines = (DATA / "clusters" / "input.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_cluster_story_id_hashes_sorted_article_ids() -> None:
    expected = "s" + hashlib.sha1(b"a1,a2").hexdigest()[:12]
    assert story_id(["a2", "a1"]) == expected


def test_cluster_seeds_form_one_story(seed_articles: list[Article]) -> None:
    stories = cluster(seed_articles, SETTINGS)
    assert len(stories) == 1
    assert sorted(stories[0].articles) == sorted(a.id for a in seed_articles)


def test_cluster_seeds_do_not_swallow_unrelated_stories(
    seed_articles: list[Article], cluster_inputs: list[dict[str, Any]]
) -> None:
    # Same day for everything, so only the text keeps the stories apart.
    others = [replace(record_article(r), published_at=SEEDS_PUBLISHED) for r in cluster_inputs]
    stories = cluster(others + seed_articles, SETTINGS)
    seed_ids = {a.id for a in seed_articles}
    holding = [s for s in stories if seed_ids & set(s.articles)]
    assert [set(s.articles) for s in holding] == [seed_ids]


def test_cluster_separates_unrelated_articles() -> None:
    articles = [
        make_article("a1", QUAKE),
        make_article("a2", QUAKE_2),
        make_article("a3", FOOTBALL),
    ]
    groups = {frozenset(s.articles) for s in cluster(articles, SETTINGS)}
    assert groups == {frozenset({"a1", "a2"}), frozenset({"a3"})}


def test_cluster_time_prior_is_soft() -> None:
    # Reports of one story weeks apart still meet.
    articles = [make_article("a1", QUAKE), make_article("a2", QUAKE_2, day="2024-06-20")]
    assert len(cluster(articles, SETTINGS)) == 1


def test_cluster_duplicate_joins_original_story() -> None:
    copy = replace(make_article("a9", FOOTBALL), duplicate_of="a1")
    stories = cluster([make_article("a1", QUAKE), make_article("a3", FOOTBALL), copy], SETTINGS)
    assert {frozenset(s.articles) for s in stories} == {frozenset({"a1", "a9"}), frozenset({"a3"})}


def test_cluster_story_dates_and_title_come_from_articles() -> None:
    later = make_article("a1", QUAKE, title="Quake hits port", day="2024-05-03")
    earlier = make_article("a2", QUAKE_2, title="Valparaiso quake", day="2024-05-01")
    (story,) = cluster([later, earlier], SETTINGS)
    assert (story.title, story.first_seen, story.last_seen) == (
        "Valparaiso quake",
        "2024-05-01",
        "2024-05-03",
    )


def test_cluster_add_returns_one_key_per_article_across_batches() -> None:
    clusterer = StoryClusterer(SETTINGS)
    first = clusterer.add([make_article("a1", QUAKE), make_article("a3", FOOTBALL)])
    second = clusterer.add([make_article("a2", QUAKE_2)])
    assert first == ["a1", "a3"]
    assert second == ["a1"]


class Vectors:
    """A fake sentence encoder: the vector of the first listed word each text holds."""

    def __init__(self, vectors: dict[str, list[float]]) -> None:
        self.vectors = vectors

    def encode(self, texts: list[str], **_: Any) -> Any:
        import numpy as np

        rows = [next(v for word, v in self.vectors.items() if word in t) for t in texts]
        return np.array([np.array(row) / np.linalg.norm(row) for row in rows])


def test_cluster_embedder_blends_into_the_score() -> None:
    # Texts sharing one word, which the fake encoder calls identical.
    football = "The club from Valparaiso signed a young striker on a five-year contract."
    articles = [make_article("a1", QUAKE), make_article("a3", football)]
    same = Vectors({"": [1.0, 0.0]})
    assert len(cluster(articles, SETTINGS, same)) == 1
    assert len(cluster(articles, SETTINGS)) == 2


def test_cluster_later_article_rejoins_split_stories() -> None:
    # Two reports too far apart to join (cosine 0.4) until a third sits between them.
    settings = SETTINGS.merged(
        {"cluster_embedding_weight": 1.0, "cluster_embedding_threshold": 0.5}
    )
    encoder = Vectors({"cranes": [1.0, 0.0], "buildings": [0.4, 0.917], "harbour": [0.837, 0.547]})
    clusterer = StoryClusterer(settings, encoder)
    first = [make_article("a1", QUAKE), make_article("a2", QUAKE_2)]
    assert clusterer.add(first) == ["a1", "a2"]
    bridge = make_article("a3", "Valparaiso harbour after the earthquake.", day="2024-05-02")
    assert clusterer.add([bridge]) == ["a1"]
    assert clusterer.story_of("a2") == "a1"


def test_cluster_joins_closest_stories_first_whatever_the_order() -> None:
    # Within a batch the closest pair merges first, so arrival order does not decide.
    articles = [
        make_article("a1", QUAKE),
        make_article("a2", QUAKE_2),
        make_article("a3", FOOTBALL),
    ]
    forward = {frozenset(s.articles) for s in cluster(articles, SETTINGS)}
    clusterer = StoryClusterer(SETTINGS)
    clusterer.add(articles[::-1])
    backward = {frozenset(s.articles) for s in clusterer.stories()}
    assert forward == backward == {frozenset({"a1", "a2"}), frozenset({"a3"})}


def test_cluster_story_lists_articles_in_arrival_order() -> None:
    # The first and the last report are the closest pair and merge first; the story
    # still lists its articles as they came, whatever the order of the merges.
    articles = [
        make_article("a1", QUAKE, day="2024-05-01"),
        make_article("a2", QUAKE_2, day="2024-05-02"),
        make_article("a3", QUAKE + " Cranes fell.", day="2024-05-03"),
    ]
    (story,) = cluster(articles, SETTINGS)
    assert story.articles == ("a1", "a2", "a3")


def kept(clusterer: StoryClusterer, state: MemoryState | None = None) -> MemoryState:
    """Return ``state`` (a new one by default) with the rows ``clusterer`` wrote applied."""
    state = MemoryState() if state is None else state
    state.apply(clusterer.changes())
    return state


def article_terms_of(text: str) -> dict[str, float]:
    return article_terms(make_article("x", text), SETTINGS.cluster_lead_words, 0.0)


def test_cluster_state_rows_continue_the_same_clusterer() -> None:
    clusterer = StoryClusterer(SETTINGS)
    clusterer.add([make_article("a1", QUAKE), make_article("a3", FOOTBALL)])
    state = kept(clusterer)
    restored = StoryClusterer(SETTINGS, state=state)
    later = [make_article("a2", QUAKE_2, day="2024-05-02")]
    assert restored.add(later) == clusterer.add(later) == ["a1"]
    assert restored.stories_of(["a2"]) == clusterer.stories_of(["a2"])
    assert kept(restored, MemoryState(state)) == kept(clusterer)


def test_cluster_state_read_is_only_what_the_batch_needs() -> None:
    clusterer = StoryClusterer(SETTINGS)
    clusterer.add([make_article("a1", QUAKE), make_article("a3", FOOTBALL)])
    state = kept(clusterer)
    asked: list[tuple[str, str]] = []

    class Counting(MemoryState):
        def cluster_rows(self, kind: str, keys: Any) -> dict[str, str]:
            asked.extend((kind, key) for key in keys)
            return super().cluster_rows(kind, keys)

    restored = StoryClusterer(SETTINGS, state=Counting(state))
    restored.add([make_article("a2", QUAKE_2, day="2024-05-02")])
    assert ("story", "a1") in asked and ("story", "a3") not in asked
    # what it writes is about the new article and the story it joined, not the other one
    written = set(restored.changes())
    assert ("story", "a1") in written and ("article", "a2") in written
    assert not written & {("story", "a3"), ("article", "a3"), ("article", "a1")}
    assert {key for kind, key in written if kind == "df"} <= set(article_terms_of(QUAKE_2))


def test_cluster_state_in_batches_clusters_as_one_clusterer_does() -> None:
    need_shared()
    records = [json.loads(line) for line in (DATA / "clusters" / "input.jsonl").open()]
    articles = [record_article(record) for record in records]
    articles.sort(key=lambda a: (a.published_at or "9999", a.id))
    whole = StoryClusterer(SETTINGS)
    state = MemoryState()
    for start in range(0, len(articles), 37):
        batch = articles[start : start + 37]
        whole.add(batch)
        part = StoryClusterer(SETTINGS, state=state)
        part.add(batch)
        state.apply(part.changes())
    last = StoryClusterer(SETTINGS, state=state)
    ids = [a.id for a in articles]
    assert [last.story_of(a) for a in ids] == [whole.story_of(a) for a in ids]
    assert set(last.stories_of(ids)) == set(whole.stories())
    assert state == kept(whole)


def test_cluster_state_of_another_version_is_refused() -> None:
    state = kept(StoryClusterer(SETTINGS))
    state["meta", "state"] = json.dumps({"version": 0, "documents": 0, "arrivals": 0})
    with pytest.raises(StoreError, match="cluster the stored articles again"):
        StoryClusterer(SETTINGS, state=state)


def test_clustering_records_give_one_story_per_record_in_input_order() -> None:
    records = [
        {"id": "x2", "title": "Quake", "text": QUAKE, "date_publish": "2024-05-01 08:00:00"},
        {"id": "x1", "title": "Quake rescue", "text": QUAKE_2, "date_publish": "2024-05-01"},
    ]
    rows = list(cluster_records(records, SETTINGS))
    assert [row["id"] for row in rows] == ["x2", "x1"]
    assert rows[0]["story"] == rows[1]["story"] == story_id(["x1", "x2"])


def test_clustering_score_counts_bcubed_and_pairs() -> None:
    gold = {"a": 1, "b": 1, "c": 2}
    scores = score_clusters({"a": "s", "b": "t", "c": "t"}, gold)
    assert scores["bcubed_precision"] == pytest.approx((1 + 0.5 + 0.5) / 3)
    assert scores["bcubed_recall"] == pytest.approx((0.5 + 0.5 + 1) / 3)
    assert (scores["pairwise_precision"], scores["pairwise_recall"]) == (0.0, 0.0)


def test_clustering_score_is_perfect_for_gold_itself() -> None:
    gold = {"a": 1, "b": 1, "c": 2}
    scores = score_clusters({key: str(value) for key, value in gold.items()}, gold)
    assert scores["bcubed_f1"] == scores["pairwise_f1"] == 1.0


def test_cluster_state_kept_by_the_store_clusters_on_alike(tmp_path: Any) -> None:
    from newsfuse.store import AnalysisUpdate, open_store

    first = [
        make_article(
            "a1", "Rebels seized the river port of Karvik after heavy fighting.", "Karvik"
        ),
        make_article(
            "a2", "The central bank raised its main interest rate by half a point.", "Rates"
        ),
    ]
    later = make_article(
        "a3", "Fighting went on in Karvik, the river port rebels seized.", "Karvik"
    )
    clusterer = StoryClusterer(SETTINGS)
    clusterer.add(first)
    store = open_store(tmp_path / "store.db")
    store.save_analysis(AnalysisUpdate(generation=0, cluster=clusterer.changes()))
    restored = StoryClusterer(SETTINGS, state=store)
    assert restored.add([later]) == clusterer.add([later]) == ["a1"]
    assert restored.stories_of(["a3"]) == clusterer.stories_of(["a3"])
