"""The library calls: progress on a terminal's stderr, and nowhere else."""

from __future__ import annotations

import io

import pytest

from newsfuse import api
from newsfuse.pipeline import Resources
from newsfuse.settings import Settings
from newsfuse.store import open_store
from test_incremental import synthetic

SETTINGS = Settings(use_embeddings=False)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("terminal", [True, False])
def test_api_ingest_shows_progress_on_a_terminal_only(
    monkeypatch: pytest.MonkeyPatch, terminal: bool
) -> None:
    stderr = Terminal() if terminal else io.StringIO()
    monkeypatch.setattr("sys.stderr", stderr)
    resources = Resources.load(SETTINGS)
    api.ingest_inputs(synthetic(3), open_store(), SETTINGS, resources=resources, progress=True)
    shown = stderr.getvalue()
    if terminal:
        assert "ingest" in shown and "read" in shown and "3/3" in shown
    else:
        assert shown == ""
