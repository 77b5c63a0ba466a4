"""Task "geoparse" of ``quality.py``: finding and placing toponyms in GeoVirus, no spans given.

    .venv/bin/python benchmarks/quality.py geoparse [--folds 5] [--repeats 3]

``geocode`` scores resolution on the gold spans; this task scores what the map of a
story shows: the places the pipeline itself finds in each article (spaCy's
entities, the story's label corrections and text cues, ``places.place_mentions``)
and resolves (``places.resolve_places``), each article taken as a story of its own.
A point is right when its mention overlaps a gold span and lies within 161 km of
that span's gold point. Printed, for newsfuse and for a plain baseline (spaCy's
GPE/LOC/FAC mentions, each at its name's most populous candidate):

- ``map precision``: the share of points drawn that are right (a point for a word
  that is no toponym in the gold counts against it, so does a wrong place);
- ``recall``: the share of gold mentions with a right point; ``f1`` of the two;
- ``not a toponym``: the share of points drawn where the gold has no toponym.

GeoVirus annotates the toponyms inside organisation names ("the Health Ministry of
Uganda") and leaves some others out, so ``not a toponym`` is an upper bound of the
words wrongly taken for places. Nothing is tuned here: the folds (split by
article) show the spread of the shipped system's figures.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from protocol import Summary, read_jsonl, repeated_folds  # noqa: E402

from newsfuse.gazetteer import Gazetteer, haversine_km  # noqa: E402
from newsfuse.records import Article, Mention, Reading  # noqa: E402

DATA = HERE.parent.parent / "shared" / "data" / "geocoding"
ACCURACY_KM = 161.0

Point = tuple[int, int, float, float]  # start, end, lat, lon of one drawn point
Counts = dict[str, float]


def evaluate(args: Any) -> list[dict[str, object]]:
    """Return the result rows of the geoparsing task (see the module docstring)."""
    from newsfuse.pipeline import nlp_for
    from newsfuse.settings import Settings
    from newsfuse.stages.read import read

    records = read_jsonl(DATA / "geovirus.input.jsonl")
    gold = {record["id"]: record["mentions"] for record in read_jsonl(DATA / "geovirus.gold.jsonl")}
    records = [record for record in records if record["id"] in gold]
    settings = Settings()
    articles = [
        Article(id=r["id"], key=r["id"], source=r["id"], text=r["text"], fingerprint=r["id"])
        for r in records
    ]
    readings = {reading.article: reading for reading in read(articles, nlp_for(settings), settings)}
    gazetteer = Gazetteer.builtin()
    systems = {"newsfuse": newsfuse_points, "baseline": baseline_points}
    tallies = {
        name: [
            _tally(system(article, readings[article.id], gazetteer), gold[article.id])
            for article in articles
        ]
        for name, system in systems.items()
    }
    groups = [article.id for article in articles]
    rows: list[dict[str, object]] = []
    for name, tally in tallies.items():
        for metric in ("map precision", "recall", "f1", "not a toponym"):
            every = range(len(articles))
            rows.append(_row(name, "dev", metric, f"{_metric(tally, every, metric):.3f}"))
            scores = [
                _metric(tally, fold.test, metric)
                for _, fold in repeated_folds(groups, args.folds, args.repeats, args.seed)
            ]
            rows.append(_row(name, "cv", metric, str(Summary.of(scores))))
    return rows


def newsfuse_points(article: Article, reading: Reading, gazetteer: Gazetteer) -> list[Point]:
    """Return the points the pipeline draws for one article taken as a story."""
    from newsfuse.stages import entities, places

    texts = {article.id: article.text}
    canon = entities.canonicalise(
        [reading],
        {article.id: article},
        place_names=gazetteer.knows,
        notable_places=gazetteer.notable,
    )
    found = places.place_mentions(
        canon.place_mentions, texts, canon.other_mentions, known=gazetteer.knows
    )
    resolved = places.without_names_of_others(
        places.resolve_places(found, texts, gazetteer), canon.entities
    )
    points = {}
    for mention in found:
        place = places.find_place(mention.text, resolved)
        if place is not None and place.lat is not None and place.lon is not None:
            points[(mention.start, mention.end)] = (place.lat, place.lon)
    return [(start, end, lat, lon) for (start, end), (lat, lon) in points.items()]


def baseline_points(article: Article, reading: Reading, gazetteer: Gazetteer) -> list[Point]:
    """Return spaCy's place mentions, each at its name's most populous candidate."""
    points = []
    for mention in _places_of(reading.mentions):
        best = max(gazetteer.candidates(mention.text), key=lambda c: c.population, default=None)
        if best is not None:
            points.append((mention.start, mention.end, best.lat, best.lon))
    return points


def _places_of(mentions: Sequence[Mention]) -> list[Mention]:
    return [mention for mention in mentions if mention.label in ("GPE", "LOC", "FAC")]


def _tally(points: Sequence[Point], gold: Sequence[dict[str, Any]]) -> Counts:
    right = stray = 0
    found: set[int] = set()
    for start, end, lat, lon in points:
        spans = [i for i, g in enumerate(gold) if g["start"] < end and start < g["end"]]
        near = [
            i
            for i in spans
            if haversine_km(lat, lon, gold[i]["lat"], gold[i]["lon"]) <= ACCURACY_KM
        ]
        right += bool(near)
        stray += not spans
        found.update(near)
    return {
        "points": len(points),
        "right": right,
        "stray": stray,
        "gold": len(gold),
        "found": len(found),
    }


def _metric(tallies: Sequence[Counts], indices: Sequence[int] | range, metric: str) -> float:
    sums = {key: sum(tallies[i][key] for i in indices) for key in tallies[0]}
    precision = sums["right"] / sums["points"] if sums["points"] else 0.0
    recall = sums["found"] / sums["gold"] if sums["gold"] else 0.0
    if metric == "map precision":
        return precision
    if metric == "recall":
        return recall
    if metric == "not a toponym":
        return sums["stray"] / sums["points"] if sums["points"] else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _row(system: str, split: str, metric: str, score: str) -> dict[str, object]:
    return {"task": "geoparse", "system": system, "split": split, "metric": metric, "score": score}
