"""The environment a fault test runs Pressroom in: this checkout's package, and at most one
kill to inject through generator/faults.py's `PRESSROOM_FAULT_KILL=POINT:N` (never one
inherited from the caller's shell). Shared by the import and build fault tests."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def environment(kill: str | None = None) -> dict[str, str]:
    """os.environ with this checkout on PYTHONPATH and `kill` (if any) as the fault to inject."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("PRESSROOM_FAULT_KILL", None)
    if kill:
        env["PRESSROOM_FAULT_KILL"] = kill
    return env
