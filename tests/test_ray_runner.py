"""The Ray runner gives the same report as the local runner (Ray local, 2 CPUs)."""

import pytest

from conftest import SEEDS_PUBLISHED
from newsfuse import api
from newsfuse.report import report_dict
from newsfuse.settings import Settings


def _comparable(report) -> dict:
    data = report_dict(report)
    data.pop("generated_at")
    return data


@pytest.mark.slow
def test_ray_runner_report_equals_the_local_report(seed_paths):
    ray = pytest.importorskip("ray")
    from newsfuse.runners.ray_runner import RayRunner

    settings = Settings()
    local = api.analyze(seed_paths, settings, published=SEEDS_PUBLISHED)
    try:
        runner = RayRunner(num_cpus=2)
        distributed = api.analyze(seed_paths, settings, published=SEEDS_PUBLISHED, runner=runner)
    finally:
        ray.shutdown()
    assert _comparable(distributed) == _comparable(local)
    assert distributed.stories and distributed.stories[0].events
