"""Small English word lists that several stages read (calendar words, small numbers),
and the text cues built on them.

Like ``records``, this module imports nothing of the project, so any stage may
use it without stages importing each other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def word_set(text: str) -> frozenset[str]:
    """Return the set of space-separated words in ``text`` (keeps word lists compact)."""
    return frozenset(text.split())


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
# ("Secretary of State", "University of Pennsylvania"), or "&" and a name ("Karvik &
# Vale LLP": partners' names make a firm's). A name and "of" before the cue tell
# nothing: "Ministry of Uganda", "Coast of Australia" are places.
_GLUED = re.compile(r"[A-Za-z\u00c0-\u017f]|['\u2019](?!s\b)[a-z]")
_DESIGNATION = re.compile(r"\s+(?:\d|[A-Z]\b)")
_OF_NAME = re.compile(r"\s+(?:of\s+(?:the\s+)?|&\s*)[A-Z]")


# Titles written with a full stop that ends no sentence ("Mr. Kim", "Gen. Roe").
TITLE_ABBREVIATIONS = (
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Col", "Lt", "Maj", "Capt", "Sgt", "Brig", "Cpl",
    "Adm", "Gov", "Sen", "Rep", "Rev",
)  # fmt: skip


# Double quotation marks, straight and curly; they come in pairs, or the text misquotes.
QUOTE_MARKS = '"\u201c\u201d'

# Prepositions that put a name where only places go ("in X", "near X"); "of", "from",
# "to" and "via" take people too ("the status of Palmer", "owes much to Palmer").
SITE_PREPOSITIONS = frozenset(
    {"in", "at", "near", "into", "outside", "around", "across", "toward", "towards"}
)
# Words a phrase cut at a window's edge must not end on: "freed before dawn in the"
# reads "freed before dawn".
DANGLING_WORDS = word_set(
    "a an the of in on at to for with by from into onto amid around over about after before "
    "under between through during against across near toward towards within without since "
    "until via and or but as than that which who whose its their his her"
)


def without_dangling(words: list[str], keep: int = 0) -> list[str]:
    """Return ``words`` without the ``DANGLING_WORDS`` they end on, keeping at least ``keep``."""
    while len(words) > keep and words[-1].casefold().strip(",;:") in DANGLING_WORDS:
        words = words[:-1]
    return words


# "'s" right after a name: what follows is the name's, the name is its owner
# ("an echo of Thurman's crash"), not a place the text puts something in.
POSSESSIVE_AFTER = re.compile(r"^(?:'s|\u2019s)\b")


def standalone_name(text: str, end: int) -> bool:
    """Return whether capitalised words found by a text cue can be a place name on their own.

    The name a cue such as "in" or "near" points to ends at ``end`` in ``text``; only what
    follows it decides. Months and weekdays are the caller's to exclude.
    """
    after = text[end : end + 40]
    return not (_GLUED.match(after) or _DESIGNATION.match(after) or _OF_NAME.match(after))


# Who acts, by the words of an actor phrase: the forces of a state, armed groups
# outside it (both as ACLED sorts them), and civilians.
STATE_ACTOR_WORDS = word_set(
    "army troops soldiers government military police forces regime security gendarmes "
    "gendarmerie navy officers authorities"
)
# The armed groups news names most often, by a word of their names as the parse
# splits them ("al-Shabaab" -> al, -, Shabaab): rebel and militia groups that ACLED
# codes as non-state actors in its largest theatres. General knowledge, like the
# shipped organisation names; a group missing here is still read by its common nouns.
ARMED_GROUP_WORDS = word_set(
    "taliban isis isil daesh shabaab shabab qaeda qaida aqap aqim jnim iswap houthis houthi "
    "hezbollah hizbollah hamas ypg sdf pkk farc eln janjaweed anti-balaka seleka "
    "mujahideen jihadis boko"
)
NON_STATE_ACTOR_WORDS = (
    word_set(
        "rebels rebel militants militant insurgents insurgent jihadists jihadist militia "
        "militias fighters separatists gunmen guerrillas bandits terrorists extremists group "
        "movement faction factions islamists"
    )
    | ARMED_GROUP_WORDS
)
CIVILIAN_ACTOR_WORDS = word_set(
    "civilians civilian villagers residents people families passengers farmers students "
    "children women displaced shoppers traders worshippers refugees"
)
# "group" and "movement" name armed groups only beside other words ("aid group").
_ARMED_ONLY = (STATE_ACTOR_WORDS | NON_STATE_ACTOR_WORDS) - {"group", "movement"}


def actor_side(names: Iterable[str]) -> str | None:
    """Return "armed" or "civilian" for the first actor name whose words tell, else None.

    "Government troops withdrew" and "12,000 people fled" are two events however
    alike their verbs, places and days.
    """
    for name in names:
        words = set(name.lower().split())
        if words & _ARMED_ONLY:
            return "armed"
        if words & CIVILIAN_ACTOR_WORDS:
            return "civilian"
    return None


# Bodies of the sky, which the NER models label as places ("a rocket to Mars", "planets
# outside the Milky Way"): never a point on the map, whatever village shares the name.
_CELESTIAL_NAMES = frozenset(
    {
        "earth",
        "moon",
        "sun",
        "mercury",
        "venus",
        "mars",
        "jupiter",
        "saturn",
        "uranus",
        "neptune",
        "pluto",
        "milky way",
        "solar system",
        "andromeda",
    }
)


# Services that exist only online, which news names after "to", "via" and "in" as it
# names places ("posted to Instagram", "said via Twitter", "photos in Snapchat").
ONLINE_SERVICES = frozenset(
    {
        "facebook",
        "twitter",
        "instagram",
        "youtube",
        "tiktok",
        "snapchat",
        "whatsapp",
        "telegram",
        "wechat",
        "weibo",
        "reddit",
        "linkedin",
        "tumblr",
        "pinterest",
        "twitch",
        "discord",
        "vimeo",
        "flickr",
        "spotify",
        "netflix",
        "google",
        "gmail",
        "skype",
        "itunes",
        "app store",
        "google play",
        "internet",
        "the internet",
    }
)


# Names of legislatures and councils of state: news puts them where places go
# ("testify before Congress", "a bill in Parliament"), and gazetteers know towns of
# the same names (Congress, Arizona), but they name bodies, not places.
LEGISLATURES = frozenset(
    {
        "congress",
        "us congress",
        "parliament",
        "senate",
        "us senate",
        "house of representatives",
        "house of commons",
        "house of lords",
        "national assembly",
        "knesset",
        "duma",
        "state duma",
        "bundestag",
        "bundesrat",
        "riksdag",
        "storting",
        "folketing",
        "eduskunta",
        "sejm",
        "majlis",
        "verkhovna rada",
        "lok sabha",
        "rajya sabha",
        "dail",
        "oireachtas",
        "politburo",
    }
)


# A bearing alone ("the North", "the West") stands for a side or a bloc that the text
# named before: no point a map could show.
_BEARINGS = word_set(
    "north south east west northeast northwest southeast southwest "
    "northern southern eastern western"
)


def off_map(name: str) -> bool:
    """Tell whether a place-like name is on no map: the sky ("the Moon"), online
    ("Instagram") or a bare bearing ("the North")."""
    words = re.sub(r"['\u2019]s?$", "", name.strip()).lower().split()
    if words[:1] == ["the"]:
        words = words[1:]
    key = " ".join(words)
    return key in _CELESTIAL_NAMES or key in ONLINE_SERVICES or key in _BEARINGS


# Adverbs that link a clause to one told before it ("However, ...", "attacked
# again, meanwhile"): they open no lead and complete no verb.
LINKING_ADVERBS = word_set(
    "however meanwhile instead nonetheless nevertheless moreover furthermore besides "
    "also then still thus therefore"
)


# Words that set a clause after the time of writing: "will meet", "is set to vote",
# "are scheduled for", "plans to visit", "prepares for". Lower case only ("Will" is
# also a name). An expectation counts only in the present: "was expected to arrive"
# may have happened, or not, and a bare participle is read either way ("talks
# scheduled for Tuesday were cancelled").
FUTURE_CUES = (
    r"\b(?:will|shall|won['\u2019]t)\b|['\u2019]ll\b"
    r"|(?:\b(?:is|are|am)|['\u2019](?:s|re))\s+(?:going|likely|expected|set|poised|scheduled|slated)"
    r"\s+(?:to|for)\b"
    r"|\b(?:plans?|planning|prepares?|preparing)\s+(?:to|for)\b"
)
# Modals of what may happen, or might have: "can win the title with a finish in X".
POSSIBILITY_CUES = r"\b(?:can|could|would|may|might|should|must)\b"
_FUTURE = re.compile(FUTURE_CUES)
_FUTURE_OR_POSSIBLE = re.compile(f"{FUTURE_CUES}|{POSSIBILITY_CUES}")
_CLAUSE_START = re.compile(r"[.;:!?]\s|,\s|\n")


def prospective(text: str, at: int, *, possible: bool = False) -> bool:
    """Tell whether the clause before offset ``at`` speaks of what will happen.

    With ``possible``, also of what may happen ("could", "would", "must"). That is
    too loose for resolving dates: "could not confirm on Monday" is past.
    """
    start = max((match.end() for match in _CLAUSE_START.finditer(text, 0, at)), default=0)
    cues = _FUTURE_OR_POSSIBLE if possible else _FUTURE
    return cues.search(text, start, at) is not None
