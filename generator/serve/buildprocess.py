"""Builds run in a child process of their own, so that stopping the server never waits for one.

A build in a thread of the server could not be stopped: Ctrl-C had to wait for it (tens of
seconds on a large archive, more on a loaded machine), and the search index and the state written after
it kept the process alive longer still. Instead `pressroom serve` forks one build process at
start, before any thread exists, so the fork copies a single-threaded process. It holds the build
session (generator.serve.session, the state kept in memory between rebuilds) and runs one build
per request from the Rebuilder, answering with the report's summary or the problem. It is the
leader of its own process group: the build's forked workers belong to it, and the
terminal's Ctrl-C reaches the server alone.

To stop, the server kills that group (SIGKILL): at once when a build is running, after a short
grace when the process is idle (so that a state being written or an index being made can end).
Nothing is waited for beyond that, which is what bounds the stop. A build killed this way leaves
what a killed `pressroom build` leaves; the session removed the state on disk before changing the
output, so the next build trusts nothing it wrote.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import generator.progress as reporting
from generator.config import Settings
from generator.errors import PressroomError, Problem
from generator.serve.rebuild import BuildCrashed, BuildSite
from generator.workers import kill_with_parent

IDLE_GRACE_SECONDS = 1.0  # for an idle process to end its background work; a stop takes at most this


class BuiltSummary:
    """What the Rebuilder reports of a build that ran in the build process."""

    def __init__(self, text: str) -> None:
        self.text = text

    def summary(self) -> str:
        return self.text



def _serve_builds(conn: Connection, build: BuildSite) -> None:
    """The build process: one build per request, until the server closes the pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    while True:
        try:
            settings, out_dir, changed, progress = conn.recv()
        except (EOFError, OSError):
            break
        # this process draws its own build's phases (a forked reporter never draws)
        reporting.configure(quiet=not progress)
        try:
            report = build(settings, out_dir, progress=progress, changed=changed)
            reporting.finish()
            reply: tuple[str, Any] = ("done", report.summary() if hasattr(report, "summary") else "")
        except PressroomError as error:
            reporting.finish()
            # a Problem pickles; the exception would not. Further problems (a file's front
            # matter is checked whole) ride along as lines of its message.
            first = error.problem
            reply = ("problem", Problem(first.path, first.line,
                                        "\n".join([first.message, *map(str, error.more)])))
        except OSError as error:  # a full disk, a folder taken away: one line, as `build` says it
            line = PressroomError(error.filename or out_dir, None, f"cannot write: {error.strerror or error}")
            reply = ("problem", line.problem)
        except Exception as error:  # a bug in the build: its traceback is for the terminal
            traceback.print_exc()
            reply = ("crashed", f"internal error: {error!r}")
        try:
            conn.send(reply)
        except OSError:
            break
    finish = getattr(build, "finish", None)
    if finish is not None:
        finish()  # the session's state and search index, then exit


class BuildProcess:
    """Callable like generator.serve.rebuild.BuildSite; the builds run in the child process."""

    def __init__(self, build: BuildSite) -> None:
        self._build = build
        self._busy = False
        self._stopping = False
        self.pid = 0
        self._conn: Connection | None = None
        self._spawn()

    def _spawn(self) -> None:
        ours, theirs = multiprocessing.Pipe()
        from_main_thread = threading.current_thread() is threading.main_thread()
        pid = os.fork()
        if pid == 0:  # the build process: never returns into the server's code
            code = 0
            try:
                ours.close()
                os.setpgid(0, 0)
                # A server killed with SIGKILL cannot stop its build process: the kernel does.
                # Only for one forked by the main thread, which lives as long as the server: the
                # signal comes when the forking *thread* ends, and a build process replacing a
                # dead one is forked by a Rebuilder worker thread, which ends after each build
                # (without it, that process still ends once it reads the closed pipe).
                if from_main_thread:
                    kill_with_parent()
                _serve_builds(theirs, self._build)
            except BaseException:
                traceback.print_exc()
                code = 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        theirs.close()
        # also here: the group must exist before any kill (unless the child set it first, or ended)
        with contextlib.suppress(OSError):
            os.setpgid(pid, pid)
        self.pid, self._conn = pid, ours

    def __call__(self, settings: Settings, out_dir: Path | None = None, *, progress: bool = False,
                 changed: set[Path] | None = None) -> Any:
        conn = self._conn
        if conn is None:
            raise BuildCrashed("the server is stopping")
        self._busy = True  # left set by a KeyboardInterrupt: stop() then kills at once
        try:
            conn.send((settings, out_dir, changed, progress))
            kind, value = conn.recv()
        except (EOFError, OSError):
            self._busy = False
            if self._stopping:
                raise BuildCrashed("stopped") from None
            status = self._reap()
            self._spawn()  # a fresh process (and an empty session) for the next save
            raise BuildCrashed(f"the build process ended unexpectedly ({status}); "
                               "save a file to build again") from None
        self._busy = False
        if kind == "problem":
            raise PressroomError(value.path, value.line, value.message)
        if kind == "crashed":
            raise BuildCrashed(value)
        return BuiltSummary(value)

    def _reap(self) -> str:
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            return "already reaped"
        if os.WIFSIGNALED(status):
            return f"killed by {signal.Signals(os.WTERMSIG(status)).name}"
        return f"exit {os.waitstatus_to_exitcode(status)}"

    def stop(self) -> None:
        """End the build process and everything it started, within IDLE_GRACE_SECONDS."""
        self._stopping = True
        # A busy pipe is left to the thread reading it, which sees the process end.
        busy, conn, self._conn = self._busy, self._conn, None
        if conn is not None and not busy:
            conn.close()  # an idle process ends on its own once its background work is done
            deadline = time.monotonic() + IDLE_GRACE_SECONDS
            with contextlib.suppress(ChildProcessError):  # reaped already
                while time.monotonic() < deadline and os.waitpid(self.pid, os.WNOHANG) == (0, 0):
                    time.sleep(0.02)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)  # the build and its forked workers
        with contextlib.suppress(ChildProcessError):  # reaped while waiting above
            os.waitpid(self.pid, 0)
