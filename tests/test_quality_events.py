"""Quality gate: event typing on CASE 2021 task 2 snippets (read in place from ../shared)."""

from __future__ import annotations

import json

import pytest

from conftest import DATA, need_shared
from newsfuse.models import load_embedder, load_spacy
from newsfuse.stages.events import score_event_types, type_texts

# Measured 0.822 weighted F1 (2026-11-22, 291 snippets; was 0.806 before the parsed taker
# of a territory change replaced the lexicon's guess, attacks "with mortars" read as shelling
# and the base-setting cue took a few words between verb and site); only a reviewed change
# may lower it.
FLOOR = 0.819


@pytest.mark.slow
def test_quality_events_weighted_f1_above_floor() -> None:
    need_shared()
    folder = DATA / "event_types"
    rows = [json.loads(line) for line in (folder / "input.jsonl").open(encoding="utf-8")]
    gold_rows = [json.loads(line) for line in (folder / "gold.jsonl").open(encoding="utf-8")]
    gold = {row["id"]: row["acled_subtype"] for row in gold_rows}
    found = type_texts([row["text"] for row in rows], load_spacy(), load_embedder())
    predicted = {
        row["id"]: events[0].acled_type or "OTHER"
        for row, events in zip(rows, found, strict=True)
        if events
    }
    assert score_event_types(predicted, gold) >= FLOOR
