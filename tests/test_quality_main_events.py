"""Quality gate: each article's main event, its day and its place (../shared/data/main_events).

``newsfuse analyze`` on the news_cluster articles, scored against the hand
annotation of 80 of them (``newsfuse.evaluate.score_main_events``). Measured
2026-12-06 (fourth session) with ``benchmarks/quality.py main_events`` (folds by
gold event, 5 x 3): main event when 0.829 (held-back folds 0.830 ± 0.072), where
0.815 (0.813 ± 0.090); any event citing the article when 0.829, where 0.833;
baseline (publication day, dateline else first story place named) 0.514 / 0.759.
The choices were made on half of the events (even ids) and checked on the other
half (when 0.72, where 0.77 there). Floors sit just below the cross-validated
means; only a reviewed change may lower them. Lowered once, in the third session
of that day, for main event when from 0.82 to 0.80: an article dated by its
address's day instead of a crawl's five months later joined its story's headline
event and gave it the day of its own words ("in the early hours of Thursday",
British time, for a game the annotation dates Wednesday night, American time): a
truer input cost one row. Raised back to 0.82 the next session (0.829). Raised
to 0.84 on 2026-12-07 (when 0.857, held-back folds 0.859 ± 0.076): a "tonight"
one day off a day another report names is that day (merge), which dated the two
annotated articles of one story; that story's false date disagreement suggested
the rule, so the figure says nothing of how it generalises. Where raised to 0.83
(any 0.85) in the session after (where 0.852, held-back folds 0.848 ± 0.094; any
0.870): page furniture taken out by cleaning (a video teaser had made "Super Bowl" a
place of its story) placed two odd-half articles of that one story. When raised to
0.85 (any 0.85) in the session after that (when 0.871, held-back folds 0.873 ±
0.072; even half 0.921, odd half 0.812): cleaning took a gallery player's words off
the captions of three gallery pages, one of them an annotated odd-half article
whose main event then had its day. The rule was written for the run-in titles seen
in a brief, not for that row; one row is weak evidence.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from conftest import DATA, ROOT, SEEDS, SEEDS_PUBLISHED, need_shared
from newsfuse.api import analyze
from newsfuse.evaluate import score_main_events, when_hit, where_hit
from newsfuse.report import report_dict
from newsfuse.settings import Settings
from newsfuse.support import STOPWORDS

pytestmark = pytest.mark.slow

FLOORS = {"main_when": 0.85, "main_where": 0.83, "any_when": 0.85, "any_where": 0.85}


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    need_shared()
    return report_dict(analyze([DATA / "clusters" / "input.jsonl"], Settings()))


@pytest.fixture(scope="module")
def gold() -> list[dict[str, Any]]:
    need_shared()
    path = DATA / "main_events" / "gold.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_quality_main_events_day_and_place_above_floor(
    report: dict[str, Any], gold: list[dict[str, Any]]
) -> None:
    scores = score_main_events(report, gold)
    assert scores["when_rows"] >= 60 and scores["where_rows"] >= 45  # the file was read whole
    low = {name: scores[name] for name, floor in FLOORS.items() if scores[name] < floor}
    assert not low, low


def test_quality_main_events_every_annotated_article_has_a_main_event(
    report: dict[str, Any], gold: list[dict[str, Any]]
) -> None:
    by_url = {article["url"]: article for article in report["articles"]}
    missing = [row["url"] for row in gold if not by_url[row["url"]]["main_event"]]
    assert len(missing) <= len(gold) // 20, missing


def test_quality_main_events_scoring_rules() -> None:
    event = {"date": "2017-09-15", "location": {"name": "Hokkaido"}}
    assert when_hit(event, "2017-09-15") and when_hit(event, "2017-09")
    assert not when_hit(event, "2017-09-14")
    assert where_hit(event, ["Japan's Hokkaido island"]) and not where_hit(event, ["Japan"])
    assert not where_hit({"location": None}, ["Japan"])


# --------------------------------------------------------------- readable events

_WORD = re.compile(r"[\w]+")


def _words(text: str) -> list[str]:
    """Return the lowercased content words of ``text`` (possessive 's and stop words aside)."""
    words = _WORD.findall(text.lower().replace("’", "'").replace("'s", ""))
    return [word for word in words if word not in STOPWORDS]


def in_order(summary: str, sentence: str) -> bool:
    """Tell whether the summary's words occur in the sentence in the same order."""
    remaining = iter(_words(sentence))
    return all(word in remaining for word in _words(summary))


def unreadable(report: dict[str, Any]) -> list[str]:
    """Return the events whose summary is not a clause of a source or whose parties are long."""
    found = []
    for story in report["stories"]:
        for event in story["events"]:
            if not any(in_order(event["summary"], s["sentence"]) for s in event["sources"]):
                found.append(f"summary {event['summary']!r}")
            found += [
                f"party {p!r}" for p in event["actors"] + event["targets"] if len(p.split()) > 6
            ]
    return found


def test_quality_main_events_summaries_are_clauses_and_parties_short(
    report: dict[str, Any],
) -> None:
    need_shared()
    seeds = report_dict(analyze([SEEDS], Settings(), published=SEEDS_PUBLISHED))
    example = report_dict(
        analyze([ROOT / "examples" / "corpus"], Settings(), published="2025-03-12")
    )
    assert unreadable(seeds) == [] and unreadable(example) == [] and unreadable(report) == []


def test_quality_main_events_order_check_can_fail() -> None:
    assert in_order("rebels seized the town", "Rebels, backed by troops, seized the town's mine.")
    assert not in_order("town seized rebels", "Rebels seized the town.")
