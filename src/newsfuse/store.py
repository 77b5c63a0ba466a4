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
  never gets a stale one;
- an analysis is written whole by ``save_analysis`` (stories, their members,
  merged story ids, dedupe index, clusterer state) in one transaction, and only
  if no other analysis was saved since it started (``generation``): readers see
  the last complete analysis, never a part of one, and two analysing processes
  never overwrite each other's work;
- reads never wait for a write: SQLite files are in WAL mode and every thread
  reads through a connection of its own (an in-memory store, one connection,
  takes its reads between transactions instead).

The analysis state lets an ingest cost what its batch touches, not what the
store holds: ``pending`` lists the articles no analysis has placed yet,
``story_members`` each placed article's story, ``story_ids`` every story id
ever handed out (creation order, and the id a merged one now redirects to),
``kept_copies``/``copy_bands`` the dedupe index (MinHash signatures and LSH
buckets, looked up by bucket), ``analysis_state`` named blobs (the clusterer's
state, the fingerprint of what the analysis was made with) and the generation.

Records are stored as JSON documents beside a few indexed columns; the JSON is
what ``as_dict()`` gives, so the store never needs to know a record's fields.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from newsfuse.errors import StaleAnalysis, StoreError
from newsfuse.records import Article, Dropped, KeptCopy, Reading, StoryReport, from_dict

__all__ = [
    "MIGRATIONS",
    "AnalysisUpdate",
    "SQLiteStore",
    "SaveResult",
    "StaleAnalysis",
    "Store",
    "current_story_id",
    "open_store",
]


@dataclass(frozen=True)
class SaveResult:
    added: tuple[str, ...]  # ids of articles stored by this batch
    existing: tuple[str, ...]  # ids that were already stored (idempotent re-ingest)


@dataclass(frozen=True)
class AnalysisUpdate:
    """What one analysis writes; ``save_analysis`` commits it whole or not at all."""

    generation: int  # the store's generation when the analysis started
    reports: Sequence[StoryReport] = ()  # stories written (replacing a stored one of that id)
    bases: Mapping[str, str] = field(default_factory=dict)  # story id -> basis, when reusable
    members: Mapping[str, str] = field(default_factory=dict)  # article id -> its story id
    absorbed: Mapping[str, str] = field(default_factory=dict)  # merged story id -> surviving id
    articles: Sequence[Article] = ()  # articles whose dedupe links changed
    copies: Sequence[KeptCopy] = ()  # new entries of the dedupe index
    state: Mapping[str, bytes] = field(default_factory=dict)  # named blobs, replaced
    # the clusterer's state rows written: (kind, key) -> JSON text, None to delete
    cluster: Mapping[tuple[str, str], str | None] = field(default_factory=dict)
    replace_all: bool = False  # a full analysis: every story, member and copy is replaced


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

    def has_story(self, story_id: str) -> bool: ...

    def story_versions(self) -> dict[str, int]: ...

    def stories_by_id(self, story_ids: Sequence[str]) -> list[StoryReport]: ...

    def save_readings(self, readings: Sequence[Reading], keys: Mapping[str, str]) -> None: ...

    def readings(self, keys: Mapping[str, str]) -> dict[str, Reading]: ...

    def cached_stories(self, bases: Mapping[str, str]) -> dict[str, StoryReport]: ...

    def article_count(self) -> int: ...

    def story_count(self) -> int: ...

    def articles_page(self, limit: int, offset: int = 0) -> list[Article]: ...

    # -- the analysis state

    def generation(self) -> int: ...

    def pending_articles(self) -> list[Article]: ...

    def has_pending(self) -> bool: ...

    def story_members(self, article_ids: Sequence[str]) -> dict[str, str]: ...

    def story_ages(self, story_ids: Sequence[str]) -> dict[str, int]: ...

    def story_redirect(self, story_id: str) -> str | None: ...

    def unfinished_stories(self) -> list[str]: ...

    def state(self, name: str) -> bytes | None: ...

    def cluster_rows(self, kind: str, keys: Collection[str]) -> dict[str, str]: ...

    def copy_by_fingerprint(self, fingerprint: str) -> str | None: ...

    def copies_in_bands(self, bands: Sequence[int]) -> list[KeptCopy]: ...

    def next_copy_rank(self) -> int: ...

    def save_analysis(self, update: AnalysisUpdate) -> None: ...

    # -- feeds being watched

    def seen_entries(self, feed: str, entries: Sequence[str]) -> set[str]: ...

    def mark_entries(self, feed: str, entries: Sequence[str]) -> None: ...

    def feed_polls(self) -> dict[str, tuple[str | None, str | None]]: ...

    def save_feed_poll(self, feed: str, polled_at: str, error: str | None) -> None: ...

    def close(self) -> None: ...


# The clusterer's state as rows (``cluster.StateRows``), read and written by key; it
# replaces the one blob that every ingest loaded and saved whole. The same DDL in both
# dialects (``store_pg`` takes it from here).
CLUSTER_ROWS_MIGRATION = (
    "0009_cluster_rows",
    (
        """CREATE TABLE cluster_rows (
               kind TEXT NOT NULL,
               key TEXT NOT NULL,
               value TEXT NOT NULL,
               PRIMARY KEY (kind, key))""",
        "DELETE FROM analysis_state WHERE name = 'clusterer'",
    ),
)

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
    (
        "0005_story_ids",
        (
            # every story id handed out: its creation order (older ids survive merges) and,
            # once merged, the id it redirects to
            """CREATE TABLE story_ids (
                   id TEXT PRIMARY KEY,
                   seq INTEGER NOT NULL,
                   merged_into TEXT)""",
            "CREATE INDEX story_ids_seq ON story_ids (seq)",
            "CREATE TABLE story_members (article TEXT PRIMARY KEY, story TEXT NOT NULL)",
            "CREATE INDEX story_members_story ON story_members (story)",
            # articles no analysis has placed yet; an existing store starts with all of them
            "CREATE TABLE pending (article TEXT PRIMARY KEY)",
            "INSERT INTO pending (article) SELECT id FROM articles",
        ),
    ),
    (
        "0006_dedupe_index",
        (
            """CREATE TABLE kept_copies (
                   article TEXT PRIMARY KEY,
                   fingerprint TEXT NOT NULL,
                   rank INTEGER NOT NULL,
                   signature BLOB NOT NULL)""",
            "CREATE INDEX kept_copies_fingerprint ON kept_copies (fingerprint)",
            "CREATE INDEX kept_copies_rank ON kept_copies (rank)",
            "CREATE TABLE copy_bands (key INTEGER NOT NULL, article TEXT NOT NULL)",
            "CREATE INDEX copy_bands_key ON copy_bands (key)",
        ),
    ),
    (
        "0007_analysis_state",
        (
            "CREATE TABLE analysis_state (name TEXT PRIMARY KEY, value BLOB NOT NULL)",
            # the generation that wrote each story: readers re-read only what changed
            "ALTER TABLE stories ADD COLUMN generation INTEGER NOT NULL DEFAULT 0",
            # small indexes, so that these reads never walk the stories' JSON
            "CREATE INDEX stories_generation ON stories (id, generation)",
            "CREATE INDEX stories_unfinished ON stories (id) WHERE basis IS NULL",
        ),
    ),
    (
        "0008_feeds",
        (
            """CREATE TABLE feeds (
                   url TEXT PRIMARY KEY,
                   polled_at TEXT,
                   error TEXT)""",
            """CREATE TABLE feed_entries (
                   feed TEXT NOT NULL,
                   entry TEXT NOT NULL,
                   seen_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
                   PRIMARY KEY (feed, entry))""",
        ),
    ),
    CLUSTER_ROWS_MIGRATION,
)


# What a full analysis replaces (the store's analysis state but the named blobs).
CLEARED_BY_FULL_ANALYSIS = ("stories", "story_members", "kept_copies", "copy_bands", "cluster_rows")


def _dump(record: Article | Dropped | Reading | StoryReport) -> str:
    return json.dumps(record.as_dict(), ensure_ascii=False, sort_keys=True)


class SQLiteStore:
    """The default store: one SQLite file (or ``:memory:``), WAL mode."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        self._memory = self.path == ":memory:"
        try:
            if not self._memory:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._db = self._connect()
        except sqlite3.Error as error:
            raise StoreError(
                f"cannot open store {self.path}: {error}; check the path and its permissions"
            ) from error
        self._lock = threading.RLock()
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()  # not _lock: a writer holds that for a transaction
        self.migrate()

    def _connect(self) -> sqlite3.Connection:
        # isolation_level=None: we open transactions ourselves (BEGIN IMMEDIATE)
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")  # readers never block on the writer
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA busy_timeout=30000")
        return db

    def _rows(self, query: str, params: Sequence[Any] = ()) -> list[Any]:
        """Return the rows of a read, on this thread's own connection (a snapshot of the
        last commit: never part of a transaction still being written)."""
        try:
            if self._memory:  # one connection: read between transactions
                with self._lock:
                    return self._db.execute(query, params).fetchall()
            reader = getattr(self._local, "reader", None)
            if reader is None:
                reader = self._local.reader = self._connect()
                with self._readers_lock:
                    self._readers.append(reader)
            return reader.execute(query, params).fetchall()
        except sqlite3.Error as error:
            raise StoreError(f"cannot read store {self.path}: {error}") from error

    def _rows_in(self, query: str, ids: Sequence[Any], params: Sequence[Any] = ()) -> list[Any]:
        """Return the rows of ``query`` (its ``{marks}`` the placeholders of ``ids``), in chunks."""
        rows: list[Any] = []
        wanted = list(ids)
        for start in range(0, len(wanted), 500):  # SQLite's variable limit
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows += self._rows(query.format(marks=marks), [*params, *chunk])
        return rows

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
        return [row[0] for row in self._rows("SELECT name FROM migrations ORDER BY name")]

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
                    if cursor.rowcount == 1:
                        added.append(article.id)
                        db.execute("INSERT INTO pending (article) VALUES (?)", (article.id,))
                    else:
                        existing.append(article.id)
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
            self._update_articles(db, articles)

    def _update_articles(self, db: sqlite3.Connection, articles: Sequence[Article]) -> None:
        db.executemany(
            "UPDATE articles SET duplicate_of = ?, data = ? WHERE id = ?",
            ((article.duplicate_of, _dump(article), article.id) for article in articles),
        )

    def replace_stories(
        self, reports: Sequence[StoryReport], bases: Mapping[str, str] | None = None
    ) -> None:
        """Replace every stored story by ``reports`` in one transaction.

        ``bases`` (story id -> basis) marks the reports that a later run may reuse.
        """
        with self.atomic() as db:
            db.execute("DELETE FROM stories")
            self._write_stories(db, reports, bases or {}, self._bump_generation(db))

    def _write_stories(
        self,
        db: sqlite3.Connection,
        reports: Sequence[StoryReport],
        bases: Mapping[str, str],
        generation: int,
    ) -> None:
        db.executemany(
            "INSERT INTO stories (id, first_seen, last_seen, title, data, basis, generation)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
            " first_seen = excluded.first_seen, last_seen = excluded.last_seen,"
            " title = excluded.title, data = excluded.data, basis = excluded.basis,"
            " generation = excluded.generation",
            (  # a generator: one JSON text at a time, not the whole store's
                (
                    report.story.id,
                    report.story.first_seen,
                    report.story.last_seen,
                    report.story.title,
                    _dump(report),
                    bases.get(report.story.id),
                    generation,
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

    def save_analysis(self, update: AnalysisUpdate) -> None:
        """Write one analysis in one transaction; raise ``StaleAnalysis`` if another came first."""
        try:
            with self.atomic() as db:
                row = db.execute(
                    "SELECT value FROM analysis_state WHERE name = 'generation'"
                ).fetchone()
                if (int(row[0]) if row else 0) != update.generation:
                    raise StaleAnalysis(
                        f"store {self.path} was analysed by another process meanwhile"
                    )
                if update.replace_all:
                    for table in CLEARED_BY_FULL_ANALYSIS:
                        db.execute(f"DELETE FROM {table}")
                self._update_articles(db, update.articles)
                generation = self._bump_generation(db)
                self._write_stories(db, update.reports, update.bases, generation)
                absorbed = list(update.absorbed.items())
                db.executemany("DELETE FROM stories WHERE id = ?", ((old,) for old, _ in absorbed))
                seq = db.execute("SELECT coalesce(max(seq), 0) FROM story_ids").fetchone()[0]
                known = sorted(
                    {report.story.id for report in update.reports} | set(update.absorbed)
                )
                for number, story_id in enumerate(known, start=seq + 1):
                    db.execute(
                        "INSERT INTO story_ids (id, seq) VALUES (?, ?) ON CONFLICT DO NOTHING",
                        (story_id, number),
                    )
                # a chain of merges points straight at the survivor
                db.executemany(
                    "UPDATE story_ids SET merged_into = ? WHERE id = ? OR merged_into = ?",
                    ((new, old, old) for old, new in absorbed),
                )
                db.executemany(
                    "INSERT INTO story_members (article, story) VALUES (?, ?)"
                    " ON CONFLICT (article) DO UPDATE SET story = excluded.story",
                    update.members.items(),
                )
                db.executemany(
                    "DELETE FROM pending WHERE article = ?", ((a,) for a in update.members)
                )
                self._write_copies(db, update.copies)
                db.executemany(
                    "INSERT INTO analysis_state (name, value) VALUES (?, ?)"
                    " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                    update.state.items(),
                )
                written = sorted(update.cluster.items())
                db.executemany(
                    "INSERT INTO cluster_rows (kind, key, value) VALUES (?, ?, ?)"
                    " ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value",
                    ((kind, key, value) for (kind, key), value in written if value is not None),
                )
                db.executemany(
                    "DELETE FROM cluster_rows WHERE kind = ? AND key = ?",
                    (row for row, value in written if value is None),
                )
        except StaleAnalysis:
            raise
        except sqlite3.Error as error:
            raise StoreError(f"cannot write to store {self.path}: {error}") from error

    def _write_copies(self, db: sqlite3.Connection, copies: Sequence[KeptCopy]) -> None:
        db.executemany(
            "INSERT INTO kept_copies (article, fingerprint, rank, signature) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (article) DO NOTHING",
            ((c.article, c.fingerprint, c.rank, c.signature) for c in copies),
        )
        db.executemany(
            "INSERT INTO copy_bands (key, article) VALUES (?, ?)",
            ((key, c.article) for c in copies for key in c.bands),
        )

    def _bump_generation(self, db: sqlite3.Connection) -> int:
        """Return the generation this transaction commits (one more than the last)."""
        db.execute(
            "INSERT INTO analysis_state (name, value) VALUES ('generation', 1)"
            " ON CONFLICT (name) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )
        row = db.execute("SELECT value FROM analysis_state WHERE name = 'generation'").fetchone()
        return int(row[0])

    # -- reads

    def readings(self, keys: Mapping[str, str]) -> dict[str, Reading]:
        """Return the readings of the articles in ``keys`` (id -> key) stored under that key."""
        rows = self._rows_in(
            "SELECT article, key, data FROM readings WHERE article IN ({marks})", list(keys)
        )
        return {
            article_id: from_dict(Reading, json.loads(data))
            for article_id, key, data in rows
            if key == keys[article_id]
        }

    def cached_stories(self, bases: Mapping[str, str]) -> dict[str, StoryReport]:
        """Return the stored reports of the stories in ``bases`` (id -> basis) made from it."""
        rows = self._rows_in(
            "SELECT id, basis, data FROM stories WHERE id IN ({marks})", list(bases)
        )
        return {
            story_id: from_dict(StoryReport, json.loads(data))
            for story_id, basis, data in rows
            if basis is not None and bases.get(story_id) == basis
        }

    def articles(self, ids: Sequence[str] | None = None) -> list[Article]:
        if ids is None:
            rows = self._rows(
                "SELECT data FROM articles ORDER BY published_at IS NULL, published_at, id"
            )
            return [Article.from_dict(json.loads(row[0])) for row in rows]
        wanted = list(dict.fromkeys(ids))
        found = {
            row[0]: row[1]
            for row in self._rows_in("SELECT id, data FROM articles WHERE id IN ({marks})", wanted)
        }
        return [Article.from_dict(json.loads(found[aid])) for aid in wanted if aid in found]

    def article(self, article_id: str) -> Article | None:
        found = self.articles([article_id])
        return found[0] if found else None

    def article_count(self) -> int:
        return int(self._rows("SELECT count(*) FROM articles")[0][0])

    def story_count(self) -> int:
        return int(self._rows("SELECT count(*) FROM stories")[0][0])

    def articles_page(self, limit: int, offset: int = 0) -> list[Article]:
        """Return ``limit`` articles from ``offset`` in ``articles()`` order."""
        rows = self._rows(
            "SELECT data FROM articles ORDER BY published_at IS NULL, published_at, id"
            " LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [Article.from_dict(json.loads(row[0])) for row in rows]

    def dropped(self) -> list[Dropped]:
        rows = self._rows("SELECT source, stage, reason FROM dropped ORDER BY source")
        return [Dropped(*row) for row in rows]

    def stories(self) -> list[StoryReport]:
        rows = self._rows("SELECT data FROM stories ORDER BY first_seen, id")
        return [from_dict(StoryReport, json.loads(row[0])) for row in rows]

    def story(self, story_id: str) -> StoryReport | None:
        rows = self._rows("SELECT data FROM stories WHERE id = ?", (story_id,))
        return from_dict(StoryReport, json.loads(rows[0][0])) if rows else None

    def has_story(self, story_id: str) -> bool:
        return bool(self._rows("SELECT 1 FROM stories WHERE id = ?", (story_id,)))

    def story_versions(self) -> dict[str, int]:
        """Return each stored story's id and the generation that wrote it."""
        return dict(self._rows("SELECT id, generation FROM stories"))

    def stories_by_id(self, story_ids: Sequence[str]) -> list[StoryReport]:
        rows = self._rows_in("SELECT data FROM stories WHERE id IN ({marks})", story_ids)
        return [from_dict(StoryReport, json.loads(row[0])) for row in rows]

    # -- the analysis state

    def generation(self) -> int:
        rows = self._rows("SELECT value FROM analysis_state WHERE name = 'generation'")
        return int(rows[0][0]) if rows else 0

    def pending_articles(self) -> list[Article]:
        """Return the stored articles no analysis has placed in a story yet, by publication."""
        rows = self._rows(
            "SELECT a.data FROM pending p JOIN articles a ON a.id = p.article"
            " ORDER BY a.published_at IS NULL, a.published_at, a.id"
        )
        return [Article.from_dict(json.loads(row[0])) for row in rows]

    def has_pending(self) -> bool:
        return bool(self._rows("SELECT 1 FROM pending LIMIT 1"))

    def story_members(self, article_ids: Sequence[str]) -> dict[str, str]:
        """Return the story id of each of ``article_ids`` an analysis placed."""
        rows = self._rows_in(
            "SELECT article, story FROM story_members WHERE article IN ({marks})", article_ids
        )
        return dict(rows)

    def story_ages(self, story_ids: Sequence[str]) -> dict[str, int]:
        """Return the creation order of each known story id (smaller is older)."""
        return dict(self._rows_in("SELECT id, seq FROM story_ids WHERE id IN ({marks})", story_ids))

    def story_redirect(self, story_id: str) -> str | None:
        """Return the story that a merged story id now belongs to, else None."""
        rows = self._rows("SELECT merged_into FROM story_ids WHERE id = ?", (story_id,))
        return rows[0][0] if rows else None

    def unfinished_stories(self) -> list[str]:
        """Return the ids of stored stories without a basis (to be analysed again)."""
        return [row[0] for row in self._rows("SELECT id FROM stories WHERE basis IS NULL")]

    def cluster_rows(self, kind: str, keys: Collection[str]) -> dict[str, str]:
        """Return the clusterer's state rows of ``kind`` among ``keys`` (``cluster.StateRows``)."""
        query = "SELECT key, value FROM cluster_rows WHERE kind = ? AND key IN ({marks})"
        return dict(self._rows_in(query, list(keys), (kind,)))

    def state(self, name: str) -> bytes | None:
        rows = self._rows("SELECT value FROM analysis_state WHERE name = ?", (name,))
        return bytes(rows[0][0]) if rows else None

    def copy_by_fingerprint(self, fingerprint: str) -> str | None:
        rows = self._rows(
            "SELECT article FROM kept_copies WHERE fingerprint = ? ORDER BY rank LIMIT 1",
            (fingerprint,),
        )
        return rows[0][0] if rows else None

    def copies_in_bands(self, bands: Sequence[int]) -> list[KeptCopy]:
        """Return the indexed kept copies that share an LSH bucket with ``bands``."""
        rows = self._rows_in(
            "SELECT k.article, k.fingerprint, k.rank, k.signature FROM kept_copies k"
            " WHERE k.article IN (SELECT article FROM copy_bands WHERE key IN ({marks}))",
            bands,
        )
        return [KeptCopy(a, f, r, bytes(signature), ()) for a, f, r, signature in rows]

    def next_copy_rank(self) -> int:
        return int(self._rows("SELECT coalesce(max(rank) + 1, 0) FROM kept_copies")[0][0])

    # -- feeds being watched

    def seen_entries(self, feed: str, entries: Sequence[str]) -> set[str]:
        """Return those of ``entries`` of ``feed`` already ingested."""
        rows = self._rows_in(
            "SELECT entry FROM feed_entries WHERE feed = ? AND entry IN ({marks})",
            entries,
            (feed,),
        )
        return {row[0] for row in rows}

    def mark_entries(self, feed: str, entries: Sequence[str]) -> None:
        with self.atomic() as db:
            db.executemany(
                "INSERT INTO feed_entries (feed, entry) VALUES (?, ?) ON CONFLICT DO NOTHING",
                ((feed, entry) for entry in entries),
            )

    def feed_polls(self) -> dict[str, tuple[str | None, str | None]]:
        """Return each polled feed's last poll time (ISO) and the error it ended with."""
        rows = self._rows("SELECT url, polled_at, error FROM feeds")
        return {url: (at, error) for url, at, error in rows}

    def save_feed_poll(self, feed: str, polled_at: str, error: str | None) -> None:
        with self.atomic() as db:
            db.execute(
                "INSERT INTO feeds (url, polled_at, error) VALUES (?, ?, ?) ON CONFLICT (url)"
                " DO UPDATE SET polled_at = excluded.polled_at, error = excluded.error",
                (feed, polled_at, error),
            )

    def close(self) -> None:
        with self._readers_lock:
            for reader in self._readers:
                reader.close()
            self._readers.clear()
        with self._lock:
            self._db.close()


def current_story_id(store: Store, story_id: str) -> str | None:
    """Return ``story_id`` if it is stored, else the story it was merged into, else None."""
    for _ in range(100):  # merges are recorded pointing at the survivor; this only guards
        if store.has_story(story_id):
            return story_id
        merged_into = store.story_redirect(story_id)
        if merged_into is None:
            return None
        story_id = merged_into
    return None


def open_store(url: str | Path | None = None) -> Store:
    """Return the store at ``url``: a SQLite path (default in-memory) or ``postgresql://...``."""
    text = str(url) if url is not None else ":memory:"
    if text.startswith(("postgresql://", "postgres://")):
        from newsfuse.store_pg import PostgresStore

        return PostgresStore(text)
    if text.startswith("sqlite:///"):
        text = text.removeprefix("sqlite:///")
    return SQLiteStore(text)
