"""Direct quotes and who said them.

``find_quotes(article, sentences, mentions)`` finds quoted speech (curly or
straight double quotes, « guillemets », across sentences; speech over several
paragraphs, each left open and the next opened with a quote mark) and its speaker:

- after the quote: "“...,” X said", "“...,” said X", "“...” X told Reuters",
  "“...,” according to X";
- before it: "X told Reuters: “...”", "X said: “...”", "X ..., stating, “...”",
  "According to X, “...”"; a partial quote ("X said the attack was “...”")
  takes the speaker of the speech verb before it;
- a quote with no attribution of its own right after one whose speaker is named
  (only that quote's attribution sentence, or a paragraph break, between them:
  "“...,” X said. “...”") goes on with that speaker, as news style writes it; a
  speaker a pronoun was taken for is not carried on.

A speaker is ``named`` when a PERSON mention (else another named mention, a title
and a name: "Mr. Tan", or a name the model tagged a person elsewhere in the
article) gives it, ``described`` for unnamed sources ("an officer in the army
(XYZ)", "a local official"), ``unknown`` when nothing does; a linking word before
it ("Still, X said") is no part of it. A name the model tags a person once but a
place or an organisation more often is none. "he"/"she" takes up the last
sentence (of the two before) that names a person outside quotes, or opens on a
full name that speaks ("Ana Roe, a shopkeeper, said"): the person it says
speaks, else its first person; where they name no one, the nearer of the last
quote's named speaker and the person the same pronoun speaking before meant,
else the most recent person before (see ``pronoun_speaker``). "the group", "the
company" and the like are the named actor that opens the sentence before when
there is one, else the description itself. Quotes of fewer than four words are
scare quotes ("the enemy") or too short to report, and are skipped (the speaker
named with a short one goes on with the speech after it); so is a mid-sentence
fragment with no speech verb to attribute it, and a heading or title set in
quotes ("The Night The Quay Flooded").

A post embedded as pages print it ("<text> pic.twitter.com/... — Name (@handle)
Month D, YYYY") is a quote of its author, its links left out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from newsfuse.lexicon import TITLE_ABBREVIATIONS
from newsfuse.records import Article, Mention, Quote, Sentence
from newsfuse.stages.entities import PLACE_LABELS, TITLE_WORDS, strip_titles
from newsfuse.support import STOPWORDS, in_title_case, word_set

SpeakerKind = Literal["named", "described", "unknown"]

MIN_QUOTE_WORDS = 4  # shorter quoted words are scare quotes, not speech
MAX_SPEAKER_WORDS = 12

_SPEECH_VERBS = (
    r"said|says|say|told|tells|added|adds|stated|explained|noted|declared|insisted|warned"
    r"|wrote|writes|tweeted|posted|asked|replied|recalled|continued|claimed|announced"
    r"|confirmed|argued|urged|cautioned|acknowledged|admitted|remarked|stressed|emphasi[sz]ed"
    r"|maintained|commented|observed|shouted|cried|exclaimed|lamented|complained|pleaded"
    r"|vowed|promised|conceded|agreed|responded|answered|predicted|suggested"
    # the present of features and profiles ("she recalls"), and speech in a manner
    r"|recalls|explains|notes|insists|warns|argues|replies|continues|admits|concedes"
    r"|clarified|clarifies|joked|jokes|quipped|quips|recounted|recounts|reflected|mused"
    r"|boasted|yelled|screamed|whispered|chanted|testified|wondered"
)
_SPEECH_PARTICIPLES = (
    r"stating|saying|adding|writing|declaring|telling|noting|explaining|warning"
    r"|shouting|screaming|yelling|asking|recalling|joking|arguing|insisting|tweeting"
)
_TO = (
    r"(?P<to>(?:the\s+)?[A-Z][\w.&'’-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w.&'’-]*){0,4}"
    r"|reporters|journalists|the\s+press|(?:a|the)\s+(?:news\s+)?(?:conference|briefing))"
)
_TIME_TAIL = r"(?:\s+(?:on|in|at|during|late|early|last|this|after|before)\s+[^,:;“”\"]{1,40}?)?"

# A title whose full stop is not the sentence's: "said Mr. Kim", "wrote Dr. Roe".
_HONORIFIC = rf"(?:(?:{'|'.join(TITLE_ABBREVIATIONS)})\.\s+)?"

# A title and a name: "Mr. Tan", "Dr Ana Roe", "Gen. Vale".
_TITLED_NAME = re.compile(
    rf"(?:{'|'.join(TITLE_ABBREVIATIONS)})\.?\s+(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,2}})"
)

# Speaker after the quote: ', said X' / ', X said' / ', X told Reuters' / ', according to X'.
_POST_VERB_FIRST = re.compile(
    rf"^[\s,]*(?:{_SPEECH_VERBS})\s+(?P<speaker>{_HONORIFIC}[^,.;:!?“”\"]+?)"
    r"(?=\s*(?:[,.;:!?“”\"(]|$)|\s+(?:on|in|at|during|after)\s)"
)
_POST_SPEAKER_FIRST = re.compile(
    rf"^[\s,]*(?P<speaker>{_HONORIFIC}[^.;:!?“”\"]+?(?:\([^)]*\))?)\s+(?:\w+ly\s+)?"
    rf"(?P<verb>{_SPEECH_VERBS})\b"
    rf"(?:\s+{_TO})?"
)
_POST_ACCORDING = re.compile(r"^[\s,]*according\s+to\s+(?P<speaker>[^,.;:!?“”\"]+)", re.IGNORECASE)
# Speaker before the quote: 'X told Reuters: “', 'X said on Thursday: “', '..., stating, “'.
_PRE_VERB_LAST = re.compile(
    rf"(?P<verb>\b(?:{_SPEECH_VERBS}|{_SPEECH_PARTICIPLES}))(?:\s+{_TO})?{_TIME_TAIL}"
    rf"(?:\s+(?:that|in\s+a\s+statement))?\s*[:,]?\s*$"
)
_PRE_ACCORDING = re.compile(r"\baccording\s+to\s+(?P<speaker>[^,:;“”\"]+)[,:]?\s*$", re.IGNORECASE)
_PRE_ANY_VERB = re.compile(rf"\b(?:{_SPEECH_VERBS})\b")
_PRONOUNS = {"he", "she"}
_COLLECTIVE_PRONOUNS = {"it", "they", "we", "i", "you"}
_INDEFINITE = re.compile(
    r"^(?:an?|one|another|two|three|several|some|many|other|a\s+second|a\s+third)\s", re.IGNORECASE
)
# Nouns that refer back to a named organisation ("the group said").
_ORG_NOUNS = (
    r"group|company|firm|army|military|ministry|government|movement|rebels|organi[sz]ation|agency"
    r"|party|alliance|coalition|militia|police|charity|union|council|court|office|department"
    r"|administration|authorities|authority|force|forces|bank|fund|committee|commission"
    r"|campaign|network|operator|institute|board|junta|regime|spokesman|spokeswoman|spokesperson"
)
_BACK_REFERENCE = re.compile(rf"^the\s+(?:\w+\s+)?(?:{_ORG_NOUNS})$", re.IGNORECASE)
# Words that begin the predicate, ending a clause's subject ("A leader expressed ...").
_PREDICATE = re.compile(
    r"\s(?:has|have|had|was|were|is|are|will|would|could|did|does|also|then|later|earlier"
    r"|[a-z]+ed|expresses|describes|speaks|spoke|gave|gives|made|makes|took|takes)\s",
)
# A phrase that sets the scene before the speaker's name ("Asked about X, Mattis said").
_SCENE = re.compile(
    r"(?:asked|speaking|talking|writing|responding|referring|commenting|of|in|on|at|after|"
    r"before|when|while|during|with|for|about)\b",
    re.IGNORECASE,
)
# Words that link a speaker's sentence to the one before: "Still, X said", "But X said".
_CONNECTOR = re.compile(
    r"(?:still|but|and|yet|however|though|although|now|meanwhile|instead|indeed|also|so)\b,?\s+",
    re.IGNORECASE,
)
# A described speaker opens on a name, a number or a determiner ("68-year-old X", "the
# mayor", "his father"); a preposition, conjunction or verb opens a clause's remains.
_DESCRIPTION = re.compile(
    r"(?!(?i:in|on|at|of|after|before|when|while|during|with|for|about|asked|speaking)\b)"
    r"(?:[A-Z0-9]|(?i:an?|the|his|her|its|their|our|my|your|one|another|this|that|these|"
    r"those|some|several|many|two|three|four|five)\b)"
)
# "researcher Jane Roe", "former executive Jane Roe": a role before a name the tagger missed
_ENDS_ON_A_NAME = re.compile(r"\b[A-Z][\w'’-]+ [A-Z][\w'’-]+$")
# A role noun (lower case, or a title: "Chief Constable") right before a full name of two
# or three words: the name is the speaker's ("Facebook executive Jane Roe").
# ("a spokesman for the Red Cross" is the spokesman: no function word is a role).
_ROLE_TITLES = "|".join(re.escape(word) for word in sorted(TITLE_WORDS - STOPWORDS))
_ROLE_THEN_NAME = re.compile(
    r"(?:\b(?!(?:the|an?|for|of|to|at|with|from|in|on|by|and|or)\b)[a-z][\w-]+"
    rf"|\b(?i:{_ROLE_TITLES}))\s+"
    r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2})$"
)
_NOT_A_SPEAKER_END = {"and", "or", "but", "that", "he", "she", "they", "it", "who", "which"}
# Words of the predicate that may end a speaker's clause before its verb ("X also said",
# "X's spokesperson today said").
_TRAILING = word_set(
    "also then later earlier again too has have had today yesterday tonight now recently previously"
)
# A relative clause that ends the subject ("A local official who saw it", or its
# pronoun left where the clause's verb cut it: "A local official, who [asked not to be
# named]"): it describes the speaker and is no part of the description. One that a
# comma closes before more words is inside a longer phrase ("Citing X, which Y opposed,
# and Z, he"), which is no subject at all.
_RELATIVE = re.compile(r",?\s+(?:who|whom|whose|which)\b[^,]*$", re.IGNORECASE)
# A name right after a preposition is not the phrase's head: "a rep for (Mr.) X".
_GOVERNED = re.compile(
    rf"\b(?:for|of|to|with|from|at|about|behind|representing)\s+(?:the\s+)?{_HONORIFIC}$",
    re.IGNORECASE,
)
# "angrily", "humorously": how, not who; but "the Vale family", "the assembly" are who.
_MANNER = re.compile(r"[a-z]{4,}ly")
_LY_NOUNS = frozenset({"family", "assembly", "supply", "monopoly", "anomaly", "daily", "weekly"})
_DETERMINER = re.compile(r"(?:an?|the|one|another|this|that|its|their)", re.IGNORECASE)
# A full stop after a title is no sentence's end ("said Mr. Kim").
_NOT_AFTER_TITLE = "".join(rf"(?<!\b{title})" for title in TITLE_ABBREVIATIONS)
# Each opens on a look-ahead for its first character, so that the title look-behinds
# are tried only where a stop or a line break stands (18 times faster, same matches).
_CLAUSE_BREAK = re.compile(rf"(?=[.!?\n])(?:{_NOT_AFTER_TITLE}[.!?][”\"’]?\s+(?=[A-Z“\"])|\n)")
_BREAK_OPENERS = frozenset('.!?”"’')
_CURLY = re.compile(r"“[^“”]*”")
_GUILLEMETS = re.compile(r"«[^«»]*»")
_STRAIGHT = re.compile('"')
_SENTENCE_END = re.compile(rf"(?=[.!?\n])(?:{_NOT_AFTER_TITLE}[.!?](?=\s|$)|\n)")
_QUOTE_MARKS = '"\u201c\u201d\u00ab\u00bb'
_LEADING_THE = re.compile(r"\s*(?:the\s+)?", re.IGNORECASE)
_NAME_LABELS = {"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART"}


@dataclass(frozen=True)
class Span:
    """A quoted passage: offsets of the opening and closing marks in the article text."""

    open: int
    close: int


@dataclass(frozen=True)
class Speaker:
    name: str | None
    kind: SpeakerKind
    to: str | None = None
    pronoun: str = ""  # "he said": the pronoun a name was taken for, a guess


UNKNOWN = Speaker(None, "unknown")


def quote_key(words: str) -> str:
    """Return what tells two quotes apart: their words, whatever the quote marks and case."""
    return " ".join(re.findall(r"\w+", words.replace("’", "'").lower()))


def quote_spans(text: str) -> list[Span]:
    """Return the quoted passages of ``text``: curly pairs, guillemets, straight pairs.

    Speech quoted over several paragraphs leaves each one open but the last and opens
    the next with a quote mark: such an open quote runs to the end of its paragraph
    (its ``close`` is the line break or the text's end).
    """
    spans = [Span(m.start(), m.end() - 1) for m in _CURLY.finditer(text)]
    spans += [Span(m.start(), m.end() - 1) for m in _GUILLEMETS.finditer(text)]
    closed = {span.open for span in spans}
    for mark in re.finditer("“", text):
        end = _paragraph_end(text, mark.start())
        left_open = mark.start() not in closed and "”" not in text[mark.start() : end]
        if left_open and _next_paragraph_opens_quoted(text, end, "“"):
            spans.append(Span(mark.start(), end))
    offset = 0
    for paragraph in text.split("\n"):
        # Straight quotes open and close alike: pair them in order within a paragraph.
        marks = [offset + m.start() for m in _STRAIGHT.finditer(paragraph)]
        spans += [Span(a, b) for a, b in zip(marks[::2], marks[1::2], strict=False)]
        end = offset + len(paragraph)
        if len(marks) % 2 and _next_paragraph_opens_quoted(text, end, '"'):
            spans.append(Span(marks[-1], end))
        offset = end + 1
    return sorted(spans, key=lambda span: span.open)


def _paragraph_end(text: str, position: int) -> int:
    end = text.find("\n", position)
    return len(text) if end < 0 else end


def _next_paragraph_opens_quoted(text: str, end: int, mark: str) -> bool:
    """Tell whether the paragraph after the one ending at ``end`` opens with ``mark``."""
    return _NEXT_PARAGRAPH_QUOTED[mark].match(text, end) is not None


# A line break, then (after blank lines and indents) a quote mark opening the paragraph.
_NEXT_PARAGRAPH_QUOTED = {mark: re.compile(rf"\n\s*{mark}") for mark in ('"', "“")}


def quote_words(text: str, span: Span) -> str:
    """Return the quoted words without marks or the trailing comma."""
    return text[span.open + 1 : span.close].strip().rstrip(",").strip()


def is_fragment(text: str, span: Span) -> bool:
    """Tell whether the quote is a phrase inside a sentence rather than quoted speech."""
    before = text[: span.open].rstrip(" ")
    inner = text[span.open + 1 : span.close].lstrip()
    opens_speech = not before or before[-1] in ":,\n.!?—–-" or before.endswith(("\n", "("))
    return not opens_speech and not (inner[:1].isupper() and before[-1:] in ":,")


def clause_before(text: str, span: Span, spans: Sequence[Span]) -> int:
    """Return where the clause that leads into the quote starts."""
    start = 0
    # Every line break is a clause break, so no later break ends before the last one:
    # the search starts there (backed over the punctuation and spaces that a sentence
    # break ending after it may open with), not at the text's start for every quote.
    floor = text.rfind("\n", 0, span.open)
    while floor > 0 and (text[floor - 1].isspace() or text[floor - 1] in _BREAK_OPENERS):
        floor -= 1
    for match in _CLAUSE_BREAK.finditer(text, max(floor, 0), span.open):
        start = match.end()
    for other in spans:
        if other.close < span.open:
            start = max(start, other.close + 1)
    return start


def clause_after(text: str, span: Span, spans: Sequence[Span]) -> int:
    """Return where the text that follows the quote ends (its sentence, or the next quote)."""
    end = len(text)
    match = _SENTENCE_END.search(text[span.close + 1 :])
    if match:
        end = span.close + 1 + match.end()
    for other in spans:
        if other.open > span.close:
            end = min(end, other.open)
            break
    return end


# A quote goes on with the one before when no more than this lies between them.
_CONTINUATION_CHARS = 160


def continues(text: str, previous: Span, span: Span) -> bool:
    """Tell whether a quote goes on with the previous one (news style gives no speaker again).

    Between them lies only the previous quote's attribution, in one sentence
    ("“...,” X said. “...”"), and at most a paragraph break before the new quote,
    which then opens its paragraph ("“...,” X said.\n\n“...”" or "X said: “...”\n\n
    “...”"): a quote that opens a paragraph with no speaker of its own is the last
    speaker's, as a reader takes it.
    """
    gap = text[previous.close + 1 : span.open]
    if len(gap) > _CONTINUATION_CHARS or any(mark in gap for mark in '"“”«»'):
        return False
    attribution, newline, opening = gap.partition("\n")
    if newline and opening.strip():
        return False  # words of their own open the new paragraph
    return len(_SENTENCE_END.findall(attribution)) <= 1


def inside_quotes(position: int, spans: Sequence[Span]) -> bool:
    return any(span.open < position < span.close for span in spans)


def last_person(before: int, mentions: Sequence[Mention], spans: Sequence[Span]) -> Mention | None:
    """Return the most recent PERSON mention before ``before`` that is not quoted speech."""
    people = [
        mention
        for mention in mentions
        if mention.label == "PERSON"
        and mention.end <= before
        and not inside_quotes(mention.start, spans)
    ]
    return max(people, key=lambda mention: mention.start, default=None)


# A speech verb whose speaker is named before it in its clause ("Ana Lind, 41, a nurse,
# said the ...", "X told Reuters that"), or right after it ("said Ana Lind"; not "told
# Ana Lind", who is spoken to).
_SPEECH_VERB = re.compile(rf"\b(?:{_SPEECH_VERBS})\b")
_SPEAKS_BEFORE = re.compile(
    r"\b(?:said|says|added|adds|wrote|writes|explained|noted|recalled|continued|stated"
    rf"|declared|tweeted|insisted|argued|replied|answered|admitted|conceded|stressed)\s+{_HONORIFIC}$"
)
# "He said" takes up a person of the last sentence or two that name one.
RECENT_SENTENCES = 2
# How far back, and over how many links, "she says" may follow an earlier "she said".
_CHAIN_CHARS = 1500
_CHAIN_LINKS = 3


def pronoun_speaker(before: int, context: Context, pronoun: str) -> Speaker | None:
    """Return the speaker "he"/"she" speaking at ``before`` means, or None.

    News names a person and goes on with "he said": the pronoun takes up the last
    sentence (of the two before, or its own) that names a person outside quotes;
    of its people the one it says speaks ("X told the paper that Y ..." is X's
    speech, "..., said X"), else the first, its subject more often than not
    ("Beside the stage stood X, holding a Y poster": X). A sentence whose speaker
    is a description ("A ministry spokesman said ...") is taken up as that
    description. Where those sentences name no one, the pronoun goes on with
    whoever the text last gave speech or a name: the nearer of the last quote's
    named speaker ("“...,” Vale said. <sentences naming no one> “...,” he said":
    Vale), unless the text has called that speaker by the other pronoun, and the
    person the same pronoun meant when it last spoke (a profile: "“...,” she says.
    ... “...,” she recalls"), else the last person named.
    """
    recent = _recent_speaker(before, context)
    if recent is not None:
        return recent
    candidates = [
        (at, Speaker(name, "named"))
        for at, name in context.spoken
        if at < before and not _only_called(name, pronoun, context.called)
    ][-1:]
    chained = _chain(before, context, pronoun)
    person = last_person(before, context.mentions, context.spans)
    if chained is not None:
        candidates.append(chained)
    elif person is not None:
        candidates.append((person.start, Speaker(person.text, "named")))
    return max(candidates, key=lambda candidate: candidate[0])[1] if candidates else None


def _only_called(name: str, pronoun: str, called: frozenset[tuple[str, str]]) -> bool:
    """Tell whether the text has called ``name`` by other pronouns than ``pronoun`` only."""
    surname = name.split()[-1]  # "Vale said" is the "Tomas Vale" a "he said" was taken for
    pronouns = {said for who, said in called if who.split()[-1] == surname}
    return bool(pronouns) and pronoun not in pronouns


def _chain(
    before: int, context: Context, pronoun: str, links: int = 0
) -> tuple[int, Speaker] | None:
    """Return where the same pronoun last spoke before ``before``, and the speaker it meant."""
    speaking = re.compile(rf"\b{pronoun}\s+(?:\w+ly\s+)?(?:{_SPEECH_VERBS})\b", re.IGNORECASE)
    earlier = [
        match
        for match in speaking.finditer(context.text, max(0, before - _CHAIN_CHARS), before)
        if not inside_quotes(match.start(), context.spans)
    ]
    if not earlier or links >= _CHAIN_LINKS:
        return None
    at = earlier[-1].start()
    meant = _recent_speaker(at, context)
    if meant is not None:
        return at, meant
    chained = _chain(at, context, pronoun, links + 1)
    return (at, chained[1]) if chained is not None else None


def _recent_speaker(before: int, context: Context) -> Speaker | None:
    """Return who speaks in the last sentence or two before ``before`` that tell, or None.

    The person of such a sentence who speaks (else its first), or the description
    that opens it and speaks ("A ministry spokesman in Vorna said ...").
    """
    recent = [s for s in context.sentences if s.start < before][-RECENT_SENTENCES:]
    for sentence in reversed(recent):
        end = min(sentence.start + len(sentence.text.rstrip()), before)
        # from the sentence's last line: a caption run into it is no part of it
        start = max(sentence.start, context.text.rfind("\n", 0, end) + 1)
        people = [
            m
            for m in context.mentions
            if m.label == "PERSON"
            and start <= m.start
            and m.end <= end
            and not inside_quotes(m.start, context.spans)
        ]
        if not people:
            untagged = _untagged_speaker(context, sentence, start, end)
            if untagged is not None:
                return Speaker(untagged.text, "named")
            described = _described_speaker(context, start, end)
            if described is not None:
                return Speaker(described, "described")
            continue
        first = True
        for verb in _SPEECH_VERB.finditer(context.text, start, end):
            if inside_quotes(verb.start(), context.spans):
                continue
            named_before = [m for m in people if m.end <= verb.start()]
            if named_before:
                return Speaker(named_before[-1].text, "named")  # the name nearest before its verb
            # "But Ana Roe, a scholar, told CNN Vale was ...": the untagged name speaks
            untagged = _untagged_speaker(context, sentence, start, end) if first else None
            if untagged is not None:
                return Speaker(untagged.text, "named")
            first = False
        for person in people:
            if _SPEAKS_BEFORE.search(context.text, max(0, person.start - 30), person.start):
                return Speaker(person.text, "named")
        return Speaker(people[0].text, "named")
    return None


def _described_speaker(context: Context, start: int, end: int) -> str | None:
    """Return the description that opens a sentence and speaks in it ("A spokesman said")."""
    verb = next(
        (
            match
            for match in _SPEECH_VERB.finditer(context.text, start, end)
            if not inside_quotes(match.start(), context.spans)
        ),
        None,
    )
    if verb is None:
        return None
    opening = context.text[start : verb.start()]
    if any(mark in opening for mark in _QUOTE_MARKS):
        return None  # speech or its remains before the verb: no description of a speaker
    subject = subject_of(opening.strip(" ,"))
    if not subject or len(subject.split()) > MAX_SPEAKER_WORDS or not _INDEFINITE.match(subject):
        return None
    return subject


# A sentence that opens on a full name, maybe with a description between commas, and
# says that name spoke: "Ana Roe, a shopkeeper near the port, said the blast ...".
_NAMED_SPEAKER = re.compile(
    r"(?P<name>[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){1,2})"
    rf"(?:,(?P<role>[^.;:!?“”\"]{{1,120}}?),)?\s+(?:\w+ly\s+)?(?:{_SPEECH_VERBS})\b"
)


def _untagged_speaker(context: Context, sentence: Sentence, start: int, end: int) -> Mention | None:
    """Return the full name that opens a sentence and speaks in it, untagged by the model.

    The small model misses many names ("Ana Roe, a shopkeeper, said ..."): such a
    sentence names the person a "he said" after it takes up. A name the model tagged
    as something else (an organisation, a place) is not one; nor is "The Times".
    """
    opening = start + len(context.text[start:end]) - len(context.text[start:end].lstrip())
    connector = _CONNECTOR.match(context.text, opening, end)  # "But Ana Roe, ... said"
    if connector is not None:
        opening = connector.end()
    match = _NAMED_SPEAKER.match(context.text, opening, end)
    if match is None or inside_quotes(match.start(), context.spans):
        return None
    name = match.group("name")
    if name.split()[0].lower() in STOPWORDS:
        return None
    # A name the model tagged as something else is no person's, but for a place's tag on a
    # name that a role between commas makes a person's ("Heigo Sato, vice president of the
    # institute, told ..."): the small model reads unfamiliar names as places.
    role = (match.group("role") or "").strip()
    labels = {m.label for m in context.mentions if m.text == name} - {"PERSON"}
    if labels and not (labels <= PLACE_LABELS and role[:1].islower()):
        return None
    return Mention(
        sentence.article, sentence.index, match.start("name"), match.end("name"), name, "PERSON"
    )


def people_checked(mentions: Sequence[Mention]) -> list[Mention]:
    """Return ``mentions`` with the model's PERSON tag kept only on what can be a person.

    A name the model tags as a place or an organisation elsewhere in the article more
    often ("Instagram", a town) takes that tag; a credit line or a
    possessive phrase ("Strauss/Invision", "Abe's Twitter") is no one's name.
    """
    labels: dict[str, Counter[str]] = {}
    for mention in mentions:
        labels.setdefault(mention.text, Counter())[mention.label] += 1
    checked = []
    for mention in mentions:
        if mention.label != "PERSON":
            checked.append(mention)
            continue
        if "/" in mention.text or re.search(r"['’]s\b", mention.text):
            continue
        counts = labels[mention.text]
        other, times = max(
            ((label, n) for label, n in counts.items() if label != "PERSON"),
            key=lambda item: item[1],
            default=("", 0),
        )
        checked.append(replace(mention, label=other) if times > counts["PERSON"] else mention)
    return checked


def mentions_in(start: int, end: int, mentions: Sequence[Mention]) -> list[Mention]:
    return [m for m in mentions if m.start >= start and m.end <= end and m.label in _NAME_LABELS]


def sentence_subject(
    sentence: Sentence, mentions: Sequence[Mention], before: int
) -> Mention | None:
    """Return the named non-person mention that opens ``sentence``, if it opens it."""
    lead = _LEADING_THE.match(sentence.text)
    opening = sentence.start + (lead.end() if lead else 0)
    for mention in mentions:
        if (
            mention.start
            in (opening, sentence.start + len(sentence.text) - len(sentence.text.lstrip()))
            and mention.end <= before
            and mention.label in _NAME_LABELS
            and mention.label != "PERSON"
        ):
            return mention
    return None


def resolve_back_reference(
    phrase: str, position: int, sentences: Sequence[Sentence], mentions: Sequence[Mention]
) -> Speaker:
    """Return the named actor "the group" refers to: the subject of the sentence before."""
    recent = [s for s in sentences if s.start < position][-2:]
    for sentence in reversed(recent):
        subject = sentence_subject(sentence, mentions, position)
        if subject is not None:
            return Speaker(subject.text, "named")
    return Speaker(phrase, "described")


def speaker_from_phrase(
    phrase: str,
    start: int,
    quote_open: int,
    context: Context,
) -> Speaker:
    """Return the speaker a phrase names: a person, a description or a back reference."""
    cleaned = phrase.strip(" ,")
    if not cleaned:
        return UNKNOWN
    offset = start + phrase.index(cleaned)
    lowered = cleaned.lower()
    if lowered in _PRONOUNS:
        # the person named before the pronoun, not one its own clause goes on to name
        # ("He added that Mr. X's priority was ...": "he" is not X)
        before = min(offset, quote_open)
        speaker = pronoun_speaker(before, context, lowered)
        return replace(speaker, pronoun=lowered) if speaker else UNKNOWN
    if lowered == "it":
        # "it said": an organisation that opened a recent sentence, when one did.
        actor = resolve_back_reference(cleaned, quote_open, context.sentences, context.mentions)
        return actor if actor.kind == "named" else UNKNOWN
    if lowered in _COLLECTIVE_PRONOUNS or len(cleaned.split()) > MAX_SPEAKER_WORDS:
        return UNKNOWN
    inside = mentions_in(offset, offset + len(cleaned), context.mentions)
    people = [mention for mention in inside if mention.label == "PERSON"]
    # "a rep for X", "a friend of X": the phrase's own noun speaks, not the person it is
    # for ("Speaking to X, Ana Roe": Ana Roe)
    heads = [m for m in people if not _GOVERNED.search(context.text, offset, m.start)]
    if heads:
        return Speaker(max(heads, key=lambda m: m.end - m.start).text, "named")
    if people and _DETERMINER.match(cleaned):
        return Speaker(cleaned, "described")
    titled = _TITLED_NAME.fullmatch(cleaned)
    if titled:  # "Mr. Tan", "Dr Roe": a person by name, whatever the model tagged
        return Speaker(titled.group("name"), "named")
    if _INDEFINITE.match(cleaned):
        return Speaker(cleaned, "described")
    if _BACK_REFERENCE.match(cleaned):
        return resolve_back_reference(cleaned, quote_open, context.sentences, context.mentions)
    if inside and len(cleaned) - sum(m.end - m.start for m in inside) <= len("the "):
        return Speaker(max(inside, key=lambda m: m.end - m.start).text, "named")
    # "The Red Cross, in a report": the named actor that opens the phrase.
    opening = [m for m in inside if m.start - offset <= len("the ") and m.label != "PERSON"]
    if opening and cleaned[opening[0].end - offset : opening[0].end - offset + 1] in (",", "("):
        return Speaker(opening[0].text, "named")
    # "Asked about a response, Mattis": the speaker follows the phrase that sets the scene.
    scene, _, rest = cleaned.rpartition(", ")
    if scene and rest and _SCENE.match(scene):
        return speaker_from_phrase(rest, offset + len(scene) + 2, quote_open, context)
    connector = _CONNECTOR.match(cleaned)
    if connector and connector.end() < len(cleaned):
        # "Still, Vale", "Though the club chairman": the speaker after the link
        rest = cleaned[connector.end() :]
        return speaker_from_phrase(rest, offset + connector.end(), quote_open, context)
    if people:  # only after a preposition, in no phrase that sets a scene: still the one named
        return Speaker(max(people, key=lambda m: m.end - m.start).text, "named")
    person = _person_named(cleaned, context.mentions)
    if person is not None:
        return Speaker(cleaned, "named")  # a name the model tagged as a person elsewhere
    role_and_name = _role_then_name(cleaned)
    if role_and_name:  # "former executive Ana Roe", "Deputy Chief Constable Ana Roe"
        return Speaker(role_and_name, "named")
    described = _DESCRIPTION.match(cleaned) or _ENDS_ON_A_NAME.search(cleaned)
    if not described or cleaned.split()[-1].lower() in _NOT_A_SPEAKER_END:
        # a clause's stray words ("and", "after he", "to deal with the crisis"): the
        # speaker is not known, which the report says rather than print these
        return UNKNOWN
    return Speaker(cleaned, "described")


def _role_then_name(phrase: str) -> str | None:
    """Return the full name a role ends on ("ESA astronaut Ana Roe" -> "Ana Roe"), if any.

    The name has two or three words, none of them a title ("Chief Constable") or a
    possessive ("the Prime Minister's Bureau" is an office, no one's name).
    """
    match = _ROLE_THEN_NAME.search(phrase)
    if match is None:
        return None
    words = strip_titles(match.group("name")).split()
    if len(words) < 2 or any(
        word.lower() in TITLE_WORDS or word.endswith(("'s", "\u2019s")) for word in words
    ):
        return None
    return " ".join(words)


def _person_named(phrase: str, mentions: Sequence[Mention]) -> Mention | None:
    """Return a PERSON mention of the article that ``phrase`` names in full or by surname.

    The small model tags a name in one sentence and misses it in another ("Vale
    said"): a phrase of one to three capitalised words that is a person's name, or
    the last word of one, is that person.
    """
    words = phrase.split()
    if not 1 <= len(words) <= 3 or not all(word[:1].isupper() for word in words):
        return None
    for mention in mentions:
        if mention.label == "PERSON" and phrase in (mention.text, mention.text.split()[-1]):
            return mention
    return None


@dataclass(frozen=True)
class Context:
    """What attributing a quote needs beside the text: spans, sentences, mentions."""

    text: str
    spans: tuple[Span, ...]
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    # (where its quote closes, name) of each quote attributed so far to a named
    # speaker by name, not by a pronoun: "he said" may go on with the last of them
    spoken: tuple[tuple[int, str], ...] = ()
    # (name, pronoun) of each quote so far whose "he"/"she" was taken for a name:
    # a name the text has called "he" is not the next "she"
    called: frozenset[tuple[str, str]] = frozenset()


def clean_to(to: str | None) -> str | None:
    if not to:
        return None
    to = _LEADING_THE.sub("", to, count=1).strip()
    # The sentence's full stop, not an abbreviation's ("U.N." keeps its own).
    if to.endswith(".") and to.count(".") == 1:
        to = to[:-1]
    return to or None


def speaker_after(span: Span, context: Context) -> Speaker | None:
    """Return the speaker named after the quote ("..., X said"), if any."""
    text = context.text
    start = span.close + 1
    post = text[start : clause_after(text, span, context.spans)]
    ended = text[span.close - 1] in ".!?" or text[start : start + 1] == "."
    for pattern in (_POST_ACCORDING, _POST_VERB_FIRST, _POST_SPEAKER_FIRST):
        match = pattern.match(post)
        if not match:
            continue
        phrase = match.group("speaker")
        # A quote that ends its sentence is followed by a new one: only a short
        # attribution that ends there too ("Smith said.") still belongs to it.
        rest = post[match.end() :].strip()
        if ended and (len(phrase.split()) > 4 or rest[:1] not in ("", ".")):
            return None
        speaker = speaker_from_phrase(phrase, start + match.start("speaker"), span.open, context)
        to = match.groupdict().get("to")
        if speaker.kind == "unknown" and speaker.name is None and not to:
            return speaker
        return replace(speaker, to=clean_to(to))
    return None


def subject_of(clause: str) -> str:
    """Return the subject that opens a clause: the words before its first verb.

    A verb-like word right after a determiner is an adjective ("A displaced
    farmer said"), so the cut goes to the next one. An adverb or auxiliary left
    at the end goes too ("Moon Jae-in also said", "X figures have said", "the
    minister angrily said"), unless a pronoun would be all that is left.
    """
    padded = " " + clause
    subject = clause
    for predicate in _PREDICATE.finditer(padded):
        found = padded[: predicate.start()].strip()
        if len(found.split()) >= 2 or (found and not _DETERMINER.fullmatch(found)):
            subject = found
            break
    cut = _RELATIVE.sub("", subject) or subject
    while len(cut.split()) > 1 and (
        cut.split()[-1].lower() in _TRAILING
        or (_MANNER.fullmatch(cut.split()[-1]) and cut.split()[-1] not in _LY_NOUNS)
    ):
        cut = cut[: cut.rstrip().rindex(cut.split()[-1])].rstrip()  # keeps the text's spacing
    if cut.lower() in _PRONOUNS | _COLLECTIVE_PRONOUNS:
        return subject  # "She also": which "she", the words do not tell
    return cut


def speaker_before(span: Span, context: Context, fragment: bool) -> Speaker | None:
    """Return the speaker named before the quote ("X told Reuters: “"), if any."""
    text = context.text
    start = clause_before(text, span, context.spans)
    pre = text[start : span.open]
    according = _PRE_ACCORDING.search(pre)
    if according:
        return speaker_from_phrase(
            according.group("speaker"), start + according.start("speaker"), span.open, context
        )
    match = _PRE_VERB_LAST.search(pre)
    if match is None and fragment:
        verbs = list(_PRE_ANY_VERB.finditer(pre))
        match = verbs[-1] if verbs else None
    if match is None:
        return None
    verb_at = start + match.start()
    to = clean_to(match.groupdict().get("to"))
    # A PERSON named right before the verb is the speaker ("... Maria Lopez told"), unless
    # a preposition makes it whom the speaker speaks for ("a rep for Maria Lopez said").
    for mention in context.mentions:
        right_before = 0 <= verb_at - mention.end <= 2 and mention.start >= start
        if (
            mention.label == "PERSON"
            and right_before
            and _GOVERNED.search(text, start, mention.start) is None
        ):
            return Speaker(mention.text, "named", to)
    subject = subject_of(pre[: match.start()].rstrip(" ,"))
    speaker = speaker_from_phrase(subject, start, span.open, context)
    return replace(speaker, to=to)


def _attributed(speaker: Speaker | None) -> Speaker | None:
    """Return ``speaker`` when it names or describes someone, else None."""
    return speaker if speaker is not None and speaker.kind != "unknown" else None


def sentence_index(position: int, sentences: Sequence[Sentence]) -> int:
    """Return the index of the sentence in which ``position`` falls."""
    index = sentences[0].index if sentences else 0
    for sentence in sentences:
        if sentence.start <= position + 1:
            index = sentence.index
    return index


def find_quotes(
    article: Article, sentences: Sequence[Sentence], mentions: Sequence[Mention]
) -> list[Quote]:
    """Return the direct quotes of ``article`` with their speakers, in text order."""
    text = article.text
    spans = quote_spans(text)
    context = Context(
        text,
        tuple(spans),
        tuple(sorted(sentences, key=lambda s: s.start)),
        tuple(sorted(people_checked(mentions), key=lambda m: m.start)),
    )
    posts = embedded_posts(text)
    quotes: list[tuple[int, Quote]] = [
        (start, Quote(name, words, article.id, sentence_index(start, context.sentences)))
        for start, _, name, words in posts
    ]
    said: set[tuple[str | None, str]] = {
        (quote.speaker, quote_key(quote.text)) for _, quote in quotes
    }
    previous: tuple[Span, Speaker] | None = None
    for span in spans:
        if any(start <= span.open < end for start, end, _, _ in posts):
            continue  # quoted words inside a post are the post's
        words = quote_words(text, span)
        short = len(words.split()) < MIN_QUOTE_WORDS
        fragment = is_fragment(text, span)
        if short and fragment:
            continue  # scare quotes: "the enemy"
        if in_title_case(words) and not words.endswith("."):
            # a subhead set in quotes, or a title: "The Schedule Was So Horrible" (not
            # speech that names: "Arab or North African.")
            continue
        after = speaker_after(span, context)
        before = speaker_before(span, context, fragment)
        # Speech that ends its sentence is attributed before it more often than after.
        ended = words[-1:] in (".", "!", "?", "…")
        first, second = (before, after) if ended else (after, before)
        # a side that names someone beats one that found an attribution but no speaker
        speaker = _attributed(first) or _attributed(second) or first or second
        if short:
            # Too short to report, but it names who the speech that follows goes on
            # with: "“It's over,” X said. “It has been a long year.”"
            named = speaker is not None and speaker.kind != "unknown" and not speaker.pronoun
            previous = (span, speaker) if named and speaker is not None else None
            continue
        if fragment and (speaker is None or speaker.kind == "unknown"):
            continue
        unattributed = speaker is None or speaker.kind == "unknown"
        # the speaker named with the quote before, not one a pronoun was taken for
        if unattributed and previous is not None and not previous[1].pronoun:
            speaker = previous[1] if continues(text, previous[0], span) else speaker
        speaker = speaker or UNKNOWN
        previous = (span, speaker)
        if speaker.kind == "named" and speaker.name and speaker.pronoun:
            context = replace(context, called=context.called | {(speaker.name, speaker.pronoun)})
        elif speaker.kind == "named" and speaker.name:
            context = replace(context, spoken=(*context.spoken, (span.close, speaker.name)))
        # a caption or pull quote repeats what the text quoted: once is enough
        key = (speaker.name, quote_key(words))
        if key in said:
            continue
        said.add(key)
        quotes.append(
            (
                span.open,
                Quote(
                    speaker=speaker.name,
                    text=words,
                    article=article.id,
                    sentence=sentence_index(span.open, context.sentences),
                    speaker_kind=speaker.kind,
                    to=speaker.to,
                ),
            )
        )
    return [quote for _, quote in sorted(quotes, key=lambda item: item[0])]


# A post embedded as pages print it: its text, its links, a dash, its author's name
# and handle, and the day: "Plane taking off. pic.twitter.com/x — Ana Roe (@anaroe)
# November 3, 2031". The dash is a long one: a hyphen joins words too.
_EMBEDDED_POST = re.compile(
    r"^(?P<text>[^\n]+?)\s*[\u2014\u2013]\s*(?P<name>[^()\n\u2014\u2013]{1,60}?)\s*"
    r"\(@(?P<handle>\w{1,15})\)(?:\s+[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4})?[ \t]*$",
    re.MULTILINE,
)
_POST_LINK = re.compile(r"\s*(?:pic\.twitter\.com|https?://t\.co)/\S+")


def embedded_posts(text: str) -> list[tuple[int, int, str, str]]:
    """Return (start, end, author, words) of each embedded post of ``text``."""
    posts = []
    for match in _EMBEDDED_POST.finditer(text):
        words = " ".join(_POST_LINK.sub(" ", match["text"]).split())
        if len(words.split()) >= MIN_QUOTE_WORDS:
            posts.append((match.start(), match.end(), match["name"].strip(), words))
    return posts
