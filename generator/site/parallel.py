"""The heavy loops of a build — reading releases, Markdown conversion, related lists and page
rendering — spread over the cores by generator.workers (forked children inherit the model, so
nothing big is pickled on the way in; only small results come back). Small builds stay in one
process: forking costs more than it saves there, and one process keeps error reports simple.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from generator import progress as reporting
from generator.content.bodies import BodyConverter
from generator.content.markup import mode_of
from generator.incremental.bodystore import BodyStore
from generator.site.outfiles import OutputFile, file_digest, source_markdown
from generator.site.output import Output
from generator.site.render import Renderer
from generator.workers import map_chunks

PARALLEL_THRESHOLD = 400  # items below which one process is faster
STORE_BATCH = 200  # bodies per transaction: short, so that the converters' writes take turns
EXPORT_ROWS_PER_PAGE = 10  # a data export's rows, as pages' rendering time (_weight)
Item = TypeVar("Item")
Result = tuple[str, str, str, int, bool]  # path, signature, output hash, size, written


def split_work(work: Callable[[Sequence[Item]], list[Any]], items: Sequence[Item],
               worth_it: bool | None = None) -> list[Any]:
    """work(items), over the cores (generator.workers) when that pays (by default: for many
    items). Results keep no particular order; bad input a worker finds is raised here as it is."""
    if worth_it is None:
        worth_it = len(items) >= PARALLEL_THRESHOLD
    return map_chunks(lambda _shared, chunk: work(chunk), None, items, parallel=worth_it)


def convert_bodies(todo: dict[str, str], content: Path, store: Path, read: bool,
                   images: Mapping[str, tuple[tuple[str, int, int], ...]] | None = None) -> int:
    """Markdown → HTML for the bodies the body cache lacks, each stored as soon as it is made
    (generator.incremental.bodystore): `todo` maps a body key to a release file holding that
    body (relative to `content`), whose Markdown is read again here; `images`: by body key, the
    sizes of its page bundle's images (generator.site.gather.image_sizes). Nothing big comes
    back to this process: how many were stored."""
    images = images or {}

    def work(items: Sequence[tuple[str, str]]) -> list[int]:
        bodies = BodyStore(store, read=read)  # this process's own connection
        convert = BodyConverter()
        try:
            for start in range(0, len(items), STORE_BATCH):
                bodies.put_many([(key, convert(source_markdown(content, path, key), mode_of(key)[0],
                                               {name: (w, h) for name, w, h in images.get(key, ())}))
                                 for key, path in items[start:start + STORE_BATCH]])
        finally:
            bodies.close()
        return [len(items)]

    return sum(split_work(work, sorted(todo.items())))  # sorted: the same split every time


def render_pages(renderer: Renderer, todo: list[tuple[OutputFile, str]],
                 output: Output, previous: dict[str, tuple[str, str, int]], trusted_state: bool,
                 progress: bool, sign: bool = False) -> list[Result]:
    """Render each page; stage it when its bytes differ from what the output already holds.
    Each page comes with its signature, or with `sign`, with the fingerprint to sign it with."""
    total = len(todo)
    before = _Before(output, previous, trusted_state)

    def work(items: Sequence[tuple[OutputFile, str]]) -> list[Result]:
        results = []
        # the parent's chunk stands for all: workers never draw (generator.progress)
        step = reporting.share(len(items), total) if progress else 0.0
        for planned, signature in items:
            page = planned.made()  # a release page's model lives only while it is rendered
            if sign:
                signature = page.signature(signature)
            if page.kind == "export" and page.data.kind == "jsonl":
                digest, size, written = _stream(page, before)
            else:
                data = renderer.render(page)
                digest, size = file_digest(data), len(data)
                written = not before.holds(page.path, digest, data)
                if written:
                    output.stage_file(page.path, data)
            results.append((page.path, signature, digest, size, written))
            if step:
                reporting.advance(step)
        return results

    reporting.phase("build: render pages", total)
    return sorted(split_work(work, _spread(todo), sum(map(_weight, todo)) >= PARALLEL_THRESHOLD))


class _Before:
    """What the output folder holds already, to tell whether a rendered file changed."""

    def __init__(self, output: Output, previous: dict[str, tuple[str, str, int]], trusted: bool) -> None:
        self.output = output
        self.previous = previous  # the last build's records: trusted to describe the output
        self.trusted = trusted

    def holds(self, path: str, digest: str, data: bytes | None = None) -> bool:
        """Whether the output holds this file (`data`, or where it was never whole, its digest)."""
        output = self.output
        if self.trusted:
            return self.previous.get(path, ("", ""))[1] == digest and output.exists(path)
        if output.fresh:
            return False
        return output.existing(path) == data if data is not None else output.existing_digest(path) == digest


def _stream(page: OutputFile, before: _Before) -> tuple[str, int, bool]:
    """The dataset's JSONL, staged line by line as it is made (never whole: 700 MB at 100,000
    releases per language) and taken back if the output holds it already: its digest, size, and
    whether it is staged."""
    digest, size = before.output.stage_pieces(page.path, page.data.lines_of_jsonl())
    page.data.written(digest)  # the JSONL's line cache is filed under it
    if before.holds(page.path, digest):
        before.output.unstage(page.path)
        return digest, size, False
    return digest, size, True


def _weight(item: tuple[OutputFile, str]) -> int:
    """About how many pages' time an output file takes: a data export's rows weigh a page per
    EXPORT_ROWS_PER_PAGE (an edit at 10,000 releases per language makes 20,000 rows twice: most
    of its rendering time, worth the other core even with few pages to render)."""
    page = item[0]
    return max(1, len(page.data.rows) // EXPORT_ROWS_PER_PAGE) if page.kind == "export" else 1


def _spread(todo: list[tuple[OutputFile, str]]) -> list[tuple[OutputFile, str]]:
    """The pages with the heavy ones at both ends, so that contiguous chunks (generator.workers)
    never give two of them to one core."""
    heavy = sorted((item for item in todo if _weight(item) > 1), key=_weight, reverse=True)
    if not heavy:
        return todo
    light = [item for item in todo if _weight(item) == 1]
    return heavy[0::2] + light + heavy[1::2][::-1]
