"""Stable story ids: a story keeps its id as articles join it, and a merge keeps the older id.

The clusterer names a story after its members (``cluster.story_id``), so that
name changes with every article that joins. ``name_stories`` renames the
stories of an analysis after the stories their articles were in before:

- each earlier id goes to the story that now holds most of its articles (the
  first such story on a tie), so a story that grows keeps its id;
- a story holding several earlier ids (two stories merged) keeps the oldest,
  and the others are *absorbed*: the store records that they now redirect to it;
- a story holding none (all of its articles are new, or it split off) keeps the
  clusterer's name, unless that name was ever used before.

A first analysis of a store therefore names stories exactly as the clusterer does.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace

from newsfuse.records import Story


@dataclass(frozen=True)
class Naming:
    """The stories under their stable ids, and the earlier ids merged into another."""

    stories: tuple[Story, ...]
    absorbed: dict[str, str] = field(default_factory=dict)  # earlier id -> the id it went to


def name_stories(
    stories: Sequence[Story],
    previous: Mapping[str, str],
    ages: Mapping[str, int],
    known: Collection[str] = (),
) -> Naming:
    """Return ``stories`` renamed to stable ids.

    ``previous`` maps an article id to the story id it had; ``ages`` gives the
    creation order of earlier ids (smaller is older); ``known`` holds every id
    ever handed out, which a new story never reuses.
    """
    shares: dict[str, Counter[int]] = {}
    for index, story in enumerate(stories):
        for article_id in story.articles:
            earlier = previous.get(article_id)
            if earlier is not None:
                shares.setdefault(earlier, Counter())[index] += 1
    held: dict[int, list[str]] = {}
    for earlier, counts in shares.items():
        holder = max(counts, key=lambda index: (counts[index], -index))
        held.setdefault(holder, []).append(earlier)
    taken = {*known, *previous.values()}
    named: list[Story] = []
    absorbed: dict[str, str] = {}
    for index, story in enumerate(stories):
        own = held.get(index)
        if own:
            keep = min(own, key=lambda story_id: (ages.get(story_id, len(ages)), story_id))
            absorbed.update((other, keep) for other in own if other != keep)
        else:
            keep = _unused(story.id, taken)
        taken.add(keep)
        named.append(replace(story, id=keep))
    return Naming(tuple(named), absorbed)


def _unused(name: str, taken: Collection[str]) -> str:
    """Return ``name``, or a name derived from it that is not in ``taken``."""
    candidate, number = name, 0
    while candidate in taken:
        number += 1
        digest = hashlib.sha1(f"{name}:{number}".encode()).hexdigest()
        candidate = "s" + digest[:12]
    return candidate
