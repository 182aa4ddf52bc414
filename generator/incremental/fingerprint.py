"""What a build is made from, as one fingerprint; `deploy` uses it to refuse a stale site."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Iterable
from pathlib import Path

from generator.config import Settings
from generator.content.files import VOCABULARY_FILE, release_files

LAST_BUILD_FILE = "last-build.json"
HASHES_FILE = "input-hashes.pickle"


def cache_path(settings: Settings) -> Path:
    """Where build caches and records live: beside the output, never inside it."""
    return settings.root / ".pressroom-cache"


def _content_files(content: Path, releases: Iterable[str] | None = None) -> list[tuple[str, ...]]:
    """What a build reads of content/: the releases and the vocabulary (not the import's
    manifest, nor anything else kept there), so that a build with nothing to do is one whose
    inputs did not change."""
    vocabulary = [(VOCABULARY_FILE,)] if (content / VOCABULARY_FILE).is_file() else []
    releases = release_files(content) if releases is None else releases
    return sorted([*vocabulary, *(tuple(path.split("/")) for path in releases)])


def _files(folder: Path) -> list[tuple[str, ...]]:
    """Every file below `folder` as path parts, in pathlib's order (os.walk is far faster
    than rglob on tens of thousands of files)."""
    found = []
    for current, _, names in os.walk(folder):
        parts = Path(current).relative_to(folder).parts
        found += [(*parts, name) for name in names]
    return sorted(found)


def input_fingerprint(settings: Settings, release_stats: dict[str, tuple[int, int]] | None = None,
                      release_hashes: dict[str, bytes] | None = None) -> str:
    """A hash over every file the site is built from: releases, vocabulary, theme, overrides,
    settings.
    Each file's own hash is remembered with its mtime and size, so unchanged files are not
    read again; the fingerprint is the same as hashing every file's bytes. `release_stats`: the
    release files with their (mtime, size), where a build has just listed them; `release_hashes`:
    the SHA-256 of those it has just read (at those stats)."""
    release_stats = release_stats or {}
    release_hashes = release_hashes or {}
    memo_file = cache_path(settings) / HASHES_FILE
    try:
        memo: dict[str, tuple[int, int, bytes]] = pickle.loads(memo_file.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        memo = {}
    fresh: dict[str, tuple[int, int, bytes]] = {}
    digest = hashlib.sha256()
    digest.update(repr(sorted((k, str(v)) for k, v in vars(settings).items() if k != "base_url")).encode())
    for folder in (settings.content_path, settings.theme_path, settings.templates_path):
        if not folder.is_dir():
            continue
        # relpath, not relative_to: a theme may live outside the project (a shared theme)
        prefix = Path(os.path.relpath(folder, settings.root)).as_posix()
        base = str(folder) + os.sep
        in_content = folder == settings.content_path
        listing = _content_files(folder, release_stats or None) if in_content else _files(folder)
        for parts in listing:
            path = base + os.sep.join(parts)
            stat = release_stats.get("/".join(parts)) if in_content else None
            if stat is None:
                status = os.stat(path)
                stat = (status.st_mtime_ns, status.st_size)
            known = memo.get(path)
            if known is None or known[:2] != stat:
                digest_of_file = release_hashes.get("/".join(parts)) if in_content else None
                if digest_of_file is None:
                    with open(path, "rb") as handle:
                        digest_of_file = hashlib.sha256(handle.read()).digest()
                known = (*stat, digest_of_file)
            fresh[path] = known
            name = "/".join(parts) if prefix == "." else prefix + "/" + "/".join(parts)
            digest.update(name.encode() + b"\0")
            digest.update(known[2])
    if fresh != memo:
        try:
            memo_file.parent.mkdir(parents=True, exist_ok=True)
            temporary = memo_file.with_suffix(f".tmp{os.getpid()}")
            temporary.write_bytes(pickle.dumps(fresh, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(temporary, memo_file)
        except OSError:  # a read-only cache only costs speed
            pass
    return digest.hexdigest()


def record_build(settings: Settings, out_dir: Path, inputs_unchanged: bool = False,
                 release_stats: dict[str, tuple[int, int]] | None = None,
                 release_hashes: dict[str, bytes] | None = None) -> None:
    """Called at the end of a successful build. `inputs_unchanged`: the build found nothing
    changed since the last one, so a record of that build for this output stays true.
    `release_stats`, `release_hashes`: as for input_fingerprint."""
    if inputs_unchanged:
        record = last_build(settings)
        same_site = record and record.get("output") == str(out_dir.resolve())
        if same_site and record.get("base_url") == settings.base_url:
            return
    record = {"fingerprint": input_fingerprint(settings, release_stats, release_hashes),
              "base_url": settings.base_url, "output": str(out_dir.resolve())}
    folder = cache_path(settings)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / LAST_BUILD_FILE).write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")


def last_build(settings: Settings) -> dict[str, str] | None:
    try:
        return json.loads((cache_path(settings) / LAST_BUILD_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
