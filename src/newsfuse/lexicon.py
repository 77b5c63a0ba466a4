"""Small English word lists that several stages read (calendar words, small numbers),
and the text cues built on them.

Like ``records``, this module imports nothing of the project, so any stage may
use it without stages importing each other.
"""

from __future__ import annotations

import re

MONTHS: tuple[str, ...] = (
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
WEEKDAYS: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
# Number words a reporter spells out; larger amounts come as digits or scale words.
SMALL_NUMBERS: dict[str, int] = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
}


# What makes capitalised words after a preposition part of something else than a place:
# more letters glued on ("SeaWorld", "CenturyLink", "Chang'e"), a number or letter
# designating one of a series ("Apollo 11", "Area C"), or "of" and a name after them
# ("Secretary of State", "University of Pennsylvania"). A name and "of" before the cue
# tell nothing: "Ministry of Uganda", "Coast of Australia" are places.
_GLUED = re.compile(r"[A-Za-z\u00c0-\u017f]|['\u2019](?!s\b)[a-z]")
_DESIGNATION = re.compile(r"\s+(?:\d|[A-Z]\b)")
_OF_NAME = re.compile(r"\s+of\s+(?:the\s+)?[A-Z]")


def standalone_name(text: str, end: int) -> bool:
    """Return whether capitalised words found by a text cue can be a place name on their own.

    The name a cue such as "in" or "near" points to ends at ``end`` in ``text``; only what
    follows it decides. Months and weekdays are the caller's to exclude.
    """
    after = text[end : end + 40]
    return not (_GLUED.match(after) or _DESIGNATION.match(after) or _OF_NAME.match(after))
