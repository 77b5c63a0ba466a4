"""write_brief: a short account in which every sentence cites what it rests on."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsfuse.records import (
    Article,
    Brief,
    Citation,
    Claim,
    Contradiction,
    ContradictionSide,
    Event,
    Place,
    Story,
)
from newsfuse.stages.brief import (
    event_sentence,
    finish,
    shorten,
    story_title,
    write_brief,
)
from newsfuse.support import content_tokens, in_title_case, is_supported, support_score

TOOK_1 = Citation("a1", "The Northern Front took control of Karvik late Tuesday, residents said.")
TOOK_2 = Citation("a2", "Northern Front fighters took control of Karvik after heavy fighting.")
TOOK_3 = Citation("a3", "Karvik fell to the Northern Front, which took control of the town.")
CLINIC = Citation("a3", "The charity said its clinic in Karvik was hit by shelling.")
MINE = Citation("a2", "The offensive forced the mining company to halt work at the Oster mine.")
TROOPS_1 = Citation("a1", "A panel found Veldan keeps around 3,500 soldiers in the north.")
TROOPS_2 = Citation("a3", "Experts say Veldan keeps around 3,500 soldiers in the north.")
DISPLACED_1 = Citation("a1", "Tens of thousands have been displaced since March.")
DISPLACED_2 = Citation("a3", "The war has displaced over 2 million people.")

ARTICLES = {a: Article(a, a, a, "", "f") for a in ("a1", "a2", "a3")}
STORY = Story("s1", "Karvik falls", ("a1", "a2", "a3"))
EVENTS = (
    Event(
        "v1",
        "ASSAULT",
        "Northern Front took control of Karvik",
        (TOOK_1, TOOK_2, TOOK_3),
        actors=("Northern Front",),
        location=Place("Karvik"),
        date="2031-05-13",
        date_text="late Tuesday",
    ),
    Event("v2", "ASSAULT", "clinic in Karvik was hit by shelling", (CLINIC,)),
    Event("v3", "COERCE", "mining company halted work at the Oster mine", (MINE,)),
)
CLAIMS = (
    Claim(
        "c1",
        "Veldan soldiers",
        3500.0,
        "troops",
        "corroborated",
        2,
        (TROOPS_1, TROOPS_2),
        qualifier="around",
    ),
)
CONTRADICTIONS = (
    Contradiction(
        "people displaced",
        "figure",
        (
            ContradictionSide("tens of thousands", (DISPLACED_1,), scope="since March"),
            ContradictionSide("over 2 million", (DISPLACED_2,)),
        ),
    ),
)


def _brief(max_words: int = 200) -> Brief:
    return write_brief(STORY, EVENTS, CLAIMS, CONTRADICTIONS, ARTICLES, max_words=max_words)


def test_brief_every_sentence_cites_articles_and_sentences() -> None:
    brief = _brief()
    assert brief.sentences
    for sentence in brief.sentences:
        assert sentence.sources and sentence.citations
        assert {c.article for c in sentence.citations} == set(sentence.sources)


def test_brief_sentences_are_supported_by_their_citations() -> None:
    for sentence in _brief().sentences:
        cited = [c.sentence for c in sentence.citations]
        assert is_supported(sentence.text, cited), (
            sentence.text,
            support_score(sentence.text, cited),
        )


def test_brief_starts_with_the_most_reported_event() -> None:
    first = _brief().sentences[0]
    # the source sentence that names the place and the day, with the day resolved
    assert first.text == (
        "The Northern Front took control of Karvik late Tuesday (2031-05-13), residents said."
    )
    assert first.sources == ("a1", "a2", "a3")


def test_brief_includes_key_claim_and_contradiction() -> None:
    texts = " ".join(s.text for s in _brief().sentences)
    assert "3,500 soldiers" in texts
    assert "tens of thousands (since March)" in texts and "over 2 million" in texts


def test_brief_respects_word_limit() -> None:
    for limit in (200, 40, 15):
        brief = _brief(limit)
        assert sum(len(s.text.split()) for s in brief.sentences) <= limit


def test_brief_falls_back_to_source_sentence_when_summary_is_unsupported() -> None:
    event = Event("v1", "ASSAULT", "offensive escalated dramatically", (TOOK_1,))
    brief = write_brief(STORY, (event,), (), (), ARTICLES)
    assert brief.sentences[0].text == TOOK_1.sentence


def test_brief_does_not_repeat_an_event() -> None:
    twin = Event("v9", "ASSAULT", "Northern Front took control of Karvik", (TOOK_2,))
    brief = write_brief(STORY, (*EVENTS, twin), (), (), ARTICLES)
    assert sum("took control of Karvik" in s.text for s in brief.sentences) == 1


def test_brief_cites_only_articles_of_the_story() -> None:
    outside = Event(
        "v1",
        "ASSAULT",
        "Northern Front took control of Karvik",
        (TOOK_1, Citation("zz", TOOK_2.sentence)),
    )
    brief = write_brief(STORY, (outside,), (), (), ARTICLES)
    assert brief.sentences[0].sources == ("a1",)


def test_brief_skips_events_without_actor_or_place() -> None:
    bare = Event("v4", "ASSAULT", "fighting", (Citation("a2", "Fighting went on all day."),))
    brief = write_brief(STORY, (*EVENTS, bare), (), (), ARTICLES)
    assert not any("Fighting went on" in s.text for s in brief.sentences)


def test_brief_tells_other_events_in_time_order_after_the_main_one() -> None:
    earlier = Event(
        "v5",
        "ASSAULT",
        "Northern Front seized Lomsa",
        (Citation("a2", "In January the Northern Front seized the river port of Lomsa."),),
        actors=("Northern Front",),
        location=Place("Lomsa"),
        date="2031-01",
        date_text="In January",
    )
    later = Event(
        "v6",
        "RETREAT",
        "army withdrew to Tesk",
        (Citation("a1", "The army withdrew to Tesk on Wednesday, officers said."),),
        actors=("army",),
        location=Place("Tesk"),
        date="2031-05-14",
        date_text="Wednesday",
    )
    brief = write_brief(STORY, (later, *EVENTS, earlier), (), (), ARTICLES)
    texts = [s.text for s in brief.sentences]
    assert texts[0].startswith("The Northern Front took control of Karvik")
    lomsa = next(i for i, t in enumerate(texts) if "Lomsa" in t)
    tesk = next(i for i, t in enumerate(texts) if "Tesk" in t)
    assert 0 < lomsa < tesk


def test_brief_sentences_are_complete_and_few() -> None:
    brief = _brief()
    assert len(brief.sentences) <= 10
    for sentence in brief.sentences:
        assert sentence.text[0].isupper() and sentence.text.endswith(".")
        assert len(sentence.text.split()) >= 5


def test_brief_disagreements_read_as_questions() -> None:
    from newsfuse.stages.brief import contradiction_sentence

    def sides(*values: str) -> tuple[ContradictionSide, ...]:
        cited = [
            Citation(aid, f"Fighters took Karvik; {value} fled west.")
            for aid, value in zip(("a1", "a2"), values, strict=True)
        ]
        return tuple(ContradictionSide(v, (c,)) for v, c in zip(values, cited, strict=True))

    when = Contradiction("date of fighters took Karvik", "date", sides("2025-03-11", "2025-03-12"))
    fled = Contradiction("people fled", "figure", sides("about 8,000 people", "12,000 people"))
    far = Contradiction("kilometres west", "figure", sides("about 50 km", "70 km"))
    texts = [contradiction_sentence(c, STORY) for c in (when, fled, far)]
    assert [t.text.split(":")[0] if t else None for t in texts] == [
        "Reports differ on when fighters took Karvik",
        "Reports differ on how many people fled",
        "Reports differ on kilometres west",
    ]
    # words that opened a sentence in the sources read as inside one; names keep capitals
    fled = Contradiction("The people fled", "figure", sides("Two people", "UN figures: five"))
    text = contradiction_sentence(fled, STORY)
    assert text is not None and text.text.startswith(
        "Reports differ on the people fled: two people according to some reports, "
        "UN figures: five according to others"
    )
    # a label that is the clause around one side's figure asks about the figure's noun
    points = Contradiction(
        "rival Tomas Vale to just 12 points", "figure", sides("12 points", "19 points")
    )
    thrust = Contradiction(
        "will generate 8.8 million pounds of thrust in the",
        "figure",
        sides("5.1 million pounds", "8.8 million pounds"),
    )
    wounded = Contradiction(
        "wounded soldiers", "figure", sides("two wounded soldiers", "five soldiers")
    )
    texts = [contradiction_sentence(c, STORY) for c in (points, thrust, wounded)]
    assert [t.text.split(":")[0] if t else None for t in texts] == [
        "Reports differ on how many points",
        "Reports differ on how many pounds of thrust",
        "Reports differ on how many wounded soldiers",
    ]
    took = Contradiction("date of The fighters took Karvik", "date", when.sides)
    text = contradiction_sentence(took, STORY)
    assert text is not None and text.text.startswith("Reports differ on when the fighters took")


def test_brief_headline_event_opens_the_brief_even_with_fewer_sources() -> None:
    headline = replace(EVENTS[2], main_for=("a1", "a2"), location=Place("Oster"))
    brief = write_brief(STORY, (*EVENTS[:2], headline), (), (), ARTICLES)
    assert brief.sentences[0].text.startswith("The offensive forced the mining company")


def test_brief_story_title_is_the_shared_headline_else_the_most_representative() -> None:
    headlines = {
        "a1": "Karvik residents flee as fighting nears",
        "a2": "Northern Front seizes Karvik after heavy fighting",
        "a3": "Northern Front takes control of Karvik",
    }
    titled = {a: replace(article, title=headlines[a]) for a, article in ARTICLES.items()}
    headline = replace(EVENTS[0], main_for=("a1", "a2"))
    # no headline is shared: the one closest to the others and to the headline event
    assert story_title(STORY, titled, (headline,)) == "Northern Front takes control of Karvik"
    shared = {**titled, "a3": replace(titled["a3"], title=headlines["a1"])}
    assert story_title(STORY, shared, (headline,)) == headlines["a1"]  # two of three share it
    # no headlines at all: the headline event; nor a headline event: the story's own title
    assert story_title(STORY, ARTICLES, (headline,)) == "Northern Front took control of Karvik"
    assert story_title(STORY, ARTICLES, EVENTS[1:]) == "Karvik falls"


def test_brief_a_cut_headline_is_the_title_only_when_nothing_else_is() -> None:
    titled = {
        "a1": replace(ARTICLES["a1"], title="Northern Front takes control of Karvik after..."),
        "a2": replace(ARTICLES["a2"], title="Karvik falls to Northern Front"),
    }
    assert story_title(STORY, titled, ()) == "Karvik falls to Northern Front"


def test_brief_a_figure_is_never_told_in_a_sentence_that_leans_on_the_one_before() -> None:
    leaning = Citation("a1", "This could cost Veldan 40 million dollars.")
    standing = Citation("a2", "The closure could cost Veldan 40 million dollars in fares.")
    claim = Claim("c1", "dollars", 40e6, "usd", "corroborated", 2, (leaning, standing))
    brief = write_brief(STORY, (), (claim,), (), ARTICLES)
    assert brief.sentences[0].text.startswith("The closure could cost Veldan")
    alone = replace(claim, sources=(leaning,), status="single-source")
    assert not write_brief(STORY, (), (alone,), (), ARTICLES).sentences
    expletive = Citation("a3", "It emerged that the closure cost Veldan 40 million dollars.")
    told = write_brief(STORY, (), (replace(alone, sources=(expletive,)),), (), ARTICLES)
    assert told.sentences[0].text.startswith("It emerged")


def test_brief_a_claim_of_a_year_before_the_story_is_background() -> None:
    story = replace(STORY, first_seen="2031-05-02")
    past = Citation("a1", "The last such crash, in 1998, killed 4 passengers, officials said.")
    past_2 = Citation("a2", "In 1998 a crash killed 4 passengers on the same line.")
    now = Citation("a3", "Seven people were killed in Karvik on Wednesday, officials said.")
    claims = (
        Claim(
            "c1", "passengers", 4.0, "passenger", "corroborated", 2, (past, past_2), scope="in 1998"
        ),
        Claim("c2", "people killed", 7.0, "people", "single-source", 1, (now,)),
    )
    brief = write_brief(story, (), claims, (), ARTICLES)
    # the better corroborated claim is history; the story's own figure leads
    assert brief.sentences[0].text.startswith("Seven people were killed in Karvik")
    since = replace(claims[0], scope="since 1998")  # runs up to the story: not history
    brief = write_brief(story, (), (since, claims[1]), (), ARTICLES)
    assert not brief.sentences[0].text.startswith("Seven people")


@pytest.mark.parametrize(
    ("sentence", "focus", "kept", "never_opens_on"),
    [
        # never on a clause that leans on another ("whose ..."), or that has lost its
        # subject ("also ordered his government ...")
        (
            "Mr. Vale, considered a cautious leader, also ordered his government on Saturday "
            "to install a missile defence battery known as Karsh, whose deployment in Veldan "
            "had been suspended since he took office in May, officials said on Sunday.",
            "deployment suspended",
            "whose deployment in Veldan had been suspended",
            ("whose", "also"),
        ),
        # never a lone "when" clause without what happened then
        (
            "When the striker Tomas Vale hit the third ball of the match over the stand at Orm "
            "Field, then ran back along the line towards the crowd, cheering on the team, he was "
            "honouring many players of the past.",
            "Tomas Vale hit ball",
            "he was honouring",
            (),
        ),
        # never a subject cut from its verb ("Tomas Vale.")
        (
            "Tomas Vale, owner of the Red Goat Tavern, took a goat to certain games at Orm "
            "Field, but he and his pet were refused admission to a cup final against the "
            "Veldan Tigers that year.",
            "Tomas Vale pet refused",
            "refused admission",
            (),
        ),
        # nor a subject and its apposition cut from the verb after them
        (
            "The 2031 Karvik Credit Act, signed by President Tomas Vale, says lenders may not "
            "sell the data of their clients to third parties and offers a remedy of as much "
            "as $1,000 for every client.",
            "2031 Karvik Credit Act Tomas Vale",
            "says lenders",
            (),
        ),
    ],
)
def test_brief_a_cut_sentence_stands_as_a_sentence(
    sentence: str, focus: str, kept: str, never_opens_on: tuple[str, ...]
) -> None:
    cut = shorten(sentence, content_tokens(focus), max_words=20)
    assert kept in cut
    assert not any(cut.lower().startswith(word) for word in never_opens_on)


def test_brief_a_list_item_s_bullet_is_not_part_of_its_sentence() -> None:
    assert finish("• Up to seven family members can join") == "Up to seven family members can join."
    assert finish("— and the army withdrew") == "The army withdrew."


def _dated(sentence: str, date_text: str) -> str:
    event = replace(EVENTS[0], sources=(Citation("a1", sentence),), date_text=date_text)
    written = event_sentence(event, STORY)
    assert written is not None
    return written.text


def test_brief_a_resolved_day_follows_its_words_and_their_possessive() -> None:
    assert _dated(
        "Tuesday's raid by the Northern Front took control of Karvik.", "Tuesday"
    ).startswith("Tuesday's (2031-05-13) raid")
    assert "'Black Tuesday' (2031-05-13) raid" in _dated(
        "The Northern Front took control of Karvik in the 'Black Tuesday' raid.", "Tuesday"
    )
    # a day written with its year needs no gloss
    assert "(2031-05-13)" not in _dated(
        "The Northern Front took control of Karvik on May 13, 2031.", "May 13, 2031"
    )


def test_brief_tells_no_heading_and_prefers_a_source_sentence_that_reads_short() -> None:
    assert in_title_case("Ten Days That Changed The Town of Karvik")
    assert not in_title_case("Tomas Vale met Rosa Lind in Karvik.")
    heading = Citation("a2", "Northern Front Took Control Of Karvik")
    # one clause of 40 words: no cut can shorten it
    long = Citation(
        "a1",
        "The Northern Front took control of Karvik late Tuesday after "
        + " and ".join(["the long fighting in the hills above the river"] * 4)
        + ".",
    )
    event = replace(EVENTS[0], sources=(heading, long, TOOK_2))
    written = event_sentence(event, STORY)
    assert written is not None
    assert written.citations[0] == TOOK_2


def test_brief_a_figure_only_one_article_gives_about_something_else_is_background() -> None:
    # A listicle beside a break-up story counts other couples' children: background.
    titled = {
        "a1": Article(
            "a1", "a1", "a1", "Rosa Lind and Tomas Vale part.", "f", title="Lind, Vale split"
        ),
        "a2": Article("a2", "a2", "a2", "Rosa Lind confirmed it.", "f", title="Lind and Vale part"),
    }
    story = Story("s2", "Lind, Vale split", ("a1", "a2"))
    other = Citation("a2", "The pair, who have two children, finalized their divorce in 2028.")
    own = Citation("a1", "Rosa Lind and Tomas Vale were together for four years.")
    claims = (
        Claim("c1", "children", 2.0, "child", "single-source", 1, (other,)),
        Claim("c2", "years", 4.0, "year", "single-source", 1, (own,)),
    )
    texts = [s.text for s in write_brief(story, (), claims, (), titled).sentences]
    assert texts == ["Rosa Lind and Tomas Vale were together for four years."]


@pytest.mark.parametrize(
    ("text", "finished"),
    [
        # a cut clause loses the word that tied it to the clause before
        ("whereas the army held the bridge", "The army held the bridge."),
        ("and the rebels took the town", "The rebels took the town."),
        # a whole sentence keeps its subordinate clause's word: no comma splice
        (
            "While he was coach in 2029, Tomas Vale took over the club.",
            "While he was coach in 2029, Tomas Vale took over the club.",
        ),
        # a wire's credit before a dateline without its city is no part of the sentence
        ("(Reuters) - Karvik's mayor resigned on Tuesday.", "Karvik's mayor resigned on Tuesday."),
        ("(AP) \u2014 Ten people died in Orsk.", "Ten people died in Orsk."),
    ],
)
def test_brief_finish_drops_what_tied_a_clause_to_others_and_a_wire_credit(
    text: str, finished: str
) -> None:
    assert finish(text) == finished


def _tells_figure(sentence: str, what: str, value: float) -> bool:
    """Tell whether the brief tells a one-source figure by ``sentence``."""
    claim = Claim("c1", what, value, what, "single-source", 1, (Citation("a1", sentence),))
    return bool(write_brief(STORY, (), (claim,), (), ARTICLES).sentences)


def test_brief_tells_no_figure_in_a_speaker_s_voice_a_leaning_it_or_a_garbled_word() -> None:
    def told(sentence: str) -> bool:
        return _tells_figure(sentence, "cores", 8.0)

    assert told("The Velmar chip has 8 cores and runs the camera.")
    assert not told("You're talking about a chip with 8 cores and a camera.")
    # the first or second person anywhere outside quotes, not only as the first word
    assert not told("As you mentioned, the Velmar chip has 8 cores.")
    assert not told("As I leave for Vorna, I welcome a chip with 8 cores.")
    assert told("The Velmar chip has 8 cores, the maker said: \u201cWe built it here.\u201d")
    assert told("The Velmar chip, made since World War I ended, has 8 cores.")
    assert not told("It will use its 8 cores to sharpen the camera's shots.")
    assert told("It emerged that the Velmar chip has 8 cores.")
    assert not told("The Velmar chip has 8 cores on its r?sum?")


def test_brief_tells_no_sentence_about_the_page_or_pointing_back_at_an_occasion() -> None:
    def told(sentence: str) -> bool:
        return _tells_figure(sentence, "people", 2.0)

    assert told("Two people died when a tram caught fire in Karvik.")
    # the page's own framing
    assert not told("The following is a list of the 2 people who died in Karvik.")
    assert not told("Here are the 2 people who died in Karvik.")
    assert not told("Here’s the list of the 2 people who died in Karvik.")
    # an occasion an earlier sentence named: out of its article it reads as the news
    assert not told("On that occasion two people died when a tram caught fire in Karvik.")
    assert not told("At that time two people died when a tram caught fire in Karvik.")
