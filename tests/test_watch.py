"""Watching feeds on a mock transport and a fake clock: new entries once, failures survived,
resumed after a kill from what the store remembers."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from newsfuse.cli import main
from newsfuse.errors import ConfigError
from newsfuse.settings import Settings
from newsfuse.store import Store, open_store
from newsfuse.watch import Clock, parse_every, read_feed_list, watch

SETTINGS = Settings()
FEED = "https://news.example/feed"
TEXT = "Rebels entered the town of {n} late on Tuesday after heavy fighting, residents said."


def rss(*numbers: int) -> bytes:
    items = "".join(
        f"<item><title>Story {n}</title><link>https://news.example/{n}</link>"
        f"<guid>entry-{n}</guid></item>"
        for n in numbers
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()


class Site:
    """A mock news site: its feed lists ``entries``; every request is noted."""

    def __init__(self, *entries: int) -> None:
        self.entries = list(entries)
        self.requests: list[str] = []
        self.broken_pages: set[str] = set()

    def client(self) -> httpx.Client:
        def handler(request: httpx.Request) -> httpx.Response:
            self.requests.append(request.url.path)
            if request.headers["host"] == "down.example":  # requests go to the checked address
                return httpx.Response(500)
            if request.url.path == "/feed":
                return httpx.Response(
                    200, headers={"content-type": "application/rss+xml"}, content=rss(*self.entries)
                )
            if request.url.path in self.broken_pages:
                return httpx.Response(503)
            n = request.url.path.strip("/")
            return httpx.Response(
                200, headers={"content-type": "text/plain"}, text=TEXT.format(n=f"Town{n}")
            )

        return httpx.Client(transport=httpx.MockTransport(handler))


class FakeClock(Clock):
    def __init__(self) -> None:
        self.time = 1_800_000_000.0
        self.slept: list[float] = []
        super().__init__(now=lambda: self.time, sleep=self.advance)

    def advance(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.time += seconds


def run(
    store: Store, site: Site, clock: FakeClock, rounds: int, feeds: list[str] | None = None
) -> int:
    return watch(
        feeds or [FEED],
        store,
        SETTINGS,
        900,
        site.client(),
        resolve=lambda host, port: ["93.184.216.34"],
        clock=clock,
        rounds=rounds,
        analyze=lambda store, settings: None,
    )


def test_watch_ingests_each_new_entry_once() -> None:
    store, site, clock = open_store(), Site(1, 2), FakeClock()
    run(store, site, clock, rounds=2)
    assert store.article_count() == 2 and clock.slept == [900]
    site.entries.append(3)
    run(store, site, clock, rounds=1)
    assert store.article_count() == 3
    assert site.requests.count("/1") == 1 and site.requests.count("/3") == 1


def test_watch_survives_a_feed_that_fails_and_records_why() -> None:
    store, site, clock = open_store(), Site(1), FakeClock()
    polls = run(
        store,
        site,
        clock,
        rounds=1,
        feeds=["https://down.example/feed", "http://10.0.0.1/feed", FEED],
    )
    assert polls == 3 and store.article_count() == 1
    errors = {feed: error for feed, (_, error) in store.feed_polls().items()}
    assert errors[FEED] is None and "private" in (errors["http://10.0.0.1/feed"] or "")
    assert errors["https://down.example/feed"]


def test_watch_resumes_after_a_kill_without_fetching_again(tmp_path: Path) -> None:
    site, clock = Site(1, 2), FakeClock()
    run(open_store(tmp_path / "s.db"), site, clock, rounds=1)  # then the process is killed
    site.requests.clear()
    clock.time += 300  # restarted five minutes later: the feed is due in ten
    run(open_store(tmp_path / "s.db"), site, clock, rounds=1)
    assert clock.slept[-1] == pytest.approx(600) and site.requests == ["/feed"]
    assert open_store(tmp_path / "s.db").article_count() == 2


def test_watch_tries_a_failed_entry_page_again_next_time() -> None:
    store, site, clock = open_store(), Site(1, 2), FakeClock()
    site.broken_pages.add("/2")
    run(store, site, clock, rounds=1)
    assert store.article_count() == 1
    site.broken_pages.clear()
    run(store, site, clock, rounds=1)
    assert store.article_count() == 2 and site.requests.count("/1") == 1


def test_watch_reads_durations_and_feed_lists(tmp_path: Path) -> None:
    assert [parse_every(text) for text in ("90s", "15m", "2h", "1h30m")] == [90, 900, 7200, 5400]
    with pytest.raises(ConfigError, match="not a duration"):
        parse_every("often")
    listing = tmp_path / "feeds.txt"
    listing.write_text(f"# wires\n{FEED}\n\nhttps://other.example/rss  # national\n{FEED}\n")
    assert read_feed_list(listing) == [FEED, "https://other.example/rss"]


def test_watch_cli_refuses_a_bad_duration(tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text(FEED + "\n")
    result = CliRunner().invoke(
        main, ["watch", str(listing), "--every", "soon", "--db", str(tmp_path / "s.db")]
    )
    assert result.exit_code == 2 and "not a duration" in result.stderr
