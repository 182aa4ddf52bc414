"""Spreading independent per-record work over the machine's cores.

Importing tens of thousands of releases is CPU-bound Python (matching, escaping, YAML), so the
work is split into one contiguous chunk per core. Children are forked, not pooled: a forked
child already holds the function, the shared data and its chunk, so only results travel back
through a pipe (a process pool would pickle every input record and the shared data per
task). The parent does the first chunk itself while the children do theirs, so its share of
the results is never pickled at all. Small jobs stay in this process, where forking would cost
more than it saves.

A worker dies with its parent: killed by `kill -9`, the parent can neither read a worker's
results nor stop it, and a worker blocked writing a large result into a pipe nobody reads would
wait forever. On Linux each worker asks the kernel for SIGKILL when its parent dies
(prctl PR_SET_PDEATHSIG); everywhere it checks, once that request is made, that its parent is
still the process that forked it, since the parent may have died before the request.

Nothing is forked while a thread of ours runs beside the build (serve's finisher, indexing the
last edit while the next one builds; started with `thread_beside`): the child would inherit
every lock that thread held at the fork, a stream's or the Korean analyser's, and could wait on
one for ever. The work is done in this process then. This is the one place that decides it, for
every caller. (Threads that never touch what a worker uses, such as a test's HTTP server, do not
count: counting every thread would let them silently turn the workers off.)
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from generator.errors import PressroomError, many

Item = TypeVar("Item")
Result = TypeVar("Result")
PARALLEL_FROM = 2000  # items; below this one process is faster


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for one import or build. Both make hundreds of
    thousands of objects that live until they end: the collector would walk them again and
    again (and in forked workers touch, so copy, every shared page) to find next to no garbage
    (measured: a tenth of a rebuild after one edit at 10,000 releases per language)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class WorkerError(RuntimeError):
    """A forked worker failed; the message holds its traceback."""


def workers() -> int:
    """The cores this process may run on (fewer than the machine's in a container or a CI job)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _find_prctl() -> Callable[..., int] | None:
    # The running program's own symbols, libc's among them: no library search (which would
    # start ldconfig), and looked up once, now: a process between fork and exec (a child
    # program's) may load nothing. Without a usable libc the callers' other safeguards remain.
    if not sys.platform.startswith("linux"):
        return None
    with contextlib.suppress(OSError, AttributeError):
        return ctypes.CDLL(None).prctl
    return None


_PRCTL = _find_prctl()


def kill_with_parent() -> None:
    """Have the kernel SIGKILL this process when its parent (strictly: the thread that forked
    it) ends (Linux; nothing elsewhere). Safe between fork and exec, as a `preexec_fn`."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def die_with_parent(parent: int) -> None:
    """kill_with_parent, and exit now if the parent is already gone (then this process was
    handed to init or a subreaper)."""
    kill_with_parent()
    if os.getppid() != parent:
        os._exit(1)


def _child(function: Callable[[Any, Sequence[Any]], list[Any]], shared: Any, chunk: Sequence[Any],
           sender: Connection, parent: int) -> None:
    die_with_parent(parent)
    try:
        message: tuple[str, Any] = ("ok", function(shared, chunk))
    except PressroomError as error:  # bad input found by a worker: the parent reports it as its own
        message = ("error", (type(error), error.problems))
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
        message = ("crash", traceback.format_exc())
    sender.send(message)
    sender.close()


_beside = 0  # threads started by thread_beside and not yet ended
_beside_lock = threading.Lock()


def thread_beside(target: Callable[[], None], name: str) -> threading.Thread:
    """`target` started in a thread of its own; until it ends, map_chunks forks nothing (module doc).
    Counted before the thread starts, so no fork can slip in between."""
    global _beside
    with _beside_lock:
        _beside += 1

    def run() -> None:
        global _beside
        try:
            target()
        finally:
            with _beside_lock:
                _beside -= 1

    thread = threading.Thread(target=run, name=name, daemon=False)
    try:
        thread.start()
    except BaseException:
        with _beside_lock:
            _beside -= 1
        raise
    return thread


def _may_fork() -> bool:
    """Whether forking is safe here: the platform forks and no thread runs beside (module doc)."""
    return _beside == 0 and "fork" in multiprocessing.get_all_start_methods()


_ASIDE_NICENESS = 10  # CFS gives such a process about a tenth of a core that is also wanted


class Aside:
    """A child forked by fork_aside, running one job beside this process's work."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self._status: int | None = None
        self._lock = threading.Lock()  # waited for from serve's finisher or its main thread

    def wait(self) -> int:
        """Wait for the child to end; its exit status (0: the job returned)."""
        status = self._reap(0)
        assert status is not None  # a blocking wait reaps it
        return status

    def running(self) -> bool:
        """Whether the child is still at work (asked without waiting)."""
        return self._reap(os.WNOHANG) is None

    def _reap(self, options: int) -> int | None:
        with self._lock:
            if self._status is None:
                try:
                    pid, status = os.waitpid(self.pid, options)
                    if pid:
                        self._status = os.waitstatus_to_exitcode(status)
                except ChildProcessError:  # already reaped: its outcome is unknown
                    self._status = -1
            return self._status


def fork_aside(job: Callable[[], None]) -> Aside | None:
    """`job` run in a forked child while this process goes on: serve indexes a page written
    ahead on the second core while the first rebuilds. None, and nothing run, on one core or
    where forking is not safe (a thread runs beside: module doc). The child dies with this
    process and reports nothing back: its caller does the job's work again, in full, later. It
    runs at a lower priority, so it takes a core only when the work beside it leaves one idle."""
    if workers() < 2 or not _may_fork():
        return None
    parent = os.getpid()
    gc.freeze()  # as in map_chunks: the child's collections must not copy the parent's memory
    try:
        pid = os.fork()
        if pid == 0:
            _run_aside(job, parent)
    finally:
        gc.unfreeze()
    return Aside(pid)


def _run_aside(job: Callable[[], None], parent: int) -> None:
    """The forked child's life: the job, then out, with no cleanup of the parent's (its files,
    its children, its atexit handlers are not the child's to touch)."""
    status = 1
    try:
        die_with_parent(parent)
        with contextlib.suppress(OSError):
            os.nice(_ASIDE_NICENESS)
        job()
        status = 0
    except BaseException:  # noqa: BLE001 - a bug's traceback is for the terminal; the parent goes on
        traceback.print_exc()
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(status)


def map_chunks(function: Callable[[Any, Sequence[Item]], list[Result]], shared: Any,
               items: Sequence[Item], parallel: bool | None = None) -> list[Result]:
    """`function(shared, chunk)` over contiguous chunks of `items`, results in order.
    `parallel` forces the choice (for few but large items, such as dump files), unless a thread
    runs beside (then always here, see the module doc)."""
    count = min(workers(), len(items))
    if parallel is None:
        parallel = len(items) >= PARALLEL_FROM
    if not parallel or count < 2 or not _may_fork():
        return function(shared, items)
    context = multiprocessing.get_context("fork")
    bounds = [len(items) * index // count for index in range(count + 1)]
    children = []
    # Objects made so far move to the collector's permanent generation: a collection in a child
    # would otherwise write into every one of them and so copy the parent's whole memory.
    gc.freeze()
    try:
        for index in range(1, count):
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_child, daemon=True,
                                      args=(function, shared, items[bounds[index]:bounds[index + 1]], sender,
                                            os.getpid()))
            process.start()
            sender.close()
            children.append((process, receiver))
        results = function(shared, items[: bounds[1]])
        for process, receiver in children:
            try:
                status, part = receiver.recv()
            except EOFError:
                raise WorkerError(f"a worker process died (exit status {process.exitcode})") from None
            if status == "error":
                raise many(*part)
            if status == "crash":
                raise WorkerError(part)
            results.extend(part)
        return results
    finally:
        gc.unfreeze()
        for process, receiver in children:
            receiver.close()
            if process.is_alive():
                process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()
