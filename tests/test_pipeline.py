from dataclasses import replace

from newsfuse.pipeline import Pipeline, _canonical_speaker, _placed_main, sort_articles
from newsfuse.records import (
    Article,
    Dropped,
    Entity,
    EventMention,
    Place,
    Quote,
    RawInput,
    Reading,
    Sentence,
)
from newsfuse.settings import Settings
from newsfuse.stages import clean

TEXT = "Officials said the bridge over the river reopened on Monday after two weeks of repairs."


def test_pipeline_a_failing_article_becomes_a_dropped_record(monkeypatch):
    real = clean.clean

    def flaky(raw, settings):
        if raw.source == "bad.txt":
            raise RuntimeError("parser exploded")
        return real(raw, settings)

    monkeypatch.setattr(clean, "clean", flaky)
    pipeline = Pipeline(Settings())
    inputs = [
        RawInput("good.txt", TEXT),
        RawInput("bad.txt", TEXT + " Again."),
        Dropped("x", "ingest", "empty"),
    ]
    articles = pipeline.clean(inputs)
    assert [a.source for a in articles] == ["good.txt"]
    assert [(d.source, d.stage) for d in pipeline.dropped] == [
        ("bad.txt", "clean"),
        ("x", "ingest"),
    ]
    assert "parser exploded" in pipeline.dropped[0].reason


def test_pipeline_sorts_articles_in_publication_order_undated_last():
    def article(aid, date):
        return Article(id=aid, key=aid, source=aid, text="t", fingerprint=aid, published_at=date)

    ordered = sort_articles(
        [article("a", None), article("b", "2025-02-01"), article("c", "2025-01-01")]
    )
    assert [a.id for a in ordered] == ["c", "b", "a"]


def test_pipeline_a_main_event_the_lead_did_not_place_takes_the_first_story_place() -> None:
    text = "The Tesk Rovers signed a centre on Saturday. Fans gathered in Karvik."
    main = EventMention(
        article="a1",
        sentence=0,
        type="SPORT",
        acled_type=None,
        trigger="signed",
        summary="The Tesk Rovers signed a centre",
        main=True,
    )
    placed = replace(
        main,
        sentence=1,
        trigger="gathered",
        summary="Fans gathered in Karvik",
        location="Karvik",
        main=False,
    )
    reading = Reading("a1", (Sentence("a1", 0, text, 0, len(text)),), events=(main, placed))
    story = [Place("Karvik", "XX", 1.0, 2.0), Place("Tesk", "XX", 3.0, 4.0)]
    done = _placed_main(reading, text, story, no_place=lambda name: False)
    assert [event.location for event in done.events] == ["Tesk", "Karvik"]
    # no story place named: stays null
    assert _placed_main(reading, text, [], no_place=lambda name: False) is reading


def test_pipeline_a_main_event_placed_at_what_is_no_place_takes_the_first_story_place() -> None:
    # the reader placed the news "at the Vorn Cup": the story knows that is no place
    text = "The Tesk Rovers won at the Vorn Cup on Saturday. Fans gathered in Karvik."
    main = EventMention("a1", 0, "SPORT", None, "won", "The Tesk Rovers won", location="Vorn Cup")
    main = replace(main, main=True)
    reading = Reading("a1", (Sentence("a1", 0, text, 0, len(text)),), events=(main,))
    story = [Place("Karvik", "XX", 1.0, 2.0), Place("Tesk", "XX", 3.0, 4.0)]
    done = _placed_main(reading, text, story, no_place={"Vorn Cup"}.__contains__)
    assert [event.location for event in done.events] == ["Tesk"]
    assert _placed_main(reading, text, story, no_place=lambda name: False) is reading


def test_pipeline_a_speaker_takes_its_entity_s_name_but_never_a_land_s() -> None:
    entities = {
        "Rosa Lind": Entity("e1", "Mayor Rosa Lind", "PERSON"),
        "Karvik Aid North": Entity("e2", "North", "LOC"),
    }
    quote = Quote("Rosa Lind", "The port reopens at dawn.", "a1", 0)
    assert _canonical_speaker(quote, entities.get).speaker == "Mayor Rosa Lind"
    aid = replace(quote, speaker="Karvik Aid North")
    assert _canonical_speaker(aid, entities.get).speaker == "Karvik Aid North"
