"""`pressroom build`: gather → model → render → write, as in MkDocs' build.py.

Rendering returns bytes and never touches the output; writing (generator.site.output) happens only
after every page rendered. A page is rendered again only when its signature (generator.site.outfiles)
changed since the last build into the same folder, and written only when its bytes changed.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import markdown

from generator.config import Settings
from generator.content.vocabulary import VOCABULARY_FILE, load_vocabulary
from generator.errors import PressroomError
from generator.incremental.fingerprint import record_build, release_files
from generator.incremental.relatedscope import related_lists
from generator.incremental.scope import change_scope
from generator.incremental.state import BodyStore, BuildState, load_quick, load_state, save_state
from generator.serve.session import BuildSession
from generator.site.archive import build_archive
from generator.site.families import plan_pages
from generator.site.families.shared import FamilyContext
from generator.site.families.site_files import site_files
from generator.site.gather import gather, read_bodies, unchanged
from generator.site.i18n import load_strings
from generator.site.model import BodyShelf
from generator.site.outfiles import Scope
from generator.site.output import Output, check_out_dir
from generator.site.pages import TEMPLATES
from generator.site.parallel import convert_bodies, render_pages
from generator.site.render import Renderer
from generator.site.search import BUNDLE, index_site
from generator.site.sitemap import sitemap_entry

# every template, compiled before any page renders
THEME_TEMPLATES = ["base.html", "macros.html", "items.html", *TEMPLATES]
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


def build_fingerprint(settings: Settings) -> str:
    """Everything besides the releases that can change any page: settings, theme, template
    overrides, vocabulary, the generator's own code and its template and Markdown libraries."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(repr(sorted((k, str(v)) for k, v in vars(settings).items())).encode())
    digest.update(f"{jinja2.__version__} {markdown.__version__}".encode())
    files = [settings.content_path / VOCABULARY_FILE, *sorted(Path(__file__).parent.parent.rglob("*.py"))]
    for folder in (settings.theme_path, settings.templates_path):
        if folder.is_dir():
            files += sorted(p for p in folder.rglob("*") if p.is_file())
    for file in files:
        digest.update(str(file).encode() + b"\0")
        digest.update(file.read_bytes() if file.is_file() else b"-")
    return digest.hexdigest()


def build_site(settings: Settings, out_dir: Path | None = None, *, progress: bool = False,
               changed: set[Path] | None = None, search: bool = True,
               session: BuildSession | None = None) -> BuildReport:
    """Build the site into `out_dir` (default: the settings' output folder). `changed` may name
    the content files changed since the last build, so that nothing else is even read. A
    session (generator.serve.session, for serve) keeps the state in memory and saves it later."""
    started = time.perf_counter()
    out = (out_dir or settings.output_path).absolute().resolve()
    check_out_dir(settings, out)
    output = Output(out)
    fingerprint = build_fingerprint(settings)
    listing = release_files(settings.content_path) if changed is None else None  # once per build
    if session is None and listing is not None and not output.fresh:
        quick = load_quick(settings, out)
        if (quick is not None and quick.fingerprint == fingerprint
                and unchanged(settings, quick.stats, listing) and all(map(output.exists, quick.sizes))):
            # nothing the site is made from changed since the last build, and its files are there
            return _unchanged(settings, out, search, None, quick.pages, quick.feeds, quick.sizes, started)
    # its parsed releases serve even a fresh output folder
    state = (session.load if session else load_state)(settings, out)
    gathered = gather(settings, state, changed, listing)
    previous = state.files if state and not output.fresh else {}
    if (state and previous and not gathered.touched and state.fingerprint == fingerprint
            and all(output.exists(path) for path in previous)):
        return _unchanged(settings, out, search, session, state.pages, state.feeds,
                          {path: record[2] for path, record in previous.items()}, started)
    vocabulary = load_vocabulary(settings.content_path)
    archive = build_archive(gathered.releases, vocabulary, settings.languages, settings.content_path)
    strings = {lang: load_strings(settings.theme_path, lang) for lang in settings.languages}
    renderer = Renderer(settings, strings)
    renderer.check_templates(THEME_TEMPLATES)
    same_code = state is not None and state.fingerprint == fingerprint
    features: dict[str, tuple[str, ...]] = {}
    lists = related_lists(archive, state if same_code else None, gathered.changed if same_code else None,
                          features)
    shelf = BodyShelf()  # the rendered bodies, for the pages that render (see below)
    # a partial build plans only what the changes touch, and keeps the rest from the state
    scope = None
    if state is not None and previous and state.fingerprint == fingerprint:
        scope = change_scope(state, gathered, archive, settings.page_size)
    # what a release page shows of its related releases: which, and their titles and dates
    related = {path: tuple((r.path, r.title, r.date) for r in others) for path, others in lists.items()}
    if scope is not None:
        # related lists weigh the whole archive: an edit can reorder those of releases it never touched
        moved = {f"release:{path}" for path, others in related.items() if state.related.get(path) != others}
        scope = Scope(groups=scope.groups | moved, prefixes=scope.prefixes)
    kept = {path: v for path, v in previous.items() if scope is not None and not scope.wants(v[3])}
    pages = plan_pages(FamilyContext(archive, settings, strings, gathered.body_keys, lists, shelf, scope))
    located = {path: v[4] for path, v in kept.items() if v[4]}
    located.update((page.path, entry) for page in pages if (entry := sitemap_entry(page)))
    pages += site_files(settings, tuple(sorted(located.values())))

    if previous:
        signatures = [page.signature(fingerprint) for page in pages]
        todo = [(page, sig) for page, sig in zip(pages, signatures, strict=True)
                if previous.get(page.path, ("",))[0] != sig or not output.exists(page.path)]
    else:  # every page renders: the workers sign them as they go, in parallel
        todo = [(page, fingerprint) for page in pages]
    store = BodyStore(settings)
    try:
        wanted = {key for page, _ in todo for key in page.bodies()}
        bodies = store.get_many(wanted)
        fresh_bodies = convert_bodies(read_bodies(settings, gathered, wanted - bodies.keys()))
        gathered.bodies.clear()  # the Markdown is no longer needed: less for the workers to inherit
        bodies.update(fresh_bodies)
        shelf.html = bodies
        results = render_pages(renderer, todo, output, previous, bool(previous), progress,
                               sign=not previous)
        if fresh_bodies:
            store.put_many(fresh_bodies)
    except BaseException:
        output.abort()
        raise
    finally:
        store.close()

    fresh = {path: (signature, digest, size) for path, signature, digest, size, _ in results}
    files = dict(kept)
    for page in pages:
        record = fresh.get(page.path) or previous[page.path][:3]
        files[page.path] = (*record, page.group, sitemap_entry(page))
    staged = [path for path, _, _, _, written in results if written]
    if previous:
        stale = sorted(path for path, v in previous.items()
                       if path not in files and (scope is None or scope.wants(v[3])))
    else:
        stale = [] if output.fresh else sorted(p for p in output.on_disk() if p not in files)
    output.commit(sorted(staged), stale)
    outdated_index = bool(staged or stale or not (out / BUNDLE).is_dir())
    if search and outdated_index:
        index_site(settings, out)  # Pagefind reads the written site; see generator/site/search.py
    report = BuildReport(
        pages=sum(1 for path in files if path.endswith(".html")),
        feeds=sum(1 for path in files if path.endswith("feed.xml")),
        written=len(staged), unchanged=len(files) - len(staged), deleted=len(stale), rendered=len(todo))
    new_state = None
    if todo or stale or gathered.touched or state is None or state.fingerprint != fingerprint:
        new_state = BuildState(
            fingerprint=fingerprint, out_dir=str(out), files=files, sources=gathered.sources,
            pages=report.pages, feeds=report.feeds, related=related, features=features)
    if session is not None:
        session.save(settings, out, new_state, reindex=outdated_index and not search)
    elif new_state is not None:
        save_state(settings, out, new_state, previous=state)
    record_build(settings, out, release_stats={path: source[:2] for path, source in gathered.sources.items()},
                 release_hashes=gathered.file_hashes)
    return _finish(report, {path: record[2] for path, record in files.items()}, started)


def _unchanged(settings: Settings, out: Path, search: bool, session: BuildSession | None, pages: int,
               feeds: int, sizes: dict[str, int], started: float) -> BuildReport:
    """A build with nothing to write: at most the search index is made again, if it is gone."""
    missing = not (out / BUNDLE).is_dir()
    if search and missing:
        index_site(settings, out)
    record_build(settings, out, inputs_unchanged=True)
    if session is not None:
        session.save(settings, out, None, reindex=missing and not search)
    return _finish(BuildReport(pages=pages, feeds=feeds, unchanged=len(sizes)), sizes, started)


def _finish(report: BuildReport, sizes: dict[str, int], started: float) -> BuildReport:
    report.total_bytes = sum(sizes.values())
    largest = max(sizes.items(), key=lambda x: x[1], default=None)
    report.warnings = pages_limit_warnings(report.total_bytes, largest)
    report.seconds = time.perf_counter() - started
    return report


def command(settings: Settings, args: argparse.Namespace) -> int:
    """`pressroom build [--base-url URL] [--out DIR]`."""
    settings = settings.with_base_url(getattr(args, "base_url", None))
    out = getattr(args, "out", None)
    report = build_site(settings, Path(out) if out else None, progress=sys.stderr.isatty(),
                        search=not getattr(args, "no_search", False))
    for warning in report.warnings:
        print(warning, file=sys.stderr)
    print(report.summary())
    return 0


__all__ = ["BuildReport", "build_site", "command", "pages_limit_warnings", "PressroomError"]
