"""The dataset's JSONL line cache: what names a line, what signs the data files, and when the
lines of the last build are taken."""

from __future__ import annotations

from pathlib import Path

from generator.site.datasetlines import LineCache, row_text, rows_key
from generator.site.outfiles import file_digest


def test_rows_that_join_alike_are_told_apart() -> None:
    """Rows are joined, not repr'd, for speed: a separator inside a field must not make two
    different rows one (a stale line, or a CSV not written again)."""
    a, b = ("x\0y", "z"), ("x", "y\0z")
    assert "\0".join(a) == "\0".join(b)
    assert row_text(a) != row_text(b)
    cache = LineCache(Path("unused"), Path("unused"), "signed")
    assert cache.name(a, "k") != cache.name(b, "k")
    assert rows_key((a,)) != rows_key((b,))
    assert rows_key((a, b)) != rows_key((b, a))
    assert rows_key((a, b)) == rows_key((("x\0y", "z"), ("x", "y\0z")))  # a function of the rows


def test_lines_are_taken_only_from_the_bytes_their_names_were_kept_for(tmp_path: Path) -> None:
    written, folder = tmp_path / "releases.jsonl", tmp_path / "cache"
    cache = LineCache(written, folder, "signed")
    rows = [("a", "1"), ("b", "2")]
    names = [cache.name(row, "key") for row in rows]
    data = b'{"a":1}\n{"b":2}\n'
    written.write_bytes(data)
    cache.remember(names, file_digest(data))
    assert cache.previous() == {names[0]: b'{"a":1}', names[1]: b'{"b":2}'}
    written.write_bytes(data.replace(b"1", b"9"))  # edited by hand: nothing is taken
    assert cache.previous() == {}
    written.write_bytes(data)
    assert LineCache(written, folder, "signed", read=False).previous() == {}  # --no-cache
