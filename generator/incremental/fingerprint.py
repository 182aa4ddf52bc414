"""What a site is made from, as fingerprints, and the record of the last build.

One digest, `made_from`, covers everything besides the releases that any page is made from:
the settings (but the base URL), the template and Markdown libraries, the generator's own code
(every module, at any depth), the vocabulary, the recorded redirects, the theme, the template
overrides and the site's string tables and static folder. The build
signs its pages with it and the base URL (`build_fingerprint`); the build record that `deploy`
checks adds every release file's hash (and its page bundle's files') to it
(`input_fingerprint`), so deploy refuses a site that any input, code included, has changed since.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path

import babel
import jinja2
import markdown

from generator.config import Settings
from generator.content.bundles import bundle_names, is_bundle
from generator.content.files import VOCABULARY_FILE, release_files
from generator.content.redirectfile import REDIRECTS_FILE
from generator.errors import ContentError

LAST_BUILD_FILE = "last-build.json"
HASHES_FILE = "input-hashes.pickle"
CODE_ROOT = Path(__file__).resolve().parent.parent  # the generator package


def cache_path(settings: Settings) -> Path:
    """Where build caches and records live: beside the output, never inside it."""
    return settings.root / ".pressroom-cache"


def code_files(root: Path | None = None) -> list[Path]:
    """Every module of the generator package, in subpackages at any depth."""
    return sorted((root or CODE_ROOT).rglob("*.py"))


def made_from(settings: Settings) -> str:
    """The digest of everything besides the releases that pages are made from; not the base
    URL, which the build record keeps apart (deploy names a base URL mismatch for what it is).
    The files are few and small: hashing their bytes is quicker than remembering their hashes."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(repr(sorted((k, str(v)) for k, v in vars(settings).items() if k != "base_url")).encode())
    digest.update(f"{jinja2.__version__} {markdown.__version__} {babel.__version__}".encode())
    # redirects.yaml: a hand edit must reach the redirect pages; a build that adds a move to it
    # signs its pages with the new one (generator.site.redirectstep)
    files = [settings.content_path / VOCABULARY_FILE, settings.content_path / REDIRECTS_FILE, *code_files()]
    for folder in (settings.theme_path, settings.templates_path, settings.strings_path, settings.static_path):
        if folder.is_dir():
            files += sorted(p for p in folder.rglob("*") if p.is_file())
    for file in files:
        digest.update(str(file).encode() + b"\0")
        digest.update(file.read_bytes() if file.is_file() else b"-")
    return digest.hexdigest()


def build_fingerprint(settings: Settings, made: str | None = None) -> str:
    """What every page's signature starts from: `made_from` and the base URL."""
    made = made_from(settings) if made is None else made
    return hashlib.blake2b(f"{made} {settings.base_url}".encode(), digest_size=16).hexdigest()


def _load_memo(memo_file: Path) -> dict[str, tuple[int, int, bytes]]:
    try:
        memo: dict[str, tuple[int, int, bytes]] = pickle.loads(memo_file.read_bytes())
        return memo
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return {}


def _file_hash(path: str, stat: tuple[int, int] | None, known: tuple[int, int, bytes] | None,
               hashed: bytes | None) -> tuple[int, int, bytes]:
    """(mtime, size, SHA-256) of a release file: remembered, handed over by the build, or read."""
    if stat is None:
        status = os.stat(path)
        stat = (status.st_mtime_ns, status.st_size)
    if known is not None and known[:2] == stat:
        return known
    if hashed is None:
        with open(path, "rb") as handle:
            hashed = hashlib.sha256(handle.read()).digest()
    return (*stat, hashed)


def input_fingerprint(settings: Settings, release_stats: dict[str, tuple[int, int]] | None = None,
                      release_hashes: dict[str, bytes] | None = None, *, made: str | None = None,
                      use_memo: bool = True) -> str:
    """`made_from` and the SHA-256 of every release file: what `deploy` compares with the record.
    Each release's hash is remembered with its mtime and size, so unchanged files are not read
    again (`use_memo=False`: every one is, and the memory is written afresh). `release_stats`:
    the release files with their (mtime, size), where a build has just listed them;
    `release_hashes`: the SHA-256 of those it has just read (at those stats)."""
    release_stats = release_stats or {}
    release_hashes = release_hashes or {}
    memo_file = cache_path(settings) / HASHES_FILE
    memo = _load_memo(memo_file) if use_memo else {}
    fresh: dict[str, tuple[int, int, bytes]] = {}
    digest = hashlib.sha256((made_from(settings) if made is None else made).encode())
    base = str(settings.content_path) + os.sep
    content, languages = settings.content_path, settings.languages
    listed = sorted(release_stats) if release_stats else release_files(content, languages)
    for relative in listed:
        path = base + relative
        try:
            known = _file_hash(path, release_stats.get(relative), memo.get(path),
                               release_hashes.get(relative))
        except OSError as error:  # a dangling link, a folder named *.md, a file gone meanwhile
            raise ContentError(relative, None, f"cannot read the file: {error.strerror}") from None
        fresh[path] = known
        digest.update(relative.encode() + b"\0")
        digest.update(known[2])
        if is_bundle(relative):  # its files are published too: a changed photo is a changed input
            for name in bundle_names(base, relative):
                file = base + relative[:-len("index.md")] + name
                try:
                    fresh[file] = _file_hash(file, None, memo.get(file), None)
                except OSError as error:
                    raise ContentError(relative, None, f"cannot read {name}: {error.strerror}") from None
                digest.update(name.encode() + b"\0" + fresh[file][2])
    if fresh != memo:
        try:
            memo_file.parent.mkdir(parents=True, exist_ok=True)
            temporary = memo_file.with_suffix(f".tmp{os.getpid()}")
            temporary.write_bytes(pickle.dumps(fresh, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(temporary, memo_file)
        except OSError:  # a read-only cache only costs speed
            pass
    return digest.hexdigest()


def record_build(settings: Settings, out_dir: Path, inputs_unchanged: bool = False,
                 release_stats: dict[str, tuple[int, int]] | None = None,
                 release_hashes: dict[str, bytes] | None = None, *, made: str | None = None,
                 use_memo: bool = True) -> None:
    """Called at the end of a successful build. `inputs_unchanged`: the build found nothing
    changed since the last one, so a record of that build for this output stays true. The
    other arguments: as for input_fingerprint."""
    if inputs_unchanged:
        record = last_build(settings)
        same_site = record and record.get("output") == str(out_dir.resolve())
        if same_site and record.get("base_url") == settings.base_url:
            return
    fingerprint = input_fingerprint(settings, release_stats, release_hashes, made=made, use_memo=use_memo)
    record = {"fingerprint": fingerprint, "base_url": settings.base_url, "output": str(out_dir.resolve())}
    folder = cache_path(settings)
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f"{LAST_BUILD_FILE}.tmp{os.getpid()}"  # whole or not there: deploy reads it
    temporary.write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(temporary, folder / LAST_BUILD_FILE)


def last_build(settings: Settings) -> dict[str, str] | None:
    """The record of the last build, as record_build wrote it; None when there is none."""
    try:
        return json.loads((cache_path(settings) / LAST_BUILD_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
