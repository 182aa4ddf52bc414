"""Progress of the long steps (generator/progress.py), seen as a person and as CI see it: in a
pseudo-terminal `pressroom import` draws each phase with rich, and Ctrl-C leaves the terminal
clean; without a terminal each phase is one line; `--quiet` prints nothing but the summary."""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import progress

REPO = Path(__file__).resolve().parent.parent
# Releases per language of the test dumps: enough for the import's loops to fork workers
# (generator.workers.PARALLEL_FROM) and so to show that only the parent draws; the README shows
# a run at 10,000 per language, which takes too long for a test on a busy 2-core machine.
PER_LANGUAGE = 1500
IMPORT_PHASES = ["import: read dumps", "import: prepare records", "import: pair translations",
                 "import: format files", "import: write files"]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dumps")
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "synth.py"), "--releases", str(PER_LANGUAGE),
                    "--out", str(out)], check=True, capture_output=True)
    return out


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty archive: the settings and the vocabulary."""
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "content").mkdir()
    shutil.copy(REPO / "content" / "vocabulary.yaml", tmp_path / "content" / "vocabulary.yaml")
    return tmp_path


def pressroom(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator.cli", *args]


def environment(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "100", "TERM": "xterm-256color", **extra}


def in_terminal(command: list[str], cwd: Path, interrupt_after: str | None = None,
                timeout: float = 240, **extra: str) -> tuple[str, int]:
    """Run `command` with a pseudo-terminal for its stdout and stderr (and `extra` in its
    environment); everything it drew, and its exit status. With `interrupt_after`, Ctrl-C
    (SIGINT to its process group, as a terminal sends it) once that text has been drawn."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, cwd=cwd, env=environment(**extra), stdin=subprocess.DEVNULL,
                               stdout=follower, stderr=follower, start_new_session=True)
    os.close(follower)
    seen = b""
    interrupted = False
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:  # the terminal closed: the program ended
                    break
                if not chunk:
                    break
                seen += chunk
            if interrupt_after and not interrupted and interrupt_after.encode() in seen:
                os.killpg(process.pid, signal.SIGINT)
                interrupted = True
        status = process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
    return seen.decode("utf-8", "replace"), status


def test_import_in_a_terminal_draws_every_phase(project: Path, dumps: Path) -> None:
    drawn, status = in_terminal(pressroom("import", str(dumps)), project)
    assert status == 0, drawn
    plain = ANSI.sub("", drawn)
    for name in IMPORT_PHASES:
        assert name in plain, f"{name!r} was never drawn:\n{plain[-3000:]}"
        # a bar that finished: the phase's name with its whole count
        finished = re.search(re.escape(name) + r"[^\r\n]*?(\d+)/\1", plain)
        assert finished, f"{name!r} never showed as finished:\n{plain[-3000:]}"
    assert re.search(r"\d+/\d+ eta", plain), "no count with an estimate"
    hidden, shown = drawn.rfind("\x1b[?25l"), drawn.rfind("\x1b[?25h")
    assert hidden != -1 and shown > hidden, "the cursor stays hidden"
    assert f"import: {2 * PER_LANGUAGE} releases — {2 * PER_LANGUAGE} new" in plain
    assert plain.index("import: write files") < plain.index(f"import: {2 * PER_LANGUAGE} releases")


def test_ctrl_c_during_a_phase_leaves_the_terminal_clean(project: Path, dumps: Path) -> None:
    # The import waits at its first "prepare records" point (generator/faults.py) until the
    # signal comes: however late a loaded machine lets this test read the phase's name, the run
    # is still in it (without the pause it had once ended first, and Ctrl-C reached no one).
    drawn, status = in_terminal(pressroom("import", str(dumps)), project, interrupt_after="prepare records",
                                PRESSROOM_FAULT_PAUSE="import.prepare:1")
    assert status == 130, drawn[-2000:]
    assert drawn.rfind("\x1b[?25h") > drawn.rfind("\x1b[?25l"), "Ctrl-C left the cursor hidden"
    # "interrupted" starts a line of its own: no half-drawn bar before it
    tail = ANSI.sub("", drawn).replace("\r\n", "\n")
    assert re.search(r"(^|\n)interrupted\s*$", tail), repr(tail[-400:])
    assert "Traceback" not in tail


def test_without_a_terminal_each_phase_is_one_line(project: Path, dumps: Path) -> None:
    done = subprocess.run(pressroom("import", str(dumps)), cwd=project, env=environment(),
                          capture_output=True, text=True, check=True)
    lines = done.stderr.splitlines()
    assert [line.split(" — ")[0] for line in lines] == IMPORT_PHASES, done.stderr
    assert all(re.fullmatch(r"import: [a-z ]+ — [\d,]+ in \d+\.\d s", line) for line in lines), lines
    assert "\x1b" not in done.stderr + done.stdout
    assert f"{2 * PER_LANGUAGE:,} in" in lines[1]  # every record prepared, counted once


def test_build_without_a_terminal_prints_a_line_per_phase(tmp_path: Path) -> None:
    done = subprocess.run(pressroom("build", "--no-search", "--out", str(tmp_path / "site")), cwd=REPO,
                          env=environment(), capture_output=True, text=True, check=True)
    names = [line.split(" — ")[0].split(" in ")[0] for line in done.stderr.splitlines()]
    assert names == ["build: gather releases", "build: plan pages", "build: render pages",
                     "build: write files"]
    assert done.stdout.startswith("build: ")


def test_quiet_prints_only_the_summary_and_errors(project: Path, dumps: Path) -> None:
    done = subprocess.run(pressroom("--quiet", "import", str(dumps)), cwd=project, env=environment(),
                          capture_output=True, text=True, check=True)
    assert done.stderr == ""
    assert done.stdout.splitlines()[-1].startswith(f"import: {2 * PER_LANGUAGE} releases")
    broken = project / "broken.txt"
    broken.write_text("-\nA title without a date\nbody\n", encoding="utf-8")
    failed = subprocess.run(pressroom("-q", "import", str(broken)), cwd=project, env=environment(),
                            capture_output=True, text=True)
    assert failed.returncode == 1 and "broken.txt:" in failed.stderr  # the error still shows


def test_workers_never_draw() -> None:
    """A forked child inherits the reporter but reports nothing; the parent does."""
    reporter = progress.configure(stream=open(os.devnull, "w"))  # noqa: SIM115 - closed by reset
    try:
        progress.phase("test", 10)
        pid = os.fork()
        if pid == 0:
            progress.advance(5)  # would count in the child's copy only
            os._exit(0 if reporter.count == 0 else 1)
        _, code = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(code) == 0
        progress.advance(3)
        assert reporter.count == 3
    finally:
        progress.reset()
