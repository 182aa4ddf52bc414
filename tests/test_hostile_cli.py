"""The installed `pressroom` command, run as a person would, on wrong settings and dangerous
arguments: one line on stderr, exit status 1, no traceback, no file of theirs touched."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

PRESSROOM = Path(sys.executable).with_name("pressroom")


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def pressroom(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # --quiet: stderr holds only the errors these tests read (progress: tests/test_progress.py)
    return subprocess.run([str(PRESSROOM), "--quiet", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def fails_with(result: subprocess.CompletedProcess[str], message: str) -> None:
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    assert message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.fixture
def project(scratch_project: Path) -> Path:
    assert PRESSROOM.is_file(), "install the project: pip install -e '.[test]'"
    return scratch_project


@pytest.mark.parametrize("out", [".", "/", "content", "themes", "..", "pyproject.toml", "content/en/x",
                                 "seeds/x"])
def test_build_refuses_outputs_that_hold_or_sit_in_the_project(project: Path, out: str) -> None:
    before = snapshot(project)
    fails_with(pressroom(project, "build", "--no-search", "--out", out), "refusing to build into")
    assert snapshot(project) == before


@pytest.mark.parametrize("base_url, message", [
    ("http://x.org/?q=1", "must not have a query or fragment"),
    ("http://x/../", "'.' or '..' segments"),
    ("http://x.org/a b/", "must be an http(s) URL"),
    ("http://[::1/", "no valid host"),
])
def test_build_refuses_unusable_base_urls(project: Path, base_url: str, message: str) -> None:
    fails_with(pressroom(project, "build", "--no-search", "--base-url", base_url), message)
    assert not (project / "site").exists()


@pytest.mark.parametrize("old, new, message", [
    ("page_size = 20", 'page_size = "x"', "pyproject.toml:"),
    ("page_size = 20", "page_size = 20\nbogus = 1", "unknown setting 'bogus'"),
    ('timezone = "Asia/Seoul"', 'timezone = "Mars/Base"', "unknown timezone 'Mars/Base'"),
    ("[tool.ruff]", "[tool.ruff\n", "not valid TOML"),
])
def test_bad_settings(project: Path, old: str, new: str, message: str) -> None:
    config = project / "pyproject.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    fails_with(pressroom(project, "build", "--no-search"), message)


def test_config_that_is_a_folder_or_missing(project: Path) -> None:
    fails_with(pressroom(project, "--config", "content", "build"), "cannot read the settings")
    fails_with(pressroom(project, "--config", "nowhere/pyproject.toml", "build"), "no pyproject.toml here")


def test_non_utf8_pyproject_in_a_parent_folder_is_skipped(project: Path, tmp_path_factory) -> None:
    outer = tmp_path_factory.mktemp("outer")
    (outer / "pyproject.toml").write_bytes(b"# \xff\xfe not ours\n")
    inner = outer / "empty"
    inner.mkdir()
    result = pressroom(inner, "build")
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_failed_build_leaves_the_previous_site_byte_identical(project: Path) -> None:
    assert pressroom(project, "build", "--no-search").returncode == 0
    before = snapshot(project / "site")
    release = next((project / "content/en").rglob("*.md"))
    text = release.read_text(encoding="utf-8")
    release.write_text(text.replace("lang: en\n", "lang: en\nlang: en\n", 1), encoding="utf-8")
    result = pressroom(project, "build", "--no-search")
    shown = release.relative_to(project).as_posix()
    fails_with(result, f"{shown}:5: duplicate front matter key 'lang'")
    assert snapshot(project / "site") == before
    check = pressroom(project, "check")
    assert check.returncode == 1 and f"{shown}:5: duplicate front matter key 'lang'" in check.stdout
    assert "Traceback" not in check.stderr


@pytest.mark.parametrize("port", ["99999", "0", "-1", "http"])
def test_serve_refuses_impossible_ports(project: Path, port: str) -> None:
    result = pressroom(project, "serve", "--port", port)
    assert result.returncode == 2 and "argument --port" in result.stderr and "Traceback" not in result.stderr


def test_a_mistyped_command_is_told_the_closest_one(project: Path) -> None:
    result = pressroom(project, "biuld")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "invalid choice: 'biuld'" in result.stderr and "did you mean 'build'?" in result.stderr


def test_a_wrong_build_flag_shows_builds_help_and_the_closest_flag(project: Path) -> None:
    result = pressroom(project, "build", "--drafs")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "usage: pressroom build" in result.stderr and "--no-search" in result.stderr  # build's own help
    assert "Bilingual static archive" not in result.stderr  # not the top-level one
    assert result.stderr.strip().splitlines()[-1] == (
        "pressroom build: error: unrecognized arguments: --drafs; did you mean '--drafts'?")
    assert not (project / "site").exists()


def test_every_problem_of_a_hand_written_file_in_one_run(project: Path) -> None:
    folder = project / "content/en/2024/05"
    folder.mkdir(parents=True)
    (folder / "hand.md").write_text("---\ntitle: By hand\ndate: 2024-05-02\nlang: en\ncategory: trade\n"
                                    "summary: S\n---\n\nBody.\n", encoding="utf-8")
    for command in (("build", "--no-search"), ("check",)):
        result = pressroom(project, *command)
        assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
        lines = [line for line in (result.stderr + result.stdout).splitlines() if "hand.md" in line]
        assert lines == [f"content/en/2024/05/hand.md:1: front matter lacks {key!r}"
                         for key in ("tags", "slug", "translation_key")], command


def test_new_refuses_an_unknown_language_and_overwriting(project: Path) -> None:
    fails_with(pressroom(project, "new", "--lang", "jp", "Title"),
               "--lang 'jp' is not one of the site's languages")
    first = pressroom(project, "new", "--lang", "en", "Chip exports rise", "--slug", "chips")
    assert first.returncode == 0 and first.stdout.strip().endswith("/chips.md"), first
    written = project / first.stdout.strip()
    before = written.read_bytes()
    fails_with(pressroom(project, "new", "--lang", "en", "Other", "--slug", "chips"), "already exists")
    assert written.read_bytes() == before
    assert [p.name for p in written.parent.iterdir()] == ["chips.md"]  # no temporary file left
