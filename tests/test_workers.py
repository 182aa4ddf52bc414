"""The import's process workers: parallel results equal serial ones, and failures surface."""

from __future__ import annotations

import os
import pickle
import shutil
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from generator import workers
from generator.cli import main
from generator.errors import ContentError, PressroomError, Problem, many
from generator.importing import importer


def squares_with_pids(offset: int, items: Sequence[int]) -> list[tuple[int, int]]:
    return [(item * item + offset, os.getpid()) for item in items]


def fail_on_seven(_: None, items: Sequence[int]) -> list[int]:
    if 7 in items:
        raise ValueError("seven")
    return list(items)


@pytest.mark.skipif(workers.workers() < 2, reason="needs two cores to fork workers")
def test_parallel_results_are_in_order_and_come_from_two_processes() -> None:
    results = workers.map_chunks(squares_with_pids, 1, list(range(101)), parallel=True)
    assert [value for value, _ in results] == [n * n + 1 for n in range(101)]
    assert results[0][1] == os.getpid()  # the parent works the first chunk itself
    assert len({pid for _, pid in results}) == min(workers.workers(), 101)


@pytest.mark.skipif(workers.workers() < 2, reason="needs two cores to fork workers")
def test_a_failing_worker_raises_with_its_traceback() -> None:
    with pytest.raises(workers.WorkerError, match="ValueError: seven"):
        workers.map_chunks(fail_on_seven, None, list(range(10)), parallel=True)


def bad_input_on_seven(_: None, items: Sequence[int]) -> list[int]:
    if 7 in items:
        raise PressroomError("en/2024/04/seven.md", 3, "impossible date")
    return list(items)


@pytest.mark.skipif(workers.workers() < 2, reason="needs two cores to fork workers")
def test_bad_input_found_by_a_worker_is_raised_as_bad_input() -> None:
    """A build's content error found in a forked child still reads `FILE:LINE: message`."""
    with pytest.raises(PressroomError) as caught:
        workers.map_chunks(bad_input_on_seven, None, list(range(10)), parallel=True)
    assert str(caught.value) == "en/2024/04/seven.md:3: impossible date"


def several_problems_on_seven(_: None, items: Sequence[int]) -> list[int]:
    if 7 in items:
        raise many(ContentError, [Problem("en/x.md", 1, "front matter lacks 'tags'"),
                                  Problem("en/x.md", 5, "draft must be true or false")])
    return list(items)


@pytest.mark.skipif(workers.workers() < 2, reason="needs two cores to fork workers")
def test_every_problem_a_worker_finds_in_a_file_reaches_the_parent() -> None:
    with pytest.raises(ContentError) as caught:
        workers.map_chunks(several_problems_on_seven, None, list(range(10)), parallel=True)
    assert str(caught.value) == "en/x.md:1: front matter lacks 'tags'\nen/x.md:5: draft must be true or false"
    assert pickle.loads(pickle.dumps(caught.value)).problems == caught.value.problems


def test_small_jobs_and_single_items_stay_in_this_process() -> None:
    assert workers.map_chunks(squares_with_pids, 0, [3])[0] == (9, os.getpid())
    assert workers.map_chunks(squares_with_pids, 0, []) == []


def test_nothing_is_forked_while_a_thread_runs_beside(monkeypatch: pytest.MonkeyPatch) -> None:
    """serve's finisher indexes beside the next build: a child forked then could inherit a lock
    that thread holds. Forced or not, the work stays in this process until the thread ends,
    whether it is asked for beside the thread or from it; other threads do not count."""
    monkeypatch.setattr(workers, "workers", lambda: 2)  # forked even on one core
    unrelated = threading.Thread(target=threading.Event().wait, args=(0.5,), daemon=True)
    unrelated.start()
    forked = workers.map_chunks(squares_with_pids, 0, list(range(10)), parallel=True)
    release = threading.Event()
    from_beside: list[tuple[int, int]] = []

    def finisher() -> None:
        from_beside.extend(workers.map_chunks(squares_with_pids, 0, list(range(10)), parallel=True))
        release.wait(30)

    thread = workers.thread_beside(finisher, "finisher")
    try:
        beside = workers.map_chunks(squares_with_pids, 0, list(range(10)), parallel=True)
    finally:
        release.set()
        thread.join()
    assert {pid for _, pid in beside} == {pid for _, pid in from_beside} == {os.getpid()}
    assert [value for value, _ in beside] == [value for value, _ in forked]
    assert len({pid for _, pid in forked}) == 2
    again = workers.map_chunks(squares_with_pids, 0, list(range(10)), parallel=True)
    assert len({pid for _, pid in again}) == 2  # forked again once it ended


def test_a_job_aside_runs_in_a_child_at_a_lower_priority_and_never_beside_a_thread(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """serve indexes a page written ahead in a child forked beside its rebuild: the job runs
    there, niced so the rebuild keeps its cores, and its failure is the child's exit status,
    never this process's. While a thread runs beside, nothing is forked (as for map_chunks)."""
    monkeypatch.setattr(workers, "workers", lambda: 2)  # forked even on one core
    seen = tmp_path / "seen"

    def job() -> None:
        seen.write_text(f"{os.getpid()} {os.nice(0)}", encoding="utf-8")

    def failing() -> None:
        raise OSError("full")

    child = workers.fork_aside(job)
    assert child is not None and child.wait() == 0 and child.wait() == 0  # waited for once
    assert not child.running()
    pid, niceness = map(int, seen.read_text(encoding="utf-8").split())
    assert pid == child.pid != os.getpid() and niceness > os.nice(0)
    failed = workers.fork_aside(failing)
    assert failed is not None and failed.wait() == 1
    go = tmp_path / "go"

    def waiting() -> None:  # until told: no race with a slow machine
        while not go.exists():
            threading.Event().wait(0.01)

    slow = workers.fork_aside(waiting)
    assert slow is not None and slow.running()
    go.touch()
    assert slow.wait() == 0 and not slow.running()
    release = threading.Event()
    thread = workers.thread_beside(lambda: release.wait(30) and None, "finisher")
    try:
        assert workers.fork_aside(job) is None
    finally:
        release.set()
        thread.join()
    monkeypatch.setattr(workers, "workers", lambda: 1)
    assert workers.fork_aside(job) is None  # on one core it would only slow what it runs beside


def _import(project: Path, *args: str) -> int:
    # --quiet: the phase lines carry times, which differ between any two runs
    return main(["--quiet", "--config", str(project / "pyproject.toml"), "import", *args])


def _tree(project: Path) -> dict[str, bytes]:
    content = project / "content"
    return {p.relative_to(content).as_posix(): p.read_bytes()
            for p in sorted(content.rglob("*")) if p.is_file()}


@pytest.mark.skipif(workers.workers() < 2, reason="needs two cores to fork workers")
def test_parallel_import_writes_what_a_serial_one_writes(scratch_project: Path, tmp_path_factory, monkeypatch,
                                                         capsys) -> None:
    """Every parallel step forced on for the seeds: first import, re-import, and a re-import
    after a hand edit and a changed dump record, byte for byte and message for message."""
    shutil.rmtree(scratch_project / "content" / "en")
    shutil.rmtree(scratch_project / "content" / "ko")
    (scratch_project / "content" / ".import-manifest.json").unlink()
    parallel_project = tmp_path_factory.mktemp("parallel")
    shutil.copytree(scratch_project, parallel_project, dirs_exist_ok=True)
    outputs = {}
    for project, forced in ((scratch_project, False), (parallel_project, True)):
        if forced:
            monkeypatch.setattr(workers, "PARALLEL_FROM", 1)
            monkeypatch.setattr(importer, "PARALLEL_PARSE_BYTES", 0)
        steps = []
        assert _import(project) == 0
        steps.append((_tree(project), capsys.readouterr()))
        assert _import(project) == 0
        steps.append((_tree(project), capsys.readouterr()))
        edited = sorted((project / "content" / "en").rglob("*.md"))[0]
        edited.write_text(edited.read_text(encoding="utf-8") + "\nA note by hand.\n", encoding="utf-8")
        dump = sorted((project / "seeds" / "ko").glob("*.txt"))[0]
        dump.write_text(dump.read_text(encoding="utf-8").replace("다.", "다!", 1), encoding="utf-8")
        assert _import(project) == 0
        steps.append((_tree(project), capsys.readouterr()))
        outputs[forced] = steps
    assert outputs[True] == outputs[False]
    assert "1 updated" in outputs[True][2][1].out and "1 kept" in outputs[True][2][1].out


@pytest.mark.parametrize("forced", [False, True])
def test_a_folder_that_cannot_be_made_is_reported_without_a_traceback(scratch_project: Path, monkeypatch,
                                                                      capsys, forced: bool) -> None:
    content = scratch_project / "content"
    for child in ("en", "ko"):
        shutil.rmtree(content / child)
    (content / ".import-manifest.json").unlink()
    (content / "ko").write_text("a file where the Korean folder belongs\n", encoding="utf-8")
    if forced:
        monkeypatch.setattr(workers, "PARALLEL_FROM", 1)
    assert _import(scratch_project) == 1
    err = capsys.readouterr().err
    assert "cannot write" in err and "Traceback" not in err
    assert not (content / ".import-manifest.json").exists()
    # and no staging folder left behind
    assert not [p for p in content.iterdir() if p.is_dir() and p.name.startswith(".import-")]


def test_folders_that_cannot_be_renamed_into_place_are_written_file_by_file(
        scratch_project: Path, tmp_path_factory, monkeypatch) -> None:
    """A language folder on another file system (a symlink) refuses a folder rename: the
    import falls back to one file at a time and writes the same archive."""
    content = scratch_project / "content"
    for child in ("en", "ko"):
        shutil.rmtree(content / child)
    (content / ".import-manifest.json").unlink()
    reference = tmp_path_factory.mktemp("reference")
    shutil.copytree(scratch_project, reference, dirs_exist_ok=True)
    assert _import(reference) == 0

    def refuse(source: object, target: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr("generator.importing.writer.os.rename", refuse)
    assert _import(scratch_project) == 0
    assert _tree(scratch_project) == _tree(reference)
    assert not [p for p in content.iterdir() if p.is_dir() and p.name.startswith(".import-")]
