"""Sentence boundaries the parser must keep: line breaks and datelines.

The parser joins what it sees as one run of words: a headline without a full
stop and the body under it, a caption and the paragraph after it, a dateline
and the lead ("KUNDUZ, Afghanistan (AP) — Taliban fighters ..." read with
"KUNDUZ" as the subject). ``sentence_starts`` runs before the parser and marks a
sentence start after every line break and after every dateline, which the
parser then keeps. ``find_dateline`` gives the dateline's place: where a wire
story was filed, usually where it happened.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

COMPONENT = "newsfuse_sentence_starts"

# "KARVIK, Tamsara (Reuters) -", "NEW YORK —", "MELBOURNE, Fla. —", "Kabul, Afghanistan (AP) —";
# Reuters also files from several places and writes the day: "TOKYO/SEOUL (Reuters) -",
# "ERIMO, Japan, Oct 19 (Reuters) -".
_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Z.'\- ]{1,40}?(?:/[A-Z][A-Z.'\- ]{1,40}?)*"
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+)?(?=[^\n]{0,40}?\())"
    r"(?:,[ \t]*(?P<region>[A-Z][\w.]*(?:[ \t][A-Z][\w.]*){0,2}))?"
    r"(?:,[ \t]*(?P<day>[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}))?"
    r"[ \t]*(?:\((?P<agency>[A-Za-z][\w .&-]{0,25})\))?"
    r"[ \t]*(?:—|–|--|-)[ \t]+(?=\S)",
    re.MULTILINE,
)
# Upper-case labels that open a line the way a dateline does but name no place.
_NOT_DATELINES = frozenset(
    [
        "FILE",
        "PHOTO",
        "PHOTOS",
        "UPDATE",
        "UPDATED",
        "BREAKING",
        "EXCLUSIVE",
        "WATCH",
        "VIDEO",
        "CLOSE",
        "OPINION",
        "ANALYSIS",
        "LIVE",
        "EDITORIAL",
        "COMMENT",
        "REVIEW",
        "NOTE",
        "EDITOR",
        "WARNING",
        "CAPTION",
    ]
)


@dataclass(frozen=True)
class Dateline:
    """A dateline's place as a reader writes it ("New York"), and its span in the text.

    ``place`` is None for a dateline of several places ("TOKYO/SEOUL (Reuters) -"):
    those are the bureaus that filed the story, not where it happened.
    """

    place: str | None
    start: int
    end: int  # where the body after the dash starts


def datelines(text: str) -> Iterator[Dateline]:
    """Yield every dateline that opens a line of ``text``.

    A wire dateline is an upper-case place (with an optional region and agency)
    and a dash; a title-case place counts only with an agency in brackets, so an
    ordinary opening ("Kabul - the capital -") is not read as one.
    """
    for match in _DATELINE.finditer(text):
        places = [part.strip(" .-") for part in match["place"].split("/")]
        place = places[0]
        if len(place) < 3 or place.upper() in _NOT_DATELINES:
            continue
        upper = place.isupper()
        if not upper and not match["agency"]:
            continue
        if upper and len(place.replace(" ", "")) < 3:
            continue
        named = (place.title() if upper else place) if len(places) == 1 else None
        yield Dateline(place=named, start=match.start(), end=match.end())


def find_dateline(text: str, within: int = 1200) -> Dateline | None:
    """Return the first dateline near the top of ``text`` (where a lead would be), if any."""
    return next(datelines(text[:within]), None)


# A dateline fits in the first tokens of its line.
_DATELINE_TOKENS = 24


def sentence_starts(doc: Doc) -> Doc:
    """Return ``doc`` with a sentence starting after every line break and every dateline.

    Works on token arrays and the few tokens at line starts: building ``doc.text``
    or visiting every token from Python cost more than the rest of the read's rules.
    """
    spaces = numpy.flatnonzero(doc.to_array("IS_SPACE"))
    line_starts = [0]
    for space in map(int, spaces):
        if "\n" in doc[space].text and space + 1 < len(doc):
            line_starts.append(space + 1)
    offsets = doc.to_array("IDX")
    for start in line_starts:
        if start > 0:
            doc[start].is_sent_start = True
        line = doc[start : min(start + _DATELINE_TOKENS, len(doc))]
        dateline = next(datelines(line.text.split("\n")[0]), None)
        if dateline is not None:
            index = int(numpy.searchsorted(offsets, line.start_char + dateline.end))
            if start < index < len(doc) and offsets[index] == line.start_char + dateline.end:
                doc[index].is_sent_start = True
    return doc


def configure(nlp: Language) -> Language:
    """Return ``nlp`` with ``sentence_starts`` first in the pipeline (idempotent)."""
    from spacy.language import Language

    if not Language.has_factory(COMPONENT):
        Language.component(COMPONENT, func=sentence_starts)
    if COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, first=True)
    return nlp
