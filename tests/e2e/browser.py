"""A reader in headless Chromium: opens pages, follows links, and notes everything that went wrong.

Every page visited must load without a console error, an uncaught exception, a failed request, a
response of 400 or more (except the 404 a test asks for on purpose) or a request to another host
(the site promises none). Links are found the way a reader finds them: by where they lead, their
hreflang/lang and their visible text, never by one theme's class names.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request, Response, Route

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SERIOUS = ("serious", "critical")
# Every anchor as a reader meets it; `index` lets a test click exactly that one.
ANCHORS_JS = """(scope) => {
  const root = scope ? document.querySelector(scope) : document;
  const all = Array.from(document.querySelectorAll('a[href]'));
  return Array.from((root || document).querySelectorAll('a[href]')).map(a => ({
    index: all.indexOf(a), href: a.href, hreflang: a.hreflang || '', lang: a.lang || '',
    rel: a.rel || '', text: (a.innerText || a.textContent || '').trim(),
    visible: !!(a.offsetWidth || a.offsetHeight || a.getClientRects().length)}));
}"""


@dataclass(frozen=True)
class Anchor:
    index: int
    href: str
    hreflang: str
    lang: str
    rel: str
    text: str
    visible: bool


class Reader:
    """One browser tab, watched. `problems` lists everything that went wrong so far."""

    def __init__(self, context: BrowserContext, own_origin: str) -> None:
        self.context = context
        self.own_origin = own_origin
        self.problems: list[str] = []
        self.expected_errors: set[str] = set()
        self.visited: list[str] = []
        context.route("**/*", self._only_own_host)
        self.page: Page = context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"{self.page.url}: uncaught {error}"))
        self.page.on("requestfailed", self._failed)
        self.page.on("response", self._response)

    def _only_own_host(self, route: Route) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme in ("data", "blob") or f"{parts.scheme}://{parts.netloc}" == self.own_origin:
            route.continue_()
        else:
            self.problems.append(f"{self.page.url}: request to another host: {route.request.url}")
            route.abort()

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        source = message.location.get("url")
        if message.text.startswith("Failed to load resource") and source in self.expected_errors:
            return
        self.problems.append(f"{self.page.url}: console error: {message.text} ({source})")

    def _failed(self, request: Request) -> None:
        self.problems.append(f"{self.page.url}: request failed: {request.url}: {request.failure}")

    def _response(self, response: Response) -> None:
        if response.status >= 400 and response.url not in self.expected_errors:
            self.problems.append(f"{self.page.url}: HTTP {response.status} for {response.url}")

    def open(self, url: str, status: int = 200) -> Response:
        """Go to a URL typed in the address bar; `status` other than 200 is expected, not a problem."""
        if status >= 400:
            self.expected_errors.add(url)
        response = self.page.goto(url, wait_until="load")
        assert response is not None, f"no response for {url}"
        assert response.status == status, f"{url}: HTTP {response.status}, expected {status}"
        self.visited.append(self.page.url)
        return response

    def anchors(self, scope: str | None = None) -> list[Anchor]:
        return [Anchor(**a) for a in self.page.evaluate(ANCHORS_JS, scope)]

    def follow(self, anchor: Anchor) -> None:
        """Click a link as a reader would, and wait for the page it leads to."""
        link = self.page.locator("a[href]").nth(anchor.index)
        link.scroll_into_view_if_needed()
        with self.page.expect_navigation(wait_until="load"):
            link.click()
        self.visited.append(self.page.url)
        assert self.page.url.split("#")[0] == anchor.href.split("#")[0], (
            f"clicked {anchor.text!r} for {anchor.href} but landed on {self.page.url}")

    def find(self, pattern: str, *, hreflang: str | None = None, scope: str | None = None,
             what: str = "a link") -> Anchor:
        """The first visible link whose URL matches `pattern` (and has that hreflang or lang)."""
        for anchor in self.anchors(scope):
            if not anchor.visible or not re.fullmatch(pattern, anchor.href.split("#")[0]):
                continue
            if hreflang and hreflang not in (anchor.hreflang, anchor.lang):
                continue
            return anchor
        raise AssertionError(f"{self.page.url}: found no {what} (URL like {pattern}"
                             + (f", hreflang/lang {hreflang}" if hreflang else "") + ")")

    def html_lang(self) -> str:
        return self.page.evaluate("document.documentElement.lang")

    def head_links(self, rel: str) -> list[dict[str, str]]:
        return self.page.evaluate(
            """(rel) => Array.from(document.querySelectorAll('link'))
                 .filter(l => l.relList.contains(rel))
                 .map(l => ({href: l.href, hreflang: l.hreflang || '', type: l.type || ''}))
            """,
            rel)

    def assert_clean(self) -> None:
        assert not self.problems, "problems while reading:\n" + "\n".join(self.problems)

    def screenshot(self, folder: Path, name: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


def run_axe(page: Page, axe_script: Path) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A/AA (and best-practice) violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script))
    return page.evaluate("""() => axe.run(document, {resultTypes: ['violations']})
        .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => ({target: n.target, summary: n.failureSummary}))})))""")


def serious(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [v for v in violations if v.get("impact") in SERIOUS]


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(f"- [{v['impact']}] {v['id']}: {v['help']}\n    "
                     + "\n    ".join(json.dumps(n, ensure_ascii=False) for n in v["nodes"])
                     for v in violations)
