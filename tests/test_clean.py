"""Cleaning: the gold acceptance on the seeds, HTML, outlet/wire detection, keys and ids."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from conftest import SEEDS, SEEDS_PUBLISHED, need_shared
from newsfuse.errors import EmptyInput
from newsfuse.records import Article, RawInput
from newsfuse.settings import Settings
from newsfuse.sources import read_inputs
from newsfuse.stages.clean import (
    article_key,
    caption_credit,
    clean,
    is_gallery,
    normalise_url,
    slide_of,
)

SEED_NAMES = [
    "000_56a26ece66b8476b.txt",
    "001_68f01c32578164ae.txt",
    "003_a96d1b5ef845c30c.txt",
    "004_05bc0441cf85ca60.txt",
]
BODY = (
    "Fighters of an armed group took the river town on Tuesday after a night of heavy "
    "fighting, residents said. The army withdrew to a village to the south."
)


def _norm(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    need_shared()
    settings = Settings()
    raws = read_inputs([SEEDS / name for name in SEED_NAMES], settings, published=SEEDS_PUBLISHED)
    return {Path(raw.source).name: clean(raw, settings) for raw in raws}  # type: ignore[union-attr,arg-type]


def _text(content: str, **fields: Any) -> Article:
    return clean(RawInput("test.txt", content, **fields), Settings())


@pytest.mark.parametrize("name", SEED_NAMES)
def test_clean_seed_boilerplate_is_removed(
    name: str, seeds: dict[str, Article], gold: dict[str, Any]
) -> None:
    article = seeds[name]
    for line in gold["documents"][name]["boilerplate"]:
        assert line not in article.text
        assert any(line in entry for entry in article.removed), line


@pytest.mark.parametrize("name", SEED_NAMES)
def test_clean_seed_other_paragraphs_are_kept(
    name: str, seeds: dict[str, Article], gold: dict[str, Any]
) -> None:
    document = gold["documents"][name]
    text = _norm(seeds[name].text)
    for paragraph in re.split(r"\n", (SEEDS / name).read_text(encoding="utf-8")):
        paragraph = _norm(paragraph)
        if not paragraph or paragraph == document.get("title"):
            continue
        if not any(line in paragraph for line in document["boilerplate"]):
            assert paragraph in text, paragraph


def test_clean_seed_titles_match_gold(seeds: dict[str, Article], gold: dict[str, Any]) -> None:
    for name in SEED_NAMES[:2]:
        assert seeds[name].title == gold["documents"][name]["title"]
        assert not seeds[name].text.startswith(seeds[name].title or "")


def test_clean_seed_outlet_from_original_source_line(seeds: dict[str, Article]) -> None:
    assert seeds["003_a96d1b5ef845c30c.txt"].outlet == "2news.com"


def test_clean_seed_wires(seeds: dict[str, Article]) -> None:
    wires = {name: seeds[name].wire for name in SEED_NAMES}
    # 003 names no agency anywhere in its text: its wire stays unknown rather than guessed.
    assert list(wires.values()) == ["AP", "AFP", None, "AFP"]


def test_clean_seed_caption_dates_are_not_the_publication_date(
    seeds: dict[str, Article],
) -> None:
    assert {article.published_at for article in seeds.values()} == {SEEDS_PUBLISHED}


def test_clean_seed_standfirst_is_kept_once(seeds: dict[str, Article]) -> None:
    text = seeds["001_68f01c32578164ae.txt"].text
    assert text.count("The seizure of the town of around 60,000 people") == 1


def test_clean_html_page_gives_text_and_meta_date() -> None:
    html = (
        "<html><head><title>River town falls | Planet</title>"
        '<meta property="article:published_time" content="2025-05-14T08:00:00Z">'
        "<script>var tracking = 'page';</script></head><body>"
        '<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>'
        f"<article><h1>River town falls</h1><p>{BODY}</p><p>{BODY}</p></article></body></html>"
    )
    article = clean(RawInput("page.html", html, "html", published_at="2031-01-01"), Settings())
    assert article.published_at == "2025-05-14"
    assert article.title == "River town falls"
    assert article.text.startswith("Fighters") and "tracking" not in article.text
    assert "Sport" not in article.text


def test_clean_empty_after_cleaning_raises() -> None:
    with pytest.raises(EmptyInput, match="min_text_chars"):
        _text("Home | World | Africa\n\nREAD: Something else entirely\n")


def test_clean_photo_credit_alone_sets_no_wire() -> None:
    caption = "Residents flee the town on 2 May 2031. Photo: Jane Roe/AFP"
    article = _text(f"{BODY}\n{caption}\n{BODY} More came.")
    assert caption.split(" Photo")[0] in article.removed and article.wire is None


def test_clean_dateline_names_the_wire() -> None:
    article = _text(f"KARVIK, Veldan, May 13 (Reuters) - {BODY}")
    assert article.wire == "Reuters"


def test_clean_told_the_associated_press_is_ap() -> None:
    article = _text(f'{BODY} "We left," an officer told The Associated Press.')
    assert article.wire == "AP"


def test_clean_the_uk_wire_is_named_by_its_text_and_credits_its_photos() -> None:
    article = _text(f'{BODY} "We heard a noise," a resident told Press Association.')
    assert article.wire == "PA"
    caption = "Residents of Karvik leave their homes Jane Roe/PA"
    article = _text(f"{caption}\n\n{BODY}\n\n{BODY} More came.")
    assert caption not in article.text and article.wire is None
    # a state's abbreviation in the body names no wire
    assert _text(f"{BODY} The family moved to Erie, PA last year.").wire is None


def test_clean_caption_credit_is_split_off() -> None:
    credit = caption_credit("Soldiers patrol a street in the town. (AP Photo/John Doe, File)")
    assert credit == "(AP Photo/John Doe, File)"
    # some outlets credit in square brackets
    credit = caption_credit("Freed girls are seen in Karvik, October 13, 2031. [Photo/Agencies]")
    assert credit == "[Photo/Agencies]"


def test_clean_url_normalised_for_the_key() -> None:
    url = "HTTPS://News.Example.org/world/story/?utm_source=x&b=2&a=1#comments"
    assert normalise_url(url) == "https://news.example.org/world/story?a=1&b=2"


def test_clean_key_falls_back_to_fingerprint() -> None:
    assert article_key(None, "Some  TEXT") == article_key("not a url", "some text")
    assert article_key(None, "some text").startswith("sha1:")


def test_clean_id_is_stable_and_derived_from_key() -> None:
    first, second = (
        _text(BODY, url="https://a.example/x"),
        _text(BODY + " ", url="https://a.example/x/"),
    )
    assert first.id == second.id and re.fullmatch(r"a[0-9a-f]{12}", first.id)


def test_clean_detects_language() -> None:
    article = _text(
        "Les combattants ont pris la ville mardi après une nuit de combats, selon des habitants."
    )
    assert article.language == "fr"


def test_clean_two_wires_cited_equally_is_no_wire() -> None:
    article = _text(f"{BODY} An officer told AFP the town fell, Reuters reported.")
    assert article.wire is None


def test_clean_headline_with_a_comma_is_a_title_not_nav() -> None:
    article = _text(f"World, news\n\nFloods, landslides kill 12 in hill district\n\n{BODY}")
    assert article.title == "Floods, landslides kill 12 in hill district"
    assert article.removed == ("World, news",)


def test_clean_hard_wrapped_paragraph_is_joined() -> None:
    wrapped = (
        "Fighters of an armed group took the river town on Tuesday\n"
        "after a night of heavy fighting, residents said, and the army\n"
        "withdrew to a village some twenty kilometres to the south.\n"
    )
    assert _text(wrapped).text == " ".join(wrapped.split())


def test_clean_html_fragment_keeps_its_paragraphs() -> None:
    fragment = f"<div><p>{BODY}</p><script>var a = 1;</script><p>Aid arrived.</p></div>"
    article = clean(RawInput("feed:1", fragment, "html"), Settings())
    assert article.text == f"{BODY}\n\nAid arrived."


def test_clean_picture_captions_and_galleries_are_furniture() -> None:
    caption = "Image copyright Jane Roe Image caption Residents queue for water in Karvik"
    header = (
        "Karvik in pictures 6 show all Karvik in pictures 1/6 Smoke rises over the port Jane Roe"
    )
    slides = ["1/3 11 May 2031 Smoke rises over the port AP", "2/3 A family leaves on foot AP"]
    post = "1/2 Today we handed the detainees over to the authorities, the group wrote."
    after = "Aid workers said more than 2,000 people had reached the camps by Wednesday."
    parts = ["Karvik falls", BODY, caption, header, *slides, post, after]
    article = _text("\n\n".join(parts))
    assert BODY in article.text and after in article.text
    assert {caption, header, *slides} <= set(article.removed)
    assert post in article.text  # one numbered post is quoted text, not a gallery


@pytest.mark.parametrize(
    ("text", "slide"),
    [
        ("3/8 Police officers walk the site", (3, 8)),
        ("1/3 of the town's people have left", None),  # a fraction in prose
        ("9/8 Police officers walk the site", None),  # no slide counter
        ("Fighting went on 24/7 until the town fell", None),
    ],
)
def test_clean_gallery_slide_counters(text: str, slide: tuple[int, int] | None) -> None:
    assert slide_of(text) == slide


@pytest.mark.parametrize(
    "furniture",
    [
        "Karvik's port in pictures: a year of change Read more",
        "Read or Share this story: https://example.com/2abc",
        "Advertisement - Continue Reading Below",
        "Tomas Vale can be reached at tvale@example.com.",
        "Email: rlind@example.com; Follow Rosa Lind on Twitter",
        "Got a story? Email desk@example.com or call us.",
        "We pay for videos too. Click here to upload yours.",
        # captions that say what their picture shows
        "Grab from a video obtained by a broadcaster shows fighters in Karvik on May 2, 2031",
        "In this March 3, 2031, photo, residents of Karvik queue for water.",
        "This photo provided by the Karvik port authority shows the burned quay.",
        "Velmar wing Ana Roe (10) reaches for the ball while guarded by Eva Lind (21) "
        "during the second half on Monday.",
    ],
)
def test_clean_links_contacts_calls_to_share_and_captions_are_furniture(furniture: str) -> None:
    article = _text(f"{BODY}\n\n{furniture}")
    assert article.text == BODY and furniture in article.removed


@pytest.mark.parametrize(
    "told",
    [
        "Officials at the port urged residents to read more.",
        "The photo of the burned quay was shared widely, and Velmar (12-3) lost.",
    ],
)
def test_clean_sentences_about_reading_photos_or_scores_are_text(told: str) -> None:
    assert told in _text(f"{BODY}\n\n{told}").text


def test_clean_a_page_of_pictures_reports_in_its_captions() -> None:
    caption = "In this March 3, 2031, photo, residents of Karvik queue for water at the port."
    credit = "(AP Photo/Jane Roe)"
    article = _text(f"{caption} {credit}")
    assert article.text == caption and credit in article.removed


def test_clean_a_carousel_of_video_teasers_is_furniture_however_long() -> None:
    teaser = "Karvik port reopens | 1:05 The port reopened on Monday after a week of fighting."
    carousel = " ".join(f"{teaser} {n} of 40 Skip" for n in range(1, 41))
    article = _text(f"{BODY}\n\n{carousel}")
    assert article.text == BODY and carousel in article.removed
    # one running time in a long paragraph is no carousel
    timed = f"{BODY} The minister spoke for a minute | 1:05 into the broadcast."
    assert _text(timed).text == timed


def test_clean_a_caption_repeating_a_paragraph_under_a_label_is_a_repeat() -> None:
    shots = "Shots were heard near the river town at noon."
    caption = "Karvik Port: Shots were heard near the river town at noon"
    article = _text(f"{BODY}\n\n{shots}\n\n{caption}")
    assert article.text == f"{BODY}\n\n{shots}" and caption in article.removed
    # a label before words the text does not hold is no caption
    told = "Karvik Port: Shots were heard again at dusk."
    assert told in _text(f"{BODY}\n\n{shots}\n\n{told}").text


def test_clean_a_gallery_player_s_words_leave_its_captions_as_text() -> None:
    slides = [
        "Photos: Karvik falls The port burned all night, residents said. Hide Caption 1 of 3",
        "Photos: Karvik falls The army withdrew to a village to the south. Hide Caption 2 of 3",
        "Photos: Karvik falls Aid workers reached the camps on Wednesday. Hide Caption 3 of 3",
    ]
    article = _text("\n\n".join(slides))
    assert article.text.split("\n\n") == [
        "The port burned all night, residents said.",
        "The army withdrew to a village to the south.",
        "Aid workers reached the camps on Wednesday.",
    ]
    assert {"Photos: Karvik falls", "Hide Caption 2 of 3"} <= set(article.removed)
    # one counter alone is no gallery
    alone = f"{BODY} Hide Caption 1 of 3"
    assert _text(alone).text == alone


def test_clean_gallery_header_opens_its_paragraph() -> None:
    assert is_gallery("Karvik in pictures 6 show all Karvik in pictures 1/6 Smoke rises")
    assert is_gallery("34 show all Karvik in pictures")  # the header alone, slides below
    assert not is_gallery(f"{BODY} Karvik in pictures 6 show all Karvik in pictures 1/6 Smoke")


def test_clean_captions_led_by_credits_and_correction_notes_are_furniture() -> None:
    captions = [
        "SWNS • PA Omar Diallo survived the crash which left seven dead",
        "KARVIK BUSINESS SCHOOL•GETTY Bitcoin price: a banker said trading would be banned",
    ]
    note = (
        "• This article was amended on 10 November 2031 to remove a quote that gave an "
        "incorrect weight of 300 tonnes for the tram."
    )
    after = "UN • officials said more than 2,000 people had reached the camps by Wednesday."
    article = _text("\n\n".join(["Karvik falls", BODY, *captions, note, after]))
    assert BODY in article.text and after in article.text
    assert note in article.removed
    assert "SWNS • PA" in article.removed and "Omar Diallo survived" not in article.text
    assert "300 tonnes" not in article.text and "banker said" not in article.text


def test_clean_a_media_label_left_where_a_picture_was_is_furniture() -> None:
    # "Photo" and "Video" alone, where the page showed a picture or a player
    after = "The Video Assistant Referee reviewed the goal for two minutes."
    article = _text("\n\n".join(["Karvik falls", "Photo", BODY, "Video", after]))
    assert {"Photo", "Video"} <= set(article.removed)
    assert BODY in article.text and after in article.text


def test_clean_labels_run_together_and_a_sign_up_form_are_furniture() -> None:
    labels = "Advertisement Continue reading the main story"
    form = (
        "Newsletter Sign Up Continue reading the main story Please verify you're not a "
        "robot by clicking the box. Invalid email address. Please re-enter. Thank you for "
        "subscribing."
    )
    # a paragraph that mentions newsletters or errors is no form
    after = "The paper said an error has occurred in the count; readers were told to wait."
    article = _text("\n\n".join(["Karvik falls", BODY, labels, form, after]))
    assert {labels, form} <= set(article.removed)
    assert BODY in article.text and after in article.text


def test_clean_links_to_other_stories_and_video_teasers_are_furniture() -> None:
    strip = (
        "MOST READ IN NEWS 'TOLD YOU SO' Karvik mayor hits back at critics FLOOD ALERT "
        "Rivers burst their banks in Velmar BIG FREEZE Snow closes schools across the north"
    )
    player = (
        "JUST WATCHED Why the dam failed Replay More Videos ... MUST WATCH Why the dam failed 01:12"
    )
    # a heading and a dateline in capitals, and an acronym, are body text
    body = "NEW YORK (AP) — The WORLD HEALTH ORGANIZATION said the Karvik outbreak had peaked."
    teasers = [
        "Karvik's bonds just soared more than 30% 11:03 AM ET Fri, 29 Dec 2031 | 00:40",
        "Karvik falls: 3 / 5 stars Play Video 0:53 The dam fails in Karvik – video",
        "[Five things to remember about the Karvik dam]",
        "CLOSE Ana Roe says the Karvik dam was sound. (Feb. 4) AP",  # the player's button
    ]
    # "Close to" in running text is prose
    close = "Close to 500 people left Karvik, officials said on Monday."
    article = _text("\n\n".join(["Karvik falls", BODY, strip, player, *teasers, body, close]))
    assert {strip, player, *teasers} <= set(article.removed)
    assert BODY in article.text and body in article.text and close in article.text


def test_clean_the_box_about_the_writer_is_furniture() -> None:
    bio = "Ilse Varnak is a fintech enthusiast living in Veldan, and writes on markets."
    inline = "About the author: Tomas Orrin covers energy from Karvik."
    # a long paragraph after the heading is body text; "about the author of" is prose
    long_after = " ".join([BODY] * 4)
    prose = "About the author of the report, little is known beyond his time in the army."
    article = _text("\n\n".join(["Karvik falls", BODY, "About The Author", bio, inline, prose]))
    assert {"About The Author", bio, inline} <= set(article.removed)
    assert BODY in article.text and prose in article.text and "Veldan" not in article.text
    kept = _text("\n\n".join(["Karvik falls", BODY, "About the writer", long_after]))
    assert long_after in kept.text and "About the writer" in kept.removed
    with pytest.raises(EmptyInput):
        _text("\n".join(["About The Author", bio]))


def test_clean_a_caption_led_by_its_credit_and_without_a_full_stop_is_furniture() -> None:
    captions = [
        "Getty Images Dan Carter cries as he heads down the pit lane",
        "AP:Associated Press Tensions in Veldan are now at breaking point",
    ]
    # a sentence that opens on an agency's name, or ends as a sentence does, is text
    kept = ["Reuters reported that the army withdrew.", "AFP The ministry said the army left."]
    article = _text("\n\n".join(["Karvik falls", BODY, *captions, *kept]))
    assert {"Getty Images", "AP:Associated Press"} <= set(article.removed)
    assert all(caption not in article.text for caption in captions)
    assert all(line in article.text for line in kept)


@pytest.mark.parametrize(
    ("given", "url", "expected"),
    [
        # a record dated months after the day its address gives: a revision or a crawl
        ("2020-03-09T10:15:00", "https://paper.example/sport/2019/11/05/cup-final/", "2019-11-05"),
        # the next day's print edition in the address: the record's own time stands
        ("2019-05-13T22:40", "https://paper.example/2019/05/14/ferry.html", "2019-05-13T22:40"),
        (None, "https://paper.example/news/2019-05-14-ferry-sinks", "2019-05-14"),
        (None, "https://paper.example/2021/02/30/no-such-day", None),
        ("2019-05-14", "https://paper.example/world/ferry-sinks", "2019-05-14"),
    ],
)
def test_clean_an_address_that_gives_a_day_dates_the_article_it_first_ran(
    given: str | None, url: str, expected: str | None
) -> None:
    raw = RawInput("x.json", BODY, "text", url=url, published_at=given)
    assert clean(raw, Settings()).published_at == expected
