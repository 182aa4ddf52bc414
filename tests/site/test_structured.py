"""JSON-LD is serialised so that no text of a release can leave its `<script>`, and a
translation names its Korean original (generator/site/structured.py)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from generator.config import load_settings
from generator.errors import ConfigError
from generator.site.images import site_image
from generator.site.model import ImageView, ReleaseView, TermView
from generator.site.structured import breadcrumb_data, release_data, script_json
from tests.structuredcheck import article_problems, read_page

HOSTILE = '</script><script>alert(1)</script><!-- & "quotes" \u2028 한국어'
BASE = "https://example.org/press/"


def _view(lang: str, slug: str, title: str = "Title",
          translations: tuple[ReleaseView, ...] = ()) -> ReleaseView:
    category = TermView("trade", "Trade", f"{lang}/category/trade/", "category")
    tags = (TermView("japan", "Japan", f"{lang}/tag/japan/", "tag"),
            TermView("ai", "AI </script>", f"{lang}/tag/ai/", "tag"))
    return ReleaseView(title, dt.date(2024, 4, 23), "April 23, 2024", lang, f"{lang}/2024/04/{slug}/",
                       "A summary", category, tags, translations)


def test_hostile_text_stays_inside_the_script_and_parses_back() -> None:
    data = {"headline": HOSTILE, "n": [1, 2]}
    text = str(script_json(data))
    assert "<" not in text and ">" not in text and "&" not in text
    page = read_page(f'<html><head><script type="application/ld+json">{text}</script></head>'
                     f"<body><p>after</p></body></html>")
    assert page.json_ld == [data] and page.scripts == 1


def test_a_release_is_a_news_article_and_the_korean_version_is_the_original() -> None:
    korean = _view("ko", "k", "한국어 제목")
    english = _view("en", "e", HOSTILE, (korean,))
    image = ImageView("static/og.png", 1200, 630, "Site")
    data = json.loads(str(release_data(english, BASE, "Site", image)))
    assert article_problems(data, BASE + "en/2024/04/e/", "en", "Site") == []
    assert data["headline"] == HOSTILE and data["keywords"] == ["Japan", "AI </script>"]
    assert data["articleSection"] == "Trade" and data["image"]["width"] == 1200
    assert data["translationOfWork"]["url"] == BASE + "ko/2024/04/k/" and "workTranslation" not in data
    korean_original = _view("ko", "k", "제목", (_view("en", "e"),))
    original = json.loads(str(release_data(korean_original, BASE, "사이트", None)))
    assert [t["url"] for t in original["workTranslation"]] == [BASE + "en/2024/04/e/"]
    assert "translationOfWork" not in original and "image" not in original


def test_breadcrumbs_number_their_items_from_one() -> None:
    data = json.loads(str(breadcrumb_data([("Home", "en/"), ("2024", "en/2024/")], BASE)))
    assert [(i["position"], i["item"]) for i in data["itemListElement"]] == [(1, BASE + "en/"),
                                                                           (2, BASE + "en/2024/")]


def test_the_image_setting_must_name_a_readable_image_of_the_theme(scratch_project: Path) -> None:
    config = scratch_project / "pyproject.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('image = "static/og.png"', 'image = "static/none.png"'), encoding="utf-8")
    with pytest.raises(ConfigError, match="has no file static/none.png"):
        load_settings(config)
    (scratch_project / "themes/default/static/not-an-image.png").write_text("text", encoding="utf-8")
    config.write_text(text.replace('image = "static/og.png"', 'image = "static/not-an-image.png"'),
                      encoding="utf-8")
    with pytest.raises(ConfigError, match="not a PNG, JPEG, GIF or WebP image"):
        site_image(load_settings(config), "en")
