"""Story clustering by average linkage, batch by batch: a new article costs the same at any size.

Two stories (a new article is a story of one) are as close as the mean
similarity of their articles, *average linkage*, as in the plain batch baseline
(TF-IDF, cosine, average linkage, one threshold) that this clusterer must beat on
events it has never seen. The similarity of two articles is

- lexical: the TF-IDF cosine of their title and lead, with the corpus's own
  document frequencies (they grow with it, so nothing is fitted to one corpus);
- blended with a semantic one when an embedder is given: the cosine of sentence
  embeddings of the title and the first words of the body;

divided by a soft time prior, ``1 + days between the stories / scale``, never
cut off: reports of one event can be months apart. A story keeps the sum of its
articles' unit vectors, so the linkage of two stories is one sparse dot product
(and one dense) over their sizes, whatever their sizes.

Each batch (``StoryClusterer.add``) starts every new article as a story of its
own and links it to the few stories, earlier or of the same batch, that an
inverted index over each story's most distinctive terms offers (posting lists
capped to the most recently active stories). Linked stories then merge, closest
first, while their linkage reaches the threshold: batch average linkage over the
links, with the stories of earlier batches taking part, so a later article that
bridges two of them rejoins them.

Between runs the state lives as rows (``StateRows``: document frequencies,
posting lists, stories, each article's story), so a clusterer over a kept store
reads only the rows a batch needs (its terms, their posting lists, the stories
they offer) and ``changes()`` gives back only the rows it wrote: an ingest costs
the same whatever the store's size. The settings (threshold, time scale, title
weight, lead, the semantic weight) were chosen on held-back gold events
(``benchmarks/quality_cluster.py``); ``ClusterParams`` only bounds the work.
"""

from __future__ import annotations

import bisect
import hashlib
import heapq
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from newsfuse.errors import StoreError
from newsfuse.records import Article, Story
from newsfuse.settings import Settings

# English function words and news furniture that never tell stories apart.
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
    video advertisement share click
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_WORD = re.compile(r"[^\W\d_][\w'’-]*[\w]|[^\W\d_]", re.UNICODE)


@dataclass(frozen=True)
class ClusterParams:
    """How much work the clusterer does per article: bounds on cost, not fitted to a corpus."""

    story_terms: int = 150  # a story keeps only its strongest terms (bounded cost)
    index_terms: int = 20  # terms of a story posted in the inverted index
    query_terms: int = 20  # terms of an article looked up in the index
    posting_cap: int = 200  # stories kept per posting list (the most recently active)
    candidates: int = 5  # stories scored exactly per article


@dataclass
class _StoryState:
    key: str  # id of the founding article: stable while the story grows
    terms: dict[str, float]  # sum of the articles' unit term vectors (no IDF)
    size: int
    first_day: int | None
    last_day: int | None
    articles: list[str] = field(default_factory=list)  # in arrival order
    embedding: Any = None  # sum of unit embeddings (numpy array) or None
    indexed: tuple[str, ...] = ()


class StateRows(Protocol):
    """Where a clusterer's state is kept between runs: JSON texts by kind and key.

    Kinds: ``meta`` (one row, ``state``: format version, documents, arrivals),
    ``df`` (term -> document frequency), ``posting`` (term -> story keys, least
    recently active first), ``story`` (key -> its state) and ``article`` (article
    id -> the key of its story). ``StoryClusterer.changes()`` gives the rows to write.
    """

    def cluster_rows(self, kind: str, keys: Collection[str]) -> dict[str, str]: ...


# Rows to write: (kind, key) -> JSON text, or None for a row to delete.
StateChanges = dict[tuple[str, str], str | None]


class MemoryState(dict[tuple[str, str], str]):
    """State rows held in a dict (tests, benchmarks): ``apply`` what a clusterer changed."""

    def cluster_rows(self, kind: str, keys: Collection[str]) -> dict[str, str]:
        return {key: self[kind, key] for key in keys if (kind, key) in self}

    def apply(self, changes: StateChanges) -> None:
        for row, value in changes.items():
            if value is None:
                self.pop(row, None)
            else:
                self[row] = value


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


def article_terms(article: Article, lead_words: int, title_weight: float) -> dict[str, float]:
    """Return the article's term weights: sublinear counts in the first ``lead_words`` words,
    plus ``title_weight`` for each word of the title (a title names the story in a few words).
    """
    # Only the lead is read: a word averages well under 10 characters.
    lead = words(article.text[: lead_words * 10])[:lead_words]
    counts = Counter(word for word in lead if word not in STOPWORDS and len(word) > 1)
    weights = {term: 1.0 + math.log(count) for term, count in counts.items()}
    for word in set(words(article.title or "")):
        if word not in STOPWORDS and len(word) > 1:
            weights[word] = weights.get(word, 0.0) + title_weight
    return weights


def story_id(article_ids: Iterable[str]) -> str:
    """Return the story id: ``"s"`` + sha1 of the sorted, comma-joined article ids."""
    joined = ",".join(sorted(article_ids))
    return "s" + hashlib.sha1(joined.encode("utf-8")).hexdigest()[:12]


def embedding_text(article: Article, lead_words: int = 20) -> str:
    """Return the text embedded for an article: its title and the first words of its body."""
    lead = " ".join(article.text.split()[:lead_words])
    return f"{article.title}. {lead}" if article.title else lead


# ------------------------------------------------------------------ clusterer


class _IdfTable(dict[str, float]):
    """Smoothed IDF per term (squared when ``square``), computed on first lookup."""

    def __init__(self, df: Callable[[str], int], documents: int, square: bool = False) -> None:
        super().__init__()
        self._df = df
        self._documents = documents
        self._power = 2 if square else 1

    def __missing__(self, term: str) -> float:
        value = (math.log((1 + self._documents) / (1 + self._df(term))) + 1.0) ** self._power
        self[term] = value
        return value


class StoryClusterer:
    """Incremental story clusterer; feed batches in publication order with ``add``.

    ``add`` returns, for each article, the key of the story it joined: the id
    of the story's founding article. Keys are stable while stories grow; when
    two stories merge, the older key survives and ``story_of`` resolves an
    article to its current key. ``stories()`` gives the final ``Story`` records.

    Within a batch every new article starts as a story of its own, linked to the
    stories (and earlier articles of the batch) that the index offers as its
    candidates; linked stories then merge, closest first, while their average
    linkage reaches the threshold. Stories of earlier batches take part like new
    ones, so a later article that bridges two of them rejoins them.

    Given ``state``, the clusterer continues the one whose rows it holds, reading
    only the rows it needs; ``changes()`` returns the rows it wrote (every row of
    a clusterer that started empty), for the caller to keep.
    """

    def __init__(
        self,
        settings: Settings,
        embedder: Any | None = None,
        params: ClusterParams | None = None,
        state: StateRows | None = None,
    ) -> None:
        self._params = params or ClusterParams()
        weight = settings.cluster_embedding_weight
        self._embedder = embedder if weight > 0 else None
        self._weight = weight if self._embedder is not None else 0.0
        # The blended score has a scale of its own, so a threshold of its own.
        self._threshold = (
            settings.cluster_embedding_threshold if self._embedder else settings.cluster_threshold
        )
        # The scale of a soft prior (a story that far away scores half), not a
        # cut-off: reports of one event can be months apart. 0 turns it off.
        self._time_scale = float(settings.cluster_window_days)
        self._title_weight = settings.cluster_title_weight
        self._lead_words = settings.cluster_lead_words
        self._embedding_words = settings.cluster_embedding_words
        self._state = state
        # What is known so far: everything, or what was read of ``state`` and written since.
        self._df: Counter[str] = Counter()
        self._documents = 0
        self._stories: dict[str, _StoryState] = {}
        self._postings: dict[str, dict[str, None]] = {}  # term -> story keys (ordered set)
        # article id -> key of the story it joined (resolve through merged_into), and its
        # arrival number; merged story key -> the key it went to
        self._article_story: dict[str, str] = {}
        self._arrival: dict[str, int] = {}
        self._arrivals = 0
        self._merged_into: dict[str, str] = {}
        # story key -> (published_at, article id, title) of its earliest titled article
        self._titles: dict[str, tuple[str, str, str]] = {}
        # Rows written since the start, by kind.
        self._written: dict[str, set[str]] = {kind: set() for kind in _KINDS}
        self._asked: dict[str, set[str]] = {kind: set() for kind in _KINDS}  # rows read
        # Document frequency of a term: read from ``state`` on first use, if there is one.
        self._df_of: Callable[[str], int] = self._df.__getitem__
        if state is not None:
            self._read_meta(state)
            self._df_of = self._count
        self._idf = _IdfTable(self._df_of, self._documents)
        self._idf2 = _IdfTable(self._df_of, self._documents, square=True)

    # ----------------------------------------------------------------- public

    def add(self, articles: Sequence[Article]) -> list[str]:
        """Cluster ``articles`` (publication order) and return each one's story key."""
        self._read_articles(
            [a.id for a in articles] + [a.duplicate_of for a in articles if a.duplicate_of]
        )
        known = self._article_story
        # A copy of an article met before joins its story as it is; the others start one.
        seen = set(known)
        founders: dict[str, Article] = {}
        for article in articles:
            if article.id not in seen and article.duplicate_of not in seen:
                founders[article.id] = article
            seen.add(article.id)
        vectors = {
            key: article_terms(article, self._lead_words, self._title_weight)
            for key, article in founders.items()
        }
        # The whole batch counts toward document frequency before any comparison,
        # so a one-shot batch clusters with the IDF of the full corpus.
        self._read_df({term for vector in vectors.values() for term in vector})
        for vector in vectors.values():
            self._df.update(vector.keys())
            self._written["df"].update(vector.keys())
        self._documents += len(vectors)
        self._idf = _IdfTable(self._df_of, self._documents)
        self._idf2 = _IdfTable(self._df_of, self._documents, square=True)
        embeddings = self._embed(list(founders.values()))
        links: dict[str, set[str]] = {}
        for article in articles:
            if article.id in known:
                continue
            if article.id in founders:
                self._found(article, vectors[article.id], embeddings.get(article.id), links)
            else:
                # A copy adds nothing to the story's vocabulary; it only joins it.
                story = self._story(self.story_of(article.duplicate_of or ""))
                assert story is not None, "a copy's original always has a story"
                self._attach(story, article)
        touched = self._agglomerate(links)
        for key in touched:
            if key in self._stories:
                self._reindex(self._stories[key])
        return [self.story_of(article.id) for article in articles]

    def story_of(self, article_id: str) -> str:
        """Return the current story key of a clustered article."""
        if article_id not in self._article_story:
            self._read_articles([article_id])
        return self._resolve(self._article_story[article_id])

    def stories(self) -> tuple[Story, ...]:
        """Return the stories known so far (all of them, unless the clusterer continues a
        kept state: then those read or made), in the order their founders arrived."""
        return tuple(self._record(state) for state in self._in_arrival(self._stories.values()))

    def stories_of(self, article_ids: Iterable[str]) -> tuple[Story, ...]:
        """Return the stories that hold ``article_ids`` (clustered ones), in the order of
        ``stories()``."""
        wanted = [article_id for article_id in article_ids if article_id]
        self._read_articles(wanted)
        keys = {self.story_of(a) for a in wanted if a in self._article_story}
        found = [state for key in keys if (state := self._story(key)) is not None]
        return tuple(self._record(state) for state in self._in_arrival(found))

    def changes(self) -> StateChanges:
        """Return the state rows written since the start (None: a row to delete).

        A clusterer that started empty has nothing kept to delete: its rows are a whole
        state, for an empty table (a full analysis clears it first).
        """
        meta = {"version": STATE_VERSION, "documents": self._documents, "arrivals": self._arrivals}
        rows: StateChanges = {("meta", "state"): json.dumps(meta)}
        written = self._written
        for term in written["df"]:
            rows["df", term] = str(self._df[term])
        for term in written["posting"]:
            keys = list(self._postings.get(term, ()))
            if keys:
                rows["posting", term] = json.dumps(keys)
            elif self._state is not None:
                rows["posting", term] = None
        for key in written["story"]:
            state = self._stories.get(key)
            if state is not None:
                rows["story", key] = json.dumps(self._story_row(state))
            elif self._state is not None:
                rows["story", key] = None
        for article_id in written["article"]:
            rows["article", article_id] = self.story_of(article_id)
        return rows

    # ------------------------------------------------------------- clustering

    def _found(
        self,
        article: Article,
        vector: dict[str, float],
        embedding: Any,
        links: dict[str, set[str]],
    ) -> None:
        """Start a story of one article, linked to its candidate stories."""
        # Stored without IDF, so later IDF changes apply to old articles as well.
        idf, idf2 = self._idf, self._idf2
        norm = math.sqrt(sum(idf2[term] * weight**2 for term, weight in vector.items())) or 1.0
        unit = {term: weight / norm for term, weight in vector.items()}
        day = day_number(article.published_at)
        state = _StoryState(article.id, unit, 1, day, day, embedding=embedding)
        # The article's strongest terms find the stories worth scoring.
        scored = {term: weight * idf[term] for term, weight in unit.items()}
        strongest = heapq.nlargest(self._params.query_terms, scored, key=scored.__getitem__)
        self._read_postings(strongest)
        votes: dict[str, float] = {}
        for term in strongest:
            for key in self._postings.get(term, ()):
                votes[key] = votes.get(key, 0.0) + idf[term]
        near = heapq.nlargest(self._params.candidates, votes, key=votes.__getitem__)
        self._read_stories(near)
        self._stories[state.key] = state
        self._attach(state, article)
        self._reindex(state)
        links[state.key] = set(near)
        for key in near:
            links.setdefault(key, set()).add(state.key)

    def _agglomerate(self, links: dict[str, set[str]]) -> set[str]:
        """Merge linked stories, closest first, while their average linkage reaches the
        threshold; return the keys of the stories that grew."""
        heap: list[tuple[float, str, str, int, int]] = []
        for key, near in links.items():
            for other in near:
                if key < other:
                    self._push(heap, key, other)
        grown: set[str] = set()
        while heap:
            _, one, other, one_size, other_size = heapq.heappop(heap)
            first, second = self._stories.get(one), self._stories.get(other)
            if first is None or second is None:
                continue  # merged into a third story since
            if (first.size, second.size) != (one_size, other_size):
                # Scored before one of them grew. Scored again when it comes up, not at
                # every merge; queued again only if a story grew by over an eighth since,
                # so a story of n articles costs about n log n scorings, not n^2.
                if _grew(first.size, one_size) or _grew(second.size, other_size):
                    self._push(heap, one, other)
                    continue
                if self._linkage(first, second) < self._threshold:
                    continue
            kept = self._merge(first, second)
            gone = other if kept.key == one else one
            grown.add(kept.key)
            kept_links = links.setdefault(kept.key, set())
            kept_links.discard(gone)
            # The gone story's links are new to the survivor: score them now.
            for key in links.pop(gone, set()) - {kept.key}:
                links[key].discard(gone)
                links[key].add(kept.key)
                kept_links.add(key)
                self._push(heap, kept.key, key)
        return grown

    def _push(self, heap: list[tuple[float, str, str, int, int]], one: str, other: str) -> None:
        first, second = self._stories[one], self._stories[other]
        score = self._linkage(first, second)
        if score >= self._threshold:
            # The sizes date the entry: a story only grows, so another size means stale.
            heapq.heappush(heap, (-score, one, other, first.size, second.size))

    def _linkage(self, one: _StoryState, other: _StoryState) -> float:
        """Return the average linkage of two stories (mean over article pairs), time prior on."""
        idf2 = self._idf2
        small, large = (one.terms, other.terms)
        if len(small) > len(large):
            small, large = large, small
        # The key intersection runs in C; only shared terms reach Python.
        lexical = sum(small[t] * large[t] * idf2[t] for t in small.keys() & large.keys())
        pairs = one.size * other.size
        similarity = lexical / pairs
        if self._weight and one.embedding is not None and other.embedding is not None:
            semantic = float(one.embedding @ other.embedding) / pairs
            similarity = (1 - self._weight) * similarity + self._weight * semantic
        if self._time_scale:
            similarity /= 1.0 + _gap(one, other) / self._time_scale
        return similarity

    # ---------------------------------------------------------------- updates

    def _attach(self, state: _StoryState, article: Article) -> None:
        day = day_number(article.published_at)
        state.articles.append(article.id)
        self._article_story[article.id] = state.key
        self._arrival[article.id] = self._arrivals
        self._arrivals += 1
        self._written["article"].add(article.id)
        self._written["story"].add(state.key)
        state.first_day = _min_day(state.first_day, day)
        state.last_day = _max_day(state.last_day, day)
        if article.title:
            # Undated articles sort last ("~" follows every digit).
            candidate = (article.published_at or "~", article.id, article.title)
            current = self._titles.get(state.key)
            if current is None or candidate < current:
                self._titles[state.key] = candidate

    def _reindex(self, state: _StoryState) -> None:
        """Post the story under its strongest terms, most recent last in each posting."""
        idf = self._idf
        scored = {term: weight * idf[term] for term, weight in state.terms.items()}
        strongest = tuple(heapq.nlargest(self._params.index_terms, scored, key=scored.__getitem__))
        self._read_postings([*state.indexed, *strongest])
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
        self._written["posting"].update(state.indexed, strongest)
        self._written["story"].add(state.key)
        state.indexed = strongest

    def _merge(self, one: _StoryState, other: _StoryState) -> _StoryState:
        """Fold the younger of two stories into the older; return the survivor."""
        # The older story survives, so its key (and the keys handed out) stay valid.
        keep, gone = (other, one) if _order(other) < _order(one) else (one, other)
        terms = keep.terms
        for term, weight in gone.terms.items():
            terms[term] = terms.get(term, 0.0) + weight
        limit = self._params.story_terms
        if len(terms) > 2 * limit:
            # Prune lazily (at twice the limit) so the cost is amortised.
            idf = self._idf
            scored = {term: weight * idf[term] for term, weight in terms.items()}
            keep.terms = {
                t: terms[t] for t in heapq.nlargest(limit, scored, key=scored.__getitem__)
            }
        keep.size += gone.size
        # Both lists are in arrival order; so is their merge, whichever story came first.
        arrival = self._arrival.__getitem__
        if len(gone.articles) == 1:  # the common case: one article joins a larger story
            bisect.insort(keep.articles, gone.articles[0], key=arrival)
        else:
            keep.articles = list(heapq.merge(keep.articles, gone.articles, key=arrival))
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
        self._merged_into[gone.key] = keep.key
        self._read_postings(gone.indexed)
        for term in gone.indexed:
            self._postings.get(term, {}).pop(gone.key, None)
        self._written["posting"].update(gone.indexed)
        # The gone story's row goes, and its articles now point at the survivor.
        self._written["story"].update((keep.key, gone.key))
        self._written["article"].update(gone.articles)
        del self._stories[gone.key]
        return keep

    def _resolve(self, key: str) -> str:
        while key in self._merged_into:
            key = self._merged_into[key]
        return key

    def _embed(self, articles: Sequence[Article]) -> dict[str, Any]:
        if self._embedder is None or not articles:
            return {}
        texts = [embedding_text(article, self._embedding_words) for article in articles]
        vectors = self._embedder.encode(
            texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False
        )
        return {article.id: vector for article, vector in zip(articles, vectors, strict=True)}

    # ------------------------------------------------------------ kept state

    # Each reader asks ``state`` only for rows not read yet; rows this clusterer wrote
    # or deleted are never read again (what it holds is newer).

    def _read_meta(self, state: StateRows) -> None:
        rows = state.cluster_rows("meta", ["state"])
        if not rows:
            return  # an empty state: the clusterer starts from nothing
        meta = json.loads(rows["state"])
        if meta.get("version") != STATE_VERSION:
            raise StoreError(
                f"clusterer state version {meta.get('version')!r} is not {STATE_VERSION}: "
                "cluster the stored articles again"
            )
        self._documents = int(meta["documents"])
        self._arrivals = int(meta["arrivals"])

    def _unread(self, kind: str, keys: Iterable[str], held: Collection[str]) -> list[str]:
        """Return the ``keys`` worth asking the state for: not held, read or written yet."""
        if self._state is None:
            return []
        asked, written = self._asked[kind], self._written[kind]
        wanted = [k for k in set(keys) if k not in held and k not in asked and k not in written]
        asked.update(wanted)
        return wanted

    def _count(self, term: str) -> int:
        """Return the document frequency of ``term`` (read from the state on first use)."""
        if term not in self._df:
            self._read_df([term])
        return self._df[term]

    def _read_df(self, terms: Iterable[str]) -> None:
        wanted = self._unread("df", terms, self._df)
        if wanted and self._state is not None:
            rows = self._state.cluster_rows("df", wanted)
            self._df.update({term: int(value) for term, value in rows.items()})

    def _read_postings(self, terms: Iterable[str]) -> None:
        wanted = self._unread("posting", terms, self._postings)
        if wanted and self._state is not None:
            for term, value in self._state.cluster_rows("posting", wanted).items():
                self._postings[term] = dict.fromkeys(json.loads(value))

    def _read_articles(self, article_ids: Iterable[str]) -> None:
        wanted = self._unread("article", article_ids, self._article_story)
        if wanted and self._state is not None:
            self._article_story.update(self._state.cluster_rows("article", wanted))

    def _story(self, key: str) -> _StoryState | None:
        self._read_stories([key])
        return self._stories.get(key)

    def _read_stories(self, keys: Iterable[str]) -> None:
        wanted = self._unread("story", keys, self._stories)
        if not wanted or self._state is None:
            return
        for key, value in self._state.cluster_rows("story", wanted).items():
            row = json.loads(value)
            state = _StoryState(
                key=key,
                terms=row["terms"],
                size=int(row["size"]),
                first_day=row["first_day"],
                last_day=row["last_day"],
                articles=list(row["articles"]),
                embedding=_array(row["embedding"]),
                indexed=tuple(row["indexed"]),
            )
            self._stories[key] = state
            self._arrival.update(zip(state.articles, row["arrivals"], strict=True))
            for article_id in state.articles:
                self._article_story.setdefault(article_id, key)
            if row["title"]:
                self._titles[key] = tuple(row["title"])  # type: ignore[assignment]
            # Its terms' document frequencies, in one read rather than one each.
            self._read_df(state.terms)

    def _story_row(self, state: _StoryState) -> dict[str, Any]:
        return {
            "terms": state.terms,
            "size": state.size,
            "first_day": state.first_day,
            "last_day": state.last_day,
            "articles": state.articles,
            "arrivals": [self._arrival[article_id] for article_id in state.articles],
            "embedding": None if state.embedding is None else state.embedding.tolist(),
            "indexed": list(state.indexed),
            "title": self._titles.get(state.key),
        }

    def _record(self, state: _StoryState) -> Story:
        _, _, title = self._titles.get(state.key, ("", "", ""))
        return Story(
            id=story_id(state.articles),
            title=title or None,
            articles=tuple(state.articles),
            first_seen=_iso(state.first_day),
            last_seen=_iso(state.last_day),
        )

    def _in_arrival(self, states: Iterable[_StoryState]) -> list[_StoryState]:
        """Return ``states`` in the order their founding articles arrived."""
        return sorted(states, key=lambda state: self._arrival[state.key])


_KINDS = ("meta", "df", "posting", "story", "article")
# The format of the state rows; another is refused (the store clusters everything again).
STATE_VERSION = 2


def _grew(size: int, scored_at: int) -> bool:
    return size > scored_at + scored_at // 8


def _order(state: _StoryState) -> tuple[int, str]:
    return (state.first_day if state.first_day is not None else 10**9, state.key)


def _array(values: Sequence[float] | None) -> Any:
    if values is None:
        return None
    import numpy as np

    return np.asarray(values, dtype=np.float32)


def _gap(one: _StoryState, other: _StoryState) -> int:
    """Return the days between the two stories' spans (0 when they meet or a date is missing)."""
    # Distance between spans, not starts: stories go on for weeks.
    if None in (one.first_day, one.last_day, other.first_day, other.last_day):
        return 0
    return max(0, other.first_day - one.last_day, one.first_day - other.last_day)  # type: ignore[operator]


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
