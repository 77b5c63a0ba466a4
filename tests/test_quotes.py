"""Direct quotes and their speakers: rule tests on sentences written here, plus the seeds."""

from __future__ import annotations

import re

import pytest

from conftest import SEEDS, need_shared
from newsfuse.records import Article, Mention, Quote, Sentence
from newsfuse.stages.quotes import find_quotes


def read(
    text: str, names: dict[str, str] | None = None, mentions: list[Mention] | None = None
) -> list[Quote]:
    """Return the quotes of ``text``, with hand-made mentions for ``names`` (name -> label).

    ``mentions`` are added as given (a name tagged differently in different places).
    """
    article = Article(id="a1", key="k", source="test", text=text, fingerprint="f")
    bounds = [0] + [m.end() for m in re.finditer(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])", text)]
    sentences = [
        Sentence("a1", i, text[start:end], start, end)
        for i, (start, end) in enumerate(zip(bounds, [*bounds[1:], len(text)], strict=True))
    ]
    tagged = [
        Mention("a1", 0, m.start(), m.end(), name, label)
        for name, label in (names or {}).items()
        for m in re.finditer(re.escape(name), text)
    ]
    return find_quotes(article, sentences, [*tagged, *(mentions or [])])


def only(text: str, names: dict[str, str] | None = None) -> Quote:
    quotes = read(text, names)
    assert len(quotes) == 1, quotes
    return quotes[0]


def test_quotes_told_outlet_before_the_quote() -> None:
    text = "Harbour master Lena Ortiz told Reuters: “The cranes have been idle since the strike.”"
    quote = only(text, {"Lena Ortiz": "PERSON", "Reuters": "ORG"})
    assert (quote.speaker, quote.speaker_kind, quote.to) == ("Lena Ortiz", "named", "Reuters")
    assert quote.text == "The cranes have been idle since the strike."


@pytest.mark.parametrize(
    "text",
    [
        "“We will reopen the school next month,” Omar Haddad said.",
        "“We will reopen the school next month,” said Omar Haddad.",
        '"We will reopen the school next month," Omar Haddad said on Monday.',
        "Omar Haddad said: “We will reopen the school next month.”",
        "According to Omar Haddad, “we will reopen the school next month.”",
    ],
)
def test_quotes_named_speaker_before_or_after(text: str) -> None:
    quote = only(text, {"Omar Haddad": "PERSON"})
    assert (quote.speaker, quote.speaker_kind) == ("Omar Haddad", "named")
    assert quote.text.lower().startswith("we will reopen the school")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“The road to the airport is closed to all traffic,” a local official said.",
         "a local official"),
        ("“The road to the airport is closed to all traffic,” an officer in the navy (KSN) "
         "told AFP, adding that patrols continue.", "an officer in the navy (KSN)"),
        ("A hospital worker described the scene, saying, “The road to the airport is closed.”",
         "A hospital worker"),
    ],
)  # fmt: skip
def test_quotes_unnamed_speaker_is_described(text: str, speaker: str) -> None:
    quote = only(text, {"KSN": "ORG", "AFP": "ORG"})
    assert (quote.speaker, quote.speaker_kind) == (speaker, "described")


@pytest.mark.parametrize(
    ("text", "speaker", "kind"),
    [
        # the rep speaks, not the person the rep speaks for
        ("In a statement, a rep for Omar Haddad said, “The claims about the school are "
         "untrue.”", "a rep for Omar Haddad", "described"),
        ("“The claims about the school are untrue,” a lawyer for Omar Haddad said.",
         "a lawyer for Omar Haddad", "described"),
        # a person named in the phrase that sets the scene is not the speaker either
        ("Of his years with Omar Haddad, Lena Ortiz said, “The claims about the school are "
         "untrue.”", "Lena Ortiz", "named"),
    ],
)  # fmt: skip
def test_quotes_a_person_after_a_preposition_is_whom_the_speaker_speaks_for(
    text: str, speaker: str, kind: str
) -> None:
    quote = only(text, {"Omar Haddad": "PERSON", "Lena Ortiz": "PERSON"})
    assert (quote.speaker, quote.speaker_kind) == (speaker, kind)


@pytest.mark.parametrize(
    ("text", "speaker", "kind"),
    [
        # a role before a full name the tagger missed: the name speaks
        ("“The line will reopen on Monday,” former rail executive Ana Roe said.",
         "Ana Roe", "named"),
        ("“The line will reopen on Monday,” Deputy Chief Constable Ana Roe said.",
         "Ana Roe", "named"),
        # an office or a spokesman for a body is no one's name
        ("“The line will reopen on Monday,” the Prime Minister's Bureau said.",
         "the Prime Minister's Bureau", "described"),
        ("“The line will reopen on Monday,” a spokesman for the Red Cross said.",
         "a spokesman for the Red Cross", "described"),
    ],
)  # fmt: skip
def test_quotes_a_role_before_an_untagged_full_name_names_the_speaker(
    text: str, speaker: str, kind: str
) -> None:
    quote = only(text, {"Red Cross": "ORG"})
    assert (quote.speaker, quote.speaker_kind) == (speaker, kind)


def test_quotes_described_speaker_keeps_the_outlet() -> None:
    text = "“The road to the airport is closed to all traffic,” a pilot told the BBC."
    assert only(text, {"BBC": "ORG"}).to == "BBC"


def test_quotes_pronoun_is_the_latest_person_before() -> None:
    text = (
        "Mayor Ruth Bauer met Governor Tom Ilves on Friday. Bauer later visited the dam. "
        "“We are not going to leave anyone behind,” she said."
    )
    quote = only(text, {"Ruth Bauer": "PERSON", "Tom Ilves": "PERSON", "Bauer": "PERSON"})
    assert (quote.speaker, quote.speaker_kind, quote.sentence) == ("Bauer", "named", 2)


def test_quotes_pronoun_after_a_described_speaker_is_that_speaker() -> None:
    # "he said" right after "A spokesman ... said ..." is the spokesman, not a person
    # named further back
    text = (
        "Governor Tom Ilves visited the dam on Friday. "
        "A ministry spokesman in Vorna said the dam had held through the night. "
        "“All the engineers on site are safe and unhurt,” he said."
    )
    quote = only(text, {"Tom Ilves": "PERSON", "Vorna": "GPE"})
    assert (quote.speaker, quote.speaker_kind) == ("A ministry spokesman in Vorna", "described")


@pytest.mark.parametrize(
    "opening",
    [
        "A ministry spokesman in Vorna, who asked not to be named because he was not allowed "
        "to speak to the press, said",
        "A ministry spokesman in Vorna who saw the dam said",
    ],
)
def test_quotes_a_described_speaker_sheds_its_relative_clause(opening: str) -> None:
    text = (
        f"{opening} the dam had held through the night. "
        "“All the engineers on site are safe and unhurt,” he said."
    )
    quote = only(text, {"Vorna": "GPE"})
    assert (quote.speaker, quote.speaker_kind) == ("A ministry spokesman in Vorna", "described")


def test_quotes_pronoun_ignores_names_inside_quotes() -> None:
    text = 'Nadia Kim spoke at the rally. "I trust Paul Weber with my life and more," she said.'
    assert only(text, {"Nadia Kim": "PERSON", "Paul Weber": "PERSON"}).speaker == "Nadia Kim"


def test_quotes_the_group_is_the_actor_that_opened_the_sentence_before() -> None:
    text = (
        "The Northern Front said on Monday it had taken the hill. "
        "“Our fighters now hold every road out of the valley,” the group said."
    )
    quote = only(text, {"Northern Front": "ORG"})
    assert (quote.speaker, quote.speaker_kind) == ("Northern Front", "named")


def test_quotes_the_group_stays_described_when_no_actor_is_clear() -> None:
    text = "Talks stalled. “Our fighters now hold every road out of the valley,” the group said."
    assert only(text).speaker == "the group"


def test_quotes_it_said_is_the_organisation_that_opened_the_sentence_before() -> None:
    text = "The Harbour Authority warned of delays. “Ships will wait for days at sea,” it said."
    assert only(text, {"Harbour Authority": "ORG"}).speaker == "Harbour Authority"


def test_quotes_organisation_with_an_aside_is_named() -> None:
    text = "The Grain Board, in a report, said: “Harvests will fall by a fifth this year.”"
    assert only(text, {"The Grain Board": "ORG"}).speaker == "The Grain Board"


def test_quotes_spanning_sentences_start_in_the_first() -> None:
    text = (
        "Crops failed again. A farmer said: “The rain never came. We sold the goats to eat. "
        "Now there is nothing left.” Aid arrived later."
    )
    quote = only(text)
    assert quote.sentence == 1
    assert quote.text.endswith("Now there is nothing left.")


@pytest.mark.parametrize(
    "text",
    [
        "The army called the rebels “the enemy” and vowed to “liberate” the town.",
        "Both sides backed an “immediate and lasting truce,” but gave no details.",
    ],
)
def test_quotes_scare_quotes_and_bare_fragments_are_skipped(text: str) -> None:
    assert read(text) == []


def test_quotes_fragment_with_a_speech_verb_is_kept() -> None:
    text = "Judge Ana Silva said the ruling was “a victory for every family in the region”."
    quote = only(text, {"Ana Silva": "PERSON"})
    assert (quote.speaker, quote.text) == ("Ana Silva", "a victory for every family in the region")


def seed_quotes() -> dict[str, list[Quote]]:
    """Return the quotes of each seed article, with mentions from the packaged spaCy model."""
    from newsfuse.models import load_spacy

    nlp = load_spacy()
    found: dict[str, list[Quote]] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        doc = nlp(text)
        sents = list(doc.sents)
        sentences = [
            Sentence(path.name, i, s.text, s.start_char, s.end_char) for i, s in enumerate(sents)
        ]
        index = {s.start: i for i, s in enumerate(sents)}
        mentions = [
            Mention(path.name, index[e.sent.start], e.start_char, e.end_char, e.text, e.label_)
            for e in doc.ents
        ]
        article = Article(id=path.name, key=path.name, source=str(path), text=text, fingerprint="")
        found[path.name] = find_quotes(article, sentences, mentions)
    return found


def test_quotes_seed_gold_quotes_found_with_speakers(gold) -> None:
    need_shared()
    found = seed_quotes()
    # Unnamed gold speakers match on their description ("an officer in ... military").
    accepted = {"FARDC officer": "officer", "civil society leader": "civil society leader"}
    for row in gold["quotes"]:
        quotes = [q for q in found[row["source"]] if q.text.startswith(row["text_start"])]
        assert quotes, row
        name = accepted.get(row["speaker"], row["speaker"].split()[-1])
        assert name.lower() in (quotes[0].speaker or "").lower(), (row, quotes[0])
        assert quotes[0].to in (None, row.get("to"), "Associated Press"), quotes[0]


@pytest.mark.parametrize(
    ("clause", "speaker"),
    [
        ("Three dock workers also said: ", "Three dock workers"),
        ("Several residents have told reporters: ", "Several residents"),
        ("The harbour master angrily said, ", "The harbour master"),
        ("The old ferryman recalls: ", "The old ferryman"),
        ("The Vale family said: ", "The Vale family"),
        ("The minister's spokesperson today said: ", "The minister's spokesperson"),
        ("A Vorna Front commander yesterday told reporters: ", "A Vorna Front commander"),
    ],
)
def test_quotes_described_speaker_loses_a_trailing_adverb(clause: str, speaker: str) -> None:
    text = f"The port reopened. {clause}“We will rebuild every school in the valley.”"
    assert only(text).speaker == speaker


def test_quotes_a_quote_repeated_by_a_caption_is_kept_once() -> None:
    text = (
        "Nadia Kim said: “We will rebuild every school in the valley.” "
        'Photo: Nadia Kim said: "We will rebuild every school in the valley."'
    )
    assert len(read(text, {"Nadia Kim": "PERSON"})) == 1


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the phrase that sets the scene goes; the name after it speaks
        ("Asked about the convoy, Karl Brandt said: “We will not stop until the road opens.”",
         "Karl Brandt"),
        ("In a statement, the Karvik Relief Fund said: “We will not stop until the road opens.”",
         "the Karvik Relief Fund"),
        # a role before a name the tagger missed stays a description
        ("Researcher Lena Vos said: “We will not stop until the road opens.”",
         "Researcher Lena Vos"),
    ],
)  # fmt: skip
def test_quotes_a_speaker_is_a_name_or_a_description(text: str, speaker: str) -> None:
    assert only(text, {"Karl Brandt": "PERSON"}).speaker == speaker


def test_quotes_a_fragment_whose_speaker_would_be_stray_words_is_left_out() -> None:
    # "and" is no speaker: an unattributed fragment is not reported as a quote
    text = "Such moves could “lead to the growth of tensions” and said talks go on."
    assert read(text) == []
    # unless the clause before it names who spoke: that side is taken, not the stray words
    text = "Moscow warned such moves could “lead to the growth of tensions” and said talks go on."
    assert [(q.speaker, q.speaker_kind) for q in read(text)] == [("Moscow", "described")]


def test_quotes_a_title_s_full_stop_does_not_end_the_attribution() -> None:
    text = "“The talks will go on until the road opens,” said Mr. Brandt. Fighting went on."
    # the person's name, as "Brandt said" gives it; the title is no part of it
    assert (only(text).speaker, only(text).speaker_kind) == ("Brandt", "named")


def test_quotes_a_pronoun_is_the_person_named_before_it_not_after() -> None:
    text = (
        "Karl Brandt spoke at the rally. "
        "He added that Lena Vos’s plan was “a slow and cunning advance of her agenda.”"
    )
    quote = only(text, {"Karl Brandt": "PERSON", "Lena Vos": "PERSON"})
    assert quote.speaker == "Karl Brandt"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the person the sentence before says speaks, not one named in the speech
        (
            "Rosa Lind told reporters that the meeting with Tomas Vale had gone badly.\n\n"
            "“We agreed on nothing at all today,” she said.",
            "Rosa Lind",
        ),
        # the speaker named after the speech verb
        (
            "The harbour is quiet, said Oskar Berg, who votes for Tomas Vale's party. "
            "“We need more boats here soon,” he said.",
            "Oskar Berg",
        ),
        # no one speaks in the sentence before: its first person, not one it goes on to name
        (
            "Beside the stage stood Ana Lind, a teacher holding a Tomas Vale poster. "
            "“I have waited fifty years for this,” she said.",
            "Ana Lind",
        ),
    ],
)
def test_quotes_a_pronoun_takes_up_the_speaker_or_subject_of_the_sentence_before(
    text: str, speaker: str
) -> None:
    names = dict.fromkeys(("Rosa Lind", "Tomas Vale", "Oskar Berg", "Ana Lind"), "PERSON")
    assert only(text, names).speaker == speaker


@pytest.mark.parametrize(
    "text",
    [
        'Mike Ross, the commissioner, said: "We are sorry for the delays on every line today.'
        '\n\n"Engineers are working to restore the service tonight."',
        "Mike Ross, the commissioner, said: “We are sorry for the delays on every line today."
        "\n\n“Engineers are working to restore the service tonight.”",
    ],
)
def test_quotes_speech_over_paragraphs_left_open_goes_on_with_its_speaker(text: str) -> None:
    quotes = read(text, {"Mike Ross": "PERSON"})
    assert [(q.speaker, q.text[:20]) for q in quotes] == [
        ("Mike Ross", "We are sorry for the"),
        ("Mike Ross", "Engineers are workin"),
    ]


def test_quotes_a_name_tagged_a_person_elsewhere_is_named_a_linking_word_no_speaker() -> None:
    text = (
        "Coach Tom Ilves left the club on Monday. "
        "Still, Ilves said: “It was the best time of my life in football.” "
        "Though the club chairman said: “We will miss him a great deal here.”"
    )
    quotes = read(text, {"Tom Ilves": "PERSON"})
    assert [(q.speaker, q.speaker_kind) for q in quotes] == [
        ("Ilves", "named"),
        ("the club chairman", "described"),
    ]


def test_quotes_a_short_quote_s_speaker_goes_on_with_the_speech_after_it() -> None:
    text = "“We lost,” coach Tom Ilves said of the defeat. “The players gave all they had.”"
    assert [(q.speaker, q.text) for q in read(text, {"Tom Ilves": "PERSON"})] == [
        ("Tom Ilves", "The players gave all they had.")
    ]


def test_quotes_an_unpaired_mark_is_no_quote_unless_the_next_paragraph_goes_on() -> None:
    text = "The striker is 6'2\" tall and quick on the ball.\n\nHe scored twice in the game."
    assert read(text, {}) == []


_CRANES = "“The cranes have been idle since the strike began,”"
_NOBODY = "“Nobody expected it to last this long.”"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # only the first quote's attribution, or a paragraph break, between the two
        (f"{_CRANES} Lena Ortiz said on Monday. {_NOBODY}", "Lena Ortiz"),
        (f"Lena Ortiz said: {_CRANES.replace(',', '.')}\n\n{_NOBODY}", "Lena Ortiz"),
        (f"{_CRANES} Lena Ortiz said on Monday.\n\n{_NOBODY}", "Lena Ortiz"),
        # another sentence between them, or a speaker guessed from "she": no speaker
        (f"{_CRANES} Lena Ortiz said. The port closed at noon. {_NOBODY}", None),
        (f"{_CRANES} Lena Ortiz said.\n\nThe port closed. {_NOBODY}", None),
        (f"Lena Ortiz runs the harbour. {_CRANES} she said. {_NOBODY}", None),
    ],
)
def test_quotes_a_quote_right_after_an_attributed_one_goes_on_with_its_speaker(
    text: str, speaker: str | None
) -> None:
    quotes = read(text, {"Lena Ortiz": "PERSON"})
    assert len(quotes) == 2 and quotes[-1].speaker == speaker


def test_quotes_an_embedded_post_is_its_author_s_quote() -> None:
    post = (
        'The port of Karvik reopens at dawn, "finally" pic.twitter.com/Ab12Cd '
        "\u2014 Rosa Lind (@rosalind) November 3, 2031"
    )
    text = f"The port reopened on Monday.\n\n{post}\n\nShips queued outside."
    (quote,) = read(text)
    assert (quote.speaker, quote.speaker_kind) == ("Rosa Lind", "named")
    assert quote.text == 'The port of Karvik reopens at dawn, "finally"'
    # a name and a hyphen are no post
    assert read("The port reopened - Rosa Lind (@rosalind) said so on Monday.") == []


def test_quotes_she_says_with_no_one_named_since_goes_on_with_the_earlier_she() -> None:
    text = (
        "Rosa Lind met the mayor, Tomas Vale, and his sister, Ana Vale, in Karvik. "
        "“I knew the port well before the war,” she said. The storm came at night. "
        "“It went right over the quay wall,” she says. They were rebuilding when the "
        "ships came back.\n\n“I did not feel afraid at all,” she recalls."
    )
    names = {"Rosa Lind": "PERSON", "Tomas Vale": "PERSON", "Ana Vale": "PERSON"}
    assert [quote.speaker for quote in read(text, names)] == ["Rosa Lind"] * 3


def test_quotes_he_said_after_sentences_naming_no_one_goes_on_with_the_last_named_speaker() -> None:
    text = (
        "Coach Tomas Vale retired on Monday after the win over Karvik. The club thanked "
        "its kicker, Ostrell Marn, for the late goal. “I will miss the game,” Vale said. "
        "The team flew home that night. Fans lined the road to the stadium.\n\n"
        "“I will miss the players most of all,” he said."
    )
    names = {"Tomas Vale": "PERSON", "Ostrell Marn": "PERSON"}
    assert [quote.speaker for quote in read(text, names)] == ["Vale", "Vale"]


def test_quotes_she_says_never_goes_on_with_a_speaker_the_text_called_he() -> None:
    text = (
        "Rosa Lind runs the port of Karvik. “We reopen in May,” she says. The harbour "
        "was shut for a year. Tomas Vale, the mayor, came to see it. “It will bring the "
        "ships back,” he said. “The town owes her a great deal,” Vale said. Ships were "
        "waiting outside. Cranes stood idle.\n\n“I was never afraid of the sea,” she says."
    )
    names = {"Rosa Lind": "PERSON", "Tomas Vale": "PERSON"}
    speakers = [quote.speaker for quote in read(text, names)]
    assert speakers == ["Rosa Lind", "Tomas Vale", "Vale", "Rosa Lind"]


def test_quotes_a_titled_name_after_the_quote_is_the_speaker() -> None:
    # "Mr. Vale said": the title's full stop is no sentence end, and a title with a
    # capitalised name is a person whether or not the model tagged one.
    text = (
        "The port reopened. “We want to bring the ships back safely,” Mr. Vale said. "
        "“At the same time we must keep the quay safe.” Crews began work."
    )
    assert [(q.speaker, q.speaker_kind) for q in read(text)] == [("Vale", "named")] * 2
    tagged = read(text, {"Vale": "PERSON"})
    assert [q.speaker for q in tagged] == ["Vale", "Vale"]


def test_quotes_a_subhead_or_title_in_quotes_is_no_speech() -> None:
    text = (
        "“The Night The Quay Flooded”\n\n"
        "The crew had rehearsed it for weeks, the director said, calling it "
        "“Arab or North African.” Ana Vale said: “We worked through the night to save it.”"
    )
    assert [q.text for q in read(text, {"Ana Vale": "PERSON"})] == [
        "Arab or North African.",
        "We worked through the night to save it.",
    ]


def test_quotes_a_name_the_model_calls_a_person_once_and_a_place_more_often_is_a_place() -> None:
    # "he said" goes back past "Orsk", which the model tagged a person once but a
    # place twice, to the person named before it.
    text = (
        "Tomas Vale runs the ferry to Orsk. Boats from Orsk were late. Orsk waited. "
        "Fog came down. “The sea was too rough for the crossing,” he said."
    )
    labels = ["GPE", "PERSON", "GPE"]
    orsk = [
        Mention("a1", 0, m.start(), m.end(), "Orsk", label)
        for m, label in zip(re.finditer("Orsk", text), labels, strict=True)
    ]
    (quote,) = read(text, {"Tomas Vale": "PERSON"}, orsk)
    assert quote.speaker == "Tomas Vale"


def test_quotes_he_said_takes_up_a_full_name_the_model_missed_that_spoke_just_before() -> None:
    text = (
        "Tomas Vale, the mayor, visited the port. Ana Roe, a shopkeeper near the quay, "
        "said the blast broke her windows. “It was the loudest thing I ever heard,” she said."
    )
    (quote,) = read(text, {"Tomas Vale": "PERSON"})
    assert quote.speaker == "Ana Roe"
    # a name the model tagged as an organisation is not taken for a person
    (quote,) = read(text.replace("Ana Roe", "Port Authority"), {"Port Authority": "ORG"})
    assert quote.speaker != "Port Authority"


def test_quotes_he_said_takes_up_a_name_tagged_a_place_that_a_role_makes_a_person() -> None:
    # The small model reads unfamiliar names as places; "Ana Roe, a scholar ..., told"
    # is a person speaking, after a connector too, whoever else the sentence names.
    text = (
        "Tomas Vale spoke first. But Ana Roe, a scholar at the institute, told the paper "
        "Vale was wrong. “It was the loudest thing I ever heard,” she said."
    )
    (quote,) = read(text, {"Tomas Vale": "PERSON", "Vale": "PERSON", "Ana Roe": "FAC"})
    assert (quote.speaker, quote.speaker_kind) == ("Ana Roe", "named")
