"""Hand-written releases on the built site: a table and a footnote render, `updated` and `contact`
show in both languages and both themes, `extra` reaches templates untouched, drafts are built by
`build --drafts` (and serve) only, and `pressroom new` writes a file that checks and builds.
Through the command line (generator.cli.main), on a copy of the demo project."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.config import load_settings
from generator.site.build import build_site
from tests.buildfixture import assert_same_tree

FRONT = """---
title: {title}
date: 2024-04-29
lang: {lang}
category: trade
tags: [semiconductors]
slug: chip-exports-by-hand
translation_key: chip-exports-by-hand
summary: {title}
updated: 2024-05-06
contact:
  department: {department}
  person: Kim Min-ji
  phone: '+82-44-203-5114'
  email: trade@example.go.kr
extra:
  budget: {budget}
---

## {heading}

| Item | 2023 | 2024 |
|---|---:|---:|
| Chips | 98.6 | 141.9 |

Exports rose{note}[^1].

[^1]: MOTIE, preliminary.
"""
RELEASES = {
    "en": dict(title="Chip exports by hand", department="Trade Policy Division", budget="1.2 trillion won",
               heading="Figures", note=""),
    "ko": dict(title="손으로 쓴 반도체 수출", department="통상정책과", budget="1조 2천억 원", heading="수치",
               note=" 크게"),
}
OVERRIDE = """{% extends "theme/release.html" %}
{% block release_footer %}{% if "budget" in page.release.extra %}
<p class="budget">{{ page.release.extra.budget }}</p>{% endif %}{{ super() }}{% endblock %}
"""


def write_hand_written(project: Path, draft: bool = False) -> None:
    for lang, values in RELEASES.items():
        folder = project / "content" / lang / "2024" / "04"
        folder.mkdir(parents=True, exist_ok=True)
        text = FRONT.format(lang=lang, **values)
        if draft and lang == "ko":
            text = text.replace("updated:", "draft: true\nupdated:")
        (folder / "chip-exports-by-hand.md").write_text(text, encoding="utf-8")


def set_theme(project: Path, theme: str) -> Path:
    config = project / "pyproject.toml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r'(?m)^theme = .*$', f'theme = "{theme}"', text)
    if f'theme = "{theme}"' not in text:
        text = text.replace("[tool.pressroom]\n", f'[tool.pressroom]\ntheme = "{theme}"\n')
    config.write_text(text, encoding="utf-8")
    return config


@pytest.mark.parametrize("theme", ["default", "minimal"])
def test_a_hand_written_pair_renders_table_footnote_updated_contact_and_extra(scratch_project: Path,
                                                                              theme: str) -> None:
    write_hand_written(scratch_project)
    (scratch_project / "templates").mkdir()
    (scratch_project / "templates" / "release.html").write_text(OVERRIDE, encoding="utf-8")
    config = set_theme(scratch_project, theme)
    assert main(["--config", str(config), "build", "--no-search"]) == 0
    labels = {"en": ("Updated", "May 6, 2024", "Contact", "Department", "Phone"),
              "ko": ("수정", "2024년 5월 6일", "문의", "담당 부서", "전화")}
    for lang, values in RELEASES.items():
        page = scratch_project / "site" / lang / "2024/04/chip-exports-by-hand/index.html"
        html = page.read_text("utf-8")
        assert '<td style="text-align: right;">141.9</td>' in html
        assert '<a class="footnote-ref" href="#fn:1">1</a>' in html and '<li id="fn:1">' in html
        assert f'<h2 id="{values["heading"].lower()}">' in html
        assert '<time datetime="2024-05-06">' in html
        for label in labels[lang]:
            assert label in html, (lang, label)
        assert values["department"] in html and '<a href="mailto:trade@example.go.kr">' in html
        assert f'<p class="budget">{values["budget"]}</p>' in html
    assert main(["--config", str(config), "check", "--out", str(scratch_project / "site")]) == 0


def test_drafts_are_built_only_when_asked(scratch_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_hand_written(scratch_project, draft=True)
    config = str(scratch_project / "pyproject.toml")
    site = scratch_project / "site"
    page = site / "ko/2024/04/chip-exports-by-hand/index.html"
    assert main(["--config", config, "build", "--no-search"]) == 0
    assert not page.exists()
    assert (site / "en/2024/04/chip-exports-by-hand/index.html").is_file()  # its translation is not a draft
    for file in ("ko/feed.xml", "sitemap.xml", "ko/index.html", "ko/2024/04/index.html",
                 "ko/tag/semiconductors/index.html", "en/2024/04/chip-exports-by-hand/index.html"):
        assert "ko/2024/04/chip-exports-by-hand" not in (site / file).read_text(encoding="utf-8"), file
    assert main(["--config", config, "check"]) == 0
    assert "(1 drafts, not built)" in capsys.readouterr().out

    assert main(["--config", config, "build", "--no-search", "--drafts"]) == 0
    assert page.is_file()
    assert "ko/2024/04/chip-exports-by-hand" in (site / "ko/feed.xml").read_text(encoding="utf-8")
    assert main(["--config", config, "check"]) == 1  # a draft about to be published
    assert "is a draft, but its page is in site/ko/2024/04/chip-exports-by-hand/" in capsys.readouterr().out


def test_incremental_builds_follow_drafts_and_allow_html(scratch_project: Path, tmp_path: Path) -> None:
    """Publishing a draft, or allowing HTML, then an incremental build: the bytes of a cold build."""
    write_hand_written(scratch_project, draft=True)
    path = scratch_project / "content/en/2024/04/chip-exports-by-hand.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Exports rose", "Exports <b>rose</b>"), "utf-8")
    config = scratch_project / "pyproject.toml"
    out = tmp_path / "out"
    build_site(load_settings(config), out, search=False)
    ko = scratch_project / "content/ko/2024/04/chip-exports-by-hand.md"
    ko.write_text(ko.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("[tool.pressroom]\n", "[tool.pressroom]\nallow_html = true\n"), "utf-8")
    settings = load_settings(config)
    build_site(settings, out, search=False)
    build_site(settings, tmp_path / "cold", search=False, cache=False)
    assert_same_tree(tmp_path / "cold", out)
    assert "Exports <b>rose</b>" in (out / "en/2024/04/chip-exports-by-hand/index.html").read_text("utf-8")
    assert (out / "ko/2024/04/chip-exports-by-hand/index.html").is_file()
    # then, with the same settings (a trusted state: a partial build), what only the release
    # view's digest carries: a contact, `updated`
    path.write_text(path.read_text(encoding="utf-8").replace("Kim Min-ji", "Lee Ji-ho")
                    .replace("updated: 2024-05-06", "updated: 2024-05-07"), encoding="utf-8")
    assert 0 < build_site(settings, out, search=False).rendered < 40
    shutil.rmtree(tmp_path / "cold")
    build_site(settings, tmp_path / "cold", search=False, cache=False)
    assert_same_tree(tmp_path / "cold", out)
    assert "Lee Ji-ho" in (out / "en/2024/04/chip-exports-by-hand/index.html").read_text("utf-8")


def test_new_writes_a_release_that_checks_and_builds(scratch_project: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    config = str(scratch_project / "pyproject.toml")
    args = ["--config", config, "new", "--lang", "ko", "반도체 수출 동향", "--category", "trade",
            "--tags", "japan,semiconductors"]
    assert main(args) == 0
    printed = Path(capsys.readouterr().out.strip())
    settings = load_settings(Path(config))
    written = printed if printed.is_absolute() else Path.cwd() / printed
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=9))).date()  # the settings' Asia/Seoul
    assert written == settings.content_path / f"ko/{today:%Y/%m}/반도체-수출-동향.md"
    text = written.read_text(encoding="utf-8")
    assert f"date: {today.isoformat()}\n" in text and "source:" not in text
    assert main(args) == 1  # never overwritten
    assert "already exists" in capsys.readouterr().err
    assert written.read_text(encoding="utf-8") == text
    assert main(["--config", config, "build", "--no-search"]) == 0
    assert (settings.output_path / f"ko/{today:%Y/%m}/반도체-수출-동향/index.html").is_file()
    assert main(["--config", config, "check"]) == 0
    shutil.rmtree(settings.output_path)


def test_the_new_views_serialise_for_page_signatures() -> None:
    """A page's signature is made by model.serialise: the new values must go through it, and
    differ when what a template could show differs."""
    from generator.content.editorial import ExtraMap
    from generator.site.model import ContactView, serialise

    one = serialise((ContactView(person="Kim"), ExtraMap({"budget": 1, "when": dt.date(2024, 5, 6)})))
    assert one == serialise((ContactView(person="Kim"), ExtraMap({"when": dt.date(2024, 5, 6), "budget": 1})))
    assert one != serialise((ContactView(person="Lee"), ExtraMap({"budget": 1, "when": dt.date(2024, 5, 6)})))
    assert one != serialise((ContactView(person="Kim"), ExtraMap({"budget": 2, "when": dt.date(2024, 5, 6)})))


def test_updated_is_the_modified_date_everywhere(scratch_project: Path) -> None:
    """The sitemap's lastmod, JSON-LD dateModified, the JSON Feed's date_modified, the dataset."""
    write_hand_written(scratch_project)
    settings = load_settings(scratch_project / "pyproject.toml")
    build_site(settings, search=False)
    site = settings.output_path
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    entry = sitemap[sitemap.index("en/2024/04/chip-exports-by-hand/"):]
    assert entry[:entry.index("</url>")].count("<lastmod>2024-05-06</lastmod>") == 1
    page = (site / "en/2024/04/chip-exports-by-hand/index.html").read_text(encoding="utf-8")
    script = page[page.index('<script type="application/ld+json">'):]
    data = json.loads(script[script.index(">") + 1:script.index("</script>")])
    assert (data["datePublished"], data["dateModified"]) == ("2024-04-29", "2024-05-06")
    feed = json.loads((site / "en/feed.json").read_text(encoding="utf-8"))
    item = next(i for i in feed["items"] if i["url"].endswith("/en/2024/04/chip-exports-by-hand/"))
    assert item["date_modified"].startswith("2024-05-06")
    rows = list(csv.DictReader(io.StringIO((site / "data/releases.csv").read_text(encoding="utf-8"))))
    assert {r["lang"]: r["updated"] for r in rows if r["translation_key"] == "chip-exports-by-hand"} == {
        "en": "2024-05-06", "ko": "2024-05-06"}
    assert all(r["updated"] == "" for r in rows if r["translation_key"] != "chip-exports-by-hand")


def test_new_makes_slugs_as_the_importer_does_in_every_language(scratch_project: Path) -> None:
    """`new --lang ja` kept only the ASCII of a Japanese title (`21`, or `release`): it made
    Korean slugs for every language but English."""
    from generator.content.scaffold import new_release
    from generator.importing.slugs import slug_for

    loaded = load_settings(scratch_project / "pyproject.toml")
    settings = dataclasses.replace(loaded, languages=("en", "ko", "ja"))
    day = dt.date(2024, 4, 23)
    titles = (("ja", "第21回日韓鉄鋼対話を開催"), ("ja", "日本語のみの報道資料"), ("ko", "반도체 수출 동향"),
              ("en", "Chip exports rise"))
    for lang, title in titles:
        written = new_release(settings, lang, title, today=day)
        assert written.name == f"{slug_for(title, lang)}.md"
    assert (settings.content_path / "ja/2024/04/第21回日韓鉄鋼対話を開催.md").is_file()
