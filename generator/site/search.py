"""Offline search: Pressroom's own static index of the built site, one per language, and the
script of the search pages that queries it.

The index (`search-index/` at the site root; docs/search-index.md describes its files) is made
from the finished pages, so it holds what readers see, whatever the theme. It is chunked by the
first letters of its terms: a query fetches a few small files, not the archive, and works from
any static host, under any base path, with no server and no other host. Each language has its own
index (a page's `<html lang>`), so the Korean search page never loads English terms.

Why not Pagefind, which earlier versions ran: it re-reads and re-indexes the whole site for any
change (16 s after editing one title at 3,000 releases per language), it cannot cut Korean words
into morphemes, and it costs more CPU than the rest of the build. Here a page is read again only
when its bytes changed (generator/site/searchcache.py), and writing the index from what the pages
gave takes a fraction of a second per thousand releases. The trade-off: ranking is simpler than
Pagefind's (term weights with a title bonus, no phrase or position scoring), and the excerpt is
taken from the result page itself when it is shown.

Reading: searchtext.py; Korean: koreansearch.py; queries: searchquery.py; files: searchindex.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from generator.config import Settings
from generator.faults import reached
from generator.incremental.cache import search_pages_folder
from generator.incremental.indexstamp import index_intact, stamp_index
from generator.site import searchcache, searchtext
from generator.site.buildstrings import SEARCH_UI_KEYS
from generator.site.i18n import Strings
from generator.site.koreansearch import ANALYSER, GROUP, is_korean
from generator.site.outfiles import file_digest
from generator.site.searchcache import PageEntry, html_pages
from generator.site.searchindex import IndexedPage, json_bytes, page_url, write_file, write_language
from generator.site.searchpatch import Pages, patch_language
from generator.site.searchquery import tables
from generator.site.searchtext import UNREAD, PageText
from generator.site.swap import replace_folder, staging, sweep, write_error
from generator.workers import PARALLEL_FROM, map_chunks

BUNDLE = "search-index"  # the index's folder inside the site
SEARCH_TEMPLATE = "search.html"
SCRIPT, STYLE = "pressroom-search.js", "pressroom-search.css"
BATCH = 4000  # pages read by the workers at a time: bounds the token counts held at once
NOTHING = "-"  # an entry's language when the page has nothing to index (a redirect page)
_CLIENT = Path(__file__).with_name("searchclient.js"), Path(__file__).with_name("searchclient.css")


def index_site(settings: Settings, out_dir: Path, digests: dict[str, str] | None = None) -> None:
    """Write `<out_dir>/search-index/` for the site in out_dir, replacing any earlier index whole.

    The index is written into a folder beside the site first and swapped in atomically once it
    is whole (generator/site/swap.py): a failed or killed run leaves the old index. `pressroom
    serve` indexes this way after its quick builds; `pressroom build` indexes its staged site
    (index_staged). `digests`: each page's hash, if known (else each page is read)."""
    out_dir = out_dir.resolve()
    stage = staging(out_dir, BUNDLE)
    sweep(out_dir, BUNDLE)
    try:
        write_index(settings, out_dir, out_dir, stage, digests)
        stamp_index(settings, out_dir, BUNDLE, None)  # first: the index is about to change
        replace_folder(stage, out_dir / BUNDLE, staging(out_dir, f"{BUNDLE}-old"))
        # made for no build's key (the build checks its own), but whole: the next one patches it
        stamp_index(settings, out_dir, BUNDLE, "")
    except OSError as error:
        raise write_error(out_dir / BUNDLE, error) from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def expect_words(settings: Settings, shown: Path, *, trust: bool = True) -> None:
    """Start loading the Korean analyser now (koreansearch.Analyser.prepare) when this build's
    index will surely need it: a Korean language is built and no analysed words are kept from
    an earlier build into `shown` (a first build, or `--no-cache`: `trust=False`)."""
    kept = trust and (search_pages_folder(settings, shown) / searchcache.WORDS).is_file()
    if not kept and any(is_korean(code) for code in settings.languages):
        ANALYSER.prepare()


def index_staged(settings: Settings, site: Path, shown: Path, digests: dict[str, str], *,
                 trust: bool = True) -> None:
    """Index the site assembled in the staging folder `site` into `site/search-index/`, before
    it is swapped in; `shown`: the output folder it will become; `digests`: each page's hash, as
    the build recorded it; `trust=False` (`--no-cache`): every page is read afresh."""
    shutil.rmtree(site / BUNDLE, ignore_errors=True)
    try:
        write_index(settings, site, shown, site / BUNDLE, digests, trust=trust)
    except OSError as error:
        raise write_error(shown / BUNDLE, error) from None


def write_index(settings: Settings, site: Path, shown: Path, bundle: Path,
                digests: dict[str, str] | None, *, trust: bool = True) -> None:
    """The index of the pages in `site` written into `bundle` (a new folder); what each page
    gave is kept for the next build in the cache folder of the output folder `shown`. A kept
    shard found damaged on the way: the bundle is begun again, every page read afresh."""
    try:
        _write_index(settings, site, shown, bundle, digests, trust=trust)
    except searchcache.Damaged:
        shutil.rmtree(bundle, ignore_errors=True)
        _write_index(settings, site, shown, bundle, digests, trust=False)


def _write_index(settings: Settings, site: Path, shown: Path, bundle: Path,
                 digests: dict[str, str] | None, *, trust: bool) -> None:
    folder = search_pages_folder(settings, shown)
    intact = trust and index_intact(settings, shown, BUNDLE)
    kept, entries = read_pages(site, folder, digests, trust)
    reached("build.search")  # a kill point while the index is written (generator/faults.py)
    bundle.mkdir(parents=True)
    write_file(bundle / "tables.json", json_bytes(tables()))
    for source, name in zip(_CLIENT, (SCRIPT, STYLE), strict=True):
        write_file(bundle / name, source.read_bytes())
    before = indexed_pages(kept) if intact else {}
    _write_languages(shown, bundle, sorted(indexed_pages(entries).items()), before)


def _write_languages(shown: Path, bundle: Path, languages: list[tuple[str, Pages]],
                     before: dict[str, Pages]) -> None:
    """Each language's index, patched from the one shown or written whole: one language per
    core when there is much to write (forked workers, generator/workers.py, which fork only
    while no other thread runs). A worker's damaged shard or failed write comes back as data and
    is raised here as itself, so a full disk is still a one-line error."""

    def work(_shared: None, chunk: Sequence[tuple[str, Pages]]) -> list[tuple[str, int, str, str]]:
        try:
            for lang, pages in chunk:
                key, old = pages_key(pages), before.get(lang)
                if old is None or not patch_language(shown / BUNDLE / lang, bundle / lang, old, pages, key,
                                                     pages_key(old)):
                    write_language(bundle / lang, [IndexedPage(page_url(path), entry.title, entry.weights)
                                                   for path, entry in pages], key)
        except searchcache.Damaged as error:
            return [("damaged", 0, str(error), "")]
        except OSError as error:
            name = os.fsdecode(error.filename or "")
            return [("failed", error.errno or 0, error.strerror or str(error), name)]
        return []

    many = sum(len(pages) for _, pages in languages) >= PARALLEL_FROM
    for outcome, number, text, name in map_chunks(work, None, languages, parallel=many):
        if outcome == "damaged":
            raise searchcache.Damaged(text)
        raise OSError(number, text, name or None)


def pages_key(pages: Pages) -> str:
    """What a language's index was made from (its `meta.json` names it): each page and its hash."""
    key = hashlib.blake2b(digest_size=16)
    for path, entry in pages:
        key.update(f"{path}\0{entry.digest}\0".encode())
    return key.hexdigest()


def indexed_pages(entries: dict[str, PageEntry]) -> dict[str, Pages]:
    """The pages each language's index holds, sorted by path: those whose theme marked their
    indexed text, or every page when the theme marks none; never a page with nothing to index
    (a redirect page's body is marked `data-pagefind-ignore`)."""
    marked = any(entry.marked for entry in entries.values())
    out: dict[str, Pages] = {}
    for path in sorted(entries):
        entry = entries[path]
        if entry.lang not in (NOTHING, UNREAD.lang) and (entry.marked or not marked):
            out.setdefault(entry.lang, []).append((path, entry))
    return out


def read_pages(site: Path, folder: Path, digests: dict[str, str] | None,
               trust: bool) -> tuple[dict[str, PageEntry], dict[str, PageEntry]]:
    """The entries kept from the last indexing, and every HTML page's entry now: kept ones whose
    hash still matches, the others read anew. Pages without a marked element are not read at
    all, unless no page of the site is marked (then every body is indexed)."""
    kept = searchcache.load(folder) if trust else searchcache.Kept()
    if digests is None:
        digests = {path: file_digest((site / path).read_bytes()) for path in html_pages(site)}
    pages = {path: digest for path, digest in digests.items() if path.endswith(".html")}
    entries = {path: kept.entries[path] for path, digest in pages.items()
               if path in kept.entries and kept.entries[path].digest == digest}
    changed = sorted(pages.keys() - entries.keys())
    entries.update(_read(site, changed, body=False))
    if not any(entry.marked for entry in entries.values()):
        unread = sorted(path for path, entry in entries.items() if entry.lang == UNREAD.lang)
        entries.update(_read(site, unread, body=True))
    if changed or len(entries) != len(kept.entries):
        searchcache.save(folder, entries, kept)
    return kept.entries, entries


def _read(site: Path, paths: list[str], *, body: bool) -> dict[str, PageEntry]:
    """The entries of `paths`. Pages are read, cut into tokens and weighed on every core (forked
    workers, generator/workers.py), a batch at a time so that no more than a batch of token
    counts is held. A page with a Korean word no one has analysed yet comes back unweighed: its
    words are analysed here, in one kiwipiepy batch per group (kiwipiepy runs a batch on its own
    threads, and its model is loaded once, in one process), and then it is weighed. A worker
    knows every word analysed before it was forked, so most Korean pages after the first batch
    are weighed on the workers' cores too."""
    entries: dict[str, PageEntry] = {}
    for start in range(0, len(paths), BATCH):
        batch = paths[start:start + BATCH]
        read = map_chunks(_tokens, (site, body), batch)
        for first in range(0, len(batch), GROUP):
            group = list(zip(batch[first:first + GROUP], read[first:first + GROUP], strict=True))
            ANALYSER.learn(searchtext.hangul_tokens(
                set().union(*(counts for _, (_, counts, weighed, _) in group if not weighed))))
            for path, (text, counts, weighed, digest) in group:
                entries[path] = (PageEntry(digest, False, NOTHING, "", {}) if text is None else
                                 PageEntry(digest, text.marked, text.lang, text.title,
                                           counts if weighed else searchtext.weights(counts, ANALYSER)))
    return entries


# a page's text less the text, counts or weights, weighed, and the hash of the bytes read
Read = tuple[PageText | None, dict[str, int], bool, str]


def _tokens(shared: tuple[Path, bool], paths: Sequence[str]) -> list[Read]:
    """What a worker sends back for each page: its text without the text (only the language,
    title and mark travel), and its weights, or where it has a Korean word not yet analysed,
    its token counts; and the hash of the bytes it read. The entry is kept under that hash, not
    the one the caller expected: serve indexes beside its rebuilds, and a page saved again
    meanwhile must not be remembered under its old bytes' hash (which a page put back after a
    failed rebuild would match again)."""
    site, body = shared
    out: list[Read] = []
    for path in paths:
        data = (site / path).read_bytes()
        digest = file_digest(data)
        # as read_text reads it: universal newlines
        decoded = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
        text = searchtext.page_text(decoded, body=body)
        if text is None:
            out.append((None, {}, True, digest))
            continue
        counts = searchtext.token_weights(text)
        if all(map(ANALYSER.knows, searchtext.hangul_tokens(counts))):
            out.append((replace(text, text=""), searchtext.weights(counts, ANALYSER), True, digest))
        else:
            out.append((replace(text, text=""), counts, False, digest))
    return out


def ui_texts(strings: Strings) -> str:
    """The search page's texts (`page.ui`), as JSON for a data attribute, from a string table
    (a missing `search_*` string fails the build, as any missing UI text does)."""
    texts = {key: strings(f"search_{key}") for key in SEARCH_UI_KEYS}
    return json.dumps(texts, ensure_ascii=False, sort_keys=True)
