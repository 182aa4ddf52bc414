"""What one build remembers for the next, kept in the cache folder beside the output:

- a state pickle per output folder: every file's page signature, output hash and size, and the
  parsed releases with the (mtime, size) they were read at;
- a SQLite store of rendered Markdown bodies keyed by a hash of their source, shared by all
  output folders and read only for the pages a build actually renders.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import pickle
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from operator import attrgetter
from pathlib import Path
from typing import Any

from generator.config import Settings
from generator.content.release import Release
from generator.content.release import Source as ReleaseSource
from generator.incremental.fingerprint import cache_path

STATE_VERSION = 7
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
    features: dict[str, tuple[str, ...]] = field(default_factory=dict)  # path → related.features
    # Where this state was read from: the base file's id and the journal kept beside it.
    base_id: str = field(default="", compare=False, repr=False)
    journal: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False, repr=False)


# The big tables of a state. A build that changes a few entries of them appends those to a
# journal beside the base file instead of writing tens of thousands of entries again.
TABLES = ("files", "sources", "related", "features")
JOURNAL_LIMIT = 2000  # entries; beyond, the base is written whole again
GONE = None  # a table entry the journal removes (no table holds None as a value)


def _state_file(settings: Settings, out_dir: Path) -> Path:
    key = hashlib.blake2b(str(out_dir).encode("utf-8"), digest_size=8).hexdigest()
    return cache_path(settings) / f"state-{key}.pickle"


# Releases are stored as plain tuples: pickling tens of thousands of dataclasses costs ten times more.
_RELEASE_FIELDS = tuple(f.name for f in fields(Release))
_SOURCE_AT = _RELEASE_FIELDS.index("source")
_values = attrgetter(*_RELEASE_FIELDS)


def flatten(release: Release) -> tuple[Any, ...]:
    values = _values(release)
    source = values[_SOURCE_AT]
    if source is None:
        return values
    return (*values[:_SOURCE_AT], (source.dump, source.record, source.hash), *values[_SOURCE_AT + 1:])


def unflatten(values: tuple[Any, ...]) -> Release:
    if values[_SOURCE_AT] is not None:
        values = (*values[:_SOURCE_AT], ReleaseSource(*values[_SOURCE_AT]), *values[_SOURCE_AT + 1:])
    # what the frozen dataclass's __init__ does, without its per-field object.__setattr__ calls
    release = object.__new__(Release)
    release.__dict__.update(zip(_RELEASE_FIELDS, values, strict=True))
    return release


def _pack_sources(sources: dict[str, Any]) -> dict[str, Any]:
    return {path: GONE if v is GONE else (v[0], v[1], flatten(v[2]), v[3]) for path, v in sources.items()}


def _unpack_sources(sources: dict[str, Any]) -> dict[str, Any]:
    return {path: GONE if v is GONE else (v[0], v[1], unflatten(v[2]), v[3]) for path, v in sources.items()}


def _dump(target: Path, data: Any) -> None:
    temporary = target.with_suffix(f".tmp{os.getpid()}")
    with open(temporary, "wb") as handle:
        pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, target)


@dataclass(frozen=True)
class QuickState:
    """The little a rebuild with nothing to do needs of the state: written beside it after
    every save, and read instead of it (the whole state takes ten times longer to load)."""

    fingerprint: str
    pages: int
    feeds: int
    stats: dict[str, tuple[int, int]]  # content path → (mtime_ns, size) it was read at
    sizes: dict[str, int]  # output file → its size


def _write_quick(target: Path, state: BuildState) -> None:
    quick = (state.fingerprint, state.out_dir, state.pages, state.feeds,
             {path: (v[0], v[1]) for path, v in state.sources.items()},
             {path: v[2] for path, v in state.files.items()})
    temporary = target.with_suffix(f".quicktmp{os.getpid()}")
    temporary.write_bytes(marshal.dumps((STATE_VERSION, quick)))
    os.replace(temporary, target.with_suffix(".quick"))


def load_quick(settings: Settings, out_dir: Path) -> QuickState | None:
    """The quick summary of the state; None when there is none (then load the state)."""
    try:
        version, (fingerprint, out, pages, feeds, stats, sizes) = marshal.loads(
            _state_file(settings, out_dir).with_suffix(".quick").read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if version != STATE_VERSION or out != str(out_dir):
        return None
    return QuickState(fingerprint, pages, feeds, stats, sizes)


def load_state(settings: Settings, out_dir: Path) -> BuildState | None:
    """The last successful build's state for this output folder; None when unusable."""
    target = _state_file(settings, out_dir)
    try:
        with open(target, "rb") as handle:
            version, fields_, base_id, data = pickle.load(handle)
        if version != STATE_VERSION or fields_ != _RELEASE_FIELDS or data["out_dir"] != str(out_dir):
            return None
        journal: dict[str, dict[str, Any]] = {}
        try:
            with open(target.with_suffix(".journal"), "rb") as handle:
                journal_base, scalars, journal = pickle.load(handle)
            if journal_base != base_id:
                return None  # a journal without its base: the state is not whole
            data.update(scalars)
        except FileNotFoundError:
            pass
        data["sources"] = _unpack_sources(data["sources"])
        journal = {**journal, "sources": _unpack_sources(journal.get("sources", {}))}
        for table in TABLES:
            for key, value in journal.get(table, {}).items():
                if value is GONE:
                    data[table].pop(key, None)
                else:
                    data[table][key] = value
        return BuildState(**data, base_id=base_id, journal=journal)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, ImportError, KeyError,
            TypeError):
        return None


def forget_state(settings: Settings, out_dir: Path) -> None:
    """Remove the saved state: the output is about to differ from it."""
    target = _state_file(settings, out_dir)
    target.with_suffix(".quick").unlink(missing_ok=True)
    target.with_suffix(".journal").unlink(missing_ok=True)
    target.unlink(missing_ok=True)


def _changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    # unchanged entries are mostly the very same objects: `is` spares comparing them
    changed = {key: value for key, value in new.items()
               if (was := old.get(key, GONE)) is not value and was != value}
    changed.update((key, GONE) for key in old.keys() - new.keys())
    return changed


def save_state(settings: Settings, out_dir: Path, state: BuildState,
               previous: BuildState | None = None) -> None:
    """Write `state`; when `previous` is the state read from disk by this build, only the
    entries that changed since are appended to its journal (while the journal stays short)."""
    target = _state_file(settings, out_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    # gone while the state changes, written after it: a quick file never outlives its state
    target.with_suffix(".quick").unlink(missing_ok=True)
    scalars = {name: getattr(state, name) for name in ("fingerprint", "out_dir", "pages", "feeds")}
    if previous is not None and previous.base_id and previous.out_dir == state.out_dir:
        journal = {table: {**previous.journal.get(table, {}),
                           **_changes(getattr(previous, table), getattr(state, table))}
                   for table in TABLES}
        if sum(map(len, journal.values())) <= JOURNAL_LIMIT:
            journal["sources"] = _pack_sources(journal["sources"])
            _dump(target.with_suffix(".journal"), (previous.base_id, scalars, journal))
            _write_quick(target, state)
            return
    data = {**scalars, **{table: getattr(state, table) for table in TABLES}}
    data["sources"] = _pack_sources(state.sources)
    base_id = os.urandom(8).hex()
    _dump(target, (STATE_VERSION, _RELEASE_FIELDS, base_id, data))
    target.with_suffix(".journal").unlink(missing_ok=True)
    _write_quick(target, state)


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
