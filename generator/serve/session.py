"""A build session for `pressroom serve`: builds one after another in one process, keeping the
last build's state in memory, and leaving the slow, non-urgent work until after the reload.

Each build after the first skips reading the state pickle (the session holds the state the last
build made) and hands two jobs to a background thread: writing that state to disk (so a later
`pressroom build` starts from it) and bringing the search index up to date, which reads every
page's hash and takes a second or more on a large site. The browser reloads as soon as the pages
are written; search catches up a few seconds later. Until the state is written, the one on disk
is removed, so no other build can trust an outdated record of the output. The session lives in
the build process (generator.serve.buildprocess); when the server stops while the process is
idle, it has a moment to end this work (`finish`), and is killed after that, so a stop never
waits for the index. The state on disk is written whole or not at all (then the next build starts
from scratch); the index is written beside the site and swapped in, so a stopped run leaves the
previous index.

The session is the build's StateStore (generator.incremental.cache): the build loads and saves
its state through it, and never imports serve. It also keeps what the last build knew (a
PreviewKit) to write the page of a saved release ahead of the rebuild (generator.site.preview),
and forgets it when a build fails: a kit is only good beside the output it made.

Search follows a page written ahead the same way: as the rebuild starts, a forked child
(generator.workers.fork_aside) brings the index up to date with that page, on the other core,
so search has the new text about a second before the rebuild and its own indexing would give
it. It is the same index_site as ever, for the site as it then is (the last build's pages and
the page ahead), and nothing relies on it: the finisher still indexes after the rebuild, from
the rebuild's record, and waits for the child first (one index is written at a time), as does
a full build. Any index keeps what it read of a page under the hash of the bytes it read
(generator/site/search.py), so a page the rebuild changed meanwhile, or put back, is read again.
After a failed rebuild, which put the page ahead back, the site is indexed again from its files.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any

from generator.config import Settings
from generator.errors import PressroomError, located, shown_path
from generator.incremental.cache import DiskStore
from generator.incremental.state import BuildState, QuickState
from generator.site.build import build_site
from generator.site.outfiles import file_digest
from generator.site.preview import PreviewKit, render_ahead, write_ahead
from generator.site.search import index_site
from generator.workers import Aside, fork_aside, thread_beside


class BuildSession:
    """Callable like generator.serve.rebuild.BuildSite; one per `pressroom serve`. A StateStore."""

    def __init__(self) -> None:
        self.states: dict[Path, BuildState] = {}
        self.kits: dict[Path, PreviewKit] = {}  # out → what its last build knew
        self.ahead: dict[Path, tuple[str, bytes | None]] = {}  # out → the page written ahead, its old bytes
        self.searching: dict[Path, Aside] = {}  # out → the child indexing its page ahead
        self._lock = threading.Lock()
        self._due: dict[Path, tuple[Settings, BuildState | None, bool]] = {}  # out → what to finish
        self._finisher: threading.Thread | None = None
        self.disk = DiskStore()  # where the first build finds the state, and the finisher leaves it

    def __call__(self, settings: Settings, out_dir: Path | None = None, *, progress: bool = False,
                 changed: set[Path] | None = None) -> Any:
        if changed is None:
            # a full build (the first, or after a theme or settings change) indexes at once, as
            # `pressroom build` does; the index must not be written twice at a time on the same site
            finisher = self._finisher
            if finisher is not None:
                finisher.join()
            self._searched()
        out = _out(settings, out_dir)
        ahead = self.ahead.pop(out, None)
        if ahead is not None:
            self._search_ahead(settings, out, ahead[0])
        try:
            report = build_site(settings, out_dir, progress=progress, changed=changed, search=changed is None,
                                store=self)
        except BaseException:
            # a build that found nothing to change keeps the kit; one that failed may have
            # changed the output part way: no kit describes it
            self.kits.pop(out, None)
            if ahead is not None:  # the failed build's release is not the last good build's
                _put_back(out, *ahead)
                # which an index may have read (the child's ahead, or the finisher's of the build
                # before): indexed again from the pages as they are
                self.save(settings, out, None, reindex=True)
            raise
        if ahead is not None and not self._holds(out, ahead[0]):
            # saved again between the page ahead and the rebuild's reading, the release came out
            # as the last build had it: the build kept that page's record, not the file ahead.
            # Gone, it is made again (generator.site.build plans a kept page whose file is gone).
            (out / ahead[0]).unlink(missing_ok=True)
            report = build_site(settings, out_dir, progress=progress, changed=set(), search=False, store=self)
        return report

    def preview(self, settings: Settings, out_dir: Path | None, changed: set[Path]) -> str | None:
        """Write the saved release's page ahead of the rebuild of `changed`
        (generator.site.preview); its URL path (from the site root), or None."""
        out = _out(settings, out_dir)
        kit = self.kits.get(out)
        made = render_ahead(kit, settings, changed) if kit is not None else None
        if made is None:
            return None
        with self._lock:
            self.disk.forget(settings, out)  # the output is about to differ from the state on disk
        page = out / made[0]
        self.ahead[out] = (made[0], page.read_bytes() if page.is_file() else None)
        return write_ahead(out, *made)

    def _search_ahead(self, settings: Settings, out: Path, path: str) -> None:
        """Index the site with the page written ahead at `path` in a forked child, beside the
        rebuild (module doc); not while the finisher or an earlier child works (either may be
        indexing), nor where fork_aside does not fork."""
        state = self.states.get(out)
        with self._lock:
            busy = self._finisher is not None
        earlier = self.searching.get(out)  # not waited for yet: one index at a time
        if busy or (earlier is not None and earlier.running()) or state is None or path not in state.files:
            return
        try:
            digests = {name: record.digest for name, record in state.files.items()}
            digests[path] = file_digest((out / path).read_bytes())
        except OSError:
            return

        def index() -> None:
            with contextlib.suppress(PressroomError, OSError):  # the finisher meets it too, and reports it
                index_site(settings, out, digests)

        child = fork_aside(index)
        if child is not None:
            self.searching[out] = child

    def _searched(self, out: Path | None = None) -> None:
        """Wait for the child indexing ahead into `out` (None: every output folder) to end."""
        for folder in [out] if out is not None else list(self.searching):
            child = self.searching.pop(folder, None)
            if child is not None:
                child.wait()

    def _holds(self, out: Path, path: str) -> bool:
        """Whether the output's file at `path` is the one the last build's state records."""
        state = self.states.get(out)
        record = state.files.get(path) if state is not None else None
        try:
            return record is not None and file_digest((out / path).read_bytes()) == record.digest
        except OSError:
            return False

    def keep_kit(self, out: Path, kit: PreviewKit) -> None:
        self.kits[out] = kit

    def quick(self, settings: Settings, out: Path) -> QuickState | None:
        """None: the state in memory is as quick to have, and the one on disk may be outdated."""
        return None

    def load(self, settings: Settings, out: Path) -> BuildState | None:
        with self._lock:
            state = self.states.get(out)
            if state is not None:
                return state
        return self.disk.load(settings, out)

    def save(self, settings: Settings, out: Path, state: BuildState | None, *,
             previous: BuildState | None = None, reindex: bool) -> None:
        """Called at the end of each build with its new state (None: unchanged); `reindex`:
        whether the site changed and was not indexed by the build. `previous` is not needed:
        the state is written whole, off the build's path."""
        with self._lock:
            if state is not None:
                self.states[out] = state
            if state is None and not reindex:
                return
            due = self._due.get(out)
            keep = state if state is not None else (due[1] if due else None)
            self._due[out] = (settings, keep, (due[2] if due else False) or reindex)
            if keep is not None:
                self.disk.forget(settings, out)  # stale until the finisher writes the new one
            if self._finisher is None:
                # counted as running beside the builds: no worker is forked until it ends
                self._finisher = thread_beside(self._finish, "pressroom-finish")

    def finish(self) -> None:
        """Wait for the state and the search index to be written (the build process's last act)."""
        finisher = self._finisher
        if finisher is not None:
            finisher.join()
        self._searched()

    def _write(self, settings: Settings, out: Path, state: BuildState | None, index: bool) -> bool:
        """Index the site (if due) and keep the state on disk; whether it indexed. The index
        first: a reader waits for it, while the state on disk is only for the next serve or build
        (which, until it is written, finds none and builds in full); kept even if indexing fails."""
        try:
            if index:
                self._searched(out)  # one index at a time
                # the state's hashes name the pages as written: only changed ones are read
                digests = {path: record.digest for path, record in state.files.items()} if state else None
                index_site(settings, out, digests)
        finally:
            if state is not None:
                self.disk.save(settings, out, state, previous=None, reindex=False)
        return index

    def _finish(self) -> None:
        indexed = False
        while True:
            with self._lock:
                if not self._due:
                    self._finisher = None
                    if indexed:  # said only once nothing is due: search is as current as the pages
                        print(f"[{time.strftime('%H:%M:%S')}] search index updated", flush=True)
                    return
                out, (settings, state, index) = self._due.popitem()
            try:
                indexed = self._write(settings, out, state, index) or indexed
            except PressroomError as error:
                where = located(error, error.problem, settings.root, settings.content_path)
                print(f"search index not updated: {where}", file=sys.stderr, flush=True)
            except OSError as error:  # a full disk: one line, and keep serving
                where = shown_path(error.filename or out, settings.root)
                print(f"search index not updated: {where}: {error.strerror or error}",
                      file=sys.stderr, flush=True)
            except Exception:  # a bug: its traceback is for the terminal; keep serving
                traceback.print_exc()


def _put_back(out: Path, path: str, old: bytes | None) -> None:
    """The page written ahead replaced by the bytes it replaced (none: removed)."""
    if old is None:
        (out / path).unlink(missing_ok=True)
    else:
        write_ahead(out, path, old)


def _out(settings: Settings, out_dir: Path | None) -> Path:
    """The output folder as the build names it (generator.site.build)."""
    return (out_dir or settings.output_path).absolute().resolve()
