"""Task "main_events" of ``quality.py``: each article's main event, its day and its place.

    .venv/bin/python benchmarks/quality.py main_events [--folds 5] [--repeats 3]

``newsfuse analyze`` on ``../shared/data/clusters/input.jsonl``, scored against the
80 annotated articles of ``../shared/data/main_events`` (``newsfuse.evaluate``).
Rows are articles; folds are split by gold event. Printed, in one run:

- ``newsfuse``: the shipped setting on the whole file (``dev``, what the quality
  gate pins) and on held-back folds;
- ``newsfuse-cv``: how far into the article the day of the news is looked for
  (``main_event.NEWS_DAY_SENTENCES``: the lead paragraph only, or further)
  chosen on the training folds of each split by when + where, scored on the
  held-back fold, with the values the folds chose;
- ``baseline``: the publication day and the article's dateline, else the first
  place of its story that its text names (no parse of the lead at all).

Each candidate setting costs one ``analyze`` of the 199 articles (about 35 s).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from protocol import Summary, choose, read_jsonl, repeated_folds  # noqa: E402

from newsfuse.api import analyze  # noqa: E402
from newsfuse.evaluate import row_hits, shares  # noqa: E402
from newsfuse.report import report_dict  # noqa: E402
from newsfuse.settings import Settings  # noqa: E402
from newsfuse.stages import main_event  # noqa: E402
from newsfuse.stages.segment import find_dateline  # noqa: E402

DATA = HERE.parent.parent / "shared" / "data"
REACHES = (2, 4, 6, 10, 15)  # sentences from the lead in which the day of the news is looked for
Hits = list[dict[str, bool | None]]


def evaluate(args: Any) -> list[dict[str, object]]:
    """Return the result rows of the main-event task (see the module docstring)."""
    gold = read_jsonl(DATA / "main_events" / "gold.jsonl")
    groups = [row["gold_event_id"] for row in gold]
    shipped = main_event.NEWS_DAY_SENTENCES
    hits: dict[int, Hits] = {}
    for reach in sorted({*REACHES, shipped}):
        main_event.NEWS_DAY_SENTENCES = reach
        try:
            report = report_dict(analyze([DATA / "clusters" / "input.jsonl"], Settings()))
        finally:
            main_event.NEWS_DAY_SENTENCES = shipped
        hits[reach] = row_hits(report, gold)
        if reach == shipped:
            baseline = _baseline_hits(report, gold)
    rows: list[dict[str, object]] = []
    for metric in ("main_when", "main_where", "any_when", "any_where"):
        rows.append(_row("newsfuse", "dev", metric, shares(hits[shipped])[metric]))
    for metric in ("main_when", "main_where"):
        rows.append(_row("baseline", "dev", metric, shares(baseline)[metric]))
    folds = list(repeated_folds(groups, args.folds, args.repeats, args.seed))
    for name, per_row in (("newsfuse", hits[shipped]), ("baseline", baseline)):
        for metric in ("main_when", "main_where"):
            held = [shares([per_row[i] for i in fold.test])[metric] for _, fold in folds]
            rows.append(_row(name, "cv", metric, Summary.of(held)))
    chosen: list[int] = []
    held_when: list[float] = []
    held_where: list[float] = []
    for _, fold in folds:
        reach, _ = choose(REACHES, lambda r, fold=fold: _both(hits[r], fold.train))
        chosen.append(reach)
        test = shares([hits[reach][i] for i in fold.test])
        held_when.append(test["main_when"])
        held_where.append(test["main_where"])
    rows.append(_row("newsfuse-cv", "cv", "main_when", Summary.of(held_when), chosen))
    rows.append(_row("newsfuse-cv", "cv", "main_where", Summary.of(held_where), chosen))
    return rows


def _both(hits: Hits, rows: Sequence[int]) -> float:
    scores = shares([hits[i] for i in rows])
    return scores["main_when"] + scores["main_where"]


def _baseline_hits(report: Mapping[str, Any], gold: Sequence[Mapping[str, Any]]) -> Hits:
    """Return the hits of the plain baseline: publication day; dateline, else first place named."""
    story_places = {
        article: [place["name"] for place in story["places"]]
        for story in report["stories"]
        for article in story["articles"]
    }
    events = []
    for article in report["articles"]:
        dateline = find_dateline(article["text"])
        named = sorted(
            (article["text"].find(name), name)
            for name in story_places.get(article["id"], [])
            if name and name in article["text"]
        )
        place = (dateline.place if dateline else None) or (named[0][1] if named else None)
        events.append(
            {
                "id": "b",
                "date": (article.get("published_at") or "")[:10] or None,
                "location": {"name": place} if place else None,
                "sources": [{"article": article["id"], "sentence": ""}],
            }
        )
    articles = [{**article, "main_event": "b"} for article in report["articles"]]
    stories = [
        {"id": a["id"], "articles": [a["id"]], "events": [e]}
        for a, e in zip(report["articles"], events, strict=True)
    ]
    return row_hits({"articles": articles, "stories": stories}, gold)


def _row(
    system: str, split: str, metric: str, score: float | Summary, chosen: list[int] | None = None
) -> dict[str, object]:
    shown = f"{score:.3f}" if isinstance(score, float) else str(score)
    row: dict[str, object] = {
        "task": "main_events",
        "system": system,
        "split": split,
        "metric": metric,
        "score": shown,
    }
    if chosen:
        row["notes"] = "chosen NEWS_DAY_SENTENCES: " + ",".join(map(str, chosen))
    return row
