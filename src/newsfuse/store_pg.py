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
  a fresh database do not both create the tables;
- ``save_analysis`` locks the generation row first, so two analyses commit one after
  the other and the later one, started from an older generation, is refused
  (``StaleAnalysis``) rather than overwriting the first.

Records are JSONB documents (``as_dict()`` output) beside a few indexed columns.
Point the store at a schema other than ``public`` with the ``options`` URL
parameter: ``postgresql://host/db?options=-csearch_path%3Dmyschema``.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg.types.json import Jsonb

from newsfuse.errors import StaleAnalysis, StoreError
from newsfuse.records import Article, Dropped, KeptCopy, Reading, StoryReport, from_dict
from newsfuse.store import (
    CLEARED_BY_FULL_ANALYSIS,
    CLUSTER_ROWS_MIGRATION,
    AnalysisUpdate,
    SaveResult,
)

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
    (
        "0005_story_ids",
        (
            """CREATE TABLE story_ids (
                   id TEXT PRIMARY KEY,
                   seq BIGINT NOT NULL,
                   merged_into TEXT)""",
            "CREATE INDEX story_ids_seq ON story_ids (seq)",
            "CREATE TABLE story_members (article TEXT PRIMARY KEY, story TEXT NOT NULL)",
            "CREATE INDEX story_members_story ON story_members (story)",
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
                   rank BIGINT NOT NULL,
                   signature BYTEA NOT NULL)""",
            "CREATE INDEX kept_copies_fingerprint ON kept_copies (fingerprint)",
            "CREATE INDEX kept_copies_rank ON kept_copies (rank)",
            "CREATE TABLE copy_bands (key BIGINT NOT NULL, article TEXT NOT NULL)",
            "CREATE INDEX copy_bands_key ON copy_bands (key)",
        ),
    ),
    (
        "0007_analysis_state",
        (
            "CREATE TABLE analysis_state (name TEXT PRIMARY KEY, value BYTEA NOT NULL)",
            "ALTER TABLE stories ADD COLUMN generation BIGINT NOT NULL DEFAULT 0",
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
                   seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                   PRIMARY KEY (feed, entry))""",
        ),
    ),
    CLUSTER_ROWS_MIGRATION,
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
                        db.execute("INSERT INTO pending (article) VALUES (%s)", (article.id,))
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
                self._update_articles(db, articles)
        except psycopg.Error as error:
            raise StoreError(f"cannot write to store {self.path}: {error}") from error

    def _update_articles(self, db: psycopg.Connection[Any], articles: Sequence[Article]) -> None:
        if articles:
            db.cursor().executemany(
                "UPDATE articles SET duplicate_of = %s, data = %s WHERE id = %s",
                [
                    (article.duplicate_of, Jsonb(article.as_dict()), article.id)
                    for article in sorted(articles, key=lambda article: article.id)
                ],
            )

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
                self._write_stories(db, reports, bases, self._bump_generation(db))
        except psycopg.Error as error:
            raise StoreError(f"cannot write to store {self.path}: {error}") from error

    def _write_stories(
        self,
        db: psycopg.Connection[Any],
        reports: Sequence[StoryReport],
        bases: Mapping[str, str],
        generation: int,
    ) -> None:
        if not reports:
            return
        db.cursor().executemany(
            "INSERT INTO stories (id, first_seen, last_seen, title, data, basis, generation)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET"
            " first_seen = excluded.first_seen, last_seen = excluded.last_seen,"
            " title = excluded.title, data = excluded.data, basis = excluded.basis,"
            " generation = excluded.generation",
            [
                (
                    report.story.id,
                    report.story.first_seen,
                    report.story.last_seen,
                    report.story.title,
                    Jsonb(report.as_dict()),
                    bases.get(report.story.id),
                    generation,
                )
                for report in sorted(reports, key=lambda report: report.story.id)
            ],
        )

    def save_analysis(self, update: AnalysisUpdate) -> None:
        """Write one analysis in one transaction; raise ``StaleAnalysis`` if another came first."""
        try:
            with self.atomic() as db:
                # the generation row is the analysis lock: a second writer waits here
                db.execute(
                    "INSERT INTO analysis_state (name, value) VALUES ('generation', '0')"
                    " ON CONFLICT DO NOTHING"
                )
                row = db.execute(
                    "SELECT value FROM analysis_state WHERE name = 'generation' FOR UPDATE"
                ).fetchone()
                if row is None or int(bytes(row[0])) != update.generation:
                    raise StaleAnalysis(
                        f"store {self.path} was analysed by another process meanwhile"
                    )
                if update.replace_all:
                    db.execute("LOCK TABLE stories IN EXCLUSIVE MODE")
                    for table in CLEARED_BY_FULL_ANALYSIS:
                        db.execute(f"DELETE FROM {table}")
                self._update_articles(db, update.articles)
                generation = self._bump_generation(db)
                self._write_stories(db, update.reports, update.bases, generation)
                cursor = db.cursor()
                absorbed = sorted(update.absorbed.items())
                (seq,) = db.execute("SELECT coalesce(max(seq), 0) FROM story_ids").fetchone() or (
                    0,
                )
                known = sorted(
                    {report.story.id for report in update.reports} | set(update.absorbed)
                )
                if known:
                    cursor.executemany(
                        "INSERT INTO story_ids (id, seq) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                        [(story_id, seq + n) for n, story_id in enumerate(known, start=1)],
                    )
                if absorbed:
                    cursor.executemany(
                        "DELETE FROM stories WHERE id = %s", [(old,) for old, _ in absorbed]
                    )
                    # a chain of merges points straight at the survivor
                    cursor.executemany(
                        "UPDATE story_ids SET merged_into = %s WHERE id = %s OR merged_into = %s",
                        [(new, old, old) for old, new in absorbed],
                    )
                members = sorted(update.members.items())
                if members:
                    cursor.executemany(
                        "INSERT INTO story_members (article, story) VALUES (%s, %s)"
                        " ON CONFLICT (article) DO UPDATE SET story = excluded.story",
                        members,
                    )
                    db.execute(
                        "DELETE FROM pending WHERE article = ANY(%s)", ([a for a, _ in members],)
                    )
                if update.copies:
                    cursor.executemany(
                        "INSERT INTO kept_copies (article, fingerprint, rank, signature)"
                        " VALUES (%s, %s, %s, %s) ON CONFLICT (article) DO NOTHING",
                        [(c.article, c.fingerprint, c.rank, c.signature) for c in update.copies],
                    )
                    cursor.executemany(
                        "INSERT INTO copy_bands (key, article) VALUES (%s, %s)",
                        [(key, c.article) for c in update.copies for key in c.bands],
                    )
                for name, value in sorted(update.state.items()):
                    db.execute(
                        "INSERT INTO analysis_state (name, value) VALUES (%s, %s)"
                        " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                        (name, value),
                    )
                written = sorted(update.cluster.items())
                stored = [(kind, key, value) for (kind, key), value in written if value is not None]
                if stored:
                    cursor.executemany(
                        "INSERT INTO cluster_rows (kind, key, value) VALUES (%s, %s, %s)"
                        " ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value",
                        stored,
                    )
                gone = [row for row, value in written if value is None]
                if gone:
                    cursor.executemany(
                        "DELETE FROM cluster_rows WHERE kind = %s AND key = %s", gone
                    )
        except psycopg.Error as error:
            raise StoreError(f"cannot write to store {self.path}: {error}") from error

    def _bump_generation(self, db: psycopg.Connection[Any]) -> int:
        """Return the generation this transaction commits (one more than the last)."""
        row = db.execute(
            "INSERT INTO analysis_state (name, value) VALUES ('generation', '1') ON CONFLICT (name)"
            " DO UPDATE SET value = convert_to((convert_from(analysis_state.value, 'UTF8')::bigint"
            " + 1)::text, 'UTF8') RETURNING value"
        ).fetchone()
        return int(bytes(row[0])) if row else 1

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

    def has_story(self, story_id: str) -> bool:
        return bool(self._rows("SELECT 1 FROM stories WHERE id = %s", (story_id,)))

    def story_versions(self) -> dict[str, int]:
        """Return each stored story's id and the generation that wrote it."""
        return {
            story_id: int(at) for story_id, at in self._rows("SELECT id, generation FROM stories")
        }

    def stories_by_id(self, story_ids: Sequence[str]) -> list[StoryReport]:
        rows = self._rows("SELECT data FROM stories WHERE id = ANY(%s)", (list(story_ids),))
        return [from_dict(StoryReport, row[0]) for row in rows]

    def article_count(self) -> int:
        return int(self._rows("SELECT count(*) FROM articles")[0][0])

    def story_count(self) -> int:
        return int(self._rows("SELECT count(*) FROM stories")[0][0])

    def articles_page(self, limit: int, offset: int = 0) -> list[Article]:
        """Return ``limit`` articles from ``offset`` in ``articles()`` order."""
        rows = self._rows(
            f"SELECT data FROM articles ORDER BY {_ARTICLE_ORDER} LIMIT %s OFFSET %s",
            (limit, offset),
        )
        return [Article.from_dict(row[0]) for row in rows]

    # -- the analysis state

    def generation(self) -> int:
        rows = self._rows("SELECT value FROM analysis_state WHERE name = 'generation'")
        return int(bytes(rows[0][0])) if rows else 0

    def pending_articles(self) -> list[Article]:
        """Return the stored articles no analysis has placed in a story yet, by publication."""
        order = 'a.published_at IS NULL, a.published_at COLLATE "C", a.id COLLATE "C"'
        rows = self._rows(
            f"SELECT a.data FROM pending p JOIN articles a ON a.id = p.article ORDER BY {order}"
        )
        return [Article.from_dict(row[0]) for row in rows]

    def has_pending(self) -> bool:
        return bool(self._rows("SELECT 1 FROM pending LIMIT 1"))

    def story_members(self, article_ids: Sequence[str]) -> dict[str, str]:
        """Return the story id of each of ``article_ids`` an analysis placed."""
        rows = self._rows(
            "SELECT article, story FROM story_members WHERE article = ANY(%s)", (list(article_ids),)
        )
        return {article: story for article, story in rows}

    def story_ages(self, story_ids: Sequence[str]) -> dict[str, int]:
        """Return the creation order of each known story id (smaller is older)."""
        rows = self._rows("SELECT id, seq FROM story_ids WHERE id = ANY(%s)", (list(story_ids),))
        return {story_id: int(seq) for story_id, seq in rows}

    def story_redirect(self, story_id: str) -> str | None:
        """Return the story that a merged story id now belongs to, else None."""
        rows = self._rows("SELECT merged_into FROM story_ids WHERE id = %s", (story_id,))
        return rows[0][0] if rows else None

    def unfinished_stories(self) -> list[str]:
        """Return the ids of stored stories without a basis (to be analysed again)."""
        return [row[0] for row in self._rows("SELECT id FROM stories WHERE basis IS NULL")]

    def cluster_rows(self, kind: str, keys: Collection[str]) -> dict[str, str]:
        """Return the clusterer's state rows of ``kind`` among ``keys`` (``cluster.StateRows``)."""
        rows = self._rows(
            "SELECT key, value FROM cluster_rows WHERE kind = %s AND key = ANY(%s)",
            (kind, list(keys)),
        )
        return dict(rows)

    def state(self, name: str) -> bytes | None:
        rows = self._rows("SELECT value FROM analysis_state WHERE name = %s", (name,))
        return bytes(rows[0][0]) if rows else None

    def copy_by_fingerprint(self, fingerprint: str) -> str | None:
        rows = self._rows(
            "SELECT article FROM kept_copies WHERE fingerprint = %s ORDER BY rank LIMIT 1",
            (fingerprint,),
        )
        return rows[0][0] if rows else None

    def copies_in_bands(self, bands: Sequence[int]) -> list[KeptCopy]:
        """Return the indexed kept copies that share an LSH bucket with ``bands``."""
        rows = self._rows(
            "SELECT k.article, k.fingerprint, k.rank, k.signature FROM kept_copies k"
            " WHERE k.article IN (SELECT article FROM copy_bands WHERE key = ANY(%s))",
            (list(bands),),
        )
        return [KeptCopy(a, f, int(r), bytes(signature), ()) for a, f, r, signature in rows]

    def next_copy_rank(self) -> int:
        return int(self._rows("SELECT coalesce(max(rank) + 1, 0) FROM kept_copies")[0][0])

    # -- feeds being watched

    def seen_entries(self, feed: str, entries: Sequence[str]) -> set[str]:
        """Return those of ``entries`` of ``feed`` already ingested."""
        rows = self._rows(
            "SELECT entry FROM feed_entries WHERE feed = %s AND entry = ANY(%s)",
            (feed, list(entries)),
        )
        return {row[0] for row in rows}

    def mark_entries(self, feed: str, entries: Sequence[str]) -> None:
        try:
            with self.atomic() as db:
                if entries:
                    db.cursor().executemany(
                        "INSERT INTO feed_entries (feed, entry) VALUES (%s, %s)"
                        " ON CONFLICT DO NOTHING",
                        [(feed, entry) for entry in sorted(entries)],
                    )
        except psycopg.Error as error:
            raise StoreError(f"cannot write to store {self.path}: {error}") from error

    def feed_polls(self) -> dict[str, tuple[str | None, str | None]]:
        """Return each polled feed's last poll time (ISO) and the error it ended with."""
        rows = self._rows("SELECT url, polled_at, error FROM feeds")
        return {url: (at, error) for url, at, error in rows}

    def save_feed_poll(self, feed: str, polled_at: str, error: str | None) -> None:
        try:
            with self.atomic() as db:
                db.execute(
                    "INSERT INTO feeds (url, polled_at, error) VALUES (%s, %s, %s) ON CONFLICT"
                    " (url) DO UPDATE SET polled_at = excluded.polled_at, error = excluded.error",
                    (feed, polled_at, error),
                )
        except psycopg.Error as error:
            raise StoreError(f"cannot write to store {self.path}: {error}") from error

    def close(self) -> None:
        with self._lock:
            self._db.close()
