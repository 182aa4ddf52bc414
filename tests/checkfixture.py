"""A small bilingual project, content and a hand-written built site, for `pressroom check` tests.

Hand-written so the checker is tested against known-good and known-bad input independently of
the build; tests/test_check.py also runs it on the real demo archive and its real build.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.content.frontmatter import format_release
from generator.content.release import Release, content_path_for

BASE = "http://127.0.0.1:8000/pressroom/"

VOCABULARY = """\
categories:
  industry:
    en: Industry
    ko: 산업
  trade:
    en: Trade
    ko: 통상
tags:
  japan:
    en: Japan
    ko: 일본
  semiconductors:
    en: Semiconductors
    ko: 반도체
"""


def release(lang: str, slug: str, key: str, date: dt.date = dt.date(2024, 4, 23),
            tags: tuple[str, ...] = ("japan",), category: str = "industry", title: str = "") -> Release:
    return Release(
        path=content_path_for(lang, date, slug), lang=lang, title=title or f"{lang} {slug}", date=date,
        category=category, tags=tags, slug=slug, translation_key=key, summary="Summary.",
        body="Body text.", body_line=1,
    )


def write_release(root: Path, item: Release, path: str | None = None) -> Path:
    file = root / "content" / (path or item.path)
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(format_release(item), encoding="utf-8")
    return file


def page(lang: str, self_path: str, other: dict[str, str], body: str) -> str:
    alternates = "".join(
        f'  <link rel="alternate" hreflang="{code}" href="{BASE}{path}">\n' for code, path in other.items()
    )
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n<title>t</title>\n'
        f'  <link rel="stylesheet" href="/pressroom/assets/style.css">\n'
        f'  <link rel="canonical" href="{BASE}{self_path}">\n{alternates}'
        f'  <link rel="alternate" type="application/rss+xml" href="/pressroom/{lang}/feed.xml">\n'
        f'</head>\n<body id="top">\n{body}\n</body>\n</html>\n'
    )


def feed(lang: str, slug: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>Feed</title>
<link>{BASE}{lang}/</link>
<description>Releases</description>
<atom:link href="{BASE}{lang}/feed.xml" rel="self" type="application/rss+xml"/>
<item>
<title>Item</title>
<link>{BASE}{lang}/2024/04/{slug}/</link>
<guid isPermaLink="true">{BASE}{lang}/2024/04/{slug}/</guid>
<pubDate>Tue, 23 Apr 2024 00:00:00 +0900</pubDate>
<description>Summary.</description>
</item>
</channel>
</rss>
"""


def make_project(root: Path, repo: Path) -> Path:
    """Write the project; returns its pyproject.toml."""
    settings = (repo / "pyproject.toml").read_text(encoding="utf-8")
    settings = settings.replace('base_url = "http://127.0.0.1:8000/"', f'base_url = "{BASE}"')
    (root / "pyproject.toml").write_text(settings, encoding="utf-8")
    (root / "content").mkdir()
    (root / "content" / "vocabulary.yaml").write_text(VOCABULARY, encoding="utf-8")
    write_release(root, release("en", "chips", "k1", tags=("japan", "semiconductors")))
    write_release(root, release("ko", "chips", "k1", tags=("japan", "semiconductors")))
    write_release(root, release("en", "steel", "k2", date=dt.date(2024, 4, 2), category="trade"))
    site = root / "site"
    pairs = {"en": "ko", "ko": "en"}
    files = {
        "index.html": page("en", "", {"en": "en/", "ko": "ko/", "x-default": ""},
                           '<a href="en/">English</a> <a href="ko/">한국어</a>'),
        "404.html": page("en", "404.html", {}, '<a href="/pressroom/">home</a>'),
        "assets/style.css": "body{}",
        "en/2024/04/steel/index.html": page("en", "en/2024/04/steel/", {}, '<a href="../../../">up</a>'),
        "sitemap.xml": f'<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                       f"\n<url><loc>{BASE}en/</loc></url>\n</urlset>\n",
    }
    for lang, other in pairs.items():
        files[f"{lang}/index.html"] = page(
            lang, f"{lang}/", {lang: f"{lang}/", other: f"{other}/", "x-default": ""},
            '<a href="2024/04/chips/">chips</a> <img src="../assets/style.css" alt="">'
            '<a href="#top">top</a> <a href="mailto:press@example.org">mail</a> <a href="https://example.org/x">x</a>',
        )
        files[f"{lang}/2024/04/chips/index.html"] = page(
            lang, f"{lang}/2024/04/chips/",
            {lang: f"{lang}/2024/04/chips/", other: f"{other}/2024/04/chips/"},
            f'<a href="/pressroom/{other}/2024/04/chips/">other</a> <a href="../../../">home</a>',
        )
        files[f"{lang}/feed.xml"] = feed(lang, "chips")
    for relative, text in files.items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(text, encoding="utf-8")
    return root / "pyproject.toml"
