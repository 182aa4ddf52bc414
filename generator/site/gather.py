"""Gather: the releases of content/, parsed once and remembered between builds.

The state keeps each release without its body (bodies are most of the bytes, and rendered
bodies are cached by hash anyway), with the file's mtime and size and the body's hash. A file
whose mtime and size did not change is not read again.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.config import Settings
from generator.content.frontread import read_release_text
from generator.content.release import Release, read_release
from generator.errors import ContentError
from generator.incremental.fingerprint import release_files
from generator.incremental.state import BuildState, Source, flatten, unflatten
from generator.site.outfiles import body_key
from generator.site.parallel import split_work


@dataclass
class Gathered:
    releases: list[Release]  # in path order, without their bodies (see `bodies`)
    body_keys: dict[str, str]  # release path → hash of its Markdown body
    sources: dict[str, Source]  # the state's record for the next build
    bodies: dict[str, str] = field(default_factory=dict)  # body hash → Markdown, for files read now
    file_hashes: dict[str, bytes] = field(default_factory=dict)  # SHA-256 of the files read now
    touched: bool = False  # whether any file was read or is gone since the last build
    changed: set[str] = field(default_factory=set)  # content paths read now or gone since then


def unchanged(settings: Settings, stats: dict[str, tuple[int, int]], files: list[str]) -> bool:
    """Whether the release files (as release_files lists them) are exactly these, each at this
    (mtime, size)."""
    if len(files) != len(stats):
        return False
    base = str(settings.content_path) + os.sep
    for relative in files:
        known = stats.get(relative)
        if known is None:
            return False
        try:
            stat = os.stat(base + relative)
        except OSError:
            return False  # gather says what is wrong with it
        if known[0] != stat.st_mtime_ns or known[1] != stat.st_size:
            return False
    return True


def _read(file: str, relative: str) -> tuple[Release, bytes]:
    """content.read_release, through the fast front matter reader, and the file's SHA-256 (the
    build record's input fingerprint wants it; hashing bytes in hand spares reading them again)."""
    try:
        with open(file, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise ContentError(relative, None, f"cannot read the file: {error.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ContentError(relative, None, f"not UTF-8 text ({error.reason})") from None
    if "\r" in text:  # what text mode's universal newlines would have done
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return read_release_text(text, relative), hashlib.sha256(data).digest()


def gather(settings: Settings, state: BuildState | None, changed: set[Path] | None,
           listing: list[str] | None = None) -> Gathered:
    """Read the releases, reusing the parsed ones whose file did not change since last time.
    With `changed` (paths a watcher saw change), only those are looked at. `listing`: the
    release files, where the caller has listed them already."""
    content = settings.content_path
    known = state.sources if state else {}
    sources: dict[str, Source] = {}
    gone: set[str] = set()
    if changed is not None and state is not None:
        sources = dict(known)
        files = []
        for path in changed:
            path = Path(path).absolute()
            if path.suffix == ".md" and path.is_relative_to(content.absolute()):
                relative = path.relative_to(content.absolute()).as_posix()
                if sources.pop(relative, None) is not None:
                    gone.add(relative)
                if path.is_file():
                    files.append(relative)
    else:
        files = release_files(content) if listing is None else listing
        gone = set(known) - set(files)
    base = str(content) + os.sep
    to_read = []
    for relative in files:
        try:
            stat = os.stat(base + relative)
        except OSError as error:  # a dangling link, a file gone while we looked
            raise ContentError(relative, None, f"cannot read the file: {error.strerror}") from None
        cached = known.get(relative)
        if changed is None and cached and cached[0] == stat.st_mtime_ns and cached[1] == stat.st_size:
            sources[relative] = cached
        else:
            to_read.append((relative, stat.st_mtime_ns, stat.st_size))

    def read(items: Sequence[tuple[str, int, int]]) -> list[tuple[str, int, int, tuple[Any, ...], bytes]]:
        # flat tuples: a worker's releases come back pickled, and dataclasses pickle slowly
        done = []
        for rel, mtime, size in items:
            release, digest = _read(base + rel, rel)
            done.append((rel, mtime, size, flatten(release), digest))
        return done

    bodies = {}
    hashes = {}
    for relative, mtime, size, flat, digest in split_work(read, to_read):
        release = unflatten(flat)
        hashes[relative] = digest
        key = body_key(release.body)
        bodies[key] = release.body
        sources[relative] = (mtime, size, replace(release, body=""), key)
    # bodies stay only in `bodies`, which the build lets go of once they are converted
    releases = [sources[path][2] for path in sorted(sources)]
    return Gathered(releases=releases, body_keys={path: source[3] for path, source in sources.items()},
                    sources=sources, bodies=bodies, file_hashes=hashes, touched=bool(gone or to_read),
                    changed=gone | {item[0] for item in to_read})


def read_bodies(settings: Settings, gathered: Gathered, keys: set[str]) -> dict[str, str]:
    """The Markdown of the given body hashes: from files read in this build, else read again
    (only when the rendered-body cache lost them)."""
    found = {key: gathered.bodies[key] for key in keys if key in gathered.bodies}
    missing = keys - found.keys()
    if missing:
        for path, source in gathered.sources.items():
            if source[3] in missing:
                found[source[3]] = read_release(settings.content_path, settings.content_path / path).body
    return found
