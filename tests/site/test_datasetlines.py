"""The dataset's JSONL line cache: what names a line, what signs the data files, and when the
lines of the last build are taken."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.site import datasetlines
from generator.site.datasetlines import LineCache, row_text, rows_key
from generator.site.outfiles import file_digest, in_blocks


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


def test_lines_cut_across_read_blocks_are_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file is read in blocks: a line that spans two blocks is still one line, and a file
    whose last line has no newline (not the build's) is not trusted."""
    monkeypatch.setattr(datasetlines, "_BLOCK", 3)
    written, folder = tmp_path / "releases.jsonl", tmp_path / "cache"
    cache = LineCache(written, folder, "signed")
    rows = [("a", "1"), ("b", "2"), ("c", "3")]
    names = [cache.name(row, "key") for row in rows]
    data = b'{"a":1}\n{"bb":22}\n{}\n'
    written.write_bytes(data)
    cache.remember(names, file_digest(data))
    assert list(cache.previous().values()) == [b'{"a":1}', b'{"bb":22}', b"{}"]
    unended = data[:-1]
    written.write_bytes(unended)
    cache.remember(names[:2], file_digest(unended))  # as many names as whole lines
    assert cache.previous() == {}


@given(st.lists(st.binary(max_size=9)), st.integers(min_value=1, max_value=20))
def test_blocks_hold_the_pieces_in_order(pieces: list[bytes], size: int) -> None:
    blocks = list(in_blocks(pieces, size))
    assert b"".join(blocks) == b"".join(pieces)
    assert all(len(block) >= size for block in blocks[:-1])
