"""Watch RSS/Atom feeds: poll each every so often and ingest the entries not seen before.

``newsfuse watch FEEDS.txt --every 15m`` reads a list of feed URLs (one per line,
``#`` comments) and polls each feed when it is due. Fetching goes through
``newsfuse.fetch`` with its guard against local addresses (``allow_private_urls``),
its time and size limits; the HTTP client is injectable.

What a watcher has done lives in the store, not in the process: when each feed
was last polled (and the error it ended with), and which entries were ingested.
A watcher that is killed and started again therefore polls only the feeds now
due and fetches only entries it has not ingested; an entry whose page could not
be fetched is tried again at the next poll. Entries are marked as ingested only
once their articles are stored, so a kill in between costs a second fetch, never
an article (and storing the same article again changes nothing).

A feed that fails (unreachable, not a feed, refused) is reported and recorded;
the other feeds go on, and it is tried again when next due.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

from newsfuse import fetch
from newsfuse.errors import ConfigError, FetchError
from newsfuse.records import Dropped, RawInput
from newsfuse.settings import Settings
from newsfuse.store import Store

_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])", re.IGNORECASE)
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class FeedPoll:
    """What one poll of one feed did."""

    feed: str
    entries: int = 0  # entries the feed listed
    new: int = 0  # entries not ingested before
    added: tuple[str, ...] = ()  # ids of the articles stored
    dropped: tuple[Dropped, ...] = ()  # entries that could not be read (tried again next time)
    error: str | None = None  # why the feed itself failed


@dataclass
class Clock:
    """The time and the way to wait: real by default, replaced in tests."""

    now: Callable[[], float] = time.time
    sleep: Callable[[float], None] = time.sleep
    stopped: Callable[[], bool] = field(default=lambda: False)


def parse_every(text: str) -> float:
    """Return the seconds of a duration such as "90s", "15m", "2h" or "1h30m"."""
    parts = _DURATION.findall(text)
    if not parts or _DURATION.sub("", text).strip():
        raise ConfigError(f"--every {text!r} is not a duration; give it as 90s, 15m, 2h or 1h30m")
    seconds = sum(float(amount) * _SECONDS[unit.lower()] for amount, unit in parts)
    if seconds < 1:
        raise ConfigError(f"--every {text!r} is under a second; poll less often")
    return seconds


def read_feed_list(path: str | Path) -> list[str]:
    """Return the feed URLs listed in a file: one per line, blank lines and # comments skipped."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read the feed list {path}: {error}") from error
    feeds = [line.split("#", 1)[0].strip() for line in lines]
    feeds = list(dict.fromkeys(feed for feed in feeds if feed))
    if not feeds:
        raise ConfigError(f"{path} lists no feed; give one feed URL per line")
    return feeds


def poll_feed(
    feed: str,
    store: Store,
    settings: Settings,
    client: httpx.Client | None = None,
    *,
    resolve: fetch.Resolver = fetch.system_resolver,
    use_summary: bool = False,
    now: Callable[[], float] = time.time,
) -> FeedPoll:
    """Return what polling ``feed`` once did: its new entries stored (not yet analysed)."""
    from newsfuse.api import ingest_inputs

    try:
        entries = fetch.feed_entries(feed, settings, client, resolve=resolve)
    except FetchError as error:
        store.save_feed_poll(feed, _iso(now()), str(error))
        return FeedPoll(feed, error=str(error))
    seen = store.seen_entries(feed, [entry.key for entry in entries])
    fresh = [entry for entry in entries if entry.key not in seen]
    inputs: list[RawInput | Dropped] = [
        fetch.entry_input(entry, settings, client, resolve=resolve, use_summary=use_summary)
        for entry in fresh
    ]
    result = ingest_inputs(inputs, store, settings, analyze=False)
    # a page that could not be fetched is tried again next time; anything else is done
    retry = {item.source for item in inputs if isinstance(item, Dropped) and item.stage == "fetch"}
    store.mark_entries(feed, [entry.key for entry in fresh if entry.source not in retry])
    store.save_feed_poll(feed, _iso(now()), None)
    return FeedPoll(feed, len(entries), len(fresh), result.added, tuple(result.dropped))


def due_feeds(feeds: Sequence[str], store: Store, every: float, now: float) -> list[str]:
    """Return the feeds never polled, or last polled ``every`` seconds ago or more."""
    polls = store.feed_polls()
    return [
        feed
        for feed in feeds
        if feed not in polls
        or polls[feed][0] is None
        or now - _seconds(polls[feed][0] or "") >= every
    ]


def watch(
    feeds: Sequence[str],
    store: Store,
    settings: Settings,
    every: float,
    client: httpx.Client | None = None,
    *,
    resolve: fetch.Resolver = fetch.system_resolver,
    use_summary: bool = False,
    clock: Clock | None = None,
    rounds: int | None = None,
    once: bool = False,
    report: Callable[[FeedPoll], None] = lambda poll: None,
    analyze: Callable[[Store, Settings], object] | None = None,
) -> int:
    """Poll ``feeds`` as they fall due until stopped; return how many polls were made.

    ``rounds`` stops after that many rounds that polled something; ``once`` after the
    first look, due feeds or not. After a round that stored articles (or when an
    earlier run left some unanalysed), ``analyze`` (default ``api.refresh``) runs.
    """
    from newsfuse.api import refresh

    clock = clock or Clock()
    analyze = analyze or refresh
    polls = done = 0
    while not clock.stopped():
        due = due_feeds(feeds, store, every, clock.now())
        for feed in due:
            report(
                poll_feed(
                    feed,
                    store,
                    settings,
                    client,
                    resolve=resolve,
                    use_summary=use_summary,
                    now=clock.now,
                )
            )
        if due:
            polls += len(due)
            done += 1
            if store.has_pending():  # what this round stored, or an earlier run left
                analyze(store, settings)
        if once or (rounds is not None and done >= rounds):
            break
        clock.sleep(max(1.0, _next_due(feeds, store, every, clock.now())))
    return polls


def _next_due(feeds: Iterable[str], store: Store, every: float, now: float) -> float:
    """Return the seconds until the next feed falls due."""
    polls = store.feed_polls()
    waits = [
        _seconds(polls[feed][0] or "") + every - now if polls.get(feed, (None,))[0] else 0.0
        for feed in feeds
    ]
    return min(waits, default=every)


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _seconds(iso: str) -> float:
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0  # an unreadable time: the feed is due
