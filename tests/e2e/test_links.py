"""No broken internal link or asset in the built demo site, under a sub-path and at the root."""

from __future__ import annotations

import pytest

from .links import check_links, check_sitemap
from .support import BuiltSite

pytestmark = pytest.mark.e2e


def report(problems: list) -> str:
    return f"{len(problems)} problem(s):\n" + "\n".join(str(p) for p in problems[:60])


@pytest.mark.parametrize("which", ["site", "root_site"])
def test_every_link_and_asset_lands(which: str, request: pytest.FixtureRequest) -> None:
    built: BuiltSite = request.getfixturevalue(which)
    assert len(built.html_files()) > 10, "the demo site should have more than a handful of pages"
    problems = check_links(built.folder, built.base_url)
    assert not problems, report(problems)


@pytest.mark.parametrize("which", ["site", "root_site"])
def test_sitemap_lists_existing_pages_by_absolute_url(which: str, request: pytest.FixtureRequest) -> None:
    built: BuiltSite = request.getfixturevalue(which)
    problems = check_sitemap(built.folder, built.base_url)
    assert not problems, report(problems)


def test_github_pages_files_exist(site: BuiltSite) -> None:
    for name in ("index.html", "404.html", ".nojekyll", "robots.txt", "sitemap.xml"):
        assert (site.folder / name).is_file(), f"the site has no {name}"
    for lang in site.settings.languages:
        assert (site.folder / lang / "index.html").is_file(), f"no /{lang}/ home page"
        assert (site.folder / lang / "feed.xml").is_file(), f"no /{lang}/feed.xml"

