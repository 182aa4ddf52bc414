"""`pressroom import` killed (SIGKILL, through generator.faults' hook) at named points of its
writing, first imports and re-imports alike: the next import must finish the work with no
duplicate, no lost release, no file wrongly kept as a local edit, and leave exactly what an
uninterrupted import leaves, byte for byte, manifest included."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import workers
from generator.importing.manifest import JOURNAL_FILE, MANIFEST_FILE
from tests.faults.importfaults import (
    environment,
    every_file_whole,
    inspect,
    killed,
    make_project,
    reference_archive,
    run_import,
    snapshot,
    summary,
)

PAIRS = 150  # 300 releases: every step of an import, in about a second


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Dumps (versions 1 and 2) and what uninterrupted imports make of them."""
    return reference_archive(tmp_path_factory.mktemp("archive"), PAIRS)


def assert_finished_cleanly(project: Path, dumps: Path, expected: Path) -> None:
    """The import after a kill completes; the one after that has nothing left to do."""
    result = run_import(project, dumps)
    assert result.returncode == 0, result.stderr
    assert summary(result.stdout)["kept"] == 0, result.stdout
    assert "conflict" not in result.stderr
    damage = inspect(project / "content", expected)
    assert damage.total() == 0, damage
    assert snapshot(project / "content") == snapshot(expected)
    again = run_import(project, dumps)
    counts = summary(again.stdout)
    assert (counts["new"], counts["updated"], counts["kept"]) == (0, 0, 0), again.stdout


def assert_killed_state_is_sound(project: Path) -> None:
    """Right after a kill: every release file whole, no release file without the journal or the
    manifest knowing of it."""
    content = project / "content"
    assert every_file_whole(content) == []


FIRST_IMPORT_POINTS = ["import.journal:1", "import.write:1", "import.write:2", "import.write:100",
                       "import.write:299", "import.write:300", "import.replace:1", "import.commit:1"]


@pytest.mark.parametrize("kill", FIRST_IMPORT_POINTS)
def test_a_first_import_killed_anywhere_is_finished_by_the_next(
        kill: str, archive: dict[str, Path], tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    result = run_import(project, archive["first"], kill)
    assert killed(result), (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    # Killed before the journal is renamed into place, the run has written nothing else yet.
    assert (project / "content" / JOURNAL_FILE).is_file() or kill == "import.replace:1"
    assert_killed_state_is_sound(project)
    assert_finished_cleanly(project, archive["first"], archive["content-1"])


# Version 2 changes 60 bodies (updates in place) and 12 titles (new files in existing folders).
REIMPORT_POINTS = ["import.journal:1", "import.write:1", "import.write:30", "import.write:71",
                   "import.replace:5", "import.commit:1"]


@pytest.mark.parametrize("kill", REIMPORT_POINTS)
def test_a_re_import_killed_anywhere_leaves_no_false_local_edit(
        kill: str, archive: dict[str, Path], tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    shutil.rmtree(project / "content")
    shutil.copytree(archive["content-1"], project / "content")
    result = run_import(project, archive["second"], kill)
    assert killed(result), (result.returncode, result.stderr)
    assert_killed_state_is_sound(project)
    assert_finished_cleanly(project, archive["second"], archive["content-2"])


def test_a_recovery_killed_half_way_is_done_again(archive: dict[str, Path], tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    assert killed(run_import(project, archive["first"], "import.write:150"))
    assert killed(run_import(project, archive["first"], "import.recover:1"))
    assert (project / "content" / JOURNAL_FILE).is_file()
    assert_finished_cleanly(project, archive["first"], archive["content-1"])


def test_many_kills_in_a_row_then_one_import(archive: dict[str, Path], tmp_path: Path) -> None:
    """Kills that each land after the previous run's recovery (the hook counts per run): a
    first import killed four times, then finished; a re-import killed three times, then one."""
    project = make_project(tmp_path / "project")
    for kill in ("import.write:40", "import.write:40", "import.journal:1", "import.write:90"):
        assert killed(run_import(project, archive["first"], kill))
    assert_finished_cleanly(project, archive["first"], archive["content-1"])
    for kill in ("import.write:10", "import.write:20", "import.commit:1"):
        assert killed(run_import(project, archive["second"], kill))
    assert_finished_cleanly(project, archive["second"], archive["content-2"])


def test_files_without_manifest_entries_are_adopted_not_duplicated(
        archive: dict[str, Path], tmp_path: Path) -> None:
    """What an older version left after a kill: the files of a run, no manifest, no journal."""
    project = make_project(tmp_path / "project")
    shutil.rmtree(project / "content")
    shutil.copytree(archive["content-1"], project / "content")
    (project / "content" / MANIFEST_FILE).unlink()
    result = run_import(project, archive["first"])
    assert "300 file(s) without a manifest entry adopted" in result.stdout
    assert summary(result.stdout) == {"releases": 300, "new": 0, "updated": 0, "unchanged": 300,
                                      "kept": 0, "problems": 0}
    assert snapshot(project / "content") == snapshot(archive["content-1"])


def test_a_file_equal_to_the_import_text_is_no_local_edit(archive: dict[str, Path], tmp_path: Path) -> None:
    """Files already holding version 2's text while the manifest still records version 1's
    (an interrupted re-import whose journal is gone) are the import's own, not kept."""
    project = make_project(tmp_path / "project")
    shutil.rmtree(project / "content")
    shutil.copytree(archive["content-2"], project / "content")
    shutil.copy(archive["content-1"] / MANIFEST_FILE, project / "content" / MANIFEST_FILE)
    result = run_import(project, archive["second"])
    assert result.returncode == 0, result.stderr
    assert summary(result.stdout)["kept"] == 0, result.stdout
    assert snapshot(project / "content") == snapshot(archive["content-2"])


def test_a_hand_edit_survives_a_killed_import(archive: dict[str, Path], tmp_path: Path) -> None:
    """The transaction never weakens the manifest's promise: a person's text is kept."""
    project = make_project(tmp_path / "project")
    shutil.rmtree(project / "content")
    shutil.copytree(archive["content-1"], project / "content")
    edited = sorted((project / "content" / "en").rglob("*.md"))[0]  # version 2 changes record 0
    text = edited.read_text(encoding="utf-8") + "\nA line a person added.\n"
    edited.write_text(text, encoding="utf-8")
    assert killed(run_import(project, archive["second"], "import.write:20"))
    result = run_import(project, archive["second"])
    assert result.returncode == 0, result.stderr
    assert edited.read_text(encoding="utf-8") == text
    assert f"kept local edits: content/{edited.relative_to(project / 'content').as_posix()}" in result.stdout
    assert summary(result.stdout)["kept"] == 1


CHILD_BLOCKS = """
import os, sys, time
from generator import workers

def block(pid_file, items):
    if os.getpid() != parent:
        with open(pid_file + ".tmp", "w") as handle:
            handle.write(str(os.getpid()))
        os.rename(pid_file + ".tmp", pid_file)
    while True:
        time.sleep(1)

parent = os.getpid()
workers.map_chunks(block, sys.argv[1], list(range(10)), parallel=True)
"""


def _gone(pid: int) -> bool:
    """The process has exited (a zombie waiting for a reaper counts: it runs no more)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rpartition(")")[2].split()[0] == "Z"
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.skipif(workers.workers() < 2, reason="needs two cores to fork workers")
def test_workers_die_when_their_parent_is_killed(tmp_path: Path) -> None:
    pid_file = tmp_path / "worker.pid"
    parent = subprocess.Popen([sys.executable, "-c", CHILD_BLOCKS, str(pid_file)], env=environment())
    try:
        deadline = time.monotonic() + 120
        while not pid_file.exists():
            assert parent.poll() is None and time.monotonic() < deadline, "no worker started"
            time.sleep(0.05)
        worker = int(pid_file.read_text())
        assert not _gone(worker)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=60)
        while not _gone(worker):
            assert time.monotonic() < deadline + 60, "the worker outlived its killed parent"
            time.sleep(0.05)
    finally:
        if parent.poll() is None:
            parent.kill()
        if pid_file.exists() and not _gone(int(pid_file.read_text())):
            os.kill(int(pid_file.read_text()), signal.SIGKILL)  # only after a failure above


@pytest.fixture(scope="module")
def moving(archive: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Korean dumps imported alone (Hangul slugs), then both languages: every Korean file moves
    to its English partner's slug. The content after each step, uninterrupted."""
    reference = make_project(tmp_path_factory.mktemp("moving") / "reference")
    assert run_import(reference, archive["first"] / "ko").returncode == 0
    korean_only = reference.parent / "content-ko"
    shutil.copytree(reference / "content", korean_only)
    result = run_import(reference, archive["first"])
    assert summary(result.stdout)["updated"] == PAIRS  # the moves
    return {"content-ko": korean_only, "content-both": reference / "content"}


@pytest.mark.parametrize("kill", ["import.write:100", "import.write:250", "import.delete:1",
                                  "import.delete:75", "import.commit:1"])
def test_a_release_moving_to_a_new_slug_is_never_lost_or_doubled(
        kill: str, archive: dict[str, Path], moving: dict[str, Path], tmp_path: Path) -> None:
    """Killed while Korean files move to their partners' slugs: until its new file is written a
    release keeps its old one, and afterwards the old one goes."""
    project = make_project(tmp_path / "project")
    shutil.rmtree(project / "content")
    shutil.copytree(moving["content-ko"], project / "content")
    assert killed(run_import(project, archive["first"], kill))
    korean = inspect(project / "content", moving["content-ko"])
    assert korean.lost == [], "a Korean release has no file while the import was killed"
    assert_finished_cleanly(project, archive["first"], moving["content-both"])
