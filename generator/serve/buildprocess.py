"""Builds run in a child process of their own, so that stopping the server never waits for one.

A build in a thread of the server could not be stopped: Ctrl-C had to wait for it (tens of
seconds on a large archive, more on a loaded machine), and the search index and the state written after
it kept the process alive longer still. Instead the builds run in a build process. It holds the
build session (generator.serve.session, the state kept in memory between rebuilds) and runs one
build per request from the Rebuilder, answering with the report's summary or the problem, and
before it, when the session wrote a saved release's page ahead of the rebuild
(generator.site.preview), with that page's URL path, so the server can show it at once. It is
the leader of its own process group: the build's forked workers belong to it, and the terminal's
Ctrl-C reaches the server alone.

The server does not fork it: server, then spawner, then build process (generator.serve.spawner).
A build process can die (the OOM killer, a crash) while the server runs its threads, and a process
forked then would copy the locks they hold and could wait on one for ever. So the server forks one
small spawner at start, before any thread exists; it never starts a thread and forks every build
process, the first and each replacement, each from a single-threaded process. That also ties every
build process to its parent's life: a server killed outright takes the spawner with it, and the
spawner its build process.

To stop, the server kills the build process's group (SIGKILL): at once when a build is running,
after a short grace when the process is idle (so that a state being written or an index being
made can end). Nothing is waited for beyond that, which is what bounds the stop; the spawner then
reaps the killed process and exits. A build killed this way leaves what a killed `pressroom build`
leaves; the session removed the state on disk before changing the output, so the next build
trusts nothing it wrote.
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import generator.progress as reporting
from generator.config import Settings
from generator.errors import PressroomError, Problem, located, shown_path
from generator.serve.rebuild import BuildCrashed, BuildSite
from generator.serve.spawner import Channel, Spawner

IDLE_GRACE_SECONDS = 1.0  # for an idle process to end its background work; a stop takes at most this


class BuiltSummary:
    """What the Rebuilder reports of a build that ran in the build process."""

    def __init__(self, text: str) -> None:
        self.text = text

    def summary(self) -> str:
        return self.text


def _serve_builds(channel: Channel, build: BuildSite) -> None:
    """The build process: one build per request, until the server closes the channel."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    preview = getattr(build, "preview", None)
    while True:
        try:
            settings, out_dir, changed, progress = channel.recv()
        except (EOFError, OSError):
            break
        # this process draws its own build's phases (a forked reporter never draws)
        reporting.configure(quiet=not progress)
        try:
            ahead = _written_ahead(preview, settings, out_dir, changed)
            if ahead is not None:
                channel.send(("ahead", ahead))
            report = build(settings, out_dir, progress=progress, changed=changed)
            reporting.finish()
            reply: tuple[str, Any] = ("done", report.summary() if hasattr(report, "summary") else "")
        except PressroomError as error:
            reporting.finish()
            # a Problem pickles; the exception would not. Further problems (a file's front
            # matter is checked whole) ride along as lines of its message.
            # Files are named from the project folder, as `build` names them (errors.located).
            first, *more = (located(error, problem, settings.root, settings.content_path)
                            for problem in error.problems)
            reply = ("problem", Problem(first.path, first.line, "\n".join([first.message, *map(str, more)])))
        except OSError as error:  # a full disk, a folder taken away: one line, as `build` says it
            where = shown_path(error.filename or out_dir or settings.output_path, settings.root)
            reply = ("problem", Problem(where, None, f"cannot write: {error.strerror or error}"))
        except Exception as error:  # a bug in the build: its traceback is for the terminal
            traceback.print_exc()
            reply = ("crashed", f"internal error: {error!r}")
        try:
            channel.send(reply)
        except OSError:
            break
    finish = getattr(build, "finish", None)
    if finish is not None:
        finish()  # the session's state and search index, then exit


def _written_ahead(preview: Callable[[Settings, Path | None, set[Path]], str | None] | None,
                   settings: Settings, out_dir: Path | None, changed: set[Path] | None) -> str | None:
    """The session's page written ahead of this rebuild, if any (generator.site.preview)."""
    if preview is None or not changed:
        return None
    try:
        return preview(settings, out_dir, changed)
    except (PressroomError, OSError):  # the rebuild meets it too, and reports it
        return None


class BuildProcess:
    """Callable like generator.serve.rebuild.BuildSite; the builds run in a build process."""

    def __init__(self, build: BuildSite) -> None:
        """Call it while this process has a single thread: it forks the spawner (module doc)."""
        self._busy = False
        self._stopping = False
        # The spawner holds `build` and each build process gets a copy by the fork: a fresh,
        # unused session every time, and nothing to pickle.
        self._spawner = Spawner(functools.partial(_serve_builds, build=build))
        self.pid, channel = self._spawner.spawn()
        self._channel: Channel | None = channel

    @property
    def spawner_pid(self) -> int:
        return self._spawner.pid

    def __call__(self, settings: Settings, out_dir: Path | None = None, *, progress: bool = False,
                 changed: set[Path] | None = None, ahead: Callable[[str], None] | None = None) -> Any:
        """Build in the build process; `ahead` is told the URL path of a page written ahead of
        the rebuild, as soon as it is (generator.site.preview)."""
        if not self.pid and self._channel is not None:  # a replacement could not be started then
            self.pid, self._channel = self._spawner.spawn()
        channel = self._channel
        if channel is None:
            raise BuildCrashed("the server is stopping")
        self._busy = True  # left set by a KeyboardInterrupt: stop() then kills at once
        try:
            channel.send((settings, out_dir, changed, progress))
            kind, value = channel.recv()
            while kind == "ahead":
                if ahead is not None:
                    ahead(value)
                kind, value = channel.recv()
        except (EOFError, OSError):
            self._busy = False
            if self._stopping:
                channel.close()
                raise BuildCrashed("stopped") from None
            status = self._replace(channel)
            raise BuildCrashed(f"the build process ended unexpectedly ({status}); "
                               "save a file to build again") from None
        self._busy = False
        if kind == "problem":
            raise PressroomError(value.path, value.line, value.message)
        if kind == "crashed":
            raise BuildCrashed(value)
        return BuiltSummary(value)

    def _replace(self, channel: Channel) -> str:
        """A fresh build process (and an empty session) for the next save, after one that
        ended; how that one ended."""
        channel.close()
        # Its workers too, should any outlive it; and the reap below then never waits long.
        _kill_group(self.pid)
        status = self._spawner.reap(self.pid)
        self.pid = 0  # the number is free now: no kill may reach whoever gets it next
        self.pid, self._channel = self._spawner.spawn()
        return status

    def stop(self) -> None:
        """End the build process and everything it started, within IDLE_GRACE_SECONDS, and the
        spawner."""
        self._stopping = True
        # A busy channel is left to the thread reading it, which sees the process end.
        busy, channel, self._channel, pid = self._busy, self._channel, None, self.pid
        if channel is not None and not busy:
            channel.close()  # an idle process ends on its own once its background work is done
            with contextlib.suppress(BuildCrashed):  # the spawner is gone: nothing to wait for
                if pid:
                    self._spawner.wait(pid, IDLE_GRACE_SECONDS)
        _kill_group(pid)  # the build and its forked workers
        self._spawner.close()  # it reaps the build process, and this process reaps it


def _kill_group(pid: int) -> None:
    """SIGKILL a build process's group, if there is one (0 would be this process's own group)."""
    if pid > 0:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
