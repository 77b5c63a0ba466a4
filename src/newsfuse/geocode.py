"""Geocode given place spans (``newsfuse geocode``) and score the result against gold.

Input records: ``{"id", "text", "published", "mentions": [{"start", "end"}]}``
(character offsets, end exclusive). Output records: ``{"id", "mentions":
[{"start", "end", "name", "lat", "lon", "country", "gazetteer_id"}]}`` with
null lat/lon where a name stays unresolved. The score is the standard
geoparsing measure, accuracy at 161 km (100 miles) over all gold mentions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from newsfuse.gazetteer import Gazetteer, haversine_km
from newsfuse.stages.places import DEFAULT_TUNING, Tuning, resolve_spans

ACCURACY_KM = 161.0


def geocode_record(
    record: dict[str, Any], gazetteer: Gazetteer, tuning: Tuning = DEFAULT_TUNING
) -> dict[str, Any]:
    """Return the output record for one input record: a point (or nulls) for each span."""
    text = str(record.get("text") or "")
    spans = [(int(m["start"]), int(m["end"])) for m in record.get("mentions") or ()]
    places = resolve_spans(text, spans, gazetteer, record.get("published"), tuning=tuning)
    mentions = []
    for (start, end), place in zip(spans, places, strict=True):
        mentions.append(
            {
                "start": start,
                "end": end,
                "name": text[start:end],
                "lat": place.lat if place else None,
                "lon": place.lon if place else None,
                "country": place.country if place else None,
                "gazetteer_id": place.gazetteer_id if place else None,
            }
        )
    return {"id": record.get("id"), "mentions": mentions}


def geocode_records(
    records: Iterable[dict[str, Any]], gazetteer: Gazetteer, tuning: Tuning = DEFAULT_TUNING
) -> Iterator[dict[str, Any]]:
    """Yield one output record per input record, in order."""
    for record in records:
        yield geocode_record(record, gazetteer, tuning)


def score_geocoding(
    predicted: Iterable[dict[str, Any]],
    gold: Iterable[dict[str, Any]],
    *,
    gazetteer: Gazetteer | None = None,
    km: float = ACCURACY_KM,
    country_of: Callable[[float, float], str | None] | None = None,
) -> dict[str, float]:
    """Return accuracy@km over all gold mentions, precision of resolved ones, and coverage.

    ``accuracy`` counts a gold mention right when the predicted point for the
    same span lies within ``km``; ``precision`` is the share of resolved
    mentions within ``km``; ``coverage`` (only with a ``gazetteer``) is the
    share of gold mentions for which any candidate of the name lies within
    ``km``: the ceiling any resolver over that gazetteer can reach. With a
    ``gazetteer`` the misses (gold mentions not placed within ``km``) are split,
    as shares of all gold mentions: ``miss_no_candidate`` (the name has no entry
    at all), ``miss_no_near_candidate`` (entries, none within ``km``: a missing
    place, or a country or region drawn elsewhere), ``miss_abstained`` and
    ``miss_wrong_choice`` (a near entry existed; none, or another, was chosen).
    ``country_precision`` (only with ``country_of``, e.g. :func:`country_at`) is
    the share of resolved mentions whose country is that of the gold point: it
    separates a wrong place from a right country whose centre is drawn elsewhere
    (gold sets differ in where they put a large country's point).
    """
    points = {
        (record["id"], m["start"], m["end"]): (m.get("lat"), m.get("lon"), m.get("country"))
        for record in predicted
        for m in record.get("mentions") or ()
    }
    total = resolved = correct = covered = same_country = 0
    misses: Counter[str] = Counter()
    for record in gold:
        for m in record.get("mentions") or ():
            total += 1
            lat, lon, country = points.get((record["id"], m["start"], m["end"]), (None,) * 3)
            near = False
            if lat is not None and lon is not None:
                resolved += 1
                near = haversine_km(lat, lon, m["lat"], m["lon"]) <= km
                correct += near
                if country_of is not None:
                    same_country += near or country == country_of(m["lat"], m["lon"])
            if gazetteer is not None:
                found = gazetteer.candidates(m["name"])
                has_near = any(haversine_km(c.lat, c.lon, m["lat"], m["lon"]) <= km for c in found)
                covered += has_near
                if not near:
                    misses[_miss_kind(bool(found), has_near, lat is not None)] += 1
    scores = {
        "mentions": float(total),
        "resolved": float(resolved),
        "correct": float(correct),
        "accuracy": correct / total if total else 0.0,
        "precision": correct / resolved if resolved else 0.0,
    }
    if gazetteer is not None:
        scores["coverage"] = covered / total if total else 0.0
        for kind in MISS_KINDS:
            scores[kind] = misses[kind] / total if total else 0.0
    if country_of is not None:
        scores["country_precision"] = same_country / resolved if resolved else 0.0
    return scores


def country_at(lat: float, lon: float) -> str | None:
    """Return the ISO-2 country of the populated place nearest a point (reverse_geocode)."""
    import reverse_geocode

    found = reverse_geocode.get((lat, lon))
    return str(found.get("country_code") or "") or None


MISS_KINDS = ("miss_no_candidate", "miss_no_near_candidate", "miss_abstained", "miss_wrong_choice")


def _miss_kind(has_candidate: bool, has_near: bool, resolved: bool) -> str:
    if not has_candidate:
        return "miss_no_candidate"
    if not has_near:
        return "miss_no_near_candidate"
    return "miss_wrong_choice" if resolved else "miss_abstained"
