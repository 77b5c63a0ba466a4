from newsfuse.records import (
    Article,
    Brief,
    BriefSentence,
    Citation,
    DateMention,
    Event,
    Place,
    Reading,
    Story,
    StoryReport,
    from_dict,
)


def test_records_article_round_trip():
    article = Article(
        id="a1", key="k", source="x.txt", text="Body.", fingerprint="f", removed=("Nav",)
    )
    assert Article.from_dict(article.as_dict()) == article


def test_records_story_report_round_trip_keeps_nested_records():
    citation = Citation("a1", "Rebels took the town.")
    report = StoryReport(
        story=Story("s1", "Title", ("a1",), "2025-01-02", "2025-01-02"),
        events=(
            Event("v1", "ASSAULT", "took the town", (citation,), location=Place("Town", "XX")),
        ),
        brief=Brief((BriefSentence("Rebels took the town.", ("a1",), (citation,)),)),
    )
    assert from_dict(StoryReport, report.as_dict()) == report


def test_records_reading_round_trip_keeps_dated_pairs():
    date = DateMention("on Monday", "2025-01-06", "day", 0, 9)
    reading = Reading(article="a1", dates=((3, date),))
    assert from_dict(Reading, reading.as_dict()) == reading
