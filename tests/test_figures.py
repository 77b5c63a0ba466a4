"""Numeric claims in sentences written for the tests."""

from __future__ import annotations

import pytest

from newsfuse.records import Figure
from newsfuse.stages.figures import find_figures


def figures(text: str) -> list[Figure]:
    return find_figures(text, "a1", 3)


def only(text: str) -> Figure:
    found = figures(text)
    assert len(found) == 1, found
    return found[0]


def test_figures_records_article_and_sentence() -> None:
    figure = only("Floods forced 1,200 families from their homes.")
    assert (figure.article, figure.sentence, figure.text) == ("a1", 3, "1,200 families")


@pytest.mark.parametrize(
    ("text", "value", "unit", "what"),
    [
        ("The village of 8,500 people lost power.", 8500, "people", "people"),
        ("About 3,200 residents were evacuated overnight.", 3200, "people", "residents evacuated"),
        ("Some 900 civilians have died in the siege.", 900, "people", "civilians died"),
        ("Nearly 2,000 soldiers were deployed to the border.", 2000, "troops", "soldiers deployed"),
        ("The army sent 500 Kenyan troops north.", 500, "troops", "Kenyan troops"),
        ("The storm has displaced 1.5 million people.", 1.5e6, "people", "people displaced"),
        ("Two hundred workers were injured in the blast.", 200, "worker", "workers injured"),
        # an event word inside the noun phrase describes who is counted
        (
            "Four detained Orsk Front leaders were released.",
            4,
            "leader",
            "detained Orsk Front leaders released",
        ),
        ("Nine killed in the raid, police said.", 9, "people", "people killed"),
    ],
)
def test_figures_counted_people_and_what_happened(
    text: str, value: float, unit: str, what: str
) -> None:
    figure = only(text)
    assert (figure.value, figure.unit, figure.what) == (value, unit, what)


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("More than 40 people drowned.", "more than"),
        ("At least 40 people drowned.", "at least"),
        ("Around 40 people drowned.", "around"),
        ("Approximately 40 people drowned.", "approximately"),
        ("Nearly 40 people drowned.", "nearly"),
        ("Up to 40 people drowned.", "up to"),
        ("Fewer than 40 people drowned.", "fewer than"),
        ("Over 40 people drowned.", "over"),
        ("Forty people drowned.", None),
    ],
)
def test_figures_hedges(text: str, qualifier: str | None) -> None:
    figure = only(text.replace("Forty", "40"))
    assert (figure.value, figure.qualifier) == (40, qualifier)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("Hundreds of thousands of people fled the city.", 1e5, 1e6),
        ("Tens of thousands were arrested after the march.", 1e4, 1e5),
        ("Dozens of protesters were detained.", 24, 100),
        ("Thousands of homes were destroyed.", 1e3, 1e4),
    ],
)
def test_figures_vague_amounts_are_ranges(text: str, low: float, high: float) -> None:
    figure = only(text)
    assert (figure.value, figure.low, figure.high) == (None, low, high)


def test_figures_vague_amount_without_noun_takes_people_from_the_verb() -> None:
    figure = only("Hundreds of thousands have been displaced by the drought.")
    assert (figure.unit, figure.what, figure.low) == ("people", "people displaced", 1e5)


def test_figures_between_two_numbers_is_a_range() -> None:
    figure = only("Between 150 and 200 villagers were abducted.")
    assert (figure.value, figure.low, figure.high, figure.unit) == (None, 150, 200, "villager")


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("Two or three villagers were abducted.", 2, 3), ("Some 10 or 12 villagers fled.", 10, 12)],
)
def test_figures_one_count_or_another_is_a_range(text: str, low: float, high: float) -> None:
    # a guess between two counts: "three villagers" alone would dispute "two villagers"
    figure = only(text)
    assert (figure.value, figure.low, figure.high, figure.unit) == (None, low, high, "villager")


@pytest.mark.parametrize(
    ("text", "value", "what"),
    [
        ("The camp lies 45 km south of Tarvel.", 45, "km south of Tarvel"),
        ("The camp lies 45 kilometres (28 miles) from the coast.", 45, "kilometres from"),
        ("The camp lies 100 miles (161 km) away.", 161, "miles away"),
        ("The camp lies 10 miles from the border.", 16.1, "miles from"),
    ],
)
def test_figures_distances_in_km(text: str, value: float, what: str) -> None:
    figure = only(text)
    assert (figure.value, figure.unit, figure.what) == (value, "km", what)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The donors pledged $2.5 billion for the clinics.", 2.5e9, "usd"),
        ("The donors pledged 300 million dollars.", 3e8, "usd"),
        ("Turnout reached 64 percent in the capital.", 64, "percent"),
        ("Turnout reached 64% in the capital.", 64, "percent"),
        ("Inspectors found 14 schools closed.", 14, "school"),
    ],
)
def test_figures_units_are_normalised(text: str, value: float, unit: str) -> None:
    figure = only(text)
    assert (figure.value, figure.unit) == (value, unit)


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("More than 300 people have been killed since the clashes began in May.",
         "since the clashes began in May"),
        ("Some 12,000 migrants have arrived this year.", "this year"),
        ("Since March, 45 journalists were detained.", "since March"),
        ("Police recorded 80 burglaries in 2023.", "in 2023"),
    ],
)  # fmt: skip
def test_figures_scope(text: str, scope: str) -> None:
    assert (only(text).scope or "").lower() == scope.lower()


@pytest.mark.parametrize(
    ("text", "value", "what"),
    [
        ("The death toll rose to 63 on Monday.", 63, "people died"),
        ("A further 9 were still missing.", 9, "people missing"),
        ("The blast killed all 41 people on board.", 41, "people killed"),
        ("Over 9,000 Syrians have fled.", 9000, "Syrians fled"),
    ],
)
def test_figures_people_inferred_from_context(text: str, value: float, what: str) -> None:
    figure = only(text)
    assert (figure.value, figure.unit, figure.what) == (value, "people", what)


@pytest.mark.parametrize(
    "text",
    ["The committee voted 9 to 4 and the result was 17.", "Of the 30 invited, only 5 came."],
)
def test_figures_number_without_counted_noun_is_skipped(text: str) -> None:
    assert figures(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Leaders met at the G20 summit in 2019.",
        "An A320 and an F-16 landed as COVID-19 cases fell.",
        "The rebels of the P17 movement met on 16 March 2024 at 10:30.",
        "It is the country's fourth-largest city and the third port.",
        "Call the hotline on +44 20 7946 0958 for help.",
        "Security Council Resolution 2098 was adopted since 2013.",
        "She was born on March 3, 1990 and read www.9news.example daily.",
        "It was the 4th attack and the two sides met.",
        "Police said the suspects, aged 19 and 24, were arrested.",
        "The girls were kidnapped more than two years ago.",
    ],
)
def test_figures_no_false_positives(text: str) -> None:
    assert figures(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The convoy entered the village at dawn, according to two residents reached by phone.",
        "Three witnesses told reporters the market was shelled.",
    ],
)
def test_figures_counts_of_sources_are_not_claims(text: str) -> None:
    assert find_figures(text, "a1", 0) == []


@pytest.mark.parametrize(
    "text",
    [
        "Her cousin, Omar Diallo, 21, was killed on Tuesday.",
        "Nadia Kim, 34, and Omar Diallo, 29, were arrested at the border.",
        "Police arrested the 42-year-old driver of the tram.",
        "A man 30 years old was detained at the checkpoint.",
    ],
)
def test_figures_an_age_set_off_after_a_name_is_no_count(text: str) -> None:
    # news style gives a person's age in commas after the name: not "21 killed"
    assert find_figures(text, "a1", 0) == []


def test_figures_a_count_after_a_place_and_its_comma_is_still_a_count() -> None:
    (figure,) = find_figures("In Ostrell, 21 people were killed on Tuesday.", "a1", 0)
    assert (figure.value, figure.unit) == (21, "people")
