"""Search, index side: each page's indexed terms, kept between builds and read again only when
the page changed.

Reading a page for search (generator/site/searchtext.py) costs more than writing the index from
what was read; so what each page gave is kept in the cache folder, under the page's hash as the
build recorded it, and a build that changed one release reads that one page again, never the
archive. The Korean words analysed so far are kept beside it (koreansearch.Analyser.known).

The kept entries are split so that an edit costs what it changed, not the archive: `pages.marshal`
holds each page's hash, language and title and names the SHARDS files that hold the term weights
(40 MB at 10,000 releases per language, read and written whole on every edit before: a second).
A page's weights are read from its shard when first used (KeptWeights): an edit reads the
shards of the pages it changed, and writes those shards and the small index again. Pages with
no terms (the lists, which an edit changes most) have no place in a shard, so their changes
rewrite none. A shard's name carries the hash of its bytes, so the index names exactly the files
it was written with.

Every file is replaced atomically and an entry is trusted only for the hash it was made from: a
killed build leaves the old index (whose shards are still there: old ones are deleted only after
the new index is in place) or the new one. Files written by other reading code (another version
of these modules, of kiwipiepy, of Python's marshal) are not trusted, and a shard found damaged
when first read raises Damaged: the search step then reads every page again (search.py).
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import sys
import zlib
from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from generator.site import kiwiprocess, koreansearch, searchquery, searchtext
from generator.site.searchindex import json_bytes, write_file

PAGES = "pages.marshal"  # marshal: ten times faster to load than JSON for 100,000 small dicts
WORDS = "words.json"
SHARDS = 256  # weights files: an edit rewrites about 1/SHARDS of the weights per changed page
_SHARD_PREFIX = "weights-"


class Damaged(Exception):
    """A kept shard of term weights could not be read: read every page again."""


@dataclass(frozen=True)
class PageEntry:
    """What one page gave the index: `digest` the page's hash; `marked` whether its text came
    from a `data-pagefind-body` element; `lang`, `title` and term `weights` (searchtext.py);
    `lang` empty for a page with nothing to index."""

    digest: str
    marked: bool
    lang: str
    title: str
    weights: Mapping[str, int]


@dataclass(frozen=True)
class Kept:
    """The entries kept by the last build, by page path, and the shard files their weights are
    read from (None: nothing kept)."""

    entries: dict[str, PageEntry] = field(default_factory=dict)
    shards: _Shards | None = None


def shard_of(path: str) -> int:
    return zlib.crc32(path.encode("utf-8")) % SHARDS


class _Shards:
    """The shard files one index names, each read once, when a page of it is first used."""

    def __init__(self, folder: Path, names: tuple[str, ...], signed: str) -> None:
        self.folder = folder
        self.names = names
        self.signed = signed  # signature(), worked out once: it reads files and package metadata
        self.loaded: dict[int, dict[str, dict[str, int]]] = {}

    def weights(self, path: str) -> dict[str, int]:
        found = self.read(shard_of(path)).get(path)
        if not isinstance(found, dict):
            raise Damaged(self.names[shard_of(path)])
        return found

    def read(self, shard: int) -> dict[str, dict[str, int]]:
        """A shard's pages, read now if not yet (before `save` replaces its file, so that the
        pages it changed can still be compared with what they were)."""
        if shard not in self.loaded:
            try:
                data = marshal.loads((self.folder / self.names[shard]).read_bytes())
                if data["signature"] != self.signed or not isinstance(data["pages"], dict):
                    raise Damaged(self.names[shard])
                self.loaded[shard] = data["pages"]
            except Damaged:
                raise
            except Exception as error:  # noqa: BLE001 - marshal raises anything on a damaged file
                raise Damaged(self.names[shard]) from error
        return self.loaded[shard]


class KeptWeights(Mapping[str, int]):
    """A kept page's term weights, read from its shard on first use."""

    __slots__ = ("_shards", "_path", "_data")

    def __init__(self, shards: _Shards, path: str) -> None:
        self._shards = shards
        self._path = path
        self._data: dict[str, int] | None = None

    def plain(self) -> dict[str, int]:
        if self._data is None:
            self._data = self._shards.weights(self._path)
        return self._data

    def __getitem__(self, term: str) -> int:
        return self.plain()[term]

    def __iter__(self) -> Iterator[str]:
        return iter(self.plain())

    def __len__(self) -> int:
        return len(self.plain())

    def __bool__(self) -> bool:
        return True  # only a page with terms has a place in a shard: known without reading it

    # the dict's own views: the whole index is written from them when a language is rebuilt
    def keys(self) -> KeysView[str]:
        return self.plain().keys()

    def items(self) -> ItemsView[str, int]:
        return self.plain().items()

    def values(self) -> ValuesView[int]:
        return self.plain().values()


def plain_weights(weights: Mapping[str, int]) -> dict[str, int]:
    if isinstance(weights, dict):
        return weights  # a page read in this build: marshalled as it is, never copied
    return weights.plain() if isinstance(weights, KeptWeights) else dict(weights)


def signature() -> str:
    """What the entries depend on besides the pages: the reading code, the analyser, Python."""
    digest = hashlib.blake2b(sys.version.encode(), digest_size=16)
    for module in (kiwiprocess, koreansearch, searchquery, searchtext):
        digest.update(Path(module.__file__ or "").read_bytes())
    for package in ("kiwipiepy", "kiwipiepy_model"):
        try:
            digest.update(f"\0{package} {metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"\0{package} missing".encode())
    return digest.hexdigest()


def load(folder: Path) -> Kept:
    """The entries kept in `folder`, by page path; none when missing, damaged, made by other
    code or naming a shard that is not there. The remembered Korean words go to the analyser."""
    try:
        data = marshal.loads((folder / PAGES).read_bytes())
        names = tuple(str(name) for name in data["shards"])
        signed = signature()
        if data["signature"] != signed or len(names) != SHARDS or not set(names) <= set(os.listdir(folder)):
            return Kept()
        shards = _Shards(folder, names, signed)
        entries = {path: PageEntry(digest, marked, lang, title, KeptWeights(shards, path) if weighted else {})
                   for path, (digest, marked, lang, title, weighted) in data["pages"].items()}
    except Exception:  # noqa: BLE001 - marshal raises anything on a damaged file; read pages again
        return Kept()
    try:
        words = json.loads((folder / WORDS).read_bytes())
        koreansearch.ANALYSER.remember({str(k): str(v) for k, v in words.items()})
    except (OSError, ValueError, AttributeError):
        pass  # none yet, or damaged: the words are analysed again
    return Kept(entries, shards)


def save(folder: Path, entries: dict[str, PageEntry], kept: Kept) -> None:
    """Keep `entries` (and the analyser's words) for the next build: the shards holding a page
    with terms that is not the very entry `kept` had (changed, added or gone) are written again,
    the rest are kept as they are; then the index; then shards no index names are deleted."""
    folder.mkdir(parents=True, exist_ok=True)
    if kept.shards:
        sign, names = kept.shards.signed, list(kept.shards.names)
        dirty = {shard_of(path) for path, entry in entries.items()
                 if (old := kept.entries.get(path)) is not entry and (entry.weights or (old and old.weights))}
        gone = kept.entries.keys() - entries.keys()
        dirty |= {shard_of(path) for path in gone if kept.entries[path].weights}
        for shard in dirty:
            kept.shards.read(shard)  # its file is about to go; its kept pages may yet be compared
    else:
        sign, names, dirty = signature(), [""] * SHARDS, set(range(SHARDS))
    ordered = sorted(entries.items())  # the same entries, the same bytes: a shard keeps its name
    groups: dict[int, dict[str, dict[str, int]]] = {shard: {} for shard in dirty}
    for path, entry in ordered:
        group = groups.get(shard_of(path))
        if group is not None and entry.weights:
            group[path] = plain_weights(entry.weights)
    for shard, pages in sorted(groups.items()):
        data = marshal.dumps({"signature": sign, "pages": pages})
        stamp = hashlib.blake2b(data, digest_size=8).hexdigest()
        names[shard] = f"{_SHARD_PREFIX}{shard:03d}-{stamp}.marshal"
        write_file(folder / names[shard], data)
    index = {path: (e.digest, e.marked, e.lang, e.title, bool(e.weights)) for path, e in ordered}
    write_file(folder / PAGES, marshal.dumps({"signature": sign, "shards": names, "pages": index}))
    write_file(folder / WORDS, json_bytes(koreansearch.ANALYSER.known()))
    for name in set(os.listdir(folder)) - set(names):
        if name.startswith(_SHARD_PREFIX):
            (folder / name).unlink(missing_ok=True)


def html_pages(site: Path) -> Iterator[str]:
    """Every HTML file under `site`, as a relative POSIX path; dot-folders (staging) skipped."""
    for folder, dirs, files in os.walk(site):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        relative = os.path.relpath(folder, site)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        for name in sorted(files):
            if name.endswith(".html"):
                yield prefix + name
