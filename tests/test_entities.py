"""Tests of story-level entity canonicalisation and the spaCy entity fixes."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import pytest

from conftest import SEEDS
from newsfuse.records import Article, Mention, Reading, Sentence
from newsfuse.stages.entities import (
    Canon,
    _cluster_name,
    _Item,
    canonicalise,
    clean_surface,
    configure_nlp,
    fix_entities,
    name_key,
    strip_titles,
)
from newsfuse.stages.places import place_mentions


def _story(*texts: tuple[str, list[tuple[str, str]]]) -> tuple[list[Reading], dict[str, Article]]:
    """Return readings and articles for texts whose mentions are (surface, label), in order."""
    readings, articles = [], {}
    for number, (text, spans) in enumerate(texts, start=1):
        article_id = f"a{number}"
        mentions, cursor = [], 0
        for surface, label in spans:
            start = text.index(surface, cursor)
            cursor = start + len(surface)
            mentions.append(Mention(article_id, 0, start, cursor, surface, label))
        sentence = Sentence(article_id, 0, text, 0, len(text))
        readings.append(Reading(article_id, (sentence,), tuple(mentions)))
        articles[article_id] = Article(article_id, article_id, article_id, text, article_id)
    return readings, articles


def _named(canon: Canon, name: str) -> list[Any]:
    return [entity for entity in canon.entities if name_key(entity.name) == name_key(name)]


def test_entities_an_acronym_never_folds_two_countries_into_one() -> None:
    # the model read "Republic of Korea" out of the northern state's full name
    text = (
        "Ostrell said the Democratic People's Republic of Korea (DPRK) fired. "
        "South Korea said the DPRK fired."
    )
    spans = [
        ("Republic of Korea", "GPE"),
        ("DPRK", "GPE"),
        ("South Korea", "GPE"),
        ("DPRK", "GPE"),
    ]
    canon = canonicalise(*_story((text, spans)))
    countries = {entity.name: entity.mentions for entity in canon.entities}
    assert countries == {"North Korea": 3, "South Korea": 1}


def test_entities_one_word_before_brackets_of_other_letters_defines_no_acronym() -> None:
    text = "Troops crossed into the North (VIDEO) at dawn. The Vorna Freedom Party (PLV) said so."
    spans = [("North", "LOC"), ("VIDEO", "ORG"), ("Vorna Freedom Party", "ORG"), ("PLV", "ORG")]
    canon = canonicalise(*_story((text, spans)))
    aliases = {entity.name: entity.aliases for entity in canon.entities}
    assert aliases["North"] == () and "PLV" in aliases["Vorna Freedom Party"]


def test_entities_acronym_definition_folds_long_form_and_acronym() -> None:
    text = "The World Food Programme (WFP) said aid stopped. WFP staff left Kenya."
    readings, articles = _story(
        (text, [("The World Food Programme", "ORG"), ("WFP", "ORG"), ("WFP", "ORG")])
    )
    canon = canonicalise(readings, articles)
    (entity,) = canon.entities
    assert entity.name == "World Food Programme"
    assert "WFP" in entity.aliases and entity.mentions == 3


def test_entities_text_defined_acronym_of_a_descriptor_becomes_the_name() -> None:
    text = "A spokesman for the Zembian army (ZDF) said ZDF units had withdrawn."
    readings, articles = _story((text, [("Zembian army", "ORG"), ("ZDF", "ORG"), ("ZDF", "ORG")]))
    canon = canonicalise(readings, articles)
    assert [entity.name for entity in canon.entities] == ["ZDF"]
    assert canon.entities[0].aliases == ("Zembian army",)


def test_entities_surname_and_accent_fold_into_full_name() -> None:
    readings, articles = _story(
        ("Félix Moreau met envoys. Moreau said talks went well.", [("Félix Moreau", "PERSON")]),
        (
            "Felix Moreau spoke. Later Moreau left.",
            [("Felix Moreau", "PERSON"), ("Moreau", "PERSON")],
        ),
    )
    canon = canonicalise(readings, articles)
    (entity,) = canon.entities
    assert name_key(entity.name) == "felix moreau"
    assert "Moreau" in entity.aliases and entity.mentions == 4


def test_entities_a_doubled_word_never_names_the_entity() -> None:
    # a picture caption run into the sentence under it: "Vantrix Vantrix holds data on ..."
    readings, articles = _story(
        (
            "Vantrix Vantrix holds data on millions. Vantrix said it was hacked.",
            [("Vantrix Vantrix", "PERSON"), ("Vantrix", "PERSON")],
        ),
        ("Vantrix admitted the breach.", [("Vantrix", "PERSON")]),
    )
    canon = canonicalise(readings, articles)
    assert [entity.name for entity in canon.entities] == ["Vantrix"]
    readings, articles = _story(
        (
            "Dana Reyes Dana Reyes performs on stage. Dana Reyes sang.",
            [("Dana Reyes Dana Reyes", "PERSON"), ("Dana Reyes", "PERSON")],
        )
    )
    canon = canonicalise(readings, articles)
    assert [entity.name for entity in canon.entities] == ["Dana Reyes"]


def test_entities_titles_resolve_to_the_person() -> None:
    text = "Kenyan President William Ruto met Ruto's cabinet."
    readings, articles = _story((text, [("William Ruto", "PERSON"), ("Ruto", "PERSON")]))
    canon = canonicalise(readings, articles)
    person = canon.resolve("Kenyan President William Ruto")
    assert person is not None and person.name == "William Ruto"
    assert canon.resolve("President Ruto") == person
    assert "Kenyan President William Ruto" in person.aliases


def test_entities_backed_rebels_fold_into_the_group() -> None:
    text = "The Zembia-backed X9 rebels seized a town. X9 said it would stay."
    readings, articles = _story((text, [("Zembia", "GPE"), ("X9", "GPE"), ("X9", "GPE")]))
    canon = canonicalise(readings, articles)
    group = canon.resolve("Zembia-backed X9 rebels")
    assert group is not None and group.name == "X9" and group.type == "ORG"
    assert {"X9 rebels", "Zembia-backed X9"} <= set(group.aliases)
    assert canon.resolve("the rebels") is None  # the text never says "the rebels"


def test_entities_known_place_tagged_org_becomes_a_place() -> None:
    text = "Fighting reached Lodwar. Residents in Lodwar fled. Lodwar was calm."
    spans = [("Lodwar", "ORG"), ("Lodwar", "ORG"), ("Lodwar", "PERSON")]
    readings, articles = _story((text, spans))
    canon = canonicalise(readings, articles, place_names=lambda name: name == "Lodwar")
    assert [entity.type for entity in canon.entities] == ["GPE"]
    assert {mention.label for mention in canon.place_mentions} == {"GPE"}


def test_entities_country_variants_fold_into_one_country() -> None:
    text = "In DR Congo, the DRC government and the Democratic Republic of Congo army met in Congo."
    spans = [("DR Congo", "GPE"), ("DRC", "ORG"), ("Democratic Republic of Congo", "GPE")]
    readings, articles = _story((text, [*spans, ("Congo", "GPE")]))
    canon = canonicalise(readings, articles)
    (country,) = canon.entities
    assert country.name == "Democratic Republic of the Congo" and country.type == "GPE"
    assert country.mentions == 4


def test_entities_known_organisation_tagged_person_is_org() -> None:
    text = "MSF said its clinic in Ostrell was hit; Doctors Without Borders asked for calm."
    spans = [("MSF", "PERSON"), ("Ostrell", "GPE"), ("Doctors Without Borders", "ORG")]
    readings, articles = _story((text, spans))
    canon = canonicalise(readings, articles)
    msf = canon.resolve("Médecins Sans Frontières")
    assert msf is not None and msf.name == "Doctors Without Borders"
    assert msf.type == "ORG" and msf.mentions == 2


def test_entities_values_are_not_entities() -> None:
    text = "On Monday 4,000 troops arrived, the third wave."
    spans = [("Monday", "DATE"), ("4,000", "CARDINAL"), ("third", "ORDINAL")]
    readings, articles = _story((text, spans))
    assert canonicalise(readings, articles).entities == ()


def test_entities_untagged_bracket_acronym_folds_into_long_form() -> None:
    text = "The Rapid Support Forces (RSF) attacked a town. RSF fighters left."
    readings, articles = _story((text, [("Rapid Support Forces", "ORG"), ("RSF fighters", "ORG")]))
    canon = canonicalise(readings, articles)
    (group,) = canon.entities
    assert group.name == "Rapid Support Forces" and group.mentions == 3


def test_entities_bare_army_and_government_forces_are_the_home_army() -> None:
    text = (
        "Kenyan troops and Kenya's military held Lodwar, the army said. Government forces stayed."
    )
    spans = [("Kenyan troops", "ORG"), ("Kenya's military", "ORG"), ("army", "ORG")]
    readings, articles = _story((text, spans))
    canon = canonicalise(readings, articles)
    (army,) = canon.entities
    assert canon.resolve("Government forces") == army == canon.resolve("the Kenyan army")


def test_entities_surname_without_particle_resolves_to_person() -> None:
    text = "General Abdel Fattah al-Burhan spoke. Burhan later left."
    readings, articles = _story((text, [("Abdel Fattah al-Burhan", "PERSON")]))
    canon = canonicalise(readings, articles)
    person = canon.resolve("General Burhan")
    assert person is not None and person.name == "Abdel Fattah al-Burhan"


def test_entities_names_listed_with_places_are_places() -> None:
    text = "The road links four provinces: North Kivo, South Kivo, Tshapa, and Maniama."
    spans = [("North Kivo", "LOC"), ("South Kivo", "GPE"), ("Maniama", "PERSON")]
    readings, articles = _story((text, spans))
    canon = canonicalise(readings, articles)
    places = {mention.text: mention.label for mention in canon.place_mentions}
    assert places == {"North Kivo": "LOC", "South Kivo": "GPE", "Tshapa": "GPE", "Maniama": "GPE"}


def test_entities_transliteration_variants_fold_into_full_name() -> None:
    text = "Volodymyr Zelenskyy spoke. Later Zelensky said Zelenskyy would travel."
    spans = [("Volodymyr Zelenskyy", "PERSON"), ("Zelensky", "PERSON"), ("Zelenskyy", "GPE")]
    readings, articles = _story((text, spans))
    canon = canonicalise(readings, articles)
    (person,) = canon.entities
    assert person.name == "Volodymyr Zelenskyy" and person.type == "PERSON"
    assert person.mentions == 3 and "Zelensky" in person.aliases


@pytest.fixture(scope="module")
def nlp() -> Any:
    from newsfuse.models import load_spacy

    return configure_nlp(load_spacy())


def test_entities_nlp_fixes_group_codes_and_armies(nlp: Any) -> None:
    doc = nlp("The X9 rebels fought the Zambian army near Lusaka. X9 took the hill.")
    labels = {entity.text: entity.label_ for entity in doc.ents}
    assert labels["X9"] == "ORG"
    assert labels["Zambian army"] == "ORG"


def test_entities_fix_completes_a_cut_organisation_name() -> None:
    import spacy
    from spacy.tokens import Span

    doc = spacy.blank("en")("Officials said the Zembian Liberation Front attacked Kora.")
    doc.ents = [Span(doc, 4, 6, label="ORG"), Span(doc, 7, 8, label="GPE")]
    fixed = fix_entities(doc)
    assert [(e.text, e.label_) for e in fixed.ents] == [
        ("Zembian Liberation Front", "ORG"),
        ("Kora", "GPE"),
    ]


def test_entities_nlp_knows_organisations(nlp: Any) -> None:
    doc = nlp("Doctors Without Borders and the UNHCR warned of a crisis in DR Congo.")
    labels = {entity.text: entity.label_ for entity in doc.ents}
    assert labels["Doctors Without Borders"] == "ORG"
    assert labels["UNHCR"] == "ORG"
    assert labels["DR Congo"] == "GPE"


def seed_canon(nlp: Any, gold: dict[str, Any]) -> Canon:
    """Return the Canon of the four seeds (boilerplate dropped, as cleaning would)."""
    articles = {}
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for line in gold["documents"][path.name]["boilerplate"]:
            text = text.replace(line, "")
        articles[path.name] = Article(path.name, path.name, str(path), text, path.name)
    readings = []
    for article_id, doc in zip(
        articles, nlp.pipe([a.text for a in articles.values()]), strict=True
    ):
        sentences = list(doc.sents)
        index = {sentence.start: number for number, sentence in enumerate(sentences)}
        mentions = tuple(
            Mention(article_id, index[e.sent.start], e.start_char, e.end_char, e.text, e.label_)
            for e in doc.ents
        )
        readings.append(Reading(article_id, (), mentions))
    return canonicalise(readings, articles)


def gold_entity_failures(canon: Canon, row: dict[str, Any], texts: list[str]) -> list[str]:
    """Return why a gold entity row is not met (empty when it is), by the gold README rules."""
    forms = [row["canonical"], *row["aliases"]]
    keys = {_fold(form) for form in forms}
    named = [entity for entity in canon.entities if _fold(entity.name) in keys]
    if len(named) != 1:
        return [f"{row['canonical']}: {len(named)} entities named by its forms"]
    entity = named[0]
    held = {_fold(entity.name), *map(_fold, entity.aliases)}
    corpus = _fold(" ".join(texts))
    return [
        f"{row['canonical']}: {form!r} occurs but is not folded in"
        for form in forms
        if re.search(rf"(?<!\w){re.escape(_fold(form))}(?!\w)", corpus) and _fold(form) not in held
    ]


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


def test_entities_seed_gold_entities_pass(nlp: Any, gold: dict[str, Any]) -> None:
    canon = seed_canon(nlp, gold)
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    failures = [
        failure
        for row in gold["entities"]
        if not row.get("optional")
        for failure in gold_entity_failures(canon, row, texts)
    ]
    assert failures == []


def _items(*forms: tuple[str, str]) -> list[_Item]:
    """Return one GPE item per (surface, node), as clustering leaves them."""
    return [
        _Item(Mention("a1", 0, 0, len(surface), surface, "GPE"), surface, surface, "GPE", node)
        for surface, node in forms
    ]


@pytest.mark.parametrize("reverse", [False, True])
def test_entities_cluster_of_two_countries_is_named_after_the_most_mentioned(
    reverse: bool,
) -> None:
    # The name used to be the first country in a set's order, which changes with
    # the process's string hashing: the same story got a different name per run.
    members = _items(
        ("DRC", "iso:CD"), ("Congo", "iso:CG"), ("DR Congo", "iso:CD"), ("DRC", "iso:CD")
    )
    members = members[::-1] if reverse else members
    assert _cluster_name(members, "GPE", set()) == "Democratic Republic of the Congo"


def test_entities_cluster_with_two_defined_acronyms_prefers_the_most_mentioned() -> None:
    members = _items(("ABC", "ABC"), ("XYZ", "XYZ"), ("XYZ", "XYZ"), ("Long Form", "long"))
    defined = {("ABC", "nothing"), ("XYZ", "nothing")}
    assert _cluster_name(members, "ORG", defined) == "XYZ"


def test_entities_first_name_of_a_person_named_in_full_is_no_place() -> None:
    # The gazetteer knows villages called "Uma"; the story names Uma Thurman.
    text = "Uma Thurman spoke at the festival. Later Uma said the crash hurt her."
    readings, articles = _story((text, [("Uma Thurman", "PERSON"), ("Uma", "GPE")]))
    canon = canonicalise(readings, articles, place_names=lambda name: name_key(name) == "uma")
    assert canon.place_mentions == ()
    assert [m.text for m in canon.other_mentions] == ["Uma Thurman", "Uma"]


def test_entities_a_lone_person_name_known_only_as_a_hamlet_stays_a_person() -> None:
    # Every surname is some hamlet's name; said once, with no place word about it, the
    # name the model reads as a person is a place only where the gazetteer's is notable.
    text = "Hint: Ostrander did not defeat Velmore that year. Karvik cheered all night."
    spans = [("Ostrander", "PERSON"), ("Velmore", "PERSON"), ("Karvik", "PERSON")]
    readings, articles = _story((text, spans))
    known = {"velmore", "karvik"}
    canon = canonicalise(
        readings,
        articles,
        place_names=lambda name: name_key(name) in known,
        notable_places=lambda name: name_key(name) == "karvik",
    )
    assert [m.text for m in canon.place_mentions] == ["Karvik"]
    assert _named(canon, "Velmore")[0].type == "PERSON"


def test_entities_a_people_word_known_only_as_a_hamlet_is_no_town() -> None:
    # "the 27 Velmore engines": the model reads a product's name as a people's, and a
    # hamlet shares it; "a Karvik woman" names a town of note.
    text = "All 27 Velmore engines fired at once, a Karvik woman said."
    readings, articles = _story((text, [("Velmore", "NORP"), ("Karvik", "NORP")]))
    canon = canonicalise(
        readings,
        articles,
        place_names=lambda name: name_key(name) in {"velmore", "karvik"},
        notable_places=lambda name: name_key(name) == "karvik",
    )
    assert [m.text for m in canon.place_mentions] == ["Karvik"]


def test_entities_a_name_with_shares_or_a_legal_form_is_a_firm_not_a_person() -> None:
    # The small model tags firms as people ("Qualcomm", "SpaceX"); a firm's legal form
    # or its shares anywhere in the story make the name a firm's in every mention.
    text = (
        "Velmar Inc said on Monday it would cut jobs. Velmar shares fell 4 percent. "
        "Analysts said Velmar had expanded too fast, Tomas Vale said."
    )
    spans = [
        ("Velmar Inc", "PERSON"),
        ("Velmar", "PERSON"),
        ("Velmar", "PERSON"),
        ("Tomas Vale", "PERSON"),
    ]
    readings, articles = _story((text, spans))
    canon = canonicalise(readings, articles)
    assert {entity.type for entity in _named(canon, "Velmar")} == {"ORG"}
    assert _named(canon, "Tomas Vale")[0].type == "PERSON"


def test_entities_a_market_s_shares_leave_its_place_a_place() -> None:
    # "Karvik shares fell": the market of a place the gazetteer knows, not a firm; a
    # legal form is a firm's whatever the gazetteer holds ("Ostrell Inc").
    text = "Karvik shares fell 2 percent as Ostrell Inc cut jobs. Ostrell said sales fell."
    spans = [("Karvik", "GPE"), ("Ostrell", "GPE"), ("Ostrell", "GPE")]
    canon = _known_places_story(text, spans)
    assert _named(canon, "Karvik")[0].type == "GPE"
    assert {entity.type for entity in _named(canon, "Ostrell")} == {"ORG"}


def test_entities_a_state_or_country_code_after_a_town_is_no_legal_form() -> None:
    # "Reno, NV" and "Durban, SA" write the state and the country, not "Velmar NV"
    text = "Floods hit Reno, NV on Monday. Reno officials and Velmar Inc said roads closed."
    spans = [("Reno", "GPE"), ("Reno", "GPE"), ("Velmar Inc", "ORG")]
    assert _named(_known_places_story(text, spans), "Reno")[0].type == "GPE"


def _known_places_story(text: str, spans: list[tuple[str, str]]) -> Canon:
    """Return the canon of a one-article story whose every name a gazetteer knows."""
    readings, articles = _story((text, spans))
    return canonicalise(readings, articles, place_names=lambda _name: True)


def test_entities_the_plural_name_tagged_a_person_is_a_team() -> None:
    text = "Tomas Vale scored twice as the Karviks beat the Ostrell Rovers on Sunday."
    readings, articles = _story((text, [("Tomas Vale", "PERSON"), ("Karviks", "PERSON")]))
    canon = canonicalise(readings, articles)
    assert _named(canon, "Karviks")[0].type == "ORG"
    assert _named(canon, "Tomas Vale")[0].type == "PERSON"


def test_entities_a_team_the_story_names_is_no_surname_of_a_misread_full_name() -> None:
    # one "Overjoyed Karviks" tagged a person made every "Karviks" a surname
    text = (
        "Overjoyed Karviks fans filled the square. The Karviks beat Ostrell on Sunday, "
        "and the Karviks will play again in May."
    )
    spans = [("Overjoyed Karviks", "PERSON"), ("Karviks", "ORG"), ("Karviks", "ORG")]
    readings, articles = _story((text, spans))
    canon = canonicalise(readings, articles)
    assert [entity.type for entity in _named(canon, "Karviks")] == ["ORG"]


def test_entities_a_surname_inside_another_name_is_no_use_of_the_person() -> None:
    # the team's own mentions are the team's: the misread "person" was named once
    text = (
        "Overjoyed Karviks fans filled the square. The Karviks beat Ostrell on Sunday, "
        "and the Karviks will play again in May."
    )
    spans = [("Overjoyed Karviks", "PERSON"), ("Karviks", "ORG"), ("Karviks", "ORG")]
    canon = canonicalise(*_story((text, spans)))
    counts = {(entity.name, entity.type): entity.mentions for entity in canon.entities}
    assert counts[("Overjoyed Karviks", "PERSON")] == 1


def test_entities_a_short_name_is_the_one_organisation_ending_with_it() -> None:
    text = (
        "The Karvik Rovers beat the Ostrell Rangers. The Rovers led from the start. "
        "The Vorna Council and the Tamsara Council met. The Council said nothing."
    )
    spans = [
        ("Karvik Rovers", "ORG"),
        ("Ostrell Rangers", "ORG"),
        ("Rovers", "ORG"),
        ("Vorna Council", "ORG"),
        ("Tamsara Council", "ORG"),
        ("Council", "ORG"),
    ]
    readings, articles = _story((text, spans))
    canon = canonicalise(readings, articles)
    rovers = canon.resolve("Rovers")
    assert rovers is not None and rovers.name == "Karvik Rovers"
    council = canon.resolve("Council")  # two councils: which one is not known
    assert council is not None and council.name == "Council"


def test_entities_a_name_tagged_a_group_that_only_a_person_is_called_is_a_person() -> None:
    text = "The keeper said his wife, Rosalind, saw it. Rosalind called the zoo."
    readings, articles = _story((text, [("Rosalind", "ORG"), ("Rosalind", "ORG")]))
    assert [entity.type for entity in _named(canonicalise(readings, articles), "Rosalind")] == [
        "PERSON"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The farmer Rosalind Okar said the river rose. 68-year-old Okar left her house.",
        "Rosalind Okar, 46, said the river rose. Okar left her house.",
    ],
)
def test_entities_a_name_given_an_age_is_a_person_and_so_is_its_full_name(text: str) -> None:
    spans = [("Rosalind Okar", "ORG"), ("Okar", "ORG")]
    readings, articles = _story((text, spans))
    canon = canonicalise(readings, articles)
    assert [entity.type for entity in _named(canon, "Rosalind Okar")] == ["PERSON"]


@pytest.mark.parametrize(
    "text",
    [
        "A film of the late singer Velmar played. Velmar once called it a sin.",
        "Velmar himself played the song. Velmar once called it a sin.",
        "Velmar, who died in 2031, played the song. Velmar once called it a sin.",
    ],
)
def test_entities_only_a_person_is_late_himself_or_dead(text: str) -> None:
    readings, articles = _story((text, [("Velmar", "ORG"), ("Velmar", "PERSON")]))
    assert [entity.type for entity in _named(canonicalise(readings, articles), "Velmar")] == [
        "PERSON"
    ]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Police held a 42-year-old man from Ostrell. Ostrell council met.", "ORG"),
        # an age before a place that says where a person is from
        ("A 30-year-old Ostrell man fell ill. Ostrell doctors are looking into it.", "GPE"),
        ("The 39-year-old Ostrell, Vorna woman fell ill. Ostrell doctors are busy.", "GPE"),
    ],
)
def test_entities_an_age_makes_no_person_of_a_place_or_a_group(text: str, label: str) -> None:
    readings, articles = _story((text, [("Ostrell", label), ("Ostrell", label)]))
    canon = canonicalise(readings, articles)
    assert "PERSON" not in [entity.type for entity in _named(canon, "Ostrell")]


def test_entities_a_common_word_capitalised_is_no_person() -> None:
    # "Zoo" heads a sentence; the article writes "zoo" too. "May" is Ana May's surname.
    text = (
        "Zoo officials said the gorilla was calm. Visitors left the zoo early. Ana May "
        "said she may return. May thanked the staff."
    )
    spans = [("Zoo", "PERSON"), ("Ana May", "PERSON"), ("May", "PERSON")]
    readings, articles = _story((text, spans))
    names = {entity.name for entity in canonicalise(readings, articles).entities}
    assert "Zoo" not in names
    assert "Ana May" in names


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Comedian Sarah Roe", "Sarah Roe"),
        ("Prof Tomas Vale", "Tomas Vale"),
        ("Kenyan President Ana Roe", "Ana Roe"),
        ("Lady Gaga", "Lady Gaga"),  # a role word that begins names stays
        ("MVP Tomas Vale", "Tomas Vale"),
        ("CEO Ana Roe", "Ana Roe"),
        # where a span ran on past the name: an account, a team
        ("Ana Roe on Instagram", "Ana Roe"),
        ("Tomas Vale of Karvik United", "Tomas Vale"),
        ("Catherine of Aragon", "Catherine of Aragon"),
    ],
)
def test_entities_strip_titles_drops_roles_written_before_a_name(written: str, name: str) -> None:
    assert strip_titles(written) == name


def test_entities_a_space_agency_is_an_organisation_never_a_place() -> None:
    # "NASA" is also a hamlet's name somewhere; the agency is known by its acronym.
    text = "Launch crews at NASA prepared the rocket, NASA said on Tuesday."
    readings, articles = _story((text, [("NASA", "GPE"), ("NASA", "ORG")]))
    canon = canonicalise(readings, articles, place_names=lambda _name: True)
    assert canon.place_mentions == ()
    (agency,) = canon.entities
    assert agency.type == "ORG" and "NASA" in (agency.name, *agency.aliases)


def test_entities_calendar_words_are_never_places() -> None:
    # Every month has a namesake village somewhere; "in August" is a date.
    text = "Talks failed in August. The launch came on Jan. 4 and a report followed in May."
    readings, articles = _story((text, [("Jan", "GPE")]))
    canon = canonicalise(readings, articles, place_names=lambda _name: True)
    assert canon.place_mentions == ()


def test_entities_a_cued_name_glued_to_more_or_numbered_is_no_place() -> None:
    text = (
        "She took her children to SeaWorld, then to Apollo 11 and wrote to Secretary of State "
        "Tillerson."
    )
    readings, articles = _story((text, []))
    canon = canonicalise(readings, articles, place_names=lambda _name: True)
    assert canon.place_mentions == ()


def test_entities_a_lone_name_of_unknown_kind_after_a_place_cue_is_a_place() -> None:
    # The counterpart: a known name the model left untagged after "in" is still found.
    text = "Protests spread in Pandi on Sunday."
    readings, articles = _story((text, []))
    canon = canonicalise(readings, articles, place_names=lambda name: name == "Pandi")
    assert [m.text for m in canon.place_mentions] == ["Pandi"]


def test_entities_addresses_are_no_entities_and_credits_lose_their_separator() -> None:
    text = "Photo: Dana Reyes / Send tips to tips@paper.example or @newsdesk. Amazon.com said."
    readings, articles = _story(
        (
            text,
            [
                ("Dana Reyes /", "PERSON"),
                ("tips@paper.example", "NORP"),
                ("@newsdesk", "ORG"),
                ("Amazon.com", "ORG"),
            ],
        )
    )
    names = sorted(entity.name for entity in canonicalise(readings, articles).entities)
    assert names == ["Amazon.com", "Dana Reyes"]


@pytest.mark.parametrize(
    ("surface", "name"),
    [
        ("this World Series", "World Series"),
        ("another World Series", "World Series"),
        ("A Tribe Called Quest", "A Tribe Called Quest"),
        ("Kim Kyung Hoon /", "Kim Kyung Hoon"),
        ("Dana Reyes -", "Dana Reyes"),
        ("AC/DC", "AC/DC"),
    ],
)
def test_entities_clean_surface(surface: str, name: str) -> None:
    assert clean_surface(surface) == name


def test_entities_a_name_read_as_person_and_place_that_no_gazetteer_knows_is_the_person() -> None:
    # One name, one sense: the small model reads a singer known by one name as a
    # place in some sentences; nothing on a map carries it and no text puts it
    # where places go.
    text = "Earlier, Ondell visited family. Ondell called for calm. Ondell posted a photo."
    readings, articles = _story(
        (text, [("Ondell", "GPE"), ("Ondell", "PERSON"), ("Ondell", "GPE")])
    )
    canon = canonicalise(readings, articles, place_names=lambda _name: False)
    assert canon.place_mentions == ()
    assert {e.type for e in canon.entities} == {"PERSON"}


def test_entities_a_name_read_as_person_stays_a_place_where_the_text_says_so() -> None:
    # The counterpart: "in X" is a place, whatever another sentence's label says.
    text = "Shelling hit Ondell on Monday. Ondell was quiet. Aid reached people in Ondell."
    readings, articles = _story(
        (text, [("Ondell", "GPE"), ("Ondell", "PERSON"), ("Ondell", "GPE")])
    )
    canon = canonicalise(readings, articles, place_names=lambda _name: False)
    assert [m.text for m in canon.place_mentions] == ["Ondell", "Ondell"]


def test_entities_a_name_tagged_inside_an_unspaced_word_is_the_whole_word() -> None:
    import spacy
    from spacy.tokens import Span

    doc = spacy.blank("en")(
        "Gunmen struck Mazar-e-Sharif as Ostrell-based units met in Guinea-Bissau."
    )
    doc.ents = [
        Span(doc, 2, 3, label="LOC"),  # "Mazar"
        Span(doc, 8, 9, label="GPE"),  # "Ostrell"
        Span(doc, 14, 15, label="GPE"),  # "Guinea"
    ]
    assert [e.text for e in fix_entities(doc).ents] == [
        "Mazar-e-Sharif",
        "Ostrell",
        "Guinea-Bissau",
    ]


def test_entities_a_word_without_a_capital_is_no_ones_surname() -> None:
    text = "The Vorna-4 launch went well. The launch was at noon; all praised the launch."
    canon = canonicalise(*_story((text, [("Vorna-4 launch", "PERSON")])))
    (entity,) = canon.entities
    assert entity.mentions == 1 and "launch" not in entity.aliases


@pytest.mark.parametrize(
    ("text", "span", "name"),
    [
        ("Tranquilizing Vorna would take too long, he said.", (0, 2), "Vorna"),
        ("“Deploying Ostrell won't help,” she said.", (1, 3), "Ostrell"),
        ("Sterling Okar said the river rose.", (0, 2), "Sterling Okar"),  # a given name
        ("Officials said Tranquilizing Vorna was hard.", (2, 4), "Tranquilizing Vorna"),
    ],
)
def test_entities_a_long_gerund_opening_a_sentence_is_no_first_name(
    text: str, span: tuple[int, int], name: str
) -> None:
    import spacy
    from spacy.tokens import Span

    doc = spacy.blank("en")(text)
    doc.ents = [Span(doc, *span, label="PERSON")]
    assert [e.text for e in fix_entities(doc).ents] == [name]


def test_entities_a_person_span_loses_common_words_before_and_a_credit_after() -> None:
    import spacy
    from spacy.tokens import Span

    doc = spacy.blank("en")(
        "She will marry Tomas Vale. Photo by Ana Roe/Karvik Times. Vera de Vorna spoke. "
        "WATCH Rosalind Okar sing, then watch again."
    )
    doc.ents = [
        Span(doc, 2, 5, label="PERSON"),  # "marry Tomas Vale"
        Span(doc, 8, 13, label="PERSON"),  # "Ana Roe/Karvik Times"
        Span(doc, 14, 17, label="PERSON"),  # "Vera de Vorna": a particle stays
        Span(doc, 19, 22, label="PERSON"),  # "WATCH Rosalind Okar": "watch" is a word here
    ]
    names = [e.text for e in fix_entities(doc).ents]
    assert names == ["Tomas Vale", "Ana Roe", "Vera de Vorna", "Rosalind Okar"]


def test_entities_a_name_headed_by_an_institution_is_no_person() -> None:
    import spacy
    from spacy.tokens import Span

    doc = spacy.blank("en")("Staff of the Karvik Observatory met Ana Roe.")
    doc.ents = [Span(doc, 3, 5, label="PERSON"), Span(doc, 6, 8, label="PERSON")]
    fixed = [(e.text, e.label_) for e in fix_entities(doc).ents]
    assert fixed == [("Karvik Observatory", "ORG"), ("Ana Roe", "PERSON")]


def test_entities_a_person_tagged_with_what_they_own_is_the_person() -> None:
    import spacy
    from spacy.tokens import Span

    doc = spacy.blank("en")(
        "Review: Ana Roe's 'Song of the River' is out. St Ann's Hospital opened."
    )
    doc.ents = [Span(doc, 2, 8, label="PERSON"), Span(doc, 14, 18, label="PERSON")]
    assert [e.text for e in fix_entities(doc).ents] == ["Ana Roe", "St Ann's Hospital"]


def test_entities_a_first_name_that_is_a_country_is_the_person_named_in_full() -> None:
    # "Chad" is a country; the story names Chad Orwin, and nothing puts Chad where places go
    def countries(name: str) -> bool:
        return name_key(name) in ("chad", "niger")

    text = "Chad Orwin and Lena Vos have split. Chad thanked fans for their support."
    readings, articles = _story(
        (text, [("Chad Orwin", "PERSON"), ("Lena Vos", "PERSON"), ("Chad", "GPE")])
    )
    canon = canonicalise(readings, articles, place_names=countries)
    assert canon.place_mentions == ()
    with_country = "Chad Orwin toured. Troops stayed in Chad and Niger."
    readings, articles = _story(
        (with_country, [("Chad Orwin", "PERSON"), ("Chad", "GPE"), ("Niger", "GPE")])
    )
    canon = canonicalise(readings, articles, place_names=countries)
    assert [m.text for m in canon.place_mentions] == ["Chad", "Niger"]


def test_entities_a_surname_taken_to_or_from_somewhere_is_still_the_person() -> None:
    # "to Palmer" is said of people too; only "in"/"at"/"near" put a name where places go
    text = "Coach Ron Palmer left. The club owes much to Palmer, whose status is unclear."
    readings, articles = _story((text, [("Ron Palmer", "PERSON"), ("Palmer", "GPE")]))
    canon = canonicalise(readings, articles, place_names=lambda _name: True)
    assert canon.place_mentions == ()


def test_entities_a_surname_listed_after_a_place_is_the_person() -> None:
    # "at the Hotel Lido, Vos recalls": a list gap, but Vos is the person the story names
    text = "Lena Vos spoke. Over dinner at the Hotel Lido, Vos recalls, the deal was made."
    readings, articles = _story(
        (text, [("Lena Vos", "PERSON"), ("the Hotel Lido", "FAC"), ("Vos", "PERSON")])
    )
    canon = canonicalise(readings, articles, place_names=lambda _name: False)
    assert [m.text for m in canon.place_mentions] == ["Hotel Lido"]


def test_entities_an_online_service_is_an_organisation() -> None:
    # the small model calls "Twitter" a person and "Instagram" a place
    text = "Vos wrote on Twitter that she had left. Her post on Instagram drew replies."
    readings, articles = _story((text, [("Twitter", "PERSON"), ("Instagram", "GPE")]))
    canon = canonicalise(readings, articles, place_names=lambda _name: False)
    assert {(e.name, e.type) for e in canon.entities} == {("Twitter", "ORG"), ("Instagram", "ORG")}


def test_entities_an_unknown_name_said_with_the_after_in_stays_what_the_model_read() -> None:
    # "in the Zorva Cup" is said of an event as of a region: an article before it is
    # no evidence of a place for a name no gazetteer knows, while an unknown town is
    # written bare ("in Kelvedo") and becomes a place by such contexts.
    text = (
        "They won in the Zorva Cup. Fans cheered in the Zorva Cup. Records fell in the Zorva Cup. "
        "Shops shut in Kelvedo. Roads closed in Kelvedo. Crowds gathered in Kelvedo."
    )
    spans = [("Zorva Cup", "EVENT")] * 3 + [("Kelvedo", "ORG")] * 3
    readings, articles = _story((text, spans))
    canon = canonicalise(readings, articles, place_names=lambda _name: False)
    assert [entity.type for entity in _named(canon, "Zorva Cup")] == ["EVENT"]
    assert [entity.type for entity in _named(canon, "Kelvedo")] == ["GPE"]


def test_entities_a_name_read_as_an_event_stays_one_whatever_its_contexts() -> None:
    # "in Zorva Cup history", bare: the model misreads unknown towns as firms or
    # people, never as events, so an event's name needs a gazetteer to be a place.
    text = "A record in Zorva Cup history. Runs in Zorva Cup play. Seen in Zorva Cup games."
    readings, articles = _story((text, [("Zorva Cup", "EVENT")] * 3))
    canon = canonicalise(readings, articles, place_names=lambda _name: False)
    assert [entity.type for entity in _named(canon, "Zorva Cup")] == ["EVENT"]


def test_entities_news_agencies_are_organisations_whatever_town_shares_their_name() -> None:
    # Xinhua is also a town in China; "news agency Xinhua said" is the agency.
    text = "The state news agency Xinhua said the bridge reopened. Kyodo said so too."
    readings, articles = _story((text, [("Xinhua", "GPE"), ("Kyodo", "GPE")]))
    canon = canonicalise(readings, articles, place_names=lambda _name: True)
    assert {entity.name: entity.type for entity in canon.entities} == {
        "Xinhua": "ORG",
        "Kyodo News": "ORG",
    }
    assert canon.place_mentions == ()


def test_entities_a_name_after_a_kinship_word_is_a_person_whatever_town_has_it() -> None:
    # A lone name the gazetteer knows becomes a place; "her husband Tomas" does not.
    text = "The victims were Ana Ruiz, 71, and her husband Tomas, aged 74."
    readings, articles = _story((text, [("Ana Ruiz", "PERSON"), ("Tomas", "PERSON")]))
    canon = canonicalise(readings, articles, place_names=lambda name: name == "Tomas")
    assert [entity.type for entity in _named(canon, "Tomas")] == ["PERSON"]
    assert canon.place_mentions == ()


def test_entities_a_name_owned_and_read_as_a_firm_elsewhere_is_no_place() -> None:
    # The tagger reads an unknown carmaker's name as a place in some sentences and as
    # a firm in others; "his Veltro" (a thing someone has) settles it: not a place.
    text = (
        "Rossi lost control of his Veltro on the straight, and marshals pushed his Veltro into "
        "the pits. The Veltro team said the car was damaged. Rossi left Veltro in 2014."
    )
    labels = [("Rossi", "PERSON"), ("Veltro", "GPE"), ("Veltro", "GPE"), ("Veltro", "ORG")]
    readings, articles = _story((text, [*labels, ("Veltro", "GPE")]))
    canon = canonicalise(readings, articles)
    assert {entity.type for entity in _named(canon, "Veltro")} == {"ORG"}
    assert canon.place_mentions == ()


def test_entities_a_legislature_is_a_body_whatever_town_has_its_name() -> None:
    # Towns called Congress (Arizona) and Parliament exist; "testify before Congress"
    # names the body, wherever a place cue puts it.
    text = "The chief executive will testify in front of Congress and in Parliament."
    readings, articles = _story((text, [("Congress", "GPE"), ("Parliament", "ORG")]))
    canon = canonicalise(readings, articles, place_names=lambda _name: True)
    assert {entity.type for entity in canon.entities} == {"ORG"}
    assert canon.place_mentions == ()


def test_entities_a_name_tagged_a_place_that_died_is_a_person() -> None:
    # The small model tags a girl's unfamiliar name as a place in every sentence; a
    # place never dies. "People in Orm who ..." keeps its place ("who" is no cue).
    text = (
        "A girl from Orm fell ill. Rosa Lind died on Sunday. People in Orm who ate there fell ill."
    )
    readings, articles = _story((text, [("Orm", "GPE"), ("Rosa Lind", "GPE"), ("Orm", "GPE")]))
    canon = canonicalise(readings, articles, place_names=lambda name: name == "Orm")
    assert [entity.type for entity in _named(canon, "Rosa Lind")] == ["PERSON"]
    assert [entity.type for entity in _named(canon, "Orm")] == ["GPE"]


def test_entities_a_name_after_a_kinship_word_and_a_comma_is_a_person_even_tagged_a_place() -> None:
    text = "The couple drove in from Orm with their 10-year-old son, Tavi, to see the game."
    readings, articles = _story((text, [("Orm", "GPE"), ("Tavi", "GPE")]))
    canon = canonicalise(readings, articles, place_names=lambda name: name in ("Orm", "Tavi"))
    assert [entity.type for entity in _named(canon, "Tavi")] == ["PERSON"]
    assert [m.text for m in canon.place_mentions] == ["Orm"]


def test_entities_a_name_with_a_boss_drivers_or_teammates_is_a_firm_not_its_namesake_town() -> None:
    text = (
        "Hamid Oru thanked the team at Velmar. Velmar boss Ada Kell was pleased, and "
        "Velmar driver Tom Rusk finished ahead of his Velmar teammate."
    )
    mentions = [("Hamid Oru", "PERSON"), *[("Velmar", "ORG")] * 4]
    readings, articles = _story((text, mentions))
    canon = canonicalise(readings, articles, place_names=lambda name: name == "Velmar")
    assert [entity.type for entity in _named(canon, "Velmar")] == ["ORG"]
    # nor does "at Velmar" make it a place later
    found = place_mentions(canon.place_mentions, {"a1": text}, canon.other_mentions)
    assert found == []


def test_entities_an_ordinary_word_in_capitals_is_no_name() -> None:
    # A heading in capitals: the model tags its first word, the gazetteer knows a
    # town of that name; the article writes the word in lower case too.
    text = (
        "DRIVER OF THE DAY: Tom Rusk. The driver won in Velmar. VELMAR CELEBRATES. "
        "VOLTA says more at volta.example and @volta."
    )
    mentions = [
        ("DRIVER", "PERSON"),
        ("Tom Rusk", "PERSON"),
        ("Velmar", "GPE"),
        ("VELMAR", "GPE"),
        ("VOLTA", "ORG"),
    ]
    readings, articles = _story((text, mentions))
    canon = canonicalise(
        readings, articles, place_names=lambda name: name.lower() in ("driver", "velmar")
    )
    assert _named(canon, "Driver") == []
    assert [entity.type for entity in _named(canon, "VOLTA")] == ["ORG"]  # an address is no word
    assert [mention.text for mention in canon.place_mentions] == ["Velmar", "VELMAR"]


@pytest.mark.parametrize(
    ("text", "mentions", "known", "places", "named"),
    [
        # "the Karvish capital Velmar": the model called the town a firm; a fund's name
        # after "venture capital" stays a firm
        (
            "Army chiefs met in the Karvish capital Velmar on Thursday. The venture capital "
            "Ostrell backed the start-up.",
            [("Velmar", "ORG"), ("Ostrell", "ORG")],
            {"velmar", "ostrell"},
            ["Velmar"],
            {"Ostrell": ["ORG"]},
        ),
        # a lone surname the gazetteer knows as a village is taken for it, unless an
        # office stands before it (a person); "'s Day" makes a holiday of a name
        (
            "From Karvik, President Ostrell's adviser spoke. The couple married on Tamsin's "
            "Day 2015 in Velmar.",
            [("Karvik", "GPE"), ("Ostrell", "PERSON"), ("Tamsin", "GPE"), ("Velmar", "GPE")],
            {"karvik", "ostrell", "tamsin", "velmar"},
            ["Karvik", "Velmar"],
            {"Ostrell": ["PERSON"], "Tamsin": []},
        ),
        # the small model tags common words now and then; the gazetteer knows a village
        # called Bush, and "in the bush" is a place cue
        (
            "One girl was found wandering in the bush near Velmar, officials said.",
            [("bush", "PERSON"), ("Velmar", "GPE")],
            {"bush", "velmar"},
            ["Velmar"],
            {"bush": []},
        ),
        # a character's name after a capital "The" inside a sentence, tagged a place or a
        # firm: the gazetteer knows a village of the name, and "on" is a place cue;
        # "The Hague"-like names carry their "The", and a country is a country
        (
            "In the film his character spits on The Bride, then flees to Velmar. Later the "
            "crew turn on The Wren and sail to The Gambia.",
            [("Bride", "GPE"), ("Velmar", "GPE"), ("Wren", "ORG"), ("Gambia", "GPE")],
            {"bride", "velmar", "wren"},
            ["Velmar", "Gambia"],
            {"Bride": ["ORG"]},
        ),
        # a people or a faith is no place, even where the gazetteer knows a town of its
        # name or it is listed after one; a town the model took for a people is a town
        (
            "Cherokee elders met in Velmar, Kurdish-majority areas of the valley. A Karvik "
            "woman said so.",
            [("Cherokee", "NORP"), ("Velmar", "GPE"), ("Kurdish", "NORP"), ("Karvik", "NORP")],
            {"cherokee", "velmar", "kurdish", "karvik"},
            ["Velmar", "Karvik"],
            {"Cherokee": ["NORP"], "Kurdish": ["NORP"]},
        ),
        # a lone name the gazetteer knows is a place, unless its article also writes it as
        # an ordinary word ("the Museum family ... the museum")
        (
            "Staff said the fire hurt the Museum family. Visitors left the museum early. Tamsin "
            "was quiet.",
            [("Museum", "PERSON"), ("Tamsin", "PERSON")],
            {"museum", "tamsin"},
            ["Tamsin"],
            {"Museum": ["PERSON"]},
        ),
    ],
)
def test_entities_what_the_words_around_a_name_make_of_it(
    text: str,
    mentions: list[tuple[str, str]],
    known: set[str],
    places: list[str],
    named: dict[str, list[str]],
) -> None:
    readings, articles = _story((text, mentions))
    canon = canonicalise(readings, articles, place_names=lambda name: name.lower() in known)
    assert [mention.text for mention in canon.place_mentions] == places
    assert {name: [entity.type for entity in _named(canon, name)] for name in named} == named


def test_entities_an_unknown_name_is_a_town_only_where_a_good_share_of_it_is_placed() -> None:
    # The model tags an unknown village and a firm alike as organisations; "in X" three
    # times makes a village of a name mentioned four times, not of one mentioned ten times.
    firm = " ".join(["Velco sold phones."] * 7 + ["Buyers queued in Velco stores."] * 3)
    village = "Food reached Orvek. Aid workers in Orvek, in Orvek and in Orvek said so."
    readings, articles = _story((firm, [("Velco", "ORG")] * 10), (village, [("Orvek", "ORG")] * 4))
    canon = canonicalise(readings, articles)
    assert [entity.type for entity in _named(canon, "Velco")] == ["ORG"]
    assert [entity.type for entity in _named(canon, "Orvek")] == ["GPE"]


def test_entities_a_lone_first_name_is_the_one_person_named_in_full_with_it() -> None:
    text = (
        "Ana Roe and Tomas Vale spoke in Karvik. Later Ana said the film hurt her. "
        "Tomas Brell and Tomas Vale left; Tomas waved."
    )
    spans = [
        ("Ana Roe", "PERSON"),
        ("Tomas Vale", "PERSON"),
        ("Ana", "PERSON"),
        ("Tomas Brell", "PERSON"),
        ("Tomas Vale", "PERSON"),
        ("Tomas", "PERSON"),
    ]
    readings, articles = _story((text, spans))
    canon = canonicalise(readings, articles)
    people = {entity.name: entity for entity in canon.entities if entity.type == "PERSON"}
    assert "Ana" in people["Ana Roe"].aliases and "Ana" not in people
    assert "Tomas" in people  # two people of the story are called Tomas: it stays apart


def test_entities_one_name_tagged_as_two_kinds_of_thing_is_one_entity() -> None:
    text = (
        "The Karvik Owls won the cup. Fans cheered the Karvik Owls. "
        "The Karvik Owls paraded in Vorna, where Jordan Vale met Karvik Owls fans."
    )
    spans = [
        ("Karvik Owls", "ORG"),
        ("Karvik Owls", "PERSON"),
        ("Karvik Owls", "ORG"),
        ("Vorna", "GPE"),
        ("Jordan Vale", "PERSON"),
        ("Karvik Owls", "ORG"),
    ]
    readings, articles = _story((text, spans))
    canon = canonicalise(readings, articles, place_names=lambda name: name_key(name) == "vorna")
    owls = [entity for entity in canon.entities if entity.name == "Karvik Owls"]
    assert [(entity.type, entity.mentions) for entity in owls] == [("ORG", 4)]
    assert [m.text for m in canon.place_mentions] == ["Vorna"]


def test_entities_a_cape_or_a_mount_the_model_took_for_a_person_is_a_place() -> None:
    text = (
        "The missile flew over Cape Velmar. Ana Roe climbed Mount Ostrell with Tomas Vale. "
        "It fell east of Cape Velmar."
    )
    spans = [
        ("Cape Velmar", "PERSON"),
        ("Ana Roe", "PERSON"),
        ("Mount Ostrell", "PERSON"),
        ("Tomas Vale", "PERSON"),
        ("Cape Velmar", "GPE"),
    ]
    readings, articles = _story((text, spans))
    canon = canonicalise(readings, articles)
    kinds = {entity.name: entity.type for entity in canon.entities}
    assert [m.label for m in canon.place_mentions if m.text == "Cape Velmar"] == ["LOC", "GPE"]
    assert kinds == {
        "Cape Velmar": "GPE",  # one mention of each place kind: the tie goes to GPE
        "Ana Roe": "PERSON",
        "Mount Ostrell": "LOC",
        "Tomas Vale": "PERSON",
    }


def test_entities_a_firm_is_not_the_surname_of_a_caption_or_an_account() -> None:
    # "Velmar Velmar" (a caption run into its text) and "Velmar Twitter" (the firm's
    # account), tagged as people, made every "Velmar" the surname or first name of one
    text = (
        "Velmar Velmar holds data on millions. The credit company Velmar said the breach "
        "was contained. Velmar Twitter posted a notice. Velmar apologised."
    )
    spans = [
        ("Velmar Velmar", "PERSON"),
        ("Velmar", "ORG"),
        ("Velmar Twitter", "PERSON"),
        ("Velmar", "ORG"),
    ]
    readings, articles = _story((text, spans))
    canon = canonicalise(readings, articles)
    velmar = [entity for entity in canon.entities if entity.name == "Velmar"]
    assert [entity.type for entity in velmar] == ["ORG"]
    assert "Velmar Velmar" not in {entity.name for entity in canon.entities}


def test_entities_a_word_written_in_lower_case_is_no_first_name() -> None:
    text = "Karvik Cash fell. Karvik rose 5 percent, and karvik traders cheered. Karvik held."
    spans = [("Karvik Cash", "PERSON"), ("Karvik", "PERSON"), ("Karvik", "PERSON")]
    readings, articles = _story((text, spans))
    canon = canonicalise(readings, articles)
    assert {entity.name for entity in canon.entities} >= {"Karvik Cash", "Karvik"}
