"""Search, index side: the files of one language's index, chunked by term for the browser.

The layout (docs/search-index.md is the reference; generator/site/searchclient.js reads it):

- `{lang}/meta.json`: `{"version", "docs": pages indexed, "chunks": chunk keys, "pages": key}`;
- `{lang}/docs/{b}.json`: `[url, title]` of pages `BLOCK*b …`, a page's id being its place among
  the language's pages sorted by URL;
- `{lang}/terms/{hex of key}.json`: `{term: [id, weight, Δid, weight, …]}` for the terms whose
  longest chunk key is `key`.

A query word fetches only the chunks of its first letters (a Korean or Chinese character, two
Latin letters), so a search costs a few small files whatever the archive's size. A chunk larger
than `CHUNK_BYTES` is split by one more letter, up to `MAX_KEY` letters. Every file is a function
of the pages alone (sorted keys, no timestamps): the same pages give the same bytes, so an edited
rebuild equals a cold build and unchanged files stay unchanged for GitHub Pages and the browser
cache.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.site.searchquery import BLOCK, VERSION

CHUNK_BYTES = 48_000
MAX_KEY = 6
META = "meta.json"


@dataclass(frozen=True)
class IndexedPage:
    """One page as the index holds it: `url` its path from the site root (`ko/2024/03/slug/`)."""

    url: str
    title: str
    weights: Mapping[str, int]


def page_url(path: str) -> str:
    """A page file's path (`ko/2024/03/slug/index.html`) as the link a result shows."""
    return path[: -len("index.html")] if path == "index.html" or path.endswith("/index.html") else path


def chunk_name(key: str) -> str:
    """A chunk's file name: its key's UTF-8 bytes in hex (safe on every file system and URL)."""
    return key.encode("utf-8").hex() + ".json"


def first_key(term: str) -> str:
    """The key of the group a term starts in: one letter, or two when it is ASCII (26 letters
    alone would make chunks of wildly different sizes)."""
    return term[:2] if term[:1].isascii() else term[:1]


def postings(pages: list[IndexedPage]) -> dict[str, list[int]]:
    """Each term's pages and weights, in id order: `[id, weight, id, weight, …]`."""
    found: dict[str, list[int]] = {}
    for page_id, page in enumerate(pages):
        for term, weight in page.weights.items():
            entry = found.get(term)
            if entry is None:
                found[term] = [page_id, weight]
            else:
                entry += (page_id, weight)
    return found


def encoded(pairs: list[int]) -> list[int]:
    """Ids as gaps from the one before: small numbers, fewer bytes."""
    out = list(pairs)
    for i in range(len(out) - 2, 0, -2):
        out[i] -= out[i - 2]
    return out


def chunks(found: dict[str, list[int]]) -> dict[str, dict[str, list[int]]]:
    """Every chunk of a language, by key: its terms with their encoded postings."""
    groups: dict[str, list[str]] = {}
    for term in found:
        groups.setdefault(first_key(term), []).append(term)
    out: dict[str, dict[str, list[int]]] = {}
    for key, terms in groups.items():
        out.update(split(key, {term: encoded(found[term]) for term in sorted(terms)}))
    return out


def split(key: str, terms: dict[str, list[int]]) -> dict[str, dict[str, list[int]]]:
    """The chunk `key` holding `terms`, split by one more letter while it is too large."""
    if len(key) >= MAX_KEY or len(json_bytes(terms)) <= CHUNK_BYTES:
        return {key: terms}
    longer: dict[str, dict[str, list[int]]] = {}
    for term, entry in terms.items():
        longer.setdefault(term[:len(key) + 1], {})[term] = entry
    if len(longer) == 1 and key not in longer:  # one letter more changes nothing: go on
        ((sub, only),) = longer.items()
        return split(sub, only)
    out: dict[str, dict[str, list[int]]] = {}
    for sub, part in longer.items():
        out.update({sub: part} if sub == key else split(sub, part))
    return out


def write_language(folder: Path, pages: list[IndexedPage], pages_key: str) -> None:
    """Write a language's index into `folder` (empty or missing): `pages` sorted by URL."""
    found = chunks(postings(pages))
    (folder / "terms").mkdir(parents=True, exist_ok=True)
    (folder / "docs").mkdir(exist_ok=True)
    for key, terms in found.items():
        write_file(folder / "terms" / chunk_name(key), json_bytes(terms))
    for block in range(0, len(pages), BLOCK):
        write_block(folder, pages, block // BLOCK)
    write_meta(folder, len(pages), found, pages_key)


def write_block(folder: Path, pages: list[IndexedPage], block: int) -> None:
    rows = [[page.url, page.title] for page in pages[block * BLOCK:(block + 1) * BLOCK]]
    write_file(folder / "docs" / f"{block}.json", json_bytes(rows))


def write_meta(folder: Path, count: int, keys: Iterable[str], pages_key: str) -> None:
    meta = {"version": VERSION, "docs": count, "chunks": sorted(keys), "pages": pages_key}
    write_file(folder / META, json_bytes(meta))


def write_file(target: Path, data: bytes) -> None:
    """A file of the index. Written into a folder no reader sees yet (search.py swaps the whole
    index in), or replaced atomically when an index is patched in place."""
    temporary = target.with_name(f".{target.name}.tmp{os.getpid()}")
    temporary.write_bytes(data)
    os.replace(temporary, target)


def json_bytes(value: object) -> bytes:
    """JSON as every file of the index is written: compact, UTF-8, keys sorted (same input, same bytes)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
