"""Run the stages in order over a batch; a failure on one article never stops it.

::

    RawInput ─clean─► Article ─dedupe─► ─cluster─► Story
                          └─read (per article)─► Reading
    Story + Readings ─entities─► ─places─► ─merge─► ─corroborate─► ─brief─► StoryReport

Per-article stages (clean, read) go through ``Pipeline.guard``/``read_all``,
which turn an exception into a ``Dropped`` record naming the article, the
stage and the reason. Corpus stages (dedupe, cluster) see every article at
once. Per-story stages run one story at a time; a failing story still gets a
report (with the stage's output empty) and a ``Dropped`` record.

``Resources`` holds the models and the gazetteer, loaded once per process and
passed to every stage; the Ray runner builds one per worker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from newsfuse import cache
from newsfuse.errors import InputError, NewsfuseError
from newsfuse.lexicon import off_map
from newsfuse.records import (
    Article,
    Brief,
    Dropped,
    Entity,
    EventMention,
    Place,
    Quote,
    RawInput,
    Reading,
    Story,
    StoryReport,
)
from newsfuse.settings import Settings
from newsfuse.stages import (
    brief,
    clean,
    cluster,
    corroborate,
    dedupe,
    entities,
    main_event,
    merge,
    places,
    read,
    segment,
)

if TYPE_CHECKING:
    from spacy.language import Language

    from newsfuse.gazetteer import Gazetteer

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class Resources:
    """Models and reference data shared by the stages of one process."""

    nlp: Language
    gazetteer: Gazetteer
    embedder: Any | None = None

    @classmethod
    def load(cls, settings: Settings, gazetteer: str | None = None) -> Resources:
        """Return the resources for ``settings``, loading each model once per process."""
        from newsfuse import models
        from newsfuse.gazetteer import load_gazetteer

        return cls(
            nlp=nlp_for(settings),
            gazetteer=load_gazetteer(gazetteer or settings.gazetteer_path),
            embedder=models.lazy_embedder(settings.encoder_precision)
            if settings.use_embeddings
            else None,
        )


_CONFIGURED: dict[str, Any] = {}


def nlp_for(settings: Settings) -> Language:
    """Return the spaCy pipeline of ``settings`` with newsfuse's fixes, once per process.

    The fixes: sentence starts at line breaks and datelines (``segment``), and the
    entity fixes (``entities.configure_nlp``).
    """
    from newsfuse import models

    if settings.spacy_model not in _CONFIGURED:
        _CONFIGURED[settings.spacy_model] = segment.configure(
            entities.configure_nlp(models.load_spacy(settings.spacy_model))
        )
    return _CONFIGURED[settings.spacy_model]


def cluster_embedder(settings: Settings) -> Any | None:
    """Return the encoder story clustering blends in (loaded on first use), or None.

    TF-IDF alone unless ``cluster_embeddings``: MiniLM does no better on held-back
    events (0.975 vs 0.976 B-cubed) at 1/70 of the speed.
    """
    if not settings.cluster_embeddings:
        return None
    from newsfuse import models

    return models.lazy_embedder(settings.encoder_precision)


def clusterer_for(settings: Settings) -> cluster.StoryClusterer:
    """Return a new story clusterer for ``settings``."""
    return cluster.StoryClusterer(settings, cluster_embedder(settings))


@dataclass(frozen=True)
class Analysis:
    """What a pipeline run established: deduplicated articles, story reports, drops."""

    articles: tuple[Article, ...]
    stories: tuple[StoryReport, ...]
    dropped: tuple[Dropped, ...] = ()
    # story id -> ``cache.story_basis`` of each report complete enough to reuse later
    bases: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Pipeline:
    settings: Settings
    resources: Resources | None = None
    dropped: list[Dropped] = field(default_factory=list)

    # -- error routing

    def guard(self, stage: str, source: str, run: Callable[[], T]) -> T | None:
        """Return ``run()``, or record a ``Dropped`` for ``source`` and return None."""
        try:
            return run()
        except InputError as error:
            self.dropped.append(Dropped(source, stage, error.reason))
        except NewsfuseError as error:
            self.dropped.append(Dropped(source, stage, str(error)))
        except Exception as error:  # one bad article must not stop the batch
            log.debug("stage %s failed on %s", stage, source, exc_info=True)
            self.dropped.append(Dropped(source, stage, f"{type(error).__name__}: {error}"))
        return None

    # -- per-article stages

    def clean(self, inputs: Iterable[RawInput | Dropped]) -> list[Article]:
        """Return the cleaned articles; unreadable inputs become ``Dropped`` records."""
        articles: list[Article] = []
        for item in inputs:
            if isinstance(item, Dropped):
                self.dropped.append(item)
                continue
            raw = item
            article = self.guard("clean", raw.source, partial(clean.clean, raw, self.settings))
            if article is not None:
                articles.append(article)
        return articles

    def read_all(self, articles: Sequence[Article]) -> dict[str, Reading]:
        """Return the reading of each article by id; a failing article is dropped alone."""
        return {reading.article: reading for reading in self.read_stream(articles)}

    def read_stream(self, articles: Sequence[Article]) -> Iterator[Reading]:
        """Yield each article's reading as soon as it is ready; a failing one is dropped alone."""
        resources = self._resources()
        done: set[str] = set()
        try:
            for reading in read.read_stream(
                articles, resources.nlp, self.settings, resources.embedder
            ):
                done.add(reading.article)
                yield reading
            return
        except Exception:  # find the culprit: retry the rest one by one
            log.debug("batch read failed; retrying article by article", exc_info=True)
        for article in articles:
            if article.id in done:
                continue
            one = self.guard(
                "read",
                article.source,
                partial(read.read, [article], resources.nlp, self.settings, resources.embedder),
            )
            if one:
                done.add(article.id)
                yield one[0]

    # -- the whole run

    def analyze(
        self,
        articles: Sequence[Article],
        read_articles: Callable[[Sequence[Article]], Iterable[Reading]] | None = None,
        reuse_stories: Callable[[Mapping[str, str]], Mapping[str, StoryReport]] | None = None,
        *,
        index: dedupe.DedupeIndex | None = None,
        clusterer: cluster.StoryClusterer | None = None,
        name_stories: Callable[[tuple[Story, ...]], tuple[Story, ...]] | None = None,
    ) -> Analysis:
        """Return the analysis of ``articles``: dedupe, cluster, read, then every story.

        ``index`` and ``clusterer`` (fresh when not given) are left holding the
        articles, for a caller that keeps them; ``name_stories`` renames the
        clustered stories (stable ids) before they are analysed.
        """
        deduped = dedupe.dedupe(sort_articles(articles), self.settings, index).articles
        clusterer = clusterer or clusterer_for(self.settings)
        clusterer.add(cluster.publication_order(deduped))
        stories = clusterer.stories()
        if name_stories is not None:
            stories = name_stories(stories)
        return self.analyze_stories(deduped, stories, read_articles, reuse_stories)

    def analyze_stories(
        self,
        articles: Sequence[Article],
        stories: Sequence[Story],
        read_articles: Callable[[Sequence[Article]], Iterable[Reading]] | None = None,
        reuse_stories: Callable[[Mapping[str, str]], Mapping[str, StoryReport]] | None = None,
    ) -> Analysis:
        """Return the analysis of clustered ``stories`` of ``articles`` (deduplicated).

        ``reuse_stories`` maps story bases (``cache.story_basis``) to reports made
        from them before; those stories are neither read nor analysed again.
        """
        deduped = tuple(articles)
        by_id = {article.id: article for article in deduped}
        bases: dict[str, str] = {}
        reused: Mapping[str, StoryReport] = {}
        if reuse_stories is not None:
            gazetteer = self._resources().gazetteer
            bases = {
                story.id: cache.story_basis(story, by_id, self.settings, gazetteer)
                for story in stories
            }
            reused = reuse_stories(bases)
        todo = [story for story in stories if story.id not in reused]
        fresh = {aid for story in todo for aid in story.articles}
        originals = [a for a in deduped if a.duplicate_of is None and a.id in fresh]
        stream = (read_articles or self.read_stream)(originals) if originals else ()
        analysed, read_ids = self._analyze_as_read(todo, by_id, originals, stream)
        analysed.update(reused)
        reports = tuple(analysed[story.id] for story in stories)
        # A story missing a reading or a stage is analysed again next time, not reused.
        missed = {article.id for article in originals if article.id not in read_ids}
        failed = {drop.source for drop in self.dropped if drop.stage == "story"}
        complete = {
            story.id: bases[story.id]
            for story in stories
            if story.id in bases
            and (
                story.id in reused or (story.id not in failed and missed.isdisjoint(story.articles))
            )
        }
        # Stories are analysed in the order their readings arrive, which varies from run to
        # run; their drops are listed in story order, after the per-article ones.
        position = {story.id: index for index, story in enumerate(stories)}
        dropped = sorted(
            self.dropped,
            key=lambda drop: position.get(drop.source, -1) if drop.stage == "story" else -1,
        )
        return Analysis(deduped, reports, tuple(dropped), complete)

    def _analyze_as_read(
        self,
        stories: Sequence[Story],
        articles: Mapping[str, Article],
        to_read: Sequence[Article],
        stream: Iterable[Reading],
    ) -> tuple[dict[str, StoryReport], set[str]]:
        """Return the report of each story and the ids of the articles ``stream`` read.

        A story is analysed as soon as the last of its articles in ``to_read`` is
        read, while the read workers go on with the rest, rather than every story
        after the last reading; its readings are then let go, so a large batch
        never holds them all at once. A story missing an article that could not
        be read is analysed at the end without it.
        """
        wanted = {article.id for article in to_read}  # copies are never read
        unread = {story.id: wanted.intersection(story.articles) for story in stories}
        waiting_on: dict[str, list[Story]] = {}
        for story in stories:
            for article_id in unread[story.id]:
                waiting_on.setdefault(article_id, []).append(story)
        readings: dict[str, Reading] = {}
        read_ids: set[str] = set()
        reports: dict[str, StoryReport] = {}
        for reading in stream:
            readings[reading.article] = reading
            read_ids.add(reading.article)
            for story in waiting_on.get(reading.article, ()):
                unread[story.id].discard(reading.article)
                if not unread[story.id]:
                    reports[story.id] = self.analyze_story(story, articles, readings)
                    for article_id in story.articles:
                        if all(other.id in reports for other in waiting_on.get(article_id, ())):
                            readings.pop(article_id, None)
        for story in stories:  # nothing to read, or an article could not be read
            if story.id not in reports:
                reports[story.id] = self.analyze_story(story, articles, readings)
        return reports, read_ids

    def analyze_story(
        self, story: Story, articles: Mapping[str, Article], readings: Mapping[str, Reading]
    ) -> StoryReport:
        """Return the report of one story; a failing stage leaves its fields empty."""
        members = {aid: articles[aid] for aid in story.articles}
        story_readings = [readings[aid] for aid in story.articles if aid in readings]
        result = self.guard(
            "story",
            story.id,
            lambda: analyze_story(story, members, story_readings, self._resources(), self.settings),
        )
        return result if result is not None else StoryReport(story=story)

    def _resources(self) -> Resources:
        if self.resources is None:
            self.resources = Resources.load(self.settings)
        return self.resources


def analyze_story(
    story: Story,
    articles: Mapping[str, Article],
    readings: Sequence[Reading],
    resources: Resources,
    settings: Settings,
) -> StoryReport:
    """Return everything established about one story from its articles' readings."""
    gazetteer = resources.gazetteer
    canon = entities.canonicalise(
        readings, articles, place_names=gazetteer.knows, notable_places=gazetteer.notable
    )
    texts = {aid: article.text for aid, article in articles.items()}
    candidates = places.place_mentions(
        canon.place_mentions, texts, canon.other_mentions, known=gazetteer.knows
    )
    # A wire story's home is the wire's, not that of the outlet that ran it.
    outlets = [
        None if article.wire else places.outlet_country(article.outlet)
        for article in articles.values()
    ]
    story_places = places.without_names_of_others(
        places.resolve_places(candidates, texts, gazetteer, outlets=outlets), canon.entities
    )
    place_keys = {
        entities.name_key(name)
        for entity in canon.entities
        if entity.type in entities.PLACE_LABELS
        for name in (entity.name, *entity.aliases)
    }

    def no_place(name: str) -> bool:
        # what the reader took for a place and the story knows better: the sky, the
        # internet, a person that no mention of the story calls a place, or a name
        # that is none of the story's places and no gazetteer's ("the Likud", "F1")
        entity = canon.resolve(name)
        person = entity is not None and entity.type == "PERSON"
        unknown = places.find_place(name, story_places) is None and not gazetteer.knows(name)
        return off_map(name) or unknown or (person and entities.name_key(name) not in place_keys)

    readings = [
        _placed_main(reading, texts[reading.article], story_places, no_place)
        for reading in readings
    ]
    kind, margin = main_event.story_kind(
        readings, {aid: article.title for aid, article in articles.items()}
    )
    readings = [
        replace(reading, events=tuple(main_event.retype(reading.events, kind, margin)))
        for reading in readings
    ]

    def canonical_name(name: str) -> str | None:
        entity = canon.resolve(name)
        return entity.name if entity else None

    events, date_contradictions = merge.merge_events(
        readings,
        articles,
        resolve_entity=canonical_name,
        find_place=lambda name: places.find_place(name, story_places),
        no_place=no_place,
    )
    story = replace(story, title=brief.story_title(story, articles, events))
    claims, figure_contradictions = corroborate.corroborate(
        readings, articles, tolerance=settings.figure_tolerance
    )
    contradictions = (*figure_contradictions, *date_contradictions)
    story_quotes = tuple(
        _canonical_speaker(quote, canon.resolve) for reading in readings for quote in reading.quotes
    )
    return StoryReport(
        story=story,
        entities=canon.entities,
        places=story_places,
        events=events,
        claims=claims,
        contradictions=contradictions,
        quotes=story_quotes,
        brief=brief.write_brief(
            story, events, claims, contradictions, articles, max_words=settings.brief_max_words
        )
        if events or claims
        else Brief(),
    )


def _placed_main(
    reading: Reading,
    text: str,
    story_places: Sequence[Place],
    no_place: Callable[[str], bool],
) -> Reading:
    """Return ``reading`` with its main event placed where its text first names a story place.

    Only when the reader found no place in the lead, its dateline or its headline, or
    only a name that the story knows is no place (``no_place``).
    """

    def unplaced(event: EventMention) -> bool:
        return event.main and (event.location is None or no_place(event.location))

    if not any(unplaced(event) for event in reading.events):
        return reading
    lead = [s for s in reading.sentences if s.index < main_event.TITLE_PLACE_SENTENCES]
    first = places.first_named(text[: max((s.end for s in lead), default=0)], story_places)
    if first is None:
        return reading
    return replace(
        reading,
        events=tuple(
            replace(event, location=first.name) if unplaced(event) else event
            for event in reading.events
        ),
    )


# A land or a building speaks for no one: "ICRC Africa" is not the continent's voice.
_VOICELESS = frozenset({"LOC", "FAC"})


def _canonical_speaker(quote: Quote, resolve: Callable[[str], Entity | None]) -> Quote:
    if quote.speaker and quote.speaker_kind == "named":
        entity = resolve(quote.speaker)
        if entity is not None and entity.type not in _VOICELESS:
            return replace(quote, speaker=entity.name)
    return quote


def sort_articles(articles: Iterable[Article]) -> list[Article]:
    """Return articles in publication order (undated last), ties broken by id: the stream order."""
    return sorted(articles, key=lambda a: (a.published_at is None, a.published_at or "", a.id))
