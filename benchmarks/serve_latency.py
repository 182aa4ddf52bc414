"""How long from saving a release to its new page being served by `pressroom serve`.

Not a test: it prints measurements. It makes a synthetic archive of N releases per language
(default 10,000) by copying the demo archive's releases under new dates, slugs and titles, so
every category, tag and translation pair is real; starts `pressroom serve` on it; then, several
times, rewrites one release's title and fetches that release's page until the new title is
served, then reads the search index serve updates until the new title is in it. The goals: the
page under 0.3 s, the search index at most 2 s after. The clock starts when the file is written
and closed, as an editor's save, and stops when the page with the new title has arrived (and
when the index's title blocks hold it). Each edit starts from a quiet serve: the next is saved
once the rebuild and the index after it are reported in serve's log (and 0.3 s more), so no
edit waits for the one before.

    .venv/bin/python benchmarks/serve_latency.py                 # 10,000 releases per language
    .venv/bin/python benchmarks/serve_latency.py --releases 1000 --edits 5
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.content.files import iter_release_files, read_release  # noqa: E402
from generator.content.frontmatter import format_release  # noqa: E402
from generator.content.release import Release  # noqa: E402

GOAL_SECONDS = 0.3
SEARCH_GOAL_SECONDS = 2.0  # after the page


def make_archive(project: Path, per_language: int) -> list[Release]:
    """The demo archive's releases, copied under new days and slugs until each language has
    `per_language`; a copy keeps its original's category, tags and translation pair."""
    marker = project / f"archive-{per_language}.done"
    content = project / "content"
    if marker.is_file():
        return [read_release(content, f) for f in iter_release_files(content)]
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    shutil.copy(REPO / "pyproject.toml", project / "pyproject.toml")
    for folder in ("themes", "templates"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, project / folder)
    content.mkdir()
    for extra in (REPO / "content").iterdir():
        if extra.is_file():  # the vocabulary
            shutil.copy(extra, content / extra.name)
    # a copy is one file: a release with a page bundle (its folder's index.md beside its files)
    # would refer to files that do not follow it, and the build would refuse it
    originals = [read_release(REPO / "content", f) for f in iter_release_files(REPO / "content")
                 if f.name != "index.md"]
    english = [r for r in originals if r.lang == "en"]
    korean = {r.translation_key: r for r in originals if r.lang == "ko"}
    made: list[Release] = []
    day = dt.date(2010, 1, 1)
    for number in range(per_language):
        original = english[number % len(english)]
        copy = {"date": day + dt.timedelta(days=number // 4),
                "slug": f"{original.slug[:60].rstrip('-')}-{number}",
                "translation_key": f"synth-{number}", "title": f"{original.title} ({number})"}
        made.append(replace(original, **copy))
        partner = korean.get(original.translation_key)
        if partner is not None:
            made.append(replace(partner, **{**copy, "title": f"{partner.title} ({number})",
                                            "slug": copy["slug"] if partner.slug == original.slug
                                            else f"{partner.slug[:60].rstrip('-')}-{number}"}))
    for release in made:
        path = content / release.lang / f"{release.date:%Y/%m}" / f"{release.slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(format_release(release), encoding="utf-8")
    releases = [read_release(content, f) for f in iter_release_files(content)]
    marker.touch()
    return releases


def rebuild_seconds(server: subprocess.Popen[bytes], log: Path, since: int, release: str) -> float:
    """Wait until serve is quiet again after the save of `release` (a path under content/): its
    rebuild is reported (`content/…md: build: … (0.12 s in all)`, in the log after byte `since`)
    and then the search index is (`search index updated`), so that the next edit meets neither;
    the rebuild's wall time. The index may be updated ahead of the rebuild, from the page written
    ahead: the rebuild, not the index, is then what a next edit would wait for."""
    built = re.compile(rf"content/{re.escape(release)}: build: .*\(([0-9.]+) s in all\)")
    started = time.monotonic()
    while True:
        give_up_if_failed(server, log, time.monotonic() - started, 600)
        with log.open("rb") as handle:
            handle.seek(since)
            text = handle.read().decode("utf-8", errors="replace")
        found = built.search(text)
        if found and "search index updated" in text[found.end():]:
            return float(found[1])
        time.sleep(0.05)


def indexed(site: Path, lang: str, title: str, since_ns: int) -> bool:
    """Whether the search index serve keeps in `site` lists a page with `title` (its title
    blocks, docs/*.json: generator/site/searchindex.py). Only blocks written since `since_ns`
    (wall clock) are read: a new title is in no older one, and reading all 600 blocks of a
    10,000-release language on every poll kept a core busy that the rebuild under test needs."""
    needle = json.dumps(title, ensure_ascii=False)
    for block in (site / "search-index" / lang / "docs").glob("*.json"):
        try:
            if block.stat().st_mtime_ns >= since_ns and needle in block.read_text(encoding="utf-8"):
                return True
        except OSError:
            continue  # replaced while read
    return False


def give_up_if_failed(server: subprocess.Popen[bytes], log: Path, waited: float, limit: float) -> None:
    """End the benchmark with serve's own words when serve stopped, a build failed (serve goes
    on serving the last good site, so the wait would never end) or `limit` seconds passed."""
    text = log.read_text(encoding="utf-8", errors="replace")
    if server.poll() is not None:
        sys.exit(f"pressroom serve exited:\n{text}")
    if "build failed" in text:
        sys.exit(f"a build in pressroom serve failed:\n{text[-4000:]}")
    if waited > limit:
        sys.exit(f"gave up after {limit:.0f} s; pressroom serve's log:\n{text[-4000:]}")


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read().decode()


@dataclass(frozen=True)
class Latency:
    """Seconds per counted edit (the first, which warms caches, is left out): save → new page
    served, the incremental build's share of it, and the search index's update after the page."""

    page: list[float]
    build: list[float]
    search: list[float]
    releases: int  # per language

    def met(self) -> bool:
        """The goals, by the worst edit: the page under 0.3 s, the index at most 2 s after."""
        return max(self.page) < GOAL_SECONDS and max(self.search) <= SEARCH_GOAL_SECONDS

    def summary(self) -> str:
        ms = [f"{statistics.median(xs) * 1000:,.0f} ms, worst {max(xs) * 1000:,.0f} ms"
              for xs in (self.page, self.search, self.build)]
        return (f"page served: median {ms[0]}; search updated after it: median {ms[1]}; the rest of "
                f"the site rebuilt: median {ms[2]} ({len(self.page)} edits)")


def start_serve(project: Path, config: Path | None) -> tuple[subprocess.Popen[bytes], str, Path]:
    """`pressroom serve` on a free port of 127.0.0.1, its log in the project; (process, base URL,
    log)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = project / "serve.log"
    # stopped with Ctrl-C (SIGINT) as a person stops it; a benchmark started in the background
    # (nohup, `make bench &`) inherits SIGINT ignored, which a handler here does not pass on
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    with log.open("wb") as handle:
        command = [sys.executable, "-m", "generator.cli", *(["--config", str(config)] if config else []),
                   "serve", "--port", str(port)]
        server = subprocess.Popen(command, cwd=project, stdout=handle, stderr=subprocess.STDOUT)
    return server, f"http://127.0.0.1:{port}/", log


def measure(project: Path, releases: list[Release], edits: int, config: Path | None = None) -> Latency:
    """Start serve on `project` (built or not), edit `edits` + 1 English releases' titles one by
    one (the newest, the oldest, then spread), timing each; serve is stopped with Ctrl-C after."""
    server, base, log = start_serve(project, config)
    site = project / "site"
    try:
        started = time.monotonic()
        while True:
            give_up_if_failed(server, log, time.monotonic() - started, 3600)
            try:
                fetch(base)
                break
            except OSError:
                time.sleep(0.2)
        print(f"first build and start: {time.monotonic() - started:.1f} s", flush=True)
        english = sorted((r for r in releases if r.lang == "en"), key=lambda r: (r.date, r.slug))
        # Newest (on the home page and every list's first page), oldest, and in between.
        spread = [english[((i + 1) * 7919) % len(english)] for i in range(edits)]
        picks = [english[-1], english[0], *spread]
        latencies, builds, searches = [], [], []
        for number, release in enumerate(picks[: edits + 1]):
            path = project / "content" / release.path
            title = f"Latency probe {number} {time.time_ns()}"
            text = re.sub(r"(?m)^title:.*$", f"title: {title}", path.read_text(encoding="utf-8"), count=1)
            # a second of slack: file times may be stamped from a coarser clock than time_ns
            saved, saved_ns = time.monotonic(), time.time_ns() - 1_000_000_000
            since = log.stat().st_size
            path.write_text(text, encoding="utf-8")
            while title not in fetch(base + release.url_path):
                give_up_if_failed(server, log, time.monotonic() - saved, 600)
                time.sleep(0.002)
            seconds = time.monotonic() - saved
            while not indexed(site, release.lang, title, saved_ns):
                if time.monotonic() - saved > 120:
                    sys.exit(f"the search index did not get {title!r} within 120 s")
                time.sleep(0.01)
            search = time.monotonic() - saved - seconds
            build = rebuild_seconds(server, log, since, release.path)
            if number:  # the first edit warms caches up and is not counted
                latencies.append(seconds)
                builds.append(build)
                searches.append(search)
            print(f"  edit {number}: {release.path} served after {seconds * 1000:.0f} ms, "
                  f"the rebuild took {build * 1000:.0f} ms; in the search index "
                  f"{search * 1000:.0f} ms after" + (" (warm-up)" if not number else ""), flush=True)
            time.sleep(0.3)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=120)
    return Latency(latencies, builds, searches, sum(1 for r in releases if r.lang == "en"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=10_000, help="releases per language")
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--work", type=Path, default=REPO / "benchmarks" / "work" / "serve-latency",
                        help="the project folder serve runs on; unless it already holds an archive of "
                             "this size, it is DELETED and made afresh (give a folder of its own)")
    options = parser.parse_args()

    started = time.monotonic()
    releases = make_archive(options.work, options.releases)
    counts = {lang: sum(1 for r in releases if r.lang == lang) for lang in ("en", "ko")}
    print(f"archive: {counts['en']} English and {counts['ko']} Korean releases in {options.work} "
          f"({time.monotonic() - started:.1f} s to make)")
    latency = measure(options.work, releases, options.edits)
    median, worst = statistics.median(latency.page), max(latency.page)
    print(f"save → new page served, {options.releases} releases per language, {len(latency.page)} edits: "
          f"median {median * 1000:.0f} ms, worst {worst * 1000:.0f} ms "
          f"(goal < {GOAL_SECONDS * 1000:.0f} ms: {'met' if worst < GOAL_SECONDS else 'NOT met'})")
    searches = latency.search
    print(f"search index updated after the page, median {statistics.median(searches) * 1000:.0f} ms, worst "
          f"{max(searches) * 1000:.0f} ms (goal ≤ 2,000 ms: {'met' if max(searches) <= 2 else 'NOT met'})")
    print(f"the rebuild of the rest of the site, which the saved release's page comes ahead of: median "
          f"{statistics.median(latency.build) * 1000:.0f} ms (and before either, the 100 ms debounce that "
          "folds a burst of saves into one rebuild)")


if __name__ == "__main__":
    main()
