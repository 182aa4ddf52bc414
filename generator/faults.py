"""A test hook that kills this process at a chosen moment, or holds it there: the fault-injection
tests' way to stop an import (or any other run) dead at a reproducible point, as `kill -9` would,
and the signal tests' way to be sure a run is still in a phase when they interrupt it.

`PRESSROOM_FAULT_KILL=POINT:N` makes the Nth call of `reached(POINT)` send SIGKILL to this
process, e.g. `import.write:137` dies just before the 137th file an import writes. Several
targets may be given, comma-separated; the first one reached fires. Counting is per process; a
forked worker inherits its parent's count and, when it fires, kills the parent first, because a
killed worker alone is an error the parent reports, not the crash being simulated.

`PRESSROOM_FAULT_PAUSE=POINT:N` makes the Nth call of `reached(POINT)` wait there until a signal
interrupts it (Ctrl-C raises KeyboardInterrupt out of the wait), or for PAUSE_LIMIT seconds at
most: a test that reads a phase's name late, on a loaded machine, still finds the run in it.

The named points (each documented where it is called) are:
    import.journal  the journal is written, nothing else yet
    import.write    before each file an import writes (new, updated or moved)
    import.replace  a file (or the journal) is written aside, not yet renamed into place
    import.delete   before each file an import deletes
    import.commit   every file is in place, the manifest not yet committed
    import.recover  a recovery is about to write the repaired manifest
    import.prepare  the "prepare records" phase is drawn, no record prepared yet

Unset (the normal case), `reached` is one comparison against None: zero cost worth measuring.
"""

from __future__ import annotations

import os
import signal
import time

_VARIABLE = "PRESSROOM_FAULT_KILL"
_PAUSE_VARIABLE = "PRESSROOM_FAULT_PAUSE"
PAUSE_LIMIT = 300.0  # seconds: a paused run nobody interrupts goes on, never hangs a suite
_MAIN = os.getpid()  # the process that imported this module: forked workers inherit it


def _targets(value: str | None) -> dict[str, int] | None:
    """{point: hit number} from the variable's value; None when it is unset or empty."""
    if not value:
        return None
    targets = {}
    for item in value.split(","):
        point, _, number = item.strip().rpartition(":")
        if point and number.isdigit():
            targets[point] = int(number)
    return targets or None


_TARGETS = _targets(os.environ.get(_VARIABLE))
_PAUSES = _targets(os.environ.get(_PAUSE_VARIABLE))
_hits: dict[str, int] = {}


def reached(point: str) -> None:
    """Count one hit of `point`; SIGKILL this process (and its parent, in a worker) when it is
    the hit PRESSROOM_FAULT_KILL names; wait when it is the hit PRESSROOM_FAULT_PAUSE names."""
    if _TARGETS is None and _PAUSES is None:
        return
    kill = _TARGETS.get(point) if _TARGETS else None
    pause = _PAUSES.get(point) if _PAUSES else None
    if kill is None and pause is None:
        return
    _hits[point] = _hits.get(point, 0) + 1
    if _hits[point] == kill:
        if os.getpid() != _MAIN:
            os.kill(_MAIN, signal.SIGKILL)
        os.kill(os.getpid(), signal.SIGKILL)
    if _hits[point] == pause:
        time.sleep(PAUSE_LIMIT)  # a signal's handler raising (Ctrl-C) ends the wait
