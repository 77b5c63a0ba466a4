"""How far a statement is backed by the texts it cites: content-token overlap.

The brief, the claims and the tests use this to check "cite or omit": a
statement is supported when most of its content words (numbers normalised,
lightly stemmed) occur in the union of the sentences it cites.

Threshold: ``SUPPORT_THRESHOLD = 0.7``, measured two ways. On the hand-made
pairs in ``tests/test_support.py`` true citations score 1.0 and swapped ones
(another sentence of the same story) at most 0.17. On the brief written for a
hand-built four-article story (events, figures and contradictions shaped like
real wire copy) true citations scored 0.86-1.0 and every swapped pairing
0.0-0.67; the 0.67 cases are three-word statements ("Forces retreated to X")
against a sentence that shares the place and one word. 0.7 sits in that gap:
a statement of three to five content words must be fully or all-but-one
backed, and a templated true statement (which loses a word to paraphrase)
still passes.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence

from newsfuse.lexicon import SMALL_NUMBERS, word_set

SUPPORT_THRESHOLD = 0.7


# Function words carry no checkable content.
STOPWORDS = word_set(
    """
    a about above after again against all almost also am among an and any are around as at
    be because been before being below between both but by can could did do does doing down
    during each either few for from further had has have having he her here hers him his how
    however i if in into is it its itself just least less like many may me might more most
    much must my near nearly no nor not of off on once only or other our out over own per
    roughly same she should since so some such than that the their them then there these they
    this those though through to too under until up upon very was we were what when where
    which while who whom whose why will with within would yet you your approximately
    estimated some several just now still already
    """
)

# Words that say who said something rather than what was said: a templated
# sentence ("... according to some sources, ... according to others") must not
# fail because the cited texts do not contain the attribution itself.
ATTRIBUTION = word_set(
    """
    according report reports reported reporting source sources say says said independent
    independently differ differs disagree disagreement others another side sides versus vs
    whereas figure figures account accounts corroborated contested
    """
)

_UNIT_WORDS = {
    "kilometre": "km",
    "kilometres": "km",
    "kilometer": "km",
    "kilometers": "km",
    "kms": "km",
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_NUMBER = re.compile(
    r"(?<![a-z0-9])(\d+(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(thousand|million|billion|trillion)\b)?"
)
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b")
_TOKEN = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
_SUFFIXES = (
    "ations",
    "ation",
    "ments",
    "ment",
    "ings",
    "ing",
    "ures",
    "ure",
    "ers",
    "ied",
    "ies",
    "ed",
    "es",
    "en",
    "er",
    "ly",
    "s",
    "e",
)
_STEM_CHARS = 5


# Only non-ASCII characters can be combining marks: matching them alone spares a
# Python-level test of every character of every article.
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _without_combining(match: re.Match[str]) -> str:
    char = match.group()
    return "" if unicodedata.combining(char) else char


def strip_accents(text: str) -> str:
    """Return ``text`` decomposed (NFKD) without its combining marks: "Zürich" -> "Zurich"."""
    return _NON_ASCII.sub(_without_combining, unicodedata.normalize("NFKD", text))


def normalise_text(text: str) -> str:
    """Return ``text`` lowercased, accents stripped, quotes unified."""
    return strip_accents(text).replace("\u2019", "'").replace("\u2018", "'").lower()


def number_token(value: float) -> str:
    """Return the canonical token of a number: 3500.0 -> "3500", 2.5 -> "2.5"."""
    if value == int(value):
        return str(int(value))
    return f"{value:.6g}"


_SMALL_NUMBERS = {word: str(value) for word, value in SMALL_NUMBERS.items()}
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_SMALL_NUMBERS) + r")\b", re.I)


def _numbers_to_tokens(text: str) -> str:
    # "3,500" and "3500" must match, "2 million" must match 2000000, "two" must match 2.
    def replace(match: re.Match[str]) -> str:
        value = float(match.group(1).replace(",", ""))
        if match.group(2):
            value *= _SCALES[match.group(2)]
        return f" {number_token(value)} "

    text = _NUMBER_WORD.sub(lambda match: _SMALL_NUMBERS[match.group(1).lower()], text)
    return _NUMBER.sub(replace, text)


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)(?:s|\u2019s|'s)?\b")  # a decade by its first year


def years_in(text: str | None) -> frozenset[int]:
    """Return the years (1800-2099) that ``text`` names ("since 1959", "in April 2014").

    A decade counts as its first year ("since the 1950s" -> 1950).
    """
    return frozenset(int(year) for year in _YEAR.findall(text or ""))


@functools.lru_cache(maxsize=1 << 16)  # a corpus repeats its words: most calls are hits
def stem(word: str) -> str:
    """Return a light stem: one common suffix off, then at most five characters.

    Crude on purpose: both sides of a comparison are stemmed the same way, so
    "seized"/"seizes"/"seize" and "Kenya"/"Kenyan" meet without a lexicon.
    """
    if not word.isalpha():
        return word
    if not word.endswith("ss"):
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
                break
    return word[:_STEM_CHARS]


def _raw_tokens(text: str) -> list[str]:
    text = _ISO_DATE.sub(" ", normalise_text(text))
    text = _numbers_to_tokens(text)
    return [_UNIT_WORDS.get(token, token) for token in _TOKEN.findall(text)]


def content_tokens(text: str, *, drop: Iterable[str] = ()) -> frozenset[str]:
    """Return the stemmed content tokens of ``text`` (no stopwords, numbers normalised).

    ``drop`` names extra words (unstemmed, lowercase) to leave out.
    """
    skip = STOPWORDS | frozenset(drop)
    return frozenset(
        stem(token)
        for token in _raw_tokens(text)
        if token not in skip and (len(token) > 1 or token.isdigit())
    )


def statement_tokens(statement: str) -> frozenset[str]:
    """Return the tokens of a statement that its citations have to carry."""
    # Resolved ISO dates come from the publication date, not the text; the
    # words they were resolved from ("Wednesday") are checked instead.
    return content_tokens(statement, drop=ATTRIBUTION)


def overlap(left: frozenset[str], right: frozenset[str]) -> float:
    """Return the overlap coefficient |A & B| / min(|A|, |B|), 0 when either is empty."""
    if not left or not right:
        return 0.0
    return len(left & right) / min(len(left), len(right))


def support_score(statement: str, cited_texts: Sequence[str]) -> float:
    """Return the share of the statement's content tokens found in the cited texts, in [0, 1].

    A statement with no content tokens scores 0: there is nothing that the
    citations could be shown to back. Numbers are all-or-nothing: a figure
    the cited texts do not carry ("12,000" cited to a text that says "8,000")
    makes the statement unsupported however many other words agree.
    """
    wanted = statement_tokens(statement)
    if not wanted:
        return 0.0
    available: set[str] = set()
    for text in cited_texts:
        available |= content_tokens(text)
    if any(_is_number(token) and token not in available for token in wanted):
        return 0.0
    return len(wanted & available) / len(wanted)


def _is_number(token: str) -> bool:
    return token.replace(".", "", 1).isdigit()


def is_supported(
    statement: str, cited_texts: Sequence[str], threshold: float = SUPPORT_THRESHOLD
) -> bool:
    """Return True when ``support_score`` reaches ``threshold`` (see the module docstring)."""
    return support_score(statement, cited_texts) >= threshold


# A line of this many words or more, all capitalised, is a heading (shorter ones may be names).
TITLE_MIN_WORDS = 4


def in_title_case(text: str) -> bool:
    """Tell whether a line is a headline or a subhead: every word capitalised but the small ones.

    "Ten Days That Changed The Town" is a heading set in the body, not a sentence of an
    account; a sentence full of names still has its verb in lower case.
    """
    words = [word for word in text.split() if any(char.isalpha() for char in word)]
    if len(words) < TITLE_MIN_WORDS:
        return False
    capitalised = [next(char for char in word if char.isalpha()).isupper() for word in words]
    return any(capitalised) and all(  # "the same as before" is small words only: no heading
        upper or normalise_text(word).strip(".,;:!?'\"\u2018\u2019\u201c\u201d()") in STOPWORDS
        for word, upper in zip(words, capitalised, strict=True)
    )
