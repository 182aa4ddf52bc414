"""The two heavy loops of a build — Markdown conversion and page rendering — spread over two
processes with fork (the child inherits the model, so nothing big is pickled on the way in;
only small results come back). Small builds stay in one process: forking costs more than it
saves there, and one process keeps error reports simple.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import sys
import traceback
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from .bodies import BodyConverter
from .errors import PressroomError
from .output import Output
from .pagemodel import Page
from .render import Renderer

PARALLEL_THRESHOLD = 400  # items below which one process is faster
Item = TypeVar("Item")
Result = tuple[str, str, str, int, bool]  # path, signature, output hash, size, written


def _can_fork() -> bool:
    return (os.cpu_count() or 1) >= 2 and "fork" in multiprocessing.get_all_start_methods()


def _child(work: Callable[[Sequence[Any]], Any], items: Sequence[Any], pipe: Any) -> None:
    try:
        pipe.send(("ok", work(items)))
    except PressroomError as error:
        pipe.send(("error", (error.problem.path, error.problem.line, error.problem.message)))
    except BaseException:  # a bug: report it in the parent rather than dying silently
        pipe.send(("crash", traceback.format_exc()))
    finally:
        pipe.close()
        os._exit(0)  # skip the parent's atexit handlers and open resources


def split_work(work: Callable[[Sequence[Item]], list[Any]], items: Sequence[Item],
               worth_it: bool | None = None) -> list[Any]:
    """work(items), over two processes when that pays (by default: for many items). Results keep
    no particular order."""
    if worth_it is None:
        worth_it = len(items) >= PARALLEL_THRESHOLD
    if not worth_it or len(items) < 2 or not _can_fork():
        return work(items)
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    sys.stdout.flush()
    sys.stderr.flush()
    # Objects made so far move to the collector's permanent generation: a collection in the
    # child would otherwise write into every one of them and so copy the whole model's memory.
    gc.freeze()
    process = context.Process(target=_child, args=(work, items[1::2], writer))
    process.start()
    writer.close()
    try:
        mine = work(items[0::2])
    finally:
        status, theirs = reader.recv()
        process.join()
        gc.unfreeze()
    if status == "error":
        raise PressroomError(*theirs)
    if status == "crash":
        raise RuntimeError(f"a build worker failed:\n{theirs}")
    return mine + theirs


def convert_bodies(sources: dict[str, str]) -> dict[str, str]:
    """Markdown → HTML for the bodies not found in the cache."""
    def work(items: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
        convert = BodyConverter()
        return [(key, convert(text)) for key, text in items]

    return dict(split_work(work, sorted(sources.items())))  # sorted: the same split every time


def render_pages(renderer: Renderer, todo: list[tuple[Page, str]], bodies: Mapping[str, str],
                 output: Output, previous: dict[str, tuple[str, str, int]], trusted_state: bool,
                 progress: bool, sign: bool = False) -> list[Result]:
    """Render each page; stage it when its bytes differ from what the output already holds.
    Each page comes with its signature, or with `sign`, with the fingerprint to sign it with."""
    total = len(todo)

    def work(items: Sequence[tuple[Page, str]]) -> list[Result]:
        results = []
        show = progress and os.getpid() == parent
        for done, (page, signature) in enumerate(items, 1):
            if sign:
                signature = page.signature(signature)
            data = renderer.render(page, bodies)
            digest = hashlib.blake2b(data, digest_size=16).hexdigest()
            if trusted_state:
                same = previous.get(page.path, ("", ""))[1] == digest and output.exists(page.path)
            else:
                same = not output.fresh and output.existing(page.path) == data
            if not same:
                output.stage_file(page.path, data)
            results.append((page.path, signature, digest, len(data), not same))
            if show and done % 250 == 0:
                print(f"\rrendering {min(total, done * (total // max(1, len(items)))):,}/{total:,}",
                      end="", file=sys.stderr, flush=True)
        if show:
            print("\r\033[K", end="", file=sys.stderr, flush=True)
        return results

    parent = os.getpid()
    return sorted(split_work(work, todo))
