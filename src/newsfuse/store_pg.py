"""The PostgreSQL store: the same interface and rules as ``SQLiteStore``, for a shared deployment.

Several processes may ingest into one database at once. What keeps them from
corrupting or duplicating each other's work:

- ``articles.key`` is unique and every insert is ``ON CONFLICT DO NOTHING``, so two
  writers of one article store it once (the first to commit wins); a batch is
  inserted in key order, so two overlapping batches take row locks in the same
  order and cannot deadlock on each other;
- ``replace_stories`` takes an exclusive lock on ``stories``, so two replacements
  run one after the other while readers go on reading the committed set;
- migrations run under a transaction-level advisory lock, so two processes opening
  a fresh database do not both create the tables.

Records are JSONB documents (``as_dict()`` output) beside a few indexed columns.
Point the store at a schema other than ``public`` with the ``options`` URL
parameter: ``postgresql://host/db?options=-csearch_path%3Dmyschema``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg.types.json import Jsonb

from newsfuse.errors import StoreError
from newsfuse.records import Article, Dropped, Reading, StoryReport, from_dict
from newsfuse.store import SaveResult

T = TypeVar("T")

# The same named migrations as ``store.MIGRATIONS``, in PostgreSQL's dialect. Append only.
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
                   ingested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                   data JSONB NOT NULL)""",
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
                   data JSONB NOT NULL)""",
        ),
    ),
    (
        "0003_readings",
        (
            """CREATE TABLE readings (
                   article TEXT PRIMARY KEY,
                   key TEXT NOT NULL,
                   data JSONB NOT NULL)""",
        ),
    ),
    ("0004_story_basis", ("ALTER TABLE stories ADD COLUMN basis TEXT",)),
)

# Byte-wise ordering and SQLite's NULL placement, so both stores list records identically.
_ARTICLE_ORDER = 'published_at IS NULL, published_at COLLATE "C", id COLLATE "C"'
_STORY_ORDER = 'first_seen COLLATE "C" NULLS FIRST, id COLLATE "C"'


def _redacted(url: str) -> str:
    """Return ``url`` without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


class PostgresStore:
    """A store in a PostgreSQL database, given as a ``postgresql://`` URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = _redacted(url)  # the name messages use, as SQLiteStore.path
        try:
            # autocommit: every write goes through atomic(), which opens its own transaction
            self._db = psycopg.connect(url, autocommit=True)
        except psycopg.Error as error:
            raise StoreError(
                f"cannot connect to store {self.path}: {error}; "
                "is the server running and the URL (user, database) right?"
            ) from error
        # one connection serves every thread of the process, one statement or transaction at a time
        self._lock = threading.RLock()
        self.migrate()

    # -- transactions and migrations

    @contextmanager
    def atomic(self) -> Iterator[psycopg.Connection[Any]]:
        """Run the block in one transaction: committed whole or rolled back."""
        with self._lock, self._db.transaction():
            yield self._db

    def migrate(self) -> list[str]:
        """Apply the migrations not yet applied; return their names."""
        applied: list[str] = []
        try:
            with self.atomic() as db:
                db.execute("SELECT pg_advisory_xact_lock(hashtext('newsfuse.migrate'))")
                db.execute(
                    "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY,"
                    " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
                )
                done = {row[0] for row in db.execute("SELECT name FROM migrations")}
                for name, statements in MIGRATIONS:
                    if name in done:
                        continue
                    for statement in statements:
                        db.execute(statement)
                    db.execute("INSERT INTO migrations (name) VALUES (%s)", (name,))
                    applied.append(name)
        except psycopg.Error as error:
            raise StoreError(
                f"cannot migrate store {self.path}: {error}; "
                "is it a newsfuse store, and may this user create tables in its schema?"
            ) from error
        return applied

    def migrations(self) -> list[str]:
        with self._lock:
            rows = self._db.execute('SELECT name FROM migrations ORDER BY name COLLATE "C"')
            return [row[0] for row in rows]

    # -- writes

    def save_batch(
        self, articles: Sequence[Article], dropped: Sequence[Dropped] = ()
    ) -> SaveResult:
        # key order: overlapping batches of two writers lock rows in one order (no deadlock)
        ordered = sorted(articles, key=lambda article: (article.key or "", article.id or ""))
        try:
            with self.atomic() as db:
                inserted: set[str] = set()
                for article in ordered:
                    cursor = db.execute(
                        "INSERT INTO articles (id, key, published_at, outlet, duplicate_of, data)"
                        " VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING RETURNING id",
                        (
                            article.id,
                            article.key,
                            article.published_at,
                            article.outlet,
                            article.duplicate_of,
                            Jsonb(article.as_dict()),
                        ),
                    )
                    if cursor.fetchone() is not None:
                        inserted.add(article.id)
                if dropped:
                    db.cursor().executemany(
                        "INSERT INTO dropped (source, stage, reason) VALUES (%s, %s, %s)"
                        " ON CONFLICT (source, stage) DO UPDATE SET reason = excluded.reason",
                        [(item.source, item.stage, item.reason) for item in dropped],
                    )
        except psycopg.Error as error:
            raise StoreError(f"cannot write to store {self.path}: {error}") from error
        # report in the caller's order; a second copy within the batch counts as existing
        added: list[str] = []
        existing: list[str] = []
        for article in articles:
            if article.id in inserted:
                inserted.discard(article.id)
                added.append(article.id)
            else:
                existing.append(article.id)
        return SaveResult(tuple(added), tuple(existing))

    def update_articles(self, articles: Sequence[Article]) -> None:
        try:
            with self.atomic() as db:
                db.cursor().executemany(
                    "UPDATE articles SET duplicate_of = %s, data = %s WHERE id = %s",
                    [
                        (article.duplicate_of, Jsonb(article.as_dict()), article.id)
                        for article in sorted(articles, key=lambda article: article.id)
                    ],
                )
        except psycopg.Error as error:
            raise StoreError(f"cannot write to store {self.path}: {error}") from error

    def replace_stories(
        self, reports: Sequence[StoryReport], bases: Mapping[str, str] | None = None
    ) -> None:
        """Replace every stored story by ``reports`` in one transaction.

        ``bases`` (story id -> basis) marks the reports that a later run may reuse.
        """
        bases = bases or {}
        try:
            with self.atomic() as db:
                # EXCLUSIVE still lets readers read the committed stories meanwhile
                db.execute("LOCK TABLE stories IN EXCLUSIVE MODE")
                db.execute("DELETE FROM stories")
                if reports:
                    db.cursor().executemany(
                        "INSERT INTO stories (id, first_seen, last_seen, title, data, basis)"
                        " VALUES (%s, %s, %s, %s, %s, %s)",
                        [
                            (
                                report.story.id,
                                report.story.first_seen,
                                report.story.last_seen,
                                report.story.title,
                                Jsonb(report.as_dict()),
                                bases.get(report.story.id),
                            )
                            for report in reports
                        ],
                    )
        except psycopg.Error as error:
            raise StoreError(f"cannot write to store {self.path}: {error}") from error

    def save_readings(self, readings: Sequence[Reading], keys: Mapping[str, str]) -> None:
        """Store each reading under ``keys[reading.article]``, replacing any older one."""
        # id order: two writers of overlapping readings lock rows in one order (no deadlock)
        by_id = sorted({reading.article: reading for reading in readings}.items())
        try:
            with self.atomic() as db:
                db.cursor().executemany(
                    "INSERT INTO readings (article, key, data) VALUES (%s, %s, %s)"
                    " ON CONFLICT (article) DO UPDATE SET key = excluded.key, data = excluded.data",
                    # a generator: one record's JSON at a time, not the whole batch's
                    ((aid, keys[aid], Jsonb(reading.as_dict())) for aid, reading in by_id),
                )
        except psycopg.Error as error:
            raise StoreError(f"cannot write to store {self.path}: {error}") from error

    # -- reads

    def readings(self, keys: Mapping[str, str]) -> dict[str, Reading]:
        """Return the readings of the articles in ``keys`` (id -> key) stored under that key."""
        return self._stored_under("readings", "article", "key", Reading, keys)

    def cached_stories(self, bases: Mapping[str, str]) -> dict[str, StoryReport]:
        """Return the stored reports of the stories in ``bases`` (id -> basis) made from it."""
        return self._stored_under("stories", "id", "basis", StoryReport, bases)

    def _stored_under(
        self, table: str, id_column: str, key_column: str, kind: type[T], keys: Mapping[str, str]
    ) -> dict[str, T]:
        """Return the records of ``table`` whose id is in ``keys``, stored under the key given."""
        rows = self._rows(
            f"SELECT t.{id_column}, t.data FROM {table} t"
            " JOIN unnest(%s::text[], %s::text[]) AS k(id, key)"
            f" ON t.{id_column} = k.id AND t.{key_column} = k.key",
            (list(keys), list(keys.values())),
        )
        return {record_id: from_dict(kind, data) for record_id, data in rows}

    def _rows(self, query: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            with self._lock:
                return self._db.execute(query, params).fetchall()
        except psycopg.Error as error:
            raise StoreError(f"cannot read store {self.path}: {error}") from error

    def articles(self, ids: Sequence[str] | None = None) -> list[Article]:
        if ids is None:
            rows = self._rows(f"SELECT data FROM articles ORDER BY {_ARTICLE_ORDER}")
            return [Article.from_dict(row[0]) for row in rows]
        wanted = list(dict.fromkeys(ids))
        rows = self._rows("SELECT id, data FROM articles WHERE id = ANY(%s)", (wanted,))
        found = {row[0]: row[1] for row in rows}
        return [
            Article.from_dict(found[article_id]) for article_id in wanted if article_id in found
        ]

    def article(self, article_id: str) -> Article | None:
        found = self.articles([article_id])
        return found[0] if found else None

    def dropped(self) -> list[Dropped]:
        order = 'source COLLATE "C", stage COLLATE "C"'
        rows = self._rows(f"SELECT source, stage, reason FROM dropped ORDER BY {order}")
        return [Dropped(*row) for row in rows]

    def stories(self) -> list[StoryReport]:
        rows = self._rows(f"SELECT data FROM stories ORDER BY {_STORY_ORDER}")
        return [from_dict(StoryReport, row[0]) for row in rows]

    def story(self, story_id: str) -> StoryReport | None:
        rows = self._rows("SELECT data FROM stories WHERE id = %s", (story_id,))
        return from_dict(StoryReport, rows[0][0]) if rows else None

    def close(self) -> None:
        with self._lock:
            self._db.close()
