"""One settings object with shipped defaults; a user TOML file is merged over them.

Every tunable of every stage lives here so that a run is reproducible from its
settings alone. ``Settings.load(path)`` reads ``[newsfuse]`` keys from a TOML
file (or the ``NEWSFUSE_CONFIG`` environment variable) over the defaults.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from newsfuse.errors import ConfigError


@dataclass(frozen=True)
class Settings:
    # ingest
    max_input_bytes: int = 10_000_000  # larger inputs are reported and skipped
    ingest_chunk: int = 100  # inputs per transaction: an interrupted run loses at most one
    min_text_chars: int = 40  # an article shorter than this after cleaning is empty
    input_suffixes: tuple[str, ...] = (".txt", ".html", ".htm", ".json", ".jsonl")
    # dedupe: MinHash over word shingles; copies score ~0.95, rewrites ~0.02
    shingle_words: int = 5
    minhash_permutations: int = 128
    near_duplicate_threshold: float = 0.8
    # models
    spacy_model: str = "en_core_web_sm"
    # docs per nlp.pipe batch: the parse's activations grow with it (a read worker peaks
    # at 590 MB with 16, 780 MB with 32, at the same speed)
    nlp_batch_size: int = 16
    nlp_processes: int = 2  # processes reading large batches: this one and n - 1 forked workers
    use_embeddings: bool = True  # MiniLM for event typing; off = trigger rules only
    # the sentence encoder of `newsfuse events` (snippet typing): all-mpnet-base-v2 types
    # CASE 2021 snippets at 0.816 weighted F1 vs 0.771 for all-minilm-l6-v2 (cross-validated
    # on the shipped examples: 0.947 vs 0.918), 3-5x slower
    events_encoder: str = "all-mpnet-base-v2"
    # "auto": bfloat16 where the CPU computes it natively (2.6-3x faster, same types), else
    # float32; or force "float32" / "bfloat16"
    encoder_precision: str = "auto"
    # clustering (stages/cluster.py): average linkage of TF-IDF cosines over title and lead,
    # closest stories first. Every value below was chosen on held-back gold events
    # (benchmarks/quality_cluster.py; the protocol is in benchmarks/README.md).
    cluster_threshold: float = 0.1  # mean TF-IDF cosine between two stories' articles
    cluster_lead_words: int = 100  # words of the body read: the lead says what the story is
    cluster_title_weight: float = 3.0  # added to each title word's weight
    # the scale of a soft time prior (a story this many days away scores half), not a
    # cut-off: reports of one event can be months apart; 0 = no prior
    cluster_window_days: int = 365
    # blend MiniLM embeddings of title + lead into the score (`newsfuse cluster` and the
    # pipeline): 0.975 vs 0.976 B-cubed on held-back events, no better, at 1/70 of the
    # speed (77 vs 5,474 articles per CPU second at 1,000), so off by default
    cluster_embeddings: bool = False
    cluster_embedding_weight: float = 0.5  # share of the embedding cosine in the blend
    cluster_embedding_threshold: float = 0.22  # the threshold of the blended score
    cluster_embedding_words: int = 20  # words of the body embedded after the title
    # places
    gazetteer_path: str | None = None  # extra GeoNames-format file or imported index
    # corroboration: figures about one thing agree when within this relative tolerance
    figure_tolerance: float = 0.01
    # brief
    brief_max_words: int = 200
    # server
    api_token: str | None = None
    read_requires_token: bool = False
    # a larger request body is refused (413), declared length or not
    max_request_bytes: int = 10_000_000
    allow_private_urls: bool = False
    fetch_timeout_s: float = 20.0
    fetch_max_bytes: int = 5_000_000
    # map tiles, e.g. "https://tile.example/{z}/{x}/{y}.png"; None: the offline map only
    tile_url: str | None = None

    def merged(self, overrides: dict[str, Any]) -> Settings:
        """Return a copy with ``overrides`` applied; unknown keys are an error."""
        known = {f.name: f for f in fields(self)}
        unknown = sorted(set(overrides) - set(known))
        if unknown:
            raise ConfigError(
                f"unknown setting(s) {', '.join(unknown)}; known settings are: {', '.join(known)}"
            )
        values: dict[str, Any] = {
            key: tuple(value) if isinstance(value, list) else value
            for key, value in overrides.items()
        }
        return replace(self, **values)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Settings:
        """Return the defaults merged with a TOML file, if one is given or configured."""
        path = path or os.environ.get("NEWSFUSE_CONFIG")
        settings = cls()
        if not path:
            return settings
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ConfigError(
                f"cannot read settings file {path}: {error}; fix or remove it"
            ) from error
        section = data.get("newsfuse", data)
        token = os.environ.get("NEWSFUSE_API_TOKEN")
        if token and "api_token" not in section:
            section = {**section, "api_token": token}
        return settings.merged(section)
