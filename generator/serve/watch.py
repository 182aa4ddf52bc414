"""Seeing saves as they happen: a livereload Watcher fed by the OS, and a Debouncer that turns
a burst of saves into one batch of changed paths (generator.serve.rebuild builds each batch).

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
from collections.abc import Callable
from pathlib import Path

from livereload.watcher import Watcher
from tornado.ioloop import IOLoop
from watchdog import events
from watchdog.observers import Observer

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
    """Whether a path is an editor's side file (or hidden), which must not cause a rebuild."""
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
            self._observer.join(timeout=1)  # its threads are daemons: never hold up a stop
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
