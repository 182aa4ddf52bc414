"""Shared by the build fault tests and benchmarks/build_kills.py: a project copied from the
demo archive, `pressroom build` run as a real process (so it can be killed), and the invariants
an interrupted build must leave: the output folder whole (as the last good build left it, byte
for byte, search index included), no staging folder left beside it, and after the next build a
site equal to a clean one.

The search index is compared too: it is a function of the pages alone (sorted paths and keys),
so the same site gives the same index, byte for byte, on any filesystem (checked by
`test_clean_builds_agree`).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.faults.killhook import REPO, environment

TIMEOUT = 600  # seconds for one build: generous, for a busy 2-core machine
STAGING = re.compile(r"\.[^/]+\.(building|assembling|search-index|search-index-old|pagefind|pagefind-old"
                     r"|old)-\d+")


def make_project(folder: Path) -> Path:
    """A copy of the demo project (settings, content, themes) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "pyproject.toml", folder / "pyproject.toml")
    for name in ("content", "themes"):
        shutil.copytree(REPO / name, folder / name)
    return folder



def build_command(project: Path, *args: str) -> list[str]:
    config = str(project / "pyproject.toml")
    # --quiet: stderr holds only the errors these tests read (progress: tests/test_progress.py)
    return [sys.executable, "-m", "generator.cli", "--quiet", "--config", config, "build", *args]


def run_build(project: Path, *args: str, kill: str | None = None,
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`pressroom build ARGS` in its own process, optionally killed by the fault hook."""
    return subprocess.run(build_command(project, *args), cwd=project, env=env or environment(kill),
                          capture_output=True, text=True, timeout=TIMEOUT, check=False)


def tree(folder: Path) -> dict[str, str]:
    """Every file, link and folder under `folder` with a hash of its bytes (or link target)."""
    found: dict[str, str] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            relative = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[relative] = "link:" + os.readlink(path)
            elif path.is_dir():
                found[relative] = "folder"
            else:
                found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def differences(want: dict[str, str], got: dict[str, str]) -> list[str]:
    """The paths whose entries differ (at most 10 named), for an assertion message."""
    return sorted(path for path in want.keys() | got.keys() if want.get(path) != got.get(path))[:10]


def strays(folder: Path) -> list[str]:
    """Staging folders (ours, by name) beside or inside `folder`."""
    return sorted(p.name for place in (folder.parent, folder) if place.is_dir()
                  for p in place.iterdir() if STAGING.fullmatch(p.name))


def clean_tree(project: Path, out: Path) -> dict[str, str]:
    """The tree a build from scratch (`--no-cache`) makes of the project's content now."""
    shutil.rmtree(out, ignore_errors=True)
    result = run_build(project, "--no-cache", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return tree(out)


def edit_release(project: Path, number: int) -> None:
    """A change every build notices: the `number`th release file's title (sorted order) gains a
    word, so its page, lists, feeds and search index all change."""
    files = sorted((project / "content").rglob("*.md"))
    path = files[number % len(files)]
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title: (.*)$", rf"title: \1 revised {number}", text, count=1, flags=re.M),
                    encoding="utf-8")


def dead_pid() -> int:
    """The id of a process that has ended (a killed build's, as far as its folders tell)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait(timeout=60)
    return process.pid





