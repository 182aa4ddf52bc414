"""Reading a built page's structured data and metadata as a search engine or a link preview
would: the JSON-LD blocks, the `<meta>` tags, and the links of the head and body."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any


@dataclass
class PageData:
    """What the head and body of one page say to machines."""

    json_ld: list[Any] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # property or name → content
    links: list[dict[str, str]] = field(default_factory=list)  # every <link>'s attributes
    anchors: list[tuple[str, str]] = field(default_factory=list)  # (href, text) of every <a>
    scripts: int = 0


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.data = PageData()
        self._script: list[str] | None = None
        self._anchor: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "script":
            self.data.scripts += 1
            self._script = [] if values.get("type") == "application/ld+json" else None
        elif tag == "meta" and "content" in values:
            self.data.meta[values.get("property") or values.get("name", "")] = values["content"]
        elif tag == "link":
            self.data.links.append(values)
        elif tag == "a" and "href" in values:
            self._anchor = (values["href"], [])

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
        if self._anchor is not None:
            self._anchor[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.data.json_ld.append(json.loads("".join(self._script)))
            self._script = None
        elif tag == "a" and self._anchor is not None:
            self.data.anchors.append((self._anchor[0], "".join(self._anchor[1]).strip()))
            self._anchor = None


def read_page(html: str) -> PageData:
    """The page's structured data (every JSON-LD block parsed), metadata and links."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.data


def links_of(page: PageData, rel: str, kind: str | None = None) -> list[str]:
    """The hrefs of the page's `<link rel=… type=…>`."""
    return [link["href"] for link in page.links
            if rel in link.get("rel", "").split() and (kind is None or link.get("type") == kind)]


ARTICLE_KEYS = ("@context", "@type", "@id", "url", "mainEntityOfPage", "headline", "inLanguage",
                "datePublished", "dateModified", "publisher", "articleSection", "keywords")


def article_problems(data: Any, url: str, lang: str, site_title: str) -> list[str]:
    """What a release page's NewsArticle lacks or gets wrong."""
    if not isinstance(data, dict) or data.get("@type") != "NewsArticle":
        return [f"not a NewsArticle: {str(data)[:80]}"]
    problems = [f"no {key}" for key in ARTICLE_KEYS if key not in data]
    if data.get("@context") != "https://schema.org":
        problems.append("@context is not https://schema.org")
    if data.get("url") != url or data.get("@id") != url or data.get("mainEntityOfPage", {}).get("@id") != url:
        problems.append(f"url, @id or mainEntityOfPage is not the page's own URL {url}")
    if data.get("inLanguage") != lang:
        problems.append(f"inLanguage {data.get('inLanguage')!r} is not {lang}")
    publisher = data.get("publisher", {})
    if publisher.get("@type") != "Organization" or publisher.get("name") != site_title:
        problems.append(f"publisher is not the Organization {site_title!r}: {publisher}")
    for key in ("datePublished", "dateModified"):
        try:
            dt.date.fromisoformat(str(data.get(key)))
        except ValueError:
            problems.append(f"{key} is not an ISO date: {data.get(key)!r}")
    if not isinstance(data.get("keywords"), list) or not isinstance(data.get("headline"), str):
        problems.append("keywords must be a list and headline a string")
    return problems
