"""Gather: the releases of content/, parsed once and remembered between builds.

The state keeps each release without its body (bodies are most of the bytes, and rendered
bodies are cached by hash anyway), with the file's mtime and size and the body's hash. A file
whose mtime and size did not change is not read again. Nor is a body kept: the build reads it
again from its file only if the body cache lacks its HTML (generator.incremental.bodystore).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.config import Settings
from generator.content.bundles import BUNDLE_DEPTH, INDEX, BundleFile, bundle_stamp, is_bundle, with_bundle
from generator.content.files import read_file, release_files, release_text
from generator.content.frontmatter import parse_release
from generator.content.markup import body_mode
from generator.content.release import Release
from generator.errors import ContentError
from generator.incremental.state import BuildState, ReadRecord, flatten, unflatten
from generator.site.outfiles import body_key
from generator.site.parallel import split_work


@dataclass
class Gathered:
    releases: list[Release]  # in path order, without their bodies (read again when converted)
    body_keys: dict[str, str]  # release path → its body's key (rendering mode, Markdown hash)
    sources: dict[str, ReadRecord]  # the state's record for the next build
    file_hashes: dict[str, bytes] = field(default_factory=dict)  # SHA-256 of the files read now
    # body hash → (file name, width, height) of its page bundle's images, for the conversion
    images: dict[str, tuple[tuple[str, int, int], ...]] = field(default_factory=dict)
    touched: bool = False  # whether any file was read or is gone since the last build
    changed: set[str] = field(default_factory=set)  # content paths read now or gone since then


def _stats(content: Path, files: Iterable[str]) -> Iterator[tuple[str, int, int]]:
    """Each release file (relative to content/) with its mtime_ns and size: what says whether
    the file changed since it was last read (a page bundle's changes with any of its files)."""
    base = str(content) + os.sep
    for relative in files:
        try:
            stat = os.stat(base + relative)
        except OSError as error:  # a dangling link, a file gone while we looked
            raise ContentError(relative, None, f"cannot read the file: {error.strerror}") from None
        if is_bundle(relative):
            yield relative, *bundle_stamp(base, relative, stat.st_mtime_ns, stat.st_size)
        else:
            yield relative, stat.st_mtime_ns, stat.st_size


def unchanged(settings: Settings, stats: dict[str, tuple[int, int]], files: list[str]) -> bool:
    """Whether the release files (as release_files lists them) are exactly these, each at this
    (mtime, size)."""
    if len(files) != len(stats):
        return False
    try:
        return all(stats.get(relative) == (mtime, size)
                   for relative, mtime, size in _stats(settings.content_path, files))
    except ContentError:
        return False  # gather says what is wrong with it


def read_source(file: str, relative: str) -> tuple[Release, bytes]:
    """content.files.read_release with its bundle's files (generator.content.bundles), and the
    file's SHA-256 (the build record's input fingerprint wants it; hashing bytes in hand spares
    reading them again)."""
    data = read_file(file, relative)
    release = parse_release(release_text(data, relative), relative)
    return with_bundle(file[:-len(relative)], release), hashlib.sha256(data).digest()


def image_sizes(release: Release) -> tuple[tuple[str, int, int], ...]:
    """(name, width, height) of the images of a release's bundle: what its body's HTML shows."""
    files: tuple[BundleFile, ...] = release.bundle.files if release.bundle else ()
    return tuple((f.name, f.width, f.height) for f in files if f.width)


def bundle_body_key(release: Release) -> str:
    """The key of a release's rendered body: its Markdown, and its bundle's image sizes."""
    sizes = image_sizes(release)
    if not sizes:
        return body_key(release.body)
    # the sizes after a dot, so the Markdown's own hash stays readable (outfiles.markdown_hash)
    return f"{body_key(release.body)}.{hashlib.blake2b(repr(sizes).encode(), digest_size=8).hexdigest()}"


def _changed_release(path: Path, content: Path) -> Path | None:
    """The release file a watcher's changed path below content/ stands for: a release file
    itself; for a file of a page bundle (or its folder, gone), the bundle's index.md."""
    parts = path.relative_to(content).parts
    if len(parts) > BUNDLE_DEPTH or (len(parts) == BUNDLE_DEPTH and path.suffix != ".md"):
        return content.joinpath(*parts[:BUNDLE_DEPTH], INDEX)
    return path if path.suffix == ".md" else None


def gather(settings: Settings, state: BuildState | None, changed: set[Path] | None,
           listing: list[str] | None = None) -> Gathered:
    """Read the releases, reusing the parsed ones whose file did not change since last time.
    With `changed` (paths a watcher saw change), only those are looked at. `listing`: the
    release files, where the caller has listed them already."""
    content = settings.content_path
    known = state.sources if state else {}
    sources: dict[str, ReadRecord] = {}
    gone: set[str] = set()
    if changed is not None and state is not None:
        sources = dict(known)
        files = []
        inside = content.absolute()
        releases = {_changed_release(Path(path).absolute(), inside) for path in changed
                    if Path(path).absolute().is_relative_to(inside)}
        for path in sorted(p for p in releases if p is not None):
            if path.suffix == ".md":
                relative = path.relative_to(content.absolute()).as_posix()
                if sources.pop(relative, None) is not None:
                    gone.add(relative)
                if path.is_file():
                    files.append(relative)
    else:
        files = release_files(content, settings.languages) if listing is None else listing
        gone = set(known) - set(files)
    to_read = []
    for relative, mtime, size in _stats(content, files):
        cached = known.get(relative)
        if changed is None and cached and cached.mtime_ns == mtime and cached.size == size:
            sources[relative] = cached
        else:
            to_read.append((relative, mtime, size))
    base = str(content) + os.sep

    def read(items: Sequence[tuple[str, int, int]]) -> list[tuple[str, int, int, Any, bytes, str]]:
        # flat tuples: a worker's releases come back pickled, and dataclasses pickle slowly;
        # without their bodies, which the build reads again when it converts them (and only then)
        done = []
        for rel, mtime, size in items:
            release, digest = read_source(base + rel, rel)
            key = bundle_body_key(release)
            done.append((rel, mtime, size, flatten(replace(release, body="")), digest, key))
        return done

    hashes = {}
    for relative, mtime, size, flat, digest, key in split_work(read, to_read):
        hashes[relative] = digest
        sources[relative] = ReadRecord(mtime, size, unflatten(flat), key)
    return _gathered(settings, sources, hashes, gone | {relative for relative, _, _ in to_read})


def _gathered(settings: Settings, sources: dict[str, ReadRecord], hashes: dict[str, bytes],
              changed: set[str]) -> Gathered:
    """What gather found, with each body's key: its rendering mode, which follows from the
    release and the settings of this build (never from a state a build with other settings
    left), then its hash."""
    allow_html = settings.allow_html
    keys = {path: body_mode(source.release.hand_written, allow_html) + source.body_key
            for path, source in sources.items()}
    images = {keys[path]: image_sizes(source.release) for path, source in sources.items()
              if source.release.bundle is not None}
    return Gathered(releases=[sources[path].release for path in sorted(sources)], body_keys=keys,
                    sources=sources, file_hashes=hashes, images=images,
                    touched=bool(changed), changed=changed)
