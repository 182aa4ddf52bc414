"""The pages Pagefind reads (generator/site/searchpages.py): only indexed pages, Korean ones
marked, kept between builds and updated page by page, never trusted when they may be stale."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.errors import PressroomError
from generator.site import searchpages
from generator.site.koreanquery import MARK


def page(lang: str, text: str, indexed: bool = True) -> str:
    marker = " data-pagefind-body" if indexed else ""
    return f'<html lang="{lang}"><body><main{marker}><p>{text}</p></main></body></html>'


def make_site(root: Path, pages: dict[str, str]) -> Path:
    for relative, html in pages.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(html, encoding="utf-8")
    return root


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name not in (searchpages.MANIFEST, searchpages.WORDS)}


PAGES = {
    "en/2024/01/a/index.html": page("en", "Export controls"),
    "ko/2024/01/a/index.html": page("ko", "수출통제를 강화"),
    "ko/index.html": page("ko", "최신 보도자료", indexed=False),
    "en/index.html": page("en", "Latest", indexed=False),
    "index.html": page("en", "x", indexed=False),
}


def test_only_indexed_pages_korean_marked_others_linked(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", PAGES)
    (site / "static").mkdir()
    (site / "static" / "style.css").write_text("p{}", encoding="utf-8")
    before = tree(site)
    folder = searchpages.update(site, tmp_path / "pages")
    assert sorted(tree(folder)) == ["en/2024/01/a/index.html", "ko/2024/01/a/index.html"]
    assert os.path.samefile(folder / "en/2024/01/a/index.html", site / "en/2024/01/a/index.html")
    marked = (folder / "ko/2024/01/a/index.html").read_text(encoding="utf-8")
    assert "수출^`통제^`를" in marked and marked.replace(MARK, "") == PAGES["ko/2024/01/a/index.html"]
    assert tree(site) == before, "the site's files are never touched"


def test_an_update_remakes_only_the_changed_pages_and_equals_a_fresh_folder(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {**PAGES, "ko/2024/02/b/index.html": page("ko", "반도체 수출")})
    folder = searchpages.update(site, tmp_path / "pages")
    kept = (folder / "ko/2024/02/b/index.html").stat().st_ino
    # one page edited, one gone, one new, one no longer indexed
    make_site(site, {"ko/2024/01/a/index.html": page("ko", "투자를 확대"),
                     "en/2024/03/c/index.html": page("en", "New release"),
                     "en/2024/01/a/index.html": page("en", "Withdrawn", indexed=False)})
    (site / "ko/2024/02/b/index.html").rename(site / "ko/2024/02/b/moved.html")
    (site / "ko/2024/02/b/moved.html").unlink()
    make_site(site, {"ko/2024/02/b/index.html": page("ko", "반도체 수출")})  # same bytes again
    searchpages.update(site, folder)
    assert (folder / "ko/2024/02/b/index.html").stat().st_ino == kept, "an unchanged page is not remade"
    assert sorted(tree(folder)) == ["en/2024/03/c/index.html", "ko/2024/01/a/index.html",
                                    "ko/2024/02/b/index.html"]
    assert "투자^`를" in (folder / "ko/2024/01/a/index.html").read_text(encoding="utf-8")
    fresh = searchpages.update(site, tmp_path / "fresh")
    assert tree(folder) == tree(fresh)
    # Pagefind numbers pages in the order the file system lists them: the same order as a fresh folder
    assert listing(folder) == listing(fresh)


def listing(folder: Path) -> list[str]:
    """Every file and folder in the order the file system lists them (as Pagefind finds them)."""
    found = []
    for root, dirs, files in os.walk(folder):  # os.walk keeps the order of os.scandir
        found += [os.path.relpath(os.path.join(root, name), folder) for name in dirs + files
                  if name not in (searchpages.MANIFEST, searchpages.WORDS)]
    return found


def test_the_build_digests_are_used_and_a_stale_manifest_is_not_trusted(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", PAGES)
    digests = {path: searchpages.page_digest((site / path).read_bytes()) for path in PAGES}
    folder = searchpages.update(site, tmp_path / "pages", {**digests, "static/style.css": "x"})
    reference = tree(folder)
    # A killed update left a wrong page the manifest does not name: it is remade.
    manifest = json.loads((folder / searchpages.MANIFEST).read_bytes())
    del manifest["pages"]["ko/2024/01/a/index.html"]
    (folder / searchpages.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    (folder / "ko/2024/01/a/index.html").write_text("half", encoding="utf-8")
    assert tree(searchpages.update(site, folder, digests)) == reference
    # Made by other marking code (or damaged): made afresh.
    manifest = json.loads((folder / searchpages.MANIFEST).read_bytes())
    (folder / searchpages.MANIFEST).write_text(json.dumps({**manifest, "marking": "older"}), encoding="utf-8")
    (folder / "ko/2024/01/a/index.html").write_text("old marking", encoding="utf-8")
    assert tree(searchpages.update(site, folder, digests)) == reference
    (folder / searchpages.MANIFEST).write_text("{not json", encoding="utf-8")
    (folder / "stray.html").write_text("x", encoding="utf-8")
    assert tree(searchpages.update(site, folder, digests)) == reference
    # --no-cache: nothing read, all made again
    (folder / "ko/2024/01/a/index.html").write_text("tampered", encoding="utf-8")
    assert tree(searchpages.update(site, folder, digests, trust=False)) == reference


def test_an_unwritable_folder_is_one_clear_error(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", PAGES)
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(PressroomError, match="cannot prepare the pages for search"):
        searchpages.update(site, blocker / "pages")


def test_words_marked_by_an_earlier_build_are_remembered(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", PAGES)
    folder = searchpages.update(site, tmp_path / "pages")
    words = json.loads((folder / searchpages.WORDS).read_bytes())
    assert words["수출통제를"] == "수출^`통제^`를"
    # A remembered marking is used as it is (what kiwipiepy would say of the word alone).
    (folder / searchpages.WORDS).write_text(json.dumps({**words, "강화": "강^`화"}), encoding="utf-8")
    from generator.site import koreansearch

    fresh = koreansearch.Analyser()
    fresh.remember(json.loads((folder / searchpages.WORDS).read_bytes()))
    assert fresh.marked("강화") == "강^`화"
    assert fresh._kiwi is None, "no analyser loaded for known words"
