"""The `pressroom import [PATH ...] [--lang en|ko] [--strict]` command: raw dumps → one
Markdown file per release under content/<lang>/<yyyy>/<mm>/<slug>.md (a release a person made
a page bundle, `<slug>/index.md`, stays one: the import follows it there).

The command runs the import's steps in order and reports: find the dump files, parse them
(generator.importing.dumps), plan every file (generator.importing.plan), write the plan
(generator.importing.writer). Problems in dumps print as `FILE:LINE: message` on stderr and the
good records still import; `--strict` turns any problem into a failed run that writes nothing.
A file a person edited since the last import is never overwritten (see
generator.importing.manifest).

The import is a transaction (generator.importing.writer: journal, write, commit): before
anything else, a run finishes an earlier run that was killed or ran out of disk space
(generator.importing.recovery), so that run's files count as the import's own, never as local
edits or strangers to write again under a new slug. Any OS error (a full disk, a read-only
folder) ends the run with one `PATH: message` line and exit status 1; nothing already written
is lost, and the next run completes the work.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import progress
from generator.config import Settings
from generator.content.vocabulary import Matcher, load_vocabulary
from generator.errors import Problem, shown_path
from generator.importing.dumps import Dump, Record, parse_dump
from generator.importing.manifest import follow_moves, load_manifest
from generator.importing.pairreport import PAIRING_FILE, format_proposals
from generator.importing.plan import ImportPlanner, Plan
from generator.importing.recovery import adopt_orphans, recover
from generator.importing.sametitle import Earlier, one_each
from generator.importing.writer import write_atomically, write_plan
from generator.workers import collector_paused, map_chunks

DUMP_SUFFIX = ".txt"
PARALLEL_PARSE_BYTES = 4_000_000  # dumps in all; below this one process parses faster


def dump_files(paths: list[Path], root: Path) -> tuple[list[tuple[Path, str]], list[Problem], list[Problem]]:
    """(file, name shown in messages and front matter) for every dump: files as given, folders
    searched for *.txt; names are relative to the project when inside it. Then the paths given
    that are no dump (the import stops: a mistyped path), and the *.txt found in a folder that
    are no file (a pipe, a dangling link: said, and skipped)."""
    found: list[Path] = []
    problems: list[Problem] = []
    skipped: list[Problem] = []
    for path in paths:
        if path.is_dir():
            for dump in sorted(path.rglob(f"*{DUMP_SUFFIX}")):
                if dump.name.startswith("."):
                    continue
                if dump.is_file():
                    found.append(dump)
                elif not dump.is_dir():  # said, not skipped in silence: the user named its folder
                    skipped.append(Problem(str(dump), None, f"{_not_a_dump(dump)}; skipped"))
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Problem(str(path), None, _not_a_dump(path)))
    unique: dict[Path, str] = {}
    for path in found:
        resolved = path.resolve()
        try:
            shown = resolved.relative_to(root.resolve()).as_posix()
        except ValueError:
            shown = resolved.as_posix()
        unique.setdefault(resolved, shown)
    return list(unique.items()), problems, skipped


def _not_a_dump(path: Path) -> str:
    """Why a path that is neither a file nor a folder cannot be read as a dump."""
    if not os.path.lexists(path):
        return "no such dump file or folder"
    if path.is_symlink():
        return "a link that leads to no file (its target is missing, or the link loops)"
    return "not a regular file (a pipe, a socket or a device): give a text file"


def _parse_files(options: tuple[str | None, Matcher],
                 files: Sequence[tuple[Path, str]]) -> list[Dump | Problem]:
    """Each dump parsed, or the problem that it cannot be read."""
    lang, matcher, total = options
    step = progress.share(len(files), total)
    parsed: list[Dump | Problem] = []
    for path, shown in files:
        try:
            data = path.read_bytes()
        except OSError as error:
            parsed.append(Problem(shown, None, f"cannot read: {error.strerror}"))
            continue
        parsed.append(parse_dump(data, shown, lang, matcher.category_for_line))
        progress.advance(step)
    return parsed


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def read_dumps(files: list[tuple[Path, str]], lang: str | None, matcher: Matcher,
               earlier: Earlier | None = None) -> tuple[list[Record], list[Problem], list[str]]:
    """Good records (each release once, however many dumps hold it; two releases that share a
    date and a title stay two, matched to the releases `earlier` imports wrote), problems, notes."""
    arrived: list[Record] = []
    problems: list[Problem] = []
    # Parsing is per dump, so several dumps are parsed side by side when they are large.
    parallel = len(files) > 1 and sum(_size(path) for path, _ in files) >= PARALLEL_PARSE_BYTES
    progress.phase("import: read dumps", len(files))
    for dump in map_chunks(_parse_files, (lang, matcher, len(files)), files, parallel=parallel):
        if isinstance(dump, Problem):
            problems.append(dump)
            continue
        problems.extend(dump.problems)
        arrived.extend(dump.records)
    progress.done()
    records, notes = one_each(arrived, earlier or Earlier({}))
    return records, problems, notes


def command(settings: Settings, args: argparse.Namespace) -> int:
    """Run `pressroom import`: 0 when it imported, 1 when it could not, 2 for a bad --lang."""
    with collector_paused():
        try:
            return _command(settings, args)
        except OSError as error:  # a full disk, a read-only or vanished folder: one line, no traceback
            shown = shown_path(error.filename or settings.content_path, settings.root)
            print(f"{shown}: {error.strerror or error}", file=sys.stderr)
            return 1


def _command(settings: Settings, args: argparse.Namespace) -> int:
    lang = getattr(args, "lang", None)
    if lang is not None and lang not in settings.languages:
        print(f"import: unknown --lang {lang!r}; use one of the site's languages: "
              f"{', '.join(settings.languages)}",
              file=sys.stderr)
        return 2
    paths = list(getattr(args, "paths", None) or [settings.seeds_path])
    files, missing, skipped = dump_files(paths, settings.root)
    for problem in skipped + missing:
        print(problem, file=sys.stderr)
    if missing or not files:
        if not files:
            print(f"import: no dump files (*{DUMP_SUFFIX}) in {', '.join(map(str, paths))}", file=sys.stderr)
        return 1
    content_dir = settings.content_path
    matcher = Matcher(load_vocabulary(content_dir, settings.languages))
    notes = recover(content_dir)
    manifest = follow_moves(content_dir, load_manifest(content_dir))
    records, problems, read_notes = read_dumps(files, lang, matcher, Earlier(manifest, content_dir))
    notes += read_notes
    if adopted := adopt_orphans(content_dir, manifest, records, matcher):
        notes.insert(0, f"import: {adopted} file(s) without a manifest entry adopted: "
                        "their text is exactly what this import writes")
    plan = ImportPlanner(content_dir, manifest, matcher, settings.pairing_window).plan(records)
    for problem in problems:
        print(problem, file=sys.stderr)
    if getattr(args, "strict", False) and problems:
        print(f"import: --strict: {len(problems)} problem(s); nothing written", file=sys.stderr)
        return 1
    try:
        write_plan(plan, content_dir)
    except OSError as error:
        # The journal stays behind: the next run adopts what this one wrote and does the rest.
        print(f"{shown_path(error.filename or content_dir, settings.root)}: cannot write: {error.strerror}",
              file=sys.stderr)
        return 1
    progress.finish()
    _report(plan, notes, len(problems))
    _keep_proposals(plan, content_dir, settings.root)
    # Problems beside good records are reported and the run succeeds; a run where every record
    # was bad (a binary file, a wrong --lang) imported nothing the person asked for.
    return 1 if problems and not records else 0


def _report(plan: Plan, notes: list[str], problems: int) -> None:
    """What the import did, once it is done: notes, kept files and conflicts, then the counts."""
    proposals = [line for proposal in plan.pairing.proposals for line in proposal.lines()]
    for line in [*notes, *plan.kept, *plan.pairing.unpaired, *proposals]:
        print(line)
    for line in plan.conflicts:
        print(line, file=sys.stderr)
    print(plan.pairing.summary())
    print(summary_line(plan, problems))


def _keep_proposals(plan: Plan, content_dir: Path, root: Path) -> None:
    """Write content/.pairing.json for `check --translations` (only when it changes; no
    file when there is no proposal, so an archive without any keeps no empty file)."""
    path = content_dir / PAIRING_FILE
    if not plan.pairing.proposals:
        path.unlink(missing_ok=True)
        return
    text = format_proposals(plan.pairing.proposals)
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    try:
        write_atomically(path, text)
    except OSError as error:
        print(f"{shown_path(path, root)}: cannot write the pairing proposals: {error.strerror}",
              file=sys.stderr)


def summary_line(plan: Plan, problems: int) -> str:
    """The import's last line: what happened to every release, in counts."""
    c = plan.counts
    total = sum(c.values())
    return (f"import: {total} releases — {c['new']} new, {c['updated']} updated, {c['unchanged']} unchanged, "
            f"{c['kept']} kept (local edits), {problems} problems")
