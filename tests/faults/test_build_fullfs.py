"""`pressroom build` on a full disk: the output folder lives on a small tmpfs (mounted as root),
a filler file leaves the build a chosen amount of space, and the build runs out of it while
writing pages, assembling the new site or writing its search index.

Invariants: one line `PATH: message` on stderr, exit status 1, no traceback; the site is
byte for byte what it was, and no staging folder is left; once space is freed, the next build
gives a site equal to a clean build. Mounting needs root: where it is refused the tests skip,
except under CI=true, where they fail (CI runs as root and must run them).
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.buildfaults import (
    clean_tree,
    differences,
    edit_release,
    make_project,
    run_build,
    strays,
    tree,
)
from tests.faults.fullfs import fill, mount_tmpfs, unmount

SIZE = 16 * 1024**2  # the demo site is ~3 MB, its index included
ONE_LINE = re.compile(r"^\S[^\n]*: [^\n]+$")


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    try:
        mount_tmpfs(mount, SIZE)
    except (subprocess.CalledProcessError, OSError) as error:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"cannot mount a tmpfs here (not root?): {error}")
    try:
        yield mount
    finally:
        unmount(mount)


def _assert_one_line(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    assert ONE_LINE.fullmatch(result.stderr.strip()), result.stderr


def test_first_build_on_a_full_disk(tmp_path: Path, disk: Path) -> None:
    project = make_project(tmp_path / "project")
    fill(disk, 64 * 1024)
    site = disk / "site"
    result = run_build(project, "--out", str(site))
    _assert_one_line(result)
    assert "No space left on device" in result.stderr and str(disk) in result.stderr
    assert not site.exists() and strays(site) == []


@pytest.mark.parametrize("leave_kib", [8, 48, 160, 400, 1200, 6000])
def test_rebuild_on_a_full_disk(tmp_path: Path, disk: Path, leave_kib: int) -> None:
    """With little space left the build fails somewhere between its first page and the search index's
    last file (the amounts reach each of them); with enough it succeeds. Either way the site
    is whole."""
    project = make_project(tmp_path / "project")
    site = disk / "site"
    assert run_build(project, "--out", str(site)).returncode == 0
    before = tree(site)
    for number in range(0, 36, 4):  # many pages and the whole index change
        edit_release(project, number)
    filler = fill(disk, leave_kib * 1024)
    result = run_build(project, "--out", str(site))
    if result.returncode != 0 or leave_kib < 1200:
        _assert_one_line(result)
        assert "No space left on device" in result.stderr, result.stderr
        assert tree(site) == before, differences(before, tree(site))
    assert strays(site) == []
    filler.unlink()
    assert run_build(project, "--out", str(site)).returncode == 0
    expected = clean_tree(project, tmp_path / "clean")
    assert tree(site) == expected, differences(expected, tree(site))
    assert strays(site) == []


def test_read_only_output(tmp_path: Path, disk: Path) -> None:
    project = make_project(tmp_path / "project")
    site = disk / "site"
    assert run_build(project, "--out", str(site)).returncode == 0
    before = tree(site)
    edit_release(project, 2)
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True, capture_output=True, timeout=60)
    result = run_build(project, "--out", str(site))
    _assert_one_line(result)
    assert "Read-only file system" in result.stderr and str(disk) in result.stderr
    assert tree(site) == before
