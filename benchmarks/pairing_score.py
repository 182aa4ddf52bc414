"""Benchmark: how well `pressroom import` pairs a bilingual archive in the shape of a real one.

Not a test: it prints. benchmarks/bilingual_archive.py writes the archive (2,000 Korean releases
by default) and its ground truth into a fresh project folder; the real command line imports it;
the scorer then reads only the written Markdown — content/en/**.md and content/ko/**.md front
matter — and maps each file back to its dump record by `source:` (dump file and record number;
by language, date and title when a file has no source). It prints precision (formed pairs that
are true), recall (true pairs formed), releases lost (a record with no file), releases merged
(two records in one file), the goals (≥ 0.99, ≥ 0.97, 0, 0), the import's time, and the first
errors with their titles.

    python benchmarks/pairing_score.py --korean 2000 --seed 1
    python benchmarks/pairing_score.py --code /work/wt-pairing     # import with another checkout
    python benchmarks/pairing_score.py --score PROJECT              # score an imported project again
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from bilingual_archive import Shape, describe, write_archive
from pairing_runs import make_project, timed_imports

HERE = Path(__file__).resolve().parent
GOALS = {"precision": 0.99, "recall": 0.97, "lost": 0, "merged": 0}
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Written:
    """What the scorer reads of one content file."""

    path: str  # relative to content/
    lang: str
    date: str
    title: str
    key: str  # translation_key
    dump: str | None  # source: dump file name and record number, when the file says
    record: int | None


@dataclass
class Score:
    """The figures and the errors behind them (records are truth.json's dicts)."""

    formed: list[tuple[dict, dict]] = field(default_factory=list)
    false: list[tuple[dict, dict]] = field(default_factory=list)
    missed: list[tuple[dict, dict]] = field(default_factory=list)
    lost: list[dict] = field(default_factory=list)
    merged: list[tuple[str, list[dict]]] = field(default_factory=list)  # file, its records
    unreadable: list[str] = field(default_factory=list)  # files whose front matter is not YAML
    truth_pairs: int = 0
    causes: Counter[str] = field(default_factory=Counter)  # of the errors, for tuning

    @property
    def precision(self) -> float:
        return 1.0 if not self.formed else 1 - len(self.false) / len(self.formed)

    @property
    def recall(self) -> float:
        return 1.0 if not self.truth_pairs else 1 - len(self.missed) / self.truth_pairs


def read_content(content: Path, unreadable: list[str] | None = None) -> list[Written]:
    """Every release file's front matter: the one thing the scorer trusts. Files it cannot
    read are named in `unreadable` (their records then count as lost)."""
    found = []
    for lang in ("en", "ko"):
        for path in sorted((content / lang).rglob("*.md")):
            text = path.read_text(encoding="utf-8", errors="replace")
            head = text.split("\n---\n", 1)[0].removeprefix("---\n") if text.startswith("---\n") else ""
            try:
                data = yaml.load(head, Loader=_Loader)
            except yaml.YAMLError:
                data = None
            if not isinstance(data, dict):
                if unreadable is not None:
                    unreadable.append(path.relative_to(content).as_posix())
                continue
            source = data.get("source") if isinstance(data.get("source"), dict) else {}
            dump = source.get("dump")
            found.append(Written(path.relative_to(content).as_posix(), str(data.get("lang", lang)),
                                 str(data.get("date", "")), str(data.get("title", "")),
                                 str(data.get("translation_key", "")),
                                 Path(str(dump)).name if dump else None,
                                 int(source["record"]) if "record" in source else None))
    return found


def _identity(lang: str, date: str, title: str) -> tuple[str, str, str]:
    return lang, date, " ".join(title.casefold().split())


def owners(truth: dict, files: list[Written]) -> tuple[dict[str, list[dict]], list[dict]]:
    """Each file's records (its own first), and the records no file holds. A record whose source
    no file names belongs to the file of the same language, date and title, if there is one:
    it was merged into it."""
    by_source = {(Path(r["dump"]).name, r["record"]): r for r in truth["records"]}
    held: dict[str, list[dict]] = defaultdict(list)
    claimed: set[str] = set()
    for file in files:
        record = by_source.get((file.dump, file.record)) if file.dump else None
        if record is not None and record["lang"] == file.lang and record["id"] not in claimed:
            held[file.path].append(record)
            claimed.add(record["id"])
    by_identity: dict[tuple[str, str, str], list[Written]] = defaultdict(list)
    for file in files:
        by_identity[_identity(file.lang, file.date, file.title)].append(file)
    lost = []
    for record in truth["records"]:
        if record["id"] in claimed:
            continue
        alike = by_identity.get(_identity(record["lang"], record["date"], record["title"]), [])
        # A file without a source of its own is this record's file; otherwise it was merged.
        home = next((f for f in alike if not held[f.path]), alike[0] if alike else None)
        if home is None:
            lost.append(record)
        else:
            held[home.path].append(record)
            claimed.add(record["id"])
    return {path: records for path, records in held.items() if records}, lost


def score(truth: dict, files: list[Written]) -> Score:
    """Precision, recall, lost and merged releases of the content against the truth."""
    held, lost = owners(truth, files)
    result = Score(lost=lost, truth_pairs=len(truth["pairs"]))
    result.merged = [(path, records) for path, records in sorted(held.items()) if len(records) > 1]
    by_key: dict[str, dict[str, list[dict]]] = defaultdict(lambda: {"en": [], "ko": []})
    for file in files:
        if file.path in held and file.key and file.lang in ("en", "ko"):
            by_key[file.key][file.lang].append(held[file.path][0])
    true = {(en, ko) for en, ko in truth["pairs"]}
    formed_ids = set()
    for sides in by_key.values():
        for en in sides["en"]:
            for ko in sides["ko"]:
                result.formed.append((en, ko))
                formed_ids.add((en["id"], ko["id"]))
                if (en["id"], ko["id"]) not in true:
                    result.false.append((en, ko))
    records = {r["id"]: r for r in truth["records"]}
    result.missed = [(records[en], records[ko]) for en, ko in truth["pairs"] if (en, ko) not in formed_ids]
    _causes(truth, result)
    return result


def _causes(truth: dict, result: Score) -> None:
    """What the errors have in common: late English versions, titles shared on a day, releases
    with no counterpart at all taken for one."""
    titles = Counter(_identity(r["lang"], r["date"], r["title"]) for r in truth["records"])
    paired = {record_id for pair in truth["pairs"] for record_id in pair}

    def shared(record: dict) -> bool:
        return titles[_identity(record["lang"], record["date"], record["title"])] > 1

    for en, ko in result.missed:
        cause = ("the English dated later" if en["date"] != ko["date"] else
                 "a title shared on its day" if shared(en) or shared(ko) else "same day, own title")
        result.causes[f"missed: {cause}"] += 1
    for en, ko in result.false:
        cause = ("an English-only release" if en["id"] not in paired else
                 "a Korean-only release" if ko["id"] not in paired else "two halves of other pairs")
        result.causes[f"false: {cause}"] += 1


def _line(record: dict) -> str:
    where = f"{record['dump']}:#{record['record']}"
    return f"{record['lang']} {record['date']} {record['title'][:70]!r} ({where})"


def _pair_line(en: dict, ko: dict) -> str:
    return f"{_line(en)}\n      ↔ {_line(ko)}"


def report(result: Score, errors: int) -> list[str]:
    """The figures against their goals, then the first errors of each sort."""
    late = sum(1 for en, ko in result.missed if en["date"] != ko["date"])
    figures = [("precision", f"{result.precision:.4f}", result.precision >= GOALS["precision"]),
               ("recall", f"{result.recall:.4f}", result.recall >= GOALS["recall"]),
               ("lost", str(len(result.lost)), not result.lost),
               ("merged", str(len(result.merged)), not result.merged)]
    lines = [f"pairs formed {len(result.formed)}, true {len(result.formed) - len(result.false)}, "
             f"false {len(result.false)}; true pairs {result.truth_pairs}, missed {len(result.missed)} "
             f"({late} with the English dated later, {len(result.missed) - late} on the same day)"]
    for kind in ("false", "missed"):
        causes = [f"{n} {cause.split(': ', 1)[1]}" for cause, n in sorted(result.causes.items())
                  if cause.startswith(kind)]
        if causes:
            lines.append(f"  {kind} pairs: {', '.join(causes)}")
    for name, shown, ok in figures:
        goal = f"≥ {GOALS[name]}" if name in ("precision", "recall") else "= 0"
        lines.append(f"  {name:<9} {shown:>8}   goal {goal:<6} {'ok' if ok else 'NOT MET'}")
    for heading, items in (("false pairs", [_pair_line(en, ko) for en, ko in result.false]),
                           ("missed pairs", [_pair_line(en, ko) for en, ko in result.missed]),
                           ("lost releases", [_line(r) for r in result.lost]),
                           ("unreadable files", [f"content/{p}" for p in result.unreadable]),
                           ("merged releases", [f"content/{p}: " + " + ".join(_line(r) for r in rs)
                                                for p, rs in result.merged])):
        if items:
            lines.append(f"first {min(errors, len(items))} of {len(items)} {heading}:")
            lines.extend(f"  - {item}" for item in items[:errors])
    return lines


def met(result: Score) -> bool:
    return (result.precision >= GOALS["precision"] and result.recall >= GOALS["recall"]
            and not result.lost and not result.merged)


def _default_code() -> Path:
    here = Path.cwd()
    return here if (here / "generator" / "cli.py").is_file() else HERE.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--korean", type=int, default=2000, help="Korean releases (default 2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--short", type=float, default=0.0,
                        help="share of releases with a lead and one sentence only: a harder archive "
                             "than the issue's shape (default 0)")
    parser.add_argument("--code", type=Path, default=_default_code(),
                        help="the checkout whose generator imports (default: this folder if it is one)")
    parser.add_argument("--baseline", type=Path, metavar="CHECKOUT",
                        help="also import the same archive with this checkout and compare times")
    parser.add_argument("--repeat", type=int, default=1, help="imports per checkout; medians are shown")
    parser.add_argument("--project", type=Path,
                        help="write the project here (kept) instead of a temporary one")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project and print its path")
    parser.add_argument("--score", type=Path, metavar="PROJECT", help="only score an imported project")
    parser.add_argument("--errors", type=int, default=8, help="how many errors of each sort to list")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is not met")
    options = parser.parse_args()
    if options.score:
        return _score_only(options.score, options.errors, options.check)
    project = options.project or Path(tempfile.mkdtemp(prefix="pressroom-pairing-"))
    try:
        return _run(project, options)
    finally:
        if options.project or options.keep:
            print(f"project: {project}")
        else:
            shutil.rmtree(project, ignore_errors=True)


def _run(project: Path, options: argparse.Namespace) -> int:
    code = options.code.resolve()
    make_project(project, code)
    truth = write_archive(project, Shape(korean=options.korean, short=options.short), options.seed)
    print(describe(truth))
    projects = [(project, code)]
    if options.baseline:
        baseline = project / "baseline"
        make_project(baseline, options.baseline.resolve(), dumps_from=project)
        projects.append((baseline, options.baseline.resolve()))
    timings = timed_imports(projects, max(options.repeat, 1))
    records = len(truth["records"])
    for timing in timings:
        print(timing.line(records))
        summary = [line for line in timing.result.stdout.splitlines() if line.startswith("import:")]
        print("\n".join(f"  {line}" for line in summary[-3:]) or timing.result.stderr[-1000:])
    if len(timings) == 2:
        print(f"time per record against the baseline: {timings[0].cpu / timings[1].cpu:.2f}x CPU, "
              f"{timings[0].wall / timings[1].wall:.2f}x wall")
    print(f"machine load now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if timings[0].result.returncode != 0:
        print(timings[0].result.stderr[-2000:], file=sys.stderr)
        return 1
    return _score_only(project, options.errors, options.check, truth)


def _score_only(project: Path, errors: int, check: bool, truth: dict | None = None) -> int:
    if truth is None:
        truth = json.loads((project / "truth.json").read_text(encoding="utf-8"))
    unreadable: list[str] = []
    result = score(truth, read_content(project / "content", unreadable))
    result.unreadable = unreadable
    print("\n".join(report(result, errors)))
    return 1 if check and not met(result) else 0


if __name__ == "__main__":
    sys.exit(main())
