"""Online story clustering: each article joins the most similar story or starts one.

Articles arrive in publication order. An article is a sparse bag of weighted
terms (title boosted, lead of the text, capitalised words as a cheap stand-in
for named entities); a story is the sum of its articles' unit term
vectors, pruned to its strongest terms. Similarity is TF-IDF cosine with a
document frequency that grows with the corpus, optionally blended with the
cosine of MiniLM embeddings (which rescore the lexical candidates; they find
none of their own). Candidate stories come from an inverted index
over each story's most distinctive terms, with posting lists capped to the
most recent stories, so a new article costs about the same whatever the
corpus size. Time is a soft prior: a story weeks away is penalised, never
excluded, because reports of one story are often more than a week apart.
Stories that grow into each other are merged.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from newsfuse.records import Article, Story
from newsfuse.settings import Settings

# English function words and news boilerplate that never tell stories apart.
# IDF would down-weight them too, but only once the corpus is large; a small
# batch needs them gone from the start.
_STOPWORD_TEXT = """
    a about above after again against all almost also although always am among an and
    another any are around as at be became because been before being below between both but
    by can could did do does doing done down during each either else even ever every few for
    from further get gets got had has have having he her here hers herself him himself his
    how however i if in into is it its itself just last least less like made make many may
    me might more most much must my myself new news no nor not now of off often on once one
    only or other our ours ourselves out over own per rather read said same say says see she
    should since so some still such than that the their theirs them themselves then there
    these they this those though through thus to told too toward under until up upon us very
    via was way we were what when where whether which while who whom whose why will with
    within without would yet you your yours yourself year years day days week weeks time
    times people monday tuesday wednesday thursday friday saturday sunday mr mrs ms
    according reported report reports including first two three image images photo photos
    video getty reuters ap afp advertisement share click
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_WORD = re.compile(r"[^\W\d_][\w'’-]*[\w]|[^\W\d_]", re.UNICODE)
# A capitalised word right after a word, comma or closing mark and one space:
# inside a sentence, so capitalised because it is a name.
_NAME = re.compile(r"(?<=[\w,;%)\"'”’] )[A-ZÀ-ÖØ-Þ][\w'’-]*")


@dataclass(frozen=True)
class ClusterParams:
    """Tunables of the clusterer that are not in ``Settings`` (measured, see benchmarks/)."""

    lead_words: int = 300  # the lead carries the story; tails carry page furniture
    title_weight: float = 3.0  # a title names the story in a few words
    entity_weight: float = 1.5  # capitalised words mid-sentence: names, places, groups
    story_terms: int = 150  # a story keeps only its strongest terms (bounded cost)
    index_terms: int = 20  # terms of a story posted in the inverted index
    query_terms: int = 20  # terms of an article looked up in the index
    posting_cap: int = 200  # stories kept per posting list (the most recent)
    candidates: int = 5  # stories scored exactly per article
    embedding_weight: float = 0.35  # share of the MiniLM cosine when an embedder is given
    embedding_floor: float = 0.35  # MiniLM cosine of unrelated news; rescaled to 0
    merge_margin: float = 0.1  # merging two stories needs threshold + margin


@dataclass
class _StoryState:
    key: str  # id of the founding article: stable while the story grows
    terms: dict[str, float]  # sum of the articles' unit term vectors (no IDF)
    size: int
    first_day: int | None
    last_day: int | None
    articles: list[str] = field(default_factory=list)
    embedding: Any = None  # sum of unit embeddings (numpy array) or None
    indexed: tuple[str, ...] = ()
    norm: float = 0.0
    norm_epoch: int = -1


# ------------------------------------------------------------------- features


def day_number(published_at: str | None) -> int | None:
    """Return the proleptic ordinal of the date part of ``published_at``, or None."""
    if not published_at:
        return None
    try:
        return date.fromisoformat(published_at[:10]).toordinal()
    except ValueError:
        return None


def words(text: str) -> list[str]:
    """Return the lowercased words of ``text`` (letters first; digits alone are no word)."""
    return _WORD.findall(text.lower())


def names(text: str) -> set[str]:
    """Return the lowercased capitalised words of ``text`` that do not open a sentence.

    A cheap stand-in for named entities that needs no parser: "reached Lisbon"
    counts, "The" after a full stop or a line break does not.
    """
    return {name.lower() for name in _NAME.findall(text)}


def article_terms(article: Article, params: ClusterParams) -> dict[str, float]:
    """Return the article's term weights (sublinear tf, title and names boosted)."""
    # Only the lead is read: a word averages well under 10 characters.
    lead = article.text[: params.lead_words * 10]
    counts = Counter(
        word for word in words(lead)[: params.lead_words] if word not in STOPWORDS and len(word) > 1
    )
    title_words = {
        word for word in words(article.title or "") if word not in STOPWORDS and len(word) > 1
    }
    found_names = names(lead) & counts.keys()
    weights = {term: 1.0 + math.log(count) for term, count in counts.items()}
    for term in found_names:
        weights[term] *= params.entity_weight
    for term in title_words:
        weights[term] = weights.get(term, 0.0) + params.title_weight
    return weights


def story_id(article_ids: Iterable[str]) -> str:
    """Return the story id: ``"s"`` + sha1 of the sorted, comma-joined article ids."""
    joined = ",".join(sorted(article_ids))
    return "s" + hashlib.sha1(joined.encode("utf-8")).hexdigest()[:12]


def embedding_text(article: Article, lead_words: int = 60) -> str:
    """Return the text embedded for an article: its title and the lead of its body."""
    # The lead says what the story is; 60 words score as well as 120 at half the cost.
    lead = " ".join(article.text.split()[:lead_words])
    return f"{article.title}. {lead}" if article.title else lead


# ------------------------------------------------------------------ clusterer


@dataclass(frozen=True)
class _Query:
    """An article (or story) ready for scoring against stories."""

    unit: dict[str, float]  # unit length under the current IDF, IDF not applied
    weighted: dict[str, float]  # unit * idf^2: one product per shared term gives the dot


def _dot(weighted: dict[str, float], terms: dict[str, float]) -> float:
    # The key intersection runs in C; only shared terms reach Python.
    return sum(weighted[term] * terms[term] for term in weighted.keys() & terms.keys())


class _IdfTable(dict[str, float]):
    """Smoothed IDF per term, computed on first lookup (plain dict speed after that)."""

    def __init__(self, df: Counter[str], documents: int) -> None:
        super().__init__()
        self._df = df
        self._documents = documents

    def __missing__(self, term: str) -> float:
        value = math.log((1 + self._documents) / (1 + self._df[term])) + 1.0
        self[term] = value
        return value


class StoryClusterer:
    """Incremental story clusterer; feed batches in publication order with ``add``.

    ``add`` returns, for each article, the key of the story it joined: the id
    of the story's founding article. Keys are stable while stories grow; when
    two stories merge, the older key survives and ``story_of`` resolves an
    article to its current key. ``stories()`` gives the final ``Story`` records.
    """

    def __init__(
        self,
        settings: Settings,
        embedder: Any | None = None,
        params: ClusterParams | None = None,
    ) -> None:
        self._settings = settings
        self._embedder = embedder
        self._params = params or ClusterParams()
        self._threshold = settings.cluster_threshold
        # The window is the scale of a soft prior (a story that far away scores half),
        # not a cut-off: reports of one story are often weeks apart.
        self._time_scale = float(max(1, settings.cluster_window_days))
        self._df: Counter[str] = Counter()
        self._documents = 0
        self._epoch = 0  # bumped when the document frequencies change
        self._idf = _IdfTable(self._df, 0)  # smoothed IDF of the current epoch
        self._stories: dict[str, _StoryState] = {}
        self._postings: dict[str, dict[str, None]] = {}  # term -> story keys (ordered set)
        self._article_story: dict[str, str] = {}
        self._merged_into: dict[str, str] = {}
        # story key -> (published_at, article id, title) of its earliest titled article
        self._titles: dict[str, tuple[str, str, str]] = {}

    # ----------------------------------------------------------------- public

    def __getstate__(self) -> dict[str, Any]:
        """Return the state a store keeps between ingests (pickled): all but the embedder."""
        return {**vars(self), "_embedder": None}

    def add(self, articles: Sequence[Article]) -> list[str]:
        """Cluster ``articles`` (publication order) and return each one's story key."""
        vectors = [article_terms(article, self._params) for article in articles]
        fresh = [
            (article, vector)
            for article, vector in zip(articles, vectors, strict=True)
            if article.id not in self._article_story and not self._known_duplicate(article)
        ]
        # The whole batch counts toward document frequency before any assignment,
        # so a one-shot batch clusters with the IDF of the full corpus.
        for _, vector in fresh:
            self._df.update(vector.keys())
        self._documents += len(fresh)
        self._epoch += 1
        self._idf = _IdfTable(self._df, self._documents)
        embeddings = self._embed([article for article, _ in fresh])
        by_id = {article.id: index for index, (article, _) in enumerate(fresh)}
        keys: list[str] = []
        for article, vector in zip(articles, vectors, strict=True):
            if article.id in self._article_story:
                keys.append(self.story_of(article.id))
                continue
            if self._known_duplicate(article):
                keys.append(self._join_original(article))
                continue
            index = by_id[article.id]
            embedding = embeddings[index] if embeddings is not None else None
            keys.append(self._assign(article, vector, embedding))
        return [self._resolve(key) for key in keys]

    def story_of(self, article_id: str) -> str:
        """Return the current story key of a clustered article."""
        return self._resolve(self._article_story[article_id])

    def stories(self) -> tuple[Story, ...]:
        """Return the stories so far, in order of their first article."""
        found = []
        for state in self._stories.values():
            _, _, title = self._titles.get(state.key, ("", "", ""))
            found.append(
                Story(
                    id=story_id(state.articles),
                    title=title or None,
                    articles=tuple(state.articles),
                    first_seen=_iso(state.first_day),
                    last_seen=_iso(state.last_day),
                )
            )
        return tuple(found)

    # ------------------------------------------------------------- assignment

    def _known_duplicate(self, article: Article) -> bool:
        return bool(article.duplicate_of) and article.duplicate_of in self._article_story

    def _join_original(self, article: Article) -> str:
        # A copy adds nothing to the story's vocabulary; it only joins it.
        key = self.story_of(article.duplicate_of or "")
        self._attach(self._stories[key], article)
        return key

    def _assign(self, article: Article, vector: dict[str, float], embedding: Any) -> str:
        day = day_number(article.published_at)
        query = self._query(vector)
        best_key, best_score = None, self._threshold
        for key in self._candidates(query):
            score = self._score(query, embedding, day, self._stories[key])
            if score >= best_score:
                best_key, best_score = key, score
        if best_key is None:
            state = _StoryState(key=article.id, terms={}, size=0, first_day=day, last_day=day)
            self._stories[article.id] = state
        else:
            state = self._stories[best_key]
        self._grow(state, query, embedding)
        self._attach(state, article)
        # A story's strongest terms and its neighbours change slowly: look again
        # each time it doubles, so the work per article stays bounded.
        settled = state.size & (state.size - 1) != 0
        self._reindex(state, refresh_only=settled)
        if best_key is not None and not settled:
            self._merge_neighbours(state)
        return state.key

    def _query(self, vector: dict[str, float]) -> _Query:
        # Weights are scaled to unit length under the current IDF, then stored
        # without it, so later IDF changes apply to old articles as well.
        idf = self._idf
        norm = math.sqrt(sum((weight * idf[term]) ** 2 for term, weight in vector.items())) or 1.0
        unit = {term: weight / norm for term, weight in vector.items()}
        return _Query(unit, {term: weight * idf[term] ** 2 for term, weight in unit.items()})

    def _candidates(self, query: _Query) -> list[str]:
        weighted = query.weighted
        strongest = heapq.nlargest(self._params.query_terms, weighted, key=weighted.__getitem__)
        votes: dict[str, float] = {}
        idf = self._idf
        for term in strongest:
            for key in self._postings.get(term, ()):
                story = self._resolve(key)
                votes[story] = votes.get(story, 0.0) + idf[term]
        return heapq.nlargest(self._params.candidates, votes, key=votes.__getitem__)

    def _score(self, query: _Query, embedding: Any, day: int | None, state: _StoryState) -> float:
        similarity = self._cosine(query, state)
        weight = self._params.embedding_weight
        if weight and embedding is not None and state.embedding is not None:
            similarity = (1 - weight) * similarity + weight * self._embedding_cosine(
                embedding, state.embedding
            )
        return similarity * self._time_prior(day, state)

    def _cosine(self, query: _Query, state: _StoryState) -> float:
        return _dot(query.weighted, state.terms) / (self._story_norm(state) or 1.0)

    def _story_norm(self, state: _StoryState) -> float:
        if state.norm_epoch != self._epoch:
            state.norm = math.sqrt(sum((w * self._idf[t]) ** 2 for t, w in state.terms.items()))
            state.norm_epoch = self._epoch
        return state.norm

    def _embedding_cosine(self, embedding: Any, total: Any) -> float:
        import numpy as np

        cosine = float(np.dot(embedding, total) / (np.linalg.norm(total) or 1.0))
        floor = self._params.embedding_floor
        return max(0.0, (cosine - floor) / (1.0 - floor))

    def _time_prior(self, day: int | None, state: _StoryState) -> float:
        # Distance to the story's span, not to its start: stories go on for weeks.
        if day is None or state.first_day is None or state.last_day is None:
            return 1.0
        gap = max(0, state.first_day - day, day - state.last_day)
        return 1.0 / (1.0 + gap / self._time_scale)

    # ---------------------------------------------------------------- updates

    def _grow(self, state: _StoryState, query: _Query, embedding: Any) -> None:
        terms = state.terms
        if state.norm_epoch == self._epoch:
            # |s + u|^2 = |s|^2 + 2 s.u + |u|^2, and |u| = 1: no pass over the story.
            square = state.norm**2 + 2 * _dot(query.weighted, terms) + 1.0
            state.norm = math.sqrt(max(square, 0.0))
        for term, weight in query.unit.items():
            terms[term] = terms.get(term, 0.0) + weight
        limit = self._params.story_terms
        if len(terms) > 2 * limit:
            # Prune lazily (at twice the limit) so the cost is amortised.
            idf = self._idf
            scored = {term: weight * idf[term] for term, weight in terms.items()}
            state.terms = {
                t: terms[t] for t in heapq.nlargest(limit, scored, key=scored.__getitem__)
            }
            state.norm_epoch = -1
        state.size += 1
        if embedding is not None:
            state.embedding = embedding if state.embedding is None else state.embedding + embedding

    def _attach(self, state: _StoryState, article: Article) -> None:
        day = day_number(article.published_at)
        state.articles.append(article.id)
        self._article_story[article.id] = state.key
        if day is not None:
            state.first_day = day if state.first_day is None else min(state.first_day, day)
            state.last_day = day if state.last_day is None else max(state.last_day, day)
        if article.title:
            # Undated articles sort last ("~" follows every digit).
            candidate = (article.published_at or "~", article.id, article.title)
            current = self._titles.get(state.key)
            if current is None or candidate < current:
                self._titles[state.key] = candidate

    def _reindex(self, state: _StoryState, refresh_only: bool = False) -> None:
        """Post the story under its strongest terms, most recent last in each posting."""
        if refresh_only:
            strongest = state.indexed
        else:
            idf = self._idf
            scored = {term: weight * idf[term] for term, weight in state.terms.items()}
            strongest = tuple(
                heapq.nlargest(self._params.index_terms, scored, key=scored.__getitem__)
            )
            for term in set(state.indexed) - set(strongest):
                self._postings.get(term, {}).pop(state.key, None)
        cap = self._params.posting_cap
        for term in strongest:
            posting = self._postings.setdefault(term, {})
            posting.pop(state.key, None)
            posting[state.key] = None  # moved to the end: the most recently active
            if len(posting) > cap:
                # Stories quiet for longest fall out first: recency is also a prior.
                del posting[next(iter(posting))]
        state.indexed = strongest

    def _merge_neighbours(self, state: _StoryState) -> None:
        # A story that grew may now describe the same thing as an older one.
        bar = self._threshold + self._params.merge_margin
        query = self._query(state.terms)
        for key in self._candidates(query):
            other = self._stories.get(key)
            if other is None or other is state:
                continue
            score = self._cosine(query, other) * self._time_prior_span(state, other)
            if score >= bar:
                state = self._merge(state, other)

    def _time_prior_span(self, one: _StoryState, other: _StoryState) -> float:
        if one.first_day is None or other.first_day is None:
            return 1.0
        assert one.last_day is not None and other.last_day is not None
        gap = max(0, one.first_day - other.last_day, other.first_day - one.last_day)
        return 1.0 / (1.0 + gap / self._time_scale)

    def _merge(self, one: _StoryState, other: _StoryState) -> _StoryState:
        """Fold the younger of two stories into the older; return the survivor."""
        # The older story survives, so its key (and the keys handed out) stay valid.
        keep, gone = (other, one) if self._order(other) < self._order(one) else (one, other)
        for term, weight in gone.terms.items():
            keep.terms[term] = keep.terms.get(term, 0.0) + weight
        keep.size += gone.size
        keep.articles.extend(gone.articles)
        keep.first_day = _min_day(keep.first_day, gone.first_day)
        keep.last_day = _max_day(keep.last_day, gone.last_day)
        if gone.embedding is not None:
            keep.embedding = (
                gone.embedding if keep.embedding is None else keep.embedding + gone.embedding
            )
        if gone.key in self._titles:
            current = self._titles.get(keep.key)
            if current is None or self._titles[gone.key] < current:
                self._titles[keep.key] = self._titles[gone.key]
        keep.norm_epoch = -1
        self._merged_into[gone.key] = keep.key
        del self._stories[gone.key]
        self._reindex(keep)
        return keep

    def _order(self, state: _StoryState) -> tuple[int, str]:
        return (state.first_day if state.first_day is not None else 10**9, state.key)

    def _resolve(self, key: str) -> str:
        while key in self._merged_into:
            key = self._merged_into[key]
        return key

    def _embed(self, articles: Sequence[Article]) -> Any:
        if self._embedder is None or not self._params.embedding_weight or not articles:
            return None
        texts = [embedding_text(article) for article in articles]
        return self._embedder.encode(
            texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False
        )


def _iso(day: int | None) -> str | None:
    return date.fromordinal(day).isoformat() if day is not None else None


def _min_day(one: int | None, other: int | None) -> int | None:
    return other if one is None else one if other is None else min(one, other)


def _max_day(one: int | None, other: int | None) -> int | None:
    return other if one is None else one if other is None else max(one, other)


def publication_order(articles: Sequence[Article]) -> list[Article]:
    """Return ``articles`` sorted by publication date (undated last), then id."""
    return sorted(articles, key=lambda a: (a.published_at or "9999", a.id))


def cluster(
    articles: Sequence[Article],
    settings: Settings,
    embedder: Any | None = None,
    params: ClusterParams | None = None,
) -> tuple[Story, ...]:
    """Return the stories of ``articles``, clustered online in publication order."""
    clusterer = StoryClusterer(settings, embedder, params)
    clusterer.add(publication_order(articles))
    return clusterer.stories()
