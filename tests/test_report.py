from dataclasses import replace

import jsonschema

from newsfuse.records import (
    Article,
    Brief,
    BriefSentence,
    Citation,
    Claim,
    Contradiction,
    ContradictionSide,
    Event,
    Place,
    Quote,
    Report,
    Story,
    StoryReport,
)
from newsfuse.report import report_dict, report_schema, to_html, to_markdown

CITE = Citation("a1", "Rebels took the town of Alpha on Monday.")


def _report(text: str = "Rebels took the town of Alpha on Monday.") -> Report:
    article = Article(id="a1", key="k", source="x.txt", text=text, fingerprint="f", path="x.txt")
    story = StoryReport(
        story=Story("s1", "Alpha falls", ("a1",), "2025-01-06", "2025-01-06"),
        places=(Place("Alpha", "XX", 1.0, 2.0, articles=("a1",)),),
        events=(Event("v1", "ASSAULT", "Rebels took Alpha", (CITE,), date="2025-01-06"),),
        claims=(Claim("c1", "people displaced", 4000.0, "people", "single-source", 1, (CITE,)),),
        contradictions=(
            Contradiction(
                "people displaced",
                "figure",
                (ContradictionSide("4,000", (CITE,)), ContradictionSide("5,000", (CITE,))),
            ),
        ),
        brief=Brief((BriefSentence("Rebels took Alpha on 6 January.", ("a1",)),)),
    )
    return Report("2026-01-01T00:00:00Z", (article,), (story,))


def test_report_json_is_valid_against_the_shipped_schema():
    jsonschema.validate(report_dict(_report()), report_schema())


def test_report_json_prints_integral_values_as_integers():
    claim = report_dict(_report())["stories"][0]["claims"][0]
    assert claim["value"] == 4000 and isinstance(claim["value"], int)


def test_report_schema_rejects_an_uncited_event():
    data = report_dict(_report())
    data["stories"][0]["events"][0]["sources"] = []
    validator = jsonschema.Draft202012Validator(report_schema())
    assert not validator.is_valid(data)


def test_report_markdown_cites_brief_sentences_with_footnotes():
    markdown = to_markdown(_report())
    assert "Rebels took Alpha on 6 January. [^1]" in markdown
    assert "[^1]: x.txt" in markdown


def test_report_html_escapes_untrusted_text():
    report = _report()
    story = report.stories[0]
    hostile = BriefSentence('<script>alert(1)</script><img src=x onerror="x()">', ("a1",))
    story = StoryReport(story=story.story, brief=Brief((hostile,)))
    html = to_html(Report(report.generated_at, report.articles, (story,)))
    assert "<script>alert" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def _with_headline() -> Report:
    report = _report()
    story = report.stories[0]
    event = Event(
        "v1",
        "ASSAULT",
        "Rebels took Alpha",
        (CITE,),
        date="2025-01-06",
        date_basis="reported",
        main_for=("a1",),
        location=Place("Alpha", "XX", 1.0, 2.0),
    )
    return Report(
        report.generated_at, report.articles, (StoryReport(story.story, events=(event,)),)
    )


def test_report_article_names_its_main_event_and_story_its_headline() -> None:
    data = report_dict(_with_headline())
    jsonschema.validate(data, report_schema())
    assert data["articles"][0]["main_event"] == "v1"
    assert data["stories"][0]["headline"] == "v1"
    assert data["stories"][0]["events"][0]["date_basis"] == "reported"
    assert report_dict(_report())["articles"][0]["main_event"] is None


def test_report_a_near_duplicate_has_the_main_event_of_the_copy_kept() -> None:
    # A copy is not read again; it reports what the copy kept reports, in the same story.
    report = _with_headline()
    story = report.stories[0]
    copy = replace(report.articles[0], id="a2", duplicate_of="a1")
    elsewhere = replace(report.articles[0], id="a3", duplicate_of="a1")
    grown = replace(story.story, articles=("a1", "a2"))
    data = report_dict(
        Report(
            report.generated_at,
            (*report.articles, copy, elsewhere),
            (replace(story, story=grown),),
        )
    )
    assert [a["main_event"] for a in data["articles"]] == ["v1", "v1", None]


def test_report_markdown_and_html_open_the_story_with_what_happened() -> None:
    markdown = to_markdown(_with_headline())
    assert "**What happened:** Rebels took Alpha — 2025-01-06 (day of the first report" in markdown
    assert 'class="headline"' in to_html(_with_headline())
    assert "What happened" not in to_markdown(_report())


def test_report_markdown_counts_articles_of_unknown_outlet() -> None:
    report = _report()
    known = replace(report.articles[0], outlet="x.example")
    unknown = replace(report.articles[0], id="a2", outlet=None)
    story = report.stories[0]
    story = replace(story, story=replace(story.story, articles=("a1", "a2")))
    markdown = to_markdown(Report(report.generated_at, (known, unknown), (story,)))
    assert "2 articles from x.example, 1 of unknown outlet" in markdown


def test_report_markdown_and_html_show_a_quote_once_with_all_its_sources() -> None:
    report = _report()
    second = replace(report.articles[0], id="a2")
    words = "We will rebuild every school in the valley."
    quotes = (
        Quote("Nadia Kim", words, "a1", 0),
        Quote("Nadia Kim", words.replace("We", "we"), "a2", 0),
        Quote("Omar Diallo", "The dam will hold back the river.", "a2", 1),
    )
    story = report.stories[0]
    story = replace(story, story=replace(story.story, articles=("a1", "a2")), quotes=quotes)
    both = Report(report.generated_at, (report.articles[0], second), (story,))
    markdown = to_markdown(both)
    assert markdown.count("every school in the valley") == 1
    assert "valley.” [^1][^2]" in markdown
    assert to_html(both).count("every school in the valley") == 1
    assert len(report_dict(both)["stories"][0]["quotes"]) == 3  # the JSON keeps each article's


def test_report_an_event_dated_only_by_year_keeps_the_year_beside_a_null_date() -> None:
    # "fled his country in 2011": newsfuse.report/1's `date` holds days and months only,
    # so the year has its own field, and the basis still says the text gave it.
    report = _report()
    event = Event("v1", "RETREAT", "He fled", (CITE,), date="2011", date_text="in 2011")
    story = StoryReport(report.stories[0].story, events=(event,))
    data = report_dict(Report(report.generated_at, report.articles, (story,)))
    validator = jsonschema.Draft202012Validator(report_schema())
    assert not list(validator.iter_errors(data))
    found = data["stories"][0]["events"][0]
    assert (found["date"], found["date_year"], found["date_text"]) == (None, "2011", "in 2011")
    bad = {**found, "date_year": "14"}
    data["stories"][0]["events"][0] = bad
    assert list(validator.iter_errors(data))  # the schema checks the year's form
