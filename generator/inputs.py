"""What a build is made from, as one fingerprint; `deploy` uses it to refuse a stale site."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .config import Settings

LAST_BUILD_FILE = "last-build.json"


def cache_path(settings: Settings) -> Path:
    """Where build caches and records live: beside the output, never inside it."""
    return settings.root / ".pressroom-cache"


def input_fingerprint(settings: Settings) -> str:
    """A hash over every file the site is built from: content, theme, overrides, settings."""
    digest = hashlib.sha256()
    digest.update(repr(sorted((k, str(v)) for k, v in vars(settings).items() if k != "base_url")).encode())
    for folder in (settings.content_path, settings.theme_path, settings.templates_path):
        if not folder.is_dir():
            continue
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            # relpath, not relative_to: a theme may live outside the project (a shared theme)
            digest.update(Path(os.path.relpath(file, settings.root)).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def record_build(settings: Settings, out_dir: Path) -> None:
    """Called at the end of a successful build."""
    record = {"fingerprint": input_fingerprint(settings), "base_url": settings.base_url,
              "output": str(out_dir.resolve())}
    folder = cache_path(settings)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / LAST_BUILD_FILE).write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")


def last_build(settings: Settings) -> dict[str, str] | None:
    try:
        return json.loads((cache_path(settings) / LAST_BUILD_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
