"""Writing the site: render first, stage the new site beside the output, then swap it in whole.

Pages whose bytes changed are written into a staging folder beside the output while they render;
once every page has rendered, the whole new site is assembled beside the output — the site
before last brought in line with the current one and the staged files moved in
(generator/site/sparesite.py), or, when most files changed or there is no such site, the staging
folder given hard links to every unchanged file — and, with search, its search index is written
into it; then it replaces the output folder in one atomic exchange (generator/site/swap.py), and
the site it replaces is kept for the next build. So a build killed or stopped by a full disk at
any moment leaves the output folder exactly as the last build left it, search index included;
nothing is ever written inside the output folder, or outside it. A fresh output folder is staged
whole and renamed into place. Builds that `pressroom serve` runs on each save write their few
files into place instead (`commit_in_place`): a preview must reload at once, and the next build
repairs whatever an interrupted one left (its state is then not trusted).

The output folder holds `.pressroom-site`, the mark that Pressroom made it: only a folder with
that mark, an empty one, or the project's own output folder built by an older version (which
marked its sites with `.nojekyll` alone) is built into.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from generator.config import Settings
from generator.errors import PressroomError
from generator.faults import reached
from generator.site.outfiles import file_hasher, in_blocks
from generator.site.search import BUNDLE
from generator.site.sparesite import InLine, claim, discard, keep, mirror, remove, sync
from generator.site.swap import replace_folder, staging, sweep, write_error

NOJEKYLL = ".nojekyll"  # every Pressroom build writes it (GitHub Pages must not run Jekyll)
OWNED = ".pressroom-site"  # the mark of a folder Pressroom built; `--out` builds into no other
OWNED_TEXT = b"Built by Pressroom. `pressroom build --out` only builds into folders holding this file.\n"
# Files a person or another tool keeps in the output folder; stale-file cleanup spares them.
KEPT = ("CNAME", OWNED)
# Folders another step of the build writes after the pages (the search index, generator/site/search.py).
KEPT_FOLDERS = (BUNDLE,)


def check_out_dir(settings: Settings, out_dir: Path) -> None:
    """Refuse output folders whose cleanup could delete the project or someone's files."""
    if out_dir.exists() and not out_dir.is_dir():
        raise PressroomError(out_dir, None, f"refusing to build into {out_dir}: it is a file, not a folder")
    for precious in (settings.root, settings.content_path, settings.theme_path, settings.templates_path,
                     settings.static_path):
        resolved = precious.resolve()
        if out_dir == resolved or out_dir in resolved.parents:
            raise PressroomError(out_dir, None, f"refusing to build into {out_dir}: it holds {precious}")
    # Inside the sources the site would mix with what it is built from (and be read back).
    for source in (settings.content_path, settings.theme_path, settings.templates_path, settings.seeds_path,
                   settings.static_path):
        if source.resolve() in out_dir.parents:
            raise PressroomError(out_dir, None, f"refusing to build into {out_dir}: it is inside {source}")
    if not out_dir.is_dir() or (out_dir / OWNED).is_file() or not any(out_dir.iterdir()):
        return
    # Sites built before the mark existed: the project's own output folder is adopted.
    legacy = out_dir == settings.output_path.absolute().resolve() and (out_dir / NOJEKYLL).is_file()
    if not legacy:
        raise PressroomError(out_dir, None, f"refusing to build into a folder Pressroom did not create "
                                            f"(it is not empty and has no {OWNED}); empty it or choose "
                                            f"another --out")


class Output:
    """The output folder of one build and its staging folder. `atomic=False`: commit in place."""

    def __init__(self, out_dir: Path, atomic: bool = True) -> None:
        self.out_dir = out_dir
        self.atomic = atomic
        sweep(out_dir, BUNDLE)  # first: a killed fallback swap may have left no output folder
        self.fresh = not out_dir.exists()
        if not self.fresh and os.path.ismount(out_dir):
            raise PressroomError(out_dir, None, "refusing to build into a mount point: the new site is "
                                                "swapped in beside it; build into a folder inside it")
        self.stage = staging(out_dir, "building")
        self.whole = self.stage  # the folder that becomes the new site (assemble)
        self._spare: InLine | None = None  # the spare, claimed and being brought in line (begin)
        self._checked_dirs: set[Path] = set()
        self._real_out = os.path.realpath(out_dir) + os.sep
        self._out = str(out_dir) + os.sep

    def _inside(self, root: Path, relative: str) -> Path:
        """`root/relative`, with its folder made. The path is checked lexically (no `..`, not
        absolute); each new folder is also resolved once, so a symlink in an existing output
        folder (or in the spare assembled from one, sparesite.py) cannot carry a write outside it."""
        if relative.startswith("/") or "\\" in relative or ".." in relative.split("/"):
            raise PressroomError(relative, None, "an output path must stay inside the output folder")
        target = root / relative
        parent = target.parent
        if parent not in self._checked_dirs:
            parent.mkdir(parents=True, exist_ok=True)
            real = self._real_out if root is self.out_dir else os.path.realpath(root) + os.sep
            if root is not self.stage and not (os.path.realpath(parent) + os.sep).startswith(real):
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

    def existing_digest(self, relative: str) -> str | None:
        """The file_digest of a file of the output folder, read in pieces; None if there is none."""
        try:
            with open(self.out_dir / relative, "rb") as handle:
                return hashlib.file_digest(handle, file_hasher).hexdigest()
        except OSError:
            return None

    def stage_pieces(self, relative: str, pieces: Iterable[bytes]) -> tuple[str, int]:
        """Stage a file written as it is made, never whole in memory (the dataset's JSONL: 70 MB
        at 10,000 releases per language); its file_digest and size."""
        hasher, size = file_hasher(), 0
        try:
            with open(self._inside(self.stage, relative), "wb") as handle:
                # joined into blocks of about a megabyte: a hash update and a write per line cost
                # a tenth of a second at 10,000 releases per language
                for block in in_blocks(pieces):
                    hasher.update(block)
                    size += len(block)
                    handle.write(block)
        except OSError as error:
            raise write_error(self.out_dir / relative, error) from None
        return hasher.hexdigest(), size

    def unstage(self, relative: str) -> None:
        """Take back a staged file: it came out the same as the output's. Its folders stay until
        the build ends (another worker may be staging into them): see `unstaged`."""
        (self.stage / relative).unlink(missing_ok=True)

    def unstaged(self) -> None:
        """The build stages nothing after all: the staging folder goes (a file staged and taken
        back left it behind)."""
        shutil.rmtree(self.stage, ignore_errors=True)

    def stage_file(self, relative: str, data: bytes) -> None:
        try:
            with open(self._inside(self.stage, relative), "wb") as handle:
                handle.write(data)
        except OSError as error:
            raise write_error(self.out_dir / relative, error) from None

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

    def assemble(self, staged: list[str], stale: list[str], keep_index: bool) -> Path:
        """Make a folder the whole new site and return it: the staged files, every other file of
        the current site but the stale ones (and the search index unless `keep_index`), and the
        mark. That folder is the site before last, brought in line with the current site and
        given the staged files (sparesite.py), or where there is none, the staging folder given
        hard links to the unchanged files."""
        # the mark is written anew, never through a link it would share with the output's
        skip, skip_top = {*staged, *stale, OWNED}, set() if keep_index else {BUNDLE}
        spare, self._spare = self._spare, None
        if spare is not None:
            self.whole = spare.folder  # this build's now: an abort deletes it
        try:
            self.stage.mkdir(parents=True, exist_ok=True)
            in_line = spare is not None and spare.ready()
            whole = spare.folder if spare is not None else None if self.fresh else claim(self.out_dir)
            if whole is not None:
                self.whole = whole
                shutil.copymode(self.out_dir, self.whole)
                if in_line:  # all but the files this build changes, and the index
                    self._finish_line(stale, keep_index)
                else:
                    sync(self.out_dir, self.whole, skip, skip_top)
                self._move_in(staged)
            elif not self.fresh:
                shutil.copymode(self.out_dir, self.stage)
                mirror(self.out_dir, self.stage, skip, skip_top)
            for relative in stale:
                self._prune(self.whole / relative, self.whole)
            (self.whole / OWNED).write_bytes(OWNED_TEXT)
        except OSError as error:
            self.abort()
            raise write_error(self._named(error), error) from None
        return self.whole

    def begin(self) -> None:
        """Claim the spare now and have it brought in line on another core while the build
        renders (sparesite.InLine); without the mark and the index, which assemble settles.
        Without a spare (the first build after a cold one), an empty folder is filled the same
        way, so that build does not link the whole site after rendering."""
        if self.atomic and not self.fresh and self._spare is None:
            folder = claim(self.out_dir) or _made(staging(self.out_dir, "assembling"))
            if folder is not None:
                self._spare = InLine(self.out_dir, folder, {OWNED}, {BUNDLE})

    def give_back(self) -> None:
        """A claimed spare the build did not assemble becomes the spare again."""
        spare, self._spare = self._spare, None
        if spare is not None:
            spare.give_back()

    def _finish_line(self, stale: list[str], keep_index: bool) -> None:
        """The spare brought in line by `begin`: the stale files go, and the index kept is
        brought in line too (the child left it out: most builds make it anew)."""
        for relative in stale:
            remove(self.whole / relative)
        if keep_index:
            remove(self.whole / BUNDLE)
            others = {name for name in os.listdir(self.out_dir) if name != BUNDLE}
            mirror(self.out_dir, self.whole, set(), others)

    def _named(self, error: OSError) -> str:
        """The path an OS error is about, as the output path it stands for."""
        path = os.fsdecode(error.filename) if error.filename else str(self.out_dir)
        for folder in {str(self.stage), str(self.whole)}:
            if path.startswith(folder):
                return str(self.out_dir) + path[len(folder):]
        return path

    def _move_in(self, staged: list[str]) -> None:
        """Move the staged files into the assembled site, each with one rename (never written
        into: the other entries are links shared with the current site)."""
        for relative in staged:
            target = self._inside(self.whole, relative)
            try:
                os.replace(self.stage / relative, target)
            except IsADirectoryError:  # a folder where the new site has a file
                remove(target)
                os.replace(self.stage / relative, target)

    def publish(self) -> None:
        """Swap the assembled staging folder in for the output folder (generator/site/swap.py)."""
        reached("build.staged")
        try:
            replace_folder(self.whole, self.out_dir, staging(self.out_dir, "old"), keep=keep)
            if self.fresh:
                discard(self.out_dir)  # a spare of a site someone deleted
            shutil.rmtree(self.stage, ignore_errors=True)  # emptied folders, when the spare was used
        except OSError as error:
            self.abort()
            raise write_error(self.out_dir, error) from None
        reached("build.swapped")

    def commit_in_place(self, staged: list[str], stale: list[str]) -> None:
        """Move the staged files into the output folder one by one (pressroom serve's builds)."""
        try:
            if self.fresh:
                self.assemble([], [], True)
                os.replace(self.stage, self.out_dir)
                return
            for relative in staged:
                os.replace(self.stage / relative, self._inside(self.out_dir, relative))
            for relative in stale:
                target = self._inside(self.out_dir, relative)
                target.unlink(missing_ok=True)
                self._prune(target, self.out_dir)
            if not (self.out_dir / OWNED).is_file():
                (self.out_dir / OWNED).write_bytes(OWNED_TEXT)
        except OSError as error:
            raise write_error(self._named(error), error) from None
        finally:
            self.abort()

    @staticmethod
    def _prune(file: Path, root: Path) -> None:
        folder = file.parent
        while folder != root and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent

    def abort(self) -> None:
        self.give_back()
        shutil.rmtree(self.stage, ignore_errors=True)
        if self.whole != self.stage:
            shutil.rmtree(self.whole, ignore_errors=True)  # a claimed spare, half brought in line


def _made(folder: Path) -> Path | None:
    """`folder`, made empty; None when it cannot be (assemble then links the site itself)."""
    try:
        folder.mkdir()
    except OSError:
        return None
    return folder
