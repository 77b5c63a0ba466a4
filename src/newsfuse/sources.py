"""Read files, folders, JSON, JSON Lines and standard input into ``RawInput`` records.

This is the only module of ingestion that touches the file system. Every input
that cannot be read becomes a ``Dropped`` value whose reason says what was
wrong and what to do, and the rest of the batch goes on: one bad file never
stops a run, whatever it holds (JSON nested too deeply to parse, a line of
hundreds of megabytes, bytes that are no text).

JSON Lines are streamed line by line (``json_lines``, which every command that
reads JSON Lines uses): each line is one input, limited to ``max_input_bytes``
on its own, so a large file of good lines is read whole and one oversized line
is skipped alone. Lines end at ``\n`` only: U+2028, U+2029 and U+0085 may stand
inside JSON strings and never split a record.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal, TextIO

from newsfuse.errors import ConfigError
from newsfuse.records import Dropped, RawInput
from newsfuse.settings import Settings
from newsfuse.stages.clean import normalise_date

STAGE = "ingest"
STDIN = "<stdin>"

# Field names that common scrapers and exports use (news-please, newspaper3k, feeds, ...).
TITLE_FIELDS = ("title", "headline")
TEXT_FIELDS = ("text", "maintext", "body", "content", "article", "description")
HTML_FIELDS = ("html", "raw_html")
URL_FIELDS = ("url", "link", "source_url", "canonical_url")
DATE_FIELDS = (
    "date_publish",
    "published",
    "published_at",
    "date",
    "pubDate",
    "publish_date",
    "datePublished",
)
OUTLET_FIELDS = ("source_domain", "outlet", "site_name", "sitename", "source", "publisher")

# Byte-order marks of the encodings whose text legitimately contains NUL bytes.
_WIDE_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\xff\xfe", b"\xfe\xff")
_HTML_START = re.compile(r"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I)
_HTML_TAGS = re.compile(r"</(?:p|div|article|body|html|span|h[1-6])\s*>", re.I)


def read_inputs(
    paths: Sequence[str | Path],
    settings: Settings,
    *,
    published: str | None = None,
    stdin: TextIO | None = None,
) -> Iterator[RawInput | Dropped]:
    """Return an iterator over the inputs at ``paths`` ("-" is standard input), in order.

    Folders are read recursively in sorted order, keeping files whose suffix is
    in ``settings.input_suffixes``. ``published`` is the publication date given
    to inputs that carry none of their own. Raises ConfigError at once when
    ``published`` is not a date.
    """
    fallback = normalise_date(published) if published else None
    if published and fallback is None:
        raise ConfigError(
            f"--published {published!r} is not a date; give it as YYYY-MM-DD or an ISO datetime"
        )
    return _read_all(paths, settings, fallback, stdin)


def _read_all(
    paths: Sequence[str | Path],
    settings: Settings,
    published: str | None,
    stdin: TextIO | None,
) -> Iterator[RawInput | Dropped]:
    """Return the inputs of every path in turn (a generator, so big folders stream)."""
    for path in paths:
        if str(path) == "-":
            yield from _read_stdin(stdin or sys.stdin, settings, published)
            continue
        path = Path(path)
        if not path.exists():
            yield Dropped(str(path), STAGE, "no such file or folder; check the path")
        elif path.is_dir():
            for file in _folder_files(path, settings.input_suffixes):
                yield from _contained(file, settings, published)
        else:
            yield from _contained(path, settings, published)


def _contained(
    path: Path, settings: Settings, published: str | None
) -> Iterator[RawInput | Dropped]:
    """Return ``_read_file``'s inputs; whatever else goes wrong skips this file alone."""
    try:
        yield from _read_file(path, settings, published)
    except Exception as error:  # a hostile file must not stop the batch
        yield Dropped(
            str(path), STAGE, f"the file cannot be read ({type(error).__name__}: {error})"
        )


def _folder_files(folder: Path, suffixes: Sequence[str]) -> list[Path]:
    """Return the files under ``folder`` with an accepted suffix, sorted, hidden ones skipped."""
    wanted = {suffix.lower() for suffix in suffixes}
    return sorted(
        file
        for file in folder.rglob("*")
        if file.is_file()
        and file.suffix.lower() in wanted
        and not any(part.startswith(".") for part in file.relative_to(folder).parts)
    )


def _read_stdin(
    stream: TextIO, settings: Settings, published: str | None
) -> Iterator[RawInput | Dropped]:
    """Return standard input as one text (or HTML) input."""
    # Read one character past the limit so an oversized stream is caught without reading it all.
    content = stream.read(settings.max_input_bytes + 1)
    if len(content) > settings.max_input_bytes:
        yield Dropped(STDIN, STAGE, _oversized_reason(settings.max_input_bytes))
    elif not content.strip():
        yield Dropped(STDIN, STAGE, "standard input is empty; pipe an article's text in")
    elif "\x00" in content:
        yield Dropped(STDIN, STAGE, "standard input holds binary data (NUL bytes); give text")
    else:
        yield RawInput(STDIN, content, _kind_of(content, "text"), published_at=published)


def _read_file(
    path: Path, settings: Settings, published: str | None
) -> Iterator[RawInput | Dropped]:
    """Return the inputs one file holds: one for text/HTML/JSON, one per line of JSON Lines."""
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        yield Dropped(source, STAGE, f"cannot read the file ({error.strerror}); check permissions")
        return
    if size == 0:
        yield Dropped(source, STAGE, "the file is empty; remove it or give it an article's text")
        return
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        # each line is one input with its own limit: the file as a whole may be larger
        yield from _read_json_lines(path, settings, published)
        return
    # stat before reading: a huge file must not be loaded just to be rejected.
    if size > settings.max_input_bytes:
        yield Dropped(source, STAGE, _oversized_reason(settings.max_input_bytes, size))
        return
    try:
        data = path.read_bytes()
    except OSError as error:
        yield Dropped(source, STAGE, f"cannot read the file ({error.strerror}); check permissions")
        return
    content, problem = decode_bytes(data)
    if content is None:
        yield Dropped(source, STAGE, problem)
        return
    if not content.strip():
        yield Dropped(source, STAGE, "the file holds only whitespace; give it an article's text")
        return
    if suffix == ".json":
        yield from _read_json(source, content, published)
    else:
        kind: Literal["text", "html"] = "html" if suffix in (".html", ".htm") else "text"
        yield RawInput(
            source, content, _kind_of(content, kind), path=source, published_at=published
        )


def decode_bytes(data: bytes) -> tuple[str | None, str]:
    """Return ``(text, "")`` for decodable bytes, else ``(None, reason)``.

    UTF-8 (with or without BOM) is tried first because nearly all news text is
    UTF-8 and detection can mislabel short inputs; other encodings are left to
    charset-normalizer.
    """
    if data.startswith(_WIDE_BOMS):
        # UTF-16/32 text carries NUL bytes by design, so it is decoded before the binary check.
        for encoding in ("utf-32", "utf-16"):
            try:
                return data.decode(encoding), ""
            except UnicodeDecodeError:
                continue
    if b"\x00" in data:
        return None, "the file is binary (it contains NUL bytes); give a text, HTML or JSON file"
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None, (
            "the file's text encoding cannot be detected; convert it to UTF-8 "
            "(e.g. with iconv) and retry"
        )
    return str(best), ""


def parse_json(text: str) -> tuple[Any, str | None]:
    """Return ``(value, None)`` for JSON text, else ``(None, why it cannot be read)``.

    Besides syntax errors, JSON nested too deeply for the parser (RecursionError) and
    numbers too long to convert (ValueError) are reasons, never crashes.
    """
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        return None, f"not valid JSON ({error.msg} at line {error.lineno} column {error.colno})"
    except RecursionError:
        return None, "JSON nested too deeply to read"
    except ValueError as error:
        return None, f"JSON that cannot be read ({error})"


def _read_json(source: str, content: str, published: str | None) -> Iterator[RawInput | Dropped]:
    """Return the article (or list of articles) a JSON file holds."""
    value, problem = parse_json(content)
    if problem:
        yield Dropped(source, STAGE, f"{problem}; fix the file")
        return
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield _from_record(f"{source}[{index}]", item, published, path=source)
    else:
        yield _from_record(source, value, published, path=source)


@dataclass(frozen=True)
class JsonLine:
    """One non-blank line of a JSON Lines stream: its value, or why it has none."""

    number: int  # 1-based line number
    value: Any = None
    problem: str | None = None


def json_lines(stream: IO[bytes] | IO[str], max_line_bytes: int) -> Iterator[JsonLine]:
    """Yield each non-blank line of a JSON Lines stream, parsed, in order.

    Lines end at ``\n`` (``\r\n`` too), never at the other characters
    ``str.splitlines`` breaks on (U+2028, U+2029, U+0085), which JSON strings may hold.
    A line longer than ``max_line_bytes`` (characters, for a text stream) is skipped
    without being held in memory; undecodable bytes, bad or too deeply nested JSON
    make a line's ``problem``, and the lines after it are read as usual.
    """
    number = 0
    while True:
        line = stream.readline(max_line_bytes + 1)
        if not line:
            return
        number += 1
        newline: Any = b"\n" if isinstance(line, bytes) else "\n"
        if len(line) > max_line_bytes and not line.endswith(newline):
            while line and not line.endswith(newline):  # skip the rest of it, a piece at a time
                line = stream.readline(1 << 20)
            yield JsonLine(number, problem=f"the line is longer than {max_line_bytes:,} bytes")
            continue
        if isinstance(line, bytes):
            decoded, problem = decode_bytes(line)  # UTF-8 first; a BOM on line 1 is dropped
            if decoded is None:
                yield JsonLine(number, problem=problem.replace("the file", "the line"))
                continue
            text = decoded
        else:
            text = line.removeprefix("\ufeff") if number == 1 else line
        if not text.strip():
            continue
        value, failure = parse_json(text)
        yield JsonLine(number, value, failure)


def _read_json_lines(
    path: Path, settings: Settings, published: str | None
) -> Iterator[RawInput | Dropped]:
    """Return one input per non-blank line of a JSON Lines file; a bad line is dropped alone."""
    source = str(path)
    with path.open("rb") as stream:
        head = stream.read(8192)
        stream.seek(0)
        lines: IO[bytes] | IO[str] = stream
        if head.startswith(_WIDE_BOMS):  # UTF-16/32: decoded whole, within the file limit
            size = path.stat().st_size
            if size > settings.max_input_bytes:
                yield Dropped(source, STAGE, _oversized_reason(settings.max_input_bytes, size))
                return
            content, problem = decode_bytes(stream.read())
            if content is None:
                yield Dropped(source, STAGE, problem)
                return
            lines = io.StringIO(content)
        elif b"\x00" in head:
            yield Dropped(
                source, STAGE, "the file is binary (it contains NUL bytes); give JSON Lines"
            )
            return
        found = False
        for line in json_lines(lines, settings.max_input_bytes):
            found = True
            where = f"{source}:{line.number}"
            if line.problem:
                yield Dropped(
                    where, STAGE, f"line {line.number}: {line.problem}; fix or remove that line"
                )
            else:
                yield _from_record(where, line.value, published, path=source)
    if not found:
        yield Dropped(source, STAGE, "the file holds only whitespace; give it an article's text")


def _from_record(
    source: str, record: Any, published: str | None, *, path: str
) -> RawInput | Dropped:
    """Return the input one JSON article record describes, or why it cannot be used."""
    if not isinstance(record, Mapping):
        return Dropped(source, STAGE, "the JSON value is not an object; give one article object")
    text = _first_text(record, TEXT_FIELDS)
    kind: Literal["text", "html"] = "text"
    if text is None:
        text = _first_text(record, HTML_FIELDS)
        kind = "html"
    if text is None:
        names = "/".join(TEXT_FIELDS + HTML_FIELDS)
        return Dropped(source, STAGE, f"the record has no article text; give it a {names} field")
    date = _first_text(record, DATE_FIELDS)
    return RawInput(
        source=source,
        content=text,
        kind=_kind_of(text, kind),
        path=path,
        url=_first_text(record, URL_FIELDS),
        title=_first_text(record, TITLE_FIELDS),
        published_at=(normalise_date(date) if date else None) or published,
        outlet=_outlet_of(record),
    )


def _first_text(record: Mapping[str, Any], names: Sequence[str]) -> str | None:
    """Return the first non-blank string among the fields ``names`` of ``record``."""
    for name in names:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _outlet_of(record: Mapping[str, Any]) -> str | None:
    """Return the outlet a record names; feeds nest it as ``{"source": {"name": ...}}``."""
    found = _first_text(record, OUTLET_FIELDS)
    if found:
        return found
    nested = record.get("source")
    if isinstance(nested, Mapping):
        return _first_text(nested, ("domain", "name", "title"))
    return None


def _kind_of(content: str, default: Literal["text", "html"]) -> Literal["text", "html"]:
    """Return "html" for content that is markup whatever its suffix said, else ``default``."""
    if default == "html":
        return "html"
    head = content[:2000]
    if _HTML_START.search(head) or len(_HTML_TAGS.findall(head)) >= 2:
        return "html"
    return "text"


def _oversized_reason(limit: int, size: int | None = None) -> str:
    """Return the reason text for an input larger than ``limit`` bytes."""
    actual = f" ({size:,} bytes)" if size is not None else ""
    return (
        f"the input is larger than max_input_bytes = {limit:,}{actual}; split it or raise "
        "max_input_bytes in the settings"
    )
