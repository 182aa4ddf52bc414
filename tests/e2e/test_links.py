"""No broken internal link or asset in the built demo site, under a sub-path and at the root."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from generator.content.files import read_release
from generator.content.release import Release

from .links import check_links, check_sitemap
from .support import BuiltSite, build_demo

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



def test_a_release_without_translation_links_to_no_missing_page(tmp_path: Path) -> None:
    """Remove one Korean rendering: no page, feed or sitemap may still point at it."""
    removed: list[Release] = []

    def drop_one_korean_release(project: Path) -> None:
        content = project / "content"
        korean = sorted((content / "ko").rglob("*.md"))[0]
        removed.append(read_release(content, korean))
        korean.unlink()

    built = build_demo(tmp_path, "http://127.0.0.1:8000/pressroom/", edit=drop_one_korean_release)
    gone = removed[0].url_path
    assert not (built.folder / gone).exists()
    mentions = [file.relative_to(built.folder).as_posix() for file in sorted(built.folder.rglob("*"))
                if file.is_file() and file.suffix in (".html", ".xml")
                and any(form in file.read_text(encoding="utf-8") for form in (gone, quote(gone)))]
    assert not mentions, f"these files still point at the removed {gone}: {mentions}"
    problems = check_links(built.folder, built.base_url)
    assert not problems, report(problems)
