"""A release whose date changed: on a copy of the demo archive, built, edited and built again as
an editor would, served as GitHub Pages serves a project site (/pressroom/), the old URL leads
the reader in Chromium to the release's new page — with JavaScript off too — and the redirect
page passes the Nu HTML Checker."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.config import load_settings
from generator.content.redirectfile import REDIRECTS_FILE, read_redirects
from generator.site.build import build_site

from .pages_server import PagesServer
from .support import require_java, scratch_project, validate_html

pytestmark = pytest.mark.e2e

RELEASE = "content/en/2024/04/minister-ahn-visits-kai.md"
OLD = "en/2024/04/minister-ahn-visits-kai/"
NEW = "en/2024/05/minister-ahn-visits-kai/"


@dataclass(frozen=True)
class MovedSite:
    folder: Path
    base_url: str
    content: Path


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MovedSite]:
    folder = tmp_path_factory.mktemp("moved")
    with PagesServer(folder / "site", "/pressroom/") as server:
        project = scratch_project(folder / "project")
        settings = load_settings(project / "pyproject.toml").with_base_url(server.base_url)
        build_site(settings, folder / "site", search=False)
        release = project / RELEASE
        text = release.read_text(encoding="utf-8")
        release.write_text(text.replace("date: 2024-04-19", "date: 2024-05-03"), encoding="utf-8")
        (project / "content/en/2024/05").mkdir(parents=True, exist_ok=True)
        release.rename(project / "content/en/2024/05/minister-ahn-visits-kai.md")
        build_site(settings, folder / "site", search=False)
        yield MovedSite(folder / "site", server.base_url, settings.content_path)


def test_a_date_change_followed_by_a_build_leaves_the_old_url_redirecting(
        moved_site: MovedSite, browser: object) -> None:
    assert OLD in read_redirects(moved_site.content), f"the move is recorded in content/{REDIRECTS_FILE}"
    for javascript in (True, False):
        context = browser.new_context(java_script_enabled=javascript)
        errors: list[str] = []  # any request that fails (a favicon outside the base path …) shows here
        try:
            page = context.new_page()
            page.on("console", lambda message, seen=errors: seen.append(message.text)
                    if message.type == "error" else None)
            page.on("response", lambda response, seen=errors: seen.append(response.url)
                    if response.status >= 400 else None)
            page.goto(moved_site.base_url + OLD)
            page.wait_for_url(moved_site.base_url + NEW, timeout=10_000)
            assert page.locator("h1").first.inner_text().strip() == "Minister Ahn visits KAI"
            assert errors == []
        finally:
            context.close()


def test_the_redirect_page_passes_the_nu_html_checker(moved_site: MovedSite) -> None:
    require_java()
    status, output = validate_html(moved_site.folder / OLD)  # the redirect page alone: one quick run
    assert status == 0, f"the Nu HTML Checker found errors:\n{output[-4000:]}"
