"""The development protocol: folds split by group, repeated, summarised beside a baseline.

Every quality figure of the project is measured this way (see ``README.md``):

- the development rows are split into ``k`` folds by *group* (a gold event for
  clustering and main events, a snippet for event typing, an article for
  geocoding), never by row, so a held-back fold holds events the choices never saw;
- a setting is chosen on the other folds (``choose``) and scored on the held-back
  one (``cross_validate``); the split is repeated with other seeds and the
  held-back scores are summarised as mean, spread (standard deviation) and range;
- the plain baseline is scored on the same folds in the same run, so every
  figure is read beside it.

Only the standard library: the benchmark scripts import this without the package.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

Row = TypeVar("Row")
Choice = TypeVar("Choice")


@dataclass(frozen=True)
class Fold:
    """One split: the rows to choose settings on and the rows to score them on."""

    train: tuple[int, ...]
    test: tuple[int, ...]


@dataclass(frozen=True)
class Summary:
    """Held-back scores of repeated folds: mean, standard deviation, range and count."""

    mean: float
    std: float
    low: float
    high: float
    n: int

    @classmethod
    def of(cls, scores: Sequence[float]) -> Summary:
        if not scores:
            return cls(math.nan, math.nan, math.nan, math.nan, 0)
        mean = sum(scores) / len(scores)
        var = sum((s - mean) ** 2 for s in scores) / (len(scores) - 1) if len(scores) > 1 else 0.0
        return cls(mean, math.sqrt(var), min(scores), max(scores), len(scores))

    def __str__(self) -> str:
        return f"{self.mean:.3f} ± {self.std:.3f} [{self.low:.3f}, {self.high:.3f}] n={self.n}"


def group_folds(groups: Sequence[Hashable], k: int, seed: int) -> list[Fold]:
    """Return ``k`` folds over row positions such that no group is split between folds.

    Groups are shuffled with ``seed`` and dealt to the fold with the fewest rows
    so far, largest groups first, so folds stay near equal in rows.
    """
    by_group: dict[Hashable, list[int]] = {}
    for index, group in enumerate(groups):
        by_group.setdefault(group, []).append(index)
    keys = list(by_group)
    random.Random(seed).shuffle(keys)
    keys.sort(key=lambda key: -len(by_group[key]))  # stable: ties keep the shuffle
    members: list[list[int]] = [[] for _ in range(k)]
    for key in keys:
        smallest = min(range(k), key=lambda i: len(members[i]))
        members[smallest].extend(by_group[key])
    everything = set(range(len(groups)))
    return [
        Fold(tuple(sorted(everything - set(test))), tuple(sorted(test))) for test in members if test
    ]


def repeated_folds(groups: Sequence[Hashable], k: int = 5, repeats: int = 3, seed: int = 0):
    """Yield ``(repeat, fold)`` for ``repeats`` different ``k``-fold splits by group."""
    for repeat in range(repeats):
        for fold in group_folds(groups, k, seed + repeat):
            yield repeat, fold


def choose(
    options: Iterable[Choice],
    score: Callable[[Choice], float],
) -> tuple[Choice, float]:
    """Return the option with the best score (the first on ties) and that score."""
    best: tuple[Choice, float] | None = None
    for option in options:
        value = score(option)
        if best is None or value > best[1]:
            best = (option, value)
    if best is None:
        raise ValueError("choose() needs at least one option")
    return best


def cross_validate(
    rows: Sequence[Row],
    groups: Sequence[Hashable],
    options: Sequence[Choice],
    score: Callable[[Sequence[Row], Choice], float],
    *,
    k: int = 5,
    repeats: int = 3,
    seed: int = 0,
) -> tuple[Summary, list[tuple[Choice, float]]]:
    """Return the held-back scores' summary and, per fold, the option chosen and its score.

    For each fold the option that scores best on the training rows is scored on
    the held-back rows: the figure says how well *choosing* generalises, not how
    well the best option fits. With one option this is a plain held-out score.
    """
    chosen: list[tuple[Choice, float]] = []
    for _, fold in repeated_folds(groups, k, repeats, seed):
        train = [rows[i] for i in fold.train]
        test = [rows[i] for i in fold.test]
        option, _ = choose(options, lambda o, train=train: score(train, o))  # type: ignore[misc]
        chosen.append((option, score(test, option)))
    return Summary.of([value for _, value in chosen]), chosen


def held_back_scores(
    rows: Sequence[Row],
    groups: Sequence[Hashable],
    score: Callable[[Sequence[Row]], float],
    *,
    k: int = 5,
    repeats: int = 3,
    seed: int = 0,
) -> Summary:
    """Return the summary of ``score`` on each held-back fold (a system with nothing to choose)."""
    summary, _ = cross_validate(
        rows, groups, [None], lambda part, _: score(part), k=k, repeats=repeats, seed=seed
    )
    return summary


def print_rows(rows: Sequence[Mapping[str, Any]]) -> None:
    """Print result rows (dicts; a key missing from a row prints empty) as an aligned table."""
    if not rows:
        return
    keys = list(dict.fromkeys(key for row in rows for key in row))
    cells = [[str(row.get(key, "")) for key in keys] for row in rows]
    widths = [max(len(key), *(len(line[i]) for line in cells)) for i, key in enumerate(keys)]
    print("  ".join(key.ljust(width) for key, width in zip(keys, widths, strict=True)))
    for line in cells:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Return the records of a JSON Lines file (the data sets of the quality tasks)."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
