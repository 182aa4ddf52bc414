"""Writing the site: render first, stage changed files beside the output, then swap them in.

A fresh output folder is staged whole and renamed into place. An existing one receives only
files whose bytes changed (each moved in with os.replace) and loses files no page produces any
more. Nothing is touched before every page has rendered, so a failed build leaves the old
site whole; nothing is ever written outside the output folder.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from generator.config import Settings
from generator.errors import PressroomError

# Files a person or another tool keeps in the output folder; stale-file cleanup spares them.
KEPT = ("CNAME",)
# Folders another step of the build writes after the pages (the search index, generator/site/search.py).
KEPT_FOLDERS = ("pagefind",)
MARKER = ".nojekyll"  # every Pressroom build writes it; it tells a Pressroom site apart


def check_out_dir(settings: Settings, out_dir: Path) -> None:
    """Refuse output folders whose cleanup could delete the project or someone's files."""
    if out_dir.exists() and not out_dir.is_dir():
        raise PressroomError(out_dir, None, f"refusing to build into {out_dir}: it is a file, not a folder")
    for precious in (settings.root, settings.content_path, settings.theme_path, settings.templates_path):
        resolved = precious.resolve()
        if out_dir == resolved or out_dir in resolved.parents:
            raise PressroomError(out_dir, None, f"refusing to build into {out_dir}: it holds {precious}")
    # Inside the sources the site would mix with what it is built from (and be read back).
    for source in (settings.content_path, settings.theme_path, settings.templates_path, settings.seeds_path):
        if source.resolve() in out_dir.parents:
            raise PressroomError(out_dir, None, f"refusing to build into {out_dir}: it is inside {source}")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).exists():
        raise PressroomError(out_dir, None, "refusing to build into a folder that is not empty and "
                                            "was not built by Pressroom; choose another --out")


class Output:
    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.fresh = not out_dir.exists()
        self.stage = out_dir.parent / f".{out_dir.name}.building-{os.getpid()}"
        self._sweep_abandoned()
        self._checked_dirs: set[Path] = set()
        self._real_out = os.path.realpath(out_dir) + os.sep
        self._out = str(out_dir) + os.sep

    def _sweep_abandoned(self) -> None:
        """Remove staging folders of builds that were killed (their process is gone)."""
        if not self.out_dir.parent.is_dir():
            return
        for folder in self.out_dir.parent.glob(f".{self.out_dir.name}.building-*"):
            try:
                os.kill(int(folder.name.rsplit("-", 1)[1]), 0)
            except ProcessLookupError:
                shutil.rmtree(folder, ignore_errors=True)
            except (ValueError, PermissionError):
                continue

    def _inside(self, root: Path, relative: str) -> Path:
        """`root/relative`, with its folder made. The path is checked lexically (no `..`, not
        absolute); each new folder is also resolved once, so a symlink in an existing output
        folder cannot carry a write outside it."""
        if relative.startswith("/") or "\\" in relative or ".." in relative.split("/"):
            raise PressroomError(relative, None, "an output path must stay inside the output folder")
        target = root / relative
        parent = target.parent
        if parent not in self._checked_dirs:
            parent.mkdir(parents=True, exist_ok=True)
            if root is self.out_dir and not (os.path.realpath(parent) + os.sep).startswith(self._real_out):
                raise PressroomError(relative, None, "an output path must stay inside the output folder")
            self._checked_dirs.add(parent)
        return target

    def existing(self, relative: str) -> bytes | None:
        try:
            return (self.out_dir / relative).read_bytes()
        except OSError:
            return None

    def exists(self, relative: str) -> bool:
        return not self.fresh and os.path.isfile(self._out + relative)

    def stage_file(self, relative: str, data: bytes) -> None:
        with open(self._inside(self.stage, relative), "wb") as handle:
            handle.write(data)

    def on_disk(self) -> list[str]:
        """Files now in the output folder that a build manages (dot-folders and KEPT spared)."""
        found = []
        for folder, dirs, files in os.walk(self.out_dir):
            relative = Path(folder).relative_to(self.out_dir).as_posix()
            dirs[:] = sorted(d for d in dirs
                             if not d.startswith(".") and not (relative == "." and d in KEPT_FOLDERS))
            for name in files:
                path = name if relative == "." else f"{relative}/{name}"
                if path not in KEPT:
                    found.append(path)
        return found

    def commit(self, staged: list[str], stale: list[str]) -> None:
        if self.fresh:
            self.stage.mkdir(parents=True, exist_ok=True)
            os.replace(self.stage, self.out_dir)
            return
        for relative in staged:
            target = self._inside(self.out_dir, relative)
            os.replace(self.stage / relative, target)
        for relative in stale:
            target = self._inside(self.out_dir, relative)
            target.unlink(missing_ok=True)
            self._prune(target.parent)
        self.abort()

    def _prune(self, folder: Path) -> None:
        while folder != self.out_dir and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent

    def abort(self) -> None:
        shutil.rmtree(self.stage, ignore_errors=True)
