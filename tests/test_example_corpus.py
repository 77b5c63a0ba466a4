"""The shipped example corpus (what `make demo` shows): every statement is backed by its sources."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import ROOT
from newsfuse import api
from newsfuse.report import report_dict
from newsfuse.stages.corroborate import claim_text
from newsfuse.support import is_supported

PUBLISHED = "2025-03-12"  # the fallback date `make demo` passes for the .txt files


@pytest.fixture(scope="module")
def demo() -> dict[str, Any]:
    return report_dict(api.analyze([ROOT / "examples" / "corpus"], published=PUBLISHED))


def test_example_corpus_is_one_story_with_everything_the_demo_shows(demo):
    (story,) = demo["stories"]
    assert story["events"] and story["brief"]["sentences"]
    assert {claim["status"] for claim in story["claims"]} >= {"contested", "single-source"}
    assert {c["kind"] for c in story["contradictions"]} == {"figure", "date"}
    assert sum(a["duplicate_of"] is not None for a in demo["articles"]) == 1


def test_example_corpus_every_brief_sentence_is_supported_by_its_sources(demo):
    texts = {a["id"]: a["text"] for a in demo["articles"]}
    for sentence in demo["stories"][0]["brief"]["sentences"]:
        assert sentence["sources"]
        assert is_supported(sentence["text"], [texts[a] for a in sentence["sources"]]), sentence


def test_example_corpus_every_claim_is_supported_by_its_cited_sentences(demo):
    from newsfuse.records import Claim, from_dict

    texts = {a["id"]: a["text"] for a in demo["articles"]}
    for data in demo["stories"][0]["claims"]:
        claim = from_dict(Claim, data)
        for source in claim.sources:
            assert source.sentence in texts[source.article]
        assert is_supported(claim_text(claim), [s.sentence for s in claim.sources]), data
