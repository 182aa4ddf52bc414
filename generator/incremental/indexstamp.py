"""Whether an output folder's search index is the one its pages need: missing, stale or partial
indexes are rebuilt, never trusted.

A build that indexes its site records, in the cache folder, what the index was made for (a key
over the build fingerprint and every HTML page's hash) and what it holds (each file's size and
the entry file's hash). A later build trusts the index only when both still hold: so an index
left behind by a build without search, by an older version killed while it indexed, or cut
short by a full disk, is made again by the next build that indexes.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from generator.config import Settings
from generator.incremental.fingerprint import cache_path

ENTRY = "tables.json"


def index_key(fingerprint: str, pages: Iterable[tuple[str, str]]) -> str:
    """What an index is made for: the fingerprint and each (path, hash) of the HTML pages."""
    digest = hashlib.blake2b(fingerprint.encode(), digest_size=16)
    for path, page_hash in sorted(p for p in pages if p[0].endswith(".html")):
        digest.update(f"\0{path}\0{page_hash}".encode())
    return digest.hexdigest()


def _stamp_file(settings: Settings, out_dir: Path) -> Path:
    key = hashlib.blake2b(str(out_dir).encode("utf-8"), digest_size=8).hexdigest()
    return cache_path(settings) / f"search-{key}.json"


def _holds(bundle: Path) -> dict[str, object]:
    """What an index folder holds: every file's size, and the entry file's hash."""
    sizes: dict[str, int] = {}
    for folder, _dirs, files in os.walk(bundle):
        for name in files:
            path = os.path.join(folder, name)
            sizes[os.path.relpath(path, bundle)] = os.lstat(path).st_size
    try:
        entry = hashlib.sha256((bundle / ENTRY).read_bytes()).hexdigest()
    except OSError:
        entry = ""
    return {"sizes": sizes, "entry": entry}


def index_current(settings: Settings, out_dir: Path, bundle: str, key: str) -> bool:
    """Whether `out_dir/bundle` is the whole index the last indexing made for `key`."""
    return _whole(settings, out_dir, bundle, key)


def stamp_index(settings: Settings, out_dir: Path, bundle: str, key: str | None) -> None:
    """Record that `out_dir/bundle` was just made for `key`; None: forget (the index is not
    known to fit the pages any more)."""
    target = _stamp_file(settings, out_dir)
    if key is None:
        target.unlink(missing_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(f".tmp{os.getpid()}")
    temporary.write_text(json.dumps({"out": str(out_dir), "key": key, "holds": _holds(out_dir / bundle)}),
                         encoding="utf-8")
    os.replace(temporary, target)


def index_intact(settings: Settings, out_dir: Path, bundle: str) -> bool:
    """Whether `out_dir/bundle` holds exactly what the last indexing wrote, whatever it was made
    for: then its files can be the start of the next index (generator/site/searchpatch.py)."""
    return _whole(settings, out_dir, bundle, None)


def _whole(settings: Settings, out_dir: Path, bundle: str, key: str | None) -> bool:
    """The stamp names `out_dir` (and `key`, unless None) and the folder holds what it records;
    the key is compared first, so a stale index costs no walk of its files."""
    try:
        stamp = json.loads(_stamp_file(settings, out_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(stamp, dict) or stamp.get("out") != str(out_dir):
        return False
    if key is not None and stamp.get("key") != key:
        return False
    return (out_dir / bundle).is_dir() and stamp.get("holds") == _holds(out_dir / bundle)
