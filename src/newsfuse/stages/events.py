"""Event mentions from the spaCy parse: trigger, PLOVER/ACLED type, actors, targets, place, date.

An event is a trigger word (a verb such as "seized", or an event noun such as
"fighting" or "talks") together with what the parse attaches to it: the subject
(or the passive "by" agent) is the actor, the object the target, a place in a
"in/at/near/into X" phrase (or a place object: "entered X") the location, and
the date expression the trigger governs. Triggers under intention or opinion
words ("threatened to advance", "in order to seize", "could use sanctions")
are not reported events and are skipped.

Snippet typing (``type_text``/``type_texts``) adds a sentence-level ACLED type
from ``event_types`` (embedding classifier plus lexicon) to the main event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Span, Token

from newsfuse.lexicon import (
    LINKING_ADVERBS,
    NON_STATE_ACTOR_WORDS,
    ONLINE_SERVICES,
    QUOTE_MARKS,
    STATE_ACTOR_WORDS,
)
from newsfuse.models import one_blas_thread
from newsfuse.records import DateMention, EventMention
from newsfuse.stages.event_types import (
    ACLED_TO_PLOVER,
    TERRITORY_TYPES,
    best_type,
    classify,
    encode_snippets,
    rule_scores,
    type_model,
)
from newsfuse.support import word_set

# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class Trigger:
    """What a trigger word means: PLOVER type, ACLED hint, and how it must be used."""

    plover: str
    acled: str | None
    kind: str = "plain"  # plain | territory | attack | explosion | struck | retreat | talks | halt


def _verb_forms(base: str, past: str | None = None, participle: str | None = None) -> set[str]:
    """Return the inflected forms of an English verb (regular unless told otherwise)."""
    stem = base[:-1] if base.endswith("e") else base
    third = base + "es" if base.endswith(("s", "sh", "ch", "x", "z")) else base + "s"
    regular_past = base + "d" if base.endswith("e") else base + "ed"
    return {base, third, stem + "ing", past or regular_past, participle or past or regular_past}


def _lexicon(entries: Iterable[tuple[Iterable[str], Trigger]]) -> dict[str, Trigger]:
    table: dict[str, Trigger] = {}
    for words, trigger in entries:
        for word in words:
            table[word] = trigger
    return table


_TERRITORY = Trigger("ASSAULT", "NON_STATE_ACTOR_OVERTAKES_TER", "territory")
_REGAIN = Trigger("ASSAULT", "GOV_REGAINS_TERIT", "territory")
_FIGHT = Trigger("ASSAULT", "ARMED_CLASH")
_ATTACK = Trigger("ASSAULT", "ATTACK", "attack")
_EXPLOSION = Trigger("ASSAULT", "REM_EXPLOS", "explosion")
_DESTRUCTION = Trigger("ASSAULT", "PROPERTY_DISTRUCT")
_SEXUAL_VIOLENCE = Trigger("ASSAULT", "SEX_VIOL")
_DISPERSAL = Trigger("PROTEST", "PROTEST_WITH_INTER")
# A killing or destruction by a natural hazard or an accident (main_event's news kinds).
_DISASTER = Trigger("DISASTER", "NATURAL_DISASTER")
_ACCIDENT = Trigger("ACCIDENT", "MAN_MADE_DISASTER")
# A vehicle or a patrol that hits a mine: the explosive is the weapon, whoever hit it
# the target (see actors_of and targets_of).
_MINE_STRUCK = Trigger("ASSAULT", "REM_EXPLOS", "struck")
_PROTEST = Trigger("PROTEST", "PEACE_PROTEST")
_BEAT = word_set("beat beats beaten beating")
_ABDUCTION = Trigger("ASSAULT", "ABDUCT_DISSAP")
_STONING = Trigger("PROTEST", "VIOL_DEMONSTR")
_TALKS = Trigger("CONSULT", "DIPLO", "talks")
_RETREAT = Trigger("RETREAT", "NON_VIOL_TERRIT_TRANSFER", "retreat")
_FALL_FORMS = frozenset({"fell", "fall", "falls", "falling", "fallen"})
# A price, an index or a count that fell by or to an amount: economic news, not a town taken.
_DECLINE = Trigger("ECONOMY", None)

VERB_TRIGGERS: dict[str, Trigger] = _lexicon(
    [
        (
            _verb_forms("seize")
            | _verb_forms("capture")
            | _verb_forms("occupy", "occupied")
            | _verb_forms("overrun", "overran", "overrun")
            | {"took", "taken", "take", "takes", "taking"}
            | _verb_forms("enter")
            | _verb_forms("secure")
            | _verb_forms("gain")
            | _verb_forms("storm")
            | {"fell", "fall", "falls"},
            _TERRITORY,
        ),
        (
            _verb_forms("recapture")
            | _verb_forms("retake", "retook", "retaken")
            | _verb_forms("regain")
            | _verb_forms("liberate")
            | _verb_forms("reclaim"),
            _REGAIN,
        ),
        (
            _verb_forms("withdraw", "withdrew", "withdrawn")
            | _verb_forms("retreat")
            | _verb_forms("flee", "fled")
            | {"pulled", "pull", "pulls", "pulling"},
            _RETREAT,
        ),
        (
            _verb_forms("fight", "fought")
            | _verb_forms("clash")
            | _verb_forms("battle")
            | _verb_forms("advance"),
            _FIGHT,
        ),
        (
            _verb_forms("attack")
            | _verb_forms("ambush")
            | _verb_forms("raid")
            | _verb_forms("kill")
            | _verb_forms("shoot", "shot")
            | _verb_forms("hit", "hit")
            | _verb_forms("massacre")
            | _verb_forms("fire")
            | _verb_forms("open")  # "opened fire on": see _fired_at
            | _verb_forms("strike", "struck"),
            _ATTACK,
        ),
        (
            _verb_forms("shell") | _verb_forms("bombard") | _verb_forms("pound"),
            Trigger("ASSAULT", "ART_MISS_ATTACK"),
        ),
        (_verb_forms("bomb"), Trigger("ASSAULT", "AIR_STRIKE")),
        (
            _verb_forms("kidnap", "kidnapped") | _verb_forms("abduct"),
            Trigger("ASSAULT", "ABDUCT_DISSAP"),
        ),
        (
            _verb_forms("behead")
            | _verb_forms("lynch")
            | _verb_forms("execute")
            | _verb_forms("assassinate")
            | _verb_forms("murder")
            | _verb_forms("torture")
            | _verb_forms("stab", "stabbed")
            | {"stabbing"}
            | _verb_forms("wound")
            | _verb_forms("injure"),
            _ATTACK,
        ),
        (_verb_forms("invade"), _TERRITORY),
        (_verb_forms("assault"), _ATTACK),
        (_verb_forms("besiege"), _FIGHT),
        (_verb_forms("explode") | _verb_forms("detonate"), _EXPLOSION),
        (
            _verb_forms("torch")
            | _verb_forms("loot")
            | _verb_forms("ransack")
            | _verb_forms("vandalise")
            | _verb_forms("vandalize")
            | _verb_forms("burn", "burned", "burnt")
            | _verb_forms("raze"),
            _DESTRUCTION,
        ),
        (_verb_forms("rape"), _SEXUAL_VIOLENCE),
        (_verb_forms("disperse"), _DISPERSAL),
        (_verb_forms("march") | _verb_forms("gather"), _PROTEST),
        (_verb_forms("throw", "threw", "thrown") | _verb_forms("hurl"), _STONING),
        (_verb_forms("arrest") | _verb_forms("detain"), Trigger("COERCE", "ARREST")),
        (_verb_forms("meet", "met"), _TALKS),
        (_verb_forms("negotiate"), _TALKS),
        (_verb_forms("agree", "agreed") | _verb_forms("sign"), Trigger("AGREE", "AGREEMENT")),
        (_verb_forms("sanction"), Trigger("SANCTION", "DIPLO")),
        (_verb_forms("accuse") | _verb_forms("blame"), Trigger("ACCUSE", "DIPLO")),
        (
            _verb_forms("deny", "denied") | _verb_forms("reject") | _verb_forms("refuse"),
            Trigger("REJECT", "DIPLO"),
        ),
        (
            _verb_forms("cancel", "canceled")
            | {"cancelled", "cancelling"}
            | _verb_forms("postpone")
            | _verb_forms("suspend")
            | _verb_forms("halt")
            | _verb_forms("evacuate"),
            Trigger("OTHER", None, "halt"),
        ),
        (
            _verb_forms("protest") | _verb_forms("demonstrate") | _verb_forms("rally", "rallied"),
            Trigger("PROTEST", "PEACE_PROTEST"),
        ),
        (_verb_forms("threaten") | _verb_forms("warn"), Trigger("THREATEN", None)),
        (
            _verb_forms("deploy")
            | _verb_forms("mobilize")
            | _verb_forms("mobilise")
            | _verb_forms("reinforce"),
            Trigger("MOBILIZE", "CHANGE_TO_GROUP_ACT"),
        ),
        (_verb_forms("urge") | _verb_forms("demand"), Trigger("REQUEST", None)),
        (_verb_forms("expel", "expelled"), Trigger("COERCE", "DIPLO")),
    ]
)

NOUN_TRIGGERS: dict[str, Trigger] = _lexicon(
    [
        ({"seizure", "capture", "takeover", "occupation", "fall"}, _TERRITORY),
        ({"recapture"}, _REGAIN),
        (
            {"withdrawal", "retreat", "pullout"},
            Trigger("RETREAT", "NON_VIOL_TERRIT_TRANSFER", "retreat"),
        ),
        ({"fighting", "clashes", "clash", "battle", "battles", "firefight", "offensive"}, _FIGHT),
        (
            {"attack", "attacks", "ambush", "raid", "massacre", "gunfire", "crossfire", "fire"},
            _ATTACK,
        ),
        ({"shelling", "bombardment"}, Trigger("ASSAULT", "ART_MISS_ATTACK")),
        (
            {"airstrike", "airstrikes", "air strike", "strike", "strikes"},
            Trigger("ASSAULT", "AIR_STRIKE"),
        ),
        ({"talks", "meeting", "summit", "discussions", "negotiations"}, _TALKS),
        ({"agreement", "deal", "accord", "truce"}, Trigger("AGREE", "AGREEMENT")),
        ({"sanctions"}, Trigger("SANCTION", "DIPLO")),
        (
            {"protest", "protests", "demonstration", "demonstrations", "rally"},
            Trigger("PROTEST", "PEACE_PROTEST"),
        ),
        ({"arrest", "arrests"}, Trigger("COERCE", "ARREST")),
        ({"kidnapping", "abduction"}, Trigger("ASSAULT", "ABDUCT_DISSAP")),
        ({"explosion", "explosions", "blast", "blasts", "bombing", "bombings"}, _EXPLOSION),
        ({"looting", "arson"}, _DESTRUCTION),
        ({"rape", "rapes"}, _SEXUAL_VIOLENCE),
        ({"walkout", "walkouts", "vigil", "vigils"}, _PROTEST),
        ({"imposition"}, Trigger("SANCTION", "DIPLO")),
    ]
)

# "took" and "fell" are territorial only with these complements; otherwise too common.
_WEAK_VERBS = word_set(
    "secured secure secures securing gain gained gains gaining demonstrate demonstrated "
    "demonstrates demonstrating "
    "took taken take takes taking fell fall falls pull pulled pulls pulling hit enter entered "
    "enters entering shot shoot shoots shooting fire fired fires firing open opened opens "
    "opening explode explodes exploded exploding detonate detonates detonated detonating "
    "burn burns burned burnt burning execute executes executed executing disperse disperses "
    "dispersed dispersing clash clashes clashed clashing fight fights fought fighting battle "
    "battles battled battling march marches marched marching gather gathers gathered "
    "gathering throw throws threw thrown throwing hurl hurls hurled hurling wound wounds "
    "wounded wounding injure injures injured injuring seize seizes seized seizing capture "
    "captures captured capturing occupy occupies occupied occupying storm storms stormed "
    "storming"
)
_SPATIAL = word_set("ASSAULT RETREAT PROTEST MOBILIZE OTHER")
_CONTROL_VERBS = word_set("secured gained seized took taken wrested assumed")
_TAKE_OBJECTS = {"control", "over", "charge", "hold", "possession"}
# Adverbs that complete a movement verb as a particle would ("pulled back").
DIRECTIONS = frozenset({"back", "out", "away", "off", "down", "up", "in", "forward"})
# Adverbs that say when, how often, where in the text or how a clause follows from
# another: they tell nothing of the act itself ("attacked again", "died there").
_LOOSE_ADVERBS = LINKING_ADVERBS | word_set(
    "now already yet ago later earlier today tonight too just recently soon there here "
    "so even only again once twice first last reportedly allegedly apparently"
)


def completes(adverb: Token, verb: Token) -> bool:
    """Tell whether the adverb right after a verb completes what the verb says.

    A direction does ("pulled back"); so does another adverb after a verb with no
    object ("reigned supreme", "came close", "fell sharply"), unless it only says
    when or how the clause follows ("attacked again", "said later").
    """
    if adverb.dep_ != "advmod" or adverb.i != verb.i + 1 or not adverb.is_alpha:
        return False
    if adverb.lower_ in DIRECTIONS:
        return True
    has_object = any(child.dep_ in ("dobj", "attr", "dative") for child in verb.children)
    return not has_object and adverb.lower_ not in _LOOSE_ADVERBS


# Verbs whose complement is a wish, a plan or an opinion, not a reported event.
_INTENT = word_set(
    "threaten threatened threatens threatening want wants wanted wanting plan plans planned "
    "planning aim aims aimed aiming seek seeks sought seeking try tries tried trying hope "
    "hopes hoping vow vowed vows vowing think believe believes fear fears feared deny denies "
    "denied urge urged urges urging call called calls calling able order bid pledge pledged "
    "pledging promise promised promising intend intends intending ready prepared refuse "
    "refused refusing warn warned warning risk avoid prevent protect help ask asks asked asking"
)
# What is forbidden has not happened, whether the parse makes it a complement or the
# object: "a law banning protests", "police banned the march".
_FORBIDDING = word_set(
    "ban bans banned banning prohibit prohibits prohibited prohibiting outlaw outlaws "
    "outlawed outlawing forbid forbids forbade forbidding"
)
_MODALS = {"can", "could", "would", "may", "might", "should", "must", "will", "'d", "wo"}
_REPORTING = word_set(
    "said say says told confirmed confirm confirms reported report reports announced announce "
    "announces stated added claimed according noted indicated indicate indicates expressed"
)
_LIGHT = word_set(
    "occurred occur occurs took take takes happened happen came comes come followed follows "
    "continued continues erupted broke held hold holds holding conducted launched began begin "
    "started resumed staged imposed imposes impose imposing announced slapped levied"
)
# "X caused/forced Y to evacuate": the complement of a causative verb did happen.
_CAUSATIVE = word_set(
    "caused causes forced forces prompted led compelled pushed allowed drove made"
)
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
LOCATIVE = word_set("in at near into outside inside around towards toward across through")
PLACE_NOUNS = word_set(
    "town city village hub capital region province district area territory base airport port "
    "border crossing county state camp neighbourhood neighborhood suburb valley island centre "
    "center mine site facility streets"
)
# Verbs whose subject undergoes an attack noun: "the convoy came under fire", "X faced fire".
_UNDERGO = word_set("faced face faces facing suffered suffer suffers came come comes caught")
_NAME_LABELS = {"ORG", "PERSON", "NORP", "GPE"}
# How many sentences back "the town" / "the mine" may refer to a named one.
_ANTECEDENT_SENTENCES = 2
_NOT_ACTORS = word_set(
    "gunfire fire crossfire shelling shells bullets rockets artillery explosion blast "
    "violence fighting clashes"
)
# Determiners a noun kept in a summary stands with ("each" of "each other").
_ARTICLES = frozenset({"the", "a", "an", "each"})
TIME_LABELS = frozenset({"DATE", "TIME"})  # spaCy labels of days and times
# Values, and named occasions ("on New Year's Eve", "at the World Cup"): when or what,
# never where.
_NOT_PLACE_LABELS = TIME_LABELS | word_set("CARDINAL MONEY PERCENT ORDINAL QUANTITY EVENT")
_PHRASE_DEPS = {"compound", "amod", "nmod", "poss", "flat", "nummod", "quantmod", "npadvmod"}
_CIVILIAN_WORDS = word_set(
    "aid humanitarian relief civilian civilians villagers residents people worshippers "
    "passengers farmers students children "
    "women village market school church mosque hospital journalist shoppers traders displaced"
)
# What "captured"/"seized" takes when it is not a place: people, arms, goods.
# People, as what is captured or executed ("executed three prisoners", not a plan).
_PEOPLE = word_set(
    "people person persons man men woman women children child others civilians soldiers "
    "troops fighters militants rebels insurgents members suspects hostages prisoners "
    "detainees captives villagers residents commander commanders leader leaders officers "
    "workers"
)
_PEOPLE_OR_GOODS = _PEOPLE | word_set(
    "weapons arms ammunition explosives drugs cocaine heroin vehicles vehicle trucks cars "
    "boats ship vessel cargo shipment tons tonnes kilograms kilos pounds documents equipment"
)
# Weapons fired from a distance (ACLED shelling/artillery/missile attack).
_ARTILLERY = word_set(
    "mortar mortars artillery shell shells shelling rocket rockets missile missiles howitzer "
    "howitzers grad katyusha"
)
_ARMED_TARGETS = word_set(
    "base checkpoint post patrol convoy barracks soldiers troops army police station outpost "
    "camp forces positions personnel"
)


# --------------------------------------------------------------------------- parse helpers


def trigger_of(token: Token) -> Trigger | None:
    """Return the trigger meaning of ``token`` if it is an event word used as one."""
    word = token.lower_
    if token.pos_ in ("VERB", "AUX") or (token.pos_ == "ADJ" and token.dep_ == "ROOT"):
        if token.dep_ == "amod" and word.startswith("besieg"):
            return None  # "the besieged town": a siege's setting, not its news
        if word in ("set", "sets", "setting") and _set_fire_to(token):
            return _DESTRUCTION  # "set fire to houses", "set the market on fire"
        if word.startswith("assault") and any(c.lower_ == "sexually" for c in token.children):
            return _SEXUAL_VIOLENCE
        if word in ("took", "take", "takes", "taking") and _to_the_streets(token):
            return _PROTEST  # "took to the streets"
        if word in ("took", "taken", "take", "takes", "taking") and any(
            child.lower_ in ("hostage", "hostages", "captive") for child in token.children
        ):
            return _ABDUCTION  # "took 20 people hostage"
        if word.startswith("fir") and _crowd_control(token) and _used_on_crowd(token):
            return _DISPERSAL  # "police fired tear gas at protesters": an intervention
        if word.startswith(("hit", "struck", "strike")) and _used_on(token, _EXPLOSIVES, ("dobj",)):
            return _MINE_STRUCK  # "their vehicle hit a landmine": a bomb's blast
        if word in _BEAT and _to_death(token):
            return _ATTACK  # "beat two villagers to death"; not "beat the champions"
        if word in _BEAT and _used_on(token, _CROWDS, ("dobj", "nsubjpass")):
            return _DISPERSAL  # "police beat protesters": an intervention in a protest
        if word.startswith("block") and _used_on(token, _PROTESTERS, ("nsubj",)):
            return _PROTEST  # "protesters blocked roads"
        if word in _FALL_FORMS and any(child.lower_ == "back" for child in token.children):
            return _RETREAT  # "forces fell back": a retreat, not a town that fell
        if word in _FALL_FORMS and _fell_by_amount(token):
            return _DECLINE  # "the index fell 1 percent to a low": a market, not a town
        trigger = VERB_TRIGGERS.get(word)
        if trigger is None or (word in _WEAK_VERBS and not _strong_use(token)):
            return None
        if trigger.plover == "ACCUSE" and token.dep_ == "acl":
            return None  # "two men accused of theft": who they are, not an accusation
        if trigger.plover == "ASSAULT" and _used_on(token, _HAZARDS, ("nsubj",)):
            return _DISASTER  # "floods killed 30 people": no one attacked
        if trigger.plover == "ASSAULT" and _used_on(token, _ACCIDENTS, ("nsubj",)):
            return _ACCIDENT  # "a fire at a factory killed 12 workers"
        return trigger
    if word == "control" and any(child.lower_ in _CONTROL_VERBS for child in token.lefts):
        return _TERRITORY  # "secured control of X" misparsed with "secured" as an adjective
    if token.pos_ == "NOUN" and word in ("strike", "strikes") and _stoppage(token):
        return _PROTEST  # "went on strike", "a general strike": a stoppage of work
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ != "compound":
        trigger = NOUN_TRIGGERS.get(word)
        if (
            trigger is not None
            and word in ("fire", "strike", "strikes", "fall", *_BLASTS)
            and not _strong_noun(token)
        ):
            return None
        return trigger
    return None


# The levels a price or an index falls to ("a four-month low", "record lows").
_LEVELS = word_set("low lows high highs level levels record bottom floor")


def _fell_by_amount(token: Token) -> bool:
    """Tell whether "fell" falls by or to a price, a rate or a level ("1 percent", "to $40").

    Not by a distance or a score ("fell 15ft", "fell behind 3-1"): a person or a team.
    """
    amounts = [
        child
        for child in token.children
        if child.i > token.i
        and (child.dep_ in ("npadvmod", "dobj") or child.lower_ in ("to", "by"))
    ]
    if any(t.ent_type_ in _PRICES for amount in amounts for t in amount.subtree):
        return True  # "fell 5%", "fell 1 percent to $40", not "after prices rose 20 percent"
    return any(
        obj.lower_ in _LEVELS
        for child in token.children
        if child.dep_ == "prep" and child.lower_ == "to"
        for obj in child.children
    )


_PRICES = frozenset({"MONEY", "PERCENT"})


def _strong_use(token: Token) -> bool:
    """Tell whether a common verb ("took", "fell", "hit", "entered") is used as an event."""
    word = token.lower_
    children = {child.lower_ for child in token.children}
    if word in ("took", "taken", "take", "takes", "taking"):
        return bool(children & _TAKE_OBJECTS)
    if word in ("fell", "fall", "falls"):
        return any(child.lower_ == "to" for child in token.children if child.dep_ == "prep")
    if word.startswith("pull"):
        return "out" in children or "back" in children
    if word.startswith("enter"):
        return any(is_place(child, loose=True) for child in token.children if child.dep_ == "dobj")
    if word.startswith(("secur", "gain")):
        return "control" in children
    if word.startswith("demonstrat"):
        return not any(child.dep_ == "dobj" for child in token.children)
    if word.startswith("hit"):
        return not _figurative_hit(token)
    if word.startswith(("shot", "shoot")):
        return not _figurative_shot(token)
    if word.startswith(("fir", "open")):
        return bool(_fired_at(token)) and not _crowd_control(token)
    if word.startswith(("wound", "injur")):
        # "gunmen wounded three officers"; not a passive ("were injured in a crash": the
        # crash or the attack is the event) nor what an accident did ("the crash injured")
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        victims = [c for c in token.children if c.dep_ == "dobj" and c.lower_ not in _BODY]
        return bool(subjects and victims) and not _used_on(token, _MISHAPS, ("nsubj",))
    if word.startswith(("march", "gather")):
        # "thousands marched through X", "protesters gathered outside parliament"; not
        # troops marching into a town or a band in a parade
        return _used_on(token, _MARCHERS, ("nsubj",)) and not _used_on(
            token, STATE_ACTOR_WORDS, ("nsubj",)
        )
    if word.startswith(("throw", "threw", "hurl")):
        return _used_on(token, _THROWN, ("dobj", "nsubjpass")) and any(
            child.dep_ == "prep" and child.lower_ == "at" for child in token.children
        )
    if word in _CLASH_VERBS:
        foes = [c for c in token.children if c.dep_ == "dobj"] + [
            obj
            for child in token.children
            if child.dep_ == "prep" and child.lower_ in ("with", "against", "off")
            for obj in child.children
            if obj.dep_ == "pobj"
        ]
        return not any(item.lower_ in _STRUGGLES for foe in foes for item in phrase_tokens(foe))
    if word.startswith("explod"):  # "a car bomb exploded", not "a gas tank exploded"
        return _used_on(token, _EXPLOSIVES | _BOMBERS, ("nsubj",))
    if word.startswith("detonat"):  # "detonated a device", "detonated his vest"
        return _used_on(token, _EXPLOSIVES | _BOMBERS, ("dobj", "nsubjpass", "nsubj"))
    if word.startswith("burn"):  # "burned houses", not "burned calories" or "burned out"
        objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
        return _used_on(token, _PROPERTY, ("dobj", "nsubjpass")) or any(
            is_place(obj) for obj in objects
        )
    if word.startswith("execut"):  # "executed three prisoners", not "executed a plan"
        objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
        return _used_on(token, _PEOPLE, ("dobj", "nsubjpass")) or any(
            obj.ent_type_ == "PERSON" for obj in objects
        )
    if word.startswith("dispers"):  # "dispersed the protesters", not "dispersed funds"
        return _used_on(token, _CROWDS, ("dobj", "nsubjpass"))
    if word.startswith(("seiz", "captur", "occup", "storm")):
        return _taken(token)
    return True


def _taken(token: Token) -> bool:
    """Tell whether a taking verb takes something by force: a place, people or goods.

    "Rebels seized the town", "the base was stormed"; not what a camera "captured",
    a title or seats "captured", an opportunity "seized", nor a driver who "stormed
    home" or "stormed off the stage" (no object taken).
    """
    if _used_on(token, _RECORDINGS, ("nsubj",)):
        return False  # "the footage captures the launch": a picture of it, no capture
    if any(child.dep_ == "prt" for child in token.children):
        return False  # "stormed off the stage", "stormed out": a way of leaving
    taken = [child for child in token.children if child.dep_ in ("dobj", "nsubjpass")]
    return bool(taken) and not any(item.lower_ in _ABSTRACT_TAKES for item in taken)


# What pictures or records an event: its "capturing" the scene is no capture.
_RECORDINGS = word_set(
    "footage video videos camera cameras cctv photo photos photograph photographs "
    "photographer photographers image images picture pictures film films recording "
    "recordings documentary"
)
# What is won, seized or captured without force: a moment, a feeling, a chance, a title,
# a share of votes. The head of the object decides ("the moment the bridge fell").
_ABSTRACT_TAKES = word_set(
    "moment moments imagination attention heart hearts mind minds mood spirit essence "
    "feeling opportunity opportunities chance chances initiative momentum title titles "
    "crown championship trophy medal medals pole lead headlines spotlight limelight "
    "record records victory win seat seats vote votes majority nomination market "
    "audience audiences"
)


# What explodes or is set off in an attack (ACLED's remote explosives, grenades).
_EXPLOSIVES = word_set(
    "bomb bombs device devices ied ieds mine mines landmine landmines explosive explosives "
    "grenade grenades vest vests"
)
# Who or what carries a bomb to its target: "a suicide blast", "a roadside explosion".
_BOMBERS = word_set("suicide roadside car truck bomber bombers")
# Nouns of an explosion, a bombing only by their modifiers (see _strong_noun).
_BLASTS = ("explosion", "explosions", "blast", "blasts")
# What is burned or razed in an attack on property (not calories, fuel or bridges).
_PROPERTY = word_set(
    "house houses home homes hut huts shop shops store stores building buildings vehicle "
    "vehicles car cars truck trucks bus buses church churches mosque mosques temple temples "
    "school schools market markets office offices village villages property properties tent "
    "tents crops fields granary granaries station stations"
)


def _modifier_words(token: Token) -> set[str]:
    """Return the words that modify a noun ("car bomb blast" -> car, bomb)."""
    return {
        item.lower_
        for child in token.children
        if child.dep_ in ("compound", "amod", "nmod")
        for item in child.subtree
    }


def _set_fire_to(token: Token) -> bool:
    """Tell whether "set" sets fire to something: "set fire to X", "set X on fire"."""
    objects = [child for child in token.children if child.dep_ == "dobj"]
    preps = {child.lower_: child for child in token.children if child.dep_ == "prep"}
    if any(obj.lower_ == "fire" for obj in objects) and "to" in preps:
        return True
    on = preps.get("on")
    return bool(objects) and on is not None and any(o.lower_ == "fire" for o in on.children)


def _used_on(token: Token, words: frozenset[str], deps: tuple[str, ...]) -> bool:
    """Tell whether an object or subject phrase of ``token`` holds one of ``words``."""
    return any(
        item.lower_ in words
        for child in token.children
        if child.dep_ in deps
        for item in phrase_tokens(child)
    )


# What a weapon is fired at: "fired rockets at the base", "troops fired on protesters",
# "opened fire on the crowd". Fired with no such target ("fired a missile into the sea
# on Tuesday", "fired 200 workers") it is a test, a salute or a dismissal.
_FIRED_AT = word_set("at on upon")
# Crowds: protesters (whose riot is a violent demonstration) and mobs; together with
# mourners and supporters, the gatherings shots are fired "on" and police disperse.
_PROTESTERS = word_set("protesters protester demonstrators demonstrator marchers")
_MOBS = word_set("rioters rioter mob mobs youths vigilantes crowd crowds looters")
_CROWDS = _PROTESTERS | _MOBS | word_set("mourners supporters")
# What is fired to disperse a crowd, not to kill: no attack, whatever it is fired at.
_CROWD_CONTROL = word_set("gas teargas rubber water cannon cannons warning blanks flares")


def _fired_at(token: Token) -> list[Token]:
    """Return the targets of "fire" (the objects of its "at"/"on"), if it is fired at any.

    "open" counts only as "opened fire"; any other word has no such targets.
    """
    opened_fire = token.lower_.startswith("open") and any(
        child.dep_ == "dobj" and child.lower_ == "fire" for child in token.children
    )
    thrown = token.lower_.startswith(("throw", "threw", "hurl")) and token.pos_ == "VERB"
    if not (opened_fire or thrown or (token.lower_.startswith("fir") and token.pos_ == "VERB")):
        return []
    return [
        obj
        for child in token.children
        if child.dep_ == "prep" and child.lower_ in _FIRED_AT | {"into"}
        for obj in child.children
        if obj.dep_ == "pobj"
        and (
            _fire_target(obj, loose=child.lower_ == "at")
            if child.lower_ != "into"
            # "fired into southern Vorna", "into the crowd"; not "into the sea" (a test)
            else (is_place(obj) or obj.lower_ in _CROWDS)
            and not any(t.lower_ in _WATERS for t in phrase_tokens(obj))
        )
    ]


# Where a shot lands harmlessly: "fired a missile into the Sea of Japan".
_WATERS = word_set("sea seas ocean oceans waters water gulf bay lake river strait")


def _fire_target(obj: Token, loose: bool) -> bool:
    """Tell whether the object of "fired at/on" is what was fired at.

    Never a time ("on Tuesday") or what carried the shot ("fired a satellite on a
    rocket"); after "on", only people, forces and places ("fired on protesters", not
    "fired on a lofted trajectory"); after "at", anything aimed at.
    """
    if obj.ent_type_ in TIME_LABELS or obj.lower_ in _ARTILLERY:
        return False
    return (
        loose
        or is_place(obj)
        or obj.ent_type_ in ("PERSON", "NORP", "ORG")
        or obj.lower_ in _CIVILIAN_WORDS | _ARMED_TARGETS | _PEOPLE_OR_GOODS | _CROWDS
    )


def _to_death(token: Token) -> bool:
    """Tell whether a verb is done "to death" ("beaten to death", "stabbed to death")."""
    return any(
        child.dep_ == "prep"
        and child.lower_ == "to"
        and any(o.lower_ == "death" for o in child.children)
        for child in token.children
    )


def _used_on_crowd(token: Token) -> bool:
    """Tell whether something was fired at, on or into a crowd ("tear gas at protesters")."""
    return any(item.lower_ in _CROWDS for obj in _fired_at(token) for item in phrase_tokens(obj))


def _crowd_control(token: Token) -> bool:
    """Tell whether what was fired is tear gas, rubber bullets or a warning (no attack)."""
    fired = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    return any(item.lower_ in _CROWD_CONTROL for head in fired for item in phrase_tokens(head))


# "shot" is gunfire unless it is fame or a camera's: "shot to fame", "prices shot up",
# "shot a video in the desert".
_SHOT_TO = word_set("fame stardom prominence notoriety popularity top number no. no")
_FILMED = word_set(
    "video videos film films footage scene scenes episode episodes photo photos photograph "
    "photographs picture pictures movie movies commercial documentary pilot series season"
)


def _figurative_shot(token: Token) -> bool:
    """Tell whether "shot" is news idiom for a rise or a filming, not gunfire."""
    for child in token.children:
        risen = child.dep_ == "prep" and child.lower_ == "to"
        if risen and any(o.lower_ in _SHOT_TO for o in child.children if o.dep_ == "pobj"):
            return True
        if child.dep_ == "prt" and child.lower_ == "up":
            return True
        if child.dep_ == "dobj" and child.lower_ in _FILMED:
            return True
    return False


# "hit" is a strike unless news idiom says otherwise: hit with a charge or a fine, hit
# a record, a rough patch or the shelves, hit home. ("hit the market" stays a strike:
# a market is often the place attacked.)
_HIT_WITH = word_set(
    "claim claims allegation allegations accusation accusations charge charges lawsuit "
    "lawsuits suit fine fines penalty penalties sanction sanctions tariff tariffs tax taxes "
    "criticism backlash ban suspension subpoena complaint complaints question questions "
    "demand demands bill bills"
)
_HIT_OBJECTS = word_set(
    "record records high highs low lows patch milestone headlines shelves screens "
    "theaters theatres cinemas jackpot note notes stride wall snag"
)
# What "hit" reaches when it is a level, not a target: a speed, a price, a share
# ("hit 40 miles an hour", "hit $6,000", "hit 5 percent").
_HIT_LEVELS = word_set(
    "mile miles mph km kph kilometres kilometers degree degrees percent point points level "
    "levels mark peak"
)


def _figurative_hit(token: Token) -> bool:
    """Tell whether "hit" is news idiom ("hit with claims", "hit a record high", "hit home")."""
    if token.dep_ == "amod":
        return True  # "her hit song", "a hit show": a success, not a blow
    for child in token.children:
        charged = child.dep_ == "prep" and child.lower_ == "with"
        if charged and any(o.lower_ in _HIT_WITH for o in child.children if o.dep_ == "pobj"):
            return True
        if child.dep_ == "dobj" and (
            child.lower_ in _HIT_OBJECTS
            or child.lower_ in _HIT_LEVELS
            or child.lower_ in ONLINE_SERVICES  # "the single hit iTunes": released there
            or child.tag_ == "$"
            or child.pos_ == "NUM"
            or any(c.tag_ == "$" for c in child.children)
        ):
            return True
        if child.dep_ == "advmod" and child.lower_ == "home":
            return True
    return False


def _strong_noun(token: Token) -> bool:
    """Tell whether "fire"/"strike"/"fall" names an attack (not a blaze or a labour strike).

    An explosion or a blast is a bombing only when it is said to be a bomb's ("a car
    bomb blast", "a suicide explosion"): a gas leak, a factory or a mine explodes too.
    """
    words = {child.lower_ for child in token.children}
    if token.lower_ in _BLASTS:
        return bool(_modifier_words(token) & (_EXPLOSIVES | _BOMBERS))
    if token.lower_ == "fall":
        return "of" in words
    if token.lower_.startswith("strike"):
        return bool(words & {"air", "drone", "missile"})
    return (
        bool(words & {"direct", "heavy", "artillery", "sporadic", "under", "by"})
        # "came under fire", "killed in the fire"; not "set the market on fire" (arson)
        or (token.dep_ == "pobj" and not (token.head.lower_ == "on" and token.lower_ == "fire"))
    )


def is_place(token: Token, loose: bool = False) -> bool:
    """Tell whether ``token`` heads a place name (NER label, or a capitalised proper noun).

    ``loose`` accepts any proper noun: the object of "seized"/"captured" is a place
    even when the small NER model calls an unfamiliar town a person.
    """
    if token.ent_type_ in _PLACE_LABELS:
        return True
    if token.ent_type_ in _NOT_PLACE_LABELS:
        return False
    if token.ent_type_ in ("PERSON", "NORP") and not loose:
        return False
    if any(child.dep_ == "case" for child in token.children):
        return False  # "Smith's": a possessor, not a place
    capital = token.text[:1].isupper() and not token.is_sent_start
    return capital and (token.pos_ == "PROPN" or (loose and token.pos_ == "NOUN"))


def scope_of(trigger: Token) -> list[Token]:
    """Return the trigger plus the light verb that carries a noun trigger ("held talks in X")."""
    carried = trigger.dep_ in ("nsubj", "dobj", "nsubjpass") and trigger.head.lower_ in _LIGHT
    # (a gerund the tagger calls a verb is a noun as a subject: "fighting broke out in X")
    nominal = trigger.pos_ in ("NOUN", "PROPN") or (
        trigger.tag_ == "VBG" and trigger.dep_ in ("nsubj", "nsubjpass")
    )
    if nominal and carried:
        return [trigger, trigger.head]
    head = trigger.head
    gone_on = head.lower_ == "on" and head.head.lower_ in _GONE_ON
    if trigger.pos_ == "NOUN" and trigger.dep_ == "pobj" and gone_on:
        return [trigger, head.head]  # "went on strike in X"
    return [trigger]


# The dependents that name who did it or to whom: "no one" there negates the act.
_PARTIES = frozenset({"nsubj", "nsubjpass", "dobj"})
_NOBODY = word_set("nobody nothing none noone")


def _none_of(party: Token) -> bool:
    """Tell whether a party is no one: "nobody", "no one", "no civilians" (not "no fewer")."""
    return party.lower_ in _NOBODY or any(
        child.dep_ == "det" and child.lower_ == "no" for child in party.children
    )


# "went on strike", "is going on hunger strike": the verb that carries a stoppage.
_GONE_ON = word_set("go goes going went gone")


def is_reported(token: Token) -> bool:
    """Tell whether the trigger states something that happened (not a wish, plan or opinion)."""
    if any(child.dep_ == "neg" for child in token.children):
        return False
    if any(_none_of(child) for child in token.children if child.dep_ in _PARTIES):
        return False  # "no one was killed", "killed no civilians", "attacked nobody"
    first = token
    while first.dep_ == "conj":
        first = first.head
    if first.dep_ in ("acl", "relcl") and any(
        child.dep_ == "aux" and child.lower_ == "to" for child in first.children
    ):
        return False  # "a mission to destroy the consulate and kill": what was meant
    if any(
        child.lower_ == "longer" and any(sub.lower_ == "no" for sub in child.children)
        for child in token.children
    ):
        return False  # "is no longer fighting": a negation the parser does not label
    if any(child.lower_ in _MODALS and child.dep_ == "aux" for child in token.children):
        return False
    if any(child.dep_ == "mark" and child.lower_ in ("if", "unless") for child in token.children):
        return False
    node = token
    while node.dep_ in ("xcomp", "advcl", "pcomp", "acl", "ccomp", "conj", "pobj", "prep", "dobj"):
        head = node.head
        if node.dep_ in ("xcomp", "pcomp") and _undone_verb(head):
            return False  # "did not attempt to shoot", "could try to seize": not done either
        if head.lower_ in _INTENT | _FORBIDDING and node.dep_ in (
            "xcomp",
            "pcomp",
            "pobj",
            "prep",
            "ccomp",
            "advcl",
        ):
            return False
        if head.lower_ in _FORBIDDING and node.dep_ in ("dobj", "nsubjpass"):
            return False  # "banned the march": it did not take place
        if (
            node.dep_ == "advcl"
            and head.lower_ not in _CAUSATIVE
            and any(c.lower_ in ("to", "order") for c in node.children if c.dep_ in ("aux", "mark"))
        ):
            return False  # "... in order to seize X": a purpose, not an event
        if head.lower_ in _MODALS or head.i == node.i:
            break
        node = head
    return True


def _undone_verb(token: Token) -> bool:
    """Tell whether a verb is negated or under a modal ("did not try", "may seek")."""
    return any(
        child.dep_ == "neg" or (child.lower_ in _MODALS and child.dep_ == "aux")
        for child in token.children
    )


def phrase_tokens(token: Token) -> list[Token]:
    """Return the tokens of the noun phrase headed by ``token`` (modifiers, no clauses)."""
    keep = [token]
    for child in reversed(list(token.lefts)):
        if "\n" in child.text_with_ws or child.is_space:
            break  # a phrase never spans a line break (headlines, page furniture)
        if child.dep_ in _PHRASE_DEPS or (child.dep_ == "punct" and child.text == "-"):
            keep.extend(phrase_tokens(child))
        if child.dep_ == "poss":  # "Mozambique's north", not "Mozambique north"
            keep.extend(mark for mark in child.rights if mark.dep_ == "case")
    for child in token.rights:
        if child.dep_ in ("flat", "compound"):
            keep.extend(phrase_tokens(child))
        if token.lower_ in _AMOUNT_NOUNS and child.dep_ == "prep" and child.lower_ == "of":
            # "hundreds [of demonstrators]": an amount says nothing without what it counts
            keep.append(child)
            keep.extend(
                t for obj in child.children if obj.dep_ == "pobj" for t in phrase_tokens(obj)
            )
    return sorted(keep, key=lambda item: item.i)


# ------------------------------------------------------------------ phrases and clauses


# Dependents that stay in a noun phrase read without its clauses.
_NP_DEPS = word_set(
    "det amod compound poss nummod quantmod flat case nmod "
    "npadvmod"  # the X of "X-backed", "3-year-old"
)
# Nouns that count or group what their "of" phrase names.
_AMOUNT_NOUNS = word_set(
    "dozens hundreds thousands millions billions scores tens number numbers series handful "
    "couple group groups wave spate string pair majority rest half third quarter"
)


def np_tokens(token: Token, depth: int = 0) -> list[Token]:
    """Return a noun phrase without its clauses: determiners, modifiers, "of" complements."""
    keep = [token]
    # quotation marks stay in pairs: "the “outrageous” firing", never "X” creates"
    quotes = [c for c in token.children if c.dep_ == "punct" and c.text in QUOTE_MARKS]
    keep.extend(quotes if len(quotes) == 2 else [])
    for child in token.children:
        if "\n" in child.text_with_ws and child.i < token.i:
            continue
        if child.dep_ in _NP_DEPS or (child.dep_ == "punct" and child.text in "-'’"):
            keep.extend(np_tokens(child, depth + 1))
        elif (
            child.dep_ == "advmod"
            and depth > 0
            and token.dep_ in ("amod", "nummod", "advmod")
            and _within(child)
        ):
            # "a [highly] contagious strain", "the [most] [widely] watched", "best-[ever]"
            keep.extend(np_tokens(child, depth + 1))
        elif depth > 0 and child.dep_ in ("cc", "conj"):
            # conjoined modifiers stay whole: "former Google and Facebook employees"
            keep.extend(np_tokens(child, depth + 1))
        elif (
            child.dep_ == "prep"
            and child.lower_ == "of"
            and child.i > token.i
            and (depth == 0 or token.lower_ in _AMOUNT_NOUNS)
        ):
            # "reports of dozens of sexual assaults": an amount says nothing without its "of"
            keep.append(child)
            for obj in child.children:
                if obj.dep_ == "pobj":
                    keep.extend(np_tokens(obj, depth + 1))
    return sorted(keep, key=lambda item: item.i)


def _within(modifier: Token) -> bool:
    """Tell whether an adverb stands inside its word's noun phrase: before the word it
    modifies, or joined to it without a space ("best-ever")."""
    word = modifier.head
    if modifier.i < word.i:
        return True
    return all(not token.whitespace_ for token in word.doc[word.i : modifier.i])


def contiguous(tokens: Sequence[Token]) -> list[Token]:
    """Return the longest run of adjacent tokens: a phrase the parse scattered, cut to its core."""
    if not tokens:
        return []
    runs: list[list[Token]] = [[tokens[0]]]
    for token in tokens[1:]:
        if token.i == runs[-1][-1].i + 1:
            runs[-1].append(token)
        else:
            runs.append([token])
    return max(runs, key=len)


def np_start(token: Token) -> int:
    return min(t.i for t in contiguous(np_tokens(token)))


def complement_phrase(verb: Token, after: int) -> set[int]:
    """Return a prepositional complement right after the verb: "responded to an interview"."""
    for child in verb.children:
        if child.dep_ != "prep" or not 0 < child.i - after <= 2:
            continue
        objects = [o for o in child.children if o.dep_ == "pobj" and o.ent_type_ not in TIME_LABELS]
        if objects:
            return {child.i, *(t.i for t in contiguous(np_tokens(objects[0])))}
    return set()


# The words of a completing clause: "[that] the test [could] lead to a change".
MAX_COMPLEMENT_TOKENS = 16


def completing_clause(head: Token, after: int) -> set[int]:
    """Return the clause that completes ``head`` right after token ``after``, if short.

    A verb of wanting, saying or trying says nothing without its clause: "They
    want [you to lock the files]", "X succeeded [in launching a satellite]", "Y
    warned [that the test could lead to a change]". The clause keeps its subject,
    verb group and the object or phrase next to the verb. A clause is left out,
    and the summary stays what it was, when it is too long to read as part of the
    summary (its asides left out: "the bridge [that the floods damaged] could
    collapse" is five words), when the parse scattered it (other words missing in
    its middle), or when it is a bare verb ("agreed [saying]", "accused X [of
    creating]"): that completes nothing.
    """
    for child in head.children:
        if child.i <= after:
            continue
        if child.dep_ == "prep" and child.i - after <= 2:
            verbs = [c for c in child.children if c.dep_ == "pcomp" and c.pos_ == "VERB"]
            verb = verbs[0] if verbs else None
            core = _clause_core(verb) | {child.i} if verb is not None else set()
        elif child.dep_ in ("xcomp", "ccomp") and min(t.i for t in child.subtree) - after <= 2:
            verb = child
            core = _clause_core(child)
        else:
            continue
        if verb is None or not core:
            return set()
        group = {verb.i, *(c.i for c in verb.children if c.dep_ in _VERB_GROUP)}
        short = len(core) < MAX_COMPLEMENT_TOKENS  # the words kept: an aside left out is no length
        gaps = [head.doc[i] for i in range(min(core), max(core)) if i not in core]
        whole = all(_aside(token, core) for token in gaps)
        bare = not core - group - {child.i} and any(c.dep_ in _COMPLETING for c in verb.children)
        return core if short and whole and not bare else set()
    return set()


# The words of a verb group: "[that] [could] [not] lead", "[to] launch".
_VERB_GROUP = frozenset({"aux", "auxpass", "neg", "mark", "prt"})
# What a verb needs to say something: "creating [tools]", "saying [that ...]".
_COMPLETING = frozenset({"dobj", "ccomp", "xcomp", "attr", "acomp", "oprd", "pcomp"})
# Asides a clause reads well without: "X, her former agency, was ...".
_ASIDES = frozenset({"appos", "relcl", "acl", "parataxis", "punct"})


def _aside(token: Token, kept: set[int]) -> bool:
    """Tell whether a word left out of a kept clause is punctuation or in an aside."""
    node = token
    while node.i not in kept:
        if node.is_punct or node.dep_ in _ASIDES:
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _clause_core(verb: Token) -> set[int]:
    """Return a clause's subject, verb group and the object or phrase right after the verb."""
    keep = {verb.i}
    keep.update(
        c.i
        for c in verb.children
        if (c.i < verb.i and (c.dep_ == "mark" or c.tag_ == "WRB"))  # "that", "why"
        or (c.dep_ in ("aux", "auxpass", "neg") and 0 < verb.i - c.i <= 3)
        or (c.dep_ == "prt" and c.i == verb.i + 1)  # "shoot down"
    )
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i]
    for subject in subjects[:1]:
        keep.update(t.i for t in contiguous(np_tokens(subject)))
    if verb.pos_ not in ("VERB", "AUX"):
        if not subjects:
            return set()  # a noun or an adjective reads as a clause only with its subject
        # "it [a pretty painless experience]": the noun with all its words before it
        keep.update(range(min(t.i for t in np_tokens(verb)), verb.i + 1))
    objects = [c for c in verb.children if c.dep_ in ("dobj", "attr", "acomp", "oprd")]
    near = [o for o in objects if 0 < np_start(o) - verb.i <= 3]
    agents = [c for c in verb.children if c.dep_ == "agent" and 0 < c.i - verb.i <= 2]
    if near:
        keep.update(t.i for t in contiguous(np_tokens(near[0])))
    elif agents:  # "was closed [by its owners]": who did it completes a passive
        by = agents[0]
        keep.add(by.i)
        keep.update(t.i for o in by.children if o.dep_ == "pobj" for t in np_tokens(o))
    else:
        keep.update(complement_phrase(verb, verb.i))
    return keep


def with_conjuncts(head: Token, phrase: Callable[[Token], list[Token]]) -> list[Token]:
    """Return the phrase of ``head`` and of the ones conjoined after it ("X and Y have split").

    A verb agrees with its whole subject: "X have split" would misquote the text.
    """
    keep = list(phrase(head))
    later = [conjunct for conjunct in head.conjuncts if conjunct.i > head.i]
    for conjunct in later:
        keep.extend(phrase(conjunct))
        # the "," and "and" between them; not the commas of an apposition after them
        keep.extend(
            c
            for c in conjunct.head.children
            if c.dep_ in ("cc", "punct") and head.i < c.i < later[-1].i
        )
    return sorted(set(keep), key=lambda item: item.i)


def phrase_text(token: Token) -> str:
    """Return the text of the noun phrase headed by ``token`` (one line, no page furniture)."""
    tokens = phrase_tokens(token)
    text = token.doc[tokens[0].i : tokens[-1].i + 1].text
    return " ".join(text.split("\n")[-1].split()).strip(" |,")


def _conjuncts(token: Token) -> list[Token]:
    """Return the token and its conjoined nouns, each replaced by a proper-noun apposition."""
    heads = [token, *(child for child in token.conjuncts if child.pos_ in ("NOUN", "PROPN"))]
    return [_named(head) for head in heads]


def _named(token: Token) -> Token:
    """Return the proper-noun apposition of a common noun ("his counterpart, Jane Doe").

    The apposition must follow the noun's phrase closely and not be a place: the
    parser hangs far-off lists ("... connecting provinces: A, B") on a subject too.
    """
    if token.pos_ == "NOUN":
        end = phrase_tokens(token)[-1].i
        for child in token.children:
            if (
                child.dep_ == "appos"
                and child.pos_ == "PROPN"
                and child.i - end <= 3
                and child.ent_type_ not in _PLACE_LABELS
            ):
                return child
    return token


def one_subject(subjects: Sequence[Token], verb: Token) -> list[Token]:
    """Return the clause's subject among those the parse hangs on ``verb``.

    A clause has one subject (conjoined ones hang on the first): two are a misparse
    ("A magnitude 6.8 earthquake struck": "magnitude" and "earthquake"; "The killing
    of a gorilla after a boy tumbled": the sentence's subject hung on the subordinate
    verb too); the verb's own is the nearest before it.
    """
    if len(subjects) < 2:
        return list(subjects)
    before = [c for c in subjects if c.i < verb.i]
    return [max(before, key=lambda c: c.i)] if before else [subjects[0]]


# Subjects that make a clause's own, not its head's, who did it.
_SUBJECTS = frozenset({"nsubjpass", "csubj", "csubjpass", "expl"})
# Pronouns that count a group rather than stand for the head clause's subject: in
# "the vote was held, and the candidates both urged a recount" "both" are the
# candidates, never the vote.
_QUANTIFIERS = word_set("both all each neither either none many most several some")


def reporter_of(pronoun: Token) -> Token | None:
    """Return the speaker a reported clause's pronoun subject stands for, if it can only be it.

    News gives a party's act or stance as "X said it/they/he ...": in "China said it
    opposes the launches" the one opposing is China. The pronoun must fit the speaker
    ("it" a thing or a body, "they" a plural, "he"/"she" a named person) and stand
    alone; anything else (the pronoun of someone named before, "the ministry said he
    was arrested", "she and her partner") stays unknown.
    """
    verb = pronoun.head
    if pronoun.dep_ not in ("nsubj", "nsubjpass") or verb.dep_ != "ccomp":
        return None
    if any(child.dep_ == "conj" for child in pronoun.children):
        return None  # "she and her partner": more than the speaker
    if verb.head.lower_ not in _REPORTING:
        return None
    speakers = [
        child
        for child in verb.head.children
        if child.dep_ == "nsubj" and child.pos_ != "PRON" and child.i < pronoun.i
    ]
    if len(speakers) != 1:
        return None
    speaker = speakers[0]
    person = speaker.ent_type_ == "PERSON"
    plural = speaker.tag_ in ("NNS", "NNPS")
    word = pronoun.lower_
    fits = (
        (word == "it" and not person and not plural)
        or (word == "they" and plural)
        or (word in ("he", "she") and person)
    )
    return speaker if fits else None


def actors_of(trigger: Token) -> list[Token]:
    """Return the heads of the doers: subject, passive agent, possessor or "by" of a noun."""
    found: list[Token] = []
    stated = [reporter_of(c) or c for c in trigger.children if c.dep_ == "nsubj"]
    subjects = one_subject([c for c in stated if c.pos_ != "PRON"], trigger)
    found.extend(subject for head in subjects for subject in _conjuncts(head))
    for child in trigger.children:
        if child.dep_ == "poss" and child.pos_ != "PRON":
            found.extend(_conjuncts(child))
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    found.extend(_conjuncts(obj))
    for scope in scope_of(trigger) if trigger.pos_ == "NOUN" else ():
        for child in scope.children:  # "talks/fighting between X and Y"
            if child.dep_ == "prep" and child.lower_ == "between":
                for obj in child.children:
                    found.extend(_conjuncts(obj) if obj.dep_ == "pobj" else ())
    if not found and trigger.pos_ == "NOUN":
        # "a Vorna Front truck bombing", "UN sanctions": a group named before the noun
        # made it (a place there is where, "a Karvik bombing"; a people's adjective,
        # "Vornan attacks", says whose side, not who)
        found = [
            child
            for child in trigger.children
            if child.dep_ in ("compound", "amod") and child.ent_type_ == "ORG"
        ]
    carried = scope_of(trigger)
    if not found and len(carried) > 1 and trigger.dep_ in ("dobj", "pobj"):
        return actors_of(carried[1])  # "X and Y held talks", "teachers went on strike"
    # "entered X ... gaining control": a clause without a subject shares its head's, and
    # a pronoun most often stands for that subject ("X set it when it agreed"); a
    # passive's subject is what was done to ("since X was killed, Y has"), not its doer
    own = any(
        child.dep_ in _SUBJECTS or (child.dep_ == "nsubj" and child.lower_ in _QUANTIFIERS)
        for child in trigger.children
    )
    inherits = trigger.dep_ in ("conj", "xcomp", "advcl") and trigger.head.pos_ == "VERB"
    if not found and inherits and not own:
        return actors_of(trigger.head)
    return [
        item
        for item in found
        # "Tomorrow's clash", "Sunday's vote": a time is no one who acts
        if item.lower_ not in _NOT_ACTORS
        and item.pos_ != "PRON"
        and item.ent_type_ not in TIME_LABELS
    ]


def targets_of(trigger: Token) -> list[Token]:
    """Return the heads of what the event is done to: object, passive subject, "of X" of a noun."""
    found: list[Token] = []
    if fired_at := _fired_at(trigger):
        # "fired rockets at the base": the object is the weapon, the base is the target
        return [item for obj in fired_at for item in _conjuncts(obj)]
    if trigger.pos_ == "VERB" and trigger.lower_ in _CLASH_VERBS:
        # "clashed with police", "fought against the army": the other side
        found = [
            obj
            for child in trigger.children
            if child.dep_ == "prep" and child.lower_ in ("with", "against")
            for obj in child.children
            if obj.dep_ == "pobj"
        ]
    if trigger.pos_ == "VERB" and _to_the_streets(trigger):
        return []  # "took to the streets (of X)": where, not what
    if trigger.lower_.startswith("set") and _set_fire_to(trigger):
        # "set fire to X": X burned; "set X on fire": the object
        burned = [
            obj
            for child in trigger.children
            if child.dep_ == "prep" and child.lower_ == "to"
            for obj in child.children
            if obj.dep_ == "pobj"
        ] or [c for c in trigger.children if c.dep_ == "dobj" and c.lower_ != "fire"]
        return [item for obj in burned for item in _conjuncts(obj)]
    for child in trigger.children:
        if child.dep_ in ("dobj", "nsubjpass", "attr"):
            found.extend(_conjuncts(child))
        if (
            child.dep_ == "prep"
            and child.lower_ in ("of", "on", "against")
            and trigger.pos_ == "NOUN"
        ):
            found.extend(obj for obj in child.children if obj.dep_ == "pobj")
    if not found:
        found = [obj for verb in _paired_verbs(trigger) for obj in targets_of(verb)]
    return [
        item
        for item in found
        if item.pos_ != "PRON"
        and item.lower_ not in _TAKE_OBJECTS
        # "an attack on a church on Sunday": a day is when, never what was hit
        and item.ent_type_ not in TIME_LABELS
    ]


def _paired_verbs(trigger: Token) -> list[Token]:
    """Return the verbs of the same kind joined right after ``trigger`` ("shot and killed").

    Their object is the trigger's too ("shot and killed a guard"); a verb of another
    kind is another act ("withdrew and shelled the town": nothing was withdrawn).
    """
    kind = VERB_TRIGGERS.get(trigger.lower_)
    if kind is None or trigger.pos_ != "VERB":
        return []
    return [
        child
        for child in trigger.children
        if child.dep_ == "conj"
        and child.i - trigger.i <= 2
        and (paired := VERB_TRIGGERS.get(child.lower_)) is not None
        and paired.plover == kind.plover
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children)
    ]


def place_of(
    trigger: Token,
    targets: Sequence[Token],
    loose: bool = False,
    moving: bool = False,
    participants: Sequence[Token] = (),
) -> Token | None:
    """Return the head of the place where the event happened, if the parse gives one.

    ``loose`` lets any proper-noun object count (territory verbs); ``moving`` adds
    "to X" (a retreat or an advance goes to a place); ``participants`` (actors and
    targets) are searched last, for a place phrase the parser hung on them.
    """
    for target in targets:
        place = place_in(target, loose)
        if place is not None:
            return place
    preps = LOCATIVE | {"to"} if moving else LOCATIVE
    for scope in scope_of(trigger):
        taken = [place for child in scope.children for place in _taken_place(child)]
        if taken:
            return taken[0]  # "took control of X": the place taken is where it happened
        found = [place for child in scope.children for place in _located_place(child, preps)]
        # a town locates the event better than a building named beside it
        # ("struck at the consulate in the city of X")
        towns = [p for p in found if p.ent_type_ in ("GPE", "LOC") or of_place_noun(p)]
        if found:
            return (towns or found)[0]
    for participant in participants:  # "attacked by gunmen near X"
        for child in participant.children:
            if child.dep_ == "prep" and child.lower_ in LOCATIVE:
                for obj in child.children:
                    place = place_in(obj, loose=True) if obj.dep_ == "pobj" else None
                    if place is not None:
                        return place
    return None


def of_place_noun(token: Token) -> bool:
    """Tell whether a name is the X of "the town of X", "the commercial hub of X"."""
    return token.head.lower_ == "of" and token.head.head.lower_ in PLACE_NOUNS


def _located_place(child: Token, preps: set[str] | frozenset[str]) -> list[Token]:
    """Return the places of a locative phrase of the trigger: "in X", "near X"."""
    if child.dep_ != "prep" or child.lower_ not in preps:
        return []
    # after "in/near/to", an unfamiliar capitalised name is a place even when the
    # small NER model calls it a person
    return [
        place
        for obj in child.children
        if obj.dep_ == "pobj" and (place := place_in(obj, loose=True)) is not None
    ]


def _taken_place(child: Token) -> list[Token]:
    """Return the place a taking names: "took control of X", "took over X"."""
    if child.dep_ not in ("dobj", "prep") or child.lower_ not in _TAKE_OBJECTS | {"over"}:
        return []
    return [
        sub for sub in child.subtree if sub.i != child.i and sub.dep_ == "pobj" and is_place(sub)
    ][:1]


def place_in(token: Token, loose: bool = False) -> Token | None:
    """Return ``token`` if it is a place, or the X of "the town of X", else None."""
    if is_place(token, loose):
        return token
    if token.lower_ in PLACE_NOUNS:
        # The place noun says what the name is, whatever label the small NER model
        # gave it ("X district", "the town of X" with X tagged a nationality or person).
        for child in reversed(list(token.children)):  # the compound next to the noun first
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj" and _named_place(obj):
                        return obj
            if child.dep_ in ("compound", "appos") and _named_place(child):
                return child
    return None


def _named_place(token: Token) -> bool:
    """Tell whether a name beside a place noun is the place's name (a proper noun will do)."""
    return is_place(token) or (token.pos_ == "PROPN" and is_place(token, loose=True))


def name_text(token: Token) -> str:
    """Return the named entity that ``token`` is part of, else its noun phrase."""
    if token.ent_type_ in _NAME_LABELS:
        for entity in token.doc.ents:
            if entity.start <= token.i < entity.end:
                words = entity.text.split()
                return " ".join(words[1:] if words[0].lower() == "the" else words)
    return phrase_text(token)


def _is_name(token: Token) -> bool:
    return token.ent_type_ in _NAME_LABELS or token.pos_ == "PROPN"


def owners_of(target: Token) -> list[str]:
    """Return who owns a site that was hit: "its base" (the reporter), "a base run by X" (X).

    A possessive pronoun refers back to the subject of the verb that reports the
    attack ("X said its base was hit"), the usual shape of such news sentences.
    """
    found: list[str] = []
    for child in target.children:
        if child.dep_ == "poss" and child.pos_ == "PRON":
            for ancestor in target.ancestors:
                if ancestor.lower_ in _REPORTING:
                    found.extend(
                        name_text(subject)
                        for subject in ancestor.children
                        if subject.dep_ == "nsubj" and _is_name(subject)
                    )
                    break
        if child.dep_ == "acl":
            found.extend(
                name_text(obj)
                for agent in child.children
                if agent.dep_ == "agent"
                for obj in agent.children
                if obj.dep_ == "pobj" and _is_name(obj)
            )
    return found


def undergoer_of(trigger: Token) -> Token | None:
    """Return what an attack noun hit: "X faced fire", "X was caught in the crossfire"."""
    if trigger.pos_ not in ("NOUN", "PROPN"):
        return None
    head = trigger.head
    if trigger.dep_ == "dobj" and head.lower_ in _UNDERGO:
        verb = head
    elif trigger.dep_ == "pobj" and head.lower_ in ("in", "under") and head.head.lower_ in _UNDERGO:
        verb = head.head
    else:
        return None
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ != "PRON":
            return child
    return None


def _site_name(token: Token) -> Token | None:
    """Return the name a site noun carries: "the X mine", "the town of X", "X, a town"."""
    # the compound next to the noun heads the name ("the North Velmar mine": Velmar)
    for child in reversed(list(token.lefts)):
        if child.dep_ == "compound" and child.pos_ == "PROPN" and child.text[:1].isupper():
            return child
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj" and is_place(obj, loose=True):
                    return obj
    if token.dep_ == "appos" and token.head.pos_ == "PROPN":
        return token.head
    return None


def antecedent_place(participants: Sequence[Token]) -> Token | None:
    """Return the place a definite site noun refers back to ("the mine" -> the X mine named before).

    Only an unnamed "the <site noun>" is resolved, and only to the latest site of
    the same noun named in the previous sentences; anything else stays unresolved.
    """
    for participant in participants:
        phrase = phrase_tokens(participant)
        if not any(c.dep_ == "det" and c.lower_ == "the" for item in phrase for c in item.children):
            continue
        for noun in phrase:
            if noun.lower_ in PLACE_NOUNS and _site_name(noun) is None:
                found = _named_before(noun)
                if found is not None:
                    return found
    return None


def _named_before(noun: Token) -> Token | None:
    doc = noun.doc
    here = noun.sent.start
    starts = [sentence.start for sentence in doc.sents if sentence.start < here]
    if not starts:
        return None
    for token in reversed(doc[starts[-_ANTECEDENT_SENTENCES:][0] : here]):
        if token.lower_ == noun.lower_:
            name = _site_name(token)
            if name is not None:
                return name
    return None


# --------------------------------------------------------------------------- dates


def _date_heads(sentence: Span, dates: Sequence[DateMention]) -> list[tuple[DateMention, Token]]:
    """Return each date with the token of the parse that governs it."""
    pairs = []
    for mention in dates:
        span = sentence.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None and len(span):
            pairs.append((mention, span.root))
    return pairs


_REPORTED_BY = -1  # a reporting verb governs the date ("said on Thursday")
_NOUN_CLAUSE = -2  # a relative clause governs it ("the girls who were kidnapped in 2014")


def _owner(token: Token, triggers: set[int]) -> int | None:
    """Return the index of the trigger that governs ``token``, or _REPORTED_BY or _NOUN_CLAUSE."""
    node = token
    while True:
        if node.i in triggers:
            return node.i
        if node.lower_ in _REPORTING:
            return _REPORTED_BY
        if node.dep_ == "relcl":
            # "secured the release of the girls who were kidnapped in April 2014": the
            # month is the kidnapping's, not the release's. A participle reads either way
            # ("talks scheduled for Tuesday were cancelled": the talks' day is the news').
            return _NOUN_CLAUSE
        if node.head.i == node.i:
            return None
        node = node.head


# Words that open a clause set at another time than the one it qualifies.
_OTHER_TIME = frozenset({"after", "before", "until", "till"})


def _set_apart(token: Token) -> int | None:
    """Return the clause set apart from the sentence's time that a token stands in, if any.

    That is a relative clause, or a clause opened by "after", "before" or "until".
    """
    for node in [token, *token.ancestors]:
        if node.dep_ == "relcl" or (
            node.dep_ == "advcl"
            and any(child.dep_ == "mark" and child.lower_ in _OTHER_TIME for child in node.children)
        ):
            return node.i
    return None


def _opens_a_period(mention: DateMention, head: Token, trigger: Token, sentence: Span) -> bool:
    """Tell whether a date starts a span ("displaced since January"): not the day of an event.

    Also inside a "since" clause: "advanced since launching its offensive in January".
    """
    before = sentence.text[: mention.start].rstrip().lower()
    if mention.text.lower().startswith("since") or before.endswith("since"):
        return True
    for node in [head, *head.ancestors]:
        if node.i == trigger.i:
            return False
        if any(
            child.lower_ == "since" and child.dep_ in ("mark", "prep") for child in node.children
        ):
            return True
    return False


def date_of(
    trigger: Token, sentence: Span, dates: Sequence[DateMention], triggers: set[int]
) -> DateMention | None:
    """Return the date of the sentence that belongs to ``trigger``, nearest first."""
    scope = {token.i for token in scope_of(trigger)}
    own: list[tuple[int, DateMention]] = []
    loose: list[tuple[int, DateMention]] = []
    for mention, head in _date_heads(sentence, dates):
        if _opens_a_period(mention, head, trigger, sentence):
            continue
        owner = _owner(head, triggers | scope)
        distance = abs(head.i - trigger.i)
        if owner in scope:
            own.append((distance, mention))
        elif owner == _REPORTED_BY and trigger.dep_ == "dobj" and trigger.head.lower_ in _REPORTING:
            own.append((distance, mention))  # "reported fighting on Thursday"
        elif owner is None and _set_apart(head) == _set_apart(trigger):
            # a date that no trigger governs is the sentence's, unless one of the two
            # stands in a clause set apart from the other: one at another time ("had
            # 2,000 shares by Monday, a day after the dam burst") or a relative
            # clause that only says which ("said today they are questioning the
            # officials who ordered the gates opened")
            loose.append((distance, mention))
    for pool in (own, loose):
        if pool:
            return min(pool, key=lambda pair: pair[0])[1]
    return None


# --------------------------------------------------------------------------- events


def _summary(
    trigger: Token,
    actors: Sequence[Token],
    targets: Sequence[Token],
    place: Token | None,
    undergoer: Token | None = None,
) -> str:
    """Return a short clause in the text's words: actor, trigger, object, place."""
    if trigger.pos_ in ("NOUN", "PROPN"):
        return _noun_summary(trigger, place, undergoer)
    keep: set[int] = {trigger.i}
    fired_at, set_fire, streets = (
        _fired_at(trigger),
        _set_fire_to(trigger),
        _to_the_streets(trigger),
    )
    for child in trigger.children:
        if child.dep_ in ("aux", "auxpass", "neg", "prt", "agent"):
            keep.add(child.i)
        if completes(child, trigger):
            keep.add(child.i)  # "pulled back", "came close": the parser calls these adverbs
        if child.dep_ == "agent":  # "hit by gunfire": the means completes the clause
            keep.update(item.i for obj in child.children for item in phrase_tokens(obj))
        if child.dep_ in ("dobj", "prep") and child.lower_ in _TAKE_OBJECTS | {"over"}:
            keep.add(child.i)
            keep.update(sub.i for sub in child.children if sub.dep_ == "prep")
        if child.dep_ == "dobj" and any(t.lower_ in _EXPLOSIVES for t in phrase_tokens(child)):
            keep.update(t.i for t in phrase_tokens(child))  # "hit [a landmine]": the weapon
        if child.dep_ in ("oprd", "acomp") and child.i == trigger.i + 1:
            keep.add(child.i)  # "shot [dead]": what became of the victim
        death = [o for o in child.children if o.lower_ == "death"]
        if child.dep_ == "prep" and child.lower_ == "to" and death:
            keep.update([child.i, death[0].i])  # "stabbed [to death]"
        if child.dep_ == "prep" and child.lower_ == "to" and streets:
            keep.update(item.i for item in child.subtree)  # "took [to the streets of X]"
        if set_fire and (
            child.lower_ == "fire" or (child.dep_ == "prep" and child.lower_ in ("to", "on"))
        ):
            # "set [fire] [to] X", "set X [on fire]": X comes with the targets
            keep.add(child.i)
            keep.update(obj.i for obj in child.children if obj.lower_ == "fire")
        if fired_at and (
            child.dep_ in ("dobj", "nsubjpass")
            or (child.dep_ == "prep" and any(obj.head == child for obj in fired_at))
        ):
            # "fired [rockets] [at] X", "[rounds] were fired [at] X", "opened [fire] [on] X"
            keep.add(child.i)
            if child.dep_ != "prep":
                keep.update(item.i for item in phrase_tokens(child))
    for head in actors[:1]:
        keep.update(item.i for item in with_conjuncts(head, phrase_tokens))
    keep.update(_governing_verb(trigger))
    for head in targets[:1]:
        keep.update(item.i for item in with_conjuncts(head, phrase_tokens))
        if head.dep_ == "pobj" and head.head.head.i == trigger.i:
            keep.add(head.head.i)  # "clashed [with] police", "fired [at] the base"
        if head.head in _paired_verbs(trigger):  # "shot [and killed] a guard"
            keep.update(range(trigger.i + 1, head.head.i + 1))
    # "urged people [to donate]", "has threatened [to hit the base]": a verb of
    # urging, wanting or saying keeps the short clause that completes it
    keep.update(completing_clause(trigger, max(i for i in keep if i - trigger.i <= 4)))
    if place is not None:
        keep.update(path_tokens(place, trigger))
    # the articles a noun kept stands with, so the clause reads ("the town of X")
    keep.update(
        child.i
        for i in list(keep)
        for child in trigger.doc[i].children
        if child.dep_ == "det" and child.i < i and child.lower_ in _ARTICLES
    )
    return join_tokens(trigger.doc, same_line(trigger, sorted(keep)))


def _governing_verb(trigger: Token) -> set[int]:
    """Return the verb group a subjectless complement shares its subject with.

    "X had discussed [deploying troops]", "Y agreed [to hold talks]", "Z told
    them [to leave]": the actor is the governing verb's subject, and "X deploying
    troops" without the verb says what X did not say.
    """
    head = trigger.head
    if trigger.dep_ != "xcomp" or head.pos_ not in ("VERB", "AUX"):
        return set()
    if any(child.dep_ in ("nsubj", "nsubjpass") for child in trigger.children):
        return set()
    keep = {head.i}
    for child in head.children:
        # (not "’s" of "she’s driving": the clitic leans on a subject left out)
        near = 0 < head.i - child.i <= 3 and child.text[:1] not in "'’"
        if child.dep_ in ("aux", "auxpass", "neg") and near:
            keep.add(child.i)
    return keep | objects_between(head, trigger)


def objects_between(verb: Token, following: Token) -> set[int]:
    """Return the objects of ``verb`` before the verb completing it: "told [him] to leave"."""
    return {
        t.i
        for child in verb.children
        if child.dep_ in ("dobj", "dative") and verb.i < child.i < following.i
        for t in contiguous(np_tokens(child))
    }


def path_tokens(place: Token, trigger: Token) -> set[int]:
    """Return the words linking a place to its trigger ("control of the hub of X")."""
    keep: set[int] = set()
    node = place
    while node.i != trigger.i and node.head.i != node.i:
        if node.i != place.i and node.ent_type_ in TIME_LABELS:
            # "seized A in January and B in February" parsed with B conjoined to the
            # month: the month is A's, so B's path is the place alone
            return {item.i for item in phrase_tokens(place)}
        if node.pos_ in ("NOUN", "PROPN"):
            keep.update(item.i for item in phrase_tokens(node))
        elif node.dep_ == "prep":
            keep.add(node.i)
        if node.dep_ == "conj":
            # "occupied A and B": the "and" that joins B to A, or the clause reads "A B"
            keep.update(
                c.i for c in node.head.children if c.dep_ == "cc" and node.head.i < c.i < node.i
            )
        node = node.head
    return keep


def _noun_summary(trigger: Token, place: Token | None, undergoer: Token | None = None) -> str:
    """Return the noun phrase of an event noun ("peace talks between X and Y in Z").

    With an ``undergoer`` the clause that says what was hit is kept ("a base run
    by X was caught in the crossfire").
    """
    keep = {trigger.i}
    if undergoer is not None:
        keep.update(item.i for item in phrase_tokens(undergoer))
        keep.update(_pruned_owner(undergoer))
        verb = undergoer.head
        keep.add(verb.i)
        keep.update(c.i for c in verb.children if c.dep_ in ("aux", "auxpass", "neg"))
        if trigger.head.i != verb.i:
            keep.add(trigger.head.i)
    for child in trigger.children:
        if child.dep_ not in ("det", "poss", "punct"):
            keep.update(_pruned(child))
    if place is not None and place.i not in keep:
        keep.update(item.i for item in phrase_tokens(place))
        keep.add(place.head.i)
    ordered = same_line(trigger, sorted(keep))[:24]
    # an "and" whose other member the parse hangs elsewhere joins nothing kept ("the
    # abduction of X in 2031 and" read so)
    while len(ordered) > 1 and trigger.doc[ordered[-1]].dep_ == "cc":
        ordered.pop()
    return join_tokens(trigger.doc, ordered)


def _pruned_owner(target: Token) -> set[int]:
    """Return the "operated by X" clause of a target: it says whose site was hit."""
    keep: set[int] = set()
    for child in target.children:
        if child.dep_ == "acl" and any(c.dep_ == "agent" for c in child.children):
            keep.update(item.i for item in child.subtree if item.text not in "()")
    return keep


def _locative_objects(trigger: Token) -> list[Token]:
    """Return the objects of the trigger's "in/at/near" phrases ("fighting in the town")."""
    return [
        obj
        for prep in trigger.children
        if prep.dep_ == "prep" and prep.lower_ in LOCATIVE
        for obj in prep.children
        if obj.dep_ == "pobj"
    ]


def _pruned(token: Token) -> set[int]:
    """Return the subtree of ``token`` without clauses and appositions (summary length)."""
    if token.dep_ in ("relcl", "acl", "appos", "advcl", "ccomp") or token.text in (",", ";"):
        return set()
    keep = {token.i}
    for child in token.children:
        keep.update(_pruned(child))
    return keep


def same_line(trigger: Token, indices: Sequence[int]) -> list[int]:
    """Drop tokens on an earlier line than the trigger (headline and page furniture)."""
    doc = trigger.doc
    breaks = [i for i in indices if i < trigger.i and "\n" in doc[i].text_with_ws]
    start = max(breaks) + 1 if breaks else -1
    return [i for i in indices if i >= start and not doc[i].is_space]


def join_tokens(doc: Any, indices: Sequence[int]) -> str:
    """Return the tokens' text, keeping the original spacing between neighbours.

    A word written without spaces is never cut: the tokens between two kept ones
    of "Mazar-e-Sharif" come back with them (it read "Mazar Sharif").
    """
    indices = glued(doc, indices)
    parts = []
    for position, i in enumerate(indices):
        adjacent = position + 1 < len(indices) and indices[position + 1] == i + 1
        parts.append(doc[i].text_with_ws if adjacent else doc[i].text + " ")
    return " ".join("".join(parts).split())


def glued(doc: Any, indices: Sequence[int]) -> list[int]:
    """Return ``indices`` with the tokens between two of them that one unspaced word joins.

    A kept joiner ("-", "#", "/") brings its whole word: the parse hangs "so" of
    "so-called" or "HA446" of "#HA446" where a phrase may not reach, and "the
    -called Curse" or "Flight # took off" misquotes the text.
    """
    joined = (k for i in indices if doc[i].text in _JOINERS for k in _joined_word(doc, i))
    kept = sorted({*indices, *joined})
    filled: list[int] = []
    for position, i in enumerate(kept):
        filled.append(i)
        following = kept[position + 1] if position + 1 < len(kept) else None
        if (
            following is not None
            and following > i + 1
            and all(not doc[k].whitespace_ for k in range(i, following))
        ):
            filled.extend(range(i + 1, following))
    return filled


# Marks that join the parts of one written word ("so-called", "#HA446", "and/or", "AT&T").
_JOINERS = frozenset({"-", "#", "/", "&", "@"})


def _joined_word(doc: Any, joiner: int) -> range:
    """Return the tokens of the unspaced word around the joiner at index ``joiner``."""
    start = end = joiner
    while start > 0 and not doc[start - 1].whitespace_ and _word_part(doc[start - 1]):
        start -= 1
    while end + 1 < len(doc) and not doc[end].whitespace_ and _word_part(doc[end + 1]):
        end += 1
    return range(start, end + 1)


def _word_part(token: Token) -> bool:
    return token.text in _JOINERS or token.text.isalnum()


def _actor_kind(heads: Sequence[Token]) -> str | None:
    """Return "state" or "non-state" from the words of the actor phrases, if they tell."""
    return _kind_of_words([{item.lower_ for item in phrase_tokens(head)} for head in heads])


def _kind_of_words(phrases: Sequence[set[str]]) -> str | None:
    """Return the kind of the first actor phrase that tells one.

    The first conjunct leads: "the army and allied fighters" is a state operation
    with helpers, "rebels backed by foreign troops" a rebel one.
    """
    for words in phrases:
        if words & NON_STATE_ACTOR_WORDS:
            return "non-state"
        if words & STATE_ACTOR_WORDS:
            return "state"
    return None


def refine_acled(
    trigger: Trigger,
    actors: Sequence[Token],
    targets: Sequence[Token],
    means: frozenset[str] = frozenset(),
) -> str | None:
    """Return the ACLED hint of a trigger made precise by who acts on whom, and with what.

    ``means`` are the words of the weapon phrases ("with mortars", "using rockets").
    """
    if trigger.kind == "territory" and _only_people_or_goods(targets):
        return None  # "captured two fighters", "seized weapons": no place changed hands
    if trigger.kind == "territory":
        kind = _actor_kind(actors)
        if kind == "state":
            return "GOV_REGAINS_TERIT"
        if kind == "non-state":
            return "NON_STATE_ACTOR_OVERTAKES_TER"
    if trigger.kind == "explosion":
        return _explosion_type(trigger, actors, targets, means)
    if trigger.acled == "VIOL_DEMONSTR":
        if means & {"grenade", "grenades"} or any(
            t.lower_ in ("grenade", "grenades") for t in targets
        ):
            return "GRENADE"
        return _kind_of_crowd(actors) or "VIOL_DEMONSTR"
    if trigger.acled in ("PROPERTY_DISTRUCT", "ARMED_CLASH") and _kind_of_crowd(actors):
        # rioters' or protesters' looting, or their clash with police, is a riot's
        return _kind_of_crowd(actors)
    if trigger.kind == "attack" and _airborne(actors, means):
        return "AIR_STRIKE"  # "helicopters fired rockets at", "a drone attack": from the air
    if trigger.kind == "attack" and means & _ARTILLERY:
        return "ART_MISS_ATTACK"  # "attacked the base with mortars": fired from afar
    doers = {item.lower_ for head in actors for item in phrase_tokens(head)}
    if trigger.kind == "attack" and (means | doers) & _EXPLOSIVES:
        # "struck the consulate with a truck bomb", "a car bomb killing three officers": a
        # bombing (ACLED types an attack by the weapon used), a suicide bomber's or a
        # grenade's where the words say so
        return _explosion_type(trigger, actors, targets, means)
    if trigger.kind == "attack":
        words = {item.lower_ for head in targets for item in phrase_tokens(head)}
        if words & _ARMED_TARGETS and not words & _CIVILIAN_WORDS:
            return "ARMED_CLASH"
        if words & _CIVILIAN_WORDS:
            return "ATTACK"
    return trigger.acled


# What attacks from the air (ACLED's air or drone strike, helicopters included); not
# "bomber", which is as often a suicide bomber.
_AIRCRAFT = word_set(
    "air airstrike airstrikes aerial aircraft airplane airplanes plane planes jet jets "
    "warplane warplanes helicopter helicopters gunship gunships drone drones"
)


def _airborne(actors: Sequence[Token], means: frozenset[str]) -> bool:
    """Tell whether an attack came from the air: made by aircraft or with them."""
    words = {item.lower_ for head in actors for item in phrase_tokens(head)}
    return bool((words | means) & _AIRCRAFT)


# What one fights or battles that is no armed foe: "fought back tears", "firefighters
# battled the blaze", "battling cancer", "fighting the charges".
_STRUGGLES = word_set(
    "tears illness cancer disease diseases cold flu virus fire fires blaze blazes wildfire "
    "wildfires flames allegations charges claims case lawsuit urge fatigue injury injuries "
    "addiction depression odds relegation elements weather winds floods flood drought "
    "poverty corruption inflation crime"
)
# What kills or injures without anyone attacking: natural hazards and accidents (an
# explosion or a blast may be a bomb's, so it makes no accident of a killing).
_HAZARDS = word_set(
    "storm storms quake earthquake earthquakes flood floods flooding landslide landslides "
    "mudslide mudslides avalanche avalanches tornado tornadoes hurricane typhoon cyclone "
    "tsunami lightning rains downpour heatwave wildfire wildfires"
)
_ACCIDENTS = word_set(
    "crash crashes accident accidents collision collisions fire fires blaze blazes "
    "derailment stampede collapse"
)
_MISHAPS = _HAZARDS | _ACCIDENTS | word_set("explosion explosions blast fall")
# What a player or a climber injures of their own ("injured his knee"): no attack.
_BODY = word_set(
    "knee knees calf ankle ankles hamstring hamstrings shoulder shoulders back leg legs arm "
    "arms hand hands foot feet wrist head neck hip groin elbow thigh finger toe himself "
    "herself themselves itself"
)
# Who marches or gathers in protest (see _strong_use).
_MARCHERS = _PROTESTERS | word_set(
    "thousands hundreds dozens tens people students workers women residents supporters "
    "opponents activists teachers farmers crowd crowds mourners citizens youths"
)
# What is thrown at police or passers-by in a riot.
_THROWN = word_set(
    "stones stone rocks rock bricks brick bottles bottle cocktails firebombs petrol eggs "
    "missiles projectiles objects"
)


def _to_the_streets(token: Token) -> bool:
    """Tell whether "took" takes to the streets in protest ("thousands took to the streets").

    Not to celebrate: "fans took to the streets to celebrate the title".
    """
    streets = any(
        child.dep_ == "prep"
        and child.lower_ == "to"
        and any(obj.lower_ in ("streets", "street") for obj in child.children)
        for child in token.children
    )
    return streets and not any(
        child.dep_ in ("xcomp", "advcl") and child.lower_ in _FESTIVE for child in token.children
    )


# What crowds do in the streets that is no protest.
_FESTIVE = word_set(
    "celebrate celebrated celebrating cheer cheered cheering party partying dance danced "
    "dancing welcome welcomed welcoming greet greeted greeting"
)


def _stoppage(token: Token) -> bool:
    """Tell whether "strike" is a stoppage of work: "went on strike", "a general strike"."""
    words = {child.lower_ for child in token.children}
    if words & {"general", "hunger", "nationwide", "national", "labour", "labor", "indefinite"}:
        return True
    return token.dep_ == "pobj" and token.head.lower_ == "on" and not words & {"air", "drone"}


# Verbs of a fight whose other side is "with" or "against" them.
_CLASH_VERBS = word_set(
    "clash clashes clashed clashing fight fights fought fighting battle battles battled battling"
)


def _kind_of_crowd(actors: Sequence[Token]) -> str | None:
    """Return the riot type of a crowd that destroys or loots, if the actors are one."""
    words = {item.lower_ for head in actors for item in phrase_tokens(head)}
    if words & _PROTESTERS:
        return "VIOL_DEMONSTR"
    if words & _MOBS:
        return "MOB_VIOL"
    return None


def _explosion_type(
    trigger: Trigger, actors: Sequence[Token], targets: Sequence[Token], means: frozenset[str]
) -> str:
    """Return the ACLED type of a bombing: a suicide bomb's, a grenade's, else remote."""
    words = {item.lower_ for head in [*actors, *targets] for item in phrase_tokens(head)}
    words |= means
    if words & {"suicide", "bomber", "bombers"}:
        return "SUIC_BOMB"
    if words & {"grenade", "grenades"}:
        return "GRENADE"
    return "REM_EXPLOS" if trigger.kind == "attack" else trigger.acled or "REM_EXPLOS"


def means_of(trigger: Token) -> frozenset[str]:
    """Return the words of what an attack was made with: "with X", "using X", "by X fire"."""
    heads: list[Token] = []
    for child in trigger.children:
        if child.dep_ in ("prep", "agent") and child.lower_ in ("with", "by"):
            heads.extend(obj for obj in child.children if obj.dep_ == "pobj")
        if child.dep_ in ("advcl", "xcomp", "prep") and child.lower_ in ("using", "firing"):
            heads.extend(obj for obj in child.children if obj.dep_ in ("dobj", "pobj"))
        if trigger.lower_.startswith("fir") and child.dep_ in ("dobj", "nsubjpass"):
            heads.append(child)  # "fired rockets at", "rockets were fired at": the weapon
    return frozenset(
        item.lower_
        for head in heads
        for conj in [head, *head.conjuncts]
        for item in phrase_tokens(conj)
    )


def _only_people_or_goods(targets: Sequence[Token]) -> bool:
    """Tell whether everything a territory verb took is people or goods, not a place."""
    return bool(targets) and all(
        target.lower_ in _PEOPLE_OR_GOODS
        or (target.pos_ == "NUM" and not is_place(target))
        or target.ent_type_ == "PERSON"
        for target in targets
    )


def _plover(trigger: Trigger, token: Token, targets: Sequence[Token], talks: bool) -> str:
    """Return the PLOVER type; withdrawing from talks is a refusal, not a retreat.

    ``talks`` says the sentence is about negotiations: "the rebels withdrew" there
    means they left the talks, unless a place says otherwise.
    """
    if trigger.kind == "retreat" and talks and place_of(token, targets, moving=True) is None:
        return "REJECT"
    if trigger.kind == "retreat":
        for child in token.children:
            if (
                child.dep_ == "prep"
                and child.lower_ == "from"
                and any(
                    obj.lower_ in NOUN_TRIGGERS and NOUN_TRIGGERS[obj.lower_].kind == "talks"
                    for obj in child.children
                )
            ):
                return "REJECT"
    if trigger.kind == "halt" and any(
        t.lower_ in ("talks", "negotiations", "meeting") for t in targets
    ):
        return "REJECT"
    return trigger.plover


def _split_objects(trigger: Token, targets: list[Token], loose: bool) -> list[list[Token]]:
    """Return one target group per conjoined place object ("seized X in May and Y in June")."""
    places = [t for t in targets if is_place(t, loose)]
    extra = [
        tok
        for prep in trigger.children
        if prep.dep_ == "prep"
        for obj in prep.children
        if obj.dep_ == "pobj"
        for tok in obj.conjuncts
        if is_place(tok, loose)
    ]
    if len(places) + len(extra) < 2:
        return [targets]
    unique = {place.i: place for place in [*places, *extra]}
    return [[unique[i]] for i in sorted(unique)]


def _date_near(
    place: Token, others: Sequence[Token], sentence: Span, dates: Sequence[DateMention]
) -> DateMention | None:
    """Return the date that follows ``place`` before the next conjoined object."""
    nxt = min((o.idx for o in others if o.i > place.i), default=sentence.end_char)
    best = None
    for mention in dates:
        at = sentence.start_char + mention.start
        if place.idx < at < nxt:
            best = best or mention
    return best


def find_events(
    sentence: Span,
    article: str,
    index: int,
    dates: Sequence[DateMention],
    type_hint: tuple[str, str | None] | None = None,
) -> list[EventMention]:
    """Return the events one parsed sentence reports, in text order.

    ``dates`` are the sentence's date mentions (offsets into the sentence text).
    ``type_hint`` is a sentence-level (PLOVER, ACLED) type from the classifier;
    it refines the ACLED type of the events whose PLOVER type it agrees with.
    """
    found = [(token, trigger_of(token)) for token in sentence]
    triggers = [(token, trigger) for token, trigger in found if trigger is not None]
    talks = any(trigger.kind == "talks" for _, trigger in triggers)
    by_index = {token.i: trigger for token, trigger in triggers}
    triggers = [(token, trigger) for token, trigger in triggers if not _undone(token, by_index)]
    indices = {anchor.i for token, _ in triggers for anchor in scope_of(token)}
    context = _Context(sentence, article, index, dates, indices, type_hint, talks)
    events: list[EventMention] = []
    for token, trigger in triggers:
        if is_reported(token) and not _inside_other(token, indices):
            events.extend(_events_for(token, trigger, context))
    return events


@dataclass(frozen=True)
class _Context:
    """What every event of one sentence shares."""

    sentence: Span
    article: str
    index: int
    dates: Sequence[DateMention]
    anchors: set[int]
    type_hint: tuple[str, str | None] | None
    talks: bool


def _undone(token: Token, triggers: Mapping[int, Trigger]) -> bool:
    """Tell whether a meeting noun names talks that were called off or walked out of.

    "The talks were cancelled" and "they withdrew from the talks" report the
    cancellation or the walk-out; the talks themselves did not take place.
    """
    trigger = triggers.get(token.i)
    if trigger is None or trigger.kind != "talks" or token.pos_ not in ("NOUN", "PROPN"):
        return False
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "from":
        head = head.head
    elif token.dep_ not in ("nsubjpass", "dobj"):
        return False
    governing = triggers.get(head.i)
    return governing is not None and (
        governing.kind in ("halt", "retreat") or governing.plover == "REJECT"
    )


def _inside_other(token: Token, indices: set[int]) -> bool:
    """Tell whether a noun trigger restates the verb trigger that governs it ("met for talks")."""
    head = token.head
    means = token.dep_ in ("pobj", "pcomp") and head.dep_ in ("agent", "prep")
    if means and head.lower_ in ("by", "with") and head.head.i in indices:
        # "hit by gunfire", "attacked with rockets": the means, not a second event
        verb, noun = VERB_TRIGGERS.get(head.head.lower_), trigger_of(token)
        return verb is not None and noun is not None and noun.plover == verb.plover
    verb = VERB_TRIGGERS.get(head.lower_)
    noun = NOUN_TRIGGERS.get(token.lower_)
    if token.pos_ != "NOUN" or verb is None or noun is None or head.i not in indices:
        return False
    return token.dep_ in ("dobj", "pobj") and verb.plover == noun.plover


def _events_for(token: Token, trigger: Trigger, context: _Context) -> list[EventMention]:
    """Return the event(s) of one trigger: one per conjoined place object."""
    loose = trigger.kind == "territory"
    # (a retreat or an advance goes to its place; so do protesters "to the streets of X")
    moving = trigger.kind == "retreat" or token.lower_.startswith("advanc")
    moving = moving or _to_the_streets(token)
    actors = actors_of(token)
    all_targets = targets_of(token)
    if trigger.kind == "struck":
        # "their vehicle hit a landmine": the vehicle was hit, the mine no one's act
        actors, all_targets = [], [c for c in token.children if c.dep_ == "nsubj"]
    undergoer = undergoer_of(token) if trigger.kind == "attack" else None
    if undergoer is not None:
        all_targets.append(undergoer)
    owners = (
        [name for target in all_targets for name in owners_of(target)]
        if trigger.kind == "attack"
        else []
    )
    # The object of "accused X" or "sanctioned X" is a party, never the place of the event.
    spatial = trigger.plover in _SPATIAL
    groups = _split_objects(token, all_targets, loose) if spatial else [all_targets]
    # "a suicide bombing", "a mortar attack": a noun's modifiers say what it was made with
    means = means_of(token) | _modifier_words(token) if token.pos_ == "NOUN" else means_of(token)
    acled = refine_acled(trigger, actors, all_targets, means)
    plover = _plover(trigger, token, all_targets, context.talks)
    if acled in ("VIOL_DEMONSTR", "MOB_VIOL"):
        plover = ACLED_TO_PLOVER[acled]  # a crowd's looting is its riot (PROTEST or ASSAULT)
    hint = context.type_hint
    if hint is not None and hint[0] == plover and hint[1] is not None:
        acled = hint[1]
    events = []
    for targets in groups:
        # (the site of "exploded near a convoy in X", "looted a shop in X" holds the place)
        sites = _locative_objects(token)
        place = place_of(
            token, targets if spatial else (), loose, moving, [*actors, *targets, *sites]
        )
        near = place  # a place named in an earlier sentence stays out of the summary
        if place is None and spatial:
            place = antecedent_place([*targets, *actors, *_locative_objects(token)])
        date = date_of(token, context.sentence, context.dates, context.anchors)
        if len(groups) > 1 and place is not None:
            others = [group[0] for group in groups]
            date = _date_near(place, others, context.sentence, context.dates) or date
        shown = [t for t in targets if place is None or t.i != place.i]
        events.append(
            EventMention(
                article=context.article,
                sentence=context.index,
                type=plover,
                acled_type=acled,
                trigger=token.text,
                summary=_summary(token, actors, shown, near, undergoer),
                actors=tuple(dict.fromkeys(phrase_text(a) for a in actors)),
                targets=tuple(dict.fromkeys([*(phrase_text(t) for t in shown), *owners])),
                location=phrase_text(place) if place is not None else None,
                date=date,
                date_basis="text" if date is not None and date.value else None,
            )
        )
    return events


# --------------------------------------------------------------------------- snippets


def _main_sentence(events: Sequence[EventMention]) -> int:
    return events[0].sentence if events else 0


# A territory change whose taker the parse names outright (the subject or the "by"
# agent says army or rebels) is worth more than the lexicon's nearest-word guess.
_DECIDED_TERRITORY_VOTE = 0.4


def _parse_votes(events: Sequence[EventMention]) -> dict[str, float]:
    """Return ACLED votes from the parse: who took territory, whom an attack hit, with what.

    Only the first territory change whose taker is known votes on who took it:
    later ones are mostly background ("... days after it was seized by troops"),
    and a change with no known taker carries only its verb's default.
    """
    first = events[:3]
    decided = [
        event
        for event in first
        if event.acled_type in TERRITORY_TYPES
        and _kind_of_words([set(actor.lower().split()) for actor in event.actors]) is not None
    ]
    voting = ("ARMED_CLASH", "ART_MISS_ATTACK", *(() if decided else TERRITORY_TYPES))
    votes = {event.acled_type: 0.3 for event in first if event.acled_type in voting}
    if decided and decided[0].acled_type is not None:
        votes[decided[0].acled_type] = _DECIDED_TERRITORY_VOTE
    return votes


def type_texts(
    texts: Sequence[str], nlp: Language, embedder: Any | None
) -> list[list[EventMention]]:
    """Return the events of each snippet, main event first, typed in one embedding batch.

    Without an embedder the type comes from the lexicon and the parse alone (weaker).
    """
    parsed, votes = snippet_votes(texts, nlp)
    if embedder is not None:
        scores = classify(texts, encode_snippets(texts, embedder), type_model(embedder), votes)
    else:
        scores = [_lexical_scores(text, events) for text, events in zip(texts, parsed, strict=True)]
    return [
        _with_main_type(events, text, best_type(score))
        for events, text, score in zip(parsed, texts, scores, strict=True)
    ]


def snippet_votes(
    texts: Sequence[str], nlp: Language
) -> tuple[list[list[EventMention]], list[dict[str, float]]]:
    """Return each snippet's events from the parse and the ACLED votes they cast."""
    with one_blas_thread():
        parsed = [_snippet_events(doc) for doc in nlp.pipe(texts, batch_size=32)]
    return parsed, [_parse_votes(events) for events in parsed]


def _lexical_scores(text: str, events: Sequence[EventMention]) -> dict[str, float]:
    """Return per-type scores from the lexicon and the first trigger (no embeddings)."""
    scores = {"OTHER": 0.1, **rule_scores(text)}
    if events and events[0].acled_type:
        scores[events[0].acled_type] = scores.get(events[0].acled_type, 0.0) + 0.5
    return scores


def type_text(text: str, nlp: Language, embedder: Any | None) -> list[EventMention]:
    """Return the events of one snippet, main event first (see ``type_texts``)."""
    return type_texts([text], nlp, embedder)[0]


def _snippet_events(doc: Any) -> list[EventMention]:
    events: list[EventMention] = []
    for index, sentence in enumerate(doc.sents):
        events.extend(find_events(sentence, "", index, ()))
    return events


def _with_main_type(
    events: list[EventMention], text: str, top: tuple[str, float]
) -> list[EventMention]:
    """Put the event that agrees with the snippet's type first and give it that ACLED type."""
    acled, score = top
    plover = ACLED_TO_PLOVER.get(acled, "OTHER")
    if acled == "OTHER" and not events:
        return []
    for position, event in enumerate(events):
        if event.type == plover or event.acled_type == acled:
            main = replace(event, acled_type=acled, confidence=round(min(score, 1.0), 3))
            return [main, *events[:position], *events[position + 1 :]]
    first = text.split(". ")[0].strip()[:200]
    main = EventMention(
        article="",
        sentence=_main_sentence(events),
        type=plover,
        acled_type=acled,
        trigger="",
        summary=first,
        confidence=round(min(score, 1.0), 3),
    )
    return [main, *events]


def score_event_types(predicted: Mapping[str, str], gold: Mapping[str, str]) -> float:
    """Return the weighted F1 of predicted ACLED types against gold (a missing id is OTHER)."""
    from sklearn.metrics import f1_score

    ids = sorted(gold)
    truth = [gold[key] for key in ids]
    guess = [predicted.get(key) or "OTHER" for key in ids]
    return float(f1_score(truth, guess, average="weighted", zero_division=0))


def apply_hint(events: Sequence[EventMention], hint: tuple[str, str | None]) -> list[EventMention]:
    """Return the events with the hinted ACLED type where the PLOVER types agree."""
    plover, acled = hint
    return [
        replace(event, acled_type=acled) if event.type == plover and acled else event
        for event in events
    ]
