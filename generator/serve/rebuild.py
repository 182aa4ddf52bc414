"""Rebuilding while serving: the Rebuilder turns each batch of saved paths into one build, asked
of the build process (generator.serve.buildprocess) from a worker thread; it decides whether
that build can be incremental, reports it, and then reloads the browsers. A failed build leaves
the last good site in place and is retried with the next save, together with whatever it was
building for. The saved release's own page may come sooner: when the build process writes it
ahead of the rebuild (generator.site.preview), it is served at once and the browsers reload;
every other page waits for the rebuild as before.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote

from livereload.handlers import LiveReloadHandler
from tornado.ioloop import IOLoop
from tornado.locks import Condition, Event

import generator.progress as reporting
from generator.config import Settings, load_settings
from generator.errors import PressroomError, Problem, located
from generator.serve.watch import Debouncer

# Long enough to gather the steps of one save (write, rename, chmod), short enough not to be seen.
DEBOUNCE_SECONDS = 0.1


class BuildSite(Protocol):
    """What the Rebuilder calls to build: generator.site.build.build_site or a session around it
    (generator.serve.session), so tests can stand in a build of their own."""

    def __call__(self, settings: Settings, out_dir: Path | None = None, *, progress: bool = False,
                 changed: set[Path] | None = None) -> Any: ...


class Builds(BuildSite, Protocol):
    """What the Rebuilder calls (generator.serve.buildprocess.BuildProcess): a BuildSite that
    tells `ahead` the URL path of a page written ahead of the rebuild."""

    def __call__(self, settings: Settings, out_dir: Path | None = None, *, progress: bool = False,
                 changed: set[Path] | None = None, ahead: Callable[[str], None] | None = None) -> Any: ...


class BuildCrashed(Exception):
    """A build that ended without a report or a Problem: a bug in it (its traceback is already
    in the terminal), or its process died or was stopped."""


@dataclass(frozen=True)
class Outcome:
    """How one build went, carried from the worker thread back to the IOLoop thread."""

    problem: Problem | None
    seconds: float
    what: str
    summary: str = ""


class Rebuilder:
    """Owns the site's state while serving: is a build due or running, and did the last one fail.

    Lives on the IOLoop thread; only `_build` runs in the worker thread, one build at a time.
    """

    def __init__(self, settings: Settings, config: Path, base_url: str | None, build: Builds,
                 loop: IOLoop) -> None:
        self.settings = settings
        self.output = settings.output_path
        self.base_path = settings.base_path
        self.problem: Problem | None = None
        # Cleared from the first save until the rebuild it causes is done: requests wait on it,
        # so a page fetched right after a save is never the stale or a half-written one.
        self.idle = Event()
        self.idle.set()
        # Request paths served before the rebuild ends: the saved release's page, written ahead.
        self._ahead: set[str] = set()
        self._news = Condition()  # notified when the rebuild ends or a page is written ahead
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
        self._ahead.clear()
        self._debouncer.add(path)

    async def page_ready(self, request_path: str) -> None:
        """Wait until a request may be answered: no rebuild is due, or its page was written
        ahead of the rebuild (IOLoop thread)."""
        while not self.idle.is_set() and not self._shows_now(request_path):
            await self._news.wait()

    def _shows_now(self, request_path: str) -> bool:
        return bool(self._ahead) and unquote(request_path).removesuffix("index.html") in self._ahead

    def _written_ahead(self, url_path: str) -> None:
        """The build process wrote the saved release's page ahead of the rebuild (worker thread)."""
        self._loop.add_callback(self._show_ahead, self.base_path + url_path)

    def _show_ahead(self, request_path: str) -> None:
        if self._debouncer.waiting or self._queued:
            return  # saved again since: that page may be stale already
        self._ahead.add(request_path)
        self._news.notify_all()
        LiveReloadHandler.reload_waiters("*")

    def build_now(self) -> None:
        """The first build, before serving; a failure is shown, and the server starts anyway."""
        self._report(self._build(None))

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
            self._ahead.clear()
            self.idle.set()
            self._news.notify_all()
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
            self.settings = replace(new, drafts=self.settings.drafts)
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
                print(f"[{time.strftime('%H:%M:%S')}] {what}: rebuilding", flush=True)
            if self._full_due:
                changed = None
            # every rebuild shows its phases as `build` does, unless the server runs --quiet
            report = self._build_site(self.settings, progress=reporting.shown(), changed=changed,
                                      ahead=self._written_ahead)
            reporting.finish()
        except Exception as error:
            reporting.finish()  # the display ends before the error is printed
            self._unbuilt = paths or set()
            self._full_due = self._full_due or changed is None
            if isinstance(error, PressroomError):  # named as `build` names it (errors.located)
                settings = self.settings
                problem = located(error, error.problem, settings.root, settings.content_path)
                return Outcome(problem, time.monotonic() - started, what)
            if isinstance(error, BuildCrashed):
                return Outcome(Problem("pressroom", None, str(error)), 0.0, what)
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
    """A path as the person knows it: from the project folder when inside it."""
    return path.relative_to(root).as_posix() if root in path.parents else str(path)
