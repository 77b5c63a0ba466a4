"""Reading inputs: files, folders, JSON, JSON Lines, stdin, and every way an input can be bad."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest

from conftest import SEEDS_PUBLISHED
from newsfuse.errors import ConfigError
from newsfuse.records import Dropped, RawInput
from newsfuse.settings import Settings
from newsfuse.sources import read_inputs

TEXT = "Fighters took the town on Tuesday after heavy fighting, residents said.\n"


def _read(*paths: str | Path, **options: object) -> list[RawInput | Dropped]:
    return list(read_inputs(list(paths), Settings(), **options))  # type: ignore[arg-type]


def _dropped(items: list[RawInput | Dropped]) -> list[Dropped]:
    return [item for item in items if isinstance(item, Dropped)]


def test_sources_reads_seed_folder_with_published_fallback(seed_paths: list[Path]) -> None:
    items = _read(seed_paths[0].parent, published=SEEDS_PUBLISHED)
    assert [item.source for item in items] == [str(path) for path in seed_paths]
    assert all(isinstance(item, RawInput) and item.published_at == "2025-03-20" for item in items)


def test_sources_folder_is_recursive_sorted_and_filtered(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(TEXT)
    (tmp_path / "1.htm").write_text("<html><body><p>x</p></body></html>")
    (tmp_path / "notes.md").write_text(TEXT)
    (tmp_path / ".hidden.txt").write_text(TEXT)
    items = _read(tmp_path)
    assert [Path(item.source).name for item in items] == ["1.htm", "2.txt"]
    assert [item.kind for item in items if isinstance(item, RawInput)] == ["html", "text"]


def test_sources_missing_path_is_dropped(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    (dropped,) = _read(missing)
    assert isinstance(dropped, Dropped)
    assert dropped.source == str(missing) and "no such file" in dropped.reason


def test_sources_binary_file_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (dropped,) = _read(path)
    assert isinstance(dropped, Dropped) and "binary" in dropped.reason


def test_sources_empty_file_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    (dropped,) = _read(path)
    assert isinstance(dropped, Dropped) and dropped.source == str(path)
    assert "empty" in dropped.reason


def test_sources_invalid_utf8_is_decoded_by_detection(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    text = "Le président a déclaré que l'armée s'était retirée à l'aube, près de la rivière."
    path.write_bytes(text.encode("cp1252"))
    (item,) = _read(path)
    assert isinstance(item, RawInput) and "président" in item.content


def test_sources_utf8_bom_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.encode())
    (item,) = _read(path)
    assert isinstance(item, RawInput) and item.content == TEXT


def test_sources_undecodable_file_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    rng = random.Random(1)
    path.write_bytes(bytes(rng.randrange(1, 256) for _ in range(2000)))  # no NUL: not "binary"
    (dropped,) = _read(path)
    assert isinstance(dropped, Dropped) and "encoding" in dropped.reason


def test_sources_oversized_file_is_dropped_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: 50 MB on paper, nothing on disk
        handle.truncate(50 * 1024 * 1024)

    def refuse(self: Path) -> bytes:
        raise AssertionError("an oversized file was read")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    (dropped,) = _read(path)
    assert isinstance(dropped, Dropped) and "max_input_bytes" in dropped.reason


def test_sources_malformed_json_line_is_dropped_alone(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    good = json.dumps({"title": "A", "text": TEXT})
    path.write_text(f"{good}\n{{not json\n\n{good}\n")
    items = _read(path)
    assert [item.source for item in items] == [f"{path}:1", f"{path}:2", f"{path}:4"]
    assert isinstance(items[1], Dropped) and "line 2" in items[1].reason
    assert all(isinstance(item, RawInput) for item in (items[0], items[2]))


def test_sources_json_record_fields_are_mapped(tmp_path: Path) -> None:
    path = tmp_path / "article.json"
    record = {
        "maintext": TEXT,
        "title": "Town falls",
        "url": "https://example.org/a",
        "date_publish": "2025-03-19 14:05:00",
        "source_domain": "example.org",
    }
    path.write_text(json.dumps(record))
    (item,) = _read(path, published="2025-01-01")
    assert isinstance(item, RawInput)
    assert (item.title, item.url, item.outlet) == (
        "Town falls",
        "https://example.org/a",
        "example.org",
    )
    assert item.published_at == "2025-03-19T14:05:00"


def test_sources_json_record_without_text_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"title": "only a title"}) + "\n")
    (dropped,) = _read(path)
    assert isinstance(dropped, Dropped) and "no article text" in dropped.reason


def test_sources_stdin_is_read_as_text() -> None:
    (item,) = _read("-", stdin=io.StringIO(TEXT), published="2025-03-20T08:00:00Z")
    assert isinstance(item, RawInput)
    assert (item.source, item.published_at) == ("<stdin>", "2025-03-20T08:00:00+00:00")


def test_sources_bad_published_date_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="YYYY-MM-DD"):
        read_inputs(["-"], Settings(), published="next Tuesday")


def test_sources_html_in_a_txt_file_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "saved.txt"
    path.write_text("<!DOCTYPE html><html><body><p>Text</p></body></html>")
    (item,) = _read(path)
    assert isinstance(item, RawInput) and item.kind == "html"


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
def test_sources_json_lines_keep_unicode_line_separators_inside_strings(
    tmp_path: Path, separator: str
) -> None:
    path = tmp_path / "feed.jsonl"
    rows = [{"text": f"First part.{separator}Second part. {TEXT}"}, {"text": TEXT}]
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), "utf-8")
    items = _read(path)
    assert [item.source for item in items] == [f"{path}:1", f"{path}:2"]
    assert isinstance(items[0], RawInput) and separator in items[0].content


def test_sources_deeply_nested_json_is_one_skipped_input(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (tmp_path / "deep.jsonl").write_text(
        "[" * 100_000 + "]" * 100_000 + "\n" + json.dumps({"text": TEXT})
    )
    (tmp_path / "good.txt").write_text(TEXT)
    items = _read(tmp_path)
    reasons = {item.source: item.reason for item in _dropped(items)}
    assert "nested too deeply" in reasons[str(tmp_path / "deep.json")]
    assert "nested too deeply" in reasons[f"{tmp_path / 'deep.jsonl'}:1"]
    assert {item.source for item in items if isinstance(item, RawInput)} == {
        f"{tmp_path / 'deep.jsonl'}:2",
        str(tmp_path / "good.txt"),
    }


def test_sources_json_lines_over_the_limit_lose_only_the_long_line(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    good = json.dumps({"text": TEXT})
    path.write_text("\n".join([good, json.dumps({"text": "x" * 5000}), good, good]) + "\n")
    items = list(read_inputs([path], Settings(max_input_bytes=1000)))  # the file is 5.3 kB
    assert [type(item).__name__ for item in items] == [
        "RawInput",
        "Dropped",
        "RawInput",
        "RawInput",
    ]
    assert "longer than 1,000 bytes" in items[1].reason  # type: ignore[union-attr]


def test_sources_json_lines_reads_a_stream_line_by_line_with_its_limit() -> None:
    from newsfuse.sources import json_lines

    stream = io.BytesIO(b'{"a": 1}\n' + b"9" * 50 + b"\n\n\xff\xfe\n" + '{"b": "\u2028"}'.encode())
    lines = list(json_lines(stream, 20))
    assert [(line.number, line.value) for line in lines if not line.problem] == [
        (1, {"a": 1}),
        (5, {"b": "\u2028"}),
    ]
    assert [line.number for line in lines if line.problem] == [2, 4]
