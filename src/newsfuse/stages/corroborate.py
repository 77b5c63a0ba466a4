"""Claims: figures about the same thing aligned across articles, with their status.

Figures are first grouped by *what they count* (same unit, overlapping words
around the number), then split by *value*. Equal values (within
``figure_tolerance``) become one claim citing every sentence that gives the
value; values that cannot both be true, given by figures that count the same
thing (each to the other, not through a third), make the group ``contested``
and yield a ``Contradiction`` with each such value as written and its scope.
What a figure counts is read from the words of its clause that speak of it, not
of the clause's other figures; a price or a rate moves, so two of them from
articles of different days are not in dispute. A count told as the level a change
reached ("the toll rose to 51") updates the counts before it, and an amount
threatened or planned ("threatened to fire four") counts nothing that happened:
neither disputes a count told plainly. Nor does a count of what is left ("90
girls remain captive" against "120 girls abducted"), nor a count of a grade ("six
seriously injured" against "40 injured"), nor the move of a price told at the
moment of writing ("shares fell 2 percent" in a morning report, "fell 5%" in an
afternoon one).
Disagreeing figures are never merged or averaged: a contested group gives one
claim per value, ordered most conservative first, so a reader who must pick one
picks the conservative one (ACLED's rule).

Corroboration counts independent origins, not copies: an article's origin is
its wire when known, else its outlet, else the article itself; a near-duplicate
counts as the article it copies.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from newsfuse.lexicon import QUOTE_MARKS, without_dangling
from newsfuse.records import (
    Article,
    Citation,
    Claim,
    ClaimStatus,
    Contradiction,
    ContradictionSide,
    Figure,
    Reading,
    Sentence,
)
from newsfuse.settings import Settings
from newsfuse.stages import entities
from newsfuse.stages.figures import DEFINITE_BEFORE
from newsfuse.stages.merge import days_compatible
from newsfuse.support import (
    content_tokens,
    normalise_text,
    number_token,
    overlap,
    stem,
    years_in,
)

# Counted things that are one thing under several words; general English, not
# tied to any story.
_FAMILIES: dict[str, str] = {
    **dict.fromkeys(("kill", "died", "die", "dead", "death", "fatal", "dying"), "death"),
    **dict.fromkeys(("displ", "fled", "fle", "flee", "uproo"), "displ"),
    **dict.fromkeys(("injur", "wound", "hurt"), "injur"),
    **dict.fromkeys(("arres", "detai"), "arres"),
}


def _split(text: str) -> list[str]:
    return text.split()


# Words that name the unit or a hedge, not the counted thing.
_GENERIC = frozenset(
    stem(word)
    for word in _split(
        "people person persons individuals number total figure some least more than "
        "about nearly almost over up to km mile miles troops troop soldiers kilometres "
        "approximately around roughly estimated hundreds thousands millions tens dozens "
        "scores billions"
    )
)
_LOWER_BOUND = ("over", "more than", "at least", "above", "in excess of", "upwards of")
_UPPER_BOUND = ("up to", "under", "less than", "fewer than", "at most", "nearly", "almost")
# (a comma may close a quotation first: "... 2300 metric tons,' adding ...")
_CLAUSE_BREAK = re.compile(
    r",['\u2019\"\u201d]?\s|;\s|:\s|\s[-\u2013\u2014]\s|\s(?:and|but|while|whereas)\s"
)
_CAPITALISED = re.compile(r"(?<=\s)([A-Z][\w]+)")


@dataclass(frozen=True)
class _Item:
    """One figure with what is needed to align it."""

    figure: Figure
    order: int
    citation: Citation
    clause: str
    phrase: str  # the figure with a few words either side, within its clause
    context: frozenset[str]  # words near the number that name the counted thing
    sentence_words: frozenset[str]
    sentence_places: frozenset[str]
    clause_places: frozenset[str]
    sentence_names: frozenset[str] = frozenset()  # capitalised names, whatever NER made of them
    # what share of the thing it counts: "" all of it, "more" an increment or another part
    # ("an additional 2.5 million", "two other"), "of" a part taken out of it ("12 of the"),
    # "in" an amount something holds ("includes $22 in stock"), "to" the level a
    # change reached ("the toll rose to 51"), an update of the count before it, "left"
    # what is left of it ("90 remain captive", "two still trapped")
    part: str = ""
    day: str | None = None  # the publication day of its article
    # the amount is of what someone threatens, plans or expects ("threatened to fire
    # four missiles", "will send 3,000 troops"), not of what happened
    planned: bool = False
    # the amount is how far a price or a rate has moved when the article was written
    # ("shares fell 5%", "is down 12 percent"), not at a fixed moment such as a close
    moved: bool = False
    # the count is of a grade of what it counts ("eight seriously injured" of the injured)
    graded: bool = False


# ------------------------------------------------------------------ origins


def origin(article_id: str, articles: Mapping[str, Article]) -> str:
    """Return the independent origin of an article: wire, else outlet, else the article."""
    seen: set[str] = set()
    article = articles.get(article_id)
    # A near-duplicate is its kept copy's origin, whatever its own outlet says.
    while article is not None and article.duplicate_of and article.id not in seen:
        seen.add(article.id)
        article = articles.get(article.duplicate_of, article)
    if article is None:
        return f"article:{article_id}"
    if article.wire:
        return f"wire:{article.wire.strip().upper()}"
    if article.outlet:
        return f"outlet:{article.outlet.strip().lower()}"
    return f"article:{article.id}"


def count_origins(article_ids: Iterable[str], articles: Mapping[str, Article]) -> int:
    """Return how many distinct independent origins stand behind ``article_ids``."""
    return len({origin(article_id, articles) for article_id in article_ids})


# ------------------------------------------------------------------- values


def value_range(figure: Figure, tolerance: float) -> tuple[float, float] | None:
    """Return the interval of values a figure allows, or None when it gives no amount."""
    if figure.value is None:
        if figure.low is None and figure.high is None:
            return None
        return (figure.low or 0.0, figure.high if figure.high is not None else math.inf)
    value = figure.value
    qualifier = normalise_text(figure.qualifier or "")
    if any(qualifier.startswith(bound) for bound in _LOWER_BOUND):
        return (value * (1 - tolerance), math.inf)
    if any(qualifier.startswith(bound) for bound in _UPPER_BOUND):
        return (0.0, value * (1 + tolerance))
    return (value * (1 - tolerance), value * (1 + tolerance))


def same_value(left: Figure, right: Figure, tolerance: float) -> bool:
    """Return True when two figures give the same amount (point within tolerance, same range)."""
    if left.value is not None and right.value is not None:
        scale = max(abs(left.value), abs(right.value)) or 1.0
        return abs(left.value - right.value) <= tolerance * scale
    if left.value is None and right.value is None:
        return (left.low, left.high) == (right.low, right.high) and left.low is not None
    return False


# Reports that disagree on one count (a toll, a crowd, a price) disagree within an order
# of magnitude or so; amounts this many times apart are counts of different things.
# A principle, not a fitted value: the seeds' widest true disagreement ("hundreds of
# thousands" against "over 7 million" displaced) is 7 times.
MAX_DISAGREEMENT_RATIO = 100.0


def orders_apart(left: Figure, right: Figure) -> bool:
    """Tell whether two amounts are too far apart to be reports of one count."""
    first, second = value_range(left, 0.0), value_range(right, 0.0)
    if first is None or second is None:
        return False
    low, high = sorted((first, second))
    nearest_high, nearest_low = low[1], high[0]  # the closest ends of the two intervals
    if nearest_high <= 0 or math.isinf(nearest_high):
        return False
    return nearest_low / nearest_high > MAX_DISAGREEMENT_RATIO


def values_conflict(left: Figure, right: Figure, tolerance: float) -> bool:
    """Return True when both figures cannot be true at once (their intervals are disjoint)."""
    first, second = value_range(left, tolerance), value_range(right, tolerance)
    if first is None or second is None:
        return False
    return first[1] < second[0] or second[1] < first[0]


def format_number(value: float) -> str:
    """Return a number as a reader writes it: 2000000 -> "2 million", 3500 -> "3,500"."""
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(value) >= size and (value / size) * 10 == int((value / size) * 10):
            return f"{number_token(value / size)} {word}"
    return f"{value:,.0f}" if value == int(value) else number_token(value)


def as_written(figure: Figure) -> str:
    """Return the figure's amount as the text gives it, qualifier included."""
    text = " ".join(figure.text.split())
    if not text or len(text) > 60:
        if figure.value is not None:
            text = format_number(figure.value)
        elif figure.low is not None or figure.high is not None:
            text = "-".join(format_number(v) for v in (figure.low, figure.high) if v is not None)
        if figure.unit:
            text = f"{text} {figure.unit}"
    qualifier = (figure.qualifier or "").strip()
    if qualifier and qualifier.lower() not in text.lower():
        text = f"{qualifier} {text}"
    return text


# ------------------------------------------------------------------ context


def _locate(figure: Figure, sentence: str) -> tuple[int, int] | None:
    """Return where the figure's words sit in its sentence, if they can be found."""
    needles = [figure.text.strip()] if 0 < len(figure.text.strip()) <= 60 else []
    if figure.value is not None:
        needles += [f"{figure.value:,.0f}", number_token(figure.value)]
        for size, word in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
            if figure.value >= size:
                needles.append(f"{number_token(figure.value / size)} {word}")
    lowered = sentence.lower()
    for needle in needles:
        at = lowered.find(needle.lower())
        if needle and at >= 0:
            return at, at + len(needle)
    return None


def clause_around(sentence: str, span: tuple[int, int] | None) -> str:
    """Return the clause of ``sentence`` that holds ``span`` (the whole sentence without one)."""
    left, right = _clause_bounds(sentence, span)
    return sentence[left:right]


def _thing_words(text: str, figure: Figure) -> frozenset[str]:
    """Return the words that name what is counted: no numbers, units or hedges."""
    generic = _GENERIC | {stem(normalise_text(figure.unit or ""))}
    words = content_tokens(text)
    return frozenset(
        _FAMILIES.get(word, word)
        for word in words
        if word not in generic and not word.replace(".", "").isdigit()
    )


def _places(
    reading: Reading, sentence: Sentence, lo: int, hi: int, peoples: bool = False
) -> frozenset[str]:
    """Return the places of a sentence between offsets ``lo`` and ``hi`` (countries as codes).

    ``peoples``: a nationality counts as its country too ("Canadian consumers").
    """
    labels = entities.PLACE_LABELS | {"NORP"} if peoples else entities.PLACE_LABELS
    if reading.mentions:
        found = (
            _where(mention.text, mention.label)
            for mention in reading.mentions
            if mention.sentence == sentence.index
            and mention.label in labels
            and lo <= mention.start - sentence.start < hi
        )
        return frozenset(key for key in found if key)
    # Without NER, capitalised words after the first one stand in for names.
    return frozenset(
        normalise_text(match.group(1))
        for match in _CAPITALISED.finditer(sentence.text, lo, hi)
        if normalise_text(match.group(1)) not in {"the", "a", "an"}
    )


def _where(text: str, label: str) -> str:
    """Return the key of a place a figure's clause names: a country by its ISO code.

    A nationality counts as its country: "8,000 Canadian consumers" and "182,000 US
    consumers" count people of two countries, never one count in dispute.
    """
    key = entities.name_key(text)
    if label == "NORP":
        return entities.demonyms().get(key, "")
    codes = entities.country_forms().get(key, ())
    return codes[0] if len(codes) == 1 else normalise_text(text)


def _names(reading: Reading, sentence: Sentence) -> frozenset[str]:
    """Return the capitalised names of a sentence that may be places.

    Small NER models often miss an unfamiliar village or call it an
    organisation; any capitalised word inside the sentence counts, except
    people's names and acronyms (wires such as "told AFP" are in many sentences).
    """
    people = {
        word
        for mention in reading.mentions
        if mention.sentence == sentence.index and mention.label == "PERSON"
        for word in normalise_text(mention.text).split()
    }
    found = set()
    for match in _CAPITALISED.finditer(sentence.text):
        word = match.group(1)
        if word.isupper() or normalise_text(word) in people:
            continue
        found.add(normalise_text(word))
    return frozenset(found)


def _items(readings: Sequence[Reading], articles: Mapping[str, Article]) -> list[_Item]:
    items: list[_Item] = []
    for reading in readings:
        sentences = {sentence.index: sentence for sentence in reading.sentences}
        article = articles.get(reading.article)
        published = article.published_at if article is not None else None
        day = published[:10] if published else None
        # cite or omit: a figure without its sentence cannot be cited
        located = [
            (figure, sentence, _locate(figure, sentence.text))
            for figure in reading.figures
            if (sentence := sentences.get(figure.sentence)) is not None
        ]
        spans: dict[int, list[tuple[int, int]]] = {}
        for figure, _, span in located:
            if span is not None:
                spans.setdefault(figure.sentence, []).append(span)
        for figure, sentence, span in located:
            if value_range(figure, 0.0) is None:
                continue
            clause = clause_around(sentence.text, span)
            lo, hi = _clause_bounds(sentence.text, span)
            own = _own_words(sentence.text, span, lo, hi, spans.get(figure.sentence, []))
            items.append(
                _Item(
                    figure=figure,
                    order=len(items),
                    citation=Citation(reading.article, sentence.text),
                    clause=clause,
                    phrase=_phrase(sentence.text, span, lo, hi),
                    context=_thing_words(f"{own} {figure.what}", figure),
                    sentence_words=_thing_words(sentence.text, figure),
                    sentence_places=_places(reading, sentence, 0, len(sentence.text)),
                    clause_places=_places(reading, sentence, lo, hi, peoples=True),
                    sentence_names=_names(reading, sentence),
                    part=_part_counted(figure, sentence.text, span),
                    day=day,
                    planned=_planned(sentence.text, span, lo),
                    moved=_moved(figure, sentence.text, span, lo, hi),
                    graded=bool(_GRADE.search(own)),
                )
            )
    return items


# Words that grade what a count counts: "six people have serious injuries", "two
# critically wounded" count some of the injured, not all of them.
_GRADE = re.compile(
    r"\b(?:serious(?:ly)?|critical(?:ly)?|severe(?:ly)?|grave(?:ly)?|minor|"
    r"life[- ]threatening|non[- ]life[- ]threatening)\b",
    re.I,
)
# A clause after a count that speaks of a part of it: "30 people, five of whom were
# seriously injured", "treated 30, of which five are serious", "including two children".
_PART_CLAUSE = re.compile(r"\b(?:of|among)\s+(?:which|whom|them)\b|\bincluding\b", re.I)


def _own_words(
    sentence: str,
    span: tuple[int, int] | None,
    lo: int,
    hi: int,
    figures: Sequence[tuple[int, int]],
) -> str:
    """Return the words of a figure's clause that speak of it, not of the clause's other figures.

    In "X is priced at $5,210 with Y at $480" each amount is of its own thing: a
    figure keeps the words from the figure before it to the one after it, and the
    clause's words before its first figure, which speak of all of them ("Shares
    fell 2.5 percent to $41.20").
    """
    if span is None:
        return sentence[lo:hi]
    part = _PART_CLAUSE.search(sentence, span[1], hi)
    hi = part.start() if part else hi
    others = sorted(other for other in figures if other != span and lo <= other[0] < hi)
    start = max((end for _, end in others if end <= span[0]), default=lo)
    end = min((begin for begin, _ in others if begin >= span[1]), default=hi)
    head = sentence[lo : others[0][0]] if others and others[0][0] < span[0] else ""
    return f"{head} {sentence[start:end]}"


# Words that make a count one of a part or of an increment, not the whole: "an
# additional 2.5 million Americans" beside "143 million", "two other coaches" beside
# "seven coaches", "14 new cases" beside "20 cases".
_PARTS = frozenset({"additional", "another", "other", "others", "further", "extra", "new"})
# Words that make an amount one of what something holds: "the offer includes $22 in
# stock" beside "$82 a share", "the toll includes 30 children" beside "45 people".
_CONTAINED = frozenset({"includes", "including", "included", "include"})


# Words that make the amount after them one of an intention, a threat or a
# forecast: "threatened to fire four missiles", "plans to send 3,000 troops", "will
# cost $2 billion", "is expected to reach 40". General English; "could", "may" and
# "might" are left out: "may have killed 40" is an estimate of what happened. Not
# ``lexicon.prospective``, which places a clause in time: an amount expected in the
# past ("was expected to kill 40") is no count of what happened either.
_PLANNED = re.compile(
    r"\b(?:(?:threat|plan|vow|pledg|promis|aim|intend|want|seek|propos|expect|set|"
    r"going|hop|prepar|offer|agree|schedul|poised|ready)\w*\s+to|sought\s+to|"
    r"will|would|shall)\b",
    re.I,
)


def _planned(sentence: str, span: tuple[int, int] | None, lo: int) -> bool:
    """Tell whether the amount at ``span`` is of an intention, a threat or a forecast.

    "threatened to fire four missiles" and "will send 3,000 troops" are; "would help
    the recovery of the 90 girls" is not: a known set's size is a fact.
    """
    if span is None or DEFINITE_BEFORE.search(sentence, lo, span[0]):
        return False
    return bool(_PLANNED.search(sentence, lo, span[0]))


# "12 of the 40 miners", "two of its ships": a count taken out of a larger one (not
# "60 percent of the vote", which is the whole told as a share).
_PARTITIVE = re.compile(r"\s+of\s+(?:the|our|their|its|his|her|these|those|them)\b", re.I)
# The amount's own words, before such an "of": "21", "12 million", "two", "dozens".
_AMOUNT = re.compile(
    r"^(?:[\d.,]+|[a-z]+)(?:\s+(?:million|billion|thousand|hundred|dozen)s?)?(?=\s+of\s)",
    re.I,
)


# Verbs of a change of amount, general English.
_CHANGES = (
    r"rose|risen|rises|rising|climbed|climbs|climbing|increased|increases|jumped|grew|"
    r"soared|swelled|mounted|fell|fallen|falls|dropped|declined|narrowed|narrowing|cut|"
    r"reduced|raised|raising|revised|updated|widened|widening"
)
# A change and the level it reached: "the death toll rose to 51", "bringing the gap
# to just 12 points", "shares fell 2 percent to $41". The report says the count has
# moved since: it updates an earlier count, it does not dispute it.
_CHANGED_TO = re.compile(
    rf"\b(?:{_CHANGES}|bring|brought|brings|bringing)\b"
    r"(?:[^,;.:]|\.(?=\d)){0,80}?\bto\s+(?:(?:just|only|about|around|nearly|almost|some|over"
    r"|more than|at least)\s+)?$",
    re.I,
)
# What is left of a count, said right before it ("the remaining 90", "still holding
# 90 girls") or after its noun ("90 girls remain captive", "two people still
# trapped", "the girls who remain"). Not "left": "five were left trapped" is a state;
# nor any "still" ("officials still say 40 died" is a count of all).
_REMAINING_BEFORE = re.compile(
    r"\b(?:remaining|still\s+(?:holding|holds|hold|held|has|have|had|keeps|keeping))"
    r"\s+(?:[\w'-]+\s+)?$",
    re.I,
)
_REMAINING_AFTER = re.compile(
    r"^(?:\s+[\w'-]+){0,3}?\s+(?:(?:who|that|which)\s+)?(?:still|remain|remains|remained)\b",
    re.I,
)
# How far a price or a rate moved, right before the amount: "shares fell 5%", "is
# down 12 percent", "has lost 30 percent"; a close fixes the moment ("closed down 3%").
_MOVED = re.compile(
    rf"\b(?:{_CHANGES}|down|up|lost|loses|losing|gained|gains|slid|slipped|sank|plunged|"
    r"tumbled|slumped|surged|rallied|dipped|shed|added|edged\s+(?:up|down|higher|lower))"
    r"(?:\s+(?:by|about|around|nearly|almost|some|over|more\s+than|at\s+least))*\s+$",
    re.I,
)
_CLOSE = re.compile(r"\b(?:closed|closing|close|ended|finished|settled)\b", re.I)


def _part_counted(figure: Figure, sentence: str, span: tuple[int, int] | None) -> str:
    """Return the share a count is of its thing: "", "more", "in" ("includes 20"), "of",
    "to" (the level a change reached: "rose to 51") or "left" ("197 remain captive")."""
    before = sentence[max(0, span[0] - 40) : span[0]].split()[-2:] if span else []
    words = [word.strip(".,;:()\"'").lower() for word in (*before, *figure.text.split())]
    if any(word in _PARTS for word in words):
        return "more"
    if any(word in _CONTAINED for word in words):
        return "in"
    if span is not None and _CHANGED_TO.search(sentence, max(0, span[0] - 120), span[0]):
        return "to"
    if span is not None and (
        _REMAINING_BEFORE.search(sentence, max(0, span[0] - 40), span[0])
        or _REMAINING_AFTER.match(sentence[span[1] : span[1] + 60])
    ):
        return "left"
    if (figure.unit or "").lower() in MEASURES:
        return ""
    amount = _AMOUNT.match(figure.text)
    if amount and _PARTITIVE.match(figure.text, amount.end()):
        return "of"  # the figure's own words: "12 of our miners", "12 million of its users"
    return "of" if span is not None and _PARTITIVE.match(sentence, span[1]) else ""


def _moved(figure: Figure, sentence: str, span: tuple[int, int] | None, lo: int, hi: int) -> bool:
    """Tell whether a price's or a rate's amount is how far it had moved when written."""
    if span is None or (figure.unit or "").lower() not in MEASURES:
        return False
    return bool(_MOVED.search(sentence, max(lo, span[0] - 60), span[0])) and not _CLOSE.search(
        sentence, lo, hi
    )


def _phrase(sentence: str, span: tuple[int, int] | None, lo: int, hi: int) -> str:
    """Return the figure's words with up to eight words before and six after, in its clause."""
    if span is None:
        return sentence[lo:hi]
    before = sentence[lo : span[0]].split()[-8:]
    after = sentence[span[1] : hi].split()[:6]
    return " ".join([*before, sentence[span[0] : span[1]], *after])


def _clause_bounds(sentence: str, span: tuple[int, int] | None) -> tuple[int, int]:
    if span is None:
        return 0, len(sentence)
    before = [m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, span[0])]
    after = [m.start() for m in _CLAUSE_BREAK.finditer(sentence, span[1])]
    return (before[-1] if before else 0, after[0] if after else len(sentence))


# ---------------------------------------------------------------- alignment


def _same_thing(left: _Item, right: _Item, tolerance: float) -> bool:
    """Return True when two figures of one unit count the same thing."""
    if normalise_text(left.figure.unit or "") != normalise_text(right.figure.unit or ""):
        return False
    agree = same_value(left.figure, right.figure, tolerance)
    if not agree and left.citation.article == right.citation.article:
        # One article giving two amounts is almost always two things ("5 on
        # Monday, 12 on Tuesday"), not a contradiction with itself.
        return False
    if left.figure.unit == "km":
        return _same_distance(left, right, agree)
    if agree:
        return overlap(left.context, right.context) >= 0.3 or (
            overlap(left.sentence_words, right.sentence_words) >= 0.4
        )
    if _elsewhere(left, right):
        return False  # same kind of count in different places
    if left.part != right.part:
        return False  # "an additional 2.5 million" adds to the total, it does not dispute it
    if left.planned != right.planned:
        return False  # "threatened to fire four" is no count of the three fired
    unit = (left.figure.unit or "").lower()
    if unit in MEASURES and left.day and right.day and left.day != right.day:
        return False  # a price, a share or a rate of another day has moved, not been disputed
    if left.moved and right.moved:
        return False  # two moves of a price told at two moments of trading, both true then
    if not days_compatible(left.day, right.day):
        # Reports further apart than one event's reports disagree by tell of another
        # time: a count since updated ("dozens of assaults", two weeks later "359") or
        # another event of a long story (another launch's missiles), not a dispute.
        return False
    if years_in(left.figure.scope) != years_in(right.figure.scope):
        return False  # "five outs (in 2003)" is another game than today's "four outs"
    if orders_apart(left.figure, right.figure):
        return False  # "$60 in cash" and "a $146 billion deal" count different things
    if _part_and_whole(left.figure, right.figure, tolerance):
        return False  # "two female gorillas" of "three gorillas": both can be true
    if _grade_and_whole(left, right, tolerance):
        return False  # "six seriously injured" of "40 injured": both can be true
    shared = left.context & right.context
    if unit in MEASURES or unit in TALLIES:
        # one shared word ("fell") is no evidence that two amounts are of one thing
        return len(shared) >= 2 and overlap(left.context, right.context) >= MEASURE_OVERLAP
    return bool(shared) and overlap(left.context, right.context) >= COUNT_OVERLAP


# How much of the counted thing's words two different amounts must share to be one
# count in dispute. Money and rates need more: a price or a share of something moves
# with time and is given of many things ("bitcoin was valued at $7,348" one day and
# "$10,925" another; "$22 in stock" within "$82 a share"), where a count of people,
# troops or missiles is one figure of one event.
COUNT_OVERLAP = 0.25
MEASURE_OVERLAP = 0.5
MEASURES = frozenset({"usd", "eur", "gbp", "percent", "percentage points"})
# Spans of time and tallies of play are like prices: a report gives many of many
# things ("four outs from the title", "two outs in the eighth"; "two seasons" of
# struggle, "five seasons" in charge), so two of them need as many shared words.
TALLIES = frozenset(
    {
        *("second", "minute", "hour", "day", "week", "month", "year", "decade", "season"),
        *("game", "match", "inning", "out", "run", "point", "goal", "lap", "set", "round"),
        *("win", "loss", "defeat", "victory", "try", "wicket", "hole", "stroke", "shot"),
    }
)


def _part_and_whole(left: Figure, right: Figure, tolerance: float) -> bool:
    """Tell whether one figure counts a kind of what the other counts, and no more of it.

    A word that narrows the counted noun ("female gorillas", "UK consumers",
    "Nigerian schoolgirls") makes a count of part of what the bare noun counts:
    "two female gorillas" and "three gorillas" can both be true, where "three
    female gorillas" against "two gorillas" cannot. Only the noun's own words
    narrow: a place or a time in the rest of the clause may be the setting of
    the whole event ("tens of thousands displaced in the north since March"
    against "over 2 million displaced" stays a dispute of scope).
    """
    left_words, right_words = _thing_words(left.what, left), _thing_words(right.what, right)
    if left_words > right_words:
        part, whole = left, right
    elif right_words > left_words:
        part, whole = right, left
    else:
        return False
    part_range, whole_range = value_range(part, tolerance), value_range(whole, tolerance)
    return part_range is not None and whole_range is not None and part_range[0] <= whole_range[1]


def _grade_and_whole(left: _Item, right: _Item, tolerance: float) -> bool:
    """Tell whether one count is of a grade of what the other counts, and no more of it."""
    if left.graded == right.graded:
        return False
    part, whole = (left, right) if left.graded else (right, left)
    part_range = value_range(part.figure, tolerance)
    whole_range = value_range(whole.figure, tolerance)
    return part_range is not None and whole_range is not None and part_range[0] <= whole_range[1]


def _elsewhere(left: _Item, right: _Item) -> bool:
    """Tell whether two figures' clauses name places and none in common."""
    return bool(
        left.clause_places and right.clause_places and not left.clause_places & right.clause_places
    )


def _same_distance(left: _Item, right: _Item, agree: bool) -> bool:
    # A distance is between two places: "400 km from A" and "60 km from B" are
    # different things even though both are measured from the same town.
    shared = left.sentence_places & right.sentence_places
    smallest = min(len(left.sentence_places), len(right.sentence_places))
    if agree:
        return (
            len(shared) >= 2
            or (smallest == 1 and len(shared) == 1)
            or (smallest == 0 and overlap(left.context, right.context) >= 0.5)
            # the same amount with the same name in both sentences: "40 km away in X"
            # and "retreated to X, 40 km from Y" (NER missed X in one of them)
            or (smallest <= 1 and bool(left.sentence_names & right.sentence_names))
        )
    # Two different amounts contradict only over the same two end points, the
    # one next to the number included ("35 km from B" vs "45 km from B").
    near = not (left.clause_places or right.clause_places) or bool(
        left.clause_places & right.clause_places
    )
    return len(shared) >= 2 and near


def align(items: Sequence[_Item], tolerance: float) -> list[list[_Item]]:
    """Return the items grouped by the thing they count, in order of first appearance."""
    groups: list[list[_Item]] = []
    for item in items:
        best: list[_Item] | None = None
        best_score = -1.0
        for group in groups:
            if any(
                member.citation.article == item.citation.article
                and not same_value(member.figure, item.figure, tolerance)
                for member in group
            ):
                continue
            matches = [m for m in group if _same_thing(m, item, tolerance)]
            if not matches:
                continue
            # An equal amount is stronger evidence of the same thing than a clash.
            agrees = any(same_value(m.figure, item.figure, tolerance) for m in matches)
            score = max(overlap(m.context, item.context) for m in matches) + agrees
            score += len(matches) / 100
            if score > best_score:
                best, best_score = group, score
        if best is None:
            groups.append([item])
        else:
            best.append(item)
    return groups


def split_values(group: Sequence[_Item], tolerance: float) -> list[list[_Item]]:
    """Return the group's items split into runs of one value, in order of first appearance."""
    clusters: list[list[_Item]] = []
    for item in group:
        for cluster in clusters:
            if same_value(cluster[0].figure, item.figure, tolerance):
                cluster.append(item)
                break
        else:
            clusters.append([item])
    return clusters


# ------------------------------------------------------------------- output


def _citations(items: Iterable[_Item]) -> tuple[Citation, ...]:
    return tuple(dict.fromkeys(item.citation for item in items))


def label(items: Sequence[_Item]) -> str:
    """Return words naming what a run of figures counts, taken from the texts."""
    # A ``what`` that is only the unit ("people") does not say what was counted;
    # the shortest clause around the number then does.
    for item in items:
        # ... and one the sentence does not hold word for word is not the text's.
        informative = _thing_words(item.figure.what, item.figure)
        if informative and content_tokens(item.figure.what) <= content_tokens(
            item.citation.sentence
        ):
            return " ".join(item.figure.what.split())
    clauses = [item.phrase for item in items if item.phrase.strip()]
    if not clauses:
        return as_written(items[0].figure)
    words = min(clauses, key=len).strip(" ,;:.").split()
    while words and words[0].lower() in ("and", "but", "while", "whereas"):
        words = words[1:]
    # the window's edge may cut a phrase: "freed before dawn in the" reads "freed before dawn"
    words = without_dangling(words, keep=1)
    text = " ".join(words).rstrip(",;:")
    # ... or a quotation: "made a $121 billion “best" reads "made a $121 billion best"
    if sum(text.count(mark) for mark in QUOTE_MARKS) % 2:
        text = " ".join("".join(c for c in text if c not in QUOTE_MARKS).split())
    return text


def _first(values: Iterable[str | None]) -> str | None:
    return next((value for value in values if value), None)


def _upper(cluster: Sequence[_Item], tolerance: float) -> float:
    bounds = [value_range(item.figure, tolerance) for item in cluster]
    return min(bound[1] for bound in bounds if bound is not None)


def _claim(cluster: Sequence[_Item], articles: Mapping[str, Article], contested: bool) -> Claim:
    figure = cluster[0].figure
    citations = _citations(cluster)
    origins = count_origins((citation.article for citation in citations), articles)
    status: ClaimStatus = (
        "contested" if contested else "corroborated" if origins >= 2 else "single-source"
    )
    return Claim(
        id="",
        what=label(cluster),
        value=figure.value,
        unit=figure.unit,
        status=status,
        independent_origins=origins,
        sources=citations,
        # A vague amount ("tens of thousands") has no number to show: its words
        # stand as the qualifier so that the claim still says what the text says.
        qualifier=_first(item.figure.qualifier for item in cluster)
        or (as_written(figure) if figure.value is None else None),
        scope=_first(item.figure.scope for item in cluster),
        low=figure.low,
        high=figure.high,
    )


def _disputed(clusters: Sequence[Sequence[_Item]], tolerance: float) -> set[int]:
    """Return the positions of the value runs in dispute with another run of the group.

    A figure joins a group by resembling any one of its members, so a group can
    chain "$22 in stock" to "$22 a share" to "$82 a share": two values are in
    dispute only when they conflict and a figure of each counts the same thing as
    a figure of the other.
    """
    found: set[int] = set()
    for i, left in enumerate(clusters):
        for j in range(i + 1, len(clusters)):
            right = clusters[j]
            if values_conflict(left[0].figure, right[0].figure, tolerance) and any(
                _same_thing(a, b, tolerance) for a in left for b in right
            ):
                found |= {i, j}
    return found


def _contradiction(clusters: Sequence[Sequence[_Item]]) -> Contradiction:
    return Contradiction(
        what=label([item for cluster in clusters for item in cluster]),
        kind="figure",
        sides=tuple(
            ContradictionSide(
                value=as_written(cluster[0].figure),
                sources=_citations(cluster),
                scope=_first(item.figure.scope for item in cluster),
            )
            for cluster in clusters
        ),
    )


def corroborate(
    readings: Sequence[Reading],
    articles: Mapping[str, Article],
    tolerance: float = Settings.figure_tolerance,
) -> tuple[tuple[Claim, ...], tuple[Contradiction, ...]]:
    """Return the story's claims (ids c1, c2, ...) and its figure contradictions.

    Claims are ordered by independent origins (most first), then by first
    appearance; a contested group gives one claim per value, most
    conservative first.
    """
    ranked: list[tuple[int, int, int, Claim]] = []
    contradictions: list[Contradiction] = []
    for group in align(_items(readings, articles), tolerance):
        clusters = split_values(group, tolerance)
        disputed = _disputed(clusters, tolerance)
        runs = [(cluster, index in disputed) for index, cluster in enumerate(clusters)]
        if disputed:
            runs.sort(key=lambda run: (_upper(run[0], tolerance), run[0][0].order))
            contradictions.append(_contradiction([cluster for cluster, side in runs if side]))
        for rank, (cluster, contested) in enumerate(runs):
            claim = _claim(cluster, articles, contested)
            ranked.append((-claim.independent_origins, group[0].order, rank, claim))
    ranked.sort(key=lambda entry: entry[:3])
    claims = tuple(
        replace(claim, id=f"c{number}") for number, (*_, claim) in enumerate(ranked, start=1)
    )
    return claims, tuple(contradictions)


def claim_text(claim: Claim) -> str:
    """Return what a claim states in words ("around 3,500 troops in the north"), for checks."""
    # A vague amount's words are its qualifier; its low/high bounds are ours, not the text's.
    amount = format_number(claim.value) if claim.value is not None else None
    return " ".join(part for part in (claim.qualifier, amount, claim.what) if part)
