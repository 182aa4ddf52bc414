"""Page bundles and the static folder on the built site: files published beside the page, images
sized, attachments listed and enclosed in feeds, clashes refused, and incremental builds equal
to cold builds when a bundle's files come and go."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import feedparser
import pytest
from PIL import Image

from generator.config import Settings
from generator.errors import PressroomError
from generator.site.build import build_site
from tests.buildfixture import assert_same_tree
from tests.golden.regenerate import fixture_settings

BUNDLE = "en/2024/03/korea-us-hydrogen-cooperation/"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return fixture_settings(tmp_path / "site")


def test_bundle_files_are_published_beside_the_page(settings: Settings, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(settings, out, search=False)
    source = settings.content_path / BUNDLE
    for name in ("chart.png", "fact-sheet.pdf", "data/figures.csv"):
        assert (out / BUNDLE / name).read_bytes() == (source / name).read_bytes()
    assert not (out / BUNDLE / "index.md").exists()
    page = (out / BUNDLE / "index.html").read_text(encoding="utf-8")
    img = re.search(r"<img [^>]*>", page)
    assert img is not None
    for part in ('src="chart.png"', 'width="64"', 'height="40"', 'loading="lazy"'):
        assert part in img.group()
    # the PDF is not named in the body: an attachment, with its type and size; the CSV is linked
    section = page[page.index('class="attachments"'):]
    section = section[:section.index("</section>")]
    assert "fact-sheet.pdf" in section and "application/pdf" in section and "785 bytes" in section
    assert "figures.csv" not in section
    assert (out / "humans.txt").read_bytes() == (settings.static_path / "humans.txt").read_bytes()


def test_the_first_attachment_is_the_feed_items_enclosure(settings: Settings, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(settings, out, search=False)
    feed = feedparser.parse((out / "en/feed.xml").read_bytes())
    assert not feed.bozo
    item = next(entry for entry in feed.entries if entry.link.endswith(BUNDLE))
    enclosure = item.enclosures[0]
    assert enclosure.href == settings.base_url + BUNDLE + "fact-sheet.pdf"
    assert enclosure.type == "application/pdf" and int(enclosure.length) == 785
    others = [entry for entry in feed.entries if entry is not item]
    assert others and not any(entry.get("enclosures") for entry in others)


def test_the_korean_page_lists_attachments_in_korean(settings: Settings, tmp_path: Path) -> None:
    folder = settings.content_path / "ko/2024/03/korea-us-hydrogen-cooperation"
    folder.mkdir()
    (folder.parent / "korea-us-hydrogen-cooperation.md").rename(folder / "index.md")
    (folder / "brief.hwp").write_bytes(b"x" * 3000)
    out = tmp_path / "out"
    build_site(settings, out, search=False)
    page = (out / "ko/2024/03/korea-us-hydrogen-cooperation/index.html").read_text(encoding="utf-8")
    assert "첨부 파일" in page and "brief.hwp" in page and "application/x-hwp" in page and "2.9KB" in page


def test_a_missing_referenced_file_fails_the_build_with_its_line(settings: Settings, tmp_path: Path) -> None:
    (settings.content_path / BUNDLE / "chart.png").unlink()
    with pytest.raises(PressroomError) as error:
        build_site(settings, tmp_path / "out", search=False)
    index = settings.content_path / BUNDLE / "index.md"
    lines = index.read_text(encoding="utf-8").split("\n")
    line = next(number for number, text in enumerate(lines, 1) if "](chart.png" in text)
    assert str(error.value).startswith(f"{BUNDLE}index.md:{line}: 'chart.png' is not a file of this bundle")


def test_a_static_file_may_not_take_a_generated_path(settings: Settings, tmp_path: Path) -> None:
    (settings.static_path / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    with pytest.raises(PressroomError, match=r"static/sitemap\.xml: the build makes /sitemap\.xml itself"):
        build_site(settings, tmp_path / "out", search=False)
    (settings.static_path / "sitemap.xml").unlink()
    (settings.static_path / "en/2024/03/korea-us-hydrogen-cooperation").mkdir(parents=True)
    (settings.static_path / "en/2024/03/korea-us-hydrogen-cooperation/chart.png").write_bytes(b"x")
    with pytest.raises(PressroomError, match=f"the build makes /{BUNDLE}chart.png"):
        build_site(settings, tmp_path / "out", search=False)


def _png(width: int, height: int) -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (width, height), (200, 10, 10)).save(data, format="PNG")
    return data.getvalue()


def _cold(settings: Settings, tmp_path: Path, name: str) -> Path:
    out = tmp_path / name
    shutil.rmtree(out, ignore_errors=True)
    build_site(settings, out, search=False, cache=False)
    return out


def test_incremental_builds_equal_cold_builds_as_bundle_files_change(settings: Settings,
                                                                     tmp_path: Path) -> None:
    site = tmp_path / "out"
    build_site(settings, site, search=False)
    folder = settings.content_path / BUNDLE
    steps = [
        lambda: (folder / "annex.pdf").write_bytes(b"%PDF-1.4\nannex\n"),  # a new attachment
        lambda: (folder / "chart.png").write_bytes(_png(120, 30)),  # the image resized
        lambda: (folder / "fact-sheet.pdf").unlink(),  # an attachment removed
        lambda: (folder / "data/figures.csv").write_bytes(b"year,tonnes\n2025,200\n"),  # a linked file edited
    ]
    for number, step in enumerate(steps):
        step()
        build_site(settings, site, search=False)
        assert_same_tree(_cold(settings, tmp_path, f"cold{number}"), site)
    page = (site / BUNDLE / "index.html").read_text(encoding="utf-8")
    assert 'width="120"' in page and 'height="30"' in page and "annex.pdf" in page
    assert not (site / BUNDLE / "fact-sheet.pdf").exists()


def test_a_watchers_changed_bundle_file_rebuilds_its_release(settings: Settings, tmp_path: Path) -> None:
    """serve's builds name the changed files: a file of a bundle stands for its release."""
    site = tmp_path / "out"
    build_site(settings, site, search=False)
    folder = settings.content_path / BUNDLE
    (folder / "annex.pdf").write_bytes(b"%PDF-1.4\nannex\n")
    build_site(settings, site, search=False, changed={folder / "annex.pdf"})
    assert (site / BUNDLE / "annex.pdf").is_file()
    assert "annex.pdf" in (site / BUNDLE / "index.html").read_text(encoding="utf-8")
    assert_same_tree(_cold(settings, tmp_path, "cold"), site)


def test_the_build_record_covers_bundle_files(settings: Settings, tmp_path: Path) -> None:
    """deploy refuses a site whose inputs changed since the build: a bundle's photo is one."""
    from generator.incremental.fingerprint import input_fingerprint, last_build

    build_site(settings, tmp_path / "out", search=False)
    record = last_build(settings)
    assert record is not None and record["fingerprint"] == input_fingerprint(settings)
    (settings.content_path / BUNDLE / "fact-sheet.pdf").write_bytes(b"%PDF-1.4\nchanged\n")
    assert record["fingerprint"] != input_fingerprint(settings)


def test_a_release_made_a_bundle_between_builds_equals_a_cold_build(settings: Settings,
                                                                    tmp_path: Path) -> None:
    site = tmp_path / "out"
    build_site(settings, site, search=False)
    single = settings.content_path / "en/2024/04/ai-standards-plenary-seoul.md"
    folder = single.with_suffix("")
    folder.mkdir()
    single.rename(folder / "index.md")
    (folder / "programme.pdf").write_bytes(b"%PDF-1.4\nprogramme\n")
    build_site(settings, site, search=False)
    assert (site / "en/2024/04/ai-standards-plenary-seoul/programme.pdf").is_file()
    assert_same_tree(_cold(settings, tmp_path, "cold"), site)
    shutil.rmtree(folder)  # and gone again: its page and its file go with it
    build_site(settings, site, search=False)
    assert not (site / "en/2024/04/ai-standards-plenary-seoul").exists()
    assert_same_tree(_cold(settings, tmp_path, "cold2"), site)


def test_check_reports_a_missing_bundle_file(settings: Settings) -> None:
    from generator.check.checker import check_content

    (settings.content_path / BUNDLE / "data/figures.csv").unlink()
    problems = [str(problem) for problem in check_content(settings).problems]
    wanted = "'data/figures.csv' is not a file of this bundle"
    assert any("index.md:" in p and wanted in p for p in problems), problems
