"""Story clustering on ``../shared/data/clusters`` by the development protocol, beside the baseline.

Task ``cluster`` of ``quality.py`` (``.venv/bin/python benchmarks/quality.py cluster``).
Scored by B-cubed F1 against the gold events. Three systems, on the same folds:

- ``newsfuse``: TF-IDF average linkage, what the pipeline runs (``stages/cluster.py``);
- ``newsfuse+minilm``: the same blended with MiniLM embeddings, what ``newsfuse cluster``
  runs when ``use_embeddings`` is on (the default);
- ``baseline``: TF-IDF over title + lead (the same words newsfuse reads), cosine, batch
  average linkage, one threshold.

Rows per system: ``dev``, the whole file with the shipped settings (for the baseline, the
threshold that fits the whole file best), with B-cubed precision and recall, the gold
events split over several stories and the stories mixing events; ``cv``, held-back
folds split by gold event: for each fold the options (threshold, and for newsfuse the
semantic weight, time scale and title weight) that score best on the other folds'
articles are scored on the held-back fold's articles. The held-back events are
clustered among all the articles, so a fold meets the density of a real corpus (34
events) rather than the 7 events it holds alone, which would be too easy; nothing of
their gold is seen by the choice. Clustering is unsupervised, so a held-back event's
articles may still shape the document frequencies, as any corpus's own would.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from itertools import product
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from protocol import Summary, cross_validate, read_jsonl  # noqa: E402

DATA = HERE.parents[1] / "shared" / "data" / "clusters"
METRIC = "bcubed_f1"

# The options chosen per fold. Thresholds span the flat top of each score with room on
# both sides; the time scale is off, three months or a year; the title weight is the
# plain count or the old boost.
LEXICAL_THRESHOLDS = tuple(round(0.04 + 0.01 * i, 2) for i in range(17))  # 0.04 .. 0.20
BLENDED_THRESHOLDS = tuple(round(0.16 + 0.02 * i, 2) for i in range(15))  # 0.16 .. 0.44
WINDOWS = (0, 90, 365)
TITLE_WEIGHTS = (1.0, 3.0)
LEAD_WORDS = (100, 300)
EMBEDDING_WEIGHTS = (0.5, 0.7, 1.0)
EMBEDDING_WORDS = (20, 60)
BASELINE_THRESHOLDS = tuple(round(0.02 + 0.02 * i, 2) for i in range(20))  # 0.02 .. 0.40
BASELINE_THRESHOLD = 0.06  # the baseline's best fit to the whole file (its ``dev`` row)


def errors(labels: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[int, int, int]:
    """Return (gold events split over several stories, stories mixing events, gold events)."""
    stories_of: defaultdict[Hashable, set[Hashable]] = defaultdict(set)
    events_of: defaultdict[Hashable, set[Hashable]] = defaultdict(set)
    for label, event in zip(labels, gold, strict=True):
        stories_of[event].add(label)
        events_of[label].add(event)
    split = sum(len(stories) > 1 for stories in stories_of.values())
    mixing = sum(len(events) > 1 for events in events_of.values())
    return split, mixing, len(stories_of)


class MemoEncoder:
    """The sentence encoder with its vectors kept by text: the option grid re-clusters often."""

    def __init__(self, encoder: Any) -> None:
        self._encoder = encoder
        self._vectors: dict[str, Any] = {}

    def encode(self, texts: Sequence[str], **kwargs: Any) -> Any:
        import numpy as np

        missing = [text for text in dict.fromkeys(texts) if text not in self._vectors]
        if missing:
            for text, vector in zip(missing, self._encoder.encode(missing, **kwargs), strict=True):
                self._vectors[text] = vector
        return np.stack([self._vectors[text] for text in texts])


def newsfuse_labels(
    articles: Sequence[Any], overrides: Mapping[str, Any], embedder: Any | None
) -> list[str]:
    """Return each article's story key from the clusterer with ``overrides`` over the defaults."""
    from newsfuse.settings import Settings
    from newsfuse.stages.cluster import StoryClusterer, publication_order

    clusterer = StoryClusterer(Settings().merged(dict(overrides)), embedder)
    clusterer.add(publication_order(articles))
    return [clusterer.story_of(article.id) for article in articles]


def baseline_labels(texts: Sequence[str], threshold: float) -> list[int]:
    """Return the baseline's cluster of each text: TF-IDF, cosine, average linkage, one cut."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(texts) < 2:
        return [1] * len(texts)
    # The corpus's own statistics: IDF fitted on the texts clustered.
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    distance = 1.0 - (matrix @ matrix.T).toarray()
    distance[distance < 0] = 0.0
    tree = linkage(squareform(distance, checks=False), "average")
    return [int(label) for label in fcluster(tree, 1.0 - threshold, "distance")]


def baseline_text(title: str | None, text: str) -> str:
    """Return the title and the lead the baseline reads: the words newsfuse reads too."""
    from newsfuse.settings import Settings

    return f"{title or ''}\n{' '.join(text.split()[: Settings().cluster_lead_words])}"


def system_rows(
    system: str,
    labels_of: Callable[[Any], Sequence[Hashable]],
    options: Sequence[Any],
    shipped: Any,
    ids: Sequence[str],
    gold: Sequence[Hashable],
    args: argparse.Namespace,
) -> tuple[list[dict[str, Any]], Summary]:
    """Return the ``dev`` and ``cv`` rows of one system, and its cross-validated summary."""
    from newsfuse.clustering import score_clusters

    truth = dict(zip(ids, gold, strict=True))
    labels = {option: labels_of(option) for option in options}

    def scores(option: Any, rows: Sequence[int] | None = None) -> dict[str, float]:
        predicted = dict(zip(ids, labels[option], strict=True))
        only = None if rows is None else [ids[row] for row in rows]
        return score_clusters(predicted, truth, only)

    summary, chosen = cross_validate(
        list(range(len(ids))),
        gold,
        options,
        lambda rows, option: scores(option, rows)[METRIC],
        k=args.folds,
        repeats=args.repeats,
        seed=args.seed,
    )
    if shipped is None:  # the baseline ships nothing: its best fit to the whole file
        shipped = max(options, key=lambda option: scores(option)[METRIC])
    if shipped not in labels:
        labels[shipped] = labels_of(shipped)
    dev = scores(shipped)
    split, mixing, events = errors(labels[shipped], gold)
    counts = Counter(option for option, _ in chosen).most_common(3)
    return [
        {
            "task": "cluster",
            "system": system,
            "split": "dev",
            "metric": METRIC,
            "score": f"{dev[METRIC]:.3f}",
            "detail": f"P {dev['bcubed_precision']:.3f} R {dev['bcubed_recall']:.3f}; "
            f"{split} of {events} events split, {mixing} {'story' if mixing == 1 else 'stories'} "
            "mixing events; "
            f"at {describe(shipped)}",
        },
        {
            "task": "cluster",
            "system": system,
            "split": f"cv{args.folds}x{args.repeats}",
            "metric": METRIC,
            "score": str(summary),
            "detail": "chosen: " + "; ".join(f"{describe(option)} ({n})" for option, n in counts),
        },
    ], summary


def describe(option: Any) -> str:
    if isinstance(option, float):
        return f"threshold {option}"
    return " ".join(f"{key.removeprefix('cluster_')}={value}" for key, value in option)


def lexical_options() -> list[tuple[tuple[str, Any], ...]]:
    return [
        (
            ("cluster_threshold", t),
            ("cluster_window_days", w),
            ("cluster_title_weight", tw),
            ("cluster_lead_words", lead),
        )
        for t, w, tw, lead in product(LEXICAL_THRESHOLDS, WINDOWS, TITLE_WEIGHTS, LEAD_WORDS)
    ]


def blended_options() -> list[tuple[tuple[str, Any], ...]]:
    grid = product(
        BLENDED_THRESHOLDS, EMBEDDING_WEIGHTS, EMBEDDING_WORDS, WINDOWS, TITLE_WEIGHTS, LEAD_WORDS
    )
    return [
        (
            ("cluster_embedding_threshold", t),
            ("cluster_embedding_weight", ew),
            ("cluster_embedding_words", words),
            ("cluster_window_days", w),
            ("cluster_title_weight", tw),
            ("cluster_lead_words", lead),
        )
        for t, ew, words, w, tw, lead in grid
    ]


def shipped_option(keys: Sequence[str]) -> tuple[tuple[str, Any], ...]:
    from newsfuse.settings import Settings

    settings = Settings()
    return tuple((key, getattr(settings, key)) for key in keys)


SYSTEMS = ("newsfuse", "newsfuse+minilm", "baseline")


def run_system(system: str, args: argparse.Namespace) -> tuple[list[dict[str, Any]], Summary]:
    """Return the rows of one system (``SYSTEMS``) and its cross-validated summary."""
    from newsfuse.clustering import record_article

    records = read_jsonl(DATA / "input.jsonl")
    event_of = {row["id"]: row["gold_event_id"] for row in read_jsonl(DATA / "gold.jsonl")}
    articles = [record_article(record) for record in records]
    ids = [article.id for article in articles]
    gold = [event_of[article_id] for article_id in ids]
    if system == "baseline":
        texts = [baseline_text(article.title, article.text) for article in articles]
        return system_rows(
            system,
            lambda threshold: baseline_labels(texts, threshold),
            BASELINE_THRESHOLDS,
            None,
            ids,
            gold,
            args,
        )
    encoder = None
    options = lexical_options()
    if system == "newsfuse+minilm":
        from newsfuse.models import load_embedder

        encoder = MemoEncoder(load_embedder())
        options = blended_options()
    return system_rows(
        system,
        lambda option: newsfuse_labels(articles, dict(option), encoder),
        options,
        shipped_option([key for key, _ in options[0]]),
        ids,
        gold,
        args,
    )


def evaluate(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Return the rows of task ``cluster``: dev and cross-validated, per system."""
    rows: list[dict[str, Any]] = []
    summaries: dict[str, Summary] = {}
    for system in SYSTEMS:
        more, summaries[system] = run_system(system, args)
        rows += more
    baseline = summaries["baseline"].mean
    for row in rows:
        if row["split"] != "dev" and row["system"] != "baseline":
            mean = summaries[row["system"]].mean
            row["detail"] += f"; vs baseline {mean - baseline:+.3f} ({mean / baseline:.3f}x)"
    return rows
