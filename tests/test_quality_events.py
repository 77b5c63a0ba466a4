"""Quality gate: event typing on CASE 2021 task 2 snippets (read in place from ../shared)."""

from __future__ import annotations

import json

import pytest

from conftest import DATA, need_shared
from newsfuse.models import load_embedder, load_spacy
from newsfuse.settings import Settings
from newsfuse.stages.events import score_event_types, type_texts

# Measured 0.845 weighted F1 with all-mpnet-base-v2, the encoder of `newsfuse events`,
# in float32 and in bfloat16 alike (2026-11-22, 291 snippets; 0.822 with
# all-minilm-l6-v2, the pipeline's encoder; 0.806 before the parsed taker of a
# territory change replaced the lexicon's guess). Only a reviewed change may lower it.
FLOOR = 0.842


@pytest.mark.slow
def test_quality_events_weighted_f1_above_floor() -> None:
    need_shared()
    folder = DATA / "event_types"
    rows = [json.loads(line) for line in (folder / "input.jsonl").open(encoding="utf-8")]
    gold_rows = [json.loads(line) for line in (folder / "gold.jsonl").open(encoding="utf-8")]
    gold = {row["id"]: row["acled_subtype"] for row in gold_rows}
    encoder = load_embedder(Settings().events_encoder)  # what `newsfuse events` uses
    found = type_texts([row["text"] for row in rows], load_spacy(), encoder)
    predicted = {
        row["id"]: events[0].acled_type or "OTHER"
        for row, events in zip(rows, found, strict=True)
        if events
    }
    assert score_event_types(predicted, gold) >= FLOOR
