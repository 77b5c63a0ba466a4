"""Ingesting into a store that lives: stable story ids, a kept dedupe index and clusterer
state, analyses saved whole, and writers that overlap (on SQLite and PostgreSQL)."""

from __future__ import annotations

import random
import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from conftest import SEEDS_PUBLISHED
from newsfuse import api
from newsfuse.pipeline import Pipeline, Resources
from newsfuse.records import Article, RawInput, Story, StoryReport
from newsfuse.settings import Settings
from newsfuse.sources import read_inputs
from newsfuse.store import (
    AnalysisUpdate,
    SQLiteStore,
    StaleAnalysis,
    Store,
    current_story_id,
    open_store,
)
from test_store import Opener, open_db  # noqa: F401  (the fixture: SQLite and PostgreSQL)

SETTINGS = Settings(use_embeddings=False)
TOPICS = {
    "flood": [
        "Flood waters rose across the Varna river valley on Monday, officials said.",
        "Rescue teams moved families from Ostrava district to higher ground.",
        "The regional council of Varna opened emergency shelters in schools.",
        "Farmers near Ostrava reported heavy losses of maize and cattle.",
        "Engineers warned that the Varna dam could overflow within days.",
        "Aid agencies sent boats and clean water to villages cut off by the flood.",
    ],
    "strike": [
        "Dock workers at the port of Kelso walked out on Tuesday over unpaid wages.",
        "The Kelso harbour union said the strike would last until pay was restored.",
        "Container ships queued outside Kelso as cranes stood idle.",
        "The transport minister Ada Brenner urged both sides to return to talks.",
        "Exporters warned that fruit shipments from Kelso would spoil within a week.",
        "Police kept watch as strikers gathered at the gates of the Kelso terminal.",
    ],
    "election": [
        "Voters in Marrow province chose a new governor on Sunday in a tight race.",
        "Turnout in Marrow reached a record, the electoral commission said.",
        "Candidate Tomas Irving claimed victory before the final count in Marrow.",
        "Observers reported long queues at polling stations across Marrow province.",
        "The outgoing governor of Marrow conceded late in the evening.",
        "Results from rural districts of Marrow were delayed by bad roads.",
    ],
}


def synthetic(count: int, seed: int = 3) -> list[RawInput]:
    """Return ``count`` distinct articles about three stories, each a shuffle of its sentences."""
    rng = random.Random(seed)
    inputs = []
    for number in range(count):
        topic = sorted(TOPICS)[number % len(TOPICS)]
        sentences = rng.sample(TOPICS[topic], 4)
        text = " ".join(sentences) + f" Reporter number {number} filed this from the scene."
        inputs.append(
            RawInput(
                f"mem:{number}",
                text,
                url=f"https://news{number}.example/{topic}",
                title=sentences[0][:60],
                published_at=f"2025-03-{10 + number % 5:02d}",
                outlet=f"news{number}.example",
            )
        )
    return inputs


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources.load(SETTINGS)


def ingest(store: Store, inputs: Sequence[RawInput], resources: Resources) -> api.IngestResult:
    return api.ingest_inputs(inputs, store, SETTINGS, resources=resources)


def partition(store: Store) -> dict[str, set[str]]:
    return {report.story.id: set(report.story.articles) for report in store.stories()}


def test_incremental_a_story_keeps_its_id_as_articles_join(
    open_db: Opener,  # noqa: F811
    resources: Resources,
) -> None:
    store, inputs = open_db(), synthetic(12)
    ingest(store, inputs[:6], resources)
    before = partition(store)
    ingest(store, inputs[6:], resources)
    after = partition(store)
    assert len(after) == 3 and sum(map(len, after.values())) == 12
    for story_id, members in before.items():
        assert story_id in after and members < after[story_id]


def test_incremental_an_ingest_loads_only_what_its_articles_touch(
    tmp_path: Path, resources: Resources
) -> None:
    inputs = synthetic(9)
    ingest(open_store(tmp_path / "s.db"), inputs[:6], resources)

    class Watched(SQLiteStore):
        def articles(self, ids: Sequence[str] | None = None) -> list[Article]:
            assert ids is not None, "an incremental ingest loaded the whole store"
            return super().articles(ids)

    class Counting(Pipeline):
        def analyze_story(self, story: Story, *rest: Any) -> StoryReport:
            analysed.append(story.id)
            return super().analyze_story(story, *rest)

    analysed: list[str] = []
    store = Watched(tmp_path / "s.db")
    api.ingest_inputs(inputs[6:7], store, SETTINGS, resources=resources, analyze=False)
    api.refresh(store, SETTINGS, Counting(SETTINGS, resources))
    assert len(analysed) == 1  # the one story the new article joined
    assert store.story(analysed[0]) is not None and not store.has_pending()


def test_incremental_a_copy_of_a_stored_article_is_found_by_the_kept_index(
    tmp_path: Path, resources: Resources
) -> None:
    store = open_store(tmp_path / "s.db")
    (original,) = synthetic(1)
    ingest(store, [original], resources)
    copy = replace(original, source="copy", url="https://copy.example/x", outlet="copy.example")
    copy = replace(copy, content=copy.content.replace("scene.", "scene!"))  # not exact
    ingest(open_store(tmp_path / "s.db"), [copy], resources)
    kept, duplicate = sorted(store.articles(), key=lambda article: article.duplicate_of or "")
    assert duplicate.duplicate_of == kept.id and kept.syndicated_by == ("copy.example",)
    assert len(store.stories()) == 1


def test_incremental_changed_settings_analyse_everything_again_under_the_same_ids(
    open_db: Opener,  # noqa: F811
    resources: Resources,
) -> None:
    store = open_db()
    ingest(store, synthetic(6), resources)
    before = partition(store)
    changed = SETTINGS.merged({"figure_tolerance": 0.05})
    analysis = api.refresh(store, changed, Pipeline(changed, resources))
    assert {report.story.id for report in analysis.stories} == set(before)  # all of them
    assert partition(store) == before


def test_incremental_an_analysis_started_before_another_was_saved_is_refused(
    open_db: Opener,  # noqa: F811
) -> None:
    store = open_db()
    stale = store.generation()
    store.save_analysis(AnalysisUpdate(generation=stale))
    with pytest.raises(StaleAnalysis):
        store.save_analysis(AnalysisUpdate(generation=stale))
    assert store.generation() == stale + 1


def test_incremental_a_merged_story_id_leads_to_the_story_it_joined(
    open_db: Opener,  # noqa: F811
) -> None:
    from test_store import story_report

    store = open_db()
    store.save_analysis(AnalysisUpdate(0, [story_report("sOLD"), story_report("sYOUNG")]))
    store.save_analysis(AnalysisUpdate(1, [story_report("sOLD")], absorbed={"sYOUNG": "sOLD"}))
    assert store.story("sYOUNG") is None
    assert current_story_id(store, "sYOUNG") == "sOLD"
    assert api.load_report(store, ["sYOUNG"]).stories[0].story.id == "sOLD"
    assert current_story_id(store, "sNEVER") is None


def test_incremental_overlapping_writers_lose_nothing_duplicate_nothing_keep_ids(
    open_db: Opener,  # noqa: F811
    resources: Resources,
) -> None:
    inputs = synthetic(24)
    plans = [  # every article is written by both writers, in different batches and orders
        [inputs[0:8], inputs[8:16], inputs[16:24]],
        [inputs[20:24] + inputs[4:8], inputs[12:20], inputs[0:4] + inputs[8:12]],
    ]
    seen: list[tuple[str, set[str]]] = []
    start = threading.Barrier(2)

    def write(store: Store, batches: list[list[RawInput]]) -> None:
        start.wait()
        for batch in batches:
            ingest(store, batch, resources)
            seen.extend(partition(store).items())

    threads = [threading.Thread(target=write, args=(open_db(), plan)) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    final = open_db()
    stories = partition(final)
    members = [article for story in stories.values() for article in story]
    assert final.article_count() == 24 and len(members) == 24 == len(set(members))
    for story_id, earlier in seen:  # every id handed out still leads to its articles
        current = current_story_id(final, story_id)
        assert current is not None and earlier <= stories[current]


def test_incremental_first_analysis_names_stories_as_the_clusterer_does(
    seed_paths: list[Path],
) -> None:
    from newsfuse.stages.cluster import story_id

    store = open_store()
    inputs = [item for item in read_inputs(seed_paths, SETTINGS, published=SEEDS_PUBLISHED)]
    api.ingest_inputs(inputs, store, SETTINGS)  # type: ignore[arg-type]
    (report,) = store.stories()
    assert report.story.id == story_id(report.story.articles)
