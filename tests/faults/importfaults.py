"""Shared by the import fault tests and benchmarks/import_kills.py: a synthetic project, an
import run as a real process (so it can be killed), and the invariants every interrupted import
must leave for the next one.

The archive comes from benchmarks/import_bench.py's generator (English–Korean pairs made from
the seed dumps). `revise` makes the same dumps' next version: some bodies changed (updates in
place) and some titles changed (new files beside the old ones), so a re-import has work to do.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from benchmarks.import_bench import write_dumps
from generator.content.files import release_files
from generator.content.frontmatter import parse_release
from generator.importing.manifest import JOURNAL_FILE, MANIFEST_FILE, load_manifest
from tests.faults.killhook import REPO, environment

SUMMARY = re.compile(r"import: (\d+) releases — (\d+) new, (\d+) updated, (\d+) unchanged, "
                     r"(\d+) kept \(local edits\), (\d+) problems")
TIMEOUT = 600  # seconds for one import: generous, for a busy 2-core machine


def make_project(folder: Path) -> Path:
    """An empty project (settings, vocabulary, no releases) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "pyproject.toml", folder / "pyproject.toml")
    (folder / "content").mkdir(exist_ok=True)
    shutil.copy(REPO / "content" / "vocabulary.yaml", folder / "content" / "vocabulary.yaml")
    return folder


def make_dumps(folder: Path, pairs: int) -> Path:
    """Dumps of `pairs` English–Korean pairs in folder/en and folder/ko."""
    write_dumps(folder, pairs)
    return folder


def revise(dumps: Path) -> None:
    """The dumps' next version, in place: every fifth body and every 25th title changed."""
    for dump in sorted(dumps.rglob("*.txt")):
        records = dump.read_text(encoding="utf-8").split("\n-\n")
        for number in range(0, len(records), 5):
            records[number] = records[number].replace("(ref. ", "(reference ", 1)
        for number in range(2, len(records), 25):
            lines = records[number].split("\n")
            title = 1 if lines[0] == "-" else 0
            title += 1 if len(lines) > title + 2 else 0  # a category line first
            lines[title] += " (revised)"
            records[number] = "\n".join(lines)
        dump.write_text("\n-\n".join(records), encoding="utf-8")


def reference_archive(root: Path, pairs: int) -> dict[str, Path]:
    """Dumps of `pairs` pairs, version 1 ("first") and its revision ("second"), and the content
    uninterrupted imports make of them: version 1 into an empty project ("content-1"), then
    version 2 over it ("content-2"). The dumps' names are absolute, so any project importing
    them writes the same front matter."""
    first, second = make_dumps(root / "dumps-1", pairs), root / "dumps-2"
    shutil.copytree(first, second)
    revise(second)
    reference = make_project(root / "reference")
    assert run_import(reference, first).returncode == 0
    shutil.copytree(reference / "content", root / "content-1")
    assert run_import(reference, second).returncode == 0
    return {"first": first, "second": second, "content-1": root / "content-1",
            "content-2": reference / "content"}


def import_command(project: Path, dumps: Path) -> list[str]:
    # --quiet: stderr holds only the errors these tests read (progress: tests/test_progress.py)
    return [sys.executable, "-m", "generator.cli", "--quiet", "--config", str(project / "pyproject.toml"),
            "import", str(dumps)]



def run_import(project: Path, dumps: Path, kill: str | None = None) -> subprocess.CompletedProcess[str]:
    """`pressroom import DUMPS` in its own process, optionally killed by the fault hook."""
    return subprocess.run(import_command(project, dumps), cwd=project, env=environment(kill),
                          capture_output=True, text=True, timeout=TIMEOUT, check=False)


def killed(result: subprocess.CompletedProcess[str]) -> bool:
    return result.returncode == -signal.SIGKILL


def summary(output: str) -> dict[str, int]:
    """The counts of an import's last line."""
    found = SUMMARY.search(output)
    assert found, f"no summary line in {output[-2000:]!r}"
    names = ("releases", "new", "updated", "unchanged", "kept", "problems")
    return dict(zip(names, map(int, found.groups()), strict=True))


def snapshot(content: Path) -> dict[str, bytes]:
    """Every file of content/ (release files, manifest, anything left behind), by path."""
    return {path.relative_to(content).as_posix(): path.read_bytes()
            for path in sorted(content.rglob("*")) if path.is_file()}


@dataclass
class Damage:
    """What an import left that it should not have: each list empty when all is well."""

    duplicates: list[str]  # (lang, translation_key) or (lang, date, title) held by two files
    lost: list[str]  # releases of the reference archive with no file
    unclaimed: list[str]  # release files without a manifest entry, entries without a file
    leftovers: list[str]  # journal, staging folders, temporary files

    def total(self) -> int:
        return len(self.duplicates) + len(self.lost) + len(self.unclaimed) + len(self.leftovers)


def inspect(content: Path, reference: Path) -> Damage:
    """Compare a content folder after an import with a reference one (an uninterrupted run)."""
    releases = {path: parse_release((content / path).read_text(encoding="utf-8"), path)
                for path in release_files(content)}
    keys = Counter((r.lang, r.translation_key) for r in releases.values())
    identities = Counter((r.lang, r.date, r.title) for r in releases.values())
    duplicates = [repr(k) for counts in (keys, identities) for k, n in counts.items() if n > 1]
    wanted = {(r.lang, r.date, r.title)
              for r in (parse_release((reference / p).read_text(encoding="utf-8"), p)
                        for p in release_files(reference))}
    lost = sorted(repr(identity) for identity in wanted - set(identities))
    manifest = load_manifest(content)
    unclaimed = sorted(set(releases) ^ set(manifest))
    leftovers = sorted(path.name for path in content.rglob(".*")
                       if path.name != MANIFEST_FILE and (path.name == JOURNAL_FILE or path.suffix == ".tmp"
                                                          or path.is_dir()))
    return Damage(duplicates, lost, unclaimed, leftovers)


def every_file_whole(content: Path) -> list[str]:
    """Release files that do not parse (half-written): none, whenever the import was killed."""
    broken = []
    for path in release_files(content):
        try:
            parse_release((content / path).read_text(encoding="utf-8"), path)
        except Exception as error:  # noqa: BLE001 - any failure is the finding
            broken.append(f"{path}: {error}")
    return broken









