"""The dataset's JSONL lines of the last build, found again so an edit does not make them all.

`data/releases.jsonl` holds every release's text and Markdown: made from nothing, it reads every
release file again and turns every body into plain text (3–4 s at 10,000 releases per language),
whatever changed. Each line is a function of its CSV row and its body key (generator/site/
dataset.py), so a line is named by a hash of the two (and of what the build is signed with, so new
code makes new lines), and the names of the lines of each file written are kept in the cache
folder under the hash of the file's bytes (the hash the build records for it, worked out once).
The next build reads the JSONL its output folder holds, hashes it, and only if a list of names
was kept for exactly those bytes takes the lines from it: a file edited by hand, damaged, or left
by another build is simply not used.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from generator.site.outfiles import file_hasher

Row = tuple[str, ...]  # a dataset row: the CSV columns in FIELDS order (lists `;`-joined, no date: "")
_BLOCK = 1 << 22  # bytes read at a time
_KEPT = 2  # lists kept: the file just written, and the one still in the output if the build fails


def row_text(row: Row) -> str:
    """A row as one string that no other row gives: the fields' lengths, then the fields (joining
    is several times quicker than a repr, which escapes every character; the lengths make the
    joins of different rows differ even where a field holds the separator)."""
    return repr(tuple(map(len, row))) + "\0" + "\0".join(row)


def rows_key(rows: tuple[Row, ...]) -> str:
    """A hash of every row, in order, to sign the files made of them."""
    digest = hashlib.blake2b(digest_size=16)
    for row in rows:
        digest.update(row_text(row).encode("utf-8"))
    return digest.hexdigest()


class LineCache:
    """Lines of the JSONL in the output folder (`written`), by name; names kept in `folder`.
    `read=False` (`--no-cache`): nothing is taken from the last build, the names are still kept."""

    def __init__(self, written: Path, folder: Path, signed: str, *, read: bool = True) -> None:
        self.written = written
        self.folder = folder
        self.signed = signed
        self.read = read

    def name(self, row: Row, body_key: str) -> str:
        """What a line is made from, as its name (`signed` and `body_key` are hex: no separator)."""
        text = f"{self.signed}\0{body_key}\0{row_text(row)}"
        return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()

    def previous(self) -> dict[str, bytes]:
        """The output's lines by name (without their newline); empty when they cannot be trusted."""
        if not self.read:
            return {}
        # read in blocks, each hashed whole and cut into lines (a hash update and a read per line
        # cost a tenth of a second at 10,000 releases per language): the file is held once, as lines
        hasher, lines, tail = file_hasher(), [], b""
        try:
            with open(self.written, "rb") as handle:
                while block := handle.read(_BLOCK):
                    hasher.update(block)
                    lines += (tail + block).split(b"\n")
                    tail = lines.pop()
            names = (self.folder / f"{hasher.hexdigest()}.names").read_text(encoding="ascii").split()
        except (OSError, ValueError):
            return {}
        # a file the build wrote ends every line with a newline (a list was kept for its bytes)
        if len(lines) != len(names) or tail:
            return {}
        return dict(zip(names, lines, strict=True))

    def remember(self, names: list[str], digest: str) -> None:
        """Keep the names of the lines of the file about to be written, whose file_digest is
        `digest`; a cache, so a failure to keep them costs only time."""
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            target = self.folder / f"{digest}.names"
            temporary = self.folder / f".{target.name}.{os.getpid()}"
            temporary.write_text("\n".join(names) + "\n", encoding="ascii")
            os.replace(temporary, target)
            kept = sorted(self.folder.glob("*.names"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
            for old in kept[_KEPT:]:
                old.unlink(missing_ok=True)
