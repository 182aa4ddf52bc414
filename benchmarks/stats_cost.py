"""What the stats pages (/{lang}/stats/) cost in a cold build: the time to plan them (counting
and drawing the charts) and render them, against a whole cold build of the same archive.

    python benchmarks/stats_cost.py PROJECT_FOLDER [--no-search]

PROJECT_FOLDER holds a pyproject.toml and an imported archive (e.g. one made with
benchmarks/synth.py and `pressroom import`). Prints both times and their ratio, as wall time and
as CPU time (this process and its reaped children: the build's workers and Pagefind); CPU time
is the steadier measure on a busy machine.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from pathlib import Path

from generator.config import load_settings
from generator.content.vocabulary import load_vocabulary
from generator.site.archive import build_archive
from generator.site.build import build_site
from generator.site.buildstrings import load_tables
from generator.site.families.shared import FamilyContext
from generator.site.families.stats_pages import stats_pages
from generator.site.gather import gather
from generator.site.model import BodyShelf
from generator.site.render import Renderer


def cpu() -> float:
    """CPU seconds of this process and its reaped children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def stats_seconds(project: Path, runs: int = 3) -> tuple[float, float]:
    """The median wall and CPU time to plan and render the stats pages of every language."""
    settings = load_settings(project / "pyproject.toml")
    gathered = gather(settings, None, None)
    archive = build_archive(gathered.releases, load_vocabulary(settings.content_path), settings.languages)
    strings = load_tables(settings.theme_path, settings.languages,
                          (tag.kind for tag in archive.vocabulary.tags.values()))
    renderer = Renderer(settings, strings, None)
    walls, cpus = [], []
    for _ in range(runs):
        started, used = time.perf_counter(), cpu()
        ctx = FamilyContext(archive, settings, strings, gathered.body_keys, {}, BodyShelf())
        for file in stats_pages(ctx):
            renderer.render(file)
        walls.append(time.perf_counter() - started)
        cpus.append(cpu() - used)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--no-search", action="store_true", help="the cold build without the search index")
    args = parser.parse_args()
    wall, used = stats_seconds(args.project)
    settings = load_settings(args.project / "pyproject.toml")
    with tempfile.TemporaryDirectory() as out:
        before = cpu()
        report = build_site(settings, Path(out) / "site", search=not args.no_search, cache=False)
        build_cpu = cpu() - before
    print(f"stats pages: {wall:.3f} s wall, {used:.3f} s CPU; cold build ({report.pages:,} pages): "
          f"{report.seconds:.2f} s wall, {build_cpu:.2f} s CPU; share: {100 * wall / report.seconds:.2f}% "
          f"of the wall time, {100 * used / build_cpu:.2f}% of the CPU time")


if __name__ == "__main__":
    main()
