"""The brief: a short account of a story in which every sentence cites its sources.

Nothing is written that the cited articles do not say. A sentence is either
taken from a cited source sentence (cut at clause boundaries when long) or a
template filled only with values from the cited records: an event's summary,
its date words and place; a contradiction's sides. Every sentence is checked
with ``support.is_supported`` against the sentences it cites and dropped when
the check fails.

Order: the main event (most sources) first, then the other events in time
order (a date disagreement right after its event), then the key figure and
the main figure disagreement. Sentences are added by priority until
``max_words``: main event, key claim, main contradiction, then the other
events by number of sources.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

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
    content_tokens,
    is_supported,
    normalise_text,
    number_token,
    overlap,
    statement_tokens,
)

# A sentence longer than this is cut down to the clauses that carry the point.
MAX_SENTENCE_WORDS = 35
# Two sentences sharing this much of their content say the same thing.
REPEAT_OVERLAP = 0.7

_CLAUSE_BREAK = re.compile(r"(?:,|;|:|\s[-\u2013\u2014])\s+")
_LEADING_JOINER = re.compile(
    r"^(?:and|but|while|whereas|however|although|meanwhile),?\s+", re.IGNORECASE
)
_QUOTES = '"\u201c\u201d'
_WEEKDAYS = frozenset(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
)
_MONTHS = frozenset(
    (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    )
)


@dataclass(frozen=True)
class _Candidate:
    """A sentence that may go into the brief, with where it belongs."""

    sentence: BriefSentence
    priority: int  # lower goes in first
    position: tuple[int, int]  # final order: (section, rank within section)
    repeatable: bool = False  # a disagreement restates its event on purpose


# ------------------------------------------------------------------ helpers


def word_count(text: str) -> int:
    """Return the number of words of ``text`` as a reader counts them."""
    return len(text.split())


def finish(text: str) -> str:
    """Return ``text`` as a sentence: trimmed, capitalised, unbalanced quotes removed, full stop."""
    text = " ".join(text.split()).strip(" ,;:-")
    if sum(text.count(quote) for quote in _QUOTES) % 2:
        text = "".join(char for char in text if char not in _QUOTES)
    text = _LEADING_JOINER.sub("", text)
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else f"{text}."


def shorten(sentence: str, focus: frozenset[str], max_words: int = MAX_SENTENCE_WORDS) -> str:
    """Return ``sentence`` cut to the clauses holding the ``focus`` tokens when it is too long."""
    if word_count(sentence) <= max_words:
        return sentence
    clauses = [clause for clause in _CLAUSE_BREAK.split(sentence) if clause.strip()]
    kept = [clause for clause in clauses if content_tokens(clause) & focus] or clauses[:1]
    text = ", ".join(kept)
    if word_count(text) > max_words:
        best = max(kept, key=lambda clause: len(content_tokens(clause) & focus))
        text = best
    return text


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
    if not text or not citations:
        return None
    if not is_supported(text, [citation.sentence for citation in citations]):
        return None
    return BriefSentence(text=text, sources=_sources(citations), citations=tuple(citations))


def _in_story(citations: Sequence[Citation], story: Story) -> tuple[Citation, ...]:
    allowed = set(story.articles)
    return tuple(c for c in dict.fromkeys(citations) if not allowed or c.article in allowed)


# ------------------------------------------------------------------ sentences


def event_sentence(event: Event, story: Story) -> BriefSentence | None:
    """Return the brief's sentence for an event: its summary with date and place, or a source."""
    citations = _in_story(event.sources, story)
    summary = " ".join(event.summary.split()).rstrip(".")
    lowered = normalise_text(summary)
    text = summary
    if event.location and normalise_text(event.location.name) not in lowered:
        text += f" in {event.location.name}"
    if event.date_text and normalise_text(event.date_text) not in lowered:
        text += f" {date_phrase(event.date_text)}"
    if event.date:
        text += f" ({event.date})"
    if word_count(summary) >= 4:
        written = _cited(text, citations)
        if written is not None:
            return written
    # The summary is too thin or not backed: take the best source sentence instead.
    focus = content_tokens(f"{event.summary} {event.location.name if event.location else ''}")
    for citation in sorted(citations, key=lambda c: -len(content_tokens(c.sentence) & focus)):
        written = _cited(shorten(citation.sentence, focus), citations)
        if written is not None:
            return written
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
        if claim.value is None or number_token(claim.value) in content_tokens(citation.sentence)
    ]
    for sentence in sorted(dict.fromkeys(options), key=word_count):
        text = shorten(sentence, focus)
        if claim.status == "corroborated":
            text = f"{text.strip().rstrip('.')} (corroborated by independent sources)"
        written = _cited(text, citations)
        if written is not None:
            return written
    return None


def contradiction_sentence(contradiction: Contradiction, story: Story) -> BriefSentence | None:
    """Return "Reports differ on X: A according to some, B according to others." with citations."""
    parts = []
    citations: list[Citation] = []
    for number, side in enumerate(contradiction.sides):
        value = side.value if not side.scope else f"{side.value} ({side.scope})"
        parts.append(f"{value} according to {'some reports' if number == 0 else 'others'}")
        citations.extend(_in_story(side.sources, story))
    if len(parts) < 2:
        return None
    what = " ".join(contradiction.what.split()).rstrip(".")
    if contradiction.kind == "date":
        what = f"the {what}"
    return _cited(f"Reports differ on {what}: {', '.join(parts)}", tuple(dict.fromkeys(citations)))


# ------------------------------------------------------------------ the brief


def _rank_events(events: Sequence[Event]) -> list[int]:
    """Return event indexes: most articles, then placed or with actors, most citations, earliest."""
    return sorted(
        range(len(events)),
        key=lambda i: (
            -len({c.article for c in events[i].sources}),
            # an event that says where or who beats a bare "talks" with as many sources
            not (events[i].location or events[i].actors or events[i].targets),
            -len(events[i].sources),
            i,
        ),
    )


def _key_claims(claims: Sequence[Claim]) -> list[Claim]:
    status = {"corroborated": 0, "single-source": 1, "contested": 2}
    return sorted(claims, key=lambda c: (status.get(c.status, 3), -c.independent_origins))


def _key_contradictions(contradictions: Sequence[Contradiction]) -> list[Contradiction]:
    # Figure disagreements first (the ones a reader must know), then by how many sources.
    return sorted(
        contradictions,
        key=lambda c: (c.kind != "figure", -len({s.article for d in c.sides for s in d.sources})),
    )


def _disagreement_priority(rank: int, contradiction: Contradiction) -> int:
    # The main figure disagreement, then disagreements over when something happened
    # (short, and they correct the events they follow), then the rest.
    if rank == 0:
        return 2
    return 3 if contradiction.kind == "date" else 200 + rank


def _candidates(
    story: Story,
    events: Sequence[Event],
    claims: Sequence[Claim],
    contradictions: Sequence[Contradiction],
) -> list[_Candidate]:
    candidates: list[_Candidate] = []
    ranked = _rank_events(events)
    dated = {f"date of {event.summary}": index for index, event in enumerate(events)}
    for rank, index in enumerate(ranked):
        sentence = event_sentence(events[index], story)
        if sentence is not None:
            section = 0 if rank == 0 else 1
            priority = 0 if rank == 0 else 4 + rank
            candidates.append(_Candidate(sentence, priority, (section, 2 * index)))
    for rank, claim in enumerate(_key_claims(claims)):
        sentence = claim_sentence(claim, story)
        if sentence is not None:
            candidates.append(_Candidate(sentence, 1 if rank == 0 else 100 + rank, (2, rank)))
    for rank, contradiction in enumerate(_key_contradictions(contradictions)):
        sentence = contradiction_sentence(contradiction, story)
        if sentence is None:
            continue
        index = dated.get(contradiction.what)
        position = (1, 2 * index + 1) if index is not None else (3, rank)
        if index is not None and index == (ranked[0] if ranked else -1):
            position = (0, 1)
        candidates.append(
            _Candidate(sentence, _disagreement_priority(rank, contradiction), position, True)
        )
    return candidates


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
    )
    chosen: list[_Candidate] = []
    words = 0
    for candidate in sorted(
        _candidates(known, events, claims, contradictions), key=lambda c: c.priority
    ):
        size = word_count(candidate.sentence.text)
        if words + size > max_words:
            continue
        tokens = statement_tokens(candidate.sentence.text)
        if not candidate.repeatable and any(
            overlap(tokens, statement_tokens(other.sentence.text)) >= REPEAT_OVERLAP
            for other in chosen
        ):
            continue  # says again what an earlier sentence said
        chosen.append(candidate)
        words += size
    chosen.sort(key=lambda c: c.position)
    return Brief(sentences=tuple(candidate.sentence for candidate in chosen))
