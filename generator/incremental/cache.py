"""The one caching seam: everything a build remembers for the next is reached through `Cache`.

The caches, all in the cache folder beside the output (generator.incremental.fingerprint's
cache_path), never inside it:

- the build state of each output folder, with its journal (generator.incremental.state): the
  parsed releases, and every output file's page signature, hash and size;
- what its search index was made for (generator.incremental.indexstamp);
- its quick summary, which a build with nothing to do reads instead;
- the rendered Markdown bodies, by the hash of their source (BodyStore, SQLite);
- the hash of every release file, by its mtime and size (for the build record deploy checks);
- Jinja's compiled templates;
- what each page gave the search index, for each output folder (generator/site/searchcache.py), kept up to
  date page by page;
- the names of the dataset's JSONL lines in each output folder (generator/site/datasetlines.py).

One switch, `Cache(enabled=False)` (`pressroom build --no-cache`), makes a build read none of
them: it parses every release, renders every page and compares its bytes with the output
folder's, exactly as the first build into that folder does. It still writes them all afresh,
so the next build is quick again, and a cache that was damaged or suspect is replaced.
The state may live elsewhere than on disk: `pressroom serve` keeps it in memory through a
StateStore of its own (generator.serve.session).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import jinja2

from generator.config import Settings
from generator.incremental.bodystore import BodyStore, StoredBodies
from generator.incremental.fingerprint import build_fingerprint, cache_path, made_from, record_build
from generator.incremental.indexstamp import index_current, stamp_index
from generator.incremental.state import (
    BuildState,
    QuickState,
    forget_state,
    load_quick,
    load_state,
    save_state,
    unsettle_state,
)

if TYPE_CHECKING:
    from generator.site.preview import PreviewKit

__all__ = ["BodyStore", "Cache", "DiskStore", "StateStore", "StoredBodies", "cache_path",
           "search_pages_folder"]


def output_cache(settings: Settings, out: Path, name: str) -> Path:
    """The cache folder `name` of the output folder `out` (each output folder has its own)."""
    key = hashlib.blake2b(str(out.absolute()).encode("utf-8"), digest_size=8).hexdigest()
    return cache_path(settings) / f"{name}-{key}"


def search_pages_folder(settings: Settings, out: Path) -> Path:
    """Where what each page gave the search index of the output folder `out` is kept between builds."""
    return output_cache(settings, out, "search-pages")


class StateStore(Protocol):
    """Where a build finds the last build's state for an output folder, and leaves its own."""

    def quick(self, settings: Settings, out: Path) -> QuickState | None:
        """The quick summary; None when there is none (the build then loads the state)."""

    def load(self, settings: Settings, out: Path) -> BuildState | None:
        """The last build's state; None when there is none or it is unusable."""

    def save(self, settings: Settings, out: Path, state: BuildState | None, *,
             previous: BuildState | None, reindex: bool) -> None:
        """Keep `state` (None: the build changed nothing); `previous`: the state the build
        loaded; `reindex`: the output changed and the build did not index it for search."""

    def keep_kit(self, out: Path, kit: PreviewKit) -> None:
        """What the finished build knew, for serve to write a saved release's page ahead of its
        rebuild (generator.site.preview)."""


class DiskStore:
    """The state in the cache folder, as `pressroom build` keeps it."""

    def quick(self, settings: Settings, out: Path) -> QuickState | None:
        return load_quick(settings, out)

    def load(self, settings: Settings, out: Path) -> BuildState | None:
        return load_state(settings, out)

    def save(self, settings: Settings, out: Path, state: BuildState | None, *,
             previous: BuildState | None, reindex: bool) -> None:
        if state is not None:  # `reindex` is serve's: a build indexes before it saves
            save_state(settings, out, state, previous=previous)

    def forget(self, settings: Settings, out: Path) -> None:
        """Remove the state: the output is about to differ from it."""
        forget_state(settings, out)

    def keep_kit(self, out: Path, kit: PreviewKit) -> None:
        """Nothing: `pressroom build` ends with the build."""


class _WriteOnlyBytecode(jinja2.FileSystemBytecodeCache):
    """Compiled templates are written for the next build, but none is read."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        return None


@dataclass
class Cache:
    """Every cache of one build into `out`. `enabled=False`: read none, write all afresh."""

    settings: Settings
    out: Path
    enabled: bool = True
    store: StateStore = field(default_factory=DiskStore)
    _made: str = field(default="", init=False, repr=False)

    @property
    def folder(self) -> Path:
        return cache_path(self.settings)

    def made_from(self) -> str:
        """generator.incremental.fingerprint.made_from, worked out once per build."""
        if not self._made:
            self._made = made_from(self.settings)
        return self._made

    def fingerprint(self) -> str:
        """What page signatures start from; a state made with another one is not reused."""
        return build_fingerprint(self.settings, self.made_from())

    def quick_state(self) -> QuickState | None:
        return self.store.quick(self.settings, self.out) if self.enabled else None

    def state(self) -> BuildState | None:
        return self.store.load(self.settings, self.out) if self.enabled else None

    def inputs_changed(self) -> None:
        """The build rewrote one of the files made_from covers (content/redirects.yaml): its
        record for deploy is made from the file as it now is."""
        self._made = ""

    def save_state(self, state: BuildState | None, previous: BuildState | None, *, reindex: bool) -> None:
        self.store.save(self.settings, self.out, state, previous=previous, reindex=reindex)

    def keep_kit(self, kit: PreviewKit) -> None:
        self.store.keep_kit(self.out, kit)

    def unsettle(self) -> None:
        """The output is about to change: no state may be trusted until this build saves its own."""
        unsettle_state(self.settings, self.out)

    def index_current(self, bundle: str, key: str) -> bool:
        """Whether the output's search index is whole and made for pages of `key`."""
        return self.enabled and index_current(self.settings, self.out, bundle, key)

    def stamp_index(self, bundle: str, key: str) -> None:
        stamp_index(self.settings, self.out, bundle, key)

    def dataset_lines(self) -> Path:
        """Where the names of the dataset's JSONL lines are kept (generator/site/datasetlines.py)."""
        return output_cache(self.settings, self.out, "dataset-lines")

    def bodies(self) -> BodyStore:
        """The rendered bodies (generator.incremental.bodystore); with the cache off, it finds
        none of an earlier build's, and keeps what it is given."""
        return BodyStore(self.folder, read=self.enabled)

    def shelved_bodies(self) -> StoredBodies:
        """The rendered bodies as the pages read them, once every body they show is stored."""
        return StoredBodies(self.folder)

    def templates(self) -> jinja2.BytecodeCache:
        """Jinja's compiled templates (compiling them is a third of a quick rebuild)."""
        folder = self.folder / "templates"
        folder.mkdir(parents=True, exist_ok=True)
        kind = jinja2.FileSystemBytecodeCache if self.enabled else _WriteOnlyBytecode
        return kind(str(folder))

    def record(self, *, unchanged: bool = False, stats: dict[str, tuple[int, int]] | None = None,
               hashes: dict[str, bytes] | None = None) -> None:
        """The build record deploy checks (generator.incremental.fingerprint.record_build)."""
        record_build(self.settings, self.out, unchanged, stats, hashes, made=self.made_from(),
                     use_memo=self.enabled)
