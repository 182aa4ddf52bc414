"""What one build remembers for the next, kept in the cache folder beside the output:

- a state pickle per output folder: every file's page signature, output hash and size, and the
  parsed releases with the (mtime, size) they were read at;
- beside it, a quick summary (QuickState) that a build with nothing to do reads instead;
- while a build swaps its site in, an `.unsettled` mark: a build killed after its swap and
  before saving its state leaves a state that no longer describes the output, and the mark
  says so (the next build then trusts no state, compares every page's bytes, and repairs).

Callers reach them through generator.incremental.cache, the one caching seam.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import pickle
from dataclasses import dataclass, field, fields
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple

from generator.config import Settings
from generator.content.release import Release
from generator.content.release import Source as ReleaseSource
from generator.incremental.fingerprint import cache_path
from generator.incremental.indexstamp import index_key

STATE_VERSION = 9


class ReadRecord(NamedTuple):
    """A release as the last build read it."""

    mtime_ns: int  # the file's, when it was read
    size: int
    release: Release  # without its body
    body_key: str  # the hash of its body (generator.site.model.body_key)


class FileRecord(NamedTuple):
    """An output file as the last build wrote it."""

    signature: str  # of the page it was rendered from (generator.site.model.Page.signature)
    digest: str  # of its bytes
    size: int
    group: str  # the page's group, for a partial build's scope
    sitemap: Any  # its sitemap entry (url, alternates, lastmod), or None


# Records are stored as plain tuples and made records again by tuple.__new__, called from C:
# unpickling ~27,000 named tuples through their Python __new__ costs three times more.
_file_record = partial(tuple.__new__, FileRecord)
_source = partial(tuple.__new__, ReadRecord)


@dataclass
class BuildState:
    fingerprint: str = ""
    out_dir: str = ""
    files: dict[str, FileRecord] = field(default_factory=dict)
    sources: dict[str, ReadRecord] = field(default_factory=dict)  # content path → its ReadRecord
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
    return {path: GONE if v is GONE else (v.mtime_ns, v.size, flatten(v.release), v.body_key)
            for path, v in sources.items()}


def _unpack_sources(sources: dict[str, Any]) -> dict[str, Any]:
    return {path: GONE if v is GONE else _source((v[0], v[1], unflatten(v[2]), v[3]))
            for path, v in sources.items()}


def _pack_files(files: dict[str, Any]) -> dict[str, Any]:
    return {path: GONE if v is GONE else tuple(v) for path, v in files.items()}


def _unpack_files(files: dict[str, Any]) -> dict[str, Any]:
    if GONE in files.values():  # a journal's
        return {path: GONE if v is GONE else _file_record(v) for path, v in files.items()}
    return dict(zip(files, map(_file_record, files.values()), strict=True))


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
    index_key: str  # what the search index of these pages is made for (indexstamp.index_key)


def _write_quick(target: Path, state: BuildState) -> None:
    quick = (state.fingerprint, state.out_dir, state.pages, state.feeds,
             {path: (v.mtime_ns, v.size) for path, v in state.sources.items()},
             {path: v.size for path, v in state.files.items()},
             index_key(state.fingerprint, ((path, v.digest) for path, v in state.files.items())))
    temporary = target.with_suffix(f".quicktmp{os.getpid()}")
    temporary.write_bytes(marshal.dumps((STATE_VERSION, quick)))
    os.replace(temporary, target.with_suffix(".quick"))


def load_quick(settings: Settings, out_dir: Path) -> QuickState | None:
    """The quick summary of the state; None when there is none (then load the state)."""
    try:
        version, (fingerprint, out, pages, feeds, stats, sizes, key) = marshal.loads(
            _state_file(settings, out_dir).with_suffix(".quick").read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if version != STATE_VERSION or out != str(out_dir) or _unsettled(settings, out_dir):
        return None
    return QuickState(fingerprint, pages, feeds, stats, sizes, key)


def _unsettled(settings: Settings, out_dir: Path) -> bool:
    return _state_file(settings, out_dir).with_suffix(".unsettled").exists()


def unsettle_state(settings: Settings, out_dir: Path) -> None:
    """Mark the state as not describing the output until the next save_state: the output is
    about to change (the mark is a file of its own, so it costs no rewrite of the state)."""
    target = _state_file(settings, out_dir).with_suffix(".unsettled")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.touch()


def load_state(settings: Settings, out_dir: Path) -> BuildState | None:
    """The last successful build's state for this output folder; None when unusable."""
    target = _state_file(settings, out_dir)
    if _unsettled(settings, out_dir):
        return None
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
        data["files"] = _unpack_files(data["files"])
        journal = {**journal, "sources": _unpack_sources(journal.get("sources", {})),
                   "files": _unpack_files(journal.get("files", {}))}
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
            journal["files"] = _pack_files(journal["files"])
            _dump(target.with_suffix(".journal"), (previous.base_id, scalars, journal))
            _write_quick(target, state)
            target.with_suffix(".unsettled").unlink(missing_ok=True)
            return
    data = {**scalars, **{table: getattr(state, table) for table in TABLES}}
    data["sources"] = _pack_sources(state.sources)
    data["files"] = _pack_files(state.files)
    base_id = os.urandom(8).hex()
    _dump(target, (STATE_VERSION, _RELEASE_FIELDS, base_id, data))
    target.with_suffix(".journal").unlink(missing_ok=True)
    _write_quick(target, state)
    target.with_suffix(".unsettled").unlink(missing_ok=True)
