"""places: story-level toponym resolution, run on the seeds in both gazetteer modes.

The stage expects place-like mentions: spaCy's GPE/LOC/FAC entities plus the
names ``place_mentions`` adds by text rules (mislabelled ORG/PERSON names after
a place preposition or before "mine"/"province", capitalised words after a
place preposition, the other items of a list of places).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import GOLD, SEEDS, need_shared
from newsfuse.gazetteer import Gazetteer, haversine_km, load_gazetteer
from newsfuse.models import load_spacy
from newsfuse.records import Mention, Place
from newsfuse.stages import places as places_module
from newsfuse.stages.places import (
    Tuning,
    find_place,
    first_named,
    outlet_country,
    place_mentions,
    resolve_places,
    resolve_spans,
)


@pytest.fixture(scope="module")
def seed_story() -> tuple[list[Mention], dict[str, str]]:
    need_shared()
    texts = {path.stem: path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))}
    mentions = []
    for article, parsed in zip(texts, load_spacy().pipe(texts.values()), strict=True):
        for index, sentence in enumerate(parsed.sents):
            mentions += [
                Mention(article, index, e.start_char, e.end_char, e.text, e.label_)
                for e in sentence.ents
            ]
    return mentions, texts


def _seed_places(seed_story: tuple[list[Mention], dict[str, str]], gazetteer: Gazetteer):
    mentions, texts = seed_story
    found = place_mentions(mentions, texts, known=gazetteer.knows)
    return {p.name.lower(): p for p in resolve_places(found, texts, gazetteer)}


@pytest.fixture(scope="module")
def builtin_places(seed_story: tuple[list[Mention], dict[str, str]]) -> dict[str, Place]:
    return _seed_places(seed_story, Gazetteer.builtin())


@pytest.fixture(scope="module")
def fixture_places(seed_story: tuple[list[Mention], dict[str, str]]) -> dict[str, Place]:
    return _seed_places(seed_story, load_gazetteer(GOLD / "geonames-fixture.txt"))


def _near(place: Place, row: dict[str, float]) -> bool:
    assert place.lat is not None and place.lon is not None, place
    return haversine_km(place.lat, place.lon, row["lat"], row["lon"]) <= row["tolerance_km"]


def test_places_seeds_builtin_resolves_the_cities(builtin_places, gold) -> None:
    rows = {row["name"]: row for row in gold["places"]}
    for name in ("Goma", "Bukavu", "Kisangani", "Kinshasa", "Doha", "Luanda"):
        place = builtin_places[name.lower()]
        assert place.country == rows[name]["country"] and _near(place, rows[name]), place


def test_places_seeds_builtin_leaves_unknown_towns_unresolved_in_cd(builtin_places) -> None:
    for name in ("walikale", "mubi", "bisie"):
        place = builtin_places[name]
        assert (place.country, place.lat, place.lon) == ("CD", None, None), place


def test_places_seeds_put_nothing_in_nigeria(builtin_places, fixture_places) -> None:
    assert not [p for p in builtin_places.values() if p.country == "NG"]
    assert not [p for p in fixture_places.values() if p.country == "NG"]


def test_places_seeds_provinces_are_in_cd(builtin_places) -> None:
    for name in ("north kivu", "south kivu", "tshopo", "maniema"):
        assert builtin_places[name].country == "CD", builtin_places[name]
        assert builtin_places[name].feature == "ADM1"


def test_places_seeds_fixture_resolves_walikale(fixture_places, gold) -> None:
    (row,) = [row for row in gold["places"] if row["name"] == "Walikale"]
    assert fixture_places["walikale"].country == "CD" and _near(fixture_places["walikale"], row)


def test_places_seeds_fixture_keeps_far_namesake_out(fixture_places) -> None:
    for name in ("mubi", "bisie"):
        place = fixture_places[name]
        assert (place.country, place.lat) == ("CD", None), place


def test_places_lists_the_articles_mentioning_a_place(builtin_places) -> None:
    assert len(builtin_places["walikale"].articles) == 4
    assert len(builtin_places["bisie"].articles) >= 3  # "the Bisie tin mine" is at Bisie


def test_places_namesake_in_two_countries_resolves_by_context() -> None:
    gazetteer = Gazetteer.builtin()
    texan = "Storms hit Paris, Texas, and Dallas overnight."
    french = "Storms hit Paris and Lyon overnight, French officials said."
    in_texas, _, _ = resolve_spans(texan, [(11, 16), (18, 23), (29, 35)], gazetteer)
    in_france, _ = resolve_spans(french, [(11, 16), (21, 25)], gazetteer)
    assert in_texas is not None and in_texas.country == "US"
    assert in_france is not None and in_france.country == "FR"


def test_places_facility_and_division_phrases_name_their_place() -> None:
    text = "Fighting closed Kandahar airport, in Helmand province."
    airport, province = resolve_spans(text, [(16, 32), (37, 53)], Gazetteer.builtin())
    assert airport is not None and airport.name == "Kandahar" and airport.country == "AF"
    assert province is not None and province.feature == "ADM1"


def test_places_coordinated_divisions_split_into_two_places() -> None:
    text = "Storms hit much of North and South Carolina."
    mention = Mention("a", 0, 19, 43, text[19:43], "GPE")
    names = {p.name for p in resolve_places([mention], {"a": text}, Gazetteer.builtin())}
    assert names == {"North Carolina", "South Carolina"}


def test_places_find_place_matches_exact_then_contained_names() -> None:
    places = [Place("Ostrell", "CD", 12.9, 41.8), Place("Tamsara", "CD", 12.5, 41.3)]
    assert find_place("ostrell", places) is places[0]
    assert find_place("the outskirts of Ostrell", places) is places[0]
    assert find_place("Kigali", places) is None
    # a country by another of its names: the story's place is written "U.K."
    kingdom = Place("U.K.", "GB", 53.9, -2.7, feature="PCLI")
    assert find_place("United Kingdom", [*places, kingdom]) is kingdom
    assert find_place("United Kingdom", [*places, Place("London", "GB", feature="PPLC")]) is None


def test_places_place_mentions_relabels_cued_names(tmp_path: Path) -> None:
    text = "Fighting took place in Vorna on Wednesday, part of the Ostrell River Alliance."
    mentions = [
        Mention("a", 0, 23, 28, "Vorna", "PERSON"),
        Mention("a", 0, 51, 77, "the Ostrell River Alliance", "ORG"),
    ]
    found = place_mentions(mentions, {"a": text})
    assert [(m.text, m.label) for m in found] == [("Vorna", "PLACE")]


def test_places_the_dateline_s_place_is_a_place_mention() -> None:
    # The model left the dateline's name untagged (or called it a firm): by news
    # convention it is where the report was filed. A tagged one is not doubled.
    text = "VELMAR, Ariz. (AP) — The coach retired on Monday."
    found = place_mentions([Mention("a", 0, 0, 6, "VELMAR", "ORG")], {"a": text})
    assert [(m.text, m.start, m.label) for m in found] == [("VELMAR", 0, "PLACE")]
    tagged = [Mention("a", 0, 0, 6, "VELMAR", "GPE")]
    assert place_mentions(tagged, {"a": text}) == tagged
    # several bureaus are not where it happened
    assert place_mentions([], {"a": "TOKYO/SEOUL (Reuters) - Talks ended."}) == []
    # offsets are the text's own, whatever its letters do in capitals ("ß" -> "SS")
    after_title = "Große Pläne\n\n" + text
    (shifted,) = place_mentions([], {"a": after_title})
    assert after_title[shifted.start : shifted.end] == shifted.text == "VELMAR"


def test_places_comma_pair_resolves_town_and_division_together() -> None:
    text = "Atlanta, Georgia officials met on Monday."
    atlanta, georgia = resolve_spans(text, [(0, 7), (9, 16)], Gazetteer.builtin())
    assert atlanta is not None and (atlanta.country, atlanta.admin1) == ("US", "Georgia")
    assert georgia is not None and (georgia.country, georgia.feature) == ("US", "ADM1")


def test_places_smaller_namesake_without_support_stays_unresolved() -> None:
    # The Mozambican province "Gaza" has a feature-kind prior, the city is larger:
    # with nothing in the text for either country, no point is better than a guess.
    text = "Aid convoys reached Gaza on Tuesday."
    (gaza,) = resolve_spans(text, [(20, 24)], Gazetteer.builtin())
    assert gaza is not None and (gaza.lat is None or gaza.country == "PS"), gaza


def test_places_a_larger_namesake_beside_the_story_s_country_is_meant() -> None:
    # Nothing names Palestine, but the city lies beside the country the story names;
    # the Mozambican province of that name stays where Mozambique is named.
    beside = "Israeli airstrikes hit Gaza on Monday, killing 12 people, officials said."
    at = beside.index("Gaza")
    (gaza,) = resolve_spans(beside, [(at, at + 4)], Gazetteer.builtin())
    assert gaza is not None and (gaza.country, gaza.feature) == ("PS", "PPL"), gaza
    named = "Floods hit Gaza province and Maputo, Mozambique officials said."
    spans = [(named.index(n), named.index(n) + len(n)) for n in ("Gaza", "Maputo", "Mozambique")]
    province, _, _ = resolve_spans(named, spans, Gazetteer.builtin())
    assert province is not None and (province.country, province.feature) == ("MZ", "ADM1")


def test_places_division_survives_a_town_matched_by_alternate_name() -> None:
    text = "Storms hit Maryland and Virginia."
    maryland, _ = resolve_spans(text, [(11, 19), (24, 32)], Gazetteer.builtin())
    assert maryland is not None and (maryland.country, maryland.feature) == ("US", "ADM1")


def test_places_a_story_without_place_mentions_has_no_places() -> None:
    # Regression: a story whose only mentions are people failed its whole analysis.
    text = "Maria Lopez met Juan Perez."
    people = [Mention("a", 0, 0, 11, "Maria Lopez", "PERSON")]
    assert resolve_places(people, {"a": text}, Gazetteer.builtin()) == ()
    assert resolve_places([], {"a": text}, Gazetteer.builtin()) == ()


def test_places_state_abbreviation_after_a_comma_places_the_town() -> None:
    # Cleveland, Ohio is larger; the dateline's "Tenn." is not a span but decides.
    text = "CLEVELAND, Tenn. -- Police said the fire was out."
    (cleveland,) = resolve_spans(text, [(0, 9)], Gazetteer.builtin())
    assert cleveland is not None and (cleveland.country, cleveland.admin1) == ("US", "Tennessee")


def test_places_contested_name_stays_unresolved_but_keeps_its_country() -> None:
    # Several Springfields of similar size, all in the country the text names.
    text = "American officials in Springfield met on Monday."
    (plain,) = resolve_spans(text, [(22, 33)], Gazetteer.builtin(), tuning=Tuning(margin=0.0))
    (strict,) = resolve_spans(text, [(22, 33)], Gazetteer.builtin(), tuning=Tuning(margin=1.0))
    assert plain is not None and plain.lat is not None
    assert strict is not None and (strict.country, strict.lat) == ("US", None)


def test_places_nationality_span_means_its_country() -> None:
    text = "Syrian and Kenyans officials met."
    syria, kenya = resolve_spans(text, [(0, 6), (11, 18)], Gazetteer.builtin())
    assert syria is not None and (syria.country, syria.feature) == ("SY", "PCLI")
    assert kenya is not None and kenya.country == "KE"


def test_places_outlet_country_reads_country_code_domains_only() -> None:
    assert outlet_country("bbc.co.uk") == "GB"
    assert outlet_country("lemonde.fr") == "FR"
    assert outlet_country("nytimes.com") is None
    assert outlet_country("news.tv") is None  # a vanity domain, not Tuvalu's press
    assert outlet_country(None) is None


def test_places_outlet_home_settles_a_name_the_text_leaves_open() -> None:
    text = "Flooding closed roads across Perth overnight."
    mention = Mention("a", 0, 29, 34, "Perth", "GPE")
    gazetteer = Gazetteer.builtin()
    (bare,) = resolve_places([mention], {"a": text}, gazetteer)
    (local,) = resolve_places([mention], {"a": text}, gazetteer, outlets=["GB"])
    (few,) = resolve_places(
        [mention], {"a": text, "b": "", "c": ""}, gazetteer, outlets=["GB", None, None]
    )
    assert bare.country == "AU"
    assert local.country == "GB"
    assert few.country == "AU"  # one local outlet of three is not the story's home


def test_places_outlet_home_never_outvotes_the_text() -> None:
    text = "Flooding closed roads across Perth, Western Australia, overnight."
    mention = Mention("a", 0, 29, 34, "Perth", "GPE")
    (place,) = resolve_places([mention], {"a": text}, Gazetteer.builtin(), outlets=["GB"])
    assert place.country == "AU"


def test_places_a_cued_name_of_a_person_the_story_names_is_no_place() -> None:
    text = "According to Ashby, the car was unsafe. Fighting took place in Vorna."
    person = Mention("a", 0, 13, 18, "Ashby", "PERSON")
    gazetteer_knows = {"Ashby"}.__contains__  # there are towns called Ashby
    found = place_mentions([], {"a": text}, others=[person], known=gazetteer_knows)
    assert [m.text for m in found] == ["Vorna"]
    alone = place_mentions([], {"a": text}, known=gazetteer_knows)
    assert [m.text for m in alone] == ["Ashby", "Vorna"]


def test_places_a_weak_cue_makes_a_place_only_of_a_name_the_gazetteer_knows() -> None:
    # "of", "from", "to" precede firms, people and titles as often as places; "in",
    # "near", a bearing, a distance or "the town of" put a name where only places go.
    text = (
        "A tribute to Prinz, according to Dealogic, from Tesk, from Karvik, "
        "in Orm, east of Vald, 30 kilometers (20 miles) from Vorna, "
        "the strategic mining town of Drenn and the people of Bisk."
    )
    mentions = [Mention("a", 0, text.index("Vald"), text.index("Vald") + 4, "Vald", "ORG")]
    found = place_mentions(mentions, {"a": text}, known={"Karvik", "Bisk"}.__contains__)
    assert [m.text for m in found] == ["Karvik", "Orm", "Vald", "Vorna", "Drenn", "Bisk"]


def test_places_a_nation_s_adjective_is_never_a_cued_place() -> None:
    # Towns called Canadian (Texas) and Mexican Springs exist; "of Canadian wheat" and
    # "from Kenyan officials" name nations' things, cued or tagged.
    text = "The price of Canadian wheat, from Kenyan officials, in Orm."
    start = text.index("Kenyan")
    mentions = [Mention("a", 0, start, start + 6, "Kenyan", "NORP")]
    found = place_mentions(mentions, {"a": text}, known=lambda _name: True)
    assert [m.text for m in found] == ["Orm"]


def test_places_bodies_of_the_sky_are_never_places() -> None:
    # Villages called Mars, Earth and Jupiter exist; "a rocket to Mars" is not news from them.
    text = "The rocket will fly to Mars, past the Moon and Earth's orbit, from Kourou."
    mentions = [
        Mention("a", 0, 23, 27, "Mars", "LOC"),
        Mention("a", 0, 33, 41, "the Moon", "LOC"),
        Mention("a", 0, 46, 53, "Earth's", "LOC"),
        Mention("a", 0, 66, 72, "Kourou", "GPE"),
    ]
    found = place_mentions(mentions, {"a": text})
    assert [m.text for m in found] == ["Kourou"]


def test_places_first_named_is_the_earliest_resolved_story_place_in_the_text() -> None:
    text = "The Orm valley team, the Tesk Rovers, signed a player; Karviks cheered in Karvik."
    karvik, orm, tesk = (
        Place("Karvik", "XX", 1.0, 2.0),
        Place("Orm", "XX"),
        Place("Tesk", "XX", 3.0, 4.0),
    )
    assert first_named(text, [karvik, orm, tesk]) is tesk  # "Orm" has no point: not a guess
    assert first_named(text, [karvik]) is karvik  # whole words: not "Karviks"
    assert first_named("Nothing here.", [karvik, tesk]) is None
    # a place of what may or will happen is no place of the news
    text = "Vale won, which means Roe can take the title in Karvik. Fans in Tesk cheered."
    assert first_named(text, [karvik, tesk]) is tesk
    text = "The title is likely to be decided in Karvik. Fans in Tesk cheered."
    assert first_named(text, [karvik, tesk]) is tesk


def test_places_a_person_s_name_cued_by_of_or_a_possessive_is_no_place() -> None:
    # the story names Ron Palmer: "the status of Palmer" and "in Palmer's car" are his
    text = "Ron Palmer spoke. The status of Palmer is unclear; in Palmer's car; near Palmer town."
    person = Mention("a", 0, 0, 9, "Ron Palmer", "PERSON")
    found = place_mentions([], {"a": text}, others=[person])
    assert [(m.text, m.start) for m in found] == [("Palmer", text.rindex("Palmer"))]


def _mentions(text: str, *names: str) -> list[Mention]:
    return [Mention("a", 0, text.index(n), text.index(n) + len(n), n, "GPE") for n in names]


def test_places_a_name_tagged_with_its_country_is_the_place_in_that_country() -> None:
    text = "Officials met the girls in Abuja, Nigeria, on Thursday."
    (abuja, nigeria) = resolve_places(
        _mentions(text, "Abuja, Nigeria"), {"a": text}, Gazetteer.builtin()
    )
    assert (abuja.name, abuja.country, nigeria.name) == ("Abuja", "NG", "Nigeria")
    assert abuja.lat is not None and abuja.lon is not None
    assert haversine_km(abuja.lat, abuja.lon, 9.06, 7.49) < 25


def test_places_an_unknown_name_takes_the_country_its_words_name_not_the_story_s() -> None:
    # a story set in Kenya: "far northern Tanzania" names its country, a consulate lies
    # abroad, a name that names none takes the story's country, and "Chinese" is a people
    text = (
        "Police in Nairobi and Mombasa, Kenya, said Chinese engineers left for far northern "
        "Tanzania. The German consulate in Nairobi and offices in Xqorville were shut."
    )
    mentions = _mentions(text, "Nairobi", "Mombasa", "Kenya", "Chinese", "German consulate")
    mentions += _mentions(text, "Xqorville", "far northern Tanzania")
    places = {p.name: p for p in resolve_places(mentions, {"a": text}, Gazetteer.builtin())}
    assert "Chinese" not in places
    assert places["far northern Tanzania"].country == "TZ"
    assert places["German consulate"].country == "KE"
    assert places["Xqorville"].country == "KE"


def test_places_a_name_no_gazetteer_holds_is_a_place_only_by_the_text_s_word() -> None:
    # Made-up names, so that no gazetteer holds them: the text alone decides.
    text = (
        "Fans of the Zorbats cheered Qelvin Trask after the Vorn Cup, then marched from "
        "Xqor Road to Drellon and Pashki and on to Mount Yvarr in far northern Kenya. "
        "Lodges near Ombelo, Kenya, and in Tzarin and Hulm were shut."
    )
    names = ["Zorbats", "Qelvin Trask", "Vorn Cup", "Xqor Road", "Drellon", "Pashki"]
    names += ["Mount Yvarr", "far northern Kenya", "Ombelo", "Tzarin", "Hulm"]
    mentions = _mentions(text, *names)
    found = {p.name for p in resolve_places(mentions, {"a": text}, Gazetteer.builtin())}
    assert found == {"Xqor Road", "Mount Yvarr", "far northern Kenya", "Ombelo", "Tzarin", "Hulm"}


def test_places_a_name_the_gazetteer_cannot_settle_is_a_place_only_by_the_text_s_word() -> None:
    # Springfields of similar size: "in Springfield" is a place left unresolved, while
    # "Springfield" said of someone (an actor, a team) with no cue is no place at all.
    sited = "American officials in Springfield met on Monday."
    bare = "American officials praised Springfield on Monday."
    tuning = Tuning(margin=1.0)  # contested names stay unresolved
    gazetteer = Gazetteer.builtin()
    (place,) = resolve_places(
        _mentions(sited, "Springfield"), {"a": sited}, gazetteer, tuning=tuning
    )
    assert (place.name, place.country, place.lat) == ("Springfield", "US", None)
    assert (
        resolve_places(_mentions(bare, "Springfield"), {"a": bare}, gazetteer, tuning=tuning) == ()
    )


def _story_places(text: str, names: list[str]) -> dict[str, Place]:
    mentions = []
    for name in names:
        start = text.index(name)
        mentions.append(Mention("a", 0, start, start + len(name), name, "GPE"))
    return {p.name: p for p in resolve_places(mentions, {"a": text}, Gazetteer.builtin())}


def test_places_a_bare_direction_is_no_namesake_division_or_town() -> None:
    # "the North" of a story on Korea is neither Cameroon's North Region (whose name
    # "North Korea's" also begins with) nor a village called North in the US.
    text = (
        "Pyongyang, North Korea's capital, held a parade. The United States and South Korea "
        "doubt that the North can build the weapon, and the South said so."
    )
    found = _story_places(text, ["Pyongyang", "United States", "South Korea", "North", "South"])
    assert found["Pyongyang"].country == "KP"
    for direction in ("North", "South"):
        place = found.get(direction)
        assert place is None or (place.lat, place.gazetteer_id) == (None, None), place


def test_places_a_direction_names_a_division_of_a_country_the_story_names() -> None:
    text = "Militants raided a village in Cameroon's Far North on Sunday, officials in Maroua said."
    far_north = _story_places(text, ["Cameroon", "Far North", "Maroua"])["Far North"]
    assert (far_north.country, far_north.feature) == ("CM", "ADM1")


def test_places_a_cue_does_not_reach_across_a_line_break() -> None:
    # A paragraph that ends in "in" does not make the next paragraph's first word a place.
    text = "The fans could not take it in\n\nWith the race still on, the driver walked to Lisbon."
    found = place_mentions([], {"a": text}, known=lambda name: True)
    assert [m.text for m in found] == ["Lisbon"]


def test_places_a_county_puts_the_story_in_its_country_and_state() -> None:
    # "Clarke County" is five counties, all American, one of them around Athens, Georgia:
    # the Greek capital is no longer the likelier Athens.
    text = "Deputies in Clarke County said the road into Athens was closed."
    county, athens = resolve_spans(text, [(12, 25), (45, 51)], Gazetteer.builtin())
    assert athens is not None and (athens.country, athens.admin1) == ("US", "Georgia"), athens
    assert county is not None and county.country == "US"


def test_places_islands_ranges_and_regions_are_on_the_map() -> None:
    # Large islands and named regions are no villages that share their names.
    text = "The storm hit Sumatra and Java, then Long Island; aid reached Darfur and the Alps."
    names = ["Sumatra", "Java", "Long Island", "Darfur", "Alps"]
    found = resolve_spans(
        text, [(text.index(n), text.index(n) + len(n)) for n in names], Gazetteer.builtin()
    )
    got = {n: (p.country, p.feature) for n, p in zip(names, found, strict=True) if p is not None}
    assert got == {
        "Sumatra": ("ID", "ISL"),
        "Java": ("ID", "ISL"),
        "Long Island": ("US", "ISL"),
        "Darfur": ("SD", "RGN"),
        "Alps": (None, "MTS"),
    }


def test_places_a_division_holding_a_placed_town_is_the_division_meant() -> None:
    # "Georgia" with Atlanta clearly placed is the state, as "Atlanta, Georgia" would be;
    # with Tbilisi it stays the country, and a country keeps its name from its province.
    text = "Police in Georgia said the Atlanta suspect fled."
    georgia, _ = resolve_spans(text, [(10, 17), (27, 34)], Gazetteer.builtin())
    assert georgia is not None and (georgia.country, georgia.feature) == ("US", "ADM1")
    text = "Troops massed near Georgia while Tbilisi stayed calm."
    georgia, _ = resolve_spans(text, [(19, 26), (33, 40)], Gazetteer.builtin())
    assert georgia is not None and (georgia.country, georgia.feature) == ("GE", "PCLI")
    text = "Officials in Panama said Colón and Panama City were flooded."
    panama, *_ = resolve_spans(text, [(13, 19), (25, 30), (35, 46)], Gazetteer.builtin())
    assert panama is not None and (panama.country, panama.feature) == ("PA", "PCLI")


def test_places_a_name_the_story_reads_as_a_firm_person_or_event_is_no_unplaced_place() -> None:
    from newsfuse.records import Entity

    found = (
        Place("Kroger", "US", articles=("a",)),  # "employed at Kroger": cued, never placed
        Place("Yale University", "US", articles=("a",)),  # its words make it a site
        Place("Ferrari", "BR", articles=("a",)),  # tagged a place more often than a firm
        Place("Congress", "US", 34.2, -112.8, gazetteer_id="geonames:1", articles=("a",)),
        Place("Zorva Cup", "US", articles=("a",)),  # "in Zorva Cup history": an event
    )
    named = [
        Entity("e6", "Zorva Cup", "EVENT", mentions=12),
        Entity("e1", "Kroger", "ORG", mentions=3),
        Entity("e2", "Yale University", "ORG", mentions=2),
        Entity("e3", "Ferrari", "GPE", mentions=9),
        Entity("e4", "Ferrari", "ORG", mentions=7),
        Entity("e5", "Congress", "ORG", mentions=4),
    ]
    kept = [p.name for p in places_module.without_names_of_others(found, named)]
    assert kept == ["Yale University", "Ferrari", "Congress"]


def _resolved(text: str, name: str) -> Place | None:
    """Return the built-in gazetteer's reading of the first ``name`` in ``text``."""
    start = text.index(name)
    (place,) = resolve_spans(text, [(start, start + len(name))], Gazetteer.builtin())
    return place


def test_places_a_division_named_after_its_city_of_millions_means_the_city() -> None:
    # São Paulo state lies far around the city; news names it "São Paulo state".
    city = _resolved("Flu cases rose in São Paulo on Monday.", "São Paulo")
    assert city is not None and (city.country, city.feature) == ("BR", "PPL")
    state = _resolved("Fires burned in São Paulo state.", "São Paulo state")
    assert state is not None and (state.country, state.feature) == ("BR", "ADM1")
    # a smaller capital does not hide its namesake state
    washington = _resolved("Lawmakers in Washington passed the bill.", "Washington")
    assert washington is not None and washington.feature == "ADM1"


def test_places_a_post_office_locality_is_placed_only_in_a_state_the_text_names() -> None:
    # Neponset is a locality in Illinois only: written "Neponset, Ill." it is there;
    # alone, a locality's name is as often a word, and it stays unresolved.
    placed = _resolved("Crews from Neponset, Ill., fought the blaze.", "Neponset")
    assert placed is not None and (placed.admin1, placed.feature) == ("Illinois", "PPLL")
    unplaced = _resolved("Crews from Neponset fought the blaze.", "Neponset")
    assert unplaced is not None and unplaced.lat is None


def _spans_of(text: str, *names: str) -> list[tuple[int, int]]:
    return [(text.index(name), text.index(name) + len(name)) for name in names]


def test_places_a_capital_listed_with_nations_is_the_capital_not_the_division() -> None:
    # "Washington" names a state and a capital: listed with Tokyo and the United
    # States it is the capital; listed with Oregon it is the state.
    gazetteer = Gazetteer.builtin()
    world = "Tokyo and Washington condemned the launch; the United States called for talks."
    _, capital, _ = resolve_spans(
        world, _spans_of(world, "Tokyo", "Washington", "United States"), gazetteer
    )
    local = "Wildfires spread across Oregon and Washington, officials in the United States said."
    _, state, _ = resolve_spans(
        local, _spans_of(local, "Oregon", "Washington", "United States"), gazetteer
    )
    assert capital is not None and capital.feature == "PPLC" and capital.country == "US"
    assert state is not None and state.feature == "ADM1" and state.country == "US"


def test_places_a_dateline_names_the_city_not_the_state_of_that_name() -> None:
    # "NEW YORK (AP) -" is filed from the city; the state after a dateline's comma
    # ("CAPE CANAVERAL, Fla.") stays the state.
    city = "NEW YORK (AP) - Two work trains collided in a tunnel under Queens, New York state said."
    coast = "CAPE CANAVERAL, Fla. (AP) - A rocket lifted off on Tuesday."
    texts = {"a": city, "b": coast}
    mentions = [
        Mention("a", 0, 0, 8, "NEW YORK", "GPE"),
        Mention("a", 0, city.index("Queens"), city.index("Queens") + 6, "Queens", "GPE"),
        Mention("b", 0, 0, 14, "CAPE CANAVERAL", "GPE"),
        Mention("b", 0, 16, 19, "Fla", "GPE"),
    ]
    found = {p.name: p for p in resolve_places(mentions, texts, Gazetteer.builtin())}
    assert (
        found["NEW YORK"].feature == "PPL"
        and haversine_km(found["NEW YORK"].lat or 0, found["NEW YORK"].lon or 0, 40.71, -74.01) < 20
    )
    assert found["Fla"].feature == "ADM1" and found["Fla"].country == "US"
    # a country's name in a dateline stays the country
    nation = "MEXICO - Floods swept through the north on Monday."
    (country,) = resolve_places(
        [Mention("c", 0, 0, 6, "MEXICO", "GPE")], {"c": nation}, Gazetteer.builtin()
    )
    assert country.feature == "PCLI" and country.country == "MX"


def test_places_a_portfolio_after_an_office_of_state_is_no_place() -> None:
    # Towns called Justice and Health exist; a country after the office is still a place.
    text = "The Department of Justice and the Ministry of Health met the Health Minister of Peru."
    found = place_mentions([], {"a": text}, known=lambda _name: True)
    assert [m.text for m in found] == ["Peru"]


def _every_mention_places(text: str, names: list[str]) -> dict[str, Place]:
    mentions = [
        Mention("a", 0, found.start(), found.end(), name, "GPE")
        for name in names
        for found in re.finditer(re.escape(name), text)
    ]
    return {p.name: p for p in resolve_places(mentions, {"a": text}, Gazetteer.builtin())}


def test_places_a_name_only_ever_written_the_x_is_no_town() -> None:
    # "the Herald" is a paper: towns are named bare, so a small town of that name
    # (one lies near Sacramento) is not meant; a city so written ("the Bronx") and a
    # name whose "the" is a noun's ("the Herald schoolgirls", then "in Herald") are.
    paper = (
        "The Herald reported that floods hit Sacramento, California. "
        "Officials in Sacramento said the Herald's figures were too low."
    )
    found = _every_mention_places(paper, ["Herald", "Sacramento", "California"])
    assert "Herald" not in found and found["Sacramento"].admin1 == "California"
    town = (
        "The Herald schoolgirls were freed near Sacramento, California. "
        "Their families waited in Herald."
    )
    herald = _every_mention_places(town, ["Herald", "Sacramento", "California"])["Herald"]
    assert herald.admin1 == "California" and herald.lat is not None
    borough = "Floods hit the Bronx, where officials said the Bronx's schools would close."
    bronx = _every_mention_places(borough, ["Bronx"])["Bronx"]
    assert bronx.admin1 == "New York" and bronx.lat is not None


def test_places_the_x_tagged_with_its_article_before_a_clause_is_no_town() -> None:
    # The tagger's span may hold the article ("the White House"), and the phrase may end
    # on a conjunction ("before I leave"): still a building, not a town of that name.
    text = "Floods hit Sacramento, California. Come to the White House before I leave, he said."
    mentions = [
        Mention("a", 0, found.start(), found.end(), found.group(), "GPE")
        for name in ("Sacramento", "California", "the White House")
        for found in re.finditer(re.escape(name), text)
    ]
    found = {p.name: p for p in resolve_places(mentions, {"a": text}, Gazetteer.builtin())}
    assert found["Sacramento"].lat is not None
    assert [p.name for p in found.values() if "White House" in p.name and p.lat is not None] == []


def _resolve_names(text: str, names: list[str]) -> list[Place | None]:
    spans = [(text.index(name), text.index(name) + len(name)) for name in names]
    return resolve_spans(text, spans, Gazetteer.builtin())


def test_places_a_bare_name_is_the_large_city_not_a_village_near_the_story() -> None:
    # The story's other places lie in New York state, beside a village called Boston;
    # a bare "Boston" is still the city of 650,000 in Massachusetts.
    text = (
        "Snow closed schools across western New York on Monday, from Buffalo to "
        "Orchard Park. Later, in Boston, the mayor declared a flu emergency."
    )
    *_, boston = _resolve_names(text, ["New York", "Buffalo", "Orchard Park", "Boston"])
    assert boston is not None and (boston.country, boston.admin1) == ("US", "Massachusetts")


def test_places_a_town_written_with_its_county_and_state_is_that_town() -> None:
    # "Austin, in Scott County, Indiana": the text says which Austin, the large one
    # in Texas notwithstanding.
    text = (
        "The outbreak began in southern Indiana. Austin, in Scott County, Indiana, was its centre."
    )
    _, austin = _resolve_names(text, ["Indiana", "Austin"])
    assert austin is not None and (austin.country, austin.admin1) == ("US", "Indiana")


def test_places_a_name_joined_by_an_ampersand_is_a_firm() -> None:
    # Partners' names make a firm's: "counsel of Karvik & Vale" is no town of Karvik.
    text = "The counsel of Karvik & Vale LLP filed the suit; envoys flew in from Ostrell."
    found = place_mentions([], {"a": text}, known=lambda _name: True)
    assert [m.text for m in found] == ["Ostrell"]


def test_places_a_name_listed_with_nations_is_the_nation_not_a_province() -> None:
    # "Georgia" is a nation and a US state: in a story about the United States, listed
    # with Armenia and Azerbaijan it is still the nation.
    text = (
        "American officials in the United States said American troops would join drills with "
        "Armenia, Georgia and Azerbaijan, the United States army said. American envoys flew "
        "to Yerevan."
    )
    names = ("United States", "Armenia", "Georgia", "Azerbaijan", "Yerevan")
    _, _, georgia, _, _ = resolve_spans(text, _spans_of(text, *names), Gazetteer.builtin())
    assert georgia is not None and (georgia.country, georgia.feature) == ("GE", "PCLI")


def test_places_initials_of_a_place_the_story_names_mean_that_place() -> None:
    # "SC" is South Carolina's postal code, but beside "Santa Cruz" it is that place;
    # written after a comma it is the state's code and keeps its sense.
    gazetteer = Gazetteer.builtin()
    text = "The couple lived in Santa Cruz for years. They were photographed in SC in May."
    place, initials = resolve_spans(text, _spans_of(text, "Santa Cruz", "SC"), gazetteer)
    assert place is not None and initials is not None
    assert (initials.lat, initials.lon) == (place.lat, place.lon)
    coded = "Crews from Greenville, SC drove on to Santa Cruz."
    _, state, _ = resolve_spans(
        coded, _spans_of(coded, "Greenville", "SC", "Santa Cruz"), gazetteer
    )
    assert state is not None and (state.country, state.feature) == ("US", "ADM1")


@pytest.mark.parametrize(
    ("town", "county"),
    [("Paignton", "Torbay"), ("Gillingham", "Medway"), ("Grantham", "Lincolnshire")],
)
def test_places_a_division_of_unknown_population_is_not_taken_for_empty(
    town: str, county: str
) -> None:
    # England's counties come from ISO 3166-2 lists without populations; beside one of
    # its towns, the county is meant, not a village of its name in Canada or the US.
    text = f"Floods closed roads in {town} on Monday. Police across {county} urged caution."
    places = _resolve_names(text, [town, county])
    assert [(p.country, p.feature) if p else None for p in places] == [
        ("GB", "PPL"),
        ("GB", "ADM2"),
    ]


def test_places_a_smaller_namesake_beside_another_place_of_the_story_is_meant() -> None:
    # Paradise, Nevada is eight times the size of Paradise, California, but the fire
    # "spread to Magalia", a town ten kilometres from the Californian one.
    text = "The fire in Paradise spread to Magalia and Chico."
    paradise, *_ = _resolve_names(text, ["Paradise", "Magalia", "Chico"])
    assert paradise is not None and (paradise.country, paradise.admin1) == ("US", "California")
