"""What a build under way holds between its phases (generator/site/build.py): its options, the
output folder and caches it works with, what the last build left, and the pages it planned."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.config import Settings
from generator.incremental.cache import Cache
from generator.incremental.state import BuildState, FileRecord
from generator.site.model import BodyShelf
from generator.site.outfiles import OutputFile, Scope, SitemapEntry
from generator.site.output import Output


@dataclass(frozen=True)
class BuildOptions:
    """How to build, besides the settings and the output folder."""

    progress: bool = False  # show how many pages rendered so far
    changed: set[Path] | None = None  # the content files changed since the last build; None: unknown
    search: bool = True  # index the site for search once written (search.py)
    cache: bool = True  # False: read no cache, build from scratch (generator.incremental.cache)


@dataclass
class BuildRun:
    """One build under way: what its phases share."""

    settings: Settings
    out: Path
    output: Output
    cache: Cache
    options: BuildOptions
    fingerprint: str  # what page signatures start from
    listing: list[str] | None  # the release files, listed once per build (None: `changed` says)
    started: float
    notices: list[str] = field(default_factory=list)  # told to the person after the build


@dataclass(frozen=True)
class LastBuild:
    """What the last build into this folder left."""

    state: BuildState | None  # its parsed releases serve even a fresh output folder
    files: dict[str, FileRecord]  # the output files it made ({}: the folder is fresh, or no state)
    trusted: BuildState | None  # the state, if made with this fingerprint: its signatures hold


@dataclass
class PagePlan:
    """The pages a build renders or keeps, and what its state remembers of how they were made."""

    pages: list[OutputFile]
    shelf: BodyShelf  # the rendered bodies the planned pages' views show, filled before rendering
    kept: dict[str, FileRecord]  # the last build's files outside a partial build's scope
    scope: Scope | None  # None: every page was planned
    related: dict[str, tuple[Any, ...]]  # release path → (path, title, date) of its related releases
    features: dict[str, tuple[str, ...]]
    entries: dict[str, SitemapEntry]  # what the sitemap says of each planned page it lists
