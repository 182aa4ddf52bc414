"""`pressroom import [PATH ...] [--lang en|ko] [--strict]`: raw dumps → one Markdown file per
release under content/<lang>/<yyyy>/<mm>/<slug>.md.

gather dump files → parse (generator.importing.dumps) → plan (generator.importing.plan) → write. Problems in
dumps print as `FILE:LINE: message` on stderr and the good records still import; `--strict`
turns any problem into a failed run that writes nothing. Files are written atomically, and a
file a person edited since the last import is never overwritten (see generator.importing.manifest).
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.config import SUPPORTED_LANGUAGES, Settings
from generator.content.vocabulary import Matcher, load_vocabulary
from generator.errors import Problem
from generator.importing.dumps import Dump, Record, parse_dump
from generator.importing.manifest import (
    MANIFEST_FILE,
    format_manifest,
    load_manifest,
    write_atomically,
    write_new_folders,
)
from generator.importing.plan import Plan, Planner
from generator.workers import PARALLEL_FROM, map_chunks

DUMP_SUFFIX = ".txt"
PARALLEL_PARSE_BYTES = 4_000_000  # dumps in all; below this one process parses faster


def dump_files(paths: list[Path], root: Path) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """(file, name shown in messages and front matter) for every dump: files as given, folders
    searched for *.txt; names are relative to the project when inside it."""
    found: list[Path] = []
    problems = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob(f"*{DUMP_SUFFIX}")
                                if p.is_file() and not any(part.startswith(".") for part in p.parts[-1:])))
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Problem(str(path), None, "no such dump file or folder"))
    unique: dict[Path, str] = {}
    for path in found:
        resolved = path.resolve()
        try:
            shown = resolved.relative_to(root.resolve()).as_posix()
        except ValueError:
            shown = resolved.as_posix()
        unique.setdefault(resolved, shown)
    return list(unique.items()), problems


def _parse_files(options: tuple[str | None, Matcher],
                 files: Sequence[tuple[Path, str]]) -> list[Dump | Problem]:
    """Each dump parsed, or the problem that it cannot be read."""
    lang, matcher = options
    parsed: list[Dump | Problem] = []
    for path, shown in files:
        try:
            data = path.read_bytes()
        except OSError as error:
            parsed.append(Problem(shown, None, f"cannot read: {error.strerror}"))
            continue
        parsed.append(parse_dump(data, shown, lang, matcher.category_for_line))
    return parsed


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def read_dumps(files: list[tuple[Path, str]], lang: str | None,
               matcher: Matcher) -> tuple[list[Record], list[Problem], list[str]]:
    """Good records (each release once, however many dumps hold it), problems, notes."""
    records: dict[str, Record] = {}
    problems: list[Problem] = []
    notes: list[str] = []
    repeats = 0
    # Parsing is per dump, so several dumps are parsed side by side when they are large.
    parallel = len(files) > 1 and sum(_size(path) for path, _ in files) >= PARALLEL_PARSE_BYTES
    for dump in map_chunks(_parse_files, (lang, matcher), files, parallel=parallel):
        if isinstance(dump, Problem):
            problems.append(dump)
            continue
        problems.extend(dump.problems)
        for record in dump.records:
            first = records.setdefault(record.identity, record)
            if first is record:
                continue
            repeats += 1
            if first.hash != record.hash:
                notes.append(f"{record.dump}:{record.line}: same release as {first.dump}:{first.line} "
                             "but with different text; the first is imported")
    if repeats:
        notes.append(f"import: {repeats} record(s) found in more than one dump; each imported once")
    return list(records.values()), problems, notes


def apply(plan: Plan, content_dir: Path, manifest_text: str | None) -> None:
    """Delete moved files, write new and updated ones, then the manifest (last, so a run that
    stops half-way leaves files the manifest does not claim, which the next run rewrites)."""
    for path in plan.deletes:
        if path not in plan.writes:
            (content_dir / path).unlink(missing_ok=True)
    by_folder: dict[str, list[tuple[str, str]]] = {}
    for path, text in sorted(plan.writes.items()):
        folder, _, name = path.rpartition("/")
        by_folder.setdefault(folder, []).append((name, text))
    existing = {folder: files for folder, files in by_folder.items() if (content_dir / folder).is_dir()}
    for folder, files in existing.items():
        for name, text in files:
            write_atomically(content_dir / folder / name, text)
    fresh = [(folder, files) for folder, files in by_folder.items() if folder not in existing]
    # Creating files is kernel work that two processes do side by side, each in its own folders.
    parallel = sum(len(files) for _, files in fresh) >= PARALLEL_FROM
    for filename, reason in map_chunks(_write_folders, content_dir, fresh, parallel=parallel):
        raise OSError(0, reason, filename)
    if manifest_text is not None:
        write_atomically(content_dir / MANIFEST_FILE, manifest_text)


def _write_folders(content_dir: Path, folders: Sequence[tuple[str, list[tuple[str, str]]]]) -> list[
        tuple[str | None, str]]:
    """write_new_folders, with a failure returned (file, reason) rather than raised, so that a
    worker process reports it the way this one would."""
    try:
        write_new_folders(content_dir, list(folders))
    except OSError as error:
        return [(error.filename, error.strerror or str(error))]
    return []


def summary_line(plan: Plan, problems: int) -> str:
    c = plan.counts
    total = sum(c.values())
    return (f"import: {total} releases — {c['new']} new, {c['updated']} updated, {c['unchanged']} unchanged, "
            f"{c['kept']} kept (local edits), {problems} problems")


def command(settings: Settings, args: argparse.Namespace) -> int:
    # An import builds hundreds of thousands of objects that all live until it ends: the cyclic
    # garbage collector would walk them again and again (and in forked workers touch, so copy,
    # every shared page) to find next to no garbage.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _command(settings, args)
    finally:
        if enabled:
            gc.enable()


def _command(settings: Settings, args: argparse.Namespace) -> int:
    lang = getattr(args, "lang", None)
    if lang is not None and lang not in SUPPORTED_LANGUAGES:
        print(f"import: unknown --lang {lang!r}; use one of {', '.join(SUPPORTED_LANGUAGES)}",
              file=sys.stderr)
        return 2
    paths = list(getattr(args, "paths", None) or [settings.seeds_path])
    files, missing = dump_files(paths, settings.root)
    if missing or not files:
        for problem in missing:
            print(problem, file=sys.stderr)
        if not files:
            print(f"import: no dump files (*{DUMP_SUFFIX}) in {', '.join(map(str, paths))}", file=sys.stderr)
        return 1
    content_dir = settings.content_path
    matcher = Matcher(load_vocabulary(content_dir))
    records, problems, notes = read_dumps(files, lang, matcher)
    manifest = load_manifest(content_dir)
    plan = Planner(content_dir, manifest, matcher).plan(records)
    for problem in problems:
        print(problem, file=sys.stderr)
    if getattr(args, "strict", False) and problems:
        print(f"import: --strict: {len(problems)} problem(s); nothing written", file=sys.stderr)
        return 1
    new_manifest = format_manifest(plan.manifest)
    try:
        old_manifest = (content_dir / MANIFEST_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        old_manifest = None
    try:
        apply(plan, content_dir, None if new_manifest == old_manifest else new_manifest)
    except OSError as error:
        print(f"{error.filename or content_dir}: cannot write: {error.strerror}", file=sys.stderr)
        return 1
    for line in [*notes, *plan.kept, *plan.unpaired]:
        print(line)
    for line in plan.conflicts:
        print(line, file=sys.stderr)
    print(f"import: {plan.pairs} English–Korean pairs, {len(plan.unpaired)} release(s) without a counterpart")
    print(summary_line(plan, len(problems)))
    # Problems beside good records are reported and the run succeeds; a run where every record
    # was bad (a binary file, a wrong --lang) imported nothing the person asked for.
    return 1 if problems and not records else 0
