"""The serve build process reports a build's OS error (a full disk) as the one `PATH: message`
line `pressroom build` prints, not as a crash with a traceback; every build process, a replacement
too, is forked by the single-threaded spawner and dies with it; a stop leaves no process behind."""

from __future__ import annotations

import errno
import os
import signal
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from test_serve import wait_for

from generator.errors import PressroomError
from generator.serve.buildprocess import BuildProcess, BuiltSummary
from generator.serve.rebuild import BuildCrashed
from tests.golden.regenerate import fixture_settings


def _disk_full(settings: object, out_dir: Path | None = None, **_: object) -> object:
    raise OSError(errno.ENOSPC, "No space left on device", str(out_dir / "en" / "index.html"))


@pytest.mark.parametrize("inside", [True, False], ids=["output inside the project", "output elsewhere"])
def test_an_os_error_in_a_build_is_one_line(tmp_path: Path, capfd: pytest.CaptureFixture[str],
                                            inside: bool) -> None:
    """The line `build` prints: the file named from the project folder when it is inside it."""
    settings = fixture_settings(tmp_path / "project")
    out = settings.root / "site" if inside else tmp_path / "out"
    process = BuildProcess(_disk_full)  # type: ignore[arg-type]
    try:
        with pytest.raises(PressroomError) as caught:
            process(settings, out)
    finally:
        process.stop()
    shown = "site/en/index.html" if inside else str(out / "en" / "index.html")
    assert str(caught.value) == f"{shown}: cannot write: No space left on device"
    assert "Traceback" not in capfd.readouterr().err


# --- the processes: forked by a single-threaded spawner, none left behind -----------------------

def _parents_threads(settings: object, out_dir: Path | None = None, **_: object) -> BuiltSummary:
    """Who forked this build process, and how many threads it had: "<ppid> <threads>"."""
    parent = os.getppid()
    status = Path(f"/proc/{parent}/status").read_text(encoding="utf-8")
    threads = next(line.split()[1] for line in status.splitlines() if line.startswith("Threads:"))
    return BuiltSummary(f"{parent} {threads}")


def _builds_for_ever(settings: object, out_dir: Path | None = None, **_: object) -> None:
    assert out_dir is not None
    (out_dir / "started").touch()
    threading.Event().wait()


def _alive(pid: int) -> bool:
    """Whether the process runs: not gone, nor a zombie (an orphan's is reaped by whoever
    adopted it, perhaps never in a container)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def _gone(pid: int) -> bool:
    """Not even a zombie: reaped."""
    return not Path(f"/proc/{pid}").exists()


def test_a_replacement_is_forked_by_a_single_threaded_process(tmp_path: Path) -> None:
    """The build process dies while the server runs threads: its replacement must not be forked
    by the server (a child of a multi-threaded process can inherit a held lock)."""
    process = BuildProcess(_parents_threads)  # type: ignore[arg-type]
    idle = threading.Event()
    others = [threading.Thread(target=idle.wait, daemon=True) for _ in range(3)]
    try:
        with ThreadPoolExecutor(max_workers=1) as rebuilder:  # builds asked from a thread, as serve does
            os.kill(process.pid, signal.SIGKILL)
            for thread in others:
                thread.start()
            with pytest.raises(BuildCrashed, match="killed by SIGKILL"):
                rebuilder.submit(process, None, tmp_path).result(timeout=60)
            parent, threads = map(int, rebuilder.submit(process, None, tmp_path).result(timeout=60)
                                  .summary().split())
    finally:
        idle.set()
        process.stop()
    assert parent != os.getpid(), f"forked by this process, then running {threads} threads"
    assert threads == 1 and parent == process.spawner_pid


def test_a_build_process_dies_with_its_spawner(tmp_path: Path) -> None:
    process = BuildProcess(_parents_threads)  # type: ignore[arg-type]
    try:
        build = process.pid
        assert _alive(build)
        os.kill(process.spawner_pid, signal.SIGKILL)
        wait_for(lambda: not _alive(build), 30, "the build process killed with its spawner")
        with pytest.raises(BuildCrashed, match="restart pressroom serve"):
            process(None, tmp_path)  # type: ignore[arg-type]
    finally:
        process.stop()
    assert _gone(process.spawner_pid)


def test_stop_leaves_no_process_behind(tmp_path: Path) -> None:
    idle = BuildProcess(_parents_threads)  # type: ignore[arg-type]
    idle(None, tmp_path)  # type: ignore[arg-type]
    pids = (idle.pid, idle.spawner_pid)
    idle.stop()
    assert all(_gone(pid) for pid in pids), "the spawner reaped the build process, the server the spawner"

    busy = BuildProcess(_builds_for_ever)  # type: ignore[arg-type]
    pids = (busy.pid, busy.spawner_pid)
    with ThreadPoolExecutor(max_workers=1) as rebuilder:
        building = rebuilder.submit(busy, None, tmp_path)
        wait_for((tmp_path / "started").exists, 30, "the build to start")
        busy.stop()
        with pytest.raises(BuildCrashed, match="stopped"):
            building.result(timeout=60)
    assert all(_gone(pid) for pid in pids)
