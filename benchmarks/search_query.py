"""A search query as a reader meets it: time to results and bytes fetched, in Chromium.

Opens `{lang}/search/?q=<query>` of a built site served on a local HTTP server, in a fresh browser
context each time (empty cache: a first visit, the costly case), and records:
- the time from navigation start until the first `.pressroom-search__result` is in the page, by
  the page's own clock (a MutationObserver installed before any script runs notes
  `performance.now()`), so Playwright's round trips are not counted;
- the bytes fetched, from the Performance API (`encodedBodySize` of the navigation and every
  resource: the server compresses nothing, so these are the bytes on the wire less headers):
  all of them once the page is quiet (the result pages the client fetches for excerpts
  included; failed fetches, such as Chromium's own /favicon.ico, left out), and of those the
  search index's (`search-index/`).
Debian's Chromium (/usr/bin/chromium) through Playwright's `executable_path`; no browser is ever
downloaded. Without it (or without Playwright) nothing is measured and the report says so.

    .venv/bin/python benchmarks/search_query.py SITE_DIR [--reps 3]
"""

from __future__ import annotations

import argparse
import functools
import statistics
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
# Two words each, both frequent in the synthetic archive (benchmarks/synth.py titles and bodies):
# many postings to fetch and intersect, the harder case.
QUERIES = (("en", "semiconductor exports"), ("ko", "반도체 수출"))
RESULT = ".pressroom-search__result"
TIMEOUT_MS = 30_000
# Notes when the first result appears, by the page's clock, before the page's scripts run.
OBSERVER_JS = """
new MutationObserver((changes, observer) => {
  if (document.querySelector('RESULT')) { window.__firstResult = performance.now(); observer.disconnect(); }
}).observe(document, {childList: true, subtree: true});
""".replace("RESULT", RESULT)
# Failed fetches left out: Chromium asks for /favicon.ico by itself, and a local server's 404
# page is no part of what the site makes a reader fetch.
BYTES_JS = """() => performance.getEntriesByType('navigation')
  .concat(performance.getEntriesByType('resource'))
  .filter(e => !(e.responseStatus >= 400)).map(e => [e.name, e.encodedBodySize])"""


@dataclass(frozen=True)
class Query:
    """The medians over the runs of one query."""

    lang: str
    text: str
    runs: int
    milliseconds: float  # navigation start → first result
    total_bytes: int  # everything fetched once the page is quiet
    index_bytes: int  # of which search-index/
    results: int  # results shown (first batch)


class QueryFailed(Exception):
    """A query showed no result in time: a search that finds nothing is a failure, never a figure."""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """The site at http://127.0.0.1:<free port>/ from a background thread (the theme's links are
    relative, so any port serves it)."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def unavailable() -> str | None:
    """Why the query cannot be measured here, or None."""
    if not CHROMIUM.is_file():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[test]')"
    return None


def _one(browser: object, url: str) -> tuple[float, int, int, int]:
    """(ms to first result, bytes in all, search-index bytes, results) of one cold visit."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(OBSERVER_JS)
        page.goto(url)
        page.wait_for_function("window.__firstResult !== undefined", timeout=TIMEOUT_MS)
        page.wait_for_load_state("networkidle")
        milliseconds = page.evaluate("window.__firstResult")
        entries = page.evaluate(BYTES_JS)
        results = page.locator(RESULT).count()
    finally:
        context.close()
    index = sum(size for name, size in entries if "/search-index/" in name)
    return milliseconds, sum(size for _name, size in entries), index, results


def measure(site: Path, reps: int = 3, queries: tuple[tuple[str, str], ...] = QUERIES) -> list[Query]:
    """Each query `reps` times, cold; raises QueryFailed if a query shows no result in time."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    found = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            for lang, text in queries:
                url = f"{base}{lang}/search/?q={text.replace(' ', '+')}"
                try:
                    runs = [_one(browser, url) for _ in range(reps)]
                except PlaywrightTimeout as error:
                    raise QueryFailed(f"search query {text!r} showed no result within "
                                      f"{TIMEOUT_MS / 1000:.0f} s at {url}") from error
                found.append(Query(lang, text, reps, statistics.median(r[0] for r in runs),
                                   round(statistics.median(r[1] for r in runs)),
                                   round(statistics.median(r[2] for r in runs)), runs[0][3]))
        finally:
            browser.close()
    return found


def markdown(n: int | None, queries: list[Query] | None, why_not: str | None) -> list[str]:
    """The query table; "not measured" with the reason when there are no figures."""
    head = ["Search query in Chromium (cold: a fresh browser context per run; time from navigation "
            "start to the first result by the page's clock; bytes = `encodedBodySize` of every "
            "response once the page is quiet, excerpts' page fetches included; KB = 1,000 bytes):", ""]
    if not queries:
        failed = (why_not or "").startswith("FAILED")
        return [*head, f"- **{why_not}**" if failed else f"- not measured: {why_not or 'not run'}", ""]
    lines = ["| N | language | query | runs | ms to first result (median) | KB fetched, all | "
             "KB of search-index | results shown |", "|---:|---|---|---:|---:|---:|---:|---:|"]
    for q in queries:
        lines.append(f"| {n:,} | {q.lang} | {q.text} | {q.runs} | {q.milliseconds:.0f} | "
                     f"{q.total_bytes / 1000:.1f} | {q.index_bytes / 1000:.1f} | {q.results} |")
    return [*head, *lines, ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    why_not = unavailable()
    try:
        queries = None if why_not else measure(args.site, args.reps)
    except QueryFailed as error:
        raise SystemExit(f"FAILED: {error}") from None
    print("\n".join(markdown(0, queries, why_not)))


if __name__ == "__main__":
    main()
