"""Shared fixtures: the repository root and a scratch project with the real settings."""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import pytest

from generator.config import Settings, load_settings

REPO = Path(__file__).resolve().parent.parent

# A suite started in the background by a non-interactive shell (`make test &`, nohup) inherits
# SIGINT ignored, and so would every `pressroom serve` it starts: the tests' Ctrl-C (SIGINT) would
# then never reach them. A handler, unlike SIG_IGN, is not inherited across exec.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture
def repo_root() -> Path:
    return REPO


@pytest.fixture
def scratch_project(tmp_path: Path) -> Path:
    """A copy of the project's settings, seeds and content in a temporary folder."""
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    for folder in ("seeds", "content", "themes"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, tmp_path / folder)
    return tmp_path


@pytest.fixture
def scratch_settings(scratch_project: Path) -> Settings:
    return load_settings(scratch_project / "pyproject.toml")
