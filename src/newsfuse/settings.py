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
    use_embeddings: bool = True  # MiniLM for clustering/event typing; off = lexical only
    # the sentence encoder of `newsfuse events` (snippet typing): all-mpnet-base-v2 types
    # CASE 2021 snippets at 0.845 weighted F1 vs 0.822 for all-minilm-l6-v2, 3-5x slower
    events_encoder: str = "all-mpnet-base-v2"
    # "auto": bfloat16 where the CPU computes it natively (2.6-3x faster, same types), else
    # float32; or force "float32" / "bfloat16"
    encoder_precision: str = "auto"
    # clustering
    # measured on the news_cluster set: B-cubed F1 0.969, flat for thresholds 0.10-0.14
    cluster_threshold: float = 0.12
    # the scale of a soft time prior, not a cut-off: a third of same-story pairs are > a week apart
    cluster_window_days: int = 90
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
