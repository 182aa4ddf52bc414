"""`pressroom check` on a hand-made bilingual project: clean passes, each kind of fault is named
with its file and line, and `--translations` lists the releases lacking the other language."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from checkfixture import make_project, release, write_release

from generator.cli import main

Cap = pytest.CaptureFixture[str]


@pytest.fixture
def project(tmp_path: Path, repo_root: Path) -> Path:
    return make_project(tmp_path, repo_root)


def run(pyproject: Path, capsys: Cap, *extra: str) -> tuple[int, list[str]]:
    code = main(["--config", str(pyproject), "check", *extra])
    out = capsys.readouterr().out
    return code, [line for line in out.splitlines() if line]


def line_of(file: Path, prefix: str) -> int:
    return next(n for n, line in enumerate(file.read_text(encoding="utf-8").split("\n"), 1)
                if line.startswith(prefix))


def test_clean_project_passes_with_a_summary(project: Path, capsys: Cap) -> None:
    code, lines = run(project, capsys)
    assert code == 0, lines
    assert len(lines) == 1
    assert re.match(r"ok: 3 releases, 7 pages, \d+ links, 2 feeds checked; no problems", lines[0])


def test_dangling_tag_and_unknown_category(project: Path, capsys: Cap) -> None:
    file = write_release(project.parent, release("en", "steel", "k2", date=dt.date(2024, 4, 2),
                                                 tags=("japan", "shipbuilding"), category="energy"))
    code, lines = run(project, capsys)
    assert code == 1
    assert f"content/en/2024/04/steel.md:{line_of(file, 'tags:')}: tag 'shipbuilding' is not in " \
           "the vocabulary" in lines
    assert f"content/en/2024/04/steel.md:{line_of(file, 'category:')}: category 'energy' is not in " \
           "the vocabulary" in lines


def test_two_releases_of_one_language_sharing_a_key(project: Path, capsys: Cap) -> None:
    file = write_release(project.parent, release("ko", "steel", "k1", date=dt.date(2024, 4, 23)))
    code, lines = run(project, capsys)
    assert code == 1
    key_line = line_of(file, "translation_key:")
    assert any(line.startswith(f"content/ko/2024/04/steel.md:{key_line}: translation_key 'k1' is shared "
                               "with another ko release (ko/2024/04/chips.md)") for line in lines), lines
    assert any(line.startswith("content/ko/2024/04/chips.md:") for line in lines)


def test_pair_with_different_dates_is_reported_on_both_sides(project: Path,
                                                             capsys: Cap) -> None:
    file = write_release(project.parent, release("ko", "chips", "k1", date=dt.date(2024, 4, 24),
                                                 tags=("japan", "semiconductors")))
    code, lines = run(project, capsys)
    assert code == 1
    assert f"content/ko/2024/04/chips.md:{line_of(file, 'date:')}: date 2024-04-24 differs from its en " \
           "translation en/2024/04/chips.md (2024-04-23)" in lines
    assert any(line.startswith("content/en/2024/04/chips.md:3: date 2024-04-23 differs") for line in lines)
    assert len(lines) == 2


def test_pair_whose_category_or_tags_differ_is_reported_on_the_korean_side(project: Path,
                                                                            capsys: Cap) -> None:
    file = write_release(project.parent, release("ko", "chips", "k1", category="trade",
                                                 tags=("semiconductors", "japan", "semiconductors")))
    code, lines = run(project, capsys)
    assert code == 1  # tag order and repeats aside, the sets agree: only the category is told
    assert lines == [f"content/ko/2024/04/chips.md:{line_of(file, 'category:')}: category 'trade' differs "
                     "from its English version content/en/2024/04/chips.md ('industry')"]
    file = write_release(project.parent, release("ko", "chips", "k1", tags=("semiconductors", "trade-x")))
    code, lines = run(project, capsys)
    assert code == 1
    assert f"content/ko/2024/04/chips.md:{line_of(file, 'tags:')}: tags differ from its English version " \
           "content/en/2024/04/chips.md: adds trade-x; lacks japan" in lines
    assert not any(line.startswith("content/en/2024/04/chips.md") for line in lines), lines


def test_two_files_that_would_be_one_page(project: Path, capsys: Cap) -> None:
    copy = release("en", "chips", "k9")
    write_release(project.parent, copy, path="en/2024/04/chips-copy.md")
    code, lines = run(project, capsys)
    assert code == 1
    assert any(re.match(r"content/en/2024/04/chips(-copy)?\.md:\d+: slug 'chips' clashes with "
                        r"en/2024/04/chips(-copy)?\.md: both would be /en/2024/04/chips/", line)
               for line in lines), lines
    assert any(line.startswith("content/en/2024/04/chips-copy.md:") and "move the file" in line
               for line in lines)


def test_front_matter_errors_come_from_the_content_contract(project: Path,
                                                            capsys: Cap) -> None:
    file = project.parent / "content/en/2024/04/steel.md"
    file.write_text(file.read_text(encoding="utf-8").replace("date: 2024-04-02", "date: 2024-02-30"),
                    encoding="utf-8")
    code, lines = run(project, capsys)
    assert code == 1
    assert any(line.startswith("content/en/2024/04/steel.md:3: impossible date") for line in lines), lines


def test_broken_vocabulary_is_reported(project: Path, capsys: Cap) -> None:
    (project.parent / "content/vocabulary.yaml").write_text("categories: {}\ntags: {}\n", encoding="utf-8")
    code, lines = run(project, capsys)
    assert code == 1
    assert lines == ["content/vocabulary.yaml:1: categories must be a non-empty mapping"]


def edit_site(project: Path, relative: str, old: str, new: str) -> Path:
    file = project.parent / "site" / relative
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return file


def test_broken_link_and_missing_asset_name_the_tag_line(project: Path,
                                                          capsys: Cap) -> None:
    file = edit_site(project, "en/index.html", 'href="2024/04/chips/"', 'href="2024/04/chipz/"')
    edit_site(project, "ko/2024/04/chips/index.html", "/pressroom/assets/style.css",
              "/pressroom/assets/gone.css")
    code, lines = run(project, capsys)
    assert code == 1
    link_line = line_of(file, "<body") + 1
    assert f"site/en/index.html:{link_line}: broken link <a> '2024/04/chipz/' → " \
           "/pressroom/en/2024/04/chipz/: no such file in the built site" in lines
    assert any(line.startswith("site/ko/2024/04/chips/index.html:6: broken link <link> "
                               "'/pressroom/assets/gone.css'") for line in lines), lines
    assert len(lines) == 2


def test_link_that_forgets_the_base_path(project: Path, capsys: Cap) -> None:
    edit_site(project, "404.html", 'href="/pressroom/"', 'href="/en/"')
    code, lines = run(project, capsys)
    assert code == 1
    assert lines == ["site/404.html:11: broken link <a> '/en/' → /en/: "
                     "leaves the site's base path /pressroom/"]


def test_hreflang_alternates_must_point_both_ways(project: Path, capsys: Cap) -> None:
    edit_site(project, "ko/2024/04/chips/index.html", 'hreflang="en" href="http://127.0.0.1:8000/pressroom/en/2024',
              'hreflang="en" href="http://127.0.0.1:8000/pressroom/en/2024/04/steel/"><x a="')
    code, lines = run(project, capsys)
    assert code == 1
    assert any(line.startswith("site/en/2024/04/chips/index.html:9: hreflang alternate "
                               "/pressroom/ko/2024/04/chips/ does not list this page")
               for line in lines), lines
    assert any(line.startswith("site/ko/2024/04/chips/index.html:9: hreflang alternate "
                               "/pressroom/en/2024/04/steel/ does not list") for line in lines), lines


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("<pubDate>Tue, 23 Apr 2024 00:00:00 +0900</pubDate>", "<pubDate>23/04/2024</pubDate>",
         "site/en/feed.xml:12: pubDate '23/04/2024' is not an RFC 822 date"),
        ("<description>Releases</description>", "<description>Releases",
         "site/en/feed.xml:15: not well-formed XML"),
        ("/2024/04/chips/</link>", "/2024/04/gone/</link>", "site/en/feed.xml:10: broken link"),
        ("<link>http://127.0.0.1:8000/pressroom/en/2024/04/chips/</link>", "<link>2024/04/chips/</link>",
         "site/en/feed.xml:10: '2024/04/chips/' is relative: a feed's and a sitemap's links must be"),
        ("<title>Item</title>", "", "site/en/feed.xml:8: a feed item has no <title>"),
        ("feed.xml\" rel=\"self\"", "index.xml\" rel=\"self\"", "site/en/feed.xml:7: atom:link rel=self"),
    ],
)
def test_feed_problems(project: Path, capsys: Cap, old: str, new: str, expected: str) -> None:
    edit_site(project, "en/feed.xml", old, new)
    code, lines = run(project, capsys)
    assert code == 1
    assert any(line.startswith(expected) for line in lines), lines


def test_missing_site_is_a_problem(project: Path, capsys: Cap) -> None:
    code, lines = run(project, capsys, "--out", str(project.parent / "nowhere"))
    assert code == 1
    assert lines == ["nowhere: no built site here; run `pressroom build` first"]


def test_base_url_option_matches_a_site_built_for_another_path(project: Path,
                                                                capsys: Cap) -> None:
    code, lines = run(project, capsys, "--base-url", "https://example.github.io/other/")
    assert code == 1
    assert any("leaves the site's base path /other/" in line for line in lines)


def test_translations_lists_releases_lacking_the_other_language(project: Path,
                                                               capsys: Cap) -> None:
    edit_site(project, "en/index.html", 'href="2024/04/chips/"', 'href="broken/"')
    code = main(["--config", str(project), "check", "--translations"])
    captured = capsys.readouterr()
    assert code == 0
    assert captured.out.splitlines() == [
        "pair\tcontent/en/2024/04/chips.md\tcontent/ko/2024/04/chips.md",
        "unpaired\tcontent/en/2024/04/steel.md\t2024-04-02\ten steel"]
    assert ("1 pairs, 0 proposal(s) left for a person, without a counterpart: 1 English, 0 Korean "
            "(1 of 3 releases lack a translation)") in captured.err


def test_link_to_a_missing_fragment(project: Path, capsys: Cap) -> None:
    edit_site(project, "ko/2024/04/chips/index.html", 'href="/pressroom/en/2024/04/chips/"',
              'href="/pressroom/en/2024/04/chips/#nowhere"')
    code, lines = run(project, capsys)
    assert code == 1
    assert lines == ["site/ko/2024/04/chips/index.html:13: broken link: en/2024/04/chips/index.html has "
                     "no element with id 'nowhere'"]


# --- The demo archive: passes as built; a scratch copy with three faults fails with FILE:LINE ----

def test_demo_archive_passes(scratch_project: Path, capsys: Cap) -> None:
    from generator.config import load_settings
    from generator.site.build import build_site

    settings = load_settings(scratch_project / "pyproject.toml")
    build_site(settings.with_base_url("https://example.github.io/pressroom/"))
    code, lines = run(scratch_project / "pyproject.toml", capsys)
    assert code == 0, lines
    assert lines[0].startswith("ok: ") and "no problems" in lines[0]


def test_demo_archive_with_a_broken_pair_a_dangling_tag_and_a_broken_link(scratch_project: Path,
                                                                          capsys: Cap) -> None:
    from generator.config import load_settings
    from generator.site.build import build_site

    settings = load_settings(scratch_project / "pyproject.toml")
    build_site(settings)
    content = scratch_project / "content"
    english = sorted((content / "en").rglob("*.md"))
    # A broken pair: a second English release claims the first one's translation_key.
    first, second, third = english[0], english[1], english[2]
    key = next(line for line in first.read_text(encoding="utf-8").split("\n")
               if line.startswith("translation_key:"))
    text = second.read_text(encoding="utf-8").split("\n")
    key_line = next(n for n, line in enumerate(text, 1) if line.startswith("translation_key:"))
    text[key_line - 1] = key
    second.write_text("\n".join(text), encoding="utf-8")
    # A dangling tag.
    text = third.read_text(encoding="utf-8").split("\n")
    tags_line = next(n for n, line in enumerate(text, 1) if line.startswith("tags:"))
    text[tags_line - 1] = "tags: [no-such-tag]"
    third.write_text("\n".join(text), encoding="utf-8")
    # A broken link in the built site.
    page = scratch_project / "site/en/index.html"
    html = page.read_text(encoding="utf-8").split("\n")
    link_line = next(n for n, line in enumerate(html, 1) if 'href="../en/categories/"' in line)
    html[link_line - 1] = html[link_line - 1].replace("../en/categories/", "../en/categoriez/")
    page.write_text("\n".join(html), encoding="utf-8")

    code, lines = run(scratch_project / "pyproject.toml", capsys)
    assert code == 1
    shown = lambda file: file.relative_to(scratch_project).as_posix()  # noqa: E731
    assert any(line.startswith(f"{shown(second)}:{key_line}: translation_key ") for line in lines), lines
    assert f"{shown(third)}:{tags_line}: tag 'no-such-tag' is not in the vocabulary" in lines
    assert any(line.startswith(f"site/en/index.html:{link_line}: broken link <a> '../en/categoriez/'")
               for line in lines), lines


def test_large_sites_are_read_by_two_processes_with_the_same_result(project: Path, capsys: Cap) -> None:
    from generator.site.parallel import PARALLEL_THRESHOLD

    site = project.parent / "site"
    for number in range(PARALLEL_THRESHOLD + 10):
        target = "/pressroom/en/" if number % 97 else f"/pressroom/en/missing-{number}/"
        folder = site / "en" / "extra" / f"{number:04d}"
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(f'<!doctype html>\n<p><a href="{target}">home</a></p>\n',
                                           encoding="utf-8")
    code, lines = run(project, capsys)
    assert code == 1
    assert lines == [f"site/en/extra/{n:04d}/index.html:2: broken link <a> '/pressroom/en/missing-{n}/' → "
                     f"/pressroom/en/missing-{n}/: no such file in the built site" for n in range(0, 410, 97)]


def test_the_golden_fixture_site_passes_with_its_pagination(tmp_path: Path, capsys: Cap) -> None:
    from generator.site.build import build_site
    from tests.golden.regenerate import fixture_settings

    settings = fixture_settings(tmp_path / "project")
    build_site(settings, tmp_path / "out")
    assert (tmp_path / "out/en/page/2/index.html").is_file()
    code = main(["--config", str(settings.root / "pyproject.toml"), "check", "--out", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert code == 0, out


def test_alternates_with_hangul_paths_match_however_encoded(project: Path, capsys: Cap) -> None:
    from urllib.parse import quote

    from checkfixture import page

    site = project.parent / "site"
    one, two = "ko/2024/04/반도체/", "en/2024/04/chips-two/"
    for path, lang, other in ((one, "ko", two), (two, "en", one)):
        (site / path).mkdir(parents=True)
        (site / path / "index.html").write_text(
            page(lang, quote(path), {lang: quote(path), "x": quote(other)}, ""), encoding="utf-8")
    code, lines = run(project, capsys)
    assert code == 0, lines
    edit_site(project, two + "index.html", f'hreflang="x" href="http://127.0.0.1:8000/pressroom/{quote(one)}"',
              'hreflang="x" href="http://127.0.0.1:8000/pressroom/en/"')
    code, lines = run(project, capsys)
    assert any(line.startswith("site/ko/2024/04/반도체/index.html:") and "does not list this page" in line
               for line in lines), lines


def test_index_links_are_checked_only_when_the_site_has_its_index(project: Path, capsys: Cap) -> None:
    """After `build --no-search` there is no search-index/ folder: a search page's links into it
    (any theme's) are not reported. Once the site has its index, they are checked like any link."""
    edit_site(project, "en/index.html", '<a href="#top">top</a>',
              '<a href="#top">top</a><script src="../search-index/missing.js"></script>')
    code, lines = run(project, capsys)
    assert code == 0, lines
    bundle = project.parent / "site" / "search-index"
    bundle.mkdir()
    (bundle / "tables.json").write_text("{}", encoding="utf-8")
    code, lines = run(project, capsys)
    assert code == 1
    assert any("broken link <script> '../search-index/missing.js' → /pressroom/search-index/missing.js"
               in line for line in lines), lines


def test_a_string_table_the_build_would_refuse_is_a_problem(project: Path, capsys: Cap,
                                                           repo_root: Path) -> None:
    """check passed a site whose theme table lacked a key, which only the next build refused."""
    shutil.copytree(repo_root / "themes" / "default", project.parent / "themes" / "default")
    code, lines = run(project, capsys)
    assert code == 0, lines  # the theme as it is
    table = project.parent / "themes" / "default" / "strings" / "ko.yaml"
    table.write_text("\n".join(line for line in table.read_text(encoding="utf-8").splitlines()
                               if not line.startswith("attachments:")) + "\n", encoding="utf-8")
    code, lines = run(project, capsys)
    assert code == 1
    assert any("ko.yaml" in line and "'attachments'" in line for line in lines), lines


def add_japanese(project: Path) -> None:
    """`ja` among the languages, with its title and description, but no labels and no table."""
    text = project.read_text(encoding="utf-8").replace('languages = ["en", "ko"]',
                                                       'languages = ["en", "ko", "ja"]')
    text = re.sub(r'(?m)^(\[tool\.pressroom\.(title|description)\]\n)', r'\1ja = "日本語"\n', text)
    project.write_text(text, encoding="utf-8")


def test_a_new_language_has_every_gap_named_at_once(project: Path, capsys: Cap, repo_root: Path) -> None:
    """check named only the first term without a label (the build names them all), and neither
    named the other of a category and a tag of one id at its own line."""
    shutil.copytree(repo_root / "themes" / "default", project.parent / "themes" / "default")
    vocabulary = project.parent / "content" / "vocabulary.yaml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8") + "  trade:\n    en: Trade\n    ko: 통상\n",
                          encoding="utf-8")
    add_japanese(project)
    write_release(project.parent, release("en", "steel", "k2", date=dt.date(2024, 4, 2), category="trade",
                                          tags=("shipbuilding",)))
    code, lines = run(project, capsys)
    assert code == 1
    text = vocabulary.read_text(encoding="utf-8").split("\n")
    tags = text.index("tags:")
    at = {f"{kind} {term}": next(n for n, line in enumerate(text, 1)
                                 if line == f"  {term}:" and (n > tags) == (kind == "tag"))
          for kind, term in (("category", "industry"), ("category", "trade"), ("tag", "japan"),
                             ("tag", "semiconductors"), ("tag", "trade"))}
    assert at["tag trade"] > at["category trade"]
    labels = [f"content/vocabulary.yaml:{line}: {kind} '{term}' has no ja label"
              for kind_term, line in at.items() for kind, term in [kind_term.split()]]
    assert lines[:len(labels)] == labels
    # the table the build would ask for once the labels are there, named beside them
    assert any(line.startswith("strings/ja.yaml: no string table for language(s) 'ja'") for line in lines)
    # a vocabulary lacking only labels still knows its ids: releases' ids are checked
    assert any(line.startswith("content/en/2024/04/steel.md:")
               and "tag 'shipbuilding' is not in the vocabulary" in line for line in lines), lines


def test_a_site_older_than_its_content_is_checked_with_a_warning(project: Path, tmp_path: Path,
                                                                   repo_root: Path, capsys: Cap) -> None:
    """Found by an outside audit: after a failed build, check passed the site the failed build
    left (the one before) without a word, as if it were what a build would publish now."""
    shutil.copytree(repo_root / "themes", project.parent / "themes")
    out = tmp_path / "built"
    assert main(["--config", str(project), "build", "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["--config", str(project), "check", "--out", str(out)]) == 0
    assert "warning" not in capsys.readouterr().err
    source = project.parent / "content" / "en" / "2024" / "04"
    chips = next(source.glob("*.md"))
    chips.write_text(chips.read_text(encoding="utf-8").replace("title: ", "title: Edited ", 1),
                     encoding="utf-8")
    assert main(["--config", str(project), "check", "--out", str(out)]) == 0  # the old site is still sound
    err = capsys.readouterr().err
    assert "is the last finished build, but content, theme or settings changed since" in err
