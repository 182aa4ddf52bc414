"""A test hook that kills this process at a chosen moment: the fault-injection tests' way to
stop an import (or any other run) dead at a reproducible point, as `kill -9` would.

`PRESSROOM_FAULT_KILL=POINT:N` makes the Nth call of `reached(POINT)` send SIGKILL to this
process, e.g. `import.write:137` dies just before the 137th file an import writes. Several
targets may be given, comma-separated; the first one reached fires. Counting is per process; a
forked worker inherits its parent's count and, when it fires, kills the parent first, because a
killed worker alone is an error the parent reports, not the crash being simulated.

The named points (each documented where it is called) are:
    import.journal  the journal is written, nothing else yet
    import.write    before each file an import writes (new, updated or moved)
    import.delete   before each file an import deletes
    import.commit   every file is in place, the manifest not yet committed
    import.recover  a recovery is about to write the repaired manifest

Unset (the normal case), `reached` is one comparison against None: zero cost worth measuring.
"""

from __future__ import annotations

import os
import signal

_VARIABLE = "PRESSROOM_FAULT_KILL"
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
_hits: dict[str, int] = {}


def reached(point: str) -> None:
    """Count one hit of `point`; SIGKILL this process (and its parent, in a worker) when it is
    the hit the variable names."""
    if _TARGETS is None:
        return
    target = _TARGETS.get(point)
    if target is None:
        return
    _hits[point] = _hits.get(point, 0) + 1
    if _hits[point] == target:
        if os.getpid() != _MAIN:
            os.kill(_MAIN, signal.SIGKILL)
        os.kill(os.getpid(), signal.SIGKILL)
