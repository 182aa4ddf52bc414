"""Helpers shared by the build tests: comparing output folders, and one edit of the fixture."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from generator.config import Settings


def snapshot(folder: Path) -> dict[str, bytes]:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


def assert_same_tree(expected: Path, actual: Path) -> None:
    """File by file, with a unified diff of the first differing text file."""
    want, got = snapshot(expected), snapshot(actual)
    assert sorted(want) == sorted(got), (sorted(set(want) ^ set(got)))
    for name in want:
        if want[name] != got[name]:
            diff = difflib.unified_diff(want[name].decode().splitlines(), got[name].decode().splitlines(),
                                        f"expected/{name}", f"built/{name}", lineterm="")
            pytest.fail(f"{name} differs:\n" + "\n".join(list(diff)[:80]))


def edit(settings: Settings) -> Path:
    path = settings.content_path / "ko/2024/03/export-results-february.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("2월 수출 4.8% 증가", "2월 수출 4.8% 늘어").replace(
        "tags: [exports, semiconductors]", "tags: [exports, hydrogen]"), encoding="utf-8")
    return path
