"""Event extraction and typing: triggers, actors, targets, places, dates, types."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, need_shared
from newsfuse.models import load_embedder, load_spacy
from newsfuse.records import DateMention, EventMention
from newsfuse.stages.event_types import (
    ACLED_TO_PLOVER,
    ACLED_TYPES,
    PLOVER_TYPES,
    TERRITORY_TYPES,
    examples_fingerprint,
    load_examples,
    rule_scores,
)
from newsfuse.stages.events import (
    _DECIDED_TERRITORY_VOTE,
    _parse_votes,
    find_events,
    join_tokens,
    score_event_types,
    type_text,
)


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_spacy()


def events_of(nlp: Any, text: str, dates: tuple[DateMention, ...] = ()) -> list[EventMention]:
    sentence = next(iter(nlp(text).sents))
    return find_events(sentence, "a1", 0, dates)


def date(text: str, sentence: str, value: str) -> DateMention:
    start = sentence.index(text)
    return DateMention(text, value, "day", start, start + len(text))


def test_events_capture_has_actor_place_and_type(nlp: Any) -> None:
    events = events_of(nlp, "Insurgents seized the port city of Kismayo on Monday.")
    assert len(events) == 1
    event = events[0]
    assert event.trigger == "seized"
    assert event.actors == ("Insurgents",)
    assert event.location == "Kismayo"
    assert event.type == "ASSAULT"
    assert event.acled_type == "NON_STATE_ACTOR_OVERTAKES_TER"
    assert "Insurgents seized" in event.summary and "Kismayo" in event.summary


def test_events_passive_agent_is_the_actor(nlp: Any) -> None:
    events = events_of(nlp, "The aid convoy was attacked by gunmen near Gao.")
    event = next(e for e in events if e.trigger == "attacked")
    assert event.actors == ("gunmen",)
    assert event.targets == ("aid convoy",)
    assert event.location == "Gao"


def test_events_date_is_the_one_the_trigger_governs(nlp: Any) -> None:
    text = "Soldiers entered Tessalit late Friday after a long march."
    events = events_of(nlp, text, (date("late Friday", text, "2024-05-10"),))
    event = next(e for e in events if e.trigger == "entered")
    assert event.location == "Tessalit"
    assert event.date is not None and event.date.value == "2024-05-10"


def test_events_reporting_date_is_not_the_event_date(nlp: Any) -> None:
    text = "Officials confirmed on Sunday that rebels had taken control of Bunia."
    events = events_of(nlp, text, (date("Sunday", text, "2024-06-02"),))
    event = next(e for e in events if e.trigger == "taken")
    assert event.location == "Bunia"
    assert event.date is None


def test_events_conjoined_places_give_one_event_each(nlp: Any) -> None:
    text = "The militia seized Kidal in March and Menaka in April."
    dates = (
        DateMention("March", "2024-03", "month", text.index("March"), text.index("March") + 5),
        DateMention("April", "2024-04", "month", text.index("April"), text.index("April") + 5),
    )
    events = events_of(nlp, text, dates)
    found = {(e.location, e.date.value if e.date else None) for e in events}
    assert found == {("Kidal", "2024-03"), ("Menaka", "2024-04")}


def test_events_sentence_without_event_gives_none(nlp: Any) -> None:
    assert events_of(nlp, "The province is rich in copper, cobalt and gold.") == []


def test_events_opinion_and_wish_are_not_events(nlp: Any) -> None:
    assert events_of(nlp, "I think the army could retake the city within weeks.") == []
    assert all(
        e.trigger != "advance"
        for e in events_of(nlp, "The group threatened to advance on the capital.")
    )
    # the progressive wants it as much: "is urging X to agree" is no agreement
    urged = events_of(nlp, "Tamsara is urging Karvik and Ostrell to agree to a ceasefire.")
    assert all(e.trigger != "agree" for e in urged)
    assert any(
        e.summary == "Tamsara is urging Karvik and Ostrell to agree to a ceasefire" for e in urged
    )


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("The town of Karvik fell to the rebels on Tuesday.", ["ASSAULT"]),
        ("Karvik fell to the rebels after the price of bread rose 20 percent.", ["ASSAULT"]),
        # a price or an index falls by or to an amount or a level: economic news
        ("The Karvik index fell almost 1 percent to a four-month low on Tuesday.", ["ECONOMY"]),
        ("Shares of the bank fell to $40 in early trading.", ["ECONOMY"]),
        # a person falling a distance is no taking of a town
        ("The boy fell 15ft into the moat.", []),
    ],
)
def test_events_a_town_falls_to_a_taker_a_price_to_an_amount(
    nlp: Any, text: str, types: list[str]
) -> None:
    assert [event.type for event in events_of(nlp, text)] == types


def test_events_withdrawing_from_talks_is_a_rejection(nlp: Any) -> None:
    events = events_of(nlp, "The opposition withdrew from the talks on Tuesday.")
    assert any(e.type == "REJECT" and e.trigger == "withdrew" for e in events)


def test_events_retreat_to_a_place_keeps_the_place(nlp: Any) -> None:
    events = events_of(nlp, "Government troops retreated to Ansongo after the assault.")
    event = next(e for e in events if e.trigger == "retreated")
    assert event.type == "RETREAT"
    assert event.location == "Ansongo"


def test_events_talks_get_place_from_light_verb(nlp: Any) -> None:
    events = events_of(nlp, "The two presidents held talks in Nairobi this week.")
    event = next(e for e in events if e.trigger == "talks")
    assert event.type == "CONSULT"
    assert event.location == "Nairobi"
    assert "presidents" in " ".join(event.actors)


def test_events_rules_name_the_distinctive_type() -> None:
    scores = rule_scores("A suicide bomber blew himself up outside a police academy.")
    assert max(scores, key=scores.__getitem__) == "SUIC_BOMB"
    assert "GRENADE" in rule_scores("Attackers threw a grenade into a crowded market.")


def test_events_territory_rules_follow_who_takes_it() -> None:
    taken = "NON_STATE_ACTOR_OVERTAKES_TER"
    assert taken in rule_scores("After a week of fighting with the army, rebels seized the port.")
    assert taken in rule_scores("The garrison town was overrun by insurgents at dawn.")
    assert taken not in rule_scores("Soldiers seized the hilltop where rebels had camped.")
    assert "GOV_REGAINS_TERIT" in rule_scores("Troops retook the bridge from the militia.")
    assert "GOV_REGAINS_TERIT" not in rule_scores("The army said militants recaptured the valley.")
    assert taken in rule_scores("Houthis took control of the port after clashes.")
    assert "GOV_REGAINS_TERIT" not in rule_scores("The town was retaken by Hezbollah.")


def test_events_surrender_counts_as_agreement() -> None:
    scores = rule_scores("Forty fighters of the armed group surrendered to the local governor.")
    assert "AGREEMENT" in scores
    assert "CHANGE_TO_GROUP_ACT" not in scores


def test_events_every_acled_type_maps_to_plover() -> None:
    assert set(ACLED_TO_PLOVER) == set(ACLED_TYPES)
    assert set(ACLED_TO_PLOVER.values()) <= set(PLOVER_TYPES)


def test_events_examples_cover_every_type() -> None:
    counts: dict[str, int] = {}
    for _, label in load_examples():
        counts[label] = counts.get(label, 0) + 1
    assert set(counts) == set(ACLED_TYPES)
    assert min(counts.values()) >= 10


def test_events_shipped_vectors_match_the_examples() -> None:
    import numpy as np

    folder = Path(__file__).resolve().parents[1] / "src/newsfuse/data/events"
    paths = sorted(folder.glob("example_vectors-*.npz"))
    assert [path.name for path in paths] == [
        "example_vectors-all-minilm-l6-v2.npz",
        "example_vectors-all-mpnet-base-v2.npz",
    ]
    for path in paths:
        assert str(np.load(path)["fingerprint"]) == examples_fingerprint(load_examples())


def test_events_score_counts_missing_as_other() -> None:
    gold = {"1": "ARREST", "2": "OTHER"}
    assert score_event_types({"1": "ARREST"}, gold) == 1.0
    assert score_event_types({"1": "GRENADE", "2": "OTHER"}, gold) < 1.0


def test_events_type_text_without_embedder_uses_the_lexicon(nlp: Any) -> None:
    text = "A suicide bomber blew himself up at a checkpoint in the north, killing six soldiers."
    events = type_text(text, nlp, None)
    assert events[0].acled_type == "SUIC_BOMB"
    assert json.dumps([event.as_dict() for event in events])


@pytest.mark.slow
def test_events_type_text_puts_main_event_first(nlp: Any) -> None:
    text = "Police opened fire on thousands of peaceful protesters, killing three of them."
    events = type_text(text, nlp, load_embedder())
    assert events[0].acled_type == "FORCE_AGAINST_PROTEST"
    assert events[0].type == "ASSAULT"


def _matches(event: EventMention, sentence: str, rule: dict[str, Any]) -> bool:
    text = f"{event.summary} {sentence}".lower()
    if not all(any(stem in text for stem in group) for group in rule["keywords"]):
        return False
    return not rule.get("plover") or event.type in rule["plover"]


def test_events_seed_gold_events_found_in_each_source(
    nlp: Any, gold: dict[str, Any], seed_paths: list[Path]
) -> None:
    found: dict[str, list[tuple[EventMention, str]]] = {}
    for path in seed_paths:
        doc = nlp(path.read_text(encoding="utf-8"))
        found[path.name] = [
            (event, sentence.text)
            for index, sentence in enumerate(doc.sents)
            for event in find_events(sentence, path.name, index, ())
        ]
    missing = {
        (rule["id"], source)
        for rule in gold["events"]
        for source in rule["sources"]
        if not any(_matches(event, sentence, rule) for event, sentence in found[source])
    }
    # 003 names the mine in one sentence and says its operator suspended work in the next;
    # joining the two needs coreference, which no sentence-level extractor has.
    assert missing <= {("E5", "003_a96d1b5ef845c30c.txt")}


def test_events_examples_are_not_the_dev_snippets() -> None:
    need_shared()
    dev = DATA / "event_types" / "input.jsonl"
    snippets = [json.loads(line)["text"] for line in dev.open(encoding="utf-8")]
    # no example retells a dev snippet: no run of seven words in common (stock phrases
    # such as "said in a statement on" are shorter)
    seen = {run for snippet in snippets for run in _runs(snippet, 7)}
    assert not [text for text, _ in load_examples() if _runs(text, 7) & seen]


def _runs(text: str, length: int) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {tuple(words[i : i + length]) for i in range(len(words) - length + 1)}


def events_in(nlp: Any, text: str, index: int) -> list[EventMention]:
    sentence = list(nlp(text).sents)[index]
    return find_events(sentence, "a1", index, ())


def test_events_far_apposition_is_not_the_actor(nlp: Any) -> None:
    (event, *_) = events_of(
        nlp,
        "Residents said the fighters entered Tesk late Monday, cutting the roads "
        "that link three districts: Upper Vela, Lower Vela and Orm.",
    )
    assert "Upper Vela" not in event.actors and "Vela" not in event.summary


def test_events_definite_site_refers_to_the_one_named_before(nlp: Any) -> None:
    text = "The Karsa copper mine lies near the border. The mine's owner has suspended production."
    (event,) = events_in(nlp, text, 1)
    assert event.location == "Karsa"
    assert "Karsa" not in event.summary  # named in another sentence: not in this one's words


def test_events_site_hit_names_its_owner_as_target(nlp: Any) -> None:
    (event,) = events_of(nlp, "The Red Crescent said its clinic in Tesk was hit by shelling.")
    # one event: the shelling is how the clinic was hit, not a second attack
    assert "Red Crescent" in event.targets
    assert event.summary.endswith("hit by shelling")


def test_events_site_caught_in_crossfire_is_the_target(nlp: Any) -> None:
    events = events_of(
        nlp, "A warehouse operated by the World Food Programme was caught in the crossfire."
    )
    (event,) = [e for e in events if e.trigger == "crossfire"]
    assert "World Food Programme" in event.targets and "warehouse" in event.summary


def test_events_cancelled_talks_are_a_rejection_dated_by_the_talks(nlp: Any) -> None:
    sentence = "Talks between Arvena and the rebels, planned for Friday in Tesk, were cancelled."
    events = events_of(nlp, sentence, (date("Friday", sentence, "2031-05-16"),))
    assert [e.type for e in events] == ["REJECT"]
    assert events[0].date is not None and events[0].date.value == "2031-05-16"


def test_events_since_date_opens_a_period_and_dates_no_event(nlp: Any) -> None:
    sentence = "More than 3,000 people have fled Tesk since March, officials said."
    (event,) = events_of(nlp, sentence, (date("March", sentence, "2031-03"),))
    assert event.date is None


def test_events_no_longer_is_a_negation(nlp: Any) -> None:
    assert not events_of(nlp, "The militia is no longer fighting in the hills.")


@pytest.mark.parametrize(
    "text",
    [
        "No one was killed in the clashes near Karvik.",
        "Rebels killed no civilians in Karvik.",
        "Tomas Vale said he attacked nobody.",
    ],
)
def test_events_an_act_done_to_or_by_no_one_is_not_an_event(nlp: Any, text: str) -> None:
    assert [e.trigger for e in events_of(nlp, text) if e.trigger in ("killed", "attacked")] == []


def test_events_no_fewer_than_is_a_count_not_a_negation(nlp: Any) -> None:
    events = events_of(nlp, "The attack killed no fewer than 20 people.")
    assert "killed" in [e.trigger for e in events]


@pytest.mark.parametrize(
    ("text", "acled"),
    [
        ("The army recaptured the town of Vessa on Monday.", "GOV_REGAINS_TERIT"),
        ("Rebels captured the town of Vessa on Monday.", "NON_STATE_ACTOR_OVERTAKES_TER"),
        ("The town of Vessa was retaken by militants.", "NON_STATE_ACTOR_OVERTAKES_TER"),
        ("Government troops and allied fighters captured Vessa.", "GOV_REGAINS_TERIT"),
        ("Militants backed by foreign troops seized Vessa.", "NON_STATE_ACTOR_OVERTAKES_TER"),
        # a group known by its name alone: "the Taliban", "Houthis", "al-Shabaab"
        ("The Taliban captured the town of Vessa.", "NON_STATE_ACTOR_OVERTAKES_TER"),
        ("Al-Shabaab seized the town of Vessa.", "NON_STATE_ACTOR_OVERTAKES_TER"),
    ],
)
def test_events_territory_taker_comes_from_the_parsed_subject(
    nlp: Any, text: str, acled: str
) -> None:
    event = next(e for e in events_of(nlp, text) if e.type == "ASSAULT")
    assert event.acled_type == acled


def test_events_captured_people_are_not_territory(nlp: Any) -> None:
    events = events_of(nlp, "Soldiers captured two fighters near Vessa.")
    assert all(e.acled_type not in TERRITORY_TYPES for e in events)


def test_events_attack_with_mortars_is_a_shelling(nlp: Any) -> None:
    (event,) = events_of(nlp, "Militants attacked an army post near Vessa with mortars.")
    assert event.acled_type == "ART_MISS_ATTACK"


def test_events_parse_vote_on_the_taker_replaces_the_lexicon_guess() -> None:
    # The lexicon reads "fighters" (the nearest actor word) as the taker; the parse knows
    # the subject leads with the army, and only the first territory change votes on it.
    taken = EventMention("", 0, "ASSAULT", "GOV_REGAINS_TERIT", "captured", "", ("the army",))
    later = replace(taken, acled_type="NON_STATE_ACTOR_OVERTAKES_TER", actors=("rebels",))
    assert _parse_votes([taken, later]) == {"GOV_REGAINS_TERIT": _DECIDED_TERRITORY_VOTE}


@pytest.mark.slow
def test_events_type_text_allied_fighters_do_not_make_a_state_capture_non_state(nlp: Any) -> None:
    text = "The Arvenian army and allied fighters captured the village of Tesk on Friday."
    events = type_text(text, nlp, load_embedder())
    assert events[0].acled_type == "GOV_REGAINS_TERIT"


def test_events_rules_read_a_suspected_culprit_and_a_new_base_site() -> None:
    assert "ATTRIB" in rule_scores("A local cell is suspected to be behind the twin blasts.")
    assert "HQ_ESTABLISHED" in rule_scores("Troops set up two new bases near Tesk.")
    assert "HQ_ESTABLISHED" not in rule_scores("Gunmen opened fire on a police post.")


def test_events_an_unknown_encoder_is_a_clear_error() -> None:
    from newsfuse.errors import ConfigError

    with pytest.raises(ConfigError, match="all-minilm-l6-v2"):
        load_embedder("word2vec")


@pytest.mark.parametrize(
    "text",
    [
        "The navy did not attempt to shoot down the missile.",
        "The army could try to seize the airport.",
        "Rebels have not tried to attack the base since May.",
        "The fighters were sent on a mission to destroy the consulate and kill its guards.",
        "The army was given orders to attack the town of Karvik.",
    ],
)
def test_events_negated_or_modal_complement_is_not_an_event(nlp: Any, text: str) -> None:
    assert not [e for e in events_of(nlp, text) if e.type == "ASSAULT"]


def test_events_attempted_attack_that_happened_is_an_event(nlp: Any) -> None:
    events = events_of(nlp, "Gunmen attempted to storm the police station in Kano.")
    assert [e.type for e in events] == ["ASSAULT"]


def test_events_a_name_before_a_place_noun_is_the_place_whatever_its_label(nlp: Any) -> None:
    # the small NER model tags this unfamiliar name a nationality (NORP); "district" says what it is
    (event, *_) = events_of(nlp, "Villagers fled Mbeleko district as fighting spread.")
    assert event.location == "Mbeleko"


def test_events_summary_keeps_a_possessive(nlp: Any) -> None:
    (event,) = events_of(nlp, "Fighting in Ethiopia's northern Tigray region displaced thousands.")
    assert "Ethiopia's northern Tigray" in event.summary


def test_events_summary_keeps_every_conjoined_actor(nlp: Any) -> None:
    (event, *_) = events_of(nlp, "Rebels, militias and bandits attacked the town of Brill.")
    assert event.summary.startswith("Rebels, militias and bandits attacked")


def test_events_second_conjoined_place_leaves_the_first_ones_month_out(nlp: Any) -> None:
    # the parser hangs "Beta" on "May": "captured in May Beta" was the summary
    events = events_of(nlp, "Rebels captured Alpha in May and Beta in June.")
    assert [event.summary for event in events] == ["Rebels captured Alpha", "Rebels captured Beta"]


def test_events_a_town_named_beside_a_building_is_the_place(nlp: Any) -> None:
    (event, *_) = events_of(
        nlp, "Gunmen struck at the Veldan Consulate in the northern commercial hub of Karvik."
    )
    assert event.location == "Karvik"
    (event, *_) = events_of(nlp, "Rebels took control of Karvik in the Lomsa region.")
    assert event.location == "Karvik"  # the place taken, not the region around it


def test_events_conjoined_actors_leave_an_apposition_s_commas_out(nlp: Any) -> None:
    (event, *_) = events_of(
        nlp, "Early Zentra executive and former vice president, Dana Reyes, accused Zentra."
    )
    assert ", ," not in event.summary and " ," not in event.summary


def test_events_a_time_is_never_an_actor(nlp: Any) -> None:
    events = events_of(nlp, "Tomorrow's clash with Veldan will decide the group.")
    assert all("Tomorrow" not in actor for event in events for actor in event.actors)


def test_events_a_named_occasion_is_not_a_place(nlp: Any) -> None:
    (event, *_) = events_of(nlp, "Similar attacks on New Year's Eve shocked the city of Karvik.")
    assert event.location != "New Year's Eve"


def test_events_summary_never_cuts_an_unspaced_word() -> None:
    import spacy

    doc = spacy.blank("en")("Gunmen attacked the city of Mazar-e-Sharif on Friday.")
    # the parse keeps "Mazar" and "Sharif" of the name; the text between them comes back
    assert join_tokens(doc, [0, 1, 2, 3, 4, 5, 9]) == "Gunmen attacked the city of Mazar-e-Sharif"


def test_events_summary_keeps_a_hyphenated_word_whole() -> None:
    import spacy

    doc = spacy.blank("en")("The Rovers battled the so-called Curse of Karvik.")
    # the parse keeps the hyphen and "called" of "so-called" but hangs "so" elsewhere
    assert [t.text for t in doc[4:7]] == ["so", "-", "called"]
    assert join_tokens(doc, [0, 1, 2, 3, 5, 6, 7]) == "The Rovers battled the so-called Curse"
    doc = spacy.blank("en")("Flight #HA446 took off from Karvik.")
    assert [t.text for t in doc[:3]] == ["Flight", "#", "HA446"]
    assert join_tokens(doc, [0, 1, 3, 4, 5, 6]) == "Flight #HA446 took off from Karvik"


@pytest.mark.parametrize(
    "text",
    [
        "The singer has been hit with claims of appearing in a video.",
        "The company was hit with a fine of $5 million.",
        "Shares hit a record high on Monday.",
        "The striker hit a rough patch last year.",
        "Her second single hit iTunes on Friday.",
        "He told her to hit 40 miles an hour on the dirt road.",
        "The currency hit $6,000 on Monday before it fell.",
    ],
)
def test_events_news_idioms_of_hit_are_no_strike(nlp: Any, text: str) -> None:
    assert [e for e in events_of(nlp, text) if e.type == "ASSAULT"] == []


@pytest.mark.parametrize(
    "text",
    [
        "The Karvik star shot to fame earlier this year with her hit song.",
        "Fuel prices in Karvik shot up after the storm.",
        "The band shot a video in the Karvik desert last spring.",
    ],
)
def test_events_fame_a_rise_or_a_camera_is_no_shooting(nlp: Any, text: str) -> None:
    assert [e for e in events_of(nlp, text) if e.type == "ASSAULT"] == []


def test_events_shot_with_a_victim_is_a_shooting(nlp: Any) -> None:
    (event,) = events_of(nlp, "Police shot a man in Karvik on Monday.")
    assert event.type == "ASSAULT"


@pytest.mark.parametrize(
    ("text", "acled", "summary", "actors", "targets"),
    [
        (
            "Police fired tear gas at protesters in Karvik.",
            "PROTEST_WITH_INTER",
            "Police fired tear gas at protesters in Karvik",
            ("Police",),
            ("protesters",),
        ),
        (
            "A patrol struck a roadside bomb near Karvik.",
            "REM_EXPLOS",
            "A patrol struck a roadside bomb near Karvik",
            (),
            ("patrol",),
        ),
        (
            "Protesters were beaten by police in Karvik.",
            "PROTEST_WITH_INTER",
            "Protesters were beaten by police in Karvik",
            ("police",),
            ("Protesters",),
        ),
        (
            "Protesters blocked roads in Karvik.",
            "PEACE_PROTEST",
            "Protesters blocked roads in Karvik",
            ("Protesters",),
            ("roads",),
        ),
    ],
)
def test_events_crowd_control_a_mine_struck_and_a_blockade_are_events(
    nlp: Any,
    text: str,
    acled: str,
    summary: str,
    actors: tuple[str, ...],
    targets: tuple[str, ...],
) -> None:
    (event,) = events_of(nlp, text)
    assert (event.acled_type, event.summary) == (acled, summary)
    assert (event.actors, event.targets) == (actors, targets)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Floods killed 30 people in Karvik province.", ("DISASTER", "NATURAL_DISASTER")),
        ("A fire at a factory in Karvik killed 12 workers.", ("ACCIDENT", "MAN_MADE_DISASTER")),
        ("An airstrike hit a hospital in Karvik.", ("ASSAULT", "AIR_STRIKE")),
        ("Gunmen killed 12 villagers in Karvik.", ("ASSAULT", "ATTACK")),
    ],
)
def test_events_a_killing_by_a_hazard_or_an_accident_is_no_attack(
    nlp: Any, text: str, kind: tuple[str, str]
) -> None:
    killed = [e for e in events_of(nlp, text) if e.trigger in ("killed", "hit")]
    assert [(e.type, e.acled_type) for e in killed] == [kind]


def test_events_a_person_described_as_accused_is_no_accusation(nlp: Any) -> None:
    events = events_of(nlp, "A mob lynched two men accused of theft in Karvik.")
    assert [e.type for e in events] == ["ASSAULT"]
    events = events_of(nlp, "Vorna accused Tamsara of shelling the border.")
    assert [e.type for e in events if e.trigger == "accused"] == ["ACCUSE"]


@pytest.mark.parametrize(
    ("text", "triggers"),
    [
        ("Parliament passed a law banning protests.", []),
        ("Police banned the rally in Karvik.", []),
        ("Police banned a rally, but thousands marched through Karvik.", ["marched"]),
    ],
)
def test_events_what_is_forbidden_did_not_happen(nlp: Any, text: str, triggers: list[str]) -> None:
    assert [e.trigger for e in events_of(nlp, text)] == triggers


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        (
            "A man was shot dead outside a bar in Karvik.",
            "A man was shot dead outside a bar in Karvik",
        ),
        ("A teenager was stabbed to death in Karvik.", "A teenager was stabbed to death in Karvik"),
        ("Rebels beat two villagers to death.", "Rebels beat two villagers to death"),
    ],
)
def test_events_a_killing_s_summary_says_the_victim_died(nlp: Any, text: str, summary: str) -> None:
    (event,) = events_of(nlp, text)
    assert (event.type, event.summary) == ("ASSAULT", summary)


def test_events_a_team_beaten_is_no_attack(nlp: Any) -> None:
    assert events_of(nlp, "The Rovers beat the Karvik Lions in the final.") == []


def test_events_fighting_that_broke_out_is_placed_by_its_verb(nlp: Any) -> None:
    events = events_of(nlp, "Hundreds fled their homes after fighting broke out in Aleppo.")
    (fighting,) = [e for e in events if e.trigger == "fighting"]
    assert fighting.location == "Aleppo"


def test_events_a_day_is_never_a_target(nlp: Any) -> None:
    events = events_of(nlp, "Militants killed 12 people in an attack on a church on Sunday.")
    (attack,) = [e for e in events if e.trigger == "attack"]
    assert attack.targets == ("church",)


@pytest.mark.parametrize(
    ("text", "acled", "actors"),
    [
        (
            "Hundreds of demonstrators clashed with police in central Nairobi.",
            "VIOL_DEMONSTR",
            ("Hundreds of demonstrators",),
        ),
        ("Thousands of rioters looted shops in Karvik.", "MOB_VIOL", ("Thousands of rioters",)),
        ("Rebels clashed with troops in Karvik.", "ARMED_CLASH", ("Rebels",)),
    ],
)
def test_events_a_crowd_counted_is_the_crowd(
    nlp: Any, text: str, acled: str, actors: tuple[str, ...]
) -> None:
    (event,) = events_of(nlp, text)
    assert (event.acled_type, event.actors) == (acled, actors)


@pytest.mark.parametrize(
    ("text", "fired"),
    [
        ("Two rockets were fired from Gaza into southern Israel on Tuesday.", True),
        ("Police fired into the crowd in Karvik.", True),
        ("The navy fired a missile into the Sea of Japan on Tuesday.", False),
    ],
)
def test_events_fired_into_a_land_or_a_crowd_is_an_attack(nlp: Any, text: str, fired: bool) -> None:
    assert bool([e for e in events_of(nlp, text) if e.trigger == "fired"]) == fired


def test_events_a_court_blocking_a_law_is_no_protest(nlp: Any) -> None:
    assert events_of(nlp, "The court blocked the new law on Monday.") == []


@pytest.mark.parametrize(
    ("text", "acled"),
    [
        ("Insurgents struck the consulate in Karvik with a truck bomb.", "REM_EXPLOS"),
        ("Gunmen attacked the market with grenades.", "GRENADE"),
        ("A bomber attacked the checkpoint with an explosive vest.", "SUIC_BOMB"),
        ("Rebels attacked the army base with rifles.", "ARMED_CLASH"),
        ("A roadside bomb killed two soldiers in Karvik.", "REM_EXPLOS"),
    ],
)
def test_events_an_attack_is_typed_by_its_weapon(nlp: Any, text: str, acled: str) -> None:
    (event,) = [e for e in events_of(nlp, text) if e.type == "ASSAULT"]
    assert event.acled_type == acled


@pytest.mark.parametrize(
    "text",
    [
        "The footage released on state TV captures the launch of a new rocket.",
        "The Karvik Rovers captured the title on Wednesday.",
        "The photographer captured the moment the bridge collapsed.",
        "The film captured the hearts of millions.",
        "The party captured 40 seats in the election.",
        "The rebels seized the opportunity to regroup.",
        "The opposition seized on the remarks.",
        "Tomas Vale stormed home into third place at the Karvik Grand Prix.",
        "The singer stormed off the stage.",
    ],
)
def test_events_a_picture_a_title_or_a_chance_taken_is_no_capture(nlp: Any, text: str) -> None:
    assert [e for e in events_of(nlp, text) if e.type == "ASSAULT"] == []


@pytest.mark.parametrize(
    ("text", "acled"),
    [
        ("Rebels captured the town of Karvik.", "NON_STATE_ACTOR_OVERTAKES_TER"),
        ("Karvik was captured by rebels on Monday.", None),
        ("Protesters stormed the parliament building.", "NON_STATE_ACTOR_OVERTAKES_TER"),
        ("Gunmen occupied the school.", "NON_STATE_ACTOR_OVERTAKES_TER"),
        ("Police seized two tonnes of cocaine in the port.", None),
    ],
)
def test_events_a_place_people_or_goods_taken_is_a_capture(
    nlp: Any, text: str, acled: str | None
) -> None:
    (event,) = events_of(nlp, text)
    assert (event.type, event.acled_type) == ("ASSAULT", acled)


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        ("The Vorna Front said it had seized the town of Karvik.", ("Vorna Front",)),
        ("Rebels said they attacked the base near Karvik.", ("Rebels",)),
        ("Tomas Vale said he attacked the convoy.", ("Tomas Vale",)),
        # the pronoun of someone named before, or more than the speaker: unknown
        ("The ministry said he attacked the convoy.", ()),
        ("The rebels said it attacked the convoy.", ()),
        ("Ana Roe said she and her brother attacked the convoy.", ()),
    ],
)
def test_events_a_reported_pronoun_stands_for_the_speaker_it_fits(
    nlp: Any, text: str, actors: tuple[str, ...]
) -> None:
    (event,) = events_of(nlp, text)
    assert event.actors == actors


@pytest.mark.parametrize(
    "text",
    [
        "Rebels hit the convoy with rockets near Karvik.",
        "The airstrike hit two schools in Karvik on Monday.",
    ],
)
def test_events_hit_with_a_weapon_is_a_strike(nlp: Any, text: str) -> None:
    (event,) = [e for e in events_of(nlp, text) if " hit " in e.summary]
    assert event.type == "ASSAULT"


@pytest.mark.parametrize(
    ("text", "summary", "acled", "target"),
    [
        ("Rebels fired rockets at the town of Karvik on Monday.",
         "Rebels fired rockets at the town of Karvik", "ART_MISS_ATTACK", "town"),
        ("Mortar rounds were fired at the base overnight.",
         "Mortar rounds were fired at the base", "ART_MISS_ATTACK", "base"),
        ("Gunmen fired at a police checkpoint near Karvik.",
         "Gunmen fired at a police checkpoint near Karvik", "ARMED_CLASH", "police checkpoint"),
        ("Police opened fire on the crowd in Karvik.",
         "Police opened fire on the crowd in Karvik", "ATTACK", "crowd"),
    ],
)  # fmt: skip
def test_events_a_weapon_fired_at_someone_is_an_attack_on_them(
    nlp: Any, text: str, summary: str, acled: str, target: str
) -> None:
    (event,) = events_of(nlp, text)
    assert (event.summary, event.type, event.acled_type) == (summary, "ASSAULT", acled)
    assert event.targets == (target,)


@pytest.mark.parametrize(
    "text",
    [
        "Vorna fired a ballistic missile into the sea on Tuesday.",  # a test, at nothing
        "The club fired its coach after a 5-11 season.",
        "Soldiers fired tear gas at students in Karvik.",  # dispersal, not an attack
        "The shop opened on Monday in Karvik.",
    ],
)
def test_events_firing_at_nothing_or_to_disperse_is_no_attack(nlp: Any, text: str) -> None:
    assert [e for e in events_of(nlp, text) if e.type == "ASSAULT"] == []


@pytest.mark.parametrize(
    ("text", "summary", "acled", "place"),
    [
        ("A roadside bomb exploded near a military convoy in Karvik on Monday.",
         "A roadside bomb exploded near a military convoy in Karvik", "REM_EXPLOS", "Karvik"),
        ("Militants detonated an explosive device at a market in Ostrell.",
         "Militants detonated an explosive device at a market in Ostrell", "REM_EXPLOS",
         "Ostrell"),
        ("A suicide bombing hit a mosque in Karvik.",
         "suicide bombing", "SUIC_BOMB", None),
        ("Gunmen set fire to houses in the village of Ostrell.",
         "Gunmen set fire to houses in the village of Ostrell", "PROPERTY_DISTRUCT", "Ostrell"),
        ("Rioters looted a bank in Karvik.",
         "Rioters looted a bank in Karvik", "MOB_VIOL", "Karvik"),
        ("Soldiers raped women in the village of Ostrell, witnesses said.",
         "Soldiers raped women in the village of Ostrell", "SEX_VIOL", "Ostrell"),
        ("Police dispersed the protesters with tear gas in Karvik.",
         "Police dispersed the protesters in Karvik", "PROTEST_WITH_INTER", "Karvik"),
        ("Militants beheaded two hostages in Karvik.",
         "Militants beheaded two hostages in Karvik", "ATTACK", "Karvik"),
        ("Rebels besieged the town of Karvik for a week.",
         "Rebels besieged the town of Karvik", "ARMED_CLASH", "Karvik"),
        ("Helicopter gunships fired on rebel positions near Karvik.",
         "Helicopter gunships fired on rebel positions near Karvik", "AIR_STRIKE", "Karvik"),
        ("A drone strike killed a commander in Ostrell.",
         "A drone strike killed a commander in Ostrell", "AIR_STRIKE", "Ostrell"),
        # demonstrators are no armed group: their clash with police is a violent
        # demonstration (ACLED), not an armed clash
        ("Protesters clashed with police in Ostrell.",
         "Protesters clashed with police in Ostrell", "VIOL_DEMONSTR", "Ostrell"),
        ("Gunmen wounded three police officers in Karvik.",
         "Gunmen wounded three police officers in Karvik", "ARMED_CLASH", "Karvik"),
        ("A man stabbed two people at a market in Karvik.",
         "A man stabbed two people at a market in Karvik", "ATTACK", "Karvik"),
        ("Gunmen took 20 people hostage in Karvik.",
         "Gunmen took 20 people hostage in Karvik", "ABDUCT_DISSAP", "Karvik"),
        ("Rebels invaded the town of Karvik.",
         "Rebels invaded the town of Karvik", "NON_STATE_ACTOR_OVERTAKES_TER", "Karvik"),
    ],
)  # fmt: skip
def test_events_bombs_arson_rape_dispersal_and_sieges_are_events(
    nlp: Any, text: str, summary: str, acled: str, place: str | None
) -> None:
    (event,) = [e for e in events_of(nlp, text) if e.summary.startswith(summary)]
    assert (event.summary, event.acled_type, event.location) == (summary, acled, place)


def test_events_a_building_set_on_fire_is_arson_and_no_shooting(nlp: Any) -> None:
    (event,) = events_of(nlp, "Gunmen set the market on fire in Karvik.")
    assert (event.summary, event.acled_type) == (
        "Gunmen set the market on fire in Karvik",
        "PROPERTY_DISTRUCT",
    )


@pytest.mark.parametrize(
    "text",
    [
        "A gas tank exploded at the factory in Karvik on Monday.",
        "Sales of the phone exploded last year.",
        "The runners burned calories on the hills near Karvik.",
        "The government executed its plan to build a dam in Karvik.",
        "The agency dispersed funds to farmers in Karvik.",
        "The star had a blast at the party in Karvik.",
        "The minister set the date for the vote in Karvik.",
        "Aid trucks reached the besieged town of Karvik.",  # a siege's setting
        "Firefighters battled the blaze near Karvik for hours.",
        "The winner fought back tears in Karvik.",
        "Five people were injured in a crash near Karvik.",  # the crash is the news
        "The storm injured dozens of people in Karvik.",
        "The striker injured his knee in the match in Karvik.",
    ],
)
def test_events_an_accident_or_an_idiom_of_those_words_is_no_attack(nlp: Any, text: str) -> None:
    assert events_of(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "summary", "acled", "place"),
    [
        ("Thousands marched through Ostrell demanding the president's resignation.",
         "Thousands marched through Ostrell", "PEACE_PROTEST", "Ostrell"),
        ("Hundreds of students took to the streets of Karvik on Friday.",
         "Hundreds of students took to the streets of Karvik", "PEACE_PROTEST", "Karvik"),
        ("Demonstrators gathered outside parliament in Karvik to protest the law.",
         "Demonstrators gathered outside parliament in Karvik", "PEACE_PROTEST", "Karvik"),
        ("Rioters threw stones at police in Karvik.",
         "Rioters threw stones at police in Karvik", "MOB_VIOL", "Karvik"),
        ("Protesters hurled rocks at the police station in Ostrell.",
         "Protesters hurled rocks at the police station in Ostrell", "VIOL_DEMONSTR", "Ostrell"),
        ("Teachers went on strike in Karvik over unpaid wages.",
         "strike in Karvik", "PEACE_PROTEST", "Karvik"),
    ],
)  # fmt: skip
def test_events_marches_and_stones_thrown_are_protests_and_riots(
    nlp: Any, text: str, summary: str, acled: str, place: str
) -> None:
    (event,) = [e for e in events_of(nlp, text) if e.acled_type == acled]
    assert (event.summary, event.location) == (summary, place)


@pytest.mark.parametrize(
    "text",
    [
        "Troops marched into the town of Karvik on Monday.",  # an advance, not a protest
        "The band marched in the parade in Karvik.",
        "Officials gathered evidence in Karvik.",
        "The pitcher threw a strike in the ninth inning.",
        "Karvik fans took to the streets to celebrate the title.",
    ],
)
def test_events_a_march_of_troops_or_a_band_is_no_protest(nlp: Any, text: str) -> None:
    assert [e for e in events_of(nlp, text) if e.type == "PROTEST"] == []


def test_events_a_clause_has_one_subject_even_when_the_parse_gives_two(nlp: Any) -> None:
    # spaCy hangs "magnitude" and "earthquake" both on "struck": one subject, the nearer.
    (event,) = [e for e in events_of(nlp, "A magnitude 6.8 earthquake struck Peru.") if e.actors]
    assert event.actors == ("6.8 earthquake",)


@pytest.mark.parametrize(
    ("text", "day", "trigger"),
    [
        # the date is the sentence's, the attack stands "a day after" it
        (
            "A page for the victims had 3,000 likes by Sunday, a day after gunmen attacked Orvek.",
            "Sunday",
            "attacked",
        ),
        # the relative clause only says which soldiers: they were not killed on Monday
        (
            "Residents mourned on Monday the soldiers who were killed in an ambush near Orvek.",
            "Monday",
            "killed",
        ),
    ],
)
def test_events_a_date_outside_a_clause_set_apart_is_not_its_event_s(
    nlp: Any, text: str, day: str, trigger: str
) -> None:
    events = events_of(nlp, text, (date(day, text, "2024-06-02"),))
    event = next(e for e in events if e.trigger == trigger)
    assert event.date is None


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        # a verb of threatening, urging or accusing keeps the clause that completes it
        ("The Vorna rebels threatened to overrun Karvik last month.",
         "The Vorna rebels threatened to overrun Karvik"),
        ("Officials urged residents to leave the Ostrell valley.",
         "Officials urged residents to leave the Ostrell valley"),
        ("Tamsara accused Vorna of shelling the border post.",
         "Tamsara accused Vorna of shelling the border post"),
        # a bare verb completes nothing: "agreed, saying" stays "agreed"
        ("Tomas Vale agreed, saying the talks had failed.", "Tomas Vale agreed"),
    ],
)  # fmt: skip
def test_events_summary_keeps_the_clause_that_completes_its_verb(
    nlp: Any, text: str, summary: str
) -> None:
    assert events_of(nlp, text)[0].summary == summary


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        # a complement without a subject of its own keeps the verb it shares one with
        ("The Karvik government agreed in July to deploy troops along the border.",
         "The Karvik government agreed to deploy troops"),
        ("Tamsara and Ostrell had discussed deploying more troops on the border.",
         "Tamsara and Ostrell had discussed deploying more troops"),
    ],
)  # fmt: skip
def test_events_summary_keeps_the_verb_a_complement_shares_its_subject_with(
    nlp: Any, text: str, summary: str
) -> None:
    assert summary in [event.summary for event in events_of(nlp, text)]


@pytest.mark.parametrize(
    "text",
    [
        "Since the guard was killed, the mayor of Karvik has received threats.",
        "A petition had 3,000 names by Sunday, a day after the guard was shot dead.",
    ],
)
def test_events_a_passive_clause_never_borrows_the_doer_of_its_head(nlp: Any, text: str) -> None:
    (event,) = [event for event in events_of(nlp, text) if "guard" in event.summary]
    assert event.summary.startswith("the guard was") and event.actors == ()


def test_events_a_noun_summary_ends_on_no_dangling_and(nlp: Any) -> None:
    # the parse hangs the "and" on the event noun and its other member on the verb
    text = (
        "The rebels' abduction of 40 students in Karvik and the army's failure to free "
        "them has caused outrage across Vorna."
    )
    summaries = [event.summary for event in events_of(nlp, text)]
    assert "abduction of 40 students in Karvik" in summaries


def test_events_a_counting_pronoun_is_no_stand_in_for_the_head_subject(nlp: Any) -> None:
    # "both" are the candidates the parse hangs elsewhere, never the launch
    text = (
        "The launch took place half an hour before the debate started, and candidates "
        "Tomas Vale and Sen. Ana Roe (R-Fla.) both urged Vorna to get tough."
    )
    (event,) = [event for event in events_of(nlp, text) if "urged" in event.summary]
    assert "launch" not in event.summary and event.actors == ()


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        # the place of the second event is joined to the first by "and"
        ("Settlers live there since Vorna occupied the Karvik Valley and East Ostrell in 2031.",
         "Vorna occupied the Karvik Valley and East Ostrell"),
        ("The two states previously threatened each other with war in August.",
         "The two states threatened each other"),
    ],
)  # fmt: skip
def test_events_summary_keeps_the_words_that_join_its_phrases(
    nlp: Any, text: str, summary: str
) -> None:
    assert summary in [event.summary for event in events_of(nlp, text)]


def test_events_two_verbs_of_one_kind_share_their_object(nlp: Any) -> None:
    shot = events_of(nlp, "A police team shot and killed a guard in Karvik on Monday.")
    assert "A police team shot and killed a guard" in [event.summary for event in shot]
    assert all(event.targets == ("guard",) for event in shot)
    # a verb of another kind is another act: nothing was withdrawn
    withdrew = events_of(nlp, "The troops withdrew and shelled the town of Karvik.")
    assert [event.targets for event in withdrew if event.type == "RETREAT"] == [()]
