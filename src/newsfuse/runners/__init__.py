"""Runners execute the per-article stages: in this process (default) or on Ray.

A runner only decides *where* ``clean`` and ``read`` run; the corpus stages
(dedupe, cluster) and the per-story stages run in the caller, so every runner
gives the same report for the same input.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from newsfuse.pipeline import Pipeline
from newsfuse.records import Article, Dropped, RawInput, Reading


class Runner(Protocol):
    def clean(self, pipeline: Pipeline, inputs: Sequence[RawInput | Dropped]) -> list[Article]: ...

    def read(self, pipeline: Pipeline, articles: Sequence[Article]) -> Iterable[Reading]: ...


class LocalRunner:
    """Run every stage in this process (models loaded once, batched ``nlp.pipe``)."""

    def clean(self, pipeline: Pipeline, inputs: Sequence[RawInput | Dropped]) -> list[Article]:
        return pipeline.clean(inputs)

    def read(self, pipeline: Pipeline, articles: Sequence[Article]) -> Iterable[Reading]:
        return pipeline.read_stream(articles)


def get_runner(name: str, address: str | None = None) -> Runner:
    """Return the runner called ``name`` ("local" or "ray")."""
    if name == "ray":
        from newsfuse.runners.ray_runner import RayRunner

        return RayRunner(address=address)
    return LocalRunner()
