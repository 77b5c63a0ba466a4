"""support_score: content-token overlap of a statement with the texts it cites."""

from __future__ import annotations

from newsfuse.support import SUPPORT_THRESHOLD, is_supported, support_score, years_in

# (statement as the brief writes it, the sentence it cites), invented story.
PAIRS = [
    (
        "The Northern Front entered Karvik late Tuesday (2031-05-13).",
        "Residents said the Northern Front entered Karvik late Tuesday after heavy fighting.",
    ),
    (
        "Fighting took place in Lomsa.",
        "A security source said fighting also took place in Lomsa on Tuesday.",
    ),
    (
        "A panel of experts found that Veldan keeps around 3,500 soldiers in the north "
        "(corroborated by independent sources).",
        "A panel of experts found that Veldan keeps around 3500 soldiers in the north.",
    ),
    (
        "Reports differ on people displaced: tens of thousands (since March) according to "
        "some reports, over 2 million according to others.",
        "Tens of thousands of people have been displaced since March, and over two million "
        "since 2019, or 2 million people displaced in all.",
    ),
    (
        "The clinic in Karvik was hit by shelling.",
        "The charity said its clinic in Karvik was hit by shelling during the night.",
    ),
    (
        "The mining company halted work at the Oster mine.",
        "The offensive forced the mining company to halt work at the Oster mine and evacuate.",
    ),
]


def _swapped() -> list[tuple[str, str]]:
    return [(s, PAIRS[(i + 1) % len(PAIRS)][1]) for i, (s, _) in enumerate(PAIRS)]


def test_support_numbers_are_normalised() -> None:
    assert support_score("4,000 troops", ["around 4000 troops"]) == 1.0
    assert support_score("7000000 people", ["over 7 million people"]) == 1.0


def test_support_ignores_stopwords_and_case() -> None:
    assert support_score("The RAIDS on the town", ["raid in town"]) == 1.0


def test_support_light_stemming_matches_word_forms() -> None:
    assert support_score("rebels seized the town", ["the rebel group seizes a town"]) == 1.0


def test_support_score_is_a_share_in_unit_interval() -> None:
    score = support_score("rebels seized the bridge", ["rebels seized the town"])
    assert 0.0 < score < 1.0


def test_support_empty_statement_scores_zero() -> None:
    assert support_score("the of and", ["anything at all"]) == 0.0


def test_support_threshold_separates_true_from_swapped_citations() -> None:
    true = [support_score(s, [t]) for s, t in PAIRS]
    swapped = [support_score(s, [t]) for s, t in _swapped()]
    assert min(true) >= SUPPORT_THRESHOLD > max(swapped)


def test_support_is_supported_uses_union_of_citations() -> None:
    statement = "rebels seized the airport and the harbour"
    assert not is_supported(statement, ["rebels seized the bridge"])
    assert is_supported(statement, ["rebels seized the bridge", "airport and harbour fell"])


def test_support_short_statement_sharing_only_a_place_is_not_supported() -> None:
    cited = ["A security force said fighting took place in Lomsa on Tuesday."]
    assert not is_supported("Forces retreated to Lomsa.", cited)


def test_support_a_figure_the_source_does_not_carry_is_unsupported():
    source = "A local official said about 8,000 people had fled the district since the weekend."
    assert support_score("About 8,000 people had fled the district.", [source]) > 0.7
    assert support_score("More than 12,000 people had fled the district.", [source]) == 0.0


def test_support_small_number_words_match_digits():
    source = "Two people were killed when the bridge collapsed."
    assert support_score("2 people killed", [source]) == 1.0


def test_support_years_in_reads_years_and_decades_by_their_first_year() -> None:
    # "since the 1950s" is as much a time as "since 1959": a figure so scoped is
    # another period's than one without a year.
    assert years_in("since the 1950s, in April 2031") == frozenset({1950, 2031})
    assert years_in("the 1990\u2019s") == frozenset({1990})
    assert years_in("20000 people, 19500 troops") == frozenset()
