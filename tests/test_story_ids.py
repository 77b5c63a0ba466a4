"""Stable story ids: kept as stories grow, the older one kept when stories merge."""

from __future__ import annotations

from newsfuse.records import Story
from newsfuse.stages.story_ids import name_stories


def story(name: str, *articles: str) -> Story:
    return Story(name, None, articles)


def test_story_ids_a_first_analysis_keeps_the_clusterer_names() -> None:
    naming = name_stories([story("s1", "a1"), story("s2", "a2", "a3")], {}, {})
    assert [s.id for s in naming.stories] == ["s1", "s2"] and naming.absorbed == {}


def test_story_ids_a_story_keeps_its_id_as_articles_join() -> None:
    naming = name_stories([story("sNEW", "a1", "a2", "a3")], {"a1": "sOLD", "a2": "sOLD"}, {})
    assert [s.id for s in naming.stories] == ["sOLD"]
    assert naming.stories[0].articles == ("a1", "a2", "a3")


def test_story_ids_a_merge_keeps_the_older_id_and_records_the_other() -> None:
    previous = {"a1": "sYOUNG", "a2": "sOLD", "a3": "sYOUNG"}
    naming = name_stories([story("sX", "a1", "a2", "a3")], previous, {"sOLD": 1, "sYOUNG": 2})
    assert [s.id for s in naming.stories] == ["sOLD"]
    assert naming.absorbed == {"sYOUNG": "sOLD"}


def test_story_ids_a_split_leaves_the_id_with_the_larger_part() -> None:
    previous = {"a1": "sOLD", "a2": "sOLD", "a3": "sOLD"}
    naming = name_stories([story("sA", "a1"), story("sB", "a2", "a3")], previous, {"sOLD": 1})
    assert [s.id for s in naming.stories] == ["sA", "sOLD"] and naming.absorbed == {}


def test_story_ids_a_new_story_never_reuses_an_id_handed_out_before() -> None:
    naming = name_stories([story("sGONE", "a9")], {}, {}, known={"sGONE"})
    (renamed,) = naming.stories
    assert renamed.id != "sGONE" and renamed.id.startswith("s") and len(renamed.id) == 13
