"""Spreading independent per-record work over the machine's cores.

Importing tens of thousands of releases is CPU-bound Python (matching, escaping, YAML); a
process pool on Linux's fork start method halves the time on two cores. Small jobs stay in
this process, where starting workers would cost more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
PARALLEL_FROM = 2000  # items; below this one process is faster


def workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def map_chunks(function: Callable[[Any, Sequence[Item]], list[Result]], shared: Any,
               items: Sequence[Item]) -> list[Result]:
    """`function(shared, chunk)` over contiguous chunks of `items`, results in order."""
    count = workers()
    if len(items) < PARALLEL_FROM or count < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return function(shared, items)
    size = -(-len(items) // (count * 4))  # a few chunks per worker evens out uneven records
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        results: list[Result] = []
        for part in pool.map(function, [shared] * len(chunks), chunks):
            results.extend(part)
        return results
