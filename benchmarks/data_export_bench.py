"""What the open dataset (data/releases.csv, releases.jsonl, datapackage.json) costs a cold build
(not a test): prints one line, the export's share of the cold build, quoted in the README.

N releases per language from benchmarks/synth.py, imported with `pressroom import`; then a cold
build (no cache, no search index) in this process, timing the export's own work: planning its
rows and rendering the three files (in whichever worker renders them). With `--compare`, each
cold build is followed by one without the export (the benchmark drops the data files from the
plan: no switch in the product).

    PYTHONPATH=$PWD .venv/bin/python benchmarks/data_export_bench.py --releases 10000
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import synth  # noqa: E402 - benchmarks/ is a folder of scripts, not a package
from run import pressroom, pressroom_project  # noqa: E402

from generator.config import load_settings  # noqa: E402
from generator.site import dataset, families  # noqa: E402
from generator.site.build import build_site  # noqa: E402


def _timed_export(log: Path) -> None:
    """Record every export's planning and rendering time in `log` (workers are forked: a file
    is what they share with this process)."""
    plan, render = families.data_files, dataset.Export.render

    def timed_plan(ctx: object) -> list:
        started = time.perf_counter()
        files = plan(ctx)  # type: ignore[arg-type]
        with log.open("a") as out:
            out.write(f"{time.perf_counter() - started}\n")
        return files

    def timed_render(self: dataset.Export) -> bytes:
        started = time.perf_counter()
        data = render(self)
        with log.open("a") as out:
            out.write(f"{time.perf_counter() - started}\n")
        return data

    families.data_files = timed_plan  # type: ignore[assignment]
    dataset.Export.render = timed_render  # type: ignore[method-assign]


def _cold(project: Path, with_export: bool) -> float:
    out = project / "site"
    shutil.rmtree(out, ignore_errors=True)
    keep = families.data_files
    if not with_export:
        families.data_files = lambda ctx: []  # type: ignore[assignment]
    try:
        started = time.perf_counter()
        build_site(load_settings(project / "pyproject.toml"), out, search=False, cache=False)
        return time.perf_counter() - started
    finally:
        families.data_files = keep  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=10_000, help="releases per language")
    parser.add_argument("--reps", type=int, default=1)
    parser.add_argument("--compare", action="store_true",
                        help="also build without the export each time (twice the time; noisy when busy)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="data-export-bench-"))
    try:
        dumps = work / "dumps"
        synth.generate(args.releases, dumps, vocabulary=REPO / "content" / "vocabulary.yaml")
        project = pressroom_project(work, dumps)
        subprocess.run(pressroom(project, "import", str(dumps / "en"), str(dumps / "ko")), check=True,
                       capture_output=True)
        log = work / "export-times"
        _timed_export(log)
        runs = []
        for _ in range(args.reps):
            log.write_text("")
            cold = _cold(project, True)
            own = sum(float(line) for line in log.read_text().split())
            size = sum((project / "site/data" / name).stat().st_size
                       for name in ("releases.csv", "releases.jsonl"))
            bare = _cold(project, False) if args.compare else None
            runs.append((own / cold, own, cold, bare))
        share, own, cold, bare = min(runs)
        compared = f"; {bare:.1f} s without it" if bare is not None else ""
        print(f"data export at {args.releases:,} releases per language ({size / 2**20:.0f} MiB of data): "
              f"{own:.2f} s of a {cold:.1f} s cold build = {share:.1%}{compared} (best of {args.reps})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
