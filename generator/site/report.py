"""What a build reports: its counts, its time, and warnings before the site outgrows GitHub
Pages' limits."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

PAGES_SITE_LIMIT = 1024**3  # GitHub Pages: published sites may be no larger than 1 GB
PAGES_FILE_LIMIT = 100 * 1024**2  # … and no file larger than 100 MB
NEAR = 0.8  # warn at 80% of a limit


@dataclass
class BuildReport:
    pages: int = 0
    feeds: int = 0
    written: int = 0
    unchanged: int = 0
    deleted: int = 0
    rendered: int = 0
    seconds: float = 0.0
    total_bytes: int = 0
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"build: {self.pages:,} pages, {self.feeds:,} feeds — {self.written:,} written, "
                f"{self.unchanged:,} unchanged in {self.seconds:.2f} s")


def pages_limit_warnings(total_bytes: int, largest: tuple[str, int] | None) -> list[str]:
    """Warnings before the site outgrows GitHub Pages' limits."""
    warnings = []
    if total_bytes >= NEAR * PAGES_SITE_LIMIT:
        warnings.append(f"warning: the site is {total_bytes / 1024**2:,.0f} MB; "
                        f"GitHub Pages publishes at most {PAGES_SITE_LIMIT / 1024**2:,.0f} MB")
    if largest and largest[1] >= NEAR * PAGES_FILE_LIMIT:
        warnings.append(f"warning: {largest[0]} is {largest[1] / 1024**2:,.0f} MB; "
                        f"GitHub Pages refuses files over {PAGES_FILE_LIMIT / 1024**2:,.0f} MB")
    return warnings


def finish(report: BuildReport, sizes: dict[str, int], started: float) -> BuildReport:
    """`report` completed with the output's size, its warnings and the build's time; `sizes`:
    every output file's size."""
    report.total_bytes = sum(sizes.values())
    largest = max(sizes.items(), key=lambda x: x[1], default=None)
    report.warnings = pages_limit_warnings(report.total_bytes, largest)
    report.seconds = time.perf_counter() - started
    return report
