"""Date expressions in a text, resolved against the publication date.

``find_dates(text, published)`` returns one ``DateMention`` per expression, with
offsets into ``text`` and the expression's own words. News writes dates relative
to the day it appeared ("late Wednesday", "earlier this week", "in January"), so
every relative expression is resolved against ``published``:

- a weekday is the most recent such day on or before publication, the same day
  included ("on Thursday" in a Thursday paper is that Thursday), except the
  weekday of the day after publication, which is that next day unless the
  article appeared in the morning (a plan, or a day already begun further east:
  a launch "Friday" in East Asia reported on Thursday evening); "last Monday"
  is strictly before, "next Monday" strictly after; in a clause of what will
  happen ("will meet on Friday", "prepares to vote in Sunday's election") it is
  the first such day on or after publication;
- a fixed-date holiday ("New Year's Eve", "Christmas Day") without a year is the
  latest one on or before publication;
- a month name without a year is the most recent such month on or before the
  publication month (on or after it in a clause of what will happen: "elections
  will be held in March"); a day and month without a year take the year that puts
  the date closest to publication (news cites recent and upcoming days alike);
- "this week"/"earlier this week" and "last week" are ranges of days: ``value``
  None, ``precision`` "day" (the precision of the bounds), ``range_start`` and
  ``range_end`` set;
- "this month"/"earlier this month"/"last month" have month precision, and
  "earlier this month" also carries the range first of the month..publication.

When ``published`` is unknown, relative expressions are kept with ``value``
None (and their would-be precision); absolute ones ("14 February 2025",
"2025-02-14", "March 2024", "in 2012") are still resolved. Names with digits
("G20", "B52", "COVID-19") and counts ("3,500") are never read as dates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from newsfuse.lexicon import SMALL_NUMBERS, prospective
from newsfuse.records import DateMention, Precision

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_ABBREVIATIONS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}

# Month names are capitalised in news copy; matching case-sensitively keeps the
# verbs "may" and "march" out. Abbreviations need a day beside them to count.
_MONTH_FULL = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_MONTH = rf"(?:{_MONTH_FULL}|{_MONTH_ABBR})"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d|21\d\d)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# A digit, letter or joining mark next to a number means it is part of a name
# ("B52", "COVID-19", "A320") or of a larger number ("3,500", "2.5").
_NOT_BEFORE = r"(?<![\w.,$£€/-])"
_NOT_AFTER = r"(?![\w/]|[.,]\d|-\d)"

_ISO = re.compile(
    rf"{_NOT_BEFORE}(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-2]\d|3[01]){_NOT_AFTER}"
)
_DAY_MONTH = re.compile(
    rf"{_NOT_BEFORE}(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?{_NOT_AFTER}"
)
_MONTH_DAY = re.compile(
    rf"(?<![\w-])(?P<m>{_MONTH})\s+(?P<d>{_DAY})(?:(?:,\s*|\s+)(?P<y>{_YEAR}))?{_NOT_AFTER}"
)
_MONTH_YEAR = re.compile(
    rf"(?<![\w-])(?P<m>{_MONTH_FULL}|{_MONTH_ABBR})\s+(?P<y>{_YEAR}){_NOT_AFTER}"
)
# A bare month name is only a date after a word that introduces a time ("in
# January", "since March", "early May"); alone, "May" and "March" are verbs or names.
_BARE_MONTH = re.compile(
    r"(?:\b(?P<lead>[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Tt]ill|[Ff]rom|[Dd]uring|[Tt]hrough|[Bb]efore"
    r"|[Aa]fter|[Ee]arly|[Ll]ate|[Mm]id|[Ll]ast|[Nn]ext|[Tt]his|[Oo]f|[Tt]o|[Aa]nd|[Oo]r)\s+"
    rf"|\b(?P<lead2>[Mm]id-))(?P<m>{_MONTH_FULL})\b(?![\s,]+\d)"
)
_YEAR_ALONE = re.compile(rf"{_NOT_BEFORE}(?P<y>{_YEAR}){_NOT_AFTER}(?!\s*(?:%|per\s?cent))")
# A year-like number after a hedge or before a counted noun is a count, not a year.
_COUNT_BEFORE = re.compile(
    r"(?:about|around|over|some|nearly|almost|approximately|roughly|than|least|estimated|only"
    r"|just|up\s+to)\s+$",
    re.IGNORECASE,
)
_COUNT_AFTER = re.compile(
    r"\s+(?:people|persons|troops|soldiers|civilians|residents|individuals|children|men|women"
    r"|families|households|homes|houses|km|kilometres|kilometers|miles|dollars|euros|cases"
    r"|deaths|victims|refugees|fighters|members|votes|units|tons|tonnes)\b",
    re.IGNORECASE,
)
# A four-digit number before a time zone or "hours" is a clock time ("2107 GMT", "1830
# hours", "0600 local time"), also as the first end of a span ("between 2000 and 2130 GMT").
_ZONE = (
    r"(?:GMT|UTC|Z|EST|EDT|CST|CDT|MST|MDT|PST|PDT|BST|CET|CEST|EET|EEST|MSK|WAT|CAT|EAT|SAST"
    r"|IST|PKT|ICT|WIB|HKT|SGT|JST|KST|AEST|AEDT)(?![A-Za-z])"
)
_CLOCK_AFTER = re.compile(
    rf"\s*(?:(?:-|–|to|and|until)\s*\d{{4}}\s*)?(?:{_ZONE}|[Hh]ours\b|hrs\b|local\s+time\b)"
)
_WEEKDAY_PHRASE = re.compile(
    rf"\b(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Pp]ast)\s+|(?P<mod>[Ll]ate|[Ee]arly)\s+(?:on\s+)?)?"
    rf"(?P<w>{_WEEKDAY})(?:\s+(?P<part>morning|afternoon|evening|night))?\b"
)
_RELATIVE_DAY = re.compile(
    r"\b(?P<w>(?:the\s+day\s+before\s+yesterday)|today|tonight|yesterday|tomorrow"
    r"|last\s+night|this\s+(?:morning|afternoon|evening))\b",
    re.IGNORECASE,
)
_DAYS_AGO = re.compile(
    r"\b(?P<n>\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?P<u>days?|weeks?)\s+ago\b",
    re.IGNORECASE,
)
_WEEK = re.compile(
    r"\b(?P<w>(?:(?:earlier|later)\s+)?this\s+week|last\s+week|(?:over\s+)?the\s+past\s+week"
    r"|next\s+week|(?:over\s+)?(?:the|this)\s+weekend|last\s+weekend)\b",
    re.IGNORECASE,
)
_MONTH_REL = re.compile(
    r"\b(?P<w>(?:(?:earlier|later)\s+)?this\s+month|last\s+month|next\s+month)\b", re.IGNORECASE
)
_YEAR_REL = re.compile(
    r"\b(?P<w>(?:(?:earlier|later)\s+)?this\s+year|last\s+year|next\s+year)\b", re.IGNORECASE
)
# "three days ago", "a week ago"
_NUMBER_WORDS = {"a": 1, **{word: value for word, value in SMALL_NUMBERS.items() if value}}
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)$")


def parse_published(published: str | None) -> date | None:
    """Return the calendar day of an ISO date or datetime, or None when absent or malformed."""
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


def month_number(name: str) -> int:
    """Return 1-12 for a month name or abbreviation ("Feb." -> 2)."""
    key = name.lower().rstrip(".")
    return MONTHS.get(key) or _ABBREVIATIONS[key]


def day_number(token: str) -> int:
    """Return the day of month written as "14", "03" or "14th"."""
    return int(_ORDINAL_SUFFIX.sub("", token))


def safe_date(year: int, month: int, day: int) -> date | None:
    """Return the date, or None for an impossible one ("31 February")."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def closest_year(month: int, day: int, published: date) -> date | None:
    """Return month/day in the year that puts it closest to publication."""
    candidates = [safe_date(published.year + shift, month, day) for shift in (-1, 0, 1)]
    valid = [candidate for candidate in candidates if candidate is not None]
    if not valid:
        return None
    return min(valid, key=lambda candidate: abs((candidate - published).days))


def recent_month(month: int, published: date, relation: str = "") -> tuple[int, int]:
    """Return (year, month) of the most recent such month on or before publication.

    "last January" is strictly before the publication month, "next January"
    strictly after, "this January" in the publication year; ``relation`` "coming"
    (a month of what will happen) is the first such month on or after publication.
    """
    relation = relation.lower()
    if relation == "this":
        return published.year, month
    if relation == "coming":
        return (published.year if month >= published.month else published.year + 1), month
    if relation == "next":
        return (published.year if month > published.month else published.year + 1), month
    if relation == "last":
        return (published.year if month < published.month else published.year - 1), month
    return (published.year if month <= published.month else published.year - 1), month


def weekday_date(weekday: int, published: date, relation: str = "") -> date:
    """Return the weekday nearest publication: on or before it, or per last/next/coming.

    "coming" (a day of what will happen) is the first such day on or after publication.
    """
    relation = relation.lower()
    back = (published.weekday() - weekday) % 7
    if relation == "coming":
        return published + timedelta(days=(weekday - published.weekday()) % 7)
    if relation in ("last", "past"):
        return published - timedelta(days=back or 7)
    if relation == "next":
        return published + timedelta(days=(weekday - published.weekday()) % 7 or 7)
    return published - timedelta(days=back)


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    """Return (year, month) moved by ``delta`` months."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def day_mention(text: str, start: int, day: date | None) -> DateMention:
    return DateMention(
        text=text, value=day.isoformat() if day else None, precision="day", start=start,
        end=start + len(text),
    )  # fmt: skip


def month_mention(text: str, start: int, year_month: tuple[int, int] | None) -> DateMention:
    value = f"{year_month[0]:04d}-{year_month[1]:02d}" if year_month else None
    return DateMention(
        text=text, value=value, precision="month", start=start, end=start + len(text)
    )


def year_mention(text: str, start: int, year: int | None) -> DateMention:
    value = f"{year:04d}" if year is not None else None
    return DateMention(text=text, value=value, precision="year", start=start, end=start + len(text))


def range_mention(
    text: str, start: int, bounds: tuple[date, date] | None, precision: Precision = "day"
) -> DateMention:
    """Return a vague span: value None, the range of days that bounds it."""
    return DateMention(
        text=text,
        value=None,
        precision=precision,
        start=start,
        end=start + len(text),
        range_start=bounds[0].isoformat() if bounds else None,
        range_end=bounds[1].isoformat() if bounds else None,
    )


# ------------------------------------------------------------------ matchers
# Each matcher turns one regex match into a DateMention (or None to reject it).

Matcher = Callable[[re.Match[str], date | None, str], DateMention | None]


def match_iso(match: re.Match[str], published: date | None, text: str) -> DateMention | None:
    day = safe_date(int(match["y"]), int(match["m"]), int(match["d"]))
    return day_mention(match.group(0), match.start(), day) if day else None


def match_day_month(match: re.Match[str], published: date | None, text: str) -> DateMention | None:
    month, day_of_month = month_number(match["m"]), day_number(match["d"])
    if match["y"]:
        day = safe_date(int(match["y"]), month, day_of_month)
        return day_mention(match.group(0), match.start(), day) if day else None
    if published is None:
        return day_mention(match.group(0), match.start(), None)
    day = closest_year(month, day_of_month, published)
    return day_mention(match.group(0), match.start(), day) if day else None


def match_month_year(match: re.Match[str], published: date | None, text: str) -> DateMention | None:
    return month_mention(match.group(0), match.start(), (int(match["y"]), month_number(match["m"])))


def match_bare_month(match: re.Match[str], published: date | None, text: str) -> DateMention | None:
    name = match["m"]
    lead = (match["lead"] or match["lead2"] or "").lower()
    # Keep "early"/"late"/"mid" in the words (they qualify the month); drop prepositions.
    keep_lead = lead in ("early", "late", "mid", "mid-", "last", "next", "this")
    start = match.start() if keep_lead else match.start("m")
    words = text[start : match.end()]
    if published is None:
        return month_mention(words, start, None)
    relation = lead if lead in ("last", "next", "this") else ""
    if not relation and prospective(text, match.start()):
        relation = "coming"
    return month_mention(words, start, recent_month(month_number(name), published, relation))


def match_year(match: re.Match[str], published: date | None, text: str) -> DateMention | None:
    before = text[max(0, match.start() - 25) : match.start()]
    after = text[match.end() : match.end() + 30]
    if _COUNT_AFTER.match(after):
        return None
    if _COUNT_BEFORE.search(before):
        return None
    hours, minutes = divmod(int(match["y"]), 100)
    if hours < 24 and minutes < 60 and _CLOCK_AFTER.match(after):
        return None
    return year_mention(match.group(0), match.start(), int(match["y"]))


def match_weekday(match: re.Match[str], published: date | None, text: str) -> DateMention | None:
    relation = (match["rel"] or "").lower()
    if relation == "this":
        relation = ""
    if not relation and prospective(text, match.start()):
        relation = "coming"
    day = weekday_date(WEEKDAYS[match["w"].lower()], published, relation) if published else None
    return day_mention(match.group(0), match.start(), day)


def match_relative_day(
    match: re.Match[str], published: date | None, text: str
) -> DateMention | None:
    words = " ".join(match["w"].lower().split())
    offsets = {"yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2}
    day = published + timedelta(days=offsets.get(words, 0)) if published else None
    return day_mention(match.group(0), match.start(), day)


def match_days_ago(match: re.Match[str], published: date | None, text: str) -> DateMention | None:
    count = match["n"].lower()
    number = int(count) if count.isdigit() else _NUMBER_WORDS[count]
    days = number * (7 if match["u"].lower().startswith("week") else 1)
    day = published - timedelta(days=days) if published else None
    return day_mention(match.group(0), match.start(), day)


def week_bounds(words: str, published: date) -> tuple[date, date]:
    """Return the first and last day a week phrase covers."""
    monday = published - timedelta(days=published.weekday())
    if "weekend" in words:
        if words.startswith("last"):
            saturday = monday - timedelta(days=2)
        else:
            saturday = published - timedelta(days=(published.weekday() - 5) % 7)
        return saturday, saturday + timedelta(days=1)
    if words.startswith("last"):
        return monday - timedelta(days=7), monday - timedelta(days=1)
    if words.startswith("next"):
        return monday + timedelta(days=7), monday + timedelta(days=13)
    if "past" in words:
        return published - timedelta(days=7), published
    if words.startswith("later"):
        return published, monday + timedelta(days=6)
    return monday, published


def match_week(match: re.Match[str], published: date | None, text: str) -> DateMention | None:
    words = " ".join(match["w"].lower().split())
    words = words.removeprefix("over ")
    bounds = week_bounds(words, published) if published else None
    return range_mention(match.group(0), match.start(), bounds)


def match_month_relative(
    match: re.Match[str], published: date | None, text: str
) -> DateMention | None:
    words = " ".join(match["w"].lower().split())
    if published is None:
        return month_mention(match.group(0), match.start(), None)
    delta = -1 if words.startswith("last") else 1 if words.startswith("next") else 0
    year_month = shift_month(published.year, published.month, delta)
    mention = month_mention(match.group(0), match.start(), year_month)
    if words.startswith("earlier"):
        first = published.replace(day=1)
        return replace(mention, range_start=first.isoformat(), range_end=published.isoformat())
    return mention


def match_year_relative(
    match: re.Match[str], published: date | None, text: str
) -> DateMention | None:
    words = match["w"].lower()
    if published is None:
        return year_mention(match.group(0), match.start(), None)
    delta = -1 if words.startswith("last") else 1 if words.startswith("next") else 0
    return year_mention(match.group(0), match.start(), published.year + delta)


# Earlier entries win when two candidates cover the same words with the same length.
# Days of the year that news names by their holiday: (month, day).
FIXED_HOLIDAYS = {
    "new years eve": (12, 31),
    "new years day": (1, 1),
    "christmas eve": (12, 24),
    "christmas day": (12, 25),
    "boxing day": (12, 26),
    "valentines day": (2, 14),
    "halloween": (10, 31),
    "independence day": (7, 4),
    "bastille day": (7, 14),
}
_HOLIDAY = re.compile(
    r"\b(?P<h>New\s+Year(?:'|’)?s\s+(?:Eve|Day)|Christmas\s+(?:Eve|Day)|Boxing\s+Day"
    r"|Valentine(?:'|’)?s\s+Day|Halloween|Independence\s+Day|Bastille\s+Day)"
    rf"(?:,?\s+(?P<y>{_YEAR}))?{_NOT_AFTER}"
)


def match_holiday(match: re.Match[str], published: date | None, text: str) -> DateMention | None:
    """Resolve a fixed-date holiday: its year if written, else the latest one on or before
    publication (news tells of a holiday just past, or names the year of one to come)."""
    words = " ".join(match["h"].lower().replace("’", "").replace("'", "").split())
    month, day = FIXED_HOLIDAYS[words]
    if match["y"]:
        return day_mention(match.group(0), match.start(), safe_date(int(match["y"]), month, day))
    if published is None:
        return day_mention(match.group(0), match.start(), None)
    year = (
        published.year if (month, day) <= (published.month, published.day) else published.year - 1
    )
    return day_mention(match.group(0), match.start(), safe_date(year, month, day))


MATCHERS: tuple[tuple[re.Pattern[str], Matcher], ...] = (
    (_HOLIDAY, match_holiday),
    (_ISO, match_iso),
    (_DAY_MONTH, match_day_month),
    (_MONTH_DAY, match_day_month),
    (_MONTH_YEAR, match_month_year),
    (_WEEK, match_week),
    (_MONTH_REL, match_month_relative),
    (_YEAR_REL, match_year_relative),
    (_DAYS_AGO, match_days_ago),
    (_RELATIVE_DAY, match_relative_day),
    (_WEEKDAY_PHRASE, match_weekday),
    (_BARE_MONTH, match_bare_month),
    (_YEAR_ALONE, match_year),
)


def non_overlapping(candidates: list[tuple[int, DateMention]]) -> list[DateMention]:
    """Return the longest candidates that do not overlap, in text order."""
    ranked = sorted(candidates, key=lambda item: (-(item[1].end - item[1].start), item[0]))
    kept: list[DateMention] = []
    for _, mention in ranked:
        if all(mention.end <= other.start or mention.start >= other.end for other in kept):
            kept.append(mention)
    return sorted(kept, key=lambda mention: mention.start)


def find_dates(text: str, published: str | None) -> list[DateMention]:
    """Return the date expressions of ``text`` resolved against ``published``, in text order."""
    day = parse_published(published)
    candidates: list[tuple[int, DateMention]] = []
    for rank, (pattern, matcher) in enumerate(MATCHERS):
        for match in pattern.finditer(text):
            mention = matcher(match, day, text)
            if mention is not None:
                candidates.append((rank, mention))
    found = non_overlapping(candidates)
    if day is None or not _next_day_is_near(published):
        return found
    return [_as_next_day(mention, day) for mention in found]


# A bare weekday ("Friday", "early Friday morning"): no last/next/this/past before it.
_BARE_WEEKDAY = re.compile(
    rf"^(?:(?:late|early)\s+(?:on\s+)?)?{_WEEKDAY}(?:\s+(?:morning|afternoon|evening|night))?$",
    re.IGNORECASE,
)
# From this hour of the publication day on, somewhere east of the outlet it is already
# the next day.
_NEXT_DAY_HOUR = 12


def _next_day_is_near(published: str | None) -> bool:
    """Tell whether the day after publication may be meant by its weekday name.

    True unless the publication time is known and in the morning (a date
    without a time, or midnight, says nothing of the hour).
    """
    match = re.match(r"\d{4}-\d{2}-\d{2}[T ](\d{2}):(\d{2})", (published or "").strip())
    if match is None or match.group(1, 2) == ("00", "00"):
        return True
    return int(match.group(1)) >= _NEXT_DAY_HOUR


def _as_next_day(mention: DateMention, published: date) -> DateMention:
    """Return a bare weekday that names the day after publication as that day, not 6 days back.

    News names the next day's weekday for what is planned ("will meet Friday")
    and for what happened where the day has already begun (a launch "Friday" in
    East Asia, reported on Thursday evening in the Americas or Europe); six days
    back it would write "last Friday".
    """
    if mention.value != (published - timedelta(days=6)).isoformat():
        return mention
    if not _BARE_WEEKDAY.match(mention.text.strip()):
        return mention
    return replace(mention, value=(published + timedelta(days=1)).isoformat())
