"""Exact and near-duplicate detection: copies of one text, not rewrites of one story.

An exact copy has the same fingerprint (case and whitespace normalised text);
a near copy (a syndicated page with a changed word or a different tail) has a
MinHash estimate of word-shingle Jaccard similarity at or above
``settings.near_duplicate_threshold``. Candidates come from an LSH index, so
each new article costs about the same however large the corpus is.

Two outlets rewriting one AFP dispatch share facts but few five-word runs
(similarity near 0.02): they are not duplicates here. Telling that they share
an origin is the wire detector's job (clean) and the story clusterer's.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

import numpy as np

from newsfuse.records import Article, KeptCopy
from newsfuse.settings import Settings

_TOKEN = re.compile(r"\w+")
MINHASH_SEED = 1
_MULTIPLIER = np.uint64(1_000_003)


@dataclass(frozen=True)
class DedupeResult:
    """The articles in input order, with ``duplicate_of`` and ``syndicated_by`` set.

    ``pairs`` lists ``(duplicate id, kept id)`` for every duplicate found,
    including those whose kept copy came from an earlier batch (and so is not
    among ``articles``): the caller updates that stored copy's ``syndicated_by``.
    """

    articles: tuple[Article, ...]
    pairs: tuple[tuple[str, str], ...] = ()

    @property
    def kept(self) -> tuple[Article, ...]:
        """Return the articles that are not duplicates."""
        return tuple(article for article in self.articles if article.duplicate_of is None)


def shingles(text: str, size: int) -> set[str]:
    """Return the set of ``size``-word shingles of ``text`` (lower-cased, punctuation dropped)."""
    words = _TOKEN.findall(text.casefold())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def shingle_hashes(text: str, size: int) -> np.ndarray:
    """Return the distinct 32-bit hashes of ``text``'s ``size``-word shingles.

    Each word is hashed once (crc32: C speed, and unlike Python's salted
    ``hash`` the same in every process, so dedupe decisions are reproducible);
    shingles are then combined as polynomials over the word hashes in numpy,
    which avoids building one string per shingle.
    """
    words = _TOKEN.findall(text.casefold())
    if not words:
        return np.zeros(0, dtype=np.uint64)
    cache: dict[str, int] = {}
    word_hashes = np.fromiter(
        (cache.get(w) or cache.setdefault(w, zlib.crc32(w.encode("utf-8"))) for w in words),
        dtype=np.uint64,
        count=len(words),
    )
    width = min(size, len(words))
    count = len(words) - width + 1
    combined = np.zeros(count, dtype=np.uint64)
    for offset in range(width):
        # uint64 arithmetic wraps silently, which is what a polynomial hash wants.
        combined = combined * _MULTIPLIER + word_hashes[offset : offset + count]
    mixed = (combined ^ (combined >> np.uint64(32))) & np.uint64(0xFFFFFFFF)
    return np.unique(mixed)


def _identity(value: int) -> int:
    """Return ``value``: shingles arrive already hashed."""
    return value


class EarlierCopies(Protocol):
    """The kept copies of earlier runs, where an index looks them up (a store implements it)."""

    def copy_by_fingerprint(self, fingerprint: str) -> str | None: ...

    def copies_in_bands(self, bands: Sequence[int]) -> list[KeptCopy]: ...


class DedupeIndex:
    """An incremental duplicate index: exact fingerprints plus MinHash LSH over kept copies.

    Only kept copies are indexed, so a chain of small edits (A ~ B ~ C with C
    far from A) cannot make C a duplicate of A through B. With ``earlier`` (a
    store's kept copies) the index also finds copies of articles that earlier
    runs indexed, without loading them: it looks up only the LSH buckets of each
    new article, so the cost of a batch does not grow with the store. ``added``
    lists what this index indexed, for the caller to persist.
    """

    def __init__(
        self, settings: Settings, earlier: EarlierCopies | None = None, first_rank: int = 0
    ) -> None:
        from datasketch import MinHash, MinHashLSH

        self.settings = settings
        self._earlier = earlier
        self._minhash = MinHash
        # datasketch's choice of bands and rows for the threshold; the buckets are kept here
        # (and in the store) rather than in its MinHashLSH, so they can be persisted.
        lsh = MinHashLSH(
            threshold=settings.near_duplicate_threshold, num_perm=settings.minhash_permutations
        )
        self._ranges = [(band * lsh.r, (band + 1) * lsh.r) for band in range(lsh.b)]
        # One set of permutations shared by every signature: generating them is
        # the costliest part of building a MinHash.
        template = MinHash(num_perm=settings.minhash_permutations, seed=MINHASH_SEED)
        self._permutations = template.permutations
        self._scheme = template.scheme
        self._buckets: dict[int, list[str]] = {}
        self._by_fingerprint: dict[str, str] = {}
        self._signatures: dict[str, np.ndarray] = {}
        self._rank: dict[str, int] = {}
        self._next_rank = first_rank
        self.added: list[KeptCopy] = []

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._signatures

    def signature(self, text: str) -> Any:
        """Return the MinHash signature of ``text``'s word shingles."""
        signature = self._minhash(
            num_perm=self.settings.minhash_permutations,
            seed=MINHASH_SEED,
            hashfunc=_identity,
            permutations=self._permutations,
            scheme=self._scheme,
        )
        signature.update_batch(shingle_hashes(text, self.settings.shingle_words).tolist())
        return signature

    def band_keys(self, values: np.ndarray) -> tuple[int, ...]:
        """Return the LSH bucket key of each band of a signature's values (64-bit, signed)."""
        return tuple(
            int.from_bytes(
                hashlib.blake2b(
                    band.to_bytes(2, "little") + values[start:end].tobytes(), digest_size=8
                ).digest(),
                "little",
                signed=True,
            )
            for band, (start, end) in enumerate(self._ranges)
        )

    def add(self, article: Article) -> str | None:
        """Return the id of the kept article that ``article`` duplicates, else None (and index it).

        An article whose id is already indexed is the same article again (same
        key), not a copy: None is returned and nothing changes.
        """
        if article.id in self._signatures:
            return None
        exact = self._by_fingerprint.get(article.fingerprint)
        if exact is None and self._earlier is not None:
            exact = self._earlier.copy_by_fingerprint(article.fingerprint)
        if exact is not None:
            return exact if exact != article.id else None
        values = self.signature(article.text).hashvalues.astype("<u4")
        bands = self.band_keys(values)
        match = self._best_match(values, bands, article.id)
        if match is not None:
            return match
        for key in bands:
            self._buckets.setdefault(key, []).append(article.id)
        self._signatures[article.id] = values
        self._rank[article.id] = self._next_rank
        self._by_fingerprint[article.fingerprint] = article.id
        self.added.append(
            KeptCopy(article.id, article.fingerprint, self._next_rank, values.tobytes(), bands)
        )
        self._next_rank += 1
        return None

    def _best_match(self, values: np.ndarray, bands: Sequence[int], own: str) -> str | None:
        """Return the most similar indexed id at or above the threshold, else None."""
        candidates = {c: None for key in bands for c in self._buckets.get(key, ())}
        found = {c: (self._signatures[c], self._rank[c]) for c in candidates}
        if self._earlier is not None:
            for copy in self._earlier.copies_in_bands(bands):
                if copy.article != own:
                    found[copy.article] = (np.frombuffer(copy.signature, "<u4"), copy.rank)
        # Bucket candidates include some below the threshold; the signature estimate settles it.
        threshold = self.settings.near_duplicate_threshold
        scored = [
            (float(np.count_nonzero(other == values)) / len(values), -rank, candidate)
            for candidate, (other, rank) in found.items()
        ]
        scored = [entry for entry in scored if entry[0] >= threshold]
        # Earlier copies win ties, so the kept copy does not depend on bucket order.
        return max(scored)[2] if scored else None


def dedupe(
    articles: Sequence[Article], settings: Settings, index: DedupeIndex | None = None
) -> DedupeResult:
    """Return ``articles`` in input order with duplicates marked and kept copies' syndicators.

    The first copy seen is kept; pass the ``index`` of earlier batches to
    find copies of articles already stored.
    """
    index = index if index is not None else DedupeIndex(settings)
    kept_of: dict[str, str] = {}
    for article in articles:
        original = index.add(article)
        if original is not None and original != article.id:
            kept_of[article.id] = original
    syndicators: dict[str, list[str]] = {}
    for article in articles:
        original = kept_of.get(article.id)
        if original is not None and article.outlet:
            outlets = syndicators.setdefault(original, [])
            if article.outlet not in outlets:
                outlets.append(article.outlet)
    marked = tuple(
        _marked(article, kept_of.get(article.id), syndicators.get(article.id, []))
        for article in articles
    )
    return DedupeResult(marked, tuple(kept_of.items()))


def _marked(article: Article, original: str | None, outlets: Sequence[str]) -> Article:
    """Return ``article`` with its duplicate link or the outlets that copied it."""
    if original is not None:
        return replace(article, duplicate_of=original)
    if outlets:
        merged = tuple(dict.fromkeys((*article.syndicated_by, *outlets)))
        return replace(article, syndicated_by=merged)
    return article
