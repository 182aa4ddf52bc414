"""What one build remembers for the next, kept in the cache folder beside the output:

- a state pickle per output folder: every file's page signature, output hash and size, and the
  parsed releases with the (mtime, size) they were read at;
- a SQLite store of rendered Markdown bodies keyed by a hash of their source, shared by all
  output folders and read only for the pages a build actually renders.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .config import Settings
from .content import Release
from .content import Source as ReleaseSource
from .inputs import cache_path

STATE_VERSION = 5
Source = tuple[int, int, Release, str]  # mtime_ns, size, the release without its body, body hash
# an output file: page signature, output hash, size, page group, sitemap entry (url, alternates)
FileRecord = tuple[str, str, int, str, Any]


@dataclass
class BuildState:
    fingerprint: str = ""
    out_dir: str = ""
    files: dict[str, FileRecord] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)  # content path → its Source
    pages: int = 0  # HTML pages and feeds of that build, for a rebuild that has nothing to do
    feeds: int = 0
    related: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # release path → its related list


def _state_file(settings: Settings, out_dir: Path) -> Path:
    key = hashlib.blake2b(str(out_dir).encode("utf-8"), digest_size=8).hexdigest()
    return cache_path(settings) / f"state-{key}.pickle"


# Releases are stored as plain tuples: pickling tens of thousands of dataclasses costs ten times more.
_RELEASE_FIELDS = tuple(f.name for f in fields(Release))


def _flat(release: Release) -> tuple[Any, ...]:
    values = [getattr(release, name) for name in _RELEASE_FIELDS]
    source = release.source
    if source is not None:
        values[_RELEASE_FIELDS.index("source")] = (source.dump, source.record, source.hash)
    return tuple(values)


def _release(values: tuple[Any, ...]) -> Release:
    data = dict(zip(_RELEASE_FIELDS, values, strict=True))
    data["source"] = None if data["source"] is None else ReleaseSource(*data["source"])
    return Release(**data)


def load_state(settings: Settings, out_dir: Path) -> BuildState | None:
    """The last successful build's state for this output folder; None when unusable."""
    try:
        with open(_state_file(settings, out_dir), "rb") as handle:
            version, fields_, data = pickle.load(handle)
        if version != STATE_VERSION or fields_ != _RELEASE_FIELDS or data["out_dir"] != str(out_dir):
            return None
        data["sources"] = {path: (mtime, size, _release(flat), key)
                           for path, (mtime, size, flat, key) in data["sources"].items()}
        return BuildState(**data)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, ImportError, KeyError,
            TypeError):
        return None


def save_state(settings: Settings, out_dir: Path, state: BuildState) -> None:
    target = _state_file(settings, out_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(f".tmp{os.getpid()}")
    data = dict(vars(state))
    data["sources"] = {path: (mtime, size, _flat(release), key)
                       for path, (mtime, size, release, key) in state.sources.items()}
    with open(temporary, "wb") as handle:
        pickle.dump((STATE_VERSION, _RELEASE_FIELDS, data), handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, target)


class BodyStore:
    """Rendered bodies by source hash. Opened per build; closed when the build ends."""

    def __init__(self, settings: Settings) -> None:
        folder = cache_path(settings)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(folder / "bodies.sqlite")
            self.db.execute("CREATE TABLE IF NOT EXISTS body (key TEXT PRIMARY KEY, html TEXT NOT NULL)")
        except sqlite3.DatabaseError:  # a damaged cache is rebuilt, never trusted
            (folder / "bodies.sqlite").unlink(missing_ok=True)
            self.db = sqlite3.connect(folder / "bodies.sqlite")
            self.db.execute("CREATE TABLE IF NOT EXISTS body (key TEXT PRIMARY KEY, html TEXT NOT NULL)")

    def get_many(self, keys: Iterable[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        wanted = list(keys)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(self.db.execute(f"SELECT key, html FROM body WHERE key IN ({marks})", chunk))
        return found

    def put_many(self, bodies: dict[str, str]) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO body VALUES (?, ?)", sorted(bodies.items()))

    def close(self) -> None:
        self.db.close()
