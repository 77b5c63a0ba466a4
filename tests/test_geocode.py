"""geocode: the `newsfuse geocode` record shape and the accuracy@161 km scoring."""

from __future__ import annotations

from newsfuse.gazetteer import Gazetteer
from newsfuse.geocode import geocode_records, score_geocoding

TEXT = "Floods hit Nairobi, Kenya, and spread to Kisumu on Monday."


def test_geocode_records_gives_one_point_per_span() -> None:
    record = {"id": "d1", "text": TEXT, "published": None, "mentions": [{"start": 11, "end": 18}]}
    (out,) = geocode_records([record], Gazetteer.builtin())
    (mention,) = out["mentions"]
    assert out["id"] == "d1" and mention["name"] == "Nairobi"
    assert mention["country"] == "KE" and abs(mention["lat"] + 1.29) < 0.2
    assert mention["gazetteer_id"].startswith("geonames:")


def test_geocode_score_counts_accuracy_over_gold_and_precision_over_resolved() -> None:
    gold = [
        {
            "id": "d",
            "mentions": [
                {"start": 0, "end": 1, "name": "A", "lat": 0.0, "lon": 0.0},
                {"start": 2, "end": 3, "name": "B", "lat": 10.0, "lon": 10.0},
                {"start": 4, "end": 5, "name": "C", "lat": 20.0, "lon": 20.0},
            ],
        }
    ]
    predicted = [
        {
            "id": "d",
            "mentions": [
                {"start": 0, "end": 1, "lat": 0.5, "lon": 0.5},  # 78 km: right
                {"start": 2, "end": 3, "lat": 15.0, "lon": 10.0},  # 556 km: wrong
                {"start": 4, "end": 5, "lat": None, "lon": None},  # unresolved
            ],
        }
    ]
    scores = score_geocoding(predicted, gold)
    assert scores["accuracy"] == 1 / 3 and scores["precision"] == 1 / 2


def test_geocode_score_coverage_asks_the_gazetteer_for_any_near_candidate() -> None:
    gold = [
        {
            "id": "d",
            "mentions": [
                {"start": 0, "end": 7, "name": "Nairobi", "lat": -1.28, "lon": 36.82},
                {"start": 8, "end": 20, "name": "Nowherevillx", "lat": 0.0, "lon": 0.0},
            ],
        }
    ]
    scores = score_geocoding([], gold, gazetteer=Gazetteer.builtin())
    assert scores["coverage"] == 0.5 and scores["accuracy"] == 0.0


def test_geocode_score_splits_misses_by_cause() -> None:
    gold = [
        {
            "id": "d",
            "mentions": [
                {"start": 0, "end": 7, "name": "Nairobi", "lat": -1.28, "lon": 36.82},
                {"start": 8, "end": 15, "name": "Nairobi", "lat": -1.28, "lon": 36.82},
                {"start": 16, "end": 23, "name": "Nairobi", "lat": 40.0, "lon": 0.0},
                {"start": 24, "end": 36, "name": "Nowherevillx", "lat": 0.0, "lon": 0.0},
            ],
        }
    ]
    predicted = [
        {
            "id": "d",
            "mentions": [
                {"start": 0, "end": 7, "lat": 10.0, "lon": 10.0},  # a near entry existed
                {"start": 8, "end": 15, "lat": None, "lon": None},  # abstained
                {"start": 16, "end": 23, "lat": -1.28, "lon": 36.82},  # no entry near gold
            ],
        }
    ]
    scores = score_geocoding(predicted, gold, gazetteer=Gazetteer.builtin())
    assert (scores["miss_wrong_choice"], scores["miss_abstained"]) == (0.25, 0.25)
    assert (scores["miss_no_near_candidate"], scores["miss_no_candidate"]) == (0.25, 0.25)
