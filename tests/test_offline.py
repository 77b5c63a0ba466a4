"""Nothing downloads at run time: the whole analysis runs with the network cut."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from conftest import SEEDS_PUBLISHED


@pytest.mark.slow
def test_offline_analyze_runs_in_a_network_namespace_without_network(seed_paths):
    if not shutil.which("unshare") or subprocess.run(["unshare", "-n", "true"]).returncode:
        pytest.skip("cannot make a network namespace here (unshare -n needs root)")
    command = ["unshare", "-n", sys.executable, "-m", "newsfuse.cli", "analyze",
               *map(str, seed_paths), "--published", SEEDS_PUBLISHED, "--json"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["stories"][0]["events"] and report["stories"][0]["brief"]["sentences"]
