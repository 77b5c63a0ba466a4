"""merge_events: event mentions of several articles merged into cited events."""

from __future__ import annotations

from typing import Any

from newsfuse.records import (
    Article,
    Citation,
    DateMention,
    Event,
    EventMention,
    Place,
    Reading,
    Sentence,
)
from newsfuse.stages.merge import headline_of, merge_events

ALIASES = {
    "northern front": "Northern Front",
    "the front": "Northern Front",
    "nf fighters": "Northern Front",
    "national army": "National Army",
    "the army": "National Army",
}
PLACES = {
    "karvik": Place("Karvik", "XX", 1.0, 2.0, gazetteer_id="g:1"),
    "lomsa": Place("Lomsa", "XX", 1.1, 2.1, gazetteer_id="g:2"),
    "zembia": Place("Zembia", "XX", 1.5, 2.5, gazetteer_id="g:3", feature="PCLI"),
}


def _date(text: str, value: str) -> DateMention:
    return DateMention(text, value, "day" if len(value) == 10 else "month", 0, len(text))


def _reading(article: str, *items: tuple[str, dict[str, Any]]) -> Reading:
    """One reading; each item is (sentence text, EventMention fields) for one sentence."""
    sentences, events = [], []
    for index, (text, fields) in enumerate(items):
        sentences.append(Sentence(article, index, text, 0, len(text)))
        events.append(EventMention(article=article, sentence=index, acled_type=None, **fields))
    return Reading(article, tuple(sentences), events=tuple(events))


def _merge(*readings: Reading, published: dict[str, str] | None = None) -> Any:
    articles = {
        r.article: Article(
            r.article, r.article, r.article, "", "f", published_at=(published or {}).get(r.article)
        )
        for r in readings
    }
    return merge_events(
        readings,
        articles,
        lambda name: ALIASES.get(name.lower()),
        lambda name: PLACES.get(name.lower()),
    )


def _took(who: str, where: str = "Karvik", **more: Any) -> dict[str, Any]:
    return {
        "type": "ASSAULT",
        "trigger": "took control",
        "summary": f"{who} took control of {where}",
        "actors": (who,),
        "location": where,
        **more,
    }


def test_merge_same_event_across_articles_becomes_one_event() -> None:
    events, _ = _merge(
        _reading("a1", ("The Northern Front took control of Karvik.", _took("Northern Front"))),
        _reading(
            "a2",
            (
                "NF fighters seized Karvik on Tuesday.",
                {**_took("NF fighters"), "trigger": "seized"},
            ),
        ),
    )
    (event,) = events
    assert [c.article for c in event.sources] == ["a1", "a2"]
    assert event.sources[1].sentence == "NF fighters seized Karvik on Tuesday."
    assert event.actors == ("Northern Front",) and event.location == PLACES["karvik"]


def test_merge_keeps_different_events_apart_despite_shared_actor_or_place() -> None:
    events, _ = _merge(
        _reading(
            "a1",
            ("The front took control of Karvik.", _took("the front")),
            (
                "Fighting broke out in Lomsa.",
                {
                    "type": "FIGHT",
                    "trigger": "fighting",
                    "summary": "fighting in Lomsa",
                    "location": "Lomsa",
                },
            ),
        ),
        _reading(
            "a2",
            (
                "The front seized Lomsa in January.",
                _took("the front", "Lomsa", trigger="seized", date=_date("in January", "2031-01")),
            ),
        ),
    )
    assert len(events) == 3


def test_merge_different_days_give_one_event_and_a_date_contradiction() -> None:
    fight = {
        "type": "FIGHT",
        "trigger": "fighting",
        "summary": "fighting in Lomsa",
        "location": "Lomsa",
    }
    events, contradictions = _merge(
        _reading(
            "a1",
            (
                "Fighting took place in Lomsa on Tuesday.",
                {**fight, "date": _date("Tuesday", "2031-05-13")},
            ),
        ),
        _reading(
            "a2",
            (
                "Fighting continued in Lomsa on Wednesday.",
                {**fight, "date": _date("Wednesday", "2031-05-14")},
            ),
        ),
    )
    (event,) = events
    assert event.date is None and len(event.sources) == 2
    (contradiction,) = contradictions
    assert contradiction.kind == "date" and contradiction.what == "date of fighting in Lomsa"
    assert [(s.value, s.sources[0].article) for s in contradiction.sides] == [
        ("2031-05-13 (Tuesday)", "a1"),
        ("2031-05-14 (Wednesday)", "a2"),
    ]


def test_merge_tonight_a_day_off_a_named_day_is_that_day_not_a_disagreement() -> None:
    # "tonight" in a report stamped after midnight UTC is the evening before in the
    # Americas; the day a report names outright decides. Two days apart stay disputed.
    def events_and_contradictions(tonight: str) -> Any:
        return _merge(
            _reading(
                "a1",
                (
                    "The front took Karvik on Sunday.",
                    _took("the front", date=_date("Sunday", "2031-05-11")),
                ),
            ),
            _reading(
                "a2",
                (
                    "The front took Karvik tonight.",
                    _took("the front", date=_date("tonight", tonight)),
                ),
            ),
        )

    events, contradictions = events_and_contradictions("2031-05-12")
    assert not contradictions and (events[0].date, events[0].date_text) == ("2031-05-11", "Sunday")
    events, contradictions = events_and_contradictions("2031-05-13")
    assert len(contradictions) == 1 and events[0].date is None


def test_merge_agreeing_dates_keep_the_most_precise_with_its_words() -> None:
    events, contradictions = _merge(
        _reading(
            "a1",
            ("The front took Karvik in May.", _took("the front", date=_date("in May", "2031-05"))),
        ),
        _reading(
            "a2",
            (
                "The front took Karvik late Tuesday.",
                _took("the front", date=_date("late Tuesday", "2031-05-13")),
            ),
        ),
    )
    assert not contradictions
    assert (events[0].date, events[0].date_text) == ("2031-05-13", "late Tuesday")


def test_merge_sorts_by_date_undated_last_with_ids() -> None:
    events, _ = _merge(
        _reading(
            "a1",
            (
                "Fighting broke out in Lomsa.",
                {
                    "type": "FIGHT",
                    "trigger": "fighting",
                    "summary": "fighting in Lomsa",
                    "location": "Lomsa",
                },
            ),
            (
                "The front took Karvik on Tuesday.",
                _took("the front", date=_date("Tuesday", "2031-05-13")),
            ),
            (
                "The front took Lomsa in January.",
                _took("the front", "Lomsa", date=_date("in January", "2031-01")),
            ),
        ),
    )
    assert [(e.id, e.location.name if e.location else None) for e in events] == [
        ("v1", "Lomsa"),
        ("v2", "Karvik"),
        ("v3", "Lomsa"),
    ]
    assert events[2].date is None


def test_merge_disjoint_resolved_actors_stay_apart() -> None:
    events, _ = _merge(
        _reading("a1", ("The front took control of Karvik.", _took("the front"))),
        _reading("a2", ("The army took control of Karvik.", _took("the army"))),
    )
    assert len(events) == 2


def test_merge_unresolved_place_is_kept_visibly() -> None:
    events, _ = _merge(
        _reading("a1", ("The front took control of Ostervale.", _took("the front", "Ostervale")))
    )
    location = events[0].location
    assert location is not None and location.name == "Ostervale" and location.lat is None


def test_merge_incompatible_types_at_one_place_stay_apart() -> None:
    events, _ = _merge(
        _reading(
            "a1",
            (
                "The army retreated to Lomsa.",
                {
                    "type": "RETREAT",
                    "trigger": "retreated",
                    "actors": ("the army",),
                    "summary": "the army retreated to Lomsa",
                    "location": "Lomsa",
                },
            ),
            (
                "Fighting took place in Lomsa.",
                {
                    "type": "FIGHT",
                    "trigger": "fighting",
                    "summary": "fighting in Lomsa",
                    "location": "Lomsa",
                },
            ),
        ),
    )
    assert len(events) == 2


def test_merge_different_verbs_of_one_action_join() -> None:
    events, _ = _merge(
        _reading("a1", ("The front captured Karvik.", _took("the front", trigger="captured"))),
        _reading(
            "a2", ("NF fighters seized the town of Karvik.", _took("NF fighters", trigger="seized"))
        ),
    )
    assert len(events) == 1 and len(events[0].sources) == 2


def test_merge_year_date_joins_a_month_inside_it_and_keeps_the_month() -> None:
    year = DateMention("earlier this year", "2031", "year", 0, 17)
    events, contradictions = _merge(
        _reading(
            "a1",
            (
                "The front seized Lomsa in January.",
                _took("the front", "Lomsa", trigger="seized", date=_date("in January", "2031-01")),
            ),
        ),
        _reading(
            "a2",
            (
                "The group secured control of Lomsa earlier this year.",
                _took("the group", "Lomsa", trigger="secured control", date=year),
            ),
        ),
    )
    assert len(events) == 1 and not contradictions
    assert events[0].date == "2031-01"


def test_merge_walkout_and_cancellation_of_talks_are_one_refusal() -> None:
    events, _ = _merge(
        _reading(
            "a1",
            (
                "The front withdrew from the talks.",
                {
                    "type": "REJECT",
                    "trigger": "withdrew",
                    "summary": "the front withdrew",
                    "actors": ("the front",),
                },
            ),
        ),
        _reading(
            "a2",
            (
                "Talks between the government and the Northern Front were cancelled.",
                {
                    "type": "REJECT",
                    "trigger": "cancelled",
                    "summary": "Talks were cancelled",
                    "targets": ("Talks",),
                },
            ),
        ),
    )
    assert len(events) == 1 and {c.article for c in events[0].sources} == {"a1", "a2"}


def test_merge_drops_events_that_name_no_place_and_no_one() -> None:
    bare = {"type": "ASSAULT", "trigger": "fighting", "summary": "fighting"}
    events, _ = _merge(
        _reading("a1", ("The front took control of Karvik.", _took("the front"))),
        _reading("a2", ("Fighting went on for hours.", bare)),
    )
    assert [e.summary for e in events] == ["the front took control of Karvik"]


def test_merge_summary_states_no_figure_that_another_cited_report_contradicts() -> None:
    def fled(count: str) -> dict[str, Any]:
        summary = f"{count} people fled Karvik"
        return {"type": "RETREAT", "trigger": "fled", "summary": summary, "location": "Karvik"}

    agreeing, _ = _merge(
        _reading("a1", ("About 8,000 people fled Karvik.", fled("about 8,000"))),
        _reading("a2", ("Some 8,000 people fled Karvik.", fled("8,000"))),
    )
    disagreeing, _ = _merge(
        _reading("a1", ("About 8,000 people fled Karvik.", fled("about 8,000"))),
        _reading("a2", ("More than 12,000 people fled Karvik.", fled("more than 12,000"))),
    )
    assert [event.summary for event in agreeing] == ["about 8,000 people fled Karvik"]
    assert [event.summary for event in disagreeing] == ["people fled Karvik"]
    assert len(disagreeing[0].sources) == 2


def _lead(summary: str, **more: Any) -> dict[str, Any]:
    return {
        "type": "OTHER",
        "trigger": summary.split()[1],
        "summary": summary,
        "main": True,
        **more,
    }


def test_merge_headline_event_is_the_main_event_of_most_articles_and_comes_first() -> None:
    events, _ = _merge(
        _reading(
            "a1",
            ("Fighting broke out in Lomsa.", {**_took("the army", "Lomsa"), "trigger": "broke"}),
            ("The Front took control of Karvik.", {**_took("the front"), "main": True}),
        ),
        _reading("a2", ("NF fighters seized Karvik.", {**_took("NF fighters"), "main": True})),
        _reading("a3", ("The army lost Karvik.", {**_took("the army"), "main": True})),
    )
    assert events[0].id == "v1"
    assert set(events[0].main_for) == {"a1", "a2"}
    assert sum(len(event.main_for) for event in events) == 3  # every article has its main event


def test_merge_leads_telling_one_news_with_other_verbs_merge() -> None:
    events, _ = _merge(
        _reading("a1", ("The ferry sank off Karvik.", _lead("ferry sank", location="Karvik"))),
        _reading(
            "a2", ("A ferry went down off Karvik.", _lead("ferry went down", location="Karvik"))
        ),
    )
    assert len(events) == 1 and events[0].main_for == ("a1", "a2")


def test_merge_date_of_own_clause_beats_lead_context_and_publication_day() -> None:
    events, contradictions = _merge(
        _reading(
            "a1",
            (
                "Rebels took Karvik.",
                _took("rebels", date=_date("", "2024-06-13"), date_basis="reported"),
            ),
        ),
        _reading(
            "a2",
            (
                "Rebels took Karvik.",
                _took("rebels", date=_date("Thursday", "2024-06-13"), date_basis="context"),
            ),
        ),
        _reading(
            "a3",
            (
                "Rebels took Karvik late Wednesday.",
                _took("rebels", date=_date("late Wednesday", "2024-06-12"), date_basis="text"),
            ),
        ),
    )
    (event,) = events
    assert (event.date, event.date_basis) == ("2024-06-12", "text")
    assert contradictions == ()


def test_merge_month_of_the_text_takes_a_day_within_it_from_a_weaker_basis() -> None:
    events, _ = _merge(
        _reading(
            "a1",
            (
                "Rebels took Karvik in June.",
                _took("rebels", date=_date("June", "2024-06"), date_basis="text"),
            ),
        ),
        _reading(
            "a2",
            (
                "Rebels took Karvik.",
                _took("rebels", date=_date("", "2024-06-13"), date_basis="reported"),
            ),
        ),
    )
    assert (events[0].date, events[0].date_basis) == ("2024-06-13", "reported")


def test_merge_publication_days_alone_never_contradict() -> None:
    events, contradictions = _merge(
        _reading(
            "a1",
            (
                "Rebels took Karvik.",
                _took("rebels", date=_date("", "2024-06-13"), date_basis="reported"),
            ),
        ),
        _reading(
            "a2",
            (
                "Rebels took Karvik.",
                _took("rebels", date=_date("", "2024-06-14"), date_basis="reported"),
            ),
        ),
    )
    assert (events[0].date, events[0].date_basis) == ("2024-06-13", "reported")
    assert contradictions == ()


def _withdrew(who: str, **more: Any) -> dict[str, Any]:
    return {
        "type": "RETREAT",
        "trigger": "withdrew",
        "summary": f"{who} withdrew from Karvik",
        "actors": (who,),
        "location": "Karvik",
        "date": _date("on Tuesday", "2025-03-11"),
        **more,
    }


def test_merge_troops_withdrawing_and_residents_fleeing_stay_two_events() -> None:
    events, _ = _merge(
        _reading("a1", ("Government troops withdrew from Karvik on Tuesday.", _withdrew("troops"))),
        _reading(
            "a2",
            ("Soldiers withdrew from Karvik on Tuesday.", _withdrew("Soldiers")),
            (
                "Thousands of residents withdrew from Karvik on Tuesday.",
                _withdrew("Thousands of residents"),
            ),
        ),
    )
    assert sorted(len(event.sources) for event in events) == [1, 2]
    (armed,) = [event for event in events if len(event.sources) == 2]
    assert {source.article for source in armed.sources} == {"a1", "a2"}


def test_merge_a_location_the_story_knows_is_no_place_stays_null() -> None:
    # The reader took a singer's name for a place; the story's entities know better.
    reading = _reading("a1", ("Dela Moss called for calm in Karvik.", _took("Dela Moss", "Moss")))
    articles = {"a1": Article("a1", "a1", "a1", "", "f")}
    (kept,), _ = merge_events([reading], articles, lambda name: None, lambda name: None)
    (dropped,), _ = merge_events(
        [reading], articles, lambda name: None, lambda name: None, no_place=lambda n: n == "Moss"
    )
    assert kept.location is not None and kept.location.name == "Moss"
    assert dropped.location is None


def test_merge_summary_keeps_numbers_inside_words_when_counts_disagree() -> None:
    def fled(summary: str) -> dict[str, Any]:
        return {"type": "RETREAT", "trigger": "fled", "summary": summary, "location": "Karvik"}

    flood = "residents fled the 100-year flood in Karvik"
    events, _ = _merge(
        _reading("a1", ("Residents fled the 100-year flood in Karvik.", fled(flood))),
        _reading("a2", ("About 40,000 fled Karvik.", fled("about 40,000 fled Karvik"))),
    )
    # "100" names the kind of flood, it is not a count that "40,000" could contradict
    assert [event.summary for event in events] == [flood]


def test_merge_leads_placed_in_a_country_and_in_a_town_of_it_merge() -> None:
    def fired(article: str, sentence: str, where: str, main: bool = True) -> Reading:
        fields = {"actors": ("Northern Front",), "location": where, "main": main}
        return _reading(article, (sentence, _lead(sentence.rstrip("."), **fields)))

    country = ("a1", "NF fired a missile over Zembia.", "Zembia")
    town = ("a2", "NF fired a missile over Karvik.", "Karvik")
    events, _ = _merge(fired(*country), fired(*town))
    # two leads of one story, at two scales: one event
    assert len(events) == 1 and events[0].main_for == ("a1", "a2")
    events, _ = _merge(fired(*country, main=False), fired(*town, main=False))
    assert len(events) == 2  # other mentions keep their places apart


def test_merge_headline_of_a_tie_is_the_dated_event_news_happens_on_a_day() -> None:
    def lead(article: str, summary: str, date: str | None) -> Event:
        cited = (Citation(article, summary + "."),)
        return Event(article, "OTHER", summary, cited, date=date, main_for=(article,))

    background = lead("a1", "Zembia considers the valley disputed", None)
    news = lead("a2", "The cabinet approved funding for the valley", "2024-06-12")
    assert headline_of([background, news]) == 1


def test_merge_undated_mention_never_joins_an_event_dated_after_its_article_appeared() -> None:
    def merged(later_published: str, later_day: str) -> int:
        events, _ = _merge(
            _reading("a1", ("The Northern Front took control of Karvik.", _took("Northern Front"))),
            _reading(
                "a2",
                (
                    "NF fighters took control of Karvik again.",
                    {**_took("NF fighters"), "date": _date("on the day", later_day)},
                ),
            ),
            published={"a1": "2031-03-01T09:00:00", "a2": later_published},
        )
        return len(events)

    assert merged("2031-03-20", "2031-03-18") == 2  # a report tells of what happened by then
    assert merged("2031-03-02", "2031-03-02") == 1  # the next day may be today further east


def test_merge_a_publication_day_bounds_a_mention_it_does_not_date_it() -> None:
    def merged(first_basis: str, later_basis: str = "text") -> int:
        first = {
            **_took("Northern Front"),
            "date": DateMention("", "2031-03-01", "day", 0, 0),
            "date_basis": first_basis,
        }
        later = {
            **_took("NF fighters"),
            "date": _date("two days ago", "2031-03-04"),
            "date_basis": later_basis,
        }
        events, _ = _merge(
            _reading("a1", ("The Northern Front took control of Karvik.", first)),
            _reading("a2", ("Two days ago NF fighters took control of Karvik.", later)),
            published={"a1": "2031-03-01T09:00:00", "a2": "2031-03-06T09:00:00"},
        )
        return len(events)

    assert merged("reported") == 2  # told on 1 March: not what happened on 4 March
    assert merged("text") == 1  # two days the texts give, a few days apart: one event
    assert merged("reported", "reported") == 1  # two reports' days, neither says when


def test_merge_a_mention_told_from_the_other_side_keeps_the_sides_apart() -> None:
    attack = {
        "type": "ASSAULT",
        "trigger": "attacked",
        "summary": "A Vorna Front bomber attacked the police post in Karvik",
        "actors": ("Vorna Front bomber",),
        "targets": ("police post",),
        "location": "Karvik",
        "main": True,
    }
    reply = {
        "type": "ASSAULT",
        "trigger": "fought",
        "summary": "police fought the Vorna Front attackers in Karvik",
        "actors": ("police",),
        "targets": ("Vorna Front attackers",),
        "location": "Karvik",
    }
    events, _ = _merge(
        _reading("a1", ("A Vorna Front bomber attacked the police post in Karvik.", attack)),
        _reading(
            "a2",
            ("Later, police fought the Vorna Front attackers in Karvik.", reply),
            ("A Vorna Front bomber attacked the police post in Karvik.", {**attack, "main": True}),
        ),
    )
    (event,) = events
    assert event.actors == ("Vorna Front bomber", "Vorna Front attackers")
    assert set(event.targets) == {"police post", "police"}


def test_merge_common_words_tell_no_side() -> None:
    dead = {
        "type": "ASSAULT",
        "trigger": "killed",
        "summary": "Gunmen killed five people in Karvik",
        "actors": ("Gunmen",),
        "targets": ("five people",),
        "location": "Karvik",
        "main": True,
    }
    more = {**dead, "summary": "Gunmen killed seven people", "main": False}
    more = {**more, "actors": (), "targets": ("Gunmen", "seven people")}
    events, _ = _merge(
        _reading("a1", ("Gunmen killed five people in Karvik.", dead)),
        _reading("a2", ("Police said seven people died after Gunmen struck Karvik.", more)),
    )
    assert [event.actors for event in events] == [("Gunmen",)]
