"""An OS error about a file inside the project names it from the project folder, as every other
error does (`content/en/2024: cannot write: File exists`); one outside keeps its absolute path
(stop 37). Each error is met for real, as root too (chmod would not stop root): a file where a
build or an import needs a folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.config import load_settings
from generator.errors import shown_path


def _pressroom(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # --quiet: stderr holds only the error line
    return subprocess.run([sys.executable, "-m", "generator.cli", "--quiet", *args], cwd=project,
                          capture_output=True, text=True, timeout=300, check=False)


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, (result.returncode, result.stdout[-500:], result.stderr)
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result.stderr.strip()


def test_a_build_that_cannot_write_names_the_output_file_from_the_project(scratch_project: Path) -> None:
    (scratch_project / "blocker").write_text("a file, not a folder\n", encoding="utf-8")
    line = _one_line(_pressroom(scratch_project, "build", "--no-search", "--out", "blocker/site"))
    assert line.startswith("blocker/site/") and line.endswith(": cannot write: Not a directory"), line


def test_an_os_error_no_command_named_is_named_from_the_project(scratch_project: Path) -> None:
    """The CLI's backstop: the build cache's folder is a file."""
    (scratch_project / ".pressroom-cache").write_text("a file, not a folder\n", encoding="utf-8")
    line = _one_line(_pressroom(scratch_project, "build", "--no-search"))
    assert line.startswith(".pressroom-cache/") and line.endswith(": Not a directory"), line


def test_an_import_that_cannot_write_names_the_file_from_the_project(scratch_project: Path) -> None:
    content = scratch_project / "content"
    for folder in ("en/2024", "ko/2024"):
        shutil.rmtree(content / folder)
    (content / ".import-manifest.json").unlink(missing_ok=True)  # every release is new
    (content / "en/2024").write_text("a file, not a folder\n", encoding="utf-8")
    assert _one_line(_pressroom(scratch_project, "import")) == "content/en/2024: cannot write: File exists"


def test_a_file_outside_the_project_keeps_its_absolute_path(scratch_project: Path,
                                                            tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside") / "blocker"
    outside.write_text("a file, not a folder\n", encoding="utf-8")
    line = _one_line(_pressroom(scratch_project, "build", "--no-search", "--out", str(outside / "site")))
    assert line.startswith(f"{outside}/site/") and line.endswith(": cannot write: Not a directory"), line


def test_shown_path(scratch_project: Path, tmp_path_factory: pytest.TempPathFactory,
                    monkeypatch: pytest.MonkeyPatch) -> None:
    root = load_settings(scratch_project / "pyproject.toml").root
    assert shown_path(scratch_project / "content/en/x.md", root) == "content/en/x.md"
    assert shown_path(str(scratch_project / "site/../content").encode(), root) == "content"
    monkeypatch.chdir(scratch_project / "content")  # an OS error's relative path is from here
    assert shown_path("en/x.md", root) == "content/en/x.md"
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "x.md"
    assert shown_path(elsewhere, root) == str(elsewhere)
    link = tmp_path_factory.mktemp("link") / "project"
    link.symlink_to(scratch_project)  # the project reached through a link: named all the same
    assert shown_path(link / "content/en/x.md", link) == "content/en/x.md"
    assert shown_path(scratch_project / "content/en/x.md", link) == "content/en/x.md"
