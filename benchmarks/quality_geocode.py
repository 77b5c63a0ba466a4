"""Task "geocode" of ``quality.py``: toponym resolution on GeoVirus, by the development protocol.

    .venv/bin/python benchmarks/quality.py geocode [--folds 5] [--repeats 3]

Rows are articles (gold spans given); folds are split by article. Printed, all in
one run:

- ``newsfuse`` with the shipped weights (``places.DEFAULT_TUNING``) on the whole
  file (``dev``: what the quality gate pins) and on held-back folds;
- ``newsfuse-cv``: the weights (abstention margin, country weight) chosen on the
  training folds of each split by the F1 of precision and accuracy, scored on
  the held-back fold; the weights each fold chose are listed;
- ``baseline``: the highest-population candidate of the name, nothing else;
- the miss split of the shipped system (no candidate at all, no candidate near
  the gold point, abstained with a near candidate, chose another) and the
  accuracy of each way of drawing a country's point (package point, main
  landmass centre, capital, and the shipped rule), chosen by the same folds.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import astuple
from itertools import product
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from protocol import Summary, choose, read_jsonl, repeated_folds  # noqa: E402

from newsfuse.gazetteer import Gazetteer, country_point_options  # noqa: E402
from newsfuse.geocode import MISS_KINDS, geocode_record, score_geocoding  # noqa: E402
from newsfuse.stages.places import DEFAULT_TUNING, Tuning  # noqa: E402

DATA = HERE.parent.parent / "shared" / "data" / "geocoding"
MARGINS = (0.0, 0.5, 1.0)
COUNTRY_WEIGHTS = (2.0, 3.0, 4.0)
NAMESAKE_KM = (300.0, 1000.0)
STRICT_ALTERNATES = (False, True)

Counts = dict[str, float]  # score_geocoding's figures of one article, as counts


def evaluate(args: Any) -> list[dict[str, object]]:
    """Return the result rows of the geocoding task (see the module docstring)."""
    inputs = read_jsonl(DATA / "geovirus.input.jsonl")
    gold = {record["id"]: record for record in read_jsonl(DATA / "geovirus.gold.jsonl")}
    pairs = [(record, gold[record["id"]]) for record in inputs if record["id"] in gold]
    gazetteer = Gazetteer.builtin()
    groups = [record["id"] for record, _ in pairs]
    folds = dict(k=args.folds, repeats=args.repeats, seed=args.seed)

    options = [
        Tuning(*values)
        for values in product(MARGINS, COUNTRY_WEIGHTS, NAMESAKE_KM, STRICT_ALTERNATES)
    ]
    predicted = {
        tuning: [geocode_record(record, gazetteer, tuning) for record, _ in pairs]
        for tuning in options
    }
    tallies = {
        tuning: [_tally(p, g, gazetteer) for p, (_, g) in zip(out, pairs, strict=True)]
        for tuning, out in predicted.items()
    }
    baseline = [_tally(_highest_population(record, gazetteer), g, gazetteer) for record, g in pairs]
    rows: list[dict[str, object]] = []

    def add(system: str, split: str, metric: str, score: object) -> None:
        rows.append(
            {"task": "geocode", "system": system, "split": split, "metric": metric, "score": score}
        )

    shipped = tallies[DEFAULT_TUNING]
    for metric in ("accuracy", "precision", "coverage", "f1"):
        add("newsfuse", "dev", metric, f"{_metric(shipped, range(len(pairs)), metric):.3f}")
        add("baseline", "dev", metric, f"{_metric(baseline, range(len(pairs)), metric):.3f}")
    for kind in MISS_KINDS:
        add("newsfuse", "dev", kind, f"{_metric(shipped, range(len(pairs)), kind):.3f}")

    for metric in ("accuracy", "precision"):
        add("newsfuse", "cv", metric, _held_back(shipped, groups, metric, folds))
        add("baseline", "cv", metric, _held_back(baseline, groups, metric, folds))
    chosen, summaries = _choose_by_folds(
        options, lambda tuning: tallies[tuning], groups, folds, ("accuracy", "precision")
    )
    for metric, summary in summaries.items():
        add("newsfuse-cv", "cv", metric, str(summary))
    add("newsfuse-cv", "cv", "chosen (margin, weight, km, strict)", _count_choices(chosen))

    # Where a country is drawn: the same predictions with each way of placing a country.
    points = country_point_options(gazetteer)
    redrawn = {
        scheme: [
            _tally(_redraw(p, table), g, gazetteer)
            for p, (_, g) in zip(predicted[DEFAULT_TUNING], pairs, strict=True)
        ]
        for scheme, table in points.items()
    }
    for scheme, tally in redrawn.items():
        add(
            f"country point: {scheme}",
            "dev",
            "accuracy",
            f"{_metric(tally, range(len(pairs)), 'accuracy'):.3f}",
        )
    chosen_points, point_summaries = _choose_by_folds(
        list(points), lambda scheme: redrawn[scheme], groups, folds, ("accuracy",)
    )
    add("country point (chosen)", "cv", "accuracy", str(point_summaries["accuracy"]))
    add("country point (chosen)", "cv", "chosen", _count_choices(chosen_points))
    return rows


# ------------------------------------------------------------------ scoring


def _tally(predicted: dict[str, Any], gold: dict[str, Any], gazetteer: Gazetteer) -> Counts:
    scores = score_geocoding([predicted], [gold], gazetteer=gazetteer)
    total = scores["mentions"]
    counts = {"mentions": total, "resolved": scores["resolved"], "correct": scores["correct"]}
    counts["covered"] = scores["coverage"] * total
    counts.update({kind: scores[kind] * total for kind in MISS_KINDS})
    return counts


def _metric(tallies: Sequence[Counts], indices: Sequence[int] | range, metric: str) -> float:
    sums: dict[str, float] = {}
    for index in indices:
        for key, value in tallies[index].items():
            sums[key] = sums.get(key, 0.0) + value
    total, resolved, correct = sums.get("mentions", 0), sums.get("resolved", 0), sums["correct"]
    accuracy = correct / total if total else 0.0
    precision = correct / resolved if resolved else 0.0
    if metric == "accuracy":
        return accuracy
    if metric == "precision":
        return precision
    if metric == "f1":  # accuracy is the recall of places: both matter to an analyst
        return 2 * accuracy * precision / (accuracy + precision) if accuracy + precision else 0.0
    key = "covered" if metric == "coverage" else metric
    return sums.get(key, 0.0) / total if total else 0.0


def _held_back(tallies: Sequence[Counts], groups: Sequence[str], metric: str, folds: dict) -> str:
    scores = [
        _metric(tallies, fold.test, metric)
        for _, fold in repeated_folds(groups, folds["k"], folds["repeats"], folds["seed"])
    ]
    return str(Summary.of(scores))


def _choose_by_folds(
    options: Sequence[Any],
    tallies_of: Callable[[Any], Sequence[Counts]],
    groups: Sequence[str],
    folds: dict,
    metrics: Sequence[str],
) -> tuple[list[Any], dict[str, Summary]]:
    """Choose an option on each split's training folds (by F1, or the one metric); score it."""
    objective = "f1" if len(metrics) > 1 else metrics[0]
    chosen: list[Any] = []
    held: dict[str, list[float]] = {metric: [] for metric in metrics}
    for _, fold in repeated_folds(groups, folds["k"], folds["repeats"], folds["seed"]):
        option, _ = choose(
            options, lambda o, fold=fold: _metric(tallies_of(o), fold.train, objective)
        )
        chosen.append(option)
        for metric in metrics:
            held[metric].append(_metric(tallies_of(option), fold.test, metric))
    return chosen, {metric: Summary.of(scores) for metric, scores in held.items()}


def _count_choices(chosen: Sequence[Any]) -> str:
    counts: dict[str, int] = {}
    for option in chosen:
        label = str(astuple(option)) if isinstance(option, Tuning) else str(option)
        counts[label] = counts.get(label, 0) + 1
    return ", ".join(f"{label} x{n}" for label, n in sorted(counts.items(), key=lambda kv: -kv[1]))


# ------------------------------------------------------------------ systems


def _highest_population(record: dict[str, Any], gazetteer: Gazetteer) -> dict[str, Any]:
    """Return the baseline's output record: each span's most populous candidate."""
    text = str(record.get("text") or "")
    mentions = []
    for m in record.get("mentions") or ():
        found = gazetteer.candidates(text[m["start"] : m["end"]])
        best = max(found, key=lambda c: c.population, default=None)
        mentions.append(
            {
                "start": m["start"],
                "end": m["end"],
                "lat": best.lat if best else None,
                "lon": best.lon if best else None,
            }
        )
    return {"id": record["id"], "mentions": mentions}


def _redraw(predicted: dict[str, Any], table: dict[str, tuple[float, float]]) -> dict[str, Any]:
    """Return ``predicted`` with every country point moved to ``table``'s point for it."""
    mentions = []
    for m in predicted["mentions"]:
        point = table.get(m.get("gazetteer_id") or "")
        mentions.append({**m, "lat": point[0], "lon": point[1]} if point else m)
    return {**predicted, "mentions": mentions}
