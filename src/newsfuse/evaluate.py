"""Scores of a report against hand annotations of each article's main event.

The annotation (``../shared/data/main_events``) gives, per article, the day of its
main event (``when``: ``YYYY-MM-DD``, ``YYYY-MM`` or null) and the place strings that
name where it happened (``where``). An article scores a hit on ``when`` when its
event has that day (or a day of that month), and on ``where`` when the event's
place name occurs, case-insensitively, in one of the strings. Two readings of "its
event": the article's ``main_event`` (``main``), or any event that cites it (``any``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any


def when_hit(event: Mapping[str, Any], when: str) -> bool:
    """Tell whether an event's date is the annotated day (or lies in the annotated month)."""
    date = event.get("date")
    if not date:
        return False
    return date.startswith(when) if len(when) == 7 else date == when


def where_hit(event: Mapping[str, Any], where: Iterable[str]) -> bool:
    """Tell whether an event's place name occurs in one of the annotated place strings."""
    location = event.get("location") or {}
    name = (location.get("name") or "").lower()
    return bool(name) and any(name in text.lower() for text in where)


def score_main_events(
    report: Mapping[str, Any], gold: Sequence[Mapping[str, Any]]
) -> dict[str, float]:
    """Return the share of annotated articles hit on ``when``/``where``, for main and any event.

    Report articles are matched to gold rows by URL. Keys: ``main_when``,
    ``main_where``, ``any_when``, ``any_where`` (shares) and ``when_rows``,
    ``where_rows`` (how many rows were scored: null ``when`` and empty ``where``
    are not).
    """
    by_url = {article.get("url"): article for article in report["articles"]}
    events: dict[tuple[str, str], Mapping[str, Any]] = {}
    citing: dict[str, list[Mapping[str, Any]]] = {}
    story_of: dict[str, str] = {}
    for story in report["stories"]:
        for article in story["articles"]:
            story_of[article] = story["id"]
        for event in story["events"]:
            events[(story["id"], event["id"])] = event
            for article in {source["article"] for source in event["sources"]}:
                citing.setdefault(article, []).append(event)
    hits = dict.fromkeys(("main_when", "main_where", "any_when", "any_where"), 0)
    rows = {"when": 0, "where": 0}
    for row in gold:
        article = by_url.get(row["url"]) or {}
        key = (story_of.get(article.get("id", ""), ""), article.get("main_event") or "")
        main = [events[key]] if key in events else []
        anything = citing.get(article.get("id", ""), [])
        if row.get("when"):
            rows["when"] += 1
            hits["main_when"] += any(when_hit(e, row["when"]) for e in main)
            hits["any_when"] += any(when_hit(e, row["when"]) for e in anything)
        if row.get("where"):
            rows["where"] += 1
            hits["main_where"] += any(where_hit(e, row["where"]) for e in main)
            hits["any_where"] += any(where_hit(e, row["where"]) for e in anything)
    scores: dict[str, float] = {
        name: count / max(rows[name.split("_")[1]], 1) for name, count in hits.items()
    }
    scores.update(when_rows=float(rows["when"]), where_rows=float(rows["where"]))
    return scores
