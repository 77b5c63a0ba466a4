"""Tests of the shared text cues of ``newsfuse.lexicon``."""

from __future__ import annotations

import pytest

from newsfuse.lexicon import off_map, standalone_name, without_dangling


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Fighting took place in Ostrell on Sunday.", "Ostrell", True),
        ("Flights left from Ostrell's airport.", "Ostrell", True),
        ("Flights left from Ostrell’s airport.", "Ostrell", True),
        ("She took the children to SeaWorld.", "Sea", False),
        ("The first part of Chang’e 4 flies.", "Chang", False),
        ("It lifts off from Apollo 11 pad.", "Apollo", False),
        ("Villagers fled to Area C of the West Bank.", "Area", False),
        ("He wrote to Secretary of State Tillerson.", "Secretary", False),
        ("She teaches at University of Pennsylvania.", "University", False),
    ],
)
def test_lexicon_standalone_name(text: str, name: str, expected: bool) -> None:
    assert standalone_name(text, text.index(name) + len(name)) is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Mars", True),
        ("the Moon", True),
        ("Earth's", True),
        ("Milky Way", True),
        ("Instagram", True),
        ("the App Store", True),
        ("Twitter's", True),
        ("the North", True),
        ("the West", True),
        ("North Karvik", False),
        ("Marseille", False),
        ("Moon Township", False),
        ("Kourou", False),
    ],
)
def test_lexicon_off_map(name: str, expected: bool) -> None:
    assert off_map(name) is expected


def test_lexicon_without_dangling_drops_the_words_a_cut_phrase_ends_on() -> None:
    assert without_dangling(["freed", "before", "dawn", "in", "the"]) == ["freed", "before", "dawn"]
    assert without_dangling(["of", "the"]) == []
    assert without_dangling(["of", "the"], keep=1) == ["of"]
