"""The store suite: every test runs on SQLite (a temporary file) and on PostgreSQL.

PostgreSQL tests each get a schema of their own, dropped afterwards, so runs never
see each other's data; they are skipped (with the reason) when the server at
``NEWSFUSE_TEST_PG_URL`` (default: the local one) cannot be reached.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from newsfuse.errors import StoreError
from newsfuse.records import (
    Article,
    Brief,
    BriefSentence,
    Citation,
    Claim,
    Contradiction,
    ContradictionSide,
    DateMention,
    Dropped,
    Entity,
    Event,
    EventMention,
    Figure,
    Mention,
    Place,
    Quote,
    Reading,
    Sentence,
    Story,
    StoryReport,
)
from newsfuse.store import MIGRATIONS, AnalysisUpdate, Store, open_store

PG_URL = os.environ.get("NEWSFUSE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")

Opener = Callable[[], Store]


def _pg_unreachable() -> str | None:
    try:
        import psycopg

        psycopg.connect(PG_URL, connect_timeout=3).close()
    except Exception as error:  # any failure means: no server to test against
        return f"PostgreSQL at {PG_URL} is unreachable ({error.__class__.__name__}: {error})"
    return None


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def open_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    """Give a function that opens a new store (own connection) on one fresh database."""
    opened: list[Store] = []
    if request.param == "sqlite":
        url = str(tmp_path / "store.db")
    else:
        reason = _pg_unreachable()
        if reason:
            pytest.skip(reason)
        import psycopg

        schema = f"nf_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(PG_URL, autocommit=True) as admin:
            admin.execute(f"CREATE SCHEMA {schema}")
        url = f"{PG_URL}?options={quote(f'-csearch_path={schema}')}"

    def opener() -> Store:
        store = open_store(url)
        opened.append(store)
        return store

    yield opener
    for store in opened:
        store.close()
    if request.param == "postgres":
        with psycopg.connect(PG_URL, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


def article(n: int, text: str | None = None, **changes: object) -> Article:
    values: dict[str, object] = {
        "id": f"a{n:012d}",
        "key": f"https://example.org/news/{n}",
        "source": f"https://example.org/news/{n}",
        "text": text or f"Body of article {n}. Rebels entered the town on Wednesday.",
        "fingerprint": f"fp{n}",
        "url": f"https://example.org/news/{n}",
        "title": f"Title {n}",
        "outlet": "example.org",
        "published_at": f"2031-05-{n % 28 + 1:02d}",
    }
    return Article(**{**values, **changes})  # type: ignore[arg-type]


def story_report(story_id: str = "s1", articles: tuple[str, ...] = ("a1", "a2")) -> StoryReport:
    cite = Citation("a1", "Rebels entered Karvik late on Wednesday.")
    return StoryReport(
        story=Story(story_id, "Rebels take Karvik", articles, "2031-05-13", "2031-05-14"),
        entities=(Entity("e1", "FARDC", "ORG", ("Tamsaran army",), 3, articles),),
        places=(Place("Karvik", "CD", 12.31, 41.07, "Tamsara", "geonames:1", "PPL", ("a1",)),),
        events=(
            Event(
                "v1",
                "ASSAULT",
                "Rebels took Karvik",
                (cite,),
                "Battles",
                ("Northern Front",),
                ("FARDC",),
                Place("Karvik", "CD", 12.31, 41.07),
                "2031-05-13",
                "late Wednesday",
            ),
        ),
        claims=(Claim("c1", "troops", 4000.0, "troops", "corroborated", 2, (cite,), "around"),),
        contradictions=(
            Contradiction(
                "people displaced",
                "figure",
                (
                    ContradictionSide("hundreds of thousands", (cite,), "since January"),
                    ContradictionSide("over 7 million", (Citation("a2", "Over 7 million fled."),)),
                ),
            ),
        ),
        quotes=(Quote("Prince Kihangi", "The rebels are visible.", "a1", 3),),
        brief=Brief((BriefSentence("Rebels took Karvik [1].", ("a1",), (cite,)),)),
    )


def reading(article_id: str = "a1") -> Reading:
    text = "Rebels entered «Karvik» late on Wednesday, 4,000 troops said."
    when = DateMention("late on Wednesday", "2031-05-13", "day", 30, 47, None, None)
    return Reading(
        article=article_id,
        sentences=(Sentence(article_id, 0, text, 0, len(text)),),
        mentions=(Mention(article_id, 0, 16, 24, "Karvik", "GPE"),),
        dates=((0, when),),
        figures=(Figure(article_id, 0, "4,000 troops", 4000.0, "troops", "troops", "about"),),
        quotes=(Quote(None, "We are «here» 🙂", article_id, 0, "unknown", "AFP"),),
        events=(
            EventMention(
                article_id,
                0,
                "ASSAULT",
                "Battles",
                "entered",
                "Rebels entered Karvik",
                ("Northern Front",),
                (),
                "Karvik",
                when,
                0.8125,
            ),
        ),
    )


def test_store_migrations_applied_once_and_recorded(open_db: Opener) -> None:
    first = open_db()
    second = open_db()  # opening again applies nothing new
    names = [name for name, _ in MIGRATIONS]
    assert first.migrations() == names  # type: ignore[attr-defined]
    assert second.migrate() == []  # type: ignore[attr-defined]
    assert second.migrations() == names  # type: ignore[attr-defined]


def test_store_save_batch_is_idempotent(open_db: Opener) -> None:
    store = open_db()
    first = store.save_batch([article(1), article(2)])
    again = store.save_batch([article(1)])
    assert first.added == (article(1).id, article(2).id)
    assert again.added == () and again.existing == (article(1).id,)
    assert [a.id for a in store.articles()] == [article(1).id, article(2).id]


def test_store_same_article_twice_in_one_batch_is_one(open_db: Opener) -> None:
    store = open_db()
    result = store.save_batch([article(1), article(1, text="A later copy, different text.")])
    assert result.added == (article(1).id,) and result.existing == (article(1).id,)
    assert store.articles() == [article(1)]  # the first copy wins


def test_store_keeps_cluster_rows_by_key_and_a_full_analysis_replaces_them(
    open_db: Opener,
) -> None:
    store = open_db()
    rows = {("df", "port"): "3", ("df", "rebels"): "2", ("article", "a1"): "a1"}
    store.save_analysis(AnalysisUpdate(0, cluster=rows))
    assert store.cluster_rows("df", ["port", "rebels", "never"]) == {"port": "3", "rebels": "2"}
    store.save_analysis(AnalysisUpdate(1, cluster={("df", "port"): "4", ("df", "rebels"): None}))
    assert store.cluster_rows("df", ["port", "rebels"]) == {"port": "4"}
    assert store.cluster_rows("article", ["a1"]) == {"a1": "a1"}
    store.save_analysis(AnalysisUpdate(2, cluster={("df", "quake"): "1"}, replace_all=True))
    assert store.cluster_rows("df", ["port", "quake"]) == {"quake": "1"}
    assert store.cluster_rows("article", ["a1"]) == {}


def test_store_failing_batch_leaves_nothing(open_db: Opener) -> None:
    store = open_db()
    broken = Dropped("bad.txt", "clean", None)  # type: ignore[arg-type]  # NOT NULL breaks
    with pytest.raises(StoreError):
        store.save_batch([article(1), article(2)], [Dropped("ok.txt", "clean", "empty"), broken])
    assert store.articles() == []
    assert store.dropped() == []


def test_store_exception_inside_atomic_rolls_back_the_batch(open_db: Opener) -> None:
    store = open_db()
    with pytest.raises(RuntimeError), store.atomic():  # type: ignore[attr-defined]
        store.save_batch([article(1)])
        raise RuntimeError("failure after the batch was written")
    assert store.articles() == []
    store.save_batch([article(2)])  # the store is usable afterwards
    assert [a.id for a in store.articles()] == [article(2).id]


def test_store_round_trips_an_article(open_db: Opener) -> None:
    store = open_db()
    full = article(
        7,
        wire="AFP",
        language="fr",
        path="in/7.txt",
        removed=("Advertisement", "Share «this»"),
        syndicated_by=("other.example",),
        text="Des rebelles sont entrés à Karvik. « Ouf » 🙂",
    )
    store.save_batch([full])
    assert store.article(full.id) == full
    assert store.article("a-missing") is None


def test_store_round_trips_a_story_report(open_db: Opener) -> None:
    store = open_db()
    report = story_report()
    store.replace_stories([report])
    assert store.story("s1") == report
    assert store.stories() == [report]
    assert store.story("s-missing") is None


def test_store_replace_stories_replaces_every_story(open_db: Opener) -> None:
    store = open_db()
    store.replace_stories([story_report("s1"), story_report("s2")])
    store.replace_stories([story_report("s3")])
    assert [report.story.id for report in store.stories()] == ["s3"]


def test_store_gives_back_only_stories_stored_under_the_basis_asked_for(open_db: Opener) -> None:
    store = open_db()
    store.replace_stories(
        [story_report("s1"), story_report("s2"), story_report("s3")], {"s1": "b1", "s2": "b2"}
    )
    found = store.cached_stories({"s1": "b1", "s2": "other", "s3": "b3", "s4": "b4"})
    assert found == {"s1": story_report("s1")}  # s2's basis differs, s3 was stored without one
    store.replace_stories([story_report("s1")])
    assert store.cached_stories({"s1": "b1"}) == {}  # replaced without a basis: not reusable


def test_store_update_articles_rewrites_the_record(open_db: Opener) -> None:
    store = open_db()
    store.save_batch([article(1), article(2)])
    store.update_articles([article(2, duplicate_of=article(1).id)])
    assert store.article(article(2).id).duplicate_of == article(1).id  # type: ignore[union-attr]
    assert store.article(article(1).id) == article(1)


def test_store_articles_by_id_keep_the_asked_order(open_db: Opener) -> None:
    store = open_db()
    store.save_batch([article(n) for n in range(1, 5)])
    ids = [article(3).id, "a-missing", article(1).id, article(3).id]
    assert [a.id for a in store.articles(ids)] == [article(3).id, article(1).id]


def test_store_dropped_are_kept_with_the_latest_reason(open_db: Opener) -> None:
    store = open_db()
    store.save_batch([], [Dropped("b.txt", "clean", "empty"), Dropped("a.bin", "ingest", "binary")])
    store.save_batch([], [Dropped("b.txt", "clean", "too short")])
    assert store.dropped() == [
        Dropped("a.bin", "ingest", "binary"),
        Dropped("b.txt", "clean", "too short"),
    ]


def test_store_round_trips_a_reading_under_its_key(open_db: Opener) -> None:
    store = open_db()
    store.save_readings([reading("a1"), reading("a2")], {"a1": "k1", "a2": "k2"})
    assert store.readings({"a1": "k1", "a2": "k2"}) == {"a1": reading("a1"), "a2": reading("a2")}
    assert open_db().readings({"a1": "k1"}) == {"a1": reading("a1")}  # committed


def test_store_readings_skip_other_keys_and_unknown_articles(open_db: Opener) -> None:
    store = open_db()
    store.save_readings([reading("a1"), reading("a2")], {"a1": "k1", "a2": "k2"})
    assert store.readings({"a1": "changed", "a2": "k2", "a-missing": "k"}) == {"a2": reading("a2")}
    assert store.readings({}) == {}


def test_store_save_readings_replaces_an_older_reading(open_db: Opener) -> None:
    store = open_db()
    store.save_readings([reading("a1")], {"a1": "old"})
    newer = Reading("a1", sentences=(Sentence("a1", 0, "Newer text.", 0, 11),))
    store.save_readings([newer], {"a1": "new"})
    assert store.readings({"a1": "old"}) == {}
    assert store.readings({"a1": "new"}) == {"a1": newer}


def test_store_concurrent_ingests_neither_duplicate_nor_lose(open_db: Opener) -> None:
    stores = [open_db(), open_db()]  # one connection each, as two processes would have
    sets = [[article(n) for n in range(0, 60)], [article(n) for n in range(59, 19, -1)]]
    start = threading.Barrier(2)
    added: list[str] = []

    def ingest(store: Store, articles: list[Article]) -> None:
        start.wait()
        for at in range(0, len(articles), 7):
            added.extend(store.save_batch(articles[at : at + 7]).added)

    threads = [
        threading.Thread(target=ingest, args=pair) for pair in zip(stores, sets, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(added) == sorted(article(n).id for n in range(60))  # each stored exactly once
    assert len(open_db().articles()) == 60


def test_store_concurrent_story_replacements_never_mix(open_db: Opener) -> None:
    stores = [open_db(), open_db()]
    sets = [[story_report(f"s{n}") for n in range(5)], [story_report(f"t{n}") for n in range(3)]]

    def replace(store: Store, reports: list[StoryReport]) -> None:
        for _ in range(5):
            store.replace_stories(reports)

    threads = [
        threading.Thread(target=replace, args=pair) for pair in zip(stores, sets, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    final = [report.story.id for report in open_db().stories()]
    assert final in ([f"s{n}" for n in range(5)], [f"t{n}" for n in range(3)])


def test_store_open_store_refuses_an_unreachable_postgres() -> None:
    with pytest.raises(StoreError, match="cannot connect") as raised:
        open_store("postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2")
    assert "secret" not in str(raised.value)  # the password never reaches a message


def test_store_readers_see_the_last_commit_while_an_analysis_is_written(open_db: Opener) -> None:
    writer, reader = open_db(), open_db()
    writer.replace_stories([story_report("s1")])
    inside, release = threading.Event(), threading.Event()

    def write() -> None:
        with writer.atomic():  # type: ignore[attr-defined]
            writer.replace_stories([story_report("s2")])
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=write)
    thread.start()
    assert inside.wait(10)
    assert [report.story.id for report in reader.stories()] == ["s1"]
    if writer.path != ":memory:" and not writer.path.startswith("postgres"):  # type: ignore[attr-defined]
        assert [report.story.id for report in writer.stories()] == ["s1"]  # its own readers too
    release.set()
    thread.join()
    assert [report.story.id for report in reader.stories()] == ["s2"]
