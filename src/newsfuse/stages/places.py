"""Story-level toponym resolution: place mentions -> Places, decided in context.

Input: the story's place-like mentions (spaCy labels GPE, LOC, FAC, and
``PLACE`` for a name the caller believes is a place although the model tagged
it ORG or PERSON, see :func:`place_mentions`) and the article texts.

A name is resolved to one gazetteer candidate by a score that adds:

- a prior: population, and the kind of feature (countries, continents and
  first-level divisions are what a bare name most often means);
- the story's countries: country names, demonyms ("Kenyan") and
  divisions found in the mentions and in the texts, and, weakly, the home
  country of the outlets that reported it (local news names its own country
  least: "Perth" in a Scottish paper);
- closeness to the places of the story that were resolved confidently.

One name is one place within a story (one sense per discourse). A name whose
best candidate lies far away in a country the story never mentions, while
the story clearly happens elsewhere, stays unresolved (lat/lon None) with the
story's country: a wrong point is worse than none. A name that the gazetteer
does not hold, or cannot settle, is a place only where the text makes it one
(:func:`_grounded`): the models tag people, teams and firms as places too.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from newsfuse.gazetteer import LOCALITY, Candidate, Gazetteer, haversine_km, name_key
from newsfuse.lexicon import (
    LEGISLATURES,
    MONTHS,
    POSSESSIVE_AFTER,
    SITE_PREPOSITIONS,
    WEEKDAYS,
    off_map,
    prospective,
    standalone_name,
    word_set,
)
from newsfuse.records import Entity, Mention, Place
from newsfuse.stages.entities import country_forms, demonyms
from newsfuse.stages.segment import Dateline, find_dateline

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "PLACE"})

# Words after a name that make it a facility or a division of a place named by the rest:
# "the Kamoto copper mine" is at Kamoto, "Kandahar province" is the division Kandahar.
_FACILITY = re.compile(
    r"\s+(?:(?:tin|gold|copper|coal|diamond|cobalt|coltan|iron|lithium|uranium)\s+)?"
    r"(?:mines?|airport|air\s?base|base|camp|refugee camp|hospital|dam|port|harbou?r|prison|"
    r"border crossing|crossing|bridge|station|market)$",
    re.IGNORECASE,
)
_DIVISION = re.compile(
    r"\s+(?:province|provinces|state|region|district|territory|prefecture|governorate|"
    r"department|oblast|county|municipality)$",
    re.IGNORECASE,
)
# A trailing "-centre" ("Bunia-centre") names the town itself.
_HYPHEN_SUFFIX = re.compile(r"-(?:centre|center|ville|town|city)$", re.IGNORECASE)

# Country-code domains sold as generic names (".tv", ".io") say nothing of where an outlet is.
_VANITY_TLDS = frozenset(
    {"ac", "ag", "ai", "am", "cc", "co", "fm", "gg", "im", "io", "la", "ly", "me", "nu", "sh"}
    | {"so", "to", "tv", "vc", "ws"}
)
# What a candidate in the home country of all the story's outlets gains: about what
# separates a city of 50,000 from one of 2 million, so it settles a name the text
# leaves open ("Perth" in a Scottish paper) without outvoting what the text says
# (a country named, a division after a comma, nearby places). It backs a smaller
# namesake at home against a larger one abroad, but is no evidence of the country the
# story happens in (``_Context.dominant``).
OUTLET_BONUS = 1.0

# Feature kinds that name an area rather than a point a story happens at: countries,
# continents, regions, waters, islands, peninsulas, ranges, deserts, plateaus.
_AREA_CODES = frozenset(
    {"PCLI", "CONT", "RGN", "OCN", "SEA", "GULF", "LKS", "LK", "STRT", "BAY", "CHN"}
    | {"ISL", "ISLS", "PEN", "MTS", "DSRT", "PLAT"}
)
# A division whose source gives no population (ISO 3166-2 subdivisions: England's
# counties, many provinces) is taken to be of the typical size of its level, the
# median of the known ones in the shipped gazetteer, not of size zero: else any
# village of the name outranks it.
_TYPICAL_POPULATION = {"ADM1": 150_000, "ADM2": 16_000}
_CLASS_BONUS = {
    "CONT": 3.5,
    "RGN": 3.5,
    "OCN": 3.5,
    "SEA": 3.0,
    "GULF": 2.5,
    "LKS": 2.5,
    "PCLI": 2.5,
    "ADM1": 1.2,
    "PPLC": 1.0,
}


@dataclass(frozen=True)
class Tuning:
    """The weights of resolution that are chosen by cross-validation (``benchmarks/``).

    ``margin``: a name stays unresolved unless its best candidate scores at least
    this much above the best candidate that is a different place (farther than
    the 161-km scoring radius): a wrong point costs an analyst more than none.
    ``country_weight``: how much the story's share of evidence for a country
    (its names, demonyms, divisions) adds to a candidate in that country.
    ``namesake_km``: how far from the story's confidently placed towns a place
    in a country the story never mentions may lie (capitals and cities of a
    million excepted) before it is taken for a namesake and left unresolved.
    ``strict_alternates``: a place matched only by an alternate spelling
    ("Cashmere" for "Kashmir") in a country the story never mentions is a
    namesake too.
    """

    margin: float = 0.0
    country_weight: float = 3.0
    namesake_km: float = 1000.0
    strict_alternates: bool = False


DEFAULT_TUNING = Tuning()


@dataclass(frozen=True)
class _Toponym:
    """One distinct place name of the story and what the texts say around it."""

    key: str
    name: str  # the most frequent written form
    lookups: tuple[str, ...]  # names to look up, most specific first
    division: bool  # written "X province", "X state": a division is meant
    articles: tuple[str, ...]
    count: int
    # names written right after it: "Pandi, Bulacan", "Paris, Tenn.", "Orsk, in Tamsara"
    within: tuple[str, ...] = ()
    # Some mention stands where only a place can: "in X", "east of X", "X province",
    # "in Y and X" (see :func:`_place_cue`).
    sited: bool = False
    peers: tuple[str, ...] = ()  # keys of the names listed with it: "Tokyo and X", "X, Y"
    dateline: bool = False  # some mention is an article's dateline: "NEW YORK (AP) -"
    # Every mention is "the X", and some is the whole noun phrase ("the Herald said",
    # "the Kremlin's"): an institution or a feature, not a town (see ``_candidates``).
    definite: bool = False


@dataclass
class _Context:
    """What the story says about where it happens."""

    countries: dict[str, float]  # country -> evidence (names, demonyms, divisions)
    divisions: set[str]  # keys of first-level division names the story mentions
    options: Mapping[str, list[Candidate]]  # toponym key -> its candidates
    containers: Mapping[str, list[Candidate]]  # a name written after a comma -> its divisions
    anchors: dict[str, tuple[float, float]]  # toponym key -> confident point (no countries)
    # (country, division key) of the confidently placed towns: "Atlanta" -> ("US", "georgia")
    anchor_divisions: set[tuple[str | None, str]] = field(default_factory=set)
    homes: Counter[str] = field(default_factory=Counter)  # countries of confident places
    contents: Mapping[str, set[str]] = field(default_factory=dict)  # "georgia" -> {"atlanta"}
    outlets: Mapping[str, float] = field(default_factory=dict)  # home country -> share of outlets
    # the points of the countries the story names: where it happens, roughly
    country_points: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    tuning: Tuning = DEFAULT_TUNING

    def share(self, country: str | None) -> float:
        total = sum(self.countries.values())
        return self.countries.get(country, 0.0) / total if country and total else 0.0

    def dominant(self) -> str | None:
        """Return the country the story clearly happens in, if one stands out.

        Where most confidently placed towns and divisions lie decides first; the
        countries the story names (and its demonyms) only when no town decides.
        """
        for votes in (dict(self.homes), self.countries):
            ranked = sorted(votes.items(), key=lambda item: (-item[1], item[0]))[:2]
            clear = len(ranked) == 1 or (len(ranked) > 1 and ranked[0][1] >= 1.5 * ranked[1][1])
            if ranked and ranked[0][1] > 0 and clear:
                return ranked[0][0]
        return None

    def centre(self) -> tuple[float, float] | None:
        if not self.anchors:
            return None
        lats = sorted(lat for lat, _ in self.anchors.values())
        lons = sorted(lon for _, lon in self.anchors.values())
        return lats[len(lats) // 2], lons[len(lons) // 2]


# ------------------------------------------------------------------ public API


def resolve_places(
    mentions: Sequence[Mention],
    texts: Mapping[str, str],
    gazetteer: Gazetteer,
    *,
    outlets: Sequence[str | None] = (),
    tuning: Tuning = DEFAULT_TUNING,
) -> tuple[Place, ...]:
    """Return the story's places, each resolved in the story's context or visibly unresolved.

    ``mentions`` are place-like mentions (labels in :data:`PLACE_LABELS`; others
    are ignored); ``texts`` maps article id to article text, read for country
    names and demonyms. ``outlets`` holds, per article, the home country (ISO-2)
    of the outlet whose own reporting it is (:func:`outlet_country`), or None
    (unknown, or a wire's copy). ``tuning`` holds the cross-validated weights.
    """
    usable = [part for m in mentions if m.label in PLACE_LABELS for part in _expand(m)]
    toponyms = [
        toponym
        for toponym in _toponyms(usable, texts)
        if _is_name(toponym.name) or gazetteer.candidates(toponym.name)
    ]
    # A name that the gazetteer does not hold, or holds but cannot settle in context, is a
    # place only by the text's word ("Obama", "Split", "Maya" are towns somewhere too).
    by_text = {toponym.key: _placed_by_text(toponym, gazetteer) for toponym in toponyms}
    toponyms = [
        toponym
        for toponym in toponyms
        if by_text[toponym.key] or any(gazetteer.candidates(name) for name in toponym.lookups)
    ]
    resolved = _resolve(toponyms, list(texts.values()), gazetteer, tuning, outlets=outlets)
    return tuple(
        resolved[toponym.key]
        for toponym in toponyms
        if by_text[toponym.key] or resolved[toponym.key].gazetteer_id is not None
    )


def without_names_of_others(found: Sequence[Place], named: Sequence[Entity]) -> tuple[Place, ...]:
    """Return the places less those no gazetteer placed that the story reads as no place.

    ``named`` are the story's entities. A name that the tagger reads as an organisation,
    a person or an event more often than as a place ("the Cardinals", "Kroger",
    "Broadcom", "the Cup final"),
    that no gazetteer entry places and whose own words make no feature of it
    ("Yale University", "Demilitarized Zone"), was put among the places by a cue
    ("at Kroger") that firms and people take too.
    """
    as_place: Counter[str] = Counter()
    as_other: Counter[str] = Counter()
    for entity in named:
        if entity.type in PLACE_LABELS:
            tally = as_place
        elif entity.type in ("ORG", "PERSON", "EVENT"):
            tally = as_other
        else:
            continue
        for key in {name_key(name) for name in (entity.name, *entity.aliases)}:
            tally[key] += max(entity.mentions, 1)

    def read_otherwise(place: Place) -> bool:
        key = name_key(place.name)
        return as_other[key] > as_place[key] and not _FEATURE_WORD.search(place.name)

    return tuple(p for p in found if p.gazetteer_id is not None or not read_otherwise(p))


def outlet_country(outlet: str | None) -> str | None:
    """Return the country (ISO-2) of an outlet's country-code domain, else None.

    "bbc.co.uk" -> "GB", "lemonde.fr" -> "FR"; "nytimes.com" and vanity domains
    ("news.tv") -> None.
    """
    import pycountry

    if not outlet:
        return None
    tld = outlet.lower().rstrip(".").rsplit(".", 1)[-1]
    if len(tld) != 2 or tld in _VANITY_TLDS:
        return None
    code = "GB" if tld == "uk" else tld.upper()  # ISO 3166 reserves "UK"; the domain is .uk
    return code if pycountry.countries.get(alpha_2=code) is not None else None


def resolve_spans(
    text: str,
    spans: Sequence[tuple[int, int]],
    gazetteer: Gazetteer,
    published: str | None = None,
    *,
    tuning: Tuning = DEFAULT_TUNING,
) -> list[Place | None]:
    """Return a Place (resolved or not) for each ``(start, end)`` span of ``text``; None if blank.

    The document is the context. ``published`` is accepted for symmetry with the
    other readers; place names do not depend on the date.
    """
    del published
    mentions = [
        Mention("doc", 0, start, end, text[start:end], "PLACE")
        for start, end in spans
        if text[start:end].strip()
    ]
    toponyms = _toponyms(mentions, {"doc": text})
    # A given span is a place by the caller's word: a nationality word there means its country.
    resolved = _resolve(toponyms, [text], gazetteer, tuning, demonyms=True)
    by_key = {toponym.key: resolved[toponym.key] for toponym in toponyms}
    return [
        by_key.get(_group_key(text[start:end])) if text[start:end].strip() else None
        for start, end in spans
    ]


def find_place(name: str, places: Sequence[Place]) -> Place | None:
    """Return the place of ``places`` that an event's location string names, if any.

    An exact name wins ("Bunia"), then the country the string names by another of
    its names; otherwise the longest place name that the string contains as whole
    words ("the town of Bunia", "near Kabul airport").
    """
    key = _group_key(name)
    for place in places:
        if _group_key(place.name) == key:
            return place
    # a country by another of its names ("United Kingdom" for the story's "U.K.")
    codes = country_forms().get(name_key(name), ())
    if len(codes) == 1:
        for place in places:
            if place.feature == "PCLI" and place.country == codes[0]:
                return place
    text = f" {name_key(name)} "
    contained = [place for place in places if f" {name_key(place.name)} " in text]
    if not contained:
        return None
    return max(contained, key=lambda place: (len(place.name), place.lat is not None))


def first_named(text: str, places: Sequence[Place]) -> Place | None:
    """Return the resolved place of ``places`` that ``text`` names first (whole words), if any.

    Where an article's news happened when its lead names no place: the story's
    places are read with every article's evidence and the gazetteer, so a name
    the model misread in this article ("the Green Bay Packers") still counts. A
    name in a clause of what may or will happen (``lexicon.prospective``) does not.
    """
    found = [
        (match.start(), place)
        for place in places
        if place.lat is not None
        for match in re.finditer(rf"(?<!\w){re.escape(place.name)}(?!\w)", text)
        # a place of what may or will happen ("can win the title with a finish in X",
        # "is likely to be decided in X") is where a prospect lies, not where news happened
        if not prospective(text, match.start(), possible=True)
    ]
    return min(found, key=lambda item: item[0])[1] if found else None


def place_mentions(
    mentions: Sequence[Mention],
    texts: Mapping[str, str],
    others: Sequence[Mention] = (),
    known: Callable[[str], bool] = lambda name: False,
) -> list[Mention]:
    """Return the place-like mentions of articles: NER places plus names the model mislabels.

    Keeps GPE/LOC/FAC; relabels as PLACE an ORG or PERSON mention written
    after a place preposition ("in Bunia", "near Kandahar") or before a place
    word ("Kamoto mine", "Kandahar province"); adds capitalised words after such
    prepositions that no mention covers. A cue that also precedes people, firms
    and titles ("of", "from", "to": "according to Dealogic", "a tribute to
    Prince") makes a place only of a name the gazetteer ``known`` holds; one that
    puts the name where only places go ("in", "near", "east of", "the town of",
    "X province") needs no gazetteer. ``others`` are mentions already known
    not to be places (the people a story names in full): no cued name is taken
    from them ("according to Thurman"). Text rules, no model.
    """
    found = [m for m in mentions if m.label in PLACE_LABELS]
    nationalities = demonyms()
    for mention in mentions:
        # A cued name of one or two words: "of Bunia", not "part of the National Liberation Front".
        short = len(mention.text.split()) <= 2 and not mention.text.lower().startswith("the ")
        # A nation's adjective is never a place, whatever cue precedes it ("of Canadian
        # wheat" is no town of Canadian, Texas).
        nationality = name_key(mention.text) in nationalities
        if mention.label in {"ORG", "PERSON", "NORP"} and short and not nationality:
            text = texts.get(mention.article, "")
            cue = _place_cue(text, mention.start, mention.end)
            if cue == _SITE or (cue == _WEAK and known(mention.text)):
                found.append(replace(mention, label="PLACE"))
    person_words = {word for m in others for word in name_key(m.text).split()}
    for article, text in texts.items():
        covered = [(m.start, m.end) for m in (*mentions, *others) if m.article == article]
        for match in _CUED_NAME.finditer(text):
            start, end = match.span("name")
            first_word = match.group("name").split()[0].split("-")[0].lower()
            if first_word in _NOT_NAMES or any(s < end and start < e for s, e in covered):
                continue
            if name_key(match.group("name")) in nationalities:
                continue
            if _OFFICE_OF.search(text, max(0, start - 40), start) and not country_forms().get(
                name_key(match.group("name"))
            ):
                # "the Department of Justice": a portfolio, not the town of Justice (but
                # "the Health Minister of Peru" is Peru's)
                continue
            if not standalone_name(text, end):
                continue
            site = _site_cue(match, text)
            if name_key(match.group("name")) in person_words and not site:
                continue  # "the status of Palmer", "an echo of Thurman's crash": the person
            if not (site or known(match.group("name"))):
                continue  # "a tribute to Prince", "according to Coindesk"
            found.append(Mention(article, -1, start, end, match.group("name"), "PLACE"))
        found.extend(_enumerated(article, text, found))
        found.extend(_dateline_place(article, text, found))
    # "a rocket to Mars", "posted to Instagram": on no map, whatever village shares the
    # name; "testify before Congress": a body, not the town of Congress, Arizona
    kept = (m for m in found if not off_map(m.text) and name_key(m.text) not in LEGISLATURES)
    return sorted(kept, key=lambda m: (m.article, m.start))


def _dateline_place(article: str, text: str, places: Sequence[Mention]) -> list[Mention]:
    """Return the dateline's place ("VELMAR, Ariz. (AP) -") when no place mention covers it.

    By news convention it is where the report was filed; the model often leaves a
    name in capitals untagged or calls it a firm, so the map and the main event
    (whose place the dateline gives) would miss it.
    """
    dateline = find_dateline(text)
    if dateline is None or dateline.place is None:
        return []
    # as written (in capitals, mostly), found without changing the text's offsets
    found = re.compile(re.escape(dateline.place), re.IGNORECASE).search(
        text, dateline.start, dateline.end
    )
    if found is None:
        return []
    start, end = found.span()
    if any(m.article == article and m.start < end and start < m.end for m in places):
        return []
    return [Mention(article, -1, start, end, found.group(), "PLACE")]


# ------------------------------------------------------------------ mentions

_LIST_NAME = r"[A-Z][\wÀ-ſ'-]+(?:\s[A-Z][\wÀ-ſ'-]+){0,2}"
_ENUMERATION = re.compile(rf"{_LIST_NAME}(?:,\s+{_LIST_NAME})+,?\s+(?:and|or)\s+{_LIST_NAME}")
_LIST_ITEM = re.compile(_LIST_NAME)


def _enumerated(article: str, text: str, places: Sequence[Mention]) -> list[Mention]:
    """Return the other names of a list whose items are mostly places ("A, B, C and D")."""
    spans = [(m.start, m.end) for m in places if m.article == article]
    added = []
    for enumeration in _ENUMERATION.finditer(text):
        items = [
            (enumeration.start() + item.start(), enumeration.start() + item.end(), item.group())
            for item in _LIST_ITEM.finditer(enumeration.group())
        ]
        known = [any(s < end and start < e for s, e in spans) for start, end, _ in items]
        if sum(known) * 2 < len(items):
            continue
        for (start, end, name), is_known in zip(items, known, strict=True):
            if not is_known:
                added.append(Mention(article, -1, start, end, name, "PLACE"))
    return added


_PREPOSITION = r"(?:in|at|near|from|to|into|outside|towards?|around|of|across|via)"
# A cue and its name stand in one line: "set in\n\nWith the race ..." is a new paragraph.
_CUED_NAME = re.compile(
    rf"\b{_PREPOSITION}[^\S\n]+(?:the\s+(?:town|city|village|region|province)\s+of\s+)?"
    r"(?P<name>[A-Z][a-z\u00c0-\u017f]+(?:[ -][A-Z][a-z\u00c0-\u017f]+)?)"
)
_DESIGNATION = r"the\s+(?:[a-z-]+\s+){0,3}(?:town|city|village|region|province|district)\s+of\s+"
_BEFORE = re.compile(
    rf"\b(?P<cue>in|at|near|from|into|of|outside|towards?|around|across|via)[^\S\n]+"
    rf"(?:{_DESIGNATION})?$",
    re.IGNORECASE,
)
# What puts the name after "of" or "from" on the map: "the (mining) town of X", a
# bearing ("east of X", "north-west of X") or a distance ("30 kilometers (20 miles) from X").
_SITE_OF = re.compile(
    rf"(?:\b{_DESIGNATION}|(?:\b(?:north|south|east|west)(?:-?(?:east|west))?"
    r"|\b(?:km|kilomet(?:er|re)s?|miles?)\)?)\s+(?:of|from)\s+)$",
    re.IGNORECASE,
)
# An office of state named after its portfolio: "Department of Justice", "Ministry
# of Health", "Secretary of State", "Court of Appeal" (towns are called Justice and
# Health too); after it, only a country's name is a place.
_OFFICE_OF = re.compile(
    r"\b(?:Department|Dept\.?|Ministry|Minister|Secretary|Court|Courts|Office|Bureau)"
    r"[^\S\n]+of[^\S\n]+$"
)
# Capitalised words after a preposition that are not names of places.
_NOT_NAMES = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "upper",
        "lower",
        *MONTHS,
        *WEEKDAYS,
        "the",
        "a",
        "an",
        "this",
        "that",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "president",
        "minister",
        "mr",
        "mrs",
        "ms",
        "dr",
    }
)
_AFTER = re.compile(
    r"^\s+(?:(?:tin|gold|copper|coal|diamond)\s+)?(?:mine|mines|province|district|territory|"
    r"airport|camp|region|county|state)\b",
    re.IGNORECASE,
)


_COMPASS = r"(?:North|South|East|West|Upper|Lower|Northern|Southern|Eastern|Western|Central)"
_COORDINATED = re.compile(rf"^(?:the\s+)?({_COMPASS})\s+and\s+({_COMPASS})\s+(.+)$")


# "Abuja, Nigeria" tagged as one name: a place and the division or country it lies in.
_PAIRED = re.compile(r"^([A-Z][^,]*?),\s+([A-Z][^,]*)$")


def _expand(mention: Mention) -> list[Mention]:
    """Split "North and South Dakota" and "Abuja, Nigeria" into the places they name.

    The first of a pair keeps its place in the text, so the name after its comma is
    read as its container, as for any "X, Y" the tagger splits itself.
    """
    pair = _PAIRED.match(mention.text)
    if pair:
        first, second = pair.group(1), pair.group(2)
        return [
            replace(mention, text=first, end=mention.start + len(first)),
            replace(mention, text=second, start=mention.start + pair.start(2)),
        ]
    match = _COORDINATED.match(mention.text.strip())
    if not match:
        return [mention]
    first, second, rest = match.groups()
    return [replace(mention, text=f"{first} {rest}"), replace(mention, text=f"{second} {rest}")]


def _site_cue(match: re.Match[str], text: str) -> bool:
    """Tell whether a cued name stands where only a place can ("in X", not "X's" or "of X")."""
    return _place_cue(text, match.start("name"), match.end("name")) == _SITE


# How strongly the words around a name say that it is a place.
_SITE = "site"  # only a place goes there: "in X", "east of X", "the town of X", "X province"
_WEAK = "weak"  # a place or anything else: "of X", "from X", "to X"


def _place_cue(text: str, start: int, end: int) -> str | None:
    """Return how the text around the name ``text[start:end]`` cues a place (_SITE, _WEAK, None)."""
    if _AFTER.match(text[end : end + 30]):
        return _SITE
    before = _BEFORE.search(text[max(0, start - 40) : start])
    if before is None:
        return None
    if POSSESSIVE_AFTER.match(text[end:]):
        return _WEAK  # "in Palmer's car": the name is an owner, what follows is the site
    if before.group("cue").lower() in SITE_PREPOSITIONS:
        return _SITE
    return _SITE if _SITE_OF.search(text[max(0, start - 60) : start]) else _WEAK


def _strip(name: str) -> tuple[str, bool]:
    """Return the place name inside a facility or division phrase, and whether a division."""
    name = _HYPHEN_SUFFIX.sub("", name.strip())
    division = _DIVISION.search(name)
    if division:
        return name[: division.start()], True
    facility = _FACILITY.search(name)
    if facility and facility.start() > 0:
        return name[: facility.start()], False
    return name, False


# Up to three capitalised words (abbreviations keep their dots) right after a comma.
_AFTER_COMMA = re.compile(
    r",[ \t]{1,2}(?:in[ \t]+)?(?P<name>[A-Z][\w.'\u2019-]*(?:[ ][A-Z][\w.'\u2019-]*){0,2})"
)


def _group_key(name: str) -> str:
    stripped, _ = _strip(name)
    return name_key(stripped) or name_key(name)


def _toponyms(mentions: Sequence[Mention], texts: Mapping[str, str]) -> list[_Toponym]:
    """Group mentions by name: one name is one place within a story."""
    groups: dict[str, list[Mention]] = defaultdict(list)
    within: dict[str, set[str]] = defaultdict(set)
    peers: dict[str, set[str]] = defaultdict(set)
    sited: set[str] = set()
    datelined: set[str] = set()
    bare: set[str] = set()  # keys written "X" as a noun phrase of its own ("in X.")
    definite: set[str] = set()  # keys written "the X" so ("the X said")
    datelines = {article: find_dateline(text) for article, text in texts.items()}
    ordered = sorted(mentions, key=lambda m: (m.article, m.start))
    previous: tuple[Mention, bool] | None = None
    for mention in ordered:
        key = _group_key(mention.text)
        if not key:
            continue
        groups[key].append(mention)
        text = texts.get(mention.article, "")
        if _dateline_city(mention, datelines.get(mention.article), text):
            datelined.add(key)
        if _PHRASE_ENDS.match(text, mention.end) and not _AFTER_COMMA.match(text, mention.end):
            # the article is the tagger's ("the White House") or the text's before it
            article = _ARTICLE_START.match(mention.text) or _ARTICLE_BEFORE.search(
                text, max(0, mention.start - 6), mention.start
            )
            if article is None:
                bare.add(key)
            elif article.group(1).lower() == "the":
                definite.add(key)
        # the name listed just before this one ("Tokyo and X", "near Y, X"), if any
        listed = (
            previous
            if previous is not None
            and previous[0].article == mention.article
            and _COORDINATION.match(text[previous[0].end : mention.start]) is not None
            else None
        )
        if listed is not None and (peer := _group_key(listed[0].text)) and peer != key:
            peers[key].add(peer)
            peers[peer].add(key)
        site = _place_cue(text, mention.start, mention.end) == _SITE or (
            listed is not None and listed[1]
        )
        if site:
            sited.add(key)
        previous = (mention, site)
        # "Paris, Tenn.", "Pandi, Bulacan": the name after the comma may be its division,
        # whether or not it is a mention itself (state abbreviations seldom are).
        after = _AFTER_COMMA.match(text, mention.end)
        if after:
            within[key].add(after.group("name"))
    toponyms = []
    for key, members in groups.items():
        forms = Counter(m.text.strip() for m in members)
        written = forms.most_common(1)[0][0]
        stripped, division = _strip(written)
        division = division or any(_strip(m.text)[1] for m in members)
        lookups = tuple(dict.fromkeys([written, stripped] if stripped != written else [written]))
        toponyms.append(
            _Toponym(
                key=key,
                name=stripped if stripped else written,
                lookups=lookups,
                division=division,
                articles=tuple(sorted({m.article for m in members})),
                count=len(members),
                within=tuple(sorted(n for n in within[key] if _group_key(n) != key)),
                sited=key in sited or stripped != written,
                peers=tuple(sorted(peers[key])),
                dateline=key in datelined,
                definite=key in definite and key not in bare,
            )
        )
    return toponyms


# A name is a noun phrase of its own when what follows is no noun: a mark, a
# possessive, a verb or a function word ("the Herald said", "the Kremlin's", "in
# X."). In "the Karvik girls", "a Kremlin official" or "the X and Y districts" the
# article is the noun's, and says nothing of the name.
_ARTICLE_BEFORE = re.compile(r"\b(the|an?)\s+$", re.IGNORECASE)
_ARTICLE_START = re.compile(r"(the|an?)\s", re.IGNORECASE)
_PHRASE_ENDS = re.compile(
    r"(?:'s|\u2019s|\s*[.,;:!?)\"\u201d]|\s+(?:said|says|reported|told|has|have|had|is|was|"
    r"were|are|will|would|could|in|on|at|of|to|for|with|from|by|as|that|which|who|"
    r"before|after|during|since|until|when|while|where|because|than)\b)"
)


def _dateline_city(mention: Mention, dateline: Dateline | None, text: str) -> bool:
    """Tell whether a mention is the city of its article's dateline, not its state or country.

    "CAPE CANAVERAL, Fla. (AP) -": Cape Canaveral is, Fla. is not; in
    "SEOUL/WASHINGTON (Reuters) -" both are.
    """
    if dateline is None or not dateline.start <= mention.start < dateline.end:
        return False
    before = text[dateline.start : mention.start].strip()
    return not before or before.endswith("/")


# Between two names of one list: "in Judea and Samaria", "near Karvik, Orsk".
_COORDINATION = re.compile(r"^(?:\s*,)?\s*(?:(?:and|or)\s+)?$")
# A word that makes a name a place of its own, whatever the gazetteer holds: "Elgin
# Road", "Progressive Field", "the Sea of Japan", "Mount Agung", "Sohae Space Center".
_FEATURE_WORD = re.compile(
    r"\b(?:road|street|avenue|lane|square|plaza|bridge|tunnel|station|airport|port|harbou?r|"
    r"park|field|stadium|arena|zoo|gardens?|cent(?:er|re)|hotel|hall|hospital|university|"
    r"college|school|abbey|church|cathedral|mosque|temple|palace|castle|tower|consulate|embassy|"
    r"prison|camp|base|mines?|market|river|lake|sea|ocean|bay|gulf|strait|canal|coast|beach|"
    r"islands?|peninsula|valley|basin|hemisphere|desert|forest|mount|mountains?|hills?|zone|"
    r"village|county|province|state|region|district|territory)\b",
    re.IGNORECASE,
)
# Words that qualify a place's name without naming another: "northeast Nigeria".
_QUALIFIERS = word_set(
    "north south east west northern southern eastern western central northeast northwest "
    "southeast southwest northeastern northwestern southeastern southwestern upper lower "
    "far rural greater inner outer mid"
)


def _direction(name: str) -> bool:
    """Tell whether a name is only a direction or a qualifier ("North", "the West", "Central")."""
    words = name.lower().split()
    return bool(words) and all(word in _QUALIFIERS or word == "the" for word in words)


def _placed_by_text(toponym: _Toponym, gazetteer: Gazetteer) -> bool:
    """Tell whether the text makes a place of a name, which is no people's word ("German")."""
    return _grounded(toponym, gazetteer) and not _demonym_countries(toponym.name, gazetteer)


def _grounded(toponym: _Toponym, gazetteer: Gazetteer) -> bool:
    """Tell whether a name that no gazetteer holds is a place by what the text says.

    The models tag people, teams, firms, events and titles as places ("Timbaland",
    "the Bears", "Bloomberg", "the Super Bowl", "Purple Rain"); a name with no
    gazetteer entry is kept only when the text puts it where places go, its own words
    make it a feature ("Elgin Road", "Mount Agung"), it qualifies a known place
    ("northeast Nigeria") or it is written before its known division ("X, Kentucky").
    """
    if toponym.sited or toponym.division or _FEATURE_WORD.search(toponym.name):
        return True
    words = toponym.name.split()
    rest = [word for word in words if word.lower() not in _QUALIFIERS]
    if rest and len(rest) < len(words) and gazetteer.knows(" ".join(rest)):
        return True
    return any(_divisions_named(name, gazetteer) for name in toponym.within)


# ------------------------------------------------------------------ resolution


# A city this large may be named with "the" ("the Bronx"); a smaller town is not.
_DEFINITE_TOWN = 100_000


def _candidates(toponym: _Toponym, gazetteer: Gazetteer, demonyms: bool) -> list[Candidate]:
    for lookup in toponym.lookups:
        found = gazetteer.candidates(lookup)
        if toponym.definite:
            # Towns are named bare ("in Springfield"); "the Kremlin", "the Herald",
            # "the Globe" are always "the X": a building, a paper, a craft. A town
            # keeps such a name only where the article is its own ("The Hague").
            found = [
                c
                for c in found
                if c.feature_class != "P"
                or (c.population >= _DEFINITE_TOWN and c.match == "name")
                or c.name.lower().startswith("the ")
            ]
        if found:
            return _prefer_towns(found, written_as_division=toponym.division)
    if demonyms:  # "Syrian", "Britons": the country of the people named
        for lookup in toponym.lookups:
            countries = [gazetteer.country(code) for code in _demonym_countries(lookup, gazetteer)]
            if countries:
                return [country for country in countries if country is not None]
    return []


def _demonym_countries(word: str, gazetteer: Gazetteer) -> tuple[str, ...]:
    """Return the countries of a nationality word, singular or plural ("Kenyans", "Britons")."""
    found = gazetteer.demonym(word)
    if not found and word.endswith("s"):
        found = gazetteer.demonym(word[:-1])
    return found


# A capital or a city of this many people is named without its country or division.
METROPOLIS = 1_000_000


def _metropolis(candidate: Candidate) -> bool:
    return candidate.feature_code == "PPLC" or candidate.population >= METROPOLIS


def _prefer_towns(found: list[Candidate], written_as_division: bool = False) -> list[Candidate]:
    """Drop a division named after the town it surrounds, or after its city of millions.

    "Dubai" means the city; so do "São Paulo" and "Buenos Aires", whose divisions lie
    far around them: news names such a division as one ("São Paulo state":
    ``written_as_division``). A smaller capital does not hide its namesake division:
    "Washington" is the state as often as the capital. Only a town of that very name
    counts: "Maryland City" (an alternate name "Maryland") does not hide the state.
    """
    towns = [c for c in found if c.feature_class == "P" and c.match == "name"]

    def named_after(division: Candidate, town: Candidate) -> bool:
        if town.country != division.country:
            return False
        near = haversine_km(town.lat, town.lon, division.lat, division.lon) < 60
        return near or (town.population >= METROPOLIS and not written_as_division)

    return [
        c
        for c in found
        if c.feature_code not in {"ADM1", "ADM2"} or not any(named_after(c, t) for t in towns)
    ]


def _is_name(text: str) -> bool:
    """Return whether a mention can be a place name at all (no digits, not an initial)."""
    return len(name_key(text)) > 2 and not any(ch.isdigit() for ch in text)


def _resolve(
    toponyms: Sequence[_Toponym],
    texts: Sequence[str],
    gazetteer: Gazetteer,
    tuning: Tuning,
    *,
    demonyms: bool = False,
    outlets: Sequence[str | None] = (),
) -> dict[str, Place]:
    options = {toponym.key: _candidates(toponym, gazetteer, demonyms) for toponym in toponyms}
    for key, full in _initialisms(toponyms).items():
        options[key] = options[full]
    containers = {
        name: _divisions_named(name, gazetteer) for toponym in toponyms for name in toponym.within
    }
    context = _context(toponyms, options, containers, texts, gazetteer, tuning)
    for key, found in options.items():
        options[key] = [c for c in found if c.feature_code != LOCALITY or _state_named(c, context)]
    homes = Counter(country for country in outlets if country)
    context.outlets = {country: n / len(outlets) for country, n in homes.items()}
    first = {key: _best(found, context, None) for key, found in options.items() if found}
    confident = {
        key: choice
        for key, choice in first.items()
        if choice.feature_code not in _AREA_CODES and _confident(options[key], choice, context)
    }
    context.homes = Counter(choice.country for choice in confident.values() if choice.country)
    # Division centres are too coarse to pull a town towards them; towns anchor.
    context.anchors = {
        key: (choice.lat, choice.lon)
        for key, choice in confident.items()
        if choice.feature_class != "A"
    }
    context.anchor_divisions = {
        (choice.country, name_key(choice.admin1))
        for key, choice in confident.items()
        if key in context.anchors and choice.admin1
    }
    resolved = {}
    for toponym in toponyms:
        found = options[toponym.key]
        if found:
            choice, country = _choose(found, context, toponym)
        else:
            # No gazetteer entry: the country its own words name ("northeast Nigeria",
            # "German"), else the one the story clearly happens in, as for a contested name.
            choice = None
            country = _named_country(toponym.name, gazetteer) or context.dominant()
        resolved[toponym.key] = _place(toponym, choice, country)
    return resolved


_INITIALISM = re.compile(r"(?:[A-Z]\.?){2,4}")


def _initialisms(toponyms: Sequence[_Toponym]) -> dict[str, str]:
    """Return the keys of names written as the initials of another name of the story, and its key.

    A text that names "Port Karvik" and then "PK" means the town by both, not the
    state whose postal code "PK" is in the gazetteer; "VRC" beside "Vorna River City"
    likewise. An initialism written after a comma ("Ostrell, PK") is a division's
    code and keeps its own sense, as does one that initials no name or two.
    """
    codes = {name_key(name) for toponym in toponyms for name in toponym.within}
    spelled: dict[str, list[str]] = defaultdict(list)
    for toponym in toponyms:
        words = toponym.name.split()
        if len(words) >= 2 and all(word[:1].isupper() or word.islower() for word in words):
            initials = "".join(word[0] for word in words if word[:1].isupper())
            spelled[initials.lower()].append(toponym.key)
    found = {}
    for toponym in toponyms:
        if not _INITIALISM.fullmatch(toponym.name) or toponym.key in codes:
            continue
        full = spelled.get(toponym.name.replace(".", "").lower(), [])
        if len(full) == 1 and full[0] != toponym.key:
            found[toponym.key] = full[0]
    return found


def _state_named(locality: Candidate, context: _Context) -> bool:
    """Tell whether the story names the division a post-office locality lies in.

    A locality's name is often a word ("United", "Eagle"): only "Neponset, Ill."
    or a story about Illinois makes it the place.
    """
    state = name_key(locality.admin1 or "")
    return bool(state) and (
        state in context.divisions
        or any(
            name_key(division.name) == state and division.country == locality.country
            for found in context.containers.values()
            for division in found
        )
    )


def _divisions_named(name: str, gazetteer: Gazetteer) -> list[Candidate]:
    """Return the countries and divisions a name after a comma may be ("Tenn. police": "Tenn.")."""
    words = name.removesuffix("’s").removesuffix("'s").split()  # "Ostrell, Vorna's capital"
    for size in range(len(words), 0, -1):  # the longest name first: "New South Wales"
        if size < len(words) and _direction(" ".join(words[:size])):
            break  # "North Phyongan" is no division called "North"
        found = [
            c
            for c in gazetteer.candidates(" ".join(words[:size]))
            if c.feature_class == "A" and c.match != "alt"
        ]
        if found:
            return found
    return []


def _context(
    toponyms: Sequence[_Toponym],
    options: Mapping[str, list[Candidate]],
    containers: Mapping[str, list[Candidate]],
    texts: Sequence[str],
    gazetteer: Gazetteer,
    tuning: Tuning,
) -> _Context:
    """Gather the story's countries and divisions from its place names and its words."""
    countries: dict[str, float] = defaultdict(float)
    divisions: set[str] = set()
    # A bare direction ("the North") is no evidence of the country that has a division
    # so named: it is a part of whatever country the story is about.
    named = [
        (options[toponym.key], toponym.count, toponym.division)
        for toponym in toponyms
        if not _direction(toponym.name)
    ]
    # A division written only after a comma ("Paris, Tenn.") is evidence as a mention is.
    keys = {toponym.key for toponym in toponyms}
    named += [
        (found, 1, False) for name, found in containers.items() if _group_key(name) not in keys
    ]
    for found, count, division in named:
        nations = {
            c.country for c in found if c.feature_code == "PCLI" and c.match != "alt" and c.country
        }
        states = [c for c in found if c.feature_code == "ADM1" and c.match != "alt" and c.country]
        # A division counts when it is the name's main sense ("California", not "Santa
        # Ana", whose namesake city is larger than the Salvadoran department) or when
        # the name is also a country ("Georgia"): then the evidence is split.
        main = max(found, key=lambda c: c.population, default=None)
        if not (main in states or nations):
            states = []
        divisions.update(name_key(c.name) for c in states)
        senses = nations | {c.country for c in states if c.country}
        for country in senses:
            weight = 2.0 if country in nations else 1.0
            countries[country] += weight * count / len(senses)
        counties = [c for c in found if c.feature_code == "ADM2" and c.match != "alt"]
        if division and not senses and len({c.country for c in counties}) == 1:
            # "Clarke County": five counties of one country, which the story is in; a
            # county of one state ("Westchester County") puts the story in that state too.
            # Only a name written as a division: a bare "Swan" is a bird as often.
            county = counties[0]
            countries[str(county.country)] += count
            if county.admin1 and {c.admin1 for c in counties} == {county.admin1}:
                divisions.add(name_key(county.admin1))
    for text in texts:
        for word in _demonym_words(text):
            peoples = gazetteer.demonym(word)
            for country in peoples:
                countries[country] += 1.0 / len(peoples)
    contents: dict[str, set[str]] = defaultdict(set)
    for toponym in toponyms:
        for name in toponym.within:
            contents[_group_key(name)].add(toponym.key)
    points = {
        code: (entry.lat, entry.lon)
        for code in countries
        if (entry := gazetteer.country(code)) is not None
    }
    return _Context(
        countries,
        divisions,
        options,
        containers,
        {},
        contents=contents,
        country_points=points,
        tuning=tuning,
    )


_CAPITALISED = re.compile(r"\b[A-Z][a-z\u00c0-\u017f]+(?:\s+[A-Z][a-z\u00c0-\u017f]+)?\b")


def _demonym_words(text: str) -> list[str]:
    words = []
    for match in _CAPITALISED.finditer(text):
        words.append(match.group())
        if " " in match.group():
            words.extend(match.group().split())
    return words


def _score(candidate: Candidate, context: _Context, toponym: _Toponym | None) -> float:
    # Areas (continents, seas) carry no population; give them that of a large country.
    population = candidate.population or _TYPICAL_POPULATION.get(candidate.feature_code, 0)
    if candidate.feature_code in _AREA_CODES and candidate.feature_code != "PCLI":
        population = max(population, 10_000_000)
    score = math.log10(population + 1) / 2
    score += _CLASS_BONUS.get(candidate.feature_code, 0.0)
    if candidate.match == "alt":
        score -= 1.0
    score += context.tuning.country_weight * context.share(candidate.country)
    score += OUTLET_BONUS * context.outlets.get(candidate.country or "", 0.0)
    if candidate.admin1 and name_key(candidate.admin1) in context.divisions:
        score += 1.0
    if toponym is not None and toponym.division and candidate.feature_class == "A":
        score += 2.0
    if toponym is not None and any(
        _inside(candidate, container)
        for name in toponym.within
        for container in context.containers.get(name, ())
    ):
        score += 2.5
    if toponym is not None and any(
        _inside(inner, candidate)
        for key in context.contents.get(toponym.key, ())
        for inner in context.options.get(key, ())
    ):
        score += 2.5
    elif (
        toponym is not None
        and candidate.feature_code == "ADM1"
        and (candidate.country, name_key(candidate.name)) in context.anchor_divisions
        and not any(
            c.feature_code == "PCLI" and c.country == candidate.country
            for c in context.options.get(toponym.key, ())
        )
    ):
        # A town the story clearly places lies in this division ("police in Georgia ...
        # the Atlanta suspect"), as if the text had written "Atlanta, Georgia"; a country's
        # name stays the country's even where a province shares it ("Panama").
        score += 2.5
    if (
        toponym is not None
        and candidate.feature_code == "PPLC"
        and context.share(candidate.country) > 0
        and any(_national(context.options.get(peer, ())) for peer in toponym.peers)
    ):
        # Listed with nations or their capitals ("Tokyo and Washington", "Seoul,
        # Beijing and Washington"), the name of a capital of a nation the story names
        # means the capital (and its government), not the division that shares it.
        score += 2.5
    if (
        toponym is not None
        and candidate.feature_code == "PCLI"
        and candidate.match == "name"
        and any(_national(context.options.get(peer, ()), capitals=False) for peer in toponym.peers)
    ):
        # Listed with nations ("Vorna, Tamsara, X and Ostrell"), a name that is also a
        # nation's is the nation, not the province of the story's country that shares it.
        score += 2.5
    if toponym is not None and candidate.feature_code not in _AREA_CODES:
        # Places of one story lie near each other: reward closeness to the other anchors.
        distances = [
            haversine_km(candidate.lat, candidate.lon, lat, lon)
            for key, (lat, lon) in context.anchors.items()
            if key != toponym.key
        ]
        if distances:
            score += 1.5 * math.exp(-min(distances) / 250.0)
    return score


def _national(candidates: Sequence[Candidate], capitals: bool = True) -> bool:
    """Tell whether a name's own gazetteer entries make it a nation (or a national capital)."""
    codes = ("PCLI", "PPLC") if capitals else ("PCLI",)
    return any(c.match == "name" and c.feature_code in codes for c in candidates)


def _inside(candidate: Candidate, container: Candidate) -> bool:
    """Return whether ``candidate`` may lie in ``container`` (a country or a division)."""
    if container.match == "alt" or container.feature_class != "A":
        return False
    if container.feature_code == "PCLI":
        return candidate.country == container.country
    if candidate.country != container.country:
        return False
    if candidate.admin1 and name_key(candidate.admin1) == name_key(container.name):
        return True
    return haversine_km(candidate.lat, candidate.lon, container.lat, container.lon) < 300.0


def _choose(
    found: list[Candidate], context: _Context, toponym: _Toponym
) -> tuple[Candidate | None, str | None]:
    """Return the best credible candidate (or None) and the country to report.

    ``found`` holds at least one candidate. A runner-up is taken only from the
    story's countries. A best candidate that does not lead the best other place
    by ``tuning.margin`` is contested: no point, but the country when every
    contender lies in the same one.
    """
    if _direction(toponym.name) and not toponym.within:
        # A bare direction is a part of the country the text is about ("the North" of a
        # story on Vorna), which cannot be told; it names a division only of a country
        # the story names ("Cameroon's Far North"), never a town or a division elsewhere
        # ("North, South Carolina" is written so, with its state).
        found = [
            c
            for c in found
            if c.feature_class == "A" and c.match == "name" and context.share(c.country) > 0
        ]
        if not found:
            return None, None
    if toponym.dateline and not country_forms().get(toponym.key):
        # A dateline names the city a report was filed from ("NEW YORK (AP) -",
        # "WASHINGTON (Reuters) -"), never the state or province of that name (a
        # country's name stays the country's: no village of that name is meant).
        found = [c for c in found if c.feature_class == "P"] or found
    scored = sorted(
        ((_score(c, context, toponym), c) for c in found), key=lambda item: item[0], reverse=True
    )
    best_score, best = scored[0]
    famous = _famous_namesake(best, [c for _, c in scored[1:]], toponym, context)
    if famous is not None:
        best_score, best = next((s, c) for s, c in scored if c is famous)
    if _outweighed(best, [c for _, c in scored[1:]], context, toponym):
        # The larger namesake is meant where it lies beside a country the story names
        # ("Israeli airstrikes hit Gaza": the city, not the Mozambican province).
        beside = [
            c
            for _, c in scored[1:]
            if c.population >= best.population and c.match == "name" and _beside_story(c, context)
        ]
        return (beside[0], beside[0].country) if beside else (None, context.dominant())
    if _credible(best, context):
        contenders = _contenders(scored, context.tuning.margin)
        if len(contenders) == 1:
            return best, best.country
        countries = {c.country for c in contenders}
        return None, countries.pop() if len(countries) == 1 else context.dominant()
    home = context.dominant()
    for score, candidate in scored[1:]:
        if best_score - score > 2.0:
            break
        at_home = candidate.country == home or context.share(candidate.country) > 0
        if at_home and _credible(candidate, context):
            return candidate, candidate.country
    return None, home


# A name's famous namesake outranks a place this many times smaller that the story's
# context chose: an order of magnitude.
FAME_RATIO = 10.0
# A city is known by its bare name across its country from this size: the "large
# city" class of national statistics (the US Census's and FBI's 250,000 or more).
FAMOUS_CITY = 250_000


def _famous(candidate: Candidate) -> bool:
    """Tell whether a city is known by its bare name: a capital or a large city."""
    if candidate.feature_class != "P" or candidate.match != "name":
        return False
    return candidate.feature_code == "PPLC" or candidate.population >= FAMOUS_CITY


def _famous_namesake(
    choice: Candidate, others: Sequence[Candidate], toponym: _Toponym, context: _Context
) -> Candidate | None:
    """Return the famous city a bare name means where context chose a far smaller namesake.

    The story's divisions and nearby places weigh evenly matched namesakes, but a
    bare "Boston" or "Hiroshima" is the famous city even in a story whose other
    places lie near a village of that name: news writes the village with its
    state ("Boston, N.Y."), which ``within`` keeps. A local outlet's home is
    another matter: a British paper's "Perth" is the Scottish town (``OUTLET_BONUS``).
    """
    if toponym.within or toponym.division or choice.feature_class != "P":
        return None
    local = _at_outlet_home(choice, context)
    famous = [
        other
        for other in others
        if _famous(other)
        and not (local and other.country != choice.country)
        and other.population >= FAME_RATIO * choice.population
        and haversine_km(other.lat, other.lon, choice.lat, choice.lon) > _SAME_PLACE_KM
    ]
    return max(famous, key=lambda c: c.population) if famous else None


# A country's mission lies in another country: "the German consulate" in Mazar-e-Sharif.
_MISSION = re.compile(r"\b(?:embassy|consulate|high commission|mission)\b", re.IGNORECASE)


def _named_country(name: str, gazetteer: Gazetteer) -> str | None:
    """Return the one country a name names: a country in its words, or its people alone.

    "northeast Nigeria" and "China Daily" name theirs; "Chinese" is China's, but
    "South Pole" is not Poland's: a people's word counts only as the whole name.
    """
    if _MISSION.search(name):
        return None
    codes = set(_demonym_countries(name, gazetteer))
    for word in _demonym_words(name):
        codes.update(
            c.country
            for c in gazetteer.candidates(word)
            if c.feature_code.startswith("PCL") and c.match != "alt" and c.country
        )
    return codes.pop() if len(codes) == 1 else None


def _contenders(scored: Sequence[tuple[float, Candidate]], margin: float) -> list[Candidate]:
    """Return the best candidate and the other places scoring within ``margin`` of it.

    Candidates within the scoring radius of the best are the same place for the
    reader (a town and its district), so they never contest it.
    """
    best_score, best = scored[0]
    return [best] + [
        candidate
        for score, candidate in scored[1:]
        if best_score - score < margin
        and haversine_km(candidate.lat, candidate.lon, best.lat, best.lon) > _SAME_PLACE_KM
    ]


def _outweighed(
    choice: Candidate, others: Sequence[Candidate], context: _Context, toponym: _Toponym
) -> bool:
    """Return whether a choice is a smaller namesake that nothing in the story supports.

    When a far-away place of the same name is at least as populous and the story
    names nothing of the choice's country, the feature-kind prior alone decided
    ("Gaza" the Mozambican province over Gaza the city): leave the name unresolved.
    Another place of the story placed beside the choice supports it ("the fire in
    X spread to Y", Y a few kilometres from the smaller X).
    """
    if choice.feature_code in _AREA_CODES or context.share(choice.country) > 0:
        return False
    if _at_outlet_home(choice, context):
        return False  # the namesake at home of a local outlet (OUTLET_BONUS)
    if any(
        haversine_km(choice.lat, choice.lon, lat, lon) <= _SAME_PLACE_KM
        for key, (lat, lon) in context.anchors.items()
        if key != toponym.key
    ):
        return False
    return any(
        other.population >= choice.population > 0
        and haversine_km(other.lat, other.lon, choice.lat, choice.lon) > _SAME_PLACE_KM
        for other in others
    )


def _at_outlet_home(candidate: Candidate, context: _Context) -> bool:
    """Tell whether a place lies in the home country of most of the story's local outlets."""
    return context.outlets.get(candidate.country or "", 0.0) > 0.5


# A country with this share of the story's evidence is where it happens, or beside it.
_STORY_COUNTRY_SHARE = 0.25


def _beside_story(candidate: Candidate, context: _Context) -> bool:
    """Tell whether a place lies in a country the story names, or near a main one."""
    return context.share(candidate.country) > 0 or any(
        haversine_km(candidate.lat, candidate.lon, lat, lon) <= context.tuning.namesake_km
        for code, (lat, lon) in context.country_points.items()
        if context.share(code) >= _STORY_COUNTRY_SHARE
    )


# Two candidates farther apart than this are different places (the 161-km scoring radius).
_SAME_PLACE_KM = 161.0


def _best(found: list[Candidate], context: _Context, toponym: _Toponym | None) -> Candidate:
    return max(found, key=lambda candidate: _score(candidate, context, toponym))


def _confident(found: list[Candidate], choice: Candidate, context: _Context) -> bool:
    """Return whether a first-pass choice is safe to anchor the others on (a clear winner)."""
    if not context.countries or context.share(choice.country) > 0:
        others = [c for c in found if c is not choice]
        if not others:
            return True
        runner_up = max(_score(c, context, None) for c in others)
        return _score(choice, context, None) - runner_up >= 1.0
    return False


def _credible(choice: Candidate, context: _Context) -> bool:
    """Return whether a point may be reported: not a far namesake in an unmentioned country."""
    if choice.feature_code in _AREA_CODES or context.share(choice.country) > 0:
        return True
    if context.tuning.strict_alternates and choice.match == "alt" and context.countries:
        return False
    home = context.dominant()
    if home is None or home == choice.country:
        return True
    if _metropolis(choice):
        return True  # a capital or a very large city is named without its country
    distances = [
        haversine_km(choice.lat, choice.lon, lat, lon) for lat, lon in context.anchors.values()
    ]
    return bool(distances) and min(distances) <= context.tuning.namesake_km


def _place(toponym: _Toponym, choice: Candidate | None, country: str | None) -> Place:
    if choice is None:
        return Place(name=toponym.name, country=country, articles=toponym.articles)
    return Place(
        name=toponym.name,
        country=choice.country,
        lat=choice.lat,
        lon=choice.lon,
        admin1=choice.admin1,
        gazetteer_id=choice.gazetteer_id,
        feature=choice.feature_code,
        articles=toponym.articles,
    )
