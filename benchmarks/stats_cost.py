"""What the stats pages (/{lang}/stats/) cost in a cold build: the time to plan them (counting
and drawing the charts) and render them, against a whole cold build of the same archive.

    python benchmarks/stats_cost.py PROJECT_FOLDER [--no-search]

PROJECT_FOLDER holds a pyproject.toml and an imported archive (e.g. one made with
benchmarks/synth.py and `pressroom import`). Prints both times and their ratio.
"""

from __future__ import annotations

import argparse
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


def stats_seconds(project: Path, runs: int = 5) -> float:
    """The median time to plan and render the stats pages of every language."""
    settings = load_settings(project / "pyproject.toml")
    gathered = gather(settings, None, None)
    archive = build_archive(gathered.releases, load_vocabulary(settings.content_path), settings.languages)
    strings = load_tables(settings.theme_path, settings.languages,
                          (tag.kind for tag in archive.vocabulary.tags.values()))
    renderer = Renderer(settings, strings, None)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        ctx = FamilyContext(archive, settings, strings, gathered.body_keys, {}, BodyShelf())
        for file in stats_pages(ctx):
            renderer.render(file)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--no-search", action="store_true", help="the cold build without the search index")
    args = parser.parse_args()
    stats = stats_seconds(args.project)
    settings = load_settings(args.project / "pyproject.toml")
    with tempfile.TemporaryDirectory() as out:
        report = build_site(settings, Path(out) / "site", search=not args.no_search, cache=False)
    print(f"stats pages: {stats:.3f} s; cold build: {report.seconds:.2f} s "
          f"({report.pages:,} pages); share: {100 * stats / report.seconds:.2f}%")


if __name__ == "__main__":
    main()
