"""The store's caches: keys, exact round trips, and refreshes that redo only what changed."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from conftest import GOLD, ROOT, SEEDS_PUBLISHED
from newsfuse import api, cache
from newsfuse.gazetteer import Gazetteer, import_geonames
from newsfuse.pipeline import Pipeline
from newsfuse.records import Article, RawInput, Reading, Story, from_dict
from newsfuse.report import report_dict
from newsfuse.runners import LocalRunner
from newsfuse.settings import Settings
from newsfuse.sources import read_inputs
from newsfuse.store import open_store

EXAMPLES = ROOT / "examples" / "corpus"


class CountingRunner(LocalRunner):
    """The local runner, noting which articles it is asked to read."""

    def __init__(self) -> None:
        self.read_ids: list[str] = []

    def read(self, pipeline: Pipeline, articles: Sequence[Article]) -> Iterable[Reading]:
        self.read_ids += [article.id for article in articles]
        return super().read(pipeline, articles)


def inputs(paths: Sequence[Path], published: str) -> list[RawInput]:
    return [item for item in read_inputs(paths, Settings(), published=published)]  # type: ignore[misc]


def report_json(store: object) -> dict[str, object]:
    data = report_dict(api.load_report(store))  # type: ignore[arg-type]
    data.pop("generated_at")
    return data


def test_cache_reading_key_changes_with_text_date_and_reader() -> None:
    article = Article(id="a1", key="k", source="s", text="Rebels entered.", fingerprint="f")
    key = cache.reading_key(article, "reader")
    assert cache.reading_key(replace(article, title="Other title"), "reader") == key
    assert cache.reading_key(replace(article, text="Rebels left."), "reader") != key
    assert cache.reading_key(replace(article, published_at="2025-03-20"), "reader") != key
    assert cache.reading_key(article, "another reader") != key


def test_cache_reader_fingerprint_changes_with_model_embeddings_and_precision() -> None:
    settings = Settings()
    fingerprint = cache.reader_fingerprint(settings)
    assert cache.reader_fingerprint(settings.merged({"nlp_batch_size": 8})) == fingerprint
    assert cache.reader_fingerprint(settings.merged({"use_embeddings": False})) != fingerprint
    assert (
        cache.reader_fingerprint(settings.merged({"spacy_model": "en_core_web_md"})) != fingerprint
    )
    float32, bfloat16 = (
        cache.reader_fingerprint(settings.merged({"encoder_precision": precision}))
        for precision in ("float32", "bfloat16")
    )
    assert float32 != bfloat16
    assert fingerprint in {float32, bfloat16}  # "auto" is whichever this machine runs


def test_cache_real_readings_round_trip_exactly(seed_paths: list[Path]) -> None:
    pipeline = Pipeline(Settings())
    articles = pipeline.clean(inputs(seed_paths, SEEDS_PUBLISHED))
    readings = pipeline.read_all(articles)
    assert readings and all(reading.events for reading in readings.values())
    for reading in readings.values():
        assert from_dict(Reading, json.loads(json.dumps(reading.as_dict()))) == reading
    store = open_store()
    keys = {aid: f"key-{aid}" for aid in readings}
    store.save_readings(list(readings.values()), keys)
    assert store.readings(keys) == readings


def test_cache_refresh_reads_only_new_articles_and_reports_the_same(
    seed_paths: list[Path], tmp_path: Path
) -> None:
    first, second = inputs(seed_paths, SEEDS_PUBLISHED), inputs([EXAMPLES], "2025-03-12")
    runner = CountingRunner()
    api.ingest_inputs(first, open_store(tmp_path / "store.db"), runner=runner)
    read_first = list(runner.read_ids)
    runner.read_ids.clear()
    store = open_store(tmp_path / "store.db")  # the readings outlive the process that read them
    added = api.ingest_inputs(second, store, runner=runner).added
    assert read_first and runner.read_ids
    assert set(runner.read_ids) <= set(added)  # nothing the first ingest read is read again
    runner.read_ids.clear()
    api.ingest_inputs(second, store, runner=runner)
    assert runner.read_ids == []  # re-ingesting reads nothing

    fresh = open_store()
    api.ingest_inputs([*first, *second], fresh)
    assert report_json(store) == report_json(fresh)


def test_cache_refresh_rereads_an_article_whose_key_changed(seed_paths: list[Path]) -> None:
    store = open_store()
    api.ingest_inputs(inputs(seed_paths[:1], SEEDS_PUBLISHED), store)
    (article,) = store.articles()
    store.save_readings([Reading(article.id)], {article.id: "stale"})  # an empty reading
    store.replace_stories(store.stories())  # without a basis: the story is analysed again
    runner = CountingRunner()
    api.refresh(store, Settings(), runner=runner)
    assert runner.read_ids == [article.id]  # the stale reading was not used
    key = cache.reading_key(article, cache.reader_fingerprint(Settings()))
    assert store.readings({article.id: key})[article.id].sentences  # a real one replaced it


def test_cache_story_basis_changes_with_members_settings_and_gazetteer(tmp_path: Path) -> None:
    article = Article(id="a1", key="k", source="s", text="Rebels entered.", fingerprint="f")
    story = Story("s1", "Rebels enter", ("a1",), "2025-03-19", "2025-03-19")
    settings = Settings()
    index = tmp_path / "places.sqlite"
    import_geonames(GOLD / "geonames-fixture.txt", index, admin1={})
    gazetteer = Gazetteer([])
    basis = cache.story_basis(story, {"a1": article}, settings, gazetteer)
    assert cache.story_basis(story, {"a1": article}, settings, gazetteer) == basis

    def changed(**kwargs: object) -> str:
        options: dict[str, object] = {
            "story": story,
            "articles": {"a1": article},
            "settings": settings,
            "gazetteer": gazetteer,
        }
        options.update(kwargs)
        return cache.story_basis(**options)  # type: ignore[arg-type]

    assert changed(articles={"a1": replace(article, duplicate_of="a0")}) != basis
    assert changed(articles={"a1": replace(article, title="Another title")}) != basis
    assert changed(story=replace(story, title="Rebels enter the town")) != basis
    assert changed(settings=settings.merged({"figure_tolerance": 0.05})) != basis
    assert changed(settings=settings.merged({"api_token": "secret"})) == basis
    assert changed(gazetteer=Gazetteer.open(index)) != basis


class CountingPipeline(Pipeline):
    """The pipeline, noting which stories it analyses."""

    def __init__(self) -> None:
        super().__init__(Settings())
        self.analysed: list[str] = []

    def analyze_story(self, story: Story, *args: object) -> object:  # type: ignore[override]
        self.analysed.append(story.id)
        return super().analyze_story(story, *args)  # type: ignore[arg-type]


def test_cache_refresh_analyses_only_the_stories_that_changed(
    seed_paths: list[Path], tmp_path: Path
) -> None:
    first, second = inputs(seed_paths, SEEDS_PUBLISHED), inputs([EXAMPLES], "2025-03-12")
    store = open_store(tmp_path / "store.db")
    api.ingest_inputs(first, store)
    (seed_story,) = store.stories()
    api.ingest_inputs(second, store, analyze=False)
    counting = CountingPipeline()
    api.refresh(store, Settings(), counting)
    assert counting.analysed  # the new articles' stories were analysed ...
    assert seed_story.story.id not in counting.analysed  # ... and the seeds' was reused
    assert store.story(seed_story.story.id) == seed_story

    counting = CountingPipeline()
    api.refresh(store, Settings(), counting)
    assert counting.analysed == []  # nothing changed: nothing analysed


class DroppingRunner(LocalRunner):
    """The local runner, failing to read one article."""

    def read(self, pipeline: Pipeline, articles: Sequence[Article]) -> Iterable[Reading]:
        found = sorted(super().read(pipeline, articles), key=lambda reading: reading.article)
        return found[1:]


def test_cache_a_story_missing_a_reading_is_analysed_again(seed_paths: list[Path]) -> None:
    store = open_store()
    api.ingest_inputs(inputs(seed_paths, SEEDS_PUBLISHED), store, runner=DroppingRunner())
    counting = CountingPipeline()
    api.refresh(store, Settings(), counting)
    assert counting.analysed == [story.story.id for story in store.stories()]
    counting = CountingPipeline()
    api.refresh(store, Settings(), counting)
    assert counting.analysed == []  # complete now, so reused
