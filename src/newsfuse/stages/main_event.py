"""The main event of an article: what its headline and lead report, for any kind of news.

News is written as an inverted pyramid: the headline and the first sentence of
the body (the lead) say who did what, and usually when and where. This stage
finds that sentence and reads its main clause from the parse:

- **the lead sentence**: one of the first sentences of the body that has a
  finite verb, preferring the one that shares most words with the headline
  (page furniture, captions and a repeated headline are skipped);
- **the predicate**: the sentence's root verb; in "X said Y happened" the
  reported clause is the event, not the saying; in "This is the moment Y
  happened" the clause about the moment;
- **who, what, to whom**: the subject (or the passive "by" agent) is the actor,
  the object the target; the summary is subject, verb group, object and place
  phrase in the text's own words and order;
- **when**: the time expression that governs the clause (a month or a year of it
  yields to a day within it that the lead paragraphs name); else a day named in the
  lead paragraphs (news convention: the day of the news is named early;
  ``date_basis`` "context"); else, when the clause reports something that has
  happened, the publication day (``date_basis`` "reported"), so no date reads as
  more certain than it is;
- **where**: a place in the clause's locative phrases; else the dateline
  ("KARVIK, Tamsara (Reuters) -"); else a place the text names that the headline
  names too; else the first place the lead names (or its nation's adjective);
- **what kind**: the conflict types of ``events`` where its trigger lexicon
  applies and the news is about conflict; otherwise a type of a small documented
  extension (``NEWS_TYPES``) from the words of the headline and lead.

Everything here reads the parse and word tables written for kinds of news; no
story, name or place is known in advance.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date as Date
from datetime import timedelta
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from newsfuse.lexicon import LINKING_ADVERBS, QUOTE_MARKS, off_map
from newsfuse.records import Article, DateBasis, DateMention, EventMention, Reading
from newsfuse.stages import entities
from newsfuse.stages import events as ev
from newsfuse.stages.segment import find_dateline
from newsfuse.support import content_tokens, in_title_case, word_set

# The lead is among the first sentences of the body that are not furniture.
LEAD_CANDIDATES = 5
# A lead sentence says something: at least this many words.
MIN_LEAD_WORDS = 6
# A summary is a clause, not a paragraph.
MAX_SUMMARY_TOKENS = 24
# An actor or target is a name or a short noun phrase.
MAX_PARTY_WORDS = 6
# The day of the news is named within this many sentences from the lead, and is at
# most this many days before publication (chosen on half of the main-event
# development set by event, checked on the other half: benchmarks/quality_main_events.py).
NEWS_DAY_SENTENCES = 10
NEWS_DAY_WINDOW = 7
# A place the headline names is looked for in this many sentences of the body.
TITLE_PLACE_SENTENCES = 10

# PLOVER types of conflict and coercion: the trigger lexicon's domain.
CONFLICT_TYPES = frozenset({"ASSAULT", "FIGHT", "RETREAT", "MOBILIZE", "THREATEN"})

# The extension of PLOVER for news that is not about conflict or diplomacy. Each
# type lists words that name its kind of happening; an article's headline and lead
# vote with them. Written for the kinds of news, not for any story.
NEWS_TYPES: dict[str, str] = {
    "ACCIDENT": "accident accidents crash crashed crashes crashing collision collided collide "
    "collides derail derailed derailment derails capsized capsize sank sink sinking "
    "overturned overturn plunged fire blaze explosion exploded blast collapsed collapse "
    "collapses wreck wreckage stranded trapped drowned drown rescue rescued rescuers "
    "rescuing missing fell falls plane train tram bus ferry boat ship vessel spill leak "
    "well mine miners",
    "DISASTER": "earthquake quake tremor tsunami flood floods flooding flooded hurricane "
    "typhoon cyclone storm storms tornado landslide landslides mudslide avalanche "
    "wildfire wildfires bushfire eruption erupted volcano drought famine heatwave "
    "blizzard outbreak epidemic",
    "CRIME": "murder murdered murders killer stabbed stabbing robbery robbed theft stole "
    "stolen burglary fraud smuggling trafficking gunman shooting suspect suspects "
    "police arrested arrest charged homicide assaulted assault rape kidnapped hostage "
    "hijacked hacked hackers hack cyberattack scam",
    "LEGAL": "court courts judge judges ruled ruling verdict sentenced sentence trial jury "
    "convicted acquitted appeal appealed lawsuit sued sues indicted indictment "
    "prosecutors prosecutor guilty plea pleaded testimony testified supreme "
    "injunction settlement extradited extradition allegations accused alleged",
    "ELECTION": "election elections elected vote votes voted voters voting ballot ballots "
    "poll polls polling candidate candidates campaign referendum primary runoff "
    "won win wins seat seats parliament parliamentary presidential inauguration "
    "sworn",
    "POLITICS": "president minister government parliament congress senate lawmakers bill "
    "law legislation policy resigned resign resignation appointed cabinet party "
    "opposition coalition impeachment veto decree summit treaty sanctions diplomat "
    "diplomatic embassy talks visit visited",
    "ECONOMY": "market markets shares stock stocks bid bids takeover merger acquisition "
    "acquire acquired deal deals billion million profit profits revenue earnings "
    "sales company companies firm investors economy economic inflation tariffs "
    "prices price bank banks trade exports imports jobs layoffs bankruptcy ipo "
    "chipmaker retailer automaker",
    "HEALTH": "health hospital hospitals patients disease virus vaccine vaccines "
    "vaccination infections infected cases outbreak cancer drug drugs doctors "
    "medical surgery treatment pandemic epidemic cholera ebola measles flu",
    "SPORT": "game games match matches season team teams league championship tournament "
    "cup final finals title coach player players scored goal goals win wins won beat "
    "defeated victory inning innings quarterback touchdown olympics olympic medal "
    "race series playoff playoffs champions club striker pitcher stadium",
    "SCIENCE": "scientists researchers study discovered discovery space rocket launch "
    "launched satellite orbit mission spacecraft nasa planet moon mars telescope "
    "astronauts species fossil",
}
# Words that mark news about armed conflict: they keep the conflict types.
CONFLICT_WORDS = word_set(
    "army troops soldiers military militants militant rebels rebel insurgents jihadists "
    "militia militias fighters forces airstrike airstrikes shelling offensive war ceasefire "
    "missile missiles bombing bomber gunmen attack attacks attacked clashes fighting "
    "artillery combat armed terrorist terrorists"
)
_NEWS_WORDS: dict[str, frozenset[str]] = {
    kind: word_set(words) for kind, words in NEWS_TYPES.items()
}
# A non-conflict kind must lead by this many votes to retype conflict-like events.
KIND_MARGIN = 2.0
# Kinds of news whose words the trigger lexicon misreads as conflict ("captured the
# title", "a hostile takeover", "killed in the crash"). Political and election news
# is not among them: the violence it reports ("girls were killed") is violence.
RETYPED_KINDS = frozenset(NEWS_TYPES) - {"POLITICS", "ELECTION"}

_SAYING = word_set(
    "said say says told tells confirmed confirms announced announces reported reports stated "
    "added claimed believes believe think thinks according warned warns insisted insists "
    "alleged alleges wrote writes tweeted posted"
)
_FUTURE = {"will", "shall", "'ll", "wo"}
_BE = word_set("is are was were be been being 's 're am")  # the pipeline has no lemmatizer
_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
# Verbs whose subject undergoes the event, as a passive's does: "two people died in
# an attack" names victims, not who attacked (the pipeline has no lemmatizer).
_UNDERGONE = word_set(
    "die dies died dying perish perished perishes perishing drowned starved suffocated succumbed"
)
_NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Marks a quotation opens on (a lead that opens on one is a quotation, not the news).
_OPENING_MARKS = "\"'“‘«"
# Prepositions after which an unlabelled capitalised name is a place ("in Ossa").
LOCATIVE = ev.LOCATIVE | {"over", "off", "outside"}
# Words that make an organisation's name the name of a place, where things happen.
_VENUES = word_set(
    "zoo stadium arena field park university college school hospital clinic airport port "
    "station hotel museum church cathedral mosque temple synagogue prison jail base centre "
    "center mall market palace embassy consulate court courthouse parliament plant factory "
    "mine camp square bridge"
)
# Phrases that name a place other than where the clause happened: a destination
# ("launch a car to Mars"), a topic, a comparison. An origin counts: a launch, a
# withdrawal or a flight "from X" happened at X.
_NOT_PLACE_PREPS = {
    "to",
    "toward",
    "towards",
    "since",
    "for",
    "about",
    "than",
    "like",
    "as",
    "with",
    "despite",
    "against",
    "of",
}

# How a sentence that goes on from one before it opens: a conjunction or a linking
# adverb ("But", "Meanwhile"), a time after something told ("Days later"), a
# pronoun or a demonstrative ("That optimism", "It was"), save one of time ("This
# week"). A lead stands alone; a text that opens so was cut from a longer one.
_CONTINUES = re.compile(
    rf"^(?:(?:but|and|yet|or|so|{'|'.join(sorted(LINKING_ADVERBS))})\b(?!-)"
    r"|(?:only\s+)?(?:\w+\s+)?(?:minutes|hours|days|weeks|months|years|moments)\s+later\b"
    r"|(?:he|she|it|they|his|her|its|their)\b(?!-)"
    r"|(?:this|that|these|those)\b(?!\s+(?:morning|afternoon|evening|night|week|weekend|month"
    r"|year|season|spring|summer|autumn|fall|winter)\b))",
    re.IGNORECASE,
)

_FURNITURE = re.compile(
    r"^(?:\(?photo|image|video|enlarge|close|advertisement|read more|related|getty|"
    r"file photo|caption|toggle|share|sign up|subscribe|media playback|media caption|"
    r"watch|listen|last updated|updated|published|posted|by [A-Z])\b",
    re.IGNORECASE,
)


# ------------------------------------------------------------------ the lead


def is_furniture(span: Span, title: str | None) -> bool:
    """Tell whether a sentence is page furniture, a caption or the headline repeated."""
    text = span.text.strip()
    if not text or _FURNITURE.match(text) or text.endswith("?") or _opens_with_quotation(text):
        # furniture; a question that opens a feature; a quotation: none tells the news
        return True
    words = text.split()
    if len(words) < MIN_LEAD_WORDS:
        return True
    if title and " ".join(words).lower().startswith(" ".join(title.split()).lower()):
        return True
    return in_title_case(text)  # a headline, a subhead or a byline set in the body


def _opens_with_quotation(text: str) -> bool:
    """Tell whether a sentence opens with quoted speech (not a quoted title: "Pulp Fiction")."""
    if text[0] not in _OPENING_MARKS:
        return False
    closing = min((i for i in (text.find(q, 1) for q in _OPENING_MARKS) if i > 0), default=-1)
    return closing < 0 or len(text[1:closing].split()) > 4


def lead_sentence(sentences: Sequence[Span], title: str | None) -> int | None:
    """Return the index of the article's lead sentence: early, with a verb, like the headline.

    A sentence that goes on from one before it (``continues``) is the lead only
    where every candidate does.
    """
    title_words = content_tokens(title or "")
    best: tuple[bool, float, int] | None = None
    seen = 0
    for index, span in enumerate(sentences):
        if seen >= LEAD_CANDIDATES:
            break
        if is_furniture(span, title):
            continue
        seen += 1
        predicate = predicate_of(span, title)
        if predicate is None:
            continue
        shared = (
            len(title_words & content_tokens(span.text)) / len(title_words) if title_words else 0
        )
        # The headline's words in the clause's own verb, doer and object count once more:
        # "the girls were released" tells "Girls Released" where "a boy was released in
        # addition to the 21 girls" only mentions them.
        core = content_tokens(_core_text(predicate))
        shared += len(title_words & core) / len(title_words) if title_words else 0
        score = shared + 0.3 * (LEAD_CANDIDATES - seen) / LEAD_CANDIDATES
        candidate = (not continues(span.text), score, index)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    return best[2] if best else None


def continues(text: str) -> bool:
    """Tell whether a sentence goes on from one before it ("But days later, ...")."""
    return _CONTINUES.match(text.lstrip().lstrip(_OPENING_MARKS)) is not None


def _core_text(predicate: Token) -> str:
    """Return the words of a clause's verb, its subjects' and its objects' noun phrases."""
    actors, targets = parties_of(predicate)
    words = [predicate, *(t for head in (*actors, *targets) for t in ev.phrase_tokens(head))]
    return " ".join(token.text for token in words)


def predicate_of(sentence: Span, title: str | None = None) -> Token | None:
    """Return the verb of the clause the sentence is about.

    That is the main clause, or the clause that repeats the headline when one
    does ("X led the celebrations as Y won the title" under "Y wins title"). In
    "X said Y happened" the reported clause is the event; in "X said Y will
    happen" the saying is, since a plan or a forecast has not happened.
    """
    main = _presented(_reported(sentence.root))
    if main is None or not title:
        return main
    title_words = content_tokens(title)
    if not title_words:
        return main

    def shared(verb: Token) -> int:
        return len(title_words & content_tokens(_clause_text(verb)))

    clauses = (_presented(verb) or verb for verb in _clauses(sentence))
    best = max(clauses, key=shared, default=main)
    return best if shared(best) > shared(main) + 1 else main


def _reported(node: Token) -> Token | None:
    for _ in range(3):
        if node.lower_ not in _SAYING:
            break
        reported = [
            child
            for child in node.children
            if child.dep_ in ("ccomp", "xcomp") and child.pos_ in ("VERB", "AUX")
        ]
        if not reported or not has_happened(reported[0]):
            break
        node = reported[0]
    if node.pos_ not in ("VERB", "AUX") or not _has_subject(node):
        return None  # a headline fragment or an imperative, not a lead
    return node


# "This is the moment X did Y", "Here is the moment ...": a lead that presents its news.
_PRESENTING = word_set("this that here")


def _presented(verb: Token | None) -> Token | None:
    """Return the news a presenting lead points at: "This is the moment a tram derailed".

    The copula and its pointing subject say nothing; the clause about the noun they
    present ("the moment", "the scene") is what happened.
    """
    if verb is None or verb.lower_ not in _BE:
        return verb
    if not any(child.lower_ in _PRESENTING for child in verb.children if child.i < verb.i):
        return verb
    for attr in (child for child in verb.children if child.dep_ == "attr"):
        for clause in attr.children:
            if clause.dep_ == "relcl" and _has_subject(clause):
                return clause
    return verb


def _has_subject(verb: Token) -> bool:
    if any(child.dep_ in _SUBJECTS or child.dep_ == "expl" for child in verb.children):
        return True
    return verb.dep_ == "conj" and _has_subject(verb.head)  # shares its head's subject


def _clauses(sentence: Span) -> list[Token]:
    """Return the verbs of the sentence that head a clause with a subject of its own."""
    return [
        token
        for token in sentence
        if token.pos_ in ("VERB", "AUX")
        and token.dep_ in ("ROOT", "advcl", "ccomp", "conj")
        and any(child.dep_ in ("nsubj", "nsubjpass") for child in token.children)
        and has_happened(token)
    ]


def _clause_text(verb: Token) -> str:
    """Return the words of a verb's own clause, without the clauses under it."""
    inner = {
        t.i
        for child in verb.children
        if child.dep_ in ("advcl", "ccomp", "relcl", "conj", "acl")
        for t in child.subtree
    }
    return " ".join(t.text for t in verb.subtree if t.i not in inner)


# ------------------------------------------------------------------ the clause


def party_name(token: Token) -> str | None:
    """Return an actor or target as a reader names it: the entity, else a short noun phrase."""
    if token.pos_ == "PRON":
        return None
    if token.ent_type_ in _NAME_LABELS:
        name = ev.name_text(token)
        if len(name.split()) <= MAX_PARTY_WORDS:
            return name
    phrase = ev.np_tokens(token)
    if phrase[0].dep_ == "det":  # "the militants" are named "militants"
        phrase = phrase[1:]
    words = ev.contiguous([t for t in phrase if not t.is_punct or t.text in "-'’"])
    if len(words) > MAX_PARTY_WORDS:
        # keep the head with the modifiers right before it ("the ... militant group")
        words = [t for t in words if t.i <= token.i][-MAX_PARTY_WORDS:]
        while words and (words[0].dep_ == "case" or words[0].is_punct):
            words = words[1:]  # never open on the "'s" of a possessor cut away
    text = " ".join(ev.join_tokens(token.doc, [t.i for t in words]).split())
    return text or None


def subjects_of(predicate: Token) -> list[Token]:
    """Return the subject heads of the clause (a conjoined verb shares its head's subject).

    A pronoun that can only stand for the speaker ("China said it opposes") is the speaker.
    """
    found = [c for c in predicate.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not found and predicate.dep_ == "conj":
        found = [c for c in predicate.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return ev.one_subject([ev.reporter_of(c) or c for c in found], predicate)


def parties_of(predicate: Token) -> tuple[list[Token], list[Token]]:
    """Return (actors, targets): the doer and what it was done to, voice taken into account."""
    subjects = subjects_of(predicate)
    agents = [
        obj
        for child in predicate.children
        if child.dep_ == "agent"
        for obj in child.children
        if obj.dep_ == "pobj"
    ]
    objects = [
        party
        for c in predicate.children
        if c.dep_ in ("dobj", "dative")
        # a dative preposition ("gave it to X", "died for X") stands for its object
        for party in ([o for o in c.children if o.dep_ == "pobj"] if c.pos_ == "ADP" else [c])
    ]
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in predicate.children)
    if passive or predicate.lower_ in _UNDERGONE:
        return agents, subjects + objects
    return subjects, objects


def clause_place(predicate: Token, skip: Iterable[Token] = ()) -> Token | None:
    """Return the head of the place where the clause happened, if its phrases name one.

    A place counts as the object of a locative preposition ("in X", "over the
    island of X", "near X") or as the verb's own object when that is a place
    ("entered X"); a place that only qualifies a party ("Karvik schoolgirls",
    "Vorna's government") says whose, not where.
    """
    skipped = {t.i for head in skip for t in head.subtree}
    objects = [c for c in predicate.children if c.dep_ == "dobj"]
    # "fired a missile over X": the parser often hangs the place on the object; "uprooted
    # by fighting in X": on the passive's agent, whose place is the clause's
    agents = [o for c in predicate.children if c.dep_ == "agent" for o in c.children]
    phrases = [
        *predicate.children,
        *(c for o in (*objects, *agents) for c in o.children if c.dep_ == "prep"),
    ]
    found: list[Token] = []
    for child in phrases:
        if child.i in skipped:
            continue
        if child.dep_ == "dobj" and child.ent_type_ in _PLACE_LABELS:
            found.append(child)
        if child.dep_ == "prep" and child.lower_ not in _NOT_PLACE_PREPS:
            for obj in child.children:
                place = _place_object(obj, child.lower_) if obj.dep_ == "pobj" else None
                if place is not None and _is_place_name(place_name(place)):
                    found.append(place)
    # a town or region locates the event on a map better than a building named beside it
    towns = [
        place for place in found if place.ent_type_ in ("GPE", "LOC") or ev.of_place_noun(place)
    ]
    chosen = towns or found
    return chosen[0] if chosen else None


def _is_place_name(name: str) -> bool:
    words = name.split()
    return bool(words) and name[:1].isupper() and len(words) <= MAX_PARTY_WORDS


def _place_object(token: Token, preposition: str, depth: int = 0) -> Token | None:
    """Return the place a prepositional object names.

    The object itself (a town is preferred to a building in it: "the consulate in
    X" gives X), X of "the town of X", or a place one locative phrase further in
    ("slipped into an enclosure at the X Zoo").
    """
    if token.ent_type_ in ("GPE", "LOC") or _named_a_place(token):
        return token
    inner = _inner_place(token, depth)
    if token.ent_type_ == "FAC" or (token.ent_type_ == "ORG" and _is_venue(token)):
        # "at the Cincinnati Zoo", "at Stanford University": a venue, unless a town is named in it
        return inner if inner is not None and inner.ent_type_ in ("GPE", "LOC") else token
    if (
        preposition in LOCATIVE
        and token.pos_ == "PROPN"
        and not token.ent_type_
        and token.text[:1].isupper()
    ):
        return token  # "near Ossa": an unfamiliar town the small NER model left unlabelled
    if token.lower_ in ev.PLACE_NOUNS:  # "the town of X": X is a place whatever NER says
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj" and ev.is_place(obj, loose=True):
                        return obj
    found = ev.place_in(token)
    if found is not None and found.ent_type_ not in ("PERSON", "ORG", "EVENT", "WORK_OF_ART"):
        return found
    return inner


def _named_a_place(token: Token) -> bool:
    """Tell whether an apposition says what a name is: "X, a mining town in Y" is a town."""
    return token.pos_ == "PROPN" and any(
        child.dep_ == "appos" and child.lower_ in ev.PLACE_NOUNS for child in token.children
    )


def _is_venue(token: Token) -> bool:
    """Tell whether an organisation's name is a place: "the X Zoo", "University of X"."""
    return any(t.lower_ in _VENUES for t in token.subtree if t.ent_type_ == "ORG")


def _inner_place(token: Token, depth: int) -> Token | None:
    if depth >= 1:
        return None
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in LOCATIVE | {"of"}:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    found = _place_object(obj, child.lower_, depth + 1)
                    if found is not None:
                        return found
    return None


def place_name(token: Token) -> str:
    """Return the whole place name ``token`` is part of ("Hokkaido", "New York City")."""
    for entity in token.doc.ents:
        if entity.start <= token.i < entity.end:
            words = entity.text.split()
            return " ".join(words[1:] if words[0].lower() == "the" else words)
    # an unlabelled name: the proper nouns compounded with it ("Sandilands stop" -> "Sandilands")
    name = [t for t in token.lefts if t.dep_ in ("compound", "flat") and t.pos_ == "PROPN"]
    return " ".join(t.text for t in [*name, token])


def summary_of(
    predicate: Token, actors: Sequence[Token], targets: Sequence[Token], place: Token | None
) -> str:
    """Return who did what to whom and where, in the sentence's words and order.

    Subject, verb group (auxiliaries, negation, particle; "plans to launch"), the
    object next to the verb (else a prepositional complement right after it:
    "responded to an interview") and the place phrase. Words the parse hangs far
    from the verb are left out, so the clause reads as one.
    """
    doc = predicate.doc
    verbs = [predicate, *_complements(predicate)]
    keep: set[int] = set()
    for verb in verbs:
        keep.add(verb.i)
        for child in verb.children:
            if child.dep_ in ("aux", "auxpass", "neg", "prt") and abs(child.i - verb.i) <= 3:
                keep.add(child.i)
            if child.dep_ == "expl":
                keep.add(child.i)  # "There are ...": without it the clause has no subject
            # "pulled back", "reigned supreme"; after "be", the adverb is what is
            # said: "the reign is over"
            said = verb.lower_ in _BE and child.dep_ == "advmod" and child.i == verb.i + 1
            if said or ev.completes(child, verb):
                keep.add(child.i)
    for verb, following in pairwise(verbs):
        keep.update(ev.objects_between(verb, following))  # "ordered [residents] to leave"
    for verb in verbs:
        for subject in subjects_of(verb)[:1] if verb.dep_ != "xcomp" else ():
            pronouns = [c for c in verb.children if ev.reporter_of(c) == subject]
            if pronouns and subject.i in keep:
                subject = pronouns[0]  # "X said [he] cannot": X is kept, so is "he"
            keep.update(t.i for t in ev.contiguous(ev.with_conjuncts(subject, ev.np_tokens)))
    last = verbs[-1]
    after = max(i for i in keep if abs(i - last.i) <= 4 or i == last.i)
    objects = [
        c for c in last.children if c.dep_ in ("dobj", "dative", "attr", "acomp", "oprd")
    ] or list(targets if last is predicate else [])
    near = [o for o in objects if 0 < ev.np_start(o) - after <= 3]
    if near:
        phrase = ev.contiguous(ev.np_tokens(near[0]))
        if near[0].dep_ in ("dative", "dobj") and near[0].pos_ != "ADP":
            # "gave [the town] [a new bridge]": who received it says nothing without
            # what (the parse may call both objects "dobj")
            end = max(t.i for t in phrase)
            given = [o for o in objects if o.dep_ == "dobj" and 0 < ev.np_start(o) - end <= 1]
            phrase += ev.contiguous(ev.np_tokens(given[0])) if given else []
        keep.update(t.i for t in phrase)
        # "is ready [to launch satellites]": the word kept asks for its clause too;
        # else the verb may: "ordered residents [to leave the town]"
        end = max(t.i for t in phrase)
        keep.update(ev.completing_clause(near[0], end) or ev.completing_clause(last, end))
    else:
        keep.update(ev.complement_phrase(last, after) or ev.completing_clause(last, after))
    if place is not None:
        path = ev.path_tokens(place, place_verb(place, verbs))
        if path and max(path) - min(path) < 12:
            keep.update(path)
            keep.update(c.i for i in path for c in doc[i].children if c.dep_ == "det")
            keep.update(t.i for t in ev.contiguous(ev.np_tokens(place)))
    ordered = ev.same_line(predicate, sorted(keep))
    tokens = [doc[i] for i in ordered]
    while tokens and tokens[0].pos_ in _DANGLING and not _opens_quotation(tokens):
        tokens.pop(0)  # a conjunction or preposition left alone by a clipped phrase
    tokens = tokens[:MAX_SUMMARY_TOKENS]
    # nor at the end: "hit with claims of" lost the clause its "of" opened
    while (
        tokens
        and tokens[-1].dep_ != "prt"
        and (tokens[-1].pos_ in ("CCONJ", "SCONJ", "ADP", "DET") or tokens[-1].text in _SEPARATORS)
    ):
        tokens.pop()
    return ev.join_tokens(doc, [t.i for t in tokens])


_DANGLING = ("CCONJ", "PUNCT", "SCONJ", "ADP")
_SEPARATORS = frozenset({",", ";", ":", "-", "\u2013", "\u2014"})  # not closing quotes


def _opens_quotation(tokens: Sequence[Token]) -> bool:
    """Tell whether the first token is a quotation mark that a later one closes."""
    return tokens[0].text in QUOTE_MARKS and any(t.text in QUOTE_MARKS for t in tokens[1:])


def _complements(verb: Token) -> list[Token]:
    """Return the verbs that complete ``verb``: "plans to launch", "says ... will happen"."""
    found: list[Token] = []
    node = verb
    while True:
        nxt = next(
            (
                c
                for c in node.children
                if c.pos_ in ("VERB", "AUX")
                and (
                    (c.dep_ == "xcomp" and 0 < c.i - node.i <= 3)
                    or (c.dep_ == "ccomp" and node.lower_ in _SAYING and c.i > node.i)
                )
            ),
            None,
        )
        if nxt is None or len(found) >= 2:
            return found
        found.append(nxt)
        node = nxt


def place_verb(place: Token, verbs: Sequence[Token]) -> Token:
    """Return the verb of ``verbs`` the place phrase hangs from (the first by default)."""
    ancestors = {a.i for a in place.ancestors}
    return next((v for v in reversed(verbs) if v.i in ancestors), verbs[0])


def has_happened(predicate: Token) -> bool:
    """Tell whether the clause reports something that has happened (past, perfect, present).

    Future, modal, conditional and negated clauses have not happened, and neither
    has what is only wanted or planned ("plans to launch").
    """
    if not ev.is_reported(predicate):
        return False
    for child in predicate.children:
        if child.dep_ in ("aux", "auxpass") and child.lower_ in _FUTURE:
            return False
        if child.dep_ == "aux" and child.lower_ == "to":
            return False  # an infinitive: "to launch"
    return not (predicate.tag_ == "VBG" and not any(c.dep_ == "aux" for c in predicate.children))


# ------------------------------------------------------------------ kinds of news


def news_kind(words: Iterable[str]) -> tuple[str, float]:
    """Return the news type the words vote for most and its lead over the runner-up.

    ``CONFLICT`` stands for the conflict vocabulary; "OTHER" when no kind has a word.
    """
    return _verdict(_kind_votes(words))


def _verdict(ranked: Sequence[tuple[str, float]]) -> tuple[str, float]:
    """Return the kind most named and its lead over the runner-up ("OTHER" for none).

    Kinds named equally often are no verdict ("OTHER"): "cruise to win" is sport or
    an election, and the alphabet must not choose.
    """
    if not ranked:
        return "OTHER", 0.0
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if ranked[0][1] == runner_up:
        return "OTHER", 0.0
    return ranked[0][0], ranked[0][1] - runner_up


def _kind_votes(words: Iterable[str]) -> list[tuple[str, float]]:
    """Return (kind, words that name it), most named first."""
    counts: dict[str, float] = {}
    for word in words:
        lowered = word.lower()
        if lowered in CONFLICT_WORDS:
            counts["CONFLICT"] = counts.get("CONFLICT", 0.0) + 1.0
        for kind, vocabulary in _NEWS_WORDS.items():
            if lowered in vocabulary:
                counts[kind] = counts.get(kind, 0.0) + 1.0
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def article_kind(title: str | None, lead: str) -> tuple[str, float]:
    """Return the kind of news of an article from its headline (counted twice) and lead."""
    return news_kind(_kind_words(title, lead))


def _kind_words(title: str | None, lead: str) -> list[str]:
    return _WORD.findall(title or "") * 2 + _WORD.findall(lead)


def story_kind(readings: Sequence[Reading], titles: Mapping[str, str | None]) -> tuple[str, float]:
    """Return the kind of news of a story: the votes of all its headlines and leads.

    An article too short or too plain to tell its own kind ("Arians took over as
    coach" under a headline about his family) is read as what its story is about.
    ``titles`` maps article id -> headline; the lead is the main event's sentence.
    """
    words: list[str] = []
    for reading in readings:
        leads = {event.sentence for event in reading.events if event.main}
        lead = " ".join(s.text for s in reading.sentences if s.index in leads)
        words.extend(_kind_words(titles.get(reading.article), lead))
    ranked = _kind_votes(words)
    kind, margin = _verdict(ranked)
    if len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]:
        # Summed over many articles a lead of a few words is no verdict: a story
        # told as abuse claims by some and as a car crash by others is both.
        return kind, 0.0
    return kind, margin


def retype(events: Sequence[EventMention], kind: str, margin: float) -> list[EventMention]:
    """Return events with conflict types moved to the article's kind when it is clearly not war.

    The trigger lexicon reads "captured the title", "a takeover" or "killed in the
    crash" as conflict; in an article whose headline and lead are about sport,
    business or an accident, those events take the article's kind instead.
    """
    if kind not in RETYPED_KINDS or margin < KIND_MARGIN:
        return list(events)
    return [
        replace(event, type=kind, acled_type=None)
        if event.type in CONFLICT_TYPES and not _armed(event)
        else event
        for event in events
    ]


def _armed(event: EventMention) -> bool:
    words = {
        w.lower() for text in (*event.actors, *event.targets, event.summary) for w in text.split()
    }
    return bool(words & CONFLICT_WORDS)


# ------------------------------------------------------------------ the main event


def mark_main(
    doc: Doc,
    article: Article,
    spans: Sequence[Span],
    dates: Sequence[Sequence[DateMention]],
    events: Sequence[EventMention],
) -> list[EventMention]:
    """Return the article's events with its main event marked (``main``) and dated.

    ``spans`` are the parsed sentences, ``dates`` the date mentions of each (offsets
    into the sentence), ``events`` what the trigger readers found. The main event is
    the trigger event of the lead's predicate when there is one, else a new event
    read from the lead's clause. Events of an article about something else than
    conflict lose the conflict types the trigger words gave them.
    """
    lead_index = lead_sentence(spans, article.title)
    lead_text = spans[lead_index].text if lead_index is not None else ""
    kind, margin = article_kind(article.title, lead_text)
    found = retype(events, kind, margin)
    if lead_index is None:
        return found
    sentence = spans[lead_index]
    predicate = predicate_of(sentence, article.title)
    if predicate is None:
        return found
    actors, targets = parties_of(predicate)
    place = clause_place(predicate, skip=subjects_of(predicate))
    location = place_name(place) if place is not None else None
    if location is None:
        location = _fallback_place(article, spans, lead_index)
    date, basis = _main_date(predicate, sentence, spans, dates, lead_index, article.published_at)
    position = _trigger_event(found, lead_index, predicate)
    act = _lead_act(found, lead_index, predicate) if kind == "CONFLICT" else None
    if position is None and act is not None and _told_by_subject(act, predicate):
        # "The death toll from a truck bombing in X rose to 12": the lead's news is the
        # bombing its subject names, not a toll that rose
        position = found.index(act)
    if position is not None:
        event = found[position]
        main = replace(
            event,
            main=True,
            location=event.location or location,
            date=event.date or date,
            date_basis=event.date_basis or (basis if event.date is None else "text"),
        )
        return [*found[:position], main, *found[position + 1 :]]
    # In conflict news a lead clause without a trigger word ("a bomber crashed a truck
    # into the consulate") tells the act its sentence's trigger names ("killed").
    if act is not None:
        plover, acled = act.type, act.acled_type
    else:
        # "OTHER": no ACLED type, settled; the sentence classifier (read.type_readings)
        # is spent on trigger events, whose types it can refine
        plover = kind if kind != "CONFLICT" else "OTHER"
        acled = "OTHER" if kind in ("CONFLICT", "OTHER") else None
    main = EventMention(
        article=article.id,
        sentence=lead_index,
        type=plover,
        acled_type=acled,
        trigger=predicate.text,
        summary=summary_of(predicate, actors, targets, place),
        actors=_names(actors),
        targets=_names(targets),
        location=location,
        date=date,
        date_basis=basis,
        main=True,
    )
    return [*found, main]


def _names(tokens: Sequence[Token]) -> tuple[str, ...]:
    heads = [conj for token in tokens for conj in [token, *token.conjuncts] if conj.pos_ != "PRON"]
    return tuple(dict.fromkeys(name for head in heads if (name := party_name(head))))


def _trigger_event(events: Sequence[EventMention], sentence: int, predicate: Token) -> int | None:
    """Return the position of the trigger event that the lead's predicate (or its clause) heads."""
    clause = {predicate.text, *(c.text for c in predicate.children if c.dep_ in ("dobj", "nsubj"))}
    for position, event in enumerate(events):
        if event.sentence == sentence and event.trigger == predicate.text:
            return position
    for position, event in enumerate(events):
        if event.sentence == sentence and event.trigger in clause:
            return position
    return None


def _told_by_subject(act: EventMention, predicate: Token) -> bool:
    """Tell whether an act's trigger word lies in the subject of the lead's predicate."""
    return any(
        token.text == act.trigger for subject in subjects_of(predicate) for token in subject.subtree
    )


def _lead_act(
    events: Sequence[EventMention], sentence: int, predicate: Token
) -> EventMention | None:
    """Return the conflict event the lead sentence names nearest its predicate, if any."""
    acts = [e for e in events if e.sentence == sentence and e.type in CONFLICT_TYPES]
    words = [token for token in predicate.sent if token.text in {e.trigger for e in acts}]

    def distance(event: EventMention) -> int:
        at = [abs(token.i - predicate.i) for token in words if token.text == event.trigger]
        return min(at, default=len(predicate.doc))

    return min(acts, key=distance, default=None)


def _fallback_place(article: Article, spans: Sequence[Span], lead: int) -> str | None:
    """Return where the lead's news happened when its clause names no place.

    The dateline (where a wire story was filed), else a place of the text that
    the headline names too, else the first place the lead names.
    """
    dateline = find_dateline(article.text)
    if dateline is not None and dateline.place:
        return dateline.place
    return _title_place(article.title, spans) or _first_place(spans, lead)


def _title_place(title: str | None, spans: Sequence[Span]) -> str | None:
    """Return a place the text names that the headline names too ("... in Afghan city of X")."""
    if not title:
        return None
    lowered = f" {title.lower()} "
    for span in spans[:TITLE_PLACE_SENTENCES]:
        for entity in span.ents:
            if entity.label_ in _PLACE_LABELS:
                name = place_name(entity.root)
                if not off_map(name) and re.search(
                    rf"(?<!\w){re.escape(name.lower())}(?!\w)", lowered
                ):
                    return name
    return None


def _first_place(spans: Sequence[Span], lead: int) -> str | None:
    """Return the first place the lead names: a place, else a nation's adjective, else one after.

    "Nigerian troops ..." is news from Nigeria when the lead names no place.
    """
    for span in spans[lead : lead + 2]:
        places = [
            e
            for e in span.ents
            if e.label_ in _PLACE_LABELS and not _backer(e.root) and not off_map(e.text)
        ]
        if places:
            words = places[0].text.split()
            return " ".join(words[1:] if words[0].lower() == "the" else words)
        for entity in span.ents:
            country = country_of_demonym(entity.text) if entity.label_ == "NORP" else None
            if country is not None:
                return country
    return None


def _backer(token: Token) -> bool:
    """Tell whether a place names who backs or leads a party ("Velmar-backed", "Saudi-led")."""
    return token.dep_ == "npadvmod" and token.head.tag_ == "VBN"


@functools.cache
def country_of_demonym(word: str) -> str | None:
    """Return the common name of the country a nation's adjective names ("Kenyan" -> "Kenya")."""
    import pycountry

    code = entities.demonyms().get(entities.name_key(word))
    country = pycountry.countries.get(alpha_2=code) if code else None
    if country is None:
        return None
    return str(getattr(country, "common_name", None) or country.name)


def _main_date(
    predicate: Token,
    sentence: Span,
    spans: Sequence[Span],
    dates: Sequence[Sequence[DateMention]],
    lead: int,
    published: str | None,
) -> tuple[DateMention | None, DateBasis | None]:
    """Return the main event's date and its basis ("text", "context" or "reported")."""
    own = ev.date_of(predicate, sentence, dates[lead], set())
    happened = has_happened(predicate)
    day = _news_day(spans, dates, lead, published)
    coarse = own.value if own is not None and own.precision != "day" else None
    if coarse and day is not None and day.value and day.value.startswith(coarse):
        return day, "context"  # a month or year that holds the day of the news: the day is finer
    if own is not None and own.value and not (happened and _after(own, published)):
        # (a later day under a clause that happened is the day of what was planned)
        return own, "text"
    if day is not None:
        return day, "context"
    if published and happened:
        reported = DateMention(text="", value=published[:10], precision="day", start=0, end=0)
        return reported, "reported"
    return None, None


def _after(mention: DateMention, published: str | None) -> bool:
    """Tell whether a date lies after the publication day (at its own precision)."""
    if not published or not mention.value:
        return False
    if len(mention.value) == 10 and len(published) >= 10:
        try:
            # the next day may be today further east (see dates.find_dates)
            latest = Date.fromisoformat(published[:10]) + timedelta(days=1)
        except ValueError:
            return False
        return mention.value > latest.isoformat()
    return mention.value > published[: len(mention.value)]


def _news_day(
    spans: Sequence[Span], dates: Sequence[Sequence[DateMention]], lead: int, published: str | None
) -> DateMention | None:
    """Return the first recent day the article names from its lead on: the day of its news.

    News names the day of what it reports early, if not in the lead then in the
    paragraphs under it ("The singer posted the photos on Tuesday"). Only days
    from ``NEWS_DAY_WINDOW`` days before publication to the day after count: an
    older day is background, a later one a plan. Periods ("since Monday") are no day.
    """
    if not published:
        return None
    try:
        issued = Date.fromisoformat(published[:10])
    except ValueError:
        return None
    for index in range(lead, min(lead + NEWS_DAY_SENTENCES, len(spans))):
        for mention in dates[index]:
            if mention.precision != "day" or not mention.value or len(mention.value) != 10:
                continue
            if mention.text.lower().startswith("since"):
                continue
            if -1 <= (issued - Date.fromisoformat(mention.value)).days <= NEWS_DAY_WINDOW:
                return mention
    return None
