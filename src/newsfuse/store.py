"""Persistence of articles, dropped inputs and story reports.

One small interface (``Store``) with a SQLite implementation here; a
PostgreSQL one lives in ``store_pg``. ``open_store(url)`` picks by URL. Rules
that every implementation keeps:

- named migrations, applied once, in order, recorded in ``migrations``;
- ``save_batch`` writes one batch in one transaction: all of it or none;
- ingestion is idempotent: an article whose ``key`` is already stored is not
  stored again (the first copy wins), so re-ingesting changes nothing;
- ``readings`` gives back a stored ``Reading`` only under the cache key it was
  saved with (``newsfuse.cache.reading_key``), so a changed article or reader
  never gets a stale one.

Records are stored as JSON documents beside a few indexed columns; the JSON is
what ``as_dict()`` gives, so the store never needs to know a record's fields.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from newsfuse.errors import StoreError
from newsfuse.records import Article, Dropped, Reading, StoryReport, from_dict


@dataclass(frozen=True)
class SaveResult:
    added: tuple[str, ...]  # ids of articles stored by this batch
    existing: tuple[str, ...]  # ids that were already stored (idempotent re-ingest)


class Store(Protocol):
    def save_batch(
        self,
        articles: Sequence[Article],
        dropped: Sequence[Dropped] = (),
    ) -> SaveResult: ...

    def update_articles(self, articles: Sequence[Article]) -> None: ...

    def articles(self, ids: Sequence[str] | None = None) -> list[Article]: ...

    def article(self, article_id: str) -> Article | None: ...

    def dropped(self) -> list[Dropped]: ...

    def replace_stories(
        self, reports: Sequence[StoryReport], bases: Mapping[str, str] | None = None
    ) -> None: ...

    def stories(self) -> list[StoryReport]: ...

    def story(self, story_id: str) -> StoryReport | None: ...

    def save_readings(self, readings: Sequence[Reading], keys: Mapping[str, str]) -> None: ...

    def readings(self, keys: Mapping[str, str]) -> dict[str, Reading]: ...

    def cached_stories(self, bases: Mapping[str, str]) -> dict[str, StoryReport]: ...

    def close(self) -> None: ...


# Each migration is (name, statements). Append only: never edit a shipped one.
MIGRATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "0001_articles",
        (
            """CREATE TABLE articles (
                   id TEXT PRIMARY KEY,
                   key TEXT NOT NULL UNIQUE,
                   published_at TEXT,
                   outlet TEXT,
                   duplicate_of TEXT,
                   ingested_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
                   data TEXT NOT NULL)""",
            "CREATE INDEX articles_published ON articles (published_at)",
            """CREATE TABLE dropped (
                   source TEXT NOT NULL,
                   stage TEXT NOT NULL,
                   reason TEXT NOT NULL,
                   PRIMARY KEY (source, stage))""",
        ),
    ),
    (
        "0002_stories",
        (
            """CREATE TABLE stories (
                   id TEXT PRIMARY KEY,
                   first_seen TEXT,
                   last_seen TEXT,
                   title TEXT,
                   data TEXT NOT NULL)""",
        ),
    ),
    (
        "0003_readings",
        (
            # the cached Reading of each article, valid while ``key`` matches
            """CREATE TABLE readings (
                   article TEXT PRIMARY KEY,
                   key TEXT NOT NULL,
                   data TEXT NOT NULL)""",
        ),
    ),
    (
        "0004_story_basis",
        # what a stored story report was made from (``cache.story_basis``): reused while equal
        ("ALTER TABLE stories ADD COLUMN basis TEXT",),
    ),
)


def _dump(record: Article | Dropped | Reading | StoryReport) -> str:
    return json.dumps(record.as_dict(), ensure_ascii=False, sort_keys=True)


class SQLiteStore:
    """The default store: one SQLite file (or ``:memory:``), WAL mode."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: we open transactions ourselves (BEGIN IMMEDIATE)
            self._db = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=30
            )
            self._db.execute("PRAGMA journal_mode=WAL")  # readers never block on the writer
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA busy_timeout=30000")
        except sqlite3.Error as error:
            raise StoreError(
                f"cannot open store {self.path}: {error}; check the path and its permissions"
            ) from error
        self._lock = threading.RLock()
        self.migrate()

    # -- transactions and migrations

    @contextmanager
    def atomic(self) -> Iterator[sqlite3.Connection]:
        """Run the block in one write transaction: committed whole or rolled back.

        Blocks nest: an inner one (``save_batch`` inside a caller's ``atomic()``) is a
        savepoint, so the outer transaction still commits or rolls back as one.
        """
        with self._lock:
            if self._db.in_transaction:
                self._db.execute("SAVEPOINT atomic")
                try:
                    yield self._db
                except BaseException:
                    self._db.execute("ROLLBACK TO SAVEPOINT atomic")
                    self._db.execute("RELEASE SAVEPOINT atomic")
                    raise
                else:
                    self._db.execute("RELEASE SAVEPOINT atomic")
                return
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            else:
                self._db.execute("COMMIT")

    def migrate(self) -> list[str]:
        """Apply the migrations not yet applied; return their names."""
        applied: list[str] = []
        try:
            with self.atomic() as db:
                db.execute(
                    "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY,"
                    " applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"
                )
                done = {row[0] for row in db.execute("SELECT name FROM migrations")}
                for name, statements in MIGRATIONS:
                    if name in done:
                        continue
                    for statement in statements:
                        db.execute(statement)
                    db.execute("INSERT INTO migrations (name) VALUES (?)", (name,))
                    applied.append(name)
        except sqlite3.Error as error:
            raise StoreError(
                f"cannot migrate store {self.path}: {error}; is it a newsfuse store?"
            ) from error
        return applied

    def migrations(self) -> list[str]:
        return [row[0] for row in self._db.execute("SELECT name FROM migrations ORDER BY name")]

    # -- writes

    def save_batch(
        self, articles: Sequence[Article], dropped: Sequence[Dropped] = ()
    ) -> SaveResult:
        added: list[str] = []
        existing: list[str] = []
        try:
            with self.atomic() as db:
                for article in articles:
                    cursor = db.execute(
                        "INSERT INTO articles (id, key, published_at, outlet, duplicate_of, data)"
                        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                        (
                            article.id,
                            article.key,
                            article.published_at,
                            article.outlet,
                            article.duplicate_of,
                            _dump(article),
                        ),
                    )
                    (added if cursor.rowcount == 1 else existing).append(article.id)
                for item in dropped:
                    db.execute(
                        "INSERT INTO dropped (source, stage, reason) VALUES (?, ?, ?)"
                        " ON CONFLICT (source, stage) DO UPDATE SET reason = excluded.reason",
                        (item.source, item.stage, item.reason),
                    )
        except sqlite3.Error as error:
            raise StoreError(f"cannot write to store {self.path}: {error}") from error
        return SaveResult(tuple(added), tuple(existing))

    def update_articles(self, articles: Sequence[Article]) -> None:
        with self.atomic() as db:
            for article in articles:
                db.execute(
                    "UPDATE articles SET duplicate_of = ?, data = ? WHERE id = ?",
                    (article.duplicate_of, _dump(article), article.id),
                )

    def replace_stories(
        self, reports: Sequence[StoryReport], bases: Mapping[str, str] | None = None
    ) -> None:
        """Replace every stored story by ``reports`` in one transaction.

        ``bases`` (story id -> basis) marks the reports that a later run may reuse.
        """
        bases = bases or {}
        with self.atomic() as db:
            db.execute("DELETE FROM stories")
            db.executemany(
                "INSERT INTO stories (id, first_seen, last_seen, title, data, basis)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (  # a generator: one JSON text at a time, not the whole store's
                    (
                        report.story.id,
                        report.story.first_seen,
                        report.story.last_seen,
                        report.story.title,
                        _dump(report),
                        bases.get(report.story.id),
                    )
                    for report in reports
                ),
            )

    def save_readings(self, readings: Sequence[Reading], keys: Mapping[str, str]) -> None:
        """Store each reading under ``keys[reading.article]``, replacing any older one."""
        try:
            with self.atomic() as db:
                db.executemany(
                    "INSERT INTO readings (article, key, data) VALUES (?, ?, ?)"
                    " ON CONFLICT (article) DO UPDATE SET key = excluded.key, data = excluded.data",
                    # a generator: one JSON text at a time, not the whole batch's
                    ((r.article, keys[r.article], _dump(r)) for r in readings),
                )
        except sqlite3.Error as error:
            raise StoreError(f"cannot write to store {self.path}: {error}") from error

    # -- reads

    def readings(self, keys: Mapping[str, str]) -> dict[str, Reading]:
        """Return the readings of the articles in ``keys`` (id -> key) stored under that key."""
        wanted = list(keys)
        found: dict[str, Reading] = {}
        for start in range(0, len(wanted), 500):  # SQLite's variable limit
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT article, key, data FROM readings WHERE article IN ({marks})", chunk
            )
            for article_id, key, data in rows:
                if key == keys[article_id]:
                    found[article_id] = from_dict(Reading, json.loads(data))
        return found

    def cached_stories(self, bases: Mapping[str, str]) -> dict[str, StoryReport]:
        """Return the stored reports of the stories in ``bases`` (id -> basis) made from it."""
        rows = self._db.execute("SELECT id, basis, data FROM stories WHERE basis IS NOT NULL")
        return {
            story_id: from_dict(StoryReport, json.loads(data))
            for story_id, basis, data in rows
            if bases.get(story_id) == basis
        }

    def articles(self, ids: Sequence[str] | None = None) -> list[Article]:
        if ids is None:
            rows = self._db.execute(
                "SELECT data FROM articles ORDER BY published_at IS NULL, published_at, id"
            ).fetchall()
        else:
            wanted = list(dict.fromkeys(ids))
            rows = []
            for start in range(0, len(wanted), 500):  # SQLite's variable limit
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows += self._db.execute(
                    f"SELECT data FROM articles WHERE id IN ({marks})", chunk
                ).fetchall()
            order = {article_id: n for n, article_id in enumerate(wanted)}
            rows.sort(key=lambda row: order[json.loads(row[0])["id"]])
        return [Article.from_dict(json.loads(row[0])) for row in rows]

    def article(self, article_id: str) -> Article | None:
        found = self.articles([article_id])
        return found[0] if found else None

    def dropped(self) -> list[Dropped]:
        rows = self._db.execute("SELECT source, stage, reason FROM dropped ORDER BY source")
        return [Dropped(*row) for row in rows]

    def stories(self) -> list[StoryReport]:
        rows = self._db.execute("SELECT data FROM stories ORDER BY first_seen, id")
        return [from_dict(StoryReport, json.loads(row[0])) for row in rows]

    def story(self, story_id: str) -> StoryReport | None:
        row = self._db.execute("SELECT data FROM stories WHERE id = ?", (story_id,)).fetchone()
        return from_dict(StoryReport, json.loads(row[0])) if row else None

    def close(self) -> None:
        self._db.close()


def open_store(url: str | Path | None = None) -> Store:
    """Return the store at ``url``: a SQLite path (default in-memory) or ``postgresql://...``."""
    text = str(url) if url is not None else ":memory:"
    if text.startswith(("postgresql://", "postgres://")):
        from newsfuse.store_pg import PostgresStore

        return PostgresStore(text)
    if text.startswith("sqlite:///"):
        text = text.removeprefix("sqlite:///")
    return SQLiteStore(text)
