"""Events: the event mentions of a story's articles merged into one event each.

Two mentions are the same event when nothing rules it out (compatible PLOVER
types, no two different places, no two disjoint sets of resolved
participants, dates at most a few days apart, no undated mention from an article
that appeared before the other's day) and something ties them together
(the same place or a shared participant, and the same kind of action: trigger
words of one family or similar summaries). For acts between parties (refusals,
sanctions, accusations) the type is the action and a party named in the other
sentence counts as shared. One event cites every article and sentence that
reports it. An event that names no place and no participant (a lone
"fighting") is dropped: it tells a reader nothing.

Dates: when the sources give one day (or a month that contains it), the event
keeps it, most precise first. When they name different days, the event is kept
once with ``date`` None (we do not pick a side) and a ``Contradiction`` of kind
"date" lists each day with its words and sources; it is placed in time order by
its earliest candidate day.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from newsfuse.lexicon import actor_side
from newsfuse.records import (
    Article,
    Citation,
    Contradiction,
    ContradictionSide,
    DateBasis,
    DateMention,
    Event,
    EventMention,
    Place,
    Reading,
)
from newsfuse.support import content_tokens, normalise_text, overlap, stem, word_set

# Days two reports of one event may disagree by; further apart they are two events.
DATE_WINDOW_DAYS = 3
# How certain a date is, by its basis (EventMention.date_basis): lower is more certain.
_CERTAINTY = {"text": 0, None: 0, "context": 1, "reported": 2}
# Share of content words two lead clauses of one story need to tell the same news
# (their whole sentences share much of a story's vocabulary whatever news they tell).
MAIN_OVERLAP = 0.5
# A number in a summary, with the hedge before it and the scale word after it.
# A count stands as a word of its own: a number inside a word ("a 108-year curse",
# "Flight #446", "2.05pm") names a thing or a time, and stripping it leaves "a -year curse".
_AMOUNT = re.compile(
    r"(?:\b(?:about|around|approximately|nearly|almost|over|more than|at least|some|up to)\s+)?"
    r"(?<![\w#/-])[$\u00a3\u20ac]?\d[\d,.]*\d?(?![\w-]|[.,]\d)"
    r"(?:\s+(?:hundred|thousand|million|billion)\b)?(?:\s*%|\s+per\s?cent\b)?\s*",
    re.IGNORECASE,
)

# PLOVER types that reporters use for the same happening.
TYPE_FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"ASSAULT", "FIGHT"}),
    frozenset({"CONSULT", "AGREE", "COOPERATE"}),
    frozenset({"ACCUSE", "DISAPPROVE"}),
    frozenset({"RETREAT", "CONCEDE"}),
)

# Words of one kind of action; general English. They are stemmed with
# ``support.stem`` below so that they meet the stemmed words of a summary.
_ACTION_WORDS: dict[str, str] = {
    "take": "take takeover took taken seize seizure capture enter entry occupy occupation "
    "overrun control fall fell liberate overtake gain secure",
    "fight": "fight fighting fought clash battle combat skirmish",
    "attack": "attack strike struck hit shell bomb fire fired gunfire crossfire shoot shot raid "
    "ambush",
    "kill": "kill died die dead death murder massacre",
    "withdraw": "withdraw withdrew withdrawal retreat pull flee fled",
    "meet": "meet met meeting talks summit discuss discussion negotiate negotiation host",
    "accuse": "accuse accusation blame",
    "deny": "deny denied denial reject refuse",
    "sanction": "sanction sanctions embargo",
    "halt": "halt suspend stop stopped evacuate shut close",
    "cancel": "cancel canceled cancelled scrap",
}


def _inflections(word: str) -> set[str]:
    # The light stemmer cuts "capture" and "captured" differently; list both.
    base = word[:-1] if word.endswith("e") else word
    return {word, f"{word}s", f"{base}ed", f"{base}ing"}


_TRIGGER_FAMILY = {
    stem(form): family
    for family, words in _ACTION_WORDS.items()
    for word in words.split()
    for form in _inflections(word)
}


# Capitalised sentence openers that are not names.
_COMMON_STARTS = word_set(
    "the a an earlier later recent previous last first this that these those its their "
    "his her our some many several other another"
)
# Types whose events are told apart by who acts and on whom, not by the verb:
# "withdrew from the talks" and "the talks were cancelled" are one refusal.
_PARTY_TYPES = frozenset({"REJECT", "SANCTION", "ACCUSE", "THREATEN"})


@dataclass(frozen=True)
class _Item:
    """One event mention with the keys used to compare it."""

    mention: EventMention
    order: int
    citation: Citation
    place: Place | None
    place_key: str | None
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    resolved: frozenset[str]  # participants the entity stage could resolve
    participants: frozenset[str]
    actions: frozenset[str]
    words: frozenset[str]
    sentence_words: frozenset[str]
    actor_side: str | None  # who acts: "armed", "civilian" or unknown
    published: str | None  # the day the mention's article appeared


# ------------------------------------------------------------------- keys


def action_keys(text: str) -> frozenset[str]:
    """Return the action families of a trigger or summary ("seized" -> "take")."""
    stems = content_tokens(text) | {stem(word) for word in normalise_text(text).split()}
    return frozenset(_TRIGGER_FAMILY[word] for word in stems if word in _TRIGGER_FAMILY)


def same_type(left: str, right: str) -> bool:
    """Return True when two PLOVER types may describe one happening."""
    if left == right:
        return True
    return any(left in family and right in family for family in TYPE_FAMILIES)


def _day(value: str | None) -> date | None:
    if value is None or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def dates_compatible(left: DateMention | None, right: DateMention | None) -> bool:
    """Return True when two dates may be one event's (equal, nested or a few days apart)."""
    if left is None or right is None or left.value is None or right.value is None:
        return True
    if _day(left.value) and _day(right.value):
        return days_compatible(left.value, right.value)
    return left.value.startswith(right.value) or right.value.startswith(left.value)


def days_compatible(left: str | None, right: str | None) -> bool:
    """Return True when two ISO days may be one event's: a few days apart, or one unknown."""
    first, second = _day(left), _day(right)
    return first is None or second is None or abs((first - second).days) <= DATE_WINDOW_DAYS


def _place_key(place: Place | None) -> str | None:
    if place is None:
        return None
    return place.gazetteer_id or normalise_text(place.name).strip()


def _canonical(
    names: Iterable[str], resolve_entity: Callable[[str], str | None]
) -> tuple[tuple[str, ...], frozenset[str]]:
    """Return canonical names (surface forms where unresolved) and the resolved subset."""
    shown: list[str] = []
    resolved: set[str] = set()
    for name in names:
        canonical = resolve_entity(name)
        if canonical:
            resolved.add(normalise_text(canonical))
        shown.append(canonical or name)
    return tuple(dict.fromkeys(shown)), frozenset(resolved)


def _items(
    readings: Sequence[Reading],
    articles: Mapping[str, Article],
    resolve_entity: Callable[[str], str | None],
    find_place: Callable[[str], Place | None],
    no_place: Callable[[str], bool],
) -> list[_Item]:
    items: list[_Item] = []
    for reading in readings:
        if reading.article not in articles:
            continue  # not part of this story
        sentences = {sentence.index: sentence.text for sentence in reading.sentences}
        for mention in reading.events:
            text = sentences.get(mention.sentence)
            if text is None:
                continue  # cite or omit: no sentence, no event
            place = None
            if mention.location and not no_place(mention.location):
                place = find_place(mention.location) or Place(name=mention.location)
            actors, resolved_actors = _canonical(mention.actors, resolve_entity)
            targets, resolved_targets = _canonical(mention.targets, resolve_entity)
            items.append(
                _Item(
                    mention=mention,
                    order=len(items),
                    citation=Citation(reading.article, text),
                    place=place,
                    place_key=_place_key(place),
                    actors=actors,
                    targets=targets,
                    resolved=resolved_actors | resolved_targets,
                    participants=frozenset(normalise_text(n) for n in actors + targets),
                    actions=action_keys(f"{mention.trigger} {mention.summary}")
                    | ({mention.type} if mention.type in _PARTY_TYPES else set()),
                    words=content_tokens(f"{mention.trigger} {mention.summary}"),
                    sentence_words=content_tokens(text),
                    actor_side=actor_side(mention.actors),
                    published=_published_day(articles[reading.article]),
                )
            )
    return items


def _published_day(article: Article) -> str | None:
    return article.published_at[:10] if article.published_at else None


# ---------------------------------------------------------------- matching


def _both_main(left: _Item, right: _Item) -> bool:
    """Tell whether two mentions are the main events of two articles of the story."""
    return (
        left.mention.main and right.mention.main and left.citation.article != right.citation.article
    )


def _may_match(left: _Item, right: _Item) -> bool:
    """Return False when something rules out that two mentions report one event."""
    if not same_type(left.mention.type, right.mention.type) and not (
        # two leads of one story tell its news with other verbs; an untyped one may join
        _both_main(left, right) and "OTHER" in (left.mention.type, right.mention.type)
    ):
        return False
    # Two leads of one story may place its news at two scales: "a missile over Japan"
    # and "over Japan's Hokkaido island". Other mentions keep their places apart.
    scales = _both_main(left, right) and _within_country(left.place, right.place)
    if left.place_key and right.place_key and left.place_key != right.place_key and not scales:
        return False
    if left.resolved and right.resolved and not left.resolved & right.resolved:
        return False
    if left.actor_side and right.actor_side and left.actor_side != right.actor_side:
        return False  # troops withdrawing and residents fleeing are two events
    if _told_before(left, right) or _told_before(right, left):
        return False
    return dates_compatible(left.mention.date, right.mention.date)


def _told_before(undated: _Item, dated: _Item) -> bool:
    """Tell whether an undated mention's article appeared before the other's day.

    A report tells of what happened by the time it appeared: an undated "emergency
    meeting" of an article of 28 August is not the one held on 16 September. The
    day after publication is allowed (where the news happened further east it was
    already that day). A publication day (``date_basis`` "reported") bounds an event,
    it does not date it: a mention dated so is undated here, and the other's such
    day says nothing of when the other happened.
    """
    date, basis = undated.mention.date, undated.mention.date_basis
    if date is not None and date.precision == "day" and basis != "reported":
        return False  # a day the text gives is compared by itself (dates_compatible)
    if dated.mention.date_basis == "reported":
        return False  # two reports of different days, neither saying when it happened
    published, day = _day(undated.published), _day(_value(dated.mention.date))
    return published is not None and day is not None and (day - published).days > 1


def _value(mention: DateMention | None) -> str | None:
    return mention.value if mention is not None else None


def _within_country(left: Place | None, right: Place | None) -> bool:
    """Tell whether one of two resolved places is a country and the other lies in it."""
    if left is None or right is None or not left.country or left.country != right.country:
        return False
    return "PCLI" in (left.feature, right.feature)


def _named_in(placed: _Item, other: _Item) -> bool:
    if placed.place is None or other.place_key:
        return False
    name = content_tokens(placed.place.name)
    return bool(name) and name <= other.sentence_words


def _party_named_in(named: _Item, other: _Item) -> bool:
    """Tell whether a party of one mention is named in the other's sentence, which has none.

    Only for acts between parties: "the talks between X and Y were cancelled"
    names X as a party though the parse gives the cancellation no subject, and
    "X leaders withdrew" names the party X.
    """
    if named.mention.type not in _PARTY_TYPES:
        return False
    names = [content_tokens(name) for name in named.actors if content_tokens(name)]
    if other.actors:  # "Front leaders" names the party "Front"
        return any(name <= content_tokens(" ".join(other.actors)) for name in names)
    return any(name <= other.sentence_words for name in names)


def _tie(left: _Item, right: _Item) -> float:
    """Return how strongly two mentions are tied to one event (0 when they are not)."""
    same_place = bool(left.place_key) and left.place_key == right.place_key
    # A mention without a place ("we retreated") whose sentence names the other's
    # place is read as happening there; the parser often leaves such places out.
    same_place = same_place or _named_in(left, right) or _named_in(right, left)
    shared = bool(left.participants & right.participants) or bool(left.resolved & right.resolved)
    shared = shared or _party_named_in(left, right) or _party_named_in(right, left)
    words = overlap(left.words, right.words)
    # Similar wording alone ties two mentions only when both say more than a
    # bare trigger: "fighting" matches "fighting in X" perfectly and means nothing.
    union = left.words | right.words
    alike = min(len(left.words), len(right.words)) >= 2 and (
        len(left.words & right.words) / len(union) >= 0.5
    )
    if _both_main(left, right) and (
        shared
        or (same_place and bool(left.actions & right.actions))
        or overlap(left.words, right.words) >= MAIN_OVERLAP
    ):
        # Two leads of one story that share a party, a place and an action, or much of
        # their wording report its news, whatever verbs they chose ("seized" / "entered").
        # A shared place alone does not: "the governor promised aid in X" is other news
        # than "rebels took X".
        return 1.0 + 2.0 * same_place + 1.0 * shared + words
    same_action = bool(left.actions & right.actions) or (
        not left.actions and not right.actions and alike
    )
    if not (same_action or alike):
        return 0.0
    if not (same_place or shared or alike):
        return 0.0
    return 2.0 * same_place + 1.0 * shared + words


def group_mentions(items: Sequence[_Item]) -> list[list[_Item]]:
    """Return mentions grouped into events, in order of first mention."""
    groups: list[list[_Item]] = []
    for item in items:
        best: list[_Item] | None = None
        best_tie = 0.0
        for group in groups:
            if not all(_may_match(member, item) for member in group):
                continue
            tie = max(_tie(member, item) for member in group)
            if tie > best_tie:
                best, best_tie = group, tie
        if best is None:
            groups.append([item])
        else:
            best.append(item)
    return groups


# ------------------------------------------------------------------ events


def _informative(group: Sequence[_Item]) -> bool:
    """Tell whether an event says where or who, or is what an article reports first.

    A lone "fighting" or "the offensive" with neither is not an event a reader
    can use; it is kept only when it joined an event that says more.
    """
    for item in group:
        if item.mention.main or item.place_key or item.resolved:
            return True
        if any(_has_name(name) for name in (*item.actors, *item.targets)):
            return True
    return False


def _has_name(phrase: str) -> bool:
    # A capitalised word after the first one, or a first word that is not a
    # common word capitalised at the start of a sentence ("Earlier talks").
    words = phrase.split()
    return any(word[:1].isupper() for word in words[1:]) or (
        bool(words) and words[0][:1].isupper() and words[0].lower() not in _COMMON_STARTS
    )


def _most_common(values: Iterable[str]) -> str | None:
    counts = Counter(values)
    return counts.most_common(1)[0][0] if counts else None  # ties: first seen (Counter order)


def _ranked(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(name for name, _ in Counter(names).most_common())


def date_side(value: str, mention: DateMention) -> str:
    """Return a date as a contradiction side gives it: "2025-03-19 (Wednesday)"."""
    words = mention.text.strip()
    return f"{value} ({words})" if words and words != value else value


_DateChoice = tuple[str | None, str | None, Contradiction | None, str | None, DateBasis | None]


def _dates(group: Sequence[_Item], summary: str) -> _DateChoice:
    """Return (date, date_text, contradiction, sort key, date_basis) for one event.

    Only the most certain dates count (``_CERTAINTY``): a day the event's own clause
    gives beats one its article's lead names, which beats a publication day. Days
    that disagree at that level make a contradiction. A month or year at that level
    takes a less certain day that falls within it ("in February" and a report of
    February 5), with that day's basis.
    """
    dated = [(item, item.mention.date) for item in group if item.mention.date is not None]
    dated = [(item, mention) for item, mention in dated if mention.value]
    if not dated:
        return None, None, None, None, None

    def certainty(item: _Item) -> int:
        return _CERTAINTY.get(item.mention.date_basis, 0)

    tier = min(certainty(item) for item, _ in dated)
    top = _without_deictic_neighbours([(i, m) for i, m in dated if certainty(i) == tier])
    if tier == _CERTAINTY["reported"]:
        # Only publication days of reports: the first of them, never a contradiction.
        first = min(mention.value for _, mention in top if mention.value)
        return first, None, None, first, "reported"
    days = list(dict.fromkeys(m.value for _, m in top if m.value and _day(m.value)))
    if len(days) > 1:
        sides = []
        for day in sorted(days):
            on_day = [(item, mention) for item, mention in top if mention.value == day]
            sides.append(
                ContradictionSide(
                    value=date_side(day, on_day[0][1]),
                    sources=tuple(dict.fromkeys(item.citation for item, _ in on_day)),
                )
            )
        contradiction = Contradiction(what=f"date of {summary}", kind="date", sides=tuple(sides))
        return None, None, contradiction, min(days), None
    # One day (or only coarser values): the most precise value, with its words.
    item, mention = max(top, key=lambda pair: (len(pair[1].value or ""), -pair[0].order))
    value = mention.value or ""
    if not days:
        within = [
            (i, m)
            for i, m in dated
            if certainty(i) > tier and m.value and _day(m.value) and m.value.startswith(value)
        ]
        if within:
            item, mention = min(within, key=lambda pair: (certainty(pair[0]), pair[0].order))
    return (
        mention.value,
        mention.text or None,
        None,
        mention.value,
        item.mention.date_basis or "text",
    )


# Days named relative to the moment of writing: which day they are depends on the
# clock of a publication time whose time zone is seldom known.
_DEICTIC = re.compile(
    r"\b(?:today|tonight|yesterday|last night|this (?:morning|afternoon|evening))\b",
    re.IGNORECASE,
)


def _without_deictic_neighbours(
    dated: list[tuple[_Item, DateMention]],
) -> list[tuple[_Item, DateMention]]:
    """Return the dates without "today"/"tonight" days a day off a day the text names.

    "Tonight" in a report stamped after midnight UTC is the evening before in the
    Americas: a day named outright ("Sunday, February 4") one day off it is the same
    day, not a disagreement.
    """
    deictic = [_DEICTIC.search(mention.text or "") is not None for _, mention in dated]
    named = [_day(m.value) for (_, m), relative in zip(dated, deictic, strict=True) if not relative]

    def beside_a_named_day(value: str | None) -> bool:
        day = _day(value)
        return day is not None and any(
            other is not None and other != day and abs((other - day).days) <= 1 for other in named
        )

    return [
        (item, mention)
        for (item, mention), relative in zip(dated, deictic, strict=True)
        if not (relative and beside_a_named_day(mention.value))
    ]


def _representative(group: Sequence[_Item]) -> _Item:
    # The mention that names the most (place, actors) speaks for the event; ties
    # go to the more confident, then the earlier one.
    return max(
        group,
        key=lambda item: (
            # a quoted claim ("the town has been liberated") is not the narrator's account
            not any(quote in item.citation.sentence for quote in '"\u201c\u201d'),
            bool(item.place_key) + bool(item.actors) + bool(item.targets),
            item.mention.confidence,
            -item.order,
        ),
    )


def _amounts(text: str) -> frozenset[str]:
    return frozenset(re.sub(r"\D", "", found) for found in _AMOUNT.findall(text))


def _uncontested(summary: str, group: Sequence[_Item]) -> str:
    """Return ``summary`` without its numbers when another report of the event gives others.

    An event cites every report of it, so its summary must not state a figure
    that some of them contradict ("8,000 fled" vs "12,000 fled"); the figures
    themselves stay, side by side, in the story's claims and contradictions.
    """
    mine = _amounts(summary)
    if not mine:
        return summary
    for item in group:
        theirs = _amounts(item.mention.summary)
        if theirs and not theirs & mine:
            return " ".join(_AMOUNT.sub(" ", summary).split())
    return summary


def _doer_words(group: Sequence[_Item], lead: _Item) -> frozenset[str]:
    """Return the names of the event's doers: those in its leads' actors.

    The articles' main mentions tell the news from its doers' side ("a Vorna Front
    bomber attacked the post"), else the representative mention does. Only names
    tell a side ("Vorna", not "bomber" or "people").
    """
    tellers = [item for item in group if item.mention.main and item.actors] or [lead]
    return frozenset(name for item in tellers for name in _names_in(item.actors, item))


def _names_in(parties: Iterable[str], item: _Item) -> frozenset[str]:
    """Return the words of ``parties`` that are names: capitalised within the sentence.

    A word capitalised only where it opens the sentence ("Gunmen attacked") is no
    name, unless the party is an entity the story resolved.
    """
    sentence = item.citation.sentence
    return frozenset(
        word.lower()
        for party in parties
        for word in _WORD.findall(party)
        if word[:1].isupper()
        and (
            normalise_text(party) in item.resolved
            or any(
                sentence[: match.start()].rstrip()[-1:] not in _OPENERS
                for match in re.finditer(rf"\b{re.escape(word)}\b", sentence)
            )
        )
    )


_WORD = re.compile(r"\w+")
# What may stand before a sentence's first word: nothing, an earlier sentence's end, a quote.
_OPENERS = frozenset({"", ".", "!", "?", '"', "\u201c", "\u2018", "'", "(", "\u2014", "-", ":"})


def _turned(item: _Item, doers: frozenset[str]) -> bool:
    """Tell whether a mention tells the event from the other side: it is done to its doers.

    Reports of one attack tell the fight that followed from either side ("police
    fought the Vorna Front attackers"): those police are whom the event was done
    to, and the attackers its doers, not the other way round.
    """
    if item.mention.type not in _SIDED_TYPES:
        return False
    done_to = _names_in(item.targets, item)
    by = _names_in(item.actors, item)
    return bool(done_to & doers) and not by & doers


# Events between two sides, each of which may tell it: attacks, clashes, arrests, riots.
_SIDED_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST"})


def _event(group: Sequence[_Item]) -> tuple[Event, Contradiction | None, str | None]:
    lead = _representative(group)
    summary = _uncontested(lead.mention.summary, group)
    doers = _doer_words(group, lead)
    sides = [
        (item.targets, item.actors) if _turned(item, doers) else (item.actors, item.targets)
        for item in group
    ]
    actors = _ranked(name for by, _ in sides for name in by)
    targets = tuple(t for t in _ranked(n for _, to in sides for n in to) if t not in actors)
    place_key = _most_common(item.place_key for item in group if item.place_key)
    place = next((item.place for item in group if item.place_key == place_key), None)
    when, when_text, contradiction, sort_key, basis = _dates(group, summary)
    event = Event(
        id="",
        type=_most_common(item.mention.type for item in group) or lead.mention.type,
        summary=summary,
        sources=tuple(dict.fromkeys(item.citation for item in group)),
        acled_type=_most_common(i.mention.acled_type for i in group if i.mention.acled_type),
        actors=actors,
        targets=targets,
        location=place,
        date=when,
        date_text=when_text,
        date_basis=basis,
        main_for=tuple(dict.fromkeys(i.citation.article for i in group if i.mention.main)),
    )
    return event, contradiction, sort_key


def headline_of(events: Sequence[Event]) -> int | None:
    """Return the index of the story's headline event: the main event of the most articles.

    Ties go to the event more articles cite, then to a dated one (news happens on a
    day; "Israel considers the territory disputed" is background), then to the earlier.
    """
    mains = [i for i, event in enumerate(events) if event.main_for]
    if not mains:
        return None
    return min(
        mains,
        key=lambda i: (
            -len(events[i].main_for),
            -len({citation.article for citation in events[i].sources}),
            events[i].date is None,
            i,
        ),
    )


def merge_events(
    readings: Sequence[Reading],
    articles: Mapping[str, Article],
    resolve_entity: Callable[[str], str | None],
    find_place: Callable[[str], Place | None],
    no_place: Callable[[str], bool] = lambda name: False,
) -> tuple[tuple[Event, ...], tuple[Contradiction, ...]]:
    """Return the story's events (ids v1, v2, ... in time order) and their date contradictions.

    ``resolve_entity`` maps a surface actor to its canonical name (None when
    unknown); ``find_place`` maps a place name to a resolved ``Place`` (None
    when unknown: the event then keeps an unresolved ``Place`` with the name);
    ``no_place`` tells the names the story knows are no place (a person): the
    event's place stays null.
    The headline event (``headline_of``) comes first; then dated events in time
    order; undated events last, in order of first mention.
    """
    built = [
        _event(group)
        for group in group_mentions(
            _items(readings, articles, resolve_entity, find_place, no_place)
        )
        if _informative(group)
    ]
    order = sorted(range(len(built)), key=lambda i: (built[i][2] is None, built[i][2] or "", i))
    headline = headline_of([event for event, _, _ in built])
    if headline is not None:  # the story's news comes first, the rest in time order
        order.remove(headline)
        order.insert(0, headline)
    events = tuple(replace(built[i][0], id=f"v{number}") for number, i in enumerate(order, start=1))
    contradictions = tuple(c for i in order if (c := built[i][1]) is not None)
    return events, contradictions
