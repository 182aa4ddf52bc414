"""The spawner: the one process that forks `pressroom serve`'s build processes.

A process forked while other threads run copies the locks they hold (a stream's, logging's, the
import lock) but not the threads that would release them, and a build runs Python enough to meet
one and wait for ever. The server has threads as soon as it serves (the IOLoop's, the watcher's,
the Rebuilder's worker), and a build process can die at any time (the OOM killer): its
replacement cannot be forked by the server. So the server forks this spawner at start, while it
is still single-threaded, and the spawner, which never starts a thread, forks every build
process, the first one too. Its parent being single-threaded also makes the kernel's death
signal (generator.workers.kill_with_parent, sent when the forking *thread* ends) reliable: the
spawner dies with the server, and every build process with the spawner.

The server asks over a control socket (SOCK_SEQPACKET, so one message is one request): spawn a
build process on the socket end passed along with the request, reap one, or wait a while for one
to end. The build process talks to the server alone, over that socket (a Channel). At the end of
the control socket the spawner kills what it forked and is still running, reaps it and exits.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import socket
import struct
import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any, NoReturn

from generator.serve.rebuild import BuildCrashed
from generator.workers import die_with_parent

_LENGTH = struct.Struct("!Q")
_CONTROL_BYTES = 4096  # a request or a reply is a small pickled tuple


class Channel:
    """Whole pickled objects over a stream socket: the server's line to one build process."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def send(self, obj: Any) -> None:
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        self._sock.sendall(_LENGTH.pack(len(data)) + data)

    def recv(self) -> Any:
        """The next object; EOFError once the other end is closed."""
        (size,) = _LENGTH.unpack(self._read(_LENGTH.size))
        return pickle.loads(self._read(size))

    def _read(self, size: int) -> bytes:
        data = bytearray()
        while len(data) < size:
            chunk = self._sock.recv(min(size - len(data), 1 << 20))
            if not chunk:
                raise EOFError
            data += chunk
        return bytes(data)

    def close(self) -> None:
        self._sock.close()

    def fileno(self) -> int:
        return self._sock.fileno()


Serve = Callable[[Channel], None]  # what a build process runs, until its channel closes


class Spawner:
    """The server's handle on the spawner process; the methods may be called from any thread."""

    def __init__(self, serve: Serve) -> None:
        """Fork the spawner. Call it while this process has a single thread (module doc)."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        for stream in (sys.stdout, sys.stderr):  # or the children would write it again
            stream.flush()
        server = os.getpid()
        pid = os.fork()
        if pid == 0:
            _run_spawner(theirs, ours, serve, server)
        theirs.close()
        self.pid = pid
        self._control: socket.socket | None = ours
        # a request and its reply are one exchange: the Rebuilder's thread and stop() both ask
        self._lock = threading.Lock()

    def spawn(self) -> tuple[int, Channel]:
        """A new build process: its pid (and process group) and the channel to it."""
        ours, theirs = socket.socketpair()
        try:
            pid = self._request(("spawn",), theirs.fileno())
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()  # the build process holds it now; the server must not, to see its end
        return pid, Channel(ours)

    def reap(self, pid: int) -> str:
        """How a build process ended ("killed by SIGKILL", "exit 1"), once it has."""
        return str(self._request(("reap", pid)))

    def wait(self, pid: int, seconds: float) -> bool:
        """Whether a build process ended (and was reaped) within `seconds`."""
        return bool(self._request(("wait", pid, seconds)))

    def close(self) -> None:
        """End the spawner: it kills and reaps whatever it forked that still runs, then exits."""
        with self._lock:
            control, self._control = self._control, None
            if control is not None:
                control.close()
        with contextlib.suppress(ChildProcessError):  # reaped already by an earlier close
            os.waitpid(self.pid, 0)

    def _request(self, request: tuple[Any, ...], fd: int | None = None) -> Any:
        with self._lock:
            control = self._control
            if control is None:
                raise BuildCrashed("the server is stopping")
            try:
                socket.send_fds(control, [pickle.dumps(request)], [] if fd is None else [fd])
                reply = control.recv(_CONTROL_BYTES)
            except OSError:
                reply = b""
            except BaseException:
                # Interrupted (Ctrl-C in the main thread): the reply would answer the next
                # request instead, so there is none; the spawner sees the end and cleans up.
                self._control = None
                control.close()
                raise
        if not reply:
            raise BuildCrashed("the process that starts builds has ended; restart pressroom serve")
        kind, value = pickle.loads(reply)
        if kind == "failed":
            raise BuildCrashed(value)
        return value


def _run_spawner(control: socket.socket, servers_end: socket.socket, serve: Serve, server: int) -> NoReturn:
    """The spawner process, from the fork to its exit; never returns into the server's code."""
    code = 0
    try:
        servers_end.close()  # or the spawner would never see the server close it
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        die_with_parent(server)
        _answer_requests(control, serve)
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        sys.stderr.flush()
        os._exit(code)


def _answer_requests(control: socket.socket, serve: Serve) -> None:
    """One reply per request, until the server closes the control socket."""
    children: set[int] = set()  # forked and not reaped
    try:
        # An error on the socket is its end too: the server closed it in the middle of a request.
        with contextlib.suppress(OSError):
            while data := _next_request(control):
                request, fds = data
                try:
                    reply = _answer(request, fds, children, control, serve)
                finally:
                    for fd in fds:
                        os.close(fd)  # a build process has its own copy
                control.send(pickle.dumps(reply))
    finally:
        # The server has killed the groups it knows of. One it never learned of (its stop cut a
        # spawn short) is killed here, or reaping it would hold up the server's stop while it runs.
        for pid in children:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            while True:
                os.waitpid(-1, 0)


def _next_request(control: socket.socket) -> tuple[tuple[Any, ...], list[int]] | None:
    """The next request and the descriptors passed with it; None once the server has closed."""
    data, fds, _, _ = socket.recv_fds(control, _CONTROL_BYTES, 1)
    if not data:
        for fd in fds:
            os.close(fd)
        return None
    return pickle.loads(data), fds


def _answer(request: tuple[Any, ...], fds: list[int], children: set[int], control: socket.socket,
            serve: Serve) -> tuple[str, Any]:
    kind = request[0]
    if kind == "spawn":
        try:
            pid = _fork_build_process(fds[0], control, serve)
        except OSError as error:  # no fork for now (memory, the process limit): the next save retries
            return "failed", f"cannot start a build process: {error.strerror or error}"
        children.add(pid)
        return "done", pid
    if kind == "reap":
        children.discard(request[1])
        return "done", _reap(request[1])
    if kind == "wait":
        pid, seconds = request[1], request[2]
        ended = _wait(pid, seconds)
        if ended:
            children.discard(pid)
        return "done", ended
    raise ValueError(f"unknown request {kind!r}")


def _fork_build_process(fd: int, control: socket.socket, serve: Serve) -> int:
    spawner = os.getpid()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            control.close()
            os.setpgid(0, 0)  # the leader of the build's group: one killpg ends the build's workers too
            die_with_parent(spawner)
            serve(Channel(socket.socket(fileno=fd)))
        except BaseException:
            traceback.print_exc()
            code = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    # also here: the group must exist before the server can kill it (unless the child set it first)
    with contextlib.suppress(OSError):
        os.setpgid(pid, pid)
    return pid


def _reap(pid: int) -> str:
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return "already reaped"
    if os.WIFSIGNALED(status):
        return f"killed by {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exit {os.waitstatus_to_exitcode(status)}"


def _wait(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    try:
        while os.waitpid(pid, os.WNOHANG) == (0, 0):
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)
    except ChildProcessError:
        pass  # reaped already
    return True
