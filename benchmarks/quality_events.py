"""Event typing (task "events" of ``quality.py``): ACLED sub-event type of a news snippet.

    .venv/bin/python benchmarks/quality.py events

Figures for newsfuse and for the plain baseline (the nearest centroid
of the labelled examples on the same encoder), per encoder:

- ``dev``: ``newsfuse events`` on the CASE 2021 dev snippets
  (``../shared/data/event_types``, read in place), weighted F1 of the first
  event's ``acled_type`` (no event counts as OTHER). A test set: read once per
  change, never tuned on.
- ``cv``: the shipped examples (``data/event_examples.jsonl``) split into folds by
  example; the classifier is trained on the other folds, its abstention threshold
  chosen by an inner cross-validation on those folds alone, and the held-back fold
  is typed with the parse and lexicon votes exactly as ``newsfuse events`` types.
  Mean ± spread [range] over ``--repeats`` splits of ``--folds`` folds.
- ``cv-multi``: the same folds, scored on the held-back multi-sentence examples
  only, for each candidate lead weight (``event_types.LEAD_WEIGHT``).

The pipeline's encoder (all-minilm-l6-v2) is scored beside the one of
``newsfuse events`` (all-mpnet-base-v2). Encoded texts (dev snippets, examples, leads) are cached in
``benchmarks/out`` (keyed by text, encoder and precision).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from protocol import Summary, read_jsonl, repeated_folds

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data" / "event_types"
ENCODERS = ("all-mpnet-base-v2", "all-minilm-l6-v2")


def _encoded(texts: Sequence[str], name: str, embedder: Any) -> np.ndarray:
    """Return the embeddings of ``texts``, cached in ``benchmarks/out`` across runs."""
    from newsfuse.stages.event_types import encode

    digest = hashlib.sha1(f"{name}\t{embedder.precision}\n".encode())
    for text in texts:
        digest.update(text.encode() + b"\n")
    path = HERE / "out" / f"events-vectors-{digest.hexdigest()[:16]}.npy"
    if path.exists():
        return np.load(path)
    vectors = encode(texts, embedder)
    path.parent.mkdir(exist_ok=True)
    np.save(path, vectors)
    return vectors


def weighted_f1(truth: Sequence[str], guess: Sequence[str]) -> float:
    from newsfuse.stages.events import score_event_types

    return score_event_types(
        {str(i): label for i, label in enumerate(guess)},
        {str(i): label for i, label in enumerate(truth)},
    )


def centroid_types(vectors: np.ndarray, train: np.ndarray, labels: Sequence[str]) -> list[str]:
    """Return the baseline's type per row: the label whose examples' mean is nearest (cosine)."""
    names = sorted(set(labels))
    column = np.array([names.index(label) for label in labels])
    centroids = np.stack([train[column == i].mean(axis=0) for i in range(len(names))])
    centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
    return [names[i] for i in np.argmax(vectors @ centroids.T, axis=1)]


def evaluate(args: Any) -> list[dict[str, object]]:
    from newsfuse import models
    from newsfuse.pipeline import nlp_for
    from newsfuse.settings import Settings
    from newsfuse.stages import event_types, events

    settings = Settings()
    nlp = nlp_for(settings)
    examples = event_types.load_examples()
    texts = [text for text, _ in examples]
    labels = [label for _, label in examples]
    _, example_votes = events.snippet_votes(texts, nlp)
    rows: list[dict[str, object]] = []
    dev = read_jsonl(DATA / "input.jsonl") if DATA.is_dir() else []
    gold = (
        {row["id"]: row["acled_subtype"] for row in read_jsonl(DATA / "gold.jsonl")} if dev else {}
    )
    if not dev:
        print("events: ../shared/data/event_types not found, dev rows skipped", file=sys.stderr)
    for name in ENCODERS:
        embedder = models.load_embedder(name, settings.encoder_precision)
        vectors = event_types.example_vectors(examples, embedder)
        note = f"{name}, {len(examples)} examples"
        if dev:
            typed = events.type_texts([row["text"] for row in dev], nlp, embedder)
            predicted = {
                row["id"]: found[0].acled_type or "OTHER"
                for row, found in zip(dev, typed, strict=True)
                if found
            }
            truth = [gold[row["id"]] for row in dev]
            dev_vectors = _encoded([row["text"] for row in dev], name, embedder)
            rows.append(_row("newsfuse", "dev", events.score_event_types(predicted, gold), note))
            rows.append(
                _row(
                    "nearest centroid",
                    "dev",
                    weighted_f1(truth, centroid_types(dev_vectors, vectors, labels)),
                    note,
                )
            )
        ours, base, chosen = cross_validate(
            texts, labels, vectors, example_votes, args.folds, args.repeats, args.seed
        )
        rows.append(_row("newsfuse", "cv", ours, f"{note}; abstain below {_spread(chosen)}"))
        rows.append(_row("nearest centroid", "cv", base, note))
        whole = _encoded(texts, name, embedder)
        for weight, summary, count in lead_weight_cv(
            texts, labels, whole, example_votes, name, embedder, args
        ):
            rows.append(
                _row(
                    f"newsfuse lead {weight}",
                    "cv-multi",
                    summary,
                    f"{name}, the {count} multi-sentence examples held back",
                )
            )
    return rows


# Candidate weights of a snippet's lead in its vector (``event_types.LEAD_WEIGHT``).
LEAD_WEIGHTS = (0.0, 0.3, 0.5, 0.7)


def lead_weight_cv(
    texts: Sequence[str],
    labels: Sequence[str],
    whole: np.ndarray,
    votes: Sequence[dict[str, float]],
    name: str,
    embedder: Any,
    args: Any,
) -> list[tuple[float, Summary, int]]:
    """Return, per lead weight, the weighted F1 of the held-back multi-sentence examples.

    Only texts with more than one sentence have a lead apart from the whole text, so
    only they can tell the weights apart. Each split's held-back predictions are pooled
    (a fold holds too few of them to score alone), with the shipped abstention threshold.
    """
    from newsfuse.stages.event_types import ABSTAIN_BELOW, lead_of, toward_lead

    leads = [lead_of(text) for text in texts]
    multi = [
        i for i, (text, lead) in enumerate(zip(texts, leads, strict=True)) if lead != text.strip()
    ]
    lead_vectors = _encoded([leads[i] for i in multi], name, embedder)
    results = []
    for weight in LEAD_WEIGHTS:
        vectors = whole.copy()
        vectors[multi] = toward_lead(whole[multi], lead_vectors, weight)
        scores = []
        for repeat in range(args.repeats):
            guess = [""] * len(texts)
            for _, fold in repeated_folds(
                list(range(len(texts))), args.folds, 1, args.seed + repeat
            ):
                test = list(fold.test)
                typed = _typed(texts, labels, vectors, votes, fold.train, test, ABSTAIN_BELOW)
                for index, label in zip(test, typed, strict=True):
                    guess[index] = label
            scores.append(weighted_f1([labels[i] for i in multi], [guess[i] for i in multi]))
        results.append((weight, Summary.of(scores), len(multi)))
    return results


def _spread(values: Sequence[float]) -> str:
    return f"{min(values):.2f}-{max(values):.2f}" if values else "-"


def _row(system: str, split: str, score: float | Summary, notes: str) -> dict[str, object]:
    text = str(score) if isinstance(score, Summary) else f"{score:.3f}"
    return {
        "task": "events",
        "system": system,
        "split": split,
        "metric": "weighted_f1",
        "score": text,
        "notes": notes,
    }


def cross_validate(
    texts: Sequence[str],
    labels: Sequence[str],
    vectors: np.ndarray,
    votes: Sequence[dict[str, float]],
    k: int,
    repeats: int,
    seed: int,
) -> tuple[Summary, Summary, list[float]]:
    """Return newsfuse's and the baseline's held-back scores and the thresholds chosen.

    Folds are split by example (each example is its own group).
    """
    ours: list[float] = []
    base: list[float] = []
    chosen: list[float] = []
    for _, fold in repeated_folds(list(range(len(texts))), k, repeats, seed):
        train, test = list(fold.train), list(fold.test)
        truth = [labels[i] for i in test]
        threshold = choose_threshold(texts, labels, vectors, votes, train, k, seed)
        chosen.append(threshold)
        guess = _typed(texts, labels, vectors, votes, train, test, threshold)
        ours.append(weighted_f1(truth, guess))
        base.append(
            weighted_f1(
                truth, centroid_types(vectors[test], vectors[train], [labels[i] for i in train])
            )
        )
    return Summary.of(ours), Summary.of(base), chosen


def _scores(
    texts: Sequence[str],
    labels: Sequence[str],
    vectors: np.ndarray,
    votes: Sequence[dict[str, float]],
    train: Sequence[int],
    test: Sequence[int],
    threshold: float = 0.0,
) -> list[dict[str, float]]:
    from newsfuse.stages import event_types

    model = event_types.train_model(
        vectors[list(train)], [labels[i] for i in train], abstain_below=threshold
    )
    return event_types.classify(
        [texts[i] for i in test], vectors[list(test)], model, [votes[i] for i in test]
    )


def _typed(*args: Any, **kwargs: Any) -> list[str]:
    from newsfuse.stages.event_types import best_type

    return [best_type(score)[0] for score in _scores(*args, **kwargs)]


# Candidate abstention thresholds: a top score below one of these makes the type OTHER.
THRESHOLDS = (0.0, 0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)


def choose_threshold(
    texts: Sequence[str],
    labels: Sequence[str],
    vectors: np.ndarray,
    votes: Sequence[dict[str, float]],
    train: Sequence[int],
    k: int,
    seed: int,
) -> float:
    """Return the abstention threshold that types ``train`` best by an inner cross-validation.

    The scores of each inner held-back fold come from a model trained without it,
    so the threshold is calibrated on scores like those of unseen text.
    """
    from newsfuse.stages.event_types import best_type, with_abstention

    held: list[tuple[str, dict[str, float]]] = []
    for _, fold in repeated_folds(list(range(len(train))), k, 1, seed + 1000):
        fit = [train[i] for i in fold.train]
        out = [train[i] for i in fold.test]
        scores = _scores(texts, labels, vectors, votes, fit, out)
        held.extend(zip([labels[i] for i in out], scores, strict=True))

    def score(threshold: float) -> float:
        return weighted_f1(
            [truth for truth, _ in held],
            [best_type(with_abstention(scores, threshold))[0] for _, scores in held],
        )

    return max(THRESHOLDS, key=lambda threshold: (score(threshold), -threshold))
