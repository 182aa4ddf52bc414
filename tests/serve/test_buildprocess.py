"""The serve build process reports a build's OS error (a full disk) as the one `PATH: message`
line `pressroom build` prints, not as a crash with a traceback."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from generator.errors import PressroomError
from generator.serve.buildprocess import BuildProcess


def _disk_full(settings: object, out_dir: Path | None = None, **_: object) -> object:
    raise OSError(errno.ENOSPC, "No space left on device", str(out_dir / "en" / "index.html"))


def test_an_os_error_in_a_build_is_one_line(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    process = BuildProcess(_disk_full)  # type: ignore[arg-type]
    try:
        with pytest.raises(PressroomError) as caught:
            process(None, tmp_path)  # type: ignore[arg-type]
    finally:
        process.stop()
    assert str(caught.value) == f"{tmp_path / 'en' / 'index.html'}: cannot write: No space left on device"
    assert "Traceback" not in capfd.readouterr().err
