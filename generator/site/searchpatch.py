"""Search, index side: a language's index brought up to date from the last one, file by file.

When a language has the same pages as at the last indexing (no release added, removed or moved,
so every page keeps its id) the new index starts as hard links to the old one's files, and only
what the changed pages touch is written again: the chunks of the first letters of the terms whose
weight changed, and the `docs/` blocks whose titles changed. Editing one release's title rewrites
a handful of small files, whatever the archive's size; a theme change, which changes every
page's bytes but no page's words, rewrites none.

The result must equal a cold build's byte for byte (tests/faults/test_build_kills.py compares
every build after an edit with one from scratch), so nothing here decides anything of its own: a
chunk group is split again by searchindex.split from all its terms, as a cold build would, and
the old files are trusted only when the old `meta.json` names exactly the pages the kept entries
describe (searchcache.py) and the index is whole (generator.incremental.indexstamp). Anything else
— a damaged file, a killed build's leftovers, pages added — and the language is written whole.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from generator.site.searchcache import PageEntry
from generator.site.searchindex import (
    META,
    IndexedPage,
    chunk_name,
    encoded,
    first_key,
    json_bytes,
    page_url,
    split,
    write_block,
    write_file,
    write_meta,
)
from generator.site.searchquery import BLOCK, VERSION

Pages = list[tuple[str, PageEntry]]  # a language's indexed pages, by path


def patch_language(old: Path, new: Path, before: Pages, after: Pages, key: str, before_key: str) -> bool:
    """Make `new` (missing) from the index in `old`, made for `before`, so that it is the index of
    `after`; False (and `new` removed) when it cannot be done safely: write it whole then."""
    if [path for path, _ in before] != [path for path, _ in after]:
        return False
    try:
        meta = json.loads((old / META).read_bytes())
        if not isinstance(meta, dict) or meta.get("version") != VERSION or meta.get("pages") != before_key:
            return False
        _link_tree(old, new)
        _patch(new, [str(k) for k in meta["chunks"]], before, after, key)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        shutil.rmtree(new, ignore_errors=True)
        return False
    return True


def _patch(folder: Path, keys: list[str], before: Pages, after: Pages, key: str) -> None:
    updates: dict[str, dict[int, int]] = {}  # term → page id → new weight (0: gone)
    blocks: set[int] = set()
    for page_id, ((_, old), (_, new)) in enumerate(zip(before, after, strict=True)):
        if old.digest == new.digest:
            continue
        for term in old.weights.keys() | new.weights.keys():
            weight = new.weights.get(term, 0)
            if old.weights.get(term, 0) != weight:
                updates.setdefault(term, {})[page_id] = weight
        if old.title != new.title:
            blocks.add(page_id // BLOCK)
    chunks = set(keys)
    groups: dict[str, list[str]] = {}
    for term in updates:
        groups.setdefault(first_key(term), []).append(term)
    for group, terms in sorted(groups.items()):
        members = sorted(k for k in chunks if first_key(k) == group)
        found: dict[str, dict[int, int]] = {}
        for member in members:
            for term, entry in json.loads((folder / "terms" / chunk_name(member)).read_bytes()).items():
                found[term] = _decoded(entry)
        for term in terms:
            postings = found.setdefault(term, {})
            for page_id, weight in updates[term].items():
                if weight:
                    postings[page_id] = weight
                else:
                    postings.pop(page_id, None)
        made = split(group, {t: encoded(_flat(found[t])) for t in sorted(found) if found[t]}) if any(
            found.values()) else {}
        for member in members:
            if member not in made:
                (folder / "terms" / chunk_name(member)).unlink()
                chunks.discard(member)
        for chunk_key, chunk_terms in made.items():
            write_file(folder / "terms" / chunk_name(chunk_key), json_bytes(chunk_terms))
            chunks.add(chunk_key)
    pages = [IndexedPage(page_url(path), entry.title, {}) for path, entry in after]
    for block in sorted(blocks):
        write_block(folder, pages, block)
    write_meta(folder, len(after), chunks, key)


def _decoded(entry: list[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    page_id = 0
    for i in range(0, len(entry), 2):
        page_id += entry[i]
        out[page_id] = entry[i + 1]
    return out


def _flat(postings: dict[int, int]) -> list[int]:
    return [value for page_id in sorted(postings) for value in (page_id, postings[page_id])]


def _link_tree(old: Path, new: Path) -> None:
    """`new` holding hard links to every file of `old` (copies where links cannot be made):
    files are replaced, never written into, so the old index stays as it was."""
    for folder, _dirs, files in os.walk(old):
        target = new / Path(folder).relative_to(old)
        target.mkdir(parents=True, exist_ok=True)
        for name in files:
            if name.startswith("."):
                continue  # a killed patch's temporary file
            try:
                os.link(os.path.join(folder, name), target / name)
            except OSError:
                shutil.copyfile(os.path.join(folder, name), target / name)
