"""Errors of the operating system (a full disk, a read-only or forbidden folder) end every
command with one line `PATH: message` and exit status 1, never a traceback; and a terminal that
cannot show a character does not turn a summary line into one.

The full disk of `build` is tests/faults/test_build_fullfs.py's; here: folders the kernel
refuses (/proc, /sys), a read-only project on a tmpfs (root only: skipped elsewhere, failing
under CI=true), and the CLI's backstop for errors no command named itself.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import cli
from tests.faults.buildfaults import (
    REPO,
    environment,
    make_project,
    run_build,
)
from tests.faults.fullfs import mount_tmpfs, unmount

ONE_LINE = re.compile(r"^\S[^\n]*: [^\n]+$")


def _assert_one_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert ONE_LINE.fullmatch(result.stderr.strip()), result.stderr
    assert all(word in result.stderr for word in words), result.stderr


def _pressroom(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # --quiet: stderr holds only the errors these tests read (progress: tests/test_progress.py)
    return subprocess.run([sys.executable, "-m", "generator.cli", "--quiet", *args], cwd=project,
                          env=environment(), capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.parametrize(("out", "reason"), [("/proc/pressroom-site", "No such file or directory"),
                                            ("/sys/kernel/pressroom-site", "Operation not permitted")])
def test_build_into_a_folder_the_kernel_refuses(tmp_path: Path, out: str, reason: str) -> None:
    project = make_project(tmp_path / "project")
    _assert_one_line(run_build(project, "--out", out), out, reason)


@pytest.fixture
def read_only_project(tmp_path: Path) -> Iterator[Path]:
    """The demo project, built and imported, on a tmpfs then made read-only."""
    disk = tmp_path / "disk"
    try:
        mount_tmpfs(disk, 64 * 1024**2)
    except (subprocess.CalledProcessError, OSError) as error:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"cannot mount a tmpfs here (not root?): {error}")
    try:
        project = make_project(disk / "project")
        shutil.copytree(REPO / "seeds", project / "seeds")
        assert run_build(project).returncode == 0
        english = project / "content" / "en"
        (english / "2024").rename(english / "2024-moved")  # the import has files to write
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True, capture_output=True, timeout=60)
        yield project
    finally:
        unmount(disk)


def test_commands_on_a_read_only_project(read_only_project: Path) -> None:
    project = read_only_project
    for command in (("import",), ("build", "--no-cache")):
        result = _pressroom(project, *command)
        _assert_one_line(result, "Read-only file system")
        # named from the project folder (content/…, .pressroom-cache/…), as every other error
        assert str(project) not in result.stderr and not result.stderr.startswith("/"), result.stderr
    checked = _pressroom(project, "check")  # reads only: content problems, if any, never a traceback
    assert "Traceback" not in checked.stderr and checked.returncode in (0, 1)


def test_backstop_names_the_path(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                 tmp_path: Path) -> None:
    """An OS error no command caught becomes `PATH: message` (both paths of a rename)."""
    def failing(settings: object, args: object) -> int:
        raise OSError(28, "No space left on device", str(tmp_path / "a"), None, str(tmp_path / "b"))

    monkeypatch.setattr("generator.check.checker.command", failing)
    monkeypatch.chdir(REPO)
    assert cli.main(["check"]) == 1
    assert capsys.readouterr().err == f"{tmp_path / 'a'} -> {tmp_path / 'b'}: No space left on device\n"


ASCII_TERMINALS = [{"PYTHONIOENCODING": "ascii"},
                   {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}]


@pytest.mark.parametrize("variables", ASCII_TERMINALS)
def test_summaries_on_a_terminal_without_unicode(tmp_path: Path, variables: dict[str, str]) -> None:
    project = make_project(tmp_path / "project")
    shutil.copytree(REPO / "seeds", project / "seeds")
    env = {**environment(), **variables}
    for command in (["import"], ["build", "--no-search"]):
        result = subprocess.run([sys.executable, "-m", "generator.cli", *command], cwd=project, env=env,
                                capture_output=True, timeout=600, check=False)
        assert result.returncode == 0, result.stderr.decode("ascii", "replace")
        assert b"Traceback" not in result.stderr
        assert b"\\u2014" in result.stdout or b"\\u2013" in result.stdout  # the dashes, escaped
