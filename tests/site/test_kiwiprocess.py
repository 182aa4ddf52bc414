"""The Korean analyser's own process (generator/site/kiwiprocess.py): the model never enters the
build's process, a build leaves no analyser running, and a missing or stopped analyser is a
clear error. Real processes and the real kiwipiepy throughout."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path

import pytest
from processlist import group_members

from generator.errors import PressroomError
from generator.site.koreansearch import MARK, Analyser

REPO = Path(__file__).resolve().parents[2]


def children(pid: int) -> set[int]:
    """The live child processes of `pid`, from /proc."""
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(child) for child in (task / "children").read_text().split()}
    return found


def command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def test_the_model_is_loaded_in_a_process_of_its_own() -> None:
    script = ("import sys\nfrom generator.site.koreansearch import Analyser\n"
              "analyser = Analyser()\nanalyser.learn(['수출통제를'])\n"
              "print(analyser.marked('수출통제를'), 'kiwipiepy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True,
                          encoding="utf-8", check=True, timeout=300)
    assert done.stdout.split() == [f"수출{MARK}통제{MARK}를", "False"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_stopped_analyser_is_a_clear_error_and_prepare_starts_one() -> None:
    before = children(os.getpid())
    analyser = Analyser()
    analyser.prepare()  # started, not waited for
    started = children(os.getpid()) - before
    assert len(started) == 1
    analyser.learn(["투자를"])
    assert analyser.morphemes("투자를") == ["투자", "를"]
    os.kill(started.pop(), 9)
    with pytest.raises(PressroomError, match="analyser for search stopped"):
        analyser.learn(["반도체를"])
    analyser.close()
    analyser.learn(["반도체를"])  # a new process, after the one that stopped is closed
    assert analyser.morphemes("반도체를") == ["반도체", "를"]
    analyser.close()
    assert not children(os.getpid()) - before


def _learn_in_fork(analyser: Analyser, sender: Connection) -> None:
    analyser.learn(["반도체를"])
    own = [pid for pid in children(os.getpid()) if b"kiwiprocess" in command_line(pid)]
    sender.send((analyser.marked("반도체를"), len(own)))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks, reads /proc")
def test_a_forked_process_asks_an_analyser_of_its_own() -> None:
    """Two processes asking one analyser through the same pipes would read each other's answers."""
    analyser = Analyser()
    analyser.prepare()
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_learn_in_fork, args=(analyser, sender))
    child.start()
    analyser.learn(["수출은"])  # meanwhile, in the parent
    assert receiver.recv() == (f"반도체{MARK}를", 1)
    child.join(timeout=60)
    assert child.exitcode == 0
    assert analyser.marked("수출은") == f"수출{MARK}은" and not analyser.knows("반도체를")
    analyser.close()


def test_a_missing_kiwipiepy_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "kiwipiepy.py").write_text("raise ImportError('not installed here')\n", encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))  # before site-packages, after the repository
    analyser = Analyser()
    with pytest.raises(PressroomError, match=r"pip install 'kiwipiepy"):
        analyser.learn(["수출은"])
    analyser.close()


def test_a_model_that_does_not_load_is_an_error_not_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "kiwipiepy.py").write_text(
        "class Kiwi:\n    def __init__(self, **options):\n        raise RuntimeError('model file damaged')\n",
        encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    analyser = Analyser()
    with pytest.raises(PressroomError, match="could not load its model: model file damaged"):
        analyser.learn(["수출은"])
    analyser.close()
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_cold_build_leaves_no_analyser_running(scratch_project: Path) -> None:
    """The build starts the analyser first thing (its Korean pages need it) and ends it."""
    build = subprocess.Popen([sys.executable, "-m", "generator.cli", "build", "--no-cache"],
                             cwd=scratch_project, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             start_new_session=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    analysers: set[int] = set()
    while build.poll() is None:
        analysers |= {pid for pid in group_members(build.pid) if b"kiwiprocess" in command_line(pid)}
        time.sleep(0.05)
    assert build.returncode == 0, build.stderr.read() if build.stderr else ""
    assert len(analysers) == 1  # one, however many pages and batches
    deadline = time.monotonic() + 30  # on a loaded machine the kill at exit may take a moment
    while group_members(build.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not group_members(build.pid)


def test_kept_search_entries_depend_on_the_analysers_code(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The words' morphemes are cut in kiwiprocess.py: a change there must not reuse kept ones."""
    from generator.site import kiwiprocess, searchcache

    before = searchcache.signature()
    changed = tmp_path / "kiwiprocess.py"
    changed.write_bytes(Path(kiwiprocess.__file__).read_bytes() + b"\nSPLIT_FROM = 3\n")
    monkeypatch.setattr(kiwiprocess, "__file__", str(changed))
    assert searchcache.signature() != before
