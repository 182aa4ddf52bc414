"""Running `pressroom import` for the pairing benchmark (benchmarks/pairing_score.py): a fresh
project per checkout, the import through the real command line, its time.

A checkout's project takes that checkout's pyproject.toml and content/vocabulary.yaml (a branch
may add settings another one rejects) and the same dumps, so a baseline (`--baseline /work/main`)
imports exactly the archive the checkout under test imports.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Timing:
    """The median of a few imports of one archive by one checkout, and the last run's output."""

    code: Path
    wall: float  # seconds
    cpu: float  # user + system seconds of the import and its workers
    runs: int
    result: subprocess.CompletedProcess

    def line(self, records: int) -> str:
        return (f"import ({self.code}, median of {self.runs}): {self.wall:.2f} s wall, {self.cpu:.2f} s CPU "
                f"for {records} records: {1000 * self.wall / records:.2f} ms wall, "
                f"{1000 * self.cpu / records:.2f} ms CPU per record; exit {self.result.returncode}")


def make_project(project: Path, code: Path, dumps_from: Path | None = None) -> None:
    """A fresh project with the checkout's settings and vocabulary; the seeds of `dumps_from`."""
    project.mkdir(parents=True, exist_ok=True)
    shutil.copy(code / "pyproject.toml", project / "pyproject.toml")
    (project / "content").mkdir(exist_ok=True)
    shutil.copy(code / "content" / "vocabulary.yaml", project / "content" / "vocabulary.yaml")
    if dumps_from is not None:
        shutil.copytree(dumps_from / "seeds", project / "seeds", dirs_exist_ok=True)


def reset_content(project: Path) -> None:
    """content/ as before any import: the vocabulary only."""
    for path in (project / "content").iterdir():
        if path.name == "vocabulary.yaml":
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def run_import(project: Path, code: Path) -> tuple[float, float, subprocess.CompletedProcess]:
    """`pressroom import` of the project's seeds/ with the checkout's generator: wall and CPU
    seconds (CPU is what other load on the machine does not inflate)."""
    environment = {**os.environ, "PYTHONPATH": str(code)}
    command = [sys.executable, "-m", "generator.cli", "--config", str(project / "pyproject.toml"), "import"]
    os.sync()  # the dumps just written, or the content just removed, are not charged to the import
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    result = subprocess.run(command, cwd=project, env=environment, capture_output=True, text=True,
                            check=False)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, result


def timed_imports(projects: list[tuple[Path, Path]], repeat: int) -> list[Timing]:
    """Each (project, checkout) imported `repeat` times, interleaved so that load on the machine
    falls on all alike; each project's content/ is left as its last import wrote it."""
    times: list[list[tuple[float, float]]] = [[] for _ in projects]
    results: list[subprocess.CompletedProcess | None] = [None] * len(projects)
    for run in range(repeat):
        order = list(enumerate(projects))
        # Every other round the other checkout goes first: neither always meets a cold cache
        # (its .pyc files are written on its first run) or the tail of the other's write-back.
        for index, (project, code) in order if run % 2 == 0 else order[::-1]:
            if run:
                reset_content(project)
            wall, cpu, results[index] = run_import(project, code)
            times[index].append((wall, cpu))
    return [Timing(code, statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs),
                   repeat, result)
            for (_, code), runs, result in zip(projects, times, results, strict=True) if result is not None]
