"""The pages Pagefind reads, kept between builds and updated page by page.

Pagefind indexes only elements marked `data-pagefind-body` (a release's article), but it still
reads and parses every HTML file of the folder it is given: at 3,000 releases per language,
Pagefind over the whole site took 29 s of CPU, over the release pages alone 19 s, for the same
index. And Korean pages must be segmented into morphemes first (generator/site/koreansearch.py),
which is most of the rest. So Pagefind is given this folder instead of the site: the indexed
pages only, Korean ones marked, the others hard links to the site's files. It lives in the
cache folder and is brought up to date by each page's hash: a build that changed one release
marks that one page again, never the archive.

Safe to kill at any point: the manifest (page → hash it was made from) is first rewritten
without the pages about to change, then the pages are replaced one by one (each atomically), and
only then does the manifest name them. A page the manifest names is always the page made from
that hash. A manifest written by other marking code (another kiwipiepy, another version of the
marking modules) is not trusted: the folder is made afresh.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

from generator.errors import PressroomError
from generator.site import koreanquery, koreansearch

MANIFEST = ".pages.json"  # not an HTML file: Pagefind never reads it
WORDS = ".words.json"  # Korean words marked so far (koreansearch.Analyser.known)
INDEXED = b"data-pagefind-body"  # what Pagefind indexes; pages without it are left out


def _marking() -> str:
    """What the folder's Korean pages depend on besides the pages: the marking code and the
    analyser's version."""
    digest = hashlib.blake2b(digest_size=16)
    for module in (koreansearch, koreanquery):
        digest.update(Path(module.__file__ or "").read_bytes())
    for package in ("kiwipiepy", "kiwipiepy_model"):
        try:
            digest.update(f"\0{package} {metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"\0{package} missing".encode())
    return digest.hexdigest()


def page_digest(data: bytes) -> str:
    """A page's hash as the build records it (generator/site/parallel.py)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def html_pages(site: Path) -> Iterator[str]:
    """Every HTML file under `site`, as a relative POSIX path; dot-folders (staging) skipped."""
    for folder, dirs, files in os.walk(site):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        relative = os.path.relpath(folder, site)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        for name in sorted(files):
            if name.endswith(".html"):
                yield prefix + name


def update(site: Path, folder: Path, digests: dict[str, str] | None = None, *, trust: bool = True) -> Path:
    """Bring `folder` to hold exactly the indexed pages of `site`; returns the folder Pagefind
    reads. `digests`: each HTML page's hash as the build recorded it (None: read every page to
    hash it); `trust=False` (`--no-cache`): make it afresh. A theme that marks no page
    `data-pagefind-body` has every page indexed, as Pagefind does it: then the site itself is
    what Pagefind reads (without the Korean marking, which works on marked bodies)."""
    try:
        folder = _update(site, folder, digests, trust)
    except OSError as error:
        raise PressroomError(folder, None, f"cannot prepare the pages for search: {error}") from None
    return folder if next(html_pages(folder), None) is not None else site


def _update(site: Path, folder: Path, digests: dict[str, str] | None, trust: bool) -> Path:
    marking = _marking()
    known = _load(folder, marking) if trust else None
    if known is None:
        shutil.rmtree(folder, ignore_errors=True)
        known = {}
    folder.mkdir(parents=True, exist_ok=True)
    if digests is None:
        digests = {path: page_digest((site / path).read_bytes()) for path in html_pages(site)}
    else:
        digests = {path: digest for path, digest in digests.items() if path.endswith(".html")}
    changed = sorted(path for path, digest in digests.items() if known.get(path, ("",))[0] != digest)
    gone = sorted(path for path in known if path not in digests)
    if not changed and not gone:
        return folder
    listed = {path for path, (_, indexed) in known.items() if indexed}
    for path in changed + gone:
        known.pop(path, None)
    _save(folder, marking, known)  # first: the manifest names no page about to change
    for path in gone:
        _remove(folder, path)
    korean = {entry.name for entry in os.scandir(site)
              if entry.is_dir() and koreansearch.is_korean(entry.name)}
    to_mark: list[tuple[str, str]] = []
    for path in changed:
        data = (site / path).read_bytes()
        indexed = INDEXED in data
        if not indexed:
            _remove(folder, path)
        elif path.split("/")[0] in korean and "/" in path:
            to_mark.append((path, data.decode("utf-8")))
        else:
            _link(site / path, folder / path)
        known[path] = (digests[path], indexed)
    _mark(folder, to_mark)
    _save(folder, marking, known)
    if listed != {path for path, (_, indexed) in known.items() if indexed}:
        _relist(folder)
    return folder


def _relist(folder: Path) -> None:
    """The folder made again from its own files in sorted order (hard links: nothing is marked
    again). Pagefind numbers pages in the order it finds them, and a small ext4 folder (as a
    tmpfs one) lists its files in the order they were made, holes refilled: a page added to or
    removed from a folder made long ago would give an index that numbers pages otherwise than a
    cold build's. Killed between the two renames, the folder is missing: the next build makes it
    afresh."""
    fresh, old = folder.with_name(folder.name + ".new"), folder.with_name(folder.name + ".old")
    shutil.rmtree(fresh, ignore_errors=True)
    for path in [*sorted(html_pages(folder)), MANIFEST, WORDS]:
        if (folder / path).is_file():
            (fresh / path).parent.mkdir(parents=True, exist_ok=True)
            os.link(folder / path, fresh / path)
    shutil.rmtree(old, ignore_errors=True)
    os.rename(folder, old)
    os.rename(fresh, folder)
    shutil.rmtree(old, ignore_errors=True)


def _mark(folder: Path, pages: list[tuple[str, str]]) -> None:
    """Korean pages segmented, one kiwipiepy batch per group of pages; the words marked by
    earlier builds are taken from the folder, and the new ones kept there."""
    if not pages:
        return
    analyser = koreansearch.ANALYSER
    words = folder / WORDS
    try:
        remembered = json.loads(words.read_bytes())
        analyser.remember({str(k): str(v) for k, v in remembered.items()})
    except (OSError, ValueError, AttributeError):
        remembered = {}  # none yet, or damaged: the words are analysed again
    for start in range(0, len(pages), koreansearch.GROUP):
        group = pages[start:start + koreansearch.GROUP]
        analyser.learn(w for _, html in group for w in koreansearch.hangul_words(html))
        for path, html in group:
            _write(folder / path, koreansearch.marked_html(html, analyser).encode("utf-8"))
    known = analyser.known()
    if len(known) != len(remembered):
        _write(words, json.dumps(known, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode())


def _load(folder: Path, marking: str) -> dict[str, tuple[str, bool]] | None:
    try:
        data = json.loads((folder / MANIFEST).read_bytes())
        if data.get("marking") != marking:
            return None
        return {path: (str(digest), bool(indexed)) for path, (digest, indexed) in data["pages"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # no manifest, or a damaged one: the folder is made afresh


def _save(folder: Path, marking: str, known: dict[str, tuple[str, bool]]) -> None:
    data = {"marking": marking, "pages": {path: list(known[path]) for path in sorted(known)}}
    _write(folder / MANIFEST, json.dumps(data, separators=(",", ":")).encode("utf-8"))


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp{os.getpid()}")
    temporary.write_bytes(data)
    os.replace(temporary, target)


def _link(source: Path, target: Path) -> None:
    """A hard link to the site's page (a copy where links cannot be made), put in place atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp{os.getpid()}")
    temporary.unlink(missing_ok=True)
    try:
        os.link(source, temporary)
    except OSError:  # another file system, or links not allowed: a copy reads the same
        shutil.copyfile(source, temporary)
    os.replace(temporary, target)


def _remove(folder: Path, path: str) -> None:
    (folder / path).unlink(missing_ok=True)
