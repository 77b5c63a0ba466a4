"""Numeric claims in a sentence: value, unit, hedge, vague ranges and scope.

``find_figures(text, article, sentence)`` reads one sentence and returns a
``Figure`` per count or measure it states. Choices that shape the output:

- A number counts only when it is followed by a counted noun ("3,500 Kenyan
  troops") or a unit ("400 km", "12%", "$5 million"), or when a verb says what
  happened to the people counted ("hundreds of thousands have been displaced"
  gives unit "people"). A bare number ("the vote was 12 to 3") is skipped, so
  ``unit`` is never None: a counted noun that is not a unit gives its lemma
  ("12 houses" -> "house").
- Units are normalised: km (miles converted; a conversion in brackets after the
  figure is folded into it, the km side kept), people (persons, individuals,
  residents, civilians, ...), troops (soldiers), usd/eur/gbp, percent.
- ``what`` is the counted thing in the text's words plus the participle that
  says what happened to it ("people died", "displaced individuals").
- Vague amounts ("hundreds of thousands", "dozens") have ``value`` None and a
  ``low``/``high`` range; "between 200 and 300" likewise.
- Dates, years, times, ordinals, phone numbers and names with digits ("G20",
  "COVID-19", "Resolution 2098") are not figures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsfuse.lexicon import SMALL_NUMBERS
from newsfuse.records import Figure

KM_PER_MILE = 1.609344

_SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "m": 1e6,
    "mn": 1e6,
    "bn": 1e9,
    "k": 1e3,
    "dozen": 12.0,
}
_WORD_NUMBERS = {
    **{word: value for word, value in SMALL_NUMBERS.items() if value > 1},
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a": 1,
    "an": 1,
    "one": 1,
    "half a": 0.5,
    "dozen": 12,
    "a dozen": 12,
}
# Vague amounts: (low, high) of what the words can mean.
_VAGUE = {
    "hundreds of thousands": (1e5, 1e6),
    "tens of thousands": (1e4, 1e5),
    "hundreds of millions": (1e8, 1e9),
    "tens of millions": (1e7, 1e8),
    "millions": (1e6, 1e7),
    "billions": (1e9, 1e10),
    "thousands": (1e3, 1e4),
    "hundreds": (1e2, 1e3),
    "dozens": (24.0, 100.0),
    "scores": (40.0, 100.0),
    "several thousand": (2e3, 1e4),
    "several hundred": (2e2, 1e3),
    "a few thousand": (2e3, 1e4),
    "a few hundred": (2e2, 1e3),
    "several dozen": (24.0, 100.0),
    "a few dozen": (24.0, 60.0),
}
_QUALIFIERS = (
    "more than",
    "less than",
    "fewer than",
    "no fewer than",
    "no more than",
    "at least",
    "at most",
    "up to",
    "as many as",
    "as few as",
    "close to",
    "upwards of",
    "in excess of",
    "an estimated",
    "estimated",
    "well over",
    "just over",
    "just under",
    "over",
    "under",
    "around",
    "about",
    "approximately",
    "roughly",
    "some",
    "nearly",
    "almost",
    "an average of",
)

# Longest hedges first so that "no fewer than" wins over "fewer than".
_QUALIFIER_BEFORE = re.compile(
    r"\b(?P<q>"
    + "|".join(q.replace(" ", r"\s+") for q in sorted(_QUALIFIERS, key=len, reverse=True))
    + r")\s*$",
    re.IGNORECASE,
)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = r"hundred|thousand|million|billion|trillion|mn|bn|m|k"
_WORD = "|".join(sorted((w for w in _WORD_NUMBERS if " " not in w), key=len, reverse=True))
# Alone, "a", "an" and "one" are articles or pronouns far more often than counts.
_WORD_ALONE = "|".join(
    sorted(
        (w for w in _WORD_NUMBERS if w not in ("a", "an", "one", "half a")), key=len, reverse=True
    )
)
_VAGUE_WORDS = "|".join(sorted(_VAGUE, key=len, reverse=True))
_CURRENCY_PREFIX = r"US\$|\$|€|£|USD\s?|EUR\s?|GBP\s?"
_NUMBER = re.compile(
    rf"(?P<cur>{_CURRENCY_PREFIX})?"
    rf"(?:(?P<vague>\b(?:{_VAGUE_WORDS})\b)"
    rf"|(?P<digits>(?<![\w.,]){_DIGITS})(?:\s?(?P<scale>{_SCALE})\b)?"
    rf"|(?P<words>\b(?:half\s+a|{_WORD})\s+(?:(?:hundred|thousand|million|billion)\b\s*)+"
    rf"|\b(?:{_WORD_ALONE}|(?:a\s+)?dozen)\b(?!-))"
    rf")",
    re.IGNORECASE,
)
_RANGE = re.compile(
    rf"\b(?:between\s+)?(?P<a>{_DIGITS})\s*(?:-|–|to|and)\s*(?P<b>{_DIGITS})"
    rf"(?:\s?(?P<scale>{_SCALE})\b)?"
    # "two or three fans", "10 or 12 people": a guess between two counts, not the second
    rf"|\b(?P<a2>{_DIGITS}|{_WORD_ALONE})\s+or\s+(?P<b2>{_DIGITS}|{_WORD_ALONE})\b(?!-)"
    rf"(?:\s?(?P<scale2>{_SCALE})\b)?",
    re.IGNORECASE,
)
_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# A number next to a month name is a day or a year of a date.
_DATE_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b")
_DATE_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s*(?:\d{{1,2}},?\s*)?$")
_TIME_AFTER = re.compile(r"^(?::\d\d|\s?(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|UTC|hours\b|hrs\b|h\d))")
_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b")
_PHONE = re.compile(
    r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{2,4}[\s.-]\d{2,4}[\s.-]\d{2,5}(?:[\s.-]\d{2,5})?"
)
# A capitalised word right before a number labels it ("Resolution 2098", "Flight 302").
_LABEL_BEFORE = re.compile(r"(?:\b[A-Z][\w.-]*|No\.|#)\s*$")
_NOT_LABELS = {
    "The", "A", "An", "Some", "About", "Around", "Over", "Nearly", "Almost", "Approximately",
    "Roughly", "Only", "Just", "All", "Another", "These", "Those", "At", "By", "Of", "To",
    "In", "On", "Up", "More", "Less", "Fewer", "Than", "Least", "Most", "Estimated", "And",
    "Under", "Between", "Killing", "Killed", "Displacing", "With", "For", "From", "Since",
    "Her", "His", "Its", "Their", "Our", "My", "Your", "Exactly", "Well",
}  # fmt: skip
_UNIT_WORDS: dict[str, str] = {
    "km": "km",
    "kms": "km",
    "kilometre": "km",
    "kilometres": "km",
    "kilometer": "km",
    "kilometers": "km",
    "mile": "mi",
    "miles": "mi",
    "mi": "mi",
    "metre": "m",
    "metres": "m",
    "meter": "m",
    "meters": "m",
    "percent": "percent",
    "per cent": "percent",
    "percentage points": "percentage points",
    "dollars": "usd",
    "dollar": "usd",
    "us dollars": "usd",
    "euros": "eur",
    "euro": "eur",
    "pounds sterling": "gbp",
    "hectares": "hectare",
    "tonnes": "tonne",
    "tons": "tonne",
    "kg": "kg",
    "kilograms": "kg",
    "kilogrammes": "kg",
}
_PEOPLE = {
    "people", "persons", "person", "individuals", "individual", "residents", "resident",
    "civilians", "civilian", "inhabitants", "inhabitant", "lives",
}  # fmt: skip
_TROOPS = {"troops", "soldiers", "soldier", "troop", "servicemen", "service members"}
_IRREGULAR = {
    "children": "child", "men": "man", "women": "woman", "people": "people", "police": "police",
    "personnel": "personnel", "staff": "staff", "cattle": "cattle", "livestock": "livestock",
    "feet": "foot", "teeth": "tooth", "mice": "mouse", "geese": "goose", "child": "child",
    "man": "man", "woman": "woman",
}  # fmt: skip
# Durations and calendar words after a number make it a time span, not a count:
# "two years ago" after "kidnapped" counts no people.
_SPAN_OF_TIME = re.compile(
    r"\s+(?:full\s+|long\s+)?(?:days?|weeks?|months?|years?|hours?|minutes?|decades?|"
    r"centuries)\b",
    re.IGNORECASE,
)
_TIME_NOUNS = {
    "day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours",
    "minute", "minutes", "second", "seconds", "decade", "decades", "century", "centuries",
    "time", "times", "o'clock", "am", "pm", "of",
}  # fmt: skip
# Words that end a noun phrase: the counted noun cannot run past them.
_STOP = {
    "a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "from", "by", "for",
    "with", "without", "into", "over", "under", "since", "after", "before", "during", "as",
    "who", "which", "that", "were", "was", "are", "is", "be", "been", "being", "have", "has",
    "had", "will", "would", "could", "should", "may", "might", "can", "it", "its", "their",
    "they", "this", "these", "those", "than", "more", "less", "not", "no", "so", "per",
    "while", "when", "where", "each", "across", "around", "about", "near", "between", "among",
    "against", "via", "out", "up", "down", "off", "away", "here", "there", "then", "said",
    "says", "say", "according", "reportedly", "also", "already", "still", "including", "such",
}  # fmt: skip
# Participles that say what happened to people; the forms found in news, mapped to one word.
_EVENT_VERBS = {
    "killed": "killed", "killing": "killed", "kill": "killed", "kills": "killed",
    "died": "died", "die": "died", "dying": "died", "dead": "died",
    "displaced": "displaced", "displacing": "displaced", "displace": "displaced",
    "injured": "injured", "injuring": "injured", "injure": "injured",
    "wounded": "wounded", "wounding": "wounded", "hurt": "injured",
    "fled": "fled", "fleeing": "fled", "flee": "fled",
    "missing": "missing", "arrested": "arrested", "arresting": "arrested",
    "detained": "detained", "detaining": "detained", "abducted": "abducted",
    "abducting": "abducted", "kidnapped": "kidnapped", "kidnapping": "kidnapped",
    "evacuated": "evacuated", "evacuating": "evacuated", "rescued": "rescued",
    "affected": "affected", "affecting": "affected", "deployed": "deployed",
    "deploying": "deployed", "stationed": "stationed", "executed": "executed",
    "massacred": "massacred", "murdered": "murdered", "drowned": "drowned",
    "infected": "infected", "hospitalised": "hospitalised", "hospitalized": "hospitalized",
    "stranded": "stranded", "trapped": "trapped", "homeless": "homeless",
    "uprooted": "uprooted", "forced": "displaced", "left": "left", "sheltering": "sheltering",
    "captured": "captured", "freed": "freed", "released": "released", "perished": "died",
}  # fmt: skip
_AUXILIARY = (
    r"(?:(?:have|has|had|were|was|are|is|been|being|be|reportedly|also|already|now|allegedly"
    r"|so\s+far|feared|believed|thought|confirmed|reported|still|later|were\s+left)\s+)"
)
_VERB_AFTER = re.compile(rf"^\s*(?:,\s*)?{_AUXILIARY}{{0,4}}(?P<verb>[a-z]+)\b", re.IGNORECASE)
_VERB_BEFORE = re.compile(
    r"\b(?P<verb>[a-z]+)\s+(?:all\s+|the\s+)?(?:(?:at\s+least|more\s+than|over|nearly|almost"
    r"|an\s+estimated|some|about|around|approximately|up\s+to)\s+)?$",
    re.IGNORECASE,
)
_DISTANCE_TAIL = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?P<tail>(?:(?:north|south|east|west|north-?east|north-?west"
    r"|south-?east|south-?west|northeast|northwest|southeast|southwest)(?:ern)?\s+of|from|away)"
    r"(?:\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s*){1,3})?)"
)
_PERCENT_TAIL = re.compile(
    r"^\s*of\s+(?P<tail>(?:the\s+|its\s+|their\s+)?(?:[A-Za-z][\w'’-]*\s+){0,2}?[A-Za-z][\w'’-]*)"
)
# A death toll names what its number counts ("the death toll rose to 47").
_TOLL_BEFORE = re.compile(
    r"\b(?P<kind>death|casualty)\s+toll\b[^.;:]{0,40}?\b(?:to|of|at|reached|hit|is|was|stood"
    r"|stands|passed|topped|exceeded)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
# Ages are not counts ("two men, aged 23 and 31").
_AGE_BEFORE = re.compile(r"\b(?:aged?|ages)\s+(?:\d+\s*(?:,|and|to|-|–)\s*)*$", re.IGNORECASE)
# A bare number set off by commas after a name is the person's age, by news style
# ("Tavon Alleyne, 21, was killed"), not a count of the dead.
_NAME_COMMA_BEFORE = re.compile(r"[A-Z][\w'’.-]*,\s*$")
_AGE_COMMA_AFTER = re.compile(r"^\s*(?:,|\)|and\b)")
# "the 42-year-old driver", "a man, 30 years old": an age, never a count
_AGE_AFTER = re.compile(r"^[\s-]?(?:years?|months?|weeks?|days?)[\s-]old\b", re.IGNORECASE)
# Capitalised plurals after a count are peoples ("500,000 Ukrainians", "200 Somalis").
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ans|ese|is|ers)$")
_SCOPES = re.compile(
    r"\b(?P<scope>[Ss]ince\s+(?:the\s+)?[^,.;:!?()]{2,80}?"
    r"(?=\s*(?:[,.;:!?()]|$|\s+and\s+(?:have|has|had|were|was)\b))"
    r"|(?:[Ss]o\s+far\s+)?[Tt]his\s+year|[Ll]ast\s+year|[Ss]o\s+far|[Tt]o\s+date"
    r"|(?:[Ii]n|[Dd]uring|[Oo]ver)\s+the\s+(?:past|last)\s+(?:\w+\s+)?"
    r"(?:days?|weeks?|months?|years?|decades?)"
    r"|[Ii]n\s+(?:(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December)(?:\s+\d{4})?|\d{4}))\b"
)
DEFINITE_BEFORE = re.compile(r"\b(?:the|these|those|its|their|his|her|our|all)\s+$", re.I)
_MONEY_TAIL = re.compile(
    r"^\s*(?P<tail>(?:in|for|of|worth\s+of)\s+(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*)"
)
_LETTER_BEFORE = re.compile(r"[A-Za-z]-?$")
_CODE_AFTER = re.compile(r"^-?[A-Za-z]{1,2}\d")
_LETTER_AFTER = re.compile(r"^[A-Za-z]")
_FOUR_DIGITS = re.compile(r"\d{4}")
# "of" after a count leads to the counted noun ("dozens of homes"), unless it
# leads to a definite group ("two of the men").
_OF_LEAD = re.compile(r"\s*(?:of\s+(?!the\b|them\b|those\b|these\b|which\b|whom\b))?")
_WORD_OR_MARK = re.compile(r"[A-Za-z][A-Za-z'’-]*|\S")
_UNIT_AFTER = re.compile(
    r"\s?(?:-\s?)?(?P<u>%|per\s?cent|percentage points|km|kms|kilomet(?:re|er)s?|miles?|mi"
    r"|met(?:re|er)s?|m|kg|kilogra(?:m|mme)s?|tonnes|tons|hectares|dollars|euros|US dollars)"
    r"(?![A-Za-z])",
    re.IGNORECASE,
)
_BRACKETED_CONVERSION = re.compile(r"\b(?:km|kilomet(?:re|er)s?|miles?)\s*(\([^)]*\))")
_SCOPE_REACH = 70  # characters between a figure and a scope that still qualifies it
_CONVERSION = re.compile(
    r"^\s*\(\s*(?:about\s+|around\s+|some\s+)?(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?P<u>[A-Za-z]+)\s*\)"
)


# Who says it, not what is said: the number counts the reporter's sources.
_SOURCE_BEFORE = re.compile(
    r"\b(?:according to|quoting|citing|told by)\s+(?:some\s+|at least\s+)?$", re.I
)
_SOURCE_AFTER = re.compile(
    r"\s+(?:[a-z-]+\s+){0,2}?(?:residents?|witness(?:es)?|sources?|officials?|diplomats?|"
    r"people|officers?|analysts?)\s+(?:said|say|says|told|reached|interviewed|contacted|"
    r"speaking|who spoke|who asked|quoted)\b",
    re.I,
)


def number_value(digits: str) -> float:
    """Return the value of "3,500" or "2.5"."""
    return float(digits.replace(",", ""))


def _count_value(written: str) -> float:
    """Return the value of "3,500" or "three"."""
    if written[:1].isalpha():
        return word_value(written) or 0.0
    return number_value(written)


def word_value(words: str) -> float | None:
    """Return the value of "two hundred", "half a million" or "three thousand"."""
    tokens = words.lower().split()
    if not tokens:
        return None
    if tokens[:2] == ["half", "a"]:
        value, rest = 0.5, tokens[2:]
    elif tokens[0] in _WORD_NUMBERS:
        value, rest = float(_WORD_NUMBERS[tokens[0]]), tokens[1:]
    else:
        return None
    for token in rest:
        value *= _SCALES.get(token, 1.0)
    return value


def singular(noun: str) -> str:
    """Return the lemma of a plural English noun by rule ("houses" -> "house")."""
    word = noun.lower()
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def is_plural(noun: str) -> bool:
    word = noun.lower()
    if (word in _IRREGULAR and _IRREGULAR[word] != word) or word in ("people", "police", "staff"):
        return True
    return word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 2


def qualifier_before(before: str) -> str | None:
    """Return the hedge that ends ``before`` ("more than"), lower-cased."""
    match = _QUALIFIER_BEFORE.search(before)
    return " ".join(match.group("q").lower().split()) if match else None


def is_excluded(text: str, start: int, end: int, value: float | None, has_unit: bool) -> bool:
    """Tell whether a number is a date, year, time, ordinal, phone number, label or a count
    of the sources themselves ("according to two residents", "three witnesses told AFP")."""
    before, after = text[:start], text[end:]
    if _DATE_AFTER.match(after) or _DATE_BEFORE.search(before):
        return True
    if _SOURCE_BEFORE.search(before) or _SOURCE_AFTER.match(after):
        return True
    if _TIME_AFTER.match(after) or _ORDINAL_AFTER.match(after) or _AGE_BEFORE.search(before):
        return True
    if _NAME_COMMA_BEFORE.search(before) and _AGE_COMMA_AFTER.match(after) and not has_unit:
        return True
    if _AGE_AFTER.match(after):
        return True
    # Names with digits: "B52", "COVID-19", "A320", "F-16", "9news.com".
    if _LETTER_BEFORE.search(before) or _CODE_AFTER.match(after):
        return True
    if _LETTER_AFTER.match(after) and not has_unit:
        return True
    label = _LABEL_BEFORE.search(before)
    if label and label.group(0).strip() not in _NOT_LABELS and not has_unit:
        return True
    for phone in _PHONE.finditer(text):
        if phone.start() <= start < phone.end() and "," not in phone.group(0):
            return True
    # A year-like number with no unit is a year ("in 2012", "since 2013").
    return bool(
        value is not None
        and value.is_integer()
        and 1800 <= value <= 2100
        and _FOUR_DIGITS.fullmatch(text[start:end])
        and not has_unit
    )


def counted_noun(after: str) -> tuple[str, str, int] | None:
    """Return (phrase, head noun, length) of the noun phrase that starts ``after``.

    Takes up to four words and stops at the first plural noun or known unit
    ("Kenyan troops", "displaced individuals"); a function word first means
    no noun follows.
    """
    match = _OF_LEAD.match(after)
    offset = match.end() if match else 0
    words: list[str] = []
    position = offset
    tokens = list(_WORD_OR_MARK.finditer(after[offset:]))
    for index, token in enumerate(tokens):
        word = token.group(0)
        lowered = word.lower()
        if not word[0].isalpha() or lowered in _STOP or len(words) >= 4:
            break
        if lowered in _EVENT_VERBS and not _adjectival(lowered, tokens[index + 1 : index + 2]):
            break
        words.append(word)
        position = offset + token.end()
        if lowered in _PEOPLE or lowered in _TROOPS or lowered in _UNIT_WORDS:
            break
        if is_plural(word) and not word[0].isupper():
            break
    if not words:
        return None
    head = words[-1]
    if not (is_plural(head) or head.lower() in _UNIT_WORDS or head.lower() in _PEOPLE):
        return None
    if head.lower() in _TIME_NOUNS:
        return None
    return " ".join(words), head, position


def _adjectival(verb: str, following: Sequence[re.Match[str]]) -> bool:
    """Tell whether an event word after a number describes the counted noun, not the event.

    "seven dead", "4,000 displaced" always; any other when the noun phrase goes on
    ("four detained rebel leaders"), not when the clause does ("21 freed in a deal").
    """
    if verb in ("displaced", "dead", "missing", "wounded"):
        return True
    word = following[0].group(0) if following else ""
    return word[:1].isalpha() and word.lower() not in _STOP and word.lower() not in _EVENT_VERBS


def normal_unit(head: str) -> str:
    """Return the normalised unit for a counted noun or unit word."""
    lowered = head.lower()
    if lowered in _PEOPLE or _DEMONYM.match(head):
        return "people"
    if lowered in _TROOPS:
        return "troops"
    return _UNIT_WORDS.get(lowered) or singular(lowered)


def event_verb(before: str, after: str) -> str | None:
    """Return the participle that says what happened to the counted people, if any."""
    match = _VERB_AFTER.match(after)
    if match and match.group("verb").lower() in _EVENT_VERBS:
        return _EVENT_VERBS[match.group("verb").lower()]
    match = _VERB_BEFORE.search(before)
    if match and match.group("verb").lower() in _EVENT_VERBS:
        verb = _EVENT_VERBS[match.group("verb").lower()]
        return None if verb == "left" else verb
    return None


def find_scope(text: str, start: int, end: int) -> str | None:
    """Return the time scope of a figure: the nearest after it in its clause, else before it.

    A scope far after the figure belongs to another clause ("80,000 people
    marks the farthest ... since 2012"), hence the distance limit.
    """
    after = _SCOPES.search(text, end)
    if after and after.start() - end <= _SCOPE_REACH and ";" not in text[end : after.start()]:
        return " ".join(after.group("scope").split())
    befores = list(_SCOPES.finditer(text, 0, start))
    return " ".join(befores[-1].group("scope").split()) if befores else None


def convert(value: float | None, unit: str) -> tuple[float | None, str]:
    """Return the value in the unit newsfuse compares on (miles to km)."""
    if unit == "mi":
        return (round(value * KM_PER_MILE, 1) if value is not None else None), "km"
    return value, unit


def conversion_value(after: str, unit: str) -> tuple[float, int] | None:
    """Return a km value given in brackets after a miles figure ("(400 km)"), and its length."""
    match = _CONVERSION.match(after)
    if not match:
        return None
    other = _UNIT_WORDS.get(match.group("u").lower())
    if other is None:
        return None
    if unit == "mi" and other == "km":
        return number_value(match.group("n")), match.end()
    return (-1.0, match.end()) if other in ("km", "mi") else None


def figure_at(match: re.Match[str], text: str, article: str, sentence: int) -> Figure | None:
    """Return the figure a number match states, or None when it is not a claim."""
    start, end = match.start(), match.end()
    vague = match.group("vague")
    currency = match.group("cur")
    low = high = None
    if vague:
        value = None
        low, high = _VAGUE[" ".join(vague.lower().split())]
    elif match.group("digits"):
        value = number_value(match.group("digits"))
        scale = match.group("scale")
        if scale:
            lowered = scale.lower()
            # "5m" is five million only with money; otherwise it is metres.
            if lowered == "m" and not currency:
                end = match.start("scale")
            else:
                value *= _SCALES[lowered]
    else:
        words = match.group("words") or match.group(0)
        value = word_value(words)
        end = start + len(words.rstrip())
        # "the two sides", "both three ...": a definite count refers back, it claims nothing.
        if DEFINITE_BEFORE.search(text[:start]):
            return None
    before, after = text[:start], text[end:]
    unit_match = _UNIT_AFTER.match(after)
    unit: str | None = None
    what = ""
    tail_end = end
    if currency:
        symbol = currency.strip().upper()
        unit = {"$": "usd", "US$": "usd", "USD": "usd", "€": "eur", "EUR": "eur"}.get(symbol, "gbp")
    if unit_match:
        word = unit_match.group("u").lower()
        unit = "percent" if word in ("%",) or word.startswith("per") else _UNIT_WORDS.get(word)
        if unit is None and word == "m":
            unit = "m"
        tail_end = end + unit_match.end()
    if is_excluded(text, match.start(), end, value, unit is not None):
        return None
    if not vague and value is None:
        return None
    noun = counted_noun(text[tail_end:]) if unit in (None, "usd", "eur", "gbp") else None
    verb = event_verb(before, text[tail_end + (noun[2] if noun else 0) :])
    if noun:
        phrase, head, length = noun
        if unit is None:
            unit = normal_unit(head)
        what = phrase
        tail_end += length
    elif unit in ("km", "mi", "m"):
        tail = _DISTANCE_TAIL.match(text[tail_end:])
        what = (unit_match.group("u") if unit_match else "") + (
            f" {tail.group('tail').strip()}" if tail else ""
        )
    elif unit == "percent":
        tail = _PERCENT_TAIL.match(text[tail_end:])
        determiner_only = tail and tail.group("tail").lower() in ("the", "its", "their")
        what = f"percent of {tail.group('tail')}" if tail and not determiner_only else "percent"
    elif unit in ("usd", "eur", "gbp"):
        tail = _MONEY_TAIL.match(text[tail_end:])
        what = (unit_match.group("u") if unit_match else currency.strip()) + (
            f" {tail.group('tail')}" if tail else ""
        )
    elif verb and not _SPAN_OF_TIME.match(after):
        # "21 freed", not "kidnapped more than two years ago": a span of time, no people
        unit, what = "people", "people"
    elif _TOLL_BEFORE.search(before):
        toll = _TOLL_BEFORE.search(before)
        unit = "people"
        what = "people died" if toll and toll.group("kind").lower() == "death" else "casualties"
    if unit is None:
        return None
    if verb and verb not in what.lower().split():
        what = f"{what} {verb}".strip()
    if unit in ("km", "mi"):
        converted = conversion_value(text[tail_end:], unit)
        if converted and converted[0] >= 0:
            value, unit = converted[0], "km"
    value, unit = convert(value, unit)
    qualifier = qualifier_before(before)
    return Figure(
        article=article,
        sentence=sentence,
        text=text[start:tail_end].strip(),
        value=value,
        unit=unit,
        what=what.strip(),
        qualifier=qualifier,
        low=low,
        high=high,
        scope=find_scope(text, match.start(), tail_end),
    )


def range_figures(text: str, article: str, sentence: int) -> list[tuple[int, int, Figure]]:
    """Return ranges ("between 200 and 300 people", "two or three fans") as low/high figures."""
    found = []
    for match in _RANGE.finditer(text):
        first = "a" if match.group("a") else "a2"
        ends = (match.group(first), match.group("b" if first == "a" else "b2"))
        scale = _SCALES.get((match.group("scale") or match.group("scale2") or "").lower(), 1.0)
        low, high = (_count_value(end) * scale for end in ends)
        if high <= low or is_excluded(text, match.start(first), match.end(first), low, False):
            continue
        noun = counted_noun(text[match.end() :])
        if noun is None:
            continue
        phrase, head, length = noun
        verb = event_verb(text[: match.start()], text[match.end() + length :])
        figure = Figure(
            article=article,
            sentence=sentence,
            text=text[match.start() : match.end() + length].strip(),
            value=None,
            unit=normal_unit(head),
            what=f"{phrase} {verb}" if verb and verb not in phrase.lower().split() else phrase,
            low=low,
            high=high,
            scope=find_scope(text, match.start(), match.end() + length),
        )
        found.append((match.start(), match.end() + length, figure))
    return found


def find_figures(text: str, article: str, sentence: int) -> list[Figure]:
    """Return the numeric claims of one sentence, in text order."""
    ranges = range_figures(text, article, sentence)
    figures: list[tuple[int, Figure]] = [(start, figure) for start, _, figure in ranges]
    covered = [(start, end) for start, end, _ in ranges]
    # A bracketed conversion after a distance ("(250 miles)") restates it.
    conversions = [(m.start(), m.end()) for m in _BRACKETED_CONVERSION.finditer(text)]
    skip = covered + [(text.index("(", a), b) for a, b in conversions]
    for match in _NUMBER.finditer(text):
        if any(a <= match.start() < b for a, b in skip):
            continue
        figure = figure_at(match, text, article, sentence)
        if figure is not None:
            figures.append((match.start(), figure))
    return [figure for _, figure in sorted(figures, key=lambda item: item[0])]
