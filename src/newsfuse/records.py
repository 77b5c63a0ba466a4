"""The typed records every stage reads and writes.

Plain frozen dataclasses; this module imports nothing else of the project so
that stages, the store, the runners and the shells can all depend on it.
Tuples (not lists) keep the records hashable and immutable. Every record has
``as_dict()``; the ones the store persists also have ``from_dict()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Literal

Precision = Literal["day", "month", "year"]
ClaimStatus = Literal["corroborated", "single-source", "contested"]
DateBasis = Literal["text", "context", "reported"]


def _plain(value: Any) -> Any:
    """Return ``value`` in JSON shape: records as dicts, tuples as lists, recursively."""
    if isinstance(value, _Record):
        return value.as_dict()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


class _Record:
    # Slots, here and in every record: a reading holds hundreds of small records per
    # article, and a per-instance __dict__ would cost more than their fields.
    __slots__ = ()

    def as_dict(self) -> dict[str, Any]:
        # One pass over the fields: dataclasses.asdict deep-copies every value first,
        # which made it most of the cost of storing a reading.
        return {name: _plain(getattr(self, name)) for name in _field_names(type(self))}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


# --------------------------------------------------------------------------- input


@dataclass(frozen=True, slots=True)
class RawInput(_Record):
    """One input as read from a source, before cleaning.

    ``source`` names the input in messages (a path, ``path:line``, ``<stdin>``
    or a URL). ``kind`` says how ``content`` is to be read.
    """

    source: str
    content: str
    kind: Literal["text", "html"] = "text"
    path: str | None = None
    url: str | None = None
    title: str | None = None
    published_at: str | None = None
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class Dropped(_Record):
    """An input or article that a stage could not handle, with the reason."""

    source: str
    stage: str
    reason: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Dropped:
        return cls(**{f.name: data[f.name] for f in fields(cls)})


@dataclass(frozen=True, slots=True)
class Article(_Record):
    """A cleaned news article.

    ``key`` is the idempotency key (normalised URL, else a content
    fingerprint); ``id`` is derived from it, so it is stable across runs and
    stores. ``removed`` keeps the page furniture that cleaning took out,
    verbatim. ``syndicated_by`` lists the outlets of near-duplicate copies of
    this article (set on the kept copy by dedupe).
    """

    id: str
    key: str
    source: str
    text: str
    fingerprint: str
    path: str | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    wire: str | None = None
    published_at: str | None = None
    language: str | None = None
    duplicate_of: str | None = None
    removed: tuple[str, ...] = ()
    syndicated_by: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        values = {f.name: data[f.name] for f in fields(cls) if f.name in data}
        for name in ("removed", "syndicated_by"):
            values[name] = tuple(values.get(name) or ())
        return cls(**values)


# ----------------------------------------------------------- per-article reading


@dataclass(frozen=True, slots=True)
class Sentence(_Record):
    """A sentence of an article; offsets index ``Article.text``."""

    article: str
    index: int
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention(_Record):
    """A named-entity mention; offsets index ``Article.text``."""

    article: str
    sentence: int
    start: int
    end: int
    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, LOC, NORP, FAC, ...


@dataclass(frozen=True, slots=True)
class DateMention(_Record):
    """A date expression resolved against the article's publication date.

    ``value`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` to match
    ``precision``, or None when it cannot be resolved (unknown publication
    date). ``range_start``/``range_end`` bound vague spans such as "earlier
    this week". Offsets index the sentence text.
    """

    text: str
    value: str | None
    precision: Precision | None
    start: int
    end: int
    range_start: str | None = None
    range_end: str | None = None


@dataclass(frozen=True, slots=True)
class Figure(_Record):
    """A numeric claim found in a sentence.

    ``value`` is the point value when the text gives one; a vague amount
    ("hundreds of thousands") has ``value`` None and a ``low``/``high``
    range. ``unit`` is normalised ("km", "people", "troops", "usd", ...),
    ``what`` names the counted thing in the text's words.
    """

    article: str
    sentence: int
    text: str
    value: float | None
    unit: str | None
    what: str
    qualifier: str | None = None  # over, about, around, at least, nearly, up to, ...
    low: float | None = None
    high: float | None = None
    scope: str | None = None  # "since January", "this year", ...


@dataclass(frozen=True, slots=True)
class Quote(_Record):
    """A direct quote with its speaker (a name or a description)."""

    speaker: str | None
    text: str
    article: str
    sentence: int
    speaker_kind: Literal["named", "described", "unknown"] = "named"
    to: str | None = None  # "AFP" in "told AFP"


@dataclass(frozen=True, slots=True)
class EventMention(_Record):
    """An event as one sentence of one article reports it (before merging)."""

    article: str
    sentence: int
    type: str  # PLOVER
    acled_type: str | None
    trigger: str
    summary: str
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    location: str | None = None  # place name as written
    date: DateMention | None = None
    confidence: float = 1.0
    # How certain the date is, most certain first. "text": the time expression of the
    # event's own clause; "context": a day the article's lead paragraphs name (news
    # convention: the lead gives the day of the news); "reported": the publication
    # day of an event reported as just happened, no day in the text; None: no date

    date_basis: DateBasis | None = None
    main: bool = False  # the article's main event: what its headline and lead report


@dataclass(frozen=True, slots=True)
class Reading(_Record):
    """Everything the understanding stages read in one article."""

    article: str
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    dates: tuple[tuple[int, DateMention], ...] = ()  # (sentence index, date)
    figures: tuple[Figure, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[EventMention, ...] = ()


# ------------------------------------------------------------- per-story output


@dataclass(frozen=True, slots=True)
class Citation(_Record):
    """An article and the sentence of it that a statement rests on."""

    article: str
    sentence: str


@dataclass(frozen=True, slots=True)
class Story(_Record):
    id: str
    title: str | None
    articles: tuple[str, ...]
    first_seen: str | None = None
    last_seen: str | None = None


@dataclass(frozen=True, slots=True)
class Entity(_Record):
    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    mentions: int = 0
    articles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Place(_Record):
    """A resolved (or visibly unresolved: lat/lon None) place."""

    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    gazetteer_id: str | None = None
    feature: str | None = None  # GeoNames feature code: PPL, PPLC, ADM1, PCLI, ...
    articles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Event(_Record):
    id: str
    type: str
    summary: str
    sources: tuple[Citation, ...]
    acled_type: str | None = None
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    location: Place | None = None
    date: str | None = None
    date_text: str | None = None
    date_basis: DateBasis | None = None  # see EventMention.date_basis
    main_for: tuple[str, ...] = ()  # articles whose main event this is


@dataclass(frozen=True, slots=True)
class Claim(_Record):
    id: str
    what: str
    value: float | None
    unit: str | None
    status: ClaimStatus
    independent_origins: int
    sources: tuple[Citation, ...]
    qualifier: str | None = None
    scope: str | None = None
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True, slots=True)
class ContradictionSide(_Record):
    value: str
    sources: tuple[Citation, ...]
    scope: str | None = None


@dataclass(frozen=True, slots=True)
class Contradiction(_Record):
    what: str
    kind: Literal["figure", "date", "statement"]
    sides: tuple[ContradictionSide, ...]


@dataclass(frozen=True, slots=True)
class BriefSentence(_Record):
    text: str
    sources: tuple[str, ...]
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class Brief(_Record):
    sentences: tuple[BriefSentence, ...] = ()


@dataclass(frozen=True, slots=True)
class StoryReport(_Record):
    """A story with everything newsfuse established about it."""

    story: Story
    entities: tuple[Entity, ...] = ()
    places: tuple[Place, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()
    contradictions: tuple[Contradiction, ...] = ()
    quotes: tuple[Quote, ...] = ()
    brief: Brief = field(default_factory=Brief)


@dataclass(frozen=True, slots=True)
class KeptCopy(_Record):
    """A kept copy as the dedupe index persists it, to find its copies in a later run."""

    article: str
    fingerprint: str
    rank: int  # order indexed: the earlier copy wins a tie
    signature: bytes  # MinHash values as little-endian uint32 (every value is below 2**32)
    bands: tuple[int, ...]  # LSH bucket keys, one per band


@dataclass(frozen=True, slots=True)
class Report(_Record):
    generated_at: str
    articles: tuple[Article, ...]
    stories: tuple[StoryReport, ...]
    dropped: tuple[Dropped, ...] = ()


def from_dict(cls: type[Any], data: Any) -> Any:
    """Rebuild a record of type ``cls`` (or a nested value) from ``as_dict()`` output."""
    import types
    import typing

    origin = typing.get_origin(cls)
    if origin is tuple:
        args = typing.get_args(cls)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_dict(args[0], item) for item in data or ())
        return tuple(from_dict(arg, item) for arg, item in zip(args, data, strict=True))
    if origin in (typing.Union, types.UnionType):
        if data is None:
            return None
        options = [arg for arg in typing.get_args(cls) if arg is not type(None)]
        return from_dict(options[0], data) if len(options) == 1 else data
    if origin is typing.Literal or cls is Any:
        return data
    if isinstance(cls, type) and hasattr(cls, "__dataclass_fields__"):
        return cls(
            **{
                name: from_dict(hint, data[name])
                for name, hint in _field_types(cls)
                if name in data
            }
        )
    return data


_FIELD_TYPES: dict[type, tuple[tuple[str, Any], ...]] = {}


def _field_types(cls: type) -> tuple[tuple[str, Any], ...]:
    """Return the (name, type) of each field of dataclass ``cls``, resolved once per class.

    ``get_type_hints`` evaluates the string annotations anew on every call: uncached,
    it was three quarters of the time to load a stored ``Reading``.
    """
    if cls not in _FIELD_TYPES:
        import typing

        hints = typing.get_type_hints(cls)
        _FIELD_TYPES[cls] = tuple((f.name, hints[f.name]) for f in fields(cls))
    return _FIELD_TYPES[cls]
