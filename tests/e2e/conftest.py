"""Fixtures for the end-to-end tests: the demo archive built and served as GitHub Pages would.

Each site gets its own server, so a link that escapes the base path finds nothing, as it would
on Pages. Sites are built once per session; the browser is launched once per test module and each
test reads in a fresh context.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .pages_server import PagesServer
from .support import ARTIFACTS, AXE_SCRIPT, CHROMIUM, BuiltSite, build_demo, require_axe, require_chromium

# Small enough that the demo archive's tags run to a second page.
PAGED_PAGE_SIZE = 2


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[BuiltSite, PagesServer]]:
    """The demo archive built for, and served at, http://127.0.0.1:<port>/pressroom/."""
    folder = tmp_path_factory.mktemp("subpath")
    with PagesServer(folder / "site", "/pressroom/") as server:
        yield build_demo(folder, server.base_url), server


@pytest.fixture(scope="session")
def site(served_site: tuple[BuiltSite, PagesServer]) -> BuiltSite:
    return served_site[0]


@pytest.fixture(scope="session")
def root_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """The demo archive built for, and served at, the root of a host (a user site, a custom domain)."""
    folder = tmp_path_factory.mktemp("root")
    with PagesServer(folder / "site", "/") as server:
        yield build_demo(folder, server.base_url)


@pytest.fixture(scope="session")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """The demo archive with page_size 2, served under /pressroom/, for pagination."""
    folder = tmp_path_factory.mktemp("paged")
    with PagesServer(folder / "site", "/pressroom/") as server:
        yield build_demo(folder, server.base_url, page_size=PAGED_PAGE_SIZE)


# Module scope, not session: a running Playwright holds an asyncio loop in this thread, and other
# test modules call asyncio.run(), which refuses to start while one is running.
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    from .browser import CHROMIUM_ARGS

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def open_reader(browser: object) -> Iterator:
    """Opens watched tabs: `open_reader(site, width=1280, color_scheme="light")` → Reader."""
    from .browser import Reader

    contexts = []

    def make(site: BuiltSite, width: int = 1280, color_scheme: str = "light") -> Reader:
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=color_scheme,
                                      device_scale_factor=1, java_script_enabled=True)
        contexts.append(context)
        parts = urlsplit(site.base_url)
        return Reader(context, f"{parts.scheme}://{parts.netloc}")

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def axe_script() -> Path:
    require_axe()
    return AXE_SCRIPT


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
