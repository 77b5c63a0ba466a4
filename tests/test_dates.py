"""Date expressions resolved against the publication date (sentences written for the tests)."""

from __future__ import annotations

import pytest

from newsfuse.stages.dates import find_dates

# A Thursday.
PUBLISHED = "2024-06-13"


def only(text: str, published: str | None = PUBLISHED):
    dates = find_dates(text, published)
    assert len(dates) == 1, dates
    return dates[0]


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        ("The court ruled on 3 May 2024 that the ban stands.", "3 May 2024", "2024-05-03"),
        ("The court ruled on May 3, 2024, that the ban stands.", "May 3, 2024", "2024-05-03"),
        ("The court ruled on Apr. 9 that the ban stands.", "Apr. 9", "2024-04-09"),
        ("The court ruled (2024-05-03) that the ban stands.", "2024-05-03", "2024-05-03"),
        ("Talks resumed on 2 June in the capital.", "2 June", "2024-06-02"),
    ],
)
def test_dates_explicit_day(text: str, words: str, value: str) -> None:
    mention = only(text)
    assert (mention.text, mention.value, mention.precision) == (words, value, "day")
    assert text[mention.start : mention.end] == words


@pytest.mark.parametrize(
    ("published", "value"),
    [
        ("2024-06-13", "2024-06-14"),  # no time of day: the day after
        ("2024-06-13T21:40:00", "2024-06-14"),  # evening: already Friday further east
        ("2024-06-13T07:15:00", "2024-06-07"),  # morning: no zone is on Friday yet
    ],
)
def test_dates_next_days_weekday_is_that_day_unless_published_in_the_morning(
    published: str, value: str
) -> None:
    assert only("The missile was fired early Friday.", published).value == value


def test_dates_next_day_rule_leaves_last_weekday_alone() -> None:
    assert only("The mayor resigned last Friday.", "2024-06-13T21:40:00").value == "2024-06-07"


@pytest.mark.parametrize(
    ("text", "published", "value"),
    [
        ("Police investigated assaults on New Year's Eve.", "2016-01-05", "2015-12-31"),
        ("Crowds gathered on Christmas Day 2015.", "2016-06-01", "2015-12-25"),
        ("Stores reopen after Halloween.", "2024-11-02", "2024-10-31"),
    ],
)
def test_dates_fixed_holidays_are_the_latest_on_or_before_publication(
    text: str, published: str, value: str
) -> None:
    assert only(text, published).value == value


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        ("Voting ended on Thursday in most districts.", "Thursday", "2024-06-13"),
        ("Shelling resumed late Wednesday near the port.", "late Wednesday", "2024-06-12"),
        ("The bridge collapsed on Tuesday after heavy rain.", "Tuesday", "2024-06-11"),
        ("Police arrested him Monday morning.", "Monday morning", "2024-06-10"),
        ("The mayor resigned last Thursday.", "last Thursday", "2024-06-06"),
    ],
)
def test_dates_weekday_is_latest_on_or_before_publication(
    text: str, words: str, value: str
) -> None:
    mention = only(text)
    assert (mention.text, mention.value, mention.precision) == (words, value, "day")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The strike began today across the north.", "2024-06-13"),
        ("The strike began yesterday across the north.", "2024-06-12"),
        ("The strike began last night across the north.", "2024-06-12"),
        ("The strike began three days ago across the north.", "2024-06-10"),
    ],
)
def test_dates_relative_days(text: str, value: str) -> None:
    assert only(text).value == value


def test_dates_this_week_is_a_range_of_days() -> None:
    mention = only("Ministers met earlier this week to discuss the budget.")
    assert mention.text == "earlier this week"
    assert (mention.value, mention.precision) == (None, "day")
    assert (mention.range_start, mention.range_end) == ("2024-06-10", "2024-06-13")


def test_dates_last_week_is_the_previous_monday_to_sunday() -> None:
    mention = only("Ministers met last week to discuss the budget.")
    assert (mention.range_start, mention.range_end) == ("2024-06-03", "2024-06-09")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The ministers will meet on Tuesday in Velmar.", "2024-06-18"),
        ("The ministers will meet on Thursday in Velmar.", "2024-06-13"),
        ("The ministers are set to meet on Monday.", "2024-06-17"),
        ("The ministers' talks, scheduled for Tuesday, were called off.", "2024-06-11"),
        ("The vote is scheduled for Sunday.", "2024-06-16"),
        ("As Tamsara prepares to vote in Sunday's election, the mood is calm.", "2024-06-16"),
        ("Ostrell's team is going to play on Saturday.", "2024-06-15"),
        # the past of an expectation, a negated ability and a name are no plan
        ("The ministers were expected to meet on Tuesday.", "2024-06-11"),
        ("The vote, which was scheduled for Sunday, was called off.", "2024-06-09"),
        ("Police could not confirm on Tuesday whether he had died.", "2024-06-11"),
        ("Will Vale arrived on Tuesday.", "2024-06-11"),
    ],
)
def test_dates_weekday_of_what_will_happen_is_on_or_after_publication(
    text: str, value: str
) -> None:
    assert only(text).value == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Elections will be held in March.", "2025-03"),
        ("Elections will be held in June.", "2024-06"),
        ("The plant is expected to close in September.", "2024-09"),
        ("Elections were held in March.", "2024-03"),
    ],
)
def test_dates_month_of_what_will_happen_is_on_or_after_publication(text: str, value: str) -> None:
    assert only(text).value == value


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        ("The plant closed earlier this month.", "earlier this month", "2024-06"),
        ("The plant closed last month.", "last month", "2024-05"),
        ("The plant closed in January.", "January", "2024-01"),
        ("The plant closed in September.", "September", "2023-09"),
        ("The plant closed in mid-March.", "mid-March", "2024-03"),
        ("The plant closed in March 2021.", "March 2021", "2021-03"),
    ],
)
def test_dates_month_precision(text: str, words: str, value: str) -> None:
    mention = only(text)
    assert (mention.text, mention.value, mention.precision) == (words, value, "month")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The party was founded in 2009 by students.", "2009"),
        ("Exports fell sharply last year.", "2023"),
        ("Exports fell sharply earlier this year.", "2024"),
        ("No talks have been held since 1998.", "1998"),
    ],
)
def test_dates_year_precision(text: str, value: str) -> None:
    mention = only(text)
    assert (mention.value, mention.precision) == (value, "year")


@pytest.mark.parametrize(
    "text",
    [
        "The G20 summit and the COVID-19 response dominated the agenda.",
        "An A320 carrying 180 passengers landed safely.",
        "Rebels of the P17 faction hold about 4,000 square kilometres.",
        "Officials counted about 2000 people in the square.",
        "Crowds may march through the capital.",
    ],
)
def test_dates_no_false_positives(text: str) -> None:
    assert find_dates(text, PUBLISHED) == []


def test_dates_unknown_publication_keeps_words_without_value() -> None:
    dates = find_dates("Fighting resumed late Tuesday, earlier this week.", None)
    assert [(d.text, d.value) for d in dates] == [
        ("late Tuesday", None),
        ("earlier this week", None),
    ]


def test_dates_unknown_publication_still_resolves_absolute_dates() -> None:
    dates = find_dates("The accord signed on 4 July 2019 expired in 2022.", None)
    assert [(d.value, d.precision) for d in dates] == [("2019-07-04", "day"), ("2022", "year")]


@pytest.mark.parametrize("published", ["2024-06-13T22:15:00Z", "2024-06-13T08:00:00+02:00"])
def test_dates_accepts_a_publication_datetime(published: str) -> None:
    mention = only("Voting ended on Thursday.", published)
    assert (mention.value, mention.precision) == ("2024-06-13", "day")


@pytest.mark.parametrize(
    ("text", "published", "value"),
    [
        ("The law took effect on 28 December.", "2024-01-05", "2023-12-28"),
        ("The vote is set for 3 January.", "2023-12-20", "2024-01-03"),
    ],
)
def test_dates_day_month_takes_the_year_closest_to_publication(
    text: str, published: str, value: str
) -> None:
    assert only(text, published).value == value


@pytest.mark.parametrize(
    "text",
    [
        "The missile struck at 6:07 a.m. local time (2107 GMT), officials said.",
        "Shelling began at 1830 GMT and stopped before 2100 hours.",
        "The curfew runs between 2000 and 2130 UTC.",
        "Troops moved in at 1945 local time.",
    ],
)
def test_dates_a_clock_time_never_becomes_a_year(text: str) -> None:
    assert [mention.precision for mention in find_dates(text, PUBLISHED)] == []


def test_dates_a_year_before_a_capitalised_name_stays_a_year() -> None:
    assert only("In 2017 ZANU-PF removed its leader.").value == "2017"
