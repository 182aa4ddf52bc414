"""`pressroom import` on a full disk: a small tmpfs (mounted as root) holds the project, a filler
file leaves the import a chosen amount of space, and the import runs out of it while writing its
journal, its files or its manifest. Each time: one `PATH: message` line on stderr, exit status 1,
no traceback, no half-written file; once the filler is removed, the next import completes to
exactly what an import with room to spare makes, and the one after it has nothing to do."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.importing.manifest import MANIFEST_FILE
from tests.faults.fullfs import fill, free_bytes, mount_tmpfs, root_or_skip, unmount
from tests.faults.importfaults import (
    every_file_whole,
    inspect,
    make_project,
    reference_archive,
    run_import,
    snapshot,
    summary,
)

PAIRS = 150
TMPFS_SIZE = 8 << 20
PAGE = 4096


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Dumps (versions 1 and 2) and what uninterrupted imports make of them (on an ordinary
    disk)."""
    return reference_archive(tmp_path_factory.mktemp("fullfs-archive"), PAIRS)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    root_or_skip()
    mount = tmp_path / "disk"
    mount_tmpfs(mount, TMPFS_SIZE)
    try:
        yield mount
    finally:
        unmount(mount)


def assert_one_line_enospc(result, project: Path) -> None:  # noqa: ANN001 - a CompletedProcess
    """One `PATH: message` line naming the file that did not fit; nothing else left behind
    but whole files and the journal."""
    assert result.returncode == 1, (result.returncode, result.stdout[-500:], result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    path, _, message = lines[0].partition(": ")
    # named from the project folder, as every other error
    assert path.startswith("content/") and "No space left on device" in message, lines[0]
    assert every_file_whole(project / "content") == []
    strays = [p.name for p in (project / "content").rglob(".*") if p.suffix == ".tmp" or p.is_dir()]
    assert strays == []


def assert_completes_after_freeing(project: Path, filler: Path, dumps: Path, expected: Path) -> None:
    filler.unlink()
    result = run_import(project, dumps)
    assert result.returncode == 0, result.stderr
    assert summary(result.stdout)["kept"] == 0, result.stdout
    assert inspect(project / "content", expected).total() == 0
    assert snapshot(project / "content") == snapshot(expected)
    again = summary(run_import(project, dumps).stdout)
    assert (again["new"], again["updated"], again["kept"]) == (0, 0, 0)


def _content_needs(project: Path, dumps: Path) -> int:
    """The bytes a first import takes on the small disk, measured by one, then undone."""
    before = free_bytes(project)
    assert run_import(project, dumps).returncode == 0
    needed = before - free_bytes(project)
    for folder in ("en", "ko"):
        shutil.rmtree(project / "content" / folder)
    (project / "content" / MANIFEST_FILE).unlink()
    return needed


@pytest.mark.parametrize("share", [0.01, 0.3, 0.6, 0.9])
def test_a_first_import_on_a_full_disk_fails_in_one_line_and_loses_nothing(
        share: float, archive: dict[str, Path], small_disk: Path) -> None:
    """A hundredth of the room it needs: the journal itself does not fit; more: files do."""
    project = make_project(small_disk / "project")
    leave = int(_content_needs(project, archive["first"]) * share)
    filler = fill(small_disk, leave)
    assert_one_line_enospc(run_import(project, archive["first"]), project)
    assert_completes_after_freeing(project, filler, archive["first"], archive["content-1"])


@pytest.mark.parametrize("pages", [0, 4, 8])
def test_a_re_import_on_a_full_disk_leaves_no_false_local_edit(
        pages: int, archive: dict[str, Path], small_disk: Path) -> None:
    """Room for the journal and a few new files only: most updates are made (each replaces
    a file of about the same size) but the run fails before it commits its manifest."""
    project = make_project(small_disk / "project")
    assert run_import(project, archive["first"]).returncode == 0
    journal_pages = -(-(project / "content" / MANIFEST_FILE).stat().st_size // PAGE) + 1
    filler = fill(small_disk, (journal_pages + pages) * PAGE if pages else PAGE)
    assert_one_line_enospc(run_import(project, archive["second"]), project)
    assert_completes_after_freeing(project, filler, archive["second"], archive["content-2"])
