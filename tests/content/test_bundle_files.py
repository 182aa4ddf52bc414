"""Page bundles as content: the lister, the path rules, references checked against the folder,
image sizes read with Pillow, and the stamp that tells a build the bundle changed."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from generator.content.bundles import bundle_stamp, is_bundle, with_bundle
from generator.content.files import read_release, release_files
from generator.content.markup import MarkdownRenderer, local_file
from generator.content.release import same_place, single_path, slug_of_path
from generator.errors import ContentError

FRONT = """---
title: Photo release
date: 2024-04-18
lang: en
category: trade
tags: []
slug: photo-release
translation_key: photo-release
summary: A release with a photo.
---

"""
FOLDER = "en/2024/04/photo-release/"


def png(width: int, height: int) -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (width, height), (10, 20, 30)).save(data, format="PNG")
    return data.getvalue()


def make_bundle(content: Path, body: str, files: dict[str, bytes]) -> Path:
    folder = content / FOLDER
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(FRONT + body, encoding="utf-8")
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder / "index.md"


def load(content: Path, path: str = FOLDER + "index.md"):
    return with_bundle(str(content) + os.sep, read_release(content, content / path))


def test_the_lister_lists_a_bundle_as_its_index_and_not_its_files(tmp_path: Path) -> None:
    make_bundle(tmp_path, "Text.\n", {"photo.png": png(4, 3), "notes/annex.md.txt": b"x"})
    (tmp_path / "en/2024/04/single.md").write_text(FRONT, encoding="utf-8")
    assert release_files(tmp_path) == ["en/2024/04/photo-release/index.md", "en/2024/04/single.md"]
    assert is_bundle("en/2024/04/photo-release/index.md") and not is_bundle("en/2024/04/index.md")


def test_path_rules_know_both_forms() -> None:
    assert single_path("ko/2024/04/a-b/index.md") == "ko/2024/04/a-b.md"
    assert single_path("ko/2024/04/a-b.md") == "ko/2024/04/a-b.md"
    assert slug_of_path("ko/2024/04/a-b/index.md") == "a-b" == slug_of_path("ko/2024/04/a-b.md")
    assert same_place("ko/2024/04/a-b/index.md", "ko/2024/04/a-b.md")
    assert not same_place("ko/2024/04/a-b/index.md", "ko/2024/04/a-c.md")


def test_local_targets() -> None:
    assert local_file("photo.jpg") == "photo.jpg"
    assert local_file("./files/report%20v2.pdf#page=2") == "files/report v2.pdf"
    for outside in ("https://example.org/a.jpg", "/en/", "#top", "../other/", "mailto:a@b.c", "sub/",
                    "../x.pdf"):
        assert local_file(outside) is None, outside


def test_images_get_their_size_and_lazy_loading_and_files_are_shown_or_attached(tmp_path: Path) -> None:
    body = "Text.\n\n![A chart](chart.png)\n\nSee [the data](data/figures.csv).\n"
    make_bundle(tmp_path, body, {"chart.png": png(64, 40), "data/figures.csv": b"a,b\n",
                                 "report.pdf": b"%PDF-1.4\n", ".DS_Store": b"junk"})
    release = load(tmp_path)
    bundle = release.bundle
    assert bundle is not None and bundle.image == "chart.png" and bundle.alt == "A chart"
    by_name = {f.name: f for f in bundle.files}
    assert sorted(by_name) == ["chart.png", "data/figures.csv", "report.pdf"]  # dotfiles are not published
    assert (by_name["chart.png"].width, by_name["chart.png"].height) == (64, 40)
    assert by_name["chart.png"].shown and by_name["data/figures.csv"].shown
    assert not by_name["report.pdf"].shown
    assert by_name["report.pdf"].size == 9
    html = MarkdownRenderer()(release.body, {"chart.png": (64, 40)})
    assert '<img alt="A chart" height="40" loading="lazy" src="chart.png" width="64">' in html


def test_a_missing_file_is_an_error_at_its_line(tmp_path: Path) -> None:
    make_bundle(tmp_path, "First.\n\nSecond [annex](annex.pdf).\n", {})
    with pytest.raises(ContentError) as error:
        load(tmp_path)
    assert str(error.value).startswith(f"{FOLDER}index.md:14: 'annex.pdf' is not a file of this bundle")


def test_a_missing_image_is_an_error_at_its_line(tmp_path: Path) -> None:
    make_bundle(tmp_path, "![Photo](photo.jpg)\n", {"other.jpg": png(2, 2)})
    with pytest.raises(ContentError, match=r"index\.md:12: 'photo\.jpg' is not a file of this bundle"):
        load(tmp_path)


def test_an_image_that_is_no_image_is_an_error(tmp_path: Path) -> None:
    make_bundle(tmp_path, "![Photo](photo.jpg)\n", {"photo.jpg": b"not a jpeg"})
    with pytest.raises(ContentError, match=r"index\.md:12: 'photo\.jpg' is shown as an image but is no"):
        load(tmp_path)


def test_a_single_file_release_has_no_local_files(tmp_path: Path) -> None:
    (tmp_path / "en/2024/04").mkdir(parents=True)
    (tmp_path / "en/2024/04/photo-release.md").write_text(FRONT + "![x](photo.png)\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"photo-release\.md:12: 'photo\.png' is not published"):
        load(tmp_path, "en/2024/04/photo-release.md")


def test_other_markdown_and_the_page_file_are_refused_in_a_bundle(tmp_path: Path) -> None:
    make_bundle(tmp_path, "Text.\n", {"notes.md": b"# notes"})
    with pytest.raises(ContentError, match="notes.md: a page bundle holds one release"):
        load(tmp_path)
    (tmp_path / FOLDER / "notes.md").unlink()
    (tmp_path / FOLDER / "index.html").write_bytes(b"<p>")
    with pytest.raises(ContentError, match="index.html is the release page's own file"):
        load(tmp_path)


def test_the_stamp_changes_with_any_file_of_the_bundle(tmp_path: Path) -> None:
    index = make_bundle(tmp_path, "Text.\n", {"a.pdf": b"1"})
    base, path = str(tmp_path) + os.sep, FOLDER + "index.md"

    def stamp() -> tuple[int, int]:
        stat = index.stat()
        return bundle_stamp(base, path, stat.st_mtime_ns, stat.st_size)

    first = stamp()
    assert first == stamp()
    (tmp_path / FOLDER / "b.pdf").write_bytes(b"2")
    second = stamp()
    assert second != first
    os.utime(tmp_path / FOLDER / "a.pdf", ns=(1, 1))
    third = stamp()
    assert third != second
    (tmp_path / FOLDER / "b.pdf").unlink()
    assert stamp() not in (second, third)
    assert stamp()[0] == index.stat().st_mtime_ns
