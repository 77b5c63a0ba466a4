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


def row_hits(
    report: Mapping[str, Any], gold: Sequence[Mapping[str, Any]]
) -> list[dict[str, bool | None]]:
    """Return, per gold row, whether its main event and any event citing it hit when/where.

    Keys ``main_when``, ``main_where``, ``any_when``, ``any_where``: True or False,
    or None where the row is not scored (null ``when``, empty ``where``). Report
    articles are matched to gold rows by URL.
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
    hits: list[dict[str, bool | None]] = []
    for row in gold:
        article = by_url.get(row["url"]) or {}
        key = (story_of.get(article.get("id", ""), ""), article.get("main_event") or "")
        found = {
            "main": [events[key]] if key in events else [],
            "any": citing.get(article.get("id", ""), []),
        }
        hit: dict[str, bool | None] = {}
        for kind, candidates in found.items():
            hit[f"{kind}_when"] = (
                any(when_hit(e, row["when"]) for e in candidates) if row.get("when") else None
            )
            hit[f"{kind}_where"] = (
                any(where_hit(e, row["where"]) for e in candidates) if row.get("where") else None
            )
        hits.append(hit)
    return hits


def shares(hits: Sequence[Mapping[str, bool | None]]) -> dict[str, float]:
    """Return the share of hits per key over the rows scored on it, and the counts scored."""
    scores: dict[str, float] = {}
    for name in ("main_when", "main_where", "any_when", "any_where"):
        scored = [hit[name] for hit in hits if hit[name] is not None]
        scores[name] = sum(bool(value) for value in scored) / max(len(scored), 1)
    scores["when_rows"] = float(sum(hit["main_when"] is not None for hit in hits))
    scores["where_rows"] = float(sum(hit["main_where"] is not None for hit in hits))
    return scores


def score_main_events(
    report: Mapping[str, Any], gold: Sequence[Mapping[str, Any]]
) -> dict[str, float]:
    """Return the share of annotated articles hit on ``when``/``where``, for main and any event.

    Keys: ``main_when``, ``main_where``, ``any_when``, ``any_where`` (shares) and
    ``when_rows``, ``where_rows`` (how many rows were scored: null ``when`` and
    empty ``where`` are not).
    """
    return shares(row_hits(report, gold))
