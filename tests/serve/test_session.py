"""serve's build session: the work it leaves for after the reload runs beside the next build."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import workers
from generator.config import load_settings
from generator.serve import session as session_module
from generator.serve.session import BuildSession


def test_the_finisher_runs_beside_the_builds_so_nothing_is_forked_meanwhile(
        repo_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """While the finisher indexes, a build in the other thread must not fork workers (a child
    could inherit a lock the finisher holds): generator/workers.py is told the thread runs."""
    settings = load_settings(repo_root / "pyproject.toml")
    seen: list[bool] = []
    monkeypatch.setattr(session_module, "index_site",
                        lambda settings, out, digests: seen.append(workers._may_fork()))
    session = BuildSession()
    session.save(settings, tmp_path / "site", None, reindex=True)
    session.finish()
    assert seen == [False]
    assert workers._may_fork()  # and again once it ended
