"""The brief: a short account of a story in which every sentence cites its sources.

Nothing is written that the cited articles do not say. An event is told by the
source sentence that tells it best (names its place, actors and day; no quoted
speech; cut at clause boundaries when long), citing every article of the event
whose own sentences back most of it; a figure by its shortest source sentence;
a disagreement by a template filled only with the sides' values. Every
sentence is checked with ``support.is_supported`` against what it cites and
dropped when the check fails.

Only events that say who or where are told. Order: the headline event (the
main event of most of the story's articles; else the event most articles
report) first, then the other events in time order (undated ones as of the
main event, a date disagreement right after its event), then the key figure
and the main figure disagreement. Sentences are added by priority (main event,
events several articles report, key figure, main disagreement, the rest) until
``max_words`` or ``MAX_SENTENCES``, skipping any that repeats an earlier one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newsfuse.lexicon import (
    MONTHS,
    POSSESSIVE_AFTER,
    QUOTE_MARKS,
    SMALL_NUMBERS,
    WEEKDAYS,
    without_dangling,
    word_set,
)
from newsfuse.records import (
    Article,
    Brief,
    BriefSentence,
    Citation,
    Claim,
    Contradiction,
    Event,
    Story,
)
from newsfuse.support import (
    STOPWORDS,
    content_tokens,
    in_title_case,
    is_supported,
    normalise_text,
    number_token,
    overlap,
    statement_tokens,
    support_score,
    years_in,
)

# A sentence longer than this is cut down to the clauses that carry the point, and
# never to fewer words than this.
MAX_SENTENCE_WORDS = 35
MIN_CUT_WORDS = 5
# Two sentences sharing this much of their content say the same thing.
REPEAT_OVERLAP = 0.6
# An article is cited for a sentence when its own sentences back this share of it.
ARTICLE_SUPPORT = 0.5
# A brief is a short account: at most this many sentences.
MAX_SENTENCES = 10
# Types that make a story's main event when as many articles report another kind.
_MAIN_TYPES = frozenset({"ASSAULT", "RETREAT", "COERCE", "PROTEST", "MOBILIZE"})
# Openings that refer back to an earlier sentence of their article.
_ANAPHORIC = frozenset(("it", "they", "this", "these", "that", "he", "she", "its", "their"))
_IT_LEANS = word_set("will would can could may might should must also")
# A sentence in the first or second person is a speaker's or the writer's voice ("You're
# talking about an animal of 400 pounds", "I'll say only that ..."), not the account.
# Outside its quotes: "As you mentioned, it was a crowd of ...", "As I depart for
# Vorna, I welcome ..." ("I" as a subject only: "World War I ended" is no voice).
_VOICE = re.compile(
    r"(?<![\w-])(?<!War )I(?=\s+[a-z]|['\u2019](?:m|ll|ve|d)\b)"
    r"|\b(?:[Ww]e|us|[Yy]ou|[Yy]ours?|[Mm]y|[Oo]urs?)\b"
)
_QUOTED = re.compile(r"\"[^\"]*\"|\u201c[^\u201d]*\u201d")
# A sentence about the page, not the news: "The following is a list of ...", "Here
# are the key moments", "Below is the full statement", "Here's what it does".
_FRAMING = re.compile(r"^(?:The following\b|(?:Here|Below)(?: is| are|['\u2019]s)\b)")
# A time or an occasion pointed back at: "On that occasion two people died", "At
# that time the law ...": the sentence tells what an earlier one named, and out of
# its article reads as the news.
_POINTS_BACK = re.compile(
    r"^(?:(?:on|at|by|in|from|since|after|before|until|during|for)\s+)?"
    r"(?:that|those)\s+(?:occasion|time|day|night|year|month|week|point|moment|period)s?\b",
    re.IGNORECASE,
)
# A question mark between letters is a character the page lost ("r?sum?"): the
# sentence is cut there and misread.
_LOST_CHARACTER = re.compile(r"[^\W\d_]\?[^\W\d_]")

_CLAUSE_BREAK = re.compile(r"(?:,|;|:|\s[-\u2013\u2014])\s+")
_LEADING_JOINER = re.compile(r"^(?:and|but|however|meanwhile),?\s+", re.IGNORECASE)
# "while", "whereas", "although" open a clause that leans on another: dropped only from
# a clause standing alone ("whereas the army held Y" -> "The army held Y"), never
# where its main clause follows ("While he was coach, X took over").
_LEADING_SUBORDINATOR = re.compile(r"^(?:while|whereas|although),?\s+(?=[^,]*$)", re.IGNORECASE)
# A wire's credit left before a sentence whose dateline had no city: "(Reuters) - ".
_CREDIT = re.compile(r"^\(\s*[A-Z][\w.&' ]{0,30}\)\s*[-\u2013\u2014]+\s*")
_CLOSING_QUOTES = "'\u2019\"\u201d"
_PART_OF_DAY = re.compile(r"\s+(?:night|morning|afternoon|evening)\b", re.IGNORECASE)
_WEEKDAYS = frozenset(WEEKDAYS)
_MONTHS = frozenset(MONTHS)


@dataclass(frozen=True)
class _Candidate:
    """A sentence that may go into the brief, with where it belongs."""

    sentence: BriefSentence
    priority: int  # lower goes in first
    position: tuple[int, int]  # final order: (section, rank within section)
    repeatable: bool = False  # a disagreement restates its event on purpose
    after: int | None = None  # index of the event a date disagreement belongs to
    event: int | None = None  # index of the event this sentence tells


# ------------------------------------------------------------------ helpers


def word_count(text: str) -> int:
    """Return the number of words of ``text`` as a reader counts them."""
    return len(text.split())


def finish(text: str) -> str:
    """Return ``text`` as a sentence: trimmed, capitalised, unbalanced quotes removed, full stop."""
    # a list item's bullet is the page's layout, not the sentence's ("• Up to seven ...")
    text = " ".join(text.split()).strip(" ,;:-").lstrip("•·▪‣*–— ")
    if sum(text.count(quote) for quote in QUOTE_MARKS) % 2:
        text = "".join(char for char in text if char not in QUOTE_MARKS)
    text = _CREDIT.sub("", text)
    text = _LEADING_SUBORDINATOR.sub("", _LEADING_JOINER.sub("", text))
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else f"{text}."


def shorten(sentence: str, focus: frozenset[str], max_words: int = MAX_SENTENCE_WORDS) -> str:
    """Return ``sentence`` cut to the clauses holding the ``focus`` tokens when it is too long.

    A clause that leans on the one before it ("whose deployment had been suspended",
    "also ordered his government ...", "and Apple employees") keeps the clauses back
    to one that stands alone: on its own it is no sentence.
    """
    if word_count(sentence) <= max_words:
        return sentence
    pieces = _CLAUSE_SPLIT.split(sentence)
    clauses, breaks = pieces[0::2], pieces[1::2]
    hits = [i for i, clause in enumerate(clauses) if content_tokens(clause) & focus] or [0]
    units = sorted({(_standing_start(clauses, breaks, i), i) for i in hits})
    kept = _merged(units)
    if sum(word_count(_joined(clauses, breaks, unit)) for unit in kept) > max_words:
        # the clause richest in the focus; of equals the longer, which has kept its verb
        kept = [
            max(
                units,
                key=lambda unit: (len(content_tokens(clauses[unit[1]]) & focus), unit[1] - unit[0]),
            )
        ]
    text = ", ".join(_joined(clauses, breaks, unit) for unit in kept)
    if word_count(text) < MIN_CUT_WORDS:
        return sentence  # a subject cut from its verb ("Tomas Vale, owner of the tavern, ...")
    last = kept[-1][1]
    if last + 1 < len(clauses) and (clauses[last + 1].split() or [""])[0] in _FINITE_OPENERS:
        return sentence  # "The 2031 Act, signed by X," without its verb ", says ..."
    if len(kept) == 1 and kept[0][0] == kept[0][1] and _opens_dependent(text):
        return sentence  # "When the striker scored the third goal", without what happened then
    return text


def _opens_dependent(clause: str) -> bool:
    """Tell whether a clause opens on a word that makes it lean on another clause."""
    words = clause.split()
    return bool(words) and words[0].lower() in _DEPENDENT_OPENERS


# Verbs that open a clause only as the predicate of a subject before it: the clauses
# before them are a noun phrase with its apposition, no sentence without them.
_FINITE_OPENERS = word_set(
    "is are was were has have had will would can could may might must should says said "
    "told added warned"
)
# Words that open a clause leaning on the one before it.
_DEPENDENT_OPENERS = word_set(
    "which who whom whose where when while whereas with without as after before because "
    "since although though if unless including amid despite"
)
_CLAUSE_SPLIT = re.compile(rf"({_CLAUSE_BREAK.pattern})")


def _standing_start(clauses: Sequence[str], breaks: Sequence[str], index: int) -> int:
    """Return the index of the nearest clause at or before ``index`` that stands alone.

    One after a semicolon, colon or dash that opens on a capital and no dependent word
    ("...; Tokyo will ..."); else the sentence's first clause: after a comma a clause
    has lost its subject ("also ordered ...") or its list ("Google, and Apple staff").
    """
    while index > 0:
        first = (clauses[index].split() or [""])[0]
        after_stop = breaks[index - 1].strip()[:1] in (";", ":", "-", "\u2013", "\u2014")
        if after_stop and first[:1].isupper() and first.lower() not in _DEPENDENT_OPENERS:
            break
        index -= 1
    return index


def _merged(units: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return ranges of clause indices with overlapping or touching ranges joined."""
    merged: list[tuple[int, int]] = []
    for lo, hi in units:
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def _joined(clauses: Sequence[str], breaks: Sequence[str], unit: tuple[int, int]) -> str:
    """Return the clauses ``unit[0]`` to ``unit[1]`` as the sentence wrote them."""
    lo, hi = unit
    return clauses[lo] + "".join(breaks[j - 1] + clauses[j] for j in range(lo + 1, hi + 1))


def date_phrase(words: str) -> str:
    """Return date words as they read after a clause: "Tuesday" -> "on Tuesday"."""
    first = words.split()[0].lower() if words.split() else ""
    if first in _WEEKDAYS or (first.isdigit() and len(first) <= 2):
        return f"on {words}"
    if first in _MONTHS or (first.isdigit() and len(first) == 4):
        return f"in {words}"
    return words


def _sources(citations: Sequence[Citation]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(citation.article for citation in citations))


def _cited(text: str, citations: Sequence[Citation]) -> BriefSentence | None:
    """Return a brief sentence when its citations back it, else None (cite or omit)."""
    text = finish(text)
    if not text or not citations or in_title_case(text):
        return None
    if _VOICE.search(_QUOTED.sub("", text)) or _LOST_CHARACTER.search(text):
        return None
    if _FRAMING.match(text) or _POINTS_BACK.match(text):
        return None
    if not is_supported(text, [citation.sentence for citation in citations]):
        return None
    return BriefSentence(text=text, sources=_sources(citations), citations=tuple(citations))


def _in_story(citations: Sequence[Citation], story: Story) -> tuple[Citation, ...]:
    allowed = set(story.articles)
    return tuple(c for c in dict.fromkeys(citations) if not allowed or c.article in allowed)


# ------------------------------------------------------------------ sentences


def _focus(event: Event) -> frozenset[str]:
    """Return the words a sentence about ``event`` should carry: place, actors, action."""
    place = event.location.name if event.location else ""
    return content_tokens(" ".join([event.summary, place, *event.actors]))


def _sentence_score(text: str, focus: frozenset[str], event: Event) -> tuple[float, ...]:
    """Return how well a source sentence tells an event (higher is better)."""
    tokens = content_tokens(text)
    coverage = len(tokens & focus) / len(focus) if focus else 0.0
    place = event.location.name if event.location else None
    names_place = place is not None and content_tokens(place) <= tokens
    dated = bool(event.date_text) and normalise_text(event.date_text or "") in normalise_text(text)
    first = text.split()[0].lower() if text.split() else ""
    return (
        coverage + 0.3 * names_place + 0.4 * dated,
        # quoted speech and a pronoun opening read badly out of their article
        -sum(text.count(quote) for quote in QUOTE_MARKS) - (first in _ANAPHORIC),
        -abs(word_count(text) - 20),
    )


def _backers(text: str, citations: Sequence[Citation], chosen: Citation) -> tuple[Citation, ...]:
    """Return the citations whose article says most of ``text`` (the chosen one first)."""
    backed = [chosen]
    for citation in citations:
        if citation.article == chosen.article or citation in backed:
            continue
        same = [c.sentence for c in citations if c.article == citation.article]
        if support_score(text, same) >= ARTICLE_SUPPORT:
            backed.append(citation)
    return tuple(backed)


def _with_date(text: str, event: Event) -> str:
    """Return ``text`` with the resolved day after the words it was read from ("Tuesday")."""
    # A month or a year is already plain in the words ("in January"), so is a day
    # written with its year ("March 4, 2031").
    if not event.date or len(event.date) != 10 or not event.date_text or event.date in text:
        return text
    if years_in(event.date_text):
        return text
    at = normalise_text(text).find(normalise_text(event.date_text))
    if at < 0:
        return text
    end = at + len(event.date_text)
    part = _PART_OF_DAY.match(text, end)  # "Tuesday night" stays one phrase
    end = part.end() if part else end
    # "Tuesday's (2031-05-13) vote", not "Tuesday (2031-05-13)'s vote"; "'Black
    # Friday' (2031-05-16)", not inside the quote
    owner = POSSESSIVE_AFTER.match(text[end:])
    end += owner.end() if owner else 0
    while end < len(text) and text[end] in _CLOSING_QUOTES:
        end += 1
    return f"{text[:end]} ({event.date}){text[end:]}"


def event_sentence(event: Event, story: Story) -> BriefSentence | None:
    """Return the brief's sentence for an event: the source sentence that tells it best.

    The sentence is taken from a cited source (cut at clause boundaries when
    long) and cites every article of the event that says most of it. When no
    source sentence is backed, a summary of four words or more is tried.
    """
    citations = _in_story(event.sources, story)
    focus = _focus(event)
    # A source sentence that could not be cut to length gives way to one that reads short.
    options = sorted(
        dict.fromkeys(citations),
        key=lambda c: (
            word_count(cut := shorten(c.sentence, focus)) <= MAX_SENTENCE_WORDS,
            _sentence_score(cut, focus, event),
        ),
        reverse=True,
    )
    for chosen in options:
        text = _with_date(shorten(chosen.sentence, focus), event)
        written = _cited(text, _backers(text, citations, chosen))
        if written is not None:
            return written
    summary = " ".join(event.summary.split()).rstrip(".")
    if word_count(summary) >= 4:
        if event.location and normalise_text(event.location.name) not in normalise_text(summary):
            summary += f" in {event.location.name}"
        if event.date_text and normalise_text(event.date_text) not in normalise_text(summary):
            summary += f" {date_phrase(event.date_text)}"
        return _cited(summary, citations)
    return None


def claim_sentence(claim: Claim, story: Story) -> BriefSentence | None:
    """Return the brief's sentence for a figure: the shortest source clause that gives it."""
    citations = _in_story(claim.sources, story)
    focus = content_tokens(claim.what)
    if claim.value is not None:
        focus |= {number_token(claim.value)}
    # A whole source sentence reads better than a clause without its verb; the
    # shortest one that carries the number is cut only when it is too long.
    options = [
        citation.sentence
        for citation in citations
        if (claim.value is None or number_token(claim.value) in content_tokens(citation.sentence))
        and not _leans_back(citation.sentence)
    ]
    for sentence in sorted(dict.fromkeys(options), key=word_count):
        text = shorten(sentence, focus)
        if claim.status == "corroborated":
            text = f"{text.strip().rstrip('.')} (corroborated by independent sources)"
        written = _cited(text, citations)
        if written is not None:
            return written
    return None


def _leans_back(sentence: str) -> bool:
    """Tell whether a sentence opens on a pronoun for something its article said before.

    "This could cost millions" and "They have two sons" say nothing out of their
    article. "It" opens as many sentences that lean on nothing ("It has emerged
    that ...", "It is estimated"): only "it" with a modal or "also" counts ("It
    will use its eight cores").
    """
    words = sentence.split()
    if not words:
        return False
    if words[0].lower() == "it":
        # "It will also lobby ...": the thing named before; "It emerged that": nothing
        return len(words) > 1 and words[1].lower() in _IT_LEANS
    return words[0].lower() in _ANAPHORIC


def contradiction_sentence(contradiction: Contradiction, story: Story) -> BriefSentence | None:
    """Return "Reports differ on X: A according to some, B according to others." with citations."""
    parts = []
    citations: list[Citation] = []
    for number, side in enumerate(contradiction.sides):
        value = mid_sentence(side.value)
        value = value if not side.scope else f"{value} ({side.scope})"
        parts.append(f"{value} according to {'some reports' if number == 0 else 'others'}")
        citations.extend(_in_story(side.sources, story))
    if len(parts) < 2:
        return None
    return _cited(
        f"Reports differ on {_disputed(contradiction)}: {', '.join(parts)}",
        tuple(dict.fromkeys(citations)),
    )


def mid_sentence(words: str) -> str:
    """Return words taken from the start of a sentence as they read inside one.

    "The singer posted ..." and "Two people" open sentences in the sources; after
    "Reports differ on" the common first word is lower-cased ("the singer",
    "two people"); names and acronyms keep their capitals.
    """
    first = words.split(" ", 1)[0]
    common = first.lower() in STOPWORDS or first.lower() in SMALL_NUMBERS
    if common and first[:1].isupper() and first[1:].islower():
        return first.lower() + words[len(first) :]
    return words


def _disputed(contradiction: Contradiction) -> str:
    """Return what the sources disagree on as a question: "when X", "how many people fled"."""
    what = " ".join(contradiction.what.split()).rstrip(".")
    if contradiction.kind == "date":
        return "when " + mid_sentence(what.removeprefix("date of "))  # "when a gorilla was shot"
    what = mid_sentence(what)
    counted = _counted(what, contradiction) if contradiction.kind == "figure" else None
    return f"how many {counted}" if counted else what


# Words of a clause label kept after the counted noun ("photos of herself with ...").
_COUNTED_WORDS = 6


def _counted(what: str, contradiction: Contradiction) -> str | None:
    """Return what every side counts, in the label's words, when they count one noun.

    The label is either the counted thing ("people fled" or "female gorillas",
    for "about 8,000 people" vs "12,000 people") or, where the texts name it no
    better, the clause around one side's figure ("rival Tomas Vale to just 12
    points"): the figure's noun and the words after it say what is counted
    ("points"), not the clause's start.
    """
    nouns = {side.value.split()[-1].casefold() for side in contradiction.sides if side.value}
    if len(nouns) != 1:
        return None
    (noun,) = nouns
    words = what.casefold().split()
    if words[:1] == [noun] or (words[-1:] == [noun] and not any(c.isdigit() for c in what)):
        return what  # "people fled", "female gorillas"
    folded = what.casefold()
    for side in contradiction.sides:
        at = folded.find(side.value.casefold())
        if at < 0:
            continue
        words = what[at + len(side.value) :].strip(" ,;:").split()[:_COUNTED_WORDS]
        words = without_dangling(words)
        return " ".join([side.value.split()[-1], *words]).rstrip(",;:")
    return None


# ------------------------------------------------------------------ the brief


def worth_telling(event: Event) -> bool:
    """Tell whether an event belongs in a short account: who or where, reported not quoted.

    A bare noun ("fighting") with neither actor nor place says nothing a reader
    can use, and an event that only quoted speech reports is someone's claim.
    """
    if not (event.location or event.actors):
        return False
    if word_count(event.summary) < 2 and not (event.location and event.actors):
        return False
    return not all(
        any(quote in citation.sentence for quote in QUOTE_MARKS) for citation in event.sources
    )


def _rank_events(events: Sequence[Event]) -> list[int]:
    """Return event indexes: most articles, then placed or with actors, most citations, earliest."""
    return sorted(
        range(len(events)),
        key=lambda i: (
            -len({c.article for c in events[i].sources}),
            # an event that says where or who beats a bare "talks" with as many sources
            not (events[i].location or events[i].actors or events[i].targets),
            events[i].type not in _MAIN_TYPES,
            -len(events[i].sources),
            i,
        ),
    )


def _key_claims(claims: Sequence[Claim], story: Story) -> list[Claim]:
    status = {"corroborated": 0, "single-source": 1, "contested": 2}
    return sorted(
        claims,
        key=lambda c: (_past(c, story), status.get(c.status, 3), -c.independent_origins),
    )


def _past(claim: Claim, story: Story) -> bool:
    """Tell whether a claim's scope puts it in a year before the story: background.

    "27 million passengers (in 2015)" is what a 2016 crash story recalls, not its news.
    A "since" scope runs up to the story ("the deadliest since 2004") and stays.
    """
    scope = claim.scope or ""
    if scope.lower().startswith("since"):
        return False
    years, current = years_in(scope), years_in((story.first_seen or "")[:4])
    return bool(years and current) and max(years) < min(current)


def _key_contradictions(contradictions: Sequence[Contradiction]) -> list[Contradiction]:
    # Figure disagreements first (the ones a reader must know), then by how many sources.
    return sorted(
        contradictions,
        key=lambda c: (c.kind != "figure", -len({s.article for d in c.sides for s in d.sources})),
    )


def _event_priority(rank: int, event: Event) -> int:
    # The main event, then what several articles report, then the rest.
    if rank == 0:
        return 0
    articles = len({citation.article for citation in event.sources})
    return (10 if articles >= 3 else 40 if articles == 2 else 120) + rank


# A capitalised word inside a sentence: a name (the first word of a sentence may be any).
_NAME = re.compile(r"(?<=[a-z,;]\s)[A-Z][\w'’-]+")


def story_words(
    story: Story, articles: Mapping[str, Article], headline: Event | None
) -> frozenset[str]:
    """Return the words that say what a story is about.

    Its headlines' and its headline event's words, and the names that two or more
    of its articles write (a victim the headlines leave unnamed is named in the
    texts that report him).
    """
    texts = [articles[a] for a in story.articles if a in articles]
    titles = " ".join(article.title for article in texts if article.title)
    words = content_tokens(titles)
    if headline is not None:
        words |= _event_words(headline)
    seen: Counter[str] = Counter()
    for article in texts:
        seen.update(content_tokens(" ".join(_NAME.findall(article.text))))
    return words | {word for word, count in seen.items() if count >= 2}


def on_story(sentence: BriefSentence, words: frozenset[str], story: Story) -> bool:
    """Tell whether a figure's sentence belongs in the story's account.

    An article carries figures of its own background: a listicle of other
    couples' splits beside a celebrity break-up ("The pair, who have two
    children, ..."), a ticket price under an event notice. A sentence only one
    article gives, sharing no word with the story's headlines, its headline
    event or the names its articles share, is that background. What two
    articles give, or a story of one article, is the story's. (Events are told
    whatever their words: a withdrawal beside a capture is the same war.)
    """
    if not words or len(story.articles) < 2 or len(set(sentence.sources)) >= 2:
        return True  # nothing to judge by, or what the story's own articles share
    return bool(content_tokens(sentence.text) & words)


def _candidates(
    story: Story,
    events: Sequence[Event],
    claims: Sequence[Claim],
    contradictions: Sequence[Contradiction],
    articles: Mapping[str, Article],
) -> list[_Candidate]:
    candidates: list[_Candidate] = []
    ranked = [i for i in _rank_events(events) if worth_telling(events[i])] or _rank_events(events)
    # The story's headline event (the main event of most of its articles) opens the brief.
    headline = next((i for i, event in enumerate(events) if event.main_for), None)
    if headline is not None:
        ranked = [headline, *(i for i in ranked if i != headline)]
    main = ranked[0] if ranked else None
    about = story_words(story, articles, events[main] if main is not None else None)
    # Undated events are told as of the main event (news reports what is current).
    fallback = (events[main].date if main is not None else None) or story.last_seen or "9999"
    when = {i: events[i].date or fallback for i in range(len(events))}
    order = {i: position for position, i in enumerate(sorted(when, key=lambda i: (when[i], i)))}
    dated = {f"date of {event.summary}": index for index, event in enumerate(events)}
    for rank, index in enumerate(ranked):
        sentence = event_sentence(events[index], story)
        if sentence is None:
            continue
        position = (0, 0) if index == main else (1, 2 * order[index])
        priority = _event_priority(rank, events[index])
        candidates.append(_Candidate(sentence, priority, position, event=index))
    for rank, claim in enumerate(_key_claims(claims, story)):
        sentence = claim_sentence(claim, story)
        if sentence is not None and on_story(sentence, about, story):
            candidates.append(_Candidate(sentence, 30 if rank == 0 else 150 + rank, (2, rank)))
    for rank, contradiction in enumerate(_key_contradictions(contradictions)):
        sentence = contradiction_sentence(contradiction, story)
        if sentence is None:
            continue
        told = dated.get(contradiction.what)
        if told is not None:  # right after its event, and only when that event is told
            position = (0, 1) if told == main else (1, 2 * order[told] + 1)
            candidates.append(_Candidate(sentence, 65, position, True, after=told))
        else:
            priority = 60 if rank == 0 else 200 + rank
            candidates.append(_Candidate(sentence, priority, (3, rank), True))
    return candidates


def story_title(
    story: Story, articles: Mapping[str, Article], events: Sequence[Event]
) -> str | None:
    """Return the story's title: the headline most of its articles share, else the likeliest.

    Rewrites of one story rarely share a headline. An outlet's headline is written
    to be a title, where an event's summary is a clause that may open on a pronoun
    ("It is ready"); so the title is the headline whose words the other headlines
    and the headline event (what most articles report first) share most. With no
    headlines the headline event's summary names the story.
    """
    titles = [t for a in story.articles if a in articles and (t := articles[a].title)]
    lead = next((event for event in events if event.main_for), None)
    if titles:
        counts = Counter(normalise_text(title) for title in titles)
        key, count = counts.most_common(1)[0]
        if count * 2 > len(titles):
            return next(title for title in titles if normalise_text(title) == key)
        return representative(titles, _event_words(lead) if lead is not None else frozenset())
    if lead is not None and lead.summary:
        return finish(lead.summary).rstrip(".")
    return story.title


def representative(titles: Sequence[str], event_words: frozenset[str]) -> str:
    """Return the headline closest to the others and to the headline event's words.

    Closeness is the mean Jaccard similarity of content words to the other
    headlines, plus that to the event's words; a cut headline ("...") comes last,
    and ties go to the earliest.
    """
    words = [content_tokens(title) for title in titles]

    def score(index: int) -> tuple[bool, float]:
        others = [_jaccard(words[index], w) for j, w in enumerate(words) if j != index]
        shared = sum(others) / len(others) if others else 0.0
        cut = titles[index].rstrip().endswith(("...", "\u2026"))
        return (not cut, shared + _jaccard(words[index], event_words))

    return titles[max(range(len(titles)), key=lambda i: (score(i), -i))]


def _event_words(event: Event) -> frozenset[str]:
    return content_tokens(" ".join([event.summary, *event.actors, *event.targets]))


def _jaccard(left: frozenset[str], right: frozenset[str]) -> float:
    union = left | right
    return len(left & right) / len(union) if union else 0.0


def write_brief(
    story: Story,
    events: Sequence[Event],
    claims: Sequence[Claim],
    contradictions: Sequence[Contradiction],
    articles: Mapping[str, Article],
    max_words: int = 200,
) -> Brief:
    """Return the story's brief: at most ``max_words`` words, every sentence cited and backed.

    ``articles`` limits citations to articles that exist (and the story's own).
    """
    known = Story(
        id=story.id,
        title=story.title,
        articles=tuple(a for a in story.articles if a in articles) or tuple(articles),
        first_seen=story.first_seen,
        last_seen=story.last_seen,
    )
    chosen: list[_Candidate] = []
    told: set[int] = set()
    words = 0
    for candidate in sorted(
        _candidates(known, events, claims, contradictions, articles), key=lambda c: c.priority
    ):
        size = word_count(candidate.sentence.text)
        if words + size > max_words or len(chosen) >= MAX_SENTENCES:
            continue
        if candidate.after is not None and candidate.after not in told:
            continue  # a date disagreement about an event the brief does not tell
        if not candidate.repeatable and _repeats(candidate, chosen):
            if candidate.event is not None:
                told.add(candidate.event)  # an earlier sentence tells this event too
            continue  # says again what an earlier sentence said
        chosen.append(candidate)
        words += size
        if candidate.event is not None:
            told.add(candidate.event)
    chosen.sort(key=lambda c: c.position)
    return Brief(sentences=tuple(candidate.sentence for candidate in chosen))


def _repeats(candidate: _Candidate, chosen: Sequence[_Candidate]) -> bool:
    # Also catches two events read from one source sentence ("took A in May and B in June").
    tokens = statement_tokens(candidate.sentence.text)
    return any(
        overlap(tokens, statement_tokens(other.sentence.text)) >= REPEAT_OVERLAP for other in chosen
    )
