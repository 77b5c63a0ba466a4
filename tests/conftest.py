"""Shared fixtures: paths to ../shared (read in place, never copied) and the gold file."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold"
DATA = SHARED / "data"
SEEDS_PUBLISHED = "2025-03-20"


def need_shared() -> None:
    """Skip locally without ../shared; in CI (CI=true) its absence is a failure, not a skip."""
    if not SHARED.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"../shared is missing (looked for {SHARED}); CI must provide it")
        pytest.skip("../shared is not beside the project")


@pytest.fixture(scope="session")
def gold() -> dict[str, Any]:
    need_shared()
    return json.loads((GOLD / "seeds.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    need_shared()
    return sorted(SEEDS.glob("*.txt"))
