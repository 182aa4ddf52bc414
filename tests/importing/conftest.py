"""Fixtures of the import's tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture
def project(scratch_project: Path) -> Path:
    """A scratch project with an empty archive (only the vocabulary)."""
    content = scratch_project / "content"
    for child in content.iterdir():
        if child.name != "vocabulary.yaml":
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()
    return scratch_project
