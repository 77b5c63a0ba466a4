"""A realistic benchmark corpus built from real news text by repetition with small edits.

The base texts are the development sets in ``../shared/data`` (news_cluster
articles grouped by their gold event, GeoVirus articles, CASE event snippets)
and the four seeds (one event), read in place. Each base seeds *stories*;
every reuse of a base is a new story with its own names, vocabulary and dates
(a consistent substitution of its capitalised words and of half of its
other words), so that repetition does not make one giant story. A story's
articles are the base's real reports with small edits (sentences dropped,
words substituted, dates shifted by up to a month), or rewrites of its one
text with larger edits; some articles are near-copies of an earlier article
of the story (wire syndication), as dedupe would meet them. Records carry the
news-please fields the CLI reads, plus the gold story and the copied article
for sanity scores.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared"

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
OUTLETS = tuple(f"outlet{number:02d}.example" for number in range(60))
STORY_SIZES = (1, 1, 1, 2, 2, 3, 3, 4, 5, 6, 8, 10, 14, 20)
COPY_SHARE = 0.15  # articles that are near-copies of another article of their story
# Days after a story's start; a third of its reports come more than a week later.
LAGS = (0, 0, 0, 1, 1, 2, 3, 5, 9, 14, 21, 30)


@dataclass(frozen=True)
class Report:
    title: str | None
    text: str


@dataclass(frozen=True)
class Base:
    """One event: its real reports (several for news_cluster events and the seeds)."""

    reports: tuple[Report, ...]
    day: date


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def base_texts(shared: Path = SHARED) -> list[Base]:
    """Return the real events the corpus is built from, each with its reports."""
    data = shared / "data"
    event_of = {
        row["id"]: row["gold_event_id"] for row in read_jsonl(data / "clusters" / "gold.jsonl")
    }
    events: dict[Any, list[dict[str, Any]]] = {}
    for row in read_jsonl(data / "clusters" / "input.jsonl"):
        events.setdefault(event_of.get(row["id"], row["id"]), []).append(row)
    bases = [
        Base(
            tuple(Report(row.get("title"), row["text"]) for row in rows),
            min(_day(row.get("date_publish"), date(2017, 6, 1)) for row in rows),
        )
        for _, rows in sorted(events.items(), key=lambda item: str(item[0]))
    ]
    bases += [
        Base((Report(None, row["text"]),), _day(row.get("published"), _spread(row, 2008)))
        for row in read_jsonl(data / "geocoding" / "geovirus.input.jsonl")
    ]
    bases += [
        Base((Report(None, row["text"]),), _spread(row, 2019))
        for row in read_jsonl(data / "event_types" / "input.jsonl")
        if len(row["text"]) >= 300  # very short snippets are not articles
    ]
    seeds = sorted((shared / "seeds").glob("*.txt"))
    bases.append(
        Base(tuple(Report(None, p.read_text(encoding="utf-8")) for p in seeds), date(2025, 3, 20))
    )
    return bases


def _spread(row: dict[str, Any], year: int) -> date:
    """Return a date in the four years from ``year`` for an undated text, fixed by its text."""
    # Undated sets would otherwise put hundreds of events on one day.
    offset = int(hashlib.sha1(row["text"].encode("utf-8")).hexdigest()[:8], 16) % 1461
    return date(year, 1, 1) + timedelta(days=offset)


def _day(value: str | None, default: date) -> date:
    try:
        return date.fromisoformat(str(value)[:10]) if value else default
    except ValueError:
        return default


def build_corpus(size: int, seed: int = 7, shared: Path = SHARED) -> list[dict[str, Any]]:
    """Return ``size`` news-please records in publication order, deterministic per seed."""
    rng = random.Random(seed)
    bases = base_texts(shared)
    words = {w for b in bases for r in b.reports for w in _WORD.findall(r.text)}
    vocabulary = sorted(w for w in words if w.islower())
    names = sorted(w for w in words if w[0].isupper())
    records: list[dict[str, Any]] = []
    uses: dict[int, int] = {}
    story = 0
    while len(records) < size:
        index = rng.randrange(len(bases))
        reuse = uses.get(index, 0)
        uses[index] = reuse + 1
        base = _variant(bases[index], reuse, rng, vocabulary, names)
        count = min(rng.choice(STORY_SIZES), size - len(records))
        records += _story_articles(base, f"g{story}", count, rng)
        story += 1
    records.sort(key=lambda record: (record["date_publish"], record["id"]))
    return records


def _variant(
    base: Base, reuse: int, rng: random.Random, vocabulary: list[str], names: list[str]
) -> Base:
    """Return ``base`` as a different story: new names, some new words, another date."""
    if reuse == 0:
        return base
    local = random.Random(rng.random())
    mapping: dict[str, str] = {}
    text = " ".join(f"{r.title or ''} {r.text}" for r in base.reports)
    for word in sorted(set(_WORD.findall(text))):
        if word[0].isupper():
            mapping[word] = local.choice(names)
        elif local.random() < 0.5:
            mapping[word] = local.choice(vocabulary)

    def swap(value: str) -> str:
        return _WORD.sub(lambda match: mapping.get(match.group(), match.group()), value)

    reports = tuple(Report(swap(r.title) if r.title else None, swap(r.text)) for r in base.reports)
    return Base(reports, base.day + timedelta(days=reuse * local.randint(20, 400)))


def _story_articles(base: Base, story: str, count: int, rng: random.Random) -> list[dict[str, Any]]:
    articles: list[dict[str, Any]] = []
    single = len(base.reports) == 1
    for number in range(count):
        if articles and rng.random() < COPY_SHARE:
            articles.append(_copy(rng.choice(articles), story, number, rng))
            continue
        report = base.reports[number % len(base.reports)]
        # One text stands for several reports only after heavier rewriting.
        drop, swap = (0.4, 0.1) if single else (0.15, 0.03)
        text = _rewrite(report.text, rng, drop, swap)
        title = report.title
        if title and rng.random() < 0.5:
            title = _rewrite_title(title, rng)
        day = base.day + timedelta(days=rng.choice(LAGS))
        articles.append(_record(story, number, title, text, day, rng, copy_of=None))
    return articles


def _rewrite(text: str, rng: random.Random, drop: float, swap: float) -> str:
    """Return ``text`` with sentences dropped and words swapped within it, as a rewrite."""
    sentences = [s for s in _SENTENCE.split(text) if s.strip()]
    kept = [s for s in sentences if rng.random() > drop] or sentences[:1]
    words = _WORD.findall(text)
    if not words:
        return " ".join(kept)
    return " ".join(
        _WORD.sub(lambda m: rng.choice(words) if rng.random() < swap else m.group(), sentence)
        for sentence in kept
    )


def _rewrite_title(title: str, rng: random.Random) -> str:
    words = title.split()
    if len(words) > 4:
        del words[rng.randrange(len(words))]
    return " ".join(words)


def _copy(original: dict[str, Any], story: str, number: int, rng: random.Random) -> dict[str, Any]:
    """Return a near-copy of ``original`` (syndicated wire copy with a changed line)."""
    # A copy runs after its original (1 to 20 hours later), as syndication does.
    published = datetime.fromisoformat(original["date_publish"]) + timedelta(
        hours=rng.randint(1, 20)
    )
    text = original["text"] + "\n\nThis article was syndicated from a wire service."
    return _record(story, number, original["title"], text, published, rng, original["id"])


def _record(
    story: str,
    number: int,
    title: str | None,
    text: str,
    day: date | datetime,
    rng: random.Random,
    copy_of: str | None,
) -> dict[str, Any]:
    outlet = rng.choice(OUTLETS)
    digest = hashlib.sha1(f"{story}/{number}/{outlet}".encode()).hexdigest()[:16]
    return {
        "id": digest,
        "url": f"https://{outlet}/news/{digest}",
        "date_publish": _timestamp(day, rng),
        "source_domain": outlet,
        "title": title,
        "text": text,
        "gold_story": story,
        "copy_of": copy_of,
    }


def _timestamp(day: date | datetime, rng: random.Random) -> str:
    if isinstance(day, datetime):
        return day.strftime("%Y-%m-%d %H:%M:%S")
    return f"{day.isoformat()} {rng.randrange(4, 20):02d}:00:00"


def write_corpus(records: list[dict[str, Any]], path: Path) -> Path:
    """Write ``records`` as JSON Lines to ``path`` and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
