"""One background analysis per store, so that a write returns as soon as it is stored.

The HTTP API stores what it is sent (one transaction), answers 202 with the
article ids and calls ``notify()``; the worker then analyses what is pending
(``api.refresh``), once more if more arrived meanwhile, and sleeps. Readers
read the last complete analysis throughout: each is saved in one transaction
(``Store.save_analysis``), and a second analysing process is refused rather
than allowed to overwrite it.

- ``ProcessWorker`` analyses in a process of its own (spawned, so it shares no
  threads or locks with the server), opening the store by its URL: the analysis
  (spaCy and much Python) never holds the server's interpreter lock while
  requests wait. It is restarted if it dies. For SQLite files and PostgreSQL.
- ``ThreadWorker`` analyses in a thread of this process: for an in-memory store,
  which no other process can open, and for tests.

``status()`` says whether an analysis is running, how many were made and the
last error; ``wait_idle()`` blocks until nothing is queued or running.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Protocol

from newsfuse.settings import Settings
from newsfuse.store import Store

log = logging.getLogger(__name__)
Analyse = Callable[[Store, Settings], Any]


class Worker(Protocol):
    def notify(self) -> None: ...

    def status(self) -> dict[str, Any]: ...

    def wait_idle(self, timeout: float = 60.0) -> bool: ...

    def close(self) -> None: ...


def refresh_analysis(store: Store, settings: Settings) -> Any:
    """Analyse what ``store`` holds pending (the default analysis of a worker)."""
    from newsfuse.api import refresh

    return refresh(store, settings)


class ThreadWorker:
    """Analyses ``store`` in a daemon thread of this process, one analysis at a time."""

    def __init__(self, store: Store, settings: Settings, analyse: Analyse | None = None) -> None:
        self._store = store
        self._settings = settings
        self._analyse = analyse or refresh_analysis
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Condition()
        self._running = False
        self._analyses = 0
        self._last_error: str | None = None
        self._thread: threading.Thread | None = None

    def notify(self) -> None:
        """Queue an analysis (one follows however many writes arrive meanwhile)."""
        with self._idle:
            self._wake.set()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="newsfuse-analysis", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            if not self._wake.wait(timeout=1.0):
                continue
            with self._idle:
                self._wake.clear()
                self._running = True
            try:
                self._analyse(self._store, self._settings)
                self._last_error = None
            except Exception as error:  # the worker outlives a failed analysis
                log.exception("background analysis failed")
                self._last_error = f"{type(error).__name__}: {error}"
            finally:
                with self._idle:
                    self._running = False
                    self._analyses += 1
                    self._idle.notify_all()

    def status(self) -> dict[str, Any]:
        return {
            "running": self._running,
            "queued": self._wake.is_set(),
            "analyses": self._analyses,
            "last_error": self._last_error,
        }

    def wait_idle(self, timeout: float = 60.0) -> bool:
        """Return True once nothing is queued or running (False after ``timeout`` seconds)."""
        with self._idle:
            return self._idle.wait_for(
                lambda: not (self._running or self._wake.is_set()), timeout=timeout
            )

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)


class ProcessWorker:
    """Analyses the store at ``url`` in a spawned process of its own, restarted if it dies.

    The two processes talk through a pipe only (no shared locks): a process that is
    killed mid-analysis, or by the same signal as the server, can never leave a lock
    held that the server would then wait on forever.
    """

    def __init__(self, url: str, settings: Settings) -> None:
        self._url = url
        self._settings = settings
        self._context = multiprocessing.get_context("spawn")
        self._process: Any = None
        self._pipe: Connection | None = None
        self._sent = 0  # wake-ups sent to the current process
        self._taken = 0  # wake-ups it has taken up
        self._running = False
        self._analyses = 0
        self._last_error: str | None = None
        self._lock = threading.Lock()

    def notify(self) -> None:
        with self._lock:
            if self._process is None or not self._process.is_alive():
                self._start()
            assert self._pipe is not None
            try:
                self._pipe.send("wake")
                self._sent += 1
            except OSError:  # it died just now: the next write starts another
                self._process = None

    def _start(self) -> None:
        ours, theirs = self._context.Pipe()
        self._pipe = ours
        self._sent = self._taken = 0
        self._running = False
        self._process = self._context.Process(
            target=_serve, args=(self._url, self._settings, theirs), name="newsfuse-analysis"
        )
        self._process.daemon = True
        self._process.start()
        theirs.close()

    def _drain(self) -> None:
        """Take in what the analysis process has reported."""
        with self._lock:
            while self._pipe is not None:
                try:
                    if not self._pipe.poll():
                        break
                    kind, detail = self._pipe.recv()
                except (EOFError, OSError):  # it died; _revive decides what follows
                    self._pipe = None
                    break
                if kind == "start":
                    self._taken += detail
                    self._running = True
                else:
                    self._running = False
                    self._analyses += 1
                    self._last_error = detail if kind == "error" else None

    def _alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def _revive(self) -> None:
        """Start a new process if the last one died with work queued or under way."""
        with self._lock:
            if self._alive() or self._process is None:
                return
            if self._taken < self._sent or self._running:
                self._start()
                assert self._pipe is not None
                self._pipe.send("wake")
                self._sent = 1

    def status(self) -> dict[str, Any]:
        self._drain()
        self._revive()
        alive = self._alive()
        return {
            "running": alive and self._running,
            "queued": alive and self._taken < self._sent,
            "analyses": self._analyses,
            "last_error": self._last_error,
            "process": self._process.pid if alive else None,
        }

    def wait_idle(self, timeout: float = 60.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.status()
            if not (status["running"] or status["queued"]):
                return True
            time.sleep(0.05)
        return False

    def close(self) -> None:
        with self._lock:
            if self._pipe is not None:
                with contextlib.suppress(OSError):  # already gone
                    self._pipe.send("stop")
        if self._process is not None:
            self._process.join(timeout=30)  # an analysis under way finishes first
            if self._process.is_alive():
                self._process.terminate()  # its transaction is rolled back
                self._process.join(timeout=5)


def _serve(url: str, settings: Settings, pipe: Connection) -> None:
    """The analysis process: analyse whenever woken, until told to stop or orphaned."""
    from newsfuse.api import refresh
    from newsfuse.pipeline import Pipeline, Resources
    from newsfuse.store import open_store

    store = open_store(url)
    resources: Resources | None = None
    parent = multiprocessing.parent_process()
    try:
        while parent is None or parent.is_alive():
            try:
                if not pipe.poll(1.0):
                    continue
                messages = [pipe.recv()]
                while pipe.poll():
                    messages.append(pipe.recv())
            except (EOFError, OSError):
                return  # the server is gone
            if "stop" in messages:
                return
            pipe.send(("start", len(messages)))
            try:
                resources = resources or Resources.load(settings)  # models loaded once
                refresh(store, settings, Pipeline(settings, resources))
                pipe.send(("done", None))
            except Exception as error:  # the worker outlives a failed analysis
                log.exception("background analysis failed")
                pipe.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        store.close()
