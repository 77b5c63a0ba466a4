"""The background analysis: in a spawned process (file and server stores) or a thread."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from newsfuse import api
from newsfuse.settings import Settings
from newsfuse.store import Store, open_store
from newsfuse.worker import ProcessWorker, ThreadWorker
from test_incremental import synthetic

SETTINGS = Settings(use_embeddings=False)


def test_worker_process_analyses_what_was_stored_then_stops(tmp_path: Path) -> None:
    url = str(tmp_path / "store.db")
    store = open_store(url)
    api.ingest_inputs(synthetic(6), store, SETTINGS, analyze=False)
    worker = ProcessWorker(url, SETTINGS)
    try:
        worker.notify()
        assert worker.wait_idle(300)
        status = worker.status()
        assert status["analyses"] == 1 and status["last_error"] is None
        assert not store.has_pending() and store.story_count() == 3
        os.kill(status["process"], signal.SIGKILL)  # killed mid-life: the next write restarts it
        api.ingest_inputs(synthetic(9)[6:], store, SETTINGS, analyze=False)
        worker.notify()
        assert worker.wait_idle(300) and worker.status()["process"] not in (None, status["process"])
        assert not store.has_pending()
    finally:
        worker.close()
    assert worker.status()["process"] is None


def test_worker_thread_outlives_a_failed_analysis() -> None:
    calls: list[int] = []

    def flaky(store: Store, settings: Settings) -> None:
        calls.append(len(calls))
        if len(calls) == 1:
            raise RuntimeError("disk full")

    worker = ThreadWorker(open_store(), SETTINGS, analyse=flaky)
    worker.notify()
    assert worker.wait_idle(10) and worker.status()["last_error"] == "RuntimeError: disk full"
    worker.notify()
    assert worker.wait_idle(10) and worker.status()["last_error"] is None
    assert worker.status()["analyses"] == 2
    worker.close()
