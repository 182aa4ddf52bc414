"""Benchmark: `pressroom import` of 20,000 synthetic records (10,000 English–Korean pairs).

Not a test: it prints the time, the goal is under 10 s on a 2-core machine. The records are made
from the seed dumps' sentences (each synthetic pair from one seed pair, with shuffled sentences,
a random date and a serial figure both languages share), written as dumps into a temporary
project, and imported with the real command line.

    .venv/bin/python benchmarks/import_bench.py [--records 20000] [--keep]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENTENCE_END = re.compile(r"(?<=[.다])\s+(?=\S)")


def seed_records(lang: str) -> list[tuple[str, str, list[str]]]:
    """(category line, title, body sentences) of every seed record of a language."""
    records = []
    for dump in sorted((ROOT / "seeds" / lang).glob("*.txt")):
        for chunk in dump.read_text(encoding="utf-8").split("\n-\n"):
            lines = [line for line in chunk.strip("-\n").split("\n") if line.strip()]
            category = lines.pop(0) if len(lines) > 2 else ""
            body = re.sub(r"\s*date\d{4}-\d\d-\d\d$", "", " ".join(lines[1:]))
            records.append((category, lines[0], SENTENCE_END.split(body)))
    return records


def write_dumps(folder: Path, pairs: int, per_dump: int = 1000) -> None:
    rng = random.Random(20240423)
    english, korean = seed_records("en"), seed_records("ko")
    start = dt.date(2005, 1, 1)
    dumps: dict[str, list[str]] = {"en": [], "ko": []}
    for serial in range(pairs):
        index = rng.randrange(len(english))
        date = start + dt.timedelta(days=rng.randrange(7000))
        order = list(range(max(len(english[index][2]), 1)))
        rng.shuffle(order)
        for lang, seeds in (("en", english), ("ko", korean)):
            category, title, sentences = seeds[index]
            picked = [sentences[i] for i in order if i < len(sentences)] or sentences
            body = " ".join(picked) + f" (ref. {serial + 1000}.{serial % 97})"
            lines = ["-", *([category] if category else []), f"{title} {serial}", f"{body} date{date}"]
            dumps[lang].append("\n".join(lines))
    for lang, records in dumps.items():
        (folder / lang).mkdir(parents=True)
        for number in range(0, len(records), per_dump):
            text = "\n".join(records[number : number + per_dump]) + "\n"
            (folder / lang / f"dump_{number // per_dump:03}.txt").write_text(text, encoding="utf-8")


def _children_cpu() -> tuple[float, float]:
    """User and system CPU seconds used by finished child processes: a measure other load on
    the machine does not inflate the way it inflates wall time."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime, usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=20_000, help="records in all (half per language)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project and print its path")
    options = parser.parse_args()
    project = Path(tempfile.mkdtemp(prefix="pressroom-import-bench-"))
    try:
        shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
        (project / "content").mkdir()
        shutil.copy(ROOT / "content" / "vocabulary.yaml", project / "content" / "vocabulary.yaml")
        write_dumps(project / "seeds", options.records // 2)
        config = str(project / "pyproject.toml")
        command = [sys.executable, "-m", "generator.cli", "--config", config, "import"]
        for attempt in ("first import", "re-import (nothing changes)"):
            # The dumps just written (or an earlier run's deleted project) are flushed first, so
            # the kernel's write-back of those is not charged to the import.
            os.sync()
            began, (user, system) = time.perf_counter(), _children_cpu()
            result = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
            elapsed = time.perf_counter() - began
            user_after, system_after = _children_cpu()
            user, system = user_after - user, system_after - system
            summary = result.stdout.strip().splitlines()[-2:] if result.stdout else [result.stderr[-500:]]
            print(f"{attempt}: {elapsed:.2f} s wall, {user + system:.2f} s CPU ({user:.2f} user, "
                  f"{system:.2f} system; exit {result.returncode})")
            for line in summary:
                print("   ", line)
        load = os.getloadavg()[0]
        print(f"goal: {options.records} records in under 10 s wall; machine load now: {load:.1f}"
              f" on {os.cpu_count()} cores")
    finally:
        if options.keep:
            print("project kept at", project)
        else:
            shutil.rmtree(project, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
