"""`pressroom build`: gather → model → render → write, as in MkDocs' build.py.

`build_site` reads as its phases (those a person waits for reported by generator.progress): check
the output folder; stop at once if the quick state shows nothing changed; gather the releases (the
unchanged ones from the last build); archive; related lists; plan the pages (in a partial build,
only those the changes touch); sign them and select those whose signature changed; render (bytes,
never touching the output); write (only files whose bytes changed, after every page rendered);
index for search; record the state and inputs. Caches: generator.incremental.cache (`--no-cache`).
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

from generator import progress as reporting
from generator.config import Settings
from generator.content.files import release_files
from generator.content.release import Release
from generator.content.vocabulary import load_vocabulary
from generator.incremental.cache import Cache, DiskStore, StateStore, StoredBodies
from generator.incremental.indexstamp import index_key
from generator.incremental.relatedscope import related_lists
from generator.incremental.scope import change_scope
from generator.incremental.state import BuildState, FileRecord
from generator.site.archive import Archive, build_archive
from generator.site.buildrun import BuildOptions, BuildRun, LastBuild, PagePlan
from generator.site.buildstrings import load_tables
from generator.site.dataset import DATA_FOLDER, JSONL_NAME
from generator.site.datasetlines import LineCache
from generator.site.families import plan_pages
from generator.site.families.shared import FamilyContext
from generator.site.families.site_files import site_files
from generator.site.gather import Gathered, gather, unchanged
from generator.site.i18n import Strings
from generator.site.koreansearch import ANALYSER
from generator.site.model import BodyShelf
from generator.site.outfiles import OutputFile, Scope
from generator.site.output import Output, check_out_dir
from generator.site.pages import TEMPLATES
from generator.site.parallel import Result, convert_bodies, render_pages
from generator.site.placing import place_site
from generator.site.preview import PreviewKit
from generator.site.redirectstep import redirect_step
from generator.site.render import Renderer
from generator.site.report import BuildReport, finish
from generator.site.search import expect_words
from generator.site.sitemap import sitemap_entry
from generator.workers import collector_paused

THEME_TEMPLATES = list(TEMPLATES)  # every template, compiled before any page renders


def build_site(settings: Settings, out_dir: Path | None = None, *, progress: bool = False,
               changed: set[Path] | None = None, search: bool = True, cache: bool = True,
               store: StateStore | None = None) -> BuildReport:
    """Build the site into `out_dir` (default: the settings' output folder); the options are
    BuildOptions'. `store` keeps the state between builds (default: on disk; serve keeps it in
    memory, generator.serve.session)."""
    with collector_paused():
        return _build(settings, out_dir, BuildOptions(progress, changed, search, cache), store)


def _build(settings: Settings, out_dir: Path | None, options: BuildOptions,
           store: StateStore | None) -> BuildReport:
    """build_site's phases, in order."""
    run = _start(settings, out_dir, options, store)
    report = _quick_check(run)
    if report is not None:
        return report
    run.output.begin()  # the site before last is brought in line on another core meanwhile
    try:
        return _build_pages(run)
    finally:
        run.output.give_back()  # unless it was assembled into the new site


def _build_pages(run: BuildRun) -> BuildReport:
    """_build's phases after the quick check."""
    settings, options = run.settings, run.options
    if options.search:
        expect_words(settings, run.out, trust=run.cache.enabled)  # the model loads meanwhile
    last = _last_build(run)
    reporting.phase("build: gather releases")
    gathered = gather(settings, last.state, options.changed, run.listing)
    reporting.advance(len(gathered.releases))
    report = _nothing_changed(run, last, gathered)
    if report is not None:
        return report
    # drafts are read (and remembered) always, built only when asked: lists, feeds, sitemap and
    # search never see them otherwise
    releases = gathered.releases if settings.drafts else [r for r in gathered.releases if not r.draft]
    vocabulary = load_vocabulary(settings.content_path, settings.languages)
    archive = build_archive(releases, vocabulary, settings.languages, settings.content_path)
    strings = load_tables(settings.theme_path, settings.languages,
                          (tag.kind for tag in archive.vocabulary.tags.values()), settings.strings_path)
    renderer = Renderer(settings, strings, run.cache.templates())
    renderer.check_templates(THEME_TEMPLATES)  # a template error fails before the long work
    features: dict[str, tuple[str, ...]] = {}
    related = related_lists(archive, last.trusted, gathered.changed if last.trusted else None, features)
    reporting.phase("build: plan pages")
    plan = _plan(run, archive, strings, gathered, last, related, features)
    todo = _sign_and_select(run, plan.pages, last.files)
    reporting.advance(len(plan.pages))
    results = _render(run, renderer, todo, gathered, plan.shelf, last.files)
    files, staged, stale = _outcome(run, plan, results, last.files)
    key = index_key(run.fingerprint, ((path, record.digest) for path, record in files.items()))
    reindex = place_site(run, staged, stale, key, {path: record.digest for path, record in files.items()})
    reporting.done()
    report = BuildReport(
        pages=sum(1 for path in files if path.endswith(".html")),
        feeds=sum(1 for path in files if path.endswith("feed.xml")),
        written=len(staged), unchanged=len(files) - len(staged), deleted=len(stale), rendered=len(todo))
    if todo or stale or gathered.touched or last.trusted is None:
        _record_state(run, report, files, plan, gathered, last, reindex)
    else:
        run.cache.save_state(None, None, reindex=reindex)
    stats = {path: (source.mtime_ns, source.size) for path, source in gathered.sources.items()}
    run.cache.record(stats=stats, hashes=gathered.file_hashes)  # what deploy checks
    report = finish(report, {path: record.size for path, record in files.items()}, run.started)
    report.warnings[:0] = run.notices
    # serve writes a saved release's page from it ahead of the next rebuild (generator.site.preview)
    run.cache.keep_kit(PreviewKit(settings, archive, strings, renderer, gathered.body_keys, related,
                                  features))
    return report


def _start(settings: Settings, out_dir: Path | None, options: BuildOptions,
           store: StateStore | None) -> BuildRun:
    """Check the output folder; work out what the pages are signed with."""
    started = time.perf_counter()
    out = (out_dir or settings.output_path).absolute().resolve()
    check_out_dir(settings, out)
    cache = Cache(settings, out, enabled=options.cache, store=store or DiskStore())
    listing = release_files(settings.content_path, settings.languages) if options.changed is None else None
    output = Output(out, atomic=options.changed is None)  # serve's quick rebuilds write in place
    return BuildRun(settings, out, output, cache, options, cache.fingerprint(), listing, started)


def _quick_check(run: BuildRun) -> BuildReport | None:
    """The report of a build with nothing to do, found from the quick state alone: nothing the
    site is made from changed since the last build, and its files are there. None: build."""
    if run.listing is None or run.output.fresh:
        return None
    quick = run.cache.quick_state()
    if (quick is None or quick.fingerprint != run.fingerprint
            or not unchanged(run.settings, quick.stats, run.listing)
            or not all(map(run.output.exists, quick.sizes))):
        return None
    return _unchanged(run, quick.pages, quick.feeds, quick.sizes, quick.index_key)


def _last_build(run: BuildRun) -> LastBuild:
    """What the last build into this output folder left, and how far this build may trust it."""
    state = run.cache.state()
    files = state.files if state is not None and not run.output.fresh else {}
    trusted = state if state is not None and state.fingerprint == run.fingerprint else None
    return LastBuild(state, files, trusted)


def _nothing_changed(run: BuildRun, last: LastBuild, gathered: Gathered) -> BuildReport | None:
    """The report of a build that found no release changed since a build made with the same
    fingerprint, whose files are all there. None: build."""
    if last.trusted is None or not last.files or gathered.touched:
        return None
    if not all(map(run.output.exists, last.files)):
        return None
    sizes = {path: record.size for path, record in last.files.items()}
    key = index_key(run.fingerprint, ((path, record.digest) for path, record in last.files.items()))
    digests = {path: record.digest for path, record in last.files.items()}
    return _unchanged(run, last.trusted.pages, last.trusted.feeds, sizes, key, digests)


def _plan(run: BuildRun, archive: Archive, strings: dict[str, Strings], gathered: Gathered, last: LastBuild,
          lists: dict[str, tuple[Release, ...]], features: dict[str, tuple[str, ...]]) -> PagePlan:
    """The pages to build. With a trusted state that describes the output, only those the
    changes touch; the rest are kept."""
    trusted = last.trusted if last.files else None
    scope = change_scope(trusted, gathered, archive, run.settings.page_size) if trusted is not None else None
    # what a release page shows of its related releases: which, and their titles and dates
    related = {path: tuple((r.path, r.title, r.date) for r in others)
               for path, others in lists.items()}
    kept: dict[str, FileRecord] = {}
    if scope is not None and trusted is not None:
        # related lists weigh the whole archive: an edit can reorder those of releases it never touched
        moved = {f"release:{path}" for path, others in related.items() if trusted.related.get(path) != others}
        # a page the last build wrote whose file is gone (removed by hand, or taken back by serve:
        # generator/serve/session.py) is made again, not kept as a record of nothing
        gone = {record.group for path, record in trusted.files.items()
                if not scope.wants(record.group) and not run.output.exists(path)}
        scope = Scope(groups=scope.groups | moved | gone, prefixes=scope.prefixes)
        kept = {path: record for path, record in trusted.files.items() if not scope.wants(record.group)}
    shelf = BodyShelf()
    lines = LineCache(run.out / DATA_FOLDER / JSONL_NAME, run.cache.dataset_lines(), run.fingerprint,
                      read=run.cache.enabled)
    ctx = FamilyContext(archive, run.settings, strings, gathered.body_keys, lists, shelf, scope, lines)
    pages = plan_pages(ctx)
    # made once: _write records them with each page
    entries = {page.path: entry for page in pages if (entry := sitemap_entry(page))}
    located = {path: record.sitemap for path, record in kept.items() if record.sitemap}
    located.update(entries)
    planned = {page.path for page in pages} | kept.keys()  # what the site's static folder must not take
    pages += site_files(run.settings, tuple(sorted(located.values())), planned)
    pages += redirect_step(run, archive, gathered, last, ctx, {page.path for page in pages} | kept.keys())
    return PagePlan(pages, shelf, kept, scope, related, features, entries)


def _sign_and_select(run: BuildRun, pages: list[OutputFile],
                     previous: dict[str, FileRecord]) -> list[tuple[OutputFile, str]]:
    """The pages to render, each with its signature: those whose signature changed since the
    last build, or whose file is gone. Without a last build, all: the workers sign them as they
    go, in parallel, each with the fingerprint."""
    if not previous:
        return [(page, run.fingerprint) for page in pages]
    todo = []
    for page in pages:
        signature = page.signature(run.fingerprint)
        record = previous.get(page.path)
        if record is None or record.signature != signature or not run.output.exists(page.path):
            todo.append((page, signature))
    return todo


def _render(run: BuildRun, renderer: Renderer, todo: list[tuple[OutputFile, str]], gathered: Gathered,
            shelf: BodyShelf, previous: dict[str, FileRecord]) -> list[Result]:
    """Render the pages, staging those whose bytes changed. The bodies they show come from the
    body cache; those it lacks are converted first, and stored, never all held here."""
    try:
        _store_bodies(run, {key for page, _ in todo for key in page.bodies()}, gathered)
        shelf.html = run.cache.shelved_bodies()
        return render_pages(renderer, todo, run.output, previous, bool(previous), run.options.progress,
                            sign=not previous)
    except BaseException:
        run.output.abort()
        raise
    finally:
        if isinstance(shelf.html, StoredBodies):
            shelf.html.close()
        shelf.html = {}


def _store_bodies(run: BuildRun, wanted: set[str], gathered: Gathered) -> None:
    """Convert the bodies the pages show that the body cache lacks (with the cache off, all of
    them), each from a release file that has it."""
    store = run.cache.bodies()
    try:
        missing = store.missing(wanted)
    finally:
        store.close()  # a connection must not cross the converters' fork
    if missing:
        sources = {key: path for path, key in gathered.body_keys.items() if key in missing}
        convert_bodies(sources, run.settings.content_path, store.path.parent, store.read, gathered.images)


def _outcome(run: BuildRun, plan: PagePlan, results: list[Result],
             previous: dict[str, FileRecord]) -> tuple[dict[str, FileRecord], list[str], list[str]]:
    """Every output file's record, and the files to write (staged) and to remove (stale)."""
    fresh = {path: (signature, digest, size) for path, signature, digest, size, _ in results}
    files = dict(plan.kept)
    for page in plan.pages:
        entry = plan.entries.get(page.path)
        made = fresh.get(page.path)
        if made is not None:
            files[page.path] = FileRecord(*made, page.group, entry)
            continue
        prior = previous[page.path]  # the very same record when unchanged: saving it compares by identity
        same = prior.group == page.group and prior.sitemap == entry
        files[page.path] = prior if same else prior._replace(group=page.group, sitemap=entry)
    staged = sorted(path for path, _, _, _, written in results if written)
    if previous:
        stale = sorted(path for path, record in previous.items()
                       if path not in files and (plan.scope is None or plan.scope.wants(record.group)))
    else:
        stale = [] if run.output.fresh else sorted(p for p in run.output.on_disk() if p not in files)
    return files, staged, stale


def _record_state(run: BuildRun, report: BuildReport, files: dict[str, FileRecord], plan: PagePlan,
                  gathered: Gathered, last: LastBuild, reindex: bool) -> None:
    """Keep what this build made for the next one."""
    state = BuildState(fingerprint=run.fingerprint, out_dir=str(run.out), files=files,
                       sources=gathered.sources, pages=report.pages, feeds=report.feeds,
                       related=plan.related, features=plan.features)
    run.cache.save_state(state, last.state, reindex=reindex)


def _unchanged(run: BuildRun, pages: int, feeds: int, sizes: dict[str, int], key: str,
               digests: dict[str, str] | None = None) -> BuildReport:
    """A build with nothing to write: at most the search index is made again, if it does not
    fit the pages (`key`; `digests`: their hashes, where known)."""
    reindex = place_site(run, [], [], key, digests)
    run.cache.record(unchanged=True)
    run.cache.save_state(None, None, reindex=reindex)
    return finish(BuildReport(pages=pages, feeds=feeds, unchanged=len(sizes)), sizes, run.started)


def command(settings: Settings, args: argparse.Namespace) -> int:
    """`pressroom build [--base-url URL] [--out DIR] [--no-search] [--no-cache] [--drafts]`."""
    settings = settings.with_base_url(getattr(args, "base_url", None))
    if getattr(args, "drafts", False):
        settings = replace(settings, drafts=True)
    out = getattr(args, "out", None)
    try:
        report = build_site(settings, Path(out) if out else None, progress=reporting.shown(),
                            search=not getattr(args, "no_search", False),
                            cache=not getattr(args, "no_cache", False))
    finally:
        # ended here, not at exit: the command line leaves without running exit handlers
        # (generator.cli.run), and serve, which builds again, keeps its analyser
        ANALYSER.close()
    reporting.finish()
    for warning in report.warnings:
        print(warning, file=sys.stderr)
    print(report.summary())
    return 0

