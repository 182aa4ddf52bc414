"""Progress of the long steps of import, build, serve and deploy, drawn in one place.

Commands report through three calls — `phase(name, total)`, `advance(n)`, `done()` — and never
draw themselves. What those calls show is chosen once per run by `configure` (the CLI does it):

- on a terminal, a `rich` progress line per phase: a bar and an estimate when the total is
  known, a counter otherwise; a finished phase stays as one line;
- when stderr is not a terminal (CI, a pipe), one plain line per phase when it ends, with its
  count and time, so logs stay short;
- with `--quiet`, or when nobody configured it (the library used from Python, tests), nothing.

Forked workers (generator.workers) inherit the reporter but never draw: only the process that
started the phase does, so a parallel loop advances from the parent alone. `close()` stops a
live display (the CLI calls it on every exit, Ctrl-C included), so the cursor comes back and no
half-drawn line stays behind.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any, TextIO


class Silent:
    """Reports nothing: `--quiet`, and any use of the library outside the CLI."""

    def phase(self, name: str, total: int | None = None) -> None:
        """A phase begins: `name` as a person reads it, `total` its units if known."""

    def advance(self, amount: float = 1) -> None:
        """`amount` more units of the current phase are done."""

    def done(self) -> None:
        """The current phase is over."""

    def close(self) -> None:
        """The run is over (or interrupted): leave the terminal as it was."""


class Plain(Silent):
    """One line per phase when it ends, for logs: `build: render — 2,345 in 1.2 s`."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.owner = os.getpid()
        self.name: str | None = None
        self.count = 0.0
        self.total: int | None = None
        self.started = 0.0

    def phase(self, name: str, total: int | None = None) -> None:
        if os.getpid() != self.owner:
            return
        self.done()
        self.name, self.count, self.total, self.started = name, 0.0, total, time.perf_counter()

    def advance(self, amount: float = 1) -> None:
        if os.getpid() == self.owner:
            self.count += amount

    def done(self) -> None:
        if self.name is None or os.getpid() != self.owner:
            return
        seconds = time.perf_counter() - self.started
        count = self.count or self.total or 0  # a phase done in one go counts its total
        counted = f" — {round(count):,}" if count else ""
        print(f"{self.name}{counted} in {seconds:.1f} s", file=self.stream, flush=True)
        self.name = None

    def close(self) -> None:
        self.name = None  # an interrupted phase did not end: no line claims it did


class Live(Plain):
    """A `rich` progress display on a terminal: bar, count and estimate per phase."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__(stream)
        self.display: Any = None  # a rich Progress while phases are shown, made on the first
        self.task: Any = None

    def _start(self) -> Any:
        # imported here: rich costs import time that quiet and plain runs need not pay
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        console = Console(file=self.stream)
        # stderr lines printed during a phase (an import's problems) go above the display;
        # stdout is left alone: the summaries print there after the display has ended
        columns = (SpinnerColumn(finished_text="✓"), TextColumn("{task.description}"), BarColumn(),
                   MofNCompleteColumn(), TextColumn("eta"), TimeRemainingColumn(), TimeElapsedColumn())
        display = Progress(*columns, console=console, transient=False, redirect_stdout=False,
                           redirect_stderr=True)
        display.start()
        return display

    def phase(self, name: str, total: int | None = None) -> None:
        if os.getpid() != self.owner:
            return
        self.done()
        if self.display is None:
            self.display = self._start()
        self.task = self.display.add_task(name, total=total)
        self.total = total

    def advance(self, amount: float = 1) -> None:
        if self.task is not None and os.getpid() == self.owner:
            self.display.advance(self.task, amount)

    def done(self) -> None:
        if self.task is None or os.getpid() != self.owner:
            return
        task = self.display.tasks[-1]
        finished = self.total if self.total is not None else max(1, round(task.completed))
        self.display.update(self.task, total=finished, completed=finished)
        self.task = None

    def close(self) -> None:
        if os.getpid() == self.owner and self.display is not None:
            self.display.stop()  # shows the cursor again and ends the line
        self.display = self.task = None


_reporter: Silent = Silent()


def configure(*, quiet: bool = False, stream: TextIO | None = None) -> Silent:
    """Choose how this run shows progress: nothing when `quiet`, a live display when `stream`
    (default stderr) is a terminal, else one plain line per phase."""
    global _reporter
    stream = stream or sys.stderr
    if quiet:
        _reporter = Silent()
    elif stream.isatty():
        _reporter = Live(stream)
    else:
        _reporter = Plain(stream)
    return _reporter


def finish() -> None:
    """End the display before a command prints its summary; a later phase starts a new one
    (serve's next rebuild)."""
    _reporter.done()
    _reporter.close()


def reset() -> None:
    """Back to reporting nothing (after a run, and between tests)."""
    global _reporter
    _reporter.close()
    _reporter = Silent()


def phase(name: str, total: int | None = None) -> None:
    """A phase begins (ending the one before)."""
    _reporter.phase(name, total)


def advance(amount: float = 1) -> None:
    """Some units of the current phase are done; nothing in a forked worker."""
    _reporter.advance(amount)


def done() -> None:
    """The current phase is over."""
    _reporter.done()


def shown() -> bool:
    """Whether anything is reported: a loop may skip counting when nothing is."""
    return type(_reporter) is not Silent


def share(chunk: int, total: int) -> float:
    """The units one item of the parent's chunk stands for in a parallel loop: the parent sees
    only its own chunk, which moves at about the pace of the others (generator.workers)."""
    return total / chunk if chunk else 0.0
