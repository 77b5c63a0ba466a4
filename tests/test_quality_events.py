"""Quality gate of event typing, by the development protocol (``benchmarks/README.md``).

The floors are pinned to the cross-validated figures on the shipped examples (their
mean less their spread over 5 folds x 3 splits, ``benchmarks/quality.py events``),
not to the best fit; the CASE 2021 dev snippets (read in place from ../shared) are a
test set read once per change, never tuned on. Measured 2026-12-07 with the examples
written per type from the ACLED codebook (1,173: 843 short, 330 news snippets: a
lead with attribution and background, a dateline, a clipped second sentence,
reported speech) and snippet vectors leaning towards the lead
(``event_types.LEAD_WEIGHT``):

| encoder | CV on the examples | dev snippets | nearest centroid (CV / dev) |
|---|---|---|---|
| all-mpnet-base-v2 (`newsfuse events`) | 0.947 ± 0.013 | 0.816 | 0.916 / 0.741 |
| all-minilm-l6-v2 (pipeline) | 0.918 ± 0.013 | 0.771 | 0.834 / 0.637 |

The MiniLM floor, raised to 0.906 that day, was re-pinned at 0.904 the same day
when 13 examples were rewritten to name no place or group of the reference
stories (CV 0.920 ± 0.014 -> 0.918 ± 0.013; dev unchanged).

Only a reviewed change may lower a floor.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import DATA, need_shared
from newsfuse.models import load_embedder
from newsfuse.pipeline import nlp_for
from newsfuse.settings import Settings
from newsfuse.stages import event_types, events

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import quality_events

pytestmark = pytest.mark.slow

CV_FLOORS = {"all-mpnet-base-v2": 0.934, "all-minilm-l6-v2": 0.904}
DEV_FLOORS = {"all-mpnet-base-v2": 0.80, "all-minilm-l6-v2": 0.755}


@pytest.mark.parametrize("encoder", sorted(CV_FLOORS))
def test_quality_events_cross_validated_f1_above_floor(encoder: str) -> None:
    examples = event_types.load_examples()
    texts = [text for text, _ in examples]
    labels = [label for _, label in examples]
    _, votes = events.snippet_votes(texts, nlp_for(Settings()))
    vectors = event_types.example_vectors(examples, load_embedder(encoder))
    ours, baseline, _ = quality_events.cross_validate(texts, labels, vectors, votes, 5, 3, 0)
    assert ours.mean - ours.std >= CV_FLOORS[encoder]
    assert ours.mean > baseline.mean  # the classifier must beat the nearest centroid


@pytest.mark.parametrize("encoder", sorted(DEV_FLOORS))
def test_quality_events_dev_snippets_weighted_f1_above_floor(encoder: str) -> None:
    need_shared()
    folder = DATA / "event_types"
    rows = [json.loads(line) for line in (folder / "input.jsonl").open(encoding="utf-8")]
    gold_rows = [json.loads(line) for line in (folder / "gold.jsonl").open(encoding="utf-8")]
    gold = {row["id"]: row["acled_subtype"] for row in gold_rows}
    found = events.type_texts(
        [row["text"] for row in rows], nlp_for(Settings()), load_embedder(encoder)
    )
    predicted = {
        row["id"]: typed[0].acled_type or "OTHER"
        for row, typed in zip(rows, found, strict=True)
        if typed
    }
    assert events.score_event_types(predicted, gold) >= DEV_FLOORS[encoder]
