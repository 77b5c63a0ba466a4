"""Dedupe: copies are duplicates, rewrites are not; incremental index (speed: benchmarks/)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from conftest import SEEDS, SEEDS_PUBLISHED, need_shared
from newsfuse.records import Article
from newsfuse.settings import Settings
from newsfuse.sources import read_inputs
from newsfuse.stages.clean import clean, fingerprint
from newsfuse.stages.dedupe import DedupeIndex, dedupe, shingle_hashes


@pytest.fixture(scope="module")
def seeds() -> list[Article]:
    need_shared()
    settings = Settings()
    raws = read_inputs([SEEDS], settings, published=SEEDS_PUBLISHED)
    return [clean(raw, settings) for raw in raws]  # type: ignore[arg-type]


def _copy(article: Article, suffix: str, outlet: str, changes: int = 0) -> Article:
    words = article.text.split(" ")
    for position in range(0, changes * 37, 37):  # spread the edits through the text
        words[position % len(words)] = "altered"
    text = " ".join(words)
    return replace(
        article, id=article.id + suffix, text=text, fingerprint=fingerprint(text), outlet=outlet
    )


def test_dedupe_no_seed_pair_is_a_duplicate(seeds: list[Article]) -> None:
    result = dedupe(seeds, Settings())
    assert [article.duplicate_of for article in result.articles] == [None] * 4


def test_dedupe_exact_copy_is_a_duplicate(seeds: list[Article]) -> None:
    copy = _copy(seeds[1], "c", "copy.example")
    result = dedupe([*seeds, copy], Settings())
    assert result.articles[-1].duplicate_of == seeds[1].id
    assert result.articles[1].syndicated_by == ("copy.example",)


def test_dedupe_lightly_edited_copy_is_a_duplicate(seeds: list[Article]) -> None:
    edited = _copy(seeds[0], "e", "edited.example", changes=4)
    assert edited.fingerprint != seeds[0].fingerprint
    result = dedupe([*seeds, edited], Settings())
    assert result.articles[-1].duplicate_of == seeds[0].id


def test_dedupe_keeps_input_order_and_first_copy(seeds: list[Article]) -> None:
    copy = _copy(seeds[2], "c", "copy.example")
    result = dedupe([copy, *seeds], Settings())
    assert [article.id for article in result.articles] == [copy.id] + [a.id for a in seeds]
    assert result.articles[3].duplicate_of == copy.id and result.kept[0] is not None


def test_dedupe_index_finds_copies_across_batches(seeds: list[Article]) -> None:
    settings = Settings()
    index = DedupeIndex(settings)
    dedupe(seeds, settings, index)
    copy = _copy(seeds[3], "c", "later.example", changes=2)
    result = dedupe([copy], settings, index)
    assert result.pairs == ((copy.id, seeds[3].id),)


def test_dedupe_same_article_twice_is_not_its_own_duplicate(seeds: list[Article]) -> None:
    result = dedupe([seeds[0], seeds[0]], Settings())
    assert [article.duplicate_of for article in result.articles] == [None, None]


def test_dedupe_shingle_hashes_are_reproducible() -> None:
    text = "the army withdrew to a village south of the town on tuesday"
    assert shingle_hashes(text, 5).tolist() == shingle_hashes(text.upper(), 5).tolist()
    assert len(shingle_hashes(text, 5)) == len(text.split()) - 4


def test_dedupe_example_corpus_has_exactly_one_syndicated_copy() -> None:
    settings = Settings()
    corpus = Path(__file__).resolve().parents[1] / "examples" / "corpus"
    raws = list(read_inputs([corpus], settings, published="2025-03-12"))
    result = dedupe([clean(raw, settings) for raw in raws], settings)  # type: ignore[arg-type]
    copies = [(Path(a.source).name, a.duplicate_of) for a in result.articles if a.duplicate_of]
    original = next(a for a in result.articles if a.source.endswith("03_savanna-report.txt"))
    assert copies == [("04_feeds.jsonl:2", original.id)]
