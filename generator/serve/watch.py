"""Seeing saves as they happen and rebuilding: a livereload Watcher fed by the OS, a debouncer,
and the Rebuilder that turns a burst of saves into one build and then reloads the browsers.

livereload's own Watcher walks every watched file every 800 ms: on a 20,000-release archive that
is a slow, CPU-hungry poll, and its reload throttle (LiveReloadHandler ignores changes within
three seconds of a reload) would swallow a second edit made one second after the first. This
Watcher keeps livereload's interface (`Server.watch` registers paths, `LiveReloadHandler` starts
it) but learns of changes from inotify through watchdog, as MkDocs does, and hands each changed
path to the task's function on the IOLoop thread. It never asks livereload to reload: the
preview server reloads browsers itself once a rebuild has finished.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop
from tornado.locks import Event
from watchdog import events
from watchdog.observers import Observer

from generator.config import Settings, load_settings
from generator.errors import PressroomError, Problem

# Event kinds that mean a file's bytes or presence changed. Opening and reading a file (which
# the build itself does) must never count, or every build would trigger the next one.
CHANGING_EVENTS = frozenset({
    events.EVENT_TYPE_CREATED, events.EVENT_TYPE_MODIFIED, events.EVENT_TYPE_MOVED,
    events.EVENT_TYPE_DELETED, events.EVENT_TYPE_CLOSED, events.EVENT_TYPE_ATTRIB,
})
# Files editors write beside the one being saved (vim's swap files and its 4913 probe, emacs
# locks and autosaves, backups): they are not part of the site.
EDITOR_SUFFIXES = (".swp", ".swx", ".swo", ".tmp", "~")


def is_editor_noise(path: Path) -> bool:
    name = path.name
    return name.startswith((".", "#")) or name.endswith(EDITOR_SUFFIXES) or name == "4913"


PathCallback = Callable[[Path], None]


class _Forward(events.FileSystemEventHandler):
    """Runs in watchdog's thread: filters events, then passes paths to the IOLoop thread."""

    def __init__(self, loop: IOLoop, target: Path, func: PathCallback,
                 ignore: Callable[[str], bool] | None) -> None:
        self._loop = loop
        self._target = target
        self._func = func
        self._ignore = ignore

    def on_any_event(self, event: events.FileSystemEvent) -> None:
        if event.event_type not in CHANGING_EVENTS:
            return
        # A folder's "modified" only echoes a change to a file inside it, reported on its own.
        if event.is_directory and event.event_type == events.EVENT_TYPE_MODIFIED:
            return
        raw_paths = [event.src_path]
        if event.event_type == events.EVENT_TYPE_MOVED:
            raw_paths.append(event.dest_path)
        for raw in raw_paths:
            path = Path(os.fsdecode(raw))
            if path != self._target and self._target not in path.parents:
                continue  # a neighbour of a single watched file, such as pyproject.toml
            if is_editor_noise(path) or (self._ignore is not None and self._ignore(str(path))):
                continue
            self._loop.add_callback(self._func, path)


class EventWatcher(Watcher):
    """A livereload Watcher that is told of changes by inotify (watchdog) instead of polling."""

    def __init__(self, loop: IOLoop) -> None:
        super().__init__()
        self._loop = loop
        self._observer = Observer()
        self._started = False

    def watch(self, path: str, func: PathCallback | None = None, delay: object = None,
              ignore: Callable[[str], bool] | None = None) -> None:
        """Call `func(changed_path)` on the IOLoop thread for every change at or under `path`."""
        super().watch(path, func, delay, ignore=ignore)
        if func is None:
            raise ValueError("EventWatcher.watch needs a function to call on changes")
        target = Path(path).resolve()
        if target.is_dir():
            self._observer.schedule(_Forward(self._loop, target, func, ignore), str(target), recursive=True)
            return

        # A single file, or a folder not created yet (templates/ is optional): watch the parent
        # alone, so that saving by rename is seen, and watch a folder inside once it appears.
        def appeared(changed: Path) -> None:
            if changed == target and target.is_dir():
                self._observer.schedule(_Forward(self._loop, target, func, ignore), str(target),
                                        recursive=True)
            func(changed)

        self._observer.schedule(_Forward(self._loop, target, appeared, ignore), str(target.parent))

    def start(self, callback: Callable[[], None] | None = None) -> bool:
        """Start the observer thread; True tells livereload not to poll on its own."""
        if not self._started:
            self._observer.start()
            self._started = True
        return True

    def examine(self) -> tuple[None, None]:
        # livereload polls this to decide on reloads, subject to its three-second throttle.
        # Reloads come from the preview server after each rebuild instead, so there is
        # nothing for livereload to do here.
        return None, None

    def stop(self) -> None:
        if self._started:
            self._observer.stop()
            self._observer.join(timeout=5)
            self._started = False


class Debouncer:
    """Collects paths until `quiet` seconds pass without a new one, then flushes them at once.

    A burst of saves (an editor writing a file in steps, a script touching many files, a
    `git checkout`) becomes one rebuild. `longest` bounds the wait so that a file written
    continuously still gets rebuilt now and then. Runs on the IOLoop thread only.
    """

    def __init__(self, loop: IOLoop, flush: Callable[[set[Path]], None],
                 quiet: float = 0.1, longest: float = 1.0) -> None:
        self._loop = loop
        self._flush = flush
        self._quiet = quiet
        self._longest = longest
        self._pending: set[Path] = set()
        self._first = 0.0
        self._timer: object | None = None

    @property
    def waiting(self) -> bool:
        return bool(self._pending)

    def add(self, path: Path) -> None:
        now = self._loop.time()
        if not self._pending:
            self._first = now
        self._pending.add(path)
        if self._timer is not None:
            self._loop.remove_timeout(self._timer)
        self._timer = self._loop.call_at(min(now + self._quiet, self._first + self._longest), self._fire)

    def _fire(self) -> None:
        self._timer = None
        paths, self._pending = self._pending, set()
        if paths:
            self._flush(paths)


DEBOUNCE_SECONDS = 0.1


class BuildSite(Protocol):
    def __call__(self, settings: Settings, out_dir: Path | None = None, *, progress: bool = False,
                 changed: set[Path] | None = None) -> Any: ...


@dataclass(frozen=True)
class Outcome:
    problem: Problem | None
    seconds: float
    what: str
    summary: str = ""


class Rebuilder:
    """Owns the site's state while serving: is a build due or running, and did the last one fail.

    Lives on the IOLoop thread; only `_build` runs in the worker thread, one build at a time.
    """

    def __init__(self, settings: Settings, config: Path, base_url: str | None, build: BuildSite,
                 loop: IOLoop) -> None:
        self.settings = settings
        self.output = settings.output_path
        self.base_path = settings.base_path
        self.problem: Problem | None = None
        # Cleared from the first save until the rebuild it causes is done: requests wait on it,
        # so a page fetched right after a save is never the stale or a half-written one.
        self.idle = Event()
        self.idle.set()
        self._config = config
        self._base_url = base_url
        self._build_site = build
        self._loop = loop
        self._debouncer = Debouncer(loop, self._start, quiet=DEBOUNCE_SECONDS)
        self._queued: set[Path] = set()
        # What the last, failed build was for: it goes into the next build too, so that fixing
        # another file does not hide a file that is still broken.
        self._unbuilt: set[Path] = set()
        self._full_due = False
        self._worker: threading.Thread | None = None

    def notice(self, path: Path) -> None:
        """A watched path changed (IOLoop thread)."""
        self.idle.clear()
        self._debouncer.add(path)

    def build_now(self) -> None:
        """The first build, before serving; a failure is shown, and the server starts anyway."""
        self._report(self._build(None))

    def wait(self) -> None:
        """On shutdown: let a running build finish, so the site is not left half-written."""
        worker = self._worker
        if worker is not None and worker.is_alive():
            print("waiting for the running build to finish (Ctrl-C again to abandon it)", file=sys.stderr)
            worker.join()

    def _start(self, paths: set[Path]) -> None:
        if self._worker is not None:
            self._queued |= paths
            return
        self._worker = threading.Thread(target=self._work, args=(paths,), name="pressroom-build", daemon=True)
        self._worker.start()

    def _work(self, paths: set[Path]) -> None:
        self._loop.add_callback(self._finished, self._build(paths))

    def _finished(self, outcome: Outcome) -> None:
        self._worker = None
        self._report(outcome)
        if self._queued:
            paths, self._queued = self._queued, set()
            self._start(paths)
        elif not self._debouncer.waiting:
            self.idle.set()
            # Straight to the browsers: livereload's own poll would drop a reload that comes
            # within three seconds of the previous one.
            LiveReloadHandler.reload_waiters("*")

    def _plan(self, paths: set[Path]) -> tuple[set[Path] | None, str]:
        """What to rebuild: the changed releases, or everything (None) for any other change."""
        if self._config in paths:
            new = load_settings(self._config).with_base_url(self._base_url)
            if (new.output_path, new.base_path) != (self.output, self.base_path):
                # The routes were made for the old folder and path: keep building for them.
                print("note: output_dir or base_url changed; restart pressroom serve to preview them",
                      file=sys.stderr, flush=True)
                new = replace(new, output_dir=self.settings.output_dir, base_url=self.settings.base_url)
            self.settings = new
            return None, "settings changed"
        content = self.settings.content_path
        releases = {p for p in paths if p.suffix == ".md" and content in p.parents
                    and p.relative_to(content).parts[0] in self.settings.languages}
        if releases != paths:
            return None, f"{_shown(min(paths - releases), self.settings.root)} changed"
        return releases, ", ".join(_shown(p, self.settings.root) for p in sorted(releases)[:3]) + (
            f" and {len(releases) - 3} more" if len(releases) > 3 else "")

    def _build(self, paths: set[Path] | None) -> Outcome:
        started = time.monotonic()
        what = "first build"
        changed: set[Path] | None = None
        if paths is not None:
            paths = paths | self._unbuilt
        try:
            if paths is not None:
                changed, what = self._plan(paths)
            if self._full_due:
                changed = None
            progress = paths is None and sys.stderr.isatty()
            report = self._build_site(self.settings, progress=progress, changed=changed)
        except Exception as error:
            self._unbuilt = paths or set()
            self._full_due = self._full_due or changed is None
            if isinstance(error, PressroomError):
                return Outcome(error.problem, time.monotonic() - started, what)
            traceback.print_exc()  # a bug in the build: say so, keep serving the last good site
            return Outcome(Problem("pressroom", None, f"internal error: {error!r}"), 0.0, what)
        self._unbuilt = set()
        self._full_due = False
        summary = report.summary() if hasattr(report, "summary") else ""
        return Outcome(None, time.monotonic() - started, what, summary)

    def _report(self, outcome: Outcome) -> None:
        self.problem = outcome.problem
        stamp = time.strftime("%H:%M:%S")
        if outcome.problem is None:
            print(f"[{stamp}] {outcome.what}: {outcome.summary or 'built'} "
                  f"({outcome.seconds:.2f} s in all)", flush=True)
        else:
            print(outcome.problem, file=sys.stderr, flush=True)
            print(f"[{stamp}] build failed; still serving the last good site, with this error "
                  "shown in the page, until the file is fixed", file=sys.stderr, flush=True)


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if root in path.parents else str(path)
